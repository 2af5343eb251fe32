/*
 * arch/hosted/context.h - execution contexts of kernel threads on the hosted machine.
 *
 * A context is a stack and the stack pointer saved when it was switched away from. Switching
 * is arch_switch_stack (assembly, switch_<host>.S) wrapped in the hostio calls that keep ASan,
 * TSan and Valgrind informed (hio_ctx_switch_begin/end). A vCPU's own host-thread stack is a
 * context too (its idle context), described with arch_ctx_init_current().
 */
#ifndef ARCH_HOSTED_CONTEXT_H
#define ARCH_HOSTED_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "hostio.h"

struct arch_ctx {
    void *sp;          /* saved stack pointer while switched out */
    struct hio_ctx hio;
};

/* Prepare a context that, when first switched to, calls entry(arg) on the stack
 * [stack, stack+len). entry must never return. The first thing entry does is call
 * arch_ctx_entered() on its context. */
void arch_ctx_init(struct arch_ctx *c, void *stack, size_t len, void (*entry)(void *), void *arg);

/* Describe the calling host thread's own stack as a context (a vCPU's boot/idle context). */
void arch_ctx_init_current(struct arch_ctx *c);

/* Forget a context that will not run again (its stack is about to be freed). */
void arch_ctx_fini(struct arch_ctx *c);

/* Switch from `from` (the running context) to `to`. Returns when something switches back to
 * `from`; never returns if from_exiting. */
void arch_ctx_switch(struct arch_ctx *from, struct arch_ctx *to, bool from_exiting);

/* Call first thing in a new context, and is called after every switch back (internally). */
void arch_ctx_entered(struct arch_ctx *now);

#endif
