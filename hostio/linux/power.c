/*
 * hostio/linux/power.c - power-off and panic.
 *
 * Power-off is a request, not an action: it records the exit status, sets a flag and sends
 * every vCPU an IPI. The kernel's idle loops notice and return from their entry functions,
 * and the booting thread, joined to them in hio_cpu_join_all, reads the status. The first
 * hio_power_off of a boot decides the status; later ones (say, the kernel's own shutdown path
 * after the monitor's `halt 3`) only repeat the IPI.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostio.h"
#include "internal.h"

/* Lock key: (p) power_lock. */
static pthread_mutex_t power_lock = PTHREAD_MUTEX_INITIALIZER;
static bool powering_off; /* (p) hio_power_off called since the last join_all */
static int exit_status;   /* (p) */

void hio_power_off(int status)
{
    pthread_mutex_lock(&power_lock);
    if (!powering_off) {
        powering_off = true;
        exit_status = status;
    }
    pthread_mutex_unlock(&power_lock);
    /* After the flag: a vCPU starting now either is raised here or sees the flag. */
    hio_cpu_raise_all(HIO_IRQ_IPI);
}

int hio_power_status(void)
{
    pthread_mutex_lock(&power_lock);
    int status = exit_status;
    pthread_mutex_unlock(&power_lock);
    return status;
}

bool hio_power_pending(void)
{
    pthread_mutex_lock(&power_lock);
    bool pending = powering_off;
    pthread_mutex_unlock(&power_lock);
    return pending;
}

void hio_power_rearm(void)
{
    pthread_mutex_lock(&power_lock);
    powering_off = false;
    pthread_mutex_unlock(&power_lock);
}

/* write(2) only: stdio may hold a lock the panicking thread already owns. */
static void write_stderr(const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t n = write(2, s, len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

_Noreturn void hio_panic(const char *msg)
{
    hio_console_restore_tty();
    write_stderr("vaelix: PANIC: ");
    write_stderr(msg != NULL ? msg : "(no message)");
    write_stderr("\n");
    abort();
}
