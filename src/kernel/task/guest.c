/*
 * task/guest.c - the guest thread loop (see guest.h).
 */
#define VX_SUBSYSTEM "guest"
#include "kernel/task/guest.h"

#include "hostio.h"
#include "kernel/console.h"
#include "kernel/param.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "kernel/task/task.h"
#include "kernel/vm/mmu.h"

void guest_poke(struct uthread *ut)
{
    uint32_t cpu = atomic_load(&ut->kt->cpu);
    if (cpu < sched_ncpus())
        rv_interrupt(mmu_hart(cpu)); /* at worst another guest there stops early once */
}

/* Let the scheduler in when an interrupt waits, the slice or RT budget is used up, or a
 * thread that beats this one is queued here. */
static void maybe_yield(void)
{
    struct cpu *c = cpu_self();
    if (atomic_load_explicit(&c->irq_pending, memory_order_relaxed) || sched_should_yield())
        sched_relinquish();
}

/* The task cannot go on: log it once and kill it with the fault in its info. */
static void fault(struct uthread *ut, uint32_t cause, const struct rv_trap *t, vx_status_t why)
{
    struct task *tk = ut->task;
    if (syscall_abi_fault(ut, cause, t->tval))
        return; /* the personality took it (a signal handler runs, or the task is ending) */
    kprintf("guest: task '%s' (koid %llu) killed: %s at 0x%llx, pc 0x%llx%s\n", tk->name,
            (unsigned long long)tk->ko.koid, task_fault_name(cause), (unsigned long long)t->tval,
            (unsigned long long)ut->regs.pc,
            why == VX_ENOENT ? " (nothing mapped)"
            : why == VX_EPERM ? " (not permitted)"
            : why == VX_ENOMEM ? " (out of memory)"
            : why == VX_ELIMIT ? " (job memory quota)"
                               : "");
    task_kill(tk, VX_TASK_FAULTED, cause, t->tval, ut->regs.pc);
}

static bool page_fault(struct uthread *ut, struct rv_hart *h, uint32_t cause,
                       const struct rv_trap *t)
{
    enum as_access acc = cause == RV_CAUSE_FETCH_PAGE   ? AS_EXEC
                         : cause == RV_CAUSE_STORE_PAGE ? AS_WRITE
                                                        : AS_READ;
    struct aspace *as = ut->task->as;
    vx_status_t st = as_fault(as, t->tval, acc);
    if (st) {
        fault(ut, cause, t, st);
        return false;
    }
    /* A stale read-only entry in this hart's TLB would fault again. */
    rv_flush_page(h, as->asid, t->tval);
    return true;
}

int guest_main(void *arg)
{
    struct uthread *ut = arg;
    struct task *tk = ut->task;
    /* The address space lives as long as the task has threads (task_finish drops it). */
    struct aspace *as = tk->as;
    if (tk->abi_fn) /* set before the task started, so constant for its threads */
        syscall_abi(ut, VX_ABI_START);
    for (;;) {
        if (atomic_load_explicit(&ut->stop, memory_order_relaxed))
            break;
        uint32_t cpu = hio_cpu_self();
        struct rv_hart *h = mmu_hart(cpu);
        as_note_cpu(as, cpu);
        struct rv_trap t;
        uint32_t cause = rv_run(h, &ut->regs, as->satp, GUEST_BUDGET, &t);
        switch (cause) {
        case RV_CAUSE_ECALL:
            ut->regs.pc += 4; /* ecall is never compressed */
            syscall_from_guest(ut);
            break;
        case RV_CAUSE_BUDGET:
            if (tk->abi_fn)
                syscall_abi(ut, VX_ABI_PREEMPT);
            maybe_yield();
            break;
        case RV_CAUSE_INTERRUPT:
            maybe_yield();
            break;
        case RV_CAUSE_FETCH_PAGE:
        case RV_CAUSE_LOAD_PAGE:
        case RV_CAUSE_STORE_PAGE:
            page_fault(ut, h, cause, &t);
            break;
        default:
            fault(ut, cause, &t, VX_OK);
            break;
        }
    }
    uthread_exited(ut);
    return 0;
}
