/*
 * vx/boot.h - how a host starts the kernel.
 *
 * The host's start-up code (hostio/linux/main.c, or a bare-metal entry) fills vx_boot_params
 * and calls vx_kernel_main() once, on the thread that will wait for the machine to stop. The
 * kernel knows no servers and no desktop: programs built into the image are handed to it in
 * the `builtins` table (name -> entry point), and it starts the one named `init` first.
 *
 * The boot image (initrd) is a cpio newc archive of data files and guest programs that the
 * host has read into its own memory. The kernel copies it into physical memory while it
 * boots and checks it (lib/cpio.h); a malformed one is reported and left out, and boot goes
 * on without it. docs/boot.md says what the image holds.
 */
#ifndef VX_BOOT_H
#define VX_BOOT_H

#include <stdbool.h>
#include <stdint.h>

/* A program compiled into the image. It runs as a kernel-scheduled thread; its exit status is
 * its return value. */
struct vx_builtin {
    const char *name;
    int (*entry)(void *arg);
};

struct vx_boot_params {
    uint64_t mem_bytes;     /* size of physical memory; multiple of 4 KiB, >= VX_MEM_MIN */
    uint32_t cpus;          /* number of vCPUs, 1..VX_CPUS_MAX */
    bool quiet;             /* print only warnings and errors while booting */
    const char *init;       /* name of the first program: "monitor", "selftest", ... */
    void *init_arg;         /* passed to init's entry */
    const struct vx_builtin *builtins; /* extra programs beside the kernel's own */
    uint32_t nbuiltins;
    const void *initrd;     /* the boot image, or NULL for none; borrowed until boot has copied
                             * it (the "initrd" stage), so until vx_kernel_main returns is safe */
    uint64_t initrd_len;    /* its bytes, at most VX_INITRD_MAX */
};

#define VX_MEM_MIN   (16ull << 20)
#define VX_MEM_MAX   (64ull << 30)
#define VX_CPUS_MAX  8u
#define VX_INITRD_MAX (1ull << 30) /* largest boot image: 1 GiB */

/* Boot, run until the machine powers off, and return its exit status: init's return value
 * (the monitor's: the status given to `halt`), 1 if init faulted or was killed, and 1 if init
 * returned 0 but the kernel did not get back every frame and slab object it had before init
 * started (a leak: docs/boot.md). Returns a negative VX_E* code if boot failed (after
 * printing why). */
int vx_kernel_main(const struct vx_boot_params *params);

#endif /* VX_BOOT_H */
