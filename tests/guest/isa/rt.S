/*
 * tests/guest/isa/rt.S - the runtime every ISA test program links with.
 *
 * _start calls the test's isa_main, which runs its checks through isa_check; then prints
 * "isa <name>: <N> checks, <F> failed" and exits 0 iff F is 0. isa_check prints
 * "FAIL <file>:<check>: got 0x<hex> expected 0x<hex>" for each mismatch.
 *
 * Only write(1, ...) and exit_group are used, because they are the only system calls the
 * interpreter's runner provides. Nothing here touches the FP registers or fcsr, and isa_check
 * preserves every register but ra, so checks do not disturb the state under test.
 */
#include "isa.h"

/* Room for the longest line: "FAIL ", file, ':', name, two 18-character hex numbers and the
 * fixed text; names are short, and append_string stops at the buffer's end regardless. */
#define LINE_BUFFER_SIZE 256
#define HEX_DIGITS_PER_U64 16
#define BITS_PER_HEX_DIGIT 4
#define DECIMAL_BASE 10
#define DECIMAL_DIGITS_PER_U64 20
#define EXIT_ALL_PASSED 0
#define EXIT_SOME_FAILED 1

    .section .rodata.isa_rt, "a"
text_fail:      .asciz "FAIL "
text_got:       .asciz ": got 0x"
text_expected:  .asciz " expected 0x"
text_isa:       .asciz "isa "
text_checks:    .asciz " checks, "
text_failed:    .asciz " failed\n"
hex_digit_chars: .ascii "0123456789abcdef"

    .bss
    .balign 8
check_count:    .zero 8
fail_count:     .zero 8
line_buffer:    .zero LINE_BUFFER_SIZE

    .text
    .globl _start
    .type _start, @function
_start:
    /* The linker may relax symbol accesses against gp; set it like crt1 does, in case a
     * program is linked with relaxation on. */
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    call isa_main
    call print_summary
    ld t0, fail_count
    li a0, EXIT_ALL_PASSED
    beqz t0, 1f
    li a0, EXIT_SOME_FAILED
1:  li a7, SYS_EXIT_GROUP
    ecall
    .size _start, . - _start

/* isa_check(a0 = got, a1 = expected, a2 = check name): count the check; on mismatch count a
 * failure and print its line. Preserves all registers but ra. */
    .globl isa_check
    .type isa_check, @function
isa_check:
    addi sp, sp, -64
    sd ra, 0(sp)
    sd s0, 8(sp)
    sd s1, 16(sp)
    sd s2, 24(sp)
    sd t0, 32(sp)
    sd a0, 40(sp)
    sd a1, 48(sp)
    sd a2, 56(sp)
    lla t0, check_count
    ld s0, 0(t0)
    addi s0, s0, 1
    sd s0, 0(t0)
    beq a0, a1, .Lcheck_done
    lla t0, fail_count
    ld s0, 0(t0)
    addi s0, s0, 1
    sd s0, 0(t0)

    mv s0, a0
    mv s1, a1
    mv s2, a2
    lla a0, line_buffer
    lla a1, text_fail
    call append_string
    lla a1, isa_program_file
    call append_string
    li t0, ':'
    sb t0, 0(a0)
    addi a0, a0, 1
    mv a1, s2
    call append_string
    lla a1, text_got
    call append_string
    mv a1, s0
    call append_hex
    lla a1, text_expected
    call append_string
    mv a1, s1
    call append_hex
    li t0, '\n'
    sb t0, 0(a0)
    addi a0, a0, 1
    call write_line_buffer
.Lcheck_done:
    ld ra, 0(sp)
    ld s0, 8(sp)
    ld s1, 16(sp)
    ld s2, 24(sp)
    ld t0, 32(sp)
    ld a0, 40(sp)
    ld a1, 48(sp)
    ld a2, 56(sp)
    addi sp, sp, 64
    ret
    .size isa_check, . - isa_check

/* print_summary: "isa <name>: <N> checks, <F> failed\n". */
    .type print_summary, @function
print_summary:
    addi sp, sp, -16
    sd ra, 0(sp)
    lla a0, line_buffer
    lla a1, text_isa
    call append_string
    lla a1, isa_program_name
    call append_string
    li t0, ':'
    sb t0, 0(a0)
    li t0, ' '
    sb t0, 1(a0)
    addi a0, a0, 2
    ld a1, check_count
    call append_decimal
    lla a1, text_checks
    call append_string
    ld a1, fail_count
    call append_decimal
    lla a1, text_failed
    call append_string
    call write_line_buffer
    ld ra, 0(sp)
    addi sp, sp, 16
    ret
    .size print_summary, . - print_summary

/* append_string(a0 = cursor, a1 = NUL-terminated string) -> a0 = new cursor. Stops short of
 * the buffer's end so a long name cannot overrun it. Clobbers t0, t1, a1. */
    .type append_string, @function
append_string:
    lla t1, line_buffer + LINE_BUFFER_SIZE - 1
1:  lbu t0, 0(a1)
    beqz t0, 2f
    bgeu a0, t1, 2f
    sb t0, 0(a0)
    addi a0, a0, 1
    addi a1, a1, 1
    j 1b
2:  ret
    .size append_string, . - append_string

/* append_hex(a0 = cursor, a1 = value) -> a0 = new cursor: all 16 digits, so values line up
 * and the width never hides a high bit. Clobbers t0-t2. */
    .type append_hex, @function
append_hex:
    li t0, HEX_DIGITS_PER_U64
    lla t2, hex_digit_chars
1:  srli t1, a1, (HEX_DIGITS_PER_U64 - 1) * BITS_PER_HEX_DIGIT
    add t1, t1, t2
    lbu t1, 0(t1)
    sb t1, 0(a0)
    addi a0, a0, 1
    slli a1, a1, BITS_PER_HEX_DIGIT
    addi t0, t0, -1
    bnez t0, 1b
    ret
    .size append_hex, . - append_hex

/* append_decimal(a0 = cursor, a1 = unsigned value) -> a0 = new cursor. Digits are produced
 * least significant first into a scratch area on the stack, then copied out in order.
 * Clobbers t0-t2, a1. */
    .type append_decimal, @function
append_decimal:
    addi sp, sp, -32
    addi t0, sp, DECIMAL_DIGITS_PER_U64
    li t2, DECIMAL_BASE
1:  remu t1, a1, t2
    addi t1, t1, '0'
    addi t0, t0, -1
    sb t1, 0(t0)
    divu a1, a1, t2
    bnez a1, 1b
    addi t2, sp, DECIMAL_DIGITS_PER_U64
2:  lbu t1, 0(t0)
    sb t1, 0(a0)
    addi a0, a0, 1
    addi t0, t0, 1
    bltu t0, t2, 2b
    addi sp, sp, 32
    ret
    .size append_decimal, . - append_decimal

/* write_line_buffer(a0 = cursor): write line_buffer up to the cursor to stdout. A short write
 * is not retried: stdout is a pipe or file in every runner, and a lost line still leaves the
 * exit status right. Clobbers a0-a2, a7. */
    .type write_line_buffer, @function
write_line_buffer:
    lla a1, line_buffer
    sub a2, a0, a1
    li a0, FD_STDOUT
    li a7, SYS_WRITE
    ecall
    ret
    .size write_line_buffer, . - write_line_buffer
