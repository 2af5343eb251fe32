/*
 * parse.h - what the lexer (lexer.c) and the parser (parser.c) share: tokens and the lexer's
 * state. Nothing outside those two files includes it.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include "sh.h"

enum token {
    T_EOF,
    T_NEWLINE,
    T_WORD,
    T_SEMI,
    T_AMP,
    T_AND_IF,
    T_OR_IF,
    T_PIPE,
    T_LPAREN,
    T_RPAREN,
    T_DSEMI,
    T_LESS,
    T_GREAT,
    T_DGREAT,
    T_DLESS,
    T_DLESSDASH,
    T_LESSAND,
    T_GREATAND,
    T_LESSGREAT,
    T_CLOBBER,
};

struct lexer {
    struct input *in;
    struct pool *pool;
    int tok; /* current token, valid when have_tok */
    int have_tok;
    char *text;                /* T_WORD: raw text (pool) */
    int io_number;             /* redirection operators: the fd before them, or -1 */
    int lineno;                /* line the current token started on */
    struct redir *pending[16]; /* here-documents whose bodies follow the next newline */
    int npending;
    int want_keywords; /* unused by the lexer; kept for the parser's convenience */
};

int lex_next(struct lexer *lx); /* reads the next token into lx */
const char *tok_name(int tok, const char *text);
void lex_read_heredocs(struct lexer *lx);
/* The parser entry used by the lexer for "$(": reads a list up to and including ')'. */
void parse_subst_body(struct lexer *outer);

#endif
