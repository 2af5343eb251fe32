/* expect-status: 0 */
/*
 * misc_prctl_name - PR_SET_NAME and PR_GET_NAME: a set name comes back, a longer one is cut
 * to 15 bytes, a new thread starts with its creator's name and then has its own
 * (pthread_setname_np / pthread_getname_np on the calling thread), and a forked child
 * inherits the name. (The initial name is not checked: under qemu-user it is qemu's.) Also
 * PR_SET_PDEATHSIG / PR_GET_PDEATHSIG round trip and PR_GET_DUMPABLE. Errors: an unknown option
 * (EINVAL), a bad name pointer (EFAULT).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../linux/check.h"

static void *thread(void *arg)
{
    (void)arg;
    char name[16] = {0};
    int ok = prctl(PR_GET_NAME, name) == 0;
    printf("new thread starts with its creator's name: %s\n", name);
    ok = ok && pthread_setname_np(pthread_self(), "worker") == 0;
    memset(name, 0, sizeof(name));
    ok = ok && pthread_getname_np(pthread_self(), name, sizeof(name)) == 0;
    printf("thread renamed itself: %s\n", name);
    return (void *)(long)(ok && strcmp(name, "worker") == 0);
}

int main(void)
{
    char name[32];
    /* The initial name is not checked: under qemu-user it is qemu's own (qemu-riscv64). */
    CHECK(prctl(PR_SET_NAME, "short") == 0);
    memset(name, 0, sizeof(name));
    CHECK(prctl(PR_GET_NAME, name) == 0);
    printf("after PR_SET_NAME short: %s\n", name);
    CHECK(prctl(PR_SET_NAME, "a-name-longer-than-fifteen-bytes") == 0);
    memset(name, 'x', sizeof(name));
    CHECK(prctl(PR_GET_NAME, name) == 0);
    printf("after a long name: %s (%zu bytes)\n", name, strlen(name));
    CHECK(strlen(name) == 15 && name[15] == '\0');

    pthread_t t;
    void *ok;
    CHECK(pthread_create(&t, NULL, thread, NULL) == 0);
    CHECK(pthread_join(t, &ok) == 0 && ok);
    memset(name, 0, sizeof(name));
    CHECK(prctl(PR_GET_NAME, name) == 0);
    printf("main thread keeps its own: %s\n", name);

    CHECK(prctl(PR_SET_NAME, "parent") == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char n[16] = {0};
        prctl(PR_GET_NAME, n);
        _exit(strcmp(n, "parent") == 0 ? 0 : 1);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("forked child inherits the name: %s\n", WEXITSTATUS(status) == 0 ? "yes" : "no");

    int sig = -1;
    CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR1) == 0);
    CHECK(prctl(PR_GET_PDEATHSIG, &sig) == 0);
    printf("PR_GET_PDEATHSIG after setting SIGUSR1: %s\n", sig > 0 ? sigabbrev_np(sig) : "0");
    CHECK(prctl(PR_SET_PDEATHSIG, 0) == 0);
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE));

    CHECK_ERRNO(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);
    CHECK_ERRNO(prctl(PR_SET_PDEATHSIG, 65), EINVAL);
    CHECK_ERRNO(syscall(SYS_prctl, PR_SET_NAME, (void *)1, 0, 0, 0), EFAULT);
    CHECK_ERRNO(syscall(SYS_prctl, PR_GET_NAME, (void *)1, 0, 0, 0), EFAULT);
    return check_finish("misc_prctl_name", 0);
}
