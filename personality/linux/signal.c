/*
 * linux/signal.c - Linux signals: dispositions, masks, sending, and delivery with a riscv64
 * signal frame (see internal.h).
 *
 * A signal is pending on a thread (tkill, a fault, SIGPIPE) or on its process (kill). It is
 * delivered when the thread next leaves the personality for the guest: after a syscall, at a
 * preemption point (VX_ABI_PREEMPT, at most one instruction budget away), or at once when it
 * slept in the personality (senders wake it). Delivery runs the default action (terminate or
 * ignore; stop and continue are not done yet and act as ignore) or pushes a frame
 * (struct linux_rt_sigframe: siginfo and ucontext, as the Linux kernel lays it out) on the
 * stack and enters the handler with ra at the process's trampoline, which calls rt_sigreturn.
 *
 * Interrupted calls return -LERESTART from the personality; delivery turns that into a
 * restart (the ecall runs again) unless a handler without SA_RESTART runs: then EINTR.
 */
#include "personality/linux/internal.h"

#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(LSIGKILL) | SIGBIT(LSIGSTOP))

/* Default actions: ignore these, terminate for the rest (stop signals: ignored for now). */
static bool default_ignores(int sig)
{
    return sig == LSIGCHLD || sig == LSIGURG || sig == LSIGWINCH || sig == LSIGCONT ||
           sig == LSIGSTOP || sig == LSIGTSTP || sig == LSIGTTIN || sig == LSIGTTOU;
}

static bool discarded(struct linux_proc *p, int sig)
{
    if (sig == LSIGKILL)
        return false;
    uint64_t h = p->act[sig - 1].handler;
    return h == LSIG_IGN || (h == LSIG_DFL && default_ignores(sig));
}

struct linux_siginfo sig_info(int sig, int code, uint32_t from)
{
    struct linux_siginfo si = {.signo = sig, .code = code};
    si.u.kill.pid = (int32_t)from;
    return si;
}

/* Standard signals do not queue: a second one while one is pending keeps the first's info. */
static bool mark_pending(struct linux_proc *p, _Atomic uint64_t *set,
                         const struct linux_siginfo *info)
{
    int sig = info->signo;
    if (sig < 1 || sig > LNSIG || discarded(p, sig))
        return false;
    if (!(atomic_load(set) & SIGBIT(sig)))
        p->pending_info[sig - 1] = *info;
    atomic_fetch_or(set, SIGBIT(sig));
    return true;
}

void sig_send_proc(struct linux_proc *p, const struct linux_siginfo *info)
{
    if (mark_pending(p, &p->pending, info))
        proc_wake_threads(p);
}

void sig_send_thread(struct linux_thread *t, const struct linux_siginfo *info)
{
    if (!mark_pending(t->proc, &t->pending, info))
        return;
    _Atomic uint32_t *w = atomic_load(&t->sleeping_on);
    if (w)
        lwake(w);
}

bool sig_deliverable(struct linux_thread *t)
{
    uint64_t pend = atomic_load(&t->pending) | atomic_load(&t->proc->pending);
    return (pend & ~(t->blocked & ~UNBLOCKABLE)) != 0;
}

/* Take the lowest deliverable signal off t's or its process's pending set (tree_lock). */
static int take_signal(struct linux_thread *t, struct linux_siginfo *info)
{
    uint64_t allowed = ~(t->blocked & ~UNBLOCKABLE);
    uint64_t mine = atomic_load(&t->pending) & allowed;
    uint64_t procs = atomic_load(&t->proc->pending) & allowed;
    uint64_t pick = mine ? mine : procs;
    if (!pick)
        return 0;
    int sig = __builtin_ctzll(pick) + 1;
    atomic_fetch_and(mine ? &t->pending : &t->proc->pending, ~SIGBIT(sig));
    *info = t->proc->pending_info[sig - 1];
    return sig;
}

/* The frame goes below the stack pointer (or on the alternate stack), 16-byte aligned. */
static uint64_t frame_address(struct linux_thread *t, const struct linux_sigaction *act,
                              uint64_t sp)
{
    const struct linux_stack *as = &t->altstack;
    bool on_alt = !(as->flags & LSS_DISABLE) && sp > as->sp && sp <= as->sp + as->size;
    if ((act->flags & LSA_ONSTACK) && !(as->flags & LSS_DISABLE) && !on_alt)
        sp = as->sp + as->size;
    return (sp - sizeof(struct linux_rt_sigframe)) & ~15ull;
}

/* Push a frame for sig and point the registers at the handler; false if the frame cannot
 * be written (the process then dies of SIGSEGV). */
static bool push_frame(struct linux_thread *t, struct vx_guest_regs *r, int sig,
                       const struct linux_siginfo *info)
{
    struct linux_proc *p = t->proc;
    struct linux_sigaction act = p->act[sig - 1];
    static struct linux_rt_sigframe frames[LINUX_THREADS_MAX]; /* too big for a stack */
    struct linux_rt_sigframe *f = &frames[thread_slot(t)];
    __builtin_memset(f, 0, sizeof *f);
    f->info = *info;
    f->uc.stack = t->altstack;
    f->uc.sigmask = t->restore_mask ? t->saved_mask : t->blocked;
    f->uc.mc.regs[0] = r->pc;
    for (int i = 1; i < 32; i++)
        f->uc.mc.regs[i] = r->x[i];
    for (int i = 0; i < 32; i++)
        f->uc.mc.f[i] = r->f[i];
    f->uc.mc.fcsr = r->fcsr;
    uint64_t va = frame_address(t, &act, r->x[2]);
    if (linux_copy_out(p, va, f, sizeof *f))
        return false;
    t->restore_mask = false;
    r->x[1] = p->sigtramp;
    r->x[2] = va;
    r->x[10] = (uint64_t)sig;
    r->x[11] = va + __builtin_offsetof(struct linux_rt_sigframe, info);
    r->x[12] = va + __builtin_offsetof(struct linux_rt_sigframe, uc);
    r->pc = act.handler;
    t->blocked |= act.mask & ~UNBLOCKABLE;
    if (!(act.flags & LSA_NODEFER))
        t->blocked |= SIGBIT(sig);
    if (act.flags & LSA_RESETHAND) {
        lmutex_lock(&tree_lock);
        p->act[sig - 1].handler = LSIG_DFL;
        lmutex_unlock(&tree_lock);
    }
    return true;
}

/* The process dies of sig: its threads leave; this one now. */
static int64_t die(struct linux_thread *t, int sig)
{
    proc_exit(t->proc, sig & 0x7f);
    thread_leave(t);
    return LINUX_LEFT;
}

int64_t sig_deliver(struct linux_thread *t, struct vx_guest_regs *r, bool after_syscall,
                    uint64_t orig_a0)
{
    struct linux_proc *p = t->proc;
    bool restart = after_syscall && (int64_t)r->x[10] == -LERESTART;
    for (;;) {
        if (atomic_load(&p->exiting)) {
            thread_leave(t);
            return LINUX_LEFT;
        }
        if (!sig_deliverable(t))
            break;
        lmutex_lock(&tree_lock);
        struct linux_siginfo info;
        int sig = take_signal(t, &info);
        struct linux_sigaction act = sig ? p->act[sig - 1] : (struct linux_sigaction){0};
        lmutex_unlock(&tree_lock);
        if (!sig)
            break;
        if (sig == LSIGKILL || act.handler == LSIG_DFL) {
            if (sig == LSIGKILL || !default_ignores(sig))
                return die(t, sig);
            continue;
        }
        if (act.handler == LSIG_IGN)
            continue;
        /* A handler runs: settle the interrupted call first. */
        if (restart) {
            if (act.flags & LSA_RESTART) {
                r->pc -= 4;
                r->x[10] = orig_a0;
            } else {
                r->x[10] = (uint64_t)-LEINTR;
            }
            restart = false;
        }
        if (!push_frame(t, r, sig, &info))
            return die(t, LSIGSEGV);
        return 0;
    }
    if (restart) { /* nothing ran: the call goes on as if never interrupted */
        r->pc -= 4;
        r->x[10] = orig_a0;
    }
    if (t->restore_mask) {
        t->blocked = t->saved_mask;
        t->restore_mask = false;
    }
    return 0;
}

int64_t sig_fault(struct linux_thread *t, const struct vx_abi_trap *trap, struct vx_guest_regs *r)
{
    struct linux_proc *p = t->proc;
    int sig, code;
    switch (trap->fault) {
    case VX_FAULT_ILLEGAL:
        sig = LSIGILL, code = LILL_ILLOPC;
        break;
    case VX_FAULT_BREAKPOINT:
        sig = LSIGTRAP, code = LTRAP_BRKPT;
        break;
    case VX_FAULT_FETCH_MISALIGNED:
    case VX_FAULT_LOAD_MISALIGNED:
    case VX_FAULT_STORE_MISALIGNED:
        sig = LSIGBUS, code = LBUS_ADRALN;
        break;
    default: {
        /* Mapped but not allowed (a store to a read-only page) is ACCERR, else MAPERR. */
        uint8_t b;
        sig = LSIGSEGV;
        code = linux_copy_in(p, &b, trap->tval, 1) ? LSEGV_MAPERR : LSEGV_ACCERR;
        break;
    }
    }
    lmutex_lock(&tree_lock);
    struct linux_sigaction act = p->act[sig - 1];
    lmutex_unlock(&tree_lock);
    /* A fault with its signal blocked or not handled kills, as on Linux. */
    bool handled = act.handler != LSIG_DFL && act.handler != LSIG_IGN &&
                   !(t->blocked & SIGBIT(sig));
    if (!handled)
        return die(t, sig);
    struct linux_siginfo info = {.signo = sig, .code = code};
    info.u.fault.addr = trap->tval;
    if (!push_frame(t, r, sig, &info))
        return die(t, LSIGSEGV);
    return 0;
}

/* ---- the trampoline ----------------------------------------------------------------------- */

vx_status_t sig_map_trampoline(vx_handle_t as, uint64_t *va)
{
    /* li a7, 139 (rt_sigreturn); ecall */
    static const uint32_t code[2] = {0x08b00893u, 0x00000073u};
    vx_handle_t vmo;
    vx_status_t st = vx_vmo_create(LPAGE, 0, &vmo);
    if (st)
        return st;
    if (!(st = vx_vmo_write(vmo, code, 0, sizeof code)))
        st = vx_vm_map(as, vmo, 0, LPAGE, VX_VM_READ | VX_VM_EXEC, va);
    vx_handle_close(vmo);
    return st;
}

void sig_exec_reset(struct linux_proc *p)
{
    lmutex_lock(&tree_lock);
    for (int s = 0; s < LNSIG; s++) {
        struct linux_sigaction *a = &p->act[s];
        if (a->handler != LSIG_IGN)
            *a = (struct linux_sigaction){0};
        a->flags = 0;
        a->mask = 0;
    }
    lmutex_unlock(&tree_lock);
}

/* ---- the calls ---------------------------------------------------------------------------- */

int64_t lsys_rt_sigaction(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    uint64_t sig = a[0];
    if (a[3] != 8 || sig < 1 || sig > LNSIG)
        return -LEINVAL;
    struct linux_sigaction nact;
    if (a[1]) {
        if (sig == LSIGKILL || sig == LSIGSTOP)
            return -LEINVAL;
        if (linux_copy_in(p, &nact, a[1], sizeof nact))
            return -LEFAULT;
    }
    lmutex_lock(&tree_lock);
    struct linux_sigaction old = p->act[sig - 1];
    if (a[1]) {
        p->act[sig - 1] = nact;
        if (discarded(p, (int)sig)) { /* now ignored: pending ones go */
            atomic_fetch_and(&p->pending, ~SIGBIT(sig));
            atomic_fetch_and(&t->pending, ~SIGBIT(sig));
        }
    }
    lmutex_unlock(&tree_lock);
    if (a[2] && linux_copy_out(p, a[2], &old, sizeof old))
        return -LEFAULT;
    return 0;
}

int64_t lsys_rt_sigprocmask(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[3] != 8)
        return -LEINVAL;
    uint64_t old = t->blocked, set;
    if (a[1]) {
        if (linux_copy_in(p, &set, a[1], sizeof set))
            return -LEFAULT;
        switch (a[0]) {
        case LSIG_BLOCK:
            t->blocked |= set;
            break;
        case LSIG_UNBLOCK:
            t->blocked &= ~set;
            break;
        case LSIG_SETMASK:
            t->blocked = set;
            break;
        default:
            return -LEINVAL;
        }
        t->blocked &= ~UNBLOCKABLE;
    }
    if (a[2] && linux_copy_out(p, a[2], &old, sizeof old)) {
        t->blocked = old;
        return -LEFAULT;
    }
    return 0;
}

int64_t lsys_rt_sigpending(struct linux_thread *t, const uint64_t *a)
{
    if (a[1] != 8)
        return -LEINVAL;
    uint64_t pend = (atomic_load(&t->pending) | atomic_load(&t->proc->pending)) & t->blocked;
    return linux_copy_out(t->proc, a[0], &pend, sizeof pend);
}

int64_t lsys_rt_sigsuspend(struct linux_thread *t, const uint64_t *a)
{
    if (a[1] != 8)
        return -LEINVAL;
    uint64_t mask;
    if (linux_copy_in(t->proc, &mask, a[0], sizeof mask))
        return -LEFAULT;
    t->saved_mask = t->blocked;
    t->restore_mask = true;
    t->blocked = mask & ~UNBLOCKABLE;
    for (;;) {
        uint32_t seen = atomic_load(&t->sleep_word);
        if (lsleep(t, &t->sleep_word, seen, 0) == -LEINTR)
            return -LEINTR;
    }
}

int64_t lsys_rt_sigreturn(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    struct vx_guest_regs *r = t->regs;
    struct linux_ucontext uc;
    uint64_t frame = r->x[2];
    if (linux_copy_in(p, &uc, frame + __builtin_offsetof(struct linux_rt_sigframe, uc),
                      sizeof uc))
        return die(t, LSIGSEGV);
    r->pc = uc.mc.regs[0];
    for (int i = 1; i < 32; i++)
        r->x[i] = uc.mc.regs[i];
    for (int i = 0; i < 32; i++)
        r->f[i] = uc.mc.f[i];
    r->fcsr = uc.mc.fcsr;
    t->blocked = uc.sigmask & ~UNBLOCKABLE;
    return (int64_t)r->x[10]; /* the trap writes a0 back: the value it had */
}

int64_t lsys_sigaltstack(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    struct linux_stack old = t->altstack;
    uint64_t sp = t->regs->x[2];
    bool on = !(old.flags & LSS_DISABLE) && sp > old.sp && sp <= old.sp + old.size;
    if (a[0]) {
        struct linux_stack ns;
        if (linux_copy_in(p, &ns, a[0], sizeof ns))
            return -LEFAULT;
        if (on)
            return -LEPERM;
        if (ns.flags != 0 && ns.flags != LSS_DISABLE && ns.flags != LSS_ONSTACK)
            return -LEINVAL;
        if (ns.flags == LSS_DISABLE) {
            ns = (struct linux_stack){.flags = LSS_DISABLE};
        } else {
            if (ns.size < LMINSIGSTKSZ)
                return -LENOMEM;
            ns.flags = 0;
        }
        t->altstack = ns;
    }
    if (a[1]) {
        old.flags = (old.flags & LSS_DISABLE) ? LSS_DISABLE : on ? LSS_ONSTACK : 0;
        if (linux_copy_out(p, a[1], &old, sizeof old))
            return -LEFAULT;
    }
    return 0;
}

/* rt_sigqueueinfo(pid, sig, info) and rt_tgsigqueueinfo(tgid, tid, sig, info): a signal with
 * the caller's siginfo; a process may not pretend to be the kernel (si_code >= 0). */
static int64_t queue_info(struct linux_thread *t, uint64_t sig, uint64_t va,
                          struct linux_siginfo *si)
{
    if (sig < 1 || sig > LNSIG)
        return -LEINVAL;
    if (linux_copy_in(t->proc, si, va, sizeof *si))
        return -LEFAULT;
    if (si->code >= 0 || si->code == LSI_TKILL)
        return -LEPERM;
    si->signo = (int32_t)sig;
    return 0;
}

int64_t lsys_rt_sigqueueinfo(struct linux_thread *t, const uint64_t *a)
{
    struct linux_siginfo si;
    int64_t st = queue_info(t, a[1], a[2], &si);
    if (st)
        return st;
    lmutex_lock(&tree_lock);
    struct linux_proc *q = proc_by_pid((uint32_t)a[0]);
    if (q && atomic_load(&q->state) == LPROC_LIVE)
        sig_send_proc(q, &si);
    else
        st = -LESRCH;
    lmutex_unlock(&tree_lock);
    return st;
}

/* ---- the real-time interval timer (setitimer ITIMER_REAL, and so alarm) -------------------- */

void sig_timer_check(struct linux_proc *p)
{
    int64_t due = atomic_load(&p->alarm_at);
    if (!due || vx_clock_get() < due)
        return;
    lmutex_lock(&tree_lock);
    due = atomic_load(&p->alarm_at);
    int64_t now = vx_clock_get();
    if (due && now >= due) {
        int64_t next = 0;
        if (p->alarm_interval) { /* reload, skipping periods that passed unseen */
            next = due + p->alarm_interval;
            if (next <= now)
                next = now + p->alarm_interval - (now - due) % p->alarm_interval;
        }
        atomic_store(&p->alarm_at, next);
        struct linux_siginfo si = sig_info(LSIGALRM, LSI_KERNEL, 0);
        sig_send_proc(p, &si);
    }
    lmutex_unlock(&tree_lock);
}

struct linux_itimerval {
    struct linux_timeval interval, value;
};

/* A (checked, non-negative) timeval in nanoseconds; a huge one saturates. */
static int64_t tv_ns(const struct linux_timeval *tv)
{
    if (tv->tv_sec > INT64_MAX / 2000000000)
        return INT64_MAX / 2;
    return tv->tv_sec * 1000000000 + tv->tv_usec * 1000;
}

static struct linux_timeval ns_tv(int64_t ns)
{
    /* a timer that is running never reads as zero: round up to the microsecond */
    return (struct linux_timeval){ns / 1000000000, (ns % 1000000000 + 999) / 1000};
}

static void itimer_now(struct linux_proc *p, struct linux_itimerval *v)
{
    int64_t due = atomic_load(&p->alarm_at), now = vx_clock_get();
    v->interval = ns_tv(p->alarm_interval);
    v->value = ns_tv(due > now ? due - now : 0);
    if (v->value.tv_usec == 1000000) {
        v->value.tv_sec++;
        v->value.tv_usec = 0;
    }
}

#define LITIMER_REAL    0
#define LITIMER_VIRTUAL 1
#define LITIMER_PROF    2

int64_t lsys_getitimer(struct linux_thread *t, const uint64_t *a)
{
    struct linux_itimerval v = {0};
    if (a[0] > LITIMER_PROF)
        return -LEINVAL;
    if (a[0] == LITIMER_REAL) {
        lmutex_lock(&tree_lock);
        itimer_now(t->proc, &v);
        lmutex_unlock(&tree_lock);
    } /* the CPU-time timers are not kept: they read as stopped */
    return linux_copy_out(t->proc, a[1], &v, sizeof v);
}

int64_t lsys_setitimer(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[0] > LITIMER_PROF)
        return -LEINVAL;
    struct linux_itimerval nv = {0}, old = {0};
    if (a[1]) {
        if (linux_copy_in(p, &nv, a[1], sizeof nv))
            return -LEFAULT;
        if (nv.value.tv_sec < 0 || nv.value.tv_usec < 0 || nv.value.tv_usec >= 1000000 ||
            nv.interval.tv_sec < 0 || nv.interval.tv_usec < 0 || nv.interval.tv_usec >= 1000000)
            return -LEINVAL;
    }
    if (a[0] != LITIMER_REAL) /* CPU-time timers: accepted, never fire (no CPU accounting) */
        return a[2] ? linux_copy_out(p, a[2], &old, sizeof old) : 0;
    lmutex_lock(&tree_lock);
    itimer_now(p, &old);
    if (a[1]) {
        int64_t value = tv_ns(&nv.value);
        p->alarm_interval = value ? tv_ns(&nv.interval) : 0;
        atomic_store(&p->alarm_at, value ? vx_clock_get() + value : 0);
    }
    lmutex_unlock(&tree_lock);
    proc_wake_threads(p); /* sleepers take the new deadline into account */
    return a[2] ? linux_copy_out(p, a[2], &old, sizeof old) : 0;
}

/* rt_sigtimedwait(set, info, timeout, size): take a pending signal of `set` without running
 * its handler. */
int64_t lsys_rt_sigtimedwait(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if (a[3] != 8)
        return -LEINVAL;
    uint64_t set;
    if (linux_copy_in(p, &set, a[0], sizeof set))
        return -LEFAULT;
    set &= ~UNBLOCKABLE;
    int64_t deadline = 0;
    if (a[2]) {
        int64_t ns, st = linux_read_timespec(p, a[2], &ns);
        if (st)
            return st;
        deadline = vx_clock_get() + ns;
        if (deadline <= 0)
            deadline = 1;
    }
    /* The set's signals are waited for as if unblocked; others still interrupt. */
    uint64_t saved = t->blocked;
    for (;;) {
        sig_timer_check(p);
        lmutex_lock(&tree_lock);
        uint64_t pend = (atomic_load(&t->pending) | atomic_load(&p->pending)) & set;
        struct linux_siginfo info;
        int sig = 0;
        if (pend) {
            t->blocked = ~pend | UNBLOCKABLE; /* so take_signal picks one of these */
            t->blocked &= ~UNBLOCKABLE;
            sig = take_signal(t, &info);
            t->blocked = saved;
        }
        lmutex_unlock(&tree_lock);
        if (sig) {
            if (a[1] && linux_copy_out(p, a[1], &info, sizeof info))
                return -LEFAULT;
            return sig;
        }
        uint32_t seen = atomic_load(&t->sleep_word);
        t->blocked = saved & ~set;
        int64_t r = lsleep(t, &t->sleep_word, seen, deadline);
        t->blocked = saved;
        if (r == -LETIMEDOUT)
            return -LEAGAIN;
        if (r == -LEINTR) {
            lmutex_lock(&tree_lock);
            bool ours = ((atomic_load(&t->pending) | atomic_load(&p->pending)) & set) != 0;
            lmutex_unlock(&tree_lock);
            if (!ours)
                return -LEINTR;
        }
    }
}
