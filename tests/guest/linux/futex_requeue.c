/* expect-status: 0 */
/*
 * futex_requeue - FUTEX_CMP_REQUEUE and FUTEX_REQUEUE: three threads wait on word A.
 * CMP_REQUEUE with the wrong expected value fails with EAGAIN and moves nobody. CMP_REQUEUE
 * (wake 0, requeue all) from A to B, repeated until all three have moved, returns the number
 * moved; after that a WAKE on A finds nobody (0) and WAKEs on B wake all three. Then the same
 * with plain FUTEX_REQUEUE, waking one and moving two (it returns 3, woken plus moved).
 * Negative counts are EINVAL.
 */
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "../linux/check.h"

#define WAITERS 3

static atomic_uint a, b;
static atomic_int ready, woke_ok;

static long futex6(void *uaddr, int op, long val, long val2, void *uaddr2, unsigned val3)
{
    return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static void *waiter(void *arg)
{
    (void)arg;
    atomic_fetch_add(&ready, 1);
    long r;
    do {
        r = futex6(&a, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
    } while (r == -1 && errno == EINTR);
    atomic_fetch_add(&woke_ok, r == 0 ? 1 : 100);
    return NULL;
}

static void nap(void)
{
    struct timespec t = {0, 1000 * 1000};
    nanosleep(&t, NULL);
}

static void start(pthread_t *t)
{
    atomic_store(&ready, 0);
    atomic_store(&woke_ok, 0);
    for (int k = 0; k < WAITERS; k++) {
        CHECK(pthread_create(&t[k], NULL, waiter, NULL) == 0);
    }
    while (atomic_load(&ready) < WAITERS) {
        sched_yield();
    }
}

/* WAKEs on B until `want` are woken; returns how many. */
static long wake_b(long want)
{
    long woken = 0;
    for (int tries = 0; woken < want && tries < 2000; tries++) {
        long r = futex6(&b, FUTEX_WAKE_PRIVATE, INT_MAX, 0, NULL, 0);
        woken += r > 0 ? r : 0;
        if (r <= 0) {
            nap();
        }
    }
    return woken;
}

int main(void)
{
    pthread_t t[WAITERS];
    start(t);
    CHECK_ERRNO(futex6(&a, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &b, 1), EAGAIN);
    long moved = 0;
    int extra = 0;
    for (int tries = 0; moved < WAITERS && tries < 2000; tries++) {
        long r = futex6(&a, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &b, 0);
        extra |= r < 0;
        moved += r > 0 ? r : 0;
        if (r <= 0) {
            nap();
        }
    }
    printf("CMP_REQUEUE wake 0, requeue all: moved %ld to B\n", moved);
    CHECK(moved == WAITERS && !extra);
    long on_a = futex6(&a, FUTEX_WAKE_PRIVATE, INT_MAX, 0, NULL, 0);
    printf("WAKE on A afterwards: %ld\n", on_a);
    CHECK(on_a == 0);
    long woken = wake_b(WAITERS);
    for (int k = 0; k < WAITERS; k++) {
        CHECK(pthread_join(t[k], NULL) == 0);
    }
    printf("WAKE on B: %ld woken, each WAIT returned 0: %s\n", woken,
           atomic_load(&woke_ok) == WAITERS ? "yes" : "no");
    CHECK(woken == WAITERS && atomic_load(&woke_ok) == WAITERS);

    /* Plain REQUEUE: all three must be asleep on A first, which the CMP_REQUEUE loop shows;
     * so move them to B and back to A, then REQUEUE wake 1 requeue 2 from A to B. */
    start(t);
    moved = 0;
    for (int tries = 0; moved < WAITERS && tries < 2000; tries++) {
        long r = futex6(&a, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &b, 0);
        moved += r > 0 ? r : 0;
        if (r <= 0) {
            nap();
        }
    }
    CHECK(moved == WAITERS);
    long back = futex6(&b, FUTEX_REQUEUE_PRIVATE, 0, INT_MAX, &a, 0);
    printf("REQUEUE B to A, wake 0: %ld moved\n", back);
    CHECK(back == WAITERS);
    long r = futex6(&a, FUTEX_REQUEUE_PRIVATE, 1, 2, &b, 0);
    printf("REQUEUE A to B, wake 1, requeue 2: returned %ld (woken + moved)\n", r);
    CHECK(r == 3);
    woken = wake_b(2);
    printf("WAKE on B: %ld\n", woken);
    CHECK(woken == 2);
    for (int k = 0; k < WAITERS; k++) {
        CHECK(pthread_join(t[k], NULL) == 0);
    }
    CHECK(atomic_load(&woke_ok) == WAITERS);

    CHECK_ERRNO(futex6(&a, FUTEX_CMP_REQUEUE_PRIVATE, -1, 1, &b, 0), EINVAL);
    CHECK_ERRNO(futex6(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, -1, &b, 0), EINVAL);
    return check_finish("futex_requeue", 0);
}
