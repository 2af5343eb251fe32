/* top.c - top and free: memory and CPU from /proc (proc.c).
 *
 * top prints a summary (uptime and load, task states, CPU use, memory) and the processes by
 * CPU use. -b writes plain frames one after another (batch mode, for pipes); otherwise each
 * frame replaces the last on the terminal with ANSI escapes (cursor home, clear) and 'q' quits.
 * -n N stops after N frames, -d SECONDS sets the interval. CPU shares are measured between
 * frames; the first frame measures over a short first interval. */
#include "proc.h"
#include "util.h"

#include <math.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* How long the first frame's CPU sample runs. */
#define FIRST_SAMPLE_US 200000
#define DEFAULT_DELAY_S 3.0
/* Lines the interactive screen keeps for the summary and the column header. */
#define SUMMARY_LINES 7
#define DEFAULT_ROWS  24

struct sample {
    pid_t pid;
    unsigned long long ticks;
};

struct top_row {
    struct proc_task task;
    double cpu;
};

struct snapshot {
    struct sample *samples;
    size_t n;
    unsigned long long cpu[PROC_CPU_FIELDS];
};

static void take_snapshot(struct snapshot *s)
{
    size_t n;
    pid_t *pids = proc_pids(&n);
    s->samples = box_malloc((n + 1) * sizeof *s->samples);
    s->n = 0;
    for (size_t i = 0; i < n; i++) {
        struct proc_task t;
        if (proc_read_task(pids[i], &t))
            s->samples[s->n++] = (struct sample){t.pid, t.utime + t.stime};
    }
    free(pids);
    proc_read_cpu(s->cpu);
}

static unsigned long long earlier_ticks(const struct snapshot *s, pid_t pid)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->samples[i].pid == pid)
            return s->samples[i].ticks;
    return 0;
}

static int by_cpu(const void *a, const void *b)
{
    const struct top_row *x = a, *y = b;
    if (x->cpu != y->cpu)
        return x->cpu < y->cpu ? 1 : -1;
    return (x->task.pid > y->task.pid) - (x->task.pid < y->task.pid);
}

static void print_uptime_line(void)
{
    double up = proc_uptime(), load[3] = {0, 0, 0};
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = load[1] = load[2] = 0;
        fclose(f);
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char clock[16];
    strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    long mins = (long)up / 60;
    printf("top - %s up ", clock);
    if (mins >= 1440)
        printf("%ld day%s, ", mins / 1440, mins / 1440 == 1 ? "" : "s");
    printf("%2ld:%02ld,  load average: %.2f, %.2f, %.2f\n", mins / 60 % 24, mins % 60, load[0],
           load[1], load[2]);
}

static void print_summary(const struct top_row *rows, size_t n, const struct snapshot *before,
                          const struct snapshot *after)
{
    size_t running = 0, sleeping = 0, stopped = 0, zombie = 0;
    for (size_t i = 0; i < n; i++) {
        char s = rows[i].task.state;
        running += s == 'R';
        sleeping += s == 'S' || s == 'D' || s == 'I';
        stopped += s == 'T' || s == 't';
        zombie += s == 'Z';
    }
    print_uptime_line();
    printf("Tasks: %3zu total, %3zu running, %3zu sleeping, %3zu stopped, %3zu zombie\n", n,
           running, sleeping, stopped, zombie);
    double delta[PROC_CPU_FIELDS], total = 0;
    for (int i = 0; i < PROC_CPU_FIELDS; i++) {
        delta[i] = (double)(after->cpu[i] - before->cpu[i]);
        total += delta[i];
    }
    if (total <= 0)
        total = 1;
    /* /proc/stat order: user nice system idle iowait irq softirq steal */
    printf("%%Cpu(s): %4.1f us, %4.1f sy, %4.1f ni, %4.1f id, %4.1f wa, %4.1f hi, %4.1f si, "
           "%4.1f st\n",
           100 * delta[0] / total, 100 * delta[2] / total, 100 * delta[1] / total,
           100 * delta[3] / total, 100 * delta[4] / total, 100 * delta[5] / total,
           100 * delta[6] / total, 100 * delta[7] / total);
    struct proc_meminfo m;
    if (proc_read_meminfo(&m)) {
        double cache = (double)(m.buffers + m.cached + m.sreclaimable) / 1024;
        printf("MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache\n",
               (double)m.total / 1024, (double)m.free / 1024,
               (double)(m.total - m.available) / 1024, cache);
        printf("MiB Swap: %8.1f total, %8.1f free, %8.1f used. %8.1f avail Mem\n",
               (double)m.swap_total / 1024, (double)m.swap_free / 1024,
               (double)(m.swap_total - m.swap_free) / 1024, (double)m.available / 1024);
    }
    putchar('\n');
}

static void print_row(const struct top_row *r, unsigned long long mem_total)
{
    const struct proc_task *t = &r->task;
    long page_kib = sysconf(_SC_PAGESIZE) / 1024;
    unsigned long long res = (unsigned long long)t->rss * (unsigned long long)page_kib;
    double mem = mem_total ? 100.0 * (double)res / (double)mem_total : 0;
    unsigned long long hundredths =
        (t->utime + t->stime) * 100 / (unsigned long long)sysconf(_SC_CLK_TCK);
    const char *user = box_user_name(t->uid);
    char uid[16], pr[24];
    snprintf(uid, sizeof uid, "%u", (unsigned)t->uid);
    if (t->priority < -99)
        snprintf(pr, sizeof pr, "rt");
    else
        snprintf(pr, sizeof pr, "%ld", t->priority);
    printf("%7d %-8.8s %3s %3ld %7llu %6llu %c %5.1f %5.1f %3llu:%02llu.%02llu %s\n", (int)t->pid,
           user ? user : uid, pr, t->nice, t->vsize / 1024, res, t->state, r->cpu, mem,
           hundredths / 6000, hundredths / 100 % 60, hundredths % 100, t->comm);
}

/* One frame: the processes' CPU use between the two snapshots; at most max_rows of them. */
static void print_frame(const struct snapshot *before, const struct snapshot *after, double seconds,
                        size_t max_rows)
{
    size_t n;
    pid_t *pids = proc_pids(&n);
    struct top_row *rows = box_malloc((n + 1) * sizeof *rows);
    size_t count = 0;
    double hz = (double)sysconf(_SC_CLK_TCK);
    for (size_t i = 0; i < n; i++) {
        struct top_row *r = &rows[count];
        if (!proc_read_task(pids[i], &r->task))
            continue;
        unsigned long long now = r->task.utime + r->task.stime;
        unsigned long long then = earlier_ticks(before, r->task.pid);
        r->cpu = seconds > 0 && now >= then ? 100.0 * (double)(now - then) / hz / seconds : 0;
        count++;
    }
    free(pids);
    qsort(rows, count, sizeof *rows, by_cpu);
    print_summary(rows, count, before, after);
    struct proc_meminfo m;
    unsigned long long total = proc_read_meminfo(&m) ? m.total : 0;
    printf("    PID USER      PR  NI    VIRT    RES S  %%CPU  %%MEM     TIME+ COMMAND\n");
    for (size_t i = 0; i < count && i < max_rows; i++)
        print_row(&rows[i], total);
    free(rows);
}

static int screen_rows(void)
{
    const char *env = getenv("LINES");
    long long v;
    if (env && box_parse_long(env, &v) && v > SUMMARY_LINES)
        return (int)v;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > SUMMARY_LINES)
        return ws.ws_row;
    return DEFAULT_ROWS;
}

/* Waits up to `seconds` for 'q' on a terminal; true if the user asked to quit. */
static bool wait_for_quit(double seconds, bool interactive)
{
    if (!interactive) {
        usleep((useconds_t)(seconds * 1e6));
        return false;
    }
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, (int)(seconds * 1000)) > 0) {
        char c;
        if (read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q' || c == 3))
            return true;
    }
    return false;
}

int top_main(int argc, char **argv)
{
    bool batch = false;
    long long frames = -1;
    double delay = DEFAULT_DELAY_S;
    int opt;
    while ((opt = getopt(argc, argv, "bn:d:")) != -1) {
        if (opt == 'b') {
            batch = true;
        } else if (opt == 'n') {
            if (!box_parse_long(optarg, &frames) || frames < 1)
                box_die(1, "bad iterations argument '%s'", optarg);
        } else if (opt == 'd') {
            char *end;
            delay = strtod(optarg, &end);
            if (*end || delay < 0 || isnan(delay))
                box_die(1, "bad delay interval '%s'", optarg);
        } else {
            return box_usage(1);
        }
    }
    bool interactive = !batch && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    struct termios saved, raw;
    if (interactive && tcgetattr(STDIN_FILENO, &saved) == 0) {
        raw = saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    } else {
        interactive = false;
    }
    struct snapshot before, after;
    take_snapshot(&before);
    usleep(FIRST_SAMPLE_US);
    double seconds = FIRST_SAMPLE_US / 1e6;
    for (long long i = 0; frames < 0 || i < frames; i++) {
        take_snapshot(&after);
        if (!batch)
            fputs("\033[H\033[2J", stdout);
        size_t rows = batch ? (size_t)-1 : (size_t)(screen_rows() - SUMMARY_LINES);
        print_frame(&before, &after, seconds, rows);
        if (batch)
            putchar('\n');
        fflush(stdout);
        free(before.samples);
        before = after;
        if (frames >= 0 && i + 1 >= frames)
            break;
        if (wait_for_quit(delay, interactive))
            break;
        seconds = delay;
    }
    free(before.samples);
    if (interactive)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    return 0;
}

/* ---- free ---------------------------------------------------------------------------------- */

/* procps's -h: bytes below 1024 as "NB", else one decimal below 10 units, whole units above,
 * with binary suffixes (Ki, Mi, Gi, ...). */
static void free_human(unsigned long long kib, char *buf, size_t cap)
{
    static const char units[] = "KMGTPE";
    double v = (double)kib * 1024;
    if (v < 1024) {
        snprintf(buf, cap, "%lluB", (unsigned long long)v);
        return;
    }
    int u = 0;
    v /= 1024;
    while (v >= 1024 && units[u + 1]) {
        v /= 1024;
        u++;
    }
    if (v < 10)
        snprintf(buf, cap, "%.1f%ci", v, units[u]);
    else
        snprintf(buf, cap, "%llu%ci", (unsigned long long)v, units[u]);
}

static void free_value(unsigned long long kib, char unit)
{
    char buf[32];
    if (unit == 'h')
        free_human(kib, buf, sizeof buf);
    else if (unit == 'b')
        snprintf(buf, sizeof buf, "%llu", kib * 1024);
    else if (unit == 'm')
        snprintf(buf, sizeof buf, "%llu", kib / 1024);
    else if (unit == 'g')
        snprintf(buf, sizeof buf, "%llu", kib / (1024 * 1024));
    else
        snprintf(buf, sizeof buf, "%llu", kib);
    printf("%12s", buf);
}

int free_main(int argc, char **argv)
{
    char unit = 'k';
    int opt;
    while ((opt = getopt(argc, argv, "bkmgh")) != -1) {
        if (opt == '?')
            return box_usage(1);
        unit = (char)opt;
    }
    struct proc_meminfo m;
    if (!proc_read_meminfo(&m))
        box_die_errno(1, "cannot read /proc/meminfo");
    unsigned long long cache = m.buffers + m.cached + m.sreclaimable;
    unsigned long long used = m.total > m.available ? m.total - m.available : 0;
    printf("%8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared", "buff/cache",
           "available");
    printf("%-8s", "Mem:");
    unsigned long long row[] = {m.total, used, m.free, m.shmem, cache, m.available};
    for (size_t i = 0; i < sizeof row / sizeof row[0]; i++)
        free_value(row[i], unit);
    printf("\n%-8s", "Swap:");
    free_value(m.swap_total, unit);
    free_value(m.swap_total - m.swap_free, unit);
    free_value(m.swap_free, unit);
    putchar('\n');
    return 0;
}
