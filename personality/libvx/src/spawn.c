/*
 * libvx/src/spawn.c - vx_spawn (see vx/spawn.h). Freestanding, public API only.
 */
#include "vx/spawn.h"

static size_t name_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Close what is not 0. */
static void close_all(const vx_handle_t *hs, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (hs[i])
            vx_handle_close(hs[i]);
}

vx_status_t vx_spawn(const struct vx_spawn *s, vx_handle_t *task, vx_handle_t *chan)
{
    if (s->nhandles > VX_SPAWN_MAX_HANDLES) {
        close_all(s->handles, s->nhandles);
        return VX_EINVAL;
    }
    /* Everything this function makes: task, as, thread, our end, their end, as for them. */
    vx_handle_t h[6] = {0, 0, 0, 0, 0, 0};
    vx_handle_t boot[VX_SPAWN_MAX_HANDLES + 1];
    struct vx_elf_info info;
    vx_status_t st;
    int sent = 0;
    if ((st = vx_task_create(s->job, s->name, name_len(s->name), &h[0], &h[1])) ||
        (st = vx_elf_load(h[1], s->elf, s->strings, s->strings_len, s->argc, &info)) ||
        (st = vx_thread_create(h[0], "main", 4, &h[2])) ||
        (st = vx_channel_create(0, &h[3], &h[4])) ||
        (st = vx_handle_duplicate(h[1], VX_RIGHTS_SAME, &h[5])))
        goto out_fail;
    boot[0] = h[5];
    for (uint32_t i = 0; i < s->nhandles; i++)
        boot[1 + i] = s->handles[i];
    st = vx_channel_write(h[3], s->msg, s->msg_len, boot, 1 + s->nhandles);
    if (st)
        goto out_fail;
    h[5] = 0; /* moved, with the caller's handles */
    sent = 1;
    st = vx_task_start(h[0], h[2], info.entry, info.sp, h[4], 0);
    h[4] = 0; /* moved, whatever happened */
    if (st)
        goto out_fail;
    *task = h[0];
    if (chan)
        *chan = h[3];
    else
        vx_handle_close(h[3]);
    close_all(&h[1], 2); /* as, thread */
    return VX_OK;
out_fail:
    if (!sent)
        close_all(s->handles, s->nhandles); /* still ours to drop */
    close_all(h, 6);
    return st;
}
