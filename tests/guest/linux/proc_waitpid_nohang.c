/* expect-status: 0 */
/*
 * proc_waitpid_nohang - waitpid(WNOHANG) answers 0 while the child runs (it blocks reading a
 * pipe), then the parent lets it go and a blocking waitpid reaps it. waitid(P_PID, WEXITED)
 * fills a siginfo (CLD_EXITED, si_status); WNOWAIT leaves the child to be reaped again.
 * ECHILD for a pid that is not a child and once there are no children; EINVAL for waitid
 * without WEXITED/WSTOPPED/WCONTINUED.
 */
#include <signal.h>
#include <sys/wait.h>

#include "../linux/check.h"

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

/* A child that exits with `code` once a byte arrives on fds[0]. */
static pid_t blocked_child(int fds[2], int code)
{
    CHECK(pipe(fds) == 0);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        close(fds[1]);
        char c;
        ssize_t r = read(fds[0], &c, 1);
        _exit(r == 1 ? code : 1);
    }
    close(fds[0]);
    return pid;
}

int main(void)
{
    int fds[2];
    int status = -1;
    pid_t pid = blocked_child(fds, 21);
    pid_t r = waitpid(pid, &status, WNOHANG);
    printf("waitpid(WNOHANG) on a running child: %d\n", (int)r);
    CHECK(r == 0);
    CHECK(waitpid(-1, &status, WNOHANG) == 0);
    CHECK(write(fds[1], "x", 1) == 1);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("after the go: WEXITSTATUS=%d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 21);
    close(fds[1]);

    /* waitid with WNOWAIT, then for real. */
    pid = blocked_child(fds, 22);
    CHECK(write(fds[1], "x", 1) == 1);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0);
    printf("waitid WNOWAIT: si_signo=%s si_code=%s si_status=%d si_pid matches=%s\n",
           sigabbrev_np(si.si_signo), si.si_code == CLD_EXITED ? "CLD_EXITED" : "other",
           si.si_status, si.si_pid == pid ? "yes" : "no");
    CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 22);
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
    printf("waitid again: si_status=%d si_pid matches=%s\n", si.si_status,
           si.si_pid == pid ? "yes" : "no");
    CHECK(si.si_pid == pid && si.si_status == 22);
    close(fds[1]);

    /* WNOHANG with nothing to report: waitid leaves si_pid 0. */
    pid = blocked_child(fds, 23);
    memset(&si, 0xff, sizeof(si));
    CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) == 0);
    printf("waitid WNOHANG on a running child: si_pid=%d\n", (int)si.si_pid);
    CHECK(si.si_pid == 0);
    close(fds[1]); /* EOF: the child's read gives 0, it exits 1 */
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("child after EOF: WEXITSTATUS=%d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);

    CHECK_ERRNO(waitpid(1, &status, WNOHANG), ECHILD);
    CHECK_ERRNO(waitpid(pid, &status, 0), ECHILD);
    CHECK_ERRNO(waitpid(-1, &status, 0), ECHILD);
    CHECK_ERRNO(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
    CHECK_ERRNO(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
    return check_finish("proc_waitpid_nohang", 0);
}
