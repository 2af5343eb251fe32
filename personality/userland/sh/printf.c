/*
 * printf.c - the printf builtin (XCU "printf"): %s %b %c %d %i %o %u %x %X %e %E %f %F %g %G
 * %%, flags, width and precision (also as *), backslash escapes in the format, and the format
 * reused until the arguments run out.
 *
 * Each conversion is rebuilt as a C format with a fixed type (long long, unsigned long long,
 * double or char *) and handed to snprintf, so the padding rules are libc's.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pf {
    char **args;
    int nargs, pos;
    int status;
    int stop; /* \c seen */
};

static const char *next_arg(struct pf *pf)
{
    return pf->pos < pf->nargs ? pf->args[pf->pos++] : NULL;
}

/* Converts a numeric argument, warning (and making the status 1) if it is not all number. */
static long long arg_number(struct pf *pf, const char *s, int is_unsigned)
{
    char *end;

    if (!s || !*s)
        return 0;
    if (s[0] == '\'' || s[0] == '"')
        return (unsigned char)s[1];
    errno = 0;
    long long v =
        is_unsigned && s[0] != '-' ? (long long)strtoull(s, &end, 0) : strtoll(s, &end, 0);
    if (*end || errno) {
        sh_warn("printf: %s: %s", s,
                end == s ? "expected numeric value"
                : *end   ? "not completely converted"
                         : strerror(errno));
        pf->status = 1;
    }
    return v;
}

static double arg_double(struct pf *pf, const char *s)
{
    char *end;

    if (!s || !*s)
        return 0;
    if (s[0] == '\'' || s[0] == '"')
        return (unsigned char)s[1];
    double v = strtod(s, &end);
    if (*end) {
        sh_warn("printf: %s: expected numeric value", s);
        pf->status = 1;
    }
    return v;
}

/*
 * One backslash escape at *p (just after the backslash); appends it to sb and returns the
 * position after it. in_b: %b's rules (\0nnn, \c stops everything).
 */
static const char *escape(struct pf *pf, const char *p, struct strbuf *sb, int in_b)
{
    int v = 0, digits = 0;

    switch (*p) {
    case 'a':
        sb_addc(sb, '\a');
        return p + 1;
    case 'b':
        sb_addc(sb, '\b');
        return p + 1;
    case 'f':
        sb_addc(sb, '\f');
        return p + 1;
    case 'n':
        sb_addc(sb, '\n');
        return p + 1;
    case 'r':
        sb_addc(sb, '\r');
        return p + 1;
    case 't':
        sb_addc(sb, '\t');
        return p + 1;
    case 'v':
        sb_addc(sb, '\v');
        return p + 1;
    case '\\':
        sb_addc(sb, '\\');
        return p + 1;
    case 'c':
        if (in_b) {
            pf->stop = 1;
            return p + strlen(p);
        }
        break;
    case '\0':
        sb_addc(sb, '\\');
        return p;
    }
    if (*p >= '0' && *p <= '7') {
        int max = (in_b && *p == '0') ? 4 : 3;
        while (digits < max && *p >= '0' && *p <= '7') {
            v = v * 8 + (*p++ - '0');
            digits++;
        }
        sb_addc(sb, v);
        return p;
    }
    sb_addc(sb, '\\');
    sb_addc(sb, *p);
    return p + 1;
}

static void put_formatted(const char *spec, int width, int prec, int has_w, int has_p, char conv,
                          struct pf *pf, const char *arg)
{
    char fmt[64];
    char *out = NULL;
    int n = 0;

    snprintf(fmt, sizeof(fmt), "%%%s%s%s%s", spec, has_w ? "*" : "", has_p ? ".*" : "",
             strchr("diouxX", conv) ? "ll" : "");
    size_t l = strlen(fmt);
    fmt[l] = conv;
    fmt[l + 1] = '\0';
#define PRINT(val)                                                                                 \
    do {                                                                                           \
        if (has_w && has_p)                                                                        \
            n = asprintf(&out, fmt, width, prec, val);                                             \
        else if (has_w)                                                                            \
            n = asprintf(&out, fmt, width, val);                                                   \
        else if (has_p)                                                                            \
            n = asprintf(&out, fmt, prec, val);                                                    \
        else                                                                                       \
            n = asprintf(&out, fmt, val);                                                          \
    } while (0)
    switch (conv) {
    case 'd':
    case 'i':
        PRINT(arg_number(pf, arg, 0));
        break;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        PRINT((unsigned long long)arg_number(pf, arg, 1));
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
        PRINT(arg_double(pf, arg));
        break;
    case 'c':
        fmt[l] = 'c';
        PRINT(arg && *arg ? arg[0] : 0);
        break;
    default:
        fmt[l] = 's';
        PRINT(arg ? arg : "");
        break;
    }
#undef PRINT
    if (n >= 0)
        out_mem(out, (size_t)n);
    free(out);
}

/* A conversion starting at p (just after '%'); returns the position after it. */
static const char *conversion(struct pf *pf, const char *p)
{
    char spec[16];
    size_t ns = 0;
    int width = 0, prec = 0, has_w = 0, has_p = 0;

    while (*p && strchr("-+ #0", *p) && ns < sizeof(spec) - 1)
        spec[ns++] = *p++;
    spec[ns] = '\0';
    if (*p == '*') {
        width = (int)arg_number(pf, next_arg(pf), 0);
        has_w = 1;
        p++;
    } else if (*p >= '0' && *p <= '9') {
        width = (int)strtol(p, (char **)&p, 10);
        has_w = 1;
    }
    if (*p == '.') {
        p++;
        has_p = 1;
        if (*p == '*') {
            prec = (int)arg_number(pf, next_arg(pf), 0);
            p++;
        } else {
            prec = (int)strtol(p, (char **)&p, 10);
        }
    }
    char conv = *p;
    if (!conv || !strchr("diouxXeEfFgGcsb", conv)) {
        sh_error("printf: %%%c: invalid directive", conv ? conv : ' ');
    }
    const char *arg = next_arg(pf);
    if (conv == 'b') {
        struct strbuf sb = {0};
        sb_addn(&sb, "", 0);
        for (const char *q = arg ? arg : ""; *q && !pf->stop;) {
            if (*q == '\\')
                q = escape(pf, q + 1, &sb, 1);
            else
                sb_addc(&sb, *q++);
        }
        put_formatted(spec, width, prec, has_w, has_p, 's', pf, sb.s);
        sb_free(&sb);
    } else {
        put_formatted(spec, width, prec, has_w, has_p, conv, pf, arg);
    }
    return p + 1;
}

int bi_printf(int argc, char **argv)
{
    struct pf pf = {argv + 2, argc - 2, 0, 0, 0};
    int i = 1;

    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        i++;
        pf.args++;
        pf.nargs--;
    }
    if (i >= argc)
        sh_error("printf: usage: printf format [arg ...]");
    const char *format = argv[i];
    do {
        int before = pf.pos;
        for (const char *p = format; *p && !pf.stop;) {
            if (*p == '\\') {
                struct strbuf sb = {0};
                p = escape(&pf, p + 1, &sb, 0);
                if (sb.len)
                    out_mem(sb.s, sb.len);
                sb_free(&sb);
            } else if (*p == '%' && p[1] == '%') {
                out_mem("%", 1);
                p += 2;
            } else if (*p == '%') {
                p = conversion(&pf, p + 1);
            } else {
                const char *q = p;
                while (*q && *q != '\\' && *q != '%')
                    q++;
                out_mem(p, (size_t)(q - p));
                p = q;
            }
        }
        if (pf.pos == before)
            break;
    } while (pf.pos < pf.nargs && !pf.stop);
    return pf.status;
}
