/*
 * time/timer.h - one-shot kernel timers on per-vCPU queues (tickless).
 *
 * Each vCPU owns a timer_queue: pending timers sorted by deadline. Only the head matters to
 * the hardware: whenever it changes, the queue arms hostio's per-vCPU deadline
 * (hio_timer_arm), and the vCPU gets HIO_IRQ_TIMER when it passes. Nothing ticks in between.
 * The vCPU then runs timerq_expire(), which calls each expired timer's function with no lock
 * held, so a callback may take any lock (a wait queue's, a run queue's).
 *
 * A timer is armed on one queue at a time, by its owner: two threads must not arm or cancel the
 * same timer at once (its callback may re-arm it). timer_cancel() may run on any vCPU; when it
 * returns, the callback is neither pending nor running, so the caller may free or reuse it.
 *
 * Locks: q->lock protects q->pending and the link/deadline of the timers on it.
 * Insertion is O(n) in the number of pending timers on that vCPU: a sorted list is enough for
 * the few timers a vCPU has now (sleeps, timeouts); a heap replaces it when that changes.
 */
#ifndef TIME_TIMER_H
#define TIME_TIMER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"
#include "lib/spinlock.h"

struct timer;
typedef void (*timer_fn)(struct timer *t, void *arg);

struct timer_queue {
    struct spinlock lock;
    struct list_node pending; /* (q) sorted by deadline, earliest first */
    uint32_t cpu;             /* (c) vCPU whose hostio deadline this queue arms, or HIO_CPU_NONE */
    uint64_t armed_ns;        /* (q) deadline last given to hostio; 0 = none */
    uint64_t fired;           /* (q) callbacks run, for statistics */
};

struct timer {
    struct list_node link;                   /* (q) on queue->pending while armed */
    uint64_t deadline_ns;                    /* (q) */
    timer_fn fn;                             /* (c) set by timer_init */
    void *arg;                               /* (c) */
    _Atomic(struct timer_queue *) queue;     /* queue it is pending on, NULL when not armed */
    _Atomic uint32_t running;                /* callback in progress */
};
/* Lock key: (q) queue->lock, (c) constant after init. */

void timerq_init(struct timer_queue *q, uint32_t cpu);
void timer_init(struct timer *t, timer_fn fn, void *arg);

/* Arm t to fire at deadline_ns (hio_clock_ns time) on queue q; an armed timer is moved.
 * A callback may re-arm its own timer. */
void timer_arm(struct timer *t, struct timer_queue *q, uint64_t deadline_ns);

/* Disarm t. Returns true if it was pending (so its callback will not run for that arming).
 * On return the callback is not running either. Must not be called from t's own callback. */
bool timer_cancel(struct timer *t);

/* Run the callbacks of every timer on q due at `now`, then arm hostio for the next one.
 * Called by the vCPU that owns q. Returns the number of callbacks run. */
unsigned timerq_expire(struct timer_queue *q, uint64_t now);

/* Earliest pending deadline on q, or 0 if none. */
uint64_t timerq_next_deadline(struct timer_queue *q);

#endif /* TIME_TIMER_H */
