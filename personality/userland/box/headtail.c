/* headtail.c - head and tail: the first or last lines (-n) or bytes (-c) of files.
 *
 * head -n N and -c N copy as they read and stop after N, so `yes | head` ends. The other forms
 * read the input whole into memory and then pick the part to print, which keeps the negative
 * (head -n -N: all but the last N) and positive (tail -n +N: from the Nth) forms simple.
 * tail -f then polls the regular files it printed for what is appended. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_COUNT      10
#define READ_CHUNK         65536
#define FOLLOW_INTERVAL_US 500000

struct span {
    char *data;
    size_t len;
};

/* Reads all of fd; false on a read error (errno set). */
static bool read_all(int fd, struct span *out)
{
    size_t cap = READ_CHUNK, len = 0;
    char *buf = box_malloc(cap);
    for (;;) {
        if (cap - len < READ_CHUNK / 2)
            buf = box_realloc(buf, cap *= 2);
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            int err = errno;
            free(buf);
            errno = err;
            return false;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    out->data = buf;
    out->len = len;
    return true;
}

/* A count with an optional multiplier suffix (b 512, K 1024, kB 1000, M, MB, G, GB). */
static bool parse_count(const char *s, long long *out, bool *from_start, bool *negative)
{
    *from_start = *s == '+';
    *negative = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    static const struct {
        const char *suffix;
        long long factor;
    } units[] = {{"", 1},         {"b", 512},     {"K", 1024},      {"k", 1024},
                 {"KiB", 1024},   {"kB", 1000},   {"M", 1 << 20},   {"MiB", 1 << 20},
                 {"MB", 1000000}, {"G", 1 << 30}, {"GiB", 1 << 30}, {"GB", 1000000000}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix) == 0 && errno == 0) {
            *out = v * units[i].factor;
            return true;
        }
    }
    return false;
}

/* Offset of the start of the line after `lines` newlines from the start (or the end). */
static size_t skip_lines(const struct span *s, long long lines)
{
    size_t i = 0;
    while (lines > 0 && i < s->len) {
        const char *nl = memchr(s->data + i, '\n', s->len - i);
        i = nl ? (size_t)(nl - s->data) + 1 : s->len;
        lines--;
    }
    return i;
}

/* Offset where the last `lines` lines start (a last line without '\n' counts). */
static size_t last_lines(const struct span *s, long long lines)
{
    size_t i = s->len;
    if (i > 0 && s->data[i - 1] == '\n')
        i--;
    while (i > 0) {
        if (s->data[i - 1] == '\n' && --lines == 0)
            return i;
        i--;
    }
    return 0;
}

struct pick {
    bool bytes; /* -c rather than -n */
    long long count;
    bool from_start; /* tail +N */
    bool negative;   /* head -N */
};

static void head_range(const struct span *s, const struct pick *p, size_t *from, size_t *to)
{
    size_t n = (size_t)p->count;
    *from = 0;
    if (p->bytes)
        *to = p->negative ? (n < s->len ? s->len - n : 0) : (n < s->len ? n : s->len);
    else
        *to = p->negative ? (p->count ? last_lines(s, p->count) : s->len) : skip_lines(s, p->count);
}

static void tail_range(const struct span *s, const struct pick *p, size_t *from, size_t *to)
{
    size_t n = (size_t)p->count;
    *to = s->len;
    if (p->bytes) {
        if (p->from_start)
            *from = n > 0 ? (n - 1 < s->len ? n - 1 : s->len) : 0;
        else
            *from = n < s->len ? s->len - n : 0;
    } else if (p->from_start) {
        *from = p->count > 0 ? skip_lines(s, p->count - 1) : 0;
    } else {
        *from = p->count ? last_lines(s, p->count) : s->len;
    }
}

struct headtail {
    struct pick pick;
    bool head;
    int headers; /* -1 never (-q), 1 always (-v), 0 when several files */
    bool follow;
    bool printed_any;
};

/* head's plain forms: copies the first count lines or bytes of fd as they come. */
static bool head_stream(int fd, const struct pick *p)
{
    static char buf[READ_CHUNK];
    long long left = p->count;
    while (left > 0) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
            return false;
        if (n == 0)
            break;
        size_t take = (size_t)n;
        if (p->bytes) {
            take = (long long)take > left ? (size_t)left : take;
            left -= (long long)take;
        } else {
            for (size_t i = 0; i < (size_t)n; i++)
                if (buf[i] == '\n' && --left == 0) {
                    take = i + 1;
                    break;
                }
        }
        fwrite(buf, 1, take, stdout);
    }
    return true;
}

/* Prints one file's part; returns its open fd for -f (or -1), or -2 on error. */
static int print_part(struct headtail *ht, const char *path, bool header)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        box_warn_errno("cannot open '%s' for reading", path);
        return -2;
    }
    if (header)
        printf("%s==> %s <==\n", ht->printed_any ? "\n" : "", is_stdin ? "standard input" : path);
    ht->printed_any = true;
    if (ht->head && !ht->pick.negative) {
        bool ok = head_stream(fd, &ht->pick);
        if (!ok)
            box_warn_errno("error reading '%s'", path);
        if (!is_stdin)
            close(fd);
        return ok ? -1 : -2;
    }
    struct span s;
    if (!read_all(fd, &s)) {
        box_warn_errno("error reading '%s'", path);
        if (!is_stdin)
            close(fd);
        return -2;
    }
    size_t from, to;
    (ht->head ? head_range : tail_range)(&s, &ht->pick, &from, &to);
    fwrite(s.data + from, 1, to - from, stdout);
    free(s.data);
    struct stat st;
    if (ht->follow && !is_stdin && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        return fd;
    if (!is_stdin)
        close(fd);
    return -1;
}

/* tail -f: prints what is appended to the files, forever. */
static noreturn void follow(int *fds, char **paths, int n)
{
    static char buf[READ_CHUNK];
    int last = n - 1;
    for (;;) {
        fflush(stdout);
        usleep(FOLLOW_INTERVAL_US);
        for (int i = 0; i < n; i++) {
            ssize_t got;
            while (fds[i] >= 0 && (got = read(fds[i], buf, sizeof buf)) > 0) {
                if (n > 1 && i != last)
                    printf("\n==> %s <==\n", paths[i]);
                last = i;
                fwrite(buf, 1, (size_t)got, stdout);
            }
        }
    }
}

/* -5 and +5 (tail) as the first argument are the old spellings of -n 5 and -n +5. */
static bool legacy_count(int argc, char **argv, struct pick *p, bool head)
{
    if (argc < 2)
        return false;
    const char *a = argv[1];
    if (!(a[0] == '-' || (!head && a[0] == '+')) || !isdigit((unsigned char)a[1]))
        return false;
    if (a[strspn(a + 1, "0123456789") + 1] != '\0')
        return false;
    p->count = strtoll(a + 1, NULL, 10);
    p->from_start = a[0] == '+';
    return true;
}

static int headtail_main(int argc, char **argv, bool head)
{
    struct headtail ht = {.pick = {.count = DEFAULT_COUNT}, .head = head};
    if (legacy_count(argc, argv, &ht.pick, head)) {
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    int opt;
    while ((opt = getopt(argc, argv, head ? "n:c:qv" : "n:c:qvfF")) != -1) {
        if (opt == 'n' || opt == 'c') {
            ht.pick.bytes = opt == 'c';
            if (!parse_count(optarg, &ht.pick.count, &ht.pick.from_start, &ht.pick.negative)) {
                box_warn("invalid number of %s: '%s'", opt == 'c' ? "bytes" : "lines", optarg);
                return 1;
            }
            if (head)
                ht.pick.from_start = false;
            else
                ht.pick.negative = false;
        } else if (opt == 'q') {
            ht.headers = -1;
        } else if (opt == 'v') {
            ht.headers = 1;
        } else if (opt == 'f' || opt == 'F') {
            ht.follow = true;
        } else {
            return box_usage(1);
        }
    }
    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    bool headers = ht.headers == 1 || (ht.headers == 0 && nfiles > 1);
    int *fds = box_malloc((size_t)nfiles * sizeof *fds);
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        fds[i] = print_part(&ht, files[i], headers);
        if (fds[i] == -2)
            status = 1;
    }
    if (ht.follow) {
        for (int i = 0; i < nfiles; i++)
            if (fds[i] >= 0)
                follow(fds, files, nfiles);
    }
    free(fds);
    return status;
}

int head_main(int argc, char **argv)
{
    return headtail_main(argc, argv, true);
}

int tail_main(int argc, char **argv)
{
    return headtail_main(argc, argv, false);
}
