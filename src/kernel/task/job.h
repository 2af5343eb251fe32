/*
 * task/job.h - jobs: quotas for a tree of tasks.
 *
 * A job has a parent (none for the root job) and, for each resource (VX_JOB_*), a use count
 * and a limit. Charging a job charges it and every ancestor, all or nothing: if any level
 * would go over its limit, nothing is charged, that level counts a refusal, and the caller
 * gets VX_ELIMIT. Counters are atomics; no lock is held while charging.
 *
 * VX_JOB_HANDLES is not charged: it is the size limit of the handle table of each task
 * created in the job (the smallest along the chain).
 */
#ifndef TASK_JOB_H
#define TASK_JOB_H

#include <stdatomic.h>
#include <stdint.h>

#include "kernel/cap/object.h"
#include "vx/status.h"
#include "vx/task.h"

struct job {
    struct kobject ko;
    struct job *parent;                    /* (c) a reference; NULL for the root */
    _Atomic uint64_t used[VX_JOB_NRES];    /* (A) */
    _Atomic uint64_t limit[VX_JOB_NRES];   /* (A) */
    _Atomic uint64_t refused[VX_JOB_NRES]; /* (A) */
};

/* A child of `parent` (NULL: a root job), unlimited. */
vx_status_t job_create(struct job *parent, struct job **out);
/* Charge n units of res to j and its ancestors, or fail with VX_ELIMIT charging nothing. */
vx_status_t job_charge(struct job *j, uint32_t res, uint64_t n);
void job_uncharge(struct job *j, uint32_t res, uint64_t n);
/* Set j's limit of res. A limit below the current use only stops new charges. */
vx_status_t job_set_limit(struct job *j, uint32_t res, uint64_t limit);
/* The handle-table limit for a task in j. */
uint32_t job_handle_limit(struct job *j);
void job_get_info(struct job *j, struct vx_job_info *info);

#endif /* TASK_JOB_H */
