/* expect-status: 0 */
/*
 * thread_condvar - a bounded buffer of 8 slots between two producers and two consumers with
 * a mutex and two condition variables: 2 x 5000 items go through, each exactly once (the sum
 * and the xor of what the consumers took match what was produced). Then a timed wait with an
 * absolute time already past returns ETIMEDOUT, and pthread_cond_broadcast wakes every waiter.
 */
#include <pthread.h>
#include <time.h>

#include "../linux/check.h"

#define SLOTS     8
#define ITEMS     5000
#define PRODUCERS 2
#define CONSUMERS 2

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long buf[SLOTS];
static int head, count, producers_done;

static void *producer(void *arg)
{
    long base = (long)arg * 1000000;
    for (long i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == SLOTS) {
            pthread_cond_wait(&not_full, &m);
        }
        buf[(head + count) % SLOTS] = base + i;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    producers_done++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

struct taken {
    long sum, xor, n;
};

static void *consumer(void *arg)
{
    struct taken *t = arg;
    for (;;) {
        pthread_mutex_lock(&m);
        while (count == 0 && producers_done < PRODUCERS) {
            pthread_cond_wait(&not_empty, &m);
        }
        if (count == 0) {
            pthread_mutex_unlock(&m);
            return NULL;
        }
        long v = buf[head];
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
        t->sum += v;
        t->xor ^= v;
        t->n++;
    }
}

static int woken;
static int go;

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    woken--; /* counts the waiters that have arrived, as negatives */
    pthread_cond_broadcast(&not_full);
    while (!go) {
        pthread_cond_wait(&not_empty, &m);
    }
    woken += 10;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    struct taken t[CONSUMERS] = {0};
    for (long i = 0; i < CONSUMERS; i++) {
        CHECK(pthread_create(&c[i], NULL, consumer, &t[i]) == 0);
    }
    for (long i = 0; i < PRODUCERS; i++) {
        CHECK(pthread_create(&p[i], NULL, producer, (void *)(i + 1)) == 0);
    }
    for (int i = 0; i < PRODUCERS; i++) {
        CHECK(pthread_join(p[i], NULL) == 0);
    }
    for (int i = 0; i < CONSUMERS; i++) {
        CHECK(pthread_join(c[i], NULL) == 0);
    }
    long sum = 0, xor = 0, n = 0, want_sum = 0, want_xor = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        sum += t[i].sum;
        xor ^= t[i].xor ;
        n += t[i].n;
    }
    for (long k = 1; k <= PRODUCERS; k++) {
        for (long i = 1; i <= ITEMS; i++) {
            want_sum += k * 1000000 + i;
            want_xor ^= k * 1000000 + i;
        }
    }
    printf("consumed %ld items, sum %ld, xor %ld\n", n, sum, xor);
    CHECK(n == PRODUCERS * ITEMS && sum == want_sum && xor == want_xor);

    struct timespec past;
    CHECK(clock_gettime(CLOCK_REALTIME, &past) == 0);
    past.tv_sec -= 1;
    pthread_mutex_lock(&m);
    int r = pthread_cond_timedwait(&not_empty, &m, &past);
    pthread_mutex_unlock(&m);
    printf("timedwait with a past deadline: %s\n", strerrorname_np(r));
    CHECK(r == ETIMEDOUT);

    struct timespec soon;
    CHECK(clock_gettime(CLOCK_REALTIME, &soon) == 0);
    soon.tv_nsec += 20 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) {
        soon.tv_sec++;
        soon.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    r = pthread_cond_timedwait(&not_empty, &m, &soon);
    pthread_mutex_unlock(&m);
    printf("timedwait for 20 ms with no signal: %s\n", strerrorname_np(r));
    CHECK(r == ETIMEDOUT);

    pthread_t w[3];
    for (int i = 0; i < 3; i++) {
        CHECK(pthread_create(&w[i], NULL, waiter, NULL) == 0);
    }
    pthread_mutex_lock(&m);
    while (woken > -3) {
        pthread_cond_wait(&not_full, &m);
    }
    go = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 3; i++) {
        CHECK(pthread_join(w[i], NULL) == 0);
    }
    printf("broadcast woke %d of 3 waiters\n", (woken + 3) / 10);
    CHECK(woken == 27);
    return check_finish("thread_condvar", 0);
}
