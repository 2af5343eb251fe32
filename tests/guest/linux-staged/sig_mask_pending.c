/* expect-status: 0 */
/*
 * sig_mask_pending - sigprocmask: a blocked signal stays pending (sigpending shows it, the
 * handler has not run), two raises of a blocked standard signal deliver once, unblocking
 * delivers it before sigprocmask returns; SIG_SETMASK, SIG_BLOCK and SIG_UNBLOCK; SIGKILL
 * and SIGSTOP cannot be blocked (silently dropped from the mask); a pending signal whose
 * action becomes SIG_IGN is discarded; two real-time signals blocked and raised twice each are
 * delivered twice each (queued, not merged; the order of delivery is not checked: when several
 * are pending, kernels differ in which handler frame runs first). Errors: an unknown `how`
 * (EINVAL).
 */
#include <signal.h>

#include "../linux/check.h"

static volatile sig_atomic_t usr1, rt_order[8], rt_n;

static void on_usr1(int sig)
{
    (void)sig;
    usr1++;
}

static void on_rt(int sig)
{
    if (rt_n < 8) {
        rt_order[rt_n++] = sig - SIGRTMIN;
    }
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    CHECK(!sigismember(&old, SIGUSR1));
    raise(SIGUSR1);
    raise(SIGUSR1);
    CHECK(sigpending(&pend) == 0);
    printf("blocked and raised twice: pending %s, handler ran %d\n",
           sigismember(&pend, SIGUSR1) ? "yes" : "no", (int)usr1);
    CHECK(sigismember(&pend, SIGUSR1) && usr1 == 0);
    CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
    printf("unblocked: handler ran %d time(s)\n", (int)usr1);
    CHECK(usr1 == 1);
    CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));

    sigfillset(&set);
    CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
    CHECK(sigprocmask(SIG_SETMASK, NULL, &old) == 0);
    printf("SIG_SETMASK of everything: SIGKILL blocked %s, SIGSTOP blocked %s, SIGUSR2 %s\n",
           sigismember(&old, SIGKILL) ? "yes" : "no", sigismember(&old, SIGSTOP) ? "yes" : "no",
           sigismember(&old, SIGUSR2) ? "yes" : "no");
    CHECK(!sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP));

    /* A pending signal set to SIG_IGN is discarded. */
    raise(SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    CHECK(sigpending(&pend) == 0);
    printf("pending SIGUSR1 after SIG_IGN: %s\n", sigismember(&pend, SIGUSR1) ? "yes" : "no");
    signal(SIGUSR1, on_usr1);

    /* Real-time signals queue. */
    signal(SIGRTMIN, on_rt);
    signal(SIGRTMIN + 1, on_rt);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN);
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN);
    sigemptyset(&set);
    CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
    int per[2] = {0, 0};
    for (int i = 0; i < rt_n; i++) {
        if (rt_order[i] == 0 || rt_order[i] == 1) {
            per[rt_order[i]]++;
        }
    }
    printf("real-time signals delivered %d times: RTMIN %d, RTMIN+1 %d\n", (int)rt_n, per[0],
           per[1]);
    CHECK(rt_n == 4 && per[0] == 2 && per[1] == 2);
    printf("SIGUSR1 handler total: %d\n", (int)usr1);
    CHECK(usr1 == 1);

    CHECK_ERRNO(sigprocmask(12345, &set, NULL), EINVAL);
    return check_finish("sig_mask_pending", 0);
}
