// ir_fixture.c — builds the movielens-shaped hetero IR by hand with the ir.h builders (no front
// end involved), and random batches / parameters for it. Used by test_ir, test_interp, test_grad
// and the codegen tests, which compare compiled kernels against the interpreter on these.
#include "ir_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "rng.h"

static const Loc here = {"ir_fixture.c", 0, 0};

void fixture_schema(IrModule *m, int feat) {
    m->n_node_types = 2;
    m->node_types[0] = (IrNodeType){"user", 0, here};
    m->node_types[1] = (IrNodeType){"movie", feat, here};
    m->n_edge_types = 2;
    m->edge_types[0] = (IrEdgeType){"user__rates__movie", "rates", 0, 1, -1, here};
    m->edge_types[1] = (IrEdgeType){"movie__rev_rates__user", "rev_rates", 1, 0, 0, here};
    m->label_etype = 0;
}

static IrNode *param(IrModule *m, const char *name, IrDim rows, int64_t cols, int init, float a,
                     int scope) {
    int p = ir_param_add(m, name, rows, cols, init, a, scope, here);
    return ir_emit_param(m, p, here);
}

static IrNode *named(IrNode *n, const char *name) {
    n->name = name;
    return n;
}

// One SAGEConv copy for edge type e: lin_l(agg(x_src)) + lin_r(x_dst), lin_l with bias.
static IrNode *sage(IrModule *m, int layer, int e, IrNode *xs, IrNode *xd, int hidden, IrOp agg) {
    Arena *a = m->arena;
    const char *en = m->edge_types[e].name;
    float b = 1.0f / sqrtf((float)xs->type.cols);
    IrNode *wl = param(m, arena_printf(a, "gnn.conv%d.%s.lin_l.weight", layer, en),
                       (IrDim){DIM_CONST, hidden}, xs->type.cols, HGNN_INIT_UNIFORM, b, layer);
    IrNode *bl = param(m, arena_printf(a, "gnn.conv%d.%s.lin_l.bias", layer, en),
                       (IrDim){DIM_CONST, 1}, hidden, HGNN_INIT_UNIFORM, b, layer);
    IrNode *wr = param(m, arena_printf(a, "gnn.conv%d.%s.lin_r.weight", layer, en),
                       (IrDim){DIM_CONST, hidden}, xd->type.cols, HGNN_INIT_UNIFORM, b, layer);
    IrNode *g = ir_emit_agg(m, agg, e, here, xs, NULL, NULL);
    IrNode *l = ir_emit(m, IR_BIAS_ADD, here, ir_emit_matmul(m, here, g, 0, wl, 1), bl, NULL);
    IrNode *r = ir_emit_matmul(m, here, xd, 0, wr, 1);
    return ir_emit(m, IR_ADD, here, l, r, NULL);
}

IrModule *fixture_movielens(Arena *a, int hidden, int feat, IrOp agg) {
    return fixture_movielens_twin(a, hidden, feat, agg, false);
}

IrModule *fixture_movielens_twin(Arena *a, int hidden, int feat, IrOp agg, bool twin) {
    IrModule *m = ir_module_new(a, "movielens_fixture");
    fixture_schema(m, feat);
    m->stage = IR_STAGE_HETERO;
    IrDim one = {DIM_CONST, 1}, hid = {DIM_CONST, hidden};
    float bf = 1.0f / sqrtf((float)feat);

    IrNode *uemb = param(m, "user_emb.weight", (IrDim){DIM_GRAPH, 0}, hidden, HGNN_INIT_NORMAL,
                         1.0f, 0);
    IrNode *uid = ir_emit_leaf(m, IR_NODE_IDS, 0, here);
    IrNode *hu = named(ir_emit(m, IR_GATHER, here, uemb, uid, NULL), "h0.user");

    IrNode *lw = param(m, "movie_lin.weight", hid, feat, HGNN_INIT_UNIFORM, bf, 0);
    IrNode *lb = param(m, "movie_lin.bias", one, hidden, HGNN_INIT_UNIFORM, bf, 0);
    IrNode *memb = param(m, "movie_emb.weight", (IrDim){DIM_GRAPH, 1}, hidden, HGNN_INIT_NORMAL,
                         1.0f, 0);
    IrNode *mid = ir_emit_leaf(m, IR_NODE_IDS, 1, here);
    IrNode *x = ir_emit(m, IR_GATHER, here, ir_emit_leaf(m, IR_FEATURES, 1, here), mid, NULL);
    IrNode *lin = ir_emit(m, IR_BIAS_ADD, here, ir_emit_matmul(m, here, x, 0, lw, 1), lb, NULL);
    IrNode *hm = ir_emit(m, IR_ADD, here, lin, ir_emit(m, IR_GATHER, here, memb, mid, NULL), NULL);
    if (twin) {
        IrNode *memb2 = param(m, "movie_emb2.weight", (IrDim){DIM_GRAPH, 1}, hidden,
                              HGNN_INIT_NORMAL, 1.0f, 0);
        hm = ir_emit(m, IR_ADD, here, hm, ir_emit(m, IR_GATHER, here, memb2, mid, NULL), NULL);
    }
    hm = named(hm, "h0.movie");

    for (int layer = 1; layer <= 2; layer++) {
        // Each node type has exactly one incoming edge type, so to_hetero's sum has one term.
        IrNode *nm = sage(m, layer, 0, hu, hm, hidden, agg);
        IrNode *nu = sage(m, layer, 1, hm, hu, hidden, agg);
        if (layer == 1) {
            nm = ir_emit(m, IR_RELU, here, nm, NULL, NULL);
            nu = ir_emit(m, IR_RELU, here, nu, NULL, NULL);
        }
        hm = named(nm, layer == 1 ? "h1.movie" : "h2.movie");
        hu = named(nu, layer == 1 ? "h1.user" : "h2.user");
    }
    IrNode *eu = ir_emit(m, IR_GATHER, here, hu, ir_emit_leaf(m, IR_LABEL_SRC, -1, here), NULL);
    IrNode *em = ir_emit(m, IR_GATHER, here, hm, ir_emit_leaf(m, IR_LABEL_DST, -1, here), NULL);
    m->scores = named(ir_emit(m, IR_ROWDOT, here, eu, em, NULL), "scores");
    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
    m->loss = named(ir_emit(m, IR_BCE_LOGITS, here, m->scores, y, NULL), "loss");
    return m;
}

IrNode *fixture_value(IrModule *m, IrDim rows, int64_t cols) {
    const char *name = arena_printf(m->arena, "in%d", m->n_params);
    switch (rows.kind) {
    case DIM_CONST:
    case DIM_GRAPH:
        return ir_emit_param(m, ir_param_add(m, name, rows, cols, HGNN_INIT_UNIFORM, 1, 0, here),
                             here);
    case DIM_NODES:
    case DIM_LABELS: {
        int t = rows.kind == DIM_NODES ? (int)rows.n : 0;
        IrNode *tab = ir_emit_param(
            m, ir_param_add(m, name, (IrDim){DIM_GRAPH, t}, cols, HGNN_INIT_UNIFORM, 1, 0, here),
            here);
        IrNode *idx = rows.kind == DIM_NODES ? ir_emit_leaf(m, IR_NODE_IDS, t, here)
                                             : ir_emit_leaf(m, IR_LABEL_SRC, -1, here);
        return ir_emit(m, IR_GATHER, here, tab, idx, NULL);
    }
    case DIM_EDGES:
        break;
    }
    fprintf(stderr, "ir_fixture.c: no op yields per-edge rows\n");
    abort();
}

FixtureSizes fixture_sizes_small(void) {
    return (FixtureSizes){{7, 9}, {5, 6}, {13, 11}, 8};
}

FixtureSizes fixture_sizes_uniform(int64_t graph, int64_t nodes, int64_t edges, int64_t labels) {
    FixtureSizes s = {.labels = labels};
    for (int t = 0; t < HGNN_MAX_NODE_TYPES; t++)
        s.graph[t] = graph, s.nodes[t] = nodes;
    for (int e = 0; e < HGNN_MAX_EDGE_TYPES; e++)
        s.edges[e] = edges;
    return s;
}

// Random edges of one type, sorted by destination (counting sort, stable: draw order is kept
// inside a destination), with CSR offsets over n_dst.
static void random_edges(RtRng *r, int64_t ne, int64_t n_src, int64_t n_dst, int32_t *src,
                         int32_t *dst, int32_t *ptr) {
    int32_t *ds = malloc((size_t)(ne ? ne : 1) * sizeof *ds);
    int32_t *ss = malloc((size_t)(ne ? ne : 1) * sizeof *ss);
    memset(ptr, 0, (size_t)(n_dst + 1) * sizeof *ptr);
    for (int64_t i = 0; i < ne; i++) {
        // Destinations 2, 5, 8, ... never get an edge (an empty mean / max), the others get
        // several, often from the same source when n_src is small.
        int64_t d = (int64_t)rt_rng_below(r, (uint64_t)n_dst);
        if (n_dst > 2 && d % 3 == 2)
            d--;
        ds[i] = (int32_t)d;
        ss[i] = (int32_t)rt_rng_below(r, (uint64_t)n_src);
        ptr[d + 1]++;
    }
    for (int64_t i = 0; i < n_dst; i++)
        ptr[i + 1] += ptr[i];
    int32_t *fill = malloc((size_t)(n_dst + 1) * sizeof *fill);
    memcpy(fill, ptr, (size_t)(n_dst + 1) * sizeof *fill);
    for (int64_t i = 0; i < ne; i++) {
        int32_t k = fill[ds[i]]++;
        dst[k] = ds[i];
        src[k] = ss[i];
    }
    free(fill);
    free(ds);
    free(ss);
}

void fixture_batch_module(FixtureBatch *fb, const IrModule *m, const FixtureSizes *s,
                          uint64_t seed) {
    memset(fb, 0, sizeof *fb);
    RtRng r;
    rt_rng_seed(&r, seed);
    const int T = m->n_node_types, K = m->n_edge_types;
    for (int t = 0; t < T; t++) {
        fb->dims[HGNN_DIM_V(t)] = s->graph[t];
        fb->dims[HGNN_DIM_N(T, t)] = s->nodes[t];
        // Distinct ids: a partial Fisher-Yates shuffle of 0..V-1.
        int32_t *all = malloc((size_t)(s->graph[t] ? s->graph[t] : 1) * sizeof *all);
        for (int64_t i = 0; i < s->graph[t]; i++)
            all[i] = (int32_t)i;
        for (int64_t i = 0; i < s->nodes[t]; i++) {
            int64_t j = i + (int64_t)rt_rng_below(&r, (uint64_t)(s->graph[t] - i));
            int32_t tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        fb->node_ids[t] = all;
        fb->b.node_ids[t] = all;
    }
    for (int t = 0; t < T; t++) {
        int64_t n = s->graph[t] * m->node_types[t].feat_width;
        if (!m->node_types[t].feat_width)
            continue;
        fb->features[t] = malloc((size_t)(n ? n : 1) * sizeof(float));
        for (int64_t i = 0; i < n; i++)
            fb->features[t][i] = (float)rt_rng_below(&r, 2);
        fb->b.features[t] = fb->features[t];
    }
    for (int e = 0; e < K; e++) {
        int64_t ne = s->edges[e], ns = s->nodes[m->edge_types[e].src];
        int64_t nd = s->nodes[m->edge_types[e].dst];
        fb->dims[HGNN_DIM_E(T, e)] = ne;
        fb->edge_src[e] = malloc((size_t)(ne ? ne : 1) * sizeof(int32_t));
        fb->edge_dst[e] = malloc((size_t)(ne ? ne : 1) * sizeof(int32_t));
        fb->edge_ptr[e] = malloc((size_t)(nd + 1) * sizeof(int32_t));
        random_edges(&r, ne, ns, nd, fb->edge_src[e], fb->edge_dst[e], fb->edge_ptr[e]);
        fb->b.edge_src[e] = fb->edge_src[e];
        fb->b.edge_dst[e] = fb->edge_dst[e];
        fb->b.edge_ptr[e] = fb->edge_ptr[e];
        // Edge weights (agg_wsum) from a stream of their own, so the rest of the batch is what
        // it was before batches carried them.
        RtRng wr;
        rt_rng_seed(&wr, seed ^ (0x5745494748ull + (uint64_t)e));
        fb->edge_weight[e] = malloc((size_t)(ne ? ne : 1) * sizeof(float));
        for (int64_t k = 0; k < ne; k++)
            fb->edge_weight[e][k] = 0.1f + (float)rt_rng_below(&wr, 1000) / 1000.0f;
        fb->b.edge_weight[e] = fb->edge_weight[e];
    }
    int64_t L = m->label_etype >= 0 ? s->labels : 0;
    int ls = L ? m->edge_types[m->label_etype].src : 0;
    int ld = L ? m->edge_types[m->label_etype].dst : 0;
    fb->dims[HGNN_DIM_L(T, K)] = L;
    fb->label_src = malloc((size_t)(L ? L : 1) * sizeof(int32_t));
    fb->label_dst = malloc((size_t)(L ? L : 1) * sizeof(int32_t));
    fb->labels = malloc((size_t)(L ? L : 1) * sizeof(float));
    for (int64_t i = 0; i < L; i++) {
        fb->label_src[i] = (int32_t)rt_rng_below(&r, (uint64_t)s->nodes[ls]);
        fb->label_dst[i] = (int32_t)rt_rng_below(&r, (uint64_t)s->nodes[ld]);
        fb->labels[i] = (float)rt_rng_below(&r, 2);
    }
    fb->b.label_src = fb->label_src;
    fb->b.label_dst = fb->label_dst;
    fb->b.labels = fb->labels;
    fb->b.dims = fb->dims;
    fb->b.seed = seed * 0x9E3779B97F4A7C15ull + 1;  // dropout's stream
}

void fixture_batch(FixtureBatch *fb, const FixtureSizes *s, int feat, uint64_t seed) {
    IrModule schema = {0};
    fixture_schema(&schema, feat);
    fixture_batch_module(fb, &schema, s, seed);
}

void fixture_batch_free(FixtureBatch *fb) {
    for (int t = 0; t < HGNN_MAX_NODE_TYPES; t++) {
        free(fb->node_ids[t]);
        free(fb->features[t]);
    }
    for (int e = 0; e < HGNN_MAX_EDGE_TYPES; e++) {
        free(fb->edge_src[e]);
        free(fb->edge_dst[e]);
        free(fb->edge_ptr[e]);
        free(fb->edge_weight[e]);
    }
    free(fb->label_src);
    free(fb->label_dst);
    free(fb->labels);
    memset(fb, 0, sizeof *fb);
}

int64_t fixture_param_size(const IrModule *m, int i, const int64_t *dims) {
    const IrParam *p = &m->params[i];
    int64_t rows = p->rows.kind == DIM_CONST ? p->rows.n : dims[ir_dim_index(m, p->rows)];
    return rows * p->cols;
}

float **fixture_alloc_params(const IrModule *m, const int64_t *dims, float a, uint64_t seed) {
    RtRng r;
    rt_rng_seed(&r, seed);
    float **p = calloc((size_t)(m->n_params ? m->n_params : 1), sizeof *p);
    for (int i = 0; i < m->n_params; i++) {
        int64_t n = fixture_param_size(m, i, dims);
        p[i] = calloc((size_t)(n ? n : 1), sizeof(float));
        if (a > 0)
            for (int64_t k = 0; k < n; k++)
                p[i][k] = (float)((2 * rt_rng_uniform(&r) - 1) * a);
    }
    return p;
}

void fixture_free_params(const IrModule *m, float **p) {
    for (int i = 0; i < m->n_params; i++)
        free(p[i]);
    free(p);
}

void fixture_sliced_for(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain) {
    (void)pool;
    if (grain < 1)
        grain = 1;
    for (int64_t hi = n; hi > 0;) {
        int64_t lo = (hi - 1) / grain * grain;
        fn(ctx, lo, hi);
        hi = lo;
    }
}

void fixture_sgemm(int32_t ta, int32_t tb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
                   int64_t ldc) {
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t q = 0; q < k; q++)
                s += (double)(ta ? a[q * lda + i] : a[i * lda + q]) *
                     (tb ? b[j * ldb + q] : b[q * ldb + j]);
            c[i * ldc + j] = (float)(alpha * s + (beta != 0 ? beta * c[i * ldc + j] : 0));
        }
}

double fixture_sgemm_flops;

void fixture_counting_sgemm(int32_t ta, int32_t tb, int64_t m, int64_t n, int64_t k, float alpha,
                            const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                            float *c, int64_t ldc) {
    fixture_sgemm_flops += 2.0 * (double)m * (double)n * (double)k;
    fixture_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

double fixture_max_err(const float *got, const float *want, int64_t n) {
    double e = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = fabs((double)got[i] - want[i]) / (1 + fabs(want[i]));
        if (!(d <= e))
            e = d;  // NaN propagates as the largest error
    }
    return e;
}

void fixture_run_vs_interp(const HgnnModel *md, const IrModule *m, int mode,
                           const FixtureBatch *fb, float *const *params, const HgnnHost *host,
                           double err[3]) {
    int64_t L = fb->dims[HGNN_DIM_L(m->n_node_types, m->n_edge_types)];
    float *want_s = calloc((size_t)L + 1, sizeof(float)), want_l = 0;
    float *got_s = calloc((size_t)L + 1, sizeof(float)), got_l = NAN;
    float **want_g = mode ? fixture_alloc_params(m, fb->dims, 0, 0) : NULL;
    float **got_g = mode ? fixture_alloc_params(m, fb->dims, 0, 0) : NULL;
    for (int i = 0; got_g && i < m->n_params; i++)
        for (int64_t k = 0; k < fixture_param_size(m, i, fb->dims); k++)
            got_g[i][k] = NAN;
    int64_t nws = md->workspace_floats(fb->dims);
    float *ws = malloc((size_t)(nws + 1) * sizeof *ws);
    for (int64_t i = 0; i < nws; i++)
        ws[i] = NAN;
    interp_run(m, mode, &fb->b, params, want_g, want_s, &want_l);
    md->run(mode, &fb->b, params, got_g, ws, host, got_s, &got_l);
    err[0] = fixture_max_err(got_s, want_s, L);
    err[1] = fixture_max_err(&got_l, &want_l, 1);
    err[2] = 0;
    for (int i = 0; mode && i < m->n_params; i++) {
        double d = fixture_max_err(got_g[i], want_g[i], fixture_param_size(m, i, fb->dims));
        if (!(d <= err[2]))
            err[2] = d;
    }
    free(ws);
    free(want_s);
    free(got_s);
    if (mode) {
        fixture_free_params(m, want_g);
        fixture_free_params(m, got_g);
    }
}

IrNode **fixture_nodes_by_id(IrModule *m, int *n) {
    ir_number(m);
    *n = 0;
    for (IrNode *x = m->head; x; x = x->next)
        ++*n;
    IrNode **nodes = calloc((size_t)*n + 1, sizeof *nodes);
    for (IrNode *x = m->head; x; x = x->next)
        nodes[x->id] = x;
    return nodes;
}
