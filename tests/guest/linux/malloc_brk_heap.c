/* expect-status: 0 */
/*
 * malloc_brk_heap - a large heap on brk alone: with mmap switched off for malloc
 * (M_MMAP_MAX = 0), megabyte blocks and their reallocs all come from the break, which grows
 * by tens of MiB; after everything is freed, malloc_trim gives the top of the heap back by
 * lowering the break. Only outcomes are printed, never the break itself.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

#define MIB    (1024u * 1024u)
#define BLOCKS 8

static unsigned char *blocks[BLOCKS];

int main(void)
{
    CHECK(mallopt(M_MMAP_MAX, 0) == 1);
    uintptr_t start = (uintptr_t)sbrk(0);

    for (int i = 0; i < BLOCKS; i++) {
        blocks[i] = malloc(2 * MIB);
        CHECK(blocks[i] != NULL);
        memset(blocks[i], i + 1, 2 * MIB);
    }
    /* Growing every other block: each moves to the top of the heap or grows in place. */
    for (int i = 0; i < BLOCKS; i += 2) {
        unsigned char *p = realloc(blocks[i], 4 * MIB);
        CHECK(p != NULL);
        CHECK(bytes_not(p, 2 * MIB, (unsigned char)(i + 1)) == 0);
        memset(p + 2 * MIB, 0xee, 2 * MIB);
        blocks[i] = p;
    }
    size_t damaged = 0;
    for (int i = 0; i < BLOCKS; i++) {
        damaged += bytes_not(blocks[i], 2 * MIB, (unsigned char)(i + 1));
    }
    CHECK(damaged == 0);
    uintptr_t grown = (uintptr_t)sbrk(0);
    int grew = grown >= start + BLOCKS * 2 * MIB;
    CHECK(grew);

    for (int i = BLOCKS - 1; i >= 0; i--) {
        free(blocks[i]);
    }
    malloc_trim(0);
    uintptr_t trimmed = (uintptr_t)sbrk(0);
    int shrank = trimmed < grown - BLOCKS * MIB;
    CHECK(shrank);

    /* The pages given back come back zeroed when the heap grows again. */
    unsigned char *fresh = calloc(1, 8 * MIB);
    CHECK(fresh != NULL && bytes_not(fresh, 8 * MIB, 0) == 0);
    free(fresh);

    printf("blocks kept their contents through realloc: %s\n", damaged == 0 ? "yes" : "no");
    printf("the break grew by at least %u MiB: %s\n", BLOCKS * 2, grew ? "yes" : "no");
    printf("after free and malloc_trim the break went down: %s\n", shrank ? "yes" : "no");
    return check_finish("malloc_brk_heap", 0);
}
