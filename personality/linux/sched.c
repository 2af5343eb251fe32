/*
 * linux/sched.c - the personality's lock and its one way of sleeping (see internal.h).
 */
#include "personality/linux/internal.h"

void lmutex_lock(struct lmutex *m)
{
    uint32_t v = 0;
    if (atomic_compare_exchange_strong(&m->v, &v, 1))
        return;
    /* Contended: mark it so the holder wakes us, and sleep until it is free. Kill requests
     * do not end this wait: a holder never sleeps with the lock, so it comes free soon. */
    while (atomic_exchange(&m->v, 2) != 0)
        vx_futex_wait((const uint32_t *)&m->v, 2, 0);
}

void lmutex_unlock(struct lmutex *m)
{
    if (atomic_exchange(&m->v, 0) == 2)
        vx_futex_wake((const uint32_t *)&m->v);
}

void lwake(_Atomic uint32_t *word)
{
    atomic_fetch_add(word, 1);
    vx_futex_wake((const uint32_t *)word);
}

_Atomic uint32_t poll_seq;

int64_t lsleep(struct linux_thread *t, _Atomic uint32_t *word, uint32_t seen, int64_t deadline)
{
    /* A due SIGALRM ends the sleep like any signal: sleep no later than the timer. */
    struct linux_proc *p = t->proc;
    sig_timer_check(p);
    int64_t alarm = atomic_load(&p->alarm_at);
    bool by_alarm = alarm && (!deadline || alarm < deadline);
    if (by_alarm)
        deadline = alarm;
    /* Publish where we sleep before looking for signals: a sender that sets a signal after
     * our look bumps this word, so the wait below cannot miss it. */
    atomic_store(&t->sleeping_on, word);
    int64_t r = 0;
    if (atomic_load(&t->proc->exiting) || sig_deliverable(t)) {
        r = -LEINTR;
    } else {
        vx_status_t st = vx_futex_wait((const uint32_t *)word, seen, deadline);
        if (st == VX_ETIMEDOUT && by_alarm) {
            sig_timer_check(p);
            r = sig_deliverable(t) ? -LEINTR : 0; /* 0: a spurious wakeup to the caller */
        } else if (st == VX_ETIMEDOUT) {
            r = -LETIMEDOUT;
        } else if (st == VX_ECANCELED) {
            r = -LEINTR; /* the task is being killed */
        }
    }
    atomic_store(&t->sleeping_on, NULL);
    return r;
}
