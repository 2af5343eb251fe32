/*
 * sched/policy.c - changing a thread's scheduling class: the RT class and its admission
 * control, fixed priorities, and boosting (the priority inheritance hook). See sched.h.
 *
 * A change happens in up to three steps. Under admit_lock (one for the machine: class
 * changes are rare) an RT reservation moves between vCPUs. Under t->se.lock the thread's class
 * state changes. Then requeue() moves t within the run queue it is on, if any.
 *
 * Why no change is lost: the scheduler reads a thread's key and records which queue it is on
 * (se.rq) in one se.lock critical section (runq_push, put_prev). So a queueing either comes
 * after our change and reads the new key, or came before it, in which case se.rq is already
 * set when requeue() looks at it after the change, and requeue() moves the thread. A thread
 * that is running or between queues has se.rq NULL and reads its new key when next queued.
 * A plain priority thread being switched out is queued without its se.lock (sched.c,
 * put_prev); publish() and requeue()'s seq_cst load of se.rq are our half of that protocol.
 */
#define VX_SUBSYSTEM "sched"
#include "hostio.h"
#include "kernel/sched/sched.h"
#include "lib/assert.h"

/* Protects every cpu.rt_util_ppm and each RT thread's se.home_cpu/util_ppm pair as a whole. */
static struct spinlock admit_lock = SPINLOCK_INIT("sched-admit");

/* Say whether t's key must be read under its lock. Caller must hold t->se.lock, and call
 * requeue(t) after dropping it. */
static void publish(struct thread *t)
{
    VX_ASSERT(spin_held(&t->se.lock));
    atomic_store_explicit(&t->se.special, t->se.cbs.period_ns != 0 || t->se.boosted,
                          memory_order_seq_cst);
}

/* If t is on a run queue, move it to where its current key says. */
static void requeue(struct thread *t)
{
    for (;;) {
        struct runq *rq = atomic_load_explicit(&t->se.rq, memory_order_seq_cst);
        if (!rq)
            return;
        spin_lock(&rq->lock);
        /* Invariant: se.rq changes only under the lock of the queue it names. */
        if (atomic_load_explicit(&t->se.rq, memory_order_relaxed) == rq) {
            sched_requeue_locked(rq, t);
            spin_unlock(&rq->lock);
            return;
        }
        spin_unlock(&rq->lock); /* picked or stolen meanwhile: look again */
    }
}

static bool exited(const struct thread *t)
{
    int st = atomic_load(&t->state);
    return st == THREAD_EXITING || st == THREAD_DEAD;
}

/* Give back t's RT reservation, leaving the class. Caller must hold admit_lock and
 * t->se.lock. */
static void release_rt(struct thread *t)
{
    VX_ASSERT(spin_held(&admit_lock) && spin_held(&t->se.lock));
    if (!t->se.cbs.period_ns)
        return;
    struct cpu *home = &sched_cpus[t->se.home_cpu];
    VX_ASSERT(home->rt_util_ppm >= t->se.util_ppm);
    home->rt_util_ppm -= t->se.util_ppm;
    t->se.cbs.period_ns = 0;
    t->se.util_ppm = 0;
}

/* Would vCPU i take `util` more, counting `mine` (t's current reservation there) as free? */
static bool fits(uint32_t i, const struct thread *t, uint32_t util)
{
    uint32_t used = sched_cpus[i].rt_util_ppm;
    if (t->se.cbs.period_ns && t->se.home_cpu == i)
        used -= t->se.util_ppm;
    return sched_rt_admit(used, util) == VX_OK;
}

/* The vCPU to reserve `util` on for t, or HIO_CPU_NONE if no allowed one has room: its home
 * if it keeps one (no move), else where it last ran (warm caches), else the allowed vCPU
 * with the least reserved (worst fit, which leaves the most room everywhere).
 * Caller must hold admit_lock and t->se.lock. */
static uint32_t choose_home(const struct thread *t, uint32_t util)
{
    uint64_t allowed = atomic_load(&t->affinity);
    uint32_t n = sched_ncpus();
    bool has_run = atomic_load_explicit(&t->switches, memory_order_relaxed) != 0;
    uint32_t preferred[2] = {t->se.cbs.period_ns ? t->se.home_cpu : HIO_CPU_NONE,
                             has_run ? atomic_load(&t->cpu) : HIO_CPU_NONE};
    for (unsigned k = 0; k < 2; k++) {
        uint32_t i = preferred[k];
        if (i < n && (allowed & (1ull << i)) && fits(i, t, util))
            return i;
    }
    uint32_t best = HIO_CPU_NONE;
    for (uint32_t i = 0; i < n; i++) {
        if (!(allowed & (1ull << i)) || !fits(i, t, util))
            continue;
        if (best == HIO_CPU_NONE || sched_cpus[i].rt_util_ppm < sched_cpus[best].rt_util_ppm)
            best = i;
    }
    return best;
}

vx_status_t sched_set_rt(struct thread *t, uint64_t period_ns, uint64_t budget_ns)
{
    vx_status_t st = sched_rt_check_params(period_ns, budget_ns);
    if (st != VX_OK || t->is_idle)
        return st != VX_OK ? st : VX_EINVAL;
    uint32_t util = sched_rt_util_ppm(period_ns, budget_ns);
    spin_lock(&admit_lock);
    spin_lock(&t->se.lock);
    if (exited(t)) {
        st = VX_ESTATE;
        goto out_unlock;
    }
    uint32_t home = choose_home(t, util);
    if (home == HIO_CPU_NONE) {
        st = VX_ELIMIT;
        goto out_unlock;
    }
    release_rt(t);
    sched_cpus[home].rt_util_ppm += util;
    t->se.home_cpu = home;
    t->se.util_ppm = util;
    uint64_t now = hio_clock_ns();
    sched_cbs_start(&t->se.cbs, period_ns, budget_ns, now);
    /* charged_at_ns belongs to the vCPU running t: only t itself may restart its count, so
     * that time it ran before becoming RT is not charged. Another thread's change charges
     * its current run (if it is running) to the new budget: a postponement at worst. */
    if (t == thread_current())
        t->se.charged_at_ns = now;
    publish(t);
out_unlock:
    spin_unlock(&t->se.lock);
    spin_unlock(&admit_lock);
    if (st == VX_OK)
        requeue(t);
    return st;
}

vx_status_t sched_set_priority(struct thread *t, uint32_t prio)
{
    if (prio >= PARAM_NPRIO || t->is_idle)
        return VX_EINVAL;
    spin_lock(&admit_lock);
    spin_lock(&t->se.lock);
    release_rt(t);
    atomic_store_explicit(&t->prio, prio, memory_order_seq_cst);
    publish(t);
    spin_unlock(&t->se.lock);
    spin_unlock(&admit_lock);
    requeue(t);
    return VX_OK;
}

bool sched_boost(struct thread *t, struct thread *donor)
{
    VX_ASSERT(!t->is_idle && !donor->is_idle);
    if (t == donor)
        return false;
    /* Two plain priority threads (the usual call): compare without locks. A class change
     * racing with this is a race with the call itself, and either order is right. */
    if (!atomic_load(&t->se.special) && !atomic_load(&donor->se.special) &&
        atomic_load(&donor->prio) <= atomic_load(&t->prio))
        return false;
    /* The two se.locks are never held together: no order between threads is needed. */
    spin_lock(&donor->se.lock);
    struct sched_key lent = runq_key_of(donor);
    spin_unlock(&donor->se.lock);
    spin_lock(&t->se.lock);
    bool was = t->se.boosted;
    t->se.boosted = false;
    struct sched_key own = runq_key_of(t);
    t->se.boosted = was;
    bool stronger = sched_key_before(&lent, &own);
    if (stronger) {
        t->se.boost = was ? sched_key_max(t->se.boost, lent) : lent;
        t->se.boosted = true;
        publish(t);
    }
    spin_unlock(&t->se.lock);
    if (stronger)
        requeue(t);
    return stronger;
}

void sched_unboost(struct thread *t)
{
    VX_ASSERT(!t->is_idle);
    spin_lock(&t->se.lock);
    bool was = t->se.boosted;
    t->se.boosted = false;
    publish(t);
    spin_unlock(&t->se.lock);
    if (was)
        requeue(t);
}

uint32_t sched_rt_reserved_ppm(uint32_t cpu)
{
    VX_ASSERT(cpu < sched_ncpus());
    spin_lock(&admit_lock);
    uint32_t used = sched_cpus[cpu].rt_util_ppm;
    spin_unlock(&admit_lock);
    return used;
}

vx_status_t sched_change_affinity(struct thread *t, uint64_t mask)
{
    vx_status_t st = VX_OK;
    spin_lock(&admit_lock);
    spin_lock(&t->se.lock);
    if (t->se.cbs.period_ns && !(mask & (1ull << t->se.home_cpu)))
        st = VX_EBUSY;
    else
        atomic_store(&t->affinity, mask);
    spin_unlock(&t->se.lock);
    spin_unlock(&admit_lock);
    return st;
}

void sched_thread_gone(struct thread *t)
{
    /* Not throttled once it cannot run: a throttled thread is READY. But be sure before the
     * struct goes. */
    timer_cancel(&t->se.throttle);
    spin_lock(&admit_lock);
    spin_lock(&t->se.lock);
    release_rt(t);
    t->se.boosted = false;
    publish(t);
    spin_unlock(&t->se.lock);
    spin_unlock(&admit_lock);
}
