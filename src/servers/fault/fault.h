/*
 * servers/fault/fault.h - builtins that fault on purpose, for the tests of fault isolation
 * (docs/task.md, "Faults of system tasks"). Each is a system task whose own code faults at
 * once, in one way; the kernel must kill it as FAULTED, say so, and carry on.
 *
 *   fault-write   stores to fault_readonly, a read-only page: store page fault at that address
 *   fault-divide  divides an integer by zero: integer division trap (on x86-64 hosts; AArch64
 *                 does not trap on division, so there it exits with FAULT_NO_TRAP instead)
 *   fault-stack   recurses until its kernel stack's guard page: store page fault just below
 *                 its stack. It first writes the address of a local variable (8 bytes, host
 *                 order) to its bootstrap channel, if it has one, so a test can place the fault.
 *
 * Public API only. They end at once, so they need nothing from their bootstrap channel.
 */
#ifndef SERVERS_FAULT_H
#define SERVERS_FAULT_H

/* What fault-divide exits with on a host whose division does not trap. */
#define FAULT_NO_TRAP 42

/* The target of fault-write: a constant, so it sits in a read-only page. */
extern const char fault_readonly[];

/* Entry points (vx_task_create_builtin): arg is a struct vx_startup *. */
int fault_write_main(void *arg);
int fault_divide_main(void *arg);
int fault_stack_main(void *arg);

#endif /* SERVERS_FAULT_H */
