/*
 * mm/frame.h - the frame allocator: physical memory in 4 KiB frames, handed out in
 * power-of-two blocks by a buddy system.
 *
 * Physical memory is the region hostio maps (hio_mem_map). A physical address is an offset
 * into it; the kernel reaches a frame through its host address ("kernel virtual address"),
 * and the two convert with frame_paddr() / frame_vaddr().
 *
 * Blocks have orders 0..PARAM_FRAME_MAX_ORDER (4 KiB .. 4 MiB) and are aligned to their size
 * in physical address space. Freeing merges a block with its buddy while the buddy is free.
 * Metadata (one struct frame per frame) lives at the start of the region itself and is
 * reserved, so nothing but the region is used. Free frames are poisoned for the host's memory
 * checker (hio_mem_poison), so a use after free is caught under ASan and Valgrind.
 *
 * Each vCPU keeps a small cache of order-0 frames (refilled and drained PARAM_FRAME_PCP_BATCH
 * at a time) that it touches without a lock; kernel code is never preempted, so the cache
 * cannot change under it. Host threads that are not vCPUs (unit tests) bypass the caches.
 *
 * Locks: frame_lock (one, global) protects the free lists and every struct frame of a free
 *   block. A block's struct frames belong to its owner while it is allocated.
 * Failure: frame_alloc returns NULL when no block of the order is left (never panics).
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/param.h"
#include "lib/assert.h"
#include "lib/list.h"
#include "vx/status.h"

#define FRAME_SIZE   4096u
#define FRAME_SHIFT  12u
#define FRAME_ORDERS (PARAM_FRAME_MAX_ORDER + 1u)

typedef uint64_t paddr_t;

/* What a frame is used for (struct frame.use). */
enum frame_use {
    FRAME_FREE = 0,   /* head of a free block (order tells its size) or inside one */
    FRAME_RESERVED,   /* metadata, never allocatable */
    FRAME_ALLOCATED,  /* head of a block handed out by frame_alloc */
    FRAME_TAIL,       /* a frame inside an allocated or free block, not its head */
    FRAME_SLAB,       /* part of a slab: owner is the struct slab */
    FRAME_KMALLOC,    /* head of a large kmalloc block: order tells its size */
};

/* One per frame of physical memory. */
struct frame {
    struct list_node link; /* free list of its order (head of a free block only) */
    void *owner;           /* FRAME_SLAB: the slab this frame belongs to */
    uint8_t use;           /* enum frame_use */
    uint8_t order;         /* order of the block this frame heads */
    uint8_t cached;        /* on a per-vCPU cache (counts as allocated for the buddy) */
    uint8_t buddy_head;    /* private to frame.c, frame_lock: heads a block on a free list */
    /* Owned by the VMO layer for order-0 frames holding guest pages (0 when allocated): */
    _Atomic uint16_t shares; /* VMOs sharing this page copy-on-write, beyond the first */
    _Atomic uint8_t decoded; /* was mapped executable: may sit in a hart's decoded cache */
    uint8_t pad;
};
_Static_assert(sizeof(struct frame) == 32, "struct frame is 32 bytes");

struct frame_stats {
    uint64_t total_frames;     /* frames in the region */
    uint64_t reserved_frames;  /* metadata */
    uint64_t free_frames;      /* in the buddy free lists plus the per-vCPU caches */
    uint64_t cached_frames;    /* in per-vCPU caches */
    uint64_t free_blocks[FRAME_ORDERS]; /* free blocks per order */
    uint64_t allocs, frees;    /* calls that succeeded */
    uint64_t failures;         /* frame_alloc calls that found nothing */
};

/* Take over [base, base+bytes) as physical memory (bytes: a multiple of FRAME_SIZE, at least
 * VX_MEM_MIN, base page aligned). Discards any earlier state (unit tests call it repeatedly).
 * Returns VX_EINVAL for a region too small or misaligned. */
vx_status_t frame_init(void *base, uint64_t bytes);

/* Allocate a block of 2^order frames, aligned to its size. Returns its kernel address, or
 * NULL when no block is free (counted in failures). Caller owns the block.
 * order must be <= PARAM_FRAME_MAX_ORDER (asserted: a larger order is a kernel bug). */
void *frame_alloc(unsigned order);
/* As frame_alloc, and zero the block. */
void *frame_zalloc(unsigned order);
/* Give back a block from frame_alloc with the same order. Takes ownership. */
void frame_free(void *block, unsigned order);

/* A physically contiguous run of `nframes` frames (at least 1), for boot-time copies larger
 * than one block (the initrd). Each frame of the run is an order-0 allocation of its own, so
 * it is given back one frame at a time with frame_free(p, 0) and can be handed over page by
 * page. The run is carved from adjacent free max-order blocks, the unused tail of the last
 * one going back to the free lists; returns NULL (counted in failures) when no such stretch
 * is free. Scans the region: O(frames / 2^PARAM_FRAME_MAX_ORDER). */
void *frame_alloc_contig(uint64_t nframes);

/* Return the calling vCPU's cached frames to the buddy lists (for statistics and tests). */
void frame_cpu_drain(void);

/* The region frame_init took over; read-only for everyone else. Public so that the
 * translations below inline: frame_of() is on the slab allocator's free path. */
struct frame_region {
    uint8_t *base;        /* (c) host address of physical address 0 */
    uint64_t bytes;       /* (c) */
    uint64_t nframes;     /* (c) */
    uint64_t nreserved;   /* (c) frames holding the struct frame array */
    struct frame *frames; /* (c) one per frame, at base */
};
extern struct frame_region frame_region; /* (c) constant after frame_init */

#define FRAME_CHECK(cond) ((cond) ? (void)0 : vx_assert_fail("frame", #cond, __FILE__, __LINE__))

static inline bool frame_in_region(const void *addr)
{
    uintptr_t a = (uintptr_t)addr, b = (uintptr_t)frame_region.base;
    return frame_region.base != NULL && a >= b && a - b < frame_region.bytes;
}

/* Translation. Each asserts that its argument lies inside the region. */
static inline struct frame *frame_of(const void *addr)
{
    FRAME_CHECK(frame_in_region(addr));
    return &frame_region.frames[((uintptr_t)addr - (uintptr_t)frame_region.base) >> FRAME_SHIFT];
}

static inline paddr_t frame_paddr(const void *addr)
{
    FRAME_CHECK(frame_in_region(addr));
    return (paddr_t)((uintptr_t)addr - (uintptr_t)frame_region.base);
}

static inline void *frame_vaddr(paddr_t pa)
{
    FRAME_CHECK(pa < frame_region.bytes);
    return frame_region.base + pa;
}

void *frame_addr(const struct frame *f);

void frame_get_stats(struct frame_stats *out);

#endif /* MM_FRAME_H */
