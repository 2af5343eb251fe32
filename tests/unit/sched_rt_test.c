/*
 * sched_rt_test.c - the RT class's arithmetic on its own (sched/rt.h): parameter checks,
 * utilisation and admission limits, the CBS wakeup and charge rules, and key order.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"

#include "kernel/sched/rt.h"

#define US 1000ull
#define MS 1000000ull

/* ---- parameters and admission ---------------------------------------------------------- */

Test(sched_rt, valid_parameters_are_accepted)
{
    cr_expect_eq(sched_rt_check_params(10 * MS, 2 * MS), VX_OK);
    cr_expect_eq(sched_rt_check_params(PARAM_RT_PERIOD_MIN_NS, PARAM_RT_BUDGET_MIN_NS), VX_OK,
                 "the smallest period and budget are allowed");
    cr_expect_eq(sched_rt_check_params(PARAM_RT_PERIOD_MAX_NS, PARAM_RT_PERIOD_MAX_NS), VX_OK,
                 "a budget equal to the period is allowed");
}

Test(sched_rt, invalid_parameters_are_refused)
{
    cr_expect_eq(sched_rt_check_params(10 * MS, 11 * MS), VX_EINVAL, "budget above the period");
    cr_expect_eq(sched_rt_check_params(PARAM_RT_PERIOD_MIN_NS - 1, 20 * US), VX_EINVAL,
                 "period below the minimum");
    cr_expect_eq(sched_rt_check_params(PARAM_RT_PERIOD_MAX_NS + 1, MS), VX_EINVAL,
                 "period above the maximum");
    cr_expect_eq(sched_rt_check_params(10 * MS, 0), VX_EINVAL, "zero budget");
    cr_expect_eq(sched_rt_check_params(10 * MS, PARAM_RT_BUDGET_MIN_NS - 1), VX_EINVAL,
                 "budget below the minimum");
    cr_expect_eq(sched_rt_check_params(0, 0), VX_EINVAL, "zero period");
    cr_expect_eq(sched_rt_check_params(UINT64_MAX, UINT64_MAX), VX_EINVAL, "huge values");
}

Test(sched_rt, utilisation_rounds_up)
{
    cr_expect_eq(sched_rt_util_ppm(10 * MS, 2 * MS), 200000u);
    cr_expect_eq(sched_rt_util_ppm(3 * MS, 1 * MS), 333334u, "1/3 rounds up, never down");
    cr_expect_eq(sched_rt_util_ppm(PARAM_RT_PERIOD_MAX_NS, PARAM_RT_BUDGET_MIN_NS), 1u,
                 "a tiny share still counts");
    cr_expect_eq(sched_rt_util_ppm(5 * MS, 5 * MS), 1000000u);
}

Test(sched_rt, admission_allows_up_to_the_bound_and_no_more)
{
    cr_expect_eq(sched_rt_admit(0, PARAM_RT_UTIL_MAX_PPM), VX_OK, "exactly the bound fits");
    cr_expect_eq(sched_rt_admit(0, PARAM_RT_UTIL_MAX_PPM + 1), VX_ELIMIT);
    cr_expect_eq(sched_rt_admit(600000, 300000), VX_OK);
    cr_expect_eq(sched_rt_admit(600000, 300001), VX_ELIMIT);
    cr_expect_eq(sched_rt_admit(PARAM_RT_UTIL_MAX_PPM, 1), VX_ELIMIT, "a full vCPU takes none");
    cr_expect_eq(sched_rt_admit(UINT32_MAX, UINT32_MAX), VX_ELIMIT, "no wrap-around");
    cr_expect_eq(sched_rt_admit(1, UINT32_MAX), VX_ELIMIT, "no wrap-around");
}

Test(sched_rt, three_threads_fill_a_vcpu_and_the_fourth_is_refused)
{
    /* 30 % + 30 % + 30 % = the 90 % bound; one more 1 % reservation must fail. */
    uint32_t used = 0;
    for (unsigned i = 0; i < 3; i++) {
        uint32_t u = sched_rt_util_ppm(10 * MS, 3 * MS);
        cr_assert_eq(sched_rt_admit(used, u), VX_OK, "reservation %u of 30%% must fit", i);
        used += u;
    }
    cr_expect_eq(sched_rt_admit(used, sched_rt_util_ppm(100 * MS, 1 * MS)), VX_ELIMIT);
}

/* ---- CBS ---------------------------------------------------------------------------------- */

Test(sched_rt, start_sets_deadline_one_period_ahead_and_a_full_budget)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 1000 * MS);
    cr_expect_eq(s.deadline_ns, 1010 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(2 * MS));
}

Test(sched_rt, wake_keeps_a_server_within_its_bandwidth)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    sched_cbs_charge(&s, 1 * MS); /* q = 1 ms, d = 10 ms */
    /* At 4 ms: the fair share until d is 6 ms * 0.2 = 1.2 ms >= 1 ms left: keep. */
    cr_expect_not(sched_cbs_wake(&s, 4 * MS));
    cr_expect_eq(s.deadline_ns, 10 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(1 * MS));
}

Test(sched_rt, wake_refreshes_a_server_that_would_exceed_its_bandwidth)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    sched_cbs_charge(&s, 1 * MS); /* q = 1 ms, d = 10 ms */
    /* At 6 ms: 4 ms * 0.2 = 0.8 ms < 1 ms left: using it would exceed 20 %, so refresh. */
    cr_expect(sched_cbs_wake(&s, 6 * MS));
    cr_expect_eq(s.deadline_ns, 16 * MS, "deadline = now + period");
    cr_expect_eq(s.budget_left_ns, (int64_t)(2 * MS), "budget back to full");
}

Test(sched_rt, wake_at_the_exact_bandwidth_keeps_the_server)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    sched_cbs_charge(&s, 1 * MS);
    /* At 5 ms: 5 ms * 0.2 = 1 ms == 1 ms left: not more than the share, keep. */
    cr_expect_not(sched_cbs_wake(&s, 5 * MS));
    cr_expect_eq(s.deadline_ns, 10 * MS);
}

Test(sched_rt, wake_after_the_deadline_refreshes)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    cr_expect(sched_cbs_wake(&s, 10 * MS), "a deadline equal to now has passed");
    cr_expect_eq(s.deadline_ns, 20 * MS);
    cr_expect(sched_cbs_wake(&s, 500 * MS));
    cr_expect_eq(s.deadline_ns, 510 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(2 * MS));
}

Test(sched_rt, wake_does_not_overflow_far_from_the_deadline)
{
    struct sched_cbs s;
    sched_cbs_start(&s, PARAM_RT_PERIOD_MAX_NS, PARAM_RT_PERIOD_MAX_NS / 2, 0);
    /* Many postponements push d far ahead: (d - now) * Q is beyond 64 bits. */
    s.deadline_ns = UINT64_MAX / 4;
    cr_expect_not(sched_cbs_wake(&s, 1), "a distant deadline leaves plenty of share");
    cr_expect_eq(s.deadline_ns, UINT64_MAX / 4);
}

Test(sched_rt, charge_within_budget_keeps_the_deadline)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    cr_expect_eq(sched_cbs_charge(&s, 1500 * US), 0u);
    cr_expect_eq(s.budget_left_ns, (int64_t)(500 * US));
    cr_expect_eq(s.deadline_ns, 10 * MS);
}

Test(sched_rt, exhausting_the_budget_postpones_by_one_period)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    cr_expect_eq(sched_cbs_charge(&s, 2 * MS), 1u, "q == 0 is exhausted");
    cr_expect_eq(s.deadline_ns, 20 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(2 * MS));
}

Test(sched_rt, an_overrun_postpones_once_per_budget_overrun)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0);
    /* q = 2 - 5.5 = -3.5 ms, then -1.5, then 0.5: two postponements. */
    cr_expect_eq(sched_cbs_charge(&s, 5500 * US), 2u);
    cr_expect_eq(s.deadline_ns, 30 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(500 * US));
    /* Exactly on a multiple: q = 0.5 - 4.5 = -4 -> -2 -> 0 -> 2: three steps. */
    cr_expect_eq(sched_cbs_charge(&s, 4500 * US), 3u);
    cr_expect_eq(s.deadline_ns, 60 * MS);
    cr_expect_eq(s.budget_left_ns, (int64_t)(2 * MS));
}

Test(sched_rt, a_server_ahead_of_its_bandwidth_is_throttled_until_its_period_begins)
{
    struct sched_cbs s;
    sched_cbs_start(&s, 10 * MS, 2 * MS, 0); /* d = 10 ms: the period began at 0 */
    cr_expect_not(sched_cbs_throttled(&s, 1 * MS));
    sched_cbs_charge(&s, 2 * MS); /* exhausted at 2 ms: d = 20 ms, next period begins at 10 */
    cr_expect(sched_cbs_throttled(&s, 2 * MS), "budget used up early: wait until 10 ms");
    cr_expect(sched_cbs_throttled(&s, 10 * MS - 1));
    cr_expect_not(sched_cbs_throttled(&s, 10 * MS), "its next period has begun");
    sched_cbs_charge(&s, 1 * MS); /* within the new budget */
    cr_expect_not(sched_cbs_throttled(&s, 11 * MS));
}

Test(sched_rt, a_postponed_server_loses_to_an_earlier_deadline)
{
    struct sched_cbs x, y;
    sched_cbs_start(&x, 2 * MS, 100 * US, 0); /* d = 2 ms */
    sched_cbs_start(&y, 5 * MS, 1 * MS, 0);   /* d = 5 ms */
    struct sched_key kx = {.rt = true, .deadline_ns = x.deadline_ns};
    struct sched_key ky = {.rt = true, .deadline_ns = y.deadline_ns};
    cr_expect(sched_key_before(&kx, &ky), "before its overrun x has the earlier deadline");
    sched_cbs_charge(&x, 300 * US); /* 3 postponements: d = 8 ms */
    kx.deadline_ns = x.deadline_ns;
    cr_expect_eq(x.deadline_ns, 8 * MS);
    cr_expect(sched_key_before(&ky, &kx), "after overrunning x must wait behind y");
}

/* ---- keys ------------------------------------------------------------------------------------ */

Test(sched_rt, any_rt_key_runs_before_any_priority_key)
{
    struct sched_key rt = {.rt = true, .deadline_ns = UINT64_MAX / 2};
    struct sched_key top = {.prio = PARAM_NPRIO - 1};
    cr_expect(sched_key_before(&rt, &top));
    cr_expect_not(sched_key_before(&top, &rt));
}

Test(sched_rt, earlier_deadline_and_higher_priority_go_first)
{
    struct sched_key a = {.rt = true, .deadline_ns = 5}, b = {.rt = true, .deadline_ns = 7};
    cr_expect(sched_key_before(&a, &b));
    cr_expect_not(sched_key_before(&b, &a));
    struct sched_key hi = {.prio = 20}, lo = {.prio = 3};
    cr_expect(sched_key_before(&hi, &lo));
    cr_expect_not(sched_key_before(&lo, &hi));
}

Test(sched_rt, equal_keys_are_not_before_each_other)
{
    struct sched_key a = {.rt = true, .deadline_ns = 9}, b = a;
    cr_expect_not(sched_key_before(&a, &b));
    struct sched_key p = {.prio = 4}, q = {.prio = 4, .slice_ns = 77};
    cr_expect_not(sched_key_before(&p, &q), "slice_ns does not order");
}

Test(sched_rt, key_max_picks_the_stronger)
{
    struct sched_key rt = {.rt = true, .deadline_ns = 100}, hi = {.prio = 30};
    cr_expect(sched_key_max(hi, rt).rt);
    cr_expect_eq(sched_key_max((struct sched_key){.prio = 2}, hi).prio, 30u);
    struct sched_key early = {.rt = true, .deadline_ns = 50};
    cr_expect_eq(sched_key_max(rt, early).deadline_ns, 50u);
}
