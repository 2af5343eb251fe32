/*
 * cap/handle.c - handle tables (see handle.h).
 *
 * Slots live in one kmalloc'd array that doubles when full. Allocation never happens under
 * the table lock: handle_add drops the lock, allocates, retakes it and checks again, so the
 * lock stays a leaf. Freed slots go on a LIFO list threaded through next_free; a slot whose
 * generation is used up is left off the list for good.
 */
#define VX_SUBSYSTEM "handle"
#include "kernel/cap/handle.h"

#include "kernel/mm/slab.h"
#include "lib/assert.h"
#include "lib/string.h"

#define GEN_MAX ((1u << HANDLE_GEN_BITS) - 1u)

static vx_handle_t encode(uint32_t index, uint32_t gen)
{
    return gen << HANDLE_INDEX_BITS | (index + 1u);
}

/* The slot of live handle h, or NULL. Caller must hold t->lock. */
static struct handle_slot *lookup(struct handle_table *t, vx_handle_t h)
{
    uint32_t index1 = h & HANDLE_MAX, gen = h >> HANDLE_INDEX_BITS;
    if (index1 == 0 || index1 > t->used || gen > GEN_MAX)
        return NULL;
    struct handle_slot *s = &t->slots[index1 - 1];
    return s->obj && s->gen == gen ? s : NULL;
}

/* Give back a slot; its handle value dies with the generation bump. Caller holds t->lock. */
static void free_slot(struct handle_table *t, struct handle_slot *s)
{
    s->obj = NULL;
    s->rights = 0;
    t->count--;
    if (++s->gen > GEN_MAX)
        return; /* retired: reusing it could bring an old value back */
    s->next_free = t->free_head;
    t->free_head = (uint32_t)(s - t->slots) + 1u;
}

/* A free slot index, or -1 if the array is full. Caller holds t->lock. */
static int64_t alloc_slot(struct handle_table *t)
{
    if (t->free_head) {
        uint32_t index = t->free_head - 1u;
        t->free_head = t->slots[index].next_free;
        return index;
    }
    if (t->used < t->cap) {
        t->slots[t->used].gen = 0;
        return t->used++;
    }
    return -1;
}

void handle_table_init(struct handle_table *t, uint32_t limit)
{
    vx_memset(t, 0, sizeof *t);
    spin_init(&t->lock, "handles");
    t->limit = limit < HANDLE_MAX ? limit : HANDLE_MAX;
}

/* Caller must be the table's last user (its task is gone). */
void handle_table_destroy(struct handle_table *t)
{
    for (uint32_t i = 0; i < t->used; i++)
        if (t->slots[i].obj)
            kobject_put(t->slots[i].obj);
    kfree(t->slots);
    t->slots = NULL;
    t->cap = t->used = t->count = t->free_head = 0;
}

/* Make room for at least one more slot. Caller holds t->lock; it is dropped and retaken. */
static vx_status_t grow(struct handle_table *t)
{
    uint32_t want = t->cap ? t->cap * 2u : HANDLE_INITIAL;
    if (want > HANDLE_MAX)
        want = HANDLE_MAX;
    if (want <= t->cap)
        return VX_ELIMIT;
    spin_unlock(&t->lock);
    struct handle_slot *fresh = kmalloc((size_t)want * sizeof *fresh);
    spin_lock(&t->lock);
    if (!fresh)
        return VX_ENOMEM;
    struct handle_slot *old = NULL;
    if (want > t->cap) { /* nobody grew it meanwhile */
        if (t->used)
            vx_memcpy(fresh, t->slots, (size_t)t->used * sizeof *fresh);
        old = t->slots;
        t->slots = fresh;
        t->cap = want;
        fresh = NULL;
    }
    spin_unlock(&t->lock);
    kfree(old);
    kfree(fresh);
    spin_lock(&t->lock);
    return VX_OK;
}

vx_status_t handle_add(struct handle_table *t, struct kobject *obj, uint32_t rights,
                       vx_handle_t *out)
{
    vx_status_t st = VX_OK;
    VX_ASSERT(obj && !(rights & ~VX_RIGHTS_ALL));
    spin_lock(&t->lock);
    for (;;) {
        if (t->count >= t->limit) {
            st = VX_ELIMIT;
            break;
        }
        int64_t index = alloc_slot(t);
        if (index >= 0) {
            struct handle_slot *s = &t->slots[index];
            s->obj = obj;
            s->rights = rights;
            t->count++;
            *out = encode((uint32_t)index, s->gen);
            break;
        }
        if ((st = grow(t)) != VX_OK)
            break;
    }
    spin_unlock(&t->lock);
    if (st != VX_OK)
        kobject_put(obj);
    return st;
}

vx_status_t handle_get(struct handle_table *t, vx_handle_t h, enum vx_obj_type type,
                       uint32_t need, struct kobject **obj)
{
    vx_status_t st = VX_OK;
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    if (!s)
        st = VX_EBADH;
    else if (type != VX_OBJ_NONE && s->obj->type != (uint32_t)type)
        st = VX_EINVAL;
    else if ((s->rights & need) != need)
        st = VX_EPERM;
    else {
        kobject_get(s->obj);
        *obj = s->obj;
    }
    spin_unlock(&t->lock);
    return st;
}

vx_status_t handle_close(struct handle_table *t, vx_handle_t h)
{
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    struct kobject *obj = s ? s->obj : NULL;
    if (s)
        free_slot(t, s);
    spin_unlock(&t->lock);
    if (!obj)
        return VX_EBADH;
    kobject_put(obj);
    return VX_OK;
}

vx_status_t handle_duplicate(struct handle_table *t, vx_handle_t h, uint32_t rights,
                             vx_handle_t *out)
{
    vx_status_t st = VX_OK;
    struct kobject *obj = NULL;
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    if (!s)
        st = VX_EBADH;
    else if (rights == VX_RIGHTS_SAME)
        rights = s->rights;
    if (st == VX_OK && (!(s->rights & VX_RIGHT_DUPLICATE) || (rights & ~s->rights)))
        st = VX_EPERM;
    else if (st == VX_OK) {
        obj = s->obj;
        kobject_get(obj);
    }
    spin_unlock(&t->lock);
    if (st != VX_OK)
        return st;
    return handle_add(t, obj, rights, out); /* takes our reference */
}

vx_status_t handle_replace(struct handle_table *t, vx_handle_t h, uint32_t rights,
                           vx_handle_t *out)
{
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    struct kobject *obj = s ? s->obj : NULL;
    uint32_t had = s ? s->rights : 0;
    if (s)
        free_slot(t, s);
    spin_unlock(&t->lock);
    if (!obj)
        return VX_EBADH;
    if (rights == VX_RIGHTS_SAME)
        rights = had;
    if (rights & ~had) {
        kobject_put(obj);
        return VX_EPERM;
    }
    return handle_add(t, obj, rights, out);
}

vx_status_t handle_take(struct handle_table *t, vx_handle_t h, struct kobject **obj,
                        uint32_t *rights)
{
    vx_status_t st = VX_OK;
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    if (!s) {
        st = VX_EBADH;
    } else if (!(s->rights & VX_RIGHT_TRANSFER)) {
        st = VX_EPERM;
    } else {
        *obj = s->obj;
        *rights = s->rights;
        free_slot(t, s);
    }
    spin_unlock(&t->lock);
    return st;
}

vx_status_t handle_info(struct handle_table *t, vx_handle_t h, struct vx_handle_info *info)
{
    vx_status_t st = VX_OK;
    spin_lock(&t->lock);
    struct handle_slot *s = lookup(t, h);
    if (!s) {
        st = VX_EBADH;
    } else {
        info->koid = s->obj->koid;
        info->type = s->obj->type;
        info->rights = s->rights;
    }
    spin_unlock(&t->lock);
    return st;
}

vx_status_t handle_take_many(struct handle_table *t, const vx_handle_t *hs, uint32_t n,
                             const struct kobject *refuse_a, const struct kobject *refuse_b,
                             struct handle_xfer *out)
{
    vx_status_t st = VX_OK;
    spin_lock(&t->lock);
    /* Decode: check every value before touching any slot. n is small (a message's handles),
     * so the duplicate check is quadratic on purpose. */
    for (uint32_t i = 0; i < n && st == VX_OK; i++) {
        struct handle_slot *s = lookup(t, hs[i]);
        if (!s)
            st = VX_EBADH;
        else if (!(s->rights & VX_RIGHT_TRANSFER))
            st = VX_EPERM;
        else if (s->obj == refuse_a || s->obj == refuse_b)
            st = VX_EINVAL;
        for (uint32_t j = 0; j < i && st == VX_OK; j++)
            if (hs[j] == hs[i])
                st = VX_EINVAL;
    }
    if (st != VX_OK)
        goto out_unlock;
    /* Invoke: cannot fail. */
    for (uint32_t i = 0; i < n; i++) {
        struct handle_slot *s = lookup(t, hs[i]);
        out[i].obj = s->obj;
        out[i].rights = s->rights;
        free_slot(t, s);
    }
out_unlock:
    spin_unlock(&t->lock);
    return st;
}

/* Slots that alloc_slot can hand out without growing, counting at most `enough`. Caller
 * holds t->lock. */
static uint32_t slots_available(struct handle_table *t, uint32_t enough)
{
    uint32_t avail = t->cap - t->used;
    for (uint32_t f = t->free_head; f && avail < enough; f = t->slots[f - 1].next_free)
        avail++;
    return avail;
}

vx_status_t handle_add_many(struct handle_table *t, const struct handle_xfer *in, uint32_t n,
                            vx_handle_t *out)
{
    vx_status_t st = VX_OK;
    spin_lock(&t->lock);
    for (;;) {
        if (n > t->limit - t->count) {
            st = VX_ELIMIT;
            goto out_unlock;
        }
        if (slots_available(t, n) >= n)
            break;
        if ((st = grow(t)) != VX_OK)
            goto out_unlock;
    }
    for (uint32_t i = 0; i < n; i++) {
        VX_ASSERT(in[i].obj && !(in[i].rights & ~VX_RIGHTS_ALL));
        int64_t index = alloc_slot(t);
        VX_ASSERT(index >= 0); /* counted above, under the same lock hold */
        struct handle_slot *s = &t->slots[index];
        s->obj = in[i].obj;
        s->rights = in[i].rights;
        t->count++;
        out[i] = encode((uint32_t)index, s->gen);
    }
out_unlock:
    spin_unlock(&t->lock);
    return st;
}

void handle_for_each(struct handle_table *t,
                     void (*fn)(vx_handle_t h, struct kobject *obj, uint32_t rights, void *arg),
                     void *arg)
{
    spin_lock(&t->lock);
    for (uint32_t i = 0; i < t->used; i++) {
        struct handle_slot *s = &t->slots[i];
        if (s->obj)
            fn(s->gen << HANDLE_INDEX_BITS | (i + 1), s->obj, s->rights, arg);
    }
    spin_unlock(&t->lock);
}
