/*
 * syscall/native.c - the public API for system tasks: each vx_* function packs its arguments
 * into the six registers a guest would use and runs the same handler (syscall_invoke).
 *
 * A system task's own code runs with the vCPU's fault catcher armed (task_run_native); the
 * kernel's must not, or a kernel bug would be blamed on the task and its locks abandoned. So
 * every call disarms the catcher and re-arms it on return, on whichever vCPU the thread is by
 * then (it may have slept and moved). For a caller with no catcher (the kernel's own programs)
 * both are no-ops.
 */
#define VX_SUBSYSTEM "syscall"
#include "kernel/syscall/syscall.h"

#include "hostio.h"

static int64_t native_invoke(uint64_t nr, const uint64_t *a)
{
    struct hio_fault_catcher *task_code = hio_fault_catch(NULL);
    int64_t r = syscall_invoke(nr, a);
    hio_fault_catch(task_code);
    return r;
}

#define U(x) ((uint64_t)(uintptr_t)(x))
#define CALL(name, ...)                                                                         \
    do {                                                                                        \
        const uint64_t args_[6] = {__VA_ARGS__};                                                \
        return (vx_status_t)native_invoke(VX_SYS_##name, args_);                                \
    } while (0)

vx_status_t vx_debug_write(const void *buf, size_t len) { CALL(debug_write, U(buf), len); }
int64_t vx_clock_get(void) { const uint64_t a[6] = {0}; return native_invoke(VX_SYS_clock_get, a); }
int64_t vx_clock_wall(void) { const uint64_t a[6] = {0}; return native_invoke(VX_SYS_clock_wall, a); }
vx_status_t vx_nanosleep(int64_t deadline) { CALL(nanosleep, (uint64_t)deadline); }
vx_status_t vx_yield(void) { CALL(yield, 0); }
vx_status_t vx_cprng_draw(void *buf, size_t len) { CALL(cprng_draw, U(buf), len); }

vx_status_t vx_handle_close(vx_handle_t h) { CALL(handle_close, h); }
vx_status_t vx_handle_duplicate(vx_handle_t h, uint32_t rights, vx_handle_t *out)
{
    CALL(handle_duplicate, h, rights, U(out));
}
vx_status_t vx_handle_replace(vx_handle_t h, uint32_t rights, vx_handle_t *out)
{
    CALL(handle_replace, h, rights, U(out));
}
vx_status_t vx_object_info(vx_handle_t h, struct vx_handle_info *info)
{
    CALL(object_info, h, U(info));
}

vx_status_t vx_vmo_create(uint64_t size, uint32_t opts, vx_handle_t *out)
{
    CALL(vmo_create, size, opts, U(out));
}
vx_status_t vx_vmo_read(vx_handle_t vmo, void *buf, uint64_t offset, size_t len)
{
    CALL(vmo_read, vmo, U(buf), offset, len);
}
vx_status_t vx_vmo_write(vx_handle_t vmo, const void *buf, uint64_t offset, size_t len)
{
    CALL(vmo_write, vmo, U(buf), offset, len);
}
vx_status_t vx_vmo_get_size(vx_handle_t vmo, uint64_t *size) { CALL(vmo_get_size, vmo, U(size)); }
vx_status_t vx_vmo_clone(vx_handle_t vmo, uint64_t offset, uint64_t size, vx_handle_t *out)
{
    CALL(vmo_clone, vmo, offset, size, U(out));
}
vx_status_t vx_vm_map(vx_handle_t as, vx_handle_t vmo, uint64_t offset, uint64_t len,
                      uint32_t flags, uint64_t *va)
{
    CALL(vm_map, as, vmo, offset, len, flags, U(va));
}
vx_status_t vx_vm_unmap(vx_handle_t as, uint64_t va, uint64_t len) { CALL(vm_unmap, as, va, len); }
vx_status_t vx_vm_protect(vx_handle_t as, uint64_t va, uint64_t len, uint32_t prot)
{
    CALL(vm_protect, as, va, len, prot);
}
vx_status_t vx_vm_copy(vx_handle_t as, uint64_t va, void *buf, size_t len, uint32_t opts)
{
    CALL(vm_copy, as, va, U(buf), len, opts);
}
vx_status_t vx_vm_fork(vx_handle_t src, vx_handle_t dst) { CALL(vm_fork, src, dst); }

vx_status_t vx_task_create(vx_handle_t job, const char *name, size_t namelen, vx_handle_t *task,
                           vx_handle_t *as)
{
    CALL(task_create, job, U(name), namelen, U(task), U(as));
}
vx_status_t vx_elf_load(vx_handle_t as, vx_handle_t elf, const char *strings, size_t len,
                        uint32_t argc, struct vx_elf_info *info)
{
    CALL(elf_load, as, elf, U(strings), len, argc, U(info));
}
vx_status_t vx_task_start(vx_handle_t task, vx_handle_t thread, uint64_t pc, uint64_t sp,
                          vx_handle_t arg, uint64_t a1)
{
    CALL(task_start, task, thread, pc, sp, arg, a1);
}
vx_status_t vx_task_create_builtin(vx_handle_t job, const char *name, size_t namelen,
                                   vx_handle_t bootstrap, vx_handle_t *task)
{
    CALL(task_create_builtin, job, U(name), namelen, bootstrap, U(task));
}
vx_status_t vx_task_kill(vx_handle_t task) { CALL(task_kill, task); }
vx_status_t vx_task_exit(int64_t code) { CALL(task_exit, (uint64_t)code); }
vx_status_t vx_task_get_info(vx_handle_t task, struct vx_task_info *info)
{
    CALL(task_get_info, task, U(info));
}
vx_status_t vx_thread_create(vx_handle_t task, const char *name, size_t namelen,
                             vx_handle_t *out)
{
    CALL(thread_create, task, U(name), namelen, U(out));
}
vx_status_t vx_thread_start(vx_handle_t thread, uint64_t pc, uint64_t sp, uint64_t a0,
                            uint64_t a1)
{
    CALL(thread_start, thread, pc, sp, a0, a1);
}
vx_status_t vx_thread_exit(void) { CALL(thread_exit, 0); }
vx_status_t vx_task_set_abi(vx_handle_t task, vx_abi_fn fn, void *ctx)
{
    CALL(task_set_abi, task, U(fn), U(ctx));
}
vx_status_t vx_job_create(vx_handle_t parent, vx_handle_t *out) { CALL(job_create, parent, U(out)); }
vx_status_t vx_job_set_limit(vx_handle_t job, uint32_t res, uint64_t limit)
{
    CALL(job_set_limit, job, res, limit);
}
vx_status_t vx_job_get_info(vx_handle_t job, struct vx_job_info *info)
{
    CALL(job_get_info, job, U(info));
}

vx_status_t vx_object_wait_one(vx_handle_t h, uint32_t signals, int64_t deadline,
                               uint32_t *observed)
{
    CALL(object_wait_one, h, signals, (uint64_t)deadline, U(observed));
}
vx_status_t vx_object_signal(vx_handle_t h, uint32_t clear, uint32_t set)
{
    CALL(object_signal, h, clear, set);
}
vx_status_t vx_object_wait_async(vx_handle_t h, vx_handle_t port, uint64_t key, uint32_t signals,
                                 uint32_t opts)
{
    CALL(object_wait_async, h, port, key, signals, opts);
}
vx_status_t vx_channel_create(uint32_t opts, vx_handle_t *end0, vx_handle_t *end1)
{
    CALL(channel_create, opts, U(end0), U(end1));
}
vx_status_t vx_channel_write(vx_handle_t h, const void *bytes, uint32_t nbytes,
                             const vx_handle_t *handles, uint32_t nhandles)
{
    CALL(channel_write, h, U(bytes), nbytes, U(handles), nhandles);
}
vx_status_t vx_channel_read(vx_handle_t h, void *bytes, vx_handle_t *handles, uint32_t nbytes,
                            uint32_t nhandles, uint32_t *actual)
{
    CALL(channel_read, h, U(bytes), U(handles), nbytes, nhandles, U(actual));
}
vx_status_t vx_channel_call(vx_handle_t h, const struct vx_channel_call_args *args,
                            int64_t deadline, uint32_t *actual)
{
    CALL(channel_call, h, U(args), (uint64_t)deadline, U(actual));
}
vx_status_t vx_channel_serve(vx_handle_t h, const struct vx_channel_call_args *args,
                             int64_t deadline, uint32_t *actual)
{
    CALL(channel_serve, h, U(args), (uint64_t)deadline, U(actual));
}
vx_status_t vx_port_create(uint32_t opts, vx_handle_t *out) { CALL(port_create, opts, U(out)); }
vx_status_t vx_port_wait(vx_handle_t port, int64_t deadline, struct vx_port_packet *packets,
                         uint32_t max, uint32_t *count)
{
    CALL(port_wait, port, (uint64_t)deadline, U(packets), max, U(count));
}
vx_status_t vx_port_queue(vx_handle_t port, const struct vx_port_packet *packet)
{
    CALL(port_queue, port, U(packet));
}
vx_status_t vx_event_create(uint32_t opts, vx_handle_t *out) { CALL(event_create, opts, U(out)); }
vx_status_t vx_timer_create(uint32_t opts, vx_handle_t *out) { CALL(timer_create, opts, U(out)); }
vx_status_t vx_timer_set(vx_handle_t timer, int64_t deadline)
{
    CALL(timer_set, timer, (uint64_t)deadline);
}
vx_status_t vx_timer_cancel(vx_handle_t timer) { CALL(timer_cancel, timer); }
vx_status_t vx_futex_wait(const uint32_t *addr, uint32_t expected, int64_t deadline)
{
    CALL(futex_wait, U(addr), expected, (uint64_t)deadline);
}
int64_t vx_futex_wake(const uint32_t *addr)
{
    const uint64_t a[6] = {U(addr)};
    return native_invoke(VX_SYS_futex_wake, a);
}
vx_status_t vx_bootfs_open(vx_handle_t bootfs, const char *path, size_t len, vx_handle_t *out)
{
    CALL(bootfs_open, bootfs, U(path), len, U(out));
}
vx_status_t vx_bootfs_stat(vx_handle_t bootfs, const char *path, size_t len,
                           struct vx_bootfs_stat *out)
{
    CALL(bootfs_stat, bootfs, U(path), len, U(out));
}
