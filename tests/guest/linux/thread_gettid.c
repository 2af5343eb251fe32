/* expect-status: 0 */
/*
 * thread_gettid - thread ids: in the main thread gettid() == getpid(); in every other thread
 * gettid() differs from getpid() and from every other thread's, while getpid() and getppid()
 * are the same as in the main thread. Only the comparisons are printed.
 */
#include <pthread.h>
#include <stdint.h>

#include "../linux/check.h"

#define THREADS 5

static pthread_barrier_t barrier;
static pid_t tids[THREADS];
static pid_t pids[THREADS];
static pid_t ppids[THREADS];

static void *work(void *arg)
{
    int k = (int)(intptr_t)arg;
    tids[k] = gettid();
    pids[k] = getpid();
    ppids[k] = getppid();
    /* All alive at once, so that no tid can have been reused. */
    pthread_barrier_wait(&barrier);
    return NULL;
}

int main(void)
{
    printf("main thread: gettid() == getpid(): %s\n", gettid() == getpid() ? "yes" : "no");
    CHECK(gettid() == getpid());
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
    pthread_t t[THREADS];
    for (intptr_t k = 0; k < THREADS; k++) {
        CHECK(pthread_create(&t[k], NULL, work, (void *)k) == 0);
    }
    for (int k = 0; k < THREADS; k++) {
        CHECK(pthread_join(t[k], NULL) == 0);
    }
    int distinct = 1, same_pid = 1, not_pid = 1;
    for (int k = 0; k < THREADS; k++) {
        same_pid &= pids[k] == getpid() && ppids[k] == getppid();
        not_pid &= tids[k] != getpid() && tids[k] > 0;
        for (int j = 0; j < k; j++) {
            distinct &= tids[j] != tids[k];
        }
    }
    printf("threads: getpid() and getppid() as in main: %s\n", same_pid ? "yes" : "no");
    printf("threads: gettid() != getpid(): %s\n", not_pid ? "yes" : "no");
    printf("threads: tids distinct: %s\n", distinct ? "yes" : "no");
    CHECK(same_pid && not_pid && distinct);
    return check_finish("thread_gettid", 0);
}
