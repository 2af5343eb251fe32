/*
 * mem.c - memory for the shell: checked malloc, growable strings, the temporary stack and
 * node pools.
 *
 * The temporary stack is a list of malloc'd blocks; tmp_mark() remembers its height and
 * tmp_release() frees everything allocated since, so a command abandoned by longjmp is cleaned
 * up by whoever set the mark. Pools hold parsed trees; they are reference counted because a
 * function definition outlives the command that defined it.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        static const char msg[] = "sh: out of memory\n";
        if (write(2, msg, sizeof(msg) - 1) < 0)
            _exit(2);
        _exit(2);
    }
    return p;
}

void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        static const char msg[] = "sh: out of memory\n";
        if (write(2, msg, sizeof(msg) - 1) < 0)
            _exit(2);
        _exit(2);
    }
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 32;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->s = xrealloc(sb->s, cap);
    sb->cap = cap;
}

void sb_addc(struct strbuf *sb, int c)
{
    sb_grow(sb, 1);
    sb->s[sb->len++] = (char)c;
    sb->s[sb->len] = '\0';
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

void sb_free(struct strbuf *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

char *sb_tmp(struct strbuf *sb)
{
    char *s = sb->s ? sb->s : xstrdup("");

    sb->s = NULL;
    sb->len = sb->cap = 0;
    return tmp_own(s);
}

/* ---- the temporary stack ---------------------------------------------------------------- */

static void **tmp_blocks;
static size_t tmp_count, tmp_cap;

size_t tmp_mark(void)
{
    return tmp_count;
}

void tmp_release(size_t mark)
{
    while (tmp_count > mark)
        free(tmp_blocks[--tmp_count]);
    if (mark == 0) {
        free(tmp_blocks);
        tmp_blocks = NULL;
        tmp_cap = 0;
    }
}

void *tmp_own(void *p)
{
    if (tmp_count == tmp_cap) {
        tmp_cap = tmp_cap ? tmp_cap * 2 : 64;
        tmp_blocks = xrealloc(tmp_blocks, tmp_cap * sizeof(*tmp_blocks));
    }
    tmp_blocks[tmp_count++] = p;
    return p;
}

void *tmp_alloc(size_t size)
{
    return tmp_own(xmalloc(size));
}

char *tmp_strdup(const char *s)
{
    return tmp_own(xstrdup(s));
}

char *tmp_strndup(const char *s, size_t n)
{
    return tmp_own(xstrndup(s, n));
}

char *tmp_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = xstrdup("");
    va_end(ap);
    return tmp_own(s);
}

/* ---- pools ------------------------------------------------------------------------------ */

struct pool_block {
    struct pool_block *next;
};

struct pool {
    int refs;
    struct pool_block *blocks;
};

struct pool *pool_new(void)
{
    struct pool *p = xmalloc(sizeof(*p));

    p->refs = 1;
    p->blocks = NULL;
    return p;
}

void pool_get(struct pool *p)
{
    p->refs++;
}

void pool_put(struct pool *p)
{
    if (!p || --p->refs > 0)
        return;
    while (p->blocks) {
        struct pool_block *b = p->blocks;
        p->blocks = b->next;
        free(b);
    }
    free(p);
}

/* Each allocation is its own block: trees are small and this keeps ASan precise. */
void *pool_alloc(struct pool *p, size_t size)
{
    struct pool_block *b = xmalloc(sizeof(*b) + size + 16);
    char *mem = (char *)(b + 1);

    b->next = p->blocks;
    p->blocks = b;
    memset(mem, 0, size);
    return mem;
}

char *pool_strdup(struct pool *p, const char *s)
{
    size_t n = strlen(s);
    char *d = pool_alloc(p, n + 1);

    memcpy(d, s, n + 1);
    return d;
}
