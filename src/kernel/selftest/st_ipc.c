/*
 * selftest/st_ipc.c - IPC self-tests on real vCPUs: waits that block and are woken or time
 * out, ports that block until a packet, chan_call round trips between two kernel threads, a
 * call whose server goes away, chan_serve's direct handoffs on one vCPU, priority inheritance
 * through a call, and timer objects that fire (or are destroyed while armed).
 */
#define VX_SUBSYSTEM "selftest"
#include "hostio.h"
#include "kernel/cap/handle.h"
#include "kernel/ipc/chan.h"
#include "kernel/ipc/event.h"
#include "kernel/ipc/futex.h"
#include "kernel/ipc/port.h"
#include "kernel/sched/sched.h"
#include "kernel/selftest/selftest.h"
#include "kernel/time/ktimer.h"
#include "lib/string.h"

#define MS 1000000ull

/* Start fn(arg) on a new thread; NULL if it could not be created. */
static struct thread *start(const char *name, int (*fn)(void *), void *arg)
{
    vx_status_t st;
    struct thread *t = thread_create(name, fn, arg, PARAM_PRIO_DEFAULT, &st);
    if (t)
        thread_start(t);
    return t;
}

/* ---- kobject_wait_one ---------------------------------------------------------------- */

struct waiter_arg {
    struct event *e;
    uint32_t observed;
    vx_status_t st;
};

static int wait_for_signaled(void *arg)
{
    struct waiter_arg *w = arg;
    w->st = kobject_wait_one(&w->e->ko, VX_SIG_SIGNALED, 0, &w->observed);
    return 0;
}

static const char *waiters_on_all_cpus_wake_on_one_signal(char *msg)
{
    struct event *e;
    ST_CHECK(event_create(&e) == VX_OK, msg, "event_create failed");
    struct waiter_arg args[16];
    struct thread *ts[16];
    unsigned n = 4 * sched_ncpus() > 16 ? 16 : 4 * sched_ncpus(), started = 0;
    for (; started < n; started++) {
        args[started] = (struct waiter_arg){.e = e, .st = VX_EINVAL};
        if (!(ts[started] = start("st-waiter", wait_for_signaled, &args[started])))
            break;
    }
    thread_sleep_ns(2 * MS); /* let them block (a late one returns at once: also fine) */
    event_signal(e, 0, VX_SIG_SIGNALED | (1u << VX_SIG_USER_SHIFT));
    for (unsigned i = 0; i < started; i++)
        thread_join(ts[i]);
    kobject_put(&e->ko);
    ST_CHECK(started == n, msg, "only %u of %u waiters started", started, n);
    for (unsigned i = 0; i < n; i++) {
        ST_CHECK(args[i].st == VX_OK, msg, "waiter %u returned %d", i, args[i].st);
        ST_CHECK(args[i].observed & VX_SIG_SIGNALED, msg, "waiter %u observed %#x", i,
                 args[i].observed);
    }
    return NULL;
}

static const char *a_wait_times_out_never_early(char *msg)
{
    struct event *e;
    ST_CHECK(event_create(&e) == VX_OK, msg, "event_create failed");
    uint64_t start_ns = hio_clock_ns(), deadline = start_ns + 3 * MS;
    uint32_t observed = 1;
    vx_status_t st = kobject_wait_one(&e->ko, VX_SIG_SIGNALED, deadline, &observed);
    uint64_t end = hio_clock_ns();
    bool clean = list_empty(&e->ko.observers);
    kobject_put(&e->ko);
    ST_CHECK(st == VX_ETIMEDOUT, msg, "expected VX_ETIMEDOUT, got %d", st);
    ST_CHECK(end >= deadline, msg, "woke %llu ns before the deadline",
             (unsigned long long)(deadline - end));
    ST_CHECK(observed == 0, msg, "observed %#x, expected no signal", observed);
    ST_CHECK(clean, msg, "the timed-out waiter is still on the object");
    return NULL;
}

/* ---- ports --------------------------------------------------------------------------- */

struct port_arg {
    struct port *p;
    struct vx_port_packet pkts[4];
    uint32_t count;
    vx_status_t st;
};

static int wait_on_port(void *arg)
{
    struct port_arg *a = arg;
    a->st = port_wait(a->p, hio_clock_ns() + 2000 * MS, a->pkts, 4, &a->count);
    return 0;
}

static const char *port_wait_blocks_until_a_packet_and_times_out_when_none(char *msg)
{
    struct port_arg a = {.st = VX_EINVAL};
    struct event *e;
    ST_CHECK(port_create(&a.p) == VX_OK, msg, "port_create failed");
    ST_CHECK(event_create(&e) == VX_OK, msg, "event_create failed");
    uint64_t deadline = hio_clock_ns() + 2 * MS;
    uint32_t n = 9;
    vx_status_t timed = port_wait(a.p, deadline, a.pkts, 4, &n);
    bool late_enough = hio_clock_ns() >= deadline;

    port_wait_async(a.p, &e->ko, 11, VX_SIG_SIGNALED, VX_WAIT_ASYNC_ONCE);
    struct thread *t = start("st-port", wait_on_port, &a);
    thread_sleep_ns(1 * MS);
    event_signal(e, 0, VX_SIG_SIGNALED);
    if (t)
        thread_join(t);
    kobject_put(&e->ko);
    kobject_put(&a.p->ko);
    ST_CHECK(timed == VX_ETIMEDOUT && n == 0, msg, "empty port: got %d with %u packets", timed, n);
    ST_CHECK(late_enough, msg, "port_wait timed out before its deadline");
    ST_CHECK(t, msg, "could not start the waiter");
    ST_CHECK(a.st == VX_OK && a.count == 1, msg, "waiter got %d with %u packets", a.st, a.count);
    ST_CHECK(a.pkts[0].key == 11 && a.pkts[0].type == VX_PKT_SIGNAL, msg, "got key %llu type %u",
             (unsigned long long)a.pkts[0].key, a.pkts[0].type);
    return NULL;
}

/* ---- channels: call ------------------------------------------------------------------ */

#define CALLS 300u

struct server_arg {
    struct chan *end;
    unsigned served;
    int failures;
};

/* Answer each request {txid, n} with {txid, n + 1} and an event handle, until the client's
 * end closes. */
static int serve(void *arg)
{
    struct server_arg *s = arg;
    struct handle_table tbl;
    handle_table_init(&tbl, 64);
    for (;;) {
        uint32_t observed, req[2], nb, nh;
        kobject_wait_one(&s->end->ko, VX_SIG_READABLE | VX_SIG_PEER_CLOSED, 0, &observed);
        vx_status_t st = chan_read(s->end, &tbl, req, sizeof req, NULL, 0, &nb, &nh);
        if (st == VX_ECLOSED)
            break;
        if (st == VX_EAGAIN)
            continue;
        if (st != VX_OK || nb != sizeof req) {
            s->failures++;
            break;
        }
        struct event *e;
        vx_handle_t h = 0;
        if (event_create(&e) != VX_OK ||
            handle_add(&tbl, &e->ko, VX_RIGHT_TRANSFER | VX_RIGHT_WAIT, &h) != VX_OK) {
            s->failures++;
            break;
        }
        req[1]++;
        if (chan_write(s->end, &tbl, req, sizeof req, &h, 1) != VX_OK)
            s->failures++;
        s->served++;
    }
    handle_table_destroy(&tbl);
    kobject_put(&s->end->ko);
    return s->failures;
}

static const char *call_round_trips_reach_their_caller_with_handles(char *msg)
{
    struct chan *client, *server;
    ST_CHECK(chan_create(&client, &server) == VX_OK, msg, "chan_create failed");
    struct server_arg s = {.end = server};
    struct thread *t = start("st-server", serve, &s);
    if (!t)
        kobject_put(&server->ko);
    struct handle_table tbl;
    handle_table_init(&tbl, 64);
    unsigned good = 0;
    vx_status_t st = VX_OK;
    for (uint32_t i = 0; t && i < CALLS; i++) {
        vx_status_t ast;
        struct chan_msg *req = chan_msg_alloc(8, 0, &ast), *reply = NULL;
        if (!req)
            break;
        uint32_t words[2] = {0, i};
        vx_memcpy(chan_msg_bytes(req), words, sizeof words);
        vx_handle_t h;
        uint32_t nb, nh;
        st = chan_call(client, &tbl, req, NULL, hio_clock_ns() + 5000 * MS, 8, &h, 1, &reply, &nb,
                       &nh);
        if (st != VX_OK)
            break;
        vx_memcpy(words, chan_msg_bytes(reply), sizeof words);
        chan_msg_free(reply);
        good += words[1] == i + 1 && nh == 1 && (words[0] & VX_CHAN_TXID_KERNEL);
        handle_close(&tbl, h);
    }
    uint32_t signals = kobject_signals(&client->ko);
    kobject_put(&client->ko);
    int failures = t ? thread_join(t) : -1;
    handle_table_destroy(&tbl);
    ST_CHECK(t, msg, "could not start the server");
    ST_CHECK(st == VX_OK, msg, "a call failed with %d after %u good ones", st, good);
    ST_CHECK(good == CALLS, msg, "%u of %u replies were right", good, CALLS);
    ST_CHECK(!(signals & VX_SIG_READABLE), msg, "replies leaked into the client's queue");
    ST_CHECK(failures == 0 && s.served == CALLS, msg, "server: %d failures, %u served", failures,
             s.served);
    return NULL;
}

struct closer_arg {
    struct chan *end;
};

/* Read the request, then close without answering. */
static int read_then_close(void *arg)
{
    struct closer_arg *c = arg;
    uint32_t observed;
    kobject_wait_one(&c->end->ko, VX_SIG_READABLE, 0, &observed);
    kobject_put(&c->end->ko);
    return 0;
}

static const char *a_call_whose_server_closes_fails_with_closed(char *msg)
{
    struct chan *client, *server;
    ST_CHECK(chan_create(&client, &server) == VX_OK, msg, "chan_create failed");
    struct closer_arg c = {.end = server};
    struct thread *t = start("st-closer", read_then_close, &c);
    if (!t)
        kobject_put(&server->ko);
    struct handle_table tbl;
    handle_table_init(&tbl, 8);
    vx_status_t ast;
    struct chan_msg *req = chan_msg_alloc(4, 0, &ast), *reply = NULL;
    uint32_t nb, nh;
    vx_status_t st = req ? chan_call(client, &tbl, req, NULL, hio_clock_ns() + 5000 * MS, 4, NULL,
                                     0, &reply, &nb, &nh)
                         : ast;
    if (t)
        thread_join(t);
    kobject_put(&client->ko);
    handle_table_destroy(&tbl);
    ST_CHECK(t, msg, "could not start the server");
    ST_CHECK(st == VX_ECLOSED, msg, "expected VX_ECLOSED, got %d", st);
    return NULL;
}

/* ---- channels: serve, the fast path, priority inheritance ------------------------------ */

/* chan_serve until the client's end closes: answer {txid, n} with {txid, n * 3}. */
static int serve_loop(void *arg)
{
    struct server_arg *s = arg;
    struct handle_table tbl;
    handle_table_init(&tbl, 8);
    struct chan_msg *reply = NULL;
    for (;;) {
        struct chan_msg *m = NULL;
        uint32_t nb = 0, nh = 0;
        vx_status_t st = chan_serve(s->end, &tbl, reply, NULL, 0, 8, NULL, 0, &m, &nb, &nh);
        reply = NULL;
        if (st == VX_ECLOSED)
            break;
        uint32_t words[2];
        vx_status_t ast;
        if (st != VX_OK || nb != sizeof words || !(reply = chan_msg_alloc(8, 0, &ast))) {
            s->failures++;
            chan_msg_free(m);
            break;
        }
        vx_memcpy(words, chan_msg_bytes(m), sizeof words);
        chan_msg_free(m);
        words[1] *= 3;
        vx_memcpy(chan_msg_bytes(reply), words, sizeof words);
        s->served++;
    }
    handle_table_destroy(&tbl);
    kobject_put(&s->end->ko);
    return s->failures;
}

/* A started thread pinned to vCPU 0 at priority prio, or NULL. */
static struct thread *start_on_cpu0(const char *name, int (*fn)(void *), void *arg, unsigned prio)
{
    vx_status_t st;
    struct thread *t = thread_create(name, fn, arg, prio, &st);
    if (t) {
        thread_set_affinity(t, 1);
        thread_start(t);
    }
    return t;
}

/* Sleep until a thread waits in chan_serve on e (at most a second); false if none did. */
static bool await_reader(struct chan *e)
{
    for (unsigned i = 0; i < 1000; i++) {
        spin_lock(&e->readers.lock);
        bool waiting = !list_empty(&e->readers.sleepers);
        spin_unlock(&e->readers.lock);
        if (waiting)
            return true;
        thread_sleep_ns(1 * MS);
    }
    return false;
}

/* The caller and a serve_loop server, both on vCPU 0, the server waiting in chan_serve. */
struct served {
    uint64_t old_affinity;
    struct chan *client;
    struct server_arg s;
    struct thread *server;
    struct handle_table tbl;
};

/* True when the server waits in chan_serve. Unless f->server is NULL (then everything is
 * undone already), served_teardown must follow either way. */
static bool served_setup(struct served *f)
{
    f->old_affinity = st_pin_self_to_cpu0();
    f->server = NULL;
    struct chan *end;
    if (chan_create(&f->client, &end) != VX_OK) {
        thread_set_affinity(thread_current(), f->old_affinity);
        return false;
    }
    f->s = (struct server_arg){.end = end};
    f->server = start_on_cpu0("st-serve", serve_loop, &f->s, PARAM_PRIO_DEFAULT);
    if (!f->server) {
        kobject_put(&end->ko);
        kobject_put(&f->client->ko);
        thread_set_affinity(thread_current(), f->old_affinity);
        return false;
    }
    handle_table_init(&f->tbl, 8);
    return await_reader(end);
}

/* Close the client's end, which ends the server; returns the server's failures. */
static int served_teardown(struct served *f)
{
    kobject_put(&f->client->ko);
    int failures = thread_join(f->server);
    handle_table_destroy(&f->tbl);
    thread_set_affinity(thread_current(), f->old_affinity);
    return failures;
}

static vx_status_t call_once(struct chan *c, struct handle_table *tbl, uint32_t n, uint32_t *out)
{
    vx_status_t st;
    struct chan_msg *req = chan_msg_alloc(8, 0, &st), *reply = NULL;
    if (!req)
        return st;
    uint32_t words[2] = {0, n}, nb, nh;
    vx_memcpy(chan_msg_bytes(req), words, sizeof words);
    st = chan_call(c, tbl, req, NULL, hio_clock_ns() + 5000 * MS, 8, NULL, 0, &reply, &nb, &nh);
    if (st == VX_OK) {
        vx_memcpy(words, chan_msg_bytes(reply), sizeof words);
        chan_msg_free(reply);
        *out = words[1];
    }
    return st;
}

static const char *calls_to_a_serving_thread_on_one_vcpu_hand_off_directly(char *msg)
{
    struct served f;
    bool ready = served_setup(&f);
    uint64_t handoffs = atomic_load(&sched_cpus[0].handoffs);
    unsigned good = 0;
    vx_status_t st = VX_OK;
    for (uint32_t i = 0; ready && i < CALLS; i++) {
        uint32_t got = 0;
        if ((st = call_once(f.client, &f.tbl, i, &got)) != VX_OK)
            break;
        good += got == i * 3;
    }
    handoffs = atomic_load(&sched_cpus[0].handoffs) - handoffs;
    int failures = f.server ? served_teardown(&f) : -1;
    ST_CHECK(ready, msg, "the server thread never waited in chan_serve");
    ST_CHECK(st == VX_OK && good == CALLS, msg, "%u of %u calls answered right (last %d)", good,
             CALLS, st);
    ST_CHECK(failures == 0 && f.s.served == CALLS, msg, "server: %d failures, %u served", failures,
             f.s.served);
    /* Each call hands the vCPU to the waiting server and each reply back to the caller. */
    ST_CHECK(handoffs >= 2 * CALLS - 1, msg, "only %llu direct handoffs in %u calls",
             (unsigned long long)handoffs, CALLS);
    return NULL;
}

struct busy_arg {
    _Atomic bool stop, done;
};

/* A CPU-bound thread: relinquishes (so better threads run) until told to stop or 2 s. */
static int busy(void *arg)
{
    struct busy_arg *b = arg;
    uint64_t end = hio_clock_ns() + 2000 * MS;
    while (!atomic_load(&b->stop) && hio_clock_ns() < end)
        sched_relinquish();
    atomic_store(&b->done, true);
    return 0;
}

static const char *a_call_lends_its_priority_to_the_server(char *msg)
{
    /* One vCPU; server at the default priority, a busy thread above it, the caller above
     * both. Without inheritance the busy thread runs before the server does, so the call
     * returns only after it is done; with it, the server runs at the caller's priority. */
    struct thread *self = thread_current();
    uint32_t old_prio = atomic_load(&self->prio);
    struct served f;
    bool ready = served_setup(&f);
    struct busy_arg b = {false, false};
    sched_set_priority(self, PARAM_PRIO_DEFAULT + 2);
    struct thread *bt = ready ? start_on_cpu0("st-busy", busy, &b, PARAM_PRIO_DEFAULT + 1) : NULL;
    uint32_t got = 0;
    vx_status_t st = bt ? call_once(f.client, &f.tbl, 7, &got) : VX_ESTATE;
    bool busy_done_first = atomic_load(&b.done);
    atomic_store(&b.stop, true);
    sched_set_priority(self, old_prio);
    if (bt)
        thread_join(bt);
    int failures = f.server ? served_teardown(&f) : -1;
    ST_CHECK(ready && bt, msg, "could not set up the server and the busy thread");
    ST_CHECK(st == VX_OK && got == 21, msg, "the call returned %d with %u", st, got);
    ST_CHECK(failures == 0, msg, "server: %d failures", failures);
    ST_CHECK(!busy_done_first, msg, "the server ran only after the busy thread: no inheritance");
    return NULL;
}

/* ---- interrupted waits --------------------------------------------------------------- */

static const char *an_interrupt_ends_a_wait_at_any_moment(char *msg)
{
    /* The interrupt lands before the wait starts, while it starts, or while it sleeps, and
     * races with a signal on odd rounds; a lost interrupt hangs the join. */
    for (unsigned i = 0; i < 200; i++) {
        struct event *e;
        ST_CHECK(event_create(&e) == VX_OK, msg, "event_create failed");
        struct waiter_arg w = {.e = e, .st = VX_EINVAL};
        struct thread *t = start("st-intr", wait_for_signaled, &w);
        if (!t) {
            kobject_put(&e->ko);
            ST_CHECK(false, msg, "could not start a waiter");
        }
        if (i % 4 == 1)
            thread_sleep_ns(100000); /* let it sleep first */
        else if (i % 4 == 2)
            sched_relinquish();
        if (i % 2)
            event_signal(e, 0, VX_SIG_SIGNALED);
        thread_interrupt(t);
        thread_join(t);
        kobject_put(&e->ko);
        ST_CHECK(w.st == VX_ECANCELED || (i % 2 && w.st == VX_OK), msg,
                 "round %u: the wait returned %d", i, w.st);
    }
    return NULL;
}

/* ---- timer objects ------------------------------------------------------------------- */

static const char *a_timer_object_fires_at_its_deadline_and_not_before(char *msg)
{
    struct ktimer *t;
    ST_CHECK(ktimer_create(&t) == VX_OK, msg, "ktimer_create failed");
    uint64_t deadline = hio_clock_ns() + 3 * MS;
    ktimer_set(t, deadline);
    uint32_t early = kobject_signals(&t->ko), observed = 0;
    vx_status_t st = kobject_wait_one(&t->ko, VX_SIG_SIGNALED, deadline + 2000 * MS, &observed);
    uint64_t woke = hio_clock_ns();
    ktimer_cancel(t);
    uint32_t after_cancel = kobject_signals(&t->ko);
    kobject_put(&t->ko);
    ST_CHECK(!(early & VX_SIG_SIGNALED), msg, "signalled right after being set");
    ST_CHECK(st == VX_OK, msg, "wait for the timer returned %d", st);
    ST_CHECK(woke >= deadline, msg, "fired %llu ns early", (unsigned long long)(deadline - woke));
    ST_CHECK(after_cancel == 0, msg, "cancel left signals %#x", after_cancel);
    return NULL;
}

static const char *a_timer_object_destroyed_while_armed_never_fires(char *msg)
{
    /* Arm many on this vCPU, destroy them before and around their deadline: the callbacks
     * must never touch freed memory (ASan and Valgrind builds would report it). */
    for (unsigned i = 0; i < 50; i++) {
        struct ktimer *t;
        ST_CHECK(ktimer_create(&t) == VX_OK, msg, "ktimer_create failed");
        ktimer_set(t, hio_clock_ns() + (i % 5) * 100000ull);
        if (i % 3 == 0)
            thread_sleep_ns(100000);
        kobject_put(&t->ko);
    }
    thread_sleep_ns(1 * MS);
    return NULL;
}

static const char *a_timer_object_moved_later_does_not_fire_early(char *msg)
{
    struct ktimer *t;
    ST_CHECK(ktimer_create(&t) == VX_OK, msg, "ktimer_create failed");
    ktimer_set(t, hio_clock_ns() + 1 * MS);
    uint64_t later = hio_clock_ns() + 6 * MS;
    ktimer_set(t, later);
    uint32_t observed;
    vx_status_t st = kobject_wait_one(&t->ko, VX_SIG_SIGNALED, later + 2000 * MS, &observed);
    uint64_t woke = hio_clock_ns();
    kobject_put(&t->ko);
    ST_CHECK(st == VX_OK, msg, "wait returned %d", st);
    ST_CHECK(woke >= later, msg, "the first deadline still fired");
    return NULL;
}

/* ---- futexes --------------------------------------------------------------------------- */

struct futex_arg {
    _Atomic uint32_t word;
    _Atomic uint32_t woke; /* waiters that returned */
    vx_status_t st[8];
};

static int futex_waiter(void *arg)
{
    struct futex_arg *f = arg;
    uint32_t i = atomic_fetch_add(&f->woke, 0x10000) >> 16; /* high half: started */
    f->st[i % 8] = futex_wait(NULL, (uint64_t)(uintptr_t)&f->word, 0, 0);
    atomic_fetch_add(&f->woke, 1);
    return 0;
}

static const char *futex_waiters_sleep_until_the_word_changes_and_a_wake(char *msg)
{
    struct futex_arg f = {.word = 0, .woke = 0};
    _Atomic uint32_t *w = &f.word;
    ST_CHECK(futex_wait(NULL, (uint64_t)(uintptr_t)w, 1, 0) == VX_EAGAIN, msg,
             "a wait on a word that already differs must return VX_EAGAIN");
    ST_CHECK(futex_wait(NULL, (uint64_t)(uintptr_t)w + 1, 0, 0) == VX_EINVAL, msg,
             "a misaligned word must be refused");
    uint64_t t0 = hio_clock_ns();
    ST_CHECK(futex_wait(NULL, (uint64_t)(uintptr_t)w, 0, t0 + 2 * MS) == VX_ETIMEDOUT, msg,
             "an unchanged word must time out");
    ST_CHECK(hio_clock_ns() >= t0 + 2 * MS, msg, "the timeout came early");

    struct thread *ts[4];
    unsigned n = 0;
    for (; n < 4; n++)
        if (!(ts[n] = start("st-futex", futex_waiter, &f)))
            break;
    while ((atomic_load(&f.woke) >> 16) < n)
        thread_sleep_ns(MS / 2);
    thread_sleep_ns(2 * MS); /* let them sleep */
    futex_wake(NULL, (uint64_t)(uintptr_t)w); /* the word has not changed: they sleep on */
    thread_sleep_ns(2 * MS);
    uint32_t early = atomic_load(&f.woke) & 0xffff;
    atomic_store(w, 1);
    futex_wake(NULL, (uint64_t)(uintptr_t)w);
    for (unsigned i = 0; i < n; i++)
        thread_join(ts[i]);
    ST_CHECK(n == 4, msg, "only %u waiters started", n);
    ST_CHECK(early == 0, msg, "%u waiters returned while the word was unchanged", early);
    for (unsigned i = 0; i < n; i++)
        ST_CHECK(f.st[i] == VX_OK || f.st[i] == VX_EAGAIN, msg, "waiter %u returned %d", i,
                 f.st[i]);
    return NULL;
}

const struct selftest st_ipc_tests[] = {
    {"ipc.futex_wait_wake", futex_waiters_sleep_until_the_word_changes_and_a_wake},
    {"ipc.wait_wakes_all_waiters", waiters_on_all_cpus_wake_on_one_signal},
    {"ipc.wait_timeout", a_wait_times_out_never_early},
    {"ipc.port_wait_blocks", port_wait_blocks_until_a_packet_and_times_out_when_none},
    {"ipc.call_round_trip", call_round_trips_reach_their_caller_with_handles},
    {"ipc.call_server_closes", a_call_whose_server_closes_fails_with_closed},
    {"ipc.serve_hands_off", calls_to_a_serving_thread_on_one_vcpu_hand_off_directly},
    {"ipc.call_lends_priority", a_call_lends_its_priority_to_the_server},
    {"ipc.interrupt_ends_waits", an_interrupt_ends_a_wait_at_any_moment},
    {"ipc.timer_object_fires", a_timer_object_fires_at_its_deadline_and_not_before},
    {"ipc.timer_object_destroy_armed", a_timer_object_destroyed_while_armed_never_fires},
    {"ipc.timer_object_moved", a_timer_object_moved_later_does_not_fire_early},
};
const unsigned st_ipc_count = sizeof st_ipc_tests / sizeof st_ipc_tests[0];
