/*
 * servers/echo/echo.h - `echo`, a builtin test service: answers every message a client sends
 * with the same bytes (a vx_channel_call's reply thus carries the call's txid back).
 */
#ifndef SERVERS_ECHO_H
#define SERVERS_ECHO_H

/* Entry point (vx_task_create_builtin): arg is a struct vx_startup * with a bootstrap. */
int echo_main(void *arg);

#endif /* SERVERS_ECHO_H */
