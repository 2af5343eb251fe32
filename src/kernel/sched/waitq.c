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

#include "arch/hosted/cpu_relax.h"
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
    struct waitq *wq = atomic_load(&t->waiting_on);
    spin_lock(&wq->lock);
    if (!list_unlinked(&t->wait_link)) {
        list_remove(&t->wait_link);
        t->wait_timed_out = true;
        sched_wake(t);
    }
    spin_unlock(&wq->lock);
}

/* The sleep is over (or never began): after this no thread_interrupt looks at wq any more,
 * so the caller may free it once it drops the lock. */
static void stop_waiting(struct thread *t)
{
    atomic_store(&t->waiting_on, NULL);
    while (atomic_load(&t->interrupters))
        arch_cpu_relax();
}

static vx_status_t sleep_locked(struct waitq *wq, uint64_t deadline_ns, struct thread *next,
                                bool intr)
{
    struct thread *t = thread_current();
    VX_ASSERT(spin_held(&wq->lock));
    VX_ASSERT(!t->is_idle);

    atomic_store_explicit(&t->state, THREAD_BLOCKED, memory_order_relaxed);
    list_push_back(&wq->sleepers, &t->wait_link);
    t->wait_timed_out = false;
    t->wait_intr = intr;
    t->wait_interrupted = false;
    /* Store, then load (seq_cst), against thread_interrupt's store of `interrupted`, then load
     * of waiting_on: either we see the interrupt here, or it sees this sleep and ends it. */
    atomic_store(&t->waiting_on, wq);
    if (intr && atomic_load(&t->interrupted)) {
        /* Not asleep yet, and no interrupter can take wq->lock (we hold it): undo. */
        list_remove(&t->wait_link);
        atomic_store_explicit(&t->state, THREAD_RUNNING, memory_order_relaxed);
        stop_waiting(t);
        if (next)
            sched_wake(next);
        return VX_ECANCELED;
    }
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
    stop_waiting(t);
    spin_lock(&wq->lock);
    /* Invariant: whoever woke us took us off the list. */
    VX_ASSERT(list_unlinked(&t->wait_link));
    return t->wait_interrupted ? VX_ECANCELED : t->wait_timed_out ? VX_ETIMEDOUT : VX_OK;
}

vx_status_t waitq_sleep_locked(struct waitq *wq, uint64_t deadline_ns)
{
    return sleep_locked(wq, deadline_ns, NULL, false);
}

vx_status_t waitq_wait_locked(struct waitq *wq, uint64_t deadline_ns, struct thread *next)
{
    return sleep_locked(wq, deadline_ns, next, true);
}

void thread_interrupt(struct thread *t)
{
    atomic_store(&t->interrupted, true);
    for (;;) {
        atomic_fetch_add(&t->interrupters, 1);
        struct waitq *wq = atomic_load(&t->waiting_on);
        /* wq stays valid while we are counted: its sleeper waits for us in stop_waiting. Only
         * a trylock: that sleeper may hold wq->lock while it waits. */
        bool done = !wq || spin_trylock(&wq->lock);
        if (wq && done) {
            if (t->wait_intr && !list_unlinked(&t->wait_link)) {
                list_remove(&t->wait_link);
                t->wait_interrupted = true;
                sched_wake(t);
            }
            spin_unlock(&wq->lock);
        }
        atomic_fetch_sub(&t->interrupters, 1);
        if (done)
            return;
        arch_cpu_relax();
    }
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
