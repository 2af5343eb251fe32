/*
 * rv_trap_test.c - how rv_run stops: ecall, breakpoints, illegal instructions, misaligned
 * atomics, the instruction budget, rv_interrupt, a bad entry pc; fence.i and the decoded-
 * instruction cache; and hostile input (random instruction bytes, random page tables) that
 * must only ever end in a trap.
 *
 * Causes and tvals follow the privileged spec ("Supervisor Cause Register", "Supervisor Trap
 * Value Register") and rv64.h: pc is left at the trapping instruction, which does not retire.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "lib/prng.h"
#include "rv_test.h"

#define MEM_BYTES  (4 * RVT_MIB)
#define FRAMES_END MEM_BYTES

#define CODE_VA 0x10000ull /* four RWX pages, each a separate routine */
#define CODE_PAGES 4u
#define DATA_VA 0x20000ull

#define RW  (RV_PTE_R | RV_PTE_W)
#define RWX (RV_PTE_R | RV_PTE_W | RV_PTE_X)

static struct rvt T;
static uint64_t root, satp, code_pa[CODE_PAGES], data_pa;

static void setup(void)
{
    rvt_init(&T, MEM_BYTES, FRAMES_END);
    root = rvt_frame(&T);
    satp = rv_satp(root, RVT_ASID);
    for (unsigned i = 0; i < CODE_PAGES; i++)
        code_pa[i] = rvt_map_new(&T, root, CODE_VA + i * RVT_PAGE_SIZE, RVT_LEAF | RWX);
    data_pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
}

static void teardown(void)
{
    rvt_fini(&T);
}

TestSuite(rv_trap, .init = setup, .fini = teardown, .timeout = 120);

/* ---- helpers ------------------------------------------------------------------------------- */

#define CODE(...)                                                                            \
    do {                                                                                     \
        const uint32_t code_[] = {__VA_ARGS__};                                              \
        rvt_put(&T, code_pa[0], code_, sizeof code_ / sizeof code_[0]);                      \
    } while (0)

/* 16-bit parcels at the start of the first code page. */
static void put16(const uint16_t *p, unsigned n)
{
    memcpy(rvt_host(&T, code_pa[0]), p, 2u * n);
}

static uint32_t run_at(uint64_t pc, uint64_t budget)
{
    T.regs.pc = pc;
    return rvt_run(&T, satp, budget);
}

/* `insn` placed after one addi: illegal, pc at it, tval its bits, one instruction retired. */
static void expect_illegal(uint32_t insn)
{
    CODE(i_addi(A0, ZERO, 1), insn, I_ECALL);
    T.regs.x[A0] = 0;
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ILLEGAL, insn, CODE_VA + 4, 1);
    cr_assert_eq(T.regs.x[A0], 1, "expected the instruction before it to have run");
}


/* ---- ecall and breakpoints ------------------------------------------------------------------ */

Test(rv_trap, ecall_stops_at_the_ecall_which_does_not_retire)
{
    CODE(i_addi(A0, ZERO, 5), i_addi(17, ZERO, 93), I_ECALL, i_addi(A0, A0, 1), I_ECALL);
    T.regs.instret = 10;
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 8, 2);
    cr_assert_eq(T.regs.instret, 12, "expected instret to count the two instructions before");
    cr_assert_eq(T.regs.x[A0], 5, "expected a0 = 5");
    cr_assert_eq(T.regs.x[17], 93, "expected a7 = 93");
    /* The handler advances pc past the ecall and resumes. */
    run_at(T.regs.pc + 4, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 16, 1);
    cr_assert_eq(T.regs.x[A0], 6, "expected the instruction after the ecall to run");
    cr_assert_eq(T.regs.instret, 13, "expected instret 13");
}

Test(rv_trap, ebreak_is_a_breakpoint_with_tval_pc)
{
    CODE(i_addi(A0, ZERO, 1), I_EBREAK);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_BREAKPOINT, CODE_VA + 4, CODE_VA + 4, 1);
}

Test(rv_trap, c_ebreak_is_a_breakpoint_with_tval_pc)
{
    const uint16_t code[] = {C_NOP, C_NOP, C_NOP, C_EBREAK};
    put16(code, 4);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_BREAKPOINT, CODE_VA + 6, CODE_VA + 6, 3);
}

/* ---- illegal instructions ------------------------------------------------------------------ */

Test(rv_trap, all_zero_word_is_illegal)
{
    /* The parcel 0x0000 is the canonical illegal (compressed) instruction: tval is its 16
     * bits, zero. */
    CODE(i_addi(A0, ZERO, 1), 0x00000000u);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ILLEGAL, 0, CODE_VA + 4, 1);
}

Test(rv_trap, all_ones_word_is_illegal)
{
    expect_illegal(0xffffffffu);
}

Test(rv_trap, reserved_compressed_encoding_is_illegal)
{
    /* c.addi4spn x9, sp, 0: nzuimm = 0 is reserved. tval is the 16-bit parcel. */
    const uint16_t code[] = {C_NOP, 0x0004u, C_NOP};
    put16(code, 3);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ILLEGAL, 0x0004u, CODE_VA + 2, 1);
    /* c.addi4spn with a nonzero immediate is fine: x9 = sp + 4. */
    const uint16_t ok[] = {C_NOP, 0x0044u, 0x9002u};
    put16(ok, 3);
    rv_flush(T.hart, RV_FLUSH_CODE);
    T.regs.x[SP] = 0x1000;
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_BREAKPOINT, CODE_VA + 4, CODE_VA + 4, 2);
    cr_assert_eq(T.regs.x[S1], 0x1004, "expected c.addi4spn x9, sp, 4");
}

/* fadd.s f1, f2, f3 with rounding mode rm. */
static uint32_t fadd_s(unsigned rm)
{
    return enc_r(0x53, F1, rm, F2, F3, 0x00);
}

/* fmadd.d f1, f2, f3, f2 with rounding mode rm. */
static uint32_t fmadd_d(unsigned rm)
{
    return 2u << 27 | 1u << 25 | F3 << 20 | F2 << 15 | rm << 12 | F1 << 7 | 0x43u;
}

#define BOX(v) (0xffffffff00000000ull | (v))
#define F32_ONE   0x3f800000u
#define F32_TWO   0x40000000u
#define F32_THREE 0x40400000u

Test(rv_trap, fp_op_with_reserved_static_rounding_mode_is_illegal)
{
    expect_illegal(fadd_s(5));
    rv_flush(T.hart, RV_FLUSH_CODE);
    expect_illegal(fadd_s(6));
    rv_flush(T.hart, RV_FLUSH_CODE);
    expect_illegal(fmadd_d(5));
    /* rm = 0 (RNE) runs: 1 + 2 = 3. */
    rv_flush(T.hart, RV_FLUSH_CODE);
    CODE(fadd_s(0), I_ECALL);
    T.regs.f[F2] = BOX(F32_ONE);
    T.regs.f[F3] = BOX(F32_TWO);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 4, 1);
    cr_assert_eq(T.regs.f[F1], BOX(F32_THREE), "expected 3.0f boxed");
}

Test(rv_trap, dynamic_rounding_with_reserved_frm_is_illegal)
{
    T.regs.f[F2] = BOX(F32_ONE);
    T.regs.f[F3] = BOX(F32_TWO);
    static const unsigned bad_frm[] = {5, 6, 7};
    for (unsigned i = 0; i < 3; i++) {
        T.regs.fcsr = bad_frm[i] << RV_FRM_SHIFT;
        rv_flush(T.hart, RV_FLUSH_CODE);
        expect_illegal(fadd_s(7));
        rv_flush(T.hart, RV_FLUSH_CODE);
        expect_illegal(fmadd_d(7));
    }
    /* frm set by the guest itself. */
    rv_flush(T.hart, RV_FLUSH_CODE);
    T.regs.fcsr = 0;
    CODE(i_csrrwi(ZERO, CSR_FRM, 5), fadd_s(7), I_ECALL);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ILLEGAL, fadd_s(7), CODE_VA + 4, 1);
    /* A valid frm (RTZ) runs the same instruction. */
    T.regs.fcsr = 1u << RV_FRM_SHIFT;
    run_at(CODE_VA + 4, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 8, 1);
    cr_assert_eq(T.regs.f[F1], BOX(F32_THREE), "expected 3.0f boxed");
}

Test(rv_trap, writing_a_read_only_counter_is_illegal)
{
    expect_illegal(i_csrrw(ZERO, CSR_CYCLE, A0));
    rv_flush(T.hart, RV_FLUSH_CODE);
    expect_illegal(i_csrrsi(A1, CSR_CYCLE, 1));
    rv_flush(T.hart, RV_FLUSH_CODE);
    expect_illegal(i_csrrw(A1, CSR_INSTRET, A0));
    rv_flush(T.hart, RV_FLUSH_CODE);
    expect_illegal(enc_i(0x73, A1, 3, A0, 0xc01)); /* csrrc a1, time, a0 */
    /* Reading is fine: rdinstret and rdcycle count the instructions retired before. */
    rv_flush(T.hart, RV_FLUSH_CODE);
    CODE(I_NOP, I_NOP, i_csrrs(A0, CSR_INSTRET, ZERO), i_csrrs(A1, CSR_CYCLE, ZERO), I_ECALL);
    T.regs.instret = 1000;
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 16, 4);
    cr_assert_eq(T.regs.x[A0], 1002, "expected instret 1002 at the third instruction");
    cr_assert_eq(T.regs.x[A1], 1003, "expected cycle 1003 at the fourth instruction");
}

Test(rv_trap, unknown_csr_is_illegal)
{
    static const unsigned csrs[] = {0x300 /* mstatus */, 0x100 /* sstatus */, 0x180 /* satp */,
                                    0x800 /* custom */, 0x004, 0xc80 /* cycleh: RV32 only */};
    for (unsigned i = 0; i < sizeof csrs / sizeof csrs[0]; i++) {
        rv_flush(T.hart, RV_FLUSH_CODE);
        expect_illegal(i_csrrs(A1, csrs[i], ZERO));
    }
}

Test(rv_trap, privileged_instructions_are_illegal)
{
    static const uint32_t insns[] = {0x10500073u /* wfi */, 0x10200073u /* sret */,
                                     0x30200073u /* mret */, 0x12000073u /* sfence.vma */};
    for (unsigned i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        rv_flush(T.hart, RV_FLUSH_CODE);
        expect_illegal(insns[i]);
    }
}

/* ---- misaligned atomics -------------------------------------------------------------------- */

Test(rv_trap, misaligned_amo_is_a_store_misaligned_fault)
{
    rvt_poke64(&T, data_pa, 0x1111111111111111ull);
    rvt_poke64(&T, data_pa + 8, 0x2222222222222222ull);
    const struct {
        uint32_t insn;
        uint64_t off;
    } cases[] = {
        {enc_amo(AMO_ADD, AMO_W, 0, 0, A1, A0, A2), 2},
        {enc_amo(AMO_ADD, AMO_W, 1, 1, A1, A0, A2), 1},
        {enc_amo(AMO_SWAP, AMO_D, 0, 0, A1, A0, A2), 4},
        {enc_amo(AMO_ADD, AMO_D, 1, 0, A1, A0, A2), 7},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rv_flush(T.hart, RV_FLUSH_CODE);
        CODE(cases[i].insn, I_ECALL);
        T.regs.x[A0] = DATA_VA + cases[i].off;
        T.regs.x[A1] = 0x77;
        T.regs.x[A2] = 5;
        run_at(CODE_VA, 100);
        rvt_expect_trap(&T, RV_CAUSE_STORE_MISALIGNED, DATA_VA + cases[i].off, CODE_VA, 0);
        cr_assert_eq(T.regs.x[A1], 0x77, "case %u: expected rd untouched", i);
    }
    cr_assert_eq(rvt_peek64(&T, data_pa), 0x1111111111111111ull, "expected memory untouched");
    cr_assert_eq(rvt_peek64(&T, data_pa + 8), 0x2222222222222222ull, "expected memory untouched");
    /* Aligned: amoadd.w at offset 4 works and returns the sign-extended old word. */
    rv_flush(T.hart, RV_FLUSH_CODE);
    CODE(enc_amo(AMO_ADD, AMO_W, 0, 0, A1, A0, A2), I_ECALL);
    T.regs.x[A0] = DATA_VA + 4;
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 4, 1);
    cr_assert_eq(T.regs.x[A1], 0x11111111, "expected the old word");
    cr_assert_eq(rvt_peek64(&T, data_pa), 0x1111111611111111ull, "expected the word incremented by 5");
}

Test(rv_trap, misaligned_lr_is_a_load_misaligned_fault)
{
    static const struct {
        unsigned width;
        uint64_t off;
    } cases[] = {{AMO_W, 2}, {AMO_W, 1}, {AMO_D, 4}, {AMO_D, 6}};
    for (unsigned i = 0; i < 4; i++) {
        rv_flush(T.hart, RV_FLUSH_CODE);
        CODE(enc_amo(AMO_LR, cases[i].width, 1, 0, A1, A0, ZERO), I_ECALL);
        T.regs.x[A0] = DATA_VA + cases[i].off;
        T.regs.x[A1] = 0x77;
        run_at(CODE_VA, 100);
        rvt_expect_trap(&T, RV_CAUSE_LOAD_MISALIGNED, DATA_VA + cases[i].off, CODE_VA, 0);
        cr_assert_eq(T.regs.x[A1], 0x77, "case %u: expected rd untouched", i);
    }
}

/* The A extension: "If the address is not naturally aligned, an address-misaligned exception
 * or an access-fault exception will be generated" - for SC too, reservation or not (the Sail
 * model checks alignment before the reservation). */
Test(rv_trap, misaligned_sc_is_a_store_misaligned_fault)
{
    rvt_poke64(&T, data_pa, 0x1111111111111111ull);
    static const struct {
        unsigned width;
        uint64_t off;
    } cases[] = {{AMO_W, 2}, {AMO_D, 4}};
    for (unsigned i = 0; i < 2; i++) {
        rv_flush(T.hart, RV_FLUSH_CODE);
        CODE(enc_amo(AMO_SC, cases[i].width, 0, 1, A1, A0, A2), I_ECALL);
        T.regs.x[A0] = DATA_VA + cases[i].off;
        T.regs.x[A1] = 0x77;
        T.regs.x[A2] = 0;
        run_at(CODE_VA, 100);
        rvt_expect_trap(&T, RV_CAUSE_STORE_MISALIGNED, DATA_VA + cases[i].off, CODE_VA, 0);
    }
    cr_assert_eq(rvt_peek64(&T, data_pa), 0x1111111111111111ull, "expected memory untouched");
}

/* ---- the budget, interrupts, the entry pc ---------------------------------------------------- */

Test(rv_trap, budget_stops_after_exactly_that_many_instructions_and_resumes)
{
    CODE(i_addi(A0, A0, 1), i_jal(ZERO, -4));
    T.regs.x[A0] = 0;
    T.regs.instret = 0;
    run_at(CODE_VA, 1000);
    rvt_expect_trap(&T, RV_CAUSE_BUDGET, 0, CODE_VA, 1000);
    cr_assert_eq(T.regs.instret, 1000, "expected instret advanced by 1000");
    cr_assert_eq(T.regs.x[A0], 500, "expected 500 loop iterations");
    /* Resume where it stopped, with an odd budget: it stops after an addi. */
    rvt_run(&T, satp, 1001);
    rvt_expect_trap(&T, RV_CAUSE_BUDGET, 0, CODE_VA + 4, 1001);
    cr_assert_eq(T.regs.instret, 2001, "expected instret 2001");
    cr_assert_eq(T.regs.x[A0], 1001, "expected 1001 increments");
    rvt_run(&T, satp, 1);
    rvt_expect_trap(&T, RV_CAUSE_BUDGET, 0, CODE_VA, 1);
    cr_assert_eq(T.regs.x[A0], 1001, "expected the jal alone");
}

Test(rv_trap, budget_counts_straight_line_code_exactly)
{
    uint32_t code[64];
    for (unsigned i = 0; i < 63; i++)
        code[i] = i_addi(A0, A0, 1);
    code[63] = I_ECALL;
    rvt_put(&T, code_pa[0], code, 64);
    T.regs.x[A0] = 0;
    run_at(CODE_VA, 10);
    rvt_expect_trap(&T, RV_CAUSE_BUDGET, 0, CODE_VA + 40, 10);
    cr_assert_eq(T.regs.x[A0], 10, "expected exactly 10 addi");
    rvt_run(&T, satp, 1000);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 252, 53);
    cr_assert_eq(T.regs.x[A0], 63, "expected all 63 addi");
}

struct interrupter {
    struct rv_hart *hart;
    _Atomic int fired;
};

static void *interrupt_when_running(void *arg)
{
    struct interrupter *in = arg;
    while (!atomic_load(&in->hart->in_guest))
        sched_yield();
    struct timespec ts = {0, 5 * 1000 * 1000};
    nanosleep(&ts, 0); /* let it loop a while */
    atomic_store(&in->fired, 1);
    rv_interrupt(in->hart);
    return 0;
}

Test(rv_trap, interrupt_from_another_thread_stops_an_endless_loop)
{
    CODE(i_addi(A0, A0, 1), i_jal(ZERO, -4));
    T.regs.x[A0] = 0;
    struct interrupter in = {.hart = T.hart};
    atomic_init(&in.fired, 0);
    pthread_t th;
    cr_assert_eq(pthread_create(&th, 0, interrupt_when_running, &in), 0, "expected a thread");
    run_at(CODE_VA, ~0ull >> 1);
    pthread_join(th, 0);
    cr_assert_eq(T.trap.cause, RV_CAUSE_INTERRUPT, "expected RV_CAUSE_INTERRUPT, got %#x",
                 T.trap.cause);
    cr_assert(atomic_load(&in.fired), "expected the stop to come after rv_interrupt");
    cr_assert_eq(T.regs.pc, CODE_VA, "expected pc at the loop head (stopped at the jump)");
    cr_assert_eq(T.trap.retired, 2 * T.regs.x[A0], "expected two instructions per iteration");
    cr_assert_eq(T.regs.instret, T.trap.retired, "expected instret to match");
    cr_assert_eq(atomic_load(&T.hart->irq), 0, "expected the interrupt flag consumed");
    /* The next run does not stop at once. */
    rvt_run(&T, satp, 5000);
    rvt_expect_trap(&T, RV_CAUSE_BUDGET, 0, CODE_VA, 5000);
}

Test(rv_trap, interrupt_posted_before_run_stops_it_at_once)
{
    CODE(i_addi(A0, A0, 1), I_ECALL);
    T.regs.x[A0] = 0;
    rv_interrupt(T.hart);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_INTERRUPT, 0, CODE_VA, 0);
    cr_assert_eq(T.regs.x[A0], 0, "expected nothing run");
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 4, 1);
}

Test(rv_trap, odd_pc_at_entry_is_a_fetch_misaligned_fault)
{
    CODE(I_NOP, I_ECALL);
    run_at(CODE_VA + 1, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_MISALIGNED, CODE_VA + 1, CODE_VA + 1, 0);
    cr_assert_eq(T.regs.instret, 0, "expected nothing retired");
    /* An even pc in the middle of a 4-byte instruction is not misaligned (RVC). */
    const uint16_t code[] = {C_NOP, C_EBREAK};
    put16(code, 2);
    rv_flush(T.hart, RV_FLUSH_CODE);
    run_at(CODE_VA + 2, 100);
    rvt_expect_trap(&T, RV_CAUSE_BREAKPOINT, CODE_VA + 2, CODE_VA + 2, 0);
}

/* ---- self-modifying code ----------------------------------------------------------------- */

#define ADDI_A2(v) i_addi(A2, ZERO, v)

/* At page `page`: sw a1, 12(a0); <middle>; nop; addi a2, zero, 1; ecall. Runs it once with a1
 * holding the same instruction (so every slot is decoded), then with a1 = addi a2, zero, 2.
 * Returns a2 after the second run. */
static uint64_t rewrite_own_code(unsigned page, uint32_t middle)
{
    uint64_t va = CODE_VA + page * RVT_PAGE_SIZE;
    const uint32_t code[] = {i_sw(A1, A0, 12), middle, I_NOP, ADDI_A2(1), I_ECALL};
    rvt_put(&T, code_pa[page], code, 5);
    T.regs.x[A0] = va;
    T.regs.x[A1] = ADDI_A2(1);
    run_at(va, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, va + 16, 4);
    cr_assert_eq(T.regs.x[A2], 1, "expected the original instruction on the first run");
    T.regs.x[A1] = ADDI_A2(2);
    run_at(va, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, va + 16, 4);
    uint32_t now;
    memcpy(&now, rvt_host(&T, code_pa[page] + 12), 4);
    cr_assert_eq(now, ADDI_A2(2), "expected the store to have rewritten memory");
    return T.regs.x[A2];
}

Test(rv_trap, fence_i_makes_a_rewritten_instruction_visible)
{
    uint64_t a2 = rewrite_own_code(1, I_FENCE_I);
    cr_assert_eq(a2, 2, "expected the new instruction after fence.i, got a2 = %llu",
                 (unsigned long long)a2);
}

Test(rv_trap, without_fence_i_the_old_instruction_may_still_run)
{
    /* Without fence.i a RISC-V hart may execute either version (unprivileged spec, "Zifencei");
     * this interpreter runs the decoded (old) one until fence.i or a code flush. Only the
     * fence.i that follows is checked strictly. */
    uint64_t a2 = rewrite_own_code(2, I_NOP);
    cr_assert(a2 == 1 || a2 == 2, "expected the old or the new instruction, got a2 = %llu",
              (unsigned long long)a2);
    cr_log_info("without fence.i the %s instruction ran", a2 == 1 ? "old (cached)" : "new");
    /* fence.i from another page, then the same code again: the new instruction. */
    uint64_t va = CODE_VA + 3 * RVT_PAGE_SIZE;
    const uint32_t code[] = {I_FENCE_I, I_ECALL};
    rvt_put(&T, code_pa[3], code, 2);
    run_at(va, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, va + 4, 1);
    T.regs.x[A2] = 0;
    run_at(CODE_VA + 2 * RVT_PAGE_SIZE + 12, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 2 * RVT_PAGE_SIZE + 16, 1);
    cr_assert_eq(T.regs.x[A2], 2, "expected the new instruction after fence.i");
}

Test(rv_trap, flush_code_makes_host_rewritten_code_visible)
{
    CODE(i_addi(A0, ZERO, 1), I_ECALL);
    run_at(CODE_VA, 100);
    cr_assert_eq(T.regs.x[A0], 1, "expected the first version");
    const uint32_t v2 = i_addi(A0, ZERO, 2);
    rvt_put(&T, code_pa[0], &v2, 1);
    run_at(CODE_VA, 100);
    cr_assert(T.regs.x[A0] == 1 || T.regs.x[A0] == 2, "expected either version before a flush");
    rv_flush(T.hart, RV_FLUSH_CODE);
    run_at(CODE_VA, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, CODE_VA + 4, 1);
    cr_assert_eq(T.regs.x[A0], 2, "expected the rewritten instruction after RV_FLUSH_CODE");
}

Test(rv_trap, code_frame_remapped_and_tlb_flushed_runs_the_new_frame)
{
    /* The decoded-instruction cache is keyed by physical page: pointing the code's va at
     * another frame (and flushing the TLB) runs the other frame without a code flush. */
    CODE(i_addi(A0, ZERO, 1), I_ECALL);
    run_at(CODE_VA, 100);
    cr_assert_eq(T.regs.x[A0], 1, "expected the first frame");
    const uint32_t other[] = {i_addi(A0, ZERO, 2), I_ECALL};
    rvt_put(&T, code_pa[1], other, 2);
    rvt_map(&T, root, CODE_VA, code_pa[1], 0, RVT_LEAF | RWX);
    rv_flush(T.hart, RV_FLUSH_TLB);
    run_at(CODE_VA, 100);
    cr_assert_eq(T.regs.x[A0], 2, "expected the second frame's code");
}

/* ---- hostile input ----------------------------------------------------------------------- */

/*
 * Random instruction streams. Pages 0-2 are R|X, page 3 R|W|X (so random stores may rewrite
 * code), the data page R|W; a few registers point into the data page, the rest are random.
 * Each seed runs up to HOSTILE_INSNS instructions: after a trap the "kernel" skips the
 * instruction (or, after a fetch fault, jumps to a random code address) and resumes. Every
 * stop must be a known cause with a consistent tval and pc.
 */
#define HOSTILE_SEEDS      2000u
#define HOSTILE_INSNS      10000u
#define HOSTILE_MAX_TRAPS  256u

static uint64_t code_end(void)
{
    return CODE_VA + CODE_PAGES * RVT_PAGE_SIZE;
}

static void random_regs(uint64_t *seed)
{
    for (unsigned i = 1; i < 32; i++) {
        uint64_t r = vx_prng_next(seed);
        switch (r % 4) {
        case 0: T.regs.x[i] = DATA_VA + (r >> 8) % RVT_PAGE_SIZE; break;
        case 1: T.regs.x[i] = CODE_VA + (r >> 8) % (CODE_PAGES * RVT_PAGE_SIZE); break;
        case 2: T.regs.x[i] = (r >> 8) % 64; break;
        default: T.regs.x[i] = vx_prng_next(seed); break;
        }
        T.regs.f[i] = vx_prng_next(seed);
    }
    T.regs.fcsr = (uint32_t)vx_prng_next(seed) & RV_FCSR_MASK;
}

/* The instruction bits at pc as the hart would see them, or false if pc is not in a code
 * page (then its parcel cannot be read here). */
static bool insn_at(uint64_t pc, uint32_t *bits, unsigned *len)
{
    if (pc < CODE_VA || pc >= code_end())
        return false;
    uint64_t off = pc - CODE_VA;
    uint16_t lo, hi = 0;
    memcpy(&lo, rvt_host(&T, code_pa[off / RVT_PAGE_SIZE] + off % RVT_PAGE_SIZE), 2);
    *len = (lo & 3u) == 3u ? 4u : 2u;
    if (*len == 4) {
        if (pc + 2 >= code_end())
            return false;
        off += 2;
        memcpy(&hi, rvt_host(&T, code_pa[off / RVT_PAGE_SIZE] + off % RVT_PAGE_SIZE), 2);
    }
    *bits = (uint32_t)lo | (uint32_t)hi << 16;
    return true;
}

static bool in_writable_code(uint64_t pc)
{
    return pc >= CODE_VA + 3 * RVT_PAGE_SIZE - 2 && pc < code_end();
}

struct hostile_stats {
    uint64_t runs, insns, by_cause[16], budget;
};

/* Check one stop of a hostile run against the rules of rv_run. */
static void check_hostile_stop(uint32_t seed, uint64_t budget, uint64_t instret_before,
                               struct hostile_stats *st)
{
    uint32_t c = T.trap.cause;
    uint64_t pc = T.regs.pc;
    st->runs++;
    st->insns += T.trap.retired;
    cr_assert_eq(T.regs.instret, instret_before + T.trap.retired,
                 "seed %u: expected instret to advance by retired", seed);
    cr_assert_eq(pc & 1, 0, "seed %u: expected an even pc, got %#llx", seed,
                 (unsigned long long)pc);
    if (c == RV_CAUSE_BUDGET) {
        cr_assert_eq(T.trap.retired, budget, "seed %u: expected the whole budget retired", seed);
        st->budget++;
        return;
    }
    cr_assert_lt(T.trap.retired, budget, "seed %u: cause %u with the whole budget retired", seed,
                 c);
    cr_assert(c < 16, "seed %u: unexpected cause %#x", seed, c);
    st->by_cause[c]++;
    uint32_t bits = 0;
    unsigned len = 0;
    switch (c) {
    case RV_CAUSE_FETCH_ACCESS:
    case RV_CAUSE_FETCH_PAGE:
        /* The instruction's first byte, or (for one that crosses) the next page. */
        cr_assert(T.trap.tval == pc ||
                      ((pc & (RVT_PAGE_SIZE - 1)) == RVT_PAGE_SIZE - 2 &&
                       T.trap.tval == pc + 2),
                  "seed %u: fetch fault at pc %#llx with tval %#llx", seed,
                  (unsigned long long)pc, (unsigned long long)T.trap.tval);
        cr_assert(c == RV_CAUSE_FETCH_PAGE, "seed %u: no fetch here can leave physical memory",
                  seed);
        return;
    case RV_CAUSE_ILLEGAL:
        cr_assert(insn_at(pc, &bits, &len), "seed %u: illegal instruction outside code (%#llx)",
                  seed, (unsigned long long)pc);
        if (!in_writable_code(pc))
            cr_assert_eq(T.trap.tval, bits & (len == 2 ? 0xffffu : ~0u),
                         "seed %u: expected tval = the instruction bits at %#llx", seed,
                         (unsigned long long)pc);
        return;
    case RV_CAUSE_BREAKPOINT:
        cr_assert_eq(T.trap.tval, pc, "seed %u: expected a breakpoint's tval = pc", seed);
        return;
    case RV_CAUSE_ECALL:
        cr_assert_eq(T.trap.tval, 0, "seed %u: expected an ecall's tval = 0", seed);
        return;
    case RV_CAUSE_LOAD_MISALIGNED:
    case RV_CAUSE_STORE_MISALIGNED:
        cr_assert_neq(T.trap.tval & 7, 0, "seed %u: expected a misaligned tval", seed);
        return;
    case RV_CAUSE_LOAD_PAGE:
    case RV_CAUSE_STORE_PAGE:
        return;
    default:
        cr_assert_fail("seed %u: unexpected cause %u at pc %#llx", seed, c,
                       (unsigned long long)pc);
    }
}

Test(rv_trap, random_instruction_streams_only_ever_trap)
{
    /* Pages 0-2 read-only code, page 3 writable code. */
    for (unsigned i = 0; i < 3; i++)
        rvt_map(&T, root, CODE_VA + i * RVT_PAGE_SIZE, code_pa[i], 0, RVT_LEAF | RV_PTE_R | RV_PTE_X);
    struct hostile_stats st = {0};
    unsigned seeds = HOSTILE_SEEDS;
    for (uint32_t s = 1; s <= seeds; s++) {
        uint64_t seed = 0x9e3779b97f4a7c15ull * s;
        for (unsigned p = 0; p < CODE_PAGES; p++) {
            uint64_t *w = rvt_host(&T, code_pa[p]);
            for (unsigned i = 0; i < RVT_PAGE_SIZE / 8; i++)
                w[i] = vx_prng_next(&seed);
        }
        rv_flush(T.hart, RV_FLUSH_CODE | RV_FLUSH_TLB);
        random_regs(&seed);
        T.regs.pc = CODE_VA + 2 * (vx_prng_next(&seed) % (CODE_PAGES * RVT_PAGE_SIZE / 2));
        uint64_t left = HOSTILE_INSNS;
        for (unsigned traps = 0; left && traps < HOSTILE_MAX_TRAPS; traps++) {
            uint64_t before = T.regs.instret;
            uint32_t c = rvt_run(&T, satp, left);
            check_hostile_stop(s, left, before, &st);
            left -= T.trap.retired;
            if (c == RV_CAUSE_BUDGET)
                break;
            uint32_t bits;
            unsigned len;
            if (c == RV_CAUSE_FETCH_PAGE || c == RV_CAUSE_FETCH_ACCESS ||
                !insn_at(T.regs.pc, &bits, &len))
                T.regs.pc = CODE_VA + 2 * (vx_prng_next(&seed) % (CODE_PAGES * RVT_PAGE_SIZE / 2));
            else
                T.regs.pc += len; /* the kernel skips it */
            if (vx_prng_next(&seed) % 4 == 0)
                random_regs(&seed);
        }
    }
    cr_log_info("hostile: %u seeds, %llu runs, %llu instructions, %llu budget stops, illegal "
                "%llu, load/store page %llu/%llu, fetch page %llu, misaligned %llu/%llu, "
                "ecall %llu, ebreak %llu",
                seeds, (unsigned long long)st.runs, (unsigned long long)st.insns,
                (unsigned long long)st.budget, (unsigned long long)st.by_cause[2],
                (unsigned long long)st.by_cause[13], (unsigned long long)st.by_cause[15],
                (unsigned long long)st.by_cause[12], (unsigned long long)st.by_cause[4],
                (unsigned long long)st.by_cause[6], (unsigned long long)st.by_cause[8],
                (unsigned long long)st.by_cause[3]);
    cr_assert_gt(st.insns, seeds * 10ull, "expected the random streams to run some instructions");
}

/*
 * Random page tables. The code and data pages stay reachable through root[0]; every other
 * entry of the root, of their level-1 and level-0 tables, and of eight more "table" frames
 * is random: sometimes pure noise, sometimes a plausible PTE whose PPN points at one of the
 * tables, at any frame, or outside memory. rv_translate and guest loads, stores and jumps
 * through random addresses must only ever report success inside physical memory, or a page
 * or access fault of the right kind.
 */
#define PT_SEEDS       300u
#define PT_VAS_PER_SEED 64u
#define PT_TABLES      8u

static uint64_t random_pte(uint64_t *seed, const uint64_t *tables)
{
    uint64_t r = vx_prng_next(seed), low = (r >> 8) & 0x3ff;
    switch (r % 8) {
    case 0: return vx_prng_next(seed);
    case 1: case 2: case 3: /* a pointer to a random table */
        return rv_pte(tables[(r >> 20) % PT_TABLES], RV_PTE_V | (low & ~0xeull));
    case 4: case 5: /* any frame, any low bits */
        return rv_pte(((r >> 20) % (MEM_BYTES / RVT_PAGE_SIZE)) * RVT_PAGE_SIZE, low | 1);
    case 6: return rv_pte((r >> 20) << RV_PAGE_SHIFT, low | 1); /* mostly outside memory */
    default: return rv_pte(((r >> 20) % 4) * 2 * RVT_MIB, low | 1); /* superpage-aligned */
    }
}

static uint64_t random_va(uint64_t *seed)
{
    uint64_t r = vx_prng_next(seed);
    uint64_t va = vx_prng_next(seed);
    switch (r % 4) {
    case 0: return va & ((1ull << 38) - 1) & ~7ull;                 /* low half */
    case 1: return (va | ~((1ull << 38) - 1)) & ~7ull;              /* high half */
    case 2: return (va & ((1ull << 21) - 1)) & ~7ull;               /* near the code */
    default: return va & ~7ull;                                    /* anything */
    }
}

static void check_translation(uint64_t va, enum rv_access acc, unsigned seed)
{
    static const uint32_t page[3] = {RV_CAUSE_LOAD_PAGE, RV_CAUSE_STORE_PAGE, RV_CAUSE_FETCH_PAGE};
    static const uint32_t access[3] = {RV_CAUSE_LOAD_ACCESS, RV_CAUSE_STORE_ACCESS,
                                       RV_CAUSE_FETCH_ACCESS};
    uint64_t pa = ~0ull;
    uint32_t c = rv_translate(&T.m, satp, va, acc, &pa);
    if (c == 0)
        cr_assert_lt(pa, MEM_BYTES, "seed %u: va %#llx translated outside memory (%#llx)", seed,
                     (unsigned long long)va, (unsigned long long)pa);
    else
        cr_assert(c == page[acc] || c == access[acc], "seed %u: va %#llx kind %u: cause %u",
                  seed, (unsigned long long)va, acc, c);
}

Test(rv_trap, random_page_tables_only_ever_fault)
{
    /* The test's own tables: root -> l1 -> l0 -> code page, data page. */
    uint64_t l1 = pte_pa(*rvt_slot(&T, root, CODE_VA, 2));
    uint64_t l0 = pte_pa(*rvt_slot(&T, root, CODE_VA, 1));
    uint64_t tables[PT_TABLES];
    for (unsigned i = 0; i < PT_TABLES; i++)
        tables[i] = rvt_frame(&T);
    /* ld a1, 0(a0); sd a1, 0(a2); jalr zero, 0(a3) */
    CODE(i_ld(A1, A0, 0), i_sd(A1, A2, 0), i_jalr(ZERO, A3, 0));
    uint64_t keep_root = ((uint64_t *)rvt_host(&T, root))[0];
    uint64_t keep_l1 = ((uint64_t *)rvt_host(&T, l1))[0];
    uint64_t keep_l0[512];
    memcpy(keep_l0, rvt_host(&T, l0), sizeof keep_l0);
    uint64_t translated = 0, runs = 0;
    unsigned seeds = PT_SEEDS;
    for (uint32_t s = 1; s <= seeds; s++) {
        uint64_t seed = 0x2545f4914f6cdd1dull * s;
        uint64_t *r = rvt_host(&T, root), *t1 = rvt_host(&T, l1), *t0 = rvt_host(&T, l0);
        for (unsigned i = 0; i < 512; i++) {
            r[i] = i ? random_pte(&seed, tables) : keep_root;
            t1[i] = i ? random_pte(&seed, tables) : keep_l1;
            t0[i] = keep_l0[i] ? keep_l0[i] : random_pte(&seed, tables);
            for (unsigned k = 0; k < PT_TABLES; k++)
                ((uint64_t *)rvt_host(&T, tables[k]))[i] = random_pte(&seed, tables);
        }
        CODE(i_ld(A1, A0, 0), i_sd(A1, A2, 0), i_jalr(ZERO, A3, 0)); /* a store may have hit it */
        rv_flush(T.hart, RV_FLUSH_TLB | RV_FLUSH_CODE);
        for (unsigned v = 0; v < PT_VAS_PER_SEED; v++) {
            uint64_t va = random_va(&seed);
            for (unsigned acc = 0; acc < 3; acc++)
                check_translation(va, (enum rv_access)acc, s);
            uint64_t pa;
            translated += rv_translate(&T.m, satp, va, RV_ACCESS_LOAD, &pa) == 0;
        }
        for (unsigned v = 0; v < 8; v++) {
            T.regs.x[A0] = random_va(&seed);
            T.regs.x[A2] = random_va(&seed);
            T.regs.x[A3] = random_va(&seed);
            T.regs.pc = CODE_VA;
            uint64_t before = T.regs.instret;
            uint32_t c = rvt_run(&T, satp, 16);
            runs++;
            cr_assert_eq(T.regs.instret, before + T.trap.retired, "seed %u: instret", s);
            cr_assert(c < 16 || c == RV_CAUSE_BUDGET, "seed %u: unexpected cause %#x", s, c);
            if (v == 0) {
                /* Fresh tables and code: the first instruction is the load, and it stops only
                 * if the load (or the code fetch, whose tables stay intact) faults. Later
                 * runs may find code or tables rewritten by a random store. */
                cr_assert(!((c == RV_CAUSE_FETCH_PAGE || c == RV_CAUSE_FETCH_ACCESS) &&
                            T.regs.pc == CODE_VA), "seed %u: the code page must stay fetchable", s);
                if (T.trap.retired == 0)
                    cr_assert((c == RV_CAUSE_LOAD_PAGE || c == RV_CAUSE_LOAD_ACCESS) &&
                                  T.trap.tval == T.regs.x[A0] && T.regs.pc == CODE_VA,
                              "seed %u: first instruction stopped with cause %u tval %#llx", s,
                              c, (unsigned long long)T.trap.tval);
            }
        }
    }
    cr_log_info("random page tables: %u seeds, %llu loads translated, %llu runs", seeds,
                (unsigned long long)translated, (unsigned long long)runs);
}
