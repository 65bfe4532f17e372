// bench/sampler.c — loader-only speed: load + split time, then the time to produce every batch of
// a training epoch (190 on ml-latest-small) and of the validation pass, on one thread.
// Prints the median and best over several epochs and batches/s. Not a test. BATCHES caps the
// batches of each pass (the first ones), so that large graphs time a slice of an epoch.
// Usage: bench_sampler [DATA_DIR] [EPOCHS] [BATCHES]
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "loader.h"
#include "movielens.h"

static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }
// This thread's CPU time: on a shared machine it leaves out the time other processes ran.
static double cpu(void) { return bench_seconds(CLOCK_THREAD_CPUTIME_ID); }

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t max_batches = INT64_MAX;     // BATCHES

// The batches a pass of loader l times: its epoch's, or the first BATCHES of them.
static int64_t batches(const RtLoader *l) {
    int64_t n = rt_loader_num_batches(l);
    return n < max_batches ? n : max_batches;
}

// Wall seconds to produce every batch of epoch `ep`, including the epoch's shuffle; CPU seconds
// into *cpu_s; sums sizes into *edges so the work cannot be optimised away.
static double run_epoch(RtLoader *l, RtBatch *b, int64_t ep, int64_t *edges, double *cpu_s) {
    double t0 = now(), c0 = cpu();
    rt_loader_begin_epoch(l, ep);
    int64_t n = batches(l);
    for (int64_t i = 0; i < n; i++) {
        if (rt_loader_fill(l, i, b) < 0) {
            fprintf(stderr, "bench_sampler: out of memory\n");
            exit(1);
        }
        for (int e = 0; e < b->n_edge_types; e++)
            *edges += b->n_edges[e];
    }
    *cpu_s = cpu() - c0;
    return now() - t0;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "data/ml-latest-small";
    int epochs = argc > 2 ? atoi(argv[2]) : 10;
    if (epochs < 1 || epochs > 1000)
        epochs = 10;
    if (argc > 3 && atoll(argv[3]) > 0)
        max_batches = atoll(argv[3]);
    RtError err = {0};
    RtGraph g;
    RtSplit s;
    double t0 = now();
    if (rt_movielens_load(dir, &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    double t_load = now() - t0;
    RtSplitConfig scfg;
    rt_split_defaults(&scfg);
    t0 = now();
    if (rt_split_link(&g, 0, &scfg, 0, &s, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    double t_split = now() - t0;
    RtLoaderConfig tcfg, ecfg;
    rt_loader_train_defaults(&tcfg);
    rt_loader_eval_defaults(&ecfg);
    t0 = now();
    RtLoader *train = rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &tcfg, 0, &err);
    RtLoader *val = train ? rt_loader_new(&g, &s, RT_SPLIT_VAL, &ecfg, 0, &err) : NULL;
    if (!val) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    double t_new = now() - t0;

    RtBatch b;
    rt_batch_init(&b);
    int64_t edges = 0;
    double c;
    run_epoch(train, &b, 1000, &edges, &c);     // warm-up: buffers reach their size
    double *tt = malloc((size_t)epochs * sizeof *tt), *tv = malloc((size_t)epochs * sizeof *tv);
    double *ct = malloc((size_t)epochs * sizeof *ct), *cv = malloc((size_t)epochs * sizeof *cv);
    int64_t train_edges = 0, val_edges = 0;
    for (int ep = 0; ep < epochs; ep++) {
        tt[ep] = run_epoch(train, &b, ep, &train_edges, &ct[ep]);
        tv[ep] = run_epoch(val, &b, 0, &val_edges, &cv[ep]);
    }
    qsort(tt, (size_t)epochs, sizeof *tt, cmp_d);
    qsort(tv, (size_t)epochs, sizeof *tv, cmp_d);
    qsort(ct, (size_t)epochs, sizeof *ct, cmp_d);
    qsort(cv, (size_t)epochs, sizeof *cv, cmp_d);
    int64_t nt = batches(train), nv = batches(val);
    printf("data: %s (%lld users, %lld movies, %lld ratings)\n", dir, (long long)g.nodes[0].count,
           (long long)g.nodes[1].count, (long long)g.edges[0].count);
    printf("load + ToUndirected: %.4f s   split: %.4f s   train + val loaders built: %.4f s\n",
           t_load, t_split, t_new);
    printf("train epoch (%lld batches): wall median %.4f s, best %.4f s (%.0f batches/s); "
           "cpu median %.4f s; %.1f k edges/batch\n",
           (long long)nt, tt[epochs / 2], tt[0], (double)nt / tt[epochs / 2], ct[epochs / 2],
           (double)train_edges / (double)(nt * epochs) / 1000.0);
    printf("val pass (%lld batches):    wall median %.4f s, best %.4f s (%.0f batches/s); "
           "cpu median %.4f s; %.1f k edges/batch\n",
           (long long)nv, tv[epochs / 2], tv[0], (double)nv / tv[epochs / 2], cv[epochs / 2],
           (double)val_edges / (double)(nv * epochs) / 1000.0);
    printf("epochs timed: %d (one thread; target: train epoch <= 0.15 s)\n", epochs);
    free(tt);
    free(tv);
    free(ct);
    free(cv);
    rt_batch_free(&b);
    rt_loader_free(train);
    rt_loader_free(val);
    rt_split_free(&s);
    rt_graph_free(&g);
    return 0;
}
