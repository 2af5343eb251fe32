/*
 * tests/unit/vfs_env.h - the vfs core's environment for unit tests: malloc with a count of
 * what is still allocated (so a test can require that everything came back), an optional
 * allocation budget (to make the core run out of memory), and a clock that only moves when
 * the test says so.
 */
#ifndef TESTS_VFS_ENV_H
#define TESTS_VFS_ENV_H

#include <stdint.h>
#include <stdlib.h>

#include "servers/vfs/fs.h"

struct test_env {
    struct vfs_env env;
    int64_t now_ns;
    int64_t live_allocs;
    int64_t live_bytes;
    int64_t fail_after; /* allocations left before they fail; < 0: never fail */
};

static void *test_alloc(void *ctx, size_t n)
{
    struct test_env *t = ctx;
    if (t->fail_after == 0)
        return NULL;
    if (t->fail_after > 0)
        t->fail_after--;
    void *p = malloc(n);
    if (p) {
        t->live_allocs++;
        t->live_bytes += (int64_t)n;
    }
    return p;
}

static void test_free(void *ctx, void *p, size_t n)
{
    struct test_env *t = ctx;
    if (!p)
        return;
    t->live_allocs--;
    t->live_bytes -= (int64_t)n;
    free(p);
}

static int64_t test_now(void *ctx)
{
    return ((struct test_env *)ctx)->now_ns;
}

static inline void test_env_init(struct test_env *t)
{
    t->env = (struct vfs_env){test_alloc, test_free, test_now, t};
    t->now_ns = 1700000000ll * 1000000000ll;
    t->live_allocs = t->live_bytes = 0;
    t->fail_after = -1;
}

#endif /* TESTS_VFS_ENV_H */
