/* expect-status: 0 */
/*
 * file_mkdir_unlink - mkdir, mkdirat, rmdir, unlink, unlinkat with and without AT_REMOVEDIR:
 * a new directory has the mode minus the umask and is empty; removing works bottom-up.
 * Errors: EEXIST (mkdir over a file or directory), ENOENT (missing parent, missing name),
 * ENOTDIR (a file in the path, rmdir of a file), EISDIR (unlink of a directory), ENOTEMPTY
 * (rmdir of a non-empty directory), EINVAL (rmdir "." and an unknown unlinkat flag),
 * EBADF (a bad dirfd), EFAULT (a bad path).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static const char *exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0 ? (S_ISDIR(st.st_mode) ? "dir" : "file") : "absent";
}

int main(void)
{
    enter_tmpdir();
    umask(027);
    CHECK(mkdir("a", 0777) == 0);
    struct stat st;
    CHECK(stat("a", &st) == 0);
    printf("mkdir a 0777 with umask 027: mode %04o\n", st.st_mode & 07777);
    umask(022);
    int a = open("a", O_RDONLY | O_DIRECTORY);
    CHECK(mkdirat(a, "b", 0755) == 0);
    CHECK(mkdirat(AT_FDCWD, "a/b/c", 0700) == 0);
    int fd = openat(a, "b/file", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    close(fd);
    printf("a/b: %s, a/b/c: %s, a/b/file: %s\n", exists("a/b"), exists("a/b/c"),
           exists("a/b/file"));

    CHECK_ERRNO(mkdir("a", 0755), EEXIST);
    CHECK_ERRNO(mkdir("a/b/file", 0755), EEXIST);
    CHECK_ERRNO(mkdirat(a, "b", 0755), EEXIST);
    CHECK_ERRNO(mkdir("x/y", 0755), ENOENT);
    CHECK_ERRNO(mkdir("a/b/file/y", 0755), ENOTDIR);
    CHECK_ERRNO(mkdirat(CLOSED_FD, "z", 0755), EBADF);
    CHECK_ERRNO(syscall(SYS_mkdirat, AT_FDCWD, (void *)1, 0755), EFAULT);

    CHECK_ERRNO(rmdir("a/b"), ENOTEMPTY);
    CHECK_ERRNO(unlinkat(a, "b", AT_REMOVEDIR), ENOTEMPTY);
    CHECK_ERRNO(unlink("a/b"), EISDIR);
    CHECK_ERRNO(unlinkat(a, "b", 0), EISDIR);
    CHECK_ERRNO(rmdir("a/b/file"), ENOTDIR);
    CHECK_ERRNO(unlinkat(a, "b/file", AT_REMOVEDIR), ENOTDIR);
    CHECK_ERRNO(unlink("a/b/missing"), ENOENT);
    CHECK_ERRNO(rmdir("a/b/missing"), ENOENT);
    CHECK_ERRNO(rmdir("a/b/c/."), EINVAL);
    CHECK_ERRNO(unlinkat(a, "b/file", 0x1000), EINVAL);
    CHECK_ERRNO(unlinkat(CLOSED_FD, "b", 0), EBADF);
    CHECK_ERRNO(syscall(SYS_unlinkat, AT_FDCWD, (void *)1, 0), EFAULT);

    CHECK(unlinkat(a, "b/file", 0) == 0);
    CHECK(unlinkat(a, "b/c", AT_REMOVEDIR) == 0);
    printf("after removing file and c: a/b/file %s, a/b/c %s\n", exists("a/b/file"),
           exists("a/b/c"));
    CHECK(rmdir("a/b") == 0);
    CHECK(mkdir("a/b", 0755) == 0); /* the name is free again */
    CHECK(rmdir("a/b/") == 0);
    close(a);
    CHECK(rmdir("a") == 0);
    printf("a: %s\n", exists("a"));

    /* An open file survives unlink until closed. */
    fd = open("tmpfile", O_RDWR | O_CREAT, 0600);
    CHECK(write(fd, "still here", 10) == 10);
    CHECK(unlink("tmpfile") == 0);
    char buf[16] = {0};
    CHECK(pread(fd, buf, sizeof(buf) - 1, 0) == 10);
    CHECK(fstat(fd, &st) == 0);
    printf("unlinked but open: '%s', nlink %lu, name %s\n", buf, (unsigned long)st.st_nlink,
           exists("tmpfile"));
    close(fd);
    leave_tmpdir();
    return check_finish("file_mkdir_unlink", 0);
}
