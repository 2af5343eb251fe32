/*
 * cap/handle.h - handle tables: a task's view of the objects it may use.
 *
 * A table is an array of slots. A slot holds an object reference and the rights of that
 * handle. A handle value is (generation << HANDLE_INDEX_BITS) | (index + 1): index 0 is never
 * used so 0 is never a handle, and the generation is bumped each time the slot is freed, so a
 * stale value fails with VX_EBADH instead of naming the slot's next object. A slot whose
 * generation has used all HANDLE_GEN_BITS is retired rather than reused: a value can never
 * come round again. Freed slots are reused most recently freed first.
 *
 * The table grows by doubling (kmalloc) up to its limit; running out of the limit is
 * VX_ELIMIT, running out of memory VX_ENOMEM, and neither changes the table.
 *
 * Locking: t->lock protects every field and every slot. It is a leaf lock: nothing else is
 * taken under it, and kobject_put (which may destroy an object) is always called after it is
 * released.
 *
 * Errors: VX_EBADH (not a live handle of this table), VX_EPERM (a right is missing, or asked
 * for rights it does not have), VX_EINVAL (wrong object type), VX_ELIMIT, VX_ENOMEM.
 */
#ifndef CAP_HANDLE_H
#define CAP_HANDLE_H

#include <stdint.h>

#include "kernel/cap/object.h"
#include "lib/spinlock.h"
#include "vx/object.h"
#include "vx/status.h"

#define HANDLE_INDEX_BITS 20u /* at most 2^20 - 1 handles per table */
#define HANDLE_GEN_BITS   11u /* bit 31 stays clear: handles are positive as C ints */
#define HANDLE_MAX        ((1u << HANDLE_INDEX_BITS) - 1u)
#define HANDLE_INITIAL    16u /* slots allocated by the first add */

struct handle_slot {
    struct kobject *obj; /* NULL when free */
    uint32_t rights;
    uint32_t gen;        /* generation of the current (or next) handle in this slot */
    uint32_t next_free;  /* index + 1 of the next free slot; 0 ends the list */
};

struct handle_table {
    struct spinlock lock;
    struct handle_slot *slots; /* (l) */
    uint32_t cap;              /* (l) slots allocated */
    uint32_t used;             /* (l) slots ever handed out (the rest are never used) */
    uint32_t count;            /* (l) live handles */
    uint32_t limit;            /* (l) most live handles allowed (a job quota later) */
    uint32_t free_head;        /* (l) index + 1 of the first free slot, or 0 */
};

/* An empty table allowing `limit` handles (at most HANDLE_MAX). Allocates nothing yet. */
void handle_table_init(struct handle_table *t, uint32_t limit);
/* Close every handle (dropping their references) and free the slots. */
void handle_table_destroy(struct handle_table *t);

/* Add a handle for `obj` with `rights`. Takes ownership of the caller's reference to obj,
 * also on failure (it is dropped then). */
vx_status_t handle_add(struct handle_table *t, struct kobject *obj, uint32_t rights,
                       vx_handle_t *out);

/* Look up `h`: it must be live, of `type` (VX_OBJ_NONE: any) and have every right in
 * `need`. Returns a new reference in *obj (the caller puts it). */
vx_status_t handle_get(struct handle_table *t, vx_handle_t h, enum vx_obj_type type,
                       uint32_t need, struct kobject **obj);

/* Close `h`, dropping its reference. */
vx_status_t handle_close(struct handle_table *t, vx_handle_t h);

/* A second handle to h's object with `rights`, which must be a subset of h's
 * (VX_RIGHTS_SAME: exactly h's); h needs VX_RIGHT_DUPLICATE. */
vx_status_t handle_duplicate(struct handle_table *t, vx_handle_t h, uint32_t rights,
                             vx_handle_t *out);

/* Replace `h` by a handle with `rights` (a subset of h's). h is closed even when the result
 * is an error other than VX_EBADH, as the caller asked to give it up. */
vx_status_t handle_replace(struct handle_table *t, vx_handle_t h, uint32_t rights,
                           vx_handle_t *out);

/* Take `h` out of the table for a transfer: h needs VX_RIGHT_TRANSFER. Returns the
 * reference and rights; the caller moves them into another table with handle_add. */
vx_status_t handle_take(struct handle_table *t, vx_handle_t h, struct kobject **obj,
                        uint32_t *rights);

/* An object reference and rights in transit between tables (in a channel message). */
struct handle_xfer {
    struct kobject *obj;
    uint32_t rights;
};

/* Take n handles out of the table at once, all or none: every value must be live, carry
 * VX_RIGHT_TRANSFER, appear once in `hs` and name neither `refuse_a` nor `refuse_b` (either
 * may be NULL). On success out[i] holds the reference and rights of hs[i]. Errors (nothing
 * taken): VX_EBADH, VX_EPERM, VX_EINVAL (listed twice, or a refused object). */
vx_status_t handle_take_many(struct handle_table *t, const vx_handle_t *hs, uint32_t n,
                             const struct kobject *refuse_a, const struct kobject *refuse_b,
                             struct handle_xfer *out);

/* Add n handles at once, all or none; out[i] gets the value for in[i]. On success the table
 * owns the n references; on failure (VX_ELIMIT, VX_ENOMEM) it owns none of them and the
 * caller still does -- unlike handle_add, so a message that could not be received stays
 * whole. */
vx_status_t handle_add_many(struct handle_table *t, const struct handle_xfer *in, uint32_t n,
                            vx_handle_t *out);

/* Call fn for each live handle, under t->lock (fn must not use t; listings only). */
void handle_for_each(struct handle_table *t,
                     void (*fn)(vx_handle_t h, struct kobject *obj, uint32_t rights, void *arg),
                     void *arg);

/* Type, koid and rights of `h`. */
vx_status_t handle_info(struct handle_table *t, vx_handle_t h, struct vx_handle_info *info);

#endif /* CAP_HANDLE_H */
