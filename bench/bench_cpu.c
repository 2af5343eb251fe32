/*
 * bench/bench_cpu.c - the interpreter's speed on a compute mix (bench/cpu/mix.c).
 *
 *   bench_cpu [--runs N] [MIX_ELF NATIVE_BIN]
 *
 * Runs the same workload three ways, N times each (default 3, interleaved), and keeps the
 * best wall time of each:
 *   native   the host build of mix.c, spawned as a process
 *   qemu     `qemu-riscv64 MIX_ELF` (found on PATH, or $VX_QEMU_RISCV64)
 *   interp   MIX_ELF on our interpreter, in this process through rvh (machine setup, ELF
 *            load and run are all timed, as qemu's process start is)
 * Figures:
 *   cpu.mix         interp ms, baseline qemu-riscv64 ms     (speedup = qemu / interp)
 *   cpu.mix.native  interp ms, baseline host-native ms      (speedup = native / interp)
 *   cpu.mips        interp MIPS, baseline qemu-riscv64 MIPS (the same instruction count over
 *                   qemu's time)
 * Every run must exit 0 and print the same checksum line, or the benchmark fails: a fast
 * interpreter that computes the wrong answer is not a result.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "rvh.h"

#ifndef BENCH_CPU_MIX_ELF
#define BENCH_CPU_MIX_ELF "bench-cpu/mix.elf"
#endif
#ifndef BENCH_CPU_MIX_NATIVE
#define BENCH_CPU_MIX_NATIVE "bench_cpu_mix_native"
#endif

#define DEFAULT_RUNS   3
#define OUT_BYTES      512
#define GUEST_MEM      (64ull << 20)
#define MAX_GUEST_INSNS 1000000000000ull /* a runaway guest stops after ~an hour, not never */
#define PATH_BYTES     4096

/* What one run printed and how long it took. */
struct run {
    char out[OUT_BYTES];
    size_t out_len;
    double secs;
};

/* The absolute path of `name` on $PATH, in buf; 0 or -1. */
static int find_on_path(const char *name, char *buf, size_t len)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n > 0 && (size_t)snprintf(buf, len, "%.*s/%s", (int)n, path, name) < len &&
            access(buf, X_OK) == 0)
            return 0;
        path += n;
        if (*path == ':')
            path++;
    }
    return -1;
}

/* Spawn argv (argv[0] a path), capture its stdout, time it from fork to reaped. 0 or -1. */
static int run_process(char *const argv[], struct run *r)
{
    int fds[2];
    if (pipe(fds)) {
        perror("bench_cpu: pipe");
        return -1;
    }
    uint64_t t0 = bench_now_ns();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_cpu: fork");
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        fprintf(stderr, "bench_cpu: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    r->out_len = 0;
    for (;;) {
        char sink[256];
        char *dst = r->out_len < OUT_BYTES ? r->out + r->out_len : sink;
        size_t room = r->out_len < OUT_BYTES ? OUT_BYTES - r->out_len : sizeof sink;
        ssize_t n = read(fds[0], dst, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (dst != sink)
            r->out_len += (size_t)n;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    r->secs = (double)(bench_now_ns() - t0) / 1e9;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_cpu: %s failed (%s %d)\n", argv[0],
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return -1;
    }
    return 0;
}

/* Run the ELF on the interpreter in this process. 0 or -1. */
static int run_interp(const char *elf, struct run *r, uint64_t *insns)
{
    static struct rvh v;
    struct rvh_result res;
    int rc = -1;
    uint64_t t0 = bench_now_ns();
    if (rvh_init(&v, GUEST_MEM) || rvh_load_file(&v, elf)) {
        fprintf(stderr, "bench_cpu: interpreter: %s\n", v.err);
        goto out_fini;
    }
    v.out_fd = -1; /* collect the output */
    rvh_run(&v, MAX_GUEST_INSNS, &res);
    r->secs = (double)(bench_now_ns() - t0) / 1e9;
    *insns = res.instructions;
    r->out_len = v.out_len < OUT_BYTES ? v.out_len : OUT_BYTES;
    if (r->out_len)
        memcpy(r->out, v.out, r->out_len);
    if (res.end == RVH_TRAPPED) {
        fprintf(stderr, "bench_cpu: interpreter: %s: %s at pc 0x%" PRIx64 ", value 0x%" PRIx64 "\n",
                elf, rvh_cause_name(res.trap.cause), v.regs.pc, res.trap.tval);
        goto out_fini;
    }
    if (res.end == RVH_OUT_OF_BUDGET) {
        fprintf(stderr, "bench_cpu: interpreter: %s still running after %" PRIu64 " instructions\n",
                elf, res.instructions);
        goto out_fini;
    }
    if (res.exit_status != 0) {
        fprintf(stderr, "bench_cpu: interpreter: %s exited with %d\n", elf, res.exit_status);
        goto out_fini;
    }
    rc = 0;
out_fini:
    rvh_fini(&v);
    return rc;
}

/* The reference output is the first native run's; every other must equal it. */
static int same_output(const struct run *ref, const struct run *r, const char *who)
{
    if (r->out_len == ref->out_len && memcmp(r->out, ref->out, r->out_len) == 0)
        return 1;
    fprintf(stderr, "bench_cpu: %s printed a different result:\n  native: %.*s  %s: %.*s\n",
            who, (int)ref->out_len, ref->out, who, (int)r->out_len, r->out);
    return 0;
}

static double min_secs(double best, double secs)
{
    return best < 0 || secs < best ? secs : best;
}

int main(int argc, char **argv)
{
    int runs = DEFAULT_RUNS, i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "--runs")) {
        runs = atoi(argv[i + 1]);
        i += 2;
    }
    if (runs < 1 || (argc - i != 0 && argc - i != 2)) {
        fprintf(stderr, "usage: bench_cpu [--runs N] [MIX_ELF NATIVE_BIN]\n");
        return 2;
    }
    const char *elf = argc - i == 2 ? argv[i] : BENCH_CPU_MIX_ELF;
    const char *native = argc - i == 2 ? argv[i + 1] : BENCH_CPU_MIX_NATIVE;

    static char qemu[PATH_BYTES];
    const char *qemu_env = getenv("VX_QEMU_RISCV64");
    if (qemu_env && *qemu_env)
        snprintf(qemu, sizeof qemu, "%s", qemu_env);
    else if (find_on_path("qemu-riscv64", qemu, sizeof qemu)) {
        fprintf(stderr, "bench_cpu: qemu-riscv64 not found on PATH (the cpu.mix baseline); "
                        "install qemu-user or set VX_QEMU_RISCV64\n");
        return 1;
    }

    double t_native = -1, t_qemu = -1, t_interp = -1;
    uint64_t insns = 0;
    struct run ref = {0}, r;
    for (int k = 0; k < runs; k++) {
        char *native_argv[] = {(char *)native, NULL};
        if (run_process(native_argv, &r))
            return 1;
        if (k == 0) {
            ref = r;
            if (ref.out_len < 4 || memcmp(ref.out, "mix ", 4) != 0) {
                fprintf(stderr, "bench_cpu: %s printed no checksum line\n", native);
                return 1;
            }
        }
        if (!same_output(&ref, &r, "native (repeat)"))
            return 1;
        t_native = min_secs(t_native, r.secs);

        char *qemu_argv[] = {qemu, (char *)elf, NULL};
        if (run_process(qemu_argv, &r) || !same_output(&ref, &r, "qemu-riscv64"))
            return 1;
        t_qemu = min_secs(t_qemu, r.secs);

        uint64_t n;
        if (run_interp(elf, &r, &n) || !same_output(&ref, &r, "interpreter"))
            return 1;
        if (k > 0 && n != insns) {
            fprintf(stderr, "bench_cpu: interpreter retired %" PRIu64 " instructions, "
                            "earlier %" PRIu64 ": the mix is not deterministic\n", n, insns);
            return 1;
        }
        insns = n;
        t_interp = min_secs(t_interp, r.secs);
    }
    fprintf(stderr, "bench_cpu: %s: %" PRIu64 " instructions; best of %d: interp %.3f s, "
                    "qemu %.3f s, native %.3f s\n",
            elf, insns, runs, t_interp, t_qemu, t_native);

    bench_report(&(struct bench_figure){.name = "cpu.mix",
                                        .unit = "ms",
                                        .value = t_interp * 1e3,
                                        .p99 = -1,
                                        .baseline = "qemu-riscv64",
                                        .baseline_value = t_qemu * 1e3});
    bench_report(&(struct bench_figure){.name = "cpu.mix.native",
                                        .unit = "ms",
                                        .value = t_interp * 1e3,
                                        .p99 = -1,
                                        .baseline = "host-native",
                                        .baseline_value = t_native * 1e3});
    bench_report(&(struct bench_figure){.name = "cpu.mips",
                                        .unit = "MIPS",
                                        .value = (double)insns / t_interp / 1e6,
                                        .p99 = -1,
                                        .baseline = "qemu-riscv64",
                                        .baseline_value = (double)insns / t_qemu / 1e6,
                                        .higher_is_better = true});
    return 0;
}
