/*
 * servers/vfs/ops.h - the file operations by path: what OPEN, MKDIR, UNLINK, RENAME, ...
 * mean, on top of path resolution (path.h) and the fs ops (fs.h).
 *
 * Each function resolves its path(s) from `base` with the caller's credentials, checks
 * permissions (search on the way, write+search on a changed directory, the sticky bit),
 * refuses mount points (-EBUSY) and cross-mount renames and links (-EXDEV), then makes one
 * call into the file system, which does the rest of the checking. Paths are NUL-terminated
 * and shorter than VX_VFS_PATH_MAX (the decoder guarantees it). Returns 0 or -errno.
 */
#ifndef SERVERS_VFS_OPS_H
#define SERVERS_VFS_OPS_H

#include "servers/vfs/path.h"

/* Rights of a connection to an opened node. */
#define VFS_RIGHT_READ  1u
#define VFS_RIGHT_WRITE 2u

/* open(2): flags VX_VFS_O_*, mode the permissions of a created file (umask applied by the
 * caller). On success *out is the node, already opened in its fs (the caller owes it a
 * close), and *rights what the connection may do. */
int vfs_op_open(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                uint32_t mode, const struct vx_vfs_cred *cred, struct vfs_loc *out,
                uint32_t *rights);
/* fstatat(2): flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH ("" is base itself). */
int vfs_op_stat_at(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                   const struct vx_vfs_cred *cred, struct vx_vfs_stat *st);
/* mknod(2) and mkdir(2) (mode with S_IFDIR). */
int vfs_op_mknod(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t mode,
                 uint64_t rdev, const struct vx_vfs_cred *cred);
/* unlinkat(2): flags AT_REMOVEDIR. */
int vfs_op_unlink(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                  const struct vx_vfs_cred *cred);
/* renameat2(2): flags RENAME_NOREPLACE, RENAME_EXCHANGE. */
int vfs_op_rename(struct vfs_ns *ns, struct vfs_loc obase, const char *opath, struct vfs_loc nbase,
                  const char *npath, uint32_t flags, const struct vx_vfs_cred *cred);
/* linkat(2): flags AT_SYMLINK_FOLLOW. */
int vfs_op_link(struct vfs_ns *ns, struct vfs_loc obase, const char *opath, struct vfs_loc nbase,
                const char *npath, uint32_t flags, const struct vx_vfs_cred *cred);
/* symlinkat(2). */
int vfs_op_symlink(struct vfs_ns *ns, struct vfs_loc base, const char *target, const char *path,
                   const struct vx_vfs_cred *cred);
/* readlinkat(2): at most cap bytes into buf, *len how many. flags AT_EMPTY_PATH. */
int vfs_op_readlink(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                    const struct vx_vfs_cred *cred, char *buf, size_t cap, size_t *len);
/* faccessat(2): mode F_OK or R_OK|W_OK|X_OK, flags AT_SYMLINK_NOFOLLOW (AT_EACCESS is
 * accepted: cred is whatever the caller decided to check with). */
int vfs_op_access(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t mode,
                  uint32_t flags, const struct vx_vfs_cred *cred);
/* fchmod, fchown, ftruncate, futimens on a node. `writable`: the connection may write (for
 * SET_SIZE). UTIME_NOW is resolved with now_ns. */
int vfs_op_setattr(struct vfs_ns *ns, struct vfs_loc l, const struct vfs_setattr *a,
                   const struct vx_vfs_cred *cred, bool writable, int64_t now_ns);

#endif /* SERVERS_VFS_OPS_H */
