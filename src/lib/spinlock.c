/*
 * lib/spinlock.c - adaptive spinlocks (see spinlock.h for the protocol).
 *
 * The fast path is one compare-and-swap. A waiter spins with a pause hint, rereading the word
 * without writing it (so the cache line stays shared), then sets the word to 2 ("contended")
 * and sleeps on the host futex until the holder's unlock wakes it. After waking it takes the
 * lock as contended, because other sleepers may remain.
 */
#define VX_SUBSYSTEM "spinlock"
#include "lib/spinlock.h"

#include "arch/hosted/cpu_relax.h"
#include "hostio.h"
#include "kernel/param.h"
#include "lib/assert.h"

enum { FREE = 0, HELD = 1, CONTENDED = 2 };

void spin_init(struct spinlock *l, const char *name)
{
    atomic_store_explicit(&l->word, FREE, memory_order_relaxed);
    atomic_store_explicit(&l->owner_cpu, 0, memory_order_relaxed);
    l->name = name;
}

static void note_owner(struct spinlock *l)
{
    atomic_store_explicit(&l->owner_cpu, hio_cpu_self() + 1u, memory_order_relaxed);
}

bool spin_trylock(struct spinlock *l)
{
    uint32_t expected = FREE;
    if (!atomic_compare_exchange_strong_explicit(&l->word, &expected, HELD, memory_order_acquire,
                                                 memory_order_relaxed))
        return false;
    note_owner(l);
    return true;
}

void spin_lock(struct spinlock *l)
{
    if (spin_trylock(l))
        return;
    for (unsigned i = 0; i < PARAM_SPIN_TRIES; i++) {
        if (atomic_load_explicit(&l->word, memory_order_relaxed) == FREE && spin_trylock(l))
            return;
        arch_cpu_relax();
    }
    /* Slow path: announce a sleeper, then sleep until the word leaves CONTENDED. */
    while (atomic_exchange_explicit(&l->word, CONTENDED, memory_order_acquire) != FREE)
        hio_wait_on(&l->word, CONTENDED, 0);
    note_owner(l);
}

void spin_unlock(struct spinlock *l)
{
    VX_ASSERT(atomic_load_explicit(&l->word, memory_order_relaxed) != FREE);
    atomic_store_explicit(&l->owner_cpu, 0, memory_order_relaxed);
    if (atomic_exchange_explicit(&l->word, FREE, memory_order_release) == CONTENDED)
        hio_wake(&l->word, 1);
}

bool spin_held(const struct spinlock *l)
{
    return atomic_load_explicit(&l->word, memory_order_relaxed) != FREE &&
           atomic_load_explicit(&l->owner_cpu, memory_order_relaxed) == hio_cpu_self() + 1u;
}
