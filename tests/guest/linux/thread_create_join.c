/* expect-status: 0 */
/*
 * thread_create_join - eight threads each sum their own range and return the sum as the
 * thread's result; pthread_join collects them in order. A detached thread runs; a thread
 * cannot join itself (EDEADLK); pthread_attr stack size is honoured (a thread with a 256 KiB
 * stack uses 200 KiB of it); 50 create/join rounds in a row reuse stacks and ids.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdatomic.h>

#include "../linux/check.h"

#define THREADS 8
#define RANGE   100000

static void *sum_range(void *arg)
{
    uintptr_t k = (uintptr_t)arg;
    uint64_t sum = 0;
    for (uint64_t i = k * RANGE; i < (k + 1) * RANGE; i++) {
        sum += i;
    }
    return (void *)(uintptr_t)sum;
}

static atomic_int detached_ran;

static void *detached(void *arg)
{
    (void)arg;
    atomic_store(&detached_ran, 1);
    return NULL;
}

static void *big_stack(void *arg)
{
    volatile char buf[200 * 1024];
    for (size_t i = 0; i < sizeof(buf); i += 512) {
        buf[i] = (char)i;
    }
    (void)arg;
    return (void *)(uintptr_t)(buf[512] + 1000);
}

int main(void)
{
    pthread_t t[THREADS];
    for (uintptr_t k = 0; k < THREADS; k++) {
        CHECK(pthread_create(&t[k], NULL, sum_range, (void *)k) == 0);
    }
    uint64_t total = 0;
    for (int k = 0; k < THREADS; k++) {
        void *res;
        CHECK(pthread_join(t[k], &res) == 0);
        uint64_t want = (uint64_t)RANGE * (2 * (uint64_t)k * RANGE + RANGE - 1) / 2;
        printf("thread %d returned %llu\n", k, (unsigned long long)(uintptr_t)res);
        CHECK((uintptr_t)res == want);
        total += (uintptr_t)res;
    }
    printf("total %llu\n", (unsigned long long)total);

    pthread_t d;
    pthread_attr_t attr;
    CHECK(pthread_attr_init(&attr) == 0);
    CHECK(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0);
    CHECK(pthread_create(&d, &attr, detached, NULL) == 0);
    while (!atomic_load(&detached_ran)) {
        sched_yield();
    }
    printf("detached thread ran\n");

    int r = pthread_join(pthread_self(), NULL);
    printf("pthread_join(self): %s\n", strerrorname_np(r));
    CHECK(r == EDEADLK);

    pthread_t b;
    CHECK(pthread_attr_init(&attr) == 0);
    CHECK(pthread_attr_setstacksize(&attr, 256 * 1024) == 0);
    CHECK(pthread_create(&b, &attr, big_stack, NULL) == 0);
    void *res;
    CHECK(pthread_join(b, &res) == 0);
    printf("thread with a 256 KiB stack returned %d\n", (int)(uintptr_t)res);
    CHECK((uintptr_t)res == 1000);

    /* Create and join many short threads, so that thread ids and stacks are reused. */
    int ok = 0;
    for (uintptr_t i = 0; i < 50; i++) {
        pthread_t s;
        if (pthread_create(&s, NULL, sum_range, (void *)0) == 0 && pthread_join(s, &res) == 0 &&
            (uintptr_t)res == (uint64_t)RANGE * (RANGE - 1) / 2) {
            ok++;
        }
    }
    printf("50 create/join rounds: %d ok\n", ok);
    CHECK(ok == 50);
    return check_finish("thread_create_join", 0);
}
