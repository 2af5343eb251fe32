/*
 * arch/hosted/rv64/mmu.c - Sv39 page-table walker, software TLB, flushes and shoot-downs.
 *
 * The walker follows the privileged spec's algorithm ("Virtual Address Translation Process")
 * for a U-mode access: three levels of 512 PTEs from the root in satp; a PTE with R or X set
 * is a leaf (at level 2 a 1 GiB page, at level 1 a 2 MiB page); a leaf must have U, the
 * permission for the access, and a PPN aligned to its page size; A (and D for a store) are set
 * with a compare-and-swap on the PTE, as a hardware updater would, and the walk restarts if
 * the PTE changed underneath. Anything else is a page fault; a PTE or page outside physical
 * memory is an access fault.
 *
 * The TLB caches one 4 KiB translation per entry (superpages are cached a 4 KiB piece at a
 * time, and their level is remembered so flushing a superpage's address flushes all its
 * pieces). Tags are page | ASID, so a context switch needs no flush. A store entry is only
 * made from a PTE whose D bit is set, so a store through the TLB never needs to set it.
 *
 * Other harts' TLBs are reached through rv_shootdown: a posted request, the hart's irq word,
 * and an acknowledgement counter (see the protocol comment there).
 */
#include "arch/hosted/rv64/rv_internal.h"
#include "arch/hosted/cpu_relax.h"
#include "hostio.h"

#define LEVELS        3u
#define VPN_BITS      9u
#define PTE_BYTES     8u
#define SV39_VA_BITS  39u

static uint64_t host_rdtime(void *ctx)
{
    (void)ctx;
    return hio_clock_ns() / (1000000000ull / RV_TIMEBASE_HZ);
}

void rv_machine_init(struct rv_machine *m, void *mem, uint64_t mem_bytes)
{
    m->mem = mem;
    m->mem_bytes = mem_bytes;
    m->rdtime = host_rdtime;
    m->rdtime_ctx = 0;
}

static uint32_t page_fault(enum rv_access acc)
{
    static const uint32_t cause[3] = {RV_CAUSE_LOAD_PAGE, RV_CAUSE_STORE_PAGE,
                                      RV_CAUSE_FETCH_PAGE};
    return cause[acc];
}

static uint32_t access_fault(enum rv_access acc)
{
    static const uint32_t cause[3] = {RV_CAUSE_LOAD_ACCESS, RV_CAUSE_STORE_ACCESS,
                                      RV_CAUSE_FETCH_ACCESS};
    return cause[acc];
}

static uint64_t leaf_permission(enum rv_access acc)
{
    static const uint64_t need[3] = {RV_PTE_R, RV_PTE_W, RV_PTE_X};
    return need[acc];
}

/* The walk; on success *pa and *level (0 for a 4 KiB leaf, 1 for 2 MiB, 2 for 1 GiB). */
static uint32_t walk(const struct rv_machine *m, uint64_t satp, uint64_t va, enum rv_access acc,
                     uint64_t *pa, unsigned *level_out)
{
    if (satp >> RV_SATP_MODE_SHIFT != RV_SATP_MODE_SV39)
        return access_fault(acc);
    /* Bits 63:39 must all equal bit 38. */
    if ((uint64_t)((int64_t)(va << (64 - SV39_VA_BITS)) >> (64 - SV39_VA_BITS)) != va)
        return page_fault(acc);

    uint64_t table = (satp & RV_SATP_PPN_MASK) << RV_PAGE_SHIFT;
    for (int level = LEVELS - 1; level >= 0; level--) {
        unsigned shift = RV_PAGE_SHIFT + VPN_BITS * (unsigned)level;
        uint64_t pte_pa = table + ((va >> shift) & ((1u << VPN_BITS) - 1)) * PTE_BYTES;
        if (pte_pa >= m->mem_bytes || m->mem_bytes - pte_pa < PTE_BYTES)
            return access_fault(acc);
        uint64_t *ptep = (uint64_t *)(void *)(m->mem + pte_pa);
        uint64_t pte;
    again:
        pte = __atomic_load_n(ptep, __ATOMIC_ACQUIRE);
        if (!(pte & RV_PTE_V) || (!(pte & RV_PTE_R) && (pte & RV_PTE_W)) ||
            (pte & RV_PTE_HIGH_MASK))
            return page_fault(acc);
        uint64_t ppn_pa = ((pte & RV_PTE_PPN_MASK) >> RV_PTE_PPN_SHIFT) << RV_PAGE_SHIFT;
        if (!(pte & (RV_PTE_R | RV_PTE_X))) { /* pointer to the next level */
            table = ppn_pa;
            continue;
        }
        uint64_t span = 1ull << shift;
        if (!(pte & RV_PTE_U) || !(pte & leaf_permission(acc)) || (ppn_pa & (span - 1)))
            return page_fault(acc);
        uint64_t need = RV_PTE_A | (acc == RV_ACCESS_STORE ? RV_PTE_D : 0);
        if ((pte & need) != need &&
            !__atomic_compare_exchange_n(ptep, &pte, pte | need, false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            goto again;
        uint64_t addr = ppn_pa + (va & (span - 1));
        uint64_t page = addr & ~(RV_PAGE_SIZE - 1);
        if (page >= m->mem_bytes || m->mem_bytes - page < RV_PAGE_SIZE)
            return access_fault(acc);
        *pa = addr;
        *level_out = (unsigned)level;
        return 0;
    }
    return page_fault(acc); /* a pointer PTE at level 0 */
}

uint32_t rv_translate(const struct rv_machine *m, uint64_t satp, uint64_t va,
                      enum rv_access acc, uint64_t *pa)
{
    unsigned level;
    return walk(m, satp, va, acc, pa, &level);
}


uint8_t *rv_tlb_fill(struct rv_hart *h, uint64_t satp, uint64_t va, enum rv_access acc,
                     uint32_t *cause)
{
    uint64_t pa;
    unsigned level;
    uint32_t c = walk(h->m, satp, va, acc, &pa, &level);
    if (c) {
        *cause = c;
        return 0;
    }
    uint8_t *host_page = h->m->mem + (pa & ~(RV_PAGE_SIZE - 1));
    unsigned i = rv_tlb_index(va, satp_asid(satp));
    struct rv_tlb_entry *e = &h->tlb[acc][i];
    e->tag = rv_tlb_tag(va, satp_asid(satp));
    e->addend = (uintptr_t)host_page - (va & ~(RV_PAGE_SIZE - 1));
    h->tlb_level[acc][i] = (uint8_t)level;
    if (level)
        h->tlb_has_superpages = true;
    return host_page + (va & (RV_PAGE_SIZE - 1));
}

/* ---- flushes ------------------------------------------------------------------------------- */

static void tlb_clear(struct rv_hart *h)
{
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < RV_TLB_ENTRIES; i++)
            h->tlb[a][i].tag = RV_TLB_INVALID;
    h->tlb_has_superpages = false;
}

void rv_flush(struct rv_hart *h, uint32_t what)
{
    if (what & RV_FLUSH_TLB)
        tlb_clear(h);
    if (what & RV_FLUSH_CODE)
        for (unsigned i = 0; i < RV_DCACHE_PAGES; i++) {
            h->dcache[i].ppn = RV_DCACHE_EMPTY;
            h->dcache[i].used = 0;
        }
}

void rv_flush_asid(struct rv_hart *h, uint32_t asid)
{
    asid &= RV_ASID_MAX;
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < RV_TLB_ENTRIES; i++)
            if ((h->tlb[a][i].tag & (RV_PAGE_SIZE - 1)) == asid)
                h->tlb[a][i].tag = RV_TLB_INVALID;
}

void rv_flush_page(struct rv_hart *h, uint32_t asid, uint64_t va)
{
    asid &= RV_ASID_MAX;
    if (!h->tlb_has_superpages) {
        unsigned i = rv_tlb_index(va, asid);
        for (unsigned a = 0; a < 3; a++)
            if (h->tlb[a][i].tag == rv_tlb_tag(va, asid))
                h->tlb[a][i].tag = RV_TLB_INVALID;
        return;
    }
    /* An entry from a superpage covering va may sit at any index. */
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < RV_TLB_ENTRIES; i++) {
            uint64_t tag = h->tlb[a][i].tag;
            unsigned shift = RV_PAGE_SHIFT + VPN_BITS * h->tlb_level[a][i];
            if ((tag & (RV_PAGE_SIZE - 1)) == asid && ((tag ^ va) >> shift) == 0)
                h->tlb[a][i].tag = RV_TLB_INVALID;
        }
}

void rv_hart_init(struct rv_hart *h, const struct rv_machine *m)
{
    h->m = m;
    tlb_clear(h);
    rv_flush(h, RV_FLUSH_CODE);
    h->resv_va = ~0ull;
    h->dcache_clock = 0;
    h->resv_val = 0;
    atomic_init(&h->irq, 0);
    atomic_init(&h->flush_pending, 0);
    atomic_init(&h->flush_seq, 0);
    atomic_init(&h->flush_ack, 0);
    atomic_init(&h->in_guest, 0);
}

void rv_interrupt(struct rv_hart *h)
{
    atomic_fetch_or(&h->irq, RV_IRQ_INTERRUPT);
}

/*
 * Shoot-down protocol. The initiator ORs the request into flush_pending, then increments
 * flush_seq, then raises RV_IRQ_FLUSH; the target (at an instruction-boundary check, or when
 * rv_run starts) clears RV_IRQ_FLUSH, reads flush_seq, takes flush_pending, flushes, and
 * stores the sequence number it read into flush_ack. Whatever the target took was posted
 * before the sequence it read, so flush_ack >= s means "request s is applied".
 * The initiator waits only while the target is in_guest: rv_run sets in_guest before it
 * checks for requests and the initiator posts before it reads in_guest (all seq_cst), so
 * either the initiator sees in_guest and waits, or the target sees the request on entry.
 * A target leaving rv_run clears in_guest after its last guest access (release).
 */
void rv_apply_posted_flushes(struct rv_hart *h)
{
    atomic_fetch_and(&h->irq, ~RV_IRQ_FLUSH);
    uint64_t seq = atomic_load(&h->flush_seq);
    uint32_t what = atomic_exchange(&h->flush_pending, 0);
    if (what)
        rv_flush(h, what);
    atomic_store(&h->flush_ack, seq);
}

bool rv_tlb_copy(struct rv_hart *h, uint64_t satp, uint64_t va, void *buf, size_t len,
                 bool to_guest)
{
    uint32_t asid = satp_asid(satp);
    enum rv_access acc = to_guest ? RV_ACCESS_STORE : RV_ACCESS_LOAD;
    uint8_t *b = buf;
    bool ok = true;
    /* As rv_run does on entry: say we are in, then apply what was posted before. */
    atomic_store(&h->in_guest, 1);
    if (atomic_load(&h->flush_seq) != atomic_load(&h->flush_ack))
        rv_apply_posted_flushes(h);
    while (len) {
        size_t at = (size_t)(va & (RV_PAGE_SIZE - 1));
        size_t n = RV_PAGE_SIZE - at < len ? RV_PAGE_SIZE - at : len;
        const struct rv_tlb_entry *e = &h->tlb[acc][rv_tlb_index(va, asid)];
        if (e->tag != rv_tlb_tag(va, asid)) {
            ok = false;
            break;
        }
        uint8_t *p = (uint8_t *)(uintptr_t)(va + e->addend);
        if (to_guest)
            __builtin_memcpy(p, b, n);
        else
            __builtin_memcpy(b, p, n);
        va += n;
        b += n;
        len -= n;
    }
    atomic_store_explicit(&h->in_guest, 0, memory_order_release);
    return ok;
}

void rv_shootdown(struct rv_hart *self, struct rv_hart *const *harts, unsigned n,
                  uint32_t what)
{
    for (unsigned i = 0; i < n; i++) {
        struct rv_hart *h = harts[i];
        if (h == self) {
            rv_flush(h, what);
            continue;
        }
        atomic_fetch_or(&h->flush_pending, what);
        atomic_fetch_add(&h->flush_seq, 1);
        atomic_fetch_or(&h->irq, RV_IRQ_FLUSH);
    }
    for (unsigned i = 0; i < n; i++) {
        struct rv_hart *h = harts[i];
        if (h == self)
            continue;
        uint64_t want = atomic_load(&h->flush_seq);
        while (atomic_load(&h->in_guest) && atomic_load(&h->flush_ack) < want)
            arch_cpu_relax();
    }
}
