/*
 * selftest/st_rt.c - the real-time class on real vCPUs: EDF order, CBS postponement,
 * admission control, bandwidth shares beside a busy priority thread, boosting, and
 * sched_should_yield.
 *
 * Order tests pin everything to vCPU 0 with the caller, which keeps running (kernel code is
 * not preempted) until it blocks in join, so the order the threads run in is the scheduler's.
 * The bandwidth test asserts progress only and logs the shares: these machines are shared
 * and noisy, so timing belongs in bench/, not in a pass/fail check.
 */
#define VX_SUBSYSTEM "selftest"
#include "hostio.h"
#include "kernel/console.h"
#include "kernel/sched/sched.h"
#include "kernel/selftest/selftest.h"
#include "lib/string.h"

#define US 1000ull
#define MS 1000000ull

static void spin_ns(uint64_t ns)
{
    uint64_t end = hio_clock_ns() + ns;
    while (hio_clock_ns() < end)
        ;
}

static const char *check_no_reservations(char *msg)
{
    for (uint32_t i = 0; i < sched_ncpus(); i++)
        ST_CHECK(sched_rt_reserved_ppm(i) == 0, msg, "vCPU %u still has %u ppm reserved", i,
                 sched_rt_reserved_ppm(i));
    return NULL;
}

/* Get rid of a thread made but not wanted: run it to its end. (A never started thread is not
 * freed by thread_put alone: it still holds its own reference.) */
static void discard(struct thread *t)
{
    thread_start(t);
    thread_join(t);
}

/* ---- order ------------------------------------------------------------------------------- */

struct trace_log {
    _Atomic unsigned next;
    char entries[32];
};

struct tracer {
    struct trace_log *log;
    char tag;
    unsigned times;
    uint64_t overrun_ns; /* spin this long before the first relinquish */
};

static void note(struct trace_log *log, char tag)
{
    unsigned at = atomic_fetch_add(&log->next, 1);
    if (at < sizeof log->entries - 1)
        log->entries[at] = tag;
}

static int trace_and_yield(void *arg)
{
    struct tracer *tr = arg;
    for (unsigned i = 0; i < tr->times; i++) {
        note(tr->log, tr->tag);
        if (i == 0 && tr->overrun_ns)
            spin_ns(tr->overrun_ns);
        sched_relinquish();
    }
    struct thread *self = thread_current();
    spin_lock(&self->se.lock);
    int postponed = (int)self->se.postponed;
    spin_unlock(&self->se.lock);
    return postponed;
}

/* A tracer thread pinned to vCPU 0: RT with (period, budget) if period is not 0, else at
 * priority prio. */
static const char *make_tracer(struct thread **t, struct tracer *tr, uint64_t period,
                               uint64_t budget, unsigned prio, char *msg)
{
    vx_status_t st;
    *t = thread_create("st-rt", trace_and_yield, tr, prio, &st);
    ST_CHECK(*t, msg, "thread_create failed: %d", st);
    thread_set_affinity(*t, 1);
    if (period) {
        st = sched_set_rt(*t, period, budget);
        if (st != VX_OK)
            discard(*t);
        ST_CHECK(st == VX_OK, msg, "sched_set_rt(%llu, %llu) failed: %d",
                 (unsigned long long)period, (unsigned long long)budget, st);
    }
    return NULL;
}

/* Start n made threads while the caller keeps vCPU 0, then join them; sum their results. */
static int run_batch(struct thread **ts, unsigned n)
{
    int sum = 0;
    for (unsigned i = 0; i < n; i++)
        thread_start(ts[i]);
    for (unsigned i = 0; i < n; i++)
        sum += thread_join(ts[i]);
    return sum;
}

static const char *edf_runs_earliest_deadline_first(char *msg)
{
    uint64_t old = st_pin_self_to_cpu0();
    struct trace_log log = {0};
    struct tracer tr[3] = {{&log, 'A', 2, 0}, {&log, 'B', 2, 0}, {&log, 'C', 2, 0}};
    /* Periods of seconds and budgets of 100s of ms: the order must come from the deadlines
     * alone, never from a budget that a busy host (whose preemption counts as run time)
     * used up. Same utilisation as 40/10/20 ms with 2/5/2 ms. */
    const uint64_t period[3] = {4000 * MS, 1000 * MS, 2000 * MS},
                   budget[3] = {200 * MS, 500 * MS, 200 * MS};
    struct thread *ts[3];
    const char *err = NULL;
    unsigned made = 0;
    for (; made < 3 && !err; made++)
        err = make_tracer(&ts[made], &tr[made], period[made], budget[made], 0, msg);
    if (err)
        made--;
    uint32_t reserved = sched_rt_reserved_ppm(0);
    if (err) {
        for (unsigned i = 0; i < made; i++)
            discard(ts[i]);
    } else {
        run_batch(ts, 3);
    }
    thread_set_affinity(thread_current(), old);
    if (err)
        return err;
    ST_CHECK(reserved == 50000 + 500000 + 100000, msg,
             "expected 650000 ppm reserved on vCPU 0, got %u", reserved);
    ST_CHECK(vx_strcmp(log.entries, "BBCCAA") == 0, msg,
             "expected EDF order BBCCAA (deadlines 1, 2, 4 s), got %s", log.entries);
    return check_no_reservations(msg);
}

static const char *rt_runs_before_the_highest_priority(char *msg)
{
    uint64_t old = st_pin_self_to_cpu0();
    struct trace_log log = {0};
    struct tracer tr[2] = {{&log, 'p', 2, 0}, {&log, 'r', 2, 0}};
    struct thread *ts[2];
    const char *err = make_tracer(&ts[0], &tr[0], 0, 0, PARAM_NPRIO - 1, msg);
    if (!err) {
        err = make_tracer(&ts[1], &tr[1], 1000 * MS, 100 * MS, 0, msg); /* budget never runs out */
        if (err)
            discard(ts[0]);
    }
    if (!err)
        run_batch(ts, 2);
    thread_set_affinity(thread_current(), old);
    if (err)
        return err;
    ST_CHECK(vx_strcmp(log.entries, "rrpp") == 0, msg,
             "expected the RT thread before the priority-%u one (rrpp), got %s", PARAM_NPRIO - 1,
             log.entries);
    return check_no_reservations(msg);
}

static const char *overrun_postpones_behind_a_later_deadline(char *msg)
{
    uint64_t old = st_pin_self_to_cpu0();
    struct trace_log log = {0};
    /* x: 100 us every 2 ms, spins 300 us: at least 3 postponements, d moves >= 6 ms, past y's
     * 5 ms deadline. y: 4 ms every 5 ms, so a busy host's preemption does not make it
     * overrun too. */
    struct tracer tr[2] = {{&log, 'x', 2, 300 * US}, {&log, 'y', 2, 0}};
    struct thread *ts[2];
    const char *err = make_tracer(&ts[0], &tr[0], 2 * MS, 100 * US, 0, msg);
    if (!err) {
        err = make_tracer(&ts[1], &tr[1], 5 * MS, 4 * MS, 0, msg);
        if (err)
            discard(ts[0]);
    }
    int postponed = 0;
    if (!err)
        postponed = run_batch(ts, 2);
    thread_set_affinity(thread_current(), old);
    if (err)
        return err;
    ST_CHECK(vx_strcmp(log.entries, "xyyx") == 0, msg,
             "expected x, then y while x is postponed, then x (xyyx), got %s", log.entries);
    ST_CHECK(postponed >= 3, msg, "expected >= 3 postponements of x, got %d", postponed);
    return check_no_reservations(msg);
}

/* ---- admission --------------------------------------------------------------------------- */

static int returns_at_once(void *arg)
{
    return 0;
}

static const char *admission_refuses_past_the_bound(char *msg)
{
    struct thread *ts[3 * PARAM_MAX_CPUS + 1];
    unsigned n = 3 * sched_ncpus(), made = 0;
    const char *err = NULL;
    vx_status_t st;
    /* 30 % each: three fill a vCPU to the 90 % bound, so 3 per vCPU fit and no more. */
    for (; made < n + 1; made++) {
        ts[made] = thread_create("st-admit", returns_at_once, NULL, PARAM_PRIO_DEFAULT, &st);
        if (!ts[made]) {
            vx_snprintf(msg, ST_MSG_MAX, "thread_create failed: %d", st);
            err = msg;
            break;
        }
    }
    for (unsigned i = 0; i < n && !err; i++) {
        st = sched_set_rt(ts[i], 10 * MS, 3 * MS);
        if (st != VX_OK) {
            vx_snprintf(msg, ST_MSG_MAX, "reservation %u of %u (30%% each) refused: %d", i, n, st);
            err = msg;
        }
    }
    for (uint32_t c = 0; c < sched_ncpus() && !err; c++) {
        if (sched_rt_reserved_ppm(c) != 900000) {
            vx_snprintf(msg, ST_MSG_MAX, "vCPU %u: expected 900000 ppm, got %u", c,
                        sched_rt_reserved_ppm(c));
            err = msg;
        }
    }
    if (!err && (st = sched_set_rt(ts[n], 100 * MS, 1 * MS)) != VX_ELIMIT) {
        vx_snprintf(msg, ST_MSG_MAX, "a 1%% reservation on full vCPUs: expected VX_ELIMIT, got %d",
                    st);
        err = msg;
    }
    if (!err && (st = sched_set_rt(ts[n], 1 * MS, 2 * MS)) != VX_EINVAL) {
        vx_snprintf(msg, ST_MSG_MAX, "budget > period: expected VX_EINVAL, got %d", st);
        err = msg;
    }
    if (!err && (st = sched_set_rt(ts[n], 10 * US, 5 * US)) != VX_EINVAL) {
        vx_snprintf(msg, ST_MSG_MAX, "period below minimum: expected VX_EINVAL, got %d", st);
        err = msg;
    }
    if (!err) {
        /* Its home is fixed: a mask leaving it out is refused until it leaves the class. */
        uint32_t home = ts[0]->se.home_cpu;
        uint64_t others = ((1ull << sched_ncpus()) - 1) & ~(1ull << home);
        if (others && (st = thread_set_affinity(ts[0], others)) != VX_EBUSY) {
            vx_snprintf(msg, ST_MSG_MAX,
                        "moving an RT thread off its home: expected VX_EBUSY, "
                        "got %d",
                        st);
            err = msg;
        }
        uint32_t before = sched_rt_reserved_ppm(home);
        sched_set_priority(ts[0], PARAM_PRIO_DEFAULT);
        if (!err && sched_rt_reserved_ppm(home) != before - 300000) {
            vx_snprintf(msg, ST_MSG_MAX, "leaving the class must free 300000 ppm on vCPU %u", home);
            err = msg;
        }
        if (!err && (st = sched_set_rt(ts[n], 100 * MS, 1 * MS)) != VX_OK) {
            vx_snprintf(msg, ST_MSG_MAX, "freed room must be reusable, got %d", st);
            err = msg;
        }
    }
    for (unsigned i = 0; i < made; i++)
        discard(ts[i]); /* their reservations go when they exit */
    if (err)
        return err;
    return check_no_reservations(msg);
}

/* ---- bandwidth beside a busy priority thread ---------------------------------------------- */

#define SHARE_RUN_NS   (300 * MS)
#define SHARE_CHUNK_NS (50 * US) /* kernel code is not preempted: everyone yields this often */

struct periodic {
    _Atomic bool *stop;
    uint64_t period_ns, budget_ns, work_ns;
    unsigned jobs, misses; /* misses: finished more than a period after the deadline */
};

static void work(uint64_t ns)
{
    for (uint64_t done = 0; done < ns; done += SHARE_CHUNK_NS) {
        spin_ns(SHARE_CHUNK_NS);
        sched_relinquish();
    }
}

static int periodic_job(void *arg)
{
    struct periodic *p = arg;
    uint64_t release = hio_clock_ns();
    while (!atomic_load(p->stop)) {
        work(p->work_ns);
        uint64_t done = hio_clock_ns();
        if (done > release + 2 * p->period_ns) /* generous: a whole period late */
            p->misses++;
        p->jobs++;
        release += p->period_ns;
        thread_sleep_until(release);
    }
    return 0;
}

struct busy {
    _Atomic bool *stop;
    uint64_t chunks;
};

static int busy_priority(void *arg)
{
    struct busy *b = arg;
    while (!atomic_load(b->stop)) {
        spin_ns(SHARE_CHUNK_NS);
        b->chunks++;
        sched_relinquish();
    }
    return 0;
}

static const char *rt_threads_get_their_share_beside_a_busy_thread(char *msg)
{
    _Atomic bool stop = false;
    struct periodic p[2] = {{&stop, 4 * MS, 1 * MS, 500 * US, 0, 0},
                            {&stop, 10 * MS, 2 * MS, 1 * MS, 0, 0}};
    struct busy b = {&stop, 0};
    struct thread *ts[3];
    vx_status_t st;
    unsigned made = 0;
    for (; made < 3; made++) {
        ts[made] = made < 2 ? thread_create("st-rt-job", periodic_job, &p[made], 0, &st)
                            : thread_create("st-busy", busy_priority, &b, PARAM_PRIO_DEFAULT, &st);
        if (!ts[made])
            break;
        thread_set_affinity(ts[made], 1); /* all on vCPU 0 */
        /* RT before it starts: at priority 0 the busy thread would starve it. */
        if (made < 2 && (st = sched_set_rt(ts[made], p[made].period_ns, p[made].budget_ns))) {
            discard(ts[made]);
            break;
        }
    }
    if (made < 3) {
        for (unsigned i = 0; i < made; i++)
            discard(ts[i]);
        ST_CHECK(false, msg, "thread_create or sched_set_rt failed: %d", st);
    }
    uint64_t start = hio_clock_ns();
    for (unsigned i = 0; i < 3; i++)
        thread_start(ts[i]);
    thread_sleep_ns(SHARE_RUN_NS);
    atomic_store(&stop, true);
    int failed = 0;
    for (unsigned i = 0; i < 3; i++)
        failed += thread_join(ts[i]) != 0;
    uint64_t ran = hio_clock_ns() - start;
    ST_CHECK(failed == 0, msg, "%d threads failed", failed);
    /* Only progress is asserted: how much each thread got depends on how busy the host is
     * (these machines are shared, and Valgrind runs threads in turns), so the shares are a
     * measurement, logged here and benchmarked by `make bench BENCH=rtwake`, not a test. */
    ST_CHECK(p[0].jobs && p[1].jobs && b.chunks, msg,
             "every thread must progress: jobs %u and %u, busy chunks %llu", p[0].jobs,
             p[1].jobs, (unsigned long long)b.chunks);
    kprintf("selftest: rt shares in %llu ms: RT jobs %u (%u late) and %u (%u late), busy %llu ms\n",
            (unsigned long long)(ran / MS), p[0].jobs, p[0].misses, p[1].jobs, p[1].misses,
            (unsigned long long)(b.chunks * SHARE_CHUNK_NS / MS));
    return check_no_reservations(msg);
}

/* ---- boost ------------------------------------------------------------------------------- */

/* Queue low (prio 2) and high (prio `high_prio`) on vCPU 0, apply `boost` to low, then let
 * them run and return the order. */
static const char *boost_case(char *msg, unsigned high_prio, struct thread *donor, bool unboost,
                              const char *want)
{
    uint64_t old = st_pin_self_to_cpu0();
    struct trace_log log = {0};
    struct tracer tr[2] = {{&log, 'L', 2, 0}, {&log, 'H', 2, 0}};
    struct thread *ts[2];
    const char *err = make_tracer(&ts[0], &tr[0], 0, 0, 2, msg);
    if (!err) {
        err = make_tracer(&ts[1], &tr[1], 0, 0, high_prio, msg);
        if (err)
            discard(ts[0]);
    }
    if (!err) {
        thread_start(ts[0]);
        thread_start(ts[1]);
        /* Both are queued on vCPU 0 now, and we keep running: the boost requeues L. */
        sched_boost(ts[0], donor);
        if (unboost)
            sched_unboost(ts[0]);
        thread_join(ts[0]);
        thread_join(ts[1]);
    }
    thread_set_affinity(thread_current(), old);
    if (err)
        return err;
    ST_CHECK(vx_strcmp(log.entries, want) == 0, msg, "expected order %s, got %s", want,
             log.entries);
    return NULL;
}

static const char *boost_requeues_and_unboost_restores(char *msg)
{
    struct thread *self = thread_current();
    unsigned my_prio = atomic_load(&self->prio);
    ST_CHECK(my_prio > 10, msg, "the self-test thread runs at %u, expected above 10", my_prio);
    const char *err = boost_case(msg, 10, self, false, "LLHH");
    if (err)
        return err;
    err = boost_case(msg, 10, self, true, "HHLL");
    if (err)
        return err;
    /* An RT donor (not started until the end: only its key matters) lends its deadline, which beats
     * even the highest priority. */
    vx_status_t st;
    struct thread *donor = thread_create("st-donor", returns_at_once, NULL, 0, &st);
    ST_CHECK(donor, msg, "thread_create failed: %d", st);
    st = sched_set_rt(donor, 50 * MS, 1 * MS);
    if (st == VX_OK)
        err = boost_case(msg, PARAM_NPRIO - 1, donor, false, "LLHH");
    discard(donor);
    ST_CHECK(st == VX_OK, msg, "sched_set_rt on the donor failed: %d", st);
    if (err)
        return err;
    return check_no_reservations(msg);
}

/* ---- sched_should_yield -------------------------------------------------------------------- */

struct yield_probe {
    bool fresh, slice_over, rt_budget_over, rt_queued;
};

static int probe_should_yield(void *arg)
{
    struct yield_probe *y = arg;
    struct thread *self = thread_current();
    /* A fresh slice; retried because a host preemption right here could eat 4 ms. */
    for (unsigned i = 0; i < 5 && !y->fresh; i++) {
        sched_relinquish();
        y->fresh = !sched_should_yield();
    }
    sched_relinquish();
    spin_ns(PARAM_SLICE_NS + 100 * US);
    y->slice_over = sched_should_yield();

    if (sched_set_rt(self, 10 * MS, 200 * US) != VX_OK)
        return 1;
    sched_relinquish(); /* charged; a new slice of the budget left, at most 200 us */
    spin_ns(250 * US);
    y->rt_budget_over = sched_should_yield();
    sched_set_priority(self, PARAM_NPRIO - 1);

    /* An RT thread queued on our vCPU must make us yield at once. */
    sched_relinquish();
    vx_status_t st;
    struct thread *rt = thread_create("st-rt-wake", returns_at_once, NULL, 0, &st);
    if (!rt)
        return 1;
    thread_set_affinity(rt, 1);
    if (sched_set_rt(rt, 10 * MS, 1 * MS) != VX_OK) {
        discard(rt);
        return 1;
    }
    thread_start(rt);
    y->rt_queued = sched_should_yield();
    thread_join(rt);
    return 0;
}

static const char *should_yield_follows_slice_budget_and_wakeups(char *msg)
{
    struct yield_probe y = {0};
    vx_status_t st;
    struct thread *t = thread_create("st-yield", probe_should_yield, &y, PARAM_NPRIO - 1, &st);
    ST_CHECK(t, msg, "thread_create failed: %d", st);
    thread_set_affinity(t, 1);
    thread_start(t);
    ST_CHECK(thread_join(t) == 0, msg, "the probe could not create or admit its threads");
    ST_CHECK(y.fresh, msg, "right after a relinquish, sched_should_yield must be false");
    ST_CHECK(y.slice_over, msg, "after a whole slice, sched_should_yield must be true");
    ST_CHECK(y.rt_budget_over, msg, "past its budget, an RT thread must be told to yield");
    ST_CHECK(y.rt_queued, msg, "an RT thread queued here must make a priority thread yield");
    return check_no_reservations(msg);
}

const struct selftest st_rt_tests[] = {
    {"rt.edf_order", edf_runs_earliest_deadline_first},
    {"rt.before_priorities", rt_runs_before_the_highest_priority},
    {"rt.cbs_postpone", overrun_postpones_behind_a_later_deadline},
    {"rt.admission", admission_refuses_past_the_bound},
    {"rt.bandwidth_share", rt_threads_get_their_share_beside_a_busy_thread},
    {"rt.boost", boost_requeues_and_unboost_restores},
    {"rt.should_yield", should_yield_follows_slice_budget_and_wakeups},
};
const unsigned st_rt_count = sizeof st_rt_tests / sizeof st_rt_tests[0];
