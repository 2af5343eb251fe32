/*
 * servers/vfs/tmpfs.c - tmpfs (see tmpfs.h): nodes, file pages, directories, limits.
 *
 * Every node sits in an inode table (chained hash on the inode number, doubled as it fills).
 * A regular file's pages hang off a radix tree of 512-way index nodes, so every allocation is
 * at most a page and a write at a far offset costs a few index nodes, not an array as long as
 * the file; a page never written reads as zeros. A directory keeps its entries twice: in a
 * chained hash table on the name (FNV-1a, doubled when it has more entries than buckets) for
 * lookups, and in a list in creation order whose sequence numbers (2, 3, ...) are the READDIR
 * cookies, so a listing resumes correctly while entries come and go. A directory's parent is
 * a pointer: directories have exactly one name, and rmdir clears the pointer of the removed
 * one (its ".." is then -ENOENT).
 *
 * Ops that can fail for lack of memory allocate first and change the tree after, so a failed
 * call leaves nothing half done (rename allocates the new entry before it unlinks anything).
 */
#define VX_SUBSYSTEM "tmpfs"
#include "servers/vfs/tmpfs.h"

#include "lib/assert.h"
#include "lib/string.h"

#define RADIX_SHIFT     9u
#define RADIX_FANOUT    (1u << RADIX_SHIFT) /* pointers in one index node (one page) */
#define RADIX_DEPTH_MAX 4u                  /* 512^4 pages: more than TMPFS_FILE_MAX */
#define DIR_BUCKETS_MIN 8u
#define INO_BUCKETS_MIN 64u
#define DIR_BOGO_BYTES  20u /* a directory's size: this per entry (as Linux's tmpfs) */
#define FIRST_COOKIE    2u  /* 0 is ".", 1 is ".." */
#define NS_PER_SEC      1000000000ll

struct tnode;

struct tdirent {
    struct tdirent *hnext;       /* bucket chain */
    struct tdirent *prev, *next; /* creation order */
    struct tnode *node;
    uint64_t seq; /* the READDIR cookie of this entry */
    uint32_t hash;
    uint16_t len;
    char name[]; /* len bytes and a NUL */
};

struct tnode {
    struct tnode *hnext; /* inode table chain */
    uint64_t ino;
    uint32_t mode, nlink, uid, gid;
    uint32_t opens; /* connections holding it */
    uint64_t rdev;
    uint64_t size;
    struct vx_vfs_time atime, mtime, ctime;
    union {
        struct {
            void **root;    /* radix tree of pages; NULL: no pages */
            uint32_t depth; /* levels of index nodes above the pages */
            uint64_t pages; /* pages stored */
        } file;
        struct {
            struct tdirent **buckets;
            uint32_t nbuckets, count;
            struct tdirent *head, *tail;
            uint64_t next_seq;
            struct tnode *parent; /* NULL: the root, or removed */
        } dir;
        struct {
            char *target; /* size bytes and a NUL */
        } link;
    };
};

struct tmpfs {
    struct vfs_fs fs; /* first: the vfs sees this */
    const struct vfs_env *env;
    struct tmpfs_limits lim;
    struct tnode **inos;
    uint32_t ino_buckets;
    uint64_t nodes, bytes; /* in use, against lim */
    uint64_t next_ino;
    struct tnode *root;
};

static const struct vfs_fs_ops tmpfs_ops;

/* ---- helpers ------------------------------------------------------------------------------ */

static struct tmpfs *T(struct vfs_fs *fs)
{
    return (struct tmpfs *)fs;
}

static void *zalloc(struct tmpfs *t, size_t n)
{
    void *p = t->env->alloc(t->env->ctx, n);
    if (p)
        vx_memset(p, 0, n);
    return p;
}

static void release(struct tmpfs *t, void *p, size_t n)
{
    t->env->free(t->env->ctx, p, n);
}

static struct vx_vfs_time now(struct tmpfs *t)
{
    int64_t ns = t->env->now(t->env->ctx);
    int64_t sec = ns / NS_PER_SEC, rem = ns % NS_PER_SEC;
    if (rem < 0) {
        rem += NS_PER_SEC;
        sec--;
    }
    return (struct vx_vfs_time){.sec = sec, .nsec = (uint32_t)rem};
}

static bool is_dir(const struct tnode *n)
{
    return (n->mode & VX_VFS_S_IFMT) == VX_VFS_S_IFDIR;
}

static bool is_reg(const struct tnode *n)
{
    return (n->mode & VX_VFS_S_IFMT) == VX_VFS_S_IFREG;
}

static bool is_link(const struct tnode *n)
{
    return (n->mode & VX_VFS_S_IFMT) == VX_VFS_S_IFLNK;
}

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void touch_mc(struct tmpfs *t, struct tnode *n)
{
    n->mtime = n->ctime = now(t);
}

/* ---- the inode table ---------------------------------------------------------------------- */

static struct tnode *get(struct tmpfs *t, uint64_t ino)
{
    for (struct tnode *n = t->inos[ino & (t->ino_buckets - 1)]; n; n = n->hnext)
        if (n->ino == ino)
            return n;
    return NULL;
}

/* Double the inode table when it is full; without memory it stays as it is (slower). */
static void inos_grow(struct tmpfs *t)
{
    uint32_t nb = t->ino_buckets * 2;
    struct tnode **nt = zalloc(t, nb * sizeof *nt);
    if (!nt)
        return;
    for (uint32_t i = 0; i < t->ino_buckets; i++) {
        struct tnode *n = t->inos[i];
        while (n) {
            struct tnode *next = n->hnext;
            n->hnext = nt[n->ino & (nb - 1)];
            nt[n->ino & (nb - 1)] = n;
            n = next;
        }
    }
    release(t, t->inos, t->ino_buckets * sizeof *t->inos);
    t->inos = nt;
    t->ino_buckets = nb;
}

static int node_new(struct tmpfs *t, uint32_t mode, uint32_t uid, uint32_t gid, struct tnode **out)
{
    if (t->nodes >= t->lim.max_nodes)
        return VX_VFS_ENOSPC;
    struct tnode *n = zalloc(t, sizeof *n);
    if (!n)
        return VX_VFS_ENOMEM;
    n->ino = t->next_ino++;
    n->mode = mode;
    n->uid = uid;
    n->gid = gid;
    n->atime = n->mtime = n->ctime = now(t);
    if (is_dir(n))
        n->dir.next_seq = FIRST_COOKIE;
    uint32_t b = (uint32_t)(n->ino & (t->ino_buckets - 1));
    n->hnext = t->inos[b];
    t->inos[b] = n;
    t->nodes++;
    if (t->nodes > t->ino_buckets)
        inos_grow(t);
    *out = n;
    return 0;
}

static void pages_free_from(struct tmpfs *t, struct tnode *n, uint64_t keep);

static void node_free(struct tmpfs *t, struct tnode *n)
{
    struct tnode **pp = &t->inos[n->ino & (t->ino_buckets - 1)];
    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    if (is_reg(n)) {
        pages_free_from(t, n, 0);
    } else if (is_dir(n)) {
        VX_ASSERT(n->dir.count == 0);
        release(t, n->dir.buckets, n->dir.nbuckets * sizeof *n->dir.buckets);
    } else if (is_link(n)) {
        release(t, n->link.target, n->size + 1);
        t->bytes -= n->size;
    }
    release(t, n, sizeof *n);
    t->nodes--;
}

/* A node with no names and no connections is gone. */
static void maybe_free(struct tmpfs *t, struct tnode *n)
{
    if (n->nlink == 0 && n->opens == 0)
        node_free(t, n);
}

/* ---- file pages: a radix tree ------------------------------------------------------------- */

/* Pages a tree of `depth` levels can index. */
static uint64_t span(uint32_t depth)
{
    return 1ull << (RADIX_SHIFT * depth);
}

static uint8_t *page_get(const struct tnode *n, uint64_t idx)
{
    if (!n->file.root || idx >= span(n->file.depth))
        return NULL;
    void **node = n->file.root;
    for (uint32_t level = n->file.depth; level > 1; level--) {
        node = node[(idx >> (RADIX_SHIFT * (level - 1))) & (RADIX_FANOUT - 1)];
        if (!node)
            return NULL;
    }
    return node[idx & (RADIX_FANOUT - 1)];
}

/* The page idx, made (zeroed, counted against the limit) if missing. */
static int page_make(struct tmpfs *t, struct tnode *n, uint64_t idx, uint8_t **out)
{
    if (!n->file.root) {
        uint32_t d = 1;
        while (idx >= span(d))
            d++;
        if (!(n->file.root = zalloc(t, TMPFS_PAGE_BYTES)))
            return VX_VFS_ENOMEM;
        n->file.depth = d;
    }
    while (idx >= span(n->file.depth)) {
        VX_ASSERT(n->file.depth < RADIX_DEPTH_MAX); /* idx < TMPFS_FILE_MAX / page */
        void **top = zalloc(t, TMPFS_PAGE_BYTES);
        if (!top)
            return VX_VFS_ENOMEM;
        top[0] = n->file.root;
        n->file.root = top;
        n->file.depth++;
    }
    void **node = n->file.root;
    for (uint32_t level = n->file.depth; level > 1; level--) {
        void **slot = &node[(idx >> (RADIX_SHIFT * (level - 1))) & (RADIX_FANOUT - 1)];
        if (!*slot && !(*slot = zalloc(t, TMPFS_PAGE_BYTES)))
            return VX_VFS_ENOMEM;
        node = *slot;
    }
    void **slot = &node[idx & (RADIX_FANOUT - 1)];
    if (!*slot) {
        if (t->bytes + TMPFS_PAGE_BYTES > t->lim.max_bytes)
            return VX_VFS_ENOSPC;
        if (!(*slot = zalloc(t, TMPFS_PAGE_BYTES)))
            return VX_VFS_ENOMEM;
        t->bytes += TMPFS_PAGE_BYTES;
        n->file.pages++;
    }
    *out = *slot;
    return 0;
}

/* Free the pages at index >= keep under `node` (a level-`level` index node covering pages
 * from base); true if the node itself is now empty and was freed. */
static bool radix_free(struct tmpfs *t, struct tnode *n, void **node, uint32_t level, uint64_t base,
                       uint64_t keep)
{
    uint64_t per = span(level - 1);
    bool empty = true;
    for (uint32_t i = 0; i < RADIX_FANOUT; i++) {
        uint64_t lo = base + i * per;
        if (!node[i])
            continue;
        if (lo + per <= keep) { /* wholly kept */
            empty = false;
            continue;
        }
        if (level == 1) {
            release(t, node[i], TMPFS_PAGE_BYTES);
            t->bytes -= TMPFS_PAGE_BYTES;
            n->file.pages--;
            node[i] = NULL;
        } else if (radix_free(t, n, node[i], level - 1, lo, keep)) {
            node[i] = NULL;
        } else {
            empty = false;
        }
    }
    if (empty)
        release(t, node, TMPFS_PAGE_BYTES);
    return empty;
}

static void pages_free_from(struct tmpfs *t, struct tnode *n, uint64_t keep)
{
    if (n->file.root && radix_free(t, n, n->file.root, n->file.depth, 0, keep)) {
        n->file.root = NULL;
        n->file.depth = 0;
    }
}

/* Set a regular file's size; bytes past a shrink are gone (a later extension reads zeros). */
static void truncate_to(struct tmpfs *t, struct tnode *n, uint64_t size)
{
    if (size < n->size) {
        uint64_t keep = (size + TMPFS_PAGE_BYTES - 1) / TMPFS_PAGE_BYTES;
        pages_free_from(t, n, keep);
        uint32_t tail = (uint32_t)(size % TMPFS_PAGE_BYTES);
        uint8_t *last = tail ? page_get(n, size / TMPFS_PAGE_BYTES) : NULL;
        if (last)
            vx_memset(last + tail, 0, TMPFS_PAGE_BYTES - tail);
    }
    n->size = size;
}

/* ---- directories -------------------------------------------------------------------------- */

static struct tdirent *dir_find(struct tnode *d, const char *name, size_t len)
{
    if (!d->dir.nbuckets)
        return NULL;
    uint32_t h = name_hash(name, len);
    for (struct tdirent *e = d->dir.buckets[h & (d->dir.nbuckets - 1)]; e; e = e->hnext)
        if (e->hash == h && e->len == len && vx_memcmp(e->name, name, len) == 0)
            return e;
    return NULL;
}

static struct tdirent *dirent_alloc(struct tmpfs *t, const char *name, size_t len)
{
    struct tdirent *e = zalloc(t, sizeof *e + len + 1);
    if (!e)
        return NULL;
    vx_memcpy(e->name, name, len);
    e->len = (uint16_t)len;
    e->hash = name_hash(name, len);
    return e;
}

static void dirent_release(struct tmpfs *t, struct tdirent *e)
{
    release(t, e, sizeof *e + e->len + 1);
}

/* Rehash into twice the buckets (or the first DIR_BUCKETS_MIN); false without memory. */
static bool dir_grow(struct tmpfs *t, struct tnode *d)
{
    uint32_t nb = d->dir.nbuckets ? d->dir.nbuckets * 2 : DIR_BUCKETS_MIN;
    struct tdirent **nt = zalloc(t, nb * sizeof *nt);
    if (!nt)
        return false;
    for (struct tdirent *e = d->dir.head; e; e = e->next) {
        e->hnext = nt[e->hash & (nb - 1)];
        nt[e->hash & (nb - 1)] = e;
    }
    release(t, d->dir.buckets, d->dir.nbuckets * sizeof *d->dir.buckets);
    d->dir.buckets = nt;
    d->dir.nbuckets = nb;
    return true;
}

/* Insert a prepared entry for `node`. Cannot fail once the directory has buckets. */
static void dir_insert(struct tnode *d, struct tdirent *e, struct tnode *node)
{
    VX_ASSERT(d->dir.nbuckets);
    e->node = node;
    e->seq = d->dir.next_seq++;
    e->next = NULL;
    e->prev = d->dir.tail;
    if (d->dir.tail)
        d->dir.tail->next = e;
    else
        d->dir.head = e;
    d->dir.tail = e;
    uint32_t b = e->hash & (d->dir.nbuckets - 1);
    e->hnext = d->dir.buckets[b];
    d->dir.buckets[b] = e;
    d->dir.count++;
}

/* Make room for one more entry: buckets exist, and grow when the table is full (a failed
 * growth is fine: chains just get longer). */
static int dir_reserve(struct tmpfs *t, struct tnode *d)
{
    if (!d->dir.nbuckets && !dir_grow(t, d))
        return VX_VFS_ENOMEM;
    if (d->dir.count >= d->dir.nbuckets)
        dir_grow(t, d);
    return 0;
}

static void dir_remove(struct tmpfs *t, struct tnode *d, struct tdirent *e)
{
    struct tdirent **pp = &d->dir.buckets[e->hash & (d->dir.nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    if (e->prev)
        e->prev->next = e->next;
    else
        d->dir.head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        d->dir.tail = e->prev;
    d->dir.count--;
    dirent_release(t, e);
}

/* A directory that can get a new entry: exists, is a directory, is not removed. */
static int live_dir(struct tmpfs *t, uint64_t ino, struct tnode **out)
{
    struct tnode *d = get(t, ino);
    if (!d)
        return VX_VFS_ENOENT;
    if (!is_dir(d))
        return VX_VFS_ENOTDIR;
    if (d->nlink == 0)
        return VX_VFS_ENOENT;
    *out = d;
    return 0;
}

/* Add name -> node in d, for a node made just now (freed again on failure). */
static int dir_add_new(struct tmpfs *t, struct tnode *d, const char *name, size_t len,
                       struct tnode *node)
{
    struct tdirent *e = dirent_alloc(t, name, len);
    if (!e || dir_reserve(t, d)) {
        if (e)
            dirent_release(t, e);
        node->nlink = 0;
        node_free(t, node);
        return VX_VFS_ENOMEM;
    }
    dir_insert(d, e, node);
    touch_mc(t, d);
    return 0;
}

/* ---- the ops ------------------------------------------------------------------------------ */

static int tmpfs_lookup(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len,
                        uint64_t *ino)
{
    struct tmpfs *t = T(fs);
    struct tnode *d = get(t, dir);
    if (!d)
        return VX_VFS_ENOENT;
    if (!is_dir(d))
        return VX_VFS_ENOTDIR;
    if (len == 1 && name[0] == '.') {
        *ino = d->ino;
        return 0;
    }
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        if (d == t->root)
            *ino = d->ino;
        else if (d->dir.parent)
            *ino = d->dir.parent->ino;
        else
            return VX_VFS_ENOENT; /* removed */
        return 0;
    }
    struct tdirent *e = dir_find(d, name, len);
    if (!e)
        return VX_VFS_ENOENT;
    *ino = e->node->ino;
    return 0;
}

static int tmpfs_getattr(struct vfs_fs *fs, uint64_t ino, struct vx_vfs_stat *st)
{
    struct tnode *n = get(T(fs), ino);
    if (!n)
        return VX_VFS_ENOENT;
    vx_memset(st, 0, sizeof *st);
    st->ino = n->ino;
    st->mode = n->mode;
    st->nlink = n->nlink;
    st->uid = n->uid;
    st->gid = n->gid;
    st->rdev = n->rdev;
    st->size = is_dir(n) ? (uint64_t)n->dir.count * DIR_BOGO_BYTES : n->size;
    st->blocks = is_reg(n) ? n->file.pages * (TMPFS_PAGE_BYTES / 512u) : 0;
    st->blksize = TMPFS_PAGE_BYTES;
    st->atime = n->atime;
    st->mtime = n->mtime;
    st->ctime = n->ctime;
    return 0;
}

static int tmpfs_setattr(struct vfs_fs *fs, uint64_t ino, const struct vfs_setattr *a)
{
    struct tmpfs *t = T(fs);
    struct tnode *n = get(t, ino);
    if (!n)
        return VX_VFS_ENOENT;
    if (a->valid & VX_VFS_SET_SIZE) {
        if (is_dir(n))
            return VX_VFS_EISDIR;
        if (!is_reg(n))
            return VX_VFS_EINVAL;
        if (a->size > TMPFS_FILE_MAX)
            return VX_VFS_EFBIG;
        truncate_to(t, n, a->size);
        n->mtime = now(t);
    }
    if (a->valid & VX_VFS_SET_MODE)
        n->mode = (n->mode & VX_VFS_S_IFMT) | (a->mode & VX_VFS_S_PERM);
    if (a->valid & VX_VFS_SET_UID)
        n->uid = a->uid;
    if (a->valid & VX_VFS_SET_GID)
        n->gid = a->gid;
    if (a->valid & VX_VFS_SET_ATIME)
        n->atime = a->atime;
    if (a->valid & VX_VFS_SET_MTIME)
        n->mtime = a->mtime;
    if (a->valid)
        n->ctime = now(t);
    return 0;
}

static int tmpfs_mknod(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint32_t mode,
                       uint64_t rdev, uint32_t uid, uint32_t gid, uint64_t *ino)
{
    struct tmpfs *t = T(fs);
    struct tnode *d, *n;
    int err = live_dir(t, dir, &d);
    if (err)
        return err;
    switch (mode & VX_VFS_S_IFMT) {
    case VX_VFS_S_IFREG:
    case VX_VFS_S_IFDIR:
    case VX_VFS_S_IFIFO:
    case VX_VFS_S_IFCHR:
    case VX_VFS_S_IFBLK:
    case VX_VFS_S_IFSOCK:
        break;
    default:
        return VX_VFS_EINVAL;
    }
    if (dir_find(d, name, len))
        return VX_VFS_EEXIST;
    if ((err = node_new(t, mode & (VX_VFS_S_IFMT | VX_VFS_S_PERM), uid, gid, &n)))
        return err;
    n->rdev = rdev;
    n->nlink = is_dir(n) ? 2 : 1;
    if ((err = dir_add_new(t, d, name, len, n)))
        return err;
    if (is_dir(n)) {
        n->dir.parent = d;
        d->nlink++;
    }
    *ino = n->ino;
    return 0;
}

static int tmpfs_symlink(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len,
                         const char *target, size_t target_len, uint32_t uid, uint32_t gid,
                         uint64_t *ino)
{
    struct tmpfs *t = T(fs);
    struct tnode *d, *n;
    int err = live_dir(t, dir, &d);
    if (err)
        return err;
    if (target_len == 0)
        return VX_VFS_ENOENT;
    if (target_len >= VX_VFS_PATH_MAX)
        return VX_VFS_ENAMETOOLONG;
    if (dir_find(d, name, len))
        return VX_VFS_EEXIST;
    if (t->bytes + target_len > t->lim.max_bytes)
        return VX_VFS_ENOSPC;
    char *copy = t->env->alloc(t->env->ctx, target_len + 1);
    if (!copy)
        return VX_VFS_ENOMEM;
    if ((err = node_new(t, VX_VFS_S_IFLNK | 0777u, uid, gid, &n))) {
        release(t, copy, target_len + 1);
        return err;
    }
    vx_memcpy(copy, target, target_len);
    copy[target_len] = '\0';
    n->link.target = copy;
    n->size = target_len;
    n->nlink = 1;
    t->bytes += target_len;
    if ((err = dir_add_new(t, d, name, len, n)))
        return err;
    *ino = n->ino;
    return 0;
}

static int tmpfs_link(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len, uint64_t ino)
{
    struct tmpfs *t = T(fs);
    struct tnode *d, *n = get(t, ino);
    int err = live_dir(t, dir, &d);
    if (err)
        return err;
    if (!n)
        return VX_VFS_ENOENT;
    if (is_dir(n))
        return VX_VFS_EPERM;
    if (n->nlink == 0)
        return VX_VFS_ENOENT; /* Linux: no new name for an unlinked file */
    if (n->nlink >= TMPFS_LINK_MAX)
        return VX_VFS_EMLINK;
    if (dir_find(d, name, len))
        return VX_VFS_EEXIST;
    struct tdirent *e = dirent_alloc(t, name, len);
    if (!e || dir_reserve(t, d)) {
        if (e)
            dirent_release(t, e);
        return VX_VFS_ENOMEM;
    }
    dir_insert(d, e, n);
    n->nlink++;
    n->ctime = now(t);
    touch_mc(t, d);
    return 0;
}

/* Drop the name e of d (the node loses a link, a directory all of them). */
static void drop_name(struct tmpfs *t, struct tnode *d, struct tdirent *e)
{
    struct tnode *n = e->node;
    dir_remove(t, d, e);
    if (is_dir(n)) {
        n->nlink = 0;
        n->dir.parent = NULL;
        d->nlink--;
    } else {
        n->nlink--;
    }
    n->ctime = now(t);
    maybe_free(t, n);
}

static int tmpfs_unlink(struct vfs_fs *fs, uint64_t dir, const char *name, size_t len,
                        uint32_t flags)
{
    struct tmpfs *t = T(fs);
    struct tnode *d = get(t, dir);
    if (!d)
        return VX_VFS_ENOENT;
    if (!is_dir(d))
        return VX_VFS_ENOTDIR;
    struct tdirent *e = dir_find(d, name, len);
    if (!e)
        return VX_VFS_ENOENT;
    if (flags & VFS_UNLINK_DIR) {
        if (!is_dir(e->node))
            return VX_VFS_ENOTDIR;
        if (e->node->dir.count)
            return VX_VFS_ENOTEMPTY;
    } else if (is_dir(e->node)) {
        return VX_VFS_EISDIR;
    }
    drop_name(t, d, e);
    touch_mc(t, d);
    return 0;
}

/* Is n the directory d or one of its ancestors? (rename must not move a dir under itself) */
static bool is_ancestor(const struct tnode *n, const struct tnode *d)
{
    for (; d; d = d->dir.parent)
        if (d == n)
            return true;
    return false;
}

/* Move directory n from od to nd (".." and the link counts follow). */
static void reparent(struct tnode *n, struct tnode *od, struct tnode *nd)
{
    if (!is_dir(n) || od == nd)
        return;
    n->dir.parent = nd;
    od->nlink--;
    nd->nlink++;
}

static int rename_exchange(struct tmpfs *t, struct tnode *od, struct tdirent *oe, struct tnode *nd,
                           struct tdirent *ne)
{
    struct tnode *a = oe->node, *b = ne->node;
    if (a == b)
        return 0;
    if ((is_dir(a) && is_ancestor(a, nd)) || (is_dir(b) && is_ancestor(b, od)))
        return VX_VFS_EINVAL;
    oe->node = b;
    ne->node = a;
    reparent(a, od, nd);
    reparent(b, nd, od);
    a->ctime = b->ctime = now(t);
    touch_mc(t, od);
    touch_mc(t, nd);
    return 0;
}

static int tmpfs_rename(struct vfs_fs *fs, uint64_t odir, const char *oname, size_t olen,
                        uint64_t ndir, const char *nname, size_t nlen, uint32_t flags)
{
    struct tmpfs *t = T(fs);
    struct tnode *od = get(t, odir), *nd;
    if (flags & ~(VX_VFS_RENAME_NOREPLACE | VX_VFS_RENAME_EXCHANGE) ||
        flags == (VX_VFS_RENAME_NOREPLACE | VX_VFS_RENAME_EXCHANGE))
        return VX_VFS_EINVAL;
    if (!od)
        return VX_VFS_ENOENT;
    if (!is_dir(od))
        return VX_VFS_ENOTDIR;
    int err = live_dir(t, ndir, &nd);
    if (err)
        return err;
    struct tdirent *oe = dir_find(od, oname, olen), *ne = dir_find(nd, nname, nlen);
    if (!oe)
        return VX_VFS_ENOENT;
    if (flags & VX_VFS_RENAME_EXCHANGE)
        return ne ? rename_exchange(t, od, oe, nd, ne) : VX_VFS_ENOENT;
    struct tnode *src = oe->node;
    if (ne && (flags & VX_VFS_RENAME_NOREPLACE))
        return VX_VFS_EEXIST;
    if (ne && ne->node == src)
        return 0; /* the same file under both names: POSIX says do nothing */
    if (is_dir(src) && is_ancestor(src, nd))
        return VX_VFS_EINVAL;
    if (ne) {
        struct tnode *dst = ne->node;
        if (is_dir(src) && !is_dir(dst))
            return VX_VFS_ENOTDIR;
        if (!is_dir(src) && is_dir(dst))
            return VX_VFS_EISDIR;
        if (is_dir(dst) && dst->dir.count)
            return VX_VFS_ENOTEMPTY;
    }
    /* Decided; allocate, then change nothing that can fail. */
    struct tdirent *e = dirent_alloc(t, nname, nlen);
    if (!e || (!ne && dir_reserve(t, nd))) {
        if (e)
            dirent_release(t, e);
        return VX_VFS_ENOMEM;
    }
    if (ne)
        drop_name(t, nd, ne);
    dir_remove(t, od, oe);
    dir_insert(nd, e, src);
    reparent(src, od, nd);
    src->ctime = now(t);
    touch_mc(t, od);
    touch_mc(t, nd);
    return 0;
}

static int tmpfs_readlink(struct vfs_fs *fs, uint64_t ino, char *buf, size_t cap, size_t *len)
{
    struct tnode *n = get(T(fs), ino);
    if (!n)
        return VX_VFS_ENOENT;
    if (!is_link(n))
        return VX_VFS_EINVAL;
    vx_memcpy(buf, n->link.target, n->size < cap ? n->size : cap);
    *len = n->size;
    return 0;
}

static int tmpfs_read(struct vfs_fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len,
                      size_t *n)
{
    struct tmpfs *t = T(fs);
    struct tnode *f = get(t, ino);
    if (!f)
        return VX_VFS_ENOENT;
    if (is_dir(f))
        return VX_VFS_EISDIR;
    if (!is_reg(f))
        return VX_VFS_EINVAL;
    size_t done = 0;
    if (off < f->size) {
        uint64_t avail = f->size - off;
        size_t want = len < avail ? len : (size_t)avail;
        while (done < want) {
            uint64_t pos = off + done;
            uint32_t in = (uint32_t)(pos % TMPFS_PAGE_BYTES);
            size_t chunk = TMPFS_PAGE_BYTES - in;
            if (chunk > want - done)
                chunk = want - done;
            const uint8_t *page = page_get(f, pos / TMPFS_PAGE_BYTES);
            if (page)
                vx_memcpy((uint8_t *)buf + done, page + in, chunk);
            else
                vx_memset((uint8_t *)buf + done, 0, chunk);
            done += chunk;
        }
    }
    f->atime = now(t);
    *n = done;
    return 0;
}

static int tmpfs_write(struct vfs_fs *fs, uint64_t ino, uint64_t off, bool append, const void *buf,
                       size_t len, size_t *n, uint64_t *size)
{
    struct tmpfs *t = T(fs);
    struct tnode *f = get(t, ino);
    if (!f)
        return VX_VFS_ENOENT;
    if (is_dir(f))
        return VX_VFS_EISDIR;
    if (!is_reg(f))
        return VX_VFS_EINVAL;
    if (append)
        off = f->size;
    if (len && off >= TMPFS_FILE_MAX)
        return VX_VFS_EFBIG;
    if (len > TMPFS_FILE_MAX - off)
        len = (size_t)(TMPFS_FILE_MAX - off);
    size_t done = 0;
    int err = 0;
    while (done < len) {
        uint64_t pos = off + done;
        uint32_t in = (uint32_t)(pos % TMPFS_PAGE_BYTES);
        size_t chunk = TMPFS_PAGE_BYTES - in;
        if (chunk > len - done)
            chunk = len - done;
        uint8_t *page;
        if ((err = page_make(t, f, pos / TMPFS_PAGE_BYTES, &page)))
            break;
        vx_memcpy(page + in, (const uint8_t *)buf + done, chunk);
        done += chunk;
    }
    if (done == 0 && err)
        return err; /* nothing written: the error; else a short write, as POSIX has it */
    if (off + done > f->size)
        f->size = off + done;
    if (done)
        touch_mc(t, f);
    *n = done;
    *size = f->size;
    return 0;
}

static int tmpfs_readdir(struct vfs_fs *fs, uint64_t dir, uint64_t cookie, vfs_dirent_fn *emit,
                         void *ctx)
{
    struct tmpfs *t = T(fs);
    struct tnode *d = get(t, dir);
    if (!d)
        return VX_VFS_ENOENT;
    if (!is_dir(d))
        return VX_VFS_ENOTDIR;
    if (cookie == 0 && !emit(ctx, d->ino, VX_VFS_DT_DIR, ".", 1, 1))
        return 0;
    if (cookie <= 1) {
        uint64_t up = d->dir.parent ? d->dir.parent->ino : d->ino;
        if (!emit(ctx, up, VX_VFS_DT_DIR, "..", 2, FIRST_COOKIE))
            return 0;
    }
    for (struct tdirent *e = d->dir.head; e; e = e->next) {
        if (e->seq < cookie)
            continue;
        if (!emit(ctx, e->node->ino, vfs_mode_dt(e->node->mode), e->name, e->len, e->seq + 1))
            return 0;
    }
    d->atime = now(t);
    return 0;
}

static int tmpfs_statfs(struct vfs_fs *fs, struct vx_vfs_statfs *st)
{
    struct tmpfs *t = T(fs);
    vx_memset(st, 0, sizeof *st);
    st->type = TMPFS_MAGIC;
    st->bsize = st->frsize = TMPFS_PAGE_BYTES;
    st->blocks = t->lim.max_bytes / TMPFS_PAGE_BYTES;
    st->bfree = st->bavail = (t->lim.max_bytes - t->bytes) / TMPFS_PAGE_BYTES;
    st->files = t->lim.max_nodes;
    st->ffree = t->lim.max_nodes - t->nodes;
    st->fsid = t->fs.dev;
    st->namelen = VX_VFS_NAME_MAX;
    return 0;
}

static int tmpfs_sync(struct vfs_fs *fs, uint64_t ino)
{
    return get(T(fs), ino) ? 0 : VX_VFS_ENOENT; /* memory is as durable as it gets */
}

static int tmpfs_open(struct vfs_fs *fs, uint64_t ino)
{
    struct tnode *n = get(T(fs), ino);
    if (!n)
        return VX_VFS_ENOENT;
    n->opens++;
    return 0;
}

static void tmpfs_close(struct vfs_fs *fs, uint64_t ino)
{
    struct tnode *n = get(T(fs), ino);
    VX_ASSERT(n && n->opens > 0);
    n->opens--;
    maybe_free(T(fs), n);
}

static void tmpfs_destroy(struct vfs_fs *fs)
{
    struct tmpfs *t = T(fs);
    /* Empty every directory first (node_free wants them empty), then free every node. */
    for (uint32_t b = 0; b < t->ino_buckets; b++)
        for (struct tnode *n = t->inos[b]; n; n = n->hnext)
            if (is_dir(n))
                while (n->dir.head)
                    dir_remove(t, n, n->dir.head);
    for (uint32_t b = 0; b < t->ino_buckets; b++)
        while (t->inos[b])
            node_free(t, t->inos[b]);
    release(t, t->inos, t->ino_buckets * sizeof *t->inos);
    release(t, t, sizeof *t);
}

static const struct vfs_fs_ops tmpfs_ops = {
    .name = "tmpfs",
    .lookup = tmpfs_lookup,
    .getattr = tmpfs_getattr,
    .setattr = tmpfs_setattr,
    .mknod = tmpfs_mknod,
    .symlink = tmpfs_symlink,
    .link = tmpfs_link,
    .unlink = tmpfs_unlink,
    .rename = tmpfs_rename,
    .readlink = tmpfs_readlink,
    .read = tmpfs_read,
    .write = tmpfs_write,
    .readdir = tmpfs_readdir,
    .statfs = tmpfs_statfs,
    .sync = tmpfs_sync,
    .open = tmpfs_open,
    .close = tmpfs_close,
    .destroy = tmpfs_destroy,
};

int tmpfs_create(const struct vfs_env *env, const struct tmpfs_limits *lim, uint32_t root_mode,
                 struct vfs_fs **out)
{
    struct tmpfs *t = env->alloc(env->ctx, sizeof *t);
    if (!t)
        return VX_VFS_ENOMEM;
    vx_memset(t, 0, sizeof *t);
    t->fs.ops = &tmpfs_ops;
    t->env = env;
    t->lim = *lim;
    t->next_ino = 1;
    t->ino_buckets = INO_BUCKETS_MIN;
    if (!(t->inos = zalloc(t, t->ino_buckets * sizeof *t->inos))) {
        release(t, t, sizeof *t);
        return VX_VFS_ENOMEM;
    }
    int err = node_new(t, VX_VFS_S_IFDIR | (root_mode & VX_VFS_S_PERM), 0, 0, &t->root);
    if (err) {
        release(t, t->inos, t->ino_buckets * sizeof *t->inos);
        release(t, t, sizeof *t);
        return err;
    }
    t->root->nlink = 2;
    t->fs.root = t->root->ino;
    *out = &t->fs;
    return 0;
}
