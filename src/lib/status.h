/*
 * lib/status.h - human-readable names for status codes.
 */
#ifndef LIB_STATUS_H
#define LIB_STATUS_H

#include "vx/status.h"

/* A short lowercase phrase ("out of memory"); "unknown status" for codes outside the set. */
const char *vx_status_str(vx_status_t st);

#endif
