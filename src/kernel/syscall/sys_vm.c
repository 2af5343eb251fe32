/*
 * syscall/sys_vm.c - memory calls: VMOs, mappings, and loading an ELF into an address space.
 */
#define VX_SUBSYSTEM "syscall"
#include "kernel/boot/bootfs.h"
#include "kernel/console.h"
#include "kernel/elf/load.h"
#include "kernel/mm/slab.h"
#include "kernel/syscall/syscall.h"
#include "kernel/vm/aspace.h"
#include "kernel/vm/vmo.h"

#define VMO_RIGHTS VX_RIGHTS_ALL

int64_t sys_vmo_create(const uint64_t *a)
{
    if (a[1] != 0)
        return VX_EINVAL;
    struct vmo *v;
    vx_status_t st = vmo_create(a[0], &v);
    if (st)
        return st;
    if ((st = vmo_set_job(v, task_current()->job))) {
        kobject_put(&v->ko);
        return st;
    }
    return sys_give(&v->ko, VMO_RIGHTS, a[2]);
}

/* vmo_read / vmo_write through a kernel bounce page: user memory is not mapped here. */
static int64_t vmo_rw(const uint64_t *a, bool write)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_VMO, write ? VX_RIGHT_WRITE : VX_RIGHT_READ, &o);
    if (st)
        return st;
    struct vmo *v = (struct vmo *)o;
    uint64_t uptr = a[1], off = a[2], len = a[3];
    if (off > vmo_size(v) || len > vmo_size(v) - off) {
        kobject_put(o);
        return VX_ERANGE;
    }
    uint8_t *bounce = kmalloc(VMO_PAGE_SIZE);
    if (!bounce) {
        kobject_put(o);
        return VX_ENOMEM;
    }
    while (len && !st) {
        size_t n = len < VMO_PAGE_SIZE ? (size_t)len : VMO_PAGE_SIZE;
        if (write) {
            st = uaccess_in(bounce, uptr, n);
            if (!st)
                st = vmo_write(v, off, bounce, n);
        } else {
            st = vmo_read(v, off, bounce, n);
            if (!st)
                st = uaccess_out(uptr, bounce, n);
        }
        uptr += n, off += n, len -= n;
    }
    kfree(bounce);
    kobject_put(o);
    return st;
}

int64_t sys_vmo_read(const uint64_t *a)
{
    return vmo_rw(a, false);
}

int64_t sys_vmo_write(const uint64_t *a)
{
    return vmo_rw(a, true);
}

int64_t sys_vmo_get_size(const uint64_t *a)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_VMO, 0, &o);
    if (st)
        return st;
    uint64_t size = vmo_size((struct vmo *)o);
    kobject_put(o);
    return uaccess_out(a[1], &size, sizeof size);
}

int64_t sys_vmo_clone(const uint64_t *a)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_VMO, VX_RIGHT_READ | VX_RIGHT_DUPLICATE, &o);
    if (st)
        return st;
    struct vmo *c;
    st = vmo_clone((struct vmo *)o, a[1], a[2], &c);
    kobject_put(o);
    if (st)
        return st;
    if ((st = vmo_set_job(c, task_current()->job))) {
        kobject_put(&c->ko);
        return st;
    }
    return sys_give(&c->ko, VMO_RIGHTS, a[3]);
}

static uint32_t max_prot_of(uint32_t rights)
{
    return ((rights & VX_RIGHT_READ) ? VX_VM_READ : 0) |
           ((rights & VX_RIGHT_WRITE) ? VX_VM_WRITE : 0) |
           ((rights & VX_RIGHT_EXEC) ? VX_VM_EXEC : 0);
}

int64_t sys_vm_map(const uint64_t *a)
{
    uint64_t flags = a[4];
    if (flags & ~(uint64_t)(VX_VM_PROT_MASK | VX_VM_FIXED | VX_VM_SHARED))
        return VX_EINVAL;
    uint64_t va = 0;
    vx_status_t st;
    if ((flags & VX_VM_FIXED) && (st = uaccess_in(&va, a[5], sizeof va)))
        return st;
    struct kobject *aso, *vo;
    if ((st = sys_get(a[0], VX_OBJ_ASPACE, VX_RIGHT_WRITE, &aso)))
        return st;
    struct vx_handle_info info;
    if ((st = sys_get(a[1], VX_OBJ_VMO, VX_RIGHT_MAP, &vo))) {
        kobject_put(aso);
        return st;
    }
    if ((st = handle_info(sys_handles(), (vx_handle_t)a[1], &info))) {
        kobject_put(vo);
        kobject_put(aso);
        return st;
    }
    st = as_map((struct aspace *)aso, (struct vmo *)vo, a[2], a[3], (uint32_t)flags & VX_VM_PROT_MASK,
                max_prot_of(info.rights), (uint32_t)flags & (VX_VM_FIXED | VX_VM_SHARED), &va);
    if (!st && (st = uaccess_out(a[5], &va, sizeof va)))
        as_unmap((struct aspace *)aso, va, a[3]);
    kobject_put(vo);
    kobject_put(aso);
    return st;
}

int64_t sys_vm_unmap(const uint64_t *a)
{
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_ASPACE, VX_RIGHT_WRITE, &o);
    if (st)
        return st;
    st = as_unmap((struct aspace *)o, a[1], a[2]);
    kobject_put(o);
    return st;
}

int64_t sys_vm_protect(const uint64_t *a)
{
    if (!sys_u32(a[3]))
        return VX_EINVAL;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_ASPACE, VX_RIGHT_WRITE, &o);
    if (st)
        return st;
    st = as_protect((struct aspace *)o, a[1], a[2], (uint32_t)a[3]);
    kobject_put(o);
    return st;
}

/* Bounce buffer of vm_copy: the caller's side goes through uaccess, the other side is a
 * (possibly different) address space. */
#define VM_COPY_CHUNK 4096u

int64_t sys_vm_copy(const uint64_t *a)
{
    uint32_t opts = (uint32_t)a[4];
    if (!sys_u32(a[4]) || (opts != VX_VM_READ && opts != VX_VM_WRITE))
        return VX_EINVAL;
    bool to_as = opts == VX_VM_WRITE;
    struct kobject *o;
    vx_status_t st = sys_get(a[0], VX_OBJ_ASPACE, to_as ? VX_RIGHT_WRITE : VX_RIGHT_READ, &o);
    if (st)
        return st;
    struct aspace *as = (struct aspace *)o;
    uint64_t va = a[1], buf = a[2], len = a[3];
    if (va + len < va || buf + len < buf || (len && !buf))
        st = VX_EFAULT;
    else if (len && uaccess_host()) { /* the caller's buf is host memory: no bounce */
        st = guest_copy(as, va, (void *)(uintptr_t)buf, (size_t)len, to_as);
        len = 0;
    }
    uint8_t chunk[VM_COPY_CHUNK];
    while (!st && len) {
        size_t n = len < sizeof chunk ? (size_t)len : sizeof chunk;
        if (to_as) {
            if (!(st = uaccess_in(chunk, buf, n)))
                st = guest_copy(as, va, chunk, n, true);
        } else if (!(st = guest_copy(as, va, chunk, n, false))) {
            st = uaccess_out(buf, chunk, n);
        }
        va += n, buf += n, len -= n;
    }
    kobject_put(o);
    return st;
}

int64_t sys_elf_load(const uint64_t *a)
{
    size_t len = a[3];
    if (len > ELF_STRINGS_MAX || !sys_u32(a[4]))
        return VX_EINVAL;
    char *strings = kmalloc(len ? len : 1);
    if (!strings)
        return VX_ENOMEM;
    struct kobject *aso = NULL, *fo = NULL;
    vx_status_t st = uaccess_in(strings, a[2], len);
    if (!st)
        st = sys_get(a[0], VX_OBJ_ASPACE, VX_RIGHT_WRITE, &aso);
    if (!st)
        st = sys_get(a[1], VX_OBJ_VMO, VX_RIGHT_READ, &fo);
    if (!st) {
        char why[ELF_WHY_BYTES];
        struct vx_elf_info info;
        st = elf_load((struct aspace *)aso, (struct vmo *)fo, strings, len, (uint32_t)a[4],
                      task_current()->job, &info, why);
        if (st)
            kprintf("elf: task '%s': not loaded: %s\n", task_current()->name, why);
        else
            st = uaccess_out(a[5], &info, sizeof info);
    }
    if (fo)
        kobject_put(fo);
    if (aso)
        kobject_put(aso);
    kfree(strings);
    return st;
}

#define BOOTFS_FILE_RIGHTS                                                                      \
    (VX_RIGHT_READ | VX_RIGHT_MAP | VX_RIGHT_EXEC | VX_RIGHT_DUPLICATE | VX_RIGHT_TRANSFER |   \
     VX_RIGHT_WAIT)

/* The image handle a[0] (READ, and really the image) and the path a[1], a[2] into path. */
static vx_status_t bootfs_args(const uint64_t *a, char *path, size_t cap)
{
    if (a[2] >= cap)
        return VX_EINVAL;
    struct kobject *img;
    vx_status_t st = sys_get(a[0], VX_OBJ_VMO, VX_RIGHT_READ, &img);
    if (st)
        return st;
    struct vmo *image = bootfs_image();
    bool is_image = image && img == &image->ko;
    kobject_put(img);
    if (!is_image)
        return VX_EPERM;
    return uaccess_in(path, a[1], a[2]);
}

int64_t sys_bootfs_open(const uint64_t *a)
{
    char path[256];
    vx_status_t st = bootfs_args(a, path, sizeof path);
    if (st)
        return st;
    struct vmo *v;
    if ((st = bootfs_open(path, a[2], &v)))
        return st;
    if ((st = vmo_set_job(v, task_current()->job))) {
        kobject_put(&v->ko);
        return st;
    }
    return sys_give(&v->ko, BOOTFS_FILE_RIGHTS, a[3]);
}

int64_t sys_vm_fork(const uint64_t *a)
{
    struct kobject *src, *dst;
    vx_status_t st = sys_get(a[0], VX_OBJ_ASPACE, VX_RIGHT_READ, &src);
    if (st)
        return st;
    if ((st = sys_get(a[1], VX_OBJ_ASPACE, VX_RIGHT_WRITE, &dst))) {
        kobject_put(src);
        return st;
    }
    st = as_fork((struct aspace *)src, (struct aspace *)dst, task_current()->job);
    kobject_put(dst);
    kobject_put(src);
    return st;
}

int64_t sys_bootfs_stat(const uint64_t *a)
{
    char path[256];
    struct vx_bootfs_stat out;
    vx_status_t st = bootfs_args(a, path, sizeof path);
    if (!st)
        st = bootfs_stat(path, a[2], &out);
    if (!st)
        st = uaccess_out(a[3], &out, sizeof out);
    return st;
}
