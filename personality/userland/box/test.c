/* test.c - test and [: evaluate a POSIX conditional expression; status 0 true, 1 false, 2 on a
 * bad expression.
 *
 * With up to four arguments the POSIX rules by argument count apply (so `test -n` and
 * `test ! = x` mean what POSIX says); longer expressions are parsed by precedence:
 *   or := and {-o and}   and := not {-a not}   not := ! not | primary
 *   primary := ( or ) | UNARY arg | arg BINARY arg | arg */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEST_ERROR 2

struct test {
    char **args;
    int n, pos;
};

static noreturn void test_fail(const char *fmt, const char *arg)
{
    box_warn(fmt, arg);
    exit(TEST_ERROR);
}

static long long test_integer(const char *s)
{
    const char *p = s;
    while (isblank((unsigned char)*p))
        p++;
    const char *digits = p + (*p == '-' || *p == '+');
    if (!isdigit((unsigned char)*digits))
        test_fail("invalid integer '%s'", s);
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    while (isblank((unsigned char)*end))
        end++;
    if (*end || errno == ERANGE)
        test_fail("invalid integer '%s'", s);
    return v;
}

static bool is_unary(const char *op)
{
    return op[0] == '-' && op[1] && !op[2] && strchr("bcdefghknprsStuwxzLOG", op[1]);
}

static bool is_binary(const char *op)
{
    static const char *const ops[] = {"=",   "==",  "!=",  "-eq", "-ne", "-lt", "-le",
                                      "-gt", "-ge", "-nt", "-ot", "-ef", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(op, ops[i]) == 0)
            return true;
    return false;
}

static bool unary(char op, const char *arg)
{
    struct stat st;
    if (op == 'n')
        return arg[0] != '\0';
    if (op == 'z')
        return arg[0] == '\0';
    if (op == 't')
        return isatty((int)test_integer(arg));
    if (op == 'h' || op == 'L')
        return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
    if (op == 'r' || op == 'w' || op == 'x')
        return access(arg, op == 'r' ? R_OK : op == 'w' ? W_OK : X_OK) == 0;
    if (stat(arg, &st) != 0)
        return false;
    switch (op) {
    case 'b':
        return S_ISBLK(st.st_mode);
    case 'c':
        return S_ISCHR(st.st_mode);
    case 'd':
        return S_ISDIR(st.st_mode);
    case 'e':
        return true;
    case 'f':
        return S_ISREG(st.st_mode);
    case 'g':
        return st.st_mode & S_ISGID;
    case 'k':
        return st.st_mode & S_ISVTX;
    case 'p':
        return S_ISFIFO(st.st_mode);
    case 's':
        return st.st_size > 0;
    case 'S':
        return S_ISSOCK(st.st_mode);
    case 'u':
        return st.st_mode & S_ISUID;
    case 'O':
        return st.st_uid == geteuid();
    case 'G':
        return st.st_gid == getegid();
    }
    return false;
}

static int compare_mtimes(const char *a, const char *b)
{
    struct stat sa, sb;
    bool ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
    if (!ha || !hb)
        return ha - hb;
    if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec)
        return sa.st_mtim.tv_sec < sb.st_mtim.tv_sec ? -1 : 1;
    return (sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec) - (sa.st_mtim.tv_nsec < sb.st_mtim.tv_nsec);
}

static bool binary(const char *a, const char *op, const char *b)
{
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
        return strcmp(a, b) == 0;
    if (strcmp(op, "!=") == 0)
        return strcmp(a, b) != 0;
    if (strcmp(op, "-nt") == 0)
        return compare_mtimes(a, b) > 0;
    if (strcmp(op, "-ot") == 0)
        return compare_mtimes(a, b) < 0;
    if (strcmp(op, "-ef") == 0) {
        struct stat sa, sb;
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
               sa.st_ino == sb.st_ino;
    }
    long long x = test_integer(a), y = test_integer(b);
    switch (op[1] * 256 + op[2]) {
    case 'e' * 256 + 'q':
        return x == y;
    case 'n' * 256 + 'e':
        return x != y;
    case 'l' * 256 + 't':
        return x < y;
    case 'l' * 256 + 'e':
        return x <= y;
    case 'g' * 256 + 't':
        return x > y;
    default:
        return x >= y;
    }
}

/* ---- the general parser -------------------------------------------------------------------- */

static const char *peek(const struct test *t, int ahead)
{
    return t->pos + ahead < t->n ? t->args[t->pos + ahead] : NULL;
}

static const char *take(struct test *t)
{
    if (t->pos >= t->n)
        test_fail("missing argument after '%s'", t->n ? t->args[t->n - 1] : "");
    return t->args[t->pos++];
}

static bool parse_or(struct test *t);

static bool parse_primary(struct test *t)
{
    const char *a = take(t);
    if (strcmp(a, "(") == 0) {
        bool v = parse_or(t);
        const char *close = peek(t, 0);
        if (!close || strcmp(close, ")") != 0)
            test_fail("')' expected%s", "");
        t->pos++;
        return v;
    }
    const char *op = peek(t, 0);
    if (op && is_binary(op)) {
        t->pos++;
        return binary(a, op, take(t));
    }
    if (is_unary(a)) {
        if (!peek(t, 0))
            test_fail("missing argument after '%s'", a);
        return unary(a[1], take(t));
    }
    return a[0] != '\0';
}

static bool parse_not(struct test *t)
{
    const char *a = peek(t, 0);
    if (a && strcmp(a, "!") == 0 && peek(t, 1)) {
        t->pos++;
        return !parse_not(t);
    }
    return parse_primary(t);
}

static bool parse_and(struct test *t)
{
    bool v = parse_not(t);
    while (peek(t, 0) && strcmp(peek(t, 0), "-a") == 0) {
        t->pos++;
        v = parse_not(t) && v;
    }
    return v;
}

static bool parse_or(struct test *t)
{
    bool v = parse_and(t);
    while (peek(t, 0) && strcmp(peek(t, 0), "-o") == 0) {
        t->pos++;
        v = parse_and(t) || v;
    }
    return v;
}

/* ---- POSIX rules by argument count --------------------------------------------------------- */

static bool eval(char **a, int n);

static bool eval_general(char **a, int n)
{
    struct test t = {a, n, 0};
    bool v = parse_or(&t);
    if (t.pos < n)
        test_fail("extra argument '%s'", a[t.pos]);
    return v;
}

static bool eval(char **a, int n)
{
    switch (n) {
    case 0:
        return false;
    case 1:
        return a[0][0] != '\0';
    case 2:
        if (strcmp(a[0], "!") == 0)
            return !eval(a + 1, 1);
        if (is_unary(a[0]))
            return unary(a[0][1], a[1]);
        if (a[0][0] == '-' && a[0][1] && !a[0][2])
            test_fail("'%s': unary operator expected", a[0]);
        break;
    case 3:
        if (is_binary(a[1]))
            return binary(a[0], a[1], a[2]);
        if (strcmp(a[1], "-a") == 0)
            return a[0][0] && a[2][0];
        if (strcmp(a[1], "-o") == 0)
            return a[0][0] || a[2][0];
        if (strcmp(a[0], "!") == 0)
            return !eval(a + 1, 2);
        if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0)
            return eval(a + 1, 1);
        break;
    case 4:
        if (strcmp(a[0], "!") == 0)
            return !eval(a + 1, 3);
        if (strcmp(a[0], "(") == 0 && strcmp(a[3], ")") == 0)
            return eval(a + 1, 2);
        break;
    }
    return eval_general(a, n);
}

int test_main(int argc, char **argv)
{
    return eval(argv + 1, argc - 1) ? 0 : 1;
}

int bracket_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
        box_warn("missing ']'");
        return TEST_ERROR;
    }
    return eval(argv + 1, argc - 2) ? 0 : 1;
}
