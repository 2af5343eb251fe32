/*
 * syscall/sys_ipc.c - waiting, signals, channels, ports, events and timers.
 *
 * Channel messages are built in the kernel: bytes are copied from the caller straight into a
 * chan_msg, handle lists into a small kernel array; what is read is copied out afterwards.
 */
#define VX_SUBSYSTEM "syscall"
#include "hostio.h"
#include "kernel/ipc/chan.h"
#include "kernel/ipc/event.h"
#include "kernel/ipc/futex.h"
#include "kernel/ipc/port.h"
#include "kernel/param.h"
#include "kernel/syscall/syscall.h"
#include "kernel/time/ktimer.h"

/* Packets returned by one vx_port_wait at most. They are gathered on the kernel stack (768
 * bytes): the call sleeps, so a per-vCPU buffer chosen before the sleep would be shared with
 * whatever ran on that vCPU meanwhile (TSan caught two system tasks' waits overlapping). */
#define PORT_WAIT_BATCH 16u

static uint64_t deadline_of(uint64_t a)
{
    return (int64_t)a > 0 ? a : 0;
}

int64_t sys_object_wait_one(const uint64_t *a)
{
    if (!sys_u32(a[1]))
        return VX_EINVAL;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_NONE, VX_RIGHT_WAIT, &o);
    if (st)
        return st;
    uint32_t observed = 0;
    st = kobject_wait_one(o, (uint32_t)a[1], deadline_of(a[2]), &observed);
    kobject_put(o);
    vx_status_t out = a[3] ? uaccess_out(a[3], &observed, sizeof observed) : VX_OK;
    return st ? st : out;
}

int64_t sys_object_signal(const uint64_t *a)
{
    if (!sys_u32(a[1]) || !sys_u32(a[2]))
        return VX_EINVAL;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_NONE, VX_RIGHT_SIGNAL, &o);
    if (st)
        return st;
    st = o->type == VX_OBJ_EVENT ? event_signal((struct event *)o, (uint32_t)a[1], (uint32_t)a[2])
                                 : kobject_user_signal(o, (uint32_t)a[1], (uint32_t)a[2]);
    kobject_put(o);
    return st;
}

int64_t sys_object_wait_async(const uint64_t *a)
{
    if (!sys_u32(a[3]) || !sys_u32(a[4]))
        return VX_EINVAL;
    struct kobject *o, *p;
    vx_status_t st = sys_get(a[0], VX_OBJ_NONE, VX_RIGHT_WAIT, &o);
    if (st)
        return st;
    if (!(st = sys_get(a[1], VX_OBJ_PORT, VX_RIGHT_WRITE, &p))) {
        st = port_wait_async((struct port *)p, o, a[2], (uint32_t)a[3], (uint32_t)a[4]);
        kobject_put(p);
    }
    kobject_put(o);
    return st;
}

int64_t sys_channel_create(const uint64_t *a)
{
    if (a[0])
        return VX_EINVAL;
    struct chan *e0, *e1;
    vx_status_t st = chan_create(&e0, &e1);
    if (st)
        return st;
    vx_handle_t h0;
    if ((st = handle_add(sys_handles(), &e0->ko, VX_RIGHTS_ALL, &h0))) {
        kobject_put(&e1->ko);
        return st;
    }
    if ((st = uaccess_out(a[1], &h0, sizeof h0)) || (st = sys_give(&e1->ko, VX_RIGHTS_ALL, a[2])))
        handle_close(sys_handles(), h0);
    return st;
}

/* A message from the caller's bytes and handle list; NULL with *st on failure. */
static struct chan_msg *msg_in(uint64_t ubytes, uint64_t nbytes, uint64_t uhandles,
                               uint64_t nhandles, vx_handle_t *handles, vx_status_t *st)
{
    if (nbytes > VX_CHAN_MAX_BYTES || nhandles > VX_CHAN_MAX_HANDLES) {
        *st = VX_EINVAL;
        return NULL;
    }
    if ((*st = uaccess_in(handles, uhandles, nhandles * sizeof *handles)))
        return NULL;
    struct chan_msg *m = chan_msg_alloc((uint32_t)nbytes, (uint32_t)nhandles, st);
    if (m && (*st = uaccess_in(chan_msg_bytes(m), ubytes, nbytes))) {
        chan_msg_free(m);
        m = NULL;
    }
    return m;
}

int64_t sys_channel_write(const uint64_t *a)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_CHANNEL, VX_RIGHT_WRITE, &o);
    if (st)
        return st;
    vx_handle_t handles[VX_CHAN_MAX_HANDLES];
    struct chan_msg *m = msg_in(a[1], a[2], a[3], a[4], handles, &st);
    if (m)
        st = chan_write_msg((struct chan *)o, sys_handles(), m, handles);
    kobject_put(o);
    return st;
}

/* Copy a received message out; frees it. */
static vx_status_t msg_out(struct chan_msg *m, uint64_t ubytes, uint32_t nbytes,
                           uint64_t uhandles, const vx_handle_t *handles, uint32_t nhandles)
{
    vx_status_t st = uaccess_out(ubytes, chan_msg_bytes(m), nbytes);
    if (!st)
        st = uaccess_out(uhandles, handles, nhandles * sizeof *handles);
    chan_msg_free(m);
    return st;
}

static vx_status_t actual_out(uint64_t uactual, uint32_t nbytes, uint32_t nhandles)
{
    uint32_t actual[2] = {nbytes, nhandles};
    return uactual ? uaccess_out(uactual, actual, sizeof actual) : VX_OK;
}

/* How many handles a reader can take: its count, capped at what a message can hold. */
static uint32_t handle_cap(uint64_t n)
{
    return n < VX_CHAN_MAX_HANDLES ? (uint32_t)n : VX_CHAN_MAX_HANDLES;
}

/* The end of every call that reads a message (st from the read): the sizes go out for VX_OK
 * and VX_ERANGE, then the message itself (freed). */
static int64_t deliver(vx_status_t st, struct chan_msg *m, uint32_t nb, uint32_t nh,
                       const vx_handle_t *handles, uint64_t ubytes, uint64_t uhandles,
                       uint64_t uactual)
{
    vx_status_t ast = (st == VX_OK || st == VX_ERANGE) ? actual_out(uactual, nb, nh) : VX_OK;
    if (st)
        return st;
    st = msg_out(m, ubytes, nb, uhandles, handles, nh);
    return st ? st : ast;
}

int64_t sys_channel_read(const uint64_t *a)
{
    if (!sys_u32(a[3]) || !sys_u32(a[4]))
        return VX_EINVAL;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_CHANNEL, VX_RIGHT_READ, &o);
    if (st)
        return st;
    vx_handle_t handles[VX_CHAN_MAX_HANDLES];
    uint32_t nb = 0, nh = 0;
    struct chan_msg *m = NULL;
    st = chan_read_msg((struct chan *)o, sys_handles(), (uint32_t)a[3], handles, handle_cap(a[4]),
                       &m, &nb, &nh);
    kobject_put(o);
    return deliver(st, m, nb, nh, handles, a[1], a[2], a[5]);
}

int64_t sys_channel_call(const uint64_t *a)
{
    struct vx_channel_call_args args;
    vx_status_t st = uaccess_in(&args, a[1], sizeof args);
    if (st)
        return st;
    struct kobject *o;
    if ((st = sys_get(a[0], VX_OBJ_CHANNEL, VX_RIGHT_READ | VX_RIGHT_WRITE, &o)))
        return st;
    vx_handle_t handles[VX_CHAN_MAX_HANDLES];
    struct chan_msg *req = msg_in(args.wr_bytes, args.wr_num_bytes, args.wr_handles,
                                  args.wr_num_handles, handles, &st);
    uint32_t nb = 0, nh = 0;
    struct chan_msg *reply = NULL;
    if (req)
        st = chan_call((struct chan *)o, sys_handles(), req, handles, deadline_of(a[2]),
                       args.rd_num_bytes, handles, handle_cap(args.rd_num_handles), &reply, &nb,
                       &nh);
    kobject_put(o);
    return deliver(st, reply, nb, nh, handles, args.rd_bytes, args.rd_handles, a[3]);
}

int64_t sys_channel_serve(const uint64_t *a)
{
    struct vx_channel_call_args args;
    vx_status_t st = uaccess_in(&args, a[1], sizeof args);
    if (st)
        return st;
    bool writes = args.wr_num_bytes || args.wr_num_handles;
    struct kobject *o;
    if ((st = sys_get(a[0], VX_OBJ_CHANNEL, VX_RIGHT_READ | (writes ? VX_RIGHT_WRITE : 0), &o)))
        return st;
    vx_handle_t handles[VX_CHAN_MAX_HANDLES];
    struct chan_msg *reply = NULL;
    if (writes && !(reply = msg_in(args.wr_bytes, args.wr_num_bytes, args.wr_handles,
                                   args.wr_num_handles, handles, &st))) {
        kobject_put(o);
        return st;
    }
    uint32_t nb = 0, nh = 0;
    struct chan_msg *m = NULL;
    st = chan_serve((struct chan *)o, sys_handles(), reply, handles, deadline_of(a[2]),
                    args.rd_num_bytes, handles, handle_cap(args.rd_num_handles), &m, &nb, &nh);
    kobject_put(o);
    return deliver(st, m, nb, nh, handles, args.rd_bytes, args.rd_handles, a[3]);
}

int64_t sys_port_create(const uint64_t *a)
{
    if (a[0])
        return VX_EINVAL;
    struct port *p;
    vx_status_t st = port_create(&p);
    return st ? st : sys_give(&p->ko, VX_RIGHTS_ALL, a[1]);
}

int64_t sys_port_wait(const uint64_t *a)
{
    if (a[3] == 0 || !sys_u32(a[3]))
        return VX_EINVAL;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_PORT, VX_RIGHT_READ, &o);
    if (st)
        return st;
    struct vx_port_packet pk[PORT_WAIT_BATCH];
    uint32_t max = a[3] < PORT_WAIT_BATCH ? (uint32_t)a[3] : PORT_WAIT_BATCH, n = 0;
    st = port_wait((struct port *)o, deadline_of(a[1]), pk, max, &n);
    kobject_put(o);
    if (!st && !(st = uaccess_out(a[4], &n, sizeof n)))
        st = uaccess_out(a[2], pk, n * sizeof *pk);
    return st;
}

int64_t sys_port_queue(const uint64_t *a)
{
    struct vx_port_packet pk;
    vx_status_t st = uaccess_in(&pk, a[1], sizeof pk);
    if (st)
        return st;
    pk.type = VX_PKT_USER;
    struct kobject *o;
    if ((st = sys_get(a[0], VX_OBJ_PORT, VX_RIGHT_WRITE, &o)))
        return st;
    st = port_queue((struct port *)o, &pk);
    kobject_put(o);
    return st;
}

int64_t sys_event_create(const uint64_t *a)
{
    if (a[0])
        return VX_EINVAL;
    struct event *e;
    vx_status_t st = event_create(&e);
    return st ? st : sys_give(&e->ko, VX_RIGHTS_ALL, a[1]);
}

int64_t sys_timer_create(const uint64_t *a)
{
    if (a[0])
        return VX_EINVAL;
    struct ktimer *t;
    vx_status_t st = ktimer_create(&t);
    return st ? st : sys_give(&t->ko, VX_RIGHTS_ALL, a[1]);
}

static int64_t timer_op(const uint64_t *a, bool set)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_TIMER, VX_RIGHT_WRITE, &o);
    if (st)
        return st;
    if (set)
        ktimer_set((struct ktimer *)o, deadline_of(a[1]));
    else
        ktimer_cancel((struct ktimer *)o);
    kobject_put(o);
    return VX_OK;
}

int64_t sys_timer_set(const uint64_t *a)
{
    return timer_op(a, true);
}

int64_t sys_timer_cancel(const uint64_t *a)
{
    return timer_op(a, false);
}

/* Futexes: a guest names a word of its own memory; a system task (or a guest in its ABI
 * handler) names host memory. */
static struct aspace *futex_space(void)
{
    return uaccess_host() ? NULL : task_current()->as;
}

int64_t sys_futex_wait(const uint64_t *a)
{
    if (!sys_u32(a[1]))
        return VX_EINVAL;
    int64_t deadline = (int64_t)a[2];
    /* A deadline in the past (negative included) times out at once. */
    return futex_wait(futex_space(), a[0], (uint32_t)a[1], deadline < 0 ? 1 : (uint64_t)deadline);
}

int64_t sys_futex_wake(const uint64_t *a)
{
    return futex_wake(futex_space(), a[0]);
}
