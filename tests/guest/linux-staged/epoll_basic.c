/* expect-status: 0 */
/*
 * epoll_basic - epoll_create1, epoll_ctl and epoll_pwait on pipes and an eventfd: nothing
 * ready gives 0; ready fds come back with their data.u64 and events; EPOLL_CTL_MOD changes
 * the interest; EPOLL_CTL_DEL removes it; level-triggered reports again while data remains,
 * edge-triggered (EPOLLET) only after new data; EPOLLONESHOT reports once until re-armed;
 * EPOLLHUP when the writer closes. A child's write wakes a blocking epoll_pwait. Errors:
 * EEXIST (added twice), ENOENT (MOD/DEL of an fd not added), EINVAL (epoll on itself, unknown
 * create flags, maxevents 0), EPERM (a regular file), EBADF.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <time.h>

#include "../linux/check.h"

#define CLOSED_FD 99

static void show(const char *what, int n, struct epoll_event *ev)
{
    /* Sorted by data, so that the order the kernel lists them in does not matter. */
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && ev[j - 1].data.u64 > ev[j].data.u64; j--) {
            struct epoll_event t = ev[j];
            ev[j] = ev[j - 1];
            ev[j - 1] = t;
        }
    }
    printf("%s: %d ready", what, n);
    for (int i = 0; i < n; i++) {
        uint32_t e = ev[i].events;
        printf(" [data %llu%s%s%s%s]", (unsigned long long)ev[i].data.u64, e & EPOLLIN ? " IN" : "",
               e & EPOLLOUT ? " OUT" : "", e & EPOLLHUP ? " HUP" : "", e & EPOLLERR ? " ERR" : "");
    }
    printf("\n");
}

static int add(int ep, int op, int fd, uint32_t events, uint64_t data)
{
    struct epoll_event e = {.events = events, .data.u64 = data};
    return epoll_ctl(ep, op, fd, &e);
}

int main(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    printf("epoll_create1(EPOLL_CLOEXEC): FD_CLOEXEC %s\n",
           fcntl(ep, F_GETFD) == FD_CLOEXEC ? "set" : "clear");
    int a[2], b[2];
    CHECK(pipe(a) == 0 && pipe(b) == 0);
    int efd = eventfd(0, EFD_NONBLOCK);
    CHECK(add(ep, EPOLL_CTL_ADD, a[0], EPOLLIN, 100) == 0);
    CHECK(add(ep, EPOLL_CTL_ADD, b[0], EPOLLIN | EPOLLET, 200) == 0);
    CHECK(add(ep, EPOLL_CTL_ADD, efd, EPOLLIN, 300) == 0);
    struct epoll_event ev[8];
    int n = epoll_pwait(ep, ev, 8, 0, NULL);
    show("nothing written", n, ev);
    CHECK(n == 0);

    CHECK(write(a[1], "aa", 2) == 2 && write(b[1], "bb", 2) == 2);
    CHECK(eventfd_write(efd, 5) == 0);
    n = epoll_wait(ep, ev, 8, 0);
    show("all three written", n, ev);
    CHECK(n == 3);
    char c;
    CHECK(read(a[0], &c, 1) == 1 && read(b[0], &c, 1) == 1);
    n = epoll_wait(ep, ev, 8, 0);
    show("one byte read from each pipe (b is edge-triggered)", n, ev);
    CHECK(n == 2);
    CHECK(write(b[1], "b", 1) == 1);
    n = epoll_wait(ep, ev, 8, 0);
    show("new data on b", n, ev);
    CHECK(n == 3);
    eventfd_t v;
    CHECK(eventfd_read(efd, &v) == 0 && v == 5);
    n = epoll_wait(ep, ev, 8, 0);
    show("eventfd read", n, ev);

    CHECK(add(ep, EPOLL_CTL_MOD, a[0], EPOLLIN | EPOLLONESHOT, 101) == 0);
    n = epoll_wait(ep, ev, 1, 0);
    show("a as one-shot, maxevents 1", n, ev);
    n = epoll_wait(ep, ev, 8, 0);
    show("a after its one shot", n, ev);
    CHECK(add(ep, EPOLL_CTL_MOD, a[0], EPOLLIN, 102) == 0);
    CHECK(add(ep, EPOLL_CTL_DEL, b[0], 0, 0) == 0);
    n = epoll_wait(ep, ev, 8, 0);
    show("a re-armed, b deleted", n, ev);
    CHECK(add(ep, EPOLL_CTL_ADD, a[1], EPOLLOUT, 400) == 0);
    close(a[1]);
    n = epoll_wait(ep, ev, 8, 0);
    show("a's writer closed (its fd leaves the set)", n, ev);
    CHECK(read(a[0], &c, 1) == 1);
    n = epoll_wait(ep, ev, 8, 0);
    show("a drained", n, ev);

    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(add(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 500) == 0);
    CHECK(add(ep, EPOLL_CTL_DEL, a[0], 0, 0) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec nap = {0, 30 * 1000 * 1000};
        nanosleep(&nap, NULL);
        _exit(write(p[1], "x", 1) == 1 ? 0 : 1);
    }
    n = epoll_pwait(ep, ev, 8, 5000, NULL);
    show("blocking wait woken by a child", n, ev);
    CHECK(n == 1 && ev[0].data.u64 == 500);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);

    CHECK_ERRNO(add(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1), EEXIST);
    CHECK_ERRNO(add(ep, EPOLL_CTL_MOD, a[0], EPOLLIN, 1), ENOENT);
    CHECK_ERRNO(add(ep, EPOLL_CTL_DEL, b[1], 0, 0), ENOENT);
    CHECK_ERRNO(add(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 1), EINVAL);
    int file = open("/proc/self/exe", O_RDONLY);
    CHECK_ERRNO(add(ep, EPOLL_CTL_ADD, file, EPOLLIN, 1), EPERM);
    close(file);
    CHECK_ERRNO(add(ep, EPOLL_CTL_ADD, CLOSED_FD, EPOLLIN, 1), EBADF);
    CHECK_ERRNO(add(CLOSED_FD, EPOLL_CTL_ADD, p[0], EPOLLIN, 1), EBADF);
    CHECK_ERRNO(add(p[0], EPOLL_CTL_ADD, b[0], EPOLLIN, 1), EINVAL);
    CHECK_ERRNO(epoll_create1(0x1234), EINVAL);
    CHECK_ERRNO(epoll_wait(ep, ev, 0, 0), EINVAL);
    CHECK_ERRNO(epoll_wait(p[0], ev, 8, 0), EINVAL);
    return check_finish("epoll_basic", 0);
}
