/* expect-status: 0 */
/*
 * thread_tls - __thread and _Thread_local variables: every thread starts with the initial
 * values (not the values the main thread changed), its writes stay its own, a zero-initialised
 * TLS array is zero in each thread, and the main thread's values survive the other threads.
 */
#include <pthread.h>
#include <stdint.h>

#include "../linux/check.h"

#define THREADS 6

static __thread int counter = 100;
static __thread char name[16] = "initial";
static _Thread_local long zeros[512];
static __thread int *self_ptr;

static void *work(void *arg)
{
    int k = (int)(intptr_t)arg;
    int ok = counter == 100 && strcmp(name, "initial") == 0;
    ok = ok && bytes_not((const unsigned char *)zeros, sizeof(zeros), 0) == 0;
    self_ptr = &counter;
    for (int i = 0; i < 1000 * (k + 1); i++) {
        counter++;
        zeros[i % 512] += 1;
        if (i % 200 == 0) {
            sched_yield();
        }
    }
    snprintf(name, sizeof(name), "thread-%d", k);
    long zsum = 0;
    for (int i = 0; i < 512; i++) {
        zsum += zeros[i];
    }
    ok = ok && counter == 100 + 1000 * (k + 1) && zsum == 1000 * (k + 1);
    char want[16];
    snprintf(want, sizeof(want), "thread-%d", k);
    ok = ok && strcmp(name, want) == 0 && self_ptr == &counter;
    return (void *)(intptr_t)ok;
}

int main(void)
{
    counter = 7;
    strcpy(name, "main");
    zeros[3] = 42;
    pthread_t t[THREADS];
    for (intptr_t k = 0; k < THREADS; k++) {
        CHECK(pthread_create(&t[k], NULL, work, (void *)k) == 0);
    }
    for (int k = 0; k < THREADS; k++) {
        void *ok;
        CHECK(pthread_join(t[k], &ok) == 0);
        printf("thread %d: initial values, own writes only: %s\n", k, ok ? "yes" : "no");
        CHECK(ok != NULL);
    }
    printf("main thread after: counter=%d name=%s zeros[3]=%ld\n", counter, name, zeros[3]);
    CHECK(counter == 7 && strcmp(name, "main") == 0 && zeros[3] == 42);
    return check_finish("thread_tls", 0);
}
