/*
 * task/task.c - tasks and task threads (see task.h).
 *
 * References: a task is held by handles, by each of its threads (uthread.task) and by the
 * kernel while it runs. A uthread is held by handles and by its own kernel thread until that
 * thread ends. A task's handle table and address space are released by task_finish, which
 * runs exactly once, when the task is DEAD and its last thread has left: before that, a
 * thread may still be inside a call that uses them.
 *
 * Faults of system tasks (task_run_native). While a system task's own code runs, the vCPU's
 * hostio fault catcher is armed with the thread's uthread.catcher; every kernel call the task
 * makes disarms it for the call's duration (syscall/native.c), and nothing else runs on a
 * vCPU between the two: kernel code is never preempted, and a switch happens only inside a
 * kernel call, so an armed catcher never outlives the task code it guards. A fault while it is
 * armed lands in native_fault, on the thread's own stack where task_run_native was called.
 * Leaving the task's frames behind is safe because they hold nothing of the kernel's:
 *   - locks: kernel spinlocks are taken and released inside kernel calls, which all return
 *     before task code runs again; the task's code takes none (it has only the public API);
 *   - objects: what the task holds is in its handle table, closed by task_finish as for any
 *     task that ends; a native task has no memory of its own (no heap, only static buffers);
 *   - threads: a native task has one thread (vx_thread_create refuses native tasks), this one.
 * What is not reset is a builtin's static data: a builtin that is restarted after a fault
 * finds its statics as the faulting run left them.
 */
#define VX_SUBSYSTEM "task"
#include "kernel/task/task.h"

#include <stddef.h>

#include "kernel/console.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/task/guest.h"
#include "kernel/vm/mmu.h"
#include "lib/assert.h"
#include "lib/string.h"

static struct spinlock all_tasks_lock = SPINLOCK_INIT("tasks");
static struct list_node all_tasks = LIST_HEAD_INIT(all_tasks);
static uint32_t ntasks; /* (all_tasks_lock) */

/* The task is DEAD and has no thread left: release what it holds and tell the waiters. */
static void task_finish(struct task *t)
{
    handle_table_destroy(&t->handles);
    spin_lock(&t->lock);
    struct aspace *as = t->as;
    t->as = NULL;
    spin_unlock(&t->lock);
    if (as)
        kobject_put(&as->ko);
    /* Uncharged here, not at destroy: whoever sees TERMINATED sees the job without it. */
    job_uncharge(t->job, VX_JOB_TASKS, 1);
    kobject_signal(&t->ko, 0, VX_SIG_TERMINATED);
}

static void task_destroy(struct kobject *o)
{
    struct task *t = (struct task *)o;
    VX_ASSERT(t->nthreads == 0);
    if (t->state != TASK_DEAD)
        task_finish(t); /* never started: nothing else will */
    spin_lock(&all_tasks_lock);
    list_remove(&t->all_link);
    ntasks--;
    spin_unlock(&all_tasks_lock);
    kobject_put(&t->job->ko);
    kfree(t);
}

static const struct kobject_ops task_ops = {task_destroy};

vx_status_t task_create(struct job *j, const char *name, bool guest, struct task **out)
{
    vx_status_t st = job_charge(j, VX_JOB_TASKS, 1);
    if (st)
        return st;
    struct task *t = kzalloc(sizeof *t);
    if (!t) {
        st = VX_ENOMEM;
        goto out_uncharge;
    }
    if (guest && (st = as_create(0, &t->as)))
        goto out_free;
    kobject_init(&t->ko, VX_OBJ_TASK, &task_ops);
    vx_strlcpy(t->name, name, sizeof t->name);
    kobject_get(&j->ko);
    t->job = j;
    handle_table_init(&t->handles, job_handle_limit(j));
    spin_init(&t->lock, "task");
    list_init(&t->threads);
    t->state = TASK_NEW;
    spin_lock(&all_tasks_lock);
    list_push_back(&all_tasks, &t->all_link);
    ntasks++;
    spin_unlock(&all_tasks_lock);
    *out = t;
    return VX_OK;
out_free:
    kfree(t);
out_uncharge:
    job_uncharge(j, VX_JOB_TASKS, 1);
    return st;
}

/* ---- threads ------------------------------------------------------------------------------ */

static void uthread_destroy(struct kobject *o)
{
    struct uthread *ut = (struct uthread *)o;
    if (!ut->started) {
        job_uncharge(ut->task->job, VX_JOB_THREADS, 1); /* a started one did at exit */
        spin_lock(&ut->task->lock);
        list_remove(&ut->task_link);
        ut->task->nthreads--;
        bool last = ut->task->nthreads == 0 && ut->task->state == TASK_DEAD;
        spin_unlock(&ut->task->lock);
        if (last)
            task_finish(ut->task);
        thread_discard(ut->kt); /* never started */
    } else {
        thread_put(ut->kt);
    }
    kobject_put(&ut->task->ko);
    kfree(ut);
}

static const struct kobject_ops uthread_ops = {uthread_destroy};

/* ---- faults of system tasks ------------------------------------------------------------- */

/* ABI handlers get the thread's rv_regs as a struct vx_guest_regs (vx/task.h). */
_Static_assert(sizeof(struct vx_guest_regs) == sizeof(struct rv_regs) &&
                   offsetof(struct vx_guest_regs, pc) == offsetof(struct rv_regs, pc) &&
                   offsetof(struct vx_guest_regs, fcsr) == offsetof(struct rv_regs, fcsr) &&
                   offsetof(struct vx_guest_regs, f) == offsetof(struct rv_regs, f),
               "vx_guest_regs is rv_regs");

/* A guest's causes are the interpreter's trap causes. */
_Static_assert(VX_FAULT_ILLEGAL == RV_CAUSE_ILLEGAL && VX_FAULT_BREAKPOINT == RV_CAUSE_BREAKPOINT &&
                   VX_FAULT_LOAD_ACCESS == RV_CAUSE_LOAD_ACCESS &&
                   VX_FAULT_STORE_ACCESS == RV_CAUSE_STORE_ACCESS &&
                   VX_FAULT_FETCH_ACCESS == RV_CAUSE_FETCH_ACCESS &&
                   VX_FAULT_FETCH_PAGE == RV_CAUSE_FETCH_PAGE &&
                   VX_FAULT_LOAD_PAGE == RV_CAUSE_LOAD_PAGE &&
                   VX_FAULT_STORE_PAGE == RV_CAUSE_STORE_PAGE &&
                   VX_FAULT_FETCH_MISALIGNED == RV_CAUSE_FETCH_MISALIGNED &&
                   VX_FAULT_LOAD_MISALIGNED == RV_CAUSE_LOAD_MISALIGNED &&
                   VX_FAULT_STORE_MISALIGNED == RV_CAUSE_STORE_MISALIGNED,
               "VX_FAULT_* differ from the RISC-V causes");

const char *task_fault_name(uint32_t cause)
{
    switch (cause) {
    case VX_FAULT_FETCH_PAGE: return "instruction page fault";
    case VX_FAULT_LOAD_PAGE: return "load page fault";
    case VX_FAULT_STORE_PAGE: return "store page fault";
    case VX_FAULT_ILLEGAL: return "illegal instruction";
    case VX_FAULT_BREAKPOINT: return "breakpoint";
    case VX_FAULT_LOAD_MISALIGNED: return "misaligned load";
    case VX_FAULT_STORE_MISALIGNED: return "misaligned store/AMO";
    case VX_FAULT_FETCH_MISALIGNED: return "misaligned pc";
    case VX_FAULT_DIVIDE: return "integer division trap";
    case VX_FAULT_BUS: return "bus error";
    default: return "access fault";
    }
}

static uint32_t native_cause(uint32_t kind)
{
    switch (kind) {
    case HIO_FAULT_READ: return VX_FAULT_LOAD_PAGE;
    case HIO_FAULT_WRITE: return VX_FAULT_STORE_PAGE;
    case HIO_FAULT_EXEC: return VX_FAULT_FETCH_PAGE;
    case HIO_FAULT_BUS: return VX_FAULT_BUS;
    case HIO_FAULT_DIVIDE: return VX_FAULT_DIVIDE;
    case HIO_FAULT_ILLEGAL: return VX_FAULT_ILLEGAL;
    default: return VX_FAULT_LOAD_ACCESS;
    }
}

/* The recover function of every catcher: hostio has disarmed it and left the signal handler;
 * this is kernel code on the faulting thread's stack, below task_run_native's frame. */
static _Noreturn void native_fault(struct hio_fault_catcher *c)
{
    struct uthread *ut = (struct uthread *)((char *)c - offsetof(struct uthread, catcher));
    VX_ASSERT(ut == uthread_current());
    struct task *tk = ut->task;
    const struct hio_fault *f = &c->fault;
    uint32_t cause = native_cause(f->kind);
    kprintf("task: system task '%s' (koid %llu) killed: %s at 0x%llx, pc 0x%llx (host signal "
            "%u)\n",
            tk->name, (unsigned long long)tk->ko.koid, task_fault_name(cause),
            (unsigned long long)f->addr, (unsigned long long)f->pc, f->signo);
    task_kill(tk, VX_TASK_FAULTED, cause, f->addr, f->pc);
    uthread_exited(ut);
    thread_exit(0);
}

int task_run_native(int (*entry)(void *), void *arg)
{
    struct uthread *ut = uthread_current();
    VX_ASSERT(ut && !ut->guest);
    ut->catcher = (struct hio_fault_catcher){
        .recover = native_fault,
        .resume_sp = __builtin_frame_address(0),
        .stack_lo = ut->kt->ctx.hio.stack_lo,
    };
    hio_fault_catch(&ut->catcher);
    int status = entry(arg);
    hio_fault_catch(NULL);
    return status;
}

static int native_main(void *arg)
{
    struct uthread *ut = arg;
    int status = ut->entry(ut->arg);
    uthread_exited(ut);
    return status;
}

vx_status_t uthread_create(struct task *t, const char *name, int (*entry)(void *), void *arg,
                           struct uthread **out)
{
    vx_status_t st = job_charge(t->job, VX_JOB_THREADS, 1);
    if (st)
        return st;
    struct uthread *ut = kzalloc(sizeof *ut);
    if (!ut) {
        st = VX_ENOMEM;
        goto out_uncharge;
    }
    ut->guest = t->as != NULL;
    ut->entry = entry;
    ut->arg = arg;
    ut->kt = thread_create(name, ut->guest ? guest_main : native_main, ut, PARAM_PRIO_DEFAULT,
                           &st);
    if (!ut->kt)
        goto out_free;
    ut->kt->uthread = ut;
    spin_lock(&t->lock);
    if (t->state == TASK_DEAD) {
        spin_unlock(&t->lock);
        st = VX_ESTATE;
        thread_discard(ut->kt);
        goto out_free;
    }
    list_push_back(&t->threads, &ut->task_link);
    t->nthreads++;
    spin_unlock(&t->lock);
    kobject_init(&ut->ko, VX_OBJ_THREAD, &uthread_ops);
    kobject_get(&t->ko);
    ut->task = t;
    *out = ut;
    return VX_OK;
out_free:
    kfree(ut);
out_uncharge:
    job_uncharge(t->job, VX_JOB_THREADS, 1);
    return st;
}

vx_status_t uthread_start(struct uthread *ut, uint64_t pc, uint64_t sp, uint64_t a0,
                          uint64_t a1)
{
    struct task *t = ut->task;
    spin_lock(&t->lock);
    if (ut->started || t->state == TASK_DEAD) {
        spin_unlock(&t->lock);
        return VX_ESTATE;
    }
    ut->started = true;
    t->state = TASK_RUNNING;
    spin_unlock(&t->lock);
    ut->regs.pc = pc;
    ut->regs.x[2] = sp;
    ut->regs.x[10] = a0;
    ut->regs.x[11] = a1;
    kobject_get(&ut->ko); /* the kernel thread's, dropped in uthread_exited */
    thread_start(ut->kt);
    return VX_OK;
}

void uthread_exited(struct uthread *ut)
{
    struct task *t = ut->task;
    spin_lock(&t->lock);
    list_remove(&ut->task_link);
    list_init(&ut->task_link);
    t->nthreads--;
    atomic_fetch_add(&t->syscalls, atomic_load(&ut->syscalls));
    bool last = t->nthreads == 0;
    if (last && t->state != TASK_DEAD) {
        t->state = TASK_DEAD;
        t->exit.reason = VX_TASK_EXITED;
    }
    spin_unlock(&t->lock);
    job_uncharge(t->job, VX_JOB_THREADS, 1);
    if (last)
        task_finish(t);
    kobject_signal(&ut->ko, 0, VX_SIG_TERMINATED);
    kobject_put(&ut->ko);
}

void task_kill(struct task *t, uint32_t reason, int64_t code, uint64_t addr, uint64_t pc)
{
    spin_lock(&t->lock);
    if (t->state == TASK_DEAD) {
        spin_unlock(&t->lock);
        return;
    }
    t->state = TASK_DEAD;
    t->exit.reason = reason;
    t->exit.exit_code = code;
    t->exit.fault_addr = addr;
    t->exit.fault_pc = pc;
    uint32_t live = t->nthreads;
    struct list_node *n;
    list_for_each(n, &t->threads) {
        struct uthread *ut = list_entry(n, struct uthread, task_link);
        atomic_store(&ut->stop, true);
        thread_interrupt(ut->kt); /* ends its wait in a kernel call, if it is in one */
        if (ut->guest && ut->started)
            guest_poke(ut);
    }
    spin_unlock(&t->lock);
    if (live == 0)
        task_finish(t);
}

struct uthread *uthread_current(void)
{
    struct thread *kt = thread_current();
    return kt ? kt->uthread : NULL;
}

struct task *task_current(void)
{
    struct uthread *ut = uthread_current();
    return ut ? ut->task : NULL;
}

uint64_t task_syscalls(struct task *t)
{
    spin_lock(&t->lock);
    uint64_t n = atomic_load(&t->syscalls);
    struct list_node *pos;
    list_for_each(pos, &t->threads)
        n += atomic_load(&list_entry(pos, struct uthread, task_link)->syscalls);
    spin_unlock(&t->lock);
    return n;
}

void task_get_info(struct task *t, struct vx_task_info *info)
{
    spin_lock(&t->lock);
    *info = t->exit;
    info->koid = t->ko.koid;
    info->threads = t->nthreads;
    if (t->state != TASK_DEAD)
        info->reason = VX_TASK_RUNNING;
    spin_unlock(&t->lock);
    vx_strlcpy(info->name, t->name, sizeof info->name);
}

int task_state(struct task *t)
{
    spin_lock(&t->lock);
    int st = t->state;
    spin_unlock(&t->lock);
    return st;
}

void task_for_each(void (*fn)(struct task *t, void *arg), void *arg)
{
    spin_lock(&all_tasks_lock);
    struct list_node *n;
    list_for_each(n, &all_tasks)
        fn(list_entry(n, struct task, all_link), arg);
    spin_unlock(&all_tasks_lock);
}

struct task *task_find(uint64_t koid)
{
    struct task *found = NULL;
    spin_lock(&all_tasks_lock);
    struct list_node *n;
    list_for_each(n, &all_tasks) {
        struct task *t = list_entry(n, struct task, all_link);
        if (t->ko.koid == koid && kobject_tryget(&t->ko)) {
            found = t;
            break;
        }
    }
    spin_unlock(&all_tasks_lock);
    return found;
}
