/*
 * lineedit.c - reading a command line in an interactive shell: a small line editor on a
 * raw-mode terminal, with history.
 *
 * Keys: left/right (and ^B/^F), Home/End (and ^A/^E), backspace, Delete (and ^D on a non-empty
 * line), ^U (kill to start), ^K (kill to end), ^W (kill word), ^L (clear screen), up/down (and
 * ^P/^N) through history, ^C (abandon the line), ^D on an empty line (end of input). Every
 * change redraws the whole line: simple, and fast enough for a line. History is kept in
 * memory and appended to $HOME/.sh_history when the shell exits. When the terminal cannot be
 * put in raw mode, lines are read plainly.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define HISTORY_MAX  500
#define HISTORY_FILE ".sh_history"

static char *history[HISTORY_MAX];
static int history_count;
static int history_loaded;
static int history_saved_from; /* entries before this came from the file */

struct editor {
    struct strbuf line;
    size_t cursor;
    const char *prompt;
    int hist_pos; /* history_count: the line being typed */
    char *typed;  /* the line being typed while browsing history */
};

static const char *history_path(void)
{
    const char *home = var_get("HOME");

    return home && *home ? tmp_printf("%s/%s", home, HISTORY_FILE) : NULL;
}

static void history_push(const char *line)
{
    if (history_count == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, (HISTORY_MAX - 1) * sizeof(char *));
        history_count--;
        if (history_saved_from > 0)
            history_saved_from--;
    }
    history[history_count++] = xstrdup(line);
}

static void history_load(void)
{
    const char *path;
    FILE *f;
    char buf[4096];

    history_loaded = 1;
    path = history_path();
    if (!path || !(f = fopen(path, "r")))
        return;
    while (fgets(buf, sizeof(buf), f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0])
            history_push(buf);
    }
    fclose(f);
    history_saved_from = history_count;
}

void le_history_add(const char *line)
{
    if (!line[0] || (history_count && strcmp(history[history_count - 1], line) == 0))
        return;
    history_push(line);
}

void le_history_save(void)
{
    const char *path = history_path();

    if (!path || history_saved_from >= history_count)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    for (int i = history_saved_from; i < history_count; i++) {
        write_all(fd, history[i], strlen(history[i]));
        write_all(fd, "\n", 1);
    }
    close(fd);
    history_saved_from = history_count;
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void refresh(struct editor *ed)
{
    struct strbuf sb = {0};
    char seq[32];

    sb_adds(&sb, "\r");
    sb_adds(&sb, ed->prompt);
    if (ed->line.len)
        sb_addn(&sb, ed->line.s, ed->line.len);
    sb_adds(&sb, "\x1b[K");
    size_t back = ed->line.len - ed->cursor;
    if (back) {
        snprintf(seq, sizeof(seq), "\x1b[%zuD", back);
        sb_adds(&sb, seq);
    }
    write_all(2, sb.s, sb.len);
    sb_free(&sb);
}

static void set_line(struct editor *ed, const char *text)
{
    ed->line.len = 0;
    sb_adds(&ed->line, text);
    ed->cursor = ed->line.len;
}

static void insert_char(struct editor *ed, char c)
{
    sb_addc(&ed->line, c); /* grow by one */
    memmove(ed->line.s + ed->cursor + 1, ed->line.s + ed->cursor, ed->line.len - 1 - ed->cursor);
    ed->line.s[ed->cursor++] = c;
}

static void delete_range(struct editor *ed, size_t from, size_t to)
{
    memmove(ed->line.s + from, ed->line.s + to, ed->line.len - to + 1);
    ed->line.len -= to - from;
    ed->cursor = from;
}

static void history_move(struct editor *ed, int delta)
{
    int pos = ed->hist_pos + delta;

    if (pos < 0 || pos > history_count)
        return;
    if (ed->hist_pos == history_count) {
        free(ed->typed);
        ed->typed = xstrdup(ed->line.s ? ed->line.s : "");
    }
    ed->hist_pos = pos;
    set_line(ed, pos == history_count ? ed->typed : history[pos]);
}

static int read_key(void)
{
    unsigned char c;

    for (;;) {
        ssize_t n = read(0, &c, 1);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* After ESC: returns a pseudo-key for the sequences we know, or 0. */
enum { KEY_LEFT = 256, KEY_RIGHT, KEY_UP, KEY_DOWN, KEY_HOME, KEY_END, KEY_DELETE };

static int read_escape(void)
{
    int c = read_key();

    if (c != '[' && c != 'O')
        return 0;
    c = read_key();
    switch (c) {
    case 'A':
        return KEY_UP;
    case 'B':
        return KEY_DOWN;
    case 'C':
        return KEY_RIGHT;
    case 'D':
        return KEY_LEFT;
    case 'H':
        return KEY_HOME;
    case 'F':
        return KEY_END;
    }
    if (c >= '0' && c <= '9') {
        int d = read_key();
        if (d != '~')
            return 0;
        if (c == '1' || c == '7')
            return KEY_HOME;
        if (c == '4' || c == '8')
            return KEY_END;
        if (c == '3')
            return KEY_DELETE;
    }
    return 0;
}

/* Handles one key; returns 1 when the line is finished, -1 at end of input. */
static int edit_key(struct editor *ed, int key)
{
    size_t i;

    switch (key) {
    case -1:
        return ed->line.len ? 1 : -1;
    case '\r':
    case '\n':
        return 1;
    case 4: /* ^D */
        if (!ed->line.len)
            return -1;
        /* fall through */
    case KEY_DELETE:
        if (ed->cursor < ed->line.len)
            delete_range(ed, ed->cursor, ed->cursor + 1);
        break;
    case 3: /* ^C */
        write_all(2, "^C\r\n", 4);
        set_line(ed, "");
        ed->hist_pos = history_count;
        break;
    case 127:
    case 8:
        if (ed->cursor > 0)
            delete_range(ed, ed->cursor - 1, ed->cursor);
        break;
    case 1:
    case KEY_HOME:
        ed->cursor = 0;
        break;
    case 5:
    case KEY_END:
        ed->cursor = ed->line.len;
        break;
    case 2:
    case KEY_LEFT:
        if (ed->cursor > 0)
            ed->cursor--;
        break;
    case 6:
    case KEY_RIGHT:
        if (ed->cursor < ed->line.len)
            ed->cursor++;
        break;
    case 21: /* ^U */
        delete_range(ed, 0, ed->cursor);
        break;
    case 11: /* ^K */
        ed->line.len = ed->cursor;
        if (ed->line.s)
            ed->line.s[ed->cursor] = '\0';
        break;
    case 23: /* ^W */
        i = ed->cursor;
        while (i > 0 && ed->line.s[i - 1] == ' ')
            i--;
        while (i > 0 && ed->line.s[i - 1] != ' ')
            i--;
        delete_range(ed, i, ed->cursor);
        break;
    case 12: /* ^L */
        write_all(2, "\x1b[H\x1b[2J", 7);
        break;
    case 16:
    case KEY_UP:
        history_move(ed, -1);
        break;
    case 14:
    case KEY_DOWN:
        history_move(ed, 1);
        break;
    case 27: {
        int k = read_escape();
        if (k)
            return edit_key(ed, k);
        break;
    }
    default:
        if (key >= 32 && key < 256)
            insert_char(ed, (char)key);
    }
    return 0;
}

/* ---- the two readers -------------------------------------------------------------------- */

/* No raw mode: a plain line from standard input. */
static char *read_plain(const char *prompt)
{
    struct strbuf sb = {0};
    char c;

    write_all(2, prompt, strlen(prompt));
    for (;;) {
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR) {
            if (got_sigint) {
                got_sigint = 0;
                write_all(2, "\n", 1);
                sb.len = 0;
                write_all(2, prompt, strlen(prompt));
            }
            continue;
        }
        if (n <= 0) {
            if (sb.len)
                break;
            sb_free(&sb);
            return NULL;
        }
        if (c == '\n')
            break;
        sb_addc(&sb, c);
    }
    return sb.s ? sb.s : xstrdup("");
}

char *le_readline(const char *prompt)
{
    struct termios saved, raw;
    struct editor ed = {.prompt = prompt};
    int r;

    if (!history_loaded)
        history_load();
    if (tcgetattr(0, &saved) < 0)
        return read_plain(prompt);
    raw = saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSADRAIN, &raw) < 0)
        return read_plain(prompt);
    ed.hist_pos = history_count;
    sb_addn(&ed.line, "", 0);
    refresh(&ed);
    while ((r = edit_key(&ed, read_key())) == 0)
        refresh(&ed);
    tcsetattr(0, TCSADRAIN, &saved);
    write_all(2, "\r\n", 2);
    free(ed.typed);
    if (r < 0) {
        sb_free(&ed.line);
        return NULL;
    }
    le_history_add(ed.line.s);
    history_saved_from = history_saved_from > history_count ? history_count : history_saved_from;
    return ed.line.s;
}
