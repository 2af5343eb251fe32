/* expect-status: 0 */
/*
 * stack_deep - the main thread's stack grows on demand: recursion that uses about 1 MiB of
 * stack (below any sane RLIMIT_STACK; Linux's default is 8 MiB), a 256 KiB local array, and
 * variable length arrays, with every frame's data checked on the way back up.
 */
#include <stdint.h>

#include "check.h"

#define FRAME_BYTES 512
#define DEPTH       2000 /* DEPTH * FRAME_BYTES is about 1 MiB */

static int wrong_frames;

static uint64_t descend(int depth)
{
    unsigned char frame[FRAME_BYTES];
    memset(frame, depth & 0xff, sizeof(frame));
    check_touch(frame);
    uint64_t below = depth < DEPTH ? descend(depth + 1) : 0;
    for (int i = 0; i < FRAME_BYTES; i += 64) {
        wrong_frames += frame[i] != (depth & 0xff);
    }
    return below + frame[FRAME_BYTES - 1];
}

static uint64_t big_local(void)
{
    unsigned char array[256 * 1024];
    for (size_t i = 0; i < sizeof(array); i++) {
        array[i] = (unsigned char)(i * 7);
    }
    check_touch(array);
    uint64_t sum = 0;
    for (size_t i = 0; i < sizeof(array); i += 4096) {
        sum += array[i + 1];
    }
    return sum;
}

static uint64_t vla_sum(int n)
{
    uint32_t values[n];
    for (int i = 0; i < n; i++) {
        values[i] = (uint32_t)i;
    }
    check_touch(values);
    uint64_t sum = 0;
    for (int i = 0; i < n; i++) {
        sum += values[i];
    }
    return sum;
}

int main(void)
{
    uint64_t total = descend(0);
    printf("recursion %d deep, %d bytes a frame: sum %llu, %d frames damaged\n", DEPTH, FRAME_BYTES,
           (unsigned long long)total, wrong_frames);
    CHECK(wrong_frames == 0);
    uint64_t local = big_local();
    printf("256 KiB local array: sum %llu\n", (unsigned long long)local);
    CHECK(local == 64 * 7);
    uint64_t vla = vla_sum(50000);
    printf("variable length array of 50000 words: sum %llu\n", (unsigned long long)vla);
    CHECK(vla == 50000ull * 49999 / 2);
    return check_finish("stack_deep", 0);
}
