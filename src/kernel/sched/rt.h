/*
 * sched/rt.h - the arithmetic of the scheduling classes: run queue keys, EDF order, CBS
 * budgets and RT admission, as pure functions of numbers (unit tested without threads in
 * tests/unit/sched_rt_test.c). policy.c and sched.c apply them to threads.
 *
 * Two classes share every run queue:
 *   - the real-time class: earliest absolute deadline first (EDF), each thread a constant
 *     bandwidth server (CBS) with a period P and a budget Q (relative deadline = P);
 *   - the fixed priorities 0..PARAM_NPRIO-1, higher first, round robin within one.
 * Every RT key runs before every priority key. A thread's place in the queue is its key:
 * struct sched_key.
 *
 * CBS rules (Abeni & Buttazzo, "Integrating multimedia applications in hard real-time
 * systems", RTSS 1998), with d the absolute deadline and q the budget left:
 *   - start:     d = now + P, q = Q.
 *   - wakeup:    if d <= now or q > (d - now) * Q / P (the budget left would use more than
 *                the thread's bandwidth Q/P before d), refresh: d = now + P, q = Q; otherwise
 *                keep d and q (a thread that sleeps briefly cannot gain bandwidth by waking).
 *   - charge:    q -= time run; while q <= 0: d += P, q += Q (postponement). A thread that
 *                overran loses to every thread with an earlier deadline.
 *   - throttle:  a thread whose server period has not begun yet (now < d - P: it used its
 *                budget ahead of time) is not queued until d - P (a timer puts it back). So
 *                it is never starved, and it never takes more than Q per P from the priority
 *                threads either, which a postponed deadline alone would not ensure: any RT
 *                key beats every priority key.
 * Admission: a vCPU accepts an RT thread only while the sum of Q/P over its RT threads stays
 * at most PARAM_RT_UTIL_MAX_PPM (utilisations in parts per million, rounded up so the sum
 * never understates). Under EDF a sum of at most 1 meets every deadline; the bound leaves the
 * rest for priority threads and for the switch and non-preemption overheads.
 */
#ifndef SCHED_RT_H
#define SCHED_RT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/param.h"
#include "kernel/time/timer.h"
#include "lib/spinlock.h"
#include "vx/status.h"

struct runq;

/* Where a thread stands in a run queue. Only rt, deadline_ns and prio order threads. */
struct sched_key {
    bool rt;              /* EDF key: runs before every priority key */
    uint32_t prio;        /* fixed priority, when !rt */
    uint64_t deadline_ns; /* absolute deadline (hio_clock_ns time), when rt */
    uint64_t slice_ns;    /* not compared: how long it may run once picked (budget or slice) */
};

/* A constant bandwidth server: the RT class state of one thread. */
struct sched_cbs {
    uint64_t period_ns;     /* P; 0 when the thread is not in the RT class */
    uint64_t budget_ns;     /* Q */
    uint64_t deadline_ns;   /* d, absolute */
    int64_t budget_left_ns; /* q; > 0 between charges */
};

/*
 * A thread's scheduling state besides its base priority (thread.prio).
 * Lock key: (s) lock, which nests inside a run queue lock; (r) the lock of the run queue the
 * thread is on; (o) only the vCPU running the thread.
 */
struct sched_entity {
    /* Touched at every switch: kept together, first. */
    struct sched_key key;      /* (r) the key it is queued under */
    _Atomic(struct runq *) rq; /* (r) the run queue it is on, NULL if none; read unlocked
                                * only to find which lock to take */
    _Atomic bool special;      /* (s, read A) RT or boosted: its key must be read under lock */
    uint64_t charged_at_ns;    /* (o) run time from here on is not yet charged to the CBS */
    /* Touched by RT and boosted threads, and by class changes. */
    struct spinlock lock;
    struct sched_cbs cbs;   /* (s) the RT class when cbs.period_ns != 0 */
    uint32_t home_cpu;      /* (s) vCPU holding its RT utilisation (RT class only) */
    uint32_t util_ppm;      /* (s) that utilisation */
    bool boosted;           /* (s) boost holds a lent key (sched_boost) */
    struct sched_key boost; /* (s) strongest key lent since the last sched_unboost */
    uint64_t postponed;     /* (s) CBS postponements: budget exhausted before its deadline */
    struct timer throttle;  /* (o) puts a throttled thread back on its home run queue */
};

/* VX_OK if (period, budget) are valid RT parameters: PARAM_RT_PERIOD_MIN_NS <= period <=
 * PARAM_RT_PERIOD_MAX_NS and PARAM_RT_BUDGET_MIN_NS <= budget <= period; else VX_EINVAL. */
vx_status_t sched_rt_check_params(uint64_t period_ns, uint64_t budget_ns);

/* budget/period in parts per million, rounded up. Parameters must be valid. */
uint32_t sched_rt_util_ppm(uint64_t period_ns, uint64_t budget_ns);

/* VX_OK if a vCPU with `used_ppm` of RT utilisation can take `add_ppm` more without passing
 * PARAM_RT_UTIL_MAX_PPM; VX_ELIMIT otherwise. */
vx_status_t sched_rt_admit(uint32_t used_ppm, uint32_t add_ppm);

/* CBS start: the thread enters the RT class at `now` with valid parameters. */
void sched_cbs_start(struct sched_cbs *s, uint64_t period_ns, uint64_t budget_ns, uint64_t now);

/* CBS wakeup rule at `now`. Returns true if the server was refreshed. */
bool sched_cbs_wake(struct sched_cbs *s, uint64_t now);

/* Charge ran_ns of run time; postpone while the budget is exhausted. Returns the number of
 * postponements (periods the deadline moved). */
uint64_t sched_cbs_charge(struct sched_cbs *s, uint64_t ran_ns);

/* Is the server ahead of its bandwidth at `now` (its current period starts at d - P > now)?
 * Then it must not run before d - P. */
bool sched_cbs_throttled(const struct sched_cbs *s, uint64_t now);

/* Does a run before b? RT before priority; earlier deadline first; higher priority first.
 * Equal keys are not before each other (queues keep arrival order among them). */
bool sched_key_before(const struct sched_key *a, const struct sched_key *b);

/* The stronger of two keys (a when they are equal). */
struct sched_key sched_key_max(struct sched_key a, struct sched_key b);

#endif /* SCHED_RT_H */
