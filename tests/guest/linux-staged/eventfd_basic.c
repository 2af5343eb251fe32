/* expect-status: 0 */
/*
 * eventfd_basic - eventfd2 counter semantics: writes add to the counter, a read returns it and
 * resets it to 0; with EFD_SEMAPHORE each read returns 1 and decrements; a read of a zero
 * counter with EFD_NONBLOCK is EAGAIN; a write that would pass 0xfffffffffffffffe is EAGAIN
 * with EFD_NONBLOCK; the initial value comes from the call. A read that blocks is woken by a
 * thread's write. Errors: a buffer smaller than 8 bytes (EINVAL), writing 0xffffffffffffffff
 * (EINVAL), unknown flags (EINVAL).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <time.h>

#include "../linux/check.h"

static int shared_fd;

static void *late_writer(void *arg)
{
    (void)arg;
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    uint64_t v = 9;
    return (void *)(intptr_t)(write(shared_fd, &v, 8) == 8);
}

int main(void)
{
    int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    CHECK(fd >= 0);
    printf("flags: O_NONBLOCK %s, FD_CLOEXEC %s\n",
           fcntl(fd, F_GETFL) & O_NONBLOCK ? "set" : "clear",
           fcntl(fd, F_GETFD) == FD_CLOEXEC ? "set" : "clear");
    uint64_t v = 4;
    CHECK(write(fd, &v, 8) == 8);
    v = 10;
    CHECK(write(fd, &v, 8) == 8);
    v = 0;
    ssize_t n = read(fd, &v, 8);
    printf("initial 3, wrote 4 and 10: read %zd bytes, value %llu\n", n, (unsigned long long)v);
    CHECK(n == 8 && v == 17);
    CHECK_ERRNO(read(fd, &v, 8), EAGAIN);
    v = 0xfffffffffffffffeULL;
    CHECK(write(fd, &v, 8) == 8);
    v = 1;
    CHECK_ERRNO(write(fd, &v, 8), EAGAIN);
    CHECK(read(fd, &v, 8) == 8 && v == 0xfffffffffffffffeULL);
    printf("the maximum 0xfffffffffffffffe fits; one more is EAGAIN\n");
    char small[4];
    CHECK_ERRNO(read(fd, small, 4), EINVAL);
    CHECK_ERRNO(write(fd, small, 4), EINVAL);
    v = 0xffffffffffffffffULL;
    CHECK_ERRNO(write(fd, &v, 8), EINVAL);
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    printf("EFD_SEMAPHORE with 3:");
    for (int i = 0; i < 4; i++) {
        v = 0;
        n = read(fd, &v, 8);
        if (n == 8) {
            printf(" %llu", (unsigned long long)v);
        } else {
            printf(" %s", strerrorname_np(errno));
        }
    }
    printf("\n");
    close(fd);

    shared_fd = eventfd(0, 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, late_writer, NULL) == 0);
    v = 0;
    n = read(shared_fd, &v, 8);
    void *ok;
    CHECK(pthread_join(t, &ok) == 0 && ok);
    printf("blocking read woken by a thread's write: %zd bytes, value %llu\n", n,
           (unsigned long long)v);
    CHECK(n == 8 && v == 9);
    close(shared_fd);

    CHECK_ERRNO(eventfd(0, 0x12345), EINVAL);
    return check_finish("eventfd_basic", 0);
}
