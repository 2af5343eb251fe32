/* find.c - find: walk directory trees and evaluate an expression on each file.
 *
 * Supported: operands (start paths), -name -iname -path -type -newer -empty -true -false,
 * -maxdepth -mindepth -depth, actions -print -print0 -exec CMD {} ; / + -delete -prune, and
 * ! -not -a -and -o -or ( ). The expression is parsed into a tree first, so a bad one is
 * reported before anything runs. Directory entries are visited in byte order of their names
 * (GNU uses the order the directory returns them). */
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* -exec ... + runs the command once this many paths have gathered. */
#define EXEC_BATCH_MAX 512

enum kind {
    K_AND,
    K_OR,
    K_NOT,
    K_TRUE,
    K_NAME,
    K_INAME,
    K_PATH,
    K_TYPE,
    K_NEWER,
    K_EMPTY,
    K_PRINT,
    K_PRINT0,
    K_EXEC,
    K_EXEC_BATCH,
    K_DELETE,
    K_PRUNE
};

struct expr {
    enum kind kind;
    struct expr *left, *right; /* AND, OR; NOT uses left */
    const char *arg;           /* NAME, INAME, PATH pattern; TYPE letter */
    struct timespec newer;     /* NEWER */
    char **cmd;                /* EXEC: argv up to ; or + */
    int ncmd;
    char **batch; /* EXEC_BATCH: gathered paths */
    int nbatch;
};

struct find {
    char **args;
    int n, pos;
    long mindepth, maxdepth;
    bool depth_first, has_action;
    int status;
    bool prune; /* set by -prune for the file being evaluated */
};

static struct find F;

static noreturn void find_fail(const char *fmt, const char *arg)
{
    box_warn(fmt, arg);
    exit(1);
}

static struct expr *node(enum kind kind, struct expr *left, struct expr *right)
{
    struct expr *e = box_malloc(sizeof *e);
    *e = (struct expr){.kind = kind, .left = left, .right = right};
    return e;
}

/* ---- parsing ------------------------------------------------------------------------------- */

static const char *next_arg(const char *predicate)
{
    if (F.pos >= F.n)
        find_fail("missing argument to '%s'", predicate);
    return F.args[F.pos++];
}

static long depth_arg(const char *predicate)
{
    const char *a = next_arg(predicate);
    long long v;
    if (!box_parse_long(a, &v) || v < 0)
        box_die(1, "Expected a positive decimal integer argument to %s, but got '%s'", predicate,
                a);
    return (long)v;
}

static struct expr *parse_exec(const char *predicate)
{
    struct expr *e = node(K_EXEC, NULL, NULL);
    e->cmd = F.args + F.pos;
    while (F.pos < F.n) {
        const char *a = F.args[F.pos++];
        if (strcmp(a, ";") == 0)
            return e;
        if (strcmp(a, "+") == 0 && e->ncmd > 0 && strcmp(e->cmd[e->ncmd - 1], "{}") == 0) {
            e->kind = K_EXEC_BATCH;
            e->ncmd--;
            e->batch = box_malloc(EXEC_BATCH_MAX * sizeof *e->batch);
            return e;
        }
        e->ncmd++;
    }
    find_fail("missing argument to '%s'", predicate);
}

static struct expr *parse_or(void);

static struct expr *parse_primary(void)
{
    const char *a = F.args[F.pos++];
    struct expr *e;
    struct stat st;
    if (strcmp(a, "(") == 0) {
        e = parse_or();
        if (F.pos >= F.n || strcmp(F.args[F.pos], ")") != 0)
            find_fail("invalid expression; I was expecting to find a ')' somewhere but did not "
                      "see one.%s",
                      "");
        F.pos++;
        return e;
    }
    if (strcmp(a, "-name") == 0 || strcmp(a, "-iname") == 0 || strcmp(a, "-path") == 0 ||
        strcmp(a, "-wholename") == 0) {
        e = node(a[1] == 'n' ? K_NAME : a[1] == 'i' ? K_INAME : K_PATH, NULL, NULL);
        e->arg = next_arg(a);
        return e;
    }
    if (strcmp(a, "-type") == 0) {
        e = node(K_TYPE, NULL, NULL);
        e->arg = next_arg(a);
        if (strlen(e->arg) != 1 || !strchr("fdlpscb", e->arg[0]))
            find_fail("Unknown argument to -type: %s", e->arg);
        return e;
    }
    if (strcmp(a, "-newer") == 0) {
        e = node(K_NEWER, NULL, NULL);
        const char *ref = next_arg(a);
        if (stat(ref, &st) != 0)
            box_die_errno(1, "'%s'", ref);
        e->newer = st.st_mtim;
        return e;
    }
    if (strcmp(a, "-maxdepth") == 0 || strcmp(a, "-mindepth") == 0) {
        *(a[2] == 'a' ? &F.maxdepth : &F.mindepth) = depth_arg(a);
        return node(K_TRUE, NULL, NULL);
    }
    if (strcmp(a, "-depth") == 0) {
        F.depth_first = true;
        return node(K_TRUE, NULL, NULL);
    }
    if (strcmp(a, "-true") == 0)
        return node(K_TRUE, NULL, NULL);
    if (strcmp(a, "-false") == 0)
        return node(K_NOT, node(K_TRUE, NULL, NULL), NULL);
    if (strcmp(a, "-empty") == 0)
        return node(K_EMPTY, NULL, NULL);
    if (strcmp(a, "-prune") == 0)
        return node(K_PRUNE, NULL, NULL);
    F.has_action |= strcmp(a, "-print") == 0 || strcmp(a, "-print0") == 0 ||
                    strcmp(a, "-exec") == 0 || strcmp(a, "-delete") == 0;
    if (strcmp(a, "-print") == 0)
        return node(K_PRINT, NULL, NULL);
    if (strcmp(a, "-print0") == 0)
        return node(K_PRINT0, NULL, NULL);
    if (strcmp(a, "-exec") == 0)
        return parse_exec(a);
    if (strcmp(a, "-delete") == 0) {
        F.depth_first = true;
        return node(K_DELETE, NULL, NULL);
    }
    if (a[0] == '-')
        find_fail("unknown predicate '%s'", a);
    find_fail("paths must precede expression: '%s'", a);
}

static struct expr *parse_not(void)
{
    if (F.pos >= F.n)
        find_fail("expected an expression after '%s'", F.args[F.pos - 1]);
    const char *a = F.args[F.pos];
    if (strcmp(a, "!") == 0 || strcmp(a, "-not") == 0) {
        F.pos++;
        return node(K_NOT, parse_not(), NULL);
    }
    return parse_primary();
}

static bool at_operator(const char *op1, const char *op2)
{
    return F.pos < F.n && (strcmp(F.args[F.pos], op1) == 0 || strcmp(F.args[F.pos], op2) == 0);
}

static struct expr *parse_and(void)
{
    struct expr *e = parse_not();
    for (;;) {
        if (at_operator("-a", "-and"))
            F.pos++;
        else if (F.pos >= F.n || at_operator("-o", "-or") || at_operator(")", ")"))
            return e;
        e = node(K_AND, e, parse_not());
    }
}

static struct expr *parse_or(void)
{
    struct expr *e = parse_and();
    while (at_operator("-o", "-or")) {
        F.pos++;
        e = node(K_OR, e, parse_and());
    }
    return e;
}

/* ---- evaluation ---------------------------------------------------------------------------- */

static int run_command(char **argv)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        box_warn_errno("cannot fork");
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        box_warn_errno("'%s'", argv[0]);
        _exit(127);
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

/* "{}" anywhere in an argument stands for the path. */
static char *substitute(const char *arg, const char *path)
{
    size_t count = 0, plen = strlen(path);
    for (const char *p = strstr(arg, "{}"); p; p = strstr(p + 2, "{}"))
        count++;
    char *out = box_malloc(strlen(arg) + count * plen + 1), *o = out;
    for (const char *p = arg; *p;) {
        if (p[0] == '{' && p[1] == '}') {
            memcpy(o, path, plen);
            o += plen;
            p += 2;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static bool exec_one(const struct expr *e, const char *path)
{
    char **argv = box_malloc(((size_t)e->ncmd + 1) * sizeof *argv);
    for (int i = 0; i < e->ncmd; i++)
        argv[i] = substitute(e->cmd[i], path);
    argv[e->ncmd] = NULL;
    int status = run_command(argv);
    for (int i = 0; i < e->ncmd; i++)
        free(argv[i]);
    free(argv);
    return status == 0;
}

static void flush_batch(struct expr *e)
{
    if (e->nbatch == 0)
        return;
    char **argv = box_malloc(((size_t)e->ncmd + (size_t)e->nbatch + 1) * sizeof *argv);
    memcpy(argv, e->cmd, (size_t)e->ncmd * sizeof *argv);
    memcpy(argv + e->ncmd, e->batch, (size_t)e->nbatch * sizeof *argv);
    argv[e->ncmd + e->nbatch] = NULL;
    if (run_command(argv) != 0)
        F.status = 1;
    for (int i = 0; i < e->nbatch; i++)
        free(e->batch[i]);
    e->nbatch = 0;
    free(argv);
}

static void flush_all(struct expr *e)
{
    if (!e)
        return;
    if (e->kind == K_EXEC_BATCH)
        flush_batch(e);
    flush_all(e->left);
    flush_all(e->right);
}

static bool type_matches(char t, mode_t m)
{
    switch (t) {
    case 'f':
        return S_ISREG(m);
    case 'd':
        return S_ISDIR(m);
    case 'l':
        return S_ISLNK(m);
    case 'p':
        return S_ISFIFO(m);
    case 's':
        return S_ISSOCK(m);
    case 'c':
        return S_ISCHR(m);
    case 'b':
        return S_ISBLK(m);
    }
    return false;
}

static bool is_empty(const char *path, const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return st->st_size == 0;
    if (!S_ISDIR(st->st_mode))
        return false;
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names)
        return false;
    box_free_names(names, n);
    return n == 0;
}

static bool eval(struct expr *e, const char *path, const struct stat *st)
{
    char *base;
    bool r;
    switch (e->kind) {
    case K_AND:
        return eval(e->left, path, st) && eval(e->right, path, st);
    case K_OR:
        return eval(e->left, path, st) || eval(e->right, path, st);
    case K_NOT:
        return !eval(e->left, path, st);
    case K_TRUE:
        return true;
    case K_NAME:
    case K_INAME:
        base = box_basename(path);
        r = fnmatch(e->arg, base, e->kind == K_INAME ? FNM_CASEFOLD : 0) == 0;
        free(base);
        return r;
    case K_PATH:
        return fnmatch(e->arg, path, 0) == 0;
    case K_TYPE:
        return type_matches(e->arg[0], st->st_mode);
    case K_NEWER:
        return st->st_mtim.tv_sec > e->newer.tv_sec ||
               (st->st_mtim.tv_sec == e->newer.tv_sec && st->st_mtim.tv_nsec > e->newer.tv_nsec);
    case K_EMPTY:
        return is_empty(path, st);
    case K_PRINT:
        printf("%s\n", path);
        return true;
    case K_PRINT0:
        printf("%s%c", path, '\0');
        return true;
    case K_EXEC:
        return exec_one(e, path);
    case K_EXEC_BATCH:
        e->batch[e->nbatch++] = box_strdup(path);
        if (e->nbatch == EXEC_BATCH_MAX)
            flush_batch(e);
        return true;
    case K_DELETE:
        if ((S_ISDIR(st->st_mode) ? rmdir(path) : unlink(path)) != 0) {
            box_warn_errno("cannot delete '%s'", path);
            F.status = 1;
            return false;
        }
        return true;
    case K_PRUNE:
        F.prune = true;
        return true;
    }
    return false;
}

static void visit(struct expr *e, const char *path, long depth);

static void visit_children(struct expr *e, const char *path, long depth)
{
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names) {
        box_warn_errno("'%s'", path);
        F.status = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char *child = box_path_join(path, names[i]);
        visit(e, child, depth + 1);
        free(child);
    }
    box_free_names(names, n);
}

static void visit(struct expr *e, const char *path, long depth)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        box_warn_errno("'%s'", path);
        F.status = 1;
        return;
    }
    bool in_range = depth >= F.mindepth;
    bool descend = S_ISDIR(st.st_mode) && depth < F.maxdepth;
    F.prune = false;
    if (in_range && !F.depth_first)
        eval(e, path, &st);
    if (descend && !(F.prune && !F.depth_first))
        visit_children(e, path, depth);
    if (in_range && F.depth_first)
        eval(e, path, &st);
}

int find_main(int argc, char **argv)
{
    F = (struct find){.args = argv, .n = argc, .pos = 1, .maxdepth = __LONG_MAX__};
    int first_path = 1;
    while (F.pos < argc && argv[F.pos][0] != '-' && strcmp(argv[F.pos], "(") != 0 &&
           strcmp(argv[F.pos], "!") != 0)
        F.pos++;
    int npaths = F.pos - first_path;
    struct expr *e = F.pos < argc ? parse_or() : node(K_TRUE, NULL, NULL);
    if (F.pos < argc)
        find_fail("unexpected extra predicate '%s'", argv[F.pos]);
    if (!F.has_action)
        e = node(K_AND, e, node(K_PRINT, NULL, NULL));
    char *dot[] = {"."};
    char **paths = npaths ? argv + first_path : dot;
    for (int i = 0; i < (npaths ? npaths : 1); i++)
        visit(e, paths[i], 0);
    flush_all(e);
    return F.status;
}
