/*
 * glob.c - pattern matching (XCU 2.13) for case, ${x%pattern} and pathname expansion.
 *
 * A pattern is a string in which a backslash quotes the next character; expand.c backslashes
 * every quoted character, so "a*"'*' arrives as a*\*. Pathname expansion walks the pattern a
 * component at a time, reading directories only where a component has magic characters.
 * Results are sorted by byte value, and a leading '.' must be matched explicitly.
 */
#include "sh.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int class_match(const char *name, size_t len, int c)
{
#define CLASS(n, test)                                                                             \
    if (len == sizeof(n) - 1 && strncmp(name, n, len) == 0)                                        \
        return (test);
    CLASS("alpha", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    CLASS("digit", c >= '0' && c <= '9')
    CLASS("alnum", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    CLASS("upper", c >= 'A' && c <= 'Z')
    CLASS("lower", c >= 'a' && c <= 'z')
    CLASS("space", c == ' ' || (c >= '\t' && c <= '\r'))
    CLASS("blank", c == ' ' || c == '\t')
    CLASS("punct",
          c > 32 && c < 127 &&
              !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
    CLASS("xdigit", (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
    CLASS("print", c >= 32 && c < 127)
    CLASS("graph", c > 32 && c < 127)
    CLASS("cntrl", c < 32 || c == 127)
#undef CLASS
    return 0;
}

/*
 * p at '[': matches c against the bracket expression; returns the position after ']', or NULL
 * if the bracket is not closed (then '[' is an ordinary character).
 */
static const char *bracket(const char *p, int c, int *matched)
{
    const char *q = p + 1;
    int negate = 0, ok = 0;

    if (*q == '!' || *q == '^') {
        negate = 1;
        q++;
    }
    int first = 1;
    while (*q && (*q != ']' || first)) {
        first = 0;
        if (q[0] == '[' && q[1] == ':') {
            const char *end = strstr(q + 2, ":]");
            if (end) {
                ok |= class_match(q + 2, (size_t)(end - q - 2), c);
                q = end + 2;
                continue;
            }
        }
        int lo = (unsigned char)*q;
        if (lo == '\\' && q[1])
            lo = (unsigned char)*++q;
        q++;
        if (q[0] == '-' && q[1] && q[1] != ']') {
            int hi = (unsigned char)q[1];
            q += 2;
            if (hi == '\\' && *q)
                hi = (unsigned char)*q++;
            ok |= c >= lo && c <= hi;
        } else {
            ok |= c == lo;
        }
    }
    if (*q != ']')
        return NULL;
    *matched = ok != negate;
    return q + 1;
}

int pattern_match(const char *p, const char *s)
{
    const char *star_p = NULL, *star_s = NULL;

    for (;;) {
        if (*p == '*') {
            while (*p == '*')
                p++;
            star_p = p;
            star_s = s;
            continue;
        }
        if (!*p) {
            if (!*s)
                return 1;
            goto backtrack;
        }
        if (!*s)
            return 0;
        if (*p == '?') {
            p++;
            s++;
            continue;
        }
        if (*p == '[') {
            int matched = 0;
            const char *next = bracket(p, (unsigned char)*s, &matched);
            if (next) {
                if (!matched)
                    goto backtrack;
                p = next;
                s++;
                continue;
            }
        }
        if (*p == '\\' && p[1])
            p++;
        if (*p != *s)
            goto backtrack;
        p++;
        s++;
        continue;
    backtrack:
        if (!star_p || !*star_s)
            return 0;
        p = star_p;
        s = ++star_s;
    }
}

int pattern_has_magic(const char *p)
{
    for (; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '*' || *p == '?' || *p == '[')
            return 1;
    }
    return 0;
}

char *pattern_unescape(const char *p)
{
    char *r = tmp_alloc(strlen(p) + 1), *d = r;

    for (; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        *d++ = *p;
    }
    *d = '\0';
    return r;
}

/* ${x#p}, ${x##p}, ${x%p}, ${x%%p}: the value with the matching prefix or suffix removed. */
char *trim_value(const char *value, const char *pattern, int op, int longest)
{
    size_t len = strlen(value);
    char *buf = tmp_alloc(len + 1);

    for (size_t k = 0; k <= len; k++) {
        /* k counts from the shortest candidate to the longest, or the other way. */
        size_t n = longest ? len - k : k;
        if (op == '#') {
            memcpy(buf, value, n);
            buf[n] = '\0';
            if (pattern_match(pattern, buf))
                return tmp_strdup(value + n);
        } else {
            if (pattern_match(pattern, value + len - n))
                return tmp_strndup(value, len - n);
        }
    }
    return tmp_strdup(value);
}

/* ---- pathname expansion ----------------------------------------------------------------- */

struct globlist {
    char ***list;
    int *count, *cap;
};

static void glob_add(struct globlist *gl, const char *path)
{
    if (*gl->count + 1 >= *gl->cap) {
        *gl->cap = *gl->cap ? *gl->cap * 2 : 16;
        *gl->list = xrealloc(*gl->list, (size_t)*gl->cap * sizeof(char *));
    }
    (*gl->list)[(*gl->count)++] = xstrdup(path);
}

/* Expands the rest of the pattern (rest) below the directory prefix (dir, "" for "."). */
static void glob_dir(struct globlist *gl, const char *dir, const char *rest)
{
    const char *slash = strchr(rest, '/');
    size_t comp_len = slash ? (size_t)(slash - rest) : strlen(rest);
    char *comp = xstrndup(rest, comp_len);
    const char *after = slash ? slash + 1 : NULL;

    while (after && *after == '/')
        after++;
    if (!pattern_has_magic(comp)) {
        char *lit = pattern_unescape(comp);
        char *path = tmp_printf("%s%s", dir, lit);
        struct stat st;
        if (!after) {
            if (lstat(path, &st) == 0)
                glob_add(gl, path);
        } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            glob_dir(gl, tmp_printf("%s/", path), after);
        }
        free(comp);
        return;
    }
    DIR *d = opendir(*dir ? dir : ".");
    if (!d) {
        free(comp);
        return;
    }
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.' && comp[0] != '.' && !(comp[0] == '\\' && comp[1] == '.'))
            continue;
        if (!pattern_match(comp, ent->d_name))
            continue;
        char *path = tmp_printf("%s%s", dir, ent->d_name);
        if (!after) {
            glob_add(gl, path);
        } else {
            struct stat st;
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                glob_dir(gl, tmp_printf("%s/", path), after);
        }
    }
    closedir(d);
    free(comp);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob_expand(const char *pattern, char ***list, int *count, int *cap)
{
    struct globlist gl = {list, count, cap};
    int before = *count;
    size_t mark = tmp_mark();

    if (pattern[0] == '/') {
        const char *p = pattern;
        while (*p == '/')
            p++;
        glob_dir(&gl, "/", p);
    } else {
        glob_dir(&gl, "", pattern);
    }
    tmp_release(mark);
    if (*count > before)
        qsort(*list + before, (size_t)(*count - before), sizeof(char *), cmp_str);
    return *count - before;
}
