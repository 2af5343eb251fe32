/* expect-status: 0 */
/*
 * file_access_chmod - faccessat and the permission bits: F_OK of an existing and a missing
 * name, X_OK of a file with no execute bit (EACCES, even for root) and with one,
 * AT_SYMLINK_NOFOLLOW on a dangling link; chmod, fchmod and fchmodat set the bits stat shows
 * (setuid/setgid/sticky included). Errors: unknown faccessat flags and modes (EINVAL), ENOENT,
 * ENOTDIR, EBADF. (Read/write checks are left out: root passes them whatever the mode, and the
 * runner may or may not be root.)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static unsigned mode_of(const char *name)
{
    struct stat st;
    return stat(name, &st) == 0 ? st.st_mode & 07777 : 0xffff;
}

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0);
    CHECK(faccessat(AT_FDCWD, "f", F_OK, 0) == 0);
    CHECK(access("f", F_OK) == 0);
    CHECK_ERRNO(access("missing", F_OK), ENOENT);
    CHECK_ERRNO(access("f", X_OK), EACCES);
    CHECK(fchmod(fd, 0700) == 0);
    printf("fchmod 0700: mode %04o, X_OK %s\n", mode_of("f"),
           access("f", X_OK) == 0 ? "ok" : "refused");
    CHECK(chmod("f", 0) == 0);
    printf("chmod 0: mode %04o\n", mode_of("f"));
    CHECK_ERRNO(faccessat(AT_FDCWD, "f", X_OK, 0), EACCES);
    CHECK(chmod("f", 04755) == 0);
    printf("chmod 04755: mode %04o\n", mode_of("f"));
    CHECK(fchmodat(AT_FDCWD, "f", 02710, 0) == 0);
    printf("fchmodat 02710: mode %04o\n", mode_of("f"));
    CHECK(mkdir("d", 0755) == 0);
    CHECK(chmod("d", 01777) == 0);
    printf("chmod directory 01777: mode %04o, X_OK %s\n", mode_of("d"),
           access("d", X_OK) == 0 ? "ok" : "refused");
    CHECK(chmod("f", 0100644) == 0); /* type bits in the argument are ignored */
    printf("chmod with type bits 0100644: mode %04o\n", mode_of("f"));

    CHECK(symlink("nowhere", "dangling") == 0);
    CHECK_ERRNO(faccessat(AT_FDCWD, "dangling", F_OK, 0), ENOENT);
    printf("faccessat AT_SYMLINK_NOFOLLOW of a dangling link: %s\n",
           faccessat(AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW) == 0
               ? "ok"
               : strerrorname_np(errno));

    int d = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(fchmodat(d, "../f", 0600, 0) == 0);
    printf("fchmodat through a directory fd: mode %04o\n", mode_of("f"));
    CHECK_ERRNO(access("f", 0x40), EINVAL);
    CHECK_ERRNO(faccessat(AT_FDCWD, "f", F_OK, 0x4000), EINVAL);
    CHECK_ERRNO(chmod("missing", 0644), ENOENT);
    CHECK_ERRNO(chmod("f/x", 0644), ENOTDIR);
    CHECK_ERRNO(access("f/x", F_OK), ENOTDIR);
    CHECK_ERRNO(fchmod(CLOSED_FD, 0644), EBADF);
    CHECK_ERRNO(fchmodat(CLOSED_FD, "f", 0644, 0), EBADF);
    close(d);
    close(fd);
    leave_tmpdir();
    return check_finish("file_access_chmod", 0);
}
