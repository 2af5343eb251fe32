/* print.c - applets that format text from their arguments: echo, printf and seq.
 *
 * printf reuses its format while arguments remain, as POSIX asks; each conversion is handed to
 * the C library's printf with the flags, width and precision the user wrote, after the
 * argument has been converted (and checked) here. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest conversion specification kept ("%-+ #0" flags, widths, precisions). */
#define SPEC_MAX 64

/* ---- echo ---------------------------------------------------------------------------------- */

/* Prints s with echo -e escapes; false after \c (print nothing more). */
static bool echo_escaped(const char *s)
{
    while (*s) {
        if (*s != '\\' || !s[1]) {
            putchar(*s++);
            continue;
        }
        s++;
        int c = box_escape(&s, true);
        if (c == BOX_ESCAPE_STOP)
            return false;
        putchar(c == BOX_ESCAPE_UNKNOWN ? '\\' : c);
    }
    return true;
}

/* An argument made only of n, e and E after a dash is an option; anything else is text. */
static bool echo_option(const char *arg, bool *newline, bool *escapes)
{
    if (arg[0] != '-' || !arg[1] || arg[strspn(arg + 1, "neE") + 1])
        return false;
    for (const char *p = arg + 1; *p; p++) {
        if (*p == 'n')
            *newline = false;
        else
            *escapes = *p == 'e';
    }
    return true;
}

int echo_main(int argc, char **argv)
{
    bool newline = true, escapes = false;
    int i = 1;
    while (i < argc && echo_option(argv[i], &newline, &escapes))
        i++;
    for (; i < argc; i++) {
        if (escapes) {
            if (!echo_escaped(argv[i]))
                return 0;
        } else {
            fputs(argv[i], stdout);
        }
        if (i + 1 < argc)
            putchar(' ');
    }
    if (newline)
        putchar('\n');
    return 0;
}

/* ---- printf -------------------------------------------------------------------------------- */

struct printf_state {
    char **args;
    int nargs;
    int next;
    int status;
    bool stop; /* \c seen: print nothing more */
};

static const char *next_arg(struct printf_state *st)
{
    return st->next < st->nargs ? st->args[st->next++] : NULL;
}

/* Warns about arg as printf(1) does when it is not all a number, and sets the status. */
static void check_converted(struct printf_state *st, const char *arg, const char *end)
{
    if (end == arg) {
        box_warn("'%s': expected a numeric value", arg);
        st->status = 1;
    } else if (*end) {
        box_warn("'%s': value not completely converted", arg);
        st->status = 1;
    } else if (errno == ERANGE) {
        box_warn("'%s': Numerical result out of range", arg);
        st->status = 1;
    }
}

/* 'c and "c give the character's code. */
static bool char_constant(const char *arg, long double *out)
{
    if (arg[0] != '\'' && arg[0] != '"')
        return false;
    *out = (unsigned char)arg[1];
    return true;
}

static intmax_t int_arg(struct printf_state *st, bool is_signed)
{
    const char *arg = next_arg(st);
    long double c;
    if (!arg)
        return 0;
    if (char_constant(arg, &c))
        return (intmax_t)c;
    char *end;
    errno = 0;
    intmax_t v = is_signed ? strtoimax(arg, &end, 0) : (intmax_t)strtoumax(arg, &end, 0);
    check_converted(st, arg, end);
    return v;
}

static long double float_arg(struct printf_state *st)
{
    const char *arg = next_arg(st);
    long double v;
    if (!arg)
        return 0;
    if (char_constant(arg, &v))
        return v;
    char *end;
    errno = 0;
    v = strtold(arg, &end);
    check_converted(st, arg, end);
    return v;
}

/* %b: the argument with echo-style escapes. */
static void print_b(struct printf_state *st, const char *spec)
{
    const char *arg = next_arg(st);
    char *out = box_malloc(strlen(arg ? arg : "") + 1), *o = out;
    for (const char *s = arg ? arg : ""; *s;) {
        if (*s != '\\' || !s[1]) {
            *o++ = *s++;
            continue;
        }
        s++;
        int c = box_escape(&s, true);
        if (c == BOX_ESCAPE_STOP) {
            st->stop = true;
            break;
        }
        *o++ = c == BOX_ESCAPE_UNKNOWN ? '\\' : (char)c;
    }
    *o = '\0';
    char fmt[SPEC_MAX + 2];
    snprintf(fmt, sizeof fmt, "%.*ss", (int)strlen(spec) - 1, spec);
    printf(fmt, out);
    free(out);
}

/* Prints one conversion; spec is "%...X" without length modifiers. */
static void print_conversion(struct printf_state *st, char *spec, int *stars, int nstars)
{
    char conv = spec[strlen(spec) - 1];
    char fmt[SPEC_MAX + 4];
    size_t body = strlen(spec) - 1;
    int w = nstars > 0 ? stars[0] : 0, p = nstars > 1 ? stars[1] : 0;
    switch (conv) {
    case 'd':
    case 'i':
        snprintf(fmt, sizeof fmt, "%.*sj%c", (int)body, spec, conv);
        nstars == 2 ? printf(fmt, w, p, int_arg(st, true))
        : nstars    ? printf(fmt, w, int_arg(st, true))
                    : printf(fmt, int_arg(st, true));
        break;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        snprintf(fmt, sizeof fmt, "%.*sj%c", (int)body, spec, conv);
        nstars == 2 ? printf(fmt, w, p, int_arg(st, false))
        : nstars    ? printf(fmt, w, int_arg(st, false))
                    : printf(fmt, int_arg(st, false));
        break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
        snprintf(fmt, sizeof fmt, "%.*sL%c", (int)body, spec, conv);
        nstars == 2 ? printf(fmt, w, p, float_arg(st))
        : nstars    ? printf(fmt, w, float_arg(st))
                    : printf(fmt, float_arg(st));
        break;
    case 'c': {
        const char *arg = next_arg(st);
        nstars ? printf(spec, w, arg ? arg[0] : '\0') : printf(spec, arg ? arg[0] : '\0');
        break;
    }
    case 's': {
        const char *arg = next_arg(st);
        nstars == 2 ? printf(spec, w, p, arg ? arg : "")
        : nstars    ? printf(spec, w, arg ? arg : "")
                    : printf(spec, arg ? arg : "");
        break;
    }
    case 'b':
        print_b(st, spec);
        break;
    }
}

/* Reads a '*' or digits of a width or precision into spec; a '*' takes an argument. */
static void spec_number(struct printf_state *st, const char **f, char *spec, size_t *len,
                        int *stars, int *nstars)
{
    if (**f == '*') {
        spec[(*len)++] = *(*f)++;
        stars[(*nstars)++] = (int)int_arg(st, true);
        return;
    }
    while (isdigit((unsigned char)**f) && *len < SPEC_MAX - 4)
        spec[(*len)++] = *(*f)++;
}

/* Handles the conversion at *f (just after '%'); false on an invalid one. */
static bool do_conversion(struct printf_state *st, const char **f)
{
    char spec[SPEC_MAX];
    size_t len = 0;
    int stars[2], nstars = 0;
    spec[len++] = '%';
    while (strchr("-+ #0'", **f) && **f && len < SPEC_MAX - 4)
        spec[len++] = *(*f)++;
    spec_number(st, f, spec, &len, stars, &nstars);
    if (**f == '.') {
        spec[len++] = *(*f)++;
        if (nstars == 0 && **f == '*')
            stars[nstars++] = 0; /* keep the precision in the second slot */
        spec_number(st, f, spec, &len, stars, &nstars);
    }
    while (**f && strchr("hlLqjzt", **f))
        (*f)++;
    char conv = **f;
    if (!conv || !strchr("diouxXfFeEgGaAcsb", conv)) {
        if (conv)
            box_warn("%.*s%c: invalid conversion specification", (int)len, spec, conv);
        else
            box_warn("%.*s: invalid conversion specification", (int)len, spec);
        return false;
    }
    (*f)++;
    spec[len++] = conv;
    spec[len] = '\0';
    print_conversion(st, spec, stars, nstars);
    return true;
}

/* One pass over the format; false on an invalid conversion. */
static bool printf_pass(struct printf_state *st, const char *f)
{
    while (*f && !st->stop) {
        if (*f == '\\') {
            f++;
            int c = box_escape(&f, false);
            if (c == BOX_ESCAPE_STOP) {
                st->stop = true;
                break;
            }
            putchar(c == BOX_ESCAPE_UNKNOWN ? '\\' : c);
            continue;
        }
        if (*f != '%') {
            putchar(*f++);
            continue;
        }
        f++;
        if (*f == '%') {
            putchar(*f++);
            continue;
        }
        if (!do_conversion(st, &f))
            return false;
    }
    return true;
}

int printf_main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--") == 0)
        first = 2;
    if (argc <= first) {
        box_warn("missing operand");
        return box_usage(1);
    }
    struct printf_state st = {.args = argv + first + 1, .nargs = argc - first - 1};
    do {
        int before = st.next;
        if (!printf_pass(&st, argv[first]))
            return 1;
        if (st.next == before)
            break;
    } while (st.next < st.nargs && !st.stop);
    return st.status;
}

/* ---- seq ----------------------------------------------------------------------------------- */

struct seq_number {
    long double value;
    int decimals; /* digits after the point as written */
    bool integral;
};

static bool seq_parse(const char *s, struct seq_number *n)
{
    char *end;
    errno = 0;
    n->value = strtold(s, &end);
    if (end == s || *end || isnan(n->value))
        return false;
    const char *dot = strchr(s, '.');
    n->decimals = dot ? (int)strspn(dot + 1, "0123456789") : 0;
    n->integral = !dot && !strpbrk(s, "eEpPxXiInN");
    return true;
}

static int seq_width(long double v, int decimals)
{
    char buf[128];
    return snprintf(buf, sizeof buf, "%.*Lf", decimals, v);
}

static bool negative_operand(int argc, char **argv)
{
    return optind < argc && argv[optind][0] == '-' &&
           (isdigit((unsigned char)argv[optind][1]) || argv[optind][1] == '.');
}

int seq_main(int argc, char **argv)
{
    const char *sep = "\n", *format = NULL;
    bool equal_width = false;
    int opt;
    /* Negative numbers are operands, not options: stop before one ('+' keeps the order). */
    while (!negative_operand(argc, argv) && (opt = getopt(argc, argv, "+s:f:w")) != -1) {
        if (opt == 's')
            sep = optarg;
        else if (opt == 'f')
            format = optarg;
        else if (opt == 'w')
            equal_width = true;
        else
            return box_usage(1);
    }
    int nops = argc - optind;
    if (nops < 1 || nops > 3) {
        if (nops < 1)
            box_warn("missing operand");
        else
            box_warn("extra operand '%s'", argv[optind + 3]);
        return box_usage(1);
    }
    struct seq_number num[3] = {{1, 0, true}, {1, 0, true}, {0, 0, true}};
    int slot[3][3] = {{2}, {0, 2}, {0, 1, 2}};
    for (int i = 0; i < nops; i++) {
        if (!seq_parse(argv[optind + i], &num[slot[nops - 1][i]])) {
            box_warn("invalid floating point argument: '%s'", argv[optind + i]);
            return box_usage(1);
        }
    }
    if (num[1].value == 0) {
        box_warn("invalid Zero increment value: '%s'", argv[optind + 1]);
        return box_usage(1);
    }
    int decimals = num[0].decimals > num[1].decimals ? num[0].decimals : num[1].decimals;
    int width = 0;
    if (equal_width) {
        int a = seq_width(num[0].value, decimals), b = seq_width(num[2].value, decimals);
        width = a > b ? a : b;
    }
    long double first = num[0].value, step = num[1].value, last = num[2].value;
    bool printed = false;
    for (long long i = 0;; i++) {
        long double v = first + (long double)i * step;
        if ((step > 0 && v > last) || (step < 0 && v < last))
            break;
        if (printed)
            fputs(sep, stdout);
        if (format)
            printf(format, (double)v);
        else if (equal_width)
            printf("%0*.*Lf", width, decimals, v);
        else
            printf("%.*Lf", decimals, v);
        printed = true;
    }
    if (printed)
        putchar('\n');
    return 0;
}
