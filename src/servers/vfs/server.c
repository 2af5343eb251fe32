/*
 * servers/vfs/server.c - the vfs server loop (see vfs.h): channels, the port, the arena, and
 * the boot image source. Everything it answers is decided by vfs_dispatch (proto.c); this
 * file only moves bytes and handles. Public API only.
 *
 * Port keys: connection slot in the low 32 bits, the slot's generation in the high 32, so a
 * packet queued for a connection that has since closed never reaches its slot's next owner.
 */
#define VX_SUBSYSTEM "vfs"
#include "servers/vfs/vfs.h"

#include "lib/string.h"
#include "servers/serve/log.h"
#include "servers/vfs/bootimg.h"
#include "vx/syscall.h"

#define PACKETS_MAX      8u
#define HANDLES_MAX      VX_CHAN_MAX_HANDLES
#define ARENA_MIN_SHIFT  5u  /* smallest block: 32 bytes */
#define ARENA_MAX_SHIFT  27u /* largest: 128 MiB */
#define ARENA_PAGE_BYTES 4096u
#define WAIT_SIGNALS     (VX_SIG_READABLE | VX_SIG_PEER_CLOSED)

/* ---- memory: a static arena with power-of-two free lists ----------------------------------
 * A block is never split or merged: each size class keeps its own free list, fed by a bump
 * pointer. Simple and fast; memory freed in one class stays in it (fine for tmpfs, whose
 * allocations are mostly pages and small nodes). */

static _Alignas(ARENA_PAGE_BYTES) uint8_t arena[VFS_ARENA_BYTES];

struct arena_state {
    size_t used;
    void *free_list[ARENA_MAX_SHIFT + 1];
};

static unsigned size_class(size_t n)
{
    unsigned k = ARENA_MIN_SHIFT;
    while (k <= ARENA_MAX_SHIFT && ((size_t)1 << k) < n)
        k++;
    return k;
}

static void *arena_alloc(void *ctx, size_t n)
{
    struct arena_state *a = ctx;
    unsigned k = size_class(n);
    if (k > ARENA_MAX_SHIFT)
        return NULL;
    if (a->free_list[k]) {
        void *p = a->free_list[k];
        vx_memcpy(&a->free_list[k], p, sizeof(void *));
        return p;
    }
    size_t size = (size_t)1 << k, align = size < ARENA_PAGE_BYTES ? size : ARENA_PAGE_BYTES;
    size_t at = (a->used + align - 1) & ~(align - 1);
    if (at > sizeof arena || size > sizeof arena - at)
        return NULL;
    a->used = at + size;
    return arena + at;
}

static void arena_free(void *ctx, void *p, size_t n)
{
    struct arena_state *a = ctx;
    if (!p)
        return;
    unsigned k = size_class(n);
    vx_memcpy(p, &a->free_list[k], sizeof(void *));
    a->free_list[k] = p;
}

static int64_t wall_now(void *ctx)
{
    return vx_clock_wall();
}

/* ---- the server's state ------------------------------------------------------------------- */

static struct arena_state heap;
static const struct vfs_env env = {arena_alloc, arena_free, wall_now, &heap};
static struct vfs_srv srv;
static _Alignas(8) uint8_t req_buf[VX_CHAN_MAX_BYTES];
static _Alignas(8) uint8_t rep_buf[VX_CHAN_MAX_BYTES];
static vx_handle_t port;
static uint32_t live; /* connections open */

static uint64_t key_of(uint32_t i)
{
    return ((uint64_t)srv.conns[i].gen << 32) | i;
}

/* Give connection i its channel endpoint and watch it. */
static vx_status_t attach(uint32_t i, vx_handle_t h)
{
    vx_status_t st = vx_object_wait_async(h, port, key_of(i), WAIT_SIGNALS, VX_WAIT_ASYNC_REPEAT);
    if (st)
        return st;
    srv.conns[i].handle = h;
    live++;
    return VX_OK;
}

static void drop(uint32_t i)
{
    vx_handle_close(srv.conns[i].handle);
    vfs_conn_close(&srv, i);
    live--;
}

/* ---- the boot image, through vx_bootfs_* ------------------------------------------------- */

struct image_src {
    vx_handle_t bootfs;
    vx_handle_t vmo; /* the file last opened, kept for the next chunk */
    char path[VX_VFS_PATH_MAX];
};

/* The image names its root "." (vx_bootfs_open); the core says "". */
static const char *image_path(const char *path)
{
    return path[0] ? path : ".";
}

static int image_stat(void *ctx, const char *path, uint32_t *type, uint64_t *size, char *target)
{
    struct image_src *im = ctx;
    path = image_path(path);
    struct vx_bootfs_stat st;
    vx_status_t s = vx_bootfs_stat(im->bootfs, path, vx_strlen(path), &st);
    if (s)
        return s == VX_ENOENT ? VX_VFS_ENOENT : VX_VFS_EIO;
    *type = st.type == VX_BOOTFS_DIR       ? VFS_BOOT_DIR
            : st.type == VX_BOOTFS_SYMLINK ? VFS_BOOT_SYMLINK
                                           : VFS_BOOT_FILE;
    *size = st.size;
    vx_strlcpy(target, st.target, VX_VFS_PATH_MAX);
    return 0;
}

static int image_read(void *ctx, const char *path, uint64_t off, void *buf, size_t len)
{
    struct image_src *im = ctx;
    path = image_path(path);
    if (!im->vmo || vx_strcmp(im->path, path) != 0) {
        if (im->vmo)
            vx_handle_close(im->vmo);
        im->vmo = VX_HANDLE_INVALID;
        if (vx_bootfs_open(im->bootfs, path, vx_strlen(path), &im->vmo))
            return VX_VFS_EIO;
        vx_strlcpy(im->path, path, sizeof im->path);
    }
    return vx_vmo_read(im->vmo, buf, off, len) ? VX_VFS_EIO : 0;
}

/* Fill "/" from the image; returns the entries copied or -errno. Takes ownership of bootfs. */
static int32_t load_image(vx_handle_t bootfs)
{
    static struct image_src im;
    im.bootfs = bootfs;
    im.vmo = VX_HANDLE_INVALID;
    struct vfs_boot_src src = {image_stat, image_read, &im};
    uint32_t count;
    int err = vfs_boot_fill(&srv, &src, &count);
    if (im.vmo)
        vx_handle_close(im.vmo);
    vx_handle_close(bootfs);
    srv.bootfs_loaded = true;
    if (err)
        srv_logf("boot image: %d after %u entries", err, count);
    else
        srv_logf("boot image: %u entries in /", count);
    return err ? err : (int32_t)count;
}

/* ---- serving ------------------------------------------------------------------------------ */

/* Answer one request that came on connection i with its handles. */
static void answer(uint32_t i, uint32_t nbytes, vx_handle_t *hs, uint32_t nhandles)
{
    struct vfs_result res;
    vfs_dispatch(&srv, i, req_buf, nbytes, nhandles, rep_buf, &res);
    struct vx_vfs_rep *rep = (struct vx_vfs_rep *)rep_buf;
    uint32_t k = 0;
    if (res.bootfs) {
        rep->status = load_image(hs[0]);
        k = 1;
    }
    for (; k < nhandles; k++)
        vx_handle_close(hs[k]); /* not expected: closed unread */
    vx_handle_t theirs = VX_HANDLE_INVALID, mine;
    if (res.new_conn >= 0) {
        uint32_t c = (uint32_t)res.new_conn;
        if (vx_channel_create(0, &mine, &theirs) == VX_OK && attach(c, mine) == VX_OK) {
            /* the connection is live */
        } else {
            if (theirs) {
                vx_handle_close(mine);
                vx_handle_close(theirs);
                theirs = VX_HANDLE_INVALID;
            }
            vfs_conn_close(&srv, c);
            rep->status = VX_VFS_ENOMEM;
            res.bytes = sizeof *rep;
        }
    }
    if (vx_channel_write(srv.conns[i].handle, rep_buf, res.bytes, &theirs, theirs ? 1 : 0) &&
        theirs) {
        /* the client is gone or its queue is full: the new connection goes too */
        vx_handle_close(theirs);
    }
}

/* Answer everything queued on connection i; forget it when its peer has closed. */
static void drain(uint32_t i)
{
    vx_handle_t hs[HANDLES_MAX];
    uint32_t actual[2];
    while (srv.conns[i].used) {
        vx_status_t st =
            vx_channel_read(srv.conns[i].handle, req_buf, hs, sizeof req_buf, HANDLES_MAX, actual);
        if (st == VX_EAGAIN)
            return;
        if (st) { /* VX_ECLOSED: hung up */
            drop(i);
            return;
        }
        answer(i, actual[0], hs, actual[1]);
    }
}

int vfs_main(void *arg)
{
    const struct vx_startup *su = arg;
    uint64_t seed;
    if (!su->bootstrap || vx_port_create(0, &port)) {
        srv_logf("no bootstrap channel or no port: not serving");
        return 1;
    }
    vx_cprng_draw(&seed, sizeof seed);
    int root = vfs_srv_init(&srv, &env, seed);
    if (root == 0)
        root = vfs_conn_open_root(&srv);
    if (root < 0 || attach((uint32_t)root, su->bootstrap)) {
        srv_logf("cannot set up the namespace (%d)", root);
        vx_handle_close(port);
        return 1;
    }
    if (su->bootfs)
        load_image(su->bootfs);
    while (live) {
        struct vx_port_packet pk[PACKETS_MAX];
        uint32_t n;
        if (vx_port_wait(port, 0, pk, PACKETS_MAX, &n))
            break;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t i = (uint32_t)pk[k].key;
            if (i < VFS_CONNS_MAX && srv.conns[i].used && srv.conns[i].handle &&
                srv.conns[i].gen == (uint32_t)(pk[k].key >> 32))
                drain(i);
        }
    }
    for (uint32_t i = 0; i < VFS_CONNS_MAX; i++)
        if (srv.conns[i].used && srv.conns[i].handle)
            drop(i);
    vfs_srv_fini(&srv);
    vx_handle_close(port);
    return 0;
}
