/*
 * tests/guest/fuzz/image.c - lay out an rvfuzz case as a static riscv64 ELF.
 *
 * The code segment (R+X at FZ_CODE_VA) holds the prologue, the first `limit` generated items
 * and the epilogue; the data segment (R+W at FZ_DATA_VA) holds the init table, the pool and
 * the scratch area's initial bytes (see rvfuzz.h); the result log is its zero-filled tail. Branch
 * offsets are filled in here, once every item has an address; a truncated image (for minimisation)
 * sends branches that went beyond its end to the epilogue instead. The ELF has two PT_LOAD segments
 * and no sections, which is all the Linux (and qemu-user) loader and rvh_load_elf need.
 */
#include "enc.h"
#include "rvfuzz.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define SYS_WRITE       64
#define SYS_EXIT        93
#define STDOUT_FD       1
#define REG_SCRATCH_PRO 31u /* the prologue's base register, loaded last */
#define REG_A0          10u
#define REG_A1          11u
#define REG_A2          12u
#define REG_A7          17u
#define LO12_ROUND      0x800u /* lui+addi: the addi's sign extension borrows from the upper part */

/* ---- code buffer ---------------------------------------------------------------------------- */

struct code {
    uint8_t *bytes;
    size_t len, cap;
    bool oom;
};

static void put(struct code *k, uint32_t bits, unsigned len)
{
    if (k->len + len > k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 16384;
        uint8_t *n = realloc(k->bytes, cap);
        if (!n) {
            k->oom = true;
            return;
        }
        k->bytes = n;
        k->cap = cap;
    }
    for (unsigned i = 0; i < len; i++)
        k->bytes[k->len++] = (uint8_t)(bits >> (8 * i));
}

static void put32(struct code *k, uint32_t bits)
{
    put(k, bits, 4);
}

/* rd = v for 0 <= v < 2^31. */
static void put_li(struct code *k, unsigned rd, uint32_t v)
{
    uint32_t hi = (v + LO12_ROUND) >> 12;
    int32_t lo = (int32_t)(v - (hi << 12));
    if (hi) {
        put32(k, enc_u(hi, rd, OPC_LUI));
        put32(k, enc_i(lo, rd, 0, rd, OPC_OP_IMM));
    } else {
        put32(k, enc_i(lo, 0, 0, rd, OPC_OP_IMM));
    }
}

/* Load f0..f31, fcsr and x1..x31 from the init table; x31 (the base) last. */
static void put_prologue(struct code *k)
{
    const unsigned base = REG_SCRATCH_PRO;
    put_li(k, base, (uint32_t)(FZ_DATA_VA + FZ_INIT_OFF));
    for (unsigned f = 0; f < 32; f++)
        put32(k, enc_i((int32_t)(8 * (FZ_SLOT_F0 + f)), base, 3, f, OPC_LOAD_FP));
    put32(k, enc_i((int32_t)(8 * FZ_SLOT_FCSR), base, 3, 1, OPC_LOAD));
    put32(k, enc_i(CSR_FCSR, 1, 1, 0, OPC_SYSTEM)); /* csrrw x0, fcsr, x1 */
    for (unsigned r = 1; r <= 31; r++)
        put32(k, enc_i((int32_t)(8 * (FZ_SLOT_X0 + r)), base, 3, r, OPC_LOAD));
}

/* Store x0..x31, f0..f31 and fcsr to the dump (gp was never written), write dump, scratch
 * area and log to stdout, exit(0). */
static void put_epilogue(struct code *k)
{
    const unsigned base = FZ_REG_GP;
    for (unsigned r = 0; r < 32; r++)
        put32(k, enc_s((int32_t)(8 * (FZ_SLOT_X0 + r)), r, base, 3, OPC_STORE));
    for (unsigned f = 0; f < 32; f++)
        put32(k, enc_s((int32_t)(8 * (FZ_SLOT_F0 + f)), f, base, 3, OPC_STORE_FP));
    put32(k, enc_i(CSR_FCSR, 0, 2, 1, OPC_SYSTEM)); /* csrrs x1, fcsr, x0 */
    put32(k, enc_s((int32_t)(8 * FZ_SLOT_FCSR), 1, base, 3, OPC_STORE));
    put32(k, enc_s((int32_t)(8 * (FZ_SLOT_FCSR + 1)), 0, base, 3, OPC_STORE));
    put_li(k, REG_A0, STDOUT_FD);
    put32(k, enc_i(0, base, 0, REG_A1, OPC_OP_IMM));
    put_li(k, REG_A2, FZ_OUT_BYTES);
    put_li(k, REG_A7, SYS_WRITE);
    put32(k, ECALL_BITS);
    put_li(k, REG_A0, 0);
    put_li(k, REG_A7, SYS_EXIT);
    put32(k, ECALL_BITS);
}

/* ---- layout -----------------------------------------------------------------------------------
 */

static size_t prologue_bytes(void)
{
    static size_t bytes;
    if (!bytes) {
        struct code k = {0};
        put_prologue(&k);
        bytes = k.len;
        free(k.bytes);
    }
    return bytes;
}

/* Address of every item [0, limit] (limit: the epilogue); NULL if out of memory. */
static uint64_t *addresses(const struct fz_case *c, uint32_t limit)
{
    uint64_t *a = malloc((limit + 1u) * sizeof *a);
    if (!a)
        return NULL;
    uint64_t pc = FZ_CODE_VA + prologue_bytes();
    for (uint32_t i = 0; i < limit; i++) {
        a[i] = pc;
        pc += c->item[i].len;
    }
    a[limit] = pc;
    return a;
}

static uint32_t target_of(const struct fz_item *it, uint32_t limit)
{
    return it->target < limit ? it->target : limit;
}

static bool fits(int64_t off, unsigned bits)
{
    return off >= -(1ll << (bits - 1)) && off < (1ll << (bits - 1));
}

/* The item's encoding with its offset filled in; false if the offset does not fit (a
 * generator bug). */
static bool fixed_bits(const struct fz_case *c, uint32_t i, uint32_t limit, const uint64_t *a,
                       uint32_t *out)
{
    const struct fz_item *it = &c->item[i];
    int64_t off = (int64_t)(a[target_of(it, limit)] - a[i]);
    uint32_t bits = it->bits;
    switch (it->fix) {
    case FZ_FIX_NONE:
        break;
    case FZ_FIX_BRANCH:
        if (!fits(off, 13))
            return false;
        bits |= enc_b((int32_t)off, 0, 0, 0);
        break;
    case FZ_FIX_JAL:
        if (!fits(off, 21))
            return false;
        bits |= enc_j((int32_t)off, 0);
        break;
    case FZ_FIX_CBRANCH:
        if (!fits(off, 9))
            return false;
        bits |= enc_c_branch(0, (int32_t)off, 8);
        break;
    case FZ_FIX_CJ:
        if (!fits(off, 12))
            return false;
        bits |= enc_c_j((int32_t)off);
        break;
    default: /* FZ_FIX_ANCHORED */
        off = (int64_t)(a[target_of(it, limit)] - a[it->anchor]) + it->bias;
        if (!fits(off, 12))
            return false;
        bits |= enc_i((int32_t)off, 0, 0, 0, 0);
        break;
    }
    *out = bits;
    return true;
}

/* ---- ELF --------------------------------------------------------------------------------------
 */

#define PHNUM 2u
#define ELF_FLAGS_RVC_DOUBLE                                                                       \
    0x5u /* EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE, as gcc marks RV64GC */

static size_t round_up(size_t v, size_t to)
{
    return (v + to - 1) / to * to;
}

static int write_elf(const struct fz_case *c, const struct code *k, struct fz_image *img)
{
    size_t code_off = FZ_PAGE_BYTES;
    size_t data_off = round_up(code_off + k->len, FZ_PAGE_BYTES);
    size_t len = data_off + FZ_DATA_BYTES;
    uint8_t *b = calloc(1, len);
    if (!b)
        return -1;

    Elf64_Ehdr eh = {0};
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_RISCV;
    eh.e_version = EV_CURRENT;
    eh.e_entry = FZ_CODE_VA;
    eh.e_phoff = sizeof eh;
    eh.e_flags = ELF_FLAGS_RVC_DOUBLE;
    eh.e_ehsize = sizeof eh;
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = PHNUM;
    memcpy(b, &eh, sizeof eh);

    Elf64_Phdr ph[PHNUM] = {
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_X,
         .p_offset = code_off,
         .p_vaddr = FZ_CODE_VA,
         .p_paddr = FZ_CODE_VA,
         .p_filesz = k->len,
         .p_memsz = k->len,
         .p_align = FZ_PAGE_BYTES},
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_W,
         .p_offset = data_off,
         .p_vaddr = FZ_DATA_VA,
         .p_paddr = FZ_DATA_VA,
         .p_filesz = FZ_DATA_BYTES,
         .p_memsz = FZ_DATA_BYTES + FZ_LOG_BYTES,
         .p_align = FZ_PAGE_BYTES},
    };
    memcpy(b + sizeof eh, ph, sizeof ph);
    memcpy(b + code_off, k->bytes, k->len);

    uint8_t *data = b + data_off;
    memcpy(data + FZ_INIT_OFF, c->init, sizeof c->init);
    memcpy(data + FZ_POOL_OFF, c->pool, sizeof c->pool);
    memcpy(data + FZ_SCRATCH_OFF, c->scratch, sizeof c->scratch);
    img->bytes = b;
    img->len = len;
    return 0;
}

int fz_build_image(const struct fz_case *c, uint32_t limit, struct fz_image *img)
{
    struct code k = {0};
    int rc = -1;
    uint64_t *a = addresses(c, limit);
    if (!a)
        goto out;
    put_prologue(&k);
    for (uint32_t i = 0; i < limit; i++) {
        uint32_t bits;
        if (!fixed_bits(c, i, limit, a, &bits)) {
            fprintf(stderr, "rvfuzz: item %u (%s): offset out of range\n", i, c->item[i].text);
            goto out_free_code;
        }
        put(&k, bits, c->item[i].len);
    }
    put_epilogue(&k);
    if (!k.oom)
        rc = write_elf(c, &k, img);
out_free_code:
    free(k.bytes);
    free(a);
out:
    return rc;
}

void fz_image_free(struct fz_image *img)
{
    free(img->bytes);
    img->bytes = NULL;
    img->len = 0;
}

void fz_write_listing(FILE *out, const struct fz_case *c, uint32_t limit)
{
    uint64_t *a = addresses(c, limit);
    if (!a)
        return;
    fprintf(out, "# prologue at 0x%llx loads x1..x31, f0..f31, fcsr from the init table\n",
            (unsigned long long)FZ_CODE_VA);
    for (uint32_t i = 0; i < limit; i++) {
        const struct fz_item *it = &c->item[i];
        uint32_t bits = it->bits;
        fixed_bits(c, i, limit, a, &bits);
        fprintf(out, "#%-5u %c %llx: %0*x  %s", i, it->group_start ? ' ' : '+',
                (unsigned long long)a[i], it->len * 2, bits, it->text);
        if (it->fix != FZ_FIX_NONE) {
            uint32_t t = target_of(it, limit);
            fprintf(out, "  -> #%u (%llx)%s", t, (unsigned long long)a[t],
                    t == limit ? " epilogue" : "");
        }
        fputc('\n', out);
    }
    fprintf(out, "# epilogue at 0x%llx dumps registers, fcsr and the scratch area\n",
            (unsigned long long)a[limit]);
    free(a);
}
