/*
 * servers/vinit/registry.c - the service registry: requests on the bootstrap channels
 * (protocol in vx/service.h).
 *
 * A LOOKUP of a running service makes a channel pair: one end goes to the service in a
 * CONNECT on its bootstrap channel, the other back to the asker in the REPLY. vinit keeps
 * neither end, so the two talk directly and vinit is out of the way. Writes never block: a
 * full queue at the service is answered VX_EAGAIN, a full queue at the asker drops the
 * reply (and closes the handle in it).
 */
#include "lib/string.h"
#include "servers/vinit/svc.h"
#include "vx/service.h"

#define REQUEST_HANDLES_MAX 4u /* handles taken with one request (and closed: none are used) */

static void reply(struct vinit_svc *asker, uint32_t txid, vx_status_t status, vx_handle_t h)
{
    struct vx_svc_msg m;
    vx_svc_msg_init(&m, VX_SVC_REPLY, NULL, 0);
    m.txid = txid;
    m.status = status;
    if (vx_channel_write(asker->chan, &m, sizeof m, &h, h ? 1 : 0) && h)
        vx_handle_close(h); /* not moved on failure */
}

/* A channel to `to` for `from`, or why not. */
static vx_status_t connect(struct vinit_svc *from, struct vinit_svc *to, vx_handle_t *out)
{
    vx_handle_t mine, theirs;
    struct vx_svc_msg m;
    if (to->state != SVC_RUNNING)
        return VX_EAGAIN;
    vx_status_t st = vx_channel_create(0, &mine, &theirs);
    if (st)
        return st;
    vx_svc_msg_init(&m, VX_SVC_CONNECT, from->m.name, vx_strlen(from->m.name));
    if ((st = vx_channel_write(to->chan, &m, sizeof m, &theirs, 1))) {
        vx_handle_close(theirs);
        vx_handle_close(mine);
        return st == VX_ELIMIT || st == VX_ECLOSED ? VX_EAGAIN : st;
    }
    *out = mine;
    return VX_OK;
}

static void lookup(struct vinit_svc *s, const struct vx_svc_msg *req)
{
    vx_handle_t h = VX_HANDLE_INVALID;
    struct vinit_svc *to = vinit_find(req->name, req->name_len);
    vx_status_t st = to ? connect(s, to, &h) : VX_ENOENT;
    srv_logf("%s looks up '%.*s': %s", s->m.name, (int)req->name_len, req->name,
              st == VX_OK       ? "connected"
              : st == VX_ENOENT ? "no such service"
              : st == VX_EAGAIN ? "not running now"
                                : "failed");
    reply(s, req->txid, st, h);
}

void vinit_serve_requests(struct vinit_svc *s)
{
    while (s->state == SVC_RUNNING) {
        union {
            struct vx_svc_msg m;
            uint32_t txid;
        } req;
        vx_handle_t hs[REQUEST_HANDLES_MAX];
        uint32_t actual[2];
        vx_status_t st =
            vx_channel_read(s->chan, &req, hs, sizeof req, REQUEST_HANDLES_MAX, actual);
        if (st == VX_EAGAIN || st == VX_ECLOSED)
            return; /* nothing more; a closed peer: its TERMINATED packet follows */
        if (st) {
            /* Too big or too many handles: it would stay queued for ever. */
            srv_logf("%s sent a message vinit cannot take (%u bytes, %u handles); stopping it",
                      s->m.name, actual[0], actual[1]);
            vx_task_kill(s->task);
            return;
        }
        for (uint32_t i = 0; i < actual[1]; i++)
            vx_handle_close(hs[i]);
        if (vx_svc_msg_check(&req.m, actual[0]) || req.m.op != VX_SVC_LOOKUP || actual[1]) {
            srv_logf("%s sent a malformed request (%u bytes)", s->m.name, actual[0]);
            if (actual[0] >= sizeof req.txid)
                reply(s, req.txid, VX_EINVAL, VX_HANDLE_INVALID);
            continue;
        }
        lookup(s, &req.m);
    }
}
