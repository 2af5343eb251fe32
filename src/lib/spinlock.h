/*
 * lib/spinlock.h - adaptive spinlocks for the kernel.
 *
 * Kernel code is never preempted and never sleeps while holding a spinlock, so a holder is
 * always running on some vCPU and will release soon. A waiter spins (with a CPU pause hint)
 * for SPIN_TRIES rounds; then, in the hosted build, it marks the lock contended and sleeps on
 * the host futex (hio_wait_on) so a long wait does not burn a host core that another vCPU
 * needs. Unlock wakes one sleeper when the lock was marked contended.
 *
 * Lock word: 0 free, 1 held, 2 held with possible sleepers.
 * The owner field is for debugging and assertions (spin_held()); it is the holder's vCPU.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct spinlock {
    _Atomic uint32_t word;
    _Atomic uint32_t owner_cpu; /* vCPU of the holder + 1; 0 when free (debug only) */
    const char *name;
};

#define SPINLOCK_INIT(n) { 0, 0, (n) }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
/* True if the lock is held by the calling vCPU (for "Caller must hold" asserts). */
bool spin_held(const struct spinlock *l);

#endif /* LIB_SPINLOCK_H */
