/*
 * fmt_test.c - vx_snprintf against the host's snprintf, which C11 specifies.
 *
 * Every case is formatted by both and the outputs and return values must be equal. Truncation
 * cases check the always-terminated buffer and the full-length return value.
 */
#include <criterion/criterion.h>

#include "criterion_tsan.h"
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/fmt.h"

/* Some formats here are odd or wrong on purpose (ignored flags, NULL strings, unknown
 * conversions): the tests are what happens to them, so the compiler's format checks are off. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define SAME(...)                                                                            \
    do {                                                                                     \
        char want[256], got[256];                                                            \
        int wn = snprintf(want, sizeof want, __VA_ARGS__);                                   \
        int gn = vx_snprintf(got, sizeof got, __VA_ARGS__);                                  \
        cr_expect_str_eq(got, want, "format %s: expected \"%s\", got \"%s\"", #__VA_ARGS__,  \
                         want, got);                                                         \
        cr_expect_eq(gn, wn, "format %s: expected length %d, got %d", #__VA_ARGS__, wn, gn); \
    } while (0)

Test(fmt, signed_decimal_matches_c11)
{
    SAME("%d", 0);
    SAME("%d", -1);
    SAME("%d", INT_MAX);
    SAME("%d", INT_MIN);
    SAME("%i|%5d|%-5d|%05d", 42, 42, 42, -42);
    SAME("%+d % d %+d % d", 7, 7, -7, -7);
    SAME("%.3d|%8.3d|%-8.3d|%08.3d", 5, -5, 5, 5);
    SAME("%.0d|%5.0d|%d", 0, 0, 0);
    SAME("%ld %lld %jd", LONG_MIN, LLONG_MAX, (intmax_t)INT64_MIN);
    SAME("%hd %hhd", (short)-3, (signed char)-128);
    SAME("%zd %td", (size_t)123, (ptrdiff_t)-9);
}

Test(fmt, unsigned_hex_octal_match_c11)
{
    SAME("%u %u", 0u, UINT_MAX);
    SAME("%x %X %#x %#X %#x", 0xbeefu, 0xbeefu, 0xbeefu, 0xbeefu, 0u);
    SAME("%o %#o %#o %#.0o", 8u, 8u, 0u, 0u);
    SAME("%08x|%-8x|%#010x|%.6x", 0xabu, 0xabu, 0xabu, 0xabu);
    SAME("%lx %llx %zx", ULONG_MAX, ULLONG_MAX, (size_t)SIZE_MAX);
    SAME("%hx %hhx %hhu", (unsigned short)0xffff, (unsigned char)0xff, (unsigned char)200);
}

Test(fmt, strings_chars_and_percent_match_c11)
{
    SAME("%s|%10s|%-10s|%.2s|%5.1s", "vaelix", "vaelix", "vaelix", "vaelix", "vaelix");
    SAME("%c%c%5c%-3c|", 'a', 'b', 'c', 'd');
    SAME("100%% %s", "");
    SAME("%*d|%-*d|%.*s|%*s", 6, 1, 6, 2, 3, "abcdef", -4, "x");
}

Test(fmt, pointers_are_hex_with_prefix)
{
    char got[64], want[64];
    void *p = (void *)(uintptr_t)0x7fff1234abcdu;
    vx_snprintf(got, sizeof got, "%p", p);
    snprintf(want, sizeof want, "%p", p);
    cr_expect_str_eq(got, want);
}

Test(fmt, null_string_prints_marker)
{
    char got[32];
    vx_snprintf(got, sizeof got, "[%s]", (const char *)NULL);
    cr_expect_str_eq(got, "[(null)]");
}

Test(fmt, truncation_terminates_and_returns_full_length)
{
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    int n = vx_snprintf(buf, sizeof buf, "%s-%d", "abcdef", 12345);
    cr_expect_eq(n, 12, "expected the untruncated length 12, got %d", n);
    cr_expect_str_eq(buf, "abcdef-", "expected 7 bytes and a NUL, got \"%s\"", buf);
    cr_expect_eq(vx_snprintf(NULL, 0, "%d", 123456), 6, "size 0 must only count");
    char one[1] = {'Z'};
    cr_expect_eq(vx_snprintf(one, 1, "abc"), 3);
    cr_expect_eq(one[0], '\0', "a one-byte buffer holds just the NUL");
}

Test(fmt, unknown_conversion_is_printed_verbatim)
{
    char got[32];
    vx_snprintf(got, sizeof got, "a%fb %q", 1.0);
    cr_expect_str_eq(got, "a%fb %q");
    vx_snprintf(got, sizeof got, "end%");
    cr_expect_str_eq(got, "end%");
}
