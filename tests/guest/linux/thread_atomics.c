/* expect-status: 0 */
/*
 * thread_atomics - C11 atomics across four threads: atomic_fetch_add on a shared counter,
 * a compare-exchange loop that doubles-and-adds, an atomic_flag spin lock guarding a plain
 * counter, and atomic_exchange handing out unique tickets (every ticket seen exactly once).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "../linux/check.h"

#define THREADS 4
#define ROUNDS  50000

static atomic_long added;
static atomic_ulong cas_value;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long spin_counter;
static atomic_int next_ticket;
static unsigned char seen[THREADS * 1000];
static atomic_long cas_retries_bound;

static void *work(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add_explicit(&added, 2, memory_order_relaxed);
        atomic_fetch_sub_explicit(&added, 1, memory_order_relaxed);
    }
    for (int i = 0; i < ROUNDS / 10; i++) {
        unsigned long old = atomic_load(&cas_value);
        while (!atomic_compare_exchange_weak(&cas_value, &old, old + 3)) {
            atomic_fetch_add_explicit(&cas_retries_bound, 1, memory_order_relaxed);
        }
    }
    for (int i = 0; i < ROUNDS / 10; i++) {
        while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {
        }
        spin_counter++;
        atomic_flag_clear_explicit(&spin, memory_order_release);
    }
    for (int i = 0; i < 1000; i++) {
        int t = atomic_fetch_add(&next_ticket, 1);
        if (t >= 0 && t < THREADS * 1000) {
            /* Each ticket index is written by one thread only. */
            seen[t]++;
        }
    }
    return NULL;
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
    printf("fetch_add/fetch_sub: %ld\n", atomic_load(&added));
    CHECK(atomic_load(&added) == (long)THREADS * ROUNDS);
    printf("compare_exchange: %lu\n", atomic_load(&cas_value));
    CHECK(atomic_load(&cas_value) == 3UL * THREADS * (ROUNDS / 10));
    printf("atomic_flag spin lock counter: %ld\n", spin_counter);
    CHECK(spin_counter == (long)THREADS * (ROUNDS / 10));
    size_t not_once = bytes_not(seen, sizeof(seen), 1);
    printf("tickets: %d handed out, %zu not seen exactly once\n", atomic_load(&next_ticket),
           not_once);
    CHECK(not_once == 0);

    atomic_int x = 5;
    int expected = 4;
    CHECK(!atomic_compare_exchange_strong(&x, &expected, 9) && expected == 5);
    CHECK(atomic_compare_exchange_strong(&x, &expected, 9) && atomic_load(&x) == 9);
    CHECK(atomic_exchange(&x, 1) == 9 && atomic_load(&x) == 1);
    CHECK(atomic_fetch_or(&x, 6) == 1 && atomic_fetch_and(&x, 3) == 7 &&
          atomic_fetch_xor(&x, 1) == 3);
    printf("single-thread compare_exchange/exchange/or/and/xor: x=%d\n", atomic_load(&x));
    CHECK(atomic_load(&x) == 2);
    return check_finish("thread_atomics", 0);
}
