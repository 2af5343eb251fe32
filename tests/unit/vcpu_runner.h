/*
 * vcpu_runner.h - run an entry function on real vCPUs from a unit test.
 *
 * Starts vCPUs 0..n-1 with hio_cpu_start, each calling entry(cpu), and waits for all of them
 * to return. Entry functions record what they saw in globals for the test to check afterwards:
 * a Criterion assertion on a vCPU thread could not stop the test.
 */
#ifndef TESTS_VCPU_RUNNER_H
#define TESTS_VCPU_RUNNER_H

#include <criterion/criterion.h>
#include <stdatomic.h>

#include "hostio.h"

static _Atomic uint32_t vcpu_runner_irq_words[HIO_MAX_CPUS];

static inline void run_on_vcpus(unsigned n, hio_cpu_entry_fn entry)
{
    for (unsigned cpu = 0; cpu < n; cpu++)
        cr_assert_eq(hio_cpu_start(cpu, &vcpu_runner_irq_words[cpu], entry), HIO_OK,
                     "expected vCPU %u to start", cpu);
    hio_cpu_join_all();
}

#endif
