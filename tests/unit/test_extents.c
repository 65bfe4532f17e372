// test_extents.c — codegen's run-time row extents (compiler/pass_plan.c, emitted by codegen.c): each layer
// runs only on the rows some reader reads, counted per batch from labels and edges. Models: the
// tutorial (models/movielens.hgnn) and examples/deep_max.hgnn (3 layers: max, sum, mean), through
// the whole pipeline (front end, prune, grad) and compiled to a .so. Batches: the real sampler's
// on ml-latest-small (small batches and fan-outs), the same with adversarial changes (a label at
// the last row, an edge from the last row into a seed, an empty edge type, no labels), and random
// layouts. Every run, forward and train, must match the reference interpreter, which computes
// everything in full. On the sampler's batches the model's rows hook (HgnnModel.rows) must show the
// hop structure: of L layers, layer l aggregates exactly the nodes within L-1-l hops of the seeds,
// over the edges into them; and the products run() hands to a counting sgemm (compiled with
// CODEGEN_NO_GEMM) must add up to what the hook reports, well below the full-batch count.
// Usage: test_extents MOVIELENS.hgnn DEEP_MAX.hgnn ML_SMALL_DIR
#include <dlfcn.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "codegen.h"
#include "front_fixture.h"
#include "interp.h"
#include "ir_fixture.h"
#include "pass_grad.h"
#include "pass_prune.h"
#include "loader.h"
#include "movielens.h"

static const double TOL = 1e-4;  // float kernels against the double interpreter (test_codegen)

// ---- a counting host ---------------------------------------------------------------------------

static const HgnnHost host = {fixture_counting_sgemm, 1, NULL, NULL};

// ---- compiled models ---------------------------------------------------------------------------

typedef struct Compiled {
    void *h;
    const HgnnModel *md;
} Compiled;

// m through codegen_shared_object and dlopen; sgemm_only compiles with CODEGEN_NO_GEMM, so that
// every product goes through the host's sgemm.
static bool compile(IrModule *m, bool sgemm_only, Compiled *c) {
    memset(c, 0, sizeof *c);
    char dir[] = "/tmp/test_extents.XXXXXX", path[128], err[512] = "";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return false;
    }
    snprintf(path, sizeof path, "%s/model.so", dir);
    CodegenOptions opt = {CODEGEN_DEFAULT_OPT, sgemm_only ? CODEGEN_NO_GEMM : 0,
                          HGNN_PRECISION_FP32};
    int rc = codegen_shared_object(m, &opt, path, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "compile: %s\n", err);
    CHECK(rc == 0);
    c->h = rc == 0 ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    unlink(path);
    rmdir(dir);
    CHECK(c->h != NULL);
    if (!c->h)
        return false;
    HgnnEntryFn entry;
    void *sym = dlsym(c->h, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    c->md = entry ? entry() : NULL;
    CHECK(c->md != NULL && c->md->rows != NULL);
    return c->md && c->md->rows;
}

// ---- batches -----------------------------------------------------------------------------------

static int32_t *dup_i32(const int32_t *p, int64_t n) {
    int32_t *q = malloc((size_t)(n ? n : 1) * sizeof *q);
    if (n)
        memcpy(q, p, (size_t)n * sizeof *q);
    return q;
}

// An owned copy of a batch view (fixture_batch_free releases it), so that it can be changed.
static void batch_copy(FixtureBatch *fb, const IrModule *m, const HgnnBatch *b) {
    memset(fb, 0, sizeof *fb);
    int T = m->n_node_types, K = m->n_edge_types;
    memcpy(fb->dims, b->dims, (size_t)HGNN_NUM_DIMS(T, K) * sizeof *fb->dims);
    for (int t = 0; t < T; t++) {
        fb->b.node_ids[t] = fb->node_ids[t] = dup_i32(b->node_ids[t], fb->dims[HGNN_DIM_N(T, t)]);
        int64_t nf = fb->dims[HGNN_DIM_V(t)] * m->node_types[t].feat_width;
        if (!nf)
            continue;
        fb->features[t] = malloc((size_t)nf * sizeof(float));
        memcpy(fb->features[t], b->features[t], (size_t)nf * sizeof(float));
        fb->b.features[t] = fb->features[t];
    }
    for (int e = 0; e < K; e++) {
        int64_t ne = fb->dims[HGNN_DIM_E(T, e)];
        int64_t nd = fb->dims[HGNN_DIM_N(T, m->edge_types[e].dst)];
        fb->b.edge_src[e] = fb->edge_src[e] = dup_i32(b->edge_src[e], ne);
        fb->b.edge_dst[e] = fb->edge_dst[e] = dup_i32(b->edge_dst[e], ne);
        fb->b.edge_ptr[e] = fb->edge_ptr[e] = dup_i32(b->edge_ptr[e], nd + 1);
    }
    int64_t L = fb->dims[HGNN_DIM_L(T, K)];
    fb->b.label_src = fb->label_src = dup_i32(b->label_src, L);
    fb->b.label_dst = fb->label_dst = dup_i32(b->label_dst, L);
    fb->labels = malloc((size_t)(L ? L : 1) * sizeof(float));
    if (L)
        memcpy(fb->labels, b->labels, (size_t)L * sizeof(float));
    fb->b.labels = fb->labels;
    fb->b.dims = fb->dims;
}

// Adds the edge src -> dst of type e where CSR order puts it (first among dst's edges).
static void add_edge(FixtureBatch *fb, const IrModule *m, int e, int32_t src, int32_t dst) {
    int T = m->n_node_types;
    int64_t ne = fb->dims[HGNN_DIM_E(T, e)], nd = fb->dims[HGNN_DIM_N(T, m->edge_types[e].dst)];
    int32_t at = fb->edge_ptr[e][dst];
    fb->edge_src[e] = realloc(fb->edge_src[e], (size_t)(ne + 1) * sizeof(int32_t));
    fb->edge_dst[e] = realloc(fb->edge_dst[e], (size_t)(ne + 1) * sizeof(int32_t));
    memmove(fb->edge_src[e] + at + 1, fb->edge_src[e] + at, (size_t)(ne - at) * sizeof(int32_t));
    memmove(fb->edge_dst[e] + at + 1, fb->edge_dst[e] + at, (size_t)(ne - at) * sizeof(int32_t));
    fb->edge_src[e][at] = src;
    fb->edge_dst[e][at] = dst;
    for (int64_t i = dst + 1; i <= nd; i++)
        fb->edge_ptr[e][i]++;
    fb->dims[HGNN_DIM_E(T, e)] = ne + 1;
    fb->b.edge_src[e] = fb->edge_src[e];
    fb->b.edge_dst[e] = fb->edge_dst[e];
}

static void drop_edges(FixtureBatch *fb, const IrModule *m, int e) {
    int T = m->n_node_types;
    int64_t nd = fb->dims[HGNN_DIM_N(T, m->edge_types[e].dst)];
    for (int64_t i = 0; i <= nd; i++)
        fb->edge_ptr[e][i] = 0;
    fb->dims[HGNN_DIM_E(T, e)] = 0;
}

// ---- runs against the interpreter --------------------------------------------------------------

// Runs c on the batch in both modes, with a NaN-filled workspace and dirty gradient buffers, and
// compares scores, loss and every gradient with the interpreter.
static void check_run(const char *what, const IrModule *m, const Compiled *c,
                      const FixtureBatch *fb, float **params) {
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        double e[3];
        fixture_run_vs_interp(c->md, m, mode, fb, params, &host, e);
        if (!(e[0] <= TOL && e[1] <= TOL && e[2] <= TOL))
            fprintf(stderr, "%s, %s: max rel error scores %.2e, loss %.2e, grads %.2e\n", what,
                    mode ? "train" : "forward", e[0], e[1], e[2]);
        CHECK(e[0] <= TOL && e[1] <= TOL && e[2] <= TOL);
    }
}

// ---- the rows hook on the sampler's batches ----------------------------------------------------

static int64_t rows_of(const IrModule *m, IrDim d, const int64_t *dims) {
    return d.kind == DIM_CONST ? d.n : dims[ir_dim_index(m, d)];
}

// Product FLOPs of one run in `mode` as the hook counts them: 2 m n k per matmul.
static double hook_matmul_flops(IrNode **nodes, const int64_t *rows) {
    double f = 0;
    for (int i = 0; nodes[i]; i++) {
        IrNode *x = nodes[i];
        if (x->op != IR_MATMUL || rows[2 * i] < 0)
            continue;
        double mn = x->ta ? (double)x->in[0]->type.cols * (double)x->type.cols
                          : (double)x->type.cols * (double)x->in[0]->type.cols;
        f += 2.0 * (double)rows[2 * i] * mn;
    }
    return f;
}

// The products of one run with every row computed: what codegen did before extents.
static double full_matmul_flops(const IrModule *m, IrNode **nodes, int mode, const bool *fwd,
                                const int64_t *dims) {
    double f = 0;
    for (int i = 0; nodes[i]; i++) {
        IrNode *x = nodes[i];
        if (x->op != IR_MATMUL || (mode == HGNN_RUN_FORWARD && !fwd[i]))
            continue;
        const IrNode *a = x->in[0];
        f += 2.0 * (double)rows_of(m, x->type.rows, dims) * (double)x->type.cols *
             (double)(x->ta ? rows_of(m, a->type.rows, dims) : a->type.cols);
    }
    return f;
}

// On a batch from the sampler (hops as deep as the model's layers): the k-th aggregation of each
// edge type, in program order, computes the destinations within L-1-k hops of the seeds and
// visits exactly the edges into them; forward and train. Products: sgemm's count equals the
// hook's, and is below `ratio` of the full count.
static void check_hops(const char *what, const IrModule *m, IrNode **nodes, const bool *fwd,
                       const Compiled *c, const FixtureBatch *fb, const RtBatch *rb,
                       int layers, float **params, double ratio) {
    int T = m->n_node_types, K = m->n_edge_types;
    int64_t n = c->md->rows(HGNN_RUN_FORWARD, NULL, NULL);
    int64_t *rows = malloc((size_t)(2 * n + 2) * sizeof *rows);
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        CHECK(c->md->rows(mode, &fb->b, rows) == n);
        int seen[HGNN_MAX_EDGE_TYPES] = {0};
        for (int i = 0; i < n; i++) {
            IrNode *x = nodes[i];
            if (rows[2 * i] >= 0 && x->type.rows.kind == DIM_NODES)
                CHECK(rows[2 * i] <= rows_of(m, x->type.rows, fb->dims));
            if (x->op < IR_AGG_SUM || x->op > IR_AGG_MAX)
                continue;
            int e = x->etype, k = seen[e]++, t = m->edge_types[e].dst;
            CHECK(k < layers);
            if (k >= layers)
                continue;
            int32_t hop_rows = rb->hop_end[t][layers - 1 - k];
            int64_t into = 0;
            for (int64_t j = 0; j < fb->dims[HGNN_DIM_E(T, e)]; j++)
                into += fb->edge_dst[e][j] < hop_rows;
            if (rows[2 * i] != hop_rows || rows[2 * i + 1] != into)
                fprintf(stderr, "%s, %s: %%%d agg over %s: %lld rows, %lld edges; want %d, %lld\n",
                        what, mode ? "train" : "forward", i, m->edge_types[e].name,
                        (long long)rows[2 * i], (long long)rows[2 * i + 1], hop_rows,
                        (long long)into);
            CHECK(rows[2 * i] == hop_rows && rows[2 * i + 1] == into);
        }
        for (int e = 0; e < K; e++)
            CHECK(seen[e] == layers);

        float *s = calloc((size_t)fb->dims[HGNN_DIM_L(T, K)] + 1, sizeof(float)), l = 0;
        float **gr = mode ? fixture_alloc_params(m, fb->dims, 0, 0) : NULL;
        float *ws = malloc((size_t)c->md->workspace_floats(fb->dims) * sizeof *ws + 64);
        fixture_sgemm_flops = 0;
        c->md->run(mode, &fb->b, params, gr, ws, &host, s, &l);
        double hook = hook_matmul_flops(nodes, rows);
        double full = full_matmul_flops(m, nodes, mode, fwd, fb->dims);
        printf("%s, %s: product FLOPs %.4g (sgemm %.4g), %.1f%% of the full batch's %.4g\n", what,
               mode ? "train" : "forward", hook, fixture_sgemm_flops, 100 * hook / full, full);
        CHECK(fixture_sgemm_flops == hook);
        CHECK(hook < ratio * full);
        free(ws);
        free(s);
        if (gr)
            fixture_free_params(m, gr);
    }
    free(rows);
}

// ---- the cases ---------------------------------------------------------------------------------

typedef struct Data {
    RtGraph g;
    RtSplit s;
} Data;

// Compiles the model at path (front end, prune, grad) twice, samples small batches with as many
// hops as it has layers, and runs every case.
static void check_model(const char *path, int layers, const Data *d, double ratio) {
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_front_end_file(&a, path);
    if (!m) {
        arena_free(&a);
        return;
    }
    pass_prune(m);
    pass_grad(m);
    ir_verify(m);
    int n;
    IrNode **nodes = fixture_nodes_by_id(m, &n);
    bool *fwd = calloc((size_t)n + 1, sizeof *fwd);
    // Forward mode runs what scores and loss need (codegen's plan does the same walk).
    fwd[m->scores->id] = fwd[m->loss->id] = true;
    for (int i = n - 1; i >= 0; i--)
        for (int k = 0; fwd[i] && k < ir_op_arity(nodes[i]->op); k++)
            fwd[nodes[i]->in[k]->id] = true;

    Compiled own = {0}, sg = {0};
    if (!compile(m, false, &own) || !compile(m, true, &sg))
        goto out;
    CHECK(own.md->rows(HGNN_RUN_TRAIN, NULL, NULL) == n);

    HgnnNodeType nt[HGNN_MAX_NODE_TYPES];
    HgnnEdgeType et[HGNN_MAX_EDGE_TYPES];
    for (int t = 0; t < m->n_node_types; t++)
        nt[t] = (HgnnNodeType){m->node_types[t].name, (int32_t)m->node_types[t].feat_width};
    for (int e = 0; e < m->n_edge_types; e++)
        et[e] = (HgnnEdgeType){m->edge_types[e].name, m->edge_types[e].rel,
                               m->edge_types[e].src, m->edge_types[e].dst,
                               m->edge_types[e].reverse_of};
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    RtError err = {0};
    int rc = rt_graph_map_types(&d->g, nt, m->n_node_types, et, m->n_edge_types, node_map,
                                edge_map, &err);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", path, RT_ERR_TEXT(&err));
    CHECK(rc == 0);
    RtLoaderConfig cfg;
    rt_loader_train_defaults(&cfg);
    cfg.batch_size = 6;
    cfg.n_hops = layers;
    for (int h = 0; h < layers; h++)
        cfg.fanout[h] = 4 - h;
    RtLoader *l = rt_loader_new(&d->g, &d->s, RT_SPLIT_TRAIN, &cfg, 11, &err);
    CHECK(l != NULL);
    if (rc != 0 || !l)
        goto out;
    rt_loader_begin_epoch(l, 1);
    RtBatch rb;
    rt_batch_init(&rb);
    for (int64_t bi = 0; bi < 3; bi++) {
        CHECK(rt_loader_fill(l, bi, &rb) == 0);
        HgnnBatch hb;
        int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
        CHECK(rt_batch_view(&rb, &d->g, m->n_node_types, node_map, m->n_edge_types, edge_map,
                            m->label_etype, &hb, dims) == 0);
        FixtureBatch fb;
        batch_copy(&fb, m, &hb);
        float **params = fixture_alloc_params(m, fb.dims, 0.5f, 40 + (uint64_t)bi);
        int T = m->n_node_types, K = m->n_edge_types;
        int ls = m->edge_types[m->label_etype].src, ld = m->edge_types[m->label_etype].dst;
        char what[160];
        snprintf(what, sizeof what, "%s, sampled batch %lld", m->name, (long long)bi);
        check_run(what, m, &own, &fb, params);
        check_run(what, m, &sg, &fb, params);
        check_hops(what, m, nodes, fwd, &sg, &fb, &rb, layers, params, ratio);

        // Adversarial layouts: the extents must grow to cover them.
        FixtureBatch v;
        int64_t L = fb.dims[HGNN_DIM_L(T, K)];
        CHECK(L > 0);
        batch_copy(&v, m, &fb.b);
        if (L > 0)
            v.label_src[L - 1] = (int32_t)(v.dims[HGNN_DIM_N(T, ls)] - 1);
        if (L > 0)
            v.label_dst[0] = (int32_t)(v.dims[HGNN_DIM_N(T, ld)] - 1);
        snprintf(what, sizeof what, "%s, batch %lld, labels at the last rows", m->name,
                 (long long)bi);
        check_run(what, m, &own, &v, params);
        fixture_batch_free(&v);
        for (int e = 0; e < K; e++) {
            int s = m->edge_types[e].src;
            batch_copy(&v, m, &fb.b);
            add_edge(&v, m, e, (int32_t)(v.dims[HGNN_DIM_N(T, s)] - 1), 0);
            snprintf(what, sizeof what, "%s, batch %lld, an edge %s from the last row into a seed",
                     m->name, (long long)bi, m->edge_types[e].name);
            check_run(what, m, &own, &v, params);
            fixture_batch_free(&v);
            batch_copy(&v, m, &fb.b);
            drop_edges(&v, m, e);
            snprintf(what, sizeof what, "%s, batch %lld, no %s edges", m->name, (long long)bi,
                     m->edge_types[e].name);
            check_run(what, m, &own, &v, params);
            fixture_batch_free(&v);
        }
        batch_copy(&v, m, &fb.b);
        v.dims[HGNN_DIM_L(T, K)] = 0;
        snprintf(what, sizeof what, "%s, batch %lld, no labels", m->name, (long long)bi);
        check_run(what, m, &own, &v, params);
        fixture_batch_free(&v);

        fixture_free_params(m, params);
        fixture_batch_free(&fb);
    }
    // Random layouts: labels, edges and their sources anywhere.
    for (uint64_t seed = 0; seed < 3; seed++) {
        FixtureBatch fb;
        FixtureSizes sz = fixture_sizes_uniform(60, 25, 50, seed == 2 ? 0 : 12);
        fixture_batch_module(&fb, m, &sz, 500 + seed);
        float **params = fixture_alloc_params(m, fb.dims, 0.5f, 60 + seed);
        char what[160];
        snprintf(what, sizeof what, "%s, random batch %llu", m->name, (unsigned long long)seed);
        check_run(what, m, &own, &fb, params);
        fixture_free_params(m, params);
        fixture_batch_free(&fb);
    }
    rt_batch_free(&rb);
    rt_loader_free(l);
out:
    if (own.h)
        dlclose(own.h);
    if (sg.h)
        dlclose(sg.h);
    free(nodes);
    free(fwd);
    arena_free(&a);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: test_extents MOVIELENS.hgnn DEEP_MAX.hgnn ML_SMALL_DIR\n");
        return 2;
    }
    Data d = {0};
    RtError err = {0};
    RtSplitConfig scfg;
    rt_split_defaults(&scfg);
    if (rt_movielens_load(argv[3], &d.g, &err) != 0 ||
        rt_graph_to_undirected(&d.g, &err) != 0 ||
        rt_split_link(&d.g, rt_graph_edge_type(&d.g, "user__rates__movie"), &scfg, 5, &d.s,
                      &err) != 0) {
        fprintf(stderr, "test_extents: %s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    // Products: the tutorial's conv1 runs on the seeds' 1-hop neighbourhood, deep_max's conv1
    // and conv2 on 2 and 1 hops, so both stay well below the full batch.
    check_model(argv[1], 2, &d, 0.9);
    check_model(argv[2], 3, &d, 0.9);
    rt_split_free(&d.s);
    rt_graph_free(&d.g);
    return check_done("test_extents");
}
