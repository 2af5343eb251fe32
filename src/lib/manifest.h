/*
 * lib/manifest.h - service manifests: what vinit starts, how, in which order, within what quota.
 *
 * A manifest is a small text file (data/services/<name>.svc in the source tree, the same path
 * in the initrd), one `key = value` per line; docs/vinit.md is the reference:
 *
 *     # logd: collects log lines from every task
 *     name     = logd
 *     exec     = builtin:logd          # or an absolute path in the initrd: /test/echo
 *     args     = --level info          # words separated by blanks, no quoting
 *     depends  = vfs                   # services that must be running first
 *     restart  = on-failure            # never | on-failure | always
 *     backoff  = 100 10000             # first restart delay, longest delay (ms)
 *
 *     [quota]                          # the service's job; 0 or absent: no own limit
 *     pages    = 256
 *     handles  = 128
 *     threads  = 4
 *     tasks    = 1
 *
 * manifest_parse reads one manifest into a fixed-size struct: every string is bounded and
 * checked, every number range-checked, unknown keys, sections and repeated keys refused. The
 * text is untrusted (it comes from the initrd or a disk); an error names the line and why.
 * manifest_order sorts a set of parsed manifests so that every service comes after the ones
 * it depends on, and reports unknown dependencies and cycles by name.
 *
 * Nothing here allocates or locks; the caller owns every buffer.
 */
#ifndef LIB_MANIFEST_H
#define LIB_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "vx/status.h"

#define MANIFEST_NAME_MAX       32u      /* service name, NUL included: [a-z0-9_-], 1..31 */
#define MANIFEST_EXEC_MAX       128u     /* exec value, NUL included */
#define MANIFEST_DESC_MAX       96u      /* description, NUL included */
#define MANIFEST_ARGS_MAX       8u       /* words in args */
#define MANIFEST_ARGS_BYTES     192u     /* all of args' words with their NULs */
#define MANIFEST_DEPS_MAX       8u       /* names in depends */
#define MANIFEST_LINE_MAX       256u     /* bytes in a line, without its newline */
#define MANIFEST_BYTES_MAX      8192u    /* a whole manifest */
#define MANIFEST_SERVICES_MAX   64u      /* manifests manifest_order can sort at once */
#define MANIFEST_BACKOFF_MS_MAX 3600000u /* one hour */
#define MANIFEST_WHY_BYTES      192u
#define MANIFEST_BUILTIN_PREFIX "builtin:"

/* Defaults for keys a manifest leaves out. */
#define MANIFEST_DEFAULT_BACKOFF_INITIAL_MS 100u
#define MANIFEST_DEFAULT_BACKOFF_MAX_MS     10000u

enum manifest_exec_kind {
    MANIFEST_EXEC_BUILTIN = 1, /* exec = builtin:<name>: a program compiled into the image */
    MANIFEST_EXEC_PATH,        /* exec = /<path>: a riscv64 ELF in the initrd */
};

enum manifest_restart {
    MANIFEST_RESTART_NEVER = 0,  /* leave it stopped */
    MANIFEST_RESTART_ON_FAILURE, /* restart when it exits non-zero or faults (default) */
    MANIFEST_RESTART_ALWAYS,     /* restart whenever it exits */
};

/* The job a service runs in. 0: no limit of its own (its parent job's limits still apply). */
struct manifest_quota {
    uint32_t pages;   /* frames of memory */
    uint32_t handles; /* open handles */
    uint32_t threads;
    uint32_t tasks;
};

struct svc_manifest {
    char name[MANIFEST_NAME_MAX];
    char description[MANIFEST_DESC_MAX]; /* "" if absent */
    enum manifest_exec_kind exec_kind;
    char exec[MANIFEST_EXEC_MAX]; /* builtin name, or the path without its "/" */
    uint32_t argc;
    char args_buf[MANIFEST_ARGS_BYTES];   /* the words, each NUL-terminated, in order */
    uint16_t argv_off[MANIFEST_ARGS_MAX]; /* word i is args_buf + argv_off[i] */
    uint32_t ndeps;
    char deps[MANIFEST_DEPS_MAX][MANIFEST_NAME_MAX];
    enum manifest_restart restart;
    uint32_t backoff_initial_ms; /* first restart delay; doubles up to max */
    uint32_t backoff_max_ms;
    struct manifest_quota quota;
};

/* Where and why parsing failed. line is 1-based; 0 means the manifest as a whole (a missing
 * required key, a manifest too big). */
struct manifest_error {
    uint32_t line;
    char why[MANIFEST_WHY_BYTES];
};

/* Parse the manifest text [text, text + len) into *m. Returns VX_OK, or VX_EINVAL (a line is
 * malformed, a key unknown or repeated, a required key missing) or VX_ERANGE (a value or the
 * manifest too long, a number out of range), with *err filled. *m is undefined on error. */
vx_status_t manifest_parse(const char *text, size_t len, struct svc_manifest *m,
                           struct manifest_error *err);

/* Word i of m's args (i < m->argc). */
const char *manifest_arg(const struct svc_manifest *m, uint32_t i);

/* The restart policy's name ("never", "on-failure", "always"). */
const char *manifest_restart_name(enum manifest_restart r);

/* Order n manifests (n <= MANIFEST_SERVICES_MAX) so that each comes after all it depends on;
 * order[k] is the index in m of the k-th service to start. Services that do not depend on one
 * another keep the order they have in m (so sorted input gives a reproducible order).
 * Returns VX_OK, or with why (MANIFEST_WHY_BYTES) filled: VX_EEXIST (two manifests share a
 * name), VX_ENOENT (a service depends on a name no manifest has), VX_EINVAL (a dependency
 * cycle, named in order, e.g. "dependency cycle: a -> b -> a"), VX_ERANGE (n too large). */
vx_status_t manifest_order(const struct svc_manifest *m, uint32_t n, uint32_t *order, char *why);

#endif /* LIB_MANIFEST_H */
