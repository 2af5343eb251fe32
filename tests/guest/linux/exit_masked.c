/* expect-status: 5 */
/*
 * exit_masked - the exit status is the low 8 bits of what the program passes: exit(261)
 * gives 5. Output written without a newline must still be flushed at exit.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("exit(261) must give status 5; this line has no newline");
    exit(256 + 5);
}
