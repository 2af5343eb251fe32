/*
 * arch/hosted/rv64/decode.c - RV64GC instruction decoder.
 *
 * Turns instruction bits into a struct rv_insn: an operation, register numbers and one
 * sign-extended immediate, so the interpreter never looks at encodings again. Compressed
 * instructions (the C extension) decode to the operation of their 32-bit expansion. Anything
 * the spec reserves, and anything a user-mode hart may not execute, becomes RV_OP_ILLEGAL
 * with the raw bits in imm (they become the trap value).
 *
 * Reference: RISC-V unprivileged spec, chapters "RV32I/RV64I", "M", "A", "F", "D", "C"
 * (instruction listings) and "Zicsr"; the user-level CSR numbers from the privileged spec.
 */
#include "arch/hosted/rv64/rv_internal.h"

/* ---- field extraction ---------------------------------------------------------------------- */

static inline uint32_t bits_of(uint32_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int32_t sext(uint32_t v, unsigned width)
{
    uint32_t m = 1u << (width - 1);
    return (int32_t)((v ^ m) - m);
}

static inline int32_t imm_i(uint32_t in) { return (int32_t)in >> 20; }
static inline int32_t imm_s(uint32_t in) { return ((int32_t)in >> 25) * 32 | (int32_t)bits_of(in, 11, 7); }
static inline int32_t imm_u(uint32_t in) { return (int32_t)(in & 0xfffff000u); }

static inline int32_t imm_b(uint32_t in)
{
    uint32_t v = bits_of(in, 31, 31) << 12 | bits_of(in, 7, 7) << 11 | bits_of(in, 30, 25) << 5 |
                 bits_of(in, 11, 8) << 1;
    return sext(v, 13);
}

static inline int32_t imm_j(uint32_t in)
{
    uint32_t v = bits_of(in, 31, 31) << 20 | bits_of(in, 19, 12) << 12 |
                 bits_of(in, 20, 20) << 11 | bits_of(in, 30, 21) << 1;
    return sext(v, 21);
}

/* ---- helpers that fill *d ------------------------------------------------------------------ */

static void set(struct rv_insn *d, enum rv_op op, unsigned rd, unsigned rs1, unsigned rs2,
                int32_t imm)
{
    d->op = (uint16_t)op;
    d->rd = (uint8_t)rd;
    d->rs1 = (uint8_t)rs1;
    d->rs2 = (uint8_t)rs2;
    d->imm = imm;
}

/* Valid static rounding modes are 0-4 and 7 (dynamic). */
static inline bool rm_ok(unsigned rm)
{
    return rm <= 4u || rm == 7u;
}

/* Operations whose destination is an integer register. */
static bool writes_x(enum rv_op op)
{
    switch (op) {
    case RV_OP_BEQ: case RV_OP_BNE: case RV_OP_BLT: case RV_OP_BGE: case RV_OP_BLTU:
    case RV_OP_BGEU: case RV_OP_SB: case RV_OP_SH: case RV_OP_SW: case RV_OP_SD:
    case RV_OP_FENCE: case RV_OP_FENCE_I: case RV_OP_ECALL: case RV_OP_EBREAK:
    case RV_OP_ILLEGAL: case RV_OP_UNDECODED: case RV_OP_CROSS_PAGE:
    case RV_OP_FSW: case RV_OP_FSD:
        return false;
    case RV_OP_FEQ_S: case RV_OP_FLT_S: case RV_OP_FLE_S: case RV_OP_FCLASS_S:
    case RV_OP_FMV_X_W: case RV_OP_FCVT_W_S: case RV_OP_FCVT_WU_S: case RV_OP_FCVT_L_S:
    case RV_OP_FCVT_LU_S: case RV_OP_FEQ_D: case RV_OP_FLT_D: case RV_OP_FLE_D:
    case RV_OP_FCLASS_D: case RV_OP_FMV_X_D: case RV_OP_FCVT_W_D: case RV_OP_FCVT_WU_D:
    case RV_OP_FCVT_L_D: case RV_OP_FCVT_LU_D:
        return true;
    default:
        return op < RV_OP_FLW; /* integer, M, A, Zicsr */
    }
}

/* ---- 32-bit instructions ------------------------------------------------------------------- */

static enum rv_op dec_load(unsigned f3)
{
    static const enum rv_op ops[8] = {RV_OP_LB,  RV_OP_LH,  RV_OP_LW,  RV_OP_LD,
                                      RV_OP_LBU, RV_OP_LHU, RV_OP_LWU, RV_OP_ILLEGAL};
    return ops[f3];
}

static enum rv_op dec_op_imm(uint32_t in, unsigned f3)
{
    unsigned hi6 = bits_of(in, 31, 26);
    switch (f3) {
    case 0: return RV_OP_ADDI;
    case 1: return hi6 == 0 ? RV_OP_SLLI : RV_OP_ILLEGAL;
    case 2: return RV_OP_SLTI;
    case 3: return RV_OP_SLTIU;
    case 4: return RV_OP_XORI;
    case 5: return hi6 == 0 ? RV_OP_SRLI : hi6 == 0x10 ? RV_OP_SRAI : RV_OP_ILLEGAL;
    case 6: return RV_OP_ORI;
    default: return RV_OP_ANDI;
    }
}

static enum rv_op dec_op_imm32(uint32_t in, unsigned f3)
{
    unsigned f7 = bits_of(in, 31, 25);
    if (f3 == 0)
        return RV_OP_ADDIW;
    if (f3 == 1 && f7 == 0)
        return RV_OP_SLLIW;
    if (f3 == 5 && f7 == 0)
        return RV_OP_SRLIW;
    if (f3 == 5 && f7 == 0x20)
        return RV_OP_SRAIW;
    return RV_OP_ILLEGAL;
}

static enum rv_op dec_op(unsigned f7, unsigned f3)
{
    static const enum rv_op base[8] = {RV_OP_ADD, RV_OP_SLL, RV_OP_SLT, RV_OP_SLTU,
                                       RV_OP_XOR, RV_OP_SRL, RV_OP_OR,  RV_OP_AND};
    static const enum rv_op mul[8] = {RV_OP_MUL, RV_OP_MULH, RV_OP_MULHSU, RV_OP_MULHU,
                                      RV_OP_DIV, RV_OP_DIVU, RV_OP_REM,    RV_OP_REMU};
    if (f7 == 0)
        return base[f3];
    if (f7 == 1)
        return mul[f3];
    if (f7 == 0x20 && f3 == 0)
        return RV_OP_SUB;
    if (f7 == 0x20 && f3 == 5)
        return RV_OP_SRA;
    return RV_OP_ILLEGAL;
}

static enum rv_op dec_op32(unsigned f7, unsigned f3)
{
    static const enum rv_op mul[8] = {RV_OP_MULW,    RV_OP_ILLEGAL, RV_OP_ILLEGAL, RV_OP_ILLEGAL,
                                      RV_OP_DIVW,    RV_OP_DIVUW,   RV_OP_REMW,    RV_OP_REMUW};
    if (f7 == 1)
        return mul[f3];
    if (f7 == 0 && f3 == 0) return RV_OP_ADDW;
    if (f7 == 0 && f3 == 1) return RV_OP_SLLW;
    if (f7 == 0 && f3 == 5) return RV_OP_SRLW;
    if (f7 == 0x20 && f3 == 0) return RV_OP_SUBW;
    if (f7 == 0x20 && f3 == 5) return RV_OP_SRAW;
    return RV_OP_ILLEGAL;
}

static enum rv_op dec_amo(uint32_t in, unsigned f3)
{
    /* Indexed by funct5 >> 2 for the read-modify-write group, W form; D is W + 11. */
    unsigned f5 = bits_of(in, 31, 27);
    enum rv_op w;
    if (f3 != 2 && f3 != 3)
        return RV_OP_ILLEGAL;
    switch (f5) {
    case 0x02: w = bits_of(in, 24, 20) == 0 ? RV_OP_LR_W : RV_OP_ILLEGAL; break;
    case 0x03: w = RV_OP_SC_W; break;
    case 0x01: w = RV_OP_AMOSWAP_W; break;
    case 0x00: w = RV_OP_AMOADD_W; break;
    case 0x04: w = RV_OP_AMOXOR_W; break;
    case 0x0c: w = RV_OP_AMOAND_W; break;
    case 0x08: w = RV_OP_AMOOR_W; break;
    case 0x10: w = RV_OP_AMOMIN_W; break;
    case 0x14: w = RV_OP_AMOMAX_W; break;
    case 0x18: w = RV_OP_AMOMINU_W; break;
    case 0x1c: w = RV_OP_AMOMAXU_W; break;
    default: return RV_OP_ILLEGAL;
    }
    if (w == RV_OP_ILLEGAL)
        return w;
    return f3 == 2 ? w : (enum rv_op)(w + (RV_OP_LR_D - RV_OP_LR_W));
}

/* OP-FP (opcode 0x53). Sets d->rm for the operations that round. */
static enum rv_op dec_op_fp(uint32_t in, struct rv_insn *d)
{
    unsigned f7 = bits_of(in, 31, 25), f3 = bits_of(in, 14, 12), rs2 = bits_of(in, 24, 20);
    bool dbl = f7 & 1u;
    enum rv_op op = RV_OP_ILLEGAL;
    bool rounds = true;

    switch (f7 >> 1) {
    case 0x00: op = dbl ? RV_OP_FADD_D : RV_OP_FADD_S; break;
    case 0x02: op = dbl ? RV_OP_FSUB_D : RV_OP_FSUB_S; break;
    case 0x04: op = dbl ? RV_OP_FMUL_D : RV_OP_FMUL_S; break;
    case 0x06: op = dbl ? RV_OP_FDIV_D : RV_OP_FDIV_S; break;
    case 0x16:
        if (rs2 == 0)
            op = dbl ? RV_OP_FSQRT_D : RV_OP_FSQRT_S;
        break;
    case 0x08:
        rounds = false;
        if (f3 <= 2)
            op = (enum rv_op)((dbl ? RV_OP_FSGNJ_D : RV_OP_FSGNJ_S) + f3);
        break;
    case 0x0a:
        rounds = false;
        if (f3 <= 1)
            op = (enum rv_op)((dbl ? RV_OP_FMIN_D : RV_OP_FMIN_S) + f3);
        break;
    case 0x10: /* fcvt.s.d (f7 0x20, rs2 1) and fcvt.d.s (f7 0x21, rs2 0) */
        if (!dbl && rs2 == 1)
            op = RV_OP_FCVT_S_D;
        else if (dbl && rs2 == 0)
            op = RV_OP_FCVT_D_S;
        break;
    case 0x28: /* compare: fle (0), flt (1), feq (2) */
        rounds = false;
        if (f3 == 0)
            op = dbl ? RV_OP_FLE_D : RV_OP_FLE_S;
        else if (f3 == 1)
            op = dbl ? RV_OP_FLT_D : RV_OP_FLT_S;
        else if (f3 == 2)
            op = dbl ? RV_OP_FEQ_D : RV_OP_FEQ_S;
        break;
    case 0x30: /* float to integer: w, wu, l, lu */
        if (rs2 <= 3)
            op = (enum rv_op)((dbl ? RV_OP_FCVT_W_D : RV_OP_FCVT_W_S) + rs2);
        break;
    case 0x34: /* integer to float */
        if (rs2 <= 3)
            op = (enum rv_op)((dbl ? RV_OP_FCVT_D_W : RV_OP_FCVT_S_W) + rs2);
        break;
    case 0x38: /* fmv.x.* (f3 0) and fclass (f3 1) */
        rounds = false;
        if (rs2 == 0 && f3 == 0)
            op = dbl ? RV_OP_FMV_X_D : RV_OP_FMV_X_W;
        else if (rs2 == 0 && f3 == 1)
            op = dbl ? RV_OP_FCLASS_D : RV_OP_FCLASS_S;
        break;
    case 0x3c:
        rounds = false;
        if (rs2 == 0 && f3 == 0)
            op = dbl ? RV_OP_FMV_D_X : RV_OP_FMV_W_X;
        break;
    default:
        break;
    }
    if (rounds && op != RV_OP_ILLEGAL) {
        if (!rm_ok(f3))
            return RV_OP_ILLEGAL;
        d->rm = (uint8_t)f3;
    }
    return op;
}

static enum rv_op dec_system(uint32_t in, unsigned f3)
{
    static const enum rv_op csr_ops[8] = {RV_OP_ILLEGAL, RV_OP_CSRRW,  RV_OP_CSRRS,
                                          RV_OP_CSRRC,   RV_OP_ILLEGAL, RV_OP_CSRRWI,
                                          RV_OP_CSRRSI,  RV_OP_CSRRCI};
    if (f3 == 0) {
        if (in == 0x00000073u)
            return RV_OP_ECALL;
        if (in == 0x00100073u)
            return RV_OP_EBREAK;
        return RV_OP_ILLEGAL; /* wfi, xret, sfence.vma: not in user mode */
    }
    enum rv_op op = csr_ops[f3];
    unsigned csr = bits_of(in, 31, 20), src = bits_of(in, 19, 15);
    /* csrrw/csrrwi always write; csrrs/c(i) write only with a non-zero source. */
    bool writes = op == RV_OP_CSRRW || op == RV_OP_CSRRWI || src != 0;
    switch (csr) {
    case RV_CSR_FFLAGS: case RV_CSR_FRM: case RV_CSR_FCSR:
        return op;
    case RV_CSR_CYCLE: case RV_CSR_TIME: case RV_CSR_INSTRET:
        return writes ? RV_OP_ILLEGAL : op; /* read-only counters */
    default:
        return RV_OP_ILLEGAL;
    }
}

static void decode32(uint32_t in, struct rv_insn *d)
{
    unsigned rd = bits_of(in, 11, 7), rs1 = bits_of(in, 19, 15), rs2 = bits_of(in, 24, 20);
    unsigned f3 = bits_of(in, 14, 12), f7 = bits_of(in, 31, 25);
    enum rv_op op = RV_OP_ILLEGAL;
    int32_t imm = 0;

    switch (in & 0x7fu) {
    case 0x03: op = dec_load(f3); imm = imm_i(in); break;
    case 0x07:
        op = f3 == 2 ? RV_OP_FLW : f3 == 3 ? RV_OP_FLD : RV_OP_ILLEGAL;
        imm = imm_i(in);
        break;
    case 0x0f:
        op = f3 == 0 ? RV_OP_FENCE : f3 == 1 ? RV_OP_FENCE_I : RV_OP_ILLEGAL;
        d->rm = (uint8_t)bits_of(in, 27, 20); /* fence: pred[7:4] succ[3:0] */
        break;
    case 0x13: op = dec_op_imm(in, f3); imm = imm_i(in); break;
    case 0x17: op = RV_OP_AUIPC; imm = imm_u(in); break;
    case 0x1b: op = dec_op_imm32(in, f3); imm = imm_i(in); break;
    case 0x23:
        op = (enum rv_op)(f3 <= 3 ? RV_OP_SB + f3 : RV_OP_ILLEGAL);
        imm = imm_s(in);
        break;
    case 0x27:
        op = f3 == 2 ? RV_OP_FSW : f3 == 3 ? RV_OP_FSD : RV_OP_ILLEGAL;
        imm = imm_s(in);
        break;
    case 0x2f: op = dec_amo(in, f3); d->rm = (uint8_t)bits_of(in, 26, 25); break;
    case 0x33: op = dec_op(f7, f3); break;
    case 0x37: op = RV_OP_LUI; imm = imm_u(in); break;
    case 0x3b: op = dec_op32(f7, f3); break;
    case 0x43: case 0x47: case 0x4b: case 0x4f: {
        unsigned fmt = bits_of(in, 26, 25);
        if (fmt <= 1 && rm_ok(f3)) {
            unsigned which = ((in & 0x7fu) - 0x43u) >> 2; /* madd msub nmsub nmadd */
            op = (enum rv_op)((fmt ? RV_OP_FMADD_D : RV_OP_FMADD_S) + which);
            d->rs3 = (uint8_t)bits_of(in, 31, 27);
            d->rm = (uint8_t)f3;
        }
        imm = (int32_t)in; /* trap value if the dynamic rounding mode is invalid */
        break;
    }
    case 0x53: op = dec_op_fp(in, d); imm = (int32_t)in; break;
    case 0x63: {
        static const enum rv_op br[8] = {RV_OP_BEQ,     RV_OP_BNE, RV_OP_ILLEGAL, RV_OP_ILLEGAL,
                                         RV_OP_BLT,     RV_OP_BGE, RV_OP_BLTU,    RV_OP_BGEU};
        op = br[f3];
        imm = imm_b(in);
        break;
    }
    case 0x67: op = f3 == 0 ? RV_OP_JALR : RV_OP_ILLEGAL; imm = imm_i(in); break;
    case 0x6f: op = RV_OP_JAL; imm = imm_j(in); break;
    case 0x73:
        op = dec_system(in, f3);
        imm = (int32_t)bits_of(in, 31, 20); /* CSR number */
        break;
    default:
        break;
    }
    set(d, op, rd, rs1, rs2, imm);
}

/* ---- compressed instructions (16 bits) ----------------------------------------------------- */

/* The 3-bit register fields of CIW/CL/CS/CA/CB formats name x8..x15 (or f8..f15). */
static inline unsigned creg(uint32_t in, unsigned lo)
{
    return 8u + bits_of(in, lo + 2, lo);
}

/* Offsets of c.ld/c.sd/c.fld/c.fsd: uimm[5:3] = in[12:10], uimm[7:6] = in[6:5]. */
static inline int32_t cl_d_off(uint32_t in)
{
    return (int32_t)(bits_of(in, 12, 10) << 3 | bits_of(in, 6, 5) << 6);
}

/* c.lw/c.sw: uimm[5:3] = in[12:10], uimm[2] = in[6], uimm[6] = in[5]. */
static inline int32_t cl_w_off(uint32_t in)
{
    return (int32_t)(bits_of(in, 12, 10) << 3 | bits_of(in, 6, 6) << 2 | bits_of(in, 5, 5) << 6);
}

static inline int32_t ci_imm6(uint32_t in)
{
    return sext(bits_of(in, 12, 12) << 5 | bits_of(in, 6, 2), 6);
}

static void decode_q0(uint32_t in, struct rv_insn *d)
{
    unsigned rdp = creg(in, 2), rs1p = creg(in, 7);
    switch (bits_of(in, 15, 13)) {
    case 0: { /* c.addi4spn: nzuimm[5:4|9:6|2|3] */
        uint32_t u = bits_of(in, 12, 11) << 4 | bits_of(in, 10, 7) << 6 | bits_of(in, 6, 6) << 2 |
                     bits_of(in, 5, 5) << 3;
        if (u == 0)
            break; /* reserved; the all-zero parcel is the canonical illegal instruction */
        set(d, RV_OP_ADDI, rdp, 2, 0, (int32_t)u);
        return;
    }
    case 1: set(d, RV_OP_FLD, rdp, rs1p, 0, cl_d_off(in)); return;
    case 2: set(d, RV_OP_LW, rdp, rs1p, 0, cl_w_off(in)); return;
    case 3: set(d, RV_OP_LD, rdp, rs1p, 0, cl_d_off(in)); return;
    case 5: set(d, RV_OP_FSD, 0, rs1p, rdp, cl_d_off(in)); return;
    case 6: set(d, RV_OP_SW, 0, rs1p, rdp, cl_w_off(in)); return;
    case 7: set(d, RV_OP_SD, 0, rs1p, rdp, cl_d_off(in)); return;
    default: break;
    }
    set(d, RV_OP_ILLEGAL, 0, 0, 0, 0);
}

static void decode_q1_arith(uint32_t in, struct rv_insn *d)
{
    unsigned r = creg(in, 7), rs2 = creg(in, 2);
    unsigned shamt = bits_of(in, 12, 12) << 5 | bits_of(in, 6, 2);
    switch (bits_of(in, 11, 10)) {
    case 0: set(d, RV_OP_SRLI, r, r, 0, (int32_t)shamt); return;
    case 1: set(d, RV_OP_SRAI, r, r, 0, (int32_t)shamt); return;
    case 2: set(d, RV_OP_ANDI, r, r, 0, ci_imm6(in)); return;
    default: break;
    }
    static const enum rv_op ops[2][4] = {
        {RV_OP_SUB, RV_OP_XOR, RV_OP_OR, RV_OP_AND},
        {RV_OP_SUBW, RV_OP_ADDW, RV_OP_ILLEGAL, RV_OP_ILLEGAL},
    };
    set(d, ops[bits_of(in, 12, 12)][bits_of(in, 6, 5)], r, r, rs2, 0);
}

static void decode_q1(uint32_t in, struct rv_insn *d)
{
    unsigned rd = bits_of(in, 11, 7);
    switch (bits_of(in, 15, 13)) {
    case 0: set(d, RV_OP_ADDI, rd, rd, 0, ci_imm6(in)); return; /* c.addi, c.nop */
    case 1:
        if (rd == 0)
            break;
        set(d, RV_OP_ADDIW, rd, rd, 0, ci_imm6(in));
        return;
    case 2: set(d, RV_OP_ADDI, rd, 0, 0, ci_imm6(in)); return; /* c.li */
    case 3:
        if (rd == 2) { /* c.addi16sp: nzimm[9|4|6|8:7|5] */
            uint32_t v = bits_of(in, 12, 12) << 9 | bits_of(in, 6, 6) << 4 |
                         bits_of(in, 5, 5) << 6 | bits_of(in, 4, 3) << 7 | bits_of(in, 2, 2) << 5;
            if (v == 0)
                break;
            set(d, RV_OP_ADDI, 2, 2, 0, sext(v, 10));
            return;
        }
        if (bits_of(in, 12, 12) == 0 && bits_of(in, 6, 2) == 0)
            break; /* c.lui with nzimm = 0 is reserved */
        set(d, RV_OP_LUI, rd, 0, 0, sext(bits_of(in, 12, 12) << 17 | bits_of(in, 6, 2) << 12, 18));
        return;
    case 4: decode_q1_arith(in, d); return;
    case 5: { /* c.j: offset[11|4|9:8|10|6|7|3:1|5] */
        uint32_t v = bits_of(in, 12, 12) << 11 | bits_of(in, 11, 11) << 4 |
                     bits_of(in, 10, 9) << 8 | bits_of(in, 8, 8) << 10 | bits_of(in, 7, 7) << 6 |
                     bits_of(in, 6, 6) << 7 | bits_of(in, 5, 3) << 1 | bits_of(in, 2, 2) << 5;
        set(d, RV_OP_JAL, 0, 0, 0, sext(v, 12));
        return;
    }
    default: { /* c.beqz, c.bnez: offset[8|4:3|7:6|2:1|5] */
        uint32_t v = bits_of(in, 12, 12) << 8 | bits_of(in, 11, 10) << 3 |
                     bits_of(in, 6, 5) << 6 | bits_of(in, 4, 3) << 1 | bits_of(in, 2, 2) << 5;
        enum rv_op op = bits_of(in, 15, 13) == 6 ? RV_OP_BEQ : RV_OP_BNE;
        set(d, op, 0, creg(in, 7), 0, sext(v, 9));
        return;
    }
    }
    set(d, RV_OP_ILLEGAL, 0, 0, 0, 0);
}

static void decode_q2(uint32_t in, struct rv_insn *d)
{
    unsigned rd = bits_of(in, 11, 7), rs2 = bits_of(in, 6, 2);
    /* Stack-pointer-relative offsets. */
    int32_t ld_off = (int32_t)(bits_of(in, 12, 12) << 5 | bits_of(in, 6, 5) << 3 | bits_of(in, 4, 2) << 6);
    int32_t lw_off = (int32_t)(bits_of(in, 12, 12) << 5 | bits_of(in, 6, 4) << 2 | bits_of(in, 3, 2) << 6);
    int32_t sd_off = (int32_t)(bits_of(in, 12, 10) << 3 | bits_of(in, 9, 7) << 6);
    int32_t sw_off = (int32_t)(bits_of(in, 12, 9) << 2 | bits_of(in, 8, 7) << 6);

    switch (bits_of(in, 15, 13)) {
    case 0:
        set(d, RV_OP_SLLI, rd, rd, 0, (int32_t)(bits_of(in, 12, 12) << 5 | rs2));
        return;
    case 1: set(d, RV_OP_FLD, rd, 2, 0, ld_off); return;
    case 2:
        if (rd == 0)
            break;
        set(d, RV_OP_LW, rd, 2, 0, lw_off);
        return;
    case 3:
        if (rd == 0)
            break;
        set(d, RV_OP_LD, rd, 2, 0, ld_off);
        return;
    case 4:
        if (bits_of(in, 12, 12) == 0) {
            if (rs2 == 0) {
                if (rd == 0)
                    break;                               /* c.jr x0 is reserved */
                set(d, RV_OP_JALR, 0, rd, 0, 0);         /* c.jr */
            } else {
                set(d, RV_OP_ADD, rd, 0, rs2, 0);        /* c.mv */
            }
        } else if (rs2 == 0) {
            if (rd == 0)
                set(d, RV_OP_EBREAK, 0, 0, 0, 0);        /* c.ebreak */
            else
                set(d, RV_OP_JALR, 1, rd, 0, 0);         /* c.jalr */
        } else {
            set(d, RV_OP_ADD, rd, rd, rs2, 0);           /* c.add */
        }
        return;
    case 5: set(d, RV_OP_FSD, 0, 2, rs2, sd_off); return;
    case 6: set(d, RV_OP_SW, 0, 2, rs2, sw_off); return;
    default: set(d, RV_OP_SD, 0, 2, rs2, sd_off); return;
    }
    set(d, RV_OP_ILLEGAL, 0, 0, 0, 0);
}

unsigned rv_decode(uint32_t bits, struct rv_insn *d)
{
    unsigned len = rv_insn_len((uint16_t)bits);
    d->rs3 = 0;
    d->rm = 0;
    if (len == 4) {
        /* Longer formats (low bits 11111) are not part of RV64GC. */
        if ((bits & 0x1fu) == 0x1fu)
            set(d, RV_OP_ILLEGAL, 0, 0, 0, 0);
        else
            decode32(bits, d);
    } else {
        bits &= 0xffffu;
        switch (bits & 3u) {
        case 0: decode_q0(bits, d); break;
        case 1: decode_q1(bits, d); break;
        default: decode_q2(bits, d); break;
        }
    }
    d->len = (uint8_t)len;
    if (d->op == RV_OP_ILLEGAL) {
        d->imm = (int32_t)bits; /* the trap value */
        d->rd = d->rs1 = d->rs2 = 0;
    } else if (d->rd == 0 && writes_x((enum rv_op)d->op)) {
        d->rd = RV_XSINK;
    }
    return len;
}
