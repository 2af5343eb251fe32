/* expect-status: 0 */
/*
 * setjmp_longjmp - non-local jumps: setjmp returns 0 first and the value passed to longjmp
 * after (longjmp(env, 0) gives 1), a jump out of deep recursion unwinds it, volatile locals
 * keep values changed after setjmp, nested jump buffers, and callee-saved floating point
 * registers survive a jump.
 */
#include <setjmp.h>

#include "check.h"

static jmp_buf outer, inner;
static int deepest;

static void recurse(int depth)
{
    char frame[128];
    memset(frame, depth, sizeof(frame));
    check_touch(frame);
    if (depth < 0) {
        return;
    }
    if (depth == 1000) {
        deepest = depth;
        longjmp(outer, depth);
    }
    recurse(depth + 1);
}

static void jump_with_zero(void)
{
    longjmp(inner, 0);
}

static double keep_float(volatile double seed)
{
    jmp_buf env;
    register double kept = seed * 3.0;
    if (setjmp(env) == 0) {
        longjmp(env, 1);
    }
    return kept;
}

int main(void)
{
    volatile int counter = 0;
    int got = setjmp(outer);
    printf("setjmp returned %d, counter %d\n", got, counter);
    if (got == 0) {
        counter = 10;
        recurse(0);
        printf("FAIL: recursion returned\n");
    }
    CHECK(got == 1000 && counter == 10 && deepest == 1000);

    int hops = 0;
    volatile int zero_value = -1;
    if ((zero_value = setjmp(inner)) == 0) {
        hops++;
        jump_with_zero();
    }
    printf("longjmp(env, 0) made setjmp return %d after %d hop\n", zero_value, hops);
    CHECK(zero_value == 1);

    /* Jump back into a loop many times. */
    volatile int rounds = 0;
    if (setjmp(inner) < 50) {
        rounds++;
        if (rounds < 50) {
            longjmp(inner, rounds);
        }
    }
    printf("looped through setjmp %d times\n", rounds);
    CHECK(rounds == 50);

    double kept = keep_float(2.5);
    printf("float register across longjmp: %g\n", kept);
    CHECK(kept == 7.5);
    return check_finish("setjmp_longjmp", 0);
}
