/*
 * boot/programs.h - programs built into the image, and the first one the kernel starts.
 *
 * The kernel's own programs (the monitor, the self-tests, `halt`, `leak`) sit in one table
 * beside the builtins the host hands over in vx_boot_params; a name is looked up in the host's
 * table first, so an image can replace a kernel program. The init program runs as a native task;
 * when its entry returns, the machine checks that every task's memory came back (a leak turns
 * a 0 status into 1) and powers off with its return value as exit status (programs.c).
 */
#ifndef BOOT_PROGRAMS_H
#define BOOT_PROGRAMS_H

#include <stdint.h>

#include "hostio.h"
#include "vx/boot.h"
#include "vx/status.h"

/* What boot learned, for the monitor and the self-tests. */
struct boot_info {
    struct vx_boot_params params;
    struct hio_machine machine;
    uint64_t ready_ns; /* hio_clock_ns() when init was started */
};
const struct boot_info *boot_get_info(void);

/* Find `name` among the host's builtins, then the kernel's own programs. NULL if absent. */
const struct vx_builtin *programs_find(const char *name, const struct vx_builtin *builtins,
                                       uint32_t nbuiltins);

/* Find `name` among the host's builtins only (vx_task_create_builtin: the kernel's own
 * programs expect to be init). NULL if absent. */
const struct vx_builtin *programs_find_host(const char *name);

/* After init ends, the reaper waits at most this long for the other tasks and threads to go
 * before it checks for leaks, looking this often. Only a task that keeps running makes it
 * wait the whole time (and then no leak check is made). */
#define PROGRAMS_REAP_WAIT_NS 5000000000ull
#define PROGRAMS_REAP_POLL_NS 1000000ull

/* Start the reaper, a kernel thread that starts `prog` as init with `arg`, waits for it to
 * end, checks for leaks and powers off. VX_ENOMEM if the thread cannot be made. */
vx_status_t programs_start_init(const struct vx_builtin *prog, void *arg);

/* The kernel's own programs. */
int monitor_main(void *arg);
int selftest_main(void *arg);

#endif
