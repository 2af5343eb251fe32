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
#define LNR_statx           291
#define LNR_rseq            293
#define LNR_COUNT           294 /* one past the highest number the table knows */

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
#define LENOTTY  25
#define LESPIPE  29
#define LEPIPE   32
#define LERANGE  34
#define LENODEV  19
#define LENOSYS  38

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

/* File types (st_mode). */
#define LS_IFCHR 0020000

/* Resources. */
#define LRLIMIT_STACK  3
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

#endif /* LINUX_ABI_H */
