/* expect-status: 0 */
/*
 * misc_uname_rlimit_umask - uname: every field non-empty, sysname "Linux" (the only field
 * printed); getrlimit/setrlimit and prlimit round trips: lowering RLIMIT_NOFILE's soft limit
 * to 16 makes the 17th fd fail with EMFILE and dup2 beyond it EBADF, then it is restored;
 * RLIMIT_CORE soft 0 reads back; umask returns the previous mask each time. Errors: soft above
 * hard (EINVAL), an unknown resource (EINVAL), raising the hard limit is allowed for root
 * only, so it is not tried.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "../linux/check.h"

int main(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    printf("uname: sysname %s; nodename, release, version, machine non-empty: %s\n", u.sysname,
           u.nodename[0] && u.release[0] && u.version[0] && u.machine[0] ? "yes" : "no");
    CHECK(strcmp(u.sysname, "Linux") == 0);

    struct rlimit old, now;
    CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
    struct rlimit low = {16, old.rlim_max};
    CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0);
    printf("RLIMIT_NOFILE soft after setting 16: %llu, hard unchanged: %s\n",
           (unsigned long long)now.rlim_cur, now.rlim_max == old.rlim_max ? "yes" : "no");
    for (int i = 3; i < 64; i++) {
        close(i);
    }
    int opened = 0, last_errno = 0;
    for (int i = 0; i < 20; i++) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            last_errno = errno;
            break;
        }
        opened++;
    }
    printf("opens until the limit: %d, then %s\n", opened, strerrorname_np(last_errno));
    CHECK(opened == 13 && last_errno == EMFILE);
    CHECK_ERRNO(dup2(0, 20), EBADF);
    CHECK_ERRNO(fcntl(0, F_DUPFD, 20), EINVAL);
    for (int i = 3; i < 16; i++) {
        close(i);
    }
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == old.rlim_cur);

    struct rlimit core = {0, 0}, got;
    CHECK(prlimit(0, RLIMIT_CORE, NULL, &got) == 0);
    core.rlim_max = got.rlim_max;
    CHECK(prlimit(0, RLIMIT_CORE, &core, &old) == 0);
    CHECK(getrlimit(RLIMIT_CORE, &got) == 0);
    printf("RLIMIT_CORE soft 0 via prlimit reads back: %llu\n", (unsigned long long)got.rlim_cur);

    struct rlimit bad = {2, 1};
    CHECK_ERRNO(setrlimit(RLIMIT_NOFILE, &bad), EINVAL);
    CHECK_ERRNO(getrlimit(1000, &got), EINVAL);
    CHECK_ERRNO(setrlimit(1000, &got), EINVAL);

    mode_t m0 = umask(027);
    mode_t m1 = umask(0777);
    mode_t m2 = umask(0);
    mode_t m3 = umask(m0);
    printf("umask: 027 then 0777 then 0 read back as %03o %03o %03o\n", m1, m2, m3);
    CHECK(m1 == 027 && m2 == 0777 && m3 == 0);
    printf("umask(01777) keeps only the permission bits: %03o\n", (umask(01777), umask(m0)));
    return check_finish("misc_uname_rlimit_umask", 0);
}
