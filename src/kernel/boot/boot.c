/*
 * boot/boot.c - vx_kernel_main: bring the machine up stage by stage, run it, return its status.
 *
 * Each stage logs one line with the time since the host process started (hostio's clock
 * starts then), so a slow stage is visible in every boot log:
 *   hostio probe -> physical memory -> frame allocator -> slab -> initrd -> scheduler
 *   -> timers -> console -> vCPUs -> "kernel ready" -> the init program
 * A stage that fails prints why and unwinds; nothing here panics on a bad parameter. The
 * initrd stage cannot fail: a boot image that is refused is reported, and boot goes on
 * without it.
 */
#define VX_SUBSYSTEM "boot"
#include "vx/boot.h"

#include "hostio.h"
#include "kernel/boot/initrd.h"
#include "kernel/boot/programs.h"
#include "kernel/console.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/vm/mmu.h"
#include "lib/assert.h"
#include "lib/status.h"

/* hostio and the kernel share status codes (hostio.h says so); keep them equal. */
_Static_assert(HIO_ENOMEM == VX_ENOMEM && HIO_EINVAL == VX_EINVAL && HIO_EAGAIN == VX_EAGAIN &&
                   HIO_ENOTSUP == VX_ENOTSUP && HIO_EIO == VX_EIO && HIO_EOF == VX_EEOF,
               "hostio and kernel status codes differ");
_Static_assert(VX_CPUS_MAX == PARAM_MAX_CPUS && HIO_MAX_CPUS == PARAM_MAX_CPUS,
               "vCPU limits differ");
_Static_assert(HIO_PAGE_SIZE == FRAME_SIZE, "hostio pages are frames");

static bool quiet;
static struct boot_info boot_info;

__attribute__((format(printf, 1, 2))) static void stage(const char *fmt, ...)
{
    if (quiet)
        return;
    uint64_t ns = hio_clock_ns();
    kprintf("[%4u.%03u ms] ", (unsigned)(ns / 1000000), (unsigned)(ns / 1000 % 1000));
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
}

static void fail(const char *what, vx_status_t st)
{
    kprintf("boot: %s failed: %s\n", what, vx_status_str(st));
}

const struct boot_info *boot_get_info(void)
{
    return &boot_info;
}

static vx_status_t check_params(const struct vx_boot_params *p)
{
    if (p->mem_bytes < VX_MEM_MIN || p->mem_bytes > VX_MEM_MAX || p->mem_bytes % FRAME_SIZE) {
        kprintf("boot: memory size %llu is not a multiple of 4 KiB in 16 MiB..64 GiB\n",
                (unsigned long long)p->mem_bytes);
        return VX_EINVAL;
    }
    if (p->cpus == 0 || p->cpus > VX_CPUS_MAX) {
        kprintf("boot: %u vCPUs asked for; 1..%u are possible\n", p->cpus, VX_CPUS_MAX);
        return VX_EINVAL;
    }
    return VX_OK;
}

static vx_status_t bring_up_memory(const struct vx_boot_params *p)
{
    void *base = NULL;
    vx_status_t st = hio_mem_map(p->mem_bytes, &base);
    if (st) {
        fail("mapping physical memory", st);
        return st;
    }
    stage("physical memory: %llu MiB at %p", (unsigned long long)(p->mem_bytes >> 20), base);
    st = frame_init(base, p->mem_bytes);
    if (st) {
        fail("frame allocator", st);
        return st;
    }
    struct frame_stats fs;
    frame_get_stats(&fs);
    stage("frame allocator: %llu frames, %llu free, %llu reserved for metadata",
          (unsigned long long)fs.total_frames, (unsigned long long)fs.free_frames,
          (unsigned long long)fs.reserved_frames);
    st = slab_init();
    if (st) {
        fail("slab allocator", st);
        return st;
    }
    stage("slab: kmalloc %u..%u bytes ready", KMALLOC_MIN, KMALLOC_MAX);
    return VX_OK;
}

/* Copy and check the boot image. Its faults are the image's, not the kernel's: say why it was
 * refused (even when quiet: it is a warning) and go on without it. */
static void load_initrd(const struct vx_boot_params *p)
{
    char why[CPIO_WHY_BYTES];
    if (!p->initrd) {
        stage("initrd: none given, booting without one");
        return;
    }
    vx_status_t st = boot_initrd_load(p->initrd, p->initrd_len, why);
    if (st) {
        kprintf("boot: initrd refused (%s): %s; booting without it\n", vx_status_str(st), why);
        stage("initrd: none");
        return;
    }
    const struct boot_initrd *rd = boot_initrd();
    stage("initrd: %u files, %llu KiB", rd->summary.files,
          (unsigned long long)((rd->len + 1023) >> 10));
}

static vx_status_t start_cpus(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        vx_status_t st = hio_cpu_start(i, &sched_cpus[i].irq_pending, sched_cpu_main);
        if (st) {
            fail("starting a vCPU", st);
            sched_power_off(1);
            hio_cpu_join_all();
            return st;
        }
    }
    stage("vCPUs: %u running", n);
    return VX_OK;
}

int vx_kernel_main(const struct vx_boot_params *p)
{
    quiet = p->quiet;
    struct hio_machine m;
    vx_status_t st = hio_probe(HIO_VERSION, &m);
    if (st) {
        kprintf("boot: hostio version mismatch (kernel %u)\n", HIO_VERSION);
        return st;
    }
    stage("hostio: %s backend v%u on %s %s, %u host cpus, console %s", m.backend, m.version,
          m.host_arch, m.host_name, m.host_cpus, m.console_is_tty ? "tty (raw)" : "stream");
    st = check_params(p);
    if (st)
        return st;
    const struct vx_builtin *init = programs_find(p->init, p->builtins, p->nbuiltins);
    if (!init) {
        kprintf("boot: no program named '%s' to start first\n", p->init ? p->init : "(none)");
        return VX_ENOENT;
    }
    boot_info = (struct boot_info){.params = *p, .machine = m};
    st = bring_up_memory(p);
    if (st)
        return st;
    load_initrd(p);
    st = sched_init(p->cpus);
    if (st) {
        fail("scheduler", st);
        return st;
    }
    st = mmu_init(p->cpus);
    if (st) {
        fail("guest harts", st);
        return st;
    }
    stage("scheduler: %u run queues, %u priorities, %u guest harts", p->cpus, PARAM_NPRIO,
          p->cpus);
    stage("timers: tickless, one deadline per vCPU");
    console_init(0);
    stage("console: input interrupts to vCPU 0");
    /* Before the vCPUs: each one's thread takes its alternate signal stack as it starts. */
    st = hio_fault_init();
    if (st) {
        fail("installing the fault handlers", st);
        return st;
    }
    st = start_cpus(p->cpus);
    if (st)
        return st;
    /* Written before init starts: starting it publishes boot_info to init's vCPU. And the
     * line comes first, so nothing init prints can overtake it. */
    boot_info.ready_ns = hio_clock_ns();
    stage("kernel ready: starting init '%s'", init->name);
    st = programs_start_init(init, p->init_arg);
    if (st) {
        fail("starting init", st);
        sched_power_off(1);
    }
    hio_cpu_join_all();
    return st ? st : hio_power_status();
}
