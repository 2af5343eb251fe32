/*
 * tests/guest/harness/rvh.c - load and run a static riscv64 ELF on the interpreter (see rvh.h).
 *
 * Page tables: the root and every intermediate table come from the same bump allocator as
 * the pages, so a whole machine is one malloc'd block that rvh_fini frees. Leaves are 4 KiB,
 * V|U plus the requested permissions, with A and D clear so the interpreter's walker has to
 * set them as hardware would.
 */
#include "rvh.h"

#include "kernel/elf/elf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PTES_PER_TABLE 512u
#define RUN_CHUNK      (1u << 20) /* instructions per rv_run call */
#define SYS_WRITE      64
#define SYS_EXIT       93
#define SYS_EXIT_GROUP 94
#define AUX_RANDOM_BYTES 16u
#define RVH_PIE_BASE   0x10000ull /* where a static-PIE is loaded */
#define PHDR_BYTES     56u
/* auxv tags (Linux, include/uapi/linux/auxvec.h) */
#define AT_NULL   0
#define AT_PHDR   3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_ENTRY  9
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31

static int fail(struct rvh *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->err, sizeof v->err, fmt, ap);
    va_end(ap);
    return -1;
}

int rvh_init(struct rvh *v, uint64_t mem_bytes)
{
    memset(v, 0, sizeof *v);
    v->out_fd = 1;
    if (mem_bytes == 0 || mem_bytes % RV_PAGE_SIZE)
        return fail(v, "memory size %llu is not a positive multiple of 4 KiB",
                    (unsigned long long)mem_bytes);
    /* Anonymous mappings come zeroed and are only backed when touched. */
    void *mem = mmap(0, mem_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    v->mem = mem == MAP_FAILED ? 0 : mem;
    v->mem_bytes = mem_bytes;
    v->hart = malloc(sizeof *v->hart);
    if (!v->mem || !v->hart) {
        rvh_fini(v);
        return fail(v, "out of host memory");
    }
    rv_machine_init(&v->m, v->mem, mem_bytes);
    rv_hart_init(v->hart, &v->m);
    v->next_frame = RV_PAGE_SIZE; /* keep physical page 0 unused: a null PPN is a bug */
    v->root = v->next_frame;
    v->next_frame += RV_PAGE_SIZE;
    v->satp = rv_satp(v->root, 1);
    return 0;
}

void rvh_fini(struct rvh *v)
{
    if (v->mem)
        munmap(v->mem, v->mem_bytes);
    free(v->hart);
    free(v->out);
    v->mem = 0;
    v->hart = 0;
    v->out = 0;
}

static uint64_t alloc_frame(struct rvh *v)
{
    if (v->next_frame + RV_PAGE_SIZE > v->mem_bytes)
        return 0;
    uint64_t pa = v->next_frame;
    v->next_frame += RV_PAGE_SIZE;
    return pa; /* memory is zeroed at init */
}

static uint64_t *pte_at(const struct rvh *v, uint64_t table, unsigned index)
{
    return (uint64_t *)(void *)(v->mem + table) + index;
}

/* The level-0 PTE slot for va, creating tables on the way if `create`. */
static uint64_t *leaf_slot(struct rvh *v, uint64_t va, int create)
{
    uint64_t table = v->root;
    for (int level = 2; level > 0; level--) {
        uint64_t *pte = pte_at(v, table, (unsigned)(va >> (12 + 9 * level)) & 511u);
        if (!(*pte & RV_PTE_V)) {
            if (!create)
                return 0;
            uint64_t next = alloc_frame(v);
            if (!next)
                return 0;
            *pte = rv_pte(next, RV_PTE_V);
        }
        table = ((*pte & RV_PTE_PPN_MASK) >> RV_PTE_PPN_SHIFT) << RV_PAGE_SHIFT;
    }
    return pte_at(v, table, (unsigned)(va >> 12) & 511u);
}

int rvh_map(struct rvh *v, uint64_t va, uint64_t len, uint64_t perm)
{
    uint64_t start = va & ~(RV_PAGE_SIZE - 1), end = (va + len + RV_PAGE_SIZE - 1) & ~(RV_PAGE_SIZE - 1);
    perm &= RV_PTE_R | RV_PTE_W | RV_PTE_X;
    for (uint64_t p = start; p < end; p += RV_PAGE_SIZE) {
        uint64_t *slot = leaf_slot(v, p, 1);
        if (!slot)
            return fail(v, "out of guest physical memory mapping 0x%llx", (unsigned long long)p);
        if (*slot & RV_PTE_V) {
            *slot |= perm;
            continue;
        }
        uint64_t frame = alloc_frame(v);
        if (!frame)
            return fail(v, "out of guest physical memory mapping 0x%llx", (unsigned long long)p);
        *slot = rv_pte(frame, RV_PTE_V | RV_PTE_U | perm);
    }
    return 0;
}

uint64_t rvh_pa(const struct rvh *v, uint64_t va)
{
    uint64_t *slot = leaf_slot((struct rvh *)v, va, 0);
    if (!slot || !(*slot & RV_PTE_V))
        return ~0ull;
    return (((*slot & RV_PTE_PPN_MASK) >> RV_PTE_PPN_SHIFT) << RV_PAGE_SHIFT) |
           (va & (RV_PAGE_SIZE - 1));
}

int rvh_poke(struct rvh *v, uint64_t va, const void *src, size_t len)
{
    const uint8_t *s = src;
    while (len) {
        uint64_t pa = rvh_pa(v, va);
        if (pa == ~0ull)
            return fail(v, "poke to unmapped 0x%llx", (unsigned long long)va);
        size_t n = RV_PAGE_SIZE - (va & (RV_PAGE_SIZE - 1));
        if (n > len)
            n = len;
        memcpy(v->mem + pa, s, n);
        s += n;
        va += n;
        len -= n;
    }
    return 0;
}

/* ---- ELF ------------------------------------------------------------------------------------ */

/* The ELF plan's permissions as PTE bits. Writable implies readable (W without R is a
 * reserved PTE encoding). */
static uint64_t segment_perm(uint32_t prot)
{
    return (prot & ELF_PROT_R ? RV_PTE_R : 0) | (prot & ELF_PROT_W ? RV_PTE_W | RV_PTE_R : 0) |
           (prot & ELF_PROT_X ? RV_PTE_X : 0);
}

/* Push `len` bytes below *sp. */
static int push(struct rvh *v, uint64_t *sp, const void *data, size_t len)
{
    *sp -= len;
    return rvh_poke(v, *sp, data, len);
}

static int build_stack(struct rvh *v, const char *name, uint64_t phdr, unsigned phnum,
                       uint64_t entry)
{
    uint64_t sp = RVH_STACK_TOP;
    if (rvh_map(v, sp - RVH_STACK_BYTES, RVH_STACK_BYTES, RV_PTE_R | RV_PTE_W))
        return -1;
    uint8_t random[AUX_RANDOM_BYTES];
    for (unsigned i = 0; i < sizeof random; i++)
        random[i] = (uint8_t)(i * 37u + 11u); /* deterministic: tests must repeat */
    if (push(v, &sp, name, strlen(name) + 1))
        return -1;
    uint64_t name_va = sp;
    if (push(v, &sp, random, sizeof random))
        return -1;
    uint64_t random_va = sp;
    sp &= ~15ull;
    uint64_t words[] = {
        1, name_va, 0, /* argc, argv[0], argv end */
        0,             /* envp end */
        AT_PHDR, phdr, AT_PHENT, PHDR_BYTES, AT_PHNUM, phnum, AT_PAGESZ, RV_PAGE_SIZE,
        AT_ENTRY, entry, AT_RANDOM, random_va, AT_EXECFN, name_va, AT_SECURE, 0, AT_NULL, 0,
    };
    if (sizeof words % 16)
        sp -= 8; /* keep sp 16-byte aligned after the push */
    if (push(v, &sp, words, sizeof words))
        return -1;
    v->regs.x[2] = sp;
    return 0;
}

int rvh_load_elf(struct rvh *v, const void *image, size_t len, const char *name)
{
    /* The kernel's parser validates the file; test programs may have RWX segments (the
     * self-modifying-code test), which the kernel itself will refuse. */
    struct elf_image img;
    char why[ELF_WHY_BYTES];
    if (elf_parse(image, len, ELF_ALLOW_WX, &img, why) != VX_OK)
        return fail(v, "%s", why);
    uint64_t bias = img.pie ? RVH_PIE_BASE : 0;
    const uint8_t *file = image;
    for (unsigned i = 0; i < img.nseg; i++) {
        const struct elf_segment *s = &img.seg[i];
        if (rvh_map(v, s->va + bias, s->memsz, segment_perm(s->prot)) ||
            rvh_poke(v, s->va + bias, file + s->offset, s->filesz))
            return -1;
    }
    if (img.hi + bias > RVH_STACK_TOP - RVH_STACK_BYTES)
        return fail(v, "the program overlaps the stack");
    v->regs.pc = img.entry + bias;
    return build_stack(v, name, img.phdr_va ? img.phdr_va + bias : 0, img.phnum, v->regs.pc);
}

int rvh_load_file(struct rvh *v, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(v, "%s: %s", path, strerror(errno));
    char *buf = 0;
    size_t len = 0, cap = 0, n;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return fail(v, "out of host memory");
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    int rc = rvh_load_elf(v, buf, len, path);
    free(buf);
    return rc;
}

/* ---- running -------------------------------------------------------------------------------- */

static void output(struct rvh *v, const uint8_t *data, size_t n)
{
    if (v->out_fd >= 0) {
        while (n) {
            ssize_t w = write(v->out_fd, data, n);
            if (w <= 0)
                return;
            data += w;
            n -= (size_t)w;
        }
        return;
    }
    if (v->out_len + n > v->out_cap) {
        size_t cap = v->out_cap ? v->out_cap : 4096;
        while (cap < v->out_len + n)
            cap *= 2;
        char *nb = realloc(v->out, cap);
        if (!nb)
            return;
        v->out = nb;
        v->out_cap = cap;
    }
    memcpy(v->out + v->out_len, data, n);
    v->out_len += n;
}

/* write(fd, buf, count): copy out through the page tables, as the kernel will. */
static int64_t sys_write(struct rvh *v, uint64_t fd, uint64_t buf, uint64_t count)
{
    if (fd != 1 && fd != 2)
        return -EBADF;
    uint64_t done = 0;
    while (done < count) {
        uint64_t pa;
        if (rv_translate(&v->m, v->satp, buf + done, RV_ACCESS_LOAD, &pa))
            return done ? (int64_t)done : -EFAULT;
        uint64_t n = RV_PAGE_SIZE - (pa & (RV_PAGE_SIZE - 1));
        if (n > count - done)
            n = count - done;
        output(v, v->mem + pa, n);
        done += n;
    }
    return (int64_t)done;
}

void rvh_run(struct rvh *v, uint64_t max_insns, struct rvh_result *res)
{
    memset(res, 0, sizeof *res);
    for (;;) {
        uint64_t left = max_insns - res->instructions;
        if (left == 0) {
            res->end = RVH_OUT_OF_BUDGET;
            return;
        }
        struct rv_trap t;
        uint32_t cause = rv_run(v->hart, &v->regs, v->satp, left < RUN_CHUNK ? left : RUN_CHUNK, &t);
        res->instructions += t.retired;
        if (cause == RV_CAUSE_BUDGET || cause == RV_CAUSE_INTERRUPT)
            continue;
        if (cause != RV_CAUSE_ECALL) {
            res->end = RVH_TRAPPED;
            res->trap = t;
            return;
        }
        uint64_t *a = &v->regs.x[10];
        switch (v->regs.x[17]) {
        case SYS_WRITE:
            a[0] = (uint64_t)sys_write(v, a[0], a[1], a[2]);
            break;
        case SYS_EXIT:
        case SYS_EXIT_GROUP:
            res->end = RVH_EXITED;
            res->exit_status = (int)(a[0] & 0xff);
            return;
        default:
            v->enosys_calls++;
            a[0] = (uint64_t)-ENOSYS;
            break;
        }
        v->regs.pc += 4; /* ecall is never compressed */
    }
}

const char *rvh_cause_name(uint32_t cause)
{
    switch (cause) {
    case RV_CAUSE_FETCH_MISALIGNED: return "instruction address misaligned";
    case RV_CAUSE_FETCH_ACCESS: return "instruction access fault";
    case RV_CAUSE_ILLEGAL: return "illegal instruction";
    case RV_CAUSE_BREAKPOINT: return "breakpoint";
    case RV_CAUSE_LOAD_MISALIGNED: return "load address misaligned";
    case RV_CAUSE_LOAD_ACCESS: return "load access fault";
    case RV_CAUSE_STORE_MISALIGNED: return "store/AMO address misaligned";
    case RV_CAUSE_STORE_ACCESS: return "store/AMO access fault";
    case RV_CAUSE_ECALL: return "environment call";
    case RV_CAUSE_FETCH_PAGE: return "instruction page fault";
    case RV_CAUSE_LOAD_PAGE: return "load page fault";
    case RV_CAUSE_STORE_PAGE: return "store/AMO page fault";
    case RV_CAUSE_BUDGET: return "budget exhausted";
    case RV_CAUSE_INTERRUPT: return "interrupt";
    default: return "unknown trap";
    }
}
