// test_codegen.c — compiled code against the reference interpreter. Every op (forward ops and
// the adjoint ops autodiff emits) is compiled alone with the JIT at widths 64, 20 and 7 and run on
// random batches, including one with no labels and an edge type without edges; then the whole
// movielens fixture, forward and (after pass_grad) train mode, and any further .hgnn files given
// (through the front end). The JIT and the .so made by codegen_shared_object must agree bit for
// bit.
//
// Tolerance: the interpreter computes in double, compiled code in float (double for the loss), so
// |got - want| <= 1e-4 * (1 + |want|) per element, for inputs of magnitude <= 1.
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "codegen.h"
#include "front_fixture.h"
#include "interp.h"
#include "ir.h"
#include "ir_fixture.h"
#include "jit.h"
#include "pass_grad.h"


static const Loc here = {"test_codegen.c", 0, 0};
static const double TOL = 1e-4;

static const HgnnHost host = {fixture_sgemm, 1, NULL, NULL};

static int64_t rows_of(const IrModule *m, IrDim d, const int64_t *dims) {
    return d.kind == DIM_CONST ? d.n : dims[ir_dim_index(m, d)];
}

// A workspace filled with NaN (a kernel reading what nobody wrote shows up in its output), with
// a guard zone after it that must stay untouched.
enum { GUARD = 64 };
static float *workspace_new(const HgnnModel *md, const int64_t *dims, int64_t *n) {
    *n = md->workspace_floats(dims);
    CHECK(*n >= 0);
    float *ws = malloc((size_t)(*n + GUARD) * sizeof *ws);
    for (int64_t i = 0; i < *n + GUARD; i++)
        ws[i] = NAN;
    return ws;
}

static int guard_intact(const float *ws, int64_t n) {
    for (int i = 0; i < GUARD; i++)
        if (!isnan(ws[n + i]))
            return 0;
    return 1;
}

static int close_enough(double got, double want) {
    return fabs(got - want) <= TOL * (1 + fabs(want));
}

// Compiles m with scores = n, runs it forward and compares with interp_value(n).
static void check_op(const char *what, IrModule *m, IrNode *n, const FixtureBatch *fb,
                     float **params) {
    m->scores = n;
    m->loss = NULL;
    char err[512] = "";
    const HgnnModel *md = jit_module(m, 2, err, sizeof err);
    if (!md) {
        fprintf(stderr, "%s: %s\n", what, err);
        CHECK(md != NULL);
        return;
    }
    int64_t rows;
    double *want = interp_value(m, HGNN_RUN_FORWARD, &fb->b, params, n, &rows);
    CHECK(rows == rows_of(m, n->type.rows, fb->dims));
    int64_t size = rows * n->type.cols, nws;
    float *got = malloc((size_t)(size + 1) * sizeof *got);
    for (int64_t i = 0; i <= size; i++)
        got[i] = NAN;
    float *ws = workspace_new(md, fb->dims, &nws);
    float loss = 0;
    md->run(HGNN_RUN_FORWARD, &fb->b, params, NULL, ws, &host, got, &loss);
    int bad = 0;
    for (int64_t i = 0; i < size; i++)
        if (!close_enough(got[i], want[i])) {
            if (bad++ < 3)
                fprintf(stderr, "%s: element %lld: got %.9g, want %.9g\n", what, (long long)i,
                        got[i], want[i]);
        }
    CHECK(bad == 0);
    CHECK(isnan(got[size]));  // nothing written past the value
    CHECK(guard_intact(ws, nws));
    free(ws);
    free(got);
    free(want);
}

// Every op at width c on one batch shape. Operands come from fixture_value (random parameters,
// gathered to batch rows), so each module needs only its own parameters.
static void check_ops(int64_t c, const FixtureSizes *sz, uint64_t seed) {
    const int feat = 5;
    FixtureBatch fb;
    fixture_batch(&fb, sz, feat, seed);
    float *labels = malloc((size_t)(sz->labels ? sz->labels : 1) * sizeof *labels);
    memcpy(labels, fb.labels, (size_t)(sz->labels ? sz->labels : 1) * sizeof *labels);
    IrDim nu = {DIM_NODES, 0}, nm = {DIM_NODES, 1}, lab = {DIM_LABELS, 0}, one = {DIM_CONST, 1};
    IrDim cd = {DIM_CONST, c}, d5 = {DIM_CONST, 5};
    char what[96];
    for (int op = 0; op < IR_OP_COUNT; op++) {
        // Each op may need several variants (edge types, transposes).
        for (int v = 0; v < 8; v++) {
            Arena a;
            arena_init(&a);
            IrModule *m = ir_module_new(&a, "op");
            fixture_schema(m, feat);
            m->stage = IR_STAGE_HETERO;
            IrNode *n = NULL;
            IrNode *xm = fixture_value(m, nm, c), *ym = fixture_value(m, nm, c);
            switch ((IrOp)op) {
            case IR_ZEROS:
                if (v == 0)
                    n = ir_emit_zeros(m, (IrType){DT_F32, nm, c}, here);
                break;
            case IR_ONE:
                if (v == 0)
                    n = ir_emit(m, IR_ONE, here, NULL, NULL, NULL);
                break;
            case IR_FEATURES:  // gathered, as models read features
                if (v == 0)
                    n = ir_emit(m, IR_GATHER, here, ir_emit_leaf(m, IR_FEATURES, 1, here),
                                ir_emit_leaf(m, IR_NODE_IDS, 1, here), NULL);
                break;
            case IR_MATMUL:
                if (v == 0)
                    n = ir_emit_matmul(m, here, xm, 0, fixture_value(m, cd, 5), 0);
                else if (v == 1)
                    n = ir_emit_matmul(m, here, xm, 0, fixture_value(m, d5, c), 1);
                else if (v == 2)
                    n = ir_emit_matmul(m, here, xm, 1, ym, 0);
                else if (v == 3)
                    n = ir_emit_matmul(m, here, fixture_value(m, cd, 5), 1,
                                       fixture_value(m, d5, c), 1);
                else if (v == 4)  // 64 columns: codegen's own gemm kernels, not sgemm
                    n = ir_emit_matmul(m, here, xm, 0, fixture_value(m, cd, 64), 0);
                else if (v == 5)
                    n = ir_emit_matmul(m, here, xm, 0, fixture_value(m, (IrDim){DIM_CONST, 32}, c),
                                       1);
                else if (v == 6)  // x^T z, 20 columns: at c = 16, 64 run as (z^T x)^T
                    n = ir_emit_matmul(m, here, xm, 1, fixture_value(m, nm, 20), 0);
                else {            // the same, a second one accumulating onto it (a fused add)
                    IrNode *z = fixture_value(m, nm, 20);
                    n = ir_emit(m, IR_ADD, here, ir_emit_matmul(m, here, xm, 1, z, 0),
                                ir_emit_matmul(m, here, ym, 1, z, 0), NULL);
                }
                break;
            case IR_ADD: case IR_SUB: case IR_MUL: case IR_RELU_GRAD: case IR_ROWDOT:
                if (v == 0)
                    n = ir_emit(m, (IrOp)op, here, xm, ym, NULL);
                if (v == 1 && op == IR_ADD) {
                    // relu(x) + y W1 + x W2, summed in two adds: both fuse, one into the other
                    IrNode *w1 = fixture_value(m, cd, c), *w2 = fixture_value(m, cd, c);
                    IrNode *p1 = ir_emit(m, IR_RELU, here, xm, NULL, NULL);
                    IrNode *q1 = ir_emit_matmul(m, here, ym, 0, w1, 1);
                    IrNode *s1 = ir_emit(m, IR_ADD, here, p1, q1, NULL);
                    n = ir_emit(m, IR_ADD, here, s1, ir_emit_matmul(m, here, xm, 0, w2, 0), NULL);
                }
                if (v == 2 && op == IR_ADD) {
                    // the same with a bias: bias_add(x W1, b) + y W2 + relu(x)
                    IrNode *w1 = fixture_value(m, cd, c), *w2 = fixture_value(m, cd, c);
                    IrNode *bias = fixture_value(m, one, c);
                    IrNode *q1 = ir_emit_matmul(m, here, xm, 0, w1, 1);
                    IrNode *b1 = ir_emit(m, IR_BIAS_ADD, here, q1, bias, NULL);
                    IrNode *q2 = ir_emit_matmul(m, here, ym, 0, w2, 0);
                    IrNode *s1 = ir_emit(m, IR_ADD, here, b1, q2, NULL);
                    n = ir_emit(m, IR_ADD, here, ir_emit(m, IR_RELU, here, xm, NULL, NULL), s1,
                                NULL);
                }
                break;
            case IR_SCALE:
                if (v == 0)
                    n = ir_emit_scale(m, here, xm, -0.37f);
                break;
            case IR_RELU: case IR_SUM_ROWS:
                if (v == 0)
                    n = ir_emit(m, (IrOp)op, here, xm, NULL, NULL);
                break;
            case IR_SIGMOID: case IR_TANH: case IR_GELU:  // v 1: |x| up to ~40, the tails
                if (v < 2)
                    n = ir_emit(m, (IrOp)op, here, v ? ir_emit_scale(m, here, xm, 30.0f) : xm,
                                NULL, NULL);
                break;
            case IR_LEAKY_RELU: case IR_ELU:  // v 1: the defaults, v 2: a slope above 1
                if (v < 3) {
                    n = ir_emit(m, (IrOp)op, here, v == 2 ? ir_emit_scale(m, here, xm, 8.0f) : xm,
                                NULL, NULL);
                    n->f = v == 0 ? 0.2f : v == 1 ? (op == IR_ELU ? 1.0f : 0.01f) : 1.7f;
                }
                break;
            case IR_GELU_GRAD:
                if (v < 2)
                    n = ir_emit(m, IR_GELU_GRAD, here,
                                v ? ir_emit_scale(m, here, xm, 6.0f) : xm, ym, NULL);
                break;
            case IR_NORMALIZE: case IR_NORMALIZE_GRAD:  // v 1: zero rows, the eps branch
                if (v < 2) {
                    IrNode *x = v ? ir_emit_scale(m, here, xm, 0.0f) : xm;
                    n = op == IR_NORMALIZE ? ir_emit(m, IR_NORMALIZE, here, x, NULL, NULL)
                                           : ir_emit(m, IR_NORMALIZE_GRAD, here, x, ym, NULL);
                }
                break;
            case IR_LEAKY_RELU_GRAD: case IR_ELU_GRAD:
                if (v < 2) {
                    n = ir_emit(m, (IrOp)op, here, xm, ym, NULL);
                    n->f = v ? -0.5f : 0.3f;
                }
                break;
            case IR_SIGMOID_GRAD: case IR_TANH_GRAD:  // y = f(x), as pass_grad emits them
                if (v == 0)
                    n = ir_emit(m, (IrOp)op, here,
                                ir_emit(m, op == IR_TANH_GRAD ? IR_TANH : IR_SIGMOID, here, xm,
                                        NULL, NULL),
                                ym, NULL);
                break;
            case IR_CONCAT:  // v 1: a one-column left part; v 2: labels' rows
                if (v == 0)
                    n = ir_emit(m, IR_CONCAT, here, xm, ym, NULL);
                else if (v == 1)
                    n = ir_emit(m, IR_CONCAT, here, fixture_value(m, nm, 1), ym, NULL);
                else if (v == 2)
                    n = ir_emit(m, IR_CONCAT, here, fixture_value(m, lab, c),
                                fixture_value(m, lab, 3), NULL);
                break;
            case IR_SLICE:  // the first column, the middle, the last columns
                if (v == 0)
                    n = ir_emit_slice(m, here, xm, 0, 1);
                else if (v == 1 && c > 2)
                    n = ir_emit_slice(m, here, xm, 1, c - 2);
                else if (v == 2)
                    n = ir_emit_slice(m, here, ir_emit(m, IR_CONCAT, here, xm, ym, NULL), c / 2,
                                      c + c / 2);
                break;
            case IR_LAYER_NORM: case IR_LAYER_NORM_GRAD:  // v 1: constant rows (var 0)
                if (v < 2) {
                    IrNode *x = v ? ir_emit(m, IR_BIAS_ADD, here, ir_emit_scale(m, here, xm, 0.0f),
                                            fixture_value(m, one, c), NULL)
                                  : xm;
                    n = op == IR_LAYER_NORM ? ir_emit(m, IR_LAYER_NORM, here, x, NULL, NULL)
                                            : ir_emit(m, IR_LAYER_NORM_GRAD, here, x, ym, NULL);
                }
                break;
            case IR_MAXIMUM:  // v 1: ties (equal operands) take the first
                if (v == 0)
                    n = ir_emit(m, IR_MAXIMUM, here, xm, ym, NULL);
                else if (v == 1)
                    n = ir_emit(m, IR_MAXIMUM, here, xm, xm, NULL);
                break;
            case IR_MAXIMUM_GRAD:  // v 1: ties route dy to the first operand
                if (v == 0)
                    n = ir_emit(m, IR_MAXIMUM_GRAD, here, xm, ym, fixture_value(m, nm, c));
                else if (v == 1)
                    n = ir_emit(m, IR_MAXIMUM_GRAD, here, xm, xm, ym);
                break;
            case IR_SCALE_COLS:
                if (v == 0)
                    n = ir_emit(m, IR_SCALE_COLS, here, xm, fixture_value(m, one, c), NULL);
                break;
            case IR_DROPOUT:  // forward mode: the identity (check_dropout runs training)
                if (v == 0) {
                    n = ir_emit(m, IR_DROPOUT, here, xm, NULL, NULL);
                    n->f = 0.5f;
                }
                break;
            case IR_BIAS_ADD:
                if (v == 0)
                    n = ir_emit(m, IR_BIAS_ADD, here, xm, fixture_value(m, one, c), NULL);
                break;
            case IR_MUL_COL:
                if (v == 0)
                    n = ir_emit(m, IR_MUL_COL, here, xm, fixture_value(m, nm, 1), NULL);
                break;
            case IR_GATHER:
                if (v == 0)
                    n = ir_emit(m, IR_GATHER, here, xm, ir_emit_leaf(m, IR_LABEL_DST, -1, here),
                                NULL);
                break;
            case IR_SCATTER_ADD:
                if (v == 0)
                    n = ir_emit_scatter(m, here, xm, ir_emit_leaf(m, IR_NODE_IDS, 1, here),
                                        (IrDim){DIM_GRAPH, 1});
                else if (v == 1)  // repeated indices accumulate
                    n = ir_emit_scatter(m, here, fixture_value(m, lab, c),
                                        ir_emit_leaf(m, IR_LABEL_DST, -1, here), nm);
                break;
            case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX:
                if (v < 2)
                    n = ir_emit_agg(m, (IrOp)op, v, here, fixture_value(m, v ? nm : nu, c), NULL,
                                    NULL);
                break;
            case IR_AGG_WSUM:  // the batch's edge weights
                if (v < 2)
                    n = ir_emit_agg(m, IR_AGG_WSUM, v, here, fixture_value(m, v ? nm : nu, c),
                                    NULL, NULL);
                break;
            case IR_AGG_WSUM_T:
                if (v < 2)
                    n = ir_emit_agg(m, IR_AGG_WSUM_T, v, here, NULL, NULL,
                                    fixture_value(m, v ? nu : nm, c));
                break;
            case IR_BPR: case IR_BPR_GRAD: case IR_PAIR_SUM: case IR_PAIR_SUM_GRAD:
                // v 0: the batch's random labels (often no leading positive: no pairs, all 0);
                // v 1: 3 leading positives and the rest negatives, as the triplet loader lays
                // them out; v 2: one positive, every negative paired with it.
                if (v < 3) {
                    for (int64_t i = 0; v > 0 && i < sz->labels; i++)
                        fb.labels[i] = i < (v == 1 ? 3 : 1);
                    IrNode *x = ir_emit_scale(m, here, fixture_value(m, lab, 1), 4.0f);
                    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
                    IrNode *dl = fixture_value(m, one, 1);
                    n = op == IR_BPR_GRAD        ? ir_emit(m, IR_BPR_GRAD, here, x, y, dl)
                        : op == IR_PAIR_SUM_GRAD ? ir_emit(m, IR_PAIR_SUM_GRAD, here, y, dl, NULL)
                                                 : ir_emit(m, (IrOp)op, here, x, y, NULL);
                }
                break;
            case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
                if (v < 2)
                    n = ir_emit_agg(m, (IrOp)op, v, here, NULL, NULL,
                                    fixture_value(m, v ? nu : nm, c));
                break;
            case IR_AGG_MAX_GRAD:
                if (v < 2) {
                    IrNode *x = fixture_value(m, v ? nm : nu, c);
                    IrNode *out = ir_emit_agg(m, IR_AGG_MAX, v, here, x, NULL, NULL);
                    n = ir_emit_agg(m, IR_AGG_MAX_GRAD, v, here, x, out,
                                    fixture_value(m, v ? nu : nm, c));
                }
                break;
            case IR_BCE_LOGITS: case IR_BCE_GRAD:
                if (v == 0) {
                    IrNode *x = ir_emit_scale(m, here, fixture_value(m, lab, 1), 4.0f);
                    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
                    n = op == IR_BCE_LOGITS
                            ? ir_emit(m, IR_BCE_LOGITS, here, x, y, NULL)
                            : ir_emit(m, IR_BCE_GRAD, here, x, y, fixture_value(m, one, 1));
                }
                break;
            case IR_MSE: case IR_MSE_GRAD:
                if (v == 0) {
                    IrNode *x = ir_emit_scale(m, here, fixture_value(m, lab, 1), 4.0f);
                    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
                    n = op == IR_MSE
                            ? ir_emit(m, IR_MSE, here, x, y, NULL)
                            : ir_emit(m, IR_MSE_GRAD, here, x, y, fixture_value(m, one, 1));
                }
                break;
            default:  // leaves are exercised as operands above
                break;
            }
            if (n) {
                float **params = fixture_alloc_params(m, fb.dims, 1.0f, seed + 17);
                snprintf(what, sizeof what, "%s variant %d, width %lld, labels %lld",
                         ir_op_name((IrOp)op), v, (long long)c, (long long)sz->labels);
                check_op(what, m, n, &fb, params);
                fixture_free_params(m, params);
            }
            memcpy(fb.labels, labels, (size_t)(sz->labels ? sz->labels : 1) * sizeof *labels);
            arena_free(&a);
        }
    }
    free(labels);
    fixture_batch_free(&fb);
}

typedef struct Outputs {
    float *scores, loss;
    float **grads;
} Outputs;

static void run_model(const HgnnModel *md, const IrModule *m, int mode, const FixtureBatch *fb,
                      float **params, Outputs *o) {
    o->scores = calloc((size_t)fb->dims[HGNN_DIM_L(2, 2)] + 1, sizeof(float));
    o->grads = mode == HGNN_RUN_TRAIN ? fixture_alloc_params(m, fb->dims, 0, 0) : NULL;
    if (o->grads)  // dirty gradient buffers: run must overwrite every element
        for (int i = 0; i < m->n_params; i++)
            for (int64_t k = 0; k < fixture_param_size(m, i, fb->dims); k++)
                o->grads[i][k] = NAN;
    int64_t nws;
    float *ws = workspace_new(md, fb->dims, &nws);
    md->run(mode, &fb->b, params, o->grads, ws, &host, o->scores, &o->loss);
    CHECK(guard_intact(ws, nws));
    free(ws);
}

static void outputs_free(const IrModule *m, Outputs *o) {
    free(o->scores);
    if (o->grads)
        fixture_free_params(m, o->grads);
}

static double grads_err(const IrModule *m, const int64_t *dims, float **got, float **want) {
    double e = 0;
    for (int i = 0; i < m->n_params; i++) {
        double d = fixture_max_err(got[i], want[i], fixture_param_size(m, i, dims));
        if (!(d <= e))
            e = d;
    }
    return e;
}

// HGNN_RUN_TRAIN_SPARSE (and _COMPACT) against HGNN_RUN_TRAIN: the embeddings (and only they)
// are flagged HGNN_PARAM_SPARSE_GRAD; their gradients are the same bits on the batch's rows (at
// the node ids, or compact: row r for node_ids[r]) and untouched elsewhere, every other output is
// the same bits.
static void check_sparse(const HgnnModel *md, const IrModule *m, const FixtureBatch *fb,
                         float **params, int32_t mode, int want_sparse) {
    const float sentinel = 12345.0f;
    Outputs d;
    run_model(md, m, HGNN_RUN_TRAIN, fb, params, &d);
    float **g = fixture_alloc_params(m, fb->dims, 0, 0);
    for (int i = 0; i < m->n_params; i++)
        for (int64_t k = 0; k < fixture_param_size(m, i, fb->dims); k++)
            g[i][k] = sentinel;
    float *scores = calloc((size_t)fb->dims[HGNN_DIM_L(2, 2)] + 1, sizeof(float)), loss;
    int64_t nws;
    float *ws = workspace_new(md, fb->dims, &nws);
    md->run(mode, &fb->b, params, g, ws, &host, scores, &loss);
    CHECK(guard_intact(ws, nws));
    CHECK(memcmp(&loss, &d.loss, sizeof loss) == 0);
    CHECK(memcmp(scores, d.scores, (size_t)fb->dims[HGNN_DIM_L(2, 2)] * sizeof(float)) == 0);
    int n_sparse = 0;
    for (int i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &md->params[i];
        int64_t size = fixture_param_size(m, i, fb->dims);
        CHECK(!(p->flags & HGNN_PARAM_SPARSE_GRAD) == (p->rows_dim < 0));
        if (!(p->flags & HGNN_PARAM_SPARSE_GRAD)) {
            CHECK(memcmp(g[i], d.grads[i], (size_t)size * sizeof(float)) == 0);
            continue;
        }
        n_sparse++;
        int t = p->rows_dim;
        int64_t c = p->cols, V = fb->dims[HGNN_DIM_V(t)], n = fb->dims[HGNN_DIM_N(2, t)];
        // want[r]: the dense gradient's row that row r of g holds, or -1 (untouched).
        int64_t *want = malloc((size_t)V * sizeof *want);
        for (int64_t r = 0; r < V; r++)
            want[r] = -1;
        for (int64_t r = 0; r < n; r++) {
            int64_t id = fb->b.node_ids[t][r];
            want[mode == HGNN_RUN_TRAIN_COMPACT ? r : id] = id;
        }
        int64_t bad = 0;
        for (int64_t r = 0; r < V; r++)
            for (int64_t j = 0; j < c; j++) {
                float got = g[i][r * c + j];
                bad += want[r] >= 0 ? memcmp(&got, &d.grads[i][want[r] * c + j], sizeof got) != 0
                                    : got != sentinel;
            }
        if (bad)
            fprintf(stderr, "mode %d, %s: %lld gradient values differ from HGNN_RUN_TRAIN's\n",
                    (int)mode, p->name, (long long)bad);
        CHECK(bad == 0);
        free(want);
    }
    CHECK(n_sparse == want_sparse);
    free(ws);
    free(scores);
    fixture_free_params(m, g);
    outputs_free(m, &d);
}

// Same bits from two compilations of the same IR (JIT and .so) in both modes.
static void check_same(const IrModule *m, const FixtureBatch *fb, float **params,
                       const HgnnModel *x, const HgnnModel *y) {
    int64_t L = fb->dims[HGNN_DIM_L(2, 2)];
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        Outputs a, b;
        run_model(x, m, mode, fb, params, &a);
        run_model(y, m, mode, fb, params, &b);
        CHECK(memcmp(a.scores, b.scores, (size_t)L * sizeof(float)) == 0);
        CHECK(memcmp(&a.loss, &b.loss, sizeof(float)) == 0);
        for (int i = 0; mode == HGNN_RUN_TRAIN && i < m->n_params; i++)
            CHECK(memcmp(a.grads[i], b.grads[i],
                         (size_t)fixture_param_size(m, i, fb->dims) * sizeof(float)) == 0);
        outputs_free(m, &a);
        outputs_free(m, &b);
    }
}

// Two movie embeddings summed: their gradients are one adjoint, which HGNN_RUN_TRAIN_COMPACT
// computes in the first one's buffer and copies into the second's; both modes against
// HGNN_RUN_TRAIN.
static void check_twin(void) {
    const int feat = 20;
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_movielens_twin(&a, 64, feat, IR_AGG_MEAN, true);
    pass_grad(m);
    ir_verify(m);
    FixtureSizes sz = {{40, 90}, {23, 57}, {150, 120}, 48};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, feat, 9);
    float **params = fixture_alloc_params(m, fb.dims, 0.5f, 4);
    char err[512] = "";
    const HgnnModel *md = jit_module(m, 3, err, sizeof err);
    if (!md)
        fprintf(stderr, "jit: %s\n", err);
    CHECK(md != NULL);
    if (md) {
        check_sparse(md, m, &fb, params, HGNN_RUN_TRAIN_SPARSE, 3);
        check_sparse(md, m, &fb, params, HGNN_RUN_TRAIN_COMPACT, 3);
    }
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

// The whole movielens fixture after autodiff, compiled once by the JIT and once into a .so:
// forward and train mode against the interpreter, then JIT against .so.
static void check_model(IrOp agg, int hidden, int seeds) {
    const int feat = 20;
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_movielens(&a, hidden, feat, agg);
    pass_grad(m);
    ir_verify(m);
    FixtureSizes sz = {{40, 90}, {23, 57}, {150, 120}, 48};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, feat, 7);
    if (seeds) {
        // Labels only among the first few nodes, as the sampler's seeds come first: the last
        // layer and its adjoint then run on a row prefix (codegen's extents).
        for (int64_t i = 0; i < sz.labels; i++) {
            fb.label_src[i] %= 5;
            fb.label_dst[i] = (fb.label_dst[i] % 9) + (i == 0 ? 2 : 0);
        }
    }
    float **params = fixture_alloc_params(m, fb.dims, 0.5f, 3);
    char err[512] = "";
    const HgnnModel *md = jit_module(m, 3, err, sizeof err);
    if (!md)
        fprintf(stderr, "jit: %s\n", err);
    CHECK(md != NULL);
    if (!md)
        goto out;
    CHECK(md->magic == HGNN_MAGIC && md->abi_version == HGNN_ABI_VERSION);
    CHECK(md->n_params == m->n_params && md->n_node_types == 2 && md->n_edge_types == 2);
    CHECK(strcmp(md->params[0].name, m->params[0].name) == 0);
    CHECK(md->params[0].rows_dim == HGNN_DIM_V(0) && md->params[0].cols == hidden);
    CHECK(strcmp(md->edge_types[1].name, "movie__rev_rates__user") == 0);
    CHECK(md->edge_types[1].reverse_of == 0 && md->node_types[1].feat_width == feat);

    int64_t L = sz.labels;
    float *want_scores = calloc((size_t)L, sizeof(float));
    float want_loss = 0;
    float **want_grads = fixture_alloc_params(m, fb.dims, 0, 0);
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        interp_run(m, mode, &fb.b, params, mode ? want_grads : NULL, want_scores, &want_loss);
        Outputs o;
        run_model(md, m, mode, &fb, params, &o);
        double es = fixture_max_err(o.scores, want_scores, L),
               el = fixture_max_err(&o.loss, &want_loss, 1);
        double eg = mode ? grads_err(m, fb.dims, o.grads, want_grads) : 0;
        printf("movielens fixture (%s, hidden %d%s) %s: max rel error scores %.2e, loss %.2e, "
               "grads %.2e\n", ir_op_name(agg), hidden, seeds ? ", labels on a prefix" : "",
               mode ? "train" : "forward", es, el, eg);
        CHECK(es <= TOL && el <= TOL && eg <= TOL);
        outputs_free(m, &o);
    }

    check_sparse(md, m, &fb, params, HGNN_RUN_TRAIN_SPARSE, 2);
    check_sparse(md, m, &fb, params, HGNN_RUN_TRAIN_COMPACT, 2);

    // The .so path: same object code, so the same bits.
    char dir[] = "/tmp/test_codegen.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/model.so", dir);
    CHECK(codegen_shared_object(m, &(CodegenOptions){3, 0, HGNN_PRECISION_FP32}, path, err,
                                sizeof err) == 0);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    CHECK(h != NULL);
    if (h) {
        HgnnEntryFn entry;
        void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
        memcpy(&entry, &sym, sizeof entry);
        CHECK(entry != NULL);
        const HgnnModel *so = entry ? entry() : NULL;
        CHECK(so && so->magic == HGNN_MAGIC && so->n_params == m->n_params);
        if (so)
            check_same(m, &fb, params, md, so);
        dlclose(h);
    }
    unlink(path);
    rmdir(dir);
    free(want_scores);
    fixture_free_params(m, want_grads);
out:
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

static bool has_dropout(const IrModule *m) {
    for (const IrNode *x = m->head; x; x = x->next)
        if (x->op == IR_GAT_AGG && x->p > 0)
            return true;
    return false;
}

// Attention dropout (gat): identity in forward mode, so the scores do not depend on the batch
// seed; in training a different seed drops other edges, so the loss changes (and each seed's
// loss and gradients matched the interpreter's above).
static void check_attention_dropout(const HgnnModel *md, const IrModule *m, FixtureBatch *fb,
                          float **params, const char *path) {
    int64_t L = fb->dims[HGNN_DIM_L(2, 2)];
    uint64_t seed = fb->b.seed;
    Outputs f1, f2, t1, t2;
    run_model(md, m, HGNN_RUN_FORWARD, fb, params, &f1);
    run_model(md, m, HGNN_RUN_TRAIN, fb, params, &t1);
    fb->b.seed = seed + 1;
    run_model(md, m, HGNN_RUN_FORWARD, fb, params, &f2);
    run_model(md, m, HGNN_RUN_TRAIN, fb, params, &t2);
    fb->b.seed = seed;
    float want_loss = 0;
    interp_run(m, HGNN_RUN_FORWARD, &fb->b, params, NULL, NULL, &want_loss);
    printf("%s dropout: forward loss %.6g, %.6g under two seeds (interpreter %.6g), train loss "
           "%.6g and %.6g\n", path, f1.loss, f2.loss, want_loss, t1.loss, t2.loss);
    CHECK(memcmp(f1.scores, f2.scores, (size_t)L * sizeof(float)) == 0);
    CHECK(f1.loss == f2.loss && t1.loss != t2.loss && t1.loss != f1.loss);
    outputs_free(m, &f1);
    outputs_free(m, &f2);
    outputs_free(m, &t1);
    outputs_free(m, &t2);
}

// A .hgnn file through the real front end and pass_grad, compiled by the JIT and run forward and
// in train mode on a random batch of its own schema (V = 9, N = 7, E = 15 per type, L = 10),
// against the interpreter: layers that only the front end builds (graph_conv) meet codegen here.
static void check_front(const char *path) {
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_front_end_file(&a, path);
    if (!m) {
        arena_free(&a);
        return;
    }
    pass_grad(m);
    ir_verify(m);
    FixtureBatch fb;
    FixtureSizes sz = fixture_sizes_uniform(9, 7, 15, 10);
    fixture_batch_module(&fb, m, &sz, 41);
    fb.b.seed = 0x6a7d0e5eedull;  // attention dropout's stream (gat); the interpreter's too
    float **params = fixture_alloc_params(m, fb.dims, 0.5f, 5);
    char err[512] = "";
    const HgnnModel *md = jit_module(m, 3, err, sizeof err);
    if (!md)
        fprintf(stderr, "jit %s: %s\n", path, err);
    CHECK(md != NULL);
    int64_t L = sz.labels;
    float *want_scores = calloc((size_t)L, sizeof(float)), want_loss = 0;
    float **want_grads = fixture_alloc_params(m, fb.dims, 0, 0);
    for (int mode = HGNN_RUN_FORWARD; md && mode <= HGNN_RUN_TRAIN; mode++) {
        interp_run(m, mode, &fb.b, params, mode ? want_grads : NULL, want_scores, &want_loss);
        Outputs o;
        run_model(md, m, mode, &fb, params, &o);
        double es = fixture_max_err(o.scores, want_scores, L),
               el = fixture_max_err(&o.loss, &want_loss, 1);
        double eg = mode ? grads_err(m, fb.dims, o.grads, want_grads) : 0;
        printf("%s %s: max rel error scores %.2e, loss %.2e, grads %.2e\n", path,
               mode ? "train" : "forward", es, el, eg);
        CHECK(es <= TOL && el <= TOL && eg <= TOL);
        outputs_free(m, &o);
    }
    if (md && has_dropout(m))
        check_attention_dropout(md, m, &fb, params, path);
    free(want_scores);
    fixture_free_params(m, want_grads);
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

// hgnn_jit_compile on the real model: the whole pipeline, data widths adopted, errors reported.
static void check_source(const char *path) {
    char err[512] = "";
    const HgnnModel *md = hgnn_jit_compile(path, NULL, 0, NULL, 0, HGNN_PRECISION_FP32, err,
                                           sizeof err);
    if (!md)
        fprintf(stderr, "%s\n", err);
    CHECK(md != NULL);
    if (!md)
        return;
    CHECK(md->magic == HGNN_MAGIC && md->n_node_types == 2 && md->n_edge_types == 2);
    CHECK(md->n_params == 16);  // movie_lin (2), two embeddings, 2 layers x 2 edge types x 3
    CHECK(strcmp(md->params[0].name, "movie_lin.weight") == 0 && md->params[0].cols == 20);
    CHECK(md->node_types[1].feat_width == 20 && md->defaults.epochs == 5);
    CHECK(md->defaults.batch_size == 128 && md->defaults.fanout[0] == 20);

    err[0] = 0;
    CHECK(hgnn_jit_compile("/nonexistent/model.hgnn", NULL, 0, NULL, 0, HGNN_PRECISION_FP32, err,
                           sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/model.hgnn") != NULL);

    // A model whose linear layer takes its input width from the data.
    const char *lazy = "model lazy\nnode user\nnode movie { x: 20 }\n"
                       "edge rates: user -> movie reverse rev_rates\n"
                       "lin = linear(-1, 16)\nue = embedding(user, 16)\n"
                       "input user = ue(user.node_id)\ninput movie = lin(movie.x)\n"
                       "gnn = to_hetero(aggr=sum) {\n  c1 = sage(16, 16, aggr=mean)\n"
                       "  return c1(x)\n}\nclassifier dot(rates)\nloss bce_with_logits\n";
    char lz[] = "/tmp/test_codegen_lazy.XXXXXX";
    int lfd = mkstemp(lz);
    CHECK(lfd >= 0);
    if (lfd >= 0) {
        CHECK(write(lfd, lazy, strlen(lazy)) == (ssize_t)strlen(lazy));
        close(lfd);
        HgnnNodeType data[2] = {{"movie", 19}, {"user", 0}};
        const HgnnModel *m19 = hgnn_jit_compile(lz, data, 2, NULL, 0, HGNN_PRECISION_FP32, err,
                                                sizeof err);
        if (!m19)
            fprintf(stderr, "%s\n", err);
        CHECK(m19 != NULL);
        if (m19) {
            CHECK(m19->node_types[1].feat_width == 19);
            CHECK(strcmp(m19->params[0].name, "lin.weight") == 0 && m19->params[0].cols == 19);
            CHECK(fabsf(m19->params[0].init_a - 1 / sqrtf(19)) < 1e-6f);
        }
        unlink(lz);
    }

    char bad[] = "/tmp/test_codegen_bad.XXXXXX";
    int fd = mkstemp(bad);
    CHECK(fd >= 0);
    if (fd >= 0) {
        const char *src = "model broken\nnode user\nedge rates: user -> nowhere\n";
        CHECK(write(fd, src, strlen(src)) == (ssize_t)strlen(src));
        close(fd);
        err[0] = 0;
        CHECK(hgnn_jit_compile(bad, NULL, 0, NULL, 0, HGNN_PRECISION_FP32, err, sizeof err) ==
              NULL);
        CHECK(strstr(err, bad) != NULL && strstr(err, "error") != NULL);
        unlink(bad);
    }
}

// dropout in training mode: scores = rowdot(dropout(x W) , y) over label rows and gradients,
// compiled against the interpreter (same mask from the batch's seed), serially and sliced
// (the mask is by global row, not by slice); the fraction dropped is near p, kept elements are
// x / (1 - p); another seed gives another mask; forward mode is the identity.
static void check_dropout(int64_t c, float p) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "dropout");
    fixture_schema(m, 5);
    m->stage = IR_STAGE_HETERO;
    IrDim lab = {DIM_LABELS, 0};
    FixtureSizes sz = {{40, 70}, {17, 33}, {90, 50}, 300};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, 5, 77);
    IrNode *x = fixture_value(m, lab, c);
    IrNode *d = ir_emit(m, IR_DROPOUT, here, x, NULL, NULL);
    d->f = p;
    d->k = 3;
    m->scores = ir_emit(m, IR_ROWDOT, here, d, fixture_value(m, lab, c), NULL);
    m->loss = ir_emit(m, IR_BCE_LOGITS, here, m->scores, ir_emit_leaf(m, IR_LABELS, -1, here),
                      NULL);
    pass_grad(m);
    ir_verify(m);
    char err[512] = "";
    const HgnnModel *md = jit_module(m, 2, err, sizeof err);
    if (!md)
        fprintf(stderr, "dropout: %s\n", err);
    CHECK(md != NULL);
    float **params = fixture_alloc_params(m, fb.dims, 1.0f, 9);
    int64_t L = sz.labels;
    float *want = calloc((size_t)L, sizeof *want), want_loss;
    float **want_g = fixture_alloc_params(m, fb.dims, 0, 0);
    const HgnnHost sliced = {fixture_sgemm, 4, fixture_sliced_for, NULL};
    for (int mode = HGNN_RUN_FORWARD; md && mode <= HGNN_RUN_TRAIN; mode++) {
        interp_run(m, mode, &fb.b, params, mode ? want_g : NULL, want, &want_loss);
        for (int h = 0; h < 2; h++) {
            Outputs o;
            o.scores = calloc((size_t)L + 1, sizeof(float));
            o.grads = mode ? fixture_alloc_params(m, fb.dims, 0, 0) : NULL;
            int64_t nws;
            float *ws = workspace_new(md, fb.dims, &nws);
            md->run(mode, &fb.b, params, o.grads, ws, h ? &sliced : &host, o.scores, &o.loss);
            double es = fixture_max_err(o.scores, want, L), el = fixture_max_err(&o.loss,
                                                                                  &want_loss, 1);
            double eg = mode ? grads_err(m, fb.dims, o.grads, want_g) : 0;
            if (!(es <= TOL && el <= TOL && eg <= TOL))
                fprintf(stderr, "dropout width %lld p %g mode %d host %d: scores %g loss %g "
                                "grads %g\n", (long long)c, p, mode, h, es, el, eg);
            CHECK(es <= TOL && el <= TOL && eg <= TOL);
            free(ws);
            outputs_free(m, &o);
        }
    }
    // The mask itself, from the interpreter (the oracle the kernels matched above).
    double *xv = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, x, NULL);
    double *yv = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, d, NULL);
    for (int64_t i = 0; i < L * c; i++)
        CHECK(yv[i] == xv[i]);  // forward mode: the identity
    free(yv);
    fixture_free_params(m, want_g);
    free(want);
    free(xv);
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

// The training mask's statistics, through the interpreter (the oracle check_dropout matched):
// with x and the probe all ones, score_i = rowdot(dropout(x), probe)_i = kept_i / (1 - p), so
// each score times 1 - p is a count and their sum is the kept fraction; another batch seed
// gives another mask.
static void check_dropout_rate(float p) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "rate");
    fixture_schema(m, 5);
    m->stage = IR_STAGE_HETERO;
    IrDim lab = {DIM_LABELS, 0};
    FixtureSizes sz = {{40, 70}, {17, 33}, {90, 50}, 4000};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, 5, 5);
    const int64_t c = 16, L = sz.labels;
    IrNode *d = ir_emit(m, IR_DROPOUT, here, fixture_value(m, lab, c), NULL, NULL);
    d->f = p;
    m->scores = ir_emit(m, IR_ROWDOT, here, d, fixture_value(m, lab, c), NULL);
    m->loss = ir_emit(m, IR_BCE_LOGITS, here, m->scores, ir_emit_leaf(m, IR_LABELS, -1, here),
                      NULL);
    pass_grad(m);
    float **params = fixture_alloc_params(m, fb.dims, 1.0f, 3);
    float **g = fixture_alloc_params(m, fb.dims, 0, 0);
    for (int i = 0; i < m->n_params; i++)
        for (int64_t k = 0; k < fixture_param_size(m, i, fb.dims); k++)
            params[i][k] = 1.0f;
    float *s1 = calloc((size_t)L, sizeof *s1), *s2 = calloc((size_t)L, sizeof *s2), loss;
    interp_run(m, HGNN_RUN_TRAIN, &fb.b, params, g, s1, &loss);
    double kept = 0;
    int counts = 1;
    for (int64_t i = 0; i < L; i++) {
        double k = s1[i] * (1 - (double)p);
        counts &= fabs(k - round(k)) < 1e-3 && k >= -1e-3 && k <= c + 1e-3;
        kept += k;
    }
    CHECK(counts);
    double dropped = 1 - kept / (double)(L * c), sd = sqrt(p * (1 - p) / (double)(L * c));
    printf("dropout p %g: dropped %.4f of %lld elements\n", p, dropped, (long long)(L * c));
    CHECK(fabs(dropped - p) <= 5 * sd + 1e-12);
    fb.b.seed ^= 1;
    interp_run(m, HGNN_RUN_TRAIN, &fb.b, params, g, s2, &loss);
    if (p > 0)
        CHECK(memcmp(s1, s2, (size_t)L * sizeof *s1) != 0);
    free(s1);
    free(s2);
    fixture_free_params(m, g);
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_codegen models/movielens.hgnn [MODEL.hgnn...]\n");
        return 2;
    }
    // Before check_source, whose broken model leaves the front end's error count nonzero.
    for (int i = 2; i < argc; i++)
        check_front(argv[i]);
    check_source(argv[1]);
    const int64_t widths[] = {64, 20, 7};
    for (int i = 0; i < 3; i++)
        check_dropout(widths[i], i == 0 ? 0.5f : i == 1 ? 0.1f : 0.9f);
    check_dropout_rate(0.0f);
    check_dropout_rate(0.3f);
    check_dropout_rate(0.5f);
    FixtureSizes full = {{40, 70}, {17, 33}, {90, 50}, 24};
    FixtureSizes sparse = {{10, 12}, {3, 6}, {0, 9}, 0};  // no rates edges, no labels
    for (int i = 0; i < 3; i++)
        check_ops(widths[i], &full, 100 + (uint64_t)i);
    check_ops(64, &sparse, 200);
    // More rows than one 256-row chunk of the generated a^T b kernel.
    FixtureSizes big = {{400, 900}, {300, 600}, {2000, 1500}, 200};
    check_ops(16, &big, 300);
    check_twin();
    for (int seeds = 0; seeds <= 1; seeds++) {
        check_model(IR_AGG_MEAN, 64, seeds);
        check_model(IR_AGG_SUM, 20, seeds);
        check_model(IR_AGG_MAX, 16, seeds);
    }
    return check_done("test_codegen");
}
