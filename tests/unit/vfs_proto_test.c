/*
 * tests/unit/vfs_proto_test.c - the vfs protocol engine (servers/vfs/proto.c) as bytes in,
 * bytes out: vfs_dispatch is the whole server minus the channels (server.c only moves its
 * messages; the real-channel path is checked end to end by gtest, tests/integration/guest.sh).
 * Round trips of every op, tokens, rights, the refusals of malformed requests, the boot image
 * copy (bootimg.c) from a fake image, and a fuzzer that throws random and mutated requests
 * at it: it must never crash, always answer with a well-formed reply, and leak nothing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "servers/vfs/bootimg.h"

#include "criterion_tsan.h"
#include "vfs_env.h"

/* xorshift64*: the fuzzer's deterministic randomness. */
struct prng {
    uint64_t s;
};

static void prng_seed(struct prng *r, uint64_t seed)
{
    r->s = seed ? seed : 1;
}

static uint64_t prng_next(struct prng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dull;
}

static struct test_env te;
static struct vfs_srv srv;
static uint32_t root;
static _Alignas(8) uint8_t rep[VX_VFS_MSG_MAX];
static struct vfs_result res;

static void setup(void)
{
    test_env_init(&te);
    cr_assert_eq(vfs_srv_init(&srv, &te.env, 42), 0);
    int r = vfs_conn_open_root(&srv);
    cr_assert_geq(r, 0);
    root = (uint32_t)r;
}

static void teardown(void)
{
    vfs_srv_fini(&srv);
    cr_expect_eq(te.live_allocs, 0, "every allocation comes back (%lld left)",
                 (long long)te.live_allocs);
}

TestSuite(vfs_proto, .init = setup, .fini = teardown, .timeout = 120);

static int32_t status(void)
{
    return ((struct vx_vfs_rep *)rep)->status;
}

static int32_t send(uint32_t conn, const void *req, uint32_t n)
{
    vfs_dispatch(&srv, conn, req, n, 0, rep, &res);
    return status();
}

/* A path request with one or two strings. */
static uint32_t path_req(uint8_t *buf, uint32_t op, uint32_t flags, uint32_t mode, uint64_t arg,
                         const char *s1, const char *s2)
{
    struct vx_vfs_path_req r = {
        .h = {.txid = 0x80000007u, .op = op}, .flags = flags, .mode = mode, .arg = arg};
    uint32_t n = sizeof r;
    memcpy(buf, &r, sizeof r);
    memcpy(buf + n, s1, strlen(s1) + 1);
    n += (uint32_t)strlen(s1) + 1;
    if (s2) {
        memcpy(buf + n, s2, strlen(s2) + 1);
        n += (uint32_t)strlen(s2) + 1;
    }
    return n;
}

static int32_t path_op(uint32_t conn, uint32_t op, uint32_t flags, uint32_t mode, uint64_t arg,
                       const char *s1, const char *s2)
{
    static uint8_t buf[2 * VX_VFS_PATH_MAX + 64];
    return send(conn, buf, path_req(buf, op, flags, mode, arg, s1, s2));
}

/* OPEN; the new connection's index (asserted). */
static uint32_t open_conn(uint32_t conn, const char *path, uint32_t flags)
{
    int32_t st = path_op(conn, VX_VFS_OP_OPEN, flags, 0644, 0, path, NULL);
    cr_assert_eq(st, 0, "open %s: %d", path, st);
    cr_assert_geq(res.new_conn, 0, "an OPEN reply comes with a connection");
    cr_assert_eq(res.bytes, sizeof(struct vx_vfs_node_rep));
    return (uint32_t)res.new_conn;
}

static int32_t write_at(uint32_t conn, uint64_t off, const char *data)
{
    static uint8_t buf[256];
    struct vx_vfs_io_req w = {
        .h.op = VX_VFS_OP_WRITE, .len = (uint32_t)strlen(data), .offset = off};
    memcpy(buf, &w, sizeof w);
    memcpy(buf + sizeof w, data, strlen(data));
    return send(conn, buf, (uint32_t)(sizeof w + strlen(data)));
}

static int32_t read_at(uint32_t conn, uint64_t off, uint32_t len)
{
    struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = len, .offset = off};
    return send(conn, &r, sizeof r);
}

Test(vfs_proto, open_write_read_round_trip_and_the_txid_comes_back)
{
    uint32_t f = open_conn(root, "/tmp/f", VX_VFS_O_CREAT | VX_VFS_O_RDWR);
    cr_expect_eq(((struct vx_vfs_rep *)rep)->txid, 0x80000007u, "the reply carries the txid");
    struct vx_vfs_node_rep *nr = (struct vx_vfs_node_rep *)rep;
    cr_expect_neq(nr->token, 0);
    cr_expect_eq(nr->st.mode, VX_VFS_S_IFREG | 0644);
    cr_expect_eq(write_at(f, 0, "hello world"), 11);
    cr_expect_eq(((struct vx_vfs_write_rep *)rep)->size, 11);
    cr_expect_eq(read_at(f, 6, 100), 5);
    cr_expect_eq(res.bytes, 8 + 5);
    cr_expect_eq(memcmp(rep + 8, "world", 5), 0);
    struct vx_vfs_io_req app = {.h.op = VX_VFS_OP_WRITE, .len = 1, .flags = VX_VFS_WRITE_APPEND};
    uint8_t buf[sizeof app + 1];
    memcpy(buf, &app, sizeof app);
    buf[sizeof app] = '!';
    cr_expect_eq(send(f, buf, sizeof buf), 1);
    cr_expect_eq(((struct vx_vfs_write_rep *)rep)->size, 12, "append writes at the end");
    vfs_conn_close(&srv, f);
}

Test(vfs_proto, rights_follow_the_open_mode)
{
    uint32_t w = open_conn(root, "/tmp/f", VX_VFS_O_CREAT | VX_VFS_O_WRONLY);
    cr_expect_eq(read_at(w, 0, 10), VX_VFS_EBADF);
    uint32_t r = open_conn(root, "/tmp/f", VX_VFS_O_RDONLY);
    cr_expect_eq(write_at(r, 0, "x"), VX_VFS_EBADF);
    uint32_t p = open_conn(root, "/tmp/f", VX_VFS_O_PATH);
    cr_expect_eq(read_at(p, 0, 10), VX_VFS_EBADF);
    struct vx_vfs_req st = {.op = VX_VFS_OP_STAT};
    cr_expect_eq(send(p, &st, sizeof st), 0, "an O_PATH connection may stat");
    struct vx_vfs_setattr_req tr = {.h.op = VX_VFS_OP_SETATTR, .valid = VX_VFS_SET_SIZE, .size = 3};
    cr_expect_eq(send(r, &tr, sizeof tr), VX_VFS_EINVAL, "truncate on a read-only connection");
    cr_expect_eq(send(w, &tr, sizeof tr), 0);
    cr_expect_eq(((struct vx_vfs_node_rep *)rep)->st.size, 3);
    vfs_conn_close(&srv, w);
    vfs_conn_close(&srv, r);
    vfs_conn_close(&srv, p);
}

Test(vfs_proto, stat_clone_statfs_sync)
{
    struct vx_vfs_req h = {.op = VX_VFS_OP_STAT};
    cr_assert_eq(send(root, &h, sizeof h), 0);
    struct vx_vfs_node_rep *nr = (struct vx_vfs_node_rep *)rep;
    cr_expect_eq(nr->token, srv.conns[root].token, "STAT tells a connection its token");
    cr_expect_eq(nr->st.mode & VX_VFS_S_IFMT, VX_VFS_S_IFDIR);
    h.op = VX_VFS_OP_CLONE;
    cr_assert_eq(send(root, &h, sizeof h), 0);
    cr_assert_geq(res.new_conn, 0);
    uint32_t c = (uint32_t)res.new_conn;
    cr_expect_eq(srv.conns[c].loc.ino, srv.conns[root].loc.ino);
    cr_expect_neq(srv.conns[c].token, srv.conns[root].token);
    cr_expect(!srv.conns[c].root, "a clone of the root connection cannot BOOTFS_LOAD");
    h.op = VX_VFS_OP_STATFS;
    cr_assert_eq(send(c, &h, sizeof h), 0);
    cr_expect_eq(((struct vx_vfs_statfs_rep *)rep)->st.type, 0x01021994u);
    cr_expect_eq(((struct vx_vfs_statfs_rep *)rep)->st.namelen, 255);
    h.op = VX_VFS_OP_SYNC;
    cr_expect_eq(send(c, &h, sizeof h), 0);
    vfs_conn_close(&srv, c);
}

Test(vfs_proto, rename_and_link_name_a_second_directory_by_token)
{
    uint32_t tmp = open_conn(root, "/tmp", VX_VFS_O_RDONLY | VX_VFS_O_DIRECTORY);
    uint64_t tok = ((struct vx_vfs_node_rep *)rep)->token;
    cr_assert_eq(path_op(root, VX_VFS_OP_MKDIR, 0, 0755, 0, "/tmp/d", NULL), 0);
    cr_assert_eq(path_op(tmp, VX_VFS_OP_MKNOD, 0, VX_VFS_S_IFREG | 0600, 0, "a", NULL), 0);
    uint32_t d = open_conn(root, "/tmp/d", VX_VFS_O_RDONLY);
    cr_expect_eq(path_op(d, VX_VFS_OP_RENAME, 0, 0, tok, "../a", "b"), 0,
                 "old relative to d, new relative to the token's /tmp");
    struct vx_vfs_stat st;
    cr_expect_eq(path_op(root, VX_VFS_OP_STAT_AT, 0, 0, 0, "/tmp/b", NULL), 0);
    memcpy(&st, &((struct vx_vfs_node_rep *)rep)->st, sizeof st);
    cr_expect_eq(path_op(tmp, VX_VFS_OP_LINK, 0, 0, srv.conns[d].token, "b", "c"), 0);
    cr_expect_eq(path_op(root, VX_VFS_OP_STAT_AT, 0, 0, 0, "/tmp/d/c", NULL), 0);
    cr_expect_eq(((struct vx_vfs_node_rep *)rep)->st.ino, st.ino);
    cr_expect_eq(path_op(tmp, VX_VFS_OP_RENAME, 0, 0, 12345, "b", "x"), VX_VFS_EBADF,
                 "an unknown token");
    vfs_conn_close(&srv, tmp);
    vfs_conn_close(&srv, d);
}

Test(vfs_proto, symlink_readlink_access_unlink)
{
    cr_expect_eq(path_op(root, VX_VFS_OP_SYMLINK, 0, 0, 0, "/tmp/target", "/tmp/l"), 0);
    cr_expect_eq(path_op(root, VX_VFS_OP_READLINK, 0, 0, 0, "/tmp/l", NULL), 11);
    cr_expect_eq(res.bytes, 8 + 11);
    cr_expect_eq(memcmp(rep + 8, "/tmp/target", 11), 0);
    cr_expect_eq(path_op(root, VX_VFS_OP_ACCESS, 0, VX_VFS_F_OK, 0, "/tmp/l", NULL), VX_VFS_ENOENT);
    cr_expect_eq(
        path_op(root, VX_VFS_OP_ACCESS, VX_VFS_AT_SYMLINK_NOFOLLOW, VX_VFS_F_OK, 0, "/tmp/l", NULL),
        0);
    cr_expect_eq(path_op(root, VX_VFS_OP_UNLINK, 0, 0, 0, "/tmp/l", NULL), 0);
    cr_expect_eq(path_op(root, VX_VFS_OP_UNLINK, VX_VFS_AT_REMOVEDIR, 0, 0, "/tmp", NULL),
                 VX_VFS_EBUSY);
}

/* Parse a READDIR reply into names; the count. */
static int parse_dir(char names[][32], uint64_t *last_next)
{
    int n = status();
    uint32_t at = 8;
    for (int i = 0; i < n; i++) {
        struct vx_vfs_dirent d;
        memcpy(&d, rep + at, sizeof d);
        cr_assert_eq(d.reclen % 8, 0);
        cr_assert_eq(rep[at + sizeof d + d.name_len], 0, "names end in NUL");
        snprintf(names[i], 32, "%s", (char *)rep + at + sizeof d);
        *last_next = d.next;
        at += d.reclen;
    }
    cr_assert_eq(at, res.bytes, "records fill the reply exactly");
    return n;
}

Test(vfs_proto, readdir_packs_records_and_resumes_from_a_cookie)
{
    uint32_t tmp = open_conn(root, "/tmp", VX_VFS_O_RDONLY | VX_VFS_O_DIRECTORY);
    for (int i = 0; i < 10; i++) {
        char name[8];
        snprintf(name, sizeof name, "f%d", i);
        cr_assert_eq(path_op(tmp, VX_VFS_OP_MKNOD, 0, 0644, 0, name, NULL), 0);
    }
    char names[64][32];
    uint64_t next = 0;
    int total = 0;
    for (int round = 0; round < 20; round++) {
        struct vx_vfs_readdir_req r = {.h.op = VX_VFS_OP_READDIR, .max_bytes = 70, .cookie = next};
        cr_assert_geq(send(tmp, &r, sizeof r), 0);
        int n = parse_dir(names + total, &next);
        if (n == 0)
            break;
        total += n;
    }
    cr_expect_eq(total, 12, ". .. and 10 files, 2 at a time, got %d", total);
    cr_expect_str_eq(names[0], ".");
    cr_expect_str_eq(names[11], "f9");
    struct vx_vfs_readdir_req tiny = {.h.op = VX_VFS_OP_READDIR, .max_bytes = 16};
    cr_expect_eq(send(tmp, &tiny, sizeof tiny), VX_VFS_EINVAL, "no room for one record");
    uint32_t f = open_conn(tmp, "f1", VX_VFS_O_RDONLY);
    struct vx_vfs_readdir_req r = {.h.op = VX_VFS_OP_READDIR, .max_bytes = 4096};
    cr_expect_eq(send(f, &r, sizeof r), VX_VFS_ENOTDIR);
    vfs_conn_close(&srv, f);
    vfs_conn_close(&srv, tmp);
}

Test(vfs_proto, malformed_requests_are_einval)
{
    uint8_t buf[128] = {0};
    cr_expect_eq(send(root, buf, 0), VX_VFS_EINVAL, "empty");
    cr_expect_eq(send(root, buf, 7), VX_VFS_EINVAL, "shorter than a header");
    struct vx_vfs_req h = {.op = 999};
    cr_expect_eq(send(root, &h, sizeof h), VX_VFS_EINVAL, "unknown op");
    uint32_t n = path_req(buf, VX_VFS_OP_STAT_AT, 0, 0, 0, "/tmp", NULL);
    cr_expect_eq(send(root, buf, n - 1), VX_VFS_EINVAL, "a path without its NUL");
    cr_expect_eq(send(root, buf, n + 1), VX_VFS_EINVAL, "bytes after the path");
    cr_expect_eq(send(root, buf, sizeof(struct vx_vfs_path_req)), VX_VFS_EINVAL, "no path");
    n = path_req(buf, VX_VFS_OP_RENAME, 0, 0, 0, "/tmp", NULL);
    cr_expect_eq(send(root, buf, n), VX_VFS_EINVAL, "rename with one string");
    n = path_req(buf, VX_VFS_OP_MKDIR, 0, 0755, 7, "/x", NULL);
    cr_expect_eq(send(root, buf, n), VX_VFS_EINVAL, "a field that must be 0");
    struct vx_vfs_io_req r = {.h.op = VX_VFS_OP_READ, .len = VX_VFS_IO_MAX + 1};
    cr_expect_eq(send(root, &r, sizeof r), VX_VFS_EINVAL, "a read too big for a reply");
    r.len = 1;
    r.offset = 1ull << 63;
    cr_expect_eq(send(root, &r, sizeof r), VX_VFS_EINVAL, "a negative offset");
    struct vx_vfs_io_req w = {.h.op = VX_VFS_OP_WRITE, .len = 5};
    cr_expect_eq(send(root, &w, sizeof w), VX_VFS_EINVAL, "len says 5, 0 bytes follow");
    struct vx_vfs_setattr_req sa = {.h.op = VX_VFS_OP_SETATTR, .valid = 1u << 20};
    cr_expect_eq(send(root, &sa, sizeof sa), VX_VFS_EINVAL, "unknown SETATTR bits");
    cr_expect_eq(send(root, &sa, sizeof sa - 1), VX_VFS_EINVAL, "a short SETATTR");
    h.op = VX_VFS_OP_STAT;
    uint8_t longer[9] = {0};
    memcpy(longer, &h, sizeof h);
    cr_expect_eq(send(root, longer, sizeof longer), VX_VFS_EINVAL, "STAT with a stray byte");
    cr_expect_eq(res.bytes, sizeof(struct vx_vfs_rep), "an error reply is just the header");
    cr_expect_eq(res.new_conn, -1);
}

Test(vfs_proto, a_path_too_long_for_the_protocol_is_enametoolong)
{
    static uint8_t buf[VX_VFS_PATH_MAX + 100];
    static char path[VX_VFS_PATH_MAX + 1];
    memset(path, 'a', VX_VFS_PATH_MAX);
    path[VX_VFS_PATH_MAX] = '\0';
    uint32_t n = path_req(buf, VX_VFS_OP_STAT_AT, 0, 0, 0, path, NULL);
    cr_expect_eq(send(root, buf, n), VX_VFS_ENAMETOOLONG);
}

Test(vfs_proto, bootfs_load_only_on_the_root_connection_once_with_one_handle)
{
    struct vx_vfs_req h = {.op = VX_VFS_OP_BOOTFS_LOAD};
    vfs_dispatch(&srv, root, &h, sizeof h, 0, rep, &res);
    cr_expect_eq(status(), VX_VFS_EINVAL, "no handle");
    cr_expect(!res.bootfs);
    uint32_t c = open_conn(root, "/", VX_VFS_O_RDONLY);
    vfs_dispatch(&srv, c, &h, sizeof h, 1, rep, &res);
    cr_expect_eq(status(), VX_VFS_EPERM, "not the bootstrap connection");
    vfs_dispatch(&srv, root, &h, sizeof h, 1, rep, &res);
    cr_expect_eq(status(), 0);
    cr_expect(res.bootfs, "accepted: the loop loads the image");
    srv.bootfs_loaded = true;
    vfs_dispatch(&srv, root, &h, sizeof h, 1, rep, &res);
    cr_expect_eq(status(), VX_VFS_EBUSY, "only once");
    vfs_conn_close(&srv, c);
}

Test(vfs_proto, connections_run_out_with_emfile_and_come_back)
{
    int opened = 0;
    uint32_t idx[VFS_CONNS_MAX];
    struct vx_vfs_req h = {.op = VX_VFS_OP_CLONE};
    while (send(root, &h, sizeof h) == 0)
        idx[opened++] = (uint32_t)res.new_conn;
    cr_expect_eq(status(), VX_VFS_EMFILE);
    cr_expect_eq(opened, VFS_CONNS_MAX - 1);
    for (int i = 0; i < opened; i++)
        vfs_conn_close(&srv, idx[i]);
    cr_expect_eq(send(root, &h, sizeof h), 0);
    vfs_conn_close(&srv, (uint32_t)res.new_conn);
}

Test(vfs_proto, an_unlinked_file_lives_while_its_connection_does)
{
    uint32_t f = open_conn(root, "/tmp/f", VX_VFS_O_CREAT | VX_VFS_O_RDWR);
    cr_assert_eq(write_at(f, 0, "still here"), 10);
    cr_assert_eq(path_op(root, VX_VFS_OP_UNLINK, 0, 0, 0, "/tmp/f", NULL), 0);
    cr_expect_eq(read_at(f, 0, 64), 10);
    cr_expect_eq(memcmp(rep + 8, "still here", 10), 0);
    struct vx_vfs_req h = {.op = VX_VFS_OP_STAT};
    cr_assert_eq(send(f, &h, sizeof h), 0);
    cr_expect_eq(((struct vx_vfs_node_rep *)rep)->st.nlink, 0);
    vfs_conn_close(&srv, f);
}

/* ---- the boot image copy, from a fake image ------------------------------------------------ */

static const struct fake_entry {
    const char *path;
    uint32_t type;
    const char *data; /* file contents, listing, or symlink target */
} fake[] = {
    {"", VFS_BOOT_DIR, "bin\netc\ntmp\nvar\n"},
    {"bin", VFS_BOOT_DIR, "box\nls\n"},
    {"bin/box", VFS_BOOT_FILE, "\177ELF-box"},
    {"bin/ls", VFS_BOOT_SYMLINK, "box"},
    {"etc", VFS_BOOT_DIR, "motd\n"},
    {"etc/motd", VFS_BOOT_FILE, "welcome\n"},
    {"tmp", VFS_BOOT_DIR, "keep\n"},
    {"tmp/keep", VFS_BOOT_FILE, ""},
    {"var", VFS_BOOT_DIR, ""},
    {"bad", VFS_BOOT_DIR, "../escape\n"},
};

static const struct fake_entry *fake_find(const char *path)
{
    for (size_t i = 0; i < sizeof fake / sizeof fake[0]; i++)
        if (!strcmp(fake[i].path, path))
            return &fake[i];
    return NULL;
}

static int fake_stat(void *ctx, const char *path, uint32_t *type, uint64_t *size, char *target)
{
    const struct fake_entry *e = fake_find(path);
    if (!e)
        return VX_VFS_ENOENT;
    *type = e->type;
    *size = strlen(e->data);
    snprintf(target, VX_VFS_PATH_MAX, "%s", e->type == VFS_BOOT_SYMLINK ? e->data : "");
    return 0;
}

static int fake_read(void *ctx, const char *path, uint64_t off, void *buf, size_t len)
{
    const struct fake_entry *e = fake_find(path);
    cr_assert(e && off + len <= strlen(e->data), "read of %s inside it", path);
    memcpy(buf, e->data + off, len);
    return 0;
}

Test(vfs_proto, the_boot_image_is_copied_with_modes_and_symlinks)
{
    struct vfs_boot_src src = {fake_stat, fake_read, NULL};
    uint32_t count;
    cr_assert_eq(vfs_boot_fill(&srv, &src, &count), 0);
    cr_expect_eq(count, 8, "8 entries copied (the 4 directories too), got %u", count);
    struct vx_vfs_stat st;
    struct vfs_loc top = vfs_mount_root(&srv.ns.mt);
    const struct vx_vfs_cred su = {0, 0};
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/bin/box", 0, &su, &st), 0);
    cr_expect_eq(st.mode, VX_VFS_S_IFREG | 0755, "bin/ files are executable");
    cr_expect_eq(st.size, 8);
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/bin/ls", 0, &su, &st), 0);
    cr_expect_eq(st.mode, VX_VFS_S_IFREG | 0755, "ls follows to box");
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/bin/ls", VX_VFS_AT_SYMLINK_NOFOLLOW, &su, &st), 0);
    cr_expect_eq(st.mode & VX_VFS_S_IFMT, VX_VFS_S_IFLNK);
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/etc/motd", 0, &su, &st), 0);
    cr_expect_eq(st.mode, VX_VFS_S_IFREG | 0644);
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/tmp/keep", 0, &su, &st), 0,
                 "image files under tmp/ land in the /tmp mount");
    cr_assert_eq(vfs_op_stat_at(&srv.ns, top, "/var", 0, &su, &st), 0);
    uint32_t f = open_conn(root, "/etc/motd", VX_VFS_O_RDONLY);
    cr_expect_eq(read_at(f, 0, 100), 8);
    cr_expect_eq(memcmp(rep + 8, "welcome\n", 8), 0);
    vfs_conn_close(&srv, f);
}

static int bad_root_stat(void *ctx, const char *path, uint32_t *type, uint64_t *size, char *target)
{
    return fake_stat(ctx, path[0] ? path : "bad", type, size, target);
}

static int bad_root_read(void *ctx, const char *path, uint64_t off, void *buf, size_t len)
{
    return fake_read(ctx, path[0] ? path : "bad", off, buf, len);
}

Test(vfs_proto, a_listing_naming_dot_dot_is_refused)
{
    struct vfs_boot_src src = {bad_root_stat, bad_root_read, NULL};
    uint32_t count;
    cr_expect_eq(vfs_boot_fill(&srv, &src, &count), VX_VFS_EINVAL);
    cr_expect_eq(count, 0);
}

/* ---- the fuzzer -------------------------------------------------------------------------- */

static const char *const fuzz_paths[] = {
    "",       "/",     ".",      "..", "a",        "/tmp", "/tmp/a", "/tmp/b/", "a/b/c", "l",
    "/tmp/l", "../..", "/dev/x", "b",  "/tmp/d/e", "//a",  "a/../b", "/root",   "c/",
};

static const uint32_t fuzz_ops[] = {
    VX_VFS_OP_OPEN,
    VX_VFS_OP_STAT_AT,
    VX_VFS_OP_MKDIR,
    VX_VFS_OP_MKNOD,
    VX_VFS_OP_UNLINK,
    VX_VFS_OP_RENAME,
    VX_VFS_OP_LINK,
    VX_VFS_OP_SYMLINK,
    VX_VFS_OP_READLINK,
    VX_VFS_OP_ACCESS,
    VX_VFS_OP_READDIR,
    VX_VFS_OP_READ,
    VX_VFS_OP_WRITE,
    VX_VFS_OP_STAT,
    VX_VFS_OP_SETATTR,
    VX_VFS_OP_SYNC,
    VX_VFS_OP_STATFS,
    VX_VFS_OP_CLONE,
    VX_VFS_OP_BOOTFS_LOAD,
    0,
    12,
    31,
};

static uint32_t pick(struct prng *r, uint32_t n)
{
    return (uint32_t)(prng_next(r) % n);
}

/* A plausible request for a random op, then maybe mangled. Returns its length. */
static uint32_t fuzz_request(struct prng *r, uint8_t *buf, uint32_t cap, uint32_t *conns,
                             uint32_t nconns)
{
    uint32_t op = fuzz_ops[pick(r, sizeof fuzz_ops / sizeof fuzz_ops[0])];
    uint32_t n;
    const char *p1 = fuzz_paths[pick(r, sizeof fuzz_paths / sizeof fuzz_paths[0])];
    const char *p2 = fuzz_paths[pick(r, sizeof fuzz_paths / sizeof fuzz_paths[0])];
    uint32_t flag_pool[] = {0,
                            VX_VFS_O_CREAT,
                            VX_VFS_O_RDWR,
                            VX_VFS_O_CREAT | VX_VFS_O_EXCL,
                            VX_VFS_O_PATH,
                            VX_VFS_O_DIRECTORY,
                            VX_VFS_O_NOFOLLOW,
                            VX_VFS_O_TRUNC,
                            VX_VFS_AT_REMOVEDIR,
                            VX_VFS_RENAME_EXCHANGE,
                            (uint32_t)prng_next(r)};
    uint32_t flags = flag_pool[pick(r, 11)] | (pick(r, 2) ? flag_pool[pick(r, 11)] : 0);
    switch (op) {
    case VX_VFS_OP_READDIR: {
        struct vx_vfs_readdir_req q = {.h.op = op,
                                       .max_bytes = pick(r, 3000),
                                       .cookie = pick(r, 4) ? pick(r, 20) : prng_next(r)};
        memcpy(buf, &q, n = sizeof q);
        break;
    }
    case VX_VFS_OP_READ:
    case VX_VFS_OP_WRITE: {
        struct vx_vfs_io_req q = {
            .h.op = op, .len = pick(r, 9000), .offset = pick(r, 4) ? pick(r, 20000) : prng_next(r)};
        n = sizeof q;
        if (op == VX_VFS_OP_WRITE) {
            q.flags = pick(r, 4) == 0;
            q.len = pick(r, 9000);
            for (uint32_t i = 0; i < q.len; i++)
                buf[n + i] = (uint8_t)prng_next(r);
            n += q.len;
        }
        memcpy(buf, &q, sizeof q);
        break;
    }
    case VX_VFS_OP_SETATTR: {
        struct vx_vfs_setattr_req q = {
            .h.op = op,
            .valid = (uint32_t)prng_next(r) & 0x7f,
            .mode = (uint32_t)prng_next(r),
            .uid = pick(r, 3),
            .gid = pick(r, 3),
            .size = pick(r, 100000),
            .atime = {.nsec = VX_VFS_UTIME_NOW},
            .mtime = {.sec = 5, .nsec = pick(r, 2) ? 7 : VX_VFS_UTIME_OMIT}};
        q.cred.uid = pick(r, 3) ? 0 : 1000;
        memcpy(buf, &q, n = sizeof q);
        break;
    }
    case VX_VFS_OP_STAT:
    case VX_VFS_OP_SYNC:
    case VX_VFS_OP_STATFS:
    case VX_VFS_OP_CLONE:
    case VX_VFS_OP_BOOTFS_LOAD:
    case 0:
    case 12:
    case 31: {
        struct vx_vfs_req q = {.op = op};
        memcpy(buf, &q, n = sizeof q);
        break;
    }
    default: {
        uint64_t arg = 0;
        if ((op == VX_VFS_OP_RENAME || op == VX_VFS_OP_LINK) && pick(r, 2))
            arg = srv.conns[conns[pick(r, nconns)]].token;
        n = path_req(
            buf, op, flags, pick(r, 2) ? 0644 : (uint32_t)prng_next(r), arg, p1,
            op == VX_VFS_OP_RENAME || op == VX_VFS_OP_LINK || op == VX_VFS_OP_SYMLINK ? p2 : NULL);
        struct vx_vfs_path_req *q = (struct vx_vfs_path_req *)buf;
        q->cred.uid = pick(r, 4) ? 0 : 1000 + pick(r, 2);
        q->cred.gid = q->cred.uid;
        break;
    }
    }
    /* Mangle some: flip bytes, cut, or pad with junk. */
    switch (pick(r, 6)) {
    case 0:
        for (uint32_t k = pick(r, 4) + 1; k-- && n;)
            buf[pick(r, n)] ^= (uint8_t)(1u << pick(r, 8));
        break;
    case 1:
        n = pick(r, n + 1);
        break;
    case 2: {
        uint32_t extra = pick(r, 40);
        for (uint32_t i = 0; i < extra && n < cap; i++)
            buf[n++] = (uint8_t)prng_next(r);
        break;
    }
    default:
        break;
    }
    return n;
}

Test(vfs_proto, random_and_mangled_requests_never_break_the_server)
{
    static uint8_t buf[16384];
    uint32_t conns[64] = {root};
    uint32_t nconns = 1;
    struct prng r;
    prng_seed(&r, 0x5eed);
    for (int iter = 0; iter < 30000; iter++) {
        uint32_t ci = pick(&r, nconns);
        uint32_t n = fuzz_request(&r, buf, sizeof buf, conns, nconns);
        uint32_t txid = (uint32_t)prng_next(&r);
        if (n >= 4)
            memcpy(buf, &txid, 4);
        vfs_dispatch(&srv, conns[ci], buf, n, pick(&r, 3), rep, &res);
        struct vx_vfs_rep *h = (struct vx_vfs_rep *)rep;
        cr_assert_geq(res.bytes, sizeof *h, "iteration %d: a reply has a header", iter);
        cr_assert_leq(res.bytes, VX_VFS_MSG_MAX);
        if (n >= 4)
            cr_assert_eq(h->txid, txid, "iteration %d: the txid comes back", iter);
        if (h->status < 0) {
            cr_assert_eq(res.bytes, sizeof *h, "iteration %d: an error is just a header", iter);
            cr_assert_eq(res.new_conn, -1);
            cr_assert_geq(h->status, -4095);
        }
        if (res.bootfs)
            srv.bootfs_loaded = true; /* as the loop would */
        if (res.new_conn >= 0) {
            if (nconns < 64 && pick(&r, 3))
                conns[nconns++] = (uint32_t)res.new_conn;
            else
                vfs_conn_close(&srv, (uint32_t)res.new_conn);
        }
        if (nconns > 1 && pick(&r, 50) == 0) { /* a client hangs up */
            uint32_t k = 1 + pick(&r, nconns - 1);
            vfs_conn_close(&srv, conns[k]);
            conns[k] = conns[--nconns];
        }
    }
    for (uint32_t k = 1; k < nconns; k++)
        vfs_conn_close(&srv, conns[k]);
}
