/* expect-status: 0 */
/*
 * getrandom_fill - getrandom fills the whole buffer it is given (requests up to 256 bytes are
 * never short), two calls give different bytes, GRND_NONBLOCK works once the pool is ready, a
 * large request returns a positive count, and unknown flags are EINVAL. No random byte is
 * printed.
 */
#include <sys/random.h>

#include "check.h"

#define SMALL 256

static size_t zero_bytes(const unsigned char *p, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += p[i] == 0;
    }
    return count;
}

int main(void)
{
    unsigned char a[SMALL], b[SMALL];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    CHECK(getrandom(a, sizeof(a), 0) == SMALL);
    CHECK(getrandom(b, sizeof(b), GRND_NONBLOCK) == SMALL);
    /* 256 random bytes hold about one zero; 32 zeros would mean the buffer was not filled. */
    CHECK(zero_bytes(a, SMALL) < 32);
    CHECK(zero_bytes(b, SMALL) < 32);
    CHECK(memcmp(a, b, SMALL) != 0);
    printf("getrandom filled 256 bytes twice, with different bytes\n");

    unsigned char one = 0;
    CHECK(getrandom(&one, 1, 0) == 1);
    CHECK(getrandom(&one, 0, 0) == 0);

    static unsigned char large[1 << 20];
    ssize_t got = getrandom(large, sizeof(large), 0);
    CHECK(got > 0 && (size_t)got <= sizeof(large));
    CHECK(zero_bytes(large, (size_t)got) < (size_t)got / 64);
    printf("getrandom of 1 MiB returned a positive count of filled bytes\n");

    CHECK_ERRNO(getrandom(a, sizeof(a), 0x4000), EINVAL);
    return check_finish("getrandom_fill", 0);
}
