/* expect-status: 0 */
/*
 * file_lseek_holes - lseek with SEEK_SET, SEEK_CUR and SEEK_END, seeking past the end (the
 * size does not change until a write), a write there leaves a hole that reads back as zeros
 * (1 MiB + 5 bytes of it). Errors: a negative result (EINVAL), an unknown whence (EINVAL), a
 * closed fd (EBADF).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99
#define HOLE      (1024 * 1024 + 5)

#include "../linux/tmpdir.h"

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, "abcdefghij", 10) == 10);
    printf("SEEK_SET 3: %lld\n", (long long)lseek(fd, 3, SEEK_SET));
    printf("SEEK_CUR +2: %lld\n", (long long)lseek(fd, 2, SEEK_CUR));
    char c = 0;
    CHECK(read(fd, &c, 1) == 1);
    printf("read there: '%c'\n", c);
    printf("SEEK_CUR -4: %lld\n", (long long)lseek(fd, -4, SEEK_CUR));
    printf("SEEK_END 0: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("SEEK_END -1: %lld\n", (long long)lseek(fd, -1, SEEK_END));
    printf("SEEK_END +100: %lld\n", (long long)lseek(fd, 100, SEEK_END));
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("size after seeking past the end: %lld\n", (long long)st.st_size);
    CHECK(st.st_size == 10);
    printf("read past the end: %zd\n", read(fd, &c, 1));

    CHECK(lseek(fd, 10 + HOLE, SEEK_SET) == 10 + HOLE);
    CHECK(write(fd, "END", 3) == 3);
    CHECK(fstat(fd, &st) == 0);
    printf("size after a write past a %d-byte hole: %lld\n", HOLE, (long long)st.st_size);
    CHECK(st.st_size == 13 + HOLE);
    unsigned char *buf = malloc(HOLE + 3);
    CHECK(buf != NULL);
    memset(buf, 0xee, HOLE + 3);
    ssize_t n = pread(fd, buf, HOLE + 3, 10);
    size_t nonzero = bytes_not(buf, HOLE, 0);
    printf("read the hole: %zd bytes, %zu not zero, then '%.3s'\n", n, nonzero, buf + HOLE);
    CHECK(n == HOLE + 3 && nonzero == 0 && memcmp(buf + HOLE, "END", 3) == 0);
    free(buf);

    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERRNO(lseek(fd, -1, SEEK_CUR), EINVAL);
    CHECK_ERRNO(lseek(fd, -(14 + HOLE), SEEK_END), EINVAL);
    CHECK_ERRNO(lseek(fd, 0, 17), EINVAL);
    printf("offset unchanged by the failed seeks: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    CHECK_ERRNO(lseek(CLOSED_FD, 0, SEEK_SET), EBADF);
    close(fd);
    leave_tmpdir();
    return check_finish("file_lseek_holes", 0);
}
