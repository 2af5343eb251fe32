/*
 * syscall/syscall.c - the dispatch table and user memory access (see syscall.h).
 */
#define VX_SUBSYSTEM "syscall"
#include "kernel/syscall/syscall.h"

#include "hostio.h"
#include "kernel/console.h"
#include "kernel/vm/mmu.h"
#include "lib/string.h"

typedef int64_t (*sys_fn)(const uint64_t *a);

#define SYS_ENTRY(nr, name) [nr - VX_SYSCALL_BASE] = sys_##name,
static const sys_fn table[] = {VX_SYSCALLS(SYS_ENTRY)};
#undef SYS_ENTRY
#define NCALLS (sizeof table / sizeof table[0])

/* Linux riscv64's ENOSYS, what a guest gets for a Linux call while no personality serves it. */
#define LINUX_ENOSYS 38

int64_t syscall_invoke(uint64_t nr, const uint64_t *a)
{
    struct uthread *ut = uthread_current();
    if (!ut)
        return VX_ESTATE; /* a plain kernel thread has no handle table */
    if (nr < VX_SYSCALL_BASE || nr - VX_SYSCALL_BASE >= NCALLS || !table[nr - VX_SYSCALL_BASE])
        return VX_ENOTSUP;
    /* Only this thread writes its count: a load and a store, not a locked add. */
    uint64_t n = atomic_load_explicit(&ut->syscalls, memory_order_relaxed);
    atomic_store_explicit(&ut->syscalls, n + 1, memory_order_relaxed);
    return table[nr - VX_SYSCALL_BASE](a);
}

void syscall_abi(struct uthread *ut, uint32_t cause)
{
    struct task *t = ut->task;
    struct vx_abi_trap trap = {.cause = cause, .thread_data = &ut->abi_data};
    ut->in_abi = true;
    t->abi_fn(t->abi_ctx, &trap, (struct vx_guest_regs *)&ut->regs);
    ut->in_abi = false;
}

bool syscall_abi_fault(struct uthread *ut, uint32_t fault, uint64_t tval)
{
    struct task *t = ut->task;
    if (!t->abi_fn)
        return false;
    uint64_t pc = ut->regs.pc;
    struct vx_abi_trap trap = {.cause = VX_ABI_FAULT, .fault = fault, .tval = tval,
                               .thread_data = &ut->abi_data};
    ut->in_abi = true;
    t->abi_fn(t->abi_ctx, &trap, (struct vx_guest_regs *)&ut->regs);
    ut->in_abi = false;
    return ut->regs.pc != pc || atomic_load_explicit(&ut->stop, memory_order_relaxed);
}

/* A guest ecall below VX_SYSCALL_BASE: the task's ABI handler takes it, or it gets ENOSYS. */
static void foreign_call(struct uthread *ut, uint64_t nr)
{
    struct task *t = ut->task;
    if (t->abi_fn) { /* constant once the task runs, and it does: this thread is in it */
        syscall_abi(ut, VX_ABI_SYSCALL);
        return;
    }
    spin_lock(&t->lock);
    bool first = !t->enosys_logged;
    t->enosys_logged = true;
    spin_unlock(&t->lock);
    if (first)
        kprintf("syscall: task '%s' made Linux call %llu: no personality serves it "
                "(ENOSYS; logged once per task)\n",
                t->name, (unsigned long long)nr);
    ut->regs.x[10] = (uint64_t)-LINUX_ENOSYS;
}

void syscall_from_guest(struct uthread *ut)
{
    uint64_t *x = ut->regs.x;
    uint64_t nr = x[17];
    if (nr < VX_SYSCALL_BASE)
        foreign_call(ut, nr);
    else
        x[10] = (uint64_t)syscall_invoke(nr, &x[10]);
}

vx_status_t guest_copy(struct aspace *as, uint64_t va, void *buf, size_t len, bool to_guest)
{
    /* Through this vCPU's TLB when it has the pages (ASIDs are never reused while a TLB may
     * hold them, so its entries for this ASID are this space's); else a page walk. */
    if (rv_tlb_copy(mmu_hart(hio_cpu_self()), as->satp, va, buf, len, to_guest))
        return VX_OK;
    vx_status_t st = to_guest ? as_copy_out(as, va, buf, len) : as_copy_in(as, buf, va, len);
    return st == VX_ENOMEM ? st : st ? VX_EFAULT : VX_OK;
}

/* The calling thread's pointers are guest addresses (a guest thread outside its ABI handler). */
static inline struct uthread *guest_caller(void)
{
    struct uthread *ut = uthread_current();
    return ut && ut->guest && !ut->in_abi ? ut : NULL;
}

bool uaccess_host(void)
{
    return guest_caller() == NULL;
}

vx_status_t uaccess_in(void *dst, uint64_t uptr, size_t len)
{
    if (!len)
        return VX_OK;
    struct uthread *ut = guest_caller();
    if (ut)
        return guest_copy(ut->task->as, uptr, dst, len, false) ? VX_EFAULT : VX_OK;
    if (!uptr)
        return VX_EFAULT;
    vx_memcpy(dst, (const void *)(uintptr_t)uptr, len);
    return VX_OK;
}

vx_status_t uaccess_out(uint64_t uptr, const void *src, size_t len)
{
    if (!len)
        return VX_OK;
    struct uthread *ut = guest_caller();
    if (ut)
        return guest_copy(ut->task->as, uptr, (void *)src, len, true) ? VX_EFAULT : VX_OK;
    if (!uptr)
        return VX_EFAULT;
    vx_memcpy((void *)(uintptr_t)uptr, src, len);
    return VX_OK;
}

vx_status_t sys_get(uint64_t h, enum vx_obj_type type, uint32_t rights, struct kobject **obj)
{
    if (!sys_u32(h))
        return VX_EBADH;
    return handle_get(sys_handles(), (vx_handle_t)h, type, rights, obj);
}

vx_status_t sys_give(struct kobject *obj, uint32_t rights, uint64_t uout)
{
    vx_handle_t h;
    vx_status_t st = handle_add(sys_handles(), obj, rights, &h);
    if (st)
        return st;
    st = uaccess_out(uout, &h, sizeof h);
    if (st)
        handle_close(sys_handles(), h);
    return st;
}
