// test_par.c — compiled models split across threads give the same bits as on one thread. Each
// model (compiled in process) runs forward and train mode on a small batch and on a
// movielens-sized one (big enough that every parallel kernel splits), with four hosts: no
// parallel_for (all serial), a "slicer" that cuts every loop into single grains and runs them
// last to first on the calling thread (any cut the ABI allows, in any order), and rt_pool with 2
// and 3 threads. Scores, loss and every gradient must match the serial run bit for bit.
//
// usage: test_par MODEL.hgnn...
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hgnn/abi.h"
#include "ir_fixture.h"
#include "model.h"
#include "pool.h"

// The slicer's tally: loops it was given, and loops it cut into more than one slice.
static int loops, loops_cut;

static void slicer(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain) {
    (void)pool;
    CHECK(grain >= 1);
    if (grain < 1)
        grain = 1;
    loops++;
    loops_cut += n > grain;
    for (int64_t lo = (n - 1) / grain * grain; n > 0 && lo >= 0; lo -= grain)
        fn(ctx, lo, lo + grain < n ? lo + grain : n);
}

static int64_t param_size(const HgnnModel *m, int i, const int64_t *dims) {
    const HgnnParam *p = &m->params[i];
    return (p->rows_dim >= 0 ? dims[p->rows_dim] : p->rows) * p->cols;
}

// Runs m on fb in mode; returns scores, loss and all gradients in one array of *n floats.
// Gradient buffers start as NaN: whatever the model does not write shows.
static float *run(const HgnnModel *m, const FixtureBatch *fb, int mode, const HgnnHost *host,
                  size_t *n) {
    int64_t L = fb->dims[HGNN_DIM_L(2, 2)], total = L + 1;
    for (int i = 0; i < m->n_params; i++)
        total += param_size(m, i, fb->dims);
    float *out = malloc((size_t)total * sizeof *out);
    for (int64_t k = 0; k < total; k++)
        out[k] = NAN;
    size_t np = m->n_params > 0 ? (size_t)m->n_params : 1;
    float **params = calloc(np, sizeof *params);
    float **grads = calloc(np, sizeof *grads);
    int64_t off = L + 1;
    for (int i = 0; i < m->n_params; i++) {
        int64_t s = param_size(m, i, fb->dims);
        params[i] = malloc((size_t)(s ? s : 1) * sizeof(float));
        for (int64_t k = 0; k < s; k++)
            params[i][k] = (float)sin((double)(k * 7 + i * 13)) * 0.5f;
        grads[i] = out + off;
        off += s;
    }
    float *ws = NULL;
    CHECK(posix_memalign((void **)&ws, 64, (size_t)(m->workspace_floats(fb->dims) + 16) * 4) == 0);
    m->run(mode, &fb->b, params, mode == HGNN_RUN_TRAIN ? grads : NULL, ws, host, out, out + L);
    for (int i = 0; i < m->n_params; i++)
        free(params[i]);
    free(params);
    free(grads);
    free(ws);
    *n = (size_t)(mode == HGNN_RUN_TRAIN ? total : L + 1);
    return out;
}

static void check_model(const char *path) {
    RtError err = {0};
    const HgnnModel *m = rt_model_open(path, NULL, 0, NULL, 0, -1, &err);
    if (!m)
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->n_node_types == 2 && m->n_edge_types == 2);
    RtPool *p2 = rt_pool_new(2), *p3 = rt_pool_new(3);
    CHECK(p2 && p3);
    const HgnnHost hosts[4] = {
        {fixture_sgemm, 1, NULL, NULL},
        {fixture_sgemm, 1, slicer, NULL},
        {fixture_sgemm, 2, rt_pool_for, p2},
        {fixture_sgemm, 3, rt_pool_for, p3},
    };
    const char *names[4] = {"serial", "slicer", "pool of 2", "pool of 3"};
    FixtureSizes big = {{610, 9742}, {606, 2700}, {17000, 7700}, 384};
    FixtureSizes sizes[2] = {fixture_sizes_small(), big};
    for (int s = 0; s < 2; s++) {
        FixtureBatch fb;
        fixture_batch(&fb, &sizes[s], m->node_types[1].feat_width, 7 + (uint64_t)s);
        for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
            size_t n0;
            float *want = run(m, &fb, mode, &hosts[0], &n0);
            int written = 0;
            for (size_t k = 0; k < n0; k++)
                written += !isnan(want[k]);
            CHECK(written == (int)n0);
            for (int h = 1; h < 4; h++) {
                size_t n;
                int cut = loops_cut;
                float *got = run(m, &fb, mode, &hosts[h], &n);
                int same = n == n0 && memcmp(got, want, n * sizeof *got) == 0;
                if (!same)
                    fprintf(stderr, "%s: %s batch, %s mode, %s: results differ from serial\n",
                            path, s ? "big" : "small", mode ? "train" : "forward", names[h]);
                CHECK(same);
                // On the big batch the slicer must really have cut loops, or this proves little.
                if (h == 1 && s == 1)
                    CHECK(loops_cut > cut);
                free(got);
            }
            free(want);
        }
        fixture_batch_free(&fb);
    }
    rt_pool_free(p2);
    rt_pool_free(p3);
    printf("%s: serial, sliced and pooled runs agree bit for bit (%d loops, %d cut)\n", path,
           loops, loops_cut);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_par MODEL.hgnn...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        check_model(argv[i]);
    return check_done("test_par");
}
