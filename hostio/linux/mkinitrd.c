/*
 * hostio/linux/mkinitrd.c - vx-mkinitrd, the build's packer for the boot image (initrd).
 *
 *   vx-mkinitrd OUTPUT [DEST=SOURCE | -s DEST=TARGET]...
 *
 * Writes a cpio newc archive (lib/cpio.h describes the format) holding each SOURCE at the path
 * DEST inside the image: a file as a file, a directory with everything under it (files,
 * directories and symlinks, as lstat sees them). `-s DEST=TARGET` adds a symlink at DEST whose
 * target is the text TARGET (1..255 bytes; nothing on the host needs to exist), e.g.
 * `-s bin/ls=box`. Every directory on the way to an entry gets
 * an entry of its own. The archive is deterministic, so the same inputs give the same bytes:
 * entries sorted by path (bytewise), inodes numbered 1, 2, ... in that order, mtime, uid and
 * gid 0, modes 0755 for directories and for files with any execute bit, 0644 for other files.
 * DEST paths follow the kernel's rules (cpio_path_check): relative to the image's root, no
 * "." or ".." or empty components; a leading "/" is dropped.
 *
 * The archive is built in memory, checked with the kernel's own reader (cpio_validate), and
 * written to OUTPUT.tmp, then renamed, so a failed run never leaves half an image behind.
 * Exit status: 0, 1 on any error (one line says what), 2 for bad usage.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cpio.h"

#define EXIT_FAILED     1
#define EXIT_USAGE      2
#define MODE_EXEC       0755u
#define MODE_DATA       0644u
#define FILE_SIZE_LIMIT 0xffffffffull /* filesize is 8 hex digits */

struct entry {
    char *dest;    /* normal form, no leading "/" */
    char *src;     /* host path; NULL for a directory implied by a deeper entry */
    uint32_t mode; /* type and permissions as written */
    char *target;  /* a symlink given with -s: its target; NULL otherwise */
};

struct image {
    struct entry *v;
    size_t n, cap;
};

struct buf {
    unsigned char *p;
    size_t len, cap;
};

static const char *prog = "vx-mkinitrd";

__attribute__((format(printf, 1, 2))) static void complain(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        complain("out of memory");
        exit(EXIT_FAILED);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* ---- collecting entries ------------------------------------------------------------------- */

static struct entry *find(struct image *img, const char *dest)
{
    for (size_t i = 0; i < img->n; i++) {
        if (strcmp(img->v[i].dest, dest) == 0)
            return &img->v[i];
    }
    return NULL;
}

/* Add one entry. A directory may be named more than once (implied, or by two sources); any
 * other path only once. Takes ownership of src. */
static int add(struct image *img, const char *dest, char *src, uint32_t mode)
{
    struct entry *old = find(img, dest);
    if (old) {
        bool dirs = (old->mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR &&
                    (mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
        if (!dirs) {
            complain("'%s' is given twice (from %s and %s)", dest,
                     old->src ? old->src : "a directory", src ? src : "a directory");
            free(src);
            return -1;
        }
        free(src);
        return 0;
    }
    if (img->n == img->cap) {
        img->cap = img->cap ? 2 * img->cap : 64;
        img->v = xrealloc(img->v, img->cap * sizeof *img->v);
    }
    img->v[img->n++] = (struct entry){xstrdup(dest), src, mode, NULL};
    return 0;
}

/* Directory entries for every proper prefix of dest ("a/b/c" gives "a" and "a/b"). */
static int add_parents(struct image *img, const char *dest)
{
    char path[CPIO_NAME_MAX];
    snprintf(path, sizeof path, "%s", dest);
    for (char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (add(img, path, NULL, CPIO_MODE_DIR | MODE_EXEC) != 0)
            return -1;
        *slash = '/';
    }
    return 0;
}

static int add_tree(struct image *img, const char *dest, const char *src);

/* Add src (any type lstat knows) at dest. */
static int add_source(struct image *img, const char *dest, const char *src)
{
    struct stat st;
    if (lstat(src, &st) != 0) {
        complain("%s: %s", src, strerror(errno));
        return -1;
    }
    /* Names found under a directory are checked here too: a file named "a\nb" must be
     * refused with its name, not discovered when the archive is read back. */
    const char *norm;
    size_t norm_len;
    char why[CPIO_WHY_BYTES];
    if (cpio_path_check(dest, strlen(dest), &norm, &norm_len, why) != VX_OK) {
        complain("%s: %s", src, why);
        return -1;
    }
    if (add_parents(img, dest) != 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        if (add(img, dest, xstrdup(src), CPIO_MODE_DIR | MODE_EXEC) != 0)
            return -1;
        return add_tree(img, dest, src);
    }
    if (S_ISREG(st.st_mode)) {
        if ((uint64_t)st.st_size > FILE_SIZE_LIMIT) {
            complain("%s: %lld bytes is more than a cpio entry holds", src, (long long)st.st_size);
            return -1;
        }
        uint32_t perm = st.st_mode & 0111 ? MODE_EXEC : MODE_DATA;
        return add(img, dest, xstrdup(src), CPIO_MODE_FILE | perm);
    }
    if (S_ISLNK(st.st_mode))
        return add(img, dest, xstrdup(src), CPIO_MODE_SYMLINK | 0777u);
    complain("%s: not a file, directory or symlink", src);
    return -1;
}

static int add_tree(struct image *img, const char *dest, const char *src)
{
    DIR *d = opendir(src);
    if (!d) {
        complain("%s: %s", src, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *child_dest, *child_src;
        if (asprintf(&child_dest, "%s/%s", dest, de->d_name) < 0 ||
            asprintf(&child_src, "%s/%s", src, de->d_name) < 0) {
            complain("out of memory");
            exit(EXIT_FAILED);
        }
        rc = add_source(img, child_dest, child_src);
        free(child_dest);
        free(child_src);
    }
    closedir(d);
    return rc;
}

/* One DEST=SOURCE argument. */
static int add_argument(struct image *img, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || eq[1] == '\0') {
        complain("'%s' is not DEST=SOURCE", arg);
        return -1;
    }
    char *dest = strndup(arg, (size_t)(eq - arg));
    const char *norm;
    size_t norm_len;
    char why[CPIO_WHY_BYTES];
    int rc = -1;
    if (!dest) {
        complain("out of memory");
        exit(EXIT_FAILED);
    }
    if (cpio_path_check(dest, strlen(dest), &norm, &norm_len, why) != VX_OK)
        complain("%s: %s", arg, why);
    else if (norm_len == 0)
        complain("%s: the image's root cannot be a destination", arg);
    else
        rc = add_source(img, norm, eq + 1);
    free(dest);
    return rc;
}

/* One -s DEST=TARGET argument: a symlink that exists only in the image. */
static int add_symlink_argument(struct image *img, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || eq[1] == '\0') {
        complain("-s '%s' is not DEST=TARGET", arg);
        return -1;
    }
    if (strlen(eq + 1) >= CPIO_NAME_MAX) {
        complain("-s %s: the target is over %u bytes", arg, CPIO_NAME_MAX - 1);
        return -1;
    }
    char *dest = strndup(arg, (size_t)(eq - arg));
    if (!dest) {
        complain("out of memory");
        exit(EXIT_FAILED);
    }
    const char *norm;
    size_t norm_len;
    char why[CPIO_WHY_BYTES];
    int rc = -1;
    if (cpio_path_check(dest, strlen(dest), &norm, &norm_len, why) != VX_OK)
        complain("-s %s: %s", arg, why);
    else if (norm_len == 0)
        complain("-s %s: the image's root cannot be a symlink", arg);
    else if (add_parents(img, norm) == 0 &&
             add(img, norm, xstrdup(arg), CPIO_MODE_SYMLINK | 0777u) == 0) {
        img->v[img->n - 1].target = xstrdup(eq + 1);
        rc = 0;
    }
    free(dest);
    return rc;
}

/* ---- writing the archive ------------------------------------------------------------------ */

static void put(struct buf *b, const void *p, size_t n)
{
    if (b->cap - b->len < n) {
        while (b->cap - b->len < n)
            b->cap = b->cap ? 2 * b->cap : 1 << 16;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void pad(struct buf *b)
{
    static const unsigned char zeros[CPIO_ALIGN];
    put(b, zeros, (CPIO_ALIGN - b->len % CPIO_ALIGN) % CPIO_ALIGN);
}

static void put_header(struct buf *b, uint32_t ino, uint32_t mode, uint32_t nlink, uint32_t size,
                       const char *name)
{
    char h[CPIO_HEADER_BYTES + 1];
    uint32_t namesize = (uint32_t)strlen(name) + 1;
    /* magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
     * rdevminor, namesize, check */
    snprintf(h, sizeof h, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode,
             0u, 0u, nlink, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
    put(b, h, CPIO_HEADER_BYTES);
    put(b, name, namesize);
    pad(b);
}

/* Read the whole of a regular file that lstat said has `size` bytes. */
static int put_file(struct buf *b, const char *src, uint64_t size)
{
    FILE *f = fopen(src, "rb");
    if (!f) {
        complain("%s: %s", src, strerror(errno));
        return -1;
    }
    size_t start = b->len;
    unsigned char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        put(b, chunk, got);
    int err = ferror(f);
    fclose(f);
    if (err || b->len - start != size) {
        complain("%s: %s", src, err ? "read error" : "changed size while being read");
        return -1;
    }
    return 0;
}

static int put_entry(struct buf *b, const struct entry *e, uint32_t ino)
{
    uint32_t type = e->mode & CPIO_MODE_TYPE;
    if (type == CPIO_MODE_DIR) {
        put_header(b, ino, e->mode, 2, 0, e->dest);
        return 0;
    }
    if (type == CPIO_MODE_SYMLINK) {
        char target[CPIO_NAME_MAX];
        ssize_t n = e->target ? (ssize_t)strlen(e->target) : readlink(e->src, target, sizeof target);
        if (e->target)
            memcpy(target, e->target, (size_t)n);
        if (n <= 0 || (size_t)n >= sizeof target) {
            complain("%s: cannot read the link (or it is over %u bytes)", e->src,
                     CPIO_NAME_MAX - 1);
            return -1;
        }
        put_header(b, ino, e->mode, 1, (uint32_t)n, e->dest);
        put(b, target, (size_t)n);
        pad(b);
        return 0;
    }
    struct stat st;
    if (stat(e->src, &st) != 0) {
        complain("%s: %s", e->src, strerror(errno));
        return -1;
    }
    put_header(b, ino, e->mode, 1, (uint32_t)st.st_size, e->dest);
    if (put_file(b, e->src, (uint64_t)st.st_size) != 0)
        return -1;
    pad(b);
    return 0;
}

static int by_dest(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->dest, ((const struct entry *)b)->dest);
}

static int build(struct image *img, struct buf *b)
{
    qsort(img->v, img->n, sizeof *img->v, by_dest);
    for (size_t i = 0; i < img->n; i++) {
        if (put_entry(b, &img->v[i], (uint32_t)(i + 1)) != 0)
            return -1;
    }
    put_header(b, 0, 0, 1, 0, CPIO_TRAILER);
    /* The kernel's reader is the judge of what the kernel will accept. */
    struct cpio_summary sum;
    char why[CPIO_WHY_BYTES];
    if (cpio_validate(b->p, b->len, &sum, why) != VX_OK) {
        complain("internal error: the archive does not read back: %s", why);
        return -1;
    }
    return 0;
}

static int write_out(const char *path, const struct buf *b)
{
    char *tmp;
    if (asprintf(&tmp, "%s.tmp", path) < 0) {
        complain("out of memory");
        exit(EXIT_FAILED);
    }
    int rc = -1;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        complain("%s: %s", tmp, strerror(errno));
        goto out_free_tmp;
    }
    bool ok = fwrite(b->p, 1, b->len, f) == b->len;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        complain("%s: write failed", tmp);
        goto out_remove_tmp;
    }
    if (rename(tmp, path) != 0) {
        complain("%s: %s", path, strerror(errno));
        goto out_remove_tmp;
    }
    rc = 0;
    goto out_free_tmp;
out_remove_tmp:
    remove(tmp);
out_free_tmp:
    free(tmp);
    return rc;
}

int main(int argc, char **argv)
{
    struct image img = {0};
    struct buf b = {0};
    int rc = EXIT_FAILED;
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s OUTPUT [DEST=SOURCE | -s DEST=TARGET]...\n", prog);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        bool link = strcmp(argv[i], "-s") == 0;
        if (link && i + 1 == argc) {
            fprintf(stderr, "usage: %s OUTPUT [DEST=SOURCE | -s DEST=TARGET]...\n", prog);
            rc = EXIT_USAGE;
            goto out_free;
        }
        if ((link ? add_symlink_argument(&img, argv[++i]) : add_argument(&img, argv[i])) != 0)
            goto out_free;
    }
    if (build(&img, &b) == 0 && write_out(argv[1], &b) == 0)
        rc = 0;
out_free:
    for (size_t i = 0; i < img.n; i++) {
        free(img.v[i].dest);
        free(img.v[i].src);
        free(img.v[i].target);
    }
    free(img.v);
    free(b.p);
    return rc;
}
