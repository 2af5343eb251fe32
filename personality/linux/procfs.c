/*
 * linux/procfs.c - /proc: which paths exist, snapshots of the processes, links and listings
 * (vfiles.h). The text of each file is procfs_fmt.c's.
 *
 * A path resolves to a node: the root, a top-level entry (meminfo, self...), a process's
 * directory, one of its entries, or one of its fds. Existence is checked under tree_lock at
 * each call; a process can be gone by the next one (-LENOENT then, as on Linux).
 *
 * Inode numbers come from the node, so they stay put while the process lives: the root 1,
 * top-level entries INO_TOP + index, a process's directory pid << 16, its entries
 * (pid << 16) | (1 + index), its fds (pid << 16) | INO_FD | fd; under task/<tid>/ the base is
 * (tid << 16) | INO_TASK instead. Pids start at 1000, so the ranges never meet.
 */
#include "lib/fmt.h"
#include "personality/linux/internal.h"
#include "personality/linux/procfs_fmt.h"
#include "personality/linux/vfiles.h"

#define PROCFS_CPUS         2u             /* no public call gives the vCPU count yet */
#define PROCFS_MEM_TOTAL_KB (256u * 1024u) /* no call gives memory's size: sysinfo's figure */
#define PAGE_KB             4u
#define NS_PER_SEC          1000000000ull
#define NS_PER_TICK         (NS_PER_SEC / PROCFS_HZ)
#define NAME_MAX_LEN        31u /* longest component any /proc name has, and more */
#define RLIMIT_RSS          5   /* asm-generic resource numbers abi.h lacks */
#define RLIMIT_SIGPENDING   11
#define INO_ROOT            1u
#define INO_TOP             0x100u
#define INO_PID_SHIFT       16
#define INO_FD              0x8000u
#define INO_TASK            0x4000u
#define LINK_TARGET_MAX     (LINUX_PATH_MAX + 32u)


enum pkind { PK_FILE, PK_LINK, PK_DIR };

struct pentry {
    const char *name;
    uint8_t kind;  /* enum pkind */
    uint16_t mode; /* permission bits */
};

/* The top level, in listing order (indexes are the TOP_* values). */
enum {
    TOP_SELF,
    TOP_THREAD_SELF,
    TOP_CPUINFO,
    TOP_FILESYSTEMS,
    TOP_LOADAVG,
    TOP_MEMINFO,
    TOP_MOUNTS,
    TOP_STAT,
    TOP_UPTIME,
    TOP_VERSION,
    TOP_COUNT
};
static const struct pentry top_entries[TOP_COUNT] = {
    [TOP_SELF] = {"self", PK_LINK, 0777},       [TOP_THREAD_SELF] = {"thread-self", PK_LINK, 0777},
    [TOP_CPUINFO] = {"cpuinfo", PK_FILE, 0444}, [TOP_FILESYSTEMS] = {"filesystems", PK_FILE, 0444},
    [TOP_LOADAVG] = {"loadavg", PK_FILE, 0444}, [TOP_MEMINFO] = {"meminfo", PK_FILE, 0444},
    [TOP_MOUNTS] = {"mounts", PK_FILE, 0444},   [TOP_STAT] = {"stat", PK_FILE, 0444},
    [TOP_UPTIME] = {"uptime", PK_FILE, 0444},   [TOP_VERSION] = {"version", PK_FILE, 0444},
};

/* A process's directory, in listing order. */
enum {
    PID_CMDLINE,
    PID_COMM,
    PID_CWD,
    PID_ENVIRON,
    PID_EXE,
    PID_FD,
    PID_MAPS,
    PID_MOUNTINFO,
    PID_MOUNTS,
    PID_ROOT,
    PID_STAT,
    PID_STATM,
    PID_STATUS,
    PID_TASK,
    PID_COUNT
};
static const struct pentry pid_entries[PID_COUNT] = {
    [PID_CMDLINE] = {"cmdline", PK_FILE, 0444}, [PID_COMM] = {"comm", PK_FILE, 0644},
    [PID_CWD] = {"cwd", PK_LINK, 0777},         [PID_ENVIRON] = {"environ", PK_FILE, 0400},
    [PID_EXE] = {"exe", PK_LINK, 0777},         [PID_FD] = {"fd", PK_DIR, 0500},
    [PID_MAPS] = {"maps", PK_FILE, 0444},       [PID_MOUNTINFO] = {"mountinfo", PK_FILE, 0444},
    [PID_MOUNTS] = {"mounts", PK_FILE, 0444},   [PID_ROOT] = {"root", PK_LINK, 0777},
    [PID_STAT] = {"stat", PK_FILE, 0444},       [PID_STATM] = {"statm", PK_FILE, 0444},
    [PID_STATUS] = {"status", PK_FILE, 0444},   [PID_TASK] = {"task", PK_DIR, 0555},
};

enum nkind { N_ROOT, N_TOP, N_PID, N_PID_ENTRY, N_FD };

struct node {
    uint32_t kind; /* enum nkind */
    uint32_t what; /* N_TOP: TOP_*; N_PID_ENTRY: PID_* */
    uint32_t pid;
    uint32_t fd;
    uint32_t tid; /* under task/<tid>/: the thread (its entries are the process's); else 0 */
};

/* ---- small helpers ------------------------------------------------------------------------ */

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Copy n bytes of src into buf, cut at cap: how many. */
static int64_t copy_cut(char *buf, size_t cap, const char *src, size_t n)
{
    if (n > cap)
        n = cap;
    __builtin_memcpy(buf, src, n);
    return (int64_t)n;
}

/* A decimal number as Linux's name_to_int takes it: digits only, no leading zero. */
static bool parse_uint(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s || (s[0] == '0' && s[1]))
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* The next component of *s into name; *s moves past it. 0: none left; -1: too long. */
static int64_t next_name(const char **s, char *name, size_t cap)
{
    const char *p = *s;
    while (*p == '/')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != '/')
        n++;
    *s = p + n;
    if (n >= cap)
        return -1;
    __builtin_memcpy(name, p, n);
    name[n] = '\0';
    return (int64_t)n;
}

static bool only_slashes(const char *s)
{
    while (*s == '/')
        s++;
    return *s == '\0';
}

static int find_entry(const struct pentry *table, int count, const char *name)
{
    for (int i = 0; i < count; i++)
        if (str_eq(table[i].name, name))
            return i;
    return -1;
}

static bool pid_exists(uint32_t pid)
{
    lmutex_lock(&tree_lock);
    bool found = proc_by_pid(pid) != NULL;
    lmutex_unlock(&tree_lock);
    return found;
}

struct tid_find {
    uint32_t tid;
    bool found;
};

static void match_tid(struct linux_thread *th, void *arg)
{
    struct tid_find *f = arg;
    if (th->tid == f->tid)
        f->found = true;
}

static bool thread_exists(uint32_t pid, uint32_t tid)
{
    struct tid_find f = {.tid = tid};
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p)
        proc_for_each_thread(p, match_tid, &f);
    lmutex_unlock(&tree_lock);
    return f.found;
}

/* fd of process pid, with a reference (lfile_put it), or NULL. */
static struct lfile *fd_of(uint32_t pid, uint32_t fd)
{
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    struct lfile *f = p ? fd_get(p, fd) : NULL;
    lmutex_unlock(&tree_lock);
    return f;
}

/* ---- resolving a path --------------------------------------------------------------------- */

/* One step down from n by `name` (`last`: nothing follows it). */
static int64_t step(struct linux_thread *t, struct node *n, const char *name, bool last)
{
    uint32_t num;
    int i;
    switch (n->kind) {
    case N_ROOT:
        if (!last && (str_eq(name, "self") || str_eq(name, "thread-self"))) {
            /* followed inside a path: <pid>/ and <pid>/task/<tid>/ */
            bool thread = str_eq(name, "thread-self");
            *n = (struct node){.kind = N_PID, .pid = t->proc->pid, .tid = thread ? t->tid : 0};
            return 0;
        }
        if ((i = find_entry(top_entries, TOP_COUNT, name)) >= 0) {
            *n = (struct node){.kind = N_TOP, .what = (uint32_t)i};
            return 0;
        }
        if (parse_uint(name, &num) && pid_exists(num)) {
            *n = (struct node){.kind = N_PID, .pid = num};
            return 0;
        }
        return -LENOENT;
    case N_PID:
        if ((i = find_entry(pid_entries, PID_COUNT, name)) < 0 || (n->tid && i == PID_TASK))
            return -LENOENT;
        n->kind = N_PID_ENTRY;
        n->what = (uint32_t)i;
        return 0;
    case N_PID_ENTRY:
        if (n->what == PID_TASK) {
            if (!parse_uint(name, &num) || !thread_exists(n->pid, num))
                return -LENOENT;
            n->kind = N_PID;
            n->tid = num;
            return 0;
        }
        if (n->what != PID_FD)
            return -LENOTDIR;
        if (!parse_uint(name, &num) || num >= LINUX_FDS_MAX)
            return -LENOENT;
        struct lfile *f = fd_of(n->pid, num);
        if (!f)
            return -LENOENT;
        lfile_put(f);
        n->kind = N_FD;
        n->fd = num;
        return 0;
    default: /* a file or a link that is not followed */
        return -LENOTDIR;
    }
}

static int64_t resolve(struct linux_thread *t, const char *rest, struct node *n)
{
    *n = (struct node){.kind = N_ROOT};
    char name[NAME_MAX_LEN + 1];
    const char *s = rest;
    int64_t len;
    while ((len = next_name(&s, name, sizeof name)) != 0) {
        if (len < 0)
            return n->kind == N_TOP || n->kind == N_FD ? -LENOTDIR : -LENOENT;
        int64_t st = step(t, n, name, only_slashes(s));
        if (st)
            return st;
    }
    /* The process may have gone since the walk looked. */
    if (n->kind != N_ROOT && n->kind != N_TOP && !pid_exists(n->pid))
        return -LENOENT;
    return 0;
}

static const struct pentry *node_entry(const struct node *n)
{
    if (n->kind == N_TOP)
        return &top_entries[n->what];
    if (n->kind == N_PID_ENTRY)
        return &pid_entries[n->what];
    return NULL;
}

/* The inode base of a process's (or a task/<tid>/'s) things. */
static uint64_t node_base(const struct node *n)
{
    if (n->tid)
        return ((uint64_t)n->tid << INO_PID_SHIFT) | INO_TASK;
    return (uint64_t)n->pid << INO_PID_SHIFT;
}

static uint64_t node_ino(const struct node *n)
{
    uint64_t pid_base = node_base(n);
    switch (n->kind) {
    case N_TOP:
        return INO_TOP + n->what;
    case N_PID:
        return pid_base;
    case N_PID_ENTRY:
        return pid_base | (1u + n->what);
    case N_FD:
        return pid_base | INO_FD | n->fd;
    default:
        return INO_ROOT;
    }
}

/* ---- snapshots ---------------------------------------------------------------------------- */

struct thread_scan {
    struct linux_thread *caller;
    uint32_t leader_tid;
    uint32_t threads, running;
    uint64_t leader_pending, leader_blocked;
};

static void scan_thread(struct linux_thread *th, void *arg)
{
    struct thread_scan *sc = arg;
    sc->threads++;
    if (!atomic_load(&th->sleeping_on))
        sc->running++;
    if (th->tid == sc->leader_tid)
        sc->leader_pending = atomic_load(&th->pending);
    /* A thread changes its own mask without a lock: only the caller's is safe to read. */
    if (th == sc->caller && th->tid == sc->leader_tid)
        sc->leader_blocked = th->blocked;
}

/* Copy what /proc shows of process pid. Caller must hold tree_lock. */
static void snap_fill(struct linux_thread *t, struct linux_proc *p, struct procfs_task *out)
{
    *out = (struct procfs_task){0};
    out->pid = p->pid;
    out->ppid = p->parent ? p->parent->pid : 1; /* as getppid answers */
    out->pgid = p->pgid;
    out->sid = p->sid;
    bool zombie = atomic_load(&p->state) == LPROC_ZOMBIE;
    struct thread_scan sc = {.caller = t, .leader_tid = p->pid};
    if (!zombie)
        proc_for_each_thread(p, scan_thread, &sc);
    out->state = zombie ? 'Z' : sc.running ? 'R' : 'S';
    out->threads = atomic_load(&p->threads);
    out->exit_code = zombie ? p->wstatus : 0;
    out->sig_pending = sc.leader_pending;
    out->sig_blocked = sc.leader_blocked;
    out->shd_pending = atomic_load(&p->pending);
    for (int s = 0; s < LNSIG; s++) {
        if (p->act[s].handler == LSIG_IGN)
            out->sig_ignored |= 1ull << s;
        else if (p->act[s].handler != LSIG_DFL)
            out->sig_caught |= 1ull << s;
    }
    out->fd_size = LINUX_FDS_MAX;
    out->start_ticks = (uint64_t)p->start_time / NS_PER_TICK;
    lmutex_lock(&p->lock);
    __builtin_memcpy(out->comm, p->name, sizeof out->comm);
    out->comm[sizeof out->comm - 1] = '\0';
    out->umask = p->umask;
    out->sigq_limit = p->rlim[RLIMIT_SIGPENDING].cur;
    out->rss_limit = p->rlim[RLIMIT_RSS].cur;
    out->start_brk = p->brk_lo;
    out->brk = p->brk;
    lmutex_unlock(&p->lock);
}

static bool snap_task(struct linux_thread *t, uint32_t pid, struct procfs_task *out)
{
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p)
        snap_fill(t, p, out);
    lmutex_unlock(&tree_lock);
    return p != NULL;
}

static void count_thread(struct linux_thread *th, void *arg)
{
    struct procfs_sys *s = arg;
    s->threads++;
    if (!atomic_load(&th->sleeping_on))
        s->running++;
}

static void count_proc(struct linux_proc *p, void *arg)
{
    if (atomic_load(&p->state) == LPROC_LIVE)
        proc_for_each_thread(p, count_thread, arg);
}

static void snap_sys(struct procfs_sys *s)
{
    int64_t now = vx_clock_get();
    *s = (struct procfs_sys){.cpus = PROCFS_CPUS};
    s->uptime_ticks = (uint64_t)now / NS_PER_TICK;
    s->boot_time_sec = (uint64_t)(vx_clock_wall() - now) / NS_PER_SEC;
    lmutex_lock(&tree_lock);
    proc_for_each(count_proc, s);
    lmutex_unlock(&tree_lock);
    s->last_pid = proc_last_pid();
    s->forks = s->last_pid >= LINUX_PID_FIRST ? s->last_pid - LINUX_PID_FIRST + 1 : 0;
}

/* Memory's size is a fixed figure (PROCFS_MEM_TOTAL_KB); what is used is what the caller's
 * job has committed, when the job says. */
static void snap_mem(struct linux_thread *t, struct procfs_mem *m)
{
    struct vx_job_info info;
    uint64_t used_kb = 0;
    if (vx_job_get_info(t->proc->job, &info) == VX_OK)
        used_kb = info.used[VX_JOB_PAGES] * PAGE_KB;
    *m = (struct procfs_mem){.total_kb = PROCFS_MEM_TOTAL_KB};
    m->free_kb = used_kb < m->total_kb ? m->total_kb - used_kb : 0;
    m->available_kb = m->free_kb;
}

/* ---- reading ------------------------------------------------------------------------------ */

static int64_t read_top(struct linux_thread *t, uint32_t what, char *buf, size_t cap)
{
    struct procfs_sys s;
    struct procfs_mem m;
    switch (what) {
    case TOP_CPUINFO:
        return (int64_t)procfmt_cpuinfo(buf, cap, PROCFS_CPUS);
    case TOP_FILESYSTEMS:
        return (int64_t)procfmt_filesystems(buf, cap);
    case TOP_LOADAVG:
        snap_sys(&s);
        return (int64_t)procfmt_loadavg(buf, cap, &s);
    case TOP_MEMINFO:
        snap_mem(t, &m);
        return (int64_t)procfmt_meminfo(buf, cap, &m);
    case TOP_MOUNTS:
        return (int64_t)procfmt_mounts(buf, cap);
    case TOP_STAT:
        snap_sys(&s);
        return (int64_t)procfmt_sys_stat(buf, cap, &s);
    case TOP_UPTIME: {
        uint64_t now = (uint64_t)vx_clock_get();
        return (int64_t)procfmt_uptime(buf, cap, now, now * PROCFS_CPUS);
    }
    case TOP_VERSION:
        return (int64_t)procfmt_version(buf, cap);
    default:
        return -LEINVAL; /* self, thread-self: links */
    }
}

/* cmdline as stored (each argument NUL-terminated); a zombie's is empty, as on Linux. */
static int64_t read_cmdline(uint32_t pid, char *buf, size_t cap)
{
    int64_t n = -LENOENT;
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p && atomic_load(&p->state) == LPROC_ZOMBIE) {
        n = 0;
    } else if (p) {
        lmutex_lock(&p->lock);
        n = copy_cut(buf, cap, p->cmdline, p->cmdline_len);
        lmutex_unlock(&p->lock);
    }
    lmutex_unlock(&tree_lock);
    return n;
}

static int64_t read_pid_entry(struct linux_thread *t, const struct node *n, char *buf, size_t cap)
{
    struct procfs_task task;
    if (n->what == PID_CMDLINE)
        return read_cmdline(n->pid, buf, cap);
    if (!snap_task(t, n->pid, &task))
        return -LENOENT;
    switch (n->what) {
    case PID_COMM: {
        char line[PROCFS_COMM_MAX + 1];
        size_t len = str_len(task.comm);
        __builtin_memcpy(line, task.comm, len);
        line[len] = '\n';
        return copy_cut(buf, cap, line, len + 1);
    }
    case PID_ENVIRON: /* the environment is not kept yet */
    case PID_MAPS:    /* no call lists an address space's mappings yet: empty, documented */
        return 0;
    case PID_MOUNTINFO:
        return (int64_t)procfmt_mountinfo(buf, cap);
    case PID_MOUNTS:
        return (int64_t)procfmt_mounts(buf, cap);
    case PID_STAT:
        return (int64_t)procfmt_stat(buf, cap, &task);
    case PID_STATM:
        return (int64_t)procfmt_statm(buf, cap, &task);
    case PID_STATUS:
        return (int64_t)procfmt_status(buf, cap, &task);
    default:
        return -LEINVAL; /* cwd, exe, root: links; fd is a directory (caught before) */
    }
}

int64_t procfs_read(struct linux_thread *t, const char *rest, char *buf, size_t cap)
{
    struct node n;
    int64_t st = resolve(t, rest, &n);
    if (st)
        return st;
    const struct pentry *e = node_entry(&n);
    if (n.kind == N_ROOT || n.kind == N_PID || (e && e->kind == PK_DIR))
        return -LEISDIR;
    if (n.kind == N_FD || e->kind == PK_LINK)
        return -LEINVAL;
    return n.kind == N_TOP ? read_top(t, n.what, buf, cap) : read_pid_entry(t, &n, buf, cap);
}

/* ---- links -------------------------------------------------------------------------------- */

static int64_t fd_target(struct lfile *f, char *buf, size_t cap)
{
    char tmp[LINK_TARGET_MAX];
    int len;
    switch (f->kind) {
    case LFILE_CONSOLE:
        len = vx_snprintf(tmp, sizeof tmp, "/dev/console");
        break;
    case LFILE_PIPE_READ:
    case LFILE_PIPE_WRITE:
        /* the inode io.c's fstat gives a pipe */
        len = vx_snprintf(tmp, sizeof tmp, "pipe:[%lu]",
                          (unsigned long)(1000 + (uint64_t)(uintptr_t)f->pipe % 100000));
        break;
    default:
        return vfile_fd_target(f, buf, cap);
    }
    return copy_cut(buf, cap, tmp, (size_t)len);
}

static int64_t exe_target(uint32_t pid, char *buf, size_t cap)
{
    char exe[LINUX_PATH_MAX];
    exe[0] = '\0';
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p && atomic_load(&p->state) == LPROC_LIVE) {
        lmutex_lock(&p->lock);
        __builtin_memcpy(exe, p->exe, sizeof exe);
        lmutex_unlock(&p->lock);
    }
    lmutex_unlock(&tree_lock);
    exe[sizeof exe - 1] = '\0';
    if (!exe[0])
        return -LENOENT;
    return copy_cut(buf, cap, exe, str_len(exe));
}

static int64_t cwd_target(uint32_t pid, char *buf, size_t cap)
{
    int64_t n = -LENOENT;
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p && atomic_load(&p->state) == LPROC_LIVE)
        n = vfile_cwd(p, buf, cap);
    lmutex_unlock(&tree_lock);
    return n;
}

int64_t procfs_readlink(struct linux_thread *t, const char *rest, char *buf, size_t cap)
{
    struct node n;
    int64_t st = resolve(t, rest, &n);
    if (st)
        return st;
    char tmp[LINK_TARGET_MAX];
    int len;
    switch (n.kind) {
    case N_TOP:
        if (n.what == TOP_SELF)
            len = vx_snprintf(tmp, sizeof tmp, "%u", t->proc->pid);
        else if (n.what == TOP_THREAD_SELF)
            len = vx_snprintf(tmp, sizeof tmp, "%u/task/%u", t->proc->pid, t->tid);
        else
            return -LEINVAL;
        return copy_cut(buf, cap, tmp, (size_t)len);
    case N_PID_ENTRY:
        if (n.what == PID_EXE)
            return exe_target(n.pid, buf, cap);
        if (n.what == PID_CWD)
            return cwd_target(n.pid, buf, cap);
        if (n.what == PID_ROOT)
            return copy_cut(buf, cap, "/", 1);
        return -LEINVAL;
    case N_FD: {
        struct lfile *f = fd_of(n.pid, n.fd);
        if (!f)
            return -LENOENT;
        st = fd_target(f, buf, cap);
        lfile_put(f);
        return st;
    }
    default:
        return -LEINVAL;
    }
}

/* ---- stat --------------------------------------------------------------------------------- */

/* An fd's link shows how it is open: r-x for reading, -wx for writing (proc_fd_link). */
static uint32_t fd_link_mode(uint32_t pid, uint32_t fd)
{
    struct lfile *f = fd_of(pid, fd);
    if (!f)
        return 0;
    uint32_t acc = atomic_load(&f->flags) & 3u;
    lfile_put(f);
    return acc == 0 ? 0500u : acc == 1 ? 0300u : 0700u;
}

int64_t procfs_stat(struct linux_thread *t, const char *rest, struct vfile_stat *st)
{
    struct node n;
    int64_t r = resolve(t, rest, &n);
    if (r)
        return r;
    *st = (struct vfile_stat){.ino = node_ino(&n), .nlink = 1};
    const struct pentry *e = node_entry(&n);
    if (n.kind == N_ROOT || n.kind == N_PID) {
        st->mode = LS_IFDIR | 0555;
        st->nlink = 2;
    } else if (n.kind == N_FD) {
        st->mode = LS_IFLNK | fd_link_mode(n.pid, n.fd);
    } else if (e->kind == PK_DIR) {
        st->mode = LS_IFDIR | e->mode;
        st->nlink = 2;
    } else {
        st->mode = (e->kind == PK_LINK ? LS_IFLNK : LS_IFREG) | e->mode;
    }
    return 0;
}

/* ---- listing ------------------------------------------------------------------------------ */

static uint32_t dtype_of(const struct pentry *e)
{
    return e->kind == PK_DIR ? VFILE_DT_DIR : e->kind == PK_LINK ? VFILE_DT_LNK : VFILE_DT_REG;
}

static uint64_t task_dir_ino(uint32_t pid)
{
    return ((uint64_t)pid << INO_PID_SHIFT) | (1u + PID_TASK);
}

struct tid_list {
    uint32_t n;
    uint32_t tids[LINUX_THREADS_MAX];
};

static void collect_tid(struct linux_thread *th, void *arg)
{
    struct tid_list *l = arg;
    if (l->n < LINUX_THREADS_MAX)
        l->tids[l->n++] = th->tid;
}

static void sort_ids(uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        for (uint32_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            uint32_t x = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = x;
        }
}

static void list_tids(uint32_t pid, vfile_list_fn fn, void *arg)
{
    struct tid_list l = {0};
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p)
        proc_for_each_thread(p, collect_tid, &l);
    lmutex_unlock(&tree_lock);
    sort_ids(l.tids, l.n);
    for (uint32_t i = 0; i < l.n; i++) {
        char name[12];
        vx_snprintf(name, sizeof name, "%u", l.tids[i]);
        fn(name, VFILE_DT_DIR, ((uint64_t)l.tids[i] << INO_PID_SHIFT) | INO_TASK, arg);
    }
}

struct pid_list {
    uint32_t n;
    uint32_t pids[LINUX_PROCS_MAX];
};

static void collect_pid(struct linux_proc *p, void *arg)
{
    struct pid_list *l = arg;
    if (l->n < LINUX_PROCS_MAX)
        l->pids[l->n++] = p->pid;
}

static void list_root(vfile_list_fn fn, void *arg)
{
    for (uint32_t i = 0; i < TOP_COUNT; i++)
        fn(top_entries[i].name, dtype_of(&top_entries[i]), INO_TOP + i, arg);
    struct pid_list l = {0};
    lmutex_lock(&tree_lock);
    proc_for_each(collect_pid, &l);
    lmutex_unlock(&tree_lock);
    sort_ids(l.pids, l.n); /* pid order, as Linux lists them */
    for (uint32_t i = 0; i < l.n; i++) {
        char name[12];
        vx_snprintf(name, sizeof name, "%u", l.pids[i]);
        fn(name, VFILE_DT_DIR, (uint64_t)l.pids[i] << INO_PID_SHIFT, arg);
    }
}

static void list_fds(uint32_t pid, vfile_list_fn fn, void *arg)
{
    uint8_t open[LINUX_FDS_MAX];
    __builtin_memset(open, 0, sizeof open);
    lmutex_lock(&tree_lock);
    struct linux_proc *p = proc_by_pid(pid);
    if (p) {
        lmutex_lock(&p->lock);
        for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++)
            open[fd] = p->fd[fd] != NULL;
        lmutex_unlock(&p->lock);
    }
    lmutex_unlock(&tree_lock);
    for (uint32_t fd = 0; fd < LINUX_FDS_MAX; fd++) {
        if (!open[fd])
            continue;
        char name[12];
        vx_snprintf(name, sizeof name, "%u", fd);
        fn(name, VFILE_DT_LNK, ((uint64_t)pid << INO_PID_SHIFT) | INO_FD | fd, arg);
    }
}

int64_t procfs_list(struct linux_thread *t, const char *rest, vfile_list_fn fn, void *arg)
{
    struct node n;
    int64_t st = resolve(t, rest, &n);
    if (st)
        return st;
    uint64_t pid_base = node_base(&n);
    switch (n.kind) {
    case N_ROOT:
        fn(".", VFILE_DT_DIR, INO_ROOT, arg);
        fn("..", VFILE_DT_DIR, INO_ROOT, arg); /* the vfs's root: the caller knows its inode */
        list_root(fn, arg);
        return 0;
    case N_PID:
        fn(".", VFILE_DT_DIR, pid_base, arg);
        fn("..", VFILE_DT_DIR, n.tid ? task_dir_ino(n.pid) : INO_ROOT, arg);
        for (uint32_t i = 0; i < PID_COUNT; i++)
            if (!(n.tid && i == PID_TASK))
                fn(pid_entries[i].name, dtype_of(&pid_entries[i]), pid_base | (1u + i), arg);
        return 0;
    case N_PID_ENTRY:
        if (n.what == PID_TASK) {
            fn(".", VFILE_DT_DIR, task_dir_ino(n.pid), arg);
            fn("..", VFILE_DT_DIR, pid_base, arg);
            list_tids(n.pid, fn, arg);
            return 0;
        }
        if (n.what != PID_FD)
            return -LENOTDIR;
        fn(".", VFILE_DT_DIR, pid_base | (1u + PID_FD), arg);
        fn("..", VFILE_DT_DIR, pid_base, arg);
        list_fds(n.pid, fn, arg);
        return 0;
    default:
        return -LENOTDIR;
    }
}
