/* expect-status: 0 */
/*
 * malloc_large - allocations above glibc's mmap threshold (fixed at 128 KiB here, so that it
 * does not move up as blocks are freed) come from anonymous mmap and go back with munmap:
 * 256 KiB to 16 MiB blocks are zeroed by calloc, filled, moved to a block twice the size and
 * checked, and freed, several times over so that reuse is covered; a small block realloc'ed
 * to a large size moves from the brk heap to a mapping. realloc of a block that is already
 * mapped is left out on purpose: glibc does that with mremap, which the first slice of the
 * personality does not have.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define KIB                  1024u
#define MIB                  (1024u * 1024u)
#define MMAP_THRESHOLD_BYTES (128 * 1024) /* glibc's initial value */

static uint32_t pattern(size_t i, uint32_t seed)
{
    return (uint32_t)i * 2654435761u ^ seed;
}

static void fill(uint32_t *p, size_t words, uint32_t seed)
{
    for (size_t i = 0; i < words; i++) {
        p[i] = pattern(i, seed);
    }
}

static size_t wrong_words(const uint32_t *p, size_t words, uint32_t seed)
{
    size_t wrong = 0;
    for (size_t i = 0; i < words; i++) {
        wrong += p[i] != pattern(i, seed);
    }
    return wrong;
}

static void one_size(size_t bytes, uint32_t seed)
{
    size_t words = bytes / sizeof(uint32_t);
    uint32_t *p = calloc(words, sizeof(uint32_t));
    CHECK(p != NULL);
    size_t nonzero = 0;
    for (size_t i = 0; i < words; i++) {
        nonzero += p[i] != 0;
    }
    CHECK(nonzero == 0);
    fill(p, words, seed);

    uint32_t *q = malloc(bytes * 2);
    CHECK(q != NULL);
    memcpy(q, p, bytes);
    free(p);
    size_t wrong = wrong_words(q, words, seed);
    CHECK(wrong == 0);
    fill(q + words, words, seed + 1);
    CHECK(wrong_words(q + words, words, seed + 1) == 0);
    printf("%8zu KiB: zeroed, filled, moved to twice the size, %zu wrong words\n", bytes / KIB,
           wrong);
    free(q);
}

static void small_grows_large(void)
{
    unsigned char *p = malloc(100);
    CHECK(p != NULL);
    memset(p, 0x77, 100);
    unsigned char *q = realloc(p, 2 * MIB);
    CHECK(q != NULL);
    size_t kept = 0;
    for (size_t i = 0; i < 100; i++) {
        kept += q[i] == 0x77;
    }
    CHECK(kept == 100);
    memset(q + 100, 0x78, 2 * MIB - 100);
    check_touch(q);
    printf("100 bytes realloc'ed to 2 MiB: %zu of 100 bytes kept\n", kept);
    free(q);
}

int main(void)
{
    CHECK(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1);
    static const size_t sizes[] = {256 * KIB, 1 * MIB, 3 * MIB + 4 * KIB, 16 * MIB};
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            one_size(sizes[i], (uint32_t)(round * 16 + i));
        }
    }

    /* Many large blocks alive at once, freed in an order other than allocation's. */
    enum { LIVE = 24 };
    unsigned char *live[LIVE];
    for (int i = 0; i < LIVE; i++) {
        live[i] = malloc(200 * KIB + (size_t)i * 4 * KIB);
        CHECK(live[i] != NULL);
        memset(live[i], i + 1, 200 * KIB);
    }
    size_t damaged = 0;
    for (int i = 0; i < LIVE; i++) {
        damaged += live[i][0] != i + 1 || live[i][200 * KIB - 1] != i + 1;
    }
    CHECK(damaged == 0);
    for (int i = 0; i < LIVE; i += 2) {
        free(live[i]);
    }
    for (int i = 1; i < LIVE; i += 2) {
        free(live[i]);
    }
    printf("%d live blocks of about 200 KiB: %zu damaged\n", LIVE, damaged);
    small_grows_large();
    return check_finish("malloc_large", 0);
}
