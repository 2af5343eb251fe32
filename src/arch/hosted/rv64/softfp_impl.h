/*
 * arch/hosted/rv64/softfp_impl.h - the working representation and the one rounding routine
 * shared by softfp.c (arithmetic) and softfp_cvt.c (conversions and comparisons). Internal to
 * those two files; the interface is softfp.h, and softfp.c's opening comment says how it works.
 */
#ifndef ARCH_HOSTED_RV64_SOFTFP_IMPL_H
#define ARCH_HOSTED_RV64_SOFTFP_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/hosted/rv64/softfp.h"

/* Generic routines are forced inline so that the format parameters become constants. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

__extension__ typedef unsigned __int128 u128;

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
ALWAYS_INLINE uint64_t nan_result(struct fmt f, uint64_t a, uint64_t b, uint64_t c, uint32_t *flags)
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

#endif
