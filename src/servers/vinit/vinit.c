/*
 * servers/vinit/vinit.c - vinit's main: options, starting services, supervising them.
 *
 * One port watches every running service twice: its task for VX_SIG_TERMINATED (once) and
 * vinit's end of its bootstrap channel for VX_SIG_READABLE (each time). A port key is
 * (gen << 32) | (index << 1) | kind, so a packet left over from an earlier run of the same
 * service (gen differs) is ignored. Restarts wait on the same port: the deadline of
 * vx_port_wait is the earliest restart due. Public API only.
 */
#include "servers/vinit/vinit.h"

#include <stdarg.h>

#include "lib/fmt.h"
#include "servers/serve/log.h"
#include "lib/string.h"
#include "servers/vinit/backoff.h"
#include "servers/vinit/svc.h"
#include "vx/spawn.h"

#define DEFAULT_SERVICES_DIR "data/services"
#define OPTION_MAX           64u
#define KIND_TASK            0u
#define KIND_CHAN            1u
#define PACKETS_MAX          16u
#define NS_PER_MS            1000000ll
#define STOP_TIMEOUT_NS      (2000ll * NS_PER_MS) /* a service asked to stop has this long */
#define STRINGS_MAX          (MANIFEST_NAME_MAX + MANIFEST_ARGS_BYTES)
#define SPAWN_MSG            "vinit" /* bytes of vx_spawn's first message (vx/service.h) */

struct options {
    char services[OPTION_MAX];  /* the manifests' directory */
    char exit_with[OPTION_MAX]; /* "" or a service whose end ends vinit */
};

static vx_handle_t port;
static vx_handle_t root_job, bootfs;

/* Copy value of "key=value" in word[0..len) to out if the key matches. */
static bool option(const char *word, size_t len, const char *key, char *out)
{
    size_t k = vx_strlen(key);
    if (len <= k || vx_memcmp(word, key, k) || len - k >= OPTION_MAX)
        return false;
    vx_memcpy(out, word + k, len - k);
    out[len - k] = '\0';
    return true;
}

/* Parse the host argument (vinit.h). VX_EINVAL, reported, for an unknown word. */
static vx_status_t parse_options(const char *arg, struct options *o)
{
    vx_strlcpy(o->services, DEFAULT_SERVICES_DIR, sizeof o->services);
    o->exit_with[0] = '\0';
    for (const char *p = arg; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ')
            n++;
        if (n && !option(p, n, "services=", o->services) &&
            !option(p, n, "exit-with=", o->exit_with)) {
            srv_logf("unknown option '%.*s' (services=DIR, exit-with=NAME)", (int)n, p);
            return VX_EINVAL;
        }
        p += n;
    }
    return VX_OK;
}

static uint64_t key_of(const struct vinit_svc *s, uint32_t kind)
{
    return ((uint64_t)s->gen << 32) | ((uint64_t)(s - vinit_svcs) << 1) | kind;
}

/* The job of s, made with its quota at the first start. */
static vx_status_t make_job(struct vinit_svc *s)
{
    const struct manifest_quota *q = &s->m.quota;
    const uint32_t limits[VX_JOB_NRES] = {[VX_JOB_PAGES] = q->pages,
                                          [VX_JOB_HANDLES] = q->handles,
                                          [VX_JOB_THREADS] = q->threads,
                                          [VX_JOB_TASKS] = q->tasks};
    if (s->job)
        return VX_OK;
    vx_status_t st = vx_job_create(root_job, &s->job);
    for (uint32_t r = 0; !st && r < VX_JOB_NRES; r++)
        if (limits[r])
            st = vx_job_set_limit(s->job, r, limits[r]);
    if (st && s->job) {
        vx_handle_close(s->job);
        s->job = VX_HANDLE_INVALID;
    }
    return st;
}

/* A guest program from the image: argv is the service's name, then the manifest's args. */
static vx_status_t spawn_path(struct vinit_svc *s)
{
    char strings[STRINGS_MAX];
    size_t n = vx_strlen(s->m.name) + 1;
    vx_handle_t elf;
    vx_memcpy(strings, s->m.name, n);
    for (uint32_t i = 0; i < s->m.argc; i++) {
        size_t k = vx_strlen(manifest_arg(&s->m, i)) + 1;
        vx_memcpy(strings + n, manifest_arg(&s->m, i), k);
        n += k;
    }
    vx_status_t st = vx_bootfs_open(bootfs, s->m.exec, vx_strlen(s->m.exec), &elf);
    if (st)
        return st;
    struct vx_spawn sp = {.job = s->job,
                          .elf = elf,
                          .name = s->m.name,
                          .strings = strings,
                          .strings_len = n,
                          .argc = 1 + s->m.argc,
                          .msg = "vinit",
                          .msg_len = 5};
    st = vx_spawn(&sp, &s->task, &s->chan);
    vx_handle_close(elf);
    return st;
}

static vx_status_t spawn_builtin(struct vinit_svc *s)
{
    vx_handle_t theirs;
    vx_status_t st = vx_channel_create(0, &s->chan, &theirs);
    if (st)
        return st;
    /* theirs is moved, whatever happens */
    if ((st = vx_task_create_builtin(s->job, s->m.exec, vx_strlen(s->m.exec), theirs, &s->task))) {
        vx_handle_close(s->chan);
        s->chan = VX_HANDLE_INVALID;
    }
    return st;
}

static void schedule_restart(struct vinit_svc *s, int64_t up_ns);

/* Start s and watch it. On failure s is handled as if it had stopped at once. */
static void start(struct vinit_svc *s)
{
    bool builtin = s->m.exec_kind == MANIFEST_EXEC_BUILTIN;
    s->gen++;
    s->task = s->chan = VX_HANDLE_INVALID;
    vx_status_t st = make_job(s);
    if (!st)
        st = builtin ? spawn_builtin(s) : spawn_path(s);
    if (!st && (st = vx_object_wait_async(s->task, port, key_of(s, KIND_TASK), VX_SIG_TERMINATED,
                                          VX_WAIT_ASYNC_ONCE)) == VX_OK)
        st = vx_object_wait_async(s->chan, port, key_of(s, KIND_CHAN), VX_SIG_READABLE,
                                  VX_WAIT_ASYNC_REPEAT);
    s->started_ns = vx_clock_get();
    if (st) {
        srv_logf("could not start %s (%s%s): error %d", s->m.name, builtin ? "builtin:" : "/",
                  s->m.exec, st);
        if (s->task) {
            vx_task_kill(s->task);
            vx_handle_close(s->task);
        }
        if (s->chan)
            vx_handle_close(s->chan);
        s->task = s->chan = VX_HANDLE_INVALID;
        s->status = 1;
        schedule_restart(s, 0);
        return;
    }
    struct vx_handle_info hi;
    vx_object_info(s->task, &hi);
    s->state = SVC_RUNNING;
    srv_logf("started %s (%s%s), task koid %llu, run %u", s->m.name, builtin ? "builtin:" : "/",
              s->m.exec, (unsigned long long)hi.koid, s->gen);
}

/* After s stopped (up_ns after its start): wait for a restart, or stay stopped. */
static void schedule_restart(struct vinit_svc *s, int64_t up_ns)
{
    s->state = SVC_DONE;
    if (s->m.restart == MANIFEST_RESTART_NEVER) {
        srv_logf("%s stays stopped (restart = never)", s->m.name);
        return;
    }
    s->delay_ms = vinit_backoff_delay(s->m.backoff_initial_ms, s->m.backoff_max_ms, s->delay_ms,
                                      (uint64_t)(up_ns / NS_PER_MS));
    s->restart_at_ns = vx_clock_get() + s->delay_ms * NS_PER_MS;
    s->state = SVC_WAITING;
    srv_logf("restarting %s in %u ms (restart = %s)", s->m.name, s->delay_ms,
              manifest_restart_name(s->m.restart));
}

/* s's task ended: say how, drop its handles, decide what comes next. */
static void stopped(struct vinit_svc *s)
{
    struct vx_task_info ti;
    int64_t up_ns = vx_clock_get() - s->started_ns;
    vx_task_get_info(s->task, &ti);
    vx_handle_close(s->task);
    vx_handle_close(s->chan); /* its watch goes with it */
    s->task = s->chan = VX_HANDLE_INVALID;
    bool failed = true;
    s->status = ti.reason == VX_TASK_EXITED ? (int)(ti.exit_code & 0xff) : 1;
    if (ti.reason == VX_TASK_EXITED) {
        srv_logf("%s exited with code %lld after %lld ms", s->m.name, (long long)ti.exit_code,
                  (long long)(up_ns / NS_PER_MS));
        failed = ti.exit_code != 0;
    } else if (ti.reason == VX_TASK_FAULTED) {
        srv_logf("%s faulted (cause %lld at pc 0x%llx, address 0x%llx) after %lld ms", s->m.name,
                  (long long)ti.exit_code, (unsigned long long)ti.fault_pc,
                  (unsigned long long)ti.fault_addr, (long long)(up_ns / NS_PER_MS));
    } else {
        srv_logf("%s was killed after %lld ms", s->m.name, (long long)(up_ns / NS_PER_MS));
    }
    if (!failed && s->m.restart == MANIFEST_RESTART_ON_FAILURE) {
        s->state = SVC_DONE;
        srv_logf("%s finished its work; not restarted (restart = on-failure)", s->m.name);
    } else {
        schedule_restart(s, up_ns);
    }
}

/* Stop every running service: close its bootstrap channel (a builtin's serve loop ends
 * then), kill it (a guest stops), and wait for it. */
static void stop_all(void)
{
    for (uint32_t i = 0; i < vinit_nsvcs; i++) {
        struct vinit_svc *s = &vinit_svcs[i];
        if (s->state != SVC_RUNNING)
            continue;
        vx_handle_close(s->chan);
        vx_task_kill(s->task);
    }
    for (uint32_t i = 0; i < vinit_nsvcs; i++) {
        struct vinit_svc *s = &vinit_svcs[i];
        if (s->state != SVC_RUNNING)
            continue;
        if (vx_object_wait_one(s->task, VX_SIG_TERMINATED, vx_clock_get() + STOP_TIMEOUT_NS, NULL))
            srv_logf("%s did not stop within %lld ms", s->m.name, STOP_TIMEOUT_NS / NS_PER_MS);
        vx_handle_close(s->task);
        s->state = SVC_DONE;
    }
    for (uint32_t i = 0; i < vinit_nsvcs; i++)
        if (vinit_svcs[i].job)
            vx_handle_close(vinit_svcs[i].job);
    srv_logf("every service stopped");
}

static void on_packet(const struct vx_port_packet *pk)
{
    uint32_t index = (uint32_t)(pk->key >> 1) & 0x7fffffffu;
    if (pk->type != VX_PKT_SIGNAL || index >= vinit_nsvcs)
        return;
    struct vinit_svc *s = &vinit_svcs[index];
    if ((uint32_t)(pk->key >> 32) != s->gen || s->state != SVC_RUNNING)
        return; /* about an earlier run */
    if ((pk->key & 1) == KIND_CHAN)
        vinit_serve_requests(s);
    else
        stopped(s);
}

/* The earliest restart due, or 0 if none is. */
static int64_t next_deadline(void)
{
    int64_t d = 0;
    for (uint32_t i = 0; i < vinit_nsvcs; i++)
        if (vinit_svcs[i].state == SVC_WAITING && (!d || vinit_svcs[i].restart_at_ns < d))
            d = vinit_svcs[i].restart_at_ns;
    return d;
}

static void restart_due(void)
{
    int64_t now = vx_clock_get();
    for (uint32_t i = 0; i < vinit_nsvcs; i++)
        if (vinit_svcs[i].state == SVC_WAITING && vinit_svcs[i].restart_at_ns <= now) {
            srv_logf("restarting %s now (after %u ms)", vinit_svcs[i].m.name,
                      vinit_svcs[i].delay_ms);
            start(&vinit_svcs[i]);
        }
}

/* Supervise until `until` (NULL: never) stops for good; returns its status then. */
static int supervise(const struct vinit_svc *until)
{
    while (!until || until->state != SVC_DONE) {
        struct vx_port_packet pk[PACKETS_MAX];
        uint32_t n = 0;
        vx_status_t st = vx_port_wait(port, next_deadline(), pk, PACKETS_MAX, &n);
        if (st && st != VX_ETIMEDOUT) {
            srv_logf("waiting on the port failed (%d)", st);
            return 1;
        }
        for (uint32_t k = 0; k < n; k++)
            on_packet(&pk[k]);
        restart_due();
    }
    return until->status;
}

int vinit_main(void *arg)
{
    const struct vx_startup *su = arg;
    static struct options opts;
    root_job = su->job;
    bootfs = su->bootfs;
    if (parse_options(su->host_arg, &opts))
        return 1;
    if (!bootfs) {
        srv_logf("no boot image: no manifests, nothing to start");
        return 1;
    }
    if (vinit_load(bootfs, opts.services) || vx_port_create(0, &port))
        return 1;
    srv_logf("%u services from %s", vinit_nsvcs, opts.services);
    const struct vinit_svc *until = NULL;
    if (opts.exit_with[0] && !(until = vinit_find(opts.exit_with, vx_strlen(opts.exit_with)))) {
        srv_logf("exit-with=%s: no such service", opts.exit_with);
        return 1;
    }
    for (uint32_t i = 0; i < vinit_nsvcs; i++)
        start(&vinit_svcs[i]);
    int status = supervise(until);
    srv_logf("%s is done: stopping every service, exit status %d", opts.exit_with, status);
    stop_all();
    vx_handle_close(port);
    return status;
}
