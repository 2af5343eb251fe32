/*
 * vm/vmo.c - anonymous memory objects (see vmo.h).
 *
 * The page array is one kmalloc'd block of npages pointers, all NULL at first. Committing a
 * page allocates and zeroes a frame without the lock, then installs it under the lock; if
 * another thread installed one meanwhile, ours goes back. So the lock is only ever held for a
 * few instructions, and nothing under it can sleep or allocate.
 */
#define VX_SUBSYSTEM "vmo"
#include "kernel/vm/vmo.h"

#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "lib/assert.h"
#include "lib/string.h"

static void vmo_destroy(struct kobject *o)
{
    struct vmo *v = (struct vmo *)o;
    for (uint64_t i = 0; i < v->npages; i++)
        if (v->pages[i])
            frame_free(v->pages[i], 0);
    kfree(v->pages);
    kfree(v);
}

static const struct kobject_ops vmo_ops = {vmo_destroy};

vx_status_t vmo_create(uint64_t bytes, struct vmo **out)
{
    if (bytes == 0 || bytes > VMO_MAX_BYTES)
        return VX_EINVAL;
    uint64_t npages = (bytes + VMO_PAGE_SIZE - 1) / VMO_PAGE_SIZE;
    struct vmo *v = kmalloc(sizeof *v);
    void **pages = kmalloc((size_t)npages * sizeof *pages);
    if (!v || !pages) {
        kfree(v);
        kfree(pages);
        return VX_ENOMEM;
    }
    vx_memset(pages, 0, (size_t)npages * sizeof *pages);
    kobject_init(&v->ko, VX_OBJ_VMO, &vmo_ops);
    spin_init(&v->lock, "vmo");
    v->npages = npages;
    v->pages = pages;
    v->committed = 0;
    *out = v;
    return VX_OK;
}

void *vmo_page(struct vmo *v, uint64_t index, int commit, vx_status_t *st)
{
    *st = VX_OK;
    if (index >= v->npages) {
        *st = VX_ERANGE;
        return NULL;
    }
    spin_lock(&v->lock);
    void *page = v->pages[index];
    spin_unlock(&v->lock);
    if (page || !commit)
        return page;

    void *fresh = frame_zalloc(0);
    if (!fresh) {
        *st = VX_ENOMEM;
        return NULL;
    }
    spin_lock(&v->lock);
    page = v->pages[index];
    if (!page) {
        v->pages[index] = page = fresh;
        v->committed++;
        fresh = NULL;
    }
    spin_unlock(&v->lock);
    if (fresh)
        frame_free(fresh, 0); /* another thread committed it first */
    return page;
}

/* Offset and length must lie inside the VMO, without overflow. */
static int in_range(const struct vmo *v, uint64_t offset, size_t len)
{
    uint64_t size = v->npages * VMO_PAGE_SIZE;
    return offset <= size && len <= size - offset;
}

vx_status_t vmo_write(struct vmo *v, uint64_t offset, const void *src, size_t len)
{
    if (!in_range(v, offset, len))
        return VX_ERANGE;
    const uint8_t *s = src;
    while (len) {
        vx_status_t st;
        uint8_t *page = vmo_page(v, offset / VMO_PAGE_SIZE, 1, &st);
        if (!page)
            return st;
        size_t at = (size_t)(offset % VMO_PAGE_SIZE);
        size_t n = VMO_PAGE_SIZE - at < len ? VMO_PAGE_SIZE - at : len;
        vx_memcpy(page + at, s, n);
        s += n;
        offset += n;
        len -= n;
    }
    return VX_OK;
}

vx_status_t vmo_read(struct vmo *v, uint64_t offset, void *dst, size_t len)
{
    if (!in_range(v, offset, len))
        return VX_ERANGE;
    uint8_t *d = dst;
    while (len) {
        vx_status_t st;
        const uint8_t *page = vmo_page(v, offset / VMO_PAGE_SIZE, 0, &st);
        size_t at = (size_t)(offset % VMO_PAGE_SIZE);
        size_t n = VMO_PAGE_SIZE - at < len ? VMO_PAGE_SIZE - at : len;
        if (page)
            vx_memcpy(d, page + at, n);
        else
            vx_memset(d, 0, n);
        d += n;
        offset += n;
        len -= n;
    }
    return VX_OK;
}

uint64_t vmo_committed(struct vmo *v)
{
    spin_lock(&v->lock);
    uint64_t n = v->committed;
    spin_unlock(&v->lock);
    return n;
}
