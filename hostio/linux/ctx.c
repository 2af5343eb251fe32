/*
 * hostio/linux/ctx.c - what every debugging-tool variant (tools_*.c) shares: where the
 * calling host thread's own stack is, so a vCPU's boot context can be described like any
 * kernel stack.
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
