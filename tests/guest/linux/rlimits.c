/* expect-status: 0 */
/*
 * rlimits - resource limits are read, never printed (they come from the host's ulimit): every
 * standard resource answers getrlimit with soft <= hard, prlimit64 on pid 0 gives the same
 * answer, and an unknown resource is EINVAL.
 */
#include <sys/resource.h>

#include "check.h"

static const struct {
    int resource;
    const char *name;
} resources[] = {
    {RLIMIT_CPU, "RLIMIT_CPU"},         {RLIMIT_FSIZE, "RLIMIT_FSIZE"},
    {RLIMIT_DATA, "RLIMIT_DATA"},       {RLIMIT_STACK, "RLIMIT_STACK"},
    {RLIMIT_CORE, "RLIMIT_CORE"},       {RLIMIT_NOFILE, "RLIMIT_NOFILE"},
    {RLIMIT_AS, "RLIMIT_AS"},           {RLIMIT_NPROC, "RLIMIT_NPROC"},
    {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"},
};

static int sane(const struct rlimit *limit)
{
    if (limit->rlim_max == RLIM_INFINITY) {
        return 1;
    }
    return limit->rlim_cur != RLIM_INFINITY && limit->rlim_cur <= limit->rlim_max;
}

int main(void)
{
    for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); i++) {
        struct rlimit by_get, by_prlimit;
        CHECK(getrlimit(resources[i].resource, &by_get) == 0);
        CHECK(prlimit(0, resources[i].resource, NULL, &by_prlimit) == 0);
        CHECK(sane(&by_get));
        CHECK(by_get.rlim_cur == by_prlimit.rlim_cur && by_get.rlim_max == by_prlimit.rlim_max);
        printf("%s: readable, soft <= hard\n", resources[i].name);
    }
    struct rlimit stack;
    CHECK(getrlimit(RLIMIT_STACK, &stack) == 0);
    CHECK(stack.rlim_cur == RLIM_INFINITY || stack.rlim_cur >= 64 * 1024);
    struct rlimit unused;
    CHECK_ERRNO(getrlimit((__rlimit_resource_t)1000, &unused), EINVAL);
    return check_finish("rlimits", 0);
}
