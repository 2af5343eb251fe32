/*
 * kernel/param.h - system-wide tunables of VaelixCore, each with its unit and its reason.
 *
 * A build may override the ones guarded by #ifndef (sanitizer builds need bigger stacks).
 */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

/* Most vCPUs a machine can have; bounds per-CPU arrays. Equal to hostio's limit. */
#define PARAM_MAX_CPUS 8u

/* Frame allocator: largest buddy order. Order 10 = 1024 frames = 4 MiB blocks. */
#define PARAM_FRAME_MAX_ORDER 10u
/* Per-vCPU cache of single frames: refill/drain this many at once, keep at most HIGH. */
#define PARAM_FRAME_PCP_BATCH 16u
#define PARAM_FRAME_PCP_HIGH  64u

/* Slab allocator: objects per per-vCPU magazine. */
#define PARAM_SLAB_MAGAZINE 32u

/* Kernel stacks are 2^order frames, the lowest of them a guard page. ASan and TSan builds
 * use much more stack per call, so their build raises this. */
#ifndef PARAM_KSTACK_ORDER
#define PARAM_KSTACK_ORDER 3u /* 32 KiB: 28 KiB usable + 4 KiB guard */
#endif

/* Spinlocks: rounds of pause before sleeping on the host futex. */
#define PARAM_SPIN_TRIES 2000u

/* Scheduler: number of fixed priorities (0 lowest, 31 highest) and the default. */
#define PARAM_NPRIO        32u
#define PARAM_PRIO_DEFAULT 16u
/* Time slice for threads that can be preempted (guest threads), in nanoseconds. */
#define PARAM_SLICE_NS 4000000ull
/* Real-time class (sched/rt.h): valid periods and budgets, and the share of each vCPU that
 * RT threads may reserve. Below 100 us a period is mostly switch and timer overhead; above
 * 10 s it is not real time. A budget under 10 us is shorter than a wakeup's own cost. 90 %
 * leaves priority threads at least a tenth of each vCPU and absorbs the overrun that comes of
 * kernel threads not being preempted. */
#define PARAM_RT_PERIOD_MIN_NS 100000ull
#define PARAM_RT_PERIOD_MAX_NS 10000000000ull
#define PARAM_RT_BUDGET_MIN_NS 10000ull
#define PARAM_RT_UTIL_MAX_PPM  900000u

/* Longest thread name kept, including the terminating NUL. */
#define PARAM_THREAD_NAME_LEN 24u

#endif /* KERNEL_PARAM_H */
