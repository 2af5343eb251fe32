/*
 * vx/status.h - the status every VaelixOS call returns.
 *
 * 0 is success; failures are small negative numbers. The same codes cross the kernel API, IPC
 * replies and hostio (whose HIO_E* codes are equal by construction). A new code is added at
 * the end and given a name in lib/status.c.
 */
#ifndef VX_STATUS_H
#define VX_STATUS_H

#include <stdint.h>

typedef int32_t vx_status_t;

#define VX_OK        0
#define VX_ENOMEM    (-1)  /* out of physical memory or of a kernel object cache */
#define VX_EINVAL    (-2)  /* an argument is malformed or out of range */
#define VX_ENOENT    (-3)  /* no such object or name */
#define VX_EBUSY     (-4)  /* the object is in use */
#define VX_EAGAIN    (-5)  /* nothing available now; retry later */
#define VX_ETIMEDOUT (-6)  /* the deadline passed first */
#define VX_ENOTSUP   (-7)  /* not supported here */
#define VX_EIO       (-8)  /* a device reported an error */
#define VX_EPERM     (-9)  /* the handle lacks a right the call needs */
#define VX_EBADH     (-10) /* the handle value is not valid in this task */
#define VX_ELIMIT    (-11) /* a job quota or a fixed limit would be exceeded */
#define VX_ECLOSED   (-12) /* the peer has gone */
#define VX_EEOF      (-13) /* the stream has ended */
#define VX_ERANGE    (-14) /* a value does not fit */
#define VX_EEXIST    (-15) /* the name is already taken */
#define VX_ESTATE    (-16) /* the object is in the wrong state for this call */
#define VX_EFAULT    (-17) /* a buffer is not (or not all) valid memory of the caller */
#define VX_ECANCELED (-18) /* a wait was ended because the thread is being stopped */

#define VX_STATUS_MIN VX_ECANCELED

#endif /* VX_STATUS_H */
