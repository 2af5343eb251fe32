/* expect-status: 0 */
/*
 * hello - the smallest program: one line through stdio, status 0 by returning from main.
 * Covers glibc's static startup and stdio's flush at exit.
 */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
