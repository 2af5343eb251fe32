/*
 * tests/guest/harness/rvrun.c - run one static riscv64 ELF on the interpreter.
 *
 *   rvrun [--max-insns N] [--stats] PROGRAM
 *
 * Exits with the program's exit status; 124 if it ran out of instructions, 125 if it stopped
 * on a trap the harness does not serve (reported on stderr with cause, pc and value), 126 if
 * it could not be loaded. --stats prints the instruction count and MIPS on stderr.
 */
#include "rvh.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_INSNS 10000000000ull
#define MEM_BYTES         (256ull << 20)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    uint64_t max = DEFAULT_MAX_INSNS;
    int stats = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--max-insns") && i + 1 < argc)
            max = strtoull(argv[++i], 0, 0);
        else if (!strcmp(argv[i], "--stats"))
            stats = 1;
        else
            break;
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: rvrun [--max-insns N] [--stats] PROGRAM\n");
        return 2;
    }
    static struct rvh v;
    if (rvh_init(&v, MEM_BYTES) || rvh_load_file(&v, argv[i])) {
        fprintf(stderr, "rvrun: %s\n", v.err);
        return 126;
    }
    struct rvh_result res;
    double t0 = now_s();
    rvh_run(&v, max, &res);
    double secs = now_s() - t0;
    if (stats)
        fprintf(stderr, "rvrun: %" PRIu64 " instructions in %.3f s (%.1f MIPS)\n",
                res.instructions, secs, (double)res.instructions / secs / 1e6);
    int rc = res.exit_status;
    if (res.end == RVH_OUT_OF_BUDGET) {
        fprintf(stderr, "rvrun: %s: still running after %" PRIu64 " instructions\n", argv[i],
                res.instructions);
        rc = 124;
    } else if (res.end == RVH_TRAPPED) {
        fprintf(stderr, "rvrun: %s: %s at pc 0x%" PRIx64 ", value 0x%" PRIx64 "\n", argv[i],
                rvh_cause_name(res.trap.cause), v.regs.pc, res.trap.tval);
        rc = 125;
    }
    rvh_fini(&v);
    return rc;
}
