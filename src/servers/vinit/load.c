/*
 * servers/vinit/load.c - from the manifests in the boot image to vinit's service table.
 *
 * 1. List the directory (vx_bootfs_open of a directory: one name per line, sorted) and keep
 *    the names ending in ".svc", at most MANIFEST_SERVICES_MAX.
 * 2. Read and parse each (lib/manifest.h); a manifest must be named after its file. A bad one
 *    is reported with its file, line and reason, and left out.
 * 3. Leave out, until nothing changes, every service that depends on a name no remaining
 *    manifest has: a missing dependency is a bad manifest's problem, reported once there.
 * 4. Order the rest (manifest_order) into vinit_svcs.
 * A VMO holds its file followed by zeros to a page boundary, so a file's text ends at the
 * first NUL; a non-zero byte after that NUL is a NUL inside the text, which the format
 * refuses.
 */
#include "lib/fmt.h"
#include "lib/string.h"
#include "servers/vinit/svc.h"

#define LISTING_MAX  4096u /* bytes of the directory listing read */
#define SVC_SUFFIX   ".svc"
#define SUFFIX_BYTES 4u

struct vinit_svc vinit_svcs[MANIFEST_SERVICES_MAX];
uint32_t vinit_nsvcs;

/* Parsed manifests in directory order, before ordering; files[i] is where m[i] came from. */
static struct svc_manifest parsed[MANIFEST_SERVICES_MAX];
static char files[MANIFEST_SERVICES_MAX][VINIT_PATH_MAX];
static uint32_t nparsed;
static char text[MANIFEST_BYTES_MAX + 1]; /* one more: a longer file is seen as too long */
static char listing[LISTING_MAX + 1];

/* Read what the VMO holds, up to cap bytes, into buf; *len is the text's length (up to the
 * first NUL). VX_EINVAL if a non-zero byte follows that NUL. */
static vx_status_t read_text(vx_handle_t vmo, char *buf, size_t cap, size_t *len)
{
    uint64_t size;
    vx_status_t st = vx_vmo_get_size(vmo, &size);
    if (st)
        return st;
    size_t n = size < cap ? (size_t)size : cap;
    if ((st = vx_vmo_read(vmo, buf, 0, n)))
        return st;
    size_t end = vx_strnlen(buf, n);
    for (size_t i = end; i < n; i++)
        if (buf[i])
            return VX_EINVAL;
    *len = end;
    return VX_OK;
}

/* The file name's service name: "echo.svc" -> "echo" (into name[MANIFEST_NAME_MAX]). */
static bool service_name_of(const char *file, size_t len, char *name)
{
    if (len <= SUFFIX_BYTES || vx_memcmp(file + len - SUFFIX_BYTES, SVC_SUFFIX, SUFFIX_BYTES))
        return false;
    size_t n = len - SUFFIX_BYTES;
    if (n >= MANIFEST_NAME_MAX)
        n = MANIFEST_NAME_MAX - 1; /* too long to match any valid name: parse reports it */
    vx_memcpy(name, file, n);
    name[n] = '\0';
    return true;
}

/* Read and parse dir/file into parsed[nparsed]; true if it is good. */
static bool load_one(vx_handle_t bootfs, const char *dir, const char *file, size_t len)
{
    char path[VINIT_PATH_MAX], want[MANIFEST_NAME_MAX];
    struct manifest_error err;
    vx_handle_t vmo;
    size_t n;
    vx_snprintf(path, sizeof path, "%s/%.*s", dir, (int)len, file);
    if (!service_name_of(file, len, want))
        return false; /* not a manifest: ignored */
    if (nparsed == MANIFEST_SERVICES_MAX) {
        srv_logf("%s: more than %u manifests; skipped", path, MANIFEST_SERVICES_MAX);
        return false;
    }
    struct svc_manifest *m = &parsed[nparsed];
    vx_memcpy(files[nparsed], path, sizeof path);
    vx_status_t st = vx_bootfs_open(bootfs, path, vx_strlen(path), &vmo);
    if (st) {
        srv_logf("%s: cannot open (%d); skipped", path, st);
        return false;
    }
    st = read_text(vmo, text, sizeof text, &n);
    vx_handle_close(vmo);
    if (st) {
        srv_logf("%s: %s; skipped", path, st == VX_EINVAL ? "holds a NUL byte" : "cannot be read");
        return false;
    }
    if ((st = manifest_parse(text, n, m, &err))) {
        srv_logf("%s: line %u: %s; skipped", path, err.line, err.why);
        return false;
    }
    if (vx_strcmp(m->name, want)) {
        srv_logf("%s: names the service '%s', not '%s' after its file; skipped", path, m->name,
                  want);
        return false;
    }
    if (m->exec_kind == MANIFEST_EXEC_BUILTIN && m->argc) {
        srv_logf("%s: 'args' cannot be passed to builtin:%s (builtins get no arguments); "
                  "skipped",
                  path, m->exec);
        return false;
    }
    return true;
}

static bool has_service(const char *name)
{
    for (uint32_t i = 0; i < nparsed; i++)
        if (!vx_strcmp(parsed[i].name, name))
            return true;
    return false;
}

/* Drop parsed[i], keeping the others in order. */
static void drop(uint32_t i)
{
    for (uint32_t k = i + 1; k < nparsed; k++) {
        parsed[k - 1] = parsed[k];
        vx_memcpy(files[k - 1], files[k], VINIT_PATH_MAX);
    }
    nparsed--;
}

/* Step 3: leave out services with a missing dependency, and then their dependants. */
static void drop_orphans(void)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t i = 0; i < nparsed; i++) {
            for (uint32_t d = 0; d < parsed[i].ndeps; d++) {
                if (has_service(parsed[i].deps[d]))
                    continue;
                srv_logf("%s: service '%s' depends on '%s', which has no usable manifest; "
                          "skipped",
                          files[i], parsed[i].name, parsed[i].deps[d]);
                drop(i);
                changed = true;
                break;
            }
        }
    }
}

vx_status_t vinit_load(vx_handle_t bootfs, const char *dir)
{
    vx_handle_t vmo;
    size_t len;
    uint32_t order[MANIFEST_SERVICES_MAX];
    char why[MANIFEST_WHY_BYTES];
    vx_status_t st = vx_bootfs_open(bootfs, dir, vx_strlen(dir), &vmo);
    if (st) {
        srv_logf("%s: cannot list the directory (%d)", dir, st);
        return st;
    }
    st = read_text(vmo, listing, LISTING_MAX, &len);
    vx_handle_close(vmo);
    if (st)
        return st;
    listing[len] = '\0';
    /* A listing longer than the buffer loses its last, cut, line: say so. */
    if (len == LISTING_MAX && listing[len - 1] != '\n')
        srv_logf("%s: listing longer than %u bytes; the rest is ignored", dir, LISTING_MAX);
    nparsed = 0;
    for (char *p = listing; *p;) {
        char *nl = p;
        while (*nl && *nl != '\n')
            nl++;
        if (!*nl)
            break; /* cut line */
        if (load_one(bootfs, dir, p, (size_t)(nl - p)))
            nparsed++;
        p = nl + 1;
    }
    drop_orphans();
    if ((st = manifest_order(parsed, nparsed, order, why))) {
        srv_logf("%s: refusing every service: %s", dir, why);
        return st;
    }
    for (uint32_t k = 0; k < nparsed; k++) {
        struct vinit_svc *s = &vinit_svcs[k];
        vx_memset(s, 0, sizeof *s);
        s->m = parsed[order[k]];
        vx_strlcpy(s->file, files[order[k]], sizeof s->file);
    }
    vinit_nsvcs = nparsed;
    return VX_OK;
}

struct vinit_svc *vinit_find(const char *name, uint32_t len)
{
    for (uint32_t i = 0; i < vinit_nsvcs; i++) {
        const char *n = vinit_svcs[i].m.name;
        if (vx_strnlen(n, MANIFEST_NAME_MAX) == len && !vx_memcmp(n, name, len))
            return &vinit_svcs[i];
    }
    return NULL;
}
