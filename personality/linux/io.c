/*
 * linux/io.c - reading, writing and fd-table calls. The only files so far are the console's
 * (fds 0, 1, 2 of a new process): reads and writes become calls to the console device.
 */
#include "personality/linux/internal.h"
#include "vx/console.h"

#define IO_CHUNK 4096u /* bytes per console request */

/* One request to the console device; returns its status (a count or a VX_E* code). */
static int32_t console_call(vx_handle_t con, uint32_t op, uint32_t arg, const void *data,
                            uint32_t n, void *out, uint32_t out_cap)
{
    uint8_t req[sizeof(struct vx_console_req) + IO_CHUNK];
    uint8_t rep[sizeof(struct vx_console_rep) + IO_CHUNK];
    struct vx_console_req h = {.op = op, .arg = arg};
    __builtin_memcpy(req, &h, sizeof h);
    if (n)
        __builtin_memcpy(req + sizeof h, data, n);
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req,
                                        .wr_num_bytes = (uint32_t)sizeof h + n,
                                        .rd_bytes = (uintptr_t)rep,
                                        .rd_num_bytes = (uint32_t)sizeof(struct vx_console_rep) +
                                                        out_cap};
    uint32_t actual[2];
    vx_status_t st = vx_channel_call(con, &args, 0, actual);
    if (st)
        return st;
    struct vx_console_rep r;
    if (actual[0] < sizeof r)
        return VX_EIO;
    __builtin_memcpy(&r, rep, sizeof r);
    if (r.status > 0 && out) {
        uint32_t got = actual[0] - (uint32_t)sizeof r;
        if ((uint32_t)r.status > got || (uint32_t)r.status > out_cap)
            return VX_EIO;
        __builtin_memcpy(out, rep + sizeof r, (size_t)r.status);
    }
    return r.status;
}

int32_t linux_console_write(vx_handle_t con, uint32_t stream, const void *data, uint32_t n)
{
    return console_call(con, VX_CONSOLE_WRITE, stream, data, n < IO_CHUNK ? n : IO_CHUNK, NULL, 0);
}

/* The errno for a failed console request. */
static int64_t console_errno(int32_t st)
{
    return st == VX_ECANCELED ? -LEINTR : st == VX_ECLOSED ? -LEPIPE : -LEIO;
}


#define LO_ACCMODE  3u
#define LO_NONBLOCK 04000u
#define LO_APPEND   02000u

/* Write len bytes at guest va to the console. Returns the count or -errno. */
static int64_t console_write(struct linux_proc *p, struct lfile *f, uint64_t va, uint64_t len)
{
    uint8_t buf[IO_CHUNK];
    uint64_t done = 0;
    while (done < len) {
        uint32_t n = len - done < IO_CHUNK ? (uint32_t)(len - done) : IO_CHUNK;
        int64_t st = linux_copy_in(p, buf, va + done, n);
        if (st)
            return done ? (int64_t)done : st;
        int32_t w = console_call(p->console, VX_CONSOLE_WRITE, f->stream, buf, n, NULL, 0);
        if (w < 0)
            return done ? (int64_t)done : console_errno(w);
        done += (uint32_t)w;
        if ((uint32_t)w < n)
            break;
    }
    return (int64_t)done;
}

/* -EFAULT unless every page of [va, va + len) takes a store: one byte of each is read and
 * written back. */
static int64_t probe_writable(struct linux_proc *p, uint64_t va, uint64_t len)
{
    uint64_t last_page = (va + len - 1) & ~(LPAGE - 1);
    for (uint64_t at = va;; at = (at & ~(LPAGE - 1)) + LPAGE) {
        uint8_t b;
        int64_t st = linux_copy_in(p, &b, at, 1);
        if (st || (st = linux_copy_out(p, at, &b, 1)))
            return st;
        if ((at & ~(LPAGE - 1)) == last_page)
            return 0;
    }
}

/* Read up to len bytes from the console into guest va: what one reply brings (at least one
 * byte, or 0 at the end of input). */
static int64_t console_read(struct linux_proc *p, uint64_t va, uint64_t len)
{
    uint8_t buf[IO_CHUNK];
    uint32_t want = len < IO_CHUNK ? (uint32_t)len : IO_CHUNK;
    /* A buffer that cannot take the bytes fails before any input is consumed, as on Linux. */
    int64_t st = probe_writable(p, va, want);
    if (st)
        return st;
    int32_t n = console_call(p->console, VX_CONSOLE_READ, want, NULL, 0, buf, want);
    if (n < 0)
        return console_errno(n);
    st = linux_copy_out(p, va, buf, (size_t)n);
    return st ? st : n;
}

static int64_t file_write(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                          uint64_t len)
{
    if ((atomic_load(&f->flags) & LO_ACCMODE) == LO_RDONLY)
        return -LEBADF;
    switch (f->kind) {
    case LFILE_CONSOLE:
        return console_write(t->proc, f, va, len);
    case LFILE_PIPE_WRITE:
        return pipe_write(t, f, va, len);
    case LFILE_VFS:
        return fs_write(t, f, h, va, len);
    case LFILE_DEV:
    case LFILE_PROC:
    case LFILE_VDIR:
        return vfile_write(t, f, va, len);
    default:
        return -LEBADF;
    }
}

static int64_t file_read(struct linux_thread *t, struct lfile *f, vx_handle_t h, uint64_t va,
                         uint64_t len)
{
    if ((atomic_load(&f->flags) & LO_ACCMODE) == LO_WRONLY)
        return -LEBADF;
    if (len == 0)
        return 0;
    switch (f->kind) {
    case LFILE_CONSOLE:
        return console_read(t->proc, va, len);
    case LFILE_PIPE_READ:
        return pipe_read(t, f, va, len);
    case LFILE_VFS:
        return fs_read(t, f, h, va, len);
    case LFILE_DEV:
    case LFILE_PROC:
    case LFILE_VDIR:
        return vfile_read(t, f, va, len);
    default:
        return -LEBADF;
    }
}

/* Linux checks a buffer is addressable before it does anything with it. */
static int64_t check_range(uint64_t va, uint64_t len)
{
    return va + len < va ? -LEFAULT : 0;
}

/* read(fd, buf, count) or write(fd, buf, count). */
static int64_t plain_io(struct linux_thread *t, const uint64_t *a, bool write)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t r;
    if ((int64_t)a[2] < 0)
        r = -LEINVAL;
    else if (check_range(a[1], a[2]))
        r = -LEFAULT;
    else
        r = write ? file_write(t, f, h, a[1], a[2]) : file_read(t, f, h, a[1], a[2]);
    lfile_put(f);
    return r;
}

int64_t lsys_write(struct linux_thread *t, const uint64_t *a)
{
    return plain_io(t, a, true);
}

int64_t lsys_read(struct linux_thread *t, const uint64_t *a)
{
    return plain_io(t, a, false);
}

#define IOV_MAX 1024u

/* readv / writev: each iovec in turn; stops at the first short or failed transfer. */
static int64_t vector_io(struct linux_thread *t, struct lfile *f, vx_handle_t h, const uint64_t *a,
                         bool write)
{
    struct linux_proc *p = t->proc;
    uint64_t cnt = a[2];
    if (cnt > IOV_MAX)
        return -LEINVAL;
    struct linux_iovec iov[16];
    uint64_t total = 0;
    for (uint64_t i = 0; i < cnt; i += 16) { /* validate all first, as Linux does */
        uint64_t n = cnt - i < 16 ? cnt - i : 16;
        int64_t st = linux_copy_in(p, iov, a[1] + i * sizeof iov[0], n * sizeof iov[0]);
        if (st)
            return st;
        for (uint64_t k = 0; k < n; k++) {
            if ((int64_t)iov[k].len < 0 || total + iov[k].len < total ||
                (int64_t)(total + iov[k].len) < 0)
                return -LEINVAL;
            total += iov[k].len;
        }
    }
    int64_t done = 0;
    for (uint64_t i = 0; i < cnt; i += 16) {
        uint64_t n = cnt - i < 16 ? cnt - i : 16;
        int64_t st = linux_copy_in(p, iov, a[1] + i * sizeof iov[0], n * sizeof iov[0]);
        if (st)
            return done ? done : st;
        for (uint64_t k = 0; k < n; k++) {
            if (!iov[k].len)
                continue;
            int64_t r = write ? file_write(t, f, h, iov[k].base, iov[k].len)
                              : file_read(t, f, h, iov[k].base, iov[k].len);
            if (r < 0)
                return done ? done : r;
            done += r;
            if ((uint64_t)r < iov[k].len || (!write && r > 0))
                return done; /* a short transfer; a read returns what one request gave */
        }
    }
    return done;
}

static int64_t vector_call(struct linux_thread *t, const uint64_t *a, bool write)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t r = vector_io(t, f, h, a, write);
    lfile_put(f);
    return r;
}

int64_t lsys_readv(struct linux_thread *t, const uint64_t *a)
{
    return vector_call(t, a, false);
}

int64_t lsys_writev(struct linux_thread *t, const uint64_t *a)
{
    return vector_call(t, a, true);
}

/* ---- the fd table ------------------------------------------------------------------------- */

int64_t lsys_close(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[0] >= LINUX_FDS_MAX)
        return -LEBADF;
    lmutex_lock(&p->lock);
    struct lfile *f = p->fd[a[0]];
    vx_handle_t h = p->fdh[a[0]];
    p->fd[a[0]] = NULL;
    p->fdh[a[0]] = 0;
    lmutex_unlock(&p->lock);
    if (!f)
        return -LEBADF;
    if (h)
        vx_handle_close(h);
    lfile_put(f);
    return 0;
}

/* Another fd for the file of fd `from`, at the lowest free one >= lowest. */
static int64_t dup_fd(struct linux_proc *p, int64_t from, uint32_t lowest, bool cloexec)
{
    vx_handle_t h, h2;
    struct lfile *f = fd_get_h(p, from, &h);
    if (!f)
        return -LEBADF;
    int64_t fd = handle_dup(h, &h2);
    if (!fd)
        fd = fd_install_h(p, f, h2, lowest, cloexec);
    if (fd < 0)
        lfile_put(f);
    return fd;
}

int64_t lsys_dup(struct linux_thread *t, const uint64_t *a)
{
    return dup_fd(t->proc, (int64_t)a[0], 0, false);
}

int64_t lsys_dup3(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[2] & ~(uint64_t)LO_CLOEXEC)
        return -LEINVAL;
    vx_handle_t h, h2;
    struct lfile *f = fd_get_h(p, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    if (a[0] == a[1] || a[1] >= LINUX_FDS_MAX || a[1] >= p->rlim[LRLIMIT_NOFILE].cur) {
        lfile_put(f);
        return a[0] == a[1] ? -LEINVAL : -LEBADF;
    }
    if (handle_dup(h, &h2)) {
        lfile_put(f);
        return -LEMFILE;
    }
    lmutex_lock(&p->lock);
    struct lfile *old = p->fd[a[1]];
    vx_handle_t oldh = p->fdh[a[1]];
    p->fd[a[1]] = f; /* takes fd_get's reference */
    p->fdh[a[1]] = h2;
    p->cloexec[a[1]] = (a[2] & LO_CLOEXEC) != 0;
    lmutex_unlock(&p->lock);
    if (oldh)
        vx_handle_close(oldh);
    if (old)
        lfile_put(old);
    return (int64_t)a[1];
}

int64_t lsys_fcntl(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    struct lfile *f = fd_get(p, (int64_t)a[0]);
    if (!f)
        return -LEBADF;
    int64_t r = 0;
    switch ((uint32_t)a[1]) {
    case LF_DUPFD:
    case LF_DUPFD_CLOEXEC:
        if (a[2] >= LINUX_FDS_MAX || a[2] >= p->rlim[LRLIMIT_NOFILE].cur)
            r = -LEINVAL;
        else
            r = dup_fd(p, (int64_t)a[0], (uint32_t)a[2], (uint32_t)a[1] == LF_DUPFD_CLOEXEC);
        break;
    case LF_GETFD:
        lmutex_lock(&p->lock);
        r = p->cloexec[a[0]] ? LFD_CLOEXEC : 0;
        lmutex_unlock(&p->lock);
        break;
    case LF_SETFD:
        lmutex_lock(&p->lock);
        p->cloexec[a[0]] = (a[2] & LFD_CLOEXEC) != 0;
        lmutex_unlock(&p->lock);
        break;
    case LF_GETFL:
        r = atomic_load(&f->flags);
        break;
    case LF_SETFL: { /* only O_APPEND and O_NONBLOCK change */
        uint32_t keep = atomic_load(&f->flags) & ~(LO_APPEND | LO_NONBLOCK);
        atomic_store(&f->flags, keep | ((uint32_t)a[2] & (LO_APPEND | LO_NONBLOCK)));
        break;
    }
    default:
        r = -LEINVAL;
        break;
    }
    lfile_put(f);
    return r;
}

int64_t lsys_ioctl(struct linux_thread *t, const uint64_t *a)
{
    struct lfile *f = fd_get(t->proc, (int64_t)a[0]);
    if (!f)
        return -LEBADF;
    lfile_put(f);
    return -LENOTTY; /* no terminal layer yet: the console is a plain character stream */
}

/* pread64 / pwrite64: positioned I/O, which the console and pipes refuse. */
static int64_t positioned(struct linux_thread *t, const uint64_t *a, bool write)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t r;
    uint32_t acc = atomic_load(&f->flags) & LO_ACCMODE;
    if (f->kind != LFILE_VFS)
        r = -LESPIPE;
    else if ((int64_t)a[3] < 0 || (int64_t)a[2] < 0)
        r = -LEINVAL;
    else if (acc == (write ? LO_RDONLY : LO_WRONLY))
        r = -LEBADF;
    else if (check_range(a[1], a[2]))
        r = -LEFAULT;
    else
        r = write ? fs_pwrite(t, f, h, a[1], a[2], a[3]) : fs_pread(t, f, h, a[1], a[2], a[3]);
    lfile_put(f);
    return r;
}

int64_t lsys_pread64(struct linux_thread *t, const uint64_t *a)
{
    return positioned(t, a, false);
}

int64_t lsys_pwrite64(struct linux_thread *t, const uint64_t *a)
{
    return positioned(t, a, true);
}

int64_t lsys_lseek(struct linux_thread *t, const uint64_t *a)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, (int64_t)a[0], &h);
    if (!f)
        return -LEBADF;
    int64_t r = -LESPIPE;
    if (f->kind == LFILE_VFS) {
        r = fs_lseek(t, f, h, (int64_t)a[1], (uint32_t)a[2]);
    } else if (f->kind == LFILE_DEV) {
        r = 0; /* devices here have no position */
    } else if ((f->kind == LFILE_PROC || f->kind == LFILE_VDIR) && a[2] <= 1) {
        lmutex_lock(&f->lock);
        int64_t to = (int64_t)a[1] + (a[2] == 1 ? (int64_t)f->offset : 0);
        r = to < 0 ? -LEINVAL : to;
        if (to >= 0)
            f->offset = (uint64_t)to;
        lmutex_unlock(&f->lock);
    } else if (f->kind == LFILE_PROC || f->kind == LFILE_VDIR) {
        r = -LEINVAL;
    }
    lfile_put(f);
    return r;
}

int64_t linux_stat_special(struct linux_thread *t, struct lfile *f, struct linux_stat *st)
{
    __builtin_memset(st, 0, sizeof *st);
    if (f->kind == LFILE_CONSOLE) {
        st->st_dev = 5;
        st->st_ino = 3 + f->stream;
        st->st_mode = LS_IFCHR | 0620;
        st->st_rdev = (5u << 8) | 1u; /* the console, 5:1 */
        st->st_blksize = 1024;
    } else {
        st->st_dev = 12; /* pipefs */
        st->st_ino = 1000 + (uint64_t)(uintptr_t)f->pipe % 100000;
        st->st_mode = LS_IFIFO | 0600;
        st->st_blksize = 4096;
    }
    st->st_nlink = 1;
    return 0;
}

/* stat of an open file. */
static int64_t stat_fd(struct linux_thread *t, int64_t fd, struct linux_stat *st)
{
    vx_handle_t h;
    struct lfile *f = fd_get_h(t->proc, fd, &h);
    if (!f)
        return -LEBADF;
    int64_t r;
    if (f->kind == LFILE_VFS)
        r = fs_fstat(t, h, st);
    else if (f->kind == LFILE_DEV || f->kind == LFILE_PROC || f->kind == LFILE_VDIR)
        r = vfile_fstat(t, f, st);
    else
        r = linux_stat_special(t, f, st);
    lfile_put(f);
    return r;
}

int64_t lsys_fstat(struct linux_thread *t, const uint64_t *a)
{
    struct linux_stat st;
    int64_t r = stat_fd(t, (int64_t)a[0], &st);
    return r ? r : linux_copy_out(t->proc, a[1], &st, sizeof st);
}

int64_t lsys_newfstatat(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    char c;
    if (linux_copy_in(p, &c, a[1], 1))
        return -LEFAULT;
    if (a[3] & ~(uint64_t)(0x100 | 0x800 | LAT_EMPTY_PATH)) /* SYMLINK_NOFOLLOW, NO_AUTOMOUNT */
        return -LEINVAL;
    struct linux_stat st;
    int64_t r = c == '\0' && (a[3] & LAT_EMPTY_PATH) ? stat_fd(t, (int64_t)a[0], &st)
                                                       : fs_stat_at(t, (int64_t)a[0], a[1],
                                                                    (uint32_t)a[3], &st);
    return r ? r : linux_copy_out(p, a[2], &st, sizeof st);
}

int64_t lsys_readlinkat(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    static const char self_exe[] = "/proc/self/exe";
    static char paths[LINUX_THREADS_MAX][LINUX_PATH_MAX];
    char *path = paths[thread_slot(t)];
    int64_t st = linux_copy_str(p, path, a[1], LINUX_PATH_MAX);
    if (st < 0)
        return st;
    if (__builtin_memcmp(path, self_exe, sizeof self_exe) != 0 || p->root)
        return fs_readlinkat(t, (int64_t)a[0], path, a[2], a[3]);
    if ((int64_t)a[3] <= 0)
        return -LEINVAL;
    char exe[LINUX_PATH_MAX];
    lmutex_lock(&p->lock);
    __builtin_memcpy(exe, p->exe, sizeof exe);
    lmutex_unlock(&p->lock);
    size_t n = 0;
    while (exe[n])
        n++;
    if (n > a[3])
        n = (size_t)a[3];
    st = linux_copy_out(p, a[2], exe, n);
    return st ? st : (int64_t)n;
}
