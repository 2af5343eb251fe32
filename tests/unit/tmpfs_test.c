/*
 * tests/unit/tmpfs_test.c - tmpfs (servers/vfs/tmpfs.c) through its struct vfs_fs_ops: files
 * (read back, sparse, truncate, limits), directories (thousands of names, readdir cookies
 * that survive changes), hard links, unlinked-but-open files, symlinks, times from the
 * injected clock, and that destroy gives every byte back.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "servers/vfs/tmpfs.h"

#include "criterion_tsan.h"
#include "vfs_env.h"

static struct test_env te;
static struct vfs_fs *fs;
static const struct vfs_fs_ops *ops;

static void make(uint64_t max_bytes, uint64_t max_nodes)
{
    test_env_init(&te);
    struct tmpfs_limits lim = {max_bytes, max_nodes};
    cr_assert_eq(tmpfs_create(&te.env, &lim, 0755, &fs), 0, "expected a tmpfs");
    ops = fs->ops;
}

static void setup(void)
{
    make(64u << 20, 100000);
}

static void teardown(void)
{
    if (fs)
        ops->destroy(fs);
    fs = NULL;
    cr_expect_eq(te.live_allocs, 0, "every allocation comes back (%lld left)",
                 (long long)te.live_allocs);
}

TestSuite(tmpfs, .init = setup, .fini = teardown, .timeout = 60);

static uint64_t mk(uint64_t dir, const char *name, uint32_t mode)
{
    uint64_t ino;
    int err = ops->mknod(fs, dir, name, strlen(name), mode, 0, 1000, 100, &ino);
    cr_assert_eq(err, 0, "mknod %s: %d", name, err);
    return ino;
}

static void put(uint64_t ino, uint64_t off, const void *buf, size_t len)
{
    size_t n;
    uint64_t size;
    cr_assert_eq(ops->write(fs, ino, off, false, buf, len, &n, &size), 0);
    cr_assert_eq(n, len);
}

static struct vx_vfs_stat attr(uint64_t ino)
{
    struct vx_vfs_stat st;
    cr_assert_eq(ops->getattr(fs, ino, &st), 0);
    return st;
}

Test(tmpfs, a_new_file_is_found_by_name_with_its_owner_and_mode)
{
    uint64_t f = mk(fs->root, "hello", VX_VFS_S_IFREG | 0640);
    uint64_t got;
    cr_assert_eq(ops->lookup(fs, fs->root, "hello", 5, &got), 0);
    cr_expect_eq(got, f);
    struct vx_vfs_stat st = attr(f);
    cr_expect_eq(st.mode, VX_VFS_S_IFREG | 0640);
    cr_expect_eq(st.uid, 1000);
    cr_expect_eq(st.gid, 100);
    cr_expect_eq(st.nlink, 1);
    cr_expect_eq(ops->lookup(fs, fs->root, "hell", 4, &got), VX_VFS_ENOENT);
    cr_expect_eq(ops->mknod(fs, fs->root, "hello", 5, VX_VFS_S_IFREG, 0, 0, 0, &got),
                 VX_VFS_EEXIST);
}

Test(tmpfs, bytes_written_across_pages_read_back)
{
    uint64_t f = mk(fs->root, "f", VX_VFS_S_IFREG | 0644);
    static uint8_t data[3 * 4096 + 123], back[sizeof data + 100];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    put(f, 100, data, sizeof data);
    size_t n;
    cr_assert_eq(ops->read(fs, f, 100, back, sizeof back, &n), 0);
    cr_expect_eq(n, sizeof data, "a read stops at the end of the file");
    cr_expect_eq(memcmp(back, data, sizeof data), 0);
    cr_assert_eq(ops->read(fs, f, 0, back, 100, &n), 0);
    for (int i = 0; i < 100; i++)
        cr_expect_eq(back[i], 0, "the unwritten start reads as zeros");
    cr_assert_eq(ops->read(fs, f, 1 << 20, back, 10, &n), 0);
    cr_expect_eq(n, 0, "reading past the end gives 0 bytes");
}

Test(tmpfs, a_sparse_file_reads_zeros_and_stores_only_written_pages)
{
    uint64_t f = mk(fs->root, "sparse", VX_VFS_S_IFREG | 0644);
    put(f, (1ull << 30) + 5, "x", 1);
    struct vx_vfs_stat st = attr(f);
    cr_expect_eq(st.size, (1ull << 30) + 6);
    cr_expect_eq(st.blocks, 8, "one page stored (8 blocks), not %llu",
                 (unsigned long long)st.blocks);
    char buf[16];
    size_t n;
    cr_assert_eq(ops->read(fs, f, 1ull << 29, buf, sizeof buf, &n), 0);
    cr_expect_eq(n, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++)
        cr_expect_eq(buf[i], 0);
}

Test(tmpfs, truncate_drops_bytes_and_growing_again_reads_zeros)
{
    uint64_t f = mk(fs->root, "t", VX_VFS_S_IFREG | 0644);
    char data[10000];
    memset(data, 'a', sizeof data);
    put(f, 0, data, sizeof data);
    struct vfs_setattr a = {.valid = VX_VFS_SET_SIZE, .size = 5000};
    cr_assert_eq(ops->setattr(fs, f, &a), 0);
    cr_expect_eq(attr(f).blocks, 16, "pages past the new end are freed");
    a.size = 9000;
    cr_assert_eq(ops->setattr(fs, f, &a), 0);
    char back[10000];
    size_t n;
    cr_assert_eq(ops->read(fs, f, 0, back, sizeof back, &n), 0);
    cr_expect_eq(n, 9000);
    cr_expect_eq(back[4999], 'a');
    for (int i = 5000; i < 9000; i++)
        cr_assert_eq(back[i], 0, "byte %d after truncate and extend should be 0", i);
}

Test(tmpfs, writing_past_the_size_limit_is_enospc_and_a_partial_write_is_short)
{
    ops->destroy(fs);
    make(2 * 4096, 100);
    uint64_t f = mk(fs->root, "big", VX_VFS_S_IFREG | 0644);
    static char data[3 * 4096];
    size_t n;
    uint64_t size;
    cr_assert_eq(ops->write(fs, f, 0, false, data, sizeof data, &n, &size), 0);
    cr_expect_eq(n, 2 * 4096, "the write stops at the limit");
    cr_expect_eq(ops->write(fs, f, n, false, data, 10, &n, &size), VX_VFS_ENOSPC);
    struct vx_vfs_statfs sf;
    cr_assert_eq(ops->statfs(fs, &sf), 0);
    cr_expect_eq(sf.bfree, 0);
}

Test(tmpfs, the_node_limit_is_enospc)
{
    ops->destroy(fs);
    make(1 << 20, 3); /* the root and two more */
    mk(fs->root, "a", VX_VFS_S_IFREG);
    mk(fs->root, "b", VX_VFS_S_IFDIR | 0755);
    uint64_t ino;
    cr_expect_eq(ops->mknod(fs, fs->root, "c", 1, VX_VFS_S_IFREG, 0, 0, 0, &ino), VX_VFS_ENOSPC);
    cr_expect_eq(ops->symlink(fs, fs->root, "d", 1, "a", 1, 0, 0, &ino), VX_VFS_ENOSPC);
}

Test(tmpfs, a_write_at_the_file_size_limit_is_efbig)
{
    uint64_t f = mk(fs->root, "f", VX_VFS_S_IFREG | 0644);
    size_t n;
    uint64_t size;
    cr_expect_eq(ops->write(fs, f, TMPFS_FILE_MAX, false, "x", 1, &n, &size), VX_VFS_EFBIG);
    cr_assert_eq(ops->write(fs, f, TMPFS_FILE_MAX - 1, false, "xy", 2, &n, &size), 0);
    cr_expect_eq(n, 1, "a write that crosses the limit is cut there");
    cr_expect_eq(size, TMPFS_FILE_MAX);
}

Test(tmpfs, thousands_of_names_in_one_directory_are_all_found)
{
    enum { N = 5000 };
    char name[32];
    uint64_t inos[N];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "file-%d", i);
        inos[i] = mk(fs->root, name, VX_VFS_S_IFREG | 0644);
    }
    for (int i = 0; i < N; i += 2) {
        snprintf(name, sizeof name, "file-%d", i);
        cr_assert_eq(ops->unlink(fs, fs->root, name, strlen(name), 0), 0);
    }
    for (int i = 0; i < N; i++) {
        uint64_t got;
        snprintf(name, sizeof name, "file-%d", i);
        int err = ops->lookup(fs, fs->root, name, strlen(name), &got);
        if (i % 2) {
            cr_assert_eq(err, 0, "%s should be there", name);
            cr_assert_eq(got, inos[i]);
        } else {
            cr_assert_eq(err, VX_VFS_ENOENT, "%s was removed", name);
        }
    }
}

struct listing {
    char names[64][16];
    uint64_t next[64];
    int n, max;
};

static bool collect(void *ctx, uint64_t ino, uint8_t type, const char *name, size_t len,
                    uint64_t next)
{
    struct listing *l = ctx;
    if (l->n == l->max)
        return false;
    snprintf(l->names[l->n], sizeof l->names[0], "%.*s", (int)len, name);
    l->next[l->n++] = next;
    return true;
}

Test(tmpfs, readdir_lists_dot_dotdot_then_names_in_creation_order)
{
    mk(fs->root, "b", VX_VFS_S_IFREG);
    mk(fs->root, "a", VX_VFS_S_IFDIR | 0755);
    mk(fs->root, "c", VX_VFS_S_IFREG);
    struct listing l = {.max = 64};
    cr_assert_eq(ops->readdir(fs, fs->root, 0, collect, &l), 0);
    cr_assert_eq(l.n, 5);
    const char *want[] = {".", "..", "b", "a", "c"};
    for (int i = 0; i < 5; i++)
        cr_expect_str_eq(l.names[i], want[i]);
}

Test(tmpfs, a_readdir_cookie_resumes_correctly_after_names_come_and_go)
{
    mk(fs->root, "a", VX_VFS_S_IFREG);
    mk(fs->root, "b", VX_VFS_S_IFREG);
    mk(fs->root, "c", VX_VFS_S_IFREG);
    struct listing l = {.max = 3}; /* ".", "..", "a" */
    cr_assert_eq(ops->readdir(fs, fs->root, 0, collect, &l), 0);
    cr_assert_eq(l.n, 3);
    cr_assert_str_eq(l.names[2], "a");
    uint64_t resume = l.next[2];
    cr_assert_eq(ops->unlink(fs, fs->root, "a", 1, 0), 0); /* the entry just returned */
    cr_assert_eq(ops->unlink(fs, fs->root, "b", 1, 0), 0); /* the next one */
    mk(fs->root, "d", VX_VFS_S_IFREG);
    struct listing rest = {.max = 64};
    cr_assert_eq(ops->readdir(fs, fs->root, resume, collect, &rest), 0);
    cr_assert_eq(rest.n, 2, "c and d follow, got %d", rest.n);
    cr_expect_str_eq(rest.names[0], "c");
    cr_expect_str_eq(rest.names[1], "d");
}

Test(tmpfs, hard_links_count_and_the_data_lives_while_a_link_or_an_open_remains)
{
    uint64_t f = mk(fs->root, "f", VX_VFS_S_IFREG | 0644);
    put(f, 0, "data", 4);
    cr_assert_eq(ops->link(fs, fs->root, "g", 1, f), 0);
    cr_expect_eq(attr(f).nlink, 2);
    cr_assert_eq(ops->unlink(fs, fs->root, "f", 1, 0), 0);
    cr_expect_eq(attr(f).nlink, 1);
    cr_assert_eq(ops->open(fs, f), 0);
    cr_assert_eq(ops->unlink(fs, fs->root, "g", 1, 0), 0);
    char buf[4];
    size_t n;
    cr_assert_eq(ops->read(fs, f, 0, buf, 4, &n), 0, "an open file outlives its last name");
    cr_expect_eq(memcmp(buf, "data", 4), 0);
    cr_expect_eq(ops->link(fs, fs->root, "h", 1, f), VX_VFS_ENOENT);
    ops->close(fs, f);
    cr_expect_eq(ops->getattr(fs, f, &(struct vx_vfs_stat){0}), VX_VFS_ENOENT,
                 "the last close frees it");
}

Test(tmpfs, directories_cannot_be_hard_linked_and_count_their_subdirectories)
{
    uint64_t d = mk(fs->root, "d", VX_VFS_S_IFDIR | 0755);
    cr_expect_eq(ops->link(fs, fs->root, "e", 1, d), VX_VFS_EPERM);
    cr_expect_eq(attr(fs->root).nlink, 3, "root: ., .. and d's ..");
    mk(d, "sub", VX_VFS_S_IFDIR | 0755);
    cr_expect_eq(attr(d).nlink, 3);
    uint64_t up;
    cr_assert_eq(ops->lookup(fs, d, "..", 2, &up), 0);
    cr_expect_eq(up, fs->root);
    cr_assert_eq(ops->lookup(fs, fs->root, "..", 2, &up), 0);
    cr_expect_eq(up, fs->root, "the root's .. is the root");
}

Test(tmpfs, unlink_and_rmdir_check_the_kind_and_emptiness)
{
    uint64_t d = mk(fs->root, "d", VX_VFS_S_IFDIR | 0755);
    mk(fs->root, "f", VX_VFS_S_IFREG);
    mk(d, "inner", VX_VFS_S_IFREG);
    cr_expect_eq(ops->unlink(fs, fs->root, "d", 1, 0), VX_VFS_EISDIR);
    cr_expect_eq(ops->unlink(fs, fs->root, "f", 1, VFS_UNLINK_DIR), VX_VFS_ENOTDIR);
    cr_expect_eq(ops->unlink(fs, fs->root, "d", 1, VFS_UNLINK_DIR), VX_VFS_ENOTEMPTY);
    cr_assert_eq(ops->unlink(fs, d, "inner", 5, 0), 0);
    cr_expect_eq(ops->unlink(fs, fs->root, "d", 1, VFS_UNLINK_DIR), 0);
    cr_expect_eq(attr(fs->root).nlink, 2);
}

Test(tmpfs, a_removed_directory_that_is_still_open_takes_no_new_names)
{
    uint64_t d = mk(fs->root, "d", VX_VFS_S_IFDIR | 0755);
    cr_assert_eq(ops->open(fs, d), 0);
    cr_assert_eq(ops->unlink(fs, fs->root, "d", 1, VFS_UNLINK_DIR), 0);
    uint64_t ino;
    cr_expect_eq(ops->mknod(fs, d, "x", 1, VX_VFS_S_IFREG, 0, 0, 0, &ino), VX_VFS_ENOENT);
    cr_expect_eq(ops->lookup(fs, d, "..", 2, &ino), VX_VFS_ENOENT);
    ops->close(fs, d);
}

Test(tmpfs, a_symlink_keeps_its_target)
{
    uint64_t l;
    cr_assert_eq(ops->symlink(fs, fs->root, "l", 1, "../some/where", 13, 0, 0, &l), 0);
    char buf[64];
    size_t n;
    cr_assert_eq(ops->readlink(fs, l, buf, sizeof buf, &n), 0);
    cr_expect_eq(n, 13);
    cr_expect_eq(memcmp(buf, "../some/where", 13), 0);
    cr_expect_eq(attr(l).mode, VX_VFS_S_IFLNK | 0777);
    cr_expect_eq(attr(l).size, 13);
    cr_expect_eq(ops->readlink(fs, fs->root, buf, sizeof buf, &n), VX_VFS_EINVAL);
    cr_expect_eq(ops->symlink(fs, fs->root, "e", 1, "", 0, 0, 0, &l), VX_VFS_ENOENT);
}

Test(tmpfs, times_come_from_the_injected_clock)
{
    uint64_t f = mk(fs->root, "f", VX_VFS_S_IFREG | 0644);
    struct vx_vfs_stat st = attr(f);
    cr_expect_eq(st.mtime.sec, 1700000000);
    cr_expect_eq(st.mtime.nsec, 0);
    te.now_ns += 1500000123;
    put(f, 0, "x", 1);
    st = attr(f);
    cr_expect_eq(st.mtime.sec, 1700000001);
    cr_expect_eq(st.mtime.nsec, 500000123);
    cr_expect_eq(st.ctime.nsec, 500000123);
    cr_expect_eq(st.atime.sec, 1700000000, "a write does not touch atime");
    cr_expect_eq(attr(fs->root).mtime.sec, 1700000000);
}

Test(tmpfs, rename_replaces_a_file_and_frees_the_old_one)
{
    uint64_t a = mk(fs->root, "a", VX_VFS_S_IFREG);
    uint64_t b = mk(fs->root, "b", VX_VFS_S_IFREG);
    put(b, 0, "old", 3);
    cr_assert_eq(ops->rename(fs, fs->root, "a", 1, fs->root, "b", 1, 0), 0);
    uint64_t got;
    cr_assert_eq(ops->lookup(fs, fs->root, "b", 1, &got), 0);
    cr_expect_eq(got, a);
    cr_expect_eq(ops->lookup(fs, fs->root, "a", 1, &got), VX_VFS_ENOENT);
    cr_expect_eq(ops->getattr(fs, b, &(struct vx_vfs_stat){0}), VX_VFS_ENOENT);
}

Test(tmpfs, running_out_of_memory_leaves_nothing_half_done)
{
    mk(fs->root, "a", VX_VFS_S_IFREG);
    uint64_t d = mk(fs->root, "d", VX_VFS_S_IFDIR | 0755);
    for (int budget = 0; budget < 6; budget++) {
        te.fail_after = budget;
        uint64_t ino;
        int err = ops->mknod(fs, d, "n", 1, VX_VFS_S_IFREG, 0, 0, 0, &ino);
        int err2 = ops->rename(fs, fs->root, "a", 1, d, "a", 1, 0);
        te.fail_after = -1;
        cr_assert(err == 0 || err == VX_VFS_ENOMEM);
        cr_assert(err2 == 0 || err2 == VX_VFS_ENOMEM);
        uint64_t got;
        bool in_root = ops->lookup(fs, fs->root, "a", 1, &got) == 0;
        bool in_d = ops->lookup(fs, d, "a", 1, &got) == 0;
        cr_assert(in_root != in_d, "a is in exactly one place (budget %d)", budget);
        if (in_d)
            cr_assert_eq(ops->rename(fs, d, "a", 1, fs->root, "a", 1, 0), 0);
        if (err == 0)
            cr_assert_eq(ops->unlink(fs, d, "n", 1, 0), 0);
    }
}
