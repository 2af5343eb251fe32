/*
 * servers/gtest/gtest.c - the guest test runner: a system task that runs the guest test
 * programs of the boot image and reports each one's result. `vaelix run --init gtest` boots
 * into it; it powers the machine off with the number of failed programs as exit status.
 *
 * Each program gets the vxtest bootstrap (vx/spawn.h): its address space, its own ELF VMO and
 * a job for its children. A program passes when it exits with code 0 within the time limit.
 * After all of them, every job the runner made must be back to zero pages, tasks and threads
 * (what the tests used came back). Public API only.
 */
#include "servers/gtest/gtest.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/fmt.h"
#include "servers/serve/log.h"
#include "lib/string.h"
#include "vx/spawn.h"
#include "vx/syscall.h"

#define GTEST_TIMEOUT_NS 120000000000ll /* a program still running after 2 min has hung */

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
    unsigned failed = 0, total = sizeof programs / sizeof programs[0];
    for (unsigned i = 0; i < total; i++)
        failed += !run_one(s, s->job, programs[i]);
    failed += !check_listing(s);
    srv_logf("%u programs, %u failed", total, failed);
    return (int)failed;
}
