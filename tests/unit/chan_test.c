/*
 * tests/unit/chan_test.c - VXChan channels (kernel/ipc/chan.c): order, limits, handles moved
 * all-or-none, queue full, too-small buffers, peer closed, signals, call txids, no leaks.
 * Blocking calls between threads are in the self-tests (selftest/st_ipc.c).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cap/handle.h"
#include "kernel/ipc/chan.h"
#include "kernel/ipc/event.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (48ull << 20)

static struct handle_table sender, receiver;
static struct chan *a, *b;

static void setup(void)
{
    kregion_setup(REGION_BYTES);
    handle_table_init(&sender, 1000);
    handle_table_init(&receiver, 1000);
    cr_assert_eq(chan_create(&a, &b), VX_OK, "expected a channel");
}

static void teardown(void)
{
    kregion_teardown();
}

TestSuite(chan, .init = setup, .fini = teardown, .timeout = 60);

/* An event whose destruction is counted. */
static _Atomic int destroyed;

static vx_handle_t new_event_handle(struct handle_table *t, uint32_t rights)
{
    struct event *e;
    cr_assert_eq(event_create(&e), VX_OK);
    vx_handle_t h;
    cr_assert_eq(handle_add(t, &e->ko, rights, &h), VX_OK);
    return h;
}

static void close_both(void)
{
    kobject_put(&a->ko);
    kobject_put(&b->ko);
}

Test(chan, messages_arrive_in_order_with_their_bytes)
{
    for (uint32_t i = 0; i < 10; i++)
        cr_assert_eq(chan_write(a, &sender, &i, sizeof i, NULL, 0), VX_OK);
    for (uint32_t i = 0; i < 10; i++) {
        uint32_t got = 99, nb = 0, nh = 0;
        cr_assert_eq(chan_read(b, &receiver, &got, sizeof got, NULL, 0, &nb, &nh), VX_OK);
        cr_assert_eq(got, i, "message %u came out as %u", i, got);
        cr_assert_eq(nb, sizeof got);
        cr_assert_eq(nh, 0);
    }
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &receiver, NULL, 0, NULL, 0, &nb, &nh), VX_EAGAIN,
                 "an empty channel with a live peer is VX_EAGAIN");
    close_both();
}

Test(chan, both_directions_are_independent)
{
    char x = 'x', y = 'y', got;
    uint32_t nb, nh;
    cr_assert_eq(chan_write(a, &sender, &x, 1, NULL, 0), VX_OK);
    cr_assert_eq(chan_write(b, &sender, &y, 1, NULL, 0), VX_OK);
    cr_assert_eq(chan_read(a, &receiver, &got, 1, NULL, 0, &nb, &nh), VX_OK);
    cr_assert_eq(got, 'y', "a reads what b wrote");
    cr_assert_eq(chan_read(b, &receiver, &got, 1, NULL, 0, &nb, &nh), VX_OK);
    cr_assert_eq(got, 'x', "b reads what a wrote");
    close_both();
}

Test(chan, a_message_of_the_largest_size_round_trips)
{
    uint8_t *out = malloc(VX_CHAN_MAX_BYTES), *in = malloc(VX_CHAN_MAX_BYTES);
    for (uint32_t i = 0; i < VX_CHAN_MAX_BYTES; i++)
        out[i] = (uint8_t)(i * 31 + 7);
    cr_assert_eq(chan_write(a, &sender, out, VX_CHAN_MAX_BYTES, NULL, 0), VX_OK);
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &receiver, in, VX_CHAN_MAX_BYTES, NULL, 0, &nb, &nh), VX_OK);
    cr_assert_eq(nb, VX_CHAN_MAX_BYTES);
    cr_assert_eq(memcmp(in, out, VX_CHAN_MAX_BYTES), 0, "the bytes must come back unchanged");
    free(out);
    free(in);
    close_both();
}

Test(chan, a_message_over_the_byte_or_handle_limit_is_refused)
{
    vx_status_t st;
    cr_assert_null(chan_msg_alloc(VX_CHAN_MAX_BYTES + 1, 0, &st));
    cr_assert_eq(st, VX_EINVAL, "one byte over VX_CHAN_MAX_BYTES is VX_EINVAL");
    cr_assert_null(chan_msg_alloc(0, VX_CHAN_MAX_HANDLES + 1, &st));
    cr_assert_eq(st, VX_EINVAL, "one handle over VX_CHAN_MAX_HANDLES is VX_EINVAL");
    vx_handle_t hs[VX_CHAN_MAX_HANDLES + 1] = {0};
    cr_assert_eq(chan_write(a, &sender, NULL, 0, hs, VX_CHAN_MAX_HANDLES + 1), VX_EINVAL);
    cr_assert_eq(kobject_signals(&b->ko) & VX_SIG_READABLE, 0, "nothing was queued");
    close_both();
}

Test(chan, moved_handles_leave_the_sender_and_arrive_with_the_same_rights)
{
    vx_handle_t hs[VX_CHAN_MAX_HANDLES];
    struct vx_handle_info sent[VX_CHAN_MAX_HANDLES];
    for (uint32_t i = 0; i < VX_CHAN_MAX_HANDLES; i++) {
        uint32_t rights = VX_RIGHT_TRANSFER | VX_RIGHT_WAIT | (i & 1 ? VX_RIGHT_SIGNAL : 0);
        hs[i] = new_event_handle(&sender, rights);
        cr_assert_eq(handle_info(&sender, hs[i], &sent[i]), VX_OK);
    }
    cr_assert_eq(chan_write(a, &sender, "hi", 2, hs, VX_CHAN_MAX_HANDLES), VX_OK);
    for (uint32_t i = 0; i < VX_CHAN_MAX_HANDLES; i++) {
        struct vx_handle_info info;
        cr_assert_eq(handle_info(&sender, hs[i], &info), VX_EBADH,
                     "handle %u must be gone from the sender's table", i);
    }
    vx_handle_t got[VX_CHAN_MAX_HANDLES];
    char text[2];
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &receiver, text, 2, got, VX_CHAN_MAX_HANDLES, &nb, &nh), VX_OK);
    cr_assert_eq(nh, VX_CHAN_MAX_HANDLES);
    for (uint32_t i = 0; i < VX_CHAN_MAX_HANDLES; i++) {
        struct vx_handle_info info;
        cr_assert_eq(handle_info(&receiver, got[i], &info), VX_OK);
        cr_assert_eq(info.koid, sent[i].koid, "handle %u names the same object", i);
        cr_assert_eq(info.rights, sent[i].rights, "handle %u keeps its rights", i);
    }
    handle_table_destroy(&receiver);
    close_both();
}

/* Write with `bad` as the last of three handles; nothing may move. */
static void expect_nothing_moved(vx_handle_t bad, vx_status_t want, const char *what)
{
    vx_handle_t hs[3] = {new_event_handle(&sender, VX_RIGHTS_ALL),
                         new_event_handle(&sender, VX_RIGHTS_ALL), bad};
    uint32_t before = sender.count;
    cr_assert_eq(chan_write(a, &sender, "x", 1, hs, 3), want, "%s: expected status %d", what, want);
    cr_assert_eq(sender.count, before, "%s: the sender must keep every handle", what);
    struct vx_handle_info info;
    cr_assert_eq(handle_info(&sender, hs[0], &info), VX_OK, "%s: first handle still there", what);
    cr_assert_eq(handle_info(&sender, hs[1], &info), VX_OK, "%s: second handle still there", what);
    cr_assert_eq(kobject_signals(&b->ko) & VX_SIG_READABLE, 0, "%s: nothing queued", what);
}

Test(chan, a_bad_handle_list_moves_nothing)
{
    expect_nothing_moved(0x12345, VX_EBADH, "a dead handle");
    expect_nothing_moved(new_event_handle(&sender, VX_RIGHT_WAIT), VX_EPERM,
                         "a handle without VX_RIGHT_TRANSFER");
    vx_handle_t dup = new_event_handle(&sender, VX_RIGHTS_ALL);
    vx_handle_t hs[2] = {dup, dup};
    cr_assert_eq(chan_write(a, &sender, NULL, 0, hs, 2), VX_EINVAL, "a handle listed twice");
    struct vx_handle_info info;
    cr_assert_eq(handle_info(&sender, dup, &info), VX_OK, "the duplicated handle stays");

    kobject_get(&a->ko);
    vx_handle_t self;
    cr_assert_eq(handle_add(&sender, &a->ko, VX_RIGHTS_ALL, &self), VX_OK);
    expect_nothing_moved(self, VX_EINVAL, "the endpoint written to");
    kobject_get(&b->ko);
    vx_handle_t peer;
    cr_assert_eq(handle_add(&sender, &b->ko, VX_RIGHTS_ALL, &peer), VX_OK);
    expect_nothing_moved(peer, VX_EINVAL, "the endpoint's peer");
    handle_table_destroy(&sender);
    close_both();
}

Test(chan, a_full_queue_refuses_the_write_and_keeps_the_handles)
{
    for (uint32_t i = 0; i < VX_CHAN_MAX_QUEUED; i++)
        cr_assert_eq(chan_write(a, &sender, &i, sizeof i, NULL, 0), VX_OK);
    cr_assert_eq(kobject_signals(&a->ko) & VX_SIG_WRITABLE, 0, "a full peer is not writable");
    vx_handle_t h = new_event_handle(&sender, VX_RIGHTS_ALL);
    cr_assert_eq(chan_write(a, &sender, "x", 1, &h, 1), VX_ELIMIT, "queue full is VX_ELIMIT");
    struct vx_handle_info info;
    cr_assert_eq(handle_info(&sender, h, &info), VX_OK, "a refused write moves no handle");
    uint32_t got, nb, nh;
    cr_assert_eq(chan_read(b, &receiver, &got, sizeof got, NULL, 0, &nb, &nh), VX_OK);
    cr_assert_neq(kobject_signals(&a->ko) & VX_SIG_WRITABLE, 0, "room again: writable");
    cr_assert_eq(chan_write(a, &sender, "x", 1, &h, 1), VX_OK);
    handle_table_destroy(&sender);
    close_both();
}

Test(chan, a_too_small_buffer_is_erange_and_keeps_the_message)
{
    vx_handle_t h = new_event_handle(&sender, VX_RIGHTS_ALL);
    cr_assert_eq(chan_write(a, &sender, "hello", 5, &h, 1), VX_OK);
    char buf[5];
    vx_handle_t got;
    uint32_t nb = 0, nh = 0;
    cr_assert_eq(chan_read(b, &receiver, buf, 4, &got, 1, &nb, &nh), VX_ERANGE);
    cr_assert_eq(nb, 5, "the actual byte count is reported");
    cr_assert_eq(nh, 1, "the actual handle count is reported");
    cr_assert_eq(chan_read(b, &receiver, buf, 5, &got, 0, &nb, &nh), VX_ERANGE,
                 "no room for the handle is VX_ERANGE too");
    cr_assert_eq(receiver.count, 0, "no handle arrives with a refused read");
    cr_assert_eq(chan_read(b, &receiver, buf, 5, &got, 1, &nb, &nh), VX_OK,
                 "the message is still there for a big enough read");
    cr_assert_eq(memcmp(buf, "hello", 5), 0);
    handle_table_destroy(&receiver);
    close_both();
}

Test(chan, a_receiver_with_a_full_table_gets_elimit_and_the_message_stays)
{
    struct handle_table tiny;
    handle_table_init(&tiny, 1);
    vx_handle_t hs[2] = {new_event_handle(&sender, VX_RIGHTS_ALL),
                         new_event_handle(&sender, VX_RIGHTS_ALL)};
    cr_assert_eq(chan_write(a, &sender, "x", 1, hs, 2), VX_OK);
    vx_handle_t got[2];
    char c;
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &tiny, &c, 1, got, 2, &nb, &nh), VX_ELIMIT);
    cr_assert_eq(tiny.count, 0, "all or none: no handle was added");
    cr_assert_eq(chan_read(b, &receiver, &c, 1, got, 2, &nb, &nh), VX_OK,
                 "the message was not lost");
    cr_assert_eq(receiver.count, 2);
    handle_table_destroy(&tiny);
    handle_table_destroy(&receiver);
    close_both();
}

Test(chan, closing_an_end_signals_the_peer_which_reads_what_is_left_then_sees_closed)
{
    cr_assert_eq(chan_write(a, &sender, "1", 1, NULL, 0), VX_OK);
    kobject_put(&a->ko);
    uint32_t sig = kobject_signals(&b->ko);
    cr_assert_neq(sig & VX_SIG_PEER_CLOSED, 0, "the peer must see VX_SIG_PEER_CLOSED");
    cr_assert_eq(sig & VX_SIG_WRITABLE, 0, "a closed peer is not writable");
    cr_assert_eq(chan_write(b, &sender, "2", 1, NULL, 0), VX_ECLOSED);
    char c;
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &receiver, &c, 1, NULL, 0, &nb, &nh), VX_OK,
                 "what was queued before the close is still readable");
    cr_assert_eq(chan_read(b, &receiver, &c, 1, NULL, 0, &nb, &nh), VX_ECLOSED,
                 "then: empty and closed is VX_ECLOSED");
    kobject_put(&b->ko);
}

/* A test object that counts its destruction, to see handles in dropped messages closed. */
struct counted {
    struct kobject ko;
};

static void counted_destroy(struct kobject *o)
{
    atomic_fetch_add(&destroyed, 1);
    kfree(o);
}

static const struct kobject_ops counted_ops = {counted_destroy};

Test(chan, messages_queued_at_a_closed_end_are_freed_and_their_handles_closed)
{
    atomic_store(&destroyed, 0);
    for (int i = 0; i < 3; i++) {
        struct counted *o = kmalloc(sizeof *o);
        kobject_init(&o->ko, VX_OBJ_EVENT, &counted_ops);
        vx_handle_t h;
        cr_assert_eq(handle_add(&sender, &o->ko, VX_RIGHTS_ALL, &h), VX_OK);
        cr_assert_eq(chan_write(b, &sender, "m", 1, &h, 1), VX_OK); /* queued at a */
    }
    cr_assert_eq(atomic_load(&destroyed), 0);
    kobject_put(&a->ko);
    cr_assert_eq(atomic_load(&destroyed), 3, "the objects in a's queue die with a");
    kobject_put(&b->ko);
}

Test(chan, signals_follow_the_queue)
{
    cr_assert_eq(kobject_signals(&a->ko), VX_SIG_WRITABLE, "a fresh end is only writable");
    cr_assert_eq(chan_write(a, &sender, "x", 1, NULL, 0), VX_OK);
    cr_assert_eq(kobject_signals(&b->ko), VX_SIG_WRITABLE | VX_SIG_READABLE);
    char c;
    uint32_t nb, nh;
    cr_assert_eq(chan_read(b, &receiver, &c, 1, NULL, 0, &nb, &nh), VX_OK);
    cr_assert_eq(kobject_signals(&b->ko), VX_SIG_WRITABLE, "read empty: not readable");
    close_both();
}

Test(chan, a_call_stamps_a_kernel_txid_and_a_late_reply_is_an_ordinary_message)
{
    vx_status_t st;
    struct chan_msg *req = chan_msg_alloc(8, 0, &st);
    cr_assert_not_null(req);
    memcpy(chan_msg_bytes(req), "....ping", 8);
    struct chan_msg *reply = NULL;
    uint32_t nb, nh;
    cr_assert_eq(chan_call(a, &sender, req, NULL, 1, 64, NULL, 0, &reply, &nb, &nh), VX_ETIMEDOUT,
                 "a deadline already past sends, then times out");
    uint8_t buf[8];
    cr_assert_eq(chan_read(b, &receiver, buf, 8, NULL, 0, &nb, &nh), VX_OK,
                 "the server gets the request as an ordinary message");
    uint32_t txid;
    memcpy(&txid, buf, 4);
    cr_assert_neq(txid & VX_CHAN_TXID_KERNEL, 0, "kernel txids have bit 31 set");
    cr_assert_eq(memcmp(buf + 4, "ping", 4), 0, "the rest of the request is untouched");
    memcpy(buf + 4, "pong", 4);
    cr_assert_eq(chan_write(b, &receiver, buf, 8, NULL, 0), VX_OK);
    uint8_t back[8];
    cr_assert_eq(chan_read(a, &sender, back, 8, NULL, 0, &nb, &nh), VX_OK,
                 "with no caller waiting, the reply is queued like any message");
    cr_assert_eq(memcmp(back, buf, 8), 0);
    close_both();
}

Test(chan, a_call_request_shorter_than_a_txid_is_refused)
{
    vx_status_t st;
    struct chan_msg *req = chan_msg_alloc(3, 0, &st);
    struct chan_msg *reply;
    uint32_t nb, nh;
    cr_assert_eq(chan_call(a, &sender, req, NULL, 1, 64, NULL, 0, &reply, &nb, &nh), VX_EINVAL);
    cr_assert_eq(kobject_signals(&b->ko) & VX_SIG_READABLE, 0);
    close_both();
}

/* A message of n bytes from `bytes`, for chan_serve's reply. */
static struct chan_msg *msg_of(const void *bytes, uint32_t n)
{
    vx_status_t st;
    struct chan_msg *m = chan_msg_alloc(n, 0, &st);
    cr_assert_not_null(m);
    memcpy(chan_msg_bytes(m), bytes, n);
    return m;
}

Test(chan, serve_writes_its_reply_first_then_takes_the_oldest_message)
{
    uint32_t one = 1, two = 2;
    cr_assert_eq(chan_write(a, &sender, &one, 4, NULL, 0), VX_OK);
    cr_assert_eq(chan_write(a, &sender, &two, 4, NULL, 0), VX_OK);
    struct chan_msg *m = NULL;
    uint32_t nb = 0, nh = 0, reply = 77;
    cr_assert_eq(chan_serve(b, &receiver, msg_of(&reply, 4), NULL, 1, 64, NULL, 0, &m, &nb, &nh),
                 VX_OK, "a queued message is taken even with a deadline already past");
    cr_assert_eq(nb, 4);
    cr_assert_eq(*(uint32_t *)chan_msg_bytes(m), 1, "the oldest message comes first");
    chan_msg_free(m);
    uint32_t got = 0;
    cr_assert_eq(chan_read(a, &sender, &got, 4, NULL, 0, &nb, &nh), VX_OK,
                 "the reply was written to the peer");
    cr_assert_eq(got, 77);
    cr_assert_eq(chan_serve(b, &receiver, NULL, NULL, 1, 64, NULL, 0, &m, &nb, &nh), VX_OK,
                 "no reply: only the read");
    cr_assert_eq(*(uint32_t *)chan_msg_bytes(m), 2);
    chan_msg_free(m);
    cr_assert_eq(chan_read(a, &sender, &got, 4, NULL, 0, &nb, &nh), VX_EAGAIN,
                 "nothing was written the second time");
    close_both();
}

Test(chan, serve_with_nothing_queued_times_out_and_a_too_small_buffer_leaves_the_message)
{
    struct chan_msg *m = NULL;
    uint32_t nb = 0, nh = 0;
    cr_assert_eq(chan_serve(b, &receiver, NULL, NULL, 1, 64, NULL, 0, &m, &nb, &nh), VX_ETIMEDOUT,
                 "nothing queued and the deadline past");
    cr_assert_eq(chan_write(a, &sender, "12345678", 8, NULL, 0), VX_OK);
    cr_assert_eq(chan_serve(b, &receiver, NULL, NULL, 1, 4, NULL, 0, &m, &nb, &nh), VX_ERANGE);
    cr_assert_eq(nb, 8, "the size needed is reported");
    cr_assert_eq(kobject_signals(&b->ko) & VX_SIG_READABLE, VX_SIG_READABLE,
                 "the message stays queued");
    close_both();
}

Test(chan, serve_after_the_peer_closed_fails_its_write_and_reads_what_is_left)
{
    uint32_t left = 5, reply = 6;
    cr_assert_eq(chan_write(a, &sender, &left, 4, NULL, 0), VX_OK);
    kobject_put(&a->ko);
    struct chan_msg *m = NULL;
    uint32_t nb = 0, nh = 0;
    cr_assert_eq(chan_serve(b, &receiver, msg_of(&reply, 4), NULL, 1, 64, NULL, 0, &m, &nb, &nh),
                 VX_ECLOSED, "the reply cannot be written");
    cr_assert_null(m, "a failed write reads nothing");
    cr_assert_eq(chan_serve(b, &receiver, NULL, NULL, 0, 64, NULL, 0, &m, &nb, &nh), VX_OK,
                 "what was queued before the close is still there");
    cr_assert_eq(*(uint32_t *)chan_msg_bytes(m), 5);
    chan_msg_free(m);
    cr_assert_eq(chan_serve(b, &receiver, NULL, NULL, 0, 64, NULL, 0, &m, &nb, &nh), VX_ECLOSED,
                 "then closed, without waiting even with no deadline");
    kobject_put(&b->ko);
}

Test(chan, closing_both_ends_frees_every_frame_and_object)
{
    close_both();
    uint64_t before = kregion_free_frames();
    cr_assert_eq(chan_create(&a, &b), VX_OK);
    uint8_t *big = calloc(1, VX_CHAN_MAX_BYTES);
    for (int i = 0; i < 8; i++) {
        vx_handle_t h = new_event_handle(&sender, VX_RIGHTS_ALL);
        cr_assert_eq(chan_write(i & 1 ? a : b, &sender, big, VX_CHAN_MAX_BYTES, &h, 1), VX_OK);
    }
    /* A channel endpoint travelling inside another channel is freed with it. */
    struct chan *c, *d;
    cr_assert_eq(chan_create(&c, &d), VX_OK);
    vx_handle_t hc, hd;
    cr_assert_eq(handle_add(&sender, &c->ko, VX_RIGHTS_ALL, &hc), VX_OK);
    cr_assert_eq(handle_add(&sender, &d->ko, VX_RIGHTS_ALL, &hd), VX_OK);
    cr_assert_eq(chan_write(c, &sender, "x", 1, NULL, 0), VX_OK);
    cr_assert_eq(chan_write(a, &sender, NULL, 0, &hc, 1), VX_OK);
    cr_assert_eq(chan_write(b, &sender, NULL, 0, &hd, 1), VX_OK);
    free(big);
    close_both();
    handle_table_destroy(&sender);
    cr_assert_eq(kregion_free_frames(), before, "every message, handle and endpoint must be freed");
}

/* Two host threads, one writing and one reading, for the sanitizers. */
#define STREAM_COUNT 5000u

static void *writer(void *arg)
{
    for (uint32_t i = 0; i < STREAM_COUNT;) {
        vx_status_t st = chan_write(a, &sender, &i, sizeof i, NULL, 0);
        if (st == VX_OK)
            i++;
        else if (st != VX_ELIMIT)
            return (void *)1;
    }
    return NULL;
}

Test(chan, a_writer_and_a_reader_on_two_threads_keep_order)
{
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    for (uint32_t i = 0; i < STREAM_COUNT;) {
        uint32_t got, nb, nh;
        vx_status_t st = chan_read(b, &receiver, &got, sizeof got, NULL, 0, &nb, &nh);
        if (st == VX_EAGAIN)
            continue;
        cr_assert_eq(st, VX_OK);
        cr_assert_eq(got, i, "message %u came out as %u", i, got);
        i++;
    }
    void *ret;
    pthread_join(t, &ret);
    cr_assert_null(ret, "the writer saw only VX_OK and VX_ELIMIT");
    close_both();
}
