/* expect-status: 0 */
/*
 * file_stat - the deterministic fields of fstat, stat, lstat, fstatat (newfstatat) and statx:
 * size, the file type bits, the permission bits, nlink of regular files (1, then 2 after a
 * link), st_ino equal through every path to the same file, a symlink's own size (its target's
 * length) under AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH on an fd, statx's mask covering
 * STATX_BASIC_STATS fields asked for. Errors: ENOENT, ENOTDIR, EBADF, EFAULT, EINVAL (unknown
 * flags).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static const char *type(mode_t m)
{
    return S_ISREG(m)    ? "regular"
           : S_ISDIR(m)  ? "directory"
           : S_ISLNK(m)  ? "symlink"
           : S_ISFIFO(m) ? "fifo"
           : S_ISCHR(m)  ? "char device"
                         : "other";
}

int main(void)
{
    enter_tmpdir();
    int fd = open("file", O_RDWR | O_CREAT, 0640);
    CHECK(write(fd, "twelve bytes", 12) == 12);
    CHECK(fchmod(fd, 0640) == 0);
    struct stat a, b, c;
    CHECK(fstat(fd, &a) == 0);
    printf("fstat file: %s size %lld mode %04o nlink %lu\n", type(a.st_mode), (long long)a.st_size,
           a.st_mode & 07777, (unsigned long)a.st_nlink);
    CHECK(stat("file", &b) == 0 && lstat("./file", &c) == 0);
    CHECK(a.st_ino == b.st_ino && b.st_ino == c.st_ino && a.st_dev == b.st_dev);
    CHECK(link("file", "hard") == 0);
    CHECK(fstatat(AT_FDCWD, "hard", &b, 0) == 0);
    printf("after link: nlink %lu, same inode: %s\n", (unsigned long)b.st_nlink,
           b.st_ino == a.st_ino ? "yes" : "no");
    CHECK(b.st_nlink == 2);

    CHECK(symlink("file", "link") == 0);
    CHECK(fstatat(AT_FDCWD, "link", &b, AT_SYMLINK_NOFOLLOW) == 0);
    printf("lstat link: %s size %lld\n", type(b.st_mode), (long long)b.st_size);
    CHECK(S_ISLNK(b.st_mode) && b.st_size == 4);
    CHECK(stat("link", &b) == 0);
    printf("stat link: %s size %lld, the file's inode: %s\n", type(b.st_mode), (long long)b.st_size,
           b.st_ino == a.st_ino ? "yes" : "no");

    CHECK(mkdir("dir", 0751) == 0);
    CHECK(chmod("dir", 0751) == 0);
    int dfd = open("dir", O_RDONLY | O_DIRECTORY);
    CHECK(fstatat(dfd, "", &b, AT_EMPTY_PATH) == 0);
    printf("AT_EMPTY_PATH on a directory fd: %s mode %04o\n", type(b.st_mode), b.st_mode & 07777);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(fstat(p[0], &b) == 0);
    printf("pipe: %s\n", type(b.st_mode));
    CHECK(fstat(1, &b) == 0);

    struct statx sx;
    memset(&sx, 0, sizeof(sx));
    CHECK(statx(AT_FDCWD, "file", 0, STATX_BASIC_STATS, &sx) == 0);
    printf("statx file: mask has type/mode/nlink/size: %s, %s size %llu mode %04o nlink %u\n",
           (sx.stx_mask & (STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_SIZE)) ==
                   (STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_SIZE)
               ? "yes"
               : "no",
           type(sx.stx_mode), (unsigned long long)sx.stx_size, sx.stx_mode & 07777, sx.stx_nlink);
    CHECK(sx.stx_ino == a.st_ino && sx.stx_size == 12);
    CHECK(statx(AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0);
    printf("statx link nofollow: %s size %llu\n", type(sx.stx_mode),
           (unsigned long long)sx.stx_size);
    CHECK(statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx) == 0 && sx.stx_size == 12);
    CHECK(statx(dfd, "..", 0, STATX_INO, &sx) == 0);
    CHECK(stat(".", &b) == 0 && sx.stx_ino == b.st_ino);

    CHECK_ERRNO(stat("missing", &b), ENOENT);
    CHECK_ERRNO(stat("file/x", &b), ENOTDIR);
    CHECK_ERRNO(fstat(CLOSED_FD, &b), EBADF);
    CHECK_ERRNO(fstatat(CLOSED_FD, "file", &b, 0), EBADF);
    CHECK_ERRNO(fstatat(AT_FDCWD, "file", &b, 0x40000000), EINVAL);
    CHECK_ERRNO(fstat(fd, (void *)1), EFAULT);
    CHECK_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, (void *)1, &b, 0), EFAULT);
    CHECK_ERRNO(statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT);
    CHECK_ERRNO(statx(AT_FDCWD, "file", 0x40000000, STATX_BASIC_STATS, &sx), EINVAL);
    CHECK_ERRNO(stat("", &b), ENOENT);
    close(fd);
    close(dfd);
    leave_tmpdir();
    return check_finish("file_stat", 0);
}
