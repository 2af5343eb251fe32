/* expect-status: 0 */
/*
 * file_link - hard links with link and linkat: nlink counts 1, 2, 3 and back down as names go,
 * every name reads the same data and a write through one shows through all; the data lives
 * until the last name and the last fd are gone. Errors: EEXIST (the new name exists), ENOENT
 * (missing source, missing target directory), EPERM (a directory), EINVAL (unknown linkat
 * flags), ENOTDIR, EBADF.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static unsigned long nlink(const char *name)
{
    struct stat st;
    return stat(name, &st) == 0 ? (unsigned long)st.st_nlink : 0;
}

int main(void)
{
    enter_tmpdir();
    int fd = open("orig", O_RDWR | O_CREAT, 0644);
    CHECK(write(fd, "data", 4) == 4);
    printf("nlink: %lu\n", nlink("orig"));
    CHECK(link("orig", "second") == 0);
    printf("after link: orig %lu, second %lu\n", nlink("orig"), nlink("second"));
    CHECK(mkdir("sub", 0755) == 0);
    int sub = open("sub", O_RDONLY | O_DIRECTORY);
    CHECK(linkat(AT_FDCWD, "second", sub, "third", 0) == 0);
    printf("after linkat into sub: orig %lu, sub/third %lu\n", nlink("orig"), nlink("sub/third"));
    CHECK(nlink("orig") == 3);

    CHECK(pwrite(fd, "DA", 2, 0) == 2);
    char buf[8] = {0};
    int t = open("sub/third", O_RDONLY);
    CHECK(read(t, buf, sizeof(buf) - 1) == 4);
    close(t);
    printf("written through orig, read through sub/third: '%s'\n", buf);

    CHECK(unlink("orig") == 0);
    printf("after unlink orig: second %lu\n", nlink("second"));
    CHECK(unlink("second") == 0);
    printf("after unlink second: sub/third %lu\n", nlink("sub/third"));
    CHECK(unlinkat(sub, "third", 0) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    memset(buf, 0, sizeof(buf));
    CHECK(pread(fd, buf, sizeof(buf) - 1, 0) == 4);
    printf("every name gone: fstat nlink %lu, data still '%s'\n", (unsigned long)st.st_nlink, buf);
    close(fd);

    fd = open("a", O_WRONLY | O_CREAT, 0644);
    close(fd);
    fd = open("b", O_WRONLY | O_CREAT, 0644);
    CHECK_ERRNO(link("a", "b"), EEXIST);
    CHECK_ERRNO(link("a", "a"), EEXIST);
    CHECK_ERRNO(link("missing", "c"), ENOENT);
    CHECK_ERRNO(link("a", "nodir/c"), ENOENT);
    CHECK_ERRNO(link("sub", "sublink"), EPERM);
    CHECK_ERRNO(linkat(AT_FDCWD, "a", AT_FDCWD, "c", 0x8000), EINVAL);
    CHECK_ERRNO(link("a/x", "c"), ENOTDIR);
    CHECK_ERRNO(linkat(CLOSED_FD, "a", AT_FDCWD, "c", 0), EBADF);
    CHECK_ERRNO(linkat(fd, "a", AT_FDCWD, "c", 0), ENOTDIR);
    printf("a after the failed links: nlink %lu\n", nlink("a"));
    close(fd);
    close(sub);
    leave_tmpdir();
    return check_finish("file_link", 0);
}
