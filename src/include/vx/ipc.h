/*
 * vx/ipc.h - public kernel API: channel limits, port packets and wait options.
 *
 * VXChan channels carry messages of up to VX_CHAN_MAX_BYTES bytes and VX_CHAN_MAX_HANDLES
 * handles; handles in a message are moved, never copied. A call (chan_call) stamps the first
 * VX_CHAN_TXID_BYTES bytes of the request with a transaction id chosen by the kernel (bit 31
 * set, so it never equals an id a program picks for itself with bit 31 clear); the server
 * answers with a message that starts with the same four bytes, and that reply goes to the
 * caller, not to the endpoint's readers.
 *
 * Ports collect packets: signal packets (an object a port watches has raised a signal it
 * waits for) and user packets (queued by a program). One vx_port_packet is 48 bytes in every
 * ABI, little-endian, no padding; this header is compiled for riscv64 guests as well.
 */
#ifndef VX_IPC_H
#define VX_IPC_H

#include <stdint.h>

/* Channels. */
#define VX_CHAN_MAX_BYTES   65536u      /* bytes in one message */
#define VX_CHAN_MAX_HANDLES 64u         /* handles in one message */
#define VX_CHAN_MAX_QUEUED  64u         /* messages waiting at one endpoint; more is VX_ELIMIT */
#define VX_CHAN_TXID_BYTES  4u          /* a call's transaction id: the first bytes of a message */
#define VX_CHAN_TXID_KERNEL 0x80000000u /* set in every txid the kernel assigns */

/* Port packet types. */
#define VX_PKT_USER   1u /* queued by port_queue / vx_port_queue */
#define VX_PKT_SIGNAL 2u /* an object the port watches raised a signal */

/* Options of port_wait_async / vx_object_wait_async. */
#define VX_WAIT_ASYNC_ONCE   0u                   /* one packet, then the watch ends */
#define VX_WAIT_ASYNC_REPEAT (1u << 0)            /* a packet each time a signal becomes active */
#define VX_WAIT_ASYNC_ALL    VX_WAIT_ASYNC_REPEAT /* every option bit known */

/* What a signal packet reports. */
struct vx_packet_signal {
    uint32_t trigger;  /* the signals the watch waited for */
    uint32_t observed; /* the object's signals when the (last) packet was raised */
    uint64_t count;    /* times raised since the packet was queued (coalesced), at least 1 */
    uint64_t reserved[2];
};

/* A user packet's payload: whatever the program put there. */
struct vx_packet_user {
    uint64_t u64[4];
};

struct vx_port_packet {
    uint64_t key;   /* chosen by whoever queued the packet or set up the watch */
    uint32_t type;  /* VX_PKT_* */
    int32_t status; /* VX_OK, or why the packet was raised */
    union {
        struct vx_packet_signal signal;
        struct vx_packet_user user;
    };
};

_Static_assert(sizeof(struct vx_packet_signal) == 32, "signal payload is 32 bytes");
_Static_assert(sizeof(struct vx_packet_user) == 32, "user payload is 32 bytes");
_Static_assert(sizeof(struct vx_port_packet) == 48, "a port packet is 48 bytes in every ABI");

/* vx_channel_call's request and reply buffers. Pointers travel as 64-bit integers so the
 * layout is the same for every caller. */
struct vx_channel_call_args {
    uint64_t wr_bytes;     /* const void *: the request (at least VX_CHAN_TXID_BYTES) */
    uint64_t wr_handles;   /* const vx_handle_t *: handles moved with it */
    uint64_t rd_bytes;     /* void *: room for the reply */
    uint64_t rd_handles;   /* vx_handle_t *: room for its handles */
    uint32_t wr_num_bytes, wr_num_handles;
    uint32_t rd_num_bytes, rd_num_handles;
};
_Static_assert(sizeof(struct vx_channel_call_args) == 48, "call args layout");

#endif /* VX_IPC_H */
