/*
 * lib/assert.h - invariants of our own code.
 *
 * VX_ASSERT states something that is true unless VaelixOS itself has a bug; when it fails the
 * machine stops with the subsystem, the condition and the place. Anything a guest, a server, a
 * disk or a file controls is checked with an error return instead (STYLE.md rule 10).
 *
 * Each .c file names its subsystem before its includes:
 *     #define VX_SUBSYSTEM "frame"
 * VX_ASSERT and VX_PANIC exist only where the file did, so forgetting is a compile error.
 * A header's inline functions call vx_assert_fail with their own subsystem's name.
 */
#ifndef LIB_ASSERT_H
#define LIB_ASSERT_H

_Noreturn void vx_assert_fail(const char *subsystem, const char *cond, const char *file,
                              int line);
_Noreturn void vx_panic(const char *subsystem, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#ifdef VX_SUBSYSTEM
#define VX_ASSERT(cond)                                                                      \
    ((cond) ? (void)0 : vx_assert_fail(VX_SUBSYSTEM, #cond, __FILE__, __LINE__))

#define VX_PANIC(...) vx_panic(VX_SUBSYSTEM, __VA_ARGS__)
#endif

#endif /* LIB_ASSERT_H */
