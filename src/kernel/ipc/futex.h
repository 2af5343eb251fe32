/*
 * ipc/futex.h - waiting on a memory word: the kernel's smallest blocking primitive.
 *
 * A thread sleeps while a 32-bit word still holds the value it saw; whoever changes the word
 * then wakes the sleepers on it. Nothing is allocated per word: sleepers wait in one of
 * FUTEX_BUCKETS wait queues chosen by hashing the word's key, and a wake wakes every sleeper
 * of that bucket, each of which rechecks its own word (a word sharing the bucket costs a
 * spurious wakeup, never a lost one).
 *
 * Key: (address space, address). A system task, and a guest thread inside its ABI handler,
 * name host memory (address space NULL); a guest names its own memory. The check of the word
 * and the sleep happen under the bucket's lock, and a wake takes the same lock after the
 * word has changed, so a change between the check and the sleep is never missed.
 *
 * Errors: VX_EINVAL (address not 4-byte aligned), VX_EFAULT (not readable), VX_ETIMEDOUT,
 * VX_ECANCELED (the thread is being killed).
 */
#ifndef IPC_FUTEX_H
#define IPC_FUTEX_H

#include <stdint.h>

#include "vx/status.h"

struct aspace;

/* Sleep while the word at addr (in `as`, or host memory when as is NULL) equals `expected`,
 * until hio_clock_ns() >= deadline_ns (0: none). VX_OK once it differed after a wake (or at
 * once, if it differs on entry: then VX_EAGAIN). */
vx_status_t futex_wait(struct aspace *as, uint64_t addr, uint32_t expected, uint64_t deadline_ns);

/* Wake every thread sleeping on the word at addr; returns how many were woken (sleepers on
 * other words of the same bucket included). */
uint32_t futex_wake(struct aspace *as, uint64_t addr);

#endif /* IPC_FUTEX_H */
