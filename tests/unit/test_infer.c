// test_infer.c — rt_infer_embeddings and rt_infer_scores (runtime/infer.c) on the bundled data
// with the tutorial model, after a few training steps: the embeddings' scores of the validation
// labels equal run()'s forward scores on full-neighbour batches (the loader with fan-out -1 over
// as many hops as the model has layers), which see each label's whole 2-hop neighbourhood on the
// validation part's message-passing edges; and every embedding is finite. With LightGCN
// (examples/lightgcn.hgnn) this also holds infer.c's edge weights to the loader's.
// usage: test_infer DATA_DIR MODEL.hgnn|MODEL.so
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "check.h"
#include "checkpoint.h"
#include "infer.h"
#include "kernels.h"
#include "loader.h"
#include "model.h"
#include "movielens.h"
#include "pool.h"
#include "train.h"

static const double TOL = 1e-4;  // float sums over the same edges in another order

static void check_part(const RtApp *a, const RtGraph *g, int part, float *const *params,
                       const HgnnHost *host) {
    const HgnnModel *m = a->m;
    RtError err = {0};
    float *emb[HGNN_MAX_NODE_TYPES];
    CHECK(rt_infer_embeddings(m, g, &a->split, part, params, host, emb, &err) == 0);
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    CHECK(rt_graph_map_types(g, m->node_types, m->n_node_types, m->edge_types, m->n_edge_types,
                             node_map, edge_map, &err) == 0);
    for (int t = 0; t < m->n_node_types; t++) {
        CHECK(emb[t] != NULL && m->embed_dim[t] > 0);
        int64_t n = g->nodes[node_map[t]].count * m->embed_dim[t], bad = 0;
        for (int64_t i = 0; emb[t] && i < n; i++)
            bad += !isfinite(emb[t][i]);
        CHECK(bad == 0);
    }

    // Full-neighbour batches of the part's labels, in stored order.
    RtLoaderConfig lc;
    rt_loader_eval_defaults(&lc);
    lc.n_hops = m->defaults.n_hops;
    lc.edge_norm = (m->needs & HGNN_NEEDS_EDGE_NORM) != 0;  // lg_conv: the loader's weights
    for (int h = 0; h < lc.n_hops; h++)
        lc.fanout[h] = -1;
    RtLoader *l = rt_loader_new(g, &a->split, part, &lc, 7, &err);
    CHECK(l != NULL);
    if (!l)
        return;
    rt_loader_begin_epoch(l, 1);
    RtBatch b;
    rt_batch_init(&b);
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
    double worst = 0, scale = 0;
    int64_t checked = 0;
    int64_t nb = rt_loader_num_batches(l);
    for (int64_t i = 0; i < nb && i < 3; i++) {
        CHECK(rt_loader_fill(l, i, &b) == 0);
        HgnnBatch hb;
        CHECK(rt_batch_view(&b, g, m->n_node_types, node_map, m->n_edge_types, edge_map,
                            m->label_edge_type, &hb, dims) == 0);
        int T = m->n_node_types, K = m->n_edge_types;
        int64_t nl = dims[HGNN_DIM_L(T, K)];
        float *ws = malloc((size_t)m->workspace_floats(dims) * sizeof *ws);
        float *want = malloc((size_t)nl * sizeof *want), *got = malloc((size_t)nl * sizeof *got);
        int32_t *src = malloc((size_t)nl * sizeof *src), *dst = malloc((size_t)nl * sizeof *dst);
        float loss;
        m->run(HGNN_RUN_FORWARD, &hb, params, NULL, ws, host, want, &loss);
        const HgnnEdgeType *le = &m->edge_types[m->label_edge_type];
        for (int64_t k = 0; k < nl; k++) {
            src[k] = hb.node_ids[le->src][hb.label_src[k]];
            dst[k] = hb.node_ids[le->dst][hb.label_dst[k]];
        }
        CHECK(rt_infer_scores(m, nl, src, dst, emb, params, got, &err) == 0);
        for (int64_t k = 0; k < nl; k++) {
            scale = fmax(scale, fabs(want[k]));
            worst = fmax(worst, isnan(got[k]) ? INFINITY : fabs((double)got[k] - want[k]));
        }
        checked += nl;
        free(ws);
        free(want);
        free(got);
        free(src);
        free(dst);
    }
    printf("test_infer: part %d: %lld labels, largest |score - run| %.3g (scores up to %.3g)\n",
           part, (long long)checked, worst, scale);
    CHECK(checked > 0);
    CHECK(worst <= TOL * (1 + scale));
    rt_batch_free(&b);
    rt_loader_free(l);
    for (int t = 0; t < m->n_node_types; t++)
        free(emb[t]);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: test_infer DATA_DIR MODEL\n");
        return 2;
    }
    RtError err = {0};
    RtGraph g;
    // The data as the model declares it (hgnn-run's path for a .hgnn source).
    const HgnnModel *d = rt_model_declare(argv[2], NULL, 0, &err);
    if (!d || rt_app_load_data(argv[1], d->n_node_types, d->node_types, d->n_edge_types,
                               d->edge_types, d->data, &g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    for (int32_t t = 0; t < g.n_node_types; t++)
        dt[t] = (HgnnNodeType){g.nodes[t].name, (int32_t)g.nodes[t].feat_width};
    const HgnnModel *m = rt_model_open(argv[2], dt, g.n_node_types, NULL, 0, -1, &err);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        rt_graph_free(&g);
        return check_done("test_infer");
    }
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    RtApp a;
    CHECK(rt_app_compose(&a, &g, m, NULL, &cfg, &err) == 0);
    // Weights a few steps away from their initialisation.
    RtEpochStats ep;
    CHECK(rt_train_epoch(a.trainer, a.loader[RT_SPLIT_TRAIN], 1, 10, NULL, NULL, &ep, &err) == 0);
    RtTensor *ts = calloc((size_t)m->n_params, sizeof *ts);
    float **params = calloc((size_t)m->n_params, sizeof *params);
    rt_trainer_tensors(a.trainer, ts);
    for (int i = 0; i < m->n_params; i++)
        params[i] = ts[i].data;
    RtPool *pool = rt_pool_new(2);
    HgnnHost host = {rt_sgemm, rt_pool_threads(pool), rt_pool_for, pool};
    check_part(&a, &g, RT_SPLIT_VAL, params, &host);
    check_part(&a, &g, RT_SPLIT_TEST, params, &host);

    // Without a split every edge passes messages; a model with no embed is refused.
    float *all[HGNN_MAX_NODE_TYPES];
    CHECK(rt_infer_embeddings(m, &g, NULL, 0, params, &host, all, &err) == 0);
    for (int t = 0; t < m->n_node_types; t++)
        free(all[t]);
    HgnnModel old = *m;
    old.embed = NULL;
    CHECK(rt_infer_embeddings(&old, &g, NULL, 0, params, &host, all, &err) == -1);
    CHECK(all[0] == NULL && strstr(err.msg, "inference"));

    rt_pool_free(pool);
    free(params);
    free(ts);
    rt_app_free(&a);
    rt_graph_free(&g);
    return check_done("test_infer");
}
