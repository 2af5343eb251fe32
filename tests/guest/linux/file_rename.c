/* expect-status: 0 */
/*
 * file_rename - rename, renameat and renameat2: a file moves (the inode goes with it), a file
 * replaces another, a directory moves with its contents, a directory replaces an empty one,
 * RENAME_NOREPLACE refuses an existing target (EEXIST), RENAME_EXCHANGE swaps two names,
 * renaming a name onto itself is a no-op. Errors: ENOENT, ENOTEMPTY (onto a non-empty
 * directory), EISDIR (a file onto a directory), ENOTDIR (a directory onto a file), EINVAL
 * (a directory into itself, NOREPLACE with EXCHANGE), EBADF.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write_all(fd, text, strlen(text)) == 0);
    close(fd);
}

static const char *get(const char *name)
{
    /* Two calls may be in one printf: alternate between two buffers. */
    static char bufs[2][64];
    static int which;
    char *buf = bufs[which];
    which ^= 1;
    memset(buf, 0, sizeof(bufs[0]));
    int fd = open(name, O_RDONLY);
    if (fd < 0) {
        return strerrorname_np(errno);
    }
    if (read(fd, buf, sizeof(bufs[0]) - 1) < 0) {
        strcpy(buf, "read failed");
    }
    close(fd);
    return buf;
}

int main(void)
{
    enter_tmpdir();
    put("one", "ONE");
    put("two", "TWO");
    struct stat st1, st2;
    CHECK(stat("one", &st1) == 0);
    CHECK(rename("one", "uno") == 0);
    CHECK(stat("uno", &st2) == 0);
    printf("rename one -> uno: one %s, uno '%s', same inode %s\n", get("one"), get("uno"),
           st1.st_ino == st2.st_ino ? "yes" : "no");
    CHECK(rename("uno", "two") == 0);
    printf("rename uno over two: uno %s, two '%s'\n", get("uno"), get("two"));
    CHECK(rename("two", "two") == 0);
    printf("rename two onto itself: two '%s'\n", get("two"));

    CHECK(mkdir("d1", 0755) == 0 && mkdir("d2", 0755) == 0 && mkdir("full", 0755) == 0);
    put("d1/inside", "IN");
    put("full/x", "X");
    int d1 = open("d1", O_RDONLY | O_DIRECTORY);
    CHECK(renameat(d1, "inside", AT_FDCWD, "d2/moved") == 0);
    printf("renameat d1/inside -> d2/moved: '%s'\n", get("d2/moved"));
    CHECK(rename("d2", "d1/d2") == 0);
    printf("rename d2 -> d1/d2: d1/d2/moved '%s'\n", get("d1/d2/moved"));
    CHECK(mkdir("empty", 0755) == 0);
    CHECK(rename("d1/d2", "empty") == 0);
    printf("directory over an empty directory: empty/moved '%s'\n", get("empty/moved"));

    put("a", "A");
    put("b", "B");
    CHECK_ERRNO(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE), EEXIST);
    printf("after the refused NOREPLACE: a '%s', b '%s'\n", get("a"), get("b"));
    CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE) == 0);
    printf("NOREPLACE to a free name: c '%s', a %s\n", get("c"), get("a"));
    CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE) == 0);
    printf("EXCHANGE b and c: b '%s', c '%s'\n", get("b"), get("c"));
    CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "empty", RENAME_EXCHANGE) == 0);
    printf("EXCHANGE a file and a directory: empty '%s', b/moved '%s'\n", get("empty"),
           get("b/moved"));
    CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "empty", RENAME_EXCHANGE) == 0);

    CHECK_ERRNO(rename("missing", "x"), ENOENT);
    CHECK_ERRNO(rename("c", "nodir/x"), ENOENT);
    CHECK_ERRNO(rename("d1", "full"), ENOTEMPTY);
    CHECK_ERRNO(rename("c", "d1"), EISDIR);
    CHECK_ERRNO(rename("d1", "c"), ENOTDIR);
    CHECK_ERRNO(rename("d1", "d1/sub"), EINVAL);
    CHECK_ERRNO(renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE | RENAME_NOREPLACE),
                EINVAL);
    CHECK_ERRNO(renameat2(AT_FDCWD, "b", AT_FDCWD, "zz", RENAME_EXCHANGE), ENOENT);
    CHECK_ERRNO(renameat(CLOSED_FD, "b", AT_FDCWD, "c"), EBADF);
    CHECK_ERRNO(rename("c/", "e"), ENOTDIR);
    close(d1);
    leave_tmpdir();
    return check_finish("file_rename", 0);
}
