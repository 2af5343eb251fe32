/*
 * vm/mmu.h - the kernel's side of the soft MMU: one hart per vCPU, ASIDs, shoot-downs.
 *
 * A hart (struct rv_hart) is the interpreter's per-CPU state: TLBs tagged by ASID and a cache
 * of decoded instructions keyed by physical page. Guest threads run on the hart of the vCPU
 * they are scheduled on, so there is exactly one per vCPU, allocated at boot (1 MiB each).
 *
 * ASIDs (1..RV_ASID_MAX) tag every TLB entry with the address space it came from, so switching
 * between guests needs no flush. A freed ASID may still have entries in some TLB: it goes to a
 * stale set, and only when the free set runs dry is every hart flushed once and the stale set
 * made free again ("flush an ASID before reuse", batched).
 *
 * Shoot-downs: an address space remembers the vCPUs whose hart has run it (a mask); changing
 * a mapping flushes those harts (mmu_shootdown). Decoded code: a frame that was mapped
 * executable (frame.decoded) must be flushed from every hart before its contents change or
 * it is freed (mmu_flush_code).
 *
 * Locks: asid_lock (leaf) protects the ASID sets. Shoot-downs take no lock and must not be
 * called with a spinlock held that a guest-running vCPU might wait for (they wait for every
 * hart that is inside rv_run to acknowledge).
 */
#ifndef VM_MMU_H
#define VM_MMU_H

#include <stdint.h>

#include "arch/hosted/rv64/rv64.h"
#include "vx/status.h"

/* Allocate the harts of vCPUs 0..ncpus-1. VX_ENOMEM if frames run out. */
vx_status_t mmu_init(uint32_t ncpus);

/* The machine every hart runs on (physical memory = the frame region). */
const struct rv_machine *mmu_machine(void);

/* The hart of vCPU `cpu` (< ncpus). */
struct rv_hart *mmu_hart(uint32_t cpu);

/* A fresh ASID; VX_ELIMIT when all RV_ASID_MAX are in use. */
vx_status_t mmu_asid_alloc(uint32_t *asid);
/* Give an ASID back; it is reused only after every hart has been flushed. */
void mmu_asid_free(uint32_t asid);

/* Flush `what` (RV_FLUSH_*) on the harts of the vCPUs in `cpus`, waiting for those running a
 * guest. The caller's own hart (if it is a vCPU) is flushed directly. */
void mmu_shootdown(uint64_t cpus, uint32_t what);

/* The frame at kernel address `page` is about to change or be freed: if it may have been
 * decoded (frame.decoded), flush decoded code on every hart and clear the mark. */
void mmu_flush_code(void *page);

/* Counters for the monitor and tests. */
struct mmu_stats {
    uint64_t shootdowns;   /* mmu_shootdown calls that reached another hart */
    uint64_t code_flushes; /* global decoded-code flushes */
    uint64_t asid_rollovers;
    uint32_t asids_in_use;
};
void mmu_get_stats(struct mmu_stats *s);

#endif /* VM_MMU_H */
