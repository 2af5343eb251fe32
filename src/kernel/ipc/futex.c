/*
 * ipc/futex.c - waiting on a memory word (see futex.h).
 */
#define VX_SUBSYSTEM "futex"
#include "kernel/ipc/futex.h"

#include <stdatomic.h>

#include "kernel/sched/waitq.h"
#include "kernel/syscall/syscall.h"
#include "kernel/vm/aspace.h"

#define FUTEX_BUCKETS 256u

static struct waitq buckets[FUTEX_BUCKETS];
static _Atomic int buckets_ready; /* 0 none, 1 being set up, 2 ready */

static struct waitq *bucket_of(struct aspace *as, uint64_t addr)
{
    if (atomic_load_explicit(&buckets_ready, memory_order_acquire) != 2) {
        int expect = 0;
        if (atomic_compare_exchange_strong(&buckets_ready, &expect, 1)) {
            for (uint32_t i = 0; i < FUTEX_BUCKETS; i++)
                waitq_init(&buckets[i], "futex");
            atomic_store_explicit(&buckets_ready, 2, memory_order_release);
        }
        while (atomic_load_explicit(&buckets_ready, memory_order_acquire) != 2)
            ;
    }
    uint64_t k = (addr >> 2) ^ ((uint64_t)(uintptr_t)as >> 4);
    k *= 0x9e3779b97f4a7c15ull;
    return &buckets[k >> 56];
}

/* The word's value now: host memory is read atomically; guest memory through its MMU. */
static vx_status_t load_word(struct aspace *as, uint64_t addr, uint32_t *out)
{
    if (!as) {
        if (!addr)
            return VX_EFAULT;
        *out = atomic_load((_Atomic uint32_t *)(uintptr_t)addr);
        return VX_OK;
    }
    return guest_copy(as, addr, out, sizeof *out, false);
}

vx_status_t futex_wait(struct aspace *as, uint64_t addr, uint32_t expected, uint64_t deadline_ns)
{
    if (addr % 4)
        return VX_EINVAL;
    uint32_t now;
    /* Outside the lock first: a guest page may need faulting in. */
    vx_status_t st = load_word(as, addr, &now);
    if (st)
        return st;
    if (now != expected)
        return VX_EAGAIN;
    struct waitq *wq = bucket_of(as, addr);
    spin_lock(&wq->lock);
    for (;;) {
        if ((st = load_word(as, addr, &now)))
            break;
        if (now != expected)
            break;
        if ((st = waitq_wait_locked(wq, deadline_ns, NULL)))
            break;
    }
    spin_unlock(&wq->lock);
    return st;
}

uint32_t futex_wake(struct aspace *as, uint64_t addr)
{
    struct waitq *wq = bucket_of(as, addr);
    spin_lock(&wq->lock);
    uint32_t n = waitq_wake_locked(wq, UINT32_MAX);
    spin_unlock(&wq->lock);
    return n;
}
