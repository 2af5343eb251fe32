/*
 * builtins.c - the table of builtin commands and the small ones: cd, pwd, echo, export,
 * readonly, unset, set, shift, eval, exec, exit, return, break, continue, ., true, false, :,
 * local, type, command, umask, getopts; plus the buffered standard output they write to.
 *
 * A builtin is int fn(int argc, char **argv) returning its exit status; it writes through
 * out_* (flushed by the caller) and reports errors with sh_warn, or sh_error when the error
 * must abandon the command. Larger builtins live in their own files (test.c, printf.c,
 * read.c, jobs.c, trap.c).
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- buffered output -------------------------------------------------------------------- */

static struct strbuf out_buf;
static int out_failed;

int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

void out_mem(const char *s, size_t n)
{
    sb_addn(&out_buf, s, n);
    if (out_buf.len >= 8192)
        out_flush();
}

void out_str(const char *s)
{
    out_mem(s, strlen(s));
}

void out_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    out_mem(s, (size_t)n);
    free(s);
}

int out_flush(void)
{
    int failed;

    if (out_buf.len && write_all(1, out_buf.s, out_buf.len) < 0)
        out_failed = 1;
    out_buf.len = 0;
    failed = out_failed;
    out_failed = 0;
    return failed ? -1 : 0;
}

void out_discard(void)
{
    out_buf.len = 0;
    out_failed = 0;
}

/* ---- simple builtins -------------------------------------------------------------------- */

static int bi_true(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 0;
}

static int bi_false(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 1;
}

/* Parses a non-negative decimal argument; -1 if it is not one. */
static int parse_count(const char *s)
{
    char *end;
    long n;

    if (!*s)
        return -1;
    errno = 0;
    n = strtol(s, &end, 10);
    if (*end || n < 0 || n > INT_MAX || errno)
        return -1;
    return (int)n;
}

static int bi_exit(int argc, char **argv)
{
    int status = exit_status;

    if (argc > 1) {
        status = parse_count(argv[1]);
        if (status < 0)
            sh_error("exit: Illegal number: %s", argv[1]);
    }
    out_flush();
    sh_exit(status);
}

static int bi_return(int argc, char **argv)
{
    int status = exit_status;

    if (argc > 1) {
        status = parse_count(argv[1]);
        if (status < 0)
            sh_error("return: Illegal number: %s", argv[1]);
    }
    eval_skip = SKIP_RETURN;
    return status;
}

static int loop_control(int argc, char **argv, int skip)
{
    int n = 1;

    if (argc > 1) {
        n = parse_count(argv[1]);
        if (n <= 0)
            sh_error("%s: Illegal number: %s", argv[0], argv[1]);
    }
    if (loop_depth == 0)
        return 0;
    if (n > loop_depth)
        n = loop_depth;
    eval_skip = skip;
    skip_count = n;
    return 0;
}

static int bi_break(int argc, char **argv)
{
    return loop_control(argc, argv, SKIP_BREAK);
}

static int bi_continue(int argc, char **argv)
{
    return loop_control(argc, argv, SKIP_CONTINUE);
}

static int bi_shift(int argc, char **argv)
{
    int n = 1;

    if (argc > 1) {
        n = parse_count(argv[1]);
        if (n < 0)
            sh_error("shift: Illegal number: %s", argv[1]);
    }
    if (n > sh_params.count)
        sh_error("shift: can't shift that many");
    for (int i = 0; i < n; i++)
        free(sh_params.values[i]);
    memmove(sh_params.values, sh_params.values + n,
            (size_t)(sh_params.count - n + 1) * sizeof(char *));
    sh_params.count -= n;
    return 0;
}

static int bi_eval(int argc, char **argv)
{
    struct strbuf sb = {0};

    for (int i = 1; i < argc; i++) {
        if (i > 1)
            sb_addc(&sb, ' ');
        sb_adds(&sb, argv[i]);
    }
    if (!sb.s)
        return 0;
    char *s = sb_tmp(&sb);
    return sh_eval_string(s, 0);
}

static int bi_exec(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    out_flush();
    exec_external(argv + 1);
}

static int bi_dot(int argc, char **argv)
{
    const char *path;

    if (argc < 2)
        sh_error(".: filename argument required");
    path = argv[1];
    if (!strchr(path, '/')) {
        const char *found = path_search(path);
        if (found)
            path = found;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        sh_error(".: cannot open %s: %s", argv[1],
                 errno == ENOENT ? "No such file" : strerror(errno));
    /* Like dash, further arguments are ignored: the positional parameters stay. */
    int status = sh_eval_fd(fd_move_high(fd), 0);
    if (eval_skip == SKIP_RETURN && !func_depth)
        eval_skip = SKIP_NONE;
    return status;
}

static int bi_local(int argc, char **argv)
{
    int status = 0;

    if (!func_depth)
        sh_error("local: not in a function");
    for (int i = 1; i < argc; i++)
        if (var_make_local(argv[i]) < 0)
            status = 1;
    return status;
}

static int set_flags(int argc, char **argv, int flag, const char *name)
{
    int i = 1;

    if (argc > 1 && strcmp(argv[1], "-p") == 0)
        i++;
    if (i >= argc) {
        var_print(flag, name);
        return 0;
    }
    for (; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        char *var = eq ? tmp_strndup(argv[i], (size_t)(eq - argv[i])) : argv[i];
        if (!is_name(var))
            sh_error("%s: %s: bad variable name", name, var);
        if (eq && var_set(var, eq + 1, 0) < 0)
            sh_raise(EX_ERROR);
        var_add_flags(var, flag);
    }
    return 0;
}

static int bi_export(int argc, char **argv)
{
    return set_flags(argc, argv, V_EXPORT, "export");
}

static int bi_readonly(int argc, char **argv)
{
    return set_flags(argc, argv, V_READONLY, "readonly");
}

static int bi_unset(int argc, char **argv)
{
    int funcs = 0, status = 0, i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-f") == 0)
            funcs = 1;
        else if (strcmp(argv[i], "-v") == 0)
            funcs = 0;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
    }
    for (; i < argc; i++) {
        if (funcs)
            func_unset(argv[i]);
        else if (var_unset(argv[i]) < 0)
            status = 1;
    }
    return status;
}

static int bi_set(int argc, char **argv)
{
    int i = 1;

    if (argc == 1) {
        var_print(0, NULL);
        return 0;
    }
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            goto positional;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1])
            break;
        int on = a[0] == '-';
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'o') {
                if (i + 1 >= argc) {
                    opt_print(!on);
                    continue;
                }
                if (opt_set_name(argv[++i], on) < 0)
                    sh_error("set: Illegal option -o %s", argv[i]);
            } else if (opt_set_letter(*p, on) < 0) {
                sh_error("set: Illegal option %c%c", a[0], *p);
            }
        }
    }
    if (i >= argc)
        return 0;
positional:
    params_set(argc - i, argv + i);
    return 0;
}

/* ---- cd and pwd ------------------------------------------------------------------------- */

/* Removes ".", ".." and doubled slashes from an absolute path (a temporary). */
static char *canonical(const char *path)
{
    char *out = tmp_alloc(strlen(path) + 2);
    size_t len = 0;

    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        const char *end = strchrnul(p, '/');
        size_t n = (size_t)(end - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else {
            out[len++] = '/';
            memcpy(out + len, p, n);
            len += n;
        }
        p = end;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

static const char *current_dir(void)
{
    const char *pwd = var_get("PWD");
    struct stat a, b;

    if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev)
        return pwd;
    char *cwd = getcwd(NULL, 0);
    return cwd ? tmp_own(cwd) : NULL;
}

static int bi_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    int print = 0;

    if (argc > 1 && strcmp(argv[1], "--") == 0)
        dir = argc > 2 ? argv[2] : var_get("HOME");
    if (!dir)
        sh_error("cd: HOME not set");
    if (strcmp(dir, "-") == 0) {
        dir = var_get("OLDPWD");
        if (!dir)
            sh_error("cd: OLDPWD not set");
        print = 1;
    }
    const char *old = current_dir();
    char *target;
    if (dir[0] == '/')
        target = canonical(dir);
    else
        target = canonical(tmp_printf("%s/%s", old ? old : ".", dir));
    if (chdir(target) < 0) {
        if (chdir(dir) < 0) {
            sh_warn("cd: can't cd to %s", dir);
            return 2;
        }
        char *cwd = getcwd(NULL, 0);
        target = cwd ? tmp_own(cwd) : (char *)dir;
    }
    if (old)
        var_set("OLDPWD", old, 0);
    var_set("PWD", target, 0);
    if (print)
        out_printf("%s\n", target);
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    const char *dir = current_dir();

    if (argc > 1 && strcmp(argv[1], "-P") == 0) {
        char *cwd = getcwd(NULL, 0);
        dir = cwd ? tmp_own(cwd) : NULL;
    }
    if (!dir) {
        sh_warn("pwd: %s", strerror(errno));
        return 2;
    }
    out_printf("%s\n", dir);
    return 0;
}

/* ---- umask ------------------------------------------------------------------------------ */

static int bi_umask(int argc, char **argv)
{
    mode_t mask = umask(0);

    umask(mask);
    if (argc > 1 && strcmp(argv[1], "-S") == 0) {
        static const char who[] = "ugo";
        for (int i = 0; i < 3; i++) {
            mode_t bits = ~mask >> (6 - 3 * i) & 7;
            out_printf("%c=%s%s%s%s", who[i], bits & 4 ? "r" : "", bits & 2 ? "w" : "",
                       bits & 1 ? "x" : "", i < 2 ? "," : "\n");
        }
        return 0;
    }
    if (argc < 2) {
        out_printf("%04o\n", (unsigned)mask);
        return 0;
    }
    char *end;
    long m = strtol(argv[1], &end, 8);
    if (*end || m < 0 || m > 0777)
        sh_error("umask: Illegal number: %s", argv[1]);
    umask((mode_t)m);
    return 0;
}

/* ---- type and command ------------------------------------------------------------------- */

static int is_keyword(const char *s)
{
    static const char *const words[] = {"if",   "then", "else", "elif",  "fi",    "do",
                                        "done", "case", "esac", "while", "until", "for",
                                        "in",   "{",    "}",    "!",     NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return 1;
    return 0;
}

/* verbose: type's sentences; otherwise command -v's bare names. */
static int describe(const char *name, int verbose)
{
    const struct builtin *bi;

    if (is_keyword(name)) {
        if (verbose)
            out_printf("%s is a shell keyword\n", name);
        else
            out_printf("%s\n", name);
        return 0;
    }
    if (func_lookup(name)) {
        if (verbose)
            out_printf("%s is a shell function\n", name);
        else
            out_printf("%s\n", name);
        return 0;
    }
    bi = builtin_lookup(name);
    if (bi) {
        if (verbose)
            out_printf("%s is a %sshell builtin\n", name, bi->special ? "special " : "");
        else
            out_printf("%s\n", name);
        return 0;
    }
    const char *path =
        strchr(name, '/') ? (access(name, X_OK) == 0 ? name : NULL) : path_search(name);
    if (path) {
        if (verbose)
            out_printf("%s is %s\n", name, path);
        else
            out_printf("%s\n", path);
        return 0;
    }
    if (verbose)
        out_printf("%s: not found\n", name);
    return 127;
}

static int bi_type(int argc, char **argv)
{
    int status = 0;

    for (int i = 1; i < argc; i++)
        if (describe(argv[i], 1))
            status = 127;
    return status;
}

static int bi_command(int argc, char **argv)
{
    int i = 1, mode = 0;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-v") == 0)
            mode = 'v';
        else if (strcmp(argv[i], "-V") == 0)
            mode = 'V';
        else if (strcmp(argv[i], "-p") == 0)
            continue;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            break;
    }
    if (i >= argc)
        return 0;
    if (mode) {
        int status = 0;
        for (; i < argc; i++)
            if (describe(argv[i], mode == 'V'))
                status = 127;
        return status;
    }
    const struct builtin *bi = builtin_lookup(argv[i]);
    if (bi)
        return bi->fn(argc - i, argv + i);
    out_flush();
    struct job *job = job_new(1);
    pid_t pid = job_fork(job, NULL, 0);
    if (pid == 0)
        exec_external(argv + i);
    return job_wait_fg(job);
}

/* ---- getopts ---------------------------------------------------------------------------- */

static int getopts_next_char = 1; /* position inside the current argument */

static int bi_getopts(int argc, char **argv)
{
    if (argc < 3)
        sh_error("Usage: getopts optstring var [arg...]");
    const char *optstring = argv[1], *var = argv[2];
    char **args = argc > 3 ? argv + 3 : sh_params.values;
    int nargs = argc > 3 ? argc - 3 : sh_params.count;
    const char *oi = var_get("OPTIND");
    int optind = oi ? atoi(oi) : 1;
    int silent = optstring[0] == ':';

    if (optind < 1 || optind == 1)
        getopts_next_char = optind == 1 && getopts_next_char > 1 ? getopts_next_char : 1;
    if (optind > nargs || args[optind - 1][0] != '-' || !args[optind - 1][1] ||
        strcmp(args[optind - 1], "--") == 0) {
        if (optind <= nargs && strcmp(args[optind - 1], "--") == 0)
            optind++;
        var_set(var, "?", 0);
        var_set("OPTIND", tmp_printf("%d", optind), 0);
        getopts_next_char = 1;
        return 1;
    }
    const char *arg = args[optind - 1];
    char c = arg[getopts_next_char++];
    const char *spec = strchr(optstring + silent, c);
    char name[2] = {c, '\0'};
    if (!arg[getopts_next_char]) {
        optind++;
        getopts_next_char = 1;
    }
    if (!spec || c == ':') {
        if (silent) {
            var_set("OPTARG", name, 0);
        } else {
            sh_warn("Illegal option -%c", c);
            var_unset("OPTARG");
        }
        var_set(var, "?", 0);
    } else if (spec[1] == ':') {
        if (getopts_next_char > 1) {
            var_set("OPTARG", arg + getopts_next_char, 0);
            optind++;
            getopts_next_char = 1;
        } else if (optind <= nargs) {
            var_set("OPTARG", args[optind - 1], 0);
            optind++;
        } else {
            if (silent) {
                var_set("OPTARG", name, 0);
                var_set(var, ":", 0);
            } else {
                sh_warn("No arg for -%c option", c);
                var_unset("OPTARG");
                var_set(var, "?", 0);
            }
            var_set("OPTIND", tmp_printf("%d", optind), 0);
            return 0;
        }
        var_set(var, name, 0);
    } else {
        var_unset("OPTARG");
        var_set(var, name, 0);
    }
    var_set("OPTIND", tmp_printf("%d", optind), 0);
    return 0;
}

/* ---- the table -------------------------------------------------------------------------- */

static const struct builtin builtins[] = {
    {".", bi_dot, 1},
    {":", bi_true, 1},
    {"[", bi_test, 0},
    {"bg", bi_bg, 0},
    {"break", bi_break, 1},
    {"cd", bi_cd, 0},
    {"command", bi_command, 0},
    {"continue", bi_continue, 1},
    {"echo", bi_echo, 0},
    {"eval", bi_eval, 1},
    {"exec", bi_exec, 1},
    {"exit", bi_exit, 1},
    {"export", bi_export, 1},
    {"false", bi_false, 0},
    {"fg", bi_fg, 0},
    {"getopts", bi_getopts, 0},
    {"jobs", bi_jobs, 0},
    {"kill", bi_kill, 0},
    {"local", bi_local, 0},
    {"printf", bi_printf, 0},
    {"pwd", bi_pwd, 0},
    {"read", bi_read, 0},
    {"readonly", bi_readonly, 1},
    {"return", bi_return, 1},
    {"set", bi_set, 1},
    {"shift", bi_shift, 1},
    {"test", bi_test, 0},
    {"trap", bi_trap, 1},
    {"true", bi_true, 0},
    {"type", bi_type, 0},
    {"umask", bi_umask, 0},
    {"unset", bi_unset, 1},
    {"wait", bi_wait, 0},
};

const struct builtin *builtin_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}
