/*
 * servers/vfs/mount.c - the mount table (see mount.h). A table of VFS_MOUNTS_MAX slots
 * searched linearly: mounts are few, and a lookup checks "is this node covered?" with one
 * pass over them.
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/mount.h"

#include "lib/assert.h"
#include "lib/string.h"

void vfs_mounts_init(struct vfs_mounts *mt, struct vfs_fs *root)
{
    vx_memset(mt, 0, sizeof *mt);
    mt->m[0].fs = root;
    mt->m[0].parent = 0;
    mt->m[0].mountpoint = root->root;
    root->dev = 1;
}

void vfs_mounts_destroy(struct vfs_mounts *mt)
{
    for (uint32_t i = VFS_MOUNTS_MAX; i-- > 0;)
        if (mt->m[i].fs) {
            mt->m[i].fs->ops->destroy(mt->m[i].fs);
            mt->m[i].fs = NULL;
        }
}

/* The mount sitting on l, or -1. */
static int covering(const struct vfs_mounts *mt, struct vfs_loc l)
{
    for (uint32_t i = 1; i < VFS_MOUNTS_MAX; i++)
        if (mt->m[i].fs && mt->m[i].parent == l.mnt && mt->m[i].mountpoint == l.ino)
            return (int)i;
    return -1;
}

int vfs_mount_add(struct vfs_mounts *mt, struct vfs_loc at, struct vfs_fs *fs, uint32_t *idx)
{
    struct vx_vfs_stat st;
    int err = vfs_mount_getattr(mt, at, &st);
    if (err)
        return err;
    if ((st.mode & VX_VFS_S_IFMT) != VX_VFS_S_IFDIR)
        return VX_VFS_ENOTDIR;
    if (covering(mt, at) >= 0)
        return VX_VFS_EBUSY;
    for (uint32_t i = 1; i < VFS_MOUNTS_MAX; i++) {
        if (mt->m[i].fs)
            continue;
        mt->m[i] = (struct vfs_mount){.fs = fs, .parent = at.mnt, .mountpoint = at.ino};
        fs->dev = i + 1;
        *idx = i;
        return 0;
    }
    return VX_VFS_ENOSPC;
}

struct vfs_loc vfs_mount_root(const struct vfs_mounts *mt)
{
    return (struct vfs_loc){.mnt = 0, .ino = mt->m[0].fs->root};
}

struct vfs_fs *vfs_loc_fs(const struct vfs_mounts *mt, struct vfs_loc l)
{
    VX_ASSERT(l.mnt < VFS_MOUNTS_MAX && mt->m[l.mnt].fs);
    return mt->m[l.mnt].fs;
}

static bool is_mount_root(const struct vfs_mounts *mt, struct vfs_loc l)
{
    return l.ino == mt->m[l.mnt].fs->root;
}

bool vfs_mount_busy(const struct vfs_mounts *mt, struct vfs_loc l)
{
    return is_mount_root(mt, l) || covering(mt, l) >= 0;
}

int vfs_mount_lookup(const struct vfs_mounts *mt, struct vfs_loc dir, const char *name, size_t len,
                     struct vfs_loc *out)
{
    bool dotdot = len == 2 && name[0] == '.' && name[1] == '.';
    /* Out of a mount: ".." of a mount's root is ".." of the directory it covers (repeat,
     * since that directory may itself be the root of a mount below). */
    while (dotdot && dir.mnt != 0 && is_mount_root(mt, dir))
        dir = (struct vfs_loc){.mnt = mt->m[dir.mnt].parent, .ino = mt->m[dir.mnt].mountpoint};
    struct vfs_fs *fs = vfs_loc_fs(mt, dir);
    uint64_t ino;
    int err = fs->ops->lookup(fs, dir.ino, name, len, &ino);
    if (err)
        return err;
    struct vfs_loc l = {.mnt = dir.mnt, .ino = ino};
    /* Into a mount: a covered directory is seen as the root of what covers it. */
    int m;
    while ((m = covering(mt, l)) >= 0)
        l = (struct vfs_loc){.mnt = (uint32_t)m, .ino = mt->m[m].fs->root};
    *out = l;
    return 0;
}

int vfs_mount_getattr(const struct vfs_mounts *mt, struct vfs_loc l, struct vx_vfs_stat *st)
{
    struct vfs_fs *fs = vfs_loc_fs(mt, l);
    int err = fs->ops->getattr(fs, l.ino, st);
    if (!err)
        st->dev = fs->dev;
    return err;
}
