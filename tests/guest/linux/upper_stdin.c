/* expect-status: 0 */
/*
 * upper_stdin - a filter on stdio blocks: fread of stdin in 1000-byte blocks, ASCII letters
 * upper-cased (UTF-8 bytes left alone), fwrite to stdout, until EOF; reports on stderr how
 * many bytes changed.
 */
#include <ctype.h>

#include "check.h"

int main(void)
{
    char block[1000];
    size_t total = 0, changed = 0, got;
    while ((got = fread(block, 1, sizeof(block), stdin)) > 0) {
        for (size_t i = 0; i < got; i++) {
            unsigned char c = (unsigned char)block[i];
            if (c < 128 && islower(c)) {
                block[i] = (char)toupper(c);
                changed++;
            }
        }
        CHECK(fwrite(block, 1, got, stdout) == got);
        total += got;
    }
    CHECK(feof(stdin) && !ferror(stdin));
    fprintf(stderr, "upper_stdin: %zu bytes, %zu upper-cased\n", total, changed);
    return check_finish("upper_stdin", 0);
}
