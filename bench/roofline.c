// roofline.c — the machine's ceilings for bench/roofline: the fp32 FMA rate (vfmadd231ps on
// registers), the bf16 dot-product rate (vdpbf16ps, where the CPU has avx512_bf16) and the
// memory bandwidth (a STREAM triad, a[i] = b[i] + s c[i], over arrays in DRAM and in L2), on
// 1..T threads. Prints `key value` lines; not a test.
//
// Usage: bench_roofline THREADS
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }

enum { FMA, DPBF16, TRIAD };

typedef struct Job {
    int kind;
    size_t n;               // triad: floats per array
    long iters;
    float *a, *b, *c;
    double seconds;
    float sink;
    pthread_barrier_t *start;
} Job;

// 12 independent accumulators hide the FMA latency (4 cycles) behind two pipes.
__attribute__((target("avx512f"))) static float fma_loop(long iters) {
    __m512 acc[12], x = _mm512_set1_ps(1.0f + 1e-7f), y = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++)
        acc[i] = _mm512_set1_ps((float)i);
    for (long k = 0; k < iters; k++)
        for (int i = 0; i < 12; i++)
            acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    __m512 s = acc[0];
    for (int i = 1; i < 12; i++)
        s = _mm512_add_ps(s, acc[i]);
    return _mm512_reduce_add_ps(s);
}

__attribute__((target("avx512f,avx512bf16"))) static float dpbf16_loop(long iters) {
    __m512 acc[12];
    __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(2e-3f));
    for (int i = 0; i < 12; i++)
        acc[i] = _mm512_set1_ps((float)i);
    for (long k = 0; k < iters; k++)
        for (int i = 0; i < 12; i++)
            acc[i] = _mm512_dpbf16_ps(acc[i], x, x);
    __m512 s = acc[0];
    for (int i = 1; i < 12; i++)
        s = _mm512_add_ps(s, acc[i]);
    return _mm512_reduce_add_ps(s);
}

static void *worker(void *p) {
    Job *j = p;
    pthread_barrier_wait(j->start);
    double t0 = now();
    if (j->kind == FMA) {
        j->sink = fma_loop(j->iters);
    } else if (j->kind == DPBF16) {
        j->sink = dpbf16_loop(j->iters);
    } else {
        for (long k = 0; k < j->iters; k++) {
            for (size_t i = 0; i < j->n; i++)
                j->a[i] = j->b[i] + 0.5f * j->c[i];
            __asm__ volatile("" ::: "memory");
        }
        j->sink = j->a[j->n / 2];
    }
    j->seconds = now() - t0;
    return NULL;
}

// Runs `kind` on t threads, best of 5; returns the slowest thread's seconds of the best round.
static double run(int kind, int t, size_t n, long iters, float **bufs) {
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        pthread_t th[64];
        Job job[64];
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, (unsigned)t);
        for (int i = 0; i < t; i++) {
            job[i] = (Job){.kind = kind, .n = n, .iters = iters, .start = &start};
            if (bufs)
                job[i].a = bufs[3 * i], job[i].b = bufs[3 * i + 1], job[i].c = bufs[3 * i + 2];
            pthread_create(&th[i], NULL, worker, &job[i]);
        }
        double worst = 0;
        for (int i = 0; i < t; i++) {
            pthread_join(th[i], NULL);
            if (job[i].seconds > worst)
                worst = job[i].seconds;
        }
        pthread_barrier_destroy(&start);
        if (worst < best)
            best = worst;
    }
    return best;
}

static float **triad_buffers(int t, size_t n) {
    float **b = malloc((size_t)(3 * t) * sizeof *b);
    for (int i = 0; b && i < 3 * t; i++) {
        if (posix_memalign((void **)&b[i], 64, n * sizeof(float)))
            return NULL;
        for (size_t k = 0; k < n; k++)
            b[i][k] = (float)(k % 7);
    }
    return b;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (argc != 2 || threads < 1 || threads > 64) {
        fprintf(stderr, "usage: bench_roofline THREADS (1 to 64)\n");
        return 1;
    }
    __builtin_cpu_init();
    int has512 = !!__builtin_cpu_supports("avx512f");
    int hasbf16 = !!__builtin_cpu_supports("avx512bf16");
    printf("roof_avx512f %d\nroof_avx512_bf16 %d\n", has512, hasbf16);
    for (int t = 1; t <= threads; t++) {
        const long iters = 20000000;     // 12 vector ops per iteration
        if (has512) {
            double s = run(FMA, t, 0, iters, NULL);
            // 16 lanes x 2 FLOPs per FMA.
            printf("roof_fp32_fma_gflops_t%d %.1f\n", t, 12.0 * iters * 32.0 * t / s / 1e9);
        }
        if (hasbf16) {
            double s = run(DPBF16, t, 0, iters, NULL);
            // 16 lanes x 2 products x 2 FLOPs (multiply, add) per vdpbf16ps.
            printf("roof_bf16_dp_gflops_t%d %.1f\n", t, 12.0 * iters * 64.0 * t / s / 1e9);
        }
        // DRAM: 3 arrays of 32 MiB per thread; L2: 3 of 64 KiB. 12 bytes per element moved
        // (two reads, one write; the write's read-for-ownership is not counted, as STREAM).
        size_t sizes[2] = {(size_t)8 << 20, (size_t)16 << 10};
        const char *names[2] = {"dram", "l2"};
        for (int m = 0; m < 2; m++) {
            float **bufs = triad_buffers(t, sizes[m]);
            if (!bufs) {
                fprintf(stderr, "bench_roofline: out of memory\n");
                return 1;
            }
            long it = m == 0 ? 10 : 20000;
            double s = run(TRIAD, t, sizes[m], it, bufs);
            printf("roof_triad_%s_gbs_t%d %.1f\n", names[m], t,
                   12.0 * (double)sizes[m] * (double)it * t / s / 1e9);
            for (int i = 0; i < 3 * t; i++)
                free(bufs[i]);
            free(bufs);
        }
    }
    return 0;
}
