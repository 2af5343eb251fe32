/*
 * ipc/event.c - events (see event.h): a kernel object and its signal word, nothing more.
 */
#define VX_SUBSYSTEM "event"
#include "kernel/ipc/event.h"

#include "kernel/mm/slab.h"

static void event_destroy(struct kobject *o)
{
    kfree(o);
}

static const struct kobject_ops event_ops = {event_destroy};

vx_status_t event_create(struct event **out)
{
    struct event *e = kmalloc(sizeof *e);
    if (!e)
        return VX_ENOMEM;
    kobject_init(&e->ko, VX_OBJ_EVENT, &event_ops);
    *out = e;
    return VX_OK;
}

vx_status_t event_signal(struct event *e, uint32_t clear, uint32_t set)
{
    if ((clear | set) & ~(uint32_t)EVENT_SIGNALS)
        return VX_EINVAL;
    kobject_signal(&e->ko, clear, set);
    return VX_OK;
}

vx_status_t kobject_user_signal(struct kobject *o, uint32_t clear, uint32_t set)
{
    if ((clear | set) & ~(uint32_t)VX_SIG_USER_ALL)
        return VX_EINVAL;
    kobject_signal(o, clear, set);
    return VX_OK;
}
