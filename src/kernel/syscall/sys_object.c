/*
 * syscall/sys_object.c - handle calls: close, duplicate, replace, info.
 */
#define VX_SUBSYSTEM "syscall"
#include "kernel/syscall/syscall.h"

static bool handle_arg_ok(uint64_t h)
{
    return sys_u32(h);
}

int64_t sys_handle_close(const uint64_t *a)
{
    if (!handle_arg_ok(a[0]))
        return VX_EBADH;
    return handle_close(sys_handles(), (vx_handle_t)a[0]);
}

/* duplicate and replace: make the new handle, then publish it; undo if *out is bad. */
static int64_t dup_or_replace(const uint64_t *a, bool replace)
{
    if (!handle_arg_ok(a[0]))
        return VX_EBADH;
    if (!sys_u32(a[1]))
        return VX_EINVAL;
    vx_handle_t h;
    vx_status_t st = replace ? handle_replace(sys_handles(), (vx_handle_t)a[0], (uint32_t)a[1], &h)
                             : handle_duplicate(sys_handles(), (vx_handle_t)a[0], (uint32_t)a[1], &h);
    if (st)
        return st;
    st = uaccess_out(a[2], &h, sizeof h);
    if (st)
        handle_close(sys_handles(), h);
    return st;
}

int64_t sys_handle_duplicate(const uint64_t *a)
{
    return dup_or_replace(a, false);
}

int64_t sys_handle_replace(const uint64_t *a)
{
    return dup_or_replace(a, true);
}

int64_t sys_object_info(const uint64_t *a)
{
    if (!handle_arg_ok(a[0]))
        return VX_EBADH;
    struct vx_handle_info info;
    vx_status_t st = handle_info(sys_handles(), (vx_handle_t)a[0], &info);
    return st ? st : uaccess_out(a[1], &info, sizeof info);
}
