/*
 * servers/vfs/vfs.h - `vfs`, the file system server (protocol: vx/vfs.h; docs/vfs.md).
 *
 * Started as a builtin: its bootstrap channel becomes the connection to "/". The starter then
 * sends BOOTFS_LOAD with a handle to the boot image to fill "/" (a server started as init
 * with a bootfs in its startup loads it by itself). The server runs until no connection is
 * left; it returns 0 then, or 1 if it could not start.
 *
 * Concurrency: one thread serves every connection. One port watches every channel
 * (READABLE | PEER_CLOSED, repeating); each packet drains its channel, request by request,
 * answering each before reading the next. Requests never wait for anything, so one thread
 * is enough and needs no locks; a slow client cannot hold up others beyond one request.
 *
 * Memory: the server's nodes and file data come from a static arena (VFS_ARENA_BYTES, in the
 * vaelix image's bss, so untouched parts cost nothing), because system tasks have no heap of
 * their own yet; the struct vfs_srv and the message buffers are static too. So one vfs runs
 * per vaelix process.
 */
#ifndef SERVERS_VFS_VFS_H
#define SERVERS_VFS_VFS_H

#define VFS_ARENA_BYTES (96u << 20) /* tmpfs limits (proto.h) plus index and name overhead */

/* Entry point (vx_task_create_builtin): arg is a struct vx_startup * with a bootstrap. */
int vfs_main(void *arg);

#endif /* SERVERS_VFS_VFS_H */
