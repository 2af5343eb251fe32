/* expect-status: 0 */
/*
 * malloc_large - allocations above glibc's mmap threshold (128 KiB) come from anonymous mmap
 * and go back with munmap: 256 KiB to 16 MiB blocks are zeroed by calloc, filled, checked,
 * grown with realloc (contents kept) and freed, several times over so that reuse is covered.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define KIB 1024u
#define MIB (1024u * 1024u)

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

    uint32_t *q = realloc(p, bytes * 2);
    CHECK(q != NULL);
    size_t wrong = wrong_words(q, words, seed);
    CHECK(wrong == 0);
    fill(q + words, words, seed + 1);
    CHECK(wrong_words(q + words, words, seed + 1) == 0);

    uint32_t *r = realloc(q, bytes / 2);
    CHECK(r != NULL);
    CHECK(wrong_words(r, words / 2, seed) == 0);
    printf("%8zu KiB: zeroed, filled, doubled, halved, %zu wrong words\n", bytes / KIB, wrong);
    free(r);
}

int main(void)
{
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
    return check_finish("malloc_large", 0);
}
