/* sys.c - file systems and the kernel log: df (-h -k -a, from /proc/mounts and statfs(2)),
 * mount (no arguments: the table of /proc/mounts; else mount(2) with -t TYPE -o OPTIONS) and
 * dmesg (the records of /dev/kmsg). */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <mntent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define MOUNTS_FILE     "/proc/mounts"
#define KMSG_FILE       "/dev/kmsg"
#define KMSG_RECORD_MAX 8192

/* ---- df ------------------------------------------------------------------------------------ */

struct df_row {
    char *source, *target;
    unsigned long long size, used, avail; /* bytes */
};

static void df_cell(unsigned long long bytes, bool human, char *buf, size_t cap)
{
    if (human)
        box_human(bytes, buf);
    else
        snprintf(buf, cap, "%llu", (bytes + 1023) / 1024);
}

static int df_percent(const struct df_row *r)
{
    unsigned long long total = r->used + r->avail;
    if (total == 0)
        return -1;
    return (int)((r->used * 100 + total - 1) / total);
}

static void df_print(const struct df_row *rows, size_t n, bool human)
{
    int src_w = (int)strlen("Filesystem"), num_w = human ? 5 : 9;
    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(rows[i].source);
        src_w = len > src_w ? len : src_w;
    }
    printf("%-*s %*s %*s %*s Use%% Mounted on\n", src_w, "Filesystem", num_w,
           human ? "Size" : "1K-blocks", num_w, "Used", num_w, human ? "Avail" : "Available");
    for (size_t i = 0; i < n; i++) {
        char size[32], used[32], avail[32], pct[16];
        df_cell(rows[i].size, human, size, sizeof size);
        df_cell(rows[i].used, human, used, sizeof used);
        df_cell(rows[i].avail, human, avail, sizeof avail);
        int p = df_percent(&rows[i]);
        if (p < 0)
            snprintf(pct, sizeof pct, "-");
        else
            snprintf(pct, sizeof pct, "%d%%", p);
        printf("%-*s %*s %*s %*s %4s %s\n", src_w, rows[i].source, num_w, size, num_w, used, num_w,
               avail, pct, rows[i].target);
    }
}

/* Whether the mount at target is named by one of the operands (or there are none). */
static bool df_wanted(const char *target, char **ops, int nops, dev_t dev)
{
    if (nops == 0)
        return true;
    for (int i = 0; i < nops; i++) {
        struct stat st;
        if (stat(ops[i], &st) == 0 && st.st_dev == dev)
            return true;
    }
    (void)target;
    return false;
}

int df_main(int argc, char **argv)
{
    bool human = false, all = false;
    int opt;
    while ((opt = getopt(argc, argv, "hkaPT")) != -1) {
        if (opt == 'h')
            human = true;
        else if (opt == 'a')
            all = true;
        else if (opt == '?')
            return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            box_warn_errno("%s", argv[i]);
            status = 1;
        }
    }
    FILE *f = setmntent(MOUNTS_FILE, "r");
    if (!f)
        box_die_errno(1, "cannot read table of mounted file systems");
    struct df_row *rows = NULL;
    size_t n = 0;
    struct mntent *m;
    while ((m = getmntent(f)) != NULL) {
        struct statfs sf;
        struct stat st;
        if (statfs(m->mnt_dir, &sf) != 0 || stat(m->mnt_dir, &st) != 0)
            continue;
        /* Pseudo file systems have no blocks; like GNU, df leaves them out unless -a. */
        if ((sf.f_blocks == 0 && !all) ||
            !df_wanted(m->mnt_dir, argv + optind, argc - optind, st.st_dev))
            continue;
        if (optind < argc && n > 0)
            continue;
        rows = box_realloc(rows, (n + 1) * sizeof *rows);
        unsigned long long bs = (unsigned long long)sf.f_frsize ? (unsigned long long)sf.f_frsize
                                                                : (unsigned long long)sf.f_bsize;
        rows[n] =
            (struct df_row){box_strdup(m->mnt_fsname), box_strdup(m->mnt_dir), sf.f_blocks * bs,
                            (sf.f_blocks - sf.f_bfree) * bs, sf.f_bavail * bs};
        n++;
    }
    endmntent(f);
    if (n > 0 || optind >= argc)
        df_print(rows, n, human);
    for (size_t i = 0; i < n; i++) {
        free(rows[i].source);
        free(rows[i].target);
    }
    free(rows);
    return status;
}

/* ---- mount --------------------------------------------------------------------------------- */

static int mount_list(const char *type)
{
    FILE *f = setmntent(MOUNTS_FILE, "r");
    if (!f)
        box_die_errno(1, "cannot read %s", MOUNTS_FILE);
    struct mntent *m;
    while ((m = getmntent(f)) != NULL)
        if (!type || strcmp(type, m->mnt_type) == 0)
            printf("%s on %s type %s (%s)\n", m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts);
    endmntent(f);
    return 0;
}

/* Splits -o options into mount(2) flags and the rest, which goes to the file system. */
static unsigned long mount_flags(const char *options, char *data, size_t cap)
{
    static const struct {
        const char *name;
        unsigned long flag;
    } flags[] = {{"ro", MS_RDONLY},     {"nosuid", MS_NOSUID},    {"nodev", MS_NODEV},
                 {"noexec", MS_NOEXEC}, {"sync", MS_SYNCHRONOUS}, {"remount", MS_REMOUNT},
                 {"bind", MS_BIND},     {"noatime", MS_NOATIME},  {"relatime", MS_RELATIME}};
    unsigned long result = 0;
    data[0] = '\0';
    char *copy = box_strdup(options ? options : ""), *save = NULL;
    for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        bool known = strcmp(o, "rw") == 0 || strcmp(o, "defaults") == 0;
        for (size_t i = 0; i < sizeof flags / sizeof flags[0] && !known; i++)
            if (strcmp(o, flags[i].name) == 0) {
                result |= flags[i].flag;
                known = true;
            }
        if (!known && strlen(data) + strlen(o) + 2 < cap) {
            if (data[0])
                strcat(data, ",");
            strcat(data, o);
        }
    }
    free(copy);
    return result;
}

int mount_main(int argc, char **argv)
{
    const char *type = NULL, *options = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "t:o:r")) != -1) {
        if (opt == 't')
            type = optarg;
        else if (opt == 'o')
            options = optarg;
        else if (opt == 'r')
            options = "ro";
        else
            return box_usage(1);
    }
    int nops = argc - optind;
    if (nops == 0)
        return mount_list(type);
    if (nops != 2)
        box_die(1, "need a source and a mount point (mount [-t TYPE] [-o OPTIONS] SOURCE DIR)");
    char data[1024];
    unsigned long flags = mount_flags(options, data, sizeof data);
    if (mount(argv[optind], argv[optind + 1], type ? type : "auto", flags, data[0] ? data : NULL) !=
        0)
        box_die_errno(32, "%s: mount failed", argv[optind + 1]);
    return 0;
}

/* ---- dmesg --------------------------------------------------------------------------------- */

/* A Linux /dev/kmsg record is "PRIORITY,SEQUENCE,MICROSECONDS,FLAGS[,...];MESSAGE" followed by
 * " KEY=VALUE" continuation lines (Documentation/ABI/testing/dev-kmsg). Anything else is shown
 * as it is. */
static void print_record(char *rec, bool raw)
{
    unsigned long long usec;
    int pri, consumed = 0;
    char *semi = strchr(rec, ';');
    char *nl = strchr(rec, '\n');
    if (nl)
        *nl = '\0';
    if (!semi || sscanf(rec, "%d,%*u,%llu%n", &pri, &usec, &consumed) != 2) {
        puts(rec);
        return;
    }
    if (raw)
        printf("<%d>", pri);
    printf("[%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, semi + 1);
}

int dmesg_main(int argc, char **argv)
{
    bool raw = false;
    int opt;
    while ((opt = getopt(argc, argv, "r")) != -1) {
        if (opt != 'r')
            return box_usage(1);
        raw = true;
    }
    int fd = open(KMSG_FILE, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        box_die_errno(1, "read kernel buffer failed");
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISCHR(st.st_mode)) {
        /* Not the kmsg device but a file of lines: read it line by line. */
        FILE *f = fdopen(fd, "r");
        char *line = NULL;
        size_t cap = 0;
        while (f && getline(&line, &cap, f) > 0)
            if (line[0] != ' ')
                print_record(line, raw);
        free(line);
        if (f)
            fclose(f);
        return 0;
    }
    /* The device returns one record per read. */
    static char rec[KMSG_RECORD_MAX + 1];
    for (;;) {
        ssize_t n = read(fd, rec, KMSG_RECORD_MAX);
        if (n < 0 && (errno == EPIPE || errno == EINTR))
            continue; /* EPIPE: records were overwritten while we read; go on with the next */
        if (n <= 0)
            break;
        rec[n] = '\0';
        print_record(rec, raw);
    }
    close(fd);
    return 0;
}
