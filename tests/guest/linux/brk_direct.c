/* expect-status: 0 */
/*
 * brk_direct - the brk system call itself, as glibc's malloc uses it: brk(0) reports the
 * current break, a larger break is granted and its pages are zero and writable, a smaller one
 * gives memory back, and growing again gives zeroed pages once more. All calls are made
 * before stdio first allocates, and nothing but outcomes is printed (never an address).
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define GROW_BYTES (256 * 1024)
#define PAGE_BYTES 4096u

static uintptr_t raw_brk(uintptr_t address)
{
    return (uintptr_t)syscall(SYS_brk, address);
}

static size_t nonzero_bytes(const unsigned char *p, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += p[i] != 0;
    }
    return count;
}

int main(void)
{
    uintptr_t start = raw_brk(0);
    int same_twice = raw_brk(0) == start;

    uintptr_t grown = raw_brk(start + GROW_BYTES);
    int grew = grown == start + GROW_BYTES;
    unsigned char *heap = (unsigned char *)start;
    size_t dirty_first = nonzero_bytes(heap, GROW_BYTES);
    memset(heap, 0xa5, GROW_BYTES);
    check_touch(heap);

    uintptr_t shrunk = raw_brk(start + GROW_BYTES / 4);
    int shrank = shrunk == start + GROW_BYTES / 4;
    int kept = heap[0] == 0xa5 && heap[GROW_BYTES / 4 - 1] == 0xa5;

    /*
     * The whole pages given back and taken again must come back zero (Linux unmaps them). The
     * rest of the page the lowered break falls in is not checked: Linux keeps those bytes,
     * qemu clears them.
     */
    uintptr_t regrown = raw_brk(start + GROW_BYTES);
    int regrew = regrown == start + GROW_BYTES;
    uintptr_t first_freed =
        (start + GROW_BYTES / 4 + PAGE_BYTES - 1) & ~(uintptr_t)(PAGE_BYTES - 1);
    size_t dirty_again =
        nonzero_bytes((const unsigned char *)first_freed, start + GROW_BYTES - first_freed);

    int restored = raw_brk(start) == start;

    CHECK(start != 0);
    CHECK(same_twice);
    CHECK(grew);
    CHECK(dirty_first == 0);
    CHECK(shrank);
    CHECK(kept);
    CHECK(regrew);
    CHECK(dirty_again == 0);
    CHECK(restored);
    printf("grow %d KiB: %s, zeroed: %s\n", GROW_BYTES / 1024, grew ? "yes" : "no",
           dirty_first == 0 ? "yes" : "no");
    printf("shrink to a quarter: %s, contents kept: %s\n", shrank ? "yes" : "no",
           kept ? "yes" : "no");
    printf("grow again: %s, freed pages zeroed: %s\n", regrew ? "yes" : "no",
           dirty_again == 0 ? "yes" : "no");
    return check_finish("brk_direct", 0);
}
