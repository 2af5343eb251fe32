/*
 * tests/guest/isa/rv64m.S - the M extension on RV64 (unprivileged spec chapter "M Standard
 * Extension for Integer Multiplication and Division").
 *
 * The high-half multiplies are checked with operands whose signedness changes the answer.
 * Division follows the spec's table "Semantics for division by zero and division overflow":
 * x/0 gives all ones (div, divu), x%0 gives x; INT_MIN/-1 gives INT_MIN and remainder 0; none
 * of these traps. The W forms use the low 32 bits of each operand and sign-extend the 32-bit
 * result, even for divuw and remuw.
 */
#include "isa.h"

#define INT64_MIN 0x8000000000000000
#define INT32_MIN_SEXT 0xffffffff80000000

ISA_PROGRAM rv64m

    /* mul: low 64 bits of the product */
    TEST_RR mul_small, mul, 42, 6, 7
    TEST_RR mul_negative, mul, 0xffffffffffffffeb, 3, -7
    TEST_RR mul_wraps, mul, 0x200000001, 0x100000001, 0x100000001
    TEST_RR_SAME mul_rd_is_rs1, mul, 0xfffffffffffffffe, -1, 2

    /* mulh: high 64 bits of signed x signed */
    TEST_RR mulh_minus1_squared, mulh, 0, -1, -1
    TEST_RR mulh_min_squared, mulh, 0x4000000000000000, INT64_MIN, INT64_MIN
    TEST_RR mulh_min_times_1, mulh, 0xffffffffffffffff, INT64_MIN, 1
    TEST_RR mulh_max_squared, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff
    TEST_RR mulh_negative_positive, mulh, 0xfffffffffffffffe, -3, 0x7fffffffffffffff

    /* mulhu: unsigned x unsigned */
    TEST_RR mulhu_max_squared, mulhu, 0xfffffffffffffffe, -1, -1
    TEST_RR mulhu_carry_into_high, mulhu, 1, INT64_MIN, 2
    TEST_RR mulhu_small, mulhu, 0, 0xffffffff, 0xffffffff

    /* mulhsu: rs1 signed x rs2 unsigned */
    TEST_RR mulhsu_minus1_times_max, mulhsu, 0xffffffffffffffff, -1, -1
    TEST_RR mulhsu_minus2_times_max, mulhsu, 0xfffffffffffffffe, -2, -1
    TEST_RR mulhsu_2_times_max, mulhsu, 1, 2, -1
    TEST_RR mulhsu_min_times_2_63, mulhsu, 0xc000000000000000, INT64_MIN, INT64_MIN

    /* mulw: low 32 bits of the product of the low 32 bits, sign-extended */
    TEST_RR mulw_sign_extends, mulw, 0xfffffffffffffffe, 0x7fffffff, 2
    TEST_RR mulw_ignores_upper, mulw, 15, 0xffffffff00000003, 0x1234567800000005
    TEST_RR mulw_overflow_to_zero, mulw, 0, 0x10000, 0x10000

    /* div/rem: round toward zero, remainder takes the dividend's sign */
    TEST_RR div_pos_pos, div, 3, 20, 6
    TEST_RR div_neg_pos, div, -3, -20, 6
    TEST_RR div_pos_neg, div, -3, 20, -6
    TEST_RR div_neg_neg, div, 3, -20, -6
    TEST_RR rem_pos_pos, rem, 2, 20, 6
    TEST_RR rem_neg_pos, rem, -2, -20, 6
    TEST_RR rem_pos_neg, rem, 2, 20, -6
    TEST_RR rem_neg_neg, rem, -2, -20, -6
    TEST_RR_SAME div_rd_is_rs1, div, -5, -15, 3
    TEST_RR divu_max_by_2, divu, 0x7fffffffffffffff, -1, 2
    TEST_RR remu_max_by_2, remu, 1, -1, 2
    TEST_RR divu_top_bit_is_large, divu, 1, INT64_MIN, 0x7fffffffffffffff
    TEST_RR remu_top_bit_is_large, remu, 1, INT64_MIN, 0x7fffffffffffffff

    /* division by zero */
    TEST_RR div_by_zero_all_ones, div, 0xffffffffffffffff, 1234, 0
    TEST_RR div_negative_by_zero_all_ones, div, 0xffffffffffffffff, -1234, 0
    TEST_RR divu_by_zero_all_ones, divu, 0xffffffffffffffff, 1234, 0
    TEST_RR rem_by_zero_is_dividend, rem, -1234, -1234, 0
    TEST_RR remu_by_zero_is_dividend, remu, 0xfedcba9876543210, 0xfedcba9876543210, 0

    /* signed overflow */
    TEST_RR div_overflow_is_min, div, INT64_MIN, INT64_MIN, -1
    TEST_RR rem_overflow_is_zero, rem, 0, INT64_MIN, -1
    TEST_RR divu_min_by_minus1, divu, 0, INT64_MIN, -1
    TEST_RR remu_min_by_minus1, remu, INT64_MIN, INT64_MIN, -1

    /* W forms */
    TEST_RR divw_negative, divw, 0xfffffffffffffffd, -20, 6
    TEST_RR divw_ignores_upper, divw, 3, 0x0000000100000014, 0xffffffff00000006
    TEST_RR divw_overflow_is_min, divw, INT32_MIN_SEXT, 0x80000000, -1
    TEST_RR divw_by_zero_all_ones, divw, 0xffffffffffffffff, 5, 0xffffffff00000000
    TEST_RR divuw_by_zero_all_ones, divuw, 0xffffffffffffffff, 5, 0
    TEST_RR divuw_result_sign_extended, divuw, INT32_MIN_SEXT, 0x80000000, 1
    TEST_RR divuw_operands_unsigned, divuw, 0x7fffffff, 0xffffffff, 2
    TEST_RR remw_negative, remw, 0xffffffffffffffff, -7, 2
    TEST_RR remw_overflow_is_zero, remw, 0, 0x80000000, -1
    TEST_RR remw_by_zero_is_dividend_sext, remw, 0xffffffff87654321, 0x1234567887654321, 0
    TEST_RR remuw_by_zero_is_dividend_sext, remuw, 0xffffffff87654321, 0x1234567887654321, 0
    TEST_RR remuw_operands_unsigned, remuw, 0x7ffffffe, 0xfffffffe, 0x80000000
    TEST_RR remuw_small, remuw, 0xf, 0xffffffff, 0x10

    /* x0 as destination */
    li t0, 7
    mul x0, t0, t0
    div x0, t0, x0
    CHECK x0_after_muldiv_is_zero, x0, 0

ISA_END
