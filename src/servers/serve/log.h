/*
 * servers/serve/log.h - printf-style lines into the kernel log for system tasks.
 *
 * vx_debug_write prefixes each line with the task's name; srv_logf formats (lib/fmt.h
 * conversions) into a bounded buffer first. Longer lines are cut at SRV_LOG_MAX - 1 bytes.
 */
#ifndef SERVERS_SERVE_LOG_H
#define SERVERS_SERVE_LOG_H

#define SRV_LOG_MAX 320u

void srv_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
