/*
 * servers/serve/log.c - srv_logf (see log.h). Public API only.
 */
#include "servers/serve/log.h"

#include <stdarg.h>

#include "lib/fmt.h"
#include "vx/syscall.h"

void srv_logf(const char *fmt, ...)
{
    char buf[SRV_LOG_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vx_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    vx_debug_write(buf, n < 0 ? 0 : ((size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1));
}
