/*
 * hostio/linux/fault_aarch64.c - the AArch64 side of a caught fault (see fault.c): what the
 * signal context says about it, and how to leave the handler into the catcher's recover.
 *
 * For a SIGSEGV the exception syndrome (ESR, in an esr_context record that Linux puts in the
 * signal frame's reserved area) tells the access: exception class 0x20/0x21 is an instruction
 * abort, 0x24/0x25 a data abort whose WnR bit (6) says write (Arm ARM, D17.2.37).
 * Not built or run on the x86-64 machines the tests use: keep it as small as it is.
 */
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "hostio.h"
#include "internal.h"

#define ESR_MAGIC     0x45535201u /* Linux arch/arm64/include/uapi/asm/sigcontext.h */
#define ESR_EC(esr)   (((esr) >> 26) & 0x3fu)
#define ESR_WNR       (1ull << 6)
#define EC_IABT_LOWER 0x20u
#define EC_IABT_SAME  0x21u
#define EC_DABT_LOWER 0x24u
#define EC_DABT_SAME  0x25u

struct ctx_record {
    uint32_t magic;
    uint32_t size;
};

/* The ESR Linux saved for this signal, or 0 if there is none. */
static uint64_t saved_esr(const mcontext_t *mc)
{
    const unsigned char *p = mc->__reserved, *end = p + sizeof mc->__reserved;
    while (p + sizeof(struct ctx_record) <= end) {
        const struct ctx_record *h = (const struct ctx_record *)p;
        if (h->magic == 0 || h->size < sizeof *h || h->size > (size_t)(end - p))
            break;
        if (h->magic == ESR_MAGIC && h->size >= sizeof *h + sizeof(uint64_t))
            return *(const uint64_t *)(p + sizeof *h);
        p += h->size;
    }
    return 0;
}

void hio_fault_decode(const void *uctx, struct hio_fault *f)
{
    const mcontext_t *mc = &((const ucontext_t *)uctx)->uc_mcontext;
    f->pc = mc->pc;
    f->sp = mc->sp;
    if (f->signo != SIGSEGV)
        return;
    uint64_t esr = saved_esr(mc);
    switch (ESR_EC(esr)) {
    case EC_IABT_LOWER:
    case EC_IABT_SAME:
        f->kind = HIO_FAULT_EXEC;
        break;
    case EC_DABT_LOWER:
    case EC_DABT_SAME:
        f->kind = (esr & ESR_WNR) ? HIO_FAULT_WRITE : HIO_FAULT_READ;
        break;
    default:
        f->kind = HIO_FAULT_ACCESS;
        break;
    }
}

void hio_fault_redirect(void *uctx, void (*fn)(struct hio_fault_catcher *),
                        struct hio_fault_catcher *arg, uint64_t sp)
{
    mcontext_t *mc = &((ucontext_t *)uctx)->uc_mcontext;
    mc->sp = sp & ~(uint64_t)15;
    mc->pc = (uint64_t)(uintptr_t)fn;
    mc->regs[0] = (uint64_t)(uintptr_t)arg;
    mc->regs[29] = 0; /* frame pointer: a debugger's backtrace ends at fn */
    mc->regs[30] = 0; /* link register: fn must not return */
}
