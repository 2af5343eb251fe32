/*
 * time/ktimer.h - timer objects: a kernel object that raises VX_SIG_SIGNALED at a deadline.
 *
 * A timer object (VX_OBJ_TIMER) wraps one struct timer (time/timer.h). ktimer_set clears
 * VX_SIG_SIGNALED and arms the timer on the calling vCPU's queue for an absolute deadline
 * (hio_clock_ns time); when it fires, VX_SIG_SIGNALED is raised and stays raised until the
 * next set or cancel. A deadline already reached signals at once. Setting an armed timer
 * moves its deadline; ktimer_cancel disarms it and clears the signal. Destroying an armed
 * timer cancels it first (timer_cancel waits out a callback in flight), so the callback never
 * sees freed memory. The callback holds no reference: it only runs while the timer is armed,
 * and destroy disarms it before freeing.
 *
 * Lock key: (l) kt->lock, which serialises set/cancel/destroy as time/timer.h requires (one
 * arming or cancelling party at a time). Lock order: kt->lock, then the timer queue's lock;
 * the callback takes only the object's sig_lock, never kt->lock.
 *
 * Errors: VX_ENOMEM.
 */
#ifndef TIME_KTIMER_H
#define TIME_KTIMER_H

#include <stdint.h>

#include "kernel/cap/object.h"
#include "kernel/time/timer.h"
#include "lib/spinlock.h"
#include "vx/status.h"

struct ktimer {
    struct kobject ko; /* first: a timer object is a kernel object */
    struct spinlock lock;
    struct timer timer;   /* (l) for arming and cancelling */
    uint64_t deadline_ns; /* (l) the current arming, 0 when disarmed */
};

/* A new, disarmed timer object. *out holds the one reference. */
vx_status_t ktimer_create(struct ktimer **out);

/* Fire at deadline_ns. Arms on the calling vCPU's timer queue (a deadline already past
 * signals at once and needs no vCPU). */
void ktimer_set(struct ktimer *t, uint64_t deadline_ns);

/* Disarm and clear VX_SIG_SIGNALED. */
void ktimer_cancel(struct ktimer *t);

#endif /* TIME_KTIMER_H */
