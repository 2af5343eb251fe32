/*
 * arith.c - arithmetic expansion $(( )) (XCU 2.6.4): signed long long, C's operators and
 * precedence, variables by name, assignments.
 *
 * A recursive-descent evaluator with one function per precedence level. The unevaluated side
 * of &&, || and ?: is still parsed, with `skip` set so that its assignments and divisions do
 * nothing.
 */
#include "sh.h"

#include <stdlib.h>
#include <string.h>

struct arith {
    const char *expr; /* the whole expression, for messages */
    const char *p;
    int skip; /* inside an unevaluated operand */
};

static void __attribute__((noreturn)) arith_fail(struct arith *a, const char *what)
{
    sh_error("arithmetic expression: %s: \"%s\"", what, a->expr);
}

static void spaces(struct arith *a)
{
    while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
        a->p++;
}

/* Does the input continue with operator op (and not a longer one)? Consumes it if so. */
static int accept(struct arith *a, const char *op)
{
    size_t n = strlen(op);

    spaces(a);
    if (strncmp(a->p, op, n) != 0)
        return 0;
    /* Keep "<" from eating "<<" or "<=", "&" from "&&", "=" from "==", and so on. */
    char next = a->p[n];
    if (n == 1 && strchr("<>&|=!", op[0]) && (next == op[0] || next == '=')) {
        if (!(op[0] == '!' && next == '!'))
            return 0;
    }
    if (n == 2 && (strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0) && next == '=')
        return 0;
    if (n == 1 && strchr("*/%+-^", op[0]) && next == '=')
        return 0;
    a->p += n;
    return 1;
}

static long long parse_number(struct arith *a, const char *s, const char **end)
{
    int base = 10;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    char *e;
    long long v = (long long)strtoull(s, &e, base);
    if (base == 16 && e == s) {
        /* "0x" with no digits: the number is 0 and the x is left over. */
        *end = s - 1;
        return 0;
    }
    if (is_name_char((unsigned char)*e))
        arith_fail(a, "bad number");
    *end = e;
    return v;
}

static long long var_number(struct arith *a, const char *name)
{
    const char *v = var_get(name);
    const char *end;

    if (!v || !*v) {
        if (!v && sh_opts[OPT_NOUNSET] && !a->skip)
            sh_error("%s: parameter not set", name);
        return 0;
    }
    while (*v == ' ' || *v == '\t')
        v++;
    int neg = 0;
    if (*v == '-' || *v == '+')
        neg = *v++ == '-';
    if (!((*v >= '0' && *v <= '9'))) {
        if (a->skip)
            return 0;
        sh_error("Illegal number: %s", var_get(name));
    }
    long long n = parse_number(a, v, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n')
        end++;
    if (*end && !a->skip)
        sh_error("Illegal number: %s", var_get(name));
    return neg ? -n : n;
}

static long long assign_expr(struct arith *a);

static long long primary(struct arith *a)
{
    spaces(a);
    if (*a->p == '(') {
        a->p++;
        long long v = assign_expr(a);
        spaces(a);
        if (*a->p != ')')
            arith_fail(a, "expecting ')'");
        a->p++;
        return v;
    }
    if (*a->p >= '0' && *a->p <= '9')
        return parse_number(a, a->p, &a->p);
    if (is_name_start((unsigned char)*a->p)) {
        const char *start = a->p;
        while (is_name_char((unsigned char)*a->p))
            a->p++;
        return var_number(a, tmp_strndup(start, (size_t)(a->p - start)));
    }
    arith_fail(a, "expecting primary");
}

static long long unary(struct arith *a)
{
    if (accept(a, "+"))
        return unary(a);
    if (accept(a, "-"))
        return -(unsigned long long)unary(a);
    if (accept(a, "!"))
        return !unary(a);
    if (accept(a, "~"))
        return ~unary(a);
    return primary(a);
}

static long long divide(struct arith *a, long long l, long long r, int mod)
{
    if (a->skip)
        return 0;
    if (r == 0)
        arith_fail(a, "division by zero");
    if (l == (-9223372036854775807LL - 1) && r == -1)
        return mod ? 0 : l;
    return mod ? l % r : l / r;
}

static long long mul(struct arith *a)
{
    long long v = unary(a);

    for (;;) {
        if (accept(a, "*"))
            v = (long long)((unsigned long long)v * (unsigned long long)unary(a));
        else if (accept(a, "/"))
            v = divide(a, v, unary(a), 0);
        else if (accept(a, "%"))
            v = divide(a, v, unary(a), 1);
        else
            return v;
    }
}

static long long add(struct arith *a)
{
    long long v = mul(a);

    for (;;) {
        if (accept(a, "+"))
            v = (long long)((unsigned long long)v + (unsigned long long)mul(a));
        else if (accept(a, "-"))
            v = (long long)((unsigned long long)v - (unsigned long long)mul(a));
        else
            return v;
    }
}

static long long shift(struct arith *a)
{
    long long v = add(a);

    for (;;) {
        if (accept(a, "<<"))
            v = (long long)((unsigned long long)v << (add(a) & 63));
        else if (accept(a, ">>"))
            v >>= add(a) & 63;
        else
            return v;
    }
}

static long long relational(struct arith *a)
{
    long long v = shift(a);

    for (;;) {
        if (accept(a, "<="))
            v = v <= shift(a);
        else if (accept(a, ">="))
            v = v >= shift(a);
        else if (accept(a, "<"))
            v = v < shift(a);
        else if (accept(a, ">"))
            v = v > shift(a);
        else
            return v;
    }
}

static long long equality(struct arith *a)
{
    long long v = relational(a);

    for (;;) {
        if (accept(a, "=="))
            v = v == relational(a);
        else if (accept(a, "!="))
            v = v != relational(a);
        else
            return v;
    }
}

static long long bit_and(struct arith *a)
{
    long long v = equality(a);

    while (accept(a, "&"))
        v &= equality(a);
    return v;
}

static long long bit_xor(struct arith *a)
{
    long long v = bit_and(a);

    while (accept(a, "^"))
        v ^= bit_and(a);
    return v;
}

static long long bit_or(struct arith *a)
{
    long long v = bit_xor(a);

    while (accept(a, "|"))
        v |= bit_xor(a);
    return v;
}

static long long logical_and(struct arith *a)
{
    long long v = bit_or(a);

    while (accept(a, "&&")) {
        if (!v)
            a->skip++;
        long long r = bit_or(a);
        if (!v)
            a->skip--;
        v = v && r;
    }
    return v;
}

static long long logical_or(struct arith *a)
{
    long long v = logical_and(a);

    while (accept(a, "||")) {
        if (v)
            a->skip++;
        long long r = logical_and(a);
        if (v)
            a->skip--;
        v = v || r;
    }
    return v;
}

static long long conditional(struct arith *a)
{
    long long c = logical_or(a);

    if (!accept(a, "?"))
        return c;
    if (!c)
        a->skip++;
    long long t = assign_expr(a);
    if (!c)
        a->skip--;
    if (!accept(a, ":"))
        arith_fail(a, "expecting ':'");
    if (c)
        a->skip++;
    long long f = conditional(a);
    if (c)
        a->skip--;
    return c ? t : f;
}

static const char *const assign_ops[] = {
    "=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|=", NULL};

static long long apply_op(struct arith *a, const char *op, long long l, long long r)
{
    switch (op[0]) {
    case '=':
        return r;
    case '*':
        return (long long)((unsigned long long)l * (unsigned long long)r);
    case '/':
        return divide(a, l, r, 0);
    case '%':
        return divide(a, l, r, 1);
    case '+':
        return (long long)((unsigned long long)l + (unsigned long long)r);
    case '-':
        return (long long)((unsigned long long)l - (unsigned long long)r);
    case '<':
        return (long long)((unsigned long long)l << (r & 63));
    case '>':
        return l >> (r & 63);
    case '&':
        return l & r;
    case '^':
        return l ^ r;
    default:
        return l | r;
    }
}

static long long assign_expr(struct arith *a)
{
    spaces(a);
    const char *save = a->p;

    if (is_name_start((unsigned char)*a->p)) {
        while (is_name_char((unsigned char)*a->p))
            a->p++;
        char *name = tmp_strndup(save, (size_t)(a->p - save));
        spaces(a);
        for (int i = 0; assign_ops[i]; i++) {
            size_t n = strlen(assign_ops[i]);
            if (strncmp(a->p, assign_ops[i], n) != 0 || (n == 1 && a->p[1] == '='))
                continue;
            a->p += n;
            long long r = assign_expr(a);
            if (a->skip)
                return 0;
            long long v = apply_op(a, assign_ops[i], n == 1 ? 0 : var_number(a, name), r);
            if (var_set(name, tmp_printf("%lld", v), 0) < 0)
                sh_raise(EX_ERROR);
            return v;
        }
        a->p = save;
    }
    return conditional(a);
}

long long arith_eval(const char *expr)
{
    struct arith a = {expr, expr, 0};

    long long v = assign_expr(&a);
    spaces(&a);
    if (*a.p)
        arith_fail(&a, "expecting EOF");
    return v;
}
