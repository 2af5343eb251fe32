/* expect-status: 0 */
/*
 * futex_bitset - FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET: a bitset WAIT takes an absolute
 * timeout (CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME) and fails with
 * ETIMEDOUT once it has passed; a bitset of 0 is EINVAL; a waiter on bitset 0x1 is not woken
 * by WAKE_BITSET 0x2 (returns 0) but is by 0x1 (returns 1, repeated until the waiter is
 * asleep); a plain FUTEX_WAKE reaches a bitset waiter too (its bitset is all ones).
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "../linux/check.h"

static long futex6(void *uaddr, int op, unsigned val, const struct timespec *ts, unsigned val3)
{
    return syscall(SYS_futex, uaddr, op, val, ts, NULL, val3);
}

static atomic_uint word;
static atomic_int ready, done;

static void *waiter(void *arg)
{
    unsigned bits = (unsigned)(uintptr_t)arg;
    atomic_fetch_add(&ready, 1);
    long r;
    do {
        r = futex6(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, bits);
    } while (r == -1 && errno == EINTR);
    atomic_fetch_add(&done, r == 0 ? 1 : 100);
    return NULL;
}

/* Wakes with `op`/`bits` until `want` waiters are woken in total; returns the total. */
static long wake_until(int op, unsigned bits, long want)
{
    long woken = 0;
    for (int tries = 0; woken < want && tries < 2000; tries++) {
        long r = futex6(&word, op, 1, NULL, bits);
        woken += r > 0 ? r : 0;
        if (r <= 0) {
            struct timespec nap = {0, 1000 * 1000};
            nanosleep(&nap, NULL);
        }
    }
    return woken;
}

static struct timespec in_ms(clockid_t clock, long ms)
{
    struct timespec t;
    clock_gettime(clock, &t);
    t.tv_nsec += ms * 1000 * 1000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

int main(void)
{
    unsigned local = 1;
    struct timespec past = {0, 0};
    CHECK_ERRNO(futex6(&local, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);
    struct timespec soon = in_ms(CLOCK_MONOTONIC, 20);
    CHECK_ERRNO(futex6(&local, FUTEX_WAIT_BITSET_PRIVATE, 1, &soon, FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("the monotonic deadline has passed: %s\n",
           now.tv_sec > soon.tv_sec || (now.tv_sec == soon.tv_sec && now.tv_nsec >= soon.tv_nsec)
               ? "yes"
               : "no");
    soon = in_ms(CLOCK_REALTIME, 20);
    CHECK_ERRNO(futex6(&local, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &soon,
                       FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);
    CHECK_ERRNO(futex6(&local, FUTEX_WAIT_BITSET_PRIVATE, 2, NULL, FUTEX_BITSET_MATCH_ANY), EAGAIN);
    CHECK_ERRNO(futex6(&local, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, 0), EINVAL);
    CHECK_ERRNO(futex6(&local, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, 0), EINVAL);

    pthread_t t;
    CHECK(pthread_create(&t, NULL, waiter, (void *)(uintptr_t)0x1) == 0);
    while (atomic_load(&ready) < 1) {
        sched_yield();
    }
    long other = 0;
    for (int i = 0; i < 20; i++) {
        other += futex6(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, 0x2);
    }
    printf("WAKE_BITSET 0x2 for a waiter on 0x1: woke %ld\n", other);
    CHECK(other == 0);
    long woken = wake_until(FUTEX_WAKE_BITSET_PRIVATE, 0x1, 1);
    CHECK(pthread_join(t, NULL) == 0);
    printf("WAKE_BITSET 0x1: woke %ld, the WAIT returned %s\n", woken,
           atomic_load(&done) == 1 ? "0" : "an error");
    CHECK(woken == 1 && atomic_load(&done) == 1);

    CHECK(pthread_create(&t, NULL, waiter, (void *)(uintptr_t)0x8) == 0);
    while (atomic_load(&ready) < 2) {
        sched_yield();
    }
    woken = wake_until(FUTEX_WAKE_PRIVATE, 0, 1);
    CHECK(pthread_join(t, NULL) == 0);
    printf("plain WAKE for a waiter on 0x8: woke %ld\n", woken);
    CHECK(woken == 1 && atomic_load(&done) == 2);
    return check_finish("futex_bitset", 0);
}
