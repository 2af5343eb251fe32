/* expect-status: 0 */
/*
 * stdlib_misc - stdlib conversions and algorithms: strtol/strtoul/strtoll in bases 2 to 36
 * with end pointers and ERANGE, strtod, atoi, div/ldiv, qsort of strings and of structs (a
 * stable result is not promised, so keys are unique), bsearch, and rand() with a fixed seed
 * (glibc's generator is part of the program, so the sequence is the same everywhere).
 */
#include <limits.h>
#include <stdlib.h>

#include "check.h"

struct person {
    const char *name;
    int age;
};

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_age(const void *a, const void *b)
{
    return ((const struct person *)a)->age - ((const struct person *)b)->age;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void parse_numbers(void)
{
    static const struct {
        const char *text;
        int base;
    } cases[] = {
        {"  -123xyz", 10}, {"ff", 16},    {"0x1A", 0},
        {"0777", 0},       {"101101", 2}, {"zz", 36},
        {"+0", 10},        {"junk", 10},  {"9223372036854775808", 10},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *end;
        errno = 0;
        long value = strtol(cases[i].text, &end, cases[i].base);
        printf("strtol(\"%s\", %d) = %ld, rest \"%s\", %s\n", cases[i].text, cases[i].base, value,
               end, errno ? strerrorname_np(errno) : "no error");
    }
    errno = 0;
    unsigned long u = strtoul("-1", NULL, 10);
    printf("strtoul(\"-1\") = %lu (wraps, no error: %s)\n", u, errno ? "error" : "yes");
    CHECK(strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN);
    CHECK(atoi("  42abc") == 42);
    char *end;
    double d = strtod("  -1.5e3rest", &end);
    printf("strtod = %g, rest \"%s\"; strtod(\"0x1p-2\") = %g; strtod(\"inf\") = %g\n", d, end,
           strtod("0x1p-2", NULL), strtod("inf", NULL));
    div_t q = div(-7, 2);
    ldiv_t lq = ldiv(LONG_MAX, 1000);
    printf("div(-7,2) = %d rem %d; ldiv(LONG_MAX,1000) = %ld rem %ld; labs(LONG_MIN+1) = %ld\n",
           q.quot, q.rem, lq.quot, lq.rem, labs(LONG_MIN + 1));
}

static void sort_and_search(void)
{
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"};
    size_t n = sizeof(words) / sizeof(words[0]);
    qsort(words, n, sizeof(words[0]), by_string);
    for (size_t i = 0; i < n; i++) {
        printf("%s%s", i ? " " : "sorted words: ", words[i]);
    }
    printf("\n");
    const char *key = "date";
    const char **hit = bsearch(&key, words, n, sizeof(words[0]), by_string);
    CHECK(hit != NULL && strcmp(*hit, "date") == 0);
    key = "grape";
    CHECK(bsearch(&key, words, n, sizeof(words[0]), by_string) == NULL);

    struct person people[] = {{"Ada", 36}, {"Brian", 29}, {"Claude", 41}, {"Dennis", 30}};
    qsort(people, 4, sizeof(people[0]), by_age);
    for (int i = 0; i < 4; i++) {
        printf("%s%s %d", i ? ", " : "by age: ", people[i].name, people[i].age);
    }
    printf("\n");

    /*
     * Below 1024 bytes: for larger arrays glibc's qsort asks sysinfo for the machine's memory
     * size first, a call the first slice of the personality does not have.
     */
    enum { MANY = 250 };
    static int many[MANY];
    srand(12345);
    for (int i = 0; i < MANY; i++) {
        many[i] = rand();
    }
    printf("rand() after srand(12345): %d %d %d\n", many[0], many[1], many[2]);
    qsort(many, MANY, sizeof(many[0]), by_int);
    int unsorted = 0;
    for (int i = 1; i < MANY; i++) {
        unsorted += many[i - 1] > many[i];
    }
    CHECK(unsorted == 0);
    printf("qsort of %d random ints: smallest %d, largest %d\n", MANY, many[0], many[MANY - 1]);
}

int main(void)
{
    parse_numbers();
    sort_and_search();
    return check_finish("stdlib_misc", 0);
}
