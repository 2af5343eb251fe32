/*
 * linux/internal.h - the personality's state: processes, open files, the syscall table.
 *
 * Processes and open file descriptions come from fixed pools (the personality has no heap of
 * its own): a process slot is claimed by linux_start and freed by linux_release; a file's
 * references are its fd-table entries. A process is single-threaded for now, and only its
 * own thread (in the handler) touches its fd table and memory state after start.
 */
#ifndef LINUX_INTERNAL_H
#define LINUX_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>

#include "personality/linux/abi.h"
#include "personality/linux/linux.h"

#define LINUX_PROCS_MAX 64u
#define LINUX_FILES_MAX 512u
#define LINUX_FDS_MAX   256u
#define LINUX_PATH_MAX  256u
#define LINUX_PID_FIRST 1000u /* the first pid handed out: clear of pid 1 */

enum lfile_kind { LFILE_FREE = 0, LFILE_CONSOLE };

/* An open file description. */
struct lfile {
    _Atomic uint32_t refs; /* fd-table entries naming it; 0: free */
    uint32_t kind;         /* enum lfile_kind */
    uint32_t stream;       /* LFILE_CONSOLE: VX_CONSOLE_OUT or _ERR for writes */
    uint32_t flags;        /* O_* status flags (O_RDONLY, O_WRONLY, O_RDWR) */
    vx_handle_t handle;    /* LFILE_CONSOLE: the console device, in the owner's table */
};

struct linux_proc {
    _Atomic bool used;
    bool started;           /* its first thread has run the start hook */
    vx_handle_t task;       /* in the starter's table */
    vx_handle_t as;         /* in the process's own table (from the start hook on) */
    vx_handle_t console;    /* in the process's own table */
    uint32_t pid;
    uint32_t umask;
    uint64_t brk_lo;        /* the heap's first byte (page-aligned) */
    uint64_t brk;           /* the current break */
    uint64_t tid_address;   /* set_tid_address */
    char exe[LINUX_PATH_MAX];
    struct lfile *fd[LINUX_FDS_MAX];
    bool cloexec[LINUX_FDS_MAX];
    uint64_t enosys_seen[(LNR_COUNT + 63) / 64 + 1]; /* numbers logged once; last word: others */
};

/* A syscall: the process, the six argument registers; returns a Linux result (-errno). */
typedef int64_t (*linux_sys_fn)(struct linux_proc *p, const uint64_t *a);

/* Table and handler (sys.c). */
void linux_trap(void *ctx, const struct vx_abi_trap *trap, struct vx_guest_regs *regs);

/* Guest memory (sys.c): copy in or out of the process, -LEFAULT on failure. */
int64_t linux_copy_in(struct linux_proc *p, void *dst, uint64_t va, size_t len);
int64_t linux_copy_out(struct linux_proc *p, uint64_t va, const void *src, size_t len);

/* Write n bytes (at most 4096) to the console device's stream (VX_CONSOLE_OUT or _ERR); the
 * count or a VX_E* code (io.c). */
int32_t linux_console_write(vx_handle_t con, uint32_t stream, const void *data, uint32_t n);

/* Files (file.c). */
struct lfile *lfile_new(uint32_t kind);
void lfile_put(struct linux_proc *p, struct lfile *f);
struct lfile *fd_get(struct linux_proc *p, int64_t fd);
int64_t fd_install(struct linux_proc *p, struct lfile *f, uint32_t lowest, bool cloexec);
void fd_close_all(struct linux_proc *p, bool table_gone);

/* The syscalls, by area. */
int64_t lsys_read(struct linux_proc *p, const uint64_t *a);
int64_t lsys_write(struct linux_proc *p, const uint64_t *a);
int64_t lsys_readv(struct linux_proc *p, const uint64_t *a);
int64_t lsys_writev(struct linux_proc *p, const uint64_t *a);
int64_t lsys_close(struct linux_proc *p, const uint64_t *a);
int64_t lsys_dup(struct linux_proc *p, const uint64_t *a);
int64_t lsys_dup3(struct linux_proc *p, const uint64_t *a);
int64_t lsys_fcntl(struct linux_proc *p, const uint64_t *a);
int64_t lsys_ioctl(struct linux_proc *p, const uint64_t *a);
int64_t lsys_lseek(struct linux_proc *p, const uint64_t *a);
int64_t lsys_fstat(struct linux_proc *p, const uint64_t *a);
int64_t lsys_newfstatat(struct linux_proc *p, const uint64_t *a);
int64_t lsys_readlinkat(struct linux_proc *p, const uint64_t *a);
int64_t lsys_brk(struct linux_proc *p, const uint64_t *a);
int64_t lsys_mmap(struct linux_proc *p, const uint64_t *a);
int64_t lsys_munmap(struct linux_proc *p, const uint64_t *a);
int64_t lsys_mprotect(struct linux_proc *p, const uint64_t *a);
int64_t lsys_madvise(struct linux_proc *p, const uint64_t *a);

#endif /* LINUX_INTERNAL_H */
