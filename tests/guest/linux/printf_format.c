/* expect-status: 0 */
/*
 * printf_format - printf's conversions: integers of every width with flags, field widths and
 * precisions (also from arguments), %c %s %p(NULL) %%, floats in %f %e %g %a with rounding,
 * infinities and NaN, long double, and snprintf's truncation and return value.
 */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

static void integers(void)
{
    printf("[%d] [%i] [%+d] [% d] [%5d] [%-5d] [%05d] [%.3d]\n", 42, -42, 42, 42, 42, 42, 42, 7);
    printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%#X]\n", 3000000000u, 0xbeefu, 0xbeefu, 255u, 8u, 8u,
           0xabcu);
    printf("[%hhd] [%hd] [%ld] [%lld] [%zu] [%td] [%jd]\n", (signed char)-1, (short)-32768,
           LONG_MIN, LLONG_MAX, (size_t)-1, (ptrdiff_t)-5, (intmax_t)INT64_MIN);
    printf("[%" PRIu64 "] [%" PRIx64 "] [%" PRId32 "]\n", UINT64_MAX, UINT64_C(0xfedcba9876543210),
           INT32_MIN);
    printf("[%*d] [%-*d] [%.*d] [%0*d]\n", 6, 1, 6, 2, 4, 3, 6, -4);
    printf("[%d] [%.0d] [%x] [%#x]\n", 0, 0, 0u, 0u);
}

static void characters_and_strings(void)
{
    printf("[%c] [%5c] [%-3c]\n", 'a', 'b', 'c');
    printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s]\n", "text", "right", "left", "truncate", "xy!");
    printf("[%p] [%%] [%s]\n", (void *)0, "");
    int written = 0;
    printf("counting%n", &written);
    printf(" -> %d characters\n", written);
}

static void floats(void)
{
    printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.0f] [%.0f] [%.0f]\n", 3.14159265358979, 2.675, -1.5,
           0.05, 2.5, 3.5, -0.5);
    printf("[%e] [%.3E] [%g] [%g] [%g] [%G]\n", 123456.789, 0.000123456, 100000.0, 1000000.0,
           0.0001, 1e-5);
    printf("[%#g] [%#.0f] [%.10g] [%.17g] [%.17g]\n", 1.0, 3.0, 1.0 / 3.0, 0.1, DBL_MAX);
    printf("[%a] [%A] [%a] [%.2a]\n", 1.0, 255.5, DBL_MIN, M_PI);
    printf("[%f] [%f] [%F] [%e] [%g] [%5.1f]\n", INFINITY, -INFINITY, NAN, -0.0, DBL_TRUE_MIN,
           (double)FLT_MAX);
    printf("[%Lf] [%.30Lg] [%Le]\n", 1.0L / 3.0L, 2.0L / 3.0L, LDBL_MAX);
    printf("[%.60f]\n", 1e-30);
    printf("[%.0f]\n", 1e300);
}

static void truncation(void)
{
    /* volatile: a constant argument would let GCC reject the truncation at compile time. */
    const char *volatile word = "truncated";
    char small[8];
    int needed = snprintf(small, sizeof(small), "%s-%d", word, 12345);
    printf("snprintf into 8 bytes: [%s], needed %d\n", small, needed);
    CHECK(needed == 15);
    CHECK(strcmp(small, "truncat") == 0);
    CHECK(snprintf(NULL, 0, "%08.3f", -2.5) == 8);
    char exact[6];
    CHECK(snprintf(exact, sizeof(exact), "%5s", "abc") == 5 && strcmp(exact, "  abc") == 0);
}

int main(void)
{
    integers();
    characters_and_strings();
    floats();
    truncation();
    return check_finish("printf_format", 0);
}
