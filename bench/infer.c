// bench/infer.c — whole-graph inference (issue 16: "well under a second"): the time of
// rt_infer_embeddings (batch layout + HgnnModel.embed) on a data directory with a model, over
// the validation part of the tutorial's split, and of scoring every user against every movie
// with rt_infer_scores. Prints wall and CPU seconds (median of the runs) and the CPU's name.
// usage: bench_infer [DATA_DIR] [MODEL] [RUNS] [THREADS]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "bench_util.h"
#include "checkpoint.h"
#include "infer.h"
#include "kernels.h"
#include "model.h"
#include "movielens.h"
#include "pool.h"
#include "train.h"


static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *data = argc > 1 ? argv[1] : "data/ml-latest-small";
    const char *model = argc > 2 ? argv[2] : "models/movielens.hgnn";
    int runs = argc > 3 ? atoi(argv[3]) : 7, threads = argc > 4 ? atoi(argv[4]) : 1;
    if (runs < 1 || runs > 1000 || threads < 1) {
        fprintf(stderr, "usage: bench_infer [DATA_DIR] [MODEL] [RUNS] [THREADS]\n");
        return 2;
    }
    RtError err = {0};
    RtGraph g;
    if (rt_movielens_load(data, &g, &err) < 0 || rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "bench_infer: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    HgnnNodeType dt[2] = {{"user", 0}, {"movie", (int32_t)g.nodes[1].feat_width}};
    const HgnnModel *m = rt_model_open(model, dt, 2, NULL, 0, -1, &err);
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    RtApp a;
    if (!m || rt_app_compose(&a, &g, m, NULL, &cfg, &err) < 0) {
        fprintf(stderr, "bench_infer: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    RtTensor *ts = calloc((size_t)m->n_params, sizeof *ts);
    float **params = calloc((size_t)m->n_params, sizeof *params);
    rt_trainer_tensors(a.trainer, ts);
    for (int i = 0; i < m->n_params; i++)
        params[i] = ts[i].data;
    RtPool *pool = rt_pool_new(threads);
    HgnnHost host = {rt_sgemm, rt_pool_threads(pool), rt_pool_for, pool};

    // Every user against every movie: the ranking a recommender or an evaluation makes.
    const HgnnEdgeType *le = &m->edge_types[m->label_edge_type];
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    rt_graph_map_types(&g, m->node_types, m->n_node_types, m->edge_types, m->n_edge_types,
                       node_map, edge_map, &err);
    int64_t nu = g.nodes[node_map[le->src]].count, nm = g.nodes[node_map[le->dst]].count;
    int32_t *src = malloc((size_t)nm * sizeof *src), *dst = malloc((size_t)nm * sizeof *dst);
    float *scores = malloc((size_t)nm * sizeof *scores);
    for (int64_t j = 0; j < nm; j++)
        dst[j] = (int32_t)j;

    double *wall = malloc((size_t)runs * sizeof *wall), *cpu = malloc((size_t)runs * sizeof *cpu);
    double *swall = malloc((size_t)runs * sizeof *swall);
    int64_t n_mp = 0;
    for (int e = 0; e < m->n_edge_types; e++) {
        int32_t ge = edge_map[e];
        n_mp += ge == a.split.edge_type || ge == a.split.rev_type
                    ? a.split.part[RT_SPLIT_VAL].n_mp
                    : g.edges[ge].count;
    }
    for (int r = 0; r < runs; r++) {
        float *emb[HGNN_MAX_NODE_TYPES];
        double w0 = bench_seconds(CLOCK_MONOTONIC), c0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
        if (rt_infer_embeddings(m, &g, &a.split, RT_SPLIT_VAL, params, &host, emb, &err) < 0) {
            fprintf(stderr, "bench_infer: %s\n", RT_ERR_TEXT(&err));
            return 1;
        }
        wall[r] = bench_seconds(CLOCK_MONOTONIC) - w0;
        cpu[r] = bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
        w0 = bench_seconds(CLOCK_MONOTONIC);
        for (int64_t u = 0; u < nu; u++) {
            for (int64_t j = 0; j < nm; j++)
                src[j] = (int32_t)u;
            rt_infer_scores(m, nm, src, dst, emb, params, scores, &err);
        }
        swall[r] = bench_seconds(CLOCK_MONOTONIC) - w0;
        for (int t = 0; t < m->n_node_types; t++)
            free(emb[t]);
    }
    qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    qsort(swall, (size_t)runs, sizeof *swall, cmp_double);
    char name[256];
    bench_cpu_name(name, sizeof name, "unknown CPU");
    printf("cpu: %s, threads %d\n", name, rt_pool_threads(pool));
    printf("graph: %lld %s, %lld %s, %lld message-passing edges (val part, all edge types)\n",
           (long long)nu, le->src == le->dst ? "nodes" : m->node_types[le->src].name,
           (long long)nm, m->node_types[le->dst].name, (long long)n_mp);
    printf("rt_infer_embeddings: wall %.4f s, cpu %.4f s (median of %d; min wall %.4f s)\n",
           wall[runs / 2], cpu[runs / 2], runs, wall[0]);
    printf("score all %lld x %lld pairs: wall %.4f s (median of %d)\n", (long long)nu,
           (long long)nm, swall[runs / 2], runs);

    free(wall);
    free(cpu);
    free(swall);
    free(src);
    free(dst);
    free(scores);
    rt_pool_free(pool);
    free(params);
    free(ts);
    rt_app_free(&a);
    rt_graph_free(&g);
    return 0;
}
