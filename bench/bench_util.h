// bench_util.h — what the benchmark programs share: a clock in seconds and 64-byte-aligned float
// buffers (as hgnn-run allocates them: threads split rows and columns at cache lines).
#ifndef HGNN_BENCH_UTIL_H
#define HGNN_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

// Seconds on `clock` (CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID, ...).
static inline double bench_seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// n floats (at least one), 64-byte aligned; exits with a message when memory runs out.
static inline float *bench_floats(int64_t n) {
    void *p = NULL;
    if (posix_memalign(&p, 64, (size_t)(n > 0 ? n : 1) * sizeof(float)) != 0) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    return p;
}

#endif
