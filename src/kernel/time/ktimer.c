/*
 * time/ktimer.c - timer objects (see ktimer.h).
 *
 * Every change first disarms (timer_cancel, which also waits for a running callback), then
 * clears the signal, then arms again; all under kt->lock, so a late callback of an old arming
 * can never raise the signal after a newer set or cancel cleared it.
 */
#define VX_SUBSYSTEM "ktimer"
#include "kernel/time/ktimer.h"

#include "hostio.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"

static void fired(struct timer *tm, void *arg)
{
    struct ktimer *t = arg;
    kobject_signal(&t->ko, 0, VX_SIG_SIGNALED);
}

static void ktimer_destroy(struct kobject *o)
{
    struct ktimer *t = (struct ktimer *)o;
    timer_cancel(&t->timer); /* waits for a callback in flight */
    kfree(t);
}

static const struct kobject_ops ktimer_ops = {ktimer_destroy};

vx_status_t ktimer_create(struct ktimer **out)
{
    struct ktimer *t = kmalloc(sizeof *t);
    if (!t)
        return VX_ENOMEM;
    kobject_init(&t->ko, VX_OBJ_TIMER, &ktimer_ops);
    spin_init(&t->lock, "ktimer");
    timer_init(&t->timer, fired, t);
    t->deadline_ns = 0;
    *out = t;
    return VX_OK;
}

/* Disarm and clear the signal. Caller must hold t->lock. */
static void disarm_locked(struct ktimer *t)
{
    timer_cancel(&t->timer);
    t->deadline_ns = 0;
    kobject_signal(&t->ko, VX_SIG_SIGNALED, 0);
}

void ktimer_set(struct ktimer *t, uint64_t deadline_ns)
{
    spin_lock(&t->lock);
    disarm_locked(t);
    if (deadline_ns <= hio_clock_ns()) {
        kobject_signal(&t->ko, 0, VX_SIG_SIGNALED);
    } else {
        t->deadline_ns = deadline_ns;
        timer_arm(&t->timer, &cpu_self()->timers, deadline_ns);
    }
    spin_unlock(&t->lock);
}

void ktimer_cancel(struct ktimer *t)
{
    spin_lock(&t->lock);
    disarm_locked(t);
    spin_unlock(&t->lock);
}
