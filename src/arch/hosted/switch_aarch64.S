/*
 * arch/hosted/switch_aarch64.S - switch kernel stacks on an aarch64 host (AAPCS64).
 *
 * void arch_switch_stack(void **save_sp, void *new_sp)
 *   Save x19-x30 and d8-d15 (the callee-saved set) in a 160-byte frame on the current stack,
 *   store sp in *save_sp, load new_sp, restore the same frame from there and return.
 *
 * arch_ctx_trampoline: first return of a new context; entry in x19, argument in x20.
 */
    .text
    .globl arch_switch_stack
    .type arch_switch_stack, %function
arch_switch_stack:
    sub sp, sp, #160
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mov x9, sp
    str x9, [x0]
    mov sp, x1
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    add sp, sp, #160
    ret
    .size arch_switch_stack, .-arch_switch_stack

    .globl arch_ctx_trampoline
    .type arch_ctx_trampoline, %function
arch_ctx_trampoline:
    mov x29, xzr
    mov x0, x20
    blr x19
    brk #0
    .size arch_ctx_trampoline, .-arch_ctx_trampoline

    .section .note.GNU-stack,"",%progbits
