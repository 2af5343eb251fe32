/* expect-status: 12 */
/*
 * exit_thread_syscall - the raw exit system call (not exit_group) of the only thread ends the
 * process with that status. Output is written with write(2) so that nothing depends on stdio.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(const char *text)
{
    write(1, text, strlen(text));
}

int main(void)
{
    say("calling SYS_exit(12) in the only thread\n");
    syscall(SYS_exit, 12);
    say("FAIL: SYS_exit returned\n");
    return 1;
}
