/*
 * criterion_tsan.h - lets Criterion run under ThreadSanitizer. Include it in every unit test.
 *
 * Criterion's BoxFort maps its arena with MAP_FIXED at rand_r()-chosen addresses, which TSan
 * mostly reserves for shadow memory, so under TSan no test would run
 * (https://github.com/Snaipe/Criterion/issues/274). This rand_r steers those addresses into
 * TSan's application range for PIE binaries. It only exists in TSan builds; each test file is
 * its own program, so defining the function here is one definition per program.
 */
#ifndef TESTS_CRITERION_TSAN_H
#define TESTS_CRITERION_TSAN_H

#if defined(__SANITIZE_THREAD__)
#include <stdint.h>

#define BOXFORT_MAP_BASE 0x200000000000ull
#define BOXFORT_MAP_STEP (1ull << 24)
#define TSAN_PIE_TOP     0x567000000000ull

int rand_r(unsigned *seed)
{
    static unsigned calls;
    uint64_t addr = TSAN_PIE_TOP - (uint64_t)(calls++ % 64u) * (1ull << 30);
    return (int)((addr - BOXFORT_MAP_BASE) / BOXFORT_MAP_STEP);
}
#endif

#endif
