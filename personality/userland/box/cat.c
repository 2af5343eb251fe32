/* cat.c - copying streams: cat (with -n -b -s -E -T -v -A) and tee. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes moved per read in the plain copy path. */
#define COPY_CHUNK 65536

struct cat_opts {
    bool number, number_nonblank, squeeze, show_ends, show_tabs, show_nonprinting;
    long long line; /* the next line number, across files as GNU does */
    bool at_start;  /* the next byte starts a line */
    int blank_run;  /* empty lines seen in a row, for -s */
};

static bool cat_plain(int fd)
{
    static char buf[COPY_CHUNK];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (!box_write_all(STDOUT_FILENO, buf, (size_t)n))
            box_die_errno(1, "write error");
    return n == 0;
}

static void put_visible(int c, const struct cat_opts *o)
{
    if (c == '\t' && o->show_tabs) {
        fputs("^I", stdout);
        return;
    }
    if (!o->show_nonprinting || c == '\t' || c == '\n') {
        putchar(c);
        return;
    }
    if (c >= 128) {
        fputs("M-", stdout);
        c -= 128;
    }
    if (c < 32)
        printf("^%c", c + 64);
    else if (c == 127)
        fputs("^?", stdout);
    else
        putchar(c);
}

static bool cat_decorated(FILE *f, struct cat_opts *o)
{
    int c;
    while ((c = getc(f)) != EOF) {
        if (o->at_start) {
            o->blank_run = c == '\n' ? o->blank_run + 1 : 0;
            if (o->squeeze && o->blank_run > 1)
                continue;
            if (o->number && !(o->number_nonblank && c == '\n'))
                printf("%6lld\t", o->line++);
        }
        o->at_start = c == '\n';
        if (c == '\n' && o->show_ends)
            putchar('$');
        put_visible(c, o);
    }
    return !ferror(f);
}

static bool cat_one(const char *path, struct cat_opts *o, bool plain)
{
    FILE *f = box_open_input(path);
    if (!f) {
        box_warn_errno("%s", path);
        return false;
    }
    struct stat st;
    bool ok;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        ok = false;
    } else {
        ok = plain ? cat_plain(fileno(f)) : cat_decorated(f, o);
    }
    if (!ok)
        box_warn_errno("%s", path);
    box_close_input(f);
    return ok;
}

int cat_main(int argc, char **argv)
{
    struct cat_opts o = {.line = 1, .at_start = true};
    int opt;
    while ((opt = getopt(argc, argv, "nbsETvAetu")) != -1) {
        switch (opt) {
        case 'n':
            o.number = true;
            break;
        case 'b':
            o.number = o.number_nonblank = true;
            break;
        case 's':
            o.squeeze = true;
            break;
        case 'E':
            o.show_ends = true;
            break;
        case 'T':
            o.show_tabs = true;
            break;
        case 'v':
            o.show_nonprinting = true;
            break;
        case 'A':
            o.show_nonprinting = o.show_ends = o.show_tabs = true;
            break;
        case 'e':
            o.show_nonprinting = o.show_ends = true;
            break;
        case 't':
            o.show_nonprinting = o.show_tabs = true;
            break;
        case 'u':
            break;
        default:
            return box_usage(1);
        }
    }
    bool plain = !(o.number || o.squeeze || o.show_ends || o.show_tabs || o.show_nonprinting);
    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        fflush(stdout);
        if (!cat_one(files[i], &o, plain))
            status = 1;
    }
    return status;
}

int tee_main(int argc, char **argv)
{
    bool append = false;
    int opt;
    while ((opt = getopt(argc, argv, "ai")) != -1) {
        if (opt == 'a')
            append = true;
        else if (opt == 'i')
            signal(SIGINT, SIG_IGN);
        else
            return box_usage(1);
    }
    int nfiles = argc - optind, status = 0;
    int *fds = box_malloc((size_t)(nfiles + 1) * sizeof *fds);
    fds[0] = STDOUT_FILENO;
    int flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
    for (int i = 0; i < nfiles; i++) {
        fds[i + 1] = open(argv[optind + i], flags, 0666);
        if (fds[i + 1] < 0) {
            box_warn_errno("%s", argv[optind + i]);
            status = 1;
        }
    }
    static char buf[COPY_CHUNK];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
        for (int i = 0; i <= nfiles; i++) {
            if (fds[i] >= 0 && !box_write_all(fds[i], buf, (size_t)n)) {
                box_warn_errno("%s", i == 0 ? "standard output" : argv[optind + i - 1]);
                fds[i] = -1;
                status = 1;
            }
        }
    }
    if (n < 0) {
        box_warn_errno("read error");
        status = 1;
    }
    for (int i = 1; i <= nfiles; i++)
        if (fds[i] >= 0 && close(fds[i]) != 0)
            status = 1;
    free(fds);
    return status;
}
