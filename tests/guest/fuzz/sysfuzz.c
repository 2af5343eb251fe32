/*
 * sysfuzz.c - a Linux syscall fuzzer: a static riscv64 glibc program that issues N raw
 * syscalls with random numbers (0..460) and hostile arguments, and must survive them all.
 *
 *     sysfuzz N SEED [-v]
 *
 * Arguments come from a mix of classes (small ints, -1, huge values, NULL, unmapped, misaligned
 * and kernel-range pointers, pointers into a guarded scratch buffer with random contents, path
 * strings, the fuzzer's own fds). A deny list (`denied`, each entry with its reason) and the
 * fixups in `tame` keep the fuzzer from killing, blocking or unmapping itself; everything else
 * reaches the kernel as random as it was drawn. Every RESET_EVERY calls the fuzzer re-creates
 * its state (fds, arena, signal dispositions, a child that exits at once). A watchdog thread
 * interrupts (SIGUSR1, no SA_RESTART) a call that blocks for longer than WATCHDOG_MS.
 *
 * Under VaelixOS (uname's release ends in "-vaelix") the files live in /tmp/sysfuzz and
 * absolute paths into /, /proc and /dev are in the path pool. Elsewhere (qemu-riscv64 on a
 * host) the calls that would change the host are denied too (`host_denied`), and the paths
 * are relative to a fresh directory in /tmp; run it unprivileged all the same.
 * See docs/testing.md, "The syscall fuzzer".
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_MAX          460       /* numbers are drawn from 0..NR_MAX */
#define RESET_EVERY     10000     /* calls between re-creations of the state */
#define SCRATCH_SIZE    (64 * 1024)
#define ARENA_SIZE      (1024 * 1024)
#define PAGE            4096ul
#define WATCHDOG_MS     50        /* a call blocked this long (twice in a row) is interrupted */
#define OUT_FD          255       /* the summary goes here (a dup of stdout)... */
#define ERR_FD          254       /* ...progress here (stderr): never drawn, closed or dup'ed onto */
#define FD_DRAW_MAX     254       /* "fd-ish" draws are below this */
#define ABSURD_LEN      (1ul << 47) /* lengths this large may stay: no user range is that long */
#define KERNEL_BASE     0xffffffc000000000ul
#define WATCHDOG_SIG    SIGUSR1
#define NEUTRAL_SIG     SIGUSR2   /* what timers and F_SETSIG may send: ignored */
#define ERRNO_MAX       4096
#define NR_FUTEX_WAIT   455       /* futex_wait(2) of futex2; not in every glibc's headers */

/* ---- state ---------------------------------------------------------------------------------- */

static uint64_t rng;
static bool on_vaelix, verbose, trace;
static uint8_t *scratch;   /* SCRATCH_SIZE bytes between two PROT_NONE guard pages */
static uint8_t *arena;     /* ARENA_SIZE bytes the memory calls may unmap, remap, protect */
static uintptr_t brk0;     /* the break at start: brk may only move above it */
static int fd_file, fd_file2, fd_null, fd_pipe_r, fd_pipe_w, fd_dir, fd_proc, fd_vdir;
static char workdir[64];
static pid_t self_pid;
static volatile pid_t main_tid;
static volatile uint64_t calls_done;  /* the watchdog's progress counter */
static volatile int in_call;          /* the number being issued, -1 between calls */
static volatile uint64_t watchdog_fires;
static uint64_t errors[ERRNO_MAX];
static bool seen[NR_MAX + 1];
static bool answered[NR_MAX + 1]; /* returned something other than ENOSYS */
static long implemented[NR_MAX + 1];
static unsigned n_implemented;

static uint64_t rnd(void)
{
    /* xorshift64*: fast, and a seed reproduces a run exactly. */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static uint64_t below(uint64_t n) { return rnd() % n; }

static long raw_syscall(long nr, const uint64_t *a)
{
    register long a0 __asm__("a0") = (long)a[0];
    register long a1 __asm__("a1") = (long)a[1];
    register long a2 __asm__("a2") = (long)a[2];
    register long a3 __asm__("a3") = (long)a[3];
    register long a4 __asm__("a4") = (long)a[4];
    register long a5 __asm__("a5") = (long)a[5];
    register long a7 __asm__("a7") = nr;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    return a0;
}

static long sys6(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                 uint64_t a5)
{
    uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
    return raw_syscall(nr, a);
}

/* ---- the deny list ------------------------------------------------------------------------- */

struct deny {
    int nr;
    const char *why;
};

/* Never issued, here or on a host. */
static const struct deny denied[] = {
    {__NR_exit, "ends the fuzzer's thread"},
    {__NR_exit_group, "ends the fuzzer"},
    {__NR_execve, "replaces the fuzzer"},
    {__NR_execveat, "replaces the fuzzer"},
    {__NR_clone, "fork bombs and threads on random stacks (reset forks one child itself)"},
    {__NR_clone3, "same as clone"},
    {__NR_rt_sigreturn, "jumps to a random context"},
    {__NR_rt_sigsuspend, "sleeps until a signal, with a mask that may block the watchdog's"},
    {__NR_ptrace, "PTRACE_TRACEME stops the fuzzer at its next signal"},
    {__NR_process_vm_writev, "writes to random addresses of a process, maybe the fuzzer"},
    {__NR_process_madvise, "MADV_DONTNEED on the fuzzer's own memory"},
    {__NR_userfaultfd, "a registered range blocks every access to it forever"},
    {__NR_seccomp, "a filter would kill or confine the fuzzer"},
    {__NR_landlock_restrict_self, "cuts the fuzzer off from its own files"},
    {__NR_chroot, "the fuzzer reopens its files by absolute path"},
    {__NR_vhangup, "hangs up the controlling terminal"},
};

/* Issued only under VaelixOS: on a host (qemu-riscv64) they change the machine. */
static const struct deny host_denied[] = {
    {__NR_reboot, "reboots the host"},
    {__NR_mount, "host mounts"}, {__NR_umount2, "host mounts"},
    {__NR_pivot_root, "host mounts"}, {__NR_move_mount, "host mounts"},
    {__NR_fsmount, "host mounts"}, {__NR_mount_setattr, "host mounts"},
    {__NR_swapon, "host swap"}, {__NR_swapoff, "host swap"},
    {__NR_sethostname, "host name"}, {__NR_setdomainname, "host name"},
    {__NR_settimeofday, "host clock"}, {__NR_clock_settime, "host clock"},
    {__NR_adjtimex, "host clock"}, {__NR_clock_adjtime, "host clock"},
    {__NR_init_module, "host modules"}, {__NR_finit_module, "host modules"},
    {__NR_delete_module, "host modules"}, {__NR_kexec_load, "host kernel"},
    {__NR_kexec_file_load, "host kernel"}, {__NR_acct, "host accounting"},
    {__NR_quotactl, "host quotas"}, {__NR_quotactl_fd, "host quotas"},
    {__NR_syslog, "clears the host's kernel log"}, {__NR_bpf, "host kernel programs"},
    {__NR_add_key, "host keyrings"}, {__NR_request_key, "host keyrings"},
    {__NR_keyctl, "host keyrings"}, {__NR_unshare, "host namespaces"},
    {__NR_setns, "host namespaces"}, {__NR_setuid, "drops the host privileges"},
    {__NR_setgid, "drops privileges"}, {__NR_setreuid, "drops privileges"},
    {__NR_setregid, "drops privileges"}, {__NR_setresuid, "drops privileges"},
    {__NR_setresgid, "drops privileges"}, {__NR_setfsuid, "drops privileges"},
    {__NR_setfsgid, "drops privileges"}, {__NR_setgroups, "drops privileges"},
    {__NR_capset, "drops privileges"}, {__NR_chdir, "stay in the scratch directory"},
    {__NR_fchdir, "stay in the scratch directory"},
    {__NR_sched_setscheduler, "a real-time busy fuzzer starves the host"},
    {__NR_sched_setattr, "a real-time busy fuzzer starves the host"},
    {__NR_perf_event_open, "host profiling"}, {__NR_fanotify_init, "host file events"},
    {__NR_io_uring_setup, "asynchronous writes to random addresses"},
    {__NR_open_by_handle_at, "opens any host file"},
    {__NR_pselect6, "crashes qemu-user (not the host kernel)"},
    {__NR_getcpu, "hangs qemu-user with some pointers"},
};

static uint8_t deny_map[NR_MAX + 1];

static void build_deny_map(void)
{
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        deny_map[denied[i].nr] = 1;
    if (on_vaelix)
        return;
    for (size_t i = 0; i < sizeof host_denied / sizeof host_denied[0]; i++)
        deny_map[host_denied[i].nr] = 1;
    /* qemu-user's emulation of SysV IPC (msgget..shmdt) and sockets (socket..recvmsg,
     * accept4, recvmmsg, sendmmsg) dies of hostile lengths and pointers before the host
     * kernel sees them: on a host they would only test qemu. */
    for (int nr = __NR_msgget; nr <= __NR_recvmsg; nr++)
        deny_map[nr] = 1;
    deny_map[__NR_accept4] = deny_map[__NR_recvmmsg] = deny_map[__NR_sendmmsg] = 1;
}

/* ---- argument classes ---------------------------------------------------------------------- */

static const char long_name[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/* Relative to the work directory (the cwd, and fd_dir). */
static const char *const rel_paths[] = {
    "f0", "f1", "d0", "d0/f2", "l0", "l1", ".", "..", "", "d0/../f0", "nonexistent/x",
    "f0/not-a-dir", "./d0/", long_name,
};
/* Under VaelixOS only. No /dev/tty or /dev/console (a read of the console is not interrupted
 * by a signal: docs/linux.md) and no /dev/kmsg (its writes would reach the log the test
 * greps for "panic"). */
static const char *const abs_paths[] = {
    "/", "/tmp", "/tmp/sysfuzz/f0", "/tmp/sysfuzz/d0", "/proc", "/proc/self", "/proc/self/stat",
    "/proc/self/status", "/proc/self/fd", "/proc/self/fd/3", "/proc/self/exe",
    "/proc/self/cmdline", "/proc/self/task", "/proc/meminfo", "/proc/1/stat", "/proc/stat",
    "/proc/mounts", "/dev", "/dev/null", "/dev/zero", "/dev/full", "/dev/urandom",
    "/dev/fd/4", "/dev/stdin", "/dev/ptmx", "/dev/pts", "/bin/sh", "/bin",
};

static uint64_t path_arg(void)
{
    size_t nrel = sizeof rel_paths / sizeof rel_paths[0];
    size_t nabs = on_vaelix ? sizeof abs_paths / sizeof abs_paths[0] : 0;
    size_t i = below(nrel + nabs);
    return (uintptr_t)(i < nrel ? rel_paths[i] : abs_paths[i - nrel]);
}

static uint64_t fd_arg(void)
{
    int fds[] = {fd_file, fd_file2, fd_null, fd_pipe_r, fd_pipe_w, fd_dir, fd_proc, fd_vdir,
                 AT_FDCWD, -1, (int)below(FD_DRAW_MAX), 3 + (int)below(16)};
    return (uint64_t)(int64_t)fds[below(sizeof fds / sizeof fds[0])];
}

static uint64_t huge_arg(void)
{
    static const uint64_t v[] = {
        UINT64_MAX, 1ull << 63, (1ull << 63) - 1, 0x7fffffff, 0x80000000, 0xffffffff,
        1ull << 32, (1ull << 32) + 1, 1ull << 31, 0x7ffffffff000, 1ull << 40, 1ull << 47,
        -4096ull, 65536, 65537, 4096 * 1024,
    };
    return below(4) ? v[below(sizeof v / sizeof v[0])] : rnd();
}

static uint64_t unmapped_arg(void)
{
    static const uint64_t v[] = {
        1, 8, 0xfff, 0x1000, 0xdead0000, 0x10000, 0x3f00000000, 0x4000000000 - 8, 0x7ffffffff000,
    };
    return v[below(sizeof v / sizeof v[0])];
}

static uint64_t kernel_arg(void)
{
    switch (below(4)) {
    case 0: return KERNEL_BASE + (below(1ull << 20) << 12);
    case 1: return 0xffffffff80000000ull + below(1 << 20);
    case 2: return UINT64_MAX - below(4096);
    default: return 0x8000000000000000ull + below(1ull << 40);
    }
}

static uint64_t scratch_arg(void)
{
    /* Mostly near the start (room to spare), sometimes near the guard page. */
    uint64_t off = below(3) ? below(SCRATCH_SIZE / 2) & ~7ul : SCRATCH_SIZE - 1 - below(256);
    return (uintptr_t)scratch + off;
}

/* One argument from the mix of classes. */
static uint64_t gen_arg(void)
{
    switch (below(16)) {
    case 0: case 1: return below(17);
    case 2: return UINT64_MAX; /* -1 */
    case 3: return huge_arg();
    case 4: return 0; /* NULL */
    case 5: return unmapped_arg();
    case 6: return (uintptr_t)scratch + (below(SCRATCH_SIZE / 2) | (1 + below(7))); /* misaligned */
    case 7: return kernel_arg();
    case 8: case 9: return scratch_arg();
    case 10: case 11: return fd_arg();
    case 12: return path_arg();
    case 13: return (uint32_t)rnd() & (below(2) ? 0xffff : 0xffffffff); /* flags */
    case 14: return (uintptr_t)arena + (below(ARENA_SIZE / PAGE) << 12);
    default: return below(SCRATCH_SIZE + 1); /* a length */
    }
}

/* ---- fixups: what must not happen, argument by argument ---------------------------------- */

static bool in_scratch(uint64_t v, uint64_t len)
{
    return v >= (uintptr_t)scratch && v + len <= (uintptr_t)scratch + SCRATCH_SIZE &&
           v + len >= v;
}

/* A timeout: NULL (forever) never; a pointer that cannot be read stays (EFAULT); anything
 * readable becomes a timespec of at most a few microseconds, or an invalid one. */
static void tame_timeout(uint64_t *a)
{
    if (*a >= KERNEL_BASE || (on_vaelix && ((*a && *a < 0x10000) || *a == 0xdead0000)))
        return; /* (qemu-user reads low guest addresses it has not mapped) */
    uint64_t at = (uintptr_t)scratch + SCRATCH_SIZE - 64 - below(8) * 16;
    int64_t *ts = (int64_t *)(uintptr_t)at;
    ts[0] = below(8) ? 0 : -1;
    ts[1] = below(8) ? (int64_t)below(5000) : 1000000000;
    *a = at;
}

/* A signal that is sent to the fuzzer itself: only 0 (a probe) or an invalid number. */
static uint64_t tame_signal(uint64_t sig)
{
    return (int32_t)sig < 0 || (int32_t)sig > 64 ? sig : 0;
}

/* A memory range the call may unmap, remap or protect: inside the arena, or one that no
 * kernel can take (it wraps around, or starts above user space). */
static void tame_range(uint64_t *addr, uint64_t *len)
{
    if (on_vaelix && (*addr >= (1ull << 63) || *addr + *len < *addr))
        return; /* (qemu-user's own bookkeeping dies of these) */
    uint64_t off = *addr % ARENA_SIZE;
    *addr = (uintptr_t)arena + off;
    if (*len > ARENA_SIZE - off)
        *len = ARENA_SIZE - off;
}

static bool protected_fd(uint64_t fd)
{
    return (int32_t)fd >= 0 && ((int32_t)fd <= 2 || (int32_t)fd == OUT_FD || (int32_t)fd == ERR_FD);
}

/* Signals the fuzzer keeps ignored (their default would end or stop it). */
static bool must_ignore(int sig)
{
    switch (sig) {
    case SIGKILL: case SIGSTOP: case WATCHDOG_SIG: case SIGSEGV: case SIGBUS: case SIGILL:
    case SIGFPE: case SIGTRAP: case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
        return false;
    default:
        return true;
    }
}

static void tame_sigset(uint64_t set)
{
    if (in_scratch(set, 8))
        *(uint64_t *)(uintptr_t)set &= ~(1ull << (WATCHDOG_SIG - 1));
}

/* Make call nr with arguments a harmless to the fuzzer; false: skip it (draw another). */
static bool tame(long nr, uint64_t *a)
{
    switch (nr) {
    case __NR_close:
        return !protected_fd(a[0]);
    case __NR_close_range:
        if ((uint32_t)a[0] <= 2)
            a[0] = 3;
        if ((uint32_t)a[1] >= ERR_FD)
            a[1] = ERR_FD - 1;
        return true;
    case __NR_dup3:
        return !protected_fd(a[1]);
    case __NR_fcntl:
        if (a[1] == F_SETFL)
            a[2] |= O_NONBLOCK; /* a blocking pipe or fifo would hang its reader */
        if (a[1] == F_SETLKW || a[1] == F_OFD_SETLKW)
            a[1] = a[1] == F_SETLKW ? F_SETLK : F_OFD_SETLK; /* OFD locks block each other */
        if (a[1] == F_SETSIG)
            a[2] = NEUTRAL_SIG;
        return !(a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) || (uint32_t)a[2] < FD_DRAW_MAX;
    case __NR_ioctl:
        if (a[1] == FIONBIO) {
            int *on = (int *)(uintptr_t)(scratch + SCRATCH_SIZE - 8);
            *on = 1; /* never clear O_NONBLOCK */
            a[2] = (uintptr_t)on;
        }
        return true;
    case __NR_flock:
        a[1] |= LOCK_NB; /* two open files of f0 lock each other out */
        return true;
    case __NR_openat:
        a[2] |= O_NONBLOCK; /* a fifo opened for reading waits for a writer */
        return true;
    case __NR_openat2:
        if (in_scratch(a[2], 8))
            *(uint64_t *)(uintptr_t)a[2] |= O_NONBLOCK;
        return true;
    case __NR_pipe2:
        a[1] |= O_NONBLOCK;
        return true;
    case __NR_eventfd2: a[1] |= O_NONBLOCK; return true;
    case __NR_signalfd4: a[3] |= O_NONBLOCK; return true;
    case __NR_timerfd_create: a[1] |= O_NONBLOCK; return true;
    case __NR_inotify_init1: a[0] |= O_NONBLOCK; return true;
    case __NR_socket:
    case __NR_socketpair:
        if (!on_vaelix && a[0] != AF_UNIX)
            return false; /* no packets to random addresses from the host */
        a[1] |= SOCK_NONBLOCK;
        return true;
    case __NR_accept4: a[3] |= SOCK_NONBLOCK; return true;
    case __NR_accept: return false; /* accept4 with SOCK_NONBLOCK instead */
    case __NR_splice: a[5] |= SPLICE_F_NONBLOCK; return true;
    case __NR_tee: case __NR_vmsplice: a[3] |= SPLICE_F_NONBLOCK; return true;
    case __NR_msgrcv: a[4] |= IPC_NOWAIT; return true;
    case __NR_mq_open: a[1] |= O_NONBLOCK; if (!on_vaelix) a[1] &= ~(uint64_t)O_CREAT; return true;
    case __NR_shmget: case __NR_semget: case __NR_msgget:
        if (!on_vaelix)
            a[nr == __NR_shmget ? 2 : nr == __NR_semget ? 2 : 1] &= ~(uint64_t)IPC_CREAT;
        return true;
    case __NR_shmat:
        a[2] &= ~(uint64_t)SHM_REMAP;
        return true;
    case __NR_io_uring_enter: a[3] &= ~1ull; return true; /* no IORING_ENTER_GETEVENTS */
    case __NR_nanosleep: tame_timeout(&a[0]); return true;
    case __NR_clock_nanosleep: tame_timeout(&a[2]); return true;
    case __NR_ppoll: tame_timeout(&a[2]); tame_sigset(a[3]); return true;
    case __NR_pselect6: tame_timeout(&a[4]); return true;
    case __NR_epoll_pwait: if ((int32_t)a[3] != 0) a[3] = 0; return true;
    case __NR_epoll_pwait2: tame_timeout(&a[3]); return true;
    case __NR_rt_sigtimedwait: tame_timeout(&a[2]); return true;
    case __NR_io_getevents: case __NR_io_pgetevents: tame_timeout(&a[4]); return true;
    case __NR_recvmmsg: tame_timeout(&a[4]); a[3] |= MSG_DONTWAIT; return true;
    case __NR_recvfrom: case __NR_recvmsg: a[nr == __NR_recvfrom ? 3 : 2] |= MSG_DONTWAIT; return true;
    case __NR_semtimedop: tame_timeout(&a[3]); return true;
    case __NR_mq_timedsend: case __NR_mq_timedreceive: tame_timeout(&a[4]); return true;
    case __NR_futex_waitv: tame_timeout(&a[3]); return true;
    case NR_FUTEX_WAIT: tame_timeout(&a[4]); return true;
    case __NR_futex: {
        uint32_t cmd = (uint32_t)a[1] & 127 & ~(uint32_t)FUTEX_PRIVATE_FLAG;
        if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
            cmd == FUTEX_WAIT_REQUEUE_PI || cmd == 13 /* FUTEX_LOCK_PI2 */)
            tame_timeout(&a[3]);
        return true;
    }
    case __NR_wait4:
        return true; /* children exit at once: a wait without WNOHANG is short */
    case __NR_waitid:
        if (!(a[3] & WEXITED))
            a[3] |= WNOHANG; /* waiting only for a stop that never comes blocks, as on Linux */
        return true;
    case __NR_kill: case __NR_tkill: a[1] = tame_signal(a[1]); return true;
    case __NR_tgkill: a[2] = tame_signal(a[2]); return true;
    case __NR_rt_sigqueueinfo: a[1] = tame_signal(a[1]); return true;
    case __NR_rt_tgsigqueueinfo: a[2] = tame_signal(a[2]); return true;
    case __NR_pidfd_send_signal: a[1] = tame_signal(a[1]); return true;
    case __NR_rt_sigaction: {
        int sig = (int)a[0];
        if (sig == WATCHDOG_SIG)
            a[1] = 0; /* only read the watchdog's action */
        if (in_scratch(a[1], 24)) {
            uint64_t *act = (uint64_t *)(uintptr_t)a[1];
            /* SIG_DFL only where the default ignores; never a random handler. */
            act[0] = sig >= 1 && sig <= 64 && must_ignore(sig) ? (uint64_t)SIG_IGN : below(2);
        } else if (a[1] && a[1] < KERNEL_BASE && a[1] >= 0x10000) {
            a[1] = 0; /* readable but not ours to shape: read only */
        }
        if (below(2))
            a[3] = 8; /* the only valid sigsetsize */
        return true;
    }
    case __NR_rt_sigprocmask:
        tame_sigset(a[1]);
        if (a[1] && !in_scratch(a[1], 8) && a[1] < KERNEL_BASE && a[1] >= 0x10000)
            a[1] = 0;
        if (below(2))
            a[3] = 8;
        return true;
    case __NR_sigaltstack:
        return true; /* the watchdog's handler does not use the alternate stack */
    case __NR_timer_create:
    case __NR_mq_notify: {
        uint64_t sev = a[nr == __NR_timer_create ? 1 : 1];
        if (in_scratch(sev, 16)) {
            int32_t *w = (int32_t *)(uintptr_t)sev;
            w[2] = NEUTRAL_SIG; /* sigev_signo */
            w[3] = SIGEV_SIGNAL; /* not SIGEV_THREAD_ID with a random tid */
        } else if (sev && sev < KERNEL_BASE && sev >= 0x10000) {
            a[1] = 0;
        }
        return true;
    }
    case __NR_prctl:
        /* PR_SET_SECCOMP, PR_SET_MM, PR_SET_SYSCALL_USER_DISPATCH confine or corrupt the
         * fuzzer; PR_SET_PDEATHSIG sends a random signal; PR_CAPBSET_DROP and
         * PR_SET_SECUREBITS drop the host's privileges. */
        if (a[0] == 1)
            a[1] = tame_signal(a[1]);
        return a[0] != 22 && a[0] != 35 && a[0] != 59 && (on_vaelix || (a[0] != 24 && a[0] != 28));
    case __NR_setrlimit:
    case __NR_prlimit64: {
        uint32_t res = (uint32_t)(nr == __NR_setrlimit ? a[0] : a[1]);
        uint64_t *newp = nr == __NR_setrlimit ? &a[1] : &a[2];
        bool vital = res == RLIMIT_NOFILE || res == RLIMIT_AS || res == RLIMIT_DATA ||
                     res == RLIMIT_CPU || res == RLIMIT_RTTIME || res == RLIMIT_STACK ||
                     res == RLIMIT_NPROC;
        if (nr == __NR_prlimit64 && !on_vaelix && *newp)
            a[0] = 0; /* only our own limits on a host */
        if (vital)
            *newp = 0; /* read only: lowering these starves or kills the fuzzer */
        return true;
    }
    case __NR_sched_getaffinity:
        if (!on_vaelix && a[1] > 4096)
            a[1] = 4096; /* qemu-user copies the mask through a buffer of that size on its stack */
        return true;
    case __NR_sched_setaffinity:
        if (!on_vaelix && a[1] > 4096)
            a[1] = 4096;
        if (in_scratch(a[2], 8))
            *(uint64_t *)(uintptr_t)a[2] |= 1; /* keep CPU 0 */
        return true;
    case __NR_brk:
        /* Never below the start (glibc's TLS lives there); absurd values stay. */
        if (a[0] && a[0] < ABSURD_LEN)
            a[0] = brk0 + (below(ARENA_SIZE) & ~7ul);
        return true;
    case __NR_munmap: case __NR_mprotect: case __NR_madvise: case __NR_pkey_mprotect:
    case __NR_remap_file_pages: case __NR_mlock: case __NR_munlock: case __NR_msync:
    case __NR_mlock2: case __NR_mbind:
        tame_range(&a[0], &a[1]);
        return true;
    case __NR_mremap:
        tame_range(&a[0], &a[1]);
        if (a[2] < ABSURD_LEN && a[2] > ARENA_SIZE)
            a[2] = below(ARENA_SIZE);
        if (a[3] & MREMAP_FIXED) {
            uint64_t len = a[2];
            tame_range(&a[4], &len);
            a[2] = len;
        }
        return true;
    case __NR_mmap:
        if (a[3] & MAP_FIXED)
            tame_range(&a[0], &a[1]);
        return true;
    case __NR_bind: case __NR_connect: case __NR_setsockopt: case __NR_sendto:
        /* qemu-user copies socket addresses and options through alloca(len) */
        if (!on_vaelix)
            a[nr == __NR_sendto ? 5 : nr == __NR_setsockopt ? 4 : 2] %= 4097;
        return true;
    default:
        return true;
    }
}

/* After the call: what it created that would grow without bound or block us. */
static void after(long nr, const uint64_t *a, long ret)
{
    if (ret < 0 && ret > -4096)
        return;
    uint64_t end = (uintptr_t)arena + ARENA_SIZE;
    if ((nr == __NR_mmap || nr == __NR_mremap) && ret >= 0 &&
        ((uint64_t)ret < (uintptr_t)arena || (uint64_t)ret >= end)) {
        /* A new mapping outside the arena: give it back at once. */
        uint64_t len = nr == __NR_mmap ? a[1] : a[2];
        sys6(__NR_munmap, (uint64_t)ret, len, 0, 0, 0, 0);
    }
}

/* ---- state: (re)creating it ---------------------------------------------------------------- */

static void ignore_signals(void)
{
    for (int sig = 1; sig <= 64; sig++) {
        if (!must_ignore(sig))
            continue;
        uint64_t act[3] = {(uint64_t)SIG_IGN, 0, 0};
        sys6(__NR_rt_sigaction, sig, (uintptr_t)act, 0, 8, 0, 0);
    }
    uint64_t none = 0;
    sys6(__NR_rt_sigprocmask, SIG_SETMASK, (uintptr_t)&none, 0, 8, 0, 0);
}

static void watchdog_handler(int sig)
{
    (void)sig; /* its arrival is the point: the blocked call returns EINTR */
}

/* Open path, making it again if the fuzz has turned it into something else (a directory,
 * a file without permissions, a dangling link). */
static int open_fresh(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC, 0644);
    if (fd < 0 && (flags & O_CREAT)) {
        unlink(path);
        rmdir(path);
        fd = open(path, flags | O_CLOEXEC, 0644);
    }
    if (fd < 0) {
        dprintf(ERR_FD, "sysfuzz: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return fd;
}

static void fresh_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno == EEXIST && chmod(path, 0755) != 0) {
        unlink(path);
        mkdir(path, 0755);
    }
}

static void reset_state(void)
{
    for (int fd = 3; fd < FD_DRAW_MAX; fd++)
        close(fd);
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    umask(022);
    if (on_vaelix)
        fresh_dir("/tmp");
    fresh_dir(workdir);
    if (chdir(workdir) != 0) {
        dprintf(ERR_FD, "sysfuzz: cannot enter %s: %s\n", workdir, strerror(errno));
        exit(2);
    }
    ignore_signals();
    struct sigaction sa = {.sa_handler = watchdog_handler};
    sigaction(WATCHDOG_SIG, &sa, NULL);
    brk((void *)brk0);

    void *m = mmap(arena, ARENA_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (m != arena) {
        dprintf(ERR_FD, "sysfuzz: cannot remap the arena\n");
        exit(2);
    }
    for (size_t i = 0; i < SCRATCH_SIZE; i += 8) {
        uint64_t v = rnd();
        memcpy(scratch + i, &v, 8);
    }
    fresh_dir("d0");
    fd_null = open_fresh(on_vaelix ? "/dev/null" : "null", O_RDWR | O_CREAT);
    for (int fd = 0; fd <= 2; fd++)
        dup2(fd_null, fd);
    fd_file = open_fresh("f0", O_RDWR | O_CREAT);
    ftruncate(fd_file, 0);
    write(fd_file, scratch, 8192);
    fd_file2 = open_fresh("d0/f2", O_RDWR | O_CREAT | O_APPEND);
    symlink("f0", "l0");
    symlink("nonexistent", "l1");
    int p[2];
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) {
        dprintf(ERR_FD, "sysfuzz: pipe2: %s\n", strerror(errno));
        exit(2);
    }
    fd_pipe_r = p[0];
    fd_pipe_w = p[1];
    write(fd_pipe_w, "some bytes", 10);
    fd_dir = open_fresh(".", O_RDONLY | O_DIRECTORY);
    fd_proc = open_fresh("/proc/self/status", O_RDONLY);
    fd_vdir = open_fresh(on_vaelix ? "/dev" : ".", O_RDONLY | O_DIRECTORY);

    /* A child that exits at once: wait4 and waitid have something to find. */
    pid_t child = fork();
    if (child == 0)
        _exit(7);
}

static void *watchdog(void *arg)
{
    (void)arg;
    uint64_t last = UINT64_MAX;
    int stuck = 0;
    for (;;) {
        struct timespec ts = {0, WATCHDOG_MS * 1000000l};
        nanosleep(&ts, NULL);
        uint64_t now = calls_done;
        if (now == last && in_call >= 0) {
            if (++stuck >= 2) {
                watchdog_fires++;
                if (verbose)
                    dprintf(ERR_FD, "sysfuzz: call %llu (nr %d) blocked; interrupting it\n",
                            (unsigned long long)now, in_call);
                syscall(__NR_tgkill, self_pid, main_tid, WATCHDOG_SIG);
            }
        } else {
            stuck = 0;
        }
        last = now;
    }
    return NULL;
}

static void setup(void)
{
    struct utsname u;
    on_vaelix = uname(&u) == 0 && strstr(u.release, "-vaelix") != NULL;
    build_deny_map();
    if (!on_vaelix && getuid() == 0) {
        /* No deny list makes random calls safe for a host's root (chmod of "/" drawn from
         * random bytes...): run it as an unprivileged user, in a container. */
        fprintf(stderr, "sysfuzz: refusing to run as root outside VaelixOS\n");
        exit(2);
    }
    self_pid = getpid();
    main_tid = gettid();
    brk0 = (uintptr_t)sbrk(0);
    if (dup2(1, OUT_FD) < 0 || dup2(2, ERR_FD) < 0) {
        perror("sysfuzz: dup2");
        exit(2);
    }
    if (on_vaelix) {
        snprintf(workdir, sizeof workdir, "/tmp/sysfuzz");
        mkdir(workdir, 0755);
    } else {
        snprintf(workdir, sizeof workdir, "/tmp/sysfuzz.XXXXXX");
        if (!mkdtemp(workdir)) {
            perror("sysfuzz: mkdtemp");
            exit(2);
        }
    }
    /* [guard][scratch][guard], and the arena with a guard above it: a long write from a
     * pointer near the end stops at a guard instead of running over the fuzzer's data. */
    uint8_t *g = mmap(NULL, SCRATCH_SIZE + 2 * PAGE + ARENA_SIZE + PAGE, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g == MAP_FAILED) {
        perror("sysfuzz: mmap");
        exit(2);
    }
    scratch = g + PAGE;
    arena = scratch + SCRATCH_SIZE + PAGE;
    if (mprotect(scratch, SCRATCH_SIZE, PROT_READ | PROT_WRITE) != 0) {
        perror("sysfuzz: mprotect");
        exit(2);
    }
    pthread_t th;
    if (pthread_create(&th, NULL, watchdog, NULL) != 0) {
        dprintf(ERR_FD, "sysfuzz: no watchdog thread\n");
        exit(2);
    }
}

/* ---- the run ----------------------------------------------------------------------------- */

/* Half the draws come from the numbers that have answered something else than ENOSYS (most
 * of 0..460 is not implemented, or not even allocated): the calls that reach real code. */
static long draw_number(void)
{
    if (n_implemented && below(2))
        return implemented[below(n_implemented)];
    for (;;) {
        long nr = (long)below(NR_MAX + 1);
        if (!deny_map[nr])
            return nr;
    }
}

static void summary(uint64_t n)
{
    char line[2048];
    int len = 0;
    unsigned distinct = 0;
    uint64_t errs = 0;
    for (int i = 0; i <= NR_MAX; i++)
        distinct += seen[i];
    for (int e = 1; e < ERRNO_MAX; e++)
        errs += errors[e];
    if (errs > n) {
        /* Something wrote into the fuzzer's own data: a wrong copy_out, or a pointer a call
         * left in the scratch buffer and a later call wrote through. Either way, look. */
        dprintf(ERR_FD, "sysfuzz: its own counters are corrupted (%llu errors in %llu calls)\n",
                (unsigned long long)errs, (unsigned long long)n);
        exit(3);
    }
    len += snprintf(line + len, sizeof line - len,
                    "sysfuzz: %llu calls, %u distinct numbers, %llu errors by errno:",
                    (unsigned long long)n, distinct, (unsigned long long)errs);
    for (int e = 1; e < ERRNO_MAX && len < (int)sizeof line - 64; e++) {
        if (!errors[e])
            continue;
        const char *name = strerrorname_np(e);
        if (name)
            len += snprintf(line + len, sizeof line - len, " %s %llu", name,
                            (unsigned long long)errors[e]);
        else
            len += snprintf(line + len, sizeof line - len, " E%d %llu", e,
                            (unsigned long long)errors[e]);
    }
    len += snprintf(line + len, sizeof line - len, "; %llu watchdog interrupts\n",
                    (unsigned long long)watchdog_fires);
    write(OUT_FD, line, len);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: sysfuzz N SEED [-v | -t]\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 0);
    uint64_t seed = strtoull(argv[2], NULL, 0);
    verbose = argc > 3 && (strcmp(argv[3], "-v") == 0 || strcmp(argv[3], "-t") == 0);
    trace = argc > 3 && strcmp(argv[3], "-t") == 0;
    rng = seed * 0x9e3779b97f4a7c15ull + 0x1234567;
    if (!rng)
        rng = 1;
    setup();
    in_call = -1;
    for (uint64_t i = 0; i < n; i++) {
        if (i % RESET_EVERY == 0) {
            reset_state();
            if (verbose && i)
                dprintf(ERR_FD, "sysfuzz: %llu calls\n", (unsigned long long)i);
        }
        long nr;
        uint64_t a[6];
        do {
            nr = draw_number();
            for (int k = 0; k < 6; k++)
                a[k] = gen_arg();
            /* Some random scratch contents each time: structs read by the call. */
            uint64_t *w = (uint64_t *)(uintptr_t)(scratch + (below(SCRATCH_SIZE / 8 - 8) * 8));
            for (int k = 0; k < 8; k++)
                w[k] = below(2) ? below(256) : rnd();
        } while (!tame(nr, a));
        seen[nr] = true;
        if (trace)
            dprintf(ERR_FD, "%llu: %ld(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)",
                    (unsigned long long)i, nr, (unsigned long long)a[0], (unsigned long long)a[1],
                    (unsigned long long)a[2], (unsigned long long)a[3], (unsigned long long)a[4],
                    (unsigned long long)a[5]);
        in_call = (int)nr;
        long ret = raw_syscall(nr, a);
        if (trace)
            dprintf(ERR_FD, " = %ld\n", ret);
        in_call = -1;
        calls_done = i + 1;
        if (ret < 0 && ret > -ERRNO_MAX)
            errors[-ret]++;
        if (ret != -ENOSYS && !answered[nr]) {
            answered[nr] = true;
            implemented[n_implemented++] = nr;
        }
        after(nr, a, ret);
    }
    summary(n);
    return 0;
}
