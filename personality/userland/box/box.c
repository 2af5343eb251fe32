/* box.c - the multi-call binary's applet table and dispatcher. `box` runs the applet named by
 * the basename of argv[0] (/bin/ls -> ls), or by its first argument (`box ls -l`).
 * `box --list` prints every applet name, one per line.
 *
 * The table below is the one list of applets: box.cmake reads the APPLET("name", fn) lines
 * of this file to define VX_BOX_APPLETS, so keep one entry per line in that form. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct applet {
    const char *name;
    int (*main)(int argc, char **argv);
};

#define APPLET(name, fn) {name, fn},
/* clang-format off */
static const struct applet applets[] = {
    APPLET("[", bracket_main)
    APPLET("basename", basename_main)
    APPLET("cat", cat_main)
    APPLET("chmod", chmod_main)
    APPLET("clear", clear_main)
    APPLET("cp", cp_main)
    APPLET("cut", cut_main)
    APPLET("date", date_main)
    APPLET("df", df_main)
    APPLET("dirname", dirname_main)
    APPLET("dmesg", dmesg_main)
    APPLET("echo", echo_main)
    APPLET("env", env_main)
    APPLET("false", false_main)
    APPLET("find", find_main)
    APPLET("free", free_main)
    APPLET("grep", grep_main)
    APPLET("head", head_main)
    APPLET("hostname", hostname_main)
    APPLET("id", id_main)
    APPLET("kill", kill_main)
    APPLET("ln", ln_main)
    APPLET("ls", ls_main)
    APPLET("mkdir", mkdir_main)
    APPLET("mount", mount_main)
    APPLET("mv", mv_main)
    APPLET("printf", printf_main)
    APPLET("ps", ps_main)
    APPLET("pwd", pwd_main)
    APPLET("readlink", readlink_main)
    APPLET("realpath", realpath_main)
    APPLET("rm", rm_main)
    APPLET("rmdir", rmdir_main)
    APPLET("seq", seq_main)
    APPLET("sleep", sleep_main)
    APPLET("sort", sort_main)
    APPLET("stat", stat_main)
    APPLET("sync", sync_main)
    APPLET("tail", tail_main)
    APPLET("tee", tee_main)
    APPLET("test", test_main)
    APPLET("top", top_main)
    APPLET("touch", touch_main)
    APPLET("tr", tr_main)
    APPLET("true", true_main)
    APPLET("uname", uname_main)
    APPLET("uniq", uniq_main)
    APPLET("wc", wc_main)
    APPLET("which", which_main)
    APPLET("xargs", xargs_main)
    APPLET("yes", yes_main)
};
/* clang-format on */
#undef APPLET

#define APPLET_COUNT (sizeof applets / sizeof applets[0])

static const struct applet *find_applet(const char *name)
{
    for (size_t i = 0; i < APPLET_COUNT; i++)
        if (strcmp(applets[i].name, name) == 0)
            return &applets[i];
    return NULL;
}

static int run(const struct applet *a, int argc, char **argv)
{
    box_applet = a->name;
    /* getopt and our messages both name the applet, whatever path it was started by. */
    argv[0] = (char *)a->name;
    int status = a->main(argc, argv);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        box_warn_errno("write error");
        return 1;
    }
    return status;
}

static int usage(void)
{
    fprintf(stderr, "usage: box APPLET [ARGUMENT]...  (box --list names the applets)\n");
    return 1;
}

int main(int argc, char **argv)
{
    char *self = box_basename(argc > 0 ? argv[0] : "box");
    const struct applet *a = find_applet(self);
    free(self);
    if (a)
        return run(a, argc, argv);
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < APPLET_COUNT; i++)
            printf("%s\n", applets[i].name);
        return 0;
    }
    a = find_applet(argv[1]);
    if (!a) {
        fprintf(stderr, "box: applet not found: %s\n", argv[1]);
        return 127;
    }
    return run(a, argc - 1, argv + 1);
}
