/*
 * tests/unit/procfs_test.c - the text of /proc files (personality/linux/procfs_fmt.c) against
 * exact strings in Linux's formats, and the fixed tables of /dev and /proc's top level
 * (devfs.c, procfs.c) through the calls that need no running process.
 *
 * The expected strings were written from Linux 6.x's fs/proc sources and checked against a
 * real /proc: a wrong space here is a wrong column for ps, top or free.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "personality/linux/procfs_fmt.h"
#include "personality/linux/vfiles.h"

#include "criterion_tsan.h"

/* A sleeping shell: every field that shows up somewhere has a distinct value. */
static struct procfs_task shell(void)
{
    struct procfs_task t = {
        .pid = 1001,
        .ppid = 1000,
        .pgid = 1000,
        .sid = 1000,
        .state = 'S',
        .comm = "sh",
        .umask = 022,
        .threads = 1,
        .fd_size = 256,
        .start_ticks = 250,
        .sig_pending = 0,
        .shd_pending = 1ull << 16,                 /* SIGCHLD pending */
        .sig_blocked = 1ull << 1,                  /* SIGINT blocked */
        .sig_ignored = 1ull << 2,                  /* SIGQUIT ignored */
        .sig_caught = (1ull << 16) | (1ull << 40), /* SIGCHLD and a real-time signal caught */
        .sigq_limit = 7823,
        .rss_limit = ~0ull,
        .start_brk = 0x20000,
        .brk = 0x30000,
    };
    return t;
}

/* The output of a procfmt_* call as a C string. */
#define FMT(buf, call)                                                                             \
    do {                                                                                           \
        size_t n_ = (call);                                                                        \
        cr_assert_lt(n_, sizeof(buf), "output fits the test's buffer");                            \
        (buf)[n_] = '\0';                                                                          \
    } while (0)

/* Fields of a stat line: pid, the comm, and what follows the comm's last ')'. */
static int stat_fields(const char *line)
{
    const char *r = strrchr(line, ')');
    cr_assert_not_null(r, "a stat line has a ')' closing the comm");
    int n = 2;
    for (const char *s = r + 1; *s && *s != '\n'; s++)
        if (*s == ' ' && s[1] != ' ' && s[1] != '\n' && s[1])
            n++;
    return n;
}

/* ---- /proc/<pid>/stat ---------------------------------------------------------------------- */

Test(procfs_stat, line_is_linux_field_for_field)
{
    struct procfs_task t = shell();
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    const char *want = "1001 (sh) S 1000 1000 1000 0 -1 0 0 0 0 0" /* 1-13 */
                       " 0 0 0 0 20 0 1 0 250"                     /* 14-22 */
                       " 0 0 18446744073709551615 0 0 0 0 0"       /* 23-30 */
                       " 65536 2 4 65536 0 0 0"                    /* 31-37 */
                       " 17 0 0 0 0 0 0 0 0"                       /* 38-46 */
                       " 131072 0 0 0 0 0\n";                      /* 47-52 */
    cr_expect_str_eq(buf, want, "expected\n%s\ngot\n%s", want, buf);
}

Test(procfs_stat, has_52_fields)
{
    struct procfs_task t = shell();
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    cr_expect_eq(stat_fields(buf), (int)PROCFS_STAT_FIELDS, "expected 52 fields, got %d in %s",
                 stat_fields(buf), buf);
}

Test(procfs_stat, comm_with_spaces_and_parens_is_raw_and_last_paren_ends_it)
{
    struct procfs_task t = shell();
    strcpy(t.comm, "a) b (c");
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    cr_expect_eq(strncmp(buf, "1001 (a) b (c) S 1000 ", 22), 0, "comm written raw, got %s", buf);
    cr_expect_eq(stat_fields(buf), 52, "still 52 fields after the last ')', got %d",
                 stat_fields(buf));
    cr_expect_eq(strrchr(buf, ')')[2], 'S', "the state follows the last ')'");
}

Test(procfs_stat, comm_of_15_bytes_is_whole_and_16_are_cut)
{
    struct procfs_task t = shell();
    memcpy(t.comm, "0123456789abcdef", 16); /* no NUL: the formatter must stop at 15 */
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    cr_expect_eq(strncmp(buf, "1001 (0123456789abcde) S ", 25), 0, "got %s", buf);
}

Test(procfs_stat, zombie_shows_z_its_wait_status_and_no_memory)
{
    struct procfs_task t = shell();
    t.state = 'Z';
    t.vsize = 8192;
    t.rss_pages = 2;
    t.exit_code = 256; /* exit(1) */
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    cr_expect_eq(strncmp(buf, "1001 (sh) Z ", 12), 0, "got %s", buf);
    cr_expect(strstr(buf, " 250 0 0 18446744073709551615 ") != NULL,
              "vsize and rss are 0 for a zombie: %s", buf);
    size_t n = strlen(buf);
    cr_expect_str_eq(buf + n - 11, " 0 0 0 256\n", "exit_code last, got %s", buf + n - 11);
}

Test(procfs_stat, obsolete_signal_fields_keep_31_bits)
{
    struct procfs_task t = shell();
    t.sig_caught = ~0ull;
    char buf[1024];
    FMT(buf, procfmt_stat(buf, sizeof buf, &t));
    cr_expect(strstr(buf, " 65536 2 4 2147483647 0 0 0 17 ") != NULL, "got %s", buf);
}

Test(procfs_stat, output_is_cut_at_cap_and_nothing_past_it_is_touched)
{
    struct procfs_task t = shell();
    char buf[32];
    memset(buf, '#', sizeof buf);
    size_t n = procfmt_stat(buf, 10, &t);
    cr_expect_eq(n, 10u, "expected 10 bytes, got %zu", n);
    cr_expect_eq(memcmp(buf, "1001 (sh) ", 10), 0, "the first 10 bytes of the line");
    for (size_t i = 10; i < sizeof buf; i++)
        cr_expect_eq(buf[i], '#', "byte %zu past cap was written", i);
    cr_expect_eq(procfmt_stat(buf, 0, &t), 0u, "cap 0 writes nothing");
}

/* ---- /proc/<pid>/status, statm ------------------------------------------------------------- */

Test(procfs_status, lines_are_linux_in_order)
{
    struct procfs_task t = shell();
    char buf[2048];
    FMT(buf, procfmt_status(buf, sizeof buf, &t));
    const char *want = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\n"
                       "Tgid:\t1001\nNgid:\t0\nPid:\t1001\nPPid:\t1000\nTracerPid:\t0\n"
                       "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t256\nGroups:\t \n"
                       "NStgid:\t1001\nNSpid:\t1001\nNSpgid:\t1000\nNSsid:\t1000\n"
                       "Threads:\t1\nSigQ:\t0/7823\n"
                       "SigPnd:\t0000000000000000\nShdPnd:\t0000000000010000\n"
                       "SigBlk:\t0000000000000002\nSigIgn:\t0000000000000004\n"
                       "SigCgt:\t0000010000010000\n"
                       "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
                       "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
                       "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
                       "Seccomp_filters:\t0\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n"
                       "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n";
    cr_expect_str_eq(buf, want, "expected\n%s\ngot\n%s", want, buf);
}

Test(procfs_status, masks_are_16_hex_digits_at_every_width)
{
    struct procfs_task t = shell();
    t.sig_pending = ~0ull;
    t.shd_pending = 1;
    char buf[2048];
    FMT(buf, procfmt_status(buf, sizeof buf, &t));
    cr_expect(strstr(buf, "\nSigPnd:\tffffffffffffffff\n") != NULL, "all 64 bits: %s", buf);
    cr_expect(strstr(buf, "\nShdPnd:\t0000000000000001\n") != NULL, "zero-padded: %s", buf);
}

Test(procfs_status, name_escapes_newline_tab_and_backslash)
{
    struct procfs_task t = shell();
    strcpy(t.comm, "a\nb\tc\\d");
    char buf[2048];
    FMT(buf, procfmt_status(buf, sizeof buf, &t));
    cr_expect_eq(strncmp(buf, "Name:\ta\\nb\\tc\\\\d\nUmask:", 22), 0, "got %s", buf);
}

Test(procfs_status, states_read_as_linux_names_them)
{
    struct procfs_task t = shell();
    char buf[2048];
    const char *names[][2] = {{"R", "State:\tR (running)\n"}, {"Z", "State:\tZ (zombie)\n"}};
    for (size_t i = 0; i < 2; i++) {
        t.state = names[i][0][0];
        FMT(buf, procfmt_status(buf, sizeof buf, &t));
        cr_expect(strstr(buf, names[i][1]) != NULL, "expected %s in %s", names[i][1], buf);
    }
}

Test(procfs_statm, pages_of_a_live_process)
{
    struct procfs_task t = shell();
    t.vsize = 40960;
    t.rss_pages = 3;
    char buf[128];
    FMT(buf, procfmt_statm(buf, sizeof buf, &t));
    cr_expect_str_eq(buf, "10 3 0 0 0 0 0\n");
}

/* ---- system-wide files ------------------------------------------------------------------- */

Test(procfs_meminfo, numbers_end_in_column_24_with_kb)
{
    struct procfs_mem m = {.total_kb = 262144, .free_kb = 200000, .available_kb = 200000};
    char buf[4096];
    FMT(buf, procfmt_meminfo(buf, sizeof buf, &m));
    const char *want = "MemTotal:         262144 kB\n"
                       "MemFree:          200000 kB\n"
                       "MemAvailable:     200000 kB\n"
                       "Buffers:               0 kB\n"
                       "Cached:                0 kB\n";
    cr_expect_eq(strncmp(buf, want, strlen(want)), 0, "expected\n%s\ngot\n%.140s", want, buf);
    int lines = 0;
    for (char *line = buf; *line; line = strchr(line, '\n') + 1, lines++) {
        char *nl = strchr(line, '\n');
        cr_assert_not_null(nl);
        cr_expect_eq(nl - line, 27, "every line is 27 wide (label, 8-digit number, kB): %.*s",
                     (int)(nl - line), line);
        cr_expect_eq(strncmp(nl - 3, " kB", 3), 0, "ends in kB: %.*s", (int)(nl - line), line);
    }
    cr_expect_eq(lines, 34, "expected 34 lines, got %d", lines);
}

Test(procfs_meminfo, free_reads_its_lines)
{
    struct procfs_mem m = {.total_kb = 262144,
                           .free_kb = 1000,
                           .available_kb = 900,
                           .swap_total_kb = 4,
                           .swap_free_kb = 3};
    char buf[4096];
    FMT(buf, procfmt_meminfo(buf, sizeof buf, &m));
    const char *lines[] = {"MemAvailable:        900 kB\n", "SwapTotal:             4 kB\n",
                           "SwapFree:              3 kB\n", "Shmem:                 0 kB\n",
                           "SReclaimable:          0 kB\n", "Inactive(anon):        0 kB\n",
                           "CommitLimit:      131076 kB\n", "Committed_AS:     261144 kB\n"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        cr_expect(strstr(buf, lines[i]) != NULL, "expected \"%s\"", lines[i]);
}

Test(procfs_meminfo, a_wide_number_pushes_kb_right)
{
    struct procfs_mem m = {.total_kb = 123456789};
    char buf[4096];
    FMT(buf, procfmt_meminfo(buf, sizeof buf, &m));
    cr_expect_eq(strncmp(buf, "MemTotal:       123456789 kB\n", 29), 0, "got %.30s", buf);
}

Test(procfs_cpuinfo, one_block_per_hart)
{
    char buf[512];
    FMT(buf, procfmt_cpuinfo(buf, sizeof buf, 2));
    cr_expect_str_eq(buf, "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n"
                          "processor\t: 1\nhart\t\t: 1\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n");
}

Test(procfs_uptime, seconds_with_two_decimals_cut_not_rounded)
{
    char buf[64];
    FMT(buf, procfmt_uptime(buf, sizeof buf, 12345678901ull, 24691357802ull));
    cr_expect_str_eq(buf, "12.34 24.69\n");
    FMT(buf, procfmt_uptime(buf, sizeof buf, 100050000000ull, 5));
    cr_expect_str_eq(buf, "100.05 0.00\n");
}

Test(procfs_loadavg, counts_are_real)
{
    struct procfs_sys s = {.running = 1, .threads = 3, .last_pid = 1007};
    char buf[64];
    FMT(buf, procfmt_loadavg(buf, sizeof buf, &s));
    cr_expect_str_eq(buf, "0.00 0.00 0.00 1/3 1007\n");
}

Test(procfs_sys_stat, idle_cpus_btime_and_counts)
{
    struct procfs_sys s = {
        .cpus = 2, .uptime_ticks = 500, .boot_time_sec = 1700000000, .forks = 8, .running = 1};
    char buf[512];
    FMT(buf, procfmt_sys_stat(buf, sizeof buf, &s));
    cr_expect_str_eq(buf, "cpu  0 0 0 1000 0 0 0 0 0 0\n"
                          "cpu0 0 0 0 500 0 0 0 0 0 0\n"
                          "cpu1 0 0 0 500 0 0 0 0 0 0\n"
                          "intr 0\nctxt 0\nbtime 1700000000\nprocesses 8\n"
                          "procs_running 1\nprocs_blocked 0\n"
                          "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

Test(procfs_fixed, mounts_version_filesystems)
{
    char buf[512];
    FMT(buf, procfmt_mounts(buf, sizeof buf));
    cr_expect_str_eq(buf, "tmpfs / tmpfs rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n"
                          "proc /proc proc rw 0 0\ndevtmpfs /dev devtmpfs rw 0 0\n");
    FMT(buf, procfmt_mountinfo(buf, sizeof buf));
    cr_expect_eq(strncmp(buf, "1 0 0:1 / / rw - tmpfs tmpfs rw\n", 32), 0, "got %s", buf);
    FMT(buf, procfmt_version(buf, sizeof buf));
    cr_expect_eq(strncmp(buf, "Linux version 6.1.0-vaelix ", 27), 0, "uname's release: %s", buf);
    FMT(buf, procfmt_filesystems(buf, sizeof buf));
    cr_expect_str_eq(buf, "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n");
}

/* ---- listings ------------------------------------------------------------------------------ */

struct listing {
    int n;
    char names[64][32];
    uint32_t types[64];
    uint64_t inos[64];
};

static void collect(const char *name, uint32_t type, uint64_t ino, void *arg)
{
    struct listing *l = arg;
    cr_assert_lt(l->n, 64, "at most 64 entries");
    snprintf(l->names[l->n], sizeof l->names[0], "%s", name);
    l->types[l->n] = type;
    l->inos[l->n++] = ino;
}

/* ---- /dev ---------------------------------------------------------------------------------- */

Test(devfs, devices_have_linux_numbers_and_modes)
{
    static const struct {
        const char *name;
        uint32_t major, minor, perm;
    } devs[] = {{"null", 1, 3, 0666},   {"zero", 1, 5, 0666},    {"full", 1, 7, 0666},
                {"random", 1, 8, 0666}, {"urandom", 1, 9, 0666}, {"kmsg", 1, 11, 0644},
                {"tty", 5, 0, 0666},    {"console", 5, 1, 0600}, {"ptmx", 5, 2, 0666}};
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        struct vfile_stat st;
        cr_assert_eq(devfs_stat(NULL, devs[i].name, &st), 0, "/dev/%s exists", devs[i].name);
        cr_expect_eq(st.mode, LS_IFCHR | devs[i].perm, "/dev/%s: mode %o", devs[i].name, st.mode);
        cr_expect_eq(st.rdev, (devs[i].major << 8) | devs[i].minor, "/dev/%s: rdev %u:%u",
                     devs[i].name, st.rdev >> 8, st.rdev & 0xff);
    }
}

Test(devfs, links_point_into_proc_self_fd)
{
    char buf[64];
    const char *links[][2] = {{"fd", "/proc/self/fd"},
                              {"stdin", "/proc/self/fd/0"},
                              {"stdout", "/proc/self/fd/1"},
                              {"stderr", "/proc/self/fd/2"}};
    for (size_t i = 0; i < 4; i++) {
        int64_t n = devfs_readlink(NULL, links[i][0], buf, sizeof buf);
        cr_assert_eq(n, (int64_t)strlen(links[i][1]), "/dev/%s: length %lld", links[i][0],
                     (long long)n);
        cr_expect_eq(memcmp(buf, links[i][1], (size_t)n), 0, "/dev/%s -> %s", links[i][0],
                     links[i][1]);
        struct vfile_stat st;
        cr_assert_eq(devfs_stat(NULL, links[i][0], &st), 0);
        cr_expect_eq(st.mode & LS_IFMT, (uint32_t)LS_IFLNK, "/dev/%s is a link", links[i][0]);
    }
    cr_expect_eq(devfs_readlink(NULL, "stdin", buf, 4), 4, "cut at cap");
    cr_expect_eq(devfs_readlink(NULL, "null", buf, sizeof buf), -LEINVAL, "not a link");
}

Test(devfs, listing_is_dot_dotdot_then_names_in_order)
{
    struct listing l = {0};
    cr_assert_eq(devfs_list(NULL, "", collect, &l), 0);
    const char *want[] = {".",   "..",     "console", "fd",    "full",   "kmsg", "null",    "ptmx",
                          "pts", "random", "stderr",  "stdin", "stdout", "tty",  "urandom", "zero"};
    cr_assert_eq(l.n, 16, "expected 16 entries, got %d", l.n);
    for (int i = 0; i < l.n; i++)
        cr_expect_str_eq(l.names[i], want[i], "entry %d", i);
    cr_expect_eq(l.types[2], VFILE_DT_CHR);
    cr_expect_eq(l.types[3], VFILE_DT_LNK);
    cr_expect_eq(l.types[8], VFILE_DT_DIR);
    struct listing pts = {0};
    cr_assert_eq(devfs_list(NULL, "pts", collect, &pts), 0);
    cr_expect_eq(pts.n, 2, "pts/ holds only . and ..");
}

Test(devfs, lookups_fail_as_linux_does)
{
    struct vfile_stat st;
    cr_expect_eq(devfs_stat(NULL, "nosuch", &st), -LENOENT);
    cr_expect_eq(devfs_stat(NULL, "null/x", &st), -LENOTDIR);
    cr_expect_eq(devfs_stat(NULL, "pts/0", &st), -LENOENT);
    cr_expect_eq(devfs_stat(NULL, "", &st), 0);
    cr_expect_eq(st.mode, (uint32_t)(LS_IFDIR | 0755));
    struct listing l = {0};
    cr_expect_eq(devfs_list(NULL, "null", collect, &l), -LENOTDIR);
}

Test(devfs, open_names_devices_and_refuses_the_rest)
{
    cr_expect_eq(devfs_open(NULL, "null"), VDEV_NULL);
    cr_expect_eq(devfs_open(NULL, "/urandom"), VDEV_URANDOM, "leading slashes are skipped");
    cr_expect_eq(devfs_open(NULL, "tty"), VDEV_TTY);
    cr_expect_eq(devfs_open(NULL, "console"), VDEV_CONSOLE);
    cr_expect_eq(devfs_open(NULL, "kmsg"), VDEV_KMSG);
    cr_expect_eq(devfs_open(NULL, "ptmx"), -LENODEV);
    cr_expect_eq(devfs_open(NULL, "pts"), -LEISDIR);
    cr_expect_eq(devfs_open(NULL, ""), -LEISDIR);
    cr_expect_eq(devfs_open(NULL, "stdin"), -LEINVAL, "links are resolved first");
    cr_expect_eq(devfs_open(NULL, "nosuch"), -LENOENT);
}

Test(devfs, writes_that_need_no_guest_memory)
{
    cr_expect_eq(devfs_write(NULL, VDEV_NULL, 0, 12345), 12345, "null swallows all");
    cr_expect_eq(devfs_write(NULL, VDEV_FULL, 0, 1), -LENOSPC, "full is full");
    cr_expect_eq(devfs_read(NULL, VDEV_NULL, 0, 100), 0, "null is at end of file");
    cr_expect_eq(devfs_read(NULL, VDEV_TTY, 0, 1), -LEINVAL, "tty is the caller's");
}

/* ---- /proc's top level --------------------------------------------------------------------- */

Test(procfs_tree, top_level_entries_and_kinds)
{
    struct vfile_stat st;
    cr_assert_eq(procfs_stat(NULL, "", &st), 0);
    cr_expect_eq(st.mode, (uint32_t)(LS_IFDIR | 0555));
    cr_assert_eq(procfs_stat(NULL, "meminfo", &st), 0);
    cr_expect_eq(st.mode, (uint32_t)(LS_IFREG | 0444));
    cr_expect_eq(st.size, 0, "proc files have size 0");
    cr_assert_eq(procfs_stat(NULL, "self", &st), 0, "self is a link (stat is lstat)");
    cr_expect_eq(st.mode, (uint32_t)(LS_IFLNK | 0777));
    cr_expect_eq(procfs_stat(NULL, "meminfo/x", &st), -LENOTDIR);
    cr_expect_eq(procfs_stat(NULL, "nosuch", &st), -LENOENT);
    cr_expect_eq(procfs_stat(NULL, "4000000", &st), -LENOENT, "no such process");
    cr_expect_eq(procfs_stat(NULL, "01000", &st), -LENOENT, "no leading zeros");
}

Test(procfs_tree, root_lists_dot_dotdot_and_files_first)
{
    struct listing l = {0};
    cr_assert_eq(procfs_list(NULL, "", collect, &l), 0);
    const char *want[] = {".",       "..",      "self",   "thread-self", "cpuinfo", "filesystems",
                          "loadavg", "meminfo", "mounts", "stat",        "uptime",  "version"};
    cr_assert_eq(l.n, 12, "no processes in a unit test: 12 entries, got %d", l.n);
    for (int i = 0; i < l.n; i++)
        cr_expect_str_eq(l.names[i], want[i], "entry %d", i);
    for (int i = 2; i < l.n; i++)
        for (int j = i + 1; j < l.n; j++)
            cr_expect_neq(l.inos[i], l.inos[j], "%s and %s share an inode", l.names[i], l.names[j]);
}

Test(procfs_tree, static_files_read_whole_and_dirs_refuse)
{
    char buf[256];
    int64_t n = procfs_read(NULL, "filesystems", buf, sizeof buf);
    cr_assert_eq(n, 38, "got %lld", (long long)n);
    cr_expect_eq(memcmp(buf, "nodev\ttmpfs\n", 12), 0);
    cr_expect_eq(procfs_read(NULL, "", buf, sizeof buf), -LEISDIR);
    cr_expect_eq(procfs_read(NULL, "self", buf, sizeof buf), -LEINVAL, "a link");
    cr_expect_eq(procfs_readlink(NULL, "version", buf, sizeof buf), -LEINVAL, "not a link");
}
