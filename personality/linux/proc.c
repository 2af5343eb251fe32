/*
 * linux/proc.c - processes and threads: the pools, starting a task, the start hook, clone
 * (threads and fork), exit, wait4, process groups and sessions (see internal.h).
 */
#include "lib/fmt.h"
#include "personality/linux/internal.h"
#include "personality/linux/vfiles.h"
#include "vx/console.h"

struct lmutex tree_lock;
static struct linux_proc procs[LINUX_PROCS_MAX];
static struct linux_thread threads[LINUX_THREADS_MAX];
static _Atomic uint32_t next_pid = LINUX_PID_FIRST;

size_t linux_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void str_copy(char *dst, const char *src, size_t cap)
{
    size_t n = linux_strlen(src);
    if (n >= cap)
        n = cap - 1;
    __builtin_memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The last part of a path: a task's and a process's name. */
const char *linux_base_name(const char *path)
{
    const char *b = path;
    for (const char *s = path; *s; s++)
        if (*s == '/' && s[1])
            b = s + 1;
    return b;
}

void proc_set_cmdline(struct linux_proc *p, const char *strings, size_t len, uint32_t argc)
{
    size_t n = 0;
    for (uint32_t i = 0; i < argc && n < len; i++)
        n += linux_strlen(strings + n) + 1;
    if (n > LINUX_CMDLINE_MAX)
        n = LINUX_CMDLINE_MAX;
    __builtin_memcpy(p->cmdline, strings, n);
    p->cmdline_len = (uint32_t)n;
}

/* ---- pools ------------------------------------------------------------------------------- */

struct linux_proc *proc_alloc(void)
{
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++) {
        uint32_t free_state = LPROC_FREE;
        struct linux_proc *p = &procs[i];
        if (!atomic_compare_exchange_strong(&p->state, &free_state, LPROC_LIVE))
            continue;
        p->lock = (struct lmutex){0};
        p->parent = NULL;
        p->pid = p->pgid = p->sid = atomic_fetch_add(&next_pid, 1);
        p->wstatus = 0;
        p->wait_report = p->waited_by_starter = p->vfork_done = false;
        atomic_store(&p->exiting, false);
            for (int s = 0; s < LNSIG; s++) {
            p->act[s] = (struct linux_sigaction){0};
        }
        atomic_store(&p->pending, 0);
        atomic_store(&p->threads, 0);
        atomic_store(&p->alarm_at, 0);
        p->alarm_interval = 0;
        p->nice = 0;
        p->pdeathsig = 0;
        p->task = p->as = p->job = p->console = p->bootfs = p->exe_vmo = VX_HANDLE_INVALID;
        p->root = p->cwd = VX_HANDLE_INVALID;
        p->cwd_token = 0;
        __builtin_memcpy(p->cwd_path, "/", 2);
        p->umask = 022;
        linux_rlimit_init(p);
        p->brk_lo = p->brk = p->sigtramp = 0;
        p->name[0] = p->exe[0] = '\0';
        p->cmdline_len = 0;
        p->start_time = vx_clock_get();
        for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
            p->fd[fd] = NULL;
            p->fdh[fd] = 0;
            p->cloexec[fd] = false;
        }
        for (size_t w = 0; w < sizeof p->enosys_seen / sizeof p->enosys_seen[0]; w++)
            p->enosys_seen[w] = 0;
        return p;
    }
    return NULL;
}

void proc_free(struct linux_proc *p)
{
    atomic_store(&p->state, LPROC_FREE);
}

struct linux_thread *thread_alloc(struct linux_proc *p)
{
    for (uint32_t i = 0; i < LINUX_THREADS_MAX; i++) {
        bool taken = false;
        struct linux_thread *t = &threads[i];
        if (!atomic_compare_exchange_strong(&t->used, &taken, true))
            continue;
        t->proc = p;
        /* The first thread's tid is the pid; later ones draw from the same numbers. */
        t->tid = atomic_load(&p->threads) == 0 ? p->pid : atomic_fetch_add(&next_pid, 1);
        t->clear_child_tid = 0;
        __builtin_memcpy(t->name, p->name, sizeof t->name);
        atomic_store(&t->sleeping_on, NULL);
        atomic_store(&t->pending, 0);
        t->blocked = t->saved_mask = 0;
        t->restore_mask = false;
        t->altstack = (struct linux_stack){.flags = LSS_DISABLE};
        t->first = t->has_start = false;
        t->fx_queued = t->fx_woken = false;
        t->fx_next = t->fx_prev = NULL;
        atomic_fetch_add(&p->threads, 1);
        return t;
    }
    return NULL;
}

void thread_free(struct linux_thread *t)
{
    atomic_store(&t->used, false);
}

struct linux_proc *proc_by_pid(uint32_t pid)
{
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++)
        if (atomic_load(&procs[i].state) != LPROC_FREE && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

void proc_wake_threads(struct linux_proc *p)
{
    for (uint32_t i = 0; i < LINUX_THREADS_MAX; i++) {
        struct linux_thread *t = &threads[i];
        if (!atomic_load(&t->used) || t->proc != p)
            continue;
        _Atomic uint32_t *w = atomic_load(&t->sleeping_on);
        if (w)
            lwake(w);
    }
}

/* Under tree_lock: a thread of any process by tid. */
static struct linux_thread *thread_by_tid(uint32_t tid)
{
    for (uint32_t i = 0; i < LINUX_THREADS_MAX; i++)
        if (atomic_load(&threads[i].used) && threads[i].tid == tid)
            return &threads[i];
    return NULL;
}

/* ---- starting a task ----------------------------------------------------------------------- */

uint32_t thread_slot(const struct linux_thread *t)
{
    return (uint32_t)(t - threads);
}

static uint64_t thread_index(struct linux_thread *t)
{
    return thread_slot(t);
}

#define BOOT_HANDLES 8u /* as, task, job, console, bootfs, exe, root, cwd */
#define FD_BATCH     64u /* fd handles per extra bootstrap message */

/* The first bootstrap message: which of the BOOT_HANDLES come (mask), and how many messages
 * of fd handles follow ({fd numbers} + their handles). */
struct boot_head {
    uint32_t mask;
    uint32_t extra;
};

/* Send duplicates of src's fd handles on ch, FD_BATCH a message; the message count. */
static vx_status_t send_fd_handles(vx_handle_t ch, const struct linux_proc *src, uint32_t *count)
{
    uint16_t fds[FD_BATCH];
    vx_handle_t hs[FD_BATCH];
    uint32_t n = 0;
    *count = 0;
    for (uint32_t fd = 0; fd <= LINUX_FDS_MAX; fd++) {
        if (fd < LINUX_FDS_MAX && src->fd[fd] && src->fdh[fd]) {
            if (vx_handle_duplicate(src->fdh[fd], VX_RIGHTS_SAME, &hs[n])) {
                for (uint32_t k = 0; k < n; k++)
                    vx_handle_close(hs[k]);
                return VX_ENOMEM;
            }
            fds[n++] = (uint16_t)fd;
        }
        if (n == FD_BATCH || (fd == LINUX_FDS_MAX && n)) {
            vx_status_t st = vx_channel_write(ch, fds, n * sizeof fds[0], hs, n);
            if (st) {
                for (uint32_t k = 0; k < n; k++)
                    vx_handle_close(hs[k]);
                return st;
            }
            (*count)++;
            n = 0;
        }
    }
    return VX_OK;
}

vx_status_t proc_launch(struct linux_proc *p, vx_handle_t task, vx_handle_t as,
                        const struct proc_handles *h, struct linux_thread *first, uint64_t pc,
                        uint64_t sp)
{
    /* thread, our end, their end, then what the first message moves (BOOT_HANDLES) */
    vx_handle_t hs[3 + BOOT_HANDLES] = {0};
    hs[3] = as;
    const vx_handle_t from[BOOT_HANDLES] = {0, task, h->job, h->console, h->bootfs,
                                            h->exe_vmo, h->root, h->cwd};
    vx_status_t st;
    if ((st = vx_task_set_abi(task, linux_trap, p)) ||
        (st = vx_thread_create(task, "main", 4, &hs[0])) ||
        (st = vx_channel_create(0, &hs[1], &hs[2])))
        goto out;
    for (uint32_t i = 1; i < BOOT_HANDLES; i++)
        if (from[i] && (st = vx_handle_duplicate(from[i], VX_RIGHTS_SAME, &hs[3 + i])))
            goto out;
    struct boot_head head = {0, 0};
    vx_handle_t msg[BOOT_HANDLES];
    uint32_t n = 0;
    for (uint32_t i = 0; i < BOOT_HANDLES; i++)
        if (hs[3 + i]) {
            msg[n++] = hs[3 + i];
            head.mask |= 1u << i;
        }
    /* The fd handles go first, so the head can say how many messages they took. */
    if (h->files && (st = send_fd_handles(hs[1], h->files, &head.extra)))
        goto out;
    first->first = true;
    if ((st = vx_channel_write(hs[1], &head, sizeof head, msg, n)))
        goto out;
    for (uint32_t i = 0; i < BOOT_HANDLES; i++)
        hs[3 + i] = 0; /* moved */
    st = vx_task_start(task, hs[0], pc, sp, hs[2], thread_index(first) + 1);
    hs[2] = 0; /* moved, whatever happened */
out:
    for (uint32_t i = 0; i < 3 + BOOT_HANDLES; i++)
        if (hs[i])
            vx_handle_close(hs[i]);
    vx_handle_close(task);
    return st;
}

/* The first thread of a task takes its handles from the bootstrap channel in a0: the fd
 * handles' messages, then the head. */
static bool take_bootstrap(struct linux_proc *p, vx_handle_t boot)
{
    uint16_t fds[FD_BATCH];
    vx_handle_t hs[FD_BATCH];
    uint32_t actual[2];
    bool ok = true;
    for (;;) {
        vx_status_t st = vx_channel_read(boot, fds, hs, sizeof fds, FD_BATCH, actual);
        if (st) {
            ok = false;
            break;
        }
        if (actual[0] == sizeof(struct boot_head) && actual[1] <= BOOT_HANDLES) {
            struct boot_head head;
            __builtin_memcpy(&head, fds, sizeof head);
            vx_handle_t *slots[BOOT_HANDLES] = {&p->as,     &p->task,    &p->job,  &p->console,
                                                &p->bootfs, &p->exe_vmo, &p->root, &p->cwd};
            uint32_t k = 0;
            for (uint32_t i = 0; i < BOOT_HANDLES; i++)
                *slots[i] = (head.mask & (1u << i)) && k < actual[1] ? hs[k++] : VX_HANDLE_INVALID;
            ok = k == actual[1] && (head.mask & 7) == 7;
            break;
        }
        /* fd handles */
        if (actual[0] != actual[1] * sizeof fds[0]) {
            ok = false;
            break;
        }
        for (uint32_t k = 0; k < actual[1]; k++) {
            /* (after an execve the old values belong to the old task's table: replace them) */
            if (fds[k] < LINUX_FDS_MAX && p->fd[fds[k]])
                p->fdh[fds[k]] = hs[k];
            else
                vx_handle_close(hs[k]);
        }
    }
    vx_handle_close(boot);
    return ok;
}

struct linux_thread *proc_thread_start(struct linux_proc *p, struct vx_guest_regs *r)
{
    uint64_t idx = r->x[11];
    if (idx == 0 || idx > LINUX_THREADS_MAX)
        return NULL;
    struct linux_thread *t = &threads[idx - 1];
    if (!atomic_load(&t->used) || t->proc != p)
        return NULL;
    if (t->first && !take_bootstrap(p, (vx_handle_t)r->x[10]))
        return NULL;
    if (t->has_start)
        *r = t->start_regs;
    else
        r->x[10] = r->x[11] = 0; /* Linux starts a program with a0 = 0: no exit hook */
    return t;
}

/* ---- leaving ------------------------------------------------------------------------------ */

void proc_exit(struct linux_proc *p, int32_t wstatus)
{
    lmutex_lock(&tree_lock);
    if (!atomic_load(&p->exiting)) {
        p->wstatus = wstatus;
        atomic_store(&p->exiting, true);
    }
    lmutex_unlock(&tree_lock);
    proc_wake_threads(p);
}

/* SIGCHLD's disposition says the parent does not want zombies. */
static bool parent_ignores_children(struct linux_proc *parent)
{
    const struct linux_sigaction *a = &parent->act[LSIGCHLD - 1];
    return a->handler == LSIG_IGN || (a->flags & LSA_NOCLDWAIT);
}

/* The last thread of p is gone: p becomes a zombie for its parent (or is freed). */
void proc_finish(struct linux_proc *p)
{
    fd_close_all(p, false);
    lmutex_lock(&tree_lock);
    int32_t ws = p->wstatus;
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++) {
        struct linux_proc *c = &procs[i];
        if (atomic_load(&c->state) == LPROC_FREE || c->parent != p)
            continue;
        c->parent = NULL; /* orphans are reaped by no one: freed when they end */
        if (atomic_load(&c->state) == LPROC_ZOMBIE) {
            proc_free(c);
        } else if (c->pdeathsig) {
            struct linux_siginfo si = sig_info(c->pdeathsig, LSI_USER, p->pid);
            sig_send_proc(c, &si);
        }
    }
    struct linux_proc *parent = p->parent;
    p->vfork_done = true;
    if (parent && parent_ignores_children(parent)) {
        lwake(&parent->child_seq);
        proc_free(p);
    } else if (parent || p->waited_by_starter) {
        if (parent) {
            struct linux_siginfo si = sig_info(LSIGCHLD, (ws & 0x7f) ? LCLD_KILLED : LCLD_EXITED,
                                               p->pid);
            si.u.chld.status = (ws & 0x7f) ? ws & 0x7f : (ws >> 8) & 0xff;
            sig_send_proc(parent, &si);
            lwake(&parent->child_seq);
        }
        atomic_store(&p->state, LPROC_ZOMBIE);
        lwake(&p->state_seq);
    } else {
        proc_free(p);
    }
    lmutex_unlock(&tree_lock);
    /* p may be gone now: only the status computed above is used. */
    int64_t code = (ws & 0x7f) ? 128 + (ws & 0x7f) : (ws >> 8) & 0xff;
    vx_task_exit(code);
}

void thread_leave(struct linux_thread *t)
{
    struct linux_proc *p = t->proc;
    if (t->clear_child_tid && !atomic_load(&p->exiting)) {
        uint32_t zero = 0;
        if (!linux_copy_out(p, t->clear_child_tid, &zero, sizeof zero))
            futex_wake_addr(p, t->clear_child_tid, 1, LFUTEX_BITSET_MATCH_ANY);
    }
    thread_free(t);
    if (atomic_fetch_sub(&p->threads, 1) == 1) {
        proc_finish(p);
        return;
    }
    lwake(&p->state_seq); /* an execve may be waiting for the others to go */
    vx_thread_exit();
}

int64_t lsys_exit(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    lmutex_lock(&tree_lock);
    if (!atomic_load(&p->exiting))
        p->wstatus = (int32_t)((a[0] & 0xff) << 8); /* if it is the last thread */
    lmutex_unlock(&tree_lock);
    thread_leave(t);
    return LINUX_LEFT;
}

int64_t lsys_exit_group(struct linux_thread *t, const uint64_t *a)
{
    proc_exit(t->proc, (int32_t)((a[0] & 0xff) << 8));
    thread_leave(t);
    return LINUX_LEFT;
}

/* ---- clone --------------------------------------------------------------------------------- */

static int64_t clone_thread(struct linux_thread *t, const uint64_t *a, const struct vx_guest_regs *r)
{
    struct linux_proc *p = t->proc;
    uint64_t flags = a[0];
    if (!(flags & LCLONE_SIGHAND) || !(flags & LCLONE_VM))
        return -LEINVAL;
    struct linux_thread *c = thread_alloc(p);
    if (!c)
        return -LEAGAIN;
    c->start_regs = *r;
    c->start_regs.x[10] = 0;
    if (a[1])
        c->start_regs.x[2] = a[1];
    if (flags & LCLONE_SETTLS)
        c->start_regs.x[4] = a[3];
    c->has_start = true;
    c->blocked = t->blocked;
    __builtin_memcpy(c->name, t->name, sizeof c->name);
    if (flags & LCLONE_CHILD_CLEARTID)
        c->clear_child_tid = a[4];
    uint32_t tid = c->tid;
    int64_t st = 0;
    if ((flags & LCLONE_PARENT_SETTID) && (st = linux_copy_out(p, a[2], &tid, sizeof tid)))
        goto fail;
    if ((flags & LCLONE_CHILD_SETTID) && (st = linux_copy_out(p, a[4], &tid, sizeof tid)))
        goto fail;
    vx_handle_t th;
    char name[16];
    int n = vx_snprintf(name, sizeof name, "tid%u", tid);
    if (vx_thread_create(p->task, name, (size_t)n, &th)) {
        st = -LEAGAIN;
        goto fail;
    }
    vx_status_t vs = vx_thread_start(th, r->pc, c->start_regs.x[2], 0, thread_index(c) + 1);
    vx_handle_close(th);
    if (vs) {
        st = -LEAGAIN;
        goto fail;
    }
    return tid;
fail:
    thread_free(c);
    atomic_fetch_sub(&p->threads, 1);
    return st;
}

static int64_t clone_process(struct linux_thread *t, const uint64_t *a, const struct vx_guest_regs *r)
{
    struct linux_proc *p = t->proc;
    uint64_t flags = a[0];
    struct linux_proc *c = proc_alloc();
    if (!c)
        return -LEAGAIN;
    struct linux_thread *ct = thread_alloc(c);
    if (!ct) {
        proc_free(c);
        return -LEAGAIN;
    }
    ct->start_regs = *r;
    ct->start_regs.x[10] = 0;
    if (a[1])
        ct->start_regs.x[2] = a[1];
    if (flags & LCLONE_SETTLS)
        ct->start_regs.x[4] = a[3];
    ct->has_start = true;
    ct->blocked = t->blocked;
    ct->altstack = t->altstack;
    if (flags & LCLONE_CHILD_CLEARTID)
        ct->clear_child_tid = a[4];

    lmutex_lock(&p->lock);
    c->umask = p->umask;
    for (uint32_t i = 0; i < LRLIM_NLIMITS; i++)
        c->rlim[i] = p->rlim[i];
    c->brk_lo = p->brk_lo;
    c->brk = p->brk;
    c->sigtramp = p->sigtramp;
    __builtin_memcpy(c->name, t->name, sizeof c->name); /* the forking thread's comm */
    __builtin_memcpy(ct->name, t->name, sizeof ct->name);
    __builtin_memcpy(c->exe, p->exe, sizeof c->exe);
    __builtin_memcpy(c->cmdline, p->cmdline, p->cmdline_len);
    c->cmdline_len = p->cmdline_len;
    lmutex_unlock(&p->lock);

    vx_handle_t task = 0, as = 0;
    vx_status_t vs;
    if ((vs = vx_task_create(p->job, c->name, linux_strlen(c->name), &task, &as)) ||
        (vs = vx_vm_fork(p->as, as))) {
        if (task) {
            vx_handle_close(task);
            vx_handle_close(as);
        }
        thread_free(ct);
        proc_free(c);
        return vs == VX_ELIMIT || vs == VX_ENOMEM ? -LENOMEM : -LEAGAIN;
    }
    uint32_t pid = c->pid;
    if (flags & LCLONE_CHILD_SETTID)
        vx_vm_copy(as, a[4], &pid, sizeof pid, VX_VM_WRITE);
    if ((flags & LCLONE_PARENT_SETTID) && linux_copy_out(p, a[2], &pid, sizeof pid)) {
        vx_handle_close(task);
        vx_handle_close(as);
        thread_free(ct);
        proc_free(c);
        return -LEFAULT;
    }
    fd_fork(p, c);

    lmutex_lock(&tree_lock);
    c->parent = (flags & LCLONE_PARENT) && p->parent ? p->parent : p;
    c->pgid = p->pgid;
    c->sid = p->sid;
    c->nice = p->nice;
    for (int s = 0; s < LNSIG; s++)
        c->act[s] = p->act[s];
    lmutex_unlock(&tree_lock);

    struct proc_handles h = {p->job, p->console, p->bootfs, p->exe_vmo, p->root, p->cwd, p};
    lmutex_lock(&p->lock); /* the fd table must not change while its handles are copied */
    __builtin_memcpy(c->cwd_path, p->cwd_path, sizeof c->cwd_path);
    c->cwd_token = p->cwd_token;
    vs = proc_launch(c, task, as, &h, ct, r->pc, r->x[2]);
    lmutex_unlock(&p->lock);
    if (vs) {
        /* Never ran: take it out of the tree again. */
        fd_close_all(c, false);
        lmutex_lock(&tree_lock);
        thread_free(ct);
        proc_free(c);
        lmutex_unlock(&tree_lock);
        return -LEAGAIN;
    }
    if (flags & LCLONE_VFORK) {
        /* The parent waits until the child has exec'd or exited. */
        for (;;) {
            lmutex_lock(&tree_lock);
            uint32_t seen = atomic_load(&p->child_seq);
            struct linux_proc *cc = proc_by_pid(pid);
            bool done = !cc || cc->vfork_done;
            lmutex_unlock(&tree_lock);
            if (done || lsleep(t, &p->child_seq, seen, 0))
                break;
        }
    }
    return pid;
}

int64_t lsys_clone(struct linux_thread *t, const uint64_t *a)
{
    const struct vx_guest_regs *r = t->regs; /* clone needs them all */
    uint64_t flags = a[0];
    if ((flags & LCLONE_THREAD) && !(flags & LCLONE_SIGHAND))
        return -LEINVAL;
    if ((flags & LCLONE_SIGHAND) && !(flags & LCLONE_VM))
        return -LEINVAL;
    if (flags & LCLONE_THREAD)
        return clone_thread(t, a, r);
    /* A new process. CLONE_VM without CLONE_THREAD (posix_spawn's vfork) gets a copy of
     * the memory instead of a share: the child only execs or exits. */
    return clone_process(t, a, r);
}

/* ---- wait ---------------------------------------------------------------------------------- */

/* Does child c match wait4's pid argument for parent p? */
static bool wait_matches(struct linux_proc *p, struct linux_proc *c, int64_t pid)
{
    if (pid > 0)
        return c->pid == (uint32_t)pid;
    if (pid == 0)
        return c->pgid == p->pgid;
    if (pid == -1)
        return true;
    return c->pgid == (uint32_t)-pid;
}

/* Find a child to report (tree_lock held): 1 found (*out, *ws), 0 none ready, -ECHILD. */
static int find_child(struct linux_proc *p, int64_t pid, uint64_t options, struct linux_proc **out)
{
    bool any = false;
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++) {
        struct linux_proc *c = &procs[i];
        uint32_t state = atomic_load(&c->state);
        if (state == LPROC_FREE || c->parent != p || !wait_matches(p, c, pid))
            continue;
        any = true;
        if (state == LPROC_ZOMBIE && (options & LWEXITED)) {
            *out = c;
            return 1;
        }
        if (c->wait_report && (options & (LWUNTRACED | LWCONTINUED))) {
            *out = c;
            return 1;
        }
    }
    return any ? 0 : -LECHILD;
}

/* The common part of wait4 and waitid: a child's pid and status, or 0 (WNOHANG), -errno. */
static int64_t wait_child(struct linux_thread *t, int64_t pid, uint64_t options, int32_t *ws,
                          uint64_t status_va)
{
    struct linux_proc *p = t->proc;
    for (;;) {
        lmutex_lock(&tree_lock);
        uint32_t seen = atomic_load(&p->child_seq);
        struct linux_proc *c = NULL;
        int found = find_child(p, pid, options, &c);
        if (found == 1) {
            *ws = c->wstatus;
            uint32_t cpid = c->pid;
            /* Check the status word is writable before the child is gone. */
            int32_t probe;
            if (status_va && (linux_copy_in(p, &probe, status_va, 4) ||
                              linux_copy_out(p, status_va, ws, 4))) {
                lmutex_unlock(&tree_lock);
                return -LEFAULT;
            }
            if (!(options & LWNOWAIT)) {
                if (atomic_load(&c->state) == LPROC_ZOMBIE)
                    proc_free(c);
                else
                    c->wait_report = false;
            }
            lmutex_unlock(&tree_lock);
            return cpid;
        }
        lmutex_unlock(&tree_lock);
        if (found < 0)
            return found;
        if (options & LWNOHANG)
            return 0;
        if (lsleep(t, &p->child_seq, seen, 0) == -LEINTR)
            return -LERESTART;
    }
}

int64_t lsys_wait4(struct linux_thread *t, const uint64_t *a)
{
    uint64_t options = (uint32_t)a[2]; /* an int in Linux */
    if (options & ~(uint64_t)(LWNOHANG | LWUNTRACED | LWCONTINUED | L__WALL | L__WCLONE))
        return -LEINVAL;
    if ((int64_t)a[0] == INT32_MIN)
        return -LESRCH;
    int32_t ws;
    int64_t r = wait_child(t, (int32_t)a[0], options | LWEXITED, &ws, a[1]);
    if (r > 0 && a[3]) {
        struct linux_rusage ru = {0};
        if (linux_copy_out(t->proc, a[3], &ru, sizeof ru))
            return -LEFAULT;
    }
    return r;
}

int64_t lsys_waitid(struct linux_thread *t, const uint64_t *a)
{
    uint64_t idtype = a[0], options = (uint32_t)a[3]; /* an int in Linux */
    if (options & ~(uint64_t)(LWNOHANG | LWUNTRACED | LWEXITED | LWCONTINUED | LWNOWAIT |
                              L__WALL | L__WCLONE) ||
        !(options & (LWEXITED | LWUNTRACED | LWCONTINUED)))
        return -LEINVAL;
    int64_t pid;
    if (idtype == LP_ALL)
        pid = -1;
    else if (idtype == LP_PID && (int32_t)a[1] > 0)
        pid = (int32_t)a[1];
    else if (idtype == LP_PGID && (int32_t)a[1] >= 0)
        pid = a[1] ? -(int64_t)(int32_t)a[1] : 0;
    else
        return -LEINVAL;
    int32_t ws = 0;
    int64_t r = wait_child(t, pid, options, &ws, 0);
    if (r < 0)
        return r;
    if (a[2]) {
        struct linux_siginfo si = {0};
        if (r > 0) {
            si.signo = LSIGCHLD;
            si.u.chld.pid = (int32_t)r;
            if ((ws & 0x7f) == 0) {
                si.code = LCLD_EXITED;
                si.u.chld.status = (ws >> 8) & 0xff;
            } else if ((ws & 0xff) == 0x7f) {
                si.code = LCLD_STOPPED;
                si.u.chld.status = (ws >> 8) & 0xff;
            } else if (ws == 0xffff) {
                si.code = LCLD_CONTINUED;
                si.u.chld.status = LSIGCONT;
            } else {
                si.code = LCLD_KILLED;
                si.u.chld.status = ws & 0x7f;
            }
        }
        if (linux_copy_out(t->proc, a[2], &si, sizeof si))
            return -LEFAULT;
    }
    return 0;
}

/* ---- identity, groups, sessions ------------------------------------------------------------- */

int64_t lsys_getppid(struct linux_thread *t, const uint64_t *a)
{
    lmutex_lock(&tree_lock);
    struct linux_proc *parent = t->proc->parent;
    int64_t ppid = parent ? parent->pid : 1; /* orphans and the first process: init's */
    lmutex_unlock(&tree_lock);
    return ppid;
}

int64_t lsys_gettid(struct linux_thread *t, const uint64_t *a)
{
    return t->tid;
}

int64_t lsys_set_tid_address(struct linux_thread *t, const uint64_t *a)
{
    t->clear_child_tid = a[0];
    return t->tid;
}

int64_t lsys_getpgid(struct linux_thread *t, const uint64_t *a)
{
    lmutex_lock(&tree_lock);
    struct linux_proc *q = a[0] ? proc_by_pid((uint32_t)a[0]) : t->proc;
    int64_t r = q && atomic_load(&q->state) == LPROC_LIVE ? (int64_t)q->pgid : -LESRCH;
    lmutex_unlock(&tree_lock);
    return r;
}

int64_t lsys_getsid(struct linux_thread *t, const uint64_t *a)
{
    lmutex_lock(&tree_lock);
    struct linux_proc *q = a[0] ? proc_by_pid((uint32_t)a[0]) : t->proc;
    int64_t r = q && atomic_load(&q->state) == LPROC_LIVE ? (int64_t)q->sid : -LESRCH;
    lmutex_unlock(&tree_lock);
    return r;
}

int64_t lsys_setpgid(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    if ((int64_t)(int32_t)a[1] < 0)
        return -LEINVAL;
    lmutex_lock(&tree_lock);
    int64_t r = 0;
    struct linux_proc *q = a[0] ? proc_by_pid((uint32_t)a[0]) : p;
    uint32_t pgid = a[1] ? (uint32_t)a[1] : (q ? q->pid : 0);
    if (!q || (q != p && q->parent != p) || atomic_load(&q->state) != LPROC_LIVE) {
        r = -LESRCH;
    } else if (q->sid != p->sid || q->pid == q->sid) {
        r = -LEPERM; /* another session, or a session leader */
    } else if (pgid != q->pid) {
        /* Joining a group: it must exist in the same session. */
        bool ok = false;
        for (uint32_t i = 0; i < LINUX_PROCS_MAX && !ok; i++)
            ok = atomic_load(&procs[i].state) == LPROC_LIVE && procs[i].pgid == pgid &&
                 procs[i].sid == p->sid;
        if (!ok)
            r = -LEPERM;
    }
    if (!r)
        q->pgid = pgid;
    lmutex_unlock(&tree_lock);
    return r;
}

int64_t lsys_setsid(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    lmutex_lock(&tree_lock);
    int64_t r = p->pid;
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++)
        if (atomic_load(&procs[i].state) == LPROC_LIVE && procs[i].pgid == p->pid)
            r = -LEPERM; /* already a group leader (its own group exists) */
    if (r > 0)
        p->pgid = p->sid = p->pid;
    lmutex_unlock(&tree_lock);
    return r;
}

int64_t lsys_prctl(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    char name[LINUX_NAME_MAX];
    switch (a[0]) {
    case LPR_SET_NAME: {
        int64_t n = linux_copy_str(p, name, a[1], sizeof name);
        if (n == -LENAMETOOLONG) { /* longer names are cut, not refused */
            if (linux_copy_in(p, name, a[1], sizeof name - 1))
                return -LEFAULT;
            name[sizeof name - 1] = '\0';
        } else if (n < 0) {
            return n;
        }
        lmutex_lock(&p->lock);
        str_copy(t->name, name, sizeof t->name);
        if (t->tid == p->pid) /* the main thread's comm is the process's */
            str_copy(p->name, name, sizeof p->name);
        lmutex_unlock(&p->lock);
        return 0;
    }
    case LPR_GET_NAME:
        lmutex_lock(&p->lock);
        __builtin_memcpy(name, t->name, sizeof name);
        lmutex_unlock(&p->lock);
        return linux_copy_out(p, a[1], name, sizeof name);
    case LPR_GET_DUMPABLE:
        return 1;
    case LPR_SET_PDEATHSIG:
        if (a[1] > LNSIG)
            return -LEINVAL;
        lmutex_lock(&tree_lock);
        p->pdeathsig = (int32_t)a[1];
        lmutex_unlock(&tree_lock);
        return 0;
    case LPR_GET_PDEATHSIG: {
        lmutex_lock(&tree_lock);
        int32_t sig = p->pdeathsig;
        lmutex_unlock(&tree_lock);
        return linux_copy_out(p, a[1], &sig, sizeof sig);
    }
    default:
        return -LEINVAL;
    }
}

/* ---- signals to processes and threads -------------------------------------------------------- */

static int64_t check_sig(uint64_t sig)
{
    return sig > LNSIG ? -LEINVAL : 0;
}

int64_t lsys_kill(struct linux_thread *t, const uint64_t *a)
{
    int64_t pid = (int32_t)a[0];
    int sig = (int)a[1];
    if (check_sig(a[1]))
        return -LEINVAL;
    struct linux_proc *self = t->proc;
    lmutex_lock(&tree_lock);
    int64_t found = 0;
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++) {
        struct linux_proc *q = &procs[i];
        if (atomic_load(&q->state) != LPROC_LIVE)
            continue;
        bool hit = pid > 0    ? q->pid == (uint32_t)pid
                   : pid == 0 ? q->pgid == self->pgid
                   : pid == -1 ? q != self
                               : q->pgid == (uint32_t)-pid;
        if (!hit)
            continue;
        found++;
        struct linux_siginfo si = sig_info(sig, LSI_USER, self->pid);
        if (sig)
            sig_send_proc(q, &si);
    }
    lmutex_unlock(&tree_lock);
    return found ? 0 : -LESRCH;
}

static int64_t kill_thread(struct linux_thread *t, int64_t tgid, int64_t tid, uint64_t sig)
{
    if (tid <= 0 || (tgid != -1 && tgid <= 0) || check_sig(sig))
        return -LEINVAL;
    lmutex_lock(&tree_lock);
    struct linux_thread *target = thread_by_tid((uint32_t)tid);
    int64_t r = 0;
    if (!target || (tgid != -1 && target->proc->pid != (uint32_t)tgid) ||
        atomic_load(&target->proc->state) != LPROC_LIVE)
        r = -LESRCH;
    else if (sig) {
        struct linux_siginfo si = sig_info((int)sig, LSI_TKILL, t->proc->pid);
        sig_send_thread(target, &si);
    }
    lmutex_unlock(&tree_lock);
    return r;
}

int64_t lsys_tkill(struct linux_thread *t, const uint64_t *a)
{
    return kill_thread(t, -1, (int32_t)a[0], a[1]);
}

int64_t lsys_tgkill(struct linux_thread *t, const uint64_t *a)
{
    return kill_thread(t, (int32_t)a[0], (int32_t)a[1], a[2]);
}

/* ---- starting a program from a system task (linux.h) ---------------------------------------- */

vx_status_t linux_start(const struct linux_start *s, struct linux_proc **out)
{
    struct linux_proc *p = proc_alloc();
    if (!p)
        return VX_ELIMIT;
    struct linux_thread *t = thread_alloc(p);
    if (!t) {
        proc_free(p);
        return VX_ELIMIT;
    }
    str_copy(p->exe, s->path, sizeof p->exe);
    str_copy(p->name, linux_base_name(s->path), sizeof p->name);
    __builtin_memcpy(t->name, p->name, sizeof t->name);
    p->waited_by_starter = true;
    proc_set_cmdline(p, s->strings, s->strings_len, s->argc);
    vx_handle_t task = 0, as = 0;
    struct vx_elf_info info;
    vx_status_t st;
    if ((st = vx_task_create(s->job, p->name, linux_strlen(p->name), &task, &as)) ||
        (st = vx_elf_load(as, s->elf, s->strings, s->strings_len, s->argc, &info)) ||
        (st = sig_map_trampoline(as, &p->sigtramp))) {
        if (task) {
            vx_handle_close(task);
            vx_handle_close(as);
        }
        goto fail;
    }
    p->brk_lo = p->brk = info.end;
    /* Standard input reads, output and error write, each to the console device. */
    static const uint32_t flags[3] = {LO_RDWR, LO_WRONLY, LO_WRONLY};
    for (int fd = 0; fd < 3; fd++) {
        struct lfile *f = lfile_new(LFILE_CONSOLE);
        if (!f) {
            fd_close_all(p, false);
            vx_handle_close(task);
            vx_handle_close(as);
            st = VX_ELIMIT;
            goto fail;
        }
        atomic_store(&f->flags, flags[fd]);
        f->stream = fd == 2 ? VX_CONSOLE_ERR : VX_CONSOLE_OUT;
        fd_install(p, f, (uint32_t)fd, false);
    }
    struct proc_handles h = {s->job, s->console, s->bootfs, s->elf, s->root, s->root, NULL};
    p->cwd_path[0] = '/';
    p->cwd_path[1] = '\0';
    if ((st = proc_launch(p, task, as, &h, t, info.entry, info.sp))) {
        fd_close_all(p, false);
        goto fail;
    }
    *out = p;
    return VX_OK;
fail:
    thread_free(t);
    proc_free(p);
    return st;
}

int linux_wait(struct linux_proc *p)
{
    for (;;) {
        uint32_t seen = atomic_load(&p->state_seq);
        if (atomic_load(&p->state) == LPROC_ZOMBIE)
            break;
        vx_futex_wait((const uint32_t *)&p->state_seq, seen, 0);
    }
    int32_t ws = p->wstatus;
    return (ws & 0x7f) ? 128 + (ws & 0x7f) : (ws >> 8) & 0xff;
}

void linux_release(struct linux_proc *p)
{
    lmutex_lock(&tree_lock);
    proc_free(p);
    lmutex_unlock(&tree_lock);
}

/* ---- iterators for /proc (vfiles.h) ------------------------------------------------------ */

void proc_for_each(void (*fn)(struct linux_proc *p, void *arg), void *arg)
{
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++)
        if (atomic_load(&procs[i].state) != LPROC_FREE)
            fn(&procs[i], arg);
}

void proc_for_each_thread(struct linux_proc *p, void (*fn)(struct linux_thread *t, void *arg),
                          void *arg)
{
    for (uint32_t i = 0; i < LINUX_THREADS_MAX; i++)
        if (atomic_load(&threads[i].used) && threads[i].proc == p)
            fn(&threads[i], arg);
}

uint32_t proc_last_pid(void)
{
    return atomic_load(&next_pid) - 1;
}

/* getpriority / setpriority for PRIO_PROCESS (0): the nice value is kept and reported (the
 * scheduler does not use it yet); groups and users (1, 2) name only processes here too. */
static struct linux_proc *prio_target(struct linux_thread *t, uint64_t which, uint64_t who)
{
    if (which > 2)
        return NULL;
    if (which == 0)
        return who ? proc_by_pid((uint32_t)who) : t->proc;
    return t->proc; /* a group or user: the caller stands for it */
}

int64_t lsys_getpriority(struct linux_thread *t, const uint64_t *a)
{
    if (a[0] > 2)
        return -LEINVAL;
    lmutex_lock(&tree_lock);
    struct linux_proc *q = prio_target(t, a[0], a[1]);
    int64_t r = q && atomic_load(&q->state) == LPROC_LIVE ? 20 - q->nice : -LESRCH;
    lmutex_unlock(&tree_lock);
    return r; /* the kernel's form: 40..1 for nice -20..19 */
}

int64_t lsys_setpriority(struct linux_thread *t, const uint64_t *a)
{
    if (a[0] > 2)
        return -LEINVAL;
    int64_t nice = (int32_t)a[2];
    nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
    lmutex_lock(&tree_lock);
    struct linux_proc *q = prio_target(t, a[0], a[1]);
    int64_t r = 0;
    if (!q || atomic_load(&q->state) != LPROC_LIVE)
        r = -LESRCH;
    else
        q->nice = (int32_t)nice;
    lmutex_unlock(&tree_lock);
    return r;
}

bool linux_tid_exists(uint32_t tid)
{
    lmutex_lock(&tree_lock);
    struct linux_thread *t = thread_by_tid(tid);
    bool live = t && atomic_load(&t->proc->state) == LPROC_LIVE;
    lmutex_unlock(&tree_lock);
    return live;
}
