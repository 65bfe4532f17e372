// model_step.c — CPU time of one run() of a compiled model on a movielens-sized random batch
// (610 / 9742 nodes, 606 users and 2700 movies sampled, 17000 + 7700 edges, 384 labels whose
// endpoints lie among the first 300 users and 380 movies, as the sampler's seeds do), forward and
// train mode, with OpenBLAS behind HgnnHost.sgemm. Prints figures; not a test.
//
// usage: bench_model_step MODEL.so|MODEL.hgnn [ITERATIONS]
// Compare code generation choices by compiling twice, e.g. with hgnnc -fno-gemm ... -o.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hgnn_abi.h"
#include "ir_fixture.h"
#include "kernels.h"
#include "model.h"

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_model_step MODEL.so|MODEL.hgnn [ITERATIONS]\n");
        return 2;
    }
    int iters = argc > 2 ? atoi(argv[2]) : 100;
    if (iters < 1)
        iters = 1;
    char err[1024];
    const HgnnModel *m = rt_model_open(argv[1], NULL, 0, err, sizeof err);
    if (!m) {
        fprintf(stderr, "bench_model_step: %s\n", err);
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
        p[i] = malloc((size_t)n * sizeof(float));
        g[i] = malloc((size_t)n * sizeof(float));
        for (int64_t k = 0; k < n; k++)
            p[i][k] = (float)((k * 2654435761u) % 1000) / 1000.0f - 0.5f;
    }
    int64_t nws = m->workspace_floats(fb.dims);
    float *ws = malloc((size_t)nws * sizeof(float)), scores[384], loss = 0;
    HgnnHost host = {rt_sgemm, 1};
    printf("model %s: %d parameter tensors, workspace %.1f MB\n", m->name, m->n_params,
           (double)nws * 4 / 1e6);
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        m->run(mode, &fb.b, p, g, ws, &host, scores, &loss);  // warm up
        double best = 1e9;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = cpu_seconds();
            for (int i = 0; i < iters; i++)
                m->run(mode, &fb.b, p, g, ws, &host, scores, &loss);
            double t = (cpu_seconds() - t0) / iters;
            if (t < best)
                best = t;
        }
        printf("%-7s %.3f ms CPU per batch (best of 3 x %d), x 190 batches = %.3f s\n",
               mode ? "train" : "forward", best * 1e3, iters, best * 190);
    }
    for (int i = 0; i < m->n_params; i++) {
        free(p[i]);
        free(g[i]);
    }
    free(p);
    free(g);
    free(ws);
    fixture_batch_free(&fb);
    return 0;
}
