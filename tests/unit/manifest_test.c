/*
 * tests/unit/manifest_test.c - service manifests (lib/manifest.c): a full manifest parses into
 * the fields it names and defaults fill the rest; each malformed line is refused with its line
 * number and a reason; random damage never crashes the parser; manifest_order puts every
 * service after its dependencies and names unknown dependencies, duplicate names and cycles;
 * and the example manifests in data/services/ parse and order.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/manifest.h"
#include "lib/prng.h"

#include "criterion_tsan.h"

#define MUTATIONS 3000u

static struct svc_manifest m;
static struct manifest_error err;

static vx_status_t parse(const char *text)
{
    return manifest_parse(text, strlen(text), &m, &err);
}

Test(manifest, parses_every_key_of_a_full_manifest)
{
    const char *text = "# a comment line\r\n"
                       "name = logd\r\n"
                       "description = the system log   # trailing comment\n"
                       "  exec=builtin:logd\n"
                       "args = --level   info\t-v\n"
                       "\n"
                       "depends = vfs, netd time\n"
                       "restart = always\n"
                       "backoff = 50 2000\n"
                       "[quota]\n"
                       "pages = 128\n"
                       "handles = 256\n"
                       "threads = 2\n"
                       "tasks = 1"; /* no newline at the end */
    cr_assert_eq(parse(text), VX_OK, "expected it to parse; line %u: %s", err.line, err.why);
    cr_expect_str_eq(m.name, "logd");
    cr_expect_str_eq(m.description, "the system log");
    cr_expect_eq(m.exec_kind, MANIFEST_EXEC_BUILTIN);
    cr_expect_str_eq(m.exec, "logd");
    cr_expect_eq(m.argc, 3);
    cr_expect_str_eq(manifest_arg(&m, 0), "--level");
    cr_expect_str_eq(manifest_arg(&m, 1), "info");
    cr_expect_str_eq(manifest_arg(&m, 2), "-v");
    cr_expect_null(manifest_arg(&m, 3));
    cr_expect_eq(m.ndeps, 3);
    cr_expect_str_eq(m.deps[0], "vfs");
    cr_expect_str_eq(m.deps[1], "netd");
    cr_expect_str_eq(m.deps[2], "time");
    cr_expect_eq(m.restart, MANIFEST_RESTART_ALWAYS);
    cr_expect_str_eq(manifest_restart_name(m.restart), "always");
    cr_expect_eq(m.backoff_initial_ms, 50);
    cr_expect_eq(m.backoff_max_ms, 2000);
    cr_expect_eq(m.quota.pages, 128);
    cr_expect_eq(m.quota.handles, 256);
    cr_expect_eq(m.quota.threads, 2);
    cr_expect_eq(m.quota.tasks, 1);

    cr_assert_eq(parse("name = t\nexec = /test/isa/rv64m\n"), VX_OK, "%s", err.why);
    cr_expect_eq(m.exec_kind, MANIFEST_EXEC_PATH);
    cr_expect_str_eq(m.exec, "test/isa/rv64m", "a path is kept without its leading '/'");
    cr_expect_eq(m.argc, 0);
    cr_expect_eq(m.ndeps, 0);
    cr_expect_eq(m.restart, MANIFEST_RESTART_ON_FAILURE, "default restart");
    cr_expect_eq(m.backoff_initial_ms, MANIFEST_DEFAULT_BACKOFF_INITIAL_MS);
    cr_expect_eq(m.backoff_max_ms, MANIFEST_DEFAULT_BACKOFF_MAX_MS);
    cr_expect_eq(m.quota.pages, 0, "no quota: no limit of its own");
    cr_expect_str_eq(m.description, "");
}

Test(manifest, each_error_names_its_line_and_reason)
{
    static const struct {
        const char *text;
        uint32_t line;
        vx_status_t status;
        const char *reason;
    } cases[] = {
        {"exec = builtin:x\n", 0, VX_EINVAL, "no 'name"},
        {"name = x\n", 0, VX_EINVAL, "no 'exec"},
        {"name = x\nexec = builtin:x\njunk\n", 3, VX_EINVAL, "expected 'key = value'"},
        {"name = x\ncolour = blue\n", 2, VX_EINVAL, "unknown key 'colour'"},
        {"name = x\nname = y\n", 2, VX_EINVAL, "'name' is set twice"},
        {"name = \n", 1, VX_EINVAL, "'name' needs a value"},
        {"name = Logd\n", 1, VX_EINVAL, "only a-z"},
        {"name = a-very-long-service-name-indeed-x\n", 1, VX_ERANGE, "1..31"},
        {"# c\nname = x\nexec = logd\n", 3, VX_EINVAL, "neither builtin:<name> nor"},
        {"name = x\nexec = builtin:\n", 2, VX_EINVAL, "neither builtin"},
        {"name = x\nexec = /bin/../etc\n", 2, VX_EINVAL, "'..' component"},
        {"name = x\nexec = /\n", 2, VX_EINVAL, "is the root"},
        {"name = x\nargs = 1 2 3 4 5 6 7 8 9\n", 2, VX_ERANGE, "more than 8 args"},
        {"name = x\ndepends = a b a\n", 2, VX_EINVAL, "'a' is listed twice"},
        {"name = x\ndepends = a,B\n", 2, VX_EINVAL, "dependency 'B'"},
        {"name = x\ndepends = a b c d e f g h i\n", 2, VX_ERANGE, "more than 8"},
        {"name = x\nrestart = sometimes\n", 2, VX_EINVAL, "not never, on-failure or always"},
        {"name = x\nbackoff = 100\n", 2, VX_EINVAL, "two numbers"},
        {"name = x\nbackoff = 100 50\n", 2, VX_ERANGE, "first delay <= longest"},
        {"name = x\nbackoff = 0 50\n", 2, VX_ERANGE, "0 < first delay"},
        {"name = x\nbackoff = 1 9999999999\n", 2, VX_ERANGE, "is more than 3600000"},
        {"name = x\nbackoff = 1 2 3\n", 2, VX_EINVAL, "two numbers"},
        {"name = x\n[quota]\npages = -1\n", 3, VX_EINVAL, "is not a number"},
        {"name = x\n[quota]\npages = 12k\n", 3, VX_EINVAL, "is not a number"},
        {"name = x\n[quota]\npages = 4294967296\n", 3, VX_ERANGE, "more than 4294967295"},
        {"name = x\n[quota]\nname = y\n", 3, VX_EINVAL, "unknown key 'name' in [quota]"},
        {"name = x\n[quota]\n[quota]\n", 3, VX_EINVAL, "appears twice"},
        {"name = x\n[limits]\n", 2, VX_EINVAL, "unknown section"},
        {"name = x\n[quota\n", 2, VX_EINVAL, "'[name]'"},
        {"name = x\ndescription = a\001b\n", 2, VX_EINVAL, "control character"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vx_status_t st = parse(cases[i].text);
        cr_expect_eq(st, cases[i].status, "case %u: expected status %d, got %d (line %u: %s)", i,
                     cases[i].status, st, err.line, err.why);
        cr_expect_eq(err.line, cases[i].line, "case %u: expected line %u, got %u (%s)", i,
                     cases[i].line, err.line, err.why);
        cr_expect(strstr(err.why, cases[i].reason) != NULL,
                  "case %u: expected the reason to mention '%s', got '%s'", i, cases[i].reason,
                  err.why);
    }

    /* Lines and manifests over their limits; a NUL inside a line. */
    char big[MANIFEST_BYTES_MAX + 2];
    memset(big, '#', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cr_expect_eq(parse(big), VX_ERANGE, "a manifest over MANIFEST_BYTES_MAX");
    cr_expect_eq(err.line, 0);
    memcpy(big, "name = x\n", 9);
    big[9 + MANIFEST_LINE_MAX + 1] = '\0';
    cr_expect_eq(parse(big), VX_ERANGE, "a line over MANIFEST_LINE_MAX");
    cr_expect_eq(err.line, 2);
    cr_expect_eq(manifest_parse("name = x\nexec = a\0b\n", 20, &m, &err), VX_EINVAL);
    cr_expect_eq(err.line, 2, "the NUL is on line 2");
    cr_expect(strstr(err.why, "NUL") != NULL, "got '%s'", err.why);
}

Test(manifest, random_damage_never_crashes_the_parser)
{
    static const char good[] = "name = echo\nexec = builtin:echo\nargs = a b\ndepends = logd\n"
                               "restart = always\nbackoff = 1 2\n[quota]\npages = 3\n";
    static const char alphabet[] = "=#[] \n\r\t,:/.-_aZ09\0\377";
    uint64_t rng = 0x5eedf00d;
    for (unsigned i = 0; i < MUTATIONS; i++) {
        size_t len = sizeof good - 1;
        char *t = malloc(len);
        cr_assert(t != NULL);
        memcpy(t, good, len);
        for (unsigned k = 0; k < 1 + vx_prng_next(&rng) % 4; k++)
            t[vx_prng_next(&rng) % len] = alphabet[vx_prng_next(&rng) % (sizeof alphabet - 1)];
        if (vx_prng_next(&rng) % 4 == 0)
            len = vx_prng_next(&rng) % len;
        vx_status_t st = manifest_parse(t, len, &m, &err);
        cr_assert(st == VX_OK || st == VX_EINVAL || st == VX_ERANGE, "status %d", st);
        free(t);
        if (st != VX_OK) {
            cr_assert(err.why[0] != '\0', "an error has a reason");
            continue;
        }
        cr_assert(memchr(m.name, '\0', sizeof m.name) && memchr(m.exec, '\0', sizeof m.exec));
        cr_assert(m.argc <= MANIFEST_ARGS_MAX && m.ndeps <= MANIFEST_DEPS_MAX);
    }
}

/* A manifest named `name` depending on the names in `deps` (space separated). */
static void make(struct svc_manifest *out, const char *name, const char *deps)
{
    char text[256];
    snprintf(text, sizeof text, "name = %s\nexec = builtin:%s\ndepends = %s\n", name, name, deps);
    cr_assert_eq(manifest_parse(text, strlen(text), out, &err), VX_OK, "%s", err.why);
}

static uint32_t position(const uint32_t *order, uint32_t n, uint32_t index)
{
    for (uint32_t k = 0; k < n; k++) {
        if (order[k] == index)
            return k;
    }
    return UINT32_MAX;
}

Test(manifest, order_starts_dependencies_first_and_keeps_input_order_otherwise)
{
    struct svc_manifest s[6];
    uint32_t order[6];
    char why[MANIFEST_WHY_BYTES] = "";
    make(&s[0], "shell", "vfs logd");
    make(&s[1], "logd", "");
    make(&s[2], "vfs", "logd");
    make(&s[3], "clock", "");
    make(&s[4], "netd", "vfs, clock");
    make(&s[5], "echo", "logd");
    cr_assert_eq(manifest_order(s, 6, order, why), VX_OK, "%s", why);
    /* Kahn's with the lowest ready index first: logd, vfs, shell, clock, netd, echo. */
    static const uint32_t want[6] = {1, 2, 0, 3, 4, 5};
    for (uint32_t k = 0; k < 6; k++)
        cr_expect_eq(order[k], want[k], "position %u: expected %s, got %s", k, s[want[k]].name,
                     s[order[k]].name);
    for (uint32_t i = 0; i < 6; i++) {
        for (uint32_t d = 0; d < s[i].ndeps; d++) {
            uint32_t j = 0;
            while (strcmp(s[j].name, s[i].deps[d]) != 0)
                j++;
            cr_expect_lt(position(order, 6, j), position(order, 6, i), "%s before %s", s[j].name,
                         s[i].name);
        }
    }
    cr_expect_eq(manifest_order(s, 0, order, why), VX_OK, "nothing to order");
}

Test(manifest, order_names_unknown_dependencies_duplicates_and_cycles)
{
    struct svc_manifest s[5];
    uint32_t order[5];
    char why[MANIFEST_WHY_BYTES];

    make(&s[0], "a", "");
    make(&s[1], "b", "a nosuch");
    cr_expect_eq(manifest_order(s, 2, order, why), VX_ENOENT);
    cr_expect_str_eq(why, "service 'b' depends on 'nosuch', which has no manifest");

    make(&s[1], "a", "");
    cr_expect_eq(manifest_order(s, 2, order, why), VX_EEXIST);
    cr_expect_str_eq(why, "two manifests name the service 'a'");

    make(&s[0], "root", "");
    make(&s[1], "a", "root c");
    make(&s[2], "b", "a");
    make(&s[3], "c", "b");
    make(&s[4], "leaf", "a");
    cr_expect_eq(manifest_order(s, 5, order, why), VX_EINVAL);
    cr_expect_str_eq(why, "dependency cycle: a -> c -> b -> a");

    make(&s[0], "self", "self");
    cr_expect_eq(manifest_order(s, 1, order, why), VX_EINVAL);
    cr_expect_str_eq(why, "dependency cycle: self -> self");

    cr_expect_eq(manifest_order(s, MANIFEST_SERVICES_MAX + 1, order, why), VX_ERANGE);
}

/* The manifests shipped in data/services/ (read from the source tree). */
Test(manifest, shipped_manifests_parse_and_start_logd_first)
{
    static struct svc_manifest s[MANIFEST_SERVICES_MAX];
    uint32_t n = 0, order[MANIFEST_SERVICES_MAX];
    char why[MANIFEST_WHY_BYTES];
    const char *dir = VX_SOURCE_DIR "/data/services";
    DIR *d = opendir(dir);
    cr_assert(d != NULL, "expected %s to exist", dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 4 || strcmp(de->d_name + len - 4, ".svc") != 0)
            continue;
        char path[512], text[MANIFEST_BYTES_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert(f != NULL, "open %s", path);
        size_t got = fread(text, 1, sizeof text, f);
        fclose(f);
        cr_assert_lt(n, MANIFEST_SERVICES_MAX);
        cr_expect_eq(manifest_parse(text, got, &s[n], &err), VX_OK, "%s line %u: %s", de->d_name,
                     err.line, err.why);
        char base[64];
        snprintf(base, sizeof base, "%.*s", (int)(len - 4), de->d_name);
        cr_expect_str_eq(s[n].name, base, "%s: the name is the file's name", de->d_name);
        n++;
    }
    closedir(d);
    cr_assert_geq(n, 2, "expected the example manifests");
    cr_assert_eq(manifest_order(s, n, order, why), VX_OK, "%s", why);
    uint32_t first = order[0];
    cr_expect_str_eq(s[first].name, "logd", "logd has no dependencies and the rest need it");
}
