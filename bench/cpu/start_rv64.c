/*
 * bench/cpu/start_rv64.c - the riscv64 runtime of the mix: _start, write/exit as raw Linux
 * ecalls, and the memcpy/memset/memmove/memcmp that GCC may emit even with -ffreestanding.
 *
 * Built with -nostdlib -static. The stack is what the loader (qemu, rvh, later the kernel)
 * set up; argc/argv are ignored.
 */
#include <stddef.h>
#include <stdint.h>

#define SYS_WRITE      64
#define SYS_EXIT_GROUP 94

int mix_main(void);
void mix_write(const char *s, size_t n);
void mix_start(void) __attribute__((noreturn, used));

/* gp must hold __global_pointer$ before any code the linker relaxed to gp-relative runs;
 * setting it must itself not be relaxed. */
__asm__(".section .text._start, \"ax\", @progbits\n"
        ".globl _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    lla gp, __global_pointer$\n"
        ".option pop\n"
        "    andi sp, sp, -16\n"
        "    call mix_start\n"
        "    unimp\n"
        ".previous\n");

static long syscall3(long nr, long a, long b, long c)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = nr;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

void mix_write(const char *s, size_t n)
{
    while (n) {
        long w = syscall3(SYS_WRITE, 1, (long)s, (long)n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

void mix_start(void)
{
    int rc = mix_main();
    for (;;)
        syscall3(SYS_EXIT_GROUP, rc, 0, 0);
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}
