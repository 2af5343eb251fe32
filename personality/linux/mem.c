/*
 * linux/mem.c - brk, mmap, munmap, mprotect, madvise over VMOs and vx_vm_* calls.
 *
 * Anonymous memory: every mmap (and every step the break grows by) is a fresh VMO mapped
 * at its place, its handle closed at once (the mapping holds the VMO). Linux permissions map
 * one to one except write+exec, which VaelixOS refuses (W^X): such a request is EACCES.
 */
#include "personality/linux/internal.h"

#define BRK_MAX (1ull << 32) /* the most the heap may grow: 4 GiB */

static uint64_t page_up(uint64_t v)
{
    return (v + LPAGE - 1) & ~(LPAGE - 1);
}

/* VX_VM_* for Linux PROT_* bits, or -1 for write with exec. */
static int64_t vm_prot(uint64_t prot)
{
    if ((prot & LPROT_WRITE) && (prot & LPROT_EXEC))
        return -1;
    uint32_t v = 0;
    if (prot & LPROT_READ)
        v |= VX_VM_READ;
    if (prot & LPROT_WRITE)
        v |= VX_VM_READ | VX_VM_WRITE; /* RISC-V has no write-only pages */
    if (prot & LPROT_EXEC)
        v |= VX_VM_EXEC;
    return v;
}

static int64_t vm_errno(vx_status_t st)
{
    switch (st) {
    case VX_ENOMEM:
    case VX_ELIMIT:
        return -LENOMEM;
    case VX_EEXIST:
        return -LEEXIST;
    case VX_EPERM:
        return -LEACCES;
    case VX_ENOENT:
        return -LENOMEM; /* Linux: a range with unmapped pages */
    default:
        return -LEINVAL;
    }
}

/* Map fresh zero pages [va, va + len) (fixed) or anywhere (*va out). */
static vx_status_t map_anon(struct linux_proc *p, uint64_t *va, uint64_t len, uint32_t prot,
                            uint32_t opts)
{
    vx_handle_t vmo;
    vx_status_t st = vx_vmo_create(len, 0, &vmo);
    if (st)
        return st;
    st = vx_vm_map(p->as, vmo, 0, len, prot | opts, va);
    vx_handle_close(vmo);
    return st;
}

int64_t lsys_brk(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t want = a[0];
    lmutex_lock(&p->lock);
    uint64_t now = p->brk;
    if (want < p->brk_lo || want > p->brk_lo + BRK_MAX) {
        lmutex_unlock(&p->lock);
        return (int64_t)now; /* Linux answers a refused brk with the current break */
    }
    uint64_t have_end = page_up(p->brk), want_end = page_up(want);
    if (want_end > have_end) {
        uint64_t va = have_end;
        if (map_anon(p, &va, want_end - have_end, VX_VM_READ | VX_VM_WRITE, VX_VM_FIXED)) {
            lmutex_unlock(&p->lock);
            return (int64_t)now;
        }
    } else if (want_end < have_end) {
        vx_vm_unmap(p->as, want_end, have_end - want_end);
    }
    p->brk = want;
    lmutex_unlock(&p->lock);
    return (int64_t)want;
}

int64_t lsys_mmap(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t addr = a[0], len = a[1], prot = a[2], flags = a[3], off = a[5];
    int64_t fd = (int64_t)a[4];
    if (len == 0 || (off & (LPAGE - 1)) || (addr & (LPAGE - 1) && (flags & LMAP_FIXED)))
        return -LEINVAL;
    uint32_t type = flags & LMAP_TYPE;
    if (type != LMAP_PRIVATE && type != LMAP_SHARED)
        return -LEINVAL;
    if (!(flags & LMAP_ANONYMOUS)) { /* no file can be mapped yet */
        struct lfile *f = fd_get(p, fd);
        if (!f)
            return -LEBADF;
        lfile_put(f);
        return -LENODEV;
    }
    uint64_t size = page_up(len);
    if (size < len || size > VX_VM_USER_TOP)
        return -LENOMEM;
    int64_t vp = vm_prot(prot);
    if (vp < 0)
        return -LEACCES;
    bool fixed = (flags & (LMAP_FIXED | LMAP_FIXED_NOREPLACE)) != 0;
    uint32_t share = type == LMAP_SHARED ? VX_VM_SHARED : 0; /* stays shared across fork */
    if (fixed && (addr < VX_VM_USER_BASE || addr + size > VX_VM_USER_TOP || addr + size < addr))
        return (flags & LMAP_FIXED) ? -LEINVAL : -LENOMEM;
    if (flags & LMAP_FIXED)
        vx_vm_unmap(p->as, addr, size); /* MAP_FIXED replaces what was there */
    uint64_t va = addr;
    vx_status_t st = VX_EEXIST;
    /* A hint is taken when that range is free and usable, as Linux does. */
    if (!fixed && addr >= VX_VM_USER_BASE && !(addr & (LPAGE - 1)) && addr + size > addr &&
        addr + size <= VX_VM_USER_TOP)
        st = map_anon(p, &va, size, (uint32_t)vp, VX_VM_FIXED | share);
    if (st) {
        va = addr;
        st = map_anon(p, &va, size, (uint32_t)vp, (fixed ? VX_VM_FIXED : 0) | share);
    }
    if (st)
        return vm_errno(st);
    return (int64_t)va;
}

int64_t lsys_munmap(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t addr = a[0], len = page_up(a[1]);
    if ((addr & (LPAGE - 1)) || a[1] == 0 || len < a[1] || addr + len < addr ||
        addr + len > VX_VM_USER_TOP)
        return -LEINVAL;
    if (addr < VX_VM_USER_BASE)
        return addr + len <= VX_VM_USER_BASE ? 0 : -LEINVAL;
    vx_status_t st = vx_vm_unmap(p->as, addr, len);
    return st ? vm_errno(st) : 0;
}

int64_t lsys_mprotect(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t addr = a[0], len = page_up(a[1]);
    if ((addr & (LPAGE - 1)) || len < a[1])
        return -LEINVAL;
    if (a[2] & ~(uint64_t)(LPROT_READ | LPROT_WRITE | LPROT_EXEC))
        return -LEINVAL;
    if (len == 0)
        return 0;
    int64_t vp = vm_prot(a[2]);
    if (vp < 0)
        return -LEACCES;
    vx_status_t st = vx_vm_protect(p->as, addr, len, (uint32_t)vp);
    return st ? vm_errno(st) : 0;
}

int64_t lsys_madvise(struct linux_thread *t, const uint64_t *a)
{
    if (a[0] & (LPAGE - 1))
        return -LEINVAL;
    if (a[2] == 4) /* MADV_DONTNEED would have to zero the pages: not done yet, so refused */
        return -LEINVAL;
    return 0; /* the rest is advice only: none of it changes what the program sees */
}

#define LMREMAP_MAYMOVE 1u
#define LMREMAP_FIXED   2u

/* Copy len bytes of p's memory from src to dst (both mapped, readable / writable). */
static int64_t move_bytes(struct linux_proc *p, uint64_t dst, uint64_t src, uint64_t len)
{
    uint8_t buf[4096];
    for (uint64_t done = 0; done < len; done += sizeof buf) {
        uint64_t n = len - done < sizeof buf ? len - done : sizeof buf;
        if (linux_copy_in(p, buf, src + done, n) || linux_copy_out(p, dst + done, buf, n))
            return -LEFAULT;
    }
    return 0;
}

/* mremap for anonymous memory: shrink in place, grow in place when the pages after are free,
 * else move (MREMAP_MAYMOVE) to a new mapping with the contents copied. The new part is
 * readable and writable (what glibc's realloc, the user of this, maps). */
int64_t lsys_mremap(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t old = a[0], old_len = page_up(a[1]), new_len = page_up(a[2]), flags = a[3];
    if ((old & (LPAGE - 1)) || (flags & ~(uint64_t)(LMREMAP_MAYMOVE | LMREMAP_FIXED)) ||
        ((flags & LMREMAP_FIXED) && !(flags & LMREMAP_MAYMOVE)) || new_len == 0 ||
        new_len < a[2] || old_len < a[1] || old + old_len < old)
        return -LEINVAL;
    if (old_len == 0)
        return -LEINVAL; /* duplicating a shared mapping: not supported */
    uint64_t to = a[4];
    if ((flags & LMREMAP_FIXED) &&
        ((to & (LPAGE - 1)) || to < VX_VM_USER_BASE || to + new_len > VX_VM_USER_TOP ||
         (to < old + old_len && old < to + new_len)))
        return -LEINVAL;
    /* The old range must be mapped and readable: probe its first and last page. */
    uint8_t b;
    if (linux_copy_in(p, &b, old, 1) || linux_copy_in(p, &b, old + old_len - 1, 1))
        return -LEFAULT;
    if (flags & LMREMAP_FIXED) { /* move to the chosen place, replacing what is there */
        vx_vm_unmap(p->as, to, new_len);
        vx_status_t st = map_anon(p, &to, new_len, VX_VM_READ | VX_VM_WRITE, VX_VM_FIXED);
        if (st)
            return vm_errno(st);
        if (move_bytes(p, to, old, old_len < new_len ? old_len : new_len)) {
            vx_vm_unmap(p->as, to, new_len);
            return -LEFAULT;
        }
        vx_vm_unmap(p->as, old, old_len);
        return (int64_t)to;
    }
    if (new_len <= old_len) {
        if (new_len < old_len)
            vx_vm_unmap(p->as, old + new_len, old_len - new_len);
        return (int64_t)old;
    }
    uint64_t va = old + old_len;
    if (va + (new_len - old_len) > va &&
        !map_anon(p, &va, new_len - old_len, VX_VM_READ | VX_VM_WRITE, VX_VM_FIXED))
        return (int64_t)old;
    if (!(flags & LMREMAP_MAYMOVE))
        return -LENOMEM;
    va = 0;
    vx_status_t st = map_anon(p, &va, new_len, VX_VM_READ | VX_VM_WRITE, 0);
    if (st)
        return vm_errno(st);
    if (move_bytes(p, va, old, old_len)) {
        vx_vm_unmap(p->as, va, new_len);
        return -LEFAULT;
    }
    vx_vm_unmap(p->as, old, old_len);
    return (int64_t)va;
}
