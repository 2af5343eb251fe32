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
#include "kernel/sched/sched.h"
#include "kernel/sched/waitq.h"
#include "lib/assert.h"
#include "lib/string.h"

#define CHAN_SIGNALS (VX_SIG_READABLE | VX_SIG_WRITABLE | VX_SIG_PEER_CLOSED)


/* A thread in chan_call, on its own stack. Finished (reply or ECLOSED) under pair->lock, and
 * taken off wq (to be woken) under wq.lock while pair->lock is still held: once the caller
 * holds pair->lock again nobody touches this record. */
struct chan_caller {
    struct list_node link;  /* (p) on the calling endpoint's calls while waiting */
    uint32_t txid;          /* (c) */
    struct thread *thread;  /* (c) the calling kernel thread; NULL from a host thread */
    struct thread *server;  /* (p) the thread boosted by this call (a reference), or NULL */
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
    if (now == e->sigs)
        return; /* the common case for the writer's own end: nothing to tell anyone */
    e->sigs = now;
    kobject_signal(&e->ko, CHAN_SIGNALS & ~now, now);
}

/* Hand a caller its outcome and end the boost its call lent. Returns the caller's thread if it
 * is asleep, taken off its wait list: whoever called this must wake it (or hand it the vCPU).
 * Caller must hold the pair lock. */
static struct thread *finish_caller(struct chan_caller *cl, struct chan_msg *reply,
                                    vx_status_t status)
{
    list_remove(&cl->link);
    cl->reply = reply;
    cl->status = status;
    if (cl->server)
        sched_unboost(cl->server); /* its reference is dropped by the caller */
    spin_lock(&cl->wq.lock);
    cl->done = true;
    struct thread *sleeper = waitq_take_locked(&cl->wq);
    spin_unlock(&cl->wq.lock);
    return sleeper;
}

static void wake(struct thread *t)
{
    if (t)
        sched_wake(t);
}

/* Wake every thread in chan_serve on e (its peer went). Caller must hold the pair lock. */
static void wake_readers(struct chan *e)
{
    spin_lock(&e->readers.lock);
    waitq_wake_locked(&e->readers, UINT32_MAX);
    spin_unlock(&e->readers.lock);
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
            wake(finish_caller(list_entry(peer->calls.next, struct chan_caller, link), NULL,
                               VX_ECLOSED));
        wake_readers(peer);
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
        e[i]->sigs = 0;
        list_init(&e[i]->calls);
        waitq_init(&e[i]->readers, "chan_readers");
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

/* Priority inheritance: `server` is about to handle the call of `caller`; lend it the
 * caller's key, if stronger than its own, until the reply (finish_caller ends it). One boost
 * per call. Caller must hold the pair lock. */
static void lend_priority(struct chan_caller *caller, struct thread *server)
{
    if (caller && caller->thread && !caller->server && server &&
        sched_boost(server, caller->thread)) {
        thread_get(server);
        caller->server = server;
    }
}

/* Deliver m to c's peer; cannot fail. Returns the thread that should run next because of it,
 * taken off its wait list, for the caller to wake once the pair lock is dropped, or to hand
 * its vCPU to: the caller a reply (`cl`) is for, or a thread in chan_serve on the peer, which
 * is boosted by `caller` if m is that caller's request. Caller must hold the pair lock. */
static struct thread *invoke_write(struct chan *c, struct chan_msg *m, struct chan_caller *cl,
                                   struct chan_caller *caller)
{
    struct chan *to = c->peer;
    if (cl)
        return finish_caller(cl, m, VX_OK);
    list_push_back(&to->queue, &m->link);
    to->queued++;
    update_signals(to);
    update_signals(c);
    spin_lock(&to->readers.lock);
    struct thread *reader = waitq_take_locked(&to->readers);
    spin_unlock(&to->readers.lock);
    lend_priority(caller, reader);
    return reader;
}

/* Write m from c; *next as invoke_write returns it (NULL on failure). */
static vx_status_t write_msg(struct chan *c, struct handle_table *from, struct chan_msg *m,
                             const vx_handle_t *handles, struct thread **next)
{
    struct chan_caller *cl = NULL;
    *next = NULL;
    spin_lock(&c->pair->lock);
    vx_status_t st = decode_write(c, from, m, handles, &cl);
    if (st == VX_OK)
        *next = invoke_write(c, m, cl, NULL);
    spin_unlock(&c->pair->lock);
    if (st != VX_OK)
        chan_msg_free(m); /* no handle was taken: it holds none */
    return st;
}

vx_status_t chan_write_msg(struct chan *c, struct handle_table *from, struct chan_msg *m,
                           const vx_handle_t *handles)
{
    struct thread *next;
    vx_status_t st = write_msg(c, from, m, handles, &next);
    wake(next);
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
    if (m->nhandles == 0 || !to) /* a kernel reader: they stay in m, closed when it is freed */
        return VX_OK;
    vx_status_t st = handle_add_many(to, m->handles, m->nhandles, handles);
    if (st == VX_OK)
        vx_memset(m->handles, 0, (size_t)m->nhandles * sizeof(struct handle_xfer));
    return st;
}

/* chan_read_msg's work. Caller must hold the pair lock. */
static vx_status_t take_msg(struct chan *c, struct handle_table *to, uint32_t bytes_cap,
                            vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                            uint32_t *actual_bytes, uint32_t *actual_handles)
{
    if (list_empty(&c->queue))
        return c->peer ? VX_EAGAIN : VX_ECLOSED;
    struct chan_msg *m = list_entry(c->queue.next, struct chan_msg, link);
    *actual_bytes = m->nbytes;
    *actual_handles = m->nhandles;
    if (m->nbytes > bytes_cap || (to && m->nhandles > handles_cap))
        return VX_ERANGE;
    /* Under the pair lock, so the message leaves the queue only once its handles are in. */
    vx_status_t st = install_handles(m, to, handles);
    if (st != VX_OK)
        return st;
    list_remove(&m->link);
    c->queued--;
    update_signals(c);
    if (c->peer)
        update_signals(c->peer);
    /* A call nobody was waiting for when it was sent: its reader serves it. */
    if (c->peer)
        lend_priority(caller_for(c->peer, m), thread_current_or_null());
    *out = m;
    return VX_OK;
}

vx_status_t chan_read_msg(struct chan *c, struct handle_table *to, uint32_t bytes_cap,
                          vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                          uint32_t *actual_bytes, uint32_t *actual_handles)
{
    spin_lock(&c->pair->lock);
    vx_status_t st =
        take_msg(c, to, bytes_cap, handles, handles_cap, out, actual_bytes, actual_handles);
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

/* Sleep until cl is finished, the deadline passes (VX_ETIMEDOUT) or the thread is
 * interrupted (VX_ECANCELED). `next` (may be NULL) is a thread to wake, which gets this vCPU
 * straight away if the caller does sleep. */
static vx_status_t wait_for_reply(struct chan_caller *cl, uint64_t deadline_ns,
                                  struct thread *next)
{
    vx_status_t st = VX_OK;
    spin_lock(&cl->wq.lock);
    while (!cl->done && st == VX_OK) {
        if (deadline_ns && hio_clock_ns() >= deadline_ns) {
            st = VX_ETIMEDOUT;
            break;
        }
        st = waitq_wait_locked(&cl->wq, deadline_ns, next);
        next = NULL;
    }
    spin_unlock(&cl->wq.lock);
    if (next)
        sched_wake(next); /* done before we slept */
    return st;
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
                      const vx_handle_t *handles, uint64_t deadline_ns, uint32_t bytes_cap, vx_handle_t *reply_handles, uint32_t handles_cap,
                      struct chan_msg **reply, uint32_t *actual_bytes, uint32_t *actual_handles)
{
    if (request->nbytes < VX_CHAN_TXID_BYTES) {
        chan_msg_free(request);
        return VX_EINVAL;
    }
    struct chan_caller cl = {.thread = thread_current_or_null(), .status = VX_OK};
    list_init(&cl.link);
    waitq_init(&cl.wq, "chan_call");

    struct chan_caller *for_peer = NULL;
    struct thread *next = NULL;
    spin_lock(&c->pair->lock);
    cl.txid = VX_CHAN_TXID_KERNEL | (c->pair->next_txid++ & ~VX_CHAN_TXID_KERNEL);
    vx_memcpy(chan_msg_bytes(request), &cl.txid, sizeof cl.txid);
    vx_status_t st = decode_write(c, tbl, request, handles, &for_peer);
    if (st == VX_OK) {
        /* Listen before sending, so the reply cannot overtake us. */
        list_push_back(&c->calls, &cl.link);
        next = invoke_write(c, request, for_peer, &cl);
    }
    spin_unlock(&c->pair->lock);
    if (st != VX_OK) {
        chan_msg_free(request);
        return st;
    }

    vx_status_t waited = wait_for_reply(&cl, deadline_ns, next);

    spin_lock(&c->pair->lock);
    if (!list_unlinked(&cl.link)) {
        list_remove(&cl.link); /* nobody answered in time, or we were interrupted */
        if (cl.server)
            sched_unboost(cl.server);
        st = waited == VX_ECANCELED ? VX_ECANCELED : VX_ETIMEDOUT;
    } else {
        st = cl.status;
    }
    spin_unlock(&c->pair->lock);
    if (cl.server)
        thread_put(cl.server);
    if (st != VX_OK)
        return st;
    st = receive_reply(cl.reply, tbl, bytes_cap, reply_handles, handles_cap, actual_bytes,
                       actual_handles);
    if (st == VX_OK)
        *reply = cl.reply;
    return st;
}

vx_status_t chan_serve(struct chan *c, struct handle_table *tbl, struct chan_msg *reply,
                       const vx_handle_t *reply_handles, uint64_t deadline_ns, uint32_t bytes_cap,
                       vx_handle_t *handles, uint32_t handles_cap, struct chan_msg **out,
                       uint32_t *actual_bytes, uint32_t *actual_handles)
{
    struct thread *next = NULL;
    vx_status_t st;
    if (reply && (st = write_msg(c, tbl, reply, reply_handles, &next)) != VX_OK)
        return st;
    for (;;) {
        spin_lock(&c->pair->lock);
        st = take_msg(c, tbl, bytes_cap, handles, handles_cap, out, actual_bytes, actual_handles);
        if (st != VX_EAGAIN || (deadline_ns && hio_clock_ns() >= deadline_ns)) {
            spin_unlock(&c->pair->lock);
            break;
        }
        spin_lock(&c->readers.lock);
        spin_unlock(&c->pair->lock);
        vx_status_t w = waitq_wait_locked(&c->readers, deadline_ns, next);
        spin_unlock(&c->readers.lock);
        next = NULL;
        if (w != VX_OK) {
            st = w;
            break;
        }
    }
    wake(next);
    if (st == VX_ERANGE || st == VX_ELIMIT || st == VX_ENOMEM) {
        /* Woken for a message we did not take (it did not fit): another reader may. */
        spin_lock(&c->pair->lock);
        if (c->queued) {
            spin_lock(&c->readers.lock);
            waitq_wake_locked(&c->readers, 1);
            spin_unlock(&c->readers.lock);
        }
        spin_unlock(&c->pair->lock);
    }
    return st == VX_EAGAIN ? VX_ETIMEDOUT : st;
}

void chan_get_info(struct chan *c, uint64_t *peer_koid, uint32_t *queued)
{
    spin_lock(&c->pair->lock);
    *peer_koid = c->peer ? c->peer->ko.koid : 0;
    *queued = c->queued;
    spin_unlock(&c->pair->lock);
}
