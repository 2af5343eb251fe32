/*
 * tests/guest/isa/rv64i_alu.S - RV64I integer computational instructions (unprivileged spec
 * chapter "RV32I Base Integer Instruction Set" §2.4 and "RV64I" §4.2).
 *
 * Values sit at the edges: sign bit set, shifts by 0 and by the largest amount, shift amounts
 * whose upper bits must be ignored, and the *W forms whose 32-bit results are sign-extended
 * to 64 bits. A few checks use rd == rs1 (TEST_RR_SAME) and x0 as a source or destination.
 */
#include "isa.h"

ISA_PROGRAM rv64i_alu

    /* add/sub wrap modulo 2^64 */
    TEST_RR add_small, add, 5, 2, 3
    TEST_RR add_negative, add, -1, 1, -2
    TEST_RR add_wraps, add, 0x8000000000000000, 0x7fffffffffffffff, 1
    TEST_RR add_carry_out_dropped, add, 0, 0xffffffffffffffff, 1
    TEST_RR_SAME add_rd_is_rs1, add, 0x300000003, 0x100000001, 0x200000002
    TEST_RR sub_small, sub, -1, 2, 3
    TEST_RR sub_wraps, sub, 0x7fffffffffffffff, 0x8000000000000000, 1
    TEST_RR_SAME sub_rd_is_rs1, sub, 0xfffffffffffffffe, 1, 3

    /* addi: 12-bit immediates, sign-extended */
    TEST_RI addi_positive_max, addi, 0x800, 1, 2047
    TEST_RI addi_negative_min, addi, -2047, 1, -2048
    TEST_RI addi_wraps, addi, 0x8000000000000000, 0x7fffffffffffffff, 1

    /* logic */
    TEST_RR and_reg, and, 0x0f00f000, 0x0ff0ff00, 0xff00f0f0
    TEST_RR or_reg, or, 0xfff0fff0, 0x0ff0ff00, 0xff00f0f0
    TEST_RR xor_reg, xor, 0xf0f00ff0, 0x0ff0ff00, 0xff00f0f0
    TEST_RI andi_negative_imm_keeps_upper, andi, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0f, -16
    TEST_RI andi_positive_imm, andi, 0x70f, 0xff00ff00ff00ff0f, 0x7ff
    TEST_RI ori_negative_imm, ori, 0xfffffffffffff801, 1, -2047
    TEST_RI xori_minus_one_is_not, xori, 0xedcba9876543210f, 0x123456789abcdef0, -1
    TEST_RI xori_positive_imm, xori, 0x123456789abcd90f, 0x123456789abcdef0, 0x7ff

    /* set-less-than: signed and unsigned views of the same bits */
    TEST_RR slt_less, slt, 1, -1, 1
    TEST_RR slt_not_less, slt, 0, 1, -1
    TEST_RR slt_equal, slt, 0, 7, 7
    TEST_RR sltu_less, sltu, 1, 1, -1
    TEST_RR sltu_not_less, sltu, 0, -1, 1
    TEST_RI slti_negative_imm, slti, 1, -2049, -2048
    TEST_RI slti_not_less, slti, 0, -2048, -2048
    /* sltiu sign-extends the immediate and then compares unsigned: -1 is 2^64-1 */
    TEST_RI sltiu_imm_minus_one_is_max, sltiu, 1, 0xfffffffffffffffe, -1
    TEST_RI seqz_of_zero, sltiu, 1, 0, 1
    TEST_RI seqz_of_nonzero, sltiu, 0, 0x8000000000000000, 1

    /* 64-bit shifts use shamt[5:0] from the register, ignoring bits above */
    TEST_RR sll_by_0, sll, 0x8000000000000001, 0x8000000000000001, 0
    TEST_RR sll_by_63, sll, 0x8000000000000000, 1, 63
    TEST_RR sll_amount_masked, sll, 0x2, 1, 65
    TEST_RR srl_by_63, srl, 1, 0x8000000000000000, 63
    TEST_RR srl_amount_masked, srl, 0x4000000000000000, 0x8000000000000000, 0xffffffffffffffc1
    TEST_RR sra_by_63, sra, -1, 0x8000000000000000, 63
    TEST_RR sra_positive, sra, 0x0000000012345678, 0x1234567800000000, 32
    TEST_RR sra_amount_masked, sra, 0xc000000000000000, 0x8000000000000000, 0x41
    TEST_RI slli_by_63, slli, 0x8000000000000000, 3, 63
    TEST_RI srli_by_1, srli, 0x7fffffffffffffff, -1, 1
    TEST_RI srai_by_4, srai, 0xf800000000000000, 0x8000000000000000, 4
    TEST_RI srai_by_0, srai, 0x8000000000000000, 0x8000000000000000, 0

    /* W forms: operate on the low 32 bits, sign-extend the 32-bit result */
    TEST_RR addw_sign_extends, addw, 0xffffffff80000000, 0x7fffffff, 1
    TEST_RR addw_ignores_upper, addw, 3, 0x1234567800000001, 0x8765432100000002
    TEST_RR subw_sign_extends, subw, 0xffffffffffffffff, 0, 1
    TEST_RR subw_wraps, subw, 0x7fffffff, 0x80000000, 1
    TEST_RI addiw_sign_extends, addiw, 0xffffffff80000000, 0x7fffffff, 1
    TEST_RI addiw_zero_is_sext_w, addiw, 0xffffffff89abcdef, 0x0123456789abcdef, 0
    TEST_RI addiw_negative, addiw, 0xfffffffffffff800, 0, -2048
    /* sllw/srlw/sraw use shamt[4:0] only */
    TEST_RR sllw_to_sign_bit, sllw, 0xffffffff80000000, 1, 31
    TEST_RR sllw_amount_masked, sllw, 2, 1, 33
    TEST_RR sllw_drops_upper, sllw, 0x00000000, 0xffffffff00000000, 4
    TEST_RR srlw_by_0_sign_extends, srlw, 0xffffffff80000000, 0x80000000, 0
    TEST_RR srlw_zero_fills, srlw, 0x40000000, 0xffffffff80000000, 1
    TEST_RR srlw_ignores_upper, srlw, 1, 0xffffffff00000002, 1
    TEST_RR sraw_sign_fills, sraw, 0xffffffffc0000000, 0x80000000, 1
    TEST_RR sraw_by_31, sraw, -1, 0x80000000, 31
    TEST_RR sraw_amount_masked, sraw, 0xffffffffe0000000, 0x80000000, 0x22
    TEST_RI slliw_sign_extends, slliw, 0xffffffff80000000, 0x00000001, 31
    TEST_RI srliw_zero_fills, srliw, 1, 0xffffffff80000000, 31
    TEST_RI srliw_by_0_sign_extends, srliw, 0xffffffff80000000, 0x80000000, 0
    TEST_RI sraiw_sign_fills, sraiw, 0xffffffffff000000, 0x80000000, 7
    TEST_RI sraiw_positive, sraiw, 0x00000000007fffff, 0x7fffffff, 8

    /* x0 reads as zero and writes to it are ignored */
    li t0, 123
    add t2, x0, t0
    CHECK add_x0_source, t2, 123
    add x0, t0, t0
    addi x0, x0, 5
    CHECK x0_after_writes_is_zero, x0, 0
    mv t2, x0
    CHECK mv_from_x0, t2, 0

ISA_END
