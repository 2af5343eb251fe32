/*
 * linux/file.c - open file descriptions and fd tables (see internal.h).
 */
#include "personality/linux/internal.h"

static struct lfile files[LINUX_FILES_MAX];

struct lfile *lfile_new(uint32_t kind)
{
    for (uint32_t i = 0; i < LINUX_FILES_MAX; i++) {
        bool taken = false;
        if (atomic_compare_exchange_strong(&files[i].used, &taken, true)) {
            atomic_store(&files[i].refs, 1);
            files[i].kind = kind;
            files[i].stream = 0;
            atomic_store(&files[i].flags, 0);
            files[i].pipe = NULL;
            files[i].lock = (struct lmutex){0};
            files[i].offset = 0;
            files[i].mode = 0;
            files[i].token = 0;
            return &files[i];
        }
    }
    return NULL;
}

uint32_t lfile_slot(const struct lfile *f)
{
    return (uint32_t)(f - files);
}

void lfile_get(struct lfile *f)
{
    atomic_fetch_add(&f->refs, 1);
}

/* Drop one reference; the last one lets go of what the description holds. */
void lfile_put(struct lfile *f)
{
    if (atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    if (f->kind == LFILE_PIPE_READ || f->kind == LFILE_PIPE_WRITE)
        pipe_release(f);
    f->kind = LFILE_FREE;
    atomic_store(&f->used, false); /* last: the slot may be taken again */
}

struct lfile *fd_get_h(struct linux_proc *p, int64_t fd, vx_handle_t *h)
{
    *h = 0;
    if (fd < 0 || fd >= (int64_t)LINUX_FDS_MAX)
        return NULL;
    lmutex_lock(&p->lock);
    struct lfile *f = p->fd[fd];
    if (f) {
        lfile_get(f);
        *h = p->fdh[fd];
    }
    lmutex_unlock(&p->lock);
    return f;
}

struct lfile *fd_get(struct linux_proc *p, int64_t fd)
{
    vx_handle_t h;
    return fd_get_h(p, fd, &h);
}

int64_t handle_dup(vx_handle_t h, vx_handle_t *out)
{
    *out = 0;
    if (!h)
        return 0;
    return vx_handle_duplicate(h, VX_RIGHTS_SAME, out) ? -LEMFILE : 0;
}

int64_t fd_install_h(struct linux_proc *p, struct lfile *f, vx_handle_t h, uint32_t lowest,
                     bool cloexec)
{
    lmutex_lock(&p->lock);
    uint64_t limit = p->rlim[LRLIMIT_NOFILE].cur;
    for (uint32_t fd = lowest; fd < LINUX_FDS_MAX && fd < limit; fd++) {
        if (!p->fd[fd]) {
            p->fd[fd] = f;
            p->fdh[fd] = h;
            p->cloexec[fd] = cloexec;
            lmutex_unlock(&p->lock);
            return fd;
        }
    }
    lmutex_unlock(&p->lock);
    if (h)
        vx_handle_close(h);
    return -LEMFILE;
}

int64_t fd_install(struct linux_proc *p, struct lfile *f, uint32_t lowest, bool cloexec)
{
    return fd_install_h(p, f, 0, lowest, cloexec);
}

void fd_close_all(struct linux_proc *p, bool only_cloexec)
{
    for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
        lmutex_lock(&p->lock);
        struct lfile *f = p->fd[fd];
        vx_handle_t h = 0;
        if (f && (!only_cloexec || p->cloexec[fd])) {
            p->fd[fd] = NULL;
            h = p->fdh[fd];
            p->fdh[fd] = 0;
        } else {
            f = NULL;
        }
        lmutex_unlock(&p->lock);
        if (h)
            vx_handle_close(h);
        if (f)
            lfile_put(f);
    }
}

void fd_fork(struct linux_proc *parent, struct linux_proc *child)
{
    lmutex_lock(&parent->lock);
    for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
        child->fd[fd] = parent->fd[fd];
        child->fdh[fd] = 0; /* the child's own handles arrive with its bootstrap */
        child->cloexec[fd] = parent->cloexec[fd];
        if (child->fd[fd])
            lfile_get(child->fd[fd]);
    }
    lmutex_unlock(&parent->lock);
}
