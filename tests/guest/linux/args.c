/* expect-status: 9 */
/*
 * args - argv as the loader laid it out: every argument byte for byte (spaces, an empty one,
 * UTF-8), argv[argc] == NULL, and argv[0] as the runner gave it. Exits with argc.
 */
#include <string.h>

#include "check.h"

int main(int argc, char **argv)
{
    CHECK(argv[argc] == NULL);
    CHECK(strcmp(argv[0], "./args") == 0);
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    }
    return check_finish("args", argc);
}
