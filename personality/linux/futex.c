/*
 * linux/futex.c - the futex call for guests: waiters queue in the personality's buckets and
 * sleep on their own word (lsleep), so waits are interruptible by signals and exit.
 *
 * A futex is keyed by (process, address): private futexes, which is what threads of one
 * process share (memory is never shared between processes yet). The guest's word is read
 * under the bucket lock, so a waker that changes the word and then calls FUTEX_WAKE (which
 * takes the same lock) cannot slip between a waiter's check and its queueing.
 */
#include "personality/linux/internal.h"

#define FUTEX_BUCKETS 64u

struct fbucket {
    struct lmutex lock;
    struct linux_thread *head; /* waiters, oldest first */
};

static struct fbucket buckets[FUTEX_BUCKETS];

static uint32_t bucket_of(struct linux_proc *p, uint64_t addr)
{
    uint64_t k = (addr >> 2) ^ ((uint64_t)(uintptr_t)p >> 6);
    return (uint32_t)((k * 0x9e3779b97f4a7c15ull) >> 58);
}

static void enqueue(struct fbucket *b, struct linux_thread *t)
{
    t->fx_next = NULL;
    t->fx_prev = NULL;
    struct linux_thread **pp = &b->head, *prev = NULL;
    while (*pp) {
        prev = *pp;
        pp = &(*pp)->fx_next;
    }
    t->fx_prev = prev;
    *pp = t;
    t->fx_queued = true;
}

static void dequeue(struct fbucket *b, struct linux_thread *t)
{
    if (t->fx_prev)
        t->fx_prev->fx_next = t->fx_next;
    else
        b->head = t->fx_next;
    if (t->fx_next)
        t->fx_next->fx_prev = t->fx_prev;
    t->fx_next = t->fx_prev = NULL;
    t->fx_queued = false;
}

static bool matches(struct linux_thread *w, struct linux_proc *p, uint64_t addr, uint32_t bitset)
{
    return w->proc == p && w->fx_addr == addr && (w->fx_bitset & bitset);
}

/* Wake up to n waiters of (p, addr) in bucket b (its lock held). */
static int64_t wake_locked(struct fbucket *b, struct linux_proc *p, uint64_t addr, uint32_t n,
                           uint32_t bitset)
{
    int64_t woken = 0;
    for (struct linux_thread *w = b->head, *next; w && (uint32_t)woken < n; w = next) {
        next = w->fx_next;
        if (!matches(w, p, addr, bitset))
            continue;
        dequeue(b, w);
        w->fx_woken = true;
        lwake(&w->fx_word);
        woken++;
    }
    return woken;
}

int64_t futex_wake_addr(struct linux_proc *p, uint64_t addr, uint32_t n, uint32_t bitset)
{
    struct fbucket *b = &buckets[bucket_of(p, addr)];
    lmutex_lock(&b->lock);
    int64_t woken = wake_locked(b, p, addr, n, bitset);
    lmutex_unlock(&b->lock);
    return woken;
}

static int64_t futex_wait(struct linux_thread *t, uint64_t addr, uint32_t val, int64_t deadline,
                          uint32_t bitset)
{
    struct linux_proc *p = t->proc;
    if (!bitset)
        return -LEINVAL;
    struct fbucket *b = &buckets[bucket_of(p, addr)];
    lmutex_lock(&b->lock);
    uint32_t now;
    if (linux_copy_in(p, &now, addr, sizeof now)) {
        lmutex_unlock(&b->lock);
        return -LEFAULT;
    }
    if (now != val) {
        lmutex_unlock(&b->lock);
        return -LEAGAIN;
    }
    t->fx_addr = addr;
    t->fx_bitset = bitset;
    t->fx_woken = false;
    atomic_store(&t->fx_bucket, bucket_of(p, addr));
    enqueue(b, t);
    int64_t r = 0;
    for (;;) {
        uint32_t seen = atomic_load(&t->fx_word);
        lmutex_unlock(&b->lock);
        r = lsleep(t, &t->fx_word, seen, deadline);
        /* A requeue may have moved us to another bucket: lock the one we are in. */
        for (;;) {
            uint32_t bi = atomic_load(&t->fx_bucket);
            lmutex_lock(&buckets[bi].lock);
            if (atomic_load(&t->fx_bucket) == bi) {
                b = &buckets[bi];
                break;
            }
            lmutex_unlock(&buckets[bi].lock);
        }
        if (t->fx_woken) {
            r = 0;
            break;
        }
        if (r) {
            dequeue(b, t);
            break;
        }
    }
    lmutex_unlock(&b->lock);
    return r;
}

/* Lock two buckets in index order. */
static void lock_two(uint32_t i, uint32_t j)
{
    if (i == j) {
        lmutex_lock(&buckets[i].lock);
    } else {
        lmutex_lock(&buckets[i < j ? i : j].lock);
        lmutex_lock(&buckets[i < j ? j : i].lock);
    }
}

static void unlock_two(uint32_t i, uint32_t j)
{
    lmutex_unlock(&buckets[i].lock);
    if (i != j)
        lmutex_unlock(&buckets[j].lock);
}

static int64_t futex_requeue(struct linux_proc *p, uint64_t addr, uint32_t nwake, uint32_t nmove,
                             uint64_t addr2, bool cmp, uint32_t val3)
{
    uint32_t i = bucket_of(p, addr), j = bucket_of(p, addr2);
    lock_two(i, j);
    if (cmp) {
        uint32_t now;
        if (linux_copy_in(p, &now, addr, sizeof now)) {
            unlock_two(i, j);
            return -LEFAULT;
        }
        if (now != val3) {
            unlock_two(i, j);
            return -LEAGAIN;
        }
    }
    int64_t done = wake_locked(&buckets[i], p, addr, nwake, LFUTEX_BITSET_MATCH_ANY);
    uint32_t moved = 0;
    for (struct linux_thread *w = buckets[i].head, *next; w && moved < nmove; w = next) {
        next = w->fx_next;
        if (!matches(w, p, addr, LFUTEX_BITSET_MATCH_ANY))
            continue;
        dequeue(&buckets[i], w);
        w->fx_addr = addr2;
        atomic_store(&w->fx_bucket, j);
        enqueue(&buckets[j], w);
        moved++;
    }
    unlock_two(i, j);
    return done + moved;
}

/* A timeout argument: relative (FUTEX_WAIT) or absolute on the chosen clock. */
static int64_t deadline_of(struct linux_proc *p, uint64_t va, bool absolute, bool realtime,
                           int64_t *deadline)
{
    *deadline = 0;
    if (!va)
        return 0;
    int64_t ns, st = linux_read_timespec(p, va, &ns);
    if (st)
        return st;
    int64_t mono = vx_clock_get();
    if (!absolute)
        *deadline = mono + ns;
    else if (realtime)
        *deadline = mono + (ns - vx_clock_wall());
    else
        *deadline = ns;
    if (*deadline <= 0)
        *deadline = 1; /* already passed */
    return 0;
}

int64_t lsys_futex(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t addr = a[0];
    uint32_t op = (uint32_t)a[1] & ~(LFUTEX_PRIVATE_FLAG | LFUTEX_CLOCK_REALTIME);
    bool realtime = (a[1] & LFUTEX_CLOCK_REALTIME) != 0;
    uint32_t val = (uint32_t)a[2];
    if (addr % 4)
        return -LEINVAL;
    int64_t deadline, st;
    switch (op) {
    case LFUTEX_WAIT:
        if ((st = deadline_of(p, a[3], false, false, &deadline)))
            return st;
        return futex_wait(t, addr, val, deadline, LFUTEX_BITSET_MATCH_ANY);
    case LFUTEX_WAIT_BITSET:
        if ((st = deadline_of(p, a[3], true, realtime, &deadline)))
            return st;
        return futex_wait(t, addr, val, deadline, (uint32_t)a[5]);
    case LFUTEX_WAKE:
        return futex_wake_addr(p, addr, val, LFUTEX_BITSET_MATCH_ANY);
    case LFUTEX_WAKE_BITSET:
        if (!(uint32_t)a[5])
            return -LEINVAL;
        return futex_wake_addr(p, addr, val, (uint32_t)a[5]);
    case LFUTEX_REQUEUE:
    case LFUTEX_CMP_REQUEUE:
        if ((int32_t)val < 0 || (int32_t)a[3] < 0 || a[4] % 4)
            return -LEINVAL;
        return futex_requeue(p, addr, val, (uint32_t)a[3], a[4], op == LFUTEX_CMP_REQUEUE,
                             (uint32_t)a[5]);
    default:
        return -LENOSYS;
    }
}
