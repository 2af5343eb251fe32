/* proc.h - reading the Linux /proc files that ps, top and free show: /proc/<pid>/stat,
 * status and cmdline, /proc/stat, /proc/meminfo and /proc/uptime. VaelixOS emulates these in
 * the Linux format, so the same code runs on the host. */
#ifndef BOX_PROC_H
#define BOX_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Longest command name the kernel keeps (comm), with its NUL. */
#define PROC_COMM_MAX 64

/* The fields of /proc/<pid>/stat that the applets use (man 5 proc for their meaning). */
struct proc_task {
    pid_t pid, ppid;
    char comm[PROC_COMM_MAX];
    char state;
    int tty_nr;
    unsigned long long utime, stime; /* clock ticks */
    long priority, nice, threads;
    unsigned long long starttime; /* clock ticks after boot */
    unsigned long long vsize;     /* bytes */
    long long rss;                /* pages */
    uid_t uid;                    /* effective, from /proc/<pid>/status */
};

/* The numeric directories of /proc, ascending. Returns a new array (free()) of *count pids. */
pid_t *proc_pids(size_t *count);
/* Reads /proc/<pid>/stat and the uid from status; false if the process is gone. */
bool proc_read_task(pid_t pid, struct proc_task *t);
/* The command line, arguments joined by spaces, into buf; empty for kernel threads. */
void proc_cmdline(pid_t pid, char *buf, size_t cap);
/* "pts/0", "tty1", "ttyS0", "console" or "?" for a tty_nr. */
void proc_tty_name(int tty_nr, char *buf, size_t cap);

/* /proc/meminfo, in KiB. */
struct proc_meminfo {
    unsigned long long total, free, available, buffers, cached, shmem, sreclaimable;
    unsigned long long swap_total, swap_free;
};
bool proc_read_meminfo(struct proc_meminfo *m);
/* The "cpu" line of /proc/stat: ticks spent user, nice, system, idle, iowait, irq, softirq,
 * steal. */
#define PROC_CPU_FIELDS 8
bool proc_read_cpu(unsigned long long ticks[PROC_CPU_FIELDS]);
/* btime of /proc/stat: the boot time in seconds since the epoch; 0 if unknown. */
long long proc_boot_time(void);
/* Seconds since boot, from /proc/uptime. */
double proc_uptime(void);

#endif
