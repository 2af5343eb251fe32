/*
 * servers/vfs/bootimg.h - copying the boot image into the namespace (BOOTFS_LOAD).
 *
 * The image is read through struct vfs_boot_src, so the copying is core code: the server
 * backs it with vx_bootfs_stat / vx_bootfs_open (server.c), unit tests with a cpio archive
 * in memory. Every entry becomes a node under "/" owned by uid 0: directories 0755, files
 * 0755 under bin/ and 0644 elsewhere, symlinks with their targets. Entries that exist already
 * (the initial /tmp, /dev, ...) are kept when they are directories.
 */
#ifndef SERVERS_VFS_BOOTIMG_H
#define SERVERS_VFS_BOOTIMG_H

#include "servers/vfs/proto.h"

#define VFS_BOOT_FILE    1u
#define VFS_BOOT_DIR     2u
#define VFS_BOOT_SYMLINK 3u

#define VFS_BOOT_EXEC_MODE 0755u
#define VFS_BOOT_DATA_MODE 0644u
#define VFS_BOOT_DIR_MODE  0755u

struct vfs_boot_src {
    /* path ("" is the root, else "a/b", no leading slash): *type (VFS_BOOT_*), *size (a
     * file's bytes, a directory listing's bytes: names each ending in '\n'), and a symlink's
     * target into target[VX_VFS_PATH_MAX], NUL-terminated. 0 or -errno. */
    int (*stat)(void *ctx, const char *path, uint32_t *type, uint64_t *size, char *target);
    /* Bytes [off, off + len) of the file or listing at path. 0 or -errno. */
    int (*read)(void *ctx, const char *path, uint64_t off, void *buf, size_t len);
    void *ctx;
};

/* Copy everything under the image's root into "/". *count: entries copied (also on error,
 * what was copied before it). 0 or the first -errno. */
int vfs_boot_fill(struct vfs_srv *s, const struct vfs_boot_src *src, uint32_t *count);

#endif /* SERVERS_VFS_BOOTIMG_H */
