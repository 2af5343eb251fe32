/*
 * sched/runq.h - a vCPU's run queue: ready threads by key (sched/rt.h), cheap pick.
 *
 * Two parts. RT-keyed threads (the RT class, and threads boosted by an RT donor) are on one
 * list sorted by absolute deadline, earliest first: insertion walks it, O(n) in the RT threads
 * queued here (few: admission bounds their utilisation), pick takes its head in O(1). Every
 * other thread is on one FIFO list per priority with a 32-bit bitmap of the non-empty ones:
 * pick takes the highest set bit (one count-leading-zeros) and the head of that list, and a
 * yielding thread goes to the tail of its list, which makes equal priorities round robin.
 * The deadline list is always looked at first: RT runs before every priority thread. Equal
 * deadlines keep arrival order.
 *
 * A queued thread keeps the key it was queued under in t->se.key; runq_push reads its
 * current key under t->se.lock (lock order: run queue lock, then a thread's se.lock). To
 * change a queued thread's key, remove it and push it again (policy.c does, under rq->lock).
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
#include "kernel/sched/rt.h"
#include "lib/list.h"
#include "lib/spinlock.h"

_Static_assert(PARAM_NPRIO == 32, "the run queue bitmap is 32 bits");

struct thread;

struct runq {
    struct spinlock lock;
    uint32_t bitmap;                      /* bit p set: queue[p] is not empty */
    _Atomic uint32_t nr;                  /* ready threads on this queue, both parts */
    struct list_node edf;                 /* RT-keyed threads, earliest deadline first */
    struct list_node queue[PARAM_NPRIO];
};

void runq_init(struct runq *rq, const char *name);

/* The key t runs under now: RT with its CBS deadline if it is in the RT class, else its base
 * priority; raised to its boost key if it holds one. Caller must hold t->se.lock (not
 * rq->lock: this reads only the thread). */
struct sched_key runq_key_of(const struct thread *t);

/* Queue t under `key`: into the deadline list, or at the tail of its priority's list. Caller
 * holds t->se.lock or otherwise knows `key` is t's current key. */
void runq_insert(struct runq *rq, struct thread *t, struct sched_key key);
/* runq_insert with runq_key_of(t), taking t->se.lock to read it. */
void runq_push(struct runq *rq, struct thread *t);
/* Remove and return the thread with the best key (the longest waiting among equals), or
 * NULL. Its key stays readable in t->se.key. */
struct thread *runq_pop(struct runq *rq);
/* Remove t, which must be on rq. */
void runq_remove(struct runq *rq, struct thread *t);
/* Remove and return the highest-priority thread that may run on `cpu` and has fully switched
 * out (on_cpu == 0), for another vCPU to take; NULL if none. RT-keyed threads are never
 * taken: an RT thread's bandwidth is reserved on its home vCPU (see sched.h). */
struct thread *runq_steal(struct runq *rq, uint32_t cpu);
/* Highest priority waiting in the priority lists, or -1 if they are empty. */
int runq_top_prio(const struct runq *rq);
/* The best key waiting; false if the queue is empty. */
bool runq_peek_key(const struct runq *rq, struct sched_key *key);

#endif /* SCHED_RUNQ_H */
