/* expect-status: 0 */
/*
 * file_truncate - ftruncate and truncate: shrinking drops the tail, growing adds zeros, the
 * file offset is not moved (a write after a shrink past the end leaves a hole). Errors:
 * ftruncate of a file opened read-only (EINVAL) and of a pipe (EINVAL), a negative length
 * (EINVAL), truncate of a directory (EISDIR), of a missing file (ENOENT), through a file
 * (ENOTDIR), a closed fd (EBADF).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static long long size_of(const char *name)
{
    struct stat st;
    return stat(name, &st) == 0 ? (long long)st.st_size : -1;
}

static void dump(int fd)
{
    unsigned char buf[64];
    ssize_t n = pread(fd, buf, sizeof(buf), 0);
    printf("  %zd bytes:", n);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z') {
            printf("%c", buf[i]);
        } else {
            printf("<%02x>", buf[i]);
        }
    }
    printf("\n");
}

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(write(fd, "abcdefghijklmnop", 16) == 16);
    CHECK(ftruncate(fd, 5) == 0);
    printf("ftruncate 5: size %lld, offset %lld\n", size_of("f"),
           (long long)lseek(fd, 0, SEEK_CUR));
    dump(fd);
    CHECK(ftruncate(fd, 9) == 0);
    printf("ftruncate 9:\n");
    dump(fd);
    CHECK(write(fd, "xy", 2) == 2); /* at offset 16 */
    printf("write at the old offset 16:\n");
    dump(fd);
    CHECK(truncate("f", 3) == 0);
    printf("truncate 3: size %lld\n", size_of("f"));
    dump(fd);
    CHECK(truncate("f", 0) == 0);
    printf("truncate 0: size %lld\n", size_of("f"));
    CHECK(ftruncate(fd, 100000) == 0);
    unsigned char big[100000];
    CHECK(pread(fd, big, sizeof(big), 0) == (ssize_t)sizeof(big));
    printf("ftruncate 100000: size %lld, nonzero bytes %zu\n", size_of("f"),
           bytes_not(big, sizeof(big), 0));
    close(fd);

    fd = open("f", O_RDONLY);
    CHECK_ERRNO(ftruncate(fd, 0), EINVAL);
    close(fd);
    fd = open("f", O_RDWR);
    CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
    close(fd);
    CHECK_ERRNO(truncate("f", -1), EINVAL);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK_ERRNO(ftruncate(p[1], 0), EINVAL);
    close(p[0]);
    close(p[1]);
    CHECK(mkdir("d", 0755) == 0);
    CHECK_ERRNO(truncate("d", 0), EISDIR);
    CHECK_ERRNO(truncate("missing", 0), ENOENT);
    CHECK_ERRNO(truncate("f/x", 0), ENOTDIR);
    CHECK_ERRNO(ftruncate(CLOSED_FD, 0), EBADF);
    printf("size after the failed calls: %lld\n", size_of("f"));
    leave_tmpdir();
    return check_finish("file_truncate", 0);
}
