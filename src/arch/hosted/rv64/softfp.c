/*
 * arch/hosted/rv64/softfp.c - IEEE 754 binary32/binary64 arithmetic in integers (RISC-V F, D).
 *
 * How it works. Both formats share one set of generic routines, parameterized by a struct fmt
 * (fraction and exponent widths) and forced inline, so each public sf32_/sf64_ function is the
 * generic code specialized for its format at compile time. Bit patterns of either format travel
 * as uint64_t inside.
 *
 * A finite non-zero operand is unpacked into sign, biased exponent and a 64-bit significand
 * normalized so that its leading one is at bit SIG_TOP (62): value = sig / 2^62 * 2^(exp-bias).
 * Subnormal operands are normalized on unpacking (their exp goes to 0 or below), so no
 * operation needs a subnormal special case. Bit 63 is headroom for a carry; the bits below the
 * result's last place (39 for binary32, 10 for binary64) hold guard bits and a sticky bit.
 * Whenever bits are shifted out, any one lost sets bit 0 ("jamming"): the value then lies
 * strictly between the same two rounding boundaries as the true value, which is all rounding
 * needs to know.
 *
 * Every inexact result goes through round_pack(), the only place that rounds, detects
 * tininess (after rounding, as RISC-V and x86 do), denormalizes, and handles overflow. It packs
 * by adding the rounded significand, hidden bit included, to (exp-1) << fraction width, so a
 * rounding carry moves into the exponent field by itself (subnormal to normal, normal to inf).
 *
 * mul forms the exact 126-bit product with unsigned __int128; div takes a 128/64-bit integer
 * quotient and its remainder as sticky; sqrt takes an integer square root of a 128-bit
 * integer by Newton's iteration from an overestimate, the remainder again giving the sticky
 * bit. fma keeps the exact product and the aligned addend in 128 bits, adds once, and only
 * then narrows to 64 bits and rounds. Special operands (NaN, infinities, zeros) are decided
 * before unpacking, per IEEE 754-2019 section 7 and the RISC-V F chapter.
 *
 * No float or double appears here: results never depend on the host FPU or its modes.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/hosted/rv64/softfp.h"

/* Generic routines are forced inline so that the format parameters become constants. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

typedef unsigned __int128 u128;

/* Leading bit of a normalized working significand; bit 63 catches carries. */
#define SIG_TOP 62
#define SIG_ONE (1ull << SIG_TOP)
/* The same position in a 128-bit working significand (fma), so narrowing is a 64-bit shift. */
#define SIG128_TOP (SIG_TOP + 64)
/* Fraction of a to-integer conversion: 64 bits below the binary point, half at the top. */
#define FRAC_HALF (1ull << 63)

struct fmt {
    int frac_bits; /* stored fraction bits */
    int exp_bits;  /* exponent field bits */
};

static const struct fmt F32 = {23, 8};
static const struct fmt F64 = {52, 11};

struct unpacked {
    bool sign;
    int32_t exp;  /* biased; 0 or below for a normalized subnormal */
    uint64_t sig; /* leading one at SIG_TOP */
};

/* ---- format arithmetic ------------------------------------------------------------------- */

ALWAYS_INLINE int32_t exp_max(struct fmt f)
{
    return (1 << f.exp_bits) - 1;
}

ALWAYS_INLINE int32_t bias(struct fmt f)
{
    return exp_max(f) >> 1;
}

ALWAYS_INLINE int sign_pos(struct fmt f)
{
    return f.frac_bits + f.exp_bits;
}

ALWAYS_INLINE uint64_t sign_bit(struct fmt f)
{
    return 1ull << sign_pos(f);
}

ALWAYS_INLINE uint64_t frac_mask(struct fmt f)
{
    return (1ull << f.frac_bits) - 1;
}

ALWAYS_INLINE uint64_t inf_bits(struct fmt f)
{
    return (uint64_t)exp_max(f) << f.frac_bits;
}

ALWAYS_INLINE uint64_t max_finite_bits(struct fmt f)
{
    return inf_bits(f) - 1;
}

ALWAYS_INLINE uint64_t quiet_bit(struct fmt f)
{
    return 1ull << (f.frac_bits - 1);
}

ALWAYS_INLINE uint64_t canonical_nan(struct fmt f)
{
    return inf_bits(f) | quiet_bit(f);
}

ALWAYS_INLINE uint64_t magnitude(struct fmt f, uint64_t x)
{
    return x & (sign_bit(f) - 1);
}

ALWAYS_INLINE bool sign_of(struct fmt f, uint64_t x)
{
    return (x >> sign_pos(f)) & 1;
}

ALWAYS_INLINE bool is_nan(struct fmt f, uint64_t x)
{
    return magnitude(f, x) > inf_bits(f);
}

ALWAYS_INLINE bool is_snan(struct fmt f, uint64_t x)
{
    return is_nan(f, x) && !(x & quiet_bit(f));
}

ALWAYS_INLINE bool is_inf(struct fmt f, uint64_t x)
{
    return magnitude(f, x) == inf_bits(f);
}

ALWAYS_INLINE bool is_zero(struct fmt f, uint64_t x)
{
    return magnitude(f, x) == 0;
}

/* Caller guarantees x is finite and non-zero. */
ALWAYS_INLINE struct unpacked unpack(struct fmt f, uint64_t x)
{
    struct unpacked u;
    int32_t e = (int32_t)((x >> f.frac_bits) & (uint64_t)exp_max(f));
    uint64_t frac = x & frac_mask(f);
    u.sign = sign_of(f, x);
    if (e != 0) {
        u.exp = e;
        u.sig = (frac | (1ull << f.frac_bits)) << (SIG_TOP - f.frac_bits);
    } else {
        /* Subnormal: frac * 2^(1-bias-frac_bits); normalizing by `shift` lowers exp by as many
         * places as the leading one sits below the hidden-bit position. */
        int shift = __builtin_clzll(frac) - (63 - SIG_TOP);
        u.sig = frac << shift;
        u.exp = 1 - (shift - (SIG_TOP - f.frac_bits));
    }
    return u;
}

/* ---- shifting with a sticky bit ------------------------------------------------------------ */

/* x >> n, with bit 0 set if any one bit was shifted out. */
static inline uint64_t shift_right_jam(uint64_t x, int32_t n)
{
    if (n <= 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

static inline u128 shift_right_jam128(u128 x, int32_t n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x << (128 - n)) != 0);
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* ---- rounding ------------------------------------------------------------------------------ */

/* What to add below the last place before truncating, so that truncation rounds per rm. */
static inline uint64_t round_increment(int rm, bool sign, uint64_t drop_mask)
{
    switch (rm) {
    case SF_RNE:
    case SF_RMM:
        return (drop_mask >> 1) + 1;
    case SF_RDN:
        return sign ? drop_mask : 0;
    case SF_RUP:
        return sign ? 0 : drop_mask;
    default:
        return 0;
    }
}

/* IEEE 754 section 7.4: an overflowed result is infinity unless rounding goes toward zero. */
static inline bool overflow_to_inf(int rm, bool sign)
{
    switch (rm) {
    case SF_RTZ:
        return false;
    case SF_RDN:
        return sign;
    case SF_RUP:
        return !sign;
    default:
        return true;
    }
}

/* Round sig / 2^SIG_TOP * 2^(exp-bias) to format f and pack it. sig must be non-zero with its
 * leading one at SIG_TOP (a narrower sig would round correctly but misjudge tininess). */
ALWAYS_INLINE uint64_t round_pack(struct fmt f, bool sign, int32_t exp, uint64_t sig, int rm,
                                  uint32_t *flags)
{
    const int drop = SIG_TOP - f.frac_bits;
    const uint64_t drop_mask = (1ull << drop) - 1;
    const uint64_t half = 1ull << (drop - 1);
    const uint64_t sign_bits = (uint64_t)sign << sign_pos(f);
    const uint64_t inc = round_increment(rm, sign, drop_mask);

    if (exp >= exp_max(f))
        goto overflow;
    if (exp <= 0) {
        /* Tiny after rounding: the result rounded to full precision with unbounded exponent
         * would still be below the smallest normal. Only exp == 0 can round up to it. */
        bool tiny = exp < 0 || sig + inc < (SIG_ONE << 1);
        sig = shift_right_jam(sig, 1 - exp);
        exp = 1; /* the packing below then leaves the exponent field 0 unless rounding carries */
        if (tiny && (sig & drop_mask))
            *flags |= SF_UF;
    }
    if (sig & drop_mask)
        *flags |= SF_NX;
    uint64_t mant = (sig + inc) >> drop;
    if (rm == SF_RNE && (sig & drop_mask) == half)
        mant &= ~1ull; /* a tie goes to even */
    uint64_t bits = ((uint64_t)(exp - 1) << f.frac_bits) + mant;
    if (bits >= inf_bits(f))
        goto overflow;
    return sign_bits | bits;

overflow:
    *flags |= SF_OF | SF_NX;
    return sign_bits | (overflow_to_inf(rm, sign) ? inf_bits(f) : max_finite_bits(f));
}

/* Round a 128-bit working significand with its leading one at SIG128_TOP or SIG128_TOP+1. */
ALWAYS_INLINE uint64_t round_pack128(struct fmt f, bool sign, int32_t exp, u128 sig, int rm,
                                     uint32_t *flags)
{
    if (sig >> (SIG128_TOP + 1)) {
        sig = shift_right_jam128(sig, 1);
        exp++;
    }
    uint64_t narrow = (uint64_t)(sig >> 64) | ((uint64_t)sig != 0);
    return round_pack(f, sign, exp, narrow, rm, flags);
}

/* ---- special operands ---------------------------------------------------------------------- */

/* The result of an operation with a NaN operand: canonical NaN, NV if any operand signals.
 * Pass 0 (a non-NaN) for unused operands. */
ALWAYS_INLINE uint64_t nan_result(struct fmt f, uint64_t a, uint64_t b, uint64_t c,
                                  uint32_t *flags)
{
    if (is_snan(f, a) || is_snan(f, b) || is_snan(f, c))
        *flags |= SF_NV;
    return canonical_nan(f);
}

ALWAYS_INLINE uint64_t invalid(struct fmt f, uint32_t *flags)
{
    *flags |= SF_NV;
    return canonical_nan(f);
}

/* An exact zero sum of operands of opposite signs is +0, or -0 when rounding down
 * (IEEE 754 section 6.3); of like signs it keeps their sign. */
ALWAYS_INLINE uint64_t zero_sum(struct fmt f, bool sign_a, bool sign_b, int rm)
{
    bool sign = sign_a == sign_b ? sign_a : rm == SF_RDN;
    return (uint64_t)sign << sign_pos(f);
}

/* ---- add, mul, div, sqrt ------------------------------------------------------------------- */

ALWAYS_INLINE uint64_t add_generic(struct fmt f, uint64_t a, uint64_t b, int rm,
                                   uint32_t *flags)
{
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, 0, flags);
    if (is_inf(f, a)) {
        if (is_inf(f, b) && sign_of(f, a) != sign_of(f, b))
            return invalid(f, flags); /* inf - inf */
        return a;
    }
    if (is_inf(f, b))
        return b;
    if (is_zero(f, b))
        return is_zero(f, a) ? zero_sum(f, sign_of(f, a), sign_of(f, b), rm) : a;
    if (is_zero(f, a))
        return b;

    struct unpacked x = unpack(f, a), y = unpack(f, b);
    if (x.exp < y.exp) {
        struct unpacked t = x;
        x = y;
        y = t;
    }
    y.sig = shift_right_jam(y.sig, x.exp - y.exp);
    if (x.sign == y.sign) {
        uint64_t sum = x.sig + y.sig;
        if (sum >> (SIG_TOP + 1)) {
            sum = shift_right_jam(sum, 1);
            x.exp++;
        }
        return round_pack(f, x.sign, x.exp, sum, rm, flags);
    }
    /* Opposite signs. Bits were lost only if exponents differ by 2 or more, and then at most
     * one leading bit cancels, so the sticky bit stays far below the rounding position. */
    if (x.sig == y.sig)
        return zero_sum(f, x.sign, y.sign, rm);
    bool sign = x.sign;
    uint64_t diff = x.sig - y.sig;
    if (x.sig < y.sig) {
        sign = y.sign;
        diff = y.sig - x.sig;
    }
    int shift = __builtin_clzll(diff) - (63 - SIG_TOP);
    return round_pack(f, sign, x.exp - shift, diff << shift, rm, flags);
}

ALWAYS_INLINE uint64_t mul_generic(struct fmt f, uint64_t a, uint64_t b, int rm,
                                   uint32_t *flags)
{
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, 0, flags);
    uint64_t sign = (a ^ b) & sign_bit(f);
    if (is_inf(f, a) || is_inf(f, b)) {
        if (is_zero(f, a) || is_zero(f, b))
            return invalid(f, flags); /* inf * 0 */
        return sign | inf_bits(f);
    }
    if (is_zero(f, a) || is_zero(f, b))
        return sign;

    struct unpacked x = unpack(f, a), y = unpack(f, b);
    /* Both in [2^62, 2^63): the product is in [2^124, 2^126), i.e. [1, 4) * 2^124. */
    u128 product = (u128)x.sig * y.sig;
    int32_t exp = x.exp + y.exp - bias(f);
    return round_pack128(f, sign != 0, exp, product << 2, rm, flags);
}

ALWAYS_INLINE uint64_t div_generic(struct fmt f, uint64_t a, uint64_t b, int rm,
                                   uint32_t *flags)
{
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, 0, flags);
    uint64_t sign = (a ^ b) & sign_bit(f);
    if (is_inf(f, a))
        return is_inf(f, b) ? invalid(f, flags) : sign | inf_bits(f);
    if (is_inf(f, b))
        return sign;
    if (is_zero(f, b)) {
        if (is_zero(f, a))
            return invalid(f, flags); /* 0 / 0 */
        *flags |= SF_DZ;
        return sign | inf_bits(f);
    }
    if (is_zero(f, a))
        return sign;

    struct unpacked x = unpack(f, a), y = unpack(f, b);
    /* x.sig * 2^63 / y.sig is in (2^62, 2^64): 62 or more quotient bits, far more than the
     * 53 + guard bits needed; a non-zero remainder is the sticky bit. */
    u128 dividend = (u128)x.sig << 63;
    uint64_t quotient = (uint64_t)(dividend / y.sig);
    bool sticky = (uint64_t)(dividend - (u128)quotient * y.sig) != 0;
    int32_t exp = x.exp - y.exp + bias(f) - 1;
    uint64_t sig = quotient | sticky;
    if (sig >> (SIG_TOP + 1)) {
        sig = shift_right_jam(sig, 1);
        exp++;
    }
    return round_pack(f, sign != 0, exp, sig, rm, flags);
}

/* floor(sqrt(n)) for n in [2^126, 2^128). Newton's iteration on integers decreases strictly
 * from any overestimate until it reaches floor(sqrt(n)), and then stops decreasing. */
static inline uint64_t isqrt128(u128 n)
{
    /* With t = n / 2^126 in [1, 4): sqrt(t) <= 3/4 + t/3 (the tangent at t = 9/4), which is
     * within 9% of sqrt(t), so about five steps reach 64 correct bits. */
    u128 t_times_2_63 = (n >> 63) + 1;
    u128 guess = (3 * (u128)1 << 61) + t_times_2_63 / 3 + 1;
    uint64_t x = guess > UINT64_MAX ? UINT64_MAX : (uint64_t)guess;
    for (;;) {
        u128 next = ((u128)x + n / x) >> 1;
        if (next >= x)
            return x;
        x = (uint64_t)next;
    }
}

ALWAYS_INLINE uint64_t sqrt_generic(struct fmt f, uint64_t a, int rm, uint32_t *flags)
{
    if (is_nan(f, a))
        return nan_result(f, a, 0, 0, flags);
    if (is_zero(f, a))
        return a; /* sqrt(-0) = -0 */
    if (sign_of(f, a))
        return invalid(f, flags); /* negative, including -inf */
    if (is_inf(f, a))
        return a;

    struct unpacked x = unpack(f, a);
    /* value = sig/2^62 * 2^k; make k even so that sqrt halves it exactly. Then
     * n/2^126 = sig/2^62 (times 2 if k was odd) is in [1, 4) and isqrt(n)/2^63 its root. */
    int32_t k = x.exp - bias(f);
    u128 n = (u128)x.sig << 64;
    if (k & 1) {
        n <<= 1;
        k -= 1;
    }
    uint64_t root = isqrt128(n);
    bool sticky = (u128)root * root != n;
    uint64_t sig = shift_right_jam(root, 1) | sticky;
    return round_pack(f, false, k / 2 + bias(f), sig, rm, flags);
}

/* ---- fused multiply-add -------------------------------------------------------------------- */

ALWAYS_INLINE uint64_t fma_generic(struct fmt f, uint64_t a, uint64_t b, uint64_t c, int rm,
                                   uint32_t *flags)
{
    /* RISC-V F chapter: inf * 0 is invalid even when c is a quiet NaN. */
    if ((is_inf(f, a) && is_zero(f, b)) || (is_zero(f, a) && is_inf(f, b)))
        return invalid(f, flags);
    if (is_nan(f, a) || is_nan(f, b) || is_nan(f, c))
        return nan_result(f, a, b, c, flags);
    bool product_sign = sign_of(f, a) != sign_of(f, b);
    if (is_inf(f, a) || is_inf(f, b)) {
        if (is_inf(f, c) && sign_of(f, c) != product_sign)
            return invalid(f, flags); /* inf - inf */
        return ((uint64_t)product_sign << sign_pos(f)) | inf_bits(f);
    }
    if (is_inf(f, c))
        return c;
    if (is_zero(f, a) || is_zero(f, b))
        return is_zero(f, c) ? zero_sum(f, product_sign, sign_of(f, c), rm) : c;

    struct unpacked x = unpack(f, a), y = unpack(f, b);
    /* The exact product, shifted to [2^125, 2^127) = [1/2, 2) * 2^SIG128_TOP. */
    u128 product = (u128)x.sig * y.sig << 1;
    int32_t product_exp = x.exp + y.exp - bias(f) + 1;
    if (is_zero(f, c)) {
        /* Exact a*b + 0 is a*b: the zero-sum sign rule does not apply to a non-zero a*b. */
        if (!(product >> SIG128_TOP)) {
            product <<= 1;
            product_exp--;
        }
        return round_pack128(f, product_sign, product_exp, product, rm, flags);
    }

    struct unpacked z = unpack(f, c);
    u128 addend = (u128)z.sig << 64;
    /* Align to the larger exponent. The product's low 21 bits (binary64) and the addend's low
     * 64 are zero, so bits are lost only when the exponents differ by more than 21; then the
     * larger operand dominates, at most one leading bit cancels and the sticky bit is safe. */
    bool hi_sign = product_sign, lo_sign = z.sign;
    u128 hi = product, lo = addend;
    int32_t exp = product_exp;
    if (product_exp >= z.exp) {
        lo = shift_right_jam128(addend, product_exp - z.exp);
    } else {
        hi = addend;
        hi_sign = z.sign;
        lo = shift_right_jam128(product, z.exp - product_exp);
        lo_sign = product_sign;
        exp = z.exp;
    }
    u128 sum;
    bool sign = hi_sign;
    if (hi_sign == lo_sign) {
        sum = hi + lo; /* both below 2^127: no overflow */
    } else if (hi >= lo) {
        sum = hi - lo;
    } else {
        sum = lo - hi;
        sign = lo_sign;
    }
    if (sum == 0)
        return zero_sum(f, hi_sign, lo_sign, rm);
    int shift = clz128(sum) - (127 - SIG128_TOP);
    if (shift > 0) {
        sum <<= shift;
        exp -= shift;
    }
    return round_pack128(f, sign, exp, sum, rm, flags);
}

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
ALWAYS_INLINE int less_generic(struct fmt f, uint64_t a, uint64_t b, bool or_equal,
                               uint32_t *flags)
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
        goto out_of_range;
    if (k >= SIG_TOP) {
        integer = x.sig << (k - SIG_TOP);
        frac = 0;
    } else if (k >= 0) {
        integer = x.sig >> (SIG_TOP - k);
        frac = x.sig << (k + 2);
    } else {
        integer = 0;
        frac = k >= -2 ? x.sig << (k + 2) : shift_right_jam(x.sig, -(k + 2));
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

uint32_t sf32_add(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    return (uint32_t)add_generic(F32, a, b, rm, flags);
}

uint32_t sf32_sub(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    return (uint32_t)add_generic(F32, a, b ^ (uint32_t)sign_bit(F32), rm, flags);
}

uint32_t sf32_mul(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    return (uint32_t)mul_generic(F32, a, b, rm, flags);
}

uint32_t sf32_div(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    return (uint32_t)div_generic(F32, a, b, rm, flags);
}

uint32_t sf32_sqrt(uint32_t a, int rm, uint32_t *flags)
{
    return (uint32_t)sqrt_generic(F32, a, rm, flags);
}

uint32_t sf32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags)
{
    return (uint32_t)fma_generic(F32, a, b, c, rm, flags);
}

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

uint64_t sf64_add(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return add_generic(F64, a, b, rm, flags);
}

uint64_t sf64_sub(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return add_generic(F64, a, b ^ sign_bit(F64), rm, flags);
}

uint64_t sf64_mul(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return mul_generic(F64, a, b, rm, flags);
}

uint64_t sf64_div(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return div_generic(F64, a, b, rm, flags);
}

uint64_t sf64_sqrt(uint64_t a, int rm, uint32_t *flags)
{
    return sqrt_generic(F64, a, rm, flags);
}

uint64_t sf64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return fma_generic(F64, a, b, c, rm, flags);
}

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
