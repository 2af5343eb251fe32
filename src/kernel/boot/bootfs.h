/*
 * boot/bootfs.h - the files of the boot image (initrd), as VMOs.
 *
 * The boot image is a validated newc cpio archive in physical memory (boot/initrd.h).
 * bootfs gives it to tasks as objects: bootfs_image() is a VMO holding the whole archive
 * (init gets a handle to it in vx_startup.bootfs, and that handle is the capability to open
 * files), and bootfs_open() makes a VMO holding one file's bytes, found by its path in the
 * archive ("test/vx/vxtest", no leading slash). Files are copied on open: the image is small
 * and files are opened rarely (to start programs, to read manifests).
 *
 * Locks: none; the image is constant after boot and bootfs_image is made once, by boot,
 * before init runs.
 */
#ifndef BOOT_BOOTFS_H
#define BOOT_BOOTFS_H

#include <stddef.h>

#include "kernel/vm/vmo.h"
#include "vx/status.h"
#include "vx/task.h"

/* Make the image VMO. VX_ENOENT if the machine has no initrd. Called once by boot. */
vx_status_t bootfs_init(void);
/* The image VMO (a borrowed pointer), or NULL. */
struct vmo *bootfs_image(void);
/* A new VMO with a copy of the file at path[0..len), or, for a directory (the root is "" or
 * "."; a directory only implied by deeper entries counts), its listing: the names of its
 * direct children, sorted in byte order, each followed by '\n' (lib/cpio.h,
 * cpio_next_child). VX_ENOENT if there is no such entry, VX_EINVAL if path is not a valid
 * path or names a symlink. A VMO is a whole number of pages: what follows the file's bytes
 * is zeros. */
vx_status_t bootfs_open(const char *path, size_t len, struct vmo **out);
/* What is at path[0..len): type, mode, true size and a symlink's target (vx/task.h,
 * struct vx_bootfs_stat). Errors as bootfs_open, except that a symlink is no error. */
vx_status_t bootfs_stat(const char *path, size_t len, struct vx_bootfs_stat *out);

#endif /* BOOT_BOOTFS_H */
