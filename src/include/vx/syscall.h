/*
 * vx/syscall.h - public kernel API: every native call, its number and its contract.
 *
 * One list, VX_SYSCALLS(X), names each call with its number; it generates the kernel's
 * dispatch table (src/kernel/syscall/), the guest stubs of libvx (personality/libvx) and the
 * numbers below, so a call is added in one place. Guests make a call with `ecall`: a7 = the
 * number (VX_SYSCALL_BASE and up: far above every Linux riscv64 number), a0..a5 = the
 * arguments, result in a0. System tasks call the same functions directly. Every argument is
 * an integer or a pointer, so one register each.
 *
 * Results: a vx_status_t (0 or a negative VX_E* code), unless the call says otherwise.
 * Pointers are addresses in the caller's memory; one that is not readable or writable as the
 * call needs gives VX_EFAULT. Deadlines are absolute vx_clock_get() times in nanoseconds;
 * 0 means "no deadline". Handles the caller passes must be live handles of its own table
 * with the rights each call lists.
 *
 * This header is also compiled as assembly (libvx's stubs): keep the part above the
 * __ASSEMBLER__ guard to #defines.
 */
#ifndef VX_SYSCALL_H
#define VX_SYSCALL_H

#define VX_SYSCALL_BASE 0x4000

/* X(number, name) */
#define VX_SYSCALLS(X)                                                                         \
    X(0x4000, debug_write)                                                                     \
    X(0x4001, clock_get)                                                                       \
    X(0x4002, nanosleep)                                                                       \
    X(0x4003, yield)                                                                           \
    X(0x4004, cprng_draw)                                                                      \
    X(0x4005, clock_wall)                                                                      \
    X(0x4010, handle_close)                                                                    \
    X(0x4011, handle_duplicate)                                                                \
    X(0x4012, handle_replace)                                                                  \
    X(0x4013, object_info)                                                                     \
    X(0x4014, object_wait_one)                                                                 \
    X(0x4015, object_signal)                                                                   \
    X(0x4016, object_wait_async)                                                               \
    X(0x4020, vmo_create)                                                                      \
    X(0x4021, vmo_read)                                                                        \
    X(0x4022, vmo_write)                                                                       \
    X(0x4023, vmo_get_size)                                                                    \
    X(0x4024, vmo_clone)                                                                       \
    X(0x4028, vm_map)                                                                          \
    X(0x4029, vm_unmap)                                                                        \
    X(0x402a, vm_protect)                                                                      \
    X(0x402b, vm_copy)                                                                         \
    X(0x402c, vm_fork)                                                                         \
    X(0x4030, task_create)                                                                     \
    X(0x4031, task_start)                                                                      \
    X(0x4032, task_kill)                                                                       \
    X(0x4033, task_exit)                                                                       \
    X(0x4034, task_get_info)                                                                   \
    X(0x4035, elf_load)                                                                        \
    X(0x4036, bootfs_open)                                                                     \
    X(0x4037, task_create_builtin)                                                             \
    X(0x4038, thread_create)                                                                   \
    X(0x4039, thread_start)                                                                    \
    X(0x403a, thread_exit)                                                                     \
    X(0x403b, task_set_abi)                                                                    \
    X(0x403c, bootfs_stat)                                                                     \
    X(0x4040, job_create)                                                                      \
    X(0x4041, job_set_limit)                                                                   \
    X(0x4042, job_get_info)                                                                    \
    X(0x4050, channel_create)                                                                  \
    X(0x4051, channel_write)                                                                   \
    X(0x4052, channel_read)                                                                    \
    X(0x4053, channel_call)                                                                    \
    X(0x4054, channel_serve)                                                                   \
    X(0x4058, port_create)                                                                     \
    X(0x4059, port_wait)                                                                       \
    X(0x405a, port_queue)                                                                      \
    X(0x4060, event_create)                                                                    \
    X(0x4061, timer_create)                                                                    \
    X(0x4062, timer_set)                                                                       \
    X(0x4063, timer_cancel)                                                                    \
    X(0x4068, futex_wait)                                                                      \
    X(0x4069, futex_wake)

#define VX_SYSCALL_NUMBER(nr, name) VX_SYS_##name = nr,

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "vx/ipc.h"
#include "vx/object.h"
#include "vx/status.h"
#include "vx/task.h"
#include "vx/vm.h"

enum vx_syscall_number { VX_SYSCALLS(VX_SYSCALL_NUMBER) };

/* ---- basics ------------------------------------------------------------------------------- */

/* Write len bytes (at most 4096) to the kernel log, prefixed with the task's name. */
vx_status_t vx_debug_write(const void *buf, size_t len);
/* Monotonic time in nanoseconds (never fails: the result is the time). */
int64_t vx_clock_get(void);
/* The host's wall clock: nanoseconds since 1970-01-01 00:00 UTC. It may jump (the host's time
 * is set); deadlines use vx_clock_get. */
int64_t vx_clock_wall(void);
/* Sleep until vx_clock_get() >= deadline. */
vx_status_t vx_nanosleep(int64_t deadline);
/* Let other threads run. */
vx_status_t vx_yield(void);
/* Fill buf with len (at most 4096) bytes of cryptographic randomness. */
vx_status_t vx_cprng_draw(void *buf, size_t len);

/* ---- handles ------------------------------------------------------------------------------ */

vx_status_t vx_handle_close(vx_handle_t h);
/* A second handle with `rights` (a subset of h's); h needs VX_RIGHT_DUPLICATE. */
vx_status_t vx_handle_duplicate(vx_handle_t h, uint32_t rights, vx_handle_t *out);
/* Replace h by a handle with fewer rights; h is gone afterwards, even on most errors. */
vx_status_t vx_handle_replace(vx_handle_t h, uint32_t rights, vx_handle_t *out);
/* Type, koid and rights of h. */
vx_status_t vx_object_info(vx_handle_t h, struct vx_handle_info *info);
/* Wait until one of `signals` (VX_SIG_*) is active on h (needs WAIT) or the deadline passes
 * (VX_ETIMEDOUT). *observed (may be NULL) gets h's signals either way. */
vx_status_t vx_object_wait_one(vx_handle_t h, uint32_t signals, int64_t deadline,
                               uint32_t *observed);
/* Clear then set user signals (VX_SIG_USER_ALL; for an event also VX_SIG_SIGNALED) on h
 * (needs SIGNAL). */
vx_status_t vx_object_signal(vx_handle_t h, uint32_t clear, uint32_t set);
/* Have `port` (needs WRITE) get a packet with `key` when one of `signals` is active on h
 * (needs WAIT): once, or each time with VX_WAIT_ASYNC_REPEAT in opts. */
vx_status_t vx_object_wait_async(vx_handle_t h, vx_handle_t port, uint64_t key, uint32_t signals,
                                 uint32_t opts);

/* ---- channels, ports, events, timers (vx/ipc.h) --------------------------------------------- */

/* A channel: two endpoints with every right. opts must be 0. */
vx_status_t vx_channel_create(uint32_t opts, vx_handle_t *end0, vx_handle_t *end1);
/* Queue nbytes (<= VX_CHAN_MAX_BYTES) and nhandles (<= VX_CHAN_MAX_HANDLES) at the peer of h
 * (needs WRITE). The handles (each with TRANSFER) leave the caller's table, all or none;
 * neither endpoint of this channel may be among them. VX_ELIMIT: the peer's queue is full;
 * VX_ECLOSED: the peer is gone. */
vx_status_t vx_channel_write(vx_handle_t h, const void *bytes, uint32_t nbytes,
                             const vx_handle_t *handles, uint32_t nhandles);
/* Take the oldest message queued at h (needs READ): bytes into bytes[0..nbytes), handles
 * (now the caller's) into handles[0..nhandles); actual[0] and actual[1] get the message's
 * byte and handle counts. VX_ERANGE: buffers too small (the message stays, actual says what
 * it needs); VX_EAGAIN: nothing queued; VX_ECLOSED: nothing queued and the peer is gone. */
vx_status_t vx_channel_read(vx_handle_t h, void *bytes, vx_handle_t *handles, uint32_t nbytes,
                            uint32_t nhandles, uint32_t *actual);
/* Write a request and wait for its reply (needs READ and WRITE): the kernel puts a transaction
 * id in the request's first 4 bytes; the server's reply starts with the same 4 bytes and
 * comes back here, not to other readers. actual as for vx_channel_read. */
vx_status_t vx_channel_call(vx_handle_t h, const struct vx_channel_call_args *args,
                            int64_t deadline, uint32_t *actual);
/* A server's loop step (needs READ, and WRITE if it writes): first write args->wr_* (the reply
 * to the last call) if wr_num_bytes or wr_num_handles is not 0, as vx_channel_write; then wait
 * until a message is queued at h and read it into args->rd_* as vx_channel_read. A failed
 * write returns its error and reads nothing. VX_ETIMEDOUT: the deadline passed with nothing
 * queued; VX_ECLOSED: nothing queued and the peer is gone. The fast way to answer calls: the
 * caller gets this thread's vCPU as it waits. */
vx_status_t vx_channel_serve(vx_handle_t h, const struct vx_channel_call_args *args,
                             int64_t deadline, uint32_t *actual);

/* A port (every right). opts must be 0. */
vx_status_t vx_port_create(uint32_t opts, vx_handle_t *out);
/* Wait for packets (needs READ): at least one, at most max, into packets; *count says how
 * many. VX_ETIMEDOUT if the deadline passes with none. */
vx_status_t vx_port_wait(vx_handle_t port, int64_t deadline, struct vx_port_packet *packets,
                         uint32_t max, uint32_t *count);
/* Queue a user packet (its type is set to VX_PKT_USER; needs WRITE). */
vx_status_t vx_port_queue(vx_handle_t port, const struct vx_port_packet *packet);

/* An event: raised and lowered with vx_object_signal (VX_SIG_SIGNALED and user signals). */
vx_status_t vx_event_create(uint32_t opts, vx_handle_t *out);
/* A timer: VX_SIG_SIGNALED once the deadline set with vx_timer_set passes (needs WRITE). */
vx_status_t vx_timer_create(uint32_t opts, vx_handle_t *out);
vx_status_t vx_timer_set(vx_handle_t timer, int64_t deadline);
vx_status_t vx_timer_cancel(vx_handle_t timer);
/* Sleep while the 32-bit word at addr (the caller's memory, 4-byte aligned) holds `expected`,
 * until `deadline`: the way to wait for a change someone else makes to shared memory. The
 * check and the sleep are atomic with respect to vx_futex_wake. VX_OK: the word changed and
 * a wake came; VX_EAGAIN: it already differed; VX_ETIMEDOUT; VX_ECANCELED: the thread is being
 * killed; VX_EINVAL: misaligned; VX_EFAULT. Wakeups may be early: callers loop on their
 * condition. */
vx_status_t vx_futex_wait(const uint32_t *addr, uint32_t expected, int64_t deadline);
/* Wake every thread in vx_futex_wait on the word at addr: call it after changing the word.
 * Returns the number of threads woken (never fails). */
int64_t vx_futex_wake(const uint32_t *addr);

/* ---- memory ------------------------------------------------------------------------------- */

/* An anonymous VMO of size bytes (rounded up to pages), charged to the caller's job as pages
 * are committed. opts must be 0. The handle has every right (W^X holds per mapping). */
vx_status_t vx_vmo_create(uint64_t size, uint32_t opts, vx_handle_t *out);
/* Copy len bytes at offset of the VMO into buf (needs READ) / from buf (needs WRITE). */
vx_status_t vx_vmo_read(vx_handle_t vmo, void *buf, uint64_t offset, size_t len);
vx_status_t vx_vmo_write(vx_handle_t vmo, const void *buf, uint64_t offset, size_t len);
vx_status_t vx_vmo_get_size(vx_handle_t vmo, uint64_t *size);
/* A copy-on-write snapshot of [offset, offset+size) (page aligned); needs READ+DUPLICATE. */
vx_status_t vx_vmo_clone(vx_handle_t vmo, uint64_t offset, uint64_t size, vx_handle_t *out);

/* Map len bytes of vmo from offset into the address space `as` (needs WRITE on as, MAP on
 * the VMO, and READ/WRITE/EXEC on the VMO for each permission asked). flags: VX_VM_READ |
 * VX_VM_WRITE | VX_VM_EXEC (never WRITE with EXEC) | VX_VM_FIXED | VX_VM_SHARED (vx_vm_fork
 * shares the mapping instead of copying it). *va: the address for VX_VM_FIXED; on success
 * the address of the mapping. */
vx_status_t vx_vm_map(vx_handle_t as, vx_handle_t vmo, uint64_t offset, uint64_t len,
                      uint32_t flags, uint64_t *va);
vx_status_t vx_vm_unmap(vx_handle_t as, uint64_t va, uint64_t len);
vx_status_t vx_vm_protect(vx_handle_t as, uint64_t va, uint64_t len, uint32_t prot);
/* Copy len bytes between the caller's buf and the address space `as` at va, as that space's
 * own threads would access them (same permissions; pages fault in): opts VX_VM_READ copies
 * from `as` into buf (needs READ), VX_VM_WRITE from buf into `as` (needs WRITE). Stops at the
 * first page that fails: VX_EFAULT (nothing mapped there, or the mapping forbids it), VX_ENOMEM;
 * the bytes before it are copied. The way a personality reads and fills its guests' buffers. */
vx_status_t vx_vm_copy(vx_handle_t as, uint64_t va, void *buf, size_t len, uint32_t opts);
/* Fill the address space `dst` (WRITE), which must have no mappings (VX_ESTATE otherwise),
 * with a copy-on-write copy of every mapping of `src` (READ): same addresses, permissions and
 * limits; the pages are shared until either side writes one (fork). A VX_VM_SHARED mapping
 * is not copied: both spaces map the same VMO. The copies are charged to
 * the caller's job. On failure dst may hold some of the mappings. */
vx_status_t vx_vm_fork(vx_handle_t src, vx_handle_t dst);

/* ---- tasks, threads, jobs ----------------------------------------------------------------- */

/* A new guest task named name[0..namelen) in `job` (needs MANAGE), with an empty address
 * space: *task and *as get handles with all rights. */
vx_status_t vx_task_create(vx_handle_t job, const char *name, size_t namelen, vx_handle_t *task,
                           vx_handle_t *as);
/* Load a static or static-PIE riscv64 ELF executable from the VMO `elf` (needs READ) into the
 * address space `as` (WRITE): segments mapped with their permissions, a stack holding argc,
 * argv, envp and the auxiliary vector. `strings` holds argc argument strings then the
 * environment strings, each NUL-terminated, len bytes in all. */
vx_status_t vx_elf_load(vx_handle_t as, vx_handle_t elf, const char *strings, size_t len,
                        uint32_t argc, struct vx_elf_info *info);
/* A VMO (READ, MAP, EXEC, DUPLICATE, TRANSFER, WAIT) holding a copy of the boot image file
 * at path[0..len) ("test/vx/vxtest"). `bootfs` is the image handle init got in vx_startup
 * (needs READ). For a directory ("data/services"; "." is the root) the VMO holds its listing
 * instead: the names of its direct children, sorted in byte order, each ending in '\n'. A
 * VMO is a whole number of pages, so the file or listing is followed by zero bytes up to
 * vx_vmo_get_size. VX_ENOENT: no such file or directory; VX_EINVAL: a malformed path or a
 * symlink. */
vx_status_t vx_bootfs_open(vx_handle_t bootfs, const char *path, size_t len, vx_handle_t *out);
/* What the boot image holds at path[0..len) (as vx_bootfs_open names it; needs READ on
 * `bootfs`): its type, permission bits, true size (a file's bytes, which vx_vmo_get_size of
 * its VMO rounds up to pages; a listing's bytes; a symlink's target length) and, for a
 * symlink, the target. VX_ENOENT: no such entry; VX_EINVAL: a malformed path. */
vx_status_t vx_bootfs_stat(vx_handle_t bootfs, const char *path, size_t len,
                           struct vx_bootfs_stat *out);
/* Start the builtin program name[0..namelen) (a system task compiled into the image: the
 * host's table in vx_boot_params, e.g. "echo"; the kernel's own programs run only as init)
 * as a new native task of the same name in `job` (needs MANAGE), running at once. Its entry
 * gets a struct vx_startup whose `bootstrap` is `bootstrap` moved into its table (0: none; it
 * needs TRANSFER); its other handles are 0. Returning from the entry ends the task with that
 * exit code. *task gets a handle with all rights. `bootstrap` leaves the caller's table once
 * job and name are valid, also if the call fails later. VX_ENOENT: no such builtin. */
vx_status_t vx_task_create_builtin(vx_handle_t job, const char *name, size_t namelen,
                                   vx_handle_t bootstrap, vx_handle_t *task);
/* Start task's first thread at pc with stack sp. `arg` is moved into the task (it may be
 * VX_HANDLE_INVALID); the thread gets its new value in a0 (0 if none) and `a1` in a1. */
vx_status_t vx_task_start(vx_handle_t task, vx_handle_t thread, uint64_t pc, uint64_t sp,
                          vx_handle_t arg, uint64_t a1);
/* End a task (needs MANAGE). Its threads stop; its handles are closed. */
vx_status_t vx_task_kill(vx_handle_t task);
/* End the calling task with `code`. Does not return. */
vx_status_t vx_task_exit(int64_t code);
/* State, exit code or fault of a task (needs READ). */
vx_status_t vx_task_get_info(vx_handle_t task, struct vx_task_info *info);

/* A thread of `task` (needs MANAGE), not started. */
vx_status_t vx_thread_create(vx_handle_t task, const char *name, size_t namelen,
                             vx_handle_t *out);
/* Start a thread of an already started task at pc with sp, a0, a1 (needs MANAGE). */
vx_status_t vx_thread_start(vx_handle_t thread, uint64_t pc, uint64_t sp, uint64_t a0,
                            uint64_t a1);
/* End the calling thread. Does not return. The task ends with its last thread. */
vx_status_t vx_thread_exit(void);
/* Hand the guest task's foreign-ABI traps to fn(ctx, ...) (vx/task.h, "ABI handlers"); needs
 * MANAGE. Only before the task starts, and only from native code (a system task, or a
 * guest's own ABI handler starting a new process): a handler is native code.
 * ctx must stay valid until the task is dead. VX_EPERM: the caller is a guest; VX_ESTATE: the
 * task has started (or died); VX_ENOTSUP: a native task; VX_EINVAL: fn is NULL. */
vx_status_t vx_task_set_abi(vx_handle_t task, vx_abi_fn fn, void *ctx);

/* A child job of `parent` (needs MANAGE). */
vx_status_t vx_job_create(vx_handle_t parent, vx_handle_t *out);
/* Cap resource `res` (VX_JOB_*) of job at `limit` (needs MANAGE). */
vx_status_t vx_job_set_limit(vx_handle_t job, uint32_t res, uint64_t limit);
vx_status_t vx_job_get_info(vx_handle_t job, struct vx_job_info *info);

#endif /* __ASSEMBLER__ */
#endif /* VX_SYSCALL_H */
