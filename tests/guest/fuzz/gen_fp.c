/*
 * tests/guest/fuzz/gen_fp.c - generators for F, D and Zicsr (fflags, frm, fcsr) (see gen.h).
 *
 * Rounding modes are static 0..4 or dynamic; frm only ever holds 0..4 outside gen_bad_frm's
 * group. Sources are often fresh special values from the pool, and results and fflags go to
 * the log, because sticky flags would otherwise hide a wrong flag behind an earlier right one.
 */
#include "gen.h"

static const char *const rm_names[8] = {"rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn"};

/* ---- F and D --------------------------------------------------------------------------------- */

static void maybe_refresh_sources(struct gen *g, unsigned *a, unsigned *b, unsigned *c)
{
    if (a && chance(g, 30))
        *a = gen_refresh_f(g);
    if (b && chance(g, 30))
        *b = gen_refresh_f(g);
    if (c && chance(g, 20))
        *c = gen_refresh_f(g);
}

void gen_fp_arith(struct gen *g)
{
    static const struct {
        const char *name;
        uint32_t f5;
        int f3; /* fixed funct3, or -1: rounding mode */
        unsigned srcs;
    } ops[] = {
        {"fadd", 0x00, -1, 2},  {"fsub", 0x01, -1, 2},  {"fmul", 0x02, -1, 2},
        {"fdiv", 0x03, -1, 2},  {"fsqrt", 0x0b, -1, 1}, {"fsgnj", 0x04, 0, 2},
        {"fsgnjn", 0x04, 1, 2}, {"fsgnjx", 0x04, 2, 2}, {"fmin", 0x05, 0, 2},
        {"fmax", 0x05, 1, 2},
    };
    static const struct {
        const char *name;
        uint32_t opc;
    } fma[] = {
        {"fmadd", OPC_FMADD}, {"fmsub", OPC_FMSUB}, {"fnmsub", OPC_FNMSUB}, {"fnmadd", OPC_FNMADD}};
    unsigned dbl = below(g, 2), rs1 = fr(g), rs2 = fr(g), rs3 = fr(g);
    if (chance(g, 25)) {
        unsigned k = below(g, COUNT_OF(fma)), mode = rm(g), rd = fr(g);
        maybe_refresh_sources(g, &rs1, &rs2, &rs3);
        gen_emit(g, enc_r4(rs3, dbl, rs2, rs1, mode, rd, fma[k].opc), 4,
                 "%s.%s f%u, f%u, f%u, f%u, %s", fma[k].name, gen_fmt_names[dbl], rd, rs1, rs2, rs3,
                 rm_names[mode]);
        gen_log_f(g, rd);
        gen_log_flags(g);
        return;
    }
    unsigned k = below(g, COUNT_OF(ops)), rd = fr(g);
    maybe_refresh_sources(g, &rs1, ops[k].srcs == 2 ? &rs2 : NULL, NULL);
    if (ops[k].srcs == 1)
        rs2 = 0;
    else if (chance(g, 10))
        rs2 = rs1;
    unsigned f3 = ops[k].f3 >= 0 ? (unsigned)ops[k].f3 : rm(g);
    if (ops[k].srcs == 1)
        gen_emit(g, enc_r(ops[k].f5 << 2 | dbl, rs2, rs1, f3, rd, OPC_OP_FP), 4,
                 "%s.%s f%u, f%u, %s", ops[k].name, gen_fmt_names[dbl], rd, rs1, rm_names[f3]);
    else if (ops[k].f3 >= 0)
        gen_emit(g, enc_r(ops[k].f5 << 2 | dbl, rs2, rs1, f3, rd, OPC_OP_FP), 4,
                 "%s.%s f%u, f%u, f%u", ops[k].name, gen_fmt_names[dbl], rd, rs1, rs2);
    else
        gen_emit(g, enc_r(ops[k].f5 << 2 | dbl, rs2, rs1, f3, rd, OPC_OP_FP), 4,
                 "%s.%s f%u, f%u, f%u, %s", ops[k].name, gen_fmt_names[dbl], rd, rs1, rs2,
                 rm_names[f3]);
    gen_log_f(g, rd);
    gen_log_flags(g);
}

void gen_fp_convert(struct gen *g)
{
    static const char *const int_names[] = {"w", "wu", "l", "lu"};
    static const char *const cmp_names[] = {"fle", "flt", "feq"};
    unsigned dbl = below(g, 2), pick = below(g, 8), f = fr(g);
    unsigned w = below(g, 4);
    switch (pick) {
    case 0:
    case 1: { /* fcvt.{w,wu,l,lu}.{s,d} */
        unsigned rd = xd(g), mode = rm(g);
        maybe_refresh_sources(g, &f, NULL, NULL);
        gen_emit(g, enc_r(F5_FCVT_IF << 2 | dbl, w, f, mode, rd, OPC_OP_FP), 4,
                 "fcvt.%s.%s x%u, f%u, %s", int_names[w], gen_fmt_names[dbl], rd, f,
                 rm_names[mode]);
        gen_log_x(g, rd);
        gen_log_flags(g);
        break;
    }
    case 2: { /* fcvt.{s,d}.{w,wu,l,lu} */
        unsigned rs = chance(g, 40) ? gen_refresh_x(g) : xs(g), mode = rm(g);
        gen_emit(g, enc_r(F5_FCVT_FI << 2 | dbl, w, rs, mode, f, OPC_OP_FP), 4,
                 "fcvt.%s.%s f%u, x%u, %s", gen_fmt_names[dbl], int_names[w], f, rs,
                 rm_names[mode]);
        gen_log_f(g, f);
        gen_log_flags(g);
        break;
    }
    case 3: { /* fcvt.s.d (fmt s, rs2 1) or fcvt.d.s (fmt d, rs2 0) */
        unsigned rs = fr(g), mode = rm(g);
        maybe_refresh_sources(g, &rs, NULL, NULL);
        gen_emit(g, enc_r(F5_FCVT_FF << 2 | dbl, !dbl, rs, mode, f, OPC_OP_FP), 4,
                 "fcvt.%s.%s f%u, f%u, %s", gen_fmt_names[dbl], gen_fmt_names[!dbl], f, rs,
                 rm_names[mode]);
        gen_log_f(g, f);
        gen_log_flags(g);
        break;
    }
    case 4: { /* compares */
        unsigned rd = xd(g), rs2 = chance(g, 15) ? f : fr(g), k = below(g, 3);
        maybe_refresh_sources(g, &f, &rs2, NULL);
        gen_emit(g, enc_r(F5_FCMP << 2 | dbl, rs2, f, k, rd, OPC_OP_FP), 4, "%s.%s x%u, f%u, f%u",
                 cmp_names[k], gen_fmt_names[dbl], rd, f, rs2);
        gen_log_x(g, rd);
        gen_log_flags(g);
        break;
    }
    case 5: { /* fclass */
        unsigned rd = xd(g);
        maybe_refresh_sources(g, &f, NULL, NULL);
        gen_emit(g, enc_r(F5_FMV_X << 2 | dbl, 0, f, 1, rd, OPC_OP_FP), 4, "fclass.%s x%u, f%u",
                 gen_fmt_names[dbl], rd, f);
        gen_log_x(g, rd);
        break;
    }
    case 6: { /* fmv.x.w / fmv.x.d */
        unsigned rd = xd(g);
        gen_emit(g, enc_r(F5_FMV_X << 2 | dbl, 0, f, 0, rd, OPC_OP_FP), 4, "fmv.x.%s x%u, f%u",
                 dbl ? "d" : "w", rd, f);
        gen_log_x(g, rd);
        break;
    }
    default: { /* fmv.w.x / fmv.d.x */
        unsigned rs = xs(g);
        gen_emit(g, enc_r(F5_FMV_F << 2 | dbl, 0, rs, 0, f, OPC_OP_FP), 4, "fmv.%s.x f%u, x%u",
                 dbl ? "d" : "w", f, rs);
        gen_log_f(g, f);
        break;
    }
    }
}

/* ---- Zicsr (fflags, frm, fcsr only) and fences ----------------------------------------------- */

/* Keeps frm in 0..4: values written to frm are 0..4, values written to fcsr have frm 0..4
 * above any flags, set operations on frm and fcsr only set flag bits (or nothing), and clear
 * operations are free (clearing bits of 0..4 gives 0..4). Bits above fcsr[7:0] are
 * reserved, so no value written has them set. */
void gen_csr(struct gen *g)
{
    static const char *const csr_names[] = {"", "fflags", "frm", "fcsr"};
    static const char *const op_names[] = {"", "csrrw",  "csrrs",  "csrrc",
                                           "", "csrrwi", "csrrsi", "csrrci"};
    unsigned csr = 1 + below(g, 3), rd = xd(g);
    unsigned f3 = below(g, 2) ? 1 + below(g, 3) : 5 + below(g, 3);
    bool imm_form = f3 >= 5;
    unsigned kind = f3 & 3u; /* 1 write, 2 set, 3 clear */
    uint32_t value;          /* the register's value (made here) or the immediate */
    if (kind == 3)
        value = below(g, 32);
    else if (kind == 2)
        value = csr == CSR_FRM ? 0 : below(g, 32);
    else
        value = csr == CSR_FFLAGS ? below(g, 32)
                : csr == CSR_FRM  ? below(g, 5)
                                  : below(g, 5) << 5 | below(g, 32);
    if (imm_form && value > 31) { /* fcsr writes with frm bits need a register */
        imm_form = false;
        f3 -= 4;
    }
    if (imm_form) {
        gen_emit(g, enc_i((int32_t)csr, value, f3, rd, OPC_SYSTEM), 4, "%s x%u, %s, %u",
                 op_names[f3], rd, csr_names[csr], value);
        gen_log_x(g, rd);
        return;
    }
    unsigned rs;
    group_begin(g);
    if (kind == 3 && csr != CSR_FCSR && chance(g, 50)) {
        rs = xs(g); /* clearing with any value is safe; fflags ignores high bits */
    } else if (kind == 2 && value == 0) {
        rs = 0;
    } else {
        rs = xd_nz(g);
        gen_emit(g, enc_i((int32_t)value, 0, 0, rs, OPC_OP_IMM), 4, "addi x%u, x0, %u", rs, value);
        group_continue(g);
    }
    gen_emit(g, enc_i((int32_t)csr, rs, f3, rd, OPC_SYSTEM), 4, "%s x%u, %s, x%u", op_names[f3], rd,
             csr_names[csr], rs);
    group_end(g);
    gen_log_x(g, rd);
}

/* With frm holding a reserved value (5..7), instructions that do not read it (static rounding
 * modes, sign injection, min/max, compares) must work as usual; frm is made valid again in
 * the same group, so no dynamic-rounding instruction ever sees the bad value. */
void gen_bad_frm(struct gen *g)
{
    static const struct {
        const char *name;
        uint32_t f5;
        int f3; /* fixed funct3, or -1: a static rounding mode */
        bool int_rd;
    } ops[] = {
        {"fadd", 0x00, -1, false},  {"fmul", 0x02, -1, false}, {"fdiv", 0x03, -1, false},
        {"fsgnjn", 0x04, 1, false}, {"fmax", 0x05, 1, false},  {"flt", F5_FCMP, 1, true},
    };
    unsigned bad = 5 + below(g, 3), k = below(g, COUNT_OF(ops)), dbl = below(g, 2);
    unsigned rs1 = fr(g), rs2 = fr(g), rd = ops[k].int_rd ? xd(g) : fr(g), good = below(g, 5);
    unsigned f3 = ops[k].f3 >= 0 ? (unsigned)ops[k].f3 : below(g, 5);
    group_begin(g);
    gen_emit(g, enc_i(CSR_FRM, bad, 5, 0, OPC_SYSTEM), 4, "csrrwi x0, frm, %u (reserved)", bad);
    group_continue(g);
    gen_emit(g, enc_r(ops[k].f5 << 2 | dbl, rs2, rs1, f3, rd, OPC_OP_FP), 4,
             "%s.%s %s%u, f%u, f%u (funct3 %u)", ops[k].name, gen_fmt_names[dbl],
             ops[k].int_rd ? "x" : "f", rd, rs1, rs2, f3);
    gen_emit(g, enc_i(CSR_FRM, good, 5, 0, OPC_SYSTEM), 4, "csrrwi x0, frm, %u", good);
    group_end(g);
    if (ops[k].int_rd)
        gen_log_x(g, rd);
    else
        gen_log_f(g, rd);
    gen_log_flags(g);
}
