/*
 * tests/unit/cpio_test.c - the cpio newc reader (lib/cpio.c): well-formed archives built here
 * read back entry by entry; every kind of malformed archive is refused with the right status
 * and a reason; entry names are normalised and traversal refused; and thousands of random
 * corruptions never make the reader touch a byte outside the archive (each archive is parsed
 * from a heap buffer of its exact size, so ASan and Valgrind see any overrun).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cpio.h"
#include "lib/prng.h"

#include "criterion_tsan.h"

#define AR_BYTES   4096u
#define FIELD(i)   (6u + 8u * (i)) /* offset of header field i */
#define F_MODE     1u
#define F_FILESIZE 6u
#define F_NAMESIZE 11u
#define MUTATIONS  6000u

struct ar {
    uint8_t buf[AR_BYTES];
    size_t len;
};

static void ar_pad(struct ar *a)
{
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

/* Append one entry the way GNU cpio -H newc writes it. */
static void ar_add(struct ar *a, const char *name, uint32_t mode, const void *data, uint32_t size)
{
    static uint32_t ino = 1;
    char h[CPIO_HEADER_BYTES + 1];
    uint32_t namesize = (uint32_t)strlen(name) + 1;
    snprintf(h, sizeof h, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino++, mode,
             0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
    cr_assert(a->len + CPIO_HEADER_BYTES + namesize + size + 8 <= AR_BYTES, "test archive full");
    memcpy(a->buf + a->len, h, CPIO_HEADER_BYTES);
    a->len += CPIO_HEADER_BYTES;
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    ar_pad(a);
    if (size)
        memcpy(a->buf + a->len, data, size);
    a->len += size;
    ar_pad(a);
}

static void ar_trailer(struct ar *a)
{
    ar_add(a, CPIO_TRAILER, 0, NULL, 0);
}

/* Overwrite header field `field` of the entry whose header starts at `at`. */
static void set_field(struct ar *a, size_t at, unsigned field, uint32_t v)
{
    char digits[9];
    snprintf(digits, sizeof digits, "%08X", v);
    memcpy(a->buf + at + FIELD(field), digits, 8);
}

/* The archive in a heap buffer of exactly len bytes, so any read past it is caught. */
static uint8_t *exact_copy(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len ? len : 1);
    cr_assert(c != NULL);
    memcpy(c, p, len);
    return c;
}

static vx_status_t validate(const struct ar *a, size_t len, struct cpio_summary *sum, char *why)
{
    uint8_t *c = exact_copy(a->buf, len);
    vx_status_t st = cpio_validate(c, len, sum, why);
    free(c);
    return st;
}

/* One file "hi" (3-byte name, 3 bytes of name padding) with 9 bytes of data (3 of data
 * padding), then the trailer at offset 128. */
#define BASE_DATA_OFF    116u
#define BASE_TRAILER_OFF 128u
#define BASE_BYTES       252u
static void build_base(struct ar *a)
{
    memset(a, 0, sizeof *a);
    ar_add(a, "hi", CPIO_MODE_FILE | 0644, "hi there\n", 9);
    ar_trailer(a);
    cr_assert_eq(a->len, BASE_BYTES, "base archive layout changed: %zu bytes", a->len);
}

static void expect_refused(const struct ar *a, size_t len, vx_status_t want, const char *reason,
                           const char *what)
{
    struct cpio_summary sum;
    char why[CPIO_WHY_BYTES] = "";
    vx_status_t st = validate(a, len, &sum, why);
    cr_expect_eq(st, want, "%s: expected status %d, got %d (%s)", what, want, st, why);
    cr_expect(strstr(why, reason) != NULL, "%s: expected the reason to mention '%s', got '%s'",
              what, reason, why);
}

Test(cpio, reads_every_entry_of_a_well_formed_archive)
{
    struct ar a = {0};
    ar_add(&a, ".", CPIO_MODE_DIR | 0755, NULL, 0);
    ar_add(&a, "bin", CPIO_MODE_DIR | 0755, NULL, 0);
    ar_add(&a, "bin/prog", CPIO_MODE_FILE | 0755,
           "\x7f"
           "ELF....",
           8);
    ar_add(&a, "./etc/empty", CPIO_MODE_FILE | 0644, NULL, 0);
    ar_add(&a, "/etc/link", CPIO_MODE_SYMLINK | 0777, "../bin/prog", 11);
    ar_trailer(&a);
    memset(a.buf + a.len, 0, 512 - a.len % 512); /* block padding after the trailer */
    size_t used = a.len, len = a.len + 512 - a.len % 512;

    uint8_t *c = exact_copy(a.buf, len);
    struct cpio_iter it;
    struct cpio_entry e;
    char why[CPIO_WHY_BYTES];
    static const struct {
        const char *name, *norm;
        enum cpio_type type;
        uint64_t size;
    } want[] = {
        {".", "", CPIO_DIR, 0},
        {"bin", "bin", CPIO_DIR, 0},
        {"bin/prog", "bin/prog", CPIO_FILE, 8},
        {"./etc/empty", "etc/empty", CPIO_FILE, 0},
        {"/etc/link", "etc/link", CPIO_SYMLINK, 11},
    };
    cpio_iter_init(&it, c, len);
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
        cr_assert_eq(cpio_next(&it, &e, why), VX_OK, "entry %u: expected it to read, got '%s'", i,
                     why);
        cr_expect_str_eq(e.name, want[i].name, "entry %u: name", i);
        cr_expect_eq(e.name_len, strlen(want[i].name));
        cr_expect_eq(e.type, want[i].type, "entry %u: type", i);
        cr_expect_eq(e.size, want[i].size, "entry %u: size", i);
        cr_expect(e.data >= c && e.data + e.size <= c + len, "entry %u: data inside", i);
        const char *norm;
        size_t norm_len;
        cr_expect_eq(cpio_path_check(e.name, e.name_len, &norm, &norm_len, why), VX_OK);
        cr_expect(norm_len == strlen(want[i].norm) && memcmp(norm, want[i].norm, norm_len) == 0,
                  "entry %u: expected normal name '%s'", i, want[i].norm);
    }
    cr_expect_eq(memcmp(e.data, "../bin/prog", 11), 0, "symlink data is its target");
    cr_expect_eq(cpio_next(&it, &e, why), VX_EEOF, "the trailer ends the archive");
    cr_expect_eq(cpio_next(&it, &e, why), VX_EEOF, "and keeps ending it");

    struct cpio_summary sum;
    cr_assert_eq(cpio_validate(c, len, &sum, why), VX_OK, "validate: %s", why);
    cr_expect_eq(sum.files, 2);
    cr_expect_eq(sum.dirs, 2);
    cr_expect_eq(sum.symlinks, 1);
    cr_expect_eq(sum.data_bytes, 8);
    cr_expect_eq(sum.used_bytes, used, "used bytes end at the trailer's padding");

    cr_expect_eq(cpio_find(c, len, "bin/prog", &e, why), VX_OK, "find by normal name");
    cr_expect_eq(e.size, 8);
    cr_expect_eq(cpio_find(c, len, "etc/empty", &e, why), VX_OK, "find a name stored as ./");
    cr_expect_eq(cpio_find(c, len, "bin/nothing", &e, why), VX_ENOENT);
    cr_expect(strstr(why, "bin/nothing") != NULL, "ENOENT names the path: '%s'", why);
    free(c);
}

Test(cpio, refuses_every_malformed_archive_with_a_reason)
{
    struct ar a;
    char what[64];

    build_base(&a);
    a.buf[0] = '1';
    expect_refused(&a, a.len, VX_EINVAL, "bad magic", "bad magic");

    static const char *const fields[] = {
        "ino",      "mode",     "uid",       "gid",       "nlink",    "mtime", "filesize",
        "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check"};
    for (unsigned f = 0; f < 13; f++) {
        build_base(&a);
        a.buf[FIELD(f) + 3] = f % 2 ? 'g' : ' ';
        snprintf(what, sizeof what, "non-hex digit in %s", fields[f]);
        expect_refused(&a, a.len, VX_EINVAL, fields[f], what);
    }

    build_base(&a);
    expect_refused(&a, 0, VX_EINVAL, "without " CPIO_TRAILER, "empty archive");
    expect_refused(&a, 50, VX_ERANGE, "header truncated", "header cut short");
    expect_refused(&a, 111, VX_ERANGE, "runs past the end", "name cut short");
    expect_refused(&a, 114, VX_ERANGE, "padding after the name", "name padding cut short");
    expect_refused(&a, 120, VX_ERANGE, "data run past the end", "data cut short");
    expect_refused(&a, 126, VX_ERANGE, "padding after the data", "data padding cut short");
    expect_refused(&a, BASE_TRAILER_OFF, VX_EINVAL, "without " CPIO_TRAILER, "no trailer");
    expect_refused(&a, BASE_TRAILER_OFF + 60, VX_ERANGE, "header truncated", "trailer cut");

    build_base(&a);
    set_field(&a, 0, F_FILESIZE, 0xffffffffu);
    expect_refused(&a, a.len, VX_ERANGE, "4294967295 bytes of data", "huge file size");
    build_base(&a);
    set_field(&a, 0, F_NAMESIZE, 0xffffffffu);
    expect_refused(&a, a.len, VX_EINVAL, "name size", "huge name size");
    build_base(&a);
    set_field(&a, 0, F_NAMESIZE, 0);
    expect_refused(&a, a.len, VX_EINVAL, "name size 0", "name size 0");
    build_base(&a);
    set_field(&a, BASE_TRAILER_OFF, F_NAMESIZE, 200);
    expect_refused(&a, a.len, VX_ERANGE, "runs past the end", "trailer name past the end");

    build_base(&a);
    a.buf[CPIO_HEADER_BYTES + 2] = 'x'; /* the NUL of "hi" */
    expect_refused(&a, a.len, VX_EINVAL, "only NUL", "name without its NUL");
    build_base(&a);
    a.buf[CPIO_HEADER_BYTES + 1] = '\0';
    expect_refused(&a, a.len, VX_EINVAL, "only NUL", "NUL inside the name");

    build_base(&a);
    a.buf[CPIO_HEADER_BYTES + 4] = 1;
    expect_refused(&a, a.len, VX_EINVAL, "padding after the name is not zero", "name padding");
    build_base(&a);
    a.buf[BASE_DATA_OFF + 10] = 'x';
    expect_refused(&a, a.len, VX_EINVAL, "padding after the data is not zero", "data padding");

    build_base(&a);
    set_field(&a, 0, F_MODE, CPIO_MODE_DIR | 0755);
    expect_refused(&a, a.len, VX_EINVAL, "directory with 9 bytes", "directory with data");
    build_base(&a);
    set_field(&a, 0, F_MODE, 0020644); /* a character device */
    expect_refused(&a, a.len, VX_EINVAL, "not a file, directory or symlink", "device node");
    build_base(&a);
    set_field(&a, 0, F_MODE, CPIO_MODE_SYMLINK | 0777);
    set_field(&a, 0, F_FILESIZE, 0);
    expect_refused(&a, a.len, VX_EINVAL, "symlink target of 0 bytes", "empty symlink");

    static const struct {
        const char *name, *reason;
    } bad_names[] = {
        {"../etc/passwd", "'..' component"}, {"a/../../b", "'..' component"},
        {"a/./b", "'.' component"},          {"a//b", "empty component"},
        {"dir/", "empty component"},         {"he\033[2Jllo", "control character"},
    };
    for (unsigned i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        memset(&a, 0, sizeof a);
        ar_add(&a, bad_names[i].name, CPIO_MODE_FILE | 0644, "x", 1);
        ar_trailer(&a);
        snprintf(what, sizeof what, "entry named '%s'", bad_names[i].name);
        expect_refused(&a, a.len, VX_EINVAL, bad_names[i].reason, what);
    }

    /* An error is sticky: the iterator does not move past it. */
    build_base(&a);
    a.buf[0] = 'x';
    struct cpio_iter it;
    struct cpio_entry e;
    char why[CPIO_WHY_BYTES];
    cpio_iter_init(&it, a.buf, a.len);
    cr_expect_eq(cpio_next(&it, &e, why), VX_EINVAL);
    cr_expect_eq(cpio_next(&it, &e, why), VX_EINVAL, "the same error again");
}

Test(cpio, path_check_normalises_names_and_refuses_traversal)
{
    static const struct {
        const char *name, *norm; /* norm NULL: refused */
    } cases[] = {
        {"a", "a"},       {"a/b/c", "a/b/c"},
        {"/a/b", "a/b"},  {"./a", "a"},
        {"/./a", "a"},    {".//a", "a"},
        {".", ""},        {"/", ""},
        {"./", ""},       {"..a/b.c/.d", "..a/b.c/.d"},
        {"", NULL},       {"..", NULL},
        {"../a", NULL},   {"a/..", NULL},
        {"a/../b", NULL}, {"/..", NULL},
        {"./../a", NULL}, {"a/.", NULL},
        {"a/./b", NULL},  {"a//b", NULL},
        {"a/", NULL},     {"a\nb", NULL},
        {"a\177", NULL},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *norm = NULL;
        size_t norm_len = 0;
        char why[CPIO_WHY_BYTES] = "";
        vx_status_t st =
            cpio_path_check(cases[i].name, strlen(cases[i].name), &norm, &norm_len, why);
        if (!cases[i].norm) {
            cr_expect_eq(st, VX_EINVAL, "'%s': expected it refused", cases[i].name);
            cr_expect(why[0] != '\0', "'%s': expected a reason", cases[i].name);
            continue;
        }
        cr_expect_eq(st, VX_OK, "'%s': expected it accepted, got '%s'", cases[i].name, why);
        cr_expect(norm_len == strlen(cases[i].norm) && memcmp(norm, cases[i].norm, norm_len) == 0,
                  "'%s': expected the normal form '%s'", cases[i].name, cases[i].norm);
    }
    char long_name[CPIO_NAME_MAX + 1];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[CPIO_NAME_MAX] = '\0';
    const char *norm;
    size_t norm_len;
    char why[CPIO_WHY_BYTES];
    cr_expect_eq(cpio_path_check(long_name, CPIO_NAME_MAX, &norm, &norm_len, why), VX_EINVAL,
                 "a name of CPIO_NAME_MAX bytes is too long");
    cr_expect_eq(cpio_path_check("a\0b", 3, &norm, &norm_len, why), VX_EINVAL, "embedded NUL");
}

/* Every promise a successful cpio_next makes about where its entry lies. */
static void walk_checking_bounds(const uint8_t *c, size_t len)
{
    struct cpio_iter it;
    struct cpio_entry e;
    char why[CPIO_WHY_BYTES];
    vx_status_t st;
    unsigned n = 0;
    cpio_iter_init(&it, c, len);
    while ((st = cpio_next(&it, &e, why)) == VX_OK) {
        cr_assert((const uint8_t *)e.name > c && (const uint8_t *)e.name + e.name_len < c + len,
                  "name inside the archive");
        cr_assert(e.data >= c && e.size <= (uint64_t)(c + len - e.data), "data inside");
        cr_assert(e.type == CPIO_FILE || e.type == CPIO_DIR || e.type == CPIO_SYMLINK);
        cr_assert(++n <= len / CPIO_HEADER_BYTES, "more entries than headers fit");
    }
    cr_assert(st == VX_EEOF || st == VX_EINVAL || st == VX_ERANGE, "status %d", st);
    cr_assert(st == VX_EEOF || strlen(why) > 0, "an error has a reason");
}

Test(cpio, random_corruption_never_reads_outside_the_archive)
{
    struct ar a = {0};
    static const char data[] = "0123456789abcdef";
    ar_add(&a, "d", CPIO_MODE_DIR | 0755, NULL, 0);
    for (uint32_t size = 0; size < 8; size++) {
        char name[16];
        snprintf(name, sizeof name, "d/f%u", size);
        ar_add(&a, name, CPIO_MODE_FILE | 0644, data, size);
    }
    ar_add(&a, "d/l", CPIO_MODE_SYMLINK | 0777, "f1", 2);
    ar_trailer(&a);
    char why[CPIO_WHY_BYTES];
    struct cpio_summary sum;
    cr_assert_eq(validate(&a, a.len, &sum, why), VX_OK, "the unmutated archive reads: %s", why);

    uint64_t rng = 0x1ce5eed;
    unsigned accepted = 0;
    for (unsigned i = 0; i < MUTATIONS; i++) {
        uint8_t *c = exact_copy(a.buf, a.len);
        size_t len = a.len;
        uint64_t r = vx_prng_next(&rng);
        switch (r % 4) {
        case 0: /* a few random bytes anywhere */
            for (unsigned k = 0; k < 1 + (r >> 8) % 4; k++)
                c[vx_prng_next(&rng) % len] = (uint8_t)vx_prng_next(&rng);
            break;
        case 1: { /* a random digit in a header field: valid hex, wrong value */
            static const char hex[] = "0123456789abcdefF";
            size_t at = vx_prng_next(&rng) % len;
            c[at] = (uint8_t)hex[vx_prng_next(&rng) % (sizeof hex - 1)];
            break;
        }
        case 2: /* a huge size in some header's size or namesize field */
            for (size_t off = 0; off + CPIO_HEADER_BYTES <= len; off += 4) {
                if (memcmp(c + off, "070701", 6) == 0 && vx_prng_next(&rng) % 4 == 0) {
                    memcpy(c + off + FIELD(r % 2 ? F_FILESIZE : F_NAMESIZE), "FFFFFFF", 7);
                    break;
                }
            }
            break;
        default: /* cut short */
            len = vx_prng_next(&rng) % len;
            break;
        }
        uint8_t *exact = exact_copy(c, len);
        free(c);
        walk_checking_bounds(exact, len);
        accepted += cpio_validate(exact, len, &sum, why) == VX_OK;
        free(exact);
    }
    cr_expect(accepted < MUTATIONS, "expected most mutations to be refused");
}

/* Every child of dir, in the order cpio_next_child gives them, joined with spaces. */
static void list_children(const struct ar *a, const char *dir, char *out, size_t cap)
{
    char prev[CPIO_NAME_MAX] = "", child[CPIO_NAME_MAX], why[CPIO_WHY_BYTES];
    vx_status_t st;
    out[0] = '\0';
    while ((st = cpio_next_child(a->buf, a->len, dir, prev, child, why)) == VX_OK) {
        if (out[0])
            strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, child, cap - strlen(out) - 1);
        strcpy(prev, child);
    }
    cr_assert_eq(st, VX_EEOF, "listing '%s' ends with VX_EEOF, got %d (%s)", dir, st, why);
}

Test(cpio, next_child_lists_direct_children_sorted_and_once)
{
    struct ar a = {.len = 0};
    /* Unsorted on purpose, with an implied directory (x/deep has no entry of its own) and a
     * name that only shares a prefix with the directory (datafile). */
    ar_add(&a, "data/services/logd.svc", 0100644, "a", 1);
    ar_add(&a, "data", 040755, NULL, 0);
    ar_add(&a, "./data/services/echo.svc", 0100644, "b", 1);
    ar_add(&a, "data/services", 040755, NULL, 0);
    ar_add(&a, "datafile", 0100644, "c", 1);
    ar_add(&a, "data/a-first", 0100644, "d", 1);
    ar_add(&a, "x/deep/file", 0100644, "e", 1);
    ar_trailer(&a);
    char got[256];
    list_children(&a, "data/services", got, sizeof got);
    cr_expect_str_eq(got, "echo.svc logd.svc", "children of data/services");
    list_children(&a, "data", got, sizeof got);
    cr_expect_str_eq(got, "a-first services", "children of data");
    list_children(&a, "", got, sizeof got);
    cr_expect_str_eq(got, "data datafile x", "children of the root");
    list_children(&a, "x", got, sizeof got);
    cr_expect_str_eq(got, "deep", "an implied directory's child");
    list_children(&a, "datafile", got, sizeof got);
    cr_expect_str_eq(got, "", "a file has no children");
    list_children(&a, "nosuch", got, sizeof got);
    cr_expect_str_eq(got, "", "a missing directory has no children");
}
