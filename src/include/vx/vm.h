/*
 * vx/vm.h - public kernel API: address spaces and mappings.
 *
 * An address space is the guest's view of memory: a list of mappings, each a range of pages
 * of one VMO with permissions. The kernel builds the Sv39 page tables from the mappings on
 * demand: nothing is in a page table until the guest touches it.
 */
#ifndef VX_VM_H
#define VX_VM_H

#include <stdint.h>

/* Permissions of a mapping (vx_vm_map, vx_vm_protect). Writable and executable together are
 * always refused (W^X): a JIT maps writable, writes, then protects to read+exec. */
#define VX_VM_READ  (1u << 0)
#define VX_VM_WRITE (1u << 1)
#define VX_VM_EXEC  (1u << 2)
#define VX_VM_PROT_MASK 7u

/* Options of vx_vm_map. */
#define VX_VM_FIXED (1u << 8) /* map exactly at *va; VX_EEXIST if anything is there */
#define VX_VM_SHARED (1u << 9) /* vx_vm_fork shares this mapping's VMO instead of copying it */

/* The user part of a guest address space (Sv39): [VX_VM_USER_BASE, VX_VM_USER_TOP). The
 * first 64 KiB stay unmapped so that a null pointer (plus a small offset) always faults. */
#define VX_VM_USER_BASE 0x10000ull
#define VX_VM_USER_TOP  (1ull << 38)

#define VX_PAGE_SIZE 4096u

#endif /* VX_VM_H */
