/* expect-status: 0 */
/*
 * time_clocks - clocks without printing any time: CLOCK_MONOTONIC never goes back and
 * advances across nanosleep by at least the time slept (POSIX: a sleep is never shorter than
 * asked), clock_nanosleep with a relative and an absolute deadline, gettimeofday and
 * CLOCK_REALTIME agree to within a minute and are after 2020, sched_yield succeeds, and bad
 * arguments give EINVAL.
 */
#include <sched.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#include "check.h"

#define MS_NS     1000000LL
#define SEC_NS    1000000000LL
#define YEAR_2020 1577836800LL /* 2020-01-01T00:00:00Z in seconds since the epoch */

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    CHECK(clock_gettime(clock, &ts) == 0);
    CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < SEC_NS);
    return (int64_t)ts.tv_sec * SEC_NS + ts.tv_nsec;
}

static void monotonic_never_goes_back(void)
{
    int64_t previous = now_ns(CLOCK_MONOTONIC);
    int backwards = 0;
    for (int i = 0; i < 10000; i++) {
        int64_t t = now_ns(CLOCK_MONOTONIC);
        backwards += t < previous;
        previous = t;
    }
    CHECK(backwards == 0);
    printf("CLOCK_MONOTONIC read 10000 times: never went back\n");
}

static void sleeps_last_at_least_as_asked(void)
{
    int64_t before = now_ns(CLOCK_MONOTONIC);
    struct timespec ten_ms = {0, 10 * MS_NS};
    CHECK(nanosleep(&ten_ms, NULL) == 0);
    int64_t after_nanosleep = now_ns(CLOCK_MONOTONIC);
    CHECK(after_nanosleep - before >= 10 * MS_NS);
    printf("nanosleep(10 ms): monotonic clock advanced by at least 10 ms\n");

    CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &ten_ms, NULL) == 0);
    int64_t after_relative = now_ns(CLOCK_MONOTONIC);
    CHECK(after_relative - after_nanosleep >= 10 * MS_NS);

    int64_t deadline = after_relative + 20 * MS_NS;
    struct timespec absolute = {(time_t)(deadline / SEC_NS), (long)(deadline % SEC_NS)};
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &absolute, NULL) == 0);
    CHECK(now_ns(CLOCK_MONOTONIC) >= deadline);
    /* A deadline in the past returns at once, successfully. */
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &absolute, NULL) == 0);
    printf("clock_nanosleep relative and absolute: woke no earlier than asked\n");
}

static void wall_clocks_agree(void)
{
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0);
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    int64_t realtime = now_ns(CLOCK_REALTIME);
    int64_t difference = realtime / SEC_NS - tv.tv_sec;
    CHECK(difference >= 0 && difference < 60);
    CHECK(tv.tv_sec > YEAR_2020);
    CHECK(time(NULL) >= tv.tv_sec);
    printf("gettimeofday, time and CLOCK_REALTIME agree and are after 2020\n");
}

static void yields_and_errors(void)
{
    for (int i = 0; i < 100; i++) {
        CHECK(sched_yield() == 0);
    }
    printf("sched_yield: 100 times 0\n");
    struct timespec ts;
    struct timespec bad = {0, SEC_NS};
    CHECK_ERRNO(nanosleep(&bad, NULL), EINVAL);
    /* clock_* report errors as return values, not in errno. */
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL);
    CHECK_ERRNO(clock_gettime((clockid_t)12345, &ts), EINVAL);
}

int main(void)
{
    monotonic_never_goes_back();
    sleeps_last_at_least_as_asked();
    wall_clocks_agree();
    yields_and_errors();
    return check_finish("time_clocks", 0);
}
