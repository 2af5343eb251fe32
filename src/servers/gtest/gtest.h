/*
 * servers/gtest/gtest.h - the guest test runner's entry (a builtin program, see gtest.c).
 */
#ifndef SERVERS_GTEST_H
#define SERVERS_GTEST_H

#include "vx/task.h"

/* arg: the struct vx_startup the kernel gives init. Returns the number of failed programs. */
int gtest_main(void *arg);

#endif
