/*
 * boot/leak.h - counting what the kernel's allocators have handed out, to find leaks.
 *
 * A leak check compares two counts taken when the same things should exist: the self-test
 * runner's before and after each test, the init thread's before init starts and after every
 * task is gone (programs.c). Free objects resting in a vCPU's slab magazine keep their slabs
 * (and so their frames) in use, and each cache keeps one empty slab for its next allocation;
 * leak_count first gives all of those back, so two counts taken with the same objects alive
 * are equal.
 */
#ifndef BOOT_LEAK_H
#define BOOT_LEAK_H

#include <stdint.h>

struct leak_counts {
    uint64_t free_frames;  /* free frames (frame_get_stats: the lists and the vCPU caches) */
    uint64_t slab_objects; /* allocated from any slab cache, kmalloc's included */
};

/* Drain every vCPU's slab magazines and frame cache, give every cache's empty slabs back,
 * then count.
 * Kernel threads only: it runs a call on each vCPU (sched_on_each_cpu). */
void leak_count(struct leak_counts *out);

#endif /* BOOT_LEAK_H */
