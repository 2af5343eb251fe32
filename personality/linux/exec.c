/*
 * linux/exec.c - the builtin `linux-exec`: the first task of `vaelix exec` (see linux.h).
 *
 * It runs one Linux program with the console as its stdin, stdout and stderr and returns
 * its status, which becomes the status of `vaelix exec`. It says nothing itself unless
 * something goes wrong (on stderr) or the host asked for verbose output.
 */
#include <stdarg.h>

#include "lib/fmt.h"
#include "lib/status.h"
#include "personality/linux/internal.h"
#include "vx/console.h"
#include "vx/vfs.h"

static void say(vx_handle_t con, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(vx_handle_t con, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vx_vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        linux_console_write(con, VX_CONSOLE_ERR, line,
                            (uint32_t)n < sizeof line ? (uint32_t)n : sizeof line - 1);
}

static const char *status_text(vx_status_t st)
{
    switch (st) {
    case VX_ENOENT:
        return "No such file or directory";
    case VX_EINVAL:
    case VX_ENOTSUP:
        return "Exec format error (not a static riscv64 ELF executable)";
    case VX_ENOMEM:
    case VX_ELIMIT:
        return "Cannot allocate memory";
    default:
        return "cannot run it";
    }
}

/* A VMO holding len bytes. */
static vx_status_t bytes_vmo(const void *bytes, uint64_t len, vx_handle_t *out)
{
    vx_status_t st = vx_vmo_create(len ? len : 1, 0, out);
    if (st)
        return st;
    if ((st = vx_vmo_write(*out, bytes, 0, len)))
        vx_handle_close(*out);
    return st;
}

/* A VMO holding the program: the host's bytes, or a file of the guest's file system (the
 * boot image without one). */
static vx_status_t program(const struct vx_startup *su, const struct linux_exec_arg *x,
                           vx_handle_t root, vx_handle_t *out)
{
    if (!x->image && root) {
        int64_t st = linux_load_program(root, x->path[0] == '/' ? x->path : "", out);
        if (st && x->path[0] != '/') { /* a bare name: /bin/NAME */
            char path[LINUX_PATH_MAX];
            vx_snprintf(path, sizeof path, "/bin/%s", x->path);
            st = linux_load_program(root, path, out);
        }
        if (st == -LENOENT && x->fallback)
            return bytes_vmo(x->fallback, x->fallback_len, out);
        return st == 0 ? VX_OK : st == -LENOENT ? VX_ENOENT : st == -LENOMEM ? VX_ENOMEM
                                                                              : VX_EINVAL;
    }
    if (!x->image) {
        const char *path = x->path;
        while (*path == '/')
            path++;
        size_t n = 0;
        while (path[n])
            n++;
        if (!su->bootfs)
            return VX_ENOENT;
        return vx_bootfs_open(su->bootfs, path, n, out);
    }
    return bytes_vmo(x->image, x->image_len, out);
}

/* Start the vfs server (the file system the program sees) and fill its root from the boot
 * image. *root gets the root connection, *task the server; false if there is no file system
 * (then programs see none: opens fail with ENOENT). */
static bool start_vfs(const struct vx_startup *su, vx_handle_t *root, vx_handle_t *task)
{
    vx_handle_t theirs, img = 0;
    *root = *task = 0;
    if (vx_channel_create(0, root, &theirs))
        return false;
    if (vx_task_create_builtin(su->job, "vfs", 3, theirs, task)) {
        vx_handle_close(*root);
        *root = 0;
        return false;
    }
    if (!su->bootfs || vx_handle_duplicate(su->bootfs, VX_RIGHTS_SAME, &img))
        return true; /* an empty root */
    struct vx_vfs_req load = {.op = VX_VFS_OP_BOOTFS_LOAD};
    struct vx_vfs_rep rep;
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)&load,
                                        .wr_handles = (uintptr_t)&img,
                                        .rd_bytes = (uintptr_t)&rep,
                                        .wr_num_bytes = sizeof load,
                                        .wr_num_handles = 1,
                                        .rd_num_bytes = sizeof rep};
    uint32_t actual[2];
    vx_channel_call(*root, &args, 0, actual);
    return true;
}

int linux_exec_main(void *arg)
{
    const struct vx_startup *su = arg;
    const struct linux_exec_arg *x = su->host_arg;
    vx_handle_t con = su->console;
    if (!x || !x->path) {
        say(con, "linux-exec: no program given (start it with vaelix exec)\n");
        return 2;
    }
    vx_handle_t root, vfs_task;
    start_vfs(su, &root, &vfs_task);
    vx_handle_t elf;
    vx_status_t st = program(su, x, root, &elf);
    if (st) {
        say(con, "vaelix exec: %s: %s\n", x->path, status_text(st));
        return st == VX_ENOENT ? 127 : 126;
    }
    struct linux_start s = {.job = su->job, .elf = elf, .console = con, .bootfs = su->bootfs,
                            .root = root,
                            .path = x->exe ? x->exe : x->path,
                            .strings = x->strings, .strings_len = x->strings_len,
                            .argc = x->argc};
    struct linux_proc *p;
    st = linux_start(&s, &p);
    vx_handle_close(elf);
    if (st) {
        say(con, "vaelix exec: %s: %s (%s)\n", x->path, status_text(st), vx_status_str(st));
        return st == VX_ENOENT ? 127 : 126;
    }
    if (x->verbose)
        say(con, "vaelix exec: %s started as pid %u\n", x->path, p->pid);
    int status = linux_wait(p);
    linux_release(p);
    if (root) { /* the last connection: the server ends */
        vx_handle_close(root);
        vx_object_wait_one(vfs_task, VX_SIG_TERMINATED, vx_clock_get() + 5000000000ll, NULL);
        vx_handle_close(vfs_task);
    }
    if (x->verbose)
        say(con, "vaelix exec: %s ended with status %d\n", x->path, status);
    return status;
}
