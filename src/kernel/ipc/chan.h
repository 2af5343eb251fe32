/*
 * ipc/chan.h - VXChan: bidirectional message channels carrying bytes and handles.
 *
 * chan_create makes two endpoints, each its own kernel object (VX_OBJ_CHANNEL) with its own
 * reference count; they share one struct chan_pair. A message written to one endpoint is
 * queued at the other, in order, and read there. A message holds up to VX_CHAN_MAX_BYTES
 * bytes and VX_CHAN_MAX_HANDLES handles (vx/ipc.h); at most VX_CHAN_MAX_QUEUED messages wait
 * at one endpoint, beyond that a write fails with VX_ELIMIT (writes never block).
 *
 * Messages: the syscall layer builds one with chan_msg_alloc, copies the user's bytes straight
 * into chan_msg_bytes(m) and hands it to chan_write_msg; chan_write does the same from a
 * kernel buffer. Bytes live in kernel memory (one kmalloc block, or a block of their own when
 * large). Handles are MOVED: chan_write_msg checks every listed handle (live, with
 * VX_RIGHT_TRANSFER, listed once, neither the endpoint written to nor its peer) and only then
 * takes them all out of the sender's table, so on any error nothing is moved. In a queued
 * message a handle is a kernel reference plus its rights; the reader's table receives them
 * with the same rights, all at once or not at all.
 *
 * Why not the peer: a message written to endpoint A is queued at B, so a handle to B inside it
 * would keep B alive from its own queue forever. Longer cycles (A's message holds C, C's
 * queue holds A's peer...) are not detected: closing every handle of one of those endpoints
 * does not free them. Closing both ends of a channel always frees everything queued in it.
 *
 * Peer closed: when an endpoint's last reference goes, the messages queued at it are freed
 * (their handles closed), its peer gets VX_SIG_PEER_CLOSED, writes to the peer fail with
 * VX_ECLOSED, and the peer can still read what was queued for it, then gets VX_ECLOSED.
 *
 * Signals of an endpoint: VX_SIG_READABLE while a message is queued at it, VX_SIG_WRITABLE
 * while the peer is alive with room in its queue, VX_SIG_PEER_CLOSED once the peer is gone.
 *
 * Calls (chan_call): the kernel writes a fresh transaction id (bit 31 set, VX_CHAN_TXID_KERNEL)
 * into the first 4 bytes of the request, in host byte order (little-endian on every VaelixOS
 * target), sends it, and sleeps until a message arrives at the same endpoint whose first 4
 * bytes are that txid. The server reads the request as an ordinary message and replies with a
 * write whose first 4 bytes are copied from the request. The reply goes to the caller, not to
 * the endpoint's queue (it bypasses the queue limit). A reply that arrives after its caller
 * gave up (timeout) is an ordinary message.
 *
 * Serving (chan_serve): a server thread writes its reply and waits for the next message in
 * one step. Threads waiting there sit on the endpoint's `readers` list, and each write that
 * queues a message takes one of them off it. The fast path: the writer does not wake that
 * thread through the run queues but, when it is about to block anyway (a caller waiting for
 * its reply, a server waiting for its next request), hands it its vCPU in the same switch
 * (sched_block_handoff) if the thread last ran there. A call round trip between a client and
 * a server on one vCPU is then two direct switches and no run queue operation.
 *
 * Priority inheritance: the thread that takes a call's request off the queue (read or serve)
 * is boosted by the caller's key (sched_boost) if it is stronger than its own, until the reply
 * is written (or the caller gives up). A thread boosted by several calls keeps the strongest
 * key until the first of them is answered (sched_unboost drops every lent key).
 *
 * Lock key: (p) pair->lock, (c) constant after create.
 * Lock order: pair->lock, then a handle table's lock (a leaf; growing it allocates with only
 *   the pair lock held), then an endpoint's kobject sig_lock (and what cap/object.h puts after
 *   it), then a caller's waitq lock or the endpoint's readers lock, then scheduler locks
 *   (waking, boosting). No other channel's lock is taken under a pair lock:
 *   messages, and the references in them, are freed after it is released.
 *
 * Errors: VX_ENOMEM; VX_EINVAL (a message over the limits, a bad handle list, a call request
 * under 4 bytes); VX_EBADH, VX_EPERM (a listed handle is dead / lacks VX_RIGHT_TRANSFER);
 * VX_ELIMIT (the peer's queue is full, or the reader's handle table is); VX_ECLOSED (peer
 * gone); VX_EAGAIN (nothing to read); VX_ERANGE (the reader's buffers are too small);
 * VX_ETIMEDOUT (a call's deadline passed).
 */
#ifndef IPC_CHAN_H
#define IPC_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/cap/handle.h"
#include "kernel/cap/object.h"
#include "kernel/sched/waitq.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/ipc.h"
#include "vx/status.h"

struct chan_pair {
    struct spinlock lock;
    _Atomic uint32_t ends; /* endpoints not yet destroyed; the last one frees the pair */
    uint32_t next_txid;    /* (p) */
};

struct chan {
    struct kobject ko;      /* first: an endpoint is a kernel object */
    struct chan_pair *pair; /* (c) */
    struct chan *peer;      /* (p) NULL once the peer is destroyed */
    struct list_node queue; /* (p) struct chan_msg via link: messages for this end */
    uint32_t queued;        /* (p) messages on queue */
    struct list_node calls; /* (p) callers on this end waiting for their reply */
    struct waitq readers;   /* threads in chan_serve on this end, waiting for a message */
    uint32_t sigs;          /* (p) the channel signals last set on ko (update_signals) */
};

struct chan_msg {
    struct list_node link;        /* (p) on an endpoint's queue */
    uint32_t nbytes;              /* (c) */
    uint32_t nhandles;            /* (c) */
    uint8_t *bytes;               /* (c) inline after handles[], or a block of its own */
    bool bytes_apart;             /* (c) bytes is a separate allocation */
    struct handle_xfer handles[]; /* obj NULL until taken from the sender's table */
};

/* For listings: the peer's koid (0 once it is gone) and the messages queued at c. */
void chan_get_info(struct chan *c, uint64_t *peer_koid, uint32_t *queued);

/* Two connected endpoints. *end0 and *end1 each hold one reference. */
vx_status_t chan_create(struct chan **end0, struct chan **end1);

/* A message with room for nbytes bytes and nhandles handles, for the caller to fill at
 * chan_msg_bytes(m). NULL with *st = VX_EINVAL (over the limits) or VX_ENOMEM. */
struct chan_msg *chan_msg_alloc(uint32_t nbytes, uint32_t nhandles, vx_status_t *st);
static inline void *chan_msg_bytes(struct chan_msg *m)
{
    return m->bytes;
}
/* Free a message, closing (dropping) the handles it holds. NULL does nothing. */
void chan_msg_free(struct chan_msg *m);

/* Write m to c's peer, moving handles[0..m->nhandles) out of `from`. Takes ownership of m,
 * also on failure (it is freed; no handle has moved then). */
vx_status_t chan_write_msg(struct chan *c, struct handle_table *from, struct chan_msg *m,
                           const vx_handle_t *handles);
/* The same from a kernel buffer: copies nbytes of `bytes` into a new message. */
vx_status_t chan_write(struct chan *c, struct handle_table *from, const void *bytes,
                       uint32_t nbytes, const vx_handle_t *handles, uint32_t nhandles);

/* Read the oldest message queued at c: its handles are added to `to` (values in
 * handles[0..*actual_handles)) and its bytes copied to bytes[0..*actual_bytes).
 * *actual_bytes and *actual_handles are set whenever a message is there. Buffers too small:
 * VX_ERANGE, the message stays queued. `to` cannot take the handles: VX_ELIMIT (or
 * VX_ENOMEM), the message stays queued. Nothing queued: VX_EAGAIN, or VX_ECLOSED when the
 * peer is gone too. */
vx_status_t chan_read(struct chan *c, struct handle_table *to, void *bytes, uint32_t bytes_cap,
                      vx_handle_t *handles, uint32_t handles_cap, uint32_t *actual_bytes,
                      uint32_t *actual_handles);
/* chan_read without the byte copy: on success *out is the dequeued message, its handles
 * already in `to`; the caller copies chan_msg_bytes(*out) (m->nbytes) and frees it with
 * chan_msg_free. `to` NULL: a kernel reader (a device), which takes any message within
 * bytes_cap; its handles stay in it and are closed by chan_msg_free. */
vx_status_t chan_read_msg(struct chan *c, struct handle_table *to, uint32_t bytes_cap,
                          vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                          uint32_t *actual_bytes, uint32_t *actual_handles);

/* Send `request` (at least VX_CHAN_TXID_BYTES bytes; its first 4 are overwritten with the
 * txid) like chan_write_msg, then block until the reply arrives or hio_clock_ns() >=
 * deadline_ns (0: never) -> VX_ETIMEDOUT. Takes ownership of request. On success *reply is the
 * reply message, its handles already in tbl (values in reply_handles), bytes to copy out as
 * with chan_read_msg. A reply over bytes_cap / handles_cap is VX_ERANGE with the sizes in
 * *actual_*, and the reply is discarded (its handles closed): it cannot go back to anyone;
 * likewise VX_ELIMIT if tbl cannot take its handles. VX_ECLOSED if the peer goes first.
 * Blocking needs a kernel thread; a deadline already past only sends. The wait is
 * interruptible (thread_interrupt): VX_ECANCELED, and a later reply is an ordinary message. */
vx_status_t chan_call(struct chan *c, struct handle_table *tbl, struct chan_msg *request,
                      const vx_handle_t *handles, uint64_t deadline_ns, uint32_t bytes_cap,
                      vx_handle_t *reply_handles, uint32_t handles_cap, struct chan_msg **reply,
                      uint32_t *actual_bytes, uint32_t *actual_handles);

/* A server's step: write `reply` (may be NULL: nothing is written) as chan_write_msg does,
 * then wait until a message is queued at c and take it as chan_read_msg does. A failed write
 * returns its error and waits for nothing. Waiting ends with VX_ETIMEDOUT when hio_clock_ns()
 * >= deadline_ns (0: never), with VX_ECLOSED once the peer is gone and the queue empty, with
 * VX_ECANCELED if the thread is interrupted.
 * Needs a kernel thread (it may sleep) unless a message is already queued. */
vx_status_t chan_serve(struct chan *c, struct handle_table *tbl, struct chan_msg *reply,
                       const vx_handle_t *reply_handles, uint64_t deadline_ns, uint32_t bytes_cap,
                       vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                       uint32_t *actual_bytes, uint32_t *actual_handles);

#endif /* IPC_CHAN_H */
