/*
 * tests/guest/isa/harness_selftest.S - proves the harness can fail.
 *
 * One check passes and one is wrong on purpose. guest.cmake runs this program expecting exit
 * status 1 and exactly the FAIL line and summary below, so a harness that stopped comparing,
 * counting or setting the exit status would be caught:
 *   FAIL harness_selftest.S:deliberately_wrong: got 0x0000000000000002 expected 0x0000000000000003
 *   isa harness_selftest: 2 checks, 1 failed
 */
#include "isa.h"

ISA_PROGRAM harness_selftest
    TEST_RR right, add, 3, 1, 2
    TEST_RR deliberately_wrong, add, 3, 1, 1
ISA_END
