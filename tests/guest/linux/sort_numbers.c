/* expect-status: 5 */
/*
 * sort_numbers - parses whitespace-separated integers from stdin with strtol (decimal, hex
 * 0x..., octal 0..., signs), rejects malformed tokens and out-of-range values (ERANGE),
 * sorts with qsort, prints them with their sum, and looks some up with bsearch. Exits with
 * the number of rejected tokens (5 for its .stdin).
 */
#include <stdlib.h>

#include "check.h"

#define MAX_NUMBERS 1024

static int compare_longs(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long numbers[MAX_NUMBERS];

int main(void)
{
    size_t count = 0;
    int rejected = 0;
    char token[64];
    while (scanf("%63s", token) == 1) {
        char *end;
        errno = 0;
        long value = strtol(token, &end, 0);
        if (*end != '\0' || end == token) {
            printf("rejected '%s': not a number\n", token);
            rejected++;
        } else if (errno == ERANGE) {
            printf("rejected '%s': out of range, strtol gave %ld\n", token, value);
            rejected++;
        } else if (count < MAX_NUMBERS) {
            numbers[count++] = value;
        }
    }
    qsort(numbers, count, sizeof(numbers[0]), compare_longs);
    long sum = 0;
    for (size_t i = 0; i < count; i++) {
        CHECK(i == 0 || numbers[i - 1] <= numbers[i]);
        sum += numbers[i];
        printf("%ld%c", numbers[i], i + 1 == count ? '\n' : ' ');
    }
    printf("%zu numbers, sum %ld\n", count, sum);

    static const long wanted[] = {42, -7, 255, 1000000, 12345};
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        long *hit = bsearch(&wanted[i], numbers, count, sizeof(numbers[0]), compare_longs);
        printf("bsearch %ld: %s\n", wanted[i], hit ? "found" : "absent");
    }
    CHECK(bsearch(&(long){4}, numbers, count, sizeof(long), compare_longs) == NULL);
    check_finish("sort_numbers", 0);
    return check_failures ? CHECK_FAILED_STATUS : rejected;
}
