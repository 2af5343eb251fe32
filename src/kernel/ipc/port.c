/*
 * ipc/port.c - ports and the watches that feed them (see port.h).
 *
 * A watch is a kobserver on the watched object's list and, while it is attached, on the
 * port's `watches` list as well; both links change only with both sig_locks held (object
 * first), so "on one list" means "on the other". Its packet is embedded, so queueing a signal
 * packet cannot fail. A watch that is no longer attached (it fired once, or its object died)
 * lives on only as its queued packet and is freed when that packet is taken or dropped.
 * Death on either side takes kobject_observers_lock first: the object's destroy then calls
 * watch_object_gone; port_destroy detaches its watches one by one, locking each watched
 * object, which cannot be freed meanwhile because its own destroy waits for that lock.
 */
#define VX_SUBSYSTEM "port"
#include "kernel/ipc/port.h"

#include "kernel/mm/slab.h"
#include "lib/assert.h"
#include "lib/string.h"

/* One entry of a port's queue: a user packet (kmalloc'd) or a watch's packet (embedded). */
struct port_entry {
    struct list_node link; /* (s) on port->queue, or on a local free list */
    struct vx_port_packet pkt;
};

struct watch {
    struct kobserver obs;       /* on the object's observer list while attached */
    struct port *port;          /* (c) not a reference: the port detaches us before it dies */
    struct kobject *object;     /* (c) not a reference; dereferenced only while attached */
    uint64_t koid;              /* (c) the object's, for port_cancel after the object died */
    uint64_t key;               /* (c) */
    uint32_t opts;              /* (c) */
    struct list_node port_link; /* (s) on port->watches while attached */
    struct port_entry packet;   /* (s) */
    bool queued;                /* (s) packet is on port->queue */
};

static bool attached(const struct watch *w)
{
    return !list_unlinked(&w->port_link);
}

/* Free what a local list of taken-off entries holds. Call with no lock held. */
static void free_entries(struct list_node *list)
{
    struct list_node *n;
    while ((n = list_pop_front(list)) != NULL) {
        struct port_entry *e = list_entry(n, struct port_entry, link);
        if (e->pkt.type == VX_PKT_SIGNAL)
            kfree(container_of(e, struct watch, packet));
        else
            kfree(e);
    }
}

/* Keep READABLE true exactly while something is queued. Caller must hold p->ko.sig_lock. */
static void update_readable(struct port *p)
{
    if (list_empty(&p->queue))
        kobject_signal_locked(&p->ko, VX_SIG_READABLE, 0);
    else
        kobject_signal_locked(&p->ko, 0, VX_SIG_READABLE);
}

static bool watch_fire(struct kobserver *obs, uint32_t signals)
{
    struct watch *w = container_of(obs, struct watch, obs);
    struct port *p = w->port;
    bool repeat = w->opts & VX_WAIT_ASYNC_REPEAT;
    spin_lock(&p->ko.sig_lock);
    if (w->queued) {
        /* Coalesce: one packet per watch, however often it fires before being taken. */
        w->packet.pkt.signal.observed = signals;
        w->packet.pkt.signal.count++;
    } else {
        w->packet.pkt = (struct vx_port_packet){
            .key = w->key,
            .type = VX_PKT_SIGNAL,
            .status = VX_OK,
            .signal = {.trigger = w->obs.wanted, .observed = signals, .count = 1},
        };
        list_push_back(&p->queue, &w->packet.link);
        w->queued = true;
    }
    if (!repeat) {
        /* Unlink from both lists before the port lock goes: from then on a port_wait on
         * another vCPU may take the packet and free w. */
        list_remove(&w->obs.link);
        list_remove(&w->port_link);
        p->nwatches--;
    }
    update_readable(p);
    spin_unlock(&p->ko.sig_lock);
    return repeat;
}

/* The watched object is being destroyed and has unlinked us. */
static void watch_object_gone(struct kobserver *obs)
{
    struct watch *w = container_of(obs, struct watch, obs);
    struct port *p = w->port;
    VX_ASSERT(spin_held(&kobject_observers_lock));
    spin_lock(&p->ko.sig_lock);
    list_remove(&w->port_link);
    p->nwatches--;
    bool orphan_packet = w->queued; /* stays deliverable; freed when taken */
    spin_unlock(&p->ko.sig_lock);
    if (!orphan_packet)
        kfree(w);
}

static const struct kobserver_ops watch_ops = {watch_fire, watch_object_gone};

/* Detach every watch of p from its object. p has no reference left. */
static void detach_watches(struct port *p)
{
    spin_lock(&kobject_observers_lock);
    for (;;) {
        spin_lock(&p->ko.sig_lock);
        struct watch *w =
            list_empty(&p->watches) ? NULL : list_entry(p->watches.next, struct watch, port_link);
        spin_unlock(&p->ko.sig_lock);
        if (!w)
            break;
        /* w stays allocated (only its packet's taker or this thread frees a detached one),
         * and its object cannot finish dying while we hold kobject_observers_lock. */
        struct kobject *o = w->object;
        bool free_it = false;
        spin_lock(&o->sig_lock);
        spin_lock(&p->ko.sig_lock);
        if (attached(w)) { /* it may have fired meanwhile */
            list_remove(&w->obs.link);
            list_remove(&w->port_link);
            p->nwatches--;
            free_it = !w->queued;
        }
        spin_unlock(&p->ko.sig_lock);
        spin_unlock(&o->sig_lock);
        if (free_it)
            kfree(w);
    }
    spin_unlock(&kobject_observers_lock);
}

static void port_destroy(struct kobject *o)
{
    struct port *p = (struct port *)o;
    detach_watches(p);
    /* Nothing can queue now: no watch is attached and nobody holds a reference. */
    free_entries(&p->queue);
    kfree(p);
}

static const struct kobject_ops port_ops = {port_destroy};

vx_status_t port_create(struct port **out)
{
    struct port *p = kmalloc(sizeof *p);
    if (!p)
        return VX_ENOMEM;
    kobject_init(&p->ko, VX_OBJ_PORT, &port_ops);
    list_init(&p->queue);
    list_init(&p->watches);
    p->user_queued = 0;
    p->nwatches = 0;
    *out = p;
    return VX_OK;
}

vx_status_t port_wait_async(struct port *p, struct kobject *o, uint64_t key, uint32_t signals,
                            uint32_t opts)
{
    vx_status_t st = VX_OK;
    if (!signals || (opts & ~(uint32_t)VX_WAIT_ASYNC_ALL))
        return VX_EINVAL;
    if (o->type == VX_OBJ_PORT)
        return VX_ENOTSUP;
    struct watch *w = kmalloc(sizeof *w);
    if (!w)
        return VX_ENOMEM;
    *w = (struct watch){.obs = {.wanted = signals, .ops = &watch_ops},
                        .port = p,
                        .object = o,
                        .koid = o->koid,
                        .key = key,
                        .opts = opts};
    list_init(&w->obs.link);
    list_init(&w->port_link);
    list_init(&w->packet.link);

    spin_lock(&o->sig_lock);
    spin_lock(&p->ko.sig_lock);
    if (p->nwatches >= PORT_MAX_WATCHES) {
        st = VX_ELIMIT;
        spin_unlock(&p->ko.sig_lock);
        goto out_unlock_object;
    }
    list_push_back(&p->watches, &w->port_link);
    p->nwatches++;
    spin_unlock(&p->ko.sig_lock);
    /* Fires at once if a signal is active; a one-shot then detaches itself from the port. */
    kobject_observe_locked(o, &w->obs, true);
    w = NULL;
out_unlock_object:
    spin_unlock(&o->sig_lock);
    kfree(w);
    return st;
}

vx_status_t port_cancel(struct port *p, struct kobject *o, uint64_t key)
{
    struct list_node dead, *pos, *tmp;
    list_init(&dead);
    uint32_t found = 0;
    spin_lock(&o->sig_lock);
    spin_lock(&p->ko.sig_lock);
    list_for_each_safe(pos, tmp, &p->watches) {
        struct watch *w = list_entry(pos, struct watch, port_link);
        if (w->object != o || w->key != key)
            continue;
        list_remove(&w->obs.link);
        list_remove(&w->port_link);
        p->nwatches--;
        found++;
        if (w->queued) {
            list_remove(&w->packet.link);
            w->queued = false;
        }
        list_push_back(&dead, &w->packet.link);
        w->packet.pkt.type = VX_PKT_SIGNAL; /* so free_entries frees the watch */
    }
    /* Packets of watches that already ended (one-shots that fired) go too. */
    list_for_each_safe(pos, tmp, &p->queue) {
        struct port_entry *e = list_entry(pos, struct port_entry, link);
        if (e->pkt.type != VX_PKT_SIGNAL)
            continue;
        struct watch *w = container_of(e, struct watch, packet);
        if (w->koid != o->koid || w->key != key)
            continue;
        VX_ASSERT(!attached(w)); /* attached ones were taken off above */
        list_remove(&e->link);
        w->queued = false;
        list_push_back(&dead, &e->link);
        found++;
    }
    update_readable(p);
    spin_unlock(&p->ko.sig_lock);
    spin_unlock(&o->sig_lock);
    free_entries(&dead);
    return found ? VX_OK : VX_ENOENT;
}

vx_status_t port_queue(struct port *p, const struct vx_port_packet *user_packet)
{
    struct port_entry *e = kmalloc(sizeof *e);
    if (!e)
        return VX_ENOMEM;
    e->pkt = *user_packet;
    e->pkt.type = VX_PKT_USER;
    list_init(&e->link);
    spin_lock(&p->ko.sig_lock);
    if (p->user_queued >= PORT_MAX_PACKETS) {
        spin_unlock(&p->ko.sig_lock);
        kfree(e);
        return VX_ELIMIT;
    }
    list_push_back(&p->queue, &e->link);
    p->user_queued++;
    update_readable(p);
    spin_unlock(&p->ko.sig_lock);
    return VX_OK;
}

/* Take up to max packets. Returns how many. Entries to free go on `dead`. */
static uint32_t take_packets(struct port *p, struct vx_port_packet *out, uint32_t max,
                             struct list_node *dead)
{
    uint32_t n = 0;
    spin_lock(&p->ko.sig_lock);
    struct list_node *node;
    while (n < max && (node = list_pop_front(&p->queue)) != NULL) {
        struct port_entry *e = list_entry(node, struct port_entry, link);
        out[n++] = e->pkt;
        if (e->pkt.type == VX_PKT_USER) {
            p->user_queued--;
            list_push_back(dead, &e->link);
            continue;
        }
        struct watch *w = container_of(e, struct watch, packet);
        w->queued = false;
        if (!attached(w))
            list_push_back(dead, &e->link); /* its packet was all that was left of it */
    }
    update_readable(p);
    spin_unlock(&p->ko.sig_lock);
    return n;
}

vx_status_t port_wait(struct port *p, uint64_t deadline_ns, struct vx_port_packet *out,
                      uint32_t max, uint32_t *count)
{
    vx_status_t st = VX_OK;
    struct list_node dead;
    list_init(&dead);
    *count = 0;
    if (max == 0)
        return VX_EINVAL;
    /* Invariant: each pass either takes packets or waits for READABLE; another waiter may
     * take what woke us, so we loop until we get some or time runs out. */
    while ((*count = take_packets(p, out, max, &dead)) == 0) {
        uint32_t observed;
        st = kobject_wait_one(&p->ko, VX_SIG_READABLE, deadline_ns, &observed);
        if (st != VX_OK)
            break;
    }
    free_entries(&dead);
    return *count ? VX_OK : st;
}
