/*
 * hostio/linux/sync.c - wait-on-address: the futex, for the kernel's spinlock slow path.
 *
 * All waiters are threads of this one process, so the _PRIVATE futex operations apply (they
 * skip the kernel's shared-mapping lookup). FUTEX_WAIT takes a relative timeout and checks
 * *addr == expected atomically with going to sleep, which is what makes a wake that races
 * the wait impossible to lose (man 2 futex).
 */
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "hostio.h"

#define NS_PER_SEC 1000000000ull

void hio_wait_on(_Atomic uint32_t *addr, uint32_t expected, uint64_t timeout_ns)
{
    struct timespec ts;
    struct timespec *limit = NULL;
    if (timeout_ns != 0) {
        ts.tv_sec = (time_t)(timeout_ns / NS_PER_SEC);
        ts.tv_nsec = (long)(timeout_ns % NS_PER_SEC);
        limit = &ts;
    }
    /* EINTR, EAGAIN (value already changed) and ETIMEDOUT all mean "return": callers loop. */
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, expected, limit, NULL, 0);
}

void hio_wake(_Atomic uint32_t *addr, uint32_t count)
{
    int n = count > (uint32_t)INT_MAX ? INT_MAX : (int)count;
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}
