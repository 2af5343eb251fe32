/*
 * hostio/linux/probe.c - the handshake: facts about the host for the kernel's boot log.
 *
 * Everything here is read once from the host (uname, sysconf, the CPU affinity mask,
 * isatty) and copied into the caller's struct; nothing is cached.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "hostio.h"

/* CPUs this process may run on: the affinity mask, not the machine's total, because a
 * container or `taskset` may give us fewer and vCPUs beyond that only contend. */
static uint32_t usable_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (uint32_t)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (uint32_t)n : 1u;
}

static void describe_host(struct hio_machine *m)
{
    struct utsname u;
    if (uname(&u) != 0) {
        snprintf(m->host_arch, sizeof m->host_arch, "unknown");
        snprintf(m->host_name, sizeof m->host_name, "Linux");
        return;
    }
    snprintf(m->host_arch, sizeof m->host_arch, "%.15s", u.machine);
    snprintf(m->host_name, sizeof m->host_name, "%.24s %.38s", u.sysname, u.release);
}

int hio_probe(uint32_t version, struct hio_machine *m)
{
    if (version != HIO_VERSION || m == NULL)
        return HIO_EINVAL;
    memset(m, 0, sizeof *m);
    m->version = HIO_VERSION;
    m->host_cpus = usable_cpus();
    long page = sysconf(_SC_PAGESIZE);
    m->page_size = page > 0 ? (uint32_t)page : HIO_PAGE_SIZE;
    m->console_is_tty = isatty(0) == 1;
    snprintf(m->backend, sizeof m->backend, "linux");
    describe_host(m);
    return HIO_OK;
}
