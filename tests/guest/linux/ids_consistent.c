/* expect-status: 0 */
/*
 * ids_consistent - process and user ids, never printed (they differ between machines): in a
 * single-threaded program gettid() == getpid(), the parent is another process, ids are stable
 * across calls, the real and effective ids agree (nothing is setuid), set_tid_address returns
 * the caller's tid, and the auxiliary vector's ids match the calls.
 */
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
    pid_t pid = getpid();
    CHECK(pid > 0);
    CHECK(gettid() == pid);
    CHECK(getppid() != pid);
    CHECK(getppid() >= 0);
    int stable = 1;
    for (int i = 0; i < 100; i++) {
        stable &= getpid() == pid && gettid() == pid;
    }
    CHECK(stable);
    printf("gettid() == getpid(), the parent differs, stable over 100 calls\n");

    CHECK(getuid() == geteuid());
    CHECK(getgid() == getegid());
    CHECK(getauxval(AT_UID) == getuid());
    CHECK(getauxval(AT_EUID) == geteuid());
    CHECK(getauxval(AT_GID) == getgid());
    CHECK(getauxval(AT_EGID) == getegid());
    CHECK(getauxval(AT_SECURE) == 0);
    printf("real and effective user and group ids agree, also with the auxiliary vector\n");

    static int clear_on_exit;
    long tid = syscall(SYS_set_tid_address, &clear_on_exit);
    CHECK(tid == pid);
    printf("set_tid_address returns the caller's tid\n");
    return check_finish("ids_consistent", 0);
}
