/*
 * tests/unit/vinit_backoff_test.c - vinit's restart delay (servers/vinit/backoff.c): first
 * delay, doubling, the cap, starting over after a healthy run, and no overflow at the limits.
 */
#include <criterion/criterion.h>

#include "lib/manifest.h"
#include "servers/vinit/backoff.h"

#include "criterion_tsan.h"

Test(vinit_backoff, first_restart_waits_the_first_delay)
{
    cr_expect_eq(vinit_backoff_delay(100, 10000, 0, 0), 100u);
    cr_expect_eq(vinit_backoff_delay(100, 10000, 0, 999999), 100u);
}

Test(vinit_backoff, each_restart_doubles_up_to_the_longest)
{
    uint32_t want[] = {20, 40, 80, 160, 300, 300, 300};
    uint32_t d = 0;
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
        d = vinit_backoff_delay(20, 300, d, 5);
        cr_expect_eq(d, want[i], "restart %u: expected %u ms, got %u", i + 1, want[i], d);
    }
}

Test(vinit_backoff, a_long_healthy_run_starts_over)
{
    /* Up for just under 10 x longest: still backing off; at 10 x: back to the first delay. */
    cr_expect_eq(vinit_backoff_delay(50, 2000, 800, 19999), 1600u);
    cr_expect_eq(vinit_backoff_delay(50, 2000, 800, 20000), 50u);
    cr_expect_eq(vinit_backoff_delay(50, 2000, 2000, 20000 * VINIT_HEALTHY_FACTOR), 50u);
}

Test(vinit_backoff, equal_first_and_longest_never_changes)
{
    uint32_t d = 0;
    for (int i = 0; i < 5; i++)
        cr_expect_eq(d = vinit_backoff_delay(7, 7, d, 1), 7u);
}

Test(vinit_backoff, the_largest_delays_do_not_overflow)
{
    uint32_t max = MANIFEST_BACKOFF_MS_MAX;
    cr_expect_eq(vinit_backoff_delay(1, max, max, 0), max);
    cr_expect_eq(vinit_backoff_delay(max, max, max, UINT64_MAX), max);
    cr_expect_eq(vinit_backoff_delay(1, max, max / 2 + 1, 0), max);
}
