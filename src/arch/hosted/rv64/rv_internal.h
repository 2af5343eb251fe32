/*
 * arch/hosted/rv64/rv_internal.h - what the interpreter's files share: the operation list,
 * the decoder, and the MMU's slow paths. Not for use outside src/arch/hosted/rv64/.
 */
#ifndef ARCH_HOSTED_RV64_RV_INTERNAL_H
#define ARCH_HOSTED_RV64_RV_INTERNAL_H

#include "arch/hosted/rv64/rv64.h"

/* Integer destination x0 is decoded as this extra register, which rv_run keeps and never
 * reads, so no handler needs an "rd != 0" test. */
#define RV_XSINK 32u

#define RV_TLB_INVALID  0x800ull /* tags are page | ASID <= RV_ASID_MAX: bit 11 is never set */
#define RV_DCACHE_EMPTY (~0ull)

/* Every operation the decoder produces. Compressed instructions decode to the same
 * operations as their 32-bit expansions (with len = 2). RV_OPS_INT are executed by rv_run
 * itself (each has its own label); RV_OPS_FP by rv_fp_exec. */
#define RV_OPS_INT(X)                                                                        \
    X(UNDECODED) X(ILLEGAL) X(CROSS_PAGE) X(PAGE_END)                                        \
    X(LUI) X(AUIPC) X(JAL) X(JALR)                                                            \
    X(BEQ) X(BNE) X(BLT) X(BGE) X(BLTU) X(BGEU)                                               \
    X(LB) X(LH) X(LW) X(LD) X(LBU) X(LHU) X(LWU) X(SB) X(SH) X(SW) X(SD)                      \
    X(ADDI) X(SLTI) X(SLTIU) X(XORI) X(ORI) X(ANDI) X(SLLI) X(SRLI) X(SRAI)                   \
    X(ADD) X(SUB) X(SLL) X(SLT) X(SLTU) X(XOR) X(SRL) X(SRA) X(OR) X(AND)                     \
    X(ADDIW) X(SLLIW) X(SRLIW) X(SRAIW) X(ADDW) X(SUBW) X(SLLW) X(SRLW) X(SRAW)               \
    X(FENCE) X(FENCE_I) X(ECALL) X(EBREAK)                                                    \
    X(CSRRW) X(CSRRS) X(CSRRC) X(CSRRWI) X(CSRRSI) X(CSRRCI)                                  \
    X(MUL) X(MULH) X(MULHSU) X(MULHU) X(DIV) X(DIVU) X(REM) X(REMU)                           \
    X(MULW) X(DIVW) X(DIVUW) X(REMW) X(REMUW)                                                 \
    X(LR_W) X(SC_W) X(AMOSWAP_W) X(AMOADD_W) X(AMOXOR_W) X(AMOAND_W) X(AMOOR_W)               \
    X(AMOMIN_W) X(AMOMAX_W) X(AMOMINU_W) X(AMOMAXU_W)                                         \
    X(LR_D) X(SC_D) X(AMOSWAP_D) X(AMOADD_D) X(AMOXOR_D) X(AMOAND_D) X(AMOOR_D)               \
    X(AMOMIN_D) X(AMOMAX_D) X(AMOMINU_D) X(AMOMAXU_D)                                         \
    X(FLW) X(FSW) X(FLD) X(FSD)

#define RV_OPS_FP(X)                                                                         \
    X(FMADD_S) X(FMSUB_S) X(FNMSUB_S) X(FNMADD_S) X(FMADD_D) X(FMSUB_D) X(FNMSUB_D)           \
    X(FNMADD_D)                                                                               \
    X(FADD_S) X(FSUB_S) X(FMUL_S) X(FDIV_S) X(FSQRT_S) X(FSGNJ_S) X(FSGNJN_S) X(FSGNJX_S)     \
    X(FMIN_S) X(FMAX_S) X(FEQ_S) X(FLT_S) X(FLE_S) X(FCLASS_S) X(FMV_X_W) X(FMV_W_X)          \
    X(FCVT_W_S) X(FCVT_WU_S) X(FCVT_L_S) X(FCVT_LU_S)                                         \
    X(FCVT_S_W) X(FCVT_S_WU) X(FCVT_S_L) X(FCVT_S_LU)                                         \
    X(FADD_D) X(FSUB_D) X(FMUL_D) X(FDIV_D) X(FSQRT_D) X(FSGNJ_D) X(FSGNJN_D) X(FSGNJX_D)     \
    X(FMIN_D) X(FMAX_D) X(FEQ_D) X(FLT_D) X(FLE_D) X(FCLASS_D) X(FMV_X_D) X(FMV_D_X)          \
    X(FCVT_W_D) X(FCVT_WU_D) X(FCVT_L_D) X(FCVT_LU_D)                                         \
    X(FCVT_D_W) X(FCVT_D_WU) X(FCVT_D_L) X(FCVT_D_LU)                                         \
    X(FCVT_S_D) X(FCVT_D_S)

#define RV_OPS(X) RV_OPS_INT(X) RV_OPS_FP(X)

enum rv_op {
#define RV_OP_ENUM(name) RV_OP_##name,
    RV_OPS(RV_OP_ENUM)
#undef RV_OP_ENUM
        RV_OP_COUNT
};

/* Decode one instruction. `bits` holds the parcel at pc (the low 16 bits) and, for a 32-bit
 * instruction, the next one above it. Fills *d (op ILLEGAL for anything reserved, including
 * an invalid static rounding mode). Returns the length in bytes (2 or 4); an ILLEGAL
 * instruction still reports the length its low bits announce (4 for >= 32-bit formats). */
unsigned rv_decode(uint32_t bits, struct rv_insn *d);

/* Length of the instruction whose first parcel is `lo`: 2 if compressed, else 4. */
static inline unsigned rv_insn_len(uint16_t lo)
{
    return (lo & 3u) == 3u ? 4u : 2u;
}

/* Execute an F or D operation other than a load or store (fp.c). Returns false if the
 * instruction is illegal after all: dynamic rounding with an invalid frm. */
bool rv_fp_exec(const struct rv_insn *d, uint64_t *x, uint64_t *f, uint32_t *fcsr);

/* CSR numbers (user level). */
#define RV_CSR_FFLAGS  0x001u
#define RV_CSR_FRM     0x002u
#define RV_CSR_FCSR    0x003u
#define RV_CSR_CYCLE   0xc00u
#define RV_CSR_TIME    0xc01u
#define RV_CSR_INSTRET 0xc02u

/* ---- MMU (mmu.c) -------------------------------------------------------------------------- */

static inline uint32_t satp_asid(uint64_t satp)
{
    return (uint32_t)(satp >> RV_SATP_ASID_SHIFT) & RV_ASID_MAX;
}

static inline uint64_t rv_tlb_tag(uint64_t va, uint32_t asid)
{
    return (va & ~(RV_PAGE_SIZE - 1)) | asid;
}

/* The slot of (va, asid): the page number salted with the ASID, so that address spaces using
 * the same addresses (every static binary starts at 0x10000) do not evict each other's
 * entries at each switch between them. */
static inline unsigned rv_tlb_index(uint64_t va, uint32_t asid)
{
    return (unsigned)((va >> RV_PAGE_SHIFT) ^ (asid * 0x9du)) & (RV_TLB_ENTRIES - 1);
}

/* Fill the TLB for (va, acc) by walking the page tables; returns the host address of va, or
 * NULL with *cause set (page or access fault). */
uint8_t *rv_tlb_fill(struct rv_hart *h, uint64_t satp, uint64_t va, enum rv_access acc,
                     uint32_t *cause);

/* Host address of `va` for `acc` through the TLB (filling it on a miss). */
static inline uint8_t *rv_tlb_lookup(struct rv_hart *h, uint64_t satp, uint32_t asid,
                                     uint64_t va, enum rv_access acc, uint32_t *cause)
{
    struct rv_tlb_entry *e = &h->tlb[acc][rv_tlb_index(va, asid)];
    if (__builtin_expect(e->tag == rv_tlb_tag(va, asid), 1))
        return (uint8_t *)(uintptr_t)(va + e->addend);
    return rv_tlb_fill(h, satp, va, acc, cause);
}

/* Apply flushes other harts posted (owner only). */
void rv_apply_posted_flushes(struct rv_hart *h);

#endif /* ARCH_HOSTED_RV64_RV_INTERNAL_H */
