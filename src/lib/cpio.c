/*
 * lib/cpio.c - cpio newc reader (contract in cpio.h).
 *
 * cpio_next reads one header at it->pos and checks, in order: room for the header, the magic,
 * thirteen hex fields, the name size (1..CPIO_NAME_MAX, inside the archive, NUL last and only
 * there), the zero padding after the name, the file type and size, the data inside the
 * archive, and the padding after it. Offsets are uint64_t and every addition is compared
 * against the bytes that remain rather than computed first, so no sum can wrap.
 */
#include "lib/cpio.h"

#include "lib/fmt.h"
#include "lib/string.h"

#define MAGIC       "070701"
#define MAGIC_BYTES 6u
#define FIELD_BYTES 8u
#define NFIELDS     13u
#define SHOWN_NAME  48u /* bytes of a name quoted in a message */

/* Header fields, in archive order. */
enum {
    F_INO,
    F_MODE,
    F_UID,
    F_GID,
    F_NLINK,
    F_MTIME,
    F_FILESIZE,
    F_DEVMAJOR,
    F_DEVMINOR,
    F_RDEVMAJOR,
    F_RDEVMINOR,
    F_NAMESIZE,
    F_CHECK
};

static const char *const field_names[NFIELDS] = {
    "ino",      "mode",     "uid",       "gid",       "nlink",    "mtime", "filesize",
    "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

#define REFUSE(status, ...)                                                                        \
    do {                                                                                           \
        vx_snprintf(why, CPIO_WHY_BYTES, __VA_ARGS__);                                             \
        return (status);                                                                           \
    } while (0)

/* A printable copy of at most SHOWN_NAME bytes of s, for messages: the archive is untrusted
 * and a name could hold terminal escape sequences. */
static const char *shown(const char *s, size_t len, char buf[SHOWN_NAME + 4])
{
    size_t n = len < SHOWN_NAME ? len : SHOWN_NAME;
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
    if (n < len) {
        buf[n++] = '.';
        buf[n++] = '.';
        buf[n++] = '.';
    }
    buf[n] = '\0';
    return buf;
}

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Pad an offset up to CPIO_ALIGN; offsets here are below the archive length plus 3, so this
 * cannot wrap for any length a host can map. */
static uint64_t align_up(uint64_t off)
{
    return (off + CPIO_ALIGN - 1) & ~(uint64_t)(CPIO_ALIGN - 1);
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (p[i] != 0)
            return false;
    }
    return true;
}

void cpio_iter_init(struct cpio_iter *it, const void *archive, uint64_t len)
{
    *it = (struct cpio_iter){.archive = archive, .len = archive ? len : 0};
}

static vx_status_t read_header(const struct cpio_iter *it, uint32_t f[NFIELDS], char *why)
{
    uint64_t left = it->len - it->pos;
    if (left == 0)
        REFUSE(VX_EINVAL, "archive ends after %u entries without " CPIO_TRAILER, it->index);
    /* The magic first, when there is room for it: junk is more often junk than short. */
    const uint8_t *h = it->archive + it->pos;
    if (vx_memcmp(h, MAGIC, left < MAGIC_BYTES ? left : MAGIC_BYTES) != 0)
        REFUSE(VX_EINVAL, "entry %u at offset %llu: bad magic (not a newc cpio header)", it->index,
               (unsigned long long)it->pos);
    if (left < CPIO_HEADER_BYTES)
        REFUSE(VX_ERANGE, "entry %u: header truncated (%llu of %u bytes)", it->index,
               (unsigned long long)left, CPIO_HEADER_BYTES);
    for (unsigned i = 0; i < NFIELDS; i++) {
        uint32_t v = 0;
        for (unsigned d = 0; d < FIELD_BYTES; d++) {
            int x = hex_digit(h[MAGIC_BYTES + i * FIELD_BYTES + d]);
            if (x < 0)
                REFUSE(VX_EINVAL, "entry %u: field %s is not 8 hex digits", it->index,
                       field_names[i]);
            v = v << 4 | (uint32_t)x;
        }
        f[i] = v;
    }
    return VX_OK;
}

/* The name: namesize bytes after the header, its only NUL last, then zero padding. Sets
 * e->name, e->name_len and *data_off. */
static vx_status_t read_name(const struct cpio_iter *it, uint32_t namesize, struct cpio_entry *e,
                             uint64_t *data_off, char *why)
{
    uint64_t name_off = it->pos + CPIO_HEADER_BYTES;
    if (namesize == 0 || namesize > CPIO_NAME_MAX)
        REFUSE(VX_EINVAL, "entry %u: name size %u is not 1..%u", it->index, namesize,
               CPIO_NAME_MAX);
    if (namesize > it->len - name_off)
        REFUSE(VX_ERANGE, "entry %u: name of %u bytes runs past the end of the archive", it->index,
               namesize);
    const char *name = (const char *)it->archive + name_off;
    size_t n = vx_strnlen(name, namesize);
    if (n != namesize - 1u)
        REFUSE(VX_EINVAL, "entry %u: name is not %u bytes ending in its only NUL", it->index,
               namesize);
    uint64_t end = name_off + namesize;
    *data_off = align_up(end);
    if (*data_off > it->len)
        REFUSE(VX_ERANGE, "entry %u: padding after the name runs past the end", it->index);
    if (!all_zero(it->archive + end, *data_off - end))
        REFUSE(VX_EINVAL, "entry %u: padding after the name is not zero", it->index);
    e->name = name;
    e->name_len = (uint32_t)n;
    return VX_OK;
}

static vx_status_t check_type(const struct cpio_iter *it, const uint32_t f[NFIELDS],
                              struct cpio_entry *e, char *why)
{
    char buf[SHOWN_NAME + 4];
    switch (f[F_MODE] & CPIO_MODE_TYPE) {
    case CPIO_MODE_FILE:
        e->type = CPIO_FILE;
        break;
    case CPIO_MODE_DIR:
        e->type = CPIO_DIR;
        if (f[F_FILESIZE] != 0)
            REFUSE(VX_EINVAL, "entry %u '%s': directory with %u bytes of data", it->index,
                   shown(e->name, e->name_len, buf), f[F_FILESIZE]);
        break;
    case CPIO_MODE_SYMLINK:
        e->type = CPIO_SYMLINK;
        if (f[F_FILESIZE] == 0 || f[F_FILESIZE] >= CPIO_NAME_MAX)
            REFUSE(VX_EINVAL, "entry %u '%s': symlink target of %u bytes is not 1..%u", it->index,
                   shown(e->name, e->name_len, buf), f[F_FILESIZE], CPIO_NAME_MAX - 1);
        break;
    default:
        REFUSE(VX_EINVAL, "entry %u '%s': mode 0%o is not a file, directory or symlink", it->index,
               shown(e->name, e->name_len, buf), f[F_MODE]);
    }
    return VX_OK;
}

vx_status_t cpio_next(struct cpio_iter *it, struct cpio_entry *e, char *why)
{
    uint32_t f[NFIELDS];
    uint64_t data_off;
    if (it->ended)
        return VX_EEOF;
    /* Invariant: pos <= len and pos is a multiple of CPIO_ALIGN (the previous entry's data
     * end was aligned and checked to lie inside the archive). */
    vx_status_t st = read_header(it, f, why);
    if (st == VX_OK)
        st = read_name(it, f[F_NAMESIZE], e, &data_off, why);
    if (st != VX_OK)
        return st;
    if (e->name_len == sizeof CPIO_TRAILER - 1 &&
        vx_memcmp(e->name, CPIO_TRAILER, sizeof CPIO_TRAILER - 1) == 0) {
        it->ended = true;
        it->pos = data_off;
        return VX_EEOF;
    }
    st = check_type(it, f, e, why);
    if (st != VX_OK)
        return st;
    uint64_t size = f[F_FILESIZE];
    char buf[SHOWN_NAME + 4];
    if (size > it->len - data_off)
        REFUSE(VX_ERANGE, "entry %u '%s': %llu bytes of data run past the end of the archive",
               it->index, shown(e->name, e->name_len, buf), (unsigned long long)size);
    uint64_t end = data_off + size, next = align_up(end);
    if (next > it->len)
        REFUSE(VX_ERANGE, "entry %u '%s': padding after the data runs past the end", it->index,
               shown(e->name, e->name_len, buf));
    if (!all_zero(it->archive + end, next - end))
        REFUSE(VX_EINVAL, "entry %u '%s': padding after the data is not zero", it->index,
               shown(e->name, e->name_len, buf));
    e->mode = f[F_MODE];
    e->ino = f[F_INO];
    e->data = it->archive + data_off;
    e->size = size;
    e->offset = it->pos;
    it->pos = next;
    it->index++;
    return VX_OK;
}

vx_status_t cpio_path_check(const char *name, size_t len, const char **norm, size_t *norm_len,
                            char *why)
{
    char buf[SHOWN_NAME + 4];
    if (len == 0)
        REFUSE(VX_EINVAL, "empty name");
    if (len >= CPIO_NAME_MAX)
        REFUSE(VX_EINVAL, "name of %zu bytes is longer than %u", len, CPIO_NAME_MAX - 1);
    for (size_t i = 0; i < len; i++) {
        /* A control character in a name would reach the console whenever it is listed. */
        if ((unsigned char)name[i] < ' ' || name[i] == 0x7f)
            REFUSE(VX_EINVAL, "name '%s' holds a control character or NUL", shown(name, len, buf));
    }
    const char *p = name, *end = name + len;
    /* Leading "/" and "./" in any mix: "/a", "./a", "/./a" all name a. */
    for (;;) {
        if (p < end && *p == '/')
            p++;
        else if (end - p >= 2 && p[0] == '.' && p[1] == '/')
            p += 2;
        else
            break;
    }
    if (end - p == 1 && *p == '.')
        p = end; /* "." and "/." are the root, as is "/" or "./" with nothing left */
    size_t rest = (size_t)(end - p);
    for (size_t i = 0; i < rest;) {
        size_t n = 0;
        while (i + n < rest && p[i + n] != '/')
            n++;
        const char *c = p + i;
        if (n == 0 || (i + n + 1 == rest && p[i + n] == '/'))
            REFUSE(VX_EINVAL, "name '%s' has an empty component", shown(name, len, buf));
        if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            REFUSE(VX_EINVAL, "name '%s' has a '%.*s' component", shown(name, len, buf), (int)n, c);
        i += n + 1;
    }
    *norm = p;
    *norm_len = (size_t)(end - p);
    return VX_OK;
}

vx_status_t cpio_validate(const void *archive, uint64_t len, struct cpio_summary *sum, char *why)
{
    struct cpio_iter it;
    struct cpio_entry e;
    vx_status_t st;
    *sum = (struct cpio_summary){0};
    cpio_iter_init(&it, archive, len);
    while ((st = cpio_next(&it, &e, why)) == VX_OK) {
        const char *norm;
        size_t norm_len;
        char msg[CPIO_WHY_BYTES];
        if (cpio_path_check(e.name, e.name_len, &norm, &norm_len, msg) != VX_OK)
            REFUSE(VX_EINVAL, "entry %u: %s", it.index - 1, msg);
        if (e.type == CPIO_FILE) {
            sum->files++;
            sum->data_bytes += e.size;
        } else if (e.type == CPIO_DIR) {
            sum->dirs++;
        } else {
            sum->symlinks++;
        }
    }
    if (st != VX_EEOF)
        return st;
    sum->used_bytes = it.pos;
    return VX_OK;
}

vx_status_t cpio_find(const void *archive, uint64_t len, const char *path, struct cpio_entry *e,
                      char *why)
{
    struct cpio_iter it;
    vx_status_t st;
    size_t want = vx_strlen(path);
    cpio_iter_init(&it, archive, len);
    while ((st = cpio_next(&it, e, why)) == VX_OK) {
        const char *norm;
        size_t norm_len;
        char ignored[CPIO_WHY_BYTES];
        if (cpio_path_check(e->name, e->name_len, &norm, &norm_len, ignored) == VX_OK &&
            norm_len == want && vx_memcmp(norm, path, want) == 0)
            return VX_OK;
    }
    if (st != VX_EEOF)
        return st;
    REFUSE(VX_ENOENT, "no entry '%.*s' in the archive",
           (int)(want < SHOWN_NAME ? want : SHOWN_NAME), path);
}

/* Byte-order comparison of a[0..alen) with the NUL-terminated b. */
static int name_cmp(const char *a, size_t alen, const char *b)
{
    size_t blen = vx_strlen(b);
    int c = vx_memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

vx_status_t cpio_next_child(const void *archive, uint64_t len, const char *dir, const char *after,
                            char *child, char *why)
{
    struct cpio_iter it;
    struct cpio_entry e;
    vx_status_t st;
    size_t dir_len = vx_strlen(dir);
    bool found = false;
    cpio_iter_init(&it, archive, len);
    while ((st = cpio_next(&it, &e, why)) == VX_OK) {
        const char *norm;
        size_t norm_len;
        char ignored[CPIO_WHY_BYTES];
        if (cpio_path_check(e.name, e.name_len, &norm, &norm_len, ignored) != VX_OK)
            continue;
        /* Below dir: "dir/rest" (or any non-empty name below the root). */
        if (dir_len) {
            if (norm_len <= dir_len + 1 || vx_memcmp(norm, dir, dir_len) != 0 ||
                norm[dir_len] != '/')
                continue;
            norm += dir_len + 1;
            norm_len -= dir_len + 1;
        } else if (norm_len == 0) {
            continue;
        }
        size_t n = 0;
        while (n < norm_len && norm[n] != '/')
            n++;
        /* Invariant: child holds the least name seen so far that sorts after `after`. */
        if (name_cmp(norm, n, after) > 0 && (!found || name_cmp(norm, n, child) < 0)) {
            vx_memcpy(child, norm, n); /* n < CPIO_NAME_MAX: the whole path passed the check */
            child[n] = '\0';
            found = true;
        }
    }
    if (st != VX_EEOF)
        return st;
    if (!found)
        REFUSE(VX_EEOF, "no more entries");
    return VX_OK;
}
