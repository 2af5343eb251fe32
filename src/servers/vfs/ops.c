/*
 * servers/vfs/ops.c - file operations by path (see ops.h).
 *
 * The shape of each: resolve (vfs_walk_parent, then vfs_walk_last without following the last
 * symlink unless the call follows it), check what the caller may do, then one fs call. The
 * last component "." or ".." cannot be created, removed or renamed; the errors for each case
 * are Linux's (mkdir "." is EEXIST, rmdir "." EINVAL, rmdir ".." ENOTEMPTY, unlink "." EISDIR,
 * rename of either EBUSY).
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/ops.h"

#include "lib/string.h"

#define ACCESS_MODES (VX_VFS_R_OK | VX_VFS_W_OK | VX_VFS_X_OK)
#define NS_PER_SEC   1000000000ll

static bool is_dot(const struct vfs_walk *w)
{
    return (w->len == 1 && w->name[0] == '.') ||
           (w->len == 2 && w->name[0] == '.' && w->name[1] == '.');
}

static bool is_type(const struct vx_vfs_stat *st, uint32_t type)
{
    return (st->mode & VX_VFS_S_IFMT) == type;
}

static struct vfs_fs *fs_of(struct vfs_ns *ns, struct vfs_loc l)
{
    return vfs_loc_fs(&ns->mt, l);
}

/* The caller may add or remove names in directory d. */
static int may_change(struct vfs_ns *ns, struct vfs_loc d, const struct vx_vfs_cred *cred,
                      struct vx_vfs_stat *dst)
{
    int err = vfs_mount_getattr(&ns->mt, d, dst);
    return err ? err : vfs_permit(dst, cred, VX_VFS_W_OK | VX_VFS_X_OK);
}

/* Resolve a path that names a new node: w->dir gets it; -EEXIST if anything is there. */
static int walk_new(struct vfs_ns *ns, struct vfs_loc base, const char *path,
                    const struct vx_vfs_cred *cred, struct vfs_walk *w)
{
    int err = vfs_walk_parent(ns, base, path, cred, w);
    if (err)
        return err;
    if (is_dot(w))
        return VX_VFS_EEXIST;
    if ((err = vfs_walk_last(ns, w, 0, cred)))
        return err;
    return w->found ? VX_VFS_EEXIST : 0;
}

static int open_existing(struct vfs_ns *ns, struct vfs_walk *w, uint32_t flags,
                         const struct vx_vfs_cred *cred)
{
    struct vx_vfs_stat st;
    uint32_t acc = flags & VX_VFS_O_ACCMODE;
    int err = vfs_mount_getattr(&ns->mt, w->node, &st);
    if (err)
        return err;
    if ((flags & VX_VFS_O_CREAT) && (flags & VX_VFS_O_EXCL))
        return VX_VFS_EEXIST;
    if (flags & VX_VFS_O_PATH)
        return (flags & VX_VFS_O_DIRECTORY) && !is_type(&st, VX_VFS_S_IFDIR) ? VX_VFS_ENOTDIR : 0;
    if (is_type(&st, VX_VFS_S_IFLNK))
        return VX_VFS_ELOOP; /* O_NOFOLLOW met a symlink */
    if ((flags & VX_VFS_O_DIRECTORY) && !is_type(&st, VX_VFS_S_IFDIR))
        return VX_VFS_ENOTDIR;
    if (is_type(&st, VX_VFS_S_IFDIR) && acc != VX_VFS_O_RDONLY)
        return VX_VFS_EISDIR;
    uint32_t want = acc == VX_VFS_O_RDONLY   ? VX_VFS_R_OK
                    : acc == VX_VFS_O_WRONLY ? VX_VFS_W_OK
                                             : VX_VFS_R_OK | VX_VFS_W_OK;
    if (flags & VX_VFS_O_TRUNC)
        want |= VX_VFS_W_OK;
    if ((err = vfs_permit(&st, cred, want)))
        return err;
    if ((flags & VX_VFS_O_TRUNC) && is_type(&st, VX_VFS_S_IFREG)) {
        struct vfs_fs *fs = fs_of(ns, w->node);
        struct vfs_setattr a = {.valid = VX_VFS_SET_SIZE, .size = 0};
        return fs->ops->setattr(fs, w->node.ino, &a);
    }
    return 0;
}

int vfs_op_open(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                uint32_t mode, const struct vx_vfs_cred *cred, struct vfs_loc *out,
                uint32_t *rights)
{
    struct vfs_walk w;
    uint32_t acc = flags & VX_VFS_O_ACCMODE;
    if (flags & VX_VFS_O_PATH)
        flags &= VX_VFS_O_PATH | VX_VFS_O_DIRECTORY | VX_VFS_O_NOFOLLOW;
    if (acc == VX_VFS_O_ACCMODE || ((flags & VX_VFS_O_CREAT) && (flags & VX_VFS_O_DIRECTORY)))
        return VX_VFS_EINVAL;
    bool excl = (flags & VX_VFS_O_CREAT) && (flags & VX_VFS_O_EXCL);
    uint32_t follow = (flags & VX_VFS_O_NOFOLLOW) || excl ? 0 : VFS_FOLLOW;
    int err = vfs_walk_parent(ns, base, path, cred, &w);
    if (!err)
        err = vfs_walk_last(ns, &w, follow, cred);
    if (err)
        return err;
    if (w.found) {
        err = open_existing(ns, &w, flags, cred);
    } else if (!(flags & VX_VFS_O_CREAT)) {
        err = VX_VFS_ENOENT;
    } else if (w.slash) {
        err = VX_VFS_EISDIR;
    } else {
        struct vx_vfs_stat dst;
        struct vfs_fs *fs = fs_of(ns, w.dir);
        uint64_t ino;
        if (!(err = may_change(ns, w.dir, cred, &dst)))
            err = fs->ops->mknod(fs, w.dir.ino, w.name, w.len,
                                 VX_VFS_S_IFREG | (mode & VX_VFS_S_PERM), 0, cred->uid, cred->gid,
                                 &ino);
        w.node = (struct vfs_loc){.mnt = w.dir.mnt, .ino = ino};
    }
    if (err)
        return err;
    struct vfs_fs *fs = fs_of(ns, w.node);
    if ((err = fs->ops->open(fs, w.node.ino)))
        return err;
    *out = w.node;
    *rights = (flags & VX_VFS_O_PATH)  ? 0
              : acc == VX_VFS_O_RDONLY ? VFS_RIGHT_READ
              : acc == VX_VFS_O_WRONLY ? VFS_RIGHT_WRITE
                                       : VFS_RIGHT_READ | VFS_RIGHT_WRITE;
    return 0;
}

int vfs_op_stat_at(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                   const struct vx_vfs_cred *cred, struct vx_vfs_stat *st)
{
    if (flags & ~(VX_VFS_AT_SYMLINK_NOFOLLOW | VX_VFS_AT_EMPTY_PATH))
        return VX_VFS_EINVAL;
    if (path[0] == '\0' && (flags & VX_VFS_AT_EMPTY_PATH))
        return vfs_mount_getattr(&ns->mt, base, st);
    struct vfs_walk w;
    uint32_t follow = flags & VX_VFS_AT_SYMLINK_NOFOLLOW ? 0 : VFS_FOLLOW;
    int err = vfs_resolve(ns, base, path, follow, cred, &w);
    return err ? err : vfs_mount_getattr(&ns->mt, w.node, st);
}

int vfs_op_mknod(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t mode,
                 uint64_t rdev, const struct vx_vfs_cred *cred)
{
    struct vfs_walk w;
    struct vx_vfs_stat dst;
    int err = walk_new(ns, base, path, cred, &w);
    if (err)
        return err;
    if (w.slash && (mode & VX_VFS_S_IFMT) != VX_VFS_S_IFDIR)
        return VX_VFS_ENOENT;
    if ((err = may_change(ns, w.dir, cred, &dst)))
        return err;
    struct vfs_fs *fs = fs_of(ns, w.dir);
    uint64_t ino;
    return fs->ops->mknod(fs, w.dir.ino, w.name, w.len, mode, rdev, cred->uid, cred->gid, &ino);
}

/* The victim of an unlink or rename: may the caller remove it from w->dir? */
static int may_remove(struct vfs_ns *ns, const struct vfs_walk *w, const struct vx_vfs_cred *cred)
{
    struct vx_vfs_stat dst, vst;
    int err = may_change(ns, w->dir, cred, &dst);
    if (!err)
        err = vfs_mount_getattr(&ns->mt, w->node, &vst);
    if (!err)
        err = vfs_sticky_permit(&dst, &vst, cred);
    if (!err && vfs_mount_busy(&ns->mt, w->node))
        err = VX_VFS_EBUSY;
    return err;
}

int vfs_op_unlink(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                  const struct vx_vfs_cred *cred)
{
    struct vfs_walk w;
    bool rmdir = flags & VX_VFS_AT_REMOVEDIR;
    if (flags & ~VX_VFS_AT_REMOVEDIR)
        return VX_VFS_EINVAL;
    int err = vfs_walk_parent(ns, base, path, cred, &w);
    if (err)
        return err;
    if (is_dot(&w))
        return !rmdir ? VX_VFS_EISDIR : w.len == 1 ? VX_VFS_EINVAL : VX_VFS_ENOTEMPTY;
    if (!rmdir && w.slash)
        return VX_VFS_ENOTDIR; /* unlink("a/"): a names a directory, or is not one */
    if ((err = vfs_walk_last(ns, &w, 0, cred)))
        return err;
    if (!w.found)
        return VX_VFS_ENOENT;
    if ((err = may_remove(ns, &w, cred)))
        return err;
    struct vfs_fs *fs = fs_of(ns, w.dir);
    return fs->ops->unlink(fs, w.dir.ino, w.name, w.len, rmdir ? VFS_UNLINK_DIR : 0);
}

int vfs_op_rename(struct vfs_ns *ns, struct vfs_loc obase, const char *opath, struct vfs_loc nbase,
                  const char *npath, uint32_t flags, const struct vx_vfs_cred *cred)
{
    struct vfs_walk o, n;
    struct vx_vfs_stat st;
    if (flags & ~(VX_VFS_RENAME_NOREPLACE | VX_VFS_RENAME_EXCHANGE))
        return VX_VFS_EINVAL;
    int err = vfs_walk_parent(ns, obase, opath, cred, &o);
    if (err)
        return err;
    if (is_dot(&o))
        return VX_VFS_EBUSY;
    if ((err = vfs_walk_last(ns, &o, 0, cred)))
        return err;
    if (!o.found)
        return VX_VFS_ENOENT;
    if ((err = vfs_walk_parent(ns, nbase, npath, cred, &n)))
        return err;
    if (is_dot(&n))
        return VX_VFS_EBUSY;
    if ((err = vfs_walk_last(ns, &n, 0, cred)))
        return err;
    if (o.dir.mnt != n.dir.mnt)
        return VX_VFS_EXDEV;
    if ((err = vfs_mount_getattr(&ns->mt, o.node, &st)))
        return err;
    if ((o.slash || n.slash) && !is_type(&st, VX_VFS_S_IFDIR))
        return VX_VFS_ENOTDIR;
    if ((err = may_remove(ns, &o, cred)))
        return err;
    if (n.found) {
        if ((err = may_remove(ns, &n, cred)))
            return err;
    } else {
        struct vx_vfs_stat dst;
        if ((err = may_change(ns, n.dir, cred, &dst)))
            return err;
    }
    /* A directory moving to another parent rewrites its "..": the caller must be able to
     * write it. */
    if (is_type(&st, VX_VFS_S_IFDIR) && o.dir.ino != n.dir.ino &&
        (err = vfs_permit(&st, cred, VX_VFS_W_OK)))
        return err;
    struct vfs_fs *fs = fs_of(ns, o.dir);
    return fs->ops->rename(fs, o.dir.ino, o.name, o.len, n.dir.ino, n.name, n.len, flags);
}

int vfs_op_link(struct vfs_ns *ns, struct vfs_loc obase, const char *opath, struct vfs_loc nbase,
                const char *npath, uint32_t flags, const struct vx_vfs_cred *cred)
{
    struct vfs_walk o, n;
    struct vx_vfs_stat dst;
    if (flags & ~VX_VFS_AT_SYMLINK_FOLLOW)
        return VX_VFS_EINVAL;
    uint32_t follow = flags & VX_VFS_AT_SYMLINK_FOLLOW ? VFS_FOLLOW : 0;
    int err = vfs_resolve(ns, obase, opath, follow, cred, &o);
    if (!err)
        err = walk_new(ns, nbase, npath, cred, &n);
    if (err)
        return err;
    if (n.slash)
        return VX_VFS_ENOENT;
    if (o.node.mnt != n.dir.mnt)
        return VX_VFS_EXDEV;
    if ((err = may_change(ns, n.dir, cred, &dst)))
        return err;
    struct vfs_fs *fs = fs_of(ns, n.dir);
    return fs->ops->link(fs, n.dir.ino, n.name, n.len, o.node.ino);
}

int vfs_op_symlink(struct vfs_ns *ns, struct vfs_loc base, const char *target, const char *path,
                   const struct vx_vfs_cred *cred)
{
    struct vfs_walk w;
    struct vx_vfs_stat dst;
    int err = walk_new(ns, base, path, cred, &w);
    if (err)
        return err;
    if (w.slash)
        return VX_VFS_ENOENT;
    if ((err = may_change(ns, w.dir, cred, &dst)))
        return err;
    struct vfs_fs *fs = fs_of(ns, w.dir);
    uint64_t ino;
    return fs->ops->symlink(fs, w.dir.ino, w.name, w.len, target, vx_strlen(target), cred->uid,
                            cred->gid, &ino);
}

int vfs_op_readlink(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                    const struct vx_vfs_cred *cred, char *buf, size_t cap, size_t *len)
{
    struct vfs_loc l = base;
    if (flags & ~VX_VFS_AT_EMPTY_PATH)
        return VX_VFS_EINVAL;
    if (!(path[0] == '\0' && (flags & VX_VFS_AT_EMPTY_PATH))) {
        struct vfs_walk w;
        int err = vfs_resolve(ns, base, path, 0, cred, &w);
        if (err)
            return err;
        l = w.node;
    }
    struct vfs_fs *fs = fs_of(ns, l);
    size_t full;
    int err = fs->ops->readlink(fs, l.ino, buf, cap, &full);
    if (!err)
        *len = full < cap ? full : cap;
    return err;
}

int vfs_op_access(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t mode,
                  uint32_t flags, const struct vx_vfs_cred *cred)
{
    struct vfs_walk w;
    struct vx_vfs_stat st;
    if ((mode & ~ACCESS_MODES) || (flags & ~(VX_VFS_AT_SYMLINK_NOFOLLOW | 0x200u)))
        return VX_VFS_EINVAL;
    uint32_t follow = flags & VX_VFS_AT_SYMLINK_NOFOLLOW ? 0 : VFS_FOLLOW;
    int err = vfs_resolve(ns, base, path, follow, cred, &w);
    if (!err)
        err = vfs_mount_getattr(&ns->mt, w.node, &st);
    if (err || mode == VX_VFS_F_OK)
        return err;
    return vfs_permit(&st, cred, mode);
}

/* A time to set: explicit, now, or left alone (returns false). */
static bool pick_time(const struct vx_vfs_time *in, int64_t now_ns, struct vx_vfs_time *out)
{
    if (in->nsec == VX_VFS_UTIME_OMIT)
        return false;
    if (in->nsec == VX_VFS_UTIME_NOW)
        *out = (struct vx_vfs_time){.sec = now_ns / NS_PER_SEC,
                                    .nsec = (uint32_t)(now_ns % NS_PER_SEC)};
    else
        *out = *in;
    return true;
}

static bool time_valid(const struct vx_vfs_time *t)
{
    return t->nsec < NS_PER_SEC || t->nsec == VX_VFS_UTIME_NOW || t->nsec == VX_VFS_UTIME_OMIT;
}

int vfs_op_setattr(struct vfs_ns *ns, struct vfs_loc l, const struct vfs_setattr *in,
                   const struct vx_vfs_cred *cred, bool writable, int64_t now_ns)
{
    struct vx_vfs_stat st;
    struct vfs_setattr a = *in;
    bool root = cred->uid == 0;
    if ((a.valid & ~VX_VFS_SET_ALL) || !time_valid(&a.atime) || !time_valid(&a.mtime))
        return VX_VFS_EINVAL;
    int err = vfs_mount_getattr(&ns->mt, l, &st);
    if (err)
        return err;
    bool owner = root || cred->uid == st.uid;
    if ((a.valid & VX_VFS_SET_SIZE) && !writable)
        return VX_VFS_EINVAL; /* ftruncate of a descriptor not open for writing */
    if ((a.valid & VX_VFS_SET_MODE) && !owner)
        return VX_VFS_EPERM;
    if ((a.valid & VX_VFS_SET_UID) && !root && a.uid != st.uid)
        return VX_VFS_EPERM;
    if ((a.valid & VX_VFS_SET_GID) && !root && (!owner || (a.gid != st.gid && a.gid != cred->gid)))
        return VX_VFS_EPERM;
    uint32_t times = a.valid & (VX_VFS_SET_ATIME | VX_VFS_SET_MTIME);
    bool set_a = (a.valid & VX_VFS_SET_ATIME) && pick_time(&in->atime, now_ns, &a.atime);
    bool set_m = (a.valid & VX_VFS_SET_MTIME) && pick_time(&in->mtime, now_ns, &a.mtime);
    a.valid &= ~times;
    a.valid |= (set_a ? VX_VFS_SET_ATIME : 0) | (set_m ? VX_VFS_SET_MTIME : 0);
    if (set_a || set_m) {
        /* utimensat: explicit times need the owner; "now" needs the owner or write access */
        bool all_now = (!set_a || in->atime.nsec == VX_VFS_UTIME_NOW) &&
                       (!set_m || in->mtime.nsec == VX_VFS_UTIME_NOW);
        if (!owner && !all_now)
            return VX_VFS_EPERM;
        if (!owner && vfs_permit(&st, cred, VX_VFS_W_OK))
            return VX_VFS_EACCES;
    }
    struct vfs_fs *fs = fs_of(ns, l);
    return fs->ops->setattr(fs, l.ino, &a);
}
