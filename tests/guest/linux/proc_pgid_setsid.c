/* expect-status: 0 */
/*
 * proc_pgid_setsid - process ids seen from a child: getppid() in the child is the parent's
 * getpid(), the child's pid differs from the parent's. setpgid(0, 0) makes the child a group
 * leader (getpgid(0) == getpid()); the parent sees it too. setsid() in a child that is not a
 * group leader makes a session (getsid(0) == getpid() == getpgid(0)); a second setsid() is
 * EPERM. Errors: ESRCH for a pid that does not exist, EINVAL for a negative pgid. Only the
 * comparisons are printed, never an id.
 */
#include <sys/wait.h>

#include "../linux/check.h"

/* Above any pid_max (4194304 at most). */
#define NO_SUCH_PID 0x3ffffff0

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

static int wait_code(pid_t pid)
{
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

int main(void)
{
    pid_t parent = getpid();
    CHECK(getpgid(0) == getpgrp());

    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child: getppid() == parent's getpid(): %s\n", getppid() == parent ? "yes" : "no");
        printf("child: getpid() != parent's getpid(): %s\n", getpid() != parent ? "yes" : "no");
        printf("child: inherits the parent's group: %s\n",
               getpgid(0) == getpgid(parent) ? "yes" : "no");
        fflush(stdout);
        _exit(getppid() == parent ? 0 : 1);
    }
    CHECK(wait_code(pid) == 0);

    /* setpgid in the child; the parent waits for its go before looking. */
    int p2c[2], c2p[2];
    CHECK(pipe(p2c) == 0 && pipe(c2p) == 0);
    pid = fork_flushed();
    if (pid == 0) {
        char c;
        int ok = setpgid(0, 0) == 0 && getpgid(0) == getpid() && getpgrp() == getpid();
        ok = ok && write(c2p[1], "r", 1) == 1 && read(p2c[0], &c, 1) == 1;
        _exit(ok ? 0 : 1);
    }
    char c;
    CHECK(read(c2p[0], &c, 1) == 1);
    printf("parent: the child leads its own group: %s\n", getpgid(pid) == pid ? "yes" : "no");
    CHECK(getpgid(pid) == pid);
    CHECK(getpgid(0) != pid);
    CHECK(write(p2c[1], "g", 1) == 1);
    CHECK(wait_code(pid) == 0);

    /* The parent moves a child into a new group itself. */
    pid = fork_flushed();
    if (pid == 0) {
        _exit(read(p2c[0], &c, 1) == 1 ? 0 : 1);
    }
    CHECK(setpgid(pid, pid) == 0);
    printf("parent: setpgid(child, child) then getpgid(child) == child: %s\n",
           getpgid(pid) == pid ? "yes" : "no");
    CHECK(write(p2c[1], "g", 1) == 1);
    CHECK(wait_code(pid) == 0);

    pid = fork_flushed();
    if (pid == 0) {
        pid_t sid = setsid();
        int ok = sid == getpid() && getsid(0) == getpid() && getpgid(0) == getpid();
        errno = 0;
        int again = setsid();
        int eperm = again == -1 && errno == EPERM;
        printf("child: setsid() made a session led by itself: %s; second setsid: %s\n",
               ok ? "yes" : "no", eperm ? "EPERM" : "not EPERM");
        fflush(stdout);
        _exit(ok && eperm ? 0 : 1);
    }
    CHECK(wait_code(pid) == 0);
    printf("parent: its own session unchanged: %s\n", getsid(0) != pid ? "yes" : "no");

    CHECK_ERRNO(getpgid(NO_SUCH_PID), ESRCH);
    CHECK_ERRNO(getsid(NO_SUCH_PID), ESRCH);
    CHECK_ERRNO(setpgid(NO_SUCH_PID, 0), ESRCH);
    CHECK_ERRNO(setpgid(0, -1), EINVAL);
    return check_finish("proc_pgid_setsid", 0);
}
