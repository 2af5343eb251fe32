/* paths.c - applets about path names: basename, dirname, readlink and realpath. */
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_basename(const char *path, const char *suffix, char end)
{
    char *base = box_basename(path);
    size_t len = strlen(base), slen = suffix ? strlen(suffix) : 0;
    if (slen > 0 && slen < len && strcmp(base + len - slen, suffix) == 0)
        base[len - slen] = '\0';
    printf("%s%c", base, end);
    free(base);
}

int basename_main(int argc, char **argv)
{
    bool multiple = false;
    const char *suffix = NULL;
    char end = '\n';
    int opt;
    while ((opt = getopt(argc, argv, "as:z")) != -1) {
        if (opt == 'a') {
            multiple = true;
        } else if (opt == 's') {
            multiple = true;
            suffix = optarg;
        } else if (opt == 'z') {
            end = '\0';
        } else {
            return box_usage(1);
        }
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    if (!multiple) {
        if (argc - optind > 2) {
            box_warn("extra operand '%s'", argv[optind + 2]);
            return box_usage(1);
        }
        print_basename(argv[optind], argc - optind == 2 ? argv[optind + 1] : NULL, end);
        return 0;
    }
    for (int i = optind; i < argc; i++)
        print_basename(argv[i], suffix, end);
    return 0;
}

static void print_dirname(const char *path, char end)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    while (len > 0 && path[len - 1] != '/')
        len--;
    if (len == 0) {
        printf(".%c", end);
        return;
    }
    while (len > 1 && path[len - 1] == '/')
        len--;
    printf("%.*s%c", (int)len, path, end);
}

int dirname_main(int argc, char **argv)
{
    char end = '\n';
    int opt;
    while ((opt = getopt(argc, argv, "z")) != -1) {
        if (opt != 'z')
            return box_usage(1);
        end = '\0';
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    for (int i = optind; i < argc; i++)
        print_dirname(argv[i], end);
    return 0;
}

int readlink_main(int argc, char **argv)
{
    bool canonical = false, newline = true, verbose = false;
    int opt;
    while ((opt = getopt(argc, argv, "femnqsvz")) != -1) {
        if (opt == 'f' || opt == 'e' || opt == 'm')
            canonical = true;
        else if (opt == 'n')
            newline = false;
        else if (opt == 'v')
            verbose = true;
        else if (opt == '?')
            return box_usage(1);
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char buf[PATH_MAX];
        char *result = NULL;
        if (canonical) {
            result = realpath(argv[i], NULL);
        } else {
            ssize_t n = readlink(argv[i], buf, sizeof buf - 1);
            if (n >= 0) {
                buf[n] = '\0';
                result = box_strdup(buf);
            }
        }
        if (!result) {
            if (verbose)
                box_warn_errno("%s", argv[i]);
            status = 1;
            continue;
        }
        fputs(result, stdout);
        if (newline || argc - optind > 1)
            putchar('\n');
        free(result);
    }
    return status;
}

int realpath_main(int argc, char **argv)
{
    bool quiet = false;
    int opt;
    while ((opt = getopt(argc, argv, "eqsmL")) != -1) {
        if (opt == 'q')
            quiet = true;
        else if (opt == '?')
            return box_usage(1);
    }
    if (optind >= argc) {
        box_warn("missing operand");
        return box_usage(1);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *result = realpath(argv[i], NULL);
        if (!result) {
            if (!quiet)
                box_warn_errno("%s", argv[i]);
            status = 1;
            continue;
        }
        puts(result);
        free(result);
    }
    return status;
}
