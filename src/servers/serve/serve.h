/*
 * servers/serve/serve.h - the loop of a simple builtin service: take the connections vinit
 * hands over on the bootstrap channel (vx/service.h, CONNECT) and call a handler for every
 * message a client sends on one of them. echo and logd are built on it.
 *
 * One thread, one port. Each connection is watched for READABLE and PEER_CLOSED; a client
 * that hangs up, or sends a message of more than SERVE_MSG_MAX bytes, is disconnected.
 * Handles a client sends are closed unread. The loop ends, returning 0, when vinit closes the
 * bootstrap channel: that is how vinit stops a builtin service (a native task cannot be
 * killed while it waits, task.h). Public API only; the state lives on the caller's stack, so
 * several services can run the loop at once.
 */
#ifndef SERVERS_SERVE_H
#define SERVERS_SERVE_H

#include <stdint.h>

#include "vx/service.h"

#define SERVE_CONNS_MAX 16u   /* clients at once; more are refused (their channel closed) */
#define SERVE_MSG_MAX   2048u /* bytes of one message */

/* Called for each message: `conn` is the client's channel (borrowed), `client` its service
 * name, bytes[0..n) what it sent. */
typedef void serve_handler_fn(vx_handle_t conn, const char *client, const void *bytes, uint32_t n,
                              void *ctx);

/* Serve connections arriving on `bootstrap` until vinit closes it. Returns 0 then, or 1 if
 * the loop could not run (no port, vinit broke the protocol). */
int serve_loop(vx_handle_t bootstrap, serve_handler_fn *handler, void *ctx);

#endif /* SERVERS_SERVE_H */
