/*
 * selftest/st_rv64.c - the guest CPU inside the kernel: page tables and guest pages in frames
 * from the frame allocator, one hart per vCPU, guest code running on every vCPU at once.
 *
 * This is the path guest threads will take (issue 4): the kernel builds Sv39 tables in
 * physical memory, calls rv_run from a kernel thread, and handles the trap. Two tests:
 *   - every vCPU's guest increments one shared counter with amoadd.w: the total is exact;
 *   - guests spin reading a page until they see a new value; the kernel remaps the page to
 *     another frame and shoots down the harts' TLBs: every guest must see the new frame
 *     (without the shoot-down their TLBs would keep the old translation forever).
 */
#define VX_SUBSYSTEM "selftest"
#include "arch/hosted/rv64/rv64.h"
#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/param.h"
#include "kernel/sched/sched.h"
#include "kernel/selftest/selftest.h"
#include "lib/string.h"

#define HART_ORDER   9u /* 2 MiB block for a struct rv_hart (about 1 MiB) */
#define CODE_VA      0x10000ull
#define DATA_VA      0x20000ull
#define ASID         5u
#define BUDGET       2000u
#define STUCK_NS     10000000000ull /* a guest still running after 10 s counts as stuck */
#define INCREMENTS   20000u

/* A tiny assembler for the few formats used here (unprivileged spec, "Base Instruction
 * Formats"). Register numbers: a0 = 10, a1 = 11, t0 = 5, t1 = 6. */
static uint32_t enc_i(uint32_t opc, unsigned rd, unsigned f3, unsigned rs1, int32_t imm)
{
    return (uint32_t)imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return (o >> 12 & 1u) << 31 | (o >> 5 & 0x3fu) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (o >> 1 & 0xfu) << 8 | (o >> 11 & 1u) << 7 | 0x63u;
}

#define OPC_OP_IMM 0x13u
#define OPC_LOAD   0x03u
#define OPC_AMO    0x2fu
#define INSN_ECALL 0x00000073u
#define F3_BNE     1u
#define F3_W       2u

struct st_guest_as {
    uint64_t *root, *l1, *l0; /* one table per level: everything lives below 2 MiB */
    uint8_t *code, *data[2];
    uint64_t satp;
    struct rv_machine m;
};

static void map(struct st_guest_as *as, uint64_t va, void *page, uint64_t perm)
{
    uint64_t pte = rv_pte(frame_paddr(page), RV_PTE_V | RV_PTE_U | perm);
    __atomic_store_n(&as->l0[(va >> RV_PAGE_SHIFT) & 511u], pte, __ATOMIC_RELEASE);
}

static void as_free(struct st_guest_as *as)
{
    void *pages[] = {as->root, as->l1, as->l0, as->code, as->data[0], as->data[1]};
    for (unsigned i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (pages[i])
            frame_free(pages[i], 0);
}

static bool as_build(struct st_guest_as *as, const uint32_t *code, unsigned n)
{
    vx_memset(as, 0, sizeof *as);
    as->root = frame_zalloc(0);
    as->l1 = frame_zalloc(0);
    as->l0 = frame_zalloc(0);
    as->code = frame_zalloc(0);
    as->data[0] = frame_zalloc(0);
    as->data[1] = frame_zalloc(0);
    if (!as->root || !as->l1 || !as->l0 || !as->code || !as->data[0] || !as->data[1]) {
        as_free(as);
        return false;
    }
    as->root[0] = rv_pte(frame_paddr(as->l1), RV_PTE_V);
    as->l1[0] = rv_pte(frame_paddr(as->l0), RV_PTE_V);
    vx_memcpy(as->code, code, n * sizeof *code);
    map(as, CODE_VA, as->code, RV_PTE_R | RV_PTE_X);
    map(as, DATA_VA, as->data[0], RV_PTE_R | RV_PTE_W);
    as->satp = rv_satp(frame_paddr(as->root), ASID);
    rv_machine_init(&as->m, frame_region.base, frame_region.bytes);
    return true;
}

struct st_guest {
    struct st_guest_as *as;
    struct rv_hart *hart; /* this worker's: only it runs it */
    uint64_t a1;          /* argument for the guest */
    _Atomic unsigned *started;
    uint32_t cause;       /* how the guest ended */
};

/* Run the guest until it traps with something other than budget; count as started after
 * the first round. */
static int guest_main(void *arg)
{
    struct st_guest *g = arg;
    struct rv_regs r;
    vx_memset(&r, 0, sizeof r);
    r.pc = CODE_VA;
    r.x[10] = DATA_VA;
    r.x[11] = g->a1;
    struct rv_trap t;
    uint64_t deadline = hio_clock_ns() + STUCK_NS;
    for (unsigned round = 0;; round++) {
        g->cause = rv_run(g->hart, &r, g->as->satp, BUDGET, &t);
        if (round == 0)
            atomic_fetch_add(g->started, 1);
        if (g->cause != RV_CAUSE_BUDGET || hio_clock_ns() > deadline)
            break;
        sched_relinquish();
    }
    return g->cause != RV_CAUSE_ECALL;
}

struct st_run {
    struct st_guest guests[PARAM_MAX_CPUS];
    struct rv_hart *harts[PARAM_MAX_CPUS];
    _Atomic unsigned started;
    unsigned n;
};

static bool harts_alloc(struct st_run *run, struct st_guest_as *as, uint64_t a1)
{
    run->n = sched_ncpus();
    atomic_init(&run->started, 0);
    for (unsigned i = 0; i < run->n; i++) {
        run->harts[i] = frame_alloc(HART_ORDER);
        if (!run->harts[i])
            return false;
        rv_hart_init(run->harts[i], &as->m);
        run->guests[i] = (struct st_guest){as, run->harts[i], a1, &run->started, 0};
    }
    return true;
}

static void harts_free(struct st_run *run)
{
    for (unsigned i = 0; i < run->n; i++)
        if (run->harts[i])
            frame_free(run->harts[i], HART_ORDER);
}

/* Free what a test built and turn its error (a constant or msg itself) into the result. */
static const char *finish(struct st_run *run, struct st_guest_as *as, const char *err, char *msg)
{
    if (err && err != msg)
        vx_snprintf(msg, ST_MSG_MAX, "%s", err);
    harts_free(run);
    as_free(as);
    return err ? msg : NULL;
}

_Static_assert(sizeof(struct rv_hart) <= (FRAME_SIZE << HART_ORDER), "HART_ORDER too small");

static const char *amo_counter_exact_across_vcpus(char *msg)
{
    /* loop: li t0,1; amoadd.w x0,t0,(a0); addi a1,a1,-1; bnez a1,loop; ecall */
    const uint32_t code[] = {
        enc_i(OPC_OP_IMM, 5, 0, 0, 1),
        0u << 27 | 5u << 20 | 10u << 15 | F3_W << 12 | 0u << 7 | OPC_AMO,
        enc_i(OPC_OP_IMM, 11, 0, 11, -1),
        enc_b(F3_BNE, 11, 0, -12),
        INSN_ECALL,
    };
    static struct st_guest_as as;
    static struct st_run run;
    vx_memset(&run, 0, sizeof run);
    ST_CHECK(as_build(&as, code, sizeof code / sizeof code[0]), msg, "out of frames");
    const char *err = NULL;
    if (!harts_alloc(&run, &as, INCREMENTS)) {
        err = "out of frames for harts";
        goto out;
    }
    int bad = st_parallel(run.n, guest_main, run.guests, sizeof run.guests[0],
                          PARAM_PRIO_DEFAULT, true);
    uint32_t total = __atomic_load_n((uint32_t *)(void *)as.data[0], __ATOMIC_ACQUIRE);
    if (bad)
        err = "a guest did not end with ecall";
    else if (total != run.n * INCREMENTS)
        err = "the shared counter lost increments";
    if (err)
        vx_snprintf(msg, ST_MSG_MAX, "%s: counter %u, expected %u", err, total,
                    run.n * INCREMENTS);
out:
    return finish(&run, &as, err, msg);
}

/* The last worker is the kernel side: it waits until every guest runs, then remaps. */
struct st_remap {
    struct st_run *run;
    struct st_guest_as *as;
};

static struct st_remap remap_arg;

static int remap_main(void *arg)
{
    struct st_remap *rm = &remap_arg;
    (void)arg;
    while (atomic_load(&rm->run->started) < rm->run->n)
        sched_relinquish();
    map(rm->as, DATA_VA, rm->as->data[1], RV_PTE_R | RV_PTE_W);
    rv_shootdown(NULL, rm->run->harts, rm->run->n, RV_FLUSH_TLB);
    return 0;
}

static int remap_or_guest(void *arg)
{
    struct st_guest *g = arg;
    return g->hart ? guest_main(g) : remap_main(g);
}

static const char *shootdown_makes_every_vcpu_see_a_remap(char *msg)
{
    /* loop: lw t0,0(a0); li t1,2; bne t0,t1,loop; ecall */
    const uint32_t code[] = {
        enc_i(OPC_LOAD, 5, F3_W, 10, 0),
        enc_i(OPC_OP_IMM, 6, 0, 0, 2),
        enc_b(F3_BNE, 5, 6, -8),
        INSN_ECALL,
    };
    static struct st_guest_as as;
    static struct st_run run;
    static struct st_guest workers[PARAM_MAX_CPUS + 1];
    vx_memset(&run, 0, sizeof run);
    ST_CHECK(as_build(&as, code, sizeof code / sizeof code[0]), msg, "out of frames");
    ((uint32_t *)(void *)as.data[0])[0] = 1;
    ((uint32_t *)(void *)as.data[1])[0] = 2;
    const char *err = NULL;
    if (!harts_alloc(&run, &as, 0)) {
        err = "out of frames for harts";
        goto out;
    }
    for (unsigned i = 0; i < run.n; i++)
        workers[i] = run.guests[i];
    vx_memset(&workers[run.n], 0, sizeof workers[0]); /* hart NULL: the remapper */
    remap_arg = (struct st_remap){&run, &as};
    int bad = st_parallel(run.n + 1, remap_or_guest, workers, sizeof workers[0],
                          PARAM_PRIO_DEFAULT, true);
    if (bad) {
        vx_snprintf(msg, ST_MSG_MAX, "%d of %u guests never saw the remapped page", bad, run.n);
        err = msg;
    }
out:
    return finish(&run, &as, err, msg);
}

const struct selftest st_rv64_tests[] = {
    {"rv64.amo_counter_exact_across_vcpus", amo_counter_exact_across_vcpus},
    {"rv64.shootdown_makes_every_vcpu_see_a_remap", shootdown_makes_every_vcpu_see_a_remap},
};
const unsigned st_rv64_count = sizeof st_rv64_tests / sizeof st_rv64_tests[0];
