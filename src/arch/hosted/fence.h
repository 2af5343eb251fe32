/*
 * arch/hosted/fence.h - host memory fences for code that must order guest memory accesses.
 *
 * GCC refuses atomic_thread_fence under -fsanitize=thread (TSan cannot model fences). There,
 * a sequentially consistent read-modify-write of a private word stands in: the TSan build only
 * runs on x86-64, where a locked instruction is a full fence, and since every guest access is
 * an atomic, TSan has no race to miss. The variant is chosen here, not in the .c files.
 */
#ifndef ARCH_HOSTED_FENCE_H
#define ARCH_HOSTED_FENCE_H

#if defined(__SANITIZE_THREAD__)
static inline void arch_fence_full(void)
{
    static _Thread_local unsigned long word;
    __atomic_fetch_add(&word, 0, __ATOMIC_SEQ_CST);
}
#define arch_fence_acq_rel() arch_fence_full()
#else
#define arch_fence_full()    __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define arch_fence_acq_rel() __atomic_thread_fence(__ATOMIC_ACQ_REL)
#endif

#endif /* ARCH_HOSTED_FENCE_H */
