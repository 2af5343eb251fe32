/*
 * bench/bench_boot.c - boot.kernel: host process start to "kernel ready", in milliseconds.
 *
 * Starts `vaelix run --headless --init halt --cpus 1` (which powers off as soon as it is up)
 * with its output on a pipe, and times fork+exec until the "kernel ready" line arrives. The
 * baseline is fork+exec of /bin/true until it exits: what any process start costs here.
 *
 *   bench_boot PATH-TO-VAELIX
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

#define RUNS 31

/* Run argv with stdout on a pipe; return ns until `marker` is read (or until exit if NULL). */
static double time_start(char *const argv[], const char *marker)
{
    int fds[2];
    if (pipe(fds) != 0)
        exit(1);
    uint64_t t0 = bench_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char buf[8192];
    size_t len = 0;
    uint64_t seen = 0;
    ssize_t n;
    while ((n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0) {
        len += (size_t)n;
        buf[len] = '\0';
        if (marker && !seen && strstr(buf, marker))
            seen = bench_now_ns();
        if (len > sizeof buf / 2) { /* keep the tail: the marker may straddle reads */
            memmove(buf, buf + len - 256, 256);
            len = 256;
        }
    }
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    uint64_t end = bench_now_ns();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || (marker && !seen)) {
        fprintf(stderr, "bench_boot: %s did not boot cleanly\n", argv[0]);
        exit(1);
    }
    return (double)((marker ? seen : end) - t0) / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_boot PATH-TO-VAELIX\n");
        return 2;
    }
    char *vaelix[] = {argv[1], "run", "--headless", "--init", "halt", "--cpus", "1", NULL};
    char *host[] = {"/bin/true", NULL};
    double boot[RUNS], base[RUNS];
    for (unsigned i = 0; i < RUNS; i++) {
        boot[i] = time_start(vaelix, "kernel ready");
        base[i] = time_start(host, NULL);
    }
    double p99 = bench_quantile(boot, RUNS, 0.99);
    bench_report(&(struct bench_figure){.name = "boot.kernel",
                                        .unit = "ms",
                                        .value = bench_quantile(boot, RUNS, 0.5),
                                        .p99 = p99,
                                        .baseline = "host.process_start",
                                        .baseline_value = bench_quantile(base, RUNS, 0.5)});
    return 0;
}
