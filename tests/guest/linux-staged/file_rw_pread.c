/* expect-status: 0 */
/*
 * file_rw_pread - read, write, pread64, pwrite64, readv, writev, preadv, pwritev on a file:
 * the positioned calls leave the file offset alone, a read at the end returns 0, a read that
 * crosses the end is short, pwrite past the end extends the file. Errors: negative offsets
 * (EINVAL), a bad buffer pointer (EFAULT), a closed fd (EBADF), a directory (EISDIR).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    printf("offset after write: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));

    char buf[32] = {0};
    ssize_t n = pread(fd, buf, 4, 3);
    printf("pread 4 at 3: %zd '%.4s', offset still %lld\n", n, buf,
           (long long)lseek(fd, 0, SEEK_CUR));
    CHECK(n == 4 && memcmp(buf, "3456", 4) == 0 && lseek(fd, 0, SEEK_CUR) == 10);
    n = pwrite(fd, "ab", 2, 1);
    CHECK(n == 2 && lseek(fd, 0, SEEK_CUR) == 10);
    n = pread(fd, buf, sizeof(buf), 8);
    printf("pread across the end: %zd\n", n);
    CHECK(n == 2);
    n = pread(fd, buf, sizeof(buf), 10);
    printf("pread at the end: %zd, past it: %zd\n", n, pread(fd, buf, 4, 100));
    CHECK(n == 0);
    n = read(fd, buf, sizeof(buf));
    printf("read at the end: %zd\n", n);

    n = pwrite(fd, "Z", 1, 14);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("pwrite 1 byte at 14: size %lld\n", (long long)st.st_size);
    CHECK(st.st_size == 15);

    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(buf, '.', sizeof(buf));
    n = read(fd, buf, sizeof(buf));
    printf("whole file: %zd bytes:", n);
    for (ssize_t i = 0; i < n; i++) {
        printf(" %02x", (unsigned char)buf[i]);
    }
    printf("\n");

    /* writev/readv and their positioned forms. */
    CHECK(ftruncate(fd, 0) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    struct iovec out[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    n = writev(fd, out, 3);
    CHECK(n == 8);
    n = pwritev(fd, out, 1, 8);
    CHECK(n == 3 && lseek(fd, 0, SEEK_CUR) == 8);
    char x[4] = {0}, y[8] = {0};
    struct iovec in[2] = {{x, 3}, {y, 7}};
    n = preadv(fd, in, 2, 1);
    printf("preadv at 1: %zd '%s' '%s'\n", n, x, y);
    CHECK(n == 10 && strcmp(x, "bcd") == 0 && strcmp(y, "efghabc") == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(x, 0, sizeof(x));
    memset(y, 0, sizeof(y));
    n = readv(fd, in, 2);
    printf("readv: %zd '%s' '%s', offset %lld\n", n, x, y, (long long)lseek(fd, 0, SEEK_CUR));
    CHECK(n == 10);

    CHECK_ERRNO(pread(fd, buf, 1, -1), EINVAL);
    CHECK_ERRNO(pwrite(fd, buf, 1, -5), EINVAL);
    CHECK_ERRNO(syscall(SYS_read, fd, (void *)1, 4), EFAULT);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK_ERRNO(syscall(SYS_read, fd, (void *)1, 4), EFAULT);
    CHECK_ERRNO(syscall(SYS_write, fd, (void *)1, 4), EFAULT);
    CHECK_ERRNO(syscall(SYS_pread64, fd, (void *)1, 4, 0), EFAULT);
    CHECK_ERRNO(pread(CLOSED_FD, buf, 1, 0), EBADF);
    CHECK_ERRNO(pwrite(CLOSED_FD, buf, 1, 0), EBADF);
    close(fd);
    CHECK_ERRNO(write(fd, "x", 1), EBADF);
    CHECK(mkdir("d", 0755) == 0);
    int dfd = open("d", O_RDONLY);
    CHECK_ERRNO(read(dfd, buf, 1), EISDIR);
    CHECK_ERRNO(pread(dfd, buf, 1, 0), EISDIR);
    close(dfd);
    leave_tmpdir();
    return check_finish("file_rw_pread", 0);
}
