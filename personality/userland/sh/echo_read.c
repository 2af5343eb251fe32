/*
 * echo_read.c - the echo and read builtins: the shell's plainest output and input.
 *
 * echo behaves as dash's does: -n alone as the first argument drops the newline, and the XSI
 * backslash escapes are always interpreted (\c ends the output). read takes a line from
 * standard input a byte at a time (so nothing past the newline is consumed), honours
 * backslashes unless -r, and splits the line on IFS into the named variables.
 */
#include "sh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes s with echo's escapes; returns 1 if \c was seen. */
static int echo_escaped(const char *s)
{
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            out_mem(s, 1);
            continue;
        }
        char c = *++s;
        switch (c) {
        case 'a':
            c = '\a';
            break;
        case 'b':
            c = '\b';
            break;
        case 'c':
            return 1;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'v':
            c = '\v';
            break;
        case '\\':
            break;
        case '0': {
            /* \0 and up to three octal digits. */
            int v = 0;
            for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
                v = v * 8 + (*++s - '0');
            c = (char)v;
            break;
        }
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            /* \nnn: one to three octal digits, as dash's echo takes them. */
            int v = c - '0';
            for (int i = 0; i < 2 && s[1] >= '0' && s[1] <= '7'; i++)
                v = v * 8 + (*++s - '0');
            c = (char)v;
            break;
        }
        default:
            out_mem("\\", 1);
        }
        out_mem(&c, 1);
    }
    return 0;
}

int bi_echo(int argc, char **argv)
{
    int i = 1, newline = 1;

    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (; i < argc; i++) {
        if (echo_escaped(argv[i]))
            return 0;
        if (i + 1 < argc)
            out_mem(" ", 1);
    }
    if (newline)
        out_mem("\n", 1);
    return 0;
}

/* ---- read ------------------------------------------------------------------------------- */

struct line {
    struct strbuf chars;
    struct strbuf quoted; /* '1' where a backslash protected the character */
};

/* Reads one logical line; returns 0 at end of file before a newline. */
static int read_line(struct line *ln, int raw)
{
    char c;

    for (;;) {
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR) {
            if (pending_signals)
                return -1;
            continue;
        }
        if (n <= 0)
            return 0;
        if (c == '\n')
            return 1;
        if (c == '\\' && !raw) {
            n = read(0, &c, 1);
            if (n <= 0)
                return 0;
            if (c == '\n')
                continue;
            sb_addc(&ln->chars, c);
            sb_addc(&ln->quoted, '1');
            continue;
        }
        sb_addc(&ln->chars, c);
        sb_addc(&ln->quoted, '0');
    }
}

static int is_sep(struct line *ln, size_t i, const char *ifs)
{
    return ln->quoted.s[i] == '0' && strchr(ifs, ln->chars.s[i]) && ln->chars.s[i];
}

static int is_space_sep(struct line *ln, size_t i, const char *ifs)
{
    char c = ln->chars.s[i];
    return is_sep(ln, i, ifs) && (c == ' ' || c == '\t' || c == '\n');
}

static void assign_fields(struct line *ln, char **vars, int nvars)
{
    const char *ifs = var_get("IFS");
    size_t len = ln->chars.len, pos = 0;

    if (!ifs)
        ifs = " \t\n";
    while (pos < len && is_space_sep(ln, pos, ifs))
        pos++;
    for (int v = 0; v < nvars; v++) {
        size_t start = pos, end;
        if (v == nvars - 1) {
            end = len;
            while (end > start && is_space_sep(ln, end - 1, ifs))
                end--;
        } else {
            while (pos < len && !is_sep(ln, pos, ifs))
                pos++;
            end = pos;
            while (pos < len && is_space_sep(ln, pos, ifs))
                pos++;
            if (pos < len && is_sep(ln, pos, ifs)) {
                pos++;
                while (pos < len && is_space_sep(ln, pos, ifs))
                    pos++;
            }
        }
        var_set(vars[v], tmp_strndup(ln->chars.s ? ln->chars.s + start : "", end - start), 0);
    }
}

int bi_read(int argc, char **argv)
{
    int raw = 0, i = 1;
    const char *prompt = NULL;
    struct line ln = {{0}, {0}};

    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'r') {
                raw = 1;
            } else if (*p == 'p' && i + 1 < argc) {
                prompt = argv[++i];
                break;
            } else {
                sh_error("read: Illegal option -%c", *p);
            }
        }
    }
    if (i >= argc)
        sh_error("read: arg count");
    for (int v = i; v < argc; v++)
        if (!is_name(argv[v]))
            sh_error("read: %s: bad variable name", argv[v]);
    if (prompt && isatty(0))
        write_all(2, prompt, strlen(prompt));
    sb_addn(&ln.chars, "", 0);
    sb_addn(&ln.quoted, "", 0);
    int r = read_line(&ln, raw);
    if (r < 0) {
        sb_free(&ln.chars);
        sb_free(&ln.quoted);
        return 128 + 2;
    }
    assign_fields(&ln, argv + i, argc - i);
    sb_free(&ln.chars);
    sb_free(&ln.quoted);
    return r ? 0 : 1;
}
