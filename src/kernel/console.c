/*
 * kernel/console.c - console output and input for kernel threads (see console.h).
 */
#define VX_SUBSYSTEM "console"
#include "kernel/console.h"

#include "hostio.h"
#include "kernel/sched/waitq.h"
#include "lib/assert.h"
#include "lib/fmt.h"

#define LINE_MAX_BYTES 512

static struct spinlock out_lock = SPINLOCK_INIT("console-out");
static struct waitq readers;

void console_init(uint32_t cpu)
{
    spin_init(&out_lock, "console-out");
    waitq_init(&readers, "console-in");
    hio_console_route(cpu);
}

void console_write(const void *buf, size_t len)
{
    spin_lock(&out_lock);
    hio_console_write(buf, len);
    spin_unlock(&out_lock);
}

void kvprintf(const char *fmt, va_list ap)
{
    char line[LINE_MAX_BYTES];
    int n = vx_vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0)
        return;
    console_write(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int64_t console_read(void *buf, size_t len)
{
    int64_t n;
    spin_lock(&readers.lock);
    /* Reading under the lock that console_irq takes closes the lost-wakeup window. */
    while ((n = hio_console_read(buf, len)) == HIO_EAGAIN)
        if (waitq_wait_locked(&readers, 0, NULL) == VX_ECANCELED) {
            n = VX_ECANCELED;
            break;
        }
    spin_unlock(&readers.lock);
    return n == HIO_EOF ? VX_EEOF : n;
}

void console_irq(void)
{
    spin_lock(&readers.lock);
    waitq_wake_locked(&readers, UINT32_MAX);
    spin_unlock(&readers.lock);
}
