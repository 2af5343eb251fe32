/*
 * lib/status.c - names for vx_status_t codes, for logs and error messages.
 */
#define VX_SUBSYSTEM "status"
#include "lib/status.h"

static const char *const names[] = {
    [0] = "ok",
    [-VX_ENOMEM] = "out of memory",
    [-VX_EINVAL] = "invalid argument",
    [-VX_ENOENT] = "no such object",
    [-VX_EBUSY] = "busy",
    [-VX_EAGAIN] = "try again",
    [-VX_ETIMEDOUT] = "timed out",
    [-VX_ENOTSUP] = "not supported",
    [-VX_EIO] = "I/O error",
    [-VX_EPERM] = "missing right",
    [-VX_EBADH] = "bad handle",
    [-VX_ELIMIT] = "limit reached",
    [-VX_ECLOSED] = "peer closed",
    [-VX_EEOF] = "end of stream",
    [-VX_ERANGE] = "out of range",
    [-VX_EEXIST] = "already exists",
    [-VX_ESTATE] = "wrong state",
    [-VX_EFAULT] = "bad address",
    [-VX_ECANCELED] = "cancelled",
};
_Static_assert(sizeof names / sizeof names[0] == 1 - VX_STATUS_MIN, "a status has no name");

const char *vx_status_str(vx_status_t st)
{
    if (st > 0 || st < VX_STATUS_MIN)
        return "unknown status";
    return names[-st];
}
