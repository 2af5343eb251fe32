/* expect-status: 134 */
/*
 * sig_default_abort - default dispositions: SIGCHLD, SIGWINCH and SIGURG are ignored by
 * default (raising them changes nothing, and SIGCONT to a running process too); then abort()
 * with a SIGABRT handler that returns still kills the process with SIGABRT: status 134
 * (128 + 6). stdout is flushed first; the handler's run is printed.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "../linux/check.h"

static void on_abrt(int sig)
{
    (void)sig;
    static const char msg[] = "SIGABRT handler ran and returns\n";
    (void)!write(1, msg, sizeof(msg) - 1);
}

int main(void)
{
    struct rlimit no_core = {0, 0};
    CHECK(setrlimit(RLIMIT_CORE, &no_core) == 0);
    static const int ignored[] = {SIGCHLD, SIGWINCH, SIGURG, SIGCONT};
    for (int i = 0; i < 4; i++) {
        CHECK(raise(ignored[i]) == 0);
        printf("raise(SIG%s) with the default action: still running\n", sigabbrev_np(ignored[i]));
    }
    struct sigaction sa;
    CHECK(sigaction(SIGWINCH, NULL, &sa) == 0);
    printf("SIGWINCH action is SIG_DFL: %s\n", sa.sa_handler == SIG_DFL ? "yes" : "no");
    check_finish("sig_default_abort", 134);
    if (check_failures) {
        return CHECK_FAILED_STATUS;
    }
    signal(SIGABRT, on_abrt);
    printf("calling abort()\n");
    fflush(stdout);
    abort();
}
