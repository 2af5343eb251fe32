/*
 * ipc/event.h - events: objects that only carry signals.
 *
 * An event (VX_OBJ_EVENT) has no state but its signal word. Whoever holds a handle with
 * VX_RIGHT_SIGNAL raises and clears VX_SIG_SIGNALED and the user signals (VX_SIG_USER_ALL);
 * waiters and ports see the changes like any other object's (cap/object.h).
 *
 * Locking: only the object's sig_lock (cap/object.h). Errors: VX_ENOMEM, VX_EINVAL.
 */
#ifndef IPC_EVENT_H
#define IPC_EVENT_H

#include <stdint.h>

#include "kernel/cap/object.h"
#include "vx/status.h"

/* The signals event_signal may change. */
#define EVENT_SIGNALS (VX_SIG_SIGNALED | VX_SIG_USER_ALL)

struct event {
    struct kobject ko; /* first: an event is a kernel object */
};

/* A new event, no signal active. *out holds the one reference. */
vx_status_t event_create(struct event **out);

/* Clear `clear`, then set `set`. VX_EINVAL (and no change) if either names a bit outside
 * EVENT_SIGNALS. */
vx_status_t event_signal(struct event *e, uint32_t clear, uint32_t set);

/* For any object: change its user signals only (what vx_object_signal may touch on objects
 * that are not events). VX_EINVAL if a bit outside VX_SIG_USER_ALL is named. */
vx_status_t kobject_user_signal(struct kobject *o, uint32_t clear, uint32_t set);

#endif /* IPC_EVENT_H */
