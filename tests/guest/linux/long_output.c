/* expect-status: 0 */
/*
 * long_output - 2 MiB of stdout in pieces of many sizes, through stdio (which buffers and
 * then writes whole buffers) and through write(2) directly, including single writes larger
 * than a pipe's buffer. The relay must pass every byte in order; short writes are retried.
 */
#include <stdint.h>
#include <unistd.h>

#include "check.h"

#define BIG_WRITE (256 * 1024)

static char big[BIG_WRITE];

int main(void)
{
    uint32_t state = 1;
    for (int line = 0; line < 20000; line++) {
        state = state * 1103515245u + 12345u;
        printf("%05d %08x %.*s\n", line, state, (int)(state >> 27),
               "abcdefghijklmnopqrstuvwxyz012345");
    }
    fflush(stdout);
    for (int i = 0; i < BIG_WRITE; i++) {
        big[i] = (i % 64 == 63) ? '\n' : (char)('A' + (i / 64) % 26);
    }
    for (int round = 0; round < 4; round++) {
        CHECK(write_all(1, big, sizeof(big)) == 0);
    }
    for (size_t size = 1; size < 5000; size = size * 3 + 1) {
        CHECK(write_all(1, big, size) == 0);
        CHECK(write_all(1, "\n", 1) == 0);
    }
    return check_finish("long_output", 0);
}
