/* expect-status: 0 */
/*
 * sig_restart_eintr - a read of an empty pipe interrupted by SIGALRM (from setitimer): without
 * SA_RESTART the read fails with EINTR; with SA_RESTART it is restarted and returns the byte
 * that the handler itself wrote into the pipe. nanosleep is never restarted (EINTR, with the
 * remaining time filled in); waitpid is restarted under SA_RESTART and fails with EINTR
 * without it.
 */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "../linux/check.h"

static int pipe_w = -1;
static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    if (pipe_w >= 0) {
        (void)!write(pipe_w, "!", 1);
    }
}

static void arm(int restart, int feed_pipe, int p[2])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    pipe_w = feed_pipe ? p[1] : -1;
    struct itimerval it = {{0, 0}, {0, 30000}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
}

int main(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    char c = 0;

    arm(0, 0, p);
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    printf("read without SA_RESTART: %zd %s\n", n, n < 0 ? strerrorname_np(errno) : "");
    CHECK(n == -1 && errno == EINTR);

    arm(1, 1, p);
    n = read(p[0], &c, 1);
    printf("read with SA_RESTART: %zd '%c'\n", n, n == 1 ? c : '?');
    CHECK(n == 1 && c == '!');

    arm(1, 0, p);
    struct timespec req = {5, 0}, rem = {0, 0};
    errno = 0;
    int r = nanosleep(&req, &rem);
    printf("nanosleep 5 s with SA_RESTART: %d %s, remaining between 4 and 5 s: %s\n", r,
           strerrorname_np(errno), rem.tv_sec >= 4 && rem.tv_sec <= 5 ? "yes" : "no");
    CHECK(r == -1 && errno == EINTR);

    int gate[2];
    CHECK(pipe(gate) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char g;
        _exit(read(gate[0], &g, 1) == 1 ? 5 : 6);
    }
    arm(0, 0, p);
    int status;
    errno = 0;
    pid_t w = waitpid(pid, &status, 0);
    printf("waitpid without SA_RESTART: %d %s\n", (int)w, strerrorname_np(errno));
    CHECK(w == -1 && errno == EINTR);
    /* With SA_RESTART the handler lets the child go (through the gate) and waitpid resumes. */
    arm(1, 1, gate);
    w = waitpid(pid, &status, 0);
    printf("waitpid with SA_RESTART: returned the child: %s, status %d\n", w == pid ? "yes" : "no",
           WEXITSTATUS(status));
    CHECK(w == pid && WEXITSTATUS(status) == 5);
    printf("alarms handled: %d\n", (int)alarms);
    CHECK(alarms == 5);
    return check_finish("sig_restart_eintr", 0);
}
