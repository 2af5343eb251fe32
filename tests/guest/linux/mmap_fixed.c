/* expect-status: 0 */
/*
 * mmap_fixed - MAP_FIXED and partial munmap inside one region: a fixed mapping over the middle
 * of a mapping replaces those pages with fresh zero pages and leaves the rest alone; munmap of
 * a few pages in the middle splits the region (both sides stay usable); MAP_FIXED fills the
 * hole again; munmap over a range with holes in it succeeds; unmapping twice is not an error.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "check.h"

#define PAGE  4096u
#define PAGES 16u

static unsigned char *map_at(void *address, size_t bytes, int flags)
{
    return mmap(address, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

/* Returns the number of pages whose every byte is not `value`. */
static int pages_not(const unsigned char *region, unsigned first, unsigned count,
                     unsigned char value)
{
    int bad = 0;
    for (unsigned page = first; page < first + count; page++) {
        for (unsigned k = 0; k < PAGE; k++) {
            if (region[page * PAGE + k] != value) {
                bad++;
                break;
            }
        }
    }
    return bad;
}

int main(void)
{
    unsigned char *region = map_at(NULL, PAGES * PAGE, 0);
    CHECK(region != MAP_FAILED);
    memset(region, 0x11, PAGES * PAGE);

    /* Pages 4..7 replaced by a fixed mapping: zero, the others keep 0x11. */
    unsigned char *fixed = map_at(region + 4 * PAGE, 4 * PAGE, MAP_FIXED);
    CHECK(fixed == region + 4 * PAGE);
    CHECK(pages_not(region, 4, 4, 0) == 0);
    CHECK(pages_not(region, 0, 4, 0x11) == 0);
    CHECK(pages_not(region, 8, 8, 0x11) == 0);
    memset(fixed, 0x22, 4 * PAGE);
    printf("MAP_FIXED over pages 4-7: replaced with zero pages, neighbours kept\n");

    /* Unmap pages 10..11: both sides remain mapped with their contents. */
    CHECK(munmap(region + 10 * PAGE, 2 * PAGE) == 0);
    CHECK(pages_not(region, 8, 2, 0x11) == 0);
    CHECK(pages_not(region, 12, 4, 0x11) == 0);
    CHECK(pages_not(region, 4, 4, 0x22) == 0);
    memset(region + 12 * PAGE, 0x33, 4 * PAGE);
    printf("munmap of pages 10-11: both sides kept and writable\n");

    /* Fill the hole again with MAP_FIXED; it comes back zero. */
    unsigned char *refill = map_at(region + 10 * PAGE, 2 * PAGE, MAP_FIXED);
    CHECK(refill == region + 10 * PAGE);
    CHECK(pages_not(region, 10, 2, 0) == 0);
    printf("MAP_FIXED into the hole: zero pages\n");

    /* Unmap the first page alone, and then the last one. */
    CHECK(munmap(region, PAGE) == 0);
    CHECK(munmap(region + (PAGES - 1) * PAGE, PAGE) == 0);
    CHECK(pages_not(region, 1, 3, 0x11) == 0);
    CHECK(pages_not(region, 12, 3, 0x33) == 0);
    printf("munmap of the first and last page: the middle is kept\n");

    /* A range with holes in it, then the same range again: both succeed. */
    CHECK(munmap(region, PAGES * PAGE) == 0);
    CHECK(munmap(region, PAGES * PAGE) == 0);
    printf("munmap over holes and a second munmap of the same range: both succeed\n");

    /* The whole range is free again: a fixed mapping of all of it works and is zero. */
    unsigned char *again = map_at(region, PAGES * PAGE, MAP_FIXED);
    CHECK(again == region);
    CHECK(pages_not(region, 0, PAGES, 0) == 0);
    CHECK(munmap(region, PAGES * PAGE) == 0);
    printf("MAP_FIXED over the freed range: zero pages\n");
    return check_finish("mmap_fixed", 0);
}
