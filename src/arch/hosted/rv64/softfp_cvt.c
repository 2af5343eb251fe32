/*
 * arch/hosted/rv64/softfp_cvt.c - RISC-V F/D conversions (fcvt), comparisons (feq, flt, fle),
 * fmin/fmax and fclass in integers.
 *
 * Conversions to floating point go through round_pack() like the arithmetic in softfp.c (whose
 * opening comment describes the working representation). Conversions to integer split the
 * value into integer part and a 64-bit fraction, round with that fraction, and then apply
 * RISC-V's range rules. Comparisons order non-NaN values by a key integer: the bit pattern with
 * negative values reflected, so that unsigned order is numeric order.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/hosted/rv64/softfp.h"
#include "arch/hosted/rv64/softfp_impl.h"

/* ---- min, max, comparisons, classify ------------------------------------------------------- */

/* A key whose unsigned order is the numeric order of non-NaN values, with -0 below +0. */
ALWAYS_INLINE uint64_t order_key(struct fmt f, uint64_t x)
{
    uint64_t all = sign_bit(f) | (sign_bit(f) - 1);
    return sign_of(f, x) ? ~x & all : x | sign_bit(f);
}

ALWAYS_INLINE uint64_t minmax_generic(struct fmt f, uint64_t a, uint64_t b, bool want_max,
                                      uint32_t *flags)
{
    if (is_snan(f, a) || is_snan(f, b))
        *flags |= SF_NV;
    if (is_nan(f, a))
        return is_nan(f, b) ? canonical_nan(f) : b;
    if (is_nan(f, b))
        return a;
    bool a_below = order_key(f, a) < order_key(f, b);
    return a_below != want_max ? a : b;
}

ALWAYS_INLINE int eq_generic(struct fmt f, uint64_t a, uint64_t b, uint32_t *flags)
{
    if (is_nan(f, a) || is_nan(f, b)) {
        nan_result(f, a, b, 0, flags); /* quiet: NV only for a signalling NaN */
        return 0;
    }
    return a == b || (is_zero(f, a) && is_zero(f, b));
}

/* flt (or_equal false) and fle (true): signalling comparisons. */
ALWAYS_INLINE int less_generic(struct fmt f, uint64_t a, uint64_t b, bool or_equal, uint32_t *flags)
{
    if (is_nan(f, a) || is_nan(f, b)) {
        *flags |= SF_NV;
        return 0;
    }
    if (is_zero(f, a) && is_zero(f, b))
        return or_equal;
    uint64_t ka = order_key(f, a), kb = order_key(f, b);
    return or_equal ? ka <= kb : ka < kb;
}

ALWAYS_INLINE uint32_t classify_generic(struct fmt f, uint64_t a)
{
    bool neg = sign_of(f, a);
    uint64_t exp_field = magnitude(f, a) >> f.frac_bits;
    if (is_nan(f, a))
        return is_snan(f, a) ? SF_CLASS_SNAN : SF_CLASS_QNAN;
    if (is_inf(f, a))
        return neg ? SF_CLASS_NEG_INF : SF_CLASS_POS_INF;
    if (is_zero(f, a))
        return neg ? SF_CLASS_NEG_ZERO : SF_CLASS_POS_ZERO;
    if (exp_field == 0)
        return neg ? SF_CLASS_NEG_SUBNORMAL : SF_CLASS_POS_SUBNORMAL;
    return neg ? SF_CLASS_NEG_NORMAL : SF_CLASS_POS_NORMAL;
}

/* ---- conversions --------------------------------------------------------------------------- */

/* Whether to add one to the integer part, given the fraction (FRAC_HALF is one half). */
static inline bool round_up_integer(int rm, bool sign, uint64_t frac, bool odd)
{
    switch (rm) {
    case SF_RNE:
        return frac > FRAC_HALF || (frac == FRAC_HALF && odd);
    case SF_RMM:
        return frac >= FRAC_HALF;
    case SF_RDN:
        return sign && frac != 0;
    case SF_RUP:
        return !sign && frac != 0;
    default:
        return false;
    }
}

/* fcvt.{w,wu,l,lu}: the result's two's-complement bits, `width` bits wide in a uint64_t.
 * RISC-V F chapter, "Single-Precision Floating-Point Conversion": out of range and NaN raise NV
 * (not NX) and saturate, a NaN to the maximum. */
ALWAYS_INLINE uint64_t to_int_generic(struct fmt f, uint64_t a, int rm, bool is_signed, int width,
                                      uint32_t *flags)
{
    const uint64_t max_pos =
        is_signed ? (1ull << (width - 1)) - 1 : (width == 64 ? UINT64_MAX : (1ull << width) - 1);
    const uint64_t max_neg = is_signed ? 1ull << (width - 1) : 0; /* magnitude of the minimum */
    bool sign = sign_of(f, a);
    uint64_t integer, frac;

    if (is_nan(f, a)) {
        *flags |= SF_NV;
        return max_pos;
    }
    if (is_zero(f, a))
        return 0;
    if (is_inf(f, a))
        goto out_of_range;
    struct unpacked x = unpack(f, a);
    int32_t k = x.exp - bias(f); /* value = sig/2^62 * 2^k */
    if (k >= 64)
        goto out_of_range; /* 2^64 or more fits no integer type */
    /* frac holds the bits below the binary point, the first of them at bit 63: shifting sig
     * left by k + (64 - SIG_TOP) puts its bit SIG_TOP-1-k (worth 1/2) there. */
    if (k >= SIG_TOP) {
        integer = x.sig << (k - SIG_TOP);
        frac = 0;
    } else if (k >= 0) {
        integer = x.sig >> (SIG_TOP - k);
        frac = x.sig << (k + 64 - SIG_TOP);
    } else {
        integer = 0;
        frac = k + 64 - SIG_TOP >= 0 ? x.sig << (k + 64 - SIG_TOP)
                                     : shift_right_jam(x.sig, -(k + 64 - SIG_TOP));
    }
    /* frac != 0 implies k < 62, so integer < 2^62 and the increment cannot wrap. */
    integer += round_up_integer(rm, sign, frac, integer & 1);
    if (integer > (sign ? max_neg : max_pos))
        goto out_of_range;
    if (frac)
        *flags |= SF_NX;
    return sign ? -integer : integer;

out_of_range:
    *flags |= SF_NV;
    return sign ? -max_neg : max_pos;
}

/* fcvt.{s,d}.{w,wu,l,lu} of a value with magnitude mag. */
ALWAYS_INLINE uint64_t from_int_generic(struct fmt f, bool sign, uint64_t mag, int rm,
                                        uint32_t *flags)
{
    if (mag == 0)
        return 0; /* integer zero converts to +0 */
    int lead = __builtin_clzll(mag);
    uint64_t top = mag << lead; /* leading one at bit 63 */
    return round_pack(f, sign, bias(f) + 63 - lead, shift_right_jam(top, 1), rm, flags);
}

ALWAYS_INLINE uint64_t from_signed(struct fmt f, int64_t v, int rm, uint32_t *flags)
{
    /* Negate in unsigned arithmetic: -INT64_MIN does not exist as int64_t. */
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    return from_int_generic(f, v < 0, mag, rm, flags);
}

/* fcvt between formats: from (wider or narrower) format `from` to `to`. */
ALWAYS_INLINE uint64_t convert_generic(struct fmt from, struct fmt to, uint64_t a, int rm,
                                       uint32_t *flags)
{
    uint64_t sign = (uint64_t)sign_of(from, a) << sign_pos(to);
    if (is_nan(from, a)) {
        nan_result(from, a, 0, 0, flags); /* for the NV of a signalling NaN */
        return canonical_nan(to);
    }
    if (is_inf(from, a))
        return sign | inf_bits(to);
    if (is_zero(from, a))
        return sign;
    struct unpacked x = unpack(from, a);
    return round_pack(to, x.sign, x.exp - bias(from) + bias(to), x.sig, rm, flags);
}

/* ---- binary32 ------------------------------------------------------------------------------ */
uint32_t sf32_min(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)minmax_generic(F32, a, b, false, flags);
}

uint32_t sf32_max(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)minmax_generic(F32, a, b, true, flags);
}

int sf32_eq(uint32_t a, uint32_t b, uint32_t *flags)
{
    return eq_generic(F32, a, b, flags);
}

int sf32_lt(uint32_t a, uint32_t b, uint32_t *flags)
{
    return less_generic(F32, a, b, false, flags);
}

int sf32_le(uint32_t a, uint32_t b, uint32_t *flags)
{
    return less_generic(F32, a, b, true, flags);
}

uint32_t sf32_classify(uint32_t a)
{
    return classify_generic(F32, a);
}

int32_t sf32_to_i32(uint32_t a, int rm, uint32_t *flags)
{
    return (int32_t)to_int_generic(F32, a, rm, true, 32, flags);
}

uint32_t sf32_to_u32(uint32_t a, int rm, uint32_t *flags)
{
    return (uint32_t)to_int_generic(F32, a, rm, false, 32, flags);
}

int64_t sf32_to_i64(uint32_t a, int rm, uint32_t *flags)
{
    return (int64_t)to_int_generic(F32, a, rm, true, 64, flags);
}

uint64_t sf32_to_u64(uint32_t a, int rm, uint32_t *flags)
{
    return to_int_generic(F32, a, rm, false, 64, flags);
}

uint32_t sf32_from_i32(int32_t v, int rm, uint32_t *flags)
{
    return (uint32_t)from_signed(F32, v, rm, flags);
}

uint32_t sf32_from_u32(uint32_t v, int rm, uint32_t *flags)
{
    return (uint32_t)from_int_generic(F32, false, v, rm, flags);
}

uint32_t sf32_from_i64(int64_t v, int rm, uint32_t *flags)
{
    return (uint32_t)from_signed(F32, v, rm, flags);
}

uint32_t sf32_from_u64(uint64_t v, int rm, uint32_t *flags)
{
    return (uint32_t)from_int_generic(F32, false, v, rm, flags);
}

uint64_t sf32_to_f64(uint32_t a, uint32_t *flags)
{
    /* Widening is exact, so the rounding mode is irrelevant. */
    return convert_generic(F32, F64, a, SF_RNE, flags);
}

/* ---- binary64 ------------------------------------------------------------------------------ */
uint64_t sf64_min(uint64_t a, uint64_t b, uint32_t *flags)
{
    return minmax_generic(F64, a, b, false, flags);
}

uint64_t sf64_max(uint64_t a, uint64_t b, uint32_t *flags)
{
    return minmax_generic(F64, a, b, true, flags);
}

int sf64_eq(uint64_t a, uint64_t b, uint32_t *flags)
{
    return eq_generic(F64, a, b, flags);
}

int sf64_lt(uint64_t a, uint64_t b, uint32_t *flags)
{
    return less_generic(F64, a, b, false, flags);
}

int sf64_le(uint64_t a, uint64_t b, uint32_t *flags)
{
    return less_generic(F64, a, b, true, flags);
}

uint32_t sf64_classify(uint64_t a)
{
    return classify_generic(F64, a);
}

int32_t sf64_to_i32(uint64_t a, int rm, uint32_t *flags)
{
    return (int32_t)to_int_generic(F64, a, rm, true, 32, flags);
}

uint32_t sf64_to_u32(uint64_t a, int rm, uint32_t *flags)
{
    return (uint32_t)to_int_generic(F64, a, rm, false, 32, flags);
}

int64_t sf64_to_i64(uint64_t a, int rm, uint32_t *flags)
{
    return (int64_t)to_int_generic(F64, a, rm, true, 64, flags);
}

uint64_t sf64_to_u64(uint64_t a, int rm, uint32_t *flags)
{
    return to_int_generic(F64, a, rm, false, 64, flags);
}

uint64_t sf64_from_i32(int32_t v, int rm, uint32_t *flags)
{
    return from_signed(F64, v, rm, flags);
}

uint64_t sf64_from_u32(uint32_t v, int rm, uint32_t *flags)
{
    return from_int_generic(F64, false, v, rm, flags);
}

uint64_t sf64_from_i64(int64_t v, int rm, uint32_t *flags)
{
    return from_signed(F64, v, rm, flags);
}

uint64_t sf64_from_u64(uint64_t v, int rm, uint32_t *flags)
{
    return from_int_generic(F64, false, v, rm, flags);
}

uint32_t sf64_to_f32(uint64_t a, int rm, uint32_t *flags)
{
    return (uint32_t)convert_generic(F64, F32, a, rm, flags);
}
