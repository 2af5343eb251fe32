/*
 * mm/frame.c - the buddy frame allocator (contract in frame.h).
 *
 * frame_init reserves the struct frame array at the start of the region and lays the rest out
 * as the largest aligned blocks that fit, writing only their heads: a max-order block's other
 * struct frames are cleared when it leaves the free lists, so boot commits one metadata page
 * per 4 MiB. Alloc takes the smallest non-empty order and splits off upper halves; free merges
 * with the buddy (index ^ 2^order) while it heads a free block of the same order. That is
 * struct frame.buddy_head, written only under frame_lock: the other fields of an allocated
 * block belong to its owner and change without the lock. Single frames go through per-vCPU
 * caches first, refilled and drained in batches.
 */
#define VX_SUBSYSTEM "frame"
#include "kernel/mm/frame.h"
#include "kernel/mm/poison.h"

#include <stdatomic.h>

#include "hostio.h"
#include "lib/assert.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "vx/boot.h"

/* Lock key: (c) set by frame_init before any vCPU runs, constant after; (f) frame_lock;
 * (v) written only by the owning vCPU (refill and drain also hold frame_lock), atomics so
 * that statistics may read them from anywhere. */
bool mm_poisoning; /* see mm/poison.h */
static struct spinlock frame_lock = SPINLOCK_INIT("frame_lock");

struct frame_region frame_region;

static struct {
    struct list_node free_list[FRAME_ORDERS]; /* (f) heads of free blocks, per order */
    uint64_t free_blocks[FRAME_ORDERS];       /* (f) */
    uint64_t free_frames;                     /* (f) frames on the free lists */
    uint64_t allocs, frees;                   /* (f) calls served by the locked path */
    uint64_t failures;                        /* (f) every failed frame_alloc */
} buddy;

/* A vCPU's cache of free single frames, linked through struct frame.link. Cached frames are
 * FRAME_FREE with cached = 1 and buddy_head = 0, so the buddy never merges with them. */
struct frame_pcp {
    _Alignas(64) struct list_node frames; /* (v) most recently freed first */
    _Atomic uint32_t count;               /* (v) */
    _Atomic uint64_t allocs, frees;       /* (v) calls served by this cache */
};
static struct frame_pcp pcp[PARAM_MAX_CPUS];

static uint64_t block_bytes(unsigned order)
{
    return (uint64_t)FRAME_SIZE << order;
}

static uint64_t frame_index(const struct frame *f)
{
    return (uint64_t)(f - frame_region.frames);
}

/* The calling vCPU's cache, or NULL on a host thread that is not a vCPU. */
static struct frame_pcp *my_pcp(void)
{
    uint32_t cpu = hio_cpu_self();
    return cpu < PARAM_MAX_CPUS ? &pcp[cpu] : NULL;
}

/* ---- the buddy lists (all: caller must hold frame_lock) --------------------------------- */

static void buddy_push(struct frame *f, unsigned order)
{
    f->use = FRAME_FREE;
    f->order = (uint8_t)order;
    f->cached = 0;
    f->buddy_head = 1;
    f->owner = NULL;
    list_push_front(&buddy.free_list[order], &f->link);
    buddy.free_blocks[order]++;
    buddy.free_frames += 1ull << order;
}

static void buddy_unlink(struct frame *f)
{
    list_remove(&f->link);
    f->buddy_head = 0;
    buddy.free_blocks[f->order]--;
    buddy.free_frames -= 1ull << f->order;
}

/* Take a block of `order` off the free lists, splitting a larger one if needed. Returns its
 * head marked FRAME_ALLOCATED, or NULL. Caller must hold frame_lock. */
static struct frame *buddy_take(unsigned order)
{
    VX_ASSERT(spin_held(&frame_lock));
    unsigned o = order;
    while (o < FRAME_ORDERS && list_empty(&buddy.free_list[o]))
        o++;
    if (o == FRAME_ORDERS)
        return NULL;
    struct frame *f = list_entry(buddy.free_list[o].next, struct frame, link);
    buddy_unlink(f);
    /* Only the head of a max-order block is kept up to date on the free lists (frame_init
     * writes no other); the others are cleared as the block is split or handed out. */
    if (o == PARAM_FRAME_MAX_ORDER)
        vx_memset(f, 0, sizeof *f << o);
    /* Invariant: [f, f + 2^o) is free and on no list; keep the lower half, free the upper. */
    while (o > order) {
        o--;
        buddy_push(f + (1u << o), o);
    }
    f->use = FRAME_ALLOCATED;
    f->order = (uint8_t)order;
    return f;
}

/* Put the block headed by f (already poisoned) on the free lists, merged with its buddies.
 * Caller must hold frame_lock. */
static void buddy_give(struct frame *f, unsigned order)
{
    VX_ASSERT(spin_held(&frame_lock));
    uint64_t idx = frame_index(f);
    /* Invariant: [idx, idx + 2^order) is free, poisoned and on no list. Only buddy_head and,
     * when it is set, order of the buddy are read: the rest may belong to an owner. */
    while (order < PARAM_FRAME_MAX_ORDER) {
        uint64_t b = idx ^ (1ull << order);
        if (b >= frame_region.nframes)
            break;
        struct frame *bf = &frame_region.frames[b];
        if (!bf->buddy_head || bf->order != order)
            break;
        buddy_unlink(bf);
        frame_region.frames[idx | (1ull << order)].use = FRAME_TAIL; /* no longer a head */
        idx &= ~(1ull << order);
        order++;
    }
    buddy_push(&frame_region.frames[idx], order);
}

/* ---- per-vCPU caches -------------------------------------------------------------------- */

/* Move up to n single frames from the free lists to p. Caller must hold frame_lock. */
static void pcp_refill(struct frame_pcp *p, unsigned n)
{
    VX_ASSERT(spin_held(&frame_lock));
    for (unsigned i = 0; i < n; i++) {
        struct frame *f = buddy_take(0);
        if (!f)
            break;
        f->use = FRAME_FREE;
        f->cached = 1;
        list_push_front(&p->frames, &f->link);
        atomic_fetch_add_explicit(&p->count, 1, memory_order_relaxed);
    }
}

/* Give up to n of p's frames back to the free lists, least recently freed first.
 * Caller must hold frame_lock. */
static void pcp_drain(struct frame_pcp *p, unsigned n)
{
    VX_ASSERT(spin_held(&frame_lock));
    for (unsigned i = 0; i < n && !list_empty(&p->frames); i++) {
        struct list_node *last = p->frames.prev;
        list_remove(last);
        atomic_fetch_sub_explicit(&p->count, 1, memory_order_relaxed);
        struct frame *f = list_entry(last, struct frame, link);
        f->cached = 0;
        buddy_give(f, 0);
    }
}

static struct frame *pcp_alloc(struct frame_pcp *p)
{
    if (list_empty(&p->frames)) {
        spin_lock(&frame_lock);
        pcp_refill(p, PARAM_FRAME_PCP_BATCH);
        bool got = !list_empty(&p->frames);
        if (!got)
            buddy.failures++;
        spin_unlock(&frame_lock);
        if (!got)
            return NULL;
    }
    struct frame *f = list_entry(list_pop_front(&p->frames), struct frame, link);
    atomic_fetch_sub_explicit(&p->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&p->allocs, 1, memory_order_relaxed);
    f->cached = 0;
    f->use = FRAME_ALLOCATED;
    f->order = 0;
    return f;
}

static void pcp_free(struct frame_pcp *p, struct frame *f)
{
    f->use = FRAME_FREE;
    f->cached = 1;
    list_push_front(&p->frames, &f->link);
    atomic_fetch_add_explicit(&p->frees, 1, memory_order_relaxed);
    if (atomic_fetch_add_explicit(&p->count, 1, memory_order_relaxed) + 1 > PARAM_FRAME_PCP_HIGH) {
        spin_lock(&frame_lock);
        pcp_drain(p, PARAM_FRAME_PCP_BATCH);
        spin_unlock(&frame_lock);
    }
}

/* ---- the interface ---------------------------------------------------------------------- */

vx_status_t frame_init(void *base, uint64_t bytes)
{
    uintptr_t b = (uintptr_t)base;
    if (!base || b % FRAME_SIZE != 0 || bytes % FRAME_SIZE != 0 || bytes < VX_MEM_MIN ||
        b + bytes < b)
        return VX_EINVAL;

    uint64_t nframes = bytes >> FRAME_SHIFT;
    uint64_t meta = nframes * sizeof(struct frame);
    uint64_t nreserved = (meta + FRAME_SIZE - 1) >> FRAME_SHIFT;

    spin_init(&frame_lock, "frame_lock");
    mm_poisoning = hio_mem_checked();
    frame_region.base = base;
    frame_region.bytes = bytes;
    frame_region.nframes = nframes;
    frame_region.nreserved = nreserved;
    frame_region.frames = base;
    vx_memset(&buddy, 0, sizeof buddy);
    for (unsigned o = 0; o < FRAME_ORDERS; o++)
        list_init(&buddy.free_list[o]);
    for (unsigned cpu = 0; cpu < PARAM_MAX_CPUS; cpu++) {
        list_init(&pcp[cpu].frames);
        atomic_store_explicit(&pcp[cpu].count, 0, memory_order_relaxed);
        atomic_store_explicit(&pcp[cpu].allocs, 0, memory_order_relaxed);
        atomic_store_explicit(&pcp[cpu].frees, 0, memory_order_relaxed);
    }

    /* An earlier frame_init may have poisoned what is metadata now. */
    mm_unpoison(base, nreserved << FRAME_SHIFT);
    vx_memset(frame_region.frames, 0, nreserved * sizeof(struct frame));
    for (uint64_t i = 0; i < nreserved; i++)
        frame_region.frames[i].use = FRAME_RESERVED;
    mm_poison(frame_region.base + (nreserved << FRAME_SHIFT), bytes - (nreserved << FRAME_SHIFT));

    /* The largest blocks that are aligned to their size and fit. The struct frames of the few
     * smaller ones (next to the metadata, at the end) are cleared now; of a max-order block
     * only the head is written, the rest when buddy_take first splits it. Neither the free
     * memory nor most of the metadata is touched, so the host commits no pages for them. */
    spin_lock(&frame_lock);
    for (uint64_t i = nreserved; i < nframes;) {
        unsigned order = PARAM_FRAME_MAX_ORDER;
        while (order > 0 && ((i & ((1ull << order) - 1)) != 0 || i + (1ull << order) > nframes))
            order--;
        if (order < PARAM_FRAME_MAX_ORDER)
            vx_memset(&frame_region.frames[i], 0, sizeof(struct frame) << order);
        buddy_push(&frame_region.frames[i], order);
        i += 1ull << order;
    }
    spin_unlock(&frame_lock);
    return VX_OK;
}

void *frame_alloc(unsigned order)
{
    VX_ASSERT(order <= PARAM_FRAME_MAX_ORDER);
    VX_ASSERT(frame_region.frames != NULL); /* frame_init first */
    struct frame_pcp *p = order == 0 ? my_pcp() : NULL;
    struct frame *f;
    if (p) {
        f = pcp_alloc(p);
    } else {
        spin_lock(&frame_lock);
        f = buddy_take(order);
        if (f)
            buddy.allocs++;
        else
            buddy.failures++;
        spin_unlock(&frame_lock);
    }
    if (!f)
        return NULL;
    /* The block is ours now: mark its tails so that a pointer into it is never taken for a
     * head (frame_free and kfree assert on that). */
    for (uint64_t i = 1; i < (1ull << order); i++)
        f[i].use = FRAME_TAIL;
    void *block = frame_addr(f);
    mm_unpoison(block, block_bytes(order));
    return block;
}

/* The first stretch of `nblocks` adjacent free max-order blocks: the index of its first
 * frame, or UINT64_MAX. Reads only the heads at max-order boundaries: each is either a free
 * max-order block's head (buddy_head set, order max) or was cleared when its block was first
 * taken. Caller must hold frame_lock. */
static uint64_t find_free_blocks(uint64_t nblocks)
{
    VX_ASSERT(spin_held(&frame_lock));
    const uint64_t blk = 1ull << PARAM_FRAME_MAX_ORDER;
    uint64_t run = 0;
    for (uint64_t i = 0; i + blk <= frame_region.nframes; i += blk) {
        const struct frame *f = &frame_region.frames[i];
        run = f->buddy_head && f->order == PARAM_FRAME_MAX_ORDER ? run + 1 : 0;
        if (run == nblocks)
            return i + blk - nblocks * blk;
    }
    return UINT64_MAX;
}

void *frame_alloc_contig(uint64_t nframes)
{
    VX_ASSERT(frame_region.frames != NULL); /* frame_init first */
    const uint64_t blk = 1ull << PARAM_FRAME_MAX_ORDER;
    uint64_t nblocks = nframes / blk + (nframes % blk != 0);
    uint64_t start = UINT64_MAX;
    spin_lock(&frame_lock);
    if (nframes > 0 && nframes <= frame_region.nframes)
        start = find_free_blocks(nblocks);
    if (start == UINT64_MAX) {
        buddy.failures++;
        spin_unlock(&frame_lock);
        return NULL;
    }
    struct frame *f = &frame_region.frames[start];
    for (uint64_t b = 0; b < nblocks; b++) {
        buddy_unlink(f + b * blk);
        vx_memset(f + b * blk, 0, sizeof *f << PARAM_FRAME_MAX_ORDER);
    }
    for (uint64_t i = 0; i < nframes; i++)
        f[i].use = FRAME_ALLOCATED; /* order 0, not cached: frame_free(p, 0) takes it */
    /* The tail is still poisoned; it merges back into blocks as large as alignment allows. */
    for (uint64_t i = nframes; i < nblocks * blk; i++)
        buddy_give(f + i, 0);
    buddy.allocs += nframes;
    spin_unlock(&frame_lock);
    void *run = frame_addr(f);
    mm_unpoison(run, nframes << FRAME_SHIFT);
    return run;
}

void *frame_zalloc(unsigned order)
{
    void *block = frame_alloc(order);
    if (block)
        vx_memset(block, 0, block_bytes(order));
    return block;
}

void frame_free(void *block, unsigned order)
{
    VX_ASSERT(order <= PARAM_FRAME_MAX_ORDER);
    struct frame *f = frame_of(block);
    /* A double free, a wrong order or a pointer into a block is a kernel bug. */
    VX_ASSERT(block == frame_addr(f));
    VX_ASSERT(f->use == FRAME_ALLOCATED && !f->cached && f->order == order);
    /* A guest page still shared, or still possibly decoded by a hart, is the VMO layer's bug. */
    VX_ASSERT(!atomic_load_explicit(&f->shares, memory_order_relaxed) &&
              !atomic_load_explicit(&f->decoded, memory_order_relaxed));
    /* Poison while the block is still ours: once on a list another vCPU may take it. */
    mm_poison(block, block_bytes(order));
    struct frame_pcp *p = order == 0 ? my_pcp() : NULL;
    if (p) {
        pcp_free(p, f);
        return;
    }
    spin_lock(&frame_lock);
    buddy_give(f, order);
    buddy.frees++;
    spin_unlock(&frame_lock);
}

void frame_cpu_drain(void)
{
    struct frame_pcp *p = my_pcp();
    if (!p)
        return;
    spin_lock(&frame_lock);
    pcp_drain(p, ~0u);
    spin_unlock(&frame_lock);
}

void *frame_addr(const struct frame *f)
{
    uintptr_t p = (uintptr_t)f, lo = (uintptr_t)frame_region.frames;
    VX_ASSERT(p >= lo && (p - lo) / sizeof(struct frame) < frame_region.nframes);
    return frame_region.base + (frame_index(f) << FRAME_SHIFT);
}

void frame_get_stats(struct frame_stats *out)
{
    vx_memset(out, 0, sizeof *out);
    out->total_frames = frame_region.nframes;
    out->reserved_frames = frame_region.nreserved;
    /* Under frame_lock no refill or drain moves frames between the lists and the caches, so
     * the sum is consistent up to single-frame allocs and frees on other vCPUs. */
    spin_lock(&frame_lock);
    for (unsigned o = 0; o < FRAME_ORDERS; o++)
        out->free_blocks[o] = buddy.free_blocks[o];
    out->allocs = buddy.allocs;
    out->frees = buddy.frees;
    out->failures = buddy.failures;
    for (unsigned cpu = 0; cpu < PARAM_MAX_CPUS; cpu++) {
        out->cached_frames += atomic_load_explicit(&pcp[cpu].count, memory_order_relaxed);
        out->allocs += atomic_load_explicit(&pcp[cpu].allocs, memory_order_relaxed);
        out->frees += atomic_load_explicit(&pcp[cpu].frees, memory_order_relaxed);
    }
    out->free_frames = buddy.free_frames + out->cached_frames;
    spin_unlock(&frame_lock);
}
