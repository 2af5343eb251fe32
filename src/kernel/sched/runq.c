/*
 * sched/runq.c - run queue operations (see runq.h). Pure list and bitmap work: no switching,
 * and no locking of its own but a thread's se.lock to read its key, which is why it can be
 * unit tested on the host with plain structs.
 */
#define VX_SUBSYSTEM "runq"
#include "kernel/sched/runq.h"

#include "kernel/sched/thread.h"
#include "lib/assert.h"

void runq_init(struct runq *rq, const char *name)
{
    spin_init(&rq->lock, name);
    rq->bitmap = 0;
    atomic_store_explicit(&rq->nr, 0, memory_order_relaxed);
    list_init(&rq->edf);
    for (unsigned p = 0; p < PARAM_NPRIO; p++)
        list_init(&rq->queue[p]);
}

static void nr_add(struct runq *rq, int32_t delta)
{
    uint32_t n = atomic_load_explicit(&rq->nr, memory_order_relaxed);
    atomic_store_explicit(&rq->nr, n + (uint32_t)delta, memory_order_relaxed);
}

struct sched_key runq_key_of(const struct thread *t)
{
    struct sched_key key;
    if (t->se.cbs.period_ns) {
        key = (struct sched_key){.rt = true,
                                 .deadline_ns = t->se.cbs.deadline_ns,
                                 .slice_ns = (uint64_t)t->se.cbs.budget_left_ns};
    } else {
        key = (struct sched_key){.prio = atomic_load_explicit(&t->prio, memory_order_relaxed),
                                 .slice_ns = PARAM_SLICE_NS};
    }
    if (t->se.boosted) {
        /* A lent key changes where the thread waits, not how long it may run. */
        uint64_t slice = key.slice_ns;
        key = sched_key_max(key, t->se.boost);
        key.slice_ns = slice;
    }
    return key;
}

/* Insert t into the deadline list after every key not later than its own. */
static void insert_by_deadline(struct runq *rq, struct thread *t)
{
    struct list_node *pos;
    /* Invariant: rq->edf is sorted by deadline, equal deadlines in arrival order. */
    list_for_each(pos, &rq->edf) {
        struct thread *other = list_entry(pos, struct thread, rq_link);
        if (sched_key_before(&t->se.key, &other->se.key))
            break;
    }
    list_insert_between(&t->rq_link, pos->prev, pos);
}

void runq_insert(struct runq *rq, struct thread *t, struct sched_key key)
{
    VX_ASSERT(list_unlinked(&t->rq_link));
    t->se.key = key;
    if (key.rt) {
        insert_by_deadline(rq, t);
    } else {
        VX_ASSERT(key.prio < PARAM_NPRIO);
        list_push_back(&rq->queue[key.prio], &t->rq_link);
        rq->bitmap |= 1u << key.prio;
    }
    atomic_store_explicit(&t->se.rq, rq, memory_order_release);
    nr_add(rq, 1);
}

void runq_push(struct runq *rq, struct thread *t)
{
    spin_lock(&t->se.lock);
    struct sched_key key = runq_key_of(t);
    spin_unlock(&t->se.lock);
    runq_insert(rq, t, key);
}

/* Remove t from its list, keeping the bitmap true. */
static void unlink_thread(struct runq *rq, struct thread *t)
{
    list_remove(&t->rq_link);
    if (!t->se.key.rt && list_empty(&rq->queue[t->se.key.prio]))
        rq->bitmap &= ~(1u << t->se.key.prio);
    atomic_store_explicit(&t->se.rq, NULL, memory_order_relaxed);
    nr_add(rq, -1);
}

int runq_top_prio(const struct runq *rq)
{
    return rq->bitmap ? 31 - __builtin_clz(rq->bitmap) : -1;
}

bool runq_peek_key(const struct runq *rq, struct sched_key *key)
{
    const struct list_node *head;
    if (!list_empty(&rq->edf))
        head = rq->edf.next;
    else if (rq->bitmap)
        head = rq->queue[runq_top_prio(rq)].next;
    else
        return false;
    *key = list_entry(head, struct thread, rq_link)->se.key;
    return true;
}

struct thread *runq_pop(struct runq *rq)
{
    struct list_node *head;
    if (!list_empty(&rq->edf))
        head = rq->edf.next;
    else if (rq->bitmap)
        head = rq->queue[runq_top_prio(rq)].next;
    else
        return NULL;
    struct thread *t = list_entry(head, struct thread, rq_link);
    unlink_thread(rq, t);
    return t;
}

void runq_remove(struct runq *rq, struct thread *t)
{
    VX_ASSERT(!list_unlinked(&t->rq_link));
    VX_ASSERT(atomic_load_explicit(&t->se.rq, memory_order_relaxed) == rq);
    unlink_thread(rq, t);
}

struct thread *runq_steal(struct runq *rq, uint32_t cpu)
{
    uint64_t bit = 1ull << cpu;
    for (uint32_t bits = rq->bitmap; bits; bits &= ~(1u << (31 - __builtin_clz(bits)))) {
        uint32_t p = 31 - (uint32_t)__builtin_clz(bits);
        struct list_node *n;
        list_for_each(n, &rq->queue[p]) {
            struct thread *t = list_entry(n, struct thread, rq_link);
            if ((atomic_load_explicit(&t->affinity, memory_order_relaxed) & bit) &&
                !atomic_load_explicit(&t->on_cpu, memory_order_acquire)) {
                unlink_thread(rq, t);
                return t;
            }
        }
    }
    return NULL;
}
