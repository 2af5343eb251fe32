/*
 * hostio/linux/ctx.c - what every debugging-tool variant (tools_*.c) shares: describing a
 * context's stack, including the calling host thread's own stack, so a vCPU's boot context can
 * be described like any kernel stack.
 */
#include <pthread.h>

#include "hostio.h"
#include "internal.h"

void hio_thread_stack(void **lo, uint64_t *len)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;

    /* For the main thread glibc reports the stack rlimit's extent below the top of the
     * stack, which is what the tools want. */
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    *lo = addr;
    *len = size;
}

bool hio_ctx_describe(struct hio_ctx *c, void *lo, uint64_t len)
{
    c->tool[0] = NULL;
    c->tool[1] = NULL;
    c->tool_id = 0;
    if (lo == NULL) {
        hio_thread_stack(&c->stack_lo, &c->stack_len);
        return false;
    }
    c->stack_lo = lo;
    c->stack_len = len;
    return true;
}
