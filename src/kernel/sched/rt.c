/*
 * sched/rt.c - EDF keys, CBS arithmetic and RT admission (see rt.h for the rules).
 *
 * Pure functions of their arguments: no clock, no locks, no threads. The CBS wakeup test
 * compares q * P with (d - now) * Q in 128 bits, because d - now grows by P at every
 * postponement and the products of two 64-bit nanosecond counts do not fit in 64.
 */
#define VX_SUBSYSTEM "sched"
#include "kernel/sched/rt.h"

#include "lib/assert.h"

#define PPM 1000000ull

vx_status_t sched_rt_check_params(uint64_t period_ns, uint64_t budget_ns)
{
    if (period_ns < PARAM_RT_PERIOD_MIN_NS || period_ns > PARAM_RT_PERIOD_MAX_NS)
        return VX_EINVAL;
    if (budget_ns < PARAM_RT_BUDGET_MIN_NS || budget_ns > period_ns)
        return VX_EINVAL;
    return VX_OK;
}

uint32_t sched_rt_util_ppm(uint64_t period_ns, uint64_t budget_ns)
{
    VX_ASSERT(sched_rt_check_params(period_ns, budget_ns) == VX_OK);
    /* budget <= PARAM_RT_PERIOD_MAX_NS (1e10), so budget * 1e6 < 2^64. */
    return (uint32_t)((budget_ns * PPM + period_ns - 1) / period_ns);
}

vx_status_t sched_rt_admit(uint32_t used_ppm, uint32_t add_ppm)
{
    /* Written so that no sum can wrap: used_ppm may come from a caller. */
    if (used_ppm > PARAM_RT_UTIL_MAX_PPM || add_ppm > PARAM_RT_UTIL_MAX_PPM - used_ppm)
        return VX_ELIMIT;
    return VX_OK;
}

void sched_cbs_start(struct sched_cbs *s, uint64_t period_ns, uint64_t budget_ns, uint64_t now)
{
    s->period_ns = period_ns;
    s->budget_ns = budget_ns;
    s->deadline_ns = now + period_ns;
    s->budget_left_ns = (int64_t)budget_ns;
}

bool sched_cbs_wake(struct sched_cbs *s, uint64_t now)
{
    VX_ASSERT(s->period_ns != 0);
    bool refresh = (int64_t)(s->deadline_ns - now) <= 0 || s->budget_left_ns <= 0;
    if (!refresh) {
        unsigned __int128 want = (unsigned __int128)(uint64_t)s->budget_left_ns * s->period_ns;
        unsigned __int128 fair = (unsigned __int128)(s->deadline_ns - now) * s->budget_ns;
        refresh = want > fair;
    }
    if (refresh) {
        s->deadline_ns = now + s->period_ns;
        s->budget_left_ns = (int64_t)s->budget_ns;
    }
    return refresh;
}

uint64_t sched_cbs_charge(struct sched_cbs *s, uint64_t ran_ns)
{
    VX_ASSERT(s->period_ns != 0);
    /* A single charge is at most a run between two switches; clamp it so the subtraction
     * cannot wrap even if the clock jumped. */
    if (ran_ns > (uint64_t)INT64_MAX / 2)
        ran_ns = (uint64_t)INT64_MAX / 2;
    s->budget_left_ns -= (int64_t)ran_ns;
    if (s->budget_left_ns > 0)
        return 0;
    /* Invariant after this: budget_left in (0, Q], each postponement adding Q and moving d
     * by P, exactly as many as the loop "while q <= 0: d += P, q += Q" would do. */
    uint64_t k = (uint64_t)(-s->budget_left_ns) / s->budget_ns + 1;
    s->deadline_ns += k * s->period_ns;
    s->budget_left_ns += (int64_t)(k * s->budget_ns);
    VX_ASSERT(s->budget_left_ns > 0 && (uint64_t)s->budget_left_ns <= s->budget_ns);
    return k;
}

bool sched_cbs_throttled(const struct sched_cbs *s, uint64_t now)
{
    VX_ASSERT(s->period_ns != 0);
    return (int64_t)(s->deadline_ns - s->period_ns - now) > 0;
}

bool sched_key_before(const struct sched_key *a, const struct sched_key *b)
{
    if (a->rt != b->rt)
        return a->rt;
    if (a->rt)
        return (int64_t)(a->deadline_ns - b->deadline_ns) < 0;
    return a->prio > b->prio;
}

struct sched_key sched_key_max(struct sched_key a, struct sched_key b)
{
    return sched_key_before(&b, &a) ? b : a;
}
