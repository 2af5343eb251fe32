/*
 * selftest/st_sched.c - scheduler self-tests on real vCPUs: priority order, round robin,
 * affinity and migration, load balancing, and wakeups through wait queues.
 */
#define VX_SUBSYSTEM "selftest"
#include "hostio.h"
#include "kernel/sched/sched.h"
#include "kernel/selftest/selftest.h"
#include "lib/string.h"

/* ---- priority and round robin, all on vCPU 0 --------------------------------------------- */

struct trace_log {
    _Atomic unsigned next;
    char entries[64];
};

struct tracer {
    struct trace_log *log;
    char tag;
    unsigned times;
};

static int trace_and_yield(void *arg)
{
    struct tracer *t = arg;
    for (unsigned i = 0; i < t->times; i++) {
        unsigned at = atomic_fetch_add(&t->log->next, 1);
        if (at < sizeof t->log->entries)
            t->log->entries[at] = t->tag;
        sched_relinquish();
    }
    return 0;
}

/* Start threads pinned to vCPU 0 while the caller, also on vCPU 0, keeps running: nothing of
 * theirs runs until the caller sleeps in join, so the order they run in is the scheduler's. */
static void run_pinned_batch(struct thread **ts, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        thread_start(ts[i]);
    for (unsigned i = 0; i < n; i++)
        thread_join(ts[i]);
}

static const char *make_pinned(struct thread **ts, struct tracer *tr, unsigned n,
                               const unsigned *prio, char *msg)
{
    for (unsigned i = 0; i < n; i++) {
        vx_status_t st;
        ts[i] = thread_create("st-trace", trace_and_yield, &tr[i], prio[i], &st);
        ST_CHECK(ts[i], msg, "thread_create failed: %d", st);
        thread_set_affinity(ts[i], 1);
    }
    return NULL;
}

static const char *higher_priority_runs_first(char *msg)
{
    struct thread *self = thread_current();
    uint64_t old_affinity = atomic_load(&self->affinity);
    thread_set_affinity(self, 1);
    sched_relinquish(); /* move to vCPU 0 */
    struct trace_log log = {0};
    struct tracer tr[3] = {{&log, 'L', 2}, {&log, 'H', 2}, {&log, 'M', 2}};
    const unsigned prio[3] = {4, 30, 18};
    struct thread *ts[3];
    const char *err = make_pinned(ts, tr, 3, prio, msg);
    if (!err)
        run_pinned_batch(ts, 3);
    thread_set_affinity(self, old_affinity);
    if (err)
        return err;
    log.entries[atomic_load(&log.next)] = '\0';
    ST_CHECK(vx_strcmp(log.entries, "HHMMLL") == 0, msg,
             "expected run order HHMMLL (high, medium, low), got %s", log.entries);
    return NULL;
}

static const char *equal_priority_threads_round_robin(char *msg)
{
    struct thread *self = thread_current();
    uint64_t old_affinity = atomic_load(&self->affinity);
    thread_set_affinity(self, 1);
    sched_relinquish();
    struct trace_log log = {0};
    struct tracer tr[3] = {{&log, 'a', 4}, {&log, 'b', 4}, {&log, 'c', 4}};
    const unsigned prio[3] = {10, 10, 10};
    struct thread *ts[3];
    const char *err = make_pinned(ts, tr, 3, prio, msg);
    if (!err)
        run_pinned_batch(ts, 3);
    thread_set_affinity(self, old_affinity);
    if (err)
        return err;
    log.entries[atomic_load(&log.next)] = '\0';
    ST_CHECK(vx_strcmp(log.entries, "abcabcabcabc") == 0, msg,
             "expected strict rotation abcabcabcabc, got %s", log.entries);
    return NULL;
}

/* ---- affinity and migration ---------------------------------------------------------------- */

static int stays_on_its_cpu(void *arg)
{
    uint32_t want = *(uint32_t *)arg;
    for (unsigned i = 0; i < 500; i++) {
        if (hio_cpu_self() != want)
            return 1;
        sched_relinquish();
    }
    return 0;
}

static const char *pinned_threads_never_leave_their_cpu(char *msg)
{
    uint32_t cpu_of[16];
    unsigned n = 2 * sched_ncpus();
    for (unsigned i = 0; i < n; i++)
        cpu_of[i] = i % sched_ncpus();
    int bad = st_parallel(n, stays_on_its_cpu, cpu_of, sizeof cpu_of[0], PARAM_PRIO_DEFAULT, true);
    ST_CHECK(bad == 0, msg, "%d pinned threads ran on a vCPU outside their affinity", bad);
    return NULL;
}

static int hop_through_cpus(void *arg)
{
    struct thread *self = thread_current();
    for (uint32_t round = 0; round < 3; round++) {
        for (uint32_t c = 0; c < sched_ncpus(); c++) {
            thread_set_affinity(self, 1ull << c);
            sched_relinquish();
            if (hio_cpu_self() != c)
                return 1;
        }
    }
    return 0;
}

static const char *changing_affinity_moves_the_thread(char *msg)
{
    int dummy = 0;
    int bad = st_parallel(1, hop_through_cpus, &dummy, 0, PARAM_PRIO_DEFAULT, false);
    ST_CHECK(bad == 0, msg, "after narrowing its affinity to one vCPU and yielding, a thread "
                            "was not running there");
    return NULL;
}

/* ---- load balancing -------------------------------------------------------------------------- */

struct spread {
    _Atomic uint64_t cpus_seen;
    uint64_t all;         /* mask of every vCPU */
    uint64_t deadline_ns; /* give up then: a broken balancer never spreads the work */
    unsigned total;
};

static int busy_until_spread(void *arg)
{
    struct spread *s = arg;
    while (atomic_load(&s->cpus_seen) != s->all && hio_clock_ns() < s->deadline_ns) {
        atomic_fetch_or(&s->cpus_seen, 1ull << hio_cpu_self());
        /* Spin a little so several workers are ready at once and idle vCPUs pull them. */
        for (volatile unsigned k = 0; k < 2000; k++)
            ;
        sched_relinquish();
    }
    return 0;
}

static const char *unpinned_work_spreads_over_all_cpus(char *msg)
{
    uint64_t all = (sched_ncpus() >= 64) ? UINT64_MAX : (1ull << sched_ncpus()) - 1;
    struct spread s = {.total = 4 * sched_ncpus(), .all = all,
                       .deadline_ns = hio_clock_ns() + 10000000000ull};
    /* Every worker gets the same argument: stride 0. */
    int bad = st_parallel(s.total, busy_until_spread, &s, 0, PARAM_PRIO_DEFAULT, false);
    ST_CHECK(bad == 0, msg, "a worker failed");
    ST_CHECK(atomic_load(&s.cpus_seen) == all, msg,
             "expected work on every vCPU (mask %llx), saw mask %llx", (unsigned long long)all,
             (unsigned long long)atomic_load(&s.cpus_seen));
    return NULL;
}

/* ---- wakeups ----------------------------------------------------------------------------------- */

#define PINGPONG_ROUNDS 2000

struct pingpong {
    struct waitq wq;
    unsigned turn;      /* (wq.lock) whose turn: 0 or 1 */
    unsigned count[2];  /* (wq.lock) */
};

struct pinger {
    struct pingpong *pp;
    unsigned me;
};

static int ping(void *arg)
{
    struct pinger *p = arg;
    struct pingpong *pp = p->pp;
    spin_lock(&pp->wq.lock);
    for (unsigned i = 0; i < PINGPONG_ROUNDS; i++) {
        while (pp->turn != p->me)
            waitq_sleep_locked(&pp->wq, 0);
        pp->count[p->me]++;
        pp->turn = 1 - p->me;
        waitq_wake_locked(&pp->wq, UINT32_MAX);
    }
    spin_unlock(&pp->wq.lock);
    return 0;
}

static const char *wakeups_are_never_lost(char *msg)
{
    struct pingpong pp = {.turn = 0};
    waitq_init(&pp.wq, "st-pingpong");
    struct pinger p[2] = {{&pp, 0}, {&pp, 1}};
    /* Unpinned: with several vCPUs the two sides usually run on different ones, so wakeups
     * cross vCPUs and race with the sleeper switching out. */
    int bad = st_parallel(2, ping, p, sizeof p[0], PARAM_PRIO_DEFAULT, false);
    ST_CHECK(bad == 0, msg, "a side failed");
    ST_CHECK(pp.count[0] == PINGPONG_ROUNDS && pp.count[1] == PINGPONG_ROUNDS, msg,
             "expected %u turns each, got %u and %u", PINGPONG_ROUNDS, pp.count[0], pp.count[1]);
    return NULL;
}

static const char *waitq_timeout_returns_timedout(char *msg)
{
    struct waitq wq;
    waitq_init(&wq, "st-timeout");
    uint64_t deadline = hio_clock_ns() + 2000000;
    spin_lock(&wq.lock);
    vx_status_t st = waitq_sleep_locked(&wq, deadline);
    spin_unlock(&wq.lock);
    uint64_t now = hio_clock_ns();
    ST_CHECK(st == VX_ETIMEDOUT, msg, "expected VX_ETIMEDOUT from a sleep nobody ends, got %d", st);
    ST_CHECK(now >= deadline, msg, "woke %llu ns before the deadline",
             (unsigned long long)(deadline - now));
    return NULL;
}

static int exit_with_arg(void *arg)
{
    return (int)(uintptr_t)arg;
}

static const char *join_returns_exit_status(char *msg)
{
    vx_status_t st;
    struct thread *t = thread_create("st-exit", exit_with_arg, (void *)(uintptr_t)42,
                                     PARAM_PRIO_DEFAULT, &st);
    ST_CHECK(t, msg, "thread_create failed: %d", st);
    thread_start(t);
    int status = thread_join(t);
    ST_CHECK(status == 42, msg, "expected exit status 42, got %d", status);
    ST_CHECK(thread_create("bad", exit_with_arg, NULL, PARAM_NPRIO, &st) == NULL && st == VX_EINVAL,
             msg, "priority %u must be refused with VX_EINVAL, got %d", PARAM_NPRIO, st);
    return NULL;
}

static void note_cpu(void *arg)
{
    atomic_fetch_add((_Atomic uint64_t *)arg, 1ull << (8 * hio_cpu_self()));
}

static const char *on_each_cpu_runs_once_on_every_vcpu(char *msg)
{
    _Atomic uint64_t counts = 0; /* one byte per vCPU: how often it ran the call */
    for (unsigned round = 0; round < 3; round++)
        sched_on_each_cpu(note_cpu, (void *)&counts);
    for (uint32_t i = 0; i < sched_ncpus(); i++) {
        unsigned n = (unsigned)(atomic_load(&counts) >> (8 * i)) & 0xff;
        ST_CHECK(n == 3, msg, "vCPU %u ran 3 posted calls %u times", i, n);
    }
    return NULL;
}

const struct selftest st_sched_tests[] = {
    {"sched.priority_order", higher_priority_runs_first},
    {"sched.round_robin", equal_priority_threads_round_robin},
    {"sched.affinity_pinned", pinned_threads_never_leave_their_cpu},
    {"sched.affinity_migrate", changing_affinity_moves_the_thread},
    {"sched.load_balance", unpinned_work_spreads_over_all_cpus},
    {"sched.wakeup_pingpong", wakeups_are_never_lost},
    {"sched.waitq_timeout", waitq_timeout_returns_timedout},
    {"sched.join_exit_status", join_returns_exit_status},
    {"sched.on_each_cpu", on_each_cpu_runs_once_on_every_vcpu},
};
const unsigned st_sched_count = sizeof st_sched_tests / sizeof st_sched_tests[0];
