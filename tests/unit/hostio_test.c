/*
 * tests/unit/hostio_test.c - the Linux hostio backend, through hostio.h only.
 *
 * Criterion runs every test in its own process, so each starts with fresh hostio state (no
 * vCPUs, no loop, console input not open) and may rewire fds 0 and 1. Timing assertions are
 * one-sided or generous: a deadline must never fire early, and must fire within seconds.
 * Anything that could hang on a lost wakeup has a Criterion timeout, so a hang is a failure.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "criterion_tsan.h"
#include "hostio.h"

#define MS          1000000ull /* ns */
#define SEC         1000000000ull
#define PATIENCE_NS (10 * SEC) /* "never happened" for anything that should take ms */

/* How the host reports a fatal SIGSEGV: the sanitizers catch it, print a report and exit
 * with their own status instead of dying by the signal. */
#if defined(__SANITIZE_ADDRESS__)
#define GUARD_DEATH .exit_code = 1 /* ASan's default exitcode */
#elif defined(__SANITIZE_THREAD__)
#define GUARD_DEATH .exit_code = 66 /* TSan's default exitcode */
#else
#define GUARD_DEATH .signal = SIGSEGV
#endif

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / SEC), .tv_nsec = (long)(ns % SEC)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- A small machine: interrupt words the vCPUs' entry functions share with the test ---- */

static _Atomic uint32_t words[HIO_MAX_CPUS];
static _Atomic uint32_t seen[HIO_MAX_CPUS];  /* what an entry recorded */
static _Atomic uint64_t stamp[HIO_MAX_CPUS]; /* a clock reading an entry recorded */

/* Halt until `bits` arrives in cpu's word; consume and return everything that was pending. */
static uint32_t wait_for(uint32_t cpu, uint32_t bits)
{
    uint32_t got = 0;
    while (!(got & bits)) {
        got |= atomic_exchange(&words[cpu], 0);
        if (!(got & bits))
            hio_cpu_halt(cpu, 0);
    }
    return got;
}

static void start(uint32_t cpu, hio_cpu_entry_fn entry)
{
    cr_assert_eq(hio_cpu_start(cpu, &words[cpu], entry), HIO_OK, "vCPU %u should start", cpu);
}

/* ---- Handshake ------------------------------------------------------------------------- */

Test(hostio_probe, reports_the_linux_backend_with_4k_pages)
{
    struct hio_machine m;
    cr_assert_eq(hio_probe(HIO_VERSION, &m), HIO_OK);
    cr_expect_eq(m.version, HIO_VERSION);
    cr_expect_str_eq(m.backend, "linux");
    cr_expect_eq(m.page_size, 4096u);
    cr_expect_geq(m.host_cpus, 1u);
    cr_expect_neq(m.host_arch[0], '\0', "host_arch should name the machine");
    cr_expect_neq(m.host_name[0], '\0', "host_name should name the kernel");
    cr_expect_eq(m.console_is_tty, isatty(0) == 1);
}

Test(hostio_probe, refuses_a_version_it_does_not_speak)
{
    struct hio_machine m;
    cr_expect_eq(hio_probe(HIO_VERSION + 1, &m), HIO_EINVAL);
}

/* ---- Time ------------------------------------------------------------------------------ */

Test(hostio_clock, is_monotonic_and_advances)
{
    uint64_t prev = hio_clock_ns();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = hio_clock_ns();
        cr_assert_geq(now, prev, "the clock went back from %lu to %lu", prev, now);
        prev = now;
    }
    uint64_t before = hio_clock_ns();
    sleep_ns(20 * MS);
    cr_expect_geq(hio_clock_ns() - before, 20 * MS, "a 20 ms sleep should advance it 20 ms");
}

Test(hostio_clock, starts_near_zero_at_process_start)
{
    /* A fresh test process has run for well under a minute. */
    cr_expect_lt(hio_clock_ns(), 60 * SEC);
}

Test(hostio_clock, wallclock_matches_the_hosts_realtime)
{
    uint64_t host = (uint64_t)time(NULL) * SEC;
    uint64_t ours = hio_wallclock_ns();
    cr_expect_lt(ours > host ? ours - host : host - ours, 5 * SEC);
}

/* ---- Memory ---------------------------------------------------------------------------- */

Test(hostio_mem, map_gives_a_writable_region)
{
    void *base = NULL;
    uint64_t bytes = 16ull << 20;
    cr_assert_eq(hio_mem_map(bytes, &base), HIO_OK);
    cr_assert_not_null(base);
    cr_expect_eq((uintptr_t)base % HIO_PAGE_SIZE, 0u, "the region should be page aligned");
    uint8_t *p = base;
    p[0] = 0xa5;
    p[bytes / 2] = 0x5a;
    p[bytes - 1] = 0xc3;
    cr_expect_eq(p[0], 0xa5);
    cr_expect_eq(p[bytes / 2], 0x5a);
    cr_expect_eq(p[bytes - 1], 0xc3);
    cr_expect_eq(p[4096], 0, "fresh pages should read as zero");
}

Test(hostio_mem, map_rejects_sizes_that_are_not_whole_pages)
{
    void *base = NULL;
    cr_expect_eq(hio_mem_map(0, &base), HIO_EINVAL);
    cr_expect_eq(hio_mem_map(1, &base), HIO_EINVAL);
    cr_expect_eq(hio_mem_map(4095, &base), HIO_EINVAL);
    cr_expect_eq(hio_mem_map(4097, &base), HIO_EINVAL);
    cr_expect_eq(hio_mem_map(UINT64_MAX & ~4095ull, &base), HIO_EINVAL);
    cr_expect_null(base, "a refused map must not write *base");
}

Test(hostio_mem, protect_rejects_unaligned_ranges)
{
    void *base = NULL;
    cr_assert_eq(hio_mem_map(1u << 20, &base), HIO_OK);
    uint8_t *p = base;
    cr_expect_eq(hio_mem_protect(p + 1, 4096, HIO_PROT_NONE), HIO_EINVAL);
    cr_expect_eq(hio_mem_protect(p, 100, HIO_PROT_NONE), HIO_EINVAL);
    cr_expect_eq(hio_mem_protect(p, 4096, 0x80), HIO_EINVAL, "unknown protection bits");
}

static volatile void *fault_addr;
static int fault_pipe[2];

static void report_fault(int sig, siginfo_t *si, void *uc)
{
    void *addr = si->si_addr;
    if (write(fault_pipe[1], &addr, sizeof addr) != (ssize_t)sizeof addr)
        _exit(3);
    _exit(0);
}

/* The fault is observed from inside: a handler in a child reports the faulting address, which
 * works the same in plain, ASan and TSan builds and under Valgrind. */
Test(hostio_mem, guard_page_faults_on_touch)
{
    void *base = NULL;
    cr_assert_eq(hio_mem_map(1u << 20, &base), HIO_OK);
    uint8_t *guard = (uint8_t *)base + 8 * 4096;
    cr_assert_eq(hio_mem_protect(guard, 4096, HIO_PROT_NONE), HIO_OK);
    guard[-1] = 1; /* the pages around it stay usable */
    guard[4096] = 1;
    cr_assert_eq(pipe(fault_pipe), 0);

    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        struct sigaction sa = {.sa_sigaction = report_fault, .sa_flags = SA_SIGINFO};
        sigemptyset(&sa.sa_mask);
        sigaction(SIGSEGV, &sa, NULL);
        fault_addr = guard + 100;
        *(volatile uint8_t *)(guard + 100) = 1;
        _exit(2); /* the store went through: no guard */
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the child should have faulted (status %#x)", status);
    void *addr = NULL;
    cr_assert_eq(read(fault_pipe[0], &addr, sizeof addr), (ssize_t)sizeof addr);
    cr_expect_eq(addr, (void *)(guard + 100), "the fault should be at the touched byte");
}

/* Without a handler the fault stops the process, the way a kernel stack overflow should. */
Test(hostio_mem, touching_a_guard_page_kills_the_process, GUARD_DEATH)
{
    void *base = NULL;
    cr_assert_eq(hio_mem_map(1u << 20, &base), HIO_OK);
    cr_assert_eq(hio_mem_protect(base, 4096, HIO_PROT_NONE), HIO_OK);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2); /* the sanitizers' report of this expected fault is noise in the test log */
    *(volatile uint8_t *)base = 1;
}

Test(hostio_mem, protect_read_write_makes_a_guard_page_usable_again)
{
    void *base = NULL;
    cr_assert_eq(hio_mem_map(1u << 20, &base), HIO_OK);
    cr_assert_eq(hio_mem_protect(base, 4096, HIO_PROT_NONE), HIO_OK);
    cr_assert_eq(hio_mem_protect(base, 4096, HIO_PROT_READ | HIO_PROT_WRITE), HIO_OK);
    *(volatile uint8_t *)base = 7;
    cr_expect_eq(*(volatile uint8_t *)base, 7);
}

Test(hostio_mem, unpoisoned_memory_is_usable_again)
{
    void *base = NULL;
    cr_assert_eq(hio_mem_map(1u << 20, &base), HIO_OK);
    uint8_t *p = (uint8_t *)base + 4096;
    hio_mem_poison(p, 4096);
    hio_mem_unpoison(p, 4096);
    p[0] = 1;
    p[4095] = 2;
    cr_expect_eq(p[0] + p[4095], 3);
}

/* ---- CPUs ------------------------------------------------------------------------------ */

static void record_identity(uint32_t cpu)
{
    char name[16] = "";
    pthread_getname_np(pthread_self(), name, sizeof name);
    char want[16];
    snprintf(want, sizeof want, "vcpu%u", cpu);
    atomic_store(&seen[cpu], hio_cpu_self() + 1000u * (strcmp(name, want) != 0));
}

Test(hostio_cpu, entry_runs_on_a_vcpu_thread_that_knows_its_id, .timeout = 30)
{
    atomic_store(&seen[3], HIO_CPU_NONE);
    start(3, record_identity);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[3]), 3u,
                 "hio_cpu_self() should be 3 on a thread named vcpu3 (>= 1000: wrong name)");
}

Test(hostio_cpu, self_is_none_on_a_host_thread)
{
    cr_expect_eq(hio_cpu_self(), HIO_CPU_NONE);
}

static void do_nothing(uint32_t cpu)
{
}

Test(hostio_cpu, start_rejects_bad_arguments, .timeout = 30)
{
    cr_expect_eq(hio_cpu_start(HIO_MAX_CPUS, &words[0], do_nothing), HIO_EINVAL);
    cr_expect_eq(hio_cpu_start(0, NULL, do_nothing), HIO_EINVAL);
    cr_expect_eq(hio_cpu_start(0, &words[0], NULL), HIO_EINVAL);
    start(0, do_nothing);
    cr_expect_eq(hio_cpu_start(0, &words[0], do_nothing), HIO_EINVAL,
                 "a started vCPU cannot be started again before join_all");
    hio_cpu_join_all();
    start(0, do_nothing); /* ... but can after */
    hio_cpu_join_all();
}

static void halt_once_no_deadline(uint32_t cpu)
{
    atomic_store(&stamp[cpu], 1);
    hio_cpu_halt(cpu, 0);
    atomic_store(&seen[cpu], atomic_load(&words[cpu]));
}

Test(hostio_cpu, halt_returns_at_once_when_an_interrupt_is_pending, .timeout = 30)
{
    atomic_store(&words[0], HIO_IRQ_IPI);
    start(0, halt_once_no_deadline);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[0]), HIO_IRQ_IPI);
}

Test(hostio_cpu, halt_returns_when_another_thread_raises, .timeout = 30)
{
    start(1, halt_once_no_deadline);
    while (atomic_load(&stamp[1]) == 0)
        sched_yield();
    sleep_ns(50 * MS); /* very likely asleep in the futex by now; correct either way */
    hio_cpu_raise(1, HIO_IRQ_IPI);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[1]), HIO_IRQ_IPI, "exactly the raised bit should be pending");
}

static void halt_until_deadline(uint32_t cpu)
{
    uint64_t deadline = hio_clock_ns() + 30 * MS;
    hio_cpu_halt(cpu, deadline);
    atomic_store(&stamp[cpu], hio_clock_ns() - deadline + SEC); /* +SEC: early stays > 0 */
    atomic_store(&seen[cpu], atomic_load(&words[cpu]));
}

Test(hostio_cpu, halt_returns_at_its_deadline_with_the_timer_bit_set, .timeout = 30)
{
    start(2, halt_until_deadline);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[2]), HIO_IRQ_TIMER);
    uint64_t late = atomic_load(&stamp[2]);
    cr_expect_geq(late, SEC, "halt returned %ld ns before its deadline", (long)(SEC - late));
    cr_expect_lt(late, SEC + PATIENCE_NS, "halt returned far too late");
}

static void halt_for_armed_timer(uint32_t cpu)
{
    uint64_t deadline = hio_clock_ns() + 30 * MS;
    hio_timer_arm(cpu, deadline);
    uint32_t got = wait_for(cpu, HIO_IRQ_TIMER);
    atomic_store(&stamp[cpu], hio_clock_ns() >= deadline);
    atomic_store(&seen[cpu], got);
}

Test(hostio_cpu, halt_wakes_for_an_armed_timer, .timeout = 30)
{
    start(0, halt_for_armed_timer);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[0]), HIO_IRQ_TIMER, "the timer should be raised once");
    cr_expect_eq(atomic_load(&stamp[0]), 1u, "not before its deadline");
}

#define PING_PONG_ROUNDS 5000

static void ping(uint32_t cpu)
{
    for (int i = 0; i < PING_PONG_ROUNDS; i++) {
        hio_cpu_raise(1, HIO_IRQ_IPI);
        wait_for(0, HIO_IRQ_IPI);
    }
}

static void pong(uint32_t cpu)
{
    for (int i = 0; i < PING_PONG_ROUNDS; i++) {
        wait_for(1, HIO_IRQ_IPI);
        atomic_fetch_add(&seen[1], 1);
        hio_cpu_raise(0, HIO_IRQ_IPI);
    }
}

/* Every round both vCPUs halt with no deadline, so one lost wakeup hangs the test. */
Test(hostio_cpu, raise_and_halt_never_lose_a_wakeup, .timeout = 120)
{
    start(1, pong); /* first: a raise on a vCPU that is not started yet goes nowhere */
    start(0, ping);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[1]), PING_PONG_ROUNDS);
}

static void start_a_sibling(uint32_t cpu)
{
    sleep_ns(20 * MS); /* let the booting thread get into join_all first */
    atomic_store(&seen[cpu], hio_cpu_start(5, &words[5], record_identity) == HIO_OK);
}

Test(hostio_cpu, join_all_waits_for_a_vcpu_started_by_another_vcpu, .timeout = 30)
{
    atomic_store(&seen[5], HIO_CPU_NONE);
    start(4, start_a_sibling);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[4]), 1u, "vCPU 4 should have started vCPU 5");
    cr_expect_eq(atomic_load(&seen[5]), 5u, "vCPU 5 should have run before join_all returned");
}

/* ---- Timers ---------------------------------------------------------------------------- */

/* Spin (as the interpreter does) until the timer bit shows up or patience runs out. */
static void busy_until_timer(uint32_t cpu)
{
    uint64_t deadline = hio_clock_ns() + 20 * MS;
    hio_timer_arm(cpu, deadline);
    uint64_t give_up = hio_clock_ns() + PATIENCE_NS;
    while (!(atomic_load(&words[cpu]) & HIO_IRQ_TIMER) && hio_clock_ns() < give_up)
        sched_yield();
    uint64_t now = hio_clock_ns();
    atomic_store(&seen[cpu], atomic_load(&words[cpu]));
    atomic_store(&stamp[cpu], now >= deadline);
}

Test(hostio_timer, fires_on_a_running_vcpu, .timeout = 30)
{
    start(0, busy_until_timer);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[0]), HIO_IRQ_TIMER, "the loop should raise HIO_IRQ_TIMER");
    cr_expect_eq(atomic_load(&stamp[0]), 1u, "not before its deadline");
}

static void arm_then_disarm(uint32_t cpu)
{
    hio_timer_arm(cpu, hio_clock_ns() + 20 * MS);
    hio_timer_arm(cpu, 0);
    uint64_t until = hio_clock_ns() + 150 * MS;
    while (hio_clock_ns() < until)
        sched_yield();
    atomic_store(&seen[cpu], atomic_load(&words[cpu]));
}

Test(hostio_timer, a_disarmed_timer_does_not_fire, .timeout = 30)
{
    start(0, arm_then_disarm);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[0]), 0u);
}

static void arm_then_postpone(uint32_t cpu)
{
    hio_timer_arm(cpu, hio_clock_ns() + 20 * MS);
    uint64_t later = hio_clock_ns() + 200 * MS;
    hio_timer_arm(cpu, later);
    wait_for(cpu, HIO_IRQ_TIMER);
    atomic_store(&seen[cpu], hio_clock_ns() >= later);
}

Test(hostio_timer, a_later_arm_replaces_the_deadline, .timeout = 30)
{
    start(0, arm_then_postpone);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[0]), 1u, "the first deadline should have been forgotten");
}

static void timers_on_many_vcpus(uint32_t cpu)
{
    uint64_t deadline = hio_clock_ns() + (10 + 5 * cpu) * MS;
    hio_timer_arm(cpu, deadline);
    uint64_t give_up = hio_clock_ns() + PATIENCE_NS;
    while (!(atomic_load(&words[cpu]) & HIO_IRQ_TIMER) && hio_clock_ns() < give_up)
        sched_yield();
    atomic_store(&seen[cpu], (atomic_load(&words[cpu]) & HIO_IRQ_TIMER) != 0);
}

Test(hostio_timer, each_running_vcpu_gets_its_own_deadline, .timeout = 60)
{
    for (uint32_t cpu = 0; cpu < 4; cpu++)
        start(cpu, timers_on_many_vcpus);
    hio_cpu_join_all();
    for (uint32_t cpu = 0; cpu < 4; cpu++)
        cr_expect_eq(atomic_load(&seen[cpu]), 1u, "vCPU %u should have had its timer", cpu);
}

/* ---- Synchronization ------------------------------------------------------------------- */

static _Atomic uint32_t sync_word;
static atomic_bool waiter_done;

static void *waiter(void *arg)
{
    while (atomic_load(&sync_word) == 0)
        hio_wait_on(&sync_word, 0, 0);
    atomic_store(&waiter_done, true);
    return NULL;
}

Test(hostio_sync, wake_releases_a_waiter, .timeout = 30)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, waiter, NULL), 0);
    sleep_ns(20 * MS);
    cr_expect_not(atomic_load(&waiter_done), "the waiter should still sleep");
    atomic_store(&sync_word, 1);
    hio_wake(&sync_word, UINT32_MAX);
    pthread_join(t, NULL);
    cr_expect(atomic_load(&waiter_done));
}

Test(hostio_sync, wait_returns_at_once_when_the_value_differs, .timeout = 30)
{
    atomic_store(&sync_word, 5);
    hio_wait_on(&sync_word, 4, 0); /* would sleep forever if it compared wrongly */
}

Test(hostio_sync, wait_returns_after_its_timeout, .timeout = 30)
{
    uint64_t before = hio_clock_ns();
    hio_wait_on(&sync_word, 0, 20 * MS);
    cr_expect_lt(hio_clock_ns() - before, PATIENCE_NS);
}

/* ---- Entropy --------------------------------------------------------------------------- */

Test(hostio_entropy, fills_buffers_that_differ_across_calls)
{
    uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
    cr_assert_eq(hio_entropy(a, sizeof a), HIO_OK);
    cr_assert_eq(hio_entropy(b, sizeof b), HIO_OK);
    cr_expect_neq(memcmp(a, b, sizeof a), 0, "two draws of 256 bits should differ");
    cr_expect_neq(memcmp(a, zero, sizeof a), 0, "a draw should not be all zero");
}

/* ---- Power ----------------------------------------------------------------------------- */

static void idle_until_power_off(uint32_t cpu)
{
    atomic_store(&stamp[cpu], 1);
    atomic_store(&seen[cpu], wait_for(cpu, HIO_IRQ_IPI));
}

Test(hostio_power, power_off_stops_idle_vcpus_and_join_all_returns, .timeout = 30)
{
    for (uint32_t cpu = 0; cpu < 4; cpu++)
        start(cpu, idle_until_power_off);
    for (uint32_t cpu = 0; cpu < 4; cpu++)
        while (atomic_load(&stamp[cpu]) == 0)
            sched_yield();
    hio_power_off(7);
    hio_cpu_join_all();
    cr_expect_eq(hio_power_status(), 7);
    for (uint32_t cpu = 0; cpu < 4; cpu++)
        cr_expect(atomic_load(&seen[cpu]) & HIO_IRQ_IPI, "vCPU %u should have had the IPI", cpu);
}

Test(hostio_power, status_is_zero_until_power_off)
{
    cr_expect_eq(hio_power_status(), 0);
}

Test(hostio_power, the_first_status_of_a_boot_is_kept, .timeout = 30)
{
    start(0, idle_until_power_off);
    hio_power_off(3);
    hio_power_off(5);
    hio_cpu_join_all();
    cr_expect_eq(hio_power_status(), 3);
}

Test(hostio_power, a_vcpu_started_after_power_off_is_told_to_stop, .timeout = 30)
{
    hio_power_off(1);
    start(2, idle_until_power_off); /* hangs, and times out, without the IPI */
    hio_cpu_join_all();
    cr_expect(atomic_load(&seen[2]) & HIO_IRQ_IPI);
}

static void record_pending(uint32_t cpu)
{
    atomic_store(&seen[cpu], atomic_load(&words[cpu]));
}

Test(hostio_power, the_next_boot_starts_powered_on, .timeout = 30)
{
    start(0, idle_until_power_off);
    hio_power_off(4);
    hio_cpu_join_all();
    atomic_store(&words[1], 0);
    start(1, record_pending);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&seen[1]), 0u, "no IPI should greet a vCPU of the next boot");
    cr_expect_eq(hio_power_status(), 4, "the last status stays readable");
}

/* ---- Console output -------------------------------------------------------------------- */

struct drain {
    int fd;
    uint8_t *buf;
    size_t cap, len;
};

static void *drain_fd(void *arg)
{
    struct drain *d = arg;
    ssize_t n;
    while ((n = read(d->fd, d->buf + d->len, d->cap - d->len)) > 0)
        d->len += (size_t)n;
    return NULL;
}

static uint8_t pattern_byte(size_t i)
{
    return (uint8_t)((i * 7u + i / 251u) % 251u);
}

Test(hostio_console, write_delivers_every_byte_in_order, .timeout = 30)
{
    enum { N = 100 * 1024 };
    static uint8_t out[N], got[N + 16];
    for (size_t i = 0; i < N; i++)
        out[i] = pattern_byte(i);
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int saved = dup(1);
    dup2(p[1], 1);
    close(p[1]);
    struct drain d = {.fd = p[0], .buf = got, .cap = sizeof got};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, drain_fd, &d), 0);

    int status = hio_console_write(out, N); /* more than a pipe holds: must loop */
    dup2(saved, 1); /* closes our last write end: the drain sees end of file */
    close(saved);
    pthread_join(t, NULL);
    close(p[0]);
    cr_expect_eq(status, HIO_OK);
    cr_assert_eq(d.len, (size_t)N);
    cr_expect_eq(memcmp(out, got, N), 0);
}

Test(hostio_console, write_reports_eio_when_the_reader_is_gone)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    close(p[0]);
    int saved = dup(1);
    dup2(p[1], 1);
    close(p[1]);
    int status = hio_console_write("x", 1); /* EPIPE, and SIGPIPE must not kill us */
    dup2(saved, 1);
    close(saved);
    cr_expect_eq(status, HIO_EIO);
}

/* ---- Console input --------------------------------------------------------------------- */

#define INPUT_BYTES (200u * 1024u)

static _Atomic size_t input_received;
static atomic_bool input_in_order;
static _Atomic int input_end; /* the status that ended the loop: HIO_EOF, or a failure */
static atomic_bool console_irq_seen;

/* The kernel's way: read until EAGAIN, halt until HIO_IRQ_CONSOLE, repeat until EOF. A slow
 * start lets the ring and the pipe fill, so the reader must stop and resume. */
static void consume_input(uint32_t cpu)
{
    uint8_t buf[1000];
    size_t total = 0;
    bool ok = true;
    int64_t n = hio_console_read(buf, sizeof buf); /* opens input */
    sleep_ns(200 * MS);
    for (;;) {
        if (n > 0) {
            for (int64_t i = 0; i < n; i++)
                ok = ok && buf[i] == pattern_byte(total + (size_t)i);
            total += (size_t)n;
        } else if (n == HIO_EAGAIN) {
            uint32_t got = wait_for(cpu, HIO_IRQ_CONSOLE);
            if (got & HIO_IRQ_CONSOLE)
                atomic_store(&console_irq_seen, true);
        } else {
            atomic_store(&input_end, (int)n);
            break;
        }
        n = hio_console_read(buf, sizeof buf);
    }
    atomic_store(&input_received, total);
    atomic_store(&input_in_order, ok);
}

static void *write_pattern(void *arg)
{
    int fd = (int)(intptr_t)arg;
    static uint8_t chunk[7000];
    for (size_t off = 0; off < INPUT_BYTES;) {
        size_t n = INPUT_BYTES - off < sizeof chunk ? INPUT_BYTES - off : sizeof chunk;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pattern_byte(off + i);
        ssize_t w = write(fd, chunk, n);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    return NULL;
}

/* Make stdin a pipe and start a host thread writing the test pattern into it (it closes the
 * pipe when done, so input ends). Join the returned thread after the vCPUs. */
static pthread_t feed_stdin_with_pattern(void)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(dup2(p[0], 0), 0);
    close(p[0]);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, write_pattern, (void *)(intptr_t)p[1]), 0);
    return t;
}

static void expect_all_input(size_t bytes)
{
    cr_expect_eq(atomic_load(&input_end), HIO_EOF, "input should end with HIO_EOF");
    cr_expect_eq(atomic_load(&input_received), bytes, "every byte should arrive");
    cr_expect(atomic_load(&input_in_order), "bytes should arrive in order");
}

Test(hostio_console, read_on_a_pipe_delivers_every_byte_in_order_then_eof, .timeout = 60)
{
    pthread_t t = feed_stdin_with_pattern();
    start(0, consume_input);
    hio_cpu_join_all();
    pthread_join(t, NULL);
    expect_all_input(INPUT_BYTES);
    cr_expect(atomic_load(&console_irq_seen), "input should raise HIO_IRQ_CONSOLE");
}

Test(hostio_console, read_on_a_file_delivers_all_of_it_then_eof, .timeout = 60)
{
    char path[] = "/tmp/hostio_test_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    write_pattern((void *)(intptr_t)dup(fd)); /* writes and closes the dup */
    cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
    cr_assert_eq(dup2(fd, 0), 0);
    close(fd);
    start(0, consume_input);
    hio_cpu_join_all();
    expect_all_input(INPUT_BYTES);
}

Test(hostio_console, read_on_dev_null_reports_eof, .timeout = 30)
{
    int fd = open("/dev/null", O_RDONLY);
    cr_assert_geq(fd, 0);
    cr_assert_eq(dup2(fd, 0), 0);
    close(fd);
    start(0, consume_input);
    hio_cpu_join_all();
    expect_all_input(0);
}

Test(hostio_console, read_does_not_block_when_nothing_is_pending, .timeout = 30)
{
    int p[2];
    uint8_t c = 0;
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(dup2(p[0], 0), 0);
    close(p[0]);
    cr_expect_eq(hio_console_read(&c, 1), HIO_EAGAIN);
    cr_expect_eq(hio_console_read(&c, 0), HIO_EINVAL);
    cr_assert_eq(write(p[1], "z", 1), 1);
    int64_t n = HIO_EAGAIN;
    uint64_t give_up = hio_clock_ns() + PATIENCE_NS;
    while ((n = hio_console_read(&c, 1)) == HIO_EAGAIN && hio_clock_ns() < give_up)
        sleep_ns(MS);
    cr_expect_eq(n, 1);
    cr_expect_eq(c, 'z');
    close(p[1]);
    while ((n = hio_console_read(&c, 1)) == HIO_EAGAIN && hio_clock_ns() < give_up)
        sleep_ns(MS);
    cr_expect_eq(n, HIO_EOF, "closing the writer should end input");
    hio_cpu_join_all(); /* stops the loop */
}

static void consume_on_routed_cpu(uint32_t cpu)
{
    hio_console_route(cpu);
    consume_input(cpu);
}

Test(hostio_console, route_sends_the_interrupt_to_the_chosen_vcpu, .timeout = 60)
{
    pthread_t t = feed_stdin_with_pattern();
    start(6, consume_on_routed_cpu); /* vCPU 0 does not exist: an IRQ sent there is lost */
    hio_cpu_join_all();
    pthread_join(t, NULL);
    expect_all_input(INPUT_BYTES);
}

/* ---- Faults ---------------------------------------------------------------------------- */

static const char readonly_bytes[] = "a constant: in a read-only page";
static struct hio_fault_catcher catcher;
static struct hio_fault caught;
static jmp_buf back_to_entry;
static _Atomic int recoveries;
static _Atomic bool disarmed_in_recover;
static _Atomic bool armed_over_another; /* arm found a catcher already armed */
static void *vcpu_stack_lo;
static uint64_t vcpu_stack_len;

/* The catcher's recover: runs as ordinary code on the vCPU's stack. A kernel ends the faulting
 * thread here; the test goes back to the entry function instead. */
static void recover_to_entry(struct hio_fault_catcher *c)
{
    caught = c->fault;
    atomic_store(&disarmed_in_recover, hio_fault_catch(NULL) == NULL);
    atomic_fetch_add(&recoveries, 1);
    longjmp(back_to_entry, 1);
}

static void arm(void)
{
    struct hio_ctx own;
    hio_ctx_init(&own, NULL, 0);
    vcpu_stack_lo = own.stack_lo;
    vcpu_stack_len = own.stack_len;
    catcher = (struct hio_fault_catcher){.recover = recover_to_entry,
                                         .resume_sp = __builtin_frame_address(0),
                                         .stack_lo = own.stack_lo};
    hio_ctx_fini(&own);
    atomic_store(&armed_over_another, hio_fault_catch(&catcher) != NULL);
}

__attribute__((noinline)) static void armed_store(void)
{
    arm();
    *(volatile char *)readonly_bytes = 'X';
}

static volatile int one = 1, zero; /* volatile both: GCC turns 1 / x into compares */

__attribute__((noinline, no_sanitize("integer-divide-by-zero"))) static void armed_divide(void)
{
    arm();
    volatile int q = one / zero;
    (void)q;
}

static void store_while_armed(uint32_t cpu)
{
    if (setjmp(back_to_entry) == 0)
        armed_store();
}

static void divide_while_armed(uint32_t cpu)
{
    if (setjmp(back_to_entry) == 0)
        armed_divide();
}

Test(hostio_fault, a_store_to_a_read_only_page_while_armed_runs_recover, .timeout = 30)
{
    cr_assert_eq(hio_fault_init(), HIO_OK);
    start(0, store_while_armed);
    hio_cpu_join_all();
    cr_assert_eq(atomic_load(&recoveries), 1, "recover should have run once");
    cr_expect(!atomic_load(&armed_over_another), "a new vCPU should start disarmed");
    cr_expect(atomic_load(&disarmed_in_recover), "the catcher should be disarmed in recover");
    cr_expect_eq(caught.kind, HIO_FAULT_WRITE, "kind %u, wanted a write", caught.kind);
    cr_expect_eq(caught.signo, (uint32_t)SIGSEGV);
    cr_expect_eq(caught.addr, (uint64_t)(uintptr_t)readonly_bytes, "the fault's address");
    cr_expect_neq(caught.pc, 0);
    cr_expect(caught.sp >= (uint64_t)(uintptr_t)vcpu_stack_lo &&
                  caught.sp < (uint64_t)(uintptr_t)vcpu_stack_lo + vcpu_stack_len,
              "the fault's sp %#lx should be on the vCPU's stack", caught.sp);
}

Test(hostio_fault, a_division_by_zero_while_armed_runs_recover, .timeout = 30)
{
    cr_assert_eq(hio_fault_init(), HIO_OK);
    start(1, divide_while_armed);
    hio_cpu_join_all();
    cr_assert_eq(atomic_load(&recoveries), 1, "recover should have run once");
    cr_expect_eq(caught.kind, HIO_FAULT_DIVIDE, "kind %u, wanted a division", caught.kind);
    cr_expect_eq(caught.signo, (uint32_t)SIGFPE);
    cr_expect_eq(caught.addr, caught.pc, "a division trap is reported at its instruction");
}

Test(hostio_fault, init_twice_is_harmless, .timeout = 30)
{
    cr_expect_eq(hio_fault_init(), HIO_OK);
    cr_expect_eq(hio_fault_init(), HIO_OK);
    start(2, store_while_armed);
    hio_cpu_join_all();
    cr_expect_eq(atomic_load(&recoveries), 1);
}

static void store_while_disarmed(uint32_t cpu)
{
    hio_fault_catch(NULL);
    *(volatile char *)readonly_bytes = 'X';
}

static void quiet_stderr(void)
{
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2); /* the sanitizers' report of this expected fault is noise in the test log */
}

/* Kernel code: nothing is armed, so the fault goes where it would without hostio. */
Test(hostio_fault, a_fault_while_disarmed_kills_the_process, GUARD_DEATH, .timeout = 30)
{
    cr_assert_eq(hio_fault_init(), HIO_OK);
    quiet_stderr();
    start(0, store_while_disarmed);
    hio_cpu_join_all();
}

/* Only vCPUs run system tasks: a catcher armed on another thread catches nothing. */
Test(hostio_fault, a_fault_on_a_host_thread_kills_the_process_even_when_armed, GUARD_DEATH)
{
    cr_assert_eq(hio_fault_init(), HIO_OK);
    quiet_stderr();
    if (setjmp(back_to_entry) == 0)
        armed_store();
    exit(0); /* caught: not the death the test wants */
}

static void raise_while_armed(uint32_t cpu)
{
    arm();
    raise(SIGSEGV);
}

/* Only the host's report of an instruction's fault is caught, not a signal someone sent. */
Test(hostio_fault, a_sent_sigsegv_is_not_caught_even_while_armed, GUARD_DEATH, .timeout = 30)
{
    cr_assert_eq(hio_fault_init(), HIO_OK);
    quiet_stderr();
    start(0, raise_while_armed);
    hio_cpu_join_all();
}

/* ---- Execution contexts ---------------------------------------------------------------- */

static struct hio_ctx thread_ctx, fiber_ctx;
static ucontext_t thread_uc, fiber_uc;
static volatile int fiber_sum;

static void fiber_main(void)
{
    hio_ctx_switch_end(&fiber_ctx);
    volatile int locals[256];
    for (int i = 0; i < 256; i++)
        locals[i] = i;
    fiber_sum = locals[255] + locals[1];
    hio_ctx_switch_begin(&fiber_ctx, &thread_ctx, true);
    setcontext(&thread_uc);
}

Test(hostio_ctx, a_switch_to_a_new_stack_and_back_is_followed_by_the_tools, .timeout = 30)
{
    enum { STACK = 256 * 1024 };
    int here;
    hio_ctx_init(&thread_ctx, NULL, 0);
    uint8_t *lo = thread_ctx.stack_lo;
    cr_assert_not_null(lo, "a thread's own stack should be found");
    cr_expect((uint8_t *)&here >= lo && (uint8_t *)&here < lo + thread_ctx.stack_len,
              "the thread's stack should contain its locals");

    void *stack = aligned_alloc(4096, STACK);
    cr_assert_not_null(stack);
    hio_ctx_init(&fiber_ctx, stack, STACK);
    cr_expect_eq(fiber_ctx.stack_lo, stack);
    cr_expect_eq(fiber_ctx.stack_len, (uint64_t)STACK);

    cr_assert_eq(getcontext(&fiber_uc), 0);
    fiber_uc.uc_stack.ss_sp = stack;
    fiber_uc.uc_stack.ss_size = STACK;
    fiber_uc.uc_link = NULL;
    makecontext(&fiber_uc, fiber_main, 0);
    /* getcontext + setcontext rather than swapcontext, which ASan intercepts with a warning
     * about exactly the false positives the annotations are here to prevent. */
    volatile bool switched = false;
    cr_assert_eq(getcontext(&thread_uc), 0);
    if (!switched) {
        switched = true;
        hio_ctx_switch_begin(&thread_ctx, &fiber_ctx, false);
        setcontext(&fiber_uc);
    }
    hio_ctx_switch_end(&thread_ctx);

    cr_expect_eq(fiber_sum, 256, "the code on the new stack should have run");
    hio_ctx_fini(&fiber_ctx);
    hio_ctx_fini(&thread_ctx);
    free(stack);
}

/* ---- Memory checker ------------------------------------------------------------------------ */

Test(hostio_mem, checked_says_whether_poisoning_is_watched)
{
#if defined(__SANITIZE_ADDRESS__)
    bool want = true; /* ASan checks every access */
#elif defined(__SANITIZE_THREAD__)
    bool want = false; /* TSan does not look at freed memory */
#else
    bool want = RUNNING_ON_VALGRIND != 0; /* memcheck only when running under it */
#endif
    cr_expect_eq(hio_mem_checked(), want, "expected hio_mem_checked() == %d in this build", want);
    cr_expect_eq(hio_mem_checked(), hio_mem_checked(), "the answer must not change");
}
