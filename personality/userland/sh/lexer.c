/*
 * lexer.c - splits shell input into tokens (XCU 2.3 "Token Recognition").
 *
 * A word keeps its raw text: quotes, backslashes and "$..." stay in it for expand.c, minus
 * line continuations. To find where a "$(" ends, the lexer lets the parser read the command
 * inside (parse_subst_body) while the input captures the characters it consumes, so a ')' in
 * a case pattern or a quoted string does not end it early. Here-document bodies are read when
 * the newline after their operator is lexed.
 */
#include "parse.h"

#include <string.h>

int is_name_start(int c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

int is_name(const char *s)
{
    if (!is_name_start((unsigned char)*s))
        return 0;
    while (*++s)
        if (!is_name_char((unsigned char)*s))
            return 0;
    return 1;
}

const char *tok_name(int tok, const char *text)
{
    static const char *const names[] = {
        [T_EOF] = "end of file", [T_NEWLINE] = "newline", [T_SEMI] = ";",        [T_AMP] = "&",
        [T_AND_IF] = "&&",       [T_OR_IF] = "||",        [T_PIPE] = "|",        [T_LPAREN] = "(",
        [T_RPAREN] = ")",        [T_DSEMI] = ";;",        [T_LESS] = "<",        [T_GREAT] = ">",
        [T_DGREAT] = ">>",       [T_DLESS] = "<<",        [T_DLESSDASH] = "<<-", [T_LESSAND] = "<&",
        [T_GREATAND] = ">&",     [T_LESSGREAT] = "<>",    [T_CLOBBER] = ">|",
    };
    if (tok == T_WORD)
        return text;
    return names[tok];
}

static struct input *current_input; /* for the line number of a message */

static void syntax_unterminated(const char *what)
{
    if (current_input)
        sh_lineno = in_lineno(current_input);
    sh_error("Syntax error: %s", what);
}

static void lex_dollar(struct lexer *lx, struct strbuf *sb);
static void lex_backquote(struct lexer *lx, struct strbuf *sb);

/* Reads a backslash (already read) and what it quotes; drops a line continuation. */
static void lex_backslash(struct lexer *lx, struct strbuf *sb)
{
    int c = in_getc(lx->in);

    if (c == '\n')
        return;
    sb_addc(sb, '\\');
    if (c != EOF)
        sb_addc(sb, c);
}

static void lex_squote(struct lexer *lx, struct strbuf *sb)
{
    int c;

    sb_addc(sb, '\'');
    while ((c = in_getc(lx->in)) != '\'') {
        if (c == EOF)
            syntax_unterminated("Unterminated quoted string");
        sb_addc(sb, c);
    }
    sb_addc(sb, '\'');
}

static void lex_dquote(struct lexer *lx, struct strbuf *sb)
{
    int c;

    sb_addc(sb, '"');
    while ((c = in_getc(lx->in)) != '"') {
        if (c == EOF)
            syntax_unterminated("Unterminated quoted string");
        if (c == '\\')
            lex_backslash(lx, sb);
        else if (c == '$')
            lex_dollar(lx, sb);
        else if (c == '`')
            lex_backquote(lx, sb);
        else
            sb_addc(sb, c);
    }
    sb_addc(sb, '"');
}

static void lex_backquote(struct lexer *lx, struct strbuf *sb)
{
    int c;

    sb_addc(sb, '`');
    while ((c = in_getc(lx->in)) != '`') {
        if (c == EOF)
            syntax_unterminated("EOF in backquote substitution");
        if (c == '\\') {
            c = in_getc(lx->in);
            if (c == '\n')
                continue;
            sb_addc(sb, '\\');
            if (c == EOF)
                break;
        }
        sb_addc(sb, c);
    }
    sb_addc(sb, '`');
}

/* "${": up to the matching '}', minding quotes and nested expansions. */
static void lex_brace(struct lexer *lx, struct strbuf *sb)
{
    int c;

    sb_addc(sb, '{');
    while ((c = in_getc(lx->in)) != '}') {
        switch (c) {
        case EOF:
            syntax_unterminated("Missing '}'");
            break;
        case '\\':
            lex_backslash(lx, sb);
            break;
        case '\'':
            lex_squote(lx, sb);
            break;
        case '"':
            lex_dquote(lx, sb);
            break;
        case '$':
            lex_dollar(lx, sb);
            break;
        case '`':
            lex_backquote(lx, sb);
            break;
        default:
            sb_addc(sb, c);
        }
    }
    sb_addc(sb, '}');
}

/* "$((": up to the matching "))". */
static void lex_arith(struct lexer *lx, struct strbuf *sb)
{
    int depth = 0, c;

    sb_addn(sb, "((", 2);
    for (;;) {
        c = in_getc(lx->in);
        if (c == EOF)
            syntax_unterminated("Missing '))'");
        if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (depth == 0) {
                c = in_getc(lx->in);
                if (c != ')')
                    syntax_unterminated("Missing '))'");
                sb_addn(sb, "))", 2);
                return;
            }
            depth--;
        } else if (c == '\\') {
            lex_backslash(lx, sb);
            continue;
        } else if (c == '$') {
            lex_dollar(lx, sb);
            continue;
        } else if (c == '"') {
            lex_dquote(lx, sb);
            continue;
        } else if (c == '\'') {
            lex_squote(lx, sb);
            continue;
        }
        sb_addc(sb, c);
    }
}

/* After '$': a parameter, "${...}", "$(...)" or "$((...))". */
static void lex_dollar(struct lexer *lx, struct strbuf *sb)
{
    int c = in_getc(lx->in);

    sb_addc(sb, '$');
    if (c == '{') {
        lex_brace(lx, sb);
    } else if (c == '(') {
        int c2 = in_getc(lx->in);
        if (c2 == '(') {
            lex_arith(lx, sb);
            return;
        }
        in_ungetc(lx->in, c2);
        /* The parser reads the command; the capture copies its text into sb. */
        sb_addc(sb, '(');
        in_capture_push(lx->in, sb);
        parse_subst_body(lx);
        in_capture_pop(lx->in);
    } else {
        in_ungetc(lx->in, c);
    }
}

static int lex_operator(struct lexer *lx, int c);

static int is_meta(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
           c == '>' || c == '(' || c == ')' || c == EOF;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static void lex_word_chars(struct lexer *lx, int c, struct strbuf *sb, int *last)
{
    for (;; c = in_getc(lx->in)) {
        if (is_meta(c))
            break;
        switch (c) {
        case '\\':
            lex_backslash(lx, sb);
            break;
        case '\'':
            lex_squote(lx, sb);
            break;
        case '"':
            lex_dquote(lx, sb);
            break;
        case '$':
            lex_dollar(lx, sb);
            break;
        case '`':
            lex_backquote(lx, sb);
            break;
        default:
            sb_addc(sb, c);
        }
    }
    *last = c;
}

static int lex_word(struct lexer *lx, int c)
{
    struct strbuf sb = {0};
    struct sh_jmp jmp, *prev = sh_handler;
    int depth = in_capture_depth(lx->in);

    /* A syntax error inside the word: free it and drop the captures it started. */
    jmp.prev = prev;
    if (setjmp(jmp.buf)) {
        sh_handler = prev;
        in_capture_reset(lx->in, depth);
        sb_free(&sb);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    current_input = lx->in;
    lex_word_chars(lx, c, &sb, &c);
    sh_handler = prev;
    in_ungetc(lx->in, c);
    if (!sb.s) {
        /* Only line continuations: nothing at all. */
        return -1;
    }
    lx->text = pool_strdup(lx->pool, sb.s);
    sb_free(&sb);
    if ((c == '<' || c == '>') && all_digits(lx->text) && strlen(lx->text) < 6) {
        int fd = 0;
        for (const char *p = lx->text; *p; p++)
            fd = fd * 10 + (*p - '0');
        lx->io_number = fd;
        lx->text = NULL;
        lx->tok = lex_operator(lx, in_getc(lx->in));
        return lx->tok;
    }
    lx->tok = T_WORD;
    return T_WORD;
}

static int lex_operator(struct lexer *lx, int c)
{
    int c2 = in_getc(lx->in);

    switch (c) {
    case ';':
        if (c2 == ';')
            return T_DSEMI;
        in_ungetc(lx->in, c2);
        return T_SEMI;
    case '&':
        if (c2 == '&')
            return T_AND_IF;
        in_ungetc(lx->in, c2);
        return T_AMP;
    case '|':
        if (c2 == '|')
            return T_OR_IF;
        in_ungetc(lx->in, c2);
        return T_PIPE;
    case '(':
        in_ungetc(lx->in, c2);
        return T_LPAREN;
    case ')':
        in_ungetc(lx->in, c2);
        return T_RPAREN;
    case '<':
        if (c2 == '<') {
            int c3 = in_getc(lx->in);
            if (c3 == '-')
                return T_DLESSDASH;
            in_ungetc(lx->in, c3);
            return T_DLESS;
        }
        if (c2 == '&')
            return T_LESSAND;
        if (c2 == '>')
            return T_LESSGREAT;
        in_ungetc(lx->in, c2);
        return T_LESS;
    default: /* '>' */
        if (c2 == '>')
            return T_DGREAT;
        if (c2 == '&')
            return T_GREATAND;
        if (c2 == '|')
            return T_CLOBBER;
        in_ungetc(lx->in, c2);
        return T_GREAT;
    }
}

int lex_next(struct lexer *lx)
{
    int c;

    lx->io_number = -1;
again:
    do {
        c = in_getc(lx->in);
    } while (c == ' ' || c == '\t');
    if (c == '#') {
        while (c != '\n' && c != EOF)
            c = in_getc(lx->in);
    }
    if (c == '\\') {
        int c2 = in_getc(lx->in);
        if (c2 == '\n')
            goto again;
        in_ungetc(lx->in, c2);
    }
    lx->lineno = in_lineno(lx->in);
    lx->text = NULL;
    if (c == EOF) {
        lx->tok = T_EOF;
    } else if (c == '\n') {
        lx->tok = T_NEWLINE;
        lx->lineno--;
        lex_read_heredocs(lx);
    } else if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')') {
        lx->tok = lex_operator(lx, c);
    } else if (lex_word(lx, c) < 0) {
        goto again;
    }
    lx->have_tok = 1;
    return lx->tok;
}

/* ---- here-documents --------------------------------------------------------------------- */

/* The delimiter with quotes removed; *quoted tells whether there were any. */
static char *heredoc_delimiter(const char *raw, int *quoted)
{
    struct strbuf sb = {0};

    *quoted = 0;
    for (const char *p = raw; *p; p++) {
        if (*p == '\\' && p[1]) {
            *quoted = 1;
            sb_addc(&sb, *++p);
        } else if (*p == '\'' || *p == '"') {
            *quoted = 1;
        } else {
            sb_addc(&sb, *p);
        }
    }
    return sb_tmp(&sb);
}

static void read_heredoc(struct lexer *lx, struct redir *r)
{
    int quoted;
    char *delim = heredoc_delimiter(r->word, &quoted);
    struct strbuf body = {0}, line = {0};

    r->expand = !quoted;
    for (;;) {
        int c;
        line.len = 0;
        if (line.s)
            line.s[0] = '\0';
        c = in_getc(lx->in);
        if (r->strip_tabs)
            while (c == '\t')
                c = in_getc(lx->in);
        while (c != '\n' && c != EOF) {
            sb_addc(&line, c);
            c = in_getc(lx->in);
        }
        if (strcmp(line.s ? line.s : "", delim) == 0)
            break;
        if (line.s)
            sb_adds(&body, line.s);
        if (c == EOF)
            break;
        sb_addc(&body, '\n');
    }
    r->heredoc = pool_strdup(lx->pool, body.s ? body.s : "");
    sb_free(&body);
    sb_free(&line);
}

void lex_read_heredocs(struct lexer *lx)
{
    int n = lx->npending;

    lx->npending = 0;
    for (int i = 0; i < n; i++)
        read_heredoc(lx, lx->pending[i]);
}
