/*
 * libvx/src/libvx.c - the helpers of vx/libvx.h: strings and a small printf to the log.
 * memcpy, memmove, memset and memcmp come from src/lib/builtins.c, built into libvx.a too.
 */
#include <stdarg.h>

#include "vx/libvx.h"

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

vx_status_t vx_puts(const char *s)
{
    return vx_debug_write(s, strlen(s));
}

struct out {
    char buf[512];
    size_t n;
};

static void put(struct out *o, char c)
{
    if (o->n < sizeof o->buf - 1)
        o->buf[o->n++] = c;
}

static void put_num(struct out *o, unsigned long long v, unsigned base, int neg)
{
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        put(o, '-');
    while (i)
        put(o, tmp[--i]);
}

vx_status_t vx_printf(const char *fmt, ...)
{
    struct out o = {.n = 0};
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        int longs = 0;
        while (*++p == 'l')
            longs++;
        switch (*p) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(&o, *s);
            break;
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd': {
            long long v = longs ? va_arg(ap, long long) : va_arg(ap, int);
            put_num(&o, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, 10, v < 0);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_num(&o, v, *p == 'u' ? 10 : 16, 0);
            break;
        }
        case 'p': put(&o, '0'), put(&o, 'x');
            put_num(&o, (unsigned long long)(uintptr_t)va_arg(ap, void *), 16, 0);
            break;
        case '%': put(&o, '%'); break;
        default: put(&o, '?'); break;
        }
        if (!*p)
            break;
    }
    va_end(ap);
    return vx_debug_write(o.buf, o.n);
}
