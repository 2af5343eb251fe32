/*
 * linux/file.c - open file descriptions and fd tables (see internal.h).
 */
#include "personality/linux/internal.h"

static struct lfile files[LINUX_FILES_MAX];

struct lfile *lfile_new(uint32_t kind)
{
    for (uint32_t i = 0; i < LINUX_FILES_MAX; i++) {
        uint32_t free_refs = 0;
        if (atomic_compare_exchange_strong(&files[i].refs, &free_refs, 1)) {
            files[i].kind = kind;
            files[i].stream = 0;
            files[i].flags = 0;
            files[i].handle = VX_HANDLE_INVALID;
            return &files[i];
        }
    }
    return NULL;
}

/* Drop one reference; the last closes what the file holds in p's table (only from p's own
 * thread: `p` NULL when the table is gone with the process). */
void lfile_put(struct linux_proc *p, struct lfile *f)
{
    if (atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    if (p && f->handle != VX_HANDLE_INVALID && f->handle != p->console)
        vx_handle_close(f->handle);
}

struct lfile *fd_get(struct linux_proc *p, int64_t fd)
{
    if (fd < 0 || fd >= (int64_t)LINUX_FDS_MAX)
        return NULL;
    return p->fd[fd];
}

int64_t fd_install(struct linux_proc *p, struct lfile *f, uint32_t lowest, bool cloexec)
{
    for (uint32_t fd = lowest; fd < LINUX_FDS_MAX; fd++) {
        if (!p->fd[fd]) {
            p->fd[fd] = f;
            p->cloexec[fd] = cloexec;
            return fd;
        }
    }
    return -LEMFILE;
}

void fd_close_all(struct linux_proc *p, bool table_gone)
{
    for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
        if (p->fd[fd]) {
            lfile_put(table_gone ? NULL : p, p->fd[fd]);
            p->fd[fd] = NULL;
        }
    }
}
