/* expect-status: 0 */
/*
 * file_symlink - symlink, symlinkat, readlink, readlinkat: the target comes back byte for byte
 * without a NUL (a short buffer truncates, returning its size), relative targets resolve from
 * the link's directory, a dangling link opens with ENOENT but O_CREAT through it creates the
 * target, O_NOFOLLOW on a link is ELOOP, a link loop (a -> b -> a, and a self-link) is ELOOP,
 * a 41-link chain is ELOOP while a 10-link chain works. Errors: readlink of a non-link
 * (EINVAL), EEXIST, ENOENT, an empty target (ENOENT).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#include "../linux/tmpdir.h"

static void show_link(int dirfd, const char *name)
{
    char buf[128];
    memset(buf, '#', sizeof(buf));
    ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf));
    printf("readlink %s: %zd '%.*s', byte after it untouched: %s\n", name, n, (int)(n > 0 ? n : 0),
           buf, n >= 0 && buf[n] == '#' ? "yes" : "no");
}

int main(void)
{
    enter_tmpdir();
    CHECK(mkdir("dir", 0755) == 0);
    int fd = open("dir/target", O_WRONLY | O_CREAT, 0644);
    CHECK(write(fd, "payload", 7) == 7);
    close(fd);
    CHECK(symlink("dir/target", "abs-ish") == 0);
    int dir = open("dir", O_RDONLY | O_DIRECTORY);
    CHECK(symlinkat("target", dir, "rel") == 0);
    CHECK(symlink("../dir/./target", "dir/updown") == 0);
    show_link(AT_FDCWD, "abs-ish");
    show_link(dir, "rel");
    show_link(AT_FDCWD, "dir/updown");
    char small[4];
    ssize_t n = readlink("abs-ish", small, sizeof(small));
    printf("readlink into 4 bytes: %zd '%.4s'\n", n, small);

    const char *via[] = {"abs-ish", "dir/rel", "dir/updown"};
    for (int i = 0; i < 3; i++) {
        char buf[16] = {0};
        fd = open(via[i], O_RDONLY);
        CHECK(fd >= 0 && read(fd, buf, sizeof(buf) - 1) == 7);
        close(fd);
        printf("open via %s: '%s'\n", via[i], buf);
    }

    CHECK(symlink("nowhere", "dangling") == 0);
    CHECK_ERRNO(open("dangling", O_RDONLY), ENOENT);
    fd = open("dangling", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    close(fd);
    struct stat st;
    printf("O_CREAT through a dangling link made its target: %s\n",
           lstat("nowhere", &st) == 0 && S_ISREG(st.st_mode) ? "yes" : "no");
    CHECK_ERRNO(open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);

    CHECK_ERRNO(open("abs-ish", O_RDONLY | O_NOFOLLOW), ELOOP);
    fd = open("abs-ish", O_RDONLY | O_NOFOLLOW | O_PATH);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode));
    close(fd);
    printf("O_PATH | O_NOFOLLOW opens the link itself\n");
    CHECK(symlink("loop-b", "loop-a") == 0 && symlink("loop-a", "loop-b") == 0);
    CHECK(symlink("self", "self") == 0);
    CHECK_ERRNO(open("loop-a", O_RDONLY), ELOOP);
    CHECK_ERRNO(stat("self", &st), ELOOP);
    CHECK_ERRNO(open("loop-a/x", O_RDONLY), ELOOP);

    /* Chains: chain-0 -> dir/target, chain-N -> chain-(N-1). */
    char name[32], prev[32];
    CHECK(symlink("dir/target", "chain-0") == 0);
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof(name), "chain-%d", i);
        snprintf(prev, sizeof(prev), "chain-%d", i - 1);
        CHECK(symlink(prev, name) == 0);
    }
    printf("a chain of 10 links: %s\n",
           stat("chain-9", &st) == 0 ? "resolves" : strerrorname_np(errno));
    CHECK_ERRNO(stat("chain-41", &st), ELOOP);

    CHECK_ERRNO(readlink("dir/target", small, sizeof(small)), EINVAL);
    CHECK_ERRNO(readlink("dir", small, sizeof(small)), EINVAL);
    CHECK_ERRNO(readlink("missing", small, sizeof(small)), ENOENT);
    CHECK_ERRNO(readlink("abs-ish", small, 0), EINVAL);
    CHECK_ERRNO(symlink("x", "abs-ish"), EEXIST);
    CHECK_ERRNO(symlink("x", "nodir/l"), ENOENT);
    CHECK_ERRNO(symlink("", "empty"), ENOENT);
    close(dir);
    leave_tmpdir();
    return check_finish("file_symlink", 0);
}
