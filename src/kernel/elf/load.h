/*
 * elf/load.h - loading a riscv64 executable into an address space.
 *
 * elf_load reads the headers of an ELF file held in a VMO, validates them (elf_parse), and
 * builds the process image: each PT_LOAD segment becomes a fresh anonymous VMO (file bytes
 * copied, the rest zero) mapped at its address with its permissions; a static PIE gets a
 * random 2 MiB-aligned base. Then the stack: an ELF_STACK_BYTES demand-zero mapping at a
 * random place (guard pages around it), topped with what Linux puts there (System V ABI,
 * RISC-V psABI): argc, argv[], NULL, envp[], NULL, the auxiliary vector, then the strings
 * and 16 random bytes (AT_RANDOM). The stack pointer is 16-byte aligned.
 *
 * Every VMO is charged to `job`. On any error the address space may hold some of the
 * mappings; callers load into a fresh address space and drop it on failure.
 */
#ifndef ELF_LOAD_H
#define ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/elf/elf.h"
#include "kernel/task/job.h"
#include "kernel/vm/aspace.h"
#include "kernel/vm/vmo.h"
#include "vx/task.h"

#define ELF_STACK_BYTES   (8ull << 20) /* like Linux's default RLIMIT_STACK */
#define ELF_HEAD_BYTES    16384u       /* headers must lie in the file's first 16 KiB */
#define ELF_STRINGS_MAX   65536u       /* argv + envp bytes */
#define ELF_PIE_BASE_LO   0x2000000000ull
#define ELF_PIE_BASE_SPAN 0x1000000000ull

/* Load `file` into `as`. `strings` (kernel memory, len bytes) holds argc argument strings then
 * the environment, each NUL-terminated. why (ELF_WHY_BYTES) explains a refusal. */
vx_status_t elf_load(struct aspace *as, struct vmo *file, const char *strings, size_t len,
                     uint32_t argc, struct job *job, struct vx_elf_info *out, char *why);

#endif /* ELF_LOAD_H */
