/*
 * frame_test.c - the buddy frame allocator over a 32 MiB host mapping.
 *
 * Each test gets a fresh region (Criterion runs every test in its own process). Tests on the
 * test's own thread take the locked path; the per-vCPU caches are exercised on real vCPUs
 * started with hio_cpu_start, whose entry functions record what they saw in globals that the
 * test checks after hio_cpu_join_all (an assertion on a vCPU thread could not stop the test).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "lib/prng.h"

#include "criterion_tsan.h"
#include "vcpu_runner.h"

#define REGION_BYTES  (32ull << 20)
#define REGION_FRAMES (REGION_BYTES / FRAME_SIZE)
#define MAX_ORDER     PARAM_FRAME_MAX_ORDER

static uint8_t *region;

static void region_setup(void)
{
    void *p = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert(p != MAP_FAILED, "expected a 32 MiB host mapping for the region");
    region = p;
    cr_assert_eq(frame_init(region, REGION_BYTES), VX_OK, "expected frame_init to accept 32 MiB");
}

static void region_teardown(void)
{
    hio_mem_unpoison(region, REGION_BYTES);
    munmap(region, REGION_BYTES);
}

TestSuite(frame, .init = region_setup, .fini = region_teardown, .timeout = 60);

static struct frame_stats stats(void)
{
    struct frame_stats s;
    frame_get_stats(&s);
    return s;
}

static uint64_t frames_in_free_lists(const struct frame_stats *s)
{
    uint64_t n = 0;
    for (unsigned o = 0; o < FRAME_ORDERS; o++)
        n += s->free_blocks[o] << o;
    return n;
}

static uint64_t frame_number(const void *block)
{
    return frame_paddr(block) / FRAME_SIZE;
}

/* Allocate order-`order` blocks until the allocator says no; returns how many, in *out. */
static size_t take_all(unsigned order, void **out, size_t cap)
{
    size_t n = 0;
    void *b;
    while (n < cap && (b = frame_alloc(order)) != NULL)
        out[n++] = b;
    return n;
}

/* ---- layout and translation ------------------------------------------------------------- */

Test(frame, init_reserves_the_metadata_and_frees_the_rest)
{
    struct frame_stats s = stats();
    uint64_t meta_frames = (REGION_FRAMES * sizeof(struct frame) + FRAME_SIZE - 1) / FRAME_SIZE;
    cr_expect_eq(s.total_frames, REGION_FRAMES, "expected %llu frames, got %llu",
                 (unsigned long long)REGION_FRAMES, (unsigned long long)s.total_frames);
    cr_expect_eq(s.reserved_frames, meta_frames, "expected %llu reserved frames, got %llu",
                 (unsigned long long)meta_frames, (unsigned long long)s.reserved_frames);
    cr_expect_eq(s.free_frames, s.total_frames - s.reserved_frames,
                 "expected every unreserved frame free after init");
    cr_expect_eq(frames_in_free_lists(&s), s.free_frames,
                 "expected the free lists to hold exactly the free frames");
    cr_expect_eq(s.free_blocks[MAX_ORDER], REGION_FRAMES / (1u << MAX_ORDER) - 1,
                 "expected all but the first 4 MiB as max-order blocks, got %llu",
                 (unsigned long long)s.free_blocks[MAX_ORDER]);
    cr_expect_eq(frame_of(region)->use, FRAME_RESERVED, "expected frame 0 reserved");
    cr_expect_eq(frame_of(region + (meta_frames - 1) * FRAME_SIZE)->use, FRAME_RESERVED,
                 "expected the last metadata frame reserved");
}

Test(frame, init_rejects_small_or_misaligned_regions)
{
    cr_expect_eq(frame_init(region, 8u << 20), VX_EINVAL, "expected 8 MiB to be too small");
    cr_expect_eq(frame_init(region + 1, 16u << 20), VX_EINVAL,
                 "expected a base that is not page aligned to be refused");
    cr_expect_eq(frame_init(region, (16u << 20) + 100), VX_EINVAL,
                 "expected a size that is not a multiple of 4 KiB to be refused");
    cr_expect_eq(frame_init(NULL, 16u << 20), VX_EINVAL, "expected a NULL base to be refused");
}

Test(frame, init_discards_whatever_the_region_held)
{
    static void *frames[REGION_FRAMES];
    struct frame_stats clean = stats();
    /* Garbage everywhere, metadata included, as a reused region might hold. */
    hio_mem_unpoison(region, REGION_BYTES);
    memset(region, 0xa5, REGION_BYTES);
    cr_assert_eq(frame_init(region, REGION_BYTES), VX_OK, "expected frame_init to succeed");
    struct frame_stats s = stats();
    cr_expect_eq(memcmp(s.free_blocks, clean.free_blocks, sizeof s.free_blocks), 0,
                 "expected the same free lists as on a clean region");
    size_t n = take_all(0, frames, REGION_FRAMES);
    cr_expect_eq(n, clean.free_frames, "expected every free frame allocatable, got %zu", n);
    for (size_t i = 0; i < n; i++)
        frame_free(frames[i], 0);
    s = stats();
    cr_expect_eq(memcmp(s.free_blocks, clean.free_blocks, sizeof s.free_blocks), 0,
                 "expected every frame merged back as on a clean region");
}

Test(frame, translations_round_trip)
{
    void *b = frame_alloc(2);
    cr_assert_not_null(b, "expected an order-2 block");
    cr_expect_eq(frame_vaddr(frame_paddr(b)), b, "expected vaddr(paddr(b)) == b");
    cr_expect_eq(frame_addr(frame_of(b)), b, "expected addr(frame_of(b)) == b");
    cr_expect_eq(frame_of((char *)b + 5000), frame_of(b) + 1,
                 "expected an address inside the second frame to map to its struct frame");
    cr_expect(frame_in_region(region) && frame_in_region(region + REGION_BYTES - 1),
              "expected both ends of the region inside it");
    cr_expect(!frame_in_region(region - 1) && !frame_in_region(region + REGION_BYTES),
              "expected the bytes around the region outside it");
    frame_free(b, 2);
}

Test(frame, frame_of_outside_the_region_is_a_kernel_bug, .signal = SIGABRT)
{
    frame_of(region + REGION_BYTES);
}

/* ---- splitting and merging -------------------------------------------------------------- */

Test(frame, split_then_merge_restores_max_order_blocks)
{
    /* Take the odd-sized blocks after the metadata, so that only max-order blocks are left. */
    void *odd[MAX_ORDER];
    unsigned nodd = 0;
    struct frame_stats s = stats();
    for (unsigned o = 0; o < MAX_ORDER; o++)
        for (uint64_t i = 0; i < s.free_blocks[o]; i++)
            cr_assert_not_null(odd[nodd++] = frame_alloc(o), "expected the order-%u block", o);
    struct frame_stats before = stats();
    cr_assert_eq(frames_in_free_lists(&before), before.free_blocks[MAX_ORDER] << MAX_ORDER,
                 "expected only max-order blocks left");

    void *b = frame_alloc(0);
    cr_assert_not_null(b, "expected a single frame");
    struct frame_stats split = stats();
    cr_expect_eq(split.free_blocks[MAX_ORDER], before.free_blocks[MAX_ORDER] - 1,
                 "expected one max-order block split");
    for (unsigned o = 0; o < MAX_ORDER; o++)
        cr_expect_eq(split.free_blocks[o], 1,
                     "expected one free block of order %u after the split, got %llu", o,
                     (unsigned long long)split.free_blocks[o]);

    frame_free(b, 0);
    struct frame_stats merged = stats();
    cr_expect_eq(merged.free_blocks[MAX_ORDER], before.free_blocks[MAX_ORDER],
                 "expected the max-order block back after the merge");
    for (unsigned o = 0; o < MAX_ORDER; o++)
        cr_expect_eq(merged.free_blocks[o], 0, "expected no order-%u block after the merge", o);
    while (nodd > 0) {
        nodd--;
        frame_free(odd[nodd], frame_of(odd[nodd])->order);
    }
}

Test(frame, every_block_is_aligned_to_its_size)
{
    static void *blocks[REGION_FRAMES];
    static unsigned orders[REGION_FRAMES];
    uint64_t seed = 42;
    size_t n = 0;
    /* Random orders until memory runs out, then everything smaller than what failed. */
    for (;;) {
        unsigned order = (unsigned)(vx_prng_next(&seed) % FRAME_ORDERS);
        void *b = frame_alloc(order);
        if (!b) {
            if (order == 0)
                break;
            continue;
        }
        uint64_t size = (uint64_t)FRAME_SIZE << order;
        cr_assert_eq(frame_paddr(b) % size, 0,
                     "expected the order-%u block at %#llx aligned to %llu bytes", order,
                     (unsigned long long)frame_paddr(b), (unsigned long long)size);
        cr_assert_eq(frame_of(b)->use, FRAME_ALLOCATED, "expected the head marked allocated");
        cr_assert_eq(frame_of(b)->order, order, "expected the head to record order %u", order);
        blocks[n] = b;
        orders[n++] = order;
    }
    cr_expect_eq(stats().free_frames, 0, "expected memory to be used up");
    for (size_t i = 0; i < n; i++)
        frame_free(blocks[i], orders[i]);
}

Test(frame, fragmentation_blocks_order_one_until_the_neighbours_are_freed)
{
    static void *frames[REGION_FRAMES];
    struct frame_stats initial = stats();
    size_t n = take_all(0, frames, REGION_FRAMES);
    cr_assert_eq(n, initial.free_frames, "expected every free frame as a single frame");

    /* Free the even frames: each one's buddy (the odd frame next to it) stays allocated. */
    for (size_t i = 0; i < n; i++)
        if (frame_number(frames[i]) % 2 == 0) {
            frame_free(frames[i], 0);
            frames[i] = NULL;
        }
    struct frame_stats half = stats();
    cr_expect_eq(half.free_frames, n / 2, "expected half the frames free, got %llu of %zu",
                 (unsigned long long)half.free_frames, n);
    cr_expect_null(frame_alloc(1), "expected no order-1 block while every pair is split");

    for (size_t i = 0; i < n; i++)
        if (frames[i])
            frame_free(frames[i], 0);
    struct frame_stats after = stats();
    cr_expect_eq(after.free_blocks[MAX_ORDER], initial.free_blocks[MAX_ORDER],
                 "expected all %llu max-order blocks back, got %llu",
                 (unsigned long long)initial.free_blocks[MAX_ORDER],
                 (unsigned long long)after.free_blocks[MAX_ORDER]);
    void *big = frame_alloc(MAX_ORDER);
    cr_expect_not_null(big, "expected a max-order allocation to work again");
    frame_free(big, MAX_ORDER);
}

/* ---- exhaustion ------------------------------------------------------------------------- */

Test(frame, exhaustion_returns_null_and_counts_a_failure)
{
    static void *blocks[REGION_FRAMES];
    size_t n = take_all(MAX_ORDER, blocks, REGION_FRAMES);
    struct frame_stats s = stats();
    cr_expect_eq(s.failures, 1, "expected the one failed max-order call counted, got %llu",
                 (unsigned long long)s.failures);
    cr_expect_eq(s.free_blocks[MAX_ORDER], 0, "expected no max-order block left");
    for (size_t i = 0; i < n; i++)
        frame_free(blocks[i], MAX_ORDER);
}

Test(frame, exhausted_allocator_works_again_after_frees)
{
    static void *frames[REGION_FRAMES];
    struct frame_stats initial = stats();
    size_t n = take_all(0, frames, REGION_FRAMES);
    cr_assert_null(frame_alloc(0), "expected NULL with every frame allocated");
    cr_assert_null(frame_alloc(3), "expected NULL for a larger order too");
    cr_expect_eq(stats().failures, 3, "expected three failures counted (take_all's and two)");

    frame_free(frames[--n], 0);
    void *again = frame_alloc(0);
    cr_expect_not_null(again, "expected a frame once one was freed");
    frames[n++] = again;
    for (size_t i = 0; i < n; i++)
        frame_free(frames[i], 0);
    struct frame_stats after = stats();
    cr_expect_eq(after.free_frames, initial.free_frames, "expected every frame free again");
    cr_expect_eq(memcmp(after.free_blocks, initial.free_blocks, sizeof after.free_blocks), 0,
                 "expected the free lists as after init");
}

/* ---- random operations ------------------------------------------------------------------ */

Test(frame, random_alloc_free_never_overlaps_and_totals_add_up)
{
    enum { SLOTS = 256, OPS = 6000 };
    static uint8_t owned[REGION_FRAMES]; /* 1: frame inside a live block */
    void *slot[SLOTS] = {0};
    unsigned order[SLOTS] = {0};
    uint64_t live_frames = 0, seed = 0x5eed, allocs = 0, frees = 0;
    struct frame_stats initial = stats();

    for (unsigned op = 0; op < OPS; op++) {
        unsigned i = (unsigned)(vx_prng_next(&seed) % SLOTS);
        if (slot[i]) {
            uint64_t f0 = frame_number(slot[i]);
            for (uint64_t f = f0; f < f0 + (1u << order[i]); f++)
                owned[f] = 0;
            frame_free(slot[i], order[i]);
            live_frames -= 1u << order[i];
            slot[i] = NULL;
            frees++;
        } else {
            order[i] = (unsigned)(vx_prng_next(&seed) % 6);
            slot[i] = frame_alloc(order[i]);
            if (!slot[i])
                continue;
            allocs++;
            uint64_t f0 = frame_number(slot[i]);
            for (uint64_t f = f0; f < f0 + (1u << order[i]); f++) {
                cr_assert_eq(owned[f], 0,
                             "op %u: expected frame %llu free, but a live block holds it", op,
                             (unsigned long long)f);
                owned[f] = 1;
            }
            live_frames += 1u << order[i];
        }
        if (op % 500 == 0) {
            struct frame_stats s = stats();
            cr_assert_eq(s.free_frames + live_frames, initial.free_frames,
                         "op %u: expected free + live == %llu, got %llu + %llu", op,
                         (unsigned long long)initial.free_frames, (unsigned long long)s.free_frames,
                         (unsigned long long)live_frames);
            cr_assert_eq(frames_in_free_lists(&s), s.free_frames,
                         "op %u: expected the free lists to hold the free frames", op);
        }
    }
    struct frame_stats s = stats();
    cr_expect_eq(s.allocs, allocs, "expected %llu allocs counted, got %llu",
                 (unsigned long long)allocs, (unsigned long long)s.allocs);
    cr_expect_eq(s.frees, frees, "expected %llu frees counted, got %llu", (unsigned long long)frees,
                 (unsigned long long)s.frees);
    for (unsigned i = 0; i < SLOTS; i++)
        if (slot[i])
            frame_free(slot[i], order[i]);
    cr_expect_eq(stats().free_frames, initial.free_frames, "expected every frame free at the end");
}

Test(frame, zalloc_returns_zeroed_memory)
{
    uint8_t *b = frame_alloc(1);
    cr_assert_not_null(b, "expected an order-1 block");
    memset(b, 0xa5, 2 * FRAME_SIZE);
    frame_free(b, 1);
    uint8_t *z = frame_zalloc(1);
    cr_assert_eq(z, b, "expected the block just freed back (LIFO free lists)");
    for (size_t i = 0; i < 2 * FRAME_SIZE; i++)
        cr_assert_eq(z[i], 0, "expected byte %zu zero, got %#x", i, z[i]);
    frame_free(z, 1);
}

Test(frame, contig_run_spans_blocks_and_frees_frame_by_frame)
{
    struct frame_stats before = stats();
    uint64_t n = (1u << MAX_ORDER) + 300; /* more than one block: needs two adjacent ones */
    uint8_t *run = frame_alloc_contig(n);
    cr_assert_not_null(run, "expected a run of %llu frames", (unsigned long long)n);
    struct frame_stats during = stats();
    cr_expect_eq(during.free_frames, before.free_frames - n, "expected exactly n frames taken");
    cr_expect_eq(frames_in_free_lists(&during), during.free_frames,
                 "expected the unused tail back on the free lists");
    memset(run, 0x5a, n * FRAME_SIZE); /* all of it is ours (ASan would object otherwise) */
    for (uint64_t i = 0; i < n; i++) {
        cr_assert_eq(frame_number(run + i * FRAME_SIZE), frame_number(run) + i,
                     "expected physically adjacent frames");
        frame_free(run + i * FRAME_SIZE, 0);
    }
    struct frame_stats after = stats();
    cr_expect_eq(after.free_frames, before.free_frames, "expected every frame back");
    cr_expect_eq(after.free_blocks[MAX_ORDER], before.free_blocks[MAX_ORDER],
                 "expected the frames to merge back into max-order blocks");

    cr_expect_null(frame_alloc_contig(0), "expected no run of 0 frames");
    cr_expect_null(frame_alloc_contig(REGION_FRAMES), "expected no run as large as the region");
    cr_expect_eq(stats().failures, before.failures + 2, "expected both failures counted");
    /* Every other max-order block taken: no two free blocks are adjacent any more. */
    void *blocks[REGION_FRAMES >> MAX_ORDER];
    size_t nblocks = take_all(MAX_ORDER, blocks, sizeof blocks / sizeof *blocks);
    cr_assert_geq(nblocks, 4, "expected several max-order blocks");
    for (size_t i = 0; i < nblocks; i++) {
        if (frame_number(blocks[i]) >> MAX_ORDER & 1)
            frame_free(blocks[i], MAX_ORDER);
    }
    cr_expect_null(frame_alloc_contig((1u << MAX_ORDER) + 1), "expected fragmentation to show");
    cr_expect_not_null(frame_alloc_contig(1u << MAX_ORDER), "expected one block still to fit");
}

Test(frame, double_free_is_a_kernel_bug, .signal = SIGABRT)
{
    void *b = frame_alloc(0);
    frame_free(b, 0);
    frame_free(b, 0);
}

Test(frame, free_with_the_wrong_order_is_a_kernel_bug, .signal = SIGABRT)
{
    void *b = frame_alloc(2);
    frame_free(b, 1);
}

Test(frame, free_of_a_pointer_into_a_block_is_a_kernel_bug, .signal = SIGABRT)
{
    char *b = frame_alloc(2);
    frame_free(b + FRAME_SIZE, 0);
}

/* ---- per-vCPU caches -------------------------------------------------------------------- */

static struct {
    struct frame_stats start, one, freed, drained;
    void *first;
} seen;

static void cache_refill_and_drain_main(uint32_t cpu)
{
    frame_get_stats(&seen.start);
    seen.first = frame_alloc(0);
    frame_get_stats(&seen.one);
    frame_free(seen.first, 0);
    frame_get_stats(&seen.freed);
    frame_cpu_drain();
    frame_get_stats(&seen.drained);
}

Test(frame, vcpu_alloc_refills_its_cache_by_a_batch)
{
    run_on_vcpus(1, cache_refill_and_drain_main);
    cr_assert_not_null(seen.first, "expected a frame on the vCPU");
    cr_expect_eq(seen.one.cached_frames, PARAM_FRAME_PCP_BATCH - 1,
                 "expected a refill of %u frames minus the one handed out, got %llu cached",
                 PARAM_FRAME_PCP_BATCH, (unsigned long long)seen.one.cached_frames);
    cr_expect_eq(seen.one.free_frames, seen.start.free_frames - 1,
                 "expected cached frames to count as free");
    cr_expect_eq(seen.one.allocs, 1, "expected one alloc counted");
}

Test(frame, vcpu_free_goes_to_its_cache_and_drain_returns_it)
{
    run_on_vcpus(1, cache_refill_and_drain_main);
    cr_expect_eq(seen.freed.cached_frames, PARAM_FRAME_PCP_BATCH,
                 "expected the freed frame in the cache, got %llu cached",
                 (unsigned long long)seen.freed.cached_frames);
    cr_expect_eq(seen.freed.frees, 1, "expected one free counted");
    cr_expect_eq(seen.drained.cached_frames, 0, "expected the cache empty after the drain");
    cr_expect_eq(seen.drained.free_frames, seen.start.free_frames,
                 "expected every frame free after the drain");
    cr_expect_eq(
        memcmp(seen.drained.free_blocks, seen.start.free_blocks, sizeof seen.start.free_blocks), 0,
        "expected the drained frames merged back into the same blocks");
}

static uint64_t cached_after_free[3 * PARAM_FRAME_PCP_HIGH];

/* Allocate three cache-fulls of single frames, then free them one by one. */
static void cache_high_water_main(uint32_t cpu)
{
    enum { N = 3 * PARAM_FRAME_PCP_HIGH };
    void *b[N];
    struct frame_stats s;
    for (unsigned i = 0; i < N; i++)
        b[i] = frame_alloc(0);
    for (unsigned i = 0; i < N; i++) {
        frame_free(b[i], 0);
        frame_get_stats(&s);
        cached_after_free[i] = s.cached_frames;
    }
}

Test(frame, vcpu_cache_never_holds_more_than_the_high_mark)
{
    run_on_vcpus(1, cache_high_water_main);
    uint64_t peak = 0;
    for (unsigned i = 0; i < 3 * PARAM_FRAME_PCP_HIGH; i++)
        peak = cached_after_free[i] > peak ? cached_after_free[i] : peak;
    cr_expect_eq(peak, PARAM_FRAME_PCP_HIGH,
                 "expected the cache to reach and never pass %u frames, peak %llu",
                 PARAM_FRAME_PCP_HIGH, (unsigned long long)peak);
    cr_expect_eq(
        cached_after_free[PARAM_FRAME_PCP_HIGH], PARAM_FRAME_PCP_HIGH + 1 - PARAM_FRAME_PCP_BATCH,
        "expected the free past the high mark to drain a batch of %u, leaving %u, got %llu",
        PARAM_FRAME_PCP_BATCH, PARAM_FRAME_PCP_HIGH + 1 - PARAM_FRAME_PCP_BATCH,
        (unsigned long long)cached_after_free[PARAM_FRAME_PCP_HIGH]);
}

Test(frame, host_threads_bypass_the_caches)
{
    void *b = frame_alloc(0);
    cr_assert_not_null(b, "expected a frame");
    cr_expect_eq(stats().cached_frames, 0, "expected nothing cached for a non-vCPU thread");
    frame_free(b, 0);
    cr_expect_eq(stats().cached_frames, 0, "expected the free to bypass the caches too");
}

/* ---- concurrency ------------------------------------------------------------------------ */

#define CONC_CPUS  4u
#define CONC_OPS   3000u
#define CONC_SLOTS 48u

static _Atomic uint64_t frame_owner_bits[REGION_FRAMES / 64];
static struct {
    unsigned corrupted, overlaps, allocs, frees;
} conc[CONC_CPUS];

/* Claim (or release) every frame of a block in a map shared by all vCPUs; false if some other
 * live block already held one of them. */
static bool claim(void *b, unsigned order, bool take)
{
    bool ok = true;
    uint64_t f0 = frame_number(b);
    for (uint64_t f = f0; f < f0 + (1u << order); f++) {
        uint64_t bit = 1ull << (f % 64);
        uint64_t old = take ? atomic_fetch_or(&frame_owner_bits[f / 64], bit)
                            : atomic_fetch_and(&frame_owner_bits[f / 64], ~bit);
        if (((old & bit) != 0) != !take)
            ok = false;
    }
    return ok;
}

static void fill(uint64_t *w, unsigned order, uint64_t tag)
{
    size_t words = ((size_t)FRAME_SIZE << order) / sizeof *w;
    for (size_t i = 0; i < words; i += 61)
        w[i] = tag ^ i;
}

static bool intact(const uint64_t *w, unsigned order, uint64_t tag)
{
    size_t words = ((size_t)FRAME_SIZE << order) / sizeof *w;
    for (size_t i = 0; i < words; i += 61)
        if (w[i] != (tag ^ i))
            return false;
    return true;
}

static void concurrent_main(uint32_t cpu)
{
    void *slot[CONC_SLOTS] = {0};
    unsigned order[CONC_SLOTS] = {0};
    uint64_t tag[CONC_SLOTS] = {0};
    uint64_t seed = 0x9e3779b97f4a7c15ull * (cpu + 1);
    struct frame_stats s;
    for (unsigned op = 0; op < CONC_OPS + CONC_SLOTS; op++) {
        unsigned i = op < CONC_OPS ? (unsigned)(vx_prng_next(&seed) % CONC_SLOTS) : op - CONC_OPS;
        if (op % 256 == cpu)
            frame_get_stats(&s); /* reads the other vCPUs' caches while they work */
        if (slot[i]) {
            if (!intact(slot[i], order[i], tag[i]))
                conc[cpu].corrupted++;
            if (!claim(slot[i], order[i], false))
                conc[cpu].overlaps++;
            frame_free(slot[i], order[i]);
            slot[i] = NULL;
            conc[cpu].frees++;
        } else if (op < CONC_OPS) {
            /* Mostly single frames, so the caches do most of the work. */
            order[i] = vx_prng_next(&seed) % 4 == 0 ? (unsigned)(vx_prng_next(&seed) % 4) : 0;
            slot[i] = frame_alloc(order[i]);
            if (!slot[i])
                continue;
            conc[cpu].allocs++;
            if (!claim(slot[i], order[i], true))
                conc[cpu].overlaps++;
            tag[i] = ((uint64_t)cpu << 56) ^ vx_prng_next(&seed);
            fill(slot[i], order[i], tag[i]);
        }
    }
    frame_cpu_drain();
}

Test(frame, concurrent_vcpus_never_share_a_block)
{
    struct frame_stats initial = stats();
    run_on_vcpus(CONC_CPUS, concurrent_main);
    unsigned allocs = 0, frees = 0;
    for (unsigned cpu = 0; cpu < CONC_CPUS; cpu++) {
        cr_expect_eq(conc[cpu].overlaps, 0,
                     "vCPU %u: expected no block shared with another live block, saw %u", cpu,
                     conc[cpu].overlaps);
        cr_expect_eq(conc[cpu].corrupted, 0,
                     "vCPU %u: expected every pattern intact, %u were overwritten", cpu,
                     conc[cpu].corrupted);
        allocs += conc[cpu].allocs;
        frees += conc[cpu].frees;
    }
    struct frame_stats s = stats();
    cr_expect_eq(allocs, frees, "expected every vCPU to free what it allocated");
    cr_expect_eq(s.allocs, allocs, "expected %u allocs counted, got %llu", allocs,
                 (unsigned long long)s.allocs);
    cr_expect_eq(s.frees, frees, "expected %u frees counted, got %llu", frees,
                 (unsigned long long)s.frees);
    cr_expect_eq(s.cached_frames, 0, "expected every cache drained");
    cr_expect_eq(s.free_frames, initial.free_frames, "expected every frame free again");
    cr_expect_eq(memcmp(s.free_blocks, initial.free_blocks, sizeof s.free_blocks), 0,
                 "expected everything merged back into the blocks of init");
}
