/* grep.c - grep: print lines that match patterns, with box's own regex engine (regex.c).
 *
 * Options: -E -F -G (syntax), -e PATTERN, -f FILE, -i -y, -v, -w, -x, -c, -l, -L, -q, -s, -n,
 * -h, -H, -o, -r, -R. Several patterns (-e, -f, or newlines in one) match if any does. -F
 * patterns are escaped into basic ones. Exit status: 0 if a line was selected, 1 if none,
 * 2 on an error (0 after a selection with -q even then). */
#include "regex.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GREP_TROUBLE 2

struct grep {
    struct rx **res;
    int npatterns;
    int match_flags; /* RX_WORD, RX_LINE */
    bool invert, count, list, list_unmatched, quiet, only, number, no_messages, recursive;
    int names; /* -1 never (-h), 1 always (-H), 0 by number of files */
    bool show_names;
    bool selected; /* some line was selected: status 0 */
    bool trouble;  /* an error: status 2 */
};

/* ---- patterns ------------------------------------------------------------------------------ */

struct pattern_list {
    char **items;
    int n, cap;
};

static void add_patterns(struct pattern_list *l, const char *text)
{
    /* A newline separates patterns, so "a\nb" is two. */
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 8;
            l->items = box_realloc(l->items, (size_t)l->cap * sizeof *l->items);
        }
        l->items[l->n] = box_malloc(len + 1);
        memcpy(l->items[l->n], p, len);
        l->items[l->n++][len] = '\0';
        if (!nl || !nl[1])
            break;
        p = nl + 1;
    }
}

static bool add_pattern_file(struct pattern_list *l, const char *path)
{
    FILE *f = box_open_input(path);
    if (!f) {
        box_warn_errno("%s", path);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        add_patterns(l, line);
    }
    free(line);
    box_close_input(f);
    return true;
}

/* A fixed string as a basic regular expression that matches exactly it. */
static char *escape_fixed(const char *s)
{
    char *out = box_malloc(2 * strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (strchr(".[]*^$\\", *s))
            *o++ = '\\';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static bool compile_patterns(struct grep *g, struct pattern_list *l, int syntax, bool fixed)
{
    g->res = box_malloc((size_t)(l->n ? l->n : 1) * sizeof *g->res);
    for (int i = 0; i < l->n; i++) {
        char *text = fixed ? escape_fixed(l->items[i]) : l->items[i];
        const char *error = NULL;
        g->res[i] = rx_compile(text, fixed ? syntax & RX_ICASE : syntax, &error);
        if (fixed)
            free(text);
        if (!g->res[i]) {
            box_warn("%s", error);
            return false;
        }
        g->npatterns++;
    }
    return true;
}

/* The leftmost (then longest) match of any pattern at or after from. */
static bool find_match(const struct grep *g, const char *line, size_t len, size_t from,
                       size_t *start, size_t *end)
{
    bool found = false;
    for (int i = 0; i < g->npatterns; i++) {
        size_t s, e;
        if (!rx_search(g->res[i], line, len, from, g->match_flags, &s, &e))
            continue;
        if (!found || s < *start || (s == *start && e > *end)) {
            *start = s;
            *end = e;
            found = true;
        }
    }
    return found;
}

static bool line_matches(const struct grep *g, const char *line, size_t len)
{
    for (int i = 0; i < g->npatterns; i++)
        if (rx_matches(g->res[i], line, len, g->match_flags))
            return true;
    return false;
}

/* ---- searching ----------------------------------------------------------------------------- */

static void print_prefix(const struct grep *g, const char *name, long long lineno)
{
    if (g->show_names)
        printf("%s:", name);
    if (g->number)
        printf("%lld:", lineno);
}

static void print_only_matches(const struct grep *g, const char *name, long long lineno,
                               const char *line, size_t len)
{
    size_t from = 0, start, end;
    while (from <= len && find_match(g, line, len, from, &start, &end)) {
        if (end == start) {
            from = start + 1;
            continue;
        }
        print_prefix(g, name, lineno);
        fwrite(line + start, 1, end - start, stdout);
        putchar('\n');
        from = end;
    }
}

/* Whether this file's output stops at its first selected line. */
static bool stops_at_first(const struct grep *g)
{
    return g->quiet || g->list || g->list_unmatched;
}

static void grep_stream(struct grep *g, FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long long lineno = 0, selected = 0;
    bool binary = false;
    while ((got = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)got;
        lineno++;
        if (line[len - 1] == '\n')
            len--;
        if (memchr(line, '\0', len))
            binary = true;
        if (line_matches(g, line, len) == g->invert)
            continue;
        selected++;
        g->selected = true;
        if (stops_at_first(g))
            break;
        if (g->count)
            continue;
        if (binary) {
            fflush(stdout);
            fprintf(stderr, "grep: %s: binary file matches\n", name);
            break;
        }
        if (g->only && !g->invert) {
            print_only_matches(g, name, lineno, line, len);
        } else if (!g->only) {
            print_prefix(g, name, lineno);
            fwrite(line, 1, len, stdout);
            putchar('\n');
        }
    }
    if (ferror(f)) {
        if (!g->no_messages)
            box_warn_errno("%s", name);
        g->trouble = true;
    }
    free(line);
    if (g->count) {
        if (g->show_names)
            printf("%s:", name);
        printf("%lld\n", selected);
    }
    if ((g->list && selected) || (g->list_unmatched && !selected))
        printf("%s\n", name);
}

static void grep_path(struct grep *g, const char *path, bool operand);

static void grep_directory(struct grep *g, const char *path, bool operand)
{
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names) {
        if (!g->no_messages)
            box_warn_errno("%s", path);
        g->trouble = true;
        return;
    }
    for (size_t i = 0; i < n && !(g->quiet && g->selected); i++) {
        /* `grep -r x` with no operand names files relative to ".", without "./". */
        char *child = operand ? box_path_join(path, names[i]) : box_strdup(names[i]);
        grep_path(g, child, false);
        free(child);
    }
    box_free_names(names, n);
}

static void grep_path(struct grep *g, const char *path, bool operand)
{
    bool is_stdin = strcmp(path, "-") == 0 && operand;
    struct stat st;
    if (!is_stdin && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (g->recursive) {
            grep_directory(g, path, strcmp(path, ".") != 0 || operand);
            return;
        }
        if (!g->no_messages)
            box_warn("%s: Is a directory", path);
        g->trouble = true;
        return;
    }
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        if (!g->no_messages)
            box_warn_errno("%s", path);
        g->trouble = true;
        return;
    }
    grep_stream(g, f, is_stdin ? "(standard input)" : path);
    box_close_input(f);
}

static int grep_usage(void)
{
    fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
    return box_usage(GREP_TROUBLE);
}

int grep_main(int argc, char **argv)
{
    struct grep g = {0};
    struct pattern_list patterns = {0};
    int syntax = 0, status = 0;
    bool fixed = false, have_patterns = false;
    int opt;
    while ((opt = getopt(argc, argv, "EFGe:f:iyvwxclLqsnhHorR")) != -1) {
        switch (opt) {
        case 'E':
            syntax |= RX_EXTENDED, fixed = false;
            break;
        case 'F':
            fixed = true;
            break;
        case 'G':
            syntax &= ~RX_EXTENDED, fixed = false;
            break;
        case 'e':
            add_patterns(&patterns, optarg), have_patterns = true;
            break;
        case 'f':
            if (!add_pattern_file(&patterns, optarg))
                return GREP_TROUBLE;
            have_patterns = true;
            break;
        case 'i':
        case 'y':
            syntax |= RX_ICASE;
            break;
        case 'v':
            g.invert = true;
            break;
        case 'w':
            g.match_flags |= RX_WORD;
            break;
        case 'x':
            g.match_flags |= RX_LINE;
            break;
        case 'c':
            g.count = true;
            break;
        case 'l':
            g.list = true;
            break;
        case 'L':
            g.list_unmatched = true;
            break;
        case 'q':
            g.quiet = true;
            break;
        case 's':
            g.no_messages = true;
            break;
        case 'n':
            g.number = true;
            break;
        case 'h':
            g.names = -1;
            break;
        case 'H':
            g.names = 1;
            break;
        case 'o':
            g.only = true;
            break;
        case 'r':
        case 'R':
            g.recursive = true;
            break;
        default:
            return grep_usage();
        }
    }
    if (!have_patterns) {
        if (optind >= argc)
            return grep_usage();
        add_patterns(&patterns, argv[optind++]);
    }
    if (!compile_patterns(&g, &patterns, syntax, fixed))
        return GREP_TROUBLE;
    if (g.quiet)
        g.count = g.list = g.list_unmatched = false;
    char *default_operand[] = {g.recursive ? "." : "-"};
    bool named = optind < argc;
    char **files = named ? argv + optind : default_operand;
    int nfiles = named ? argc - optind : 1;
    g.show_names = g.names == 1 || (g.names == 0 && (nfiles > 1 || g.recursive));
    for (int i = 0; i < nfiles && !(g.quiet && g.selected); i++)
        grep_path(&g, files[i], named || !g.recursive);
    status = g.selected ? 0 : 1;
    if (g.trouble && !(g.quiet && g.selected))
        status = GREP_TROUBLE;
    for (int i = 0; i < g.npatterns; i++)
        rx_free(g.res[i]);
    free(g.res);
    for (int i = 0; i < patterns.n; i++)
        free(patterns.items[i]);
    free(patterns.items);
    return status;
}
