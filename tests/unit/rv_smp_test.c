/*
 * rv_smp_test.c - several harts on one machine: atomics, LR/SC and a spinlock give exact
 * counts, and rv_shootdown makes a PTE (or code) change visible to a hart that is running,
 * or to one that is not.
 *
 * Each hart is driven by its own host thread (pthreads), runs the same hand-assembled code
 * in the same address space and reports through guest memory. Threads only record what they
 * saw; the test thread asserts after joining them (a Criterion assertion on another thread
 * could not stop the test). Host accesses to memory a running guest also touches (counters,
 * PTEs, code) are __atomic, like the interpreter's own, so TSan sees no race.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "hostio.h"
#include "rv_test.h"

#define MEM_BYTES  (4 * RVT_MIB)
#define FRAMES_END MEM_BYTES
#define MAX_CPUS   4u
#define RUN_CHUNK  (1u << 16) /* instructions per rv_run call */
#define WAIT_NS    (10ull * 1000 * 1000 * 1000)

#define CODE_VA   0x10000ull
#define DATA_VA   0x20000ull /* counters and locks */
#define SHARED_VA 0x30000ull /* the page a shoot-down remaps */
#define REPORT_VA 0x40000ull /* what a looping guest last read */

#define RW (RV_PTE_R | RV_PTE_W)
#define RX (RV_PTE_R | RV_PTE_X)

static struct rvt T; /* T.hart is unused; each cpu has its own */
static uint64_t root, satp, code_pa, data_pa, report_pa;

struct cpu {
    pthread_t thread;
    struct rv_hart *hart;
    struct rv_regs regs;
    struct rv_trap trap;  /* the stop that ended the thread's run */
    _Atomic int stop;     /* ask a looping guest's thread to return */
};

static struct cpu cpus[MAX_CPUS];

static void setup(void)
{
    rvt_init(&T, MEM_BYTES, FRAMES_END);
    root = rvt_frame(&T);
    satp = rv_satp(root, RVT_ASID);
    code_pa = rvt_map_new(&T, root, CODE_VA, RVT_LEAF | RX);
    data_pa = rvt_map_new(&T, root, DATA_VA, RVT_LEAF | RW);
    report_pa = rvt_map_new(&T, root, REPORT_VA, RVT_LEAF | RW);
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        memset(&cpus[i], 0, sizeof cpus[i]);
        cpus[i].hart = malloc(sizeof *cpus[i].hart);
        cr_assert_not_null(cpus[i].hart, "expected memory for a hart");
        rv_hart_init(cpus[i].hart, &T.m);
        atomic_init(&cpus[i].stop, 0);
    }
}

static void teardown(void)
{
    for (unsigned i = 0; i < MAX_CPUS; i++)
        free(cpus[i].hart);
    rvt_fini(&T);
}

TestSuite(rv_smp, .init = setup, .fini = teardown, .timeout = 120);

/* ---- helpers ------------------------------------------------------------------------------- */

#define CODE(...)                                                                            \
    do {                                                                                     \
        const uint32_t code_[] = {__VA_ARGS__};                                              \
        rvt_put(&T, code_pa, code_, sizeof code_ / sizeof code_[0]);                         \
    } while (0)

/* Run the cpu's guest until it stops with anything but the budget or an interrupt, or until
 * asked to stop. */
static void *cpu_main(void *arg)
{
    struct cpu *c = arg;
    for (;;) {
        uint32_t cause = rv_run(c->hart, &c->regs, satp, RUN_CHUNK, &c->trap);
        if (cause != RV_CAUSE_BUDGET && cause != RV_CAUSE_INTERRUPT)
            return 0;
        if (atomic_load(&c->stop))
            return 0;
    }
}

static void start(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        cr_assert_eq(pthread_create(&cpus[i].thread, 0, cpu_main, &cpus[i]), 0,
                     "expected thread %u to start", i);
}

static void join(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        pthread_join(cpus[i].thread, 0);
}

static void stop_and_join(struct cpu *c)
{
    atomic_store(&c->stop, 1);
    rv_interrupt(c->hart);
    pthread_join(c->thread, 0);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t load64(uint64_t pa)
{
    return __atomic_load_n((uint64_t *)rvt_host(&T, pa), __ATOMIC_ACQUIRE);
}

static void store64(uint64_t pa, uint64_t v)
{
    __atomic_store_n((uint64_t *)rvt_host(&T, pa), v, __ATOMIC_RELEASE);
}

/* Wait until the 64-bit word at pa is nonzero; returns it, or 0 after WAIT_NS. */
static uint64_t wait_nonzero(uint64_t pa)
{
    uint64_t deadline = now_ns() + WAIT_NS, v;
    while ((v = load64(pa)) == 0 && now_ns() < deadline)
        sched_yield();
    return v;
}

/* Iterations per thread: fewer under a memory checker, which runs the threads one at a time. */
static uint64_t iterations(uint64_t n)
{
    return hio_mem_checked() ? n / 4 : n;
}

static void expect_ecall(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        cr_assert_eq(cpus[i].trap.cause, RV_CAUSE_ECALL,
                     "cpu %u: expected the guest to finish with ecall, got cause %u (tval %#llx, "
                     "pc %#llx)",
                     i, cpus[i].trap.cause, (unsigned long long)cpus[i].trap.tval,
                     (unsigned long long)cpus[i].regs.pc);
}

/* ---- atomics ----------------------------------------------------------------------------- */

Test(rv_smp, amoadd_counters_are_exact)
{
    const unsigned n = 4;
    const uint64_t iters = iterations(20000);
    const uint64_t d_step = 0x100000001ull; /* carries into the high word every time */
    /* loop: amoadd.w zero, a1, (a0); amoadd.d zero, a4, (a3); addi a2, a2, -1; bnez a2, loop */
    CODE(enc_amo(AMO_ADD, AMO_W, 0, 0, ZERO, A0, A1), enc_amo(AMO_ADD, AMO_D, 1, 1, ZERO, A3, A4),
         i_addi(A2, A2, -1), i_bne(A2, ZERO, -12), I_ECALL);
    for (unsigned i = 0; i < n; i++) {
        cpus[i].regs.pc = CODE_VA;
        cpus[i].regs.x[A0] = DATA_VA;
        cpus[i].regs.x[A1] = 1;
        cpus[i].regs.x[A2] = iters;
        cpus[i].regs.x[A3] = DATA_VA + 8;
        cpus[i].regs.x[A4] = d_step;
    }
    start(n);
    join(n);
    expect_ecall(n);
    uint32_t w;
    memcpy(&w, rvt_host(&T, data_pa), 4);
    cr_assert_eq(w, n * iters, "expected the word counter at %llu, got %u",
                 (unsigned long long)(n * iters), w);
    cr_assert_eq(load64(data_pa + 8), n * iters * d_step,
                 "expected the doubleword counter at %llu * %#llx",
                 (unsigned long long)(n * iters), (unsigned long long)d_step);
}

static void lr_sc_counter(unsigned width)
{
    const unsigned n = 4;
    const uint64_t iters = iterations(10000);
    /* loop: lr t0, (a0); addi t0, t0, 1; sc t1, t0, (a0); bnez t1, loop;
     *       addi a2, a2, -1; bnez a2, loop; ecall */
    CODE(enc_amo(AMO_LR, width, 1, 0, T0, A0, ZERO), i_addi(T0, T0, 1),
         enc_amo(AMO_SC, width, 0, 1, T1, A0, T0), i_bne(T1, ZERO, -12), i_addi(A2, A2, -1),
         i_bne(A2, ZERO, -20), I_ECALL);
    for (unsigned i = 0; i < n; i++) {
        cpus[i].regs.pc = CODE_VA;
        cpus[i].regs.x[A0] = DATA_VA;
        cpus[i].regs.x[A2] = iters;
    }
    start(n);
    join(n);
    expect_ecall(n);
    cr_assert_eq(load64(data_pa), n * iters, "expected the counter at %llu, got %llu",
                 (unsigned long long)(n * iters), (unsigned long long)load64(data_pa));
}

Test(rv_smp, lr_sc_w_increments_are_exact)
{
    lr_sc_counter(AMO_W);
}

Test(rv_smp, lr_sc_d_increments_are_exact)
{
    lr_sc_counter(AMO_D);
}

Test(rv_smp, amoswap_spinlock_protects_a_plain_read_modify_write)
{
    const unsigned n = 4;
    const uint64_t iters = iterations(4000);
    /*   0: addi t2, zero, 1
     *   4: amoswap.w.aq t0, t2, (a0)   take the lock
     *   8: bnez t0, 4
     *  12: lw t1, 0(a1)                the counter: plain load, add, store
     *  16: addi t1, t1, 1
     *  20: sw t1, 0(a1)
     *  24: fence rw, w                 release: everything above before the unlock
     *  28: sw zero, 0(a0)
     *  32: addi a2, a2, -1
     *  36: bnez a2, 4
     *  40: ecall */
    CODE(i_addi(T2, ZERO, 1), enc_amo(AMO_SWAP, AMO_W, 1, 0, T0, A0, T2), i_bne(T0, ZERO, -4),
         i_lw(T1, A1, 0), i_addi(T1, T1, 1), i_sw(T1, A1, 0), i_fence(FENCE_RW, FENCE_W),
         i_sw(ZERO, A0, 0), i_addi(A2, A2, -1), i_bne(A2, ZERO, -32), I_ECALL);
    for (unsigned i = 0; i < n; i++) {
        cpus[i].regs.pc = CODE_VA;
        cpus[i].regs.x[A0] = DATA_VA;      /* the lock */
        cpus[i].regs.x[A1] = DATA_VA + 64; /* the counter, another cache line */
        cpus[i].regs.x[A2] = iters;
    }
    start(n);
    join(n);
    expect_ecall(n);
    uint32_t count, lock;
    memcpy(&count, rvt_host(&T, data_pa + 64), 4);
    memcpy(&lock, rvt_host(&T, data_pa), 4);
    cr_assert_eq(count, n * iters, "expected the counter at %llu, got %u",
                 (unsigned long long)(n * iters), count);
    cr_assert_eq(lock, 0, "expected the lock free at the end");
}

/* ---- shoot-downs ------------------------------------------------------------------------- */

/* A guest that forever copies the word at SHARED_VA to REPORT_VA:
 *   0: ld t0, 0(a0); 4: sd t0, 0(a1); 8: j 0 */
static void start_copy_loop(struct cpu *c)
{
    CODE(i_ld(T0, A0, 0), i_sd(T0, A1, 0), i_jal(ZERO, -8));
    c->regs.pc = CODE_VA;
    c->regs.x[A0] = SHARED_VA;
    c->regs.x[A1] = REPORT_VA;
    cr_assert_eq(pthread_create(&c->thread, 0, cpu_main, c), 0, "expected the thread to start");
}

static void set_pte(uint64_t *pte, uint64_t v)
{
    __atomic_store_n(pte, v, __ATOMIC_RELEASE);
}

Test(rv_smp, shootdown_makes_a_running_hart_see_the_new_frame)
{
    struct cpu *b = &cpus[1];
    uint64_t frame[2] = {rvt_frame(&T), rvt_frame(&T)};
    store64(frame[0], 1);
    store64(frame[1], 2);
    uint64_t *pte = rvt_map(&T, root, SHARED_VA, frame[0], 0, RVT_LEAF | RW);
    start_copy_loop(b);
    uint64_t seen[8] = {0};
    seen[0] = wait_nonzero(report_pa);
    const unsigned rounds = 8;
    for (unsigned i = 1; i < rounds; i++) {
        set_pte(pte, rv_pte(frame[i % 2], RVT_LEAF | RW));
        rv_shootdown(NULL, &b->hart, 1, RV_FLUSH_TLB);
        /* From here on B only loads through the new PTE: anything it reports now is new.
         * (A report of the old value was stored before B acknowledged the flush.) */
        store64(report_pa, 0);
        seen[i] = wait_nonzero(report_pa);
        if (seen[i] != 1 + i % 2)
            break;
    }
    stop_and_join(b);
    for (unsigned i = 0; i < rounds; i++)
        cr_assert_eq(seen[i], 1 + i % 2, "round %u: expected B to report %u, got %llu", i,
                     1 + i % 2, (unsigned long long)seen[i]);
    cr_assert(b->trap.cause == RV_CAUSE_BUDGET || b->trap.cause == RV_CAUSE_INTERRUPT,
              "expected B to have looped until stopped, got cause %u", b->trap.cause);
}

Test(rv_smp, shootdown_of_an_unmapped_page_makes_a_running_hart_fault)
{
    struct cpu *b = &cpus[1];
    uint64_t frame = rvt_frame(&T);
    store64(frame, 7);
    uint64_t *pte = rvt_map(&T, root, SHARED_VA, frame, 0, RVT_LEAF | RW);
    start_copy_loop(b);
    uint64_t first = wait_nonzero(report_pa);
    set_pte(pte, 0);
    rv_shootdown(NULL, &b->hart, 1, RV_FLUSH_TLB);
    /* B must now fault on its next load; it cannot go on reading the old frame. A report of
     * a load made before the shoot-down may still be on its way: clear it again after B has
     * had time to finish that one iteration (a B still reading would report again). */
    store64(report_pa, 0);
    struct timespec settle = {0, 2 * 1000 * 1000};
    nanosleep(&settle, 0);
    store64(report_pa, 0);
    uint64_t deadline = now_ns() + WAIT_NS;
    bool joined = false;
    while (!joined && load64(report_pa) == 0 && now_ns() < deadline) {
        struct timespec ts = {0, 1000 * 1000};
        nanosleep(&ts, 0);
        joined = pthread_tryjoin_np(b->thread, 0) == 0; /* B returns once it faults */
    }
    if (!joined)
        stop_and_join(b);
    cr_assert_eq(first, 7, "expected B to have read the page before the unmap");
    cr_assert_eq(load64(report_pa), 0, "expected no load to succeed after the shoot-down");
    cr_assert_eq(b->trap.cause, RV_CAUSE_LOAD_PAGE, "expected a load page fault, got cause %u",
                 b->trap.cause);
    cr_assert_eq(b->trap.tval, SHARED_VA, "expected tval = the unmapped va");
    cr_assert_eq(b->regs.pc, CODE_VA, "expected pc at the load");
}

Test(rv_smp, shootdown_of_code_makes_a_running_hart_run_the_new_code)
{
    struct cpu *b = &cpus[1];
    /* loop: addi t0, zero, 1; sd t0, 0(a1); j loop */
    CODE(i_addi(T0, ZERO, 1), i_sd(T0, A1, 0), i_jal(ZERO, -8));
    b->regs.pc = CODE_VA;
    b->regs.x[A1] = REPORT_VA;
    cr_assert_eq(pthread_create(&b->thread, 0, cpu_main, b), 0, "expected the thread to start");
    uint64_t first = wait_nonzero(report_pa);
    /* Rewrite the immediate (the upper parcel) as the guest reads parcels: 16-bit atomics. */
    uint32_t v2 = i_addi(T0, ZERO, 2);
    __atomic_store_n((uint16_t *)rvt_host(&T, code_pa + 2), (uint16_t)(v2 >> 16),
                     __ATOMIC_RELEASE);
    __atomic_store_n((uint16_t *)rvt_host(&T, code_pa), (uint16_t)v2, __ATOMIC_RELEASE);
    rv_shootdown(NULL, &b->hart, 1, RV_FLUSH_CODE);
    store64(report_pa, 0);
    uint64_t after = wait_nonzero(report_pa);
    stop_and_join(b);
    cr_assert_eq(first, 1, "expected the original code first");
    cr_assert_eq(after, 2, "expected the rewritten code after the code shoot-down, got %llu",
                 (unsigned long long)after);
}

Test(rv_smp, shootdown_of_several_running_harts)
{
    /* Two harts loop on the same page; one shoot-down covers both. */
    uint64_t frame[2] = {rvt_frame(&T), rvt_frame(&T)};
    store64(frame[0], 1);
    store64(frame[1], 2);
    uint64_t *pte = rvt_map(&T, root, SHARED_VA, frame[0], 0, RVT_LEAF | RW);
    uint64_t report2_pa = rvt_map_new(&T, root, REPORT_VA + RVT_PAGE_SIZE, RVT_LEAF | RW);
    CODE(i_ld(T0, A0, 0), i_sd(T0, A1, 0), i_jal(ZERO, -8));
    for (unsigned i = 0; i < 2; i++) {
        cpus[i].regs.pc = CODE_VA;
        cpus[i].regs.x[A0] = SHARED_VA;
        cpus[i].regs.x[A1] = REPORT_VA + i * RVT_PAGE_SIZE;
    }
    start(2);
    uint64_t first0 = wait_nonzero(report_pa), first1 = wait_nonzero(report2_pa);
    set_pte(pte, rv_pte(frame[1], RVT_LEAF | RW));
    struct rv_hart *const harts[2] = {cpus[0].hart, cpus[1].hart};
    rv_shootdown(NULL, harts, 2, RV_FLUSH_TLB);
    store64(report_pa, 0);
    store64(report2_pa, 0);
    uint64_t after0 = wait_nonzero(report_pa), after1 = wait_nonzero(report2_pa);
    stop_and_join(&cpus[0]);
    stop_and_join(&cpus[1]);
    cr_assert(first0 == 1 && first1 == 1, "expected both to read the first frame");
    cr_assert_eq(after0, 2, "expected hart 0 to see the new frame, got %llu",
                 (unsigned long long)after0);
    cr_assert_eq(after1, 2, "expected hart 1 to see the new frame, got %llu",
                 (unsigned long long)after1);
}

Test(rv_smp, shootdown_of_an_idle_hart_returns_at_once_and_applies_on_next_run)
{
    struct cpu *c = &cpus[2]; /* driven by this thread, between runs */
    uint64_t f1 = rvt_frame(&T), f2 = rvt_frame(&T);
    store64(f1, 1);
    store64(f2, 2);
    uint64_t *pte = rvt_map(&T, root, SHARED_VA, f1, 0, RVT_LEAF | RW);
    CODE(i_ld(A1, A0, 0), I_ECALL);
    c->regs.pc = CODE_VA;
    c->regs.x[A0] = SHARED_VA;
    rv_run(c->hart, &c->regs, satp, 100, &c->trap);
    cr_assert_eq(c->trap.cause, RV_CAUSE_ECALL, "expected the load to run");
    cr_assert_eq(c->regs.x[A1], 1, "expected the first frame");

    set_pte(pte, rv_pte(f2, RVT_LEAF | RW));
    c->regs.pc = CODE_VA;
    rv_run(c->hart, &c->regs, satp, 100, &c->trap);
    cr_assert_eq(c->regs.x[A1], 1, "expected the stale translation without a flush");

    uint64_t t0 = now_ns();
    rv_shootdown(NULL, &c->hart, 1, RV_FLUSH_TLB);
    uint64_t took = now_ns() - t0;
    cr_assert_lt(took, 1000000000ull, "expected rv_shootdown to return at once, took %llu ns",
                 (unsigned long long)took);
    cr_assert_neq(atomic_load(&c->hart->flush_ack), atomic_load(&c->hart->flush_seq),
                  "expected the request to be pending until the hart runs");
    c->regs.pc = CODE_VA;
    rv_run(c->hart, &c->regs, satp, 100, &c->trap);
    cr_assert_eq(c->trap.cause, RV_CAUSE_ECALL, "expected the load to run");
    cr_assert_eq(c->regs.x[A1], 2, "expected the new frame on the next run, got %llu",
                 (unsigned long long)c->regs.x[A1]);
    cr_assert_eq(atomic_load(&c->hart->flush_ack), atomic_load(&c->hart->flush_seq),
                 "expected the request acknowledged");
}

Test(rv_smp, shootdown_flushes_its_own_hart_directly)
{
    struct cpu *self = &cpus[0], *other = &cpus[3]; /* both idle, driven by this thread */
    uint64_t f1 = rvt_frame(&T), f2 = rvt_frame(&T);
    store64(f1, 1);
    store64(f2, 2);
    uint64_t *pte = rvt_map(&T, root, SHARED_VA, f1, 0, RVT_LEAF | RW);
    CODE(i_ld(A1, A0, 0), I_ECALL);
    struct cpu *both[2] = {self, other};
    for (unsigned i = 0; i < 2; i++) {
        both[i]->regs.pc = CODE_VA;
        both[i]->regs.x[A0] = SHARED_VA;
        rv_run(both[i]->hart, &both[i]->regs, satp, 100, &both[i]->trap);
        cr_assert_eq(both[i]->regs.x[A1], 1, "hart %u: expected the first frame", i);
    }
    set_pte(pte, rv_pte(f2, RVT_LEAF | RW));
    struct rv_hart *const harts[2] = {self->hart, other->hart};
    rv_shootdown(self->hart, harts, 2, RV_FLUSH_TLB);
    cr_assert_eq(atomic_load(&self->hart->flush_seq), 0,
                 "expected nothing posted to the caller's own hart");
    for (unsigned i = 0; i < 2; i++) {
        both[i]->regs.pc = CODE_VA;
        rv_run(both[i]->hart, &both[i]->regs, satp, 100, &both[i]->trap);
        cr_assert_eq(both[i]->regs.x[A1], 2, "hart %u: expected the new frame", i);
    }
}
