/*
 * lib/string.h - memory and string functions for freestanding code.
 *
 * The memory functions are the compiler's builtins: GCC expands small fixed sizes inline and
 * calls memcpy/memset/memmove/memcmp for the rest. A hosted build links the host's; a
 * bare-metal link adds lib/builtins.c.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#define vx_memcpy(d, s, n)  __builtin_memcpy((d), (s), (n))
#define vx_memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define vx_memset(d, c, n)  __builtin_memset((d), (c), (n))
#define vx_memcmp(a, b, n)  __builtin_memcmp((a), (b), (n))

size_t vx_strlen(const char *s);
size_t vx_strnlen(const char *s, size_t max);
int vx_strcmp(const char *a, const char *b);
/* Copy at most size-1 bytes and always terminate (size > 0). Returns strlen(src). */
size_t vx_strlcpy(char *dst, const char *src, size_t size);

#endif /* LIB_STRING_H */
