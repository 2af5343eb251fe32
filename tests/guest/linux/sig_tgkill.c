/* expect-status: 0 */
/*
 * sig_tgkill - signals to threads: tgkill(getpid(), tid, SIGUSR1) runs the handler in that
 * thread (gettid() inside the handler equals the target's tid; only the comparison is
 * printed); a thread-directed signal that the target blocks stays pending for that thread
 * (no other thread takes it) and runs there once it unblocks; tkill and pthread_kill to the
 * main thread. Errors: a tid that is not in the group (ESRCH), signal 65 (EINVAL), tid 0
 * (EINVAL).
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define NO_SUCH_TID 0x3ffffff0

static volatile pid_t handled_in;
static volatile sig_atomic_t handled;
static atomic_int worker_tid;
static atomic_int phase;

static void on_usr1(int sig)
{
    (void)sig;
    handled_in = gettid();
    handled++;
}

static void *worker(void *arg)
{
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    atomic_store(&worker_tid, gettid());
    while (atomic_load(&phase) == 0) {
        sched_yield();
    }
    /* The main thread has sent SIGUSR1 to this thread while it was blocked. */
    sigset_t pend;
    sigpending(&pend);
    int pending = sigismember(&pend, SIGUSR1);
    int before = handled;
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    int ran_here = handled == before + 1 && handled_in == gettid();
    atomic_store(&phase, pending && ran_here ? 2 : 3);
    while (atomic_load(&phase) != 4) {
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, worker, NULL) == 0);
    while (atomic_load(&worker_tid) == 0) {
        sched_yield();
    }
    pid_t tid = atomic_load(&worker_tid);
    CHECK(syscall(SYS_tgkill, getpid(), tid, SIGUSR1) == 0);
    printf("tgkill to a thread that blocks it: handled at once: %s\n", handled ? "yes" : "no");
    CHECK(handled == 0);
    atomic_store(&phase, 1);
    while (atomic_load(&phase) < 2) {
        sched_yield();
    }
    printf("the thread saw it pending and ran the handler itself on unblocking: %s\n",
           atomic_load(&phase) == 2 ? "yes" : "no");
    CHECK(atomic_load(&phase) == 2);

    CHECK(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1) == 0);
    printf("tgkill to the main thread: handler ran in it: %s\n",
           handled_in == gettid() ? "yes" : "no");
    CHECK(handled == 2 && handled_in == gettid());
    CHECK(syscall(SYS_tkill, gettid(), SIGUSR1) == 0);
    CHECK(pthread_kill(pthread_self(), SIGUSR1) == 0);
    printf("tkill and pthread_kill to self: handler ran %d times in all\n", (int)handled);
    CHECK(handled == 4);

    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), NO_SUCH_TID, SIGUSR1), ESRCH);
    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), tid, 65), EINVAL);
    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL);
    CHECK_ERRNO(syscall(SYS_tkill, NO_SUCH_TID, SIGUSR1), ESRCH);
    printf("tgkill with signal 0 probes the thread: %ld\n", syscall(SYS_tgkill, getpid(), tid, 0));
    atomic_store(&phase, 4);
    CHECK(pthread_join(t, NULL) == 0);
    return check_finish("sig_tgkill", 0);
}
