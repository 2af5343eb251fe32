/*
 * elf/elf.c - validate a riscv64 ELF64 executable and turn it into a load plan (see elf.h).
 *
 * Field offsets are those of the ELF-64 Object File Format (version 1.5) and the RISC-V ELF
 * psABI; every field is read byte by byte as little-endian, so the file needs no alignment and
 * nothing depends on host structure layout. Every offset and size is checked for overflow
 * before it is added to another: the file is untrusted input.
 */
#include "kernel/elf/elf.h"

#include "lib/fmt.h"
#include "lib/string.h"

#define EHDR_BYTES 64u
#define PHDR_BYTES 56u

/* e_ident */
#define EI_CLASS    4u
#define EI_DATA     5u
#define EI_VERSION  6u
#define ELFCLASS64  2u
#define ELFDATA2LSB 1u
#define EV_CURRENT  1u
/* ELF header fields */
#define E_TYPE      16u
#define E_MACHINE   18u
#define E_ENTRY     24u
#define E_PHOFF     32u
#define E_PHENTSIZE 54u
#define E_PHNUM     56u
#define ET_EXEC     2u
#define ET_DYN      3u
#define EM_RISCV    243u
/* program header fields */
#define P_TYPE   0u
#define P_FLAGS  4u
#define P_OFFSET 8u
#define P_VADDR  16u
#define P_FILESZ 32u
#define P_MEMSZ  40u
#define PT_LOAD   1u
#define PT_INTERP 3u
#define PT_PHDR   6u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

static uint64_t rd(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

#define REFUSE(status, ...)                                                                  \
    do {                                                                                     \
        vx_snprintf(why, ELF_WHY_BYTES, __VA_ARGS__);                                        \
        return (status);                                                                     \
    } while (0)

static uint64_t page_down(uint64_t v) { return v & ~(uint64_t)(ELF_PAGE_SIZE - 1); }

/* Round up, or 0 on overflow (a real end is never 0). */
static uint64_t page_up(uint64_t v)
{
    return v > UINT64_MAX - (ELF_PAGE_SIZE - 1) ? 0 : page_down(v + ELF_PAGE_SIZE - 1);
}

static uint32_t prot_of(uint32_t pflags)
{
    return (pflags & PF_R ? ELF_PROT_R : 0) | (pflags & PF_W ? ELF_PROT_W : 0) |
           (pflags & PF_X ? ELF_PROT_X : 0);
}

static vx_status_t check_header(const uint8_t *f, uint64_t len, struct elf_image *img,
                                uint64_t *phoff, char *why)
{
    if (len < EHDR_BYTES)
        REFUSE(VX_EINVAL, "file of %llu bytes is too short for an ELF header",
               (unsigned long long)len);
    if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
        REFUSE(VX_EINVAL, "not an ELF file (bad magic)");
    if (f[EI_CLASS] != ELFCLASS64 || f[EI_DATA] != ELFDATA2LSB || f[EI_VERSION] != EV_CURRENT)
        REFUSE(VX_ENOTSUP, "not a little-endian ELF64 version 1 file");
    if (rd(f + E_MACHINE, 2) != EM_RISCV)
        REFUSE(VX_ENOTSUP, "machine %llu is not RISC-V", (unsigned long long)rd(f + E_MACHINE, 2));
    uint64_t type = rd(f + E_TYPE, 2);
    if (type != ET_EXEC && type != ET_DYN)
        REFUSE(VX_ENOTSUP, "ELF type %llu is not an executable", (unsigned long long)type);
    img->pie = type == ET_DYN;
    img->entry = rd(f + E_ENTRY, 8);
    *phoff = rd(f + E_PHOFF, 8);
    img->phnum = (uint16_t)rd(f + E_PHNUM, 2);
    if (rd(f + E_PHENTSIZE, 2) != PHDR_BYTES)
        REFUSE(VX_EINVAL, "program header size %llu is not %u",
               (unsigned long long)rd(f + E_PHENTSIZE, 2), PHDR_BYTES);
    if (img->phnum == 0 || img->phnum > ELF_MAX_PHNUM)
        REFUSE(VX_EINVAL, "%u program headers (1 to %u allowed)", img->phnum, ELF_MAX_PHNUM);
    if (*phoff > len || (len - *phoff) / PHDR_BYTES < img->phnum)
        REFUSE(VX_EINVAL, "the program header table lies outside the file");
    return VX_OK;
}

/* One PT_LOAD: check it alone and against the previous one, then append it. */
static vx_status_t add_segment(const uint8_t *ph, unsigned i, uint64_t len, uint32_t flags,
                               struct elf_image *img, uint64_t *total, char *why)
{
    struct elf_segment s = {
        .va = rd(ph + P_VADDR, 8),
        .memsz = rd(ph + P_MEMSZ, 8),
        .offset = rd(ph + P_OFFSET, 8),
        .filesz = rd(ph + P_FILESZ, 8),
        .prot = prot_of((uint32_t)rd(ph + P_FLAGS, 4)),
    };
    if (s.memsz == 0)
        return VX_OK; /* nothing to map */
    if (s.filesz > s.memsz)
        REFUSE(VX_EINVAL, "segment %u has more file bytes than memory bytes", i);
    if (s.offset > len || len - s.offset < s.filesz)
        REFUSE(VX_EINVAL, "segment %u lies outside the file", i);
    if ((s.va - s.offset) % ELF_PAGE_SIZE)
        REFUSE(VX_EINVAL, "segment %u: address and file offset differ within a page", i);
    uint64_t end = page_up(s.va + s.memsz);
    if (s.va + s.memsz < s.va || end == 0 || end > ELF_USER_TOP)
        REFUSE(VX_EINVAL, "segment %u does not fit below the user address limit", i);
    if (!img->pie && s.va < ELF_PAGE_SIZE)
        REFUSE(VX_EINVAL, "segment %u maps page zero", i);
    if ((s.prot & ELF_PROT_W) && (s.prot & ELF_PROT_X) && !(flags & ELF_ALLOW_WX))
        REFUSE(VX_EINVAL, "segment %u is writable and executable (W^X)", i);
    if (img->nseg == ELF_MAX_SEGMENTS)
        REFUSE(VX_EINVAL, "more than %u loadable segments", ELF_MAX_SEGMENTS);
    if (img->nseg) {
        const struct elf_segment *prev = &img->seg[img->nseg - 1];
        if (page_down(s.va) < page_up(prev->va + prev->memsz))
            REFUSE(VX_EINVAL, "segment %u overlaps or precedes the one before it", i);
    }
    *total += end - page_down(s.va);
    if (*total > ELF_MAX_IMAGE_BYTES)
        REFUSE(VX_EINVAL, "segments add up to more than %llu MiB",
               (unsigned long long)(ELF_MAX_IMAGE_BYTES >> 20));
    img->seg[img->nseg++] = s;
    return VX_OK;
}

vx_status_t elf_parse(const void *file, uint64_t len, uint32_t flags, struct elf_image *img,
                      char *why)
{
    return elf_parse_prefix(file, len, len, flags, img, why);
}

vx_status_t elf_parse_prefix(const void *file, uint64_t have, uint64_t len, uint32_t flags,
                             struct elf_image *img, char *why)
{
    const uint8_t *f = file;
    uint64_t phoff, total = 0;
    vx_memset(img, 0, sizeof *img);
    why[0] = '\0';
    if (have > len || have < EHDR_BYTES)
        REFUSE(VX_EINVAL, "file too short for an ELF header (%llu bytes)",
               (unsigned long long)len);
    vx_status_t st = check_header(f, len, img, &phoff, why);
    if (st != VX_OK)
        return st;
    if (phoff > have || (have - phoff) / PHDR_BYTES < img->phnum)
        REFUSE(VX_ENOTSUP, "program headers beyond the first %llu bytes",
               (unsigned long long)have);

    for (unsigned i = 0; i < img->phnum; i++) {
        const uint8_t *ph = f + phoff + (uint64_t)i * PHDR_BYTES;
        uint64_t type = rd(ph + P_TYPE, 4);
        if (type == PT_INTERP)
            REFUSE(VX_ENOTSUP, "dynamically linked (PT_INTERP): only static programs run");
        if (type == PT_PHDR)
            img->phdr_va = rd(ph + P_VADDR, 8);
        if (type == PT_LOAD && (st = add_segment(ph, i, len, flags, img, &total, why)) != VX_OK)
            return st;
    }
    if (img->nseg == 0)
        REFUSE(VX_EINVAL, "no loadable segment");

    bool entry_ok = false;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        if ((s->prot & ELF_PROT_X) && img->entry >= s->va && img->entry - s->va < s->memsz)
            entry_ok = true;
        /* Without PT_PHDR, the headers are where the segment holding them is loaded. */
        uint64_t table = (uint64_t)img->phnum * PHDR_BYTES;
        if (!img->phdr_va && phoff >= s->offset && phoff - s->offset <= s->filesz &&
            s->filesz - (phoff - s->offset) >= table)
            img->phdr_va = s->va + (phoff - s->offset);
    }
    if (!entry_ok)
        REFUSE(VX_EINVAL, "entry point 0x%llx is not in an executable segment",
               (unsigned long long)img->entry);
    img->lo = page_down(img->seg[0].va);
    img->hi = page_up(img->seg[img->nseg - 1].va + img->seg[img->nseg - 1].memsz);
    return VX_OK;
}
