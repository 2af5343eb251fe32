/* util.h - what every applet of the multi-call binary `box` shares: the applet entry points,
 * error reporting in the coreutils wording ("ls: cannot access 'x': No such file or
 * directory"), checked allocation, number parsing, human-readable sizes, user and group names
 * read from /etc/passwd and /etc/group, and directory listing.
 *
 * Every applet is `int NAME_main(int argc, char **argv)` with argv[0] the applet's name; it
 * returns the exit status. Messages go to stderr prefixed with box_applet (set by main). */
#ifndef BOX_UTIL_H
#define BOX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>
#include <sys/types.h>
#include <time.h>

/* The name messages are prefixed with: the applet's name ("ls"), not box's path. */
extern const char *box_applet;

/* Largest line a terminal-width guess falls back to when nothing says otherwise. */
#define BOX_DEFAULT_COLUMNS 80

/* ---- messages ------------------------------------------------------------------------------ */
/* "APPLET: MESSAGE\n" on stderr. */
void box_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "APPLET: MESSAGE: strerror(errno)\n" on stderr; errno is read on entry. */
void box_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* box_warn, then exit(status). */
noreturn void box_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
noreturn void box_die_errno(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "Try 'APPLET --help' for more information." and returns status, for bad usage. */
int box_usage(int status);

/* ---- memory (exits with a message when out of memory) -------------------------------------- */
void *box_malloc(size_t size);
void *box_realloc(void *ptr, size_t size);
char *box_strdup(const char *s);

/* ---- numbers and text ---------------------------------------------------------------------- */
/* Parses all of s as a decimal integer (leading blanks and a sign allowed); false if it is not
 * one or does not fit. */
bool box_parse_long(const char *s, long long *out);
/* Size in GNU -h style: one decimal below 10, rounded up, suffixes K M G T P E (powers of
 * 1024). Writes into buf (at least BOX_HUMAN_LEN bytes) and returns it. */
#define BOX_HUMAN_LEN 16
char *box_human(uint64_t bytes, char *buf);
/* Converts one backslash escape at *s (just after the backslash) as echo -e and printf do
 * (echo_octal: \0NNN as echo wants, else \NNN as printf). Advances *s past the escape and
 * returns the byte, or BOX_ESCAPE_STOP for \c (print nothing more); for an unknown escape
 * returns BOX_ESCAPE_UNKNOWN and leaves *s alone (the backslash is then printed as is). */
#define BOX_ESCAPE_STOP    (-1)
#define BOX_ESCAPE_UNKNOWN (-2)
int box_escape(const char **s, bool echo_octal);
/* Writes all of buf to fd; false on error. */
bool box_write_all(int fd, const void *buf, size_t len);
/* The terminal's width for column output: $COLUMNS, then the tty, then 80. */
int box_terminal_columns(void);

/* Parses a date as touch -d and date -d take it: "@SECONDS", "YYYY-MM-DD", "YYYY-MM-DD
 * HH:MM[:SS]" (also with a 'T'), "HH:MM[:SS]" (today); local time unless it ends in "UTC" or
 * "Z". False if the text is none of these. */
bool box_parse_date(const char *text, struct timespec *out);

/* ---- files --------------------------------------------------------------------------------- */
/* Opens path for reading ("-" is stdin); NULL with errno set on failure. */
FILE *box_open_input(const char *path);
/* Closes what box_open_input opened (leaves stdin open). */
void box_close_input(FILE *f);
/* The entries of directory path, without "." and "..", sorted by name in byte order; hidden
 * entries (leading '.') only if all is true. Returns NULL with errno set on failure; *count
 * receives the number of names. Free with box_free_names. */
char **box_list_dir(const char *path, bool all, size_t *count);
void box_free_names(char **names, size_t count);
/* dir + "/" + name, newly allocated (no doubled slash when dir ends in '/'). */
char *box_path_join(const char *dir, const char *name);
/* Last component of path, without trailing slashes ("/" for "/"), newly allocated. */
char *box_basename(const char *path);

/* ---- users and groups (from /etc/passwd, /etc/group; static glibc has no NSS) -------------- */
/* The name of uid / gid, or NULL; the string is valid until the next call. */
const char *box_user_name(uid_t uid);
const char *box_group_name(gid_t gid);
/* The id of a user or group name; false if unknown. */
bool box_user_id(const char *name, uid_t *uid);
bool box_group_id(const char *name, gid_t *gid);

/* ---- the applets (box.c holds the table) --------------------------------------------------- */
#define BOX_DECLARE(fn) int fn(int argc, char **argv);
BOX_DECLARE(basename_main)
BOX_DECLARE(cat_main) BOX_DECLARE(chmod_main) BOX_DECLARE(clear_main) BOX_DECLARE(cp_main)
    BOX_DECLARE(cut_main) BOX_DECLARE(date_main) BOX_DECLARE(df_main) BOX_DECLARE(dirname_main)
        BOX_DECLARE(dmesg_main) BOX_DECLARE(echo_main) BOX_DECLARE(env_main) BOX_DECLARE(false_main)
            BOX_DECLARE(find_main) BOX_DECLARE(free_main) BOX_DECLARE(grep_main) BOX_DECLARE(
                head_main) BOX_DECLARE(hostname_main) BOX_DECLARE(id_main) BOX_DECLARE(kill_main)
                BOX_DECLARE(ln_main) BOX_DECLARE(ls_main) BOX_DECLARE(mkdir_main)
                    BOX_DECLARE(mount_main) BOX_DECLARE(mv_main) BOX_DECLARE(printf_main)
                        BOX_DECLARE(ps_main) BOX_DECLARE(pwd_main) BOX_DECLARE(readlink_main)
                            BOX_DECLARE(realpath_main) BOX_DECLARE(rm_main) BOX_DECLARE(rmdir_main)
                                BOX_DECLARE(seq_main) BOX_DECLARE(sleep_main) BOX_DECLARE(sort_main)
                                    BOX_DECLARE(stat_main) BOX_DECLARE(sync_main)
                                        BOX_DECLARE(tail_main) BOX_DECLARE(tee_main)
                                            BOX_DECLARE(test_main) BOX_DECLARE(top_main)
                                                BOX_DECLARE(touch_main) BOX_DECLARE(tr_main)
                                                    BOX_DECLARE(true_main) BOX_DECLARE(uname_main)
                                                        BOX_DECLARE(uniq_main) BOX_DECLARE(wc_main)
                                                            BOX_DECLARE(which_main)
                                                                BOX_DECLARE(xargs_main)
                                                                    BOX_DECLARE(yes_main)
                                                                        BOX_DECLARE(bracket_main)

#endif
