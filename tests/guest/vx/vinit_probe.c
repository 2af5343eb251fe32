/*
 * tests/guest/vx/vinit_probe.c - the guest program of vinit's integration test
 * (tests/integration/vinit.sh), started by vinit from the manifests in tests/vinit/services.
 * argv[1] picks what it does:
 *
 *   client  look `echo` up by name and check that it echoes 5 calls; look up a name no
 *           service has (VX_ENOENT); send a line to `logd`; then stay up a while so that the
 *           crasher's restarts happen, and exit with the number of failed checks
 *   crash   dereference null (vinit must restart it, with growing delays)
 *   exit3   exit with code 3 (restart = never: vinit must leave it stopped)
 */
#include "vx/ipc.h"
#include "vx/libvx.h"

#include "check.h"
#include "vx/service.h"

#define CALLS          5
#define STAY_UP_NS     1500000000ll /* the crasher restarts after 20, 40, 80, 80... ms */
#define LOOKUP_WAIT_NS 5000000000ll

static int failures;


/* vx_spawn's first message: "vinit" and our address space (unused here). */
static void read_boot(vx_handle_t boot)
{
    char bytes[8];
    vx_handle_t as;
    uint32_t actual[2];
    vx_status_t st = vx_channel_read(boot, bytes, &as, sizeof bytes, 1, actual);
    CHECK(st == VX_OK && actual[0] == 5 && !memcmp(bytes, "vinit", 5) && actual[1] == 1,
          "bootstrap message: status %d, %u bytes, %u handles", st, actual[0], actual[1]);
    if (st == VX_OK && actual[1] == 1)
        vx_handle_close(as);
}

static void check_echo(vx_handle_t boot)
{
    vx_handle_t echo;
    vx_status_t st = vx_service_lookup(boot, "echo", vx_clock_get() + LOOKUP_WAIT_NS, &echo);
    CHECK(st == VX_OK, "lookup echo: status %d", st);
    if (st)
        return;
    int answered = 0;
    for (int i = 0; i < CALLS; i++) {
        char req[32], rep[32];
        uint32_t actual[2];
        memset(req, 0, sizeof req);
        memcpy(req + 4, "ping #", 6);
        req[10] = (char)('0' + i);
        struct vx_channel_call_args a = {.wr_bytes = (uint64_t)(uintptr_t)req,
                                         .wr_num_bytes = 11,
                                         .rd_bytes = (uint64_t)(uintptr_t)rep,
                                         .rd_num_bytes = sizeof rep};
        st = vx_channel_call(echo, &a, vx_clock_get() + LOOKUP_WAIT_NS, actual);
        CHECK(st == VX_OK && actual[0] == 11 && !memcmp(rep + 4, req + 4, 7),
              "echo call %d: status %d, %u bytes", i, st, actual[0]);
        answered += st == VX_OK && actual[0] == 11 && !memcmp(rep + 4, req + 4, 7);
    }
    vx_printf("echo answered %d of %d calls", answered, CALLS);
    vx_handle_close(echo);
}

static void check_unknown(vx_handle_t boot)
{
    vx_handle_t h;
    vx_status_t st = vx_service_lookup(boot, "nosuch", vx_clock_get() + LOOKUP_WAIT_NS, &h);
    CHECK(st == VX_ENOENT, "lookup nosuch: expected VX_ENOENT, got %d", st);
    if (st == VX_ENOENT)
        vx_printf("lookup of 'nosuch' refused with VX_ENOENT");
}

static void say_to_logd(vx_handle_t boot)
{
    vx_handle_t log;
    vx_status_t st = vx_service_lookup(boot, "logd", vx_clock_get() + LOOKUP_WAIT_NS, &log);
    CHECK(st == VX_OK, "lookup logd: status %d", st);
    if (st)
        return;
    const char line[] = "hello from the probe\n";
    st = vx_channel_write(log, line, sizeof line - 1, NULL, 0);
    CHECK(st == VX_OK, "write to logd: status %d", st);
    vx_handle_close(log);
}

int main(int argc, char **argv, vx_handle_t boot, uint64_t a1)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "crash"))
        return *(volatile int *)0;
    if (!strcmp(mode, "exit3"))
        return 3;
    if (strcmp(mode, "client")) {
        vx_printf("unknown mode '%s'", mode);
        return 99;
    }
    read_boot(boot);
    check_echo(boot);
    check_unknown(boot);
    say_to_logd(boot);
    vx_nanosleep(vx_clock_get() + STAY_UP_NS);
    vx_printf("%d checks failed", failures);
    return failures;
}
