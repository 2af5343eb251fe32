/*
 * tests/guest/harness/rvh.h - a minimal host-side machine around the rv64 interpreter.
 *
 * Until the kernel has address spaces and an ELF loader (issue 4), tests, the differential
 * fuzzer and the CPU benchmark need a way to run a static riscv64 ELF on the interpreter:
 * this is it. Host code (malloc, stdio). It owns a block of "physical memory", builds Sv39
 * page tables in it with a bump allocator, loads PT_LOAD segments with their permissions,
 * builds a Linux-style initial stack (argc, argv, envp, auxv), and runs the program on one
 * hart, serving only write(64) to fd 1/2, exit(93) and exit_group(94). Every other ecall
 * returns -ENOSYS to the guest and is counted.
 */
#ifndef TESTS_GUEST_HARNESS_RVH_H
#define TESTS_GUEST_HARNESS_RVH_H

#include <stddef.h>
#include <stdint.h>

#include "arch/hosted/rv64/rv64.h"

#define RVH_STACK_TOP   0x3ffffff000ull /* just below the top of the Sv39 user half */
#define RVH_STACK_BYTES (256u * 1024u)
#define RVH_ERR_BYTES   200u

struct rvh {
    struct rv_machine m;
    struct rv_hart *hart;
    struct rv_regs regs;
    uint64_t satp;
    uint8_t *mem;
    uint64_t mem_bytes;
    uint64_t next_frame; /* bump allocator over physical memory */
    uint64_t root;       /* physical address of the root page table */
    /* Output of write(1/2): to out_fd, or (out_fd < 0) collected in out/out_len. */
    int out_fd;
    char *out;
    size_t out_len, out_cap;
    uint64_t enosys_calls;
    char err[RVH_ERR_BYTES];
};

/* How a run ended. */
enum rvh_end { RVH_EXITED, RVH_TRAPPED, RVH_OUT_OF_BUDGET };

struct rvh_result {
    enum rvh_end end;
    int exit_status;       /* RVH_EXITED */
    struct rv_trap trap;   /* RVH_TRAPPED: the trap the harness does not serve */
    uint64_t instructions; /* retired in total */
};

/* A machine with `mem_bytes` of physical memory (a multiple of 4 KiB). 0 or -1 (v->err). */
int rvh_init(struct rvh *v, uint64_t mem_bytes);
void rvh_fini(struct rvh *v);

/* Map [va, va+len) to fresh zeroed frames with PTE permission bits `perm` (RV_PTE_R/W/X;
 * U and V are added). Pages already mapped get the union of permissions. 0 or -1. */
int rvh_map(struct rvh *v, uint64_t va, uint64_t len, uint64_t perm);
/* Copy bytes into mapped guest memory, ignoring permissions (the loader's view). 0 or -1. */
int rvh_poke(struct rvh *v, uint64_t va, const void *src, size_t len);
/* Physical address of a mapped va, or ~0 if unmapped. */
uint64_t rvh_pa(const struct rvh *v, uint64_t va);

/* Load a static (or static-PIE) riscv64 ELF64 image and prepare the initial stack with
 * argv[0] = name. Sets regs.pc and sp. 0 or -1 with a reason in v->err. */
int rvh_load_elf(struct rvh *v, const void *image, size_t len, const char *name);
/* Read the file at `path` and rvh_load_elf it. */
int rvh_load_file(struct rvh *v, const char *path);

/* Run until exit, an unserved trap, or `max_insns` instructions. */
void rvh_run(struct rvh *v, uint64_t max_insns, struct rvh_result *res);

/* Human-readable trap cause. */
const char *rvh_cause_name(uint32_t cause);

#endif /* TESTS_GUEST_HARNESS_RVH_H */
