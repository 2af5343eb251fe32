/* fileops.c - applets that create, change and remove directory entries: rm (-r -f -d), mkdir
 * (-p -m), rmdir (-p), ln (-s -f), touch (-c -a -m -d -t -r) and chmod (-R, octal and
 * symbolic modes). cp and mv are in copy.c. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PERMISSION_BITS 07777

/* ---- modes --------------------------------------------------------------------------------- */

/* The bits named by "rwxXst" letters for the users in `who` (a mask of 07777). */
static mode_t mode_letters(const char **p, mode_t who, mode_t old, bool is_dir)
{
    mode_t bits = 0;
    for (; **p && strchr("rwxXst", **p); (*p)++) {
        switch (**p) {
        case 'r':
            bits |= who & 0444;
            break;
        case 'w':
            bits |= who & 0222;
            break;
        case 'x':
            bits |= who & 0111;
            break;
        case 'X':
            if (is_dir || (old & 0111))
                bits |= who & 0111;
            break;
        case 's':
            bits |= who & 06000;
            break;
        case 't':
            bits |= who & 01000;
            break;
        }
    }
    return bits;
}

/* The bits of old that a "u", "g" or "o" copy names, spread to the users in who. */
static mode_t mode_copy(char from, mode_t who, mode_t old)
{
    mode_t rwx = from == 'u' ? (old >> 6) & 7 : from == 'g' ? (old >> 3) & 7 : old & 7;
    return who & (rwx << 6 | rwx << 3 | rwx);
}

static mode_t current_umask(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return mask;
}

/* One clause: [ugoa]*([-+=]([rwxXst]*|[ugo]))+ */
static bool mode_clause(const char **p, mode_t *mode, bool is_dir)
{
    mode_t who = 0;
    for (; **p && strchr("ugoa", **p); (*p)++)
        who |= **p == 'u' ? 04700 : **p == 'g' ? 02070 : **p == 'o' ? 01007 : 07777;
    /* Without a who, the umask's bits are left alone (chmod(1), "+w" vs "a+w"). */
    mode_t mask = who ? who : 07777 & ~current_umask();
    if (!strchr("+-=", **p) || !**p)
        return false;
    while (**p && strchr("+-=", **p)) {
        char op = *(*p)++;
        mode_t bits;
        if (**p && strchr("ugo", **p))
            bits = mode_copy(*(*p)++, who ? who : 07777, *mode) & mask;
        else
            bits = mode_letters(p, who ? who : 07777, *mode, is_dir) & (mask | 06000);
        if (op == '+')
            *mode |= bits;
        else if (op == '-')
            *mode &= ~bits;
        else
            *mode = (*mode & ~(who ? who : 07777)) | bits;
    }
    return true;
}

/* Applies an octal or symbolic mode to old; false if spec is not a mode. */
static bool parse_mode(const char *spec, mode_t old, bool is_dir, mode_t *out)
{
    if (isdigit((unsigned char)spec[0])) {
        char *end;
        unsigned long v = strtoul(spec, &end, 8);
        if (*end || v > PERMISSION_BITS)
            return false;
        *out = (mode_t)v;
        return true;
    }
    mode_t mode = old & PERMISSION_BITS;
    const char *p = spec;
    for (;;) {
        if (!mode_clause(&p, &mode, is_dir))
            return false;
        if (*p != ',')
            break;
        p++;
    }
    if (*p)
        return false;
    *out = mode;
    return true;
}

/* ---- rm ------------------------------------------------------------------------------------ */

struct rm_opts {
    bool force, recursive, empty_dirs, verbose;
};

static bool rm_path(const struct rm_opts *o, const char *path);

static bool rm_tree(const struct rm_opts *o, const char *path)
{
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names) {
        box_warn_errno("cannot remove '%s'", path);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *child = box_path_join(path, names[i]);
        ok &= rm_path(o, child);
        free(child);
    }
    box_free_names(names, n);
    if (ok && rmdir(path) != 0) {
        box_warn_errno("cannot remove '%s'", path);
        return false;
    }
    if (ok && o->verbose)
        printf("removed directory '%s'\n", path);
    return ok;
}

static bool rm_path(const struct rm_opts *o, const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (o->force && (errno == ENOENT || errno == ENOTDIR))
            return true;
        box_warn_errno("cannot remove '%s'", path);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        if (o->recursive)
            return rm_tree(o, path);
        if (!o->empty_dirs) {
            errno = EISDIR;
            box_warn_errno("cannot remove '%s'", path);
            return false;
        }
        if (rmdir(path) != 0) {
            box_warn_errno("cannot remove '%s'", path);
            return false;
        }
    } else if (unlink(path) != 0) {
        box_warn_errno("cannot remove '%s'", path);
        return false;
    }
    if (o->verbose)
        printf("removed '%s'\n", path);
    return true;
}

int rm_main(int argc, char **argv)
{
    struct rm_opts o = {0};
    int opt;
    while ((opt = getopt(argc, argv, "frRdiv")) != -1) {
        switch (opt) {
        case 'f':
            o.force = true;
            break;
        case 'r':
        case 'R':
            o.recursive = true;
            break;
        case 'd':
            o.empty_dirs = true;
            break;
        case 'i':
            break;
        case 'v':
            o.verbose = true;
            break;
        default:
            return box_usage(1);
        }
    }
    if (optind >= argc && !o.force) {
        box_warn("missing operand");
        return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *base = box_basename(argv[i]);
        bool dots = strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
        free(base);
        if (dots) {
            box_warn("refusing to remove '.' or '..' directory: skipping '%s'", argv[i]);
            status = 1;
        } else if (o.recursive && strcmp(argv[i], "/") == 0) {
            box_warn("it is dangerous to operate recursively on '/'");
            status = 1;
        } else if (!rm_path(&o, argv[i])) {
            status = 1;
        }
    }
    return status;
}

/* ---- mkdir and rmdir ----------------------------------------------------------------------- */

/* mkdir -p: creates path and its missing parents; an existing directory is fine. */
static bool make_parents(const char *path, mode_t mode)
{
    char *copy = box_strdup(path);
    bool ok = true;
    for (char *p = copy + 1; ok; p++) {
        bool last = *p == '\0';
        if (*p != '/' && !last)
            continue;
        *p = '\0';
        struct stat st;
        if (mkdir(copy, last ? mode : 0777) != 0 &&
            !(errno == EEXIST && stat(copy, &st) == 0 && S_ISDIR(st.st_mode))) {
            box_warn_errno("cannot create directory '%s'", copy);
            ok = false;
        }
        if (last)
            break;
        *p = '/';
    }
    free(copy);
    return ok;
}

int mkdir_main(int argc, char **argv)
{
    bool parents = false, verbose = false;
    const char *mode_spec = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "pm:v")) != -1) {
        if (opt == 'p')
            parents = true;
        else if (opt == 'm')
            mode_spec = optarg;
        else if (opt == 'v')
            verbose = true;
        else
            return box_usage(1);
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    mode_t mode = 0777 & ~current_umask();
    if (mode_spec && !parse_mode(mode_spec, 0777, true, &mode))
        box_die(1, "invalid mode '%s'", mode_spec);
    int status = 0;
    for (int i = optind; i < argc; i++) {
        bool ok = parents ? make_parents(argv[i], 0777) : mkdir(argv[i], 0777) == 0;
        if (!ok) {
            if (!parents)
                box_warn_errno("cannot create directory '%s'", argv[i]);
            status = 1;
            continue;
        }
        /* An explicit -m is exact, not filtered by the umask. */
        if (mode_spec && chmod(argv[i], mode) != 0) {
            box_warn_errno("cannot set permissions of '%s'", argv[i]);
            status = 1;
        }
        if (verbose)
            printf("mkdir: created directory '%s'\n", argv[i]);
    }
    return status;
}

int rmdir_main(int argc, char **argv)
{
    bool parents = false, ignore_nonempty = false;
    static const struct option longopts[] = {{"ignore-fail-on-non-empty", no_argument, NULL, 'I'},
                                             {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "pv", longopts, NULL)) != -1) {
        if (opt == 'p')
            parents = true;
        else if (opt == 'I')
            ignore_nonempty = true;
        else if (opt != 'v')
            return box_usage(1);
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *path = box_strdup(argv[i]);
        for (;;) {
            size_t len = strlen(path);
            while (len > 1 && path[len - 1] == '/')
                path[--len] = '\0';
            if (rmdir(path) != 0) {
                if (!(ignore_nonempty && (errno == ENOTEMPTY || errno == EEXIST))) {
                    box_warn_errno("failed to remove '%s'", path);
                    status = 1;
                }
                break;
            }
            char *slash = strrchr(path, '/');
            if (!parents || !slash || slash == path)
                break;
            *slash = '\0';
        }
        free(path);
    }
    return status;
}

/* ---- ln ------------------------------------------------------------------------------------ */

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool make_link(const char *target, const char *link_name, bool symbolic, bool force)
{
    if (force && unlink(link_name) != 0 && errno != ENOENT) {
        box_warn_errno("cannot remove '%s'", link_name);
        return false;
    }
    if ((symbolic ? symlink(target, link_name) : link(target, link_name)) != 0) {
        if (!symbolic && errno == ENOENT && access(target, F_OK) != 0)
            box_warn_errno("failed to access '%s'", target);
        else
            box_warn_errno("failed to create %s link '%s'", symbolic ? "symbolic" : "hard",
                           link_name);
        return false;
    }
    return true;
}

int ln_main(int argc, char **argv)
{
    bool symbolic = false, force = false, no_deref = false;
    int opt;
    while ((opt = getopt(argc, argv, "sfnTv")) != -1) {
        if (opt == 's')
            symbolic = true;
        else if (opt == 'f')
            force = true;
        else if (opt == 'n')
            no_deref = true;
        else if (opt == '?')
            return box_usage(1);
    }
    int nops = argc - optind;
    if (nops < 1) {
        box_warn("missing file operand");
        return box_usage(1);
    }
    const char *last = argv[argc - 1];
    bool into_dir = nops >= 2 && is_directory(last) && !(no_deref && nops == 2);
    if (nops > 2 && !into_dir)
        box_die(1, "target '%s' is not a directory", last);
    if (nops == 1 || into_dir) {
        /* The links go into the directory under the targets' names ("./NAME" for one
         * operand, which is also how GNU names them in messages). */
        const char *dir = nops == 1 ? "." : last;
        int status = 0;
        for (int i = optind; i < argc - (nops > 1); i++) {
            char *base = box_basename(argv[i]);
            char *dest = box_path_join(dir, base);
            if (!make_link(argv[i], dest, symbolic, force))
                status = 1;
            free(base);
            free(dest);
        }
        return status;
    }
    return make_link(argv[optind], last, symbolic, force) ? 0 : 1;
}

/* ---- touch --------------------------------------------------------------------------------- */

static bool parse_touch_stamp(const char *s, struct timespec *out)
{
    /* [[CC]YY]MMDDhhmm[.ss] */
    char digits[16] = "", seconds[4] = "00";
    const char *dot = strchr(s, '.');
    size_t len = dot ? (size_t)(dot - s) : strlen(s);
    if (len != 8 && len != 10 && len != 12)
        return false;
    if (dot && (strlen(dot + 1) != 2 || !isdigit((unsigned char)dot[1])))
        return false;
    memcpy(digits, s, len);
    if (dot)
        memcpy(seconds, dot + 1, 2);
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)digits[i]))
            return false;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    const char *p = digits;
    if (len == 12) {
        tm.tm_year =
            (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0') - 1900;
        p += 4;
    } else if (len == 10) {
        int yy = (p[0] - '0') * 10 + (p[1] - '0');
        tm.tm_year = yy < 69 ? yy + 100 : yy;
        p += 2;
    }
    tm.tm_mon = (p[0] - '0') * 10 + (p[1] - '0') - 1;
    tm.tm_mday = (p[2] - '0') * 10 + (p[3] - '0');
    tm.tm_hour = (p[4] - '0') * 10 + (p[5] - '0');
    tm.tm_min = (p[6] - '0') * 10 + (p[7] - '0');
    tm.tm_sec = atoi(seconds);
    tm.tm_isdst = -1;
    *out = (struct timespec){.tv_sec = mktime(&tm)};
    return true;
}

int touch_main(int argc, char **argv)
{
    bool no_create = false, only_access = false, only_modify = false;
    struct timespec when = {.tv_nsec = UTIME_NOW};
    int opt;
    while ((opt = getopt(argc, argv, "acmd:t:r:fh")) != -1) {
        struct stat st;
        switch (opt) {
        case 'a':
            only_access = true;
            break;
        case 'c':
            no_create = true;
            break;
        case 'm':
            only_modify = true;
            break;
        case 'd':
            if (!box_parse_date(optarg, &when))
                box_die(1, "invalid date format '%s'", optarg);
            break;
        case 't':
            if (!parse_touch_stamp(optarg, &when))
                box_die(1, "invalid date format '%s'", optarg);
            break;
        case 'r':
            if (stat(optarg, &st) != 0)
                box_die_errno(1, "failed to get attributes of '%s'", optarg);
            when = st.st_mtim;
            break;
        case 'f':
        case 'h':
            break;
        default:
            return box_usage(1);
        }
    }
    if (optind >= argc) {
        box_warn("missing file operand");
        return box_usage(1);
    }
    struct timespec times[2] = {when, when};
    if (only_modify && !only_access)
        times[0].tv_nsec = UTIME_OMIT;
    if (only_access && !only_modify)
        times[1].tv_nsec = UTIME_OMIT;
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (access(argv[i], F_OK) != 0) {
            if (no_create)
                continue;
            int fd = open(argv[i], O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0666);
            if (fd < 0) {
                box_warn_errno("cannot touch '%s'", argv[i]);
                status = 1;
                continue;
            }
            close(fd);
        }
        if (utimensat(AT_FDCWD, argv[i], times, 0) != 0) {
            box_warn_errno("setting times of '%s'", argv[i]);
            status = 1;
        }
    }
    return status;
}

/* ---- chmod --------------------------------------------------------------------------------- */

static bool chmod_path(const char *mode_spec, const char *path, bool recursive)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        box_warn_errno("cannot access '%s'", path);
        return false;
    }
    mode_t mode;
    if (!parse_mode(mode_spec, st.st_mode, S_ISDIR(st.st_mode), &mode))
        box_die(1, "invalid mode: '%s'", mode_spec);
    bool ok = true;
    if (chmod(path, mode) != 0) {
        box_warn_errno("changing permissions of '%s'", path);
        ok = false;
    }
    if (!recursive || !S_ISDIR(st.st_mode))
        return ok;
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        return ok;
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names) {
        box_warn_errno("cannot read directory '%s'", path);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char *child = box_path_join(path, names[i]);
        if (lstat(child, &lst) == 0 && !S_ISLNK(lst.st_mode))
            ok &= chmod_path(mode_spec, child, true);
        free(child);
    }
    box_free_names(names, n);
    return ok;
}

int chmod_main(int argc, char **argv)
{
    bool recursive = false;
    int i = 1;
    /* Options first; "-w" and "-x" are modes, not options. */
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-R") == 0)
            recursive = true;
        else if (strspn(argv[i] + 1, "rwxXst") != strlen(argv[i] + 1) &&
                 strcmp(argv[i], "-v") != 0 && strcmp(argv[i], "-f") != 0) {
            box_warn("invalid option -- '%c'", argv[i][1]);
            return box_usage(1);
        } else if (argv[i][1] != 'v' && argv[i][1] != 'f') {
            break;
        }
    }
    if (i >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    const char *mode_spec = argv[i++];
    mode_t probe;
    if (!parse_mode(mode_spec, 0, false, &probe)) {
        box_warn("invalid mode: '%s'", mode_spec);
        return box_usage(1);
    }
    if (i >= argc) {
        box_warn("missing operand after '%s'", mode_spec);
        return box_usage(1);
    }
    int status = 0;
    for (; i < argc; i++)
        if (!chmod_path(mode_spec, argv[i], recursive))
            status = 1;
    return status;
}
