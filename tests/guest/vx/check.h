/*
 * tests/guest/vx/check.h - the check macro of the libvx guest test programs.
 *
 * CHECK(cond, fmt, ...) counts a failure in `failures` (which the including program defines)
 * and prints where and what was expected; the program's exit code is the number of failures.
 */
#ifndef TESTS_GUEST_VX_CHECK_H
#define TESTS_GUEST_VX_CHECK_H

#include "vx/libvx.h"

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            failures++;                                                                        \
            vx_printf("FAIL %s:%d: %s", __func__, __LINE__, #cond);                             \
            vx_printf("  " __VA_ARGS__);                                                       \
        }                                                                                      \
    } while (0)

#endif
