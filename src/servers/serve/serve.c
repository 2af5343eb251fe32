/*
 * servers/serve/serve.c - the builtin services' loop (see serve.h).
 *
 * Port keys: 0 is the bootstrap channel, 1 + i is connection slot i. Watches repeat on each
 * rising edge, and every wake-up drains its channel, so no message waits for a second edge.
 * A packet for a slot closed since then finds the slot empty, or a newer client whose queue
 * it drains early: both harmless.
 */
#include "servers/serve/serve.h"

#include <stdarg.h>

#include "lib/fmt.h"
#include "servers/serve/log.h"
#include "lib/string.h"

#define KEY_BOOTSTRAP 0u
#define PACKETS_MAX   8u

struct conns {
    vx_handle_t port;
    vx_handle_t h[SERVE_CONNS_MAX];
    char client[SERVE_CONNS_MAX][VX_SVC_NAME_MAX];
};

static void drop(struct conns *c, uint32_t i)
{
    vx_handle_close(c->h[i]);
    c->h[i] = VX_HANDLE_INVALID;
}

/* Take every queued CONNECT. Returns VX_ECLOSED once vinit is gone, VX_ERANGE if it broke
 * the protocol, VX_OK otherwise. */
static vx_status_t accept_all(vx_handle_t bootstrap, struct conns *c)
{
    for (;;) {
        vx_handle_t conn;
        char client[VX_SVC_NAME_MAX];
        vx_status_t st = vx_service_accept(bootstrap, &conn, client);
        if (st == VX_EAGAIN)
            return VX_OK;
        if (st == VX_EINVAL)
            continue; /* not a CONNECT: dropped */
        if (st)
            return st;
        uint32_t i = 0;
        while (i < SERVE_CONNS_MAX && c->h[i])
            i++;
        if (i == SERVE_CONNS_MAX ||
            vx_object_wait_async(conn, c->port, 1 + i, VX_SIG_READABLE | VX_SIG_PEER_CLOSED,
                                 VX_WAIT_ASYNC_REPEAT)) {
            srv_logf("refusing a client of '%s': %u connections already", client, SERVE_CONNS_MAX);
            vx_handle_close(conn);
            continue;
        }
        c->h[i] = conn;
        vx_strlcpy(c->client[i], client, sizeof c->client[i]);
    }
}

/* Hand every message queued on slot i to the handler; disconnect on hang-up or misuse. */
static void drain(struct conns *c, uint32_t i, serve_handler_fn *handler, void *ctx)
{
    char bytes[SERVE_MSG_MAX];
    vx_handle_t hs[4];
    uint32_t actual[2];
    while (c->h[i]) {
        vx_status_t st = vx_channel_read(c->h[i], bytes, hs, sizeof bytes, 4, actual);
        if (st == VX_EAGAIN)
            return;
        if (st) { /* VX_ECLOSED: hung up; VX_ERANGE: too big to take */
            drop(c, i);
            return;
        }
        for (uint32_t k = 0; k < actual[1]; k++)
            vx_handle_close(hs[k]);
        handler(c->h[i], c->client[i], bytes, actual[0], ctx);
    }
}

int serve_loop(vx_handle_t bootstrap, serve_handler_fn *handler, void *ctx)
{
    struct conns c;
    vx_memset(&c, 0, sizeof c);
    int status = 1;
    if (!bootstrap || vx_port_create(0, &c.port)) {
        srv_logf("no bootstrap channel or no port: not serving");
        return 1;
    }
    if (vx_object_wait_async(bootstrap, c.port, KEY_BOOTSTRAP, VX_SIG_READABLE | VX_SIG_PEER_CLOSED,
                             VX_WAIT_ASYNC_REPEAT))
        goto out;
    for (;;) {
        struct vx_port_packet pk[PACKETS_MAX];
        uint32_t n;
        if (vx_port_wait(c.port, 0, pk, PACKETS_MAX, &n))
            goto out;
        for (uint32_t k = 0; k < n; k++) {
            if (pk[k].key != KEY_BOOTSTRAP) {
                if (pk[k].key <= SERVE_CONNS_MAX)
                    drain(&c, (uint32_t)pk[k].key - 1, handler, ctx);
                continue;
            }
            vx_status_t st = accept_all(bootstrap, &c);
            if (st == VX_ECLOSED) {
                status = 0; /* vinit closed the bootstrap: stop */
                goto out;
            }
            if (st) {
                srv_logf("bad message from vinit (%d): stopping", st);
                goto out;
            }
        }
    }
out:
    for (uint32_t i = 0; i < SERVE_CONNS_MAX; i++)
        if (c.h[i])
            drop(&c, i);
    vx_handle_close(c.port);
    return status;
}
