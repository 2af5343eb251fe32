/* wc.c - wc: newline, word, character and byte counts (-l -w -m -c), in that column order.
 *
 * The column width follows GNU: wide enough for the total size of the regular files counted,
 * at least 7 when an input is not a regular file (its size is unknown), and 1 when a single
 * count of a single input is printed. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK         65536
#define UNKNOWN_SIZE_WIDTH 7

enum { COUNT_LINES, COUNT_WORDS, COUNT_CHARS, COUNT_BYTES, COUNT_KINDS };

struct counts {
    unsigned long long n[COUNT_KINDS];
};

static bool count_fd(int fd, struct counts *c)
{
    static char buf[READ_CHUNK];
    bool in_word = false;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < got; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n')
                c->n[COUNT_LINES]++;
            if (isspace(ch)) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                c->n[COUNT_WORDS]++;
            }
        }
        c->n[COUNT_BYTES] += (unsigned long long)got;
    }
    c->n[COUNT_CHARS] = c->n[COUNT_BYTES];
    return got == 0;
}

static void print_counts(const struct counts *c, const bool *show, int width, const char *name)
{
    bool first = true;
    for (int k = 0; k < COUNT_KINDS; k++) {
        if (!show[k])
            continue;
        printf(first ? "%*llu" : " %*llu", width, c->n[k]);
        first = false;
    }
    if (name)
        printf(" %s", name);
    putchar('\n');
}

static int digits(unsigned long long v)
{
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

/* The width GNU would use for these inputs (see the top of the file). */
static int column_width(char **files, int nfiles, int shown)
{
    if (shown == 1 && nfiles == 1)
        return 1;
    unsigned long long regular_total = 0;
    int minimum = 1;
    for (int i = 0; i < nfiles; i++) {
        struct stat st;
        int ok = strcmp(files[i], "-") == 0 ? fstat(STDIN_FILENO, &st) : stat(files[i], &st);
        if (ok != 0)
            continue;
        if (S_ISREG(st.st_mode))
            regular_total += (unsigned long long)st.st_size;
        else
            minimum = UNKNOWN_SIZE_WIDTH;
    }
    int width = digits(regular_total);
    return width < minimum ? minimum : width;
}

int wc_main(int argc, char **argv)
{
    bool show[COUNT_KINDS] = {false};
    int opt;
    while ((opt = getopt(argc, argv, "lwmc")) != -1) {
        const char *p = strchr("lwmc", opt);
        if (opt == '?' || !p)
            return box_usage(1);
        show[p - "lwmc"] = true;
    }
    int shown = show[0] + show[1] + show[2] + show[3];
    if (shown == 0) {
        show[COUNT_LINES] = show[COUNT_WORDS] = show[COUNT_BYTES] = true;
        shown = 3;
    }
    char *stdin_only[] = {"-"};
    bool named = optind < argc;
    char **files = named ? argv + optind : stdin_only;
    int nfiles = named ? argc - optind : 1;
    int width = column_width(files, nfiles, shown);
    struct counts total = {{0}};
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        bool is_stdin = strcmp(files[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(files[i], O_RDONLY);
        struct counts c = {{0}};
        if (fd < 0 || !count_fd(fd, &c)) {
            box_warn_errno("%s", files[i]);
            status = 1;
            if (fd < 0)
                continue;
        }
        if (!is_stdin)
            close(fd);
        print_counts(&c, show, width, named ? files[i] : NULL);
        for (int k = 0; k < COUNT_KINDS; k++)
            total.n[k] += c.n[k];
    }
    if (nfiles > 1)
        print_counts(&total, show, width, "total");
    return status;
}
