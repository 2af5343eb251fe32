/*
 * rv_mmu_test.c - the guest CPU's Sv39 MMU: translation at every leaf size, permissions,
 * A/D updates, the faults the walker must raise, and the software TLB with its flushes.
 *
 * Page tables are written by hand (rv_test.h) so any bit can be put at any level. Each check
 * is made twice where it can be: with rv_translate (the walker alone) and by running a
 * load, store or jump through rv_run (the walker behind the TLB). Expected causes and tvals
 * follow the privileged spec, "Virtual Address Translation Process" and "Supervisor Cause
 * Register"; where the spec allows either behaviour (a stale TLB entry before a flush) the
 * test says which one this implementation documents.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <stdint.h>
#include <string.h>

#include "rv_test.h"

#define MEM_BYTES  (8 * RVT_MIB)
#define FRAMES_END (4 * RVT_MIB)
#define SUPER_PA   (4 * RVT_MIB) /* two 2 MiB-aligned regions above the frame allocator */
#define SUPER2_PA  (6 * RVT_MIB)

#define CODE_VA  0x10000ull
#define CODE2_VA 0x12000ull /* 0x13000 stays unmapped unless a test maps it */
#define DATA_VA  0x20000ull
#define FAR_VA   0x600000ull /* its own level-0 table: the code's tables stay intact */
#define SUPER_VA 0x40200000ull          /* 2 MiB-aligned, root index 1 */
#define GIGA_VA  0x80000000ull          /* 1 GiB-aligned, root index 2 */
#define HIGH_VA  0xffffffc000001000ull  /* canonical, root index 256 */

/* Routines on the code page; each ends in ecall, so ECALL means "the access completed". */
#define LOAD_AT  (CODE_VA + 0x00) /* ld a1, 0(a0); ecall */
#define STORE_AT (CODE_VA + 0x10) /* sd a2, 0(a0); ecall */
#define JUMP_AT  (CODE_VA + 0x20) /* jalr zero, 0(a0) */

#define RW  (RV_PTE_R | RV_PTE_W)
#define RX  (RV_PTE_R | RV_PTE_X)
#define RWX (RV_PTE_R | RV_PTE_W | RV_PTE_X)
#define POISON 0xdeadbeefcafef00dull

static struct rvt T;
static uint64_t root, satp, code_pa;

static void setup(void)
{
    rvt_init(&T, MEM_BYTES, FRAMES_END);
    root = rvt_frame(&T);
    satp = rv_satp(root, RVT_ASID);
    code_pa = rvt_map_new(&T, root, CODE_VA, RVT_LEAF | RX);
    const uint32_t code[] = {i_ld(A1, A0, 0),     I_ECALL, I_NOP, I_NOP,
                             i_sd(A2, A0, 0),     I_ECALL, I_NOP, I_NOP,
                             i_jalr(ZERO, A0, 0), I_ECALL};
    rvt_put(&T, code_pa, code, sizeof code / sizeof code[0]);
}

static void teardown(void)
{
    rvt_fini(&T);
}

TestSuite(rv_mmu, .init = setup, .fini = teardown, .timeout = 60);

/* ---- helpers ----------------------------------------------------------------------------- */

static const char *const acc_name[3] = {"load", "store", "fetch"};

static void translates(uint64_t s, uint64_t va, enum rv_access acc, uint64_t want_pa)
{
    uint64_t pa = POISON;
    uint32_t c = rv_translate(&T.m, s, va, acc, &pa);
    cr_assert_eq(c, 0, "%s at %#llx: expected a translation, got cause %u", acc_name[acc],
                 (unsigned long long)va, c);
    cr_assert_eq(pa, want_pa, "%s at %#llx: expected pa %#llx, got %#llx", acc_name[acc],
                 (unsigned long long)va, (unsigned long long)want_pa, (unsigned long long)pa);
}

static void translate_faults(uint64_t s, uint64_t va, enum rv_access acc, uint32_t want)
{
    uint64_t pa = POISON;
    uint32_t c = rv_translate(&T.m, s, va, acc, &pa);
    cr_assert_eq(c, want, "%s at %#llx: expected cause %u, got %u", acc_name[acc],
                 (unsigned long long)va, want, c);
}

/* Every access kind at va faults with its page-fault cause (13 / 15 / 12). */
static void translate_page_faults_all(uint64_t s, uint64_t va)
{
    translate_faults(s, va, RV_ACCESS_LOAD, RV_CAUSE_LOAD_PAGE);
    translate_faults(s, va, RV_ACCESS_STORE, RV_CAUSE_STORE_PAGE);
    translate_faults(s, va, RV_ACCESS_FETCH, RV_CAUSE_FETCH_PAGE);
}

/* Run `ld a1, 0(a0)` at va; the loaded value, after checking the load completed. */
static uint64_t load_ok(uint64_t s, uint64_t va)
{
    T.regs.pc = LOAD_AT;
    T.regs.x[A0] = va;
    T.regs.x[A1] = POISON;
    rvt_run(&T, s, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, LOAD_AT + 4, 1);
    return T.regs.x[A1];
}

static void load_faults(uint64_t s, uint64_t va, uint32_t cause, uint64_t tval)
{
    T.regs.pc = LOAD_AT;
    T.regs.x[A0] = va;
    T.regs.x[A1] = POISON;
    rvt_run(&T, s, 100);
    rvt_expect_trap(&T, cause, tval, LOAD_AT, 0);
    cr_assert_eq(T.regs.x[A1], POISON, "expected the faulting load to leave a1 alone");
}

static void store_ok(uint64_t s, uint64_t va, uint64_t v)
{
    T.regs.pc = STORE_AT;
    T.regs.x[A0] = va;
    T.regs.x[A2] = v;
    rvt_run(&T, s, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, STORE_AT + 4, 1);
}

static void store_faults(uint64_t s, uint64_t va, uint32_t cause, uint64_t tval)
{
    T.regs.pc = STORE_AT;
    T.regs.x[A0] = va;
    T.regs.x[A2] = POISON;
    rvt_run(&T, s, 100);
    rvt_expect_trap(&T, cause, tval, STORE_AT, 0);
}

/* Jump to va: the jalr retires, the fetch at va faults. */
static void fetch_faults(uint64_t s, uint64_t va, uint32_t cause)
{
    T.regs.pc = JUMP_AT;
    T.regs.x[A0] = va;
    rvt_run(&T, s, 100);
    rvt_expect_trap(&T, cause, va, va, 1);
}


/* ---- translation at every leaf size ------------------------------------------------------ */

Test(rv_mmu, leaf_4k_translates_to_its_frame)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    translates(satp, DATA_VA, RV_ACCESS_LOAD, pa);
    translates(satp, DATA_VA + 0x888, RV_ACCESS_LOAD, pa + 0x888);
    translates(satp, DATA_VA + 0xfff, RV_ACCESS_STORE, pa + 0xfff);
    translates(satp, CODE_VA + 0x24, RV_ACCESS_FETCH, code_pa + 0x24);

    rvt_poke64(&T, pa + 0x88, 0x1122334455667788ull);
    cr_assert_eq(load_ok(satp, DATA_VA + 0x88), 0x1122334455667788ull,
                 "expected the value the host put in the frame");
    store_ok(satp, DATA_VA + 0x100, 0xabcdef0123456789ull);
    cr_assert_eq(rvt_peek64(&T, pa + 0x100), 0xabcdef0123456789ull, "expected the store in the frame");
    load_faults(satp, DATA_VA + RVT_PAGE_SIZE, RV_CAUSE_LOAD_PAGE, DATA_VA + RVT_PAGE_SIZE);
}

Test(rv_mmu, leaf_2m_translates_every_offset)
{
    rvt_map(&T, root, SUPER_VA, SUPER_PA, 1, RVT_LEAF | RW);
    static const uint64_t offs[] = {0, 0x8, 0x1234, 0x5000, 0x155008, 0x1ffff8};
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        translates(satp, SUPER_VA + offs[i], RV_ACCESS_LOAD, SUPER_PA + offs[i]);
        translates(satp, SUPER_VA + offs[i], RV_ACCESS_STORE, SUPER_PA + offs[i]);
        rvt_poke64(&T, SUPER_PA + offs[i], 0x2000000 + i);
    }
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++)
        cr_assert_eq(load_ok(satp, SUPER_VA + offs[i]), 0x2000000 + i,
                     "expected the value at superpage offset %#llx", (unsigned long long)offs[i]);
    store_ok(satp, SUPER_VA + 0x1ffff0, 0x5151);
    cr_assert_eq(rvt_peek64(&T, SUPER_PA + 0x1ffff0), 0x5151, "expected the store at the 2 MiB frame end");
    /* The neighbours of the superpage are not mapped. */
    load_faults(satp, SUPER_VA - 8, RV_CAUSE_LOAD_PAGE, SUPER_VA - 8);
    load_faults(satp, SUPER_VA + 2 * RVT_MIB, RV_CAUSE_LOAD_PAGE, SUPER_VA + 2 * RVT_MIB);
}

Test(rv_mmu, leaf_1g_translates_every_offset)
{
    rvt_map(&T, root, GIGA_VA, 0, 2, RVT_LEAF | RW); /* 1 GiB at physical 0 */
    translates(satp, GIGA_VA + 0x600123, RV_ACCESS_LOAD, 0x600123);
    translates(satp, GIGA_VA + 0x7ffff8, RV_ACCESS_STORE, 0x7ffff8);
    rvt_poke64(&T, 0x700008, 0x1616161616);
    cr_assert_eq(load_ok(satp, GIGA_VA + 0x700008), 0x1616161616,
                 "expected the value at physical 0x700008");
    store_ok(satp, GIGA_VA + 0x7ffff8, 0x77);
    cr_assert_eq(rvt_peek64(&T, 0x7ffff8), 0x77, "expected the store at the end of physical memory");
    /* The leaf covers 1 GiB, memory only 8 MiB: the rest exists in the page tables but not
     * in physical memory, so it is an access fault, not a page fault. */
    translate_faults(satp, GIGA_VA + MEM_BYTES, RV_ACCESS_LOAD, RV_CAUSE_LOAD_ACCESS);
    translate_faults(satp, GIGA_VA + RVT_GIB - 8, RV_ACCESS_STORE, RV_CAUSE_STORE_ACCESS);
    load_faults(satp, GIGA_VA + MEM_BYTES, RV_CAUSE_LOAD_ACCESS, GIGA_VA + MEM_BYTES);
    store_faults(satp, GIGA_VA + 0x3ffff000, RV_CAUSE_STORE_ACCESS, GIGA_VA + 0x3ffff000);
}

Test(rv_mmu, high_canonical_va_translates_through_root_index_256)
{
    uint64_t pa = rvt_map_new(&T, root, HIGH_VA, RVT_LEAF | RW);
    cr_assert_eq(vpn(HIGH_VA, 2), 256, "expected the test va to use root index 256");
    translates(satp, HIGH_VA + 0x10, RV_ACCESS_LOAD, pa + 0x10);
    rvt_poke64(&T, pa + 0x10, 0x4848);
    cr_assert_eq(load_ok(satp, HIGH_VA + 0x10), 0x4848, "expected the high page's value");
    /* Its low 39 bits alone name an unmapped address. */
    translate_faults(satp, HIGH_VA & ((1ull << 39) - 1), RV_ACCESS_LOAD, RV_CAUSE_LOAD_PAGE);
}

/* ---- permissions ---------------------------------------------------------------------------- */

Test(rv_mmu, load_from_a_page_without_r_is_a_load_page_fault)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RV_PTE_X); /* execute-only */
    translate_faults(satp, DATA_VA + 8, RV_ACCESS_LOAD, RV_CAUSE_LOAD_PAGE);
    load_faults(satp, DATA_VA + 8, RV_CAUSE_LOAD_PAGE, DATA_VA + 8);
    /* The same page can be executed. */
    translates(satp, DATA_VA + 8, RV_ACCESS_FETCH, pa + 8);
    const uint32_t ecall = I_ECALL;
    rvt_put(&T, pa + 8, &ecall, 1);
    T.regs.pc = JUMP_AT;
    T.regs.x[A0] = DATA_VA + 8;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, DATA_VA + 8, 1);
}

Test(rv_mmu, store_to_a_page_without_w_is_a_store_page_fault)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RV_PTE_R);
    rvt_poke64(&T, pa + 16, 0x1234);
    translate_faults(satp, DATA_VA + 16, RV_ACCESS_STORE, RV_CAUSE_STORE_PAGE);
    store_faults(satp, DATA_VA + 16, RV_CAUSE_STORE_PAGE, DATA_VA + 16);
    cr_assert_eq(rvt_peek64(&T, pa + 16), 0x1234, "expected the faulting store to change nothing");
    cr_assert_eq(load_ok(satp, DATA_VA + 16), 0x1234, "expected the page readable");
}

Test(rv_mmu, fetch_from_a_page_without_x_is_a_fetch_page_fault)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    translate_faults(satp, DATA_VA + 0x40, RV_ACCESS_FETCH, RV_CAUSE_FETCH_PAGE);
    fetch_faults(satp, DATA_VA + 0x40, RV_CAUSE_FETCH_PAGE);
}

Test(rv_mmu, page_without_u_faults_every_access)
{
    rvt_map_new(&T, root, DATA_VA, RV_PTE_V | RWX | RV_PTE_A | RV_PTE_D);
    translate_page_faults_all(satp, DATA_VA + 8);
    load_faults(satp, DATA_VA + 8, RV_CAUSE_LOAD_PAGE, DATA_VA + 8);
    store_faults(satp, DATA_VA + 8, RV_CAUSE_STORE_PAGE, DATA_VA + 8);
    fetch_faults(satp, DATA_VA + 8, RV_CAUSE_FETCH_PAGE);
}

Test(rv_mmu, write_without_read_is_a_reserved_encoding)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RV_PTE_W);
    translate_page_faults_all(satp, DATA_VA);
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    /* W|X without R is reserved too: X does not make it fetchable. */
    rvt_map_new(&T, root, DATA_VA + RVT_PAGE_SIZE, RVT_LEAF | RV_PTE_W | RV_PTE_X);
    translate_page_faults_all(satp, DATA_VA + RVT_PAGE_SIZE);
    fetch_faults(satp, DATA_VA + RVT_PAGE_SIZE, RV_CAUSE_FETCH_PAGE);
}

Test(rv_mmu, pointer_pte_at_level_0_faults)
{
    uint64_t frame = rvt_frame(&T);
    *rvt_slot(&T, root, DATA_VA, 0) = rv_pte(frame, RV_PTE_V); /* V without R/W/X */
    translate_page_faults_all(satp, DATA_VA);
    load_faults(satp, DATA_VA, RV_CAUSE_LOAD_PAGE, DATA_VA);
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    fetch_faults(satp, DATA_VA, RV_CAUSE_FETCH_PAGE);
}

Test(rv_mmu, invalid_pte_faults_whatever_its_other_bits)
{
    uint64_t frame = rvt_frame(&T);
    *rvt_slot(&T, root, DATA_VA, 0) =
        rv_pte(frame, RV_PTE_U | RWX | RV_PTE_A | RV_PTE_D); /* all but V */
    translate_page_faults_all(satp, DATA_VA);
    load_faults(satp, DATA_VA, RV_CAUSE_LOAD_PAGE, DATA_VA);
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    fetch_faults(satp, DATA_VA, RV_CAUSE_FETCH_PAGE);
    /* An invalid pointer PTE at level 1 with a table behind it faults too. */
    rvt_map(&T, root, FAR_VA, frame, 0, RVT_LEAF | RWX);
    uint64_t *l1 = rvt_slot(&T, root, FAR_VA, 1);
    translates(satp, FAR_VA, RV_ACCESS_LOAD, frame);
    *l1 &= ~RV_PTE_V;
    translate_page_faults_all(satp, FAR_VA);
    load_faults(satp, FAR_VA, RV_CAUSE_LOAD_PAGE, FAR_VA);
}

Test(rv_mmu, reserved_high_pte_bits_fault)
{
    static const unsigned bits[] = {54, 55, 60, 61, 62, 63}; /* reserved, PBMT, N */
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RWX);
    uint64_t *leaf = rvt_slot(&T, root, DATA_VA, 0);
    uint64_t good = *leaf;
    for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        *leaf = good | 1ull << bits[i];
        translate_page_faults_all(satp, DATA_VA + 0x20);
        load_faults(satp, DATA_VA + 0x20, RV_CAUSE_LOAD_PAGE, DATA_VA + 0x20);
    }
    *leaf = good;
    translates(satp, DATA_VA + 0x20, RV_ACCESS_LOAD, pa + 0x20);
    /* The same bits in a pointer PTE. */
    uint64_t far_pa = rvt_map_new(&T, root, FAR_VA, RVT_LEAF | RWX);
    translates(satp, FAR_VA + 0x20, RV_ACCESS_LOAD, far_pa + 0x20);
    uint64_t *l1 = rvt_slot(&T, root, FAR_VA, 1);
    *l1 |= 1ull << 54;
    translate_page_faults_all(satp, FAR_VA + 0x20);
    load_faults(satp, FAR_VA + 0x20, RV_CAUSE_LOAD_PAGE, FAR_VA + 0x20);
}

/* ---- accessed and dirty ------------------------------------------------------------------- */

static void expect_ad(const uint64_t *pte, bool a, bool d, const char *when)
{
    cr_assert_eq(!!(*pte & RV_PTE_A), a, "%s: expected A %s", when, a ? "set" : "clear");
    cr_assert_eq(!!(*pte & RV_PTE_D), d, "%s: expected D %s", when, d ? "set" : "clear");
}

Test(rv_mmu, translate_load_sets_a_but_not_d)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    expect_ad(pte, false, false, "before any access");
    uint64_t pa;
    cr_assert_eq(rv_translate(&T.m, satp, DATA_VA, RV_ACCESS_LOAD, &pa), 0, "expected a load");
    expect_ad(pte, true, false, "after a load");
    cr_assert_eq(rv_translate(&T.m, satp, DATA_VA, RV_ACCESS_STORE, &pa), 0, "expected a store");
    expect_ad(pte, true, true, "after a store");
}

Test(rv_mmu, translate_store_sets_a_and_d)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    uint64_t pa;
    cr_assert_eq(rv_translate(&T.m, satp, DATA_VA, RV_ACCESS_STORE, &pa), 0, "expected a store");
    expect_ad(pte, true, true, "after a first store");
}

Test(rv_mmu, translate_fetch_sets_a_but_not_d)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RWX);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    uint64_t pa;
    cr_assert_eq(rv_translate(&T.m, satp, DATA_VA, RV_ACCESS_FETCH, &pa), 0, "expected a fetch");
    expect_ad(pte, true, false, "after a fetch");
}

Test(rv_mmu, a_and_d_in_a_superpage_leaf)
{
    uint64_t *pte = rvt_map(&T, root, SUPER_VA, SUPER_PA, 1, RVT_LEAF | RW);
    cr_assert_eq(load_ok(satp, SUPER_VA + 0x3000), 0, "expected zeroed memory");
    expect_ad(pte, true, false, "after a load from the 2 MiB page");
    store_ok(satp, SUPER_VA + 0x7000, 1);
    expect_ad(pte, true, true, "after a store to another 4 KiB piece of it");
}

Test(rv_mmu, running_code_sets_a_on_load_and_d_on_first_store)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    rvt_poke64(&T, pa + 8, 99);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 99, "expected the loaded value");
    expect_ad(pte, true, false, "after a guest load");
    /* The page is now in the load TLB; the store must still walk and set D. */
    store_ok(satp, DATA_VA + 8, 100);
    expect_ad(pte, true, true, "after the first guest store");
    cr_assert_eq(rvt_peek64(&T, pa + 8), 100, "expected the stored value");
    /* The code page was fetched: A, never D. */
    expect_ad(rvt_slot(&T, root, CODE_VA, 0), true, false, "code page after fetches");
}

Test(rv_mmu, store_after_kernel_cleans_d_and_flushes_sets_d_again)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    store_ok(satp, DATA_VA, 1);
    expect_ad(pte, true, true, "after a store");
    *pte &= ~(RV_PTE_A | RV_PTE_D); /* the kernel harvests the bits (and must flush) */
    rv_flush_page(T.hart, RVT_ASID, DATA_VA);
    load_ok(satp, DATA_VA);
    expect_ad(pte, true, false, "after a load once cleaned");
    store_ok(satp, DATA_VA, 2);
    expect_ad(pte, true, true, "after a store once cleaned");
}

Test(rv_mmu, faulting_access_sets_neither_a_nor_d)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RV_PTE_R);
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    translate_faults(satp, DATA_VA, RV_ACCESS_FETCH, RV_CAUSE_FETCH_PAGE);
    expect_ad(pte, false, false, "after a store and a fetch that faulted");
    rvt_map_new(&T, root, DATA_VA + RVT_PAGE_SIZE, RVT_LEAF | RV_PTE_X);
    uint64_t *xpte = rvt_slot(&T, root, DATA_VA + RVT_PAGE_SIZE, 0);
    load_faults(satp, DATA_VA + RVT_PAGE_SIZE, RV_CAUSE_LOAD_PAGE, DATA_VA + RVT_PAGE_SIZE);
    expect_ad(xpte, false, false, "after a load that faulted");
}

/* ---- malformed translations -------------------------------------------------------------- */

Test(rv_mmu, misaligned_2m_superpage_faults)
{
    static const uint64_t skew[] = {RVT_PAGE_SIZE, RVT_MIB, 2 * RVT_MIB - RVT_PAGE_SIZE};
    uint64_t *pte = rvt_slot(&T, root, SUPER_VA, 1);
    for (unsigned i = 0; i < sizeof skew / sizeof skew[0]; i++) {
        *pte = rv_pte(SUPER_PA + skew[i], RVT_LEAF | RWX);
        translate_page_faults_all(satp, SUPER_VA + 0x10);
        load_faults(satp, SUPER_VA + 0x10, RV_CAUSE_LOAD_PAGE, SUPER_VA + 0x10);
        store_faults(satp, SUPER_VA + 0x10, RV_CAUSE_STORE_PAGE, SUPER_VA + 0x10);
        fetch_faults(satp, SUPER_VA + 0x10, RV_CAUSE_FETCH_PAGE);
    }
    *pte = rv_pte(SUPER_PA, RVT_LEAF | RWX);
    translates(satp, SUPER_VA + 0x10, RV_ACCESS_LOAD, SUPER_PA + 0x10);
}

Test(rv_mmu, misaligned_1g_superpage_faults)
{
    uint64_t *pte = rvt_slot(&T, root, GIGA_VA, 2);
    *pte = rv_pte(2 * RVT_MIB, RVT_LEAF | RW);
    translate_page_faults_all(satp, GIGA_VA);
    load_faults(satp, GIGA_VA, RV_CAUSE_LOAD_PAGE, GIGA_VA);
    *pte = rv_pte(0, RVT_LEAF | RW);
    translates(satp, GIGA_VA + 0x3000, RV_ACCESS_LOAD, 0x3000);
}

Test(rv_mmu, non_canonical_va_faults)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RWX);
    translates(satp, DATA_VA, RV_ACCESS_LOAD, pa);
    /* Same low 39 bits as a mapped page; bits 63:39 do not all equal bit 38. */
    static const uint64_t bad[] = {DATA_VA | 1ull << 39, DATA_VA | 0xffffff8000000000ull,
                                   DATA_VA | 1ull << 63, 0x4000000000ull};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        translate_page_faults_all(satp, bad[i]);
        load_faults(satp, bad[i], RV_CAUSE_LOAD_PAGE, bad[i]);
        store_faults(satp, bad[i], RV_CAUSE_STORE_PAGE, bad[i]);
        fetch_faults(satp, bad[i], RV_CAUSE_FETCH_PAGE);
    }
}

Test(rv_mmu, leaf_outside_physical_memory_is_an_access_fault)
{
    static const uint64_t where[] = {MEM_BYTES, MEM_BYTES + 0x5000, 1ull << 40};
    uint64_t *pte = rvt_slot(&T, root, DATA_VA, 0);
    for (unsigned i = 0; i < sizeof where / sizeof where[0]; i++) {
        *pte = rv_pte(where[i], RVT_LEAF | RWX | RV_PTE_A | RV_PTE_D);
        translate_faults(satp, DATA_VA + 8, RV_ACCESS_LOAD, RV_CAUSE_LOAD_ACCESS);
        translate_faults(satp, DATA_VA + 8, RV_ACCESS_STORE, RV_CAUSE_STORE_ACCESS);
        translate_faults(satp, DATA_VA + 8, RV_ACCESS_FETCH, RV_CAUSE_FETCH_ACCESS);
        load_faults(satp, DATA_VA + 8, RV_CAUSE_LOAD_ACCESS, DATA_VA + 8);
        store_faults(satp, DATA_VA + 8, RV_CAUSE_STORE_ACCESS, DATA_VA + 8);
        fetch_faults(satp, DATA_VA + 8, RV_CAUSE_FETCH_ACCESS);
    }
    /* The last page of memory is fine. */
    *pte = rv_pte(MEM_BYTES - RVT_PAGE_SIZE, RVT_LEAF | RWX);
    translates(satp, DATA_VA + 8, RV_ACCESS_LOAD, MEM_BYTES - RVT_PAGE_SIZE + 8);
}

Test(rv_mmu, page_table_outside_physical_memory_is_an_access_fault)
{
    uint64_t *l1 = rvt_slot(&T, root, FAR_VA, 1);
    *l1 = rv_pte(MEM_BYTES, RV_PTE_V); /* the level-0 table lies past the end */
    translate_faults(satp, FAR_VA, RV_ACCESS_LOAD, RV_CAUSE_LOAD_ACCESS);
    translate_faults(satp, FAR_VA, RV_ACCESS_STORE, RV_CAUSE_STORE_ACCESS);
    translate_faults(satp, FAR_VA, RV_ACCESS_FETCH, RV_CAUSE_FETCH_ACCESS);
    load_faults(satp, FAR_VA, RV_CAUSE_LOAD_ACCESS, FAR_VA);
    store_faults(satp, FAR_VA, RV_CAUSE_STORE_ACCESS, FAR_VA);
    fetch_faults(satp, FAR_VA, RV_CAUSE_FETCH_ACCESS);
    /* The last PTE of the last page of memory is inside it: a table there works. */
    uint64_t top = MEM_BYTES - RVT_PAGE_SIZE;
    memset(rvt_host(&T, top), 0, RVT_PAGE_SIZE);
    *l1 = rv_pte(top, RV_PTE_V);
    ((uint64_t *)rvt_host(&T, top))[vpn(FAR_VA, 0)] = rv_pte(SUPER_PA, RVT_LEAF | RW);
    translates(satp, FAR_VA + 8, RV_ACCESS_LOAD, SUPER_PA + 8);
    /* A root past the end: even the code cannot be fetched. (Another ASID, so the code
     * page's cached translation under ASID 1 does not apply.) */
    uint64_t far = rv_satp(MEM_BYTES + 16 * RVT_PAGE_SIZE, RVT_ASID + 6);
    translate_faults(far, CODE_VA, RV_ACCESS_FETCH, RV_CAUSE_FETCH_ACCESS);
    T.regs.pc = CODE_VA;
    rvt_run(&T, far, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_ACCESS, CODE_VA, CODE_VA, 0);
}

Test(rv_mmu, satp_mode_other_than_sv39_is_an_access_fault)
{
    static const uint64_t modes[] = {0, 9, 10, 1};
    for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        uint64_t s = (satp & ~(0xfull << RV_SATP_MODE_SHIFT)) | modes[i] << RV_SATP_MODE_SHIFT;
        translate_faults(s, CODE_VA, RV_ACCESS_LOAD, RV_CAUSE_LOAD_ACCESS);
        translate_faults(s, CODE_VA, RV_ACCESS_STORE, RV_CAUSE_STORE_ACCESS);
        translate_faults(s, CODE_VA, RV_ACCESS_FETCH, RV_CAUSE_FETCH_ACCESS);
        T.regs.pc = LOAD_AT;
        rvt_run(&T, s, 100);
        rvt_expect_trap(&T, RV_CAUSE_FETCH_ACCESS, LOAD_AT, LOAD_AT, 0);
    }
    T.regs.pc = LOAD_AT;
    T.regs.x[A0] = CODE_VA;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, LOAD_AT + 4, 1);
}

/* rv64.h: "An satp whose MODE is not Sv39 gives RV_CAUSE_FETCH_ACCESS with tval = pc" - also
 * when the TLB still holds translations for the ASID in that satp's ASID field. */
Test(rv_mmu, satp_mode_other_than_sv39_faults_even_with_cached_translations)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    rvt_poke64(&T, pa, 42);
    cr_assert_eq(load_ok(satp, DATA_VA), 42, "expected the load under Sv39");
    uint64_t bare = satp & ~(0xfull << RV_SATP_MODE_SHIFT); /* same ASID and root, MODE 0 */
    T.regs.pc = LOAD_AT;
    T.regs.x[A0] = DATA_VA;
    rvt_run(&T, bare, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_ACCESS, LOAD_AT, LOAD_AT, 0);
}

Test(rv_mmu, instruction_crossing_into_a_bad_page_faults_at_the_second_page)
{
    uint64_t pa = rvt_map_new(&T, root, CODE2_VA, RVT_LEAF | RX);
    /* addi a3, zero, 0x123 split over the page boundary, then ecall. */
    uint32_t addi = i_addi(A3, ZERO, 0x123), ecall = I_ECALL;
    uint16_t lo = (uint16_t)addi, hi = (uint16_t)(addi >> 16);
    memcpy(rvt_host(&T, pa + RVT_PAGE_SIZE - 2), &lo, 2);
    uint64_t at = CODE2_VA + RVT_PAGE_SIZE - 2, next = CODE2_VA + RVT_PAGE_SIZE;

    /* Second page unmapped: tval names the part that faulted, pc the instruction (privileged
     * spec, "Supervisor Trap Value Register"). */
    T.regs.pc = at;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_PAGE, next, at, 0);

    /* Second page readable but not executable. */
    uint64_t pa2 = rvt_map_new(&T, root, next, RVT_LEAF | RV_PTE_R);
    memcpy(rvt_host(&T, pa2), &hi, 2);
    memcpy(rvt_host(&T, pa2 + 2), &ecall, 4);
    T.regs.pc = at;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_PAGE, next, at, 0);

    /* Second page outside physical memory. */
    uint64_t *pte2 = rvt_slot(&T, root, next, 0);
    *pte2 = rv_pte(MEM_BYTES, RVT_LEAF | RX);
    rv_flush(T.hart, RV_FLUSH_TLB);
    T.regs.pc = at;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_FETCH_ACCESS, next, at, 0);

    /* Executable: the joined instruction runs. */
    *pte2 = rv_pte(pa2, RVT_LEAF | RX);
    rv_flush(T.hart, RV_FLUSH_TLB);
    T.regs.pc = at;
    T.regs.x[A3] = 0;
    rvt_run(&T, satp, 100);
    rvt_expect_trap(&T, RV_CAUSE_ECALL, 0, next + 2, 1);
    cr_assert_eq(T.regs.x[A3], 0x123, "expected the instruction split over two pages to run");
}

/* ---- the TLB --------------------------------------------------------------------------------- */

/*
 * The TLB is not coherent with the page tables (rv64.h): after a PTE changes, the hart may go
 * on using the old translation until the kernel flushes, as a RISC-V hart may until it
 * executes SFENCE.VMA (privileged spec, "Supervisor Memory-Management Fence Instruction":
 * without the fence, either the old or the new PTE may be used). This implementation keeps
 * the old one, which the tests below rely on to see that each flush really flushes.
 */
struct remap {
    uint64_t *pte;
    uint64_t old_pa, new_pa;
};

/* DATA_VA -> a frame holding 111, cached by a load; then the PTE points to a frame holding
 * 222, unflushed: loads still see 111. */
static struct remap cache_then_remap(void)
{
    struct remap r;
    r.old_pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    r.pte = rvt_slot(&T, root, DATA_VA, 0);
    r.new_pa = rvt_frame(&T);
    rvt_poke64(&T, r.old_pa + 8, 111);
    rvt_poke64(&T, r.new_pa + 8, 222);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 111, "expected the first frame's value");
    *r.pte = rv_pte(r.new_pa, RVT_LEAF | RW);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 111,
                 "expected the cached (stale) translation until a flush");
    return r;
}

Test(rv_mmu, tlb_keeps_a_stale_translation_until_flushed)
{
    struct remap r = cache_then_remap();
    /* Stale for stores too once the store TLB holds the page. */
    *r.pte = rv_pte(r.old_pa, RVT_LEAF | RW);
    rv_flush(T.hart, RV_FLUSH_TLB);
    store_ok(satp, DATA_VA + 16, 1);
    *r.pte = rv_pte(r.new_pa, RVT_LEAF | RW);
    store_ok(satp, DATA_VA + 16, 2);
    cr_assert_eq(rvt_peek64(&T, r.old_pa + 16), 2, "expected the stale store entry to be used");
    cr_assert_eq(rvt_peek64(&T, r.new_pa + 16), 0, "expected nothing in the new frame before a flush");
    /* rv_translate never uses the TLB. */
    translates(satp, DATA_VA + 8, RV_ACCESS_LOAD, r.new_pa + 8);
}

Test(rv_mmu, flush_page_makes_a_pte_change_visible)
{
    cache_then_remap();
    rv_flush_page(T.hart, RVT_ASID, DATA_VA + 0x123); /* any address in the page */
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 222, "expected the new frame after rv_flush_page");
}

Test(rv_mmu, flush_page_of_another_asid_or_page_keeps_the_entry)
{
    cache_then_remap();
    rv_flush_page(T.hart, RVT_ASID + 1, DATA_VA);
    rv_flush_page(T.hart, RVT_ASID, DATA_VA + RVT_PAGE_SIZE);
    rv_flush_page(T.hart, RVT_ASID, DATA_VA + RV_TLB_ENTRIES * RVT_PAGE_SIZE); /* same index */
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 111,
                 "expected flushes of other pages and ASIDs to keep this entry");
    rv_flush_page(T.hart, RVT_ASID, DATA_VA);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 222, "expected the new frame after the right flush");
}

Test(rv_mmu, flush_asid_makes_a_pte_change_visible)
{
    cache_then_remap();
    rv_flush_asid(T.hart, RVT_ASID);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 222, "expected the new frame after rv_flush_asid");
}

Test(rv_mmu, flush_tlb_makes_a_pte_change_visible)
{
    cache_then_remap();
    rv_flush(T.hart, RV_FLUSH_CODE);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 111, "expected a code flush to keep translations");
    rv_flush(T.hart, RV_FLUSH_TLB);
    cr_assert_eq(load_ok(satp, DATA_VA + 8), 222, "expected the new frame after RV_FLUSH_TLB");
}

Test(rv_mmu, asids_keep_separate_translations_and_flush_separately)
{
    uint64_t root2 = rvt_frame(&T);
    uint64_t satp2 = rv_satp(root2, RVT_ASID + 1);
    rvt_map(&T, root2, CODE_VA, code_pa, 0, RVT_LEAF | RX);
    uint64_t f1 = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t f2 = rvt_map_new(&T, root2, DATA_VA, RVT_LEAF | RW);
    rvt_poke64(&T, f1, 111);
    rvt_poke64(&T, f2, 222);
    for (unsigned i = 0; i < 3; i++) {
        cr_assert_eq(load_ok(satp, DATA_VA), 111, "round %u: expected ASID 1's frame", i);
        cr_assert_eq(load_ok(satp2, DATA_VA), 222, "round %u: expected ASID 2's frame", i);
    }
    store_ok(satp2, DATA_VA + 8, 2);
    store_ok(satp, DATA_VA + 8, 1);
    cr_assert_eq(rvt_peek64(&T, f1 + 8), 1, "expected ASID 1's store in its frame");
    cr_assert_eq(rvt_peek64(&T, f2 + 8), 2, "expected ASID 2's store in its frame");

    /* Both PTEs move; flushing ASID 1 only affects ASID 1. (The TLB is direct-mapped and
     * both ASIDs' DATA_VA share an entry, so ASID 2 is checked first, while its entry is the
     * one held; a second page gives ASID 2 an entry no ASID 1 access can evict.) */
    uint64_t h2 = rvt_map_new(&T, root2, DATA_VA + RVT_PAGE_SIZE, RVT_LEAF | RW);
    rvt_poke64(&T, h2, 555);
    cr_assert_eq(load_ok(satp2, DATA_VA + RVT_PAGE_SIZE), 555, "expected ASID 2's second page");
    cr_assert_eq(load_ok(satp2, DATA_VA), 222, "expected ASID 2's frame");
    uint64_t g1 = rvt_frame(&T), g2 = rvt_frame(&T), k2 = rvt_frame(&T);
    rvt_poke64(&T, g1, 333);
    rvt_poke64(&T, g2, 444);
    rvt_poke64(&T, k2, 666);
    rvt_map(&T, root, DATA_VA, g1, 0, RVT_LEAF | RW);
    rvt_map(&T, root2, DATA_VA, g2, 0, RVT_LEAF | RW);
    rvt_map(&T, root2, DATA_VA + RVT_PAGE_SIZE, k2, 0, RVT_LEAF | RW);
    rv_flush_asid(T.hart, RVT_ASID);
    cr_assert_eq(load_ok(satp2, DATA_VA), 222, "expected ASID 2 still cached");
    cr_assert_eq(load_ok(satp, DATA_VA), 333, "expected ASID 1 flushed");
    cr_assert_eq(load_ok(satp2, DATA_VA + RVT_PAGE_SIZE), 555,
                 "expected ASID 2's second page still cached after ASID 1's flush");
    rv_flush_asid(T.hart, RVT_ASID + 1);
    cr_assert_eq(load_ok(satp2, DATA_VA), 444, "expected ASID 2 flushed");
    cr_assert_eq(load_ok(satp2, DATA_VA + RVT_PAGE_SIZE), 666,
                 "expected ASID 2's second page flushed");
}

Test(rv_mmu, flush_page_anywhere_in_a_superpage_drops_all_its_pieces)
{
    /* Four pieces at distinct indexes of the direct-mapped TLB, so all stay cached. */
    static const uint64_t offs[] = {0x0, 0x5008, 0x133010, 0x1ff018};
    uint64_t *pte = rvt_map(&T, root, SUPER_VA, SUPER_PA, 1, RVT_LEAF | RW);
    for (unsigned i = 0; i < 4; i++) {
        rvt_poke64(&T, SUPER_PA + offs[i], 100 + i);
        rvt_poke64(&T, SUPER2_PA + offs[i], 200 + i);
        cr_assert_eq(load_ok(satp, SUPER_VA + offs[i]), 100 + i, "expected the first region");
    }
    store_ok(satp, SUPER_VA + 0x7000, 1); /* a piece in the store TLB too */
    *pte = rv_pte(SUPER2_PA, RVT_LEAF | RW);
    for (unsigned i = 0; i < 4; i++)
        cr_assert_eq(load_ok(satp, SUPER_VA + offs[i]), 100 + i,
                     "expected piece %u cached before the flush", i);
    rv_flush_page(T.hart, RVT_ASID, SUPER_VA + 0x123456); /* a piece never touched */
    for (unsigned i = 0; i < 4; i++)
        cr_assert_eq(load_ok(satp, SUPER_VA + offs[i]), 200 + i,
                     "expected piece %u (offset %#llx) to see the new region", i,
                     (unsigned long long)offs[i]);
    store_ok(satp, SUPER_VA + 0x7000, 2);
    cr_assert_eq(rvt_peek64(&T, SUPER2_PA + 0x7000), 2, "expected the store in the new region");
    cr_assert_eq(rvt_peek64(&T, SUPER_PA + 0x7000), 1, "expected the old region untouched");
}

Test(rv_mmu, flush_page_in_a_superpage_drops_a_gigapage_piece_too)
{
    uint64_t *pte = rvt_map(&T, root, GIGA_VA, 0, 2, RVT_LEAF | RW);
    rvt_poke64(&T, 0x600000, 1);
    cr_assert_eq(load_ok(satp, GIGA_VA + 0x600000), 1, "expected physical 0x600000");
    *pte = rv_pte(RVT_GIB, RVT_LEAF | RW); /* now outside memory */
    rv_flush_page(T.hart, RVT_ASID, GIGA_VA + 0x3000000); /* 48 MiB away, same 1 GiB page */
    load_faults(satp, GIGA_VA + 0x600000, RV_CAUSE_LOAD_ACCESS, GIGA_VA + 0x600000);
}

Test(rv_mmu, unmapped_and_flushed_page_faults)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    rvt_poke64(&T, pa, 5);
    cr_assert_eq(load_ok(satp, DATA_VA), 5, "expected the mapped value");
    store_ok(satp, DATA_VA + 8, 6);
    *rvt_slot(&T, root, DATA_VA, 0) = 0;
    rv_flush_page(T.hart, RVT_ASID, DATA_VA);
    load_faults(satp, DATA_VA, RV_CAUSE_LOAD_PAGE, DATA_VA);
    store_faults(satp, DATA_VA + 8, RV_CAUSE_STORE_PAGE, DATA_VA + 8);
    cr_assert_eq(rvt_peek64(&T, pa + 8), 6, "expected no store into the unmapped frame");
}

Test(rv_mmu, fault_is_not_cached_so_mapping_after_it_needs_no_flush)
{
    /* Invalid PTEs are never cached: after a fault the kernel may map and retry at once. */
    rvt_slot(&T, root, DATA_VA, 0); /* tables exist, leaf zero */
    load_faults(satp, DATA_VA, RV_CAUSE_LOAD_PAGE, DATA_VA);
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    fetch_faults(satp, DATA_VA, RV_CAUSE_FETCH_PAGE);
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RV_PTE_R);
    rvt_poke64(&T, pa, 7);
    cr_assert_eq(load_ok(satp, DATA_VA), 7, "expected the retried load to succeed");
    /* A permission fault is not cached either: granting W lets the retried store through. */
    store_faults(satp, DATA_VA, RV_CAUSE_STORE_PAGE, DATA_VA);
    *rvt_slot(&T, root, DATA_VA, 0) |= RV_PTE_W;
    store_ok(satp, DATA_VA, 8);
    cr_assert_eq(rvt_peek64(&T, pa), 8, "expected the retried store to succeed");
}

/* ---- misaligned accesses across pages ----------------------------------------------------- */

Test(rv_mmu, misaligned_store_into_an_unmapped_page_faults_and_writes_nothing)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    memset(rvt_host(&T, pa), 0xa5, RVT_PAGE_SIZE);
    uint64_t next = DATA_VA + RVT_PAGE_SIZE;
    for (unsigned back = 1; back < 8; back++) {
        store_faults(satp, next - back, RV_CAUSE_STORE_PAGE, next);
        for (unsigned i = 0; i < 8; i++)
            cr_assert_eq(((uint8_t *)rvt_host(&T, pa))[RVT_PAGE_SIZE - 8 + i], 0xa5,
                         "store at next-%u: expected byte %u of the first page untouched", back,
                         RVT_PAGE_SIZE - 8 + i);
    }
    /* Second page read-only: the same. */
    uint64_t pa2 = rvt_map_new(&T, root, next, RVT_LEAF | RV_PTE_R);
    store_faults(satp, next - 4, RV_CAUSE_STORE_PAGE, next);
    cr_assert_eq(rvt_peek64(&T, pa + RVT_PAGE_SIZE - 8), 0xa5a5a5a5a5a5a5a5ull,
                 "expected the first page untouched");
    cr_assert_eq(rvt_peek64(&T, pa2), 0, "expected the second page untouched");
}

Test(rv_mmu, misaligned_load_from_an_unmapped_page_faults_at_the_page)
{
    rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    uint64_t next = DATA_VA + RVT_PAGE_SIZE;
    for (unsigned back = 1; back < 8; back++)
        load_faults(satp, next - back, RV_CAUSE_LOAD_PAGE, next);
    /* The first page unmapped instead: the fault names the first byte. */
    load_faults(satp, DATA_VA - 3, RV_CAUSE_LOAD_PAGE, DATA_VA - 3);
}

Test(rv_mmu, misaligned_access_across_two_frames_joins_them)
{
    uint64_t pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    rvt_frame(&T); /* keep the two frames apart */
    uint64_t pa2 = rvt_map_new(&T, root, DATA_VA + RVT_PAGE_SIZE, RVT_LEAF | RW);
    cr_assert_neq(pa2, pa + RVT_PAGE_SIZE, "expected non-adjacent frames");
    rvt_poke64(&T, pa + RVT_PAGE_SIZE - 8, 0x8877665544332211ull);
    rvt_poke64(&T, pa2, 0xffeeddccbbaa9988ull);
    cr_assert_eq(load_ok(satp, DATA_VA + RVT_PAGE_SIZE - 3), 0xccbbaa9988887766ull,
                 "expected 3 bytes from the first frame and 5 from the second");
    store_ok(satp, DATA_VA + RVT_PAGE_SIZE - 5, 0x0102030405060708ull);
    cr_assert_eq(rvt_peek64(&T, pa + RVT_PAGE_SIZE - 8), 0x0405060708332211ull,
                 "expected the low 5 bytes at the end of the first frame");
    cr_assert_eq(rvt_peek64(&T, pa2), 0xffeeddccbb010203ull,
                 "expected the high 3 bytes at the start of the second frame");
}
