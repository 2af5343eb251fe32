/* expect-status: 0 */
/*
 * readv_writev - scatter and gather I/O on fds 0 and 1: writev of several buffers (some of
 * length 0) writes them in order and returns the total; readv fills the buffers in order,
 * the last one partly at the end of the input, and returns 0 at EOF; iovcnt 0 returns 0, and
 * a negative iovcnt is EINVAL.
 */
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

static void gather_write(void)
{
    char first[] = "writev: first buffer, ";
    char third[] = "third buffer (the second was empty), ";
    char fourth[] = "fourth.\n";
    struct iovec iov[] = {
        {first, strlen(first)},
        {NULL, 0},
        {third, strlen(third)},
        {fourth, strlen(fourth)},
    };
    ssize_t expected = (ssize_t)(strlen(first) + strlen(third) + strlen(fourth));
    CHECK(writev(1, iov, 4) == expected);
    CHECK(writev(1, iov, 0) == 0);
    volatile int negative = -1; /* volatile: GCC would reject a constant -1 at compile time */
    CHECK_ERRNO(writev(1, iov, negative), EINVAL);
}

/* Drops `done` bytes from the front of iov[0..count): a short readv continues where it ended. */
static int advance(struct iovec *iov, int count, size_t done)
{
    int first = 0;
    while (first < count && done >= iov[first].iov_len) {
        done -= iov[first].iov_len;
        first++;
    }
    if (first < count) {
        iov[first].iov_base = (char *)iov[first].iov_base + done;
        iov[first].iov_len -= done;
    }
    return first;
}

static void scatter_read(void)
{
    char a[5], b[1], c[10], d[64] = {0};
    struct iovec iov[] = {
        {a, sizeof(a)}, {b, sizeof(b)}, {NULL, 0}, {c, sizeof(c)}, {d, sizeof(d)}};
    int first = 0;
    size_t total = 0;
    ssize_t got;
    /*
     * A regular file fills the buffers in one call, but stdin may be a pipe that returns less:
     * print only what was assembled, never the size of each call.
     */
    while ((got = readv(0, iov + first, 5 - first)) > 0) {
        total += (size_t)got;
        first += advance(iov + first, 5 - first, (size_t)got);
    }
    CHECK(got == 0);
    CHECK(total == 16 + strlen("and the rest of the input.\n"));
    d[strcspn(d, "\n")] = '\0';
    printf("readv filled in order: [%.5s] [%.1s] [%.10s] [%s]\n", a, b, c, d);
    CHECK(readv(0, iov, 5) == 0);
    printf("readv at EOF returns 0\n");
}

int main(void)
{
    gather_write();
    scatter_read();
    return check_finish("readv_writev", 0);
}
