/*
 * linux/fs.c - files: the Linux file calls as requests to the vfs server (vx/vfs.h).
 *
 * Every open file or directory is a connection to the server; each fd naming it holds its own
 * handle (linux_proc.fdh), while the open file description (struct lfile) keeps what Linux
 * shares between dup'ed and inherited fds: the offset and the status flags. A process holds a
 * connection to "/" (root) and to its working directory (cwd); a path is resolved by the
 * server from the root (absolute), the cwd (AT_FDCWD) or a directory fd.
 *
 * The handler runs on the guest thread's small kernel stack, so request and reply buffers
 * are per thread (scratch) rather than on the stack.
 */
#include "lib/fmt.h"
#include "personality/linux/internal.h"
#include "vx/vfs.h"

#define FS_CHUNK 16384u               /* bytes per READ or WRITE request */
#define FS_BUF   (FS_CHUNK + 256u)    /* a request or reply with its header */
#define LPATH_MAX 4096u               /* Linux's PATH_MAX */

#define LO_CREAT     0100u
#define LO_EXCL      0200u
#define LO_NOCTTY    0400u
#define LO_TRUNC     01000u
#define LO_APPEND    02000u
#define LO_NONBLOCK  04000u
#define LO_DIRECTORY 0200000u
#define LO_NOFOLLOW  0400000u
#define LO_PATH      010000000u
#define LO_TMPFILE   020000000u
#define LAT_SYMLINK_NOFOLLOW 0x100u
#define LAT_REMOVEDIR        0x200u
#define LAT_SYMLINK_FOLLOW   0x400u
#define LAT_EACCESS          0x200u
#define LS_IFMT  0170000u
#define LS_IFDIR 0040000u
#define LS_IFREG 0100000u

static uint8_t scratch[LINUX_THREADS_MAX][FS_BUF];
void fs_note_path(struct linux_thread *t, struct lfile *f, int64_t dirfd, const char *path);
static char paths[LINUX_THREADS_MAX][2][LPATH_MAX];

static uint8_t *buf_of(struct linux_thread *t)
{
    return scratch[thread_slot(t)];
}


/* One call to the server: the reply's status (>= 0 or -errno); *got its length; *out the
 * handle it carried (or 0). */
static int32_t vfs_call(vx_handle_t h, const void *req, uint32_t req_len, void *rep,
                        uint32_t rep_cap, uint32_t *got, vx_handle_t *out)
{
    vx_handle_t hs[1] = {0};
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req,
                                        .wr_num_bytes = req_len,
                                        .rd_bytes = (uintptr_t)rep,
                                        .rd_handles = (uintptr_t)hs,
                                        .rd_num_bytes = rep_cap,
                                        .rd_num_handles = 1};
    uint32_t actual[2] = {0, 0};
    vx_status_t st = vx_channel_call(h, &args, 0, actual);
    if (out)
        *out = 0;
    if (st)
        return st == VX_ECANCELED ? -LEINTR : st == VX_EBADH ? -LEBADF : -LEIO;
    if (actual[0] < sizeof(struct vx_vfs_rep)) {
        if (hs[0])
            vx_handle_close(hs[0]);
        return -LEIO;
    }
    if (got)
        *got = actual[0];
    if (out && actual[1])
        *out = hs[0];
    else if (actual[1] && hs[0])
        vx_handle_close(hs[0]);
    struct vx_vfs_rep r;
    __builtin_memcpy(&r, rep, sizeof r);
    return r.status;
}

/* A path request in t's scratch: header, then one or two strings. Its length. */
static uint32_t path_req(struct linux_thread *t, uint32_t op, uint32_t flags, uint32_t mode,
                         uint64_t arg, const char *s1, const char *s2)
{
    uint8_t *b = buf_of(t);
    struct vx_vfs_path_req r = {.h.op = op, .flags = flags, .mode = mode, .arg = arg};
    __builtin_memcpy(b, &r, sizeof r);
    uint32_t n = sizeof r;
    for (int i = 0; i < 2; i++) {
        const char *s = i ? s2 : s1;
        if (!s)
            break;
        size_t len = linux_strlen(s) + 1;
        __builtin_memcpy(b + n, s, len);
        n += (uint32_t)len;
    }
    return n;
}

/* A guest path into t's path buffer `which`: -EFAULT, -ENAMETOOLONG, or 0. */
static int64_t get_path(struct linux_thread *t, uint64_t va, int which, char **out)
{
    char *b = paths[thread_slot(t)][which];
    int64_t n = linux_copy_str(t->proc, b, va, LPATH_MAX);
    if (n < 0)
        return n;
    *out = b;
    return 0;
}

/* The connection a path starts from (no reference taken: the fd may close meanwhile, and
 * then the stale handle just fails). *f gets the fd's file (a reference) if one was used. */
static int64_t base_of(struct linux_thread *t, int64_t dirfd, const char *path, vx_handle_t *base,
                       struct lfile **f)
{
    struct linux_proc *p = t->proc;
    *f = NULL;
    if (!p->root)
        return -LENOENT; /* no file system in this system */
    if (path[0] == '/') {
        *base = p->root;
        return 0;
    }
    if ((int32_t)dirfd == LAT_FDCWD) {
        *base = p->cwd;
        return 0;
    }
    *f = fd_get_h(p, dirfd, base);
    if (!*f)
        return -LEBADF;
    if ((*f)->kind != LFILE_VFS) {
        lfile_put(*f);
        *f = NULL;
        return -LENOTDIR;
    }
    return 0;
}

static void put(struct lfile *f)
{
    if (f)
        lfile_put(f);
}

/* ---- stat --------------------------------------------------------------------------------- */

static void to_linux_stat(const struct vx_vfs_stat *s, struct linux_stat *l)
{
    __builtin_memset(l, 0, sizeof *l);
    l->st_dev = s->dev;
    l->st_ino = s->ino;
    l->st_mode = s->mode;
    l->st_nlink = s->nlink;
    l->st_uid = s->uid;
    l->st_gid = s->gid;
    l->st_rdev = s->rdev;
    l->st_size = (int64_t)s->size;
    l->st_blksize = (int32_t)s->blksize;
    l->st_blocks = (int64_t)s->blocks;
    l->st_atime_sec = s->atime.sec;
    l->st_atime_nsec = s->atime.nsec;
    l->st_mtime_sec = s->mtime.sec;
    l->st_mtime_nsec = s->mtime.nsec;
    l->st_ctime_sec = s->ctime.sec;
    l->st_ctime_nsec = s->ctime.nsec;
}

/* STAT of a connection. */
static int64_t node_stat(vx_handle_t h, struct vx_vfs_node_rep *rep)
{
    struct vx_vfs_req r = {.op = VX_VFS_OP_STAT};
    uint32_t got;
    int32_t st = vfs_call(h, &r, sizeof r, rep, sizeof *rep, &got, NULL);
    if (st >= 0 && got < sizeof *rep)
        return -LEIO;
    return st;
}

/* STAT_AT of a path (flags: AT_SYMLINK_NOFOLLOW). */
static int64_t path_stat(struct linux_thread *t, int64_t dirfd, const char *path, uint32_t flags,
                         struct vx_vfs_node_rep *rep)
{
    vx_handle_t base;
    struct lfile *f;
    int64_t st = base_of(t, dirfd, path, &base, &f);
    if (st)
        return st;
    uint32_t n = path_req(t, VX_VFS_OP_STAT_AT, flags & LAT_SYMLINK_NOFOLLOW, 0, 0, path, NULL);
    uint32_t got;
    st = vfs_call(base, buf_of(t), n, rep, sizeof *rep, &got, NULL);
    put(f);
    if (st >= 0 && got < sizeof *rep)
        return -LEIO;
    return st;
}

int64_t fs_fstat(struct linux_thread *t, vx_handle_t h, struct linux_stat *out)
{
    struct vx_vfs_node_rep rep;
    int64_t st = node_stat(h, &rep);
    if (st < 0)
        return st;
    to_linux_stat(&rep.st, out);
    return 0;
}

int64_t fs_stat_at(struct linux_thread *t, int64_t dirfd, uint64_t path_va, uint32_t flags,
                   struct linux_stat *out)
{
    char *path;
    int64_t st = get_path(t, path_va, 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    if ((st = vfile_stat_at(t, dirfd, path, out)) != LINUX_NOT_VIRTUAL)
        return st;
    struct vx_vfs_node_rep rep;
    if ((st = path_stat(t, dirfd, path, flags, &rep)) < 0)
        return st;
    to_linux_stat(&rep.st, out);
    return 0;
}

/* statx: the same facts in struct statx. */
struct linux_statx_ts {
    int64_t sec;
    uint32_t nsec;
    int32_t pad;
};

struct linux_statx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, pad1;
    uint64_t ino, size, blocks, attributes_mask;
    struct linux_statx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t spare[14];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");

int64_t lsys_statx(struct linux_thread *t, const uint64_t *a)
{
    struct linux_stat ls;
    int64_t st;
    /* AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_STATX_SYNC_TYPE */
    if (a[2] & ~(uint64_t)(LAT_SYMLINK_NOFOLLOW | 0x800u | LAT_EMPTY_PATH | 0x6000u) ||
        (a[2] & 0x6000u) == 0x6000u || (a[3] & 0x80000000u))
        return -LEINVAL;
    char c = 0;
    if (a[1] && linux_copy_in(t->proc, &c, a[1], 1))
        return -LEFAULT;
    if (!a[1] || (c == '\0' && (a[2] & LAT_EMPTY_PATH))) {
        vx_handle_t h;
        struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
        if (!f)
            return -LEBADF;
        st = f->kind == LFILE_VFS ? fs_fstat(t, h, &ls) : linux_stat_special(t, f, &ls);
        if (f->kind == LFILE_DEV || f->kind == LFILE_PROC || f->kind == LFILE_VDIR)
            st = vfile_fstat(t, f, &ls);
        lfile_put(f);
    } else {
        st = fs_stat_at(t, (int64_t)a[0], a[1], (uint32_t)a[2], &ls);
    }
    if (st)
        return st;
    struct linux_statx x = {0};
    x.mask = 0x7ff; /* STATX_BASIC_STATS */
    x.blksize = (uint32_t)ls.st_blksize;
    x.nlink = ls.st_nlink;
    x.uid = ls.st_uid;
    x.gid = ls.st_gid;
    x.mode = (uint16_t)ls.st_mode;
    x.ino = ls.st_ino;
    x.size = (uint64_t)ls.st_size;
    x.blocks = (uint64_t)ls.st_blocks;
    x.atime = (struct linux_statx_ts){ls.st_atime_sec, (uint32_t)ls.st_atime_nsec, 0};
    x.mtime = (struct linux_statx_ts){ls.st_mtime_sec, (uint32_t)ls.st_mtime_nsec, 0};
    x.ctime = (struct linux_statx_ts){ls.st_ctime_sec, (uint32_t)ls.st_ctime_nsec, 0};
    x.rdev_major = (uint32_t)(ls.st_rdev >> 8) & 0xfff;
    x.rdev_minor = (uint32_t)(ls.st_rdev & 0xff);
    x.dev_major = (uint32_t)(ls.st_dev >> 8) & 0xfff;
    x.dev_minor = (uint32_t)(ls.st_dev & 0xff);
    return linux_copy_out(t->proc, a[4], &x, sizeof x);
}

/* ---- open --------------------------------------------------------------------------------- */

int64_t lsys_openat(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint32_t flags = (uint32_t)a[2];
    char *path;
    int64_t st = get_path(t, a[1], 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    if ((flags & LO_TMPFILE) == LO_TMPFILE)
        return -LEOPNOTSUPP;
    int64_t dirfd = (int64_t)a[0];
    if ((st = vfile_openat(t, dirfd, path, flags)) != LINUX_NOT_VIRTUAL)
        return st;
    vx_handle_t base;
    struct lfile *df;
    if ((st = base_of(t, dirfd, path, &base, &df)))
        return st;
    uint32_t umask;
    lmutex_lock(&p->lock);
    umask = p->umask;
    lmutex_unlock(&p->lock);
    uint32_t vflags = flags & (VX_VFS_O_ACCMODE | VX_VFS_O_CREAT | VX_VFS_O_EXCL | VX_VFS_O_TRUNC |
                               VX_VFS_O_DIRECTORY | VX_VFS_O_NOFOLLOW | VX_VFS_O_PATH);
    uint32_t n = path_req(t, VX_VFS_OP_OPEN, vflags, (uint32_t)a[3] & 07777 & ~umask, 0, path,
                          NULL);
    struct vx_vfs_node_rep rep;
    uint32_t got;
    vx_handle_t h;
    st = vfs_call(base, buf_of(t), n, &rep, sizeof rep, &got, &h);
    put(df);
    if (st < 0)
        return st;
    if (got < sizeof rep || !h) {
        if (h)
            vx_handle_close(h);
        return -LEIO;
    }
    struct lfile *f = lfile_new(LFILE_VFS);
    if (!f) {
        vx_handle_close(h);
        return -LENFILE;
    }
    atomic_store(&f->flags, flags & (3u | LO_APPEND | LO_NONBLOCK | LO_PATH));
    f->mode = rep.st.mode;
    f->token = rep.token;
    fs_note_path(t, f, (int64_t)a[0], path);
    int64_t fd = fd_install_h(p, f, h, 0, (flags & LO_CLOEXEC) != 0);
    if (fd < 0)
        lfile_put(f);
    return fd;
}

/* ---- reading and writing ------------------------------------------------------------------ */

/* READ at off into guest va, in chunks until len or a short read. */
static int64_t read_at(struct linux_thread *t, vx_handle_t h, uint64_t va, uint64_t len,
                       uint64_t off)
{
    uint8_t *b = buf_of(t);
    uint64_t done = 0;
    while (done < len) {
        uint32_t want = len - done < FS_CHUNK ? (uint32_t)(len - done) : FS_CHUNK;
        struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = want, .offset = off + done};
        uint32_t got;
        int32_t n = vfs_call(h, &r, sizeof r, b, FS_BUF, &got, NULL);
        if (n < 0)
            return done ? (int64_t)done : n;
        if ((uint32_t)n > want || got < sizeof(struct vx_vfs_rep) + (uint32_t)n)
            return done ? (int64_t)done : -LEIO;
        if (n && linux_copy_out(t->proc, va + done, b + sizeof(struct vx_vfs_rep), (size_t)n))
            return done ? (int64_t)done : -LEFAULT;
        done += (uint32_t)n;
        if ((uint32_t)n < want)
            break;
    }
    return (int64_t)done;
}

/* WRITE at off (or appending: then *end gets the new size) from guest va. */
static int64_t write_at(struct linux_thread *t, vx_handle_t h, uint64_t va, uint64_t len,
                        uint64_t off, bool append, uint64_t *end)
{
    uint8_t *b = buf_of(t);
    uint64_t done = 0;
    while (done < len) {
        uint32_t n = len - done < FS_CHUNK ? (uint32_t)(len - done) : FS_CHUNK;
        struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_WRITE, .len = n,
                                  .flags = append ? VX_VFS_WRITE_APPEND : 0, .offset = off + done};
        __builtin_memcpy(b, &r, sizeof r);
        if (linux_copy_in(t->proc, b + sizeof r, va + done, n))
            return done ? (int64_t)done : -LEFAULT;
        struct vx_vfs_write_rep rep;
        uint32_t got;
        int32_t w = vfs_call(h, b, (uint32_t)sizeof r + n, &rep, sizeof rep, &got, NULL);
        if (w < 0)
            return done ? (int64_t)done : w;
        if (got >= sizeof rep && end)
            *end = rep.size;
        done += (uint32_t)w;
        if ((uint32_t)w < n)
            break;
    }
    return (int64_t)done;
}

int64_t fs_read(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va, uint64_t len)
{
    if ((f->mode & LS_IFMT) == LS_IFDIR)
        return -LEISDIR;
    lmutex_lock(&f->lock);
    int64_t n = read_at(t, h, va, len, f->offset);
    if (n > 0)
        f->offset += (uint64_t)n;
    lmutex_unlock(&f->lock);
    return n;
}

int64_t fs_write(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va, uint64_t len)
{
    lmutex_lock(&f->lock);
    bool append = (atomic_load(&f->flags) & LO_APPEND) != 0;
    uint64_t end = 0;
    int64_t n = write_at(t, h, va, len, f->offset, append, &end);
    if (n > 0)
        f->offset = append ? end : f->offset + (uint64_t)n;
    lmutex_unlock(&f->lock);
    return n;
}

int64_t fs_pread(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                 uint64_t len, uint64_t off)
{
    if ((f->mode & LS_IFMT) == LS_IFDIR)
        return -LEISDIR;
    return read_at(t, h, va, len, off);
}

int64_t fs_pwrite(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                  uint64_t len, uint64_t off)
{
    return write_at(t, h, va, len, off, false, NULL);
}

int64_t fs_lseek(struct linux_thread *t, struct lfile *f, vx_handle_t h, int64_t off,
                 uint32_t whence)
{
    bool dir = (f->mode & LS_IFMT) == LS_IFDIR;
    lmutex_lock(&f->lock);
    int64_t base = 0, r;
    if (whence == 0) {
        base = 0;
    } else if (whence == 1) {
        base = (int64_t)f->offset;
    } else if ((whence == 2 || whence == 3 || whence == 4) && !dir) {
        struct vx_vfs_node_rep rep;
        int64_t st = node_stat(h, &rep);
        if (st < 0) {
            lmutex_unlock(&f->lock);
            return st;
        }
        int64_t size = (int64_t)rep.st.size;
        if (whence == 3 || whence == 4) { /* SEEK_DATA, SEEK_HOLE: holes are not reported */
            if (off < 0 || off >= size) {
                lmutex_unlock(&f->lock);
                return -LENXIO;
            }
            r = whence == 3 ? off : size;
            f->offset = (uint64_t)r;
            lmutex_unlock(&f->lock);
            return r;
        }
        base = size;
    } else {
        lmutex_unlock(&f->lock);
        return -LEINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
        lmutex_unlock(&f->lock);
        return -LEINVAL;
    }
    if (dir && base + off != 0 && whence == 0) {
        f->offset = (uint64_t)(base + off); /* a cookie telldir gave */
    } else {
        f->offset = (uint64_t)(base + off);
    }
    r = (int64_t)f->offset;
    lmutex_unlock(&f->lock);
    return r;
}

/* ---- directories -------------------------------------------------------------------------- */

int64_t lsys_getdents64(struct linux_thread *t, const uint64_t *a)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    if (f->kind == LFILE_VDIR) {
        int64_t r = vfile_getdents(t, f, a[1], a[2]);
        lfile_put(f);
        return r;
    }
    if (f->kind != LFILE_VFS || (f->mode & LS_IFMT) != LS_IFDIR) {
        lfile_put(f);
        return -LENOTDIR;
    }
    uint64_t cap = a[2] > FS_CHUNK ? FS_CHUNK : a[2];
    uint8_t *b = buf_of(t);
    lmutex_lock(&f->lock);
    struct vx_vfs_readdir_req r = {.h.op = VX_VFS_OP_READDIR, .max_bytes = (uint32_t)cap,
                                   .cookie = f->offset};
    if (cap < 32)
        r.max_bytes = 32; /* too small for any entry: the server says EINVAL */
    uint32_t got;
    int32_t n = vfs_call(h, &r, sizeof r, b, FS_BUF, &got, NULL);
    int64_t out = 0;
    if (n < 0) {
        out = n;
        goto done;
    }
    /* Convert in place to linux_dirent64 (never longer than the server's records) into the
     * second half of the path buffers, then copy out. */
    uint8_t *dst = (uint8_t *)paths[thread_slot(t)];
    uint32_t at = sizeof(struct vx_vfs_rep);
    uint64_t used = 0;
    for (int32_t i = 0; i < n; i++) {
        struct vx_vfs_dirent d;
        if (at + sizeof d > got)
            break;
        __builtin_memcpy(&d, b + at, sizeof d);
        if (d.reclen < sizeof d || at + d.reclen > got || sizeof d + d.name_len >= d.reclen)
            break;
        uint32_t reclen = (19u + d.name_len + 1u + 7u) & ~7u;
        if (used + reclen > a[2] || used + reclen > sizeof paths[0]) {
            if (!used)
                out = -LEINVAL;
            break;
        }
        uint8_t *e = dst + used;
        __builtin_memset(e, 0, reclen);
        int64_t next = (int64_t)d.next;
        uint16_t rl = (uint16_t)reclen;
        __builtin_memcpy(e, &d.ino, 8);
        __builtin_memcpy(e + 8, &next, 8);
        __builtin_memcpy(e + 16, &rl, 2);
        e[18] = d.type;
        __builtin_memcpy(e + 19, b + at + sizeof d, d.name_len);
        used += reclen;
        at += d.reclen;
        f->offset = d.next;
    }
    if (out == 0 && used) {
        if (linux_copy_out(t->proc, a[1], dst, (size_t)used))
            out = -LEFAULT;
        else
            out = (int64_t)used;
    }
done:
    lmutex_unlock(&f->lock);
    lfile_put(f);
    return out;
}

/* ---- namespace changes -------------------------------------------------------------------- */

/* A path op that replies with only a status: MKDIR, UNLINK, SYMLINK, ACCESS... */
static int64_t simple_path_op(struct linux_thread *t, int64_t dirfd, uint32_t op, uint32_t flags,
                              uint32_t mode, uint64_t arg, const char *s1, const char *s2,
                              const char *base_path)
{
    vx_handle_t base;
    struct lfile *f;
    int64_t st = base_of(t, dirfd, base_path, &base, &f);
    if (st)
        return st;
    uint32_t n = path_req(t, op, flags, mode, arg, s1, s2);
    struct vx_vfs_rep rep;
    st = vfs_call(base, buf_of(t), n, &rep, sizeof rep, NULL, NULL);
    put(f);
    return st < 0 ? st : 0;
}

int64_t lsys_mkdirat(struct linux_thread *t, const uint64_t *a)
{
    char *path;
    int64_t st = get_path(t, a[1], 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    return simple_path_op(t, (int64_t)a[0], VX_VFS_OP_MKDIR, 0,
                          (uint32_t)a[2] & 07777 & ~t->proc->umask, 0, path, NULL, path);
}

int64_t lsys_mknodat(struct linux_thread *t, const uint64_t *a)
{
    char *path;
    int64_t st = get_path(t, a[1], 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    uint32_t mode = (uint32_t)a[2];
    if (!(mode & LS_IFMT))
        mode |= LS_IFREG;
    mode = (mode & LS_IFMT) | (mode & 07777 & ~t->proc->umask);
    return simple_path_op(t, (int64_t)a[0], VX_VFS_OP_MKNOD, 0, mode, a[3], path, NULL, path);
}

int64_t lsys_unlinkat(struct linux_thread *t, const uint64_t *a)
{
    char *path;
    int64_t st = get_path(t, a[1], 0, &path);
    if (st)
        return st;
    if (a[2] & ~(uint64_t)LAT_REMOVEDIR)
        return -LEINVAL;
    if (!path[0])
        return -LENOENT;
    return simple_path_op(t, (int64_t)a[0], VX_VFS_OP_UNLINK, (uint32_t)a[2], 0, 0, path, NULL,
                          path);
}

int64_t lsys_symlinkat(struct linux_thread *t, const uint64_t *a)
{
    char *target, *path;
    int64_t st;
    if ((st = get_path(t, a[0], 0, &target)) || (st = get_path(t, a[2], 1, &path)))
        return st;
    if (!path[0] || !target[0])
        return -LENOENT;
    return simple_path_op(t, (int64_t)a[1], VX_VFS_OP_SYMLINK, 0, 0, 0, target, path, path);
}

/* The token naming the directory a second path starts from (renameat2, linkat). */
static int64_t token_of(struct linux_thread *t, int64_t dirfd, const char *path, uint64_t *token)
{
    vx_handle_t base;
    struct lfile *f;
    int64_t st = base_of(t, dirfd, path, &base, &f);
    if (st)
        return st;
    struct vx_vfs_node_rep rep;
    st = node_stat(base, &rep);
    put(f);
    if (st < 0)
        return st;
    *token = rep.token;
    return 0;
}

static int64_t two_path_op(struct linux_thread *t, uint32_t op, const uint64_t *a, uint32_t flags)
{
    char *from, *to;
    int64_t st;
    if ((st = get_path(t, a[1], 0, &from)) || (st = get_path(t, a[3], 1, &to)))
        return st;
    if (!from[0] || !to[0])
        return -LENOENT;
    uint64_t token;
    if ((st = token_of(t, (int64_t)a[2], to, &token)))
        return st;
    return simple_path_op(t, (int64_t)a[0], op, flags, 0, token, from, to, from);
}

int64_t lsys_renameat2(struct linux_thread *t, const uint64_t *a)
{
    if (a[4] & ~(uint64_t)(VX_VFS_RENAME_NOREPLACE | VX_VFS_RENAME_EXCHANGE) ||
        (a[4] & VX_VFS_RENAME_NOREPLACE && a[4] & VX_VFS_RENAME_EXCHANGE))
        return -LEINVAL;
    return two_path_op(t, VX_VFS_OP_RENAME, a, (uint32_t)a[4]);
}

int64_t lsys_linkat(struct linux_thread *t, const uint64_t *a)
{
    if (a[4] & ~(uint64_t)(LAT_SYMLINK_FOLLOW | LAT_EMPTY_PATH))
        return -LEINVAL;
    return two_path_op(t, VX_VFS_OP_LINK, a, (uint32_t)a[4] & LAT_SYMLINK_FOLLOW);
}

int64_t fs_readlinkat(struct linux_thread *t, int64_t dirfd, const char *path, uint64_t va,
                      uint64_t size)
{
    int64_t v = vfile_readlinkat(t, dirfd, path, va, size);
    if (v != LINUX_NOT_VIRTUAL)
        return v;
    if ((int64_t)size <= 0)
        return -LEINVAL;
    vx_handle_t base;
    struct lfile *f;
    int64_t st = base_of(t, dirfd, path, &base, &f);
    if (st)
        return st;
    uint32_t n = path_req(t, VX_VFS_OP_READLINK, 0, 0, 0, path, NULL);
    uint8_t *b = buf_of(t);
    uint32_t got;
    int32_t r = vfs_call(base, b, n, b, FS_BUF, &got, NULL);
    put(f);
    if (r < 0)
        return r;
    if (got < sizeof(struct vx_vfs_rep) + (uint32_t)r)
        return -LEIO;
    uint64_t len = (uint64_t)r < size ? (uint64_t)r : size;
    if (linux_copy_out(t->proc, va, b + sizeof(struct vx_vfs_rep), (size_t)len))
        return -LEFAULT;
    return (int64_t)len;
}

static int64_t access_at(struct linux_thread *t, const uint64_t *a, uint32_t flags)
{
    char *path;
    int64_t st = get_path(t, a[1], 0, &path);
    if (st)
        return st;
    if (a[2] & ~7ull)
        return -LEINVAL;
    if (!path[0])
        return -LENOENT;
    struct linux_stat ls;
    if ((st = vfile_stat_at(t, (int64_t)a[0], path, &ls)) != LINUX_NOT_VIRTUAL)
        return st;
    return simple_path_op(t, (int64_t)a[0], VX_VFS_OP_ACCESS, flags & LAT_SYMLINK_NOFOLLOW,
                          (uint32_t)a[2], 0, path, NULL, path);
}

int64_t lsys_faccessat(struct linux_thread *t, const uint64_t *a)
{
    return access_at(t, a, 0);
}

int64_t lsys_faccessat2(struct linux_thread *t, const uint64_t *a)
{
    if (a[3] & ~(uint64_t)(LAT_SYMLINK_NOFOLLOW | LAT_EACCESS | LAT_EMPTY_PATH))
        return -LEINVAL;
    return access_at(t, a, (uint32_t)a[3]);
}

/* ---- attributes --------------------------------------------------------------------------- */

/* Open path (O_PATH, following symlinks unless nofollow) for an attribute change. */
static int64_t open_node(struct linux_thread *t, int64_t dirfd, const char *path, uint32_t flags,
                         vx_handle_t *h)
{
    vx_handle_t base;
    struct lfile *f;
    int64_t st = base_of(t, dirfd, path, &base, &f);
    if (st)
        return st;
    uint32_t n = path_req(t, VX_VFS_OP_OPEN, flags, 0, 0, path, NULL);
    struct vx_vfs_node_rep rep;
    st = vfs_call(base, buf_of(t), n, &rep, sizeof rep, NULL, h);
    put(f);
    if (st >= 0 && !*h)
        return -LEIO;
    return st < 0 ? st : 0;
}

static int64_t setattr(vx_handle_t h, struct vx_vfs_setattr_req *r)
{
    r->h.op = VX_VFS_OP_SETATTR;
    struct vx_vfs_node_rep rep;
    int64_t st = vfs_call(h, r, sizeof *r, &rep, sizeof rep, NULL, NULL);
    return st < 0 ? st : 0;
}

/* SETATTR on an fd's connection (or, with a path, on the node it names). */
static int64_t setattr_at(struct linux_thread *t, int64_t dirfd, uint64_t path_va, bool nofollow,
                          uint32_t open_flags, struct vx_vfs_setattr_req *r)
{
    if (!path_va) {
        vx_handle_t h;
        struct lfile *f = fd_get_h(t->proc, dirfd, &h);
        if (!f)
            return -LEBADF;
        int64_t st = f->kind == LFILE_VFS ? setattr(h, r) : -LEINVAL;
        lfile_put(f);
        return st;
    }
    char *path;
    int64_t st = get_path(t, path_va, 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    vx_handle_t h;
    if ((st = open_node(t, dirfd, path, open_flags | (nofollow ? VX_VFS_O_NOFOLLOW : 0), &h)))
        return st;
    st = setattr(h, r);
    vx_handle_close(h);
    return st;
}

int64_t lsys_fchmodat(struct linux_thread *t, const uint64_t *a)
{
    struct vx_vfs_setattr_req r = {.valid = VX_VFS_SET_MODE, .mode = (uint32_t)a[2] & 07777};
    return setattr_at(t, (int64_t)a[0], a[1], false, VX_VFS_O_PATH, &r);
}

int64_t lsys_fchmod(struct linux_thread *t, const uint64_t *a)
{
    struct vx_vfs_setattr_req r = {.valid = VX_VFS_SET_MODE, .mode = (uint32_t)a[1] & 07777};
    return setattr_at(t, (int64_t)a[0], 0, false, 0, &r);
}

static void owner_req(struct vx_vfs_setattr_req *r, uint64_t uid, uint64_t gid)
{
    if ((uint32_t)uid != 0xffffffffu) {
        r->valid |= VX_VFS_SET_UID;
        r->uid = (uint32_t)uid;
    }
    if ((uint32_t)gid != 0xffffffffu) {
        r->valid |= VX_VFS_SET_GID;
        r->gid = (uint32_t)gid;
    }
}

int64_t lsys_fchownat(struct linux_thread *t, const uint64_t *a)
{
    struct vx_vfs_setattr_req r = {0};
    owner_req(&r, a[2], a[3]);
    if (a[4] & LAT_EMPTY_PATH) {
        char c;
        if (linux_copy_in(t->proc, &c, a[1], 1))
            return -LEFAULT;
        if (!c)
            return setattr_at(t, (int64_t)a[0], 0, false, 0, &r);
    }
    return setattr_at(t, (int64_t)a[0], a[1], (a[4] & LAT_SYMLINK_NOFOLLOW) != 0, VX_VFS_O_PATH,
                      &r);
}

int64_t lsys_fchown(struct linux_thread *t, const uint64_t *a)
{
    struct vx_vfs_setattr_req r = {0};
    owner_req(&r, a[1], a[2]);
    return setattr_at(t, (int64_t)a[0], 0, false, 0, &r);
}

int64_t lsys_utimensat(struct linux_thread *t, const uint64_t *a)
{
    struct vx_vfs_setattr_req r = {.valid = VX_VFS_SET_ATIME | VX_VFS_SET_MTIME};
    if (a[2]) {
        struct linux_timespec ts[2];
        if (linux_copy_in(t->proc, ts, a[2], sizeof ts))
            return -LEFAULT;
        for (int i = 0; i < 2; i++) {
            int64_t ns = ts[i].tv_nsec;
            if (ns != VX_VFS_UTIME_NOW && ns != VX_VFS_UTIME_OMIT && (ns < 0 || ns >= 1000000000))
                return -LEINVAL;
        }
        r.atime = (struct vx_vfs_time){ts[0].tv_sec, (uint32_t)ts[0].tv_nsec, 0};
        r.mtime = (struct vx_vfs_time){ts[1].tv_sec, (uint32_t)ts[1].tv_nsec, 0};
    } else {
        r.atime.nsec = r.mtime.nsec = VX_VFS_UTIME_NOW;
    }
    if (a[3] & ~(uint64_t)(LAT_SYMLINK_NOFOLLOW | LAT_EMPTY_PATH))
        return -LEINVAL;
    return setattr_at(t, (int64_t)a[0], a[1], (a[3] & LAT_SYMLINK_NOFOLLOW) != 0, VX_VFS_O_PATH,
                      &r);
}

int64_t lsys_truncate(struct linux_thread *t, const uint64_t *a)
{
    if ((int64_t)a[1] < 0)
        return -LEINVAL;
    struct vx_vfs_setattr_req r = {.valid = VX_VFS_SET_SIZE, .size = a[1]};
    return setattr_at(t, LAT_FDCWD, a[0], false, VX_VFS_O_WRONLY, &r);
}

int64_t lsys_ftruncate(struct linux_thread *t, const uint64_t *a)
{
    if ((int64_t)a[1] < 0)
        return -LEINVAL;
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t st;
    if (f->kind != LFILE_VFS || (f->mode & LS_IFMT) != LS_IFREG ||
        (atomic_load(&f->flags) & 3) == LO_RDONLY) {
        st = -LEINVAL;
    } else {
        struct vx_vfs_setattr_req r = {.valid = VX_VFS_SET_SIZE, .size = a[1]};
        st = setattr(h, &r);
    }
    lfile_put(f);
    return st;
}

int64_t lsys_fsync(struct linux_thread *t, const uint64_t *a)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t st = -LEINVAL; /* pipes and the console cannot be synced */
    if (f->kind == LFILE_VFS) {
        struct vx_vfs_req r = {.op = VX_VFS_OP_SYNC};
        struct vx_vfs_rep rep;
        st = vfs_call(h, &r, sizeof r, &rep, sizeof rep, NULL, NULL);
        if (st > 0)
            st = 0;
    }
    lfile_put(f);
    return st;
}

int64_t lsys_syncfs(struct linux_thread *t, const uint64_t *a)
{
    struct lfile *f = fd_get(t->proc, (int64_t)a[0]);
    if (!f)
        return -LEBADF;
    lfile_put(f);
    return 0; /* tmpfs keeps nothing to write back */
}

/* struct statfs of riscv64 (asm-generic statfs64 layout with 64-bit longs). */
struct linux_statfs {
    int64_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    int64_t namelen, frsize, flags;
    int64_t spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs is 120 bytes");

static int64_t statfs_of(struct linux_thread *t, vx_handle_t h, uint64_t out)
{
    struct vx_vfs_req r = {.op = VX_VFS_OP_STATFS};
    struct vx_vfs_statfs_rep rep;
    uint32_t got;
    int64_t st = vfs_call(h, &r, sizeof r, &rep, sizeof rep, &got, NULL);
    if (st < 0)
        return st;
    if (got < sizeof rep)
        return -LEIO;
    struct linux_statfs s = {0};
    s.type = (int64_t)rep.st.type;
    s.bsize = (int64_t)rep.st.bsize;
    s.blocks = rep.st.blocks;
    s.bfree = rep.st.bfree;
    s.bavail = rep.st.bavail;
    s.files = rep.st.files;
    s.ffree = rep.st.ffree;
    s.fsid[0] = (int32_t)rep.st.fsid;
    s.fsid[1] = (int32_t)(rep.st.fsid >> 32);
    s.namelen = (int64_t)rep.st.namelen;
    s.frsize = (int64_t)rep.st.frsize;
    s.flags = (int64_t)rep.st.flags;
    return linux_copy_out(t->proc, out, &s, sizeof s);
}

int64_t lsys_statfs(struct linux_thread *t, const uint64_t *a)
{
    char *path;
    int64_t st = get_path(t, a[0], 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    vx_handle_t h;
    if ((st = open_node(t, LAT_FDCWD, path, VX_VFS_O_PATH, &h)))
        return st;
    st = statfs_of(t, h, a[1]);
    vx_handle_close(h);
    return st;
}

int64_t lsys_fstatfs(struct linux_thread *t, const uint64_t *a)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t st = f->kind == LFILE_VFS ? statfs_of(t, h, a[1]) : -LENOSYS;
    lfile_put(f);
    return st;
}

/* ---- the working directory ---------------------------------------------------------------- */

/* Append `rel` to the absolute path `abs` (LINUX_PATH_MAX), folding ".", ".." and slashes. */
bool linux_path_join(char *abs, const char *rel)
{
    size_t n = rel[0] == '/' ? 0 : linux_strlen(abs);
    if (rel[0] == '/')
        abs[0] = '\0';
    while (n > 1 && abs[n - 1] == '/')
        abs[--n] = '\0';
    const char *s = rel;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - s);
        if (len == 0 || (len == 1 && s[0] == '.')) {
            /* nothing */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && abs[n - 1] != '/')
                n--;
            if (n > 1)
                n--;
            abs[n] = '\0';
        } else {
            if (n + len + 2 > LINUX_PATH_MAX)
                return false;
            if (n == 0 || abs[n - 1] != '/')
                abs[n++] = '/';
            __builtin_memcpy(abs + n, s, len);
            n += len;
            abs[n] = '\0';
        }
        s = e;
    }
    if (n == 0) {
        abs[0] = '/';
        abs[1] = '\0';
    }
    return true;
}

/* Make h (a directory connection, moved) the working directory, at path `abs`. */
static int64_t set_cwd(struct linux_proc *p, vx_handle_t h, uint64_t token, const char *abs)
{
    lmutex_lock(&p->lock);
    vx_handle_t old = p->cwd;
    p->cwd = h;
    p->cwd_token = token;
    size_t n = linux_strlen(abs);
    __builtin_memcpy(p->cwd_path, abs, n + 1);
    lmutex_unlock(&p->lock);
    if (old && old != p->root)
        vx_handle_close(old);
    return 0;
}

int64_t lsys_chdir(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    char *path;
    int64_t st = get_path(t, a[0], 0, &path);
    if (st)
        return st;
    if (!path[0])
        return -LENOENT;
    vx_handle_t base;
    struct lfile *f;
    if ((st = base_of(t, LAT_FDCWD, path, &base, &f)))
        return st;
    uint32_t n = path_req(t, VX_VFS_OP_OPEN, VX_VFS_O_PATH | VX_VFS_O_DIRECTORY, 0, 0, path, NULL);
    struct vx_vfs_node_rep rep;
    vx_handle_t h;
    st = vfs_call(base, buf_of(t), n, &rep, sizeof rep, NULL, &h);
    if (st < 0)
        return st;
    if (!h)
        return -LEIO;
    if ((rep.st.mode & LS_IFMT) != LS_IFDIR) {
        vx_handle_close(h);
        return -LENOTDIR;
    }
    char *abs = paths[thread_slot(t)][1];
    lmutex_lock(&p->lock);
    __builtin_memcpy(abs, p->cwd_path, LINUX_PATH_MAX);
    lmutex_unlock(&p->lock);
    if (!linux_path_join(abs, path)) {
        vx_handle_close(h);
        return -LENAMETOOLONG;
    }
    return set_cwd(p, h, rep.token, abs);
}

int64_t lsys_fchdir(struct linux_thread *t, const uint64_t *a)
{
    vx_handle_t h, h2;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t st = 0;
    if (f->kind != LFILE_VFS || (f->mode & LS_IFMT) != LS_IFDIR)
        st = -LENOTDIR;
    else
        st = handle_dup(h, &h2);
    if (!st)
        st = set_cwd(t->proc, h2, f->token, f->path[0] ? f->path : "/");
    lfile_put(f);
    return st;
}

int64_t lsys_getcwd(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    char *b = paths[thread_slot(t)][1];
    lmutex_lock(&p->lock);
    __builtin_memcpy(b, p->cwd_path, LINUX_PATH_MAX);
    lmutex_unlock(&p->lock);
    size_t n = linux_strlen(b) + 1;
    if (a[1] < n)
        return -LERANGE;
    if (linux_copy_out(p, a[0], b, n))
        return -LEFAULT;
    return (int64_t)n;
}

/* The absolute path an fd was opened at (openat records it for fchdir and /proc). */
void fs_note_path(struct linux_thread *t, struct lfile *f, int64_t dirfd, const char *path)
{
    struct linux_proc *p = t->proc;
    char *abs = f->path;
    if (path[0] == '/') {
        abs[0] = '\0';
    } else if ((int32_t)dirfd == LAT_FDCWD) {
        lmutex_lock(&p->lock);
        __builtin_memcpy(abs, p->cwd_path, LINUX_PATH_MAX);
        lmutex_unlock(&p->lock);
    } else {
        struct lfile *d = fd_get(p, dirfd);
        if (d) {
            __builtin_memcpy(abs, d->path, LINUX_PATH_MAX);
            lfile_put(d);
        } else {
            abs[0] = '\0';
        }
    }
    if (!linux_path_join(abs, path))
        abs[0] = '\0';
}

/* ---- programs ----------------------------------------------------------------------------- */

/* The regular file at path (from base) into a new VMO, through buf (FS_BUF bytes). */
static int64_t load_file(vx_handle_t base, const char *path, uint8_t *buf, vx_handle_t *vmo)
{
    vx_handle_t h;
    struct vx_vfs_path_req pr = {.h.op = VX_VFS_OP_ACCESS, .mode = VX_VFS_X_OK};
    size_t len = linux_strlen(path) + 1;
    if (sizeof pr + len > FS_BUF)
        return -LENAMETOOLONG;
    /* execute permission first (as Linux checks it), then the bytes */
    __builtin_memcpy(buf, &pr, sizeof pr);
    __builtin_memcpy(buf + sizeof pr, path, len);
    struct vx_vfs_rep rr;
    int64_t st = vfs_call(base, buf, (uint32_t)(sizeof pr + len), &rr, sizeof rr, NULL, NULL);
    if (st < 0)
        return st;
    pr.h.op = VX_VFS_OP_OPEN;
    pr.mode = 0;
    pr.flags = VX_VFS_O_RDONLY;
    __builtin_memcpy(buf, &pr, sizeof pr);
    struct vx_vfs_node_rep rep;
    st = vfs_call(base, buf, (uint32_t)(sizeof pr + len), &rep, sizeof rep, NULL, &h);
    if (st < 0)
        return st;
    if (!h)
        return -LEIO;
    if ((rep.st.mode & LS_IFMT) != LS_IFREG) {
        vx_handle_close(h);
        return -LEACCES;
    }
    uint64_t size = rep.st.size;
    if (size == 0 || size > (256ull << 20)) {
        vx_handle_close(h);
        return size ? -LENOMEM : -LENOEXEC;
    }
    if (vx_vmo_create(size, 0, vmo)) {
        vx_handle_close(h);
        return -LENOMEM;
    }
    for (uint64_t off = 0; off < size;) {
        struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = FS_CHUNK, .offset = off};
        uint32_t got;
        int32_t k = vfs_call(h, &r, sizeof r, buf, FS_BUF, &got, NULL);
        if (k <= 0 || got < sizeof(struct vx_vfs_rep) + (uint32_t)k ||
            vx_vmo_write(*vmo, buf + sizeof(struct vx_vfs_rep), off, (size_t)k)) {
            vx_handle_close(h);
            vx_handle_close(*vmo);
            return k < 0 ? k : -LEIO;
        }
        off += (uint32_t)k;
    }
    vx_handle_close(h);
    return 0;
}

int64_t fs_load_program(struct linux_thread *t, const char *path, vx_handle_t *vmo)
{
    vx_handle_t base;
    struct lfile *df;
    int64_t st = base_of(t, LAT_FDCWD, path, &base, &df);
    if (st)
        return st;
    st = load_file(base, path, buf_of(t), vmo);
    put(df);
    return st;
}

int64_t linux_load_program(vx_handle_t root, const char *path, vx_handle_t *vmo)
{
    static uint8_t buf[FS_BUF]; /* linux-exec's: one caller at a time */
    static struct lmutex lock;
    lmutex_lock(&lock);
    int64_t st = load_file(root, path, buf, vmo);
    lmutex_unlock(&lock);
    return st;
}
