/* expect-status: 0 */
/*
 * mmap_anon - private anonymous mappings: page aligned, zero filled, readable and writable,
 * independent of each other; munmap gives them back, and a hint address that is free is
 * honoured (Linux places the mapping there when it can, without MAP_FIXED).
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096u

static unsigned char *map(void *hint, size_t bytes)
{
    return mmap(hint, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static size_t nonzero_bytes(const unsigned char *p, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += p[i] != 0;
    }
    return count;
}

static void sizes_are_zeroed_and_writable(void)
{
    static const size_t sizes[] = {1, PAGE - 1, PAGE, PAGE + 1, 16 * PAGE, 1024 * PAGE};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *p = map(NULL, sizes[i]);
        CHECK(p != MAP_FAILED);
        CHECK((uintptr_t)p % PAGE == 0);
        /* The whole last page is mapped, not only the bytes asked for. */
        size_t rounded = (sizes[i] + PAGE - 1) / PAGE * PAGE;
        size_t dirty = nonzero_bytes(p, rounded);
        CHECK(dirty == 0);
        memset(p, 0x5a, rounded);
        check_touch(p);
        CHECK(p[rounded - 1] == 0x5a);
        CHECK(munmap(p, sizes[i]) == 0);
        printf("mmap %7zu bytes: zeroed %s, writable, unmapped\n", sizes[i],
               dirty == 0 ? "yes" : "no");
    }
}

static void mappings_are_independent(void)
{
    unsigned char *a = map(NULL, 8 * PAGE);
    unsigned char *b = map(NULL, 8 * PAGE);
    CHECK(a != MAP_FAILED && b != MAP_FAILED);
    CHECK(a + 8 * PAGE <= b || b + 8 * PAGE <= a);
    memset(a, 1, 8 * PAGE);
    memset(b, 2, 8 * PAGE);
    CHECK(nonzero_bytes(a, 8 * PAGE) == 8 * PAGE && a[5 * PAGE] == 1);
    CHECK(b[5 * PAGE] == 2);
    CHECK(munmap(a, 8 * PAGE) == 0);
    CHECK(munmap(b, 8 * PAGE) == 0);
    printf("two mappings do not overlap and keep their own contents\n");
}

static void free_hint_is_honoured(void)
{
    /* Find a free range by mapping it, give it back, then ask for it as a hint. */
    unsigned char *probe = map(NULL, 32 * PAGE);
    CHECK(probe != MAP_FAILED);
    CHECK(munmap(probe, 32 * PAGE) == 0);
    unsigned char *hint = probe + 8 * PAGE;
    unsigned char *p = map(hint, 4 * PAGE);
    CHECK(p == hint);
    CHECK(nonzero_bytes(p, 4 * PAGE) == 0);
    CHECK(munmap(p, 4 * PAGE) == 0);
    printf("a free hint address is used: %s\n", p == hint ? "yes" : "no");

    /* A hint that is not page aligned is rounded, never an error. */
    unsigned char *q = map(hint + 123, PAGE);
    CHECK(q != MAP_FAILED && (uintptr_t)q % PAGE == 0);
    CHECK(munmap(q, PAGE) == 0);
}

int main(void)
{
    CHECK(sysconf(_SC_PAGESIZE) == PAGE);
    sizes_are_zeroed_and_writable();
    mappings_are_independent();
    free_hint_is_honoured();
    return check_finish("mmap_anon", 0);
}
