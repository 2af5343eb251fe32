/*
 * servers/logd/logd.h - `logd`, the system log (first version): every message a client
 * sends on its connection is one log line, printed to the kernel log as "logd: [client]
 * line". The ring buffer, levels and audit records of DESIGN.md §7 come later.
 */
#ifndef SERVERS_LOGD_H
#define SERVERS_LOGD_H

/* Entry point (vx_task_create_builtin): arg is a struct vx_startup * with a bootstrap. */
int logd_main(void *arg);

#endif /* SERVERS_LOGD_H */
