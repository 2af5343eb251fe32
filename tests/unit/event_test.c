/*
 * tests/unit/event_test.c - object signals (cap/object.c), events (ipc/event.c) and the parts
 * of timer objects (time/ktimer.c) that need no vCPU: which bits may be set, waits that are
 * already satisfied or already late, a past deadline that signals at once, cancel.
 * Blocking waits and timers that fire later run on vCPUs in selftest/st_ipc.c.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "hostio.h"
#include "kernel/ipc/event.h"
#include "kernel/time/ktimer.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (16ull << 20)

static void setup(void)
{
    kregion_setup(REGION_BYTES);
}

TestSuite(event, .init = setup, .fini = kregion_teardown, .timeout = 60);

Test(event, signal_sets_and_clears_only_event_bits)
{
    struct event *e;
    cr_assert_eq(event_create(&e), VX_OK);
    cr_assert_eq(kobject_signals(&e->ko), 0, "a new event has no signal");
    cr_assert_eq(event_signal(e, 0, VX_SIG_SIGNALED | (3u << VX_SIG_USER_SHIFT)), VX_OK);
    cr_assert_eq(kobject_signals(&e->ko), VX_SIG_SIGNALED | (3u << VX_SIG_USER_SHIFT));
    cr_assert_eq(event_signal(e, 1u << VX_SIG_USER_SHIFT, 0), VX_OK);
    cr_assert_eq(kobject_signals(&e->ko), VX_SIG_SIGNALED | (2u << VX_SIG_USER_SHIFT));
    cr_assert_eq(event_signal(e, 0, VX_SIG_READABLE), VX_EINVAL,
                 "READABLE is not an event's to set");
    cr_assert_eq(kobject_user_signal(&e->ko, 0, VX_SIG_SIGNALED), VX_EINVAL,
                 "kobject_user_signal touches user bits only");
    cr_assert_eq(kobject_user_signal(&e->ko, VX_SIG_USER_ALL, 0), VX_OK);
    cr_assert_eq(kobject_signals(&e->ko), VX_SIG_SIGNALED);
    kobject_put(&e->ko);
}

Test(event, a_wait_already_satisfied_returns_at_once_with_the_signals)
{
    struct event *e;
    cr_assert_eq(event_create(&e), VX_OK);
    cr_assert_eq(event_signal(e, 0, VX_SIG_SIGNALED), VX_OK);
    uint32_t observed = 0;
    cr_assert_eq(kobject_wait_one(&e->ko, VX_SIG_SIGNALED, 0, &observed), VX_OK);
    cr_assert_eq(observed, VX_SIG_SIGNALED);
    cr_assert_eq(kobject_wait_one(&e->ko, 0, 0, &observed), VX_EINVAL, "no signals to wait for");
    kobject_put(&e->ko);
}

Test(event, a_wait_whose_deadline_passed_times_out_without_sleeping)
{
    struct event *e;
    cr_assert_eq(event_create(&e), VX_OK);
    cr_assert_eq(event_signal(e, 0, 1u << VX_SIG_USER_SHIFT), VX_OK);
    uint32_t observed = 0;
    cr_assert_eq(kobject_wait_one(&e->ko, VX_SIG_SIGNALED, 1, &observed), VX_ETIMEDOUT);
    cr_assert_eq(observed, 1u << VX_SIG_USER_SHIFT, "observed holds the current signals");
    cr_assert(list_empty(&e->ko.observers), "a wait that did not sleep leaves no observer");
    kobject_put(&e->ko);
}

Test(event, a_timer_set_in_the_past_signals_at_once_and_cancel_clears_it)
{
    struct ktimer *t;
    cr_assert_eq(ktimer_create(&t), VX_OK);
    cr_assert_eq(kobject_signals(&t->ko), 0);
    ktimer_set(t, hio_clock_ns());
    cr_assert_eq(kobject_signals(&t->ko), VX_SIG_SIGNALED, "a reached deadline fires at once");
    ktimer_cancel(t);
    cr_assert_eq(kobject_signals(&t->ko), 0, "cancel clears the signal");
    kobject_put(&t->ko);
}
