/*
 * hostio/linux/tools_asan.c - execution contexts and poisoning for ASan builds (the build
 * picks this file with VX_SANITIZE=address).
 *
 * ASan keeps per-stack state (bounds, and a "fake stack" for detect_stack_use_after_return),
 * so every switch is bracketed by __sanitizer_start_switch_fiber on the old stack and
 * __sanitizer_finish_switch_fiber on the new one. A context leaving for good passes NULL so
 * ASan frees its fake stack. tool[0] holds the fake stack of a context while it is away.
 */
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#include "hostio.h"
#include "internal.h"

void hio_ctx_init(struct hio_ctx *c, void *lo, uint64_t len)
{
    /* ASan needs the bounds of every stack, the thread's own included, to switch to it. */
    hio_ctx_describe(c, lo, len);
}

void hio_ctx_fini(struct hio_ctx *c)
{
    c->tool[0] = NULL;
}

void hio_ctx_switch_begin(struct hio_ctx *from, struct hio_ctx *to, bool from_exiting)
{
    __sanitizer_start_switch_fiber(from_exiting ? NULL : &from->tool[0], to->stack_lo,
                                   (size_t)to->stack_len);
}

void hio_ctx_switch_end(struct hio_ctx *now)
{
    __sanitizer_finish_switch_fiber(now->tool[0], NULL, NULL);
}

void hio_mem_poison(void *addr, uint64_t len)
{
    ASAN_POISON_MEMORY_REGION(addr, (size_t)len);
}

void hio_mem_unpoison(void *addr, uint64_t len)
{
    ASAN_UNPOISON_MEMORY_REGION(addr, (size_t)len);
}

bool hio_mem_checked(void)
{
    return true;
}
