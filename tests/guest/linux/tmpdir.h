/*
 * tmpdir.h - the scratch directory of the file programs of the corpus: /tmp/vxtXXXXXX, made
 * by mkdtemp, the cwd while the test runs, removed at the end. Names are printed relative to
 * it. Include after check.h (leave_tmpdir uses CHECK).
 */
#ifndef VX_TEST_TMPDIR_H
#define VX_TEST_TMPDIR_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/vxtXXXXXX";

static void enter_tmpdir(void)
{
    if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) != 0) {
        printf("cannot make a directory under /tmp: %s\n", strerrorname_np(errno));
        exit(98);
    }
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char sub[4096];
                snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        chmod(path, 0700);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void leave_tmpdir(void)
{
    CHECK(chdir("/") == 0);
    remove_tree(tmpdir);
    CHECK(access(tmpdir, F_OK) != 0);
}

#endif /* VX_TEST_TMPDIR_H */
