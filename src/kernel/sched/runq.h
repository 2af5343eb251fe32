/*
 * sched/runq.h - a vCPU's run queue: ready threads by priority, O(1) pick.
 *
 * One FIFO list per priority and a 32-bit bitmap of the non-empty ones. Picking takes the
 * highest set bit (one count-leading-zeros) and the head of that list; a yielding thread goes
 * to the tail of its list, which makes threads of equal priority round robin.
 *
 * Locks: rq->lock protects everything but `nr`, which other vCPUs read without it to balance
 * load (a stale value only makes a balancing choice slightly worse). "Caller must hold
 * rq->lock" for every function below.
 */
#ifndef SCHED_RUNQ_H
#define SCHED_RUNQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/param.h"
#include "lib/list.h"
#include "lib/spinlock.h"

_Static_assert(PARAM_NPRIO == 32, "the run queue bitmap is 32 bits");

struct thread;

struct runq {
    struct spinlock lock;
    uint32_t bitmap;                      /* bit p set: queue[p] is not empty */
    _Atomic uint32_t nr;                  /* ready threads on this queue */
    struct list_node queue[PARAM_NPRIO];
};

void runq_init(struct runq *rq, const char *name);
/* Append t at the tail of its priority's list. */
void runq_push(struct runq *rq, struct thread *t);
/* Remove and return the highest-priority, longest-waiting thread, or NULL. */
struct thread *runq_pop(struct runq *rq);
/* Remove t, which must be on rq. */
void runq_remove(struct runq *rq, struct thread *t);
/* Remove and return the highest-priority thread that may run on `cpu` and has fully switched
 * out (on_cpu == 0), for another vCPU to take; NULL if none. */
struct thread *runq_steal(struct runq *rq, uint32_t cpu);
/* Highest priority waiting, or -1 if empty. */
int runq_top_prio(const struct runq *rq);

#endif /* SCHED_RUNQ_H */
