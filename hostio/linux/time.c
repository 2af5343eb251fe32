/*
 * hostio/linux/time.c - the clock and one timer deadline per vCPU.
 *
 * hio_clock_ns() is CLOCK_MONOTONIC minus a start captured by a constructor, so it reads as
 * time since the process started. A deadline is an atomic word per vCPU; two parties fire
 * it: the vCPU itself when it halts (its futex timeout is the deadline), and the loop's
 * timer for vCPUs that are running. Firing is a compare-and-swap to 0, so it happens once.
 */
#include <stdatomic.h>
#include <time.h>

#include "hostio.h"
#include "internal.h"

#define NS_PER_SEC 1000000000ull

static uint64_t start_ns;
static _Atomic uint64_t deadlines[HIO_MAX_CPUS]; /* ns; 0: disarmed */

static uint64_t read_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* As early as the host lets us, so "zero at start-up" is the process's start, not the
 * kernel's first call. Constructors run before main and before any thread exists. */
__attribute__((constructor(101))) static void capture_start(void)
{
    start_ns = read_clock(CLOCK_MONOTONIC);
}

uint64_t hio_clock_ns(void)
{
    return read_clock(CLOCK_MONOTONIC) - start_ns;
}

uint64_t hio_wallclock_ns(void)
{
    return read_clock(CLOCK_REALTIME);
}

void hio_timer_arm(uint32_t cpu, uint64_t deadline_ns)
{
    if (cpu >= HIO_MAX_CPUS)
        return;
    /* seq_cst store: the loop's rescan and this store are the two halves of the protocol in
     * hio_loop_want_timer, which relies on a single total order. */
    atomic_store(&deadlines[cpu], deadline_ns);
    if (deadline_ns != 0)
        hio_loop_want_timer(deadline_ns);
}

uint64_t hio_timer_deadline(uint32_t cpu)
{
    return atomic_load(&deadlines[cpu]);
}

void hio_timer_fire(uint32_t cpu, uint64_t deadline_ns)
{
    uint64_t expected = deadline_ns;
    if (deadline_ns != 0 && atomic_compare_exchange_strong(&deadlines[cpu], &expected, 0))
        hio_cpu_raise(cpu, HIO_IRQ_TIMER);
}

uint64_t hio_timer_expire(uint64_t now_ns)
{
    uint64_t earliest = UINT64_MAX;
    for (uint32_t cpu = 0; cpu < HIO_MAX_CPUS; cpu++) {
        uint64_t d = atomic_load(&deadlines[cpu]);
        if (d == 0)
            continue;
        if (d <= now_ns)
            hio_timer_fire(cpu, d);
        else if (d < earliest)
            earliest = d;
    }
    return earliest;
}
