/*
 * tests/guest/isa/rv64i_branch.S - conditional branches, jal and jalr (unprivileged spec
 * §2.5 "Control Transfer Instructions").
 *
 * A branch check records in t2 which way it went, so a branch that goes the wrong way is a
 * failed check, not a crash. Jumps check the link register (the address of the next
 * instruction), that jalr clears bit 0 of the target, that jalr with rd == rs1 jumps to the
 * old rs1, and long offsets whose immediates use the high bits of the encoding. Skipped-over
 * regions are zero-filled, so a wrong target would execute an illegal instruction: they are
 * never reached when the interpreter is right.
 */
#include "isa.h"

/* Distance of the long forward branch: just below the +4 KiB limit of a B-type immediate so
 * that immediate bits 11 and 12 are set. */
#define LONG_BRANCH_SKIP_BYTES 4000
/* Distance of the long jal: more than 64 KiB, so the J-type immediate's bits 12..16 are set. */
#define LONG_JAL_SKIP_BYTES 0x10204
#define LOOP_COUNT 10
#define MARKER 0x5a

/* TEST_BRANCH name, inst, taken, a, b: t2 = 1 if "inst a, b" branched, 0 if it fell through. */
.macro TEST_BRANCH name, inst, taken, a, b
    li t0, \a
    li t1, \b
    li t2, 0
    \inst t0, t1, .Lbranch_taken_\@
    j .Lbranch_done_\@
.Lbranch_taken_\@:
    li t2, 1
.Lbranch_done_\@:
    CHECK \name, t2, \taken
.endm

ISA_PROGRAM rv64i_branch

    TEST_BRANCH beq_equal, beq, 1, -5, -5
    TEST_BRANCH beq_differ_in_top_bit, beq, 0, 0x8000000000000001, 1
    TEST_BRANCH bne_differ, bne, 1, 0x100000000, 0
    TEST_BRANCH bne_equal, bne, 0, 7, 7
    TEST_BRANCH blt_negative_less, blt, 1, -1, 0
    TEST_BRANCH blt_not_less, blt, 0, 0, -1
    TEST_BRANCH blt_equal, blt, 0, 3, 3
    TEST_BRANCH blt_min_vs_max, blt, 1, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BRANCH bge_equal, bge, 1, 3, 3
    TEST_BRANCH bge_greater, bge, 1, 0, -1
    TEST_BRANCH bge_less, bge, 0, -1, 0
    TEST_BRANCH bltu_less, bltu, 1, 0, -1
    TEST_BRANCH bltu_top_bit_is_large, bltu, 0, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BRANCH bltu_equal, bltu, 0, 9, 9
    TEST_BRANCH bgeu_greater, bgeu, 1, -1, 0
    TEST_BRANCH bgeu_equal, bgeu, 1, 9, 9
    TEST_BRANCH bgeu_less, bgeu, 0, 1, 2

    /* backward branch: a counted loop */
    li t0, LOOP_COUNT
    li t2, 0
1:  addi t2, t2, 1
    addi t0, t0, -1
    bnez t0, 1b
    CHECK backward_bne_loop_count, t2, LOOP_COUNT

    /* branch with the largest forward distance used here: immediate bits 11 and 12 */
    li t2, 0
    beq x0, x0, .Llong_branch_target
    .skip LONG_BRANCH_SKIP_BYTES
.Llong_branch_target:
    li t2, 1
    CHECK beq_long_forward, t2, 1

    /* jal: link = address of the following instruction; the skipped one does not run */
    li t4, 0
    lla t3, .Ljal_link
    jal t2, .Ljal_target
.Ljal_link:
    li t4, MARKER
.Ljal_target:
    CHECK_REG jal_link_is_next_pc, t2, t3
    CHECK jal_skipped_instruction, t4, 0

    /* jal backward, then jal x0 (j) forward out again */
    li t4, 0
    j .Ljal_back_start
.Ljal_back_target:
    li t4, MARKER
    j .Ljal_back_done
.Ljal_back_start:
    jal x0, .Ljal_back_target
.Ljal_back_done:
    CHECK jal_backward, t4, MARKER

    /* jal over more than 64 KiB: high immediate bits */
    lla t3, .Ljal_far_link
    jal t2, .Ljal_far_target
.Ljal_far_link:
    .skip LONG_JAL_SKIP_BYTES
.Ljal_far_target:
    CHECK_REG jal_far_forward_link, t2, t3
    j .Ljal_far_back_start
.Ljal_far_back_target:
    li t4, MARKER + 1
    j .Ljal_far_back_done
    .skip LONG_JAL_SKIP_BYTES
.Ljal_far_back_start:
    li t4, 0
    jal x0, .Ljal_far_back_target
.Ljal_far_back_done:
    CHECK jal_far_backward, t4, MARKER + 1

    /* jalr with zero offset */
    lla t0, .Ljalr_target
    lla t3, .Ljalr_link
    jalr t2, 0(t0)
.Ljalr_link:
    li t4, MARKER
.Ljalr_target:
    CHECK_REG jalr_link_is_next_pc, t2, t3

    /* jalr with positive and negative offsets */
    lla t0, .Ljalr_pos_target - 2000
    jalr t2, 2000(t0)
    li t4, MARKER
.Ljalr_pos_target:
    lla t0, .Ljalr_neg_target + 2048
    li t4, 0
    jalr t2, -2048(t0)
    li t4, MARKER
.Ljalr_neg_target:
    CHECK jalr_positive_and_negative_offsets, t4, 0

    /* jalr clears bit 0 of rs1 + offset: an odd base and an odd offset both land on the
     * aligned target */
    lla t0, .Ljalr_odd_base_target
    addi t0, t0, 1
    li t4, 0
    jalr t2, 0(t0)
    li t4, MARKER
.Ljalr_odd_base_target:
    CHECK jalr_clears_bit0_of_base, t4, 0
    lla t0, .Ljalr_odd_offset_target
    jalr t2, 1(t0)
    li t4, MARKER
.Ljalr_odd_offset_target:
    CHECK jalr_clears_bit0_of_offset, t4, 0

    /* jalr with rd == rs1: the target comes from the old rs1, then rd gets the link */
    lla t2, .Ljalr_same_target
    lla t3, .Ljalr_same_link
    li t4, 0
    jalr t2, 0(t2)
.Ljalr_same_link:
    li t4, MARKER
.Ljalr_same_target:
    CHECK_REG jalr_rd_is_rs1_link, t2, t3
    CHECK jalr_rd_is_rs1_jumped, t4, 0

    /* jalr x0 (jr) and a call/return pair through ra */
    lla t0, .Ljr_target
    li t4, 0
    jr t0
    li t4, MARKER
.Ljr_target:
    CHECK jr_jumps, t4, 0
    li t4, 0
    call set_marker_and_return
    CHECK call_and_ret, t4, MARKER

    /* jal x0 and jalr x0 leave x0 zero */
    jal x0, 1f
1:  lla t0, 2f
    jalr x0, 0(t0)
2:  CHECK x0_not_written_by_jumps, x0, 0

ISA_END

    .type set_marker_and_return, @function
set_marker_and_return:
    li t4, MARKER
    ret
    .size set_marker_and_return, . - set_marker_and_return
