/*
 * task/task.h - tasks and their threads: the objects behind VX_OBJ_TASK and VX_OBJ_THREAD.
 *
 * A task owns a handle table, belongs to a job, and (a guest process) has an address space.
 * Its threads are struct uthread objects, each running on a kernel thread (struct thread)
 * of its own: a guest thread runs the interpreter loop (task/guest.c), a native thread runs
 * a C function of a system task. Both reach the kernel through the same calls (syscall/).
 *
 * Lifecycle. A task is NEW until its first thread starts, then RUNNING. It ends (DEAD) when
 * its last thread exits, or when it is killed, exits or faults; then every thread is told to
 * stop, the handle table is closed (which also breaks reference cycles through handles to
 * itself), the address space reference is dropped, and VX_SIG_TERMINATED is raised. The
 * struct lives on while anyone holds a reference (a handle in the parent, a thread).
 *
 * A thread that is killed stops at its next return to guest code or its next kernel call; a
 * thread blocked in a kernel call's wait is interrupted (thread_interrupt: the wait ends with
 * VX_ECANCELED) and stops on the way out.
 *
 * Faults. A guest's faults are traps of the interpreter (task/guest.c). A system task's code
 * is native: task_run_native runs it with a hostio fault catcher armed on the vCPU, disarmed
 * for every kernel call it makes (syscall/native.c), so a fault in the task's own code kills
 * the task as FAULTED and ends its thread, while a fault in kernel code still crashes.
 *
 * Locks: task->lock protects the state, thread list and exit information. Order: task->lock
 * before scheduler locks (task_kill interrupts threads under it; a waitq lock it only tries);
 * handle tables and objects are used with it released.
 */
#ifndef TASK_TASK_H
#define TASK_TASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch/hosted/rv64/rv64.h"
#include "hostio.h"
#include "kernel/cap/handle.h"
#include "kernel/cap/object.h"
#include "kernel/task/job.h"
#include "kernel/vm/aspace.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/task.h"

#define TASK_NAME_LEN 32u

enum task_state { TASK_NEW = 0, TASK_RUNNING, TASK_DEAD };

/* Lock key: (t) task->lock, (c) constant after create, (A) atomic. */
struct task {
    struct kobject ko;
    char name[TASK_NAME_LEN];    /* (c) */
    struct job *job;             /* (c) a reference */
    struct aspace *as;           /* (t) a reference while alive; NULL for native tasks */
    struct handle_table handles;
    struct spinlock lock;
    int state;                   /* (t) enum task_state */
    struct list_node threads;    /* (t) struct uthread.task_link of live threads */
    uint32_t nthreads;           /* (t) on the list */
    struct vx_task_info exit;    /* (t) reason, code and fault, once DEAD */
    struct list_node all_link;   /* (all_tasks_lock) every task that is not destroyed */
    _Atomic uint64_t syscalls;   /* (A) kernel calls made by threads that have exited */
    bool enosys_logged;          /* (t) the one "unknown call" log line was printed */
    vx_abi_fn abi_fn;            /* (t; constant once started) foreign-ABI trap handler */
    void *abi_ctx;               /* (same) its argument */
};

struct uthread {
    struct kobject ko;
    struct task *task;           /* (c) a reference */
    struct thread *kt;           /* (c) the kernel thread, a reference */
    struct list_node task_link;  /* (t) */
    bool guest;                  /* (c) runs guest code */
    bool started;                /* (t) */
    bool in_abi;                 /* (o) running its task's ABI handler: pointers are host's */
    void *abi_data;              /* (o) the handler's word for this thread (vx_abi_trap) */
    _Atomic bool stop;           /* (A) exit at the next chance */
    _Atomic uint64_t syscalls;   /* (A) kernel calls made; written by the thread only */
    struct rv_regs regs;         /* (o: the thread itself) guest registers */
    int (*entry)(void *arg);     /* (c) native threads */
    void *arg;                   /* (c) */
    struct hio_fault_catcher catcher; /* (o) armed while a system task's own code runs */
};

/* A task in job j; `guest` gives it an address space. Charges VX_JOB_TASKS. */
vx_status_t task_create(struct job *j, const char *name, bool guest, struct task **out);

/* A thread of t, not started. A guest thread starts at regs.pc (task_thread_start); a native
 * thread runs entry(arg) and exits with its result. Charges VX_JOB_THREADS. */
vx_status_t uthread_create(struct task *t, const char *name, int (*entry)(void *), void *arg,
                           struct uthread **out);
/* Start a guest thread at pc with sp, a0, a1; or a native thread (pc etc. ignored).
 * VX_ESTATE if it was started before or the task is dead. */
vx_status_t uthread_start(struct uthread *ut, uint64_t pc, uint64_t sp, uint64_t a0,
                          uint64_t a1);

/* End the task: record why (first reason wins) and stop every thread. */
void task_kill(struct task *t, uint32_t reason, int64_t code, uint64_t addr, uint64_t pc);

/* Run a system task's own code, entry(arg), on the calling native thread with its faults
 * caught (hostio.h, "Faults"), and return what entry returns. If that code faults, the fault
 * is logged, the task is killed as FAULTED with its cause (VX_FAULT_*), address and pc, and
 * the thread ends: the call does not return. For host builtins only; the kernel's own
 * programs (monitor, selftest) are kernel code, and a fault there must crash. */
int task_run_native(int (*entry)(void *), void *arg);

/* A fault cause (VX_FAULT_*) in words, for log lines. */
const char *task_fault_name(uint32_t cause);

/* Called by a thread on its way out (guest loop, native trampoline). */
void uthread_exited(struct uthread *ut);

/* The task and thread of the calling kernel thread (NULL for plain kernel threads). */
struct uthread *uthread_current(void);
struct task *task_current(void);
/* Kernel calls t's threads have made, live and exited (for listings). */
uint64_t task_syscalls(struct task *t);

void task_get_info(struct task *t, struct vx_task_info *info);
/* t's state (enum task_state), read under its lock. */
int task_state(struct task *t);
/* Call fn for each task under the global list lock (listings: the monitor). */
void task_for_each(void (*fn)(struct task *t, void *arg), void *arg);
/* The task with this koid, with a reference, or NULL. */
struct task *task_find(uint64_t koid);

#endif /* TASK_TASK_H */
