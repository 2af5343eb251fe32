/*
 * trap.c - signal names, the trap builtin, and running trap actions (XCU "trap").
 *
 * A caught signal only sets a flag in the handler; the action runs between commands
 * (trap_run_pending, called by eval_node and while waiting), so it never interrupts the shell
 * in the middle of changing its own state. The EXIT action runs once, from sh_exit.
 */
#include "sh.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define TRAP_MAX 65 /* 0 (EXIT) and signals 1..64 */

volatile int pending_signals;
volatile int got_sigint;
static volatile sig_atomic_t pending[TRAP_MAX];
static char *actions[TRAP_MAX]; /* NULL: default; "": ignored */
static int in_trap;

static const struct {
    int sig;
    const char *name;
} signals[] = {
    {SIGHUP, "HUP"},       {SIGINT, "INT"},   {SIGQUIT, "QUIT"},   {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"},     {SIGABRT, "ABRT"}, {SIGBUS, "BUS"},     {SIGFPE, "FPE"},
    {SIGKILL, "KILL"},     {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"},   {SIGUSR2, "USR2"},
    {SIGPIPE, "PIPE"},     {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},   {SIGCHLD, "CHLD"},
    {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},   {SIGTTIN, "TTIN"},
    {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},   {SIGXFSZ, "XFSZ"},
    {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"}, {SIGIO, "IO"},
    {SIGPWR, "PWR"},       {SIGSYS, "SYS"},
};

const char *sig_name(int sig)
{
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (signals[i].sig == sig)
            return signals[i].name;
    return NULL;
}

/* A signal by name (with or without SIG) or number; 0 is EXIT; -1 if unknown. */
int sig_by_name(const char *name)
{
    if (name[0] >= '0' && name[0] <= '9') {
        char *end;
        long n = strtol(name, &end, 10);
        return *end || n >= TRAP_MAX ? -1 : (int)n;
    }
    if (strcasecmp(name, "EXIT") == 0)
        return 0;
    if (strncasecmp(name, "SIG", 3) == 0)
        name += 3;
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (strcasecmp(signals[i].name, name) == 0)
            return signals[i].sig;
    return -1;
}

static void on_signal(int sig)
{
    if (sig == SIGINT)
        got_sigint = 1;
    if (sig > 0 && sig < TRAP_MAX && actions[sig]) {
        pending[sig] = 1;
        pending_signals = sig;
    }
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: wait and read must see EINTR to run a trap promptly. */
    sigaction(sig, &sa, NULL);
}

/* What a signal does when no trap is set. */
static void default_disposition(int sig)
{
    if (sh_interactive && !sh_subshell && (sig == SIGINT || sig == SIGQUIT || sig == SIGTERM)) {
        set_handler(sig, sig == SIGINT ? on_signal : SIG_IGN);
        return;
    }
    if (job_control && !sh_subshell && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)) {
        set_handler(sig, SIG_IGN);
        return;
    }
    set_handler(sig, SIG_DFL);
}

void trap_init(void)
{
    if (sh_interactive) {
        default_disposition(SIGINT);
        default_disposition(SIGQUIT);
        default_disposition(SIGTERM);
    }
}

void trap_reset_in_child(void)
{
    for (int sig = 0; sig < TRAP_MAX; sig++) {
        pending[sig] = 0;
        if (actions[sig] && actions[sig][0]) {
            free(actions[sig]);
            actions[sig] = NULL;
            if (sig)
                set_handler(sig, SIG_DFL);
        }
    }
    pending_signals = 0;
    if (sh_interactive) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
    }
}

static void run_action(const char *action)
{
    int saved = exit_status;
    int saved_skip = eval_skip;

    in_trap++;
    eval_skip = SKIP_NONE;
    sh_eval_string(action, 0);
    in_trap--;
    if (eval_skip == SKIP_NONE)
        eval_skip = saved_skip;
    exit_status = saved;
}

void trap_run_pending(void)
{
    if (in_trap || !pending_signals)
        return;
    pending_signals = 0;
    for (int sig = 1; sig < TRAP_MAX; sig++) {
        if (!pending[sig])
            continue;
        pending[sig] = 0;
        if (actions[sig] && actions[sig][0]) {
            char *copy = tmp_strdup(actions[sig]);
            run_action(copy);
        }
    }
}

int trap_exit_set(void)
{
    return actions[0] && actions[0][0];
}

int trap_exit(void)
{
    char *action = actions[0];

    if (!action)
        return 0;
    actions[0] = NULL;
    if (action[0]) {
        struct sh_jmp jmp, *prev = sh_handler;
        jmp.prev = prev;
        if (!setjmp(jmp.buf)) {
            sh_handler = &jmp;
            int saved = exit_status;
            sh_eval_string(action, 0);
            exit_status = saved;
        }
        sh_handler = prev;
    }
    free(action);
    return 1;
}

static void print_traps(void)
{
    for (int sig = 0; sig < TRAP_MAX; sig++) {
        if (!actions[sig])
            continue;
        out_str("trap -- '");
        for (const char *p = actions[sig]; *p; p++)
            out_str(*p == '\'' ? "'\\''" : (char[]){*p, '\0'});
        out_printf("' %s\n", sig ? sig_name(sig) : "EXIT");
    }
}

static int set_trap(const char *action, const char *cond)
{
    int sig = sig_by_name(cond);

    if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
        sh_warn("trap: %s: bad trap", cond);
        return 1;
    }
    free(actions[sig]);
    actions[sig] = action ? xstrdup(action) : NULL;
    if (sig == 0)
        return 0;
    if (!action)
        default_disposition(sig);
    else if (!action[0])
        set_handler(sig, SIG_IGN);
    else
        set_handler(sig, on_signal);
    return 0;
}

int bi_trap(int argc, char **argv)
{
    int i = 1, status = 0;

    if (argc > 1 && strcmp(argv[1], "--") == 0)
        i++;
    if (i >= argc) {
        print_traps();
        return 0;
    }
    const char *action = argv[i];
    /* "trap N..." (a number first) and "trap - N..." reset. */
    if (sig_by_name(action) >= 0 && action[0] >= '0' && action[0] <= '9') {
        action = NULL;
    } else {
        i++;
        if (strcmp(action, "-") == 0)
            action = NULL;
    }
    for (; i < argc; i++)
        status |= set_trap(action, argv[i]);
    return status;
}
