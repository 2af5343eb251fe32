/*
 * linux/vfile.c - /dev and /proc as the file calls see them: which paths are theirs, and
 * what an fd opened on one does (the contents come from devfs.c and procfs.c).
 *
 * A path is virtual when, made absolute (from the cwd or the directory fd) and folded, it is
 * /dev or /proc or lies below them. Opening one gives an lfile of its own kind:
 *   LFILE_DEV   a device of devfs (null, zero, full, random, urandom, kmsg); /dev/tty and
 *               /dev/console open as the console itself;
 *   LFILE_PROC  a /proc file: its whole text is generated at open and read from there;
 *   LFILE_VDIR  a directory (getdents64 lists it; the listing index is the offset).
 * Links are followed at open and stat: /proc/self/exe to the program, /dev/stdin and
 * /proc/<own pid>/fd/N to a duplicate of the fd.
 */
#include "personality/linux/internal.h"
#include "personality/linux/vfiles.h"
#include "vx/console.h"

#define TEXT_MAX   16384u /* a /proc file's text */
#define LINKS_MAX  8u     /* links followed in one virtual lookup */

static char texts[LINUX_FILES_MAX][TEXT_MAX];
static char abs_paths[LINUX_THREADS_MAX][LINUX_PATH_MAX];

enum { V_NONE = 0, V_DEV, V_PROC };


/* Under prefix ("/dev")? Then *rest is what follows it, without the slash. */
static bool under(const char *abs, const char *prefix, const char **rest)
{
    size_t n = linux_strlen(prefix);
    if (__builtin_memcmp(abs, prefix, n) != 0 || (abs[n] != '\0' && abs[n] != '/'))
        return false;
    *rest = abs[n] ? abs + n + 1 : abs + n;
    return true;
}

/* Make path absolute in t's buffer and say whether it is virtual. */
static int classify(struct linux_thread *t, int64_t dirfd, const char *path, const char **rest)
{
    struct linux_proc *p = t->proc;
    char *abs = abs_paths[thread_slot(t)];
    if (path[0] == '/') {
        abs[0] = '/';
        abs[1] = '\0';
    } else if ((int32_t)dirfd == LAT_FDCWD) {
        lmutex_lock(&p->lock);
        __builtin_memcpy(abs, p->cwd_path, LINUX_PATH_MAX);
        lmutex_unlock(&p->lock);
    } else {
        struct lfile *f = fd_get(p, dirfd);
        if (!f)
            return V_NONE; /* the vfs path reports EBADF */
        bool known = f->kind == LFILE_VDIR || (f->kind == LFILE_VFS && f->path[0]);
        if (known)
            __builtin_memcpy(abs, f->path, LINUX_PATH_MAX);
        lfile_put(f);
        if (!known)
            return V_NONE;
    }
    if (!linux_path_join(abs, path))
        return V_NONE;
    if (under(abs, "/dev", rest))
        return V_DEV;
    if (under(abs, "/proc", rest))
        return V_PROC;
    return V_NONE;
}

static void to_stat(const struct vfile_stat *v, uint32_t dev, struct linux_stat *out)
{
    __builtin_memset(out, 0, sizeof *out);
    out->st_dev = dev;
    out->st_ino = v->ino;
    out->st_mode = v->mode;
    out->st_nlink = v->nlink;
    out->st_rdev = v->rdev;
    out->st_size = v->size;
    out->st_blksize = 4096;
    int64_t now = vx_clock_wall();
    out->st_atime_sec = out->st_mtime_sec = out->st_ctime_sec = now / 1000000000;
}

#define DEV_DEVTMPFS 6u  /* st_dev of /dev */
#define DEV_PROC     22u /* st_dev of /proc */

static int64_t vstat(struct linux_thread *t, int kind, const char *rest, struct vfile_stat *v)
{
    return kind == V_DEV ? devfs_stat(t, rest, v) : procfs_stat(t, rest, v);
}

static int64_t vreadlink(struct linux_thread *t, int kind, const char *rest, char *buf,
                         size_t cap)
{
    return kind == V_DEV ? devfs_readlink(t, rest, buf, cap) : procfs_readlink(t, rest, buf, cap);
}

/* An fd of this process named by a link target ("/proc/self/fd/3", "/proc/1000/fd/3"):
 * its number, or -1. */
static int64_t own_fd_of(struct linux_thread *t, const char *target)
{
    const char *rest;
    char tmp[LINUX_PATH_MAX];
    tmp[0] = '/';
    tmp[1] = '\0';
    if (!linux_path_join(tmp, target) || !under(tmp, "/proc", &rest))
        return -1;
    uint32_t pid = 0;
    if (!__builtin_memcmp(rest, "self/", 5)) {
        pid = t->proc->pid;
        rest += 5;
    } else {
        while (*rest >= '0' && *rest <= '9')
            pid = pid * 10 + (uint32_t)(*rest++ - '0');
        if (*rest++ != '/')
            return -1;
    }
    if (pid != t->proc->pid || __builtin_memcmp(rest, "fd/", 3))
        return -1;
    rest += 3;
    int64_t fd = 0;
    if (!*rest)
        return -1;
    for (; *rest; rest++) {
        if (*rest < '0' || *rest > '9' || fd > 100000)
            return -1;
        fd = fd * 10 + (*rest - '0');
    }
    return fd;
}

static int64_t dup_own_fd(struct linux_thread *t, int64_t fd, bool cloexec)
{
    vx_handle_t h, h2;
    struct lfile *f = fd_get_h(t->proc, fd, &h);
    if (!f)
        return -LENOENT;
    int64_t r = handle_dup(h, &h2);
    if (!r)
        r = fd_install_h(t->proc, f, h2, 0, cloexec);
    if (r < 0)
        lfile_put(f);
    return r;
}

int64_t vfile_openat(struct linux_thread *t, int64_t dirfd, char *path, uint32_t flags)
{
    const char *rest;
    int kind = classify(t, dirfd, path, &rest);
    if (kind == V_NONE)
        return LINUX_NOT_VIRTUAL;
    bool cloexec = (flags & LO_CLOEXEC) != 0;
    char target[LINUX_PATH_MAX];
    struct vfile_stat v;
    for (uint32_t hops = 0;; hops++) {
        int64_t st = vstat(t, kind, rest, &v);
        if (st)
            return st;
        if ((v.mode & LS_IFMT) != LS_IFLNK)
            break;
        if ((flags & 0400000u) || hops >= LINKS_MAX) /* O_NOFOLLOW */
            return -LELOOP;
        int64_t n = vreadlink(t, kind, rest, target, sizeof target - 1);
        if (n < 0)
            return n;
        target[n] = '\0';
        int64_t fd = own_fd_of(t, target);
        if (fd >= 0)
            return dup_own_fd(t, fd, cloexec);
        if (target[0] != '/') { /* relative to the link's directory */
            char *abs = abs_paths[thread_slot(t)];
            size_t len = linux_strlen(abs);
            while (len > 1 && abs[len - 1] != '/')
                len--;
            abs[len] = '\0';
            if (!linux_path_join(abs, target))
                return -LENAMETOOLONG;
            __builtin_memcpy(target, abs, LINUX_PATH_MAX);
        }
        /* Somewhere else: another virtual file, or the vfs (/proc/self/exe). */
        const char *r2;
        char *abs = abs_paths[thread_slot(t)];
        abs[0] = '/';
        abs[1] = '\0';
        linux_path_join(abs, target);
        if (under(abs, "/dev", &r2))
            kind = V_DEV, rest = r2;
        else if (under(abs, "/proc", &r2))
            kind = V_PROC, rest = r2;
        /* A real file (/proc/self/exe): the caller opens it, by its absolute path. */
        __builtin_memcpy(path, abs, linux_strlen(abs) + 1);
        return LINUX_NOT_VIRTUAL;
    }
    struct lfile *f;
    uint32_t acc = flags & 3;
    if ((v.mode & LS_IFMT) == LS_IFDIR) {
        if (acc != LO_RDONLY)
            return -LEISDIR;
        f = lfile_new(LFILE_VDIR);
    } else if (flags & 0200000u) { /* O_DIRECTORY */
        return -LENOTDIR;
    } else if (kind == V_DEV) {
        int64_t dev = devfs_open(t, rest);
        if (dev < 0)
            return dev;
        if (dev == VDEV_TTY || dev == VDEV_CONSOLE) {
            f = lfile_new(LFILE_CONSOLE);
            if (f)
                f->stream = VX_CONSOLE_OUT;
        } else {
            f = lfile_new(LFILE_DEV);
            if (f)
                f->stream = (uint32_t)dev;
        }
    } else {
        if (acc != LO_RDONLY)
            return -LEACCES; /* nothing in /proc is writable */
        f = lfile_new(LFILE_PROC);
        if (f) {
            int64_t n = procfs_read(t, rest, texts[lfile_slot(f)], TEXT_MAX);
            if (n < 0) {
                lfile_put(f);
                return n;
            }
            f->text_len = (uint32_t)n;
        }
    }
    if (!f)
        return -LENFILE;
    atomic_store(&f->flags, flags & (3u | 02000u | 04000u));
    f->mode = v.mode;
    __builtin_memcpy(f->path, abs_paths[thread_slot(t)], LINUX_PATH_MAX);
    int64_t fd = fd_install(t->proc, f, 0, cloexec);
    if (fd < 0)
        lfile_put(f);
    return fd;
}

int64_t vfile_stat_at(struct linux_thread *t, int64_t dirfd, const char *path,
                      struct linux_stat *out)
{
    const char *rest;
    int kind = classify(t, dirfd, path, &rest);
    if (kind == V_NONE)
        return LINUX_NOT_VIRTUAL;
    struct vfile_stat v;
    int64_t st = vstat(t, kind, rest, &v);
    if (st)
        return st;
    to_stat(&v, kind == V_DEV ? DEV_DEVTMPFS : DEV_PROC, out);
    return 0;
}

int64_t vfile_readlinkat(struct linux_thread *t, int64_t dirfd, const char *path, uint64_t va,
                         uint64_t size)
{
    const char *rest;
    int kind = classify(t, dirfd, path, &rest);
    if (kind == V_NONE)
        return LINUX_NOT_VIRTUAL;
    if ((int64_t)size <= 0)
        return -LEINVAL;
    char target[LINUX_PATH_MAX];
    int64_t n = vreadlink(t, kind, rest, target, sizeof target);
    if (n < 0)
        return n;
    if ((uint64_t)n > size)
        n = (int64_t)size;
    return linux_copy_out(t->proc, va, target, (size_t)n) ? -LEFAULT : n;
}

int64_t vfile_read(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len)
{
    if (f->kind == LFILE_VDIR)
        return -LEISDIR;
    if (f->kind == LFILE_DEV)
        return devfs_read(t, f->stream, va, len);
    lmutex_lock(&f->lock);
    uint64_t off = f->offset;
    uint64_t n = off < f->text_len ? f->text_len - off : 0;
    if (n > len)
        n = len;
    int64_t r = (int64_t)n;
    if (n && linux_copy_out(t->proc, va, texts[lfile_slot(f)] + off, (size_t)n))
        r = -LEFAULT;
    else
        f->offset += n;
    lmutex_unlock(&f->lock);
    return r;
}

int64_t vfile_write(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t len)
{
    if (f->kind == LFILE_DEV)
        return devfs_write(t, f->stream, va, len);
    return f->kind == LFILE_VDIR ? -LEISDIR : -LEBADF;
}

int64_t vfile_fstat(struct linux_thread *t, struct lfile *f, struct linux_stat *out)
{
    const char *rest;
    int kind = under(f->path, "/dev", &rest) ? V_DEV : under(f->path, "/proc", &rest) ? V_PROC : 0;
    struct vfile_stat v;
    if (!kind || vstat(t, kind, rest, &v)) { /* gone since (a process ended): what it was */
        v = (struct vfile_stat){.mode = f->mode, .nlink = 1};
        kind = kind ? kind : V_PROC;
    }
    to_stat(&v, kind == V_DEV ? DEV_DEVTMPFS : DEV_PROC, out);
    if (f->kind == LFILE_PROC)
        out->st_size = 0; /* as Linux: the size of a /proc file is known only by reading */
    return 0;
}

/* getdents64 over a listing: the entries from index f->offset on that fit. */
struct dent_fill {
    uint8_t *buf;
    uint64_t cap, used, index, skip, next;
    bool full;
};

static void fill_one(const char *name, uint32_t type, uint64_t ino, void *arg)
{
    struct dent_fill *d = arg;
    uint64_t idx = d->index++;
    if (idx < d->skip || d->full)
        return;
    size_t nl = linux_strlen(name);
    uint64_t reclen = (19u + nl + 1u + 7u) & ~7ull;
    if (d->used + reclen > d->cap) {
        d->full = true;
        return;
    }
    uint8_t *e = d->buf + d->used;
    __builtin_memset(e, 0, reclen);
    int64_t next = (int64_t)idx + 1;
    uint16_t rl = (uint16_t)reclen;
    __builtin_memcpy(e, &ino, 8);
    __builtin_memcpy(e + 8, &next, 8);
    __builtin_memcpy(e + 16, &rl, 2);
    e[18] = (uint8_t)type;
    __builtin_memcpy(e + 19, name, nl);
    d->used += reclen;
    d->next = idx + 1;
}

int64_t vfile_getdents(struct linux_thread *t, struct lfile *f, uint64_t va, uint64_t cap)
{
    const char *rest;
    int kind = under(f->path, "/dev", &rest) ? V_DEV : under(f->path, "/proc", &rest) ? V_PROC : 0;
    if (!kind)
        return -LENOENT;
    uint8_t *buf = (uint8_t *)texts[lfile_slot(f)]; /* a directory has no text of its own */
    lmutex_lock(&f->lock);
    struct dent_fill d = {.buf = buf, .cap = cap < TEXT_MAX ? cap : TEXT_MAX, .skip = f->offset};
    int64_t st = kind == V_DEV ? devfs_list(t, rest, fill_one, &d)
                               : procfs_list(t, rest, fill_one, &d);
    int64_t r;
    if (st < 0)
        r = st;
    else if (!d.used && d.full)
        r = -LEINVAL;
    else if (d.used && linux_copy_out(t->proc, va, buf, (size_t)d.used))
        r = -LEFAULT;
    else
        r = (int64_t)d.used;
    if (r > 0)
        f->offset = d.next; /* the index after the last entry given */
    lmutex_unlock(&f->lock);
    return r;
}

/* ---- what procfs asks of us --------------------------------------------------------------- */

int64_t vfile_cwd(struct linux_proc *p, char *buf, size_t cap)
{
    lmutex_lock(&p->lock);
    size_t n = linux_strlen(p->cwd_path);
    if (n > cap)
        n = cap;
    __builtin_memcpy(buf, p->cwd_path, n);
    lmutex_unlock(&p->lock);
    return (int64_t)n;
}

int64_t vfile_fd_target(struct lfile *f, char *buf, size_t cap)
{
    const char *src = f->path[0] ? f->path : "anon_inode:[unknown]";
    size_t n = linux_strlen(src);
    if (n > cap)
        n = cap;
    __builtin_memcpy(buf, src, n);
    return (int64_t)n;
}
