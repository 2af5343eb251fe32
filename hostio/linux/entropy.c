/*
 * hostio/linux/entropy.c - random bytes from libsodium (getrandom(2) underneath).
 *
 * sodium_init() must run once before randombytes_buf(); pthread_once makes the first call
 * from any thread do it, and remembers whether it worked.
 */
#include <pthread.h>
#include <sodium.h>

#include "hostio.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = -1; /* written once under init_once, read after it */

static void init_sodium(void)
{
    init_result = sodium_init();
}

int hio_entropy(void *buf, size_t len)
{
    pthread_once(&init_once, init_sodium);
    /* sodium_init returns 1 when another user of libsodium in the process got there first. */
    if (init_result < 0)
        return HIO_EIO;
    if (len != 0)
        randombytes_buf(buf, len);
    return HIO_OK;
}
