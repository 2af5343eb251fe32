/*
 * tests/unit/vmo_test.c - anonymous memory objects (kernel/vm/vmo.c): demand-zero commit,
 * reads and writes across pages, range checks, out of frames, and every frame back at destroy.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/vm/vmo.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (16ull << 20)

static void setup(void)
{
    kregion_setup(REGION_BYTES);
}

TestSuite(vmo, .init = setup, .fini = kregion_teardown, .timeout = 60);

Test(vmo, sizes_round_up_and_absurd_ones_are_refused)
{
    struct vmo *v;
    cr_assert_eq(vmo_create(0, &v), VX_EINVAL);
    cr_assert_eq(vmo_create(VMO_MAX_BYTES + 1, &v), VX_EINVAL);
    cr_assert_eq(vmo_create(1, &v), VX_OK);
    cr_assert_eq(v->npages, 1);
    kobject_put(&v->ko);
    cr_assert_eq(vmo_create(VMO_PAGE_SIZE + 1, &v), VX_OK);
    cr_assert_eq(v->npages, 2);
    kobject_put(&v->ko);
}

Test(vmo, reads_see_zeros_and_commit_nothing)
{
    struct vmo *v;
    cr_assert_eq(vmo_create(4 * VMO_PAGE_SIZE, &v), VX_OK);
    uint8_t buf[100];
    memset(buf, 0xaa, sizeof buf);
    cr_assert_eq(vmo_read(v, VMO_PAGE_SIZE - 50, buf, sizeof buf), VX_OK);
    for (unsigned i = 0; i < sizeof buf; i++)
        cr_assert_eq(buf[i], 0);
    cr_assert_eq(vmo_committed(v), 0);
    kobject_put(&v->ko);
}

Test(vmo, a_write_across_pages_commits_them_and_reads_back)
{
    uint64_t before = kregion_free_frames();
    struct vmo *v;
    cr_assert_eq(vmo_create(4 * VMO_PAGE_SIZE, &v), VX_OK);
    char msg[6000];
    for (unsigned i = 0; i < sizeof msg; i++)
        msg[i] = (char)(i * 7 + 1);
    cr_assert_eq(vmo_write(v, 3000, msg, sizeof msg), VX_OK);
    cr_assert_eq(vmo_committed(v), 3, "bytes 3000..8999 touch pages 0, 1 and 2");
    char back[6000];
    cr_assert_eq(vmo_read(v, 3000, back, sizeof back), VX_OK);
    cr_assert_eq(memcmp(msg, back, sizeof msg), 0);
    uint8_t zero;
    cr_assert_eq(vmo_read(v, 2999, &zero, 1), VX_OK);
    cr_assert_eq(zero, 0, "a committed page is zero where nothing was written");
    kobject_put(&v->ko);
    cr_assert_eq(kregion_free_frames(), before, "destroy must give back every frame");
}

Test(vmo, accesses_outside_are_range_errors)
{
    struct vmo *v;
    cr_assert_eq(vmo_create(2 * VMO_PAGE_SIZE, &v), VX_OK);
    uint8_t b[16] = {0};
    cr_assert_eq(vmo_write(v, 2 * VMO_PAGE_SIZE - 8, b, 16), VX_ERANGE);
    cr_assert_eq(vmo_read(v, UINT64_MAX - 4, b, 16), VX_ERANGE);
    cr_assert_eq(vmo_write(v, 2 * VMO_PAGE_SIZE, b, 0), VX_OK, "an empty access at the end");
    cr_assert_eq(vmo_write(v, 2 * VMO_PAGE_SIZE, "x", 1), VX_ERANGE);
    cr_assert_eq(vmo_committed(v), 0, "a refused write commits nothing");
    kobject_put(&v->ko);
}

Test(vmo, running_out_of_frames_is_an_error_and_nothing_leaks)
{
    uint64_t before = kregion_free_frames();
    struct vmo *v;
    uint64_t bytes = REGION_BYTES * 2; /* more than physical memory */
    cr_assert_eq(vmo_create(bytes, &v), VX_OK);
    static uint8_t chunk[VMO_PAGE_SIZE];
    vx_status_t st = VX_OK;
    uint64_t off = 0;
    for (; off < bytes && st == VX_OK; off += VMO_PAGE_SIZE)
        st = vmo_write(v, off, chunk, sizeof chunk);
    cr_assert_eq(st, VX_ENOMEM);
    cr_assert_gt(vmo_committed(v), 0);
    kobject_put(&v->ko);
    cr_assert_eq(kregion_free_frames(), before);
}

struct racer {
    struct vmo *v;
    uint8_t byte;
    vx_status_t st;
};

static void *commit_page_zero(void *arg)
{
    struct racer *r = arg;
    r->st = vmo_write(r->v, r->byte, &r->byte, 1);
    return NULL;
}

Test(vmo, two_threads_committing_one_page_get_the_same_frame)
{
    uint64_t before = kregion_free_frames();
    for (int round = 0; round < 200; round++) {
        struct vmo *v;
        cr_assert_eq(vmo_create(VMO_PAGE_SIZE, &v), VX_OK);
        struct racer r[2] = {{v, 1, 1}, {v, 2, 1}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            cr_assert_eq(pthread_create(&t[i], NULL, commit_page_zero, &r[i]), 0);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        cr_assert_eq(r[0].st, VX_OK);
        cr_assert_eq(r[1].st, VX_OK);
        cr_assert_eq(vmo_committed(v), 1);
        uint8_t got[3];
        cr_assert_eq(vmo_read(v, 0, got, 3), VX_OK);
        cr_assert(got[1] == 1 && got[2] == 2, "both writes landed in the one frame");
        kobject_put(&v->ko);
    }
    cr_assert_eq(kregion_free_frames(), before, "the losing thread's frame goes back");
}
