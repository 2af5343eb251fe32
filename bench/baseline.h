/*
 * bench/baseline.h - host figures the benchmarks compare against, measured in the same run.
 */
#ifndef BENCH_BASELINE_H
#define BENCH_BASELINE_H

/* One hand-off between two host threads ping-ponging through a futex, ns. */
double bench_host_futex_handoff_ns(unsigned rounds);
/* One 16-byte round trip between two host threads over a pair of pipes, ns. */
double bench_host_pipe_rtt_ns(unsigned rounds);
/* One getpid() system call, ns. */
double bench_host_getpid_ns(unsigned calls);

#endif
