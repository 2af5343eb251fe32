/*
 * monitor/monitor.h - commands of the kernel monitor that live outside monitor.c.
 * Each takes the command line split at spaces and returns 1 to leave the monitor.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

int mon_tasks(int argc, char **argv);   /* every task */
int mon_handles(int argc, char **argv); /* the handle table of task <koid> */
int mon_vm(int argc, char **argv);      /* the mappings of task <koid> */
int mon_jobs(int argc, char **argv);    /* jobs with live tasks: use, limits, refusals */
int mon_chan(int argc, char **argv);    /* channel endpoints held by tasks */

#endif
