/*
 * tests/unit/elf_test.c - the ELF parser (kernel/elf/elf.c) on a valid image and a corpus of
 * malformed ones built from it: each is refused with the right status and a reason, and
 * random corruption never crashes the parser or yields a plan that breaks its promises.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "kernel/elf/elf.h"
#include "lib/prng.h"

#include "criterion_tsan.h"

#define FILE_BYTES 0x400u
#define PHOFF      64u
#define PH(i)      (PHOFF + 56u * (i))

static uint8_t img_buf[FILE_BYTES];

static void put(unsigned off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        img_buf[off + i] = (uint8_t)(v >> (8 * i));
}

static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t va,
                 uint64_t filesz, uint64_t memsz)
{
    put(PH(i) + 0, type, 4);
    put(PH(i) + 4, flags, 4);
    put(PH(i) + 8, off, 8);
    put(PH(i) + 16, va, 8);
    put(PH(i) + 24, va, 8);
    put(PH(i) + 32, filesz, 8);
    put(PH(i) + 40, memsz, 8);
    put(PH(i) + 48, 0x1000, 8);
}

/* A static executable: text (R X) at 0x10000 from offset 0, data (R W) at 0x11200. */
static void build_valid(void)
{
    memset(img_buf, 0, sizeof img_buf);
    memcpy(img_buf, "\177ELF", 4);
    img_buf[4] = 2; /* ELFCLASS64 */
    img_buf[5] = 1; /* little-endian */
    img_buf[6] = 1; /* version */
    put(16, 2, 2);  /* ET_EXEC */
    put(18, 243, 2);
    put(20, 1, 4);
    put(24, 0x10078, 8); /* entry */
    put(32, PHOFF, 8);
    put(52, 64, 2);
    put(54, 56, 2);
    put(56, 2, 2);
    phdr(0, 1, 5, 0, 0x10000, 0x200, 0x200);
    phdr(1, 1, 6, 0x200, 0x11200, 0x100, 0x3000);
}

static struct elf_image plan;
static char why[ELF_WHY_BYTES];

static vx_status_t parse(uint32_t flags)
{
    return elf_parse(img_buf, sizeof img_buf, flags, &plan, why);
}

#define EXPECT_REFUSED(status, words)                                                        \
    do {                                                                                     \
        vx_status_t st_ = parse(0);                                                          \
        cr_assert_eq(st_, (status), "expected status %d, got %d (%s)", (status), st_, why); \
        cr_assert(strstr(why, (words)), "expected the reason to mention '%s', got '%s'",     \
                  (words), why);                                                             \
    } while (0)

Test(elf, a_valid_static_executable_becomes_a_plan)
{
    build_valid();
    cr_assert_eq(parse(0), VX_OK, "%s", why);
    cr_assert_not(plan.pie);
    cr_assert_eq(plan.nseg, 2);
    cr_assert_eq(plan.entry, 0x10078);
    cr_assert_eq(plan.seg[0].prot, ELF_PROT_R | ELF_PROT_X);
    cr_assert_eq(plan.seg[1].prot, ELF_PROT_R | ELF_PROT_W);
    cr_assert_eq(plan.seg[1].memsz, 0x3000);
    cr_assert_eq(plan.phdr_va, 0x10000 + PHOFF, "headers inside the text segment");
    cr_assert_eq(plan.lo, 0x10000);
    cr_assert_eq(plan.hi, 0x15000);
}

Test(elf, a_static_pie_may_start_at_zero)
{
    build_valid();
    put(16, 3, 2); /* ET_DYN */
    phdr(0, 1, 5, 0, 0, 0x200, 0x200);
    phdr(1, 1, 6, 0x200, 0x1200, 0x100, 0x100);
    put(24, 0x78, 8);
    cr_assert_eq(parse(0), VX_OK, "%s", why);
    cr_assert(plan.pie);
}

Test(elf, short_or_foreign_files_are_refused)
{
    build_valid();
    cr_assert_eq(elf_parse(img_buf, 10, 0, &plan, why), VX_EINVAL);
    cr_assert(strstr(why, "too short"));
    build_valid();
    img_buf[1] = 'X';
    EXPECT_REFUSED(VX_EINVAL, "magic");
    build_valid();
    img_buf[4] = 1; /* ELFCLASS32 */
    EXPECT_REFUSED(VX_ENOTSUP, "ELF64");
    build_valid();
    put(18, 62, 2); /* x86-64 */
    EXPECT_REFUSED(VX_ENOTSUP, "machine 62");
    build_valid();
    put(16, 1, 2); /* ET_REL */
    EXPECT_REFUSED(VX_ENOTSUP, "not an executable");
}

Test(elf, absurd_program_header_tables_are_refused)
{
    build_valid();
    put(54, 32, 2);
    EXPECT_REFUSED(VX_EINVAL, "program header size");
    build_valid();
    put(56, 0, 2);
    EXPECT_REFUSED(VX_EINVAL, "program headers");
    build_valid();
    put(56, 65535, 2);
    EXPECT_REFUSED(VX_EINVAL, "program headers");
    build_valid();
    put(32, FILE_BYTES - 8, 8);
    EXPECT_REFUSED(VX_EINVAL, "outside the file");
    build_valid();
    put(32, UINT64_MAX - 8, 8);
    EXPECT_REFUSED(VX_EINVAL, "outside the file");
}

Test(elf, bad_segments_are_refused_with_their_number)
{
    build_valid();
    phdr(1, 1, 6, 0x200, 0x11200, 0x300, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "segment 1 has more file bytes");
    build_valid();
    phdr(1, 1, 6, 0x200, 0x11200, 0x300, 0x300);
    EXPECT_REFUSED(VX_EINVAL, "segment 1 lies outside the file");
    build_valid();
    phdr(1, 1, 6, UINT64_MAX, 0x11fff, 1, 1);
    EXPECT_REFUSED(VX_EINVAL, "segment 1 lies outside the file");
    build_valid();
    phdr(1, 1, 6, 0x200, 0x11300, 0x100, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "within a page");
    build_valid();
    phdr(1, 1, 6, 0x200, UINT64_MAX - 0xdff, 0x100, 0x1000);
    EXPECT_REFUSED(VX_EINVAL, "user address limit");
    build_valid();
    phdr(1, 1, 6, 0x200, ELF_USER_TOP + 0x200, 0x100, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "user address limit");
    build_valid();
    phdr(0, 1, 5, 0, 0, 0x200, 0x200);
    EXPECT_REFUSED(VX_EINVAL, "page zero");
    build_valid();
    phdr(1, 1, 6, 0x200, 0x10200, 0x100, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "overlaps");
    build_valid();
    phdr(1, 1, 6, 0x200, 0x1200, 0x100, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "precedes");
    build_valid();
    phdr(1, 1, 6, 0x200, 0x11200, 0x100, 2ull << 30);
    EXPECT_REFUSED(VX_EINVAL, "add up");
}

Test(elf, writable_and_executable_segments_break_w_xor_x)
{
    build_valid();
    phdr(1, 1, 7, 0x200, 0x11200, 0x100, 0x100);
    EXPECT_REFUSED(VX_EINVAL, "W^X");
    cr_assert_eq(parse(ELF_ALLOW_WX), VX_OK, "a test harness may allow them: %s", why);
}

Test(elf, dynamic_programs_and_missing_pieces_are_refused)
{
    build_valid();
    phdr(1, 3, 4, 0x200, 0, 0x10, 0x10); /* PT_INTERP */
    EXPECT_REFUSED(VX_ENOTSUP, "dynamically linked");
    build_valid();
    put(PH(0), 4, 4); /* PT_NOTE */
    put(PH(1), 4, 4);
    EXPECT_REFUSED(VX_EINVAL, "no loadable segment");
    build_valid();
    put(24, 0x11210, 8); /* entry in the data segment */
    EXPECT_REFUSED(VX_EINVAL, "entry point");
}

/* Random corruption of the header and program headers: never a crash, and any plan the parser
 * accepts keeps its promises. */
Test(elf, random_corruption_never_yields_a_broken_plan)
{
    uint64_t seed = 0x5eedu;
    unsigned accepted = 0;
    for (unsigned round = 0; round < 20000; round++) {
        build_valid();
        unsigned flips = 1 + (unsigned)(vx_prng_next(&seed) % 8);
        for (unsigned k = 0; k < flips; k++) {
            unsigned at = (unsigned)(vx_prng_next(&seed) % PH(2));
            img_buf[at] ^= (uint8_t)(1u << (vx_prng_next(&seed) % 8));
        }
        if (parse(0) != VX_OK) {
            cr_assert(why[0], "a refusal must say why");
            continue;
        }
        accepted++;
        cr_assert(plan.nseg >= 1 && plan.nseg <= ELF_MAX_SEGMENTS);
        for (unsigned i = 0; i < plan.nseg; i++) {
            const struct elf_segment *s = &plan.seg[i];
            cr_assert(s->filesz <= s->memsz && s->offset <= FILE_BYTES &&
                      FILE_BYTES - s->offset >= s->filesz);
            cr_assert(s->va + s->memsz <= ELF_USER_TOP);
            cr_assert(!((s->prot & ELF_PROT_W) && (s->prot & ELF_PROT_X)));
            if (i)
                cr_assert(s->va >= plan.seg[i - 1].va + plan.seg[i - 1].memsz);
        }
    }
    cr_assert(accepted > 0, "some corruptions are harmless (e.g. in p_paddr)");
}
