/*
 * servers/vinit/backoff.h - how long vinit waits before restarting a service (docs/vinit.md,
 * "Supervision"): the manifest's first delay, then twice the previous delay each time, at
 * most the longest; a service that stayed up for VINIT_HEALTHY_FACTOR times its longest
 * delay before it stopped starts again from the first delay. A pure function, unit tested
 * (tests/unit/vinit_backoff_test.c).
 */
#ifndef SERVERS_VINIT_BACKOFF_H
#define SERVERS_VINIT_BACKOFF_H

#include <stdint.h>

#define VINIT_HEALTHY_FACTOR 10u /* up this many longest delays: the backoff starts over */

/* The delay in ms before the next restart. prev_ms: the delay used before the previous
 * start (0: this is the first restart); up_ms: how long the service ran this time.
 * Requires 0 < first_ms <= longest_ms (manifest_parse guarantees it). */
uint32_t vinit_backoff_delay(uint32_t first_ms, uint32_t longest_ms, uint32_t prev_ms,
                             uint64_t up_ms);

#endif /* SERVERS_VINIT_BACKOFF_H */
