/*
 * tests/guest/isa/rv64i_mem.S - loads, stores, lui and auipc (unprivileged spec §2.4 "Integer
 * Computational Instructions" for lui/auipc, §2.6 "Load and Store Instructions", §4.3 for the
 * RV64 forms).
 *
 * Loads read a fixed 16-byte pattern whose bytes alternate sign bits, so sign and zero
 * extension both show. Misaligned accesses (the spec allows an EEI to perform them, and the
 * Linux user ABI, hence this runner, does) are done at odd offsets, including the FP loads
 * and stores, and across a 4 KiB page boundary inside a two-page .bss buffer. Stores go to a
 * scratch area pre-filled with FILL so bytes that must not change are seen not to.
 */
#include "isa.h"

#define FILL 0x1111111111111111
#define SCRATCH_BYTES 32

/* TEST_LOAD name, inst, expected, offset: t2 = inst offset(mem_pattern). */
.macro TEST_LOAD name, inst, expected, offset
    lla t0, mem_pattern
    \inst t2, \offset(t0)
    CHECK \name, t2, \expected
.endm

/* Fill the scratch area with FILL and leave its address in t0. */
.macro SCRATCH_RESET
    lla t0, scratch
    li t1, FILL
    sd t1, 0(t0)
    sd t1, 8(t0)
    sd t1, 16(t0)
    sd t1, 24(t0)
.endm

/* TEST_STORE name, inst, offset, value, expected_dword0, expected_dword1: store value at
 * scratch + offset, then check the first two dwords of the scratch area. */
.macro TEST_STORE name, inst, offset, value, dword0, dword1
    SCRATCH_RESET
    li t1, \value
    \inst t1, \offset(t0)
    ld t2, 0(t0)
    CHECK \name, t2, \dword0
    ld t2, 8(t0)
    CHECK \name\().next_dword, t2, \dword1
.endm

    .data
    .balign 16
/* Little-endian: the dword at offset 0 is 0xa817f605e4937281. */
mem_pattern:
    .byte 0x81, 0x72, 0x93, 0xe4, 0x05, 0xf6, 0x17, 0xa8
    .byte 0x39, 0xca, 0x5b, 0xec, 0x7d, 0x0e, 0x9f, 0x60

    .balign 8
scratch:
    .zero SCRATCH_BYTES

    .bss
    .balign PAGE_SIZE
two_pages:
    .zero 2 * PAGE_SIZE

ISA_PROGRAM rv64i_mem

    /* aligned loads, sign and zero extension */
    TEST_LOAD lb_negative, lb, 0xffffffffffffff81, 0
    TEST_LOAD lb_positive, lb, 0x72, 1
    TEST_LOAD lbu_high_bit, lbu, 0x81, 0
    TEST_LOAD lh_positive, lh, 0x7281, 0
    TEST_LOAD lh_negative, lh, 0xffffffffffffe493, 2
    TEST_LOAD lhu_high_bit, lhu, 0xe493, 2
    TEST_LOAD lw_negative, lw, 0xffffffffe4937281, 0
    TEST_LOAD lw_negative_at_4, lw, 0xffffffffa817f605, 4
    TEST_LOAD lwu_high_bit, lwu, 0xe4937281, 0
    TEST_LOAD lw_positive, lw, 0x609f0e7d, 12
    TEST_LOAD ld_first, ld, 0xa817f605e4937281, 0
    TEST_LOAD ld_second, ld, 0x609f0e7dec5bca39, 8

    /* immediate offsets: negative, and the extremes -2048 and +2047 */
    lla t0, mem_pattern + 1
    lb t2, -1(t0)
    CHECK lb_negative_offset, t2, 0xffffffffffffff81
    lla t0, mem_pattern - 2047
    lbu t2, 2047(t0)
    CHECK lbu_offset_2047, t2, 0x81
    lla t0, mem_pattern + 2048 + 8
    ld t2, -2048(t0)
    CHECK ld_offset_minus_2048, t2, 0x609f0e7dec5bca39

    /* rd == rs1: the address is formed before the base is overwritten */
    lla t2, mem_pattern
    ld t2, 8(t2)
    CHECK ld_rd_is_rs1, t2, 0x609f0e7dec5bca39

    /* misaligned loads */
    TEST_LOAD lh_misaligned_1, lh, 0xffffffffffff9372, 1
    TEST_LOAD lhu_misaligned_1, lhu, 0x9372, 1
    TEST_LOAD lh_misaligned_3, lh, 0x05e4, 3
    TEST_LOAD lw_misaligned_1, lw, 0x05e49372, 1
    TEST_LOAD lw_misaligned_3, lw, 0x17f605e4, 3
    TEST_LOAD lw_misaligned_6_negative, lw, 0xffffffffca39a817, 6
    TEST_LOAD lwu_misaligned_6, lwu, 0xca39a817, 6
    TEST_LOAD ld_misaligned_1, ld, 0x39a817f605e49372, 1
    TEST_LOAD ld_misaligned_7, ld, 0x9f0e7dec5bca39a8, 7

    /* stores write exactly their width */
    TEST_STORE sb_byte_3, sb, 3, 0x12345678ab, 0x11111111ab111111, FILL
    TEST_STORE sh_half_2, sh, 2, 0x12345678abcd, 0x11111111abcd1111, FILL
    TEST_STORE sw_word_4, sw, 4, 0x12345678deadbeef, 0xdeadbeef11111111, FILL
    TEST_STORE sd_dword_8, sd, 8, 0x0102030405060708, FILL, 0x0102030405060708
    /* misaligned stores */
    TEST_STORE sh_misaligned_1, sh, 1, 0xabcd, 0x1111111111abcd11, FILL
    TEST_STORE sh_misaligned_7, sh, 7, 0xabcd, 0xcd11111111111111, 0x11111111111111ab
    TEST_STORE sw_misaligned_3, sw, 3, 0xdeadbeef, 0x11deadbeef111111, FILL
    TEST_STORE sw_misaligned_6, sw, 6, 0xdeadbeef, 0xbeef111111111111, 0x111111111111dead
    TEST_STORE sd_misaligned_5, sd, 5, 0x0102030405060708, 0x0607081111111111, 0x1111110102030405
    TEST_STORE sd_misaligned_1, sd, 1, 0x0102030405060708, 0x0203040506070811, 0x1111111111111101
    /* store of x0 writes zeros */
    TEST_STORE sw_x0_source_zero, sw, 2, 0, 0x1111000000001111, FILL
    SCRATCH_RESET
    sd x0, 0(t0)
    ld t2, 0(t0)
    CHECK sd_x0_writes_zero, t2, 0

    /* misaligned FP loads and stores; flw boxes its result */
    lla t0, mem_pattern
    flw ft0, 1(t0)
    fmv.x.d t2, ft0
    CHECK flw_misaligned_1_boxed, t2, BOX | 0x05e49372
    fld ft0, 3(t0)
    fmv.x.d t2, ft0
    CHECK fld_misaligned_3, t2, 0x5bca39a817f605e4
    SCRATCH_RESET
    li t1, 0x89abcdef
    fmv.w.x ft0, t1
    fsw ft0, 5(t0)
    ld t2, 0(t0)
    CHECK fsw_misaligned_5, t2, 0xabcdef1111111111
    ld t2, 8(t0)
    CHECK fsw_misaligned_5.next_dword, t2, 0x1111111111111189
    SCRATCH_RESET
    li t1, 0x0102030405060708
    fmv.d.x ft0, t1
    fsd ft0, 3(t0)
    ld t2, 0(t0)
    CHECK fsd_misaligned_3, t2, 0x0405060708111111
    ld t2, 8(t0)
    CHECK fsd_misaligned_3.next_dword, t2, 0x1111111111010203

    /* accesses that straddle the page boundary in two_pages: t0 = the boundary */
    lla t0, two_pages + PAGE_SIZE
    li t1, 0x8877665544332211
    sd t1, -3(t0)
    lbu t2, -3(t0)
    CHECK sd_cross_page.first_byte, t2, 0x11
    lbu t2, -1(t0)
    CHECK sd_cross_page.last_byte_of_page, t2, 0x33
    lbu t2, 0(t0)
    CHECK sd_cross_page.first_byte_of_next_page, t2, 0x44
    lbu t2, 4(t0)
    CHECK sd_cross_page.last_byte, t2, 0x88
    ld t2, -3(t0)
    CHECK ld_cross_page, t2, 0x8877665544332211
    lw t2, -2(t0)
    CHECK lw_cross_page, t2, 0x55443322
    lwu t2, -1(t0)
    CHECK lwu_cross_page, t2, 0x66554433
    lh t2, -1(t0)
    CHECK lh_cross_page, t2, 0x4433
    lhu t2, -1(t0)
    CHECK lhu_cross_page, t2, 0x4433
    li t1, 0xcafe
    sh t1, -1(t0)
    lbu t2, -1(t0)
    CHECK sh_cross_page.low_byte, t2, 0xfe
    lbu t2, 0(t0)
    CHECK sh_cross_page.high_byte, t2, 0xca
    li t1, 0xa1b2c3d4
    sw t1, -2(t0)
    lwu t2, -2(t0)
    CHECK sw_cross_page, t2, 0xa1b2c3d4
    li t1, 0x3f800001
    fmv.w.x ft0, t1
    fsw ft0, -1(t0)
    flw ft1, -1(t0)
    fmv.x.d t2, ft1
    CHECK fsw_flw_cross_page, t2, BOX | 0x3f800001
    li t1, 0x400921fb54442d18
    fmv.d.x ft0, t1
    fsd ft0, -5(t0)
    fld ft1, -5(t0)
    fmv.x.d t2, ft1
    CHECK fsd_fld_cross_page, t2, 0x400921fb54442d18
    lw t2, -5(t0)
    CHECK fsd_cross_page.low_word, t2, 0x54442d18

    /* lui: imm << 12, sign-extended from bit 31 */
    lui t2, 0x12345
    CHECK lui_positive, t2, 0x12345000
    lui t2, 0x80000
    CHECK lui_sign_extends, t2, 0xffffffff80000000
    lui t2, 0xfffff
    CHECK lui_all_ones, t2, 0xfffffffffffff000

    /* auipc: pc of the auipc itself plus the sign-extended upper immediate */
1:  auipc t2, 0
    lla t3, 1b
    CHECK_REG auipc_zero_is_pc, t2, t3
2:  auipc t2, 1
    lla t3, 2b + 0x1000
    CHECK_REG auipc_plus_page, t2, t3
3:  auipc t2, 0x80000
    lla t3, 3b
    li t4, 0xffffffff80000000
    add t3, t3, t4
    CHECK_REG auipc_negative, t2, t3

    /* loads and lui into x0 are performed and discarded */
    lla t0, mem_pattern
    ld x0, 0(t0)
    lw x0, 1(t0)
    lui x0, 0x12345
    auipc x0, 0x1
    CHECK x0_after_loads_is_zero, x0, 0

ISA_END
