/* expect-status: 0 */
/*
 * pipe_large - 1 MiB through a pipe each way between parent and child: the writer sends a
 * known pattern in odd-sized chunks, the reader reads in other odd sizes, and both sides
 * compare a checksum (FNV-1a) and the byte count. Short reads are expected and handled.
 */
#include <stdint.h>
#include <sys/wait.h>

#include "../linux/check.h"

#define TOTAL (1024 * 1024)

static unsigned char pattern(size_t i)
{
    return (unsigned char)((i * 131 + (i >> 9)) & 0xff);
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL;
    }
    return h;
}

static void send_all(int fd)
{
    static unsigned char chunk[7919];
    size_t sent = 0;
    while (sent < TOTAL) {
        size_t n = TOTAL - sent < sizeof(chunk) ? TOTAL - sent : sizeof(chunk);
        for (size_t i = 0; i < n; i++) {
            chunk[i] = pattern(sent + i);
        }
        if (write_all(fd, (const char *)chunk, n) != 0) {
            break;
        }
        sent += n;
    }
}

/* Reads to EOF; returns the byte count, leaves the checksum and the pattern mismatches. */
static size_t receive_all(int fd, uint64_t *sum, size_t *mismatches)
{
    static unsigned char buf[3001];
    size_t got = 0;
    uint64_t h = 1469598103934665603ULL;
    *mismatches = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            *mismatches += buf[i] != pattern(got + (size_t)i);
        }
        h = fnv(h, buf, (size_t)n);
        got += (size_t)n;
    }
    *sum = h;
    return got;
}

int main(void)
{
    int down[2], up[2];
    CHECK(pipe(down) == 0 && pipe(up) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        uint64_t sum;
        size_t bad;
        size_t got = receive_all(down[0], &sum, &bad);
        send_all(up[1]);
        close(up[1]);
        printf("child received %zu bytes, checksum %016llx, %zu bytes off the pattern\n", got,
               (unsigned long long)sum, bad);
        fflush(stdout);
        _exit(got == TOTAL && bad == 0 ? 0 : 1);
    }
    close(down[0]);
    close(up[1]);
    send_all(down[1]);
    close(down[1]);
    uint64_t sum;
    size_t bad;
    size_t got = receive_all(up[0], &sum, &bad);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("parent received %zu bytes, checksum %016llx, %zu bytes off the pattern\n", got,
           (unsigned long long)sum, bad);
    CHECK(got == TOTAL && bad == 0);
    return check_finish("pipe_large", 0);
}
