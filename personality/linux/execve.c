/*
 * linux/execve.c - execve: replace the process's program, keeping its pid, files and parent.
 *
 * A task's address space cannot be swapped, so the new program gets a new task: its ELF is
 * loaded into a fresh address space first (a failure leaves the caller running, with the
 * error), then the process's other threads are made to leave, close-on-exec files close,
 * handled signals reset, and the new task starts with the same linux_proc; the calling
 * thread ends the old task. The parent sees one process throughout.
 *
 * Programs come from the boot image (the vfs server will be the source once it exists), or
 * from the process's own program for /proc/self/exe. "#!" scripts run their interpreter
 * (one level), with the script's path as its argument.
 */
#include "personality/linux/internal.h"

#define EXEC_STRINGS_MAX (256u * 1024u) /* argv and envp bytes: Linux allows more */
#define EXEC_ARGS_MAX    8192u
#define SHEBANG_MAX      256u

/* One exec at a time builds its argument block here (the personality has no heap). */
static struct lmutex exec_lock;
static char exec_strings[EXEC_STRINGS_MAX];


/* Append the guest's NULL-terminated string array at va to exec_strings at *off. */
static int64_t copy_strv(struct linux_proc *p, uint64_t va, size_t *off, uint32_t *count,
                         uint32_t skip)
{
    if (!va)
        return 0;
    for (uint32_t i = 0;; i++) {
        if (i >= EXEC_ARGS_MAX)
            return -LE2BIG;
        uint64_t ptr;
        if (linux_copy_in(p, &ptr, va + 8ull * i, sizeof ptr))
            return -LEFAULT;
        if (!ptr)
            return 0;
        if (i < skip)
            continue;
        if (*off >= EXEC_STRINGS_MAX)
            return -LE2BIG;
        int64_t n = linux_copy_str(p, exec_strings + *off, ptr, EXEC_STRINGS_MAX - *off);
        if (n == -LENAMETOOLONG)
            return -LE2BIG;
        if (n < 0)
            return n;
        *off += (size_t)n + 1;
        (*count)++;
    }
}

static int64_t push_str(size_t *off, const char *s)
{
    size_t n = linux_strlen(s) + 1;
    if (n > EXEC_STRINGS_MAX - *off)
        return -LE2BIG;
    __builtin_memcpy(exec_strings + *off, s, n);
    *off += n;
    return 0;
}

static int64_t vx_to_errno(vx_status_t st)
{
    switch (st) {
    case VX_ENOENT:
        return -LENOENT;
    case VX_ENOMEM:
    case VX_ELIMIT:
        return -LENOMEM;
    case VX_EINVAL:
    case VX_ENOTSUP:
        return -LENOEXEC;
    default:
        return -LEACCES;
    }
}

/* The VMO of the program at path: from the file system, or the boot image without one. */
static int64_t open_program(struct linux_thread *t, const char *path, vx_handle_t *out)
{
    struct linux_proc *p = t->proc;
    if (!__builtin_strcmp(path, "/proc/self/exe")) {
        if (p->exe_vmo && !vx_handle_duplicate(p->exe_vmo, VX_RIGHTS_SAME, out))
            return 0;
    }
    if (p->root) {
        int64_t st = fs_load_program(t, path, out);
        /* A program given by the host (vaelix exec ./prog) is not in the file system. */
        if (st == -LENOENT && !__builtin_strcmp(path, p->exe) && p->exe_vmo &&
            !vx_handle_duplicate(p->exe_vmo, VX_RIGHTS_SAME, out))
            return 0;
        return st;
    }
    if (!p->bootfs)
        return -LENOENT;
    while (*path == '/')
        path++;
    size_t n = linux_strlen(path);
    if (!n)
        return -LEACCES;
    vx_status_t st = vx_bootfs_open(p->bootfs, path, n, out);
    if (st)
        return vx_to_errno(st);
    /* A directory opens as its listing: not a program. */
    char head[4];
    if (vx_vmo_read(*out, head, 0, sizeof head)) {
        vx_handle_close(*out);
        return -LEACCES;
    }
    return 0;
}

/* If the file starts with "#!", parse interpreter and optional argument into interp/arg. */
static bool shebang(vx_handle_t vmo, char *interp, char *arg)
{
    char line[SHEBANG_MAX];
    if (vx_vmo_read(vmo, line, 0, sizeof line) || line[0] != '#' || line[1] != '!')
        return false;
    size_t i = 2, k = 0;
    while (i < sizeof line && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (i < sizeof line && line[i] && line[i] != ' ' && line[i] != '\t' && line[i] != '\n')
        interp[k++] = line[i++];
    interp[k] = '\0';
    while (i < sizeof line && (line[i] == ' ' || line[i] == '\t'))
        i++;
    k = 0;
    while (i < sizeof line && line[i] && line[i] != '\n')
        arg[k++] = line[i++];
    while (k && (arg[k - 1] == ' ' || arg[k - 1] == '\t'))
        k--;
    arg[k] = '\0';
    return interp[0] != '\0';
}


/* Build the new task with the program loaded; 0 or -errno. exec_lock held. */
static int64_t load(struct linux_thread *t, const uint64_t *a, char *path, vx_handle_t *task,
                    vx_handle_t *as, struct vx_elf_info *info, uint64_t *tramp)
{
    struct linux_proc *p = t->proc;
    vx_handle_t vmo;
    int64_t st = open_program(t, path, &vmo);
    if (st)
        return st;
    size_t off = 0;
    uint32_t argc = 0, envc = 0;
    char interp[SHEBANG_MAX], iarg[SHEBANG_MAX];
    if (shebang(vmo, interp, iarg)) {
        vx_handle_close(vmo);
        if ((st = open_program(t, interp, &vmo)))
            return st;
        if ((st = push_str(&off, interp)) || (iarg[0] && (st = push_str(&off, iarg))) ||
            (st = push_str(&off, path))) {
            vx_handle_close(vmo);
            return st;
        }
        argc = iarg[0] ? 3 : 2;
        /* The script's own argv[0] is replaced by its path. */
        if ((st = copy_strv(p, a[1], &off, &argc, 1))) {
            vx_handle_close(vmo);
            return st;
        }
        __builtin_memcpy(path, interp, linux_strlen(interp) + 1);
    } else if ((st = copy_strv(p, a[1], &off, &argc, 0))) {
        vx_handle_close(vmo);
        return st;
    }
    if ((st = copy_strv(p, a[2], &off, &envc, 0))) {
        vx_handle_close(vmo);
        return st;
    }
    const char *name = linux_base_name(path);
    vx_status_t vs;
    *task = *as = 0;
    if ((vs = vx_task_create(p->job, name, linux_strlen(name), task, as)) ||
        (vs = vx_elf_load(*as, vmo, exec_strings, off, argc, info)) ||
        (vs = sig_map_trampoline(*as, tramp))) {
        if (*task) {
            vx_handle_close(*task);
            vx_handle_close(*as);
        }
        vx_handle_close(vmo);
        return vx_to_errno(vs);
    }
    lmutex_lock(&p->lock);
    proc_set_cmdline(p, exec_strings, off, argc);
    lmutex_unlock(&p->lock);
    /* The process's program from now on: for /proc/self/exe and later execs. */
    if (p->exe_vmo)
        vx_handle_close(p->exe_vmo);
    p->exe_vmo = vmo;
    return 0;
}

/* Make every other thread of p leave, and wait until they have. */
static void others_leave(struct linux_thread *t)
{
    struct linux_proc *p = t->proc;
    if (atomic_load(&p->threads) == 1)
        return;
    atomic_store(&p->exiting, true);
    proc_wake_threads(p);
    while (atomic_load(&p->threads) > 1) {
        uint32_t seen = atomic_load(&p->state_seq);
        if (atomic_load(&p->threads) > 1)
            vx_futex_wait((const uint32_t *)&p->state_seq, seen, vx_clock_get() + 10000000);
    }
    atomic_store(&p->exiting, false);
}

int64_t lsys_execve(struct linux_thread *t, const uint64_t *a)
{
    struct linux_proc *p = t->proc;
    char path[LINUX_PATH_MAX];
    int64_t st = linux_copy_str(p, path, a[0], sizeof path);
    if (st < 0)
        return st;
    if (!path[0])
        return -LENOENT;
    vx_handle_t task, as;
    struct vx_elf_info info;
    uint64_t tramp;
    lmutex_lock(&exec_lock);
    st = load(t, a, path, &task, &as, &info, &tramp);
    lmutex_unlock(&exec_lock);
    if (st)
        return st;

    /* No way back from here. */
    others_leave(t);
    struct linux_thread *nt = thread_alloc(p);
    if (!nt) { /* cannot happen: this thread's slot is still ours, and it is freed below */
        vx_handle_close(task);
        vx_handle_close(as);
        proc_exit(p, LSIGKILL);
        thread_leave(t);
        return LINUX_LEFT;
    }
    nt->tid = p->pid;
    nt->blocked = t->blocked;
    fd_close_all(p, true);
    sig_exec_reset(p);
    lmutex_lock(&p->lock);
    p->brk_lo = p->brk = info.end;
    p->sigtramp = tramp;
    __builtin_memcpy(p->exe, path, sizeof path);
    const char *name = linux_base_name(path);
    size_t n = linux_strlen(name) < LINUX_NAME_MAX - 1 ? linux_strlen(name) : LINUX_NAME_MAX - 1;
    __builtin_memcpy(p->name, name, n);
    p->name[n] = '\0';
    __builtin_memcpy(nt->name, p->name, sizeof nt->name);
    lmutex_unlock(&p->lock);

    struct proc_handles h = {p->job, p->console, p->bootfs, p->exe_vmo, p->root, p->cwd, p};
    lmutex_lock(&tree_lock);
    p->vfork_done = true;
    if (p->parent)
        lwake(&p->parent->child_seq);
    lmutex_unlock(&tree_lock);
    if (proc_launch(p, task, as, &h, nt, info.entry, info.sp)) {
        /* The old image is gone already: the process dies as Linux's would. */
        thread_free(nt);
        atomic_fetch_sub(&p->threads, 1);
        proc_exit(p, LSIGKILL);
        thread_leave(t);
        return LINUX_LEFT;
    }
    /* The old task ends. Two records are counted (ours and the new thread's), so this is
     * the process's last thread only if the new program has already come and gone: then
     * this thread finishes the process for it. */
    thread_free(t);
    if (atomic_fetch_sub(&p->threads, 1) == 1)
        proc_finish(p);
    else
        vx_task_exit(0);
    return LINUX_LEFT;
}
