/*
 * servers/vfs/path.c - path resolution and permissions (see path.h).
 *
 * walk() consumes ns->scratch[cur] component by component. At a symlink in the middle it
 * writes "target/rest" into the other buffer and continues there from the directory holding
 * the link (or from "/" for an absolute target); the count of links followed travels in the
 * struct vfs_walk so that vfs_walk_last's re-walks share the limit.
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/path.h"

#include "lib/assert.h"
#include "lib/string.h"

static bool is_type(const struct vx_vfs_stat *st, uint32_t type)
{
    return (st->mode & VX_VFS_S_IFMT) == type;
}

int vfs_permit(const struct vx_vfs_stat *st, const struct vx_vfs_cred *cred, uint32_t want)
{
    if (cred->uid == 0) {
        /* root may do anything but run a file nobody may run */
        bool runnable = is_type(st, VX_VFS_S_IFDIR) || (st->mode & 0111u);
        return (want & VX_VFS_X_OK) && !runnable ? VX_VFS_EACCES : 0;
    }
    uint32_t bits = cred->uid == st->uid   ? st->mode >> 6
                    : cred->gid == st->gid ? st->mode >> 3
                                           : st->mode;
    return (bits & want & 7u) == (want & 7u) ? 0 : VX_VFS_EACCES;
}

int vfs_sticky_permit(const struct vx_vfs_stat *dir, const struct vx_vfs_stat *victim,
                      const struct vx_vfs_cred *cred)
{
    if (!(dir->mode & VX_VFS_S_ISVTX) || cred->uid == 0 || cred->uid == victim->uid ||
        cred->uid == dir->uid)
        return 0;
    return VX_VFS_EPERM;
}

/* dir must be a directory we may search. */
static int may_search(struct vfs_ns *ns, struct vfs_loc dir, const struct vx_vfs_cred *cred)
{
    struct vx_vfs_stat st;
    int err = vfs_mount_getattr(&ns->mt, dir, &st);
    if (err)
        return err;
    if (!is_type(&st, VX_VFS_S_IFDIR))
        return VX_VFS_ENOTDIR;
    return vfs_permit(&st, cred, VX_VFS_X_OK);
}

/* Put link's target, then '/' and rest (if any), into scratch[dst]. */
static int splice_link(struct vfs_ns *ns, struct vfs_loc link, const char *rest, int dst)
{
    struct vfs_fs *fs = vfs_loc_fs(&ns->mt, link);
    char *out = ns->scratch[dst];
    size_t n, rest_len = rest ? vx_strlen(rest) : 0;
    int err = fs->ops->readlink(fs, link.ino, out, VX_VFS_PATH_MAX, &n);
    if (err)
        return err;
    if (n == 0)
        return VX_VFS_ENOENT;
    if (n + (rest_len ? 1 + rest_len : 0) >= VX_VFS_PATH_MAX)
        return VX_VFS_ENAMETOOLONG;
    if (rest_len) {
        out[n] = '/';
        vx_memcpy(out + n + 1, rest, rest_len);
        n += 1 + rest_len;
    }
    out[n] = '\0';
    return 0;
}

/* Walk scratch[cur] from base (see vfs_walk_parent); w->links counts on. */
static int walk(struct vfs_ns *ns, int cur, struct vfs_loc base, const struct vx_vfs_cred *cred,
                struct vfs_walk *w)
{
    struct vfs_loc at = base;
    const char *p = ns->scratch[cur];
    if (*p == '\0')
        return VX_VFS_ENOENT;
    for (;;) {
        if (*p == '/') {
            at = vfs_mount_root(&ns->mt);
            while (*p == '/')
                p++;
        }
        if (*p == '\0') { /* "/" alone, or a path that was only slashes */
            w->dir = at;
            vx_strlcpy(w->name, ".", sizeof w->name);
            w->len = 1;
            w->slash = true;
            return 0;
        }
        const char *q = p;
        while (*q && *q != '/')
            q++;
        size_t len = (size_t)(q - p);
        if (len > VX_VFS_NAME_MAX)
            return VX_VFS_ENAMETOOLONG;
        const char *r = q;
        while (*r == '/')
            r++;
        if (*r == '\0') { /* p..q is the last component */
            w->dir = at;
            vx_memcpy(w->name, p, len);
            w->name[len] = '\0';
            w->len = len;
            w->slash = r != q;
            return 0;
        }
        int err = may_search(ns, at, cred);
        struct vfs_loc next;
        if (!err)
            err = vfs_mount_lookup(&ns->mt, at, p, len, &next);
        struct vx_vfs_stat st;
        if (!err)
            err = vfs_mount_getattr(&ns->mt, next, &st);
        if (err)
            return err;
        if (is_type(&st, VX_VFS_S_IFLNK)) {
            if (++w->links > VX_VFS_SYMLOOP_MAX)
                return VX_VFS_ELOOP;
            if ((err = splice_link(ns, next, r, 1 - cur)))
                return err;
            cur = 1 - cur;
            p = ns->scratch[cur];
            continue; /* from `at`, the directory holding the link (or "/" if absolute) */
        }
        if (!is_type(&st, VX_VFS_S_IFDIR))
            return VX_VFS_ENOTDIR;
        at = next;
        p = r;
    }
}

int vfs_walk_parent(struct vfs_ns *ns, struct vfs_loc base, const char *path,
                    const struct vx_vfs_cred *cred, struct vfs_walk *w)
{
    size_t len = vx_strnlen(path, VX_VFS_PATH_MAX);
    if (len >= VX_VFS_PATH_MAX)
        return VX_VFS_ENAMETOOLONG;
    vx_memcpy(ns->scratch[0], path, len + 1);
    w->links = 0;
    w->found = false;
    return walk(ns, 0, base, cred, w);
}

int vfs_walk_last(struct vfs_ns *ns, struct vfs_walk *w, uint32_t flags,
                  const struct vx_vfs_cred *cred)
{
    for (;;) {
        w->found = false;
        int err = may_search(ns, w->dir, cred);
        if (err)
            return err;
        struct vfs_loc node;
        err = vfs_mount_lookup(&ns->mt, w->dir, w->name, w->len, &node);
        if (err == VX_VFS_ENOENT)
            return 0;
        struct vx_vfs_stat st;
        if (!err)
            err = vfs_mount_getattr(&ns->mt, node, &st);
        if (err)
            return err;
        if (is_type(&st, VX_VFS_S_IFLNK) && ((flags & VFS_FOLLOW) || w->slash)) {
            if (++w->links > VX_VFS_SYMLOOP_MAX)
                return VX_VFS_ELOOP;
            bool slash = w->slash;
            if ((err = splice_link(ns, node, NULL, 0)) || (err = walk(ns, 0, w->dir, cred, w)))
                return err;
            w->slash = w->slash || slash;
            continue;
        }
        if (w->slash && !is_type(&st, VX_VFS_S_IFDIR))
            return VX_VFS_ENOTDIR;
        w->found = true;
        w->node = node;
        return 0;
    }
}

int vfs_resolve(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                const struct vx_vfs_cred *cred, struct vfs_walk *w)
{
    int err = vfs_walk_parent(ns, base, path, cred, w);
    if (!err)
        err = vfs_walk_last(ns, w, flags, cred);
    if (!err && !w->found)
        err = VX_VFS_ENOENT;
    return err;
}
