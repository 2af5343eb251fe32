/*
 * jobs.c - child processes and jobs: forking, waiting, job control (process groups and the
 * terminal's foreground group), and the jobs, fg, bg, wait and kill builtins.
 *
 * Every fork goes through job_fork, which resets the child (signals, traps, job control) and,
 * under job control, puts it in the job's process group from both sides to avoid the race.
 * A job is a pipeline or a single command; it stays in the table while running or stopped,
 * and a background job also until its end has been reported or collected by wait.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

struct proc {
    pid_t pid;
    int status; /* as from waitpid */
    int state;  /* enum job_state */
};

struct job {
    struct job *next;
    int id; /* %n; 0 for a foreground job not in the table */
    int nprocs, used;
    struct proc *procs;
    pid_t pgid;
    int state;
    int bg;
    int reported;
    char *text; /* for messages */
};

pid_t last_bg_pid;
int job_control;
static struct job *jobs;
static struct job *current_job; /* %+ */
static pid_t shell_pgid;
static int tty_fd = -1;

/* ---- describing a command --------------------------------------------------------------- */

static void describe(struct strbuf *sb, struct node *n)
{
    if (!n)
        return;
    switch (n->type) {
    case N_CMD:
        for (char **a = n->assigns; a && *a; a++) {
            sb_adds(sb, *a);
            sb_addc(sb, ' ');
        }
        for (char **w = n->words; w && *w; w++) {
            sb_adds(sb, *w);
            if (w[1])
                sb_addc(sb, ' ');
        }
        break;
    case N_PIPE:
        describe(sb, n->left);
        sb_adds(sb, " | ");
        describe(sb, n->right);
        break;
    case N_AND:
    case N_OR:
        describe(sb, n->left);
        sb_adds(sb, n->type == N_AND ? " && " : " || ");
        describe(sb, n->right);
        break;
    case N_SEQ:
        describe(sb, n->left);
        sb_adds(sb, "; ");
        describe(sb, n->right);
        break;
    case N_SUBSHELL:
        sb_adds(sb, "(");
        describe(sb, n->left);
        sb_adds(sb, ")");
        break;
    case N_NOT:
        sb_adds(sb, "! ");
        describe(sb, n->left);
        break;
    default:
        sb_adds(sb, "...");
    }
}

/* ---- the table -------------------------------------------------------------------------- */

struct job *job_new(int nprocs)
{
    struct job *job = xmalloc(sizeof(*job));

    memset(job, 0, sizeof(*job));
    job->nprocs = nprocs;
    job->procs = xmalloc((size_t)nprocs * sizeof(struct proc));
    return job;
}

static void job_free(struct job *job)
{
    for (struct job **pj = &jobs; *pj; pj = &(*pj)->next) {
        if (*pj == job) {
            *pj = job->next;
            break;
        }
    }
    if (current_job == job) {
        current_job = NULL;
        for (struct job *j = jobs; j; j = j->next)
            current_job = j;
    }
    free(job->procs);
    free(job->text);
    free(job);
}

static void job_insert(struct job *job)
{
    int id = 1;
    struct job **pj;

    if (job->id)
        return;
    for (struct job *j = jobs; j; j = j->next)
        if (j->id >= id)
            id = j->id + 1;
    job->id = id;
    for (pj = &jobs; *pj; pj = &(*pj)->next)
        ;
    job->next = NULL;
    *pj = job;
    current_job = job;
}

static void update_state(struct job *job)
{
    int running = 0, stopped = 0;

    for (int i = 0; i < job->used; i++) {
        if (job->procs[i].state == JOB_RUNNING)
            running = 1;
        else if (job->procs[i].state == JOB_STOPPED)
            stopped = 1;
    }
    job->state = running ? JOB_RUNNING : stopped ? JOB_STOPPED : JOB_DONE;
}

static int record_in(struct job *j, pid_t pid, int status)
{
    for (int i = 0; i < j->used; i++) {
        if (j->procs[i].pid != pid)
            continue;
        j->procs[i].status = status;
        j->procs[i].state = WIFSTOPPED(status) ? JOB_STOPPED : JOB_DONE;
        update_state(j);
        return 1;
    }
    return 0;
}

/* Records a status from waitpid against whichever job owns pid (extra: one not in the table). */
static void record_status(pid_t pid, int status, struct job *extra)
{
    if (extra && record_in(extra, pid, status))
        return;
    for (struct job *j = jobs; j; j = j->next)
        if (record_in(j, pid, status))
            return;
}

static int proc_exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    if (WIFSTOPPED(status))
        return 128 + WSTOPSIG(status);
    return 0;
}

static int job_exit_code(struct job *job)
{
    return proc_exit_code(job->procs[job->used - 1].status);
}

/* ---- forking ---------------------------------------------------------------------------- */

static void child_reset(struct job *job, int bg)
{
    int was_job_control = job_control;

    sh_subshell = 1;
    job_control = 0;
    sh_opts[OPT_MONITOR] = 0;
    trap_reset_in_child();
    if (was_job_control && job) {
        pid_t pgid = job->pgid ? job->pgid : getpid();
        setpgid(0, pgid);
        if (!bg && tty_fd >= 0)
            tcsetpgrp(tty_fd, pgid);
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTTOU, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
    } else if (bg) {
        /* Without job control a background command must not see the terminal's signals. */
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0 && fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
    }
    if (tty_fd >= 0) {
        close(tty_fd);
        tty_fd = -1;
    }
}

pid_t job_fork(struct job *job, struct node *n, int bg)
{
    pid_t pid;

    out_flush();
    pid = fork();
    if (pid < 0)
        sh_error("fork: %s", strerror(errno));
    if (pid == 0) {
        child_reset(job, bg);
        return 0;
    }
    if (!job)
        return pid;
    if (job->used == 0) {
        job->pgid = pid;
        job->bg = bg;
        if (n) {
            struct strbuf sb = {0};
            describe(&sb, n);
            job->text = sb.s ? sb.s : xstrdup("");
        }
    }
    if (job_control)
        setpgid(pid, job->pgid);
    if (job->used < job->nprocs) {
        job->procs[job->used].pid = pid;
        job->procs[job->used].status = 0;
        job->procs[job->used].state = JOB_RUNNING;
        job->used++;
    }
    job->state = JOB_RUNNING;
    return pid;
}

void job_background(struct job *job)
{
    job->bg = 1;
    last_bg_pid = job->procs[job->used - 1].pid;
    job_insert(job);
    if (sh_interactive && job_control) {
        char msg[64];
        int n = snprintf(msg, sizeof(msg), "[%d] %d\n", job->id, (int)last_bg_pid);
        write_all(2, msg, (size_t)n);
    }
}

static void print_job(struct job *job, int fd_out)
{
    const char *state;
    char buf[64];

    if (job->state == JOB_RUNNING) {
        state = "Running";
    } else if (job->state == JOB_STOPPED) {
        state = "Stopped";
    } else {
        int st = job->procs[job->used - 1].status;
        if (WIFSIGNALED(st)) {
            state = strsignal(WTERMSIG(st));
        } else if (WEXITSTATUS(st)) {
            snprintf(buf, sizeof(buf), "Done(%d)", WEXITSTATUS(st));
            state = buf;
        } else {
            state = "Done";
        }
    }
    char *line = tmp_printf("[%d]%c %-24s %s\n", job->id, job == current_job ? '+' : ' ', state,
                            job->text ? job->text : "");
    if (fd_out == 1)
        out_str(line);
    else
        write_all(fd_out, line, strlen(line));
}

/* ---- waiting ---------------------------------------------------------------------------- */

static void give_terminal_back(void)
{
    if (job_control && tty_fd >= 0)
        tcsetpgrp(tty_fd, shell_pgid);
}

/* A foreground job killed by a signal: say so, as dash does ("Killed", "Terminated"). */
static void report_signal(struct job *job)
{
    int st = job->procs[job->used - 1].status;

    if (!WIFSIGNALED(st))
        return;
    int sig = WTERMSIG(st);
    if (sig == SIGINT) {
        if (job_control)
            write_all(2, "\n", 1);
        return;
    }
    if (sig == SIGPIPE)
        return;
    char *msg = tmp_printf("%s%s\n", strsignal(sig), WCOREDUMP(st) ? " (core dumped)" : "");
    write_all(2, msg, strlen(msg));
}

int job_wait_fg(struct job *job)
{
    int status;

    if (job_control && tty_fd >= 0)
        tcsetpgrp(tty_fd, job->pgid);
    while (job->state == JOB_RUNNING) {
        pid_t pid = waitpid(-1, &status, job_control ? WUNTRACED : 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        record_status(pid, status, job);
    }
    give_terminal_back();
    int code = job_exit_code(job);
    if (job->state == JOB_STOPPED) {
        job_insert(job);
        job->bg = 1;
        write_all(2, "\n", 1);
        print_job(job, 2);
        return code;
    }
    report_signal(job);
    if (job->id) {
        job_free(job);
    } else {
        free(job->procs);
        free(job->text);
        free(job);
    }
    return code;
}

void jobs_reap(int report)
{
    int status;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG | (job_control ? WUNTRACED : 0))) > 0)
        record_status(pid, status, NULL);
    if (!report || !sh_interactive)
        return;
    for (struct job *j = jobs, *next; j; j = next) {
        next = j->next;
        if (j->state == JOB_DONE) {
            print_job(j, 2);
            job_free(j);
        }
    }
}

void jobs_init(void)
{
    if (!sh_opts[OPT_MONITOR] || !sh_interactive)
        return;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return;
    tty_fd = fd_move_high(fd);
    /* Wait until we are in the foreground before taking control. */
    for (;;) {
        pid_t fg = tcgetpgrp(tty_fd);
        if (fg < 0) {
            close(tty_fd);
            tty_fd = -1;
            return;
        }
        if (fg == getpgrp())
            break;
        kill(-getpgrp(), SIGTTIN);
    }
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    shell_pgid = getpid();
    setpgid(0, shell_pgid);
    tcsetpgrp(tty_fd, shell_pgid);
    job_control = 1;
}

/* ---- builtins --------------------------------------------------------------------------- */

/* Finds a job by %n, %+, %-, %string, or a pid. */
static struct job *find_job(const char *spec, int quiet)
{
    if (!spec || strcmp(spec, "%+") == 0 || strcmp(spec, "%%") == 0 || strcmp(spec, "%") == 0) {
        if (!current_job && !quiet)
            sh_warn("No current job");
        return current_job;
    }
    if (spec[0] == '%') {
        if (spec[1] == '-') {
            struct job *prev = NULL;
            for (struct job *j = jobs; j; j = j->next)
                if (j != current_job)
                    prev = j;
            return prev;
        }
        for (struct job *j = jobs; j; j = j->next) {
            if (spec[1] >= '0' && spec[1] <= '9'
                    ? j->id == atoi(spec + 1)
                    : j->text && strncmp(j->text, spec + 1, strlen(spec + 1)) == 0)
                return j;
        }
        if (!quiet)
            sh_warn("%s: No such job", spec);
        return NULL;
    }
    pid_t pid = atoi(spec);
    for (struct job *j = jobs; j; j = j->next)
        for (int i = 0; i < j->used; i++)
            if (j->procs[i].pid == pid)
                return j;
    return NULL;
}

int bi_jobs(int argc, char **argv)
{
    jobs_reap(0);
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            struct job *j = find_job(argv[i], 0);
            if (j)
                print_job(j, 1);
        }
        return 0;
    }
    for (struct job *j = jobs, *next; j; j = next) {
        next = j->next;
        print_job(j, 1);
        if (j->state == JOB_DONE)
            job_free(j);
    }
    return 0;
}

static int resume(struct job *job, int fg)
{
    if (!job_control)
        sh_error("%s: No job control", fg ? "fg" : "bg");
    for (int i = 0; i < job->used; i++)
        if (job->procs[i].state == JOB_STOPPED)
            job->procs[i].state = JOB_RUNNING;
    job->state = JOB_RUNNING;
    current_job = job;
    if (fg)
        out_printf("%s\n", job->text);
    else
        out_printf("[%d] %s &\n", job->id, job->text);
    out_flush();
    if (fg) {
        job->bg = 0;
        tcsetpgrp(tty_fd, job->pgid);
    }
    kill(-job->pgid, SIGCONT);
    if (!fg)
        return 0;
    return job_wait_fg(job);
}

int bi_fg(int argc, char **argv)
{
    struct job *job = find_job(argc > 1 ? argv[1] : NULL, 0);

    return job ? resume(job, 1) : 1;
}

int bi_bg(int argc, char **argv)
{
    struct job *job = find_job(argc > 1 ? argv[1] : NULL, 0);

    return job ? resume(job, 0) : 1;
}

/* Waits for one job to finish (report: say if a signal killed it); returns its status, or
 * 128+signal if a trap interrupted. */
static int wait_job(struct job *job, int report)
{
    int status;

    while (job->state == JOB_RUNNING) {
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR && pending_signals)
                return 128 + pending_signals;
            if (errno == EINTR)
                continue;
            break;
        }
        record_status(pid, status, NULL);
    }
    int code = job_exit_code(job);
    if (job->state == JOB_DONE) {
        /* dash names the signal for `wait PID`, not for a bare `wait`. */
        if (report)
            report_signal(job);
        job_free(job);
    }
    return code;
}

int bi_wait(int argc, char **argv)
{
    int status = 0;

    if (argc < 2) {
        while (jobs) {
            struct job *j = jobs;
            while (j && j->state != JOB_RUNNING)
                j = j->next;
            if (!j)
                break;
            status = wait_job(j, 0);
            if (status > 128 && pending_signals)
                return status;
        }
        /* Collected: nothing to report any more. */
        for (struct job *j = jobs, *next; j; j = next) {
            next = j->next;
            if (j->state == JOB_DONE)
                job_free(j);
        }
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        struct job *j = find_job(argv[i], 1);
        status = j ? wait_job(j, 1) : 127;
    }
    return status;
}

int bi_kill(int argc, char **argv)
{
    int sig = SIGTERM, i = 1, status = 0;

    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        if (argc > 2) {
            int n = atoi(argv[2]);
            if (n > 128)
                n -= 128;
            const char *name = sig_name(n);
            if (!name)
                sh_error("kill: invalid signal number or exit status: %s", argv[2]);
            out_printf("%s\n", name);
            return 0;
        }
        for (int s = 1; s < 65; s++)
            if (sig_name(s))
                out_printf("%s\n", sig_name(s));
        return 0;
    }
    if (argc > 2 && (strcmp(argv[1], "-s") == 0 || strcmp(argv[1], "-n") == 0)) {
        sig = sig_by_name(argv[2]);
        i = 3;
    } else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--") != 0) {
        sig = sig_by_name(argv[1] + 1);
        i = 2;
    } else if (argc > 1 && strcmp(argv[1], "--") == 0) {
        i = 2;
    }
    if (sig < 0)
        sh_error("kill: invalid signal number or name: %s", argv[i - 1]);
    if (i >= argc)
        sh_error("kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
                 "kill -l [exitstatus]");
    for (; i < argc; i++) {
        pid_t pid;
        if (argv[i][0] == '%') {
            struct job *j = find_job(argv[i], 0);
            if (!j) {
                status = 1;
                continue;
            }
            pid = job_control ? -j->pgid : j->procs[0].pid;
            if (!job_control) {
                for (int k = 0; k < j->used; k++)
                    if (j->procs[k].state != JOB_DONE)
                        kill(j->procs[k].pid, sig);
                continue;
            }
        } else {
            char *end;
            pid = (pid_t)strtol(argv[i], &end, 10);
            if (*end || !argv[i][0])
                sh_error("kill: Illegal number: %s", argv[i]);
        }
        if (kill(pid, sig) < 0) {
            sh_warn("kill: %s", strerror(errno));
            status = 1;
        }
    }
    return status;
}
