/*
 * hostio/linux/cpu.c - vCPUs: one host thread each, halted on a futex, woken by raise.
 *
 * Each vCPU has an interrupt word owned by the kernel. A halted vCPU sleeps in FUTEX_WAIT on
 * that word while it is 0, with its nearest deadline as the timeout. Raising sets bits with
 * fetch_or and issues FUTEX_WAKE only if the target says it may be halted; the two sides are
 * the Dekker pattern under seq_cst, so a wakeup cannot be lost:
 *     halter: halted = 1; if (word) return; futex_wait(word, 0)
 *     raiser: word |= bits; if (halted) futex_wake(word)
 * If the raiser reads halted == 0, the halter's recheck (later in the total order) sees the
 * bits; if the bits land after the recheck, FUTEX_WAIT compares the word again in the kernel.
 * A halter polls the word briefly before it says it is halted (poll_briefly), so a wakeup
 * that comes soon needs no futex call at all.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "arch/hosted/cpu_relax.h"
#include "hostio.h"
#include "internal.h"

/* Lock key: (t) table_lock; (a) atomic, any thread; (v) the vCPU's own thread. */
struct vcpu {
    _Atomic uint32_t *_Atomic irq_word; /* (a) the kernel's word; NULL while not started */
    atomic_bool halted;                 /* (a) written by (v): it may be in FUTEX_WAIT */
    hio_cpu_entry_fn entry;             /* (t) read by the new thread, set before it exists */
    pthread_t thread;                   /* (t) */
    bool started;                       /* (t) a thread exists and is not yet joined */
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vcpu vcpus[HIO_MAX_CPUS];
static _Thread_local uint32_t self_cpu = HIO_CPU_NONE;

static void *vcpu_main(void *arg)
{
    struct vcpu *v = arg;
    uint32_t cpu = (uint32_t)(v - vcpus);
    char name[16];

    self_cpu = cpu;
    snprintf(name, sizeof name, "vcpu%u", cpu);
    pthread_setname_np(pthread_self(), name);
    hio_fault_thread_start();
    /* v->entry was written before pthread_create, which orders it before this read. */
    v->entry(cpu);
    hio_fault_thread_stop();
    return NULL;
}

int hio_cpu_start(uint32_t cpu, _Atomic uint32_t *irq_word, hio_cpu_entry_fn entry)
{
    int status = HIO_OK;
    if (cpu >= HIO_MAX_CPUS || irq_word == NULL || entry == NULL)
        return HIO_EINVAL;

    pthread_mutex_lock(&table_lock);
    struct vcpu *v = &vcpus[cpu];
    if (v->started) {
        status = HIO_EINVAL;
        goto out_unlock;
    }
    v->entry = entry;
    /* Publish the word before the thread exists: others may raise on it from now on. */
    atomic_store(&v->irq_word, irq_word);
    if (pthread_create(&v->thread, NULL, vcpu_main, v) != 0) {
        atomic_store(&v->irq_word, NULL);
        status = HIO_ENOMEM;
        goto out_unlock;
    }
    v->started = true;
    /* Pairs with hio_power_off: it raises on every published word after setting its flag,
     * so either it saw ours or we see its flag. */
    if (hio_power_pending())
        hio_cpu_raise(cpu, HIO_IRQ_IPI);
out_unlock:
    pthread_mutex_unlock(&table_lock);
    return status;
}

uint32_t hio_cpu_self(void)
{
    return self_cpu;
}

/* The nearer of two deadlines, where 0 means "none". */
static uint64_t nearer(uint64_t a, uint64_t b)
{
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    return a < b ? a : b;
}

/* One look at the world before sleeping: true if the halt is over. */
static bool halt_is_over(uint32_t cpu, _Atomic uint32_t *word, uint64_t deadline_ns,
                         uint64_t now_ns)
{
    if (atomic_load(word) != 0)
        return true;
    if (deadline_ns != 0 && now_ns >= deadline_ns) {
        atomic_fetch_or(word, HIO_IRQ_TIMER);
        return true;
    }
    uint64_t timer = hio_timer_deadline(cpu);
    if (timer != 0 && now_ns >= timer) {
        /* If the loop fired it first, or it was re-armed, the next look decides. */
        hio_timer_fire(cpu, timer);
        return atomic_load(word) != 0;
    }
    return false;
}

/* Before it sleeps, a halting vCPU watches its word for up to HALT_POLL_NS: a wakeup that
 * comes that soon (typically the answer to a call it just sent to another vCPU) then costs
 * neither side a futex system call nor this side a host scheduler wakeup, several
 * microseconds each. The price: at most this much spinning each time a vCPU runs dry. */
#define HALT_POLL_NS 20000u

/* True if the halt ended while polling. */
static bool poll_briefly(uint32_t cpu, _Atomic uint32_t *word, uint64_t deadline_ns)
{
    uint64_t start = hio_clock_ns(), now;
    do {
        for (unsigned i = 0; i < 64; i++) {
            if (atomic_load_explicit(word, memory_order_relaxed) != 0)
                return true;
            arch_cpu_relax();
        }
        now = hio_clock_ns();
        if (halt_is_over(cpu, word, deadline_ns, now))
            return true;
    } while (now - start < HALT_POLL_NS);
    return false;
}

void hio_cpu_halt(uint32_t cpu, uint64_t deadline_ns)
{
    if (cpu >= HIO_MAX_CPUS || cpu != self_cpu)
        hio_panic("hio_cpu_halt: called for a vCPU other than the caller's own");
    struct vcpu *v = &vcpus[cpu];
    _Atomic uint32_t *word = atomic_load(&v->irq_word);
    if (poll_briefly(cpu, word, deadline_ns))
        return;

    atomic_store(&v->halted, true);
    for (;;) {
        uint64_t now = hio_clock_ns();
        if (halt_is_over(cpu, word, deadline_ns, now))
            break;
        /* The timer deadline is reread on every pass because another thread may re-arm it;
         * one that moves earlier while we sleep is fired by the loop's timer instead. */
        uint64_t wake_at = nearer(deadline_ns, hio_timer_deadline(cpu));
        uint64_t timeout = wake_at == 0 ? 0 : (wake_at > now ? wake_at - now : 1);
        hio_wait_on(word, 0, timeout);
    }
    atomic_store(&v->halted, false);
}

/* A vCPU that is not started has no word yet; raising on it does nothing. */
void hio_cpu_raise(uint32_t cpu, uint32_t irq_bits)
{
    if (cpu >= HIO_MAX_CPUS || irq_bits == 0)
        return;
    struct vcpu *v = &vcpus[cpu];
    _Atomic uint32_t *word = atomic_load(&v->irq_word);
    if (word == NULL)
        return;
    atomic_fetch_or(word, irq_bits);
    if (atomic_load(&v->halted))
        hio_wake(word, 1);
}

void hio_cpu_raise_all(uint32_t irq_bits)
{
    for (uint32_t cpu = 0; cpu < HIO_MAX_CPUS; cpu++)
        hio_cpu_raise(cpu, irq_bits);
}

/* A started vCPU not yet joined, or false when none is left. */
static bool next_to_join(uint32_t *cpu, pthread_t *thread)
{
    bool found = false;
    pthread_mutex_lock(&table_lock);
    for (uint32_t i = 0; i < HIO_MAX_CPUS && !found; i++) {
        if (vcpus[i].started) {
            *cpu = i;
            *thread = vcpus[i].thread;
            found = true;
        }
    }
    pthread_mutex_unlock(&table_lock);
    return found;
}

void hio_cpu_join_all(void)
{
    uint32_t cpu;
    pthread_t thread;

    /* Rescan after each join: a running vCPU may itself have started another. */
    while (next_to_join(&cpu, &thread)) {
        pthread_join(thread, NULL);
        pthread_mutex_lock(&table_lock);
        vcpus[cpu].started = false;
        atomic_store(&vcpus[cpu].irq_word, NULL);
        pthread_mutex_unlock(&table_lock);
    }
    /* The loop may still raise on the words until it stops; they are valid until we return. */
    hio_loop_stop();
    hio_power_rearm();
}
