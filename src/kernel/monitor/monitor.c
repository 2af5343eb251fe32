/*
 * monitor/monitor.c - the kernel monitor: a prompt on the console for looking at the machine.
 *
 * It runs as the init program until a guest shell replaces it. It reads the console a byte at
 * a time, edits the line itself when the console is a terminal (raw mode: echo, backspace,
 * ^U kills the line, ^C cancels it, ^D on an empty line halts), and runs one command per line.
 * Commands only read kernel state through the modules' listing functions.
 */
#define VX_SUBSYSTEM "monitor"
#include "kernel/boot/initrd.h"
#include "kernel/boot/programs.h"
#include "kernel/console.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/monitor/monitor.h"
#include "kernel/sched/sched.h"
#include "lib/assert.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define MONITOR_LINE_MAX 128
#define MONITOR_ARGS_MAX 8

struct command {
    const char *name;
    const char *help;
    int (*run)(int argc, char **argv); /* returns 1 to leave the monitor */
};

/* Exit status `halt N` asked for; init powers off with it when the monitor returns. */
static int halt_status;

static int cmd_help(int argc, char **argv);
static void print_cache(struct slab_cache *c, void *arg);

static void print_ms(const char *label, uint64_t ns)
{
    kprintf("%s%llu.%03u ms", label, (unsigned long long)(ns / 1000000),
            (unsigned)(ns / 1000 % 1000));
}

static int cmd_mem(int argc, char **argv)
{
    struct frame_stats fs;
    frame_get_stats(&fs);
    kprintf("physical memory: %llu MiB in %llu frames of 4 KiB\n",
            (unsigned long long)(fs.total_frames * FRAME_SIZE >> 20),
            (unsigned long long)fs.total_frames);
    kprintf("  free %llu (%llu in per-vCPU caches), used %llu, reserved %llu\n",
            (unsigned long long)fs.free_frames, (unsigned long long)fs.cached_frames,
            (unsigned long long)(fs.total_frames - fs.free_frames - fs.reserved_frames),
            (unsigned long long)fs.reserved_frames);
    kprintf("  free blocks by order:");
    for (unsigned o = 0; o < FRAME_ORDERS; o++)
        kprintf(" %u:%llu", o, (unsigned long long)fs.free_blocks[o]);
    kprintf("\n  allocs %llu, frees %llu, failed allocs %llu\n", (unsigned long long)fs.allocs,
            (unsigned long long)fs.frees, (unsigned long long)fs.failures);
    kprintf("slab caches:\n  %-16s %6s %6s %8s %8s %10s %10s %6s\n", "name", "size", "slabs",
            "active", "capacity", "allocs", "frees", "failed");
    slab_for_each_cache(print_cache, NULL);
    return 0;
}

static void print_cache(struct slab_cache *c, void *arg)
{
    struct slab_stats s;
    slab_cache_get_stats(c, &s);
    kprintf("  %-16s %6u %6llu %8llu %8llu %10llu %10llu %6llu\n", s.name, s.obj_size,
            (unsigned long long)s.nslabs, (unsigned long long)s.active,
            (unsigned long long)s.capacity, (unsigned long long)s.allocs,
            (unsigned long long)s.frees, (unsigned long long)s.failures);
}

/* PRIO is the base priority, or "rt" for the RT class; CLASS then says period/budget in us
 * and how often the budget ran out (CBS postponements), and "boosted" for a lent key. */
static void print_thread(const struct thread_info *t, void *arg)
{
    char prio[8], cls[48];
    if (t->rt_period_ns) {
        vx_snprintf(prio, sizeof prio, "rt");
        vx_snprintf(cls, sizeof cls, "%llu/%llu us, %llu over",
                    (unsigned long long)(t->rt_period_ns / 1000),
                    (unsigned long long)(t->rt_budget_ns / 1000),
                    (unsigned long long)t->rt_postponed);
    } else {
        vx_snprintf(prio, sizeof prio, "%u", t->prio);
        cls[0] = '\0';
    }
    kprintf("  %4llu  %-20s %-8s %4s %3u  %8llx %10llu %10llu.%03u  %s%s\n",
            (unsigned long long)t->id, t->name, thread_state_name(t->state), prio, t->cpu,
            (unsigned long long)t->affinity, (unsigned long long)t->switches,
            (unsigned long long)(t->run_ns / 1000000), (unsigned)(t->run_ns / 1000 % 1000), cls,
            t->boosted ? (cls[0] ? ", boosted" : "boosted") : "");
}

static int cmd_threads(int argc, char **argv)
{
    kprintf("  %4s  %-20s %-8s %4s %3s  %8s %10s %14s  %s\n", "ID", "NAME", "STATE", "PRIO",
            "CPU", "AFFINITY", "SWITCHES", "RUN ms", "CLASS");
    thread_for_each(print_thread, NULL);
    return 0;
}

static int cmd_cpus(int argc, char **argv)
{
    uint64_t now = hio_clock_ns();
    kprintf("  %3s %-8s %-20s %5s %10s %8s %6s\n", "CPU", "STATE", "CURRENT", "RUNQ", "SWITCHES",
            "IRQS", "IDLE%");
    for (uint32_t i = 0; i < sched_ncpus(); i++) {
        struct cpu *c = &sched_cpus[i];
        struct thread *cur = atomic_load(&c->current);
        /* Whether it runs its idle context, not the `idling` hint, which a wakeup may have
         * cleared a moment before the vCPU notices it has nothing to do. */
        bool idling = cur->is_idle;
        /* Finished idle periods, plus the current one if it is idle now. The two reads are
         * not atomic together, so the figure is approximate, as a monitor's may be. */
        uint64_t idle = atomic_load(&c->idle_ns);
        if (idling) {
            uint64_t since = atomic_load(&c->idle_since_ns);
            idle += now > since ? now - since : 0;
        }
        uint64_t up = now ? now : 1;
        kprintf("  %3u %-8s %-20s %5u %10llu %8llu %5llu%%\n", i, idling ? "idle" : "running",
                idling ? "-" : cur->name, atomic_load(&c->rq.nr),
                (unsigned long long)atomic_load(&c->switches),
                (unsigned long long)atomic_load(&c->irqs),
                (unsigned long long)(idle > up ? 100 : idle * 100 / up));
    }
    return 0;
}

static int cmd_uptime(int argc, char **argv)
{
    const struct boot_info *b = boot_get_info();
    print_ms("up ", hio_clock_ns());
    print_ms(" (kernel ready after ", b->ready_ns);
    kprintf("), %u vCPUs, %llu MiB\n", b->params.cpus,
            (unsigned long long)(b->params.mem_bytes >> 20));
    return 0;
}

static const char *entry_type(enum cpio_type t)
{
    return t == CPIO_FILE ? "file" : t == CPIO_DIR ? "dir" : "symlink";
}

/* Every entry of the boot image, as boot validated it (so names are printable paths). */
static int cmd_initrd(int argc, char **argv)
{
    const struct boot_initrd *rd = boot_initrd();
    if (!rd) {
        kprintf("no initrd: the machine booted without one\n");
        return 0;
    }
    struct cpio_iter it;
    struct cpio_entry e;
    char why[CPIO_WHY_BYTES];
    vx_status_t st;
    kprintf("  %-7s %10s  %s\n", "TYPE", "BYTES", "PATH");
    cpio_iter_init(&it, rd->data, rd->len);
    while ((st = cpio_next(&it, &e, why)) == VX_OK) {
        const char *path;
        size_t len;
        if (cpio_path_check(e.name, e.name_len, &path, &len, why) != VX_OK)
            continue; /* cannot happen: boot validated every name */
        kprintf("  %-7s %10llu  /%.*s\n", entry_type(e.type), (unsigned long long)e.size, (int)len,
                path);
    }
    const struct cpio_summary *s = &rd->summary;
    kprintf("%u files, %u directories, %u symlinks; %llu KiB of file data, %llu KiB in all\n",
            s->files, s->dirs, s->symlinks, (unsigned long long)((s->data_bytes + 1023) >> 10),
            (unsigned long long)((rd->len + 1023) >> 10));
    return 0;
}

static int parse_status(const char *s, int *out)
{
    int v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 25)
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (v > 255)
        return -1;
    *out = v;
    return 0;
}

static int cmd_halt(int argc, char **argv)
{
    int status = 0;
    if (argc > 1 && parse_status(argv[1], &status) != 0) {
        kprintf("halt: exit status must be 0..255, not '%s'\n", argv[1]);
        return 0;
    }
    kprintf("halting (status %d)\n", status);
    halt_status = status;
    return 1;
}

static const struct command commands[] = {
    {"help", "list commands", cmd_help},
    {"mem", "physical memory, frame allocator and slab caches", cmd_mem},
    {"threads", "every kernel thread: state, priority or RT class, vCPU, switches, run time",
     cmd_threads},
    {"cpus", "every vCPU: current thread, run queue, switches, interrupts, idle time", cmd_cpus},
    {"uptime", "time since the host process started", cmd_uptime},
    {"initrd", "the boot image: every file and directory in it", cmd_initrd},
    {"tasks", "every task: state, threads, handles, job, kernel calls", mon_tasks},
    {"handles", "'handles KOID': the handle table of a task", mon_handles},
    {"vm", "'vm KOID': the mappings of a task's address space", mon_vm},
    {"jobs", "jobs with live tasks: use, limits and refusals per resource", mon_jobs},
    {"chan", "channel endpoints held by tasks: peer and queued messages", mon_chan},
    {"halt", "power off; 'halt N' exits with status N", cmd_halt},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int cmd_help(int argc, char **argv)
{
    for (unsigned i = 0; i < NCOMMANDS; i++)
        kprintf("  %-8s %s\n", commands[i].name, commands[i].help);
    return 0;
}

/* Split line in place at spaces. Returns argc. */
static int split(char *line, char **argv)
{
    int argc = 0;
    for (char *p = line; *p && argc < MONITOR_ARGS_MAX;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    return argc;
}

static int run_line(char *line)
{
    char *argv[MONITOR_ARGS_MAX];
    int argc = split(line, argv);
    if (argc == 0)
        return 0;
    for (unsigned i = 0; i < NCOMMANDS; i++) {
        if (vx_strcmp(argv[0], commands[i].name) == 0)
            return commands[i].run(argc, argv);
    }
    kprintf("unknown command '%s' (try 'help')\n", argv[0]);
    return 0;
}

struct line_editor {
    char buf[MONITOR_LINE_MAX];
    unsigned len;
    bool echo;       /* the console is a terminal in raw mode */
    bool after_cr;   /* swallow the '\n' of a "\r\n" pair */
    bool overflowed; /* bytes were dropped because the line was full */
};

enum { KEY_CTRL_C = 3, KEY_CTRL_D = 4, KEY_BS = 8, KEY_CTRL_U = 21, KEY_DEL = 127 };

/* Feed one byte. Returns 1 when a line is complete, -1 for ^D on an empty line, else 0. */
static int edit(struct line_editor *e, char ch)
{
    bool after_cr = e->after_cr;
    e->after_cr = ch == '\r';
    if (ch == '\n' && after_cr)
        return 0;
    if (ch == '\r' || ch == '\n') {
        if (e->echo)
            console_write("\r\n", 2);
        return 1;
    }
    if (ch == KEY_CTRL_D && e->len == 0)
        return -1;
    if (ch == KEY_CTRL_C || ch == KEY_CTRL_U) {
        if (e->echo)
            console_write(ch == KEY_CTRL_C ? "^C\r\nvx> " : "\r\033[Kvx> ",
                          ch == KEY_CTRL_C ? 9 : 8);
        e->len = 0;
        return 0;
    }
    if (ch == KEY_BS || ch == KEY_DEL) {
        if (e->len > 0) {
            e->len--;
            if (e->echo)
                console_write("\b \b", 3);
        }
        return 0;
    }
    if ((unsigned char)ch < ' ')
        return 0; /* other control bytes: ignore */
    if (e->len + 1 >= sizeof e->buf) {
        e->overflowed = true; /* reported when the line ends, and the line is not run */
        return 0;
    }
    e->buf[e->len++] = ch;
    if (e->echo)
        console_write(&ch, 1);
    return 0;
}

int monitor_main(void *arg)
{
    struct line_editor e = {.echo = boot_get_info()->machine.console_is_tty};
    kprintf("VaelixOS kernel monitor. Type 'help' for commands.\n");
    for (;;) {
        kprintf("vx> ");
        e.len = 0;
        int r = 0;
        while (r == 0) {
            char ch;
            int64_t n = console_read(&ch, 1);
            if (n < 0) {
                r = -1; /* input ended */
                break;
            }
            r = edit(&e, ch);
        }
        if (r < 0) {
            kprintf("\nconsole input ended: halting\n");
            return 0;
        }
        e.buf[e.len] = '\0';
        if (e.overflowed) {
            kprintf("line too long (at most %u characters): ignored\n",
                    (unsigned)sizeof e.buf - 1);
            e.overflowed = false;
            continue;
        }
        if (run_line(e.buf))
            return halt_status;
    }
}
