/*
 * lib/manifest.c - service manifest parser and dependency order (contract in manifest.h).
 *
 * Parsing goes a line at a time: the line is copied into a bounded buffer, its comment cut at
 * '#', blanks trimmed; a "[section]" line switches the key table, anything else must be
 * "key = value" and is handed to that key's value parser. Each key may appear once. Ordering
 * is Kahn's algorithm over at most MANIFEST_SERVICES_MAX services with fixed arrays, always
 * taking the lowest-indexed ready service so the result is reproducible; whatever is left
 * when no service is ready lies on or behind a cycle, which is found by walking dependencies.
 */
#include "lib/manifest.h"

#include "lib/cpio.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define SHOWN 40 /* bytes of a value quoted in a message */

enum section { SECTION_SERVICE, SECTION_QUOTA };

#define REFUSE(status, ...)                                                                        \
    do {                                                                                           \
        vx_snprintf(why, MANIFEST_WHY_BYTES, __VA_ARGS__);                                         \
        return (status);                                                                           \
    } while (0)

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Service names: what a registry key and a file name can both hold without quoting. */
static vx_status_t check_name(const char *s, const char *what, char *why)
{
    size_t n = vx_strlen(s);
    if (n == 0 || n >= MANIFEST_NAME_MAX)
        REFUSE(VX_ERANGE, "%s '%.*s' is not 1..%u characters", what, SHOWN, s,
               MANIFEST_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            REFUSE(VX_EINVAL, "%s '%.*s' may hold only a-z, 0-9, '-' and '_'", what, SHOWN, s);
    }
    return VX_OK;
}

/* A decimal in 0..max with no sign; sets *end past it. */
static vx_status_t parse_u32(const char *s, const char **end, uint32_t max, const char *what,
                             uint32_t *out, char *why)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        REFUSE(VX_EINVAL, "%s '%.*s' is not a number", what, SHOWN, s);
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > max)
            REFUSE(VX_ERANGE, "%s '%.*s' is more than %u", what, SHOWN, s, max);
    }
    *end = p;
    *out = (uint32_t)v;
    return VX_OK;
}

/* Split s in place into blank- (and, if commas, comma-) separated words. */
static uint32_t split_words(char *s, bool commas, char **words, uint32_t max, bool *too_many)
{
    uint32_t n = 0;
    *too_many = false;
    for (char *p = s; *p;) {
        while (is_blank(*p) || (commas && *p == ','))
            *p++ = '\0';
        if (!*p)
            break;
        if (n == max) {
            *too_many = true;
            break;
        }
        words[n++] = p;
        while (*p && !is_blank(*p) && !(commas && *p == ','))
            p++;
    }
    return n;
}

/* ---- value parsers: one per key ----------------------------------------------------------- */

static vx_status_t set_name(struct svc_manifest *m, char *v, char *why)
{
    vx_status_t st = check_name(v, "name", why);
    if (st == VX_OK)
        vx_strlcpy(m->name, v, sizeof m->name);
    return st;
}

static vx_status_t set_description(struct svc_manifest *m, char *v, char *why)
{
    if (vx_strlen(v) >= sizeof m->description)
        REFUSE(VX_ERANGE, "description is longer than %u characters", MANIFEST_DESC_MAX - 1);
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            REFUSE(VX_EINVAL, "description holds a control character");
    }
    vx_strlcpy(m->description, v, sizeof m->description);
    return VX_OK;
}

static vx_status_t set_exec(struct svc_manifest *m, char *v, char *why)
{
    size_t plen = sizeof MANIFEST_BUILTIN_PREFIX - 1;
    if (vx_strlen(v) > plen && vx_memcmp(v, MANIFEST_BUILTIN_PREFIX, plen) == 0) {
        vx_status_t st = check_name(v + plen, "builtin program", why);
        if (st != VX_OK)
            return st;
        m->exec_kind = MANIFEST_EXEC_BUILTIN;
        vx_strlcpy(m->exec, v + plen, sizeof m->exec);
        return VX_OK;
    }
    if (v[0] != '/')
        REFUSE(VX_EINVAL, "exec '%.*s' is neither builtin:<name> nor an absolute path", SHOWN, v);
    const char *norm;
    size_t norm_len;
    char msg[CPIO_WHY_BYTES];
    if (cpio_path_check(v, vx_strlen(v), &norm, &norm_len, msg) != VX_OK)
        REFUSE(VX_EINVAL, "exec path is not a file's path: %s", msg);
    if (norm_len == 0)
        REFUSE(VX_EINVAL, "exec path is the root, not a file");
    if (norm_len >= sizeof m->exec)
        REFUSE(VX_ERANGE, "exec path is longer than %u characters", MANIFEST_EXEC_MAX - 1);
    m->exec_kind = MANIFEST_EXEC_PATH;
    vx_strlcpy(m->exec, norm, sizeof m->exec);
    return VX_OK;
}

static vx_status_t set_args(struct svc_manifest *m, char *v, char *why)
{
    char *words[MANIFEST_ARGS_MAX];
    bool too_many;
    uint32_t n = split_words(v, false, words, MANIFEST_ARGS_MAX, &too_many);
    size_t used = 0;
    if (too_many)
        REFUSE(VX_ERANGE, "more than %u args", MANIFEST_ARGS_MAX);
    for (uint32_t i = 0; i < n; i++) {
        size_t len = vx_strlen(words[i]) + 1;
        if (len > sizeof m->args_buf - used)
            REFUSE(VX_ERANGE, "args take more than %u bytes", MANIFEST_ARGS_BYTES);
        vx_memcpy(m->args_buf + used, words[i], len);
        m->argv_off[i] = (uint16_t)used;
        used += len;
    }
    m->argc = n;
    return VX_OK;
}

static vx_status_t set_depends(struct svc_manifest *m, char *v, char *why)
{
    char *words[MANIFEST_DEPS_MAX];
    bool too_many;
    uint32_t n = split_words(v, true, words, MANIFEST_DEPS_MAX, &too_many);
    if (too_many)
        REFUSE(VX_ERANGE, "more than %u services in depends", MANIFEST_DEPS_MAX);
    for (uint32_t i = 0; i < n; i++) {
        vx_status_t st = check_name(words[i], "dependency", why);
        if (st != VX_OK)
            return st;
        for (uint32_t j = 0; j < i; j++) {
            if (vx_strcmp(words[i], words[j]) == 0)
                REFUSE(VX_EINVAL, "dependency '%s' is listed twice", words[i]);
        }
        vx_strlcpy(m->deps[i], words[i], sizeof m->deps[i]);
    }
    m->ndeps = n;
    return VX_OK;
}

static const char *const restart_names[] = {
    [MANIFEST_RESTART_NEVER] = "never",
    [MANIFEST_RESTART_ON_FAILURE] = "on-failure",
    [MANIFEST_RESTART_ALWAYS] = "always",
};

static vx_status_t set_restart(struct svc_manifest *m, char *v, char *why)
{
    for (unsigned r = 0; r < sizeof restart_names / sizeof *restart_names; r++) {
        if (vx_strcmp(v, restart_names[r]) == 0) {
            m->restart = (enum manifest_restart)r;
            return VX_OK;
        }
    }
    REFUSE(VX_EINVAL, "restart '%.*s' is not never, on-failure or always", SHOWN, v);
}

static vx_status_t set_backoff(struct svc_manifest *m, char *v, char *why)
{
    const char *p = v;
    uint32_t initial, max;
    vx_status_t st =
        parse_u32(p, &p, MANIFEST_BACKOFF_MS_MAX, "backoff's first delay", &initial, why);
    if (st != VX_OK)
        return st;
    if (!is_blank(*p))
        REFUSE(VX_EINVAL, "backoff needs two numbers: first delay and longest delay in ms");
    while (is_blank(*p))
        p++;
    st = parse_u32(p, &p, MANIFEST_BACKOFF_MS_MAX, "backoff's longest delay", &max, why);
    if (st != VX_OK)
        return st;
    if (*p != '\0')
        REFUSE(VX_EINVAL, "backoff needs two numbers: first delay and longest delay in ms");
    if (initial == 0 || max < initial)
        REFUSE(VX_ERANGE, "backoff %u %u: need 0 < first delay <= longest delay", initial, max);
    m->backoff_initial_ms = initial;
    m->backoff_max_ms = max;
    return VX_OK;
}

static vx_status_t set_quota(uint32_t *field, const char *key, const char *v, char *why)
{
    const char *end;
    vx_status_t st = parse_u32(v, &end, UINT32_MAX, key, field, why);
    if (st == VX_OK && *end != '\0')
        REFUSE(VX_EINVAL, "%s '%.*s' is not a number", key, SHOWN, v);
    return st;
}

static vx_status_t set_pages(struct svc_manifest *m, char *v, char *why)
{
    return set_quota(&m->quota.pages, "pages", v, why);
}

static vx_status_t set_handles(struct svc_manifest *m, char *v, char *why)
{
    return set_quota(&m->quota.handles, "handles", v, why);
}

static vx_status_t set_threads(struct svc_manifest *m, char *v, char *why)
{
    return set_quota(&m->quota.threads, "threads", v, why);
}

static vx_status_t set_tasks(struct svc_manifest *m, char *v, char *why)
{
    return set_quota(&m->quota.tasks, "tasks", v, why);
}

struct key {
    enum section section;
    const char *name;
    bool may_be_empty;
    vx_status_t (*set)(struct svc_manifest *m, char *value, char *why);
};

static const struct key keys[] = {
    {SECTION_SERVICE, "name", false, set_name},
    {SECTION_SERVICE, "description", true, set_description},
    {SECTION_SERVICE, "exec", false, set_exec},
    {SECTION_SERVICE, "args", true, set_args},
    {SECTION_SERVICE, "depends", true, set_depends},
    {SECTION_SERVICE, "restart", false, set_restart},
    {SECTION_SERVICE, "backoff", false, set_backoff},
    {SECTION_QUOTA, "pages", false, set_pages},
    {SECTION_QUOTA, "handles", false, set_handles},
    {SECTION_QUOTA, "threads", false, set_threads},
    {SECTION_QUOTA, "tasks", false, set_tasks},
};
#define NKEYS    (sizeof keys / sizeof keys[0])
#define KEY_NAME 0u
#define KEY_EXEC 2u
_Static_assert(NKEYS <= 32, "seen-key bits fit in a uint32_t");

/* ---- parsing ------------------------------------------------------------------------------ */

struct parser {
    struct svc_manifest *m;
    enum section section;
    uint32_t seen_keys;     /* bit i: keys[i] was set */
    uint32_t seen_sections; /* bit s: [section s] header was seen */
};

static char *trim(char *s)
{
    while (is_blank(*s))
        s++;
    size_t n = vx_strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

static vx_status_t parse_section(struct parser *ps, char *line, char *why)
{
    size_t n = vx_strlen(line);
    if (line[n - 1] != ']')
        REFUSE(VX_EINVAL, "a section header is '[name]'");
    line[n - 1] = '\0';
    char *name = trim(line + 1);
    if (vx_strcmp(name, "quota") != 0)
        REFUSE(VX_EINVAL, "unknown section '[%.*s]' (there is only [quota])", SHOWN, name);
    if (ps->seen_sections & (1u << SECTION_QUOTA))
        REFUSE(VX_EINVAL, "section [quota] appears twice");
    ps->seen_sections |= 1u << SECTION_QUOTA;
    ps->section = SECTION_QUOTA;
    return VX_OK;
}

static vx_status_t parse_assignment(struct parser *ps, char *line, char *why)
{
    char *eq = line;
    while (*eq && *eq != '=')
        eq++;
    if (!*eq)
        REFUSE(VX_EINVAL, "expected 'key = value' or '[section]'");
    *eq = '\0';
    char *key = trim(line), *value = trim(eq + 1);
    for (unsigned i = 0; i < NKEYS; i++) {
        if (keys[i].section != ps->section || vx_strcmp(key, keys[i].name) != 0)
            continue;
        if (ps->seen_keys & (1u << i))
            REFUSE(VX_EINVAL, "'%s' is set twice", key);
        if (!keys[i].may_be_empty && !*value)
            REFUSE(VX_EINVAL, "'%s' needs a value", key);
        ps->seen_keys |= 1u << i;
        return keys[i].set(ps->m, value, why);
    }
    REFUSE(VX_EINVAL, "unknown key '%.*s'%s", SHOWN, key,
           ps->section == SECTION_QUOTA ? " in [quota]" : "");
}

/* One line (len bytes, without its newline). */
static vx_status_t parse_line(struct parser *ps, const char *text, size_t len, char *why)
{
    char buf[MANIFEST_LINE_MAX + 1];
    if (len > 0 && text[len - 1] == '\r')
        len--; /* CRLF */
    if (len > MANIFEST_LINE_MAX)
        REFUSE(VX_ERANGE, "line is longer than %u characters", MANIFEST_LINE_MAX);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0')
            REFUSE(VX_EINVAL, "line holds a NUL byte");
        /* Cut the comment here rather than after copying: '#' never occurs in a value. */
        if (text[i] == '#') {
            len = i;
            break;
        }
    }
    vx_memcpy(buf, text, len);
    buf[len] = '\0';
    char *line = trim(buf);
    if (!*line)
        return VX_OK;
    if (*line == '[')
        return parse_section(ps, line, why);
    return parse_assignment(ps, line, why);
}

static vx_status_t fail(struct manifest_error *err, uint32_t line, vx_status_t st)
{
    err->line = line;
    return st;
}

vx_status_t manifest_parse(const char *text, size_t len, struct svc_manifest *m,
                           struct manifest_error *err)
{
    struct parser ps = {.m = m, .section = SECTION_SERVICE};
    char *why = err->why;
    vx_memset(m, 0, sizeof *m);
    m->restart = MANIFEST_RESTART_ON_FAILURE;
    m->backoff_initial_ms = MANIFEST_DEFAULT_BACKOFF_INITIAL_MS;
    m->backoff_max_ms = MANIFEST_DEFAULT_BACKOFF_MAX_MS;
    err->line = 0;
    err->why[0] = '\0';
    if (len > MANIFEST_BYTES_MAX) {
        vx_snprintf(why, MANIFEST_WHY_BYTES, "manifest of %zu bytes is over %u", len,
                    MANIFEST_BYTES_MAX);
        return fail(err, 0, VX_ERANGE);
    }
    uint32_t line = 1;
    for (size_t pos = 0; pos < len; line++) {
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        vx_status_t st = parse_line(&ps, text + pos, eol - pos, why);
        if (st != VX_OK)
            return fail(err, line, st);
        pos = eol + 1;
    }
    if (!(ps.seen_keys & (1u << KEY_NAME))) {
        vx_snprintf(why, MANIFEST_WHY_BYTES, "no 'name = ...' line");
        return fail(err, 0, VX_EINVAL);
    }
    if (!(ps.seen_keys & (1u << KEY_EXEC))) {
        vx_snprintf(why, MANIFEST_WHY_BYTES, "no 'exec = ...' line");
        return fail(err, 0, VX_EINVAL);
    }
    return VX_OK;
}

const char *manifest_arg(const struct svc_manifest *m, uint32_t i)
{
    return i < m->argc ? m->args_buf + m->argv_off[i] : NULL;
}

const char *manifest_restart_name(enum manifest_restart r)
{
    return (unsigned)r < sizeof restart_names / sizeof *restart_names ? restart_names[r] : "?";
}

/* ---- dependency order --------------------------------------------------------------------- */

#define NONE UINT32_MAX

static uint32_t find_service(const struct svc_manifest *m, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++) {
        if (vx_strcmp(m[i].name, name) == 0)
            return i;
    }
    return NONE;
}

/* Every service left unplaced waits for at least one other unplaced one, so following such
 * dependencies from any of them must come round to a service already on the path: that
 * stretch of the path is a cycle. Write it as "a -> b -> a". */
static void describe_cycle(const struct svc_manifest *m, uint32_t n, const bool *placed, char *why)
{
    uint32_t path[MANIFEST_SERVICES_MAX + 1];
    uint32_t len = 0, start = NONE, cur = NONE;
    for (uint32_t i = 0; i < n && cur == NONE; i++)
        cur = placed[i] ? NONE : i;
    /* Invariant: len <= n, since a path of n + 1 services must repeat one. */
    while (cur != NONE && len <= n) {
        for (uint32_t k = 0; k < len && start == NONE; k++)
            start = path[k] == cur ? k : NONE;
        path[len++] = cur;
        if (start != NONE)
            break;
        uint32_t next = NONE;
        for (uint32_t d = 0; d < m[cur].ndeps && next == NONE; d++) {
            uint32_t j = find_service(m, n, m[cur].deps[d]);
            next = j != NONE && !placed[j] ? j : NONE;
        }
        cur = next;
    }
    size_t used = (size_t)vx_snprintf(why, MANIFEST_WHY_BYTES, "dependency cycle: ");
    if (start == NONE)
        return; /* cannot happen while the invariant above holds */
    for (uint32_t k = start; k < len && used < MANIFEST_WHY_BYTES; k++)
        used += (size_t)vx_snprintf(why + used, MANIFEST_WHY_BYTES - used, "%s%s",
                                    k > start ? " -> " : "", m[path[k]].name);
}

vx_status_t manifest_order(const struct svc_manifest *m, uint32_t n, uint32_t *order, char *why)
{
    uint32_t waiting[MANIFEST_SERVICES_MAX]; /* dependencies not yet placed */
    bool placed[MANIFEST_SERVICES_MAX] = {false};
    if (n > MANIFEST_SERVICES_MAX)
        REFUSE(VX_ERANGE, "%u services; at most %u can be ordered", n, MANIFEST_SERVICES_MAX);
    for (uint32_t i = 0; i < n; i++) {
        if (find_service(m, i, m[i].name) != NONE)
            REFUSE(VX_EEXIST, "two manifests name the service '%s'", m[i].name);
        for (uint32_t d = 0; d < m[i].ndeps; d++) {
            if (find_service(m, n, m[i].deps[d]) == NONE)
                REFUSE(VX_ENOENT, "service '%s' depends on '%s', which has no manifest", m[i].name,
                       m[i].deps[d]);
        }
        waiting[i] = m[i].ndeps;
    }
    for (uint32_t k = 0; k < n; k++) {
        uint32_t next = NONE;
        for (uint32_t i = 0; i < n && next == NONE; i++)
            next = !placed[i] && waiting[i] == 0 ? i : NONE;
        if (next == NONE) {
            describe_cycle(m, n, placed, why);
            return VX_EINVAL;
        }
        placed[next] = true;
        order[k] = next;
        /* Dependencies in one list are distinct (manifest_parse refuses repeats), so each
         * service that names `next` waits for one fewer. */
        for (uint32_t i = 0; i < n; i++) {
            for (uint32_t d = 0; d < m[i].ndeps; d++) {
                if (vx_strcmp(m[i].deps[d], m[next].name) == 0)
                    waiting[i]--;
            }
        }
    }
    return VX_OK;
}
