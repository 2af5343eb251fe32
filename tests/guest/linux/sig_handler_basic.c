/* expect-status: 0 */
/*
 * sig_handler_basic - sigaction with SA_SIGINFO: the handler runs on raise() (si_code
 * SI_TKILL) and on kill(getpid()) (SI_USER, si_pid is getpid()), with si_signo set; the old
 * action comes back from sigaction; SA_RESETHAND runs the handler once and restores the
 * default; the signal is blocked while its handler runs unless SA_NODEFER; a plain
 * signal() handler works. kill(pid, 0) probes. Errors: sigaction of SIGKILL and SIGSTOP
 * and of signal 0 or 65 (EINVAL), kill with signal 65 (EINVAL), kill of a missing pid (ESRCH).
 */
#include <signal.h>

#include "../linux/check.h"

#define NO_SUCH_PID 0x3ffffff0

static volatile sig_atomic_t count, last_signo, last_code, pid_ok, nested_blocked;

static void on_info(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    count++;
    last_signo = si->si_signo == sig ? sig : -1;
    last_code = si->si_code;
    pid_ok = si->si_pid == getpid();
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    nested_blocked = sigismember(&now, sig);
}

static void on_plain(int sig)
{
    count += sig == SIGUSR2 ? 10 : 1000;
}

static const char *code_name(int code)
{
    return code == SI_USER    ? "SI_USER"
           : code == SI_TKILL ? "SI_TKILL"
           : code == SI_QUEUE ? "SI_QUEUE"
                              : "other";
}

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    CHECK(raise(SIGUSR1) == 0);
    printf("raise: handler ran %d time(s), si_signo %s, si_code %s, si_pid is getpid(): %s, "
           "signal blocked inside: %s\n",
           (int)count, last_signo > 0 ? sigabbrev_np(last_signo) : "wrong", code_name(last_code),
           pid_ok ? "yes" : "no", nested_blocked ? "yes" : "no");
    CHECK(count == 1 && last_signo == SIGUSR1 && last_code == SI_TKILL && nested_blocked);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    printf("kill(getpid()): handler ran %d time(s), si_code %s, si_pid is getpid(): %s\n",
           (int)count, code_name(last_code), pid_ok ? "yes" : "no");
    CHECK(count == 2 && last_code == SI_USER && pid_ok);
    union sigval v = {.sival_int = 7};
    CHECK(sigqueue(getpid(), SIGUSR1, v) == 0);
    printf("sigqueue: si_code %s\n", code_name(last_code));

    CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
    printf("sigaction returns the installed action: %s\n",
           old.sa_sigaction == on_info && (old.sa_flags & SA_SIGINFO) ? "yes" : "no");

    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    CHECK(raise(SIGUSR1) == 0);
    printf("SA_NODEFER: blocked inside the handler: %s\n", nested_blocked ? "yes" : "no");
    CHECK(!nested_blocked);

    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    count = 0;
    CHECK(raise(SIGUSR1) == 0);
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
    printf("SA_RESETHAND: ran %d time(s), action afterwards is SIG_DFL: %s\n", (int)count,
           old.sa_handler == SIG_DFL ? "yes" : "no");
    CHECK(count == 1 && old.sa_handler == SIG_DFL);

    count = 0;
    CHECK(signal(SIGUSR2, on_plain) != SIG_ERR);
    raise(SIGUSR2);
    kill(getpid(), SIGUSR2);
    printf("signal(): handler ran %d time(s)\n", (int)count / 10);
    CHECK(count == 20);
    CHECK(signal(SIGUSR2, SIG_IGN) == on_plain);
    raise(SIGUSR2);
    printf("SIG_IGN: still running, count %d\n", (int)count / 10);

    printf("kill(getpid(), 0): %d\n", kill(getpid(), 0));
    CHECK_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(65, &sa, NULL), EINVAL);
    CHECK_ERRNO(kill(getpid(), 65), EINVAL);
    CHECK_ERRNO(kill(NO_SUCH_PID, SIGUSR1), ESRCH);
    CHECK_ERRNO(kill(NO_SUCH_PID, 0), ESRCH);
    return check_finish("sig_handler_basic", 0);
}
