/*
 * tests/guest/isa/rv64a.S - the A extension on RV64 (unprivileged spec chapter "A Standard
 * Extension for Atomic Instructions": §"Load-Reserved/Store-Conditional" and §"Atomic Memory
 * Operations").
 *
 * Every AMO is checked twice: rd holds the old memory value (sign-extended for .w) and memory
 * holds op(old, rs2). The .w forms operate on a word whose neighbour word holds SENTINEL, so a
 * 64-bit write or a carry into the upper half shows. min/max compare the low 32 bits for .w:
 * an rs2 of 0x00000000ffffffff is -1 there. LR/SC: success writes 0 and stores; an SC without
 * a valid reservation writes 1 (the spec's only defined failure code) and does not store; any
 * SC, successful or not, gives up the reservation. All addresses are naturally aligned.
 */
#include "isa.h"

#define SENTINEL_HIGH_WORD 0x5a5a5a5a00000000
/* lr/sc uses two dwords far enough apart to be in different reservation sets on any
 * implementation (the spec bounds a reservation set by the cache line, at most a page). */
#define RESERVATION_DISTANCE PAGE_SIZE
#define INT64_MIN 0x8000000000000000

/* TEST_AMO name, inst, mem_before, rs2, rd_expected, mem_after: mem_* are the whole dword at
 * amo_cell (for .w the low word is the operand and the high word SENTINEL). */
.macro TEST_AMO name, inst, mem_before, rs2, rd_expected, mem_after
    lla t0, amo_cell
    li t1, \mem_before
    sd t1, 0(t0)
    li t1, \rs2
    \inst t2, t1, (t0)
    CHECK \name\().rd, t2, \rd_expected
    ld t3, 0(t0)
    CHECK \name\().memory, t3, \mem_after
.endm

    .data
    .balign 8
amo_cell:
    .dword 0

    .bss
    .balign PAGE_SIZE
reserved_cells:
    .zero 2 * RESERVATION_DISTANCE

ISA_PROGRAM rv64a

    /* .w: rd sign-extended from bit 31, upper word of memory untouched */
    TEST_AMO amoswap_w, amoswap.w, SENTINEL_HIGH_WORD | 0x80000001, 0x12345678, \
             0xffffffff80000001, SENTINEL_HIGH_WORD | 0x12345678
    TEST_AMO amoadd_w_to_sign_bit, amoadd.w, SENTINEL_HIGH_WORD | 0x7fffffff, 1, \
             0x7fffffff, SENTINEL_HIGH_WORD | 0x80000000
    TEST_AMO amoadd_w_no_carry_out, amoadd.w, SENTINEL_HIGH_WORD | 0xffffffff, 2, \
             0xffffffffffffffff, SENTINEL_HIGH_WORD | 0x00000001
    TEST_AMO amoadd_w_ignores_rs2_upper, amoadd.w, SENTINEL_HIGH_WORD | 1, 0xffffffff00000001, \
             1, SENTINEL_HIGH_WORD | 2
    TEST_AMO amoxor_w, amoxor.w, SENTINEL_HIGH_WORD | 0xf0f0f0f0, 0xff00ff00, \
             0xfffffffff0f0f0f0, SENTINEL_HIGH_WORD | 0x0ff00ff0
    TEST_AMO amoand_w, amoand.w, SENTINEL_HIGH_WORD | 0xf0f0f0f0, 0xff00ff00, \
             0xfffffffff0f0f0f0, SENTINEL_HIGH_WORD | 0xf000f000
    TEST_AMO amoor_w, amoor.w, SENTINEL_HIGH_WORD | 0xf0f0f0f0, 0xff00ff00, \
             0xfffffffff0f0f0f0, SENTINEL_HIGH_WORD | 0xfff0fff0
    TEST_AMO amomin_w_negative_memory, amomin.w, SENTINEL_HIGH_WORD | 0x80000000, 1, \
             0xffffffff80000000, SENTINEL_HIGH_WORD | 0x80000000
    TEST_AMO amomin_w_rs2_is_32bit_minus1, amomin.w, SENTINEL_HIGH_WORD | 0, 0xffffffff, \
             0, SENTINEL_HIGH_WORD | 0xffffffff
    TEST_AMO amomax_w, amomax.w, SENTINEL_HIGH_WORD | 0x80000000, 1, \
             0xffffffff80000000, SENTINEL_HIGH_WORD | 1
    TEST_AMO amomax_w_both_negative, amomax.w, SENTINEL_HIGH_WORD | 0xfffffffe, -3, \
             0xfffffffffffffffe, SENTINEL_HIGH_WORD | 0xfffffffe
    TEST_AMO amominu_w, amominu.w, SENTINEL_HIGH_WORD | 0x80000000, 1, \
             0xffffffff80000000, SENTINEL_HIGH_WORD | 1
    TEST_AMO amomaxu_w, amomaxu.w, SENTINEL_HIGH_WORD | 0x80000000, 1, \
             0xffffffff80000000, SENTINEL_HIGH_WORD | 0x80000000
    TEST_AMO amomaxu_w_ignores_rs2_upper, amomaxu.w, SENTINEL_HIGH_WORD | 5, 0xfffffffd, \
             5, SENTINEL_HIGH_WORD | 0xfffffffd

    /* .d */
    TEST_AMO amoswap_d, amoswap.d, 0x8000000000000001, 0x0123456789abcdef, \
             0x8000000000000001, 0x0123456789abcdef
    TEST_AMO amoadd_d_wraps, amoadd.d, 0xffffffffffffffff, 2, 0xffffffffffffffff, 1
    TEST_AMO amoadd_d_carry_across_words, amoadd.d, 0x00000000ffffffff, 1, \
             0x00000000ffffffff, 0x0000000100000000
    TEST_AMO amoxor_d, amoxor.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, \
             0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0
    TEST_AMO amoand_d, amoand.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, \
             0xf0f0f0f0f0f0f0f0, 0xf000f000f000f000
    TEST_AMO amoor_d, amoor.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, \
             0xf0f0f0f0f0f0f0f0, 0xfff0fff0fff0fff0
    TEST_AMO amomin_d, amomin.d, INT64_MIN, 1, INT64_MIN, INT64_MIN
    TEST_AMO amomin_d_both_negative, amomin.d, -1, -2, -1, -2
    TEST_AMO amomin_d_word_minus1_is_positive, amomin.d, 0, 0xffffffff, 0, 0
    TEST_AMO amomax_d, amomax.d, INT64_MIN, 1, INT64_MIN, 1
    TEST_AMO amominu_d, amominu.d, INT64_MIN, 1, INT64_MIN, 1
    TEST_AMO amomaxu_d, amomaxu.d, INT64_MIN, 1, INT64_MIN, INT64_MIN

    /* ordering bits change nothing a single hart can see */
    TEST_AMO amoadd_w_aq, amoadd.w.aq, SENTINEL_HIGH_WORD | 40, 2, 40, SENTINEL_HIGH_WORD | 42
    TEST_AMO amoor_w_rl, amoor.w.rl, SENTINEL_HIGH_WORD | 1, 2, 1, SENTINEL_HIGH_WORD | 3
    TEST_AMO amoswap_d_aqrl, amoswap.d.aqrl, 7, 8, 7, 8
    TEST_AMO amomaxu_d_aq, amomaxu.d.aq, 7, 8, 7, 8
    TEST_AMO amominu_d_rl, amominu.d.rl, 7, 8, 7, 7

    /* rd == x0 still performs the memory update; rd == rs2 gets the old value */
    lla t0, amo_cell
    li t1, 100
    sd t1, 0(t0)
    li t1, 5
    amoadd.d x0, t1, (t0)
    ld t3, 0(t0)
    CHECK amoadd_d_rd_x0.memory, t3, 105
    CHECK amoadd_d_rd_x0.x0, x0, 0
    li t1, 9
    amoswap.d t1, t1, (t0)
    CHECK amoswap_d_rd_is_rs2.rd, t1, 105
    ld t3, 0(t0)
    CHECK amoswap_d_rd_is_rs2.memory, t3, 9

    /* lr.d / sc.d: success, then a second sc with no reservation fails */
    lla t0, reserved_cells
    li t1, 0x1111222233334444
    sd t1, 0(t0)
    lr.d t2, (t0)
    CHECK lr_d_loads, t2, 0x1111222233334444
    li t1, 0x5555666677778888
    sc.d t3, t1, (t0)
    CHECK sc_d_success_writes_0, t3, 0
    ld t2, 0(t0)
    CHECK sc_d_success_stores, t2, 0x5555666677778888
    li t1, 0x9999
    sc.d t3, t1, (t0)
    CHECK sc_d_without_reservation_writes_1, t3, 1
    ld t2, 0(t0)
    CHECK sc_d_without_reservation_does_not_store, t2, 0x5555666677778888

    /* lr.w sign-extends; sc.w stores only its word */
    li t1, SENTINEL_HIGH_WORD | 0x80000000
    sd t1, 0(t0)
    lr.w t2, (t0)
    CHECK lr_w_sign_extends, t2, 0xffffffff80000000
    li t1, 0xffffffff00000007
    sc.w t3, t1, (t0)
    CHECK sc_w_success_writes_0, t3, 0
    ld t2, 0(t0)
    CHECK sc_w_stores_one_word, t2, SENTINEL_HIGH_WORD | 7
    sc.w t3, t1, (t0)
    CHECK sc_w_without_reservation_writes_1, t3, 1

    /* sc to an address outside the reservation set fails, and drops the reservation so a
     * following sc to the reserved address fails too */
    li t1, 0x77
    sd t1, 0(t0)
    li t4, RESERVATION_DISTANCE
    add t4, t0, t4
    sd t1, 0(t4)
    lr.d t2, (t0)
    li t1, 0x88
    sc.d t3, t1, (t4)
    CHECK sc_d_other_address_fails, t3, 1
    ld t2, 0(t4)
    CHECK sc_d_other_address_does_not_store, t2, 0x77
    sc.d t3, t1, (t0)
    CHECK sc_d_after_failed_sc_fails, t3, 1
    ld t2, 0(t0)
    CHECK sc_d_after_failed_sc_does_not_store, t2, 0x77

    /* ordering-bit variants of lr/sc */
    lr.d.aq t2, (t0)
    li t1, 0x99
    sc.d.rl t3, t1, (t0)
    CHECK sc_d_rl_after_lr_d_aq, t3, 0
    lr.w.aqrl t2, (t0)
    li t1, 0xaa
    sc.w.aqrl t3, t1, (t0)
    CHECK sc_w_aqrl_after_lr_w_aqrl, t3, 0
    lr.d.aqrl t2, (t0)
    CHECK lr_d_aqrl_reads_sc_w_result, t2, 0xaa
    li t1, 0xbb
    sc.d.aq t3, t1, (t0)
    CHECK sc_d_aq_after_lr_d_aqrl, t3, 0
    ld t2, 0(t0)
    CHECK sc_d_aq_stores, t2, 0xbb

ISA_END
