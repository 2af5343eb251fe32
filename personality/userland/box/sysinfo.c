/* sysinfo.c - applets that report on the system and the caller: date (+FORMAT, -u, -d, -R,
 * -I), uname (-a -s -n -r -v -m -p -i -o) and id (-u -g -G -n -r). */
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* ---- date ---------------------------------------------------------------------------------- */

#define DATE_MAX 1024

/* strftime, plus %N (nanoseconds), which C's strftime lacks. */
static void format_date(const char *fmt, const struct timespec *ts, const struct tm *tm)
{
    char *expanded = box_malloc(strlen(fmt) * 5 + 1), *o = expanded;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 'N') {
            o += sprintf(o, "%09ld", ts->tv_nsec);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            *o++ = *p++;
            *o++ = *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    char out[DATE_MAX];
    size_t n = strftime(out, sizeof out, expanded, tm);
    if (n == 0 && *expanded)
        out[0] = '\0';
    puts(out);
    free(expanded);
}

int date_main(int argc, char **argv)
{
    bool utc = false;
    const char *when = NULL, *format = "%a %b %e %H:%M:%S %Z %Y";
    int opt;
    while ((opt = getopt(argc, argv, "ud:RI")) != -1) {
        if (opt == 'u')
            utc = true;
        else if (opt == 'd')
            when = optarg;
        else if (opt == 'R')
            format = "%a, %d %b %Y %H:%M:%S %z";
        else if (opt == 'I')
            format = "%Y-%m-%d";
        else
            return box_usage(1);
    }
    for (; optind < argc; optind++) {
        if (argv[optind][0] != '+') {
            box_warn("invalid date '%s'", argv[optind]);
            return 1;
        }
        format = argv[optind] + 1;
    }
    if (utc)
        setenv("TZ", "UTC0", 1);
    tzset();
    struct timespec ts;
    if (when) {
        if (!box_parse_date(when, &ts)) {
            box_warn("invalid date '%s'", when);
            return 1;
        }
    } else {
        clock_gettime(CLOCK_REALTIME, &ts);
    }
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    format_date(format, &ts, &tm);
    return 0;
}

/* ---- uname --------------------------------------------------------------------------------- */

int uname_main(int argc, char **argv)
{
    enum { S, N, R, V, M, P, I, O, FIELDS };
    bool show[FIELDS] = {false};
    bool all = false;
    int opt;
    while ((opt = getopt(argc, argv, "asnrvmpio")) != -1) {
        const char *letters = "snrvmpio", *p = strchr(letters, opt);
        if (opt == 'a')
            all = true;
        else if (p && opt != '?')
            show[p - letters] = true;
        else
            return box_usage(1);
    }
    if (optind < argc) {
        box_warn("extra operand '%s'", argv[optind]);
        return box_usage(1);
    }
    struct utsname u;
    if (uname(&u) != 0)
        box_die_errno(1, "cannot get system name");
    const char *values[FIELDS] = {u.sysname, u.nodename, u.release, u.version,
                                  u.machine, "unknown",  "unknown", "GNU/Linux"};
    bool any = false;
    for (int i = 0; i < FIELDS; i++)
        any |= show[i];
    if (!any && !all)
        show[S] = true;
    bool first = true;
    for (int i = 0; i < FIELDS; i++) {
        /* -a leaves out the processor and platform when they are unknown, as GNU does. */
        bool wanted = show[i] || (all && i != P && i != I);
        if (!wanted)
            continue;
        printf("%s%s", first ? "" : " ", values[i]);
        first = false;
    }
    putchar('\n');
    return 0;
}

/* ---- id ------------------------------------------------------------------------------------ */

static void print_id(unsigned id, const char *name, bool by_name)
{
    if (by_name && name)
        printf("%s", name);
    else
        printf("%u", id);
}

int id_main(int argc, char **argv)
{
    char which = 0;
    bool by_name = false, real = false;
    int opt;
    while ((opt = getopt(argc, argv, "ugGnr")) != -1) {
        if (opt == 'u' || opt == 'g' || opt == 'G') {
            if (which && which != opt)
                box_die(1, "cannot print \"only\" of more than one choice");
            which = (char)opt;
        } else if (opt == 'n') {
            by_name = true;
        } else if (opt == 'r') {
            real = true;
        } else {
            return box_usage(1);
        }
    }
    if (optind < argc) {
        box_warn("extra operand '%s'", argv[optind]);
        return box_usage(1);
    }
    if ((by_name || real) && !which)
        box_die(1, "cannot print only names or real IDs in default format");
    uid_t uid = real ? getuid() : geteuid();
    gid_t gid = real ? getgid() : getegid();
    gid_t groups[256];
    int ngroups = getgroups(256, groups);
    if (ngroups < 0)
        ngroups = 0;
    if (which == 'u') {
        print_id(uid, box_user_name(uid), by_name);
    } else if (which == 'g') {
        print_id(gid, box_group_name(gid), by_name);
    } else if (which == 'G') {
        print_id(gid, box_group_name(gid), by_name);
        for (int i = 0; i < ngroups; i++)
            if (groups[i] != gid) {
                putchar(' ');
                print_id(groups[i], box_group_name(groups[i]), by_name);
            }
    } else {
        const char *name = box_user_name(uid);
        printf("uid=%u", (unsigned)uid);
        if (name)
            printf("(%s)", name);
        name = box_group_name(gid);
        printf(" gid=%u", (unsigned)gid);
        if (name)
            printf("(%s)", name);
        printf(" groups=%u", (unsigned)gid);
        if ((name = box_group_name(gid)))
            printf("(%s)", name);
        for (int i = 0; i < ngroups; i++) {
            if (groups[i] == gid)
                continue;
            printf(",%u", (unsigned)groups[i]);
            if ((name = box_group_name(groups[i])))
                printf("(%s)", name);
        }
    }
    putchar('\n');
    return 0;
}
