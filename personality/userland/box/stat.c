/* stat.c - stat: show file status, in GNU's default layout or by a -c / --printf FORMAT.
 *
 * statx(2) gives the birth time where the file system keeps one; a kernel without statx
 * (ENOSYS) gets plain fstatat(2) and "-" for the birth time. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define STAT_SPEC_MAX 32

struct file_info {
    const char *path;
    struct stat st;
    struct timespec birth;
    bool has_birth;
};

static const char DEFAULT_FORMAT[] = "  File: %Q\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
                                     "Device: %Hd,%Ld\tInode: %-11i Links: %h\n"
                                     "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
                                     "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";
static const char DEVICE_FORMAT[] =
    "  File: %Q\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
    "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n"
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";

static bool get_info(const char *path, bool follow, struct file_info *fi)
{
    int flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
    struct statx sx;
    fi->path = path;
    fi->has_birth = false;
    if (statx(AT_FDCWD, path, flags, STATX_BASIC_STATS | STATX_BTIME, &sx) == 0) {
        if (fstatat(AT_FDCWD, path, &fi->st, flags) != 0)
            return false;
        fi->has_birth = sx.stx_mask & STATX_BTIME;
        fi->birth = (struct timespec){sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec};
        return true;
    }
    if (errno != ENOSYS)
        return false;
    return fstatat(AT_FDCWD, path, &fi->st, flags) == 0;
}

static const char *type_name(mode_t m)
{
    if (S_ISREG(m))
        return "regular file";
    if (S_ISDIR(m))
        return "directory";
    if (S_ISLNK(m))
        return "symbolic link";
    if (S_ISCHR(m))
        return "character special file";
    if (S_ISBLK(m))
        return "block special file";
    if (S_ISFIFO(m))
        return "fifo";
    if (S_ISSOCK(m))
        return "socket";
    return "weird file";
}

static void mode_text(mode_t m, char *out)
{
    out[0] = S_ISDIR(m)    ? 'd'
             : S_ISLNK(m)  ? 'l'
             : S_ISCHR(m)  ? 'c'
             : S_ISBLK(m)  ? 'b'
             : S_ISFIFO(m) ? 'p'
             : S_ISSOCK(m) ? 's'
                           : '-';
    for (int i = 0; i < 9; i++)
        out[i + 1] = (m & (0400 >> i)) ? "rwxrwxrwx"[i] : '-';
    if (m & S_ISUID)
        out[3] = (m & S_IXUSR) ? 's' : 'S';
    if (m & S_ISGID)
        out[6] = (m & S_IXGRP) ? 's' : 'S';
    if (m & S_ISVTX)
        out[9] = (m & S_IXOTH) ? 't' : 'T';
    out[10] = '\0';
}

static void time_text(const struct timespec *ts, char *out, size_t cap)
{
    struct tm tm;
    localtime_r(&ts->tv_sec, &tm);
    char date[64], zone[16];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    snprintf(out, cap, "%s.%09ld %s", date, ts->tv_nsec, zone);
}

/* Prints one conversion with the printf flags and width in spec ("%-10"). */
static void put_text(const char *spec, const char *text)
{
    char fmt[STAT_SPEC_MAX + 2];
    snprintf(fmt, sizeof fmt, "%ss", spec);
    printf(fmt, text);
}

static void put_number(const char *spec, unsigned long long v, char conv)
{
    char fmt[STAT_SPEC_MAX + 4];
    snprintf(fmt, sizeof fmt, "%sll%c", spec, conv);
    printf(fmt, v);
}

/* The name, and " -> target" for a link: quoted for %N, plain for the default format's %Q. */
static void link_name(const struct file_info *fi, bool quoted, char *out, size_t cap)
{
    const char *q = quoted ? "'" : "";
    char target[PATH_MAX];
    ssize_t n = S_ISLNK(fi->st.st_mode) ? readlink(fi->path, target, sizeof target - 1) : -1;
    if (n >= 0)
        snprintf(out, cap, "%s%s%s -> %s%.*s%s", q, fi->path, q, q, (int)n, target, q);
    else
        snprintf(out, cap, "%s%s%s", q, fi->path, q);
}

/* One conversion: c is its letter; prefix is 'H' or 'L' for %Hd-style major/minor. */
static void conversion(const struct file_info *fi, const char *spec, char prefix, char c)
{
    const struct stat *st = &fi->st;
    char buf[PATH_MAX * 2 + 16];
    const char *name;
    switch (c) {
    case 'n':
        put_text(spec, fi->path);
        break;
    case 'N':
        link_name(fi, true, buf, sizeof buf), put_text(spec, buf);
        break;
    case 'Q':
        link_name(fi, false, buf, sizeof buf), put_text(spec, buf);
        break;
    case 's':
        put_number(spec, (unsigned long long)st->st_size, 'u');
        break;
    case 'b':
        put_number(spec, (unsigned long long)st->st_blocks, 'u');
        break;
    case 'B':
        put_number(spec, 512, 'u');
        break;
    case 'o':
        put_number(spec, (unsigned long long)st->st_blksize, 'u');
        break;
    case 'f':
        put_number(spec, st->st_mode, 'x');
        break;
    case 'F':
        put_text(spec, type_name(st->st_mode));
        break;
    case 'a':
        put_number(spec, st->st_mode & 07777, 'o');
        break;
    case 'A':
        mode_text(st->st_mode, buf), put_text(spec, buf);
        break;
    case 'h':
        put_number(spec, (unsigned long long)st->st_nlink, 'u');
        break;
    case 'i':
        put_number(spec, (unsigned long long)st->st_ino, 'u');
        break;
    case 'u':
        put_number(spec, st->st_uid, 'u');
        break;
    case 'g':
        put_number(spec, st->st_gid, 'u');
        break;
    case 'U':
        name = box_user_name(st->st_uid);
        put_text(spec, name ? name : "UNKNOWN");
        break;
    case 'G':
        name = box_group_name(st->st_gid);
        put_text(spec, name ? name : "UNKNOWN");
        break;
    case 'd':
        if (prefix)
            put_number(spec, prefix == 'H' ? major(st->st_dev) : minor(st->st_dev), 'u');
        else
            put_number(spec, (unsigned long long)st->st_dev, 'u');
        break;
    case 'D':
        put_number(spec, (unsigned long long)st->st_dev, 'x');
        break;
    case 'r':
        put_number(spec, prefix == 'L' ? minor(st->st_rdev) : major(st->st_rdev), 'u');
        break;
    case 't':
        put_number(spec, major(st->st_rdev), 'x');
        break;
    case 'T':
        put_number(spec, minor(st->st_rdev), 'x');
        break;
    case 'x':
        time_text(&st->st_atim, buf, sizeof buf), put_text(spec, buf);
        break;
    case 'y':
        time_text(&st->st_mtim, buf, sizeof buf), put_text(spec, buf);
        break;
    case 'z':
        time_text(&st->st_ctim, buf, sizeof buf), put_text(spec, buf);
        break;
    case 'X':
        put_number(spec, (unsigned long long)st->st_atim.tv_sec, 'd');
        break;
    case 'Y':
        put_number(spec, (unsigned long long)st->st_mtim.tv_sec, 'd');
        break;
    case 'Z':
        put_number(spec, (unsigned long long)st->st_ctim.tv_sec, 'd');
        break;
    case 'w':
        if (fi->has_birth)
            time_text(&fi->birth, buf, sizeof buf), put_text(spec, buf);
        else
            put_text(spec, "-");
        break;
    case 'W':
        put_number(spec, fi->has_birth ? (unsigned long long)fi->birth.tv_sec : 0, 'd');
        break;
    default:
        printf("?");
        break;
    }
}

static void print_format(const struct file_info *fi, const char *f, bool escapes)
{
    while (*f) {
        if (escapes && *f == '\\' && f[1]) {
            f++;
            int c = box_escape(&f, false);
            if (c == BOX_ESCAPE_STOP)
                return;
            putchar(c == BOX_ESCAPE_UNKNOWN ? '\\' : c);
            continue;
        }
        if (*f != '%') {
            putchar(*f++);
            continue;
        }
        if (f[1] == '%') {
            putchar('%');
            f += 2;
            continue;
        }
        char spec[STAT_SPEC_MAX];
        size_t len = 0;
        spec[len++] = *f++;
        while (*f && strchr("-+ #0123456789.", *f) && len < STAT_SPEC_MAX - 2)
            spec[len++] = *f++;
        spec[len] = '\0';
        char prefix = 0;
        if ((*f == 'H' || *f == 'L') && f[1] && strchr("dr", f[1]))
            prefix = *f++;
        if (!*f) {
            fputs(spec, stdout);
            break;
        }
        conversion(fi, spec, prefix, *f++);
    }
}

int stat_main(int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'c'},
                                             {"printf", required_argument, NULL, 'P'},
                                             {"dereference", no_argument, NULL, 'L'},
                                             {NULL, 0, NULL, 0}};
    const char *format = NULL;
    bool follow = false, escapes = false, newline = true;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:L", longopts, NULL)) != -1) {
        if (opt == 'c') {
            format = optarg;
        } else if (opt == 'P') {
            format = optarg;
            escapes = true;
            newline = false;
        } else if (opt == 'L') {
            follow = true;
        } else {
            return box_usage(1);
        }
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        struct file_info fi;
        if (!get_info(argv[i], follow, &fi)) {
            box_warn_errno("cannot statx '%s'", argv[i]);
            status = 1;
            continue;
        }
        bool device = S_ISCHR(fi.st.st_mode) || S_ISBLK(fi.st.st_mode);
        print_format(&fi, format ? format : device ? DEVICE_FORMAT : DEFAULT_FORMAT, escapes);
        if (format && newline)
            putchar('\n');
    }
    return status;
}
