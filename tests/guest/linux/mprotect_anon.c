/* expect-status: 0 */
/*
 * mprotect_anon - changing protections keeps contents: read-write to read-only (reads still
 * work) and back, a PROT_NONE page in the middle of a region (never touched while
 * inaccessible) made writable again, mprotect of part of a region, and a mapping created
 * PROT_NONE then opened up. Also mprotect's argument errors: a misaligned address is EINVAL.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "check.h"

#define PAGE 4096u

int main(void)
{
    unsigned char *p =
        mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    memset(p, 0x42, 8 * PAGE);

    CHECK(mprotect(p, 8 * PAGE, PROT_READ) == 0);
    CHECK(bytes_not(p, 8 * PAGE, 0x42) == 0);
    CHECK(mprotect(p, 8 * PAGE, PROT_READ | PROT_WRITE) == 0);
    memset(p, 0x43, 8 * PAGE);
    CHECK(bytes_not(p, 8 * PAGE, 0x43) == 0);
    printf("read-only and back: contents kept, writable again\n");

    /* Page 3 inaccessible; its neighbours stay usable; the page keeps its data. */
    CHECK(mprotect(p + 3 * PAGE, PAGE, PROT_NONE) == 0);
    memset(p, 0x44, 3 * PAGE);
    memset(p + 4 * PAGE, 0x44, 4 * PAGE);
    CHECK(mprotect(p + 3 * PAGE, PAGE, PROT_READ | PROT_WRITE) == 0);
    CHECK(bytes_not(p + 3 * PAGE, PAGE, 0x43) == 0);
    CHECK(bytes_not(p, 3 * PAGE, 0x44) == 0);
    CHECK(bytes_not(p + 4 * PAGE, 4 * PAGE, 0x44) == 0);
    printf("PROT_NONE page in the middle: neighbours usable, its data kept\n");

    /* A length that is not a page multiple covers the whole last page. */
    CHECK(mprotect(p, PAGE + 1, PROT_READ) == 0);
    CHECK(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    p[2 * PAGE - 1] = 1;
    CHECK(munmap(p, 8 * PAGE) == 0);

    /* Reserved inaccessible, then opened up: zero pages. */
    unsigned char *reserved = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(reserved != MAP_FAILED);
    CHECK(mprotect(reserved + PAGE, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    CHECK(bytes_not(reserved + PAGE, 2 * PAGE, 0) == 0);
    memset(reserved + PAGE, 0x45, 2 * PAGE);
    CHECK(munmap(reserved, 4 * PAGE) == 0);
    printf("PROT_NONE reservation opened up: zero pages, writable\n");

    unsigned char *q = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(q != MAP_FAILED);
    CHECK_ERRNO(mprotect(q + 1, PAGE, PROT_READ | PROT_WRITE), EINVAL);
    CHECK(munmap(q, 2 * PAGE) == 0);
    return check_finish("mprotect_anon", 0);
}
