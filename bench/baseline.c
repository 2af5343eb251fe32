/*
 * bench/baseline.c - host baselines (see baseline.h).
 */
#include "baseline.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report.h"

static _Atomic uint32_t futex_word;

static void futex_wait(uint32_t expected)
{
    syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake(void)
{
    syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Thread B: waits for odd values, answers with the next even one. */
static void *futex_pong(void *arg)
{
    unsigned rounds = *(unsigned *)arg;
    for (unsigned i = 0; i < rounds; i++) {
        uint32_t want = 2 * i + 1;
        uint32_t v;
        while ((v = atomic_load(&futex_word)) != want)
            futex_wait(v);
        atomic_store(&futex_word, want + 1);
        futex_wake();
    }
    return NULL;
}

double bench_host_futex_handoff_ns(unsigned rounds)
{
    pthread_t t;
    atomic_store(&futex_word, 0);
    pthread_create(&t, NULL, futex_pong, &rounds);
    uint64_t t0 = bench_now_ns();
    for (unsigned i = 0; i < rounds; i++) {
        uint32_t want = 2 * i + 2;
        atomic_store(&futex_word, 2 * i + 1);
        futex_wake();
        uint32_t v;
        while ((v = atomic_load(&futex_word)) != want)
            futex_wait(v);
    }
    uint64_t t1 = bench_now_ns();
    pthread_join(t, NULL);
    return (double)(t1 - t0) / (2.0 * rounds); /* two hand-offs per round */
}

struct pipes {
    int to_b[2], to_a[2];
    unsigned rounds;
};

static void *pipe_echo(void *arg)
{
    struct pipes *p = arg;
    char buf[16];
    for (unsigned i = 0; i < p->rounds; i++) {
        if (read(p->to_b[0], buf, sizeof buf) != sizeof buf ||
            write(p->to_a[1], buf, sizeof buf) != sizeof buf)
            break;
    }
    return NULL;
}

double bench_host_pipe_rtt_ns(unsigned rounds)
{
    struct pipes p = {.rounds = rounds};
    if (pipe(p.to_b) || pipe(p.to_a))
        return -1;
    pthread_t t;
    pthread_create(&t, NULL, pipe_echo, &p);
    char buf[16] = {0};
    uint64_t t0 = bench_now_ns();
    for (unsigned i = 0; i < rounds; i++)
        if (write(p.to_b[1], buf, sizeof buf) != sizeof buf ||
            read(p.to_a[0], buf, sizeof buf) != sizeof buf)
            break;
    uint64_t t1 = bench_now_ns();
    pthread_join(t, NULL);
    for (int i = 0; i < 2; i++) {
        close(p.to_b[i]);
        close(p.to_a[i]);
    }
    return (double)(t1 - t0) / rounds;
}

double bench_host_getpid_ns(unsigned calls)
{
    uint64_t t0 = bench_now_ns();
    for (unsigned i = 0; i < calls; i++)
        syscall(SYS_getpid);
    return (double)(bench_now_ns() - t0) / calls;
}
