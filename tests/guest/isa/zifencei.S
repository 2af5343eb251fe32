/*
 * tests/guest/isa/zifencei.S - self-modifying code with fence.i (unprivileged spec chapter
 * "Zifencei": a store to instruction memory is visible to instruction fetches on the same
 * hart after a fence.i).
 *
 * The code being rewritten lives in .smc_code, a section with flags "awx", so the runner maps
 * it read-write-execute. Each step stores a new instruction over one that already ran,
 * executes fence.i, calls the code again and checks the new behaviour: twice into the same
 * 32-bit slot, and into two 16-bit slots of compressed code. The new instructions are
 * assembled as templates in .rodata (never executed there) and copied as data, so their
 * encodings come from the assembler, not from hand-written constants.
 */
#include "isa.h"

#define FIRST_VALUE 1
#define SECOND_VALUE 2
#define THIRD_VALUE_UPPER 0x12345
#define COMPRESSED_FIRST_VALUE 5
#define COMPRESSED_SECOND_VALUE 9
#define COMPRESSED_INCREMENT 3

/* The code that is rewritten: two tiny functions that leave a value in a0. */
    .section .smc_code, "awx"
    .balign 4
smc_word_function:
    addi a0, x0, FIRST_VALUE
    ret
    .balign 4
smc_half_function:
    .option push
    .option rvc
    c.li a0, COMPRESSED_FIRST_VALUE
    c.nop
    c.jr ra
    .option pop

/* Replacement instructions, only ever read as data. */
    .section .rodata.smc_templates, "a"
    .balign 4
template_addi_second:
    addi a0, x0, SECOND_VALUE
template_lui_third:
    lui a0, THIRD_VALUE_UPPER
    .option push
    .option rvc
template_c_li_second:
    c.li a0, COMPRESSED_SECOND_VALUE
template_c_addi:
    c.addi a0, COMPRESSED_INCREMENT
    .option pop

ISA_PROGRAM zifencei

    call smc_word_function
    CHECK original_word_instruction, a0, FIRST_VALUE

    lla t0, smc_word_function
    lw t1, template_addi_second
    sw t1, 0(t0)
    fence.i
    call smc_word_function
    CHECK first_rewrite_runs, a0, SECOND_VALUE

    lla t0, smc_word_function
    lw t1, template_lui_third
    sw t1, 0(t0)
    fence.i
    call smc_word_function
    CHECK second_rewrite_same_slot_runs, a0, THIRD_VALUE_UPPER << 12

    call smc_half_function
    CHECK original_compressed_instruction, a0, COMPRESSED_FIRST_VALUE

    lla t0, smc_half_function
    lhu t1, template_c_li_second
    sh t1, 0(t0)
    fence.i
    call smc_half_function
    CHECK compressed_rewrite_runs, a0, COMPRESSED_SECOND_VALUE

    /* replace the c.nop in the middle: a 2-byte store at a 2-byte (not 4-byte) aligned
     * address of code */
    lla t0, smc_half_function
    lhu t1, template_c_addi
    sh t1, 2(t0)
    fence.i
    call smc_half_function
    CHECK compressed_rewrite_second_slot_runs, a0, COMPRESSED_SECOND_VALUE + COMPRESSED_INCREMENT

ISA_END
