/* expect-status: 0 */
/*
 * misc_sched - scheduling calls: sched_getaffinity reports at least one CPU (the count is not
 * printed) and setting the same mask back succeeds; sched_yield returns 0; the policy is
 * SCHED_OTHER with priority 0, and its priority range is 0..0; getpriority/setpriority of
 * nice round-trips (raising nice only). Errors: a mask buffer too small (EINVAL), an empty
 * mask (EINVAL), a missing pid (ESRCH), an unknown policy (EINVAL).
 */
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "../linux/check.h"

#define NO_SUCH_PID 0x3ffffff0

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
    int n = CPU_COUNT(&set);
    printf("sched_getaffinity: at least one CPU: %s\n", n >= 1 ? "yes" : "no");
    CHECK(n >= 1);
    CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
    long raw = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
    printf("raw sched_getaffinity returns a size in bytes that is a multiple of 8: %s\n",
           raw > 0 && raw % 8 == 0 ? "yes" : "no");
    for (int i = 0; i < 100; i++) {
        CHECK(sched_yield() == 0);
    }
    printf("sched_yield x100: 0\n");
    int pol = sched_getscheduler(0);
    struct sched_param sp = {.sched_priority = -1};
    CHECK(sched_getparam(0, &sp) == 0);
    printf("policy %s, priority %d, SCHED_OTHER range %d..%d\n",
           pol == SCHED_OTHER ? "SCHED_OTHER" : "other", sp.sched_priority,
           sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER));

    errno = 0;
    int nice0 = getpriority(PRIO_PROCESS, 0);
    CHECK(errno == 0);
    int want = nice0 + 2 > 19 ? 19 : nice0 + 2;
    CHECK(setpriority(PRIO_PROCESS, 0, want) == 0);
    printf("nice raised by 2: round trip %s\n",
           getpriority(PRIO_PROCESS, 0) == want ? "yes" : "no");

    CHECK_ERRNO(syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL);
    cpu_set_t none;
    CPU_ZERO(&none);
    CHECK_ERRNO(sched_setaffinity(0, sizeof(none), &none), EINVAL);
    CHECK_ERRNO(sched_getaffinity(NO_SUCH_PID, sizeof(set), &set), ESRCH);
    CHECK_ERRNO(sched_getscheduler(NO_SUCH_PID), ESRCH);
    CHECK_ERRNO(sched_setscheduler(0, 12345, &sp), EINVAL);
    CHECK_ERRNO(sched_get_priority_max(12345), EINVAL);
    return check_finish("misc_sched", 0);
}
