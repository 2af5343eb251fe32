/*
 * arch/hosted/rv64/exec.c - the interpreter loop: rv_run.
 *
 * Instructions are fetched from the decoded-instruction cache, not from memory: the current
 * code page's physical page number selects a slot of 2048 decoded instructions (one per
 * 2-byte parcel), decoded lazily the first time each is reached. The slot stays valid until
 * fence.i or a flush of decoded code; stores do not invalidate it, exactly as RISC-V lets
 * stale instructions execute until the hart runs fence.i. An instruction whose second half
 * lies on the next page is decoded afresh each time (RV_OP_CROSS_PAGE).
 *
 * The loop dispatches with computed goto (one indirect jump per handler, which branch
 * predictors like). Each instruction costs one budget unit; taken branches, jumps and page
 * crossings also check the hart's irq word, so an interrupt or a shoot-down waits at most
 * for straight-line code to end. Loads and stores try the TLB inline and call out on a miss,
 * or when misaligned.
 *
 * Traps leave pc at the trapping instruction, which does not count as retired.
 */
#include "arch/hosted/fence.h"
#include "arch/hosted/rv64/rv_internal.h"

#define FETCH_NONE 1ull /* fetch_page value that no pc matches (pc pages are aligned) */

/* fence pred/succ bits (unprivileged spec, "Memory Ordering Instructions"). */
#define FENCE_W_BEFORE 0x10u /* PW */
#define FENCE_R_AFTER  0x02u /* SR */

static inline uint64_t sext32(uint64_t v)
{
    return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

/* ---- slow memory paths: misaligned, maybe across a page boundary --------------------------- */

/* Host addresses of the bytes [va, va+n) for `acc`: p[0] for the part in va's page, p[1] for
 * the rest (if the access crosses into the next page). Returns 0 or the fault cause, with
 * the address of the faulting part in *fault_va. */
static uint32_t translate_span(struct rv_hart *h, uint64_t satp, uint32_t asid, uint64_t va,
                               unsigned n, enum rv_access acc, uint8_t *p[2], unsigned *first,
                               uint64_t *fault_va)
{
    uint32_t cause = 0;
    uint64_t off = va & (RV_PAGE_SIZE - 1);
    *first = off + n > RV_PAGE_SIZE ? (unsigned)(RV_PAGE_SIZE - off) : n;
    p[1] = 0;
    p[0] = rv_tlb_lookup(h, satp, asid, va, acc, &cause);
    if (!p[0]) {
        *fault_va = va;
        return cause;
    }
    if (*first < n) {
        p[1] = rv_tlb_lookup(h, satp, asid, va + *first, acc, &cause);
        if (!p[1]) {
            *fault_va = va + *first;
            return cause;
        }
    }
    return 0;
}

static uint32_t load_slow(struct rv_hart *h, uint64_t satp, uint32_t asid, uint64_t va,
                          unsigned n, uint64_t *out, uint64_t *fault_va)
{
    uint8_t *p[2];
    unsigned first;
    uint32_t cause = translate_span(h, satp, asid, va, n, RV_ACCESS_LOAD, p, &first, fault_va);
    if (cause)
        return cause;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *b = i < first ? p[0] + i : p[1] + (i - first);
        v |= (uint64_t)__atomic_load_n(b, __ATOMIC_RELAXED) << (8 * i);
    }
    *out = v;
    return 0;
}

/* Both pages are checked before the first byte is written, so a faulting store changes
 * nothing. */
static uint32_t store_slow(struct rv_hart *h, uint64_t satp, uint32_t asid, uint64_t va,
                           unsigned n, uint64_t v, uint64_t *fault_va)
{
    uint8_t *p[2];
    unsigned first;
    uint32_t cause = translate_span(h, satp, asid, va, n, RV_ACCESS_STORE, p, &first, fault_va);
    if (cause)
        return cause;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *b = i < first ? p[0] + i : p[1] + (i - first);
        __atomic_store_n(b, (uint8_t)(v >> (8 * i)), __ATOMIC_RELAXED);
    }
    return 0;
}

static inline uint16_t parcel(const uint8_t *p)
{
    return __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_RELAXED);
}

/* The decoded-instruction slot for the physical page holding host address `host_page`. A page
 * may live in two slots (two-way: the code pages of two programs taking turns on a vCPU
 * collided often enough in a direct-mapped cache to re-decode at every switch); a new page
 * takes the one used longer ago. */
static struct rv_insn *dcache_page(struct rv_hart *h, const uint8_t *host_page,
                                   int32_t page_end_handler)
{
    uint64_t ppn = (uint64_t)(host_page - h->m->mem) >> RV_PAGE_SHIFT;
    uint64_t other = ppn + 1 + ppn / RV_DCACHE_PAGES % (RV_DCACHE_PAGES - 1); /* never a */
    struct rv_dcache_page *a = &h->dcache[ppn % RV_DCACHE_PAGES];
    struct rv_dcache_page *b = &h->dcache[other % RV_DCACHE_PAGES];
    struct rv_dcache_page *dp = a->ppn == ppn || (b->ppn != ppn && a->used <= b->used) ? a : b;
    dp->used = ++h->dcache_clock;
    if (dp->ppn != ppn) {
        __builtin_memset(dp->insn, 0, sizeof dp->insn); /* RV_OP_UNDECODED is 0 */
        for (unsigned i = RV_INSNS_PER_PAGE; i < RV_INSNS_PER_PAGE + 2; i++) {
            dp->insn[i].op = RV_OP_PAGE_END;
            dp->insn[i].handler = page_end_handler;
        }
        dp->ppn = ppn;
    }
    return dp->insn;
}

static uint64_t csr_read(const struct rv_hart *h, unsigned csr, uint32_t fcsr, uint64_t instret)
{
    switch (csr) {
    case RV_CSR_FFLAGS: return fcsr & RV_FFLAGS_MASK;
    case RV_CSR_FRM: return (fcsr >> RV_FRM_SHIFT) & 7u;
    case RV_CSR_FCSR: return fcsr & RV_FCSR_MASK;
    case RV_CSR_TIME: return h->m->rdtime(h->m->rdtime_ctx);
    default: return instret; /* cycle and instret: one cycle per instruction */
    }
}

static uint32_t csr_write(unsigned csr, uint32_t fcsr, uint64_t v)
{
    switch (csr) {
    case RV_CSR_FFLAGS: return (fcsr & ~RV_FFLAGS_MASK) | ((uint32_t)v & RV_FFLAGS_MASK);
    case RV_CSR_FRM: return (fcsr & RV_FFLAGS_MASK) | ((uint32_t)v & 7u) << RV_FRM_SHIFT;
    default: return (uint32_t)v & RV_FCSR_MASK; /* fcsr; decode let no other writes through */
    }
}

/* ---- floating point on the host FPU, when that is exact ------------------------------------- */

/* The common F/D operations with a fast path; the rest, and every case the fast path does not
 * cover, go to rv_fp_exec. */
#define RV_OPS_FP_FAST(X)                                                                    \
    X(FADD_D) X(FSUB_D) X(FMUL_D) X(FDIV_D) X(FADD_S) X(FSUB_S) X(FMUL_S) X(FDIV_S)

/* The operations compressed instructions decode to (decode.c). */
#define RV_OPS_C(X)                                                                          \
    X(JAL) X(JALR) X(BEQ) X(BNE) X(LW) X(LD) X(SW) X(SD) X(FLD) X(FSD) X(ADDI) X(ANDI)         \
    X(SLLI) X(SRLI) X(SRAI) X(ADD) X(SUB) X(XOR) X(OR) X(AND) X(ADDIW) X(ADDW) X(SUBW) X(LUI)

#define FRM_RNE      0u
#define FRM_DYNAMIC  7u
#define FFLAGS_NX    1u
#define F64_EXP(v)   (((v) >> 52) & 0x7ffu)
#define F32_EXP(v)   (((v) >> 23) & 0xffu)
#define F32_BOXED(v) (((v) >> 32) == 0xffffffffu)

/*
 * IEEE-754 addition, subtraction, multiplication and division round the exact result once,
 * so the host FPU (SSE2 on x86-64, the FPU of aarch64; both round to nearest-even by
 * default and never trap) gives bit for bit what softfp gives, for round-to-nearest-even.
 * What it does not give is the RISC-V flags. They are known without computing them when:
 * inexact is already set in fflags (it is sticky: nearly all numeric code sets it early and
 * never clears it), both operands are normal or zero (no NaN, infinity or subnormal: so no
 * invalid operation, and no division by zero once the result is finite), and the result is
 * a finite normal number (no overflow, and no underflow since tininess is detected after
 * rounding). Then the only flag the operation could raise is inexact, which is set. Any other
 * case takes the exact path through softfp.
 */
static inline bool fast_rne(unsigned rm, uint32_t fcsr)
{
    if (rm == FRM_DYNAMIC)
        rm = (fcsr >> RV_FRM_SHIFT) & 7u;
    return rm == FRM_RNE && (fcsr & FFLAGS_NX);
}

static inline bool f64_normal(uint64_t v) { return F64_EXP(v) - 1u < 0x7feu; }
static inline bool f64_normal_or_zero(uint64_t v) { return f64_normal(v) || (v << 1) == 0; }
static inline bool f32_normal(uint32_t v) { return F32_EXP(v) - 1u < 0xfeu; }
static inline bool f32_normal_or_zero(uint32_t v) { return f32_normal(v) || (v << 1) == 0; }

static inline double f64_of(uint64_t v) { double x; __builtin_memcpy(&x, &v, sizeof x); return x; }
static inline uint64_t bits_of_f64(double x) { uint64_t v; __builtin_memcpy(&v, &x, sizeof v); return v; }
static inline float f32_of(uint32_t v) { float x; __builtin_memcpy(&x, &v, sizeof x); return x; }
static inline uint32_t bits_of_f32(float x) { uint32_t v; __builtin_memcpy(&v, &x, sizeof v); return v; }

/* ---- the loop -------------------------------------------------------------------------------- */

uint32_t rv_run(struct rv_hart *h, struct rv_regs *r, uint64_t satp, uint64_t budget,
                struct rv_trap *t)
{
    /* Handler of each operation as an offset from op_UNDECODED, which therefore is offset 0:
     * a freshly zeroed decode slot dispatches to the decoder. A slot keeps its operation's
     * offset, so dispatch is one load and an indirect jump. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
    static const int32_t handler_of[RV_OP_COUNT] = {
        [0 ... RV_OP_COUNT - 1] = &&op_FP - &&op_UNDECODED,
#define RV_LABEL(name) [RV_OP_##name] = &&op_##name - &&op_UNDECODED,
        RV_OPS_INT(RV_LABEL)
        RV_OPS_FP_FAST(RV_LABEL)
#undef RV_LABEL
    };
    /* Compressed instructions: the WITH_C copies; the rest (illegal, c.ebreak) never step. */
    static const int32_t handler_of_c[RV_OP_COUNT] = {
        [0 ... RV_OP_COUNT - 1] = &&op_ILLEGAL - &&op_UNDECODED,
        [RV_OP_EBREAK] = &&op_EBREAK - &&op_UNDECODED,
#define RV_LABEL_C(name) [RV_OP_##name] = &&op_##name##_C - &&op_UNDECODED,
        RV_OPS_C(RV_LABEL_C)
#undef RV_LABEL_C
    };
#pragma GCC diagnostic pop
#define HANDLER(insn) ((const char *)&&op_UNDECODED + (insn)->handler)
    enum { STEP = 4 }; /* length of the current instruction; WITH_C copies say 2 */
    uint64_t x[33];
    uint64_t *f = r->f;
    uint64_t pc = r->pc;
    uint32_t fcsr = r->fcsr;
    uint32_t asid = satp_asid(satp);
    uint64_t left = budget;
    uint64_t fetch_page = FETCH_NONE;
    /* An instruction straddling two pages is decoded into cross[0]; cross[1] and cross[2]
     * are page-end markers, so stepping past it leaves through op_PAGE_END like any other. */
    struct rv_insn *page_insns = 0, cross[3];
    const uint8_t *page_host = 0;
    const struct rv_insn *d;
    int32_t page_end_handler = handler_of[RV_OP_PAGE_END];
    uint32_t cause = 0;
    uint64_t tval = 0;

    /* One block copy each way, not a loop: at -O2 the loop was half of what a kernel call
     * costs the interpreter (155 instructions per direction). */
    __builtin_memcpy(&x[1], &r->x[1], 31 * sizeof x[0]);
    x[0] = 0;
    h->resv_va = ~0ull;
    atomic_store(&h->in_guest, 1);
    if (atomic_load(&h->flush_seq) != atomic_load(&h->flush_ack))
        rv_apply_posted_flushes(h);
    if (pc & 1u) {
        cause = RV_CAUSE_FETCH_MISALIGNED;
        tval = pc;
        goto out;
    }
    /* Checked here, not only by the walker: cached translations of this ASID must not let a
     * bad satp run. */
    if (satp >> RV_SATP_MODE_SHIFT != RV_SATP_MODE_SV39) {
        cause = RV_CAUSE_FETCH_ACCESS;
        tval = pc;
        goto out;
    }
    if (atomic_load_explicit(&h->irq, memory_order_relaxed))
        goto irq;
    cross[1].op = cross[2].op = RV_OP_PAGE_END;
    cross[1].handler = cross[2].handler = handler_of[RV_OP_PAGE_END];
    cross[1].len = cross[2].len = 0;
    goto refill;

/* Every handler ends by dispatching the next instruction itself (threaded code: one
 * indirect jump per handler gives the branch predictor per-instruction history). d is the
 * current instruction's slot and pc its address; straight-line code steps d to the next
 * slot, anything else goes through `jump`, which finds the slot for pc. */
#define DISPATCH                                                                             \
    do {                                                                                     \
        if (__builtin_expect(left == 0, 0))                                                  \
            goto budget;                                                                     \
        left--;                                                                              \
        goto *HANDLER(d);                                                                    \
    } while (0)
#define NEXT                                                                                 \
    do {                                                                                     \
        pc += STEP;                                                                          \
        d += STEP / 2;                                                                       \
        DISPATCH;                                                                            \
    } while (0)
/* An operation that also has a compressed form gets a second copy of its handler for the
 * 2-byte form. STEP, the distance to the next instruction, is then a constant in each copy:
 * no load sits on the chain from one dispatch to the next. (STEP is 4 at function scope.) */
#define WITH_C(name, ...)                                                                    \
    op_##name: { __VA_ARGS__ }                                                               \
    op_##name##_C: {                                                                         \
        enum { STEP = 2 };                                                                   \
        __VA_ARGS__                                                                          \
    }
#define JUMP_TO(target)                                                                      \
    do {                                                                                     \
        pc = (target);                                                                       \
        if (__builtin_expect(atomic_load_explicit(&h->irq, memory_order_relaxed) != 0, 0))   \
            goto irq;                                                                        \
        goto jump;                                                                           \
    } while (0)
#define BRANCH(cond)                                                                         \
    do {                                                                                     \
        if (cond)                                                                            \
            JUMP_TO(pc + (uint64_t)(int64_t)d->imm);                                         \
        NEXT;                                                                                \
    } while (0)
#define TRAP(c, v)                                                                           \
    do {                                                                                     \
        cause = (c);                                                                         \
        tval = (v);                                                                          \
        goto trap;                                                                           \
    } while (0)
#define RS1 x[d->rs1]
#define RS2 x[d->rs2]
#define RD  x[d->rd]
#define ADDR (x[d->rs1] + (uint64_t)(int64_t)d->imm)

/* Raw little-endian load of T at va into v (zero-extended). */
#define LOAD(T, va, v)                                                                       \
    do {                                                                                     \
        uint64_t va_ = (va);                                                                 \
        if (__builtin_expect((va_ & (sizeof(T) - 1)) == 0, 1)) {                             \
            struct rv_tlb_entry *e_ = &h->tlb[RV_ACCESS_LOAD][rv_tlb_index(va_, asid)];      \
            uint8_t *p_;                                                                     \
            if (__builtin_expect(e_->tag == rv_tlb_tag(va_, asid), 1))                       \
                p_ = (uint8_t *)(uintptr_t)(va_ + e_->addend);                               \
            else if (!(p_ = rv_tlb_fill(h, satp, va_, RV_ACCESS_LOAD, &cause)))              \
                TRAP(cause, va_);                                                            \
            (v) = __atomic_load_n((T *)(void *)p_, __ATOMIC_RELAXED);                        \
        } else if ((cause = load_slow(h, satp, asid, va_, sizeof(T), &(v), &tval))) {        \
            goto trap;                                                                       \
        }                                                                                    \
    } while (0)
#define STORE(T, va, v)                                                                      \
    do {                                                                                     \
        uint64_t va_ = (va);                                                                 \
        if (__builtin_expect((va_ & (sizeof(T) - 1)) == 0, 1)) {                             \
            struct rv_tlb_entry *e_ = &h->tlb[RV_ACCESS_STORE][rv_tlb_index(va_, asid)];     \
            uint8_t *p_;                                                                     \
            if (__builtin_expect(e_->tag == rv_tlb_tag(va_, asid), 1))                       \
                p_ = (uint8_t *)(uintptr_t)(va_ + e_->addend);                               \
            else if (!(p_ = rv_tlb_fill(h, satp, va_, RV_ACCESS_STORE, &cause)))             \
                TRAP(cause, va_);                                                            \
            __atomic_store_n((T *)(void *)p_, (T)(v), __ATOMIC_RELAXED);                     \
        } else if ((cause = store_slow(h, satp, asid, va_, sizeof(T), (v), &tval))) {        \
            goto trap;                                                                       \
        }                                                                                    \
    } while (0)
/* Host pointer for an atomic on T at rs1: naturally aligned, writable. */
#define AMO_PTR(T, p, misaligned_cause, acc)                                                 \
    do {                                                                                     \
        uint64_t va_ = RS1;                                                                  \
        if (va_ & (sizeof(T) - 1))                                                           \
            TRAP(misaligned_cause, va_);                                                     \
        uint8_t *h_ = rv_tlb_lookup(h, satp, asid, va_, acc, &cause);                        \
        if (!h_)                                                                             \
            TRAP(cause, va_);                                                                \
        p = (T *)(void *)h_;                                                                 \
    } while (0)
#define AMO_RMW(T, fn, ext)                                                                  \
    do {                                                                                     \
        T *p;                                                                                \
        AMO_PTR(T, p, RV_CAUSE_STORE_MISALIGNED, RV_ACCESS_STORE);                           \
        RD = ext(fn(p, (T)RS2, __ATOMIC_SEQ_CST));                                           \
        NEXT;                                                                                \
    } while (0)
#define AMO_CAS(T, ST, better, ext)                                                          \
    do {                                                                                     \
        T *p, src_;                                                                          \
        AMO_PTR(T, p, RV_CAUSE_STORE_MISALIGNED, RV_ACCESS_STORE);                           \
        src_ = (T)RS2;                                                                       \
        T old_ = __atomic_load_n(p, __ATOMIC_RELAXED);                                       \
        T new_;                                                                              \
        do                                                                                   \
            new_ = ((ST)src_ better(ST) old_) ? src_ : old_;                                 \
        while (!__atomic_compare_exchange_n(p, &old_, new_, true, __ATOMIC_SEQ_CST,          \
                                            __ATOMIC_RELAXED));                              \
        RD = ext(old_);                                                                      \
        NEXT;                                                                                \
    } while (0)
#define LR(T, ext)                                                                           \
    do {                                                                                     \
        T *p;                                                                                \
        AMO_PTR(T, p, RV_CAUSE_LOAD_MISALIGNED, RV_ACCESS_LOAD);                             \
        T v_ = __atomic_load_n(p, __ATOMIC_SEQ_CST);                                         \
        h->resv_va = RS1;                                                                    \
        h->resv_val = v_;                                                                    \
        RD = ext(v_);                                                                        \
        NEXT;                                                                                \
    } while (0)
/* SC succeeds iff this hart holds a reservation on the address and the word still holds
 * what LR read. Without a matching reservation it fails without touching memory; a
 * misaligned address traps first, as in the spec's formal model. */
#define SC(T)                                                                                \
    do {                                                                                     \
        if (RS1 & (sizeof(T) - 1))                                                           \
            TRAP(RV_CAUSE_STORE_MISALIGNED, RS1);                                            \
        if (h->resv_va != RS1) {                                                             \
            h->resv_va = ~0ull;                                                              \
            RD = 1;                                                                          \
            NEXT;                                                                            \
        }                                                                                    \
        T *p;                                                                                \
        AMO_PTR(T, p, RV_CAUSE_STORE_MISALIGNED, RV_ACCESS_STORE);                           \
        T expect_ = (T)h->resv_val;                                                          \
        h->resv_va = ~0ull;                                                                  \
        RD = !__atomic_compare_exchange_n(p, &expect_, (T)RS2, false, __ATOMIC_SEQ_CST,      \
                                          __ATOMIC_SEQ_CST);                                 \
        NEXT;                                                                                \
    } while (0)
#define IDENT(v) ((uint64_t)(v))
#define SEXT32(v) sext32(v)

jump:
    if (__builtin_expect((pc & ~(RV_PAGE_SIZE - 1)) != fetch_page, 0))
        goto refill;
    d = &page_insns[(pc & (RV_PAGE_SIZE - 1)) >> 1];
    DISPATCH;
refill: {
    if (atomic_load_explicit(&h->irq, memory_order_relaxed))
        goto irq;
    uint8_t *hp = rv_tlb_lookup(h, satp, asid, pc, RV_ACCESS_FETCH, &cause);
    if (!hp) {
        tval = pc;
        goto out;
    }
    page_host = hp - (pc & (RV_PAGE_SIZE - 1));
    page_insns = dcache_page(h, page_host, page_end_handler);
    fetch_page = pc & ~(RV_PAGE_SIZE - 1);
    d = &page_insns[(pc & (RV_PAGE_SIZE - 1)) >> 1];
    DISPATCH;
}
budget:
    cause = RV_CAUSE_BUDGET;
    goto out;
op_PAGE_END: /* straight-line code left the page: not an instruction */
    left++;
    goto refill;

op_UNDECODED: {
    unsigned off = (unsigned)(pc & (RV_PAGE_SIZE - 1));
    uint32_t bits = parcel(page_host + off);
    struct rv_insn *slot = &page_insns[off >> 1];
    if (rv_insn_len((uint16_t)bits) == 4) {
        if (off == RV_PAGE_SIZE - 2) {
            slot->op = RV_OP_CROSS_PAGE;
            slot->len = 4;
            goto op_CROSS_PAGE;
        }
        bits |= (uint32_t)parcel(page_host + off + 2) << 16;
    }
    rv_decode(bits, slot);
    slot->handler = (slot->len == 2 ? handler_of_c : handler_of)[slot->op];
    goto *HANDLER(d);
}
op_CROSS_PAGE: {
    uint32_t lo = parcel(page_host + RV_PAGE_SIZE - 2);
    uint8_t *next_page = rv_tlb_lookup(h, satp, asid, fetch_page + RV_PAGE_SIZE,
                                       RV_ACCESS_FETCH, &cause);
    if (!next_page)
        TRAP(cause, fetch_page + RV_PAGE_SIZE);
    rv_decode(lo | (uint32_t)parcel(next_page) << 16, &cross[0]);
    cross[0].handler = handler_of[cross[0].op];
    d = &cross[0];
    goto *HANDLER(d);
}
op_ILLEGAL:
    TRAP(RV_CAUSE_ILLEGAL, (uint32_t)d->imm);
op_ECALL:
    TRAP(RV_CAUSE_ECALL, 0);
op_EBREAK:
    TRAP(RV_CAUSE_BREAKPOINT, pc);

WITH_C(LUI, RD = (uint64_t)(int64_t)d->imm; NEXT;)
op_AUIPC: RD = pc + (uint64_t)(int64_t)d->imm; NEXT;
WITH_C(JAL, {
    uint64_t target = pc + (uint64_t)(int64_t)d->imm;
    RD = pc + STEP;
    JUMP_TO(target);
})
WITH_C(JALR, {
    uint64_t target = (RS1 + (uint64_t)(int64_t)d->imm) & ~1ull;
    RD = pc + STEP;
    JUMP_TO(target);
})
WITH_C(BEQ, BRANCH(RS1 == RS2);)
WITH_C(BNE, BRANCH(RS1 != RS2);)
op_BLT: BRANCH((int64_t)RS1 < (int64_t)RS2);
op_BGE: BRANCH((int64_t)RS1 >= (int64_t)RS2);
op_BLTU: BRANCH(RS1 < RS2);
op_BGEU: BRANCH(RS1 >= RS2);

op_LB: { uint64_t v; LOAD(uint8_t, ADDR, v); RD = (uint64_t)(int64_t)(int8_t)v; NEXT; }
op_LH: { uint64_t v; LOAD(uint16_t, ADDR, v); RD = (uint64_t)(int64_t)(int16_t)v; NEXT; }
WITH_C(LW, { uint64_t v; LOAD(uint32_t, ADDR, v); RD = sext32(v); NEXT; })
WITH_C(LD, { uint64_t v; LOAD(uint64_t, ADDR, v); RD = v; NEXT; })
op_LBU: { uint64_t v; LOAD(uint8_t, ADDR, v); RD = v; NEXT; }
op_LHU: { uint64_t v; LOAD(uint16_t, ADDR, v); RD = v; NEXT; }
op_LWU: { uint64_t v; LOAD(uint32_t, ADDR, v); RD = v; NEXT; }
op_SB: STORE(uint8_t, ADDR, RS2); NEXT;
op_SH: STORE(uint16_t, ADDR, RS2); NEXT;
WITH_C(SW, STORE(uint32_t, ADDR, RS2); NEXT;)
WITH_C(SD, STORE(uint64_t, ADDR, RS2); NEXT;)
op_FLW: { uint64_t v; LOAD(uint32_t, ADDR, v); f[d->rd] = 0xffffffff00000000ull | v; NEXT; }
WITH_C(FLD, { uint64_t v; LOAD(uint64_t, ADDR, v); f[d->rd] = v; NEXT; })
op_FSW: STORE(uint32_t, ADDR, f[d->rs2]); NEXT;
WITH_C(FSD, STORE(uint64_t, ADDR, f[d->rs2]); NEXT;)

WITH_C(ADDI, RD = RS1 + (uint64_t)(int64_t)d->imm; NEXT;)
op_SLTI: RD = (int64_t)RS1 < (int64_t)d->imm; NEXT;
op_SLTIU: RD = RS1 < (uint64_t)(int64_t)d->imm; NEXT;
op_XORI: RD = RS1 ^ (uint64_t)(int64_t)d->imm; NEXT;
op_ORI: RD = RS1 | (uint64_t)(int64_t)d->imm; NEXT;
WITH_C(ANDI, RD = RS1 & (uint64_t)(int64_t)d->imm; NEXT;)
WITH_C(SLLI, RD = RS1 << (d->imm & 63); NEXT;)
WITH_C(SRLI, RD = RS1 >> (d->imm & 63); NEXT;)
WITH_C(SRAI, RD = (uint64_t)((int64_t)RS1 >> (d->imm & 63)); NEXT;)
WITH_C(ADD, RD = RS1 + RS2; NEXT;)
WITH_C(SUB, RD = RS1 - RS2; NEXT;)
op_SLL: RD = RS1 << (RS2 & 63); NEXT;
op_SLT: RD = (int64_t)RS1 < (int64_t)RS2; NEXT;
op_SLTU: RD = RS1 < RS2; NEXT;
WITH_C(XOR, RD = RS1 ^ RS2; NEXT;)
op_SRL: RD = RS1 >> (RS2 & 63); NEXT;
op_SRA: RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); NEXT;
WITH_C(OR, RD = RS1 | RS2; NEXT;)
WITH_C(AND, RD = RS1 & RS2; NEXT;)
WITH_C(ADDIW, RD = sext32(RS1 + (uint64_t)(int64_t)d->imm); NEXT;)
op_SLLIW: RD = sext32((uint32_t)RS1 << (d->imm & 31)); NEXT;
op_SRLIW: RD = sext32((uint32_t)RS1 >> (d->imm & 31)); NEXT;
op_SRAIW: RD = (uint64_t)(int64_t)((int32_t)RS1 >> (d->imm & 31)); NEXT;
WITH_C(ADDW, RD = sext32(RS1 + RS2); NEXT;)
WITH_C(SUBW, RD = sext32(RS1 - RS2); NEXT;)
op_SLLW: RD = sext32((uint32_t)RS1 << (RS2 & 31)); NEXT;
op_SRLW: RD = sext32((uint32_t)RS1 >> (RS2 & 31)); NEXT;
op_SRAW: RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); NEXT;

op_MUL: RD = RS1 * RS2; NEXT;
op_MULH: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); NEXT;
op_MULHSU: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64); NEXT;
op_MULHU: RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); NEXT;
op_DIV: {
    int64_t a = (int64_t)RS1, b = (int64_t)RS2;
    RD = b == 0 ? ~0ull : (a == INT64_MIN && b == -1) ? (uint64_t)a : (uint64_t)(a / b);
    NEXT;
}
op_DIVU: RD = RS2 == 0 ? ~0ull : RS1 / RS2; NEXT;
op_REM: {
    int64_t a = (int64_t)RS1, b = (int64_t)RS2;
    RD = b == 0 ? (uint64_t)a : (a == INT64_MIN && b == -1) ? 0 : (uint64_t)(a % b);
    NEXT;
}
op_REMU: RD = RS2 == 0 ? RS1 : RS1 % RS2; NEXT;
op_MULW: RD = sext32(RS1 * RS2); NEXT;
op_DIVW: {
    int32_t a = (int32_t)RS1, b = (int32_t)RS2;
    RD = (uint64_t)(int64_t)(b == 0 ? -1 : (a == INT32_MIN && b == -1) ? a : a / b);
    NEXT;
}
op_DIVUW: {
    uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
    RD = sext32(b == 0 ? ~0u : a / b);
    NEXT;
}
op_REMW: {
    int32_t a = (int32_t)RS1, b = (int32_t)RS2;
    RD = (uint64_t)(int64_t)(b == 0 ? a : (a == INT32_MIN && b == -1) ? 0 : a % b);
    NEXT;
}
op_REMUW: {
    uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
    RD = sext32(b == 0 ? a : a % b);
    NEXT;
}

op_LR_W: LR(uint32_t, SEXT32);
op_LR_D: LR(uint64_t, IDENT);
op_SC_W: SC(uint32_t);
op_SC_D: SC(uint64_t);
op_AMOSWAP_W: AMO_RMW(uint32_t, __atomic_exchange_n, SEXT32);
op_AMOADD_W: AMO_RMW(uint32_t, __atomic_fetch_add, SEXT32);
op_AMOXOR_W: AMO_RMW(uint32_t, __atomic_fetch_xor, SEXT32);
op_AMOAND_W: AMO_RMW(uint32_t, __atomic_fetch_and, SEXT32);
op_AMOOR_W: AMO_RMW(uint32_t, __atomic_fetch_or, SEXT32);
op_AMOMIN_W: AMO_CAS(uint32_t, int32_t, <, SEXT32);
op_AMOMAX_W: AMO_CAS(uint32_t, int32_t, >, SEXT32);
op_AMOMINU_W: AMO_CAS(uint32_t, uint32_t, <, SEXT32);
op_AMOMAXU_W: AMO_CAS(uint32_t, uint32_t, >, SEXT32);
op_AMOSWAP_D: AMO_RMW(uint64_t, __atomic_exchange_n, IDENT);
op_AMOADD_D: AMO_RMW(uint64_t, __atomic_fetch_add, IDENT);
op_AMOXOR_D: AMO_RMW(uint64_t, __atomic_fetch_xor, IDENT);
op_AMOAND_D: AMO_RMW(uint64_t, __atomic_fetch_and, IDENT);
op_AMOOR_D: AMO_RMW(uint64_t, __atomic_fetch_or, IDENT);
op_AMOMIN_D: AMO_CAS(uint64_t, int64_t, <, IDENT);
op_AMOMAX_D: AMO_CAS(uint64_t, int64_t, >, IDENT);
op_AMOMINU_D: AMO_CAS(uint64_t, uint64_t, <, IDENT);
op_AMOMAXU_D: AMO_CAS(uint64_t, uint64_t, >, IDENT);

op_FENCE:
    if ((d->rm & FENCE_W_BEFORE) && (d->rm & FENCE_R_AFTER))
        arch_fence_full();
    else
        arch_fence_acq_rel();
    NEXT;
op_FENCE_I: /* the current slot is gone too: find pc afresh */
    rv_flush(h, RV_FLUSH_CODE);
    fetch_page = FETCH_NONE;
    pc += STEP;
    goto refill;

op_CSRRW: op_CSRRS: op_CSRRC: op_CSRRWI: op_CSRRSI: op_CSRRCI: {
    unsigned csr = (unsigned)d->imm;
    bool imm_form = d->op >= RV_OP_CSRRWI;
    uint64_t src = imm_form ? d->rs1 : RS1;
    uint64_t old = csr_read(h, csr, fcsr, r->instret + (budget - left - 1));
    unsigned kind = (unsigned)(d->op - (imm_form ? RV_OP_CSRRWI : RV_OP_CSRRW));
    /* Decode already refused writes to the read-only counters. */
    if (kind == 0)
        fcsr = csr_write(csr, fcsr, src);
    else if (d->rs1 != 0)
        fcsr = csr_write(csr, fcsr, kind == 1 ? old | src : old & ~src);
    RD = old;
    NEXT;
}

#define FP_FAST_D(OP)                                                                        \
    do {                                                                                     \
        uint64_t a_ = f[d->rs1], b_ = f[d->rs2];                                             \
        if (fast_rne(d->rm, fcsr) && f64_normal_or_zero(a_) && f64_normal_or_zero(b_)) {     \
            uint64_t r_ = bits_of_f64(f64_of(a_) OP f64_of(b_));                             \
            if (f64_normal(r_)) {                                                            \
                f[d->rd] = r_;                                                               \
                NEXT;                                                                        \
            }                                                                                \
        }                                                                                    \
        goto op_FP;                                                                          \
    } while (0)
#define FP_FAST_S(OP)                                                                        \
    do {                                                                                     \
        uint64_t a_ = f[d->rs1], b_ = f[d->rs2];                                             \
        if (fast_rne(d->rm, fcsr) && F32_BOXED(a_) && F32_BOXED(b_) &&                       \
            f32_normal_or_zero((uint32_t)a_) && f32_normal_or_zero((uint32_t)b_)) {          \
            uint32_t r_ = bits_of_f32(f32_of((uint32_t)a_) OP f32_of((uint32_t)b_));         \
            if (f32_normal(r_)) {                                                            \
                f[d->rd] = 0xffffffff00000000ull | r_;                                       \
                NEXT;                                                                        \
            }                                                                                \
        }                                                                                    \
        goto op_FP;                                                                          \
    } while (0)
op_FADD_D: FP_FAST_D(+);
op_FSUB_D: FP_FAST_D(-);
op_FMUL_D: FP_FAST_D(*);
op_FDIV_D: FP_FAST_D(/);
op_FADD_S: FP_FAST_S(+);
op_FSUB_S: FP_FAST_S(-);
op_FMUL_S: FP_FAST_S(*);
op_FDIV_S: FP_FAST_S(/);

op_FP:
    if (!rv_fp_exec(d, x, f, &fcsr))
        TRAP(RV_CAUSE_ILLEGAL, (uint32_t)d->imm);
    NEXT;

irq: {
    uint32_t pending = atomic_load(&h->irq);
    if (pending & RV_IRQ_FLUSH) {
        rv_apply_posted_flushes(h);
        fetch_page = FETCH_NONE;
    }
    if (pending & RV_IRQ_INTERRUPT) {
        atomic_fetch_and(&h->irq, ~RV_IRQ_INTERRUPT);
        cause = RV_CAUSE_INTERRUPT;
        goto out;
    }
    goto jump;
}

trap:
    left++; /* the trapping instruction did not retire */
out:
    r->pc = pc;
    __builtin_memcpy(&r->x[1], &x[1], 31 * sizeof x[0]);
    r->fcsr = fcsr;
    r->instret += budget - left;
    t->cause = cause;
    t->tval = tval;
    t->retired = budget - left;
    h->resv_va = ~0ull;
    atomic_store(&h->in_guest, 0);
    return cause;
}
