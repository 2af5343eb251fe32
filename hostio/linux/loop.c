/*
 * hostio/linux/loop.c - the host's event loop: one libuv loop on the thread "hostio-loop".
 *
 * Nothing starts it at boot; the first request does (a timer deadline, console input). Other
 * threads never touch libuv state: they set bits in `work` and poke a uv_async, and the loop
 * thread does the work in the async callback. One uv_timer covers every vCPU's deadline: it
 * is set to the earliest one, and when it fires it raises HIO_IRQ_TIMER on each vCPU whose
 * deadline has passed. It is there for vCPUs that are running; a halted vCPU's own futex
 * timeout is its timer, so the loop's millisecond granularity does not matter to it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <uv.h>

#include "hostio.h"
#include "internal.h"

#define NS_PER_MS 1000000ull
#define WORK_STOP (1u << 31) /* close everything so uv_run returns; private to this file */

/* Lock key: (s) start_lock; (l) loop thread only while running, (s) otherwise; (a) atomic. */
static struct {
    pthread_mutex_t start_lock;
    bool running;              /* (s) the loop thread exists */
    pthread_t thread;          /* (s) */
    uv_loop_t uv;              /* (l) */
    uv_async_t wake;           /* (l) uv_async_send is the one call any thread may make */
    uv_timer_t timer;          /* (l) */
    _Atomic uint32_t work;     /* (a) HIO_WORK_* and WORK_STOP bits posted, not yet taken */
    _Atomic uint64_t armed_ns; /* (a) no deadline before this is left uncovered */
} lp = {.start_lock = PTHREAD_MUTEX_INITIALIZER, .armed_ns = UINT64_MAX};

static void on_timer(uv_timer_t *t);

/* ---- Timers ---- */

static uint64_t ms_until(uint64_t deadline_ns)
{
    uint64_t now = hio_clock_ns();
    if (deadline_ns <= now)
        return 0;
    /* Round up: libuv counts whole milliseconds, and firing early only means a rescan. */
    return (deadline_ns - now + NS_PER_MS - 1) / NS_PER_MS;
}

/* Keep `armed_ns` at most `deadline_ns`; true if we lowered it. */
static bool lower_armed(uint64_t deadline_ns)
{
    uint64_t cur = atomic_load(&lp.armed_ns);
    while (deadline_ns < cur) {
        if (atomic_compare_exchange_weak(&lp.armed_ns, &cur, deadline_ns))
            return true;
    }
    return false;
}

/*
 * Fire what is due and set the uv timer for the rest. The protocol with hio_loop_want_timer
 * (all seq_cst): we reset armed_ns to "nothing" before scanning; an arming thread stores its
 * deadline before reading armed_ns. So either our scan sees the new deadline, or the arming
 * thread sees a value above its deadline, lowers it and posts HIO_WORK_TIMERS, which brings
 * us back here. A deadline can be missed by neither.
 */
static void rescan_timers(void)
{
    atomic_store(&lp.armed_ns, UINT64_MAX);
    uint64_t earliest = hio_timer_expire(hio_clock_ns());
    lower_armed(earliest);
    if (earliest == UINT64_MAX) {
        uv_timer_stop(&lp.timer);
        return;
    }
    uv_update_time(&lp.uv); /* libuv's cached "now" may be a whole callback old */
    uv_timer_start(&lp.timer, on_timer, ms_until(earliest), 0);
}

static void on_timer(uv_timer_t *t)
{
    rescan_timers();
}

void hio_loop_want_timer(uint64_t deadline_ns)
{
    /* Only a deadline earlier than what the loop covers needs it to wake up. */
    if (lower_armed(deadline_ns) && hio_loop_post(HIO_WORK_TIMERS) != HIO_OK)
        atomic_store(&lp.armed_ns, UINT64_MAX); /* no loop: let the next arm try again */
}

/* ---- The loop thread ---- */

static void close_handle(uv_handle_t *h, void *arg)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void on_wake(uv_async_t *a)
{
    uint32_t work = atomic_exchange(&lp.work, 0);
    if (work & HIO_WORK_TIMERS)
        rescan_timers();
    if (work & HIO_WORK_CONSOLE)
        hio_console_service(&lp.uv);
    if (work & WORK_STOP) {
        hio_console_close();
        uv_close((uv_handle_t *)&lp.timer, NULL);
        uv_close((uv_handle_t *)&lp.wake, NULL);
    }
}

static void *loop_main(void *arg)
{
    pthread_setname_np(pthread_self(), "hostio-loop");
    uv_run(&lp.uv, UV_RUN_DEFAULT);
    /* uv_run returns once every handle is closed and every request done. Should anything be
     * left open (a bug, but not one to hang on), close it and drain once more. */
    if (uv_loop_close(&lp.uv) == UV_EBUSY) {
        uv_walk(&lp.uv, close_handle, NULL);
        uv_run(&lp.uv, UV_RUN_DEFAULT);
        uv_loop_close(&lp.uv);
    }
    return NULL;
}

/* Caller must hold start_lock. */
static int start_loop(void)
{
    int status = HIO_ENOMEM;
    if (uv_loop_init(&lp.uv) != 0)
        return HIO_ENOMEM;
    if (uv_async_init(&lp.uv, &lp.wake, on_wake) != 0)
        goto out_close_loop;
    uv_timer_init(&lp.uv, &lp.timer); /* cannot fail */
    /* Deadlines armed while no loop ran were left uncovered: rescan first thing. */
    atomic_store(&lp.armed_ns, UINT64_MAX);
    atomic_fetch_or(&lp.work, HIO_WORK_TIMERS);
    /* Everything above happens before the thread exists, so it needs no other ordering. */
    if (pthread_create(&lp.thread, NULL, loop_main, NULL) != 0)
        goto out_close_handles;
    lp.running = true;
    return HIO_OK;

out_close_handles:
    uv_close((uv_handle_t *)&lp.timer, NULL);
    uv_close((uv_handle_t *)&lp.wake, NULL);
    uv_run(&lp.uv, UV_RUN_DEFAULT); /* runs the close callbacks */
out_close_loop:
    uv_loop_close(&lp.uv);
    return status;
}

int hio_loop_post(uint32_t work)
{
    int status = HIO_OK;
    pthread_mutex_lock(&lp.start_lock);
    if (!lp.running)
        status = start_loop();
    if (status == HIO_OK) {
        atomic_fetch_or(&lp.work, work);
        uv_async_send(&lp.wake);
    }
    pthread_mutex_unlock(&lp.start_lock);
    return status;
}

void hio_loop_stop(void)
{
    /* Holding start_lock through the join keeps anyone from poking a closed async handle;
     * the loop thread never takes it, so this cannot deadlock. */
    pthread_mutex_lock(&lp.start_lock);
    if (lp.running) {
        atomic_fetch_or(&lp.work, WORK_STOP);
        uv_async_send(&lp.wake);
        pthread_join(lp.thread, NULL);
        lp.running = false;
        atomic_store(&lp.work, 0);
        /* Nothing covers the deadlines now, so the next arm must start a loop. */
        atomic_store(&lp.armed_ns, UINT64_MAX);
    }
    pthread_mutex_unlock(&lp.start_lock);
}
