/* expect-status: 0 */
/*
 * poll_pipe - poll, ppoll and select (pselect6) on pipes: an empty pipe's read end is not
 * ready (timeout 0 returns 0) while its write end is POLLOUT; after a write the read end is
 * POLLIN; once the writer is closed the read end reports POLLHUP (with POLLIN while data
 * remains); once the reader is closed the write end reports POLLERR; a closed fd in the set
 * is POLLNVAL; a negative fd is skipped. A child writing after 30 ms wakes a blocking poll.
 * ppoll's and pselect's timeouts expire with 0. Errors: EFAULT for a bad fds pointer, EINVAL
 * for too many fds and a negative ppoll timeout, EBADF for select of a closed fd.
 */
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "../linux/check.h"

#define CLOSED_FD 99

static void events(const char *what, short ev)
{
    printf("%s:%s%s%s%s%s\n", what, ev & POLLIN ? " POLLIN" : "", ev & POLLOUT ? " POLLOUT" : "",
           ev & POLLHUP ? " POLLHUP" : "", ev & POLLERR ? " POLLERR" : "",
           ev & POLLNVAL ? " POLLNVAL" : "");
}

int main(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    int r = poll(fds, 2, 0);
    printf("empty pipe: poll returned %d\n", r);
    events("  read end", fds[0].revents);
    events("  write end", fds[1].revents);
    CHECK(r == 1 && fds[0].revents == 0 && fds[1].revents == POLLOUT);

    CHECK(write(p[1], "x", 1) == 1);
    r = poll(fds, 1, 0);
    printf("after a write: poll returned %d\n", r);
    events("  read end", fds[0].revents);
    CHECK(r == 1 && fds[0].revents == POLLIN);

    CHECK(close(p[1]) == 0);
    r = poll(fds, 1, 0);
    events("writer closed, data left: read end", fds[0].revents);
    char c;
    CHECK(read(p[0], &c, 1) == 1);
    r = poll(fds, 1, 1000);
    events("writer closed, drained: read end", fds[0].revents);
    CHECK(r == 1 && fds[0].revents == POLLHUP);
    close(p[0]);

    CHECK(pipe(p) == 0);
    close(p[0]);
    struct pollfd w = {p[1], POLLOUT, 0};
    r = poll(&w, 1, 0);
    events("reader closed: write end", w.revents);
    CHECK(r == 1 && (w.revents & POLLERR));
    close(p[1]);

    struct pollfd odd[2] = {{CLOSED_FD, POLLIN, 0}, {-1, POLLIN, 0x55}};
    r = poll(odd, 2, 0);
    printf("a closed fd and -1: poll returned %d\n", r);
    events("  closed fd", odd[0].revents);
    printf("  fd -1 revents: %d\n", odd[1].revents);
    CHECK(r == 1 && odd[0].revents == POLLNVAL && odd[1].revents == 0);

    /* A blocking poll woken by a child's write. */
    CHECK(pipe(p) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec nap = {0, 30 * 1000 * 1000};
        nanosleep(&nap, NULL);
        _exit(write(p[1], "late", 4) == 4 ? 0 : 1);
    }
    fds[0].fd = p[0];
    fds[0].events = POLLIN;
    r = poll(fds, 1, 5000);
    printf("blocking poll woken by the child: %d", r);
    events("", fds[0].revents);
    CHECK(r == 1 && fds[0].revents == POLLIN);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);

    struct timespec ts = {0, 20 * 1000 * 1000};
    struct pollfd empty = {p[1], POLLIN, 0};
    sigset_t mask;
    sigemptyset(&mask);
    r = ppoll(&empty, 1, &ts, &mask);
    printf("ppoll for input on a write end, 20 ms: %d\n", r);
    CHECK(r == 0);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timespec zero = {0, 0};
    r = pselect(p[1] + 1, &rd, &wr, NULL, &zero, NULL);
    printf("pselect: %d, read end readable %s, write end writable %s\n", r,
           FD_ISSET(p[0], &rd) ? "yes" : "no", FD_ISSET(p[1], &wr) ? "yes" : "no");
    CHECK(r == 2);
    char buf[8];
    CHECK(read(p[0], buf, sizeof(buf)) == 4);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {0, 20000};
    r = select(p[0] + 1, &rd, NULL, NULL, &tv);
    printf("select on the drained pipe, 20 ms: %d, readable %s\n", r,
           FD_ISSET(p[0], &rd) ? "yes" : "no");
    CHECK(r == 0);

    CHECK_ERRNO(syscall(SYS_ppoll, (void *)1, 1, &zero, NULL, 8), EFAULT);
    CHECK_ERRNO(syscall(SYS_ppoll, fds, 0x7fffffff, &zero, NULL, 8), EINVAL);
    struct timespec neg = {-1, 0};
    CHECK_ERRNO(ppoll(fds, 1, &neg, NULL), EINVAL);
    /* A closed fd inside the fd table: Linux's select ignores numbers beyond the table's
     * current size (64 until a process uses more), so 99 would not do. */
    int closed = dup(0);
    CHECK(closed >= 0 && close(closed) == 0);
    FD_ZERO(&rd);
    FD_SET(closed, &rd);
    CHECK_ERRNO(select(closed + 1, &rd, NULL, NULL, &tv), EBADF);
    close(p[0]);
    close(p[1]);
    return check_finish("poll_pipe", 0);
}
