/* proc.c - parsers for the /proc files of proc.h. Every reader tolerates a process that exits
 * while it is being read (the files vanish: the function reports failure). */
#include "proc.h"

#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

/* Linux's tty majors (Documentation/admin-guide/devices.txt). */
#define TTY_MAJOR          4
#define TTYAUX_MAJOR       5
#define UNIX98_PTY_MAJOR   136
#define UNIX98_PTY_MAJORS  8
#define SERIAL_MINOR_FIRST 64

static int compare_pids(const void *a, const void *b)
{
    pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
    return (x > y) - (x < y);
}

pid_t *proc_pids(size_t *count)
{
    DIR *dir = opendir("/proc");
    size_t n = 0, cap = 64;
    pid_t *pids = box_malloc(cap * sizeof *pids);
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (n == cap)
            pids = box_realloc(pids, (cap *= 2) * sizeof *pids);
        pids[n++] = (pid_t)atoi(e->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(pids, n, sizeof *pids, compare_pids);
    *count = n;
    return pids;
}

static size_t read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

static uid_t status_uid(pid_t pid)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if (!read_file(path, buf, sizeof buf))
        return (uid_t)-1;
    const char *line = strstr(buf, "\nUid:");
    unsigned real, effective;
    if (!line || sscanf(line + 5, "%u %u", &real, &effective) != 2)
        return (uid_t)-1;
    return effective;
}

bool proc_read_task(pid_t pid, struct proc_task *t)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (!read_file(path, buf, sizeof buf))
        return false;
    /* comm may hold spaces and parentheses: it runs from the first '(' to the last ')'. */
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close || close < open)
        return false;
    memset(t, 0, sizeof *t);
    t->pid = pid;
    size_t len = (size_t)(close - open - 1);
    if (len >= sizeof t->comm)
        len = sizeof t->comm - 1;
    memcpy(t->comm, open + 1, len);
    t->comm[len] = '\0';
    /* Fields 3 on: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
     * utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss */
    int fields = sscanf(close + 2,
                        "%c %d %*d %*d %d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %ld %ld %ld "
                        "%*d %llu %llu %lld",
                        &t->state, &t->ppid, &t->tty_nr, &t->utime, &t->stime, &t->priority,
                        &t->nice, &t->threads, &t->starttime, &t->vsize, &t->rss);
    if (fields < 3)
        return false;
    t->uid = status_uid(pid);
    return true;
}

void proc_cmdline(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    size_t n = read_file(path, buf, cap);
    while (n > 0 && buf[n - 1] == '\0')
        n--;
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    buf[n] = '\0';
}

void proc_tty_name(int tty_nr, char *buf, size_t cap)
{
    unsigned maj = major((dev_t)tty_nr), min = minor((dev_t)tty_nr);
    if (tty_nr == 0)
        snprintf(buf, cap, "?");
    else if (maj >= UNIX98_PTY_MAJOR && maj < UNIX98_PTY_MAJOR + UNIX98_PTY_MAJORS)
        snprintf(buf, cap, "pts/%u", (maj - UNIX98_PTY_MAJOR) * 256 + min);
    else if (maj == TTY_MAJOR && min < SERIAL_MINOR_FIRST)
        snprintf(buf, cap, "tty%u", min);
    else if (maj == TTY_MAJOR)
        snprintf(buf, cap, "ttyS%u", min - SERIAL_MINOR_FIRST);
    else if (maj == TTYAUX_MAJOR && min == 1)
        snprintf(buf, cap, "console");
    else
        snprintf(buf, cap, "%u,%u", maj, min);
}

bool proc_read_meminfo(struct proc_meminfo *m)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return false;
    static const struct {
        const char *name;
        size_t offset;
    } keys[] = {
        {"MemTotal:", offsetof(struct proc_meminfo, total)},
        {"MemFree:", offsetof(struct proc_meminfo, free)},
        {"MemAvailable:", offsetof(struct proc_meminfo, available)},
        {"Buffers:", offsetof(struct proc_meminfo, buffers)},
        {"Cached:", offsetof(struct proc_meminfo, cached)},
        {"Shmem:", offsetof(struct proc_meminfo, shmem)},
        {"SReclaimable:", offsetof(struct proc_meminfo, sreclaimable)},
        {"SwapTotal:", offsetof(struct proc_meminfo, swap_total)},
        {"SwapFree:", offsetof(struct proc_meminfo, swap_free)},
    };
    memset(m, 0, sizeof *m);
    bool have_available = false;
    char name[64];
    unsigned long long value;
    while (fscanf(f, "%63s %llu%*[^\n]", name, &value) == 2) {
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            if (strcmp(name, keys[i].name) == 0) {
                *(unsigned long long *)((char *)m + keys[i].offset) = value;
                have_available |= i == 2;
            }
        }
    }
    fclose(f);
    /* Kernels before 3.14 lack MemAvailable; estimate it as procps does. */
    if (!have_available)
        m->available = m->free + m->buffers + m->cached;
    return m->total > 0;
}

bool proc_read_cpu(unsigned long long ticks[PROC_CPU_FIELDS])
{
    char buf[512];
    if (!read_file("/proc/stat", buf, sizeof buf))
        return false;
    memset(ticks, 0, PROC_CPU_FIELDS * sizeof ticks[0]);
    return sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &ticks[0], &ticks[1],
                  &ticks[2], &ticks[3], &ticks[4], &ticks[5], &ticks[6], &ticks[7]) >= 4;
}

long long proc_boot_time(void)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return 0;
    char line[512];
    long long btime = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "btime %lld", &btime) == 1)
            break;
    fclose(f);
    return btime;
}

double proc_uptime(void)
{
    char buf[128];
    double up = 0;
    if (read_file("/proc/uptime", buf, sizeof buf))
        sscanf(buf, "%lf", &up);
    return up;
}
