/* expect-status: 0 */
/*
 * file_cloexec_exec - FD_CLOEXEC across execve: the program opens two fds on a file, one with
 * O_CLOEXEC and one without, plus a third that gets FD_CLOEXEC later through F_SETFD and a
 * fourth whose flag is cleared again; it execs itself (path from /proc/self/exe) passing the
 * fd numbers. The new image finds the fds without the flag open (reading the file through
 * them, at the shared offset) and the others closed (EBADF). staged: needs-exec.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../linux/check.h"

#include "../linux/tmpdir.h"

static int image(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        int fd = atoi(argv[i]);
        char buf[8] = {0};
        errno = 0;
        ssize_t n = read(fd, buf, 3);
        printf("new image: fd %d (%s): %s", fd, i % 2 == 0 ? "kept" : "close-on-exec",
               n >= 0 ? "open" : strerrorname_np(errno));
        if (n >= 0) {
            printf(", read '%s'", buf);
        }
        printf("\n");
        CHECK(i % 2 == 0 ? n == 3 : n == -1 && errno == EBADF);
    }
    return check_finish("file_cloexec_exec (new image)", 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--image") == 0) {
        return image(argc, argv);
    }
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    CHECK(len > 0);
    self[len > 0 ? len : 0] = '\0';
    enter_tmpdir();
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    CHECK(write(fd, "abcdefghijkl", 12) == 12);
    close(fd);
    int keep1 = open("f", O_RDONLY);
    int gone1 = open("f", O_RDONLY | O_CLOEXEC);
    int keep2 = open("f", O_RDONLY | O_CLOEXEC);
    int gone2 = open("f", O_RDONLY);
    CHECK(fcntl(keep2, F_SETFD, 0) == 0);
    CHECK(fcntl(gone2, F_SETFD, FD_CLOEXEC) == 0);
    CHECK(lseek(keep2, 6, SEEK_SET) == 6);
    char a[4][12];
    snprintf(a[0], sizeof(a[0]), "%d", keep1);
    snprintf(a[1], sizeof(a[1]), "%d", gone1);
    snprintf(a[2], sizeof(a[2]), "%d", keep2);
    snprintf(a[3], sizeof(a[3]), "%d", gone2);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *cargv[] = {"image", "--image", a[0], a[1], a[2], a[3], NULL};
        char *cenv[] = {NULL};
        execve(self, cargv, cenv);
        _exit(127);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("new image exited %d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the parent's fds are all still open: %s\n",
           fcntl(keep1, F_GETFD) >= 0 && fcntl(gone1, F_GETFD) >= 0 && fcntl(gone2, F_GETFD) >= 0
               ? "yes"
               : "no");
    printf("shared offset of the kept fd moved by the child's read: %lld\n",
           (long long)lseek(keep1, 0, SEEK_CUR));
    close(keep1);
    close(gone1);
    close(keep2);
    close(gone2);
    leave_tmpdir();
    return check_finish("file_cloexec_exec", 0);
}
