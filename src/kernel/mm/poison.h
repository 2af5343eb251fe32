/*
 * mm/poison.h - marking free memory for the host's memory checker, only when one watches.
 *
 * The allocators poison what they free and unpoison what they hand out, so ASan or Valgrind
 * report a kernel use-after-free where it happens. Without a checker the calls do nothing, so
 * they are skipped on the fast paths: frame_init asks hostio once (hio_mem_checked).
 */
#ifndef MM_POISON_H
#define MM_POISON_H

#include <stdbool.h>
#include <stdint.h>

#include "hostio.h"

extern bool mm_poisoning; /* set by frame_init; constant afterwards */

static inline void mm_poison(void *addr, uint64_t len)
{
    if (mm_poisoning)
        hio_mem_poison(addr, len);
}

static inline void mm_unpoison(void *addr, uint64_t len)
{
    if (mm_poisoning)
        hio_mem_unpoison(addr, len);
}

#endif
