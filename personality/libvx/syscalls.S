/*
 * libvx/syscalls.S - one guest stub per native call, generated from VX_SYSCALLS: the
 * arguments are already in a0..a5 (every argument is one integer register), so a stub loads
 * the number into a7 and traps. The result comes back in a0.
 */
#include "vx/syscall.h"

#define STUB(nr, name)                                                                         \
    .globl vx_##name;                                                                          \
    .type vx_##name, @function;                                                                \
    vx_##name:                                                                                 \
    li a7, nr;                                                                                 \
    ecall;                                                                                     \
    ret;                                                                                       \
    .size vx_##name, .- vx_##name;

    .text
    .p2align 1
VX_SYSCALLS(STUB)
