/*
 * tests/guest/isa/rvc.S - every RV64C compressed instruction (unprivileged spec chapter "C
 * Standard Extension for Compressed Instructions", RV64 column of the opcode map).
 *
 * Each compressed instruction is written with its c. mnemonic inside the C macro, which turns
 * RVC on for that one line; everything around it (setup, checks) stays 32-bit, so a failure
 * points at the compressed instruction named by the check. Immediates include negative values
 * and the largest encodable offsets. Loads read what 32-bit stores wrote and vice versa, so a
 * wrongly scaled offset shows. The test keeps a 512-byte frame at sp for the sp-relative
 * forms; checks push below it.
 */
#include "isa.h"

/* The sp-relative forms reach sp+504 (c.ldsp, c.sdsp, c.fldsp, c.fsdsp), so the frame must be
 * larger than that and keep sp 16-byte aligned. */
#define RVC_FRAME_BYTES 512
#define RVC_DATA_BYTES 256
/* Skips that bring branch offsets near their limits: c.beqz/c.bnez reach +-256 bytes, c.j
 * +-2 KiB. */
#define CB_FAR_SKIP_BYTES 240
#define CJ_FAR_SKIP_BYTES 2000
#define MARKER 0x5a

/* C insn: assemble one instruction with the C extension enabled. */
.macro C insn:vararg
    .option push
    .option rvc
    \insn
    .option pop
.endm

    .data
    .balign 8
rvc_data:
    .zero RVC_DATA_BYTES

ISA_PROGRAM rvc
    addi sp, sp, -RVC_FRAME_BYTES

    /* ---- quadrant 0: c.addi4spn and the register-based loads and stores ---- */
    C c.addi4spn a0, sp, 1020
    addi t0, sp, 1020
    CHECK_REG c_addi4spn_largest, a0, t0
    C c.addi4spn s0, sp, 4
    addi t0, sp, 4
    CHECK_REG c_addi4spn_smallest, s0, t0

    lla a1, rvc_data
    li t0, 0x80000001
    sw t0, 124(a1)
    C c.lw a2, 124(a1)
    CHECK c_lw_largest_offset_sign_extends, a2, 0xffffffff80000001
    li t0, 0x7ffffffe
    sw t0, 0(a1)
    C c.lw s1, 0(a1)
    CHECK c_lw_offset_0, s1, 0x7ffffffe
    li t0, 0x0123456789abcdef
    sd t0, 248(a1)
    C c.ld a3, 248(a1)
    CHECK c_ld_largest_offset, a3, 0x0123456789abcdef
    li t0, 0xc00921fb54442d18
    sd t0, 8(a1)
    C c.fld fa0, 8(a1)
    fmv.x.d t2, fa0
    CHECK c_fld, t2, 0xc00921fb54442d18
    C c.fld fa1, 248(a1)
    fmv.x.d t2, fa1
    CHECK c_fld_largest_offset, t2, 0x0123456789abcdef

    li a4, 0x1234567887654321
    C c.sw a4, 124(a1)
    ld t2, 120(a1)
    CHECK c_sw_largest_offset_stores_word, t2, 0x8765432100000000
    C c.sw a4, 4(a1)
    lwu t2, 4(a1)
    CHECK c_sw, t2, 0x87654321
    li a5, 0xfedcba9876543210
    C c.sd a5, 248(a1)
    ld t2, 248(a1)
    CHECK c_sd_largest_offset, t2, 0xfedcba9876543210
    C c.sd a5, 16(a1)
    ld t2, 16(a1)
    CHECK c_sd, t2, 0xfedcba9876543210
    li t0, 0x3ff8000000000000
    fmv.d.x fa2, t0
    C c.fsd fa2, 240(a1)
    ld t2, 240(a1)
    CHECK c_fsd, t2, 0x3ff8000000000000

    /* ---- quadrant 1: immediates and register arithmetic ---- */
    li a0, 7
    C c.nop
    CHECK c_nop_changes_nothing, a0, 7
    li a0, 100
    C c.addi a0, -32
    CHECK c_addi_most_negative, a0, 68
    C c.addi a0, 31
    CHECK c_addi_largest, a0, 99
    li t3, -1
    C c.addi t3, 1
    CHECK c_addi_any_register, t3, 0
    li a0, 0x7fffffff
    C c.addiw a0, 1
    CHECK c_addiw_sign_extends, a0, 0xffffffff80000000
    li a0, 0x1234567800000005
    C c.addiw a0, -32
    CHECK c_addiw_negative, a0, 0xffffffffffffffe5
    li t4, 0xffffffff7fffffff
    C c.addiw t4, 0
    CHECK c_addiw_zero_is_sext_w, t4, 0x7fffffff
    C c.li a0, -32
    CHECK c_li_most_negative, a0, -32
    C c.li t5, 31
    CHECK c_li_largest, t5, 31
    C c.lui a0, 1
    CHECK c_lui_smallest, a0, 0x1000
    C c.lui a0, 31
    CHECK c_lui_largest_positive, a0, 0x1f000
    C c.lui t6, 0xfffe0
    CHECK c_lui_most_negative, t6, 0xfffffffffffe0000
    C c.lui a0, 0xfffff
    CHECK c_lui_minus_one, a0, 0xfffffffffffff000

    mv s1, sp
    C c.addi16sp sp, -512
    sub t0, s1, sp
    CHECK c_addi16sp_most_negative, t0, 512
    C c.addi16sp sp, 496
    sub t0, s1, sp
    CHECK c_addi16sp_largest, t0, 16
    C c.addi16sp sp, 16
    mv t0, sp
    CHECK_REG c_addi16sp_restores, t0, s1

    li a0, 0x8000000000000000
    C c.srli a0, 63
    CHECK c_srli_63, a0, 1
    li a0, 0x8000000000000000
    C c.srli a0, 1
    CHECK c_srli_1_zero_fills, a0, 0x4000000000000000
    li a0, 0x8000000000000000
    C c.srai a0, 63
    CHECK c_srai_63, a0, 0xffffffffffffffff
    li a0, 0x8000000000000000
    C c.srai a0, 4
    CHECK c_srai_sign_fills, a0, 0xf800000000000000
    li a0, 0xffffffffffffffff
    C c.andi a0, -32
    CHECK c_andi_most_negative, a0, 0xffffffffffffffe0
    li a0, 0xffffffffffffffff
    C c.andi a0, 31
    CHECK c_andi_largest, a0, 31

    li a0, 10
    li a1, 3
    C c.sub a0, a1
    CHECK c_sub, a0, 7
    li a0, 0
    C c.sub a0, a1
    CHECK c_sub_negative, a0, -3
    li a2, 0xff00ff00ff00ff00
    li a3, 0x0ff00ff00ff00ff0
    mv a4, a2
    C c.xor a4, a3
    CHECK c_xor, a4, 0xf0f0f0f0f0f0f0f0
    mv a4, a2
    C c.or a4, a3
    CHECK c_or, a4, 0xfff0fff0fff0fff0
    mv a4, a2
    C c.and a4, a3
    CHECK c_and, a4, 0x0f000f000f000f00
    li a0, 0x0000000080000000
    li a1, 1
    C c.subw a0, a1
    CHECK c_subw_wraps, a0, 0x7fffffff
    li a0, 0
    C c.subw a0, a1
    CHECK c_subw_sign_extends, a0, 0xffffffffffffffff
    li a0, 0x7fffffff
    C c.addw a0, a1
    CHECK c_addw_sign_extends, a0, 0xffffffff80000000
    li a0, 0xffffffff00000002
    li a1, 0x0000000100000003
    C c.addw a0, a1
    CHECK c_addw_ignores_upper, a0, 5

    /* ---- control transfer ---- */
    li t0, 0
    C c.j 1f
    li t0, MARKER
1:  CHECK c_j_forward, t0, 0
    li t0, 0
    j 3f
2:  li t0, MARKER
    j 4f
3:  C c.j 2b
4:  CHECK c_j_backward, t0, MARKER
    li t0, 0
    C c.j .Lcj_far
    .skip CJ_FAR_SKIP_BYTES
.Lcj_far:
    CHECK c_j_far_forward, t0, 0
    li t0, 0
    j .Lcj_far_back_start
.Lcj_far_back:
    li t0, MARKER
    j .Lcj_far_back_done
    .skip CJ_FAR_SKIP_BYTES
.Lcj_far_back_start:
    C c.j .Lcj_far_back
.Lcj_far_back_done:
    CHECK c_j_far_backward, t0, MARKER

    li a0, 0
    li t0, 0
    C c.beqz a0, 1f
    li t0, MARKER
1:  CHECK c_beqz_taken, t0, 0
    li a0, 0x100000000
    li t0, 0
    C c.beqz a0, 1f
    li t0, MARKER
1:  CHECK c_beqz_not_taken_high_bit, t0, MARKER
    li a0, -1
    li t0, 0
    C c.bnez a0, 1f
    li t0, MARKER
1:  CHECK c_bnez_taken, t0, 0
    li a0, 0
    li t0, 0
    C c.bnez a0, 1f
    li t0, MARKER
1:  CHECK c_bnez_not_taken, t0, MARKER
    li a0, 0
    li t0, 0
    C c.beqz a0, .Lcb_far
    .skip CB_FAR_SKIP_BYTES
.Lcb_far:
    CHECK c_beqz_far_forward, t0, 0
    li a0, 1
    li t0, 0
    j .Lcb_far_back_start
.Lcb_far_back:
    li t0, MARKER
    j .Lcb_far_back_done
    .skip CB_FAR_SKIP_BYTES
.Lcb_far_back_start:
    C c.bnez a0, .Lcb_far_back
.Lcb_far_back_done:
    CHECK c_bnez_far_backward, t0, MARKER

    /* ---- quadrant 2: shifts, sp-relative loads and stores, register moves, jumps ---- */
    li a0, 3
    C c.slli a0, 63
    CHECK c_slli_63, a0, 0x8000000000000000
    li t3, 0x0000000080000001
    C c.slli t3, 1
    CHECK c_slli_any_register, t3, 0x100000002

    li t0, 0xbff0000000000000
    sd t0, 504(sp)
    C c.fldsp ft4, 504(sp)
    fmv.x.d t2, ft4
    CHECK c_fldsp_largest_offset, t2, 0xbff0000000000000
    li t0, 0x4000000000000000
    sd t0, 0(sp)
    C c.fldsp ft5, 0(sp)
    fmv.x.d t2, ft5
    CHECK c_fldsp_offset_0, t2, 0x4000000000000000
    li t0, 0x00000000fffffffe
    sd t0, 248(sp)
    li t0, 0x0000000080000000
    sd t0, 252(sp)
    C c.lwsp t3, 252(sp)
    CHECK c_lwsp_largest_offset_sign_extends, t3, 0xffffffff80000000
    C c.lwsp a0, 248(sp)
    CHECK c_lwsp_negative_word, a0, 0xfffffffffffffffe
    li t0, 0x1122334455667788
    sd t0, 496(sp)
    C c.ldsp t4, 496(sp)
    CHECK c_ldsp, t4, 0x1122334455667788
    sd t0, 504(sp)
    C c.ldsp s1, 504(sp)
    CHECK c_ldsp_largest_offset, s1, 0x1122334455667788

    li t0, 0xc000000000000000
    fmv.d.x ft6, t0
    C c.fsdsp ft6, 504(sp)
    ld t2, 504(sp)
    CHECK c_fsdsp_largest_offset, t2, 0xc000000000000000
    sd x0, 248(sp)
    li t5, 0x99999999aabbccdd
    C c.swsp t5, 252(sp)
    ld t2, 248(sp)
    CHECK c_swsp_largest_offset_stores_word, t2, 0xaabbccdd00000000
    li t6, 0x0102030405060708
    C c.sdsp t6, 504(sp)
    ld t2, 504(sp)
    CHECK c_sdsp_largest_offset, t2, 0x0102030405060708
    C c.sdsp t6, 8(sp)
    ld t2, 8(sp)
    CHECK c_sdsp, t2, 0x0102030405060708

    li t5, 0x123456789
    C c.mv t3, t5
    CHECK c_mv, t3, 0x123456789
    li a0, 40
    li a1, 2
    C c.add a0, a1
    CHECK c_add, a0, 42
    li t3, 0x7fffffffffffffff
    li t4, 1
    C c.add t3, t4
    CHECK c_add_wraps, t3, 0x8000000000000000

    lla t0, 1f
    li t1, 0
    C c.jr t0
    li t1, MARKER
1:  CHECK c_jr, t1, 0

    /* c.jalr: link = address of the c.jalr + 2 */
    lla t0, 2f
    li t1, 0
1:  C c.jalr t0
    li t1, MARKER
2:  lla t2, 1b + 2
    CHECK_REG c_jalr_link_is_pc_plus_2, ra, t2
    CHECK c_jalr_jumped, t1, 0
    /* c.jalr with rs1 == ra: the target is the old ra */
    lla ra, 3f
    li t1, 0
    C c.jalr ra
    li t1, MARKER
3:  CHECK c_jalr_rs1_is_ra, t1, 0

    addi sp, sp, RVC_FRAME_BYTES
ISA_END
