/*
 * tests/unit/aspace_test.c - address spaces (kernel/vm/aspace.c) and copy-on-write VMO clones:
 * W^X, demand-zero faults, permissions, COW isolation, unmap and protect, placement, and a
 * guest program running on a hart with its page tables built by faults.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "arch/hosted/rv64/rv64.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/vm/aspace.h"
#include "kernel/vm/mmu.h"
#include "kernel/vm/vmo.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (24ull << 20)
#define PAGE         4096ull
#define RW           (VX_VM_READ | VX_VM_WRITE)
#define RX           (VX_VM_READ | VX_VM_EXEC)
#define ALL          (VX_VM_READ | VX_VM_WRITE | VX_VM_EXEC)

static void setup(void)
{
    kregion_setup(REGION_BYTES);
    cr_assert_eq(mmu_init(1), VX_OK);
}

TestSuite(aspace, .init = setup, .fini = kregion_teardown, .timeout = 60);

/* 0 if the access would succeed (and the physical address in *pa), else the trap cause. */
static uint32_t xlate(struct aspace *as, uint64_t va, enum rv_access acc, uint64_t *pa)
{
    uint64_t dummy;
    return rv_translate(mmu_machine(), as->satp, va, acc, pa ? pa : &dummy);
}

static struct aspace *new_as(uint64_t seed)
{
    struct aspace *as;
    cr_assert_eq(as_create(seed, &as), VX_OK);
    return as;
}

static struct vmo *new_vmo(uint64_t bytes)
{
    struct vmo *v;
    cr_assert_eq(vmo_create(bytes, &v), VX_OK);
    return v;
}

Test(aspace, writable_and_executable_together_is_refused)
{
    struct aspace *as = new_as(1);
    struct vmo *v = new_vmo(PAGE);
    uint64_t va = 0x100000;
    cr_assert_eq(as_map(as, v, 0, PAGE, RW | VX_VM_EXEC, ALL, VX_VM_FIXED, &va), VX_EINVAL);
    cr_assert_eq(as_map(as, v, 0, PAGE, RW, VX_VM_READ, VX_VM_FIXED, &va), VX_EPERM,
                 "wider than the handle allows");
    cr_assert_eq(as_map(as, v, 0, PAGE, RW, ALL, VX_VM_FIXED, &va), VX_OK);
    cr_assert_eq(as_protect(as, va, PAGE, RW | VX_VM_EXEC), VX_EINVAL);
    cr_assert_eq(as_protect(as, va, PAGE, RX), VX_OK, "read+exec alone is fine");
    kobject_put(&v->ko);
    kobject_put(&as->ko);
}

Test(aspace, bad_ranges_are_refused)
{
    struct aspace *as = new_as(1);
    struct vmo *v = new_vmo(2 * PAGE);
    uint64_t va = 0x100001;
    cr_assert_eq(as_map(as, v, 0, PAGE, RW, ALL, VX_VM_FIXED, &va), VX_EINVAL, "misaligned");
    va = 0x1000;
    cr_assert_eq(as_map(as, v, 0, PAGE, RW, ALL, VX_VM_FIXED, &va), VX_EINVAL, "page zero area");
    va = VX_VM_USER_TOP - PAGE;
    cr_assert_eq(as_map(as, v, 0, 2 * PAGE, RW, ALL, VX_VM_FIXED, &va), VX_EINVAL, "past the top");
    cr_assert_eq(as_map(as, v, PAGE, 2 * PAGE, RW, ALL, 0, &va), VX_EINVAL, "past the VMO");
    cr_assert_eq(as_map(as, v, 0, 0, RW, ALL, 0, &va), VX_EINVAL, "empty");
    cr_assert_eq(as_unmap(as, 3, PAGE), VX_EINVAL);
    cr_assert_eq(as_unmap(as, UINT64_MAX & ~(PAGE - 1), 2 * PAGE), VX_EINVAL);
    kobject_put(&v->ko);
    kobject_put(&as->ko);
}

Test(aspace, a_fault_commits_a_zero_page_and_installs_the_pte)
{
    struct aspace *as = new_as(1);
    struct vmo *v = new_vmo(4 * PAGE);
    uint64_t va = 0x200000, pa;
    cr_assert_eq(as_map(as, v, 0, 4 * PAGE, RW, ALL, VX_VM_FIXED, &va), VX_OK);
    cr_assert_eq(xlate(as, va + PAGE, RV_ACCESS_STORE, NULL), RV_CAUSE_STORE_PAGE,
                 "nothing is in the page table before the first touch");
    cr_assert_eq(as_fault(as, va + PAGE + 8, AS_WRITE), VX_OK);
    cr_assert_eq(xlate(as, va + PAGE + 8, RV_ACCESS_STORE, &pa), 0);
    cr_assert_eq(*(uint64_t *)frame_vaddr(pa), 0, "demand-zero");
    cr_assert_eq(vmo_committed(v), 1);
    cr_assert_eq(xlate(as, va, RV_ACCESS_LOAD, NULL), RV_CAUSE_LOAD_PAGE, "only that page");
    cr_assert_eq(xlate(as, va + PAGE, RV_ACCESS_FETCH, NULL), RV_CAUSE_FETCH_PAGE, "not exec");
    cr_assert_eq(as_fault(as, va + PAGE, AS_EXEC), VX_EPERM);
    cr_assert_eq(as_fault(as, va + 4 * PAGE, AS_READ), VX_ENOENT, "past the mapping");
    cr_assert_eq(as_fault(as, 0, AS_READ), VX_ENOENT, "null");
    kobject_put(&v->ko);
    kobject_put(&as->ko);
}

Test(aspace, copy_on_write_clones_isolate_both_sides_and_free_everything)
{
    uint64_t before = kregion_free_frames();
    struct aspace *a = new_as(1), *b = new_as(2);
    struct vmo *v = new_vmo(2 * PAGE);
    cr_assert_eq(vmo_write(v, 0, "parent", 7), VX_OK);
    uint64_t va = 0x300000, vb = 0x400000;
    cr_assert_eq(as_map(a, v, 0, 2 * PAGE, RW, ALL, VX_VM_FIXED, &va), VX_OK);
    cr_assert_eq(as_fault(a, va, AS_WRITE), VX_OK);
    cr_assert_eq(xlate(a, va, RV_ACCESS_STORE, NULL), 0);

    struct vmo *c;
    cr_assert_eq(vmo_clone(v, 0, 2 * PAGE, &c), VX_OK);
    cr_assert_eq(xlate(a, va, RV_ACCESS_STORE, NULL), RV_CAUSE_STORE_PAGE,
                 "the parent's writable PTE is write-protected by the clone");
    cr_assert_eq(xlate(a, va, RV_ACCESS_LOAD, NULL), 0, "and still readable");
    cr_assert_eq(as_map(b, c, 0, 2 * PAGE, RW, ALL, VX_VM_FIXED, &vb), VX_OK);

    char buf[8];
    cr_assert_eq(as_copy_out(b, vb, "child", 6), VX_OK);
    cr_assert_eq(as_copy_in(a, buf, va, 7), VX_OK);
    cr_assert_str_eq(buf, "parent", "the child's write stays in the child");
    cr_assert_eq(as_copy_out(a, va, "PARENT", 7), VX_OK);
    cr_assert_eq(as_copy_in(b, buf, vb, 6), VX_OK);
    cr_assert_str_eq(buf, "child", "the parent's write stays in the parent");
    uint64_t pa, pb;
    cr_assert_eq(xlate(a, va, RV_ACCESS_STORE, &pa), 0);
    cr_assert_eq(xlate(b, vb, RV_ACCESS_STORE, &pb), 0);
    cr_assert_neq(pa, pb, "each side has its own frame now");

    kobject_put(&c->ko);
    kobject_put(&v->ko);
    kobject_put(&a->ko);
    kobject_put(&b->ko);
    cr_assert_eq(kregion_free_frames(), before, "every frame (pages, tables, maps) comes back");
}

Test(aspace, fork_copies_every_mapping_copy_on_write_into_an_empty_space)
{
    uint64_t before = kregion_free_frames();
    struct aspace *a = new_as(1), *b = new_as(2);
    struct vmo *data = new_vmo(2 * PAGE), *code = new_vmo(PAGE);
    uint64_t vd = 0x300000, vc = 0x500000, vx = 0x700000;
    cr_assert_eq(as_map(a, data, 0, 2 * PAGE, RW, ALL, VX_VM_FIXED, &vd), VX_OK);
    cr_assert_eq(as_map(a, code, 0, PAGE, VX_VM_READ | VX_VM_EXEC, VX_VM_READ | VX_VM_EXEC,
                        VX_VM_FIXED, &vc), VX_OK);
    cr_assert_eq(as_copy_out(a, vd + PAGE, "parent", 7), VX_OK);

    cr_assert_eq(as_fork(a, a, NULL), VX_EINVAL, "a space cannot fork into itself");
    cr_assert_eq(as_fork(a, b, NULL), VX_OK);
    cr_assert_eq(as_fork(a, b, NULL), VX_ESTATE, "only into an empty space");

    char buf[8];
    cr_assert_eq(as_copy_in(b, buf, vd + PAGE, 7), VX_OK);
    cr_assert_str_eq(buf, "parent", "the child sees the parent's data at the same address");
    cr_assert_eq(as_fault(b, vc, AS_EXEC), VX_OK, "code stays executable");
    cr_assert_eq(as_fault(b, vc, AS_WRITE), VX_EPERM, "and not writable");
    cr_assert_eq(as_protect(b, vc, PAGE, RW), VX_EPERM, "and keeps its limits");
    cr_assert_eq(as_fault(b, vx, AS_READ), VX_ENOENT, "and nothing more is mapped");
    cr_assert_eq(as_copy_out(b, vd + PAGE, "child", 6), VX_OK);
    cr_assert_eq(as_copy_in(a, buf, vd + PAGE, 7), VX_OK);
    cr_assert_str_eq(buf, "parent", "the child's write stays in the child");
    cr_assert_eq(as_copy_out(a, vd, "again", 6), VX_OK);
    cr_assert_eq(as_copy_in(b, buf, vd, 6), VX_OK);
    cr_assert_eq(buf[0], 0, "the parent's later write stays in the parent");

    kobject_put(&data->ko);
    kobject_put(&code->ko);
    kobject_put(&a->ko);
    kobject_put(&b->ko);
    cr_assert_eq(kregion_free_frames(), before, "every frame comes back");
}

Test(aspace, unmap_takes_pages_away_and_frees_their_frames)
{
    uint64_t before = kregion_free_frames();
    struct aspace *as = new_as(1);
    struct vmo *v = new_vmo(10 * PAGE);
    uint64_t va = 0x500000;
    cr_assert_eq(as_map(as, v, 0, 10 * PAGE, RW, ALL, VX_VM_FIXED, &va), VX_OK);
    kobject_put(&v->ko); /* the mapping keeps it alive */
    for (int i = 0; i < 10; i++)
        cr_assert_eq(as_fault(as, va + i * PAGE, AS_WRITE), VX_OK);
    cr_assert_eq(as_unmap(as, va + 3 * PAGE, 4 * PAGE), VX_OK);
    for (int i = 0; i < 10; i++)
        cr_assert_eq(xlate(as, va + i * PAGE, RV_ACCESS_LOAD, NULL) == 0, i < 3 || i >= 7,
                     "page %d mapped iff outside the hole", i);
    cr_assert_eq(as_fault(as, va + 4 * PAGE, AS_READ), VX_ENOENT);
    cr_assert_eq(as_fault(as, va + 8 * PAGE, AS_READ), VX_OK, "the upper piece maps on");
    cr_assert_eq(as_unmap(as, va, 10 * PAGE), VX_OK, "holes inside are fine");
    cr_assert_eq(as->mapped_pages, 0);
    kobject_put(&as->ko);
    cr_assert_eq(kregion_free_frames(), before);
}

Test(aspace, protect_narrows_and_refuses_holes_and_wider_rights)
{
    struct aspace *as = new_as(1);
    struct vmo *v = new_vmo(4 * PAGE);
    uint64_t va = 0x600000;
    cr_assert_eq(as_map(as, v, 0, 4 * PAGE, RW, RW, VX_VM_FIXED, &va), VX_OK);
    cr_assert_eq(as_fault(as, va + PAGE, AS_WRITE), VX_OK);
    cr_assert_eq(as_protect(as, va + PAGE, PAGE, VX_VM_READ), VX_OK);
    cr_assert_eq(xlate(as, va + PAGE, RV_ACCESS_STORE, NULL), RV_CAUSE_STORE_PAGE);
    cr_assert_eq(as_fault(as, va + PAGE, AS_WRITE), VX_EPERM);
    cr_assert_eq(as_fault(as, va + PAGE, AS_READ), VX_OK);
    cr_assert_eq(as_fault(as, va + 2 * PAGE, AS_WRITE), VX_OK, "its neighbour is still RW");
    cr_assert_eq(as_protect(as, va, PAGE, RX), VX_EPERM, "exec was never allowed");
    cr_assert_eq(as_protect(as, va, 5 * PAGE, VX_VM_READ), VX_ENOENT, "a hole at the end");
    kobject_put(&v->ko);
    kobject_put(&as->ko);
}

Test(aspace, placement_is_random_with_guard_gaps_and_fixed_overlaps_are_refused)
{
    struct aspace *a = new_as(11), *b = new_as(12);
    struct vmo *v = new_vmo(PAGE);
    uint64_t va[2][16];
    for (int i = 0; i < 16; i++) {
        cr_assert_eq(as_map(a, v, 0, PAGE, RW, ALL, 0, &va[0][i]), VX_OK);
        cr_assert_eq(as_map(b, v, 0, PAGE, RW, ALL, 0, &va[1][i]), VX_OK);
    }
    cr_assert_neq(va[0][0], va[1][0], "two seeds, two layouts");
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++)
            if (i != j) {
                uint64_t d = va[0][i] > va[0][j] ? va[0][i] - va[0][j] : va[0][j] - va[0][i];
                cr_assert_geq(d, 2 * PAGE, "a guard page between any two mappings");
            }
    uint64_t fixed = va[0][3];
    cr_assert_eq(as_map(a, v, 0, PAGE, RW, ALL, VX_VM_FIXED, &fixed), VX_EEXIST);
    kobject_put(&v->ko);
    kobject_put(&a->ko);
    kobject_put(&b->ko);
}

Test(aspace, a_guest_runs_with_its_tables_built_by_faults)
{
    uint64_t before = kregion_free_frames();
    struct aspace *as = new_as(1);
    struct vmo *code = new_vmo(PAGE), *data = new_vmo(PAGE);
    const uint32_t prog[] = {0x00b52023u /* sw a1,0(a0) */, 0x00000073u /* ecall */};
    cr_assert_eq(vmo_write(code, 0, prog, sizeof prog), VX_OK);
    uint64_t cva = 0x10000, dva = 0x20000;
    cr_assert_eq(as_map(as, code, 0, PAGE, RX, ALL, VX_VM_FIXED, &cva), VX_OK);
    cr_assert_eq(as_map(as, data, 0, PAGE, RW, ALL, VX_VM_FIXED, &dva), VX_OK);
    struct rv_regs r;
    memset(&r, 0, sizeof r);
    r.pc = cva;
    r.x[10] = dva + 16;
    r.x[11] = 0x5eed;
    struct rv_trap t;
    int faults = 0;
    uint32_t cause;
    while ((cause = rv_run(mmu_hart(0), &r, as->satp, 1000, &t)) != RV_CAUSE_ECALL) {
        enum as_access acc = cause == RV_CAUSE_FETCH_PAGE   ? AS_EXEC
                             : cause == RV_CAUSE_STORE_PAGE ? AS_WRITE
                                                            : AS_READ;
        cr_assert(cause == RV_CAUSE_FETCH_PAGE || cause == RV_CAUSE_STORE_PAGE,
                  "unexpected cause %u", cause);
        cr_assert_eq(as_fault(as, t.tval, acc), VX_OK);
        cr_assert_lt(++faults, 10);
    }
    cr_assert_eq(faults, 2, "one fetch fault, one store fault");
    uint32_t got;
    cr_assert_eq(vmo_read(data, 16, &got, 4), VX_OK);
    cr_assert_eq(got, 0x5eed);
    kobject_put(&code->ko);
    kobject_put(&data->ko);
    kobject_put(&as->ko);
    /* The code frame was decoded: freeing it must have cleared its mark (frame_free asserts). */
    cr_assert_eq(kregion_free_frames(), before);
}
