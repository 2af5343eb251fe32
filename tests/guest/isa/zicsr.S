/*
 * tests/guest/isa/zicsr.S - the Zicsr instructions on the user-level CSRs (unprivileged spec
 * chapters "Zicsr" and "Zicntr", and §"Floating-Point Control and Status Register" of F).
 *
 * fcsr is frm (bits 7:5) and fflags (bits 4:0); frm and fflags are views of it, so writing one
 * shows in the others. Bits above 7 of fcsr, above 2 of frm and above 4 of fflags are
 * ignored on write and read as zero. Every CSR instruction returns the old value. csrrs and
 * csrrc with rs1 = x0 (and the immediate forms with 0) do not write, which is what makes
 * rdcycle/rdtime/rdinstret legal on read-only CSRs: if they wrote, they would trap and the
 * program would die. The counters are only checked for being readable and monotonic: instret
 * strictly increases across instructions, time and cycle never go backwards.
 */
#include "isa.h"

#define RESERVED_BITS_SET 0xffffff00
#define FRM_NONRESERVED_PATTERN ((FRM_RDN << FCSR_FRM_SHIFT) | NX | UF | OF | DZ | NV)
#define ALL_FLAGS (NX | UF | OF | DZ | NV)

ISA_PROGRAM zicsr

    /* ---- fflags ---- */
    csrwi fcsr, 0
    li t0, NX | DZ
    csrrw t2, fflags, t0
    CHECK csrrw_fflags_returns_old, t2, 0
    csrr t2, fflags
    CHECK csrrw_fflags_wrote, t2, NX | DZ
    li t0, 0xffffffffffffffff
    csrrw t2, fflags, t0
    CHECK csrrw_fflags_returns_old_again, t2, NX | DZ
    csrr t2, fflags
    CHECK fflags_write_masked_to_5_bits, t2, ALL_FLAGS
    li t0, UF | NV
    csrrc t2, fflags, t0
    CHECK csrrc_fflags_returns_old, t2, ALL_FLAGS
    csrr t2, fflags
    CHECK csrrc_fflags_cleared, t2, NX | OF | DZ
    csrrci t2, fflags, NX | DZ
    CHECK csrrci_fflags_returns_old, t2, NX | OF | DZ
    csrr t2, fflags
    CHECK csrrci_fflags_cleared, t2, OF
    csrrsi t2, fflags, NV
    CHECK csrrsi_fflags_returns_old, t2, OF
    csrr t2, fflags
    CHECK csrrsi_fflags_set, t2, OF | NV
    li t0, UF
    csrrs t2, fflags, t0
    csrr t2, fflags
    CHECK csrrs_fflags_set, t2, OF | NV | UF
    csrrwi t2, fflags, NX
    CHECK csrrwi_fflags_returns_old, t2, OF | NV | UF
    csrr t2, fflags
    CHECK csrrwi_fflags_wrote, t2, NX
    /* rd == rs1: the old value goes to rd, the old rs1 to the CSR */
    li t0, DZ
    csrrw t0, fflags, t0
    CHECK csrrw_rd_is_rs1_old, t0, NX
    csrr t2, fflags
    CHECK csrrw_rd_is_rs1_new, t2, DZ
    /* rs1 = x0 and uimm = 0 read without writing */
    csrrs t2, fflags, x0
    CHECK csrrs_x0_reads, t2, DZ
    csrrc t2, fflags, x0
    csrrsi t2, fflags, 0
    csrrci t2, fflags, 0
    csrr t2, fflags
    CHECK csrrs_csrrc_x0_do_not_write, t2, DZ
    /* frflags/fsflags are the same CSR */
    fsflags t2, x0
    CHECK fsflags_returns_old, t2, DZ
    frflags t2
    CHECK fsflags_cleared, t2, 0

    /* ---- frm ---- */
    csrwi fcsr, 0
    li t0, FRM_RUP
    csrrw t2, frm, t0
    CHECK csrrw_frm_returns_old, t2, FRM_RNE
    frrm t2
    CHECK csrrw_frm_wrote, t2, FRM_RUP
    li t0, 0xfa
    csrw frm, t0
    csrr t2, frm
    CHECK frm_write_masked_to_3_bits, t2, FRM_RDN
    csrrwi t2, frm, FRM_RMM
    CHECK csrrwi_frm_returns_old, t2, FRM_RDN
    csrrci t2, frm, FRM_RMM
    csrr t2, frm
    CHECK csrrci_frm_cleared, t2, FRM_RNE
    csrrsi t2, frm, FRM_RTZ
    csrr t2, frm
    CHECK csrrsi_frm_set, t2, FRM_RTZ
    fsrmi t2, FRM_RUP
    CHECK fsrmi_returns_old, t2, FRM_RTZ
    frrm t2
    CHECK fsrmi_wrote, t2, FRM_RUP

    /* ---- fcsr = frm << 5 | fflags ---- */
    csrwi fcsr, 0
    li t0, (FRM_RUP << FCSR_FRM_SHIFT) | NX | DZ
    csrrw t2, fcsr, t0
    CHECK csrrw_fcsr_returns_old, t2, 0
    csrr t2, frm
    CHECK fcsr_write_sets_frm, t2, FRM_RUP
    csrr t2, fflags
    CHECK fcsr_write_sets_fflags, t2, NX | DZ
    csrwi frm, FRM_RTZ
    csrr t2, fcsr
    CHECK frm_write_shows_in_fcsr, t2, (FRM_RTZ << FCSR_FRM_SHIFT) | NX | DZ
    csrwi fflags, OF
    csrr t2, fcsr
    CHECK fflags_write_shows_in_fcsr, t2, (FRM_RTZ << FCSR_FRM_SHIFT) | OF
    li t0, RESERVED_BITS_SET | FRM_NONRESERVED_PATTERN
    csrw fcsr, t0
    csrr t2, fcsr
    CHECK fcsr_write_masked_to_8_bits, t2, FRM_NONRESERVED_PATTERN
    csrrci t2, fcsr, ALL_FLAGS
    csrr t2, fcsr
    CHECK csrrci_fcsr_clears_flags_only, t2, FRM_RDN << FCSR_FRM_SHIFT
    li t0, (FRM_RMM << FCSR_FRM_SHIFT)
    csrrs t2, fcsr, t0
    CHECK csrrs_fcsr_returns_old, t2, FRM_RDN << FCSR_FRM_SHIFT
    csrr t2, frm
    CHECK csrrs_fcsr_sets_frm_bits, t2, FRM_RDN | FRM_RMM
    li t0, (FRM_RNE << FCSR_FRM_SHIFT) | NV
    fscsr t2, t0
    CHECK fscsr_returns_old, t2, (FRM_RDN | FRM_RMM) << FCSR_FRM_SHIFT
    frcsr t2
    CHECK frcsr_reads, t2, NV

    /* FP instructions accrue flags into fcsr, leaving frm alone */
    li t0, FRM_RTZ << FCSR_FRM_SHIFT
    csrw fcsr, t0
    li t0, 0x3f800000
    fmv.w.x ft0, t0
    li t0, 0x40400000
    fmv.w.x ft1, t0
    fdiv.s ft2, ft0, ft1
    fmv.w.x ft1, x0
    fdiv.s ft2, ft0, ft1
    csrr t2, fcsr
    CHECK fp_ops_accrue_flags, t2, (FRM_RTZ << FCSR_FRM_SHIFT) | NX | DZ

    /* ---- counters (Zicntr) ---- */
    rdinstret s0
    addi t0, t0, 1
    addi t0, t0, 1
    addi t0, t0, 1
    rdinstret s1
    sltu t2, s0, s1
    CHECK instret_strictly_increases, t2, 1
    rdtime s0
    li t0, 100
1:  addi t0, t0, -1
    bnez t0, 1b
    rdtime s1
    sltu t2, s1, s0
    CHECK time_does_not_go_back, t2, 0
    rdcycle s0
    addi t0, t0, 1
    rdcycle s1
    sltu t2, s1, s0
    CHECK cycle_does_not_go_back, t2, 0
    /* rd = x0 forms are plain reads too and do not trap */
    csrrs x0, cycle, x0
    csrrs x0, time, x0
    csrrs x0, instret, x0
    csrrsi t2, instret, 0
    CHECK x0_after_counter_reads, x0, 0

    csrwi fcsr, 0
ISA_END
