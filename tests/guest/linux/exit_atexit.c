/* expect-status: 3 */
/*
 * exit_atexit - exit() from a nested call runs the atexit handlers in reverse order of
 * registration, a handler may register another (it runs next), and stdio is flushed after
 * all of them. Exits with 3.
 */
#include <stdio.h>
#include <stdlib.h>

static void third_registered(void)
{
    printf("handler 3 (registered last, runs first)\n");
}

static void registered_late(void)
{
    printf("handler registered by handler 2 runs next\n");
}

static void second_registered(void)
{
    printf("handler 2\n");
    atexit(registered_late);
}

static void first_registered(void)
{
    /* Still buffered when exit() returns from here: the flush comes after the handlers. */
    printf("handler 1 (registered first, runs last)\n");
}

static void leave(int depth)
{
    if (depth < 0) {
        return;
    }
    if (depth == 0) {
        printf("calling exit(3) from depth 5\n");
        exit(3);
    }
    leave(depth - 1);
    printf("not reached\n");
}

int main(void)
{
    atexit(first_registered);
    atexit(second_registered);
    atexit(third_registered);
    printf("main: three handlers registered\n");
    leave(5);
    return 0;
}
