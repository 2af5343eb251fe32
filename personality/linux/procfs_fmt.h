/*
 * linux/procfs_fmt.h - the text of /proc files, from plain data.
 *
 * procfs.c takes a snapshot of the processes under the locks (struct procfs_task and friends)
 * and these functions turn it into the bytes Linux would give, so ps, top, free and df parse
 * them unchanged. They touch nothing but their arguments: tests/unit/procfs_test.c checks
 * them against exact strings.
 *
 * Every procfmt_* writes at most `cap` bytes into buf (no NUL is added or counted) and
 * returns how many it wrote; output that does not fit is cut.
 */
#ifndef LINUX_PROCFS_FMT_H
#define LINUX_PROCFS_FMT_H

#include <stddef.h>
#include <stdint.h>

#define PROCFS_HZ          100u /* USER_HZ: clock ticks of /proc's times (sysconf(_SC_CLK_TCK)) */
#define PROCFS_COMM_MAX    16u  /* comm with its NUL, as Linux's TASK_COMM_LEN */
#define PROCFS_STAT_FIELDS 52u  /* fields of /proc/<pid>/stat (proc(5), Linux 3.5 and later) */

/* One process as /proc shows it. */
struct procfs_task {
    uint32_t pid, ppid, pgid, sid;
    char state;                 /* 'R' running, 'S' sleeping, 'Z' zombie */
    char comm[PROCFS_COMM_MAX]; /* NUL-terminated; may hold spaces and ')' */
    uint32_t umask;
    uint32_t threads;
    uint32_t fd_size;        /* slots in its fd table (FDSize) */
    uint64_t start_ticks;    /* when it started, in PROCFS_HZ ticks since boot */
    uint64_t sig_pending;    /* SigPnd: pending on its first thread (bit n-1: signal n) */
    uint64_t shd_pending;    /* ShdPnd: pending on the process */
    uint64_t sig_blocked;    /* SigBlk: the first thread's mask */
    uint64_t sig_ignored;    /* SigIgn: dispositions SIG_IGN */
    uint64_t sig_caught;     /* SigCgt: dispositions with a handler */
    uint64_t sigq_limit;     /* RLIMIT_SIGPENDING, the denominator of SigQ */
    uint64_t rss_limit;      /* RLIMIT_RSS in bytes (stat field 25) */
    uint64_t start_brk, brk; /* the heap (stat fields 47, 48) */
    uint64_t vsize;          /* bytes of address space (0: not known yet) */
    uint64_t rss_pages;      /* resident pages (0: not known yet) */
    int32_t exit_code;       /* a zombie's wait status, else 0 */
};

/* /proc/meminfo, in kB. */
struct procfs_mem {
    uint64_t total_kb, free_kb, available_kb, buffers_kb, cached_kb, swap_total_kb, swap_free_kb;
};

/* The whole-system figures of /proc/stat and /proc/loadavg. */
struct procfs_sys {
    uint32_t cpus;
    uint64_t uptime_ticks;  /* since boot, PROCFS_HZ */
    uint64_t boot_time_sec; /* btime: wall-clock seconds since 1970 at boot */
    uint64_t forks;         /* processes created since boot */
    uint32_t running;       /* threads not asleep */
    uint32_t threads;       /* threads in all */
    uint32_t last_pid;      /* the pid handed out last */
};

size_t procfmt_stat(char *buf, size_t cap, const struct procfs_task *t);
size_t procfmt_status(char *buf, size_t cap, const struct procfs_task *t);
size_t procfmt_statm(char *buf, size_t cap, const struct procfs_task *t);
size_t procfmt_meminfo(char *buf, size_t cap, const struct procfs_mem *m);
size_t procfmt_cpuinfo(char *buf, size_t cap, uint32_t cpus);
/* uptime and idle time (summed over CPUs) in nanoseconds. */
size_t procfmt_uptime(char *buf, size_t cap, uint64_t uptime_ns, uint64_t idle_ns);
size_t procfmt_loadavg(char *buf, size_t cap, const struct procfs_sys *s);
size_t procfmt_sys_stat(char *buf, size_t cap, const struct procfs_sys *s);
size_t procfmt_mounts(char *buf, size_t cap);
size_t procfmt_mountinfo(char *buf, size_t cap);
size_t procfmt_version(char *buf, size_t cap);
size_t procfmt_filesystems(char *buf, size_t cap);

#endif /* LINUX_PROCFS_FMT_H */
