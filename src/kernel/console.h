/*
 * kernel/console.h - the kernel's console: formatted output and blocking line input.
 *
 * Output goes straight to hostio's console, one whole line-buffer at a time under a lock, so
 * lines from different vCPUs never interleave. Input: a thread that wants bytes sleeps on the
 * console wait queue until hostio raises HIO_IRQ_CONSOLE; the vCPU that takes the interrupt
 * calls console_irq(), which wakes it.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "vx/status.h"

/* printf to the console. Lines longer than 512 bytes are cut. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Write bytes as they are. */
void console_write(const void *buf, size_t len);

/* Read at least one byte (at most len), sleeping until input arrives. Returns the count,
 * VX_EEOF when input has ended, or VX_ECANCELED if the thread was interrupted
 * (thread_interrupt). Called from kernel threads only. */
int64_t console_read(void *buf, size_t len);

/* The console interrupt: wake readers. Called by the vCPU that took HIO_IRQ_CONSOLE. */
void console_irq(void);

/* Prepare the wait queue and route interrupts to vCPU `cpu`. */
void console_init(uint32_t cpu);

#endif
