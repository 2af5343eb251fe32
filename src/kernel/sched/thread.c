/*
 * sched/thread.c - creating, ending and freeing kernel threads (see thread.h).
 *
 * A thread's struct comes from the "thread" slab cache and its stack from the frame allocator.
 * The lowest page of the stack is made inaccessible on the host (a guard page). A new thread
 * starts in thread_trampoline, which finishes the switch that brought it there, runs its entry
 * function and exits with the result. An exiting thread still runs on its stack until it
 * switches away; the scheduler then calls thread_finish_exit, which marks it DEAD, wakes its
 * joiners and drops the thread's reference on itself; whoever drops the last reference frees
 * the stack.
 */
#define VX_SUBSYSTEM "thread"
#include "kernel/sched/thread.h"

#include "hostio.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "lib/assert.h"
#include "lib/string.h"

#define KSTACK_BYTES ((uint64_t)FRAME_SIZE << PARAM_KSTACK_ORDER)

static struct slab_cache *thread_cache;
static struct spinlock threads_lock = SPINLOCK_INIT("threads");
static struct list_node threads = LIST_HEAD_INIT(threads); /* (a) */
static _Atomic uint64_t next_thread_id = 1;
static bool guard_pages = true;

vx_status_t thread_init(void)
{
    vx_status_t st = VX_OK;
    spin_init(&threads_lock, "threads");
    list_init(&threads);
    thread_cache = slab_cache_create("thread", sizeof(struct thread), 64, &st);
    return thread_cache ? VX_OK : st;
}

static void thread_trampoline(void *arg)
{
    struct thread *t = arg;
    arch_ctx_entered(&t->ctx);
    sched_finish_switch();
    thread_exit(t->entry(t->arg));
}

/* A stack of 2^PARAM_KSTACK_ORDER frames with its lowest page made inaccessible. */
static void *stack_alloc(void)
{
    void *stack = frame_alloc(PARAM_KSTACK_ORDER);
    if (!stack || !guard_pages)
        return stack;
    if (hio_mem_protect(stack, FRAME_SIZE, HIO_PROT_NONE) == HIO_ENOTSUP)
        guard_pages = false; /* host pages are larger than ours: run without guards */
    return stack;
}

static void stack_free(void *stack)
{
    if (guard_pages)
        hio_mem_protect(stack, FRAME_SIZE, HIO_PROT_READ | HIO_PROT_WRITE);
    frame_free(stack, PARAM_KSTACK_ORDER);
}

struct thread *thread_create(const char *name, int (*entry)(void *), void *arg, unsigned prio,
                             vx_status_t *st)
{
    struct thread *t = NULL;
    if (prio >= PARAM_NPRIO) {
        *st = VX_EINVAL;
        goto out;
    }
    t = slab_zalloc(thread_cache);
    if (!t) {
        *st = VX_ENOMEM;
        goto out;
    }
    t->stack = stack_alloc();
    if (!t->stack) {
        *st = VX_ENOMEM;
        goto out_free_thread;
    }
    vx_strlcpy(t->name, name, sizeof t->name);
    t->id = atomic_fetch_add(&next_thread_id, 1);
    t->entry = entry;
    t->arg = arg;
    list_init(&t->rq_link);
    list_init(&t->wait_link);
    sched_init_thread(t);
    waitq_init(&t->exited, "thread-exited");
    timer_init(&t->wait_timer, NULL, NULL);
    atomic_store(&t->state, THREAD_NEW);
    atomic_store(&t->affinity, THREAD_AFFINITY_ALL);
    atomic_store(&t->prio, prio);
    atomic_store(&t->refs, 2); /* the creator's and the thread's own */
    /* Usable stack starts above the guard page. */
    arch_ctx_init(&t->ctx, (char *)t->stack + FRAME_SIZE, KSTACK_BYTES - FRAME_SIZE,
                  thread_trampoline, t);
    spin_lock(&threads_lock);
    list_push_back(&threads, &t->all_link);
    spin_unlock(&threads_lock);
    *st = VX_OK;
    return t;

out_free_thread:
    slab_free(thread_cache, t);
    t = NULL;
out:
    return t;
}

void thread_start(struct thread *t)
{
    VX_ASSERT(atomic_load(&t->state) == THREAD_NEW);
    atomic_store(&t->state, THREAD_READY);
    sched_enqueue(t);
}

static void thread_free(struct thread *t)
{
    sched_thread_gone(t); /* a thread that never ran may still hold an RT reservation */
    spin_lock(&threads_lock);
    list_remove(&t->all_link);
    spin_unlock(&threads_lock);
    arch_ctx_fini(&t->ctx);
    stack_free(t->stack);
    slab_free(thread_cache, t);
}

void thread_get(struct thread *t)
{
    atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed);
}

void thread_put(struct thread *t)
{
    uint32_t old = atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel);
    VX_ASSERT(old > 0);
    if (old != 1)
        return;
    int st = atomic_load(&t->state);
    /* Invariant: the thread's own reference is dropped only once it is off its stack. */
    VX_ASSERT(st == THREAD_DEAD || st == THREAD_NEW);
    /* thread_finish_exit drops the thread's own reference inside exited.lock; ours may have
     * been the last one only a moment later, while it still holds the lock. Wait it out. */
    spin_lock(&t->exited.lock);
    spin_unlock(&t->exited.lock);
    thread_free(t);
}

void thread_discard(struct thread *t)
{
    VX_ASSERT(atomic_load(&t->state) == THREAD_NEW);
    atomic_fetch_sub_explicit(&t->refs, 1, memory_order_relaxed); /* its own: it never ran */
    thread_put(t);
}

void thread_finish_exit(struct thread *t)
{
    /* Its RT bandwidth is free as soon as it cannot run again. Before the reference drop
     * below: after it, a joiner may free t at any moment. */
    sched_thread_gone(t);
    spin_lock(&t->exited.lock);
    atomic_store(&t->state, THREAD_DEAD);
    /* Drop our own reference while the lock keeps joiners from dropping theirs: then a joiner
     * (or thread_put of a detached thread, below) is always the one that frees. */
    bool last = atomic_fetch_sub(&t->refs, 1) == 1;
    waitq_wake_locked(&t->exited, UINT32_MAX);
    spin_unlock(&t->exited.lock);
    if (last)
        thread_free(t);
}

_Noreturn void thread_exit(int status)
{
    struct thread *t = thread_current();
    VX_ASSERT(!t->is_idle);
    t->exit_status = status;
    atomic_store(&t->state, THREAD_EXITING);
    sched_block();
    VX_PANIC("an exited thread was resumed");
}

int thread_join(struct thread *t)
{
    spin_lock(&t->exited.lock);
    while (atomic_load(&t->state) != THREAD_DEAD)
        waitq_sleep_locked(&t->exited, 0);
    int status = t->exit_status;
    spin_unlock(&t->exited.lock);
    thread_put(t);
    return status;
}

vx_status_t thread_set_affinity(struct thread *t, uint64_t mask)
{
    uint64_t online = sched_ncpus() >= 64 ? UINT64_MAX : (1ull << sched_ncpus()) - 1;
    if (!(mask & online))
        return VX_EINVAL;
    return sched_change_affinity(t, mask);
}

struct thread *thread_current(void)
{
    return atomic_load_explicit(&cpu_self()->current, memory_order_relaxed);
}

struct thread *thread_current_or_null(void)
{
    uint32_t id = hio_cpu_self();
    if (id >= sched_ncpus())
        return NULL;
    struct thread *t = atomic_load_explicit(&sched_cpus[id].current, memory_order_relaxed);
    return t->is_idle ? NULL : t;
}

vx_status_t thread_sleep_until(uint64_t deadline_ns)
{
    struct waitq wq;
    waitq_init(&wq, "sleep");
    vx_status_t st = VX_OK;
    spin_lock(&wq.lock);
    while (st != VX_ECANCELED && hio_clock_ns() < deadline_ns)
        st = waitq_wait_locked(&wq, deadline_ns, NULL);
    spin_unlock(&wq.lock);
    return st == VX_ECANCELED ? st : VX_OK;
}

void thread_sleep_ns(uint64_t ns)
{
    thread_sleep_until(hio_clock_ns() + ns);
}

const char *thread_state_name(int state)
{
    static const char *const names[] = {"new",     "ready",   "running", "blocked",
                                        "waking",  "exiting", "dead"};
    return state >= 0 && state <= THREAD_DEAD ? names[state] : "?";
}

void thread_for_each(void (*fn)(const struct thread_info *info, void *arg), void *arg)
{
    struct list_node *n;
    spin_lock(&threads_lock);
    list_for_each(n, &threads) {
        struct thread *t = list_entry(n, struct thread, all_link);
        struct thread_info info = {
            .id = t->id,
            .state = atomic_load(&t->state),
            .prio = atomic_load(&t->prio),
            .cpu = atomic_load(&t->cpu),
            .affinity = atomic_load(&t->affinity),
            .switches = atomic_load(&t->switches),
            .run_ns = atomic_load(&t->run_ns),
        };
        spin_lock(&t->se.lock);
        info.rt_period_ns = t->se.cbs.period_ns;
        info.rt_budget_ns = t->se.cbs.period_ns ? t->se.cbs.budget_ns : 0;
        info.rt_postponed = t->se.postponed;
        info.boosted = t->se.boosted;
        spin_unlock(&t->se.lock);
        vx_strlcpy(info.name, t->name, sizeof info.name);
        fn(&info, arg);
    }
    spin_unlock(&threads_lock);
}
