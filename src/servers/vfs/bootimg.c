/*
 * servers/vfs/bootimg.c - the boot image into "/" (see bootimg.h).
 *
 * A depth-first walk: read a directory's listing (one allocation of its exact size), then
 * for each name make the node and, for a directory, descend. Files are copied in chunks of
 * VFS_BOOT_CHUNK bytes through the fs's write op. Names from the listing are checked like
 * any other untrusted input: one component, not "." or "..", at most VX_VFS_NAME_MAX bytes.
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/bootimg.h"

#include "lib/string.h"

#define VFS_BOOT_CHUNK     65536u
#define VFS_BOOT_DEPTH_MAX 32u /* directory levels; the image's paths are < 256 bytes anyway */

struct filler {
    struct vfs_srv *s;
    const struct vfs_boot_src *src;
    char *path;   /* "/" then the image path of the current entry */
    char *target; /* a symlink's target */
    uint8_t *chunk;
    uint32_t count;
};

static const struct vx_vfs_cred root_cred = {0, 0};

static void *get(struct vfs_srv *s, size_t n)
{
    return s->env->alloc(s->env->ctx, n);
}

static void put(struct vfs_srv *s, void *p, size_t n)
{
    s->env->free(s->env->ctx, p, n);
}

static bool under_bin(const char *abs)
{
    return vx_memcmp(abs, "/bin/", 5) == 0;
}

static int copy_file(struct filler *f, uint64_t size)
{
    struct vfs_ns *ns = &f->s->ns;
    struct vfs_loc root = vfs_mount_root(&ns->mt), l;
    uint32_t rights;
    uint32_t mode = under_bin(f->path) ? VFS_BOOT_EXEC_MODE : VFS_BOOT_DATA_MODE;
    int err = vfs_op_open(ns, root, f->path, VX_VFS_O_CREAT | VX_VFS_O_WRONLY | VX_VFS_O_TRUNC,
                          mode, &root_cred, &l, &rights);
    if (err)
        return err;
    struct vfs_fs *fs = vfs_loc_fs(&ns->mt, l);
    for (uint64_t off = 0; off < size && !err;) {
        size_t n = size - off < VFS_BOOT_CHUNK ? (size_t)(size - off) : VFS_BOOT_CHUNK, done;
        uint64_t new_size;
        err = f->src->read(f->src->ctx, f->path + 1, off, f->chunk, n);
        if (!err)
            err = fs->ops->write(fs, l.ino, off, false, f->chunk, n, &done, &new_size);
        if (!err && done != n)
            err = VX_VFS_ENOSPC;
        off += n;
    }
    fs->ops->close(fs, l.ino);
    return err;
}

static int fill_dir(struct filler *f, size_t len, uint32_t depth);

/* The entry whose absolute path is f->path[0..len). */
static int fill_one(struct filler *f, size_t len, uint32_t depth)
{
    uint32_t type;
    uint64_t size;
    int err = f->src->stat(f->src->ctx, f->path + 1, &type, &size, f->target);
    if (err)
        return err;
    struct vfs_ns *ns = &f->s->ns;
    struct vfs_loc root = vfs_mount_root(&ns->mt);
    switch (type) {
    case VFS_BOOT_DIR: {
        err = vfs_op_mknod(ns, root, f->path, VX_VFS_S_IFDIR | VFS_BOOT_DIR_MODE, 0, &root_cred);
        struct vx_vfs_stat st;
        if (err == VX_VFS_EEXIST && !vfs_op_stat_at(ns, root, f->path, 0, &root_cred, &st) &&
            (st.mode & VX_VFS_S_IFMT) == VX_VFS_S_IFDIR)
            err = 0;
        if (!err) {
            f->count++;
            err = fill_dir(f, len, depth + 1);
        }
        return err;
    }
    case VFS_BOOT_SYMLINK:
        err = vfs_op_symlink(ns, root, f->target, f->path, &root_cred);
        break;
    case VFS_BOOT_FILE:
        err = copy_file(f, size);
        break;
    default:
        return VX_VFS_EINVAL;
    }
    if (!err)
        f->count++;
    return err;
}

static bool good_name(const char *name, size_t n)
{
    if (n == 0 || n > VX_VFS_NAME_MAX || (n == 1 && name[0] == '.') ||
        (n == 2 && name[0] == '.' && name[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (name[i] == '/' || name[i] == '\0')
            return false;
    return true;
}

/* The children of the directory at f->path[0..len) ("/" alone: the root, len 1). */
static int fill_dir(struct filler *f, size_t len, uint32_t depth)
{
    uint32_t type;
    uint64_t size;
    if (depth > VFS_BOOT_DEPTH_MAX)
        return VX_VFS_ELOOP;
    int err = f->src->stat(f->src->ctx, f->path + 1, &type, &size, f->target);
    if (err || type != VFS_BOOT_DIR || size == 0)
        return err ? err : type != VFS_BOOT_DIR ? VX_VFS_ENOTDIR : 0;
    if (size > VFS_ROOT_BYTES)
        return VX_VFS_EFBIG;
    char *list = get(f->s, (size_t)size);
    if (!list)
        return VX_VFS_ENOMEM;
    err = f->src->read(f->src->ctx, f->path + 1, 0, list, (size_t)size);
    size_t base = len == 1 ? 1 : len + 1; /* where a child's name goes */
    for (size_t at = 0; !err && at < size;) {
        size_t n = 0;
        while (at + n < size && list[at + n] != '\n')
            n++;
        if (at + n == size || !good_name(list + at, n) || base + n >= VX_VFS_PATH_MAX) {
            err = VX_VFS_EINVAL; /* a listing line must end in '\n' and name one entry */
            break;
        }
        if (len > 1)
            f->path[len] = '/';
        vx_memcpy(f->path + base, list + at, n);
        f->path[base + n] = '\0';
        err = fill_one(f, base + n, depth);
        f->path[len] = '\0';
        at += n + 1;
    }
    put(f->s, list, (size_t)size);
    return err;
}

int vfs_boot_fill(struct vfs_srv *s, const struct vfs_boot_src *src, uint32_t *count)
{
    struct filler f = {.s = s, .src = src};
    int err = VX_VFS_ENOMEM;
    f.path = get(s, VX_VFS_PATH_MAX);
    f.target = get(s, VX_VFS_PATH_MAX);
    f.chunk = get(s, VFS_BOOT_CHUNK);
    if (f.path && f.target && f.chunk) {
        vx_memcpy(f.path, "/", 2);
        err = fill_dir(&f, 1, 0);
    }
    put(s, f.chunk, VFS_BOOT_CHUNK);
    put(s, f.target, VX_VFS_PATH_MAX);
    put(s, f.path, VX_VFS_PATH_MAX);
    *count = f.count;
    return err;
}
