/*
 * linux/poll.c - ppoll and pselect6: which fds are ready, and sleeping until one is.
 *
 * Readiness: a pipe's read end is readable with bytes buffered or no writer left (POLLHUP),
 * its write end writable with PIPE_BUF bytes of room (POLLERR with no reader left); files of
 * the vfs server, devices and /proc files are always ready; the console always counts as
 * writable and readable (a read may then wait for input: there is no terminal layer yet).
 * A poller sleeps on poll_seq, which every pipe change bumps.
 */
#include "personality/linux/internal.h"

#define LPOLLIN   0x001
#define LPOLLPRI  0x002
#define LPOLLOUT  0x004
#define LPOLLERR  0x008
#define LPOLLHUP  0x010
#define LPOLLNVAL 0x020
#define LPOLLRDNORM 0x040
#define LPOLLWRNORM 0x100
#define POLL_MAX  1024u /* fds in one call (RLIMIT_NOFILE is at most 256 here) */
#define FDSET_WORDS 16u /* 1024 bits */

struct linux_pollfd {
    int32_t fd;
    int16_t events, revents;
};

/* The events of fd that hold now (POLLNVAL for a closed fd). */
static uint32_t ready(struct linux_proc *p, int32_t fd)
{
    struct lfile *f = fd_get(p, fd);
    if (!f)
        return LPOLLNVAL;
    uint32_t ev;
    switch (f->kind) {
    case LFILE_PIPE_READ:
    case LFILE_PIPE_WRITE:
        ev = pipe_poll(f);
        break;
    default:
        ev = LPOLLIN | LPOLLOUT | LPOLLRDNORM | LPOLLWRNORM;
        break;
    }
    uint32_t acc = atomic_load(&f->flags) & 3;
    if (f->kind != LFILE_PIPE_READ && f->kind != LFILE_PIPE_WRITE) {
        if (acc == LO_WRONLY)
            ev &= ~(uint32_t)(LPOLLIN | LPOLLRDNORM);
        if (acc == LO_RDONLY && f->kind != LFILE_CONSOLE)
            ev &= ~(uint32_t)(LPOLLOUT | LPOLLWRNORM);
    }
    lfile_put(f);
    return ev;
}

static int64_t read_timeout(struct linux_proc *p, uint64_t va, int64_t *deadline)
{
    *deadline = 0;
    if (!va)
        return 0;
    int64_t ns, st = linux_read_timespec(p, va, &ns);
    if (st)
        return st;
    *deadline = vx_clock_get() + ns;
    if (*deadline <= 0)
        *deadline = 1;
    return 0;
}

/* A temporary signal mask for the wait (ppoll, pselect6): set it, and have delivery put the
 * old one back (as sigsuspend does). */
static int64_t swap_mask(struct linux_thread *t, uint64_t va, uint64_t size)
{
    if (!va)
        return 0;
    if (size != 8)
        return -LEINVAL;
    uint64_t mask;
    if (linux_copy_in(t->proc, &mask, va, sizeof mask))
        return -LEFAULT;
    t->saved_mask = t->blocked;
    t->restore_mask = true;
    t->blocked = mask & ~((1ull << (LSIGKILL - 1)) | (1ull << (LSIGSTOP - 1)));
    return 0;
}

/* Wait until count() finds something, the deadline passes (0) or a signal comes (-EINTR). */
static int64_t wait_ready(struct linux_thread *t, int64_t deadline,
                          int64_t (*count)(struct linux_thread *t, void *arg), void *arg)
{
    for (;;) {
        uint32_t seen = atomic_load(&poll_seq);
        int64_t n = count(t, arg);
        if (n != 0)
            return n;
        if (deadline == 1 || (deadline && vx_clock_get() >= deadline))
            return 0;
        int64_t r = lsleep(t, &poll_seq, seen, deadline);
        if (r == -LEINTR)
            return -LEINTR;
        if (r == -LETIMEDOUT)
            return count(t, arg);
    }
}

struct poll_arg {
    uint64_t va;
    uint64_t nfds;
};

static int64_t poll_count(struct linux_thread *t, void *arg)
{
    struct poll_arg *pa = arg;
    int64_t n = 0;
    for (uint64_t i = 0; i < pa->nfds; i++) {
        struct linux_pollfd pf;
        if (linux_copy_in(t->proc, &pf, pa->va + i * sizeof pf, sizeof pf))
            return -LEFAULT;
        uint32_t want = (uint16_t)pf.events | LPOLLERR | LPOLLHUP | LPOLLNVAL;
        pf.revents = pf.fd < 0 ? 0 : (int16_t)(ready(t->proc, pf.fd) & want);
        if (linux_copy_out(t->proc, pa->va + i * sizeof pf, &pf, sizeof pf))
            return -LEFAULT;
        if (pf.revents)
            n++;
    }
    return n;
}

int64_t lsys_ppoll(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[1] > POLL_MAX || a[1] > p->rlim[LRLIMIT_NOFILE].cur)
        return -LEINVAL;
    int64_t deadline, st;
    if ((st = read_timeout(p, a[2], &deadline)))
        return st;
    if (a[2] && deadline && deadline <= vx_clock_get())
        deadline = 1; /* a zero timeout: look once */
    if ((st = swap_mask(t, a[3], a[4])))
        return st;
    struct poll_arg pa = {a[0], a[1]};
    int64_t n = wait_ready(t, deadline, poll_count, &pa);
    if (n != -LEINTR && t->restore_mask) { /* no handler will run: the old mask is back now */
        t->blocked = t->saved_mask;
        t->restore_mask = false;
    }
    return n == -LEINTR ? -LEINTR : n; /* Linux: ERESTARTNOHAND, seen as EINTR */
}

struct select_arg {
    uint64_t nfds;
    uint64_t in[FDSET_WORDS], out[FDSET_WORDS], ex[FDSET_WORDS];
    uint64_t rin[FDSET_WORDS], rout[FDSET_WORDS], rex[FDSET_WORDS];
    bool has_in, has_out;
};

static int64_t select_count(struct linux_thread *t, void *arg)
{
    struct select_arg *s = arg;
    int64_t n = 0;
    for (uint64_t fd = 0; fd < s->nfds; fd++) {
        uint64_t bit = 1ull << (fd % 64);
        uint32_t w = (uint32_t)(fd / 64);
        bool want_in = s->in[w] & bit, want_out = s->out[w] & bit;
        s->rin[w] &= ~bit;
        s->rout[w] &= ~bit;
        s->rex[w] &= ~bit;
        if (!want_in && !want_out && !(s->ex[w] & bit))
            continue;
        uint32_t ev = ready(t->proc, (int32_t)fd);
        if (ev & LPOLLNVAL)
            return -LEBADF;
        if (want_in && (ev & (LPOLLIN | LPOLLHUP | LPOLLERR))) {
            s->rin[w] |= bit;
            n++;
        }
        if (want_out && (ev & (LPOLLOUT | LPOLLERR))) {
            s->rout[w] |= bit;
            n++;
        }
    }
    return n;
}

int64_t lsys_pselect6(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if ((int64_t)a[0] < 0 || a[0] > FDSET_WORDS * 64)
        return -LEINVAL;
    static struct select_arg args[LINUX_THREADS_MAX];
    struct select_arg *s = &args[thread_slot(t)];
    __builtin_memset(s, 0, sizeof *s);
    s->nfds = a[0];
    size_t bytes = (size_t)((a[0] + 63) / 64 * 8);
    uint64_t *sets[3] = {s->in, s->out, s->ex};
    for (int i = 0; i < 3; i++)
        if (a[1 + i] && bytes && linux_copy_in(p, sets[i], a[1 + i], bytes))
            return -LEFAULT;
    int64_t deadline, st;
    if ((st = read_timeout(p, a[4], &deadline)))
        return st;
    if (a[4] && deadline && deadline <= vx_clock_get())
        deadline = 1;
    if (a[5]) { /* { const sigset_t *ss; size_t ss_len; } */
        uint64_t sm[2];
        if (linux_copy_in(p, sm, a[5], sizeof sm))
            return -LEFAULT;
        if ((st = swap_mask(t, sm[0], sm[1])))
            return st;
    }
    int64_t n = wait_ready(t, deadline, select_count, s);
    if (n != -LEINTR && t->restore_mask) {
        t->blocked = t->saved_mask;
        t->restore_mask = false;
    }
    if (n < 0)
        return n;
    uint64_t *res[3] = {s->rin, s->rout, s->rex};
    for (int i = 0; i < 3; i++)
        if (a[1 + i] && bytes && linux_copy_out(p, a[1 + i], res[i], bytes))
            return -LEFAULT;
    return n;
}
