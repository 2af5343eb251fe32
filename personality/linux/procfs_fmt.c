/*
 * linux/procfs_fmt.c - the text of /proc files (see procfs_fmt.h).
 *
 * Each format follows what Linux 6.x prints (fs/proc/array.c, meminfo.c, stat.c, uptime.c,
 * loadavg.c; arch/riscv/kernel/cpu.c), down to the spaces, because procps and coreutils parse
 * these files with sscanf and fixed column positions. Output goes through `struct out`, which
 * formats one piece at a time and cuts what does not fit in the caller's buffer.
 */
#include <stdarg.h>
#include <stdbool.h>

#include "lib/fmt.h"
#include "personality/linux/procfs_fmt.h"

#define PIECE_MAX           256u /* longest piece one put() formats */
#define LINUX_PRIO          20   /* stat's priority of a SCHED_OTHER task at nice 0 */
#define EXIT_SIGNAL         17   /* SIGCHLD: what a process's parent gets when it ends */
#define CAP_FULL            0x000001ffffffffffull /* every capability of Linux 6.x: we run as root */
#define MEMINFO_LABEL_WIDTH 15 /* "MemTotal:" padded so numbers end in one column */

struct out {
    char *buf;
    size_t cap, len;
};

/* Append text, cut at the buffer's end. */
static void put_bytes(struct out *o, const char *s, size_t n)
{
    size_t room = o->cap - o->len;
    if (n > room)
        n = room;
    __builtin_memcpy(o->buf + o->len, s, n);
    o->len += n;
}

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
    char piece[PIECE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vx_vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    /* Our pieces are short; one that is not is cut like output past the buffer's end. */
    put_bytes(o, piece, (size_t)n < sizeof piece ? (size_t)n : sizeof piece - 1);
}

static size_t comm_len(const char *comm)
{
    size_t n = 0;
    while (n < PROCFS_COMM_MAX - 1 && comm[n])
        n++;
    return n;
}

/* ---- /proc/<pid>/... ---------------------------------------------------------------------- */

/* proc(5) field by field. The comm is written raw between parentheses: readers find its end
 * with the last ')' of the line, so a comm holding ") R" cannot fool them. Signal fields are
 * the obsolete decimal ones, masked to 31 bits as Linux does. */
size_t procfmt_stat(char *buf, size_t cap, const struct procfs_task *t)
{
    struct out o = {buf, cap, 0};
    bool zombie = t->state == 'Z';
    put(&o, "%u (", t->pid);
    put_bytes(&o, t->comm, comm_len(t->comm));
    /* 3-13: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt */
    put(&o, ") %c %u %u %u 0 -1 0 0 0 0 0", t->state, t->ppid, t->pgid, t->sid);
    /* 14-22: utime stime cutime cstime priority nice num_threads itrealvalue starttime */
    put(&o, " 0 0 0 0 %d 0 %u 0 %lu", LINUX_PRIO, t->threads, (unsigned long)t->start_ticks);
    /* 23-30: vsize rss rsslim startcode endcode startstack kstkesp kstkeip */
    put(&o, " %lu %lu %lu 0 0 0 0 0", (unsigned long)(zombie ? 0 : t->vsize),
        (unsigned long)(zombie ? 0 : t->rss_pages), (unsigned long)t->rss_limit);
    /* 31-37: signal blocked sigignore sigcatch wchan nswap cnswap */
    put(&o, " %lu %lu %lu %lu 0 0 0", (unsigned long)(t->shd_pending & 0x7fffffff),
        (unsigned long)(t->sig_blocked & 0x7fffffff), (unsigned long)(t->sig_ignored & 0x7fffffff),
        (unsigned long)(t->sig_caught & 0x7fffffff));
    /* 38-46: exit_signal processor rt_priority policy delayacct_blkio_ticks guest_time
     * cguest_time start_data end_data */
    put(&o, " %d 0 0 0 0 0 0 0 0", EXIT_SIGNAL);
    /* 47-52: start_brk arg_start arg_end env_start env_end exit_code */
    put(&o, " %lu 0 0 0 0 %d\n", (unsigned long)(zombie ? 0 : t->start_brk), t->exit_code);
    return o.len;
}

static const char *state_name(char state)
{
    switch (state) {
    case 'R':
        return "R (running)";
    case 'S':
        return "S (sleeping)";
    case 'Z':
        return "Z (zombie)";
    default:
        return "R (running)";
    }
}

/* Name: escapes newline, tab and backslash as Linux does (proc_task_name), so a line stays a
 * line. */
static void put_escaped_comm(struct out *o, const char *comm)
{
    size_t n = comm_len(comm);
    for (size_t i = 0; i < n; i++) {
        char c = comm[i];
        if (c == '\n')
            put_bytes(o, "\\n", 2);
        else if (c == '\t')
            put_bytes(o, "\\t", 2);
        else if (c == '\\')
            put_bytes(o, "\\\\", 2);
        else
            put_bytes(o, &c, 1);
    }
}

/* The lines of fs/proc/array.c that ps, top and pgrep read, in Linux's order. Memory lines
 * (VmSize, VmRSS...) are left out until the personality can count pages: Linux leaves them
 * out too for a task without memory, so readers cope. Cpus_allowed says one CPU, as
 * sched_getaffinity does. */
size_t procfmt_status(char *buf, size_t cap, const struct procfs_task *t)
{
    struct out o = {buf, cap, 0};
    put(&o, "Name:\t");
    put_escaped_comm(&o, t->comm);
    put(&o, "\nUmask:\t%04o\nState:\t%s\n", t->umask, state_name(t->state));
    put(&o, "Tgid:\t%u\nNgid:\t0\nPid:\t%u\nPPid:\t%u\nTracerPid:\t0\n", t->pid, t->pid, t->ppid);
    put(&o, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%u\nGroups:\t \n", t->fd_size);
    put(&o, "NStgid:\t%u\nNSpid:\t%u\nNSpgid:\t%u\nNSsid:\t%u\n", t->pid, t->pid, t->pgid, t->sid);
    put(&o, "Threads:\t%u\nSigQ:\t0/%lu\n", t->threads, (unsigned long)t->sigq_limit);
    put(&o, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", (unsigned long)t->sig_pending,
        (unsigned long)t->shd_pending);
    put(&o, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", (unsigned long)t->sig_blocked,
        (unsigned long)t->sig_ignored, (unsigned long)t->sig_caught);
    put(&o, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\n", 0ul,
        (unsigned long)CAP_FULL, (unsigned long)CAP_FULL, (unsigned long)CAP_FULL);
    put(&o, "CapAmb:\t%016lx\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n", 0ul);
    put(&o, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
    put(&o, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
    return o.len;
}

/* size resident shared text lib data dt, in pages. */
size_t procfmt_statm(char *buf, size_t cap, const struct procfs_task *t)
{
    struct out o = {buf, cap, 0};
    bool zombie = t->state == 'Z';
    put(&o, "%lu %lu 0 0 0 0 0\n", (unsigned long)(zombie ? 0 : t->vsize / 4096),
        (unsigned long)(zombie ? 0 : t->rss_pages));
    return o.len;
}

/* ---- system-wide files -------------------------------------------------------------------- */

static void put_kb(struct out *o, const char *label, uint64_t kb)
{
    put(o, "%-*s %8lu kB\n", MEMINFO_LABEL_WIDTH, label, (unsigned long)kb);
}

/* The lines free(1) and top read, then the rest of Linux's list up to the vmalloc lines with
 * what we know (mostly 0). CommitLimit is half of memory plus swap (overcommit_ratio 50). */
size_t procfmt_meminfo(char *buf, size_t cap, const struct procfs_mem *m)
{
    struct out o = {buf, cap, 0};
    uint64_t used = m->total_kb > m->free_kb ? m->total_kb - m->free_kb : 0;
    put_kb(&o, "MemTotal:", m->total_kb);
    put_kb(&o, "MemFree:", m->free_kb);
    put_kb(&o, "MemAvailable:", m->available_kb);
    put_kb(&o, "Buffers:", m->buffers_kb);
    put_kb(&o, "Cached:", m->cached_kb);
    put_kb(&o, "SwapCached:", 0);
    put_kb(&o, "Active:", used);
    put_kb(&o, "Inactive:", 0);
    put_kb(&o, "Active(anon):", used);
    put_kb(&o, "Inactive(anon):", 0);
    put_kb(&o, "Active(file):", 0);
    put_kb(&o, "Inactive(file):", 0);
    put_kb(&o, "Unevictable:", 0);
    put_kb(&o, "Mlocked:", 0);
    put_kb(&o, "SwapTotal:", m->swap_total_kb);
    put_kb(&o, "SwapFree:", m->swap_free_kb);
    put_kb(&o, "Dirty:", 0);
    put_kb(&o, "Writeback:", 0);
    put_kb(&o, "AnonPages:", used);
    put_kb(&o, "Mapped:", 0);
    put_kb(&o, "Shmem:", 0);
    put_kb(&o, "KReclaimable:", 0);
    put_kb(&o, "Slab:", 0);
    put_kb(&o, "SReclaimable:", 0);
    put_kb(&o, "SUnreclaim:", 0);
    put_kb(&o, "KernelStack:", 0);
    put_kb(&o, "PageTables:", 0);
    put_kb(&o, "Bounce:", 0);
    put_kb(&o, "WritebackTmp:", 0);
    put_kb(&o, "CommitLimit:", m->total_kb / 2 + m->swap_total_kb);
    put_kb(&o, "Committed_AS:", used);
    put_kb(&o, "VmallocTotal:", 0);
    put_kb(&o, "VmallocUsed:", 0);
    put_kb(&o, "VmallocChunk:", 0);
    return o.len;
}

/* arch/riscv/kernel/cpu.c's first lines per hart: the ISA the interpreter runs. */
size_t procfmt_cpuinfo(char *buf, size_t cap, uint32_t cpus)
{
    struct out o = {buf, cap, 0};
    for (uint32_t i = 0; i < cpus; i++)
        put(&o, "processor\t: %u\nhart\t\t: %u\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n", i, i);
    return o.len;
}

static void put_centis(struct out *o, uint64_t ns)
{
    uint64_t cs = ns / 10000000u;
    put(o, "%lu.%02lu", (unsigned long)(cs / 100), (unsigned long)(cs % 100));
}

size_t procfmt_uptime(char *buf, size_t cap, uint64_t uptime_ns, uint64_t idle_ns)
{
    struct out o = {buf, cap, 0};
    put_centis(&o, uptime_ns);
    put(&o, " ");
    put_centis(&o, idle_ns);
    put(&o, "\n");
    return o.len;
}

/* No load is measured yet: the averages are 0.00; the counts are real. */
size_t procfmt_loadavg(char *buf, size_t cap, const struct procfs_sys *s)
{
    struct out o = {buf, cap, 0};
    put(&o, "0.00 0.00 0.00 %u/%u %u\n", s->running, s->threads, s->last_pid);
    return o.len;
}

/* No CPU time is accounted yet: every CPU has been idle since boot (so top shows an idle
 * machine, not a division by zero). Columns: user nice system idle iowait irq softirq steal
 * guest guest_nice. */
size_t procfmt_sys_stat(char *buf, size_t cap, const struct procfs_sys *s)
{
    struct out o = {buf, cap, 0};
    put(&o, "cpu  0 0 0 %lu 0 0 0 0 0 0\n", (unsigned long)(s->uptime_ticks * s->cpus));
    for (uint32_t i = 0; i < s->cpus; i++)
        put(&o, "cpu%u 0 0 0 %lu 0 0 0 0 0 0\n", i, (unsigned long)s->uptime_ticks);
    put(&o, "intr 0\nctxt 0\nbtime %lu\nprocesses %lu\n", (unsigned long)s->boot_time_sec,
        (unsigned long)s->forks);
    put(&o, "procs_running %u\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n", s->running);
    return o.len;
}

/* The mounts the vfs server has (docs/vfs.md): fixed until it can be asked. */
size_t procfmt_mounts(char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    put(&o, "tmpfs / tmpfs rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n");
    put(&o, "proc /proc proc rw 0 0\ndevtmpfs /dev devtmpfs rw 0 0\n");
    return o.len;
}

/* proc(5): mount ID, parent ID, major:minor, root, mount point, options, "-", type, source,
 * superblock options. */
size_t procfmt_mountinfo(char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    put(&o, "1 0 0:1 / / rw - tmpfs tmpfs rw\n2 1 0:2 / /tmp rw - tmpfs tmpfs rw\n");
    put(&o, "3 1 0:3 / /proc rw - proc proc rw\n4 1 0:4 / /dev rw - devtmpfs devtmpfs rw\n");
    return o.len;
}

/* The same release and version uname(2) gives (sys.c). */
size_t procfmt_version(char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    put(&o, "Linux version 6.1.0-vaelix (root@vaelix) (VaelixOS) #1 VaelixOS\n");
    return o.len;
}

size_t procfmt_filesystems(char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    put(&o, "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n");
    return o.len;
}
