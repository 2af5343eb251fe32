/* expect-status: 0 */
/*
 * thread_exit_value - pthread_exit from deep inside a thread's call chain delivers its value
 * to pthread_join, runs the cleanup handlers pushed on the way (in reverse order) and the
 * thread-specific data destructors; PTHREAD_CANCELED comes back for a cancelled thread. Last,
 * the main thread itself calls pthread_exit: the process lives on until the remaining thread
 * returns and then exits with status 0 (the thread prints the summary).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "../linux/check.h"

static char order[32];
static pthread_key_t key;
static int destructor_runs;

static void cleanup(void *arg)
{
    strncat(order, arg, sizeof(order) - strlen(order) - 1);
}

static void destructor(void *value)
{
    destructor_runs += (int)(intptr_t)value;
}

static void deep(int depth)
{
    if (depth > 1000) {
        return; /* never: keeps GCC from calling the recursion infinite */
    }
    if (depth == 0) {
        pthread_exit((void *)(intptr_t)4242);
    }
    deep(depth - 1);
    printf("not reached\n");
}

static void *exiting(void *arg)
{
    (void)arg;
    CHECK(pthread_setspecific(key, (void *)(intptr_t)5) == 0);
    pthread_cleanup_push(cleanup, "A");
    pthread_cleanup_push(cleanup, "B");
    pthread_cleanup_push(cleanup, "C");
    deep(20);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *cancelled(void *arg)
{
    (void)arg;
    for (;;) {
        pause(); /* a cancellation point */
    }
    return NULL;
}

static pthread_t main_thread;

static void *last(void *arg)
{
    (void)arg;
    void *res;
    /* The main thread has called pthread_exit; joining it gives its value. */
    int r = pthread_join(main_thread, &res);
    printf("joined the exited main thread: %s, value %d\n", r == 0 ? "ok" : strerrorname_np(r),
           (int)(intptr_t)res);
    CHECK(r == 0 && (intptr_t)res == 77);
    check_finish("thread_exit_value", 0);
    fflush(stdout);
    if (check_failures) {
        exit(CHECK_FAILED_STATUS);
    }
    return NULL; /* the last thread returns: the process exits with 0 */
}

int main(void)
{
    CHECK(pthread_key_create(&key, destructor) == 0);
    pthread_t t;
    void *res;
    CHECK(pthread_create(&t, NULL, exiting, NULL) == 0);
    CHECK(pthread_join(t, &res) == 0);
    printf("pthread_exit value %d, cleanup order %s, destructor got %d\n", (int)(intptr_t)res,
           order, destructor_runs);
    CHECK((intptr_t)res == 4242 && strcmp(order, "CBA") == 0 && destructor_runs == 5);

    CHECK(pthread_create(&t, NULL, cancelled, NULL) == 0);
    CHECK(pthread_cancel(t) == 0);
    CHECK(pthread_join(t, &res) == 0);
    printf("cancelled thread: %s\n", res == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other");
    CHECK(res == PTHREAD_CANCELED);

    main_thread = pthread_self();
    CHECK(pthread_create(&t, NULL, last, NULL) == 0);
    CHECK(pthread_detach(t) == 0);
    fflush(stdout);
    pthread_exit((void *)(intptr_t)77);
}
