/*
 * linux/sys.c - the ABI handler: the start hook, the syscall table, and the small calls
 * (identity, time, limits, randomness, exit).
 */
#include "personality/linux/internal.h"
#include "lib/fmt.h"
#include "vx/console.h"

int64_t linux_copy_in(struct linux_proc *p, void *dst, uint64_t va, size_t len)
{
    return len && vx_vm_copy(p->as, va, dst, len, VX_VM_READ) ? -LEFAULT : 0;
}

int64_t linux_copy_out(struct linux_proc *p, uint64_t va, const void *src, size_t len)
{
    return len && vx_vm_copy(p->as, va, (void *)src, len, VX_VM_WRITE) ? -LEFAULT : 0;
}

/* ---- process and identity ---------------------------------------------------------------- */

static int64_t sys_exit_group(struct linux_proc *p, const uint64_t *a)
{
    fd_close_all(p, false);
    vx_task_exit((int64_t)(a[0] & 0xff));
    return 0; /* not reached */
}

static int64_t sys_getpid(struct linux_proc *p, const uint64_t *a)
{
    return p->pid;
}

static int64_t sys_getppid(struct linux_proc *p, const uint64_t *a)
{
    return 1; /* its starter stands in for init */
}

static int64_t sys_zero(struct linux_proc *p, const uint64_t *a)
{
    return 0; /* uid, euid, gid, egid: everyone is root, as in a container */
}

static int64_t sys_set_tid_address(struct linux_proc *p, const uint64_t *a)
{
    p->tid_address = a[0];
    return p->pid; /* one thread: its tid is the pid */
}

static int64_t sys_umask(struct linux_proc *p, const uint64_t *a)
{
    uint32_t old = p->umask;
    p->umask = (uint32_t)a[0] & 0777;
    return old;
}

static int64_t sys_uname(struct linux_proc *p, const uint64_t *a)
{
    struct linux_utsname u = {0};
    vx_snprintf(u.sysname, sizeof u.sysname, "Linux");
    vx_snprintf(u.nodename, sizeof u.nodename, "vaelix");
    vx_snprintf(u.release, sizeof u.release, "6.1.0-vaelix");
    vx_snprintf(u.version, sizeof u.version, "#1 VaelixOS");
    vx_snprintf(u.machine, sizeof u.machine, "riscv64");
    vx_snprintf(u.domainname, sizeof u.domainname, "(none)");
    return linux_copy_out(p, a[0], &u, sizeof u);
}

/* ---- limits --------------------------------------------------------------------------------- */

static void rlimit_of(uint32_t res, struct linux_rlimit *r)
{
    r->cur = r->max = LRLIM_INFINITY;
    if (res == LRLIMIT_STACK)
        r->cur = 8ull << 20;
    else if (res == LRLIMIT_NOFILE)
        r->cur = r->max = LINUX_FDS_MAX;
}

static int64_t sys_prlimit64(struct linux_proc *p, const uint64_t *a)
{
    if (a[0] != 0 && a[0] != p->pid)
        return -LESRCH;
    if (a[1] >= LRLIM_NLIMITS)
        return -LEINVAL;
    if (a[2])
        return -LEPERM; /* limits cannot be changed yet */
    if (!a[3])
        return 0;
    struct linux_rlimit r;
    rlimit_of((uint32_t)a[1], &r);
    return linux_copy_out(p, a[3], &r, sizeof r);
}

static int64_t sys_getrlimit(struct linux_proc *p, const uint64_t *a)
{
    if (a[0] >= LRLIM_NLIMITS)
        return -LEINVAL;
    struct linux_rlimit r;
    rlimit_of((uint32_t)a[0], &r);
    return linux_copy_out(p, a[1], &r, sizeof r);
}

/* ---- time ----------------------------------------------------------------------------------- */

static int64_t clock_now(uint64_t clk, int64_t *ns)
{
    switch (clk) {
    case LCLOCK_REALTIME:
    case LCLOCK_REALTIME_COARSE:
        *ns = vx_clock_wall();
        return 0;
    case LCLOCK_MONOTONIC:
    case LCLOCK_MONOTONIC_RAW:
    case LCLOCK_MONOTONIC_COARSE:
    case LCLOCK_BOOTTIME:
    case LCLOCK_PROCESS_CPUTIME_ID: /* no CPU-time accounting per process yet: elapsed time */
    case LCLOCK_THREAD_CPUTIME_ID:
        *ns = vx_clock_get();
        return 0;
    default:
        return -LEINVAL;
    }
}

static int64_t sys_clock_gettime(struct linux_proc *p, const uint64_t *a)
{
    int64_t ns;
    int64_t st = clock_now(a[0], &ns);
    if (st)
        return st;
    struct linux_timespec ts = {ns / 1000000000, ns % 1000000000};
    return linux_copy_out(p, a[1], &ts, sizeof ts);
}

static int64_t sys_clock_getres(struct linux_proc *p, const uint64_t *a)
{
    int64_t ns;
    int64_t st = clock_now(a[0], &ns);
    if (st || !a[1])
        return st;
    struct linux_timespec ts = {0, 1};
    return linux_copy_out(p, a[1], &ts, sizeof ts);
}

static int64_t sys_gettimeofday(struct linux_proc *p, const uint64_t *a)
{
    if (!a[0])
        return 0;
    int64_t ns = vx_clock_wall();
    struct linux_timeval tv = {ns / 1000000000, ns % 1000000000 / 1000};
    return linux_copy_out(p, a[0], &tv, sizeof tv);
}

/* Sleep until the monotonic deadline; -EINTR if the thread is being stopped. */
static int64_t sleep_until(int64_t deadline)
{
    vx_status_t st = vx_nanosleep(deadline);
    return st == VX_ECANCELED ? -LEINTR : 0;
}

static int64_t read_timespec(struct linux_proc *p, uint64_t va, int64_t *ns)
{
    struct linux_timespec ts;
    int64_t st = linux_copy_in(p, &ts, va, sizeof ts);
    if (st)
        return st;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -LEINVAL;
    *ns = ts.tv_sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX / 2
                                                 : ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}

static int64_t sys_nanosleep(struct linux_proc *p, const uint64_t *a)
{
    int64_t ns;
    int64_t st = read_timespec(p, a[0], &ns);
    return st ? st : sleep_until(vx_clock_get() + ns);
}

static int64_t sys_clock_nanosleep(struct linux_proc *p, const uint64_t *a)
{
    int64_t ns, now;
    int64_t st = clock_now(a[0], &now);
    if (st)
        return st;
    if ((st = read_timespec(p, a[2], &ns)))
        return st;
    if (!(a[1] & LTIMER_ABSTIME))
        return sleep_until(vx_clock_get() + ns);
    /* An absolute time on this clock: as a wait from now on the monotonic clock. */
    return ns > now ? sleep_until(vx_clock_get() + (ns - now)) : 0;
}

static int64_t sys_sched_yield(struct linux_proc *p, const uint64_t *a)
{
    vx_yield();
    return 0;
}

/* ---- randomness, and what is accepted and not acted on ---------------------------------- */

static int64_t sys_getrandom(struct linux_proc *p, const uint64_t *a)
{
    if (a[2] & ~(uint64_t)7) /* GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE */
        return -LEINVAL;
    uint8_t buf[256];
    uint64_t len = a[1] > 33554431 ? 33554431 : a[1], done = 0;
    while (done < len) {
        size_t n = len - done < sizeof buf ? (size_t)(len - done) : sizeof buf;
        vx_cprng_draw(buf, n);
        int64_t st = linux_copy_out(p, a[0] + done, buf, n);
        if (st)
            return done ? (int64_t)done : st;
        done += n;
    }
    return (int64_t)done;
}

static int64_t sys_set_robust_list(struct linux_proc *p, const uint64_t *a)
{
    return a[1] == 24 ? 0 : -LEINVAL; /* kept by the C library; matters once threads exist */
}

/* ---- the table ------------------------------------------------------------------------------ */

static const linux_sys_fn table[LNR_COUNT] = {
    [LNR_read] = lsys_read,
    [LNR_write] = lsys_write,
    [LNR_readv] = lsys_readv,
    [LNR_writev] = lsys_writev,
    [LNR_close] = lsys_close,
    [LNR_dup] = lsys_dup,
    [LNR_dup3] = lsys_dup3,
    [LNR_fcntl] = lsys_fcntl,
    [LNR_ioctl] = lsys_ioctl,
    [LNR_lseek] = lsys_lseek,
    [LNR_fstat] = lsys_fstat,
    [LNR_newfstatat] = lsys_newfstatat,
    [LNR_readlinkat] = lsys_readlinkat,
    [LNR_brk] = lsys_brk,
    [LNR_mmap] = lsys_mmap,
    [LNR_munmap] = lsys_munmap,
    [LNR_mprotect] = lsys_mprotect,
    [LNR_madvise] = lsys_madvise,
    [LNR_exit] = sys_exit_group, /* one thread per process so far: its exit is the process's */
    [LNR_exit_group] = sys_exit_group,
    [LNR_getpid] = sys_getpid,
    [LNR_gettid] = sys_getpid,
    [LNR_getppid] = sys_getppid,
    [LNR_getuid] = sys_zero,
    [LNR_geteuid] = sys_zero,
    [LNR_getgid] = sys_zero,
    [LNR_getegid] = sys_zero,
    [LNR_set_tid_address] = sys_set_tid_address,
    [LNR_set_robust_list] = sys_set_robust_list,
    [LNR_umask] = sys_umask,
    [LNR_uname] = sys_uname,
    [LNR_prlimit64] = sys_prlimit64,
    [LNR_getrlimit] = sys_getrlimit,
    [LNR_clock_gettime] = sys_clock_gettime,
    [LNR_clock_getres] = sys_clock_getres,
    [LNR_gettimeofday] = sys_gettimeofday,
    [LNR_nanosleep] = sys_nanosleep,
    [LNR_clock_nanosleep] = sys_clock_nanosleep,
    [LNR_sched_yield] = sys_sched_yield,
    [LNR_getrandom] = sys_getrandom,
};

/* An unknown call: -ENOSYS, and one line in the kernel log the first time per number. */
static int64_t unknown(struct linux_proc *p, uint64_t nr)
{
    uint64_t bit = nr < LNR_COUNT ? nr : LNR_COUNT;
    uint64_t mask = 1ull << (bit % 64);
    if (!(p->enosys_seen[bit / 64] & mask)) {
        p->enosys_seen[bit / 64] |= mask;
        char line[96];
        int n = vx_snprintf(line, sizeof line, "linux: pid %u: syscall %llu not implemented (ENOSYS)\n",
                            p->pid, (unsigned long long)nr);
        vx_debug_write(line, (size_t)n);
    }
    return -LENOSYS;
}

/* The first thread's start: take the bootstrap message (our handles in this process's
 * table) whose channel the starter passed in a0, set up fds 0-2, and give the program the
 * a0 Linux gives (0: no exit hook from a dynamic loader). */
static void start(struct linux_proc *p, struct vx_guest_regs *r)
{
    vx_handle_t boot = (vx_handle_t)r->x[10], hs[2] = {0, 0};
    r->x[10] = 0;
    if (p->started)
        return;
    p->started = true;
    uint32_t actual[2];
    char tag[8];
    vx_status_t st = vx_channel_read(boot, tag, hs, sizeof tag, 2, actual);
    vx_handle_close(boot);
    if (st || actual[1] != 2)
        vx_task_exit(127); /* cannot happen unless the starter is broken */
    p->as = hs[0];
    p->console = hs[1];
    /* stdin reads, stdout and stderr write (to the device's two streams). */
    static const uint32_t flags[3] = {LO_RDWR, LO_WRONLY, LO_WRONLY};
    for (int fd = 0; fd < 3; fd++) {
        struct lfile *f = lfile_new(LFILE_CONSOLE);
        if (!f)
            vx_task_exit(127);
        f->handle = p->console;
        f->flags = flags[fd];
        f->stream = fd == 2 ? VX_CONSOLE_ERR : VX_CONSOLE_OUT;
        fd_install(p, f, (uint32_t)fd, false);
    }
}

void linux_trap(void *ctx, const struct vx_abi_trap *trap, struct vx_guest_regs *r)
{
    struct linux_proc *p = ctx;
    if (trap->cause == VX_ABI_START) {
        start(p, r);
        return;
    }
    uint64_t nr = r->x[17];
    linux_sys_fn fn = nr < LNR_COUNT ? table[nr] : NULL;
    r->x[10] = (uint64_t)(fn ? fn(p, &r->x[10]) : unknown(p, nr));
}
