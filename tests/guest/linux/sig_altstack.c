/* expect-status: 0 */
/*
 * sig_altstack - sigaltstack: a handler installed with SA_ONSTACK runs on the alternate stack
 * (a local's address lies inside it) and sigaltstack queried inside the handler reports
 * SS_ONSTACK; without SA_ONSTACK the handler runs on the normal stack; outside a handler the
 * flags are 0; SS_DISABLE turns it off. A stack overflow (SIGSEGV from runaway recursion) is
 * caught on the alternate stack and left with siglongjmp. Errors: a size below MINSIGSTKSZ
 * (ENOMEM), unknown flags (EINVAL).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "../linux/check.h"

#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile sig_atomic_t on_alt, flag_onstack;
static sigjmp_buf env;

static int inside_alt(const void *p)
{
    return (uintptr_t)p >= (uintptr_t)alt && (uintptr_t)p < (uintptr_t)alt + ALT_SIZE;
}

static void handler(int sig)
{
    (void)sig;
    volatile char local = 0;
    on_alt = inside_alt((const void *)&local);
    stack_t now;
    sigaltstack(NULL, &now);
    flag_onstack = (now.ss_flags & SS_ONSTACK) != 0;
}

static void on_segv(int sig)
{
    (void)sig;
    volatile char local = 0;
    on_alt = inside_alt((const void *)&local);
    siglongjmp(env, 1);
}

static int recurse(volatile char *prev, int depth)
{
    volatile char big[4096];
    if (depth > (1 << 30)) {
        return 0; /* never: keeps GCC from calling the recursion infinite */
    }
    big[0] = (char)depth;
    big[4095] = prev ? prev[0] : 0;
    return recurse(big, depth + 1) + big[100];
}

int main(void)
{
    alt = malloc(ALT_SIZE);
    stack_t ss = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0}, old;
    CHECK(sigaltstack(&ss, &old) == 0);
    printf("previous alternate stack disabled: %s\n", old.ss_flags & SS_DISABLE ? "yes" : "no");
    CHECK(sigaltstack(NULL, &old) == 0);
    printf("outside a handler: flags %d, size %zu\n", old.ss_flags, old.ss_size);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    raise(SIGUSR1);
    printf("SA_ONSTACK handler: on the alternate stack %s, SS_ONSTACK %s\n", on_alt ? "yes" : "no",
           flag_onstack ? "yes" : "no");
    CHECK(on_alt && flag_onstack);
    sa.sa_flags = 0;
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    raise(SIGUSR2);
    printf("handler without SA_ONSTACK: on the alternate stack %s, SS_ONSTACK %s\n",
           on_alt ? "yes" : "no", flag_onstack ? "yes" : "no");
    CHECK(!on_alt && !flag_onstack);

    struct rlimit rl = {1024 * 1024, 1024 * 1024};
    CHECK(setrlimit(RLIMIT_STACK, &rl) == 0);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    on_alt = 0;
    if (sigsetjmp(env, 1) == 0) {
        recurse(NULL, 0);
        printf("not reached\n");
    }
    printf("stack overflow caught on the alternate stack: %s\n", on_alt ? "yes" : "no");
    CHECK(on_alt);

    ss.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&ss, NULL) == 0);
    CHECK(sigaltstack(NULL, &old) == 0);
    printf("after SS_DISABLE: disabled %s\n", old.ss_flags & SS_DISABLE ? "yes" : "no");
    on_alt = 1;
    raise(SIGUSR1);
    printf("SA_ONSTACK handler with the stack disabled: on the old alternate stack %s\n",
           on_alt ? "yes" : "no");

    stack_t tiny = {.ss_sp = alt, .ss_size = 512, .ss_flags = 0};
    CHECK_ERRNO(sigaltstack(&tiny, NULL), ENOMEM);
    stack_t badflags = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x1234};
    CHECK_ERRNO(sigaltstack(&badflags, NULL), EINVAL);
    return check_finish("sig_altstack", 0);
}
