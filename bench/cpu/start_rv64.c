/*
 * bench/cpu/start_rv64.c - the riscv64 runtime of the mix: _start and write/exit as raw Linux
 * ecalls. The memcpy/memset/memmove/memcmp that GCC may emit even with -ffreestanding come
 * from the core's src/lib/builtins.c, linked in by bench/cpu/cpu.cmake.
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
