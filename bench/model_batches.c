// bench/model_batches.c — two compiled models' training pass, run()'s alone, on the same real
// batches, interleaved batch by batch: the first BATCHES batches of a training epoch of a
// MovieLens-layout DATA directory are sampled once and kept, then each round runs every batch
// through A, B, B and A (B, A, A, B on odd batches; HGNN_RUN_TRAIN_COMPACT, one thread, fixed
// weights, no optimizer). On a machine whose speed drifts by tens of percent within minutes, only
// such a fine interleave tells a few percent apart. Prints each model's time per batch (wall and
// this thread's CPU) and B/A. Not a test.
//
// usage: bench_model_batches DATA A.so|A.hgnn B.so|B.hgnn [BATCHES [ROUNDS]]
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "hgnn/abi.h"
#include "graph.h"
#include "kernels.h"
#include "loader.h"
#include "model.h"
#include "movielens.h"
#include "pool.h"

// One model with its parameters, gradients and a workspace for the largest batch.
typedef struct Bench {
    const HgnnModel *m;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    float **p, **g, *ws, *scores;
    HgnnBatch *hb;              // the model's view of each batch
    int64_t *dims;              // HGNN_NUM_DIMS entries per batch
    double wall, cpu;           // summed over the timed passes
} Bench;

static void bench_open(Bench *x, const char *path, const RtGraph *gr, RtBatch *b, int64_t nb) {
    RtError err = {0};
    x->m = rt_model_open(path, NULL, 0, NULL, 0, -1, &err);
    const HgnnModel *m = x->m;
    if (!m || rt_graph_map_types(gr, m->node_types, m->n_node_types, m->edge_types,
                                 m->n_edge_types, x->node_map, x->edge_map, &err) < 0) {
        fprintf(stderr, "bench_model_batches: %s: %s\n", path, RT_ERR_TEXT(&err));
        exit(1);
    }
    int nd = HGNN_NUM_DIMS(m->n_node_types, m->n_edge_types);
    x->hb = calloc((size_t)nb, sizeof *x->hb);
    x->dims = calloc((size_t)(nb * nd), sizeof *x->dims);
    int64_t ws = 0, labels = 0;
    for (int64_t i = 0; i < nb; i++) {
        if (rt_batch_view(&b[i], gr, m->n_node_types, x->node_map, m->n_edge_types, x->edge_map,
                          m->label_edge_type, &x->hb[i], x->dims + i * nd) < 0) {
            fprintf(stderr, "bench_model_batches: %s: a batch does not fit the model\n", path);
            exit(1);
        }
        int64_t w = m->workspace_floats(x->dims + i * nd);
        ws = w > ws ? w : ws;
        int64_t l = x->dims[i * nd + HGNN_DIM_L(m->n_node_types, m->n_edge_types)];
        labels = l > labels ? l : labels;
    }
    x->ws = bench_floats(ws);
    x->scores = bench_floats(labels);
    x->p = calloc((size_t)m->n_params, sizeof *x->p);
    x->g = calloc((size_t)m->n_params, sizeof *x->g);
    for (int i = 0; i < m->n_params; i++) {
        const HgnnParam *pa = &m->params[i];
        int64_t n = (pa->rows_dim >= 0 ? x->dims[pa->rows_dim] : pa->rows) * pa->cols;
        x->p[i] = bench_floats(n);
        x->g[i] = bench_floats(n);
        memset(x->g[i], 0, (size_t)n * sizeof(float));
        for (int64_t k = 0; k < n; k++)     // fixed weights in [-0.5, 0.5): no optimizer runs
            x->p[i][k] = (float)((k * 2654435761u) % 1000) / 1000.0f - 0.5f;
    }
}

static void bench_run(Bench *x, const HgnnHost *host, int64_t i, int timed) {
    float loss;
    double t0 = bench_seconds(CLOCK_MONOTONIC), c0 = bench_seconds(CLOCK_THREAD_CPUTIME_ID);
    x->m->run(HGNN_RUN_TRAIN_COMPACT, &x->hb[i], x->p, x->g, x->ws, host, x->scores, &loss);
    if (timed) {
        x->wall += bench_seconds(CLOCK_MONOTONIC) - t0;
        x->cpu += bench_seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_model_batches DATA A.so|A.hgnn B.so|B.hgnn "
                        "[BATCHES [ROUNDS]]\n");
        return 2;
    }
    int64_t nb = argc > 4 ? atoll(argv[4]) : 200;
    int rounds = argc > 5 ? atoi(argv[5]) : 5;
    if (nb < 1 || rounds < 1) {
        fprintf(stderr, "bench_model_batches: BATCHES and ROUNDS must be positive\n");
        return 2;
    }
    RtError err = {0};
    RtGraph gr;
    RtSplit s;
    RtSplitConfig scfg;
    rt_split_defaults(&scfg);
    if (rt_movielens_load(argv[1], &gr, &err) < 0 || rt_graph_to_undirected(&gr, &err) < 0 ||
        rt_split_link(&gr, 0, &scfg, 0, &s, &err) < 0) {
        fprintf(stderr, "bench_model_batches: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    RtLoaderConfig lcfg;
    rt_loader_train_defaults(&lcfg);
    RtLoader *l = rt_loader_new(&gr, &s, RT_SPLIT_TRAIN, &lcfg, 0, &err);
    if (!l) {
        fprintf(stderr, "bench_model_batches: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    if (nb > rt_loader_num_batches(l))
        nb = rt_loader_num_batches(l);
    rt_loader_begin_epoch(l, 0);
    RtBatch *b = calloc((size_t)nb, sizeof *b);
    int64_t edges = 0, nodes = 0;
    for (int64_t i = 0; i < nb; i++) {
        rt_batch_init(&b[i]);
        if (rt_loader_fill(l, i, &b[i]) < 0) {
            fprintf(stderr, "bench_model_batches: out of memory\n");
            return 1;
        }
        for (int e = 0; e < b[i].n_edge_types; e++)
            edges += b[i].n_edges[e];
        for (int t = 0; t < b[i].n_node_types; t++)
            nodes += b[i].n_nodes[t];
    }
    Bench x[2] = {0};
    bench_open(&x[0], argv[2], &gr, b, nb);
    bench_open(&x[1], argv[3], &gr, b, nb);
    rt_blas_set_threads(1);
    HgnnHost host = {rt_sgemm, 1, NULL, NULL};
    for (int64_t i = 0; i < nb; i++) {      // warm-up: first touches of every buffer
        bench_run(&x[0], &host, i, 0);
        bench_run(&x[1], &host, i, 0);
    }
    // A B B A on even batches, B A A B on odd ones: each model runs a batch right after itself
    // (warm caches) equally often.
    static const int order[2][4] = {{0, 1, 1, 0}, {1, 0, 0, 1}};
    for (int r = 0; r < rounds; r++)
        for (int64_t i = 0; i < nb; i++)
            for (int k = 0; k < 4; k++)
                bench_run(&x[order[i % 2][k]], &host, i, 1);
    char cpu_name[128];
    bench_cpu_name(cpu_name, sizeof cpu_name, "unknown");
    double runs = 2.0 * rounds * (double)nb;
    printf("data %s: %lld batches of %.1f k nodes and %.1f k edges; %d rounds of A B B A / "
           "B A A B per batch; one thread; CPU %s\n", argv[1], (long long)nb,
           (double)nodes / nb / 1e3, (double)edges / nb / 1e3, rounds, cpu_name);
    for (int k = 0; k < 2; k++)
        printf("%c %-40s %.3f ms wall, %.3f ms CPU per batch\n", "AB"[k], argv[2 + k],
               x[k].wall / runs * 1e3, x[k].cpu / runs * 1e3);
    printf("B/A: wall %.3f, CPU %.3f\n", x[1].wall / x[0].wall, x[1].cpu / x[0].cpu);
    return 0;
}
