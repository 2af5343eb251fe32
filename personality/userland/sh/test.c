/*
 * test.c - the test and [ builtins (XCU "test"): file tests, string and integer comparisons,
 * !, -a, -o and parentheses.
 *
 * POSIX fixes the meaning for up to four arguments by count; beyond that we parse the usual
 * grammar (or: and ('-o' and)*, and: not ('-a' not)*, not: '!' not | primary) by recursive
 * descent, which agrees with the counted rules on every ordinary use.
 */
#include "sh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct test {
    char **args;
    int pos, count;
};

static const char *test_name = "test"; /* "test" or "[", for messages */

static void __attribute__((noreturn)) test_fail(const char *msg, const char *arg)
{
    if (arg && strcmp(msg, "Illegal number") == 0)
        sh_error("%s: %s: %s", test_name, msg, arg);
    if (arg)
        sh_error("%s: %s: %s", test_name, arg, msg);
    sh_error("%s: %s", test_name, msg);
}

static long long to_number(const char *s)
{
    char *end;
    const char *p = s;

    while (*p == ' ' || *p == '\t')
        p++;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (!*p || *end || errno)
        test_fail("Illegal number", s);
    return v;
}

static int file_test(int op, const char *path)
{
    struct stat st;

    if (op == 'h' || op == 'L')
        return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
    if (op == 't')
        return isatty((int)to_number(path));
    if (stat(path, &st) != 0)
        return 0;
    switch (op) {
    case 'e':
        return 1;
    case 'f':
        return S_ISREG(st.st_mode);
    case 'd':
        return S_ISDIR(st.st_mode);
    case 'b':
        return S_ISBLK(st.st_mode);
    case 'c':
        return S_ISCHR(st.st_mode);
    case 'p':
        return S_ISFIFO(st.st_mode);
    case 'S':
        return S_ISSOCK(st.st_mode);
    case 's':
        return st.st_size > 0;
    case 'r':
        return access(path, R_OK) == 0;
    case 'w':
        return access(path, W_OK) == 0;
    case 'x':
        return access(path, X_OK) == 0;
    case 'u':
        return (st.st_mode & S_ISUID) != 0;
    case 'g':
        return (st.st_mode & S_ISGID) != 0;
    case 'k':
        return (st.st_mode & S_ISVTX) != 0;
    }
    return 0;
}

static int is_unary(const char *s)
{
    return s[0] == '-' && s[1] && !s[2] && strchr("efdbcpSsrwxuhgkLtzn", s[1]);
}

static int is_binary(const char *s)
{
    static const char *const ops[] = {"=",   "!=",  "<",   ">",   "-eq", "-ne", "-lt",
                                      "-le", "-gt", "-ge", "-nt", "-ot", "-ef", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(s, ops[i]) == 0)
            return 1;
    return 0;
}

static int binary(const char *l, const char *op, const char *r)
{
    if (strcmp(op, "=") == 0)
        return strcmp(l, r) == 0;
    if (strcmp(op, "!=") == 0)
        return strcmp(l, r) != 0;
    if (strcmp(op, "<") == 0)
        return strcmp(l, r) < 0;
    if (strcmp(op, ">") == 0)
        return strcmp(l, r) > 0;
    if (op[1] == 'n' && op[2] == 't') {
        struct stat a, b;
        return stat(l, &a) == 0 && (stat(r, &b) != 0 || a.st_mtime > b.st_mtime);
    }
    if (op[1] == 'o' && op[2] == 't') {
        struct stat a, b;
        return stat(r, &b) == 0 && (stat(l, &a) != 0 || a.st_mtime < b.st_mtime);
    }
    if (op[1] == 'e' && op[2] == 'f') {
        struct stat a, b;
        return stat(l, &a) == 0 && stat(r, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    }
    long long x = to_number(l), y = to_number(r);
    if (strcmp(op, "-eq") == 0)
        return x == y;
    if (strcmp(op, "-ne") == 0)
        return x != y;
    if (strcmp(op, "-lt") == 0)
        return x < y;
    if (strcmp(op, "-le") == 0)
        return x <= y;
    if (strcmp(op, "-gt") == 0)
        return x > y;
    return x >= y;
}

static const char *next(struct test *t)
{
    return t->pos < t->count ? t->args[t->pos++] : NULL;
}

static const char *peek(struct test *t, int ahead)
{
    return t->pos + ahead < t->count ? t->args[t->pos + ahead] : NULL;
}

static int expr_or(struct test *t);

static int primary(struct test *t)
{
    const char *a = next(t);

    if (!a)
        test_fail("argument expected", NULL);
    if (strcmp(a, "(") == 0 && peek(t, 0)) {
        /* "( x )" where x is a plain string is the string test, grouped. */
        int v = expr_or(t);
        const char *close = next(t);
        if (!close || strcmp(close, ")") != 0)
            test_fail("closing paren expected", NULL);
        return v;
    }
    const char *op = peek(t, 0);
    if (op && is_binary(op) && peek(t, 1)) {
        t->pos += 2;
        return binary(a, op, t->args[t->pos - 1]);
    }
    if (is_unary(a) && op) {
        t->pos++;
        if (a[1] == 'z')
            return op[0] == '\0';
        if (a[1] == 'n')
            return op[0] != '\0';
        return file_test(a[1], op);
    }
    return a[0] != '\0';
}

static int expr_not(struct test *t)
{
    const char *a = peek(t, 0);

    if (a && strcmp(a, "!") == 0 && peek(t, 1)) {
        t->pos++;
        return !expr_not(t);
    }
    return primary(t);
}

static int expr_and(struct test *t)
{
    int v = expr_not(t);

    while (peek(t, 0) && strcmp(peek(t, 0), "-a") == 0 && peek(t, 1)) {
        t->pos++;
        int r = expr_not(t);
        v = v && r;
    }
    return v;
}

static int expr_or(struct test *t)
{
    int v = expr_and(t);

    while (peek(t, 0) && strcmp(peek(t, 0), "-o") == 0 && peek(t, 1)) {
        t->pos++;
        int r = expr_and(t);
        v = v || r;
    }
    return v;
}

/* POSIX's rules for exactly three arguments, which put binary operators first. */
static int three_args(char **a)
{
    if (is_binary(a[1]))
        return binary(a[0], a[1], a[2]);
    if (strcmp(a[0], "!") == 0) {
        struct test t = {a + 1, 0, 2};
        return !expr_or(&t);
    }
    if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0)
        return a[1][0] != '\0';
    struct test t = {a, 0, 3};
    int v = expr_or(&t);
    if (t.pos != 3)
        test_fail("unexpected operator", NULL);
    return v;
}

int bi_test(int argc, char **argv)
{
    int count = argc - 1;

    test_name = argv[0];
    if (strcmp(argv[0], "[") == 0) {
        if (strcmp(argv[argc - 1], "]") != 0)
            sh_error("[: missing ]");
        count--;
    }
    char **args = argv + 1;
    if (count == 0)
        return 1;
    if (count == 1)
        return args[0][0] == '\0';
    if (count == 2) {
        if (strcmp(args[0], "!") == 0)
            return args[1][0] != '\0';
        if (is_unary(args[0])) {
            struct test t = {args, 0, 2};
            return !primary(&t);
        }
        test_fail("unexpected operator", args[0]);
    }
    if (count == 3)
        return !three_args(args);
    if (count == 4 && strcmp(args[0], "!") == 0 && !is_binary(args[1]) && is_binary(args[2]))
        return three_args(args + 1);
    struct test t = {args, 0, count};
    int v = expr_or(&t);
    if (t.pos != count)
        test_fail("unexpected operator", t.args[t.pos]);
    return !v;
}
