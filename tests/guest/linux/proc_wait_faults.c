/* expect-status: 0 */
/*
 * proc_wait_faults - children that die of their own faults and signals, seen from wait4: a
 * null store (SIGSEGV), abort() (SIGABRT), an illegal instruction (SIGILL), raise(SIGTERM),
 * raise(SIGKILL), kill(getpid(), SIGUSR2). RLIMIT_CORE is 0 so that nothing dumps core, and
 * WCOREDUMP is not printed (it depends on the host's core settings).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "../linux/check.h"

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

static void die(int how)
{
    switch (how) {
    case 0:
        *(volatile int *)0 = 1;
        break;
    case 1:
        abort();
    case 2:
        __asm__ volatile(".word 0" ::: "memory"); /* the all-zero word is illegal */
        break;
    case 3:
        raise(SIGTERM);
        break;
    case 4:
        raise(SIGKILL);
        break;
    case 5:
        kill(getpid(), SIGUSR2);
        break;
    }
    _exit(0);
}

int main(void)
{
    struct rlimit no_core = {0, 0};
    CHECK(setrlimit(RLIMIT_CORE, &no_core) == 0);
    static const char *what[] = {"null store",     "abort()",        "illegal instruction",
                                 "raise(SIGTERM)", "raise(SIGKILL)", "kill(self, SIGUSR2)"};
    static const int want[] = {SIGSEGV, SIGABRT, SIGILL, SIGTERM, SIGKILL, SIGUSR2};
    for (int i = 0; i < 6; i++) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            die(i);
        }
        int status;
        CHECK(wait4(pid, &status, 0, NULL) == pid);
        printf("%s: WIFSIGNALED=%d WTERMSIG=%s\n", what[i], WIFSIGNALED(status) ? 1 : 0,
               WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "-");
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == want[i]);
    }
    return check_finish("proc_wait_faults", 0);
}
