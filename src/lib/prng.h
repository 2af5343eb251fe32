/*
 * lib/prng.h - a small deterministic pseudo-random generator (xorshift64*, Vigna 2016).
 *
 * For tests and self-tests that need reproducible "random" sequences: the same non-zero seed
 * gives the same run. Not for anything that needs unpredictability (use hio_entropy).
 */
#ifndef LIB_PRNG_H
#define LIB_PRNG_H

#include <stdint.h>

/* Advance *state (never 0) and return the next 64-bit value. */
static inline uint64_t vx_prng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#endif /* LIB_PRNG_H */
