/* expect-status: 0 */
/*
 * auxv_env - what the loader hands over besides argv: the environment exactly as the runner
 * set it (env -i LANG=C PATH=/usr/bin:/bin VXTEST=1), printed sorted (qemu-riscv64 reverses
 * the order the host gave, Linux keeps it: the oracle cannot judge order), with envp right
 * after argv;
 * and the auxiliary vector: AT_PAGESZ is 4096, AT_PHDR, AT_PHNUM, AT_ENTRY and AT_RANDOM are
 * there, AT_RANDOM points at 16 readable bytes, AT_EXECFN names the program. Addresses and
 * random bytes are checked, never printed.
 */
#include <elf.h>
#include <stdlib.h>
#include <sys/auxv.h>

#include "check.h"

extern char **environ;

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void environment(int argc, char **argv, char **envp)
{
    CHECK(envp == argv + argc + 1);
    CHECK(envp == environ);
    int count = 0;
    const char *sorted[64];
    int n = 0;
    for (char **e = envp; *e != NULL && n < 64; e++)
        sorted[n++] = *e;
    qsort(sorted, (size_t)n, sizeof sorted[0], by_string);
    for (int i = 0; i < n; i++) {
        printf("env[%d]=%s\n", count++, sorted[i]);
    }
    CHECK(count == 3);
    CHECK(getenv("VXTEST") != NULL && strcmp(getenv("VXTEST"), "1") == 0);
    CHECK(getenv("LANG") != NULL && strcmp(getenv("LANG"), "C") == 0);
    CHECK(getenv("HOME") == NULL);
    CHECK(setenv("ADDED", "yes", 0) == 0 && strcmp(getenv("ADDED"), "yes") == 0);
    CHECK(unsetenv("VXTEST") == 0 && getenv("VXTEST") == NULL);
}

static void auxiliary_vector(const char *argv0)
{
    CHECK(getauxval(AT_PAGESZ) == 4096);
    printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));

    const Elf64_Phdr *phdr = (const Elf64_Phdr *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    CHECK(phdr != NULL && phnum > 0 && phnum < 64);
    CHECK(getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
    int loads = 0;
    for (unsigned long i = 0; phdr != NULL && i < phnum; i++) {
        loads += phdr[i].p_type == PT_LOAD;
    }
    CHECK(loads >= 1);
    printf("AT_PHDR: %lu program headers, %s PT_LOAD\n", phnum, loads ? "with" : "without");

    extern char _start[];
    CHECK(getauxval(AT_ENTRY) == (unsigned long)_start);

    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    CHECK(random != NULL);
    unsigned sum = 0;
    for (int i = 0; random != NULL && i < 16; i++) {
        sum |= random[i];
    }
    CHECK(sum != 0);

    const char *execfn = (const char *)getauxval(AT_EXECFN);
    CHECK(execfn != NULL && strcmp(execfn, argv0) == 0);
    printf("AT_ENTRY is _start, AT_RANDOM readable, AT_EXECFN is argv[0]\n");
}

int main(int argc, char **argv, char **envp)
{
    environment(argc, argv, envp);
    auxiliary_vector(argv[0]);
    return check_finish("auxv_env", 0);
}
