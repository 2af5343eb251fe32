/*
 * bench/bench_linux.c - the Linux personality's figures (issue 5), each against the host
 * doing the same thing in the same run:
 *
 *   bench_linux PATH-TO-VAELIX shell     boot.shell: spawn of `vaelix exec -- /bin/sh -i` until
 *                                        its prompt arrives; baseline the host's `dash -i`
 *   bench_linux PATH-TO-VAELIX spawn     spawn.true: fork + execve(/bin/true) + waitpid
 *   bench_linux PATH-TO-VAELIX syscall   syscall.linux: one getppid() through the personality
 *   bench_linux PATH-TO-VAELIX pipe      pipe.throughput and pipe.latency between two processes
 *
 * The workloads are bench/linux/lbench.c, built for riscv64 (run under `vaelix exec`) and for
 * the host (BENCH_LINUX_GUEST, BENCH_LINUX_NATIVE: bench/linux/linux.cmake). Each prints one
 * "<figure> <value>" line per sample; this program collects them and reports medians and p99.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

#define SHELL_RUNS 31
#define SPAWN_ITERATIONS "201"
#define GETPPID_BATCHES "51"
#define GETPPID_CALLS "20000"
#define PIPE_TP_BATCHES "21"
#define PIPE_TP_MIB "16"
#define PIPE_RTT_BATCHES "51"
#define PIPE_RTT_ROUNDS "500"
#define MAX_SAMPLES 1024
/* PS1 for both shells: a marker that cannot be mistaken for other output. */
#define PROMPT "vx-bench-prompt$ "

static const char *vaelix;

/* Run argv with stdout on a pipe; keep the values of the lines "key value". Exits on failure. */
static size_t collect(char *const argv[], const char *key, double *samples)
{
    int fds[2];
    if (pipe(fds) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    char line[256];
    size_t n = 0, keylen = strlen(key);
    while (fgets(line, sizeof line, in)) {
        if (strncmp(line, key, keylen) == 0 && line[keylen] == ' ' && n < MAX_SAMPLES)
            samples[n++] = strtod(line + keylen + 1, NULL);
    }
    fclose(in);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n == 0) {
        fprintf(stderr, "bench_linux: %s %s failed (status %#x, %zu samples)\n", argv[0],
                argv[1], status, n);
        exit(1);
    }
    return n;
}

/* The same lbench arguments in the guest and on the host. */
static size_t run_guest(char *mode, char *a, char *b, const char *key, double *samples)
{
    char *argv[] = {(char *)vaelix, "exec", "--", BENCH_LINUX_GUEST, mode, a, b, NULL};
    return collect(argv, key, samples);
}

static size_t run_native(char *mode, char *a, char *b, const char *key, double *samples)
{
    char *argv[] = {BENCH_LINUX_NATIVE, mode, a, b, NULL};
    return collect(argv, key, samples);
}

static void report(const char *name, const char *unit, double *value, size_t nv,
                   const char *baseline, double *base, size_t nb, double scale, bool higher)
{
    double p99 = bench_quantile(value, nv, higher ? 0.01 : 0.99) * scale;
    bench_report(&(struct bench_figure){.name = name,
                                        .unit = unit,
                                        .value = bench_quantile(value, nv, 0.5) * scale,
                                        .p99 = p99,
                                        .baseline = baseline,
                                        .baseline_value = bench_quantile(base, nb, 0.5) * scale,
                                        .higher_is_better = higher});
}

/* ms from fork to PROMPT on the shell's stdout or stderr; then stdin's EOF ends the shell. */
static double time_prompt(char *const argv[])
{
    int out[2], in[2];
    if (pipe(out) != 0 || pipe(in) != 0)
        exit(1);
    uint64_t t0 = bench_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    char buf[4096];
    size_t len = 0;
    uint64_t seen = 0;
    ssize_t n;
    while (!seen && (n = read(out[0], buf + len, sizeof buf - 1 - len)) > 0) {
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, PROMPT))
            seen = bench_now_ns();
        else if (len > sizeof buf / 2) {
            memmove(buf, buf + len - 64, 64);
            len = 64;
        }
    }
    close(in[1]);
    while (read(out[0], buf, sizeof buf) > 0)
        ;
    close(out[0]);
    int status;
    waitpid(pid, &status, 0);
    if (!seen) {
        fprintf(stderr, "bench_linux: %s %s printed no prompt (status %#x)\n", argv[0], argv[1],
                status);
        exit(1);
    }
    return (double)(seen - t0) / 1e6;
}

static void bench_shell(void)
{
    /* Both shells take PS1 from the environment; ENV would make dash read a file first. */
    setenv("PS1", PROMPT, 1);
    unsetenv("ENV");
    char *guest[] = {(char *)vaelix, "exec", "--", "/bin/sh", "-i", NULL};
    char *host[] = {"/bin/dash", "-i", NULL};
    double shell[SHELL_RUNS], dash[SHELL_RUNS];
    for (unsigned i = 0; i < SHELL_RUNS; i++) {
        shell[i] = time_prompt(guest);
        dash[i] = time_prompt(host);
    }
    report("boot.shell", "ms", shell, SHELL_RUNS, "host.dash_prompt", dash, SHELL_RUNS, 1, false);
}

static void bench_spawn(void)
{
    static double guest[MAX_SAMPLES], host[MAX_SAMPLES];
    size_t ng = run_guest("spawn", SPAWN_ITERATIONS, "/bin/true", "spawn_ns", guest);
    size_t nh = run_native("spawn", SPAWN_ITERATIONS, BENCH_LINUX_TRUE, "spawn_ns", host);
    report("spawn.true", "us", guest, ng, "host.spawn_static_true", host, nh, 1e-3, false);
}

static void bench_syscall(void)
{
    static double guest[MAX_SAMPLES], host[MAX_SAMPLES];
    size_t ng = run_guest("getppid", GETPPID_BATCHES, GETPPID_CALLS, "getppid_ns", guest);
    size_t nh = run_native("getppid", GETPPID_BATCHES, GETPPID_CALLS, "getppid_ns", host);
    report("syscall.linux", "ns", guest, ng, "host.getppid", host, nh, 1, false);
}

static void bench_pipe(void)
{
    static double guest[MAX_SAMPLES], host[MAX_SAMPLES];
    size_t ng = run_guest("pipe_tp", PIPE_TP_BATCHES, PIPE_TP_MIB, "pipe_mbps", guest);
    size_t nh = run_native("pipe_tp", PIPE_TP_BATCHES, PIPE_TP_MIB, "pipe_mbps", host);
    report("pipe.throughput", "MB/s", guest, ng, "host.pipe_throughput", host, nh, 1, true);
    ng = run_guest("pipe_rtt", PIPE_RTT_BATCHES, PIPE_RTT_ROUNDS, "pipe_rtt_ns", guest);
    nh = run_native("pipe_rtt", PIPE_RTT_BATCHES, PIPE_RTT_ROUNDS, "pipe_rtt_ns", host);
    report("pipe.latency", "ns", guest, ng, "host.pipe_rtt_process", host, nh, 1, false);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_linux PATH-TO-VAELIX shell|spawn|syscall|pipe\n");
        return 2;
    }
    vaelix = argv[1];
    signal(SIGPIPE, SIG_IGN);
    if (strcmp(argv[2], "shell") == 0)
        bench_shell();
    else if (strcmp(argv[2], "spawn") == 0)
        bench_spawn();
    else if (strcmp(argv[2], "syscall") == 0)
        bench_syscall();
    else if (strcmp(argv[2], "pipe") == 0)
        bench_pipe();
    else {
        fprintf(stderr, "bench_linux: no mode '%s'\n", argv[2]);
        return 2;
    }
    return 0;
}
