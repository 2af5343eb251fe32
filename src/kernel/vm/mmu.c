/*
 * vm/mmu.c - harts, ASIDs and shoot-downs (see mmu.h).
 *
 * The ASID sets are two bitmaps: `used` (allocated, or stale: freed but maybe still in a
 * TLB) and `stale`. Allocation scans `used` for a clear bit; when there is none, every hart's
 * TLB is flushed and the stale bits are cleared from `used` in one go.
 */
#define VX_SUBSYSTEM "mmu"
#include "kernel/vm/mmu.h"

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/param.h"
#include "lib/assert.h"
#include "lib/spinlock.h"

#define HART_ORDER 8u /* 1 MiB */
_Static_assert(sizeof(struct rv_hart) <= (FRAME_SIZE << HART_ORDER), "a hart outgrew 1 MiB");

#define ASID_WORDS ((RV_ASID_MAX + 1u) / 64u)

static struct rv_machine machine;
static struct rv_hart *harts[PARAM_MAX_CPUS];
static uint32_t nharts;

static struct spinlock asid_lock;
static uint64_t asid_used[ASID_WORDS];  /* (asid_lock) */
static uint64_t asid_stale[ASID_WORDS]; /* (asid_lock) */
static uint32_t asids_in_use;           /* (asid_lock) */

static _Atomic uint64_t shootdowns, code_flushes, asid_rollovers;

vx_status_t mmu_init(uint32_t ncpus)
{
    VX_ASSERT(ncpus > 0 && ncpus <= PARAM_MAX_CPUS);
    rv_machine_init(&machine, frame_region.base, frame_region.bytes);
    spin_init(&asid_lock, "asid");
    for (uint32_t i = 0; i < ASID_WORDS; i++)
        asid_used[i] = asid_stale[i] = 0;
    asid_used[0] = 1; /* ASID 0 is never handed out */
    asids_in_use = 0;
    for (uint32_t i = 0; i < ncpus; i++) {
        harts[i] = frame_alloc(HART_ORDER);
        if (!harts[i]) {
            while (i--)
                frame_free(harts[i], HART_ORDER);
            return VX_ENOMEM;
        }
        rv_hart_init(harts[i], &machine);
    }
    nharts = ncpus;
    return VX_OK;
}

const struct rv_machine *mmu_machine(void)
{
    return &machine;
}

struct rv_hart *mmu_hart(uint32_t cpu)
{
    VX_ASSERT(cpu < nharts);
    return harts[cpu];
}

static struct rv_hart *self_hart(void)
{
    uint32_t me = hio_cpu_self();
    return me < nharts ? harts[me] : NULL;
}

static uint64_t all_cpus(void)
{
    return nharts == 64 ? ~0ull : (1ull << nharts) - 1;
}

void mmu_shootdown(uint64_t cpus, uint32_t what)
{
    if (!cpus)
        return; /* the common case: nothing was mapped before */
    struct rv_hart *list[PARAM_MAX_CPUS];
    unsigned n = 0;
    struct rv_hart *self = self_hart();
    cpus &= all_cpus();
    for (uint32_t i = 0; i < nharts; i++)
        if (cpus & (1ull << i))
            list[n++] = harts[i];
    if (n == 0)
        return;
    if (n > 1 || list[0] != self)
        atomic_fetch_add_explicit(&shootdowns, 1, memory_order_relaxed);
    rv_shootdown(self, list, n, what);
}

void mmu_flush_code(void *page)
{
    struct frame *f = frame_of(page);
    if (!atomic_exchange_explicit(&f->decoded, 0, memory_order_acq_rel))
        return;
    atomic_fetch_add_explicit(&code_flushes, 1, memory_order_relaxed);
    mmu_shootdown(all_cpus(), RV_FLUSH_CODE);
}

static int find_clear(void)
{
    for (uint32_t w = 0; w < ASID_WORDS; w++) {
        if (asid_used[w] == ~0ull)
            continue;
        for (uint32_t b = 0; b < 64; b++)
            if (!(asid_used[w] & (1ull << b)))
                return (int)(w * 64 + b);
    }
    return -1;
}

vx_status_t mmu_asid_alloc(uint32_t *asid)
{
    spin_lock(&asid_lock);
    int a = find_clear();
    if (a < 0) {
        bool any_stale = false;
        for (uint32_t w = 0; w < ASID_WORDS; w++)
            any_stale |= asid_stale[w] != 0;
        if (any_stale) {
            /* The stale ASIDs may still tag entries in any TLB. Flushing under the lock keeps
             * other allocators from using one before the flush is done; it cannot deadlock,
             * as the shoot-down waits only for harts inside rv_run, which take no locks. */
            atomic_fetch_add_explicit(&asid_rollovers, 1, memory_order_relaxed);
            mmu_shootdown(all_cpus(), RV_FLUSH_TLB);
            for (uint32_t w = 0; w < ASID_WORDS; w++) {
                asid_used[w] &= ~asid_stale[w];
                asid_stale[w] = 0;
            }
            a = find_clear();
        }
    }
    if (a >= 0) {
        asid_used[a / 64] |= 1ull << (a % 64);
        asids_in_use++;
    }
    spin_unlock(&asid_lock);
    if (a < 0)
        return VX_ELIMIT;
    *asid = (uint32_t)a;
    return VX_OK;
}

void mmu_asid_free(uint32_t asid)
{
    VX_ASSERT(asid > 0 && asid <= RV_ASID_MAX);
    spin_lock(&asid_lock);
    VX_ASSERT(asid_used[asid / 64] & (1ull << (asid % 64)));
    asid_stale[asid / 64] |= 1ull << (asid % 64);
    asids_in_use--;
    spin_unlock(&asid_lock);
}

void mmu_get_stats(struct mmu_stats *s)
{
    s->shootdowns = atomic_load(&shootdowns);
    s->code_flushes = atomic_load(&code_flushes);
    s->asid_rollovers = atomic_load(&asid_rollovers);
    spin_lock(&asid_lock);
    s->asids_in_use = asids_in_use;
    spin_unlock(&asid_lock);
}
