/*
 * runq_test.c - the run queue on its own: priority order, round robin within a priority,
 * stealing that respects affinity and threads still switching out, and the RT part:
 * earliest deadline first, RT before priorities, keys of RT and boosted threads.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <string.h>

#include "kernel/sched/runq.h"
#include "kernel/sched/thread.h"

static struct runq rq;
static struct thread th[8];

static void setup(void)
{
    runq_init(&rq, "test");
    memset(th, 0, sizeof th);
    for (unsigned i = 0; i < 8; i++) {
        list_init(&th[i].rq_link);
        th[i].id = i;
        atomic_store(&th[i].prio, PARAM_PRIO_DEFAULT);
        atomic_store(&th[i].affinity, THREAD_AFFINITY_ALL);
    }
}

TestSuite(runq, .init = setup);

Test(runq, empty_queue_pops_nothing)
{
    cr_expect_null(runq_pop(&rq));
    cr_expect_eq(runq_top_prio(&rq), -1);
    cr_expect_eq(atomic_load(&rq.nr), 0u);
}

Test(runq, highest_priority_is_picked_first)
{
    const unsigned prio[5] = {3, 31, 0, 17, 16};
    for (unsigned i = 0; i < 5; i++) {
        atomic_store(&th[i].prio, prio[i]);
        runq_push(&rq, &th[i]);
    }
    cr_expect_eq(atomic_load(&rq.nr), 5u);
    const unsigned want[5] = {1, 3, 4, 0, 2}; /* by priority 31, 17, 16, 3, 0 */
    for (unsigned k = 0; k < 5; k++) {
        struct thread *t = runq_pop(&rq);
        cr_assert_not_null(t);
        cr_expect_eq(t->id, want[k], "pick %u: expected thread %u, got %llu", k, want[k],
                     (unsigned long long)t->id);
    }
    cr_expect_eq(rq.bitmap, 0u, "bitmap must be empty with the queue");
}

Test(runq, equal_priority_round_robins_in_arrival_order)
{
    for (unsigned i = 0; i < 3; i++)
        runq_push(&rq, &th[i]);
    /* Pop, then push back as a yield does: order must rotate 0 1 2 0 1 2. */
    for (unsigned k = 0; k < 6; k++) {
        struct thread *t = runq_pop(&rq);
        cr_assert_not_null(t);
        cr_expect_eq(t->id, k % 3, "turn %u: expected thread %u, got %llu", k, k % 3,
                     (unsigned long long)t->id);
        runq_push(&rq, t);
    }
}

Test(runq, remove_keeps_bitmap_true)
{
    atomic_store(&th[0].prio, 5);
    atomic_store(&th[1].prio, 9);
    runq_push(&rq, &th[0]);
    runq_push(&rq, &th[1]);
    runq_remove(&rq, &th[1]);
    cr_expect_eq(runq_top_prio(&rq), 5, "after removing the only priority-9 thread");
    cr_expect_eq(rq.bitmap, 1u << 5);
    cr_expect(list_unlinked(&th[1].rq_link), "a removed thread is on no list");
}

Test(runq, steal_takes_only_threads_allowed_on_the_thief)
{
    atomic_store(&th[0].affinity, 1u << 0); /* only vCPU 0 */
    atomic_store(&th[1].affinity, 1u << 1); /* only vCPU 1 */
    runq_push(&rq, &th[0]);
    runq_push(&rq, &th[1]);
    struct thread *t = runq_steal(&rq, 1);
    cr_assert_not_null(t);
    cr_expect_eq(t->id, 1u, "vCPU 1 may only take thread 1");
    cr_expect_null(runq_steal(&rq, 1), "nothing else is allowed on vCPU 1");
    cr_expect_eq(atomic_load(&rq.nr), 1u);
}

Test(runq, steal_skips_a_thread_still_switching_out)
{
    atomic_store(&th[0].prio, 20);
    atomic_store(&th[0].on_cpu, 1); /* its context is not saved yet */
    runq_push(&rq, &th[0]);
    runq_push(&rq, &th[1]);
    struct thread *t = runq_steal(&rq, 3);
    cr_assert_not_null(t);
    cr_expect_eq(t->id, 1u, "the on_cpu thread must be skipped even with higher priority");
}

Test(runq, steal_prefers_higher_priority)
{
    atomic_store(&th[2].prio, 25);
    runq_push(&rq, &th[0]);
    runq_push(&rq, &th[1]);
    runq_push(&rq, &th[2]);
    struct thread *t = runq_steal(&rq, 0);
    cr_assert_not_null(t);
    cr_expect_eq(t->id, 2u);
}

/* ---- the RT part ---------------------------------------------------------------------------- */

static void make_rt(struct thread *t, uint64_t period, uint64_t budget, uint64_t now)
{
    sched_cbs_start(&t->se.cbs, period, budget, now);
}

Test(runq, rt_threads_run_earliest_deadline_first)
{
    make_rt(&th[0], 10000000, 1000000, 0); /* d = 10 ms */
    make_rt(&th[1], 3000000, 1000000, 0);  /* d = 3 ms */
    make_rt(&th[2], 6000000, 1000000, 0);  /* d = 6 ms */
    make_rt(&th[3], 3000000, 500000, 0);   /* d = 3 ms, queued after thread 1 */
    for (unsigned i = 0; i < 4; i++)
        runq_push(&rq, &th[i]);
    const unsigned want[4] = {1, 3, 2, 0};
    for (unsigned k = 0; k < 4; k++) {
        struct thread *t = runq_pop(&rq);
        cr_assert_not_null(t);
        cr_expect_eq(t->id, want[k], "pick %u: expected thread %u, got %llu", k, want[k],
                     (unsigned long long)t->id);
    }
    cr_expect_eq(atomic_load(&rq.nr), 0u);
}

Test(runq, rt_runs_before_the_highest_priority)
{
    atomic_store(&th[0].prio, PARAM_NPRIO - 1);
    runq_push(&rq, &th[0]);
    make_rt(&th[1], 10000000, 1000000, 0);
    runq_push(&rq, &th[1]);
    struct sched_key k;
    cr_assert(runq_peek_key(&rq, &k));
    cr_expect(k.rt, "peek must show the RT key");
    cr_expect_eq(runq_pop(&rq)->id, 1u, "the RT thread goes first");
    cr_expect_eq(runq_pop(&rq)->id, 0u);
    cr_expect_not(runq_peek_key(&rq, &k), "empty");
}

Test(runq, rt_key_carries_the_budget_left_as_its_slice)
{
    make_rt(&th[0], 10000000, 2000000, 0);
    sched_cbs_charge(&th[0].se.cbs, 500000);
    struct sched_key k = runq_key_of(&th[0]);
    cr_expect(k.rt);
    cr_expect_eq(k.slice_ns, 1500000u, "slice = budget left");
    cr_expect_eq(runq_key_of(&th[1]).slice_ns, PARAM_SLICE_NS, "priority threads get a slice");
}

Test(runq, a_boost_raises_the_key_and_unboosting_restores_it)
{
    atomic_store(&th[0].prio, 2);
    th[0].se.boosted = true;
    th[0].se.boost = (struct sched_key){.prio = 20};
    struct sched_key k = runq_key_of(&th[0]);
    cr_expect(!k.rt && k.prio == 20, "boosted to 20, got rt=%d prio=%u", k.rt, k.prio);
    th[0].se.boost = (struct sched_key){.rt = true, .deadline_ns = 42};
    k = runq_key_of(&th[0]);
    cr_expect(k.rt && k.deadline_ns == 42, "an RT donor lends its deadline");
    cr_expect_eq(k.slice_ns, PARAM_SLICE_NS, "a lent key does not change the slice");
    th[0].se.boost = (struct sched_key){.prio = 1};
    cr_expect_eq(runq_key_of(&th[0]).prio, 2u, "a weaker boost never lowers a thread");
    th[0].se.boosted = false;
    cr_expect_eq(runq_key_of(&th[0]).prio, 2u);
}

Test(runq, remove_takes_an_rt_thread_out_of_the_deadline_list)
{
    make_rt(&th[0], 3000000, 1000000, 0);
    make_rt(&th[1], 5000000, 1000000, 0);
    runq_push(&rq, &th[0]);
    runq_push(&rq, &th[1]);
    runq_push(&rq, &th[2]);
    runq_remove(&rq, &th[0]);
    cr_expect_null(atomic_load(&th[0].se.rq), "a removed thread names no queue");
    cr_expect_eq(runq_pop(&rq)->id, 1u);
    cr_expect_eq(runq_pop(&rq)->id, 2u);
    cr_expect_eq(rq.bitmap, 0u);
}

Test(runq, steal_never_takes_an_rt_thread)
{
    make_rt(&th[0], 3000000, 1000000, 0);
    runq_push(&rq, &th[0]);
    cr_expect_null(runq_steal(&rq, 1), "an RT thread stays on its home vCPU");
    runq_push(&rq, &th[1]);
    struct thread *t = runq_steal(&rq, 1);
    cr_assert_not_null(t);
    cr_expect_eq(t->id, 1u, "only the priority thread may be stolen");
}

Test(runq, queue_records_where_a_thread_is)
{
    runq_push(&rq, &th[0]);
    cr_expect_eq(atomic_load(&th[0].se.rq), &rq);
    runq_pop(&rq);
    cr_expect_null(atomic_load(&th[0].se.rq));
}
