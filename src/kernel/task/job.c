/*
 * task/job.c - job quotas (see job.h).
 *
 * Charging walks up the chain adding n at each level with a compare-and-swap against that
 * level's limit; on a refusal it walks back down undoing what it added. Two racing charges
 * can both be refused where one would have fit: fine for a quota.
 */
#define VX_SUBSYSTEM "job"
#include "kernel/task/job.h"

#include "kernel/cap/handle.h"
#include "kernel/mm/slab.h"
#include "lib/assert.h"

static void job_destroy(struct kobject *o)
{
    struct job *j = (struct job *)o;
    for (uint32_t r = 0; r < VX_JOB_NRES; r++)
        VX_ASSERT(r == VX_JOB_HANDLES || atomic_load(&j->used[r]) == 0);
    if (j->parent)
        kobject_put(&j->parent->ko);
    kfree(j);
}

static const struct kobject_ops job_ops = {job_destroy};

vx_status_t job_create(struct job *parent, struct job **out)
{
    struct job *j = kzalloc(sizeof *j);
    if (!j)
        return VX_ENOMEM;
    kobject_init(&j->ko, VX_OBJ_JOB, &job_ops);
    for (uint32_t r = 0; r < VX_JOB_NRES; r++)
        atomic_init(&j->limit[r], VX_JOB_UNLIMITED);
    if (parent) {
        kobject_get(&parent->ko);
        j->parent = parent;
    }
    *out = j;
    return VX_OK;
}

static bool add_one(struct job *j, uint32_t res, uint64_t n)
{
    uint64_t cur = atomic_load(&j->used[res]);
    do {
        uint64_t lim = atomic_load(&j->limit[res]);
        if (cur > lim || n > lim - cur) {
            atomic_fetch_add(&j->refused[res], 1);
            return false;
        }
    } while (!atomic_compare_exchange_weak(&j->used[res], &cur, cur + n));
    return true;
}

vx_status_t job_charge(struct job *j, uint32_t res, uint64_t n)
{
    VX_ASSERT(res < VX_JOB_NRES);
    for (struct job *at = j; at; at = at->parent) {
        if (add_one(at, res, n))
            continue;
        for (struct job *undo = j; undo != at; undo = undo->parent)
            atomic_fetch_sub(&undo->used[res], n);
        return VX_ELIMIT;
    }
    return VX_OK;
}

void job_uncharge(struct job *j, uint32_t res, uint64_t n)
{
    for (struct job *at = j; at; at = at->parent) {
        uint64_t old = atomic_fetch_sub(&at->used[res], n);
        VX_ASSERT(old >= n);
    }
}

vx_status_t job_set_limit(struct job *j, uint32_t res, uint64_t limit)
{
    if (res >= VX_JOB_NRES)
        return VX_EINVAL;
    atomic_store(&j->limit[res], limit);
    return VX_OK;
}

uint32_t job_handle_limit(struct job *j)
{
    uint64_t lim = HANDLE_MAX;
    for (struct job *at = j; at; at = at->parent) {
        uint64_t l = atomic_load(&at->limit[VX_JOB_HANDLES]);
        if (l < lim)
            lim = l;
    }
    return (uint32_t)lim;
}

void job_get_info(struct job *j, struct vx_job_info *info)
{
    for (uint32_t r = 0; r < VX_JOB_NRES; r++) {
        info->used[r] = atomic_load(&j->used[r]);
        info->limit[r] = atomic_load(&j->limit[r]);
        info->refused[r] = atomic_load(&j->refused[r]);
    }
}
