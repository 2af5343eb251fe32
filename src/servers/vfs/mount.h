/*
 * servers/vfs/mount.h - the mount table: which file system answers for which directory, and
 * the one step of path walking that knows about mounts.
 *
 * Mount 0 is "/" and is its own parent. Every other mount covers a directory (its mountpoint)
 * of a parent mount: looking up a name that leads to a covered directory lands on the root
 * of the mount on top, and ".." from a mount's root goes to the mountpoint's parent in the
 * mount below (".." from the root of mount 0 stays there). A node anywhere is a struct
 * vfs_loc (mount index, inode number); the mount's index + 1 is the node's st_dev.
 *
 * Owns the mounted file systems: vfs_mounts_destroy destroys them. Single-threaded.
 */
#ifndef SERVERS_VFS_MOUNT_H
#define SERVERS_VFS_MOUNT_H

#include "servers/vfs/fs.h"

#define VFS_MOUNTS_MAX 16u

struct vfs_loc {
    uint32_t mnt; /* index in the mount table */
    uint64_t ino; /* inode number in that mount's fs */
};

struct vfs_mount {
    struct vfs_fs *fs;   /* NULL: a free slot */
    uint32_t parent;     /* the mount below (mount 0: itself) */
    uint64_t mountpoint; /* the covered directory, an inode of the parent's fs */
};

struct vfs_mounts {
    struct vfs_mount m[VFS_MOUNTS_MAX];
};

/* Start a table with fs as "/" (takes ownership of fs). */
void vfs_mounts_init(struct vfs_mounts *mt, struct vfs_fs *root);
/* Destroy every mounted fs. */
void vfs_mounts_destroy(struct vfs_mounts *mt);
/* Mount fs on the directory `at` (takes ownership of fs on success). -ENOTDIR: at is not a
 * directory; -EBUSY: something is mounted there already; -ENOSPC: the table is full. */
int vfs_mount_add(struct vfs_mounts *mt, struct vfs_loc at, struct vfs_fs *fs, uint32_t *idx);

/* "/", the root of mount 0. */
struct vfs_loc vfs_mount_root(const struct vfs_mounts *mt);
/* The fs of a location's mount. */
struct vfs_fs *vfs_loc_fs(const struct vfs_mounts *mt, struct vfs_loc l);
/* True if l is a mountpoint (covered) or the root of a mount: such a node cannot be removed
 * or renamed (-EBUSY). */
bool vfs_mount_busy(const struct vfs_mounts *mt, struct vfs_loc l);

/* One step: the child `name` (one component; "." and ".." included) of directory `dir`,
 * crossing into mounts and back out of them. Errors as the fs's lookup. */
int vfs_mount_lookup(const struct vfs_mounts *mt, struct vfs_loc dir, const char *name, size_t len,
                     struct vfs_loc *out);
/* The fs's getattr plus st_dev. */
int vfs_mount_getattr(const struct vfs_mounts *mt, struct vfs_loc l, struct vx_vfs_stat *st);

#endif /* SERVERS_VFS_MOUNT_H */
