/* expect-status: 0 */
/*
 * proc_exec_errors - execve that fails returns to the caller with the error: a missing file
 * (ENOENT), a file without any execute bit (EACCES, even for root), a directory (EACCES), an
 * executable file that is no known format (ENOEXEC), a path through a regular file
 * (ENOTDIR), a bad path pointer (EFAULT), a #! script whose interpreter is missing (ENOENT).
 * Files live in a mkdtemp directory under /tmp, removed at the end.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "../linux/check.h"

static char *argv_[] = {"prog", NULL};
static char *envp_[] = {NULL};

static void make_file(const char *name, const char *content, mode_t mode)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(write_all(fd, content, strlen(content)) == 0);
    CHECK(close(fd) == 0);
    CHECK(chmod(name, mode) == 0);
}

int main(void)
{
    char dir[] = "/tmp/vxtXXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(chdir(dir) == 0);
    make_file("plain", "not a program\n", 0644);
    make_file("junk", "\x01\x02\x03 this is no executable format at all\n", 0755);
    make_file("script", "#!/nonexistent/interpreter\nexit 0\n", 0755);
    CHECK(mkdir("subdir", 0755) == 0);

    CHECK_ERRNO(execve("missing", argv_, envp_), ENOENT);
    CHECK_ERRNO(execve("plain", argv_, envp_), EACCES);
    CHECK_ERRNO(execve("subdir", argv_, envp_), EACCES);
    CHECK_ERRNO(execve("junk", argv_, envp_), ENOEXEC);
    CHECK_ERRNO(execve("plain/x", argv_, envp_), ENOTDIR);
    CHECK_ERRNO(syscall(SYS_execve, (void *)1, argv_, envp_), EFAULT);
    CHECK_ERRNO(execve("script", argv_, envp_), ENOENT);
    CHECK_ERRNO(execve("", argv_, envp_), ENOENT);

    CHECK(unlink("plain") == 0 && unlink("junk") == 0 && unlink("script") == 0);
    CHECK(rmdir("subdir") == 0);
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    printf("still running after the failed execs\n");
    return check_finish("proc_exec_errors", 0);
}
