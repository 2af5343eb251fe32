/*
 * sched/sched.c - switching, waking, idling and balancing (see sched.h for the model).
 *
 * The one rule that keeps a thread from running twice: a thread may be switched to only when
 * its `on_cpu` is 0, i.e. its previous switch-out has finished saving its context.
 *   - A thread that yields goes back on its own queue while still on_cpu; only this vCPU can
 *     pick it there (as "continue running"), and stealers skip on_cpu threads.
 *   - A waker on another vCPU that finds a thread BLOCKED marks it WAKING and waits for on_cpu
 *     to drop before queueing it; schedule() treats WAKING like BLOCKED (switch away).
 *   - A wake of the calling vCPU's current thread (a timer callback after the thread said it
 *     would block) simply makes it READY again; schedule() then keeps it running.
 *
 * Classes: a switch-out charges the thread's run time to its CBS (RT threads) and queues it
 * under its key, read under its se.lock in the same critical section that records which run
 * queue it is on, so policy.c's changes are never lost (see policy.c). A wakeup applies the
 * CBS wakeup rule; an RT thread is always queued on its home vCPU.
 */
#define VX_SUBSYSTEM "sched"
#include "kernel/sched/sched.h"

#include "arch/hosted/cpu_relax.h"
#include "hostio.h"
#include "kernel/console.h"
#include "lib/assert.h"

struct cpu sched_cpus[PARAM_MAX_CPUS];
static uint32_t ncpus;
static _Atomic bool powering_off;

vx_status_t sched_init(uint32_t n)
{
    if (n == 0 || n > PARAM_MAX_CPUS)
        return VX_EINVAL;
    ncpus = n;
    atomic_store(&powering_off, false);
    for (uint32_t i = 0; i < n; i++) {
        struct cpu *c = &sched_cpus[i];
        c->id = i;
        atomic_store(&c->irq_pending, 0);
        runq_init(&c->rq, "runq");
        timerq_init(&c->timers, i);
        c->idle = (struct thread){.is_idle = true, .id = 0};
        list_init(&c->idle.rq_link);
        list_init(&c->idle.wait_link);
        list_init(&c->idle.all_link);
        c->idle.name[0] = 'i', c->idle.name[1] = 'd', c->idle.name[2] = 'l', c->idle.name[3] = 'e';
        atomic_store(&c->idle.affinity, 1ull << i);
        atomic_store(&c->current, &c->idle);
        c->cur_key = (struct sched_key){0};
        c->slice_end_ns = UINT64_MAX;
        atomic_store(&c->resched, false);
        c->rt_util_ppm = 0;
    }
    return thread_init();
}

uint32_t sched_ncpus(void)
{
    return ncpus;
}

struct cpu *cpu_self(void)
{
    uint32_t id = hio_cpu_self();
    VX_ASSERT(id < ncpus);
    return &sched_cpus[id];
}

static void kick(struct cpu *target)
{
    if (hio_cpu_self() != target->id)
        hio_cpu_raise(target->id, HIO_IRQ_IPI);
}

/* Choose the vCPU a waking thread should run on: an RT thread's home (its bandwidth is
 * reserved there); else where it last ran if that vCPU is idle (its caches are warm), else any
 * idle vCPU it may use, else the least loaded one (ties go to where it last ran). */
static struct cpu *pick_target(struct thread *t, uint32_t home)
{
    if (home < ncpus)
        return &sched_cpus[home];
    uint64_t allowed = atomic_load(&t->affinity);
    uint32_t last = atomic_load(&t->cpu);
    bool last_ok = last < ncpus && (allowed & (1ull << last));
    if (last_ok && atomic_load(&sched_cpus[last].idling))
        return &sched_cpus[last];
    struct cpu *best = last_ok ? &sched_cpus[last] : NULL;
    uint32_t best_nr = last_ok ? atomic_load_explicit(&best->rq.nr, memory_order_relaxed)
                               : UINT32_MAX;
    for (uint32_t i = 0; i < ncpus; i++) {
        struct cpu *c = &sched_cpus[i];
        if (!(allowed & (1ull << i)))
            continue;
        if (atomic_load(&c->idling))
            return c;
        uint32_t nr = atomic_load_explicit(&c->rq.nr, memory_order_relaxed);
        if (nr < best_nr)
            best = c, best_nr = nr;
    }
    VX_ASSERT(best); /* thread_set_affinity refuses masks without an online vCPU */
    return best;
}

/* Ask c's current thread to yield (sched_should_yield) if t, just queued there, beats it.
 * Caller must hold c->rq.lock. */
static void note_queued(struct cpu *c, struct thread *t)
{
    if (sched_key_before(&t->se.key, &c->cur_key))
        atomic_store_explicit(&c->resched, true, memory_order_relaxed);
}

/* Queue t on a vCPU. A wakeup (`waking`) first applies the CBS wakeup rule. */
static void enqueue(struct thread *t, bool waking)
{
    uint32_t home = HIO_CPU_NONE;
    spin_lock(&t->se.lock);
    if (t->se.cbs.period_ns) {
        home = t->se.home_cpu;
        if (waking)
            sched_cbs_wake(&t->se.cbs, hio_clock_ns());
    }
    spin_unlock(&t->se.lock);
    struct cpu *c = pick_target(t, home);
    /* Claim an idle target, so the next wakeup in a burst picks another idle vCPU instead of
     * piling onto this one before it has even woken up. It says idle again if it halts. */
    atomic_store(&c->idling, false);
    spin_lock(&c->rq.lock);
    runq_push(&c->rq, t);
    note_queued(c, t);
    spin_unlock(&c->rq.lock);
    kick(c);
}

void sched_enqueue(struct thread *t)
{
    enqueue(t, true);
}

void sched_requeue_locked(struct runq *rq, struct thread *t)
{
    VX_ASSERT(spin_held(&rq->lock));
    runq_remove(rq, t);
    runq_push(rq, t);
    note_queued(container_of(rq, struct cpu, rq), t);
}

/* Take a BLOCKED thread for waking (sched_wake, sched_block_handoff): after this it is ours to
 * queue or run (its context saved). False if it was not blocked. */
static bool claim_blocked(struct thread *t)
{
    int expected = THREAD_BLOCKED;
    if (!atomic_compare_exchange_strong(&t->state, &expected, THREAD_WAKING))
        return false;
    while (atomic_load_explicit(&t->on_cpu, memory_order_acquire))
        arch_cpu_relax();
    atomic_store(&t->state, THREAD_READY);
    return true;
}

bool sched_wake(struct thread *t)
{
    uint32_t self = hio_cpu_self();
    if (self < ncpus && atomic_load(&sched_cpus[self].current) == t) {
        /* It is us, between saying "blocked" and switching: just keep running. */
        int expected = THREAD_BLOCKED;
        return atomic_compare_exchange_strong(&t->state, &expected, THREAD_RUNNING);
    }
    if (!claim_blocked(t))
        return false;
    sched_enqueue(t);
    return true;
}

/* Pull one ready thread from the busiest other queue onto c's, for an idle vCPU. Takes one
 * run queue lock at a time, so it may block on a busy lock instead of giving up: a vCPU that
 * gave up here would halt while another one is overloaded. */
static void pull_work(struct cpu *c)
{
    struct cpu *busiest = NULL;
    uint32_t most = 0;
    for (uint32_t i = 0; i < ncpus; i++) {
        uint32_t nr = atomic_load_explicit(&sched_cpus[i].rq.nr, memory_order_relaxed);
        if (i != c->id && nr > most)
            busiest = &sched_cpus[i], most = nr;
    }
    if (!busiest)
        return;
    spin_lock(&busiest->rq.lock);
    struct thread *t = runq_steal(&busiest->rq, c->id);
    spin_unlock(&busiest->rq.lock);
    if (!t)
        return;
    atomic_store(&t->cpu, c->id);
    spin_lock(&c->rq.lock);
    runq_push(&c->rq, t);
    spin_unlock(&c->rq.lock);
}

/* Add to a counter that only one vCPU writes at a time: a plain load and store, not a locked
 * read-modify-write (readers on other vCPUs only want a recent value). */
static void bump(_Atomic uint64_t *counter, uint64_t delta)
{
    uint64_t v = atomic_load_explicit(counter, memory_order_relaxed);
    atomic_store_explicit(counter, v + delta, memory_order_relaxed);
}

/* Start next's time on c: its slice or budget, and the key others must beat to displace it.
 * Caller must hold c->rq.lock. */
static void start_slice(struct cpu *c, struct thread *next, uint64_t now)
{
    static const struct sched_key idle_key = {0};
    c->cur_key = next->is_idle ? idle_key : next->se.key;
    c->slice_end_ns = next->is_idle ? UINT64_MAX : now + c->cur_key.slice_ns;
    atomic_store_explicit(&c->resched, false, memory_order_relaxed);
}

/* Charge prev's run time to its CBS if it is RT, and queue it on c if it is runnable and may
 * stay here (its affinity allows c and, if RT, c is its home). Returns false if it must move.
 * Caller must hold c->rq.lock.
 * A plain priority thread, the common case, is queued without its se.lock: we publish the
 * queue it goes on (se.rq) and then read whether it is special, while policy.c publishes
 * `special` and then reads se.rq, all seq_cst. Of two such store-then-load pairs at least one
 * load sees the other's store, so either we see the change and take the locked path, or
 * policy.c sees the thread queued and requeues it under its new key. */
static bool put_prev(struct cpu *c, struct thread *prev, bool runnable)
{
    bool stays = atomic_load_explicit(&prev->affinity, memory_order_relaxed) & (1ull << c->id);
    if (!atomic_load_explicit(&prev->se.special, memory_order_relaxed)) {
        if (!runnable || !stays)
            return stays;
        atomic_store_explicit(&prev->se.rq, &c->rq, memory_order_seq_cst);
        if (!atomic_load_explicit(&prev->se.special, memory_order_seq_cst)) {
            struct sched_key key = {.prio = atomic_load(&prev->prio), .slice_ns = PARAM_SLICE_NS};
            runq_insert(&c->rq, prev, key);
            return true;
        }
        /* It just became special: the locked path below sets se.rq again if it queues it. */
        atomic_store_explicit(&prev->se.rq, NULL, memory_order_relaxed);
    }
    spin_lock(&prev->se.lock);
    bool throttled = false;
    if (prev->se.cbs.period_ns) {
        uint64_t now = hio_clock_ns();
        prev->se.postponed += sched_cbs_charge(&prev->se.cbs, now - prev->se.charged_at_ns);
        prev->se.charged_at_ns = now;
        stays = stays && prev->se.home_cpu == c->id;
        throttled = sched_cbs_throttled(&prev->se.cbs, now);
    }
    if (runnable && stays && throttled) {
        /* Parked, READY on no queue, until its period begins. The timer fires on this vCPU,
         * in its interrupt path, so after this switch has finished (on_cpu is 0 by then). */
        timer_arm(&prev->se.throttle, &c->timers,
                  prev->se.cbs.deadline_ns - prev->se.cbs.period_ns);
    } else if (runnable && stays) {
        runq_insert(&c->rq, prev, runq_key_of(prev));
    }
    spin_unlock(&prev->se.lock);
    return stays;
}

/* A throttled RT thread's period has begun: queue it again. */
static void throttle_over(struct timer *tm, void *arg)
{
    enqueue(arg, false);
}

void sched_init_thread(struct thread *t)
{
    spin_init(&t->se.lock, "thread-sched");
    timer_init(&t->se.throttle, throttle_over, t);
}

static void account_switch(struct cpu *c, struct thread *prev, struct thread *next)
{
    uint64_t now = hio_clock_ns();
    next->se.charged_at_ns = now;
    start_slice(c, next, now);
    if (prev->is_idle)
        bump(&c->idle_ns, now - atomic_load_explicit(&c->idle_since_ns, memory_order_relaxed));
    else
        bump(&prev->run_ns, now - prev->run_start_ns);
    if (next->is_idle)
        atomic_store_explicit(&c->idle_since_ns, now, memory_order_relaxed);
    next->run_start_ns = now;
    atomic_store_explicit(&c->idling, next->is_idle, memory_order_relaxed);
    bump(&c->switches, 1);
    bump(&next->switches, 1);
}

/* The thread to switch to: `given` (a handoff) unless a queued thread beats it, in which case
 * given is queued like any woken thread and the best one runs. Caller must hold c->rq.lock. */
static struct thread *pick_next(struct cpu *c, struct thread *given)
{
    if (given) {
        struct sched_key best;
        struct sched_key key = {.prio = atomic_load(&given->prio), .slice_ns = PARAM_SLICE_NS};
        if (!runq_peek_key(&c->rq, &best) || !sched_key_before(&best, &key))
            return given;
        runq_push(&c->rq, given);
    }
    return runq_pop(&c->rq);
}

/* Switch from the running thread to `given` if not NULL (see sched_block_handoff), else to the
 * best ready one (or the idle context).
 * Memory order: everything here is done under c->rq.lock or by the only vCPU that may write
 * the field, so relaxed stores suffice; the one store other vCPUs synchronise with is the
 * release of prev->on_cpu in sched_finish_switch (wakers and stealers acquire it). */
static void schedule(struct cpu *c, struct thread *given)
{
    struct thread *prev = atomic_load_explicit(&c->current, memory_order_relaxed);
    spin_lock(&c->rq.lock);
    int st = atomic_load_explicit(&prev->state, memory_order_relaxed);
    bool runnable = st == THREAD_RUNNING || st == THREAD_READY;
    c->migrate_prev = false;
    if (!prev->is_idle) {
        if (runnable)
            atomic_store_explicit(&prev->state, THREAD_READY, memory_order_relaxed);
        if (!put_prev(c, prev, runnable) && runnable)
            c->migrate_prev = true; /* queued elsewhere once switched out */
    }
    struct thread *next = pick_next(c, given);
    if (!next) {
        if (prev->is_idle) {
            spin_unlock(&c->rq.lock);
            return;
        }
        next = &c->idle;
    }
    atomic_store_explicit(&next->state, THREAD_RUNNING, memory_order_relaxed);
    if (next == prev) {
        start_slice(c, next, hio_clock_ns()); /* a relinquish that goes on starts a new slice */
        spin_unlock(&c->rq.lock);
        return;
    }
    VX_ASSERT(!atomic_load_explicit(&next->on_cpu, memory_order_acquire));
    atomic_store_explicit(&next->on_cpu, 1, memory_order_relaxed);
    atomic_store_explicit(&next->cpu, c->id, memory_order_relaxed);
    atomic_store_explicit(&c->current, next, memory_order_relaxed);
    c->switch_prev = prev;
    account_switch(c, prev, next);
    arch_ctx_switch(&prev->ctx, &next->ctx, st == THREAD_EXITING);
    sched_finish_switch();
}

/* Run a cross-vCPU call posted to c, if any. */
static void run_posted_call(struct cpu *c)
{
    void (*fn)(void *) = atomic_load_explicit(&c->call_fn, memory_order_acquire);
    if (!fn)
        return;
    fn(c->call_arg);
    atomic_store_explicit(&c->call_fn, NULL, memory_order_release);
    atomic_store_explicit(&c->call_claimed, 0, memory_order_release);
}

static void handle_irqs(struct cpu *c)
{
    /* Look before taking: the exchange is a locked instruction, and usually nothing is due. */
    if (!atomic_load_explicit(&c->irq_pending, memory_order_relaxed))
        return;
    uint32_t pending = atomic_exchange_explicit(&c->irq_pending, 0, memory_order_acquire);
    bump(&c->irqs, 1);
    if (pending & HIO_IRQ_TIMER)
        timerq_expire(&c->timers, hio_clock_ns());
    if (pending & HIO_IRQ_CONSOLE)
        console_irq();
    if (pending & HIO_IRQ_IPI)
        run_posted_call(c); /* otherwise an IPI only makes the caller look at its queues */
}

void sched_finish_switch(void)
{
    /* Re-read the vCPU: this thread may have been switched out on another one. */
    struct cpu *c = cpu_self();
    struct thread *prev = c->switch_prev;
    bool exited = atomic_load_explicit(&prev->state, memory_order_relaxed) == THREAD_EXITING;
    bool migrate = c->migrate_prev;
    c->switch_prev = NULL;
    spin_unlock(&c->rq.lock);
    atomic_store_explicit(&prev->on_cpu, 0, memory_order_release);
    if (exited)
        thread_finish_exit(prev);
    else if (migrate)
        enqueue(prev, false);
    handle_irqs(c);
}

void sched_relinquish(void)
{
    struct cpu *c = cpu_self();
    handle_irqs(c);
    schedule(c, NULL);
}

void sched_block(void)
{
    schedule(cpu_self(), NULL);
}

void sched_block_handoff(struct thread *next)
{
    struct cpu *c = cpu_self();
    if (!claim_blocked(next)) {
        sched_block();
        return;
    }
    /* Only a thread that last ran here, may run here and has no class or boost to honour:
     * anything else is woken the ordinary way, which puts it where it belongs. */
    bool here = atomic_load(&next->cpu) == c->id &&
                (atomic_load(&next->affinity) & (1ull << c->id)) && !atomic_load(&next->se.special);
    if (!here) {
        sched_enqueue(next);
        sched_block();
        return;
    }
    bump(&c->handoffs, 1);
    schedule(c, next);
}

void sched_cpu_main(uint32_t id)
{
    struct cpu *c = &sched_cpus[id];
    arch_ctx_init_current(&c->idle.ctx);
    atomic_store(&c->idle.state, THREAD_RUNNING);
    atomic_store(&c->idle.on_cpu, 1);
    atomic_store(&c->idle.cpu, id);
    atomic_store(&c->idling, true);
    atomic_store_explicit(&c->idle_since_ns, hio_clock_ns(), memory_order_relaxed);
    /* Invariant: this loop runs in the idle context; schedule() returns here whenever the vCPU
     * has nothing else to run, so every pass looks for work again before halting. */
    for (;;) {
        handle_irqs(c);
        if (atomic_load(&powering_off))
            break;
        if (atomic_load_explicit(&c->rq.nr, memory_order_relaxed) == 0)
            pull_work(c);
        if (atomic_load_explicit(&c->rq.nr, memory_order_relaxed) != 0) {
            schedule(c, NULL);
            continue;
        }
        /* Nothing anywhere: sleep until an interrupt. A wakeup that raced with the checks
         * above left an IPI pending, so the halt returns at once. */
        atomic_store(&c->idling, true);
        hio_cpu_halt(id, 0);
    }
    arch_ctx_fini(&c->idle.ctx);
}

void sched_on_each_cpu(void (*fn)(void *arg), void *arg)
{
    /* The calling vCPU gets a posted call like the others: the thread may move between vCPUs
     * while it waits, and sched_relinquish handles whichever vCPU it is on. */
    for (uint32_t i = 0; i < ncpus; i++) {
        struct cpu *c = &sched_cpus[i];
        uint32_t free_slot = 0;
        while (!atomic_compare_exchange_weak(&c->call_claimed, &free_slot, 1)) {
            free_slot = 0;
            sched_relinquish(); /* another caller's call is pending there */
        }
        c->call_arg = arg;
        atomic_store_explicit(&c->call_fn, fn, memory_order_release);
        hio_cpu_raise(i, HIO_IRQ_IPI);
        /* Done when the slot no longer holds our call (another may hold it again already,
         * which only means ours ran earlier). */
        while (atomic_load_explicit(&c->call_fn, memory_order_acquire) == fn &&
               atomic_load_explicit(&c->call_claimed, memory_order_acquire))
            sched_relinquish();
    }
}

bool sched_should_yield(void)
{
    struct cpu *c = cpu_self();
    return atomic_load_explicit(&c->resched, memory_order_relaxed) ||
           hio_clock_ns() >= c->slice_end_ns;
}

void sched_power_off(int status)
{
    atomic_store(&powering_off, true);
    hio_power_off(status);
}
