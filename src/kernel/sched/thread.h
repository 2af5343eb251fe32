/*
 * sched/thread.h - kernel threads: a stack, a context, a priority, a place in the scheduler.
 *
 * Every OS thread (system-task threads now, guest threads later) is a struct thread with its
 * own kernel stack of 2^PARAM_KSTACK_ORDER frames whose lowest page is a guard page (host
 * protection PROT_NONE), so an overflow faults at once instead of corrupting a neighbour.
 *
 * Lifecycle:  thread_create -> NEW --thread_start--> READY <--> RUNNING --> DEAD
 *                                                   RUNNING --> BLOCKED --> WAKING --> READY
 * A thread is reference counted: thread_create returns one reference for the creator and the
 * thread holds one on itself until it has switched away for the last time. Only then does it
 * become DEAD and wake its joiners, so when thread_join() returns, the thread's own reference
 * is gone and the joiner's drop frees the stack at once. thread_put() drops a reference
 * without waiting. The last reference frees the stack and the struct.
 *
 * Lock key: (r) run queue lock of the vCPU it is queued on, (w) lock of the waitq it sleeps
 * on, (a) threads_lock, (o) only the thread itself or the vCPU running it, (c) constant after
 * create, (A) atomic.
 */
#ifndef SCHED_THREAD_H
#define SCHED_THREAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch/hosted/context.h"
#include "kernel/param.h"
#include "kernel/sched/rt.h"
#include "kernel/sched/waitq.h"
#include "kernel/time/timer.h"
#include "lib/list.h"
#include "vx/status.h"

enum thread_state {
    THREAD_NEW = 0,  /* created, not started */
    THREAD_READY,    /* on a run queue, or being handed to one */
    THREAD_RUNNING,  /* current on some vCPU */
    THREAD_BLOCKED,  /* asleep (on a waitq or a timer) */
    THREAD_WAKING,   /* woken while still switching out; the waker queues it once it is off */
    THREAD_EXITING,  /* called thread_exit, still on its stack */
    THREAD_DEAD,     /* off its stack for good; freed when the last reference goes */
};

#define THREAD_AFFINITY_ALL UINT64_MAX

struct thread {
    struct arch_ctx ctx;              /* (o) saved stack pointer and tool state */
    struct list_node rq_link;         /* (r) */
    struct list_node wait_link;       /* (w) */
    struct list_node all_link;        /* (a) every live thread */
    _Atomic int state;                /* (A) enum thread_state */
    _Atomic uint32_t on_cpu;          /* (A) 1 from being picked until fully switched out */
    _Atomic uint32_t cpu;             /* (A) vCPU it runs or last ran on */
    _Atomic uint64_t affinity;        /* (A) bit n: may run on vCPU n */
    _Atomic uint32_t prio;            /* (A) base priority 0..PARAM_NPRIO-1; set under se.lock */
    _Atomic uint32_t refs;            /* (A) */
    uint64_t id;                      /* (c) unique, never reused */
    char name[PARAM_THREAD_NAME_LEN]; /* (c) */
    void *stack;                      /* (c) 2^PARAM_KSTACK_ORDER frames; NULL for idle */
    int (*entry)(void *arg);          /* (c) */
    void *arg;                        /* (c) */
    int exit_status;                  /* (w: exited.lock) valid once DEAD */
    struct waitq exited;              /* joiners sleep here */
    struct timer wait_timer;          /* (o) timeout of waitq_sleep_locked */
    _Atomic(struct waitq *) waiting_on; /* (A) waitq of the current sleep (timeout, interrupt) */
    bool wait_timed_out;              /* (w) */
    bool wait_intr;                   /* (w) the current sleep may be interrupted */
    bool wait_interrupted;            /* (w) it was */
    _Atomic bool interrupted;         /* (A) thread_interrupt was called: for good */
    _Atomic uint32_t interrupters;    /* (A) thread_interrupt calls looking at waiting_on */
    bool is_idle;                     /* (c) a vCPU's idle context, never queued */
    _Atomic uint64_t switches;        /* (A) times switched in */
    _Atomic uint64_t run_ns;          /* (A) time spent running */
    uint64_t run_start_ns;            /* (o) when it was last switched in */
    struct uthread *uthread;          /* (c) the task thread it runs, NULL for kernel threads */
    struct sched_entity se;           /* RT class, boost, queue key: own lock key (sched/rt.h) */
};

/* Create a thread that will run entry(arg) at priority prio, not yet runnable.
 * Returns a reference for the caller, or NULL with *st = VX_ENOMEM (no memory for the stack
 * or the struct) or VX_EINVAL (prio out of range). */
struct thread *thread_create(const char *name, int (*entry)(void *), void *arg, unsigned prio,
                             vx_status_t *st);

/* Make a NEW thread runnable on a vCPU its affinity allows. */
void thread_start(struct thread *t);

/* End the calling thread with `status`. Joiners are woken. */
_Noreturn void thread_exit(int status);

/* Wait for t to exit, drop the caller's reference, return its exit status. */
int thread_join(struct thread *t);

/* Drop the caller's reference to a thread that was never started, and its own: frees it.
 * (A NEW thread holds a reference on itself like any other, so thread_put alone keeps it.) */
void thread_discard(struct thread *t);

/* Take / drop a reference. The last drop frees a DEAD thread. */
void thread_get(struct thread *t);
void thread_put(struct thread *t);

/* Restrict t to the vCPUs in mask. VX_EINVAL if mask names no vCPU that exists; VX_EBUSY if
 * t is in the RT class and mask leaves out its home vCPU (sched.h). A running
 * thread that is no longer allowed where it is moves at its next yield or sleep. */
vx_status_t thread_set_affinity(struct thread *t, uint64_t mask);

/* The thread running on the calling vCPU. */
struct thread *thread_current(void);
/* Interrupt t for good (it is being stopped): its interruptible sleep (waitq_wait_locked),
 * now or any later one, ends at once with VX_ECANCELED. Other sleeps are not touched. Any
 * context but t itself; no lock held. */
void thread_interrupt(struct thread *t);
/* The calling kernel thread, or NULL from anything else (a vCPU's idle context, a host thread
 * such as a unit test's): for code that works in both and only uses the thread if there is
 * one. */
struct thread *thread_current_or_null(void);

/* Sleep the calling thread until hio_clock_ns() >= deadline_ns / for ns nanoseconds.
 * thread_sleep_until is interruptible: VX_ECANCELED if thread_interrupt ended it, else VX_OK. */
vx_status_t thread_sleep_until(uint64_t deadline_ns);
void thread_sleep_ns(uint64_t ns);

/* A consistent-enough copy of a thread's state for listings. */
struct thread_info {
    uint64_t id;
    char name[PARAM_THREAD_NAME_LEN];
    int state;
    uint32_t prio, cpu;
    uint64_t affinity, switches, run_ns;
    uint64_t rt_period_ns, rt_budget_ns; /* 0: a priority thread */
    uint64_t rt_postponed;               /* CBS postponements (budget overruns) */
    bool boosted;                        /* holds a key lent by sched_boost */
};
/* Call fn for each live thread (not the idle contexts), under threads_lock: fn must not
 * create or free threads. */
void thread_for_each(void (*fn)(const struct thread_info *info, void *arg), void *arg);
const char *thread_state_name(int state);

/* Called by the scheduler once it has switched away from an EXITING thread for good: mark it
 * DEAD, wake its joiners and drop its reference on itself. */
void thread_finish_exit(struct thread *t);
/* Set up the thread cache; part of the scheduler stage of boot. */
vx_status_t thread_init(void);

#endif /* SCHED_THREAD_H */
