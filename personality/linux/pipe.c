/*
 * linux/pipe.c - pipes: a ring buffer in the personality's memory shared by the two ends.
 *
 * Readers and writers sleep on the pipe's `seq` word (lsleep) and bump it whenever they
 * change the buffer or an end closes. Writes of at most PIPE_BUF bytes are atomic: they wait
 * until the whole write fits. A write with no reader left raises SIGPIPE and fails with
 * EPIPE; a read of an empty pipe with no writer left returns 0 (end of file).
 */
#include "personality/linux/internal.h"

#define PIPE_CAP 65536u /* Linux's default capacity */
#define PIPE_BUF 4096u  /* writes up to this size are never interleaved */
#define LO_NONBLOCK 04000u

struct lpipe {
    _Atomic bool used;
    struct lmutex lock;
    _Atomic uint32_t seq;
    uint32_t head, count; /* (lock) the bytes are buf[head .. head + count) mod PIPE_CAP */
    uint32_t readers, writers; /* (lock) open ends */
    uint8_t buf[PIPE_CAP];
};

static struct lpipe pipes[LINUX_PIPES_MAX];

static struct lpipe *pipe_new(void)
{
    for (uint32_t i = 0; i < LINUX_PIPES_MAX; i++) {
        bool taken = false;
        if (atomic_compare_exchange_strong(&pipes[i].used, &taken, true)) {
            struct lpipe *pp = &pipes[i];
            pp->head = pp->count = 0;
            pp->readers = pp->writers = 1;
            return pp;
        }
    }
    return NULL;
}

/* Copy n buffered bytes out to the guest at va (lock held); 0 or -EFAULT. */
static int64_t ring_out(struct linux_proc *p, struct lpipe *pp, uint64_t va, uint32_t n)
{
    uint32_t first = PIPE_CAP - pp->head < n ? PIPE_CAP - pp->head : n;
    int64_t st = linux_copy_out(p, va, pp->buf + pp->head, first);
    if (!st && n > first)
        st = linux_copy_out(p, va + first, pp->buf, n - first);
    return st;
}

static int64_t ring_in(struct linux_proc *p, struct lpipe *pp, uint64_t va, uint32_t n)
{
    uint32_t tail = (pp->head + pp->count) % PIPE_CAP;
    uint32_t first = PIPE_CAP - tail < n ? PIPE_CAP - tail : n;
    int64_t st = linux_copy_in(p, pp->buf + tail, va, first);
    if (!st && n > first)
        st = linux_copy_in(p, pp->buf, va + first, n - first);
    return st;
}

int64_t pipe_read(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len)
{
    struct lpipe *pp = f->pipe;
    if (len == 0)
        return 0;
    for (;;) {
        lmutex_lock(&pp->lock);
        uint32_t seen = atomic_load(&pp->seq);
        if (pp->count) {
            uint32_t n = len < pp->count ? (uint32_t)len : pp->count;
            int64_t st = ring_out(t->proc, pp, va, n);
            if (!st) {
                pp->head = (pp->head + n) % PIPE_CAP;
                pp->count -= n;
            }
            lmutex_unlock(&pp->lock);
            lwake(&pp->seq);
            lwake(&poll_seq);
            return st ? st : (int64_t)n;
        }
        uint32_t writers = pp->writers;
        lmutex_unlock(&pp->lock);
        if (!writers)
            return 0;
        if (atomic_load(&f->flags) & LO_NONBLOCK)
            return -LEAGAIN;
        int64_t r = lsleep(t, &pp->seq, seen, 0);
        if (r == -LEINTR)
            return -LERESTART;
    }
}

int64_t pipe_write(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len)
{
    struct lpipe *pp = f->pipe;
    uint64_t done = 0;
    while (done < len || len == 0) {
        lmutex_lock(&pp->lock);
        uint32_t seen = atomic_load(&pp->seq);
        if (!pp->readers) {
            lmutex_unlock(&pp->lock);
            lmutex_lock(&tree_lock);
            struct linux_siginfo si = sig_info(LSIGPIPE, LSI_USER, t->proc->pid);
            sig_send_thread(t, &si);
            lmutex_unlock(&tree_lock);
            return done ? (int64_t)done : -LEPIPE;
        }
        if (len == 0) {
            lmutex_unlock(&pp->lock);
            return 0;
        }
        uint32_t space = PIPE_CAP - pp->count;
        uint64_t left = len - done;
        bool atomic_fits = left > PIPE_BUF || space >= left;
        if (space && atomic_fits) {
            uint32_t n = left < space ? (uint32_t)left : space;
            int64_t st = ring_in(t->proc, pp, va + done, n);
            if (!st)
                pp->count += n;
            lmutex_unlock(&pp->lock);
            lwake(&pp->seq);
            lwake(&poll_seq);
            if (st)
                return done ? (int64_t)done : st;
            done += n;
            continue;
        }
        lmutex_unlock(&pp->lock);
        if (atomic_load(&f->flags) & LO_NONBLOCK)
            return done ? (int64_t)done : -LEAGAIN;
        int64_t r = lsleep(t, &pp->seq, seen, 0);
        if (r == -LEINTR)
            return done ? (int64_t)done : -LERESTART;
    }
    return (int64_t)done;
}

void pipe_release(struct lfile *f)
{
    struct lpipe *pp = f->pipe;
    lmutex_lock(&pp->lock);
    if (f->kind == LFILE_PIPE_READ)
        pp->readers--;
    else
        pp->writers--;
    bool gone = !pp->readers && !pp->writers;
    lmutex_unlock(&pp->lock);
    lwake(&pp->seq);
    lwake(&poll_seq);
    if (gone)
        atomic_store(&pp->used, false);
}

int64_t lsys_pipe2(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[1] & ~(uint64_t)(LO_CLOEXEC | LO_NONBLOCK))
        return -LEINVAL;
    struct lpipe *pp = pipe_new();
    if (!pp)
        return -LENFILE;
    struct lfile *r = lfile_new(LFILE_PIPE_READ), *w = r ? lfile_new(LFILE_PIPE_WRITE) : NULL;
    if (!w) {
        if (r) {
            r->kind = LFILE_FREE;
            atomic_store(&r->used, false);
        }
        atomic_store(&pp->used, false);
        return -LENFILE;
    }
    r->pipe = w->pipe = pp;
    uint32_t nb = (uint32_t)a[1] & LO_NONBLOCK;
    atomic_store(&r->flags, LO_RDONLY | nb);
    atomic_store(&w->flags, LO_WRONLY | nb);
    bool cloexec = (a[1] & LO_CLOEXEC) != 0;
    int64_t fr = fd_install(p, r, 0, cloexec);
    if (fr < 0) {
        lfile_put(r);
        lfile_put(w);
        return fr;
    }
    int64_t fw = fd_install(p, w, 0, cloexec);
    int32_t fds[2] = {(int32_t)fr, (int32_t)fw};
    int64_t st = fw < 0 ? fw : linux_copy_out(p, a[0], fds, sizeof fds);
    if (st) {
        struct linux_proc *pr = p;
        lmutex_lock(&pr->lock);
        pr->fd[fr] = NULL;
        if (fw >= 0)
            pr->fd[fw] = NULL;
        lmutex_unlock(&pr->lock);
        lfile_put(r);
        lfile_put(w);
        return st;
    }
    return 0;
}

uint32_t pipe_poll(struct lfile *f)
{
    struct lpipe *pp = f->pipe;
    lmutex_lock(&pp->lock);
    uint32_t ev = 0;
    if (f->kind == LFILE_PIPE_READ) {
        if (pp->count)
            ev |= 0x041; /* POLLIN | POLLRDNORM */
        if (!pp->writers)
            ev |= 0x010; /* POLLHUP */
    } else {
        if (PIPE_CAP - pp->count >= PIPE_BUF)
            ev |= 0x104; /* POLLOUT | POLLWRNORM */
        if (!pp->readers)
            ev |= 0x008; /* POLLERR */
    }
    lmutex_unlock(&pp->lock);
    return ev;
}
