/*
 * tests/guest/isa/isa.h - constants and assembler macros shared by the ISA test programs.
 *
 * Every test program is one .S file that #includes this header, opens with ISA_PROGRAM, holds
 * a list of one-line checks and closes with ISA_END. A check computes a value into a register
 * and compares it with the value the RISC-V unprivileged spec says it must have; rt.S counts
 * the checks, prints one FAIL line per mismatch and the summary, and sets the exit status.
 *
 * Register contract: CHECK and CHECK_REG preserve every integer register (they save what they
 * use on the stack) and never touch the FP registers, fflags or frm, so a test may keep state
 * across checks. The TEST_* macros use t0-t3 and ft0-ft3 as scratch; keep long-lived state in
 * s-registers.
 *
 * Everything is assembled with ".option norvc" so each instruction is the 32-bit encoding that
 * is written: with -march=rv64gc the assembler would otherwise compress eligible instructions
 * and the rv64i tests would mostly exercise the RVC decoder. rvc.S turns RVC back on where it
 * means to.
 */
#ifndef ISA_H
#define ISA_H

/* Linux riscv64 system call numbers (asm-generic/unistd.h): the only three the runner has. */
#define SYS_WRITE 64
#define SYS_EXIT 93
#define SYS_EXIT_GROUP 94
#define FD_STDOUT 1

/* Rounding modes, frm field and instruction rm field (unprivileged spec, table "Rounding
 * mode encoding"). */
#define FRM_RNE 0
#define FRM_RTZ 1
#define FRM_RDN 2
#define FRM_RUP 3
#define FRM_RMM 4

/* Accrued exception flags, fflags (unprivileged spec, "Accrued exception flag encoding"). */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10
#define FCSR_FRM_SHIFT 5

/* fclass result bits, one per class (unprivileged spec, "Format of result of FCLASS"). */
#define CLASS_NEG_INF 0x001
#define CLASS_NEG_NORMAL 0x002
#define CLASS_NEG_SUBNORMAL 0x004
#define CLASS_NEG_ZERO 0x008
#define CLASS_POS_ZERO 0x010
#define CLASS_POS_SUBNORMAL 0x020
#define CLASS_POS_NORMAL 0x040
#define CLASS_POS_INF 0x080
#define CLASS_SNAN 0x100
#define CLASS_QNAN 0x200

/* A single-precision value in an FP register is valid only when NaN-boxed: the upper 32 bits
 * of the 64-bit register are all ones (unprivileged spec, "NaN Boxing of Narrower Values").
 * Single results are checked as the whole register, so every check also checks the boxing. */
#define BOX 0xffffffff00000000
#define CANON_NAN_S 0x7fc00000
#define CANON_NAN_D 0x7ff8000000000000

#define PAGE_SIZE 4096

#ifdef __ASSEMBLER__

    .option norvc

/* ISA_PROGRAM name: start the program; name is the file name without ".S". Defines the names
 * rt.S prints and opens isa_main, which rt.S calls once with a valid, aligned sp. */
.macro ISA_PROGRAM name
    .section .rodata.isa_program, "a"
    .globl isa_program_name
isa_program_name:
    .asciz "\name"
    .globl isa_program_file
isa_program_file:
    .asciz "\name\().S"
    .text
    .globl isa_main
    .type isa_main, @function
    .balign 4
isa_main:
    addi sp, sp, -16
    sd ra, 8(sp)
.endm

/* ISA_END: return from isa_main to rt.S, which prints the summary and exits. */
.macro ISA_END
    ld ra, 8(sp)
    addi sp, sp, 16
    ret
    .size isa_main, . - isa_main
.endm

/* The check's name as a string in .rodata; \@ makes the label unique per expansion. */
.macro ISA_NAME_TO_A2 name
    .pushsection .rodata.isa_names, "a"
.Lisa_name_\@:
    .asciz "\name"
    .popsection
    lla a2, .Lisa_name_\@
.endm

/* CHECK name, got_reg, expected: one check of a register against a 64-bit constant. */
.macro CHECK name, got, expected
    addi sp, sp, -32
    sd a0, 0(sp)
    sd a1, 8(sp)
    sd a2, 16(sp)
    sd ra, 24(sp)
    mv a0, \got
    li a1, \expected
    ISA_NAME_TO_A2 \name
    call isa_check
    ld a0, 0(sp)
    ld a1, 8(sp)
    ld a2, 16(sp)
    ld ra, 24(sp)
    addi sp, sp, 32
.endm

/* CHECK_REG name, got_reg, expected_reg: one check of a register against another. Both are
 * parked on the stack first so either may be a0 or a1 (but not sp: copy it first). */
.macro CHECK_REG name, got, expected
    addi sp, sp, -48
    sd a0, 0(sp)
    sd a1, 8(sp)
    sd a2, 16(sp)
    sd ra, 24(sp)
    sd \got, 32(sp)
    sd \expected, 40(sp)
    ld a0, 32(sp)
    ld a1, 40(sp)
    ISA_NAME_TO_A2 \name
    call isa_check
    ld a0, 0(sp)
    ld a1, 8(sp)
    ld a2, 16(sp)
    ld ra, 24(sp)
    addi sp, sp, 48
.endm

/* ---- integer register-register and register-immediate operations ---------------------- */

/* TEST_RR name, inst, expected, a, b: t2 = inst(a, b) with distinct rd, rs1, rs2. */
.macro TEST_RR name, inst, expected, a, b
    li t0, \a
    li t1, \b
    \inst t2, t0, t1
    CHECK \name, t2, \expected
.endm

/* TEST_RR_SAME name, inst, expected, a, b: rd == rs1, so rs1 must be read before rd is
 * written. */
.macro TEST_RR_SAME name, inst, expected, a, b
    li t0, \a
    li t1, \b
    \inst t0, t0, t1
    CHECK \name, t0, \expected
.endm

/* TEST_RI name, inst, expected, a, imm: t2 = inst(a, imm). */
.macro TEST_RI name, inst, expected, a, imm
    li t0, \a
    \inst t2, t0, \imm
    CHECK \name, t2, \expected
.endm

/* ---- floating point -------------------------------------------------------------------- */

/* FP_SET_FRM rm, frm: before an op with rounding mode rm, put frm in the frm CSR. With a
 * static rm and no frm given, frm is set to a decoy mode that rounds differently, so an
 * implementation that ignored the instruction's rm field would fail. With rm = dyn the test
 * names frm. */
.macro FP_SET_FRM rm, frm
.ifnb \frm
    fsrmi \frm
.else
.ifc \rm,rdn
    fsrmi FRM_RUP
.else
    fsrmi FRM_RDN
.endif
.endif
.endm

/* FP_OP_RM rm, inst, operands: emit "inst operands, rm". rm = exact omits the field, for the
 * conversions that cannot round (fcvt.d.s, fcvt.d.w, fcvt.d.wu), which take no rm in the
 * assembler (it encodes rm = rne for them). */
.macro FP_OP_RM rm, inst, operands:vararg
.ifc \rm,exact
    \inst \operands
.else
    \inst \operands, \rm
.endif
.endm

/* Load a 32-bit pattern into an FP register NaN-boxed (fmv.w.x boxes) and a 64-bit one as is. */
.macro FLOAD_S freg, bits
    li t0, \bits
    fmv.w.x \freg, t0
.endm
.macro FLOAD_D freg, bits
    li t0, \bits
    fmv.d.x \freg, t0
.endm

/* FP_CHECK_RESULT name, freg, expected, flags: the whole 64-bit register and fflags. */
.macro FP_CHECK_RESULT name, freg, expected, flags
    frflags t1
    fmv.x.d t0, \freg
    CHECK \name, t0, \expected
    CHECK \name\().flags, t1, \flags
.endm

/* TEST_F2 name, inst, rm, P, expected, flags, a, b [, frm]: ft3 = inst(ft0, ft1) in rounding
 * mode rm (rne, rtz, rdn, rup, rmm, dyn, or exact for no rm field); P is S or D (how the operands are loaded); expected is the full 64-bit register,
 * so single results include BOX. */
.macro TEST_F2 name, inst, rm, P, expected, flags, a, b, frm
    FLOAD_\P ft0, \a
    FLOAD_\P ft1, \b
    FP_SET_FRM \rm, \frm
    fsflagsi 0
    FP_OP_RM \rm, \inst, ft3, ft0, ft1
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

/* TEST_F3: the fused multiply-adds, ft3 = inst(ft0, ft1, ft2). */
.macro TEST_F3 name, inst, rm, P, expected, flags, a, b, c, frm
    FLOAD_\P ft0, \a
    FLOAD_\P ft1, \b
    FLOAD_\P ft2, \c
    FP_SET_FRM \rm, \frm
    fsflagsi 0
    FP_OP_RM \rm, \inst, ft3, ft0, ft1, ft2
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

/* TEST_F1: one-operand ops with a rounding mode (fsqrt, fcvt between FP formats). The
 * operand is loaded as format P. */
.macro TEST_F1 name, inst, rm, P, expected, flags, a, frm
    FLOAD_\P ft0, \a
    FP_SET_FRM \rm, \frm
    fsflagsi 0
    FP_OP_RM \rm, \inst, ft3, ft0
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

/* TEST_F2_NORM: two-operand ops without a rounding mode (fsgnj*, fmin, fmax). */
.macro TEST_F2_NORM name, inst, P, expected, flags, a, b
    FLOAD_\P ft0, \a
    FLOAD_\P ft1, \b
    fsflagsi 0
    \inst ft3, ft0, ft1
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

/* TEST_FCMP name, inst, P, expected, flags, a, b: comparisons, t2 = inst(ft0, ft1), and
 * fflags. TEST_FCLASS name, inst, P, expected, a: t2 = fclass(ft0). */
.macro TEST_FCMP name, inst, P, expected, flags, a, b
    FLOAD_\P ft0, \a
    FLOAD_\P ft1, \b
    fsflagsi 0
    \inst t2, ft0, ft1
    frflags t1
    CHECK \name, t2, \expected
    CHECK \name\().flags, t1, \flags
.endm

.macro TEST_FCLASS name, inst, P, expected, a
    FLOAD_\P ft0, \a
    \inst t2, ft0
    CHECK \name, t2, \expected
.endm

/* TEST_FCVT_TO_INT name, inst, rm, P, expected, flags, a [, frm]: t2 = inst(ft0) to an
 * integer register; expected is the full 64-bit register (W results are sign-extended). */
.macro TEST_FCVT_TO_INT name, inst, rm, P, expected, flags, a, frm
    FLOAD_\P ft0, \a
    FP_SET_FRM \rm, \frm
    fsflagsi 0
    FP_OP_RM \rm, \inst, t2, ft0
    frflags t1
    CHECK \name, t2, \expected
    CHECK \name\().flags, t1, \flags
.endm

/* TEST_FCVT_FROM_INT name, inst, rm, expected, flags, a [, frm]: ft3 = inst(integer a). */
.macro TEST_FCVT_FROM_INT name, inst, rm, expected, flags, a, frm
    li t2, \a
    FP_SET_FRM \rm, \frm
    fsflagsi 0
    FP_OP_RM \rm, \inst, ft3, t2
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

#endif /* __ASSEMBLER__ */
#endif /* ISA_H */
