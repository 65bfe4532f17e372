// bench_util.h — what the benchmark programs share: a clock in seconds, 64-byte-aligned float
// buffers (as hgnn-run allocates them: threads split rows and columns at cache lines) and the
// CPU's name, which every figure is printed beside.
#ifndef HGNN_BENCH_UTIL_H
#define HGNN_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

// The CPU's name from /proc/cpuinfo's first "model name" line into buf, else `unknown`.
static inline void bench_cpu_name(char *buf, size_t n, const char *unknown) {
    snprintf(buf, n, "%s", unknown);
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            snprintf(buf, n, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
}

#endif
