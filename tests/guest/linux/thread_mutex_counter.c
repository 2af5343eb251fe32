/* expect-status: 0 */
/*
 * thread_mutex_counter - four threads each add 1 to a shared counter 100000 times under a
 * mutex: the total is exactly 400000. Then the mutex errors: trylock of a held mutex (EBUSY),
 * an error-checking mutex locked twice (EDEADLK) and unlocked by a thread that does not own
 * it (EPERM), a recursive mutex locked three times.
 */
#include <pthread.h>

#include "../linux/check.h"

#define THREADS 4
#define ROUNDS  100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static pthread_mutex_t errcheck;

static void *unlock_foreign(void *arg)
{
    (void)arg;
    return (void *)(long)pthread_mutex_unlock(&errcheck);
}

static void *trylock_held(void *arg)
{
    (void)arg;
    return (void *)(long)pthread_mutex_trylock(&lock);
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&t[i], NULL, work, NULL) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
    }
    printf("counter after %d x %d locked increments: %ld\n", THREADS, ROUNDS, counter);
    CHECK(counter == (long)THREADS * ROUNDS);

    void *res;
    CHECK(pthread_mutex_lock(&lock) == 0);
    pthread_t o;
    CHECK(pthread_create(&o, NULL, trylock_held, NULL) == 0);
    CHECK(pthread_join(o, &res) == 0);
    printf("trylock of a mutex held by another thread: %s\n", strerrorname_np((int)(long)res));
    CHECK((long)res == EBUSY);
    CHECK(pthread_mutex_unlock(&lock) == 0);
    CHECK(pthread_mutex_trylock(&lock) == 0);
    CHECK(pthread_mutex_unlock(&lock) == 0);

    pthread_mutexattr_t attr;
    CHECK(pthread_mutexattr_init(&attr) == 0);
    CHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK) == 0);
    CHECK(pthread_mutex_init(&errcheck, &attr) == 0);
    CHECK(pthread_mutex_lock(&errcheck) == 0);
    int r = pthread_mutex_lock(&errcheck);
    printf("error-checking mutex locked twice: %s\n", strerrorname_np(r));
    CHECK(r == EDEADLK);
    CHECK(pthread_create(&o, NULL, unlock_foreign, NULL) == 0);
    CHECK(pthread_join(o, &res) == 0);
    printf("unlocked by a thread that does not own it: %s\n", strerrorname_np((int)(long)res));
    CHECK((long)res == EPERM);
    CHECK(pthread_mutex_unlock(&errcheck) == 0);
    r = pthread_mutex_unlock(&errcheck);
    printf("unlocked when not locked: %s\n", strerrorname_np(r));
    CHECK(r == EPERM);

    pthread_mutex_t rec;
    CHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE) == 0);
    CHECK(pthread_mutex_init(&rec, &attr) == 0);
    int locks = 0;
    for (int i = 0; i < 3; i++) {
        locks += pthread_mutex_lock(&rec) == 0;
    }
    for (int i = 0; i < 3; i++) {
        CHECK(pthread_mutex_unlock(&rec) == 0);
    }
    printf("recursive mutex: locked %d times, unlocked 3 times\n", locks);
    CHECK(locks == 3);
    CHECK(pthread_mutex_destroy(&rec) == 0);
    return check_finish("thread_mutex_counter", 0);
}
