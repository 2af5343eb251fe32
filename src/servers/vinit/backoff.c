/*
 * servers/vinit/backoff.c - the restart delay (see backoff.h). Computed in 64 bits: twice a
 * delay of up to an hour, and ten times the longest, fit with room to spare.
 */
#include "servers/vinit/backoff.h"

uint32_t vinit_backoff_delay(uint32_t first_ms, uint32_t longest_ms, uint32_t prev_ms,
                             uint64_t up_ms)
{
    if (prev_ms == 0 || up_ms >= (uint64_t)VINIT_HEALTHY_FACTOR * longest_ms)
        return first_ms;
    uint64_t next = (uint64_t)prev_ms * 2;
    if (next < first_ms)
        next = first_ms;
    return next > longest_ms ? longest_ms : (uint32_t)next;
}
