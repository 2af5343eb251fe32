/* expect-status: 0 */
/*
 * errno_basic - invalid calls get the Linux error, not a crash and not success: write to a
 * closed descriptor (EBADF), read and write through an unmapped pointer (EFAULT, made with
 * syscall() so that glibc cannot check first), munmap of a misaligned address and of length 0,
 * mmap of length 0 (EINVAL), an unknown system call number (ENOSYS), fstat of a closed
 * descriptor (EBADF). stdin is a file (errno_basic.stdin), so the read has data to deliver.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define CLOSED_FD 99
#define UNMAPPED  ((void *)8)
/* Not a Linux call, and below the native system call range (0x4000). */
#define UNKNOWN_SYSCALL 4000

int main(void)
{
    struct stat st;
    CHECK_ERRNO(write(CLOSED_FD, "x", 1), EBADF);
    CHECK_ERRNO(read(CLOSED_FD, &st, 1), EBADF);
    CHECK_ERRNO(syscall(SYS_read, 0, UNMAPPED, 16), EFAULT);
    CHECK_ERRNO(syscall(SYS_write, 1, UNMAPPED, 16), EFAULT);
    CHECK_ERRNO(munmap((char *)&st + 1, 4096), EINVAL);
    CHECK_ERRNO(munmap(NULL, 0), EINVAL);
    CHECK_ERRNO(mmap(NULL, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO(syscall(UNKNOWN_SYSCALL, 1, 2, 3), ENOSYS);
    CHECK_ERRNO(fstat(CLOSED_FD, &st), EBADF);

    /* The failed read must not have consumed stdin: the whole input is still there. */
    char line[64] = {0};
    CHECK(fgets(line, sizeof(line), stdin) != NULL);
    CHECK(strcmp(line, "stdin is still unread\n") == 0);
    printf("first line of stdin after the failed read: %s", line);
    return check_finish("errno_basic", 0);
}
