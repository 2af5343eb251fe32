/*
 * syscall/sys_misc.c - the calls that touch no object: log, clock, sleep, yield, randomness.
 */
#define VX_SUBSYSTEM "syscall"
#include "hostio.h"
#include "kernel/console.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"

#define DEBUG_WRITE_MAX 4096u
#define CPRNG_MAX       4096u

int64_t sys_debug_write(const uint64_t *a)
{
    size_t len = a[1];
    if (len > DEBUG_WRITE_MAX)
        return VX_EINVAL;
    static char buf[PARAM_MAX_CPUS][DEBUG_WRITE_MAX + 1]; /* kernel code is not preempted */
    char *b = buf[hio_cpu_self() % PARAM_MAX_CPUS];
    vx_status_t st = uaccess_in(b, a[0], len);
    if (st)
        return st;
    b[len] = '\0';
    kprintf("%s: %s%s", task_current()->name, b, len && b[len - 1] == '\n' ? "" : "\n");
    return VX_OK;
}

int64_t sys_clock_get(const uint64_t *a)
{
    return (int64_t)hio_clock_ns();
}

int64_t sys_clock_wall(const uint64_t *a)
{
    return (int64_t)hio_wallclock_ns();
}

int64_t sys_nanosleep(const uint64_t *a)
{
    int64_t deadline = (int64_t)a[0];
    return deadline > 0 ? thread_sleep_until((uint64_t)deadline) : VX_OK;
}

int64_t sys_yield(const uint64_t *a)
{
    sched_relinquish();
    return VX_OK;
}

int64_t sys_cprng_draw(const uint64_t *a)
{
    uint8_t buf[CPRNG_MAX];
    size_t len = a[1];
    if (len > CPRNG_MAX)
        return VX_EINVAL;
    if (hio_entropy(buf, len))
        return VX_EIO;
    return uaccess_out(a[0], buf, len);
}
