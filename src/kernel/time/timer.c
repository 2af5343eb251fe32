/*
 * time/timer.c - per-vCPU timer queues (see timer.h).
 *
 * Cancel and expiry meet on two facts: a pending timer is on its queue's list (under the queue
 * lock), and a firing one has `running` set, which expiry sets under the same lock as it
 * unlinks the timer. So a canceller that finds the timer off the list only has to wait for
 * `running` to clear to know the callback is over.
 */
#define VX_SUBSYSTEM "timer"
#include "kernel/time/timer.h"

#include "arch/hosted/cpu_relax.h"
#include "hostio.h"
#include "lib/assert.h"

void timerq_init(struct timer_queue *q, uint32_t cpu)
{
    spin_init(&q->lock, "timerq");
    list_init(&q->pending);
    q->cpu = cpu;
    q->armed_ns = 0;
    q->fired = 0;
}

void timer_init(struct timer *t, timer_fn fn, void *arg)
{
    list_init(&t->link);
    t->deadline_ns = 0;
    t->fn = fn;
    t->arg = arg;
    atomic_store_explicit(&t->queue, NULL, memory_order_relaxed);
    atomic_store_explicit(&t->running, 0, memory_order_relaxed);
}

/* Tell hostio about the earliest deadline if it changed. Caller must hold q->lock. */
static void rearm_locked(struct timer_queue *q)
{
    uint64_t next = 0;
    if (!list_empty(&q->pending))
        next = list_entry(q->pending.next, struct timer, link)->deadline_ns;
    if (next == q->armed_ns)
        return;
    q->armed_ns = next;
    if (q->cpu != HIO_CPU_NONE)
        hio_timer_arm(q->cpu, next);
}

/* Lock the queue t is pending on and return it, or return NULL (t not pending). */
static struct timer_queue *lock_queue_of(struct timer *t)
{
    for (;;) {
        struct timer_queue *q = atomic_load_explicit(&t->queue, memory_order_acquire);
        if (!q)
            return NULL;
        spin_lock(&q->lock);
        if (atomic_load_explicit(&t->queue, memory_order_relaxed) == q)
            return q;
        spin_unlock(&q->lock); /* it moved or fired meanwhile: look again */
    }
}

/* Caller must hold q->lock and t must be on q. */
static void unlink_locked(struct timer_queue *q, struct timer *t)
{
    VX_ASSERT(spin_held(&q->lock));
    list_remove(&t->link);
    atomic_store_explicit(&t->queue, NULL, memory_order_release);
}

/* Take t off its queue if it is pending there. Returns whether it was. */
static bool unlink_if_pending(struct timer *t)
{
    struct timer_queue *q = lock_queue_of(t);
    if (!q)
        return false;
    unlink_locked(q, t);
    rearm_locked(q);
    spin_unlock(&q->lock);
    return true;
}

bool timer_cancel(struct timer *t)
{
    bool was_pending = unlink_if_pending(t);
    while (atomic_load_explicit(&t->running, memory_order_acquire))
        arch_cpu_relax();
    return was_pending;
}

void timer_arm(struct timer *t, struct timer_queue *q, uint64_t deadline_ns)
{
    /* Not timer_cancel: a callback may re-arm its own timer, and cancel would wait for the
     * callback to finish, which is this very call. */
    unlink_if_pending(t);
    spin_lock(&q->lock);
    t->deadline_ns = deadline_ns;
    struct list_node *pos;
    /* Invariant: q->pending is sorted by deadline; equal deadlines keep arming order. */
    list_for_each(pos, &q->pending) {
        if (list_entry(pos, struct timer, link)->deadline_ns > deadline_ns)
            break;
    }
    list_insert_between(&t->link, pos->prev, pos);
    atomic_store_explicit(&t->queue, q, memory_order_release);
    rearm_locked(q);
    spin_unlock(&q->lock);
}

unsigned timerq_expire(struct timer_queue *q, uint64_t now)
{
    unsigned fired = 0;
    spin_lock(&q->lock);
    while (!list_empty(&q->pending)) {
        struct timer *t = list_entry(q->pending.next, struct timer, link);
        if (t->deadline_ns > now)
            break;
        atomic_store_explicit(&t->running, 1, memory_order_relaxed);
        unlink_locked(q, t);
        q->fired++;
        spin_unlock(&q->lock);
        t->fn(t, t->arg);
        atomic_store_explicit(&t->running, 0, memory_order_release);
        fired++;
        spin_lock(&q->lock);
    }
    /* hostio's deadline fired (or was passed); make it arm the next one even if equal. */
    q->armed_ns = 0;
    rearm_locked(q);
    spin_unlock(&q->lock);
    return fired;
}

uint64_t timerq_next_deadline(struct timer_queue *q)
{
    spin_lock(&q->lock);
    uint64_t next = list_empty(&q->pending)
                        ? 0
                        : list_entry(q->pending.next, struct timer, link)->deadline_ns;
    spin_unlock(&q->lock);
    return next;
}
