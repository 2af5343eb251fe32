/*
 * vx/libvx.h - the guest-side library for the native API (personality/libvx).
 *
 * A libvx program includes this header, links libvx.a and defines
 *     int main(int argc, char **argv, vx_handle_t arg, uint64_t a1);
 * (arg: the handle its creator passed to vx_task_start, 0 if none). Returning from main ends
 * the task with that code. Every vx_* call of vx/syscall.h is available, plus the few helpers
 * below; there is no libc.
 */
#ifndef VX_LIBVX_H
#define VX_LIBVX_H

#include <stddef.h>
#include <stdint.h>

#include "vx/syscall.h"

/* Write a NUL-terminated string to the kernel log. */
vx_status_t vx_puts(const char *s);
/* Format into the log: %s %d %u %x %lld %llu %llx %p %c %%, nothing else. */
vx_status_t vx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

size_t strlen(const char *s);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);

#endif /* VX_LIBVX_H */
