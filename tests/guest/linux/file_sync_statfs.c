/* expect-status: 0 */
/*
 * file_sync_statfs - fsync, fdatasync, syncfs and sync succeed on a file and a directory;
 * statfs and fstatfs succeed on the test directory and agree with each other on the block
 * size and the file-system type (not printed: they depend on the host). Errors: fsync of a
 * pipe (EINVAL), a closed fd (EBADF), statfs of a missing name (ENOENT), through a file
 * (ENOTDIR), a bad buffer (EFAULT).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(write(fd, "sync me", 7) == 7);
    printf("fsync file: %d\n", fsync(fd));
    printf("fdatasync file: %d\n", fdatasync(fd));
    printf("syncfs: %d\n", syncfs(fd));
    sync();
    int d = open(".", O_RDONLY | O_DIRECTORY);
    printf("fsync directory: %d\n", fsync(d));

    struct statfs a, b;
    CHECK(statfs(".", &a) == 0);
    CHECK(fstatfs(fd, &b) == 0);
    printf("statfs and fstatfs agree on type and block size: %s\n",
           a.f_type == b.f_type && a.f_bsize == b.f_bsize ? "yes" : "no");
    printf("block size positive, free blocks within total: %s\n",
           a.f_bsize > 0 && a.f_bfree <= a.f_blocks && a.f_bavail <= a.f_blocks ? "yes" : "no");
    CHECK(a.f_bsize > 0 && a.f_bfree <= a.f_blocks);
    CHECK(statfs("/", &a) == 0);

    int p[2];
    CHECK(pipe(p) == 0);
    CHECK_ERRNO(fsync(p[0]), EINVAL);
    CHECK_ERRNO(fdatasync(p[1]), EINVAL);
    CHECK_ERRNO(fsync(CLOSED_FD), EBADF);
    CHECK_ERRNO(fdatasync(CLOSED_FD), EBADF);
    CHECK_ERRNO(syncfs(CLOSED_FD), EBADF);
    CHECK_ERRNO(statfs("missing", &a), ENOENT);
    CHECK_ERRNO(statfs("f/x", &a), ENOTDIR);
    CHECK_ERRNO(fstatfs(CLOSED_FD, &a), EBADF);
    CHECK_ERRNO(syscall(SYS_statfs, ".", (void *)1), EFAULT);
    CHECK_ERRNO(syscall(SYS_statfs, (void *)1, &a), EFAULT);
    close(p[0]);
    close(p[1]);
    close(d);
    close(fd);
    leave_tmpdir();
    return check_finish("file_sync_statfs", 0);
}
