/* expect-status: 0 */
/*
 * pipe_basic - pipe and pipe2: bytes come out in order; fstat says FIFO; O_CLOEXEC shows in
 * F_GETFD on both ends, O_NONBLOCK in F_GETFL, and a read of an empty non-blocking pipe is
 * EAGAIN; once the writer is closed a read returns 0 (after the data still in the pipe).
 * Errors: reading the write end and writing the read end (EBADF), lseek (ESPIPE), unknown
 * pipe2 flags (EINVAL), a bad array pointer (EFAULT).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

int main(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "hello", 5) == 5);
    CHECK(write(p[1], " world", 6) == 6);
    char buf[32] = {0};
    ssize_t n = read(p[0], buf, 3);
    CHECK(n == 3);
    n += read(p[0], buf + 3, sizeof(buf) - 4);
    printf("pipe: wrote 11, read %zd '%s'\n", n, buf);
    CHECK(n == 11 && strcmp(buf, "hello world") == 0);
    struct stat st;
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK(fstat(p[1], &st) == 0 && S_ISFIFO(st.st_mode));
    printf("fstat: both ends are FIFOs, fd flags %d %d\n", fcntl(p[0], F_GETFD),
           fcntl(p[1], F_GETFD));
    printf("F_GETFL access modes: read end %s, write end %s\n",
           (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "other",
           (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other");

    CHECK_ERRNO(read(p[1], buf, 1), EBADF);
    CHECK_ERRNO(write(p[0], "x", 1), EBADF);
    CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
    CHECK_ERRNO(pread(p[0], buf, 1, 0), ESPIPE);

    /* EOF only after the data. */
    CHECK(write(p[1], "tail", 4) == 4);
    CHECK(close(p[1]) == 0);
    memset(buf, 0, sizeof(buf));
    n = read(p[0], buf, sizeof(buf));
    ssize_t eof = read(p[0], buf + 8, sizeof(buf) - 8);
    printf("after the writer closed: read %zd '%s', then %zd\n", n, buf, eof);
    CHECK(n == 4 && eof == 0);
    CHECK(close(p[0]) == 0);

    int q[2];
    CHECK(pipe2(q, O_CLOEXEC) == 0);
    printf("pipe2(O_CLOEXEC): FD_CLOEXEC on read end %s, write end %s\n",
           fcntl(q[0], F_GETFD) == FD_CLOEXEC ? "yes" : "no",
           fcntl(q[1], F_GETFD) == FD_CLOEXEC ? "yes" : "no");
    CHECK(fcntl(q[0], F_GETFD) == FD_CLOEXEC && fcntl(q[1], F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0);
    close(q[0]);
    close(q[1]);

    CHECK(pipe2(q, O_NONBLOCK) == 0);
    printf("pipe2(O_NONBLOCK): O_NONBLOCK in F_GETFL: %s, FD_CLOEXEC: %s\n",
           (fcntl(q[0], F_GETFL) & O_NONBLOCK) ? "yes" : "no",
           fcntl(q[0], F_GETFD) == FD_CLOEXEC ? "yes" : "no");
    CHECK_ERRNO(read(q[0], buf, sizeof(buf)), EAGAIN);
    CHECK(write(q[1], "ab", 2) == 2);
    CHECK(read(q[0], buf, sizeof(buf)) == 2);
    CHECK_ERRNO(read(q[0], buf, sizeof(buf)), EAGAIN);
    /* Clearing O_NONBLOCK with F_SETFL; with the writer gone, the read is EOF, not a block. */
    CHECK(fcntl(q[0], F_SETFL, 0) == 0);
    CHECK((fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0);
    close(q[1]);
    CHECK(read(q[0], buf, sizeof(buf)) == 0);
    close(q[0]);

    CHECK_ERRNO(pipe2(q, 0x7fff0000), EINVAL);
    CHECK_ERRNO(read(CLOSED_FD, buf, 1), EBADF);
    /* Last: qemu-user makes the pipe before it finds the pointer bad, and leaves its two fds
     * open (Linux does not); nothing after this may depend on which fds are free. */
    CHECK_ERRNO(syscall(SYS_pipe2, (void *)1, 0), EFAULT);
    return check_finish("pipe_basic", 0);
}
