/*
 * tests/unit/handle_test.c - handle tables and object reference counting (cap/handle.c,
 * cap/object.c): stale values, rights that only narrow, limits, growth, transfer, destroy.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "kernel/cap/handle.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

#define REGION_BYTES (32ull << 20)

static void setup(void)
{
    kregion_setup(REGION_BYTES);
}

TestSuite(handle, .init = setup, .fini = kregion_teardown, .timeout = 60);

/* A test object that counts its destruction. */
struct tobj {
    struct kobject ko;
    _Atomic int *destroyed;
};

static void tobj_destroy(struct kobject *o)
{
    struct tobj *t = (struct tobj *)o;
    atomic_fetch_add(t->destroyed, 1);
    free(t);
}

static const struct kobject_ops tobj_ops = {tobj_destroy};

static struct kobject *tobj_new(enum vx_obj_type type, _Atomic int *destroyed)
{
    struct tobj *t = malloc(sizeof *t);
    cr_assert(t);
    kobject_init(&t->ko, type, &tobj_ops);
    t->destroyed = destroyed;
    return &t->ko;
}

Test(handle, add_get_close_and_the_object_dies_with_its_last_handle)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    vx_handle_t h;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), VX_RIGHT_READ, &h), VX_OK);
    cr_assert_neq(h, VX_HANDLE_INVALID);
    struct kobject *o;
    cr_assert_eq(handle_get(&t, h, VX_OBJ_EVENT, VX_RIGHT_READ, &o), VX_OK);
    cr_assert_eq(handle_close(&t, h), VX_OK);
    cr_assert_eq(dead, 0, "our reference from handle_get keeps it alive");
    kobject_put(o);
    cr_assert_eq(dead, 1, "expected the last put to destroy the object");
    cr_assert_eq(handle_get(&t, h, VX_OBJ_NONE, 0, &o), VX_EBADH);
    cr_assert_eq(handle_close(&t, h), VX_EBADH, "a second close is an error");
    handle_table_destroy(&t);
}

Test(handle, a_stale_value_never_reaches_the_slots_next_object)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    vx_handle_t old, fresh;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), VX_RIGHTS_ALL, &old), VX_OK);
    cr_assert_eq(handle_close(&t, old), VX_OK);
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), VX_RIGHTS_ALL, &fresh), VX_OK);
    cr_assert_eq(fresh & HANDLE_MAX, old & HANDLE_MAX, "expected the slot to be reused");
    cr_assert_neq(fresh, old);
    struct kobject *o;
    cr_assert_eq(handle_get(&t, old, VX_OBJ_NONE, 0, &o), VX_EBADH);
    cr_assert_eq(handle_close(&t, old), VX_EBADH);
    cr_assert_eq(handle_get(&t, fresh, VX_OBJ_NONE, 0, &o), VX_OK);
    kobject_put(o);
    handle_table_destroy(&t);
    cr_assert_eq(dead, 2);
}

Test(handle, a_slot_whose_generations_run_out_is_retired_not_reused)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    uint32_t gens = 1u << HANDLE_GEN_BITS;
    static vx_handle_t seen[1u << HANDLE_GEN_BITS];
    for (uint32_t i = 0; i < gens; i++) {
        cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &seen[i]), VX_OK);
        cr_assert_eq(seen[i] & HANDLE_MAX, 1u, "expected slot 0 to be reused each time");
        cr_assert_eq(handle_close(&t, seen[i]), VX_OK);
    }
    vx_handle_t next;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &next), VX_OK);
    cr_assert_neq(next & HANDLE_MAX, 1u, "expected the worn-out slot to be retired");
    struct kobject *o;
    for (uint32_t i = 0; i < gens; i++)
        cr_assert_eq(handle_get(&t, seen[i], VX_OBJ_NONE, 0, &o), VX_EBADH);
    handle_table_destroy(&t);
    cr_assert_eq(dead, (int)gens + 1);
}

Test(handle, bogus_values_are_bad_handles)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    vx_handle_t h;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &h), VX_OK);
    const vx_handle_t bad[] = {0, 0xffffffffu, h + 1, h | 0x80000000u, h + (1u << HANDLE_INDEX_BITS),
                               HANDLE_MAX};
    struct kobject *o;
    struct vx_handle_info info;
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(handle_get(&t, bad[i], VX_OBJ_NONE, 0, &o), VX_EBADH, "value %#x", bad[i]);
        cr_assert_eq(handle_info(&t, bad[i], &info), VX_EBADH, "value %#x", bad[i]);
        cr_assert_eq(handle_close(&t, bad[i]), VX_EBADH, "value %#x", bad[i]);
    }
    handle_table_destroy(&t);
}

Test(handle, get_checks_type_then_rights)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    vx_handle_t h;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_VMO, &dead), VX_RIGHT_READ | VX_RIGHT_MAP, &h),
                 VX_OK);
    struct kobject *o;
    cr_assert_eq(handle_get(&t, h, VX_OBJ_CHANNEL, VX_RIGHT_READ, &o), VX_EINVAL);
    cr_assert_eq(handle_get(&t, h, VX_OBJ_VMO, VX_RIGHT_WRITE, &o), VX_EPERM);
    cr_assert_eq(handle_get(&t, h, VX_OBJ_VMO, VX_RIGHT_READ | VX_RIGHT_MAP, &o), VX_OK);
    kobject_put(o);
    struct vx_handle_info info;
    cr_assert_eq(handle_info(&t, h, &info), VX_OK);
    cr_assert_eq(info.type, VX_OBJ_VMO);
    cr_assert_eq(info.rights, VX_RIGHT_READ | VX_RIGHT_MAP);
    cr_assert_neq(info.koid, 0);
    handle_table_destroy(&t);
}

Test(handle, duplicate_and_replace_only_narrow_rights)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 100);
    vx_handle_t h, d, r;
    uint32_t rights = VX_RIGHT_READ | VX_RIGHT_WRITE | VX_RIGHT_DUPLICATE;
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), rights, &h), VX_OK);
    cr_assert_eq(handle_duplicate(&t, h, rights | VX_RIGHT_MANAGE, &d), VX_EPERM);
    cr_assert_eq(handle_duplicate(&t, h, VX_RIGHT_READ, &d), VX_OK);
    cr_assert_eq(handle_duplicate(&t, d, VX_RIGHT_READ, &r), VX_EPERM,
                 "d has no DUPLICATE right");
    struct vx_handle_info hi, di;
    cr_assert_eq(handle_info(&t, h, &hi), VX_OK);
    cr_assert_eq(handle_info(&t, d, &di), VX_OK);
    cr_assert_eq(hi.koid, di.koid, "expected both handles to name one object");
    cr_assert_eq(di.rights, VX_RIGHT_READ);

    cr_assert_eq(handle_replace(&t, h, VX_RIGHT_WRITE, &r), VX_OK);
    struct kobject *o;
    cr_assert_eq(handle_get(&t, h, VX_OBJ_NONE, 0, &o), VX_EBADH, "replace closes the old one");
    cr_assert_eq(handle_replace(&t, r, VX_RIGHT_WRITE | VX_RIGHT_READ, &h), VX_EPERM);
    cr_assert_eq(handle_get(&t, r, VX_OBJ_NONE, 0, &o), VX_EBADH,
                 "a failed replace still gives the handle up");
    cr_assert_eq(dead, 0, "d still holds the object");
    cr_assert_eq(handle_close(&t, d), VX_OK);
    cr_assert_eq(dead, 1);
    handle_table_destroy(&t);
}

Test(handle, take_needs_transfer_and_moves_the_reference)
{
    _Atomic int dead = 0;
    struct handle_table a, b;
    handle_table_init(&a, 10);
    handle_table_init(&b, 10);
    vx_handle_t h, stuck, moved;
    cr_assert_eq(handle_add(&a, tobj_new(VX_OBJ_VMO, &dead), VX_RIGHT_READ | VX_RIGHT_TRANSFER, &h),
                 VX_OK);
    cr_assert_eq(handle_add(&a, tobj_new(VX_OBJ_VMO, &dead), VX_RIGHT_READ, &stuck), VX_OK);
    struct kobject *o;
    uint32_t rights;
    cr_assert_eq(handle_take(&a, stuck, &o, &rights), VX_EPERM);
    cr_assert_eq(handle_take(&a, h, &o, &rights), VX_OK);
    cr_assert_eq(rights, VX_RIGHT_READ | VX_RIGHT_TRANSFER);
    cr_assert_eq(handle_get(&a, h, VX_OBJ_NONE, 0, &o), VX_EBADH, "gone from the sender");
    cr_assert_eq(handle_add(&b, o, rights & ~VX_RIGHT_TRANSFER, &moved), VX_OK);
    handle_table_destroy(&a);
    cr_assert_eq(dead, 1, "only the object left in a dies with a");
    handle_table_destroy(&b);
    cr_assert_eq(dead, 2);
}

Test(handle, the_limit_is_an_error_and_the_object_is_not_leaked)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 3);
    vx_handle_t h[4];
    for (int i = 0; i < 3; i++)
        cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &h[i]), VX_OK);
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &h[3]), VX_ELIMIT);
    cr_assert_eq(dead, 1, "the refused object's reference must be dropped");
    cr_assert_eq(handle_close(&t, h[0]), VX_OK);
    cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), 0, &h[3]), VX_OK);
    handle_table_destroy(&t);
    cr_assert_eq(dead, 5);
}

Test(handle, the_table_grows_and_every_handle_stays_valid)
{
    enum { N = 5000 };
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, N);
    static vx_handle_t h[N];
    for (int i = 0; i < N; i++)
        cr_assert_eq(handle_add(&t, tobj_new(VX_OBJ_EVENT, &dead), (uint32_t)i & VX_RIGHTS_ALL,
                                &h[i]),
                     VX_OK);
    for (int i = 0; i < N; i++) {
        struct vx_handle_info info;
        cr_assert_eq(handle_info(&t, h[i], &info), VX_OK);
        cr_assert_eq(info.rights, (uint32_t)i & VX_RIGHTS_ALL);
    }
    handle_table_destroy(&t);
    cr_assert_eq(dead, N);
}

struct churn {
    struct handle_table *t;
    _Atomic int *dead;
    int failures;
};

static void *churn_main(void *arg)
{
    struct churn *c = arg;
    for (int i = 0; i < 3000; i++) {
        vx_handle_t h, d;
        if (handle_add(c->t, tobj_new(VX_OBJ_EVENT, c->dead), VX_RIGHT_DUPLICATE, &h) ||
            handle_duplicate(c->t, h, 0, &d) || handle_close(c->t, h) || handle_close(c->t, d))
            c->failures++;
    }
    return NULL;
}

Test(handle, concurrent_add_duplicate_close_keep_counts_exact)
{
    _Atomic int dead = 0;
    struct handle_table t;
    handle_table_init(&t, 1000);
    pthread_t th[2];
    struct churn c[2] = {{&t, &dead, 0}, {&t, &dead, 0}};
    for (int i = 0; i < 2; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, churn_main, &c[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    cr_assert_eq(c[0].failures + c[1].failures, 0);
    cr_assert_eq(t.count, 0u);
    cr_assert_eq(dead, 6000, "every object destroyed exactly once");
    handle_table_destroy(&t);
}
