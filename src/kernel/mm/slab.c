/*
 * mm/slab.c - slab caches and kmalloc (contract in slab.h).
 *
 * A slab is a block of 2^slab_order frames: struct slab at its start, then a stack of the
 * indices of its free objects (uint16_t each), then the objects from first_offset on. Every
 * frame of a slab is FRAME_SLAB with owner = the slab, so frame_of() finds the slab of any
 * object. The order is the smallest that holds SLAB_MIN_OBJS objects and wastes at most
 * 1/SLAB_WASTE_DIV of the block. Per-vCPU magazines sit in front of the slab lists.
 * Destroy counts what is outstanding (cache->active minus every magazine) and touches other
 * vCPUs' magazines only when that is zero: then nobody may be using the cache, so they are idle.
 * Large kmalloc blocks are frame blocks whose head frame is FRAME_KMALLOC and keeps the order.
 */
#define VX_SUBSYSTEM "slab"
#include "kernel/mm/slab.h"

#include <stdbool.h>

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/poison.h"
#include "lib/assert.h"
#include "lib/string.h"

#define SLAB_MIN_OBJS   8u /* a slab holds at least this many objects (when they fit at all) */
#define SLAB_WASTE_DIV  8u /* header, index stack and leftover: at most 1/8 of the slab */
#define SLAB_MAX_SIZE   ((FRAME_SIZE << PARAM_FRAME_MAX_ORDER) / SLAB_MIN_OBJS)
#define SLAB_MIN_ALIGN  8u         /* also the granule of the host's memory checker */
#define SLAB_MAX_OBJS   UINT16_MAX /* free indices are uint16_t */
#define KMALLOC_CLASSES 8u         /* 16, 32, ..., 2048 */
#define MAG_HALF        (PARAM_SLAB_MAGAZINE / 2u)

/* Lives at the start of its slab. Lock key as in slab.h. */
struct slab {
    struct list_node link;    /* (l) on the cache's partial, full or empty list */
    struct slab_cache *cache; /* (c) */
    uint32_t nfree;           /* (l) entries on free_idx */
    uint32_t pad;
    uint16_t free_idx[]; /* (l) indices of free objects; the top is free_idx[nfree - 1] */
};

static struct spinlock slab_caches_lock = SPINLOCK_INIT("slab_caches_lock");
static struct list_node slab_caches = LIST_HEAD_INIT(slab_caches); /* (g) every cache */
static struct slab_cache cache_cache; /* "slab_cache": where every other cache comes from */
static struct slab_cache *kmalloc_caches[KMALLOC_CLASSES]; /* set by slab_init */
static const char *const kmalloc_names[KMALLOC_CLASSES] = {
    "kmalloc-16",  "kmalloc-32",  "kmalloc-64",   "kmalloc-128",
    "kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};

static uint64_t align_up(uint64_t x, uint64_t align)
{
    return (x + align - 1) & ~(align - 1);
}

static uint64_t slab_bytes(const struct slab_cache *c)
{
    return (uint64_t)FRAME_SIZE << c->slab_order;
}

static void *obj_at(const struct slab_cache *c, struct slab *s, uint32_t idx)
{
    return (char *)s + c->first_offset + (uint64_t)idx * c->obj_size;
}

/* The calling vCPU's magazine of c, or NULL on a host thread that is not a vCPU. */
static struct slab_magazine *my_magazine(struct slab_cache *c)
{
    uint32_t cpu = hio_cpu_self();
    return cpu < PARAM_MAX_CPUS ? &c->mag[cpu] : NULL;
}

/* A magazine's count is written by its vCPU and read by slab_cache_get_stats and destroy on
 * others, so it is accessed atomically (relaxed: it is a statistic until destroy, whose
 * caller guarantees the owners are idle). */
static void mag_set_count(struct slab_magazine *m, uint32_t n)
{
    __atomic_store_n(&m->count, n, __ATOMIC_RELAXED);
}

static uint32_t mag_count(const struct slab_magazine *m)
{
    return __atomic_load_n(&m->count, __ATOMIC_RELAXED);
}

/* ---- layout ----------------------------------------------------------------------------- */

/* How many objects fit in a slab of `bytes`; *first is where object 0 starts. */
static uint32_t objs_that_fit(uint64_t bytes, uint32_t size, uint32_t align, uint32_t *first)
{
    uint64_t n = (bytes - sizeof(struct slab)) / (size + sizeof(uint16_t));
    if (n > SLAB_MAX_OBJS)
        n = SLAB_MAX_OBJS;
    while (n > 0 && align_up(sizeof(struct slab) + n * sizeof(uint16_t), align) + n * size > bytes)
        n--;
    *first = (uint32_t)align_up(sizeof(struct slab) + n * sizeof(uint16_t), align);
    return (uint32_t)n;
}

/* Pick slab_order, objs_per_slab and first_offset of c: the smallest order with enough
 * objects and little waste; failing that the least wasteful order with enough objects;
 * failing that (objects near SLAB_MAX_SIZE, where the header leaves room for 7) the largest.
 * Waste is what no object uses: the header, padding and the leftover at the end. An object's
 * free index is part of its cost, or no layout of 8-byte objects could ever be good enough. */
static void choose_layout(struct slab_cache *c, uint32_t align)
{
    bool have_best = false;
    uint64_t best_waste = 0, best_bytes = 1;
    for (unsigned order = 0; order <= PARAM_FRAME_MAX_ORDER; order++) {
        uint64_t bytes = (uint64_t)FRAME_SIZE << order;
        uint32_t first;
        uint32_t n = objs_that_fit(bytes, c->obj_size, align, &first);
        uint64_t waste = bytes - (uint64_t)n * (c->obj_size + sizeof(uint16_t));
        bool enough = n >= SLAB_MIN_OBJS;
        bool better = !have_best || waste * best_bytes < best_waste * bytes;
        if ((enough && better) || (!have_best && order == PARAM_FRAME_MAX_ORDER)) {
            c->slab_order = order;
            c->objs_per_slab = n;
            c->first_offset = first;
            have_best = enough;
            best_waste = waste;
            best_bytes = bytes;
        }
        if (enough && waste * SLAB_WASTE_DIV <= bytes)
            break;
    }
    VX_ASSERT(c->objs_per_slab >= 1);
}

/* ---- slabs (all: caller must hold c->lock) ---------------------------------------------- */

static struct slab *slab_grow(struct slab_cache *c)
{
    struct slab *s = frame_alloc(c->slab_order);
    if (!s)
        return NULL;
    s->cache = c;
    s->nfree = c->objs_per_slab;
    list_init(&s->link);
    for (uint32_t i = 0; i < c->objs_per_slab; i++)
        s->free_idx[i] = (uint16_t)(c->objs_per_slab - 1 - i); /* object 0 on top */
    struct frame *f = frame_of(s);
    for (uint64_t i = 0; i < (1ull << c->slab_order); i++) {
        f[i].use = FRAME_SLAB;
        f[i].owner = s;
    }
    mm_poison((char *)s + c->first_offset, slab_bytes(c) - c->first_offset);
    c->nslabs++;
    return s;
}

static void slab_release(struct slab_cache *c, struct slab *s)
{
    list_remove(&s->link);
    /* Hand the frames back as frame_alloc gave them: head allocated, the rest tails. */
    struct frame *f = frame_of(s);
    for (uint64_t i = 0; i < (1ull << c->slab_order); i++) {
        f[i].use = i == 0 ? FRAME_ALLOCATED : FRAME_TAIL;
        f[i].owner = NULL;
    }
    c->nslabs--;
    frame_free(s, c->slab_order);
}

/* Take one free object out of the slabs (still poisoned), or NULL if no memory is left. */
static void *slab_take(struct slab_cache *c)
{
    struct slab *s;
    if (!list_empty(&c->partial))
        s = list_entry(c->partial.next, struct slab, link);
    else if (!list_empty(&c->empty))
        s = list_entry(c->empty.next, struct slab, link);
    else if (!(s = slab_grow(c)))
        return NULL;
    bool was_empty = s->nfree == c->objs_per_slab;
    uint32_t idx = s->free_idx[--s->nfree];
    if (s->nfree == 0 || was_empty) {
        list_remove(&s->link);
        list_push_front(s->nfree ? &c->partial : &c->full, &s->link);
    }
    c->allocs++;
    c->active++;
    return obj_at(c, s, idx);
}

/* Return a (poisoned) object to its slab; keep one empty slab, free any other. */
static void slab_give(struct slab_cache *c, void *obj)
{
    struct slab *s = frame_of(obj)->owner;
    uint64_t offset = (uint64_t)((char *)obj - (char *)obj_at(c, s, 0));
    uint32_t idx = (uint32_t)(offset / c->obj_size);
    VX_ASSERT(offset % c->obj_size == 0 && idx < c->objs_per_slab); /* a real object */
    VX_ASSERT(s->nfree < c->objs_per_slab);
    bool was_full = s->nfree == 0;
    s->free_idx[s->nfree++] = (uint16_t)idx;
    c->frees++;
    c->active--;
    if (s->nfree == c->objs_per_slab) {
        if (list_empty(&c->empty)) {
            list_remove(&s->link);
            list_push_front(&c->empty, &s->link);
        } else {
            slab_release(c, s);
        }
    } else if (was_full) {
        list_remove(&s->link);
        list_push_front(&c->partial, &s->link);
    }
}

/* A kernel bug if obj is not in a slab of c. That an object starts exactly on an object
 * boundary needs a division, so slab_give checks it when the object goes back to its slab
 * (at the latest when a magazine is flushed) instead of on every free. */
static void check_object(struct slab_cache *c, const void *obj)
{
    VX_ASSERT(obj != NULL);
    struct frame *f = frame_of(obj);
    VX_ASSERT(f->use == FRAME_SLAB);
    struct slab *s = f->owner;
    VX_ASSERT(s->cache == c);
    VX_ASSERT((uintptr_t)obj >= (uintptr_t)obj_at(c, s, 0));
}

/* ---- magazines -------------------------------------------------------------------------- */

/* Fill an empty magazine halfway from the slabs. Caller must hold c->lock. */
static void mag_refill(struct slab_cache *c, struct slab_magazine *m)
{
    VX_ASSERT(spin_held(&c->lock));
    uint32_t n = m->count;
    while (n < MAG_HALF) {
        void *obj = slab_take(c);
        if (!obj)
            break;
        m->objs[n++] = obj;
    }
    mag_set_count(m, n);
}

/* Give the n oldest objects of m back to the slabs. Caller must hold c->lock. */
static void mag_flush(struct slab_cache *c, struct slab_magazine *m, uint32_t n)
{
    VX_ASSERT(spin_held(&c->lock));
    uint32_t count = m->count;
    VX_ASSERT(n <= count);
    for (uint32_t i = 0; i < n; i++)
        slab_give(c, m->objs[i]);
    vx_memmove(&m->objs[0], &m->objs[n], (count - n) * sizeof m->objs[0]);
    mag_set_count(m, count - n);
}

/* Objects handed out and not given back. Caller must hold c->lock. Other vCPUs' magazines
 * are read one after another while they may change, so an object that moves from one to
 * another in between can count twice: the result is exact only when they are idle. */
static uint64_t outstanding(struct slab_cache *c)
{
    uint64_t in_mags = 0;
    for (unsigned cpu = 0; cpu < PARAM_MAX_CPUS; cpu++)
        in_mags += mag_count(&c->mag[cpu]);
    return in_mags < c->active ? c->active - in_mags : 0;
}

/* ---- caches ----------------------------------------------------------------------------- */

static void cache_setup(struct slab_cache *c, const char *name, size_t size, size_t align)
{
    vx_memset(c, 0, sizeof *c);
    vx_strlcpy(c->name, name, sizeof c->name);
    spin_init(&c->lock, c->name);
    c->obj_size = (uint32_t)align_up(size, align);
    choose_layout(c, (uint32_t)align);
    list_init(&c->partial);
    list_init(&c->full);
    list_init(&c->empty);
    list_init(&c->all_link);
}

static bool is_builtin_cache(const struct slab_cache *c)
{
    if (c == &cache_cache)
        return true;
    for (unsigned i = 0; i < KMALLOC_CLASSES; i++)
        if (c == kmalloc_caches[i])
            return true;
    return false;
}

vx_status_t slab_init(void)
{
    vx_status_t st = VX_OK;
    unsigned made = 0;
    spin_init(&slab_caches_lock, "slab_caches_lock");
    list_init(&slab_caches);
    vx_memset(kmalloc_caches, 0, sizeof kmalloc_caches);
    cache_setup(&cache_cache, "slab_cache", sizeof(struct slab_cache),
                _Alignof(struct slab_cache) > SLAB_MIN_ALIGN ? _Alignof(struct slab_cache)
                                                             : SLAB_MIN_ALIGN);
    list_push_back(&slab_caches, &cache_cache.all_link);
    for (made = 0; made < KMALLOC_CLASSES; made++) {
        size_t size = (size_t)KMALLOC_MIN << made;
        /* Aligned to their size, as callers of a power-of-two buffer may expect. */
        struct slab_cache *c = slab_cache_create(kmalloc_names[made], size, size, &st);
        if (!c)
            goto out_destroy;
        kmalloc_caches[made] = c;
    }
    return VX_OK;

out_destroy:
    while (made-- > 0) {
        struct slab_cache *c = kmalloc_caches[made];
        kmalloc_caches[made] = NULL;
        vx_status_t dst = slab_cache_destroy(c);
        VX_ASSERT(dst == VX_OK);
    }
    return st;
}

struct slab_cache *slab_cache_create(const char *name, size_t size, size_t align, vx_status_t *st)
{
    vx_status_t status = VX_OK;
    struct slab_cache *c = NULL;
    if (align == 0)
        align = SLAB_MIN_ALIGN;
    if (!name || size == 0 || size > SLAB_MAX_SIZE || (align & (align - 1)) != 0 ||
        align > FRAME_SIZE) {
        status = VX_EINVAL;
        goto out;
    }
    if (align < SLAB_MIN_ALIGN)
        align = SLAB_MIN_ALIGN;
    c = slab_alloc(&cache_cache);
    if (!c) {
        status = VX_ENOMEM;
        goto out;
    }
    cache_setup(c, name, size, align);
    spin_lock(&slab_caches_lock);
    list_push_back(&slab_caches, &c->all_link);
    spin_unlock(&slab_caches_lock);
out:
    if (st)
        *st = status;
    return c;
}

vx_status_t slab_cache_destroy(struct slab_cache *c)
{
    vx_status_t st = VX_OK;
    VX_ASSERT(!is_builtin_cache(c)); /* kmalloc and slab_create depend on them */
    struct slab_magazine *mine = my_magazine(c);
    spin_lock(&slab_caches_lock);
    spin_lock(&c->lock);
    if (mine)
        mag_flush(c, mine, mine->count);
    if (outstanding(c) != 0) {
        st = VX_EBUSY;
        goto out_unlock;
    }
    /* Every object out of the slabs sits in a magazine, so no vCPU has anything of this cache
     * and none may call into it while it is destroyed: their magazines are idle. */
    for (unsigned cpu = 0; cpu < PARAM_MAX_CPUS; cpu++)
        mag_flush(c, &c->mag[cpu], c->mag[cpu].count);
    VX_ASSERT(c->active == 0 && list_empty(&c->partial) && list_empty(&c->full));
    while (!list_empty(&c->empty))
        slab_release(c, list_entry(c->empty.next, struct slab, link));
    VX_ASSERT(c->nslabs == 0);
    list_remove(&c->all_link);
    spin_unlock(&c->lock);
    spin_unlock(&slab_caches_lock);
    slab_free(&cache_cache, c);
    return VX_OK;

out_unlock:
    spin_unlock(&c->lock);
    spin_unlock(&slab_caches_lock);
    return st;
}

/* Allocation when the calling vCPU's magazine is empty, or the caller is not a vCPU (m NULL):
 * refill the magazine from the slabs, or take straight from them. Out of line, so that the
 * fast path in slab_alloc stays a few instructions without register saves. */
__attribute__((noinline)) static void *alloc_slow(struct slab_cache *c, struct slab_magazine *m)
{
    void *obj = NULL;
    spin_lock(&c->lock);
    if (m) {
        mag_refill(c, m);
        if (m->count) {
            obj = m->objs[m->count - 1];
            mag_set_count(m, m->count - 1);
        }
    } else {
        obj = slab_take(c);
    }
    if (!obj)
        c->failures++;
    spin_unlock(&c->lock);
    if (obj)
        mm_unpoison(obj, c->obj_size);
    return obj;
}

void *slab_alloc(struct slab_cache *c)
{
    struct slab_magazine *m = my_magazine(c);
    uint32_t n = m ? m->count : 0;
    if (n == 0)
        return alloc_slow(c, m);
    void *obj = m->objs[n - 1];
    mag_set_count(m, n - 1);
    mm_unpoison(obj, c->obj_size);
    return obj;
}

void *slab_zalloc(struct slab_cache *c)
{
    void *obj = slab_alloc(c);
    if (obj)
        vx_memset(obj, 0, c->obj_size);
    return obj;
}

/* Free when the calling vCPU's magazine is full (flush half of it first), or the caller is
 * not a vCPU (m NULL: straight to the slab). */
__attribute__((noinline)) static void free_slow(struct slab_cache *c, struct slab_magazine *m,
                                                void *obj)
{
    spin_lock(&c->lock);
    if (m)
        mag_flush(c, m, MAG_HALF);
    else
        slab_give(c, obj);
    spin_unlock(&c->lock);
    if (m) {
        m->objs[m->count] = obj;
        mag_set_count(m, m->count + 1);
    }
}

void slab_free(struct slab_cache *c, void *obj)
{
    check_object(c, obj);
    if (mm_poisoning) {
        /* Read one byte: a free object is poisoned, so on a double free the host's checker
         * (ASan, Valgrind) stops right here instead of two allocations sharing the object. */
        volatile char probe = *(volatile const char *)obj; /* stored: Valgrind drops dead loads */
        (void)probe;
        hio_mem_poison(obj, c->obj_size);
    }
    struct slab_magazine *m = my_magazine(c);
    uint32_t n = m ? m->count : PARAM_SLAB_MAGAZINE;
    if (n == PARAM_SLAB_MAGAZINE) {
        free_slow(c, m, obj);
        return;
    }
    m->objs[n] = obj;
    mag_set_count(m, n + 1);
}

void slab_cpu_drain(void)
{
    uint32_t cpu = hio_cpu_self();
    if (cpu >= PARAM_MAX_CPUS)
        return;
    struct list_node *n;
    spin_lock(&slab_caches_lock);
    list_for_each(n, &slab_caches)
    {
        struct slab_cache *c = list_entry(n, struct slab_cache, all_link);
        if (c->mag[cpu].count == 0)
            continue;
        spin_lock(&c->lock);
        mag_flush(c, &c->mag[cpu], c->mag[cpu].count);
        spin_unlock(&c->lock);
    }
    spin_unlock(&slab_caches_lock);
}

void slab_cache_get_stats(struct slab_cache *c, struct slab_stats *out)
{
    vx_memset(out, 0, sizeof *out);
    spin_lock(&c->lock);
    vx_memcpy(out->name, c->name, sizeof out->name);
    out->obj_size = c->obj_size;
    out->nslabs = c->nslabs;
    out->active = outstanding(c); /* magazine objects count as free */
    out->capacity = c->nslabs * c->objs_per_slab;
    out->allocs = c->allocs;
    out->frees = c->frees;
    out->failures = c->failures;
    spin_unlock(&c->lock);
}

void slab_for_each_cache(void (*fn)(struct slab_cache *c, void *arg), void *arg)
{
    struct list_node *n;
    spin_lock(&slab_caches_lock);
    list_for_each(n, &slab_caches)
    {
        fn(list_entry(n, struct slab_cache, all_link), arg);
    }
    spin_unlock(&slab_caches_lock);
}

/* ---- kmalloc ---------------------------------------------------------------------------- */

static void *kmalloc_large(size_t size)
{
    unsigned order = 0;
    while (order <= PARAM_FRAME_MAX_ORDER && ((uint64_t)FRAME_SIZE << order) < size)
        order++;
    if (order > PARAM_FRAME_MAX_ORDER)
        return NULL;
    char *p = frame_alloc(order);
    if (!p)
        return NULL;
    frame_of(p)->use = FRAME_KMALLOC; /* frame_alloc recorded the order */
    /* Bytes past the request stay poisoned, so an overrun is caught by the host's checker. */
    mm_poison(p + size, ((uint64_t)FRAME_SIZE << order) - size);
    return p;
}

void *kmalloc(size_t size)
{
    if (size == 0)
        return NULL;
    if (size > KMALLOC_MAX)
        return kmalloc_large(size);
    unsigned cls = 0;
    while (((size_t)KMALLOC_MIN << cls) < size)
        cls++;
    struct slab_cache *c = kmalloc_caches[cls];
    char *p = slab_alloc(c);
    if (p && size < c->obj_size)
        mm_poison(p + size, c->obj_size - size);
    return p;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        vx_memset(p, 0, size);
    return p;
}

/* Any slab object may come back through kfree: its slab knows its cache. */
void kfree(void *p)
{
    if (!p)
        return;
    struct frame *f = frame_of(p);
    if (f->use == FRAME_SLAB) {
        struct slab *s = f->owner;
        slab_free(s->cache, p);
        return;
    }
    VX_ASSERT(f->use == FRAME_KMALLOC && p == frame_addr(f));
    f->use = FRAME_ALLOCATED;
    frame_free(p, f->order);
}

uint64_t slab_reclaim(void)
{
    uint64_t frames = 0;
    struct list_node *n;
    spin_lock(&slab_caches_lock);
    list_for_each(n, &slab_caches) {
        struct slab_cache *c = list_entry(n, struct slab_cache, all_link);
        spin_lock(&c->lock);
        while (!list_empty(&c->empty)) {
            slab_release(c, list_entry(c->empty.next, struct slab, link));
            frames += 1ull << c->slab_order;
        }
        spin_unlock(&c->lock);
    }
    spin_unlock(&slab_caches_lock);
    return frames;
}
