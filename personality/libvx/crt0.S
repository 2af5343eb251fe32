/*
 * libvx/crt0.S - where a libvx program starts. The kernel starts the first thread with a0 =
 * the handle the creator passed (vx_task_start; 0 if none), a1 = its argument, and sp at the
 * stack the loader built (argc, argv, envp, auxv). _start sets up gp and calls
 *     int main(int argc, char **argv, vx_handle_t arg, uint64_t a1)
 * then ends the task with main's result.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    mv a2, a0          /* the handle */
    mv a3, a1
    ld a0, 0(sp)       /* argc */
    addi a1, sp, 8     /* argv */
    andi sp, sp, -16
    call main
    call vx_task_exit
1:  j 1b
    .size _start, . - _start
