/*
 * tests/guest/fuzz/gen.c - the seeded generator of rvfuzz cases.
 *
 * A case is a stream of valid RV64GC instructions plus the data the prologue loads. Every
 * stream terminates and stays inside its sandbox by construction:
 *   - control flow only goes forward, to the start of a generated group (never into the
 *     middle of a multi-instruction sequence such as "addi base; amo" or "auipc; jalr"), so
 *     every path reaches the epilogue;
 *   - sp, gp, tp and s0 are never written (except sp inside the c.addi16sp group, which
 *     restores it, and tp by the log's window steps), and memory operands are sp/s0 plus an
 *     offset the layout keeps inside the scratch area, or a temporary set from them in the
 *     same group;
 *   - frm only ever holds 0..4 outside gen_bad_frm's group, so dynamic-rounding instructions
 *     never trap.
 * This file holds emitting, the special values, the result log, the initial data and the
 * case as a whole; the generators themselves are in gen_int.c, gen_fp.c and gen_trap.c.
 * Operand values are biased towards the cases implementations get wrong: special integers
 * (0, -1, INT_MIN, ...) and special floats (signed zeros, infinities, quiet and signalling
 * NaNs, subnormals, rounding ties, conversion limits), loaded from a pool at gp-relative
 * offsets both before M and FP operations and by the prologue.
 */
#include "gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64 ------------------------------------------------------------ */

void fz_rng_seed(struct fz_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t fz_rng_next(struct fz_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint32_t fz_rng_below(struct fz_rng *r, uint32_t n)
{
    return (uint32_t)((fz_rng_next(r) >> 32) * n >> 32);
}

bool fz_rng_chance(struct fz_rng *r, unsigned percent)
{
    return fz_rng_below(r, 100) < percent;
}

/* ---- special values ------------------------------------------------------------------------ */

static const uint64_t int_specials[] = {
    0,
    1,
    ~0ull,
    2,
    ~1ull,
    0x8000000000000000ull,
    0x7fffffffffffffffull,
    0xffffffff80000000ull,
    0x7fffffffull,
    0x80000000ull,
    0xffffffffull,
    0x100000000ull,
    0xffffffff00000000ull,
    0x8000000000000001ull,
    0x7fffffff80000000ull,
    0xffffffff7fffffffull,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    0xffffffffffff8000ull,
    0xffffffffffffff80ull,
    31,
    32,
    63,
    64,
    0x00000000fffff800ull,
    0x5555555555555555ull,
    0xaaaaaaaaaaaaaaaaull,
    3,
    10,
};

/* Doubles: zeros, infinities, NaNs (quiet, signalling, with payloads, negative), subnormals,
 * normal limits, rounding ties, and the edges of every float-to-integer conversion. */
static const uint64_t f64_specials[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff8000000000123ull, 0xfff8000000000000ull, 0x7ff0000000000001ull,
    0x7ff4000000000000ull, 0xfff0000000000001ull, 0x0000000000000001ull, 0x000fffffffffffffull,
    0x8000000000000001ull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, 0x3ff8000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x3fdfffffffffffffull, 0x41e0000000000000ull,
    0x41dfffffffc00000ull, 0x41dfffffffe00000ull, 0xc1e0000000000000ull, 0xc1e0000000200000ull,
    0x41f0000000000000ull, 0x41efffffffe00000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
    0x43f0000000000000ull, 0x43efffffffffffffull, 0x4340000000000000ull, 0x4340000000000001ull,
    0x3ff0000000000001ull, 0x3fefffffffffffffull, 0x4008000000000000ull, 0x3fd5555555555555ull,
    0xbfe0000000000000ull, 0xbfe8000000000000ull, 0x3fe8000000000000ull, 0x47efffffe0000000ull,
    0x47efffffefffffffull, 0x47effffff0000000ull, 0x3810000000000000ull, 0x36a0000000000000ull,
    0x3690000000000000ull, 0x3698000000000000ull, 0x3ff0000010000000ull, 0x3ff0000030000000ull,
    0x3ff0000010000001ull, 0xc3e0000000000001ull, 0xbff8000000000000ull, 0x380fffffffffffffull,
};

/* Singles (stored NaN-boxed in the pool). */
static const uint32_t f32_specials[] = {
    0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fc00123u, 0xffc00000u,
    0x7f800001u, 0x7fa00000u, 0xff800001u, 0x00000001u, 0x007fffffu, 0x80000001u, 0x00800000u,
    0x7f7fffffu, 0xff7fffffu, 0x3f800000u, 0xbf800000u, 0x3f000000u, 0x3fc00000u, 0x40200000u,
    0x4f000000u, 0xcf000000u, 0x4f800000u, 0x5f000000u, 0xdf000000u, 0x5f800000u, 0x4effffffu,
    0x3effffffu, 0x4b800000u, 0x4b800001u, 0xbfc00000u,
};

#define POOL_INT 0u  /* pool entries [0, 32): integer specials */
#define POOL_F64 32u /* [32, 96): doubles */
#define POOL_F32 96u /* [96, 128): NaN-boxed singles */
#define NAN_BOX  0xffffffff00000000ull

_Static_assert(COUNT_OF(int_specials) == POOL_F64 - POOL_INT, "integer pool size");
_Static_assert(COUNT_OF(f64_specials) <= POOL_F32 - POOL_F64, "double pool size");
_Static_assert(COUNT_OF(f32_specials) == FZ_POOL_ENTRIES - POOL_F32, "single pool size");

/* ---- emitting ------------------------------------------------------------------------------ */

const char *const gen_fmt_names[2] = {"s", "d"};

struct fz_item *gen_emit(struct gen *g, uint32_t bits, unsigned len, const char *fmt, ...)
{
    struct fz_case *c = g->c;
    static struct fz_item dummy;
    if (c->count == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 1024;
        struct fz_item *n = realloc(c->item, cap * sizeof *n);
        if (!n) {
            g->oom = true;
            return &dummy;
        }
        c->item = n;
        c->cap = cap;
    }
    struct fz_item *it = &c->item[c->count++];
    memset(it, 0, sizeof *it);
    it->bits = bits;
    it->len = (uint8_t)len;
    it->group_start = !g->in_group;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->text, sizeof it->text, fmt, ap);
    va_end(ap);
    return it;
}

/* A forward target for the item about to be emitted (resolved in fz_generate). */
void gen_set_target(struct gen *g, struct fz_item *it, enum fz_fix fix)
{
    it->fix = (uint8_t)fix;
    it->target = g->c->count + below(g, MAX_FORWARD_ITEMS); /* count is already this + 1 */
}

/* Offset of pool entry `i` from gp. */
static int32_t pool_off(unsigned i)
{
    return FZ_POOL_FROM_GP + (int32_t)(i * 8u);
}

/* Load a special integer into a writable register (used to bias M operands). */
unsigned gen_refresh_x(struct gen *g)
{
    unsigned r = xd_nz(g), e = POOL_INT + below(g, POOL_F64 - POOL_INT);
    gen_emit(g, enc_i(pool_off(e), FZ_REG_GP, 3, r, OPC_LOAD), 4, "ld x%u, pool[%u](gp)", r, e);
    return r;
}

/* Load a special float (double or boxed single; sometimes an unboxed or integer pattern). */
unsigned gen_refresh_f(struct gen *g)
{
    unsigned r = fr(g), e = below(g, FZ_POOL_ENTRIES);
    if (chance(g, 25)) { /* flw boxes whatever low half it finds */
        gen_emit(g, enc_i(pool_off(e), FZ_REG_GP, 2, r, OPC_LOAD_FP), 4, "flw f%u, pool[%u](gp)", r,
                 e);
    } else {
        gen_emit(g, enc_i(pool_off(e), FZ_REG_GP, 3, r, OPC_LOAD_FP), 4, "fld f%u, pool[%u](gp)", r,
                 e);
    }
    return r;
}

/* ---- the result log ----------------------------------------------------------------------------
 */

#define LOG_PERCENT       80u /* results stored to the log */
#define LOG_FLAGS_PERCENT 50u /* FP operations followed by an fflags read into the log */

/* Store register r to the next log slot (no-op once the log is full). Inside a group the
 * store joins the group. */
void gen_log_reg(struct gen *g, unsigned r, bool fp)
{
    struct fz_case *c = g->c;
    if (c->log_slots >= FZ_LOG_SLOTS)
        return;
    uint32_t slot = c->log_slots, in_window = slot % FZ_LOG_WINDOW_SLOTS;
    if (slot && in_window == 0)
        gen_emit(g, enc_i(FZ_LOG_WINDOW_BYTES, FZ_REG_TP, 0, FZ_REG_TP, OPC_OP_IMM), 4,
                 "addi tp, tp, %u (next log window)", FZ_LOG_WINDOW_BYTES);
    int32_t off = (int32_t)(in_window * 8u);
    c->log_item[slot] = c->count;
    if (fp)
        gen_emit(g, enc_s(off, r, FZ_REG_TP, 3, OPC_STORE_FP), 4, "fsd f%u, log[%u](tp)", r, slot);
    else
        gen_emit(g, enc_s(off, r, FZ_REG_TP, 3, OPC_STORE), 4, "sd x%u, log[%u](tp)", r, slot);
    c->log_slots++;
}

void gen_log_x(struct gen *g, unsigned r)
{
    if (chance(g, LOG_PERCENT))
        gen_log_reg(g, r, false);
}

void gen_log_f(struct gen *g, unsigned r)
{
    if (chance(g, LOG_PERCENT))
        gen_log_reg(g, r, true);
}

/* Read fflags (usually clearing it, so the next read shows only new flags) into the log. */
void gen_log_maybe(struct gen *g, unsigned r, bool fp)
{
    if (chance(g, LOG_PERCENT))
        gen_log_reg(g, r, fp);
}

void gen_log_flags(struct gen *g)
{
    if (!chance(g, LOG_FLAGS_PERCENT) || g->c->log_slots >= FZ_LOG_SLOTS)
        return;
    unsigned t = xd_nz(g);
    bool clear = chance(g, 70);
    gen_emit(g, enc_i(CSR_FFLAGS, 0, clear ? 1 : 2, t, OPC_SYSTEM), 4, "%s x%u, fflags, x0",
             clear ? "csrrw" : "csrrs", t);
    gen_log_reg(g, t, false);
}

/* A memory operand: base sp or s0 and an offset, biased to straddle the page boundary in the
 * middle of the scratch area. Any 12-bit offset stays inside the area (see rvfuzz.h). */
void gen_mem_operand(struct gen *g, unsigned *base, int32_t *off)
{
    *base = chance(g, 50) ? FZ_REG_SP : FZ_REG_S0;
    int32_t to_mid = (int32_t)(FZ_SCRATCH_MID - (*base == FZ_REG_SP ? FZ_SP_VALUE : FZ_S0_VALUE));
    if (chance(g, 50))
        *off = to_mid - 12 + (int32_t)below(g, 24);
    else
        *off = imm12(g);
}

/* ---- the case ----------------------------------------------------------------------------------
 */

static void gen_one(struct gen *g)
{
    /* Weights per generator, in percent-ish units. */
    static const struct {
        void (*fn)(struct gen *);
        unsigned weight;
    } kinds[] = {
        {gen_alu_imm, 12},   {gen_alu_reg, 10},  {gen_upper, 2},       {gen_muldiv, 10},
        {gen_load, 7},       {gen_store, 6},     {gen_fp_mem, 4},      {gen_amo, 4},
        {gen_lrsc, 2},       {gen_fp_arith, 16}, {gen_fp_convert, 12}, {gen_csr, 3},
        {gen_fence, 1},      {gen_branch, 4},    {gen_c_mem, 5},       {gen_c_sp_mem, 3},
        {gen_c_addi16sp, 1}, {gen_c_alu, 8},     {gen_hint, 1},        {gen_bad_frm, 1},
    };
    unsigned total = 0;
    for (unsigned i = 0; i < COUNT_OF(kinds); i++)
        total += kinds[i].weight;
    unsigned r = below(g, total);
    for (unsigned i = 0; i < COUNT_OF(kinds); i++) {
        if (r < kinds[i].weight) {
            group_end(g);
            kinds[i].fn(g);
            return;
        }
        r -= kinds[i].weight;
    }
}

/* A biased exponent for a random float of a format with this bias and maximum exponent:
 * mostly near 1.0 (so sums and products of such values round), sometimes at the bottom of
 * the normal range (products underflow: tininess after rounding), at the top (overflow), or
 * where conversions to 32- and 64-bit integers saturate. */
static uint32_t interesting_exponent(struct gen *g, uint32_t bias, uint32_t max)
{
    unsigned p = below(g, 20);
    if (p < 12)
        return bias - 8u + below(g, 16);
    if (p < 15)
        return below(g, 4); /* 0: subnormal */
    if (p < 17)
        return max - 3u + below(g, 3);
    return bias + 30u + below(g, 35); /* 2^30 .. 2^64 */
}

/* Random doubles and singles with interesting exponents, sometimes with only the bits around
 * the rounding point set, to make ties. */
static uint64_t near_one_f64(struct gen *g)
{
    uint64_t exp = interesting_exponent(g, 0x3ffu, 0x7feu), sign = below(g, 2);
    uint64_t mant = fz_rng_next(&g->rng) & 0xfffffffffffffull;
    if (chance(g, 20))
        mant &= 0xf00000000000full;
    return sign << 63 | exp << 52 | mant;
}

static uint64_t near_one_f32_boxed(struct gen *g)
{
    uint32_t exp = interesting_exponent(g, 0x7fu, 0xfeu), sign = below(g, 2);
    uint32_t mant = (uint32_t)fz_rng_next(&g->rng) & 0x7fffffu;
    if (chance(g, 20))
        mant &= 0x70000fu;
    return NAN_BOX | sign << 31 | exp << 23 | mant;
}

/* A single whose upper half is not all ones (zero, or almost all ones, or random). */
static uint64_t unboxed_f32(struct gen *g)
{
    uint64_t upper = below(g, 3) == 0 ? 0
                     : chance(g, 50)  ? 0xfffffffeull
                                      : fz_rng_next(&g->rng) >> 32;
    if (upper == 0xffffffffull)
        upper = 0;
    return upper << 32 | f32_specials[below(g, COUNT_OF(f32_specials))];
}

static uint64_t pool_special(struct gen *g)
{
    return g->c->pool[below(g, FZ_POOL_ENTRIES)];
}

static void make_data(struct gen *g)
{
    struct fz_case *c = g->c;
    for (unsigned i = 0; i < POOL_F64 - POOL_INT; i++)
        c->pool[POOL_INT + i] = int_specials[i];
    for (unsigned i = 0; i < POOL_F32 - POOL_F64; i++)
        c->pool[POOL_F64 + i] = i < COUNT_OF(f64_specials) ? f64_specials[i] : near_one_f64(g);
    for (unsigned i = 0; i < COUNT_OF(f32_specials); i++)
        c->pool[POOL_F32 + i] = NAN_BOX | f32_specials[i];

    for (unsigned r = 1; r < 32; r++) {
        unsigned p = below(g, 10);
        uint64_t v = fz_rng_next(&g->rng);
        if (p < 4)
            v = int_specials[below(g, COUNT_OF(int_specials))];
        else if (p < 5)
            v = (uint64_t)((int64_t)below(g, 33) - 16);
        else if (p < 6)
            v = FZ_SCRATCH_MID + below(g, 64) - 32;
        else if (p < 8)
            v = (uint64_t)(int64_t)(int32_t)v;
        c->init[FZ_SLOT_X0 + r] = v;
    }
    c->init[FZ_SLOT_X0 + FZ_REG_SP] = FZ_SP_VALUE;
    c->init[FZ_SLOT_X0 + FZ_REG_GP] = FZ_GP_VALUE;
    c->init[FZ_SLOT_X0 + FZ_REG_TP] = FZ_TP_VALUE;
    c->init[FZ_SLOT_X0 + FZ_REG_S0] = FZ_S0_VALUE;

    for (unsigned f = 0; f < 32; f++) {
        unsigned p = below(g, 20);
        uint64_t v;
        if (p < 6)
            v = c->pool[POOL_F64 + below(g, COUNT_OF(f64_specials))];
        else if (p < 11)
            v = c->pool[POOL_F32 + below(g, COUNT_OF(f32_specials))];
        else if (p < 12) /* a single that is not properly NaN-boxed: reads as canonical NaN */
            v = unboxed_f32(g);
        else if (p < 16)
            v = near_one_f64(g);
        else if (p < 18)
            v = near_one_f32_boxed(g);
        else
            v = fz_rng_next(&g->rng);
        c->init[FZ_SLOT_F0 + f] = v;
    }
    c->init[FZ_SLOT_FCSR] = below(g, 5) << 5 | below(g, 32);

    for (unsigned i = 0; i < FZ_SCRATCH_BYTES; i += 8) {
        uint64_t v = chance(g, 25) ? pool_special(g) : fz_rng_next(&g->rng);
        memcpy(&c->scratch[i], &v, sizeof v);
    }
}

/* Each forward target must be a group start at or before the epilogue (index count). */
static void resolve_targets(struct fz_case *c)
{
    for (uint32_t i = 0; i < c->count; i++) {
        struct fz_item *it = &c->item[i];
        if (it->fix == FZ_FIX_NONE)
            continue;
        uint32_t t = it->target;
        if (t > c->count)
            t = c->count;
        while (t < c->count && !c->item[t].group_start)
            t++;
        it->target = t;
    }
}

int fz_generate(struct fz_case *c, uint64_t seed, uint32_t count, bool trap)
{
    struct gen g = {.c = c};
    c->count = 0;
    c->log_slots = 0;
    c->expect_trap = FZ_TRAP_NONE;
    fz_rng_seed(&g.rng, seed);
    g.lrsc_wide = fz_rng_chance(&g.rng, 50);
    uint32_t trap_at = trap ? count / 4 + fz_rng_below(&g.rng, count - count / 4) : count;
    make_data(&g);
    while (c->count < count && !g.oom) {
        if (trap && c->count >= trap_at && c->expect_trap == FZ_TRAP_NONE) {
            group_end(&g);
            c->trap_item = c->count;
            c->expect_trap = (uint8_t)gen_trap(&g);
            group_end(&g);
            continue;
        }
        gen_one(&g);
    }
    if (g.oom)
        return -1;
    resolve_targets(c);
    return 0;
}

void fz_case_free(struct fz_case *c)
{
    free(c->item);
    c->item = NULL;
    c->count = c->cap = 0;
}
