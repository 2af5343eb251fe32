/*
 * linux/proc.c - starting Linux processes and waiting for them (see linux.h).
 */
#include "personality/linux/internal.h"

static struct linux_proc procs[LINUX_PROCS_MAX];
static _Atomic uint32_t next_pid = LINUX_PID_FIRST;

static struct linux_proc *proc_new(void)
{
    for (uint32_t i = 0; i < LINUX_PROCS_MAX; i++) {
        bool free_slot = false;
        if (atomic_compare_exchange_strong(&procs[i].used, &free_slot, true)) {
            struct linux_proc *p = &procs[i];
            for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
                p->fd[fd] = NULL;
                p->cloexec[fd] = false;
            }
            for (size_t w = 0; w < sizeof p->enosys_seen / sizeof p->enosys_seen[0]; w++)
                p->enosys_seen[w] = 0;
            p->started = false;
            p->task = p->as = p->console = VX_HANDLE_INVALID;
            p->pid = atomic_fetch_add(&next_pid, 1);
            p->umask = 022;
            p->tid_address = 0;
            return p;
        }
    }
    return NULL;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* The task's name: the last part of the path. */
static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *s = path; *s; s++)
        if (*s == '/' && s[1])
            b = s + 1;
    return b;
}

vx_status_t linux_start(const struct linux_start *s, struct linux_proc **out)
{
    struct linux_proc *p = proc_new();
    if (!p)
        return VX_ELIMIT;
    size_t n = str_len(s->path);
    if (n >= LINUX_PATH_MAX)
        n = LINUX_PATH_MAX - 1;
    __builtin_memcpy(p->exe, s->path, n);
    p->exe[n] = '\0';

    /* task, as, thread, our end, their end, as and console for them */
    vx_handle_t h[7] = {0, 0, 0, 0, 0, 0, 0};
    struct vx_elf_info info;
    const char *name = base_name(s->path);
    vx_status_t st;
    if ((st = vx_task_create(s->job, name, str_len(name), &h[0], &h[1])) ||
        (st = vx_elf_load(h[1], s->elf, s->strings, s->strings_len, s->argc, &info)) ||
        (st = vx_thread_create(h[0], "main", 4, &h[2])) ||
        (st = vx_channel_create(0, &h[3], &h[4])) ||
        (st = vx_handle_duplicate(h[1], VX_RIGHTS_SAME, &h[5])) ||
        (st = vx_handle_duplicate(s->console, VX_RIGHTS_SAME, &h[6])) ||
        (st = vx_task_set_abi(h[0], linux_trap, p)))
        goto fail;
    p->brk_lo = p->brk = info.end;
    if ((st = vx_channel_write(h[3], "linux", 6, &h[5], 2)))
        goto fail;
    h[5] = h[6] = 0; /* moved */
    st = vx_task_start(h[0], h[2], info.entry, info.sp, h[4], 0);
    h[4] = 0; /* moved, whatever happened */
    if (st)
        goto fail;
    p->task = h[0];
    for (int i = 1; i < 7; i++)
        if (h[i])
            vx_handle_close(h[i]);
    *out = p;
    return VX_OK;
fail:
    for (int i = 0; i < 7; i++)
        if (h[i])
            vx_handle_close(h[i]);
    atomic_store(&p->used, false);
    return st;
}

/* Linux signal numbers a fault kills with. */
#define LSIGILL  4
#define LSIGTRAP 5
#define LSIGBUS  7
#define LSIGKILL 9
#define LSIGSEGV 11

static int fault_signal(int64_t cause)
{
    switch (cause) {
    case VX_FAULT_ILLEGAL:
        return LSIGILL;
    case VX_FAULT_BREAKPOINT:
        return LSIGTRAP;
    case VX_FAULT_FETCH_MISALIGNED:
    case VX_FAULT_LOAD_MISALIGNED:
    case VX_FAULT_STORE_MISALIGNED:
    case VX_FAULT_BUS:
        return LSIGBUS;
    default:
        return LSIGSEGV;
    }
}

int linux_wait(struct linux_proc *p)
{
    uint32_t observed;
    vx_status_t st;
    while ((st = vx_object_wait_one(p->task, VX_SIG_TERMINATED, 0, &observed)) == VX_ETIMEDOUT)
        ;
    struct vx_task_info info;
    if (st || vx_task_get_info(p->task, &info))
        return 128 + LSIGKILL;
    switch (info.reason) {
    case VX_TASK_EXITED:
        return (int)(info.exit_code & 0xff);
    case VX_TASK_FAULTED:
        return 128 + fault_signal(info.exit_code);
    default:
        return 128 + LSIGKILL;
    }
}

void linux_release(struct linux_proc *p)
{
    fd_close_all(p, true); /* the process's table, and the handles in it, are gone */
    vx_handle_close(p->task);
    atomic_store(&p->used, false);
}
