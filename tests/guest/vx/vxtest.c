/*
 * tests/guest/vx/vxtest.c - guest integration tests of the native API (libvx), run by the
 * `gtest` system task (src/servers/gtest) from the initrd.
 *
 * The program is its own helper: a test spawns copies of itself in child tasks with a mode
 * in argv[1]. Each task gets a bootstrap channel (its start handle) whose first message
 * carries, in this order: its own address space, the VMO of this ELF file, and a job in
 * which it may create children. Each check prints "ok"/"FAIL" lines; the task's exit code is
 * the number of failed checks, which gtest reports.
 */
#include "vx/ipc.h"
#include "vx/libvx.h"

#include "check.h"
#include "vx/service.h"
#include "vx/spawn.h"

static int failures;


#define PAGE 4096u

struct boot {
    vx_handle_t as, elf, job;
};

static vx_status_t read_boot(vx_handle_t ch, struct boot *b)
{
    vx_handle_t hs[3];
    uint32_t actual[2];
    char bytes[8];
    vx_status_t st = vx_object_wait_one(ch, VX_SIG_READABLE | VX_SIG_PEER_CLOSED, 0, NULL);
    if (!st)
        st = vx_channel_read(ch, bytes, hs, sizeof bytes, 3, actual);
    if (st || actual[1] != 3)
        return st ? st : VX_EINVAL;
    b->as = hs[0], b->elf = hs[1], b->job = hs[2];
    return VX_OK;
}

/* Start this program in a new task of `job` with argv {"vxtest", mode}; *task gets it.
 * Its bootstrap message carries (its address space, the ELF, a fresh child job of `job`). */
static vx_status_t spawn_ch(const struct boot *b, vx_handle_t job, const char *mode,
                            vx_handle_t *task, vx_handle_t *chan)
{
    char strings[64] = "vxtest";
    size_t n = strlen(strings) + 1, m = strlen(mode) + 1;
    memcpy(strings + n, mode, m);
    vx_handle_t hs[2];
    vx_status_t st = vx_handle_duplicate(b->elf, VX_RIGHTS_SAME, &hs[0]);
    if (st)
        return st;
    if ((st = vx_job_create(job, &hs[1]))) {
        vx_handle_close(hs[0]);
        return st;
    }
    struct vx_spawn sp = {.job = job, .elf = b->elf, .name = mode, .strings = strings,
                          .strings_len = n + m, .argc = 2, .msg = "boot", .msg_len = 4,
                          .handles = hs, .nhandles = 2};
    return vx_spawn(&sp, task, chan);
}

static vx_status_t spawn(const struct boot *b, vx_handle_t job, const char *mode, vx_handle_t *task)
{
    return spawn_ch(b, job, mode, task, NULL);
}

/* Wait for a task to end; its info tells how. */
static vx_status_t reap(vx_handle_t task, struct vx_task_info *info)
{
    vx_status_t st = vx_object_wait_one(task, VX_SIG_TERMINATED, vx_clock_get() + 20000000000ll,
                                        NULL);
    if (!st)
        st = vx_task_get_info(task, info);
    vx_handle_close(task);
    return st;
}

/* ---- the tests ---------------------------------------------------------------------------- */

static void test_basics(const struct boot *b)
{
    int64_t t0 = vx_clock_get();
    vx_nanosleep(t0 + 1000000);
    CHECK(vx_clock_get() >= t0 + 1000000, "a 1 ms sleep ends after 1 ms");
    uint64_t r[2] = {0, 0};
    CHECK(vx_cprng_draw(r, sizeof r) == VX_OK && (r[0] | r[1]) != 0, "randomness");
    struct vx_handle_info hi;
    CHECK(vx_object_info(b->elf, &hi) == VX_OK && hi.type == VX_OBJ_VMO, "the ELF is a VMO");
    CHECK(vx_object_info(0x7ffff, &hi) == VX_EBADH, "a made-up handle is refused");
    CHECK(vx_debug_write((const void *)8, 4) == VX_EFAULT, "a bad pointer is EFAULT");
    CHECK(vx_object_info(b->elf, (struct vx_handle_info *)0x10) == VX_EFAULT, "bad out pointer");
}

static void test_vm(const struct boot *b)
{
    vx_handle_t v;
    CHECK(vx_vmo_create(3 * PAGE, 0, &v) == VX_OK, "vmo_create");
    uint64_t va = 0;
    CHECK(vx_vm_map(b->as, v, 0, 3 * PAGE, VX_VM_READ | VX_VM_WRITE | VX_VM_EXEC, &va) ==
              VX_EINVAL, "W^X: writable and executable together is refused");
    CHECK(vx_vm_map(b->as, v, 0, 3 * PAGE, VX_VM_READ | VX_VM_WRITE, &va) == VX_OK, "map RW");
    char *p = (char *)(uintptr_t)va;
    memcpy(p + PAGE + 100, "through the mapping", 20);
    char got[20];
    CHECK(vx_vmo_read(v, got, PAGE + 100, 20) == VX_OK && !memcmp(got, "through the mapping", 20),
          "a store through the mapping is in the VMO");
    CHECK(vx_vmo_write(v, "and back", 2 * PAGE, 9) == VX_OK && !memcmp(p + 2 * PAGE, "and back", 9),
          "a VMO write shows through the mapping");
    vx_handle_t ro;
    CHECK(vx_handle_duplicate(v, VX_RIGHT_READ | VX_RIGHT_MAP, &ro) == VX_OK, "duplicate RO");
    uint64_t va2 = 0;
    CHECK(vx_vm_map(b->as, ro, 0, PAGE, VX_VM_READ | VX_VM_WRITE, &va2) == VX_EPERM,
          "a read-only handle cannot be mapped writable");
    CHECK(vx_vm_map(b->as, ro, 0, PAGE, VX_VM_READ, &va2) == VX_OK, "but readable");
    CHECK(*(volatile char *)(uintptr_t)(va2 + 0) == 0, "an untouched page reads zero");
    CHECK(vx_vm_protect(b->as, va2, PAGE, VX_VM_READ | VX_VM_WRITE) == VX_EPERM,
          "protect cannot widen past the handle");
    CHECK(vx_vm_unmap(b->as, va, 3 * PAGE) == VX_OK && vx_vm_unmap(b->as, va2, PAGE) == VX_OK,
          "unmap");
    vx_handle_close(ro);
    vx_handle_close(v);
}

/* The echo child: send every message back; a VMO that comes along gets "seen" written into
 * it (through a mapping) before it goes back. Ends when the parent closes the channel. */
static int echo(vx_handle_t ch)
{
    char buf[256];
    vx_handle_t h[1];
    uint32_t actual[2];
    for (;;) {
        uint32_t sig = 0;
        if (vx_object_wait_one(ch, VX_SIG_READABLE | VX_SIG_PEER_CLOSED, 0, &sig))
            return 20;
        vx_status_t st = vx_channel_read(ch, buf, h, sizeof buf, 1, actual);
        if (st == VX_ECLOSED)
            return 0;
        if (st)
            return 21;
        if (actual[1] == 1 && vx_vmo_write(h[0], "seen", 0, 5))
            return 22;
        if (vx_channel_write(ch, buf, actual[0], h, actual[1]))
            return 23;
    }
}

/* The serving child: answer every call {txid, n, ...} with {txid, 3n, ...} through
 * vx_channel_serve (the reply goes out with the wait for the next request). */
static int server(vx_handle_t ch)
{
    uint32_t buf[4], actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)buf, .rd_bytes = (uintptr_t)buf,
                                        .rd_num_bytes = sizeof buf};
    for (;;) {
        vx_status_t st = vx_channel_serve(ch, &args, 0, actual);
        if (st == VX_ECLOSED)
            return 0;
        if (st || actual[0] != sizeof buf)
            return 24;
        buf[1] *= 3;
        args.wr_num_bytes = sizeof buf;
    }
}

/* Children: each mode ends in a way the parent checks. */
static int child(const char *mode, const struct boot *b, vx_handle_t ch)
{
    if (!strcmp(mode, "null")) {
        return *(volatile int *)0; /* a fault: the kernel kills us */
    }
    if (!strcmp(mode, "exec-data")) {
        static uint32_t code[2] = {0x00000013u, 0x00008067u}; /* nop; ret (in .data: RW) */
        ((void (*)(void))(uintptr_t)code)();
        return 1;
    }
    if (!strcmp(mode, "echo"))
        return echo(ch);
    if (!strcmp(mode, "server"))
        return server(ch);
    if (!strcmp(mode, "call") || !strcmp(mode, "serve")) {
        /* Wait on a channel of our own that nobody answers. */
        vx_handle_t e0, e1;
        uint32_t req[4] = {0}, actual[2];
        struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req,
                                            .rd_bytes = (uintptr_t)req,
                                            .wr_num_bytes = sizeof req,
                                            .rd_num_bytes = sizeof req};
        if (vx_channel_create(0, &e0, &e1))
            return 33;
        if (mode[1] == 'a')
            vx_channel_call(e0, &args, 0, actual);
        else
            vx_channel_serve(e0, &(struct vx_channel_call_args){.rd_bytes = (uintptr_t)req,
                                                                .rd_num_bytes = sizeof req},
                             0, actual);
        return 34;
    }
    if (!strcmp(mode, "hog")) {
        /* Commit pages until the job's cap stops us: vmo_write says ELIMIT; a touch faults. */
        vx_handle_t v;
        if (vx_vmo_create(64 * PAGE, 0, &v))
            return 10;
        vx_status_t st = VX_OK;
        unsigned i;
        for (i = 0; i < 64 && !st; i++)
            st = vx_vmo_write(v, "x", i * PAGE, 1);
        if (st != VX_ELIMIT)
            return 11;
        uint64_t va = 0;
        if (vx_vm_map(b->as, v, 0, 64 * PAGE, VX_VM_READ | VX_VM_WRITE, &va))
            return 12;
        for (i = 0; i < 64; i++)
            ((volatile char *)(uintptr_t)va)[i * PAGE] = 1; /* faults past the cap: killed */
        return 13;
    }
    if (!strcmp(mode, "exit7"))
        return 7;
    if (!strcmp(mode, "block")) {
        vx_handle_t e;
        if (vx_event_create(0, &e))
            return 30;
        vx_object_wait_one(e, VX_SIG_SIGNALED, 0, NULL); /* nobody ever signals it */
        return 31;
    }
    if (!strcmp(mode, "sleep")) {
        vx_nanosleep(vx_clock_get() + 3600000000000ll); /* an hour */
        return 32;
    }
    vx_printf("unknown mode %s", mode);
    return 99;
}

/* Reap task, which must end by exiting with code 0. */
static void expect_clean_exit(vx_handle_t task, const char *what)
{
    struct vx_task_info info;
    vx_status_t st = reap(task, &info);
    CHECK(st == VX_OK && info.reason == VX_TASK_EXITED && info.exit_code == 0,
          "%s: status %d, reason %u, code %lld (wanted an exit with code 0)", what, st,
          info.reason, (long long)info.exit_code);
}

static void expect_child(const struct boot *b, vx_handle_t job, const char *mode,
                         uint32_t reason, int64_t code, uint64_t addr)
{
    vx_handle_t task;
    struct vx_task_info info;
    vx_status_t st = spawn(b, job, mode, &task);
    CHECK(st == VX_OK, "spawn %s: status %d", mode, st);
    if (st)
        return;
    st = reap(task, &info);
    CHECK(st == VX_OK && info.reason == reason && info.exit_code == code,
          "child %s: status %d reason %u code %lld (wanted reason %u code %lld)", mode, st,
          info.reason, (long long)info.exit_code, reason, (long long)code);
    if (addr != ~0ull)
        CHECK(info.fault_addr == addr, "child %s: fault at %llx, wanted %llx", mode,
              (unsigned long long)info.fault_addr, (unsigned long long)addr);
}

static void test_children(const struct boot *b)
{
    expect_child(b, b->job, "exit7", VX_TASK_EXITED, 7, ~0ull);
    expect_child(b, b->job, "null", VX_TASK_FAULTED, 13 /* load page fault */, 0);
    expect_child(b, b->job, "exec-data", VX_TASK_FAULTED, 12 /* fetch page fault */, ~0ull);
}

/* A child blocked in a wait with no deadline, or in a long sleep, still ends when killed. */
static void test_kill_blocked(const struct boot *b)
{
    static const char *const modes[] = {"block", "sleep", "call", "serve"};
    for (unsigned i = 0; i < 4; i++) {
        vx_handle_t task;
        struct vx_task_info info;
        CHECK(spawn(b, b->job, modes[i], &task) == VX_OK, "spawn %s", modes[i]);
        vx_nanosleep(vx_clock_get() + 20000000); /* let it reach its wait */
        int64_t t0 = vx_clock_get();
        CHECK(vx_task_kill(task) == VX_OK, "kill %s", modes[i]);
        CHECK(reap(task, &info) == VX_OK && info.reason == VX_TASK_KILLED,
              "%s child ends as killed (reason %u)", modes[i], info.reason);
        CHECK(vx_clock_get() - t0 < 5000000000ll, "%s child gone within 5 s", modes[i]);
    }
}

static void test_quota(const struct boot *b)
{
    vx_handle_t job;
    CHECK(vx_job_create(b->job, &job) == VX_OK, "job_create");
    CHECK(vx_job_set_limit(job, VX_JOB_PAGES, 40) == VX_OK, "cap pages");
    CHECK(vx_job_set_limit(job, 99, 1) == VX_EINVAL, "unknown resource");
    /* The child's image and stack take a few of the 40 pages; its 64-page hog cannot fit:
     * the write loop sees ELIMIT, then touching the mapping faults. */
    expect_child(b, job, "hog", VX_TASK_FAULTED, 15 /* store page fault */, ~0ull);
    struct vx_job_info ji;
    CHECK(vx_job_get_info(job, &ji) == VX_OK && ji.refused[VX_JOB_PAGES] >= 2 &&
              ji.used[VX_JOB_PAGES] == 0,
          "refusals counted (%llu), every page given back (%llu used)",
          (unsigned long long)ji.refused[VX_JOB_PAGES], (unsigned long long)ji.used[VX_JOB_PAGES]);
    CHECK(vx_job_set_limit(job, VX_JOB_TASKS, 0) == VX_OK, "cap tasks at 0");
    vx_handle_t t;
    CHECK(spawn(b, job, "exit7", &t) == VX_ELIMIT, "no task past the cap");
    vx_handle_close(job);
}

static void test_channels(const struct boot *b)
{
    vx_handle_t task, ch;
    CHECK(spawn_ch(b, b->job, "echo", &task, &ch) == VX_OK, "spawn the echo task");
    char msg[32], got[32];
    uint32_t actual[2];
    for (unsigned i = 0; i < 50; i++) {
        unsigned n = 1 + i % 20;
        memset(msg, 'a' + i % 26, n);
        CHECK(vx_channel_write(ch, msg, n, NULL, 0) == VX_OK, "write %u", i);
    }
    for (unsigned i = 0; i < 50; i++) {
        unsigned n = 1 + i % 20;
        vx_object_wait_one(ch, VX_SIG_READABLE, 0, NULL);
        vx_status_t st = vx_channel_read(ch, got, NULL, sizeof got, 0, actual);
        CHECK(st == VX_OK && actual[0] == n && got[0] == 'a' + (char)(i % 26) && got[n - 1] == got[0],
              "message %u back in order (status %d, %u bytes)", i, st, actual[0]);
    }
    vx_handle_t v, back;
    CHECK(vx_vmo_create(PAGE, 0, &v) == VX_OK, "vmo");
    CHECK(vx_channel_write(ch, "vmo", 3, &v, 1) == VX_OK, "send a VMO");
    struct vx_handle_info hi;
    CHECK(vx_object_info(v, &hi) == VX_EBADH, "a sent handle leaves the sender");
    vx_object_wait_one(ch, VX_SIG_READABLE, 0, NULL);
    CHECK(vx_channel_read(ch, got, &back, sizeof got, 1, actual) == VX_OK && actual[1] == 1,
          "the VMO comes back");
    CHECK(vx_vmo_read(back, got, 0, 5) == VX_OK && !memcmp(got, "seen", 5),
          "with what the other task wrote into it");
    CHECK(vx_channel_write(ch, "x", 1, &ch, 1) == VX_EINVAL, "a channel cannot carry itself");
    vx_handle_close(back);
    vx_handle_close(ch);
    expect_clean_exit(task, "the echo task on peer closed");
}

/* Calls to a serving task: every reply is its own, in order; the server ends on close. */
static void test_calls(const struct boot *b)
{
    vx_handle_t task, ch;
    CHECK(spawn_ch(b, b->job, "server", &task, &ch) == VX_OK, "spawn the server task");
    uint32_t req[4], rep[4], actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req, .rd_bytes = (uintptr_t)rep,
                                        .wr_num_bytes = sizeof req, .rd_num_bytes = sizeof rep};
    unsigned good = 0;
    for (uint32_t i = 0; i < 200; i++) {
        req[1] = i;
        req[2] = ~i;
        vx_status_t st = vx_channel_call(ch, &args, 0, actual);
        good += st == VX_OK && actual[0] == sizeof rep && rep[1] == 3 * i && rep[2] == ~i &&
                (rep[0] & VX_CHAN_TXID_KERNEL);
    }
    CHECK(good == 200, "%u of 200 calls got their own reply", good);
    args.rd_num_bytes = 8;
    CHECK(vx_channel_call(ch, &args, 0, actual) == VX_ERANGE && actual[0] == sizeof rep,
          "a reply too big for the caller is ERANGE with its size");
    vx_handle_close(ch);
    expect_clean_exit(task, "the server on peer closed");
}

/* A raw ecall with number nr and no arguments. */
static int64_t raw_call(uint64_t nr)
{
    register uint64_t a0 __asm__("a0") = 0;
    register uint64_t a7 __asm__("a7") = nr;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return (int64_t)a0;
}

static void test_hostile_input(const struct boot *b)
{
    CHECK(raw_call(0x4fff) == VX_ENOTSUP, "an unknown native call number");
    CHECK(raw_call(172 /* Linux getpid */) == -38, "a Linux call without a personality: ENOSYS");
    /* ELF files that must be refused: garbage, and this program cut short. */
    vx_handle_t v, as = b->as, t, tas;
    CHECK(vx_vmo_create(8192, 0, &v) == VX_OK, "vmo");
    CHECK(vx_vmo_write(v, "\177ELF garbage", 0, 13) == VX_OK, "write");
    CHECK(vx_task_create(b->job, "never", 5, &t, &tas) == VX_OK, "task");
    struct vx_elf_info info;
    vx_status_t st = vx_elf_load(tas, v, "x", 2, 1, &info);
    CHECK(st == VX_EINVAL || st == VX_ENOTSUP, "garbage is refused (%d)", st);
    uint8_t head[512];
    CHECK(vx_vmo_read(b->elf, head, 0, sizeof head) == VX_OK, "read our own header");
    vx_handle_t cut;
    CHECK(vx_vmo_create(sizeof head, 0, &cut) == VX_OK &&
              vx_vmo_write(cut, head, 0, sizeof head) == VX_OK, "a truncated copy");
    CHECK(vx_elf_load(tas, cut, "x", 2, 1, &info) == VX_EINVAL, "segments outside the file");
    CHECK(vx_elf_load(tas, b->elf, "x", 2, 5, &info) == VX_EINVAL, "argc beyond the strings");
    CHECK(vx_elf_load(tas, b->elf, "xy", 2, 1, &info) == VX_EINVAL, "an unterminated string");
    CHECK(vx_task_kill(t) == VX_OK, "kill a task that never started");
    struct vx_task_info ti;
    CHECK(vx_task_get_info(t, &ti) == VX_OK && ti.reason == VX_TASK_KILLED, "it reads as killed");
    CHECK(vx_vm_map(as, v, 0, 8192, VX_VM_READ, (uint64_t *)0x8) == VX_EFAULT,
          "a bad out-pointer for the address");
    vx_handle_close(cut);
    vx_handle_close(tas);
    vx_handle_close(t);
    vx_handle_close(v);
}

/* vx_task_create_builtin: unknown and kernel-only names are refused; the `echo` builtin runs
 * in our job with the bootstrap we pass, serves a connection handed over as vinit would
 * (vx/service.h), and ends with code 0 when its bootstrap closes. */
static void test_builtins(const struct boot *b)
{
    vx_handle_t t, mine, theirs, client, server;
    struct vx_handle_info hi;
    CHECK(vx_task_create_builtin(b->job, "nosuch", 6, 0, &t) == VX_ENOENT, "unknown builtin");
    CHECK(vx_task_create_builtin(b->job, "monitor", 7, 0, &t) == VX_ENOENT,
          "kernel programs run only as init");
    CHECK(vx_task_create_builtin(b->elf, "echo", 4, 0, &t) != VX_OK, "a VMO is no job");
    CHECK(vx_channel_create(0, &mine, &theirs) == VX_OK, "bootstrap channel");
    vx_status_t st = vx_task_create_builtin(b->job, "echo", 4, theirs, &t);
    CHECK(st == VX_OK, "start builtin echo: status %d", st);
    if (st)
        return;
    CHECK(vx_object_info(theirs, &hi) == VX_EBADH, "the bootstrap moved into the builtin");
    CHECK(vx_channel_create(0, &client, &server) == VX_OK, "client channel");
    struct vx_svc_msg m;
    vx_svc_msg_init(&m, VX_SVC_CONNECT, "vxtest", 6);
    CHECK(vx_channel_write(mine, &m, sizeof m, &server, 1) == VX_OK, "hand echo a client");
    char req[16] = "....hello", rep[16];
    uint32_t actual[2];
    struct vx_channel_call_args a = {.wr_bytes = (uint64_t)(uintptr_t)req, .wr_num_bytes = 9,
                                     .rd_bytes = (uint64_t)(uintptr_t)rep,
                                     .rd_num_bytes = sizeof rep};
    st = vx_channel_call(client, &a, vx_clock_get() + 20000000000ll, actual);
    CHECK(st == VX_OK && actual[0] == 9 && !memcmp(rep + 4, "hello", 5),
          "echo answers a call (status %d, %u bytes)", st, actual[0]);
    vx_handle_close(client);
    vx_handle_close(mine);
    expect_clean_exit(t, "echo when its bootstrap closes");
}

static void test_cow(const struct boot *b)
{
    vx_handle_t v, c;
    CHECK(vx_vmo_create(2 * PAGE, 0, &v) == VX_OK, "vmo_create");
    CHECK(vx_vmo_write(v, "original", 0, 9) == VX_OK, "write");
    CHECK(vx_vmo_clone(v, 0, 2 * PAGE, &c) == VX_OK, "clone");
    CHECK(vx_vmo_write(c, "changed", 0, 8) == VX_OK, "write the clone");
    char got[9];
    CHECK(vx_vmo_read(v, got, 0, 9) == VX_OK && !memcmp(got, "original", 9),
          "the original is untouched");
    CHECK(vx_vmo_read(c, got, 0, 8) == VX_OK && !memcmp(got, "changed", 8), "the clone changed");
    vx_handle_close(c);
    vx_handle_close(v);
}

int main(int argc, char **argv, vx_handle_t arg, uint64_t a1)
{
    struct boot b;
    vx_status_t st = read_boot(arg, &b);
    if (st) {
        vx_printf("no bootstrap message (%d)", st);
        return 100;
    }
    if (argc > 1)
        return child(argv[1], &b, arg);
    test_basics(&b);
    test_hostile_input(&b);
    test_vm(&b);
    test_cow(&b);
    test_channels(&b);
    test_calls(&b);
    test_children(&b);
    test_kill_blocked(&b);
    test_quota(&b);
    test_builtins(&b);
    vx_printf("%d checks failed", failures);
    return failures;
}
