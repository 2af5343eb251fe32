/*
 * sched/waitq.c - wait queues (see waitq.h).
 *
 * A sleeper marks itself BLOCKED and joins the list under wq->lock, drops the lock and
 * switches away. A waker removes it from the list under the same lock and calls sched_wake().
 * A timeout is the thread's own timer, whose callback does what a waker does if the thread is
 * still on the list; the sleeper cancels that timer before taking the lock again, because the
 * callback needs the lock.
 */
#define VX_SUBSYSTEM "waitq"
#include "kernel/sched/waitq.h"

#include "kernel/sched/sched.h"
#include "kernel/sched/thread.h"
#include "lib/assert.h"

void waitq_init(struct waitq *wq, const char *name)
{
    spin_init(&wq->lock, name);
    list_init(&wq->sleepers);
}

static void timeout_fired(struct timer *tm, void *arg)
{
    struct thread *t = arg;
    struct waitq *wq = t->waiting_on;
    spin_lock(&wq->lock);
    if (!list_unlinked(&t->wait_link)) {
        list_remove(&t->wait_link);
        t->wait_timed_out = true;
        sched_wake(t);
    }
    spin_unlock(&wq->lock);
}

vx_status_t waitq_sleep_locked(struct waitq *wq, uint64_t deadline_ns)
{
    return waitq_sleep_handoff_locked(wq, deadline_ns, NULL);
}

vx_status_t waitq_sleep_handoff_locked(struct waitq *wq, uint64_t deadline_ns, struct thread *next)
{
    struct thread *t = thread_current();
    VX_ASSERT(spin_held(&wq->lock));
    VX_ASSERT(!t->is_idle);

    atomic_store_explicit(&t->state, THREAD_BLOCKED, memory_order_relaxed);
    list_push_back(&wq->sleepers, &t->wait_link);
    t->wait_timed_out = false;
    t->waiting_on = wq;
    if (deadline_ns) {
        timer_init(&t->wait_timer, timeout_fired, t);
        timer_arm(&t->wait_timer, &cpu_self()->timers, deadline_ns);
    }
    spin_unlock(&wq->lock);

    if (next)
        sched_block_handoff(next);
    else
        sched_block();

    if (deadline_ns)
        timer_cancel(&t->wait_timer);
    spin_lock(&wq->lock);
    t->waiting_on = NULL;
    /* Invariant: whoever woke us took us off the list. */
    VX_ASSERT(list_unlinked(&t->wait_link));
    return t->wait_timed_out ? VX_ETIMEDOUT : VX_OK;
}

struct thread *waitq_take_locked(struct waitq *wq)
{
    VX_ASSERT(spin_held(&wq->lock));
    struct list_node *n = list_pop_front(&wq->sleepers);
    return n ? list_entry(n, struct thread, wait_link) : NULL;
}

uint32_t waitq_wake_locked(struct waitq *wq, uint32_t n)
{
    VX_ASSERT(spin_held(&wq->lock));
    uint32_t woken = 0;
    while (woken < n && !list_empty(&wq->sleepers)) {
        struct thread *t = list_entry(list_pop_front(&wq->sleepers), struct thread, wait_link);
        sched_wake(t);
        woken++;
    }
    return woken;
}
