// cross_core.c — what a pass over data the other core wrote last costs, against data this core
// wrote: the price two compute threads pay when a kernel's slice reads rows that the previous
// kernel (or the serial part of a step) left in the other core's cache. Two threads, pinned to
// the first two CPUs the process may use, take turns at a read-modify-write pass
// (a[i] = a[i] * s + 1) over one buffer; one thread makes the same number of passes alone; best
// of three rounds of each. Prints `key value` lines per buffer size; not a test.
//
// Usage: bench_cross_core [PASSES]
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }

typedef struct Shared {
    float *a;
    size_t n;
    long passes;                    // each thread's
    int cpu[2];
    _Atomic int turn;
    double seconds[2];              // in passes only, waiting excluded
} Shared;

typedef struct Arg {
    Shared *s;
    int me;
} Arg;

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void pass(float *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        a[i] = a[i] * 1.0001f + 1.0f;
}

static void *ping_pong(void *p) {
    Arg *x = p;
    Shared *s = x->s;
    pin(s->cpu[x->me]);
    for (long i = 0; i < s->passes; i++) {
        while (atomic_load_explicit(&s->turn, memory_order_acquire) != x->me)
            ;
        double t0 = now();
        pass(s->a, s->n);
        s->seconds[x->me] += now() - t0;
        atomic_store_explicit(&s->turn, 1 - x->me, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv) {
    long passes = argc > 1 ? atol(argv[1]) : 400;
    cpu_set_t set;
    int cpus[2], k = 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    for (int c = 0; c < CPU_SETSIZE && k < 2; c++)
        if (CPU_ISSET(c, &set))
            cpus[k++] = c;
    if (k < 2) {
        fprintf(stderr, "bench_cross_core: needs two CPUs, the process may use %d\n", k);
        return 1;
    }
    char model[256];
    bench_cpu_name(model, sizeof model, "unknown");
    printf("cpu %s\ncpus %d %d\npasses %ld\n", model, cpus[0], cpus[1], 2 * passes);
    const size_t kib[] = {256, 1024, 4096};
    for (int z = 0; z < 3; z++) {
        Shared s = {.n = kib[z] * 1024 / sizeof(float), .passes = passes,
                    .cpu = {cpus[0], cpus[1]}};
        s.a = aligned_alloc(64, kib[z] * 1024);
        if (!s.a)
            return 1;
        memset(s.a, 0, kib[z] * 1024);
        // Best of three rounds of each (this VM's speed drifts by the minute), alternated.
        double local = 1e30, remote = 1e30;
        for (int round = 0; round < 3; round++) {
            // One core alone: every pass finds the buffer in its own cache.
            pin(cpus[0]);
            pass(s.a, s.n);
            double t0 = now();
            for (long i = 0; i < 2 * passes; i++)
                pass(s.a, s.n);
            double t = (now() - t0) / (double)(2 * passes);
            local = t < local ? t : local;
            // Two cores in turn: every pass finds it in the other core's cache.
            s.seconds[0] = s.seconds[1] = 0;
            atomic_store(&s.turn, 0);
            pthread_t th[2];
            Arg args[2] = {{&s, 0}, {&s, 1}};
            for (int i = 0; i < 2; i++)
                pthread_create(&th[i], NULL, ping_pong, &args[i]);
            for (int i = 0; i < 2; i++)
                pthread_join(th[i], NULL);
            t = (s.seconds[0] + s.seconds[1]) / (double)(2 * passes);
            remote = t < remote ? t : remote;
        }
        double bytes = 2.0 * (double)(kib[z] * 1024);      // read and written
        printf("size_kib %zu local_us %.2f local_gbs %.1f other_core_us %.2f other_core_gbs %.1f "
               "ratio %.2f\n", kib[z], local * 1e6, bytes / local / 1e9, remote * 1e6,
               bytes / remote / 1e9, remote / local);
        free(s.a);
    }
    return 0;
}
