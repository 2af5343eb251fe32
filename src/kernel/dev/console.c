/*
 * dev/console.c - the console device (see console.h and vx/console.h).
 */
#define VX_SUBSYSTEM "console"
#include "kernel/dev/console.h"

#include "hostio.h"
#include "kernel/console.h"
#include "kernel/mm/slab.h"
#include "kernel/param.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/waitq.h"
#include "lib/string.h"
#include "vx/console.h"

#define PENDING_MAX 64u /* reads waiting for input: at most the channel's own queue */

/* Lock key: (w) reads.lock, (o) the out thread, (c) constant after create. */
struct console_dev {
    struct chan *end;      /* (c) the kernel's endpoint, a reference */
    struct thread *in;     /* (c) the in thread, a reference */
    struct waitq reads;    /* the in thread sleeps here for work */
    struct vx_console_req pending[PENDING_MAX]; /* (w) reads not yet answered, a ring */
    uint32_t head, count;  /* (w) */
    bool ending;           /* (w) the user endpoint is gone: the in thread ends */
};

/* Answer request `txid` with status and `n` bytes of data. A reply nobody waits for any more
 * (the caller gave up, or is gone) is harmless: it queues or fails. */
static void reply(struct console_dev *d, uint32_t txid, int32_t status, const void *data,
                  uint32_t n)
{
    struct vx_console_rep rep = {.txid = txid, .status = status};
    vx_status_t st;
    struct chan_msg *m = chan_msg_alloc((uint32_t)sizeof rep + n, 0, &st);
    if (!m)
        return; /* out of memory: the caller's call times out or is interrupted */
    vx_memcpy(chan_msg_bytes(m), &rep, sizeof rep);
    if (n)
        vx_memcpy(chan_msg_bytes(m) + sizeof rep, data, n);
    chan_write_msg(d->end, NULL, m, NULL);
}

static int in_main(void *arg)
{
    struct console_dev *d = arg;
    uint8_t data[VX_CONSOLE_READ_MAX];
    bool ended = false; /* input is over: every read gets 0 at once */
    for (;;) {
        spin_lock(&d->reads.lock);
        while (d->count == 0 && !d->ending)
            waitq_sleep_locked(&d->reads, 0);
        if (d->ending) {
            spin_unlock(&d->reads.lock);
            return 0;
        }
        struct vx_console_req r = d->pending[d->head];
        spin_unlock(&d->reads.lock);

        int64_t n = ended ? VX_EEOF : console_read(data, r.arg);
        if (n == VX_ECANCELED)
            return 0; /* the device is ending */
        ended = n == VX_EEOF;
        reply(d, r.txid, ended ? 0 : (int32_t)n, data, ended ? 0 : (uint32_t)n);

        spin_lock(&d->reads.lock);
        d->head = (d->head + 1) % PENDING_MAX;
        d->count--;
        spin_unlock(&d->reads.lock);
    }
}

/* One request from the user endpoint. */
static void serve(struct console_dev *d, const uint8_t *msg, uint32_t len)
{
    struct vx_console_req r;
    if (len < sizeof r) {
        if (len >= sizeof r.txid) {
            vx_memcpy(&r.txid, msg, sizeof r.txid);
            reply(d, r.txid, VX_EINVAL, NULL, 0);
        }
        return;
    }
    vx_memcpy(&r, msg, sizeof r);
    const uint8_t *bytes = msg + sizeof r;
    uint32_t n = len - (uint32_t)sizeof r;
    if (r.op == VX_CONSOLE_WRITE && (r.arg == VX_CONSOLE_OUT || r.arg == VX_CONSOLE_ERR)) {
        int st = hio_console_write_stream(r.arg == VX_CONSOLE_OUT ? HIO_STDOUT : HIO_STDERR,
                                          bytes, n);
        reply(d, r.txid, st == HIO_OK ? (int32_t)n : VX_EIO, NULL, 0);
        return;
    }
    if (r.op == VX_CONSOLE_READ && r.arg >= 1 && r.arg <= VX_CONSOLE_READ_MAX && n == 0) {
        spin_lock(&d->reads.lock);
        bool room = d->count < PENDING_MAX;
        if (room) {
            d->pending[(d->head + d->count) % PENDING_MAX] = r;
            d->count++;
            waitq_wake_locked(&d->reads, 1);
        }
        spin_unlock(&d->reads.lock);
        if (!room)
            reply(d, r.txid, VX_ELIMIT, NULL, 0);
        return;
    }
    reply(d, r.txid, VX_EINVAL, NULL, 0);
}

static int out_main(void *arg)
{
    struct console_dev *d = arg;
    for (;;) {
        struct chan_msg *m;
        uint32_t nbytes, nhandles;
        vx_status_t st =
            chan_read_msg(d->end, NULL, VX_CHAN_MAX_BYTES, NULL, 0, &m, &nbytes, &nhandles);
        if (st == VX_EAGAIN) {
            uint32_t observed;
            kobject_wait_one(&d->end->ko, VX_SIG_READABLE | VX_SIG_PEER_CLOSED, 0, &observed);
            continue;
        }
        if (st != VX_OK)
            break; /* VX_ECLOSED: the user endpoint is gone and nothing is left */
        serve(d, chan_msg_bytes(m), m->nbytes);
        chan_msg_free(m);
    }
    spin_lock(&d->reads.lock);
    d->ending = true;
    waitq_wake_locked(&d->reads, UINT32_MAX);
    spin_unlock(&d->reads.lock);
    thread_interrupt(d->in); /* it may be waiting for input */
    thread_join(d->in);
    kobject_put(&d->end->ko);
    kfree(d);
    return 0;
}

vx_status_t console_dev_create(struct chan **user)
{
    struct console_dev *d = kmalloc(sizeof *d);
    if (!d)
        return VX_ENOMEM;
    vx_memset(d, 0, sizeof *d);
    waitq_init(&d->reads, "console-dev");
    vx_status_t st = chan_create(&d->end, user);
    if (st) {
        kfree(d);
        return st;
    }
    struct thread *out = thread_create("console-out", out_main, d, PARAM_PRIO_DEFAULT, &st);
    if (out)
        d->in = thread_create("console-in", in_main, d, PARAM_PRIO_DEFAULT, &st);
    if (!out || !d->in) {
        if (out)
            thread_discard(out);
        kobject_put(&d->end->ko);
        kobject_put(&(*user)->ko);
        kfree(d);
        return st;
    }
    thread_start(d->in);
    thread_start(out);
    thread_put(out);
    return VX_OK;
}
