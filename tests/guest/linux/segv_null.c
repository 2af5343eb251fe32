/* expect-status: 139 */
/*
 * segv_null - a store through a null pointer: the process dies of SIGSEGV (status 128 + 11
 * as a shell shows it). Nothing may come out before: stdout is flushed first.
 */
#include <stdio.h>

int main(void)
{
    printf("about to fault\n");
    fflush(stdout);
    *(volatile int *)0 = 1;
    return 0;
}
