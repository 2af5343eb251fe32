/* regex.h - box's own POSIX regular expressions (basic and extended, with the GNU additions
 * grep users expect: \| \+ \? in basic ones, \w \W \s \S \b \B \< \>, back-references in
 * both), used by grep. Matching is on bytes, as in the C locale.
 *
 * rx_search finds the leftmost match and, of those starting there, the longest, as POSIX
 * asks. Patterns without back-references run on a Thompson NFA (time linear in the text for
 * each start position); patterns with them fall back to a backtracking matcher with a step
 * budget. */
#ifndef BOX_REGEX_H
#define BOX_REGEX_H

#include <stdbool.h>
#include <stddef.h>

/* rx_compile flags */
#define RX_EXTENDED 1 /* ERE syntax (grep -E) rather than BRE */
#define RX_ICASE    2 /* ignore case (grep -i) */

/* rx_search flags */
#define RX_WORD 1 /* only matches with a non-word character (or the edge) on both sides */
#define RX_LINE 2 /* only a match of the whole text */

struct rx;

/* Compiles pattern; NULL with *error set to a GNU-worded message ("Unmatched ( or \\(") on a
 * bad pattern. The result is freed with rx_free. */
struct rx *rx_compile(const char *pattern, int flags, const char **error);
void rx_free(struct rx *re);

/* Searches text[0, len) for a match that starts at or after `from`. On success sets
 * [*start, *end) and returns true. '^' matches only at 0 and '$' only at len. */
bool rx_search(const struct rx *re, const char *text, size_t len, size_t from, int flags,
               size_t *start, size_t *end);

/* Whether text[0, len) has a match anywhere: rx_search without the extent, faster. */
bool rx_matches(const struct rx *re, const char *text, size_t len, int flags);

#endif
