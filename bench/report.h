/*
 * bench/report.h - how every benchmark reports a figure.
 *
 * One JSON object per line on stdout, appended also to $VX_BENCH_OUT (scripts/bench.sh sets
 * it to build/bench/results.jsonl). Keys: name, unit, value (median), p99 (when measured),
 * baseline (the host figure measured in the same run), baseline_value, speedup
 * (baseline/value for lower-is-better units, value/baseline for higher-is-better ones).
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bench_figure {
    const char *name;
    const char *unit;         /* ns, ms, MB/s, ops/s, MIPS, % */
    double value;             /* median */
    double p99;               /* < 0: not measured */
    const char *baseline;     /* name of the host figure */
    double baseline_value;
    bool higher_is_better;
};

void bench_report(const struct bench_figure *f);

/* Sort samples in place and return the q-quantile (0.5 = median, 0.99 = p99). */
double bench_quantile(double *samples, size_t n, double q);

/* Monotonic host clock in nanoseconds. */
uint64_t bench_now_ns(void);

#endif
