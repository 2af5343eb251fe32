/*
 * servers/gtest/gtest.c - the guest test runner: a system task that runs the guest test
 * programs of the boot image and reports each one's result. `vaelix run --init gtest` boots
 * into it; it powers the machine off with the number of failed programs as exit status.
 *
 * Each program gets the vxtest bootstrap (vx/spawn.h): its address space, its own ELF VMO and
 * a job for its children. A program passes when it exits with code 0 within the time limit.
 * After all of them, every job the runner made must be back to zero pages, tasks and threads
 * (what the tests used came back).
 *
 * First, before the programs, it checks fault isolation of system tasks: the builtins of
 * servers/fault fault on purpose (a store to a read-only page, a division by zero, a stack
 * overflow); each must end FAULTED with the right cause and address while the runner goes
 * on, and a builtin started after them (echo) must still work. Public API only.
 */
#include "servers/gtest/gtest.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/fmt.h"
#include "lib/string.h"
#include "servers/fault/fault.h"
#include "servers/serve/log.h"
#include "vx/service.h"
#include "vx/spawn.h"
#include "vx/syscall.h"

#define GTEST_TIMEOUT_NS 120000000000ll /* a program still running after 2 min has hung */
#define BUILTIN_WAIT_NS  30000000000ll  /* a fault builtin or echo not done after 30 s hung */
#define STACK_SPAN_MAX   (1u << 20)     /* larger than any kernel stack */

static const char *const programs[] = {"test/vx/vxtest"};

static const char *reason_name(uint32_t r)
{
    static const char *const names[] = {"running", "exited", "killed", "faulted"};
    return r < 4 ? names[r] : "?";
}

/* Run one program in a fresh child job of `parent`; true if it passed. */
static bool run_one(const struct vx_startup *s, vx_handle_t parent, const char *path)
{
    vx_handle_t elf, job, hs[2], task;
    vx_status_t st = vx_bootfs_open(s->bootfs, path, vx_strlen(path), &elf);
    if (st) {
        srv_logf("%s: not in the boot image (%d)", path, st);
        return false;
    }
    if ((st = vx_job_create(parent, &job)) || (st = vx_job_create(job, &hs[1])) ||
        (st = vx_handle_duplicate(elf, VX_RIGHTS_SAME, &hs[0]))) {
        srv_logf("%s: setup failed (%d)", path, st);
        return false;
    }
    const char *name = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            name = p + 1;
    char strings[64];
    size_t n = vx_strlen(name) + 1;
    vx_memcpy(strings, name, n);
    struct vx_spawn sp = {.job = job, .elf = elf, .name = name, .strings = strings,
                          .strings_len = n, .argc = 1, .msg = "boot", .msg_len = 4,
                          .handles = hs, .nhandles = 2};
    if ((st = vx_spawn(&sp, &task, NULL))) {
        srv_logf("%s: could not start (%d)", path, st);
        return false;
    }
    int64_t t0 = vx_clock_get();
    st = vx_object_wait_one(task, VX_SIG_TERMINATED, t0 + GTEST_TIMEOUT_NS, NULL);
    struct vx_task_info info;
    if (st) {
        vx_task_kill(task);
        vx_object_wait_one(task, VX_SIG_TERMINATED, vx_clock_get() + 5000000000ll, NULL);
    }
    vx_task_get_info(task, &info);
    vx_handle_close(task);
    vx_handle_close(elf);
    bool ok = !st && info.reason == 1 /* VX_TASK_EXITED */ && info.exit_code == 0;
    srv_logf("%s: %s (%s, code %lld, %lld ms)", path, ok ? "passed" : "FAILED",
        st ? "timed out" : reason_name(info.reason), (long long)info.exit_code,
        (long long)((vx_clock_get() - t0) / 1000000));
    struct vx_job_info ji;
    if (!vx_job_get_info(job, &ji) &&
        (ji.used[VX_JOB_PAGES] || ji.used[VX_JOB_TASKS] || ji.used[VX_JOB_THREADS])) {
        srv_logf("%s: FAILED: its job still holds %llu pages, %llu tasks, %llu threads", path,
            (unsigned long long)ji.used[VX_JOB_PAGES], (unsigned long long)ji.used[VX_JOB_TASKS],
            (unsigned long long)ji.used[VX_JOB_THREADS]);
        ok = false;
    }
    vx_handle_close(job);
    return ok;
}

/* ---- faults of system tasks -------------------------------------------------------------- */

/* Start builtin `name` in `job` with a bootstrap channel (our end in *boot) and the task
 * handle in *task. False (logged) if it could not be started. */
bool start_builtin(vx_handle_t job, const char *name, vx_handle_t *boot, vx_handle_t *task)
{
    vx_handle_t theirs;
    vx_status_t st = vx_channel_create(0, boot, &theirs);
    if (st == VX_OK) {
        st = vx_task_create_builtin(job, name, vx_strlen(name), theirs, task);
        if (st)
            vx_handle_close(*boot);
    }
    if (st)
        srv_logf("builtin %s: FAILED to start (%d)", name, st);
    return st == VX_OK;
}

/* Wait for task to end and close it; *info says how. False (logged) if it did not end. */
bool wait_builtin(const char *name, vx_handle_t task, struct vx_task_info *info)
{
    vx_status_t st =
        vx_object_wait_one(task, VX_SIG_TERMINATED, vx_clock_get() + BUILTIN_WAIT_NS, NULL);
    if (st) {
        srv_logf("builtin %s: FAILED: still running after %lld ms", name,
                 BUILTIN_WAIT_NS / 1000000);
        vx_task_kill(task);
    }
    vx_task_get_info(task, info);
    vx_handle_close(task);
    return st == VX_OK;
}

/* Run fault builtin `name`: it must end FAULTED with `cause`; `where` is what it wrote to its
 * bootstrap channel (fault-stack), 0 if nothing. False (logged) otherwise. */
static bool run_faulter(vx_handle_t job, const char *name, uint32_t cause,
                        struct vx_task_info *info, uint64_t *where)
{
    vx_handle_t boot, task;
    *where = 0;
    if (!start_builtin(job, name, &boot, &task))
        return false;
    bool ended = wait_builtin(name, task, info);
    uint32_t actual[2];
    vx_channel_read(boot, where, NULL, sizeof *where, 0, actual);
    vx_handle_close(boot);
    if (!ended)
        return false;
    if (info->reason != VX_TASK_FAULTED || (uint64_t)info->exit_code != cause) {
        srv_logf("builtin %s: FAILED: ended with reason %u, code %lld; wanted a fault, cause %u",
                 name, info->reason, (long long)info->exit_code, cause);
        return false;
    }
    return true;
}

/* Each fault builtin is killed as FAULTED with its cause and address. */
static bool check_faults(vx_handle_t job)
{
    struct vx_task_info info;
    uint64_t where;
    bool ok = true;

    if (run_faulter(job, "fault-write", VX_FAULT_STORE_PAGE, &info, &where)) {
        bool good = info.fault_addr == (uint64_t)(uintptr_t)fault_readonly && info.fault_pc;
        srv_logf("fault-write: %s (store page fault at 0x%llx, wanted 0x%llx; task koid %llu)",
                 good ? "passed" : "FAILED", (unsigned long long)info.fault_addr,
                 (unsigned long long)(uintptr_t)fault_readonly, (unsigned long long)info.koid);
        ok = ok && good;
    } else {
        ok = false;
    }

    /* The host reports a division trap at the instruction: address and pc agree. */
    if (run_faulter(job, "fault-divide", VX_FAULT_DIVIDE, &info, &where)) {
        bool good = info.fault_pc && info.fault_addr == info.fault_pc;
        srv_logf("fault-divide: %s (integer division trap at pc 0x%llx, address 0x%llx)",
                 good ? "passed" : "FAILED", (unsigned long long)info.fault_pc,
                 (unsigned long long)info.fault_addr);
        ok = ok && good;
    } else {
        ok = false;
    }

    /* The overflow faults below the first frame, within a kernel stack's length of it. */
    if (run_faulter(job, "fault-stack", VX_FAULT_STORE_PAGE, &info, &where)) {
        bool good = where && info.fault_addr < where && where - info.fault_addr < STACK_SPAN_MAX;
        srv_logf("fault-stack: %s (store page fault at 0x%llx, %llu bytes below its first "
                 "frame at 0x%llx)",
                 good ? "passed" : "FAILED", (unsigned long long)info.fault_addr,
                 (unsigned long long)(where - info.fault_addr), (unsigned long long)where);
        ok = ok && good;
    } else {
        ok = false;
    }
    return ok;
}

/* After the faults, a builtin service still works: echo, connected as vinit would, answers a
 * call and exits with 0 when its bootstrap channel closes. */
static bool check_echo_after_faults(vx_handle_t job)
{
    vx_handle_t boot, task, mine, theirs;
    struct vx_task_info info;
    if (!start_builtin(job, "echo", &boot, &task))
        return false;
    struct vx_svc_msg m;
    vx_status_t st = vx_channel_create(0, &mine, &theirs);
    if (st == VX_OK && (st = vx_svc_msg_init(&m, VX_SVC_CONNECT, "gtest", 5)) == VX_OK)
        st = vx_channel_write(boot, &m, sizeof m, &theirs, 1);
    char req[16] = "....after-fault", rep[16] = {0};
    uint32_t actual[2] = {0};
    if (st == VX_OK) {
        struct vx_channel_call_args a = {.wr_bytes = (uint64_t)(uintptr_t)req,
                                         .wr_num_bytes = sizeof req,
                                         .rd_bytes = (uint64_t)(uintptr_t)rep,
                                         .rd_num_bytes = sizeof rep};
        st = vx_channel_call(mine, &a, vx_clock_get() + BUILTIN_WAIT_NS, actual);
        vx_handle_close(mine);
    }
    vx_handle_close(boot); /* echo's serve loop ends */
    bool ended = wait_builtin("echo", task, &info);
    bool good = st == VX_OK && actual[0] == sizeof req && !vx_memcmp(rep + 4, req + 4, 12) &&
                ended && info.reason == VX_TASK_EXITED && info.exit_code == 0;
    srv_logf("echo after the faults: %s (call status %d, %u bytes back; echo ended with reason "
             "%u, code %lld)",
             good ? "passed" : "FAILED", st, actual[0], info.reason, (long long)info.exit_code);
    return good;
}

/* Fault isolation, in a job of its own that must be empty afterwards. */
static bool check_fault_isolation(vx_handle_t parent)
{
    vx_handle_t job;
    vx_status_t st = vx_job_create(parent, &job);
    if (st) {
        srv_logf("fault isolation: FAILED: no job (%d)", st);
        return false;
    }
    bool ok = check_faults(job);
    ok = check_echo_after_faults(job) && ok;
    struct vx_job_info ji;
    if (vx_job_get_info(job, &ji) || ji.used[VX_JOB_TASKS] || ji.used[VX_JOB_THREADS]) {
        srv_logf("fault isolation: FAILED: its job still holds %llu tasks, %llu threads",
                 (unsigned long long)ji.used[VX_JOB_TASKS],
                 (unsigned long long)ji.used[VX_JOB_THREADS]);
        ok = false;
    }
    vx_handle_close(job);
    srv_logf("fault isolation: %s", ok ? "passed" : "FAILED");
    return ok;
}

/* The boot image's directory listings (vx_bootfs_open of a directory): what the build packs
 * under test/vinit, and no listing for a name that is not there. */
static bool check_listing(const struct vx_startup *s)
{
    static const struct {
        const char *dir, *want;
    } cases[] = {
        {"test/vinit", "probe\nservices\n"},
        {"/test/vinit/", NULL}, /* malformed: an empty last component */
        {"test/nosuch", NULL},
    };
    bool ok = true;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64] = {0};
        vx_handle_t vmo;
        vx_status_t st = vx_bootfs_open(s->bootfs, cases[i].dir, vx_strlen(cases[i].dir), &vmo);
        if (st == VX_OK) {
            vx_vmo_read(vmo, buf, 0, sizeof buf - 1);
            vx_handle_close(vmo);
        }
        bool good = cases[i].want ? st == VX_OK && !vx_strcmp(buf, cases[i].want) : st != VX_OK;
        if (!good)
            srv_logf("bootfs listing of '%s': FAILED (status %d, got '%s')", cases[i].dir, st, buf);
        ok = ok && good;
    }
    srv_logf("bootfs listings: %s", ok ? "passed" : "FAILED");
    return ok;
}

int gtest_main(void *arg)
{
    const struct vx_startup *s = arg;
    if (!s->bootfs) {
        srv_logf("no boot image: nothing to test");
        return 1;
    }
    unsigned failed = !check_fault_isolation(s->job);
    unsigned total = sizeof programs / sizeof programs[0];
    for (unsigned i = 0; i < total; i++)
        failed += !run_one(s, s->job, programs[i]);
    failed += !check_listing(s);
    failed += !gtest_check_vfs(s);
    srv_logf("%u programs, %u failed", total, failed);
    return (int)failed;
}
