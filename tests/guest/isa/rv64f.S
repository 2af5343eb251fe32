/*
 * tests/guest/isa/rv64f.S - the F extension on RV64 (unprivileged spec chapter "F Standard
 * Extension for Single-Precision Floating-Point", IEEE 754-2008).
 *
 * Every result is checked as the whole 64-bit FP register (so NaN boxing is checked on every
 * op) together with fflags. The rounding sweep runs each arithmetic op in the five static
 * modes and in dynamic mode under each frm value, on operands whose exact result lies between
 * two floats: "tie" cases sit exactly half-way with the lower neighbour even, so rne and rmm
 * differ; "neg" cases are negative, so rdn and rup differ from rtz. The fused ops' tie cases
 * are ties only when the product is not rounded first. The expected bits were worked out with
 * exact rational arithmetic under the spec's rules (RISC-V detects tininess after rounding;
 * every NaN result is the canonical NaN 0x7fc00000) and agree with qemu.
 */
#include "isa.h"

/* Single-precision bit patterns used below. */
#define S_ONE 0x3f800000
#define S_MINUS_ONE 0xbf800000
#define S_TWO 0x40000000
#define S_MINUS_TWO 0xc0000000
#define S_HALF 0x3f000000
#define S_MINUS_HALF 0xbf000000
#define S_TWO_AND_HALF 0x40200000
#define S_MINUS_TWO_AND_HALF 0xc0200000
#define S_PLUS_ZERO 0x00000000
#define S_MINUS_ZERO 0x80000000
#define S_PLUS_INF 0x7f800000
#define S_MINUS_INF 0xff800000
#define S_QNAN 0x7fc00000
#define S_QNAN_NEG_PAYLOAD 0xffc12345
#define S_SNAN 0x7f800001
#define S_SNAN_NEG 0xff800001
#define S_MAX 0x7f7fffff
#define S_MINUS_MAX 0xff7fffff
#define S_MIN_NORMAL 0x00800000
#define S_MIN_SUBNORMAL 0x00000001
#define S_MAX_SUBNORMAL 0x007fffff
#define S_2_POW_MINUS_75 0x1a000000
#define S_MINUS_2_POW_MINUS_76 0x99800000
#define S_2_POW_MINUS_100 0x0d800000
#define S_2_POW_MINUS_40 0x2b800000
#define S_3E9 0x4f32d05e
#define S_5E9 0x4f9502f9
#define S_2_POW_31 0x4f000000
#define S_MINUS_2_POW_31 0xcf000000
#define S_2_POW_63 0x5f000000
#define S_MINUS_2_POW_63 0xdf000000
#define S_2_POW_64 0x5f800000
#define S_ONE_MINUS_ULP 0x3f7fffff
#define INT32_MAX_SEXT 0x7fffffff
#define INT32_MIN_SEXT 0xffffffff80000000
#define ALL_ONES 0xffffffffffffffff
#define INT64_MAX 0x7fffffffffffffff
#define INT64_MIN 0x8000000000000000
#define TWO_POW_24_PLUS_1 0x1000001

/* An FP register whose upper 32 bits are not all ones does not hold a valid single: single
 * ops read it as the canonical NaN. fmv.d.x puts such a value in place. */
#define UNBOXED_ONE 0x000000003f800000
#define UNBOXED_MINUS_ONE 0x00000000bf800000
#define ALMOST_BOXED_ONE 0xfffffffe3f800000

/* TEST_UNBOXED2 name, inst, expected, flags, a64, b64: like TEST_F2_NORM but the operands are
 * raw 64-bit register images, so a may be unboxed. */
.macro TEST_UNBOXED2 name, inst, expected, flags, a, b
    FLOAD_D ft0, \a
    FLOAD_D ft1, \b
    fsflagsi 0
    \inst ft3, ft0, ft1
    FP_CHECK_RESULT \name, ft3, \expected, \flags
.endm

    .data
    .balign 8
f_memory:
    .word S_MINUS_TWO, 0
f_store_target:
    .dword 0

ISA_PROGRAM rv64f

    /* ---- rounding sweep ---- */
    TEST_F2 fadd_tie_rne, fadd.s, rne, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000
    TEST_F2 fadd_tie_rtz, fadd.s, rtz, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000
    TEST_F2 fadd_tie_rdn, fadd.s, rdn, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000
    TEST_F2 fadd_tie_rup, fadd.s, rup, S, BOX | 0x3f800001, NX, 0x3f800000, 0x33800000
    TEST_F2 fadd_tie_rmm, fadd.s, rmm, S, BOX | 0x3f800001, NX, 0x3f800000, 0x33800000
    TEST_F2 fadd_tie_dyn_rne, fadd.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000, FRM_RNE
    TEST_F2 fadd_tie_dyn_rtz, fadd.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000, FRM_RTZ
    TEST_F2 fadd_tie_dyn_rdn, fadd.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800000, 0x33800000, FRM_RDN
    TEST_F2 fadd_tie_dyn_rup, fadd.s, dyn, S, BOX | 0x3f800001, NX, 0x3f800000, 0x33800000, FRM_RUP
    TEST_F2 fadd_tie_dyn_rmm, fadd.s, dyn, S, BOX | 0x3f800001, NX, 0x3f800000, 0x33800000, FRM_RMM
    TEST_F2 fadd_neg_rne, fadd.s, rne, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000
    TEST_F2 fadd_neg_rtz, fadd.s, rtz, S, BOX | 0xbf800000, NX, 0xbf800000, 0xb3c00000
    TEST_F2 fadd_neg_rdn, fadd.s, rdn, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000
    TEST_F2 fadd_neg_rup, fadd.s, rup, S, BOX | 0xbf800000, NX, 0xbf800000, 0xb3c00000
    TEST_F2 fadd_neg_rmm, fadd.s, rmm, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000
    TEST_F2 fadd_neg_dyn_rne, fadd.s, dyn, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000, FRM_RNE
    TEST_F2 fadd_neg_dyn_rtz, fadd.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0xb3c00000, FRM_RTZ
    TEST_F2 fadd_neg_dyn_rdn, fadd.s, dyn, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000, FRM_RDN
    TEST_F2 fadd_neg_dyn_rup, fadd.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0xb3c00000, FRM_RUP
    TEST_F2 fadd_neg_dyn_rmm, fadd.s, dyn, S, BOX | 0xbf800001, NX, 0xbf800000, 0xb3c00000, FRM_RMM
    TEST_F2 fsub_tie_rne, fsub.s, rne, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000
    TEST_F2 fsub_tie_rtz, fsub.s, rtz, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000
    TEST_F2 fsub_tie_rdn, fsub.s, rdn, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000
    TEST_F2 fsub_tie_rup, fsub.s, rup, S, BOX | 0x3f800001, NX, 0x3f800001, 0x33800000
    TEST_F2 fsub_tie_rmm, fsub.s, rmm, S, BOX | 0x3f800001, NX, 0x3f800001, 0x33800000
    TEST_F2 fsub_tie_dyn_rne, fsub.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000, FRM_RNE
    TEST_F2 fsub_tie_dyn_rtz, fsub.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000, FRM_RTZ
    TEST_F2 fsub_tie_dyn_rdn, fsub.s, dyn, S, BOX | 0x3f800000, NX, 0x3f800001, 0x33800000, FRM_RDN
    TEST_F2 fsub_tie_dyn_rup, fsub.s, dyn, S, BOX | 0x3f800001, NX, 0x3f800001, 0x33800000, FRM_RUP
    TEST_F2 fsub_tie_dyn_rmm, fsub.s, dyn, S, BOX | 0x3f800001, NX, 0x3f800001, 0x33800000, FRM_RMM
    TEST_F2 fsub_neg_rne, fsub.s, rne, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000
    TEST_F2 fsub_neg_rtz, fsub.s, rtz, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000
    TEST_F2 fsub_neg_rdn, fsub.s, rdn, S, BOX | 0xbf800001, NX, 0xbf800000, 0x33000000
    TEST_F2 fsub_neg_rup, fsub.s, rup, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000
    TEST_F2 fsub_neg_rmm, fsub.s, rmm, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000
    TEST_F2 fsub_neg_dyn_rne, fsub.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000, FRM_RNE
    TEST_F2 fsub_neg_dyn_rtz, fsub.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000, FRM_RTZ
    TEST_F2 fsub_neg_dyn_rdn, fsub.s, dyn, S, BOX | 0xbf800001, NX, 0xbf800000, 0x33000000, FRM_RDN
    TEST_F2 fsub_neg_dyn_rup, fsub.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000, FRM_RUP
    TEST_F2 fsub_neg_dyn_rmm, fsub.s, dyn, S, BOX | 0xbf800000, NX, 0xbf800000, 0x33000000, FRM_RMM
    TEST_F2 fmul_tie_rne, fmul.s, rne, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400
    TEST_F2 fmul_tie_rtz, fmul.s, rtz, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400
    TEST_F2 fmul_tie_rdn, fmul.s, rdn, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400
    TEST_F2 fmul_tie_rup, fmul.s, rup, S, BOX | 0x3f801401, NX, 0x3f801000, 0x3f800400
    TEST_F2 fmul_tie_rmm, fmul.s, rmm, S, BOX | 0x3f801401, NX, 0x3f801000, 0x3f800400
    TEST_F2 fmul_tie_dyn_rne, fmul.s, dyn, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400, FRM_RNE
    TEST_F2 fmul_tie_dyn_rtz, fmul.s, dyn, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400, FRM_RTZ
    TEST_F2 fmul_tie_dyn_rdn, fmul.s, dyn, S, BOX | 0x3f801400, NX, 0x3f801000, 0x3f800400, FRM_RDN
    TEST_F2 fmul_tie_dyn_rup, fmul.s, dyn, S, BOX | 0x3f801401, NX, 0x3f801000, 0x3f800400, FRM_RUP
    TEST_F2 fmul_tie_dyn_rmm, fmul.s, dyn, S, BOX | 0x3f801401, NX, 0x3f801000, 0x3f800400, FRM_RMM
    TEST_F2 fmul_neg_rne, fmul.s, rne, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000
    TEST_F2 fmul_neg_rtz, fmul.s, rtz, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000
    TEST_F2 fmul_neg_rdn, fmul.s, rdn, S, BOX | 0xbfa00002, NX, 0xbf800001, 0x3fa00000
    TEST_F2 fmul_neg_rup, fmul.s, rup, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000
    TEST_F2 fmul_neg_rmm, fmul.s, rmm, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000
    TEST_F2 fmul_neg_dyn_rne, fmul.s, dyn, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000, FRM_RNE
    TEST_F2 fmul_neg_dyn_rtz, fmul.s, dyn, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000, FRM_RTZ
    TEST_F2 fmul_neg_dyn_rdn, fmul.s, dyn, S, BOX | 0xbfa00002, NX, 0xbf800001, 0x3fa00000, FRM_RDN
    TEST_F2 fmul_neg_dyn_rup, fmul.s, dyn, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000, FRM_RUP
    TEST_F2 fmul_neg_dyn_rmm, fmul.s, dyn, S, BOX | 0xbfa00001, NX, 0xbf800001, 0x3fa00000, FRM_RMM
    TEST_F2 fdiv_third_rne, fdiv.s, rne, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000
    TEST_F2 fdiv_third_rtz, fdiv.s, rtz, S, BOX | 0x3eaaaaaa, NX, 0x3f800000, 0x40400000
    TEST_F2 fdiv_third_rdn, fdiv.s, rdn, S, BOX | 0x3eaaaaaa, NX, 0x3f800000, 0x40400000
    TEST_F2 fdiv_third_rup, fdiv.s, rup, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000
    TEST_F2 fdiv_third_rmm, fdiv.s, rmm, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000
    TEST_F2 fdiv_third_dyn_rne, fdiv.s, dyn, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000, FRM_RNE
    TEST_F2 fdiv_third_dyn_rtz, fdiv.s, dyn, S, BOX | 0x3eaaaaaa, NX, 0x3f800000, 0x40400000, FRM_RTZ
    TEST_F2 fdiv_third_dyn_rdn, fdiv.s, dyn, S, BOX | 0x3eaaaaaa, NX, 0x3f800000, 0x40400000, FRM_RDN
    TEST_F2 fdiv_third_dyn_rup, fdiv.s, dyn, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000, FRM_RUP
    TEST_F2 fdiv_third_dyn_rmm, fdiv.s, dyn, S, BOX | 0x3eaaaaab, NX, 0x3f800000, 0x40400000, FRM_RMM
    TEST_F2 fdiv_neg_rne, fdiv.s, rne, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000
    TEST_F2 fdiv_neg_rtz, fdiv.s, rtz, S, BOX | 0xbf2aaaaa, NX, 0xc0000000, 0x40400000
    TEST_F2 fdiv_neg_rdn, fdiv.s, rdn, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000
    TEST_F2 fdiv_neg_rup, fdiv.s, rup, S, BOX | 0xbf2aaaaa, NX, 0xc0000000, 0x40400000
    TEST_F2 fdiv_neg_rmm, fdiv.s, rmm, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000
    TEST_F2 fdiv_neg_dyn_rne, fdiv.s, dyn, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000, FRM_RNE
    TEST_F2 fdiv_neg_dyn_rtz, fdiv.s, dyn, S, BOX | 0xbf2aaaaa, NX, 0xc0000000, 0x40400000, FRM_RTZ
    TEST_F2 fdiv_neg_dyn_rdn, fdiv.s, dyn, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000, FRM_RDN
    TEST_F2 fdiv_neg_dyn_rup, fdiv.s, dyn, S, BOX | 0xbf2aaaaa, NX, 0xc0000000, 0x40400000, FRM_RUP
    TEST_F2 fdiv_neg_dyn_rmm, fdiv.s, dyn, S, BOX | 0xbf2aaaab, NX, 0xc0000000, 0x40400000, FRM_RMM
    TEST_F1 fsqrt_two_rne, fsqrt.s, rne, S, BOX | 0x3fb504f3, NX, 0x40000000
    TEST_F1 fsqrt_two_rtz, fsqrt.s, rtz, S, BOX | 0x3fb504f3, NX, 0x40000000
    TEST_F1 fsqrt_two_rdn, fsqrt.s, rdn, S, BOX | 0x3fb504f3, NX, 0x40000000
    TEST_F1 fsqrt_two_rup, fsqrt.s, rup, S, BOX | 0x3fb504f4, NX, 0x40000000
    TEST_F1 fsqrt_two_rmm, fsqrt.s, rmm, S, BOX | 0x3fb504f3, NX, 0x40000000
    TEST_F1 fsqrt_two_dyn_rne, fsqrt.s, dyn, S, BOX | 0x3fb504f3, NX, 0x40000000, FRM_RNE
    TEST_F1 fsqrt_two_dyn_rtz, fsqrt.s, dyn, S, BOX | 0x3fb504f3, NX, 0x40000000, FRM_RTZ
    TEST_F1 fsqrt_two_dyn_rdn, fsqrt.s, dyn, S, BOX | 0x3fb504f3, NX, 0x40000000, FRM_RDN
    TEST_F1 fsqrt_two_dyn_rup, fsqrt.s, dyn, S, BOX | 0x3fb504f4, NX, 0x40000000, FRM_RUP
    TEST_F1 fsqrt_two_dyn_rmm, fsqrt.s, dyn, S, BOX | 0x3fb504f3, NX, 0x40000000, FRM_RMM
    TEST_F1 fsqrt_three_rne, fsqrt.s, rne, S, BOX | 0x3fddb3d7, NX, 0x40400000
    TEST_F1 fsqrt_three_rtz, fsqrt.s, rtz, S, BOX | 0x3fddb3d7, NX, 0x40400000
    TEST_F1 fsqrt_three_rdn, fsqrt.s, rdn, S, BOX | 0x3fddb3d7, NX, 0x40400000
    TEST_F1 fsqrt_three_rup, fsqrt.s, rup, S, BOX | 0x3fddb3d8, NX, 0x40400000
    TEST_F1 fsqrt_three_rmm, fsqrt.s, rmm, S, BOX | 0x3fddb3d7, NX, 0x40400000
    TEST_F1 fsqrt_three_dyn_rne, fsqrt.s, dyn, S, BOX | 0x3fddb3d7, NX, 0x40400000, FRM_RNE
    TEST_F1 fsqrt_three_dyn_rtz, fsqrt.s, dyn, S, BOX | 0x3fddb3d7, NX, 0x40400000, FRM_RTZ
    TEST_F1 fsqrt_three_dyn_rdn, fsqrt.s, dyn, S, BOX | 0x3fddb3d7, NX, 0x40400000, FRM_RDN
    TEST_F1 fsqrt_three_dyn_rup, fsqrt.s, dyn, S, BOX | 0x3fddb3d8, NX, 0x40400000, FRM_RUP
    TEST_F1 fsqrt_three_dyn_rmm, fsqrt.s, dyn, S, BOX | 0x3fddb3d7, NX, 0x40400000, FRM_RMM
    TEST_F3 fmadd_tie_rne, fmadd.s, rne, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000
    TEST_F3 fmadd_tie_rtz, fmadd.s, rtz, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000
    TEST_F3 fmadd_tie_rdn, fmadd.s, rdn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000
    TEST_F3 fmadd_tie_rup, fmadd.s, rup, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000
    TEST_F3 fmadd_tie_rmm, fmadd.s, rmm, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000
    TEST_F3 fmadd_tie_dyn_rne, fmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000, FRM_RNE
    TEST_F3 fmadd_tie_dyn_rtz, fmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000, FRM_RTZ
    TEST_F3 fmadd_tie_dyn_rdn, fmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000, FRM_RDN
    TEST_F3 fmadd_tie_dyn_rup, fmadd.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000, FRM_RUP
    TEST_F3 fmadd_tie_dyn_rmm, fmadd.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000, FRM_RMM
    TEST_F3 fmadd_neg_rne, fmadd.s, rne, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000
    TEST_F3 fmadd_neg_rtz, fmadd.s, rtz, S, BOX | 0xb5000000, NX, 0xbf800001, 0x3f800003, 0x3f800000
    TEST_F3 fmadd_neg_rdn, fmadd.s, rdn, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000
    TEST_F3 fmadd_neg_rup, fmadd.s, rup, S, BOX | 0xb5000000, NX, 0xbf800001, 0x3f800003, 0x3f800000
    TEST_F3 fmadd_neg_rmm, fmadd.s, rmm, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000
    TEST_F3 fmadd_neg_dyn_rne, fmadd.s, dyn, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000, FRM_RNE
    TEST_F3 fmadd_neg_dyn_rtz, fmadd.s, dyn, S, BOX | 0xb5000000, NX, 0xbf800001, 0x3f800003, 0x3f800000, FRM_RTZ
    TEST_F3 fmadd_neg_dyn_rdn, fmadd.s, dyn, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000, FRM_RDN
    TEST_F3 fmadd_neg_dyn_rup, fmadd.s, dyn, S, BOX | 0xb5000000, NX, 0xbf800001, 0x3f800003, 0x3f800000, FRM_RUP
    TEST_F3 fmadd_neg_dyn_rmm, fmadd.s, dyn, S, BOX | 0xb5000001, NX, 0xbf800001, 0x3f800003, 0x3f800000, FRM_RMM
    TEST_F3 fmsub_tie_rne, fmsub.s, rne, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000
    TEST_F3 fmsub_tie_rtz, fmsub.s, rtz, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000
    TEST_F3 fmsub_tie_rdn, fmsub.s, rdn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000
    TEST_F3 fmsub_tie_rup, fmsub.s, rup, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0x3f800000
    TEST_F3 fmsub_tie_rmm, fmsub.s, rmm, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0x3f800000
    TEST_F3 fmsub_tie_dyn_rne, fmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000, FRM_RNE
    TEST_F3 fmsub_tie_dyn_rtz, fmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000, FRM_RTZ
    TEST_F3 fmsub_tie_dyn_rdn, fmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0x3f800001, 0x3f800000, FRM_RDN
    TEST_F3 fmsub_tie_dyn_rup, fmsub.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0x3f800000, FRM_RUP
    TEST_F3 fmsub_tie_dyn_rmm, fmsub.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0x3f800001, 0x3f800000, FRM_RMM
    TEST_F3 fmsub_neg_rne, fmsub.s, rne, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000
    TEST_F3 fmsub_neg_rtz, fmsub.s, rtz, S, BOX | 0xb5000000, NX, 0x3f800001, 0xbf800003, 0xbf800000
    TEST_F3 fmsub_neg_rdn, fmsub.s, rdn, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000
    TEST_F3 fmsub_neg_rup, fmsub.s, rup, S, BOX | 0xb5000000, NX, 0x3f800001, 0xbf800003, 0xbf800000
    TEST_F3 fmsub_neg_rmm, fmsub.s, rmm, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000
    TEST_F3 fmsub_neg_dyn_rne, fmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000, FRM_RNE
    TEST_F3 fmsub_neg_dyn_rtz, fmsub.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0xbf800003, 0xbf800000, FRM_RTZ
    TEST_F3 fmsub_neg_dyn_rdn, fmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000, FRM_RDN
    TEST_F3 fmsub_neg_dyn_rup, fmsub.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0xbf800003, 0xbf800000, FRM_RUP
    TEST_F3 fmsub_neg_dyn_rmm, fmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0xbf800003, 0xbf800000, FRM_RMM
    TEST_F3 fnmsub_tie_rne, fnmsub.s, rne, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000
    TEST_F3 fnmsub_tie_rtz, fnmsub.s, rtz, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000
    TEST_F3 fnmsub_tie_rdn, fnmsub.s, rdn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000
    TEST_F3 fnmsub_tie_rup, fnmsub.s, rup, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0xbf800000
    TEST_F3 fnmsub_tie_rmm, fnmsub.s, rmm, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0xbf800000
    TEST_F3 fnmsub_tie_dyn_rne, fnmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000, FRM_RNE
    TEST_F3 fnmsub_tie_dyn_rtz, fnmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000, FRM_RTZ
    TEST_F3 fnmsub_tie_dyn_rdn, fnmsub.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0xbf800000, FRM_RDN
    TEST_F3 fnmsub_tie_dyn_rup, fnmsub.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0xbf800000, FRM_RUP
    TEST_F3 fnmsub_tie_dyn_rmm, fnmsub.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0xbf800000, FRM_RMM
    TEST_F3 fnmsub_neg_rne, fnmsub.s, rne, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000
    TEST_F3 fnmsub_neg_rtz, fnmsub.s, rtz, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0x3f800000
    TEST_F3 fnmsub_neg_rdn, fnmsub.s, rdn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000
    TEST_F3 fnmsub_neg_rup, fnmsub.s, rup, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0x3f800000
    TEST_F3 fnmsub_neg_rmm, fnmsub.s, rmm, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000
    TEST_F3 fnmsub_neg_dyn_rne, fnmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000, FRM_RNE
    TEST_F3 fnmsub_neg_dyn_rtz, fnmsub.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0x3f800000, FRM_RTZ
    TEST_F3 fnmsub_neg_dyn_rdn, fnmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000, FRM_RDN
    TEST_F3 fnmsub_neg_dyn_rup, fnmsub.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0x3f800000, FRM_RUP
    TEST_F3 fnmsub_neg_dyn_rmm, fnmsub.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0x3f800000, FRM_RMM
    TEST_F3 fnmadd_tie_rne, fnmadd.s, rne, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000
    TEST_F3 fnmadd_tie_rtz, fnmadd.s, rtz, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000
    TEST_F3 fnmadd_tie_rdn, fnmadd.s, rdn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000
    TEST_F3 fnmadd_tie_rup, fnmadd.s, rup, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0x3f800000
    TEST_F3 fnmadd_tie_rmm, fnmadd.s, rmm, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0x3f800000
    TEST_F3 fnmadd_tie_dyn_rne, fnmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000, FRM_RNE
    TEST_F3 fnmadd_tie_dyn_rtz, fnmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000, FRM_RTZ
    TEST_F3 fnmadd_tie_dyn_rdn, fnmadd.s, dyn, S, BOX | 0x34800000, NX, 0x3f800001, 0xbf800001, 0x3f800000, FRM_RDN
    TEST_F3 fnmadd_tie_dyn_rup, fnmadd.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0x3f800000, FRM_RUP
    TEST_F3 fnmadd_tie_dyn_rmm, fnmadd.s, dyn, S, BOX | 0x34800001, NX, 0x3f800001, 0xbf800001, 0x3f800000, FRM_RMM
    TEST_F3 fnmadd_neg_rne, fnmadd.s, rne, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000
    TEST_F3 fnmadd_neg_rtz, fnmadd.s, rtz, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0xbf800000
    TEST_F3 fnmadd_neg_rdn, fnmadd.s, rdn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000
    TEST_F3 fnmadd_neg_rup, fnmadd.s, rup, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0xbf800000
    TEST_F3 fnmadd_neg_rmm, fnmadd.s, rmm, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000
    TEST_F3 fnmadd_neg_dyn_rne, fnmadd.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000, FRM_RNE
    TEST_F3 fnmadd_neg_dyn_rtz, fnmadd.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0xbf800000, FRM_RTZ
    TEST_F3 fnmadd_neg_dyn_rdn, fnmadd.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000, FRM_RDN
    TEST_F3 fnmadd_neg_dyn_rup, fnmadd.s, dyn, S, BOX | 0xb5000000, NX, 0x3f800001, 0x3f800003, 0xbf800000, FRM_RUP
    TEST_F3 fnmadd_neg_dyn_rmm, fnmadd.s, dyn, S, BOX | 0xb5000001, NX, 0x3f800001, 0x3f800003, 0xbf800000, FRM_RMM

    /* ---- overflow, underflow, subnormals ---- */
    TEST_F2 fmul_overflow_rne, fmul.s, rne, S, BOX | S_PLUS_INF, OF | NX, S_MAX, S_TWO
    TEST_F2 fmul_overflow_rtz_max, fmul.s, rtz, S, BOX | S_MAX, OF | NX, S_MAX, S_TWO
    TEST_F2 fmul_overflow_neg_rdn, fmul.s, rdn, S, BOX | S_MINUS_INF, OF | NX, S_MINUS_MAX, S_TWO
    TEST_F2 fmul_overflow_neg_rup, fmul.s, rup, S, BOX | S_MINUS_MAX, OF | NX, S_MINUS_MAX, S_TWO
    TEST_F2 fadd_overflow_rmm, fadd.s, rmm, S, BOX | S_PLUS_INF, OF | NX, S_MAX, S_MAX
    /* an exact subnormal result is not an underflow */
    TEST_F2 fmul_exact_subnormal, fmul.s, rne, S, BOX | 0x00400000, 0, S_MIN_NORMAL, S_HALF
    TEST_F2 fmul_exact_deep_subnormal, fmul.s, rne, S, BOX | 0x00000200, 0, S_2_POW_MINUS_100, S_2_POW_MINUS_40
    TEST_F2 fmul_subnormal_tie_rne, fmul.s, rne, S, BOX | 0x00400000, UF | NX, 0x00800001, S_HALF
    TEST_F2 fmul_subnormal_tie_rup, fmul.s, rup, S, BOX | 0x00400001, UF | NX, 0x00800001, S_HALF
    TEST_F2 fdiv_underflow_to_zero, fdiv.s, rne, S, BOX | S_PLUS_ZERO, UF | NX, S_MIN_SUBNORMAL, S_TWO
    TEST_F2 fdiv_underflow_rup_min_subnormal, fdiv.s, rup, S, BOX | S_MIN_SUBNORMAL, UF | NX, S_MIN_SUBNORMAL, S_TWO
    TEST_F2 fadd_subnormals_exact, fadd.s, rne, S, BOX | S_MIN_NORMAL, 0, S_MIN_SUBNORMAL, S_MAX_SUBNORMAL
    /* 2^-126 * (1 - 2^-24) is tiny even after rounding with an unbounded exponent, so UF is
     * set although the rounded result is the smallest normal */
    TEST_F2 fmul_rounds_up_to_min_normal_tiny, fmul.s, rne, S, BOX | S_MIN_NORMAL, UF | NX, S_MIN_NORMAL, S_ONE_MINUS_ULP
    /* 2^-126 - 2^-151 rounds (unbounded exponent) to 2^-126: not tiny after rounding, no UF;
     * rounded toward zero it stays tiny */
    TEST_F3 fmadd_tininess_after_rounding_rne, fmadd.s, rne, S, BOX | S_MIN_NORMAL, NX, S_2_POW_MINUS_75, S_MINUS_2_POW_MINUS_76, S_MIN_NORMAL
    TEST_F3 fmadd_tininess_after_rounding_rtz, fmadd.s, rtz, S, BOX | S_MAX_SUBNORMAL, UF | NX, S_2_POW_MINUS_75, S_MINUS_2_POW_MINUS_76, S_MIN_NORMAL

    /* ---- divide by zero and invalid ---- */
    TEST_F2 fdiv_by_zero, fdiv.s, rne, S, BOX | S_PLUS_INF, DZ, S_ONE, S_PLUS_ZERO
    TEST_F2 fdiv_negative_by_zero, fdiv.s, rne, S, BOX | S_MINUS_INF, DZ, S_MINUS_ONE, S_PLUS_ZERO
    TEST_F2 fdiv_by_minus_zero, fdiv.s, rne, S, BOX | S_MINUS_INF, DZ, S_ONE, S_MINUS_ZERO
    TEST_F2 fdiv_zero_by_zero, fdiv.s, rne, S, BOX | CANON_NAN_S, NV, S_PLUS_ZERO, S_PLUS_ZERO
    TEST_F2 fdiv_inf_by_inf, fdiv.s, rne, S, BOX | CANON_NAN_S, NV, S_PLUS_INF, S_MINUS_INF
    TEST_F2 fdiv_by_inf_is_zero, fdiv.s, rne, S, BOX | S_MINUS_ZERO, 0, S_ONE, S_MINUS_INF
    TEST_F2 fsub_inf_minus_inf, fsub.s, rne, S, BOX | CANON_NAN_S, NV, S_PLUS_INF, S_PLUS_INF
    TEST_F2 fadd_inf_plus_minus_inf, fadd.s, rne, S, BOX | CANON_NAN_S, NV, S_MINUS_INF, S_PLUS_INF
    TEST_F2 fmul_zero_times_inf, fmul.s, rne, S, BOX | CANON_NAN_S, NV, S_MINUS_ZERO, S_PLUS_INF
    TEST_F1 fsqrt_negative, fsqrt.s, rne, S, BOX | CANON_NAN_S, NV, S_MINUS_ONE
    TEST_F1 fsqrt_minus_zero, fsqrt.s, rne, S, BOX | S_MINUS_ZERO, 0, S_MINUS_ZERO
    TEST_F1 fsqrt_inf, fsqrt.s, rne, S, BOX | S_PLUS_INF, 0, S_PLUS_INF
    TEST_F1 fsqrt_exact, fsqrt.s, rne, S, BOX | 0x40400000, 0, 0x41100000

    /* ---- NaN inputs give the canonical NaN; only signalling ones raise NV ---- */
    TEST_F2 fadd_qnan_is_canonical, fadd.s, rne, S, BOX | CANON_NAN_S, 0, S_QNAN_NEG_PAYLOAD, S_ONE
    TEST_F2 fadd_snan_invalid, fadd.s, rne, S, BOX | CANON_NAN_S, NV, S_SNAN, S_ONE
    TEST_F2 fmul_snan_second, fmul.s, rne, S, BOX | CANON_NAN_S, NV, S_ONE, S_SNAN_NEG
    TEST_F2 fdiv_qnan_by_zero_no_dz, fdiv.s, rne, S, BOX | CANON_NAN_S, 0, S_QNAN, S_PLUS_ZERO
    TEST_F1 fsqrt_snan, fsqrt.s, rne, S, BOX | CANON_NAN_S, NV, S_SNAN
    /* 0 * inf + qNaN: the spec requires NV even though the addend is a quiet NaN */
    TEST_F3 fmadd_zero_inf_qnan_invalid, fmadd.s, rne, S, BOX | CANON_NAN_S, NV, S_PLUS_ZERO, S_PLUS_INF, S_QNAN
    TEST_F3 fmadd_snan_addend, fmadd.s, rne, S, BOX | CANON_NAN_S, NV, S_ONE, S_ONE, S_SNAN
    TEST_F3 fmadd_qnan_multiplicand, fmadd.s, rne, S, BOX | CANON_NAN_S, 0, S_QNAN, S_ONE, S_ONE
    TEST_F3 fmadd_inf_minus_inf, fmadd.s, rne, S, BOX | CANON_NAN_S, NV, S_PLUS_INF, S_ONE, S_MINUS_INF
    TEST_F3 fnmadd_inf, fnmadd.s, rne, S, BOX | S_MINUS_INF, 0, S_PLUS_INF, S_ONE, S_ONE

    /* ---- signs of exact zeros ---- */
    TEST_F2 fadd_cancel_rne_plus_zero, fadd.s, rne, S, BOX | S_PLUS_ZERO, 0, S_ONE, S_MINUS_ONE
    TEST_F2 fadd_cancel_rdn_minus_zero, fadd.s, rdn, S, BOX | S_MINUS_ZERO, 0, S_ONE, S_MINUS_ONE
    TEST_F2 fadd_minus_zeros, fadd.s, rne, S, BOX | S_MINUS_ZERO, 0, S_MINUS_ZERO, S_MINUS_ZERO
    TEST_F2 fadd_mixed_zeros_rne, fadd.s, rne, S, BOX | S_PLUS_ZERO, 0, S_MINUS_ZERO, S_PLUS_ZERO
    TEST_F2 fadd_mixed_zeros_rdn, fadd.s, rdn, S, BOX | S_MINUS_ZERO, 0, S_MINUS_ZERO, S_PLUS_ZERO
    TEST_F2 fsub_zero_minus_zero, fsub.s, rne, S, BOX | S_PLUS_ZERO, 0, S_PLUS_ZERO, S_PLUS_ZERO
    TEST_F2 fmul_negative_zero, fmul.s, rne, S, BOX | S_MINUS_ZERO, 0, S_MINUS_ONE, S_PLUS_ZERO
    TEST_F3 fmsub_exact_zero_rdn, fmsub.s, rdn, S, BOX | S_MINUS_ZERO, 0, S_ONE, S_ONE, S_ONE

    /* ---- NaN boxing ---- */
    li t0, S_ONE
    fmv.w.x ft0, t0
    fmv.x.d t2, ft0
    CHECK fmv_w_x_boxes, t2, BOX | S_ONE
    lla t0, f_memory
    flw ft0, 0(t0)
    fmv.x.d t2, ft0
    CHECK flw_boxes, t2, BOX | S_MINUS_TWO
    fmv.x.w t2, ft0
    CHECK fmv_x_w_sign_extends, t2, 0xffffffffc0000000
    li t0, S_ONE
    fmv.w.x ft0, t0
    fmv.x.w t2, ft0
    CHECK fmv_x_w_positive, t2, S_ONE
    /* transfers out ignore the upper bits: fmv.x.w and fsw take the low word as is */
    li t0, 0x123456789abcdef0
    fmv.d.x ft0, t0
    fmv.x.w t2, ft0
    CHECK fmv_x_w_of_unboxed_takes_low_word, t2, 0xffffffff9abcdef0
    lla t0, f_store_target
    sd x0, 0(t0)
    fsw ft0, 0(t0)
    ld t2, 0(t0)
    CHECK fsw_of_unboxed_stores_low_word, t2, 0x9abcdef0
    /* computational ops read an unboxed value as the canonical NaN (quiet: no NV) */
    TEST_UNBOXED2 fadd_unboxed_is_nan, fadd.s, BOX | CANON_NAN_S, 0, UNBOXED_ONE, BOX | S_ONE
    TEST_UNBOXED2 fadd_almost_boxed_is_nan, fadd.s, BOX | CANON_NAN_S, 0, ALMOST_BOXED_ONE, BOX | S_ONE
    TEST_UNBOXED2 fadd_boxed_by_fmv_d_x, fadd.s, BOX | S_TWO, 0, BOX | S_ONE, BOX | S_ONE
    TEST_UNBOXED2 fsgnj_unboxed_rs1, fsgnj.s, BOX | 0xffc00000, 0, UNBOXED_ONE, BOX | S_MINUS_ONE
    TEST_UNBOXED2 fsgnjn_unboxed_rs1, fsgnjn.s, BOX | CANON_NAN_S, 0, UNBOXED_ONE, BOX | S_MINUS_ONE
    TEST_UNBOXED2 fsgnjx_unboxed_rs1, fsgnjx.s, BOX | 0xffc00000, 0, UNBOXED_ONE, BOX | S_MINUS_ONE
    /* rs2 unboxed: its sign is that of the canonical NaN, 0 */
    TEST_UNBOXED2 fsgnj_unboxed_rs2, fsgnj.s, BOX | S_ONE, 0, BOX | S_MINUS_ONE, UNBOXED_MINUS_ONE
    TEST_UNBOXED2 fmin_unboxed_is_nan, fmin.s, BOX | S_ONE, 0, UNBOXED_MINUS_ONE, BOX | S_ONE
    li t0, UNBOXED_MINUS_ONE
    fmv.d.x ft0, t0
    fclass.s t2, ft0
    CHECK fclass_unboxed_is_qnan, t2, CLASS_QNAN
    fsflagsi 0
    feq.s t2, ft0, ft0
    frflags t1
    CHECK feq_unboxed_is_unordered, t2, 0
    CHECK feq_unboxed_is_unordered.flags, t1, 0

    /* ---- sign injection: no canonicalisation, no flags, even for sNaN ---- */
    TEST_F2_NORM fsgnj_takes_sign, fsgnj.s, S, BOX | S_MINUS_ONE, 0, S_ONE, S_MINUS_TWO
    TEST_F2_NORM fsgnj_positive, fsgnj.s, S, BOX | S_ONE, 0, S_MINUS_ONE, S_TWO
    TEST_F2_NORM fsgnjn_negates_sign, fsgnjn.s, S, BOX | S_ONE, 0, S_ONE, S_MINUS_TWO
    TEST_F2_NORM fsgnjn_self_is_fneg, fsgnjn.s, S, BOX | S_MINUS_INF, 0, S_PLUS_INF, S_PLUS_INF
    TEST_F2_NORM fsgnjx_both_negative, fsgnjx.s, S, BOX | S_ONE, 0, S_MINUS_ONE, S_MINUS_TWO
    TEST_F2_NORM fsgnjx_one_negative, fsgnjx.s, S, BOX | S_MINUS_ONE, 0, S_MINUS_ONE, S_TWO
    TEST_F2_NORM fsgnjx_self_is_fabs, fsgnjx.s, S, BOX | S_PLUS_INF, 0, S_MINUS_INF, S_MINUS_INF
    TEST_F2_NORM fsgnjn_snan_kept, fsgnjn.s, S, BOX | S_SNAN_NEG, 0, S_SNAN, S_ONE
    TEST_F2_NORM fsgnj_qnan_payload_kept, fsgnj.s, S, BOX | 0x7fc12345, 0, S_QNAN_NEG_PAYLOAD, S_ONE

    /* ---- fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber) ---- */
    TEST_F2_NORM fmin_numbers, fmin.s, S, BOX | S_MINUS_ONE, 0, S_ONE, S_MINUS_ONE
    TEST_F2_NORM fmax_numbers, fmax.s, S, BOX | S_ONE, 0, S_ONE, S_MINUS_ONE
    TEST_F2_NORM fmin_qnan_first, fmin.s, S, BOX | S_ONE, 0, S_QNAN, S_ONE
    TEST_F2_NORM fmax_qnan_second, fmax.s, S, BOX | S_MINUS_INF, 0, S_MINUS_INF, S_QNAN
    TEST_F2_NORM fmin_snan_invalid, fmin.s, S, BOX | S_ONE, NV, S_SNAN, S_ONE
    TEST_F2_NORM fmax_snan_invalid, fmax.s, S, BOX | S_ONE, NV, S_ONE, S_SNAN
    TEST_F2_NORM fmin_both_qnan_canonical, fmin.s, S, BOX | CANON_NAN_S, 0, S_QNAN_NEG_PAYLOAD, S_QNAN
    TEST_F2_NORM fmax_snan_and_qnan_canonical, fmax.s, S, BOX | CANON_NAN_S, NV, S_SNAN, S_QNAN
    TEST_F2_NORM fmin_minus_zero_first, fmin.s, S, BOX | S_MINUS_ZERO, 0, S_MINUS_ZERO, S_PLUS_ZERO
    TEST_F2_NORM fmin_minus_zero_second, fmin.s, S, BOX | S_MINUS_ZERO, 0, S_PLUS_ZERO, S_MINUS_ZERO
    TEST_F2_NORM fmax_plus_zero_first, fmax.s, S, BOX | S_PLUS_ZERO, 0, S_PLUS_ZERO, S_MINUS_ZERO
    TEST_F2_NORM fmax_plus_zero_second, fmax.s, S, BOX | S_PLUS_ZERO, 0, S_MINUS_ZERO, S_PLUS_ZERO

    /* ---- comparisons: feq is quiet, flt/fle signal on any NaN ---- */
    TEST_FCMP feq_equal, feq.s, S, 1, 0, S_ONE, S_ONE
    TEST_FCMP feq_zeros, feq.s, S, 1, 0, S_MINUS_ZERO, S_PLUS_ZERO
    TEST_FCMP feq_differ, feq.s, S, 0, 0, S_ONE, S_TWO
    TEST_FCMP feq_qnan_quiet, feq.s, S, 0, 0, S_QNAN, S_ONE
    TEST_FCMP feq_snan_invalid, feq.s, S, 0, NV, S_ONE, S_SNAN
    TEST_FCMP flt_less, flt.s, S, 1, 0, S_MINUS_INF, S_PLUS_INF
    TEST_FCMP flt_greater, flt.s, S, 0, 0, S_TWO, S_ONE
    TEST_FCMP flt_zeros, flt.s, S, 0, 0, S_MINUS_ZERO, S_PLUS_ZERO
    TEST_FCMP flt_qnan_invalid, flt.s, S, 0, NV, S_QNAN, S_ONE
    TEST_FCMP fle_equal, fle.s, S, 1, 0, S_TWO, S_TWO
    TEST_FCMP fle_zeros, fle.s, S, 1, 0, S_PLUS_ZERO, S_MINUS_ZERO
    TEST_FCMP fle_greater, fle.s, S, 0, 0, S_TWO, S_MINUS_TWO
    TEST_FCMP fle_qnan_invalid, fle.s, S, 0, NV, S_ONE, S_QNAN
    TEST_FCMP fle_snan_invalid, fle.s, S, 0, NV, S_SNAN, S_ONE

    /* ---- fclass: the ten classes ---- */
    TEST_FCLASS fclass_neg_inf, fclass.s, S, CLASS_NEG_INF, S_MINUS_INF
    TEST_FCLASS fclass_neg_normal, fclass.s, S, CLASS_NEG_NORMAL, S_MINUS_ONE
    TEST_FCLASS fclass_neg_subnormal, fclass.s, S, CLASS_NEG_SUBNORMAL, 0x80000001
    TEST_FCLASS fclass_neg_zero, fclass.s, S, CLASS_NEG_ZERO, S_MINUS_ZERO
    TEST_FCLASS fclass_pos_zero, fclass.s, S, CLASS_POS_ZERO, S_PLUS_ZERO
    TEST_FCLASS fclass_pos_subnormal, fclass.s, S, CLASS_POS_SUBNORMAL, S_MAX_SUBNORMAL
    TEST_FCLASS fclass_pos_normal, fclass.s, S, CLASS_POS_NORMAL, S_MIN_NORMAL
    TEST_FCLASS fclass_pos_inf, fclass.s, S, CLASS_POS_INF, S_PLUS_INF
    TEST_FCLASS fclass_snan, fclass.s, S, CLASS_SNAN, S_SNAN_NEG
    TEST_FCLASS fclass_qnan, fclass.s, S, CLASS_QNAN, S_QNAN_NEG_PAYLOAD

    /* ---- fcvt to integer: saturation (spec table "Domains of float-to-integer conversions
     * and behavior for invalid inputs"), ties in every mode ---- */
    TEST_FCVT_TO_INT fcvt_w_nan, fcvt.w.s, rtz, S, INT32_MAX_SEXT, NV, S_QNAN_NEG_PAYLOAD
    TEST_FCVT_TO_INT fcvt_w_plus_inf, fcvt.w.s, rtz, S, INT32_MAX_SEXT, NV, S_PLUS_INF
    TEST_FCVT_TO_INT fcvt_w_minus_inf, fcvt.w.s, rtz, S, INT32_MIN_SEXT, NV, S_MINUS_INF
    TEST_FCVT_TO_INT fcvt_w_too_large, fcvt.w.s, rtz, S, INT32_MAX_SEXT, NV, S_3E9
    TEST_FCVT_TO_INT fcvt_w_2_pow_31, fcvt.w.s, rtz, S, INT32_MAX_SEXT, NV, S_2_POW_31
    TEST_FCVT_TO_INT fcvt_w_minus_2_pow_31_exact, fcvt.w.s, rtz, S, INT32_MIN_SEXT, 0, S_MINUS_2_POW_31
    TEST_FCVT_TO_INT fcvt_w_tie_rne, fcvt.w.s, rne, S, 2, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rtz, fcvt.w.s, rtz, S, 2, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rdn, fcvt.w.s, rdn, S, 2, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rup, fcvt.w.s, rup, S, 3, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rmm, fcvt.w.s, rmm, S, 3, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rne, fcvt.w.s, rne, S, -2, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rtz, fcvt.w.s, rtz, S, -2, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rdn, fcvt.w.s, rdn, S, -3, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rup, fcvt.w.s, rup, S, -2, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rmm, fcvt.w.s, rmm, S, -3, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_dyn_rmm, fcvt.w.s, dyn, S, 3, NX, S_TWO_AND_HALF, FRM_RMM
    TEST_FCVT_TO_INT fcvt_w_neg_tie_dyn_rdn, fcvt.w.s, dyn, S, -3, NX, S_MINUS_TWO_AND_HALF, FRM_RDN
    TEST_FCVT_TO_INT fcvt_w_half_rne_even_zero, fcvt.w.s, rne, S, 0, NX, S_HALF
    TEST_FCVT_TO_INT fcvt_wu_nan, fcvt.wu.s, rtz, S, ALL_ONES, NV, S_SNAN
    TEST_FCVT_TO_INT fcvt_wu_plus_inf, fcvt.wu.s, rtz, S, ALL_ONES, NV, S_PLUS_INF
    TEST_FCVT_TO_INT fcvt_wu_minus_inf, fcvt.wu.s, rtz, S, 0, NV, S_MINUS_INF
    TEST_FCVT_TO_INT fcvt_wu_negative, fcvt.wu.s, rtz, S, 0, NV, S_MINUS_ONE
    TEST_FCVT_TO_INT fcvt_wu_too_large, fcvt.wu.s, rtz, S, ALL_ONES, NV, S_5E9
    TEST_FCVT_TO_INT fcvt_wu_large_sign_extended, fcvt.wu.s, rtz, S, 0xffffffffb2d05e00, 0, S_3E9
    TEST_FCVT_TO_INT fcvt_wu_minus_half_rtz_is_zero, fcvt.wu.s, rtz, S, 0, NX, S_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_minus_half_rne_is_zero, fcvt.wu.s, rne, S, 0, NX, S_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_minus_half_rdn_invalid, fcvt.wu.s, rdn, S, 0, NV, S_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_tie_rmm, fcvt.wu.s, rmm, S, 3, NX, S_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_l_nan, fcvt.l.s, rtz, S, INT64_MAX, NV, S_QNAN
    TEST_FCVT_TO_INT fcvt_l_minus_inf, fcvt.l.s, rtz, S, INT64_MIN, NV, S_MINUS_INF
    TEST_FCVT_TO_INT fcvt_l_2_pow_63, fcvt.l.s, rtz, S, INT64_MAX, NV, S_2_POW_63
    TEST_FCVT_TO_INT fcvt_l_minus_2_pow_63_exact, fcvt.l.s, rtz, S, INT64_MIN, 0, S_MINUS_2_POW_63
    TEST_FCVT_TO_INT fcvt_l_3e9, fcvt.l.s, rtz, S, 3000000000, 0, S_3E9
    TEST_FCVT_TO_INT fcvt_l_neg_tie_rmm, fcvt.l.s, rmm, S, -3, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_l_neg_tie_rup, fcvt.l.s, rup, S, -2, NX, S_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_lu_nan, fcvt.lu.s, rtz, S, ALL_ONES, NV, S_QNAN
    TEST_FCVT_TO_INT fcvt_lu_negative, fcvt.lu.s, rtz, S, 0, NV, S_MINUS_ONE
    TEST_FCVT_TO_INT fcvt_lu_2_pow_64, fcvt.lu.s, rtz, S, ALL_ONES, NV, S_2_POW_64
    TEST_FCVT_TO_INT fcvt_lu_2_pow_63_exact, fcvt.lu.s, rtz, S, INT64_MIN, 0, S_2_POW_63
    TEST_FCVT_TO_INT fcvt_lu_minus_zero, fcvt.lu.s, rtz, S, 0, 0, S_MINUS_ZERO
    TEST_FCVT_TO_INT fcvt_lu_tie_rne, fcvt.lu.s, rne, S, 2, NX, S_TWO_AND_HALF

    /* ---- fcvt from integer: rounding of values wider than the 24-bit significand ---- */
    TEST_FCVT_FROM_INT fcvt_s_w_tie_rne, fcvt.s.w, rne, BOX | 0x4b800000, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_tie_rtz, fcvt.s.w, rtz, BOX | 0x4b800000, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_tie_rdn, fcvt.s.w, rdn, BOX | 0x4b800000, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_tie_rup, fcvt.s.w, rup, BOX | 0x4b800001, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_tie_rmm, fcvt.s.w, rmm, BOX | 0x4b800001, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_tie_dyn_rup, fcvt.s.w, dyn, BOX | 0x4b800001, NX, TWO_POW_24_PLUS_1, FRM_RUP
    TEST_FCVT_FROM_INT fcvt_s_w_neg_tie_rdn, fcvt.s.w, rdn, BOX | 0xcb800001, NX, -TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_neg_tie_rup, fcvt.s.w, rup, BOX | 0xcb800000, NX, -TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_w_uses_low_word, fcvt.s.w, rne, BOX | 0x40a00000, 0, 0x1234567800000005
    TEST_FCVT_FROM_INT fcvt_s_w_low_word_minus_one, fcvt.s.w, rne, BOX | S_MINUS_ONE, 0, 0xffffffff
    TEST_FCVT_FROM_INT fcvt_s_wu_max_rne, fcvt.s.wu, rne, BOX | 0x4f800000, NX, 0xffffffff
    TEST_FCVT_FROM_INT fcvt_s_wu_max_rtz, fcvt.s.wu, rtz, BOX | 0x4f7fffff, NX, 0xffffffff
    TEST_FCVT_FROM_INT fcvt_s_wu_uses_low_word, fcvt.s.wu, rne, BOX | S_ONE, 0, 0xffffffff00000001
    TEST_FCVT_FROM_INT fcvt_s_l_min_exact, fcvt.s.l, rne, BOX | S_MINUS_2_POW_63, 0, INT64_MIN
    TEST_FCVT_FROM_INT fcvt_s_l_zero, fcvt.s.l, rdn, BOX | S_PLUS_ZERO, 0, 0
    TEST_FCVT_FROM_INT fcvt_s_l_minus_one, fcvt.s.l, rne, BOX | S_MINUS_ONE, 0, -1
    TEST_FCVT_FROM_INT fcvt_s_l_tie_rmm, fcvt.s.l, rmm, BOX | 0x4b800001, NX, TWO_POW_24_PLUS_1
    TEST_FCVT_FROM_INT fcvt_s_lu_max_rne, fcvt.s.lu, rne, BOX | S_2_POW_64, NX, ALL_ONES
    TEST_FCVT_FROM_INT fcvt_s_lu_max_rtz, fcvt.s.lu, rtz, BOX | 0x5f7fffff, NX, ALL_ONES

ISA_END
