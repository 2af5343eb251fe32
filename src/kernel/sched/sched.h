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
 * Scheduling classes (policy.c, arithmetic in rt.h): a thread is either in the real-time
 * class, EDF with a CBS budget per thread, or has one of PARAM_NPRIO fixed priorities. On
 * each vCPU every ready RT thread runs before every priority thread. An RT thread's
 * bandwidth is reserved on one vCPU, its home, chosen at admission among those its affinity
 * allows; it is queued only there and never stolen, so the admission sums stay true.
 * Kernel code is not preempted, so what the CBS enforces on kernel threads is the order:
 * run time is charged at every switch-out and every sched_relinquish, and a thread that
 * overran its budget has its deadline postponed (it then waits behind every earlier
 * deadline, or, if its period has not begun yet, is not queued until it has) but is never
 * stopped mid-run. Preemptible code (the guest loop) asks
 * sched_should_yield() and relinquishes, which makes budgets and slices hard limits there.
 *
 * Lock order: waitq lock, then run queue lock, then a thread's se.lock; run queue locks are
 * never nested. policy.c's admission lock comes before a thread's se.lock and is never taken
 * with a run queue lock held. Timer callbacks run with no lock held.
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
    _Atomic uint64_t handoffs;         /* (A) of which direct handoffs (sched_block_handoff) */
    _Atomic uint64_t idle_ns;          /* (A) time spent in the idle context */
    _Atomic uint64_t irqs;             /* (A) interrupt batches handled */
    _Atomic uint64_t idle_since_ns;    /* (A) start of the current idle period (written by owner) */
    /* What runs now, for sched_should_yield and for wakeups that should displace it. */
    struct sched_key cur_key;          /* (r) the current thread's key (weakest for idle) */
    uint64_t slice_end_ns;             /* (o) the current thread's budget or slice ends here */
    _Atomic bool resched;              /* (A) a thread that beats the current one was queued */
    uint32_t rt_util_ppm;              /* (m) RT utilisation reserved here (policy.c's lock) */
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

/* sched_block, handing this vCPU to `next` in the same switch: next is a BLOCKED thread the
 * caller took off a wait list and would otherwise sched_wake (a server thread a request was
 * just given to, or the caller a reply was just given to). The run queues are skipped: next
 * runs at once, in the place the caller leaves, unless a thread queued here beats it. Taken
 * only if next last ran on this vCPU, may run here and is a plain priority thread; otherwise
 * next is woken as sched_wake would. Returns once the caller is woken. */
void sched_block_handoff(struct thread *next);

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

/* Should the calling thread relinquish now? True when its time slice (PARAM_SLICE_NS, priority
 * threads) or its CBS budget left (RT threads) has run out since it was last switched in or
 * relinquished, or when a thread that beats it was queued on this vCPU. Cheap: one clock read.
 * For code that can stop anywhere, like the guest loop; kernel code relinquishes when it
 * likes. */
bool sched_should_yield(void);

/* ---- scheduling classes (policy.c) -----------------------------------------------------
 * Each change takes effect at once if t is queued (it is requeued under its new key) and at
 * its next switch if it is running or waking. None may be called on an idle context. */

/* Put t in the RT class with a CBS of `budget_ns` every `period_ns` (relative deadline =
 * period), starting now. Admission: reserves budget/period on a vCPU t's affinity allows
 * (its current home if it has one, else the vCPU it last ran on, else the least reserved),
 * keeping each vCPU's RT sum at most PARAM_RT_UTIL_MAX_PPM. An RT thread called again
 * changes its parameters (the old reservation counts as free while choosing).
 * Errors: VX_EINVAL parameters out of range (see sched_rt_check_params) or t an idle context;
 * VX_ELIMIT no allowed vCPU has room; VX_ESTATE t has exited. */
vx_status_t sched_set_rt(struct thread *t, uint64_t period_ns, uint64_t budget_ns);

/* Give t the fixed priority `prio`, leaving the RT class (and releasing its reservation) if
 * it was in it. Errors: VX_EINVAL prio >= PARAM_NPRIO or t an idle context. */
vx_status_t sched_set_priority(struct thread *t, uint32_t prio);

/* The hook for priority inheritance through channel `call` (the IPC layer calls it when a
 * caller waits on a server thread, and sched_unboost when the reply is sent). Raises t to at
 * least the key donor runs under now: a priority donor lends its priority, an RT donor its
 * absolute deadline (then t waits in the deadline list and runs before priority threads).
 * Boosts accumulate: t keeps the strongest key lent since the last unboost, and a donor that
 * is itself boosted lends its boosted key, so chains carry the boost through. A lent
 * deadline orders t but t's run time is charged to its own CBS only, not the donor's.
 * A key no stronger than t's own lends nothing: returns whether t was boosted. */
bool sched_boost(struct thread *t, struct thread *donor);
/* Drop every key lent to t; it runs under its own class again. */
void sched_unboost(struct thread *t);

/* RT utilisation reserved on vCPU `cpu`, in parts per million. */
uint32_t sched_rt_reserved_ppm(uint32_t cpu);

/* For thread.c: set t's affinity, refusing (VX_EBUSY) a mask without an RT thread's home
 * vCPU (leave the RT class first, or set the mask before sched_set_rt). */
vx_status_t sched_change_affinity(struct thread *t, uint64_t mask);
/* For thread.c: set up a new thread's scheduling state. */
void sched_init_thread(struct thread *t);
/* For thread.c: t is exiting or freed; release its RT reservation. Idempotent. */
void sched_thread_gone(struct thread *t);
/* For policy.c: t, queued on rq, has a new key; move it to its new place and ask rq's vCPU to
 * yield if t now beats what runs there. Caller must hold rq->lock. */
void sched_requeue_locked(struct runq *rq, struct thread *t);

#endif /* SCHED_SCHED_H */
