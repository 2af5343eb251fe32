/*
 * main.c - the shell's entry point: command-line options, the read-parse-run loop, errors and
 * exiting.
 *
 *   sh [-eufxvnaCmi] [-o option] -c 'commands' [name [args...]]
 *   sh [options] script [args...]
 *   sh [options] [-s] [args...]            (commands from standard input)
 *
 * Errors unwind to the innermost struct sh_jmp. The loop here is the outermost one that
 * survives an error, and only in an interactive shell; anywhere else an error ends the shell
 * with status 2, as POSIX asks of a non-interactive shell.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sh_jmp *sh_handler;
int exit_status;
int sh_interactive;
int sh_lineno;
char *sh_arg0;
pid_t sh_rootpid;
int sh_subshell;
char sh_opts[OPT_COUNT];
static int sh_exception;

void sh_raise(int exception)
{
    sh_exception = exception;
    if (!sh_handler)
        sh_exit(exit_status ? exit_status : 2);
    longjmp(sh_handler->buf, exception);
}

static void vwarn(const char *fmt, va_list ap)
{
    struct strbuf sb = {0};
    char *msg;

    out_flush();
    if (vasprintf(&msg, fmt, ap) < 0)
        return;
    sb_adds(&sb, sh_arg0);
    sb_adds(&sb, ": ");
    char num[32];
    snprintf(num, sizeof(num), "%d: ", sh_lineno);
    sb_adds(&sb, num);
    sb_adds(&sb, msg);
    sb_addc(&sb, '\n');
    write_all(2, sb.s, sb.len);
    sb_free(&sb);
    free(msg);
}

void sh_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
}

void sh_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
    exit_status = 2;
    sh_raise(EX_ERROR);
}

void sh_exit(int status)
{
    static int exiting;

    if (!exiting) {
        exiting = 1;
        exit_status = status;
        trap_exit();
        status = exit_status;
    }
    out_flush();
    if (sh_interactive && !sh_subshell)
        le_history_save();
    if (sh_subshell)
        _exit(status & 0xff);
    exit(status & 0xff);
}

/* ---- options ---------------------------------------------------------------------------- */

static const struct {
    char letter;
    const char *name;
} option_names[OPT_COUNT] = {
    [OPT_ERREXIT] = {'e', "errexit"},     [OPT_NOUNSET] = {'u', "nounset"},
    [OPT_XTRACE] = {'x', "xtrace"},       [OPT_NOGLOB] = {'f', "noglob"},
    [OPT_VERBOSE] = {'v', "verbose"},     [OPT_NOEXEC] = {'n', "noexec"},
    [OPT_ALLEXPORT] = {'a', "allexport"}, [OPT_NOCLOBBER] = {'C', "noclobber"},
    [OPT_MONITOR] = {'m', "monitor"},     [OPT_INTERACTIVE] = {'i', "interactive"},
    [OPT_STDIN] = {'s', "stdin"},         [OPT_NOTIFY] = {'b', "notify"},
    [OPT_IGNOREEOF] = {0, "ignoreeof"},
};

int opt_set_letter(int letter, int on)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        if (option_names[i].letter == letter) {
            sh_opts[i] = (char)on;
            return 0;
        }
    }
    return -1;
}

int opt_set_name(const char *name, int on)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        if (strcmp(option_names[i].name, name) == 0) {
            sh_opts[i] = (char)on;
            return 0;
        }
    }
    return -1;
}

void opt_print(int reusable)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        if (reusable)
            out_printf("set %co %s\n", sh_opts[i] ? '-' : '+', option_names[i].name);
        else
            out_printf("%-16s%s\n", option_names[i].name, sh_opts[i] ? "on" : "off");
    }
}

char *opt_letters(void)
{
    char *s = tmp_alloc(OPT_COUNT + 1), *p = s;

    for (int i = 0; i < OPT_COUNT; i++)
        if (sh_opts[i] && option_names[i].letter)
            *p++ = option_names[i].letter;
    *p = '\0';
    return s;
}

/* ---- the loop --------------------------------------------------------------------------- */

/*
 * Reads and runs commands until end of input. An interactive top level survives errors;
 * everywhere else they propagate to the caller.
 */
static int eval_input(struct input *in, int toplevel)
{
    volatile int status = 0;

    for (;;) {
        struct pool *volatile pool = pool_new();
        size_t mark = tmp_mark();
        struct sh_jmp jmp;
        struct node *n;

        jmp.prev = sh_handler;
        if (setjmp(jmp.buf)) {
            sh_handler = jmp.prev;
            pool_put(pool);
            tmp_release(mark);
            if (!toplevel || sh_subshell || !sh_interactive)
                sh_raise(sh_exception);
            if (sh_exception == EX_INT)
                write_all(2, "\n", 1);
            eval_skip = SKIP_NONE;
            loop_depth = func_depth = 0;
            continue;
        }
        sh_handler = &jmp;
        int r = parse_command(in, pool, &n);
        if (r == PARSE_EOF) {
            sh_handler = jmp.prev;
            pool_put(pool);
            tmp_release(mark);
            break;
        }
        if (n && !sh_opts[OPT_NOEXEC]) {
            eval_node(n, 0);
            status = exit_status;
        }
        sh_handler = jmp.prev;
        pool_put(pool);
        tmp_release(mark);
        if (eval_skip) {
            /*
             * Inside eval or a dot script, break, continue and return belong to whoever
             * called us. At the top level they end a script (return) or do nothing.
             */
            if (!toplevel)
                break;
            int was = eval_skip;
            eval_skip = SKIP_NONE;
            if (was == SKIP_RETURN && !sh_interactive)
                break;
        }
    }
    return status;
}

int sh_eval_string(const char *s, int flags)
{
    struct input *volatile in = input_from_string(s, sh_lineno);
    struct sh_jmp jmp;
    int status;

    (void)flags;
    jmp.prev = sh_handler;
    if (setjmp(jmp.buf)) {
        sh_handler = jmp.prev;
        input_free(in);
        sh_raise(sh_exception);
    }
    sh_handler = &jmp;
    status = eval_input(in, 0);
    sh_handler = jmp.prev;
    input_free(in);
    return status;
}

int sh_eval_fd(int fd, int flags)
{
    struct input *volatile in = input_from_fd(fd, 0);
    struct sh_jmp jmp;
    int status;

    (void)flags;
    jmp.prev = sh_handler;
    if (setjmp(jmp.buf)) {
        sh_handler = jmp.prev;
        input_free(in);
        close(fd);
        sh_raise(sh_exception);
    }
    sh_handler = &jmp;
    status = eval_input(in, 0);
    sh_handler = jmp.prev;
    input_free(in);
    close(fd);
    return status;
}

/* ---- startup ---------------------------------------------------------------------------- */

static void __attribute__((noreturn)) usage_error(const char *msg, const char *arg)
{
    sh_lineno = 0;
    sh_warn("%s%s", msg, arg ? arg : "");
    exit(2);
}

/* Parses options; returns the index of the first operand. */
static int parse_options(int argc, char **argv, const char **command)
{
    int i = 1;

    for (; i < argc; i++) {
        const char *a = argv[i];
        if ((a[0] != '-' && a[0] != '+') || !a[1])
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        int on = a[0] == '-';
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'c') {
                *command = "";
            } else if (*p == 'o') {
                if (++i >= argc)
                    usage_error("-o: option requires an argument", NULL);
                if (opt_set_name(argv[i], on) < 0)
                    usage_error("Illegal option -o ", argv[i]);
            } else if (opt_set_letter(*p, on) < 0) {
                char bad[3] = {a[0], *p, '\0'};
                usage_error("Illegal option ", bad);
            }
        }
    }
    return i;
}

static void run_toplevel(struct input *in)
{
    struct sh_jmp jmp;

    jmp.prev = NULL;
    if (setjmp(jmp.buf)) {
        sh_handler = NULL;
        sh_exit(exit_status);
    }
    sh_handler = &jmp;
    eval_input(in, 1);
    sh_handler = NULL;
    input_free(in);
    if (sh_interactive && !sh_subshell)
        write_all(2, "\n", 0);
    sh_exit(exit_status);
}

int main(int argc, char **argv, char **envp)
{
    const char *command = NULL;
    int first;

    sh_arg0 = argv[0] ? argv[0] : "sh";
    sh_rootpid = getpid();
    var_init(envp);
    first = parse_options(argc, argv, &command);
    if (command) {
        if (first >= argc)
            usage_error("-c requires an argument", NULL);
        command = argv[first++];
        if (first < argc)
            sh_arg0 = argv[first++];
        params_set(argc - first, argv + first);
        trap_init();
        jobs_init();
        run_toplevel(input_from_string(command, 1));
    }
    if (first < argc && !sh_opts[OPT_STDIN]) {
        const char *script = argv[first++];
        int fd = open(script, O_RDONLY | O_CLOEXEC);
        params_set(argc - first, argv + first);
        if (fd < 0) {
            sh_lineno = 0;
            sh_warn("cannot open %s: %s", script,
                    errno == ENOENT ? "No such file" : strerror(errno));
            exit(2);
        }
        sh_arg0 = (char *)script;
        trap_init();
        jobs_init();
        run_toplevel(input_from_fd(fd_move_high(fd), 0));
    }
    params_set(argc - first, argv + first);
    sh_opts[OPT_STDIN] = 1;
    if (!sh_opts[OPT_INTERACTIVE] && isatty(0) && isatty(2))
        sh_opts[OPT_INTERACTIVE] = 1;
    sh_interactive = sh_opts[OPT_INTERACTIVE];
    if (sh_interactive)
        sh_opts[OPT_MONITOR] = 1;
    trap_init();
    jobs_init();
    run_toplevel(input_from_fd(0, sh_interactive));
}
