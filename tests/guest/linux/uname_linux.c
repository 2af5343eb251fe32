/* expect-status: 0 */
/*
 * uname_linux - uname succeeds and says "Linux"; the other fields are only checked to be
 * terminated strings (their values differ between machines and are never printed).
 */
#include <sys/utsname.h>

#include "check.h"

static int terminated(const char *field, size_t size)
{
    return memchr(field, '\0', size) != NULL;
}

int main(void)
{
    struct utsname names;
    memset(&names, 0xff, sizeof(names));
    CHECK(uname(&names) == 0);
    CHECK(strcmp(names.sysname, "Linux") == 0);
    CHECK(terminated(names.nodename, sizeof(names.nodename)));
    CHECK(terminated(names.release, sizeof(names.release)));
    CHECK(terminated(names.version, sizeof(names.version)));
    CHECK(terminated(names.machine, sizeof(names.machine)));
    CHECK(strlen(names.release) > 0);
    printf("sysname: %s\n", names.sysname);
    return check_finish("uname_linux", 0);
}
