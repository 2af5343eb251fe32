/*
 * hostio/linux/console.c - the console: bytes out to stdout, bytes in from stdin.
 *
 * Output is a blocking write(2) loop under a lock, so one call's bytes are never interleaved
 * with another's. Input is read by the event loop thread, which is asked to open stdin on the
 * first hio_console_read() or hio_console_route(). How it reads depends on what stdin is:
 *   a terminal         uv_tty in raw mode (the kernel echoes and edits), restored on exit;
 *   a pipe or socket   uv_pipe_open + uv_read_start;
 *   anything else      (a file, /dev/null) a chain of uv_fs_read requests.
 * Bytes land in a 64 KiB ring under a mutex; the kernel takes them without blocking. When the
 * ring is full the loop stops reading (backpressure: nothing is ever dropped) and the reader
 * asks it to resume once it has drained enough. New bytes and the end of input raise
 * HIO_IRQ_CONSOLE on the routed vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "hostio.h"
#include "internal.h"

#define RING_BYTES   (64u * 1024u)
#define CHUNK_BYTES  (16u * 1024u) /* most one read asks of the host */
#define RESUME_BYTES (16u * 1024u) /* free space that makes a paused reader worth resuming */

/* Lock key: (r) ring.lock. */
static struct {
    pthread_mutex_t lock;
    uint8_t bytes[RING_BYTES]; /* (r) */
    size_t head;               /* (r) index of the oldest byte */
    size_t count;              /* (r) bytes held */
    bool ended;                /* (r) input is over: after these bytes, HIO_EOF */
    bool paused;               /* (r) the loop stopped reading because the ring was full */
    bool resume_posted;        /* (r) the reader has asked the loop to resume */
} ring = {.lock = PTHREAD_MUTEX_INITIALIZER};

static atomic_bool input_requested; /* the loop has been asked to open input */
static _Atomic uint32_t route_cpu;  /* vCPU that gets HIO_IRQ_CONSOLE */

enum input_kind { INPUT_NONE, INPUT_TTY, INPUT_STREAM, INPUT_FILE };

/* The input side as the loop thread sees it; only the loop thread touches this. */
static struct {
    enum input_kind kind;
    union {
        uv_handle_t handle;
        uv_stream_t stream;
        uv_tty_t tty;
        uv_pipe_t pipe;
    } h;
    uv_loop_t *loop;
    uv_fs_t req;     /* INPUT_FILE: the read in flight */
    bool req_busy;   /* INPUT_FILE: req is submitted and not yet completed */
    bool closing;    /* INPUT_FILE: the loop is stopping; do not chain another read */
    int saved_flags; /* fd 0's status flags before libuv made it non-blocking; -1: none */
    uint8_t scratch[CHUNK_BYTES];
} in = {.saved_flags = -1};

/* ---- Output ---------------------------------------------------------------------------- */

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t sigpipe_once = PTHREAD_ONCE_INIT;

/* A closed reader must give us EPIPE (-> HIO_EIO), not kill the machine. */
static void ignore_sigpipe(void)
{
    signal(SIGPIPE, SIG_IGN);
}

/* Where the kernel's own lines go: stdout (1), stderr (2) or nowhere (-1). `vaelix exec`
 * moves them off stdout, which then carries only the guest's bytes. */
static _Atomic int log_fd = 1;

void hio_console_log_to(int fd)
{
    atomic_store(&log_fd, fd);
}

/* fd may be non-blocking if someone else set it so; wait instead of spinning. */
static void wait_writable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    poll(&p, 1, -1);
}

static int write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    int status = HIO_OK;

    pthread_once(&sigpipe_once, ignore_sigpipe);
    pthread_mutex_lock(&out_lock);
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            wait_writable(fd);
        } else {
            status = HIO_EIO; /* EPIPE, EBADF, a full disk, or write() making no progress */
            break;
        }
    }
    pthread_mutex_unlock(&out_lock);
    return status;
}

int hio_console_write(const void *buf, size_t len)
{
    int fd = atomic_load(&log_fd);
    return fd < 0 ? HIO_OK : write_all(fd, buf, len);
}

int hio_console_write_stream(uint32_t stream, const void *buf, size_t len)
{
    if (stream != HIO_STDOUT && stream != HIO_STDERR)
        return HIO_EINVAL;
    return write_all(stream == HIO_STDOUT ? 1 : 2, buf, len);
}

/* ---- The ring (caller holds ring.lock) -------------------------------------------------- */

static size_t ring_space(void)
{
    return RING_BYTES - ring.count;
}

static void ring_put(const uint8_t *src, size_t n)
{
    size_t tail = (ring.head + ring.count) % RING_BYTES;
    size_t first = n < RING_BYTES - tail ? n : RING_BYTES - tail;
    memcpy(ring.bytes + tail, src, first);
    memcpy(ring.bytes, src + first, n - first);
    ring.count += n;
}

static size_t ring_take(uint8_t *dst, size_t len)
{
    size_t n = len < ring.count ? len : ring.count;
    size_t first = n < RING_BYTES - ring.head ? n : RING_BYTES - ring.head;
    memcpy(dst, ring.bytes + ring.head, first);
    memcpy(dst + first, ring.bytes, n - first);
    ring.head = (ring.head + n) % RING_BYTES;
    ring.count -= n;
    return n;
}

/* ---- Input: the reader's side ----------------------------------------------------------- */

static void raise_console(void)
{
    hio_cpu_raise(atomic_load(&route_cpu), HIO_IRQ_CONSOLE);
}

/* Ask the loop to open stdin, once (until the loop stops and forgets it). */
static void request_input(void)
{
    if (atomic_load(&input_requested) || atomic_exchange(&input_requested, true))
        return;
    if (hio_loop_post(HIO_WORK_CONSOLE) != HIO_OK)
        atomic_store(&input_requested, false); /* no loop thread: try again next call */
}

int64_t hio_console_read(void *buf, size_t len)
{
    int64_t result;
    bool resume = false;

    if (buf == NULL || len == 0)
        return HIO_EINVAL;
    request_input();
    pthread_mutex_lock(&ring.lock);
    if (ring.count > 0) {
        result = (int64_t)ring_take(buf, len);
        if (ring.paused && !ring.resume_posted && ring_space() >= RESUME_BYTES) {
            ring.resume_posted = true;
            resume = true;
        }
    } else {
        result = ring.ended ? HIO_EOF : HIO_EAGAIN;
    }
    pthread_mutex_unlock(&ring.lock);
    if (resume)
        hio_loop_post(HIO_WORK_CONSOLE);
    return result;
}

void hio_console_route(uint32_t cpu)
{
    if (cpu >= HIO_MAX_CPUS)
        return;
    atomic_store(&route_cpu, cpu);
    request_input();
    /* Input that arrived before the route changed was announced to the old vCPU. */
    pthread_mutex_lock(&ring.lock);
    bool pending = ring.count > 0 || ring.ended;
    pthread_mutex_unlock(&ring.lock);
    if (pending)
        raise_console();
}

/* ---- Input: the loop's side ------------------------------------------------------------- */

/* How much the next host read may ask for. At 0 the reader is marked paused in the same
 * critical section, so a drain that follows is sure to see it and ask for a resume. */
static size_t claim_space_or_pause(void)
{
    pthread_mutex_lock(&ring.lock);
    size_t n = ring_space() < CHUNK_BYTES ? ring_space() : CHUNK_BYTES;
    if (n == 0)
        ring.paused = true;
    pthread_mutex_unlock(&ring.lock);
    return n;
}

/* Add bytes read from the host; true if the ring is now full and reading must stop. */
static bool deliver(const uint8_t *src, size_t n)
{
    pthread_mutex_lock(&ring.lock);
    /* Invariant: a read never asks for more than claim_space_or_pause allowed, and only
     * this thread adds bytes, so they fit. */
    if (n > ring_space())
        hio_panic("console: host read more than the ring had room for");
    ring_put(src, n);
    bool full = ring_space() == 0;
    if (full)
        ring.paused = true;
    pthread_mutex_unlock(&ring.lock);
    raise_console();
    return full;
}

static void deliver_end(void)
{
    pthread_mutex_lock(&ring.lock);
    ring.ended = true;
    pthread_mutex_unlock(&ring.lock);
    raise_console();
}

/* Streams (terminal, pipe, socket). */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    /* 0 bytes makes libuv report UV_ENOBUFS to on_read, which stops reading. */
    *buf = uv_buf_init((char *)in.scratch, (unsigned)claim_space_or_pause());
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    if (nread > 0) {
        if (deliver(in.scratch, (size_t)nread))
            uv_read_stop(s);
    } else if (nread == UV_ENOBUFS) {
        uv_read_stop(s);
    } else if (nread < 0) {
        /* UV_EOF, or an error such as EIO after a terminal hangup: either way, no more. */
        uv_read_stop(s);
        deliver_end();
    }
}

static void stream_read_more(void)
{
    if (uv_read_start(&in.h.stream, on_alloc, on_read) != 0)
        deliver_end();
}

/* Files, /dev/null and other descriptors that epoll cannot watch. */

static void file_read_more(void);

static void on_file_read(uv_fs_t *req)
{
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    in.req_busy = false;
    if (n > 0) {
        /* Even when stopping, keep what was read: input is never dropped. */
        bool full = deliver(in.scratch, (size_t)n);
        if (!full && !in.closing)
            file_read_more();
    } else if (n != UV_ECANCELED) {
        deliver_end(); /* 0 is end of file; an error ends input too */
    }
}

static void file_read_more(void)
{
    if (in.req_busy)
        return;
    size_t n = claim_space_or_pause();
    if (n == 0)
        return;
    uv_buf_t buf = uv_buf_init((char *)in.scratch, (unsigned)n);
    /* Offset -1: read(2) at the current position, so whatever consumed stdin before us
     * (or will after) sees a consistent file offset. */
    if (uv_fs_read(in.loop, &in.req, 0, &buf, 1, -1, on_file_read) != 0) {
        deliver_end();
        return;
    }
    in.req_busy = true;
}

static void read_more(void)
{
    if (in.kind == INPUT_FILE)
        file_read_more();
    else
        stream_read_more();
}

/* ---- Terminal guard: never leave the user's terminal raw -------------------------------- */

static const int guarded_signals[] = {SIGTERM, SIGHUP, SIGINT};
static struct sigaction previous_actions[sizeof guarded_signals / sizeof guarded_signals[0]];

void hio_console_restore_tty(void)
{
    uv_tty_reset_mode(); /* async-signal-safe; does nothing if raw mode was never set */
}

static void restore_tty_at_exit(void)
{
    hio_console_restore_tty();
}

/* Put the terminal back, then let the signal do what it would have done without us. */
static void on_fatal_signal(int sig)
{
    int saved_errno = errno;
    hio_console_restore_tty();
    for (size_t i = 0; i < sizeof guarded_signals / sizeof guarded_signals[0]; i++) {
        if (guarded_signals[i] == sig)
            sigaction(sig, &previous_actions[i], NULL);
    }
    raise(sig); /* pending until this handler returns, then delivered to the old action */
    errno = saved_errno;
}

static void install_tty_guards(void)
{
    static bool installed; /* loop thread only */
    if (installed)
        return;
    installed = true;
    atexit(restore_tty_at_exit);
    struct sigaction sa = {.sa_handler = on_fatal_signal};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof guarded_signals / sizeof guarded_signals[0]; i++) {
        sigaction(guarded_signals[i], &sa, &previous_actions[i]);
        /* An ignored signal (nohup's SIGHUP) stays ignored: it cannot end us. */
        if (previous_actions[i].sa_handler == SIG_IGN)
            sigaction(guarded_signals[i], &previous_actions[i], NULL);
    }
}

/* ---- Opening and closing ---------------------------------------------------------------- */

static int open_tty(uv_loop_t *loop)
{
    int err = uv_tty_init(loop, &in.h.tty, 0, 1);
    if (err != 0)
        return err;
    install_tty_guards();
    err = uv_tty_set_mode(&in.h.tty, UV_TTY_MODE_RAW);
    if (err != 0) {
        uv_close(&in.h.handle, NULL);
        return err;
    }
    in.kind = INPUT_TTY;
    return 0;
}

static int open_stream(uv_loop_t *loop)
{
    int err = uv_pipe_init(loop, &in.h.pipe, 0);
    if (err != 0)
        return err;
    err = uv_pipe_open(&in.h.pipe, 0);
    if (err != 0) {
        uv_close(&in.h.handle, NULL);
        return err;
    }
    in.kind = INPUT_STREAM;
    return 0;
}

static void open_input(uv_loop_t *loop)
{
    pthread_mutex_lock(&ring.lock);
    bool ended = ring.ended;
    pthread_mutex_unlock(&ring.lock);
    if (ended)
        return;

    in.loop = loop;
    in.closing = false;
    in.saved_flags = fcntl(0, F_GETFL);
    if (in.saved_flags < 0) {
        deliver_end(); /* stdin is closed: there is no input at all */
        return;
    }
    int err = 0;
    switch (uv_guess_handle(0)) {
    case UV_TTY:
        err = open_tty(loop);
        break;
    case UV_NAMED_PIPE:
    case UV_TCP:
        err = open_stream(loop);
        break;
    default:
        in.kind = INPUT_FILE;
        break;
    }
    if (err != 0) {
        in.kind = INPUT_NONE;
        deliver_end();
        return;
    }
    read_more();
}

void hio_console_service(uv_loop_t *loop)
{
    if (in.kind == INPUT_NONE) {
        open_input(loop);
        return;
    }
    pthread_mutex_lock(&ring.lock);
    bool resume = ring.paused && ring_space() > 0 && !ring.ended;
    if (resume)
        ring.paused = false;
    ring.resume_posted = false;
    pthread_mutex_unlock(&ring.lock);
    if (resume)
        read_more();
}

void hio_console_close(void)
{
    switch (in.kind) {
    case INPUT_TTY:
        uv_read_stop(&in.h.stream);
        uv_tty_set_mode(&in.h.tty, UV_TTY_MODE_NORMAL);
        uv_close(&in.h.handle, NULL);
        break;
    case INPUT_STREAM:
        uv_read_stop(&in.h.stream);
        uv_close(&in.h.handle, NULL); /* libuv never closes fds 0-2 */
        break;
    case INPUT_FILE:
        /* A read already running in the thread pool cannot be cancelled; its callback sees
         * `closing` and keeps the bytes without asking for more. */
        in.closing = true;
        if (in.req_busy)
            uv_cancel((uv_req_t *)&in.req);
        break;
    case INPUT_NONE:
        break;
    }
    if (in.saved_flags >= 0)
        fcntl(0, F_SETFL, in.saved_flags); /* libuv left stdin non-blocking */
    in.saved_flags = -1;
    in.kind = INPUT_NONE;

    pthread_mutex_lock(&ring.lock);
    ring.paused = false; /* the next open claims space afresh */
    ring.resume_posted = false;
    pthread_mutex_unlock(&ring.lock);
    atomic_store(&input_requested, false);
}
