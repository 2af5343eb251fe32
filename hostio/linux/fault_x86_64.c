/*
 * hostio/linux/fault_x86_64.c - the x86-64 side of a caught fault (see fault.c): what the
 * signal context says about it, and how to leave the handler into the catcher's recover.
 *
 * For a SIGSEGV the CPU's page-fault error code tells the access: bit 1 a write, bit 4 an
 * instruction fetch (Intel SDM vol. 3A, 4.7). A SIGSEGV that is not a page fault (trap 13, a
 * general-protection fault: a non-canonical address) names no address and no access.
 */
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "hostio.h"
#include "internal.h"

#define TRAP_PAGE_FAULT 14
#define PF_WRITE        (1u << 1)
#define PF_FETCH        (1u << 4)

void hio_fault_decode(const void *uctx, struct hio_fault *f)
{
    const greg_t *r = ((const ucontext_t *)uctx)->uc_mcontext.gregs;
    f->pc = (uint64_t)r[REG_RIP];
    f->sp = (uint64_t)r[REG_RSP];
    if (f->signo != SIGSEGV)
        return;
    if (r[REG_TRAPNO] != TRAP_PAGE_FAULT) {
        f->kind = HIO_FAULT_ACCESS;
        f->addr = 0;
        return;
    }
    uint64_t err = (uint64_t)r[REG_ERR];
    f->kind = (err & PF_FETCH)   ? HIO_FAULT_EXEC
              : (err & PF_WRITE) ? HIO_FAULT_WRITE
                                 : HIO_FAULT_READ;
}

void hio_fault_redirect(void *uctx, void (*fn)(struct hio_fault_catcher *),
                        struct hio_fault_catcher *arg, uint64_t sp)
{
    greg_t *r = ((ucontext_t *)uctx)->uc_mcontext.gregs;
    /* As if `call fn` had just run from a 16-byte aligned sp (System V ABI 3.2.2): the return
     * address slot holds 0, so a debugger's backtrace ends at fn. */
    sp = (sp & ~(uint64_t)15) - 8;
    *(uint64_t *)(uintptr_t)sp = 0;
    r[REG_RSP] = (greg_t)sp;
    r[REG_RBP] = 0;
    r[REG_RIP] = (greg_t)(uintptr_t)fn;
    r[REG_RDI] = (greg_t)(uintptr_t)arg;
}
