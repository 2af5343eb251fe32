/*
 * boot/initrd.c - copy the boot image into physical memory and check it (see initrd.h).
 *
 * The copy comes first and the check runs on the copy, so what was checked is what stays: the
 * host could change its buffer afterwards without effect. The run of frames is contiguous so
 * that the cpio reader, and later the VMO, see one flat archive.
 */
#define VX_SUBSYSTEM "initrd"
#include "kernel/boot/initrd.h"

#include <stdbool.h>

#include "kernel/mm/frame.h"
#include "lib/assert.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "vx/boot.h"

static struct boot_initrd initrd; /* constant once loaded */
static bool loaded;

vx_status_t boot_initrd_load(const void *src, uint64_t len, char *why)
{
    VX_ASSERT(!loaded);
    if (len > VX_INITRD_MAX) {
        vx_snprintf(why, CPIO_WHY_BYTES, "%llu MiB is more than the %llu MiB an initrd may have",
                    (unsigned long long)(len >> 20), (unsigned long long)(VX_INITRD_MAX >> 20));
        return VX_ERANGE;
    }
    uint64_t nframes = (len + FRAME_SIZE - 1) >> FRAME_SHIFT;
    uint8_t *copy = nframes ? frame_alloc_contig(nframes) : NULL;
    if (nframes && !copy) {
        vx_snprintf(why, CPIO_WHY_BYTES, "no %llu KiB of contiguous physical memory for it",
                    (unsigned long long)(nframes * FRAME_SIZE >> 10));
        return VX_ENOMEM;
    }
    if (copy) {
        vx_memcpy(copy, src, len);
        /* The rest of the last frame: zero, as a VMO's page beyond its data must read. */
        vx_memset(copy + len, 0, nframes * FRAME_SIZE - len);
    }
    struct cpio_summary sum;
    vx_status_t st = cpio_validate(copy, len, &sum, why);
    if (st != VX_OK) {
        for (uint64_t i = 0; i < nframes; i++)
            frame_free(copy + i * FRAME_SIZE, 0);
        return st;
    }
    initrd = (struct boot_initrd){.data = copy, .len = len, .summary = sum};
    loaded = true;
    return VX_OK;
}

const struct boot_initrd *boot_initrd(void)
{
    return loaded ? &initrd : NULL;
}
