/* expect-status: 0 */
/*
 * file_open_flags - open and openat on files in a /tmp directory: O_CREAT makes a file with
 * the mode minus the umask, O_EXCL refuses an existing one (EEXIST), O_TRUNC empties it,
 * O_APPEND writes at the end whatever the offset, openat with a directory fd and with
 * AT_FDCWD. Errors: ENOENT (missing, and missing parent), EBADF (write on O_RDONLY, read on
 * O_WRONLY, openat with a bad dirfd), ENOTDIR (O_DIRECTORY on a file, a file as dirfd),
 * EISDIR (a directory opened for writing), EFAULT (a bad path pointer), EINVAL
 * (O_CREAT | O_DIRECTORY).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static void show(const char *name)
{
    char buf[64] = {0};
    int fd = open(name, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("%s: %zd bytes '%s' mode %04o\n", name, n, n > 0 ? buf : "", st.st_mode & 07777);
    close(fd);
}

int main(void)
{
    enter_tmpdir();
    umask(022);
    int fd = open("a", O_WRONLY | O_CREAT | O_EXCL, 0666);
    CHECK(fd >= 0);
    CHECK(write(fd, "first", 5) == 5);
    close(fd);
    show("a");
    CHECK_ERRNO(open("a", O_WRONLY | O_CREAT | O_EXCL, 0666), EEXIST);
    fd = open("a", O_WRONLY | O_CREAT, 0600); /* exists: the mode is not changed */
    CHECK(fd >= 0);
    CHECK(write(fd, "F", 1) == 1);
    close(fd);
    show("a");

    fd = open("a", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    CHECK(write(fd, "second", 6) == 6);
    close(fd);
    show("a");

    fd = open("a", O_WRONLY | O_APPEND);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "+app", 4) == 4);
    printf("offset after an O_APPEND write: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    show("a");

    umask(077);
    fd = open("b", O_RDWR | O_CREAT, 0666);
    close(fd);
    show("b");
    umask(022);

    CHECK(mkdir("d", 0755) == 0);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    fd = openat(dfd, "inner", O_WRONLY | O_CREAT | O_EXCL, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "in d", 4) == 4);
    close(fd);
    show("d/inner");
    fd = openat(AT_FDCWD, "d/inner", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);

    fd = open("a", O_RDONLY);
    CHECK_ERRNO(write(fd, "x", 1), EBADF);
    close(fd);
    fd = open("a", O_WRONLY);
    char c;
    CHECK_ERRNO(read(fd, &c, 1), EBADF);
    int afd = fd;

    CHECK_ERRNO(open("missing", O_RDONLY), ENOENT);
    CHECK_ERRNO(open("nodir/file", O_WRONLY | O_CREAT, 0644), ENOENT);
    CHECK_ERRNO(openat(CLOSED_FD, "a", O_RDONLY), EBADF);
    CHECK_ERRNO(openat(afd, "x", O_RDONLY), ENOTDIR);
    CHECK_ERRNO(open("a", O_RDONLY | O_DIRECTORY), ENOTDIR);
    CHECK_ERRNO(open("a/", O_RDONLY), ENOTDIR);
    CHECK_ERRNO(open("d", O_WRONLY), EISDIR);
    CHECK_ERRNO(open("d", O_RDWR), EISDIR);
    CHECK_ERRNO(open("d", O_WRONLY | O_CREAT, 0644), EISDIR);
    CHECK_ERRNO(syscall(SYS_openat, AT_FDCWD, (void *)1, O_RDONLY, 0), EFAULT);
    CHECK_ERRNO(open("", O_RDONLY), ENOENT);
    CHECK_ERRNO(open("c", O_RDONLY | O_CREAT | O_DIRECTORY, 0644), EINVAL);
    close(afd);
    close(dfd);

    leave_tmpdir();
    return check_finish("file_open_flags", 0);
}
