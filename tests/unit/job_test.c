/*
 * tests/unit/job_test.c - job quotas (kernel/task/job.c): charges go up the chain all or
 * nothing, refusals are counted where they happen, limits below use stop only new charges.
 */
#include <criterion/criterion.h>

#include "kernel/cap/handle.h"
#include "kernel/task/job.h"

#include "criterion_tsan.h"
#include "kernel_region.h"

static void setup(void)
{
    kregion_setup(16ull << 20);
}

TestSuite(job, .init = setup, .fini = kregion_teardown, .timeout = 60);

Test(job, a_charge_reaches_every_ancestor_and_comes_back)
{
    struct job *root, *mid, *leaf;
    cr_assert_eq(job_create(NULL, &root), VX_OK);
    cr_assert_eq(job_create(root, &mid), VX_OK);
    cr_assert_eq(job_create(mid, &leaf), VX_OK);
    cr_assert_eq(job_charge(leaf, VX_JOB_PAGES, 5), VX_OK);
    struct vx_job_info i;
    job_get_info(root, &i);
    cr_assert_eq(i.used[VX_JOB_PAGES], 5, "the root sees its grandchild's pages");
    job_uncharge(leaf, VX_JOB_PAGES, 5);
    job_get_info(mid, &i);
    cr_assert_eq(i.used[VX_JOB_PAGES], 0);
    kobject_put(&leaf->ko);
    kobject_put(&mid->ko);
    kobject_put(&root->ko);
}

Test(job, a_refused_charge_changes_nothing_and_is_counted_where_it_hit)
{
    struct job *root, *leaf;
    cr_assert_eq(job_create(NULL, &root), VX_OK);
    cr_assert_eq(job_create(root, &leaf), VX_OK);
    cr_assert_eq(job_set_limit(root, VX_JOB_THREADS, 3), VX_OK);
    cr_assert_eq(job_charge(leaf, VX_JOB_THREADS, 2), VX_OK);
    cr_assert_eq(job_charge(leaf, VX_JOB_THREADS, 2), VX_ELIMIT, "2 + 2 > 3 at the root");
    struct vx_job_info li, ri;
    job_get_info(leaf, &li);
    job_get_info(root, &ri);
    cr_assert_eq(li.used[VX_JOB_THREADS], 2, "the leaf's part of the refused charge is undone");
    cr_assert_eq(ri.used[VX_JOB_THREADS], 2);
    cr_assert_eq(ri.refused[VX_JOB_THREADS], 1, "counted at the job whose cap said no");
    cr_assert_eq(li.refused[VX_JOB_THREADS], 0);
    cr_assert_eq(job_charge(leaf, VX_JOB_THREADS, 1), VX_OK, "exactly up to the cap is fine");
    job_uncharge(leaf, VX_JOB_THREADS, 3);
    kobject_put(&leaf->ko);
    kobject_put(&root->ko);
}

Test(job, a_limit_below_use_stops_only_new_charges)
{
    struct job *j;
    cr_assert_eq(job_create(NULL, &j), VX_OK);
    cr_assert_eq(job_charge(j, VX_JOB_TASKS, 4), VX_OK);
    cr_assert_eq(job_set_limit(j, VX_JOB_TASKS, 2), VX_OK);
    cr_assert_eq(job_charge(j, VX_JOB_TASKS, 1), VX_ELIMIT);
    job_uncharge(j, VX_JOB_TASKS, 4);
    cr_assert_eq(job_charge(j, VX_JOB_TASKS, 2), VX_OK);
    job_uncharge(j, VX_JOB_TASKS, 2);
    cr_assert_eq(job_set_limit(j, VX_JOB_NRES, 1), VX_EINVAL, "unknown resource");
    kobject_put(&j->ko);
}

Test(job, the_handle_limit_is_the_smallest_on_the_chain)
{
    struct job *root, *leaf;
    cr_assert_eq(job_create(NULL, &root), VX_OK);
    cr_assert_eq(job_create(root, &leaf), VX_OK);
    cr_assert_eq(job_handle_limit(leaf), HANDLE_MAX, "unlimited: the table's own maximum");
    cr_assert_eq(job_set_limit(root, VX_JOB_HANDLES, 100), VX_OK);
    cr_assert_eq(job_set_limit(leaf, VX_JOB_HANDLES, 500), VX_OK);
    cr_assert_eq(job_handle_limit(leaf), 100);
    kobject_put(&leaf->ko);
    kobject_put(&root->ko);
}
