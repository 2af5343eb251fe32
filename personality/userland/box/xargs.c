/* xargs.c - xargs: build command lines from standard input.
 *
 * Items are blank-separated with '...' "..." and \ quoting (POSIX), NUL-separated with -0, or
 * whole lines with -I (each line runs the command once, REPLACE in the arguments becoming
 * the line). -n N puts at most N items on a command line; -r runs nothing for empty input;
 * -t prints each command first. The command defaults to echo. Exit status as GNU: 123 if a
 * command failed, 124 if one exited 255, 125 if one was killed, 126/127 if it could not run. */
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define XARGS_FAILED     123
#define XARGS_EXIT_255   124
#define XARGS_KILLED     125
#define XARGS_CANNOT_RUN 126
#define XARGS_NOT_FOUND  127
/* Bytes of arguments per command line (well under Linux's ARG_MAX). */
#define XARGS_MAX_CHARS (128 * 1024)

struct xargs {
    char **cmd;
    int ncmd;
    long max_args;
    const char *replace;
    bool null_sep, no_empty, trace;
    int status;
};

/* Reads the next item into *buf; false at end of input. */
static bool read_item(const struct xargs *x, char **buf, size_t *cap)
{
    size_t len = 0;
    int c, quote = 0;
    bool any = false;
    if (x->null_sep || x->replace) {
        ssize_t got = getdelim(buf, cap, x->null_sep ? '\0' : '\n', stdin);
        if (got <= 0)
            return false;
        if ((*buf)[got - 1] == (x->null_sep ? '\0' : '\n'))
            (*buf)[got - 1] = '\0';
        return true;
    }
    while ((c = getchar()) != EOF) {
        if (!quote && (c == ' ' || c == '\t' || c == '\n')) {
            if (any)
                break;
            continue;
        }
        any = true;
        if (quote && c == quote) {
            quote = 0;
            continue;
        }
        if (!quote && (c == '\'' || c == '"')) {
            quote = c;
            continue;
        }
        if (!quote && c == '\\') {
            c = getchar();
            if (c == EOF)
                break;
        }
        if (len + 2 > *cap)
            *buf = box_realloc(*buf, *cap = *cap * 2 + 64);
        (*buf)[len++] = (char)c;
    }
    if (quote)
        box_die(1,
                "unmatched %s quote; by default quotes are special to xargs unless you use "
                "the -0 option",
                quote == '"' ? "double" : "single");
    if (!any)
        return false;
    if (len + 1 > *cap)
        *buf = box_realloc(*buf, *cap = len + 1);
    (*buf)[len] = '\0';
    return true;
}

static void run(struct xargs *x, char **items, int nitems)
{
    char **argv = box_malloc(((size_t)x->ncmd + (size_t)nitems + 1) * sizeof *argv);
    memcpy(argv, x->cmd, (size_t)x->ncmd * sizeof *argv);
    memcpy(argv + x->ncmd, items, (size_t)nitems * sizeof *argv);
    argv[x->ncmd + nitems] = NULL;
    if (x->trace) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        box_die_errno(1, "cannot fork");
    if (pid == 0) {
        execvp(argv[0], argv);
        int err = errno;
        box_warn_errno("%s", argv[0]);
        _exit(err == ENOENT ? XARGS_NOT_FOUND : XARGS_CANNOT_RUN);
    }
    free(argv);
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(ws)) {
        box_warn("%s: terminated by signal %d", x->cmd[0], WTERMSIG(ws));
        exit(XARGS_KILLED);
    }
    int code = WEXITSTATUS(ws);
    if (code == 255) {
        box_warn("%s: exited with status 255; aborting", x->cmd[0]);
        exit(XARGS_EXIT_255);
    }
    if (code == XARGS_NOT_FOUND || code == XARGS_CANNOT_RUN)
        exit(code);
    if (code != 0)
        x->status = XARGS_FAILED;
}

static char *replace_all(const char *arg, const char *from, const char *to)
{
    size_t flen = strlen(from), tlen = strlen(to), count = 0;
    for (const char *p = strstr(arg, from); p && flen; p = strstr(p + flen, from))
        count++;
    char *out = box_malloc(strlen(arg) + count * tlen + 1), *o = out;
    for (const char *p = arg; *p;) {
        if (flen && strncmp(p, from, flen) == 0) {
            memcpy(o, to, tlen);
            o += tlen;
            p += flen;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static void run_replacing(struct xargs *x, const char *item)
{
    char **saved = x->cmd;
    char **cmd = box_malloc((size_t)x->ncmd * sizeof *cmd);
    for (int i = 0; i < x->ncmd; i++)
        cmd[i] = replace_all(saved[i], x->replace, item);
    x->cmd = cmd;
    run(x, NULL, 0);
    x->cmd = saved;
    for (int i = 0; i < x->ncmd; i++)
        free(cmd[i]);
    free(cmd);
}

int xargs_main(int argc, char **argv)
{
    struct xargs x = {0};
    int opt;
    long long v;
    while ((opt = getopt(argc, argv, "+0n:I:rtL:")) != -1) {
        switch (opt) {
        case '0':
            x.null_sep = true;
            break;
        case 'n':
        case 'L':
            if (!box_parse_long(optarg, &v) || v < 1)
                box_die(1, "value %s for -%c option should be >= 1", optarg, opt);
            x.max_args = (long)v;
            break;
        case 'I':
            x.replace = optarg;
            break;
        case 'r':
            x.no_empty = true;
            break;
        case 't':
            x.trace = true;
            break;
        default:
            return box_usage(1);
        }
    }
    static char *echo[] = {"echo"};
    x.cmd = optind < argc ? argv + optind : echo;
    x.ncmd = optind < argc ? argc - optind : 1;
    char *buf = NULL;
    size_t cap = 0;
    char **items = NULL;
    int nitems = 0, items_cap = 0;
    size_t chars = 0;
    bool ran = false;
    while (read_item(&x, &buf, &cap)) {
        if (x.replace) {
            run_replacing(&x, buf);
            ran = true;
            continue;
        }
        if (nitems == items_cap)
            items = box_realloc(items, (size_t)(items_cap = items_cap * 2 + 64) * sizeof *items);
        items[nitems++] = box_strdup(buf);
        chars += strlen(buf) + 1;
        if ((x.max_args && nitems >= x.max_args) || chars >= XARGS_MAX_CHARS) {
            run(&x, items, nitems);
            ran = true;
            while (nitems > 0)
                free(items[--nitems]);
            chars = 0;
        }
    }
    if (nitems > 0 || (!ran && !x.no_empty && !x.replace))
        run(&x, items, nitems);
    while (nitems > 0)
        free(items[--nitems]);
    free(items);
    free(buf);
    return x.status;
}
