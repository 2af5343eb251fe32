/*
 * vx/task.h - public kernel API: tasks, threads and jobs.
 *
 * A task is a handle table plus, for a guest process, an address space; its threads run
 * either guest code (riscv64, interpreted) or, for system tasks, native code. Every task
 * belongs to a job. A job caps what the tasks under it (and its child jobs) may use; a call
 * that would go over a cap fails with VX_ELIMIT and the refusal is counted in the job.
 */
#ifndef VX_TASK_H
#define VX_TASK_H

#include <stdint.h>

/* Job resources (vx_job_set_limit, struct vx_job_info). */
#define VX_JOB_PAGES   0u /* committed memory pages of the VMOs its tasks created */
#define VX_JOB_HANDLES 1u /* handles in any one task's table */
#define VX_JOB_THREADS 2u /* threads alive in the job */
#define VX_JOB_TASKS   3u /* tasks alive in the job */
#define VX_JOB_NRES    4u
#define VX_JOB_UNLIMITED UINT64_MAX

struct vx_job_info {
    uint64_t used[VX_JOB_NRES];    /* in this job and its children */
    uint64_t limit[VX_JOB_NRES];
    uint64_t refused[VX_JOB_NRES]; /* calls refused for this cap */
};

/* Why a task ended (struct vx_task_info.reason). */
#define VX_TASK_RUNNING 0u
#define VX_TASK_EXITED  1u /* vx_task_exit, or its last thread ended */
#define VX_TASK_KILLED  2u /* vx_task_kill */
#define VX_TASK_FAULTED 3u /* a fault the kernel could not resolve */

/* Fault causes (struct vx_task_info.exit_code of a FAULTED task). A guest's are the RISC-V
 * exception codes (mcause, privileged spec 3.1.15); a system task's native faults use the same
 * code where one fits and codes from RISC-V's custom range (24..31) where none does. */
#define VX_FAULT_FETCH_MISALIGNED 0u
#define VX_FAULT_FETCH_ACCESS     1u
#define VX_FAULT_ILLEGAL          2u /* tval: the instruction bits (native: its address) */
#define VX_FAULT_BREAKPOINT       3u
#define VX_FAULT_LOAD_MISALIGNED  4u
#define VX_FAULT_LOAD_ACCESS      5u /* native: a memory fault the host cannot place, at 0 */
#define VX_FAULT_STORE_MISALIGNED 6u
#define VX_FAULT_STORE_ACCESS     7u
#define VX_FAULT_FETCH_PAGE       12u /* instruction page fault */
#define VX_FAULT_LOAD_PAGE        13u
#define VX_FAULT_STORE_PAGE       15u /* store or AMO */
#define VX_FAULT_DIVIDE           24u /* native: integer division by zero or overflow */
#define VX_FAULT_BUS              25u /* native: a bus error (host SIGBUS) */

struct vx_task_info {
    uint64_t koid;
    int64_t exit_code;   /* EXITED: the code; FAULTED: the cause (VX_FAULT_*) */
    uint64_t fault_addr; /* FAULTED: the faulting address (tval) */
    uint64_t fault_pc;   /* FAULTED: pc of the faulting instruction */
    uint32_t reason;     /* VX_TASK_* */
    uint32_t threads;    /* alive */
    char name[32];
};
_Static_assert(sizeof(struct vx_task_info) == 72, "vx_task_info layout");

/* What vx_elf_load reports. */
struct vx_elf_info {
    uint64_t entry;    /* where to start the first thread */
    uint64_t sp;       /* its stack pointer: argc, argv, envp, auxv as Linux lays them out */
    uint64_t base;     /* load bias of a PIE (0 for a fixed-address program) */
    uint64_t stack_lo; /* lowest address of the stack mapping */
    uint64_t end;      /* first page past the highest segment (where a heap may begin) */
};

/* What vx_bootfs_stat reports about an entry of the boot image. */
#define VX_BOOTFS_FILE    1u
#define VX_BOOTFS_DIR     2u
#define VX_BOOTFS_SYMLINK 3u
#define VX_BOOTFS_TARGET_MAX 256u /* a symlink target's bytes, NUL included */
struct vx_bootfs_stat {
    uint32_t type; /* VX_BOOTFS_* */
    uint32_t mode; /* permission bits as packed (07777) */
    uint64_t size; /* file: its bytes; directory: its listing's bytes; symlink: target bytes */
    char target[VX_BOOTFS_TARGET_MAX]; /* symlink: the target, NUL-terminated; else "" */
};
_Static_assert(sizeof(struct vx_bootfs_stat) == 272, "vx_bootfs_stat layout");

/* What a system task gets as its entry argument: the handles the kernel put in its table,
 * and the host's argument. Init (started by the kernel) gets job, bootfs and host_arg; a
 * builtin started with vx_task_create_builtin gets only bootstrap. Absent handles are 0. */
struct vx_startup {
    uint32_t job;       /* init: the root job (all rights) */
    uint32_t bootfs;    /* init: a VMO holding the initrd (a newc cpio archive), 0 if none */
    uint32_t bootstrap; /* a builtin: the handle its starter passed (vinit: a channel) */
    uint32_t console;   /* init: the console device, a channel (vx/console.h) */
    void *host_arg;     /* init: vx_boot_params.init_arg */
};

/* ---- ABI handlers (vx_task_set_abi) ------------------------------------------------------
 * A personality (DESIGN.md section 6) runs the guests it starts under another system call ABI
 * than this one. It registers a handler for such a task before starting it; from then on a
 * guest `ecall` whose a7 is below VX_SYSCALL_BASE is not refused by the kernel but handed to
 * the handler, on the calling guest thread, with the thread's registers. The handler is
 * native code of the personality: while it runs, the vx_* calls it makes act for the guest
 * task (its handle table, its jobs) but take host pointers, as a system task's calls do; it
 * reaches guest memory with vx_vm_copy. Whatever it leaves in the registers is what the guest
 * resumes with (pc already points past the ecall; a handler may change it). */

/* The guest thread's registers as the handler sees and changes them. */
struct vx_guest_regs {
    uint64_t x[32]; /* x[0] is ignored; a0 = x[10], a7 = x[17] */
    uint64_t f[32]; /* raw bits; single-precision values are NaN-boxed */
    uint64_t pc;
    uint64_t instret;
    uint32_t fcsr;
};

/* Why the handler runs (vx_abi_trap.cause). */
#define VX_ABI_START   0u /* a thread of the task is about to run its first guest instruction
                           * (registers as vx_task_start / vx_thread_start set them) */
#define VX_ABI_SYSCALL 8u /* an ecall from the guest (RISC-V's cause code) with a7 < base */
#define VX_ABI_PREEMPT 16u /* the thread used up an instruction budget (VX's own code): a
                            * chance to act on a running thread (deliver a signal); the
                            * handler usually just returns */
#define VX_ABI_FAULT   17u /* the thread took a fault the kernel cannot resolve: `fault` says
                            * which (VX_FAULT_*), tval the address (or instruction bits), pc
                            * the faulting instruction. The handler moves pc elsewhere (to a
                            * signal handler) or ends the task; if it leaves pc where it was,
                            * the kernel kills the task with the fault, as without a handler */

struct vx_abi_trap {
    uint32_t cause;    /* VX_ABI_* */
    uint32_t fault;    /* VX_ABI_FAULT: VX_FAULT_*; else 0 */
    uint64_t tval;     /* VX_ABI_FAULT: the address; else 0 */
    void **thread_data; /* one word per guest thread, kept for the handler (NULL at the
                         * thread's start): where it finds its own record of the thread */
};

typedef void (*vx_abi_fn)(void *ctx, const struct vx_abi_trap *trap, struct vx_guest_regs *regs);

#endif /* VX_TASK_H */
