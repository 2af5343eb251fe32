/*
 * mm/slab.h - the slab allocator: fixed-size kernel objects in named caches, and kmalloc.
 *
 * A cache hands out objects of one size. It carves slabs (blocks of frames from the frame
 * allocator) into objects and keeps slabs on three lists: full, partial, empty. A slab's
 * header sits at its start, followed by a stack of free object indices; free objects hold no
 * links, so they stay poisoned for the host's memory checker while free.
 *
 * In front of the slab lists each vCPU has a magazine of PARAM_SLAB_MAGAZINE free objects:
 * alloc pops from it and free pushes to it without a lock (kernel code is never preempted);
 * an empty magazine is refilled, a full one half-drained, under the cache lock. Host threads
 * that are not vCPUs go straight to the slab lists.
 *
 * kmalloc serves variable sizes: powers of two from 16 to 2048 bytes from caches named
 * "kmalloc-16" ... "kmalloc-2048", larger sizes as whole frame blocks.
 *
 * Locks: cache->lock protects its slab lists and counters; slab_caches_lock protects the list
 *   of all caches. Order: slab_caches_lock, then cache->lock, then frame_lock.
 * Failure: allocation returns NULL when the frame allocator has nothing left; nothing panics.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/param.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/status.h"

#define SLAB_NAME_LEN 24u
#define KMALLOC_MIN   16u
#define KMALLOC_MAX   2048u /* larger requests get whole frame blocks */

struct slab_magazine {
    uint32_t count;
    void *objs[PARAM_SLAB_MAGAZINE];
};

struct slab_cache {
    struct spinlock lock;
    char name[SLAB_NAME_LEN];
    uint32_t obj_size;         /* (c) constant after create, includes alignment padding */
    uint32_t objs_per_slab;    /* (c) */
    uint32_t slab_order;       /* (c) frames per slab = 2^slab_order */
    uint32_t first_offset;     /* (c) offset of object 0 from the slab start */
    struct list_node partial;  /* (l) slabs with some free objects */
    struct list_node full;     /* (l) slabs with none */
    struct list_node empty;    /* (l) slabs with all objects free (kept: one, at most) */
    struct list_node all_link; /* (g) slab_caches_lock: list of every cache */
    uint64_t nslabs;           /* (l) */
    uint64_t active;           /* (l) objects out of their slabs, magazines included */
    uint64_t allocs, frees;    /* (l) totals, updated when magazines exchange with slabs */
    uint64_t failures;         /* (l) allocations that found no memory */
    struct slab_magazine mag[PARAM_MAX_CPUS]; /* (v) its own vCPU (and destroy, see there) */
};
/* Lock key: (c) constant, (l) cache->lock, (g) slab_caches_lock, (v) owning vCPU only. */

struct slab_stats {
    char name[SLAB_NAME_LEN];
    uint32_t obj_size;
    uint64_t nslabs, active, capacity, allocs, frees, failures;
};

/* Set up the allocator's own caches and the kmalloc caches. Needs frame_init() first.
 * Discards earlier state (unit tests call it repeatedly). */
vx_status_t slab_init(void);

/* Create a cache of objects of `size` bytes aligned to `align` (a power of two, 0 = 8).
 * Returns NULL with *st = VX_ENOMEM or VX_EINVAL (size 0 or above 1/8 of 4 MiB). */
struct slab_cache *slab_cache_create(const char *name, size_t size, size_t align,
                                     vx_status_t *st);
/* Destroy an empty cache. Returns VX_EBUSY (and keeps the cache) if objects are still out.
 * Objects in magazines count as given back: if nothing else is out, destroy empties every
 * vCPU's magazine itself. That is safe because no vCPU may call into a cache while it is being
 * destroyed (the caller's duty, as for any object being destroyed), so the owners are idle;
 * while objects are out it touches no magazine but the calling vCPU's own. */
vx_status_t slab_cache_destroy(struct slab_cache *c);

/* Returns a new object (contents undefined / zeroed), or NULL when out of memory. */
void *slab_alloc(struct slab_cache *c);
void *slab_zalloc(struct slab_cache *c);
/* Give back an object of this cache. Takes ownership. */
void slab_free(struct slab_cache *c, void *obj);

/* Return the calling vCPU's magazine objects to their slabs (statistics and tests). */
void slab_cpu_drain(void);

/* Give the empty slab each cache keeps (to make the next allocation cheap) back to the frame
 * allocator, in every cache. For memory pressure, and for leak checks that count frames.
 * Returns the number of frames released. */
uint64_t slab_reclaim(void);

void slab_cache_get_stats(struct slab_cache *c, struct slab_stats *out);
/* Call fn for each cache, under slab_caches_lock (fn must not create or destroy caches). */
void slab_for_each_cache(void (*fn)(struct slab_cache *c, void *arg), void *arg);

/* Variable-size allocations. NULL on failure or size 0. kfree(NULL) does nothing. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif /* MM_SLAB_H */
