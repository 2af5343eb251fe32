/* sort.c - sort (-n -r -u -f -b -s -k -t -o -c) and uniq (-c -d -u -i -f -s -w).
 *
 * sort reads every line into memory and sorts an array of them. Lines compare key by key (-k,
 * or the whole line); when every key is equal, the whole lines are compared byte by byte as
 * a last resort (not with -s or -u), and equal lines keep their input order. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SORT_TROUBLE 2
#define MAX_KEYS     32

struct line {
    char *text;
    size_t len;
    size_t index; /* input order, the final tie-break */
};

/* Ordering options, for the whole line or one key. */
struct order {
    bool numeric, reverse, fold, skip_blanks, skip_end_blanks;
};

struct key {
    size_t start_field, start_char; /* 1-based; start_char 0 means the field's start */
    size_t end_field, end_char;     /* end_field 0: to the end of the line; end_char 0: the
                                       end of the field */
    struct order order;
    bool has_order; /* options given on the key itself replace the global ones */
};

struct sort_config {
    struct key keys[MAX_KEYS];
    int nkeys;
    struct order global;
    int separator; /* -t, or -1 for blank-to-nonblank transitions */
    bool stable, unique;
};

static struct sort_config config;

/* ---- keys ---------------------------------------------------------------------------------- */

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
    while (i < len && isblank((unsigned char)s[i]))
        i++;
    return i;
}

/* Offset of the start of field `field` (1-based). */
static size_t field_start(const char *s, size_t len, size_t field)
{
    size_t i = 0;
    for (size_t f = 1; f < field && i < len; f++) {
        if (config.separator >= 0) {
            const char *sep = memchr(s + i, config.separator, len - i);
            i = sep ? (size_t)(sep - s) + 1 : len;
        } else {
            i = skip_blanks(s, i, len);
            while (i < len && !isblank((unsigned char)s[i]))
                i++;
        }
    }
    return i;
}

/* Offset just past the field that starts at i. */
static size_t field_end(const char *s, size_t len, size_t i)
{
    if (config.separator >= 0) {
        const char *sep = memchr(s + i, config.separator, len - i);
        return sep ? (size_t)(sep - s) : len;
    }
    i = skip_blanks(s, i, len);
    while (i < len && !isblank((unsigned char)s[i]))
        i++;
    return i;
}

static void key_span(const struct key *k, const struct order *o, const struct line *l,
                     size_t *begin, size_t *end)
{
    const char *s = l->text;
    size_t len = l->len;
    size_t b = field_start(s, len, k->start_field);
    if (o->skip_blanks)
        b = skip_blanks(s, b, len);
    if (k->start_char > 1)
        b = b + k->start_char - 1 < len ? b + k->start_char - 1 : len;
    size_t e = len;
    if (k->end_field) {
        e = field_start(s, len, k->end_field);
        if (k->end_char == 0) {
            e = field_end(s, len, e);
        } else {
            if (o->skip_end_blanks)
                e = skip_blanks(s, e, len);
            e = e + k->end_char < len ? e + k->end_char : len;
        }
    }
    *begin = b;
    *end = e < b ? b : e;
}

/* ---- comparison ---------------------------------------------------------------------------- */

/* A number at the start of a key: blanks, '-', digits, '.', digits. */
struct number {
    bool negative;
    const char *int_begin, *int_end;   /* integer digits without leading zeros */
    const char *frac_begin, *frac_end; /* fraction digits */
};

static void scan_number(const char *s, const char *end, struct number *n)
{
    while (s < end && isblank((unsigned char)*s))
        s++;
    n->negative = s < end && *s == '-';
    s += n->negative;
    while (s < end && *s == '0')
        s++;
    n->int_begin = s;
    while (s < end && isdigit((unsigned char)*s))
        s++;
    n->int_end = s;
    bool point = s < end && *s == '.';
    s += point;
    n->frac_begin = s;
    while (point && s < end && isdigit((unsigned char)*s))
        s++;
    n->frac_end = s;
    bool zero = n->int_begin == n->int_end;
    for (const char *p = n->frac_begin; zero && p < n->frac_end; p++)
        zero = *p == '0';
    if (zero)
        n->negative = false; /* -0 is 0 */
}

static int compare_magnitudes(const struct number *a, const struct number *b)
{
    ptrdiff_t alen = a->int_end - a->int_begin, blen = b->int_end - b->int_begin;
    if (alen != blen)
        return alen < blen ? -1 : 1;
    int r = memcmp(a->int_begin, b->int_begin, (size_t)alen);
    const char *x = a->frac_begin, *y = b->frac_begin;
    while (r == 0 && (x < a->frac_end || y < b->frac_end)) {
        char cx = x < a->frac_end ? *x++ : '0', cy = y < b->frac_end ? *y++ : '0';
        r = (cx > cy) - (cx < cy);
    }
    return r < 0 ? -1 : r > 0;
}

/* Compares the numbers at the start of two keys as decimal strings, so any length compares
 * exactly. Text that is not a number counts as zero. */
static int compare_numbers(const char *a, const char *ae, const char *b, const char *be)
{
    struct number x, y;
    scan_number(a, ae, &x);
    scan_number(b, be, &y);
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    int r = compare_magnitudes(&x, &y);
    return x.negative ? -r : r;
}

static int compare_text(const char *a, size_t alen, const char *b, size_t blen, bool fold)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (fold) {
            x = toupper(x);
            y = toupper(y);
        }
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (alen > blen) - (alen < blen);
}

static int compare_with(const struct order *o, const char *a, size_t alen, const char *b,
                        size_t blen)
{
    int r = o->numeric ? compare_numbers(a, a + alen, b, b + blen)
                       : compare_text(a, alen, b, blen, o->fold);
    return o->reverse ? -r : r;
}

/* Compares by the keys only (what -u calls equal). */
static int compare_keys(const struct line *x, const struct line *y)
{
    if (config.nkeys == 0) {
        const struct order *o = &config.global;
        size_t xb = o->skip_blanks ? skip_blanks(x->text, 0, x->len) : 0;
        size_t yb = o->skip_blanks ? skip_blanks(y->text, 0, y->len) : 0;
        return compare_with(o, x->text + xb, x->len - xb, y->text + yb, y->len - yb);
    }
    for (int i = 0; i < config.nkeys; i++) {
        const struct key *k = &config.keys[i];
        const struct order *o = k->has_order ? &k->order : &config.global;
        size_t xb, xe, yb, ye;
        key_span(k, o, x, &xb, &xe);
        key_span(k, o, y, &yb, &ye);
        int r = compare_with(o, x->text + xb, xe - xb, y->text + yb, ye - yb);
        if (r)
            return r;
    }
    return 0;
}

static int compare_lines(const void *pa, const void *pb)
{
    const struct line *x = pa, *y = pb;
    int r = compare_keys(x, y);
    if (r == 0 && !config.stable && !config.unique) {
        r = compare_text(x->text, x->len, y->text, y->len, false);
        if (config.global.reverse)
            r = -r;
    }
    if (r == 0)
        r = (x->index > y->index) - (x->index < y->index);
    return r;
}

/* ---- options ------------------------------------------------------------------------------- */

/* Reads ordering letters (b d f n r) at *s into o; returns whether any were given. */
static bool parse_order_letters(const char **s, struct order *o, bool at_end)
{
    bool any = false;
    for (; **s && strchr("bfnr", **s); (*s)++, any = true) {
        switch (**s) {
        case 'b':
            if (at_end)
                o->skip_end_blanks = true;
            else
                o->skip_blanks = true;
            break;
        case 'f':
            o->fold = true;
            break;
        case 'n':
            o->numeric = true;
            break;
        case 'r':
            o->reverse = true;
            break;
        }
    }
    return any;
}

static bool parse_position(const char **s, size_t *field, size_t *chr)
{
    char *end;
    if (!isdigit((unsigned char)**s))
        return false;
    *field = strtoul(*s, &end, 10);
    *s = end;
    *chr = 0;
    if (**s == '.') {
        (*s)++;
        if (!isdigit((unsigned char)**s))
            return false;
        *chr = strtoul(*s, &end, 10);
        *s = end;
    }
    return true;
}

static bool parse_key(const char *spec, struct key *k)
{
    const char *s = spec;
    *k = (struct key){0};
    if (!parse_position(&s, &k->start_field, &k->start_char) || k->start_field == 0) {
        box_warn("invalid number at field start: invalid count at start of '%s'", spec);
        return false;
    }
    k->has_order = parse_order_letters(&s, &k->order, false);
    if (*s == ',') {
        s++;
        if (!parse_position(&s, &k->end_field, &k->end_char) || k->end_field == 0) {
            box_warn("invalid number after ',': invalid count at start of '%s'", s);
            return false;
        }
        k->has_order |= parse_order_letters(&s, &k->order, true);
    }
    if (*s) {
        box_warn("stray character in field spec: invalid field specification '%s'", spec);
        return false;
    }
    return true;
}

/* ---- input and output ---------------------------------------------------------------------- */

struct lines {
    struct line *items;
    size_t n, cap;
};

static bool read_lines(const char *path, struct lines *l)
{
    FILE *f = box_open_input(path);
    if (!f) {
        box_warn_errno("cannot read: %s", path);
        return false;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&buf, &cap, f)) > 0) {
        size_t len = (size_t)got;
        if (buf[len - 1] == '\n')
            len--;
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 1024;
            l->items = box_realloc(l->items, l->cap * sizeof *l->items);
        }
        char *text = box_malloc(len + 1);
        memcpy(text, buf, len);
        text[len] = '\0';
        l->items[l->n] = (struct line){text, len, l->n};
        l->n++;
    }
    bool ok = !ferror(f);
    if (!ok)
        box_warn_errno("read failed: %s", path);
    free(buf);
    box_close_input(f);
    return ok;
}

/* -c: reports the first line out of order. */
static int check_sorted(const struct lines *l, const char *name)
{
    for (size_t i = 1; i < l->n; i++) {
        int r = compare_lines(&l->items[i - 1], &l->items[i]);
        if (r > 0 || (config.unique && compare_keys(&l->items[i - 1], &l->items[i]) == 0)) {
            fprintf(stderr, "sort: %s:%zu: disorder: %s\n", name, i + 1, l->items[i].text);
            return 1;
        }
    }
    return 0;
}

int sort_main(int argc, char **argv)
{
    memset(&config, 0, sizeof config);
    config.separator = -1;
    const char *output = NULL;
    bool check = false;
    int opt;
    while ((opt = getopt(argc, argv, "bcfk:no:rst:u")) != -1) {
        const char *letters = (char[]){(char)opt, '\0'};
        switch (opt) {
        case 'b':
        case 'f':
        case 'n':
        case 'r':
            parse_order_letters(&letters, &config.global, false);
            break;
        case 'c':
            check = true;
            break;
        case 'k':
            if (config.nkeys == MAX_KEYS)
                box_die(SORT_TROUBLE, "too many keys");
            if (!parse_key(optarg, &config.keys[config.nkeys++]))
                return SORT_TROUBLE;
            break;
        case 'o':
            output = optarg;
            break;
        case 's':
            config.stable = true;
            break;
        case 't':
            if (strlen(optarg) != 1)
                box_die(SORT_TROUBLE, "multi-character tab '%s'", optarg);
            config.separator = (unsigned char)optarg[0];
            break;
        case 'u':
            config.unique = true;
            break;
        default:
            return box_usage(SORT_TROUBLE);
        }
    }
    struct lines l = {0};
    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    for (int i = 0; i < nfiles; i++)
        if (!read_lines(files[i], &l))
            return SORT_TROUBLE;
    if (check)
        return check_sorted(&l, files[0]);
    qsort(l.items, l.n, sizeof *l.items, compare_lines);
    if (output && !freopen(output, "w", stdout))
        box_die_errno(SORT_TROUBLE, "open failed: %s", output);
    for (size_t i = 0; i < l.n; i++) {
        if (config.unique && i > 0 && compare_keys(&l.items[i - 1], &l.items[i]) == 0)
            continue;
        fwrite(l.items[i].text, 1, l.items[i].len, stdout);
        putchar('\n');
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.items[i].text);
    free(l.items);
    return 0;
}

/* ---- uniq ---------------------------------------------------------------------------------- */

struct uniq_opts {
    bool count, repeated, unique, fold;
    long long skip_fields, skip_chars, check_chars; /* check_chars < 0: all */
};

/* The part of a line uniq compares: after -f fields and -s characters, at most -w long. */
static void uniq_part(const struct uniq_opts *o, const char *s, size_t len, size_t *b, size_t *n)
{
    size_t i = 0;
    for (long long f = 0; f < o->skip_fields; f++) {
        i = skip_blanks(s, i, len);
        while (i < len && !isblank((unsigned char)s[i]))
            i++;
    }
    i = (size_t)o->skip_chars < len - i ? i + (size_t)o->skip_chars : len;
    *b = i;
    *n = len - i;
    if (o->check_chars >= 0 && (size_t)o->check_chars < *n)
        *n = (size_t)o->check_chars;
}

static bool uniq_equal(const struct uniq_opts *o, const char *a, size_t alen, const char *b,
                       size_t blen)
{
    size_t ab, an, bb, bn;
    uniq_part(o, a, alen, &ab, &an);
    uniq_part(o, b, blen, &bb, &bn);
    return compare_text(a + ab, an, b + bb, bn, o->fold) == 0;
}

static void uniq_emit(const struct uniq_opts *o, const char *line, size_t len, long long n)
{
    if ((o->repeated && n < 2) || (o->unique && n > 1))
        return;
    if (o->count)
        printf("%7lld ", n);
    fwrite(line, 1, len, stdout);
    putchar('\n');
}

static bool parse_uniq_number(const char *arg, long long *out, const char *what)
{
    if (!box_parse_long(arg, out) || *out < 0) {
        box_warn("%s: invalid number of %s", arg, what);
        return false;
    }
    return true;
}

int uniq_main(int argc, char **argv)
{
    struct uniq_opts o = {.check_chars = -1};
    int opt;
    while ((opt = getopt(argc, argv, "cdDuif:s:w:")) != -1) {
        switch (opt) {
        case 'c':
            o.count = true;
            break;
        case 'd':
            o.repeated = true;
            break;
        case 'u':
            o.unique = true;
            break;
        case 'i':
            o.fold = true;
            break;
        case 'f':
            if (!parse_uniq_number(optarg, &o.skip_fields, "fields to skip"))
                return 1;
            break;
        case 's':
            if (!parse_uniq_number(optarg, &o.skip_chars, "bytes to skip"))
                return 1;
            break;
        case 'w':
            if (!parse_uniq_number(optarg, &o.check_chars, "bytes to compare"))
                return 1;
            break;
        default:
            return box_usage(1);
        }
    }
    if (argc - optind > 2) {
        box_warn("extra operand '%s'", argv[optind + 2]);
        return box_usage(1);
    }
    const char *input = optind < argc ? argv[optind] : "-";
    FILE *f = box_open_input(input);
    if (!f)
        box_die_errno(1, "%s", input);
    if (argc - optind == 2 && !freopen(argv[optind + 1], "w", stdout))
        box_die_errno(1, "%s", argv[optind + 1]);
    char *prev = NULL, *cur = NULL;
    size_t prev_cap = 0, cur_cap = 0, prev_len = 0;
    long long run = 0;
    ssize_t got;
    while ((got = getline(&cur, &cur_cap, f)) > 0) {
        size_t len = (size_t)got - (cur[got - 1] == '\n');
        if (run > 0 && uniq_equal(&o, prev, prev_len, cur, len)) {
            run++;
            continue;
        }
        if (run > 0)
            uniq_emit(&o, prev, prev_len, run);
        char *t = prev;
        size_t tc = prev_cap;
        prev = cur, prev_cap = cur_cap, prev_len = len;
        cur = t, cur_cap = tc;
        run = 1;
    }
    if (run > 0)
        uniq_emit(&o, prev, prev_len, run);
    free(prev);
    free(cur);
    box_close_input(f);
    return 0;
}
