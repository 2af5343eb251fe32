/* expect-status: 0 */
/*
 * proc_fork_wait - fork and wait4: children exit with codes across 0..255 (exit(256) is 0,
 * exit(-1) is 255), wait4 on a given pid and on -1 with a struct rusage, WIFEXITED and
 * WEXITSTATUS, children killed by SIGKILL and SIGTERM (WIFSIGNALED, WTERMSIG), then ECHILD
 * once none are left, and EINVAL for unknown options.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "../linux/check.h"

/* No wait4 option has this bit. */
#define NOT_A_WAIT_OPTION 0x100

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

int main(void)
{
    static const int codes[] = {0, 1, 2, 42, 127, 128, 200, 254, 255, 256, 257, -1};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            exit(codes[i]);
        }
        CHECK(pid > 0);
        int status = -1;
        struct rusage ru;
        pid_t got = wait4(pid, &status, 0, &ru);
        CHECK(got == pid);
        CHECK(WIFEXITED(status));
        CHECK(!WIFSIGNALED(status));
        printf("exit(%d): WIFEXITED=%d WEXITSTATUS=%d\n", codes[i], WIFEXITED(status) ? 1 : 0,
               WEXITSTATUS(status));
        CHECK(WEXITSTATUS(status) == (codes[i] & 0xff));
    }

    /* Three children at once, reaped with wait4(-1): every one exactly once. */
    pid_t kids[3];
    int seen = 0;
    for (int i = 0; i < 3; i++) {
        kids[i] = fork_flushed();
        if (kids[i] == 0) {
            _exit(10 + i);
        }
    }
    for (int n = 0; n < 3; n++) {
        int status;
        pid_t got = wait4(-1, &status, 0, NULL);
        for (int i = 0; i < 3; i++) {
            if (got == kids[i]) {
                CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 10 + i);
                seen |= 1 << i;
            }
        }
    }
    printf("wait4(-1) reaped the three children: %s\n", seen == 7 ? "yes" : "no");
    CHECK(seen == 7);

    /* Killed by a signal: the child waits in pause() until the parent kills it. */
    static const int sigs[] = {SIGKILL, SIGTERM, SIGUSR1, SIGINT};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            for (;;) {
                pause();
            }
        }
        CHECK(kill(pid, sigs[i]) == 0);
        int status;
        CHECK(waitpid(pid, &status, 0) == pid);
        printf("killed by %s: WIFEXITED=%d WIFSIGNALED=%d WTERMSIG=%s\n", sigabbrev_np(sigs[i]),
               WIFEXITED(status) ? 1 : 0, WIFSIGNALED(status) ? 1 : 0,
               WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "-");
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]);
    }

    int status;
    CHECK_ERRNO(wait4(-1, &status, 0, NULL), ECHILD);
    CHECK_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD);
    CHECK_ERRNO(waitpid(-1, &status, NOT_A_WAIT_OPTION), EINVAL);
    return check_finish("proc_fork_wait", 0);
}
