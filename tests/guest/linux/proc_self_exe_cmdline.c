/* expect-status: 4 */
/*
 * proc_self_exe_cmdline - /proc/self/exe is a symlink to an absolute path ending in the
 * program's name (only that is printed); /proc/self/cmdline is argv, each argument followed
 * by a NUL, the same bytes as argv (arguments from proc_self_exe_cmdline.args). Exits with
 * argc. Errors: readlink into a 0-byte buffer (EINVAL), a missing /proc entry (ENOENT).
 */
#include <fcntl.h>

#include "../linux/check.h"

int main(int argc, char **argv)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = '\0';
    const char *base = strrchr(exe, '/');
    printf("/proc/self/exe: absolute %s, names %s\n", exe[0] == '/' ? "yes" : "no",
           base ? base + 1 : "?");
    CHECK(exe[0] == '/' && base && strcmp(base + 1, "proc_self_exe_cmdline") == 0);

    char want[4096];
    size_t wn = 0;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        memcpy(want + wn, argv[i], l);
        wn += l;
    }
    char got[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    CHECK(fd >= 0);
    size_t gn = 0;
    ssize_t r;
    while ((r = read(fd, got + gn, sizeof(got) - gn)) > 0) {
        gn += (size_t)r;
    }
    close(fd);
    printf("/proc/self/cmdline: %zu bytes, argv has %zu: %s\n", gn, wn,
           gn == wn && memcmp(got, want, wn) == 0 ? "same" : "different");
    CHECK(gn == wn && memcmp(got, want, wn) == 0);
    for (size_t i = 0, k = 0; i < gn; k++) {
        printf("  [%zu] '%s'\n", k, got + i);
        i += strlen(got + i) + 1;
    }
    char tiny[1];
    CHECK_ERRNO(readlink("/proc/self/exe", tiny, 0), EINVAL);
    CHECK_ERRNO(open("/proc/self/no-such-entry", O_RDONLY), ENOENT);
    return check_finish("proc_self_exe_cmdline", argc);
}
