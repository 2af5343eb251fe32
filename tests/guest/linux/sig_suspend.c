/* expect-status: 0 */
/*
 * sig_suspend - sigsuspend swaps in a mask for the wait and puts the old one back: with
 * SIGUSR1 blocked and pending, sigsuspend with an empty mask runs the handler at once and
 * returns -1 with EINTR, and SIGUSR1 is blocked again afterwards. A child sends SIGUSR2 to
 * the parent waiting in sigsuspend; pause() returns EINTR after a handled SIGALRM;
 * sigwaitinfo takes a blocked pending signal without running its handler; sigtimedwait with
 * a short timeout and nothing pending is EAGAIN.
 */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "../linux/check.h"

static volatile sig_atomic_t got;

static void on_sig(int sig)
{
    got = sig;
}

int main(void)
{
    signal(SIGUSR1, on_sig);
    signal(SIGUSR2, on_sig);
    signal(SIGALRM, on_sig);
    sigset_t block, empty, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigemptyset(&empty);
    CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
    raise(SIGUSR1);
    CHECK(got == 0);
    errno = 0;
    int r = sigsuspend(&empty);
    printf("sigsuspend with SIGUSR1 pending: %d %s, handler got %s\n", r, strerrorname_np(errno),
           got ? sigabbrev_np(got) : "nothing");
    CHECK(r == -1 && errno == EINTR && got == SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
    printf("SIGUSR1 blocked again after sigsuspend: %s\n",
           sigismember(&now, SIGUSR1) ? "yes" : "no");
    CHECK(sigismember(&now, SIGUSR1));

    got = 0;
    pid_t parent = getpid();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(kill(parent, SIGUSR2) == 0 ? 0 : 1);
    }
    sigset_t only_usr2_open = block;
    sigdelset(&only_usr2_open, SIGUSR2);
    sigaddset(&only_usr2_open, SIGCHLD);
    while (got != SIGUSR2) {
        sigsuspend(&only_usr2_open);
    }
    printf("SIGUSR2 from a child woke sigsuspend\n");
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    got = 0;
    struct itimerval it = {{0, 0}, {0, 20000}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    errno = 0;
    r = pause();
    printf("pause: %d %s after %s\n", r, strerrorname_np(errno),
           got ? sigabbrev_np(got) : "nothing");
    CHECK(r == -1 && errno == EINTR && got == SIGALRM);

    got = 0;
    raise(SIGUSR2);
    siginfo_t si;
    r = sigwaitinfo(&block, &si);
    printf("sigwaitinfo: %s, si_signo %s, handler ran: %s\n", r > 0 ? sigabbrev_np(r) : "error",
           sigabbrev_np(si.si_signo), got ? "yes" : "no");
    CHECK(r == SIGUSR2 && si.si_signo == SIGUSR2 && got == 0);
    struct timespec ts = {0, 10 * 1000 * 1000};
    CHECK_ERRNO(sigtimedwait(&block, &si, &ts), EAGAIN);
    return check_finish("sig_suspend", 0);
}
