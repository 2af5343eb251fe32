/* expect-status: 0 */
/*
 * proc_vfork - vfork: the parent resumes after the child's _exit, with the child's status;
 * a child whose execve fails reports it with _exit(127). (Whether the child borrows the
 * parent's memory is not checked: qemu-user implements vfork as fork.)
 */
#include <sys/wait.h>

#include "../linux/check.h"

int main(void)
{
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        _exit(7);
    }
    CHECK(pid > 0);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("vfork child _exit(7): WIFEXITED=%d WEXITSTATUS=%d\n", WIFEXITED(status) ? 1 : 0,
           WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *argv[] = {"/nonexistent/vx-program", NULL};
        char *envp[] = {NULL};
        execve(argv[0], argv, envp);
        _exit(errno == ENOENT ? 127 : 126);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("vfork child with a failed execve: WEXITSTATUS=%d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 127);

    /* Several in a row, each reaped. */
    int sum = 0;
    for (int i = 1; i <= 5; i++) {
        fflush(stdout);
        pid = vfork();
        if (pid == 0) {
            _exit(i * 3);
        }
        CHECK(waitpid(pid, &status, 0) == pid);
        sum += WEXITSTATUS(status);
    }
    printf("five vfork children: statuses sum to %d\n", sum);
    CHECK(sum == 45);
    CHECK_ERRNO(waitpid(-1, &status, 0), ECHILD);
    return check_finish("proc_vfork", 0);
}
