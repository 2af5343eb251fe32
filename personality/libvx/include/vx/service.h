/*
 * vx/service.h - the service registry protocol: how a task that vinit started reaches a
 * service by name, and how a service takes its clients' connections. Public API only;
 * compiled into libvx.a (guest programs) and into vaelix (vinit, builtin services).
 *
 * Every task vinit starts has a bootstrap channel to vinit: for a guest program its start
 * handle (vx_spawn; the channel's first message is vx_spawn's, bytes "vinit" and the task's
 * address space), for a builtin vx_startup.bootstrap. On it travel fixed-size messages,
 * struct vx_svc_msg (48 bytes, little-endian, version VX_SVC_VERSION):
 *
 *   LOOKUP   task -> vinit, with vx_channel_call: `name` is the service wanted. The reply is a
 *            REPLY with the request's txid: status VX_OK and one handle, a new channel to that
 *            service; or no handle and VX_ENOENT (no service of that name), VX_EAGAIN (it is
 *            down, waiting for its restart: ask again later) or VX_EINVAL (a malformed
 *            request).
 *   CONNECT  vinit -> service, a plain write (txid 0): one handle, the service's end of a new
 *            channel from a client; `name` is the client's service name. What flows on that
 *            channel is the service's own business.
 *
 * vinit answers requests in order and never blocks on a task, so a stuck client cannot stop
 * the registry; a task that sends vinit something it cannot read is stopped.
 */
#ifndef VX_SERVICE_H
#define VX_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "vx/syscall.h"

#define VX_SVC_VERSION  1u
#define VX_SVC_NAME_MAX 32u /* a service name with room for a NUL: 1..31 of [a-z0-9_-] */

enum vx_svc_op {
    VX_SVC_LOOKUP = 1,  /* task -> vinit: a channel to `name`, please */
    VX_SVC_CONNECT = 2, /* vinit -> service: a client's channel */
    VX_SVC_REPLY = 3,   /* vinit -> task: the answer to a LOOKUP */
};

struct vx_svc_msg {
    uint32_t txid;              /* LOOKUP: set by vx_channel_call; REPLY: the request's; 0 */
    uint16_t version;           /* VX_SVC_VERSION */
    uint16_t op;                /* enum vx_svc_op */
    int32_t status;             /* REPLY: VX_OK or why not; otherwise 0 */
    uint32_t name_len;          /* bytes of name in use, < VX_SVC_NAME_MAX */
    char name[VX_SVC_NAME_MAX]; /* the rest zero */
};
_Static_assert(sizeof(struct vx_svc_msg) == 48, "a registry message is 48 bytes");

/* A message of `op` naming name[0..len) (len < VX_SVC_NAME_MAX, else VX_ERANGE). */
vx_status_t vx_svc_msg_init(struct vx_svc_msg *m, enum vx_svc_op op, const char *name, size_t len);

/* Check a received message of nbytes: the size, the version, a known op and a name length in
 * range, with the unused name bytes zero. VX_OK or VX_EINVAL. */
vx_status_t vx_svc_msg_check(const struct vx_svc_msg *m, uint32_t nbytes);

/* Ask vinit over `bootstrap` for a channel to the service `name`, waiting at most until
 * `deadline` (0: no deadline). *out gets the channel. Errors: vinit's (VX_ENOENT, VX_EAGAIN,
 * VX_EINVAL), the channel's (VX_ECLOSED, VX_ETIMEDOUT), VX_ERANGE (name too long), VX_EIO
 * (a reply that breaks the protocol). */
vx_status_t vx_service_lookup(vx_handle_t bootstrap, const char *name, int64_t deadline,
                              vx_handle_t *out);

/* For a service: take the next CONNECT queued on `bootstrap`; *conn gets the client's
 * channel and client[VX_SVC_NAME_MAX] (may be NULL) its name. VX_EAGAIN: nothing queued;
 * VX_ECLOSED: vinit is gone; VX_EINVAL: a message that was not a CONNECT (dropped, with its
 * handles); VX_ERANGE: a message too big for the protocol (it stays queued: vinit, the only
 * writer, broke the protocol, and the service should stop). */
vx_status_t vx_service_accept(vx_handle_t bootstrap, vx_handle_t *conn, char *client);

#endif /* VX_SERVICE_H */
