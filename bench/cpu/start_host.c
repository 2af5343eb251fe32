/*
 * bench/cpu/start_host.c - the host runtime of the mix: main and write from libc, so the
 * same mix.c runs natively as the baseline the interpreter and qemu are compared with.
 */
#include <stddef.h>
#include <unistd.h>

int mix_main(void);
void mix_write(const char *s, size_t n);

void mix_write(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(1, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

int main(void)
{
    return mix_main();
}
