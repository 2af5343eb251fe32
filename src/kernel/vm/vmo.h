/*
 * vm/vmo.h - memory objects (VMOs): pages of memory that can be mapped, read and written.
 *
 * A VMO has a fixed size in pages. Two kinds:
 *   - anonymous: starts with no page allocated; a page is committed (a zeroed frame
 *     allocated) the first time it is written or faulted in. Reading an uncommitted page
 *     through vmo_read sees zeros and commits nothing.
 *   - contiguous (vmo_create_contig): one physically contiguous block, committed at once, for
 *     devices that need physical addresses (vmo_paddr).
 * vmo_clone makes a copy-on-write snapshot of a range: the clone shares the committed frames
 * (frame.shares counts the extra owners) and both sides' mappings of those pages become
 * read-only; the first write on either side copies the page for the writer. Destroying a VMO
 * (its last reference going away) gives back each page: a shared one loses one owner, an
 * exclusive one is freed (after flushing it from the harts' decoded-code caches if it was
 * ever executable).
 *
 * The VMO keeps a list of its mappings (struct vm_map, vm/aspace.h) so that a clone can
 * write-protect them and a copy-on-write break can unmap the old page everywhere.
 *
 * Locking: v->lock protects the page array, the commit count and the mapping list. Order:
 * an address space's lock, then v->lock. Under v->lock the code edits PTEs (atomic stores)
 * and copies at most one page; it allocates nothing (callers pass a spare frame).
 *
 * Errors: VX_EINVAL (size 0 or above VMO_MAX_BYTES, misaligned clone range), VX_ERANGE (an
 * access outside the VMO), VX_ENOMEM (no frame), VX_ENOTSUP (cloning a contiguous VMO),
 * VX_ELIMIT (a page shared by too many clones).
 */
#ifndef VM_VMO_H
#define VM_VMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/cap/object.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "vx/status.h"

#define VMO_PAGE_SIZE 4096u
#define VMO_MAX_BYTES (1ull << 32) /* 4 GiB: a page array of 8 MiB at most */
#define VMO_MAX_SHARES 0xffffu    /* frame.shares is 16 bits */

#define VMO_CONTIG 1u /* flags: one contiguous block */

struct vmo {
    struct kobject ko;    /* first: a VMO is a kernel object */
    struct spinlock lock;
    uint64_t npages;      /* (c) */
    uint32_t flags;       /* (c) VMO_* */
    void **pages;         /* (l) kernel address of each committed frame, NULL if none */
    uint64_t committed;   /* (l) pages present (shared ones included) */
    struct list_node maps; /* (l) struct vm_map.vmo_link */
    struct job *job;       /* (set once, before use) charged for committed pages, or NULL */
};

/* A VMO of `bytes` (rounded up to whole pages), none committed. *out holds the one reference. */
vx_status_t vmo_create(uint64_t bytes, struct vmo **out);
/* A VMO of one physically contiguous, zeroed block of at least `bytes`. */
vx_status_t vmo_create_contig(uint64_t bytes, struct vmo **out);
/* Physical address of a contiguous VMO's first page (0 for an anonymous one). */
uint64_t vmo_paddr(struct vmo *v);

/* A copy-on-write snapshot of [offset, offset + bytes) of src (page aligned). */
vx_status_t vmo_clone(struct vmo *src, uint64_t offset, uint64_t bytes, struct vmo **out);

/* The frame behind page `index`, committing a zeroed one if `commit` and there is none.
 * Returns NULL with no commit or on failure (*st says which: VX_OK means "uncommitted").
 * The frame may be shared copy-on-write: only read it. */
void *vmo_page(struct vmo *v, uint64_t index, int commit, vx_status_t *st);

/* For the address-space layer. Caller holds v->lock. The frame of page `index` for an access
 * (`write`: exclusive, breaking sharing), committing or copying into *spare (a frame the
 * caller allocated, set to NULL if used). Returns NULL with *st = VX_ENOMEM if a frame was
 * needed and *spare is NULL. *cpus accumulates vCPUs whose TLBs must be shot down. */
void *vmo_page_locked(struct vmo *v, uint64_t index, bool write, void **spare, uint64_t *cpus,
                      vx_status_t *st);
/* Is the frame shared with another VMO (so it must be mapped read-only)? */
bool vmo_page_shared(const void *page);

/* Copy between the VMO and kernel memory. A write commits (and unshares) the pages it
 * touches; a write that runs out of frames returns VX_ENOMEM having written the pages before
 * the one that failed. A read of uncommitted pages gives zeros and commits nothing. */
vx_status_t vmo_write(struct vmo *v, uint64_t offset, const void *src, size_t len);
vx_status_t vmo_read(struct vmo *v, uint64_t offset, void *dst, size_t len);

uint64_t vmo_committed(struct vmo *v);

/* Charge v's committed pages, now and from now on, to job j (VX_JOB_PAGES); VX_ELIMIT if the
 * pages it already has do not fit. Once, right after creating v. */
struct job;
vx_status_t vmo_set_job(struct vmo *v, struct job *j);
uint64_t vmo_size(const struct vmo *v);

#endif /* VM_VMO_H */
