/*
 * arch/hosted/rv64/softfp.c - IEEE 754 binary32/binary64 arithmetic in integers (RISC-V F, D):
 * add, sub, mul, div, sqrt and fma. softfp_cvt.c has the conversions and comparisons, and
 * softfp_impl.h the representation and rounding that both share.
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
 * Every inexact result goes through round_pack() (softfp_impl.h), the only place that rounds,
 * detects tininess (after rounding, as RISC-V and x86 do), denormalizes, and handles overflow. It
 * packs by adding the rounded significand, hidden bit included, to (exp-1) << fraction width, so a
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
#include "arch/hosted/rv64/softfp_impl.h"

/* ---- add, mul, div, sqrt ------------------------------------------------------------------- */

ALWAYS_INLINE uint64_t add_generic(struct fmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
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

ALWAYS_INLINE uint64_t mul_generic(struct fmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
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

ALWAYS_INLINE uint64_t div_generic(struct fmt f, uint64_t a, uint64_t b, int rm, uint32_t *flags)
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
