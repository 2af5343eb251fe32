/*
 * slab_test.c - slab caches, magazines and kmalloc over a fresh region per test.
 *
 * Tests on the test's own thread use the slab lists directly (it is not a vCPU), so counters
 * are exact there. Magazine behaviour is checked on vCPUs started with hio_cpu_start; their
 * entry functions record what they saw in globals that the test checks after
 * hio_cpu_join_all (an assertion on a vCPU thread could not stop the test).
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
#include "kernel/mm/slab.h"

#include "criterion_tsan.h"
#include "vcpu_runner.h"

#define REGION_BYTES (32ull << 20)
#define SMALL_BYTES  (16ull << 20)

static uint8_t *region;
static uint64_t region_bytes;

static void map_region(uint64_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    cr_assert(p != MAP_FAILED, "expected a host mapping for the region");
    region = p;
    region_bytes = bytes;
    cr_assert_eq(frame_init(region, bytes), VX_OK, "expected frame_init to accept the region");
    cr_assert_eq(slab_init(), VX_OK, "expected slab_init to succeed");
}

static void region_setup(void)
{
    map_region(REGION_BYTES);
}

static void region_teardown(void)
{
    hio_mem_unpoison(region, region_bytes);
    munmap(region, region_bytes);
}

TestSuite(slab, .init = region_setup, .fini = region_teardown, .timeout = 60);

static struct slab_cache *make_cache(const char *name, size_t size, size_t align)
{
    vx_status_t st = 1;
    struct slab_cache *c = slab_cache_create(name, size, align, &st);
    cr_assert_not_null(c, "expected cache %s (size %zu, align %zu) to be created", name, size,
                       align);
    cr_assert_eq(st, VX_OK, "expected VX_OK from slab_cache_create, got %d", st);
    return c;
}

static struct slab_stats cache_stats(struct slab_cache *c)
{
    struct slab_stats s;
    slab_cache_get_stats(c, &s);
    return s;
}

struct find {
    const char *name;
    struct slab_cache *found;
    unsigned count;
};

static void find_cache(struct slab_cache *c, void *arg)
{
    struct find *f = arg;
    f->count++;
    if (strcmp(c->name, f->name) == 0)
        f->found = c;
}

static struct slab_cache *cache_named(const char *name)
{
    struct find f = {.name = name};
    slab_for_each_cache(find_cache, &f);
    cr_assert_not_null(f.found, "expected a cache named %s", name);
    return f.found;
}

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_get_stats(&s);
    return s.free_frames;
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (void *const *)a, y = (uintptr_t) * (void *const *)b;
    return x < y ? -1 : x > y;
}

/* ---- objects ---------------------------------------------------------------------------- */

Test(slab, freed_object_comes_back)
{
    struct slab_cache *c = make_cache("reuse", 100, 0);
    void *a = slab_alloc(c);
    cr_assert_not_null(a, "expected an object");
    slab_free(c, a);
    void *b = slab_alloc(c);
    cr_expect_eq(b, a, "expected the object just freed to be handed out again");
    slab_free(c, b);
}

Test(slab, objects_are_aligned_as_asked)
{
    static const size_t sizes[] = {1, 24, 100, 700, 3000};
    for (size_t align = 8; align <= FRAME_SIZE; align *= 2)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            struct slab_cache *c = make_cache("aligned", sizes[i], align);
            void *obj[20];
            for (unsigned k = 0; k < 20; k++) {
                obj[k] = slab_alloc(c);
                cr_assert_not_null(obj[k], "expected an object");
                cr_assert_eq((uintptr_t)obj[k] % align, 0,
                             "expected object %p (size %zu) aligned to %zu", obj[k], sizes[i],
                             align);
            }
            for (unsigned k = 0; k < 20; k++)
                slab_free(c, obj[k]);
            cr_assert_eq(slab_cache_destroy(c), VX_OK, "expected the emptied cache destroyed");
        }
}

Test(slab, objects_never_overlap_and_keep_their_contents)
{
    enum { N = 3000, SIZE = 200 };
    static void *obj[N];
    struct slab_cache *c = make_cache("disjoint", SIZE, 0);
    for (unsigned i = 0; i < N; i++) {
        obj[i] = slab_alloc(c);
        cr_assert_not_null(obj[i], "expected object %u", i);
        memset(obj[i], (int)(i & 0xff), SIZE);
    }
    for (unsigned i = 0; i < N; i++)
        for (unsigned k = 0; k < SIZE; k += 37)
            cr_assert_eq(((uint8_t *)obj[i])[k], i & 0xff, "expected object %u intact", i);
    qsort(obj, N, sizeof obj[0], by_address);
    for (unsigned i = 1; i < N; i++)
        cr_assert((uintptr_t)obj[i - 1] + c->obj_size <= (uintptr_t)obj[i],
                  "expected objects %p and %p (%u bytes) not to overlap", obj[i - 1], obj[i],
                  c->obj_size);
    for (unsigned i = 0; i < N; i++)
        slab_free(c, obj[i]);
}

Test(slab, every_frame_of_a_slab_points_to_it)
{
    struct slab_cache *c = make_cache("big", 3000, 0);
    void *obj = slab_alloc(c);
    cr_assert_not_null(obj, "expected an object");
    struct frame *f = frame_of(obj);
    cr_expect_eq(f->use, FRAME_SLAB, "expected the object's frame marked FRAME_SLAB");
    uint8_t *slab_start =
        (uint8_t *)obj - frame_paddr(obj) % ((uint64_t)FRAME_SIZE << c->slab_order);
    for (unsigned i = 0; i < 1u << c->slab_order; i++) {
        struct frame *g = frame_of(slab_start + (uint64_t)i * FRAME_SIZE);
        cr_expect(g->use == FRAME_SLAB && g->owner == f->owner,
                  "expected frame %u of the slab to name the same slab", i);
    }
    slab_free(c, obj);
}

Test(slab, layout_holds_eight_objects_and_wastes_little)
{
    static const size_t sizes[] = {8,    16,   24,   100,   192,   500,   1000,   2048,   2049,
                                   3000, 4096, 5000, 10000, 30000, 65536, 100000, 300000, 500000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct slab_cache *c = make_cache("layout", sizes[i], 0);
        uint64_t bytes = (uint64_t)FRAME_SIZE << c->slab_order;
        /* Each object also costs its 2-byte free index; the rest is header and leftover. */
        uint64_t waste = bytes - (uint64_t)c->objs_per_slab * (c->obj_size + 2);
        cr_expect_geq(c->objs_per_slab, 8, "size %zu: expected at least 8 objects, got %u",
                      sizes[i], c->objs_per_slab);
        cr_expect_leq(waste * 8, bytes,
                      "size %zu: expected at most 1/8 of %llu bytes wasted, got %llu", sizes[i],
                      (unsigned long long)bytes, (unsigned long long)waste);
        cr_expect_leq(c->first_offset + (uint64_t)c->objs_per_slab * c->obj_size, bytes,
                      "size %zu: expected the objects inside the slab", sizes[i]);
        cr_assert_eq(slab_cache_destroy(c), VX_OK, "expected the unused cache destroyed");
    }
}

Test(slab, zalloc_returns_zeroed_objects)
{
    struct slab_cache *c = make_cache("zero", 64, 0);
    uint8_t *a = slab_alloc(c);
    memset(a, 0xee, 64);
    slab_free(c, a);
    uint8_t *z = slab_zalloc(c);
    cr_assert_eq(z, a, "expected the same object back");
    for (unsigned i = 0; i < 64; i++)
        cr_assert_eq(z[i], 0, "expected byte %u zero", i);
    slab_free(c, z);
}

Test(slab, free_to_the_wrong_cache_is_a_kernel_bug, .signal = SIGABRT)
{
    struct slab_cache *a = make_cache("a", 64, 0), *b = make_cache("b", 64, 0);
    slab_free(b, slab_alloc(a));
}

/* ---- slabs and counters ----------------------------------------------------------------- */

Test(slab, only_one_empty_slab_is_kept)
{
    struct slab_cache *c = make_cache("empties", 512, 0);
    unsigned n = 3 * c->objs_per_slab;
    void **obj = calloc(n, sizeof *obj);
    uint64_t before = free_frames();
    for (unsigned i = 0; i < n; i++)
        obj[i] = slab_alloc(c);
    cr_expect_eq(cache_stats(c).nslabs, 3, "expected three full slabs");
    for (unsigned i = 0; i < n; i++)
        slab_free(c, obj[i]);
    struct slab_stats s = cache_stats(c);
    cr_expect_eq(s.nslabs, 1, "expected one empty slab kept, got %llu",
                 (unsigned long long)s.nslabs);
    cr_expect_eq(free_frames(), before - (1u << c->slab_order),
                 "expected the other slabs' frames back in the frame allocator");
    free(obj);
}

Test(slab, reclaim_gives_kept_empty_slabs_back)
{
    struct slab_cache *c = make_cache("reclaimable", 256, 0);
    uint64_t before = free_frames();
    void *obj = slab_alloc(c);
    slab_free(c, obj);
    cr_expect_eq(cache_stats(c).nslabs, 1, "expected the empty slab to be kept after the free");
    uint64_t released = slab_reclaim();
    cr_expect_geq(released, 1u << c->slab_order, "expected at least this cache's slab back");
    cr_expect_eq(cache_stats(c).nslabs, 0, "expected no slab left in the cache");
    cr_expect_eq(free_frames(), before, "expected every frame of the slab back");
    obj = slab_alloc(c);
    cr_expect_not_null(obj, "expected the cache to grow again after a reclaim");
    slab_free(c, obj);
}

Test(slab, stats_add_up)
{
    enum { N = 500 };
    void *obj[N] = {0};
    uint64_t seed = 7, allocs = 0, frees = 0, live = 0;
    struct slab_cache *c = make_cache("counted", 48, 0);
    for (unsigned op = 0; op < 4000; op++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        unsigned i = (unsigned)(seed >> 33) % N;
        if (obj[i]) {
            slab_free(c, obj[i]);
            obj[i] = NULL;
            frees++;
            live--;
        } else {
            obj[i] = slab_alloc(c);
            allocs++;
            live++;
        }
    }
    struct slab_stats s = cache_stats(c);
    cr_expect_str_eq(s.name, "counted", "expected the cache's name in its stats");
    cr_expect_eq(s.obj_size, 48, "expected object size 48, got %u", s.obj_size);
    cr_expect_eq(s.allocs, allocs, "expected %llu allocs, got %llu", (unsigned long long)allocs,
                 (unsigned long long)s.allocs);
    cr_expect_eq(s.frees, frees, "expected %llu frees, got %llu", (unsigned long long)frees,
                 (unsigned long long)s.frees);
    cr_expect_eq(s.active, live, "expected %llu active, got %llu", (unsigned long long)live,
                 (unsigned long long)s.active);
    cr_expect_eq(s.capacity, s.nslabs * c->objs_per_slab, "expected capacity = slabs * objects");
    cr_expect_geq(s.capacity, s.active, "expected capacity >= active");
    cr_expect_eq(s.failures, 0, "expected no failures");
    for (unsigned i = 0; i < N; i++)
        if (obj[i])
            slab_free(c, obj[i]);
}

Test(slab, for_each_lists_the_builtin_and_new_caches)
{
    struct find f = {.name = "listed"};
    make_cache("listed", 32, 0);
    slab_for_each_cache(find_cache, &f);
    cr_expect_not_null(f.found, "expected the new cache listed");
    cr_expect_eq(f.count, 1 + 8 + 1, "expected slab_cache, 8 kmalloc caches and ours, got %u",
                 f.count);
    cache_named("slab_cache");
    cache_named("kmalloc-16");
    cache_named("kmalloc-2048");
}

/* ---- create and destroy ----------------------------------------------------------------- */

Test(slab, create_rejects_bad_sizes_and_alignments)
{
    static const struct {
        size_t size, align;
    } bad[] = {{0, 0}, {512 * 1024 + 1, 0}, {64, 3}, {64, 24}, {64, 2 * FRAME_SIZE}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vx_status_t st = VX_OK;
        struct slab_cache *c = slab_cache_create("bad", bad[i].size, bad[i].align, &st);
        cr_expect_null(c, "expected no cache for size %zu align %zu", bad[i].size, bad[i].align);
        cr_expect_eq(st, VX_EINVAL, "expected VX_EINVAL for size %zu align %zu, got %d",
                     bad[i].size, bad[i].align, st);
    }
}

Test(slab, destroy_refuses_while_objects_are_out)
{
    struct slab_cache *c = make_cache("busy", 128, 0);
    void *obj = slab_alloc(c);
    cr_expect_eq(slab_cache_destroy(c), VX_EBUSY, "expected VX_EBUSY with an object out");
    cr_expect_eq(cache_stats(c).active, 1, "expected the cache kept, with its object");
    slab_free(c, obj);
    cr_expect_eq(slab_cache_destroy(c), VX_OK, "expected VX_OK once the cache is empty");
}

Test(slab, destroy_returns_every_frame)
{
    make_cache("anchor", 8, 0); /* keeps the slab_cache slab partial */
    uint64_t before = free_frames();
    struct slab_cache *c = make_cache("temporary", 1000, 0);
    void *obj[300];
    for (unsigned i = 0; i < 300; i++)
        obj[i] = slab_alloc(c);
    for (unsigned i = 0; i < 300; i++)
        slab_free(c, obj[i]);
    cr_assert_eq(slab_cache_destroy(c), VX_OK, "expected the empty cache destroyed");
    cr_expect_eq(free_frames(), before, "expected all %llu frames back, got %llu",
                 (unsigned long long)before, (unsigned long long)free_frames());
    struct find f = {.name = "temporary"};
    slab_for_each_cache(find_cache, &f);
    cr_expect_null(f.found, "expected the destroyed cache gone from the list");
}

/* ---- exhaustion ------------------------------------------------------------------------- */

Test(slab, exhaustion_returns_null_counts_failures_and_recovers)
{
    region_teardown();
    map_region(SMALL_BYTES);
    size_t cap = SMALL_BYTES / 1024;
    void **obj = calloc(cap, sizeof *obj);
    struct slab_cache *c = make_cache("filler", 1024, 0);
    size_t n = 0;
    while (n < cap && (obj[n] = slab_alloc(c)) != NULL)
        n++;
    cr_assert_lt(n, cap, "expected memory to run out before %zu objects", cap);
    cr_expect_gt(n, cap / 2, "expected most of 16 MiB usable, got %zu KiB", n);
    cr_expect_null(slab_alloc(c), "expected NULL again while memory is used up");
    cr_expect_eq(cache_stats(c).failures, 2, "expected both failed allocations counted");
    cr_expect_null(kmalloc(100), "expected kmalloc to fail too");

    slab_free(c, obj[--n]);
    obj[n] = slab_alloc(c);
    cr_expect_not_null(obj[n], "expected an allocation to work after a free");
    n++;
    while (n > 0)
        slab_free(c, obj[--n]);
    cr_expect_eq(slab_cache_destroy(c), VX_OK, "expected the cache empty again");
    free(obj);
}

/* ---- kmalloc ---------------------------------------------------------------------------- */

Test(slab, kmalloc_uses_the_smallest_class_that_fits)
{
    static const struct {
        size_t size;
        const char *cache;
    } cases[] = {{1, "kmalloc-16"},    {16, "kmalloc-16"},     {17, "kmalloc-32"},
                 {64, "kmalloc-64"},   {65, "kmalloc-128"},    {200, "kmalloc-256"},
                 {512, "kmalloc-512"}, {1000, "kmalloc-1024"}, {2048, "kmalloc-2048"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct slab_cache *c = cache_named(cases[i].cache);
        uint64_t before = cache_stats(c).active;
        void *p = kmalloc(cases[i].size);
        cr_assert_not_null(p, "expected kmalloc(%zu) to succeed", cases[i].size);
        cr_expect_eq(cache_stats(c).active, before + 1, "expected kmalloc(%zu) from %s",
                     cases[i].size, cases[i].cache);
        cr_expect_eq((uintptr_t)p % c->obj_size, 0, "expected kmalloc(%zu) aligned to %u",
                     cases[i].size, c->obj_size);
        memset(p, 0x5a, cases[i].size);
        kfree(p);
        cr_expect_eq(cache_stats(c).active, before, "expected kfree to give it back to %s",
                     cases[i].cache);
    }
}

Test(slab, kmalloc_zero_returns_null_and_kfree_null_does_nothing)
{
    cr_expect_null(kmalloc(0), "expected kmalloc(0) to return NULL");
    kfree(NULL);
}

Test(slab, large_kmalloc_takes_whole_frames_and_kfree_returns_them)
{
    static const struct {
        size_t size;
        unsigned order;
    } cases[] = {{2049, 0}, {4096, 0}, {4097, 1}, {100000, 5}, {4u << 20, 10}};
    uint64_t before = free_frames();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *p = kmalloc(cases[i].size);
        cr_assert_not_null(p, "expected kmalloc(%zu) to succeed", cases[i].size);
        struct frame *f = frame_of(p);
        cr_expect_eq(f->use, FRAME_KMALLOC, "expected kmalloc(%zu) marked FRAME_KMALLOC",
                     cases[i].size);
        cr_expect_eq(f->order, cases[i].order, "expected kmalloc(%zu) of order %u, got %u",
                     cases[i].size, cases[i].order, f->order);
        cr_expect_eq(free_frames(), before - (1u << cases[i].order),
                     "expected kmalloc(%zu) to take %u frames", cases[i].size,
                     1u << cases[i].order);
        p[0] = 1;
        p[cases[i].size - 1] = 2;
        kfree(p);
        cr_expect_eq(free_frames(), before, "expected kfree to return kmalloc(%zu)'s frames",
                     cases[i].size);
    }
    cr_expect_null(kmalloc((4u << 20) + 1), "expected NULL above the largest block");
}

Test(slab, kzalloc_zeroes_small_and_large)
{
    static const size_t sizes[] = {10, 300, 2048, 9000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = kmalloc(sizes[i]);
        memset(p, 0xff, sizes[i]);
        kfree(p);
        uint8_t *z = kzalloc(sizes[i]);
        cr_assert_not_null(z, "expected kzalloc(%zu)", sizes[i]);
        for (size_t k = 0; k < sizes[i]; k++)
            cr_assert_eq(z[k], 0, "kzalloc(%zu): expected byte %zu zero", sizes[i], k);
        kfree(z);
    }
}

Test(slab, kfree_takes_objects_of_any_cache)
{
    struct slab_cache *c = make_cache("named", 72, 0);
    void *obj = slab_alloc(c);
    kfree(obj);
    cr_expect_eq(cache_stats(c).active, 0, "expected kfree to return the object to its cache");
}

/* ---- magazines -------------------------------------------------------------------------- */

static struct slab_cache *shared_cache;

static struct {
    struct slab_stats first, pairs, full, drained;
    vx_status_t destroy_busy;
    bool got_all;
} seen;

/* One alloc (the magazine fills halfway), pairs of alloc and free, then frees until the
 * magazine overflows, then a drain. */
static void magazine_main(uint32_t cpu)
{
    struct slab_cache *c = shared_cache;
    void *obj[PARAM_SLAB_MAGAZINE + 2];
    seen.got_all = true;
    obj[0] = slab_alloc(c);
    slab_cache_get_stats(c, &seen.first);
    for (unsigned i = 0; i < 100; i++) {
        void *p = slab_alloc(c);
        seen.got_all &= p != NULL;
        slab_free(c, p);
    }
    slab_cache_get_stats(c, &seen.pairs);
    for (unsigned i = 1; i < PARAM_SLAB_MAGAZINE + 2; i++) {
        obj[i] = slab_alloc(c);
        seen.got_all &= obj[i] != NULL;
    }
    for (unsigned i = 0; i < PARAM_SLAB_MAGAZINE + 2; i++)
        slab_free(c, obj[i]);
    slab_cache_get_stats(c, &seen.full);
    slab_cpu_drain();
    slab_cache_get_stats(c, &seen.drained);
}

Test(slab, vcpu_alloc_and_free_stay_in_the_magazine)
{
    shared_cache = make_cache("magazine", 64, 0);
    run_on_vcpus(1, magazine_main);
    cr_assert(seen.got_all, "expected every allocation on the vCPU to succeed");
    cr_expect_eq(seen.first.allocs, PARAM_SLAB_MAGAZINE / 2,
                 "expected the first alloc to take half a magazine from the slabs, got %llu",
                 (unsigned long long)seen.first.allocs);
    cr_expect_eq(seen.first.active, 1, "expected one object in use (magazines count as free)");
    cr_expect_eq(seen.pairs.allocs, seen.first.allocs,
                 "expected alloc/free pairs not to touch the slabs' alloc counter");
    cr_expect_eq(seen.pairs.frees, seen.first.frees,
                 "expected alloc/free pairs not to touch the slabs' free counter");
    cr_expect_eq(seen.pairs.active, 1, "expected still one object in use");
}

Test(slab, full_magazine_gives_half_back_to_the_slabs)
{
    shared_cache = make_cache("magazine", 64, 0);
    run_on_vcpus(1, magazine_main);
    /* 34 objects out, then all freed: the 33rd free finds the magazine full. */
    cr_expect_eq(seen.full.frees, PARAM_SLAB_MAGAZINE / 2,
                 "expected one overflow to give back half a magazine, got %llu frees",
                 (unsigned long long)seen.full.frees);
    cr_expect_eq(seen.full.active, 0, "expected nothing in use after the frees");
}

Test(slab, cpu_drain_returns_magazine_objects_to_their_slabs)
{
    shared_cache = make_cache("magazine", 64, 0);
    run_on_vcpus(1, magazine_main);
    cr_expect_eq(seen.drained.frees, seen.drained.allocs,
                 "expected every object back in the slabs after the drain (%llu of %llu)",
                 (unsigned long long)seen.drained.frees, (unsigned long long)seen.drained.allocs);
    cr_expect_eq(seen.drained.nslabs, 1, "expected one (empty) slab left");
}

static void alloc_one_main(uint32_t cpu)
{
    void *p = slab_alloc(shared_cache);
    seen.destroy_busy = slab_cache_destroy(shared_cache);
    slab_free(shared_cache, p);
}

Test(slab, destroy_on_a_vcpu_refuses_while_objects_are_out)
{
    shared_cache = make_cache("busy", 64, 0);
    run_on_vcpus(1, alloc_one_main);
    cr_expect_eq(seen.destroy_busy, VX_EBUSY, "expected VX_EBUSY with one object out");
    /* The object sits in vCPU 0's magazine; that vCPU is gone, so destroy takes it back. */
    cr_expect_eq(slab_cache_destroy(shared_cache), VX_OK,
                 "expected destroy to empty an idle vCPU's magazine and succeed");
}

/* ---- concurrency ------------------------------------------------------------------------ */

#define CONC_CPUS  4u
#define CONC_OPS   4000u
#define CONC_SLOTS 64u
#define MAILBOXES  16u

/* Objects handed from one vCPU to another, so frees happen away from the allocating vCPU. */
static _Atomic(uint64_t *) mailbox[MAILBOXES];
static struct {
    unsigned corrupted, failed;
} conc[CONC_CPUS];

/* Each object holds its own address in every word, so any overlap or stale write shows. */
static void stamp(uint64_t *o, size_t words)
{
    for (size_t i = 0; i < words; i++)
        o[i] = (uint64_t)(uintptr_t)o ^ i;
}

static bool stamped(const uint64_t *o, size_t words)
{
    for (size_t i = 0; i < words; i++)
        if (o[i] != ((uint64_t)(uintptr_t)o ^ i))
            return false;
    return true;
}

static void check_and_free(uint32_t cpu, uint64_t *o)
{
    size_t words = shared_cache->obj_size / sizeof *o;
    if (!stamped(o, words))
        conc[cpu].corrupted++;
    slab_free(shared_cache, o);
}

static void concurrent_main(uint32_t cpu)
{
    uint64_t *slot[CONC_SLOTS] = {0};
    uint64_t seed = 0xc0ffee * (cpu + 1);
    size_t words = shared_cache->obj_size / sizeof(uint64_t);
    struct slab_stats s;
    for (unsigned op = 0; op < CONC_OPS; op++) {
        unsigned i = (unsigned)(vx_prng_next(&seed) % CONC_SLOTS);
        if (op % 256 == cpu)
            slab_cache_get_stats(shared_cache, &s); /* reads the others' magazines */
        if (!slot[i]) {
            slot[i] = slab_alloc(shared_cache);
            if (slot[i])
                stamp(slot[i], words);
            else
                conc[cpu].failed++;
            continue;
        }
        if (vx_prng_next(&seed) % 3 == 0) {
            /* Post it; whatever was in the mailbox is ours to check and free. */
            uint64_t *old = atomic_exchange(&mailbox[i % MAILBOXES], slot[i]);
            if (old)
                check_and_free(cpu, old);
        } else {
            check_and_free(cpu, slot[i]);
        }
        slot[i] = NULL;
    }
    for (unsigned i = 0; i < CONC_SLOTS; i++)
        if (slot[i])
            check_and_free(cpu, slot[i]);
}

Test(slab, concurrent_vcpus_never_share_an_object)
{
    shared_cache = make_cache("shared", 96, 0);
    run_on_vcpus(CONC_CPUS, concurrent_main);
    for (unsigned cpu = 0; cpu < CONC_CPUS; cpu++) {
        cr_expect_eq(conc[cpu].corrupted, 0,
                     "vCPU %u: expected every object intact, %u were overwritten", cpu,
                     conc[cpu].corrupted);
        cr_expect_eq(conc[cpu].failed, 0, "vCPU %u: expected no allocation to fail", cpu);
    }
    for (unsigned i = 0; i < MAILBOXES; i++) {
        uint64_t *o = atomic_exchange(&mailbox[i], NULL);
        if (o) {
            cr_expect(stamped(o, shared_cache->obj_size / sizeof *o),
                      "expected the object left in mailbox %u intact", i);
            slab_free(shared_cache, o);
        }
    }
    struct slab_stats s = cache_stats(shared_cache);
    cr_expect_eq(s.active, 0, "expected nothing in use, got %llu", (unsigned long long)s.active);
    cr_expect_eq(slab_cache_destroy(shared_cache), VX_OK,
                 "expected destroy to collect the idle vCPUs' magazines and succeed");
}
