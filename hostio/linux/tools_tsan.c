/*
 * hostio/linux/tools_tsan.c - execution contexts for TSan builds (the build picks this file
 * with VX_SANITIZE=thread).
 *
 * TSan tracks happens-before per fiber. Each kernel stack gets a fiber of its own; a host
 * thread's own stack uses the fiber TSan already has for that thread. The switch call goes
 * immediately before the assembly switch, as tsan_interface.h asks. tool[1] is the fiber;
 * tool_id is 1 when we created it (and so must destroy it). TSan has no poisoning.
 */
#include <sanitizer/tsan_interface.h>

#include "hostio.h"
#include "internal.h"

void hio_ctx_init(struct hio_ctx *c, void *lo, uint64_t len)
{
    if (!hio_ctx_describe(c, lo, len)) {
        c->tool[1] = __tsan_get_current_fiber();
        return;
    }
    c->tool[1] = __tsan_create_fiber(0);
    c->tool_id = 1; /* we created the fiber, so fini destroys it */
}

void hio_ctx_fini(struct hio_ctx *c)
{
    if (c->tool_id == 1 && c->tool[1] != NULL)
        __tsan_destroy_fiber(c->tool[1]);
    c->tool[1] = NULL;
    c->tool_id = 0;
}

void hio_ctx_switch_begin(struct hio_ctx *from, struct hio_ctx *to, bool from_exiting)
{
    __tsan_switch_to_fiber(to->tool[1], 0);
}

void hio_ctx_switch_end(struct hio_ctx *now)
{
}

void hio_mem_poison(void *addr, uint64_t len)
{
}

void hio_mem_unpoison(void *addr, uint64_t len)
{
}

bool hio_mem_checked(void)
{
    return false; /* TSan does not check accesses to freed memory */
}
