/*
 * bench/report.c - JSON lines for benchmark figures (see report.h). Host code.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_quantile(double *samples, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(samples, n, sizeof *samples, cmp_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return samples[i < n ? i : n - 1];
}

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void print_figure(FILE *out, const struct bench_figure *f)
{
    double speedup = f->higher_is_better ? f->value / f->baseline_value
                                         : f->baseline_value / f->value;
    fprintf(out, "{\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.3f", f->name, f->unit, f->value);
    if (f->p99 >= 0)
        fprintf(out, ",\"p99\":%.3f", f->p99);
    fprintf(out, ",\"baseline\":\"%s\",\"baseline_value\":%.3f,\"speedup\":%.3f}\n", f->baseline,
            f->baseline_value, speedup);
}

void bench_report(const struct bench_figure *f)
{
    print_figure(stdout, f);
    fflush(stdout);
    const char *path = getenv("VX_BENCH_OUT");
    if (!path || !*path)
        return;
    FILE *out = fopen(path, "a");
    if (!out) {
        perror(path);
        return;
    }
    print_figure(out, f);
    fclose(out);
}
