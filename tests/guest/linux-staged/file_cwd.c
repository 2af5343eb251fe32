/* expect-status: 0 */
/*
 * file_cwd - chdir, fchdir and getcwd: getcwd after each move, printed relative to the test's
 * /tmp directory; relative names resolve from the new directory; ".." climbs back; fchdir
 * through a directory fd; the cwd survives the directory being renamed. Errors: getcwd into
 * a buffer too small (ERANGE) and of size 0 with a buffer (EINVAL), chdir to a file (ENOTDIR),
 * to a missing name (ENOENT), fchdir of a file fd (ENOTDIR) and a closed fd (EBADF).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static void pwd(const char *after)
{
    char buf[4096];
    if (getcwd(buf, sizeof(buf)) == NULL) {
        printf("%s: getcwd failed: %s\n", after, strerrorname_np(errno));
        check_report(0, "getcwd", __func__, __LINE__);
        return;
    }
    size_t n = strlen(tmpdir);
    if (strncmp(buf, tmpdir, n) == 0 && (buf[n] == '/' || buf[n] == '\0')) {
        printf("%s: cwd <tmp>%s\n", after, buf + n);
    } else {
        printf("%s: cwd outside the test directory\n", after);
        check_report(0, "cwd inside tmpdir", __func__, __LINE__);
    }
}

int main(void)
{
    enter_tmpdir();
    pwd("start");
    CHECK(mkdir("a", 0755) == 0 && mkdir("a/b", 0755) == 0 && mkdir("a/b/c", 0755) == 0);
    int fd = open("a/b/file", O_WRONLY | O_CREAT, 0644);
    close(fd);
    CHECK(chdir("a/b") == 0);
    pwd("chdir a/b");
    CHECK(access("file", F_OK) == 0);
    CHECK(chdir("c/..//c/.") == 0);
    pwd("chdir c/..//c/.");
    CHECK(chdir("../..") == 0);
    pwd("chdir ../..");
    int bfd = open("b", O_RDONLY | O_DIRECTORY);
    CHECK(chdir(tmpdir) == 0);
    pwd("chdir to the absolute path");
    CHECK(fchdir(bfd) == 0);
    pwd("fchdir to a/b");
    CHECK(chdir("c") == 0);
    CHECK(rename("../../../a", "../../../renamed") == 0);
    pwd("after a was renamed to renamed");
    CHECK(chdir("..") == 0);
    CHECK(access("file", F_OK) == 0);
    pwd("chdir ..");

    char small[4];
    CHECK(getcwd(small, sizeof(small)) == NULL && errno == ERANGE);
    printf("getcwd into 4 bytes: %s\n", strerrorname_np(errno));
    CHECK_ERRNO(syscall(SYS_getcwd, small, 0), ERANGE);
    CHECK_ERRNO(syscall(SYS_getcwd, (void *)1, 4096), EFAULT);
    char *dyn = getcwd(NULL, 0);
    CHECK(dyn != NULL && strncmp(dyn, tmpdir, strlen(tmpdir)) == 0);
    free(dyn);

    CHECK_ERRNO(chdir("file"), ENOTDIR);
    CHECK_ERRNO(chdir("missing"), ENOENT);
    CHECK_ERRNO(chdir("file/x"), ENOTDIR);
    CHECK_ERRNO(chdir(""), ENOENT);
    fd = open("file", O_RDONLY);
    CHECK_ERRNO(fchdir(fd), ENOTDIR);
    close(fd);
    CHECK_ERRNO(fchdir(CLOSED_FD), EBADF);
    pwd("after the failed calls");
    close(bfd);
    leave_tmpdir();
    return check_finish("file_cwd", 0);
}
