/* expect-status: 0 */
/*
 * reverse_lines - reads stdin line by line with getline() into an array grown by realloc and
 * prints the lines in reverse order, like `tac`; then prints each line reversed, byte by byte.
 */
#include <stdlib.h>

#include "check.h"

int main(void)
{
    char **lines = NULL;
    size_t count = 0, capacity = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &line_capacity, stdin)) >= 0) {
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 4;
            lines = realloc(lines, capacity * sizeof(*lines));
            CHECK(lines != NULL);
        }
        if (length > 0 && line[length - 1] == '\n') {
            line[length - 1] = '\0';
        }
        lines[count++] = strdup(line);
    }
    free(line);

    printf("%zu lines, last first:\n", count);
    for (size_t i = count; i-- > 0;) {
        printf("%s\n", lines[i]);
    }
    printf("each line backwards:\n");
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(lines[i]);
        for (size_t k = n; k-- > 0;) {
            putchar(lines[i][k]);
        }
        putchar('\n');
        free(lines[i]);
    }
    free(lines);
    return check_finish("reverse_lines", 0);
}
