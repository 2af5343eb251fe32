/* expect-status: 141 */
/*
 * pipe_epipe - writing to a pipe with no reader: with SIGPIPE ignored the write fails with
 * EPIPE; with a handler, the handler runs (si_signo SIGPIPE) and the write fails with EPIPE;
 * a child with the default action dies of SIGPIPE (WTERMSIG); a child inherits SIG_IGN and
 * gets EPIPE. Last, the program restores the default action
 * and writes to a broken pipe itself: it dies of SIGPIPE, status 141 (128 + 13).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "../linux/check.h"

static volatile sig_atomic_t handled;

static void on_pipe(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    handled = sig == SIGPIPE && si->si_signo == SIGPIPE ? 1 : -1;
}

static void broken(int p[2])
{
    CHECK(pipe(p) == 0);
    CHECK(close(p[0]) == 0);
}

int main(void)
{
    int p[2];
    broken(p);
    CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
    CHECK_ERRNO(write(p[1], "xyz", 3), EPIPE);
    close(p[1]);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_pipe;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGPIPE, &sa, NULL) == 0);
    broken(p);
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
    printf("handler ran for SIGPIPE: %s\n", handled == 1 ? "yes" : "no");
    CHECK(handled == 1);
    close(p[1]);

    /* A child with the default action. */
    broken(p);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        ssize_t r = write(p[1], "x", 1);
        _exit(r == -1 ? 2 : 3);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("child with the default action: WIFSIGNALED=%d WTERMSIG=%s\n",
           WIFSIGNALED(status) ? 1 : 0, WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "-");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);

    /* An ignored SIGPIPE is inherited across fork. */
    signal(SIGPIPE, SIG_IGN);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        ssize_t r = write(p[1], "x", 1);
        _exit(r == -1 && errno == EPIPE ? 4 : 5);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("child inheriting SIG_IGN: exit %d (4 means EPIPE)\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);

    check_finish("pipe_epipe", 141);
    if (check_failures) {
        return CHECK_FAILED_STATUS;
    }
    printf("now writing to a broken pipe with the default action\n");
    fflush(stdout);
    signal(SIGPIPE, SIG_DFL);
    ssize_t r = write(p[1], "x", 1);
    printf("still alive after write returned %zd\n", r);
    return 1;
}
