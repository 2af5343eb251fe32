/* text.c - byte-level text filters: cut (-b -c -f -d -s --complement) and tr (-c -d -s,
 * ranges, escapes, [:class:], [c*n], [=c=]). Characters are bytes, as in the C locale. */
#include "util.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* ---- cut ----------------------------------------------------------------------------------- */

struct range {
    size_t lo, hi; /* 1-based, inclusive; hi SIZE_MAX for "N-" */
};

struct cut {
    struct range *ranges;
    size_t nranges;
    char mode; /* 'b', 'c' or 'f' */
    char delim;
    bool only_delimited, complement;
};

static bool cut_selected(const struct cut *c, size_t n)
{
    bool in = false;
    for (size_t i = 0; i < c->nranges && !in; i++)
        in = n >= c->ranges[i].lo && n <= c->ranges[i].hi;
    return in != c->complement;
}

/* Parses "N", "N-", "N-M", "-M", comma separated; messages as GNU's. */
static bool parse_list(struct cut *c, const char *list)
{
    const char *what = c->mode == 'f' ? "field value" : "byte/character position";
    char *copy = box_strdup(list), *save = NULL;
    bool ok = true;
    for (char *item = strtok_r(copy, ",", &save); item && ok; item = strtok_r(NULL, ",", &save)) {
        struct range r = {1, SIZE_MAX};
        char *dash = strchr(item, '-'), *end;
        if (dash == item && !dash[1]) {
            box_warn("invalid range with no endpoint: -");
            ok = false;
            break;
        }
        if (dash != item) {
            r.lo = strtoul(item, &end, 10);
            if (end == item || (end != dash && *end)) {
                box_warn("invalid %s '%s'", what, item);
                ok = false;
                break;
            }
            if (!dash)
                r.hi = r.lo;
        }
        if (dash && dash[1]) {
            r.hi = strtoul(dash + 1, &end, 10);
            if (*end || !isdigit((unsigned char)dash[1])) {
                box_warn("invalid %s '%s'", what, item);
                ok = false;
                break;
            }
        }
        if (r.lo == 0 || r.hi == 0) {
            box_warn(c->mode == 'f' ? "fields are numbered from 1"
                                    : "byte/character positions are numbered from 1");
            ok = false;
        } else if (r.hi < r.lo) {
            box_warn("invalid decreasing range");
            ok = false;
        }
        c->ranges = box_realloc(c->ranges, (c->nranges + 1) * sizeof *c->ranges);
        c->ranges[c->nranges++] = r;
    }
    free(copy);
    return ok;
}

static void cut_fields(const struct cut *c, const char *line, size_t len)
{
    if (!memchr(line, c->delim, len)) {
        if (!c->only_delimited) {
            fwrite(line, 1, len, stdout);
            putchar('\n');
        }
        return;
    }
    bool first = true;
    size_t field = 1, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != c->delim)
            continue;
        if (cut_selected(c, field)) {
            if (!first)
                putchar(c->delim);
            fwrite(line + start, 1, i - start, stdout);
            first = false;
        }
        field++;
        start = i + 1;
    }
    putchar('\n');
}

static void cut_bytes(const struct cut *c, const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (cut_selected(c, i + 1))
            putchar(line[i]);
    putchar('\n');
}

static bool cut_file(const struct cut *c, const char *path)
{
    FILE *f = box_open_input(path);
    if (!f) {
        box_warn_errno("%s", path);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)got - (line[got - 1] == '\n');
        if (c->mode == 'f')
            cut_fields(c, line, len);
        else
            cut_bytes(c, line, len);
    }
    free(line);
    box_close_input(f);
    return true;
}

static int cut_usage_error(const char *message)
{
    box_warn("%s", message);
    return box_usage(1);
}

int cut_main(int argc, char **argv)
{
    static const struct option longopts[] = {{"complement", no_argument, NULL, 'C'},
                                             {NULL, 0, NULL, 0}};
    struct cut c = {.delim = '\t'};
    const char *list = NULL;
    bool delim_given = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "b:c:f:d:sn", longopts, NULL)) != -1) {
        switch (opt) {
        case 'b':
        case 'c':
        case 'f':
            if (list)
                return cut_usage_error("only one type of list may be specified");
            c.mode = (char)opt;
            list = optarg;
            break;
        case 'd':
            if (strlen(optarg) > 1)
                return cut_usage_error("the delimiter must be a single character");
            c.delim = optarg[0];
            delim_given = true;
            break;
        case 's':
            c.only_delimited = true;
            break;
        case 'C':
            c.complement = true;
            break;
        case 'n':
            break;
        default:
            return box_usage(1);
        }
    }
    if (!list)
        return cut_usage_error("you must specify a list of bytes, characters, or fields");
    if (c.mode != 'f' && delim_given)
        return cut_usage_error("an input delimiter may be specified only when operating on "
                               "fields");
    if (c.mode != 'f' && c.only_delimited)
        return cut_usage_error("suppressing non-delimited lines makes sense\n"
                               "\tonly when operating on fields");
    if (!parse_list(&c, list))
        return box_usage(1);
    int status = 0;
    if (optind >= argc)
        status = !cut_file(&c, "-");
    for (int i = optind; i < argc; i++)
        if (!cut_file(&c, argv[i]))
            status = 1;
    free(c.ranges);
    return status;
}

/* ---- tr ------------------------------------------------------------------------------------ */

#define TR_SET_MAX 65536

/* A set as the ordered list of bytes it expands to. */
struct tr_set {
    unsigned char *bytes;
    size_t n;
};

static void tr_push(struct tr_set *s, int c)
{
    if (s->n < TR_SET_MAX)
        s->bytes[s->n++] = (unsigned char)c;
}

/* One possibly escaped byte at *p. */
static int tr_byte(const char **p)
{
    if (**p == '\\' && (*p)[1]) {
        (*p)++;
        int c = box_escape(p, false);
        if (c >= 0)
            return c;
        return (unsigned char)*(*p)++;
    }
    return (unsigned char)*(*p)++;
}

static bool tr_class(struct tr_set *s, const char **p)
{
    static const struct {
        const char *name;
        int (*test)(int);
    } classes[] = {{"alpha", isalpha}, {"digit", isdigit}, {"alnum", isalnum},
                   {"upper", isupper}, {"lower", islower}, {"space", isspace},
                   {"blank", isblank}, {"punct", ispunct}, {"print", isprint},
                   {"graph", isgraph}, {"cntrl", iscntrl}, {"xdigit", isxdigit}};
    const char *name = *p + 2, *close = strstr(name, ":]");
    for (size_t i = 0; close && i < sizeof classes / sizeof classes[0]; i++) {
        if (strlen(classes[i].name) != (size_t)(close - name) ||
            strncmp(name, classes[i].name, (size_t)(close - name)) != 0)
            continue;
        for (int c = 0; c < 256; c++)
            if (classes[i].test(c))
                tr_push(s, c);
        *p = close + 2;
        return true;
    }
    if (close)
        box_die(1, "invalid character class '%.*s'", (int)(close - name), name);
    return false;
}

/* [c*n] (n copies; n empty or 0 means "as many as needed", only in set 2) */
static bool tr_repeat(struct tr_set *s, const char **p, size_t fill_to)
{
    const char *q = *p + 1;
    int c = tr_byte(&q);
    if (*q != '*')
        return false;
    char *end;
    size_t count = strtoul(q + 1, &end, q[1] == '0' ? 8 : 10);
    if (*end != ']')
        return false;
    if (count == 0)
        count = fill_to > s->n ? fill_to - s->n : 0;
    for (size_t i = 0; i < count; i++)
        tr_push(s, c);
    *p = end + 1;
    return true;
}

static void tr_parse(struct tr_set *s, const char *text, size_t fill_to)
{
    s->bytes = box_malloc(TR_SET_MAX);
    s->n = 0;
    const char *p = text;
    while (*p) {
        if (p[0] == '[' && p[1] == ':' && tr_class(s, &p))
            continue;
        if (p[0] == '[' && p[1] == '=' && p[2] && p[3] == '=' && p[4] == ']') {
            tr_push(s, (unsigned char)p[2]);
            p += 5;
            continue;
        }
        if (p[0] == '[' && p[1] && tr_repeat(s, &p, fill_to))
            continue;
        int lo = tr_byte(&p);
        if (p[0] == '-' && p[1]) {
            p++;
            int hi = tr_byte(&p);
            if (hi < lo)
                box_die(1, "range-endpoints of '%c-%c' are in reverse collating sequence order", lo,
                        hi);
            for (int c = lo; c <= hi; c++)
                tr_push(s, c);
            continue;
        }
        tr_push(s, lo);
    }
}

static void tr_complement(struct tr_set *s)
{
    bool in[256] = {false};
    for (size_t i = 0; i < s->n; i++)
        in[s->bytes[i]] = true;
    s->n = 0;
    for (int c = 0; c < 256; c++)
        if (!in[c])
            tr_push(s, c);
}

static int tr_operands_error(const char *message, const char *operand, const char *hint)
{
    box_warn(message, operand);
    if (hint)
        fprintf(stderr, "%s\n", hint);
    return box_usage(1);
}

int tr_main(int argc, char **argv)
{
    bool complement = false, delete = false, squeeze = false;
    int opt;
    while ((opt = getopt(argc, argv, "cCdst")) != -1) {
        if (opt == 'c' || opt == 'C')
            complement = true;
        else if (opt == 'd')
            delete = true;
        else if (opt == 's')
            squeeze = true;
        else if (opt != 't')
            return box_usage(1);
    }
    int nops = argc - optind;
    bool translating = !delete &&nops >= 2;
    int needed = delete &&squeeze ? 2 : (delete || (squeeze && nops < 2)) ? 1 : 2;
    if (nops == 0)
        return tr_operands_error("missing operand", NULL, NULL);
    if (nops < needed)
        return tr_operands_error("missing operand after '%s'", argv[argc - 1],
                                 delete ? "Two strings must be given when both deleting and "
                                          "squeezing repeats."
                                        : "Two strings must be given when translating.");
    if (nops > needed)
        return tr_operands_error("extra operand '%s'", argv[optind + needed],
                                 needed == 1 && delete ? "Only one string may be given when "
                                                         "deleting without squeezing repeats."
                                                       : NULL);
    struct tr_set set1, set2 = {0};
    tr_parse(&set1, argv[optind], 0);
    if (complement)
        tr_complement(&set1);
    if (nops == 2) {
        tr_parse(&set2, argv[optind + 1], set1.n);
        if (translating && set2.n == 0)
            box_die(1, "when not truncating set1, string2 must be non-empty");
    }
    int map[256];
    bool deleted[256] = {false}, squeezed[256] = {false};
    for (int c = 0; c < 256; c++)
        map[c] = c;
    if (translating)
        for (size_t i = 0; i < set1.n; i++)
            map[set1.bytes[i]] = set2.bytes[i < set2.n ? i : set2.n - 1];
    if (delete)
        for (size_t i = 0; i < set1.n; i++)
            deleted[set1.bytes[i]] = true;
    const struct tr_set *squeeze_set = nops == 2 ? &set2 : &set1;
    if (squeeze)
        for (size_t i = 0; i < squeeze_set->n; i++)
            squeezed[squeeze_set->bytes[i]] = true;
    int c, last = -1;
    while ((c = getchar()) != EOF) {
        if (deleted[c])
            continue;
        c = map[c];
        if (squeezed[c] && c == last)
            continue;
        putchar(c);
        last = c;
    }
    free(set1.bytes);
    free(set2.bytes);
    return 0;
}
