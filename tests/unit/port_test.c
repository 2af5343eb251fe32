/*
 * tests/unit/port_test.c - ports (kernel/ipc/port.c): user packets in order and in batches,
 * the queue limit, one-shot and repeating watches, coalescing, cancel, and watches cleaned up
 * when either the watched object or the port dies. Blocking waits are in selftest/st_ipc.c.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "kernel/cap/handle.h"
#include "kernel/ipc/chan.h"
#include "kernel/ipc/event.h"
#include "kernel/ipc/port.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (32ull << 20)
#define PAST         1u /* a deadline already gone: port_wait polls */

static struct port *p;
static struct event *ev;

static void setup(void)
{
    kregion_setup(REGION_BYTES);
    cr_assert_eq(port_create(&p), VX_OK);
    cr_assert_eq(event_create(&ev), VX_OK);
}

TestSuite(port, .init = setup, .fini = kregion_teardown, .timeout = 60);

static uint32_t poll(struct vx_port_packet *out, uint32_t max)
{
    uint32_t n = 0;
    vx_status_t st = port_wait(p, PAST, out, max, &n);
    cr_assert(st == VX_OK || st == VX_ETIMEDOUT, "port_wait returned %d", st);
    cr_assert_eq(st == VX_OK, n > 0, "VX_OK exactly when packets came");
    return n;
}

static void put_all(void)
{
    kobject_put(&ev->ko);
    kobject_put(&p->ko);
}

Test(port, an_empty_port_with_a_past_deadline_times_out)
{
    struct vx_port_packet pkt;
    uint32_t n = 7;
    cr_assert_eq(port_wait(p, PAST, &pkt, 1, &n), VX_ETIMEDOUT);
    cr_assert_eq(n, 0);
    cr_assert_eq(port_wait(p, PAST, &pkt, 0, &n), VX_EINVAL, "max 0 is refused");
    put_all();
}

Test(port, user_packets_come_out_in_order_in_batches)
{
    for (uint64_t i = 0; i < 10; i++) {
        struct vx_port_packet pkt = {.key = i, .type = 77, .user = {.u64 = {i * 2}}};
        cr_assert_eq(port_queue(p, &pkt), VX_OK);
    }
    cr_assert_neq(kobject_signals(&p->ko) & VX_SIG_READABLE, 0, "packets: readable");
    struct vx_port_packet out[4];
    uint64_t next = 0;
    uint32_t batches[3] = {4, 4, 2};
    for (int b = 0; b < 3; b++) {
        uint32_t n = poll(out, 4);
        cr_assert_eq(n, batches[b], "batch %d: expected %u packets, got %u", b, batches[b], n);
        for (uint32_t i = 0; i < n; i++, next++) {
            cr_assert_eq(out[i].key, next, "packet %llu out of order", (unsigned long long)next);
            cr_assert_eq(out[i].type, VX_PKT_USER, "the type is forced to VX_PKT_USER");
            cr_assert_eq(out[i].user.u64[0], next * 2);
        }
    }
    cr_assert_eq(kobject_signals(&p->ko) & VX_SIG_READABLE, 0, "drained: not readable");
    put_all();
}

Test(port, a_full_port_refuses_user_packets)
{
    struct vx_port_packet pkt = {.key = 1};
    for (uint32_t i = 0; i < PORT_MAX_PACKETS; i++)
        cr_assert_eq(port_queue(p, &pkt), VX_OK);
    cr_assert_eq(port_queue(p, &pkt), VX_ELIMIT, "packet %u is one too many", PORT_MAX_PACKETS + 1);
    /* Signal packets do not count against the limit: they are never lost. */
    cr_assert_eq(port_wait_async(p, &ev->ko, 9, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE), VX_OK);
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    struct vx_port_packet out[64];
    uint32_t total = 0, signals = 0, n;
    while ((n = poll(out, 64)) > 0) {
        for (uint32_t i = 0; i < n; i++)
            signals += out[i].type == VX_PKT_SIGNAL;
        total += n;
    }
    cr_assert_eq(total, PORT_MAX_PACKETS + 1);
    cr_assert_eq(signals, 1, "the signal packet got in despite the full queue");
    put_all();
}

Test(port, a_one_shot_watch_fires_once)
{
    cr_assert_eq(
        port_wait_async(p, &ev->ko, 42, VX_SIG_SIGNALED | VX_SIG_USER_ALL, VX_WAIT_ASYNC_ONCE),
        VX_OK);
    struct vx_port_packet out[2];
    cr_assert_eq(poll(out, 2), 0, "nothing is active yet");
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    cr_assert_eq(poll(out, 2), 1);
    cr_assert_eq(out[0].key, 42);
    cr_assert_eq(out[0].type, VX_PKT_SIGNAL);
    cr_assert_eq(out[0].signal.trigger, VX_SIG_SIGNALED | VX_SIG_USER_ALL);
    cr_assert_eq(out[0].signal.observed, VX_SIG_SIGNALED);
    cr_assert_eq(out[0].signal.count, 1);
    cr_assert_eq(event_signal(ev, VX_SIG_SIGNALED, 0), VX_OK);
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    cr_assert_eq(poll(out, 2), 0, "a one-shot watch is over after its packet");
    cr_assert_eq(p->nwatches, 0);
    put_all();
}

Test(port, a_watch_on_a_signal_already_active_fires_at_once)
{
    cr_assert_eq(event_signal(ev, 0, 1u << VX_SIG_USER_SHIFT), VX_OK);
    cr_assert_eq(port_wait_async(p, &ev->ko, 5, VX_SIG_USER_ALL, VX_WAIT_ASYNC_ONCE), VX_OK);
    struct vx_port_packet out;
    cr_assert_eq(poll(&out, 1), 1);
    cr_assert_eq(out.signal.observed, 1u << VX_SIG_USER_SHIFT);
    put_all();
}

Test(port, a_repeating_watch_coalesces_while_its_packet_waits)
{
    cr_assert_eq(port_wait_async(p, &ev->ko, 3, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
        cr_assert_eq(event_signal(ev, VX_SIG_SIGNALED, 0), VX_OK);
    }
    struct vx_port_packet out[8];
    cr_assert_eq(poll(out, 8), 1, "five rising edges, one packet");
    cr_assert_eq(out[0].signal.count, 5, "the packet counts the edges it stands for");
    cr_assert_eq(out[0].signal.observed, VX_SIG_SIGNALED, "observed is the latest firing");
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    cr_assert_eq(poll(out, 8), 1, "the watch goes on after its packet was taken");
    cr_assert_eq(out[0].signal.count, 1);
    put_all();
}

Test(port, cancel_ends_the_watch_and_drops_its_packet)
{
    cr_assert_eq(port_wait_async(p, &ev->ko, 8, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
    cr_assert_eq(port_wait_async(p, &ev->ko, 9, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    cr_assert_eq(port_cancel(p, &ev->ko, 8), VX_OK);
    cr_assert_eq(port_cancel(p, &ev->ko, 8), VX_ENOENT, "cancelled twice: nothing left");
    struct vx_port_packet out[4];
    cr_assert_eq(poll(out, 4), 1, "only key 9's packet is left");
    cr_assert_eq(out[0].key, 9);
    put_all();
}

Test(port, an_object_that_dies_detaches_its_watches_and_queued_packets_survive)
{
    put_all();
    uint64_t before = kregion_free_frames();
    cr_assert_eq(port_create(&p), VX_OK);
    cr_assert_eq(event_create(&ev), VX_OK);
    cr_assert_eq(port_wait_async(p, &ev->ko, 1, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
    cr_assert_eq(port_wait_async(p, &ev->ko, 2, VX_SIG_USER_ALL, VX_WAIT_ASYNC_ONCE), VX_OK);
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK);
    kobject_put(&ev->ko);
    cr_assert_eq(p->nwatches, 0, "the dead object's watches are gone from the port");
    struct vx_port_packet out[4];
    cr_assert_eq(poll(out, 4), 1, "the packet raised before the object died is delivered");
    cr_assert_eq(out[0].key, 1);
    kobject_put(&p->ko);
    uint64_t after = kregion_free_frames();
    cr_assert_eq(after, before, "every watch was freed (%llu frames before, %llu after)",
                 (unsigned long long)before, (unsigned long long)after);
}

Test(port, a_port_that_dies_detaches_from_the_objects_it_watched)
{
    cr_assert_eq(port_wait_async(p, &ev->ko, 1, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
    cr_assert_eq(port_wait_async(p, &ev->ko, 2, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE), VX_OK);
    cr_assert_eq(event_signal(ev, 0, VX_SIG_SIGNALED), VX_OK); /* both packets queued */
    cr_assert_eq(port_wait_async(p, &ev->ko, 3, 1u << VX_SIG_USER_SHIFT, 0), VX_OK);
    kobject_put(&p->ko);
    cr_assert(list_empty(&ev->ko.observers), "no watch may stay on the object");
    cr_assert_eq(event_signal(ev, 0, VX_SIG_USER_ALL), VX_OK, "signalling afterwards is safe");
    kobject_put(&ev->ko);
}

Test(port, refuses_to_watch_a_port_and_bad_arguments)
{
    struct port *q;
    cr_assert_eq(port_create(&q), VX_OK);
    cr_assert_eq(port_wait_async(p, &q->ko, 1, VX_SIG_READABLE, 0), VX_ENOTSUP);
    cr_assert_eq(port_wait_async(p, &ev->ko, 1, 0, 0), VX_EINVAL, "no signals");
    cr_assert_eq(port_wait_async(p, &ev->ko, 1, VX_SIG_SIGNALED, 0x80), VX_EINVAL,
                 "an unknown option");
    kobject_put(&q->ko);
    put_all();
}

Test(port, a_channel_message_raises_a_readable_packet)
{
    struct chan *a, *b;
    struct handle_table t;
    handle_table_init(&t, 10);
    cr_assert_eq(chan_create(&a, &b), VX_OK);
    cr_assert_eq(
        port_wait_async(p, &b->ko, 77, VX_SIG_READABLE | VX_SIG_PEER_CLOSED, VX_WAIT_ASYNC_REPEAT),
        VX_OK);
    cr_assert_eq(chan_write(a, &t, "x", 1, NULL, 0), VX_OK);
    struct vx_port_packet out[2];
    cr_assert_eq(poll(out, 2), 1);
    cr_assert_eq(out[0].key, 77);
    cr_assert_neq(out[0].signal.observed & VX_SIG_READABLE, 0);
    kobject_put(&a->ko);
    cr_assert_eq(poll(out, 2), 1, "closing the writer raises PEER_CLOSED");
    cr_assert_neq(out[0].signal.observed & VX_SIG_PEER_CLOSED, 0);
    kobject_put(&b->ko);
    put_all();
}

/* Signalling on one thread while the port dies on another: the watch must be detached
 * cleanly whichever comes first (run under TSan and ASan). */
static _Atomic bool stop;

static void *toggler(void *arg)
{
    struct event *e = arg;
    while (!atomic_load(&stop)) {
        event_signal(e, 0, VX_SIG_SIGNALED);
        event_signal(e, VX_SIG_SIGNALED, 0);
    }
    return NULL;
}

Test(port, signalling_while_the_port_dies_is_safe)
{
    kobject_put(&p->ko);
    atomic_store(&stop, false);
    pthread_t t;
    pthread_create(&t, NULL, toggler, ev);
    for (int i = 0; i < 300; i++) {
        struct port *q;
        cr_assert_eq(port_create(&q), VX_OK);
        cr_assert_eq(port_wait_async(q, &ev->ko, i, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
        cr_assert_eq(port_wait_async(q, &ev->ko, i, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE), VX_OK);
        kobject_put(&q->ko);
    }
    atomic_store(&stop, true);
    pthread_join(t, NULL);
    cr_assert(list_empty(&ev->ko.observers));
    kobject_put(&ev->ko);
}

static void *event_killer(void *arg)
{
    kobject_put(arg);
    return NULL;
}

Test(port, an_object_dying_while_its_port_dies_is_safe)
{
    kobject_put(&ev->ko);
    kobject_put(&p->ko);
    uint64_t before = kregion_free_frames();
    for (int i = 0; i < 200; i++) {
        struct port *q;
        struct event *e;
        cr_assert_eq(port_create(&q), VX_OK);
        cr_assert_eq(event_create(&e), VX_OK);
        cr_assert_eq(port_wait_async(q, &e->ko, 1, VX_SIG_SIGNALED, VX_WAIT_ASYNC_REPEAT), VX_OK);
        cr_assert_eq(event_signal(e, 0, i & 1 ? VX_SIG_SIGNALED : 0), VX_OK);
        pthread_t t;
        pthread_create(&t, NULL, event_killer, &e->ko);
        kobject_put(&q->ko);
        pthread_join(t, NULL);
    }
    cr_assert_eq(kregion_free_frames(), before, "watches, ports and events are all freed");
}

/* A one-shot watch's packet taken (and the watch freed) on another thread while the firing
 * thread is still in the object's signal loop: the watch must be off the object's list before
 * its packet becomes visible. A stress test for the sanitizers; the window is narrow, and the
 * self-test ipc.port_wait_blocks (on 4 vCPUs under ASan) is what first caught it. */
static void *poller(void *arg)
{
    struct vx_port_packet out[8];
    uint32_t n;
    while (!atomic_load(&stop))
        port_wait(p, PAST, out, 8, &n);
    port_wait(p, PAST, out, 8, &n);
    return NULL;
}

Test(port, a_one_shot_packet_taken_while_its_watch_fires_is_safe)
{
    atomic_store(&stop, false);
    pthread_t t;
    pthread_create(&t, NULL, poller, NULL);
    for (int i = 0; i < 2000; i++) {
        cr_assert_eq(port_wait_async(p, &ev->ko, i, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE), VX_OK);
        cr_assert_eq(port_wait_async(p, &ev->ko, i, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE), VX_OK);
        event_signal(ev, 0, VX_SIG_SIGNALED);
        event_signal(ev, VX_SIG_SIGNALED, 0);
    }
    atomic_store(&stop, true);
    pthread_join(t, NULL);
    cr_assert(list_empty(&ev->ko.observers), "every one-shot watch ended");
    put_all();
}
