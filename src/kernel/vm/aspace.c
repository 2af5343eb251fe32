/*
 * vm/aspace.c - address spaces (see aspace.h).
 *
 * Mappings are a sorted doubly linked list: guest processes have tens of mappings, and every
 * operation that walks the list also walks page tables, which costs more. Page tables are
 * Sv39: three levels of 512 PTEs, built on demand by walk(); leaf PTEs are installed by
 * as_fault with A (and D for writable pages) already set, so the interpreter's walker never
 * has to write them.
 *
 * Changing a mapping clears its PTEs ("zap"); the next access faults and installs the PTE
 * the new state calls for. A spurious fault is harmless, so PTE edits need no ordering with
 * faults beyond each PTE store being atomic.
 */
#define VX_SUBSYSTEM "aspace"
#include "kernel/vm/aspace.h"

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/vm/mmu.h"
#include "lib/assert.h"
#include "lib/prng.h"
#include "lib/string.h"

#define LEVELS     3u
#define PTES       512u
#define PAGE       ((uint64_t)VX_PAGE_SIZE)
#define GUARD      PAGE /* unmapped page kept on each side of a placed mapping */
#define PLACE_TRIES 64u

static inline uint64_t load_pte(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_pte(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static uint64_t *table_of(uint64_t pte)
{
    return frame_vaddr((pte & RV_PTE_PPN_MASK) >> RV_PTE_PPN_SHIFT << RV_PAGE_SHIFT);
}

static unsigned vpn(uint64_t va, unsigned level)
{
    return (unsigned)(va >> (RV_PAGE_SHIFT + 9u * level)) & (PTES - 1);
}

/* The leaf PTE slot for va, or NULL if a table on the way is missing and !alloc (or no frame
 * for it). Allocation is under as->lock; lock-free readers see a table only once zeroed. */
static uint64_t *walk(struct aspace *as, uint64_t va, bool alloc)
{
    uint64_t *table = as->root;
    for (unsigned level = LEVELS - 1; level > 0; level--) {
        uint64_t *slot = &table[vpn(va, level)];
        uint64_t pte = load_pte(slot);
        if (!(pte & RV_PTE_V)) {
            if (!alloc)
                return NULL;
            VX_ASSERT(spin_held(&as->lock));
            uint64_t *next = frame_zalloc(0);
            if (!next)
                return NULL;
            as->table_pages++;
            pte = rv_pte(frame_paddr(next), RV_PTE_V);
            store_pte(slot, pte);
        }
        table = table_of(pte);
    }
    return &table[vpn(va, 0)];
}

static void free_tables(uint64_t *table, unsigned level)
{
    if (level > 0)
        for (unsigned i = 0; i < PTES; i++)
            if (table[i] & RV_PTE_V)
                free_tables(table_of(table[i]), level - 1);
    frame_free(table, 0);
}

/* ---- objects ------------------------------------------------------------------------------ */

static void unlink_from_vmo(struct vm_map *m)
{
    spin_lock(&m->vmo->lock);
    list_remove(&m->vmo_link);
    spin_unlock(&m->vmo->lock);
}

static void map_free(struct vm_map *m)
{
    unlink_from_vmo(m);
    kobject_put(&m->vmo->ko);
    kfree(m);
}

static void as_destroy(struct kobject *o)
{
    struct aspace *as = (struct aspace *)o;
    /* No thread runs it any more (threads hold references), and the ASID's TLB entries die
     * with the ASID's next reuse, so the frames can go without a shoot-down. */
    while (!list_empty(&as->maps))
        map_free(list_entry(list_pop_front(&as->maps), struct vm_map, as_link));
    free_tables(as->root, LEVELS - 1);
    mmu_asid_free(as->asid);
    kfree(as);
}

static const struct kobject_ops as_ops = {as_destroy};

vx_status_t as_create(uint64_t seed, struct aspace **out)
{
    struct aspace *as = kzalloc(sizeof *as);
    if (!as)
        return VX_ENOMEM;
    as->root = frame_zalloc(0);
    if (!as->root) {
        kfree(as);
        return VX_ENOMEM;
    }
    vx_status_t st = mmu_asid_alloc(&as->asid);
    if (st) {
        frame_free(as->root, 0);
        kfree(as);
        return st;
    }
    kobject_init(&as->ko, VX_OBJ_ASPACE, &as_ops);
    spin_init(&as->lock, "aspace");
    list_init(&as->maps);
    as->satp = rv_satp(frame_paddr(as->root), as->asid);
    as->table_pages = 1;
    if (!seed)
        hio_entropy(&seed, sizeof seed);
    as->rand = seed ? seed : 0x9e3779b97f4a7c15ull;
    *out = as;
    return VX_OK;
}

void as_note_cpu(struct aspace *as, uint32_t cpu)
{
    uint64_t bit = 1ull << cpu;
    if (!(atomic_load_explicit(&as->cpus, memory_order_relaxed) & bit))
        atomic_fetch_or(&as->cpus, bit);
}

/* ---- the mapping list ------------------------------------------------------------------- */

static bool prot_ok(uint32_t prot)
{
    return !(prot & ~VX_VM_PROT_MASK) && !((prot & VX_VM_WRITE) && (prot & VX_VM_EXEC));
}

/* First mapping that ends after va (the one containing va, or the next one), or NULL. */
static struct vm_map *first_after(struct aspace *as, uint64_t va)
{
    struct list_node *n;
    list_for_each(n, &as->maps) {
        struct vm_map *m = list_entry(n, struct vm_map, as_link);
        if (m->va + m->len > va)
            return m;
    }
    return NULL;
}

static struct vm_map *next_map(struct aspace *as, struct vm_map *m)
{
    return m->as_link.next == &as->maps ? NULL
                                        : list_entry(m->as_link.next, struct vm_map, as_link);
}

static bool range_free(struct aspace *as, uint64_t va, uint64_t len)
{
    struct vm_map *m = first_after(as, va);
    return !m || m->va >= va + len;
}

/* A free spot for len bytes with guard pages around it, starting the search at a random page
 * and going up (wrapping once). Returns 0 if none. */
static uint64_t place(struct aspace *as, uint64_t len)
{
    uint64_t lo = VX_VM_USER_BASE + GUARD, hi = VX_VM_USER_TOP - GUARD;
    if (len > hi - lo)
        return 0;
    uint64_t span = (hi - lo - len) / PAGE + 1;
    for (unsigned t = 0; t < PLACE_TRIES; t++) {
        uint64_t va = lo + vx_prng_next(&as->rand) % span * PAGE;
        if (range_free(as, va - GUARD, len + 2 * GUARD))
            return va;
    }
    /* Crowded: first fit from the bottom. */
    uint64_t va = lo;
    struct list_node *n;
    list_for_each(n, &as->maps) {
        struct vm_map *m = list_entry(n, struct vm_map, as_link);
        if (m->va >= va + len + GUARD)
            return va;
        if (m->va + m->len + GUARD > va)
            va = m->va + m->len + GUARD;
    }
    return va <= hi - len ? va : 0;
}

static void insert_sorted(struct aspace *as, struct vm_map *m)
{
    struct vm_map *after = first_after(as, m->va);
    if (after)
        list_insert_between(&m->as_link, after->as_link.prev, &after->as_link);
    else
        list_push_back(&as->maps, &m->as_link);
}

vx_status_t as_map(struct aspace *as, struct vmo *vmo, uint64_t offset, uint64_t len,
                   uint32_t prot, uint32_t max_prot, uint32_t opts, uint64_t *va)
{
    if (!prot_ok(prot) || (opts & ~(VX_VM_FIXED | VX_VM_SHARED)))
        return VX_EINVAL;
    if (prot & ~max_prot)
        return VX_EPERM;
    if (len == 0 || len % PAGE || offset % PAGE || offset > vmo_size(vmo) ||
        len > vmo_size(vmo) - offset)
        return VX_EINVAL;
    if ((opts & VX_VM_FIXED) &&
        (*va % PAGE || *va < VX_VM_USER_BASE || *va > VX_VM_USER_TOP || len > VX_VM_USER_TOP - *va))
        return VX_EINVAL;
    struct vm_map *m = kmalloc(sizeof *m);
    if (!m)
        return VX_ENOMEM;
    spin_lock(&as->lock);
    uint64_t at = (opts & VX_VM_FIXED) ? *va : place(as, len);
    vx_status_t st = VX_OK;
    if (!at)
        st = VX_ENOMEM;
    else if ((opts & VX_VM_FIXED) && !range_free(as, at, len))
        st = VX_EEXIST;
    if (st) {
        spin_unlock(&as->lock);
        kfree(m);
        return st;
    }
    kobject_get(&vmo->ko);
    *m = (struct vm_map){.as = as, .vmo = vmo, .va = at, .len = len, .offset = offset,
                         .prot = prot, .max_prot = max_prot, .opts = opts & VX_VM_SHARED};
    spin_lock(&vmo->lock);
    list_push_back(&vmo->maps, &m->vmo_link);
    spin_unlock(&vmo->lock);
    insert_sorted(as, m);
    as->mapped_pages += len / PAGE;
    spin_unlock(&as->lock);
    *va = at;
    return VX_OK;
}

/* Split m at `at` (inside it): m keeps the lower part, `upper` (preallocated) the rest.
 * Caller holds as->lock. */
static void split(struct aspace *as, struct vm_map *m, uint64_t at, struct vm_map *upper)
{
    *upper = *m;
    upper->va = at;
    upper->len = m->va + m->len - at;
    upper->offset = m->offset + (at - m->va);
    m->len = at - m->va;
    kobject_get(&m->vmo->ko);
    spin_lock(&m->vmo->lock);
    list_push_back(&m->vmo->maps, &upper->vmo_link);
    spin_unlock(&m->vmo->lock);
    list_insert_between(&upper->as_link, &m->as_link, m->as_link.next);
}

/* Clear the PTEs of [va, va + len). Caller holds as->lock. Returns whether any was set. */
static bool zap_range(struct aspace *as, uint64_t va, uint64_t len)
{
    bool any = false;
    for (uint64_t a = va; a < va + len; a += PAGE) {
        uint64_t *slot = walk(as, a, false);
        if (!slot) {
            /* No table here: skip to the next 2 MiB boundary. */
            uint64_t next = (a | ((PAGE << 9) - 1)) + 1;
            a = (next < va + len ? next : va + len) - PAGE;
            continue;
        }
        if (load_pte(slot)) {
            store_pte(slot, 0);
            any = true;
        }
    }
    return any;
}

/* Split the mappings so that none straddles va or end; spare[0..1] are preallocated maps
 * (used ones set to NULL). Caller holds as->lock. */
static void split_at_edges(struct aspace *as, uint64_t va, uint64_t end, struct vm_map **spare)
{
    uint64_t edges[2] = {va, end};
    for (unsigned i = 0; i < 2; i++) {
        struct vm_map *m = first_after(as, edges[i]);
        if (m && m->va < edges[i]) {
            split(as, m, edges[i], spare[i]);
            spare[i] = NULL;
        }
    }
}

static bool range_ok(uint64_t va, uint64_t len)
{
    return len && va % PAGE == 0 && len % PAGE == 0 && va <= VX_VM_USER_TOP &&
           len <= VX_VM_USER_TOP - va;
}

vx_status_t as_unmap(struct aspace *as, uint64_t va, uint64_t len)
{
    if (!range_ok(va, len))
        return VX_EINVAL;
    struct vm_map *spare[2] = {kmalloc(sizeof(struct vm_map)), kmalloc(sizeof(struct vm_map))};
    if (!spare[0] || !spare[1]) {
        kfree(spare[0]);
        kfree(spare[1]);
        return VX_ENOMEM;
    }
    struct list_node gone;
    list_init(&gone);
    uint64_t end = va + len;
    spin_lock(&as->lock);
    split_at_edges(as, va, end, spare);
    bool changed = false;
    for (struct vm_map *m = first_after(as, va), *next; m && m->va < end; m = next) {
        next = next_map(as, m);
        changed |= zap_range(as, m->va, m->len);
        as->mapped_pages -= m->len / PAGE;
        list_remove(&m->as_link);
        list_push_back(&gone, &m->as_link);
    }
    uint64_t cpus = atomic_load(&as->cpus);
    spin_unlock(&as->lock);
    /* Every TLB forgets the pages before any frame can be freed. */
    if (changed)
        mmu_shootdown(cpus, RV_FLUSH_TLB);
    while (!list_empty(&gone))
        map_free(list_entry(list_pop_front(&gone), struct vm_map, as_link));
    kfree(spare[0]);
    kfree(spare[1]);
    return VX_OK;
}

/* Has any committed page of [m.va, m.va+len) been decoded? Flush them all at once if so. */
static void flush_code_of(struct vm_map *m)
{
    spin_lock(&m->vmo->lock);
    uint64_t first = m->offset / PAGE, n = m->len / PAGE;
    for (uint64_t i = first; i < first + n && i < m->vmo->npages; i++)
        if (m->vmo->pages[i])
            mmu_flush_code(m->vmo->pages[i]); /* clears every mark; flushes once */
    spin_unlock(&m->vmo->lock);
}

vx_status_t as_protect(struct aspace *as, uint64_t va, uint64_t len, uint32_t prot)
{
    if (!range_ok(va, len) || !prot_ok(prot))
        return VX_EINVAL;
    struct vm_map *spare[2] = {kmalloc(sizeof(struct vm_map)), kmalloc(sizeof(struct vm_map))};
    vx_status_t st = VX_OK;
    if (!spare[0] || !spare[1]) {
        st = VX_ENOMEM;
        goto out_free;
    }
    uint64_t end = va + len;
    spin_lock(&as->lock);
    /* Decode: the whole range mapped, every mapping allowing prot. */
    uint64_t covered = va;
    for (struct vm_map *m = first_after(as, va); m && m->va < end; m = next_map(as, m)) {
        if (m->va > covered)
            break;
        if (prot & ~m->max_prot) {
            st = VX_EPERM;
            break;
        }
        covered = m->va + m->len;
    }
    if (!st && covered < end)
        st = VX_ENOENT;
    if (st) {
        spin_unlock(&as->lock);
        goto out_free;
    }
    /* Invoke. */
    split_at_edges(as, va, end, spare);
    bool changed = false;
    for (struct vm_map *m = first_after(as, va); m && m->va < end; m = next_map(as, m)) {
        if ((m->prot & VX_VM_EXEC) && (prot & VX_VM_WRITE))
            flush_code_of(m); /* code becomes data: no hart may run what it decoded */
        m->prot = prot;
        changed |= zap_range(as, m->va, m->len);
    }
    uint64_t cpus = atomic_load(&as->cpus);
    spin_unlock(&as->lock);
    if (changed)
        mmu_shootdown(cpus, RV_FLUSH_TLB);
out_free:
    kfree(spare[0]);
    kfree(spare[1]);
    return st;
}

/* ---- faults ------------------------------------------------------------------------------- */

static struct vm_map *find(struct aspace *as, uint64_t va)
{
    struct vm_map *m = first_after(as, va);
    return m && m->va <= va ? m : NULL;
}

static const uint32_t need_prot[3] = {VX_VM_READ, VX_VM_WRITE, VX_VM_EXEC};

/* Make the page at va present for acc. Caller holds as->lock; *spare as in vmo_page_locked.
 * Returns the frame (also when it was present already) or NULL with *st. */
static void *resolve(struct aspace *as, uint64_t va, enum as_access acc, void **spare,
                     uint64_t *cpus, vx_status_t *st)
{
    struct vm_map *m = find(as, va);
    if (!m) {
        *st = VX_ENOENT;
        return NULL;
    }
    if (!(m->prot & need_prot[acc])) {
        *st = VX_EPERM;
        return NULL;
    }
    uint64_t *slot = walk(as, va, true);
    if (!slot) {
        *st = VX_ENOMEM;
        return NULL;
    }
    uint64_t index = (va - m->va + m->offset) / PAGE;
    struct vmo *v = m->vmo;
    spin_lock(&v->lock);
    void *page = vmo_page_locked(v, index, acc == AS_WRITE, spare, cpus, st);
    if (page) {
        uint64_t bits = RV_PTE_V | RV_PTE_U | RV_PTE_A;
        if (m->prot & VX_VM_READ)
            bits |= RV_PTE_R;
        if ((m->prot & VX_VM_WRITE) && !vmo_page_shared(page))
            bits |= RV_PTE_W | RV_PTE_D;
        if (m->prot & VX_VM_EXEC) {
            bits |= RV_PTE_X;
            atomic_store_explicit(&frame_of(page)->decoded, 1, memory_order_release);
        }
        /* Installed under the VMO lock: a clone write-protecting this page sees it. */
        store_pte(slot, rv_pte(frame_paddr(page), bits));
    }
    spin_unlock(&v->lock);
    return page;
}

vx_status_t as_fault(struct aspace *as, uint64_t va, enum as_access acc)
{
    if (va < VX_VM_USER_BASE || va >= VX_VM_USER_TOP)
        return VX_ENOENT;
    va &= ~(PAGE - 1);
    void *spare = NULL;
    uint64_t cpus = 0;
    vx_status_t st;
    /* Without a spare frame first: most faults find the page committed already (a TLB or
     * permission refault); only when one is needed is it allocated, with no lock held. */
    for (;;) {
        st = VX_OK;
        spin_lock(&as->lock);
        if (resolve(as, va, acc, &spare, &cpus, &st))
            as->faults++;
        spin_unlock(&as->lock);
        if (st != VX_ENOMEM || spare || !(spare = frame_alloc(0)))
            break;
    }
    mmu_shootdown(cpus, RV_FLUSH_TLB);
    if (spare)
        frame_free(spare, 0);
    return st;
}

/* Copy len bytes between guest va and kernel buf, page by page, each page resolved for acc
 * exactly as a guest access would be. */
static vx_status_t copy(struct aspace *as, uint64_t va, void *buf, size_t len, enum as_access acc)
{
    uint8_t *b = buf;
    void *spare = NULL;
    vx_status_t st = VX_OK;
    while (len && !st) {
        if (va < VX_VM_USER_BASE || va >= VX_VM_USER_TOP) {
            st = VX_ENOENT;
            break;
        }
        size_t at = (size_t)(va % PAGE), n = PAGE - at < len ? (size_t)(PAGE - at) : len;
        uint64_t cpus = 0;
        spin_lock(&as->lock);
        uint8_t *page = resolve(as, va - at, acc, &spare, &cpus, &st);
        if (page && acc == AS_WRITE) {
            vx_memcpy(page + at, b, n);
        } else if (page) {
            vx_memcpy(b, page + at, n);
        }
        spin_unlock(&as->lock);
        mmu_shootdown(cpus, RV_FLUSH_TLB);
        if (st == VX_ENOMEM && !spare && (spare = frame_alloc(0))) {
            st = VX_OK; /* a frame was needed: try this page again with one */
            continue;
        }
        va += n;
        b += n;
        len -= n;
    }
    if (spare)
        frame_free(spare, 0);
    return st;
}

vx_status_t as_copy_in(struct aspace *as, void *dst, uint64_t va, size_t len)
{
    return copy(as, va, dst, len, AS_READ);
}

vx_status_t as_copy_out(struct aspace *as, uint64_t va, const void *src, size_t len)
{
    return copy(as, va, (void *)src, len, AS_WRITE);
}

/* ---- for the VMO layer and listings ------------------------------------------------------ */

/* The PTE slot of VMO page `index` in m, if m covers it and its table exists. */
static uint64_t *slot_of(struct vm_map *m, uint64_t index)
{
    uint64_t first = m->offset / PAGE;
    if (index < first || index >= first + m->len / PAGE)
        return NULL;
    return walk(m->as, m->va + (index - first) * PAGE, false);
}

uint64_t as_map_write_protect(struct vm_map *m, uint64_t index)
{
    uint64_t *slot = slot_of(m, index);
    if (!slot)
        return 0;
    uint64_t pte = load_pte(slot);
    while (pte & RV_PTE_W)
        if (__atomic_compare_exchange_n(slot, &pte, pte & ~(RV_PTE_W | RV_PTE_D), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return atomic_load(&m->as->cpus);
    return 0;
}

uint64_t as_map_zap(struct vm_map *m, uint64_t index)
{
    uint64_t *slot = slot_of(m, index);
    if (!slot || !__atomic_exchange_n(slot, 0, __ATOMIC_ACQ_REL))
        return 0;
    return atomic_load(&m->as->cpus);
}

void as_for_each_map(struct aspace *as, void (*fn)(const struct as_map_info *m, void *arg),
                     void *arg)
{
    spin_lock(&as->lock);
    struct list_node *n;
    list_for_each(n, &as->maps) {
        struct vm_map *m = list_entry(n, struct vm_map, as_link);
        struct as_map_info info = {m->va, m->len, m->offset, m->vmo->ko.koid, m->prot};
        fn(&info, arg);
    }
    spin_unlock(&as->lock);
}

/* ---- fork -------------------------------------------------------------------------------- */

/* The first mapping ending above va, with a reference to its VMO (false: none). */
static bool next_map_ref(struct aspace *as, uint64_t va, struct vm_map *out)
{
    spin_lock(&as->lock);
    struct vm_map *m = first_after(as, va);
    if (m) {
        *out = *m;
        kobject_get(&m->vmo->ko);
    }
    spin_unlock(&as->lock);
    return m != NULL;
}

vx_status_t as_fork(struct aspace *src, struct aspace *dst, struct job *job)
{
    if (src == dst)
        return VX_EINVAL;
    spin_lock(&dst->lock);
    bool empty = list_empty(&dst->maps);
    spin_unlock(&dst->lock);
    if (!empty)
        return VX_ESTATE;
    /* One mapping at a time, never holding both spaces' locks: a mapping the source changes
     * meanwhile is copied as it is when its turn comes (as with threads racing a fork). */
    struct vm_map m;
    vx_status_t st = VX_OK;
    for (uint64_t va = 0; !st && next_map_ref(src, va, &m); va = m.va + m.len) {
        uint64_t at = m.va;
        if (m.opts & VX_VM_SHARED) { /* both sides map the same pages */
            st = as_map(dst, m.vmo, m.offset, m.len, m.prot, m.max_prot,
                        VX_VM_FIXED | VX_VM_SHARED, &at);
            kobject_put(&m.vmo->ko);
            continue;
        }
        struct vmo *copy;
        st = vmo_clone(m.vmo, m.offset, m.len, &copy);
        kobject_put(&m.vmo->ko);
        if (st)
            break;
        if (job && (st = vmo_set_job(copy, job))) {
            kobject_put(&copy->ko);
            break;
        }
        st = as_map(dst, copy, 0, m.len, m.prot, m.max_prot, VX_VM_FIXED, &at);
        kobject_put(&copy->ko);
    }
    return st;
}
