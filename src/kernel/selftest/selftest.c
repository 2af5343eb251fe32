/*
 * selftest/selftest.c - the self-test runner (the "selftest" program).
 *
 * Runs every group's tests in order, prints one line per test with its time, then a summary,
 * and returns the number of failures (capped at 1 as an exit status: 0 all passed, 1 not).
 * After each test it drains every vCPU's frame and slab caches and checks that the free frame
 * count is what it was before: a test that leaks memory fails.
 */
#define VX_SUBSYSTEM "selftest"
#include "kernel/selftest/selftest.h"

#include "hostio.h"
#include "kernel/boot/leak.h"
#include "kernel/boot/programs.h"
#include "kernel/console.h"
#include "kernel/sched/sched.h"
#include "lib/assert.h"

struct group {
    const struct selftest *tests;
    const unsigned *count;
};

static const struct group groups[] = {
    {st_mm_tests, &st_mm_count},
    {st_sched_tests, &st_sched_count},
    {st_rt_tests, &st_rt_count},
    {st_timer_tests, &st_timer_count},
    {st_ipc_tests, &st_ipc_count},
    {st_rv64_tests, &st_rv64_count},
};

static uint64_t free_frames(void)
{
    struct leak_counts c;
    leak_count(&c);
    return c.free_frames;
}

static bool run_one(const struct selftest *t)
{
    char msg[ST_MSG_MAX];
    uint64_t before = free_frames();
    uint64_t start = hio_clock_ns();
    const char *failure = t->run(msg);
    uint64_t ns = hio_clock_ns() - start;
    uint64_t after = free_frames();
    if (!failure && after != before) {
        vx_snprintf(msg, sizeof msg, "leaked %lld frames", (long long)(before - after));
        failure = msg;
    }
    kprintf("selftest: %-36s %s (%llu.%03u ms)%s%s\n", t->name, failure ? "FAILED" : "ok",
            (unsigned long long)(ns / 1000000), (unsigned)(ns / 1000 % 1000),
            failure ? ": " : "", failure ? failure : "");
    return !failure;
}

int selftest_main(void *arg)
{
    unsigned passed = 0, failed = 0;
    kprintf("selftest: running on %u vCPUs\n", sched_ncpus());
    for (unsigned g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        for (unsigned i = 0; i < *groups[g].count; i++) {
            if (run_one(&groups[g].tests[i]))
                passed++;
            else
                failed++;
        }
    }
    kprintf("selftest: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}

int st_parallel(unsigned n, int (*fn)(void *), void *args, unsigned long arg_size, unsigned prio,
                bool pin)
{
    struct thread *threads[64];
    VX_ASSERT(n <= 64);
    unsigned created = 0;
    int failures = 0;
    for (; created < n; created++) {
        vx_status_t st;
        struct thread *t = thread_create("st-worker", fn, (char *)args + created * arg_size,
                                         prio, &st);
        if (!t) {
            failures = -1;
            break;
        }
        if (pin)
            thread_set_affinity(t, 1ull << (created % sched_ncpus()));
        threads[created] = t;
    }
    for (unsigned i = 0; i < created; i++) {
        if (failures < 0)
            thread_put(threads[i]); /* never started: freed here */
        else
            thread_start(threads[i]);
    }
    if (failures < 0)
        return -1;
    for (unsigned i = 0; i < created; i++)
        failures += thread_join(threads[i]) != 0;
    return failures;
}

uint64_t st_pin_self_to_cpu0(void)
{
    struct thread *self = thread_current();
    uint64_t old = atomic_load(&self->affinity);
    thread_set_affinity(self, 1);
    sched_relinquish(); /* moves us there if we were elsewhere */
    return old;
}
