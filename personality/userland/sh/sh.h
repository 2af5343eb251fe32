/*
 * sh.h - the VaelixOS POSIX shell: the one header every part of the shell shares.
 *
 * The shell reads a complete command at a time (input.c, lexer.c, parser.c build a tree of
 * struct node), then runs it (exec.c). Words stay as their raw source text until they are
 * run; expand.c turns them into fields (parameters, command substitution, arithmetic, field
 * splitting, pathnames, quote removal). Errors that abandon a command unwind with longjmp to
 * the innermost struct sh_jmp (sh_raise); memory made while running one command comes from the
 * temporary stack (tmp_*) and is released by whoever set the mark, so unwinding leaks nothing.
 */
#ifndef SH_H
#define SH_H

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- memory: mem.c ---------------------------------------------------------------------- */

/* A growable string; s is always NUL-terminated once anything was added. */
struct strbuf {
    char *s;
    size_t len;
    size_t cap;
};

void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void sb_addc(struct strbuf *sb, int c);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_free(struct strbuf *sb);
/* Returns sb's string as a temporary (see tmp_mark) and empties sb. */
char *sb_tmp(struct strbuf *sb);

/* Temporary allocations: freed together by tmp_release(mark) back to a tmp_mark(). */
size_t tmp_mark(void);
void tmp_release(size_t mark);
void *tmp_alloc(size_t size);
void *tmp_own(void *p); /* takes ownership of malloc'd p until release */
char *tmp_strdup(const char *s);
char *tmp_strndup(const char *s, size_t n);
char *tmp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A pool holds the nodes of one parsed command. Functions keep their pool alive with a
 * reference; the last pool_put frees it.
 */
struct pool;
struct pool *pool_new(void);
void pool_get(struct pool *p);
void pool_put(struct pool *p);
void *pool_alloc(struct pool *p, size_t size);
char *pool_strdup(struct pool *p, const char *s);

/* ---- errors: main.c --------------------------------------------------------------------- */

struct sh_jmp {
    jmp_buf buf;
    struct sh_jmp *prev;
};

enum sh_exception {
    EX_ERROR = 1, /* a shell error: message already printed */
    EX_EXIT,      /* exit builtin or fatal error: leave with exit_status */
    EX_INT,       /* SIGINT in an interactive shell */
};

extern struct sh_jmp *sh_handler;
extern int exit_status;    /* $? */
extern int sh_interactive; /* -i or both stdin and stderr are terminals */
extern int sh_lineno;      /* line of the command being run, for messages and LINENO */
extern char *sh_arg0;      /* $0 */
extern pid_t sh_rootpid;   /* $$ */
extern int sh_subshell;    /* nonzero in a forked child of the shell */

/* Prints "arg0: LINE: message" on stderr. */
void sh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints like sh_warn, sets $? to 2 and unwinds with EX_ERROR. */
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void sh_raise(int exception) __attribute__((noreturn));
/* Leaves the shell with status: runs the EXIT trap first. */
void sh_exit(int status) __attribute__((noreturn));
/* Runs the commands of a string (eval, -c, traps); returns their status. */
int sh_eval_string(const char *s, int flags);
/* Runs commands from fd until end of file (the . builtin, scripts). */
int sh_eval_fd(int fd, int flags);

/* ---- options: main.c -------------------------------------------------------------------- */

enum sh_option {
    OPT_ERREXIT,
    OPT_NOUNSET,
    OPT_XTRACE,
    OPT_NOGLOB,
    OPT_VERBOSE,
    OPT_NOEXEC,
    OPT_ALLEXPORT,
    OPT_NOCLOBBER,
    OPT_MONITOR,
    OPT_INTERACTIVE,
    OPT_STDIN,
    OPT_NOTIFY,
    OPT_IGNOREEOF,
    OPT_COUNT,
};
extern char sh_opts[OPT_COUNT];
/* Sets an option by its letter (e.g. 'e'); returns -1 if the letter is unknown. */
int opt_set_letter(int letter, int on);
int opt_set_name(const char *name, int on);
void opt_print(int reusable);
/* Current options as letters, for $-. */
char *opt_letters(void);

/* ---- input: input.c --------------------------------------------------------------------- */

struct input;
struct input *input_from_string(const char *s, int lineno);
struct input *input_from_fd(int fd, int interactive);
void input_free(struct input *in);
int in_getc(struct input *in); /* next character or EOF */
void in_ungetc(struct input *in, int c);
int in_lineno(struct input *in);
/* Chars consumed while capturing are appended to sb (nested captures all receive them). */
void in_capture_push(struct input *in, struct strbuf *sb);
void in_capture_pop(struct input *in);
int in_capture_depth(struct input *in);
void in_capture_reset(struct input *in, int depth);
void in_set_prompt(struct input *in, int which); /* 1: PS1, 2: PS2 */
/* Offset of the next character in a string input. */
size_t in_offset(struct input *in);

/* ---- the tree: parser.c ----------------------------------------------------------------- */

enum node_type {
    N_CMD,
    N_PIPE,
    N_AND,
    N_OR,
    N_SEQ,
    N_BG,
    N_NOT,
    N_SUBSHELL,
    N_GROUP,
    N_IF,
    N_WHILE,
    N_UNTIL,
    N_FOR,
    N_CASE,
    N_FUNC,
};

enum redir_type {
    R_IN,
    R_OUT,
    R_APPEND,
    R_CLOBBER,
    R_RDWR,
    R_DUPIN,
    R_DUPOUT,
    R_HEREDOC,
};

struct redir {
    struct redir *next;
    int type; /* enum redir_type */
    int fd;
    char *word;     /* the target, or the here-document delimiter, raw */
    char *heredoc;  /* the here-document body */
    int expand;     /* here-document: the delimiter was unquoted */
    int strip_tabs; /* <<- */
};

struct case_item {
    struct case_item *next;
    char **patterns; /* NULL-terminated, raw */
    struct node *body;
};

struct node {
    int type; /* enum node_type */
    int lineno;
    struct node *left, *right, *third; /* operands; if: cond, then, else */
    char **words;                      /* N_CMD: NULL-terminated raw words; N_FOR: the list */
    char **assigns;                    /* N_CMD: leading assignments */
    struct redir *redirs;
    char *name; /* N_FOR: variable; N_FUNC: function name; N_CASE: subject */
    int has_in; /* N_FOR: an explicit `in` list */
    struct case_item *items;
    struct pool *pool; /* N_FUNC: the pool the body lives in */
};

enum parse_result { PARSE_OK, PARSE_EOF, PARSE_EMPTY };

/* Parses one complete command from in into pool; *out is NULL for an empty line. */
int parse_command(struct input *in, struct pool *pool, struct node **out);
/* Parses the command list of "$(" starting at s, which ends at the matching ')'. */
struct node *parse_cmdsubst(const char *s, size_t *len, struct pool *pool, int lineno);
/* Lexer interface used by the parser. */
int is_name(const char *s);
int is_name_char(int c);
int is_name_start(int c);

/* ---- variables: var.c ------------------------------------------------------------------- */

enum var_flag { V_EXPORT = 1, V_READONLY = 2 };

const char *var_get(const char *name);
/* Sets name; fails (message, returns -1) if it is read-only. */
int var_set(const char *name, const char *value, int flags);
int var_unset(const char *name);
int var_flags(const char *name);
void var_add_flags(const char *name, int flags);
/* Sets from "name=value". */
int var_assign(const char *assignment, int flags);
char **var_environ(void); /* temporary */
void var_print(int only_flags, const char *prefix);
void var_init(char **envp);
/* Function-local variables. */
void var_push_scope(void);
void var_pop_scope(void);
int var_make_local(const char *name_or_assign);
/* Temporary assignments for one command (prefix assignments of builtins, functions). */
void var_push_temp(void);
void var_pop_temp(void);
void var_set_temp(const char *assign);

struct params {
    int count;
    char **values; /* malloc'd */
};
extern struct params sh_params;
void params_set(int count, char **values); /* copies */
void params_free(struct params *p);
struct params params_save(void);
void params_restore(struct params saved);

/* ---- expansion: expand.c, arith.c, glob.c ----------------------------------------------- */

enum expand_flag {
    EXP_FIELDS = 1, /* field splitting and pathname expansion */
    EXP_TILDE = 2,
    EXP_PATTERN = 4, /* result is a pattern: quoted characters come back backslashed */
    EXP_HEREDOC = 8, /* here-document body: only $, ` and \ are special */
    EXP_ASSIGN = 16, /* assignment: tildes after ':' too */
};

/* Expands words into a NULL-terminated temporary array of fields. */
char **expand_words(char **words, int *count);
/* Expands one word to one string (no splitting), e.g. assignments, redirection targets. */
char *expand_word(const char *word, int flags);
char *expand_heredoc(const char *body);
/* Runs cmd and returns its output without trailing newlines (temporary). */
char *command_output(struct node *cmd);
extern int last_cmdsubst_status;

long long arith_eval(const char *expr);

/* Does string match the pattern (backslash quotes a character)? */
int pattern_match(const char *pattern, const char *string);
/* Length of the shortest/longest prefix/suffix of s that pattern matches, or -1. */
int pattern_has_magic(const char *pattern);
/* Appends the sorted pathnames matching pattern to *list; returns the number added. */
int glob_expand(const char *pattern, char ***list, int *count, int *cap);
char *pattern_unescape(const char *pattern);

/* ---- execution: exec.c, redir.c --------------------------------------------------------- */

enum eval_flag {
    EV_EXIT = 1,   /* the last thing this process does: may exec without fork */
    EV_TESTED = 2, /* status is tested (if, while, &&, ||, !): no set -e */
    EV_BG = 4,
};

int eval_node(struct node *n, int flags);
/* Skip state for break, continue and return. */
enum skip { SKIP_NONE, SKIP_BREAK, SKIP_CONTINUE, SKIP_RETURN };
extern int eval_skip;
extern int skip_count;
extern int loop_depth;
extern int func_depth;

/* Redirections: applied with a save list so they can be undone. */
struct redir_save;
/*
 * Applies the redirections; unless keep, *save receives what redir_undo needs to put the fds
 * back. On failure prints a message, undoes what it did and returns -1.
 */
int redir_apply(struct redir *r, int keep, struct redir_save **save);
void redir_undo(struct redir_save *save);
/* Move fd out of the way of user fds (>= 10), close-on-exec. */
int fd_move_high(int fd);

/* Functions. */
struct node *func_lookup(const char *name);
void func_define(const char *name, struct node *def);
int func_unset(const char *name);
/* Finds an executable in PATH; returns a temporary path or NULL. */
char *path_search(const char *name);
/* Runs argv as a command not found among functions and builtins: execve, never returns. */
void exec_external(char **argv) __attribute__((noreturn));

/* ---- builtins: builtins.c and friends --------------------------------------------------- */

typedef int (*builtin_fn)(int argc, char **argv);

struct builtin {
    const char *name;
    builtin_fn fn;
    int special; /* POSIX special builtin: assignments persist, errors are fatal */
};

const struct builtin *builtin_lookup(const char *name);
int bi_test(int argc, char **argv);
int bi_printf(int argc, char **argv);
int bi_read(int argc, char **argv);
int bi_echo(int argc, char **argv);
/* Writes all of buf to fd; -1 on error. */
int write_all(int fd, const char *buf, size_t len);
/* Buffered stdout for builtins: flushed at the end of each builtin. */
void out_str(const char *s);
void out_mem(const char *s, size_t n);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int out_flush(void);
void out_discard(void);

/* ---- jobs and signals: jobs.c, trap.c --------------------------------------------------- */

struct job;
/* Forks; in the child returns 0 (after resetting job control and traps). */
pid_t job_fork(struct job *job, struct node *n, int bg);
struct job *job_new(int nprocs);
/* Waits for the foreground job; returns its status as $? would show it. */
int job_wait_fg(struct job *job);
void job_background(struct job *job);
void jobs_init(void);
void jobs_reap(int report);
int bi_jobs(int argc, char **argv);
int bi_fg(int argc, char **argv);
int bi_bg(int argc, char **argv);
int bi_wait(int argc, char **argv);
int bi_kill(int argc, char **argv);
extern pid_t last_bg_pid; /* $! */
extern int job_control;   /* set -m in effect and a terminal to control */

void trap_init(void);
void trap_reset_in_child(void);
void trap_run_pending(void);
int trap_exit(void); /* runs the EXIT trap once */
int trap_exit_set(void);
extern volatile int pending_signals;
extern volatile int got_sigint;
int bi_trap(int argc, char **argv);
int sig_by_name(const char *name);
const char *sig_name(int sig);

/* ---- line editing: lineedit.c ----------------------------------------------------------- */

/* Reads a line with editing; returns a malloc'd line without newline, or NULL at EOF. */
char *le_readline(const char *prompt);
void le_history_add(const char *line);
void le_history_save(void);

#endif
