/*
 * boot/bootfs.c - boot image files as VMOs (see bootfs.h).
 */
#define VX_SUBSYSTEM "bootfs"
#include "kernel/boot/bootfs.h"

#include "kernel/boot/initrd.h"
#include "lib/cpio.h"
#include "lib/string.h"

static struct vmo *image;

vx_status_t bootfs_init(void)
{
    const struct boot_initrd *rd = boot_initrd();
    if (!rd || !rd->len)
        return VX_ENOENT;
    struct vmo *v;
    vx_status_t st = vmo_create(rd->len, &v);
    if (!st && (st = vmo_write(v, 0, rd->data, rd->len)))
        kobject_put(&v->ko);
    if (!st)
        image = v;
    return st;
}

struct vmo *bootfs_image(void)
{
    return image;
}

vx_status_t bootfs_open(const char *path, size_t len, struct vmo **out)
{
    const struct boot_initrd *rd = boot_initrd();
    char name[CPIO_NAME_MAX];
    char why[CPIO_WHY_BYTES];
    const char *norm;
    size_t norm_len;
    if (!rd)
        return VX_ENOENT;
    if (len >= sizeof name || cpio_path_check(path, len, &norm, &norm_len, why))
        return VX_EINVAL;
    vx_memcpy(name, norm, norm_len);
    name[norm_len] = '\0';
    struct cpio_entry e;
    vx_status_t st = cpio_find(rd->data, rd->len, name, &e, why);
    if (st)
        return st == VX_ENOENT ? VX_ENOENT : VX_EIO;
    if (e.type != CPIO_FILE)
        return VX_EINVAL;
    struct vmo *v;
    if ((st = vmo_create(e.size ? e.size : 1, &v)))
        return st;
    if ((st = vmo_write(v, 0, e.data, e.size))) {
        kobject_put(&v->ko);
        return st;
    }
    *out = v;
    return VX_OK;
}
