/*
 * tests/guest/fuzz/gen_int.c - generators for RV64I, M, A, C and control flow (see gen.h).
 *
 * Memory operands stay in the scratch area (sp/s0 plus any 12-bit offset, or a temporary
 * made from them in the same group); atomics use a few aligned slots around the page
 * boundary so that LRs, SCs and AMOs of one case meet; jumps go forward only.
 */
#include "gen.h"

/* ---- RV64I and M ----------------------------------------------------------------------------- */

void gen_alu_imm(struct gen *g)
{
    static const struct {
        const char *name;
        uint32_t f3, opc, hi; /* hi: funct6/7 above a shift amount */
        unsigned shift_bits;  /* 0: 12-bit immediate */
    } ops[] = {
        {"addi", 0, OPC_OP_IMM, 0, 0},        {"slti", 2, OPC_OP_IMM, 0, 0},
        {"sltiu", 3, OPC_OP_IMM, 0, 0},       {"xori", 4, OPC_OP_IMM, 0, 0},
        {"ori", 6, OPC_OP_IMM, 0, 0},         {"andi", 7, OPC_OP_IMM, 0, 0},
        {"slli", 1, OPC_OP_IMM, 0, 64},       {"srli", 5, OPC_OP_IMM, 0, 64},
        {"srai", 5, OPC_OP_IMM, 0x10, 64},    {"addiw", 0, OPC_OP_IMM32, 0, 0},
        {"slliw", 1, OPC_OP_IMM32, 0, 32},    {"srliw", 5, OPC_OP_IMM32, 0, 32},
        {"sraiw", 5, OPC_OP_IMM32, 0x20, 32},
    };
    unsigned k = below(g, COUNT_OF(ops)), rd = xd(g), rs1 = xs(g);
    int32_t imm;
    if (ops[k].shift_bits == 64)
        imm = (int32_t)(ops[k].hi << 6 | shamt(g, 64));
    else if (ops[k].shift_bits == 32)
        imm = (int32_t)(ops[k].hi << 5 | shamt(g, 32));
    else
        imm = imm12(g);
    int32_t shown = ops[k].shift_bits ? (imm & (int32_t)(ops[k].shift_bits - 1)) : imm;
    gen_emit(g, enc_i(imm, rs1, ops[k].f3, rd, ops[k].opc), 4, "%s x%u, x%u, %d", ops[k].name, rd,
             rs1, shown);
    gen_log_x(g, rd);
}

static const struct {
    const char *name;
    uint32_t f7, f3, opc;
} alu_reg_ops[] = {
    {"add", 0, 0, OPC_OP},     {"sub", 0x20, 0, OPC_OP},  {"sll", 0, 1, OPC_OP},
    {"slt", 0, 2, OPC_OP},     {"sltu", 0, 3, OPC_OP},    {"xor", 0, 4, OPC_OP},
    {"srl", 0, 5, OPC_OP},     {"sra", 0x20, 5, OPC_OP},  {"or", 0, 6, OPC_OP},
    {"and", 0, 7, OPC_OP},     {"addw", 0, 0, OPC_OP32},  {"subw", 0x20, 0, OPC_OP32},
    {"sllw", 0, 1, OPC_OP32},  {"srlw", 0, 5, OPC_OP32},  {"sraw", 0x20, 5, OPC_OP32},
    {"mul", 1, 0, OPC_OP},     {"mulh", 1, 1, OPC_OP},    {"mulhsu", 1, 2, OPC_OP},
    {"mulhu", 1, 3, OPC_OP},   {"div", 1, 4, OPC_OP},     {"divu", 1, 5, OPC_OP},
    {"rem", 1, 6, OPC_OP},     {"remu", 1, 7, OPC_OP},    {"mulw", 1, 0, OPC_OP32},
    {"divw", 1, 4, OPC_OP32},  {"divuw", 1, 5, OPC_OP32}, {"remw", 1, 6, OPC_OP32},
    {"remuw", 1, 7, OPC_OP32},
};
#define ALU_REG_FIRST_M 15u

static void emit_alu_reg(struct gen *g, unsigned k, unsigned rd, unsigned rs1, unsigned rs2)
{
    gen_emit(g, enc_r(alu_reg_ops[k].f7, rs2, rs1, alu_reg_ops[k].f3, rd, alu_reg_ops[k].opc), 4,
             "%s x%u, x%u, x%u", alu_reg_ops[k].name, rd, rs1, rs2);
}

void gen_alu_reg(struct gen *g)
{
    unsigned rd = xd(g);
    emit_alu_reg(g, below(g, ALU_REG_FIRST_M), rd, xs(g), xs(g));
    gen_log_x(g, rd);
}

/* M: operands are often fresh specials (0, -1, INT_MIN, ...), sometimes the same register. */
void gen_muldiv(struct gen *g)
{
    unsigned k = ALU_REG_FIRST_M + below(g, COUNT_OF(alu_reg_ops) - ALU_REG_FIRST_M);
    unsigned rs1 = chance(g, 50) ? gen_refresh_x(g) : xs(g);
    unsigned rs2 = chance(g, 50) ? gen_refresh_x(g) : chance(g, 10) ? rs1 : xs(g);
    unsigned rd = xd(g);
    emit_alu_reg(g, k, rd, rs1, rs2);
    gen_log_x(g, rd);
}

void gen_upper(struct gen *g)
{
    static const uint32_t edge[] = {0, 0x80000, 0xfffff, 0x7ffff, 1};
    uint32_t imm = chance(g, 30) ? edge[below(g, COUNT_OF(edge))] : below(g, 1u << 20);
    unsigned rd = xd(g);
    if (chance(g, 60))
        gen_emit(g, enc_u(imm, rd, OPC_LUI), 4, "lui x%u, 0x%x", rd, imm);
    else
        gen_emit(g, enc_u(imm, rd, OPC_AUIPC), 4, "auipc x%u, 0x%x", rd, imm);
    gen_log_x(g, rd);
}

/* ---- loads and stores ---------------------------------------------------------------------- */

void gen_load(struct gen *g)
{
    static const char *const names[] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"};
    unsigned f3 = below(g, COUNT_OF(names)), rd = xd(g), base;
    int32_t off;
    gen_mem_operand(g, &base, &off);
    gen_emit(g, enc_i(off, base, f3, rd, OPC_LOAD), 4, "%s x%u, %d(x%u)", names[f3], rd, off, base);
    gen_log_x(g, rd);
}

void gen_store(struct gen *g)
{
    static const char *const names[] = {"sb", "sh", "sw", "sd"};
    unsigned f3 = below(g, COUNT_OF(names)), rs2 = xs(g), base;
    int32_t off;
    gen_mem_operand(g, &base, &off);
    gen_emit(g, enc_s(off, rs2, base, f3, OPC_STORE), 4, "%s x%u, %d(x%u)", names[f3], rs2, off,
             base);
}

void gen_fp_mem(struct gen *g)
{
    unsigned dbl = below(g, 2), f = fr(g), base;
    int32_t off;
    gen_mem_operand(g, &base, &off);
    if (chance(g, 50)) {
        gen_emit(g, enc_i(off, base, 2 + dbl, f, OPC_LOAD_FP), 4, "fl%s f%u, %d(x%u)",
                 dbl ? "d" : "w", f, off, base);
        gen_log_f(g, f);
    } else {
        gen_emit(g, enc_s(off, f, base, 2 + dbl, OPC_STORE_FP), 4, "fs%s f%u, %d(x%u)",
                 dbl ? "d" : "w", f, off, base);
    }
}

/* ---- A --------------------------------------------------------------------------------------- */

/* "addi t, sp|s0, off" with off aligned to `size`, chosen from a few slots around the page
 * boundary so that AMOs, LRs and SCs of one case meet at the same addresses. */
static unsigned atomic_address(struct gen *g, unsigned size)
{
    unsigned t = xd_nz(g), base = chance(g, 50) ? FZ_REG_SP : FZ_REG_S0;
    int32_t to_mid = (int32_t)(FZ_SCRATCH_MID - (base == FZ_REG_SP ? FZ_SP_VALUE : FZ_S0_VALUE));
    int32_t off = to_mid + ((int32_t)below(g, 8) - 4) * (int32_t)size;
    gen_emit(g, enc_i(off, base, 0, t, OPC_OP_IMM), 4, "addi x%u, x%u, %d", t, base, off);
    return t;
}

void gen_emit_amo(struct gen *g, uint32_t f5, const char *name, unsigned dbl, unsigned rd,
                  unsigned rs2, unsigned addr)
{
    unsigned aq = below(g, 2), rl = below(g, 2);
    gen_emit(g, enc_r(f5 << 2 | aq << 1 | rl, rs2, addr, 2 + dbl, rd, OPC_AMO), 4,
             "%s.%s%s%s x%u, x%u, (x%u)", name, dbl ? "d" : "w", aq ? ".aq" : "", rl ? ".rl" : "",
             rd, rs2, addr);
}

void gen_amo(struct gen *g)
{
    static const struct {
        const char *name;
        uint32_t f5;
    } ops[] = {
        {"amoswap", 0x01}, {"amoadd", 0x00}, {"amoxor", 0x04},  {"amoand", 0x0c},  {"amoor", 0x08},
        {"amomin", 0x10},  {"amomax", 0x14}, {"amominu", 0x18}, {"amomaxu", 0x1c},
    };
    unsigned k = below(g, COUNT_OF(ops)), dbl = below(g, 2);
    unsigned rs2 = chance(g, 30) ? gen_refresh_x(g) : xs(g); /* before the address is made */
    group_begin(g);
    unsigned addr = atomic_address(g, dbl ? 8 : 4);
    group_continue(g);
    unsigned rd = xd(g);
    gen_emit_amo(g, ops[k].f5, ops[k].name, dbl, rd, rs2, addr);
    group_end(g);
    gen_log_x(g, rd);
}

/* An LR/SC pair (sometimes with the SC aimed elsewhere, which must fail), or a lone LR or SC
 * whose partner may come later at the same slot. Same-size pairs only: LR and SC of
 * different sizes are not specified to succeed or fail. Nothing but register ALU work sits
 * between a pair's LR and SC: a store of this hart to the reservation set in between is
 * allowed to make the SC fail or not. */
void gen_lrsc(struct gen *g)
{
    unsigned kind = below(g, 4); /* 0, 1: pair; 2: lone LR; 3: lone SC */
    unsigned dbl = kind >= 2 ? g->lrsc_wide : below(g, 2), size = dbl ? 8 : 4;
    unsigned lr_rd = 0, sc_rd = 0;
    group_begin(g);
    unsigned addr = atomic_address(g, size);
    group_continue(g);
    if (kind != 3) {
        lr_rd = xd(g);
        while (lr_rd == addr)
            lr_rd = xd(g);
        gen_emit_amo(g, AMO_LR, "lr", dbl, lr_rd, 0, addr);
    }
    if (kind <= 1) {
        for (unsigned n = below(g, 3); n > 0; n--) {
            unsigned rd = xd(g);
            if (rd != addr)
                emit_alu_reg(g, below(g, ALU_REG_FIRST_M), rd, xs(g), xs(g));
        }
        if (chance(g, 15))
            addr = atomic_address(g, size);
    }
    if (kind != 2) {
        sc_rd = xd(g);
        gen_emit_amo(g, AMO_SC, "sc", dbl, sc_rd, xs(g), addr);
    }
    group_end(g);
    if (kind != 3)
        gen_log_x(g, lr_rd); /* may have been overwritten in between: still deterministic */
    if (kind != 2)
        gen_log_x(g, sc_rd);
}

/* FENCE's rs1, rd and reserved fm/pred/succ combinations, and FENCE.I's imm, rs1 and rd,
 * must be ignored by implementations (unprivileged spec, "Memory Ordering Instructions" and
 * "Zifencei"), so they are sometimes set. */
void gen_fence(struct gen *g)
{
    bool odd = chance(g, 20);
    unsigned rd = odd ? below(g, 32) : 0, rs1 = odd ? below(g, 32) : 0;
    if (chance(g, 30)) {
        int32_t imm = odd ? (int32_t)below(g, 4096) - 2048 : 0;
        gen_emit(g, enc_i(imm, rs1, 1, rd, OPC_MISC_MEM), 4, "fence.i (imm %d, x%u, x%u)", imm, rs1,
                 rd);
        return;
    }
    uint32_t fm_pred_succ = chance(g, 10) ? 0x833u : below(g, 256);
    if (odd)
        fm_pred_succ |= below(g, 16) << 8;
    gen_emit(g, enc_i((int32_t)fm_pred_succ, rs1, 0, rd, OPC_MISC_MEM), 4,
             "fence 0x%03x (x%u, x%u)", fm_pred_succ, rs1, rd);
}

/* ---- control flow ------------------------------------------------------------------------------
 */

void gen_branch(struct gen *g)
{
    static const char *const b_names[8] = {"beq", "bne", "", "", "blt", "bge", "bltu", "bgeu"};
    static const uint32_t b_f3[] = {0, 1, 4, 5, 6, 7};
    unsigned pick = below(g, 10);
    if (pick < 4) {
        uint32_t f3 = b_f3[below(g, COUNT_OF(b_f3))];
        unsigned rs1 = xs(g), rs2 = chance(g, 10) ? rs1 : xs(g);
        struct fz_item *it =
            gen_emit(g, enc_b(0, rs2, rs1, f3), 4, "%s x%u, x%u", b_names[f3], rs1, rs2);
        gen_set_target(g, it, FZ_FIX_BRANCH);
    } else if (pick < 5) {
        unsigned rd = xd(g);
        gen_set_target(g, gen_emit(g, enc_j(0, rd), 4, "jal x%u", rd), FZ_FIX_JAL);
    } else if (pick < 6) {
        gen_set_target(g, gen_emit(g, enc_c_j(0), 2, "c.j"), FZ_FIX_CJ);
    } else if (pick < 8) {
        unsigned f3 = 6 + below(g, 2), rs = cxs(g);
        gen_set_target(
            g, gen_emit(g, enc_c_branch(f3, 0, rs), 2, "c.%s x%u", f3 == 6 ? "beqz" : "bnez", rs),
            FZ_FIX_CBRANCH);
    } else {
        /* Computed jumps: auipc t, 0 then jalr/c.jr/c.jalr to a forward item; an odd offset
         * checks that jalr clears bit 0 of the target. */
        unsigned t = xd_nz(g), anchor = g->c->count;
        group_begin(g);
        gen_emit(g, enc_u(0, t, OPC_AUIPC), 4, "auipc x%u, 0", t);
        group_continue(g);
        struct fz_item *it;
        if (pick == 8) {
            unsigned rd = xd(g);
            it = gen_emit(g, enc_i(0, t, 0, rd, OPC_JALR), 4, "jalr x%u, (x%u) [computed]", rd, t);
        } else {
            /* Indices, not pointers: emitting the jump may move the item array. */
            uint32_t addi = g->c->count;
            gen_emit(g, enc_i(0, t, 0, t, OPC_OP_IMM), 4, "addi x%u, x%u, [computed]", t, t);
            bool link = chance(g, 50);
            gen_emit(g, enc_cr(link, t, 0), 2, "c.%s x%u", link ? "jalr" : "jr", t);
            if (g->oom)
                return;
            it = &g->c->item[addi];
            it->fix = FZ_FIX_ANCHORED;
            it->anchor = anchor;
            it->bias = (int8_t)below(g, 2);
            it->target = g->c->count + below(g, MAX_FORWARD_ITEMS);
            group_end(g);
            return;
        }
        it->fix = FZ_FIX_ANCHORED;
        it->anchor = anchor;
        it->bias = (int8_t)below(g, 2);
        it->target = g->c->count + below(g, MAX_FORWARD_ITEMS);
        group_end(g);
    }
}

/* ---- C -----------------------------------------------------------------------------------------
 */

/* Base for a compressed load/store: s0 (aligned) or, in a group, a temporary x9..x15 set to
 * an arbitrary (often misaligned) scratch address. */
static unsigned c_base(struct gen *g)
{
    if (chance(g, 60))
        return FZ_REG_S0;
    unsigned t = cxd(g), base = chance(g, 50) ? FZ_REG_SP : FZ_REG_S0;
    int32_t off = (int32_t)below(g, 1024) - 512;
    gen_emit(g, enc_i(off, base, 0, t, OPC_OP_IMM), 4, "addi x%u, x%u, %d", t, base, off);
    group_continue(g);
    return t;
}

void gen_c_mem(struct gen *g)
{
    static const char *const names[8] = {"", "fld", "lw", "ld", "", "fsd", "sw", "sd"};
    static const uint32_t f3s[] = {1, 2, 3, 5, 6, 7};
    uint32_t f3 = f3s[below(g, COUNT_OF(f3s))];
    bool fp = f3 == 1 || f3 == 5, word = f3 == 2 || f3 == 6, store = f3 >= 5;
    group_begin(g);
    unsigned base = c_base(g);
    uint32_t uimm = word ? below(g, 32) * 4 : below(g, 32) * 8;
    unsigned r = fp ? cfr(g) : store ? cxs(g) : cxd(g);
    uint16_t bits = word ? enc_cl_w(f3, uimm, base, r) : enc_cl_d(f3, uimm, base, r);
    gen_emit(g, bits, 2, "c.%s %s%u, %u(x%u)", names[f3], fp ? "f" : "x", r, uimm, base);
    group_end(g);
    if (!store)
        gen_log_maybe(g, r, fp);
}

void gen_c_sp_mem(struct gen *g)
{
    unsigned pick = below(g, 6);
    uint32_t uimm8 = below(g, 64) * 8, uimm4 = below(g, 64) * 4;
    if (pick == 0) {
        unsigned f = fr(g);
        gen_emit(g, enc_c_ldsp(1, uimm8, f), 2, "c.fldsp f%u, %u(sp)", f, uimm8);
        gen_log_f(g, f);
    } else if (pick == 1) {
        unsigned rd = xd_nz(g);
        gen_emit(g, enc_c_lwsp(uimm4, rd), 2, "c.lwsp x%u, %u(sp)", rd, uimm4);
        gen_log_x(g, rd);
    } else if (pick == 2) {
        unsigned rd = xd_nz(g);
        gen_emit(g, enc_c_ldsp(3, uimm8, rd), 2, "c.ldsp x%u, %u(sp)", rd, uimm8);
        gen_log_x(g, rd);
    } else if (pick == 3) {
        unsigned f = fr(g);
        gen_emit(g, enc_c_sdsp(5, uimm8, f), 2, "c.fsdsp f%u, %u(sp)", f, uimm8);
    } else if (pick == 4) {
        unsigned rs = xs(g);
        gen_emit(g, enc_c_swsp(uimm4, rs), 2, "c.swsp x%u, %u(sp)", rs, uimm4);
    } else {
        unsigned rs = xs(g);
        gen_emit(g, enc_c_sdsp(7, uimm8, rs), 2, "c.sdsp x%u, %u(sp)", rs, uimm8);
    }
}

/* c.addi16sp moves sp; it is paired with the opposite move, with sp-relative accesses in
 * between, so sp is back to its value before anything else runs (the group is atomic). */
void gen_c_addi16sp(struct gen *g)
{
    int32_t imm = ((int32_t)below(g, 31) + 1) * 16; /* 16..496: its negation is encodable */
    if (chance(g, 50))
        imm = -imm;
    group_begin(g);
    gen_emit(g, enc_c_addi16sp(imm), 2, "c.addi16sp sp, %d", imm);
    group_continue(g);
    for (unsigned n = below(g, 3); n > 0; n--) {
        if (chance(g, 60))
            gen_c_sp_mem(g);
        else if (chance(g, 50))
            gen_load(g);
        else
            gen_store(g);
    }
    gen_emit(g, enc_c_addi16sp(-imm), 2, "c.addi16sp sp, %d", -imm);
    group_end(g);
}

void gen_c_alu(struct gen *g)
{
    unsigned pick = below(g, 14);
    int32_t imm = imm6(g);
    uint32_t imm_bits = (uint32_t)imm & 0x3fu;
    unsigned out = 0; /* the destination, for the log */
    switch (pick) {
    case 0: {
        unsigned rd = cxd(g);
        uint32_t uimm = (1 + below(g, 255)) * 4;
        gen_emit(g, enc_c_addi4spn(uimm, rd), 2, "c.addi4spn x%u, sp, %u", rd, uimm);
        out = rd;
        break;
    }
    case 1: {
        unsigned rd = xd_nz(g);
        if (imm == 0)
            imm_bits = 1, imm = 1;
        gen_emit(g, enc_ci(0, imm_bits, rd, 1), 2, "c.addi x%u, %d", rd, imm);
        out = rd;
        break;
    }
    case 2: {
        unsigned rd = xd_nz(g);
        gen_emit(g, enc_ci(1, imm_bits, rd, 1), 2, "c.addiw x%u, %d", rd, imm);
        out = rd;
        break;
    }
    case 3: {
        unsigned rd = xd_nz(g);
        gen_emit(g, enc_ci(2, imm_bits, rd, 1), 2, "c.li x%u, %d", rd, imm);
        out = rd;
        break;
    }
    case 4: {
        unsigned rd = xd_nz(g);
        if (imm == 0)
            imm_bits = 0x20, imm = -32;
        gen_emit(g, enc_ci(3, imm_bits, rd, 1), 2, "c.lui x%u, %d", rd, imm);
        out = rd;
        break;
    }
    case 5:
    case 6: { /* c.srli, c.srai: shamt 1..63 (0 is a hint) */
        unsigned rd = cxd(g), sh = 1 + below(g, 63);
        gen_emit(g, enc_cb_alu(pick - 5, sh, rd), 2, "c.%s x%u, %u", pick == 5 ? "srli" : "srai",
                 rd, sh);
        out = rd;
        break;
    }
    case 7: {
        unsigned rd = cxd(g);
        gen_emit(g, enc_cb_alu(2, imm_bits, rd), 2, "c.andi x%u, %d", rd, imm);
        out = rd;
        break;
    }
    case 8:
    case 9: { /* c.sub/xor/or/and, c.subw/addw */
        static const char *const names[2][4] = {{"sub", "xor", "or", "and"},
                                                {"subw", "addw", "", ""}};
        unsigned word = pick - 8, f2 = below(g, word ? 2 : 4), rd = cxd(g), rs = cxs(g);
        gen_emit(g, enc_ca(word, f2, rd, rs), 2, "c.%s x%u, x%u", names[word][f2], rd, rs);
        out = rd;
        break;
    }
    case 10: { /* c.slli: shamt 1..63 */
        unsigned rd = xd_nz(g), sh = 1 + below(g, 63);
        gen_emit(g, enc_ci(0, sh, rd, 2), 2, "c.slli x%u, %u", rd, sh);
        out = rd;
        break;
    }
    case 11: {
        unsigned rd = xd_nz(g), rs = xs_nz(g);
        gen_emit(g, enc_cr(0, rd, rs), 2, "c.mv x%u, x%u", rd, rs);
        out = rd;
        break;
    }
    case 12: {
        unsigned rd = xd_nz(g), rs = xs_nz(g);
        gen_emit(g, enc_cr(1, rd, rs), 2, "c.add x%u, x%u", rd, rs);
        out = rd;
        break;
    }
    default:
        gen_emit(g, C_NOP_BITS, 2, "c.nop");
        break;
    }
    if (out)
        gen_log_x(g, out);
}

/* HINTs (unprivileged spec, "HINT Instructions"): encodings that must execute as no-ops. */
void gen_hint(struct gen *g)
{
    unsigned pick = below(g, 7), rs = xs_nz(g);
    uint32_t imm_bits = (uint32_t)imm6(g) & 0x3fu;
    switch (pick) {
    case 0:
        gen_emit(g, enc_ci(2, imm_bits, 0, 1), 2, "c.li x0, (hint)");
        break;
    case 1:
        gen_emit(g, enc_ci(0, imm_bits | 1u, 0, 1), 2, "c.nop (hint, nzimm)");
        break;
    case 2:
        gen_emit(g, enc_cr(0, 0, rs), 2, "c.mv x0, x%u (hint)", rs);
        break;
    case 3:
        gen_emit(g, enc_cr(1, 0, rs), 2, "c.add x0, x%u (hint)", rs);
        break;
    case 4: {
        unsigned rd = xd_nz(g);
        gen_emit(g, enc_ci(0, 0, rd, 1), 2, "c.addi x%u, 0 (hint)", rd);
        break;
    }
    case 5:
        gen_emit(g, enc_i(imm12(g), xs(g), below(g, 2) ? 0 : 2 + below(g, 2), 0, OPC_OP_IMM), 4,
                 "addi/slti(u) x0 (hint)");
        break;
    default:
        gen_emit(g, enc_u(below(g, 1u << 20), 0, OPC_LUI), 4, "lui x0 (hint)");
        break;
    }
}
