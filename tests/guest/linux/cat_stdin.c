/* expect-status: 0 */
/*
 * cat_stdin - copies stdin to stdout with read(2) and write(2) in 7-byte pieces until read
 * returns 0, handling short writes; binary bytes (NUL, 0xff, CR) pass unchanged. Reports the
 * byte count on stderr.
 */
#include <unistd.h>

#include "check.h"

#define PIECE 7 /* odd and small, so reads end inside lines and multi-byte characters */

int main(void)
{
    char piece[PIECE];
    size_t total = 0;
    for (;;) {
        ssize_t got = read(0, piece, sizeof(piece));
        CHECK(got >= 0);
        if (got <= 0) {
            break;
        }
        total += (size_t)got;
        CHECK(write_all(1, piece, (size_t)got) == 0);
    }
    /* After EOF, read keeps returning 0. */
    CHECK(read(0, piece, sizeof(piece)) == 0);
    /* No check_finish(): its summary line would end up in the copy on stdout. */
    fprintf(stderr, "cat_stdin: copied %zu bytes\n", total);
    return check_failures ? CHECK_FAILED_STATUS : 0;
}
