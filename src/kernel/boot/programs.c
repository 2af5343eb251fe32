/*
 * boot/programs.c - the table of the kernel's own programs and the init thread.
 */
#define VX_SUBSYSTEM "programs"
#include "kernel/boot/programs.h"

#include "kernel/boot/bootfs.h"
#include "kernel/sched/sched.h"
#include "kernel/task/task.h"
#include "lib/assert.h"
#include "lib/string.h"

/* Powers the machine off at once with status 0: used to measure boot time. */
static int halt_main(void *arg)
{
    return 0;
}

static const struct vx_builtin kernel_programs[] = {
    {"monitor", monitor_main},
    {"selftest", selftest_main},
    {"halt", halt_main},
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

struct init_start {
    const struct vx_builtin *prog;
    struct vx_startup startup;
};
static struct init_start init_start;

static int init_main(void *arg)
{
    struct init_start *s = arg;
    int status = s->prog->entry(&s->startup);
    sched_power_off(status);
    return status;
}

/* Init is a native task in the root job, holding a handle to that job (and later to more). */
vx_status_t programs_start_init(const struct vx_builtin *prog, void *arg)
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
    init_start = (struct init_start){.prog = prog, .startup = {.host_arg = arg}};
    kobject_get(&root->ko);
    if ((st = handle_add(&t->handles, &root->ko, VX_RIGHTS_ALL, &init_start.startup.job)))
        goto out_task;
    if (bootfs_init() == VX_OK) {
        kobject_get(&bootfs_image()->ko);
        if ((st = handle_add(&t->handles, &bootfs_image()->ko,
                             VX_RIGHT_READ | VX_RIGHT_MAP | VX_RIGHT_DUPLICATE | VX_RIGHT_TRANSFER,
                             &init_start.startup.bootfs)))
            goto out_task;
    }
    if ((st = uthread_create(t, prog->name, init_main, &init_start, &ut)))
        goto out_task;
    st = uthread_start(ut, 0, 0, 0, 0);
    kobject_put(&ut->ko);
out_task:
    kobject_put(&t->ko); /* its threads keep it alive */
out_job:
    kobject_put(&root->ko);
    return st;
}
