/* expect-status: 0 */
/*
 * file_readdir - directory listings: readdir (getdents64 underneath) of a directory with
 * files, a subdirectory and a symlink lists every name once, with "." and ".."; names are
 * sorted before printing, with their d_type. An empty directory lists only "." and "..".
 * getdents64 directly: a buffer too small for one entry (EINVAL), a file (ENOTDIR), a closed
 * fd (EBADF), a bad buffer (EFAULT); at the end it returns 0. rewinddir lists again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define CLOSED_FD 99

#include "../linux/tmpdir.h"

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *dtype(unsigned char t)
{
    switch (t) {
    case DT_REG:
        return "reg";
    case DT_DIR:
        return "dir";
    case DT_LNK:
        return "lnk";
    case DT_FIFO:
        return "fifo";
    case DT_UNKNOWN:
        return "unknown";
    }
    return "other";
}

static void list(const char *path)
{
    DIR *d = opendir(path);
    CHECK(d != NULL);
    if (d == NULL) {
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        names[n] = malloc(300);
        snprintf(names[n], 300, "%s (%s)", e->d_name, dtype(e->d_type));
        n++;
    }
    CHECK(readdir(d) == NULL);
    rewinddir(d);
    int again = 0;
    while (readdir(d) != NULL) {
        again++;
    }
    CHECK(again == n);
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), cmp);
    printf("%s: %d entries:", path, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    enter_tmpdir();
    CHECK(mkdir("d", 0755) == 0);
    static const char *files[] = {
        "d/zeta", "d/alpha", "d/Mixed.Case", "d/with space",
        "d/a-very-long-file-name-of-sixty-four-characters-for-the-record!"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        int fd = open(files[i], O_WRONLY | O_CREAT, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK(mkdir("d/sub", 0755) == 0);
    CHECK(symlink("alpha", "d/link") == 0);
    CHECK(mkfifo("d/fifo", 0644) == 0);
    CHECK(mkdir("empty", 0755) == 0);
    list("d");
    list("empty");
    CHECK(unlink("d/zeta") == 0);
    list("d");

    /* Many entries: more than one getdents64 buffer's worth. */
    CHECK(mkdir("many", 0755) == 0);
    for (int i = 0; i < 300; i++) {
        char name[64];
        snprintf(name, sizeof(name), "many/entry-number-%03d", i);
        int fd = open(name, O_WRONLY | O_CREAT, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir("many");
    int count = 0, sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        count++;
        int k;
        if (sscanf(e->d_name, "entry-number-%d", &k) == 1) {
            sum += k;
        }
    }
    closedir(d);
    printf("many: %d entries, numbers sum to %d\n", count, sum);
    CHECK(count == 302 && sum == 300 * 299 / 2);

    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    char buf[4096];
    CHECK_ERRNO(syscall(SYS_getdents64, dfd, buf, 8), EINVAL);
    /* qemu-user reads the entries before it finds the buffer bad, and they are lost; so the
     * EFAULT check gets an fd of its own. */
    int efd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO(syscall(SYS_getdents64, efd, (void *)1, sizeof(buf)), EFAULT);
    close(efd);
    long total = 0, r;
    while ((r = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
        total += r;
    }
    printf("getdents64 until the end: last call returned %ld, some bytes before: %s\n", r,
           total > 0 ? "yes" : "no");
    close(dfd);
    int fd = open("d/alpha", O_RDONLY);
    CHECK_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
    close(fd);
    CHECK_ERRNO(syscall(SYS_getdents64, CLOSED_FD, buf, sizeof(buf)), EBADF);
    CHECK(opendir("missing") == NULL && errno == ENOENT);
    CHECK(opendir("d/alpha") == NULL && errno == ENOTDIR);
    leave_tmpdir();
    return check_finish("file_readdir", 0);
}
