/*
 * bench/linux/true.c - the host's side of spawn.true: a static `true` built with the host's
 * gcc -static, so that the baseline execs a static glibc program as the guest does (/bin/true
 * in the guest is the static riscv64 box).
 */
int main(void)
{
    return 0;
}
