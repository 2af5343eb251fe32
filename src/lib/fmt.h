/*
 * lib/fmt.h - printf-style formatting into buffers, for freestanding code.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' '+' ' ' '#', a field width
 * and precision (numbers or '*'), and length modifiers hh h l ll z j t. Floating point is not
 * supported (the kernel has none); %f and unknown conversions are printed verbatim.
 * Output is always NUL-terminated when size > 0; the return value is the length the full
 * output would have had, as C's snprintf returns it.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

int vx_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vx_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* LIB_FMT_H */
