/*
 * hostio.h - the I/O shim: everything the VaelixOS core may ask of its host.
 *
 * The core (src/, personality/, ui/) is freestanding C. It reaches the machine it runs on
 * through these functions only; hostio/linux/ implements them on Linux (memfd, pthreads,
 * futexes, libuv, libsodium), and a bare-metal backend will implement the same header with
 * virtio-mmio, a UART, a PLIC and SBI timers.
 *
 * Rules of this header (after NetBSD's rumpuser.h):
 *   - It includes nothing of the host. Only fixed-width integers and opaque pointers cross it.
 *   - Calls return a status (HIO_OK or a negative HIO_E* code) and pass data through pointers.
 *     The codes are numerically equal to the kernel's VX_E* codes (src/include/vx/status.h);
 *     the kernel asserts that at compile time, so a status passes through unchanged.
 *   - Sections: handshake, memory, CPUs, time, synchronization, console, entropy, power and
 *     panic, faults (of system tasks), execution contexts (for debugging tools). Block, net,
 *     display, crypto and the trace sink are declared here when they land.
 *   - Any host thread may call any function unless the comment says otherwise.
 */
#ifndef HOSTIO_H
#define HOSTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Status codes ------------------------------------------------------------------------- */

#define HIO_OK       0
#define HIO_ENOMEM   (-1)  /* the host refused memory */
#define HIO_EINVAL   (-2)  /* an argument is out of range */
#define HIO_ENOTSUP  (-7)  /* this host cannot do that (e.g. guard pages with 64 KiB pages) */
#define HIO_EIO      (-8)  /* the host reported an I/O error */
#define HIO_EAGAIN   (-5)  /* nothing available now; try again after the next interrupt */
#define HIO_EOF      (-13) /* the stream has ended (console input closed) */

/* ---- Handshake ------------------------------------------------------------------------------
 * The kernel calls hio_probe() first and refuses to boot on a version mismatch, so a core and a
 * backend built from different trees fail loudly instead of misbehaving.
 */
#define HIO_VERSION 1

struct hio_machine {
    uint32_t version;       /* HIO_VERSION of the backend */
    uint32_t host_cpus;     /* CPUs the host offers this process */
    uint32_t page_size;     /* host page size in bytes */
    bool console_is_tty;    /* console input is an interactive terminal (raw mode) */
    char backend[32];       /* e.g. "linux" */
    char host_arch[16];     /* e.g. "x86_64" */
    char host_name[64];     /* host kernel and release, for the boot log */
};

/* Fill *m with facts about the host. Returns HIO_EINVAL if version != HIO_VERSION. */
int hio_probe(uint32_t version, struct hio_machine *m);

/* ---- Memory ---------------------------------------------------------------------------------
 * Physical memory is one region the host maps once. The kernel treats offsets into it as
 * physical addresses. The host heap is not the kernel's: everything the OS allocates comes
 * from this region.
 */
#define HIO_PAGE_SIZE 4096u

/* Map the physical region of `bytes` (a multiple of HIO_PAGE_SIZE). Call once.
 * Returns HIO_ENOMEM if the host refuses, HIO_EINVAL for a bad size. */
int hio_mem_map(uint64_t bytes, void **base);

/* Protection for hio_mem_protect. */
#define HIO_PROT_NONE  0u
#define HIO_PROT_READ  1u
#define HIO_PROT_WRITE 2u

/* Change the host protection of whole pages inside the region (guard pages below kernel
 * stacks). `addr` and `len` must be page aligned. Returns HIO_ENOTSUP when the host's page
 * size is larger than HIO_PAGE_SIZE: the kernel then runs without guard pages. */
int hio_mem_protect(void *addr, uint64_t len, uint32_t prot);

/* Tell the host's memory checker (ASan, or Valgrind memcheck) that a range is free and must not
 * be touched (poison), or is allocated again (unpoison). No-ops in plain builds. Allocators
 * call these so a use-after-free of a kernel object is caught by the host's tools. */
void hio_mem_poison(void *addr, uint64_t len);
void hio_mem_unpoison(void *addr, uint64_t len);

/* True when a memory checker is watching (an ASan build, or a run under Valgrind), i.e. when
 * poisoning does anything. Constant for the life of the process, so allocators ask once and
 * skip the calls on their fast paths otherwise. */
bool hio_mem_checked(void);

/* ---- CPUs -----------------------------------------------------------------------------------
 * A vCPU is a host thread. The kernel owns each vCPU's interrupt word: a bit mask of pending
 * interrupts (HIO_IRQ_*). hio_cpu_raise() sets bits in it and wakes the vCPU if it is halted;
 * the kernel reads and clears it itself with atomics, which is how the interpreter can poll it
 * cheaply at block boundaries.
 */
#define HIO_MAX_CPUS  8u
#define HIO_CPU_NONE  0xffffffffu /* hio_cpu_self() on a host thread that is not a vCPU */

#define HIO_IRQ_IPI     (1u << 0) /* another vCPU wants this one to look at its queues */
#define HIO_IRQ_TIMER   (1u << 1) /* this vCPU's timer deadline has passed */
#define HIO_IRQ_CONSOLE (1u << 2) /* console input is available or has ended */

typedef void (*hio_cpu_entry_fn)(uint32_t cpu);

/* Start vCPU `cpu` (< HIO_MAX_CPUS) as a host thread that calls entry(cpu). `irq_word` is the
 * kernel's interrupt word for that vCPU; it must stay valid until hio_cpu_join_all() returns.
 * Returns HIO_ENOMEM if the host cannot make a thread. */
int hio_cpu_start(uint32_t cpu, _Atomic uint32_t *irq_word, hio_cpu_entry_fn entry);

/* Which vCPU is the calling host thread? HIO_CPU_NONE if it is none. */
uint32_t hio_cpu_self(void);

/* Halt the calling vCPU until its interrupt word is non-zero or the clock reaches
 * deadline_ns (0: no deadline). On reaching the deadline it raises HIO_IRQ_TIMER itself.
 * Returns at once if an interrupt is already pending. Only the vCPU itself calls this. */
void hio_cpu_halt(uint32_t cpu, uint64_t deadline_ns);

/* Set `irq_bits` in vCPU `cpu`'s interrupt word and wake it if halted (an IPI when the caller
 * is a vCPU, a device interrupt when it is the host's event loop). */
void hio_cpu_raise(uint32_t cpu, uint32_t irq_bits);

/* Wait, on the host thread that booted the kernel, until every started vCPU's entry function
 * has returned. */
void hio_cpu_join_all(void);

/* ---- Time -----------------------------------------------------------------------------------
 * One monotonic clock in nanoseconds, zero at hostio start-up, and one timer deadline per vCPU.
 * Tickless: the kernel arms the next deadline it cares about; nothing ticks in between.
 */
uint64_t hio_clock_ns(void);

/* Nanoseconds since the Unix epoch (for wall-clock displays only; it may jump). */
uint64_t hio_wallclock_ns(void);

/* Arm vCPU `cpu`'s timer: when hio_clock_ns() >= deadline_ns, HIO_IRQ_TIMER is raised on it,
 * whether it is halted or running. 0 disarms. A later call replaces the deadline. */
void hio_timer_arm(uint32_t cpu, uint64_t deadline_ns);

/* ---- Synchronization ------------------------------------------------------------------------
 * Wait-on-address, for the slow path of the kernel's adaptive spinlock: a vCPU that has spun
 * long enough sleeps here instead of burning the host core. On bare metal these spin.
 */

/* Sleep while *addr == expected (rechecked atomically by the host), at most timeout_ns
 * (0: no limit). Spurious returns are allowed; callers loop. */
void hio_wait_on(_Atomic uint32_t *addr, uint32_t expected, uint64_t timeout_ns);

/* Wake up to `count` waiters sleeping on addr (UINT32_MAX: all). */
void hio_wake(_Atomic uint32_t *addr, uint32_t count);

/* ---- Console --------------------------------------------------------------------------------
 * A byte stream to and from the user. When input is a terminal the backend puts it in raw mode
 * (the kernel echoes and edits lines itself) and restores it on every exit path; when input is
 * a pipe or a file, bytes pass as they are and the end of input is reported as HIO_EOF.
 */

/* Write all `len` bytes (blocking). Returns HIO_EIO if the host's output is gone. */
int hio_console_write(const void *buf, size_t len);

/* The host's two output streams, for a console device that keeps them apart (vaelix exec). */
#define HIO_STDOUT 1u
#define HIO_STDERR 2u

/* Write all `len` bytes to stream HIO_STDOUT or HIO_STDERR (blocking), in order with
 * hio_console_write's. HIO_EIO: that output is gone; HIO_EINVAL: no such stream. */
int hio_console_write_stream(uint32_t stream, const void *buf, size_t len);

/* Take up to `len` bytes of pending input without blocking. Returns the number of bytes
 * (> 0), HIO_EAGAIN when none is pending, or HIO_EOF once input has ended and is drained.
 * New input raises HIO_IRQ_CONSOLE on the vCPU chosen with hio_console_route(). */
int64_t hio_console_read(void *buf, size_t len);

/* Deliver console interrupts to vCPU `cpu` (default 0). */
void hio_console_route(uint32_t cpu);

/* ---- Entropy --------------------------------------------------------------------------------
 */

/* Fill buf with `len` bytes from the host's cryptographic random source. */
int hio_entropy(void *buf, size_t len);

/* ---- Power and panic ------------------------------------------------------------------------
 */

/* Record the machine's exit status and ask every vCPU to stop: HIO_IRQ_IPI is raised on all
 * vCPUs; the kernel's idle loops see that the machine is powering off and return from their
 * entry functions, after which the booting host thread gets `status` back from
 * hio_power_status(). */
void hio_power_off(int status);

/* The status given to hio_power_off() (0 if none). */
int hio_power_status(void);

/* Stop at once with a message: restore the terminal, print msg, and abort so a debugger or
 * core dump shows where. Used for kernel bugs only, never for anything a guest controls. */
_Noreturn void hio_panic(const char *msg);

/* ---- Faults ---------------------------------------------------------------------------------
 * A system task's code runs natively on a kernel thread, so a bug in it (a wild pointer, a
 * division by zero, a stack overflow into the guard page) raises a host signal. That must end
 * the task, not the process (DESIGN.md section 5). The kernel arms a catcher on a vCPU while
 * that vCPU runs a system task's code and disarms it while kernel code runs. When the host
 * reports a fault (SIGSEGV, SIGBUS, SIGFPE or SIGILL raised by an instruction) on a vCPU whose
 * catcher is armed, hostio records it in the catcher, disarms it, and makes the vCPU continue,
 * once the signal handler has returned, with c->recover(c) on the faulting thread's own stack,
 * just below c->resume_sp: the frames between the fault and resume_sp are abandoned (and
 * unpoisoned for ASan and Valgrind). recover is ordinary code, not a signal handler; it must
 * not return.
 * Every other fault (catcher disarmed: kernel code; not a vCPU; a signal sent by kill()) goes
 * where it would have gone without hostio: the handler installed before (ASan's, TSan's) or
 * the default action, so a kernel bug still stops the process with a report or a core.
 * Each vCPU thread has an alternate signal stack (its own, or the one ASan gave the thread),
 * so an overflow of a kernel stack is reported too.
 */
#define HIO_FAULT_READ    1u /* a load from an address not mapped readable */
#define HIO_FAULT_WRITE   2u /* a store to an address not mapped writable */
#define HIO_FAULT_EXEC    3u /* an instruction fetch from an address not mapped executable */
#define HIO_FAULT_ACCESS  4u /* a memory fault the host cannot place; addr is 0 */
#define HIO_FAULT_BUS     5u /* a bus error (SIGBUS) */
#define HIO_FAULT_DIVIDE  6u /* an integer division by zero or overflow; addr is the pc */
#define HIO_FAULT_ILLEGAL 7u /* an illegal instruction; addr is the pc */
/* (HIO_FAULT_ACCESS: on x86-64, a general-protection fault such as a non-canonical address.) */

struct hio_fault {
    uint32_t kind;  /* HIO_FAULT_* */
    uint32_t signo; /* the host's signal number, for messages */
    uint64_t addr;  /* the address that faulted */
    uint64_t pc;    /* the faulting instruction */
    uint64_t sp;    /* the stack pointer at the fault */
};

struct hio_fault_catcher {
    void (*recover)(struct hio_fault_catcher *c); /* runs after a fault; must not return */
    void *resume_sp;        /* recover's frame goes below this address (aligned by hostio) */
    void *stack_lo;         /* lowest usable address of that stack */
    struct hio_fault fault; /* written by hostio before recover runs */
};

/* Install the fault handlers for the whole process. Call before the first vCPU starts; later
 * calls do nothing. Returns HIO_EIO if the host refuses. */
int hio_fault_init(void);

/* Arm c on the calling vCPU (NULL: disarm) and return the catcher armed before (NULL: none).
 * A fault is caught only on a vCPU thread and while its catcher is armed; on any other thread
 * arming has no effect. Cheap (a thread-local load and store): the kernel calls this around
 * every kernel call of a system task. */
struct hio_fault_catcher *hio_fault_catch(struct hio_fault_catcher *c);

/* ---- Execution contexts ---------------------------------------------------------------------
 * The kernel switches its threads' stacks with a short assembly routine. The host's debugging
 * tools must be told, or they lose track: ASan (fake stacks, stack bounds), TSan (fibers) and
 * Valgrind (registered stacks). The arch code calls these around every switch; in a plain
 * build they cost a call and do nothing else.
 *
 * Sequence for a switch from context A to context B:
 *   hio_ctx_switch_begin(A, B, A_is_exiting); <assembly switch>; ... (now running on B)
 *   hio_ctx_switch_end(B);
 * A new context's first code must call hio_ctx_switch_end() on itself too.
 */
struct hio_ctx {
    void *stack_lo;     /* lowest usable address of the stack */
    uint64_t stack_len; /* bytes */
    void *tool[2];      /* backend-private: ASan fake stack, TSan fiber */
    uint32_t tool_id;   /* backend-private: Valgrind stack id */
};

/* Describe a new stack [lo, lo+len). With lo == NULL, describe the calling host thread's own
 * stack (a vCPU's boot context). */
void hio_ctx_init(struct hio_ctx *c, void *lo, uint64_t len);

/* Forget a stack that no context will run on again. */
void hio_ctx_fini(struct hio_ctx *c);

void hio_ctx_switch_begin(struct hio_ctx *from, struct hio_ctx *to, bool from_exiting);
void hio_ctx_switch_end(struct hio_ctx *now);

#endif /* HOSTIO_H */
