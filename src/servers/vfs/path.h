/*
 * servers/vfs/path.h - path resolution over the mount table, and the permission rules.
 *
 * Rules (docs/vfs.md has them with examples):
 *  - A path is relative to a base location, or to "/" when it starts with '/'. Empty
 *    components ("a//b") and trailing slashes are allowed; a trailing slash makes the last
 *    component a directory (-ENOTDIR otherwise) and follows a symlink there.
 *  - "." stays, ".." goes up; ".." at "/" stays at "/"; both cross mount points (mount.h).
 *  - Every symlink met in the middle of a path is followed; the last component's only when
 *    the caller asks. Relative targets start from the directory holding the link. More than
 *    VX_VFS_SYMLOOP_MAX links in one resolution: -ELOOP.
 *  - A component over VX_VFS_NAME_MAX bytes, or a path (after expanding a symlink) of
 *    VX_VFS_PATH_MAX bytes or more: -ENAMETOOLONG. A non-directory in the middle: -ENOTDIR.
 *  - Walking through a directory needs search (x) permission on it (-EACCES).
 *
 * The walk is iterative: the rest of the path lives in one of two scratch buffers of the
 * struct vfs_ns, and a symlink's target is spliced in front of the rest into the other one,
 * so no recursion and no stack buffers (system tasks have small stacks).
 */
#ifndef SERVERS_VFS_PATH_H
#define SERVERS_VFS_PATH_H

#include "servers/vfs/mount.h"

/* The namespace: the mount table and the walker's scratch space. */
struct vfs_ns {
    struct vfs_mounts mt;
    char scratch[2][VX_VFS_PATH_MAX];
};

/* Where a walk stopped: the directory holding the last component, and that component. */
struct vfs_walk {
    struct vfs_loc dir;
    char name[VX_VFS_NAME_MAX + 1]; /* NUL-terminated; "." for "/" or a path like "a/" */
    size_t len;
    bool slash;          /* a '/' followed the last component */
    uint32_t links;      /* symlinks followed so far */
    bool found;          /* vfs_walk_last: the component exists ... */
    struct vfs_loc node; /* ... and is here */
};

/* How to treat the last component (vfs_walk_last, vfs_resolve). */
#define VFS_FOLLOW 1u /* follow a symlink there */

/* Walk all but the last component of path (NUL-terminated, strlen < VX_VFS_PATH_MAX) from
 * base; an empty path is -ENOENT. Fills w->dir, w->name, w->len, w->slash; w->links = 0. */
int vfs_walk_parent(struct vfs_ns *ns, struct vfs_loc base, const char *path,
                    const struct vx_vfs_cred *cred, struct vfs_walk *w);
/* Look the last component up in w->dir (needs search permission there). Missing: 0 with
 * w->found false (w->dir and w->name then say where it would be created). A symlink with
 * VFS_FOLLOW (or a trailing slash): its target is walked from w->dir, and w describes the
 * target's last component instead. */
int vfs_walk_last(struct vfs_ns *ns, struct vfs_walk *w, uint32_t flags,
                  const struct vx_vfs_cred *cred);
/* Both: the node path names (-ENOENT if missing), in *out. */
int vfs_resolve(struct vfs_ns *ns, struct vfs_loc base, const char *path, uint32_t flags,
                const struct vx_vfs_cred *cred, struct vfs_walk *w);

/* May cred do `want` (VX_VFS_R_OK | W_OK | X_OK) to a node with stat st? 0 or -EACCES. */
int vfs_permit(const struct vx_vfs_stat *st, const struct vx_vfs_cred *cred, uint32_t want);
/* The sticky rule: in a directory with S_ISVTX only the owner of the victim or of the
 * directory (or uid 0) may remove or rename it. 0 or -EPERM. */
int vfs_sticky_permit(const struct vx_vfs_stat *dir, const struct vx_vfs_stat *victim,
                      const struct vx_vfs_cred *cred);

#endif /* SERVERS_VFS_PATH_H */
