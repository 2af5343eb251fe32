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

int64_t linux_copy_str(struct linux_proc *p, char *dst, uint64_t va, size_t max)
{
    /* In pieces that never cross a page, so a string ending before an unmapped page is
     * read without touching it. */
    size_t n = 0;
    while (n < max) {
        size_t room = (size_t)(LPAGE - ((va + n) & (LPAGE - 1)));
        size_t k = room < max - n ? room : max - n;
        if (k > 64)
            k = 64;
        if (linux_copy_in(p, dst + n, va + n, k))
            return -LEFAULT;
        for (size_t i = 0; i < k; i++)
            if (dst[n + i] == '\0')
                return (int64_t)(n + i);
        n += k;
    }
    return -LENAMETOOLONG;
}

/* ---- process and identity ---------------------------------------------------------------- */

static int64_t sys_getpid(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    return p->pid;
}

static int64_t sys_zero(struct linux_thread *t, const uint64_t *a)
{
    return 0; /* uid, euid, gid, egid: everyone is root, as in a container */
}

static int64_t sys_umask(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    lmutex_lock(&p->lock);
    uint32_t old = p->umask;
    p->umask = (uint32_t)a[0] & 0777;
    lmutex_unlock(&p->lock);
    return old;
}

static int64_t sys_getresid(struct linux_thread *t, const uint64_t *a)
{
    uint32_t ids[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++)
        if (linux_copy_out(t->proc, a[i], &ids[i], sizeof ids[i]))
            return -LEFAULT;
    return 0;
}

static int64_t sys_getgroups(struct linux_thread *t, const uint64_t *a)
{
    if ((int32_t)a[0] < 0)
        return -LEINVAL;
    return 0; /* root, with no supplementary groups */
}

static int64_t sys_sysinfo(struct linux_thread *t, const uint64_t *a)
{
    struct linux_sysinfo si = {0};
    si.uptime = vx_clock_get() / 1000000000;
    si.totalram = 256ull << 20; /* not known to the personality yet: a fixed figure */
    si.freeram = 128ull << 20;
    si.procs = 1;
    si.mem_unit = 1;
    return linux_copy_out(t->proc, a[0], &si, sizeof si);
}

/* The thread a sched_* call names: 0 (the caller) or a live tid; -ESRCH or -EINVAL. */
static int64_t sched_target(uint64_t pid)
{
    int32_t id = (int32_t)pid;
    if (id < 0)
        return -LEINVAL;
    return id == 0 || linux_tid_exists((uint32_t)id) ? 0 : -LESRCH;
}

static int64_t sys_sched_getaffinity(struct linux_thread *t, const uint64_t *a)
{
    uint64_t len = a[1];
    if (len < 8 || (len & 7))
        return -LEINVAL;
    int64_t st = sched_target(a[0]);
    if (st)
        return st == -LEINVAL ? -LESRCH : st;
    uint64_t mask = 1; /* one CPU is what a process can count on */
    if (linux_copy_out(t->proc, a[2], &mask, sizeof mask))
        return -LEFAULT;
    return 8;
}

static int64_t sys_getrusage(struct linux_thread *t, const uint64_t *a)
{
    if ((int32_t)a[0] != 0 && (int32_t)a[0] != -1 && (int32_t)a[0] != 1)
        return -LEINVAL;
    struct linux_rusage ru = {0};
    int64_t ns = vx_clock_get(); /* no CPU accounting yet: elapsed time as user time */
    ru.f[0] = ns / 1000000000;
    ru.f[1] = ns % 1000000000 / 1000;
    return linux_copy_out(t->proc, a[1], &ru, sizeof ru);
}

static int64_t sys_uname(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
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

void linux_rlimit_init(struct linux_proc *p)
{
    for (uint32_t r = 0; r < LRLIM_NLIMITS; r++)
        p->rlim[r].cur = p->rlim[r].max = LRLIM_INFINITY;
    p->rlim[LRLIMIT_STACK].cur = 8ull << 20;
    p->rlim[LRLIMIT_NOFILE].cur = p->rlim[LRLIMIT_NOFILE].max = LINUX_FDS_MAX;
    p->rlim[LRLIMIT_CORE].cur = 0;
}

/* Read and/or set one limit of process q; the new one is checked as Linux does. */
static int64_t rlimit_rw(struct linux_thread *t, struct linux_proc *q, uint64_t res,
                         uint64_t new_va, uint64_t old_va)
{
    struct linux_proc *p = t->proc;
    if (res >= LRLIM_NLIMITS)
        return -LEINVAL;
    struct linux_rlimit nl;
    if (new_va) {
        if (linux_copy_in(p, &nl, new_va, sizeof nl))
            return -LEFAULT;
        if (nl.cur > nl.max)
            return -LEINVAL;
        if (res == LRLIMIT_NOFILE && nl.max > LINUX_FDS_MAX)
            return -LEPERM; /* above the most fds a table holds */
    }
    lmutex_lock(&q->lock);
    struct linux_rlimit old = q->rlim[res];
    if (new_va)
        q->rlim[res] = nl;
    lmutex_unlock(&q->lock);
    return old_va ? linux_copy_out(p, old_va, &old, sizeof old) : 0;
}

static int64_t sys_prlimit64(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *q = t->proc;
    if (a[0] != 0 && a[0] != q->pid) {
        lmutex_lock(&tree_lock);
        q = proc_by_pid((uint32_t)a[0]);
        bool live = q && atomic_load(&q->state) == LPROC_LIVE;
        lmutex_unlock(&tree_lock);
        if (!live)
            return -LESRCH;
    }
    return rlimit_rw(t, q, a[1], a[2], a[3]);
}

static int64_t sys_getrlimit(struct linux_thread *t, const uint64_t *a)
{
    return rlimit_rw(t, t->proc, a[0], 0, a[1]);
}

static int64_t sys_setrlimit(struct linux_thread *t, const uint64_t *a)
{
    return rlimit_rw(t, t->proc, a[0], a[1], 0);
}

/* sched_setaffinity: any mask naming CPU 0 is taken (the process may run anywhere). */
static int64_t sys_sched_setaffinity(struct linux_thread *t, const uint64_t *a)
{
    uint64_t mask = 0;
    if (a[1] == 0)
        return -LEINVAL;
    int64_t st = sched_target(a[0]);
    if (st)
        return st == -LEINVAL ? -LESRCH : st;
    if (linux_copy_in(t->proc, &mask, a[2], a[1] < 8 ? (size_t)a[1] : 8))
        return -LEFAULT;
    return mask & 1 ? 0 : -LEINVAL;
}

static int64_t sys_sched_getscheduler(struct linux_thread *t, const uint64_t *a)
{
    return sched_target(a[0]); /* 0: SCHED_OTHER, the one policy the personality reports */
}

/* sched_setscheduler: SCHED_OTHER (and BATCH, IDLE) with priority 0 is what runs already;
 * the real-time policies are not offered to Linux programs yet (EPERM, as for a user). */
static int64_t sys_sched_setscheduler(struct linux_thread *t, const uint64_t *a)
{
    int64_t st = sched_target(a[0]);
    if (st)
        return st;
    uint64_t policy = a[1] & ~0x40000000ull; /* SCHED_RESET_ON_FORK */
    if (policy > 5 || policy == 4)
        return -LEINVAL;
    int32_t prio;
    if (linux_copy_in(t->proc, &prio, a[2], sizeof prio))
        return -LEFAULT;
    if (policy == 1 || policy == 2)
        return prio < 1 || prio > 99 ? -LEINVAL : -LEPERM;
    return prio ? -LEINVAL : 0;
}

static int64_t sys_sched_getparam(struct linux_thread *t, const uint64_t *a)
{
    int64_t st = sched_target(a[0]);
    if (st)
        return st;
    int32_t prio = 0;
    return linux_copy_out(t->proc, a[1], &prio, sizeof prio);
}

static int64_t sys_sched_priority(struct linux_thread *t, const uint64_t *a)
{
    return a[0] == 0 ? 0 : a[0] <= 2 ? (int64_t)(t->regs->x[17] == LNR_sched_get_priority_max ? 99 : 1) : -LEINVAL;
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

static int64_t sys_clock_gettime(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    int64_t ns;
    int64_t st = clock_now(a[0], &ns);
    if (st)
        return st;
    struct linux_timespec ts = {ns / 1000000000, ns % 1000000000};
    return linux_copy_out(p, a[1], &ts, sizeof ts);
}

static int64_t sys_clock_getres(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    int64_t ns;
    int64_t st = clock_now(a[0], &ns);
    if (st || !a[1])
        return st;
    struct linux_timespec ts = {0, 1};
    return linux_copy_out(p, a[1], &ts, sizeof ts);
}

static int64_t sys_gettimeofday(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (!a[0])
        return 0;
    int64_t ns = vx_clock_wall();
    struct linux_timeval tv = {ns / 1000000000, ns % 1000000000 / 1000};
    return linux_copy_out(p, a[0], &tv, sizeof tv);
}

/* Sleep until the monotonic deadline: 0, or -EINTR when a signal comes first (with the
 * time left in *left). */
static int64_t sleep_until(struct linux_thread *t, int64_t deadline, int64_t *left)
{
    for (;;) {
        uint32_t seen = atomic_load(&t->sleep_word);
        int64_t r = lsleep(t, &t->sleep_word, seen, deadline);
        int64_t now = vx_clock_get();
        if (r == -LETIMEDOUT || now >= deadline)
            return 0;
        if (r == -LEINTR) {
            *left = deadline - now;
            return -LEINTR;
        }
    }
}

static int64_t write_left(struct linux_proc *p, uint64_t va, int64_t left)
{
    struct linux_timespec ts = {left / 1000000000, left % 1000000000};
    return va ? linux_copy_out(p, va, &ts, sizeof ts) : 0;
}

int64_t linux_read_timespec(struct linux_proc *p, uint64_t va, int64_t *ns)
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

int64_t lsys_nanosleep(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    int64_t ns, left = 0;
    int64_t st = linux_read_timespec(p, a[0], &ns);
    if (st)
        return st;
    st = sleep_until(t, vx_clock_get() + ns, &left);
    if (st == -LEINTR && write_left(p, a[1], left))
        return -LEFAULT;
    return st;
}

int64_t lsys_clock_nanosleep(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    int64_t ns, now;
    int64_t st = clock_now(a[0], &now);
    if (st)
        return st;
    if ((st = linux_read_timespec(p, a[2], &ns)))
        return st;
    int64_t left = 0;
    if (!(a[1] & LTIMER_ABSTIME)) {
        st = sleep_until(t, vx_clock_get() + ns, &left);
        if (st == -LEINTR && write_left(p, a[3], left))
            return -LEFAULT;
        return st;
    }
    /* An absolute time on this clock: as a wait from now on the monotonic clock. */
    return ns > now ? sleep_until(t, vx_clock_get() + (ns - now), &left) : 0;
}

static int64_t sys_sched_yield(struct linux_thread *t, const uint64_t *a)
{
    vx_yield();
    return 0;
}

/* ---- randomness, and what is accepted and not acted on ---------------------------------- */

static int64_t sys_getrandom(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
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

static int64_t sys_set_robust_list(struct linux_thread *t, const uint64_t *a)
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
    [LNR_pipe2] = lsys_pipe2,
    [LNR_openat] = lsys_openat,
    [LNR_getdents64] = lsys_getdents64,
    [LNR_statx] = lsys_statx,
    [LNR_mkdirat] = lsys_mkdirat,
    [LNR_mknodat] = lsys_mknodat,
    [LNR_unlinkat] = lsys_unlinkat,
    [LNR_symlinkat] = lsys_symlinkat,
    [LNR_renameat2] = lsys_renameat2,
    [LNR_linkat] = lsys_linkat,
    [LNR_faccessat] = lsys_faccessat,
    [LNR_faccessat2] = lsys_faccessat2,
    [LNR_fchmodat] = lsys_fchmodat,
    [LNR_fchmod] = lsys_fchmod,
    [LNR_fchownat] = lsys_fchownat,
    [LNR_fchown] = lsys_fchown,
    [LNR_utimensat] = lsys_utimensat,
    [LNR_truncate] = lsys_truncate,
    [LNR_ftruncate] = lsys_ftruncate,
    [LNR_fsync] = lsys_fsync,
    [LNR_fdatasync] = lsys_fsync,
    [LNR_sync] = sys_zero,
    [LNR_statfs] = lsys_statfs,
    [LNR_fstatfs] = lsys_fstatfs,
    [LNR_chdir] = lsys_chdir,
    [LNR_fchdir] = lsys_fchdir,
    [LNR_getcwd] = lsys_getcwd,
    [LNR_brk] = lsys_brk,
    [LNR_mmap] = lsys_mmap,
    [LNR_munmap] = lsys_munmap,
    [LNR_mprotect] = lsys_mprotect,
    [LNR_madvise] = lsys_madvise,
    [LNR_mremap] = lsys_mremap,
    [LNR_clone] = lsys_clone,
    [LNR_execve] = lsys_execve,
    [LNR_exit] = lsys_exit,
    [LNR_exit_group] = lsys_exit_group,
    [LNR_wait4] = lsys_wait4,
    [LNR_waitid] = lsys_waitid,
    [LNR_futex] = lsys_futex,
    [LNR_getpid] = sys_getpid,
    [LNR_gettid] = lsys_gettid,
    [LNR_getppid] = lsys_getppid,
    [LNR_getpgid] = lsys_getpgid,
    [LNR_setpgid] = lsys_setpgid,
    [LNR_getsid] = lsys_getsid,
    [LNR_setsid] = lsys_setsid,
    [LNR_getuid] = sys_zero,
    [LNR_geteuid] = sys_zero,
    [LNR_getgid] = sys_zero,
    [LNR_getegid] = sys_zero,
    [LNR_getresuid] = sys_getresid,
    [LNR_getresgid] = sys_getresid,
    [LNR_getgroups] = sys_getgroups,
    [LNR_set_tid_address] = lsys_set_tid_address,
    [LNR_set_robust_list] = sys_set_robust_list,
    [LNR_umask] = sys_umask,
    [LNR_uname] = sys_uname,
    [LNR_prctl] = lsys_prctl,
    [LNR_sysinfo] = sys_sysinfo,
    [LNR_getrusage] = sys_getrusage,
    [LNR_sched_getaffinity] = sys_sched_getaffinity,
    [LNR_prlimit64] = sys_prlimit64,
    [LNR_getrlimit] = sys_getrlimit,
    [LNR_setrlimit] = sys_setrlimit,
    [LNR_sched_setaffinity] = sys_sched_setaffinity,
    [LNR_sched_getscheduler] = sys_sched_getscheduler,
    [LNR_sched_setscheduler] = sys_sched_setscheduler,
    [LNR_sched_getparam] = sys_sched_getparam,
    [LNR_sched_get_priority_max] = sys_sched_priority,
    [LNR_sched_get_priority_min] = sys_sched_priority,
    [LNR_rt_sigqueueinfo] = lsys_rt_sigqueueinfo,
    [LNR_pread64] = lsys_pread64,
    [LNR_setitimer] = lsys_setitimer,
    [LNR_getitimer] = lsys_getitimer,
    [LNR_ppoll] = lsys_ppoll,
    [LNR_pselect6] = lsys_pselect6,
    [LNR_rt_sigtimedwait] = lsys_rt_sigtimedwait,
    [LNR_syncfs] = lsys_syncfs,
    [LNR_getpriority] = lsys_getpriority,
    [LNR_setpriority] = lsys_setpriority,
    [LNR_pwrite64] = lsys_pwrite64,
    [LNR_clock_gettime] = sys_clock_gettime,
    [LNR_clock_getres] = sys_clock_getres,
    [LNR_gettimeofday] = sys_gettimeofday,
    [LNR_nanosleep] = lsys_nanosleep,
    [LNR_clock_nanosleep] = lsys_clock_nanosleep,
    [LNR_sched_yield] = sys_sched_yield,
    [LNR_getrandom] = sys_getrandom,
    [LNR_kill] = lsys_kill,
    [LNR_tkill] = lsys_tkill,
    [LNR_tgkill] = lsys_tgkill,
    [LNR_rt_sigaction] = lsys_rt_sigaction,
    [LNR_rt_sigprocmask] = lsys_rt_sigprocmask,
    [LNR_rt_sigreturn] = lsys_rt_sigreturn,
    [LNR_rt_sigpending] = lsys_rt_sigpending,
    [LNR_rt_sigsuspend] = lsys_rt_sigsuspend,
    [LNR_sigaltstack] = lsys_sigaltstack,
};

/* An unknown call: -ENOSYS, and one line in the kernel log the first time per number. */
static int64_t unknown(struct linux_proc *p, uint64_t nr)
{
    uint64_t bit = nr < LNR_COUNT ? nr : LNR_COUNT;
    uint64_t mask = 1ull << (bit % 64);
    lmutex_lock(&p->lock);
    bool first = !(p->enosys_seen[bit / 64] & mask);
    p->enosys_seen[bit / 64] |= mask;
    lmutex_unlock(&p->lock);
    if (first) {
        char line[96];
        int n = vx_snprintf(line, sizeof line, "linux: pid %u: syscall %llu not implemented (ENOSYS)\n",
                            p->pid, (unsigned long long)nr);
        vx_debug_write(line, (size_t)n);
    }
    return -LENOSYS;
}

static void syscall(struct linux_thread *t, struct vx_guest_regs *r)
{
    uint64_t nr = r->x[17], a0 = r->x[10];
    linux_sys_fn fn = nr < LNR_COUNT ? table[nr] : NULL;
    int64_t res = fn ? fn(t, &r->x[10]) : unknown(t->proc, nr);
    if (res == LINUX_LEFT)
        return; /* the thread has left: t may be someone else's now */
    r->x[10] = (uint64_t)res;
    sig_timer_check(t->proc);
    sig_deliver(t, r, nr != LNR_rt_sigreturn, a0);
}

void linux_trap(void *ctx, const struct vx_abi_trap *trap, struct vx_guest_regs *r)
{
    struct linux_proc *p = ctx;
    struct linux_thread *t = *trap->thread_data;
    if (trap->cause == VX_ABI_START) {
        t = proc_thread_start(p, r);
        *trap->thread_data = t;
        if (!t) {
            vx_task_exit(127); /* cannot happen unless the starter is broken */
            return;
        }
        t->regs = r;
        sig_deliver(t, r, false, 0);
        return;
    }
    if (!t) { /* not a thread the personality started: it cannot serve it */
        vx_task_exit(127);
        return;
    }
    t->regs = r;
    switch (trap->cause) {
    case VX_ABI_SYSCALL:
        syscall(t, r);
        break;
    case VX_ABI_FAULT:
        sig_fault(t, trap, r);
        break;
    default: /* VX_ABI_PREEMPT: signals sent meanwhile, a timer, or the process is going */
        sig_timer_check(p);
        if (atomic_load(&p->exiting) || sig_deliverable(t))
            sig_deliver(t, r, false, 0);
        break;
    }
}
