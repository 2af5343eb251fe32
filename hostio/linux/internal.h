/*
 * hostio/linux/internal.h - how the pieces of the Linux backend talk to each other.
 *
 * Nothing outside hostio/linux includes this. The backend is a few small mechanisms:
 *   cpu.c      vCPU threads, halt and raise (futex on the interrupt word)
 *   time.c     the clock and the per-vCPU timer deadlines
 *   loop.c     one libuv loop on the host thread "hostio-loop", started on first need
 *   console.c  output by write(2); input read by the loop into a ring buffer
 *   power.c    power-off and panic
 *   fault.c    the fault signal handler and the catchers of system tasks; fault_<arch>.c
 *              reads and rewrites the host CPU's signal context
 *
 * Threads: vCPU threads and the booting thread call the public functions; the loop thread
 * runs libuv callbacks only. Code that runs on the loop thread never takes the loop's start
 * lock (hio_loop_stop holds it while it joins the loop thread).
 */
#ifndef HOSTIO_LINUX_INTERNAL_H
#define HOSTIO_LINUX_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "hostio.h"

/* ---- cpu.c ---- */

/* Raise `irq_bits` on every started vCPU (power-off's IPI). */
void hio_cpu_raise_all(uint32_t irq_bits);

/* ---- fault.c: called by each vCPU thread around its entry function ---- */

/* Give the calling thread an alternate signal stack unless it has one (ASan's). */
void hio_fault_thread_start(void);
/* Disarm its catcher and unmap the alternate stack hio_fault_thread_start mapped. */
void hio_fault_thread_stop(void);

/* ---- fault_<arch>.c: the host CPU's side, called by the signal handler ---- */

/* Fill f->pc and f->sp from the signal context `uctx` (a ucontext_t), and for a SIGSEGV
 * (f->signo) say which access faulted in f->kind (HIO_FAULT_ACCESS and addr 0 if the CPU does
 * not say). */
void hio_fault_decode(const void *uctx, struct hio_fault *f);

/* Rewrite `uctx` so that when the handler returns the thread calls fn(arg) with its stack
 * pointer just below sp (aligned as the ABI wants), as if from a call that never returns. */
void hio_fault_redirect(void *uctx, void (*fn)(struct hio_fault_catcher *),
                        struct hio_fault_catcher *arg, uint64_t sp);

/* ---- power.c ---- */

/* Has hio_power_off been called since the last hio_cpu_join_all? A vCPU started after
 * power-off began is sent the IPI at once, so it stops like the others. */
bool hio_power_pending(void);

/* The machine has stopped (every vCPU joined): the next boot starts powered on. The status
 * stays readable until the next hio_power_off. */
void hio_power_rearm(void);

/* ---- time.c: timer deadlines (0: disarmed) ---- */

/* The deadline armed for `cpu`, or 0. */
uint64_t hio_timer_deadline(uint32_t cpu);

/* Consume `cpu`'s deadline if it is still `deadline_ns` and raise HIO_IRQ_TIMER on it; the
 * compare-and-swap makes sure each armed deadline is raised once, whether the halting vCPU
 * or the loop gets there first. */
void hio_timer_fire(uint32_t cpu, uint64_t deadline_ns);

/* Fire every deadline at or before now_ns; return the earliest one left (UINT64_MAX: none). */
uint64_t hio_timer_expire(uint64_t now_ns);

/* ---- loop.c ---- */

/* Work the loop thread does when asked (bits for hio_loop_post). */
#define HIO_WORK_TIMERS  (1u << 0) /* rescan the timer deadlines */
#define HIO_WORK_CONSOLE (1u << 1) /* open console input, or resume reading it */

/* Ask the loop thread to do `work`, starting the loop first if it is not running.
 * Returns HIO_ENOMEM if the loop thread cannot be started. Never call from the loop thread. */
int hio_loop_post(uint32_t work);

/* A deadline was armed: make sure the loop's timer goes off no later than deadline_ns. */
void hio_loop_want_timer(uint64_t deadline_ns);

/* Close every handle, end and join the loop thread, close the loop. The next post starts a
 * fresh loop. Called by hio_cpu_join_all on the booting thread. */
void hio_loop_stop(void);

/* ---- console.c: called on the loop thread ---- */

struct uv_loop_s;

/* Open console input if it is not open, or resume reading after the ring drained. */
void hio_console_service(struct uv_loop_s *loop);

/* Stop reading and close the input handle (bytes already in the ring stay there). */
void hio_console_close(void);

/* ---- console.c: main.c's settings ---- */

/* Send the kernel's console lines (hio_console_write) to fd 1, 2, or nowhere (-1). */
void hio_console_log_to(int fd);

/* ---- console.c: any thread, signal handlers too ---- */

/* Put the terminal back the way we found it. Async-signal-safe; harmless if never changed. */
void hio_console_restore_tty(void);

/* ---- ctx.c ---- */

/* The calling host thread's own stack: lowest address and length. */
void hio_thread_stack(void **lo, uint64_t *len);

/* The part of hio_ctx_init every tools variant shares: clear the tool fields and record the
 * stack bounds ([lo, lo+len), or the calling thread's own stack when lo is NULL). Returns true
 * for a new stack, false for the calling thread's own. */
bool hio_ctx_describe(struct hio_ctx *c, void *lo, uint64_t len);

#endif /* HOSTIO_LINUX_INTERNAL_H */
