// test_pool.c — rt_pool_for against a plain loop: for pools of 1 to 4 threads and many (n, grain)
// pairs, every index of [0, n) is visited exactly once, slices are contiguous, start on multiples
// of grain and number at most the pool's threads; thousands of back-to-back loops (the fork-join
// pattern of a training step) lose no slice; a NULL pool runs the loop inline. With --bench it
// also prints the cost of an empty fork-join (a figure, not a check).
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "pool.h"

typedef struct Visit {
    int64_t n, grain;
    _Atomic int *hits;          // per index
    _Atomic int slices;
    _Atomic int bad;            // a slice broke the contract
} Visit;

static void visit(void *ctx, int64_t lo, int64_t hi) {
    Visit *v = ctx;
    atomic_fetch_add(&v->slices, 1);
    if (lo < 0 || hi > v->n || lo >= hi || lo % v->grain != 0)
        atomic_fetch_add(&v->bad, 1);
    for (int64_t i = lo; i < hi && i >= 0 && i < v->n; i++)
        atomic_fetch_add(&v->hits[i], 1);
}

// One loop of n with this grain; returns the number of slices it ran.
static int check_loop(RtPool *p, int64_t n, int64_t grain) {
    Visit v = {.n = n, .grain = grain < 1 ? 1 : grain};
    v.hits = calloc((size_t)(n > 0 ? n : 1), sizeof *v.hits);
    rt_pool_for(p, visit, &v, n, grain);
    int ok = atomic_load(&v.bad) == 0;
    for (int64_t i = 0; i < n; i++)
        ok &= atomic_load(&v.hits[i]) == 1;
    if (!ok)
        fprintf(stderr, "  pool of %d, n %lld, grain %lld: wrong cover\n", rt_pool_threads(p),
                (long long)n, (long long)grain);
    CHECK(ok);
    CHECK(atomic_load(&v.slices) <= rt_pool_threads(p));
    CHECK(n > 0 || atomic_load(&v.slices) == 0);
    free(v.hits);
    return atomic_load(&v.slices);
}

typedef struct Sum {
    const int64_t *x;
    int64_t *part;              // per index: the slice's partial sum lands at its lo
} Sum;

static void sum_slice(void *ctx, int64_t lo, int64_t hi) {
    Sum *s = ctx;
    int64_t acc = 0;
    for (int64_t i = lo; i < hi; i++)
        acc += s->x[i];
    s->part[lo] = acc;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void nothing(void *ctx, int64_t lo, int64_t hi) {
    (void)ctx;
    (void)lo;
    (void)hi;
}

int main(int argc, char **argv) {
    int bench = argc > 1 && strcmp(argv[1], "--bench") == 0;
    // NULL pool: inline, one slice.
    CHECK(check_loop(NULL, 1000, 16) == 1);
    CHECK(check_loop(NULL, 0, 16) == 0);
    const int64_t ns[] = {0, 1, 2, 3, 15, 16, 17, 63, 64, 65, 1000, 4097, 100003};
    const int64_t grains[] = {1, 3, 4, 16, 64, 1000, 200000};
    for (int threads = 1; threads <= 4; threads++) {
        RtPool *p = rt_pool_new(threads);
        CHECK(p != NULL);
        if (!p)
            continue;
        CHECK(rt_pool_threads(p) == threads);
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
            for (size_t j = 0; j < sizeof grains / sizeof grains[0]; j++) {
                int k = check_loop(p, ns[i], grains[j]);
                // One slice when n fits one grain or there is one thread, else more than one.
                int64_t units = (ns[i] + grains[j] - 1) / grains[j];
                if (ns[i] > 0)
                    CHECK(threads == 1 || units <= 1 ? k == 1 : k == (units < threads ? units
                                                                                    : threads));
            }
        // Back-to-back loops, as a training step makes them: the sum is always complete.
        int64_t n = 5000, want = n * (n - 1) / 2;
        int64_t *x = malloc((size_t)n * sizeof *x), *part = calloc((size_t)n, sizeof *part);
        for (int64_t i = 0; i < n; i++)
            x[i] = i;
        Sum s = {x, part};
        int wrong = 0;
        for (int rep = 0; rep < 20000; rep++) {
            int64_t grain = 1 + rep % 700;
            memset(part, 0, (size_t)n * sizeof *part);
            rt_pool_for(p, sum_slice, &s, n, grain);
            int64_t got = 0;
            for (int64_t i = 0; i < n; i++)
                got += part[i];
            wrong += got != want;
        }
        CHECK(wrong == 0);
        free(x);
        free(part);
        if (bench) {
            int reps = 200000;
            double t0 = now();
            for (int r = 0; r < reps; r++)
                rt_pool_for(p, nothing, NULL, 64, 1);
            printf("pool of %d: empty fork-join %.2f us\n", threads, (now() - t0) / reps * 1e6);
        }
        rt_pool_free(p);
    }
    return check_done("test_pool");
}
