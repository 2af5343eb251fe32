/*
 * boot/initrd.h - the boot image (initrd) in physical memory.
 *
 * At boot, boot_initrd_load copies the archive the host passed in vx_boot_params into a
 * contiguous run of frames (frame_alloc_contig) and validates it with the cpio reader
 * (lib/cpio.h), so nothing later reads the host's buffer and everything later reads bytes
 * that were checked. A refused archive is freed and the kernel runs without one. The frames
 * are never freed: a later change hands them to vinit as a VMO.
 *
 * Locks: none. boot_initrd_load runs once on the booting thread before any vCPU starts;
 * after it the record and the bytes are constant, and any thread may read them.
 */
#ifndef BOOT_INITRD_H
#define BOOT_INITRD_H

#include <stdint.h>

#include "lib/cpio.h"
#include "vx/status.h"

struct boot_initrd {
    const uint8_t *data;         /* the archive in physical memory */
    uint64_t len;                /* its bytes, padding after the trailer included */
    struct cpio_summary summary; /* what cpio_validate counted */
};

/* Copy [src, src + len) into physical memory and validate it. Returns VX_OK, or with why
 * (CPIO_WHY_BYTES) filled: VX_ERANGE (over VX_INITRD_MAX), VX_ENOMEM (no contiguous run of
 * frames that large), or the archive's error from cpio_validate (VX_EINVAL, VX_ERANGE), after
 * which there is no initrd. Called once, by boot. */
vx_status_t boot_initrd_load(const void *src, uint64_t len, char *why);

/* The initrd, or NULL if the machine booted without one. */
const struct boot_initrd *boot_initrd(void);

#endif
