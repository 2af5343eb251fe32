/*
 * linux/linux.h - the Linux personality: how a system task starts Linux programs.
 *
 * linux_start creates a guest task in `job` running a static riscv64 Linux executable and
 * registers the personality as the task's ABI handler (vx_task_set_abi), so the program's
 * Linux system calls are answered by this library, in the program's own thread, through the
 * public API (docs/linux.md). The process gets the console device as fds 0, 1 and 2 (stdin,
 * stdout, stderr). The starter then waits for it with linux_wait and frees what is left with
 * linux_release.
 *
 * Everything here is freestanding C over the public API (vx/syscall.h), like a library OS.
 */
#ifndef LINUX_LINUX_H
#define LINUX_LINUX_H

#include <stddef.h>
#include <stdint.h>

#include "vx/syscall.h"

struct linux_proc;

struct linux_start {
    vx_handle_t job;     /* the process's job (MANAGE) */
    vx_handle_t elf;     /* a VMO holding the executable (READ); stays the caller's */
    vx_handle_t console; /* the console device (vx/console.h), duplicated for the process */
    vx_handle_t bootfs;  /* the boot image, where execve finds programs (0: none) */
    vx_handle_t root;    /* a connection to the vfs root (0: no file system) */
    const char *path;    /* the executable's path, as /proc/self/exe and AT_EXECFN give it */
    const char *strings; /* argc argument strings then the environment, each NUL-terminated */
    size_t strings_len;
    uint32_t argc;
};

/* Start a process. On success *out is its record until linux_release. VX_ELIMIT: too many
 * processes; other errors as vx_task_create, vx_elf_load, vx_task_start give them (the ELF
 * is refused with VX_EINVAL / VX_ENOTSUP). */
vx_status_t linux_start(const struct linux_start *s, struct linux_proc **out);

/* Wait until the process has ended and return its status as a shell reports it: the exit
 * code (0..255), or 128 + the signal that killed it (a fault: SIGSEGV, SIGILL, SIGBUS...;
 * a kill: SIGKILL). */
int linux_wait(struct linux_proc *p);

/* Free the record of an ended process (after linux_wait). */
void linux_release(struct linux_proc *p);

/* ---- `vaelix exec` ------------------------------------------------------------------------
 * linux_exec_main is the builtin program `linux-exec`, the first task of `vaelix exec`: it
 * runs one Linux program and returns its status (linux_wait). Its host argument: */
struct linux_exec_arg {
    const void *image;   /* the executable's bytes, read by the host; NULL: look `path` up */
    uint64_t image_len;  /* in the boot image (with or without a leading '/') */
    const void *fallback;     /* bytes to run when `path` is not in the guest's file */
    uint64_t fallback_len;    /* system (a host file that is not a riscv64 ELF: its error) */
    const char *path;    /* the command as typed (argv[0] is in `strings`) */
    const char *exe;     /* its absolute path: /proc/self/exe */
    const char *strings; /* argv then environment strings, each NUL-terminated */
    size_t strings_len;
    uint32_t argc;
    int verbose;         /* say what happens on the console (stderr) */
};

int linux_exec_main(void *arg);

#endif /* LINUX_LINUX_H */
