/*
 * tests/guest/linux/check.h - the checks of the Linux differential test programs.
 *
 * These programs run under qemu-riscv64 (the oracle) and under `vaelix exec`, and the runner
 * (tests/integration/linux_diff.sh) compares what they print. A check that fails prints one
 * deterministic line on stdout, so the difference shows in the diff; check_finish() then turns
 * the exit status into CHECK_FAILED_STATUS, which no program expects.
 *
 * Header-only on purpose: every program is one compiler call on one .c file.
 */
#ifndef TESTS_GUEST_LINUX_CHECK_H
#define TESTS_GUEST_LINUX_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The exit status of a program with a failed check; no program's expect-status uses it. */
#define CHECK_FAILED_STATUS 99

static int check_failures;

static void check_report(int ok, const char *what, const char *func, int line)
{
    if (!ok) {
        check_failures++;
        printf("FAIL %s:%d: %s\n", func, line, what);
    }
}

#define CHECK(cond) check_report((cond) ? 1 : 0, #cond, __func__, __LINE__)

/*
 * CHECK_ERRNO(call, err): `call` must return -1 with errno == err. Prints one line either way,
 * naming the call and the error, so the output documents which errors are checked.
 */
#define CHECK_ERRNO(call, err)                                                                     \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long got_ = (long)(call);                                                                  \
        int errno_ = errno;                                                                        \
        check_report(got_ == -1 && errno_ == (err), #call " fails with " #err, __func__,           \
                     __LINE__);                                                                    \
        printf("%s: %s\n", #call, got_ == -1 ? strerrorname_np(errno_) : "succeeded");             \
    } while (0)

/*
 * Keeps the compiler from proving memory unused: at -O2, GCC may delete a malloc/free pair or
 * a store it can see is never read, and then the program no longer tests what it says.
 */
static inline void check_touch(const void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

/* write(2) until all n bytes are out; -1 on an error or no progress. */
static inline int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t done = write(fd, p, n);
        if (done <= 0) {
            return -1;
        }
        p += done;
        n -= (size_t)done;
    }
    return 0;
}

/* How many of p[0..n) are not `value`. */
static inline size_t bytes_not(const unsigned char *p, size_t n, unsigned char value)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += p[i] != value;
    }
    return count;
}

/* Prints the summary line and returns the exit status: `status`, or CHECK_FAILED_STATUS. */
static inline int check_finish(const char *program, int status)
{
    printf("%s: %d checks failed\n", program, check_failures);
    return check_failures ? CHECK_FAILED_STATUS : status;
}

#endif
