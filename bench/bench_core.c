/*
 * bench/bench_core.c - kernel figures measured inside a booted kernel, on real vCPUs.
 *
 *   bench_core alloc   alloc.slab:   64-byte slab alloc+free pair in a kernel thread (per-vCPU
 *                                    magazine path); baseline host malloc+free of 64 bytes.
 *   bench_core ctxsw   ctxsw.kernel: one switch between two kernel threads yielding to each
 *                                    other on one vCPU; baseline one hand-off between two host
 *                                    threads ping-ponging through futexes.
 *
 * Each group is a builtin program handed to vx_kernel_main as init, so it runs exactly as
 * kernel code does. The host baseline is measured in the same process, same run.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "baseline.h"
#include "report.h"
#include "vx/boot.h"

#define BATCHES 101
#define ALLOC_PER_BATCH 20000
#define SWITCHES_PER_BATCH 20000

static double per_op(uint64_t ns, unsigned ops)
{
    return (double)ns / ops;
}

/* ---- alloc ------------------------------------------------------------------------------- */

static int bench_alloc(void *arg)
{
    vx_status_t st;
    struct slab_cache *c = slab_cache_create("bench-64", 64, 0, &st);
    if (!c)
        return 1;
    double vx[BATCHES], host[BATCHES];
    for (unsigned b = 0; b < BATCHES; b++) {
        uint64_t t0 = bench_now_ns();
        for (unsigned i = 0; i < ALLOC_PER_BATCH; i++) {
            void *volatile p = slab_alloc(c);
            slab_free(c, p);
        }
        uint64_t t1 = bench_now_ns();
        for (unsigned i = 0; i < ALLOC_PER_BATCH; i++) {
            void *volatile p = malloc(64);
            free(p);
        }
        uint64_t t2 = bench_now_ns();
        vx[b] = per_op(t1 - t0, ALLOC_PER_BATCH);
        host[b] = per_op(t2 - t1, ALLOC_PER_BATCH);
    }
    slab_cpu_drain();
    slab_cache_destroy(c);
    double p99 = bench_quantile(vx, BATCHES, 0.99);
    bench_report(&(struct bench_figure){.name = "alloc.slab",
                                        .unit = "ns",
                                        .value = bench_quantile(vx, BATCHES, 0.5),
                                        .p99 = p99,
                                        .baseline = "host.malloc_free",
                                        .baseline_value = bench_quantile(host, BATCHES, 0.5)});
    return 0;
}

/* ---- ctxsw --------------------------------------------------------------------------------- */

static _Atomic int yielders_ready;

static int yielder(void *arg)
{
    unsigned rounds = *(unsigned *)arg;
    atomic_fetch_add(&yielders_ready, 1);
    while (atomic_load(&yielders_ready) < 2)
        sched_relinquish();
    for (unsigned i = 0; i < rounds; i++)
        sched_relinquish();
    return 0;
}

static double measure_kernel_switch(void)
{
    unsigned rounds = SWITCHES_PER_BATCH / 2;
    vx_status_t st;
    atomic_store(&yielders_ready, 0);
    struct thread *a = thread_create("bench-a", yielder, &rounds, PARAM_PRIO_DEFAULT + 1, &st);
    struct thread *b = thread_create("bench-b", yielder, &rounds, PARAM_PRIO_DEFAULT + 1, &st);
    if (!a || !b)
        exit(1);
    thread_set_affinity(a, 1);
    thread_set_affinity(b, 1);
    uint64_t sw0 = atomic_load(&sched_cpus[0].switches);
    uint64_t t0 = bench_now_ns();
    thread_start(a);
    thread_start(b);
    thread_join(a);
    thread_join(b);
    uint64_t t1 = bench_now_ns();
    uint64_t switches = atomic_load(&sched_cpus[0].switches) - sw0;
    return per_op(t1 - t0, (unsigned)switches);
}

static int bench_ctxsw(void *arg)
{
    double vx[BATCHES / 4], host[BATCHES / 4];
    unsigned n = BATCHES / 4;
    thread_set_affinity(thread_current(), 1); /* run the batches from vCPU 0 itself */
    sched_relinquish();
    for (unsigned b = 0; b < n; b++) {
        vx[b] = measure_kernel_switch();
        host[b] = bench_host_futex_handoff_ns(2000);
    }
    double p99 = bench_quantile(vx, n, 0.99);
    bench_report(&(struct bench_figure){.name = "ctxsw.kernel",
                                        .unit = "ns",
                                        .value = bench_quantile(vx, n, 0.5),
                                        .p99 = p99,
                                        .baseline = "host.futex_pingpong",
                                        .baseline_value = bench_quantile(host, n, 0.5)});
    return 0;
}

static const struct vx_builtin programs[] = {
    {"bench-alloc", bench_alloc},
    {"bench-ctxsw", bench_ctxsw},
};

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "alloc") && strcmp(argv[1], "ctxsw"))) {
        fprintf(stderr, "usage: bench_core alloc|ctxsw\n");
        return 2;
    }
    char init[32];
    snprintf(init, sizeof init, "bench-%s", argv[1]);
    struct vx_boot_params p = {
        .mem_bytes = 128ull << 20,
        .cpus = 1,
        .quiet = true,
        .init = init,
        .builtins = programs,
        .nbuiltins = 2,
    };
    return vx_kernel_main(&p) == 0 ? 0 : 1;
}
