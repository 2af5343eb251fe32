/*
 * arch/hosted/cpu_relax.h - the pause hint for spin loops on the host CPU.
 */
#ifndef ARCH_HOSTED_CPU_RELAX_H
#define ARCH_HOSTED_CPU_RELAX_H

#if defined(__x86_64__)
#define arch_cpu_relax() __asm__ __volatile__("pause" ::: "memory")
#elif defined(__aarch64__)
#define arch_cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#else
#define arch_cpu_relax() __asm__ __volatile__("" ::: "memory")
#endif

#endif
