/* expect-status: 0 */
/*
 * proc_meminfo_uptime - /proc/meminfo has a "MemTotal: N kB" line with N > 0 and a MemFree
 * line no larger; /proc/uptime is two non-negative decimal numbers; reading it twice never
 * goes back. /proc/self/status has a Name line. Only the outcomes are printed.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "../linux/check.h"

static ssize_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    size_t n = 0;
    ssize_t r;
    while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0) {
        n += (size_t)r;
    }
    buf[n] = '\0';
    close(fd);
    return (ssize_t)n;
}

static long long field(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    if (p == NULL || (p != text && p[-1] != '\n')) {
        return -1;
    }
    return strtoll(p + strlen(name), NULL, 10);
}

int main(void)
{
    static char buf[65536];
    CHECK(slurp("/proc/meminfo", buf, sizeof(buf)) > 0);
    long long total = field(buf, "MemTotal:");
    long long mfree = field(buf, "MemFree:");
    printf("/proc/meminfo: MemTotal positive: %s, MemFree within it: %s, in kB: %s\n",
           total > 0 ? "yes" : "no", mfree >= 0 && mfree <= total ? "yes" : "no",
           strstr(buf, " kB\n") ? "yes" : "no");
    CHECK(total > 0 && mfree >= 0 && mfree <= total);

    double up1 = -1, idle = -1, up2 = -1;
    char extra = 0;
    CHECK(slurp("/proc/uptime", buf, sizeof(buf)) > 0);
    int got = sscanf(buf, "%lf %lf%c", &up1, &idle, &extra);
    printf("/proc/uptime: two numbers: %s, non-negative: %s, ends in a newline: %s\n",
           got >= 2 ? "yes" : "no", up1 >= 0 && idle >= 0 ? "yes" : "no",
           extra == '\n' ? "yes" : "no");
    CHECK(got == 3 && up1 >= 0 && idle >= 0 && extra == '\n');
    CHECK(slurp("/proc/uptime", buf, sizeof(buf)) > 0 && sscanf(buf, "%lf", &up2) == 1);
    printf("/proc/uptime again: not smaller: %s\n", up2 >= up1 ? "yes" : "no");
    CHECK(up2 >= up1);

    CHECK(slurp("/proc/self/status", buf, sizeof(buf)) > 0);
    printf("/proc/self/status: has a Name line: %s\n",
           strncmp(buf, "Name:", 5) == 0 || strstr(buf, "\nName:") ? "yes" : "no");
    return check_finish("proc_meminfo_uptime", 0);
}
