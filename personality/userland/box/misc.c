/* misc.c - the small applets that are a few lines each: true, false, yes, pwd, sleep, sync,
 * clear, hostname, which and env. */
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* env's statuses for a command it could not run, as POSIX sets them for the shell. */
#define ENV_NOT_EXECUTABLE 126
#define ENV_NOT_FOUND      127

int true_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int false_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}

int yes_main(int argc, char **argv)
{
    size_t len = 0;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *line = box_malloc(len + 2);
    line[0] = '\0';
    for (int i = 1; i < argc; i++) {
        strcat(line, argv[i]);
        strcat(line, i + 1 < argc ? " " : "");
    }
    if (argc < 2)
        strcpy(line, "y");
    strcat(line, "\n");
    len = strlen(line);
    /* Fill a buffer with whole lines so each write moves many of them. */
    size_t copies = len < 4096 ? 4096 / len : 1;
    char *buf = box_malloc(copies * len);
    for (size_t i = 0; i < copies; i++)
        memcpy(buf + i * len, line, len);
    while (box_write_all(STDOUT_FILENO, buf, copies * len))
        ;
    box_warn_errno("standard output");
    return 1;
}

int pwd_main(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "LP")) != -1)
        if (opt == '?')
            return box_usage(1);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        box_die_errno(1, "error retrieving current directory");
    puts(cwd);
    free(cwd);
    return 0;
}

/* One sleep operand: a number of seconds with an optional s, m, h or d suffix. */
static bool parse_interval(const char *s, double *seconds)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0 || isnan(v))
        return false;
    double unit = 1;
    if (*end) {
        static const char suffixes[] = "smhd";
        static const double units[] = {1, 60, 3600, 86400};
        const char *p = strchr(suffixes, *end);
        if (!p || end[1])
            return false;
        unit = units[p - suffixes];
    }
    *seconds = v * unit;
    return true;
}

int sleep_main(int argc, char **argv)
{
    if (argc < 2) {
        box_warn("missing operand");
        return box_usage(1);
    }
    double total = 0;
    for (int i = 1; i < argc; i++) {
        double s;
        if (!parse_interval(argv[i], &s)) {
            box_warn("invalid time interval '%s'", argv[i]);
            return box_usage(1);
        }
        total += s;
    }
    struct timespec ts = {.tv_sec = (time_t)total, .tv_nsec = (long)((total - floor(total)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    return 0;
}

int sync_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sync();
    return 0;
}

int clear_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("\033[H\033[2J", stdout);
    return 0;
}

int hostname_main(int argc, char **argv)
{
    if (argc > 1) {
        if (sethostname(argv[1], strlen(argv[1])) != 0)
            box_die_errno(1, "cannot set hostname to '%s'", argv[1]);
        return 0;
    }
    struct utsname u;
    if (uname(&u) != 0)
        box_die_errno(1, "cannot determine hostname");
    puts(u.nodename);
    return 0;
}

static bool is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Prints every match of name on $PATH (only the first unless all); true if any. */
static bool which_one(const char *name, bool all)
{
    if (strchr(name, '/')) {
        if (!is_executable_file(name))
            return false;
        puts(name);
        return true;
    }
    const char *path = getenv("PATH");
    char *copy = box_strdup(path ? path : "/bin:/usr/bin");
    bool found = false;
    char *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *full = box_path_join(*dir ? dir : ".", name);
        if (is_executable_file(full)) {
            puts(full);
            found = true;
        }
        free(full);
        if (found && !all)
            break;
    }
    free(copy);
    return found;
}

int which_main(int argc, char **argv)
{
    bool all = false;
    int opt;
    while ((opt = getopt(argc, argv, "a")) != -1) {
        if (opt != 'a')
            return 2;
        all = true;
    }
    int status = 0;
    for (int i = optind; i < argc; i++)
        if (!which_one(argv[i], all))
            status = 1;
    return status;
}

int env_main(int argc, char **argv)
{
    static const struct option longopts[] = {{"ignore-environment", no_argument, NULL, 'i'},
                                             {"unset", required_argument, NULL, 'u'},
                                             {NULL, 0, NULL, 0}};
    int opt;
    /* '+': options end at the first operand, which may be a command with its own options. */
    while ((opt = getopt_long(argc, argv, "+iu:0", longopts, NULL)) != -1) {
        if (opt == 'i')
            clearenv();
        else if (opt == 'u')
            unsetenv(optarg);
        else if (opt != '0')
            return box_usage(125);
    }
    int i = optind;
    if (i < argc && strcmp(argv[i], "-") == 0) {
        clearenv();
        i++;
    }
    for (; i < argc && strchr(argv[i], '='); i++)
        putenv(argv[i]);
    if (i == argc) {
        extern char **environ;
        for (char **e = environ; e && *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    int status = errno == ENOENT ? ENV_NOT_FOUND : ENV_NOT_EXECUTABLE;
    box_warn_errno("'%s'", argv[i]);
    return status;
}
