/* expect-status: 0 */
/*
 * misc_sysinfo - sysinfo fields are sane (only the outcomes are printed): total RAM positive,
 * free RAM and free swap within their totals, mem_unit positive, uptime non-negative and not
 * going back between two calls, at least one process. Errors: a bad pointer (EFAULT).
 */
#include <sys/syscall.h>
#include <sys/sysinfo.h>

#include "../linux/check.h"

int main(void)
{
    struct sysinfo a, b;
    CHECK(sysinfo(&a) == 0);
    CHECK(sysinfo(&b) == 0);
    printf("totalram positive: %s\n", a.totalram > 0 ? "yes" : "no");
    printf("freeram within totalram: %s\n", a.freeram <= a.totalram ? "yes" : "no");
    printf("freeswap within totalswap: %s\n", a.freeswap <= a.totalswap ? "yes" : "no");
    printf("mem_unit positive: %s\n", a.mem_unit > 0 ? "yes" : "no");
    printf("uptime non-negative and not going back: %s\n",
           a.uptime >= 0 && b.uptime >= a.uptime ? "yes" : "no");
    printf("at least one process: %s\n", a.procs >= 1 ? "yes" : "no");
    printf("get_nprocs at least 1: %s\n", get_nprocs() >= 1 ? "yes" : "no");
    CHECK(a.totalram > 0 && a.freeram <= a.totalram && a.mem_unit > 0 && a.procs >= 1);
    CHECK_ERRNO(syscall(SYS_sysinfo, (void *)1), EFAULT);
    return check_finish("misc_sysinfo", 0);
}
