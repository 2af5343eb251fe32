/*
 * servers/fault/fault.c - builtins that fault on purpose (see fault.h).
 *
 * The faults must reach the host CPU: through volatile accesses the compiler cannot drop, and
 * with UBSan kept out of the division (it would report the division by zero and abort first,
 * which is what a real bug in a sanitizer build should do, but not what this test is about).
 */
#include "servers/fault/fault.h"

#include <stdint.h>

#include "vx/syscall.h"

const char fault_readonly[] = "fault-write stores here";

/* Never set: the recursion's end is a value the compiler cannot know. */
static volatile uint32_t stack_depth_limit;
static volatile int divisor;

int fault_write_main(void *arg)
{
    *(volatile char *)fault_readonly = 'X';
    return 0;
}

__attribute__((no_sanitize("integer-divide-by-zero"))) int fault_divide_main(void *arg)
{
    volatile int dividend = 1;
    int q = dividend / divisor;
    return q == 0 ? FAULT_NO_TRAP : FAULT_NO_TRAP + 1;
}

/* Each call touches its own 256-byte frame: at most a frame apart, never skipping a page. */
__attribute__((noinline)) static uint32_t recurse(volatile uint8_t *caller, uint32_t depth)
{
    volatile uint8_t frame[256];
    frame[0] = (uint8_t)depth;
    frame[sizeof frame - 1] = caller[0];
    if (stack_depth_limit && depth >= stack_depth_limit)
        return frame[0];
    return recurse(frame, depth + 1) + frame[sizeof frame - 1];
}

int fault_stack_main(void *arg)
{
    const struct vx_startup *s = arg;
    volatile uint8_t top[8] = {0};
    uint64_t where = (uint64_t)(uintptr_t)top;
    if (s->bootstrap)
        vx_channel_write(s->bootstrap, &where, sizeof where, NULL, 0);
    return (int)recurse(top, 1);
}
