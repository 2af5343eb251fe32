/*
 * timer_test.c - timer queues on their own (not bound to a vCPU): deadline order, expiry of
 * only what is due, cancel, re-arming, and a callback that re-arms itself.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"

#include "hostio.h"
#include "kernel/time/timer.h"

static struct timer_queue q;

static void setup(void)
{
    timerq_init(&q, HIO_CPU_NONE); /* not a vCPU: hostio's deadline is not touched */
}

TestSuite(timer, .init = setup);

struct record {
    unsigned order[16];
    unsigned n;
};

struct rec_timer {
    struct timer t;
    struct record *rec;
    unsigned id;
};

static void note(struct timer *t, void *arg)
{
    struct rec_timer *rt = arg;
    rt->rec->order[rt->rec->n++] = rt->id;
}

static void make(struct rec_timer *rt, struct record *rec, unsigned id)
{
    rt->rec = rec;
    rt->id = id;
    timer_init(&rt->t, note, rt);
}

Test(timer, expiry_runs_due_timers_in_deadline_order)
{
    struct record rec = {0};
    struct rec_timer ts[5];
    const uint64_t deadline[5] = {500, 100, 400, 200, 300};
    for (unsigned i = 0; i < 5; i++) {
        make(&ts[i], &rec, i);
        timer_arm(&ts[i].t, &q, deadline[i]);
    }
    cr_expect_eq(timerq_next_deadline(&q), 100u);
    cr_expect_eq(timerq_expire(&q, 350), 3u, "three timers are due at 350");
    const unsigned want[3] = {1, 3, 4};
    for (unsigned i = 0; i < 3; i++)
        cr_expect_eq(rec.order[i], want[i], "firing %u: expected %u, got %u", i, want[i],
                     rec.order[i]);
    cr_expect_eq(timerq_next_deadline(&q), 400u, "the earliest remaining deadline");
    cr_expect_eq(timerq_expire(&q, 1000), 2u);
    cr_expect_eq(timerq_next_deadline(&q), 0u, "empty queue has no deadline");
}

Test(timer, equal_deadlines_fire_in_arming_order)
{
    struct record rec = {0};
    struct rec_timer ts[3];
    for (unsigned i = 0; i < 3; i++) {
        make(&ts[i], &rec, i);
        timer_arm(&ts[i].t, &q, 50);
    }
    timerq_expire(&q, 50);
    cr_expect(rec.n == 3 && rec.order[0] == 0 && rec.order[1] == 1 && rec.order[2] == 2);
}

Test(timer, cancel_reports_pending_and_prevents_firing)
{
    struct record rec = {0};
    struct rec_timer a, b;
    make(&a, &rec, 1);
    make(&b, &rec, 2);
    timer_arm(&a.t, &q, 10);
    timer_arm(&b.t, &q, 20);
    cr_expect(timer_cancel(&a.t), "a pending timer cancels with true");
    cr_expect_not(timer_cancel(&a.t), "cancelling again finds nothing pending");
    cr_expect_eq(timerq_expire(&q, 100), 1u);
    cr_expect(rec.n == 1 && rec.order[0] == 2, "only the uncancelled timer fired");
    cr_expect_not(timer_cancel(&b.t), "a fired timer is no longer pending");
}

Test(timer, rearming_moves_the_deadline)
{
    struct record rec = {0};
    struct rec_timer a;
    make(&a, &rec, 7);
    timer_arm(&a.t, &q, 10);
    timer_arm(&a.t, &q, 90);
    cr_expect_eq(timerq_next_deadline(&q), 90u);
    cr_expect_eq(timerq_expire(&q, 50), 0u, "the old deadline no longer applies");
    cr_expect_eq(timerq_expire(&q, 90), 1u);
}

struct periodic {
    struct timer t;
    unsigned fired;
    uint64_t period;
};

static void rearm_self(struct timer *t, void *arg)
{
    struct periodic *p = arg;
    if (++p->fired < 3)
        timer_arm(t, &q, t->deadline_ns + p->period);
}

Test(timer, callback_may_rearm_its_own_timer)
{
    struct periodic p = {.period = 10};
    timer_init(&p.t, rearm_self, &p);
    timer_arm(&p.t, &q, 10);
    /* One expiry pass runs every due firing, including re-armed ones that are due. */
    cr_expect_eq(timerq_expire(&q, 100), 3u);
    cr_expect_eq(p.fired, 3u);
    cr_expect_eq(timerq_next_deadline(&q), 0u);
}
