/*
 * expand.c - word expansion (XCU 2.6): tilde, parameters, command substitution, arithmetic,
 * field splitting, pathnames and quote removal.
 *
 * A raw word is walked once, left to right, into a buffer of characters where each character
 * carries a flag saying where it came from: literal unquoted text (globbed, never split),
 * quoted text (neither), or the result of an unquoted expansion (split on IFS and globbed).
 * Two zero-width flags mark a field break ("$@") and an empty quoted string (which still makes
 * a field). Splitting and pathname expansion then read the flags, so quote removal costs
 * nothing.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum char_flag {
    F_LIT = 'l',    /* unquoted literal */
    F_QUOTED = 'q', /* quoted: no splitting, no pattern meaning */
    F_EXP = 'e',    /* unquoted expansion result */
    F_BREAK = 'b',  /* zero-width: a field ends here ("$@") */
    F_EMPTY = 'm',  /* zero-width: a quoted empty string was here */
};

/* Internal to this file: unquoted literal text counts as expansion output. */
#define EXP_INWORD 0x100

struct exp {
    struct strbuf chars;
    struct strbuf flags;
    int fields;  /* splitting wanted: "$@" makes breaks instead of joining */
    int zero_at; /* count of "$@" expansions that produced nothing */
};

int last_cmdsubst_status;

static void put(struct exp *e, int c, int flag)
{
    sb_addc(&e->chars, c);
    sb_addc(&e->flags, flag);
}

static void put_str(struct exp *e, const char *s, int flag)
{
    for (; *s; s++)
        put(e, (unsigned char)*s, flag);
}

static void exp_free(struct exp *e)
{
    sb_free(&e->chars);
    sb_free(&e->flags);
}

/* ---- scanning: where does a construct end? ---------------------------------------------- */

static const char *skip_dollar(const char *p);

static const char *skip_squote(const char *p)
{
    p++;
    while (*p && *p != '\'')
        p++;
    return *p ? p + 1 : p;
}

static const char *skip_backquote(const char *p)
{
    p++;
    while (*p && *p != '`') {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    return *p ? p + 1 : p;
}

static const char *skip_dquote(const char *p)
{
    p++;
    while (*p && *p != '"') {
        if (*p == '\\' && p[1])
            p += 2;
        else if (*p == '$')
            p = skip_dollar(p);
        else if (*p == '`')
            p = skip_backquote(p);
        else
            p++;
    }
    return *p ? p + 1 : p;
}

/* p at "${": returns the position after the matching '}'. */
static const char *skip_brace(const char *p)
{
    p += 2;
    while (*p && *p != '}') {
        if (*p == '\\' && p[1])
            p += 2;
        else if (*p == '\'')
            p = skip_squote(p);
        else if (*p == '"')
            p = skip_dquote(p);
        else if (*p == '$')
            p = skip_dollar(p);
        else if (*p == '`')
            p = skip_backquote(p);
        else
            p++;
    }
    return *p ? p + 1 : p;
}

static const char *skip_arith(const char *p)
{
    int depth = 0;

    for (p += 3; *p; p++) {
        if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            if (depth == 0)
                return p[1] == ')' ? p + 2 : p + 1;
            depth--;
        }
    }
    return p;
}

static const char *skip_cmdsubst(const char *p)
{
    struct pool *pool = pool_new();
    size_t len = 0;
    struct sh_jmp jmp, *saved = sh_handler;

    jmp.prev = saved;
    if (setjmp(jmp.buf)) {
        sh_handler = saved;
        pool_put(pool);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    parse_cmdsubst(p + 2, &len, pool, sh_lineno);
    sh_handler = saved;
    pool_put(pool);
    return p + 2 + len;
}

static const char *skip_dollar(const char *p)
{
    if (p[1] == '{')
        return skip_brace(p);
    if (p[1] == '(' && p[2] == '(')
        return skip_arith(p);
    if (p[1] == '(')
        return skip_cmdsubst(p);
    return p + 1;
}

/* ---- command substitution --------------------------------------------------------------- */

char *command_output(struct node *cmd)
{
    int fds[2];
    struct strbuf out = {0};
    char buf[4096];
    pid_t pid;
    int status;
    ssize_t n;

    if (pipe(fds) < 0)
        sh_error("pipe: %s", strerror(errno));
    pid = job_fork(NULL, cmd, 0);
    if (pid == 0) {
        close(fds[0]);
        if (fds[1] != 1) {
            dup2(fds[1], 1);
            close(fds[1]);
        }
        sh_exit(eval_node(cmd, EV_EXIT));
    }
    close(fds[1]);
    for (;;) {
        n = read(fds[0], buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sb_addn(&out, buf, (size_t)n);
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status))
        last_cmdsubst_status = WEXITSTATUS(status);
    else
        last_cmdsubst_status = 128 + WTERMSIG(status);
    exit_status = last_cmdsubst_status;
    while (out.len && out.s[out.len - 1] == '\n')
        out.s[--out.len] = '\0';
    return sb_tmp(&out);
}

static void run_subst(struct exp *e, const char *text, int quoted)
{
    struct pool *pool = pool_new();
    size_t len;
    struct sh_jmp jmp, *saved = sh_handler;

    jmp.prev = saved;
    if (setjmp(jmp.buf)) {
        sh_handler = saved;
        pool_put(pool);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    struct node *n = parse_cmdsubst(text, &len, pool, sh_lineno);
    char *out = n ? command_output(n) : "";
    if (!n)
        last_cmdsubst_status = exit_status = 0;
    sh_handler = saved;
    pool_put(pool);
    put_str(e, out, quoted ? F_QUOTED : F_EXP);
}

/* text is the body of `...` (without the backquotes); quoted: inside "...". */
static void run_backquote(struct exp *e, const char *text, size_t len, int quoted)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\\' && i + 1 < len &&
            (text[i + 1] == '$' || text[i + 1] == '`' || text[i + 1] == '\\' ||
             (quoted && text[i + 1] == '"')))
            i++;
        sb_addc(&sb, text[i]);
    }
    sb_adds(&sb, "\n)");
    run_subst(e, sb_tmp(&sb), quoted);
}

/* ---- parameters ------------------------------------------------------------------------- */

static const char *special_param(int c)
{
    switch (c) {
    case '?':
        return tmp_printf("%d", exit_status);
    case '$':
        return tmp_printf("%d", (int)sh_rootpid);
    case '!':
        return last_bg_pid ? tmp_printf("%d", (int)last_bg_pid) : NULL;
    case '#':
        return tmp_printf("%d", sh_params.count);
    case '-':
        return opt_letters();
    case '0':
        return sh_arg0;
    }
    return NULL;
}

/* The value of a parameter other than @ and *, or NULL if unset. */
static const char *param_value(const char *name)
{
    if (name[0] >= '0' && name[0] <= '9' && name[1] != '\0') {
        int i = atoi(name);
        return i <= sh_params.count ? sh_params.values[i - 1] : NULL;
    }
    if (name[0] >= '1' && name[0] <= '9')
        return name[0] - '0' <= sh_params.count ? sh_params.values[name[0] - '1'] : NULL;
    if (!is_name_start((unsigned char)name[0]))
        return special_param(name[0]);
    return var_get(name);
}

static const char *ifs_value(void)
{
    const char *ifs = var_get("IFS");

    return ifs ? ifs : " \t\n";
}

/* $@ and $*: each parameter, separated as the context wants. */
static void put_params(struct exp *e, int star, int quoted)
{
    const char *ifs = ifs_value();
    char sep[2] = {ifs[0], '\0'};

    if (quoted && !star && sh_params.count == 0)
        e->zero_at++;
    for (int i = 0; i < sh_params.count; i++) {
        if (i > 0) {
            if (quoted && star)
                put_str(e, sep, F_QUOTED);
            else if (e->fields)
                put(e, 0, F_BREAK);
            else
                put_str(e, star ? sep : " ", quoted ? F_QUOTED : F_EXP);
        }
        put_str(e, sh_params.values[i], quoted ? F_QUOTED : F_EXP);
        if (quoted && e->fields && !sh_params.values[i][0])
            put(e, 0, F_EMPTY);
    }
}

static void expand_text(struct exp *e, const char *p, const char *end, int quoted, int flags);
static char *exp_result(struct exp *e, int pattern);

/* Expands a word inside ${...} (the part after the operator) to a plain string. */
static char *expand_sub(const char *p, const char *end, int quoted, int pattern)
{
    struct exp sub = {0};

    expand_text(&sub, p, end, quoted, pattern ? EXP_PATTERN : 0);
    char *r = exp_result(&sub, pattern);
    exp_free(&sub);
    return r;
}

char *trim_value(const char *value, const char *pattern, int op, int longest);

static void __attribute__((noreturn)) param_error(const char *name, const char *msg, int colon)
{
    if (msg && *msg)
        sh_error("%s: %s", name, msg);
    sh_error("%s: parameter %snot set", name, colon ? "null or " : "");
}

/* p at "${"; end is after the matching '}'. */
static void expand_brace(struct exp *e, const char *p, const char *end, int quoted)
{
    const char *q = p + 2, *word_end = end - 1;
    int length = 0, colon = 0, op = 0, longest = 0;
    char name[256];
    size_t n = 0;

    if (*q == '#' && q + 1 < word_end) {
        length = 1;
        q++;
    }
    if (is_name_start((unsigned char)*q)) {
        while (q < word_end && is_name_char((unsigned char)*q) && n < sizeof(name) - 1)
            name[n++] = *q++;
    } else if (*q >= '0' && *q <= '9') {
        while (q < word_end && *q >= '0' && *q <= '9' && n < sizeof(name) - 1)
            name[n++] = *q++;
    } else if (*q && strchr("@*#?-$!", *q)) {
        name[n++] = *q++;
    } else if (length) {
        /* "${#}" alone is $#. */
        length = 0;
        name[n++] = '#';
    }
    name[n] = '\0';
    if (n == 0)
        sh_error("${%.*s}: Bad substitution", (int)(word_end - p - 2), p + 2);
    if (q < word_end) {
        if (length)
            sh_error("${%.*s}: Bad substitution", (int)(word_end - p - 2), p + 2);
        if (*q == ':' && q + 1 < word_end && strchr("-=?+", q[1])) {
            colon = 1;
            q++;
        }
        op = *q++;
        if (!strchr("-=?+%#", op))
            sh_error("${%.*s}: Bad substitution", (int)(word_end - p - 2), p + 2);
        if ((op == '%' || op == '#') && q < word_end && *q == op) {
            longest = 1;
            q++;
        }
    }
    int is_all = name[0] == '@' || name[0] == '*';
    const char *value = is_all ? NULL : param_value(name);
    int set = is_all ? sh_params.count > 0 : value != NULL;
    int nonnull = is_all ? set : value && *value;
    if (is_all && name[0] == '*' && sh_params.count == 1 && !sh_params.values[0][0])
        nonnull = 0;
    int use_word = 0;

    switch (op) {
    case 0:
        break;
    case '-':
    case '=':
    case '?':
        use_word = colon ? !nonnull : !set;
        break;
    case '+':
        use_word = colon ? nonnull : set;
        break;
    }
    if (op == '-' && use_word) {
        expand_text(e, q, word_end, quoted, EXP_INWORD);
        return;
    }
    if (op == '+') {
        if (use_word)
            expand_text(e, q, word_end, quoted, EXP_INWORD);
        return;
    }
    if (op == '=' && use_word) {
        if (!is_name(name))
            sh_error("%s: bad variable name", name);
        char *w = expand_sub(q, word_end, 1, 0);
        if (var_set(name, w, 0) < 0)
            sh_raise(EX_ERROR);
        value = var_get(name);
        set = 1;
    }
    if (op == '?' && use_word)
        param_error(name, expand_sub(q, word_end, 1, 0), colon);
    if (!set && sh_opts[OPT_NOUNSET] && !is_all)
        param_error(name, NULL, 0);
    if (length) {
        /* ${#*} and ${#@}: the length of the parameters joined by spaces, as dash has it. */
        size_t len = 0;
        if (is_all) {
            for (int i = 0; i < sh_params.count; i++)
                len += strlen(sh_params.values[i]) + (i > 0);
        } else {
            len = strlen(value ? value : "");
        }
        put_str(e, tmp_printf("%zu", len), quoted ? F_QUOTED : F_EXP);
        return;
    }
    if (op == '%' || op == '#') {
        char *pat = expand_sub(q, word_end, 0, 1);
        if (is_all) {
            value = NULL;
        }
        value = trim_value(value ? value : "", pat, op, longest);
    }
    if (is_all && op != '%' && op != '#')
        put_params(e, name[0] == '*', quoted);
    else if (value)
        put_str(e, value, quoted ? F_QUOTED : F_EXP);
}

/* p at '$': expands one parameter or substitution; returns the position after it. */
static const char *expand_dollar(struct exp *e, const char *p, int quoted)
{
    const char *end;
    int flag = quoted ? F_QUOTED : F_EXP;

    if (p[1] == '{') {
        end = skip_brace(p);
        expand_brace(e, p, end, quoted);
        return end;
    }
    if (p[1] == '(' && p[2] == '(') {
        end = skip_arith(p);
        char *expr = expand_sub(p + 3, end - 2, 1, 0);
        put_str(e, tmp_printf("%lld", arith_eval(expr)), flag);
        return end;
    }
    if (p[1] == '(') {
        run_subst(e, p + 2, quoted);
        return skip_cmdsubst(p);
    }
    if (p[1] == '@' || p[1] == '*') {
        put_params(e, p[1] == '*', quoted);
        return p + 2;
    }
    if (is_name_start((unsigned char)p[1])) {
        const char *q = p + 1;
        while (is_name_char((unsigned char)*q))
            q++;
        char *name = tmp_strndup(p + 1, (size_t)(q - p - 1));
        const char *v = param_value(name);
        if (!v && sh_opts[OPT_NOUNSET])
            param_error(name, NULL, 0);
        if (v)
            put_str(e, v, flag);
        return q;
    }
    if (p[1] && strchr("0123456789?$!#-", p[1])) {
        char name[2] = {p[1], '\0'};
        const char *v = param_value(name);
        if (!v && sh_opts[OPT_NOUNSET] && p[1] != '!')
            param_error(name, NULL, 0);
        if (v)
            put_str(e, v, flag);
        return p + 2;
    }
    put(e, '$', quoted ? F_QUOTED : F_LIT);
    return p + 1;
}

/* ---- tilde ------------------------------------------------------------------------------ */

/* Looks a user's home directory up in /etc/passwd (getpwnam would drag NSS into a static
 * program). */
static char *home_of(const char *user)
{
    FILE *f = fopen("/etc/passwd", "r");
    char line[1024];
    size_t n = strlen(user);
    char *home = NULL;

    if (!f)
        return NULL;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, user, n) != 0 || line[n] != ':')
            continue;
        char *field = line;
        for (int i = 0; i < 5 && field; i++) {
            field = strchr(field, ':');
            if (field)
                field++;
        }
        if (field) {
            field[strcspn(field, ":\n")] = '\0';
            home = tmp_strdup(field);
        }
        break;
    }
    fclose(f);
    return home;
}

/* p at '~': expands it if the prefix is plain text; returns the position after it. */
static const char *expand_tilde(struct exp *e, const char *p, const char *end, int assign)
{
    const char *q = p + 1;

    while (q < end && *q != '/' && !(assign && *q == ':')) {
        if (*q == '\\' || *q == '\'' || *q == '"' || *q == '$' || *q == '`') {
            put(e, '~', F_LIT);
            return p + 1;
        }
        q++;
    }
    const char *home;
    if (q == p + 1)
        home = var_get("HOME");
    else
        home = home_of(tmp_strndup(p + 1, (size_t)(q - p - 1)));
    if (!home) {
        put(e, '~', F_LIT);
        return p + 1;
    }
    put_str(e, home, F_QUOTED);
    return q;
}

/* ---- the walk --------------------------------------------------------------------------- */

static const char *expand_backslash(struct exp *e, const char *p, int quoted, int flags)
{
    if (!p[1]) {
        put(e, '\\', quoted ? F_QUOTED : F_LIT);
        return p + 1;
    }
    if (quoted || (flags & EXP_HEREDOC)) {
        const char *special = (flags & EXP_HEREDOC) ? "$`\\\n" : "$`\"\\\n";
        /* In the word of a "${x-word}", \} is a quoted brace too. */
        if (!strchr(special, p[1]) && !((flags & EXP_INWORD) && p[1] == '}')) {
            put(e, '\\', F_QUOTED);
            return p + 1;
        }
    }
    if (p[1] != '\n')
        put(e, (unsigned char)p[1], F_QUOTED);
    return p + 2;
}

static void expand_text(struct exp *e, const char *p, const char *end, int quoted, int flags)
{
    const char *start = p;
    /* Unquoted text in the word of ${x-word} is split like the expansion it stands for. */
    int lit = (flags & EXP_INWORD) ? F_EXP : F_LIT;
    while (p < end) {
        const char *q;
        switch (*p) {
        case '\\':
            p = expand_backslash(e, p, quoted, flags);
            break;
        case '\'':
            if (quoted || (flags & EXP_HEREDOC)) {
                put(e, '\'', F_QUOTED);
                p++;
                break;
            }
            q = skip_squote(p);
            for (p++; p < q - 1; p++)
                put(e, (unsigned char)*p, F_QUOTED);
            put(e, 0, F_EMPTY);
            p = q;
            break;
        case '"':
            if (flags & EXP_HEREDOC) {
                put(e, '"', F_QUOTED);
                p++;
                break;
            }
            q = skip_dquote(p);
            {
                int zero = e->zero_at;
                expand_text(e, p + 1, q - 1, 1, flags & ~EXP_TILDE);
                if (e->zero_at == zero)
                    put(e, 0, F_EMPTY);
            }
            p = q;
            break;
        case '$':
            p = expand_dollar(e, p, quoted || (flags & EXP_HEREDOC));
            break;
        case '`':
            q = skip_backquote(p);
            run_backquote(e, p + 1, (size_t)(q - p - 2), quoted);
            p = q;
            break;
        case '~':
            if ((flags & EXP_TILDE) && !quoted &&
                (p == start || ((flags & EXP_ASSIGN) && p[-1] == ':'))) {
                p = expand_tilde(e, p, end, flags & EXP_ASSIGN);
                break;
            }
            /* fall through */
        default:
            put(e, (unsigned char)*p, (quoted || (flags & EXP_HEREDOC)) ? F_QUOTED : lit);
            p++;
        }
    }
}

/* The expanded text as one string; pattern: quoted characters come back backslashed. */
static char *exp_result(struct exp *e, int pattern)
{
    struct strbuf sb = {0};

    for (size_t i = 0; i < e->chars.len; i++) {
        int f = e->flags.s[i], c = e->chars.s[i];
        if (f == F_BREAK || f == F_EMPTY)
            continue;
        if (pattern && f == F_QUOTED && strchr("\\*?[]", c))
            sb_addc(&sb, '\\');
        sb_addc(&sb, c);
    }
    return sb_tmp(&sb);
}

/* ---- fields ----------------------------------------------------------------------------- */

struct fieldlist {
    char **items;
    int count, cap;
};

static void fields_add(struct fieldlist *fl, char *s)
{
    if (fl->count + 1 >= fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 16;
        char **items = tmp_alloc((size_t)fl->cap * sizeof(char *));
        if (fl->count)
            memcpy(items, fl->items, (size_t)fl->count * sizeof(char *));
        fl->items = items;
    }
    fl->items[fl->count++] = s;
    fl->items[fl->count] = NULL;
}

/* One field, chars[start..end) of e: globbed unless quoted or set -f. */
static void emit_field(struct exp *e, size_t start, size_t end, struct fieldlist *fl)
{
    struct strbuf plain = {0}, pat = {0};
    int magic = 0;

    sb_addn(&plain, "", 0);
    sb_addn(&pat, "", 0);
    for (size_t i = start; i < end; i++) {
        int f = e->flags.s[i], c = e->chars.s[i];
        if (f == F_BREAK || f == F_EMPTY)
            continue;
        sb_addc(&plain, c);
        if (f == F_QUOTED && strchr("\\*?[]", c))
            sb_addc(&pat, '\\');
        else if (f != F_QUOTED && strchr("*?[", c))
            magic = 1;
        sb_addc(&pat, c);
    }
    if (magic && !sh_opts[OPT_NOGLOB]) {
        char **list = NULL;
        int count = 0, cap = 0;
        if (glob_expand(pat.s, &list, &count, &cap) > 0) {
            for (int i = 0; i < count; i++)
                fields_add(fl, tmp_own(list[i]));
            free(list);
            sb_free(&plain);
            sb_free(&pat);
            return;
        }
        free(list);
    }
    sb_free(&pat);
    fields_add(fl, sb_tmp(&plain));
}

static int is_ifs_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

static void split_fields(struct exp *e, struct fieldlist *fl)
{
    const char *ifs = ifs_value();
    size_t start = 0;
    int started = 0, after_space_end = 0;

    for (size_t i = 0; i < e->chars.len; i++) {
        int f = e->flags.s[i], c = (unsigned char)e->chars.s[i];
        if (f == F_BREAK) {
            if (started)
                emit_field(e, start, i, fl);
            started = 0;
            after_space_end = 0;
            start = i + 1;
        } else if (f == F_EXP && c && strchr(ifs, c)) {
            if (is_ifs_space(c)) {
                if (started) {
                    emit_field(e, start, i, fl);
                    after_space_end = 1;
                }
            } else {
                if (started || !after_space_end)
                    emit_field(e, start, i, fl);
                after_space_end = 0;
            }
            started = 0;
            start = i + 1;
        } else {
            if (!started)
                start = i;
            started = 1;
            after_space_end = 0;
        }
    }
    if (started)
        emit_field(e, start, e->chars.len, fl);
}

char **expand_words(char **words, int *count)
{
    struct fieldlist fl = {0};

    fields_add(&fl, NULL);
    fl.count = 0;
    for (; words && *words; words++) {
        struct exp e = {.fields = 1};
        expand_text(&e, *words, *words + strlen(*words), 0, EXP_FIELDS | EXP_TILDE);
        split_fields(&e, &fl);
        exp_free(&e);
    }
    if (count)
        *count = fl.count;
    return fl.items;
}

char *expand_word(const char *word, int flags)
{
    struct exp e = {0};

    expand_text(&e, word, word + strlen(word), 0, flags);
    char *r = exp_result(&e, flags & EXP_PATTERN);
    exp_free(&e);
    return r;
}

char *expand_heredoc(const char *body)
{
    struct exp e = {0};

    expand_text(&e, body, body + strlen(body), 0, EXP_HEREDOC);
    char *r = exp_result(&e, 0);
    exp_free(&e);
    return r;
}
