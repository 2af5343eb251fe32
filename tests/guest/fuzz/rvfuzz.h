/*
 * tests/guest/fuzz/rvfuzz.h - the pieces of rvfuzz, the differential fuzzer that runs random
 * RV64GC programs on the interpreter and on qemu-riscv64 and compares what they leave behind.
 *
 *   gen.c    the seeded generator: a case's instruction stream and its initial data
 *   image.c  lays out a case (prologue, stream, epilogue, data) as a static riscv64 ELF
 *   rvfuzz.c the driver: runs both sides, compares, reports, minimises, saves reproducers
 *
 * A case's guest address space (both sides load the same ELF at the same addresses):
 *
 *   FZ_CODE_VA   prologue (load x1..x31, f0..f31, fcsr from the init table), the generated
 *                stream, epilogue (store everything to the dump, write(1, dump, FZ_OUT_BYTES),
 *                exit(0))
 *   FZ_DATA_VA   page 0: init table, special-value pool, register dump (its tail)
 *                pages 1-2: the scratch area; generated loads, stores and AMOs stay inside it
 *                then: the result log (zero-filled), written only through tp
 *
 * The bytes written to stdout are the dump (x[32], f[32], fcsr, pad), the whole scratch area
 * and the result log, so every architectural effect of the stream is compared. The log makes
 * results observable that later instructions overwrite: most instructions with a destination
 * are followed by a store of it (and FP ones by a read of fflags, whose sticky bits would
 * otherwise hide a wrong flag behind an earlier right one) to the next log slot.
 */
#ifndef TESTS_GUEST_FUZZ_RVFUZZ_H
#define TESTS_GUEST_FUZZ_RVFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- guest layout --------------------------------------------------------------------------- */

#define FZ_PAGE_BYTES 0x1000u
#define FZ_CODE_VA    0x10000ull
#define FZ_DATA_VA    0x200000ull

#define FZ_INIT_OFF      0x000u /* init table: x[32], f[32], fcsr */
#define FZ_POOL_OFF      0x600u /* special values, reachable as negative offsets from FZ_REG_DUMP */
#define FZ_POOL_ENTRIES  128u
#define FZ_DUMP_OFF      0xdf0u /* register dump: ends where the scratch area begins */
#define FZ_SCRATCH_OFF   0x1000u
#define FZ_SCRATCH_BYTES 0x2000u /* two pages: misaligned accesses cross the middle boundary */
#define FZ_DATA_BYTES    (FZ_SCRATCH_OFF + FZ_SCRATCH_BYTES) /* initialised from the ELF file */
#define FZ_LOG_OFF       FZ_DATA_BYTES
#define FZ_LOG_BYTES     0x8000u
#define FZ_LOG_SLOTS     (FZ_LOG_BYTES / 8u)
/* tp covers a window of log slots at offsets 0..2039 and steps to the next window with
 * "addi tp, tp, FZ_LOG_WINDOW_BYTES" (a skipped step just makes later slots overlap). */
#define FZ_LOG_WINDOW_SLOTS 255u
#define FZ_LOG_WINDOW_BYTES (FZ_LOG_WINDOW_SLOTS * 8u)

/* Dump and init table share one layout, in 8-byte slots. */
#define FZ_SLOT_X0     0u
#define FZ_SLOT_F0     32u
#define FZ_SLOT_FCSR   64u
#define FZ_DUMP_SLOTS  66u /* ... and one pad slot, keeping the dump a multiple of 16 */
#define FZ_DUMP_BYTES  (FZ_DUMP_SLOTS * 8u)
#define FZ_OUT_BYTES   (FZ_DUMP_BYTES + FZ_SCRATCH_BYTES + FZ_LOG_BYTES)
#define FZ_OUT_SCRATCH FZ_DUMP_BYTES /* offsets in the output */
#define FZ_OUT_LOG     (FZ_DUMP_BYTES + FZ_SCRATCH_BYTES)

_Static_assert(FZ_DUMP_OFF + FZ_DUMP_BYTES == FZ_SCRATCH_OFF, "dump runs into the scratch area");
_Static_assert(FZ_INIT_OFF + FZ_DUMP_BYTES <= FZ_POOL_OFF, "init table runs into the pool");
_Static_assert(FZ_POOL_OFF + FZ_POOL_ENTRIES * 8u <= FZ_DUMP_OFF, "pool runs into the dump");

/* Registers the stream never writes. sp and s0 point into the scratch area, so every 12-bit
 * offset from them stays inside it; gp points at the register dump (the epilogue's base, and
 * the pool sits at negative offsets from it). s0 is one of the compressed registers x8..x15,
 * so c.lw & co. always have a valid base. tp points at the current log window (only the log
 * steps move it). Random stores reach at most sp + 496 (inside the c.addi16sp group) + 2047
 * + 8 bytes, short of the log. */
#define FZ_REG_SP       2u
#define FZ_REG_GP       3u
#define FZ_REG_TP       4u
#define FZ_REG_S0       8u
#define FZ_SCRATCH_MID  (FZ_DATA_VA + FZ_SCRATCH_OFF + FZ_PAGE_BYTES)
#define FZ_SP_VALUE     (FZ_SCRATCH_MID - 256u) /* sp-relative c.*sp offsets reach the middle */
#define FZ_S0_VALUE     (FZ_SCRATCH_MID - 128u) /* c.ld offsets (0..248) reach the middle */
#define FZ_GP_VALUE     (FZ_DATA_VA + FZ_DUMP_OFF)
#define FZ_POOL_FROM_GP ((int32_t)FZ_POOL_OFF - (int32_t)FZ_DUMP_OFF)
#define FZ_TP_VALUE     (FZ_DATA_VA + FZ_LOG_OFF)

/* ---- random numbers ------------------------------------------------------------------------- */

struct fz_rng {
    uint64_t state;
};

void fz_rng_seed(struct fz_rng *r, uint64_t seed);
uint64_t fz_rng_next(struct fz_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t fz_rng_below(struct fz_rng *r, uint32_t n);
/* True with probability percent/100. */
bool fz_rng_chance(struct fz_rng *r, unsigned percent);

/* ---- a generated case ----------------------------------------------------------------------- */

/* How an item's offset field is filled in once addresses are known (image.c). */
enum fz_fix {
    FZ_FIX_NONE,
    FZ_FIX_BRANCH,   /* B-type: target - this */
    FZ_FIX_JAL,      /* J-type: target - this */
    FZ_FIX_CBRANCH,  /* c.beqz/c.bnez: target - this */
    FZ_FIX_CJ,       /* c.j: target - this */
    FZ_FIX_ANCHORED, /* I-type imm: target - address of item `anchor` (an auipc) + bias */
};

#define FZ_TEXT_BYTES 48u

struct fz_item {
    uint32_t bits;    /* encoding, offset fields zero until image.c fixes them */
    uint8_t len;      /* 2 or 4 */
    uint8_t fix;      /* enum fz_fix */
    bool group_start; /* branches may land here (not inside a multi-instruction group) */
    int8_t bias;      /* FZ_FIX_ANCHORED: added to the offset (1 tests jalr's bit-0 clear) */
    uint32_t target;  /* fixed items: index of the item jumped to (== count: the epilogue) */
    uint32_t anchor;  /* FZ_FIX_ANCHORED: index of the auipc the offset is relative to */
    char text[FZ_TEXT_BYTES]; /* what the generator meant, for listings */
};

/* How a trap case must end: the class of the trap, which qemu reports as the signal Linux
 * would send and the interpreter as a cause (both map to these). */
enum fz_trap {
    FZ_TRAP_NONE,    /* exits 0 */
    FZ_TRAP_ILLEGAL, /* SIGILL: illegal or reserved instruction */
    FZ_TRAP_BREAK,   /* SIGTRAP: ebreak */
    FZ_TRAP_FAULT,   /* SIGSEGV: page or access fault */
    FZ_TRAP_ALIGN,   /* SIGBUS: misaligned atomic */
    FZ_TRAP_OTHER,   /* anything else: always a mismatch */
};

struct fz_case {
    struct fz_item *item;
    uint32_t count, cap;
    uint8_t expect_trap;          /* enum fz_trap: the trap planted in a trap case (if reached) */
    uint32_t trap_item;           /* ... and where */
    uint64_t init[FZ_DUMP_SLOTS]; /* x, f and fcsr the prologue loads */
    uint64_t pool[FZ_POOL_ENTRIES];
    uint8_t scratch[FZ_SCRATCH_BYTES];
    uint32_t log_slots;              /* log slots the stream writes */
    uint32_t log_item[FZ_LOG_SLOTS]; /* the item that stores each slot */
};

/* Generate a case of `count` valid instructions from `seed`; with `trap`, one instruction
 * (group) somewhere in it must trap (a reserved encoding, ebreak, a fault, a misaligned
 * atomic). 0, or -1 if out of memory. */
int fz_generate(struct fz_case *c, uint64_t seed, uint32_t count, bool trap);
void fz_case_free(struct fz_case *c);

/* ---- images --------------------------------------------------------------------------------- */

struct fz_image {
    uint8_t *bytes;
    size_t len;
};

/* Lay out items [0, limit) of `c` (limit a group start or c->count; branches beyond it go to
 * the epilogue) as a complete ELF. 0, or -1 if out of memory. */
int fz_build_image(const struct fz_case *c, uint32_t limit, struct fz_image *img);
void fz_image_free(struct fz_image *img);
/* Write the listing of items [0, limit): index, guest address, encoding, what it is, and
 * where fixed branches go. */
void fz_write_listing(FILE *out, const struct fz_case *c, uint32_t limit);

#endif /* TESTS_GUEST_FUZZ_RVFUZZ_H */
