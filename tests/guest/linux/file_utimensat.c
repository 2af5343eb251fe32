/* expect-status: 0 */
/*
 * file_utimensat - utimensat and futimens set atime and mtime to the given seconds and
 * nanoseconds (multiples of a microsecond, which every file system keeps), stat shows them;
 * UTIME_OMIT leaves one alone; UTIME_NOW sets a time no earlier than before the call;
 * AT_SYMLINK_NOFOLLOW changes the link, not its target. Errors: a bad tv_nsec (EINVAL),
 * ENOENT, EBADF, unknown flags (EINVAL).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static void show(const char *what, const char *name, int flags)
{
    struct stat st;
    CHECK(fstatat(AT_FDCWD, name, &st, flags) == 0);
    printf("%s: atime %lld.%09ld mtime %lld.%09ld\n", what, (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    struct timespec t[2] = {{1000000000, 123456000}, {1234567890, 0}};
    CHECK(utimensat(AT_FDCWD, "f", t, 0) == 0);
    show("utimensat", "f", 0);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {1600000000, 999999000}};
    CHECK(utimensat(AT_FDCWD, "f", omit, 0) == 0);
    show("atime omitted", "f", 0);
    struct timespec f2[2] = {{86400, 1000}, {0, UTIME_OMIT}};
    CHECK(futimens(fd, f2) == 0);
    show("futimens, mtime omitted", "f", 0);
    struct timespec old[2] = {{0, 0}, {0, 0}};
    CHECK(futimens(fd, old) == 0);
    show("the epoch", "f", 0);

    struct timespec before;
    CHECK(clock_gettime(CLOCK_REALTIME, &before) == 0);
    CHECK(utimensat(AT_FDCWD, "f", NULL, 0) == 0);
    struct stat st;
    CHECK(stat("f", &st) == 0);
    printf("NULL times: mtime not before the call (to the second): %s\n",
           st.st_mtim.tv_sec >= before.tv_sec ? "yes" : "no");
    CHECK(st.st_mtim.tv_sec >= before.tv_sec && st.st_atim.tv_sec >= before.tv_sec);
    struct timespec now[2] = {{0, UTIME_NOW}, {5, 0}};
    CHECK(utimensat(AT_FDCWD, "f", now, 0) == 0);
    CHECK(stat("f", &st) == 0);
    printf("UTIME_NOW atime, mtime 5: atime recent %s, mtime %lld\n",
           st.st_atim.tv_sec >= before.tv_sec ? "yes" : "no", (long long)st.st_mtim.tv_sec);

    CHECK(utimensat(AT_FDCWD, "f", t, 0) == 0);
    CHECK(symlink("f", "link") == 0);
    struct timespec lt[2] = {{2000000000, 0}, {2000000001, 0}};
    CHECK(utimensat(AT_FDCWD, "link", lt, AT_SYMLINK_NOFOLLOW) == 0);
    show("the link, after AT_SYMLINK_NOFOLLOW", "link", AT_SYMLINK_NOFOLLOW);
    show("its target, unchanged", "f", 0);

    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    CHECK_ERRNO(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
    struct timespec neg[2] = {{0, -1}, {0, 0}};
    CHECK_ERRNO(futimens(fd, neg), EINVAL);
    CHECK_ERRNO(utimensat(AT_FDCWD, "missing", t, 0), ENOENT);
    CHECK_ERRNO(utimensat(AT_FDCWD, "f", t, 0x8000), EINVAL);
    CHECK_ERRNO(futimens(CLOSED_FD, t), EBADF);
    show("after the failed calls", "f", 0);
    close(fd);
    leave_tmpdir();
    return check_finish("file_utimensat", 0);
}
