/*
 * syscall/sys_task.c - tasks, threads and jobs.
 */
#define VX_SUBSYSTEM "syscall"
#include "kernel/boot/programs.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/thread.h"
#include "kernel/syscall/syscall.h"
#include "kernel/task/task.h"
#include "lib/string.h"

/* Copy a name argument (at most TASK_NAME_LEN - 1 bytes are kept). */
static vx_status_t name_in(char *name, uint64_t uptr, uint64_t len)
{
    size_t n = len < TASK_NAME_LEN - 1 ? (size_t)len : TASK_NAME_LEN - 1;
    vx_status_t st = uaccess_in(name, uptr, n);
    name[st ? 0 : n] = '\0';
    return st;
}

int64_t sys_task_create(const uint64_t *a)
{
    char name[TASK_NAME_LEN];
    struct kobject *jo;
    vx_status_t st = name_in(name, a[1], a[2]);
    if (st || (st = sys_get(a[0], VX_OBJ_JOB, VX_RIGHT_MANAGE, &jo)))
        return st;
    struct task *t;
    st = task_create((struct job *)jo, name, true, &t);
    kobject_put(jo);
    if (st)
        return st;
    kobject_get(&t->as->ko);
    struct aspace *as = t->as;
    vx_handle_t th;
    if ((st = handle_add(sys_handles(), &t->ko, VX_RIGHTS_ALL, &th))) {
        kobject_put(&as->ko);
        return st;
    }
    if ((st = uaccess_out(a[3], &th, sizeof th)) || (st = sys_give(&as->ko, VX_RIGHTS_ALL, a[4])))
        handle_close(sys_handles(), th);
    return st;
}

int64_t sys_thread_create(const uint64_t *a)
{
    char name[TASK_NAME_LEN];
    struct kobject *to;
    vx_status_t st = name_in(name, a[1], a[2]);
    if (st || (st = sys_get(a[0], VX_OBJ_TASK, VX_RIGHT_MANAGE, &to)))
        return st;
    struct task *t = (struct task *)to;
    struct uthread *ut;
    st = t->as ? uthread_create(t, name, NULL, NULL, &ut) : VX_ENOTSUP;
    kobject_put(to);
    return st ? st : sys_give(&ut->ko, VX_RIGHTS_ALL, a[3]);
}

/* A builtin's start record (kmalloc'd): its entry and what it gets. The thread owns it once
 * started; builtin_main copies it to its stack and frees it before anything can fail. */
struct builtin_start {
    int (*entry)(void *arg);
    struct vx_startup startup;
};

/* The native thread of a builtin: run it, with its faults caught; its return value is the
 * task's exit code. (A fault ends the thread inside task_run_native.) */
static int builtin_main(void *arg)
{
    struct builtin_start s = *(struct builtin_start *)arg;
    kfree(arg);
    int status = task_run_native(s.entry, &s.startup);
    task_kill(task_current(), VX_TASK_EXITED, status, 0, 0);
    return status;
}

/* Decode: the job (MANAGE) and the program; nothing is taken yet. */
static vx_status_t decode_builtin(const uint64_t *a, struct kobject **job,
                                  const struct vx_builtin **prog, char *name)
{
    if (a[2] == 0 || a[2] >= TASK_NAME_LEN)
        return a[2] ? VX_ENOENT : VX_EINVAL; /* no builtin has a longer name */
    vx_status_t st = uaccess_in(name, a[1], a[2]);
    if (st)
        return st;
    name[a[2]] = '\0';
    if (vx_strlen(name) != a[2])
        return VX_EINVAL; /* a NUL inside */
    if ((st = sys_get(a[0], VX_OBJ_JOB, VX_RIGHT_MANAGE, job)))
        return st;
    if (!(*prog = programs_find_host(name))) {
        kobject_put(*job);
        return VX_ENOENT;
    }
    return VX_OK;
}

int64_t sys_task_create_builtin(const uint64_t *a)
{
    char name[TASK_NAME_LEN];
    struct kobject *jo, *boot = NULL;
    const struct vx_builtin *prog;
    uint32_t rights = 0;
    struct task *t = NULL;
    struct uthread *ut = NULL;
    vx_handle_t th;
    vx_status_t st = decode_builtin(a, &jo, &prog, name);
    if (st)
        return st;
    /* The bootstrap handle is consumed from here on, whatever happens. */
    if (a[3] && !sys_u32(a[3]))
        st = VX_EBADH;
    else if (a[3])
        st = handle_take(sys_handles(), (vx_handle_t)a[3], &boot, &rights);
    if (st)
        goto out_job;
    struct builtin_start *rec = kzalloc(sizeof *rec);
    if (!rec) {
        st = VX_ENOMEM;
        goto out_boot;
    }
    rec->entry = prog->entry;
    if ((st = task_create((struct job *)jo, name, false, &t)))
        goto out_rec;
    if ((st = uthread_create(t, name, builtin_main, rec, &ut)))
        goto out_rec;
    if (boot) {
        st = handle_add(&t->handles, boot, rights, &rec->startup.bootstrap);
        boot = NULL; /* handle_add took the reference, also on failure */
        if (st)
            goto out_rec;
    }
    /* The caller's handle before the start: a task nobody can see must not be running. */
    kobject_get(&t->ko);
    if ((st = handle_add(sys_handles(), &t->ko, VX_RIGHTS_ALL, &th)))
        goto out_rec;
    if ((st = uaccess_out(a[4], &th, sizeof th))) {
        handle_close(sys_handles(), th);
        goto out_rec;
    }
    /* The caller may have killed the task through its new handle already: then it stays
     * dead and unstarted (the thread's release below finishes it), which is no error. */
    if (uthread_start(ut, 0, 0, 0, 0) == VX_OK)
        goto out_thread; /* rec belongs to the thread now */
out_rec:
    kfree(rec);
out_boot:
    if (boot)
        kobject_put(boot);
out_thread:
    if (ut)
        kobject_put(&ut->ko);
    if (t)
        kobject_put(&t->ko);
out_job:
    kobject_put(jo);
    return st;
}

/* The thread behind handle h, which must belong to `task` if that is not NULL. */
static vx_status_t get_thread(uint64_t h, struct task *task, struct uthread **out)
{
    struct kobject *o;
    vx_status_t st = sys_get(h, VX_OBJ_THREAD, VX_RIGHT_MANAGE, &o);
    if (st)
        return st;
    struct uthread *ut = (struct uthread *)o;
    if (task && ut->task != task) {
        kobject_put(o);
        return VX_EINVAL;
    }
    *out = ut;
    return VX_OK;
}

int64_t sys_task_start(const uint64_t *a)
{
    struct kobject *to;
    vx_status_t st = sys_get(a[0], VX_OBJ_TASK, VX_RIGHT_MANAGE, &to);
    if (st)
        return st;
    struct task *t = (struct task *)to;
    struct uthread *ut = NULL;
    struct kobject *arg = NULL;
    uint32_t rights = 0;
    vx_handle_t moved = 0;
    if ((st = get_thread(a[1], t, &ut)))
        goto out;
    if (task_state(t) != TASK_NEW) { /* uthread_start checks again, under the lock */
        st = VX_ESTATE;
        goto out;
    }
    /* The argument handle is consumed from here on, whatever happens. */
    if (a[4] && !sys_u32(a[4]))
        st = VX_EBADH; /* not a 32-bit value: no handle of ours */
    else if (a[4])
        st = handle_take(sys_handles(), (vx_handle_t)a[4], &arg, &rights);
    if (st)
        goto out;
    if (arg && (st = handle_add(&t->handles, arg, rights, &moved)))
        goto out;
    st = uthread_start(ut, a[2], a[3], moved, a[5]);
out:
    if (ut)
        kobject_put(&ut->ko);
    kobject_put(to);
    return st;
}

int64_t sys_thread_start(const uint64_t *a)
{
    struct uthread *ut;
    vx_status_t st = get_thread(a[0], NULL, &ut);
    if (st)
        return st;
    st = task_state(ut->task) == TASK_RUNNING ? uthread_start(ut, a[1], a[2], a[3], a[4])
                                         : VX_ESTATE;
    kobject_put(&ut->ko);
    return st;
}

int64_t sys_task_kill(const uint64_t *a)
{
    struct kobject *to;
    vx_status_t st = sys_get(a[0], VX_OBJ_TASK, VX_RIGHT_MANAGE, &to);
    if (st)
        return st;
    task_kill((struct task *)to, VX_TASK_KILLED, 0, 0, 0);
    kobject_put(to);
    return VX_OK;
}

/* The calling thread leaves: a guest thread when it is back in its loop, a native one now. */
static int64_t leave(void)
{
    struct uthread *ut = uthread_current();
    atomic_store(&ut->stop, true);
    if (!ut->guest) {
        uthread_exited(ut);
        thread_exit(0);
    }
    return VX_OK;
}

int64_t sys_task_exit(const uint64_t *a)
{
    task_kill(task_current(), VX_TASK_EXITED, (int64_t)a[0], 0, 0);
    return leave();
}

int64_t sys_task_set_abi(const uint64_t *a)
{
    struct uthread *self = uthread_current();
    if (self->guest && !self->in_abi) /* a guest's "function" would be in its own memory */
        return VX_EPERM;
    if (!a[1])
        return VX_EINVAL;
    struct kobject *to;
    vx_status_t st = sys_get(a[0], VX_OBJ_TASK, VX_RIGHT_MANAGE, &to);
    if (st)
        return st;
    struct task *t = (struct task *)to;
    spin_lock(&t->lock);
    if (!t->as)
        st = VX_ENOTSUP;
    else if (t->state != TASK_NEW)
        st = VX_ESTATE;
    else {
        t->abi_fn = (vx_abi_fn)(uintptr_t)a[1];
        t->abi_ctx = (void *)(uintptr_t)a[2];
    }
    spin_unlock(&t->lock);
    kobject_put(to);
    return st;
}

int64_t sys_thread_exit(const uint64_t *a)
{
    return leave();
}

int64_t sys_task_get_info(const uint64_t *a)
{
    struct kobject *to;
    vx_status_t st = sys_get(a[0], VX_OBJ_TASK, VX_RIGHT_READ, &to);
    if (st)
        return st;
    struct vx_task_info info;
    task_get_info((struct task *)to, &info);
    kobject_put(to);
    return uaccess_out(a[1], &info, sizeof info);
}

int64_t sys_job_create(const uint64_t *a)
{
    struct kobject *po;
    vx_status_t st = sys_get(a[0], VX_OBJ_JOB, VX_RIGHT_MANAGE, &po);
    if (st)
        return st;
    struct job *j;
    st = job_create((struct job *)po, &j);
    kobject_put(po);
    return st ? st : sys_give(&j->ko, VX_RIGHTS_ALL, a[1]);
}

int64_t sys_job_set_limit(const uint64_t *a)
{
    struct kobject *jo;
    if (a[1] >= VX_JOB_NRES)
        return VX_EINVAL;
    vx_status_t st = sys_get(a[0], VX_OBJ_JOB, VX_RIGHT_MANAGE, &jo);
    if (st)
        return st;
    st = job_set_limit((struct job *)jo, (uint32_t)a[1], a[2]);
    kobject_put(jo);
    return st;
}

int64_t sys_job_get_info(const uint64_t *a)
{
    struct kobject *jo;
    vx_status_t st = sys_get(a[0], VX_OBJ_JOB, VX_RIGHT_READ, &jo);
    if (st)
        return st;
    struct vx_job_info info;
    job_get_info((struct job *)jo, &info);
    kobject_put(jo);
    return uaccess_out(a[1], &info, sizeof info);
}
