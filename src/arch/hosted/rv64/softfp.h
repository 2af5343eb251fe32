/*
 * arch/hosted/rv64/softfp.h - IEEE 754 binary32/binary64 arithmetic in integers, for the F and
 * D extensions of the RV64GC interpreter.
 *
 * Values travel as raw bit patterns: uint32_t for binary32 (sf32_*), uint64_t for binary64
 * (sf64_*). Every operation is the RISC-V one (unprivileged spec, chapters "F" and "D"):
 *   - rm is a static rounding mode SF_RNE..SF_RMM. The caller rejects the reserved encodings 5
 *     and 6 and resolves 7 (dynamic) from frm before calling.
 *   - flags accumulates exception flags: each call ORs SF_* bits into *flags and never clears
 *     any, exactly like fflags.
 *   - A NaN result is always the canonical NaN; payloads are never propagated. A signalling NaN
 *     operand raises SF_NV in every operation, including min/max, eq and the conversions.
 *   - Tininess is detected after rounding; SF_UF is raised only for a tiny and inexact result.
 *     Subnormal operands and results are fully supported (no flush to zero).
 * Nothing here touches the host FPU, so results are the same on every host.
 */
#ifndef ARCH_HOSTED_RV64_SOFTFP_H
#define ARCH_HOSTED_RV64_SOFTFP_H

#include <stdint.h>

/* Rounding modes: the RISC-V frm / instruction rm encodings. */
enum { SF_RNE = 0, SF_RTZ = 1, SF_RDN = 2, SF_RUP = 3, SF_RMM = 4 };

/* Exception flags: the RISC-V fflags bits. */
enum { SF_NX = 1, SF_UF = 2, SF_OF = 4, SF_DZ = 8, SF_NV = 16 };

/* The only NaNs an operation returns (RISC-V "canonical NaN": positive, quiet, zero payload). */
#define SF32_CANONICAL_NAN 0x7fc00000u
#define SF64_CANONICAL_NAN 0x7ff8000000000000ull

/* fclass result bits (RISC-V Table "Format of result of FCLASS instruction"). */
enum {
    SF_CLASS_NEG_INF = 1 << 0,
    SF_CLASS_NEG_NORMAL = 1 << 1,
    SF_CLASS_NEG_SUBNORMAL = 1 << 2,
    SF_CLASS_NEG_ZERO = 1 << 3,
    SF_CLASS_POS_ZERO = 1 << 4,
    SF_CLASS_POS_SUBNORMAL = 1 << 5,
    SF_CLASS_POS_NORMAL = 1 << 6,
    SF_CLASS_POS_INF = 1 << 7,
    SF_CLASS_SNAN = 1 << 8,
    SF_CLASS_QNAN = 1 << 9,
};

/* ---- binary32 ------------------------------------------------------------------------------ */

/* Correctly rounded a+b, a-b, a*b, a/b and sqrt(a). */
uint32_t sf32_add(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t sf32_sub(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t sf32_mul(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t sf32_div(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t sf32_sqrt(uint32_t a, int rm, uint32_t *flags);
/* a*b+c rounded once. fmsub/fnmsub/fnmadd are this with operand signs flipped by the caller.
 * inf*0 raises NV even when c is a quiet NaN (RISC-V requires it). */
uint32_t sf32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
/* IEEE 754-2019 minimumNumber/maximumNumber: a NaN operand yields the other operand, two NaNs
 * the canonical NaN; -0 orders below +0. */
uint32_t sf32_min(uint32_t a, uint32_t b, uint32_t *flags);
uint32_t sf32_max(uint32_t a, uint32_t b, uint32_t *flags);
/* feq is quiet (NV only for a signalling NaN); flt and fle signal NV for any NaN. */
int sf32_eq(uint32_t a, uint32_t b, uint32_t *flags);
int sf32_lt(uint32_t a, uint32_t b, uint32_t *flags);
int sf32_le(uint32_t a, uint32_t b, uint32_t *flags);
/* fclass: exactly one SF_CLASS_* bit. Raises nothing. */
uint32_t sf32_classify(uint32_t a);
/* fcvt to integer: round per rm (NX if inexact). NaN, infinities and values out of range raise
 * NV (and not NX) and saturate: NaN and too large give the type's maximum, too negative its
 * minimum (0 for the unsigned types). */
int32_t sf32_to_i32(uint32_t a, int rm, uint32_t *flags);
uint32_t sf32_to_u32(uint32_t a, int rm, uint32_t *flags);
int64_t sf32_to_i64(uint32_t a, int rm, uint32_t *flags);
uint64_t sf32_to_u64(uint32_t a, int rm, uint32_t *flags);
/* fcvt from integer: correctly rounded per rm. */
uint32_t sf32_from_i32(int32_t v, int rm, uint32_t *flags);
uint32_t sf32_from_u32(uint32_t v, int rm, uint32_t *flags);
uint32_t sf32_from_i64(int64_t v, int rm, uint32_t *flags);
uint32_t sf32_from_u64(uint64_t v, int rm, uint32_t *flags);
/* fcvt.d.s: exact; a signalling NaN raises NV, any NaN gives the canonical binary64 NaN. */
uint64_t sf32_to_f64(uint32_t a, uint32_t *flags);

/* ---- binary64: the same operations on binary64 ---------------------------------------------- */

uint64_t sf64_add(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t sf64_sub(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t sf64_mul(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t sf64_div(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t sf64_sqrt(uint64_t a, int rm, uint32_t *flags);
uint64_t sf64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t sf64_min(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t sf64_max(uint64_t a, uint64_t b, uint32_t *flags);
int sf64_eq(uint64_t a, uint64_t b, uint32_t *flags);
int sf64_lt(uint64_t a, uint64_t b, uint32_t *flags);
int sf64_le(uint64_t a, uint64_t b, uint32_t *flags);
uint32_t sf64_classify(uint64_t a);
int32_t sf64_to_i32(uint64_t a, int rm, uint32_t *flags);
uint32_t sf64_to_u32(uint64_t a, int rm, uint32_t *flags);
int64_t sf64_to_i64(uint64_t a, int rm, uint32_t *flags);
uint64_t sf64_to_u64(uint64_t a, int rm, uint32_t *flags);
uint64_t sf64_from_i32(int32_t v, int rm, uint32_t *flags);
uint64_t sf64_from_u32(uint32_t v, int rm, uint32_t *flags);
uint64_t sf64_from_i64(int64_t v, int rm, uint32_t *flags);
uint64_t sf64_from_u64(uint64_t v, int rm, uint32_t *flags);
/* fcvt.s.d: correctly rounded per rm. */
uint32_t sf64_to_f32(uint64_t a, int rm, uint32_t *flags);

#endif
