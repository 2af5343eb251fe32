/*
 * vx/console.h - the console device: the host's terminal or standard streams, as a channel.
 *
 * Init gets one endpoint of a channel in vx_startup.console; the kernel serves the other end
 * (src/kernel/dev/console.c). Whoever holds the endpoint (init, or a server it hands it to,
 * such as the Linux personality) talks to the device with vx_channel_call. Every request
 * starts with struct vx_console_req and every reply with struct vx_console_rep (both
 * little-endian, the txid first as for any call).
 *
 *   VX_CONSOLE_WRITE  arg = VX_CONSOLE_OUT or VX_CONSOLE_ERR; the bytes follow the header.
 *                     The reply comes once the host has taken them all: status = the count,
 *                     or VX_EIO when that output is gone (a closed pipe). Writes are done in
 *                     the order they arrive, so output keeps its order across both streams.
 *   VX_CONSOLE_READ   arg = the most bytes wanted (1..VX_CONSOLE_READ_MAX). The reply comes
 *                     when input is there: status = n and n bytes follow the header; 0 means
 *                     input has ended (it stays ended). Reads are answered in the order asked,
 *                     and a pending read does not hold up writes.
 *
 * A request the device does not understand (short, unknown op, bad arg) gets status VX_EINVAL;
 * handles sent to the device are closed. When the last handle to the endpoint closes, the
 * device's threads end.
 */
#ifndef VX_CONSOLE_H
#define VX_CONSOLE_H

#include <stdint.h>

#define VX_CONSOLE_WRITE 1u
#define VX_CONSOLE_READ  2u

#define VX_CONSOLE_OUT 1u /* standard output (the terminal) */
#define VX_CONSOLE_ERR 2u /* standard error (the terminal too, unless the host keeps them apart) */

#define VX_CONSOLE_READ_MAX 4096u

struct vx_console_req {
    uint32_t txid; /* set by vx_channel_call */
    uint32_t op;   /* VX_CONSOLE_* */
    uint32_t arg;
    uint32_t reserved; /* 0 */
};

struct vx_console_rep {
    uint32_t txid;
    int32_t status; /* a count, or a negative VX_E* code */
};

_Static_assert(sizeof(struct vx_console_req) == 16, "console request header is 16 bytes");
_Static_assert(sizeof(struct vx_console_rep) == 8, "console reply header is 8 bytes");

#endif /* VX_CONSOLE_H */
