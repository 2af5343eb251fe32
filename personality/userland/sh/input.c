/*
 * input.c - where the lexer's characters come from: a string (-c, eval, command substitution,
 * traps), a file descriptor (scripts, stdin) or the line editor (interactive shells).
 *
 * Characters can be pushed back without limit, and a stack of captures records every character
 * consumed, which is how the lexer keeps the raw text of a "$(...)" that it had the parser
 * read. Standard input is read a byte at a time so that commands run by the shell find the
 * rest of it unread, as POSIX asks.
 */
#include "sh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IN_BUF_SIZE     4096
#define IN_MAX_CAPTURES 64

struct input {
    const char *str; /* string input, or NULL */
    size_t pos;
    int fd; /* fd input, or -1 */
    int interactive;
    char *buf; /* fd input: buffer */
    size_t buf_len, buf_pos;
    int eof;
    int *pushback;
    size_t npush, push_cap;
    int lineno;
    int prompt; /* which prompt the next line read shows */
    struct strbuf *captures[IN_MAX_CAPTURES];
    int ncaptures;
};

struct input *input_from_string(const char *s, int lineno)
{
    struct input *in = xmalloc(sizeof(*in));

    memset(in, 0, sizeof(*in));
    in->str = s;
    in->fd = -1;
    in->lineno = lineno;
    return in;
}

struct input *input_from_fd(int fd, int interactive)
{
    struct input *in = xmalloc(sizeof(*in));

    memset(in, 0, sizeof(*in));
    in->fd = fd;
    in->interactive = interactive;
    in->buf = xmalloc(IN_BUF_SIZE);
    in->lineno = 1;
    in->prompt = 1;
    return in;
}

void input_free(struct input *in)
{
    if (!in)
        return;
    free(in->buf);
    free(in->pushback);
    free(in);
}

void in_set_prompt(struct input *in, int which)
{
    in->prompt = which;
}

static const char *prompt_text(int which)
{
    const char *p;

    if (which == 2) {
        p = var_get("PS2");
        return p ? p : "> ";
    }
    p = var_get("PS1");
    if (p)
        return p;
    return geteuid() == 0 ? "# " : "$ ";
}

/* Interactive: one edited line, with its newline, into the buffer. */
static int fill_interactive(struct input *in)
{
    trap_run_pending();
    jobs_reap(1);
    char *line = le_readline(prompt_text(in->prompt));

    in->prompt = 2;
    if (!line)
        return 0;
    size_t n = strlen(line);
    if (n + 2 > IN_BUF_SIZE) {
        in->buf = xrealloc(in->buf, n + 2);
    }
    memcpy(in->buf, line, n);
    in->buf[n++] = '\n';
    free(line);
    in->buf_len = n;
    in->buf_pos = 0;
    return 1;
}

static int fill(struct input *in)
{
    if (in->eof)
        return 0;
    if (in->interactive)
        return fill_interactive(in);
    /* Standard input a byte at a time, so that the commands we run can read the rest. */
    size_t want = in->fd == 0 ? 1 : IN_BUF_SIZE;
    ssize_t n;
    do {
        n = read(in->fd, in->buf, want);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        in->eof = 1;
        return 0;
    }
    in->buf_len = (size_t)n;
    in->buf_pos = 0;
    return 1;
}

static int raw_getc(struct input *in)
{
    if (in->npush)
        return in->pushback[--in->npush];
    if (in->str) {
        if (!in->str[in->pos])
            return EOF;
        return (unsigned char)in->str[in->pos++];
    }
    if (in->buf_pos >= in->buf_len && !fill(in))
        return EOF;
    return (unsigned char)in->buf[in->buf_pos++];
}

int in_getc(struct input *in)
{
    int c = raw_getc(in);

    if (c == EOF)
        return EOF;
    if (c == '\n')
        in->lineno++;
    for (int i = 0; i < in->ncaptures; i++)
        sb_addc(in->captures[i], c);
    return c;
}

void in_ungetc(struct input *in, int c)
{
    if (c == EOF)
        return;
    if (c == '\n')
        in->lineno--;
    for (int i = 0; i < in->ncaptures; i++) {
        struct strbuf *sb = in->captures[i];
        if (sb->len) {
            sb->s[--sb->len] = '\0';
        }
    }
    if (in->npush == in->push_cap) {
        in->push_cap = in->push_cap ? in->push_cap * 2 : 16;
        in->pushback = xrealloc(in->pushback, in->push_cap * sizeof(int));
    }
    in->pushback[in->npush++] = c;
}

int in_lineno(struct input *in)
{
    return in->lineno;
}

void in_capture_push(struct input *in, struct strbuf *sb)
{
    if (in->ncaptures >= IN_MAX_CAPTURES)
        sh_error("Syntax error: command substitutions nested too deeply");
    in->captures[in->ncaptures++] = sb;
}

void in_capture_pop(struct input *in)
{
    in->ncaptures--;
}

int in_capture_depth(struct input *in)
{
    return in->ncaptures;
}

void in_capture_reset(struct input *in, int depth)
{
    in->ncaptures = depth;
}

size_t in_offset(struct input *in)
{
    return in->pos - in->npush;
}
