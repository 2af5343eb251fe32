/* expect-status: 0 */
/*
 * dev_null_zero_full - the character devices: /dev/null reads EOF and swallows writes (the
 * count comes back); /dev/zero reads zeros of any size and takes writes; /dev/full reads zeros
 * and refuses writes with ENOSPC; /dev/urandom and /dev/random fill the buffer (count only;
 * two reads differ). All are character devices by fstat; seeking /dev/null and /dev/zero
 * succeeds (offset 0).
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "../linux/check.h"

static void is_chr(const char *name, int fd)
{
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("%s: character device: %s\n", name, S_ISCHR(st.st_mode) ? "yes" : "no");
}

int main(void)
{
    static unsigned char buf[65536];
    int fd = open("/dev/null", O_RDWR);
    CHECK(fd >= 0);
    is_chr("/dev/null", fd);
    printf("/dev/null: read %zd, write %zd, write 64 KiB %zd\n", read(fd, buf, 10),
           write(fd, "abc", 3), write(fd, buf, sizeof(buf)));
    printf("/dev/null: lseek 100 gives %lld\n", (long long)lseek(fd, 100, SEEK_SET));
    close(fd);

    fd = open("/dev/zero", O_RDWR);
    CHECK(fd >= 0);
    is_chr("/dev/zero", fd);
    memset(buf, 0xaa, sizeof(buf));
    ssize_t n = read(fd, buf, sizeof(buf));
    printf("/dev/zero: read %zd, nonzero %zu, write %zd\n", n, bytes_not(buf, sizeof(buf), 0),
           write(fd, "x", 1));
    close(fd);

    fd = open("/dev/full", O_RDWR);
    CHECK(fd >= 0);
    is_chr("/dev/full", fd);
    memset(buf, 0xaa, 100);
    n = read(fd, buf, 100);
    printf("/dev/full: read %zd, nonzero %zu\n", n, bytes_not(buf, 100, 0));
    CHECK_ERRNO(write(fd, "x", 1), ENOSPC);
    close(fd);

    static const char *rnd[] = {"/dev/urandom", "/dev/random"};
    for (int i = 0; i < 2; i++) {
        fd = open(rnd[i], O_RDONLY);
        CHECK(fd >= 0);
        is_chr(rnd[i], fd);
        unsigned char a[256], b[256];
        ssize_t na = read(fd, a, sizeof(a));
        ssize_t nb = read(fd, b, sizeof(b));
        printf("%s: read %zd and %zd, the two differ: %s\n", rnd[i], na, nb,
               memcmp(a, b, sizeof(a)) != 0 ? "yes" : "no");
        CHECK(na == 256 && nb == 256);
        close(fd);
    }
    CHECK_ERRNO(open("/dev/no-such-device", O_RDONLY), ENOENT);
    return check_finish("dev_null_zero_full", 0);
}
