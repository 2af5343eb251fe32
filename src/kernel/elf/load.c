/*
 * elf/load.c - building a process image from an ELF file (see load.h).
 */
#define VX_SUBSYSTEM "elf"
#include "kernel/elf/load.h"

#include "hostio.h"
#include "kernel/mm/slab.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define PAGE      4096ull
#define BOUNCE    4096u
#define PHENT     56u
#define AUXV_MAX  20u

/* Auxiliary vector keys (Linux include/uapi/linux/auxvec.h). */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
    AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
    AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
    AT_MINSIGSTKSZ = 51,
};
/* AT_HWCAP on riscv: one bit per single-letter extension, 'A' = bit 0. */
#define HWCAP(c) (1ull << ((c) - 'A'))
#define RV_HWCAP (HWCAP('I') | HWCAP('M') | HWCAP('A') | HWCAP('F') | HWCAP('D') | HWCAP('C'))
#define MINSIGSTKSZ_RV64 2048u

#define FAIL(status, ...)                                                                      \
    do {                                                                                       \
        vx_snprintf(why, ELF_WHY_BYTES, __VA_ARGS__);                                          \
        return (status);                                                                       \
    } while (0)

static uint32_t vm_prot(uint32_t elf_prot)
{
    return ((elf_prot & ELF_PROT_R) ? VX_VM_READ : 0) | ((elf_prot & ELF_PROT_W) ? VX_VM_WRITE : 0) |
           ((elf_prot & ELF_PROT_X) ? VX_VM_EXEC : 0);
}

/* Copy n bytes of file at off into v at voff through a bounce buffer. */
static vx_status_t copy_vmo(struct vmo *v, uint64_t voff, struct vmo *file, uint64_t off,
                            uint64_t n)
{
    uint8_t *buf = kmalloc(BOUNCE);
    if (!buf)
        return VX_ENOMEM;
    vx_status_t st = VX_OK;
    while (n && !st) {
        size_t chunk = n < BOUNCE ? (size_t)n : BOUNCE;
        st = vmo_read(file, off, buf, chunk);
        if (!st)
            st = vmo_write(v, voff, buf, chunk);
        off += chunk;
        voff += chunk;
        n -= chunk;
    }
    kfree(buf);
    return st;
}

static vx_status_t load_segment(struct aspace *as, struct vmo *file, const struct elf_segment *s,
                                uint64_t base, struct job *job, char *why, unsigned i)
{
    uint64_t start = (s->va + base) & ~(PAGE - 1);
    uint64_t end = (s->va + base + s->memsz + PAGE - 1) & ~(PAGE - 1);
    struct vmo *v;
    vx_status_t st = vmo_create(end - start, &v);
    if (st)
        FAIL(st, "no memory for segment %u", i);
    if ((st = vmo_set_job(v, job)) ||
        (st = copy_vmo(v, (s->va + base) - start, file, s->offset, s->filesz))) {
        kobject_put(&v->ko);
        FAIL(st, "segment %u: %s while copying it", i, st == VX_ELIMIT ? "job quota" : "no memory");
    }
    uint32_t prot = vm_prot(s->prot);
    uint64_t va = start;
    st = as_map(as, v, 0, end - start, prot, prot, VX_VM_FIXED, &va);
    kobject_put(&v->ko);
    if (st == VX_EEXIST)
        FAIL(st, "segment %u shares a page with another segment", i);
    if (st)
        FAIL(st, "segment %u could not be mapped", i);
    return VX_OK;
}

/* Count the NUL-terminated strings in s[0..len). -1 if the last one is unterminated. */
static int64_t count_strings(const char *s, size_t len)
{
    if (len && s[len - 1] != '\0')
        return -1;
    int64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\0';
    return n;
}

struct stack_builder {
    struct aspace *as;
    uint64_t sp;
    vx_status_t st;
};

static uint64_t push(struct stack_builder *b, const void *data, size_t n, size_t align)
{
    b->sp = (b->sp - n) & ~((uint64_t)align - 1);
    if (!b->st)
        b->st = as_copy_out(b->as, b->sp, data, n);
    return b->sp;
}

static vx_status_t build_stack(struct aspace *as, uint64_t top, const char *strings, size_t len,
                               uint32_t argc, uint32_t nstr, const uint64_t *aux, unsigned naux,
                               uint64_t *sp)
{
    struct stack_builder b = {as, top, VX_OK};
    uint64_t strs = push(&b, strings, len, 16);
    uint8_t rnd[16];
    hio_entropy(rnd, sizeof rnd);
    uint64_t random_va = push(&b, rnd, sizeof rnd, 16);
    /* The pointer block: argc, argv[argc], 0, envp[n], 0, auxv pairs (AT_RANDOM and
     * AT_EXECFN patched in here, as their addresses are known only now). */
    uint32_t nenv = nstr - argc;
    size_t words = 1 + argc + 1 + nenv + 1 + 2 * (naux + 2) + 2;
    uint64_t *blk = kmalloc(words * 8);
    if (!blk)
        return VX_ENOMEM;
    size_t w = 0, off = 0;
    blk[w++] = argc;
    for (uint32_t i = 0; i < nstr; i++) {
        if (i == argc)
            blk[w++] = 0;
        blk[w++] = strs + off;
        off += vx_strlen(strings + off) + 1;
    }
    if (nstr == argc)
        blk[w++] = 0;
    blk[w++] = 0;
    for (unsigned i = 0; i < 2 * naux; i++)
        blk[w++] = aux[i];
    blk[w++] = AT_RANDOM, blk[w++] = random_va;
    blk[w++] = AT_EXECFN, blk[w++] = argc ? strs : 0;
    blk[w++] = AT_NULL, blk[w++] = 0;
    push(&b, blk, w * 8, 16);
    kfree(blk);
    *sp = b.sp;
    return b.st;
}

vx_status_t elf_load(struct aspace *as, struct vmo *file, const char *strings, size_t len,
                     uint32_t argc, struct job *job, struct vx_elf_info *out, char *why)
{
    why[0] = '\0';
    int64_t nstr = count_strings(strings, len);
    if (len > ELF_STRINGS_MAX || nstr < 0 || (uint64_t)nstr < argc)
        FAIL(VX_EINVAL, "arguments: %u strings asked for, %lld NUL-terminated in %llu bytes",
             argc, (long long)nstr, (unsigned long long)len);
    uint64_t size = vmo_size(file);
    uint64_t have = size < ELF_HEAD_BYTES ? size : ELF_HEAD_BYTES;
    uint8_t *head = kmalloc(ELF_HEAD_BYTES);
    struct elf_image *img = kmalloc(sizeof *img);
    vx_status_t st = VX_ENOMEM;
    if (!head || !img)
        goto out_free;
    if ((st = vmo_read(file, 0, head, have)) ||
        (st = elf_parse_prefix(head, have, size, 0, img, why)))
        goto out_free;
    uint64_t base = 0;
    if (img->pie) {
        uint64_t r;
        hio_entropy(&r, sizeof r);
        base = ELF_PIE_BASE_LO + (r % (ELF_PIE_BASE_SPAN >> 21) << 21);
    }
    for (unsigned i = 0; i < img->nseg && !st; i++)
        st = load_segment(as, file, &img->seg[i], base, job, why, i);
    if (st)
        goto out_free;

    struct vmo *stack;
    if ((st = vmo_create(ELF_STACK_BYTES, &stack)))
        goto out_free;
    uint64_t lo = 0;
    if (!(st = vmo_set_job(stack, job)))
        st = as_map(as, stack, 0, ELF_STACK_BYTES, VX_VM_READ | VX_VM_WRITE,
                    VX_VM_READ | VX_VM_WRITE, 0, &lo);
    kobject_put(&stack->ko);
    if (st) {
        vx_snprintf(why, ELF_WHY_BYTES, "no room for the stack");
        goto out_free;
    }
    const uint64_t aux[] = {
        AT_PHDR, img->phdr_va ? img->phdr_va + base : 0, AT_PHENT, PHENT, AT_PHNUM, img->phnum,
        AT_PAGESZ, PAGE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, img->entry + base,
        AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_HWCAP, RV_HWCAP, AT_CLKTCK, 100,
        AT_SECURE, 0, AT_MINSIGSTKSZ, MINSIGSTKSZ_RV64,
    };
    _Static_assert(sizeof aux / sizeof aux[0] / 2 + 3 <= AUXV_MAX, "AUXV_MAX too small");
    uint64_t sp;
    st = build_stack(as, lo + ELF_STACK_BYTES, strings, len, argc, (uint32_t)nstr, aux,
                     sizeof aux / sizeof aux[0] / 2, &sp);
    if (st) {
        vx_snprintf(why, ELF_WHY_BYTES, "could not write the initial stack");
        goto out_free;
    }
    *out = (struct vx_elf_info){img->entry + base, sp, base, lo, img->hi + base};
out_free:
    if (st && !why[0])
        vx_snprintf(why, ELF_WHY_BYTES, "out of memory");
    kfree(head);
    kfree(img);
    return st;
}
