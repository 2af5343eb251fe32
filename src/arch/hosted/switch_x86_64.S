/*
 * arch/hosted/switch_x86_64.S - switch kernel stacks on an x86-64 host (System V ABI).
 *
 * void arch_switch_stack(void **save_sp, void *new_sp)
 *   Push the callee-saved registers on the current stack, store the stack pointer in *save_sp,
 *   load new_sp, pop the registers saved there, return into the other context. The caller
 *   saved everything else, so six pushes are the whole switch. MXCSR and the x87 control word
 *   are callee-saved too, but kernel code never changes them, so they are not switched.
 *
 * arch_ctx_trampoline
 *   Where a new context "returns" to the first time: arch_ctx_init left the entry function in
 *   r12 and its argument in r13. The stack is 16-byte aligned here as for a call.
 */
    .text
    .globl arch_switch_stack
    .type arch_switch_stack, @function
arch_switch_stack:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size arch_switch_stack, .-arch_switch_stack

    .globl arch_ctx_trampoline
    .type arch_ctx_trampoline, @function
arch_ctx_trampoline:
    .cfi_startproc
    .cfi_undefined rip          /* outermost frame: debuggers stop unwinding here */
    xorl %ebp, %ebp
    movq %r13, %rdi
    callq *%r12
    ud2                         /* the entry function never returns */
    .cfi_endproc
    .size arch_ctx_trampoline, .-arch_ctx_trampoline

    .section .note.GNU-stack,"",@progbits
