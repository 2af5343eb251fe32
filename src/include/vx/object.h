/*
 * vx/object.h - public kernel API: handles, rights and object types.
 *
 * Everything a task can touch is an object reached through a handle in the task's handle
 * table (DESIGN.md §4). A handle value names one slot of that table and the slot's
 * generation, so a value kept after close never reaches whatever the slot holds later: it
 * fails with VX_EBADH. Each handle carries rights; a duplicate or a transferred handle can
 * only have fewer. There is no root: a task can do exactly what its handles allow.
 */
#ifndef VX_OBJECT_H
#define VX_OBJECT_H

#include <stdint.h>

/* A handle value. 0 is never a valid handle. */
typedef uint32_t vx_handle_t;
#define VX_HANDLE_INVALID 0u

/* Rights. */
#define VX_RIGHT_READ      (1u << 0)  /* read data or state */
#define VX_RIGHT_WRITE     (1u << 1)  /* write data or state */
#define VX_RIGHT_MAP       (1u << 2)  /* map a memory object */
#define VX_RIGHT_EXEC      (1u << 3)  /* map executable */
#define VX_RIGHT_TRANSFER  (1u << 4)  /* send in a message */
#define VX_RIGHT_DUPLICATE (1u << 5)  /* make another handle to the same object */
#define VX_RIGHT_SIGNAL    (1u << 6)  /* raise user signals */
#define VX_RIGHT_WAIT      (1u << 7)  /* wait on signals, add to a port */
#define VX_RIGHT_MANAGE    (1u << 8)  /* change properties, kill, set quotas */
#define VX_RIGHTS_ALL      0x1ffu
#define VX_RIGHTS_SAME     0x80000000u /* duplicate / replace: keep the handle's rights */

/* Object types. */
enum vx_obj_type {
    VX_OBJ_NONE = 0, /* in queries: any type */
    VX_OBJ_TASK,
    VX_OBJ_THREAD,
    VX_OBJ_ASPACE,
    VX_OBJ_VMO,
    VX_OBJ_CHANNEL,
    VX_OBJ_PORT,
    VX_OBJ_EVENT,
    VX_OBJ_TIMER,
    VX_OBJ_JOB,
    VX_OBJ_DEVICE,
    VX_OBJ_TRACE,
    VX_OBJ_TYPE_COUNT
};

/* Signals: the observable state bits of an object. Waiting (vx_object_wait_one, ports) is
 * waiting for one of a set of signals to be active. Which bits an object type uses: */
#define VX_SIG_READABLE    (1u << 0) /* channel: a message is queued; port: a packet is queued */
#define VX_SIG_WRITABLE    (1u << 1) /* channel: the peer's queue has room */
#define VX_SIG_PEER_CLOSED (1u << 2) /* channel: the other end is closed */
#define VX_SIG_TERMINATED  (1u << 3) /* task, thread: it has ended */
#define VX_SIG_SIGNALED    (1u << 4) /* event: raised; timer: fired */
#define VX_SIG_USER_SHIFT  24u       /* 8 user signals, set and cleared with VX_RIGHT_SIGNAL */
#define VX_SIG_USER_ALL    (0xffu << VX_SIG_USER_SHIFT)

/* What vx_object_info returns about a handle. */
struct vx_handle_info {
    uint64_t koid;   /* kernel object id: unique for the life of the system, never reused */
    uint32_t type;   /* enum vx_obj_type */
    uint32_t rights; /* this handle's rights */
};

#endif /* VX_OBJECT_H */
