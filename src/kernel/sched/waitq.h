/*
 * sched/waitq.h - wait queues: where threads sleep until a condition holds.
 *
 * The waitq's lock also protects the condition, which closes the lost-wakeup window: the
 * sleeper checks the condition and goes to sleep under the lock; the waker changes the
 * condition and wakes under the same lock.
 *
 *     spin_lock(&wq->lock);
 *     while (!condition)
 *         if (waitq_sleep_locked(wq, deadline) == VX_ETIMEDOUT) break;
 *     spin_unlock(&wq->lock);
 *
 * Wakeups may be spurious; sleepers always recheck their condition.
 */
#ifndef SCHED_WAITQ_H
#define SCHED_WAITQ_H

#include <stdint.h>

#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/status.h"

struct thread;

struct waitq {
    struct spinlock lock;
    struct list_node sleepers; /* (w) threads via thread.wait_link, in arrival order */
};

void waitq_init(struct waitq *wq, const char *name);

/* Sleep on wq until woken or until hio_clock_ns() >= deadline_ns (0: no deadline).
 * Caller must hold wq->lock and be a kernel thread (not a vCPU's idle context); the lock is
 * released while asleep and held again on return. Returns VX_OK or VX_ETIMEDOUT. */
vx_status_t waitq_sleep_locked(struct waitq *wq, uint64_t deadline_ns);

/* waitq_sleep_locked for waits a task's thread makes on its own behalf (a kernel call):
 * interruptible, VX_ECANCELED once thread_interrupt was called on the thread (at once if it
 * was called before). And it hands the vCPU to `next` (see sched_block_handoff) as it sleeps,
 * for a thread that just took next off a wait list (waitq_take_locked) and would wake it
 * before sleeping itself (NULL: just sleep); if it does not sleep, it wakes next. */
vx_status_t waitq_wait_locked(struct waitq *wq, uint64_t deadline_ns, struct thread *next);

/* Take the oldest sleeper off wq without waking it, or NULL: the caller must then wake it,
 * with sched_wake or a handoff, after dropping whatever locks it likes. A sleeper taken off
 * its list stays asleep until then (its timeout no longer fires). Caller must hold wq->lock. */
struct thread *waitq_take_locked(struct waitq *wq);

/* Wake up to n sleepers (UINT32_MAX: all), oldest first. Caller must hold wq->lock.
 * Returns how many were woken. */
uint32_t waitq_wake_locked(struct waitq *wq, uint32_t n);

#endif /* SCHED_WAITQ_H */
