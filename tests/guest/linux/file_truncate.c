/* expect-status: 0 */
/*
 * file_truncate - ftruncate and truncate: shrinking drops the tail, growing adds zeros, the
 * file offset is not moved (a write after a shrink past the end leaves a hole). Errors:
 * ftruncate of a file opened read-only (EINVAL) and of a pipe (EINVAL), a negative length
 * (EINVAL), truncate of a directory (EISDIR), of a missing file (ENOENT), through a file
 * (ENOTDIR), a closed fd (EBADF).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#define CLOSED_FD 99

/* The test's own directory: /tmp/vxtXXXXXX, made by mkdtemp, the cwd while the test runs,
 * removed at the end. Names are printed relative to it. */
static char tmpdir[] = "/tmp/vxtXXXXXX";

static void enter_tmpdir(void)
{
    if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) != 0) {
        printf("cannot make a directory under /tmp: %s\n", strerrorname_np(errno));
        exit(98);
    }
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char sub[4096];
                snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        chmod(path, 0700);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void leave_tmpdir(void)
{
    CHECK(chdir("/") == 0);
    remove_tree(tmpdir);
    CHECK(access(tmpdir, F_OK) != 0);
}

static long long size_of(const char *name)
{
    struct stat st;
    return stat(name, &st) == 0 ? (long long)st.st_size : -1;
}

static void dump(int fd)
{
    unsigned char buf[64];
    ssize_t n = pread(fd, buf, sizeof(buf), 0);
    printf("  %zd bytes:", n);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z') {
            printf("%c", buf[i]);
        } else {
            printf("<%02x>", buf[i]);
        }
    }
    printf("\n");
}

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(write(fd, "abcdefghijklmnop", 16) == 16);
    CHECK(ftruncate(fd, 5) == 0);
    printf("ftruncate 5: size %lld, offset %lld\n", size_of("f"),
           (long long)lseek(fd, 0, SEEK_CUR));
    dump(fd);
    CHECK(ftruncate(fd, 9) == 0);
    printf("ftruncate 9:\n");
    dump(fd);
    CHECK(write(fd, "xy", 2) == 2); /* at offset 16 */
    printf("write at the old offset 16:\n");
    dump(fd);
    CHECK(truncate("f", 3) == 0);
    printf("truncate 3: size %lld\n", size_of("f"));
    dump(fd);
    CHECK(truncate("f", 0) == 0);
    printf("truncate 0: size %lld\n", size_of("f"));
    CHECK(ftruncate(fd, 100000) == 0);
    unsigned char big[100000];
    CHECK(pread(fd, big, sizeof(big), 0) == (ssize_t)sizeof(big));
    printf("ftruncate 100000: size %lld, nonzero bytes %zu\n", size_of("f"),
           bytes_not(big, sizeof(big), 0));
    close(fd);

    fd = open("f", O_RDONLY);
    CHECK_ERRNO(ftruncate(fd, 0), EINVAL);
    close(fd);
    fd = open("f", O_RDWR);
    CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
    close(fd);
    CHECK_ERRNO(truncate("f", -1), EINVAL);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK_ERRNO(ftruncate(p[1], 0), EINVAL);
    close(p[0]);
    close(p[1]);
    CHECK(mkdir("d", 0755) == 0);
    CHECK_ERRNO(truncate("d", 0), EISDIR);
    CHECK_ERRNO(truncate("missing", 0), ENOENT);
    CHECK_ERRNO(truncate("f/x", 0), ENOTDIR);
    CHECK_ERRNO(ftruncate(CLOSED_FD, 0), EBADF);
    printf("size after the failed calls: %lld\n", size_of("f"));
    leave_tmpdir();
    return check_finish("file_truncate", 0);
}
