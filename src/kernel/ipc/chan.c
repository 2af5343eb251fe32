/*
 * ipc/chan.c - VXChan channels (see chan.h).
 *
 * One lock per pair guards both queues, both peer pointers and the callers waiting for
 * replies. Every operation is decode, then invoke: under the pair lock it checks everything
 * that can fail (peer alive, room or a waiting caller, the sender's handles, the reader's
 * buffers and table) and only then changes anything. Endpoint signals are recomputed from the
 * queues under the same lock (update_signals), so they never disagree with the queues.
 * Messages taken off a queue are freed after the lock is dropped, since freeing closes their
 * handles and that may destroy other objects.
 */
#define VX_SUBSYSTEM "chan"
#include "kernel/ipc/chan.h"

#include "hostio.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/waitq.h"
#include "lib/assert.h"
#include "lib/string.h"

#define CHAN_SIGNALS (VX_SIG_READABLE | VX_SIG_WRITABLE | VX_SIG_PEER_CLOSED)

/* A thread in chan_call, on its own stack. Finished (reply or ECLOSED) under pair->lock, and
 * woken under wq.lock while pair->lock is still held: once the caller holds pair->lock again
 * nobody touches this record. */
struct chan_caller {
    struct list_node link;  /* (p) on the calling endpoint's calls while waiting */
    uint32_t txid;          /* (c) */
    struct chan_msg *reply; /* (p) */
    vx_status_t status;     /* (p) VX_OK with a reply, VX_ECLOSED if the peer went */
    bool done;              /* (wq.lock) */
    struct waitq wq;
};

/* ---- messages ------------------------------------------------------------------------ */

struct chan_msg *chan_msg_alloc(uint32_t nbytes, uint32_t nhandles, vx_status_t *st)
{
    if (nbytes > VX_CHAN_MAX_BYTES || nhandles > VX_CHAN_MAX_HANDLES) {
        *st = VX_EINVAL;
        return NULL;
    }
    size_t head = sizeof(struct chan_msg) + (size_t)nhandles * sizeof(struct handle_xfer);
    bool apart = head + nbytes > KMALLOC_MAX && nbytes > 0;
    struct chan_msg *m = kmalloc(apart ? head : head + nbytes);
    uint8_t *bytes = apart ? kmalloc(nbytes) : NULL;
    if (!m || (apart && !bytes)) {
        kfree(m);
        kfree(bytes);
        *st = VX_ENOMEM;
        return NULL;
    }
    list_init(&m->link);
    m->nbytes = nbytes;
    m->nhandles = nhandles;
    m->bytes_apart = apart;
    m->bytes = apart ? bytes : (uint8_t *)&m->handles[nhandles];
    vx_memset(m->handles, 0, (size_t)nhandles * sizeof(struct handle_xfer));
    *st = VX_OK;
    return m;
}

void chan_msg_free(struct chan_msg *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nhandles; i++)
        if (m->handles[i].obj)
            kobject_put(m->handles[i].obj);
    if (m->bytes_apart)
        kfree(m->bytes);
    kfree(m);
}

static void free_msgs(struct list_node *list)
{
    struct list_node *n;
    while ((n = list_pop_front(list)) != NULL)
        chan_msg_free(list_entry(n, struct chan_msg, link));
}

static uint32_t msg_txid(const struct chan_msg *m)
{
    uint32_t txid = 0;
    if (m->nbytes >= VX_CHAN_TXID_BYTES)
        vx_memcpy(&txid, m->bytes, sizeof txid);
    return txid;
}

/* ---- endpoints ----------------------------------------------------------------------- */

/* Recompute e's signals from the queues. Caller must hold e->pair->lock. */
static void update_signals(struct chan *e)
{
    VX_ASSERT(spin_held(&e->pair->lock));
    uint32_t now = 0;
    if (e->queued)
        now |= VX_SIG_READABLE;
    if (!e->peer)
        now |= VX_SIG_PEER_CLOSED;
    else if (e->peer->queued < VX_CHAN_MAX_QUEUED)
        now |= VX_SIG_WRITABLE;
    kobject_signal(&e->ko, CHAN_SIGNALS & ~now, now);
}

/* Hand a caller its outcome and wake it. Caller must hold the pair lock. */
static void finish_caller(struct chan_caller *cl, struct chan_msg *reply, vx_status_t status)
{
    list_remove(&cl->link);
    cl->reply = reply;
    cl->status = status;
    spin_lock(&cl->wq.lock);
    cl->done = true;
    waitq_wake_locked(&cl->wq, 1);
    spin_unlock(&cl->wq.lock);
}

static void chan_destroy(struct kobject *o)
{
    struct chan *e = (struct chan *)o;
    struct chan_pair *pair = e->pair;
    struct list_node dead;
    list_init(&dead);
    spin_lock(&pair->lock);
    VX_ASSERT(list_empty(&e->calls)); /* a caller holds a reference */
    while (!list_empty(&e->queue))
        list_push_back(&dead, list_pop_front(&e->queue));
    e->queued = 0;
    struct chan *peer = e->peer;
    if (peer) {
        peer->peer = NULL;
        while (!list_empty(&peer->calls))
            finish_caller(list_entry(peer->calls.next, struct chan_caller, link), NULL, VX_ECLOSED);
        update_signals(peer);
    }
    spin_unlock(&pair->lock);
    free_msgs(&dead);
    if (atomic_fetch_sub_explicit(&pair->ends, 1, memory_order_acq_rel) == 1)
        kfree(pair);
    kfree(e);
}

static const struct kobject_ops chan_ops = {chan_destroy};

vx_status_t chan_create(struct chan **end0, struct chan **end1)
{
    struct chan_pair *pair = kmalloc(sizeof *pair);
    struct chan *e[2] = {kmalloc(sizeof(struct chan)), kmalloc(sizeof(struct chan))};
    if (!pair || !e[0] || !e[1]) {
        kfree(pair);
        kfree(e[0]);
        kfree(e[1]);
        return VX_ENOMEM;
    }
    spin_init(&pair->lock, "chan_pair");
    atomic_init(&pair->ends, 2);
    pair->next_txid = 1;
    for (int i = 0; i < 2; i++) {
        kobject_init(&e[i]->ko, VX_OBJ_CHANNEL, &chan_ops);
        e[i]->pair = pair;
        e[i]->peer = e[1 - i];
        list_init(&e[i]->queue);
        e[i]->queued = 0;
        list_init(&e[i]->calls);
    }
    spin_lock(&pair->lock);
    update_signals(e[0]);
    update_signals(e[1]);
    spin_unlock(&pair->lock);
    *end0 = e[0];
    *end1 = e[1];
    return VX_OK;
}

/* ---- writing ------------------------------------------------------------------------- */

/* The caller on `to` waiting for the reply m, or NULL. Caller must hold the pair lock. */
static struct chan_caller *caller_for(struct chan *to, const struct chan_msg *m)
{
    if (list_empty(&to->calls))
        return NULL;
    uint32_t txid = msg_txid(m);
    if (!(txid & VX_CHAN_TXID_KERNEL))
        return NULL;
    struct list_node *pos;
    list_for_each(pos, &to->calls) {
        struct chan_caller *cl = list_entry(pos, struct chan_caller, link);
        if (cl->txid == txid)
            return cl;
    }
    return NULL;
}

/* Decode a write of m from c (pair lock held): where it goes, and whether it can. On success
 * the handles are taken out of `from` (the one step that both checks and acts, atomically
 * under the table lock) and *cl says whether m is a reply for a waiting caller. */
static vx_status_t decode_write(struct chan *c, struct handle_table *from, struct chan_msg *m,
                                const vx_handle_t *handles, struct chan_caller **cl)
{
    struct chan *to = c->peer;
    if (!to)
        return VX_ECLOSED;
    *cl = caller_for(to, m);
    if (!*cl && to->queued >= VX_CHAN_MAX_QUEUED)
        return VX_ELIMIT;
    if (m->nhandles == 0)
        return VX_OK;
    return handle_take_many(from, handles, m->nhandles, &c->ko, &to->ko, m->handles);
}

/* Deliver m to c's peer; cannot fail. This is where a fast path would hand m straight to a
 * thread blocked reading the peer. Caller must hold the pair lock. */
static void invoke_write(struct chan *c, struct chan_msg *m, struct chan_caller *cl)
{
    struct chan *to = c->peer;
    if (cl) {
        finish_caller(cl, m, VX_OK);
        return;
    }
    list_push_back(&to->queue, &m->link);
    to->queued++;
    update_signals(to);
    update_signals(c);
}

vx_status_t chan_write_msg(struct chan *c, struct handle_table *from, struct chan_msg *m,
                           const vx_handle_t *handles)
{
    struct chan_caller *cl = NULL;
    spin_lock(&c->pair->lock);
    vx_status_t st = decode_write(c, from, m, handles, &cl);
    if (st == VX_OK)
        invoke_write(c, m, cl);
    spin_unlock(&c->pair->lock);
    if (st != VX_OK)
        chan_msg_free(m); /* no handle was taken: it holds none */
    return st;
}

vx_status_t chan_write(struct chan *c, struct handle_table *from, const void *bytes,
                       uint32_t nbytes, const vx_handle_t *handles, uint32_t nhandles)
{
    vx_status_t st;
    struct chan_msg *m = chan_msg_alloc(nbytes, nhandles, &st);
    if (!m)
        return st;
    if (nbytes)
        vx_memcpy(chan_msg_bytes(m), bytes, nbytes);
    return chan_write_msg(c, from, m, handles);
}

/* ---- reading ------------------------------------------------------------------------- */

/* Move m's handles into `to`, all or none; on success m holds none any more. */
static vx_status_t install_handles(struct chan_msg *m, struct handle_table *to,
                                   vx_handle_t *handles)
{
    if (m->nhandles == 0)
        return VX_OK;
    vx_status_t st = handle_add_many(to, m->handles, m->nhandles, handles);
    if (st == VX_OK)
        vx_memset(m->handles, 0, (size_t)m->nhandles * sizeof(struct handle_xfer));
    return st;
}

vx_status_t chan_read_msg(struct chan *c, struct handle_table *to, uint32_t bytes_cap,
                          vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                          uint32_t *actual_bytes, uint32_t *actual_handles)
{
    vx_status_t st = VX_OK;
    spin_lock(&c->pair->lock);
    if (list_empty(&c->queue)) {
        st = c->peer ? VX_EAGAIN : VX_ECLOSED;
        goto out_unlock;
    }
    struct chan_msg *m = list_entry(c->queue.next, struct chan_msg, link);
    *actual_bytes = m->nbytes;
    *actual_handles = m->nhandles;
    if (m->nbytes > bytes_cap || m->nhandles > handles_cap) {
        st = VX_ERANGE;
        goto out_unlock;
    }
    /* Under the pair lock, so the message leaves the queue only once its handles are in. */
    if ((st = install_handles(m, to, handles)) != VX_OK)
        goto out_unlock;
    list_remove(&m->link);
    c->queued--;
    update_signals(c);
    if (c->peer)
        update_signals(c->peer);
    *out = m;
out_unlock:
    spin_unlock(&c->pair->lock);
    return st;
}

vx_status_t chan_read(struct chan *c, struct handle_table *to, void *bytes, uint32_t bytes_cap,
                      vx_handle_t *handles, uint32_t handles_cap, uint32_t *actual_bytes,
                      uint32_t *actual_handles)
{
    struct chan_msg *m;
    vx_status_t st =
        chan_read_msg(c, to, bytes_cap, handles, handles_cap, &m, actual_bytes, actual_handles);
    if (st != VX_OK)
        return st;
    if (m->nbytes)
        vx_memcpy(bytes, chan_msg_bytes(m), m->nbytes);
    chan_msg_free(m);
    return VX_OK;
}

/* ---- calls --------------------------------------------------------------------------- */

/* Sleep until cl is finished or the deadline passes. */
static void wait_for_reply(struct chan_caller *cl, uint64_t deadline_ns)
{
    spin_lock(&cl->wq.lock);
    while (!cl->done) {
        if (deadline_ns && hio_clock_ns() >= deadline_ns)
            break;
        if (waitq_sleep_locked(&cl->wq, deadline_ns) == VX_ETIMEDOUT)
            break;
    }
    spin_unlock(&cl->wq.lock);
}

/* Check the reply against the caller's buffers and table; the reply is freed on failure. */
static vx_status_t receive_reply(struct chan_msg *m, struct handle_table *tbl, uint32_t bytes_cap,
                                 vx_handle_t *handles, uint32_t handles_cap, uint32_t *actual_bytes,
                                 uint32_t *actual_handles)
{
    vx_status_t st = VX_OK;
    *actual_bytes = m->nbytes;
    *actual_handles = m->nhandles;
    if (m->nbytes > bytes_cap || m->nhandles > handles_cap)
        st = VX_ERANGE;
    else
        st = install_handles(m, tbl, handles);
    if (st != VX_OK)
        chan_msg_free(m);
    return st;
}

vx_status_t chan_call(struct chan *c, struct handle_table *tbl, struct chan_msg *request,
                      const vx_handle_t *handles, uint64_t deadline_ns, uint32_t bytes_cap,
                      vx_handle_t *reply_handles, uint32_t handles_cap, struct chan_msg **reply,
                      uint32_t *actual_bytes, uint32_t *actual_handles)
{
    if (request->nbytes < VX_CHAN_TXID_BYTES) {
        chan_msg_free(request);
        return VX_EINVAL;
    }
    struct chan_caller cl = {.reply = NULL, .status = VX_OK, .done = false};
    list_init(&cl.link);
    waitq_init(&cl.wq, "chan_call");

    struct chan_caller *for_peer = NULL;
    spin_lock(&c->pair->lock);
    cl.txid = VX_CHAN_TXID_KERNEL | (c->pair->next_txid++ & ~VX_CHAN_TXID_KERNEL);
    vx_memcpy(chan_msg_bytes(request), &cl.txid, sizeof cl.txid);
    vx_status_t st = decode_write(c, tbl, request, handles, &for_peer);
    if (st == VX_OK) {
        /* Listen before sending, so the reply cannot overtake us. */
        list_push_back(&c->calls, &cl.link);
        invoke_write(c, request, for_peer);
    }
    spin_unlock(&c->pair->lock);
    if (st != VX_OK) {
        chan_msg_free(request);
        return st;
    }

    wait_for_reply(&cl, deadline_ns);

    spin_lock(&c->pair->lock);
    if (!list_unlinked(&cl.link)) {
        list_remove(&cl.link); /* nobody answered in time */
        st = VX_ETIMEDOUT;
    } else {
        st = cl.status;
    }
    spin_unlock(&c->pair->lock);
    if (st != VX_OK)
        return st;
    st = receive_reply(cl.reply, tbl, bytes_cap, reply_handles, handles_cap, actual_bytes,
                       actual_handles);
    if (st == VX_OK)
        *reply = cl.reply;
    return st;
}

void chan_get_info(struct chan *c, uint64_t *peer_koid, uint32_t *queued)
{
    spin_lock(&c->pair->lock);
    *peer_koid = c->peer ? c->peer->ko.koid : 0;
    *queued = c->queued;
    spin_unlock(&c->pair->lock);
}
