/*
 * servers/vfs/proto.c - the vfs protocol engine (see proto.h; the wire format is vx/vfs.h).
 *
 * vfs_dispatch reads the header, then one handler per op decodes its fixed part with memcpy
 * (the request buffer need not be aligned), checks sizes, flags and strings, and calls the
 * ops layer. Replies are built in place in `rep` (8-byte aligned, VX_VFS_MSG_MAX bytes).
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/proto.h"

#include "lib/assert.h"
#include "lib/string.h"
#include "servers/vfs/tmpfs.h"

#define STRINGS_MAX 2u
#define SIGN_BIT    (1ull << 63)

struct req_ctx {
    struct vfs_srv *s;
    struct vfs_conn *c;
    const uint8_t *req;
    uint32_t n;
    uint32_t nhandles;
    uint8_t *rep;
    struct vfs_result *res;
};

/* ---- connections ---------------------------------------------------------------------------- */

static uint64_t next_token(struct vfs_srv *s)
{
    for (;;) {
        /* splitmix64 */
        uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        bool taken = z == 0;
        for (uint32_t i = 0; i < VFS_CONNS_MAX && !taken; i++)
            taken = s->conns[i].used && s->conns[i].token == z;
        if (!taken)
            return z;
    }
}

/* A connection for an already opened node; on failure the node is closed. */
static int conn_new(struct vfs_srv *s, struct vfs_loc loc, uint32_t rights)
{
    for (uint32_t i = 0; i < VFS_CONNS_MAX; i++) {
        struct vfs_conn *c = &s->conns[i];
        if (c->used)
            continue;
        c->used = true;
        c->root = false;
        c->rights = rights;
        c->loc = loc;
        c->token = next_token(s);
        c->handle = 0;
        c->gen++;
        return (int)i;
    }
    struct vfs_fs *fs = vfs_loc_fs(&s->ns.mt, loc);
    fs->ops->close(fs, loc.ino);
    return VX_VFS_EMFILE;
}

void vfs_conn_close(struct vfs_srv *s, uint32_t i)
{
    struct vfs_conn *c = &s->conns[i];
    VX_ASSERT(i < VFS_CONNS_MAX && c->used);
    struct vfs_fs *fs = vfs_loc_fs(&s->ns.mt, c->loc);
    fs->ops->close(fs, c->loc.ino);
    c->used = false;
    c->handle = 0;
}

int vfs_conn_open_root(struct vfs_srv *s)
{
    struct vfs_loc root = vfs_mount_root(&s->ns.mt);
    struct vfs_fs *fs = vfs_loc_fs(&s->ns.mt, root);
    int err = fs->ops->open(fs, root.ino);
    if (err)
        return err;
    int i = conn_new(s, root, VFS_RIGHT_READ);
    if (i >= 0)
        s->conns[i].root = true;
    return i;
}

/* ---- setting up ----------------------------------------------------------------------------- */

static const struct {
    const char *path;
    uint32_t mode;
} initial_dirs[] = {
    {"/tmp", 01777u}, {"/dev", 0755u}, {"/proc", 0555u}, {"/home", 0755u}, {"/root", 0700u},
};

int vfs_srv_init(struct vfs_srv *s, const struct vfs_env *env, uint64_t seed)
{
    static const struct vx_vfs_cred root_cred = {0, 0};
    struct tmpfs_limits root_lim = {VFS_ROOT_BYTES, VFS_ROOT_NODES};
    struct tmpfs_limits tmp_lim = {VFS_TMP_BYTES, VFS_TMP_NODES};
    struct vfs_fs *root, *tmp;
    vx_memset(s, 0, sizeof *s);
    s->env = env;
    s->rng = seed;
    int err = tmpfs_create(env, &root_lim, 0755u, &root);
    if (err)
        return err;
    vfs_mounts_init(&s->ns.mt, root);
    struct vfs_loc top = vfs_mount_root(&s->ns.mt);
    for (uint32_t i = 0; i < sizeof initial_dirs / sizeof initial_dirs[0] && !err; i++)
        err = vfs_op_mknod(&s->ns, top, initial_dirs[i].path, VX_VFS_S_IFDIR | initial_dirs[i].mode,
                           0, &root_cred);
    struct vfs_walk w;
    uint32_t idx;
    if (!err)
        err = vfs_resolve(&s->ns, top, "/tmp", 0, &root_cred, &w);
    if (!err && !(err = tmpfs_create(env, &tmp_lim, 01777u, &tmp)) &&
        (err = vfs_mount_add(&s->ns.mt, w.node, tmp, &idx)))
        tmp->ops->destroy(tmp);
    if (err)
        vfs_mounts_destroy(&s->ns.mt);
    return err;
}

void vfs_srv_fini(struct vfs_srv *s)
{
    for (uint32_t i = 0; i < VFS_CONNS_MAX; i++)
        if (s->conns[i].used)
            vfs_conn_close(s, i);
    vfs_mounts_destroy(&s->ns.mt);
}

/* ---- replies -------------------------------------------------------------------------------- */

static void reply_status(struct req_ctx *q, int32_t status, uint32_t bytes)
{
    struct vx_vfs_rep *r = (struct vx_vfs_rep *)q->rep;
    r->status = status;
    q->res->bytes = status < 0 ? (uint32_t)sizeof *r : bytes;
}

static void reply_node(struct req_ctx *q, struct vfs_loc l, uint64_t token)
{
    struct vx_vfs_node_rep *r = (struct vx_vfs_node_rep *)q->rep;
    int err = vfs_mount_getattr(&q->s->ns.mt, l, &r->st);
    r->token = token;
    reply_status(q, err, sizeof *r);
}

/* Add a connection for an opened node and describe it in a node reply. */
static void reply_new_conn(struct req_ctx *q, struct vfs_loc l, uint32_t rights)
{
    int i = conn_new(q->s, l, rights);
    if (i < 0) {
        reply_status(q, i, 0);
        return;
    }
    q->res->new_conn = i;
    reply_node(q, l, q->s->conns[i].token);
}

/* ---- decoding ------------------------------------------------------------------------------- */

/* The request's fixed part, exactly `size` bytes (or at least, with `more`). */
static bool fixed(struct req_ctx *q, void *out, size_t size, bool more)
{
    if (q->n < size || (!more && q->n != size))
        return false;
    vx_memcpy(out, q->req, size);
    return true;
}

/* Split req[from..n) into exactly k NUL-terminated strings. 0, -EINVAL or -ENAMETOOLONG. */
static int strings(struct req_ctx *q, uint32_t from, uint32_t k, const char **out)
{
    uint32_t at = from;
    for (uint32_t i = 0; i < k; i++) {
        const uint8_t *start = q->req + at;
        uint32_t len = 0;
        while (at + len < q->n && start[len] != '\0')
            len++;
        if (at + len >= q->n)
            return VX_VFS_EINVAL; /* no NUL before the end */
        if (len >= VX_VFS_PATH_MAX)
            return VX_VFS_ENAMETOOLONG;
        out[i] = (const char *)start;
        at += len + 1;
    }
    return at == q->n ? 0 : VX_VFS_EINVAL;
}

/* The base of a second path: this connection, or the one holding `token`. */
static int token_base(struct req_ctx *q, uint64_t token, struct vfs_loc *out)
{
    if (token == 0) {
        *out = q->c->loc;
        return 0;
    }
    for (uint32_t i = 0; i < VFS_CONNS_MAX; i++)
        if (q->s->conns[i].used && q->s->conns[i].token == token) {
            *out = q->s->conns[i].loc;
            return 0;
        }
    return VX_VFS_EBADF;
}

/* ---- ops on a directory (paths) ------------------------------------------------------------- */

static void do_path_op(struct req_ctx *q, uint32_t op)
{
    struct vx_vfs_path_req r;
    const char *str[STRINGS_MAX];
    struct vfs_ns *ns = &q->s->ns;
    struct vfs_loc base = q->c->loc, other;
    uint32_t nstr = op == VX_VFS_OP_RENAME || op == VX_VFS_OP_LINK || op == VX_VFS_OP_SYMLINK;
    int err;
    if (!fixed(q, &r, sizeof r, true)) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    if ((err = strings(q, sizeof r, 1 + nstr, str))) {
        reply_status(q, err, 0);
        return;
    }
    switch (op) {
    case VX_VFS_OP_OPEN: {
        struct vfs_loc l;
        uint32_t rights;
        if (r.arg || (err = vfs_op_open(ns, base, str[0], r.flags, r.mode, &r.cred, &l, &rights)))
            break;
        reply_new_conn(q, l, rights);
        return;
    }
    case VX_VFS_OP_STAT_AT: {
        struct vx_vfs_node_rep *rep = (struct vx_vfs_node_rep *)q->rep;
        if (r.arg || r.mode || (err = vfs_op_stat_at(ns, base, str[0], r.flags, &r.cred, &rep->st)))
            break;
        rep->token = 0;
        reply_status(q, 0, sizeof *rep);
        return;
    }
    case VX_VFS_OP_MKDIR:
        if (r.arg || r.flags)
            break;
        err = vfs_op_mknod(ns, base, str[0], VX_VFS_S_IFDIR | (r.mode & VX_VFS_S_PERM), 0, &r.cred);
        reply_status(q, err, sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_MKNOD:
        if (r.flags || (r.mode & VX_VFS_S_IFMT) == VX_VFS_S_IFDIR ||
            (r.mode & VX_VFS_S_IFMT) == VX_VFS_S_IFLNK ||
            (r.mode & ~(VX_VFS_S_IFMT | VX_VFS_S_PERM)))
            break;
        if (!(r.mode & VX_VFS_S_IFMT))
            r.mode |= VX_VFS_S_IFREG; /* mknod(2): type 0 is a regular file */
        err = vfs_op_mknod(ns, base, str[0], r.mode, r.arg, &r.cred);
        reply_status(q, err, sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_UNLINK:
        if (r.arg || r.mode)
            break;
        reply_status(q, vfs_op_unlink(ns, base, str[0], r.flags, &r.cred),
                     sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_RENAME:
    case VX_VFS_OP_LINK:
        if (r.mode)
            break;
        if ((err = token_base(q, r.arg, &other))) {
            reply_status(q, err, 0);
            return;
        }
        err = op == VX_VFS_OP_RENAME
                  ? vfs_op_rename(ns, base, str[0], other, str[1], r.flags, &r.cred)
                  : vfs_op_link(ns, base, str[0], other, str[1], r.flags, &r.cred);
        reply_status(q, err, sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_SYMLINK:
        if (r.arg || r.mode || r.flags)
            break;
        reply_status(q, vfs_op_symlink(ns, base, str[0], str[1], &r.cred),
                     sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_READLINK: {
        size_t len;
        uint32_t cap = VX_VFS_MSG_MAX - sizeof(struct vx_vfs_rep);
        if (r.arg || r.mode ||
            (err = vfs_op_readlink(ns, base, str[0], r.flags, &r.cred,
                                   (char *)q->rep + sizeof(struct vx_vfs_rep), cap, &len)))
            break;
        reply_status(q, (int32_t)len, (uint32_t)(sizeof(struct vx_vfs_rep) + len));
        return;
    }
    case VX_VFS_OP_ACCESS:
        if (r.arg)
            break;
        reply_status(q, vfs_op_access(ns, base, str[0], r.mode, r.flags, &r.cred),
                     sizeof(struct vx_vfs_rep));
        return;
    }
    reply_status(q, err ? err : VX_VFS_EINVAL, 0);
}

/* ---- READDIR -------------------------------------------------------------------------------- */

struct packer {
    uint8_t *at;
    uint32_t room;
    int32_t count;
    bool full;
};

static bool pack_entry(void *ctx, uint64_t ino, uint8_t type, const char *name, size_t len,
                       uint64_t next)
{
    struct packer *p = ctx;
    uint32_t reclen = (uint32_t)((sizeof(struct vx_vfs_dirent) + len + 1 + 7) & ~(size_t)7);
    if (reclen > p->room) {
        p->full = true;
        return false;
    }
    struct vx_vfs_dirent d = {.ino = ino,
                              .next = next,
                              .reclen = (uint16_t)reclen,
                              .type = type,
                              .name_len = (uint16_t)len};
    vx_memcpy(p->at, &d, sizeof d);
    vx_memcpy(p->at + sizeof d, name, len);
    vx_memset(p->at + sizeof d + len, 0, reclen - sizeof d - len);
    p->at += reclen;
    p->room -= reclen;
    p->count++;
    return true;
}

static void do_readdir(struct req_ctx *q)
{
    struct vx_vfs_readdir_req r;
    if (!fixed(q, &r, sizeof r, false) || r.reserved || r.max_bytes > VX_VFS_IO_MAX) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    if (!(q->c->rights & VFS_RIGHT_READ)) {
        reply_status(q, VX_VFS_EBADF, 0);
        return;
    }
    struct vfs_fs *fs = vfs_loc_fs(&q->s->ns.mt, q->c->loc);
    struct packer p = {.at = q->rep + sizeof(struct vx_vfs_rep), .room = r.max_bytes};
    int err = fs->ops->readdir(fs, q->c->loc.ino, r.cookie, pack_entry, &p);
    if (!err && p.count == 0 && p.full)
        err = VX_VFS_EINVAL; /* not even one record fits */
    reply_status(q, err ? err : p.count,
                 (uint32_t)(sizeof(struct vx_vfs_rep) + r.max_bytes - p.room));
}

/* ---- ops on any node ------------------------------------------------------------------------ */

static void do_read(struct req_ctx *q)
{
    struct vx_vfs_io_req r;
    if (!fixed(q, &r, sizeof r, false) || r.flags || r.len > VX_VFS_IO_MAX ||
        (r.offset & SIGN_BIT)) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    if (!(q->c->rights & VFS_RIGHT_READ)) {
        reply_status(q, VX_VFS_EBADF, 0);
        return;
    }
    struct vfs_fs *fs = vfs_loc_fs(&q->s->ns.mt, q->c->loc);
    size_t got = 0;
    int err =
        fs->ops->read(fs, q->c->loc.ino, r.offset, q->rep + sizeof(struct vx_vfs_rep), r.len, &got);
    reply_status(q, err ? err : (int32_t)got, (uint32_t)(sizeof(struct vx_vfs_rep) + got));
}

static void do_write(struct req_ctx *q)
{
    struct vx_vfs_io_req r;
    if (!fixed(q, &r, sizeof r, true) || (r.flags & ~VX_VFS_WRITE_APPEND) ||
        r.len != q->n - sizeof r || (r.offset & SIGN_BIT)) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    if (!(q->c->rights & VFS_RIGHT_WRITE)) {
        reply_status(q, VX_VFS_EBADF, 0);
        return;
    }
    struct vfs_fs *fs = vfs_loc_fs(&q->s->ns.mt, q->c->loc);
    struct vx_vfs_write_rep *rep = (struct vx_vfs_write_rep *)q->rep;
    size_t done = 0;
    uint64_t size = 0;
    int err = fs->ops->write(fs, q->c->loc.ino, r.offset, r.flags & VX_VFS_WRITE_APPEND,
                             q->req + sizeof r, r.len, &done, &size);
    rep->size = size;
    reply_status(q, err ? err : (int32_t)done, sizeof *rep);
}

static void do_setattr(struct req_ctx *q)
{
    struct vx_vfs_setattr_req r;
    if (!fixed(q, &r, sizeof r, false) || r.atime.reserved || r.mtime.reserved) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    struct vfs_setattr a = {.valid = r.valid,
                            .mode = r.mode,
                            .uid = r.uid,
                            .gid = r.gid,
                            .size = r.size,
                            .atime = r.atime,
                            .mtime = r.mtime};
    if ((r.valid & VX_VFS_SET_SIZE) && (r.size & SIGN_BIT)) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    const struct vfs_env *env = q->s->env;
    int err = vfs_op_setattr(&q->s->ns, q->c->loc, &a, &r.cred, q->c->rights & VFS_RIGHT_WRITE,
                             env->now(env->ctx));
    if (err)
        reply_status(q, err, 0);
    else
        reply_node(q, q->c->loc, 0);
}

static void do_simple(struct req_ctx *q, uint32_t op)
{
    struct vx_vfs_req h;
    if (!fixed(q, &h, sizeof h, false)) {
        reply_status(q, VX_VFS_EINVAL, 0);
        return;
    }
    struct vfs_fs *fs = vfs_loc_fs(&q->s->ns.mt, q->c->loc);
    switch (op) {
    case VX_VFS_OP_STAT:
        reply_node(q, q->c->loc, q->c->token);
        return;
    case VX_VFS_OP_SYNC:
        reply_status(q, fs->ops->sync(fs, q->c->loc.ino), sizeof(struct vx_vfs_rep));
        return;
    case VX_VFS_OP_STATFS: {
        struct vx_vfs_statfs_rep *rep = (struct vx_vfs_statfs_rep *)q->rep;
        reply_status(q, fs->ops->statfs(fs, &rep->st), sizeof *rep);
        return;
    }
    case VX_VFS_OP_CLONE: {
        int err = fs->ops->open(fs, q->c->loc.ino);
        if (err)
            reply_status(q, err, 0);
        else
            reply_new_conn(q, q->c->loc, q->c->rights);
        return;
    }
    case VX_VFS_OP_BOOTFS_LOAD:
        if (!q->c->root)
            reply_status(q, VX_VFS_EPERM, 0);
        else if (q->nhandles != 1)
            reply_status(q, VX_VFS_EINVAL, 0);
        else if (q->s->bootfs_loaded)
            reply_status(q, VX_VFS_EBUSY, 0);
        else {
            q->res->bootfs = true; /* server.c does the loading and sets the status */
            reply_status(q, 0, sizeof(struct vx_vfs_rep));
        }
        return;
    }
}

void vfs_dispatch(struct vfs_srv *s, uint32_t conn, const void *req, uint32_t n, uint32_t nhandles,
                  void *rep, struct vfs_result *res)
{
    VX_ASSERT(conn < VFS_CONNS_MAX && s->conns[conn].used);
    struct req_ctx q = {s, &s->conns[conn], req, n, nhandles, rep, res};
    struct vx_vfs_rep *r = rep;
    struct vx_vfs_req h = {0, 0};
    vx_memcpy(&h, req, n < sizeof h ? n : sizeof h);
    res->new_conn = -1;
    res->bootfs = false;
    r->txid = h.txid;
    if (n < sizeof h) {
        reply_status(&q, VX_VFS_EINVAL, 0);
        return;
    }
    switch (h.op) {
    case VX_VFS_OP_OPEN:
    case VX_VFS_OP_STAT_AT:
    case VX_VFS_OP_MKDIR:
    case VX_VFS_OP_MKNOD:
    case VX_VFS_OP_UNLINK:
    case VX_VFS_OP_RENAME:
    case VX_VFS_OP_LINK:
    case VX_VFS_OP_SYMLINK:
    case VX_VFS_OP_READLINK:
    case VX_VFS_OP_ACCESS:
        do_path_op(&q, h.op);
        return;
    case VX_VFS_OP_READDIR:
        do_readdir(&q);
        return;
    case VX_VFS_OP_READ:
        do_read(&q);
        return;
    case VX_VFS_OP_WRITE:
        do_write(&q);
        return;
    case VX_VFS_OP_SETATTR:
        do_setattr(&q);
        return;
    case VX_VFS_OP_STAT:
    case VX_VFS_OP_SYNC:
    case VX_VFS_OP_STATFS:
    case VX_VFS_OP_CLONE:
    case VX_VFS_OP_BOOTFS_LOAD:
        do_simple(&q, h.op);
        return;
    default:
        reply_status(&q, VX_VFS_EINVAL, 0);
        return;
    }
}
