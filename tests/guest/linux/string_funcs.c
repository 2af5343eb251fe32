/* expect-status: 0 */
/*
 * string_funcs - string.h on strings and buffers of many lengths and alignments (glibc picks
 * word-at-a-time code paths by length and alignment): length, copy, compare, search,
 * tokenizing, and memmove with overlap in both directions.
 */
#include <stdint.h>

#include "check.h"

#define BUFFER 256

static void lengths_and_alignments(void)
{
    static char buffer[BUFFER + 16];
    int bad = 0;
    for (size_t offset = 0; offset < 8; offset++) {
        for (size_t len = 0; len < 80; len++) {
            char *s = buffer + offset;
            memset(buffer, 'x', sizeof(buffer));
            s[len] = '\0';
            check_touch(s);
            bad += strlen(s) != len;
            bad += (size_t)(strchr(s, '\0') - s) != len;
            bad += memchr(s, '\0', len + 1) != s + len;
            bad += len > 0 && strrchr(s, 'x') != s + len - 1;
        }
    }
    CHECK(bad == 0);
    printf("strlen, strchr, memchr, strrchr over 8 alignments and 80 lengths: %d wrong\n", bad);
}

static void copies_and_compares(void)
{
    char a[64], b[64];
    strcpy(a, "hello");
    strcat(a, ", world");
    CHECK(strcmp(a, "hello, world") == 0);
    strncpy(b, "abc", sizeof(b));
    CHECK(b[3] == '\0' && b[63] == '\0');
    CHECK(strcmp("abc", "abd") < 0 && strcmp("abd", "abc") > 0 && strcmp("", "") == 0);
    CHECK(strncmp("abcdef", "abcxyz", 3) == 0 && strncmp("abcdef", "abcxyz", 4) < 0);
    CHECK(memcmp("\x01\xff", "\x01\x00", 2) > 0); /* bytes compare as unsigned */
    CHECK(strcasecmp("MiXeD", "mixed") == 0);
    printf("copy: [%s] [%s]\n", a, b);
}

static void searches(void)
{
    const char *text = "the cat sat on the mat with the hat";
    printf("strstr(\"the\") at %td, strstr(\"hat\") at %td, strstr(\"dog\") %s\n",
           strstr(text, "the") - text, strstr(text, "hat") - text,
           strstr(text, "dog") ? "found" : "absent");
    printf("strspn(letters)=%zu strcspn(\" \")=%zu strpbrk(\"mh\") at %td\n",
           strspn(text, "abcdefghijklmnopqrstuvwxyz"), strcspn(text, " "),
           strpbrk(text, "mh") - text);
    char copy[64];
    strcpy(copy, text);
    int words = 0;
    for (char *saveptr, *word = strtok_r(copy, " ", &saveptr); word;
         word = strtok_r(NULL, " ", &saveptr)) {
        printf("%s%s", words ? "|" : "tokens: ", word);
        words++;
    }
    printf(" (%d)\n", words);
    CHECK(words == 9);
}

static void overlapping_moves(void)
{
    char s[32] = "0123456789abcdefghij";
    memmove(s + 4, s, 10);
    printf("memmove right: %s\n", s);
    CHECK(strcmp(s, "01230123456789efghij") == 0);
    memmove(s, s + 6, 10);
    printf("memmove left:  %s\n", s);
    CHECK(strncmp(s, "23456789ef", 10) == 0);

    uint8_t big[4096];
    for (int i = 0; i < 4096; i++) {
        big[i] = (uint8_t)(i * 13);
    }
    memmove(big + 1, big, 4000);
    int wrong = 0;
    for (int i = 1; i <= 4000; i++) {
        wrong += big[i] != (uint8_t)((i - 1) * 13);
    }
    CHECK(wrong == 0);
    memset(big, 0, sizeof(big));
    CHECK(memcmp(big, big + 2048, 2048) == 0);
}

int main(void)
{
    lengths_and_alignments();
    copies_and_compares();
    searches();
    overlapping_moves();
    return check_finish("string_funcs", 0);
}
