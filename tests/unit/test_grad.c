// test_grad.c — pass_grad against central finite differences, op by op and for the whole
// movielens-shaped model (mean, sum and max aggregation) on a small random batch, every element
// of every parameter. Autodiff gradients come from interp_run in training mode (float output);
// finite differences from interp_loss (double), so the tolerance only has to absorb float
// rounding of the gradients and the O(eps^2) truncation error:
//   |g - fd| <= ATOL + RTOL * max(|g|, |fd|), eps = 1e-3 (the actual float step is used).
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "front_fixture.h"
#include "interp.h"
#include "ir.h"
#include "ir_fixture.h"
#include "pass_grad.h"
#include "rng.h"

#define EPS 1e-3
#define RTOL 1e-3
#define ATOL 1e-5

static const Loc here = {"test_grad.c", 0, 0};
static double worst_rel;  // largest |g - fd| / max(|g|, |fd|, ATOL / RTOL) seen, for the summary
static long n_checked;

// Compares autodiff with finite differences for every element of every parameter of m (after
// pass_grad), or for `sample` random elements of each when sample > 0. Returns the number of
// entries with a nonzero finite difference.
static long check_grads_sampled(const char *what, IrModule *m, const FixtureBatch *fb, float **p,
                                int sample) {
    RtRng rng;
    rt_rng_seed(&rng, 2024);
    float **g = fixture_alloc_params(m, fb->dims, 0, 0);
    for (int i = 0; i < m->n_params; i++) {
        int64_t n = fixture_param_size(m, i, fb->dims);
        for (int64_t k = 0; k < n; k++)
            g[i][k] = 123.0f;  // must be overwritten, zeros included
    }
    float loss = -1;
    interp_run(m, HGNN_RUN_TRAIN, &fb->b, p, g, NULL, &loss);
    CHECK(fabs(loss - interp_loss(m, &fb->b, p)) < 1e-6);
    long nonzero = 0, bad = 0;
    for (int i = 0; i < m->n_params; i++) {
        int64_t n = fixture_param_size(m, i, fb->dims);
        for (int64_t s = 0; s < (sample > 0 ? sample : n); s++) {
            int64_t k = sample > 0 ? (int64_t)rt_rng_below(&rng, (uint64_t)n) : s;
            float v = p[i][k];
            float hi = v + (float)EPS, lo = v - (float)EPS;
            p[i][k] = hi;
            double lp = interp_loss(m, &fb->b, p);
            p[i][k] = lo;
            double lm = interp_loss(m, &fb->b, p);
            p[i][k] = v;
            double fd = (lp - lm) / ((double)hi - (double)lo), ad = g[i][k];
            double scale = fmax(fmax(fabs(fd), fabs(ad)), ATOL / RTOL);
            double err = fabs(ad - fd);
            if (err / scale > worst_rel)
                worst_rel = err / scale;
            n_checked++;
            nonzero += fabs(fd) > 1e-7;
            if (!(err <= ATOL + RTOL * fmax(fabs(fd), fabs(ad)))) {
                if (bad++ < 5)
                    fprintf(stderr, "%s: d/d %s[%lld]: autodiff %.8g, finite difference %.8g\n",
                            what, m->params[i].name, (long long)k, ad, fd);
                failures++;
            }
        }
    }
    fixture_free_params(m, g);
    return nonzero;
}

static long check_grads(const char *what, IrModule *m, const FixtureBatch *fb, float **p) {
    return check_grads_sampled(what, m, fb, p, 0);
}

// An op test: inputs from parameters (fixture_value), the op, a scalar loss
// sum_i <y_i, probe_i> with a random probe so every output entry matters, then pass_grad.
typedef struct OpCase {
    Arena arena;
    IrModule *m;
    FixtureBatch fb;
} OpCase;

static IrModule *op_begin(OpCase *c) {
    arena_init(&c->arena);
    c->m = ir_module_new(&c->arena, "grad_op");
    fixture_schema(c->m, 3);
    c->m->stage = IR_STAGE_HETERO;
    FixtureSizes s = fixture_sizes_small();
    fixture_batch(&c->fb, &s, 3, 5);
    return c->m;
}

// op_finish with parameters drawn from `seed`.
static void op_finish_seeded(OpCase *c, IrNode *y, const char *what, uint64_t seed);

static void op_finish(OpCase *c, IrNode *y, const char *what) {
    op_finish_seeded(c, y, what, 11);
}

// A parameter seed for a gat_agg case whose inputs are parameters 0-2 (hs, as, ad: tables over
// the graph's nodes, gathered by the batch's node ids) over edge type e: one where no edge's
// logit as_jh + ad_ih lies within 0.01 of leaky_relu's kink at 0, where central differences
// (eps 1e-3) would mix both slopes.
static uint64_t away_from_kink(OpCase *c, int e, int H) {
    const HgnnBatch *b = &c->fb.b;
    int ts = c->m->edge_types[e].src, td = c->m->edge_types[e].dst;
    int64_t nd = c->fb.dims[HGNN_DIM_N(c->m->n_node_types, td)];
    for (uint64_t seed = 11;; seed++) {
        float **p = fixture_alloc_params(c->m, c->fb.dims, 1.0f, seed);
        double closest = INFINITY;
        for (int64_t i = 0; i < nd; i++)
            for (int32_t k = b->edge_ptr[e][i]; k < b->edge_ptr[e][i + 1]; k++)
                for (int h = 0; h < H; h++) {
                    int64_t j = b->node_ids[ts][b->edge_src[e][k]], r = b->node_ids[td][i];
                    closest = fmin(closest, fabs((double)p[1][j * H + h] + p[2][r * H + h]));
                }
        fixture_free_params(c->m, p);
        if (closest > 0.01)
            return seed;
    }
}

static void op_finish_seeded(OpCase *c, IrNode *y, const char *what, uint64_t seed) {
    IrModule *m = c->m;
    if (y->type.rows.kind == DIM_CONST && y->type.rows.n == 1 && y->type.cols == 1 &&
        (y->op == IR_BCE_LOGITS || y->op == IR_ADD || y->op == IR_MSE)) {
        m->loss = y;
    } else {
        IrNode *probe = fixture_value(m, y->type.rows, y->type.cols);
        IrNode *d = ir_emit(m, IR_ROWDOT, here, y, probe, NULL);
        m->loss = ir_emit(m, IR_SUM_ROWS, here, d, NULL, NULL);
    }
    ir_verify(m);
    pass_grad(m);
    ir_verify(m);
    float **p = fixture_alloc_params(m, c->fb.dims, 1.0f, seed);
    long nonzero = check_grads(what, m, &c->fb, p);
    if (nonzero == 0) {
        fprintf(stderr, "%s: every gradient is zero, the check proves nothing\n", what);
        failures++;
    }
    fixture_free_params(m, p);
    fixture_batch_free(&c->fb);
    arena_free(&c->arena);
}

static void test_ops(void) {
    OpCase c;
    IrModule *m;
    IrDim nu = {DIM_NODES, 0}, nm = {DIM_NODES, 1}, lab = {DIM_LABELS, 0};
    IrDim c1 = {DIM_CONST, 1}, c2 = {DIM_CONST, 2}, c3 = {DIM_CONST, 3}, c4 = {DIM_CONST, 4};

    m = op_begin(&c);
    op_finish(&c, ir_emit_matmul(m, here, fixture_value(m, nm, 3), 0, fixture_value(m, c3, 4), 0),
              "matmul");
    m = op_begin(&c);
    op_finish(&c, ir_emit_matmul(m, here, fixture_value(m, nm, 3), 0, fixture_value(m, c4, 3), 1),
              "matmul tb");
    m = op_begin(&c);
    op_finish(&c, ir_emit_matmul(m, here, fixture_value(m, nm, 3), 1, fixture_value(m, nm, 2), 0),
              "matmul ta");
    m = op_begin(&c);
    op_finish(&c, ir_emit_matmul(m, here, fixture_value(m, c4, 3), 1, fixture_value(m, c2, 4), 1),
              "matmul ta tb");

    static const IrOp binary[] = {IR_ADD,          IR_SUB,       IR_MUL,   IR_RELU_GRAD,
                                  IR_SIGMOID_GRAD, IR_TANH_GRAD, IR_ROWDOT};
    for (int k = 0; k < 7; k++) {
        m = op_begin(&c);
        IrNode *a = fixture_value(m, nu, 3);
        IrNode *b = fixture_value(m, nu, 3);
        op_finish(&c, ir_emit(m, binary[k], here, a, b, NULL), ir_op_name(binary[k]));
    }
    m = op_begin(&c);
    op_finish(&c, ir_emit_scale(m, here, fixture_value(m, nu, 3), -0.7f), "scale");
    m = op_begin(&c);
    op_finish(&c, ir_emit(m, IR_RELU, here, fixture_value(m, nu, 3), NULL, NULL), "relu");
    static const IrOp sloped[] = {IR_LEAKY_RELU, IR_LEAKY_RELU_GRAD, IR_ELU, IR_ELU_GRAD};
    for (int k = 0; k < 4; k++)
        for (int w = 1; w <= 4; w += 3) {
            m = op_begin(&c);
            IrNode *a = fixture_value(m, nu, w);
            IrNode *y = k % 2 ? ir_emit(m, sloped[k], here, a, fixture_value(m, nu, w), NULL)
                              : ir_emit(m, sloped[k], here, a, NULL, NULL);
            y->f = w == 1 ? 0.2f : 1.3f;
            char what[48];
            snprintf(what, sizeof what, "%s width %d", ir_op_name(sloped[k]), w);
            op_finish(&c, y, what);
        }
    // gelu_grad has no derivative in x (second order), so gelu_grad is checked through gelu.
    // normalize_grad likewise, through normalize (row-wise: each output mixes its row).
    static const IrOp smooth[] = {IR_SIGMOID, IR_TANH, IR_GELU, IR_NORMALIZE};
    for (int k = 0; k < 4; k++)
        for (int w = 1; w <= 5; w += 2) {
            m = op_begin(&c);
            char what[32];
            snprintf(what, sizeof what, "%s width %d", ir_op_name(smooth[k]), w);
            op_finish(&c, ir_emit(m, smooth[k], here, fixture_value(m, nm, w), NULL, NULL), what);
        }
    // layer_norm at widths 2, 3, 5 (width 1 is constant 0), checked with its gradient through it;
    // scale_cols by a row vector
    for (int w = 2; w <= 5; w += w == 2 ? 1 : 2) {
        m = op_begin(&c);
        char what[48];
        snprintf(what, sizeof what, "layer_norm width %d", w);
        op_finish(&c, ir_emit(m, IR_LAYER_NORM, here, fixture_value(m, nm, w), NULL, NULL), what);
    }
    m = op_begin(&c);
    op_finish(&c, ir_emit(m, IR_SCALE_COLS, here, fixture_value(m, nm, 3), fixture_value(m, c1, 3),
                          NULL),
              "scale_cols");
    // maximum (to_hetero's aggr=max): random operands, no ties
    for (int w = 1; w <= 4; w += 3) {
        m = op_begin(&c);
        IrNode *a = fixture_value(m, nu, w), *b = fixture_value(m, nu, w);
        char what[48];
        snprintf(what, sizeof what, "maximum width %d", w);
        op_finish(&c, ir_emit(m, IR_MAXIMUM, here, a, b, NULL), what);
    }
    // dropout in training mode (interp_loss is the training loss): the mask is fixed by the
    // batch's seed, so the function is linear and its gradient the same mask on dy
    for (int w = 1; w <= 5; w += 2) {
        m = op_begin(&c);
        IrNode *y = ir_emit(m, IR_DROPOUT, here, fixture_value(m, nm, w), NULL, NULL);
        y->f = w == 1 ? 0.3f : 0.5f;
        y->k = w;
        char what[48];
        snprintf(what, sizeof what, "dropout width %d", w);
        op_finish(&c, y, what);
    }
    // concat at widths (1, 1), (1, 4), (3, 2); slices at each end and inside, of width 1 and 2
    for (int w = 1; w <= 3; w++) {
        m = op_begin(&c);
        int64_t wa = w == 3 ? 3 : 1, wb = w == 1 ? 1 : w == 2 ? 4 : 2;
        IrNode *a = fixture_value(m, nm, wa), *b = fixture_value(m, nm, wb);
        char what[48];
        snprintf(what, sizeof what, "concat widths %lld, %lld", (long long)wa, (long long)wb);
        op_finish(&c, ir_emit(m, IR_CONCAT, here, a, b, NULL), what);
    }
    for (int k = 0; k <= 3; k++)
        for (int w = 1; w <= 2 && k + w <= 4; w++) {
            m = op_begin(&c);
            char what[48];
            snprintf(what, sizeof what, "slice [%d:%d] of 4", k, k + w);
            op_finish(&c, ir_emit_slice(m, here, fixture_value(m, lab, 4), k, w), what);
        }
    m = op_begin(&c);
    op_finish(&c, ir_emit(m, IR_SUM_ROWS, here, fixture_value(m, nm, 3), NULL, NULL),
              "sum_rows");
    m = op_begin(&c);
    {
        IrNode *a = fixture_value(m, nm, 3);
        op_finish(&c, ir_emit(m, IR_BIAS_ADD, here, a, fixture_value(m, c1, 3), NULL),
                  "bias_add");
    }
    m = op_begin(&c);
    {
        IrNode *a = fixture_value(m, nm, 3);
        op_finish(&c, ir_emit(m, IR_MUL_COL, here, a, fixture_value(m, nm, 1), NULL), "mul_col");
    }
    m = op_begin(&c);
    {
        // gather of a parameter table (embedding) and of an intermediate by label ids
        IrNode *t = fixture_value(m, (IrDim){DIM_GRAPH, 1}, 2);
        IrNode *x = ir_emit(m, IR_GATHER, here, t, ir_emit_leaf(m, IR_NODE_IDS, 1, here), NULL);
        IrNode *r = ir_emit(m, IR_RELU, here, x, NULL, NULL);
        op_finish(&c, ir_emit(m, IR_GATHER, here, r, ir_emit_leaf(m, IR_LABEL_DST, -1, here),
                              NULL),
                  "gather");
    }
    m = op_begin(&c);
    {
        IrNode *s = fixture_value(m, lab, 2);
        op_finish(&c, ir_emit_scatter(m, here, s, ir_emit_leaf(m, IR_LABEL_DST, -1, here), nm),
                  "scatter_add");
    }
    static const IrOp aggs[] = {IR_AGG_SUM,   IR_AGG_MEAN,   IR_AGG_MAX,  IR_AGG_WSUM,
                                IR_AGG_SUM_T, IR_AGG_MEAN_T, IR_AGG_WSUM_T};
    for (int k = 0; k < 7; k++)
        for (int e = 0; e < 2; e++)
            for (int w = 1; w <= (aggs[k] == IR_AGG_WSUM || aggs[k] == IR_AGG_WSUM_T ? 5 : 3);
                 w += 2) {
                m = op_begin(&c);
                bool transposed = aggs[k] == IR_AGG_SUM_T || aggs[k] == IR_AGG_MEAN_T ||
                                  aggs[k] == IR_AGG_WSUM_T;
                int t = transposed ? m->edge_types[e].dst : m->edge_types[e].src;
                IrNode *x = fixture_value(m, (IrDim){DIM_NODES, t}, w == 1 ? 3 : w);
                IrNode *y = transposed ? ir_emit_agg(m, aggs[k], e, here, NULL, NULL, x)
                                       : ir_emit_agg(m, aggs[k], e, here, x, NULL, NULL);
                char what[80];
                snprintf(what, sizeof what, "%s on %s width %d", ir_op_name(aggs[k]),
                         m->edge_types[e].name, w == 1 ? 3 : w);
                op_finish(&c, y, what);
            }
    // bpr and pair_sum on labels laid out as the triplet loader makes them: P = 3 positives,
    // then 5 negatives (the last two pair with positives 0 and 1 again), at several widths of
    // the embeddings the scores come from.
    for (int w = 1; w <= 5; w += 2) {
        m = op_begin(&c);
        for (int64_t i = 0; i < 8; i++)
            c.fb.labels[i] = i < 3;
        IrNode *u = fixture_value(m, lab, w), *v = fixture_value(m, lab, w);
        IrNode *x = ir_emit(m, IR_ROWDOT, here, u, v, NULL);
        IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
        IrNode *r = ir_emit(m, IR_MUL_COL, here, ir_emit(m, IR_ROWDOT, here, u, u, NULL), y, NULL);
        IrNode *l = ir_emit(m, IR_ADD, here, ir_emit(m, IR_BPR, here, x, y, NULL),
                            ir_emit_scale(m, here, ir_emit(m, IR_PAIR_SUM, here, r, y, NULL),
                                          0.3f),
                            NULL);
        char what[32];
        snprintf(what, sizeof what, "bpr + pair_sum width %d", w);
        op_finish(&c, l, what);
    }
    // GATConv's ops at several head counts and widths per head: the per-head dot product (in x
    // and in the attention vector), the mean over heads, and gat_agg in all three inputs, with
    // and without attention dropout (the mask is a function of the batch seed, the same in
    // every evaluation, so finite differences see the dropped-out loss).
    static const int heads[] = {1, 2, 3}, per_head[] = {1, 2, 3};
    for (int k = 0; k < 3; k++)
        for (int w = 0; w < 3; w++) {
            int H = heads[k], HC = H * per_head[w];
            char what[80];
            m = op_begin(&c);
            snprintf(what, sizeof what, "head_dot heads %d width %d", H, HC);
            op_finish(&c, ir_emit_head(m, IR_HEAD_DOT, here, fixture_value(m, nm, HC),
                                       fixture_value(m, c1, HC), H),
                      what);
            m = op_begin(&c);
            snprintf(what, sizeof what, "head_mean heads %d width %d", H, HC);
            op_finish(&c, ir_emit_head(m, IR_HEAD_MEAN, here, fixture_value(m, nu, HC), NULL, H),
                      what);
            for (int e = 0; e < 2; e++)
                for (int drop = 0; drop <= 1; drop++) {
                    m = op_begin(&c);
                    c.fb.b.seed = 0x5eed0000u + (uint64_t)(k * 7 + w);
                    const IrEdgeType *et = &m->edge_types[e];
                    IrDim src = {DIM_NODES, et->src}, dst = {DIM_NODES, et->dst};
                    IrNode attr = {.heads = H, .f = 0.2f + 0.05f * (float)w,
                                   .p = drop ? 0.3f : 0, .salt = 1 + k};
                    IrNode *hs = fixture_value(m, src, HC);
                    IrNode *as = fixture_value(m, src, H), *ad = fixture_value(m, dst, H);
                    snprintf(what, sizeof what, "gat_agg on %s heads %d width %d dropout %g",
                             et->name, H, HC, (double)attr.p);
                    IrNode *y = ir_emit_gat(m, IR_GAT_AGG, &attr, e, here, hs, as, ad, NULL);
                    op_finish_seeded(&c, y, what, away_from_kink(&c, e, H));
                }
        }
    m = op_begin(&c);
    {
        IrNode *x = ir_emit_scale(m, here, fixture_value(m, lab, 1), 3.0f);
        op_finish(&c, ir_emit(m, IR_BCE_LOGITS, here, x, ir_emit_leaf(m, IR_LABELS, -1, here),
                              NULL),
                  "bce_logits");
    }
    m = op_begin(&c);
    {
        // Rating-like labels, so that x - y is not small: the gradient's factor 2 shows.
        for (int64_t i = 0; i < c.fb.dims[HGNN_DIM_L(m->n_node_types, m->n_edge_types)]; i++)
            c.fb.labels[i] = 0.5f + 0.5f * (float)(i % 10);
        IrNode *x = ir_emit_scale(m, here, fixture_value(m, lab, 1), 3.0f);
        op_finish(&c, ir_emit(m, IR_MSE, here, x, ir_emit_leaf(m, IR_LABELS, -1, here), NULL),
                  "mse");
    }
}

// A parameter the loss does not read gets an exact zero gradient, and fan-out sums.
static void test_unused_and_fanout(void) {
    OpCase c;
    IrModule *m = op_begin(&c);
    IrNode *a = fixture_value(m, (IrDim){DIM_NODES, 0}, 3);
    fixture_value(m, (IrDim){DIM_CONST, 2}, 2);  // never used
    IrNode *y = ir_emit(m, IR_MUL, here, a, a, NULL);
    y = ir_emit(m, IR_ADD, here, y, ir_emit(m, IR_RELU, here, a, NULL, NULL), NULL);
    m->loss = ir_emit(m, IR_SUM_ROWS, here, ir_emit(m, IR_ROWDOT, here, y, a, NULL), NULL, NULL);
    pass_grad(m);
    ir_verify(m);
    CHECK(m->params[1].grad && m->params[1].grad->op == IR_ZEROS);
    float **p = fixture_alloc_params(m, c.fb.dims, 1.0f, 2);
    float **g = fixture_alloc_params(m, c.fb.dims, 1.0f, 3);  // garbage to be overwritten
    interp_run(m, HGNN_RUN_TRAIN, &c.fb.b, p, g, NULL, NULL);
    for (int k = 0; k < 4; k++)
        CHECK(g[1][k] == 0);
    fixture_free_params(m, g);
    CHECK(check_grads("fan-out", m, &c.fb, p) > 0);
    fixture_free_params(m, p);
    fixture_batch_free(&c.fb);
    arena_free(&c.arena);
}

// An op without a derivative on the loss's path leaves the parameter without a gradient, and
// ir_verify rejects the module (checked in a forked child).
static void no_derivative(void) {
    OpCase c;
    IrModule *m = op_begin(&c);
    IrNode *x = fixture_value(m, (IrDim){DIM_LABELS, 0}, 1);
    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
    IrNode *d = ir_emit(m, IR_BCE_GRAD, here, x, y, ir_emit_leaf(m, IR_ONE, -1, here));
    m->loss = ir_emit(m, IR_SUM_ROWS, here, d, NULL, NULL);
    pass_grad(m);
    ir_verify(m);
}

static void test_no_derivative(void) {
    char buf[2048] = {0};
    int st = run_capturing_stderr(no_derivative, buf, sizeof buf);
    CHECK(st != -1);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    CHECK(strstr(buf, "internal error at ir.c:") && strstr(buf, "'in0' has no gradient"));
}

// The whole model, all parameters, for each aggregation.
static void test_model(void) {
    static const IrOp aggs[3] = {IR_AGG_MEAN, IR_AGG_SUM, IR_AGG_MAX};
    for (int k = 0; k < 3; k++) {
        Arena a;
        arena_init(&a);
        IrModule *m = fixture_movielens(&a, 4, 3, aggs[k]);
        pass_grad(m);
        ir_verify(m);
        CHECK(m->stage == IR_STAGE_GRAD);
        FixtureBatch fb;
        FixtureSizes s = fixture_sizes_small();
        fixture_batch(&fb, &s, 3, 1234 + (uint64_t)k);
        float **p = fixture_alloc_params(m, fb.dims, 0.5f, 77 + (uint64_t)k);
        char what[64];
        snprintf(what, sizeof what, "movielens model (%s)", ir_op_name(aggs[k]));
        check_grads(what, m, &fb, p);

        // Every parameter gets a nonzero gradient; embedding rows outside the batch get 0.
        float **g = fixture_alloc_params(m, fb.dims, 0, 0);
        interp_run(m, HGNN_RUN_TRAIN, &fb.b, p, g, NULL, NULL);
        for (int i = 0; i < m->n_params; i++) {
            int64_t n = fixture_param_size(m, i, fb.dims), nz = 0;
            for (int64_t j = 0; j < n; j++)
                nz += g[i][j] != 0;
            if (nz == 0)
                fprintf(stderr, "%s: gradient of %s is all zero\n", what, m->params[i].name);
            CHECK(nz > 0);
        }
        for (int t = 0; t < 2; t++) {
            int emb = t == 0 ? 0 : 3;  // user_emb.weight, movie_emb.weight
            CHECK(m->params[emb].rows.kind == DIM_GRAPH && m->params[emb].rows.n == t);
            for (int64_t r = 0; r < fb.dims[HGNN_DIM_V(t)]; r++) {
                int in_batch = 0;
                for (int64_t i = 0; i < fb.dims[HGNN_DIM_N(2, t)]; i++)
                    in_batch |= fb.node_ids[t][i] == r;
                for (int j = 0; j < 4; j++)
                    if (!in_batch)
                        CHECK(g[emb][r * 4 + j] == 0);
            }
        }
        fixture_free_params(m, g);
        fixture_free_params(m, p);
        fixture_batch_free(&fb);
        arena_free(&a);
    }
}

// A .hgnn file through the real front end (parse, check, lower, to_hetero), then pass_grad, on a
// random batch of the model's own schema (V = 7, N = 5, E = 12 per type, L = 8): 6 random
// entries of every parameter.
static void test_front_model(const char *path) {
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_front_end_file(&a, path);
    if (!m) {
        arena_free(&a);
        return;
    }
    ir_verify(m);
    pass_grad(m);
    ir_verify(m);
    FixtureBatch fb;
    FixtureSizes s = fixture_sizes_uniform(7, 5, 12, 8);
    fixture_batch_module(&fb, m, &s, 31);
    // Small values keep 64-wide layers away from saturating the logits.
    float **p = fixture_alloc_params(m, fb.dims, 0.3f, 8);
    long nz = check_grads_sampled(path, m, &fb, p, 6);
    CHECK(nz > m->n_params);
    fixture_free_params(m, p);
    fixture_batch_free(&fb);
    arena_free(&a);
}

int main(int argc, char **argv) {
    test_ops();
    test_unused_and_fanout();
    test_no_derivative();
    test_model();
    for (int i = 1; i < argc; i++)
        test_front_model(argv[i]);
    printf("test_grad: %d front-end model(s) checked\n", argc - 1);
    printf("test_grad: %ld entries checked, worst relative error %.3g (eps %g, rtol %g, atol %g)\n",
           n_checked, worst_rel, EPS, RTOL, ATOL);
    return check_done("test_grad");
}
