// model_step.c — CPU time of one run() of a compiled model on a movielens-sized random batch
// (610 / 9742 nodes, 606 users and 2700 movies sampled, 17000 + 7700 edges, 384 labels whose
// endpoints lie among the first 300 users and 380 movies, as the sampler's seeds do), forward and
// train mode, with OpenBLAS behind HgnnHost.sgemm. Prints figures; not a test.
//
// usage: bench_model_step MODEL.so|MODEL.hgnn [ITERATIONS [THREADS]]
// THREADS (default 1) compute threads lend the model an rt_pool (HgnnHost.parallel_for); wall and
// process CPU time are both printed.
// Compare code generation choices by compiling twice, e.g. with hgnnc -fno-gemm ... -o.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "hgnn/abi.h"
#include "ir_fixture.h"
#include "kernels.h"
#include "model.h"
#include "pool.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_model_step MODEL.so|MODEL.hgnn [ITERATIONS [THREADS]]\n");
        return 2;
    }
    int iters = argc > 2 ? atoi(argv[2]) : 100;
    if (iters < 1)
        iters = 1;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    RtPool *pool = rt_pool_new(threads < 1 ? 1 : threads);
    if (!pool) {
        fprintf(stderr, "bench_model_step: cannot start %d threads\n", threads);
        return 1;
    }
    RtError err = {0};
    const HgnnModel *m = rt_model_open(argv[1], NULL, 0, NULL, 0, -1, &err);
    if (!m) {
        fprintf(stderr, "bench_model_step: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    if (m->n_node_types != 2 || m->n_edge_types != 2) {
        fprintf(stderr, "bench_model_step: %s: expected the movielens schema (2 node types, 2 edge "
                        "types)\n", argv[1]);
        return 1;
    }
    FixtureSizes sz = {{610, 9742}, {606, 2700}, {17000, 7700}, 384};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, m->node_types[1].feat_width, 1);
    for (int64_t i = 0; i < sz.labels; i++) {
        fb.label_src[i] %= 300;
        fb.label_dst[i] %= 380;
    }
    float **p = calloc((size_t)m->n_params, sizeof *p);
    float **g = calloc((size_t)m->n_params, sizeof *g);
    for (int i = 0; i < m->n_params; i++) {
        const HgnnParam *pa = &m->params[i];
        int64_t n = (pa->rows_dim >= 0 ? fb.dims[pa->rows_dim] : pa->rows) * pa->cols;
        p[i] = bench_floats(n);
        g[i] = bench_floats(n);
        for (int64_t k = 0; k < n; k++)
            p[i][k] = (float)((k * 2654435761u) % 1000) / 1000.0f - 0.5f;
    }
    int64_t nws = m->workspace_floats(fb.dims);
    float *ws = bench_floats(nws), scores[384], loss = 0;
    rt_blas_set_threads(1);  // as hgnn-run: the threads are the pool's
    HgnnHost host = {rt_sgemm, rt_pool_threads(pool), rt_pool_for, pool};
    printf("model %s: %d parameter tensors, workspace %.1f MB, %d thread(s)\n", m->name,
           m->n_params, (double)nws * 4 / 1e6, rt_pool_threads(pool));
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        m->run(mode, &fb.b, p, g, ws, &host, scores, &loss);  // warm up
        double best = 1e9, best_cpu = 1e9;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = bench_seconds(CLOCK_MONOTONIC);
            double c0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
            for (int i = 0; i < iters; i++)
                m->run(mode, &fb.b, p, g, ws, &host, scores, &loss);
            double t = (bench_seconds(CLOCK_MONOTONIC) - t0) / iters;
            double c = (bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) / iters;
            if (t < best)
                best = t;
            if (c < best_cpu)
                best_cpu = c;
        }
        // CPU first: bench/ablation reads the second field as the CPU time of a run().
        printf("%-7s %.3f ms CPU, %.3f ms wall per batch (best of 3 x %d), x 190 batches = "
               "%.3f s wall\n", mode ? "train" : "forward", best_cpu * 1e3, best * 1e3, iters,
               best * 190);
    }
    for (int i = 0; i < m->n_params; i++) {
        free(p[i]);
        free(g[i]);
    }
    free(p);
    free(g);
    free(ws);
    fixture_batch_free(&fb);
    rt_pool_free(pool);
    return 0;
}
