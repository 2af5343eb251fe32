/*
 * boot/programs.h - programs built into the image, and the first one the kernel starts.
 *
 * The kernel's own programs (the monitor, the self-tests, `halt`) sit in one table beside the
 * builtins the host hands over in vx_boot_params; a name is looked up in the host's table
 * first, so an image can replace a kernel program. The init program runs as a kernel thread;
 * when its entry returns, the machine powers off with its return value as exit status.
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

/* Start `prog` as the init thread. */
vx_status_t programs_start_init(const struct vx_builtin *prog, void *arg);

/* The kernel's own programs. */
int monitor_main(void *arg);
int selftest_main(void *arg);

#endif
