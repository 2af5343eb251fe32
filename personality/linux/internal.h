/*
 * linux/internal.h - the personality's state: processes, threads, open files, locks, sleeping.
 *
 * Everything lives in fixed pools (the personality has no heap of its own) in memory every
 * process's handler can reach: a linux_proc per process, a linux_thread per guest thread, an
 * lfile per open file description. The handler runs on the calling guest thread; it finds
 * that thread's record through the kernel's per-thread word (vx_abi_trap.thread_data), set by
 * the start hook.
 *
 * Locks (lmutex, over vx_futex_*; never held across a blocking wait):
 *   tree_lock (proc.c)  the process tree: parent links, states, pids, groups, sessions,
 *                       signal dispositions and pending signals, every proc's `seq` bumps.
 *   p->lock             p's fd table, break, name.
 *   pipe->lock          one pipe's buffer.
 * Order: tree_lock, then p->lock, then a pipe's lock.
 *
 * Sleeping (lsleep): a thread sleeps on some word (a pipe's sequence, its process's child
 * sequence, a futex waiter's word...) after checking its condition; whoever changes the
 * condition bumps the word and wakes it. A signal bumps the word the target sleeps on, so
 * every sleep in the personality is interruptible, and exiting threads leave at once.
 *
 * Exit: a process ends when its last thread leaves the personality (thread_leave): every
 * thread leaves by itself, at its next trap, once the process is exiting (exit_group, a
 * fatal signal, or execve replacing it). The last one closes the files, hands the children to
 * no one (they are reaped when they end), makes the process a zombie and tells the parent.
 * After that store nothing touches the record until the parent reaps it.
 */
#ifndef LINUX_INTERNAL_H
#define LINUX_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>

#include "personality/linux/abi.h"
#include "personality/linux/linux.h"

#define LINUX_PROCS_MAX   64u
#define LINUX_THREADS_MAX 256u
#define LINUX_FILES_MAX   512u
#define LINUX_FDS_MAX     256u
#define LINUX_PIPES_MAX   64u
#define LINUX_PATH_MAX    256u
#define LINUX_PID_FIRST   1000u /* the first pid handed out: clear of pid 1 */
#define LINUX_NAME_MAX    16u   /* comm, as prctl(PR_SET_NAME) keeps it */
#define LINUX_CMDLINE_MAX 512u  /* the start of argv kept for /proc/<pid>/cmdline */

/* ---- locks and sleeping (sched.c) --------------------------------------------------------- */

struct lmutex {
    _Atomic uint32_t v; /* 0 free, 1 held, 2 held with sleepers */
};

void lmutex_lock(struct lmutex *m);
void lmutex_unlock(struct lmutex *m);

struct linux_thread;
struct linux_proc;

/* Bumped by every change a poll may wait for (pipes, for now): ppoll sleeps on it. */
extern _Atomic uint32_t poll_seq;

/* Bump a word and wake its sleepers: the condition they wait for may have changed. */
void lwake(_Atomic uint32_t *word);

/* Sleep on `word` unless it no longer holds `seen` (read it before checking the condition),
 * until the monotonic `deadline` (0: none). 0: woken (recheck the condition); -LEINTR: a
 * signal is pending or the process is exiting; -LETIMEDOUT. */
int64_t lsleep(struct linux_thread *t, _Atomic uint32_t *word, uint32_t seen, int64_t deadline);

/* ---- open files (file.c) ------------------------------------------------------------------ */

enum lfile_kind {
    LFILE_FREE = 0,
    LFILE_CONSOLE,
    LFILE_PIPE_READ,
    LFILE_PIPE_WRITE,
    LFILE_VFS,
    LFILE_DEV,  /* a /dev device (stream: enum vdev) */
    LFILE_PROC, /* a /proc file: its text, taken at open (vfile.c) */
    LFILE_VDIR, /* the directory /dev or /proc or one below (path says which) */
};

struct lpipe;

/* An open file description: shared by dup'ed fds and across fork. */
struct lfile {
    _Atomic bool used;     /* the slot is taken */
    _Atomic uint32_t refs; /* fd-table entries (and calls in progress) naming it */
    uint32_t kind;         /* enum lfile_kind */
    uint32_t stream;       /* LFILE_CONSOLE: VX_CONSOLE_OUT or _ERR for writes */
    _Atomic uint32_t flags; /* O_* status flags (access mode, O_NONBLOCK, O_APPEND) */
    struct lpipe *pipe;    /* LFILE_PIPE_*: the pipe */
    /* LFILE_VFS: a node of the vfs server; each fd naming it holds its own handle to the
     * node's connection (linux_proc.fdh). */
    struct lmutex lock;    /* offset */
    uint64_t offset;       /* the file position (a directory: the READDIR cookie) */
    uint32_t mode;         /* S_IF* type and permissions when opened */
    uint64_t token;        /* the connection's vfs token */
    char path[LINUX_PATH_MAX]; /* where it was opened (absolute), for fchdir and /proc */
    uint32_t text_len;     /* LFILE_PROC: the bytes of its text */
};

uint32_t lfile_slot(const struct lfile *f); /* its index in the pool */

struct lfile *lfile_new(uint32_t kind);
void lfile_get(struct lfile *f);
void lfile_put(struct lfile *f);

/* fd table of p; the lfile returned holds a reference (lfile_put it). */
struct lfile *fd_get(struct linux_proc *p, int64_t fd);
/* Install f (its reference moves to the table) at the lowest free fd >= lowest, with the
 * handle h (moved too; 0 for files that need none). On failure h is closed. */
int64_t fd_install(struct linux_proc *p, struct lfile *f, uint32_t lowest, bool cloexec);
int64_t fd_install_h(struct linux_proc *p, struct lfile *f, vx_handle_t h, uint32_t lowest,
                     bool cloexec);
/* fd_get, and the fd's handle (0 if none). */
struct lfile *fd_get_h(struct linux_proc *p, int64_t fd, vx_handle_t *h);
/* A duplicate of h for another fd (0 stays 0); -LEMFILE style errno on failure. */
int64_t handle_dup(vx_handle_t h, vx_handle_t *out);
/* Close every fd (all, or only the close-on-exec ones). */
void fd_close_all(struct linux_proc *p, bool only_cloexec);
/* Copy parent's table into child's (fork). */
void fd_fork(struct linux_proc *parent, struct linux_proc *child);

/* ---- files of the vfs server (fs.c) ---------------------------------------------------- */

int64_t fs_read(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va, uint64_t len);
int64_t fs_write(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va, uint64_t len);
int64_t fs_pread(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                 uint64_t len, uint64_t off);
int64_t fs_pwrite(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                  uint64_t len, uint64_t off);
int64_t fs_lseek(struct linux_thread *t, struct lfile *f, vx_handle_t h, int64_t off,
                 uint32_t whence);
int64_t fs_fstat(struct linux_thread *t, vx_handle_t h, struct linux_stat *out);
int64_t fs_stat_at(struct linux_thread *t, int64_t dirfd, uint64_t path_va, uint32_t flags,
                   struct linux_stat *out);
int64_t fs_readlinkat(struct linux_thread *t, int64_t dirfd, const char *path, uint64_t va,
                      uint64_t size);
/* A program file's bytes in a new VMO (execve): checks execute permission. */
int64_t fs_load_program(struct linux_thread *t, const char *path, vx_handle_t *vmo);
/* The same for a system task, from the root connection `root` (linux-exec). */
int64_t linux_load_program(vx_handle_t root, const char *path, vx_handle_t *vmo);
/* Append rel to the absolute path abs (LINUX_PATH_MAX bytes), folding ".", ".." and "//". */
bool linux_path_join(char *abs, const char *rel);

/* ---- /dev and /proc (vfile.c): LINUX_NOT_VIRTUAL when the path is not under them -------- */
#define LINUX_NOT_VIRTUAL (INT64_MIN + 1)
/* (path is t's buffer of 4096 bytes: a link out of /proc to a real file rewrites it) */
int64_t vfile_openat(struct linux_thread *t, int64_t dirfd, char *path, uint32_t flags);
int64_t vfile_stat_at(struct linux_thread *t, int64_t dirfd, const char *path,
                      struct linux_stat *out);
int64_t vfile_readlinkat(struct linux_thread *t, int64_t dirfd, const char *path, uint64_t va,
                         uint64_t size);
int64_t vfile_read(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len);
int64_t vfile_write(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len);
int64_t vfile_fstat(struct linux_thread *t, struct lfile *f, struct linux_stat *out);
int64_t vfile_getdents(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t cap);
/* stat of a file that is not the vfs server's (console, pipe) (io.c). */
int64_t linux_stat_special(struct linux_thread *t, struct lfile *f, struct linux_stat *out);

/* ---- pipes (pipe.c) ----------------------------------------------------------------------- */

int64_t pipe_read(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len);
int64_t pipe_write(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len);
void pipe_release(struct lfile *f);
uint32_t pipe_poll(struct lfile *f); /* POLL* events that hold now */

/* ---- threads and processes ---------------------------------------------------------------- */

struct linux_thread {
    _Atomic bool used;
    struct linux_proc *proc;
    struct vx_guest_regs *regs;  /* while it is in the handler: its registers */
    uint32_t tid;
    char name[LINUX_NAME_MAX];   /* its comm (prctl PR_SET_NAME names the calling thread) */
    uint64_t clear_child_tid;    /* CLONE_CHILD_CLEARTID / set_tid_address */
    _Atomic(_Atomic uint32_t *) sleeping_on; /* the word it sleeps on, or NULL */
    _Atomic uint64_t pending;    /* signals sent to this thread (bit n-1: signal n) */
    uint64_t blocked;            /* its signal mask (only it changes it) */
    uint64_t saved_mask;         /* rt_sigsuspend: the mask to restore after the handler */
    bool restore_mask;
    struct linux_stack altstack;
    bool first;                  /* the first thread of a new task: it takes the bootstrap */
    bool has_start;              /* clone: start with start_regs */
    _Atomic uint32_t sleep_word; /* for sleeps on nothing else (nanosleep, sigsuspend) */
    /* futex waiting (futex.c), under the bucket's lock */
    _Atomic uint32_t fx_word;    /* bumped when woken */
    bool fx_queued, fx_woken;
    _Atomic uint32_t fx_bucket;
    uint32_t fx_bitset;
    uint64_t fx_addr;
    struct linux_thread *fx_next, *fx_prev;
    struct vx_guest_regs start_regs;
    struct linux_siginfo fault_info; /* the fault being turned into a signal */
};

enum lproc_state { LPROC_FREE = 0, LPROC_LIVE, LPROC_ZOMBIE };

struct linux_proc {
    _Atomic uint32_t state;     /* enum lproc_state */
    struct lmutex lock;
    /* Under tree_lock: */
    struct linux_proc *parent;  /* NULL: started by a system task (linux_start) or orphaned */
    uint32_t pid, pgid, sid;
    int32_t wstatus;            /* the wait status once a zombie (or stopped / continued) */
    bool wait_report;           /* a stop or continue not yet reported to wait4 */
    bool waited_by_starter;     /* linux_start's: linux_wait reaps it, not a parent */
    bool vfork_done;            /* it has exec'd or exited (a CLONE_VFORK parent waits) */
    _Atomic bool exiting;       /* its threads are to leave */
    struct linux_sigaction act[LNSIG];
    _Atomic uint64_t pending;   /* signals sent to the process */
    _Atomic int64_t alarm_at;   /* ITIMER_REAL: when SIGALRM is due (vx_clock_get), 0: off */
    int64_t alarm_interval;     /* (tree_lock) its reload, 0: one-shot */
    int32_t nice;               /* (tree_lock) getpriority/setpriority */
    int32_t pdeathsig;          /* (tree_lock) sent to it when its parent ends (prctl) */
    struct linux_siginfo pending_info[LNSIG]; /* what the handler of each pending one gets */
    _Atomic uint32_t child_seq; /* bumped when a child changes state: wait4 sleeps on it */
    _Atomic uint32_t state_seq; /* bumped when it becomes a zombie: linux_wait sleeps on it */
    _Atomic uint32_t threads;   /* live threads in the personality's books */
    /* Handles, in the process's own table (set by the start hook). */
    vx_handle_t task;           /* itself */
    vx_handle_t as;
    vx_handle_t job;
    vx_handle_t console;
    vx_handle_t bootfs;         /* the boot image (execve looks programs up there) */
    vx_handle_t exe_vmo;        /* the running program (execve of /proc/self/exe) */
    /* Under p->lock: */
    uint32_t umask;
    struct linux_rlimit rlim[LRLIM_NLIMITS];
    uint64_t brk_lo;            /* the heap's first byte (page-aligned) */
    uint64_t brk;               /* the current break */
    uint64_t sigtramp;          /* where the signal-return trampoline is mapped */
    char name[LINUX_NAME_MAX];
    char exe[LINUX_PATH_MAX];
    char cmdline[LINUX_CMDLINE_MAX]; /* argv strings, each NUL-terminated (cut if long) */
    uint32_t cmdline_len;
    int64_t start_time;         /* vx_clock_get() when it was created */
    struct lfile *fd[LINUX_FDS_MAX];
    vx_handle_t fdh[LINUX_FDS_MAX]; /* each fd's handle in the process's table, or 0 */
    bool cloexec[LINUX_FDS_MAX];
    /* The file system (fs.c): connections to "/" and the working directory, and its path. */
    vx_handle_t root, cwd;
    uint64_t cwd_token;
    char cwd_path[LINUX_PATH_MAX];
    uint64_t enosys_seen[(LNR_COUNT + 63) / 64 + 1]; /* numbers logged once; last word: others */
};

extern struct lmutex tree_lock;

/* A syscall: the thread, the six argument registers; returns a Linux result (-errno). */
typedef int64_t (*linux_sys_fn)(struct linux_thread *t, const uint64_t *a);

/* The handler (sys.c). */
void linux_trap(void *ctx, const struct vx_abi_trap *trap, struct vx_guest_regs *regs);

/* Guest memory (sys.c): copy in or out of the process, -LEFAULT on failure. */
int64_t linux_copy_in(struct linux_proc *p, void *dst, uint64_t va, size_t len);
int64_t linux_copy_out(struct linux_proc *p, uint64_t va, const void *src, size_t len);
/* A struct timespec at va as nanoseconds (a huge one saturates): 0, -EFAULT or -EINVAL. */
int64_t linux_read_timespec(struct linux_proc *p, uint64_t va, int64_t *ns);
/* Small string helpers shared by the files (proc.c). */
size_t linux_strlen(const char *s);
const char *linux_base_name(const char *path); /* the last component */
/* A NUL-terminated string of at most max bytes (NUL included): its length, -EFAULT or
 * -ENAMETOOLONG. */
int64_t linux_copy_str(struct linux_proc *p, char *dst, uint64_t va, size_t max);

/* Write n bytes (at most 4096) to the console device's stream (VX_CONSOLE_OUT or _ERR); the
 * count or a VX_E* code (io.c). */
int32_t linux_console_write(vx_handle_t con, uint32_t stream, const void *data, uint32_t n);

/* Keep the first argc strings of an argument block as p's cmdline (proc.c, p->lock). */
void proc_set_cmdline(struct linux_proc *p, const char *strings, size_t len, uint32_t argc);

/* Resource limits of a new process (sys.c). */
void linux_rlimit_init(struct linux_proc *p);

/* Processes (proc.c). */
struct linux_proc *proc_alloc(void);
struct linux_thread *thread_alloc(struct linux_proc *p);
void thread_free(struct linux_thread *t);
uint32_t thread_slot(const struct linux_thread *t); /* its index in the pool */
struct linux_proc *proc_by_pid(uint32_t pid); /* under tree_lock */
bool linux_tid_exists(uint32_t tid);           /* a live thread (or process) with that id */
/* The calling thread leaves the personality and the guest task (the last one ends the
 * process). Returns at once; the caller returns from the handler without touching anything. */
void thread_leave(struct linux_thread *t);
/* The last thread has left: close the files, become a zombie (or go), end the task. */
void proc_finish(struct linux_proc *p);
/* Make p exit with wait status `wstatus` (its threads leave at their next trap). */
void proc_exit(struct linux_proc *p, int32_t wstatus);
/* Handles (in the caller's table) a new task of a process gets copies of: these, and the
 * fds' handles of `files` (NULL: none). */
struct proc_handles {
    vx_handle_t job, console, bootfs, exe_vmo, root, cwd;
    const struct linux_proc *files;
};
/* Start process p's first thread `first` in the new task `task` whose address space is `as`
 * (both moved), at pc/sp (first->start_regs instead if first->has_start). */
vx_status_t proc_launch(struct linux_proc *p, vx_handle_t task, vx_handle_t as,
                        const struct proc_handles *h, struct linux_thread *first, uint64_t pc,
                        uint64_t sp);
/* The calling guest-facing result that means "the thread has left: touch nothing". */
#define LINUX_LEFT INT64_MIN
/* Wake every thread of p out of its sleep (tree_lock held or not). */
void proc_wake_threads(struct linux_proc *p);
/* Free a reaped zombie (tree_lock held). */
void proc_free(struct linux_proc *p);
/* A futex wake of the guest word at addr in p (futex.c): how many woke. */
int64_t futex_wake_addr(struct linux_proc *p, uint64_t addr, uint32_t n, uint32_t bitset);
/* The start hook of a thread (sys.c calls it for VX_ABI_START): its record, or NULL if the
 * start failed (the task is ending). */
struct linux_thread *proc_thread_start(struct linux_proc *p, struct vx_guest_regs *r);

/* Signals (signal.c). */
/* Send a signal to process p / thread t (tree_lock held): info->signo, with that siginfo. */
void sig_send_proc(struct linux_proc *p, const struct linux_siginfo *info);
void sig_send_thread(struct linux_thread *t, const struct linux_siginfo *info);
/* The siginfo of a signal sent by a process (SI_USER, SI_TKILL...). */
struct linux_siginfo sig_info(int sig, int code, uint32_t from);
/* Is a signal deliverable to t now (pending and not blocked)? */
bool sig_deliverable(struct linux_thread *t);
/* Deliver pending signals before t returns to the guest: run default actions (which may
 * make the process exit: then LINUX_LEFT) or build a handler frame in r. After a syscall,
 * r->x[10] holds its result and orig_a0 its first argument (to restart it). */
int64_t sig_deliver(struct linux_thread *t, struct vx_guest_regs *r, bool after_syscall,
                    uint64_t orig_a0);
/* A fault the kernel passed on: SIGSEGV and friends. */
int64_t sig_fault(struct linux_thread *t, const struct vx_abi_trap *trap, struct vx_guest_regs *r);
/* SIGALRM if p's real-time timer is due (any thread may call it; cheap when it is not). */
void sig_timer_check(struct linux_proc *p);
/* Map the signal-return trampoline into the address space `as`; *va gets its address. */
vx_status_t sig_map_trampoline(vx_handle_t as, uint64_t *va);
/* execve resets handled signals to their default. */
void sig_exec_reset(struct linux_proc *p);

/* The syscalls, by area. */
#define LSYS(name) int64_t lsys_##name(struct linux_thread *t, const uint64_t *a)
LSYS(read); LSYS(write); LSYS(readv); LSYS(writev); LSYS(close); LSYS(dup); LSYS(dup3);
LSYS(fcntl); LSYS(ioctl); LSYS(lseek); LSYS(fstat); LSYS(newfstatat); LSYS(readlinkat);
LSYS(pipe2); LSYS(openat); LSYS(getdents64); LSYS(statx); LSYS(mkdirat); LSYS(mknodat);
LSYS(unlinkat); LSYS(symlinkat); LSYS(renameat2); LSYS(linkat); LSYS(faccessat);
LSYS(faccessat2); LSYS(fchmodat); LSYS(fchmod); LSYS(fchownat); LSYS(fchown); LSYS(utimensat);
LSYS(truncate); LSYS(ftruncate); LSYS(fsync); LSYS(statfs); LSYS(fstatfs); LSYS(chdir);
LSYS(fchdir); LSYS(getcwd);
LSYS(brk); LSYS(mmap); LSYS(munmap); LSYS(mprotect); LSYS(madvise); LSYS(mremap);
LSYS(clone); LSYS(execve); LSYS(exit); LSYS(exit_group); LSYS(wait4); LSYS(waitid);
LSYS(getppid); LSYS(getpgid); LSYS(setpgid); LSYS(getsid); LSYS(setsid); LSYS(gettid);
LSYS(set_tid_address); LSYS(futex); LSYS(prctl);
LSYS(kill); LSYS(tkill); LSYS(tgkill); LSYS(rt_sigaction); LSYS(rt_sigprocmask);
LSYS(rt_sigreturn); LSYS(rt_sigpending); LSYS(rt_sigqueueinfo); LSYS(pread64); LSYS(pwrite64); LSYS(rt_sigsuspend); LSYS(sigaltstack);
LSYS(nanosleep); LSYS(clock_nanosleep); LSYS(setitimer); LSYS(getitimer); LSYS(ppoll);
LSYS(pselect6); LSYS(rt_sigtimedwait); LSYS(syncfs); LSYS(getpriority); LSYS(setpriority);
#undef LSYS

#endif /* LINUX_INTERNAL_H */
