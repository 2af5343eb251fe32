/*
 * softfp_test.c - the RISC-V soft float (sf32_/sf64_) against hand-computed cases and against
 * the host's IEEE arithmetic.
 *
 * On x86-64, SSE float/double arithmetic, fmaf/fma and the int/float conversions are IEEE
 * correct with tininess detected after rounding, as on RISC-V, so random operands (biased to
 * edge cases) are run through both and the result bits and flags must agree, in RNE, RTZ, RDN
 * and RUP. The host has no RMM: its expectation is the RNE result unless the exact result is a
 * tie, which __float128 detects (an exact __float128 result equal to the midpoint of the RTZ
 * and the away-rounded result); a tie takes the away-rounded result and its flags. Where the
 * host answers NaN only the canonical NaN is accepted (RISC-V never propagates payloads).
 * Conversions to integer saturate differently on x86, so those use rint/round for the
 * rounding and the RISC-V range rules, plus tables of edge cases.
 *
 * Valgrind runs the host's FP in round-to-nearest only, keeps no exception flags and emulates
 * fma and some conversions inexactly. So when the host environment does not answer faithfully
 * (probed before each random run) the random operands still go through softfp, for memcheck,
 * but only on fewer cases and only the checks that need no host FP are made; the plain and
 * sanitizer builds make them all.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <fenv.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch/hosted/rv64/softfp.h"

/* GCC does not implement this pragma (it warns and ignores it); volatile operands and results
 * keep every operation between its fesetround and fetestexcept instead. */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma STDC FENV_ACCESS ON

typedef __float128 quad;

/* Random cases per operation and rounding mode: full, and when the host FP is not faithful
 * (under Valgrind) and the host cannot be compared with. */
#define CASES_FAITHFUL 200000
#define CASES_DEGRADED 20000
#define SEED           0x5f0f7e57c0ffee11ull

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA };
static const char *const op_names[] = {"add", "sub", "mul", "div", "sqrt", "fma"};
static const int host_modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
static const char *const rm_names[] = {"RNE", "RTZ", "RDN", "RUP", "RMM"};
#define HOST_RMS 4 /* SF_RNE..SF_RUP have host equivalents at the same index */

/* ---- bits and the host ----------------------------------------------------------------- */

static float f32_of(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static double f64_of(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void host_begin(int rm)
{
    fesetround(host_modes[rm]);
    feclearexcept(FE_ALL_EXCEPT);
}

/* The host's exception flags as SF_* bits; restores round-to-nearest. */
static uint32_t host_end(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    return (e & FE_INEXACT ? SF_NX : 0) | (e & FE_UNDERFLOW ? SF_UF : 0) |
           (e & FE_OVERFLOW ? SF_OF : 0) | (e & FE_DIVBYZERO ? SF_DZ : 0) |
           (e & FE_INVALID ? SF_NV : 0);
}

/* Whether rounding modes and flags work (they do not under Valgrind). */
static bool host_faithful(void)
{
    volatile double one = 1.0, three = 3.0, up, down;
    host_begin(SF_RUP);
    up = one / three;
    uint32_t flags = host_end();
    host_begin(SF_RDN);
    down = one / three;
    host_end();
    return up != down && flags == SF_NX;
}

/* ---- random operands, biased to edge cases ------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* splitmix64: fixed seed, so a failure reproduces */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int64_t rng_range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

struct format {
    const char *name;
    int frac_bits, exp_bits;
};
static const struct format FMT32 = {"f32", 23, 8};
static const struct format FMT64 = {"f64", 52, 11};

static int64_t exp_max(const struct format *f)
{
    return (1 << f->exp_bits) - 1;
}

static int64_t bias(const struct format *f)
{
    return exp_max(f) >> 1;
}

static uint64_t pack(const struct format *f, bool sign, int64_t exp_field, uint64_t frac)
{
    return ((uint64_t)sign << (f->frac_bits + f->exp_bits)) |
           ((uint64_t)exp_field << f->frac_bits) | (frac & ((1ull << f->frac_bits) - 1));
}

static int64_t exp_field_of(const struct format *f, uint64_t x)
{
    return (int64_t)((x >> f->frac_bits) & (uint64_t)exp_max(f));
}

/* Fractions with runs of zeros or ones at either end: they make ties, carries and exact
 * results that random bits almost never do. */
static uint64_t gen_frac(const struct format *f)
{
    uint64_t all = (1ull << f->frac_bits) - 1;
    int keep = (int)rng_range(0, f->frac_bits);
    switch (rng() % 6) {
    case 0:
        return rng() & all & ~(all >> keep); /* few top bits */
    case 1:
        return (rng() & all) | (all >> keep); /* trailing ones */
    case 2:
        return rng() % 2 ? 0 : all;
    case 3:
        return (all & ~(all >> keep)) | (rng() & 1);
    default:
        return rng() & all;
    }
}

static uint64_t gen_special(const struct format *f)
{
    const uint64_t quiet = 1ull << (f->frac_bits - 1);
    const uint64_t specials[] = {
        pack(f, 0, 0, 0),                      /* zero */
        pack(f, 0, 0, 1),                      /* smallest subnormal */
        pack(f, 0, 0, ~0ull),                  /* largest subnormal */
        pack(f, 0, 1, 0),                      /* smallest normal */
        pack(f, 0, exp_max(f) - 1, ~0ull),     /* largest finite */
        pack(f, 0, exp_max(f), 0),             /* infinity */
        pack(f, 0, exp_max(f), quiet),         /* canonical NaN */
        pack(f, 0, exp_max(f), quiet | rng()), /* quiet NaN, any payload */
        pack(f, 0, exp_max(f), 1),             /* signalling NaN */
        pack(f, 0, exp_max(f), (quiet - 1) & (rng() | 1)),
        pack(f, 0, bias(f), 0), /* one */
    };
    uint64_t x = specials[rng() % (sizeof specials / sizeof specials[0])];
    return x | (uint64_t)(rng() % 2) << (f->frac_bits + f->exp_bits);
}

static uint64_t gen_exp(const struct format *f, int64_t exp_field)
{
    if (exp_field < 0)
        exp_field = 0;
    if (exp_field > exp_max(f) - 1)
        exp_field = exp_max(f) - 1;
    return pack(f, rng() % 2, exp_field, gen_frac(f));
}

static uint64_t gen_value(const struct format *f)
{
    switch (rng() % 10) {
    case 0:
        return gen_special(f);
    case 1:
        return gen_exp(f, rng_range(0, 2)); /* subnormal, smallest normals */
    case 2:
        return gen_exp(f, exp_max(f) - rng_range(1, 3)); /* largest */
    case 3:
        return gen_exp(f, bias(f) + rng_range(-3, 3)); /* near one */
    case 4:
        return rng() & (f->exp_bits == 8 ? 0xffffffffull : ~0ull);
    default:
        return gen_exp(f, rng_range(0, exp_max(f) - 1));
    }
}

/* A value whose exponent is near exp_field (cancellation, or a boundary crossing). */
static uint64_t gen_near(const struct format *f, int64_t exp_field, int spread)
{
    return gen_exp(f, exp_field + rng_range(-spread, spread));
}

/* ---- running an operation on the host and here --------------------------------------------- */

struct operands {
    uint64_t a, b, c;
};

struct outcome {
    uint64_t bits;
    uint32_t flags;
};

static quad quad_of(const struct format *f, uint64_t x)
{
    return f->exp_bits == 8 ? (quad)f32_of((uint32_t)x) : (quad)f64_of(x);
}

static bool is_nan_bits(const struct format *f, uint64_t x)
{
    return f->exp_bits == 8 ? isnan(f32_of((uint32_t)x)) : isnan(f64_of(x));
}

static bool is_inf_bits(const struct format *f, uint64_t x)
{
    return f->exp_bits == 8 ? isinf(f32_of((uint32_t)x)) : isinf(f64_of(x));
}

static uint64_t canonical_nan(const struct format *f)
{
    return f->exp_bits == 8 ? SF32_CANONICAL_NAN : SF64_CANONICAL_NAN;
}

static struct outcome host_arith32(enum op op, struct operands in, int rm)
{
    volatile float a = f32_of((uint32_t)in.a), b = f32_of((uint32_t)in.b);
    volatile float c = f32_of((uint32_t)in.c), r = 0;
    host_begin(rm);
    switch (op) {
    case OP_ADD:
        r = a + b;
        break;
    case OP_SUB:
        r = a - b;
        break;
    case OP_MUL:
        r = a * b;
        break;
    case OP_DIV:
        r = a / b;
        break;
    case OP_SQRT:
        r = sqrtf(a);
        break;
    case OP_FMA:
        r = fmaf(a, b, c);
        break;
    }
    uint32_t flags = host_end();
    return (struct outcome){bits_f32(r), flags};
}

static struct outcome host_arith64(enum op op, struct operands in, int rm)
{
    volatile double a = f64_of(in.a), b = f64_of(in.b), c = f64_of(in.c), r = 0;
    host_begin(rm);
    switch (op) {
    case OP_ADD:
        r = a + b;
        break;
    case OP_SUB:
        r = a - b;
        break;
    case OP_MUL:
        r = a * b;
        break;
    case OP_DIV:
        r = a / b;
        break;
    case OP_SQRT:
        r = sqrt(a);
        break;
    case OP_FMA:
        r = fma(a, b, c);
        break;
    }
    uint32_t flags = host_end();
    return (struct outcome){bits_f64(r), flags};
}

/* The exact result in binary128, if it is representable there (then it may be a tie). */
static bool exact_arith(const struct format *f, enum op op, struct operands in, quad *value)
{
    if (op == OP_SQRT)
        return false; /* a square root is never a tie */
    volatile quad a = quad_of(f, in.a), b = quad_of(f, in.b), c = quad_of(f, in.c), r = 0;
    host_begin(SF_RNE);
    switch (op) {
    case OP_ADD:
        r = a + b;
        break;
    case OP_SUB:
        r = a - b;
        break;
    case OP_MUL:
        r = a * b;
        break;
    case OP_DIV:
        r = a / b;
        break;
    case OP_SQRT:
        break;
    case OP_FMA: {
        volatile quad product = a * b; /* exact: at most 106 bits */
        r = product + c;
        break;
    }
    }
    bool exact = !(host_end() & SF_NX);
    *value = r;
    return exact;
}

static struct outcome our_arith(const struct format *f, enum op op, struct operands in, int rm)
{
    struct outcome o = {0, 0};
    if (f->exp_bits == 8) {
        uint32_t a = (uint32_t)in.a, b = (uint32_t)in.b, c = (uint32_t)in.c;
        switch (op) {
        case OP_ADD:
            o.bits = sf32_add(a, b, rm, &o.flags);
            break;
        case OP_SUB:
            o.bits = sf32_sub(a, b, rm, &o.flags);
            break;
        case OP_MUL:
            o.bits = sf32_mul(a, b, rm, &o.flags);
            break;
        case OP_DIV:
            o.bits = sf32_div(a, b, rm, &o.flags);
            break;
        case OP_SQRT:
            o.bits = sf32_sqrt(a, rm, &o.flags);
            break;
        case OP_FMA:
            o.bits = sf32_fma(a, b, c, rm, &o.flags);
            break;
        }
    } else {
        switch (op) {
        case OP_ADD:
            o.bits = sf64_add(in.a, in.b, rm, &o.flags);
            break;
        case OP_SUB:
            o.bits = sf64_sub(in.a, in.b, rm, &o.flags);
            break;
        case OP_MUL:
            o.bits = sf64_mul(in.a, in.b, rm, &o.flags);
            break;
        case OP_DIV:
            o.bits = sf64_div(in.a, in.b, rm, &o.flags);
            break;
        case OP_SQRT:
            o.bits = sf64_sqrt(in.a, rm, &o.flags);
            break;
        case OP_FMA:
            o.bits = sf64_fma(in.a, in.b, in.c, rm, &o.flags);
            break;
        }
    }
    return o;
}

static struct outcome host_arith(const struct format *f, enum op op, struct operands in, int rm)
{
    return f->exp_bits == 8 ? host_arith32(op, in, rm) : host_arith64(op, in, rm);
}

/* A host-rounded operation as a function of the rounding mode, and the exact value. */
struct oracle {
    const struct format *f;
    struct outcome (*host)(const struct oracle *o, int rm);
    bool (*exact)(const struct oracle *o, quad *value);
    enum op op;
    struct operands in;
};

static struct outcome oracle_arith(const struct oracle *o, int rm)
{
    struct outcome out = host_arith(o->f, o->op, o->in, rm);
    /* RISC-V: inf * 0 in an fma is invalid even when the addend is a quiet NaN; on x86 (and
     * in IEEE 754) that is the implementation's choice. */
    if (o->op == OP_FMA && is_nan_bits(o->f, out.bits)) {
        quad a = quad_of(o->f, o->in.a), b = quad_of(o->f, o->in.b);
        if ((isinf(a) && b == 0) || (a == 0 && isinf(b)))
            out.flags |= SF_NV;
    }
    return out;
}

static bool oracle_arith_exact(const struct oracle *o, quad *value)
{
    return exact_arith(o->f, o->op, o->in, value);
}

/* RMM differs from RNE only on an exact tie, where it takes the result rounded away from
 * zero. A tie is an exact value halfway between the RTZ result and the away one. */
static struct outcome oracle_rmm(const struct oracle *o)
{
    struct outcome nearest = o->host(o, SF_RNE);
    if (!(nearest.flags & SF_NX) || is_nan_bits(o->f, nearest.bits))
        return nearest;
    bool negative = nearest.bits >> (o->f->frac_bits + o->f->exp_bits);
    struct outcome toward = o->host(o, SF_RTZ);
    struct outcome away = o->host(o, negative ? SF_RDN : SF_RUP);
    quad value;
    if (is_inf_bits(o->f, away.bits) || !o->exact(o, &value))
        return nearest; /* a tie at the overflow threshold rounds to inf in RNE as well */
    quad midpoint = (quad_of(o->f, toward.bits) + quad_of(o->f, away.bits)) / 2;
    return value == midpoint ? away : nearest;
}

static struct outcome oracle_expect(const struct oracle *o, int rm)
{
    return rm == SF_RMM ? oracle_rmm(o) : o->host(o, rm);
}

static bool faithful;

/* Compare one case: our result against the oracle's. Returns false (after reporting) on a
 * mismatch, so a loop stops at its first failure. */
static bool same_outcome(const struct format *f, const char *what, struct operands in, int rm,
                         struct outcome got, struct outcome want)
{
    bool ok;
    if (is_nan_bits(f, want.bits))
        ok = got.bits == canonical_nan(f);
    else
        ok = got.bits == want.bits;
    ok = ok && got.flags == want.flags;
    if (!ok)
        cr_log_error("%s %s %s(%#llx, %#llx, %#llx): want %#llx flags %#x, got %#llx flags %#x",
                     f->name, rm_names[rm], what, (unsigned long long)in.a,
                     (unsigned long long)in.b, (unsigned long long)in.c,
                     (unsigned long long)want.bits, want.flags, (unsigned long long)got.bits,
                     got.flags);
    return ok;
}

static int cases(void)
{
    faithful = host_faithful();
    rng_state = SEED;
    return faithful ? CASES_FAITHFUL : CASES_DEGRADED;
}

/* ---- random arithmetic against the host ---------------------------------------------------- */

static struct operands gen_operands(const struct format *f, enum op op)
{
    struct operands in = {gen_value(f), gen_value(f), gen_value(f)};
    int64_t ea = exp_field_of(f, in.a);
    switch (op) {
    case OP_ADD:
    case OP_SUB:
        if (rng() % 2) /* exponents close together: cancellation and carries */
            in.b = gen_near(f, ea, 2);
        if (rng() % 4 == 0) /* nearly the same magnitude */
            in.b = in.a ^ (rng() & 0xff) ^ ((uint64_t)(rng() % 2) << (f->frac_bits + f->exp_bits));
        break;
    case OP_MUL:
    case OP_FMA:
        if (rng() % 2) { /* product near the subnormal range or near overflow */
            int64_t target =
                rng() % 2 ? rng_range(-f->frac_bits, 2) : exp_max(f) + rng_range(-2, 1);
            in.b = gen_near(f, target - ea + bias(f), 1);
        }
        break;
    case OP_DIV:
        if (rng() % 2) {
            int64_t target =
                rng() % 2 ? rng_range(-f->frac_bits, 2) : exp_max(f) + rng_range(-2, 1);
            in.b = gen_near(f, ea - target + bias(f), 1);
        }
        break;
    case OP_SQRT:
        break;
    }
    if (op == OP_FMA) {
        uint32_t ignored = 0;
        uint64_t product = f->exp_bits == 8
                               ? sf32_mul((uint32_t)in.a, (uint32_t)in.b, SF_RTZ, &ignored)
                               : sf64_mul(in.a, in.b, SF_RTZ, &ignored);
        uint64_t sign = 1ull << (f->frac_bits + f->exp_bits);
        switch (rng() % 3) {
        case 0: /* c cancels most of a*b */
            in.c = (product ^ sign) + (rng() % 5) - 2;
            break;
        case 1:
            in.c = gen_near(f, exp_field_of(f, product), f->frac_bits + 3);
            break;
        }
    }
    return in;
}

static void check_arith(const struct format *f, enum op op)
{
    int n = cases();
    for (int i = 0; i < n; i++) {
        struct oracle o = {f, oracle_arith, oracle_arith_exact, op, gen_operands(f, op)};
        for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
            struct outcome got = our_arith(f, op, o.in, rm);
            if (!faithful)
                continue;
            struct outcome want = oracle_expect(&o, rm);
            if (!same_outcome(f, op_names[op], o.in, rm, got, want))
                cr_assert_fail("%s %s differs from the host (see above)", f->name, op_names[op]);
        }
    }
}

/* Tests are few and broad because each runs in its own process, which under Valgrind costs
 * about a second to start. */
Test(softfp, f32_arithmetic_matches_host)
{
    for (enum op op = OP_ADD; op <= OP_FMA; op++)
        check_arith(&FMT32, op);
}

Test(softfp, f64_arithmetic_matches_host)
{
    for (enum op op = OP_ADD; op <= OP_FMA; op++)
        check_arith(&FMT64, op);
}

/* ---- random conversions against the host --------------------------------------------------- */

enum int_type { I32, U32, I64, U64 };
static const char *const int_names[] = {"i32", "u32", "i64", "u64"};

static struct outcome host_from_int(const struct format *f, enum int_type t, uint64_t v, int rm)
{
    volatile uint64_t in = v;
    volatile float r32 = 0;
    volatile double r64 = 0;
    host_begin(rm);
    if (f->exp_bits == 8) {
        switch (t) {
        case I32:
            r32 = (float)(int32_t)in;
            break;
        case U32:
            r32 = (float)(uint32_t)in;
            break;
        case I64:
            r32 = (float)(int64_t)in;
            break;
        case U64:
            r32 = (float)in;
            break;
        }
    } else {
        switch (t) {
        case I32:
            r64 = (double)(int32_t)in;
            break;
        case U32:
            r64 = (double)(uint32_t)in;
            break;
        case I64:
            r64 = (double)(int64_t)in;
            break;
        case U64:
            r64 = (double)in;
            break;
        }
    }
    uint32_t flags = host_end();
    return (struct outcome){f->exp_bits == 8 ? bits_f32(r32) : bits_f64(r64), flags};
}

static quad quad_of_int(enum int_type t, uint64_t v)
{
    switch (t) {
    case I32:
        return (int32_t)v;
    case U32:
        return (uint32_t)v;
    case I64:
        return (int64_t)v;
    default:
        return v;
    }
}

static struct outcome our_from_int(const struct format *f, enum int_type t, uint64_t v, int rm)
{
    struct outcome o = {0, 0};
    if (f->exp_bits == 8) {
        switch (t) {
        case I32:
            o.bits = sf32_from_i32((int32_t)v, rm, &o.flags);
            break;
        case U32:
            o.bits = sf32_from_u32((uint32_t)v, rm, &o.flags);
            break;
        case I64:
            o.bits = sf32_from_i64((int64_t)v, rm, &o.flags);
            break;
        case U64:
            o.bits = sf32_from_u64(v, rm, &o.flags);
            break;
        }
    } else {
        switch (t) {
        case I32:
            o.bits = sf64_from_i32((int32_t)v, rm, &o.flags);
            break;
        case U32:
            o.bits = sf64_from_u32((uint32_t)v, rm, &o.flags);
            break;
        case I64:
            o.bits = sf64_from_i64((int64_t)v, rm, &o.flags);
            break;
        case U64:
            o.bits = sf64_from_u64(v, rm, &o.flags);
            break;
        }
    }
    return o;
}

/* The oracle's operand a is the integer, its op field the integer type. */
static struct outcome oracle_from_int(const struct oracle *o, int rm)
{
    return host_from_int(o->f, (enum int_type)o->op, o->in.a, rm);
}

static bool oracle_from_int_exact(const struct oracle *o, quad *value)
{
    *value = quad_of_int((enum int_type)o->op, o->in.a); /* 64 bits fit binary128 exactly */
    return true;
}

/* Integers with runs of ones and zeros around the precision boundaries, of either sign. */
static uint64_t gen_int(void)
{
    int width = (int)rng_range(1, 64);
    uint64_t v = rng() >> (64 - width);
    switch (rng() % 4) {
    case 0:
        v |= (1ull << (width - 1)) | 1;
        break;
    case 1:
        v = (1ull << (width - 1)) + (uint64_t)rng_range(-3, 3);
        break;
    case 2:
        v &= ~0ull << (width / 2);
        break;
    }
    return rng() % 2 ? v : 0 - v;
}

static void check_from_int(const struct format *f)
{
    int n = cases() / 4; /* each value is converted from all four integer types */
    for (int i = 0; i < n; i++) {
        uint64_t v = gen_int();
        for (int t = I32; t <= U64; t++) {
            struct oracle o = {f, oracle_from_int, oracle_from_int_exact, (enum op)t, {v, 0, 0}};
            for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
                struct outcome got = our_from_int(f, t, v, rm);
                if (!faithful)
                    continue;
                struct outcome want = oracle_expect(&o, rm);
                if (!same_outcome(f, int_names[t], o.in, rm, got, want))
                    cr_assert_fail("%s from %s differs from the host", f->name, int_names[t]);
            }
        }
    }
}

/* x rounded to an integral value per rm. Not rint(): GCC inlines it as if the mode were
 * always RNE. Adding and taking away 2^52 (of x's sign) leaves the host's rounding of x to the
 * integer grid; round() rounds ties away, which is RMM. */
static double round_to_integral(double x, int rm)
{
    if (rm == SF_RMM)
        return round(x);
    if (!(fabs(x) < 0x1p52))
        return x; /* already integral */
    volatile double in = x, offset = copysign(0x1p52, x), sum, r;
    host_begin(rm);
    sum = in + offset;
    r = sum - offset;
    host_end();
    return r;
}

/* fcvt to integer: the host rounds and the RISC-V range rules decide. */
static struct outcome expect_to_int(double x, enum int_type t, int rm)
{
    static const uint64_t max_of[] = {INT32_MAX, UINT32_MAX, INT64_MAX, UINT64_MAX};
    static const uint64_t min_of[] = {(uint32_t)INT32_MIN, 0, (uint64_t)INT64_MIN, 0};
    static const double lo_of[] = {-0x1p31, 0, -0x1p63, 0};
    static const double end_of[] = {0x1p31, 0x1p32, 0x1p63, 0x1p64}; /* first value too large */
    if (isnan(x))
        return (struct outcome){max_of[t], SF_NV};
    double r = round_to_integral(x, rm);
    if (r < lo_of[t] || r >= end_of[t])
        return (struct outcome){x < 0 ? min_of[t] : max_of[t], SF_NV};
    uint64_t bits = (t == I32 || t == I64) ? (uint64_t)(int64_t)r : (uint64_t)r;
    if (t == I32 || t == U32)
        bits &= UINT32_MAX;
    return (struct outcome){bits, r != x ? SF_NX : 0};
}

static struct outcome our_to_int(const struct format *f, enum int_type t, uint64_t x, int rm)
{
    struct outcome o = {0, 0};
    if (f->exp_bits == 8) {
        switch (t) {
        case I32:
            o.bits = (uint32_t)sf32_to_i32((uint32_t)x, rm, &o.flags);
            break;
        case U32:
            o.bits = sf32_to_u32((uint32_t)x, rm, &o.flags);
            break;
        case I64:
            o.bits = (uint64_t)sf32_to_i64((uint32_t)x, rm, &o.flags);
            break;
        case U64:
            o.bits = sf32_to_u64((uint32_t)x, rm, &o.flags);
            break;
        }
    } else {
        switch (t) {
        case I32:
            o.bits = (uint32_t)sf64_to_i32(x, rm, &o.flags);
            break;
        case U32:
            o.bits = sf64_to_u32(x, rm, &o.flags);
            break;
        case I64:
            o.bits = (uint64_t)sf64_to_i64(x, rm, &o.flags);
            break;
        case U64:
            o.bits = sf64_to_u64(x, rm, &o.flags);
            break;
        }
    }
    return o;
}

static void check_to_int(const struct format *f)
{
    int n = cases() / 4; /* each value is converted to all four integer types */
    for (int i = 0; i < n; i++) {
        /* Half the values near the integer types' ranges, where rounding meets saturation. */
        uint64_t x = rng() % 2 ? gen_value(f) : gen_near(f, bias(f) + rng_range(-2, 65), 0);
        double d = f->exp_bits == 8 ? (double)f32_of((uint32_t)x) : f64_of(x);
        for (int t = I32; t <= U64; t++) {
            for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
                struct outcome got = our_to_int(f, t, x, rm);
                if (!faithful)
                    continue;
                struct outcome want = expect_to_int(d, t, rm);
                if (got.bits != want.bits || got.flags != want.flags)
                    cr_assert_fail("%s %s to_%s(%#llx): want %#llx flags %#x, got %#llx flags %#x",
                                   f->name, rm_names[rm], int_names[t], (unsigned long long)x,
                                   (unsigned long long)want.bits, want.flags,
                                   (unsigned long long)got.bits, got.flags);
            }
        }
    }
}

Test(softfp, integer_conversions_match_host)
{
    check_from_int(&FMT32);
    check_from_int(&FMT64);
    check_to_int(&FMT32);
    check_to_int(&FMT64);
}

static struct outcome oracle_narrow(const struct oracle *o, int rm)
{
    volatile double in = f64_of(o->in.a);
    volatile float r;
    host_begin(rm);
    r = (float)in;
    uint32_t flags = host_end();
    return (struct outcome){bits_f32(r), flags};
}

static bool oracle_narrow_exact(const struct oracle *o, quad *value)
{
    *value = f64_of(o->in.a);
    return true;
}

static void check_narrow(void)
{
    int n = cases();
    for (int i = 0; i < n; i++) {
        /* Around binary32's subnormal range and its overflow threshold, or anywhere. */
        int64_t f32_exp = rng() % 2 ? rng_range(-152, -124) : rng_range(125, 129);
        uint64_t x = rng() % 2 ? gen_value(&FMT64) : gen_near(&FMT64, bias(&FMT64) + f32_exp, 0);
        struct oracle o = {&FMT32, oracle_narrow, oracle_narrow_exact, OP_ADD, {x, 0, 0}};
        for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
            struct outcome got = {0, 0};
            got.bits = sf64_to_f32(x, rm, &got.flags);
            if (!faithful)
                continue;
            struct outcome want = oracle_expect(&o, rm);
            if (!same_outcome(&FMT32, "to_f32", o.in, rm, got, want))
                cr_assert_fail("f64_to_f32 differs from the host");
        }
    }
}

static void check_widen(void)
{
    int n = cases();
    for (int i = 0; i < n; i++) {
        uint32_t x = (uint32_t)gen_value(&FMT32);
        struct outcome got = {0, 0};
        got.bits = sf32_to_f64(x, &got.flags);
        if (!faithful)
            continue;
        volatile float in = f32_of(x);
        volatile double r;
        host_begin(SF_RNE);
        r = in;
        struct outcome want = {bits_f64(r), host_end()};
        if (!same_outcome(&FMT64, "to_f64", (struct operands){x, 0, 0}, SF_RNE, got, want))
            cr_assert_fail("f32_to_f64 differs from the host");
    }
}

/* ---- random comparisons, min/max and classify ---------------------------------------------- */

static bool is_snan_bits(const struct format *f, uint64_t x)
{
    return is_nan_bits(f, x) && !(x >> (f->frac_bits - 1) & 1);
}

/* minimumNumber/maximumNumber (IEEE 754-2019 9.6), as RISC-V specifies fmin/fmax. */
static struct outcome expect_minmax(const struct format *f, uint64_t a, uint64_t b, bool max)
{
    uint32_t flags = is_snan_bits(f, a) || is_snan_bits(f, b) ? SF_NV : 0;
    if (is_nan_bits(f, a) && is_nan_bits(f, b))
        return (struct outcome){canonical_nan(f), flags};
    if (is_nan_bits(f, a))
        return (struct outcome){b, flags};
    if (is_nan_bits(f, b))
        return (struct outcome){a, flags};
    quad qa = quad_of(f, a), qb = quad_of(f, b);
    bool a_first = qa == qb ? (signbit(qa) != 0) != max : (qa < qb) != max;
    return (struct outcome){a_first ? a : b, flags};
}

/* x86 compares == with ucomis (quiet) and < <= with comis (signalling), as feq/flt/fle. */
static struct outcome host_compare(const struct format *f, int which, uint64_t a, uint64_t b)
{
    volatile float a32 = f32_of((uint32_t)a), b32 = f32_of((uint32_t)b);
    volatile double a64 = f64_of(a), b64 = f64_of(b);
    volatile int r = 0;
    bool single = f->exp_bits == 8;
    host_begin(SF_RNE);
    switch (which) {
    case 0:
        r = single ? a32 == b32 : a64 == b64;
        break;
    case 1:
        r = single ? a32 < b32 : a64 < b64;
        break;
    case 2:
        r = single ? a32 <= b32 : a64 <= b64;
        break;
    }
    uint32_t flags = host_end();
    return (struct outcome){(uint64_t)r, flags};
}

static void check_compare(const struct format *f)
{
    int n = cases();
    for (int i = 0; i < n; i++) {
        uint64_t a = gen_value(f), b = rng() % 4 ? gen_value(f) : a ^ (rng() % 2);
        if (rng() % 8 == 0) /* the two zeros */
            b = a ^ ((uint64_t)1 << (f->frac_bits + f->exp_bits));
        struct outcome got[5] = {{0, 0}}, want[5];
        for (int k = 0; k < 3; k++)
            want[k] = host_compare(f, k, a, b);
        want[3] = expect_minmax(f, a, b, false);
        want[4] = expect_minmax(f, a, b, true);
        if (f->exp_bits == 8) {
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
            got[0].bits = (uint64_t)sf32_eq(a32, b32, &got[0].flags);
            got[1].bits = (uint64_t)sf32_lt(a32, b32, &got[1].flags);
            got[2].bits = (uint64_t)sf32_le(a32, b32, &got[2].flags);
            got[3].bits = sf32_min(a32, b32, &got[3].flags);
            got[4].bits = sf32_max(a32, b32, &got[4].flags);
        } else {
            got[0].bits = (uint64_t)sf64_eq(a, b, &got[0].flags);
            got[1].bits = (uint64_t)sf64_lt(a, b, &got[1].flags);
            got[2].bits = (uint64_t)sf64_le(a, b, &got[2].flags);
            got[3].bits = sf64_min(a, b, &got[3].flags);
            got[4].bits = sf64_max(a, b, &got[4].flags);
        }
        static const char *const names[] = {"eq", "lt", "le", "min", "max"};
        /* Without a faithful host only the flags of eq/lt/le are unknown. */
        for (int k = 0; k < 5; k++)
            if (got[k].bits != want[k].bits ||
                ((faithful || k >= 3) && got[k].flags != want[k].flags))
                cr_assert_fail("%s %s(%#llx, %#llx): want %#llx flags %#x, got %#llx flags %#x",
                               f->name, names[k], (unsigned long long)a, (unsigned long long)b,
                               (unsigned long long)want[k].bits, want[k].flags,
                               (unsigned long long)got[k].bits, got[k].flags);
    }
}

static uint32_t expect_class(const struct format *f, uint64_t x)
{
    if (is_nan_bits(f, x))
        return is_snan_bits(f, x) ? SF_CLASS_SNAN : SF_CLASS_QNAN;
    quad q = quad_of(f, x);
    bool neg = signbit(q);
    if (isinf(q))
        return neg ? SF_CLASS_NEG_INF : SF_CLASS_POS_INF;
    if (q == 0)
        return neg ? SF_CLASS_NEG_ZERO : SF_CLASS_POS_ZERO;
    bool subnormal =
        f->exp_bits == 8 ? fabsf(f32_of((uint32_t)x)) < 0x1p-126f : fabs(f64_of(x)) < 0x1p-1022;
    if (subnormal)
        return neg ? SF_CLASS_NEG_SUBNORMAL : SF_CLASS_POS_SUBNORMAL;
    return neg ? SF_CLASS_NEG_NORMAL : SF_CLASS_POS_NORMAL;
}

static void check_classify(void)
{
    int n = cases();
    for (int i = 0; i < n; i++) {
        uint64_t a = gen_value(&FMT32), b = gen_value(&FMT64);
        cr_assert_eq(sf32_classify((uint32_t)a), expect_class(&FMT32, a), "f32 fclass(%#llx)",
                     (unsigned long long)a);
        cr_assert_eq(sf64_classify(b), expect_class(&FMT64, b), "f64 fclass(%#llx)",
                     (unsigned long long)b);
    }
}

/* ---- hand-computed cases ------------------------------------------------------------------- */

/* call names `&flags`; its result and the flags it raised must be exactly as given. */
#define CHECK(want, want_flags, call)                                                              \
    do {                                                                                           \
        uint32_t flags = 0;                                                                        \
        uint64_t got = (uint64_t)(call);                                                           \
        cr_expect_eq(got, (uint64_t)(want), "%s: want %#llx, got %#llx", #call,                    \
                     (unsigned long long)(want), (unsigned long long)got);                         \
        cr_expect_eq(flags, (uint32_t)(want_flags), "%s: want flags %#x, got %#x", #call,          \
                     (unsigned)(want_flags), flags);                                               \
    } while (0)

#define F32_ONE      0x3f800000u
#define F32_NEG_ONE  0xbf800000u
#define F32_INF      0x7f800000u
#define F32_NEG_INF  0xff800000u
#define F32_NEG_ZERO 0x80000000u
#define F32_MAX      0x7f7fffffu
#define F32_MIN_SUB  0x00000001u
#define F32_MIN_NORM 0x00800000u
#define F32_SNAN     0x7f800001u
#define F32_QNAN     0x7fc12345u /* a quiet NaN with a payload */
#define F32_HALF     0x3f000000u

#define F64_ONE      0x3ff0000000000000ull
#define F64_NEG_ONE  0xbff0000000000000ull
#define F64_INF      0x7ff0000000000000ull
#define F64_NEG_INF  0xfff0000000000000ull
#define F64_NEG_ZERO 0x8000000000000000ull
#define F64_MAX      0x7fefffffffffffffull
#define F64_MIN_SUB  0x0000000000000001ull
#define F64_MIN_NORM 0x0010000000000000ull
#define F64_SNAN     0x7ff0000000000001ull
#define F64_QNAN     0xfff8000000012345ull /* negative, with a payload */
#define F64_HALF     0x3fe0000000000000ull

#define NAN32 SF32_CANONICAL_NAN
#define NAN64 SF64_CANONICAL_NAN

static void invalid_operations_give_canonical_nan_and_nv(void)
{
    CHECK(NAN32, SF_NV, sf32_add(F32_INF, F32_NEG_INF, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_sub(F32_INF, F32_INF, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_mul(0, F32_NEG_INF, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_div(F32_NEG_ZERO, 0, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_div(F32_INF, F32_NEG_INF, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_sqrt(F32_NEG_ONE, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_sqrt(F32_NEG_INF, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_sqrt(0x80000001u, SF_RNE, &flags)); /* negative subnormal */
    CHECK(NAN32, SF_NV, sf32_fma(F32_INF, F32_ONE, F32_NEG_INF, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_add(F64_NEG_INF, F64_INF, SF_RTZ, &flags));
    CHECK(NAN64, SF_NV, sf64_mul(F64_INF, F64_NEG_ZERO, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_div(0, F64_NEG_ZERO, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_div(F64_NEG_INF, F64_INF, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_sqrt(F64_NEG_ONE, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_sqrt(F64_NEG_INF, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_fma(F64_NEG_INF, F64_NEG_ONE, F64_NEG_INF, SF_RNE, &flags));
}

static void fma_of_inf_times_zero_is_invalid_even_with_a_quiet_nan_addend(void)
{
    CHECK(NAN32, SF_NV, sf32_fma(F32_INF, 0, F32_QNAN, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_fma(F32_NEG_ZERO, F32_INF, SF32_CANONICAL_NAN, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_fma(0, F64_NEG_INF, F64_QNAN, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_fma(F64_INF, F64_NEG_ZERO, SF64_CANONICAL_NAN, SF_RNE, &flags));
    /* Without inf * 0, a quiet NaN addend is quiet. */
    CHECK(NAN64, 0, sf64_fma(F64_INF, F64_ONE, F64_QNAN, SF_RNE, &flags));
}

static void nan_operands_give_the_canonical_nan_and_only_signalling_ones_raise_nv(void)
{
    CHECK(NAN32, 0, sf32_add(F32_QNAN, F32_ONE, SF_RNE, &flags));
    CHECK(NAN32, 0, sf32_mul(F32_ONE, 0xffc00001u, SF_RNE, &flags)); /* negative NaN */
    CHECK(NAN32, SF_NV, sf32_add(F32_ONE, F32_SNAN, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_sqrt(F32_SNAN, SF_RNE, &flags));
    CHECK(NAN32, SF_NV, sf32_fma(F32_ONE, F32_ONE, F32_SNAN, SF_RNE, &flags));
    CHECK(NAN64, 0, sf64_div(F64_QNAN, F64_QNAN, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf64_div(F64_QNAN, F64_SNAN, SF_RNE, &flags));
    CHECK(NAN64, 0, sf64_sqrt(F64_QNAN, SF_RNE, &flags));
    CHECK(NAN64, SF_NV, sf32_to_f64(F32_SNAN, &flags));
    CHECK(NAN64, 0, sf32_to_f64(F32_QNAN, &flags));
    CHECK(NAN32, SF_NV, sf64_to_f32(F64_SNAN, SF_RNE, &flags));
    CHECK(NAN32, 0, sf64_to_f32(F64_QNAN, SF_RNE, &flags));
}

static void division_of_finite_by_zero_gives_signed_inf_and_dz(void)
{
    CHECK(F32_INF, SF_DZ, sf32_div(F32_ONE, 0, SF_RNE, &flags));
    CHECK(F32_NEG_INF, SF_DZ, sf32_div(F32_ONE, F32_NEG_ZERO, SF_RNE, &flags));
    CHECK(F32_INF, SF_DZ, sf32_div(0x80000001u, F32_NEG_ZERO, SF_RTZ, &flags));
    CHECK(F32_INF, 0, sf32_div(F32_INF, 0, SF_RNE, &flags)); /* inf / 0 is exact */
    CHECK(F64_NEG_INF, SF_DZ, sf64_div(F64_NEG_ONE, 0, SF_RNE, &flags));
    CHECK(F64_INF, SF_DZ, sf64_div(F64_MAX | F64_NEG_ZERO, F64_NEG_ZERO, SF_RDN, &flags));
    CHECK(F64_NEG_ZERO, 0, sf64_div(F64_ONE, F64_NEG_INF, SF_RNE, &flags));
}

static void sqrt_of_zeros_keeps_the_sign(void)
{
    CHECK(F32_NEG_ZERO, 0, sf32_sqrt(F32_NEG_ZERO, SF_RNE, &flags));
    CHECK(0, 0, sf32_sqrt(0, SF_RDN, &flags));
    CHECK(F64_NEG_ZERO, 0, sf64_sqrt(F64_NEG_ZERO, SF_RNE, &flags));
    CHECK(F64_INF, 0, sf64_sqrt(F64_INF, SF_RNE, &flags));
    CHECK(0x1e60000000000000ull, 0, sf64_sqrt(F64_MIN_SUB, SF_RNE, &flags)); /* 2^-537 */
    CHECK(0x3ff6a09e667f3bcdull, SF_NX, sf64_sqrt(0x4000000000000000ull, SF_RNE, &flags));
    CHECK(0x3ff6a09e667f3bccull, SF_NX, sf64_sqrt(0x4000000000000000ull, SF_RTZ, &flags));
}

static void exact_zero_sum_is_positive_unless_rounding_down(void)
{
    for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
        uint32_t zero32 = rm == SF_RDN ? F32_NEG_ZERO : 0;
        uint64_t zero64 = rm == SF_RDN ? F64_NEG_ZERO : 0;
        CHECK(zero32, 0, sf32_add(F32_ONE, F32_NEG_ONE, rm, &flags));
        CHECK(zero32, 0, sf32_sub(F32_MIN_SUB, F32_MIN_SUB, rm, &flags));
        CHECK(zero32, 0, sf32_add(0, F32_NEG_ZERO, rm, &flags));
        CHECK(zero32, 0, sf32_fma(F32_ONE, F32_ONE, F32_NEG_ONE, rm, &flags));
        CHECK(zero32, 0, sf32_fma(F32_NEG_ZERO, F32_ONE, 0, rm, &flags));
        CHECK(zero64, 0, sf64_sub(F64_MAX, F64_MAX, rm, &flags));
        CHECK(zero64, 0, sf64_add(F64_NEG_ZERO, 0, rm, &flags));
        CHECK(zero64, 0, sf64_fma(F64_HALF, 0x4000000000000000ull, F64_NEG_ONE, rm, &flags));
        CHECK(zero64, 0, sf64_fma(0, F64_ONE, F64_NEG_ZERO, rm, &flags));
        /* Zeros of like sign keep it in every mode. */
        CHECK(F32_NEG_ZERO, 0, sf32_add(F32_NEG_ZERO, F32_NEG_ZERO, rm, &flags));
        CHECK(F64_NEG_ZERO, 0, sf64_fma(F64_NEG_ONE, 0, F64_NEG_ZERO, rm, &flags));
        CHECK(0, 0, sf64_fma(F64_NEG_ONE, F64_NEG_ZERO, 0, rm, &flags));
    }
    /* A non-zero product that rounds to zero keeps its sign: the sum was not exactly zero. */
    CHECK(F64_NEG_ZERO, SF_UF | SF_NX,
          sf64_fma(F64_MIN_SUB, 0xbfd0000000000000ull, 0, SF_RNE, &flags));
    CHECK(F32_NEG_ZERO, SF_UF | SF_NX, sf32_fma(0x80000001u, 0x3e800000u, 0, SF_RUP, &flags));
}

static void fma_rounds_once(void)
{
    /* x = 1 + 2^-22: x*x = 1 + 2^-21 + 2^-44, which rounds to p = 1 + 2^-21; fma(x, x, -p)
     * is the exact 2^-44, where a separately rounded product would give 0. */
    CHECK(0x3d30000000000000ull, 0,
          sf64_fma(0x3ff0000040000000ull, 0x3ff0000040000000ull, 0xbff0000080000000ull, SF_RNE,
                   &flags));
    /* binary32: x = 1 + 2^-12, fma(x, x, -(1 + 2^-11)) = 2^-24. */
    CHECK(0x33800000u, 0, sf32_fma(0x3f800800u, 0x3f800800u, 0xbf801000u, SF_RNE, &flags));
    /* 1 + 2^-24 * (1 + 2^-23): above the midpoint only through the product's low bits. */
    CHECK(0x3f800001u, SF_NX, sf32_fma(0x33800000u, 0x3f800001u, F32_ONE, SF_RNE, &flags));
}

static void rmm_rounds_ties_away_from_zero(void)
{
    /* 1 + half an ulp: RNE keeps the even 1, RMM goes away; likewise negative. */
    CHECK(F32_ONE, SF_NX, sf32_add(F32_ONE, 0x33800000u, SF_RNE, &flags));
    CHECK(0x3f800001u, SF_NX, sf32_add(F32_ONE, 0x33800000u, SF_RMM, &flags));
    CHECK(0xbf800001u, SF_NX, sf32_sub(F32_NEG_ONE, 0x33800000u, SF_RMM, &flags));
    CHECK(0x3f800003u, SF_NX, sf32_add(0x3f800002u, 0x33800000u, SF_RMM, &flags));
    CHECK(F64_ONE, SF_NX, sf64_add(F64_ONE, 0x3ca0000000000000ull, SF_RNE, &flags));
    CHECK(0x3ff0000000000001ull, SF_NX, sf64_add(F64_ONE, 0x3ca0000000000000ull, SF_RMM, &flags));
    CHECK(0xbff0000000000001ull, SF_NX,
          sf64_add(F64_NEG_ONE, 0xbca0000000000000ull, SF_RMM, &flags));
    /* Not a tie: RMM is plain round to nearest. */
    CHECK(F64_ONE, SF_NX, sf64_add(F64_ONE, 0x3c9fffffffffffffull, SF_RMM, &flags));
    /* Ties in the subnormal range: half, one and a half, two and a half smallest subnormals. */
    CHECK(0, SF_UF | SF_NX, sf32_mul(F32_MIN_SUB, F32_HALF, SF_RNE, &flags));
    CHECK(F32_MIN_SUB, SF_UF | SF_NX, sf32_mul(F32_MIN_SUB, F32_HALF, SF_RMM, &flags));
    CHECK(0x80000001u, SF_UF | SF_NX, sf32_mul(0x80000001u, F32_HALF, SF_RMM, &flags));
    CHECK(2, SF_UF | SF_NX, sf32_mul(3, F32_HALF, SF_RMM, &flags));
    CHECK(2, SF_UF | SF_NX, sf32_mul(5, F32_HALF, SF_RNE, &flags));
    CHECK(3, SF_UF | SF_NX, sf32_mul(5, F32_HALF, SF_RMM, &flags));
    CHECK(3, SF_UF | SF_NX, sf64_div(5, 0x4000000000000000ull, SF_RMM, &flags));
    /* Overflow goes to infinity; the overflow threshold itself is a tie. */
    CHECK(F32_INF, SF_OF | SF_NX, sf32_add(F32_MAX, 0x73000000u, SF_RMM, &flags));
    CHECK(F32_MAX, SF_NX, sf32_add(F32_MAX, 0x72ffffffu, SF_RMM, &flags));
    CHECK(F64_NEG_INF, SF_OF | SF_NX, sf64_mul(F64_MAX, 0xc000000000000000ull, SF_RMM, &flags));
    /* Conversions. */
    CHECK(0x4b800001u, SF_NX, sf32_from_i32(16777217, SF_RMM, &flags));
    CHECK(0x4b800000u, SF_NX, sf32_from_i32(16777217, SF_RNE, &flags));
    CHECK(0xcb800001u, SF_NX, sf32_from_i64(-16777217, SF_RMM, &flags));
    CHECK(0x4340000000000001ull, SF_NX, sf64_from_u64((1ull << 53) + 1, SF_RMM, &flags));
    CHECK(0x3f800001u, SF_NX, sf64_to_f32(0x3ff0000010000000ull, SF_RMM, &flags));
    CHECK(3, SF_NX, sf64_to_i32(0x4004000000000000ull, SF_RMM, &flags));  /* 2.5 */
    CHECK(-3, SF_NX, sf64_to_i64(0xc004000000000000ull, SF_RMM, &flags)); /* -2.5 */
    CHECK(1, SF_NX, sf32_to_u32(F32_HALF, SF_RMM, &flags));
}

static void tininess_is_detected_after_rounding(void)
{
    /* 0.75 * b = (1 - 2^-54) * 2^-1022 exactly. Rounded to 53 bits with an unbounded exponent
     * it is a tie that goes to 2^-1022, not tiny: RNE, RUP and RMM raise only NX. Rounded down
     * it stays below 2^-1022: tiny and inexact. */
    const uint64_t three_quarters = 0x3fe8000000000000ull, b = 0x0015555555555555ull;
    CHECK(F64_MIN_NORM, SF_NX, sf64_mul(three_quarters, b, SF_RNE, &flags));
    CHECK(F64_MIN_NORM, SF_NX, sf64_mul(three_quarters, b, SF_RUP, &flags));
    CHECK(F64_MIN_NORM, SF_NX, sf64_mul(three_quarters, b, SF_RMM, &flags));
    CHECK(F64_MIN_NORM - 1, SF_UF | SF_NX, sf64_mul(three_quarters, b, SF_RTZ, &flags));
    CHECK(F64_MIN_NORM - 1, SF_UF | SF_NX, sf64_mul(three_quarters, b, SF_RDN, &flags));
    /* binary32: 1.9375 * 4329604 * 2^-149 = (1 - 2^-25) * 2^-126. */
    CHECK(F32_MIN_NORM, SF_NX, sf32_mul(0x3ff80000u, 0x00421084u, SF_RNE, &flags));
    CHECK(F32_MIN_NORM - 1, SF_UF | SF_NX, sf32_mul(0x3ff80000u, 0x00421084u, SF_RTZ, &flags));
    /* Tiny but exact: no UF. */
    CHECK(F32_MIN_NORM - 1, 0, sf32_sub(F32_MIN_NORM, F32_MIN_SUB, SF_RNE, &flags));
    CHECK(2, 0, sf64_add(F64_MIN_SUB, F64_MIN_SUB, SF_RNE, &flags));
    CHECK(F64_MIN_SUB, 0, sf64_mul(F64_MIN_NORM, 0x3cb0000000000000ull, SF_RNE, &flags));
}

static void overflow_result_depends_on_rounding_direction(void)
{
    const uint64_t two = 0x4000000000000000ull;
    CHECK(F64_INF, SF_OF | SF_NX, sf64_mul(F64_MAX, two, SF_RNE, &flags));
    CHECK(F64_MAX, SF_OF | SF_NX, sf64_mul(F64_MAX, two, SF_RTZ, &flags));
    CHECK(F64_MAX, SF_OF | SF_NX, sf64_mul(F64_MAX, two, SF_RDN, &flags));
    CHECK(F64_INF, SF_OF | SF_NX, sf64_mul(F64_MAX, two, SF_RUP, &flags));
    CHECK(F64_NEG_INF, SF_OF | SF_NX,
          sf64_add(F64_MAX | F64_NEG_ZERO, F64_MAX | F64_NEG_ZERO, SF_RDN, &flags));
    CHECK(F64_MAX | F64_NEG_ZERO, SF_OF | SF_NX,
          sf64_add(F64_MAX | F64_NEG_ZERO, F64_MAX | F64_NEG_ZERO, SF_RUP, &flags));
    CHECK(F32_MAX, SF_OF | SF_NX, sf64_to_f32(F64_MAX, SF_RTZ, &flags));
    CHECK(F32_INF, SF_OF | SF_NX, sf64_to_f32(F64_MAX, SF_RNE, &flags));
}

/* One fcvt-to-integer case: the value (as binary64; also run as binary32 when exact there),
 * the mode, the integer type and the expected integer bits and flags. */
struct to_int_case {
    double value;
    int rm;
    enum int_type type;
    uint64_t want;
    uint32_t flags;
};

#define ALL_RM (-1)

static const struct to_int_case to_int_cases[] = {
    {NAN, ALL_RM, I32, INT32_MAX, SF_NV},
    {-NAN, ALL_RM, I32, INT32_MAX, SF_NV},
    {NAN, ALL_RM, U32, UINT32_MAX, SF_NV},
    {NAN, ALL_RM, I64, INT64_MAX, SF_NV},
    {-NAN, ALL_RM, U64, UINT64_MAX, SF_NV},
    {INFINITY, ALL_RM, I32, INT32_MAX, SF_NV},
    {-INFINITY, ALL_RM, I32, (uint32_t)INT32_MIN, SF_NV},
    {-INFINITY, ALL_RM, U32, 0, SF_NV},
    {INFINITY, ALL_RM, U64, UINT64_MAX, SF_NV},
    {-INFINITY, ALL_RM, I64, (uint64_t)INT64_MIN, SF_NV},
    {-0.0, ALL_RM, I32, 0, 0},
    {-0.0, ALL_RM, U64, 0, 0},
    /* Around 2^31: 2^31 - 0.5 rounds up out of range in RNE, RUP and RMM. */
    {2147483647.0, ALL_RM, I32, INT32_MAX, 0},
    {2147483647.5, SF_RNE, I32, INT32_MAX, SF_NV},
    {2147483647.5, SF_RTZ, I32, INT32_MAX, SF_NX},
    {2147483647.5, SF_RDN, I32, INT32_MAX, SF_NX},
    {2147483647.5, SF_RUP, I32, INT32_MAX, SF_NV},
    {2147483647.5, SF_RMM, I32, INT32_MAX, SF_NV},
    {2147483648.0, ALL_RM, I32, INT32_MAX, SF_NV},
    {2147483648.0, ALL_RM, U32, 0x80000000u, 0},
    {-2147483648.0, ALL_RM, I32, (uint32_t)INT32_MIN, 0},
    {-2147483648.5, SF_RNE, I32, (uint32_t)INT32_MIN, SF_NX},
    {-2147483648.5, SF_RTZ, I32, (uint32_t)INT32_MIN, SF_NX},
    {-2147483648.5, SF_RDN, I32, (uint32_t)INT32_MIN, SF_NV},
    {-2147483648.5, SF_RUP, I32, (uint32_t)INT32_MIN, SF_NX},
    {-2147483648.5, SF_RMM, I32, (uint32_t)INT32_MIN, SF_NV},
    {-2147483649.0, ALL_RM, I32, (uint32_t)INT32_MIN, SF_NV},
    {1e10, ALL_RM, I32, INT32_MAX, SF_NV},
    {4294967295.0, ALL_RM, U32, UINT32_MAX, 0},
    {4294967295.5, SF_RNE, U32, UINT32_MAX, SF_NV},
    {4294967295.5, SF_RTZ, U32, UINT32_MAX, SF_NX},
    {4294967296.0, ALL_RM, U32, UINT32_MAX, SF_NV},
    /* Ties and fractions in every mode. */
    {0.5, SF_RNE, I32, 0, SF_NX},
    {0.5, SF_RTZ, I32, 0, SF_NX},
    {0.5, SF_RDN, I32, 0, SF_NX},
    {0.5, SF_RUP, I32, 1, SF_NX},
    {0.5, SF_RMM, I32, 1, SF_NX},
    {-0.5, SF_RNE, I64, 0, SF_NX},
    {-0.5, SF_RTZ, I64, 0, SF_NX},
    {-0.5, SF_RDN, I64, UINT64_MAX, SF_NX}, /* -1 */
    {-0.5, SF_RUP, I64, 0, SF_NX},
    {-0.5, SF_RMM, I64, UINT64_MAX, SF_NX},
    {1.5, SF_RNE, I32, 2, SF_NX},
    {1.5, SF_RTZ, I32, 1, SF_NX},
    {2.5, SF_RNE, I32, 2, SF_NX},
    {2.5, SF_RMM, I32, 3, SF_NX},
    {-2.5, SF_RNE, I32, (uint32_t)-2, SF_NX},
    {-2.5, SF_RDN, I32, (uint32_t)-3, SF_NX},
    {-2.5, SF_RUP, I32, (uint32_t)-2, SF_NX},
    {0x1p-1074, SF_RUP, I32, 1, SF_NX},
    {0x1p-1074, SF_RDN, U64, 0, SF_NX},
    {-0x1p-149, SF_RDN, I64, UINT64_MAX, SF_NX},
    /* Negative values to unsigned: fine if they round to 0, invalid if to -1 or below. */
    {-0.3, SF_RTZ, U32, 0, SF_NX},
    {-0.3, SF_RNE, U32, 0, SF_NX},
    {-0.3, SF_RUP, U64, 0, SF_NX},
    {-0.3, SF_RDN, U32, 0, SF_NV},
    {-0.5, SF_RNE, U32, 0, SF_NX},
    {-0.5, SF_RMM, U64, 0, SF_NV},
    {-0.7, SF_RNE, U64, 0, SF_NV},
    {-1.0, ALL_RM, U32, 0, SF_NV},
    /* Around 2^63 and 2^64. */
    {0x1p63, ALL_RM, I64, INT64_MAX, SF_NV},
    {0x1p63, ALL_RM, U64, 0x8000000000000000ull, 0},
    {-0x1p63, ALL_RM, I64, (uint64_t)INT64_MIN, 0},
    {0x1.fffffffffffffp62, ALL_RM, I64, 0x7ffffffffffffc00ull, 0},
    {-0x1.0000000000001p63, ALL_RM, I64, (uint64_t)INT64_MIN, SF_NV},
    {0x1.fffffffffffffp63, ALL_RM, U64, 0xfffffffffffff800ull, 0},
    {0x1p64, ALL_RM, U64, UINT64_MAX, SF_NV},
    {0x1p64, ALL_RM, I32, INT32_MAX, SF_NV},
    {-0x1p64, ALL_RM, U64, 0, SF_NV},
    {0x1p1023, ALL_RM, I64, INT64_MAX, SF_NV},
};

static uint64_t run_to_int(bool single, double value, int rm, enum int_type t, uint32_t *flags)
{
    uint32_t f32 = bits_f32((float)value);
    uint64_t f64 = bits_f64(value);
    switch (t) {
    case I32:
        return (uint32_t)(single ? sf32_to_i32(f32, rm, flags) : sf64_to_i32(f64, rm, flags));
    case U32:
        return single ? sf32_to_u32(f32, rm, flags) : sf64_to_u32(f64, rm, flags);
    case I64:
        return (uint64_t)(single ? sf32_to_i64(f32, rm, flags) : sf64_to_i64(f64, rm, flags));
    default:
        return single ? sf32_to_u64(f32, rm, flags) : sf64_to_u64(f64, rm, flags);
    }
}

static void to_integer_edge_cases_round_and_saturate_as_riscv_says(void)
{
    for (size_t i = 0; i < sizeof to_int_cases / sizeof to_int_cases[0]; i++) {
        const struct to_int_case *c = &to_int_cases[i];
        bool also_f32 = isnan(c->value) || (double)(float)c->value == c->value;
        for (int rm = SF_RNE; rm <= SF_RMM; rm++) {
            if (c->rm != ALL_RM && c->rm != rm)
                continue;
            for (int single = 0; single <= (int)also_f32; single++) {
                uint32_t flags = 0;
                uint64_t got = run_to_int(single, c->value, rm, c->type, &flags);
                cr_expect(got == c->want && flags == c->flags,
                          "%s %s to_%s(%a): want %#llx flags %#x, got %#llx flags %#x",
                          single ? "f32" : "f64", rm_names[rm], int_names[c->type], c->value,
                          (unsigned long long)c->want, c->flags, (unsigned long long)got, flags);
            }
        }
    }
}

static void from_integer_edge_cases(void)
{
    CHECK(0, 0, sf32_from_i32(0, SF_RDN, &flags));
    CHECK(0, 0, sf64_from_i64(0, SF_RDN, &flags));
    CHECK(0xcf000000u, 0, sf32_from_i32(INT32_MIN, SF_RNE, &flags));
    CHECK(0x4f000000u, SF_NX, sf32_from_i32(INT32_MAX, SF_RNE, &flags));
    CHECK(0x4effffffu, SF_NX, sf32_from_i32(INT32_MAX, SF_RTZ, &flags));
    CHECK(0x4f800000u, SF_NX, sf32_from_u32(UINT32_MAX, SF_RUP, &flags));
    CHECK(0x4f7fffffu, SF_NX, sf32_from_u32(UINT32_MAX, SF_RDN, &flags));
    CHECK(0xc1e0000000000000ull, 0, sf64_from_i32(INT32_MIN, SF_RNE, &flags));
    CHECK(0x41efffffffe00000ull, 0, sf64_from_u32(UINT32_MAX, SF_RNE, &flags));
    CHECK(0xc3e0000000000000ull, 0, sf64_from_i64(INT64_MIN, SF_RNE, &flags));
    CHECK(0x43f0000000000000ull, SF_NX, sf64_from_u64(UINT64_MAX, SF_RNE, &flags));
    CHECK(0x43efffffffffffffull, SF_NX, sf64_from_u64(UINT64_MAX, SF_RTZ, &flags));
    CHECK(0x4340000000000000ull, SF_NX, sf64_from_i64((1ll << 53) + 1, SF_RNE, &flags));
    CHECK(0xc340000000000001ull, SF_NX, sf64_from_i64(-(1ll << 53) - 1, SF_RDN, &flags));
    CHECK(0xc340000000000000ull, SF_NX, sf64_from_i64(-(1ll << 53) - 1, SF_RUP, &flags));
    CHECK(F64_NEG_ONE, 0, sf64_from_i32(-1, SF_RNE, &flags));
    CHECK(0x5f000000u, 0, sf32_from_u64(1ull << 63, SF_RNE, &flags));
}

static void format_conversions_edge_cases(void)
{
    CHECK(0x36a0000000000000ull, 0, sf32_to_f64(F32_MIN_SUB, &flags)); /* 2^-149, exact */
    CHECK(F64_NEG_INF, 0, sf32_to_f64(F32_NEG_INF, &flags));
    CHECK(F64_NEG_ZERO, 0, sf32_to_f64(F32_NEG_ZERO, &flags));
    CHECK(0x47efffffe0000000ull, 0, sf32_to_f64(F32_MAX, &flags));
    CHECK(F32_MIN_SUB, 0, sf64_to_f32(0x36a0000000000000ull, SF_RNE, &flags));
    CHECK(0, SF_UF | SF_NX, sf64_to_f32(0x3690000000000000ull, SF_RNE, &flags)); /* 2^-150 */
    CHECK(F32_MIN_SUB, SF_UF | SF_NX, sf64_to_f32(0x3690000000000000ull, SF_RMM, &flags));
    CHECK(F32_MIN_SUB, SF_UF | SF_NX, sf64_to_f32(F64_MIN_SUB, SF_RUP, &flags));
    CHECK(0x80000001u, SF_UF | SF_NX, sf64_to_f32(F64_MIN_SUB | F64_NEG_ZERO, SF_RDN, &flags));
    CHECK(F32_NEG_ZERO, SF_UF | SF_NX, sf64_to_f32(F64_MIN_SUB | F64_NEG_ZERO, SF_RNE, &flags));
    CHECK(F32_NEG_INF, 0, sf64_to_f32(F64_NEG_INF, SF_RTZ, &flags));
}

static void min_max_prefer_numbers_and_order_zeros(void)
{
    CHECK(F32_NEG_ZERO, 0, sf32_min(0, F32_NEG_ZERO, &flags));
    CHECK(F32_NEG_ZERO, 0, sf32_min(F32_NEG_ZERO, 0, &flags));
    CHECK(0, 0, sf32_max(F32_NEG_ZERO, 0, &flags));
    CHECK(F32_ONE, 0, sf32_min(F32_QNAN, F32_ONE, &flags));
    CHECK(F32_ONE, SF_NV, sf32_max(F32_ONE, F32_SNAN, &flags));
    CHECK(NAN32, 0, sf32_min(F32_QNAN, 0xffc00000u, &flags));
    CHECK(NAN32, SF_NV, sf32_max(F32_SNAN, F32_QNAN, &flags));
    CHECK(F64_NEG_INF, 0, sf64_min(F64_NEG_INF, F64_MAX, &flags));
    CHECK(F64_NEG_ZERO, 0, sf64_min(0, F64_NEG_ZERO, &flags));
    CHECK(0, 0, sf64_max(0, F64_NEG_ZERO, &flags));
    CHECK(F64_NEG_ONE, SF_NV, sf64_min(F64_SNAN, F64_NEG_ONE, &flags));
    CHECK(NAN64, SF_NV, sf64_max(F64_SNAN, F64_SNAN, &flags));
    CHECK(F64_MIN_SUB, 0, sf64_max(F64_MIN_SUB, F64_MIN_SUB | F64_NEG_ZERO, &flags));
}

static void feq_is_quiet_and_flt_fle_signal_on_nan(void)
{
    CHECK(0, 0, sf32_eq(F32_QNAN, F32_QNAN, &flags));
    CHECK(0, SF_NV, sf32_eq(F32_SNAN, F32_ONE, &flags));
    CHECK(1, 0, sf32_eq(0, F32_NEG_ZERO, &flags));
    CHECK(0, SF_NV, sf32_lt(F32_QNAN, F32_ONE, &flags));
    CHECK(0, SF_NV, sf32_le(F32_ONE, F32_QNAN, &flags));
    CHECK(0, 0, sf32_lt(F32_NEG_ZERO, 0, &flags));
    CHECK(1, 0, sf32_le(0, F32_NEG_ZERO, &flags));
    CHECK(1, 0, sf32_lt(F32_NEG_INF, F32_NEG_ONE, &flags));
    CHECK(0, SF_NV, sf64_eq(F64_ONE, F64_SNAN, &flags));
    CHECK(1, 0, sf64_eq(F64_NEG_ZERO, 0, &flags));
    CHECK(0, SF_NV, sf64_lt(F64_QNAN, F64_QNAN, &flags));
    CHECK(1, 0, sf64_le(F64_ONE, F64_ONE, &flags));
    CHECK(0, 0, sf64_lt(F64_ONE, F64_ONE, &flags));
    CHECK(1, 0, sf64_lt(F64_NEG_ONE, F64_MIN_SUB | F64_NEG_ZERO, &flags));
}

static void classify_sets_one_bit_per_class(void)
{
    CHECK(SF_CLASS_NEG_INF, 0, sf32_classify(F32_NEG_INF));
    CHECK(SF_CLASS_NEG_NORMAL, 0, sf32_classify(F32_NEG_ONE));
    CHECK(SF_CLASS_NEG_SUBNORMAL, 0, sf32_classify(0x807fffffu));
    CHECK(SF_CLASS_NEG_ZERO, 0, sf32_classify(F32_NEG_ZERO));
    CHECK(SF_CLASS_POS_ZERO, 0, sf32_classify(0));
    CHECK(SF_CLASS_POS_SUBNORMAL, 0, sf32_classify(F32_MIN_SUB));
    CHECK(SF_CLASS_POS_NORMAL, 0, sf32_classify(F32_MIN_NORM));
    CHECK(SF_CLASS_POS_INF, 0, sf32_classify(F32_INF));
    CHECK(SF_CLASS_SNAN, 0, sf32_classify(F32_SNAN));
    CHECK(SF_CLASS_QNAN, 0, sf32_classify(F32_QNAN));
    CHECK(1u << 0, 0, sf64_classify(F64_NEG_INF));
    CHECK(1u << 2, 0, sf64_classify(F64_MIN_SUB | F64_NEG_ZERO));
    CHECK(1u << 3, 0, sf64_classify(F64_NEG_ZERO));
    CHECK(1u << 6, 0, sf64_classify(F64_MAX));
    CHECK(1u << 8, 0, sf64_classify(0xfff0000000000001ull));
    CHECK(1u << 9, 0, sf64_classify(F64_QNAN));
}

/* ---- the tests ----------------------------------------------------------------------------- */

Test(softfp, format_conversions_match_host)
{
    check_narrow();
    check_widen();
}

Test(softfp, comparisons_min_max_and_classify_match_host)
{
    check_compare(&FMT32);
    check_compare(&FMT64);
    check_classify();
}

Test(softfp, special_operands_give_riscv_results)
{
    invalid_operations_give_canonical_nan_and_nv();
    nan_operands_give_the_canonical_nan_and_only_signalling_ones_raise_nv();
    division_of_finite_by_zero_gives_signed_inf_and_dz();
    sqrt_of_zeros_keeps_the_sign();
}

Test(softfp, fma_is_fused_and_follows_riscv)
{
    fma_of_inf_times_zero_is_invalid_even_with_a_quiet_nan_addend();
    exact_zero_sum_is_positive_unless_rounding_down();
    fma_rounds_once();
}

Test(softfp, rounding_edges_are_exact)
{
    rmm_rounds_ties_away_from_zero();
    tininess_is_detected_after_rounding();
    overflow_result_depends_on_rounding_direction();
}

Test(softfp, conversion_edge_cases_follow_riscv)
{
    to_integer_edge_cases_round_and_saturate_as_riscv_says();
    from_integer_edge_cases();
    format_conversions_edge_cases();
}

Test(softfp, comparisons_min_max_and_classify_edge_cases)
{
    min_max_prefer_numbers_and_order_zeros();
    feq_is_quiet_and_flt_fle_signal_on_nan();
    classify_sets_one_bit_per_class();
}
