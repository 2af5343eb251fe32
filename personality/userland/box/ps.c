/* ps.c - ps and kill.
 *
 * ps lists processes from /proc (proc.c): by default those of the caller's effective user on
 * the caller's terminal, as "PID TTY TIME CMD"; -e/-A lists all, -f the full format (UID PID
 * PPID C STIME TTY TIME CMD with the command line), and `ps aux` (BSD style, no dash) all
 * processes with USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND. -p PID selects. */
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CMDLINE_MAX 4096

enum ps_format { PS_DEFAULT, PS_FULL, PS_BSD };

struct ps_opts {
    bool all;
    enum ps_format format;
    pid_t only;
};

/* [DD-]HH:MM:SS from clock ticks. */
static void cpu_time(unsigned long long ticks, char *buf, size_t cap)
{
    unsigned long long s = ticks / (unsigned long long)sysconf(_SC_CLK_TCK);
    unsigned long long days = s / 86400;
    if (days)
        snprintf(buf, cap, "%llu-%02llu:%02llu:%02llu", days, s / 3600 % 24, s / 60 % 60, s % 60);
    else
        snprintf(buf, cap, "%02llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
}

/* HH:MM when the process started today, else "Mon DD" (the STIME / START columns). */
static void start_time(const struct proc_task *t, long long boot, char *buf, size_t cap)
{
    time_t start =
        (time_t)(boot + (long long)(t->starttime / (unsigned long long)sysconf(_SC_CLK_TCK)));
    time_t now = time(NULL);
    struct tm tm, today;
    localtime_r(&start, &tm);
    localtime_r(&now, &today);
    bool same_day = tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday;
    strftime(buf, cap, same_day ? "%H:%M" : "%b%d", &tm);
}

static double cpu_percent(const struct proc_task *t, double uptime)
{
    double seconds = uptime - (double)t->starttime / (double)sysconf(_SC_CLK_TCK);
    if (seconds <= 0)
        return 0;
    return 100.0 * (double)(t->utime + t->stime) / (double)sysconf(_SC_CLK_TCK) / seconds;
}

static const char *user_label(uid_t uid, char *buf, size_t cap)
{
    const char *name = box_user_name(uid);
    if (name && strlen(name) <= 8)
        return name;
    snprintf(buf, cap, "%u", (unsigned)uid);
    return buf;
}

static void print_header(enum ps_format f)
{
    if (f == PS_FULL)
        puts("UID        PID  PPID  C STIME TTY          TIME CMD");
    else if (f == PS_BSD)
        puts("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    else
        puts("  PID TTY          TIME CMD");
}

static void print_task(const struct ps_opts *o, const struct proc_task *t, long long boot,
                       double uptime, unsigned long long mem_total_kib)
{
    char tty[32], tm[32], st[16], cmd[CMDLINE_MAX], user[32];
    proc_tty_name(t->tty_nr, tty, sizeof tty);
    cpu_time(t->utime + t->stime, tm, sizeof tm);
    if (o->format == PS_DEFAULT) {
        printf("%5d %-8s %8s %s\n", (int)t->pid, tty, tm, t->comm);
        return;
    }
    proc_cmdline(t->pid, cmd, sizeof cmd);
    if (!cmd[0])
        snprintf(cmd, sizeof cmd, "[%s]", t->comm);
    start_time(t, boot, st, sizeof st);
    const char *who = user_label(t->uid, user, sizeof user);
    if (o->format == PS_FULL) {
        printf("%-8s %5d %5d %2d %5s %-8s %8s %s\n", who, (int)t->pid, (int)t->ppid,
               (int)cpu_percent(t, uptime), st, tty, tm, cmd);
        return;
    }
    long page_kib = sysconf(_SC_PAGESIZE) / 1024;
    unsigned long long rss_kib = (unsigned long long)t->rss * (unsigned long long)page_kib;
    double mem = mem_total_kib ? 100.0 * (double)rss_kib / (double)mem_total_kib : 0;
    unsigned long long secs = (t->utime + t->stime) / (unsigned long long)sysconf(_SC_CLK_TCK);
    char stat[8] = {t->state, '\0'};
    if (t->nice < 0)
        strcat(stat, "<");
    else if (t->nice > 0)
        strcat(stat, "N");
    if (t->threads > 1)
        strcat(stat, "l");
    printf("%-8s %5d %4.1f %4.1f %6llu %5llu %-8s %-4s %5s %3llu:%02llu %s\n", who, (int)t->pid,
           cpu_percent(t, uptime), mem, t->vsize / 1024, rss_kib, tty, stat, st, secs / 60,
           secs % 60, cmd);
}

/* Which processes the default selection shows: the caller's, on the caller's terminal. */
static bool selected(const struct ps_opts *o, const struct proc_task *t,
                     const struct proc_task *self)
{
    if (o->only)
        return t->pid == o->only;
    if (o->all)
        return true;
    return t->uid == self->uid && t->tty_nr == self->tty_nr;
}

static bool parse_ps_args(int argc, char **argv, struct ps_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool bsd = a[0] != '-';
        for (const char *p = a + !bsd; *p; p++) {
            if (*p == 'e' || *p == 'A' || (bsd && (*p == 'a' || *p == 'x')))
                o->all = true;
            else if (*p == 'f' && !bsd)
                o->format = PS_FULL;
            else if (*p == 'u' && bsd)
                o->format = PS_BSD;
            else if (*p == 'p' && !bsd && i + 1 < argc && !p[1]) {
                long long v;
                if (!box_parse_long(argv[++i], &v) || v <= 0) {
                    box_warn("process ID list syntax error");
                    return false;
                }
                o->only = (pid_t)v;
            } else if (*p != 'w') {
                box_warn("unsupported option (BSD syntax) or unknown option -- '%c'", *p);
                return false;
            }
        }
    }
    return true;
}

int ps_main(int argc, char **argv)
{
    struct ps_opts o = {0};
    if (!parse_ps_args(argc, argv, &o))
        return 1;
    struct proc_task self;
    if (!proc_read_task(getpid(), &self))
        box_die(1, "cannot read /proc/%d/stat (is /proc mounted?)", (int)getpid());
    struct proc_meminfo mem;
    unsigned long long mem_total = proc_read_meminfo(&mem) ? mem.total : 0;
    long long boot = proc_boot_time();
    double uptime = proc_uptime();
    size_t n;
    pid_t *pids = proc_pids(&n);
    print_header(o.format);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        struct proc_task t;
        if (!proc_read_task(pids[i], &t) || !selected(&o, &t, &self))
            continue;
        print_task(&o, &t, boot, uptime, mem_total);
        any = true;
    }
    free(pids);
    return any ? 0 : 1;
}

/* ---- kill ---------------------------------------------------------------------------------- */

static const char *const SIGNAL_NAMES[] = {
    [SIGHUP] = "HUP",   [SIGINT] = "INT",       [SIGQUIT] = "QUIT", [SIGILL] = "ILL",
    [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",     [SIGBUS] = "BUS",   [SIGFPE] = "FPE",
    [SIGKILL] = "KILL", [SIGUSR1] = "USR1",     [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
    [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM",     [SIGTERM] = "TERM", [SIGSTKFLT] = "STKFLT",
    [SIGCHLD] = "CHLD", [SIGCONT] = "CONT",     [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
    [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",     [SIGURG] = "URG",   [SIGXCPU] = "XCPU",
    [SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
    [SIGPOLL] = "POLL", [SIGPWR] = "PWR",       [SIGSYS] = "SYS",
};
#define SIGNAL_COUNT ((int)(sizeof SIGNAL_NAMES / sizeof SIGNAL_NAMES[0]))

/* A signal by number or name ("TERM", "SIGTERM", "term"); -1 if none. */
static int signal_number(const char *s)
{
    long long v;
    if (box_parse_long(s, &v))
        return v >= 0 && v < 65 ? (int)v : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 1; i < SIGNAL_COUNT; i++)
        if (SIGNAL_NAMES[i] && strcasecmp(s, SIGNAL_NAMES[i]) == 0)
            return i;
    return -1;
}

static int kill_list(const char *arg)
{
    if (arg) {
        int n = signal_number(arg);
        if (n >= 128)
            n -= 128;
        if (n <= 0 || n >= SIGNAL_COUNT || !SIGNAL_NAMES[n]) {
            box_warn("unknown signal: %s", arg);
            return 1;
        }
        if (box_parse_long(arg, &(long long){0}))
            puts(SIGNAL_NAMES[n]);
        else
            printf("%d\n", n);
        return 0;
    }
    for (int i = 1; i < SIGNAL_COUNT; i++)
        if (SIGNAL_NAMES[i])
            printf("%2d) SIG%-8s%s", i, SIGNAL_NAMES[i], i % 5 == 0 ? "\n" : " ");
    putchar('\n');
    return 0;
}

int kill_main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (i < argc && (strcmp(argv[i], "-l") == 0 || strcmp(argv[i], "-L") == 0))
        return kill_list(i + 1 < argc ? argv[i + 1] : NULL);
    if (i < argc && (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-n") == 0)) {
        if (i + 1 >= argc) {
            box_warn("option requires an argument -- '%c'", argv[i][1]);
            return box_usage(1);
        }
        sig = signal_number(argv[i + 1]);
        if (sig < 0)
            box_die(1, "unknown signal: %s", argv[i + 1]);
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
        sig = signal_number(argv[i] + 1);
        if (sig < 0)
            box_die(1, "unknown signal: %s", argv[i] + 1);
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i >= argc) {
        box_warn("not enough arguments");
        return box_usage(1);
    }
    int status = 0;
    for (; i < argc; i++) {
        long long pid;
        if (!box_parse_long(argv[i], &pid)) {
            box_warn("cannot find process \"%s\"", argv[i]);
            status = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) != 0) {
            box_warn_errno("sending signal to %lld failed", pid);
            status = 1;
        }
    }
    return status;
}
