/*
 * lib/string.c - string functions for freestanding code (the memory ones are builtins, see
 * string.h). Plain loops: these are used for names and log lines, never on hot paths.
 */
#define VX_SUBSYSTEM "string"
#include "lib/string.h"

size_t vx_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t vx_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int vx_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

size_t vx_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = vx_strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        vx_memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
