/*
 * tests/guest/fuzz/gen.h - what the generator's files (gen.c, gen_int.c, gen_fp.c,
 * gen_trap.c) share: the generator state, operand pickers, and the emit and log helpers.
 *
 * Every gen_* generator appends one instruction or one group of instructions to the case;
 * a group (gen_group_*) is entered only at its first item, because branches land only on
 * group starts. Generators that produce a result usually pass it to gen_log_* so it is
 * stored to the result log (rvfuzz.h).
 */
#ifndef TESTS_GUEST_FUZZ_GEN_H
#define TESTS_GUEST_FUZZ_GEN_H

#include "enc.h"
#include "rvfuzz.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* funct5 values of the A extension used by more than one generator. */
#define AMO_LR 0x02u
#define AMO_SC 0x03u

/* funct5 values of OP-FP conversions and moves. */
#define F5_FCVT_FF 0x08u
#define F5_FCMP    0x14u
#define F5_FCVT_IF 0x18u /* float -> integer */
#define F5_FCVT_FI 0x1au /* integer -> float */
#define F5_FMV_X   0x1cu /* fmv.x.* and fclass */
#define F5_FMV_F   0x1eu

struct gen {
    struct fz_rng rng;
    struct fz_case *c;
    bool in_group; /* items emitted now are not branch targets */
    bool oom;
    bool lrsc_wide; /* lone lr/sc of this case are .d (mixing sizes is not specified) */
};

#define MAX_FORWARD_ITEMS 10u /* branches skip at most this many items (plus one group) */

static inline uint32_t below(struct gen *g, uint32_t n)
{
    return fz_rng_below(&g->rng, n);
}

static inline bool chance(struct gen *g, unsigned percent)
{
    return fz_rng_chance(&g->rng, percent);
}

static inline void group_begin(struct gen *g)
{
    g->in_group = false; /* the first item is a target; the next ones are not */
}

static inline void group_continue(struct gen *g)
{
    g->in_group = true;
}

static inline void group_end(struct gen *g)
{
    g->in_group = false;
}

/* ---- operands ------------------------------------------------------------------------------ */

static inline bool reserved(unsigned r)
{
    return r == FZ_REG_SP || r == FZ_REG_GP || r == FZ_REG_TP || r == FZ_REG_S0;
}

/* An integer destination the stream may write: not sp, gp, tp, s0 (x0 now and then). */
static inline unsigned xd(struct gen *g)
{
    if (chance(g, 3))
        return 0;
    for (;;) {
        unsigned r = 1 + below(g, 31);
        if (!reserved(r))
            return r;
    }
}

/* A non-zero writable destination (compressed forms where x0 is reserved or a hint). */
static inline unsigned xd_nz(struct gen *g)
{
    unsigned r;
    while ((r = xd(g)) == 0)
        ;
    return r;
}

static inline unsigned xs(struct gen *g)
{
    return below(g, 32);
}

static inline unsigned xs_nz(struct gen *g)
{
    return 1 + below(g, 31);
}

/* Compressed register fields: x8..x15; destinations skip s0. */
static inline unsigned cxd(struct gen *g)
{
    return 9 + below(g, 7);
}

static inline unsigned cxs(struct gen *g)
{
    return 8 + below(g, 8);
}

static inline unsigned fr(struct gen *g)
{
    return below(g, 32);
}

static inline unsigned cfr(struct gen *g)
{
    return 8 + below(g, 8);
}

static inline int32_t imm12(struct gen *g)
{
    static const int32_t edge[] = {0, 1, -1, 2047, -2048, 2, -2, 1024, 0x7f, -0x80};
    if (chance(g, 30))
        return edge[below(g, COUNT_OF(edge))];
    return (int32_t)below(g, 4096) - 2048;
}

static inline int32_t imm6(struct gen *g)
{
    return (int32_t)below(g, 64) - 32;
}

static inline unsigned shamt(struct gen *g, unsigned bits)
{
    static const unsigned edge[] = {0, 1, 31, 32, 63, 16, 15};
    if (chance(g, 30)) {
        unsigned s = edge[below(g, COUNT_OF(edge))];
        if (s < bits)
            return s;
    }
    return below(g, bits);
}

/* Static rounding modes 0..4 or dynamic (7); frm always holds 0..4. */
static inline unsigned rm(struct gen *g)
{
    return chance(g, 30) ? 7u : below(g, 5);
}

/* "s" and "d", indexed by the fmt field. */
extern const char *const gen_fmt_names[2];

/* ---- gen.c: emitting, targets, specials, the log -------------------------------------------- */

/* Append an instruction (its text from fmt); the returned item is valid until the next emit. */
struct fz_item *gen_emit(struct gen *g, uint32_t bits, unsigned len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Give `it`, just emitted, a forward target of kind `fix`. */
void gen_set_target(struct gen *g, struct fz_item *it, enum fz_fix fix);
/* Load a special integer / float from the pool into a fresh register; returns it. */
unsigned gen_refresh_x(struct gen *g);
unsigned gen_refresh_f(struct gen *g);
/* Store a result to the next log slot: always (gen_log_reg) or usually (the others). */
void gen_log_reg(struct gen *g, unsigned r, bool fp);
void gen_log_maybe(struct gen *g, unsigned r, bool fp);
void gen_log_x(struct gen *g, unsigned r);
void gen_log_f(struct gen *g, unsigned r);
void gen_log_flags(struct gen *g);
/* A scratch-area memory operand: base sp or s0 and an offset. */
void gen_mem_operand(struct gen *g, unsigned *base, int32_t *off);

/* ---- gen_int.c: RV64I, M, A, C, control flow ------------------------------------------------ */

void gen_alu_imm(struct gen *g);
void gen_alu_reg(struct gen *g);
void gen_muldiv(struct gen *g);
void gen_upper(struct gen *g);
void gen_load(struct gen *g);
void gen_store(struct gen *g);
void gen_fp_mem(struct gen *g);
void gen_amo(struct gen *g);
void gen_lrsc(struct gen *g);
void gen_emit_amo(struct gen *g, uint32_t f5, const char *name, unsigned dbl, unsigned rd,
                  unsigned rs2, unsigned addr);
void gen_fence(struct gen *g);
void gen_branch(struct gen *g);
void gen_c_mem(struct gen *g);
void gen_c_sp_mem(struct gen *g);
void gen_c_addi16sp(struct gen *g);
void gen_c_alu(struct gen *g);
void gen_hint(struct gen *g);

/* ---- gen_fp.c: F, D, Zicsr ------------------------------------------------------------------ */

void gen_fp_arith(struct gen *g);
void gen_fp_convert(struct gen *g);
void gen_csr(struct gen *g);
void gen_bad_frm(struct gen *g);

/* ---- gen_trap.c ------------------------------------------------------------------------------ */

/* Emit one instruction (or group) that must trap; returns the class of trap. */
enum fz_trap gen_trap(struct gen *g);

#endif /* TESTS_GUEST_FUZZ_GEN_H */
