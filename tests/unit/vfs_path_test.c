/*
 * tests/unit/vfs_path_test.c - path resolution and the path ops (servers/vfs/path.c, ops.c,
 * mount.c) over the server's namespace: "/" and the "/tmp" mount. Absolute and relative
 * paths, "." and "..", mount crossing both ways, symlinks (middle, last, loops, O_NOFOLLOW,
 * O_CREAT through a dangling link), ENOTDIR, ENAMETOOLONG, rename's edge cases, the "." and
 * ".." special cases, and permissions (search, write, sticky).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "servers/vfs/proto.h"

#include "criterion_tsan.h"
#include "vfs_env.h"

static struct test_env te;
static struct vfs_srv srv;
static struct vfs_ns *ns;
static struct vfs_loc root;
static const struct vx_vfs_cred su = {0, 0}, user = {1000, 1000}, other = {2000, 2000};

static void setup(void)
{
    test_env_init(&te);
    cr_assert_eq(vfs_srv_init(&srv, &te.env, 1), 0, "expected a namespace");
    ns = &srv.ns;
    root = vfs_mount_root(&ns->mt);
}

static void teardown(void)
{
    vfs_srv_fini(&srv);
    cr_expect_eq(te.live_allocs, 0, "every allocation comes back");
}

TestSuite(vfs_path, .init = setup, .fini = teardown, .timeout = 60);

static int stat_at(const char *path, uint32_t flags, struct vx_vfs_stat *st)
{
    return vfs_op_stat_at(ns, root, path, flags, &su, st);
}

static struct vx_vfs_stat must_stat(const char *path)
{
    struct vx_vfs_stat st;
    int err = stat_at(path, 0, &st);
    cr_assert_eq(err, 0, "stat %s: %d", path, err);
    return st;
}

static void mkdir_as(const struct vx_vfs_cred *c, const char *path, uint32_t mode)
{
    int err = vfs_op_mknod(ns, root, path, VX_VFS_S_IFDIR | mode, 0, c);
    cr_assert_eq(err, 0, "mkdir %s: %d", path, err);
}

static void touch_as(const struct vx_vfs_cred *c, const char *path)
{
    int err = vfs_op_mknod(ns, root, path, VX_VFS_S_IFREG | 0644, 0, c);
    cr_assert_eq(err, 0, "create %s: %d", path, err);
}

static void ln_s(const char *target, const char *path)
{
    int err = vfs_op_symlink(ns, root, target, path, &su);
    cr_assert_eq(err, 0, "symlink %s: %d", path, err);
}

/* Open (as root) and close again; the error. */
static int try_open(const char *path, uint32_t flags)
{
    struct vfs_loc l;
    uint32_t rights;
    int err = vfs_op_open(ns, root, path, flags, 0644, &su, &l, &rights);
    if (!err)
        vfs_loc_fs(&ns->mt, l)->ops->close(vfs_loc_fs(&ns->mt, l), l.ino);
    return err;
}

Test(vfs_path, the_initial_tree_has_tmp_dev_proc_home_root)
{
    cr_expect_eq(must_stat("/tmp").mode, VX_VFS_S_IFDIR | 01777);
    cr_expect_eq(must_stat("/dev").mode, VX_VFS_S_IFDIR | 0755);
    cr_expect_eq(must_stat("/proc").mode & VX_VFS_S_IFMT, VX_VFS_S_IFDIR);
    cr_expect_eq(must_stat("/home").mode & VX_VFS_S_IFMT, VX_VFS_S_IFDIR);
    cr_expect_eq(must_stat("/root").mode, VX_VFS_S_IFDIR | 0700);
    cr_expect_neq(must_stat("/tmp").dev, must_stat("/").dev, "/tmp is its own file system");
}

Test(vfs_path, relative_paths_start_at_the_base_and_absolute_ones_at_the_root)
{
    mkdir_as(&su, "/a", 0755);
    mkdir_as(&su, "/a/b", 0755);
    struct vfs_walk w;
    cr_assert_eq(vfs_resolve(ns, root, "a", 0, &su, &w), 0);
    struct vfs_loc a = w.node;
    cr_assert_eq(vfs_resolve(ns, a, "b", 0, &su, &w), 0);
    cr_expect_eq(w.node.ino, must_stat("/a/b").ino);
    cr_assert_eq(vfs_resolve(ns, a, "/a", 0, &su, &w), 0);
    cr_expect_eq(w.node.ino, a.ino);
    cr_expect_eq(must_stat("//a///b/").ino, must_stat("/a/b").ino, "extra slashes are fine");
    cr_expect_eq(must_stat("/a/./b/.").ino, must_stat("/a/b").ino);
    struct vx_vfs_stat st;
    cr_expect_eq(stat_at("", 0, &st), VX_VFS_ENOENT, "an empty path names nothing");
    cr_expect_eq(stat_at("", VX_VFS_AT_EMPTY_PATH, &st), 0, "unless AT_EMPTY_PATH");
}

Test(vfs_path, dotdot_at_the_root_stays_at_the_root)
{
    cr_expect_eq(must_stat("/..").ino, must_stat("/").ino);
    cr_expect_eq(must_stat("/../../..").ino, must_stat("/").ino);
    cr_expect_eq(must_stat("../dev").ino, must_stat("/dev").ino);
}

Test(vfs_path, dotdot_crosses_mount_points_in_both_directions)
{
    mkdir_as(&su, "/tmp/x", 0755);
    struct vx_vfs_stat tmp = must_stat("/tmp"), x = must_stat("/tmp/x");
    cr_expect_eq(x.dev, tmp.dev, "/tmp/x is on the /tmp mount");
    cr_expect_eq(must_stat("/tmp/x/..").ino, tmp.ino);
    struct vx_vfs_stat up = must_stat("/tmp/..");
    cr_expect_eq(up.ino, must_stat("/").ino, "/tmp/.. is /, not the tmpfs's own root");
    cr_expect_eq(up.dev, must_stat("/").dev);
    cr_expect_eq(must_stat("/tmp/x/../../dev").ino, must_stat("/dev").ino);
    struct vfs_walk w;
    cr_assert_eq(vfs_resolve(ns, root, "/tmp/x", 0, &su, &w), 0);
    cr_assert_eq(vfs_resolve(ns, w.node, "../../tmp/./x", 0, &su, &w), 0);
    cr_expect_eq(w.node.ino, x.ino);
}

Test(vfs_path, a_symlink_in_the_middle_is_followed_from_its_directory)
{
    mkdir_as(&su, "/a", 0755);
    mkdir_as(&su, "/a/real", 0755);
    touch_as(&su, "/a/real/f");
    ln_s("real", "/a/rel");     /* relative: from /a */
    ln_s("/a/real", "/abs");    /* absolute */
    ln_s("../a/real", "/a/up"); /* .. from /a */
    ln_s("/tmp", "/t");         /* into another mount */
    uint64_t f = must_stat("/a/real/f").ino;
    cr_expect_eq(must_stat("/a/rel/f").ino, f);
    cr_expect_eq(must_stat("/abs/f").ino, f);
    cr_expect_eq(must_stat("/a/up/f").ino, f);
    cr_expect_eq(must_stat("/t").dev, must_stat("/tmp").dev);
    cr_expect_eq(must_stat("/abs/../real/f").ino, f, ".. after a link goes up from the target");
}

Test(vfs_path, the_last_symlink_is_followed_only_when_asked)
{
    touch_as(&su, "/file");
    ln_s("file", "/link");
    struct vx_vfs_stat st;
    cr_assert_eq(stat_at("/link", VX_VFS_AT_SYMLINK_NOFOLLOW, &st), 0);
    cr_expect_eq(st.mode & VX_VFS_S_IFMT, VX_VFS_S_IFLNK);
    cr_expect_eq(must_stat("/link").ino, must_stat("/file").ino);
    cr_expect_eq(try_open("/link", VX_VFS_O_RDONLY | VX_VFS_O_NOFOLLOW), VX_VFS_ELOOP,
                 "O_NOFOLLOW on a symlink is ELOOP");
    cr_expect_eq(try_open("/link", VX_VFS_O_PATH | VX_VFS_O_NOFOLLOW), 0,
                 "O_PATH|O_NOFOLLOW opens the link itself");
    char buf[16];
    size_t n;
    cr_assert_eq(vfs_op_readlink(ns, root, "/link", 0, &su, buf, sizeof buf, &n), 0);
    cr_expect_eq(n, 4);
    cr_expect_eq(vfs_op_readlink(ns, root, "/file", 0, &su, buf, sizeof buf, &n), VX_VFS_EINVAL);
}

Test(vfs_path, symlink_loops_end_in_eloop_and_forty_links_are_fine)
{
    ln_s("loop2", "/loop1");
    ln_s("loop1", "/loop2");
    struct vx_vfs_stat st;
    cr_expect_eq(stat_at("/loop1", 0, &st), VX_VFS_ELOOP);
    cr_expect_eq(stat_at("/loop1/x", 0, &st), VX_VFS_ELOOP);
    ln_s("self/x", "/self");
    cr_expect_eq(stat_at("/self", 0, &st), VX_VFS_ELOOP);
    /* A chain: c0 -> c1 -> ... -> c40 -> /dev. Resolving c1 follows 40 links; c0, 41. */
    char name[16], target[16];
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof name, "/c%d", i);
        snprintf(target, sizeof target, i == 40 ? "/dev" : "c%d", i + 1);
        ln_s(target, name);
    }
    cr_expect_eq(stat_at("/c1", 0, &st), 0, "40 links are allowed");
    cr_expect_eq(stat_at("/c0", 0, &st), VX_VFS_ELOOP, "41 are not");
    cr_expect_eq(stat_at("/c0", VX_VFS_AT_SYMLINK_NOFOLLOW, &st), 0);
}

Test(vfs_path, a_file_in_the_middle_of_a_path_is_enotdir)
{
    touch_as(&su, "/f");
    struct vx_vfs_stat st;
    cr_expect_eq(stat_at("/f/x", 0, &st), VX_VFS_ENOTDIR);
    cr_expect_eq(stat_at("/f/", 0, &st), VX_VFS_ENOTDIR, "a trailing slash wants a directory");
    cr_expect_eq(stat_at("/f/..", 0, &st), VX_VFS_ENOTDIR);
    cr_expect_eq(stat_at("/nope/x", 0, &st), VX_VFS_ENOENT);
    cr_expect_eq(try_open("/f", VX_VFS_O_RDONLY | VX_VFS_O_DIRECTORY), VX_VFS_ENOTDIR);
    struct vfs_walk w;
    cr_assert_eq(vfs_resolve(ns, root, "/f", 0, &su, &w), 0);
    cr_expect_eq(vfs_op_stat_at(ns, w.node, "x", 0, &su, &st), VX_VFS_ENOTDIR,
                 "a relative path from a file is ENOTDIR");
}

Test(vfs_path, names_over_255_bytes_and_paths_of_4096_are_enametoolong)
{
    char name[300], path[5000];
    memset(name, 'n', sizeof name);
    name[0] = '/';
    name[256] = '\0'; /* "/" + 255 bytes */
    touch_as(&su, name);
    name[256] = 'n';
    name[257] = '\0'; /* 256 bytes */
    struct vx_vfs_stat st;
    cr_expect_eq(stat_at(name, 0, &st), VX_VFS_ENAMETOOLONG);
    cr_expect_eq(vfs_op_mknod(ns, root, name, VX_VFS_S_IFREG, 0, &su), VX_VFS_ENAMETOOLONG);
    /* A path of 4095 bytes is fine (ENOENT here); 4096 is too long. */
    for (int i = 0; i < 4095; i += 2)
        memcpy(path + i, "./", 2);
    path[4095] = '\0';
    path[4094] = 'x';
    cr_expect_eq(stat_at(path, 0, &st), VX_VFS_ENOENT);
    memset(path, '/', 4096);
    path[4096] = '\0';
    cr_expect_eq(stat_at(path, 0, &st), VX_VFS_ENAMETOOLONG);
    /* A symlink whose expansion grows past the limit. */
    memset(path, 'a', 4000);
    path[4000] = '\0';
    ln_s(path, "/long");
    memset(path, 'b', 200);
    memcpy(path, "/long/", 6);
    path[200] = '\0';
    cr_expect_eq(stat_at(path, 0, &st), VX_VFS_ENAMETOOLONG);
}

Test(vfs_path, o_creat_makes_files_and_follows_a_dangling_link_unless_o_excl)
{
    cr_expect_eq(try_open("/new", VX_VFS_O_RDONLY), VX_VFS_ENOENT);
    cr_expect_eq(try_open("/new", VX_VFS_O_CREAT | VX_VFS_O_WRONLY), 0);
    cr_expect_eq(must_stat("/new").mode, VX_VFS_S_IFREG | 0644);
    cr_expect_eq(try_open("/new", VX_VFS_O_CREAT | VX_VFS_O_EXCL), VX_VFS_EEXIST);
    ln_s("target", "/dangling");
    cr_expect_eq(try_open("/dangling", VX_VFS_O_CREAT | VX_VFS_O_EXCL), VX_VFS_EEXIST);
    cr_expect_eq(try_open("/dangling", VX_VFS_O_CREAT | VX_VFS_O_WRONLY), 0);
    must_stat("/target");
    cr_expect_eq(try_open("/dir/", VX_VFS_O_CREAT), VX_VFS_EISDIR);
    cr_expect_eq(try_open("/tmp", VX_VFS_O_WRONLY), VX_VFS_EISDIR);
    cr_expect_eq(try_open("/tmp", VX_VFS_O_CREAT | VX_VFS_O_DIRECTORY), VX_VFS_EINVAL);
}

Test(vfs_path, dot_and_dotdot_cannot_be_made_or_removed)
{
    mkdir_as(&su, "/d", 0755);
    cr_expect_eq(vfs_op_mknod(ns, root, "/d/.", VX_VFS_S_IFDIR | 0755, 0, &su), VX_VFS_EEXIST);
    cr_expect_eq(vfs_op_unlink(ns, root, "/d/.", VX_VFS_AT_REMOVEDIR, &su), VX_VFS_EINVAL);
    cr_expect_eq(vfs_op_unlink(ns, root, "/d/..", VX_VFS_AT_REMOVEDIR, &su), VX_VFS_ENOTEMPTY);
    cr_expect_eq(vfs_op_unlink(ns, root, "/d/.", 0, &su), VX_VFS_EISDIR);
    cr_expect_eq(vfs_op_rename(ns, root, "/d/.", root, "/e", 0, &su), VX_VFS_EBUSY);
    cr_expect_eq(vfs_op_unlink(ns, root, "/d/", VX_VFS_AT_REMOVEDIR, &su), 0);
}

Test(vfs_path, mount_points_cannot_be_removed_or_renamed)
{
    cr_expect_eq(vfs_op_unlink(ns, root, "/tmp", VX_VFS_AT_REMOVEDIR, &su), VX_VFS_EBUSY);
    cr_expect_eq(vfs_op_rename(ns, root, "/tmp", root, "/tmp2", 0, &su), VX_VFS_EBUSY);
    mkdir_as(&su, "/e", 0755);
    cr_expect_eq(vfs_op_rename(ns, root, "/e", root, "/tmp", 0, &su), VX_VFS_EBUSY);
}

Test(vfs_path, rename_onto_itself_does_nothing)
{
    touch_as(&su, "/f");
    uint64_t ino = must_stat("/f").ino;
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/f", 0, &su), 0);
    cr_expect_eq(must_stat("/f").ino, ino);
    cr_assert_eq(vfs_op_link(ns, root, "/f", root, "/g", 0, &su), 0);
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/g", 0, &su), 0);
    cr_expect_eq(must_stat("/f").nlink, 2, "renaming onto another link of it keeps both");
}

Test(vfs_path, rename_of_a_directory_over_a_non_empty_one_is_enotempty)
{
    mkdir_as(&su, "/a", 0755);
    mkdir_as(&su, "/b", 0755);
    touch_as(&su, "/b/x");
    cr_expect_eq(vfs_op_rename(ns, root, "/a", root, "/b", 0, &su), VX_VFS_ENOTEMPTY);
    cr_assert_eq(vfs_op_unlink(ns, root, "/b/x", 0, &su), 0);
    cr_expect_eq(vfs_op_rename(ns, root, "/a", root, "/b", 0, &su), 0, "over an empty one: fine");
    struct vx_vfs_stat st;
    cr_expect_eq(stat_at("/a", 0, &st), VX_VFS_ENOENT);
}

Test(vfs_path, rename_of_a_directory_into_itself_is_einval)
{
    mkdir_as(&su, "/a", 0755);
    mkdir_as(&su, "/a/b", 0755);
    mkdir_as(&su, "/a/b/c", 0755);
    cr_expect_eq(vfs_op_rename(ns, root, "/a", root, "/a/b/c/d", 0, &su), VX_VFS_EINVAL);
    cr_expect_eq(vfs_op_rename(ns, root, "/a", root, "/a/x", 0, &su), VX_VFS_EINVAL);
    cr_expect_eq(vfs_op_rename(ns, root, "/a/b", root, "/a/b/c/d", 0, &su), VX_VFS_EINVAL);
    cr_expect_eq(vfs_op_rename(ns, root, "/a/b/c", root, "/c", 0, &su), 0, "moving out is fine");
    cr_expect_eq(must_stat("/c/..").ino, must_stat("/").ino, "its .. follows");
    cr_expect_eq(must_stat("/a/b").nlink, 2);
    cr_expect_eq(must_stat("/").nlink, 2 + 7, "., .. and the 7 subdirectories' ..");
}

Test(vfs_path, rename_of_a_file_over_a_directory_is_eisdir_and_back_enotdir)
{
    touch_as(&su, "/f");
    mkdir_as(&su, "/d", 0755);
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/d", 0, &su), VX_VFS_EISDIR);
    cr_expect_eq(vfs_op_rename(ns, root, "/d", root, "/f", 0, &su), VX_VFS_ENOTDIR);
    cr_expect_eq(vfs_op_rename(ns, root, "/f/", root, "/g", 0, &su), VX_VFS_ENOTDIR);
}

Test(vfs_path, rename_flags_noreplace_and_exchange)
{
    touch_as(&su, "/f");
    mkdir_as(&su, "/d", 0755);
    uint64_t f = must_stat("/f").ino, d = must_stat("/d").ino;
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/d", VX_VFS_RENAME_NOREPLACE, &su),
                 VX_VFS_EEXIST);
    cr_assert_eq(vfs_op_rename(ns, root, "/f", root, "/d", VX_VFS_RENAME_EXCHANGE, &su), 0);
    cr_expect_eq(must_stat("/d").ino, f);
    cr_expect_eq(must_stat("/f").ino, d);
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/nope", VX_VFS_RENAME_EXCHANGE, &su),
                 VX_VFS_ENOENT);
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/d", 3, &su), VX_VFS_EINVAL);
}

Test(vfs_path, rename_and_link_across_mounts_are_exdev)
{
    touch_as(&su, "/f");
    cr_expect_eq(vfs_op_rename(ns, root, "/f", root, "/tmp/f", 0, &su), VX_VFS_EXDEV);
    cr_expect_eq(vfs_op_link(ns, root, "/f", root, "/tmp/f", 0, &su), VX_VFS_EXDEV);
}

Test(vfs_path, a_user_needs_write_and_search_permission_on_the_directory)
{
    struct vfs_loc l;
    uint32_t rights;
    cr_expect_eq(vfs_op_mknod(ns, root, "/f", VX_VFS_S_IFREG | 0644, 0, &user), VX_VFS_EACCES,
                 "/ is root's, mode 0755");
    mkdir_as(&user, "/tmp/mine", 0700);
    touch_as(&user, "/tmp/mine/f");
    struct vx_vfs_stat st;
    cr_expect_eq(vfs_op_stat_at(ns, root, "/tmp/mine/f", 0, &other, &st), VX_VFS_EACCES,
                 "no search permission on /tmp/mine");
    cr_expect_eq(vfs_op_stat_at(ns, root, "/tmp/mine/f", 0, &su, &st), 0, "root may");
    cr_expect_eq(vfs_op_open(ns, root, "/root", VX_VFS_O_RDONLY, 0, &user, &l, &rights),
                 VX_VFS_EACCES);
    cr_expect_eq(vfs_op_access(ns, root, "/tmp/mine/f", VX_VFS_W_OK, 0, &user), 0);
    cr_expect_eq(vfs_op_access(ns, root, "/tmp/mine/f", VX_VFS_X_OK, 0, &user), VX_VFS_EACCES);
    cr_expect_eq(vfs_op_access(ns, root, "/tmp/mine/f", VX_VFS_X_OK, 0, &su), VX_VFS_EACCES,
                 "not even root runs a file with no x bit");
}

Test(vfs_path, the_sticky_bit_keeps_others_from_removing_a_file_in_tmp)
{
    touch_as(&user, "/tmp/f");
    cr_expect_eq(vfs_op_unlink(ns, root, "/tmp/f", 0, &other), VX_VFS_EPERM);
    cr_expect_eq(vfs_op_rename(ns, root, "/tmp/f", root, "/tmp/g", 0, &other), VX_VFS_EPERM);
    cr_expect_eq(vfs_op_unlink(ns, root, "/tmp/f", 0, &user), 0);
}

Test(vfs_path, setattr_checks_ownership)
{
    touch_as(&user, "/tmp/f");
    struct vfs_walk w;
    cr_assert_eq(vfs_resolve(ns, root, "/tmp/f", 0, &su, &w), 0);
    struct vfs_setattr mode = {.valid = VX_VFS_SET_MODE, .mode = 0600};
    cr_expect_eq(vfs_op_setattr(ns, w.node, &mode, &other, false, 0), VX_VFS_EPERM);
    cr_expect_eq(vfs_op_setattr(ns, w.node, &mode, &user, false, 0), 0);
    struct vfs_setattr chown = {.valid = VX_VFS_SET_UID, .uid = 2000};
    cr_expect_eq(vfs_op_setattr(ns, w.node, &chown, &user, false, 0), VX_VFS_EPERM);
    cr_expect_eq(vfs_op_setattr(ns, w.node, &chown, &su, false, 0), 0);
    struct vfs_setattr trunc = {.valid = VX_VFS_SET_SIZE, .size = 10};
    cr_expect_eq(vfs_op_setattr(ns, w.node, &trunc, &su, false, 0), VX_VFS_EINVAL,
                 "truncate needs a writable connection");
    struct vfs_setattr times = {.valid = VX_VFS_SET_ATIME | VX_VFS_SET_MTIME,
                                .atime = {.sec = 5, .nsec = VX_VFS_UTIME_OMIT},
                                .mtime = {.nsec = VX_VFS_UTIME_NOW}};
    cr_assert_eq(vfs_op_setattr(ns, w.node, &times, &su, false, 7000000001ll), 0);
    struct vx_vfs_stat st = must_stat("/tmp/f");
    cr_expect_eq(st.mtime.sec, 7);
    cr_expect_eq(st.mtime.nsec, 1);
    cr_expect_eq(st.atime.sec, 1700000000, "UTIME_OMIT leaves atime");
    cr_expect_eq(st.mode, VX_VFS_S_IFREG | 0600);
    cr_expect_eq(st.uid, 2000);
}
