/*
 * cap/object.c - reference counting, ids and signals of kernel objects (see object.h).
 *
 * Signals live under the object's sig_lock together with its observer list, so a change and
 * the observers it fires are one step. A waiter is a kobserver on the waiting thread's stack
 * with a waitq of its own: fire marks it fired and wakes it under the waitq lock while the
 * sig_lock is still held, so once the sleeper holds the sig_lock again nobody touches its
 * waiter any more and the stack frame may go.
 */
#define VX_SUBSYSTEM "object"
#include "kernel/cap/object.h"

#include "hostio.h"
#include "kernel/sched/waitq.h"
#include "lib/assert.h"

/* Koids start at 1 so 0 can mean "none" in queries. */
static _Atomic uint64_t next_koid = 1;

struct spinlock kobject_observers_lock = SPINLOCK_INIT("kobject_observers");

void kobject_init(struct kobject *o, enum vx_obj_type type, const struct kobject_ops *ops)
{
    VX_ASSERT(type > VX_OBJ_NONE && type < VX_OBJ_TYPE_COUNT && ops && ops->destroy);
    o->type = (uint32_t)type;
    o->koid = atomic_fetch_add_explicit(&next_koid, 1, memory_order_relaxed);
    o->ops = ops;
    atomic_init(&o->refs, 1);
    spin_init(&o->sig_lock, "kobject_sig");
    o->signals = 0;
    o->lasting_observers = false;
    list_init(&o->observers);
}

void kobject_get(struct kobject *o)
{
    uint32_t old = atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
    VX_ASSERT(old > 0 && old < UINT32_MAX);
}

/* Unlink every lasting observer and tell it the object is gone. With no reference left
 * nobody can add one; a port dying at the same time waits for kobject_observers_lock. */
static void detach_observers(struct kobject *o)
{
    struct list_node gone;
    list_init(&gone);
    spin_lock(&kobject_observers_lock);
    spin_lock(&o->sig_lock);
    while (!list_empty(&o->observers))
        list_push_back(&gone, list_pop_front(&o->observers));
    spin_unlock(&o->sig_lock);
    struct list_node *n;
    while ((n = list_pop_front(&gone)) != NULL) {
        struct kobserver *obs = list_entry(n, struct kobserver, link);
        VX_ASSERT(obs->ops->object_gone); /* a waiter would hold a reference */
        obs->ops->object_gone(obs);
    }
    spin_unlock(&kobject_observers_lock);
}

bool kobject_tryget(struct kobject *o)
{
    uint32_t n = atomic_load_explicit(&o->refs, memory_order_relaxed);
    while (n)
        if (atomic_compare_exchange_weak_explicit(&o->refs, &n, n + 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return true;
    return false;
}

void kobject_put(struct kobject *o)
{
    /* acq_rel: what every other holder did happens before the destroy. */
    uint32_t old = atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel);
    VX_ASSERT(old > 0);
    if (old != 1)
        return;
    /* lasting_observers was last written under sig_lock by a holder of a reference; the
     * acq_rel above orders that before this read. */
    if (o->lasting_observers)
        detach_observers(o);
    VX_ASSERT(list_empty(&o->observers));
    o->ops->destroy(o);
}

void kobject_signal_locked(struct kobject *o, uint32_t clear, uint32_t set)
{
    VX_ASSERT(spin_held(&o->sig_lock));
    uint32_t old = o->signals;
    uint32_t now = (old & ~clear) | set;
    uint32_t rising = now & ~old;
    o->signals = now;
    if (!rising)
        return;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &o->observers) {
        struct kobserver *obs = list_entry(pos, struct kobserver, link);
        if (obs->wanted & rising)
            obs->ops->fire(obs, now); /* unlinks itself if it ends; tmp is untouched */
    }
}

void kobject_signal(struct kobject *o, uint32_t clear, uint32_t set)
{
    spin_lock(&o->sig_lock);
    kobject_signal_locked(o, clear, set);
    spin_unlock(&o->sig_lock);
}

uint32_t kobject_signals(struct kobject *o)
{
    spin_lock(&o->sig_lock);
    uint32_t now = o->signals;
    spin_unlock(&o->sig_lock);
    return now;
}

bool kobject_observe_locked(struct kobject *o, struct kobserver *obs, bool lasting)
{
    VX_ASSERT(spin_held(&o->sig_lock));
    if (lasting)
        o->lasting_observers = true;
    list_push_back(&o->observers, &obs->link);
    if (o->signals & obs->wanted)
        return obs->ops->fire(obs, o->signals);
    return true;
}

/* A thread in kobject_wait_one. */
struct waiter {
    struct kobserver obs;
    struct waitq wq;
    bool fired;        /* (wq.lock) */
    uint32_t observed; /* (s) signal word that fired it */
};

static bool waiter_fire(struct kobserver *obs, uint32_t signals)
{
    struct waiter *w = (struct waiter *)obs;
    list_remove(&obs->link); /* one-shot */
    w->observed = signals;
    spin_lock(&w->wq.lock);
    w->fired = true;
    waitq_wake_locked(&w->wq, 1);
    spin_unlock(&w->wq.lock);
    return false;
}

static const struct kobserver_ops waiter_ops = {waiter_fire, NULL};

vx_status_t kobject_wait_one(struct kobject *o, uint32_t signals, uint64_t deadline_ns,
                             uint32_t *observed)
{
    if (!signals)
        return VX_EINVAL;
    struct waiter w = {.obs = {.wanted = signals, .ops = &waiter_ops}, .fired = false};
    list_init(&w.obs.link);
    waitq_init(&w.wq, "kobject_wait");
    spin_lock(&o->sig_lock);
    if (o->signals & signals) {
        *observed = o->signals;
        spin_unlock(&o->sig_lock);
        return VX_OK;
    }
    if (deadline_ns && hio_clock_ns() >= deadline_ns) {
        *observed = o->signals;
        spin_unlock(&o->sig_lock);
        return VX_ETIMEDOUT;
    }
    bool linked = kobject_observe_locked(o, &w.obs, false);
    VX_ASSERT(linked); /* nothing wanted was active */
    spin_unlock(&o->sig_lock);

    /* fired is written under wq.lock, so a fire between the unlock above and the sleep
     * below is seen here and not lost. */
    spin_lock(&w.wq.lock);
    vx_status_t slept = VX_OK;
    while (!w.fired && slept == VX_OK)
        slept = waitq_wait_locked(&w.wq, deadline_ns, NULL);
    spin_unlock(&w.wq.lock);

    spin_lock(&o->sig_lock);
    if (!list_unlinked(&w.obs.link))
        list_remove(&w.obs.link); /* timed out: take it back before the frame goes */
    /* Holding sig_lock, fired is stable: waiter_fire runs entirely under it. */
    vx_status_t st = w.fired ? VX_OK : slept == VX_ECANCELED ? VX_ECANCELED : VX_ETIMEDOUT;
    *observed = w.fired ? w.observed : o->signals;
    spin_unlock(&o->sig_lock);
    return st;
}
