/*
 * bench/bench_core.c - kernel figures measured inside a booted kernel, on real vCPUs.
 *
 *   bench_core alloc   alloc.slab:   64-byte slab alloc+free pair in a kernel thread (per-vCPU
 *                                    magazine path); baseline host malloc+free of 64 bytes.
 *   bench_core ctxsw   ctxsw.kernel: one switch between two kernel threads yielding to each
 *                                    other on one vCPU; baseline one hand-off between two host
 *                                    threads ping-ponging through futexes.
 *   bench_core rtwake  sched.rt_wakeup: from a wakeup to the woken RT thread running, on a
 *                                    vCPU kept busy by three priority threads of the sampler's
 *                                    own level that yield every 20 us; baseline
 *                                    sched.prio_wakeup, the same for a priority thread (a
 *                                    kernel figure, not a host one: the point is the
 *                                    difference the class makes).
 *
 * Each group is a builtin program handed to vx_kernel_main as init, so it runs exactly as
 * kernel code does. The host baseline is measured in the same process, same run.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostio.h"
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

/* ---- rtwake -------------------------------------------------------------------------------- */

#define WAKE_SAMPLES   400
#define WAKE_PERIOD_NS 1000000ull /* the sampler is woken about every 1 ms */
#define BUSY_THREADS   3          /* the first one also wakes the sampler */
#define BUSY_CHUNK_NS  20000ull   /* kernel code is not preempted: busy threads yield this often */

/* The sampler sleeps on wq until `pending`; the waker sets it and notes when it woke it.
 * A wait queue rather than a timer: hostio's timers have millisecond resolution, which would
 * hide what the scheduler does. */
static struct {
    struct waitq wq;
    bool pending;      /* (wq.lock) */
    uint64_t woken_ns; /* (wq.lock) when the waker called the wakeup */
    _Atomic bool stop; /* the busy threads end */
} wake;

static void spin_chunk(void)
{
    uint64_t end = hio_clock_ns() + BUSY_CHUNK_NS;
    while (hio_clock_ns() < end)
        ;
}

static int busy_loop(void *arg)
{
    bool waker = arg != NULL;
    uint64_t next = hio_clock_ns() + WAKE_PERIOD_NS;
    while (!atomic_load(&wake.stop)) {
        if (waker && hio_clock_ns() >= next) {
            spin_lock(&wake.wq.lock);
            wake.pending = true;
            wake.woken_ns = hio_clock_ns();
            waitq_wake_locked(&wake.wq, 1);
            spin_unlock(&wake.wq.lock);
            next += WAKE_PERIOD_NS;
        }
        spin_chunk(); /* the woken thread waits at least for this: nobody preempts us */
        sched_relinquish();
    }
    return 0;
}

/* Wait for WAKE_SAMPLES wakeups; record how long after each wakeup the thread ran. */
static int wake_sampler(void *arg)
{
    double *late = arg;
    for (unsigned i = 0; i < WAKE_SAMPLES; i++) {
        spin_lock(&wake.wq.lock);
        while (!wake.pending)
            waitq_sleep_locked(&wake.wq, 0);
        wake.pending = false;
        uint64_t woken = wake.woken_ns;
        spin_unlock(&wake.wq.lock);
        late[i] = (double)(hio_clock_ns() - woken);
    }
    return 0;
}

/* Wakeup latency of one sampler beside BUSY_THREADS busy threads at its own priority, all on
 * vCPU 0; in the RT class (1 ms period, 100 us budget) if rt. Fills late[WAKE_SAMPLES]. */
static void measure_wakeups(bool rt, double *late)
{
    vx_status_t st;
    struct thread *busy[BUSY_THREADS];
    waitq_init(&wake.wq, "bench-wake");
    wake.pending = false;
    atomic_store(&wake.stop, false);
    struct thread *s = thread_create("bench-sampler", wake_sampler, late, PARAM_PRIO_DEFAULT, &st);
    if (!s)
        exit(1);
    thread_set_affinity(s, 1);
    if (rt && sched_set_rt(s, WAKE_PERIOD_NS, WAKE_PERIOD_NS / 10) != VX_OK)
        exit(1);
    thread_start(s);
    for (unsigned i = 0; i < BUSY_THREADS; i++) {
        busy[i] = thread_create("bench-busy", busy_loop, i == 0 ? &wake : NULL,
                                PARAM_PRIO_DEFAULT, &st);
        if (!busy[i])
            exit(1);
        thread_set_affinity(busy[i], 1);
        thread_start(busy[i]);
    }
    thread_join(s);
    atomic_store(&wake.stop, true);
    for (unsigned i = 0; i < BUSY_THREADS; i++)
        thread_join(busy[i]);
}

static int bench_rtwake(void *arg)
{
    static double rt[WAKE_SAMPLES], prio[WAKE_SAMPLES];
    thread_set_affinity(thread_current(), 1);
    sched_relinquish();
    measure_wakeups(false, prio);
    measure_wakeups(true, rt);
    double p99 = bench_quantile(rt, WAKE_SAMPLES, 0.99);
    double prio_p99 = bench_quantile(prio, WAKE_SAMPLES, 0.99);
    bench_report(&(struct bench_figure){.name = "sched.rt_wakeup",
                                        .unit = "ns",
                                        .value = bench_quantile(rt, WAKE_SAMPLES, 0.5),
                                        .p99 = p99,
                                        .baseline = "sched.prio_wakeup",
                                        .baseline_value = bench_quantile(prio, WAKE_SAMPLES, 0.5)});
    fprintf(stderr, "rtwake: p99 rt %.0f ns, priority %.0f ns\n", p99, prio_p99);
    return 0;
}

static const struct vx_builtin programs[] = {
    {"bench-alloc", bench_alloc},
    {"bench-ctxsw", bench_ctxsw},
    {"bench-rtwake", bench_rtwake},
};

int main(int argc, char **argv)
{
    if (argc != 2 ||
        (strcmp(argv[1], "alloc") && strcmp(argv[1], "ctxsw") && strcmp(argv[1], "rtwake"))) {
        fprintf(stderr, "usage: bench_core alloc|ctxsw|rtwake\n");
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
        .nbuiltins = sizeof programs / sizeof programs[0],
    };
    return vx_kernel_main(&p) == 0 ? 0 : 1;
}
