/* util.c - helpers shared by the applets: messages, allocation, numbers, escapes, sizes,
 * directory listing and the user database. See util.h for each function's contract. */
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

const char *box_applet = "box";

static void vwarn(const char *fmt, va_list ap, int err, bool with_errno)
{
    fflush(stdout);
    fprintf(stderr, "%s: ", box_applet);
    vfprintf(stderr, fmt, ap);
    if (with_errno)
        fprintf(stderr, ": %s", strerror(err));
    fputc('\n', stderr);
}

void box_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap, 0, false);
    va_end(ap);
}

void box_warn_errno(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap, err, true);
    va_end(ap);
}

void box_die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap, 0, false);
    va_end(ap);
    exit(status);
}

void box_die_errno(int status, const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap, err, true);
    va_end(ap);
    exit(status);
}

int box_usage(int status)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", box_applet);
    return status;
}

void *box_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        box_die(1, "memory exhausted");
    return p;
}

void *box_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        box_die(1, "memory exhausted");
    return p;
}

char *box_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    return memcpy(box_malloc(len), s, len);
}

bool box_parse_long(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return false;
    *out = v;
    return true;
}

static const char HUMAN_UNITS[] = "KMGTPE";

char *box_human(uint64_t bytes, char *buf)
{
    if (bytes < 1024) {
        snprintf(buf, BOX_HUMAN_LEN, "%llu", (unsigned long long)bytes);
        return buf;
    }
    unsigned __int128 divisor = 1024;
    for (int unit = 0; HUMAN_UNITS[unit]; unit++, divisor *= 1024) {
        /* Rounded up, like GNU: a size is never shown smaller than it is. */
        unsigned __int128 tenths = ((unsigned __int128)bytes * 10 + divisor - 1) / divisor;
        if (tenths < 100) {
            snprintf(buf, BOX_HUMAN_LEN, "%u.%u%c", (unsigned)(tenths / 10),
                     (unsigned)(tenths % 10), HUMAN_UNITS[unit]);
            return buf;
        }
        unsigned __int128 whole = (bytes + divisor - 1) / divisor;
        if (whole < 1024 || !HUMAN_UNITS[unit + 1]) {
            snprintf(buf, BOX_HUMAN_LEN, "%llu%c", (unsigned long long)whole, HUMAN_UNITS[unit]);
            return buf;
        }
    }
    return buf;
}

static int octal_digits(const char **s, int max)
{
    int value = 0;
    for (int i = 0; i < max && **s >= '0' && **s <= '7'; i++, (*s)++)
        value = value * 8 + (**s - '0');
    return value;
}

static int hex_value(int c)
{
    if (isdigit(c))
        return c - '0';
    return tolower(c) - 'a' + 10;
}

int box_escape(const char **s, bool echo_octal)
{
    static const char plain[] = "\\\\a\ab\be\033f\fn\nr\rt\tv\v";
    char c = **s;
    for (const char *p = plain; *p; p += 2) {
        if (c == p[0]) {
            (*s)++;
            return (unsigned char)p[1];
        }
    }
    if (c == 'c') {
        (*s)++;
        return BOX_ESCAPE_STOP;
    }
    if (c == 'x' && isxdigit((unsigned char)(*s)[1])) {
        (*s)++;
        int value = 0;
        for (int i = 0; i < 2 && isxdigit((unsigned char)**s); i++, (*s)++)
            value = value * 16 + hex_value((unsigned char)**s);
        return value;
    }
    if (echo_octal && c == '0') {
        (*s)++;
        return octal_digits(s, 3) & 0xff;
    }
    if (!echo_octal && c >= '0' && c <= '7')
        return octal_digits(s, 3) & 0xff;
    return BOX_ESCAPE_UNKNOWN;
}

bool box_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

int box_terminal_columns(void)
{
    const char *env = getenv("COLUMNS");
    long long cols;
    if (env && box_parse_long(env, &cols) && cols > 0 && cols < 10000)
        return (int)cols;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return BOX_DEFAULT_COLUMNS;
}

FILE *box_open_input(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    return fopen(path, "r");
}

void box_close_input(FILE *f)
{
    if (f == stdin)
        clearerr(f);
    else
        fclose(f);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **box_list_dir(const char *path, bool all, size_t *count)
{
    DIR *dir = opendir(path);
    if (!dir)
        return NULL;
    size_t n = 0, cap = 16;
    char **names = box_malloc(cap * sizeof *names);
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!all && e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap *= 2;
            names = box_realloc(names, cap * sizeof *names);
        }
        names[n++] = box_strdup(e->d_name);
    }
    int err = errno;
    closedir(dir);
    if (err) {
        box_free_names(names, n);
        errno = err;
        return NULL;
    }
    qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

void box_free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

char *box_path_join(const char *dir, const char *name)
{
    size_t dlen = strlen(dir);
    bool slash = dlen > 0 && dir[dlen - 1] == '/';
    char *p = box_malloc(dlen + strlen(name) + 2);
    sprintf(p, slash ? "%s%s" : "%s/%s", dir, name);
    return p;
}

char *box_basename(const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (len == 1 && path[0] == '/')
        start = 0;
    char *out = box_malloc(len - start + 1);
    memcpy(out, path + start, len - start);
    out[len - start] = '\0';
    return out;
}

/* ---- the user database ---------------------------------------------------------------------- */

/* Finds the line of the colon-separated file whose name (field 0) or id (field 2) matches, and
 * copies the other into out. by_name: match on name, return the id; else the reverse. */
static bool db_lookup(const char *file, const char *key, bool by_name, char *out, size_t cap)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        char *fields[3] = {line, NULL, NULL};
        char *p = line;
        for (int i = 1; i < 3 && (p = strchr(p, ':')); i++) {
            *p++ = '\0';
            fields[i] = p;
        }
        if (!fields[2])
            continue;
        fields[2][strcspn(fields[2], ":\n")] = '\0';
        const char *match = by_name ? fields[0] : fields[2];
        const char *other = by_name ? fields[2] : fields[0];
        if (strcmp(match, key) == 0 && strlen(other) < cap) {
            strcpy(out, other);
            found = true;
        }
    }
    fclose(f);
    return found;
}

static char db_result[256];

const char *box_user_name(uid_t uid)
{
    char key[32];
    snprintf(key, sizeof key, "%u", (unsigned)uid);
    return db_lookup("/etc/passwd", key, false, db_result, sizeof db_result) ? db_result : NULL;
}

const char *box_group_name(gid_t gid)
{
    char key[32];
    snprintf(key, sizeof key, "%u", (unsigned)gid);
    return db_lookup("/etc/group", key, false, db_result, sizeof db_result) ? db_result : NULL;
}

static bool db_id(const char *file, const char *name, unsigned *id)
{
    char buf[32];
    long long v;
    if (!db_lookup(file, name, true, buf, sizeof buf) || !box_parse_long(buf, &v))
        return false;
    *id = (unsigned)v;
    return true;
}

bool box_user_id(const char *name, uid_t *uid)
{
    unsigned id;
    if (!db_id("/etc/passwd", name, &id))
        return false;
    *uid = id;
    return true;
}

bool box_group_id(const char *name, gid_t *gid)
{
    unsigned id;
    if (!db_id("/etc/group", name, &id))
        return false;
    *gid = id;
    return true;
}

/* ---- dates ---------------------------------------------------------------------------------- */

static bool strip_suffix(char *s, const char *suffix)
{
    size_t len = strlen(s), slen = strlen(suffix);
    if (len < slen || strcmp(s + len - slen, suffix) != 0)
        return false;
    s[len - slen] = '\0';
    while (len > slen && s[len - slen - 1] == ' ')
        s[--len - slen] = '\0';
    return true;
}

bool box_parse_date(const char *text, struct timespec *out)
{
    if (text[0] == '@') {
        long long secs;
        if (!box_parse_long(text + 1, &secs))
            return false;
        *out = (struct timespec){.tv_sec = (time_t)secs};
        return true;
    }
    static const char *const formats[] = {
        "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",          "%H:%M:%S",          "%H:%M"};
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    bool utc = strip_suffix(buf, "UTC") || strip_suffix(buf, "Z");
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        const char *end = strptime(buf, formats[i], &tm);
        if (!end || *end)
            continue;
        tm.tm_isdst = -1;
        out->tv_sec = utc ? timegm(&tm) : mktime(&tm);
        out->tv_nsec = 0;
        return true;
    }
    return false;
}
