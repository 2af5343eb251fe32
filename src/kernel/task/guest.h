/*
 * task/guest.h - the kernel side of a guest thread: run the interpreter, handle its traps.
 *
 * A guest thread's kernel thread runs guest_main: rv_run on the hart of the vCPU it is on,
 * for at most GUEST_BUDGET instructions at a time, then handle whatever stopped it:
 *   ecall          a kernel call (syscall/), then continue after the ecall;
 *   page fault     as_fault; if the address space cannot resolve it, the task is killed
 *                  with VX_TASK_FAULTED (the fault is logged and kept in the task's info);
 *   budget, poke   let the scheduler run others if an interrupt is pending or the thread's
 *                  slice (PARAM_SLICE_NS) is used up; stop if the thread was told to;
 *   anything else  (illegal instruction, ebreak, misaligned atomic, access fault) kills the
 *                  task as a fault.
 */
#ifndef TASK_GUEST_H
#define TASK_GUEST_H

#include <stdint.h>

struct uthread;

/* Instructions per rv_run call: bounds how long a guest can keep its vCPU from noticing an
 * interrupt (about 100 µs at the interpreter's speed). */
#define GUEST_BUDGET 65536u

/* The kernel-thread entry of a guest thread (arg: its struct uthread). */
int guest_main(void *arg);

/* Make a running guest thread leave guest code soon (to see its stop flag). Any thread. */
void guest_poke(struct uthread *ut);

#endif /* TASK_GUEST_H */
