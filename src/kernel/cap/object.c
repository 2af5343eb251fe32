/*
 * cap/object.c - reference counting and ids for kernel objects (see object.h).
 */
#define VX_SUBSYSTEM "object"
#include "kernel/cap/object.h"

#include "lib/assert.h"

/* Koids start at 1 so 0 can mean "none" in queries. */
static _Atomic uint64_t next_koid = 1;

void kobject_init(struct kobject *o, enum vx_obj_type type, const struct kobject_ops *ops)
{
    VX_ASSERT(type > VX_OBJ_NONE && type < VX_OBJ_TYPE_COUNT && ops && ops->destroy);
    o->type = (uint32_t)type;
    o->koid = atomic_fetch_add_explicit(&next_koid, 1, memory_order_relaxed);
    o->ops = ops;
    atomic_init(&o->refs, 1);
}

void kobject_get(struct kobject *o)
{
    uint32_t old = atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
    VX_ASSERT(old > 0 && old < UINT32_MAX);
}

void kobject_put(struct kobject *o)
{
    /* acq_rel: what every other holder did happens before the destroy. */
    uint32_t old = atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel);
    VX_ASSERT(old > 0);
    if (old == 1)
        o->ops->destroy(o);
}
