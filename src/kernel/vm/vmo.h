/*
 * vm/vmo.h - memory objects (VMOs): pages of memory that can be mapped, read and written.
 *
 * This is the anonymous kind: a VMO has a fixed size in pages and starts with none of them
 * allocated. A page is committed (a zeroed frame is allocated) the first time it is written
 * or mapped writable; reading an uncommitted page sees zeros. Destroying the VMO (its last
 * reference going away) frees every committed frame. Copy-on-write clones and physical VMOs
 * come with address spaces (issue 4).
 *
 * Locking: v->lock protects the page array and the commit count. It is a leaf lock; frames
 * are allocated and zeroed with it dropped.
 *
 * Errors: VX_EINVAL (size 0 or above VMO_MAX_BYTES), VX_ERANGE (an access outside the VMO),
 * VX_ENOMEM (no frame for a page, or no memory for the VMO itself).
 */
#ifndef VM_VMO_H
#define VM_VMO_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/cap/object.h"
#include "lib/spinlock.h"
#include "vx/status.h"

#define VMO_PAGE_SIZE 4096u
#define VMO_MAX_BYTES (1ull << 32) /* 4 GiB: a page array of 8 MiB at most */

struct vmo {
    struct kobject ko;    /* first: a VMO is a kernel object */
    struct spinlock lock;
    uint64_t npages;      /* (c) */
    void **pages;         /* (l) kernel address of each committed frame, NULL if none */
    uint64_t committed;   /* (l) frames allocated */
};

/* A VMO of `bytes` (rounded up to whole pages), none committed. *out holds the one reference. */
vx_status_t vmo_create(uint64_t bytes, struct vmo **out);

/* The frame behind page `index`, committing a zeroed one if `commit` and there is none.
 * Returns NULL with no commit or on failure (*st says which: VX_OK means "uncommitted"). */
void *vmo_page(struct vmo *v, uint64_t index, int commit, vx_status_t *st);

/* Copy between the VMO and kernel memory. A write commits the pages it touches; a write
 * that runs out of frames returns VX_ENOMEM having written the pages before the one that
 * failed. A read of uncommitted pages gives zeros and commits nothing. */
vx_status_t vmo_write(struct vmo *v, uint64_t offset, const void *src, size_t len);
vx_status_t vmo_read(struct vmo *v, uint64_t offset, void *dst, size_t len);

uint64_t vmo_committed(struct vmo *v);

#endif /* VM_VMO_H */
