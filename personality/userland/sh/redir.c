/*
 * redir.c - redirections (XCU 2.7): opening files, duplicating and closing descriptors, and
 * here-documents fed through a pipe.
 *
 * For builtins, functions and compound commands the shell must get its descriptors back, so
 * every descriptor a redirection replaces is first copied above 10 (close-on-exec) and the
 * copy recorded in a save list; redir_undo walks it in reverse.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The lowest descriptor the shell uses for itself; users own 0-9. */
#define SH_FD_BASE 10
/* Bodies up to this size go into the pipe directly; a child writes bigger ones. */
#define HEREDOC_DIRECT_MAX 4096

struct redir_save {
    struct redir_save *next;
    int fd;    /* the descriptor that was replaced */
    int saved; /* its copy, or -1 if it was closed */
};

int fd_move_high(int fd)
{
    int high = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_BASE);

    if (high < 0)
        return fd;
    close(fd);
    return high;
}

static void save_fd(struct redir_save **save, int fd)
{
    struct redir_save *s;

    for (s = *save; s; s = s->next)
        if (s->fd == fd)
            return;
    s = xmalloc(sizeof(*s));
    s->fd = fd;
    s->saved = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_BASE);
    s->next = *save;
    *save = s;
}

void redir_undo(struct redir_save *save)
{
    while (save) {
        struct redir_save *next = save->next;
        if (save->saved >= 0) {
            dup2(save->saved, save->fd);
            close(save->saved);
        } else {
            close(save->fd);
        }
        free(save);
        save = next;
    }
}

static const char *open_error(int err, int creating)
{
    if (err == ENOENT)
        return creating ? "Directory nonexistent" : "No such file";
    return strerror(err);
}

static int open_target(struct redir *r, const char *path)
{
    int flags;

    switch (r->type) {
    case R_IN:
        flags = O_RDONLY;
        break;
    case R_RDWR:
        flags = O_RDWR | O_CREAT;
        break;
    case R_APPEND:
        flags = O_WRONLY | O_CREAT | O_APPEND;
        break;
    default:
        flags = O_WRONLY | O_CREAT | O_TRUNC;
        if (r->type == R_OUT && sh_opts[OPT_NOCLOBBER]) {
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                sh_warn("cannot create %s: File exists", path);
                return -1;
            }
        }
    }
    int fd = open(path, flags | O_CLOEXEC, 0666);
    if (fd < 0)
        sh_warn("cannot %s %s: %s", r->type == R_IN ? "open" : "create", path,
                open_error(errno, r->type != R_IN));
    return fd;
}

/* A pipe whose read end yields text. */
static int heredoc_fd(const char *text)
{
    int fds[2];
    size_t len = strlen(text);

    if (pipe(fds) < 0) {
        sh_warn("pipe: %s", strerror(errno));
        return -1;
    }
    if (len <= HEREDOC_DIRECT_MAX) {
        write_all(fds[1], text, len);
    } else {
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            signal(SIGPIPE, SIG_DFL);
            write_all(fds[1], text, len);
            _exit(0);
        }
    }
    close(fds[1]);
    return fds[0];
}

/* Parses the word of <& and >&: a descriptor number, or -1 for '-'. */
static int dup_source(const char *word, int *close_it)
{
    *close_it = 0;
    if (strcmp(word, "-") == 0) {
        *close_it = 1;
        return -1;
    }
    if (!*word)
        return -2;
    int fd = 0;
    for (const char *p = word; *p; p++) {
        if (*p < '0' || *p > '9' || fd > 100000)
            return -2;
        fd = fd * 10 + (*p - '0');
    }
    return fd;
}

static int apply_one(struct redir *r, int keep, struct redir_save **save)
{
    int fd = -1, close_it = 0;

    if (r->type == R_HEREDOC) {
        fd = heredoc_fd(r->expand ? expand_heredoc(r->heredoc) : r->heredoc);
        if (fd < 0)
            return -1;
    } else if (r->type == R_DUPIN || r->type == R_DUPOUT) {
        char *word = expand_word(r->word, EXP_TILDE);
        int src = dup_source(word, &close_it);
        if (src == -2) {
            sh_warn("Syntax error: Bad fd number");
            return -1;
        }
        if (!close_it) {
            if (src == r->fd) {
                if (fcntl(src, F_GETFD) < 0) {
                    sh_warn("%d: Bad file descriptor", src);
                    return -1;
                }
                return 0;
            }
            if (fcntl(src, F_GETFD) < 0) {
                sh_warn("%d: Bad file descriptor", src);
                return -1;
            }
            if (!keep)
                save_fd(save, r->fd);
            dup2(src, r->fd);
            return 0;
        }
    } else {
        fd = open_target(r, expand_word(r->word, EXP_TILDE));
        if (fd < 0)
            return -1;
    }
    if (!keep)
        save_fd(save, r->fd);
    if (close_it) {
        close(r->fd);
        return 0;
    }
    if (fd != r->fd) {
        dup2(fd, r->fd);
        close(fd);
    } else {
        fcntl(fd, F_SETFD, 0);
    }
    return 0;
}

/* Applies each redirection in turn, recording replaced fds in *local. */
static int apply_list(struct redir *r, int keep, struct redir_save **local)
{
    for (; r; r = r->next)
        if (apply_one(r, keep, local) < 0)
            return -1;
    return 0;
}

int redir_apply(struct redir *redirs, int keep, struct redir_save **save)
{
    /* volatile: read after a longjmp. */
    struct redir_save *volatile local = NULL;
    struct sh_jmp jmp, *saved = sh_handler;

    /* An expansion error in a target must not leave half the redirections in place. */
    jmp.prev = saved;
    if (setjmp(jmp.buf)) {
        sh_handler = saved;
        redir_undo(local);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    if (apply_list(redirs, keep, (struct redir_save **)&local) < 0) {
        sh_handler = saved;
        redir_undo(local);
        if (save)
            *save = NULL;
        return -1;
    }
    sh_handler = saved;
    if (save)
        *save = local;
    else
        redir_undo(local);
    return 0;
}
