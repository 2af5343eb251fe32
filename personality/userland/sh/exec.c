/*
 * exec.c - runs the command tree (XCU 2.9): lists, pipelines, compound commands, functions
 * and simple commands, with set -e, break, continue and return.
 *
 * eval_node returns the exit status and leaves it in exit_status. break, continue and return
 * do not unwind: they set eval_skip, and every loop and list checks it after each command.
 * A command that is the last thing a child process does runs with EV_EXIT, so an external
 * command there replaces the child instead of forking again.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int eval_skip;
int skip_count;
int loop_depth;
int func_depth;
/* Nonzero while running a command whose status is tested: set -e does not apply. */
static int errexit_off;

static void check_errexit(int status)
{
    if (status && sh_opts[OPT_ERREXIT] && !errexit_off)
        sh_exit(status);
}

/* ---- functions -------------------------------------------------------------------------- */

struct func {
    struct func *next;
    char *name;
    struct node *def; /* N_FUNC node; its pool is referenced */
};

static struct func *funcs;

struct node *func_lookup(const char *name)
{
    for (struct func *f = funcs; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f->def;
    return NULL;
}

void func_define(const char *name, struct node *def)
{
    struct func *f;

    pool_get(def->pool);
    for (f = funcs; f; f = f->next) {
        if (strcmp(f->name, name) == 0) {
            pool_put(f->def->pool);
            f->def = def;
            return;
        }
    }
    f = xmalloc(sizeof(*f));
    f->name = xstrdup(name);
    f->def = def;
    f->next = funcs;
    funcs = f;
}

int func_unset(const char *name)
{
    for (struct func **pf = &funcs; *pf; pf = &(*pf)->next) {
        struct func *f = *pf;
        if (strcmp(f->name, name) == 0) {
            *pf = f->next;
            pool_put(f->def->pool);
            free(f->name);
            free(f);
            return 1;
        }
    }
    return 0;
}

static int call_function(struct node *def, int argc, char **argv)
{
    struct params saved = params_save();
    struct sh_jmp jmp, *prev = sh_handler;
    int status;

    params_set(argc - 1, argv + 1);
    pool_get(def->pool);
    var_push_scope();
    func_depth++;
    jmp.prev = prev;
    if (setjmp(jmp.buf)) {
        sh_handler = prev;
        func_depth--;
        var_pop_scope();
        pool_put(def->pool);
        params_restore(saved);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    status = eval_node(def->left, 0);
    if (eval_skip == SKIP_RETURN) {
        eval_skip = SKIP_NONE;
        status = exit_status;
    }
    sh_handler = prev;
    func_depth--;
    var_pop_scope();
    pool_put(def->pool);
    params_restore(saved);
    return status;
}

/* ---- external commands ------------------------------------------------------------------ */

char *path_search(const char *name)
{
    const char *path = var_get("PATH");

    /* Unset PATH: as in dash, only the current directory is searched. */
    if (!path)
        path = "";
    for (;;) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        char *full = len ? tmp_printf("%.*s/%s", (int)len, path, name) : tmp_strdup(name);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
            return full;
        if (!colon)
            return NULL;
        path = colon + 1;
    }
}

/* A file that execve refused as not an executable format: run it as a script in this shell. */
static void __attribute__((noreturn)) run_as_script(const char *path, char **argv)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        sh_warn("%s: %s", path, strerror(errno));
        _exit(126);
    }
    int argc = 0;
    while (argv[argc])
        argc++;
    sh_arg0 = xstrdup(path);
    params_set(argc - 1, argv + 1);
    sh_exit(sh_eval_fd(fd_move_high(fd), 0));
}

void exec_external(char **argv)
{
    char **env = var_environ();
    const char *path = argv[0];
    int err;

    if (!strchr(argv[0], '/')) {
        path = path_search(argv[0]);
        if (!path) {
            sh_warn("%s: not found", argv[0]);
            _exit(127);
        }
    }
    execve(path, argv, env);
    err = errno;
    if (err == ENOEXEC)
        run_as_script(path, argv);
    if (err == ENOENT || err == ENOTDIR) {
        sh_warn("%s: not found", argv[0]);
        _exit(127);
    }
    sh_warn("%s: %s", argv[0], err == EACCES ? "Permission denied" : strerror(err));
    _exit(126);
}

/* ---- simple commands -------------------------------------------------------------------- */

static void xtrace(char **assigns, char **argv)
{
    struct strbuf sb = {0};
    const char *ps4 = var_get("PS4");

    sb_adds(&sb, ps4 ? ps4 : "+ ");
    int first = 1;
    for (; assigns && *assigns; assigns++, first = 0) {
        if (!first)
            sb_addc(&sb, ' ');
        sb_adds(&sb, *assigns);
    }
    for (; argv && *argv; argv++, first = 0) {
        if (!first)
            sb_addc(&sb, ' ');
        sb_adds(&sb, *argv);
    }
    sb_addc(&sb, '\n');
    write_all(2, sb.s, sb.len);
    sb_free(&sb);
}

static char **expand_assigns(char **assigns)
{
    int n = 0;

    while (assigns && assigns[n])
        n++;
    char **out = tmp_alloc((size_t)(n + 1) * sizeof(char *));
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(assigns[i], '=');
        char *value = expand_word(eq + 1, EXP_TILDE | EXP_ASSIGN);
        out[i] = tmp_printf("%.*s=%s", (int)(eq - assigns[i]), assigns[i], value);
    }
    out[n] = NULL;
    return out;
}

static int assign_all(char **assigns)
{
    for (; *assigns; assigns++)
        if (var_assign(*assigns, 0) < 0)
            return -1;
    return 0;
}

static int run_builtin(const struct builtin *bi, int argc, char **argv, char **assigns,
                       struct redir *redirs)
{
    struct redir_save *save = NULL;
    int keep;
    int status;
    /* Only with prefix assignments: a scope here would swallow what `local` does. */
    int temp = !bi->special && *assigns;

    if (temp)
        var_push_temp();
    if (bi->special) {
        if (assign_all(assigns) < 0) {
            if (!sh_interactive)
                sh_exit(2);
            return 2;
        }
    } else {
        for (char **a = assigns; *a; a++)
            var_set_temp(*a);
    }
    /* `exec` without a command makes its redirections permanent. */
    keep = strcmp(bi->name, "exec") == 0 && argc == 1;
    if (redir_apply(redirs, keep, &save) < 0) {
        if (temp)
            var_pop_temp();
        if (bi->special && !sh_interactive)
            sh_exit(2);
        return 2;
    }
    struct sh_jmp jmp, *prev = sh_handler;
    jmp.prev = prev;
    if (setjmp(jmp.buf)) {
        sh_handler = prev;
        out_flush();
        redir_undo(save);
        if (temp)
            var_pop_temp();
        /* An error in a regular builtin fails just that command (status 2), as in dash. */
        if (!bi->special && exit_status == 2)
            return 2;
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    status = bi->fn(argc, argv);
    if (out_flush() < 0) {
        sh_warn("%s: %s: I/O error", argv[0], argv[0]);
        status = 1;
    }
    sh_handler = prev;
    redir_undo(save);
    if (temp)
        var_pop_temp();
    return status;
}

static int run_function(struct node *def, int argc, char **argv, char **assigns,
                        struct redir *redirs)
{
    struct redir_save *save = NULL;
    int status;

    if (redir_apply(redirs, 0, &save) < 0)
        return 2;
    var_push_temp();
    for (char **a = assigns; *a; a++)
        var_set_temp(*a);
    struct sh_jmp jmp, *prev = sh_handler;
    jmp.prev = prev;
    if (setjmp(jmp.buf)) {
        sh_handler = prev;
        var_pop_temp();
        redir_undo(save);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    status = call_function(def, argc, argv);
    sh_handler = prev;
    var_pop_temp();
    redir_undo(save);
    return status;
}

static void __attribute__((noreturn)) child_exec(char **argv, char **assigns, struct redir *redirs)
{
    if (redir_apply(redirs, 1, NULL) < 0)
        _exit(2);
    for (; *assigns; assigns++)
        var_assign(*assigns, V_EXPORT);
    exec_external(argv);
}

static int run_external(struct node *n, int argc, char **argv, char **assigns, int flags)
{
    (void)argc;
    /* The last command of a child replaces it, unless an EXIT trap still has to run. */
    if ((flags & EV_EXIT) && !trap_exit_set())
        child_exec(argv, assigns, n->redirs);
    struct job *job = job_new(1);
    pid_t pid = job_fork(job, n, 0);
    if (pid == 0)
        child_exec(argv, assigns, n->redirs);
    return job_wait_fg(job);
}

/* A command with no command name: assignments (made in order) and redirections only. */
static int run_assignments(struct node *n)
{
    struct redir_save *save = NULL;

    int count = 0;

    while (n->assigns && n->assigns[count])
        count++;
    char **done = tmp_alloc((size_t)(count + 1) * sizeof(char *));
    for (int i = 0; i < count; i++) {
        char *one[2] = {n->assigns[i], NULL};
        done[i] = expand_assigns(one)[0];
        done[i + 1] = NULL;
        if (assign_all(done + i) < 0) {
            if (!sh_interactive)
                sh_exit(2);
            return 2;
        }
    }
    done[count] = NULL;
    /* Traced once, after the expansions (whose own commands trace first), as dash does. */
    if (sh_opts[OPT_XTRACE] && count)
        xtrace(done, NULL);
    if (redir_apply(n->redirs, 0, &save) < 0)
        return 2;
    redir_undo(save);
    return last_cmdsubst_status;
}

/* A prefix assignment to a read-only variable is an error before anything runs. */
static void check_readonly(char **assigns)
{
    for (; *assigns; assigns++) {
        const char *eq = strchr(*assigns, '=');
        char *name = tmp_strndup(*assigns, (size_t)(eq - *assigns));
        if (var_flags(name) & V_READONLY)
            sh_error("%s: is read only", name);
    }
}

static int eval_cmd(struct node *n, int flags)
{
    int argc;
    const struct builtin *bi;
    struct node *def;

    sh_lineno = n->lineno;
    last_cmdsubst_status = 0;
    char **argv = expand_words(n->words, &argc);
    if (argc == 0)
        return run_assignments(n);
    char **assigns = expand_assigns(n->assigns);
    check_readonly(assigns);
    if (sh_opts[OPT_XTRACE])
        xtrace(assigns, argv);
    bi = builtin_lookup(argv[0]);
    if (bi && bi->special)
        return run_builtin(bi, argc, argv, assigns, n->redirs);
    def = func_lookup(argv[0]);
    if (def)
        return run_function(def, argc, argv, assigns, n->redirs);
    if (bi)
        return run_builtin(bi, argc, argv, assigns, n->redirs);
    return run_external(n, argc, argv, assigns, flags);
}

/* ---- pipelines and lists ---------------------------------------------------------------- */

static int count_pipe(struct node *n)
{
    return n->type == N_PIPE ? count_pipe(n->left) + 1 : 1;
}

static void collect_pipe(struct node *n, struct node **cmds, int *i)
{
    if (n->type == N_PIPE) {
        collect_pipe(n->left, cmds, i);
        cmds[(*i)++] = n->right;
    } else {
        cmds[(*i)++] = n;
    }
}

static int eval_pipe(struct node *n, int flags)
{
    int count = count_pipe(n), i = 0, prev_read = -1;
    struct node **cmds = tmp_alloc((size_t)count * sizeof(*cmds));
    struct job *job = job_new(count);

    collect_pipe(n, cmds, &i);
    for (i = 0; i < count; i++) {
        int fds[2] = {-1, -1};
        if (i + 1 < count && pipe(fds) < 0)
            sh_error("pipe: %s", strerror(errno));
        pid_t pid = job_fork(job, n, flags & EV_BG);
        if (pid == 0) {
            if (prev_read >= 0) {
                dup2(prev_read, 0);
                close(prev_read);
            }
            if (fds[1] >= 0) {
                close(fds[0]);
                dup2(fds[1], 1);
                close(fds[1]);
            }
            sh_exit(eval_node(cmds[i], EV_EXIT));
        }
        if (prev_read >= 0)
            close(prev_read);
        if (fds[1] >= 0)
            close(fds[1]);
        prev_read = fds[0];
    }
    if (flags & EV_BG) {
        job_background(job);
        return 0;
    }
    return job_wait_fg(job);
}

static int eval_background(struct node *n)
{
    struct job *job = job_new(1);
    pid_t pid = job_fork(job, n->left, 1);

    if (pid == 0)
        sh_exit(eval_node(n->left, EV_EXIT));
    job_background(job);
    return 0;
}

static int eval_subshell(struct node *n, int flags)
{
    if (flags & EV_EXIT) {
        struct redir_save *save = NULL;
        if (redir_apply(n->redirs, 1, &save) < 0)
            sh_exit(2);
        sh_exit(eval_node(n->left, EV_EXIT));
    }
    struct job *job = job_new(1);
    pid_t pid = job_fork(job, n, 0);
    if (pid == 0) {
        if (redir_apply(n->redirs, 1, NULL) < 0)
            sh_exit(2);
        sh_exit(eval_node(n->left, EV_EXIT));
    }
    return job_wait_fg(job);
}

static int eval_tested(struct node *n)
{
    errexit_off++;
    int status = eval_node(n, EV_TESTED);
    errexit_off--;
    return status;
}

/* ---- compound commands ------------------------------------------------------------------ */

/* After a loop body: returns 1 if the loop must stop. */
static int loop_should_stop(void)
{
    if (eval_skip == SKIP_BREAK || eval_skip == SKIP_CONTINUE) {
        if (--skip_count > 0) {
            /* break n / continue n for an outer loop: this one just stops. */
            return 1;
        }
        int was = eval_skip;
        eval_skip = SKIP_NONE;
        return was == SKIP_BREAK;
    }
    return eval_skip != SKIP_NONE;
}

static int eval_while(struct node *n, int until)
{
    int status = 0;

    loop_depth++;
    for (;;) {
        int cond = eval_tested(n->left);
        if (eval_skip) {
            if (loop_should_stop())
                break;
            continue;
        }
        if (until ? cond == 0 : cond != 0)
            break;
        status = eval_node(n->right, 0);
        if (eval_skip && loop_should_stop())
            break;
    }
    loop_depth--;
    return status;
}

static int eval_for(struct node *n)
{
    int status = 0, count;
    char **list;

    sh_lineno = n->lineno;
    if (n->has_in) {
        list = expand_words(n->words, &count);
    } else {
        list = sh_params.values;
        count = sh_params.count;
        char **copy = tmp_alloc((size_t)(count + 1) * sizeof(char *));
        for (int i = 0; i < count; i++)
            copy[i] = tmp_strdup(list[i]);
        list = copy;
    }
    loop_depth++;
    for (int i = 0; i < count; i++) {
        if (var_set(n->name, list[i], 0) < 0) {
            status = 1;
            break;
        }
        status = eval_node(n->right, 0);
        if (eval_skip && loop_should_stop())
            break;
    }
    loop_depth--;
    return status;
}

static int eval_case(struct node *n)
{
    sh_lineno = n->lineno;
    char *subject = expand_word(n->name, EXP_TILDE);

    for (struct case_item *item = n->items; item; item = item->next) {
        for (char **p = item->patterns; *p; p++) {
            if (pattern_match(expand_word(*p, EXP_TILDE | EXP_PATTERN), subject))
                return item->body ? eval_node(item->body, 0) : 0;
        }
    }
    return 0;
}

static int eval_if(struct node *n, int flags)
{
    int cond = eval_tested(n->left);

    if (eval_skip)
        return cond;
    if (cond == 0)
        return eval_node(n->right, flags & ~EV_EXIT ? flags : flags);
    if (n->third)
        return eval_node(n->third, flags);
    return 0;
}

/* A compound command with redirections: apply them around it. */
static int eval_redirected(struct node *n, int flags)
{
    struct redir_save *save = NULL;
    struct redir *r = n->redirs;
    int status;

    if (redir_apply(r, 0, &save) < 0)
        return 2;
    struct sh_jmp jmp, *prev = sh_handler;
    jmp.prev = prev;
    if (setjmp(jmp.buf)) {
        sh_handler = prev;
        redir_undo(save);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    n->redirs = NULL;
    status = eval_node(n, flags & ~EV_EXIT);
    n->redirs = r;
    sh_handler = prev;
    redir_undo(save);
    return status;
}

static int eval_compound(struct node *n, int flags)
{
    switch (n->type) {
    case N_GROUP:
        return eval_node(n->left, flags);
    case N_IF:
        return eval_if(n, flags);
    case N_WHILE:
        return eval_while(n, 0);
    case N_UNTIL:
        return eval_while(n, 1);
    case N_FOR:
        return eval_for(n);
    case N_CASE:
        return eval_case(n);
    }
    return 0;
}

int eval_node(struct node *n, int flags)
{
    int status = 0;
    size_t mark = tmp_mark();

    if (!n)
        return exit_status = 0;
    if (pending_signals)
        trap_run_pending();
    switch (n->type) {
    case N_CMD:
        status = eval_cmd(n, flags);
        exit_status = status;
        check_errexit(status);
        break;
    case N_PIPE:
        status = eval_pipe(n, flags);
        exit_status = status;
        check_errexit(status);
        break;
    case N_SUBSHELL:
        status = eval_subshell(n, flags);
        exit_status = status;
        check_errexit(status);
        break;
    case N_AND:
    case N_OR:
        status = eval_tested(n->left);
        exit_status = status;
        if (!eval_skip && ((n->type == N_AND) == (status == 0)))
            status = eval_node(n->right, flags);
        break;
    case N_SEQ:
        eval_node(n->left, flags & ~EV_EXIT);
        if (!eval_skip)
            eval_node(n->right, flags);
        status = exit_status;
        break;
    case N_BG:
        status = eval_background(n);
        break;
    case N_NOT:
        status = !eval_tested(n->left);
        break;
    case N_FUNC:
        func_define(n->name, n);
        status = 0;
        break;
    default:
        if (n->redirs)
            status = eval_redirected(n, flags);
        else
            status = eval_compound(n, flags);
        break;
    }
    tmp_release(mark);
    exit_status = status;
    return status;
}
