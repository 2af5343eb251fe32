/* expect-status: 77 */
/*
 * exit_unflushed - _exit() ends the process at once: atexit handlers do not run and what is
 * still in a stdio buffer is lost. stdout is made fully buffered explicitly, so the result
 * does not depend on whether stdout is a terminal. Exits with 77 through exit_group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char buffer[4096];

static void must_not_run(void)
{
    printf("FAIL: atexit handler ran after _exit\n");
    fflush(stdout);
}

int main(void)
{
    setvbuf(stdout, buffer, _IOFBF, sizeof(buffer));
    atexit(must_not_run);
    printf("flushed before _exit\n");
    fflush(stdout);
    printf("FAIL: still buffered at _exit, must be lost\n");
    fprintf(stderr, "stderr is unbuffered, so this line is kept\n");
    _exit(77);
}
