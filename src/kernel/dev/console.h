/*
 * dev/console.h - the console device (vx/console.h): a channel whose far end is the kernel.
 *
 * console_dev_create makes a channel, keeps one endpoint and serves it with two kernel
 * threads: `console-out` takes every request in order, writes WRITE requests to the host at
 * once and passes READ requests to `console-in`, which answers them one by one as console
 * input (kernel/console.h) arrives. The device ends when its user endpoint is closed: the
 * out thread sees the peer gone, interrupts the in thread's wait, joins it, drops its
 * endpoint and ends; nothing of the device is left.
 */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H

#include "kernel/ipc/chan.h"
#include "vx/status.h"

/* A new console device; *user gets the endpoint to hand out (a reference). */
vx_status_t console_dev_create(struct chan **user);

#endif /* DEV_CONSOLE_H */
