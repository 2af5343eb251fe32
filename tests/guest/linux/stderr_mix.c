/* expect-status: 1 */
/*
 * stderr_mix - stdout and stderr used together: stdio on both, raw write(2) on both, perror()
 * with a Linux error message, and a final error that makes the exit status 1. The runner
 * compares the two streams separately, so their interleaving does not matter.
 */
#include <unistd.h>

#include "check.h"

int main(void)
{
    /* Flushed before each raw write, so the order on stdout does not depend on buffering. */
    printf("stdout: line 1 through printf\n");
    fflush(stdout);
    fprintf(stderr, "stderr: line 1 through fprintf\n");
    write(1, "stdout: line 2 through write\n", 29);
    write(2, "stderr: line 2 through write\n", 29);

    errno = 0;
    CHECK(write(99, "x", 1) == -1);
    perror("stderr_mix: write to fd 99");
    char byte;
    CHECK(read(99, &byte, 1) == -1);
    fprintf(stderr, "stderr_mix: read of fd 99: %s\n", strerror(errno));

    for (int i = 0; i < 5; i++) {
        fprintf(i % 2 ? stderr : stdout, "%s: line %d of the loop\n", i % 2 ? "stderr" : "stdout",
                i);
    }
    check_finish("stderr_mix", 0);
    fprintf(stderr, "stderr_mix: giving up with status 1, as planned\n");
    return check_failures ? CHECK_FAILED_STATUS : 1;
}
