/*
 * vx/spawn.h - start a program in a new task: the one way both guest programs (libvx) and
 * system tasks (vinit, gtest) do it. Public API only; compiled into libvx.a and into vaelix.
 *
 * vx_spawn creates a task in `job`, loads the ELF VMO into it (argv and envp from
 * `strings`, see vx_elf_load), makes a bootstrap channel and starts the first thread with the
 * task's end of it as its start handle. The first message on that channel carries `msg` and,
 * as handles, the new task's own address space first, then handles[0..nhandles) (moved: they
 * leave the caller, also when vx_spawn fails after taking them).
 */
#ifndef VX_SPAWN_H
#define VX_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#include "vx/syscall.h"

#define VX_SPAWN_MAX_HANDLES 16u

struct vx_spawn {
    vx_handle_t job;            /* needs MANAGE */
    vx_handle_t elf;            /* the program (READ) */
    const char *name;           /* the task's name */
    const char *strings;        /* argc argument strings then the environment, NUL-ended */
    size_t strings_len;
    uint32_t argc;
    const void *msg;            /* bytes of the bootstrap message */
    uint32_t msg_len;
    const vx_handle_t *handles; /* sent after the address space */
    uint32_t nhandles;          /* at most VX_SPAWN_MAX_HANDLES */
};

/* Start it. *task gets the task (all rights); *chan (if not NULL) our end of the bootstrap
 * channel, which is closed otherwise. */
vx_status_t vx_spawn(const struct vx_spawn *s, vx_handle_t *task, vx_handle_t *chan);

#endif /* VX_SPAWN_H */
