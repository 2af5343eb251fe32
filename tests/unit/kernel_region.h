/*
 * kernel_region.h - physical memory for unit tests of kernel code that allocates: an
 * anonymous host mapping handed to frame_init, with the slab allocator on top. One per test
 * process (Criterion runs each test in its own), set up by .init and removed by .fini.
 */
#ifndef TESTS_KERNEL_REGION_H
#define TESTS_KERNEL_REGION_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <sys/mman.h>

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"

static uint8_t *kregion;
static uint64_t kregion_bytes;

static inline void kregion_setup(uint64_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert(p != MAP_FAILED, "expected a host mapping for physical memory");
    kregion = p;
    kregion_bytes = bytes;
    cr_assert_eq(frame_init(kregion, bytes), VX_OK, "expected frame_init to accept the region");
    cr_assert_eq(slab_init(), VX_OK, "expected slab_init to succeed");
}

static inline void kregion_teardown(void)
{
    hio_mem_unpoison(kregion, kregion_bytes); /* freed frames are poisoned for ASan */
    munmap(kregion, kregion_bytes);
}

/* Free frames as a leak check sees them: empty slabs and per-vCPU caches hold frames that
 * are not leaked, so they are given back first. */
static inline uint64_t kregion_free_frames(void)
{
    struct frame_stats s;
    slab_reclaim();
    frame_cpu_drain();
    frame_get_stats(&s);
    return s.free_frames;
}

#endif /* TESTS_KERNEL_REGION_H */
