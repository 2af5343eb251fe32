/*
 * bench/linux/lbench.c - the Linux personality's benchmark workloads, one ordinary Linux
 * program built twice: static riscv64 (run by `vaelix exec`) and for the host (the baseline),
 * so both sides run the same code. bench/bench_linux.c runs both and reports the figures.
 *
 *   lbench spawn ITERATIONS PATH        fork + execve(PATH) + waitpid, one line per iteration
 *   lbench getppid BATCHES CALLS        syscall(SYS_getppid) CALLS times per batch (glibc's
 *                                       getppid is not cached, but syscall() says so plainly)
 *   lbench pipe_tp BATCHES MIB          parent writes MIB MiB in 64 KiB writes to a forked child
 *                                       that reads it all and answers one byte; one line a batch
 *   lbench pipe_rtt BATCHES ROUNDS      1-byte ping-pong with a forked child over two pipes
 *
 * Every output line is "<figure> <value>": spawn_ns, getppid_ns (per call), pipe_mbps
 * (10^6 bytes per second), pipe_rtt_ns (per round trip). Times come from
 * clock_gettime(CLOCK_MONOTONIC) (a system call in the guest: there is no vDSO), read once per
 * sample or batch so that reading the clock stays out of the per-call figures. Exit status 0
 * only when every operation succeeded. Nothing here is a timing assertion.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PIPE_WRITE_BYTES (64 * 1024)
#define MIB_BYTES (1024 * 1024)

extern char **environ;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
    fprintf(stderr, "lbench: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Read exactly len bytes (a pipe read returns what is there). */
static int read_full(int fd, char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = read(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_full(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int reap(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int bench_spawn(unsigned iterations, const char *path)
{
    char *argv[] = {(char *)path, NULL};
    for (unsigned i = 0; i < iterations; i++) {
        uint64_t t0 = now_ns();
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            execve(path, argv, environ);
            _exit(127);
        }
        if (reap(pid) != 0) {
            fprintf(stderr, "lbench: %s did not exit 0\n", path);
            return 1;
        }
        printf("spawn_ns %llu\n", (unsigned long long)(now_ns() - t0));
    }
    return 0;
}

static int bench_getppid(unsigned batches, unsigned calls)
{
    for (unsigned b = 0; b < batches; b++) {
        uint64_t t0 = now_ns();
        for (unsigned i = 0; i < calls; i++)
            if (syscall(SYS_getppid) <= 0)
                die("getppid");
        printf("getppid_ns %.3f\n", (double)(now_ns() - t0) / calls);
    }
    return 0;
}

/* The child of pipe_tp: read each batch whole, answer one byte. */
static void tp_reader(int data, int ack, unsigned batches, size_t batch_bytes)
{
    static char buf[PIPE_WRITE_BYTES];
    for (unsigned b = 0; b < batches; b++) {
        for (size_t left = batch_bytes; left > 0;) {
            ssize_t n = read(data, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                _exit(1);
            left -= (size_t)n < left ? (size_t)n : left;
        }
        if (write_full(ack, "k", 1) != 0)
            _exit(1);
    }
    _exit(0);
}

static int bench_pipe_tp(unsigned batches, unsigned mib)
{
    static char buf[PIPE_WRITE_BYTES];
    size_t batch_bytes = (size_t)mib * MIB_BYTES;
    int data[2], ack[2];
    if (pipe(data) || pipe(ack))
        die("pipe");
    memset(buf, 'x', sizeof buf);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(data[1]);
        close(ack[0]);
        tp_reader(data[0], ack[1], batches, batch_bytes);
    }
    close(data[0]);
    close(ack[1]);
    for (unsigned b = 0; b < batches; b++) {
        uint64_t t0 = now_ns();
        for (size_t sent = 0; sent < batch_bytes; sent += sizeof buf)
            if (write_full(data[1], buf, sizeof buf) != 0)
                die("write");
        char k;
        if (read_full(ack[0], &k, 1) != 0)
            die("read ack");
        double secs = (double)(now_ns() - t0) / 1e9;
        printf("pipe_mbps %.3f\n", (double)batch_bytes / 1e6 / secs);
    }
    close(data[1]);
    return reap(pid) == 0 ? 0 : 1;
}

static int bench_pipe_rtt(unsigned batches, unsigned rounds)
{
    int ping[2], pong[2];
    if (pipe(ping) || pipe(pong))
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(ping[1]);
        close(pong[0]);
        char c;
        for (unsigned long i = 0; i < (unsigned long)batches * rounds; i++)
            if (read_full(ping[0], &c, 1) != 0 || write_full(pong[1], &c, 1) != 0)
                _exit(1);
        _exit(0);
    }
    close(ping[0]);
    close(pong[1]);
    for (unsigned b = 0; b < batches; b++) {
        char c = 'p';
        uint64_t t0 = now_ns();
        for (unsigned i = 0; i < rounds; i++)
            if (write_full(ping[1], &c, 1) != 0 || read_full(pong[0], &c, 1) != 0)
                die("ping-pong");
        printf("pipe_rtt_ns %.3f\n", (double)(now_ns() - t0) / rounds);
    }
    return reap(pid) == 0 ? 0 : 1;
}

static unsigned count_arg(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v == 0 || v > 100000000ul) {
        fprintf(stderr, "lbench: bad count '%s'\n", s);
        exit(2);
    }
    return (unsigned)v;
}

int main(int argc, char **argv)
{
    /* Line-buffered even on a pipe would cost a write per sample inside the timed loop of
     * spawn; full buffering keeps output out of the measurements (flushed at exit). */
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (argc == 4 && strcmp(argv[1], "spawn") == 0)
        return bench_spawn(count_arg(argv[2]), argv[3]);
    if (argc == 4 && strcmp(argv[1], "getppid") == 0)
        return bench_getppid(count_arg(argv[2]), count_arg(argv[3]));
    if (argc == 4 && strcmp(argv[1], "pipe_tp") == 0)
        return bench_pipe_tp(count_arg(argv[2]), count_arg(argv[3]));
    if (argc == 4 && strcmp(argv[1], "pipe_rtt") == 0)
        return bench_pipe_rtt(count_arg(argv[2]), count_arg(argv[3]));
    fprintf(stderr, "usage: lbench spawn N PATH | getppid B N | pipe_tp B MIB | pipe_rtt B N\n");
    return 2;
}
