/* expect-status: 0 */
/*
 * proc_exec_self - execve of this program again (its path from readlink /proc/self/exe, which
 * is absolute), with new arguments and a new environment. The exec'd image checks what it was
 * given and exits with a status of its own; the parent reads it with waitpid. A second child
 * execs with an empty environment. staged: needs-exec (qemu-user runs a riscv64 execve only
 * with binfmt_misc; verify.sh sets that up in a user namespace).
 */
#include <stdlib.h>
#include <sys/wait.h>

#include "../linux/check.h"

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

/* The exec'd image: prints what it got and exits with 30 + argc. */
static int child_main(int argc, char **argv)
{
    printf("exec'd image: argc=%d", argc);
    for (int i = 1; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    const char *v = getenv("VX_STAGED");
    printf(" VX_STAGED=%s VXTEST=%s\n", v ? v : "(unset)", getenv("VXTEST") ? "set" : "unset");
    return 30 + argc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0) {
        return child_main(argc, argv);
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    CHECK(n > 0);
    self[n > 0 ? n : 0] = '\0';
    printf("/proc/self/exe is absolute: %s\n", self[0] == '/' ? "yes" : "no");

    pid_t pid = fork_flushed();
    if (pid == 0) {
        char *cargv[] = {"renamed-argv0", "--child", "two words", "", "last", NULL};
        char *cenv[] = {"VX_STAGED=hello", "VXTEST=1", NULL};
        execve(self, cargv, cenv);
        printf("execve failed: %s\n", strerrorname_np(errno));
        fflush(stdout);
        _exit(127);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("first child: WEXITSTATUS=%d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 35);

    pid = fork_flushed();
    if (pid == 0) {
        char *cargv[] = {"x", "--child", NULL};
        char *cenv[] = {NULL};
        execve(self, cargv, cenv);
        _exit(127);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("second child: WEXITSTATUS=%d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 32);
    return check_finish("proc_exec_self", 0);
}
