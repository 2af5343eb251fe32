/*
 * elf/elf.h - reading riscv64 ELF64 executables: validate a file and describe what to load.
 *
 * elf_parse checks everything a loader relies on before anything is mapped (seL4's "decode,
 * then invoke"): the header, the program header table, and each PT_LOAD segment (inside the
 * file, inside the user half of Sv39, page-congruent, no overlap, not writable and executable
 * at once). The result is a plan: segments with their permissions, the entry point and where
 * the program headers will be, for AT_PHDR. Static (ET_EXEC) and static-PIE (ET_DYN without
 * PT_INTERP) programs are accepted; a PIE's addresses are relative to a base the loader
 * chooses. A refused file gets VX_EINVAL (malformed) or VX_ENOTSUP (valid but not for us,
 * e.g. dynamically linked), and a sentence saying why.
 *
 * The file is only read. No allocation, no locks.
 */
#ifndef ELF_ELF_H
#define ELF_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "vx/status.h"

#define ELF_MAX_PHNUM        64u  /* more program headers than any real program has */
#define ELF_MAX_SEGMENTS     16u  /* PT_LOAD segments */
#define ELF_PAGE_SIZE        4096u
#define ELF_USER_TOP         0x4000000000ull /* end of the Sv39 user half (256 GiB) */
#define ELF_MAX_IMAGE_BYTES  (1ull << 30)    /* sum of segment sizes */
#define ELF_WHY_BYTES        96u

/* Segment permissions. */
#define ELF_PROT_R 1u
#define ELF_PROT_W 2u
#define ELF_PROT_X 4u

/* elf_parse flags. */
#define ELF_ALLOW_WX 1u /* accept writable+executable segments (test harnesses only) */

struct elf_segment {
    uint64_t va;     /* where the segment starts (plus the base for a PIE) */
    uint64_t memsz;  /* bytes in memory; beyond filesz they are zero */
    uint64_t offset; /* file offset of the first byte */
    uint64_t filesz; /* bytes taken from the file */
    uint32_t prot;   /* ELF_PROT_* */
};

struct elf_image {
    bool pie;          /* ET_DYN: every address is relative to the load base */
    uint64_t entry;
    uint64_t phdr_va;  /* address of the program headers once loaded, 0 if not loaded */
    uint16_t phnum;
    uint64_t lo, hi;   /* page-aligned span of all segments */
    unsigned nseg;
    struct elf_segment seg[ELF_MAX_SEGMENTS]; /* sorted by va */
};

/* Validate `file` (len bytes) and fill *img. On failure why (ELF_WHY_BYTES) says what is
 * wrong, e.g. "segment 2 lies outside the file". */
vx_status_t elf_parse(const void *file, uint64_t len, uint32_t flags, struct elf_image *img,
                      char *why);
/* The same for a file of len bytes of which only the first `have` are at `file` (a loader
 * reading the headers only): program headers past them are refused (VX_ENOTSUP). */
vx_status_t elf_parse_prefix(const void *file, uint64_t have, uint64_t len, uint32_t flags,
                             struct elf_image *img, char *why);

#endif /* ELF_ELF_H */
