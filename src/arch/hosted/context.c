/*
 * arch/hosted/context.c - building and switching kernel thread contexts.
 *
 * A new context's stack is laid out so that arch_switch_stack's pops and `ret` land in
 * arch_ctx_trampoline with the entry function and its argument in callee-saved registers:
 *
 *   x86-64:  [r15 r14 r13=arg r12=entry rbx rbp] [ret -> trampoline] [pad pad]
 *            9 words from a 16-aligned top, so after `ret` the trampoline's sp is 16-aligned
 *            at its call, as the System V ABI wants.
 *   aarch64: [x19=entry x20=arg ... x30=trampoline ... d8-d15]              (160 bytes)
 */
#define VX_SUBSYSTEM "arch"
#include "arch/hosted/context.h"

#include <stdint.h>

#include "lib/assert.h"
#include "lib/string.h"

void arch_switch_stack(void **save_sp, void *new_sp);
void arch_ctx_trampoline(void);

#if defined(__x86_64__)
enum { FRAME_WORDS = 9, WORD_ENTRY = 3, WORD_ARG = 2, WORD_RET = 6 };
#elif defined(__aarch64__)
enum { FRAME_WORDS = 20, WORD_ENTRY = 0, WORD_ARG = 1, WORD_RET = 11 };
#else
/* The freestanding check compiles this file for riscv64, where no hosted switch exists. */
enum { FRAME_WORDS = 8, WORD_ENTRY = 3, WORD_ARG = 2, WORD_RET = 6 };
#endif

void arch_ctx_init(struct arch_ctx *c, void *stack, size_t len, void (*entry)(void *), void *arg)
{
    uintptr_t top = ((uintptr_t)stack + len) & ~(uintptr_t)15;
    uintptr_t *frame = (uintptr_t *)(top - FRAME_WORDS * sizeof(uintptr_t));
    VX_ASSERT((uintptr_t)frame > (uintptr_t)stack);
    vx_memset(frame, 0, FRAME_WORDS * sizeof(uintptr_t));
    frame[WORD_ENTRY] = (uintptr_t)entry;
    frame[WORD_ARG] = (uintptr_t)arg;
    frame[WORD_RET] = (uintptr_t)arch_ctx_trampoline;
    c->sp = frame;
    hio_ctx_init(&c->hio, stack, len);
}

void arch_ctx_init_current(struct arch_ctx *c)
{
    c->sp = NULL;
    hio_ctx_init(&c->hio, NULL, 0);
}

void arch_ctx_fini(struct arch_ctx *c)
{
    hio_ctx_fini(&c->hio);
}

void arch_ctx_switch(struct arch_ctx *from, struct arch_ctx *to, bool from_exiting)
{
    hio_ctx_switch_begin(&from->hio, &to->hio, from_exiting);
    arch_switch_stack(&from->sp, to->sp);
    arch_ctx_entered(from);
}

void arch_ctx_entered(struct arch_ctx *now)
{
    hio_ctx_switch_end(&now->hio);
}
