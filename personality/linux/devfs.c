/*
 * linux/devfs.c - /dev: the character devices every Linux program expects, with Linux's
 * device numbers, and their reads and writes (vfiles.h).
 *
 * /dev is one fixed table: the devices, the empty pts/ directory, and the links fd, stdin,
 * stdout and stderr into /proc/self/fd. Inode numbers: the root 1, entry i 2 + i.
 * null, zero, full, random, urandom and kmsg are served here; tty and console are markers the
 * caller turns into the console's open file; ptmx exists for stat until there are ptys.
 */
#include "personality/linux/internal.h"
#include "personality/linux/vfiles.h"

#define DEV_CHUNK    4096u       /* bytes per copy; vx_cprng_draw's and vx_debug_write's most */
#define MAX_RW_COUNT 0x7ffff000u /* Linux's cap on one read or write (INT_MAX & PAGE_MASK) */
#define NAME_MAX_LEN 31u
#define INO_ROOT     1u
#define INO_FIRST    2u

enum dkind { DK_CHR, DK_DIR, DK_LINK };

struct dentry {
    const char *name;
    uint8_t kind;       /* enum dkind */
    uint16_t mode;      /* permission bits */
    uint32_t dev;       /* DK_CHR: enum vdev */
    uint32_t rdev;      /* DK_CHR: VFILE_DEV(major, minor) */
    const char *target; /* DK_LINK */
};

/* In listing order (by name). Numbers: Documentation/admin-guide/devices.txt. */
static const struct dentry entries[] = {
    {"console", DK_CHR, 0600, VDEV_CONSOLE, VFILE_DEV(5, 1), NULL},
    {"fd", DK_LINK, 0777, 0, 0, "/proc/self/fd"},
    {"full", DK_CHR, 0666, VDEV_FULL, VFILE_DEV(1, 7), NULL},
    {"kmsg", DK_CHR, 0644, VDEV_KMSG, VFILE_DEV(1, 11), NULL},
    {"null", DK_CHR, 0666, VDEV_NULL, VFILE_DEV(1, 3), NULL},
    {"ptmx", DK_CHR, 0666, VDEV_PTMX, VFILE_DEV(5, 2), NULL},
    {"pts", DK_DIR, 0755, 0, 0, NULL},
    {"random", DK_CHR, 0666, VDEV_RANDOM, VFILE_DEV(1, 8), NULL},
    {"stderr", DK_LINK, 0777, 0, 0, "/proc/self/fd/2"},
    {"stdin", DK_LINK, 0777, 0, 0, "/proc/self/fd/0"},
    {"stdout", DK_LINK, 0777, 0, 0, "/proc/self/fd/1"},
    {"tty", DK_CHR, 0666, VDEV_TTY, VFILE_DEV(5, 0), NULL},
    {"urandom", DK_CHR, 0666, VDEV_URANDOM, VFILE_DEV(1, 9), NULL},
    {"zero", DK_CHR, 0666, VDEV_ZERO, VFILE_DEV(1, 5), NULL},
};
#define ENTRY_COUNT (sizeof entries / sizeof entries[0])

static const uint8_t zeros[DEV_CHUNK];

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* The entry `rest` names: 0 with *e (NULL: the root), or -LENOENT, -LENOTDIR. */
static int64_t resolve(const char *rest, const struct dentry **e)
{
    char name[NAME_MAX_LEN + 1];
    const char *s = rest;
    *e = NULL;
    for (;;) {
        while (*s == '/')
            s++;
        if (!*s)
            return 0;
        size_t n = 0;
        while (s[n] && s[n] != '/')
            n++;
        if (*e)
            return (*e)->kind == DK_DIR ? -LENOENT : -LENOTDIR; /* pts/ is empty */
        if (n >= sizeof name)
            return -LENOENT;
        __builtin_memcpy(name, s, n);
        name[n] = '\0';
        s += n;
        for (size_t i = 0; i < ENTRY_COUNT && !*e; i++)
            if (str_eq(entries[i].name, name))
                *e = &entries[i];
        if (!*e)
            return -LENOENT;
    }
}

static uint64_t entry_ino(const struct dentry *e)
{
    return e ? INO_FIRST + (uint64_t)(e - entries) : INO_ROOT;
}

int64_t devfs_stat(struct linux_thread *t, const char *rest, struct vfile_stat *st)
{
    const struct dentry *e;
    int64_t r = resolve(rest, &e);
    if (r)
        return r;
    *st = (struct vfile_stat){.ino = entry_ino(e), .nlink = 1};
    if (!e || e->kind == DK_DIR) {
        st->mode = LS_IFDIR | (e ? e->mode : 0755u);
        st->nlink = 2;
    } else if (e->kind == DK_LINK) {
        st->mode = LS_IFLNK | e->mode;
        st->size = (int64_t)str_len(e->target); /* a link's size is its target's length */
    } else {
        st->mode = LS_IFCHR | e->mode;
        st->rdev = e->rdev;
    }
    return 0;
}

int64_t devfs_readlink(struct linux_thread *t, const char *rest, char *buf, size_t cap)
{
    const struct dentry *e;
    int64_t r = resolve(rest, &e);
    if (r)
        return r;
    if (!e || e->kind != DK_LINK)
        return -LEINVAL;
    size_t n = str_len(e->target);
    if (n > cap)
        n = cap;
    __builtin_memcpy(buf, e->target, n);
    return (int64_t)n;
}

static uint32_t dtype_of(const struct dentry *e)
{
    return e->kind == DK_DIR ? VFILE_DT_DIR : e->kind == DK_LINK ? VFILE_DT_LNK : VFILE_DT_CHR;
}

int64_t devfs_list(struct linux_thread *t, const char *rest, vfile_list_fn fn, void *arg)
{
    const struct dentry *e;
    int64_t r = resolve(rest, &e);
    if (r)
        return r;
    if (e && e->kind != DK_DIR)
        return -LENOTDIR;
    fn(".", VFILE_DT_DIR, entry_ino(e), arg);
    fn("..", VFILE_DT_DIR, INO_ROOT, arg); /* the root's parent: the caller knows its inode */
    if (e)
        return 0; /* pts/: no pseudo-terminals yet */
    for (size_t i = 0; i < ENTRY_COUNT; i++)
        fn(entries[i].name, dtype_of(&entries[i]), INO_FIRST + i, arg);
    return 0;
}

int64_t devfs_open(struct linux_thread *t, const char *rest)
{
    const struct dentry *e;
    int64_t r = resolve(rest, &e);
    if (r)
        return r;
    if (!e || e->kind == DK_DIR)
        return -LEISDIR;
    if (e->kind == DK_LINK)
        return -LEINVAL;
    if (e->dev == VDEV_PTMX)
        return -LENODEV;
    return e->dev;
}

/* ---- device I/O --------------------------------------------------------------------------- */

/* Fill len bytes at va with zeros or random bytes, a chunk at a time. A long read stops
 * early at a deliverable signal, as Linux's do (after at least one chunk). */
static int64_t fill_guest(struct linux_thread *t, uint64_t va, uint64_t len, bool random)
{
    uint8_t buf[DEV_CHUNK];
    uint64_t done = 0;
    if (len > MAX_RW_COUNT)
        len = MAX_RW_COUNT;
    while (done < len) {
        size_t n = len - done < DEV_CHUNK ? (size_t)(len - done) : DEV_CHUNK;
        const void *src = zeros;
        if (random) {
            if (vx_cprng_draw(buf, n) != VX_OK)
                return done ? (int64_t)done : -LEIO;
            src = buf;
        }
        if (linux_copy_out(t->proc, va + done, src, n))
            return done ? (int64_t)done : -LEFAULT;
        done += n;
        if (done < len && sig_deliverable(t))
            break;
    }
    return (int64_t)done;
}

/* Each write becomes kernel log lines (vx_debug_write prefixes the task's name). */
static int64_t kmsg_write(struct linux_thread *t, uint64_t va, uint64_t len)
{
    uint8_t buf[DEV_CHUNK];
    uint64_t done = 0;
    while (done < len) {
        size_t n = len - done < DEV_CHUNK ? (size_t)(len - done) : DEV_CHUNK;
        if (linux_copy_in(t->proc, buf, va + done, n))
            return done ? (int64_t)done : -LEFAULT;
        vx_debug_write(buf, n);
        done += n;
    }
    return (int64_t)done;
}

int64_t devfs_read(struct linux_thread *t, uint32_t dev, uint64_t va, uint64_t len)
{
    switch (dev) {
    case VDEV_NULL:
    case VDEV_KMSG: /* no reader's view of the kernel log yet: end of file */
        return 0;
    case VDEV_ZERO:
    case VDEV_FULL:
        return fill_guest(t, va, len, false);
    case VDEV_RANDOM:
    case VDEV_URANDOM:
        return fill_guest(t, va, len, true);
    default: /* tty, console: the caller's; ptmx is never open */
        return -LEINVAL;
    }
}

int64_t devfs_write(struct linux_thread *t, uint32_t dev, uint64_t va, uint64_t len)
{
    if (len > MAX_RW_COUNT)
        len = MAX_RW_COUNT;
    switch (dev) {
    case VDEV_NULL:
    case VDEV_ZERO:
    case VDEV_RANDOM: /* Linux mixes what is written into the pool; we have no say in ours */
    case VDEV_URANDOM:
        return (int64_t)len;
    case VDEV_FULL:
        return -LENOSPC;
    case VDEV_KMSG:
        return kmsg_write(t, va, len);
    default:
        return -LEINVAL;
    }
}
