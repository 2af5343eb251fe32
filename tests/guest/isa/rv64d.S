/*
 * tests/guest/isa/rv64d.S - the D extension on RV64 (unprivileged spec chapter "D Standard
 * Extension for Double-Precision Floating-Point"), including the conversions between single
 * and double and the 64-bit moves fmv.x.d/fmv.d.x.
 *
 * Same structure as rv64f.S: a rounding sweep over every arithmetic op in the five static
 * modes and dynamic mode under each frm value ("tie" cases are exact half-way points with an
 * even lower neighbour, "neg" cases are negative), then flags, NaNs, zeros, sign injection,
 * min/max, comparisons, fclass and conversions. Expected bits were worked out with exact
 * rational arithmetic under the spec's rules (tininess after rounding, canonical NaN
 * 0x7ff8000000000000) and agree with qemu.
 */
#include "isa.h"

/* Double-precision bit patterns used below. */
#define D_ONE 0x3ff0000000000000
#define D_MINUS_ONE 0xbff0000000000000
#define D_TWO 0x4000000000000000
#define D_MINUS_TWO 0xc000000000000000
#define D_HALF 0x3fe0000000000000
#define D_MINUS_HALF 0xbfe0000000000000
#define D_TWO_AND_HALF 0x4004000000000000
#define D_MINUS_TWO_AND_HALF 0xc004000000000000
#define D_PLUS_ZERO 0x0000000000000000
#define D_MINUS_ZERO 0x8000000000000000
#define D_PLUS_INF 0x7ff0000000000000
#define D_MINUS_INF 0xfff0000000000000
#define D_QNAN 0x7ff8000000000000
#define D_QNAN_NEG_PAYLOAD 0xfff8000000012345
#define D_SNAN 0x7ff0000000000001
#define D_SNAN_NEG 0xfff0000000000001
#define D_MAX 0x7fefffffffffffff
#define D_MINUS_MAX 0xffefffffffffffff
#define D_MIN_NORMAL 0x0010000000000000
#define D_MIN_SUBNORMAL 0x0000000000000001
#define D_MAX_SUBNORMAL 0x000fffffffffffff
#define D_ONE_MINUS_ULP 0x3fefffffffffffff
#define D_2_POW_MINUS_538 0x1e50000000000000
#define D_MINUS_2_POW_MINUS_538 0x9e50000000000000
#define D_2_POW_MINUS_500 0x20b0000000000000
#define D_2_POW_MINUS_560 0x1cf0000000000000
#define D_NINE 0x4022000000000000
#define D_THREE 0x4008000000000000
#define D_3E9 0x41e65a0bc0000000
#define D_5E9 0x41f2a05f20000000
#define D_2_POW_31 0x41e0000000000000
#define D_MINUS_2_POW_31 0xc1e0000000000000
#define D_2_POW_63 0x43e0000000000000
#define D_MINUS_2_POW_63 0xc3e0000000000000
#define D_2_POW_64 0x43f0000000000000
#define D_INT32_MAX_PLUS_HALF 0x41dfffffffe00000
#define D_INT32_MIN_MINUS_HALF 0xc1e0000000100000
#define D_UINT32_MAX_PLUS_HALF 0x41effffffff00000
#define D_UINT32_MAX 0x41efffffffe00000
#define D_THIRD 0x3fd5555555555555
#define D_1E300 0x7e37e43c8800759c
#define D_1E_MINUS_50 0x358dee7a4ad4b81f
#define D_ONE_PLUS_2_POW_MINUS_24 0x3ff0000010000000
#define D_2_POW_53 0x4340000000000000
#define TWO_POW_53_PLUS_1 0x20000000000001
#define INT32_MAX_SEXT 0x7fffffff
#define INT32_MIN_SEXT 0xffffffff80000000
#define ALL_ONES 0xffffffffffffffff
#define INT64_MAX 0x7fffffffffffffff
#define INT64_MIN 0x8000000000000000

    .data
    .balign 8
d_memory:
    .dword D_MINUS_TWO_AND_HALF
d_store_target:
    .dword 0

ISA_PROGRAM rv64d

    /* ---- rounding sweep ---- */
    TEST_F2 fadd_tie_rne, fadd.d, rne, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_F2 fadd_tie_rtz, fadd.d, rtz, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_F2 fadd_tie_rdn, fadd.d, rdn, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_F2 fadd_tie_rup, fadd.d, rup, D, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_F2 fadd_tie_rmm, fadd.d, rmm, D, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_F2 fadd_tie_dyn_rne, fadd.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000, FRM_RNE
    TEST_F2 fadd_tie_dyn_rtz, fadd.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000, FRM_RTZ
    TEST_F2 fadd_tie_dyn_rdn, fadd.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000, FRM_RDN
    TEST_F2 fadd_tie_dyn_rup, fadd.d, dyn, D, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000, FRM_RUP
    TEST_F2 fadd_tie_dyn_rmm, fadd.d, dyn, D, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000, FRM_RMM
    TEST_F2 fadd_neg_rne, fadd.d, rne, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000
    TEST_F2 fadd_neg_rtz, fadd.d, rtz, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca8000000000000
    TEST_F2 fadd_neg_rdn, fadd.d, rdn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000
    TEST_F2 fadd_neg_rup, fadd.d, rup, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca8000000000000
    TEST_F2 fadd_neg_rmm, fadd.d, rmm, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000
    TEST_F2 fadd_neg_dyn_rne, fadd.d, dyn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000, FRM_RNE
    TEST_F2 fadd_neg_dyn_rtz, fadd.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca8000000000000, FRM_RTZ
    TEST_F2 fadd_neg_dyn_rdn, fadd.d, dyn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000, FRM_RDN
    TEST_F2 fadd_neg_dyn_rup, fadd.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca8000000000000, FRM_RUP
    TEST_F2 fadd_neg_dyn_rmm, fadd.d, dyn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca8000000000000, FRM_RMM
    TEST_F2 fsub_tie_rne, fsub.d, rne, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000
    TEST_F2 fsub_tie_rtz, fsub.d, rtz, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000
    TEST_F2 fsub_tie_rdn, fsub.d, rdn, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000
    TEST_F2 fsub_tie_rup, fsub.d, rup, D, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000
    TEST_F2 fsub_tie_rmm, fsub.d, rmm, D, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000
    TEST_F2 fsub_tie_dyn_rne, fsub.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000, FRM_RNE
    TEST_F2 fsub_tie_dyn_rtz, fsub.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000, FRM_RTZ
    TEST_F2 fsub_tie_dyn_rdn, fsub.d, dyn, D, 0x3ff0000000000000, NX, 0x3ff0000000000001, 0x3ca0000000000000, FRM_RDN
    TEST_F2 fsub_tie_dyn_rup, fsub.d, dyn, D, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000, FRM_RUP
    TEST_F2 fsub_tie_dyn_rmm, fsub.d, dyn, D, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000, FRM_RMM
    TEST_F2 fsub_neg_rne, fsub.d, rne, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000
    TEST_F2 fsub_neg_rtz, fsub.d, rtz, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000
    TEST_F2 fsub_neg_rdn, fsub.d, rdn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0x3c90000000000000
    TEST_F2 fsub_neg_rup, fsub.d, rup, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000
    TEST_F2 fsub_neg_rmm, fsub.d, rmm, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000
    TEST_F2 fsub_neg_dyn_rne, fsub.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000, FRM_RNE
    TEST_F2 fsub_neg_dyn_rtz, fsub.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000, FRM_RTZ
    TEST_F2 fsub_neg_dyn_rdn, fsub.d, dyn, D, 0xbff0000000000001, NX, 0xbff0000000000000, 0x3c90000000000000, FRM_RDN
    TEST_F2 fsub_neg_dyn_rup, fsub.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000, FRM_RUP
    TEST_F2 fsub_neg_dyn_rmm, fsub.d, dyn, D, 0xbff0000000000000, NX, 0xbff0000000000000, 0x3c90000000000000, FRM_RMM
    TEST_F2 fmul_tie_rne, fmul.d, rne, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000
    TEST_F2 fmul_tie_rtz, fmul.d, rtz, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000
    TEST_F2 fmul_tie_rdn, fmul.d, rdn, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000
    TEST_F2 fmul_tie_rup, fmul.d, rup, D, 0x3ff0000009000001, NX, 0x3ff0000008000000, 0x3ff0000001000000
    TEST_F2 fmul_tie_rmm, fmul.d, rmm, D, 0x3ff0000009000001, NX, 0x3ff0000008000000, 0x3ff0000001000000
    TEST_F2 fmul_tie_dyn_rne, fmul.d, dyn, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000, FRM_RNE
    TEST_F2 fmul_tie_dyn_rtz, fmul.d, dyn, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000, FRM_RTZ
    TEST_F2 fmul_tie_dyn_rdn, fmul.d, dyn, D, 0x3ff0000009000000, NX, 0x3ff0000008000000, 0x3ff0000001000000, FRM_RDN
    TEST_F2 fmul_tie_dyn_rup, fmul.d, dyn, D, 0x3ff0000009000001, NX, 0x3ff0000008000000, 0x3ff0000001000000, FRM_RUP
    TEST_F2 fmul_tie_dyn_rmm, fmul.d, dyn, D, 0x3ff0000009000001, NX, 0x3ff0000008000000, 0x3ff0000001000000, FRM_RMM
    TEST_F2 fmul_neg_rne, fmul.d, rne, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000
    TEST_F2 fmul_neg_rtz, fmul.d, rtz, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000
    TEST_F2 fmul_neg_rdn, fmul.d, rdn, D, 0xbff4000000000002, NX, 0xbff0000000000001, 0x3ff4000000000000
    TEST_F2 fmul_neg_rup, fmul.d, rup, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000
    TEST_F2 fmul_neg_rmm, fmul.d, rmm, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000
    TEST_F2 fmul_neg_dyn_rne, fmul.d, dyn, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000, FRM_RNE
    TEST_F2 fmul_neg_dyn_rtz, fmul.d, dyn, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000, FRM_RTZ
    TEST_F2 fmul_neg_dyn_rdn, fmul.d, dyn, D, 0xbff4000000000002, NX, 0xbff0000000000001, 0x3ff4000000000000, FRM_RDN
    TEST_F2 fmul_neg_dyn_rup, fmul.d, dyn, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000, FRM_RUP
    TEST_F2 fmul_neg_dyn_rmm, fmul.d, dyn, D, 0xbff4000000000001, NX, 0xbff0000000000001, 0x3ff4000000000000, FRM_RMM
    TEST_F2 fdiv_third_rne, fdiv.d, rne, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000
    TEST_F2 fdiv_third_rtz, fdiv.d, rtz, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000
    TEST_F2 fdiv_third_rdn, fdiv.d, rdn, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000
    TEST_F2 fdiv_third_rup, fdiv.d, rup, D, 0x3fd5555555555556, NX, 0x3ff0000000000000, 0x4008000000000000
    TEST_F2 fdiv_third_rmm, fdiv.d, rmm, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000
    TEST_F2 fdiv_third_dyn_rne, fdiv.d, dyn, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000, FRM_RNE
    TEST_F2 fdiv_third_dyn_rtz, fdiv.d, dyn, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000, FRM_RTZ
    TEST_F2 fdiv_third_dyn_rdn, fdiv.d, dyn, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000, FRM_RDN
    TEST_F2 fdiv_third_dyn_rup, fdiv.d, dyn, D, 0x3fd5555555555556, NX, 0x3ff0000000000000, 0x4008000000000000, FRM_RUP
    TEST_F2 fdiv_third_dyn_rmm, fdiv.d, dyn, D, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000, FRM_RMM
    TEST_F2 fdiv_neg_rne, fdiv.d, rne, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000
    TEST_F2 fdiv_neg_rtz, fdiv.d, rtz, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000
    TEST_F2 fdiv_neg_rdn, fdiv.d, rdn, D, 0xbfe5555555555556, NX, 0xc000000000000000, 0x4008000000000000
    TEST_F2 fdiv_neg_rup, fdiv.d, rup, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000
    TEST_F2 fdiv_neg_rmm, fdiv.d, rmm, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000
    TEST_F2 fdiv_neg_dyn_rne, fdiv.d, dyn, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000, FRM_RNE
    TEST_F2 fdiv_neg_dyn_rtz, fdiv.d, dyn, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000, FRM_RTZ
    TEST_F2 fdiv_neg_dyn_rdn, fdiv.d, dyn, D, 0xbfe5555555555556, NX, 0xc000000000000000, 0x4008000000000000, FRM_RDN
    TEST_F2 fdiv_neg_dyn_rup, fdiv.d, dyn, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000, FRM_RUP
    TEST_F2 fdiv_neg_dyn_rmm, fdiv.d, dyn, D, 0xbfe5555555555555, NX, 0xc000000000000000, 0x4008000000000000, FRM_RMM
    TEST_F1 fsqrt_two_rne, fsqrt.d, rne, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000
    TEST_F1 fsqrt_two_rtz, fsqrt.d, rtz, D, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000
    TEST_F1 fsqrt_two_rdn, fsqrt.d, rdn, D, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000
    TEST_F1 fsqrt_two_rup, fsqrt.d, rup, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000
    TEST_F1 fsqrt_two_rmm, fsqrt.d, rmm, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000
    TEST_F1 fsqrt_two_dyn_rne, fsqrt.d, dyn, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000, FRM_RNE
    TEST_F1 fsqrt_two_dyn_rtz, fsqrt.d, dyn, D, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000, FRM_RTZ
    TEST_F1 fsqrt_two_dyn_rdn, fsqrt.d, dyn, D, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000, FRM_RDN
    TEST_F1 fsqrt_two_dyn_rup, fsqrt.d, dyn, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000, FRM_RUP
    TEST_F1 fsqrt_two_dyn_rmm, fsqrt.d, dyn, D, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000, FRM_RMM
    TEST_F1 fsqrt_three_rne, fsqrt.d, rne, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000
    TEST_F1 fsqrt_three_rtz, fsqrt.d, rtz, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000
    TEST_F1 fsqrt_three_rdn, fsqrt.d, rdn, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000
    TEST_F1 fsqrt_three_rup, fsqrt.d, rup, D, 0x3ffbb67ae8584cab, NX, 0x4008000000000000
    TEST_F1 fsqrt_three_rmm, fsqrt.d, rmm, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000
    TEST_F1 fsqrt_three_dyn_rne, fsqrt.d, dyn, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000, FRM_RNE
    TEST_F1 fsqrt_three_dyn_rtz, fsqrt.d, dyn, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000, FRM_RTZ
    TEST_F1 fsqrt_three_dyn_rdn, fsqrt.d, dyn, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000, FRM_RDN
    TEST_F1 fsqrt_three_dyn_rup, fsqrt.d, dyn, D, 0x3ffbb67ae8584cab, NX, 0x4008000000000000, FRM_RUP
    TEST_F1 fsqrt_three_dyn_rmm, fsqrt.d, dyn, D, 0x3ffbb67ae8584caa, NX, 0x4008000000000000, FRM_RMM
    TEST_F3 fmadd_tie_rne, fmadd.d, rne, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000
    TEST_F3 fmadd_tie_rtz, fmadd.d, rtz, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000
    TEST_F3 fmadd_tie_rdn, fmadd.d, rdn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000
    TEST_F3 fmadd_tie_rup, fmadd.d, rup, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000
    TEST_F3 fmadd_tie_rmm, fmadd.d, rmm, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000
    TEST_F3 fmadd_tie_dyn_rne, fmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, FRM_RNE
    TEST_F3 fmadd_tie_dyn_rtz, fmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, FRM_RTZ
    TEST_F3 fmadd_tie_dyn_rdn, fmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, FRM_RDN
    TEST_F3 fmadd_tie_dyn_rup, fmadd.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, FRM_RUP
    TEST_F3 fmadd_tie_dyn_rmm, fmadd.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, FRM_RMM
    TEST_F3 fmadd_neg_rne, fmadd.d, rne, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fmadd_neg_rtz, fmadd.d, rtz, D, 0xbcd0000000000000, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fmadd_neg_rdn, fmadd.d, rdn, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fmadd_neg_rup, fmadd.d, rup, D, 0xbcd0000000000000, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fmadd_neg_rmm, fmadd.d, rmm, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fmadd_neg_dyn_rne, fmadd.d, dyn, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RNE
    TEST_F3 fmadd_neg_dyn_rtz, fmadd.d, dyn, D, 0xbcd0000000000000, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RTZ
    TEST_F3 fmadd_neg_dyn_rdn, fmadd.d, dyn, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RDN
    TEST_F3 fmadd_neg_dyn_rup, fmadd.d, dyn, D, 0xbcd0000000000000, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RUP
    TEST_F3 fmadd_neg_dyn_rmm, fmadd.d, dyn, D, 0xbcd0000000000001, NX, 0xbff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RMM
    TEST_F3 fmsub_tie_rne, fmsub.d, rne, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000
    TEST_F3 fmsub_tie_rtz, fmsub.d, rtz, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000
    TEST_F3 fmsub_tie_rdn, fmsub.d, rdn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000
    TEST_F3 fmsub_tie_rup, fmsub.d, rup, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000
    TEST_F3 fmsub_tie_rmm, fmsub.d, rmm, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000
    TEST_F3 fmsub_tie_dyn_rne, fmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, FRM_RNE
    TEST_F3 fmsub_tie_dyn_rtz, fmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, FRM_RTZ
    TEST_F3 fmsub_tie_dyn_rdn, fmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, FRM_RDN
    TEST_F3 fmsub_tie_dyn_rup, fmsub.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, FRM_RUP
    TEST_F3 fmsub_tie_dyn_rmm, fmsub.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, FRM_RMM
    TEST_F3 fmsub_neg_rne, fmsub.d, rne, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000
    TEST_F3 fmsub_neg_rtz, fmsub.d, rtz, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000
    TEST_F3 fmsub_neg_rdn, fmsub.d, rdn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000
    TEST_F3 fmsub_neg_rup, fmsub.d, rup, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000
    TEST_F3 fmsub_neg_rmm, fmsub.d, rmm, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000
    TEST_F3 fmsub_neg_dyn_rne, fmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000, FRM_RNE
    TEST_F3 fmsub_neg_dyn_rtz, fmsub.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000, FRM_RTZ
    TEST_F3 fmsub_neg_dyn_rdn, fmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000, FRM_RDN
    TEST_F3 fmsub_neg_dyn_rup, fmsub.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000, FRM_RUP
    TEST_F3 fmsub_neg_dyn_rmm, fmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000003, 0xbff0000000000000, FRM_RMM
    TEST_F3 fnmsub_tie_rne, fnmsub.d, rne, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000
    TEST_F3 fnmsub_tie_rtz, fnmsub.d, rtz, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000
    TEST_F3 fnmsub_tie_rdn, fnmsub.d, rdn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000
    TEST_F3 fnmsub_tie_rup, fnmsub.d, rup, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000
    TEST_F3 fnmsub_tie_rmm, fnmsub.d, rmm, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000
    TEST_F3 fnmsub_tie_dyn_rne, fnmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000, FRM_RNE
    TEST_F3 fnmsub_tie_dyn_rtz, fnmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000, FRM_RTZ
    TEST_F3 fnmsub_tie_dyn_rdn, fnmsub.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000, FRM_RDN
    TEST_F3 fnmsub_tie_dyn_rup, fnmsub.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000, FRM_RUP
    TEST_F3 fnmsub_tie_dyn_rmm, fnmsub.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0xbff0000000000000, FRM_RMM
    TEST_F3 fnmsub_neg_rne, fnmsub.d, rne, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fnmsub_neg_rtz, fnmsub.d, rtz, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fnmsub_neg_rdn, fnmsub.d, rdn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fnmsub_neg_rup, fnmsub.d, rup, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fnmsub_neg_rmm, fnmsub.d, rmm, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000
    TEST_F3 fnmsub_neg_dyn_rne, fnmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RNE
    TEST_F3 fnmsub_neg_dyn_rtz, fnmsub.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RTZ
    TEST_F3 fnmsub_neg_dyn_rdn, fnmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RDN
    TEST_F3 fnmsub_neg_dyn_rup, fnmsub.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RUP
    TEST_F3 fnmsub_neg_dyn_rmm, fnmsub.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0x3ff0000000000000, FRM_RMM
    TEST_F3 fnmadd_tie_rne, fnmadd.d, rne, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000
    TEST_F3 fnmadd_tie_rtz, fnmadd.d, rtz, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000
    TEST_F3 fnmadd_tie_rdn, fnmadd.d, rdn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000
    TEST_F3 fnmadd_tie_rup, fnmadd.d, rup, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000
    TEST_F3 fnmadd_tie_rmm, fnmadd.d, rmm, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000
    TEST_F3 fnmadd_tie_dyn_rne, fnmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000, FRM_RNE
    TEST_F3 fnmadd_tie_dyn_rtz, fnmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000, FRM_RTZ
    TEST_F3 fnmadd_tie_dyn_rdn, fnmadd.d, dyn, D, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000, FRM_RDN
    TEST_F3 fnmadd_tie_dyn_rup, fnmadd.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000, FRM_RUP
    TEST_F3 fnmadd_tie_dyn_rmm, fnmadd.d, dyn, D, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0xbff0000000000001, 0x3ff0000000000000, FRM_RMM
    TEST_F3 fnmadd_neg_rne, fnmadd.d, rne, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000
    TEST_F3 fnmadd_neg_rtz, fnmadd.d, rtz, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000
    TEST_F3 fnmadd_neg_rdn, fnmadd.d, rdn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000
    TEST_F3 fnmadd_neg_rup, fnmadd.d, rup, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000
    TEST_F3 fnmadd_neg_rmm, fnmadd.d, rmm, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000
    TEST_F3 fnmadd_neg_dyn_rne, fnmadd.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000, FRM_RNE
    TEST_F3 fnmadd_neg_dyn_rtz, fnmadd.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000, FRM_RTZ
    TEST_F3 fnmadd_neg_dyn_rdn, fnmadd.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000, FRM_RDN
    TEST_F3 fnmadd_neg_dyn_rup, fnmadd.d, dyn, D, 0xbcd0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000, FRM_RUP
    TEST_F3 fnmadd_neg_dyn_rmm, fnmadd.d, dyn, D, 0xbcd0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000003, 0xbff0000000000000, FRM_RMM

    /* ---- overflow, underflow, subnormals ---- */
    TEST_F2 fmul_overflow_rne, fmul.d, rne, D, D_PLUS_INF, OF | NX, D_MAX, D_TWO
    TEST_F2 fmul_overflow_rtz_max, fmul.d, rtz, D, D_MAX, OF | NX, D_MAX, D_TWO
    TEST_F2 fmul_overflow_neg_rdn, fmul.d, rdn, D, D_MINUS_INF, OF | NX, D_MINUS_MAX, D_TWO
    TEST_F2 fmul_overflow_neg_rup, fmul.d, rup, D, D_MINUS_MAX, OF | NX, D_MINUS_MAX, D_TWO
    TEST_F2 fadd_overflow_rmm, fadd.d, rmm, D, D_PLUS_INF, OF | NX, D_MAX, D_MAX
    TEST_F2 fmul_exact_subnormal, fmul.d, rne, D, 0x0008000000000000, 0, D_MIN_NORMAL, D_HALF
    TEST_F2 fmul_exact_deep_subnormal, fmul.d, rne, D, 0x0000000000004000, 0, D_2_POW_MINUS_500, D_2_POW_MINUS_560
    TEST_F2 fmul_subnormal_tie_rne, fmul.d, rne, D, 0x0008000000000000, UF | NX, 0x0010000000000001, D_HALF
    TEST_F2 fmul_subnormal_tie_rup, fmul.d, rup, D, 0x0008000000000001, UF | NX, 0x0010000000000001, D_HALF
    TEST_F2 fdiv_underflow_to_zero, fdiv.d, rne, D, D_PLUS_ZERO, UF | NX, D_MIN_SUBNORMAL, D_TWO
    TEST_F2 fdiv_underflow_rup_min_subnormal, fdiv.d, rup, D, D_MIN_SUBNORMAL, UF | NX, D_MIN_SUBNORMAL, D_TWO
    TEST_F2 fadd_subnormals_exact, fadd.d, rne, D, D_MIN_NORMAL, 0, D_MIN_SUBNORMAL, D_MAX_SUBNORMAL
    TEST_F2 fmul_rounds_up_to_min_normal_tiny, fmul.d, rne, D, D_MIN_NORMAL, UF | NX, D_MIN_NORMAL, D_ONE_MINUS_ULP
    /* 2^-1022 - 2^-1076: not tiny after rounding in rne (no UF), tiny in rtz */
    TEST_F3 fmadd_tininess_after_rounding_rne, fmadd.d, rne, D, D_MIN_NORMAL, NX, D_2_POW_MINUS_538, D_MINUS_2_POW_MINUS_538, D_MIN_NORMAL
    TEST_F3 fmadd_tininess_after_rounding_rtz, fmadd.d, rtz, D, D_MAX_SUBNORMAL, UF | NX, D_2_POW_MINUS_538, D_MINUS_2_POW_MINUS_538, D_MIN_NORMAL

    /* ---- divide by zero and invalid ---- */
    TEST_F2 fdiv_by_zero, fdiv.d, rne, D, D_PLUS_INF, DZ, D_ONE, D_PLUS_ZERO
    TEST_F2 fdiv_by_minus_zero, fdiv.d, rne, D, D_MINUS_INF, DZ, D_ONE, D_MINUS_ZERO
    TEST_F2 fdiv_zero_by_zero, fdiv.d, rne, D, CANON_NAN_D, NV, D_MINUS_ZERO, D_PLUS_ZERO
    TEST_F2 fdiv_inf_by_inf, fdiv.d, rne, D, CANON_NAN_D, NV, D_PLUS_INF, D_PLUS_INF
    TEST_F2 fsub_inf_minus_inf, fsub.d, rne, D, CANON_NAN_D, NV, D_MINUS_INF, D_MINUS_INF
    TEST_F2 fmul_zero_times_inf, fmul.d, rne, D, CANON_NAN_D, NV, D_PLUS_INF, D_PLUS_ZERO
    TEST_F1 fsqrt_negative, fsqrt.d, rne, D, CANON_NAN_D, NV, D_MINUS_ONE
    TEST_F1 fsqrt_minus_inf, fsqrt.d, rne, D, CANON_NAN_D, NV, D_MINUS_INF
    TEST_F1 fsqrt_minus_zero, fsqrt.d, rne, D, D_MINUS_ZERO, 0, D_MINUS_ZERO
    TEST_F1 fsqrt_exact, fsqrt.d, rne, D, D_THREE, 0, D_NINE

    /* ---- NaN inputs ---- */
    TEST_F2 fadd_qnan_is_canonical, fadd.d, rne, D, CANON_NAN_D, 0, D_QNAN_NEG_PAYLOAD, D_ONE
    TEST_F2 fadd_snan_invalid, fadd.d, rne, D, CANON_NAN_D, NV, D_ONE, D_SNAN
    TEST_F2 fdiv_snan_invalid, fdiv.d, rne, D, CANON_NAN_D, NV, D_SNAN_NEG, D_ONE
    TEST_F1 fsqrt_qnan, fsqrt.d, rne, D, CANON_NAN_D, 0, D_QNAN_NEG_PAYLOAD
    TEST_F3 fmadd_inf_zero_qnan_invalid, fmadd.d, rne, D, CANON_NAN_D, NV, D_MINUS_INF, D_MINUS_ZERO, D_QNAN
    TEST_F3 fnmsub_snan_invalid, fnmsub.d, rne, D, CANON_NAN_D, NV, D_SNAN, D_ONE, D_ONE
    TEST_F3 fmsub_inf_minus_inf, fmsub.d, rne, D, CANON_NAN_D, NV, D_PLUS_INF, D_ONE, D_PLUS_INF
    /* a boxed single is a double NaN (negative, quiet): double ops do not unbox */
    TEST_F2 fadd_boxed_single_is_qnan, fadd.d, rne, D, CANON_NAN_D, 0, BOX | 0x3f800000, D_ONE

    /* ---- signs of exact zeros ---- */
    TEST_F2 fsub_cancel_rne_plus_zero, fsub.d, rne, D, D_PLUS_ZERO, 0, D_TWO, D_TWO
    TEST_F2 fsub_cancel_rdn_minus_zero, fsub.d, rdn, D, D_MINUS_ZERO, 0, D_TWO, D_TWO
    TEST_F2 fadd_minus_zeros, fadd.d, rup, D, D_MINUS_ZERO, 0, D_MINUS_ZERO, D_MINUS_ZERO
    TEST_F3 fnmadd_exact_zero_rdn, fnmadd.d, rdn, D, D_MINUS_ZERO, 0, D_ONE, D_ONE, D_MINUS_ONE

    /* ---- fmv.x.d / fmv.d.x move bits unchanged, fld/fsd ---- */
    li t0, D_SNAN
    fmv.d.x ft0, t0
    fmv.x.d t2, ft0
    CHECK fmv_d_x_round_trip_snan, t2, D_SNAN
    li t0, 0x123456789abcdef0
    fmv.d.x ft0, t0
    fmv.x.d t2, ft0
    CHECK fmv_d_x_round_trip_pattern, t2, 0x123456789abcdef0
    lla t0, d_memory
    fld ft0, 0(t0)
    fmv.x.d t2, ft0
    CHECK fld_loads, t2, D_MINUS_TWO_AND_HALF
    fsd ft0, 8(t0)
    ld t2, 8(t0)
    CHECK fsd_stores, t2, D_MINUS_TWO_AND_HALF

    /* ---- sign injection ---- */
    TEST_F2_NORM fsgnj_takes_sign, fsgnj.d, D, D_MINUS_ONE, 0, D_ONE, D_MINUS_TWO
    TEST_F2_NORM fsgnjn_negates_sign, fsgnjn.d, D, D_ONE, 0, D_ONE, D_MINUS_TWO
    TEST_F2_NORM fsgnjn_self_is_fneg, fsgnjn.d, D, D_MINUS_ZERO, 0, D_PLUS_ZERO, D_PLUS_ZERO
    TEST_F2_NORM fsgnjx_both_negative, fsgnjx.d, D, D_ONE, 0, D_MINUS_ONE, D_MINUS_TWO
    TEST_F2_NORM fsgnjx_one_negative, fsgnjx.d, D, D_MINUS_ONE, 0, D_ONE, D_MINUS_TWO
    TEST_F2_NORM fsgnj_snan_kept, fsgnj.d, D, D_SNAN_NEG, 0, D_SNAN, D_MINUS_ONE
    /* fsgnj.d takes the sign from bit 63 even of a boxed single */
    TEST_F2_NORM fsgnj_sign_from_bit_63, fsgnj.d, D, D_MINUS_ONE, 0, D_ONE, BOX | 0x3f800000

    /* ---- fmin/fmax ---- */
    TEST_F2_NORM fmin_numbers, fmin.d, D, D_MINUS_TWO, 0, D_ONE, D_MINUS_TWO
    TEST_F2_NORM fmax_numbers, fmax.d, D, D_ONE, 0, D_ONE, D_MINUS_TWO
    TEST_F2_NORM fmin_qnan, fmin.d, D, D_MINUS_INF, 0, D_QNAN, D_MINUS_INF
    TEST_F2_NORM fmax_qnan, fmax.d, D, D_ONE, 0, D_ONE, D_QNAN_NEG_PAYLOAD
    TEST_F2_NORM fmin_snan_invalid, fmin.d, D, D_ONE, NV, D_ONE, D_SNAN
    TEST_F2_NORM fmax_snan_invalid, fmax.d, D, D_ONE, NV, D_SNAN_NEG, D_ONE
    TEST_F2_NORM fmin_both_nan_canonical, fmin.d, D, CANON_NAN_D, NV, D_SNAN, D_QNAN_NEG_PAYLOAD
    TEST_F2_NORM fmax_both_qnan_canonical, fmax.d, D, CANON_NAN_D, 0, D_QNAN_NEG_PAYLOAD, D_QNAN_NEG_PAYLOAD
    TEST_F2_NORM fmin_zeros, fmin.d, D, D_MINUS_ZERO, 0, D_PLUS_ZERO, D_MINUS_ZERO
    TEST_F2_NORM fmax_zeros, fmax.d, D, D_PLUS_ZERO, 0, D_MINUS_ZERO, D_PLUS_ZERO

    /* ---- comparisons ---- */
    TEST_FCMP feq_equal, feq.d, D, 1, 0, D_TWO, D_TWO
    TEST_FCMP feq_zeros, feq.d, D, 1, 0, D_PLUS_ZERO, D_MINUS_ZERO
    TEST_FCMP feq_qnan_quiet, feq.d, D, 0, 0, D_QNAN, D_QNAN
    TEST_FCMP feq_snan_invalid, feq.d, D, 0, NV, D_SNAN, D_ONE
    TEST_FCMP flt_less, flt.d, D, 1, 0, D_MINUS_TWO, D_ONE
    TEST_FCMP flt_zeros, flt.d, D, 0, 0, D_MINUS_ZERO, D_PLUS_ZERO
    TEST_FCMP flt_qnan_invalid, flt.d, D, 0, NV, D_ONE, D_QNAN
    TEST_FCMP fle_equal, fle.d, D, 1, 0, D_MINUS_INF, D_MINUS_INF
    TEST_FCMP fle_greater, fle.d, D, 0, 0, D_ONE, D_MINUS_ONE
    TEST_FCMP fle_qnan_invalid, fle.d, D, 0, NV, D_QNAN_NEG_PAYLOAD, D_ONE

    /* ---- fclass ---- */
    TEST_FCLASS fclass_neg_inf, fclass.d, D, CLASS_NEG_INF, D_MINUS_INF
    TEST_FCLASS fclass_neg_normal, fclass.d, D, CLASS_NEG_NORMAL, D_MINUS_MAX
    TEST_FCLASS fclass_neg_subnormal, fclass.d, D, CLASS_NEG_SUBNORMAL, 0x800fffffffffffff
    TEST_FCLASS fclass_neg_zero, fclass.d, D, CLASS_NEG_ZERO, D_MINUS_ZERO
    TEST_FCLASS fclass_pos_zero, fclass.d, D, CLASS_POS_ZERO, D_PLUS_ZERO
    TEST_FCLASS fclass_pos_subnormal, fclass.d, D, CLASS_POS_SUBNORMAL, D_MIN_SUBNORMAL
    TEST_FCLASS fclass_pos_normal, fclass.d, D, CLASS_POS_NORMAL, D_MIN_NORMAL
    TEST_FCLASS fclass_pos_inf, fclass.d, D, CLASS_POS_INF, D_PLUS_INF
    TEST_FCLASS fclass_snan, fclass.d, D, CLASS_SNAN, D_SNAN
    TEST_FCLASS fclass_qnan, fclass.d, D, CLASS_QNAN, D_QNAN_NEG_PAYLOAD
    TEST_FCLASS fclass_boxed_single_is_qnan, fclass.d, D, CLASS_QNAN, BOX | 0x3f800000

    /* ---- fcvt to integer ---- */
    TEST_FCVT_TO_INT fcvt_w_nan, fcvt.w.d, rtz, D, INT32_MAX_SEXT, NV, D_SNAN
    TEST_FCVT_TO_INT fcvt_w_minus_inf, fcvt.w.d, rtz, D, INT32_MIN_SEXT, NV, D_MINUS_INF
    TEST_FCVT_TO_INT fcvt_w_max_plus_half_rtz, fcvt.w.d, rtz, D, INT32_MAX_SEXT, NX, D_INT32_MAX_PLUS_HALF
    TEST_FCVT_TO_INT fcvt_w_max_plus_half_rne_overflows, fcvt.w.d, rne, D, INT32_MAX_SEXT, NV, D_INT32_MAX_PLUS_HALF
    TEST_FCVT_TO_INT fcvt_w_min_minus_half_rne, fcvt.w.d, rne, D, INT32_MIN_SEXT, NX, D_INT32_MIN_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_w_min_minus_half_rdn_overflows, fcvt.w.d, rdn, D, INT32_MIN_SEXT, NV, D_INT32_MIN_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rne, fcvt.w.d, rne, D, 2, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rtz, fcvt.w.d, rtz, D, 2, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rdn, fcvt.w.d, rdn, D, 2, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rup, fcvt.w.d, rup, D, 3, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_tie_rmm, fcvt.w.d, rmm, D, 3, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rne, fcvt.w.d, rne, D, -2, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rtz, fcvt.w.d, rtz, D, -2, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rdn, fcvt.w.d, rdn, D, -3, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rup, fcvt.w.d, rup, D, -2, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_rmm, fcvt.w.d, rmm, D, -3, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_w_neg_tie_dyn_rup, fcvt.w.d, dyn, D, -2, NX, D_MINUS_TWO_AND_HALF, FRM_RUP
    TEST_FCVT_TO_INT fcvt_wu_nan, fcvt.wu.d, rtz, D, ALL_ONES, NV, D_QNAN
    TEST_FCVT_TO_INT fcvt_wu_minus_inf, fcvt.wu.d, rtz, D, 0, NV, D_MINUS_INF
    TEST_FCVT_TO_INT fcvt_wu_negative, fcvt.wu.d, rtz, D, 0, NV, D_MINUS_TWO
    TEST_FCVT_TO_INT fcvt_wu_max_plus_half_rtz, fcvt.wu.d, rtz, D, ALL_ONES, NX, D_UINT32_MAX_PLUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_max_plus_half_rne_overflows, fcvt.wu.d, rne, D, ALL_ONES, NV, D_UINT32_MAX_PLUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_3e9_sign_extended, fcvt.wu.d, rtz, D, 0xffffffffb2d05e00, 0, D_3E9
    TEST_FCVT_TO_INT fcvt_wu_too_large, fcvt.wu.d, rtz, D, ALL_ONES, NV, D_5E9
    TEST_FCVT_TO_INT fcvt_wu_minus_half_rmm_invalid, fcvt.wu.d, rmm, D, 0, NV, D_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_wu_minus_half_rup_zero, fcvt.wu.d, rup, D, 0, NX, D_MINUS_HALF
    TEST_FCVT_TO_INT fcvt_l_nan, fcvt.l.d, rtz, D, INT64_MAX, NV, D_QNAN_NEG_PAYLOAD
    TEST_FCVT_TO_INT fcvt_l_plus_inf, fcvt.l.d, rtz, D, INT64_MAX, NV, D_PLUS_INF
    TEST_FCVT_TO_INT fcvt_l_minus_inf, fcvt.l.d, rtz, D, INT64_MIN, NV, D_MINUS_INF
    TEST_FCVT_TO_INT fcvt_l_2_pow_63, fcvt.l.d, rtz, D, INT64_MAX, NV, D_2_POW_63
    TEST_FCVT_TO_INT fcvt_l_minus_2_pow_63_exact, fcvt.l.d, rtz, D, INT64_MIN, 0, D_MINUS_2_POW_63
    TEST_FCVT_TO_INT fcvt_l_2_pow_53, fcvt.l.d, rne, D, 0x20000000000000, 0, D_2_POW_53
    TEST_FCVT_TO_INT fcvt_l_tie_rmm, fcvt.l.d, rmm, D, 3, NX, D_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_l_neg_tie_rne, fcvt.l.d, rne, D, -2, NX, D_MINUS_TWO_AND_HALF
    TEST_FCVT_TO_INT fcvt_lu_nan, fcvt.lu.d, rtz, D, ALL_ONES, NV, D_SNAN
    TEST_FCVT_TO_INT fcvt_lu_plus_inf, fcvt.lu.d, rtz, D, ALL_ONES, NV, D_PLUS_INF
    TEST_FCVT_TO_INT fcvt_lu_minus_inf, fcvt.lu.d, rtz, D, 0, NV, D_MINUS_INF
    TEST_FCVT_TO_INT fcvt_lu_2_pow_64, fcvt.lu.d, rtz, D, ALL_ONES, NV, D_2_POW_64
    TEST_FCVT_TO_INT fcvt_lu_2_pow_63, fcvt.lu.d, rtz, D, INT64_MIN, 0, D_2_POW_63
    TEST_FCVT_TO_INT fcvt_lu_negative, fcvt.lu.d, rtz, D, 0, NV, D_MINUS_ONE
    TEST_FCVT_TO_INT fcvt_lu_tie_rup, fcvt.lu.d, rup, D, 3, NX, D_TWO_AND_HALF

    /* ---- fcvt from integer ---- */
    TEST_FCVT_FROM_INT fcvt_d_l_tie_rne, fcvt.d.l, rne, D_2_POW_53, NX, TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_tie_rtz, fcvt.d.l, rtz, D_2_POW_53, NX, TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_tie_rdn, fcvt.d.l, rdn, D_2_POW_53, NX, TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_tie_rup, fcvt.d.l, rup, 0x4340000000000001, NX, TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_tie_rmm, fcvt.d.l, rmm, 0x4340000000000001, NX, TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_tie_dyn_rmm, fcvt.d.l, dyn, 0x4340000000000001, NX, TWO_POW_53_PLUS_1, FRM_RMM
    TEST_FCVT_FROM_INT fcvt_d_l_neg_tie_rdn, fcvt.d.l, rdn, 0xc340000000000001, NX, -TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_neg_tie_rup, fcvt.d.l, rup, 0xc340000000000000, NX, -TWO_POW_53_PLUS_1
    TEST_FCVT_FROM_INT fcvt_d_l_min_exact, fcvt.d.l, rne, D_MINUS_2_POW_63, 0, INT64_MIN
    TEST_FCVT_FROM_INT fcvt_d_lu_max_rne, fcvt.d.lu, rne, D_2_POW_64, NX, ALL_ONES
    TEST_FCVT_FROM_INT fcvt_d_lu_max_rtz, fcvt.d.lu, rtz, 0x43efffffffffffff, NX, ALL_ONES
    TEST_FCVT_FROM_INT fcvt_d_w_exact, fcvt.d.w, exact, D_MINUS_ONE, 0, -1
    TEST_FCVT_FROM_INT fcvt_d_w_uses_low_word, fcvt.d.w, exact, D_MINUS_2_POW_31, 0, 0x1234567880000000
    TEST_FCVT_FROM_INT fcvt_d_wu_max_exact, fcvt.d.wu, exact, D_UINT32_MAX, 0, 0xffffffff
    TEST_FCVT_FROM_INT fcvt_d_wu_uses_low_word, fcvt.d.wu, exact, D_2_POW_31, 0, 0xffffffff80000000

    /* ---- fcvt.s.d rounds, fcvt.d.s is exact; both give canonical NaNs ---- */
    TEST_F1 fcvt_s_d_third_rne, fcvt.s.d, rne, D, BOX | 0x3eaaaaab, NX, D_THIRD
    TEST_F1 fcvt_s_d_third_rtz, fcvt.s.d, rtz, D, BOX | 0x3eaaaaaa, NX, D_THIRD
    TEST_F1 fcvt_s_d_tie_rne, fcvt.s.d, rne, D, BOX | 0x3f800000, NX, D_ONE_PLUS_2_POW_MINUS_24
    TEST_F1 fcvt_s_d_tie_rmm, fcvt.s.d, rmm, D, BOX | 0x3f800001, NX, D_ONE_PLUS_2_POW_MINUS_24
    TEST_F1 fcvt_s_d_tie_dyn_rup, fcvt.s.d, dyn, D, BOX | 0x3f800001, NX, D_ONE_PLUS_2_POW_MINUS_24, FRM_RUP
    TEST_F1 fcvt_s_d_tie_dyn_rdn, fcvt.s.d, dyn, D, BOX | 0x3f800000, NX, D_ONE_PLUS_2_POW_MINUS_24, FRM_RDN
    TEST_F1 fcvt_s_d_overflow_rne, fcvt.s.d, rne, D, BOX | 0x7f800000, OF | NX, D_1E300
    TEST_F1 fcvt_s_d_overflow_rtz, fcvt.s.d, rtz, D, BOX | 0x7f7fffff, OF | NX, D_1E300
    TEST_F1 fcvt_s_d_underflow_rne, fcvt.s.d, rne, D, BOX | 0x00000000, UF | NX, D_1E_MINUS_50
    TEST_F1 fcvt_s_d_underflow_rup, fcvt.s.d, rup, D, BOX | 0x00000001, UF | NX, D_1E_MINUS_50
    TEST_F1 fcvt_s_d_minus_inf, fcvt.s.d, rne, D, BOX | 0xff800000, 0, D_MINUS_INF
    TEST_F1 fcvt_s_d_minus_zero, fcvt.s.d, rne, D, BOX | 0x80000000, 0, D_MINUS_ZERO
    TEST_F1 fcvt_s_d_qnan_canonical, fcvt.s.d, rne, D, BOX | CANON_NAN_S, 0, D_QNAN_NEG_PAYLOAD
    TEST_F1 fcvt_s_d_snan_invalid, fcvt.s.d, rne, D, BOX | CANON_NAN_S, NV, D_SNAN
    TEST_F1 fcvt_d_s_exact, fcvt.d.s, exact, S, 0x3ff0000020000000, 0, 0x3f800001
    TEST_F1 fcvt_d_s_subnormal_exact, fcvt.d.s, exact, S, 0x36a0000000000000, 0, 0x00000001
    TEST_F1 fcvt_d_s_minus_inf, fcvt.d.s, exact, S, D_MINUS_INF, 0, 0xff800000
    TEST_F1 fcvt_d_s_qnan_canonical, fcvt.d.s, exact, S, CANON_NAN_D, 0, 0xffc12345
    TEST_F1 fcvt_d_s_snan_invalid, fcvt.d.s, exact, S, CANON_NAN_D, NV, 0x7f800001
    /* an unboxed single input is the canonical (quiet) NaN */
    TEST_F1 fcvt_d_s_unboxed_is_nan, fcvt.d.s, exact, D, CANON_NAN_D, 0, 0x000000003f800000

ISA_END
