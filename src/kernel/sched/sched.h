/*
 * sched/sched.h - the scheduler: per-vCPU run queues, switching, wakeups, idle, balancing.
 *
 * Each vCPU runs its own scheduler (a host thread in the hosted build). Kernel code is not
 * preempted: a thread runs until it yields, sleeps or exits. The switch is direct,
 * thread to thread, with the run queue lock held across it and released by the thread that
 * resumes (sched_finish_switch), as Linux does; `on_cpu` tells other vCPUs that a thread's
 * context is not saved yet, so it is never run in two places.
 *
 * Wakeups pick a vCPU: the one the thread last ran on if it is idle or the waker's own,
 * otherwise an idle vCPU it may run on, otherwise the least loaded one; the chosen vCPU gets
 * an IPI. A vCPU with nothing to run pulls the best thread from the busiest queue (in its idle
 * loop, one run queue lock at a time) before it halts. Interrupts (timers, console, IPIs) are handled in the idle loop, at every yield and
 * right after every switch, never inside the switch path.
 *
 * Lock order: waitq lock, then run queue lock; run queue locks are never nested. Timer callbacks run with no lock held.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/param.h"
#include "kernel/sched/runq.h"
#include "kernel/sched/thread.h"
#include "kernel/time/timer.h"
#include "vx/status.h"

/* One per vCPU. Lock key: (r) rq.lock, (o) only this vCPU, (A) atomic, read by anyone. */
struct cpu {
    uint32_t id;                       /* (c) */
    _Atomic uint32_t irq_pending;      /* (A) HIO_IRQ_* bits, set by hostio and other vCPUs */
    _Atomic(struct thread *) current;  /* (A) written by this vCPU only */
    struct thread *switch_prev;        /* (o) the thread switched away from, until finished */
    bool migrate_prev;                 /* (o) switch_prev must move to another vCPU */
    struct runq rq;
    struct timer_queue timers;
    struct thread idle;                /* this vCPU's own host-thread context */
    _Atomic bool idling;               /* (A) running its idle context */
    _Atomic uint64_t switches;         /* (A) context switches */
    _Atomic uint64_t idle_ns;          /* (A) time spent in the idle context */
    _Atomic uint64_t irqs;             /* (A) interrupt batches handled */
    _Atomic uint64_t idle_since_ns;    /* (A) start of the current idle period (written by owner) */
    /* A cross-vCPU call (sched_on_each_cpu): claimed by a caller, run by this vCPU. */
    _Atomic uint32_t call_claimed;     /* (A) a caller owns the slot */
    _Atomic(void (*)(void *)) call_fn; /* (A) set last by the caller, cleared when run */
    void *call_arg;                    /* (claimed) */
};

extern struct cpu sched_cpus[PARAM_MAX_CPUS];

/* Set up `ncpus` vCPU structures and their run queues and timer queues. */
vx_status_t sched_init(uint32_t ncpus);
uint32_t sched_ncpus(void);

/* The calling vCPU (asserts the caller is one). */
struct cpu *cpu_self(void);

/* Entry of each vCPU's host thread: run threads until the machine powers off. */
void sched_cpu_main(uint32_t id);

/* Let other ready threads of the same or higher priority run; handle pending interrupts.
 * (Not called sched_yield: that is libc's name, and the core shares the process with libc.) */
void sched_relinquish(void);

/* Switch away from the calling thread, which has already set its state to BLOCKED (under the
 * lock of whatever it waits for). Returns after someone calls sched_wake() on it. */
void sched_block(void);

/* Make a BLOCKED thread ready. Returns false if it was not blocked. Any context may call it. */
bool sched_wake(struct thread *t);

/* Queue a READY thread that is on no run queue on a vCPU it may run on. */
void sched_enqueue(struct thread *t);

/* Resume-side half of a switch; the arch trampoline of a new thread calls it first. */
void sched_finish_switch(void);

/* Run fn(arg) on every vCPU, in that vCPU's interrupt path (no lock held, not in a thread),
 * and return when all have run it; on the calling vCPU it runs directly. For work that must
 * happen on each vCPU itself: draining per-vCPU caches, TLB shoot-downs. Kernel threads only;
 * fn must not sleep. */
void sched_on_each_cpu(void (*fn)(void *arg), void *arg);

/* Stop the machine with `status` (the calling thread never returns from its next block). */
void sched_power_off(int status);

#endif /* SCHED_SCHED_H */
