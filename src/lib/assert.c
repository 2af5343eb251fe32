/*
 * lib/assert.c - what happens when one of our own invariants breaks: one line naming the
 * subsystem, the condition and the place, then hio_panic (which aborts, so gdb stops there).
 */
#define VX_SUBSYSTEM "assert"
#include "lib/assert.h"

#include <stdarg.h>

#include "hostio.h"
#include "lib/fmt.h"

void vx_assert_fail(const char *subsystem, const char *cond, const char *file, int line)
{
    char msg[256];
    vx_snprintf(msg, sizeof msg, "%s: assertion failed: %s (%s:%d)", subsystem, cond, file,
                line);
    hio_panic(msg);
}

void vx_panic(const char *subsystem, const char *fmt, ...)
{
    char msg[256];
    int n = vx_snprintf(msg, sizeof msg, "%s: panic: ", subsystem);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof msg)
        vx_vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    hio_panic(msg);
}
