/* expect-status: 0 */
/*
 * sig_sigchld - SIGCHLD: a SA_SIGINFO handler runs when a child exits, with si_signo SIGCHLD,
 * si_code CLD_EXITED, si_status the exit code and si_pid the child (compared, not printed);
 * for a child killed by a signal si_code is CLD_KILLED and si_status the signal. By default
 * SIGCHLD is ignored without reaping (the zombie is still there for waitpid). With SIGCHLD
 * set to SIG_IGN children are reaped by the kernel and waitpid fails with ECHILD. (SA_NOCLDWAIT
 * is left out: qemu-user drops the flag when it installs its own host handler.)
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "../linux/check.h"

static volatile sig_atomic_t chld_count, chld_code, chld_status;
static volatile pid_t chld_pid;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    if (sig == SIGCHLD && si->si_signo == SIGCHLD) {
        chld_count++;
        chld_code = si->si_code;
        chld_status = si->si_status;
        chld_pid = si->si_pid;
    }
}

static pid_t fork_flushed(void)
{
    fflush(stdout);
    return fork();
}

static void wait_for_signal(sigset_t *mask_during)
{
    while (chld_count == 0) {
        sigsuspend(mask_during);
    }
}

int main(void)
{
    sigset_t block, open_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    CHECK(sigprocmask(SIG_BLOCK, &block, &open_mask) == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);

    pid_t pid = fork_flushed();
    if (pid == 0) {
        _exit(42);
    }
    wait_for_signal(&open_mask);
    printf("exit: SIGCHLD %d time(s), %s, si_status %d, si_pid is the child: %s\n", (int)chld_count,
           chld_code == CLD_EXITED ? "CLD_EXITED" : "other code", (int)chld_status,
           chld_pid == pid ? "yes" : "no");
    CHECK(chld_count == 1 && chld_code == CLD_EXITED && chld_status == 42 && chld_pid == pid);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 42);

    chld_count = 0;
    pid = fork_flushed();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    CHECK(kill(pid, SIGKILL) == 0);
    wait_for_signal(&open_mask);
    printf("kill: %s, si_status %s\n", chld_code == CLD_KILLED ? "CLD_KILLED" : "other code",
           sigabbrev_np(chld_status));
    CHECK(chld_code == CLD_KILLED && chld_status == SIGKILL);
    CHECK(waitpid(pid, &status, 0) == pid);

    /* Default action: ignored, but the zombie stays. */
    CHECK(sigprocmask(SIG_SETMASK, &open_mask, NULL) == 0);
    signal(SIGCHLD, SIG_DFL);
    pid = fork_flushed();
    if (pid == 0) {
        _exit(3);
    }
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("SIG_DFL: the child is still there to reap, status %d\n", WEXITSTATUS(status));

    signal(SIGCHLD, SIG_IGN);
    pid = fork_flushed();
    if (pid == 0) {
        _exit(4);
    }
    errno = 0;
    pid_t w = waitpid(pid, &status, 0); /* blocks until the child is gone, then ECHILD */
    printf("SIG_IGN: waitpid %d %s\n", (int)w, w < 0 ? strerrorname_np(errno) : "reaped");
    CHECK(w == -1 && errno == ECHILD);

    return check_finish("sig_sigchld", 0);
}
