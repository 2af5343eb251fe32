/*
 * servers/vfs/fs.h - the interface between the vfs and one file system (tmpfs now; VXFS and
 * a host-share driver later): struct vfs_fs_ops, and the environment the vfs core runs in.
 *
 * A file system instance (struct vfs_fs) names its nodes by 64-bit inode numbers and answers
 * single-step questions about them: look a name up in a directory, create, remove, rename
 * inside itself, read and write bytes. Everything that spans file systems or several steps
 * lives above it, in mount.c and path.c: path walking, symlink following, mount crossing,
 * permission checks, EXDEV. So a new file system implements only its own storage.
 *
 * Errors: every op returns 0 or a negated Linux errno (VX_VFS_E*, vx/vfs.h), the values the
 * protocol carries, because VX_E* cannot say ENOTDIR from EISDIR. The core keeps no errno.
 *
 * The core (this directory minus server.c and boot.c) never calls the kernel: memory and the
 * clock come from struct vfs_env, so unit tests run it on the host with malloc and a fake
 * clock. It is single-threaded: the server calls it from one thread, tests from one thread.
 */
#ifndef SERVERS_VFS_FS_H
#define SERVERS_VFS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vx/vfs.h"

/* Memory and time, supplied by whoever runs the core. */
struct vfs_env {
    /* bytes of memory (not zeroed), or NULL when there is none. */
    void *(*alloc)(void *ctx, size_t bytes);
    /* Give back p, which alloc returned for exactly `bytes` (p may be NULL). */
    void (*free)(void *ctx, void *p, size_t bytes);
    /* Wall-clock time: nanoseconds since 1970-01-01 00:00 UTC. */
    int64_t (*now)(void *ctx);
    void *ctx;
};

/* What setattr changes (checked by the caller: permissions, rights). */
struct vfs_setattr {
    uint32_t valid; /* VX_VFS_SET_*; UTIME_NOW / UTIME_OMIT already resolved by the caller */
    uint32_t mode;  /* permission bits */
    uint32_t uid, gid;
    uint64_t size;
    struct vx_vfs_time atime, mtime;
};

/* Called by readdir for each entry, in cookie order; returns false to stop (no room): the
 * entry was not taken and readdir returns 0. */
typedef bool vfs_dirent_fn(void *ctx, uint64_t ino, uint8_t type, const char *name, size_t name_len,
                           uint64_t next_cookie);

#define VFS_UNLINK_DIR 1u /* unlink: remove a directory (rmdir), else anything but one */

struct vfs_fs;

/* The ops. `dir` arguments must name a directory (else -ENOTDIR); names are one component
 * of 1..VX_VFS_NAME_MAX bytes, never "." or ".." except for lookup; new nodes get the
 * caller's uid/gid. A node stays alive while it has links or opens. */
struct vfs_fs_ops {
    const char *name; /* "tmpfs" */
    /* The child `name` of dir ("." and ".." too; the root's ".." is the root). */
    int (*lookup)(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint64_t *ino);
    /* Fill *st except dev (the mount table's). */
    int (*getattr)(struct vfs_fs *fs, uint64_t ino, struct vx_vfs_stat *st);
    int (*setattr)(struct vfs_fs *fs, uint64_t ino, const struct vfs_setattr *a);
    /* A new node of type and permissions `mode` (S_IFREG, S_IFDIR, S_IFIFO, S_IFCHR, S_IFBLK,
     * S_IFSOCK): -EEXIST if the name is taken, -ENOSPC at a limit. */
    int (*mknod)(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint32_t mode,
                 uint64_t rdev, uint32_t uid, uint32_t gid, uint64_t *ino);
    int (*symlink)(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len,
                   const char *target, size_t target_len, uint32_t uid, uint32_t gid,
                   uint64_t *ino);
    /* Another name for ino (not a directory: -EPERM). */
    int (*link)(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint64_t ino);
    /* Remove a name: flags VFS_UNLINK_DIR (-ENOTDIR if not a dir, -ENOTEMPTY) or 0 (-EISDIR
     * for a dir). */
    int (*unlink)(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint32_t flags);
    /* rename(2) inside this fs, with VX_VFS_RENAME_* flags; all of rename's own errors
     * (EINVAL into itself, EISDIR, ENOTDIR, ENOTEMPTY, EEXIST) are the fs's to give. */
    int (*rename)(struct vfs_fs *fs, uint64_t odir, const char *oname, size_t olen, uint64_t ndir,
                  const char *nname, size_t nlen, uint32_t flags);
    /* Copy a symlink's target (at most cap bytes, no NUL) into buf; *len its full length. */
    int (*readlink)(struct vfs_fs *fs, uint64_t ino, char *buf, size_t cap, size_t *len);
    /* Bytes [off, off + len) of a regular file; *n may be short at the end. */
    int (*read)(struct vfs_fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *n);
    /* Write at off (at the end if append); *n written, *size the new size. */
    int (*write)(struct vfs_fs *fs, uint64_t ino, uint64_t off, bool append, const void *buf,
                 size_t len, size_t *n, uint64_t *size);
    /* Entries of dir from cookie on ("." is 0, ".." 1). */
    int (*readdir)(struct vfs_fs *fs, uint64_t dir, uint64_t cookie, vfs_dirent_fn *emit,
                   void *ctx);
    int (*statfs)(struct vfs_fs *fs, struct vx_vfs_statfs *st);
    int (*sync)(struct vfs_fs *fs, uint64_t ino);
    /* A connection holds ino open / lets it go (the last close of an unlinked node frees it). */
    int (*open)(struct vfs_fs *fs, uint64_t ino);
    void (*close)(struct vfs_fs *fs, uint64_t ino);
    /* Free everything; the fs must not be mounted. */
    void (*destroy)(struct vfs_fs *fs);
};

/* The part of every fs instance the vfs sees; a file system embeds it first in its own. */
struct vfs_fs {
    const struct vfs_fs_ops *ops;
    uint64_t root; /* inode number of the root directory */
    uint64_t dev;  /* set by the mount table */
};

/* DT_* of a mode. */
static inline uint8_t vfs_mode_dt(uint32_t mode)
{
    return (uint8_t)((mode & VX_VFS_S_IFMT) >> 12);
}

#endif /* SERVERS_VFS_FS_H */
