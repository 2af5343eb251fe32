/*
 * cap/object.h - kernel objects: what every object type shares.
 *
 * A kernel object starts with a struct kobject: its type, a system-wide id (koid) and a
 * reference count. Whoever can find an object holds a reference: every handle, and any kernel
 * code that looked it up. kobject_put drops one; the last drop calls the type's destroy
 * function, which frees the object. Nothing else frees an object.
 *
 * Locking: none here; the count is atomic. A type's own fields have their own locks.
 */
#ifndef CAP_OBJECT_H
#define CAP_OBJECT_H

#include <stdatomic.h>
#include <stdint.h>

#include "vx/object.h"

struct kobject;

struct kobject_ops {
    /* Called once, by the last kobject_put, with no reference left. Frees the object. */
    void (*destroy)(struct kobject *o);
};

struct kobject {
    uint32_t type;                 /* (c) enum vx_obj_type */
    uint64_t koid;                 /* (c) */
    _Atomic uint32_t refs;
    const struct kobject_ops *ops; /* (c) */
};

/* Set up an object with one reference (the caller's) and a fresh koid. */
void kobject_init(struct kobject *o, enum vx_obj_type type, const struct kobject_ops *ops);
/* Take another reference. The caller must already hold one. */
void kobject_get(struct kobject *o);
/* Drop a reference; the last one destroys the object. Takes ownership of that reference. */
void kobject_put(struct kobject *o);

#endif /* CAP_OBJECT_H */
