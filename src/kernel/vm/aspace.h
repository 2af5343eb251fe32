/*
 * vm/aspace.h - address spaces: mappings of VMOs, Sv39 page tables, page faults.
 *
 * An address space (VX_OBJ_ASPACE) owns a sorted list of mappings (struct vm_map): each maps
 * [va, va + len) to pages of one VMO from `offset` on, with permissions (VX_VM_*) no wider
 * than `max_prot` (what the VMO handle allowed when it was mapped). Page tables are built
 * lazily in frames: as_fault() resolves a guest fault by committing the VMO page (demand-zero
 * fill), breaking copy-on-write sharing if the access writes, and installing one leaf PTE.
 * W^X holds for every mapping: none is ever writable and executable.
 *
 * Mapping changes (unmap, protect) clear the affected PTEs and shoot down the TLBs of every
 * vCPU that has run this address space (`cpus`); frames are released only after that. Page
 * table pages are freed when the address space is destroyed, never earlier, so code that
 * walks them without the address space lock (the VMO layer write-protecting pages for a
 * copy-on-write clone) never touches a freed table.
 *
 * Placement: without VX_VM_FIXED a mapping goes at a random page-aligned address (randomized
 * layout) with at least one unmapped guard page on each side.
 *
 * Locks: as->lock, then a VMO's lock (never the other way round). PTEs are written with
 * atomic stores, so the VMO layer may edit them holding only the VMO lock.
 *
 * Errors: VX_EINVAL (misaligned, empty or out-of-range arguments, W^X), VX_EPERM (wider than
 * the mapping or handle allows), VX_ENOENT (nothing mapped there), VX_EEXIST (a fixed mapping
 * overlaps), VX_ENOMEM (no frames, or no room for the mapping), VX_ELIMIT (no ASID left).
 */
#ifndef VM_ASPACE_H
#define VM_ASPACE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/cap/object.h"
#include "kernel/vm/vmo.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/status.h"
#include "vx/vm.h"

/* Lock key: (a) the address space's lock, (v) the VMO's lock, (c) constant. */
struct vm_map {
    struct list_node as_link;  /* (a) in as->maps, sorted by va */
    struct list_node vmo_link; /* (v) in vmo->maps */
    struct aspace *as;         /* (c) */
    struct vmo *vmo;           /* (c) a reference */
    uint64_t va, len;          /* (a) page aligned */
    uint64_t offset;           /* (a) byte offset into the VMO of va, page aligned */
    uint32_t prot;             /* (a, read by the VMO layer under v) VX_VM_* */
    uint32_t max_prot;         /* (c) */
    uint32_t opts;             /* (c) VX_VM_SHARED or 0 */
};

struct aspace {
    struct kobject ko;
    struct spinlock lock;
    struct list_node maps;  /* (a) struct vm_map by va */
    uint64_t *root;         /* (c) top-level page table */
    uint32_t asid;          /* (c) */
    uint64_t satp;          /* (c) what rv_run gets */
    _Atomic uint64_t cpus;  /* (A) vCPUs whose hart has run this address space */
    uint64_t rand;          /* (a) placement randomness (xorshift state) */
    uint64_t table_pages;   /* (a) page-table frames */
    uint64_t mapped_pages;  /* (a) pages covered by mappings */
    uint64_t faults;        /* (a) faults resolved */
};

/* A new empty address space. `seed` seeds placement randomness (0: from hio_entropy). */
vx_status_t as_create(uint64_t seed, struct aspace **out);

/* Map `len` bytes of `vmo` from `offset` with `prot`, at *va if VX_VM_FIXED is in `opts`,
 * else at a random free place; *va gets the address. The mapping takes its own reference to
 * the VMO. `max_prot` bounds later as_protect calls. */
vx_status_t as_map(struct aspace *as, struct vmo *vmo, uint64_t offset, uint64_t len,
                   uint32_t prot, uint32_t max_prot, uint32_t opts, uint64_t *va);

/* Remove every mapping (or part of one) in [va, va + len). Unmapped holes are fine. */
vx_status_t as_unmap(struct aspace *as, uint64_t va, uint64_t len);

/* Change the permissions of [va, va + len), which must be mapped without holes. */
vx_status_t as_protect(struct aspace *as, uint64_t va, uint64_t len, uint32_t prot);

/* What a guest access is. */
enum as_access { AS_READ = 0, AS_WRITE = 1, AS_EXEC = 2 };

/* Resolve a fault at va: VX_OK when the access may be retried, VX_ENOENT when nothing is
 * mapped there, VX_EPERM when the mapping forbids the access, VX_ENOMEM when out of frames. */
vx_status_t as_fault(struct aspace *as, uint64_t va, enum as_access acc);

/* Copy between guest memory and the kernel as the guest would access it (same permission
 * checks, faulting pages in). Stops at the first page that fails, with that status. */
vx_status_t as_copy_in(struct aspace *as, void *dst, uint64_t va, size_t len);
vx_status_t as_copy_out(struct aspace *as, uint64_t va, const void *src, size_t len);

/* Fill dst, which must be empty (VX_ESTATE), with a copy-on-write copy of each mapping of
 * src: the same addresses, permissions and limits, over VMO clones charged to `job` (if not
 * NULL). On failure dst keeps the mappings made so far. */
struct job;
vx_status_t as_fork(struct aspace *src, struct aspace *dst, struct job *job);

/* The calling vCPU is about to run this address space: remember it for shoot-downs. */
void as_note_cpu(struct aspace *as, uint32_t cpu);

/* A snapshot of one mapping, for listings: call fn for each, under as->lock. */
struct as_map_info {
    uint64_t va, len, offset, vmo_koid;
    uint32_t prot;
};
void as_for_each_map(struct aspace *as, void (*fn)(const struct as_map_info *m, void *arg),
                     void *arg);

/* For the VMO layer (vmo.c), called with the VMO lock held: clear the W bit (for a COW clone)
 * or the whole PTE of VMO page `index` in mapping m. Returns m's address space's vCPU mask
 * if a PTE changed, else 0. */
uint64_t as_map_write_protect(struct vm_map *m, uint64_t index);
uint64_t as_map_zap(struct vm_map *m, uint64_t index);

#endif /* VM_ASPACE_H */
