/*
 * var.c - shell variables, their export and read-only flags, function-local scopes and the
 * positional parameters.
 *
 * Variables live in a small hash table. A scope (a function's `local`s, or the temporary
 * assignments in front of a builtin or function) is a list of the variables' previous states,
 * restored when the scope is popped.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VAR_BUCKETS 128

struct var {
    struct var *next;
    char *name;
    char *value; /* NULL: unset (but it may carry flags) */
    int flags;
};

struct saved_var {
    struct saved_var *next;
    char *name;
    char *value;
    int flags;
    int existed;
};

struct scope {
    struct scope *prev;
    struct saved_var *saved;
};

static struct var *table[VAR_BUCKETS];
static struct scope *scopes;
struct params sh_params;

static unsigned hash(const char *s)
{
    unsigned h = 5381;

    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % VAR_BUCKETS;
}

static struct var *find(const char *name)
{
    for (struct var *v = table[hash(name)]; v; v = v->next)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

static struct var *find_or_add(const char *name)
{
    struct var *v = find(name);

    if (v)
        return v;
    v = xmalloc(sizeof(*v));
    v->name = xstrdup(name);
    v->value = NULL;
    v->flags = 0;
    unsigned h = hash(name);
    v->next = table[h];
    table[h] = v;
    return v;
}

const char *var_get(const char *name)
{
    struct var *v = find(name);

    return v ? v->value : NULL;
}

int var_flags(const char *name)
{
    struct var *v = find(name);

    return v ? v->flags : 0;
}

int var_set(const char *name, const char *value, int flags)
{
    struct var *v = find_or_add(name);

    if (v->flags & V_READONLY) {
        sh_warn("%s: is read only", name);
        return -1;
    }
    if (sh_opts[OPT_ALLEXPORT])
        flags |= V_EXPORT;
    char *copy = value ? xstrdup(value) : NULL;
    free(v->value);
    v->value = copy;
    v->flags |= flags;
    return 0;
}

void var_add_flags(const char *name, int flags)
{
    find_or_add(name)->flags |= flags;
}

int var_unset(const char *name)
{
    struct var *v = find(name);

    if (!v)
        return 0;
    if (v->flags & V_READONLY) {
        sh_warn("%s: is read only", name);
        return -1;
    }
    free(v->value);
    v->value = NULL;
    v->flags = 0;
    return 0;
}

int var_assign(const char *assignment, int flags)
{
    const char *eq = strchr(assignment, '=');
    char *name = xstrndup(assignment, (size_t)(eq - assignment));
    int r = var_set(name, eq + 1, flags);

    free(name);
    return r;
}

char **var_environ(void)
{
    int n = 0;
    char **env;

    for (int i = 0; i < VAR_BUCKETS; i++)
        for (struct var *v = table[i]; v; v = v->next)
            n += (v->flags & V_EXPORT) && v->value;
    env = tmp_alloc((size_t)(n + 1) * sizeof(char *));
    n = 0;
    for (int i = 0; i < VAR_BUCKETS; i++)
        for (struct var *v = table[i]; v; v = v->next)
            if ((v->flags & V_EXPORT) && v->value)
                env[n++] = tmp_printf("%s=%s", v->name, v->value);
    env[n] = NULL;
    return env;
}

static int cmp_var(const void *a, const void *b)
{
    return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

/* Writes value quoted so the shell reads it back the same. */
static void out_quoted(const char *s)
{
    out_str("'");
    for (; *s; s++) {
        if (*s == '\'')
            out_str("'\\''");
        else
            out_mem(s, 1);
    }
    out_str("'");
}

void var_print(int only_flags, const char *prefix)
{
    int n = 0;
    struct var **all;

    for (int i = 0; i < VAR_BUCKETS; i++)
        for (struct var *v = table[i]; v; v = v->next)
            n++;
    all = tmp_alloc((size_t)(n + 1) * sizeof(*all));
    n = 0;
    for (int i = 0; i < VAR_BUCKETS; i++)
        for (struct var *v = table[i]; v; v = v->next)
            if ((v->flags & only_flags) == only_flags && (v->value || only_flags))
                all[n++] = v;
    qsort(all, (size_t)n, sizeof(*all), cmp_var);
    for (int i = 0; i < n; i++) {
        if (prefix)
            out_printf("%s ", prefix);
        out_str(all[i]->name);
        if (all[i]->value) {
            out_str("=");
            out_quoted(all[i]->value);
        }
        out_str("\n");
    }
}

void var_init(char **envp)
{
    for (; *envp; envp++)
        if (strchr(*envp, '=') && (*envp)[0] != '=')
            var_assign(*envp, V_EXPORT);
    var_set("IFS", " \t\n", 0);
    if (!var_get("PS2"))
        var_set("PS2", "> ", 0);
    if (!var_get("PS4"))
        var_set("PS4", "+ ", 0);
    var_set("OPTIND", "1", 0);
    var_set("PPID", tmp_printf("%d", (int)getppid()), 0);
}

/* ---- scopes ----------------------------------------------------------------------------- */

void var_push_scope(void)
{
    struct scope *s = xmalloc(sizeof(*s));

    s->saved = NULL;
    s->prev = scopes;
    scopes = s;
}

void var_pop_scope(void)
{
    struct scope *s = scopes;

    while (s->saved) {
        struct saved_var *sv = s->saved;
        struct var *v = find_or_add(sv->name);
        s->saved = sv->next;
        free(v->value);
        v->value = sv->value;
        v->flags = sv->existed ? sv->flags : 0;
        free(sv->name);
        free(sv);
    }
    scopes = s->prev;
    free(s);
}

static void save_in_scope(const char *name)
{
    struct var *v;

    for (struct saved_var *sv = scopes->saved; sv; sv = sv->next)
        if (strcmp(sv->name, name) == 0)
            return;
    struct saved_var *sv = xmalloc(sizeof(*sv));
    v = find(name);
    sv->name = xstrdup(name);
    sv->existed = v != NULL;
    sv->value = v && v->value ? xstrdup(v->value) : NULL;
    sv->flags = v ? v->flags : 0;
    sv->next = scopes->saved;
    scopes->saved = sv;
}

int var_make_local(const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *name = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
    int r = 0;

    if (!is_name(name)) {
        sh_warn("local: %s: bad variable name", name);
        free(name);
        return -1;
    }
    if (scopes)
        save_in_scope(name);
    if (eq)
        r = var_set(name, eq + 1, 0);
    free(name);
    return r;
}

void var_push_temp(void)
{
    var_push_scope();
}

void var_pop_temp(void)
{
    var_pop_scope();
}

void var_set_temp(const char *assign)
{
    const char *eq = strchr(assign, '=');
    char *name = xstrndup(assign, (size_t)(eq - assign));

    save_in_scope(name);
    var_set(name, eq + 1, V_EXPORT);
    free(name);
}

/* ---- positional parameters -------------------------------------------------------------- */

void params_set(int count, char **values)
{
    char **copy = xmalloc((size_t)(count + 1) * sizeof(char *));

    for (int i = 0; i < count; i++)
        copy[i] = xstrdup(values[i]);
    copy[count] = NULL;
    params_free(&sh_params);
    sh_params.count = count;
    sh_params.values = copy;
}

void params_free(struct params *p)
{
    for (int i = 0; i < p->count; i++)
        free(p->values[i]);
    free(p->values);
    p->values = NULL;
    p->count = 0;
}

struct params params_save(void)
{
    struct params saved = sh_params;

    sh_params.count = 0;
    sh_params.values = NULL;
    return saved;
}

void params_restore(struct params saved)
{
    params_free(&sh_params);
    sh_params = saved;
}
