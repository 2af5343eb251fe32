/*
 * selftest/st_mm.c - memory self-tests on real vCPUs: every vCPU allocating and freeing at
 * once, through its own caches, with each block's contents checked before it is given back.
 */
#define VX_SUBSYSTEM "selftest"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/selftest/selftest.h"
#include "lib/prng.h"
#include "lib/string.h"

#define MM_SLOTS 64
#define MM_ROUNDS 3000

struct mm_worker {
    uint64_t seed;           /* PRNG state: changes as the worker runs */
    unsigned long long tag;  /* pattern key: fixed per worker */
    bool use_kmalloc;
};

/* Fill a block with a pattern derived from its address and our seed. */
static void fill(void *p, size_t len, unsigned long long tag)
{
    unsigned long long *w = p;
    for (size_t i = 0; i < len / sizeof *w; i += 64)
        w[i] = tag ^ (unsigned long long)(uintptr_t)&w[i];
}

static bool intact(const void *p, size_t len, unsigned long long tag)
{
    const unsigned long long *w = p;
    for (size_t i = 0; i < len / sizeof *w; i += 64) {
        if (w[i] != (tag ^ (unsigned long long)(uintptr_t)&w[i]))
            return false;
    }
    return true;
}

static size_t slot_size(const struct mm_worker *w, unsigned order_or_class)
{
    return w->use_kmalloc ? (size_t)16 << order_or_class : (size_t)FRAME_SIZE << order_or_class;
}

static int mm_worker_main(void *arg)
{
    struct mm_worker *w = arg;
    void *slot[MM_SLOTS] = {0};
    unsigned kind[MM_SLOTS] = {0};
    int bad = 0;
    for (unsigned r = 0; r < MM_ROUNDS; r++) {
        unsigned i = (unsigned)(vx_prng_next(&w->seed) % MM_SLOTS);
        if (slot[i]) {
            if (!intact(slot[i], slot_size(w, kind[i]), w->tag))
                bad = 1;
            if (w->use_kmalloc)
                kfree(slot[i]);
            else
                frame_free(slot[i], kind[i]);
            slot[i] = NULL;
            continue;
        }
        kind[i] = (unsigned)(vx_prng_next(&w->seed) % (w->use_kmalloc ? 9 : 4));
        slot[i] = w->use_kmalloc ? kmalloc(slot_size(w, kind[i])) : frame_alloc(kind[i]);
        if (slot[i])
            fill(slot[i], slot_size(w, kind[i]), w->tag);
        if ((r & 63) == 0)
            sched_relinquish(); /* let the other workers on this vCPU interleave */
    }
    for (unsigned i = 0; i < MM_SLOTS; i++) {
        if (!slot[i])
            continue;
        if (!intact(slot[i], slot_size(w, kind[i]), w->tag))
            bad = 1;
        if (w->use_kmalloc)
            kfree(slot[i]);
        else
            frame_free(slot[i], kind[i]);
    }
    return bad;
}

static const char *concurrent(char *msg, bool use_kmalloc)
{
    struct mm_worker workers[16];
    unsigned n = 2 * sched_ncpus();
    for (unsigned i = 0; i < n; i++)
        workers[i] = (struct mm_worker){.seed = 0x9e3779b97f4a7c15ull * (i + 1),
                                        .tag = 0xa5a5a5a5ull << 16 | i,
                                        .use_kmalloc = use_kmalloc};
    int failures = st_parallel(n, mm_worker_main, workers, sizeof workers[0], PARAM_PRIO_DEFAULT,
                               true);
    ST_CHECK(failures == 0, msg, "%d of %u workers found a block overwritten (or no threads)",
             failures, n);
    return NULL;
}

static const char *frames_concurrent_alloc_free_keeps_blocks_private(char *msg)
{
    return concurrent(msg, false);
}

static const char *kmalloc_concurrent_alloc_free_keeps_objects_private(char *msg)
{
    return concurrent(msg, true);
}

static const char *frames_exhaustion_fails_cleanly_and_recovers(char *msg)
{
    struct frame_stats before, after;
    frame_get_stats(&before);
    /* Take every max-order block, chaining them through their first word. */
    void *chain = NULL;
    unsigned taken = 0;
    for (void *b; (b = frame_alloc(PARAM_FRAME_MAX_ORDER)) != NULL; taken++) {
        *(void **)b = chain;
        chain = b;
    }
    frame_get_stats(&after);
    ST_CHECK(after.failures == before.failures + 1, msg,
             "expected exactly one failed allocation counted, got %llu",
             (unsigned long long)(after.failures - before.failures));
    ST_CHECK(taken > 0, msg, "expected some free 4 MiB blocks at the start");
    while (chain) {
        void *next = *(void **)chain;
        frame_free(chain, PARAM_FRAME_MAX_ORDER);
        chain = next;
    }
    void *again = frame_alloc(PARAM_FRAME_MAX_ORDER);
    ST_CHECK(again != NULL, msg, "a 4 MiB block must be available again after the frees");
    frame_free(again, PARAM_FRAME_MAX_ORDER);
    return NULL;
}

const struct selftest st_mm_tests[] = {
    {"frame.concurrent_alloc_free", frames_concurrent_alloc_free_keeps_blocks_private},
    {"frame.exhaustion_recovers", frames_exhaustion_fails_cleanly_and_recovers},
    {"slab.kmalloc_concurrent", kmalloc_concurrent_alloc_free_keeps_objects_private},
};
const unsigned st_mm_count = sizeof st_mm_tests / sizeof st_mm_tests[0];
