/* expect-status: 0 */
/*
 * file_dup_fcntl - dup, dup2, dup3 and fcntl on a file: dup takes the lowest free fd,
 * F_DUPFD the lowest at or above its argument, dup2 onto an open fd closes it first; a dup
 * shares the offset and the status flags (O_APPEND set through one shows in the other) but
 * not FD_CLOEXEC; dup3 and F_DUPFD_CLOEXEC set it. F_GETFL shows the access mode and
 * O_APPEND; F_SETFL changes O_APPEND and O_NONBLOCK but not the access mode. Errors: EBADF
 * (closed fds, dup2 to a negative fd), EINVAL (dup3 to the same fd, dup3 flags, F_DUPFD with a
 * negative argument, an unknown command).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static void flags(const char *what, int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int acc = fl & O_ACCMODE;
    printf("%s: %s%s%s, FD_CLOEXEC %s\n", what,
           acc == O_RDONLY   ? "O_RDONLY"
           : acc == O_WRONLY ? "O_WRONLY"
                             : "O_RDWR",
           fl & O_APPEND ? " O_APPEND" : "", fl & O_NONBLOCK ? " O_NONBLOCK" : "",
           fcntl(fd, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
}

int main(void)
{
    /* fd numbers are printed: close whatever the caller may have left open above 2 (a shell
     * or a test harness can pass some on; vaelix exec passes only 0, 1 and 2). */
    for (int i = 3; i < 256; i++) {
        close(i);
    }
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(fd == 3);
    int d = dup(fd);
    printf("dup(3) = %d\n", d);
    CHECK(d == 4);
    CHECK(write(fd, "abc", 3) == 3);
    printf("offset through the dup after writing 3 through the original: %lld\n",
           (long long)lseek(d, 0, SEEK_CUR));
    CHECK(lseek(d, 1, SEEK_SET) == 1);
    printf("offset through the original after seeking the dup to 1: %lld\n",
           (long long)lseek(fd, 0, SEEK_CUR));

    CHECK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK) == 0);
    flags("original after F_SETFL O_APPEND|O_NONBLOCK", fd);
    flags("its dup", d);
    CHECK(fcntl(d, F_SETFL, O_RDONLY) == 0);
    flags("after F_SETFL O_RDONLY (access mode kept)", fd);

    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
    flags("original after F_SETFD FD_CLOEXEC", fd);
    flags("its dup", d);
    CHECK(fcntl(fd, F_SETFD, 0) == 0);

    int hi = fcntl(fd, F_DUPFD, 10);
    printf("F_DUPFD 10 = %d\n", hi);
    int hi2 = fcntl(fd, F_DUPFD, 10);
    printf("F_DUPFD 10 again = %d\n", hi2);
    int hc = fcntl(fd, F_DUPFD_CLOEXEC, 20);
    printf("F_DUPFD_CLOEXEC 20 = %d\n", hc);
    flags("that fd", hc);
    CHECK(close(d) == 0);
    d = dup(fd);
    printf("dup after closing 4 = %d\n", d);

    int other = open("g", O_WRONLY | O_CREAT, 0644);
    CHECK(other == 5);
    CHECK(dup2(fd, other) == other);
    /* Goes to f now, at the shared offset 1: the F_SETFL O_RDONLY above cleared O_APPEND. */
    CHECK(write(other, "Z", 1) == 1);
    flags("fd 5 after dup2(3, 5)", other);
    CHECK(dup2(fd, fd) == fd);
    int r = dup3(fd, 30, O_CLOEXEC);
    printf("dup3(3, 30, O_CLOEXEC) = %d\n", r);
    flags("fd 30", 30);
    r = dup2(fd, 31);
    flags("dup2(3, 31)", r);

    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    char buf[8] = {0};
    CHECK(pread(fd, buf, sizeof(buf) - 1, 0) == 3);
    printf("f is %lld bytes: '%s'\n", (long long)st.st_size, buf);
    CHECK(st.st_size == 3 && strcmp(buf, "aZc") == 0);
    CHECK(fstat(other, &st) == 0 && st.st_size == 3);

    CHECK_ERRNO(dup(CLOSED_FD), EBADF);
    CHECK_ERRNO(dup2(CLOSED_FD, 40), EBADF);
    CHECK_ERRNO(dup2(fd, -1), EBADF);
    CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
    CHECK_ERRNO(dup3(fd, 41, O_NONBLOCK), EINVAL);
    CHECK_ERRNO(fcntl(fd, F_DUPFD, -1), EINVAL);
    CHECK_ERRNO(fcntl(CLOSED_FD, F_GETFL), EBADF);
    CHECK_ERRNO(fcntl(CLOSED_FD, F_SETFD, 0), EBADF);
    CHECK_ERRNO(fcntl(fd, 12345), EINVAL);
    CHECK_ERRNO(close(CLOSED_FD), EBADF);
    CHECK_ERRNO(close(-1), EBADF);
    for (int i = 3; i < 40; i++) {
        close(i);
    }
    leave_tmpdir();
    return check_finish("file_dup_fcntl", 0);
}
