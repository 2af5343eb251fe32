/*
 * hostio/linux/mem.c - physical memory: one shared mapping of a memfd, and guard pages.
 *
 * The region is a memfd ("vaelix-phys", visible in /proc/PID/maps) sized with ftruncate and
 * mapped MAP_SHARED, so a later device (the display) can map the same pages a second time.
 * The pages are not touched here: the host commits them as the kernel first writes them.
 * Guard pages are plain mprotect on whole host pages, which only works when the host's page
 * is the kernel's 4 KiB page.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hostio.h"

static bool host_page_is_ours(void)
{
    return sysconf(_SC_PAGESIZE) == (long)HIO_PAGE_SIZE;
}

int hio_mem_map(uint64_t bytes, void **base)
{
    int status = HIO_OK;
    if (base == NULL || bytes == 0 || bytes % HIO_PAGE_SIZE != 0 || bytes > (uint64_t)SIZE_MAX ||
        bytes > (uint64_t)INT64_MAX)
        return HIO_EINVAL;

    int fd = memfd_create("vaelix-phys", MFD_CLOEXEC);
    if (fd < 0)
        return HIO_ENOMEM;
    if (ftruncate(fd, (off_t)bytes) != 0) {
        status = errno == EINVAL || errno == EFBIG ? HIO_EINVAL : HIO_ENOMEM;
        goto out_close;
    }
    /* MAP_NORESERVE: the region is sparse until used; a 64 GiB machine on a small host
     * should boot and fail only if the OS really fills it. */
    void *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (p == MAP_FAILED) {
        status = HIO_ENOMEM;
        goto out_close;
    }
    *base = p;
out_close:
    /* The mapping keeps the memory alive; the descriptor is no longer needed. */
    close(fd);
    return status;
}

int hio_mem_protect(void *addr, uint64_t len, uint32_t prot)
{
    if ((uintptr_t)addr % HIO_PAGE_SIZE != 0 || len % HIO_PAGE_SIZE != 0 ||
        (prot & ~(HIO_PROT_READ | HIO_PROT_WRITE)) != 0)
        return HIO_EINVAL;
    if (!host_page_is_ours())
        return HIO_ENOTSUP;
    if (len == 0)
        return HIO_OK;

    int host_prot = PROT_NONE;
    if (prot & HIO_PROT_READ)
        host_prot |= PROT_READ;
    if (prot & HIO_PROT_WRITE)
        host_prot |= PROT_WRITE;
    if (mprotect(addr, (size_t)len, host_prot) != 0)
        /* ENOMEM means "not mapped" or "too many mappings" (each guard page splits the
         * region); only the second is the host refusing memory, but both stop the caller. */
        return errno == ENOMEM ? HIO_ENOMEM : HIO_EINVAL;
    return HIO_OK;
}
