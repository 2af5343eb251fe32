/* expect-status: 0 */
/*
 * file_paths - path resolution: ".", "..", repeated slashes and trailing slashes on
 * directories all reach the same inode; ".." of "/" is "/"; a relative path through a
 * symlinked directory then ".." follows the link first. Errors: a component of 256 bytes and
 * a path of 4096 or more (ENAMETOOLONG), a regular file in the middle of a path (ENOTDIR), a
 * trailing slash on a file (ENOTDIR), a missing middle component (ENOENT).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#include "../linux/tmpdir.h"

static ino_t ino(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? st.st_ino : 0;
}

int main(void)
{
    enter_tmpdir();
    CHECK(mkdir("a", 0755) == 0 && mkdir("a/b", 0755) == 0 && mkdir("other", 0755) == 0);
    int fd = open("a/b/file", O_WRONLY | O_CREAT, 0644);
    close(fd);
    ino_t want = ino("a/b/file");
    static const char *same[] = {"a/b/file",           "./a/b/file",           "a//b///file",
                                 "a/./b/./file",       "a/b/../b/file",        "other/../a/b/file",
                                 "a/b/../../a/b/file", ".//a/.//b/..//b//file"};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        printf("%-24s %s\n", same[i], ino(same[i]) == want ? "same file" : "DIFFERENT");
        CHECK(ino(same[i]) == want);
    }
    ino_t dir = ino("a/b");
    CHECK(ino("a/b/") == dir && ino("a/b//") == dir && ino("a/b/.") == dir);
    printf("a/b/, a/b//, a/b/. are the directory\n");
    char abs[PATH_MAX];
    snprintf(abs, sizeof(abs), "%s//a/b/file", tmpdir);
    CHECK(ino(abs) == want);
    CHECK(ino("/..") == ino("/") && ino("/../../.") == ino("/"));
    printf("/.. and /../../. are /\n");

    CHECK(symlink("a/b", "lb") == 0);
    CHECK(ino("lb/file") == want);
    CHECK(ino("lb/..") == ino("a"));
    printf("lb/.. (lb -> a/b) is a: %s\n", ino("lb/..") == ino("a") ? "yes" : "no");

    char name[300];
    memset(name, 'n', 255);
    name[255] = '\0';
    struct stat st;
    CHECK_ERRNO(stat(name, &st), ENOENT);
    fd = open(name, O_WRONLY | O_CREAT, 0644);
    printf("a 255-byte name: %s\n", fd >= 0 ? "created" : strerrorname_np(errno));
    CHECK(fd >= 0);
    close(fd);
    CHECK(unlink(name) == 0);
    memset(name, 'n', 256);
    name[256] = '\0';
    CHECK_ERRNO(stat(name, &st), ENAMETOOLONG);
    CHECK_ERRNO(open(name, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
    CHECK_ERRNO(mkdir(name, 0755), ENAMETOOLONG);
    static char longpath[PATH_MAX + 16];
    for (size_t i = 0; i + 2 < sizeof(longpath); i += 2) {
        longpath[i] = '.';
        longpath[i + 1] = '/';
    }
    longpath[sizeof(longpath) - 2] = 'x';
    longpath[sizeof(longpath) - 1] = '\0';
    CHECK_ERRNO(stat(longpath, &st), ENAMETOOLONG);
    CHECK_ERRNO(open(longpath, O_RDONLY), ENAMETOOLONG);

    CHECK_ERRNO(stat("a/b/file/x", &st), ENOTDIR);
    CHECK_ERRNO(stat("a/b/file/", &st), ENOTDIR);
    CHECK_ERRNO(stat("a/b/file/.", &st), ENOTDIR);
    CHECK_ERRNO(stat("a/b/file/..", &st), ENOTDIR);
    CHECK_ERRNO(open("a/b/file/x", O_WRONLY | O_CREAT, 0644), ENOTDIR);
    CHECK_ERRNO(stat("a/missing/file", &st), ENOENT);
    CHECK_ERRNO(stat("a/missing/../b/file", &st), ENOENT);
    leave_tmpdir();
    return check_finish("file_paths", 0);
}
