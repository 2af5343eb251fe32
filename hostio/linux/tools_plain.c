/*
 * hostio/linux/tools_plain.c - execution contexts and poisoning for plain builds, told to
 * Valgrind (the build picks this file when there is no sanitizer).
 *
 * Valgrind's client requests cost a few instructions when the program is not running under
 * Valgrind, so they are always compiled in. Memcheck must know every stack we switch to, or
 * it takes the jump to another stack for a huge stack allocation and reports bogus errors;
 * poison and unpoison map to its addressability bits.
 */
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

#include "hostio.h"
#include "internal.h"

void hio_ctx_init(struct hio_ctx *c, void *lo, uint64_t len)
{
    /* A host thread's own stack: Valgrind already knows it. */
    if (!hio_ctx_describe(c, lo, len))
        return;
    /* Valgrind's ids start at 0, so keep id + 1 and let 0 mean "not registered". */
    c->tool_id = (uint32_t)VALGRIND_STACK_REGISTER(lo, (char *)lo + len) + 1u;
}

void hio_ctx_fini(struct hio_ctx *c)
{
    if (c->tool_id != 0)
        VALGRIND_STACK_DEREGISTER(c->tool_id - 1u);
    c->tool_id = 0;
}

void hio_ctx_switch_begin(struct hio_ctx *from, struct hio_ctx *to, bool from_exiting)
{
}

void hio_ctx_switch_end(struct hio_ctx *now)
{
}

void hio_mem_poison(void *addr, uint64_t len)
{
    VALGRIND_MAKE_MEM_NOACCESS(addr, len);
}

void hio_mem_unpoison(void *addr, uint64_t len)
{
    VALGRIND_MAKE_MEM_UNDEFINED(addr, len);
}

bool hio_mem_checked(void)
{
    return RUNNING_ON_VALGRIND != 0;
}
