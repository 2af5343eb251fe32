/* expect-status: 0 */
/*
 * futex_wait_wake - FUTEX_WAIT and FUTEX_WAKE through syscall(SYS_futex), private and shared:
 * WAIT when the word is not the expected value fails with EAGAIN at once; WAIT with a
 * relative timeout fails with ETIMEDOUT; WAKE with nobody waiting returns 0; three threads
 * that wait are woken, and the WAKE results add up to exactly 3 (repeated until they do, since
 * a thread may not be asleep yet); each woken WAIT returns 0. Errors: EFAULT for an unmapped
 * word, EINVAL for a misaligned one, ENOSYS for an unknown operation, EINVAL for a negative
 * timeout.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "../linux/check.h"

#define WAITERS 3
/* Not a futex operation. */
#define NOT_A_FUTEX_OP 99

static long futex(void *uaddr, int op, unsigned val, const struct timespec *ts)
{
    return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

static _Alignas(8) atomic_uint word;
static atomic_int ready;
static atomic_int results[WAITERS];

static void *waiter(void *arg)
{
    int k = (int)(intptr_t)arg;
    atomic_fetch_add(&ready, 1);
    long r;
    do {
        r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL);
        /* EAGAIN only if the word changed first; it stays 0 until after the wakes. */
    } while (r == -1 && errno == EINTR);
    atomic_store(&results[k], r == 0 ? 1 : -1);
    return NULL;
}

int main(void)
{
    unsigned local = 5;
    CHECK_ERRNO(futex(&local, FUTEX_WAIT_PRIVATE, 6, NULL), EAGAIN);
    CHECK_ERRNO(futex(&local, FUTEX_WAIT, 6, NULL), EAGAIN);
    struct timespec ts = {0, 30 * 1000 * 1000};
    CHECK_ERRNO(futex(&local, FUTEX_WAIT_PRIVATE, 5, &ts), ETIMEDOUT);
    struct timespec zero = {0, 0};
    CHECK_ERRNO(futex(&local, FUTEX_WAIT_PRIVATE, 5, &zero), ETIMEDOUT);
    long r = futex(&local, FUTEX_WAKE_PRIVATE, 10, NULL);
    printf("WAKE with no waiters: %ld\n", r);
    CHECK(r == 0);
    CHECK(futex(&local, FUTEX_WAKE, 1, NULL) == 0);

    pthread_t t[WAITERS];
    for (intptr_t k = 0; k < WAITERS; k++) {
        CHECK(pthread_create(&t[k], NULL, waiter, (void *)k) == 0);
    }
    while (atomic_load(&ready) < WAITERS) {
        sched_yield();
    }
    long woken = 0;
    int too_many = 0;
    for (int tries = 0; woken < WAITERS && tries < 2000; tries++) {
        r = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL);
        too_many |= r > 1;
        woken += r > 0 ? r : 0;
        if (r == 0) {
            struct timespec nap = {0, 1000 * 1000};
            nanosleep(&nap, NULL);
        }
    }
    printf("WAKE 1 at a time: never more than 1: %s; total woken %ld\n", too_many ? "no" : "yes",
           woken);
    CHECK(!too_many && woken == WAITERS);
    for (int k = 0; k < WAITERS; k++) {
        CHECK(pthread_join(t[k], NULL) == 0);
        printf("waiter %d: WAIT returned %s\n", k, atomic_load(&results[k]) == 1 ? "0" : "error");
        CHECK(atomic_load(&results[k]) == 1);
    }
    CHECK(futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL) == 0);

    CHECK_ERRNO(futex((void *)8, FUTEX_WAIT_PRIVATE, 0, NULL), EFAULT);
    CHECK_ERRNO(futex((char *)&local + 1, FUTEX_WAIT_PRIVATE, 0, NULL), EINVAL);
    CHECK_ERRNO(futex(&local, NOT_A_FUTEX_OP, 0, NULL), ENOSYS);
    struct timespec neg = {-1, 0};
    CHECK_ERRNO(futex(&local, FUTEX_WAIT_PRIVATE, 5, &neg), EINVAL);
    return check_finish("futex_wait_wake", 0);
}
