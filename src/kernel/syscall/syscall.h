/*
 * syscall/syscall.h - the native kernel calls: dispatch, argument access, handlers.
 *
 * Every call in VX_SYSCALLS (vx/syscall.h) has a handler `int64_t sys_<name>(const uint64_t
 * *a)` taking its six argument registers. Guest threads reach them from the guest loop
 * (syscall_from_guest: a7 is the number); system tasks through the vx_* functions of
 * native.c, which pack their arguments the same way. A handler decodes everything first
 * (handles, rights, user memory) and only then acts (STYLE.md 5a).
 *
 * User memory: a pointer argument is an address in the caller's memory. For a guest thread
 * that is its address space (copied through the soft MMU, faulting pages in as the guest
 * would); for a system task's thread it is host memory, and so it is for a guest thread while
 * it runs its task's ABI handler (vx/task.h: the personality's native code calls the API for
 * it). uaccess_in/out hide the difference.
 */
#ifndef SYSCALL_SYSCALL_H
#define SYSCALL_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/cap/handle.h"
#include "kernel/task/task.h"
#include "vx/syscall.h"

struct uthread;

/* Run ut's task's ABI handler (which must be set) for `cause` (VX_ABI_*) on ut's registers. */
void syscall_abi(struct uthread *ut, uint32_t cause);
/* Offer a fault to ut's task's ABI handler; true if it moved the thread on (leave it alive). */
bool syscall_abi_fault(struct uthread *ut, uint32_t fault, uint64_t tval);

/* Handle the ecall the guest thread ut just made; the result goes to its a0. */
void syscall_from_guest(struct uthread *ut);

/* Run call nr with arguments a[0..5] for the calling thread. */
int64_t syscall_invoke(uint64_t nr, const uint64_t *a);

/* Copy from / to the caller's memory: VX_EFAULT if it is not valid as the access needs. */
vx_status_t uaccess_in(void *dst, uint64_t uptr, size_t len);
/* True when the calling thread's pointers are host memory (not a guest outside its handler). */
bool uaccess_host(void);
/* Copy between buf and guest memory of `as` at va as its threads would access it: VX_OK,
 * VX_EFAULT or VX_ENOMEM (bytes before the failing page are copied). */
vx_status_t guest_copy(struct aspace *as, uint64_t va, void *buf, size_t len, bool to_guest);
vx_status_t uaccess_out(uint64_t uptr, const void *src, size_t len);

/* Is v a 32-bit argument? The RISC-V LP64 ABI passes 32-bit values sign-extended to 64 bits
 * whatever their C type, so 0xffffffff80000000 is the uint32_t 0x80000000. */
static inline bool sys_u32(uint64_t v)
{
    return (v >> 32) == 0 || (v >> 31) == 0x1ffffffffull;
}


/* The calling task's handle table; every handler starts from it. */
static inline struct handle_table *sys_handles(void)
{
    return &task_current()->handles;
}

/* Look up handle h of the caller as type/rights; *obj gets a reference. */
vx_status_t sys_get(uint64_t h, enum vx_obj_type type, uint32_t rights, struct kobject **obj);

/* Hand obj (a reference, given up) to the caller as a new handle written to *uout. On any
 * failure nothing is left behind (the handle is closed again if *uout is not writable). */
vx_status_t sys_give(struct kobject *obj, uint32_t rights, uint64_t uout);

#define SYS_DECLARE(nr, name) int64_t sys_##name(const uint64_t *a);
VX_SYSCALLS(SYS_DECLARE)
#undef SYS_DECLARE

#endif /* SYSCALL_SYSCALL_H */
