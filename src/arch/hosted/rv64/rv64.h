/*
 * arch/hosted/rv64/rv64.h - the guest CPU: an RV64GC user-mode interpreter with an Sv39
 * software MMU.
 *
 * The kernel owns every privileged register natively; this module only runs user mode.
 * A guest thread's kernel side calls rv_run() with the thread's register file and its address
 * space (a satp value: Sv39 root page table in physical memory plus an ASID). The interpreter
 * runs until something needs the kernel and returns it as a trap: ecall, ebreak, an illegal
 * instruction, a page or access fault, a misaligned atomic, the instruction budget running
 * out, or the hart's interrupt flag being set by another thread.
 *
 * Objects:
 *   struct rv_machine  the physical memory the page tables and guest pages live in, and the
 *                      clock behind the `time` CSR. Shared by all harts; constant after init.
 *   struct rv_hart     one per vCPU: the software TLB (split for load, store and fetch, tagged
 *                      by ASID), the cache of decoded instructions (keyed by physical page),
 *                      the LR/SC reservation, and the interrupt/flush word other threads post
 *                      to. Only its owning vCPU runs it or touches its TLB (rule below).
 *   struct rv_regs     a guest thread's register file; the kernel keeps one per thread.
 *
 * Ownership: a hart is driven by exactly one host thread at a time (its vCPU). Other threads
 * may only call rv_interrupt() and rv_shootdown() on it. The TLB is not coherent with the
 * page tables: after changing a PTE the kernel must flush (rv_flush on its own hart,
 * rv_shootdown for the others), exactly as RISC-V software must execute sfence.vma. TLB
 * entries are tagged by ASID, so an ASID names one page table at a time: before giving an
 * ASID to another page table, flush it on every hart.
 *
 * Memory model: aligned guest loads and stores are single-copy atomic host accesses, AMOs are
 * host atomic read-modify-writes, fences are host fences, and SC succeeds only if the
 * reserved word still holds the value LR read; so threads of one guest on several vCPUs see
 * RVWMO-compatible behaviour. Misaligned loads and stores work (as Linux gives its guests);
 * misaligned atomics trap.
 *
 * Status: functions return a trap cause (rv_run), 0/-1-style results or nothing; nothing here
 * allocates memory: the caller provides every structure.
 */
#ifndef ARCH_HOSTED_RV64_RV64_H
#define ARCH_HOSTED_RV64_RV64_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- traps ------------------------------------------------------------------------------ */

/* Causes are the RISC-V scause exception codes (privileged spec, table "Supervisor cause
 * register values"), plus two of our own above the architectural range. */
enum rv_cause {
    RV_CAUSE_FETCH_MISALIGNED = 0, /* rv_run entered with an odd pc */
    RV_CAUSE_FETCH_ACCESS = 1,     /* fetch from a page outside physical memory */
    RV_CAUSE_ILLEGAL = 2,          /* tval = the instruction bits (or 0 if unreadable) */
    RV_CAUSE_BREAKPOINT = 3,       /* ebreak / c.ebreak; tval = pc */
    RV_CAUSE_LOAD_MISALIGNED = 4,  /* lr.w/lr.d on a misaligned address */
    RV_CAUSE_LOAD_ACCESS = 5,      /* load from a page outside physical memory */
    RV_CAUSE_STORE_MISALIGNED = 6, /* sc/amo on a misaligned address */
    RV_CAUSE_STORE_ACCESS = 7,
    RV_CAUSE_ECALL = 8, /* ecall from U-mode; tval = 0 */
    RV_CAUSE_FETCH_PAGE = 12,
    RV_CAUSE_LOAD_PAGE = 13,
    RV_CAUSE_STORE_PAGE = 15, /* store or AMO */
    RV_CAUSE_BUDGET = 0x100,    /* the instruction budget ran out; pc is the next instruction */
    RV_CAUSE_INTERRUPT = 0x101, /* rv_interrupt() was called; pc is the next instruction */
};

/* What rv_run stopped on. For exceptions pc (in the register file) is the trapping
 * instruction, which did not retire: an ecall handler advances pc by 4 itself. */
struct rv_trap {
    uint32_t cause;   /* enum rv_cause */
    uint64_t tval;    /* faulting address (page/access/misaligned), instruction bits (illegal) */
    uint64_t retired; /* instructions retired by this rv_run call */
};

/* ---- register file ---------------------------------------------------------------------- */

/* fcsr layout (unprivileged spec, "Floating-Point Control and Status Register"). */
#define RV_FFLAGS_MASK 0x1fu
#define RV_FRM_SHIFT   5u
#define RV_FCSR_MASK   0xffu

struct rv_regs {
    uint64_t x[32];   /* x[0] reads as zero; rv_run ignores whatever is stored there */
    uint64_t f[32];   /* raw bits; single-precision values are NaN-boxed */
    uint64_t pc;
    uint64_t instret; /* instructions this register file has retired (the instret CSR) */
    uint32_t fcsr;    /* frm << 5 | fflags */
};

/* ---- the machine: physical memory and clock --------------------------------------------- */

struct rv_machine {
    uint8_t *mem;       /* host address of guest physical address 0 */
    uint64_t mem_bytes; /* physical addresses [0, mem_bytes) exist; others give access faults */
    /* The `time` CSR, in ticks of RV_TIMEBASE_HZ. NULL: the host monotonic clock. */
    uint64_t (*rdtime)(void *ctx);
    void *rdtime_ctx;
};

/* Frequency of the `time` CSR, as a device tree's timebase-frequency would state it. */
#define RV_TIMEBASE_HZ 10000000ull

void rv_machine_init(struct rv_machine *m, void *mem, uint64_t mem_bytes);

/* ---- address spaces: Sv39 ---------------------------------------------------------------- */

#define RV_PAGE_SHIFT 12u
#define RV_PAGE_SIZE  (1ull << RV_PAGE_SHIFT)

/* satp: MODE[63:60] = 8 (Sv39), ASID[59:44], PPN[43:0]. This implementation keeps 11 ASID
 * bits (the spec lets ASIDLEN be smaller than 16; higher bits read as zero): RV_ASID_MAX is
 * the largest ASID. Eleven bits let a TLB tag hold page | ASID with bit 11 never set. */
#define RV_SATP_MODE_SV39 8ull
#define RV_SATP_MODE_SHIFT 60u
#define RV_SATP_ASID_SHIFT 44u
#define RV_SATP_PPN_MASK  ((1ull << 44) - 1)
#define RV_ASID_MAX       0x7ffu

static inline uint64_t rv_satp(uint64_t root_paddr, uint32_t asid)
{
    return RV_SATP_MODE_SV39 << RV_SATP_MODE_SHIFT | (uint64_t)(asid & RV_ASID_MAX)
                                                         << RV_SATP_ASID_SHIFT |
           (root_paddr >> RV_PAGE_SHIFT);
}

/* Sv39 page-table entry bits (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory
 * System"). A PTE's PPN is bits 53:10. Bits 63:54 (N, PBMT, reserved) must be zero here. */
#define RV_PTE_V (1ull << 0)
#define RV_PTE_R (1ull << 1)
#define RV_PTE_W (1ull << 2)
#define RV_PTE_X (1ull << 3)
#define RV_PTE_U (1ull << 4)
#define RV_PTE_G (1ull << 5)
#define RV_PTE_A (1ull << 6)
#define RV_PTE_D (1ull << 7)
#define RV_PTE_PPN_SHIFT 10u
#define RV_PTE_PPN_MASK  (((1ull << 44) - 1) << RV_PTE_PPN_SHIFT)
#define RV_PTE_HIGH_MASK (~0ull << 54)

static inline uint64_t rv_pte(uint64_t paddr, uint64_t bits)
{
    return (paddr >> RV_PAGE_SHIFT) << RV_PTE_PPN_SHIFT | bits;
}

enum rv_access { RV_ACCESS_LOAD, RV_ACCESS_STORE, RV_ACCESS_FETCH };

/* Translate `va` as a user-mode access of kind `acc` would, by walking the page tables (no
 * TLB), setting A (and D for stores) as hardware does. On success returns 0 and the physical
 * address in *pa; otherwise the trap cause (page fault or access fault) for that access.
 * Usable from any thread (the kernel copies to and from guest memory with it). */
uint32_t rv_translate(const struct rv_machine *m, uint64_t satp, uint64_t va,
                      enum rv_access acc, uint64_t *pa);

/* ---- harts ------------------------------------------------------------------------------- */

/* Software TLB: direct-mapped, one table per access kind. */
#define RV_TLB_ENTRIES 256u
/* Decoded-instruction cache: this many physical code pages, each decoded lazily. 31, not 32,
 * so a whole hart fits in 1 MiB (one order-8 block of frames). */
#define RV_DCACHE_PAGES 31u
#define RV_INSNS_PER_PAGE (RV_PAGE_SIZE / 2u) /* one slot per 2-byte parcel */

struct rv_tlb_entry {
    uint64_t tag;     /* virtual page | ASID; RV_TLB_INVALID when empty */
    uintptr_t addend; /* host address = guest va + addend */
};

/* A decoded instruction (decode.c). `op` 0 means "not decoded yet". */
struct rv_insn {
    int32_t handler;           /* exec.c: where op's code is, relative to the first handler */
    int32_t imm;               /* immediate, or CSR number */
    uint16_t op;
    uint8_t rd, rs1, rs2, rs3; /* register numbers; an integer rd of x0 becomes RV_XSINK */
    uint8_t len;               /* 2 or 4 */
    uint8_t rm;                /* FP rounding mode field, or fence bits */
};

/* Two extra slots past the end hold a "page end" marker: straight-line execution steps from
 * one slot to the next without looking at pc, and lands on a marker when it leaves the page. */
struct rv_dcache_page {
    uint64_t ppn;  /* physical page number, or RV_DCACHE_EMPTY */
    uint64_t used; /* rv_hart.dcache_clock when last looked up */
    struct rv_insn insn[RV_INSNS_PER_PAGE + 2];
};

/* Bits of rv_hart.irq, posted by other threads. */
#define RV_IRQ_INTERRUPT 1u /* rv_interrupt(): stop with RV_CAUSE_INTERRUPT */
#define RV_IRQ_FLUSH     2u /* rv_shootdown(): apply rv_hart.flush_pending */

/* What to flush (rv_flush, rv_shootdown). */
#define RV_FLUSH_TLB  1u /* every translation of every ASID */
#define RV_FLUSH_CODE 2u /* every decoded instruction (fence.i, code page changed) */

struct rv_hart {
    const struct rv_machine *m;
    /* Owner only. */
    struct rv_tlb_entry tlb[3][RV_TLB_ENTRIES]; /* indexed by enum rv_access */
    bool tlb_has_superpages;                    /* some entry came from a 2M/1G leaf */
    uint8_t tlb_level[3][RV_TLB_ENTRIES];       /* leaf level of each entry (0: 4K) */
    uint64_t resv_va;                           /* LR reservation: address, or ~0 */
    uint64_t resv_val;                          /*   and the value LR read */
    /* Posted by any thread. */
    _Atomic uint32_t irq;           /* RV_IRQ_* */
    _Atomic uint32_t flush_pending; /* RV_FLUSH_* requested by rv_shootdown */
    _Atomic uint64_t flush_seq;     /* requests posted */
    _Atomic uint64_t flush_ack;     /* requests applied (owner writes) */
    _Atomic uint32_t in_guest;      /* inside rv_run (owner writes) */
    uint64_t dcache_clock;          /* (owner) counts decoded-cache lookups */
    /* Owner only; large, last. */
    struct rv_dcache_page dcache[RV_DCACHE_PAGES];
};

/* Prepare a hart (everything empty). `m` must outlive it. */
void rv_hart_init(struct rv_hart *h, const struct rv_machine *m);

/* Run `r` in the address space `satp` for at most `budget` instructions (budget > 0), or
 * until a trap. Returns the cause (also in t->cause). The caller must own the hart. An satp
 * whose MODE is not Sv39 gives RV_CAUSE_FETCH_ACCESS with tval = pc. */
uint32_t rv_run(struct rv_hart *h, struct rv_regs *r, uint64_t satp, uint64_t budget,
                struct rv_trap *t);

/* Make the hart stop at its next instruction boundary check (taken branches, jumps, page
 * crossings, at most ~budget instructions away) with RV_CAUSE_INTERRUPT. Any thread; the
 * flag is consumed by the trap that reports it. */
void rv_interrupt(struct rv_hart *h);

/* Local flushes. Caller must own the hart. */
void rv_flush(struct rv_hart *h, uint32_t what);            /* RV_FLUSH_* */
void rv_flush_asid(struct rv_hart *h, uint32_t asid);       /* all pages of one ASID */
void rv_flush_page(struct rv_hart *h, uint32_t asid, uint64_t va); /* one page (or superpage) */

/* Copy len bytes between buf and guest memory at va in the address space `satp` (to_guest:
 * a store, else a load), using only translations this hart's TLB holds now: the kernel's fast
 * path for a kernel call's arguments, which the guest has usually just touched. No page walk,
 * no fault: false if some page has no TLB entry for that access (a store entry exists only
 * for a writable, dirty page), and the caller takes its slow path (a store may have been
 * done in part; doing it again is harmless). Caller must own the hart. It counts as guest
 * access for rv_shootdown, so a mapping cannot go away under the copy. */
bool rv_tlb_copy(struct rv_hart *h, uint64_t satp, uint64_t va, void *buf, size_t len,
                 bool to_guest);

/* Shoot down translations (and/or decoded code) on other harts: post `what` to each of
 * harts[0..n), make any that is running guest code stop at its next check to apply it, and
 * wait until every hart that was inside rv_run has applied it. A hart that is not running a
 * guest applies it when rv_run next starts, before any translation. `self` (may be NULL) is
 * the caller's own hart: it is flushed directly. Remote flushes are whole-TLB: cheaper than
 * a precise queue for how rarely they happen. */
void rv_shootdown(struct rv_hart *self, struct rv_hart *const *harts, unsigned n,
                  uint32_t what);

#endif /* ARCH_HOSTED_RV64_RV64_H */
