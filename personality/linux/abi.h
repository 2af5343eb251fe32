/*
 * linux/abi.h - the parts of the Linux riscv64 ABI the personality speaks: system call
 * numbers (asm-generic), errno values, flags and structure layouts, as the kernel's uapi
 * headers define them for riscv64 (LP64, little-endian). Written out here because the
 * personality is compiled for the host, not against the guest's headers.
 */
#ifndef LINUX_ABI_H
#define LINUX_ABI_H

#include <stdint.h>

/* System call numbers. */
#define LNR_ioctl           29
#define LNR_fcntl           25
#define LNR_dup             23
#define LNR_dup3            24
#define LNR_close           57
#define LNR_lseek           62
#define LNR_read            63
#define LNR_write           64
#define LNR_readv           65
#define LNR_writev          66
#define LNR_pread64         67
#define LNR_pwrite64        68
#define LNR_readlinkat      78
#define LNR_newfstatat      79
#define LNR_fstat           80
#define LNR_exit            93
#define LNR_exit_group      94
#define LNR_set_tid_address 96
#define LNR_set_robust_list 99
#define LNR_nanosleep       101
#define LNR_clock_gettime   113
#define LNR_clock_getres    114
#define LNR_clock_nanosleep 115
#define LNR_sched_yield     124
#define LNR_rt_sigaction    134
#define LNR_rt_sigprocmask  135
#define LNR_uname           160
#define LNR_getrlimit       163
#define LNR_umask           166
#define LNR_gettimeofday    169
#define LNR_getpid          172
#define LNR_getppid         173
#define LNR_getuid          174
#define LNR_geteuid         175
#define LNR_getgid          176
#define LNR_getegid         177
#define LNR_gettid          178
#define LNR_brk             214
#define LNR_munmap          215
#define LNR_mmap            222
#define LNR_mprotect        226
#define LNR_madvise         233
#define LNR_prlimit64       261
#define LNR_getrandom       278
#define LNR_pselect6        72
#define LNR_ppoll           73
#define LNR_pipe2           59
#define LNR_waitid          95
#define LNR_futex           98
#define LNR_get_robust_list 100
#define LNR_getitimer       102
#define LNR_setitimer       103
#define LNR_sched_getaffinity 123
#define LNR_kill            129
#define LNR_tkill           130
#define LNR_tgkill          131
#define LNR_sigaltstack     132
#define LNR_rt_sigsuspend   133
#define LNR_rt_sigpending   136
#define LNR_rt_sigtimedwait 137
#define LNR_rt_sigreturn    139
#define LNR_rt_sigqueueinfo 138
#define LNR_sched_setaffinity 122
#define LNR_sched_getscheduler 120
#define LNR_sched_setscheduler 119
#define LNR_sched_getparam  121
#define LNR_sched_get_priority_max 125
#define LNR_sched_get_priority_min 126
#define LNR_setrlimit       164
#define LNR_syncfs          267
#define LNR_setpriority     140
#define LNR_getpriority     141
#define LNR_setpgid         154
#define LNR_getpgid         155
#define LNR_getsid          156
#define LNR_setsid          157
#define LNR_getgroups       158
#define LNR_getrusage       165
#define LNR_prctl           167
#define LNR_sysinfo         179
#define LNR_getresuid       148
#define LNR_getresgid       150
#define LNR_mremap          216
#define LNR_clone           220
#define LNR_execve          221
#define LNR_wait4           260
#define LNR_getcwd          17
#define LNR_mknodat         33
#define LNR_mkdirat         34
#define LNR_unlinkat        35
#define LNR_symlinkat       36
#define LNR_linkat          37
#define LNR_statfs          43
#define LNR_fstatfs         44
#define LNR_truncate        45
#define LNR_ftruncate       46
#define LNR_faccessat       48
#define LNR_chdir           49
#define LNR_fchdir          50
#define LNR_fchmod          52
#define LNR_fchmodat        53
#define LNR_fchownat        54
#define LNR_fchown          55
#define LNR_openat          56
#define LNR_getdents64      61
#define LNR_sync            81
#define LNR_fsync           82
#define LNR_fdatasync       83
#define LNR_utimensat       88
#define LNR_renameat2       276
#define LNR_statx           291
#define LNR_rseq            293
#define LNR_faccessat2      439
#define LNR_COUNT           440 /* one past the highest number the table knows */

/* errno values. */
#define LEPERM   1
#define LENOENT  2
#define LESRCH   3
#define LEINTR   4
#define LEIO     5
#define LEBADF   9
#define LEAGAIN  11
#define LENOMEM  12
#define LEACCES  13
#define LEFAULT  14
#define LEEXIST  17
#define LEINVAL  22
#define LEMFILE  24
#define LENFILE  23
#define LENOTTY  25
#define LESPIPE  29
#define LEPIPE   32
#define LERANGE  34
#define LENODEV  19
#define LENOSYS  38
#define LE2BIG   7
#define LENOEXEC 8
#define LECHILD  10
#define LENOTDIR 20
#define LEISDIR  21
#define LENAMETOOLONG 36
#define LETIMEDOUT 110
#define LEOPNOTSUPP 95
#define LENXIO   6
#define LENOTEMPTY 39
#define LELOOP   40
#define LERESTART 512 /* internal: the call is restarted after a handler (never seen by a guest) */

/* mmap and mprotect. */
#define LPROT_READ  0x1
#define LPROT_WRITE 0x2
#define LPROT_EXEC  0x4
#define LMAP_SHARED          0x01
#define LMAP_PRIVATE         0x02
#define LMAP_TYPE            0x0f
#define LMAP_FIXED           0x10
#define LMAP_ANONYMOUS       0x20
#define LMAP_FIXED_NOREPLACE 0x100000
#define LPAGE 4096ull

/* Clocks. */
#define LCLOCK_REALTIME           0
#define LCLOCK_MONOTONIC          1
#define LCLOCK_PROCESS_CPUTIME_ID 2
#define LCLOCK_THREAD_CPUTIME_ID  3
#define LCLOCK_MONOTONIC_RAW      4
#define LCLOCK_REALTIME_COARSE    5
#define LCLOCK_MONOTONIC_COARSE   6
#define LCLOCK_BOOTTIME           7
#define LTIMER_ABSTIME            1

/* fcntl, openat flags, AT_ flags. */
#define LF_DUPFD         0
#define LF_GETFD         1
#define LF_SETFD         2
#define LF_GETFL         3
#define LF_SETFL         4
#define LF_DUPFD_CLOEXEC 1030
#define LFD_CLOEXEC      1
#define LO_RDONLY        0
#define LO_WRONLY        1
#define LO_RDWR          2
#define LO_CLOEXEC       0x80000
#define LAT_FDCWD        (-100)
#define LAT_EMPTY_PATH   0x1000

/* clone flags. */
#define LCSIGNAL              0x000000ffu
#define LCLONE_VM             0x00000100u
#define LCLONE_FS             0x00000200u
#define LCLONE_FILES          0x00000400u
#define LCLONE_SIGHAND        0x00000800u
#define LCLONE_VFORK          0x00004000u
#define LCLONE_PARENT         0x00008000u
#define LCLONE_THREAD         0x00010000u
#define LCLONE_SYSVSEM        0x00040000u
#define LCLONE_SETTLS         0x00080000u
#define LCLONE_PARENT_SETTID  0x00100000u
#define LCLONE_CHILD_CLEARTID 0x00200000u
#define LCLONE_DETACHED       0x00400000u
#define LCLONE_CHILD_SETTID   0x01000000u

/* wait4 options and waitid. */
#define LWNOHANG    1
#define LWUNTRACED  2
#define LWEXITED    4
#define LWCONTINUED 8
#define LWNOWAIT    0x01000000
#define L__WALL     0x40000000
#define L__WCLONE   0x80000000u
#define LP_ALL  0
#define LP_PID  1
#define LP_PGID 2

/* futex. */
#define LFUTEX_WAIT            0
#define LFUTEX_WAKE            1
#define LFUTEX_REQUEUE         3
#define LFUTEX_CMP_REQUEUE     4
#define LFUTEX_WAKE_OP         5
#define LFUTEX_WAIT_BITSET     9
#define LFUTEX_WAKE_BITSET     10
#define LFUTEX_PRIVATE_FLAG    128
#define LFUTEX_CLOCK_REALTIME  256
#define LFUTEX_BITSET_MATCH_ANY 0xffffffffu

/* Signals. */
#define LSIGHUP    1
#define LSIGINT    2
#define LSIGQUIT   3
#define LSIGILL    4
#define LSIGTRAP   5
#define LSIGABRT   6
#define LSIGBUS    7
#define LSIGFPE    8
#define LSIGKILL   9
#define LSIGUSR1   10
#define LSIGSEGV   11
#define LSIGUSR2   12
#define LSIGPIPE   13
#define LSIGALRM   14
#define LSIGTERM   15
#define LSIGCHLD   17
#define LSIGCONT   18
#define LSIGSTOP   19
#define LSIGTSTP   20
#define LSIGTTIN   21
#define LSIGTTOU   22
#define LSIGURG    23
#define LSIGWINCH  28
#define LNSIG      64
#define LSIG_DFL   0
#define LSIG_IGN   1
#define LSA_NOCLDSTOP 0x00000001u
#define LSA_NOCLDWAIT 0x00000002u
#define LSA_SIGINFO   0x00000004u
#define LSA_ONSTACK   0x08000000u
#define LSA_RESTART   0x10000000u
#define LSA_NODEFER   0x40000000u
#define LSA_RESETHAND 0x80000000u
#define LSIG_BLOCK   0
#define LSIG_UNBLOCK 1
#define LSIG_SETMASK 2
#define LSS_ONSTACK 1
#define LSS_DISABLE 2
#define LMINSIGSTKSZ 2048
#define LSI_USER    0
#define LSI_KERNEL  0x80
#define LSI_TKILL   (-6)
#define LCLD_EXITED 1
#define LCLD_KILLED 2
#define LCLD_DUMPED 3
#define LCLD_STOPPED 5
#define LCLD_CONTINUED 6
#define LSEGV_MAPERR 1
#define LSEGV_ACCERR 2
#define LBUS_ADRALN  1
#define LILL_ILLOPC  1
#define LTRAP_BRKPT  1

/* prctl. */
#define LPR_SET_PDEATHSIG 1
#define LPR_GET_PDEATHSIG 2
#define LPR_GET_DUMPABLE 3
#define LPR_SET_NAME 15
#define LPR_GET_NAME 16

/* File types (st_mode). */
#define LS_IFIFO 0010000
#define LS_IFCHR 0020000

/* Resources. */
#define LRLIMIT_STACK  3
#define LRLIMIT_CORE   4
#define LRLIMIT_NOFILE 7
#define LRLIM_NLIMITS  16
#define LRLIM_INFINITY (~0ull)

struct linux_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct linux_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct linux_iovec {
    uint64_t base;
    uint64_t len;
};

/* struct stat of asm-generic (riscv64): 128 bytes. */
struct linux_stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
};
_Static_assert(sizeof(struct linux_stat) == 128, "riscv64 struct stat");

struct linux_utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

struct linux_rlimit {
    uint64_t cur, max;
};

/* struct sigaction as the riscv64 kernel takes it (no sa_restorer use: the vDSO returns). */
struct linux_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

struct linux_stack {
    uint64_t sp;
    int32_t flags;
    int32_t pad;
    uint64_t size;
};

/* siginfo_t: 128 bytes; the fields used here. */
struct linux_siginfo {
    int32_t signo, err, code, pad;
    union {
        struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } chld;
        struct { int32_t pid; uint32_t uid; } kill;
        struct { uint64_t addr; } fault;
        uint8_t bytes[112];
    } u;
};
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo_t is 128 bytes");

/* The riscv64 signal frame the kernel pushes: siginfo, then the ucontext with the registers
 * (pc, x1..x31) and the D-extension FP state (f0..f31, fcsr). */
struct linux_sigcontext {
    uint64_t regs[32]; /* regs[0] = pc, regs[i] = x[i] */
    uint64_t f[32];
    uint32_t fcsr;
    uint32_t fpad[3]; /* room for the Q-extension union's size: 528 bytes in all */
    uint64_t qpad[32];
};
_Static_assert(sizeof(struct linux_sigcontext) == 256 + 528, "riscv64 sigcontext");

struct linux_ucontext {
    uint64_t flags;
    uint64_t link;
    struct linux_stack stack;
    uint64_t sigmask;
    uint8_t unused[120];
    uint64_t pad; /* sigcontext is 16-byte aligned */
    struct linux_sigcontext mc;
};

struct linux_rt_sigframe {
    struct linux_siginfo info;
    struct linux_ucontext uc;
};

/* struct rusage (for wait4: zeros). */
struct linux_rusage {
    int64_t f[18];
};

struct linux_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t pad2;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    uint8_t reserved[4];
};
_Static_assert(sizeof(struct linux_sysinfo) == 112, "riscv64 struct sysinfo");

#endif /* LINUX_ABI_H */
