/*
 * boot/programs.c - the table of the kernel's own programs, and init's life.
 *
 * Init is started, waited for and followed by a kernel thread of its own, the reaper (a
 * kernel thread runs on a vCPU, as sched_on_each_cpu needs; boot's host thread is none):
 *   1. count the allocators (leak.h), once the boot image's VMO, kept for the whole run, exists;
 *   2. make the root job and init's task and start init's thread (a host builtin's faults are
 *      caught like any system task's; the kernel's own programs are kernel code);
 *   3. wait for that thread to end: init's status is its exit code, or 1 if it faulted or was
 *      killed;
 *   4. wait, at most PROGRAMS_REAP_WAIT_NS, until no task and no other thread is left;
 *   5. count again: anything not given back is a leak, which makes the status 1 if init's was
 *      0. If tasks or threads are still alive (a service that did not stop), the counts cannot
 *      agree, and the line says so instead of reporting a false leak;
 *   6. power off with that status.
 */
#define VX_SUBSYSTEM "programs"
#include "kernel/boot/programs.h"

#include "kernel/boot/bootfs.h"
#include "kernel/dev/console.h"
#include "kernel/boot/leak.h"
#include "kernel/console.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/task/task.h"
#include "lib/assert.h"
#include "lib/status.h"
#include "lib/string.h"

/* Powers the machine off at once with status 0: used to measure boot time. */
static int halt_main(void *arg)
{
    return 0;
}

/* Leaks a frame and a slab object on purpose and returns 0: the machine must say so and
 * power off with status 1 (the test of the leak check, tests/integration/cli.sh). */
static int leak_main(void *arg)
{
    void *frame = frame_alloc(0);
    void *object = kmalloc(64);
    return frame && object ? 0 : 2;
}

static const struct vx_builtin kernel_programs[] = {
    {"monitor", monitor_main},
    {"selftest", selftest_main},
    {"halt", halt_main},
    {"leak", leak_main},
};

static const struct vx_builtin *find_in(const char *name, const struct vx_builtin *table,
                                        uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (table[i].name && vx_strcmp(table[i].name, name) == 0)
            return &table[i];
    }
    return NULL;
}

const struct vx_builtin *programs_find(const char *name, const struct vx_builtin *builtins,
                                       uint32_t nbuiltins)
{
    if (!name)
        return NULL;
    const struct vx_builtin *p = find_in(name, builtins, builtins ? nbuiltins : 0);
    return p ? p : find_in(name, kernel_programs, sizeof kernel_programs / sizeof *kernel_programs);
}

const struct vx_builtin *programs_find_host(const char *name)
{
    const struct vx_boot_params *p = &boot_get_info()->params;
    return find_in(name, p->builtins, p->builtins ? p->nbuiltins : 0);
}

/* ---- init and the reaper ---------------------------------------------------------------- */

struct init_start {
    const struct vx_builtin *prog;
    bool system_task; /* a host builtin: its faults are caught (task_run_native) */
    struct vx_startup startup;
};
static struct init_start init_start;
static void *init_arg; /* vx_boot_params.init_arg, for the reaper */

static bool is_kernel_program(const struct vx_builtin *p)
{
    for (uint32_t i = 0; i < sizeof kernel_programs / sizeof *kernel_programs; i++) {
        if (p == &kernel_programs[i])
            return true;
    }
    return false;
}

static int init_main(void *arg)
{
    struct init_start *s = arg;
    int status =
        s->system_task ? task_run_native(s->prog->entry, &s->startup) : s->prog->entry(&s->startup);
    task_kill(task_current(), VX_TASK_EXITED, status, 0, 0);
    return status;
}

/* Init is a native task in a new root job, holding a handle to that job and one to the boot
 * image. Start it; *task and *thread get references to it and its kernel thread. */
static vx_status_t start_init(const struct vx_builtin *prog, struct task **task,
                              struct thread **thread)
{
    struct job *root;
    struct task *t;
    struct uthread *ut;
    vx_status_t st = job_create(NULL, &root);
    if (st)
        return st;
    st = task_create(root, prog->name, false, &t);
    if (st)
        goto out_job;
    init_start = (struct init_start){
        .prog = prog, .system_task = !is_kernel_program(prog), .startup = {.host_arg = init_arg}};
    kobject_get(&root->ko);
    if ((st = handle_add(&t->handles, &root->ko, VX_RIGHTS_ALL, &init_start.startup.job)))
        goto out_task;
    if (bootfs_image()) {
        kobject_get(&bootfs_image()->ko);
        if ((st = handle_add(&t->handles, &bootfs_image()->ko,
                             VX_RIGHT_READ | VX_RIGHT_MAP | VX_RIGHT_DUPLICATE | VX_RIGHT_TRANSFER,
                             &init_start.startup.bootfs)))
            goto out_task;
    }
    struct chan *console;
    if ((st = console_dev_create(&console)))
        goto out_task;
    if ((st = handle_add(&t->handles, &console->ko, VX_RIGHTS_ALL, &init_start.startup.console)))
        goto out_task;
    if ((st = uthread_create(t, prog->name, init_main, &init_start, &ut)))
        goto out_task;
    st = uthread_start(ut, 0, 0, 0, 0);
    if (!st) {
        thread_get(ut->kt); /* safe: ut, ours until the put below, holds its kernel thread */
        *thread = ut->kt;
        kobject_get(&t->ko);
        *task = t;
    }
    kobject_put(&ut->ko);
out_task:
    kobject_put(&t->ko); /* its threads keep it alive */
out_job:
    kobject_put(&root->ko);
    return st;
}

static void count_task(struct task *t, void *arg)
{
    (*(uint32_t *)arg)++;
}

static void count_thread(const struct thread_info *info, void *arg)
{
    (*(uint32_t *)arg)++;
}

/* Wait until no task is left and no thread but the caller, or PROGRAMS_REAP_WAIT_NS have
 * passed. What is left when init ends goes away by itself (threads finish exiting, tasks are
 * destroyed as the handles to them close) unless something still runs. */
static void wait_for_the_rest(uint32_t *tasks, uint32_t *threads)
{
    uint64_t deadline = hio_clock_ns() + PROGRAMS_REAP_WAIT_NS;
    for (;;) {
        *tasks = *threads = 0;
        task_for_each(count_task, tasks);
        thread_for_each(count_thread, threads);
        *threads -= 1; /* the caller */
        if ((*tasks == 0 && *threads == 0) || hio_clock_ns() >= deadline)
            return;
        thread_sleep_ns(PROGRAMS_REAP_POLL_NS);
    }
}

/* Everything init made is gone: the allocators must be back where they were before it.
 * Returns the machine's exit status: init's, or 1 for a leak if init's was 0. */
static int check_leaks(const struct leak_counts *before, int status)
{
    bool quiet = boot_get_info()->params.quiet;
    uint32_t tasks, threads;
    wait_for_the_rest(&tasks, &threads);
    if (tasks || threads) {
        if (!quiet)
            kprintf("boot: after init: %u tasks and %u threads still alive; leaks not checked\n",
                    tasks, threads);
        return status;
    }
    struct leak_counts after;
    leak_count(&after);
    int64_t frames = (int64_t)(before->free_frames - after.free_frames);
    int64_t objects = (int64_t)(after.slab_objects - before->slab_objects);
    if (frames == 0 && objects == 0) {
        if (!quiet)
            kprintf("boot: after init: 0 frames and 0 slab objects not returned\n");
        return status;
    }
    kprintf("boot: after init: %lld frames and %lld slab objects not returned: a leak\n",
            (long long)frames, (long long)objects);
    return status ? status : 1;
}

static int reaper_main(void *arg)
{
    const struct vx_builtin *prog = arg;
    struct leak_counts before;
    struct task *t;
    struct thread *kt;
    bootfs_init(); /* kept for the whole run, so made before the count */
    leak_count(&before);
    vx_status_t st = start_init(prog, &t, &kt);
    if (st) {
        kprintf("boot: starting init failed: %s\n", vx_status_str(st));
        sched_power_off(1);
        return 1;
    }
    thread_join(kt);
    struct vx_task_info info;
    task_get_info(t, &info);
    kobject_put(&t->ko);
    int status = (int)info.exit_code;
    if (info.reason != VX_TASK_EXITED) {
        kprintf("boot: init '%s' %s; exit status 1\n", prog->name,
                info.reason == VX_TASK_FAULTED ? "faulted" : "was killed");
        status = 1;
    }
    sched_power_off(check_leaks(&before, status));
    return 0;
}

vx_status_t programs_start_init(const struct vx_builtin *prog, void *arg)
{
    vx_status_t st;
    init_arg = arg;
    struct thread *reaper =
        thread_create("reaper", reaper_main, (void *)prog, PARAM_PRIO_DEFAULT, &st);
    if (!reaper)
        return st;
    thread_start(reaper);
    thread_put(reaper);
    return VX_OK;
}
