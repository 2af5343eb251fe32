/*
 * arch/hosted/rv64/fp.c - the F and D extensions' arithmetic, on top of softfp.
 *
 * What is RISC-V-specific lives here; the IEEE-754 arithmetic lives in softfp.c:
 *   - NaN boxing: a single-precision value occupies the low half of a 64-bit f register
 *     whose upper half is all ones; an operation reading a register that is not so boxed sees
 *     the canonical NaN (unprivileged spec, "NaN Boxing of Narrower Values"). Results are
 *     boxed. Only the transfer instructions (flw, fsw, fmv.x.w, fmv.w.x) move raw bits.
 *   - the dynamic rounding mode (rm = 7) reads frm; an invalid frm makes the instruction
 *     illegal, which the caller reports;
 *   - fmsub/fnmsub/fnmadd are fused multiply-adds with the signs of inputs flipped;
 *   - fcvt.wu.s/d sign-extend their 32-bit result like every W-sized result in RV64;
 *   - exception flags accumulate into fcsr.fflags.
 */
#include "arch/hosted/rv64/rv_internal.h"
#include "arch/hosted/rv64/softfp.h"

#define SIGN32 0x80000000u
#define SIGN64 0x8000000000000000ull
#define BOX32  0xffffffff00000000ull
#define FRM_DYNAMIC 7u
#define FRM_MAX     4u /* RMM; 5 and 6 are reserved */

static inline uint32_t unbox(uint64_t v)
{
    return (v & BOX32) == BOX32 ? (uint32_t)v : SF32_CANONICAL_NAN;
}

static inline uint64_t box(uint32_t v)
{
    return BOX32 | v;
}

static inline uint64_t sext32(uint32_t v)
{
    return (uint64_t)(int64_t)(int32_t)v;
}

static uint64_t sgnj64(uint64_t a, uint64_t b, enum rv_op kind)
{
    uint64_t sign = kind == RV_OP_FSGNJ_D ? b : kind == RV_OP_FSGNJN_D ? ~b : a ^ b;
    return (a & ~SIGN64) | (sign & SIGN64);
}

static uint32_t sgnj32(uint32_t a, uint32_t b, enum rv_op kind)
{
    uint32_t sign = kind == RV_OP_FSGNJ_S ? b : kind == RV_OP_FSGNJN_S ? ~b : a ^ b;
    return (a & ~SIGN32) | (sign & SIGN32);
}

/* Single precision. Returns through f[] or x[]. */
static void exec_s(const struct rv_insn *d, uint64_t *x, uint64_t *f, int rm, uint32_t *fl)
{
    uint32_t a = unbox(f[d->rs1]), b = unbox(f[d->rs2]), c = unbox(f[d->rs3]);
    switch ((enum rv_op)d->op) {
    case RV_OP_FMADD_S:  f[d->rd] = box(sf32_fma(a, b, c, rm, fl)); break;
    case RV_OP_FMSUB_S:  f[d->rd] = box(sf32_fma(a, b, c ^ SIGN32, rm, fl)); break;
    case RV_OP_FNMSUB_S: f[d->rd] = box(sf32_fma(a ^ SIGN32, b, c, rm, fl)); break;
    case RV_OP_FNMADD_S: f[d->rd] = box(sf32_fma(a ^ SIGN32, b, c ^ SIGN32, rm, fl)); break;
    case RV_OP_FADD_S:   f[d->rd] = box(sf32_add(a, b, rm, fl)); break;
    case RV_OP_FSUB_S:   f[d->rd] = box(sf32_sub(a, b, rm, fl)); break;
    case RV_OP_FMUL_S:   f[d->rd] = box(sf32_mul(a, b, rm, fl)); break;
    case RV_OP_FDIV_S:   f[d->rd] = box(sf32_div(a, b, rm, fl)); break;
    case RV_OP_FSQRT_S:  f[d->rd] = box(sf32_sqrt(a, rm, fl)); break;
    case RV_OP_FSGNJ_S: case RV_OP_FSGNJN_S: case RV_OP_FSGNJX_S:
        f[d->rd] = box(sgnj32(a, b, (enum rv_op)d->op));
        break;
    case RV_OP_FMIN_S:   f[d->rd] = box(sf32_min(a, b, fl)); break;
    case RV_OP_FMAX_S:   f[d->rd] = box(sf32_max(a, b, fl)); break;
    case RV_OP_FEQ_S:    x[d->rd] = (uint64_t)sf32_eq(a, b, fl); break;
    case RV_OP_FLT_S:    x[d->rd] = (uint64_t)sf32_lt(a, b, fl); break;
    case RV_OP_FLE_S:    x[d->rd] = (uint64_t)sf32_le(a, b, fl); break;
    case RV_OP_FCLASS_S: x[d->rd] = sf32_classify(a); break;
    case RV_OP_FMV_X_W:  x[d->rd] = sext32((uint32_t)f[d->rs1]); break; /* raw bits */
    case RV_OP_FMV_W_X:  f[d->rd] = box((uint32_t)x[d->rs1]); break;
    case RV_OP_FCVT_W_S:  x[d->rd] = sext32((uint32_t)sf32_to_i32(a, rm, fl)); break;
    case RV_OP_FCVT_WU_S: x[d->rd] = sext32(sf32_to_u32(a, rm, fl)); break;
    case RV_OP_FCVT_L_S:  x[d->rd] = (uint64_t)sf32_to_i64(a, rm, fl); break;
    case RV_OP_FCVT_LU_S: x[d->rd] = sf32_to_u64(a, rm, fl); break;
    case RV_OP_FCVT_S_W:  f[d->rd] = box(sf32_from_i32((int32_t)x[d->rs1], rm, fl)); break;
    case RV_OP_FCVT_S_WU: f[d->rd] = box(sf32_from_u32((uint32_t)x[d->rs1], rm, fl)); break;
    case RV_OP_FCVT_S_L:  f[d->rd] = box(sf32_from_i64((int64_t)x[d->rs1], rm, fl)); break;
    case RV_OP_FCVT_S_LU: f[d->rd] = box(sf32_from_u64(x[d->rs1], rm, fl)); break;
    case RV_OP_FCVT_S_D:  f[d->rd] = box(sf64_to_f32(f[d->rs1], rm, fl)); break;
    case RV_OP_FCVT_D_S:  f[d->rd] = sf32_to_f64(a, fl); break;
    default: break;
    }
}

static void exec_d(const struct rv_insn *d, uint64_t *x, uint64_t *f, int rm, uint32_t *fl)
{
    uint64_t a = f[d->rs1], b = f[d->rs2], c = f[d->rs3];
    switch ((enum rv_op)d->op) {
    case RV_OP_FMADD_D:  f[d->rd] = sf64_fma(a, b, c, rm, fl); break;
    case RV_OP_FMSUB_D:  f[d->rd] = sf64_fma(a, b, c ^ SIGN64, rm, fl); break;
    case RV_OP_FNMSUB_D: f[d->rd] = sf64_fma(a ^ SIGN64, b, c, rm, fl); break;
    case RV_OP_FNMADD_D: f[d->rd] = sf64_fma(a ^ SIGN64, b, c ^ SIGN64, rm, fl); break;
    case RV_OP_FADD_D:   f[d->rd] = sf64_add(a, b, rm, fl); break;
    case RV_OP_FSUB_D:   f[d->rd] = sf64_sub(a, b, rm, fl); break;
    case RV_OP_FMUL_D:   f[d->rd] = sf64_mul(a, b, rm, fl); break;
    case RV_OP_FDIV_D:   f[d->rd] = sf64_div(a, b, rm, fl); break;
    case RV_OP_FSQRT_D:  f[d->rd] = sf64_sqrt(a, rm, fl); break;
    case RV_OP_FSGNJ_D: case RV_OP_FSGNJN_D: case RV_OP_FSGNJX_D:
        f[d->rd] = sgnj64(a, b, (enum rv_op)d->op);
        break;
    case RV_OP_FMIN_D:   f[d->rd] = sf64_min(a, b, fl); break;
    case RV_OP_FMAX_D:   f[d->rd] = sf64_max(a, b, fl); break;
    case RV_OP_FEQ_D:    x[d->rd] = (uint64_t)sf64_eq(a, b, fl); break;
    case RV_OP_FLT_D:    x[d->rd] = (uint64_t)sf64_lt(a, b, fl); break;
    case RV_OP_FLE_D:    x[d->rd] = (uint64_t)sf64_le(a, b, fl); break;
    case RV_OP_FCLASS_D: x[d->rd] = sf64_classify(a); break;
    case RV_OP_FMV_X_D:  x[d->rd] = a; break;
    case RV_OP_FMV_D_X:  f[d->rd] = x[d->rs1]; break;
    case RV_OP_FCVT_W_D:  x[d->rd] = sext32((uint32_t)sf64_to_i32(a, rm, fl)); break;
    case RV_OP_FCVT_WU_D: x[d->rd] = sext32(sf64_to_u32(a, rm, fl)); break;
    case RV_OP_FCVT_L_D:  x[d->rd] = (uint64_t)sf64_to_i64(a, rm, fl); break;
    case RV_OP_FCVT_LU_D: x[d->rd] = sf64_to_u64(a, rm, fl); break;
    case RV_OP_FCVT_D_W:  f[d->rd] = sf64_from_i32((int32_t)x[d->rs1], rm, fl); break;
    case RV_OP_FCVT_D_WU: f[d->rd] = sf64_from_u32((uint32_t)x[d->rs1], rm, fl); break;
    case RV_OP_FCVT_D_L:  f[d->rd] = sf64_from_i64((int64_t)x[d->rs1], rm, fl); break;
    case RV_OP_FCVT_D_LU: f[d->rd] = sf64_from_u64(x[d->rs1], rm, fl); break;
    default: break;
    }
}

static bool is_double(enum rv_op op)
{
    switch (op) {
    case RV_OP_FMADD_D: case RV_OP_FMSUB_D: case RV_OP_FNMSUB_D: case RV_OP_FNMADD_D:
        return true;
    case RV_OP_FCVT_S_D: case RV_OP_FCVT_D_S: /* conversions between the two: in exec_s */
        return false;
    default:
        return op >= RV_OP_FADD_D;
    }
}

bool rv_fp_exec(const struct rv_insn *d, uint64_t *x, uint64_t *f, uint32_t *fcsr)
{
    unsigned rm = d->rm;
    if (rm == FRM_DYNAMIC) {
        rm = (*fcsr >> RV_FRM_SHIFT) & 7u;
        if (rm > FRM_MAX)
            return false;
    }
    uint32_t fl = 0;
    if (is_double((enum rv_op)d->op))
        exec_d(d, x, f, (int)rm, &fl);
    else
        exec_s(d, x, f, (int)rm, &fl);
    *fcsr |= fl & RV_FFLAGS_MASK;
    return true;
}
