/* expect-status: 0 */
/*
 * misc_mremap - mremap of anonymous private memory: shrinking in place keeps the head and
 * unmaps the tail; growing in place when the pages after are free; growing with
 * MREMAP_MAYMOVE when they are not (a mapping placed right after blocks it) moves the pages
 * with their contents and leaves the blocker alone; without MREMAP_MAYMOVE that grow fails
 * with ENOMEM; MREMAP_FIXED moves to a given address. Errors: a misaligned address (EINVAL),
 * an unmapped old address (EFAULT), MREMAP_FIXED without MREMAP_MAYMOVE (EINVAL), unknown
 * flags (EINVAL). (A new size of 0 is left out: Linux says EINVAL, qemu-user ENOMEM.)
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#include "../linux/check.h"

#define PAGE 4096

static sigjmp_buf env;

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

static int mapped(volatile char *p)
{
    if (sigsetjmp(env, 1) == 0) {
        (void)*p;
        return 1;
    }
    return 0;
}

static size_t pattern_errors(const unsigned char *p, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        bad += p[i] != (unsigned char)(i * 7 + 3);
    }
    return bad;
}

static void fill(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(i * 7 + 3);
    }
}

int main(void)
{
    signal(SIGSEGV, on_segv);
    /* Reserve 64 pages and carve from them, so the neighbourhood is known. */
    char *area = mmap(NULL, 64 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(area != MAP_FAILED);
    CHECK(munmap(area, 64 * PAGE) == 0);
    unsigned char *a = mmap(area, 8 * PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(a == (unsigned char *)area);
    fill(a, 8 * PAGE);

    unsigned char *r = mremap(a, 8 * PAGE, 4 * PAGE, 0);
    printf("shrink 8 -> 4 pages: in place %s, contents kept %s, old tail unmapped %s\n",
           r == a ? "yes" : "no", pattern_errors(r, 4 * PAGE) == 0 ? "yes" : "no",
           mapped((char *)a + 5 * PAGE) ? "no" : "yes");
    r = mremap(a, 4 * PAGE, 12 * PAGE, 0);
    printf("grow 4 -> 12 pages into free space: in place %s, old contents kept %s, new pages zero "
           "%s\n",
           r == a ? "yes" : "no", pattern_errors(r, 4 * PAGE) == 0 ? "yes" : "no",
           r != MAP_FAILED && bytes_not(r + 4 * PAGE, 8 * PAGE, 0) == 0 ? "yes" : "no");
    CHECK(r == a);
    fill(a, 12 * PAGE);

    unsigned char *blocker = mmap(a + 12 * PAGE, PAGE, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(blocker == a + 12 * PAGE);
    blocker[0] = 0x5a;
    CHECK_ERRNO(mremap(a, 12 * PAGE, 16 * PAGE, 0), ENOMEM);
    r = mremap(a, 12 * PAGE, 16 * PAGE, MREMAP_MAYMOVE);
    CHECK(r != MAP_FAILED);
    printf("grow 12 -> 16 pages past a blocker with MAYMOVE: moved %s, contents kept %s, blocker "
           "intact %s, old place unmapped %s\n",
           r != a ? "yes" : "no", pattern_errors(r, 12 * PAGE) == 0 ? "yes" : "no",
           blocker[0] == 0x5a ? "yes" : "no", mapped((char *)a) ? "no" : "yes");
    CHECK(r != a && pattern_errors(r, 12 * PAGE) == 0);

    unsigned char *target = a + 20 * PAGE;
    unsigned char *f = mremap(r, 16 * PAGE, 4 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    printf("MREMAP_FIXED to a chosen address: there %s, contents kept %s\n",
           f == target ? "yes" : "no",
           f == target && pattern_errors(f, 4 * PAGE) == 0 ? "yes" : "no");
    CHECK(f == target);

    CHECK_ERRNO(mremap(f + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL);
    CHECK_ERRNO(mremap(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EFAULT);
    CHECK_ERRNO(mremap(f, PAGE, PAGE, MREMAP_FIXED, a), EINVAL);
    CHECK_ERRNO(mremap(f, PAGE, PAGE, 0x80), EINVAL);
    munmap(f, 4 * PAGE);
    munmap(blocker, PAGE);
    return check_finish("misc_mremap", 0);
}
