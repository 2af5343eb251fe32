/*
 * bench/bench_ipc.c - native-API figures of guest programs and system tasks.
 *
 *   bench_ipc INITRD syscall  syscall.native:   a null native call from a guest (vx_handle_close
 *                                               of handle 0); baseline host getpid().
 *   bench_ipc INITRD same     ipc.guest.same:   vx_channel_call round trip, 16 bytes, between
 *                                               two guest tasks on one vCPU; baseline a host
 *                                               pipe round trip between two threads (and the
 *                                               futex ping-pong is reported as its own line).
 *   bench_ipc INITRD cross    ipc.guest.cross:  the same on two vCPUs, one task pinned to each.
 *   bench_ipc INITRD native   ipc.native.same:  the same between two threads of a system task
 *                                               on one vCPU.
 *   bench_ipc INITRD ctxsw    ctxsw.guest:      one switch between two guest tasks yielding to
 *                                               each other on one vCPU; baseline host futex
 *                                               hand-off.
 *
 * The kernel boots in this process with the builtin `bench-ipc` as init (a system task using
 * the public API, plus the task internals for the native server thread); guest programs come
 * from the boot image (bench/vx/vxbench.c) and send their per-batch figures back over a
 * channel. Medians and p99 are over batches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "kernel/sched/thread.h"
#include "kernel/task/task.h"
#include "report.h"
#include "vx/boot.h"
#include "vx/spawn.h"
#include "vx/syscall.h"

#define BATCHES   51u /* as vxbench.c */
#define PER_BATCH 2000u

static const char *mode;
static vx_handle_t elf;
static struct vx_startup startup;

static void die(const char *what, vx_status_t st)
{
    fprintf(stderr, "bench_ipc %s: %s failed (%d)\n", mode, what, st);
    exit(1);
}

/* Start vxbench `m` with bootstrap handles (its address space, then h[0..n)). */
static vx_handle_t start(const char *m, vx_handle_t *h, uint32_t n)
{
    char strings[32];
    int len = snprintf(strings, sizeof strings, "vxbench%c%s", 0, m) + 1;
    struct vx_spawn sp = {.job = startup.job, .elf = elf, .name = m, .strings = strings,
                          .strings_len = (size_t)len, .argc = 2, .msg = "b", .msg_len = 1,
                          .handles = h, .nhandles = n};
    vx_handle_t task;
    vx_status_t st = vx_spawn(&sp, &task, NULL);
    if (st)
        die("spawn", st);
    return task;
}

static void collect(vx_handle_t ch, double *samples)
{
    uint32_t actual[2];
    vx_status_t st = vx_object_wait_one(ch, VX_SIG_READABLE | VX_SIG_PEER_CLOSED,
                                        vx_clock_get() + 120000000000ll, NULL);
    if (!st)
        st = vx_channel_read(ch, samples, NULL, BATCHES * sizeof(double), 0, actual);
    if (st || actual[0] != BATCHES * sizeof(double))
        die("collecting results (did the guest fail?)", st ? st : VX_EIO);
}

static void figure(const char *name, double *s, const char *base, double base_value)
{
    double p99 = bench_quantile(s, BATCHES, 0.99);
    bench_report(&(struct bench_figure){.name = name, .unit = "ns",
                                        .value = bench_quantile(s, BATCHES, 0.5), .p99 = p99,
                                        .baseline = base, .baseline_value = base_value});
}

static void channel(vx_handle_t *a, vx_handle_t *b)
{
    vx_status_t st = vx_channel_create(0, a, b);
    if (st)
        die("channel", st);
}

static double samples[BATCHES], more[BATCHES];

static void run_syscall(void)
{
    vx_handle_t mine, theirs;
    channel(&mine, &theirs);
    start("syscall", &theirs, 1);
    collect(mine, samples);
    figure("syscall.native", samples, "host.getpid", bench_host_getpid_ns(200000));
}

/* Keep every thread of task `th` on vCPU `cpu` (task internals: no public call sets this). */
static void pin(vx_handle_t th, uint32_t cpu)
{
    struct kobject *o;
    vx_status_t st = handle_get(&task_current()->handles, th, VX_OBJ_TASK, 0, &o);
    if (st)
        die("finding a task to pin", st);
    struct task *t = (struct task *)o;
    spin_lock(&t->lock);
    struct list_node *n;
    list_for_each(n, &t->threads) {
        struct uthread *ut = list_entry(n, struct uthread, task_link);
        if ((st = thread_set_affinity(ut->kt, 1ull << cpu)))
            break;
    }
    spin_unlock(&t->lock);
    kobject_put(o);
    if (st)
        die("pinning a task", st);
}

/* Same: one vCPU. Cross: two, the server pinned to vCPU 1 and the client to vCPU 0 (left
 * alone, the scheduler would put them together: every call hands the vCPU over). */
static void run_guest_ipc(const char *name, bool cross)
{
    vx_handle_t a, b, r0, r1;
    channel(&a, &b);
    channel(&r0, &r1);
    vx_handle_t server = start("server", &a, 1);
    if (cross)
        pin(server, 1);
    vx_handle_t cl[2] = {b, r1};
    vx_handle_t client = start("client", cl, 2);
    if (cross)
        pin(client, 0);
    collect(r0, samples);
    figure(name, samples, "host.pipe_rtt", bench_host_pipe_rtt_ns(20000));
}

static void run_ctxsw(void)
{
    vx_handle_t a0, a1, b0, b1;
    channel(&a0, &a1);
    channel(&b0, &b1);
    start("yield", &a1, 1);
    start("yield", &b1, 1);
    collect(a0, samples);
    collect(b0, more);
    for (unsigned i = 0; i < BATCHES; i++) /* one loop pass = two switches (there and back) */
        samples[i] = (samples[i] > more[i] ? samples[i] : more[i]) / 2;
    figure("ctxsw.guest", samples, "host.futex_pingpong", bench_host_futex_handoff_ns(20000));
}

/* ipc.native.same: a server thread in this task answering calls from the init thread. */
static int native_server(void *arg)
{
    vx_handle_t link = *(vx_handle_t *)arg;
    uint8_t buf[64];
    uint32_t actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)buf, .rd_bytes = (uintptr_t)buf,
                                        .rd_num_bytes = sizeof buf};
    while (vx_channel_serve(link, &args, 0, actual) == VX_OK)
        args.wr_num_bytes = actual[0];
    return 0;
}

static void run_native(void)
{
    static vx_handle_t a, b;
    channel(&a, &b);
    struct uthread *ut;
    vx_status_t st = uthread_create(task_current(), "bench-server", native_server, &a, &ut);
    if (st || (st = uthread_start(ut, 0, 0, 0, 0)))
        die("server thread", st);
    kobject_put(&ut->ko);
    uint8_t req[16] = {0}, rep[16];
    uint32_t actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req, .rd_bytes = (uintptr_t)rep,
                                        .wr_num_bytes = 16, .rd_num_bytes = 16};
    for (unsigned k = 0; k < BATCHES; k++) {
        int64_t t0 = vx_clock_get();
        for (unsigned i = 0; i < PER_BATCH; i++)
            if ((st = vx_channel_call(b, &args, 0, actual)))
                die("call", st);
        samples[k] = (double)(vx_clock_get() - t0) / PER_BATCH;
    }
    vx_handle_close(b); /* the server sees peer closed and ends */
    figure("ipc.native.same", samples, "host.pipe_rtt", bench_host_pipe_rtt_ns(20000));
}

static int bench_main(void *arg)
{
    startup = *(const struct vx_startup *)arg;
    const char *path = "bench/vxbench";
    vx_status_t st = vx_bootfs_open(startup.bootfs, path, strlen(path), &elf);
    if (st)
        die("opening bench/vxbench in the boot image", st);
    if (!strcmp(mode, "syscall"))
        run_syscall();
    else if (!strcmp(mode, "same"))
        run_guest_ipc("ipc.guest.same", false);
    else if (!strcmp(mode, "cross"))
        run_guest_ipc("ipc.guest.cross", true);
    else if (!strcmp(mode, "native"))
        run_native();
    else
        run_ctxsw();
    return 0;
}

static void *read_file(const char *path, uint64_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *len = (uint64_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    static const char *const modes[] = {"syscall", "same", "cross", "native", "ctxsw"};
    bool ok = argc == 3;
    for (unsigned i = 0; ok && i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(argv[2], modes[i]))
            break;
        else if (i + 1 == sizeof modes / sizeof modes[0])
            ok = false;
    if (!ok) {
        fprintf(stderr, "usage: bench_ipc INITRD syscall|same|cross|native|ctxsw\n");
        return 2;
    }
    mode = argv[2];
    uint64_t len = 0;
    void *initrd = read_file(argv[1], &len);
    if (!initrd) {
        fprintf(stderr, "bench_ipc: cannot read the boot image %s\n", argv[1]);
        return 1;
    }
    static const struct vx_builtin programs[] = {{"bench-ipc", bench_main}};
    struct vx_boot_params p = {
        .mem_bytes = 256ull << 20,
        .cpus = strcmp(mode, "cross") ? 1 : 2,
        .quiet = true,
        .init = "bench-ipc",
        .builtins = programs,
        .nbuiltins = 1,
        .initrd = initrd,
        .initrd_len = len,
    };
    int status = vx_kernel_main(&p);
    free(initrd);
    return status == 0 ? 0 : 1;
}
