/*
 * bench/cpu/mix.c - the CPU benchmark's workload: hashing, sorting, a double-precision matrix
 * multiply and branchy parsing, each folded into a 64-bit checksum.
 *
 * Portable freestanding C: no libc, no headers beyond <stdint.h>/<stddef.h>. The same source
 * is built for riscv64 (with start_rv64.c: _start, raw ecalls, memcpy/memset) and for the
 * host (with start_host.c: libc). Each build prints one line
 *
 *     mix hash=<16 hex> sort=<16 hex> matmul=<16 hex> parse=<16 hex>
 *
 * and bench_cpu requires the line to be identical across the native build, qemu-riscv64 and
 * the interpreter. Floating point is reproducible because both builds use -ffp-contract=off
 * (no fused multiply-add) and only +, *, / in round-to-nearest.
 *
 * MIX_SCALE (compile-time, default 8) multiplies the rounds of every part; at 8 the mix is
 * about 700 million riscv64 instructions.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef MIX_SCALE
#define MIX_SCALE 8
#endif

/* Provided by the start file. */
void mix_write(const char *s, size_t n);
int mix_main(void);

#define HASH_BYTES      (128u * 1024u)
#define HASH_ROUNDS     (10u * MIX_SCALE)
#define SORT_KEYS       16384u
#define SORT_ROUNDS     (3u * MIX_SCALE)
#define INSERTION_MAX   16u
#define MAT_N           64u
#define MAT_ROUNDS      (4u * MIX_SCALE)
#define PARSE_BYTES     (48u * 1024u)
#define PARSE_ROUNDS    (24u * MIX_SCALE)

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME  0x100000001b3ull
#define MIX_M1     0x9e3779b97f4a7c15ull
#define MIX_M2     0xc2b2ae3d27d4eb4full

/* ---- helpers ------------------------------------------------------------------------------ */

/* xorshift64*: deterministic on every target. */
static uint64_t prng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

static uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64u - r));
}

/* Fold a value into a running checksum (order-sensitive). */
static uint64_t fold(uint64_t acc, uint64_t v)
{
    acc ^= v + MIX_M1 + (acc << 6) + (acc >> 2);
    return acc * MIX_M2;
}

/* ---- hashing: FNV-1a bytewise plus a wordwise multiply-rotate hash ------------------------- */

static uint8_t hash_buf[HASH_BYTES];

static uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

static uint64_t word_hash(const uint8_t *p, size_t n, uint64_t seed)
{
    uint64_t a = seed, b = ~seed;
    for (size_t i = 0; i + 16 <= n; i += 16) {
        uint64_t w0 = 0, w1 = 0;
        for (unsigned k = 0; k < 8; k++) { /* little-endian load, portable */
            w0 |= (uint64_t)p[i + k] << (8 * k);
            w1 |= (uint64_t)p[i + 8 + k] << (8 * k);
        }
        a = rotl64(a + w0 * MIX_M2, 31) * MIX_M1;
        b = rotl64(b + w1 * MIX_M2, 27) * MIX_M1;
    }
    return rotl64(a, 7) ^ b;
}

static uint64_t part_hash(void)
{
    uint64_t s = 0x1234567887654321ull, sum = 0;
    for (size_t i = 0; i < HASH_BYTES; i++)
        hash_buf[i] = (uint8_t)(prng_next(&s) >> 56);
    for (unsigned r = 0; r < HASH_ROUNDS; r++) {
        hash_buf[(r * 7919u) % HASH_BYTES] ^= (uint8_t)(r + 1); /* keep rounds distinct */
        sum = fold(sum, fnv1a(hash_buf, HASH_BYTES, FNV_OFFSET ^ r));
        sum = fold(sum, word_hash(hash_buf, HASH_BYTES, sum));
    }
    return sum;
}

/* ---- sorting: quicksort of 64-bit keys, merge sort of 32-bit keys ------------------------- */

static uint64_t keys64[SORT_KEYS];
static uint32_t keys32[SORT_KEYS], merge_tmp[SORT_KEYS];

static void insertion_sort64(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Hoare partition with a median-of-three pivot; recurse on the smaller side. */
static void quicksort64(uint64_t *a, size_t n)
{
    while (n > INSERTION_MAX) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        size_t left = j + 1;
        if (left < n - left) {
            quicksort64(a, left);
            a += left;
            n -= left;
        } else {
            quicksort64(a + left, n - left);
            n = left;
        }
    }
    insertion_sort64(a, n);
}

/* Bottom-up merge sort, ping-ponging between a and tmp; result ends in a. */
static void mergesort32(uint32_t *a, uint32_t *tmp, size_t n)
{
    uint32_t *src = a, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        for (size_t i = 0; i < n; i++)
            a[i] = src[i];
}

/* 0 if not sorted (a bug in the interpreter or the sort), else a checksum of the order. */
static uint64_t sorted_sum64(const uint64_t *a, size_t n)
{
    uint64_t sum = 1;
    for (size_t i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i])
            return 0;
        sum = sum * 31u + a[i];
    }
    return sum | 1u;
}

static uint64_t sorted_sum32(const uint32_t *a, size_t n)
{
    uint64_t sum = 1;
    for (size_t i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i])
            return 0;
        sum = sum * 131u + a[i];
    }
    return sum | 1u;
}

static uint64_t part_sort(int *bad)
{
    uint64_t s = 0x0ddc0ffee0ddf00dull, sum = 0;
    for (unsigned r = 0; r < SORT_ROUNDS; r++) {
        for (size_t i = 0; i < SORT_KEYS; i++) {
            uint64_t v = prng_next(&s);
            keys64[i] = r % 3 == 2 ? v % 1000u : v; /* some rounds with many duplicates */
            keys32[i] = (uint32_t)(v >> 17);
        }
        quicksort64(keys64, SORT_KEYS);
        mergesort32(keys32, merge_tmp, SORT_KEYS);
        uint64_t a = sorted_sum64(keys64, SORT_KEYS), b = sorted_sum32(keys32, SORT_KEYS);
        if (!a || !b)
            *bad = 1;
        sum = fold(fold(sum, a), b);
    }
    return sum;
}

/* ---- matrix multiply: C = A * B in double precision --------------------------------------- */

static double mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];

static void matmul(void)
{
    for (unsigned i = 0; i < MAT_N; i++) {
        for (unsigned j = 0; j < MAT_N; j++)
            mat_c[i][j] = 0.0;
        for (unsigned k = 0; k < MAT_N; k++) {
            double aik = mat_a[i][k];
            for (unsigned j = 0; j < MAT_N; j++)
                mat_c[i][j] += aik * mat_b[k][j];
        }
    }
}

static uint64_t double_bits(double d)
{
    union {
        double d;
        uint64_t u;
    } u = {.d = d};
    return u.u;
}

static uint64_t part_matmul(void)
{
    uint64_t s = 0x5eed5eed5eed5eedull, sum = 0;
    for (unsigned i = 0; i < MAT_N; i++)
        for (unsigned j = 0; j < MAT_N; j++) {
            mat_a[i][j] = (double)((int64_t)(prng_next(&s) % 2001u) - 1000) / 977.0;
            mat_b[i][j] = (double)((int64_t)(prng_next(&s) % 2001u) - 1000) / 613.0;
        }
    for (unsigned r = 0; r < MAT_ROUNDS; r++) {
        matmul();
        double trace = 0.0;
        for (unsigned i = 0; i < MAT_N; i++) {
            trace += mat_c[i][i];
            sum = fold(sum, double_bits(mat_c[i][(i * 5u + r) % MAT_N]));
        }
        sum = fold(sum, double_bits(trace));
        /* Feed the product back, scaled to keep magnitudes bounded, so rounds differ. */
        double scale = 1.0 / (1.0 + (trace < 0 ? -trace : trace));
        for (unsigned i = 0; i < MAT_N; i++)
            for (unsigned j = 0; j < MAT_N; j++)
                mat_a[i][j] = mat_c[i][j] * scale + mat_a[j][i] * 0.5;
    }
    return sum;
}

/* ---- parsing: a JSON-like text through a hand-written state machine ------------------------ */

static char parse_text[PARSE_BYTES];

static size_t emit(char *out, size_t at, size_t cap, const char *s)
{
    while (*s && at < cap)
        out[at++] = *s++;
    return at;
}

static size_t emit_uint(char *out, size_t at, size_t cap, uint64_t v)
{
    char digits[20];
    unsigned n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n && at < cap)
        out[at++] = digits[--n];
    return at;
}

static size_t emit_ident(char *out, size_t at, size_t cap, uint64_t *s)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned len = 2 + (unsigned)(prng_next(s) % 10u);
    for (unsigned i = 0; i < len && at < cap; i++)
        out[at++] = alpha[prng_next(s) % (i ? 63u : 53u)];
    return at;
}

/* One value: number, string, keyword, or (depth permitting) an array or object. */
static size_t emit_value(char *out, size_t at, size_t cap, uint64_t *s, unsigned depth)
{
    uint64_t kind = prng_next(s) % (depth < 3 ? 8u : 6u);
    switch (kind) {
    case 0:
    case 1:
        if (prng_next(s) & 1)
            at = emit(out, at, cap, "-");
        at = emit_uint(out, at, cap, prng_next(s) % 100000u);
        if (kind == 1) {
            at = emit(out, at, cap, ".");
            at = emit_uint(out, at, cap, prng_next(s) % 1000u);
            if (prng_next(s) & 1) {
                at = emit(out, at, cap, "e-");
                at = emit_uint(out, at, cap, prng_next(s) % 20u);
            }
        }
        return at;
    case 2:
    case 3:
        at = emit(out, at, cap, "\"");
        at = emit_ident(out, at, cap, s);
        if (prng_next(s) % 4u == 0)
            at = emit(out, at, cap, "\\\" \\n");
        return emit(out, at, cap, "\"");
    case 4:
        return emit(out, at, cap, prng_next(s) & 1 ? "true" : "false");
    case 5:
        return emit(out, at, cap, "null");
    case 6: {
        unsigned n = (unsigned)(prng_next(s) % 5u);
        at = emit(out, at, cap, "[");
        for (unsigned i = 0; i < n; i++) {
            if (i)
                at = emit(out, at, cap, ", ");
            at = emit_value(out, at, cap, s, depth + 1);
        }
        return emit(out, at, cap, "]");
    }
    default: {
        unsigned n = 1 + (unsigned)(prng_next(s) % 4u);
        at = emit(out, at, cap, "{");
        for (unsigned i = 0; i < n; i++) {
            if (i)
                at = emit(out, at, cap, ",\n  ");
            at = emit(out, at, cap, "\"");
            at = emit_ident(out, at, cap, s);
            at = emit(out, at, cap, "\": ");
            at = emit_value(out, at, cap, s, depth + 1);
        }
        return emit(out, at, cap, "}");
    }
    }
}

static size_t generate_text(void)
{
    uint64_t s = 0xfeedfacecafebeefull;
    size_t at = 0, cap = PARSE_BYTES - 1;
    while (at + 512 < cap) { /* one record per line, never cut short */
        at = emit_value(parse_text, at, cap, &s, 1);
        at = emit(parse_text, at, cap, "\n");
    }
    parse_text[at] = 0;
    return at;
}

enum parse_state { P_SPACE, P_NUMBER, P_FRAC, P_EXP, P_STRING, P_ESCAPE, P_WORD };

struct parse_stats {
    uint64_t hash;                  /* of every token's kind and content */
    uint64_t ints, numbers, strings, words, punct;
    int64_t int_sum;
    unsigned depth, max_depth;
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_digit(c);
}

/* Tokenise text[0..n) byte by byte; every byte goes through the switch. */
static void parse(const char *text, size_t n, uint64_t seed, struct parse_stats *st)
{
    enum parse_state state = P_SPACE;
    int64_t mant = 0, exp = 0;
    int neg = 0, exp_neg = 0;
    uint64_t tok = seed;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? text[i] : ' ';
        switch (state) {
        case P_NUMBER:
            if (is_digit(c)) {
                mant = mant * 10 + (c - '0');
                continue;
            }
            if (c == '.') {
                state = P_FRAC;
                continue;
            }
            st->ints++;
            st->int_sum += neg ? -mant : mant;
            st->hash = fold(st->hash, (uint64_t)mant ^ 0x1111u);
            state = P_SPACE;
            break; /* c is not part of the number: handle it below */
        case P_FRAC:
            if (is_digit(c)) {
                mant = mant * 10 + (c - '0');
                exp--;
                continue;
            }
            if (c == 'e' || c == 'E') {
                state = P_EXP;
                continue;
            }
            /* fallthrough */
        case P_EXP:
            if (state == P_EXP) {
                if (c == '-') {
                    exp_neg = 1;
                    continue;
                }
                if (is_digit(c)) {
                    exp += exp_neg ? -(c - '0') : (c - '0'); /* single-digit steps suffice */
                    continue;
                }
            }
            st->numbers++;
            st->hash = fold(st->hash, (uint64_t)(neg ? -mant : mant) ^ (uint64_t)exp << 48);
            state = P_SPACE;
            break;
        case P_STRING:
            if (c == '\\') {
                state = P_ESCAPE;
            } else if (c == '"') {
                st->strings++;
                st->hash = fold(st->hash, tok);
                state = P_SPACE;
            } else {
                tok = (tok ^ (uint8_t)c) * FNV_PRIME;
            }
            continue;
        case P_ESCAPE:
            tok = (tok ^ (uint8_t)(c == 'n' ? '\n' : c)) * FNV_PRIME;
            state = P_STRING;
            continue;
        case P_WORD:
            if (is_word(c)) {
                tok = (tok ^ (uint8_t)c) * FNV_PRIME;
                continue;
            }
            st->words++;
            st->hash = fold(st->hash, tok);
            state = P_SPACE;
            break;
        case P_SPACE:
            break;
        }
        /* P_SPACE: classify c and start a token. */
        switch (c) {
        case ' ':
        case '\n':
        case '\t':
        case '\r':
            break;
        case '{':
        case '[':
            if (++st->depth > st->max_depth)
                st->max_depth = st->depth;
            /* fallthrough */
        case '}':
        case ']':
            if (c == '}' || c == ']')
                st->depth--;
            /* fallthrough */
        case ',':
        case ':':
            st->punct++;
            st->hash = fold(st->hash, (uint64_t)(uint8_t)c);
            break;
        case '"':
            tok = seed ^ FNV_OFFSET;
            state = P_STRING;
            break;
        case '-':
            neg = 1;
            mant = 0;
            exp = 0;
            exp_neg = 0;
            state = P_NUMBER;
            break;
        default:
            if (is_digit(c)) {
                neg = 0;
                mant = c - '0';
                exp = 0;
                exp_neg = 0;
                state = P_NUMBER;
            } else if (is_word(c)) {
                tok = (seed ^ FNV_OFFSET ^ (uint8_t)c) * FNV_PRIME;
                state = P_WORD;
            } else {
                st->hash = fold(st->hash, 0xbadu); /* unexpected byte: count it, go on */
            }
            break;
        }
    }
}

static uint64_t part_parse(int *bad)
{
    size_t n = generate_text();
    uint64_t sum = 0;
    for (unsigned r = 0; r < PARSE_ROUNDS; r++) {
        struct parse_stats st = {.hash = r};
        parse(parse_text, n, (uint64_t)r * MIX_M1, &st);
        if (st.depth != 0)
            *bad = 1;
        sum = fold(sum, st.hash);
        sum = fold(sum, st.ints ^ st.numbers << 16 ^ st.strings << 32 ^ st.words << 48);
        sum = fold(sum, st.punct ^ (uint64_t)st.int_sum ^ (uint64_t)st.max_depth << 56);
    }
    return sum;
}

/* ---- output ------------------------------------------------------------------------------- */

static size_t put_str(char *out, size_t at, const char *s)
{
    while (*s)
        out[at++] = *s++;
    return at;
}

static size_t put_hex64(char *out, size_t at, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4)
        out[at++] = hex[(v >> shift) & 15u];
    return at;
}

int mix_main(void)
{
    int bad = 0;
    uint64_t h = part_hash();
    uint64_t s = part_sort(&bad);
    uint64_t m = part_matmul();
    uint64_t p = part_parse(&bad);
    char line[128];
    size_t at = put_str(line, 0, "mix hash=");
    at = put_hex64(line, at, h);
    at = put_str(line, at, " sort=");
    at = put_hex64(line, at, s);
    at = put_str(line, at, " matmul=");
    at = put_hex64(line, at, m);
    at = put_str(line, at, " parse=");
    at = put_hex64(line, at, p);
    at = put_str(line, at, bad ? " SELF-CHECK FAILED\n" : "\n");
    mix_write(line, at);
    return bad;
}
