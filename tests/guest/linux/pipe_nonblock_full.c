/* expect-status: 0 */
/*
 * pipe_nonblock_full - a non-blocking pipe fills up: writes succeed until one fails with
 * EAGAIN (the capacity itself is not printed; it is at least 4096 bytes and all of it comes
 * back in order). A write of PIPE_BUF bytes or less into a full pipe is all-or-nothing: it
 * fails with EAGAIN instead of writing part. After the reader takes 4096 bytes a small write
 * fits again.
 */
#include <fcntl.h>
#include <limits.h>

#include "../linux/check.h"

int main(void)
{
    int p[2];
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    static char chunk[PIPE_BUF];
    size_t filled = 0;
    int last_errno = 0;
    for (int i = 0; i < 100000; i++) {
        memset(chunk, 'a' + (int)(filled / 1024 % 26), 1024);
        ssize_t n = write(p[1], chunk, 1024);
        if (n < 0) {
            last_errno = errno;
            break;
        }
        filled += (size_t)n;
    }
    printf("filling stopped with %s; at least 4096 bytes went in: %s\n",
           last_errno ? strerrorname_np(last_errno) : "no error", filled >= 4096 ? "yes" : "no");
    CHECK(last_errno == EAGAIN && filled >= 4096);
    CHECK_ERRNO(write(p[1], "x", 1), EAGAIN);
    CHECK_ERRNO(write(p[1], chunk, PIPE_BUF), EAGAIN);

    static char buf[4096];
    size_t got = 0;
    ssize_t n = read(p[0], buf, sizeof(buf));
    CHECK(n == (ssize_t)sizeof(buf));
    got += n > 0 ? (size_t)n : 0;
    CHECK(bytes_not((unsigned char *)buf, 1024, 'a') == 0);
    CHECK(bytes_not((unsigned char *)buf + 1024, 1024, 'b') == 0);
    n = write(p[1], "0123456789", 10);
    printf("after reading 4096 bytes, a 10-byte write: %zd\n", n);
    CHECK(n == 10);

    size_t wrong = 0;
    for (;;) {
        n = read(p[0], buf, sizeof(buf));
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            size_t at = got + (size_t)i;
            if (at < filled) {
                wrong += buf[i] != 'a' + (int)(at / 1024 % 26);
            } else {
                wrong += buf[i] != "0123456789"[at - filled];
            }
        }
        got += (size_t)n;
    }
    printf("drained: everything back in order: %s\n",
           got == filled + 10 && wrong == 0 ? "yes" : "no");
    CHECK(got == filled + 10 && wrong == 0);
    CHECK_ERRNO(read(p[0], buf, 1), EAGAIN);
    close(p[1]);
    printf("read after the writer closed: %zd\n", read(p[0], buf, 1));
    return check_finish("pipe_nonblock_full", 0);
}
