/*
 * libvx/src/service.c - the registry protocol's helpers (see vx/service.h). Freestanding,
 * public API only: the same code runs in guest programs and in vaelix's system tasks.
 */
#include "vx/service.h"

static void zero(void *p, size_t n)
{
    unsigned char *b = p;
    while (n--)
        *b++ = 0;
}

vx_status_t vx_svc_msg_init(struct vx_svc_msg *m, enum vx_svc_op op, const char *name, size_t len)
{
    zero(m, sizeof *m);
    if (len >= VX_SVC_NAME_MAX)
        return VX_ERANGE;
    m->version = VX_SVC_VERSION;
    m->op = (uint16_t)op;
    m->name_len = (uint32_t)len;
    for (size_t i = 0; i < len; i++)
        m->name[i] = name[i];
    return VX_OK;
}

vx_status_t vx_svc_msg_check(const struct vx_svc_msg *m, uint32_t nbytes)
{
    if (nbytes != sizeof *m || m->version != VX_SVC_VERSION || m->op < VX_SVC_LOOKUP ||
        m->op > VX_SVC_REPLY || m->name_len >= VX_SVC_NAME_MAX)
        return VX_EINVAL;
    for (uint32_t i = m->name_len; i < VX_SVC_NAME_MAX; i++)
        if (m->name[i])
            return VX_EINVAL;
    return VX_OK;
}

vx_status_t vx_service_lookup(vx_handle_t bootstrap, const char *name, int64_t deadline,
                              vx_handle_t *out)
{
    struct vx_svc_msg req, rep;
    vx_handle_t h = VX_HANDLE_INVALID;
    uint32_t actual[2];
    size_t len = 0;
    while (name[len] && len < VX_SVC_NAME_MAX)
        len++;
    vx_status_t st = vx_svc_msg_init(&req, VX_SVC_LOOKUP, name, len);
    if (st)
        return st;
    struct vx_channel_call_args args = {
        .wr_bytes = (uint64_t)(uintptr_t)&req,
        .wr_num_bytes = sizeof req,
        .rd_bytes = (uint64_t)(uintptr_t)&rep,
        .rd_handles = (uint64_t)(uintptr_t)&h,
        .rd_num_bytes = sizeof rep,
        .rd_num_handles = 1,
    };
    if ((st = vx_channel_call(bootstrap, &args, deadline, actual)))
        return st;
    if (vx_svc_msg_check(&rep, actual[0]) || rep.op != VX_SVC_REPLY ||
        (rep.status == VX_OK) != (actual[1] == 1)) {
        if (actual[1])
            vx_handle_close(h);
        return VX_EIO;
    }
    if (rep.status != VX_OK)
        return rep.status;
    *out = h;
    return VX_OK;
}

vx_status_t vx_service_accept(vx_handle_t bootstrap, vx_handle_t *conn, char *client)
{
    struct vx_svc_msg m;
    vx_handle_t hs[2] = {VX_HANDLE_INVALID, VX_HANDLE_INVALID};
    uint32_t actual[2];
    vx_status_t st = vx_channel_read(bootstrap, &m, hs, sizeof m, 2, actual);
    if (st)
        return st;
    if (vx_svc_msg_check(&m, actual[0]) || m.op != VX_SVC_CONNECT || actual[1] != 1) {
        for (uint32_t i = 0; i < actual[1] && i < 2; i++)
            vx_handle_close(hs[i]);
        return VX_EINVAL;
    }
    *conn = hs[0];
    if (client) {
        for (uint32_t i = 0; i < m.name_len; i++)
            client[i] = m.name[i];
        client[m.name_len] = '\0';
    }
    return VX_OK;
}
