/* expect-status: 0 */
/*
 * proc_self_stat_fd - /proc/self/stat parses: field 1 is getpid(), field 2 is the command
 * name in parentheses (the program's name, at most 15 bytes); only the comparisons are
 * printed. /proc/self/fd lists 0, 1, 2 and a file the program opened (its link names the
 * file, shown relative to the test's /tmp directory); once the file is closed its entry is
 * gone (ENOENT). /proc/self is a link to the pid. (Field 3, the state, is left out: qemu-user fakes
 * /proc/self/stat and prints 0 there.)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../linux/check.h"

#include "../linux/tmpdir.h"

static int fd_listed(int fd)
{
    DIR *d = opendir("/proc/self/fd");
    CHECK(d != NULL);
    int found = 0;
    struct dirent *e;
    char want[16];
    snprintf(want, sizeof(want), "%d", fd);
    while (d != NULL && (e = readdir(d)) != NULL) {
        found |= strcmp(e->d_name, want) == 0;
    }
    if (d != NULL) {
        closedir(d);
    }
    return found;
}

int main(void)
{
    char buf[1024] = {0};
    int fd = open("/proc/self/stat", O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    CHECK(n > 0);
    int pid = -1;
    char comm[64] = {0};
    int fields = sscanf(buf, "%d (%63[^)])", &pid, comm);
    printf("/proc/self/stat: parsed 2 fields: %s; pid is getpid(): %s; comm is the program "
           "name: %s\n",
           fields == 2 ? "yes" : "no", pid == getpid() ? "yes" : "no",
           strcmp(comm, "proc_self_stat_") == 0 ? "yes" : "no");
    CHECK(fields == 2 && pid == getpid() && strcmp(comm, "proc_self_stat_") == 0);

    char link[64];
    n = readlink("/proc/self", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    printf("/proc/self links to the pid: %s\n", n > 0 && atoi(link) == getpid() ? "yes" : "no");

    enter_tmpdir();
    fd = open("opened-file", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    printf("/proc/self/fd lists 0: %s, 1: %s, 2: %s, the opened file: %s\n",
           fd_listed(0) ? "yes" : "no", fd_listed(1) ? "yes" : "no", fd_listed(2) ? "yes" : "no",
           fd_listed(fd) ? "yes" : "no");
    char path[64], target[4096];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, target, sizeof(target) - 1);
    target[n > 0 ? n : 0] = '\0';
    size_t tl = strlen(tmpdir);
    printf("its link: %s%s\n", strncmp(target, tmpdir, tl) == 0 ? "<tmp>" : "elsewhere: ",
           strncmp(target, tmpdir, tl) == 0 ? target + tl : "");
    close(fd);
    /* Not fd_listed(): its opendir would take the freed number. */
    struct stat st;
    CHECK_ERRNO(lstat(path, &st), ENOENT);
    leave_tmpdir();
    return check_finish("proc_self_stat_fd", 0);
}
