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

/* The bytes of directory dir's listing (one child name per line). `known`: the archive has
 * an entry for dir itself (else a dir with no children is VX_ENOENT). */
static vx_status_t listing_bytes(const struct boot_initrd *rd, const char *dir, bool known,
                                 uint64_t *out)
{
    char child[CPIO_NAME_MAX], prev[CPIO_NAME_MAX];
    char why[CPIO_WHY_BYTES];
    uint64_t bytes = 0;
    vx_status_t st;
    prev[0] = '\0';
    while ((st = cpio_next_child(rd->data, rd->len, dir, prev, child, why)) == VX_OK) {
        bytes += vx_strlen(child) + 1;
        vx_strlcpy(prev, child, sizeof prev);
    }
    if (st != VX_EEOF)
        return VX_EIO;
    if (!bytes && !known)
        return VX_ENOENT;
    *out = bytes;
    return VX_OK;
}

/* Write the listing of directory `dir` into a new VMO, one child name per line. */
static vx_status_t open_dir(const struct boot_initrd *rd, const char *dir, bool known,
                            struct vmo **out)
{
    char child[CPIO_NAME_MAX], prev[CPIO_NAME_MAX];
    char why[CPIO_WHY_BYTES];
    uint64_t bytes;
    /* Pass 1: the size. Pass 2: the names. The image is constant, so both see the same. */
    vx_status_t st = listing_bytes(rd, dir, known, &bytes);
    if (st)
        return st;
    struct vmo *v;
    if ((st = vmo_create(bytes ? bytes : 1, &v)))
        return st;
    uint64_t at = 0;
    prev[0] = '\0';
    while (!st && cpio_next_child(rd->data, rd->len, dir, prev, child, why) == VX_OK) {
        size_t n = vx_strlen(child);
        vx_strlcpy(prev, child, sizeof prev);
        child[n] = '\n';
        st = vmo_write(v, at, child, n + 1);
        at += n + 1;
    }
    if (st) {
        kobject_put(&v->ko);
        return st;
    }
    *out = v;
    return VX_OK;
}

/* path[0..len) in normal form into name[CPIO_NAME_MAX]. */
static vx_status_t normalize(const char *path, size_t len, char *name)
{
    char why[CPIO_WHY_BYTES];
    const char *norm;
    size_t norm_len;
    if (len >= CPIO_NAME_MAX || cpio_path_check(path, len, &norm, &norm_len, why))
        return VX_EINVAL;
    vx_memcpy(name, norm, norm_len);
    name[norm_len] = '\0';
    return VX_OK;
}

vx_status_t bootfs_stat(const char *path, size_t len, struct vx_bootfs_stat *out)
{
    const struct boot_initrd *rd = boot_initrd();
    char name[CPIO_NAME_MAX];
    char why[CPIO_WHY_BYTES];
    if (!rd)
        return VX_ENOENT;
    if (normalize(path, len, name))
        return VX_EINVAL;
    vx_memset(out, 0, sizeof *out);
    struct cpio_entry e;
    vx_status_t st = name[0] ? cpio_find(rd->data, rd->len, name, &e, why) : VX_ENOENT;
    if (st && st != VX_ENOENT)
        return VX_EIO;
    if (st || e.type == CPIO_DIR) { /* the root, a directory, or one only implied */
        out->type = VX_BOOTFS_DIR;
        out->mode = st ? 0755u : e.mode & CPIO_MODE_PERM;
        return listing_bytes(rd, name, !st || !name[0], &out->size);
    }
    out->mode = e.mode & CPIO_MODE_PERM;
    out->size = e.size;
    if (e.type == CPIO_FILE) {
        out->type = VX_BOOTFS_FILE;
        return VX_OK;
    }
    if (e.size >= sizeof out->target)
        return VX_EIO; /* the packer refuses such targets */
    out->type = VX_BOOTFS_SYMLINK;
    vx_memcpy(out->target, e.data, e.size);
    out->target[e.size] = '\0';
    return VX_OK;
}

vx_status_t bootfs_open(const char *path, size_t len, struct vmo **out)
{
    const struct boot_initrd *rd = boot_initrd();
    char name[CPIO_NAME_MAX];
    char why[CPIO_WHY_BYTES];
    if (!rd)
        return VX_ENOENT;
    if (normalize(path, len, name))
        return VX_EINVAL;
    size_t norm_len = vx_strlen(name);
    if (norm_len == 0)
        return open_dir(rd, name, true, out); /* the root */
    struct cpio_entry e;
    vx_status_t st = cpio_find(rd->data, rd->len, name, &e, why);
    if (st == VX_ENOENT)
        return open_dir(rd, name, false, out); /* perhaps a directory only implied */
    if (st)
        return VX_EIO;
    if (e.type == CPIO_DIR)
        return open_dir(rd, name, true, out);
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
