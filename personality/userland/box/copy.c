/* copy.c - cp (-r -R -p -a -f -P -d -L -n -v) and mv (-f -n -v). mv renames, and across file
 * systems falls back to cp -a followed by rm -r. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK 65536

struct cp_opts {
    bool recursive, preserve, force, no_clobber, verbose;
    bool deref_args;  /* follow symlinks named on the command line */
    bool deref_inner; /* follow symlinks met while recursing */
};

static bool copy_path(const struct cp_opts *o, const char *src, const char *dst, bool top);

static bool copy_data(int in, int out, const char *src, const char *dst)
{
    static char buf[COPY_CHUNK];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (!box_write_all(out, buf, (size_t)n)) {
            box_warn_errno("error writing '%s'", dst);
            return false;
        }
    }
    if (n < 0)
        box_warn_errno("error reading '%s'", src);
    return n == 0;
}

static void preserve_attributes(const char *dst, const struct stat *st, bool is_link)
{
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    int flags = is_link ? AT_SYMLINK_NOFOLLOW : 0;
    /* Ownership may be refused to an unprivileged user; GNU cp ignores that too. */
    if (fchownat(AT_FDCWD, dst, st->st_uid, st->st_gid, flags) != 0 && errno != EPERM)
        box_warn_errno("failed to preserve ownership for '%s'", dst);
    if (!is_link)
        chmod(dst, st->st_mode & 07777);
    utimensat(AT_FDCWD, dst, times, flags);
}

static bool copy_file(const struct cp_opts *o, const char *src, const char *dst,
                      const struct stat *st)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        box_warn_errno("cannot open '%s' for reading", src);
        return false;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    if (out < 0 && o->force && unlink(dst) == 0)
        out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    if (out < 0) {
        box_warn_errno("cannot create regular file '%s'", dst);
        close(in);
        return false;
    }
    bool ok = copy_data(in, out, src, dst);
    close(in);
    if (close(out) != 0) {
        box_warn_errno("error writing '%s'", dst);
        ok = false;
    }
    if (ok && o->preserve)
        preserve_attributes(dst, st, false);
    return ok;
}

static bool copy_symlink(const struct cp_opts *o, const char *src, const char *dst,
                         const struct stat *st)
{
    char target[PATH_MAX];
    ssize_t n = readlink(src, target, sizeof target - 1);
    if (n < 0) {
        box_warn_errno("cannot read symbolic link '%s'", src);
        return false;
    }
    target[n] = '\0';
    if (o->force)
        unlink(dst);
    if (symlink(target, dst) != 0) {
        box_warn_errno("cannot create symbolic link '%s'", dst);
        return false;
    }
    if (o->preserve)
        preserve_attributes(dst, st, true);
    return true;
}

/* True if dst lies inside src (copying a directory into itself). */
static bool inside(const char *src, const char *dst)
{
    char *rs = realpath(src, NULL);
    char *dir = box_strdup(dst);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    char *rd = realpath(slash ? (*dir ? dir : "/") : ".", NULL);
    bool in = false;
    if (rs && rd) {
        size_t len = strlen(rs);
        in = strncmp(rs, rd, len) == 0 && (rd[len] == '/' || rd[len] == '\0');
    }
    free(rs);
    free(rd);
    free(dir);
    return in;
}

static mode_t current_umask(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return mask;
}

static bool copy_directory(const struct cp_opts *o, const char *src, const char *dst,
                           const struct stat *st)
{
    if (inside(src, dst)) {
        box_warn("cannot copy a directory, '%s', into itself, '%s'", src, dst);
        return false;
    }
    struct stat dst_st;
    bool created = false;
    if (stat(dst, &dst_st) != 0) {
        if (mkdir(dst, (st->st_mode & 0777) | 0700) != 0) {
            box_warn_errno("cannot create directory '%s'", dst);
            return false;
        }
        created = true;
    } else if (!S_ISDIR(dst_st.st_mode)) {
        box_warn("cannot overwrite non-directory '%s' with directory '%s'", dst, src);
        return false;
    }
    size_t n;
    char **names = box_list_dir(src, true, &n);
    if (!names) {
        box_warn_errno("cannot access '%s'", src);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *s = box_path_join(src, names[i]), *d = box_path_join(dst, names[i]);
        ok &= copy_path(o, s, d, false);
        free(s);
        free(d);
    }
    box_free_names(names, n);
    if (o->preserve)
        preserve_attributes(dst, st, false);
    else if (created)
        chmod(dst, st->st_mode & 0777 & ~current_umask());
    return ok;
}

static bool same_file(const struct stat *a, const char *dst)
{
    struct stat b;
    return stat(dst, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

static bool copy_path(const struct cp_opts *o, const char *src, const char *dst, bool top)
{
    struct stat st;
    bool deref = top ? o->deref_args : o->deref_inner;
    if ((deref ? stat(src, &st) : lstat(src, &st)) != 0) {
        box_warn_errno("cannot stat '%s'", src);
        return false;
    }
    if (same_file(&st, dst) && !S_ISLNK(st.st_mode)) {
        box_warn("'%s' and '%s' are the same file", src, dst);
        return false;
    }
    if (o->no_clobber && access(dst, F_OK) == 0)
        return true;
    if (o->verbose)
        printf("'%s' -> '%s'\n", src, dst);
    if (S_ISDIR(st.st_mode)) {
        if (!o->recursive) {
            box_warn("-r not specified; omitting directory '%s'", src);
            return false;
        }
        return copy_directory(o, src, dst, &st);
    }
    if (S_ISLNK(st.st_mode))
        return copy_symlink(o, src, dst, &st);
    return copy_file(o, src, dst, &st);
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Checks the operands of cp and mv; returns the destination directory for several sources
 * (or a directory target), or NULL for the SRC DST form; exits on bad usage. */
static const char *target_directory(int nops, char **ops)
{
    if (nops < 1) {
        box_warn("missing file operand");
        exit(box_usage(1));
    }
    if (nops < 2) {
        box_warn("missing destination file operand after '%s'", ops[0]);
        exit(box_usage(1));
    }
    const char *last = ops[nops - 1];
    if (is_directory(last))
        return last;
    if (nops > 2) {
        if (access(last, F_OK) == 0)
            box_die(1, "target '%s' is not a directory", last);
        box_die_errno(1, "target '%s'", last);
    }
    return NULL;
}

int cp_main(int argc, char **argv)
{
    struct cp_opts o = {.deref_args = true, .deref_inner = true};
    bool no_deref = false, deref_all = false;
    int opt;
    while ((opt = getopt(argc, argv, "rRpafPdLnvi")) != -1) {
        switch (opt) {
        case 'r':
        case 'R':
            o.recursive = true;
            break;
        case 'p':
            o.preserve = true;
            break;
        case 'a':
            o.recursive = o.preserve = no_deref = true;
            break;
        case 'f':
            o.force = true;
            break;
        case 'P':
        case 'd':
            no_deref = true;
            break;
        case 'L':
            deref_all = true;
            break;
        case 'n':
            o.no_clobber = true;
            break;
        case 'v':
            o.verbose = true;
            break;
        case 'i':
            break;
        default:
            return box_usage(1);
        }
    }
    /* GNU: -r copies the links it meets as links; -P/-d/-a never follow; -L always does. */
    if (o.recursive)
        o.deref_inner = false;
    if (no_deref)
        o.deref_args = o.deref_inner = false;
    if (deref_all)
        o.deref_args = o.deref_inner = true;
    int nops = argc - optind;
    char **ops = argv + optind;
    const char *dir = target_directory(nops, ops);
    if (!dir)
        return copy_path(&o, ops[0], ops[1], true) ? 0 : 1;
    int status = 0;
    for (int i = 0; i < nops - 1; i++) {
        char *base = box_basename(ops[i]);
        char *dst = box_path_join(dir, base);
        if (!copy_path(&o, ops[i], dst, true))
            status = 1;
        free(base);
        free(dst);
    }
    return status;
}

/* ---- mv ------------------------------------------------------------------------------------ */

static bool remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0;
    size_t n;
    char **names = box_list_dir(path, true, &n);
    if (!names)
        return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *child = box_path_join(path, names[i]);
        ok &= remove_tree(child);
        free(child);
    }
    box_free_names(names, n);
    return ok && rmdir(path) == 0;
}

static bool move_one(const char *src, const char *dst, bool no_clobber, bool verbose)
{
    struct stat st;
    if (lstat(src, &st) != 0) {
        box_warn_errno("cannot stat '%s'", src);
        return false;
    }
    if (no_clobber && access(dst, F_OK) == 0)
        return true;
    if (same_file(&st, dst) && !S_ISLNK(st.st_mode)) {
        box_warn("'%s' and '%s' are the same file", src, dst);
        return false;
    }
    if (verbose)
        printf("renamed '%s' -> '%s'\n", src, dst);
    if (rename(src, dst) == 0)
        return true;
    if (errno != EXDEV) {
        box_warn_errno("cannot move '%s' to '%s'", src, dst);
        return false;
    }
    struct cp_opts o = {.recursive = true, .preserve = true, .force = true};
    if (!copy_path(&o, src, dst, true))
        return false;
    if (!remove_tree(src)) {
        box_warn_errno("cannot remove '%s'", src);
        return false;
    }
    return true;
}

int mv_main(int argc, char **argv)
{
    bool no_clobber = false, verbose = false;
    int opt;
    while ((opt = getopt(argc, argv, "fniv")) != -1) {
        if (opt == 'n')
            no_clobber = true;
        else if (opt == 'v')
            verbose = true;
        else if (opt == '?')
            return box_usage(1);
    }
    int nops = argc - optind;
    char **ops = argv + optind;
    const char *dir = target_directory(nops, ops);
    if (!dir)
        return move_one(ops[0], ops[1], no_clobber, verbose) ? 0 : 1;
    int status = 0;
    for (int i = 0; i < nops - 1; i++) {
        char *base = box_basename(ops[i]);
        char *dst = box_path_join(dir, base);
        if (!move_one(ops[i], dst, no_clobber, verbose))
            status = 1;
        free(base);
        free(dst);
    }
    return status;
}
