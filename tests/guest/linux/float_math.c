/* expect-status: 0 */
/*
 * float_math - libm and the FPU: elementary functions printed with all 17 significant digits
 * (so every bit is compared), single precision, rounding modes through fesetround, floating
 * point exception flags, conversions between floats and integers, and a long double sum.
 */
#include <fenv.h>
#include <math.h>
#include <stdint.h>

#include "check.h"

static volatile double one_third_source = 3.0; /* volatile: computed at run time, not by GCC */

static void elementary(void)
{
    double xs[] = {0.5, 1.0, 2.0, 10.0, 123.456};
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        double x = xs[i];
        printf("x=%g sqrt=%.17g exp=%.17g log=%.17g sin=%.17g cos=%.17g atan=%.17g\n", x, sqrt(x),
               exp(x), log(x), sin(x), cos(x), atan(x));
    }
    printf("pow(2,0.5)=%.17g hypot(3,4)=%.17g fmod(10,3)=%.17g cbrt(27)=%.17g\n", pow(2, 0.5),
           hypot(3, 4), fmod(10, 3), cbrt(27));
    printf("floor(-2.5)=%g ceil(-2.5)=%g round(-2.5)=%g trunc(-2.7)=%g rint(2.5)=%g\n", floor(-2.5),
           ceil(-2.5), round(-2.5), trunc(-2.7), rint(2.5));
    float f = 1.0f / (float)one_third_source;
    printf("float: 1/3=%.9g sqrtf(2)=%.9g expf(1)=%.9g\n", f, sqrtf(2.0f), expf(1.0f));
}

static void rounding_modes(void)
{
    static const struct {
        int mode;
        const char *name;
    } modes[] = {
        {FE_TONEAREST, "nearest"},
        {FE_UPWARD, "upward"},
        {FE_DOWNWARD, "downward"},
        {FE_TOWARDZERO, "toward zero"},
    };
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        CHECK(fesetround(modes[i].mode) == 0);
        CHECK(fegetround() == modes[i].mode);
        double third = 1.0 / one_third_source;
        double minus_third = -1.0 / one_third_source;
        printf("%-11s: 1/3=%.17g -1/3=%.17g rint(2.5)=%g rint(-1.5)=%g\n", modes[i].name, third,
               minus_third, rint(2.5), rint(-1.5));
    }
    fesetround(FE_TONEAREST);
}

static void exception_flags(void)
{
    feclearexcept(FE_ALL_EXCEPT);
    volatile double zero = 0.0;
    volatile double r = 1.0 / zero;
    CHECK(fetestexcept(FE_DIVBYZERO) != 0);
    CHECK(isinf(r));
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(-one_third_source);
    CHECK(fetestexcept(FE_INVALID) != 0);
    CHECK(isnan(r));
    feclearexcept(FE_ALL_EXCEPT);
    r = 1.0 / one_third_source;
    CHECK(fetestexcept(FE_INEXACT) != 0);
    printf("exception flags: divide by zero, invalid and inexact raised as expected\n");
}

static void conversions(void)
{
    volatile double negative = -3.99, large = 3.99e9, big = 1e20, nan_value = NAN;
    printf("(long)-3.99=%ld (unsigned)3.99e9=%u (float)0.1=%.17g\n", (long)negative,
           (unsigned)large, (double)(float)(negative / -39.9));
    /* Out of range and NaN: glibc's lrint is RISC-V's fcvt.l.d, which saturates. */
    printf("lrint(1e20)=%ld lrint(-1e20)=%ld lrint(NaN)=%ld lrint(-2.5)=%ld\n", lrint(big),
           lrint(-big), lrint(nan_value), lrint(-2.5));
    long double sum = 0;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0L / i;
    }
    printf("harmonic(1000) in long double = %.30Lg\n", sum);
}

int main(void)
{
    elementary();
    rounding_modes();
    exception_flags();
    conversions();
    return check_finish("float_math", 0);
}
