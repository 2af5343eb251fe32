/* expect-status: 0 */
/*
 * compute_primes - a CPU workload with known answers: a sieve of Eratosthenes up to 2,000,000
 * (148,933 primes), a CRC-32 of the sieve computed bit by bit, 64-bit multiply-high and
 * division on large operands, and Collatz chain lengths.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define LIMIT 2000000

static unsigned char composite[LIMIT + 1];

static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static int collatz_length(uint64_t n)
{
    int steps = 0;
    while (n != 1) {
        n = n % 2 ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

int main(void)
{
    for (uint64_t i = 2; i * i <= LIMIT; i++) {
        if (!composite[i]) {
            for (uint64_t j = i * i; j <= LIMIT; j += i) {
                composite[j] = 1;
            }
        }
    }
    int count = 0;
    uint64_t sum = 0;
    int last = 0;
    for (int i = 2; i <= LIMIT; i++) {
        if (!composite[i]) {
            count++;
            sum += (uint64_t)i;
            last = i;
        }
    }
    printf("primes up to %d: %d, sum %llu, largest %d\n", LIMIT, count, (unsigned long long)sum,
           last);
    CHECK(count == 148933);
    printf("crc32 of the sieve: %08x\n", crc32_bitwise(composite, sizeof(composite)));
    CHECK(crc32_bitwise((const unsigned char *)"123456789", 9) == 0xcbf43926u);

    volatile uint64_t a = 0xfedcba9876543210u, b = 0x0123456789abcdefu;
    unsigned __int128 product = (unsigned __int128)a * b;
    printf("128-bit product: %016llx%016llx, a / b = %llu, a %% b = %llu\n",
           (unsigned long long)(product >> 64), (unsigned long long)product,
           (unsigned long long)(a / b), (unsigned long long)(a % b));
    int best = 0, best_start = 0;
    for (int n = 1; n < 100000; n++) {
        int length = collatz_length((uint64_t)n);
        if (length > best) {
            best = length;
            best_start = n;
        }
    }
    printf("longest Collatz chain below 100000 starts at %d: %d steps\n", best_start, best);
    CHECK(best_start == 77031 && best == 350);
    return check_finish("compute_primes", 0);
}
