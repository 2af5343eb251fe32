/*
 * selftest/selftest.h - in-kernel self-tests, run on the real vCPUs by `vaelix run --selftest`.
 *
 * A test is a function that returns NULL when it passes or a message saying what it expected
 * and what it saw. ST_CHECK formats that message into the test's buffer and returns it. Tests
 * run one after another in a kernel thread and may start threads of their own; each must leave
 * no thread behind and give back all memory it took (the runner checks the frame count).
 */
#ifndef SELFTEST_SELFTEST_H
#define SELFTEST_SELFTEST_H

#include <stdint.h>

#include "lib/fmt.h"

#define ST_MSG_MAX 200

struct selftest {
    const char *name;
    const char *(*run)(char *msg);
};

#define ST_CHECK(cond, msg, ...)                                                             \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            vx_snprintf(msg, ST_MSG_MAX, __VA_ARGS__);                                       \
            return msg;                                                                      \
        }                                                                                    \
    } while (0)

extern const struct selftest st_mm_tests[];
extern const unsigned st_mm_count;
extern const struct selftest st_sched_tests[];
extern const unsigned st_sched_count;
extern const struct selftest st_rt_tests[];
extern const unsigned st_rt_count;
extern const struct selftest st_timer_tests[];
extern const unsigned st_timer_count;
extern const struct selftest st_rv64_tests[];
extern const unsigned st_rv64_count;
extern const struct selftest st_ipc_tests[];
extern const unsigned st_ipc_count;

#endif

/* Run fn on n new threads at priority prio, thread i getting (char *)args + i * arg_size and,
 * when pin is set, pinned to vCPU i % ncpus. Waits for all. Returns the number of threads
 * whose fn returned non-zero, or -1 if the threads could not be created. */
int st_parallel(unsigned n, int (*fn)(void *), void *args, unsigned long arg_size, unsigned prio,
                _Bool pin);

/* Make vCPU 0 the calling thread's only one (moving it there now); returns its old affinity
 * mask, for thread_set_affinity afterwards. */
uint64_t st_pin_self_to_cpu0(void);
