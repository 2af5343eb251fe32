/*
 * servers/gtest/gtest.h - the guest test runner's entry (a builtin program, see gtest.c).
 */
#ifndef SERVERS_GTEST_H
#define SERVERS_GTEST_H

#include "vx/object.h"
#include "vx/task.h"

/* arg: the struct vx_startup the kernel gives init. Returns the number of failed programs. */
int gtest_main(void *arg);

/* Inside the runner (vfs_check.c, gtest.c): the vfs server end to end; true if it passed. */
#include <stdbool.h>
bool gtest_check_vfs(const struct vx_startup *s);
bool start_builtin(vx_handle_t job, const char *name, vx_handle_t *boot, vx_handle_t *task);
bool wait_builtin(const char *name, vx_handle_t task, struct vx_task_info *info);

#endif
