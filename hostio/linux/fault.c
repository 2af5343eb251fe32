/*
 * hostio/linux/fault.c - catching the faults of system tasks (hostio.h, "Faults").
 *
 * One handler for SIGSEGV, SIGBUS, SIGFPE and SIGILL, installed for the whole process with
 * SA_ONSTACK; each vCPU thread runs it on an alternate signal stack (hio_fault_thread_start),
 * so even a kernel stack overflow into its guard page reaches it. The armed catcher is a
 * thread-local pointer: a vCPU is one host thread, and the kernel re-arms it on whichever
 * vCPU a system task's thread comes back to from a kernel call.
 *
 * A caught fault is not unwound with siglongjmp: the handler rewrites the signal context so
 * that the return from the handler (sigreturn) "calls" catcher->recover on the faulting
 * thread's stack (fault_<arch>.c). The signal mask and the alternate stack are then restored
 * by the host kernel as after any handler, and ASan, TSan and Valgrind, which all wrap signal
 * handlers, see an ordinary return.
 *
 * Anything else is passed on: the handler puts back the action it found at install time
 * (ASan's or TSan's handler, or the default) and returns, so the faulting instruction runs
 * again and faults to that action; a signal sent with kill() is sent again instead.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

#include "hostio.h"
#include "internal.h"

#define ALT_STACK_BYTES (64u * 1024u) /* the handler, plus what ASan or TSan run around it */
#define GUARD_BYTES     4096u         /* below the alternate stack: its overflow faults */

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
#define NSIGNALS (sizeof fault_signals / sizeof fault_signals[0])

/* The actions found at install time, by index in fault_signals. Written once, before any vCPU
 * exists (hio_fault_init's contract), read by the handler. */
static struct sigaction previous[NSIGNALS];
static atomic_bool installed;

/* Lock key: (v) the vCPU's own thread and its signal handler. */
static _Thread_local struct hio_fault_catcher *_Atomic armed; /* (v) */
static _Thread_local void *own_alt_stack;                     /* (v) mapped by us, or NULL */

struct hio_fault_catcher *hio_fault_catch(struct hio_fault_catcher *c)
{
    struct hio_fault_catcher *old = atomic_load_explicit(&armed, memory_order_relaxed);
    atomic_store_explicit(&armed, c, memory_order_relaxed);
    /* The handler runs on this thread: order the store before the code that follows. */
    atomic_signal_fence(memory_order_seq_cst);
    return old;
}

static uint32_t kind_of(int signo)
{
    switch (signo) {
    case SIGBUS:
        return HIO_FAULT_BUS;
    case SIGFPE:
        return HIO_FAULT_DIVIDE;
    case SIGILL:
        return HIO_FAULT_ILLEGAL;
    default:
        return HIO_FAULT_ACCESS; /* SIGSEGV: fault_<arch>.c looks closer */
    }
}

/* Not ours: put back the action we displaced and let it have the fault. The process is
 * about to die, so give the terminal back first (the displaced action may print a report). */
static void pass_on(int signo, const siginfo_t *si)
{
    hio_console_restore_tty();
    for (unsigned i = 0; i < NSIGNALS; i++) {
        if (fault_signals[i] == signo)
            sigaction(signo, &previous[i], NULL);
    }
    /* A fault repeats when its instruction runs again; a sent signal does not. */
    if (si->si_code <= 0)
        raise(signo);
}

static void on_fault(int signo, siginfo_t *si, void *uctx)
{
    int saved_errno = errno;
    struct hio_fault_catcher *c = atomic_load_explicit(&armed, memory_order_relaxed);
    /* si_code > 0: raised by the host kernel for an instruction (SI_KERNEL included). */
    if (c == NULL || si->si_code <= 0 || hio_cpu_self() == HIO_CPU_NONE) {
        pass_on(signo, si);
        errno = saved_errno;
        return;
    }
    atomic_store_explicit(&armed, NULL, memory_order_relaxed); /* a fault in recover is a bug */
    c->fault = (struct hio_fault){
        .kind = kind_of(signo), .signo = (uint32_t)signo, .addr = (uint64_t)(uintptr_t)si->si_addr};
    hio_fault_decode(uctx, &c->fault);
    /* The instruction is the address of these. (Valgrind's si_addr for SIGFPE is not.) */
    if (c->fault.kind == HIO_FAULT_DIVIDE || c->fault.kind == HIO_FAULT_ILLEGAL)
        c->fault.addr = c->fault.pc;
    /* The frames between the fault and resume_sp are abandoned with their redzones still
     * poisoned (ASan); recover's frames will reuse that memory. A stack overflow's sp may lie
     * in the guard page or below, outside the stack. */
    uintptr_t lo = (uintptr_t)c->fault.sp, top = (uintptr_t)c->resume_sp;
    if (lo < (uintptr_t)c->stack_lo)
        lo = (uintptr_t)c->stack_lo;
    if (lo < top)
        hio_mem_unpoison((void *)lo, top - lo);
    hio_fault_redirect(uctx, c->recover, c, (uint64_t)top);
    errno = saved_errno;
}

int hio_fault_init(void)
{
    bool expected = false;
    if (!atomic_compare_exchange_strong(&installed, &expected, true))
        return HIO_OK;
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < NSIGNALS; i++) {
        if (sigaction(fault_signals[i], &sa, &previous[i]) != 0)
            return HIO_EIO;
    }
    return HIO_OK;
}

void hio_fault_thread_start(void)
{
    stack_t cur;
    /* ASan gives every thread an alternate stack of its own: keep it. */
    if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
        return;
    char *map = mmap(NULL, GUARD_BYTES + ALT_STACK_BYTES, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return; /* faults are still caught; only a stack overflow is not */
    mprotect(map, GUARD_BYTES, PROT_NONE);
    stack_t ss = {.ss_sp = map + GUARD_BYTES, .ss_size = ALT_STACK_BYTES, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) {
        munmap(map, GUARD_BYTES + ALT_STACK_BYTES);
        return;
    }
    own_alt_stack = map;
}

void hio_fault_thread_stop(void)
{
    atomic_store_explicit(&armed, NULL, memory_order_relaxed);
    if (own_alt_stack == NULL)
        return;
    stack_t ss = {.ss_flags = SS_DISABLE};
    sigaltstack(&ss, NULL);
    munmap(own_alt_stack, GUARD_BYTES + ALT_STACK_BYTES);
    own_alt_stack = NULL;
}
