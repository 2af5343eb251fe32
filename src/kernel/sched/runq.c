/*
 * sched/runq.c - run queue operations (see runq.h). Pure list and bitmap work: no switching,
 * no locking of its own, which is why it can be unit tested on the host with plain structs.
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
    for (unsigned p = 0; p < PARAM_NPRIO; p++)
        list_init(&rq->queue[p]);
}

static void nr_add(struct runq *rq, int32_t delta)
{
    uint32_t n = atomic_load_explicit(&rq->nr, memory_order_relaxed);
    atomic_store_explicit(&rq->nr, n + (uint32_t)delta, memory_order_relaxed);
}

void runq_push(struct runq *rq, struct thread *t)
{
    uint32_t p = atomic_load_explicit(&t->prio, memory_order_relaxed);
    VX_ASSERT(p < PARAM_NPRIO);
    VX_ASSERT(list_unlinked(&t->rq_link));
    list_push_back(&rq->queue[p], &t->rq_link);
    rq->bitmap |= 1u << p;
    nr_add(rq, 1);
}

/* Remove t from its list, keeping the bitmap true. */
static void unlink_thread(struct runq *rq, struct thread *t, uint32_t p)
{
    list_remove(&t->rq_link);
    if (list_empty(&rq->queue[p]))
        rq->bitmap &= ~(1u << p);
    nr_add(rq, -1);
}

int runq_top_prio(const struct runq *rq)
{
    return rq->bitmap ? 31 - __builtin_clz(rq->bitmap) : -1;
}

struct thread *runq_pop(struct runq *rq)
{
    int p = runq_top_prio(rq);
    if (p < 0)
        return NULL;
    struct thread *t = list_entry(rq->queue[p].next, struct thread, rq_link);
    unlink_thread(rq, t, (uint32_t)p);
    return t;
}

void runq_remove(struct runq *rq, struct thread *t)
{
    uint32_t p = atomic_load_explicit(&t->prio, memory_order_relaxed);
    VX_ASSERT(!list_unlinked(&t->rq_link));
    unlink_thread(rq, t, p);
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
                unlink_thread(rq, t, p);
                return t;
            }
        }
    }
    return NULL;
}
