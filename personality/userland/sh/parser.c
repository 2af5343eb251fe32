/*
 * parser.c - builds the command tree (XCU 2.9 "Shell Commands", 2.10 "Shell Grammar").
 *
 * A recursive-descent parser over lexer.c's tokens, one complete command at a time so that
 * a script runs line by line and a syntax error further down does not stop what came before.
 * Reserved words are recognized here, where the grammar says a command may start. Nodes live
 * in the caller's pool.
 */
#include "parse.h"

#include <string.h>

struct vec {
    char **items;
    int count, cap;
};

static void vec_add(struct lexer *lx, struct vec *v, char *s)
{
    if (v->count + 1 >= v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        char **items = pool_alloc(lx->pool, (size_t)cap * sizeof(char *));
        if (v->count)
            memcpy(items, v->items, (size_t)v->count * sizeof(char *));
        v->items = items;
        v->cap = cap;
    }
    v->items[v->count++] = s;
    v->items[v->count] = NULL;
}

static int peek(struct lexer *lx)
{
    if (!lx->have_tok)
        lex_next(lx);
    return lx->tok;
}

static void consume(struct lexer *lx)
{
    lx->have_tok = 0;
}

static int at_keyword(struct lexer *lx, const char *kw)
{
    return peek(lx) == T_WORD && strcmp(lx->text, kw) == 0;
}

static void __attribute__((noreturn)) unexpected(struct lexer *lx, const char *expecting)
{
    const char *what = tok_name(lx->tok, lx->text);
    const char *q = (lx->tok == T_EOF || lx->tok == T_NEWLINE) ? "" : "\"";

    sh_lineno = in_lineno(lx->in);
    if (lx->tok == T_NEWLINE)
        sh_lineno--;

    if (expecting)
        sh_error("Syntax error: %s%s%s unexpected (expecting \"%s\")", q, what, q, expecting);
    sh_error("Syntax error: %s%s%s unexpected", q, what, q);
}

static void expect_keyword(struct lexer *lx, const char *kw)
{
    if (!at_keyword(lx, kw))
        unexpected(lx, kw);
    consume(lx);
}

static void skip_newlines(struct lexer *lx)
{
    while (peek(lx) == T_NEWLINE)
        consume(lx);
}

static struct node *new_node(struct lexer *lx, int type)
{
    struct node *n = pool_alloc(lx->pool, sizeof(*n));

    n->type = type;
    n->lineno = lx->lineno;
    return n;
}

static struct node *binary(struct lexer *lx, int type, struct node *l, struct node *r)
{
    struct node *n = new_node(lx, type);

    n->left = l;
    n->right = r;
    return n;
}

static struct node *parse_and_or(struct lexer *lx);
static struct node *parse_command_node(struct lexer *lx);

static int ends_list(struct lexer *lx)
{
    static const char *const enders[] = {"then", "else", "elif", "fi", "do",
                                         "done", "esac", "}",    NULL};
    int t = peek(lx);

    if (t == T_EOF || t == T_RPAREN || t == T_DSEMI)
        return 1;
    if (t != T_WORD)
        return 0;
    for (int i = 0; enders[i]; i++)
        if (strcmp(lx->text, enders[i]) == 0)
            return 1;
    return 0;
}

/* A list inside a compound command: newlines separate like ';'. May return NULL (empty). */
static struct node *parse_compound_list(struct lexer *lx)
{
    struct node *list = NULL;

    skip_newlines(lx);
    while (!ends_list(lx)) {
        struct node *n = parse_and_or(lx);
        int t = peek(lx);
        if (t == T_AMP)
            n = binary(lx, N_BG, n, NULL);
        list = list ? binary(lx, N_SEQ, list, n) : n;
        if (t != T_SEMI && t != T_AMP && t != T_NEWLINE)
            break;
        consume(lx);
        skip_newlines(lx);
    }
    return list;
}

static struct node *parse_body(struct lexer *lx, const char *expecting)
{
    struct node *n = parse_compound_list(lx);

    /* dash names what it expected only when the list ended on the wrong word, not here. */
    (void)expecting;
    if (!n)
        unexpected(lx, lx->tok == T_EOF ? expecting : NULL);
    return n;
}

static struct node *parse_pipeline(struct lexer *lx)
{
    int negate = 0;
    struct node *n;

    while (at_keyword(lx, "!")) {
        consume(lx);
        negate = !negate;
    }
    n = parse_command_node(lx);
    while (peek(lx) == T_PIPE) {
        consume(lx);
        skip_newlines(lx);
        n = binary(lx, N_PIPE, n, parse_command_node(lx));
    }
    if (negate)
        n = binary(lx, N_NOT, n, NULL);
    return n;
}

static struct node *parse_and_or(struct lexer *lx)
{
    struct node *n = parse_pipeline(lx);

    for (;;) {
        int t = peek(lx);
        if (t != T_AND_IF && t != T_OR_IF)
            return n;
        consume(lx);
        skip_newlines(lx);
        n = binary(lx, t == T_AND_IF ? N_AND : N_OR, n, parse_pipeline(lx));
    }
}

static int is_redir_token(int t)
{
    return t >= T_LESS && t <= T_CLOBBER;
}

static struct redir *parse_redirect(struct lexer *lx)
{
    static const int types[] = {
        [T_LESS] = R_IN,         [T_GREAT] = R_OUT,         [T_DGREAT] = R_APPEND,
        [T_DLESS] = R_HEREDOC,   [T_DLESSDASH] = R_HEREDOC, [T_LESSAND] = R_DUPIN,
        [T_GREATAND] = R_DUPOUT, [T_LESSGREAT] = R_RDWR,    [T_CLOBBER] = R_CLOBBER,
    };
    struct redir *r = pool_alloc(lx->pool, sizeof(*r));
    int t = lx->tok;

    r->type = types[t];
    r->fd = lx->io_number;
    if (r->fd < 0)
        r->fd =
            (t == T_LESS || t == T_DLESS || t == T_DLESSDASH || t == T_LESSAND || t == T_LESSGREAT)
                ? 0
                : 1;
    r->strip_tabs = t == T_DLESSDASH;
    consume(lx);
    if (peek(lx) != T_WORD)
        unexpected(lx, NULL);
    r->word = lx->text;
    consume(lx);
    if (r->type == R_HEREDOC) {
        if (lx->npending >= (int)(sizeof(lx->pending) / sizeof(lx->pending[0])))
            sh_error("too many here-documents on one line");
        lx->pending[lx->npending++] = r;
    }
    return r;
}

/* Redirections after a compound command. */
static void parse_trailing_redirects(struct lexer *lx, struct node *n)
{
    struct redir **tail = &n->redirs;

    while (is_redir_token(peek(lx))) {
        *tail = parse_redirect(lx);
        tail = &(*tail)->next;
    }
}

static int is_assignment(const char *w)
{
    const char *eq = strchr(w, '=');

    if (!eq || eq == w)
        return 0;
    for (const char *p = w; p < eq; p++)
        if (!is_name_char((unsigned char)*p) || (p == w && !is_name_start((unsigned char)*p)))
            return 0;
    return 1;
}

static struct node *parse_function(struct lexer *lx, char *name)
{
    struct node *n = new_node(lx, N_FUNC);

    consume(lx); /* ( */
    if (peek(lx) != T_RPAREN)
        unexpected(lx, ")");
    consume(lx);
    if (!is_name(name)) {
        sh_lineno = in_lineno(lx->in);
        sh_error("Syntax error: Bad function name");
    }
    skip_newlines(lx);
    n->name = name;
    n->left = parse_command_node(lx);
    n->pool = lx->pool;
    return n;
}

static struct node *parse_simple(struct lexer *lx)
{
    struct node *n = new_node(lx, N_CMD);
    struct vec words = {0}, assigns = {0};
    struct redir **tail = &n->redirs;

    for (;;) {
        int t = peek(lx);
        if (is_redir_token(t)) {
            *tail = parse_redirect(lx);
            tail = &(*tail)->next;
        } else if (t == T_WORD) {
            if (words.count == 0 && is_assignment(lx->text)) {
                vec_add(lx, &assigns, lx->text);
                consume(lx);
                continue;
            }
            vec_add(lx, &words, lx->text);
            consume(lx);
            if (words.count == 1 && !assigns.count && !n->redirs && peek(lx) == T_LPAREN)
                return parse_function(lx, words.items[0]);
        } else {
            break;
        }
    }
    if (!words.count && !assigns.count && !n->redirs)
        unexpected(lx, NULL);
    n->words = words.items;
    n->assigns = assigns.items;
    return n;
}

static struct node *parse_if(struct lexer *lx)
{
    struct node *n = new_node(lx, N_IF);

    consume(lx);
    n->left = parse_body(lx, "then");
    expect_keyword(lx, "then");
    n->right = parse_body(lx, "fi");
    if (at_keyword(lx, "elif")) {
        n->third = parse_if(lx);
        return n;
    }
    if (at_keyword(lx, "else")) {
        consume(lx);
        n->third = parse_body(lx, "fi");
    }
    expect_keyword(lx, "fi");
    return n;
}

static struct node *parse_loop(struct lexer *lx, int type)
{
    struct node *n = new_node(lx, type);

    consume(lx);
    n->left = parse_body(lx, "do");
    expect_keyword(lx, "do");
    n->right = parse_body(lx, "done");
    expect_keyword(lx, "done");
    return n;
}

static struct node *parse_for(struct lexer *lx)
{
    struct node *n = new_node(lx, N_FOR);
    struct vec list = {0};

    consume(lx);
    if (peek(lx) != T_WORD || !is_name(lx->text)) {
        sh_lineno = in_lineno(lx->in);
        sh_error("Syntax error: Bad for loop variable");
    }
    n->name = lx->text;
    consume(lx);
    skip_newlines(lx);
    if (at_keyword(lx, "in")) {
        consume(lx);
        n->has_in = 1;
        while (peek(lx) == T_WORD) {
            vec_add(lx, &list, lx->text);
            consume(lx);
        }
        if (peek(lx) != T_SEMI && peek(lx) != T_NEWLINE)
            unexpected(lx, "do");
        consume(lx);
        skip_newlines(lx);
    } else if (peek(lx) == T_SEMI) {
        consume(lx);
        skip_newlines(lx);
    }
    n->words = list.items;
    expect_keyword(lx, "do");
    n->right = parse_body(lx, "done");
    expect_keyword(lx, "done");
    return n;
}

static struct case_item *parse_case_item(struct lexer *lx)
{
    struct case_item *item = pool_alloc(lx->pool, sizeof(*item));
    struct vec pats = {0};

    if (peek(lx) == T_LPAREN)
        consume(lx);
    for (;;) {
        if (peek(lx) != T_WORD)
            unexpected(lx, ")");
        vec_add(lx, &pats, lx->text);
        consume(lx);
        if (peek(lx) != T_PIPE)
            break;
        consume(lx);
    }
    if (peek(lx) != T_RPAREN)
        unexpected(lx, ")");
    consume(lx);
    item->patterns = pats.items;
    item->body = parse_compound_list(lx);
    if (peek(lx) == T_DSEMI) {
        consume(lx);
        skip_newlines(lx);
    } else if (!at_keyword(lx, "esac")) {
        unexpected(lx, "esac");
    }
    return item;
}

static struct node *parse_case(struct lexer *lx)
{
    struct node *n = new_node(lx, N_CASE);
    struct case_item **tail = &n->items;

    consume(lx);
    if (peek(lx) != T_WORD)
        unexpected(lx, NULL);
    n->name = lx->text;
    consume(lx);
    skip_newlines(lx);
    expect_keyword(lx, "in");
    skip_newlines(lx);
    while (!at_keyword(lx, "esac")) {
        if (peek(lx) == T_EOF)
            unexpected(lx, "esac");
        *tail = parse_case_item(lx);
        tail = &(*tail)->next;
    }
    consume(lx);
    return n;
}

static struct node *parse_group(struct lexer *lx, int subshell)
{
    struct node *n = new_node(lx, subshell ? N_SUBSHELL : N_GROUP);

    consume(lx);
    n->left = parse_body(lx, subshell ? ")" : "}");
    if (subshell) {
        if (peek(lx) != T_RPAREN)
            unexpected(lx, ")");
        consume(lx);
    } else {
        expect_keyword(lx, "}");
    }
    return n;
}

static struct node *parse_compound(struct lexer *lx)
{
    if (peek(lx) == T_LPAREN)
        return parse_group(lx, 1);
    if (peek(lx) != T_WORD)
        return NULL;
    if (strcmp(lx->text, "{") == 0)
        return parse_group(lx, 0);
    if (strcmp(lx->text, "if") == 0)
        return parse_if(lx);
    if (strcmp(lx->text, "while") == 0)
        return parse_loop(lx, N_WHILE);
    if (strcmp(lx->text, "until") == 0)
        return parse_loop(lx, N_UNTIL);
    if (strcmp(lx->text, "for") == 0)
        return parse_for(lx);
    if (strcmp(lx->text, "case") == 0)
        return parse_case(lx);
    return NULL;
}

static struct node *parse_command_node(struct lexer *lx)
{
    struct node *n = parse_compound(lx);

    if (n) {
        parse_trailing_redirects(lx, n);
        return n;
    }
    if (ends_list(lx) || at_keyword(lx, "in"))
        unexpected(lx, NULL);
    return parse_simple(lx);
}

/* ---- entry points ----------------------------------------------------------------------- */

int parse_command(struct input *in, struct pool *pool, struct node **out)
{
    struct lexer lx = {.in = in, .pool = pool, .io_number = -1};
    struct node *list = NULL;

    *out = NULL;
    in_set_prompt(in, 1);
    int t = peek(&lx);
    if (t == T_EOF)
        return PARSE_EOF;
    if (t == T_NEWLINE)
        return PARSE_EMPTY;
    for (;;) {
        struct node *n = parse_and_or(&lx);
        t = peek(&lx);
        if (t == T_AMP)
            n = binary(&lx, N_BG, n, NULL);
        list = list ? binary(&lx, N_SEQ, list, n) : n;
        if (t == T_SEMI || t == T_AMP) {
            consume(&lx);
            t = peek(&lx);
            if (t == T_NEWLINE || t == T_EOF)
                break;
            continue;
        }
        if (t == T_NEWLINE || t == T_EOF)
            break;
        unexpected(&lx, NULL);
    }
    *out = list;
    return PARSE_OK;
}

void parse_subst_body(struct lexer *outer)
{
    struct lexer lx = {.in = outer->in, .pool = outer->pool, .io_number = -1};

    parse_compound_list(&lx);
    if (peek(&lx) != T_RPAREN)
        unexpected(&lx, ")");
}

struct node *parse_cmdsubst(const char *s, size_t *len, struct pool *pool, int lineno)
{
    struct input *in = input_from_string(s, lineno);
    struct lexer lx = {.in = in, .pool = pool, .io_number = -1};
    struct node *n;
    struct sh_jmp jmp, *saved = sh_handler;

    jmp.prev = saved;
    if (setjmp(jmp.buf)) {
        sh_handler = saved;
        input_free(in);
        sh_raise(EX_ERROR);
    }
    sh_handler = &jmp;
    n = parse_compound_list(&lx);
    if (peek(&lx) != T_RPAREN)
        unexpected(&lx, ")");
    *len = in_offset(in);
    sh_handler = saved;
    input_free(in);
    return n;
}
