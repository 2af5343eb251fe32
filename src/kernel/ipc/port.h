/*
 * ipc/port.h - ports: one queue of packets fed by many objects, so a server waits on one thing.
 *
 * A port holds packets in arrival order. User packets are queued by port_queue (a copy,
 * counted against PORT_MAX_PACKETS: a full port is VX_ELIMIT). Signal packets come from
 * watches set up by port_wait_async: when one of the watched signals becomes active on the
 * object (or is active already), the watch queues its packet. Each watch owns exactly one
 * packet, embedded in it, so a signal packet never needs memory and is never lost: if the
 * watch fires again while its packet is still queued, the packet is updated in place
 * (coalesced: observed = the new signal word, count + 1). A one-shot watch ends when it
 * fires; a VX_WAIT_ASYNC_REPEAT watch fires on every rising edge until cancelled or until the
 * object dies. Signal packets already queued stay deliverable after their object is gone.
 * port_wait takes a batch of packets off the queue, blocking until there is at least one.
 *
 * The port is a kernel object (VX_OBJ_PORT) with VX_SIG_READABLE while packets are queued.
 * A port cannot watch a port (VX_ENOTSUP): that could make signal locks nest in a cycle.
 *
 * Ownership: a watch holds no reference on its object or its port. The object's destroy and
 * the port's destroy each detach the watches (under kobject_observers_lock), so neither keeps
 * a dangling pointer and a watch never keeps a channel alive.
 *
 * Lock key: (s) p->ko.sig_lock, which is the port's queue lock as well; (c) constant.
 * Lock order (see cap/object.h): kobject_observers_lock, the watched object's sig_lock, the
 * port's sig_lock, a waiter's waitq lock.
 *
 * Errors: VX_ENOMEM, VX_EINVAL (no signals, unknown option, max 0), VX_ENOTSUP (watching a
 * port), VX_ELIMIT (queue or watch limit), VX_ENOENT (port_cancel: no such watch),
 * VX_ETIMEDOUT (port_wait).
 */
#ifndef IPC_PORT_H
#define IPC_PORT_H

#include <stdint.h>

#include "kernel/cap/object.h"
#include "lib/list.h"
#include "vx/ipc.h"
#include "vx/status.h"

#define PORT_MAX_PACKETS 1024u /* user packets queued on one port */
#define PORT_MAX_WATCHES 4096u /* watches (port_wait_async) alive on one port */

struct port {
    struct kobject ko;        /* first: a port is a kernel object */
    struct list_node queue;   /* (s) queued packets, oldest first */
    uint32_t user_queued;     /* (s) user packets on queue */
    struct list_node watches; /* (s) watches attached to an object, via port_link */
    uint32_t nwatches;        /* (s) */
};

/* A new port. *out holds the one reference. */
vx_status_t port_create(struct port **out);

/* Watch object o for `signals`: queue a packet {key, VX_PKT_SIGNAL, trigger = signals,
 * observed, count} when one becomes active (at once if one is active now). opts:
 * VX_WAIT_ASYNC_ONCE or VX_WAIT_ASYNC_REPEAT. Borrows p and o (the caller holds references
 * for the call; the watch keeps none). */
vx_status_t port_wait_async(struct port *p, struct kobject *o, uint64_t key, uint32_t signals,
                            uint32_t opts);

/* End every watch of p on o with `key`, and drop their queued packets. VX_ENOENT if none. */
vx_status_t port_cancel(struct port *p, struct kobject *o, uint64_t key);

/* Queue a copy of a user packet; its type is set to VX_PKT_USER. VX_ELIMIT when full. */
vx_status_t port_queue(struct port *p, const struct vx_port_packet *user_packet);

/* Take up to `max` packets, oldest first, into out[0..*count). Blocks until there is at least
 * one or hio_clock_ns() >= deadline_ns (0: forever) -> VX_ETIMEDOUT with *count = 0. A kernel
 * thread may block; any caller may poll with a deadline already past. */
vx_status_t port_wait(struct port *p, uint64_t deadline_ns, struct vx_port_packet *out,
                      uint32_t max, uint32_t *count);

#endif /* IPC_PORT_H */
