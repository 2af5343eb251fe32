/*
 * servers/echo/echo.c - the echo service (see echo.h): the serve loop with a handler that
 * writes each message back. A reply that cannot be queued (the client's queue is full) is
 * dropped: echo never waits for a client. Public API only.
 */
#include "servers/echo/echo.h"

#include "servers/serve/serve.h"

static void echo_back(vx_handle_t conn, const char *client, const void *bytes, uint32_t n,
                      void *ctx)
{
    vx_channel_write(conn, bytes, n, NULL, 0);
}

int echo_main(void *arg)
{
    const struct vx_startup *s = arg;
    return serve_loop(s->bootstrap, echo_back, NULL);
}
