/*
 * rv_test.h - what the rv64 interpreter's unit tests share: a machine with hand-built Sv39
 * page tables, and a tiny assembler.
 *
 * Physical memory is one aligned_alloc'd block. Frames for page tables and pages come from a
 * bump allocator over [RVT_PAGE_SIZE, frames_end); what lies above frames_end is left for the
 * test to use as it likes (superpage targets). Page tables are written by hand with rv_pte(),
 * so a test can put any bits it wants into any level. Instructions are encoded by the enc_*
 * functions below (unprivileged spec, "RV32/64G Instruction Set Listings").
 *
 * Everything is static inline: each test file is its own program.
 */
#ifndef TESTS_UNIT_RV_TEST_H
#define TESTS_UNIT_RV_TEST_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/hosted/rv64/rv64.h"

#define RVT_PAGE_SIZE RV_PAGE_SIZE
#define RVT_MIB       (1ull << 20)
#define RVT_GIB       (1ull << 30)
#define RVT_ASID      1u
#define RVT_LEAF      (RV_PTE_V | RV_PTE_U) /* plus R/W/X; A and D are left to the walker */

/* ---- registers ------------------------------------------------------------------------- */

enum { ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11,
       A2 = 12, A3 = 13, A4 = 14, A5 = 15, F1 = 1, F2 = 2, F3 = 3 };

/* ---- instruction encoders -------------------------------------------------------------- */

static inline uint32_t enc_r(uint32_t op, unsigned rd, unsigned f3, unsigned rs1, unsigned rs2,
                             unsigned f7)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline uint32_t enc_i(uint32_t op, unsigned rd, unsigned f3, unsigned rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfffu) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline uint32_t enc_s(uint32_t op, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7fu) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1fu) << 7 | op;
}

static inline uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 12 & 1u) << 31 | (u >> 5 & 0x3fu) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (u >> 1 & 0xfu) << 8 | (u >> 11 & 1u) << 7 | 0x63u;
}

static inline uint32_t enc_u(uint32_t op, unsigned rd, uint32_t imm)
{
    return (imm & 0xfffff000u) | rd << 7 | op;
}

static inline uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 20 & 1u) << 31 | (u >> 1 & 0x3ffu) << 21 | (u >> 11 & 1u) << 20 |
           (u >> 12 & 0xffu) << 12 | rd << 7 | 0x6fu;
}

/* AMO/LR/SC: funct5 names the operation (unprivileged spec, "A" listing). */
#define AMO_LR   0x02u
#define AMO_SC   0x03u
#define AMO_SWAP 0x01u
#define AMO_ADD  0x00u
#define AMO_W    2u
#define AMO_D    3u
static inline uint32_t enc_amo(unsigned f5, unsigned width, bool aq, bool rl, unsigned rd,
                               unsigned rs1, unsigned rs2)
{
    return enc_r(0x2fu, rd, width, rs1, rs2, f5 << 2 | (unsigned)aq << 1 | (unsigned)rl);
}

static inline uint32_t i_addi(unsigned rd, unsigned rs1, int32_t imm) { return enc_i(0x13, rd, 0, rs1, imm); }
static inline uint32_t i_add(unsigned rd, unsigned rs1, unsigned rs2) { return enc_r(0x33, rd, 0, rs1, rs2, 0); }
static inline uint32_t i_lw(unsigned rd, unsigned rs1, int32_t imm) { return enc_i(0x03, rd, 2, rs1, imm); }
static inline uint32_t i_ld(unsigned rd, unsigned rs1, int32_t imm) { return enc_i(0x03, rd, 3, rs1, imm); }
static inline uint32_t i_sw(unsigned rs2, unsigned rs1, int32_t imm) { return enc_s(0x23, 2, rs1, rs2, imm); }
static inline uint32_t i_sd(unsigned rs2, unsigned rs1, int32_t imm) { return enc_s(0x23, 3, rs1, rs2, imm); }
static inline uint32_t i_jal(unsigned rd, int32_t imm) { return enc_j(rd, imm); }
static inline uint32_t i_jalr(unsigned rd, unsigned rs1, int32_t imm) { return enc_i(0x67, rd, 0, rs1, imm); }
static inline uint32_t i_beq(unsigned rs1, unsigned rs2, int32_t imm) { return enc_b(0, rs1, rs2, imm); }
static inline uint32_t i_bne(unsigned rs1, unsigned rs2, int32_t imm) { return enc_b(1, rs1, rs2, imm); }
static inline uint32_t i_lui(unsigned rd, uint32_t imm) { return enc_u(0x37, rd, imm); }
static inline uint32_t i_csrrw(unsigned rd, unsigned csr, unsigned rs1) { return enc_i(0x73, rd, 1, rs1, (int32_t)csr); }
static inline uint32_t i_csrrs(unsigned rd, unsigned csr, unsigned rs1) { return enc_i(0x73, rd, 2, rs1, (int32_t)csr); }
static inline uint32_t i_csrrsi(unsigned rd, unsigned csr, unsigned uimm) { return enc_i(0x73, rd, 6, uimm, (int32_t)csr); }
static inline uint32_t i_csrrwi(unsigned rd, unsigned csr, unsigned uimm) { return enc_i(0x73, rd, 5, uimm, (int32_t)csr); }
/* fence pred, succ: bits I O R W = 8 4 2 1. */
static inline uint32_t i_fence(unsigned pred, unsigned succ) { return enc_i(0x0f, 0, 0, 0, (int32_t)(pred << 4 | succ)); }
#define FENCE_RW 3u
#define FENCE_W  1u

#define I_NOP     0x00000013u /* addi x0, x0, 0 */
#define I_ECALL   0x00000073u
#define I_EBREAK  0x00100073u
#define I_FENCE_I 0x0000100fu
#define C_EBREAK  0x9002u
#define C_NOP     0x0001u

#define CSR_FRM     0x002u
#define CSR_CYCLE   0xc00u
#define CSR_INSTRET 0xc02u

/* ---- the machine ----------------------------------------------------------------------- */

struct rvt {
    uint8_t *mem;
    uint64_t mem_bytes;
    uint64_t next_frame, frames_end; /* bump allocator over [RVT_PAGE_SIZE, frames_end) */
    struct rv_machine m;
    struct rv_hart *hart;
    struct rv_regs regs;
    struct rv_trap trap;
};

static inline void rvt_init(struct rvt *t, uint64_t mem_bytes, uint64_t frames_end)
{
    memset(t, 0, sizeof *t);
    t->mem = aligned_alloc(RVT_PAGE_SIZE, mem_bytes);
    t->hart = malloc(sizeof *t->hart);
    cr_assert(t->mem && t->hart, "expected %llu bytes of guest memory and a hart",
              (unsigned long long)mem_bytes);
    memset(t->mem, 0, mem_bytes);
    t->mem_bytes = mem_bytes;
    t->next_frame = RVT_PAGE_SIZE; /* physical page 0 stays unused: a zero PPN is a bug */
    t->frames_end = frames_end;
    rv_machine_init(&t->m, t->mem, mem_bytes);
    rv_hart_init(t->hart, &t->m);
}

static inline void rvt_fini(struct rvt *t)
{
    free(t->mem);
    free(t->hart);
    t->mem = 0;
    t->hart = 0;
}

static inline void *rvt_host(const struct rvt *t, uint64_t pa)
{
    return t->mem + pa;
}

/* 64-bit word at a physical address (page tables, data). */
static inline uint64_t rvt_peek64(const struct rvt *t, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, rvt_host(t, pa), sizeof v);
    return v;
}

static inline void rvt_poke64(const struct rvt *t, uint64_t pa, uint64_t v)
{
    memcpy(rvt_host(t, pa), &v, sizeof v);
}

/* A fresh zeroed frame's physical address. */
static inline uint64_t rvt_frame(struct rvt *t)
{
    cr_assert_leq(t->next_frame + RVT_PAGE_SIZE, t->frames_end, "expected a free test frame");
    uint64_t pa = t->next_frame;
    t->next_frame += RVT_PAGE_SIZE;
    memset(t->mem + pa, 0, RVT_PAGE_SIZE);
    return pa;
}

static inline uint64_t pte_pa(uint64_t pte)
{
    return ((pte & RV_PTE_PPN_MASK) >> RV_PTE_PPN_SHIFT) << RV_PAGE_SHIFT;
}

static inline unsigned vpn(uint64_t va, unsigned level)
{
    return (unsigned)(va >> (RV_PAGE_SHIFT + 9u * level)) & 511u;
}

/* The PTE for va at `level` (2: root, 0: 4 KiB leaves) under `root`, creating pointer PTEs
 * (V only) on the way down. */
static inline uint64_t *rvt_slot(struct rvt *t, uint64_t root, uint64_t va, unsigned level)
{
    uint64_t table = root;
    for (unsigned l = 2; l > level; l--) {
        uint64_t *pte = (uint64_t *)rvt_host(t, table) + vpn(va, l);
        if (!(*pte & RV_PTE_V))
            *pte = rv_pte(rvt_frame(t), RV_PTE_V);
        cr_assert_eq(*pte & (RV_PTE_R | RV_PTE_W | RV_PTE_X), 0,
                     "expected a pointer PTE at level %u for va %#llx", l,
                     (unsigned long long)va);
        table = pte_pa(*pte);
    }
    return (uint64_t *)rvt_host(t, table) + vpn(va, level);
}

/* Map the page (4 KiB at level 0, 2 MiB at 1, 1 GiB at 2) holding va to pa with `bits`. */
static inline uint64_t *rvt_map(struct rvt *t, uint64_t root, uint64_t va, uint64_t pa,
                                unsigned level, uint64_t bits)
{
    uint64_t *slot = rvt_slot(t, root, va, level);
    *slot = rv_pte(pa, bits);
    return slot;
}

/* Map a fresh frame at va (4 KiB) with `bits`; returns its physical address. */
static inline uint64_t rvt_map_new(struct rvt *t, uint64_t root, uint64_t va, uint64_t bits)
{
    uint64_t pa = rvt_frame(t);
    rvt_map(t, root, va, pa, 0, bits);
    return pa;
}

/* Copy code (32-bit words) to physical address pa (no walk: A and D stay as they are). */
static inline void rvt_put(struct rvt *t, uint64_t pa, const uint32_t *insns, unsigned n)
{
    cr_assert_leq(pa + 4ull * n, t->mem_bytes, "expected code inside guest memory");
    memcpy(t->mem + pa, insns, 4ull * n);
}

static inline uint32_t rvt_run(struct rvt *t, uint64_t satp, uint64_t budget)
{
    return rv_run(t->hart, &t->regs, satp, budget, &t->trap);
}


/* The last run stopped with `cause` and `tval`, at `pc`, having retired `retired`. */
static inline void rvt_expect_trap(const struct rvt *t, uint32_t cause, uint64_t tval,
                                   uint64_t pc, uint64_t retired)
{
    cr_assert_eq(t->trap.cause, cause, "expected cause %#x, got %#x (tval %#llx, pc %#llx)",
                 cause, t->trap.cause, (unsigned long long)t->trap.tval,
                 (unsigned long long)t->regs.pc);
    cr_assert_eq(t->trap.tval, tval, "expected tval %#llx, got %#llx",
                 (unsigned long long)tval, (unsigned long long)t->trap.tval);
    cr_assert_eq(t->regs.pc, pc, "expected pc %#llx, got %#llx", (unsigned long long)pc,
                 (unsigned long long)t->regs.pc);
    cr_assert_eq(t->trap.retired, retired, "expected %llu retired, got %llu",
                 (unsigned long long)retired, (unsigned long long)t->trap.retired);
}

#endif /* TESTS_UNIT_RV_TEST_H */
