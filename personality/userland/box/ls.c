/* ls.c - ls: list directory contents.
 *
 * Options: -l -a -A -d -R -1 -C -h -i -F -t -r -S -n -g -o. Names sort in byte order (the C
 * locale), or by time (-t) or size (-S), each reversible (-r). Output is in columns when stdout
 * is a terminal (or with -C), else one name per line. The long format follows GNU's: mode,
 * links, owner, group, size, date ("Nov 23 18:17", or "Nov 23  2023" when older than six
 * months or in the future), name, and " -> target" for links.
 *
 * Operands that are not directories are listed first, together; then each directory, with a
 * "NAME:" header when there is more than one operand or with -R. */
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* ls exits with 2 when an operand cannot be listed, 1 for lesser trouble (GNU). */
#define LS_MINOR_TROUBLE   1
#define LS_SERIOUS_TROUBLE 2
/* GNU shows the year instead of the time for files older than this or in the future. */
#define SIX_MONTHS_SECONDS (365L * 24 * 60 * 60 / 2)
#define COLUMN_GAP         2
/* The narrowest a column can be: a one-letter name and the gap. */
#define MIN_COLUMN_WIDTH 3
/* GNU pads columns with tabs where it can, as if tab stops were every 8 columns. */
#define TAB_SIZE 8

struct entry {
    char *name; /* as shown */
    char *path; /* to stat and to recurse into */
    struct stat st;
    bool stat_ok;
};

struct ls_opts {
    bool long_format, all, almost_all, directory, recursive, one_per_line, columns, human, inode,
        classify, reverse, numeric_ids, show_owner, show_group;
    char sort; /* 'n' name, 't' time, 'S' size */
    int width;
    time_t now;
};

static struct ls_opts opts;
static int status;
static bool printed_something;

/* ---- sorting ------------------------------------------------------------------------------- */

static int compare_entries(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    int r = 0;
    if (opts.sort == 't') {
        const struct timespec *x = &a->st.st_mtim, *y = &b->st.st_mtim;
        if (x->tv_sec != y->tv_sec)
            r = x->tv_sec > y->tv_sec ? -1 : 1;
        else if (x->tv_nsec != y->tv_nsec)
            r = x->tv_nsec > y->tv_nsec ? -1 : 1;
    } else if (opts.sort == 'S' && a->st.st_size != b->st.st_size) {
        r = a->st.st_size > b->st.st_size ? -1 : 1;
    }
    if (r == 0)
        r = strcmp(a->name, b->name);
    return opts.reverse ? -r : r;
}

/* ---- one name ------------------------------------------------------------------------------ */

static char classify_char(const struct entry *e)
{
    mode_t m = e->st.st_mode;
    if (S_ISDIR(m))
        return '/';
    if (S_ISLNK(m))
        return '@';
    if (S_ISFIFO(m))
        return '|';
    if (S_ISSOCK(m))
        return '=';
    if (S_ISREG(m) && (m & 0111))
        return '*';
    return 0;
}

/* The name as printed (with its -F mark); returns its length. */
static int print_name(const struct entry *e)
{
    fputs(e->name, stdout);
    int len = (int)strlen(e->name);
    char mark = opts.classify && e->stat_ok ? classify_char(e) : 0;
    if (mark && !(opts.long_format && S_ISLNK(e->st.st_mode))) {
        putchar(mark);
        len++;
    }
    return len;
}

static int name_width(const struct entry *e)
{
    int len = (int)strlen(e->name);
    return len + (opts.classify && e->stat_ok && classify_char(e) != 0);
}

/* ---- long format --------------------------------------------------------------------------- */

static void mode_string(mode_t m, char *out)
{
    out[0] = S_ISDIR(m)    ? 'd'
             : S_ISLNK(m)  ? 'l'
             : S_ISCHR(m)  ? 'c'
             : S_ISBLK(m)  ? 'b'
             : S_ISFIFO(m) ? 'p'
             : S_ISSOCK(m) ? 's'
                           : '-';
    static const char rwx[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID)
        out[3] = (m & S_IXUSR) ? 's' : 'S';
    if (m & S_ISGID)
        out[6] = (m & S_IXGRP) ? 's' : 'S';
    if (m & S_ISVTX)
        out[9] = (m & S_IXOTH) ? 't' : 'T';
    out[10] = '\0';
}

static void owner_text(const struct entry *e, bool group, char *out, size_t cap)
{
    const char *name = NULL;
    if (!opts.numeric_ids)
        name = group ? box_group_name(e->st.st_gid) : box_user_name(e->st.st_uid);
    if (name)
        snprintf(out, cap, "%s", name);
    else
        snprintf(out, cap, "%u", (unsigned)(group ? e->st.st_gid : e->st.st_uid));
}

static void size_text(const struct entry *e, char *out, size_t cap)
{
    if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
        snprintf(out, cap, "%u, %u", major(e->st.st_rdev), minor(e->st.st_rdev));
    else if (opts.human)
        box_human((uint64_t)e->st.st_size, out);
    else
        snprintf(out, cap, "%lld", (long long)e->st.st_size);
}

static void date_text(const struct entry *e, char *out, size_t cap)
{
    time_t t = e->st.st_mtim.tv_sec;
    struct tm tm;
    localtime_r(&t, &tm);
    bool recent = t <= opts.now && opts.now - t < SIX_MONTHS_SECONDS;
    strftime(out, cap, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
}

struct widths {
    int inode, links, owner, group, size, blocks;
};

static int text_width(const char *s)
{
    return (int)strlen(s);
}

static void measure(const struct entry *list, size_t n, struct widths *w)
{
    char buf[64];
    *w = (struct widths){0};
    for (size_t i = 0; i < n; i++) {
        const struct entry *e = &list[i];
        if (!e->stat_ok)
            continue;
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)e->st.st_ino);
        w->inode = w->inode > text_width(buf) ? w->inode : text_width(buf);
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)e->st.st_nlink);
        w->links = w->links > text_width(buf) ? w->links : text_width(buf);
        owner_text(e, false, buf, sizeof buf);
        w->owner = w->owner > text_width(buf) ? w->owner : text_width(buf);
        owner_text(e, true, buf, sizeof buf);
        w->group = w->group > text_width(buf) ? w->group : text_width(buf);
        size_text(e, buf, sizeof buf);
        w->size = w->size > text_width(buf) ? w->size : text_width(buf);
    }
}

static void print_long(const struct entry *e, const struct widths *w)
{
    char mode[11], owner[64], group[64], size[64], date[64];
    mode_string(e->st.st_mode, mode);
    owner_text(e, false, owner, sizeof owner);
    owner_text(e, true, group, sizeof group);
    size_text(e, size, sizeof size);
    date_text(e, date, sizeof date);
    if (opts.inode)
        printf("%*llu ", w->inode, (unsigned long long)e->st.st_ino);
    printf("%s %*llu ", mode, w->links, (unsigned long long)e->st.st_nlink);
    if (opts.show_owner)
        printf("%-*s ", w->owner, owner);
    if (opts.show_group)
        printf("%-*s ", w->group, group);
    printf("%*s %s ", w->size, size, date);
    print_name(e);
    if (S_ISLNK(e->st.st_mode)) {
        char target[PATH_MAX];
        ssize_t len = readlink(e->path, target, sizeof target - 1);
        if (len >= 0)
            printf(" -> %.*s", (int)len, target);
    }
    putchar('\n');
}

/* ---- short formats ------------------------------------------------------------------------- */

static int entry_width(const struct entry *e, const struct widths *w)
{
    return name_width(e) + (opts.inode ? w->inode + 1 : 0);
}

static void print_short(const struct entry *e, const struct widths *w)
{
    if (opts.inode)
        printf("%*llu ", w->inode, (unsigned long long)e->st.st_ino);
    print_name(e);
}

/* Column widths for `cols` columns, filled column by column; returns the line's width. Every
 * column but the last counts its gap, as GNU counts, even when fewer columns get used. */
static int layout(const struct entry *list, size_t n, const struct widths *w, size_t cols,
                  int *col_width)
{
    size_t rows = (n + cols - 1) / cols;
    int total = 0;
    for (size_t c = 0; c < cols; c++)
        col_width[c] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = i / rows;
        int ew = entry_width(&list[i], w) + (c + 1 < cols ? COLUMN_GAP : 0);
        col_width[c] = col_width[c] > ew ? col_width[c] : ew;
    }
    for (size_t c = 0; c < cols; c++)
        total += col_width[c];
    return total;
}

/* Moves the cursor from column `from` to column `to` with tabs and spaces. */
static void pad(int from, int to)
{
    while (from < to) {
        if (to / TAB_SIZE > (from + 1) / TAB_SIZE) {
            putchar('\t');
            from += TAB_SIZE - from % TAB_SIZE;
        } else {
            putchar(' ');
            from++;
        }
    }
}

static void print_columns(const struct entry *list, size_t n, const struct widths *w)
{
    int *col_width = box_malloc((n + 1) * sizeof *col_width);
    size_t cols = (size_t)opts.width / MIN_COLUMN_WIDTH;
    cols = cols < n ? cols : n;
    /* The most columns that fit, strictly narrower than the line; one column always does. */
    while (cols > 1 && layout(list, n, w, cols, col_width) >= opts.width)
        cols--;
    layout(list, n, w, cols, col_width);
    size_t rows = (n + cols - 1) / cols;
    for (size_t r = 0; r < rows; r++) {
        int x = 0;
        for (size_t c = 0; c < cols; c++) {
            size_t i = c * rows + r;
            if (i >= n)
                break;
            print_short(&list[i], w);
            if ((c + 1) * rows + r < n)
                pad(x + entry_width(&list[i], w), x + col_width[c]);
            x += col_width[c];
        }
        putchar('\n');
    }
    free(col_width);
}

/* Prints the entries sorted; the long format's columns are as wide as `sized` needs (the
 * entries themselves when NULL). */
static void print_entries(struct entry *list, size_t n, const struct widths *sized)
{
    qsort(list, n, sizeof *list, compare_entries);
    struct widths w;
    if (sized)
        w = *sized;
    else
        measure(list, n, &w);
    if (opts.long_format) {
        for (size_t i = 0; i < n; i++)
            print_long(&list[i], &w);
    } else if (opts.one_per_line || !opts.columns) {
        for (size_t i = 0; i < n; i++) {
            print_short(&list[i], &w);
            putchar('\n');
        }
    } else if (n > 0) {
        print_columns(list, n, &w);
    }
    if (n > 0)
        printed_something = true;
}

/* ---- directories --------------------------------------------------------------------------- */

static void free_entries(struct entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].path);
    }
    free(list);
}

static bool fill_entry(struct entry *e, const char *name, const char *path, bool follow)
{
    e->name = box_strdup(name);
    e->path = box_strdup(path);
    e->stat_ok = (follow ? stat(path, &e->st) : lstat(path, &e->st)) == 0;
    if (!e->stat_ok)
        memset(&e->st, 0, sizeof e->st);
    return e->stat_ok;
}

static void list_directory(const char *path, bool header)
{
    size_t n;
    char **names = box_list_dir(path, opts.all || opts.almost_all, &n);
    if (!names) {
        box_warn_errno("cannot open directory '%s'", path);
        status = LS_SERIOUS_TROUBLE;
        return;
    }
    if (header)
        printf("%s%s:\n", printed_something ? "\n" : "", path);
    printed_something = true;
    size_t extra = opts.all ? 2 : 0;
    struct entry *list = box_malloc((n + extra + 1) * sizeof *list);
    size_t count = 0;
    static const char *const dots[] = {".", ".."};
    for (size_t i = 0; i < extra; i++, count++) {
        char *p = box_path_join(path, dots[i]);
        fill_entry(&list[count], dots[i], p, false);
        free(p);
    }
    unsigned long long blocks = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = box_path_join(path, names[i]);
        if (!fill_entry(&list[count], names[i], p, false)) {
            box_warn_errno("cannot access '%s'", p);
            status = LS_MINOR_TROUBLE;
        }
        free(p);
        count++;
    }
    for (size_t i = 0; i < count; i++)
        blocks += (unsigned long long)list[i].st.st_blocks;
    box_free_names(names, n);
    if (opts.long_format && opts.human) {
        char buf[BOX_HUMAN_LEN];
        printf("total %s\n", box_human(blocks * 512, buf));
    } else if (opts.long_format) {
        /* st_blocks counts 512-byte units; GNU shows 1024-byte ones, rounded up. */
        printf("total %llu\n", (blocks + 1) / 2);
    }
    print_entries(list, count, NULL);
    if (opts.recursive) {
        for (size_t i = 0; i < count; i++) {
            const struct entry *e = &list[i];
            if (!e->stat_ok || !S_ISDIR(e->st.st_mode) || strcmp(e->name, ".") == 0 ||
                strcmp(e->name, "..") == 0)
                continue;
            list_directory(e->path, true);
        }
    }
    free_entries(list, count);
}

/* ---- operands ------------------------------------------------------------------------------ */

static void list_operands(char **ops, int nops)
{
    struct entry *files = box_malloc(((size_t)nops + 1) * sizeof *files);
    struct entry *dirs = box_malloc(((size_t)nops + 1) * sizeof *dirs);
    size_t nfiles = 0, ndirs = 0;
    /* Links named on the command line are followed unless -l, -d or -F shows the link. */
    bool follow = !(opts.long_format || opts.directory || opts.classify);
    for (int i = 0; i < nops; i++) {
        struct entry e;
        if (!fill_entry(&e, ops[i], ops[i], follow) &&
            !(follow && fill_entry(&e, ops[i], ops[i], false))) {
            errno = ENOENT;
            struct stat st;
            if (lstat(ops[i], &st) != 0)
                box_warn_errno("cannot access '%s'", ops[i]);
            status = LS_SERIOUS_TROUBLE;
            free(e.name);
            free(e.path);
            continue;
        }
        bool is_dir = S_ISDIR(e.st.st_mode);
        if (!is_dir && S_ISLNK(e.st.st_mode) && opts.long_format == false && !opts.directory) {
            struct stat target;
            is_dir = stat(e.path, &target) == 0 && S_ISDIR(target.st_mode);
        }
        if (is_dir && !opts.directory)
            dirs[ndirs++] = e;
        else
            files[nfiles++] = e;
    }
    /* GNU sizes the columns of the operand files by all operands, directories included. */
    struct entry *all = box_malloc((nfiles + ndirs + 1) * sizeof *all);
    memcpy(all, files, nfiles * sizeof *all);
    memcpy(all + nfiles, dirs, ndirs * sizeof *all);
    struct widths w;
    measure(all, nfiles + ndirs, &w);
    free(all);
    print_entries(files, nfiles, &w);
    qsort(dirs, ndirs, sizeof *dirs, compare_entries);
    bool headers = nops > 1 || opts.recursive;
    for (size_t i = 0; i < ndirs; i++)
        list_directory(dirs[i].path, headers);
    free_entries(files, nfiles);
    free_entries(dirs, ndirs);
}

int ls_main(int argc, char **argv)
{
    memset(&opts, 0, sizeof opts);
    opts.sort = 'n';
    opts.show_owner = opts.show_group = true;
    opts.columns = isatty(STDOUT_FILENO);
    opts.now = time(NULL);
    status = 0;
    printed_something = false;
    int opt;
    while ((opt = getopt(argc, argv, "laAdR1ChiFtrSngoU")) != -1) {
        switch (opt) {
        case 'l':
            opts.long_format = true;
            break;
        case 'a':
            opts.all = true, opts.almost_all = false;
            break;
        case 'A':
            opts.almost_all = true, opts.all = false;
            break;
        case 'd':
            opts.directory = true;
            break;
        case 'R':
            opts.recursive = true;
            break;
        case '1':
            opts.one_per_line = true, opts.columns = false;
            break;
        case 'C':
            opts.columns = true, opts.one_per_line = false;
            break;
        case 'h':
            opts.human = true;
            break;
        case 'i':
            opts.inode = true;
            break;
        case 'F':
            opts.classify = true;
            break;
        case 't':
            opts.sort = 't';
            break;
        case 'S':
            opts.sort = 'S';
            break;
        case 'r':
            opts.reverse = true;
            break;
        case 'n':
            opts.long_format = opts.numeric_ids = true;
            break;
        case 'g':
            opts.long_format = true, opts.show_owner = false;
            break;
        case 'o':
            opts.long_format = true, opts.show_group = false;
            break;
        case 'U':
            break;
        default:
            return box_usage(LS_SERIOUS_TROUBLE);
        }
    }
    opts.width = box_terminal_columns();
    char *dot[] = {"."};
    if (optind < argc)
        list_operands(argv + optind, argc - optind);
    else
        list_operands(dot, 1);
    return status;
}
