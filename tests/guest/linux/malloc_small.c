/* expect-status: 0 */
/*
 * malloc_small - small allocations from the brk heap: many blocks of 1..512 bytes, each filled
 * with its own pattern and checked after all are allocated (no two overlap), freed in an
 * interleaved order and allocated again; calloc returns zeroed memory even where freed blocks
 * were; realloc keeps the contents when growing in small steps.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define BLOCKS 2000

static unsigned char *blocks[BLOCKS];

static size_t block_size(int i)
{
    return (size_t)(i * 37 % 512) + 1;
}

static void fill(int i)
{
    memset(blocks[i], (unsigned char)(i * 7 + 1), block_size(i));
}

static int intact(int i)
{
    for (size_t k = 0; k < block_size(i); k++) {
        if (blocks[i][k] != (unsigned char)(i * 7 + 1)) {
            return 0;
        }
    }
    return 1;
}

static int all_intact(void)
{
    int bad = 0;
    for (int i = 0; i < BLOCKS; i++) {
        if (blocks[i] != NULL && !intact(i)) {
            bad++;
        }
    }
    return bad;
}

static void allocate_all(void)
{
    for (int i = 0; i < BLOCKS; i++) {
        if (blocks[i] == NULL) {
            blocks[i] = malloc(block_size(i));
            CHECK(blocks[i] != NULL);
            CHECK((uintptr_t)blocks[i] % 16 == 0);
            fill(i);
        }
    }
}

static void check_calloc(void)
{
    for (int round = 0; round < 100; round++) {
        size_t n = (size_t)round * 3 + 1;
        unsigned char *p = calloc(n, 8);
        CHECK(p != NULL);
        size_t nonzero = 0;
        for (size_t k = 0; k < n * 8; k++) {
            nonzero += p[k] != 0;
        }
        CHECK(nonzero == 0);
        memset(p, 0xff, n * 8);
        check_touch(p);
        free(p);
    }
}

static void check_realloc_growth(void)
{
    char *s = NULL;
    size_t len = 0;
    for (int step = 0; step < 1000; step++) {
        s = realloc(s, len + 2);
        CHECK(s != NULL);
        s[len++] = (char)('a' + step % 26);
        s[len] = '\0';
    }
    size_t wrong = 0;
    for (size_t k = 0; k < len; k++) {
        wrong += s[k] != (char)('a' + k % 26);
    }
    CHECK(wrong == 0);
    printf("realloc grew a string to %zu bytes, %zu wrong\n", strlen(s), wrong);
    free(s);
}

int main(void)
{
    allocate_all();
    printf("allocated %d blocks, %d damaged\n", BLOCKS, all_intact());
    CHECK(all_intact() == 0);

    for (int i = 0; i < BLOCKS; i += 3) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    CHECK(all_intact() == 0);
    check_calloc();
    allocate_all();
    printf("after freeing a third and allocating again: %d damaged\n", all_intact());
    CHECK(all_intact() == 0);

    check_realloc_growth();
    for (int i = BLOCKS - 1; i >= 0; i--) {
        free(blocks[i]);
    }
    /* glibc answers malloc(0) with a unique minimum-size block. */
    void *zero = malloc(0);
    CHECK(zero != NULL);
    free(zero);
    return check_finish("malloc_small", 0);
}
