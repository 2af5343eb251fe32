/* expect-status: 0 */
/*
 * wc_stdin - counts lines, words and bytes of stdin with getchar() (stdio's buffered read
 * until EOF), and the longest line; like `wc -lwc`.
 */
#include <ctype.h>

#include "check.h"

int main(void)
{
    long lines = 0, words = 0, bytes = 0, longest = 0, current = 0;
    int in_word = 0;
    int c;
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n') {
            lines++;
            longest = current > longest ? current : longest;
            current = 0;
        } else {
            current++;
        }
        if (isspace(c)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    longest = current > longest ? current : longest;
    CHECK(feof(stdin) && !ferror(stdin));
    printf("%ld lines, %ld words, %ld bytes, longest line %ld bytes\n", lines, words, bytes,
           longest);
    return check_finish("wc_stdin", 0);
}
