/*
 * servers/vfs/proto.h - the protocol engine of the vfs server: the connection table and the
 * dispatcher that turns one request message (bytes) into one reply message (bytes).
 *
 * This is the server minus the kernel: vfs_dispatch never calls vx_*, so unit tests drive it
 * with byte buffers (tests/unit/vfs_proto_test.c fuzzes it), and server.c only moves
 * messages and handles between channels and this function. Decode, then invoke: every field
 * is checked before anything changes; a malformed request gets -EINVAL.
 *
 * Connections: slot i of s->conns is one open node. vfs_dispatch creates a connection for
 * OPEN and CLONE (res->new_conn); the loop makes the channel for it, or gives the slot back
 * with vfs_conn_close if it cannot. Single-threaded, like the rest of the core.
 */
#ifndef SERVERS_VFS_PROTO_H
#define SERVERS_VFS_PROTO_H

#include "servers/vfs/ops.h"

#define VFS_CONNS_MAX  1024u       /* open nodes at once (all clients); more is -EMFILE */
#define VFS_ROOT_BYTES (48u << 20) /* tmpfs limits: "/" */
#define VFS_ROOT_NODES 65536u
#define VFS_TMP_BYTES  (16u << 20) /* "/tmp" */
#define VFS_TMP_NODES  16384u

struct vfs_conn {
    bool used;
    bool root;       /* the bootstrap connection: may BOOTFS_LOAD */
    uint32_t rights; /* VFS_RIGHT_* */
    uint64_t token;  /* names it in RENAME / LINK; never 0 */
    struct vfs_loc loc;
    uint32_t handle; /* server.c's: its channel endpoint */
    uint32_t gen;    /* server.c's: bumped each time the slot is reused */
};

struct vfs_srv {
    struct vfs_ns ns;
    const struct vfs_env *env;
    uint64_t rng; /* token generator state (splitmix64) */
    bool bootfs_loaded;
    struct vfs_conn conns[VFS_CONNS_MAX];
};

/* What one request asks of the loop besides sending res->bytes of reply. */
struct vfs_result {
    uint32_t bytes; /* reply length (at least a struct vx_vfs_rep) */
    int new_conn;   /* OPEN/CLONE succeeded: the connection whose channel goes in the reply */
    bool bootfs;    /* BOOTFS_LOAD accepted: load the image, then set the reply's status */
};

/* Make the namespace: a tmpfs "/" holding /tmp (another tmpfs, mode 1777), /dev, /proc,
 * /home and /root. `seed` seeds the tokens (random in the server, fixed in tests). 0 or
 * -ENOMEM. */
int vfs_srv_init(struct vfs_srv *s, const struct vfs_env *env, uint64_t seed);
/* Close every connection and destroy every file system. */
void vfs_srv_fini(struct vfs_srv *s);

/* A connection to the root directory for the bootstrap channel: its index, or -errno. */
int vfs_conn_open_root(struct vfs_srv *s);
/* Give back connection i (the node's open reference goes with it). */
void vfs_conn_close(struct vfs_srv *s, uint32_t i);

/* Answer req[0..n) (which came with nhandles handles) arriving on connection `conn`: the reply
 * goes into rep (VX_VFS_MSG_MAX bytes), its length and any follow-up into *res. Never fails:
 * every error is a status in the reply. */
void vfs_dispatch(struct vfs_srv *s, uint32_t conn, const void *req, uint32_t n, uint32_t nhandles,
                  void *rep, struct vfs_result *res);

#endif /* SERVERS_VFS_PROTO_H */
