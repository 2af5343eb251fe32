/*
 * vm/vmo.c - memory objects (see vmo.h).
 *
 * The page array is one kmalloc'd block of npages pointers, all NULL at first. Frames are
 * allocated outside the lock: vmo_page_locked takes a spare frame from its caller, and the
 * copy paths here allocate one before locking and give it back if another thread got there
 * first. A shared frame (frame.shares > 0) is never written: the writer copies it into its
 * own frame, drops its share, and unmaps the old frame from this VMO's mappings.
 */
#define VX_SUBSYSTEM "vmo"
#include "kernel/vm/vmo.h"

#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/task/job.h"
#include "kernel/vm/aspace.h"
#include "kernel/vm/mmu.h"
#include "lib/assert.h"
#include "lib/string.h"

/* Give up one owner's hold on a committed page: the last owner frees it. */
static void page_release(void *page)
{
    struct frame *f = frame_of(page);
    uint16_t s = atomic_load_explicit(&f->shares, memory_order_acquire);
    while (s > 0)
        if (atomic_compare_exchange_weak_explicit(&f->shares, &s, (uint16_t)(s - 1),
                                                  memory_order_acq_rel, memory_order_acquire))
            return;
    mmu_flush_code(page);
    frame_free(page, 0);
}

bool vmo_page_shared(const void *page)
{
    return atomic_load_explicit(&frame_of(page)->shares, memory_order_acquire) > 0;
}

static void vmo_destroy(struct kobject *o)
{
    struct vmo *v = (struct vmo *)o;
    VX_ASSERT(list_empty(&v->maps)); /* every mapping holds a reference */
    if (v->flags & VMO_CONTIG) {
        unsigned order = 0;
        while ((1ull << order) < v->npages)
            order++;
        for (uint64_t i = 0; i < v->npages; i++)
            mmu_flush_code(v->pages[i]);
        frame_free(v->pages[0], order);
    } else {
        for (uint64_t i = 0; i < v->npages; i++)
            if (v->pages[i])
                page_release(v->pages[i]);
    }
    if (v->job) {
        job_uncharge(v->job, VX_JOB_PAGES, v->committed);
        kobject_put(&v->job->ko);
    }
    kfree(v->pages);
    kfree(v);
}

static const struct kobject_ops vmo_ops = {vmo_destroy};

static vx_status_t vmo_alloc(uint64_t bytes, uint32_t flags, struct vmo **out)
{
    if (bytes == 0 || bytes > VMO_MAX_BYTES)
        return VX_EINVAL;
    uint64_t npages = (bytes + VMO_PAGE_SIZE - 1) / VMO_PAGE_SIZE;
    struct vmo *v = kmalloc(sizeof *v);
    void **pages = kzalloc((size_t)npages * sizeof *pages);
    if (!v || !pages) {
        kfree(v);
        kfree(pages);
        return VX_ENOMEM;
    }
    kobject_init(&v->ko, VX_OBJ_VMO, &vmo_ops);
    spin_init(&v->lock, "vmo");
    v->npages = npages;
    v->flags = flags;
    v->pages = pages;
    v->committed = 0;
    v->job = NULL;
    list_init(&v->maps);
    *out = v;
    return VX_OK;
}

vx_status_t vmo_create(uint64_t bytes, struct vmo **out)
{
    return vmo_alloc(bytes, 0, out);
}

vx_status_t vmo_create_contig(uint64_t bytes, struct vmo **out)
{
    if (bytes == 0 || bytes > ((uint64_t)FRAME_SIZE << PARAM_FRAME_MAX_ORDER))
        return VX_EINVAL;
    unsigned order = 0;
    while (((uint64_t)FRAME_SIZE << order) < bytes)
        order++;
    uint8_t *block = frame_zalloc(order);
    if (!block)
        return VX_ENOMEM;
    struct vmo *v;
    vx_status_t st = vmo_alloc((uint64_t)FRAME_SIZE << order, VMO_CONTIG, &v);
    if (st) {
        frame_free(block, order);
        return st;
    }
    for (uint64_t i = 0; i < v->npages; i++)
        v->pages[i] = block + i * FRAME_SIZE;
    v->committed = v->npages;
    *out = v;
    return VX_OK;
}

uint64_t vmo_paddr(struct vmo *v)
{
    return (v->flags & VMO_CONTIG) ? frame_paddr(v->pages[0]) : 0;
}

uint64_t vmo_size(const struct vmo *v)
{
    return v->npages * VMO_PAGE_SIZE;
}

/* Write-protect (for a new clone) every mapping of page i. Caller holds v->lock. */
static uint64_t protect_mappings(struct vmo *v, uint64_t i)
{
    uint64_t cpus = 0;
    struct list_node *n;
    list_for_each(n, &v->maps)
        cpus |= as_map_write_protect(list_entry(n, struct vm_map, vmo_link), i);
    return cpus;
}

vx_status_t vmo_clone(struct vmo *src, uint64_t offset, uint64_t bytes, struct vmo **out)
{
    if (offset % VMO_PAGE_SIZE || bytes == 0 || offset > vmo_size(src) ||
        bytes > vmo_size(src) - offset)
        return VX_EINVAL;
    if (src->flags & VMO_CONTIG)
        return VX_ENOTSUP;
    struct vmo *c;
    vx_status_t st = vmo_alloc(bytes, 0, &c);
    if (st)
        return st;
    uint64_t first = offset / VMO_PAGE_SIZE, cpus = 0;
    spin_lock(&src->lock);
    for (uint64_t i = 0; i < c->npages && first + i < src->npages; i++) {
        void *p = src->pages[first + i];
        if (!p)
            continue;
        struct frame *f = frame_of(p);
        if (atomic_load_explicit(&f->shares, memory_order_relaxed) >= VMO_MAX_SHARES - 1) {
            st = VX_ELIMIT;
            break;
        }
        atomic_fetch_add_explicit(&f->shares, 1, memory_order_acq_rel);
        c->pages[i] = p;
        c->committed++;
        cpus |= protect_mappings(src, first + i);
    }
    spin_unlock(&src->lock);
    mmu_shootdown(cpus, RV_FLUSH_TLB);
    if (st) {
        kobject_put(&c->ko); /* drops the shares taken so far */
        return st;
    }
    *out = c;
    return VX_OK;
}

void *vmo_page_locked(struct vmo *v, uint64_t index, bool write, void **spare, uint64_t *cpus,
                      vx_status_t *st)
{
    VX_ASSERT(spin_held(&v->lock) && index < v->npages);
    *st = VX_OK;
    void *p = v->pages[index];
    if (p && !(write && vmo_page_shared(p)))
        return p;
    if (!*spare) {
        *st = VX_ENOMEM;
        return NULL;
    }
    if (!p && v->job && job_charge(v->job, VX_JOB_PAGES, 1)) {
        *st = VX_ELIMIT;
        return NULL;
    }
    void *fresh = *spare;
    *spare = NULL;
    if (!p) {
        vx_memset(fresh, 0, FRAME_SIZE);
        v->committed++;
    } else {
        /* Copy-on-write break: the old frame stays with its other owners; every mapping of
         * this page here still points at it, so take them down (they refault to `fresh`). */
        vx_memcpy(fresh, p, FRAME_SIZE);
        struct list_node *n;
        list_for_each(n, &v->maps)
            *cpus |= as_map_zap(list_entry(n, struct vm_map, vmo_link), index);
        page_release(p);
    }
    v->pages[index] = fresh;
    return fresh;
}

/* Offset and length must lie inside the VMO, without overflow. */
static int in_range(const struct vmo *v, uint64_t offset, size_t len)
{
    uint64_t size = vmo_size(v);
    return offset <= size && len <= size - offset;
}

vx_status_t vmo_write(struct vmo *v, uint64_t offset, const void *src, size_t len)
{
    if (!in_range(v, offset, len))
        return VX_ERANGE;
    const uint8_t *s = src;
    vx_status_t st = VX_OK;
    void *spare = NULL;
    while (len && !st) {
        if (!spare && !(spare = frame_alloc(0))) {
            st = VX_ENOMEM;
            break;
        }
        uint64_t cpus = 0;
        size_t at = (size_t)(offset % VMO_PAGE_SIZE);
        size_t n = VMO_PAGE_SIZE - at < len ? VMO_PAGE_SIZE - at : len;
        spin_lock(&v->lock);
        uint8_t *page = vmo_page_locked(v, offset / VMO_PAGE_SIZE, true, &spare, &cpus, &st);
        if (page) {
            /* Code a hart may have decoded from this frame is about to change. */
            mmu_flush_code(page);
            vx_memcpy(page + at, s, n);
        }
        spin_unlock(&v->lock);
        mmu_shootdown(cpus, RV_FLUSH_TLB);
        s += n;
        offset += n;
        len -= n;
    }
    if (spare)
        frame_free(spare, 0);
    return st;
}

vx_status_t vmo_read(struct vmo *v, uint64_t offset, void *dst, size_t len)
{
    if (!in_range(v, offset, len))
        return VX_ERANGE;
    uint8_t *d = dst;
    while (len) {
        size_t at = (size_t)(offset % VMO_PAGE_SIZE);
        size_t n = VMO_PAGE_SIZE - at < len ? VMO_PAGE_SIZE - at : len;
        spin_lock(&v->lock);
        const uint8_t *page = v->pages[offset / VMO_PAGE_SIZE];
        if (page)
            vx_memcpy(d, page + at, n);
        else
            vx_memset(d, 0, n);
        spin_unlock(&v->lock);
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

vx_status_t vmo_set_job(struct vmo *v, struct job *j)
{
    VX_ASSERT(!v->job);
    spin_lock(&v->lock);
    vx_status_t st = job_charge(j, VX_JOB_PAGES, v->committed);
    if (!st) {
        kobject_get(&j->ko);
        v->job = j;
    }
    spin_unlock(&v->lock);
    return st;
}
