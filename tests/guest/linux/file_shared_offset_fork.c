/* expect-status: 0 */
/*
 * file_shared_offset_fork - an open file description is shared across fork: the child's
 * writes and seeks move the offset the parent sees, and the parent's writes continue after
 * the child's. A second open() of the same file has an offset of its own. Closing the fd in
 * the child leaves the parent's open. Everything is ordered by waitpid, so the file's
 * contents are fixed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../linux/check.h"

#include "../linux/tmpdir.h"

static int run_child(int fd, int what)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int ok = 1;
        if (what == 0) {
            ok = write(fd, "child ", 6) == 6;
        } else if (what == 1) {
            ok = lseek(fd, 2, SEEK_SET) == 2;
        } else {
            ok = close(fd) == 0;
        }
        _exit(ok ? 0 : 1);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(write(fd, "parent ", 7) == 7);
    CHECK(run_child(fd, 0));
    printf("offset after the child wrote 6: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    CHECK(write(fd, "again", 5) == 5);
    CHECK(run_child(fd, 1));
    printf("offset after the child seeked to 2: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    CHECK(write(fd, "R", 1) == 1);
    CHECK(run_child(fd, 2));
    CHECK(write(fd, "S", 1) == 1);
    printf("parent's fd still works after the child closed its copy\n");

    int other = open("f", O_RDONLY);
    char buf[64] = {0};
    ssize_t n = read(other, buf, sizeof(buf) - 1);
    printf("a second open reads from 0: %zd '%s'\n", n, buf);
    printf("offsets: shared %lld, second %lld\n", (long long)lseek(fd, 0, SEEK_CUR),
           (long long)lseek(other, 0, SEEK_CUR));
    CHECK(n == 18 && strcmp(buf, "paRSnt child again") == 0);
    close(other);
    close(fd);
    leave_tmpdir();
    return check_finish("file_shared_offset_fork", 0);
}
