/*
 * tests/guest/fuzz/enc.h - RV64GC instruction encoders for the differential fuzzer.
 *
 * One inline function per instruction format of the unprivileged spec ("Base Instruction
 * Formats", "Compressed Instruction Formats"), plus the opcode and funct constants the fuzzer
 * uses. The encoders do not check their arguments: the generator only asks for valid
 * encodings, and objdump is the cross-check when this file changes.
 */
#ifndef TESTS_GUEST_FUZZ_ENC_H
#define TESTS_GUEST_FUZZ_ENC_H

#include <stdint.h>

/* Major opcodes (unprivileged spec, "RV32/64G Instruction Set Listings"). */
#define OPC_LOAD     0x03u
#define OPC_LOAD_FP  0x07u
#define OPC_MISC_MEM 0x0fu
#define OPC_OP_IMM   0x13u
#define OPC_AUIPC    0x17u
#define OPC_OP_IMM32 0x1bu
#define OPC_STORE    0x23u
#define OPC_STORE_FP 0x27u
#define OPC_AMO      0x2fu
#define OPC_OP       0x33u
#define OPC_LUI      0x37u
#define OPC_OP32     0x3bu
#define OPC_FMADD    0x43u
#define OPC_FMSUB    0x47u
#define OPC_FNMSUB   0x4bu
#define OPC_FNMADD   0x4fu
#define OPC_OP_FP    0x53u
#define OPC_BRANCH   0x63u
#define OPC_JALR     0x67u
#define OPC_JAL      0x6fu
#define OPC_SYSTEM   0x73u

/* CSR numbers of the floating-point CSRs: the only ones the fuzzer touches, because every
 * other user CSR (cycle, time, instret) legitimately differs between two implementations. */
#define CSR_FFLAGS 0x001u
#define CSR_FRM    0x002u
#define CSR_FCSR   0x003u

#define ECALL_BITS 0x00000073u
#define C_NOP_BITS 0x0001u

static inline uint32_t enc_r(uint32_t f7, unsigned rs2, unsigned rs1, uint32_t f3, unsigned rd,
                             uint32_t opc)
{
    return f7 << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | f3 << 12 | (uint32_t)rd << 7 |
           opc;
}

static inline uint32_t enc_r4(unsigned rs3, uint32_t fmt, unsigned rs2, unsigned rs1, uint32_t rm,
                              unsigned rd, uint32_t opc)
{
    return (uint32_t)rs3 << 27 | fmt << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | rm << 12 |
           (uint32_t)rd << 7 | opc;
}

static inline uint32_t enc_i(int32_t imm, unsigned rs1, uint32_t f3, unsigned rd, uint32_t opc)
{
    return ((uint32_t)imm & 0xfffu) << 20 | (uint32_t)rs1 << 15 | f3 << 12 | (uint32_t)rd << 7 |
           opc;
}

static inline uint32_t enc_s(int32_t imm, unsigned rs2, unsigned rs1, uint32_t f3, uint32_t opc)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7fu) << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | f3 << 12 |
           (u & 0x1fu) << 7 | opc;
}

static inline uint32_t enc_b(int32_t off, unsigned rs2, unsigned rs1, uint32_t f3)
{
    uint32_t u = (uint32_t)off;
    return (u >> 12 & 1u) << 31 | (u >> 5 & 0x3fu) << 25 | (uint32_t)rs2 << 20 |
           (uint32_t)rs1 << 15 | f3 << 12 | (u >> 1 & 0xfu) << 8 | (u >> 11 & 1u) << 7 | OPC_BRANCH;
}

static inline uint32_t enc_u(uint32_t imm20, unsigned rd, uint32_t opc)
{
    return (imm20 & 0xfffffu) << 12 | (uint32_t)rd << 7 | opc;
}

static inline uint32_t enc_j(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return (u >> 20 & 1u) << 31 | (u >> 1 & 0x3ffu) << 21 | (u >> 11 & 1u) << 20 |
           (u >> 12 & 0xffu) << 12 | (uint32_t)rd << 7 | OPC_JAL;
}

/* ---- compressed (RVC) ---------------------------------------------------------------------- */

/* x8..x15 (and f8..f15) as the 3-bit register field of the CIW/CL/CS/CA/CB formats. */
static inline uint32_t creg(unsigned r)
{
    return (uint32_t)(r - 8u) & 7u;
}

/* CI: funct3 | imm[5] | rd | imm[4:0] | op, with the immediate already scrambled by the
 * caller into the six bits (bit 5 -> instruction bit 12). */
static inline uint16_t enc_ci(uint32_t f3, uint32_t imm6, unsigned rd, uint32_t op)
{
    return (uint16_t)(f3 << 13 | (imm6 >> 5 & 1u) << 12 | (uint32_t)rd << 7 | (imm6 & 0x1fu) << 2 |
                      op);
}

/* CL/CS with an 8-byte-scaled offset (c.ld, c.fld, c.sd, c.fsd): uimm[5:3] at 12:10,
 * uimm[7:6] at 6:5. */
static inline uint16_t enc_cl_d(uint32_t f3, uint32_t uimm, unsigned rs1, unsigned rd)
{
    return (uint16_t)(f3 << 13 | (uimm >> 3 & 7u) << 10 | creg(rs1) << 7 | (uimm >> 6 & 3u) << 5 |
                      creg(rd) << 2);
}

/* CL/CS with a 4-byte-scaled offset (c.lw, c.sw): uimm[5:3] at 12:10, uimm[2] at 6,
 * uimm[6] at 5. */
static inline uint16_t enc_cl_w(uint32_t f3, uint32_t uimm, unsigned rs1, unsigned rd)
{
    return (uint16_t)(f3 << 13 | (uimm >> 3 & 7u) << 10 | creg(rs1) << 7 | (uimm >> 2 & 1u) << 6 |
                      (uimm >> 6 & 1u) << 5 | creg(rd) << 2);
}

/* c.addi4spn: nzuimm[5:4|9:6|2|3] at 12:5. */
static inline uint16_t enc_c_addi4spn(uint32_t uimm, unsigned rd)
{
    return (uint16_t)((uimm >> 4 & 3u) << 11 | (uimm >> 6 & 0xfu) << 7 | (uimm >> 2 & 1u) << 6 |
                      (uimm >> 3 & 1u) << 5 | creg(rd) << 2);
}

/* c.addi16sp: nzimm[9] at 12, nzimm[4|6|8:7|5] at 6:2. */
static inline uint16_t enc_c_addi16sp(int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (uint16_t)(3u << 13 | (u >> 9 & 1u) << 12 | 2u << 7 | (u >> 4 & 1u) << 6 |
                      (u >> 6 & 1u) << 5 | (u >> 7 & 3u) << 3 | (u >> 5 & 1u) << 2 | 1u);
}

/* CB-format ALU (c.srli, c.srai, c.andi): funct2 at 11:10. */
static inline uint16_t enc_cb_alu(uint32_t f2, uint32_t imm6, unsigned rd)
{
    return (uint16_t)(4u << 13 | (imm6 >> 5 & 1u) << 12 | f2 << 10 | creg(rd) << 7 |
                      (imm6 & 0x1fu) << 2 | 1u);
}

/* CA: c.sub/xor/or/and (word = 0) and c.subw/addw (word = 1). */
static inline uint16_t enc_ca(uint32_t word, uint32_t f2, unsigned rd, unsigned rs2)
{
    return (uint16_t)(4u << 13 | word << 12 | 3u << 10 | creg(rd) << 7 | f2 << 5 | creg(rs2) << 2 |
                      1u);
}

/* c.j: imm[11|4|9:8|10|6|7|3:1|5] at 12:2. */
static inline uint16_t enc_c_j(int32_t off)
{
    uint32_t u = (uint32_t)off;
    return (uint16_t)(5u << 13 | (u >> 11 & 1u) << 12 | (u >> 4 & 1u) << 11 | (u >> 8 & 3u) << 9 |
                      (u >> 10 & 1u) << 8 | (u >> 6 & 1u) << 7 | (u >> 7 & 1u) << 6 |
                      (u >> 1 & 7u) << 3 | (u >> 5 & 1u) << 2 | 1u);
}

/* c.beqz (f3 = 6) / c.bnez (f3 = 7): imm[8|4:3] at 12:10, imm[7:6|2:1|5] at 6:2. */
static inline uint16_t enc_c_branch(uint32_t f3, int32_t off, unsigned rs1)
{
    uint32_t u = (uint32_t)off;
    return (uint16_t)(f3 << 13 | (u >> 8 & 1u) << 12 | (u >> 3 & 3u) << 10 | creg(rs1) << 7 |
                      (u >> 6 & 3u) << 5 | (u >> 1 & 3u) << 3 | (u >> 5 & 1u) << 2 | 1u);
}

/* CR: c.jr/c.mv (bit 12 = 0), c.jalr/c.add (bit 12 = 1). */
static inline uint16_t enc_cr(uint32_t bit12, unsigned rd, unsigned rs2)
{
    return (uint16_t)(4u << 13 | bit12 << 12 | (uint32_t)rd << 7 | (uint32_t)rs2 << 2 | 2u);
}

/* c.ldsp/c.fldsp (f3 1/3): uimm[5] at 12, uimm[4:3|8:6] at 6:2. */
static inline uint16_t enc_c_ldsp(uint32_t f3, uint32_t uimm, unsigned rd)
{
    return (uint16_t)(f3 << 13 | (uimm >> 5 & 1u) << 12 | (uint32_t)rd << 7 |
                      (uimm >> 3 & 3u) << 5 | (uimm >> 6 & 7u) << 2 | 2u);
}

/* c.lwsp: uimm[5] at 12, uimm[4:2|7:6] at 6:2. */
static inline uint16_t enc_c_lwsp(uint32_t uimm, unsigned rd)
{
    return (uint16_t)(2u << 13 | (uimm >> 5 & 1u) << 12 | (uint32_t)rd << 7 |
                      (uimm >> 2 & 7u) << 4 | (uimm >> 6 & 3u) << 2 | 2u);
}

/* c.sdsp/c.fsdsp (f3 7/5): uimm[5:3|8:6] at 12:7. */
static inline uint16_t enc_c_sdsp(uint32_t f3, uint32_t uimm, unsigned rs2)
{
    return (uint16_t)(f3 << 13 | (uimm >> 3 & 7u) << 10 | (uimm >> 6 & 7u) << 7 |
                      (uint32_t)rs2 << 2 | 2u);
}

/* c.swsp: uimm[5:2|7:6] at 12:7. */
static inline uint16_t enc_c_swsp(uint32_t uimm, unsigned rs2)
{
    return (uint16_t)(6u << 13 | (uimm >> 2 & 0xfu) << 9 | (uimm >> 6 & 3u) << 7 |
                      (uint32_t)rs2 << 2 | 2u);
}

#endif /* TESTS_GUEST_FUZZ_ENC_H */
