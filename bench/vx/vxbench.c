/*
 * bench/vx/vxbench.c - the guest side of `bench_ipc` (libvx, no libc).
 *
 * Started by bench_ipc's init with argv {"vxbench", mode}; its bootstrap message holds its
 * address space and one channel, `link`. What it measures goes back over `link` as one
 * message of BATCHES doubles (ns per operation, one per batch):
 *   syscall   vx_handle_close(0), the cheapest call there is (a handle lookup that fails)
 *   client    vx_channel_call of 16 bytes over `link` to a server task
 *   server    answer every message on `link` with its own bytes until the peer closes
 *             (vx_channel_serve: reply and wait for the next request in one call)
 *   yield     vx_yield in a loop; two of them on one vCPU switch to each other
 */
#include "vx/libvx.h"

#define BATCHES   51u
#define PER_BATCH 2000u

static double samples[BATCHES];

static int report(vx_handle_t link)
{
    return vx_channel_write(link, samples, sizeof samples, NULL, 0) ? 1 : 0;
}

static int bench_syscall(vx_handle_t link)
{
    for (unsigned b = 0; b < BATCHES; b++) {
        int64_t t0 = vx_clock_get();
        for (unsigned i = 0; i < PER_BATCH * 10; i++)
            vx_handle_close(0);
        samples[b] = (double)(vx_clock_get() - t0) / (PER_BATCH * 10);
    }
    return report(link);
}

static int bench_client(vx_handle_t link, vx_handle_t results)
{
    uint8_t req[16] = {0}, rep[16];
    uint32_t actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)req, .rd_bytes = (uintptr_t)rep,
                                        .wr_num_bytes = 16, .rd_num_bytes = 16};
    for (unsigned b = 0; b < BATCHES; b++) {
        int64_t t0 = vx_clock_get();
        for (unsigned i = 0; i < PER_BATCH; i++)
            if (vx_channel_call(link, &args, 0, actual))
                return 2;
        samples[b] = (double)(vx_clock_get() - t0) / PER_BATCH;
    }
    return report(results);
}

static int bench_server(vx_handle_t link)
{
    uint8_t buf[64];
    uint32_t actual[2];
    struct vx_channel_call_args args = {.wr_bytes = (uintptr_t)buf, .rd_bytes = (uintptr_t)buf,
                                        .rd_num_bytes = sizeof buf};
    for (;;) {
        vx_status_t st = vx_channel_serve(link, &args, 0, actual);
        if (st == VX_ECLOSED)
            return 0;
        if (st)
            return 4;
        args.wr_num_bytes = actual[0]; /* the reply: the request's own bytes */
    }
}

static int bench_yield(vx_handle_t link)
{
    for (unsigned b = 0; b < BATCHES; b++) {
        int64_t t0 = vx_clock_get();
        for (unsigned i = 0; i < PER_BATCH; i++)
            vx_yield();
        samples[b] = (double)(vx_clock_get() - t0) / PER_BATCH;
    }
    return report(link);
}

int main(int argc, char **argv, vx_handle_t boot, uint64_t a1)
{
    vx_handle_t hs[3];
    uint32_t actual[2];
    char bytes[8];
    if (argc < 2 || vx_object_wait_one(boot, VX_SIG_READABLE, 0, NULL) ||
        vx_channel_read(boot, bytes, hs, sizeof bytes, 3, actual) || actual[1] < 2)
        return 100;
    vx_handle_t link = hs[1], results = actual[1] > 2 ? hs[2] : hs[1];
    if (!strcmp(argv[1], "syscall"))
        return bench_syscall(link);
    if (!strcmp(argv[1], "client"))
        return bench_client(link, results);
    if (!strcmp(argv[1], "server"))
        return bench_server(link);
    if (!strcmp(argv[1], "yield"))
        return bench_yield(link);
    return 101;
}
