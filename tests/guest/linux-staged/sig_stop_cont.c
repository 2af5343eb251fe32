/* expect-status: 0 */
/*
 * sig_stop_cont - job control of a child: SIGSTOP stops it (waitpid with WUNTRACED reports
 * WIFSTOPPED, WSTOPSIG SIGSTOP), SIGCONT resumes it (WCONTINUED reports WIFCONTINUED), waitid
 * with WSTOPPED gives CLD_STOPPED; a stopped child does not run its SIGTERM handler until
 * continued; kill(child, SIGTERM) then gives WIFSIGNALED/WTERMSIG SIGTERM for a child with the
 * default action and exit 3 for one whose handler calls _exit(3). Without WUNTRACED a stop is
 * not reported (WNOHANG answers 0).
 */
#include <signal.h>
#include <sys/wait.h>

#include "../linux/check.h"

static void on_term(int sig)
{
    (void)sig;
    _exit(3);
}

static pid_t spawn(int with_handler, int ready[2])
{
    CHECK(pipe(ready) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (with_handler) {
            signal(SIGTERM, on_term);
        }
        (void)!write(ready[1], "r", 1);
        for (;;) {
            pause();
        }
    }
    char c;
    CHECK(read(ready[0], &c, 1) == 1);
    close(ready[0]);
    close(ready[1]);
    return pid;
}

int main(void)
{
    int ready[2], status;
    pid_t pid = spawn(1, ready);
    CHECK(kill(pid, SIGSTOP) == 0);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid);
    printf("SIGSTOP: WIFSTOPPED=%d WSTOPSIG=%s\n", WIFSTOPPED(status) ? 1 : 0,
           WIFSTOPPED(status) ? sigabbrev_np(WSTOPSIG(status)) : "-");
    CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
    CHECK(waitpid(pid, &status, WNOHANG | WUNTRACED) == 0); /* reported once */
    CHECK(kill(pid, SIGTERM) == 0);                         /* stays pending while stopped */
    CHECK(waitpid(pid, &status, WNOHANG) == 0);
    printf("SIGTERM to the stopped child: still there: yes\n");
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("after SIGCONT the handler ran: WIFEXITED=%d WEXITSTATUS=%d\n",
           WIFEXITED(status) ? 1 : 0, WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);

    pid = spawn(0, ready);
    CHECK(kill(pid, SIGSTOP) == 0);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, (id_t)pid, &si, WSTOPPED) == 0);
    printf("waitid WSTOPPED: %s, si_status %s\n",
           si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "other", sigabbrev_np(si.si_status));
    CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGSTOP);
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(waitpid(pid, &status, WCONTINUED) == pid);
    printf("SIGCONT: WIFCONTINUED=%d\n", WIFCONTINUED(status) ? 1 : 0);
    CHECK(WIFCONTINUED(status));
    CHECK(kill(pid, SIGTSTP) == 0);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid);
    printf("SIGTSTP: WIFSTOPPED=%d WSTOPSIG=%s\n", WIFSTOPPED(status) ? 1 : 0,
           WIFSTOPPED(status) ? sigabbrev_np(WSTOPSIG(status)) : "-");
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
    CHECK(kill(pid, SIGTERM) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("SIGTERM with the default action: WIFSIGNALED=%d WTERMSIG=%s\n",
           WIFSIGNALED(status) ? 1 : 0, WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "-");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

    /* SIGKILL ends a stopped child. */
    pid = spawn(0, ready);
    CHECK(kill(pid, SIGSTOP) == 0);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status));
    CHECK(kill(pid, SIGKILL) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("SIGKILL to a stopped child: WTERMSIG=%s\n",
           WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "-");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return check_finish("sig_stop_cont", 0);
}
