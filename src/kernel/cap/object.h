/*
 * cap/object.h - kernel objects: what every object type shares.
 *
 * A kernel object starts with a struct kobject: its type, a system-wide id (koid), a
 * reference count and its signals. Whoever can find an object holds a reference: every
 * handle, every message in flight, and any kernel code that looked it up. kobject_put drops
 * one; the last drop detaches the object's observers and then calls the type's destroy
 * function, which frees the object. Nothing else frees an object.
 *
 * Signals (VX_SIG_* in vx/object.h) are the observable state bits of an object. The type sets
 * and clears them with kobject_signal; whoever wants to know registers an observer with the
 * bits it wants. An observer fires when one of its wanted bits becomes active (a rising
 * edge), or at once when it is added while one is already active. Two kinds exist:
 *   - waiters (kobject_wait_one): a thread on its own stack; fired once, then unlinked;
 *   - port observers (ipc/port.c): queue a packet; one-shot or repeating. They outlive any
 *     call, so the object's destroy must detach them (ops->object_gone), and a port that dies
 *     first detaches its own (port.c), both under kobject_observers_lock.
 *
 * Lock key: (c) constant after init, (A) atomic, (s) o->sig_lock.
 * Lock order: kobject_observers_lock, then a type's own object lock (a channel pair's lock),
 *   then o->sig_lock, then (inside an observer's fire) the port's sig_lock, then a waiter's
 *   waitq lock, then run queue locks. Two sig_locks nest only as "observed object, then the
 *   port observing it"; a port cannot observe a port, so that never forms a cycle.
 */
#ifndef CAP_OBJECT_H
#define CAP_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/object.h"
#include "vx/status.h"

struct kobject;
struct kobserver;

struct kobject_ops {
    /* Called once, by the last kobject_put, with no reference left and no observer attached.
     * Frees the object. */
    void (*destroy)(struct kobject *o);
};

struct kobject {
    uint32_t type;                 /* (c) enum vx_obj_type */
    uint64_t koid;                 /* (c) */
    _Atomic uint32_t refs;         /* (A) */
    const struct kobject_ops *ops; /* (c) */
    struct spinlock sig_lock;
    uint32_t signals;           /* (s) VX_SIG_* bits active now */
    bool lasting_observers;     /* (s) an observer that must be detached was ever added */
    struct list_node observers; /* (s) struct kobserver via link */
};

struct kobserver_ops {
    /* A wanted signal became active; `signals` is the object's new signal word. Called with
     * the object's sig_lock held: may take only locks after it in the order above and must
     * not touch other observers. To end (one-shot) it unlinks itself, list_remove(&obs->link),
     * before anything it does can let another thread free `obs`, and returns false; the
     * caller does not touch obs after a false return. Returns true to stay registered. */
    bool (*fire)(struct kobserver *obs, uint32_t signals);
    /* The object is being destroyed; `obs` has been unlinked already. Called with
     * kobject_observers_lock held and no sig_lock. NULL for observers that cannot outlive
     * their object (waiters hold a reference). */
    void (*object_gone)(struct kobserver *obs);
};

struct kobserver {
    struct list_node link;           /* (s) on object->observers */
    uint32_t wanted;                 /* (s) signals that fire it */
    const struct kobserver_ops *ops; /* (c) */
};

/* Serialises detaching lasting observers (object death against port death); see above. */
extern struct spinlock kobject_observers_lock;

/* Set up an object with one reference (the caller's), a fresh koid and no signal active. */
void kobject_init(struct kobject *o, enum vx_obj_type type, const struct kobject_ops *ops);
/* Take another reference. The caller must already hold one. */
void kobject_get(struct kobject *o);
/* Take a reference unless the count already reached zero (the object is being destroyed):
 * for lists that find objects without holding a reference. */
bool kobject_tryget(struct kobject *o);
/* Drop a reference; the last one detaches observers and destroys the object. Takes ownership
 * of that reference. */
void kobject_put(struct kobject *o);

/* Clear the bits in `clear`, then set those in `set`, and fire every observer that wants a bit
 * that became active. kobject_signal_locked: caller must hold o->sig_lock. */
void kobject_signal(struct kobject *o, uint32_t clear, uint32_t set);
void kobject_signal_locked(struct kobject *o, uint32_t clear, uint32_t set);
/* The signals active now (a snapshot). */
uint32_t kobject_signals(struct kobject *o);

/* Block the calling kernel thread until one of `signals` is active on o, or until
 * hio_clock_ns() >= deadline_ns (0: no deadline) -> VX_ETIMEDOUT. *observed gets the signal
 * word that satisfied the wait, or the current one on timeout. Returns at once when already
 * satisfied (this path also works outside kernel threads). The caller holds a reference to o
 * for the whole call. VX_EINVAL if signals is 0. */
vx_status_t kobject_wait_one(struct kobject *o, uint32_t signals, uint64_t deadline_ns,
                             uint32_t *observed);

/* Register `obs` (its wanted and ops set). If a wanted signal is already active it fires at
 * once, and stays only if fire returns true. Returns fire's answer (true when it did not
 * fire); after false the caller must not touch obs. `lasting` marks observers the object's
 * destroy must detach. Caller must hold o->sig_lock. */
bool kobject_observe_locked(struct kobject *o, struct kobserver *obs, bool lasting);

#endif /* CAP_OBJECT_H */
