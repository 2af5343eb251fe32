/*
 * monitor/mon_task.c - monitor commands about tasks: tasks, handles, vm, jobs, chan.
 *
 * Listings collect references under the owners' locks, then print with no lock held: a
 * channel's lock nests outside handle-table locks, so it must not be taken inside one.
 */
#define VX_SUBSYSTEM "monitor"
#include "kernel/console.h"
#include "kernel/ipc/chan.h"
#include "kernel/monitor/monitor.h"
#include "kernel/task/task.h"
#include "lib/string.h"

#define LIST_MAX 256u /* entries one command shows */

static const char *const type_names[VX_OBJ_TYPE_COUNT] = {
    "none", "task", "thread", "aspace", "vmo", "channel", "port", "event", "timer", "job",
    "device", "trace",
};

static const char *type_name(uint32_t t)
{
    return t < VX_OBJ_TYPE_COUNT ? type_names[t] : "?";
}

struct grab {
    struct kobject *obj[LIST_MAX];
    vx_handle_t h[LIST_MAX];
    uint32_t rights[LIST_MAX];
    unsigned n, more;
};

static void grab_handle(vx_handle_t h, struct kobject *obj, uint32_t rights, void *arg)
{
    struct grab *g = arg;
    if (g->n == LIST_MAX) {
        g->more++;
        return;
    }
    kobject_get(obj); /* the slot holds one: never zero here */
    g->obj[g->n] = obj, g->h[g->n] = h, g->rights[g->n] = rights;
    g->n++;
}

static void release(struct grab *g)
{
    for (unsigned i = 0; i < g->n; i++)
        kobject_put(g->obj[i]);
    g->n = g->more = 0;
}

static struct grab grabbed; /* the monitor is one thread */

static void grab_task(struct task *t, void *arg)
{
    struct grab *g = arg;
    if (g->n == LIST_MAX) {
        g->more++;
        return;
    }
    if (kobject_tryget(&t->ko))
        g->obj[g->n++] = &t->ko;
}

static const char *state_name(int s)
{
    return s == TASK_NEW ? "new" : s == TASK_RUNNING ? "running" : "dead";
}

int mon_tasks(int argc, char **argv)
{
    task_for_each(grab_task, &grabbed);
    kprintf("  %6s %-20s %-8s %7s %8s %6s %9s\n", "koid", "name", "state", "threads", "handles",
            "job", "syscalls");
    for (unsigned i = 0; i < grabbed.n; i++) {
        struct task *t = (struct task *)grabbed.obj[i];
        struct vx_task_info info;
        task_get_info(t, &info);
        kprintf("  %6llu %-20s %-8s %7u %8u %6llu %9llu%s\n", (unsigned long long)info.koid,
                t->name, state_name(task_state(t)), info.threads, t->handles.count,
                (unsigned long long)t->job->ko.koid,
                (unsigned long long)task_syscalls(t), t->as ? "" : "  (native)");
    }
    kprintf("%u tasks\n", grabbed.n + grabbed.more);
    release(&grabbed);
    return 0;
}

/* The task named by argv[1] (a koid), with a reference; prints why not and returns NULL. */
static struct task *task_arg(int argc, char **argv)
{
    uint64_t koid = 0;
    const char *s = argc > 1 ? argv[1] : "";
    for (; *s >= '0' && *s <= '9'; s++)
        koid = koid * 10 + (uint64_t)(*s - '0');
    struct task *t = (argc > 1 && !*s) ? task_find(koid) : NULL;
    if (!t)
        kprintf("%s: give the koid of a live task (see 'tasks')\n", argv[0]);
    return t;
}

int mon_handles(int argc, char **argv)
{
    struct task *t = task_arg(argc, argv);
    if (!t)
        return 0;
    handle_for_each(&t->handles, grab_handle, &grabbed);
    kprintf("  %10s %-8s %6s %6s\n", "handle", "type", "koid", "rights");
    for (unsigned i = 0; i < grabbed.n; i++)
        kprintf("  0x%08x %-8s %6llu  0x%03x\n", grabbed.h[i], type_name(grabbed.obj[i]->type),
                (unsigned long long)grabbed.obj[i]->koid, grabbed.rights[i]);
    kprintf("%u handles in task %llu '%s'\n", grabbed.n + grabbed.more,
            (unsigned long long)t->ko.koid, t->name);
    release(&grabbed);
    kobject_put(&t->ko);
    return 0;
}

static void print_map(const struct as_map_info *m, void *arg)
{
    unsigned *n = arg;
    kprintf("  %012llx-%012llx %c%c%c %8llu KiB  vmo %llu +0x%llx\n", (unsigned long long)m->va,
            (unsigned long long)(m->va + m->len), (m->prot & VX_VM_READ) ? 'r' : '-',
            (m->prot & VX_VM_WRITE) ? 'w' : '-', (m->prot & VX_VM_EXEC) ? 'x' : '-',
            (unsigned long long)(m->len >> 10), (unsigned long long)m->vmo_koid,
            (unsigned long long)m->offset);
    ++*n;
}

int mon_vm(int argc, char **argv)
{
    struct task *t = task_arg(argc, argv);
    if (!t)
        return 0;
    spin_lock(&t->lock);
    struct aspace *as = t->as;
    if (as)
        kobject_get(&as->ko);
    spin_unlock(&t->lock);
    if (!as) {
        kprintf("task %llu '%s' has no address space (native or ended)\n",
                (unsigned long long)t->ko.koid, t->name);
    } else {
        unsigned n = 0;
        as_for_each_map(as, print_map, &n);
        kprintf("%u mappings, asid %u, %llu page-table pages, %llu faults resolved\n", n,
                as->asid, (unsigned long long)as->table_pages, (unsigned long long)as->faults);
        kobject_put(&as->ko);
    }
    kobject_put(&t->ko);
    return 0;
}

static const char *const res_names[VX_JOB_NRES] = {"pages", "handles", "threads", "tasks"};

int mon_jobs(int argc, char **argv)
{
    task_for_each(grab_task, &grabbed);
    uint64_t seen[LIST_MAX];
    unsigned nseen = 0;
    for (unsigned i = 0; i < grabbed.n; i++) {
        for (struct job *j = ((struct task *)grabbed.obj[i])->job; j; j = j->parent) {
            bool dup = false;
            for (unsigned k = 0; k < nseen; k++)
                dup |= seen[k] == j->ko.koid;
            if (dup || nseen == LIST_MAX)
                continue;
            seen[nseen++] = j->ko.koid;
            struct vx_job_info ji;
            job_get_info(j, &ji);
            kprintf("job %llu (parent %llu):", (unsigned long long)j->ko.koid,
                    (unsigned long long)(j->parent ? j->parent->ko.koid : 0));
            for (unsigned r = 0; r < VX_JOB_NRES; r++) {
                kprintf(" %s %llu", res_names[r], (unsigned long long)ji.used[r]);
                if (ji.limit[r] != VX_JOB_UNLIMITED)
                    kprintf("/%llu", (unsigned long long)ji.limit[r]);
                if (ji.refused[r])
                    kprintf(" (%llu refused)", (unsigned long long)ji.refused[r]);
            }
            kprintf("\n");
        }
    }
    kprintf("%u jobs with live tasks\n", nseen);
    release(&grabbed);
    return 0;
}

int mon_chan(int argc, char **argv)
{
    /* Every channel endpoint some task holds a handle to. */
    static struct grab tasks;
    task_for_each(grab_task, &tasks);
    unsigned shown = 0;
    kprintf("  %6s %6s %6s %-20s %s\n", "koid", "peer", "queued", "held by", "handle");
    for (unsigned i = 0; i < tasks.n; i++) {
        struct task *t = (struct task *)tasks.obj[i];
        handle_for_each(&t->handles, grab_handle, &grabbed);
        for (unsigned k = 0; k < grabbed.n; k++) {
            if (grabbed.obj[k]->type != VX_OBJ_CHANNEL)
                continue;
            uint64_t peer;
            uint32_t queued;
            chan_get_info((struct chan *)grabbed.obj[k], &peer, &queued);
            kprintf("  %6llu %6llu %6u %-20s 0x%08x%s\n",
                    (unsigned long long)grabbed.obj[k]->koid, (unsigned long long)peer, queued,
                    t->name, grabbed.h[k], peer ? "" : "  (peer closed)");
            shown++;
        }
        release(&grabbed);
    }
    kprintf("%u channel endpoints held\n", shown);
    release(&tasks);
    return 0;
}
