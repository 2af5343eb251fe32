/*
 * servers/gtest/vfs_check.c - the vfs server end to end, over real channels: start the `vfs`
 * builtin, load the boot image into it (BOOTFS_LOAD), compare a file with the image
 * (vx_bootfs_stat's size, the ELF magic), create, write and read back a file in /tmp, list
 * "/", check a malformed request and a refused one, then hang up and see the server end with
 * status 0. Public API only.
 */
#include "servers/gtest/gtest.h"

#include <stdbool.h>

#include "lib/string.h"
#include "servers/serve/log.h"
#include "vx/syscall.h"
#include "vx/vfs.h"

#define VFS_WAIT_NS 30000000000ll
#define PROBE       "test/vinit/probe"
#define LINK        "test/vfs/probe-link"
#define TARGET      "../vinit/probe"

static _Alignas(8) uint8_t rep[VX_VFS_MSG_MAX];

/* One call; the reply's status (or a VX_E* of the call itself, which is also < 0). */
static int32_t call(vx_handle_t h, const void *req, uint32_t n, const vx_handle_t *hs, uint32_t nh,
                    vx_handle_t *out, uint32_t *rep_bytes)
{
    vx_handle_t got[1] = {0};
    struct vx_channel_call_args a = {(uint64_t)(uintptr_t)req,
                                     (uint64_t)(uintptr_t)hs,
                                     (uint64_t)(uintptr_t)rep,
                                     (uint64_t)(uintptr_t)got,
                                     n,
                                     nh,
                                     sizeof rep,
                                     1};
    uint32_t actual[2];
    vx_status_t st = vx_channel_call(h, &a, vx_clock_get() + VFS_WAIT_NS, actual);
    if (st)
        return st;
    if (out)
        *out = got[0];
    else if (got[0])
        vx_handle_close(got[0]);
    if (rep_bytes)
        *rep_bytes = actual[0];
    return ((struct vx_vfs_rep *)rep)->status;
}

/* A path request: header + path + NUL (+ a second string). */
static uint32_t path_req(uint8_t *buf, uint32_t op, uint32_t flags, uint32_t mode, const char *s1,
                         const char *s2)
{
    struct vx_vfs_path_req r = {.h.op = op, .flags = flags, .mode = mode};
    uint32_t n = sizeof r;
    vx_memcpy(buf, &r, sizeof r);
    for (const char *s = s1; s; s = s == s1 ? s2 : NULL) {
        size_t len = vx_strlen(s) + 1;
        vx_memcpy(buf + n, s, len);
        n += (uint32_t)len;
    }
    return n;
}

static bool check(bool cond, const char *what, int32_t got)
{
    if (!cond)
        srv_logf("vfs: FAILED: %s (got %d)", what, got);
    return cond;
}

/* Open, write, read back a file in /tmp. */
static bool file_round_trip(vx_handle_t root)
{
    static uint8_t req[512];
    vx_handle_t f = 0;
    uint32_t n =
        path_req(req, VX_VFS_OP_OPEN, VX_VFS_O_CREAT | VX_VFS_O_RDWR, 0600, "/tmp/g", NULL);
    int32_t st = call(root, req, n, NULL, 0, &f, NULL);
    bool ok = check(st == 0 && f, "open /tmp/g with O_CREAT", st);
    if (!ok)
        return false;
    struct vx_vfs_io_req w = {.h.op = VX_VFS_OP_WRITE, .len = 5, .offset = 3};
    vx_memcpy(req, &w, sizeof w);
    vx_memcpy(req + sizeof w, "hello", 5);
    st = call(f, req, sizeof w + 5, NULL, 0, NULL, NULL);
    ok = check(st == 5 && ((struct vx_vfs_write_rep *)rep)->size == 8, "write 5 bytes at 3", st);
    struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = 100, .offset = 0};
    uint32_t got;
    st = call(f, &r, sizeof r, NULL, 0, NULL, &got);
    ok =
        check(st == 8 && got == 16 && !vx_memcmp(rep + 8, "\0\0\0hello", 8), "read back", st) && ok;
    vx_handle_close(f);
    return ok;
}

/* The image's probe program: its size as the kernel has it, its first bytes. */
static bool image_file(const struct vx_startup *s, vx_handle_t root)
{
    static uint8_t req[512];
    struct vx_bootfs_stat bst;
    vx_status_t kst = vx_bootfs_stat(s->bootfs, PROBE, vx_strlen(PROBE), &bst);
    if (!check(kst == VX_OK && bst.type == VX_BOOTFS_FILE, "vx_bootfs_stat of " PROBE, kst))
        return false;
    uint32_t n = path_req(req, VX_VFS_OP_STAT_AT, 0, 0, "/" PROBE, NULL);
    int32_t st = call(root, req, n, NULL, 0, NULL, NULL);
    struct vx_vfs_node_rep *nr = (struct vx_vfs_node_rep *)rep;
    bool ok = check(st == 0 && nr->st.size == bst.size && nr->st.size % 4096 != 0,
                    "the probe's size is the image's, not rounded to pages", st);
    ok = check(st == 0 && nr->st.mode == (VX_VFS_S_IFREG | 0644), "data files are 0644", st) && ok;
    uint64_t probe_ino = nr->st.ino;
    /* The image's symlink (vx_initrd_add(... SYMLINK ...)): a symlink in the kernel's view and
     * in the vfs, leading to the probe. */
    kst = vx_bootfs_stat(s->bootfs, LINK, vx_strlen(LINK), &bst);
    ok = check(kst == VX_OK && bst.type == VX_BOOTFS_SYMLINK && !vx_strcmp(bst.target, TARGET),
               "vx_bootfs_stat of " LINK, kst) &&
         ok;
    n = path_req(req, VX_VFS_OP_STAT_AT, VX_VFS_AT_SYMLINK_NOFOLLOW, 0, "/" LINK, NULL);
    st = call(root, req, n, NULL, 0, NULL, NULL);
    ok = check(st == 0 && nr->st.mode == (VX_VFS_S_IFLNK | 0777) && nr->st.size == 14,
               LINK " is a symlink in the vfs", st) &&
         ok;
    n = path_req(req, VX_VFS_OP_STAT_AT, 0, 0, "/" LINK, NULL);
    st = call(root, req, n, NULL, 0, NULL, NULL);
    ok = check(st == 0 && nr->st.ino == probe_ino, LINK " leads to the probe", st) && ok;
    vx_handle_t f = 0;
    n = path_req(req, VX_VFS_OP_OPEN, VX_VFS_O_RDONLY, 0, "/test//vinit/../vinit/probe", NULL);
    st = call(root, req, n, NULL, 0, &f, NULL);
    if (!check(st == 0 && f, "open the probe", st))
        return false;
    struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = 4};
    st = call(f, &r, sizeof r, NULL, 0, NULL, NULL);
    ok = check(st == 4 && !vx_memcmp(rep + 8, "\177ELF", 4), "the probe starts with ELF", st) && ok;
    struct vx_vfs_io_req w = {.h.op = VX_VFS_OP_WRITE};
    st = call(f, &w, sizeof w, NULL, 0, NULL, NULL);
    ok = check(st == VX_VFS_EBADF, "a read-only connection cannot write", st) && ok;
    vx_handle_close(f);
    return ok;
}

/* "/" lists tmp and test; a short request is -EINVAL. */
static bool listing_and_garbage(vx_handle_t root)
{
    struct vx_vfs_readdir_req r = {.h.op = VX_VFS_OP_READDIR, .max_bytes = 4096};
    int32_t st = call(root, &r, sizeof r, NULL, 0, NULL, NULL);
    bool tmp = false, test = false;
    uint32_t at = 8;
    for (int32_t i = 0; i < st; i++) {
        struct vx_vfs_dirent d;
        vx_memcpy(&d, rep + at, sizeof d);
        const char *name = (const char *)rep + at + sizeof d;
        tmp = tmp || !vx_strcmp(name, "tmp");
        test = test || !vx_strcmp(name, "test");
        at += d.reclen;
    }
    bool ok = check(st > 2 && tmp && test, "readdir of / lists tmp and test", st);
    uint8_t junk[6] = {0, 0, 0, 0, 1, 0};
    st = call(root, junk, sizeof junk, NULL, 0, NULL, NULL);
    return check(st == VX_VFS_EINVAL, "a 6-byte request is EINVAL", st) && ok;
}

bool gtest_check_vfs(const struct vx_startup *s)
{
    vx_handle_t root, task, img;
    if (!start_builtin(s->job, "vfs", &root, &task))
        return false;
    bool ok = vx_handle_duplicate(s->bootfs, VX_RIGHTS_SAME, &img) == VX_OK;
    struct vx_vfs_req load = {.op = VX_VFS_OP_BOOTFS_LOAD};
    int32_t st = ok ? call(root, &load, sizeof load, &img, 1, NULL, NULL) : -1;
    ok = check(st > 0, "BOOTFS_LOAD copies the image", st);
    st = call(root, &load, sizeof load, NULL, 0, NULL, NULL);
    ok = check(st == VX_VFS_EINVAL, "BOOTFS_LOAD without a handle", st) && ok;
    ok = ok && image_file(s, root);
    ok = file_round_trip(root) && ok;
    ok = listing_and_garbage(root) && ok;
    vx_handle_close(root); /* the last connection: the server ends */
    struct vx_task_info info;
    bool ended = wait_builtin("vfs", task, &info);
    ok = check(ended && info.reason == VX_TASK_EXITED && info.exit_code == 0,
               "vfs ends with 0 when its last client hangs up", (int32_t)info.exit_code) &&
         ok;
    srv_logf("vfs: %s", ok ? "passed" : "FAILED");
    return ok;
}
