/*
 * tests/guest/fuzz/gen_trap.c - the instruction planted in a trap case (see gen.h).
 *
 * Each must stop the program with a known class of trap on both sides: reserved encodings
 * and privileged instructions (illegal instruction), ebreak (breakpoint), accesses outside
 * the program's mappings or against their permissions (fault), misaligned atomics.
 */
#include "gen.h"

/* ---- trap cases -------------------------------------------------------------------------------
 */

#define UNMAPPED_HIGH_PAGE 0x40000u /* lui immediate: 1 GiB, far from every segment */
#define CSR_MSTATUS        0x300u
#define CSR_CYCLE          0xc00u
#define CSR_INSTRET        0xc02u
#define MRET_BITS          0x30200073u
#define SRET_BITS          0x10200073u
#define SFENCE_VMA_BITS    0x12000073u
#define EBREAK_BITS        0x00100073u
#define C_EBREAK_BITS      0x9002u
#define FMT_Q              3u

/* One instruction (or a short group) that must trap, and the class of trap it must give.
 * The reserved encodings are reserved in every extension qemu enables by default too (its
 * rv64 CPU also has Zb*, Zicbo*, ...): those encodings must not be used here. */
enum fz_trap gen_trap(struct gen *g)
{
    unsigned pick = below(g, 32), rd = xd_nz(g), t = xd_nz(g), f = fr(g);
    switch (pick) {
    case 0:
        gen_emit(g, 0x0000u, 2, "c.unimp (all zeros, illegal)");
        return FZ_TRAP_ILLEGAL;
    case 1:
        gen_emit(g, 0xffffffffu, 4, "all ones (illegal)");
        return FZ_TRAP_ILLEGAL;
    case 2:
        gen_emit(g, 0x0004u, 2, "c.addi4spn x9, sp, 0 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 3:
        gen_emit(g, 0x6101u, 2, "c.addi16sp sp, 0 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 4:
        gen_emit(g, 0x6281u, 2, "c.lui x5, 0 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 5:
        gen_emit(g, 0x4002u, 2, "c.lwsp x0, 0(sp) (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 6:
        gen_emit(g, 0x6002u, 2, "c.ldsp x0, 0(sp) (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 7:
        gen_emit(g, 0x8002u, 2, "c.jr x0 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 8: {
        unsigned mode = 5 + below(g, 2), dbl = below(g, 2);
        gen_emit(g, enc_r(0x00u << 2 | dbl, fr(g), fr(g), mode, f, OPC_OP_FP), 4,
                 "fadd.%s f%u, rm=%u (reserved rounding mode)", gen_fmt_names[dbl], f, mode);
        return FZ_TRAP_ILLEGAL;
    }
    case 9: {
        unsigned frm = 5 + below(g, 3), dbl = below(g, 2);
        group_begin(g);
        gen_emit(g, enc_i(CSR_FRM, frm, 5, 0, OPC_SYSTEM), 4, "csrrwi x0, frm, %u (invalid)", frm);
        group_continue(g);
        gen_emit(g, enc_r4(fr(g), dbl, fr(g), fr(g), 7, f, OPC_FMADD), 4,
                 "fmadd.%s f%u, dyn (frm invalid)", gen_fmt_names[dbl], f);
        return FZ_TRAP_ILLEGAL;
    }
    case 10:
        gen_emit(g, enc_i(CSR_MSTATUS, 0, 2, rd, OPC_SYSTEM), 4, "csrrs x%u, mstatus, x0", rd);
        return FZ_TRAP_ILLEGAL;
    case 11:
        gen_emit(g, enc_i(CSR_CYCLE, t, 1, 0, OPC_SYSTEM), 4, "csrrw x0, cycle, x%u (read-only)",
                 t);
        return FZ_TRAP_ILLEGAL;
    case 12:
        gen_emit(g, enc_i(CSR_INSTRET, 1, 6, rd, OPC_SYSTEM), 4,
                 "csrrsi x%u, instret, 1 (read-only)", rd);
        return FZ_TRAP_ILLEGAL;
    case 13:
        gen_emit(g, MRET_BITS, 4, "mret");
        return FZ_TRAP_ILLEGAL;
    case 14:
        gen_emit(g, SRET_BITS, 4, "sret");
        return FZ_TRAP_ILLEGAL;
    case 15:
        gen_emit(g, SFENCE_VMA_BITS, 4, "sfence.vma");
        return FZ_TRAP_ILLEGAL;
    case 16:
        gen_emit(g, EBREAK_BITS, 4, "ebreak");
        return FZ_TRAP_BREAK;
    case 17:
        gen_emit(g, C_EBREAK_BITS, 2, "c.ebreak");
        return FZ_TRAP_BREAK;
    case 18:
        gen_emit(g, enc_i(1 << 10 | (int32_t)below(g, 64), xs(g), 1, rd, OPC_OP_IMM), 4,
                 "slli with funct6 1 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 19:
        gen_emit(g, enc_i(1 << 5 | (int32_t)below(g, 32), xs(g), 1, rd, OPC_OP_IMM32), 4,
                 "slliw with shamt[5] set (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 20:
        gen_emit(g, enc_r(0x02u, xs(g), xs(g), 0, rd, OPC_OP), 4, "OP funct7 2 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 21:
        gen_emit(g, enc_r(0x0bu << 2 | 1u, 1, fr(g), 0, f, OPC_OP_FP), 4,
                 "fsqrt.d rs2=1 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 22:
        gen_emit(g, enc_r(F5_FCVT_IF << 2 | 1u, 5, fr(g), 1, rd, OPC_OP_FP), 4,
                 "fcvt.?.d rs2=5 (reserved)");
        return FZ_TRAP_ILLEGAL;
    case 23:
        gen_emit(g, enc_r(0x00u << 2 | FMT_Q, fr(g), fr(g), 0, f, OPC_OP_FP), 4, "fadd.q (no Q)");
        return FZ_TRAP_ILLEGAL;
    case 24:
    case 25:
    case 26: { /* misaligned amo or lr */
        unsigned dbl = below(g, 2), size = dbl ? 8 : 4;
        int32_t off = (int32_t)(FZ_SCRATCH_MID - FZ_SP_VALUE) + 1 + (int32_t)below(g, size - 1);
        group_begin(g);
        gen_emit(g, enc_i(off, FZ_REG_SP, 0, t, OPC_OP_IMM), 4, "addi x%u, sp, %d (misaligned)", t,
                 off);
        group_continue(g);
        if (pick == 24)
            gen_emit_amo(g, 0x00, "amoadd", dbl, rd, xs(g), t);
        else if (pick == 25)
            gen_emit_amo(g, AMO_LR, "lr", dbl, rd, 0, t);
        else /* not sc: qemu fails an SC without a reservation before checking alignment,
              * where the spec (A, "Load-Reserved/Store-Conditional") wants the exception */
            gen_emit_amo(g, 0x01, "amoswap", dbl, rd, xs(g), t);
        return FZ_TRAP_ALIGN;
    }
    case 27:
        gen_emit(g, enc_i(0, 0, 3, rd, OPC_LOAD), 4, "ld x%u, 0(x0) (unmapped)", rd);
        return FZ_TRAP_FAULT;
    case 28:
        group_begin(g);
        gen_emit(g, enc_u(UNMAPPED_HIGH_PAGE, t, OPC_LUI), 4, "lui x%u, 0x%x (unmapped)", t,
                 UNMAPPED_HIGH_PAGE);
        group_continue(g);
        gen_emit(g, enc_s(0, xs(g), t, 2, OPC_STORE), 4, "sw to x%u (unmapped)", t);
        return FZ_TRAP_FAULT;
    case 29:
        group_begin(g);
        gen_emit(g, enc_u(0, t, OPC_AUIPC), 4, "auipc x%u, 0", t);
        group_continue(g);
        gen_emit(g, enc_s(0, xs(g), t, 3, OPC_STORE), 4, "sd to x%u (code: not writable)", t);
        return FZ_TRAP_FAULT;
    case 30:
        group_begin(g);
        gen_emit(g, enc_u((uint32_t)(FZ_DATA_VA >> 12), t, OPC_LUI), 4, "lui x%u, data page", t);
        group_continue(g);
        gen_emit(g, enc_i(0, t, 0, 0, OPC_JALR), 4, "jalr x0, (x%u) (data: not executable)", t);
        return FZ_TRAP_FAULT;
    default:
        gen_emit(g, enc_r(AMO_LR << 2, 1 + below(g, 31), t, 2 + below(g, 2), rd, OPC_AMO), 4,
                 "lr with rs2 != 0 (reserved)");
        return FZ_TRAP_ILLEGAL;
    }
}
