/*
 * servers/vfs/tmpfs.h - tmpfs: a file system in memory, the first implementation of
 * struct vfs_fs_ops (fs.h). It holds "/" (filled from the boot image) and "/tmp".
 *
 * Storage (tmpfs.c says more): an inode table hashed by inode number; regular files as an
 * array of page pointers (a missing page reads as zeros, so sparse files cost nothing);
 * directories as a hash table of entries plus a list in insertion order, whose sequence
 * numbers are the READDIR cookies; symlinks as their target string. Two limits per instance:
 * bytes (data pages and symlink targets) and nodes; either gives -ENOSPC.
 *
 * Not thread-safe: one caller at a time (the vfs server has one thread).
 */
#ifndef SERVERS_VFS_TMPFS_H
#define SERVERS_VFS_TMPFS_H

#include "servers/vfs/fs.h"

#define TMPFS_PAGE_BYTES 4096u
#define TMPFS_MAGIC      0x01021994u  /* Linux's TMPFS_MAGIC, for statfs */
#define TMPFS_FILE_MAX   (1ull << 40) /* bytes in one file; beyond is -EFBIG */
#define TMPFS_LINK_MAX   65000u       /* links to one node; beyond is -EMLINK */

struct tmpfs_limits {
    uint64_t max_bytes; /* data pages and symlink targets */
    uint64_t max_nodes; /* inodes, the root included */
};

/* A new, empty tmpfs whose root has mode S_IFDIR | root_mode, owned by uid/gid 0. `env` is
 * borrowed for the instance's life. Returns 0 with *out (destroy with ops->destroy), or
 * -ENOMEM. */
int tmpfs_create(const struct vfs_env *env, const struct tmpfs_limits *lim, uint32_t root_mode,
                 struct vfs_fs **out);

#endif /* SERVERS_VFS_TMPFS_H */
