/* expect-status: 0 */
/*
 * sig_segv_longjmp - a SIGSEGV handler with SA_SIGINFO catches faults and leaves with
 * siglongjmp: a store through NULL (si_addr 0, SEGV_MAPERR), a load from an unmapped page
 * (its address, SEGV_MAPERR), a store into a read-only page (its address, SEGV_ACCERR). Each
 * is caught again after the previous one (sigsetjmp saved the mask, so SIGSEGV is not left
 * blocked). After mprotect makes the page writable the store works.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#include "../linux/check.h"

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    fault_addr = (uintptr_t)si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, 1);
}

static const char *code(int c)
{
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);

    char *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *gone = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(ro != MAP_FAILED && gone != MAP_FAILED);
    CHECK(munmap(gone, 4096) == 0);

    for (int round = 0; round < 2; round++) {
        if (sigsetjmp(env, 1) == 0) {
            *(volatile int *)0 = 1;
            printf("null store did not fault\n");
        } else {
            printf("round %d: null store caught, si_addr is 0: %s, %s\n", round,
                   fault_addr == 0 ? "yes" : "no", code(fault_code));
            CHECK(fault_addr == 0 && fault_code == SEGV_MAPERR);
        }
        if (sigsetjmp(env, 1) == 0) {
            (void)*(volatile char *)(gone + 100);
            printf("load from an unmapped page did not fault\n");
        } else {
            printf("round %d: unmapped load caught, si_addr right: %s, %s\n", round,
                   fault_addr == (uintptr_t)(gone + 100) ? "yes" : "no", code(fault_code));
            CHECK(fault_addr == (uintptr_t)(gone + 100) && fault_code == SEGV_MAPERR);
        }
        if (sigsetjmp(env, 1) == 0) {
            *(volatile char *)(ro + 4100) = 1;
            printf("store to a read-only page did not fault\n");
        } else {
            printf("round %d: read-only store caught, si_addr right: %s, %s\n", round,
                   fault_addr == (uintptr_t)(ro + 4100) ? "yes" : "no", code(fault_code));
            CHECK(fault_addr == (uintptr_t)(ro + 4100) && fault_code == SEGV_ACCERR);
        }
    }
    sigset_t now;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
    printf("SIGSEGV blocked after the jumps: %s\n", sigismember(&now, SIGSEGV) ? "yes" : "no");
    CHECK(!sigismember(&now, SIGSEGV));
    CHECK(mprotect(ro, 8192, PROT_READ | PROT_WRITE) == 0);
    ro[4100] = 5;
    printf("after mprotect the store works: %d\n", ro[4100]);
    return check_finish("sig_segv_longjmp", 0);
}
