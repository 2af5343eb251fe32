/*
 * servers/vinit/vinit.h - vinit, the first system task (DESIGN.md §7, docs/vinit.md).
 *
 * `vaelix run --init vinit` starts it as init. It reads every manifest in the boot image's
 * data/services/ (lib/manifest.h), reports and skips the bad ones and those that depend on
 * them, orders the rest by their dependencies and starts each service in a job of its own
 * (a child of vinit's, with the manifest's [quota]): a guest program from the image with
 * vx_spawn, or a builtin with vx_task_create_builtin. Each service gets a bootstrap channel
 * to vinit, over which it looks other services up by name (vx/service.h). vinit watches
 * every service on one port and restarts those that stop, per their restart policy, after
 * a growing delay (backoff.h). It logs every start, exit and restart.
 *
 * vinit runs until the machine stops. Its host argument (`vaelix run --init-arg STRING`)
 * holds options separated by blanks, for tests:
 *     services=DIR    read the manifests from DIR of the image instead of data/services
 *     exit-with=NAME  when service NAME stops and is not going to be restarted, stop every
 *                     service and power off with NAME's exit code (1 if it did not exit)
 */
#ifndef SERVERS_VINIT_H
#define SERVERS_VINIT_H

/* Entry point (init): arg is a struct vx_startup * with the root job and the boot image. */
int vinit_main(void *arg);

#endif /* SERVERS_VINIT_H */
