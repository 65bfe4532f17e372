// interp.c — reference interpreter: evaluates an IR module on one HgnnBatch with naive loops,
// every value held in double so it can serve as the oracle for generated code and for
// finite-difference gradient checks. Takes a module after to_hetero (or pass_grad), a batch and
// parameters; yields scores, loss and, in training mode, dense parameter gradients.
#include "interp.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass_plan.h"

static int precision = HGNN_PRECISION_FP32;    // interp_set_precision

void interp_set_precision(int p) { precision = p; }

// x as the generated code sees it (a float) rounded to bf16, to nearest even.
static double bf16(double x) {
    float f = (float)x;
    if (isnan(f))
        return f;
    uint32_t u;
    memcpy(&u, &f, 4);
    u = (u + 0x7fff + ((u >> 16) & 1)) & 0xffff0000u;
    memcpy(&f, &u, 4);
    return f;
}

// A broken batch or module is a caller bug: report it like RT_ASSERT and stop.
#define INTERP_ASSERT(cond)                                                                       \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fflush(stdout);                                                                       \
            fprintf(stderr, "hgnn: internal error at interp.c:%d: %s\n", __LINE__, #cond);        \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

typedef struct Slot {
    const IrNode *node;
    int pos;
} Slot;

typedef struct Interp {
    const IrModule *m;
    const HgnnBatch *b;
    int mode;               // HGNN_RUN_FORWARD or HGNN_RUN_TRAIN (dropout and attention
                            // dropout drop)
    float *const *params;
    int count;
    const IrNode **order;   // nodes by position
    Slot *sorted;           // (node, position) sorted by address, to find operands
    double **val;           // value of each node once evaluated
    int64_t *rows;          // its row count
} Interp;

static int slot_cmp(const void *x, const void *y) {
    const IrNode *a = ((const Slot *)x)->node, *b = ((const Slot *)y)->node;
    return a < b ? -1 : a > b;
}

static int pos_of(const Interp *in, const IrNode *n) {
    Slot key = {n, 0};
    const Slot *s = bsearch(&key, in->sorted, (size_t)in->count, sizeof key, slot_cmp);
    INTERP_ASSERT(s);
    return s->pos;
}

static int64_t dim_value(const Interp *in, IrDim d) {
    if (d.kind == DIM_CONST)
        return d.n;
    int k = ir_dim_index(in->m, d);
    INTERP_ASSERT(k >= 0 && k < HGNN_NUM_DIMS(in->m->n_node_types, in->m->n_edge_types));
    INTERP_ASSERT(in->b->dims[k] >= 0);
    return in->b->dims[k];
}

static void setup(Interp *in, const IrModule *m, const HgnnBatch *b, float *const *params) {
    memset(in, 0, sizeof *in);
    in->m = m;
    in->b = b;
    in->params = params;
    for (const IrNode *n = m->head; n; n = n->next)
        in->count++;
    size_t c = (size_t)(in->count ? in->count : 1);
    in->order = calloc(c, sizeof *in->order);
    in->sorted = calloc(c, sizeof *in->sorted);
    in->val = calloc(c, sizeof *in->val);
    in->rows = calloc(c, sizeof *in->rows);
    INTERP_ASSERT(in->order && in->sorted && in->val && in->rows);
    int i = 0;
    for (const IrNode *n = m->head; n; n = n->next, i++) {
        in->order[i] = n;
        in->sorted[i] = (Slot){n, i};
    }
    qsort(in->sorted, (size_t)in->count, sizeof *in->sorted, slot_cmp);
}

static void teardown(Interp *in) {
    for (int i = 0; i < in->count; i++)
        free(in->val[i]);
    free(in->order);
    free(in->sorted);
    free(in->val);
    free(in->rows);
}

// Operand k of node n: its values and row count.
static const double *arg(const Interp *in, const IrNode *n, int k, int64_t *rows) {
    int p = pos_of(in, n->in[k]);
    INTERP_ASSERT(in->val[p]);
    if (rows)
        *rows = in->rows[p];
    return in->val[p];
}

static int64_t index_at(const double *idx, int64_t i, int64_t limit) {
    int64_t v = (int64_t)idx[i];
    INTERP_ASSERT(v >= 0 && v < limit);
    return v;
}

// The edges of type e with CSR offsets checked against the batch's row counts.
typedef struct Edges {
    const int32_t *src, *dst, *ptr;
    int64_t n_src, n_dst;
} Edges;

static Edges edges_of(const Interp *in, int e) {
    INTERP_ASSERT(e >= 0 && e < in->m->n_edge_types);
    const IrEdgeType *et = &in->m->edge_types[e];
    Edges g = {in->b->edge_src[e], in->b->edge_dst[e], in->b->edge_ptr[e],
               dim_value(in, (IrDim){DIM_NODES, et->src}),
               dim_value(in, (IrDim){DIM_NODES, et->dst})};
    int64_t ne = dim_value(in, (IrDim){DIM_EDGES, e});
    INTERP_ASSERT(g.ptr && g.ptr[0] == 0 && g.ptr[g.n_dst] == ne);
    INTERP_ASSERT(ne == 0 || (g.src && g.dst));
    for (int64_t i = 0; i < g.n_dst; i++) {
        INTERP_ASSERT(g.ptr[i] <= g.ptr[i + 1]);
        for (int64_t k = g.ptr[i]; k < g.ptr[i + 1]; k++)
            INTERP_ASSERT(g.dst[k] == i && g.src[k] >= 0 && g.src[k] < g.n_src);
    }
    return g;
}

// dropout's counter-based hash (ir_ops.h): splitmix64's finaliser and its increment.
#define GOLDEN 0x9E3779B97F4A7C15ull
static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Edge of dst i whose x[., c] is largest, the first one on ties; -1 when i has no edges.
static int64_t argmax_edge(const Edges *g, const double *x, int64_t cols, int64_t i, int64_t c) {
    int64_t best = -1;
    for (int64_t k = g->ptr[i]; k < g->ptr[i + 1]; k++)
        if (best < 0 || x[g->src[k] * cols + c] > x[g->src[best] * cols + c])
            best = k;
    return best;
}

// The edge weights of type e (lg_conv's normalisation), which a batch must carry for agg_wsum.
static const float *weights_of(const Interp *in, int e) {
    int64_t ne = dim_value(in, (IrDim){DIM_EDGES, e});
    INTERP_ASSERT(ne == 0 || in->b->edge_weight[e]);
    return in->b->edge_weight[e];
}

// BPR's pairs: P leading positives (y = 1), then n = L - P negatives; the negative at P + k
// pairs with the positive k mod P. Returns P and sets *np = n, 0 without positives (an
// evaluation batch may hold negatives only).
static int64_t leading_positives(const double *y, int64_t L, int64_t *np) {
    int64_t p = 0;
    while (p < L && y[p] > 0.5)
        p++;
    *np = p ? L - p : 0;
    return p;
}

// The dropout factor of edge k, head h of a GAT op: 0 or 1 / (1 - p), from a counter-based
// hash of (batch seed, layer, edge type, head, edge position) -> u uniform in [0, 1) on 24 bits,
// kept when u >= p (cg_attention.c: gat_keep builds the same). 1 outside training or for p = 0.
static double gat_keep(const Interp *in, const IrNode *n, int64_t k, int h) {
    if (in->mode != HGNN_RUN_TRAIN || n->p <= 0)
        return 1;
    uint64_t z = in->b->seed ^ ((uint64_t)(n->salt * 64 + n->etype) << 52) ^
                 ((uint64_t)h << 44) ^ (uint64_t)k;
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    double u = (double)(z >> 40) * 0x1p-24;
    return u >= (double)n->p ? 1 / (1 - (double)n->p) : 0;
}

// The attention logit of edge k (j -> i), head h: leaky_relu(as_jh + ad_ih).
static double gat_logit(const IrNode *n, const double *as, const double *ad, int64_t j, int64_t i,
                        int h) {
    double z = as[j * n->heads + h] + ad[i * n->heads + h];
    return z > 0 ? z : (double)n->f * z;
}

// GAT ops, by PyG's softmax (max subtracted, sum + 1e-16) over the edges into each destination:
// gat_agg and gat_alpha (the weights, negated where as_jh + ad_ih <= 0) from the scores;
// gat_agg_t (gat_agg's adjoint in hs) from the weights, gat_dalpha (in the weights) from hs and
// dy, and the adjoints in the scores (gat_grad_src / _dst) from both, as pass_grad.c derives.
static void eval_gat(Interp *in, const IrNode *n, double *o) {
    Edges g = edges_of(in, n->etype);
    int H = n->heads;
    const double *hs = NULL, *as = NULL, *ad = NULL, *dy = NULL, *al = NULL, *ga = NULL;
    int64_t HC = H;
    switch (n->op) {
    case IR_GAT_AGG:
        hs = arg(in, n, 0, NULL), as = arg(in, n, 1, NULL), ad = arg(in, n, 2, NULL);
        HC = n->in[0]->type.cols;
        break;
    case IR_GAT_ALPHA: as = arg(in, n, 0, NULL), ad = arg(in, n, 1, NULL); break;
    case IR_GAT_AGG_T:
        al = arg(in, n, 0, NULL), dy = arg(in, n, 1, NULL);
        HC = n->in[1]->type.cols;
        break;
    case IR_GAT_DALPHA:
        hs = arg(in, n, 0, NULL), dy = arg(in, n, 1, NULL);
        HC = n->in[0]->type.cols;
        break;
    default: al = arg(in, n, 0, NULL), ga = arg(in, n, 1, NULL); break;
    }
    int64_t C = HC / H;
    for (int64_t i = 0; i < g.n_dst; i++)
        for (int h = 0; h < H; h++) {
            int64_t lo = g.ptr[i], hi = g.ptr[i + 1];
            if (as) {
                double mx = -INFINITY, sum = 0;
                for (int64_t k = lo; k < hi; k++)
                    mx = fmax(mx, gat_logit(n, as, ad, g.src[k], i, h));
                for (int64_t k = lo; k < hi; k++)
                    sum += exp(gat_logit(n, as, ad, g.src[k], i, h) - mx);
                for (int64_t k = lo; k < hi; k++) {
                    int64_t j = g.src[k];
                    double alpha = exp(gat_logit(n, as, ad, j, i, h) - mx) / (sum + 1e-16);
                    if (n->op == IR_GAT_ALPHA) {
                        o[k * H + h] = as[j * H + h] + ad[i * H + h] > 0 ? alpha : -alpha;
                        continue;
                    }
                    double keep = gat_keep(in, n, k, h);
                    for (int64_t c = 0; c < C; c++)
                        o[i * HC + h * C + c] += alpha * keep * hs[j * HC + h * C + c];
                }
                continue;
            }
            // g_k = d loss / d alpha_k = keep_k <dy_i,h, hs_j,h>; cc = sum_k alpha_k g_k;
            // dz_k = alpha_k (g_k - cc) d_k
            double cc = 0;
            for (int64_t k = lo; k < hi && ga; k++)
                cc += fabs(al[k * H + h]) * ga[k * H + h];
            for (int64_t k = lo; k < hi; k++) {
                int64_t j = g.src[k];
                double keep = gat_keep(in, n, k, h);
                if (n->op == IR_GAT_AGG_T) {
                    double w = fabs(al[k * H + h]) * keep;
                    for (int64_t c = 0; c < C; c++)
                        o[j * HC + h * C + c] += w * dy[i * HC + h * C + c];
                } else if (n->op == IR_GAT_DALPHA) {
                    double dot = 0;
                    for (int64_t c = 0; c < C; c++)
                        dot += dy[i * HC + h * C + c] * hs[j * HC + h * C + c];
                    o[k * H + h] = keep * dot;
                } else {
                    double w = al[k * H + h];
                    double dz = fabs(w) * (ga[k * H + h] - cc) * (signbit(w) ? (double)n->f : 1);
                    if (n->op == IR_GAT_GRAD_SRC)
                        o[j * H + h] += dz;
                    else
                        o[i * H + h] += dz;
                }
            }
        }
}

// Computes node p from its operands' values (already evaluated: order is topological) into a
// fresh rows x cols array. Each case is the op's definition from ir_ops.h, written plainly.
static void eval_node(Interp *in, int p) {
    const IrNode *n = in->order[p];
    const HgnnBatch *b = in->b;
    int64_t R = dim_value(in, n->type.rows), C = n->type.cols;
    double *o = calloc((size_t)(R * C > 0 ? R * C : 1), sizeof *o);
    INTERP_ASSERT(o);
    int64_t ra = 0, rb = 0;
    const double *a = n->in[0] ? arg(in, n, 0, &ra) : NULL;
    const double *bb = n->in[1] ? arg(in, n, 1, &rb) : NULL;
    const double *c3 = n->in[2] ? arg(in, n, 2, NULL) : NULL;
    int64_t ac = n->in[0] ? n->in[0]->type.cols : 0;
    int64_t bc = n->in[1] ? n->in[1]->type.cols : 0;

    switch (n->op) {
    case IR_PARAM:
        INTERP_ASSERT(in->params && in->params[n->param]);
        for (int64_t i = 0; i < R * C; i++)
            o[i] = in->params[n->param][i];
        break;
    case IR_NODE_IDS:
        INTERP_ASSERT(R == 0 || b->node_ids[n->ntype]);
        for (int64_t i = 0; i < R; i++)
            o[i] = b->node_ids[n->ntype][i];
        break;
    case IR_FEATURES:
        INTERP_ASSERT(R * C == 0 || b->features[n->ntype]);
        for (int64_t i = 0; i < R * C; i++)
            o[i] = b->features[n->ntype][i];
        break;
    case IR_LABELS:
    case IR_LABEL_SRC:
    case IR_LABEL_DST:
        for (int64_t i = 0; i < R; i++)
            o[i] = n->op == IR_LABELS ? b->labels[i]
                   : n->op == IR_LABEL_SRC ? b->label_src[i] : b->label_dst[i];
        break;
    case IR_ZEROS:
        break;
    case IR_ONE:
        o[0] = 1;
        break;
    case IR_MATMUL: {
        // op(a) [R x K] . op(b) [K x C]
        int64_t K = n->ta ? ra : ac;
        bool bf = precision == HGNN_PRECISION_BF16 && plan_gemm(n, 0) != PLAN_GEMM_HOST;
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++) {
                double s = 0;
                for (int64_t k = 0; k < K; k++) {
                    double x = n->ta ? a[k * ac + i] : a[i * ac + k];
                    double y = n->tb ? bb[j * bc + k] : bb[k * bc + j];
                    s += bf ? bf16(x) * bf16(y) : x * y;
                }
                o[i * C + j] = s;
            }
        break;
    }
    case IR_ADD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] + bb[i];
        break;
    case IR_SUB:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] - bb[i];
        break;
    case IR_MUL:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] * bb[i];
        break;
    case IR_SCALE:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = (double)n->f * a[i];
        break;
    case IR_BIAS_ADD:
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = a[i * C + j] + bb[j];
        break;
    case IR_MUL_COL:
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = a[i * C + j] * bb[i];
        break;
    case IR_SUM_ROWS:
        for (int64_t i = 0; i < ra; i++)
            for (int64_t j = 0; j < C; j++)
                o[j] += a[i * C + j];
        break;
    case IR_ROWDOT:
        for (int64_t i = 0; i < R; i++) {
            double s = 0;
            for (int64_t j = 0; j < ac; j++)
                s += a[i * ac + j] * bb[i * ac + j];
            o[i] = s;
        }
        break;
    case IR_RELU:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? a[i] : 0;
        break;
    case IR_RELU_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? bb[i] : 0;
        break;
    case IR_SIGMOID:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = 1 / (1 + exp(-a[i]));
        break;
    case IR_SIGMOID_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = bb[i] * a[i] * (1 - a[i]);
        break;
    case IR_TANH:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = tanh(a[i]);
        break;
    case IR_TANH_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = bb[i] * (1 - a[i] * a[i]);
        break;
    case IR_LEAKY_RELU:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? a[i] : (double)n->f * a[i];
        break;
    case IR_LEAKY_RELU_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? bb[i] : (double)n->f * bb[i];
        break;
    case IR_ELU:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? a[i] : (double)n->f * expm1(a[i]);
        break;
    case IR_ELU_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] > 0 ? bb[i] : (double)n->f * exp(a[i]) * bb[i];
        break;
    case IR_GELU:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] * 0.5 * (1 + erf(a[i] * M_SQRT1_2));
        break;
    case IR_GELU_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = bb[i] * (0.5 * (1 + erf(a[i] * M_SQRT1_2)) +
                            a[i] * exp(-0.5 * a[i] * a[i]) * 0.5 * M_2_SQRTPI * M_SQRT1_2);
        break;
    case IR_NORMALIZE: case IR_NORMALIZE_GRAD:  // rows: bb is dy for the gradient
        for (int64_t i = 0; i < R; i++) {
            const double *x = a + i * C;
            double s = 0, dot = 0;
            for (int64_t j = 0; j < C; j++)
                s += x[j] * x[j];
            double nrm = sqrt(s), d = nrm > 1e-12 ? nrm : 1e-12;
            if (n->op == IR_NORMALIZE) {
                for (int64_t j = 0; j < C; j++)
                    o[i * C + j] = x[j] / d;
                continue;
            }
            const double *dy = bb + i * C;
            for (int64_t j = 0; j < C; j++)
                dot += x[j] * dy[j];
            double k = nrm > 1e-12 ? dot / s : 0;  // <y, dy> / |x|
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = (dy[j] - x[j] * k) / d;
        }
        break;
    case IR_DROPOUT: {
        if (in->mode != HGNN_RUN_TRAIN) {
            memcpy(o, a, (size_t)(R * C) * sizeof *o);
            break;
        }
        uint64_t key = mix((uint64_t)b->seed ^ mix(((uint64_t)n->k + 1) * GOLDEN));
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++) {
                uint64_t z = mix(key + ((uint64_t)(i * C + j) + 1) * GOLDEN);
                bool drop = (float)(z >> 40) * 0x1p-24f < n->f;
                o[i * C + j] = drop ? 0 : a[i * C + j] / (1 - (double)n->f);
            }
        break;
    }
    case IR_CONCAT:
        for (int64_t i = 0; i < R; i++) {
            memcpy(o + i * C, a + i * ac, (size_t)ac * sizeof *o);
            memcpy(o + i * C + ac, bb + i * bc, (size_t)bc * sizeof *o);
        }
        break;
    case IR_SLICE:
        for (int64_t i = 0; i < R; i++)
            memcpy(o + i * C, a + i * ac + n->k, (size_t)C * sizeof *o);
        break;
    case IR_LAYER_NORM: case IR_LAYER_NORM_GRAD:  // rows: bb is dy for the gradient
        for (int64_t i = 0; i < R; i++) {
            const double *x = a + i * C;
            double mu = 0, var = 0;
            for (int64_t j = 0; j < C; j++)
                mu += x[j];
            mu /= (double)C;
            for (int64_t j = 0; j < C; j++)
                var += (x[j] - mu) * (x[j] - mu);
            double s = sqrt(var / (double)C + 1e-5);
            if (n->op == IR_LAYER_NORM) {
                for (int64_t j = 0; j < C; j++)
                    o[i * C + j] = (x[j] - mu) / s;
                continue;
            }
            const double *dy = bb + i * C;
            double md = 0, mdy = 0;  // mean dy, mean(dy y)
            for (int64_t j = 0; j < C; j++) {
                md += dy[j];
                mdy += dy[j] * (x[j] - mu) / s;
            }
            md /= (double)C;
            mdy /= (double)C;
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = (dy[j] - md - (x[j] - mu) / s * mdy) / s;
        }
        break;
    case IR_MAXIMUM:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] >= bb[i] ? a[i] : bb[i];
        break;
    case IR_MAXIMUM_GRAD:
        for (int64_t i = 0; i < R * C; i++)
            o[i] = a[i] >= bb[i] ? c3[i] : 0;
        break;
    case IR_SCALE_COLS:
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = a[i * C + j] * bb[j];
        break;
    case IR_GATHER:
        for (int64_t i = 0; i < R; i++) {
            int64_t r = index_at(bb, i, ra);
            memcpy(o + i * C, a + r * C, (size_t)C * sizeof *o);
        }
        break;
    case IR_SCATTER_ADD:
        for (int64_t i = 0; i < ra; i++) {
            int64_t r = index_at(bb, i, R);
            for (int64_t j = 0; j < C; j++)
                o[r * C + j] += a[i * C + j];
        }
        break;
    case IR_AGG_SUM:
    case IR_AGG_MEAN: {
        Edges g = edges_of(in, n->etype);
        for (int64_t i = 0; i < R; i++) {
            int64_t deg = g.ptr[i + 1] - g.ptr[i];
            for (int64_t j = 0; j < C; j++) {
                double s = 0;
                for (int64_t k = g.ptr[i]; k < g.ptr[i + 1]; k++)
                    s += a[g.src[k] * C + j];
                o[i * C + j] = n->op == IR_AGG_MEAN && deg ? s / (double)deg : s;
            }
        }
        break;
    }
    case IR_AGG_WSUM: {
        Edges g = edges_of(in, n->etype);
        const float *w = weights_of(in, n->etype);
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++) {
                double s = 0;
                for (int64_t k = g.ptr[i]; k < g.ptr[i + 1]; k++)
                    s += (double)w[k] * a[g.src[k] * C + j];
                o[i * C + j] = s;
            }
        break;
    }
    case IR_AGG_WSUM_T: {  // out_j = sum over edges k = (j -> i) of w_k dy_i
        Edges g = edges_of(in, n->etype);
        const float *w = weights_of(in, n->etype);
        for (int64_t i = 0; i < ra; i++)
            for (int64_t k = g.ptr[i]; k < g.ptr[i + 1]; k++)
                for (int64_t j = 0; j < C; j++)
                    o[g.src[k] * C + j] += (double)w[k] * a[i * C + j];
        break;
    }
    case IR_AGG_MAX: {
        Edges g = edges_of(in, n->etype);
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++) {
                int64_t k = argmax_edge(&g, a, C, i, j);
                o[i * C + j] = k < 0 ? 0 : a[g.src[k] * C + j];
            }
        break;
    }
    case IR_AGG_SUM_T:
    case IR_AGG_MEAN_T: {
        // out_j = sum over edges (j -> i) of dy_i (/ deg(i) for the mean)
        Edges g = edges_of(in, n->etype);
        for (int64_t i = 0; i < ra; i++) {
            int64_t deg = g.ptr[i + 1] - g.ptr[i];
            for (int64_t k = g.ptr[i]; k < g.ptr[i + 1]; k++)
                for (int64_t j = 0; j < C; j++)
                    o[g.src[k] * C + j] +=
                        n->op == IR_AGG_MEAN_T ? a[i * C + j] / (double)deg : a[i * C + j];
        }
        break;
    }
    case IR_AGG_MAX_GRAD: {
        // dy_i goes to the source of the first edge attaining the max; the compiled kernel
        // finds it by comparing with `out`, the interpreter recomputes it from x (same edge).
        Edges g = edges_of(in, n->etype);
        for (int64_t i = 0; i < g.n_dst; i++)
            for (int64_t j = 0; j < C; j++) {
                int64_t k = argmax_edge(&g, a, C, i, j);
                if (k >= 0)
                    o[g.src[k] * C + j] += c3[i * C + j];
            }
        break;
    }
    case IR_HEAD_DOT:  // (x [R x HC], a [1 x HC]) -> [R x H]
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < ac; j++)
                o[i * C + j / (ac / C)] += a[i * ac + j] * bb[j];
        break;
    case IR_HEAD_MUL:  // (d [R x H], a [1 x HC]) -> [R x HC]
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = a[i * ac + j / (C / ac)] * bb[j];
        break;
    case IR_HEAD_OUTER:  // (x [N x HC], d [N x H]) -> [1 x HC]
        for (int64_t i = 0; i < ra; i++)
            for (int64_t j = 0; j < C; j++)
                o[j] += a[i * C + j] * bb[i * bc + j / (C / bc)];
        break;
    case IR_HEAD_MEAN:  // [R x HC] -> [R x C]
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < ac; j++)
                o[i * C + j % C] += a[i * ac + j] / n->heads;
        break;
    case IR_HEAD_MEAN_T:  // [R x C] -> [R x HC]
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                o[i * C + j] = a[i * ac + j % ac] / n->heads;
        break;
    case IR_GAT_AGG:
    case IR_GAT_ALPHA:
    case IR_GAT_AGG_T:
    case IR_GAT_DALPHA:
    case IR_GAT_GRAD_SRC:
    case IR_GAT_GRAD_DST:
        eval_gat(in, n, o);
        break;
    case IR_BCE_LOGITS: {
        // l(x, y) = max(x, 0) - x y + log(1 + exp(-|x|)), mean over labels (0 for no labels)
        double s = 0;
        for (int64_t i = 0; i < ra; i++) {
            double x = a[i], y = bb[i];
            s += (x > 0 ? x : 0) - x * y + log1p(exp(-fabs(x)));
        }
        o[0] = ra ? s / (double)ra : 0;
        break;
    }
    case IR_BCE_GRAD:
        for (int64_t i = 0; i < R; i++)
            o[i] = c3[0] * (1 / (1 + exp(-a[i])) - bb[i]) / (double)R;
        break;
    case IR_BPR:
    case IR_BPR_GRAD: {
        // softplus(d) = log(1 + exp(d)) = max(d, 0) + log1p(exp(-|d|)), d = x_neg - x_pos;
        // its derivative is sigmoid(d), + for the negative, - for the positive.
        int64_t np, P = leading_positives(bb, ra, &np);
        double s = 0, dl = n->op == IR_BPR_GRAD ? c3[0] : 0;
        for (int64_t k = 0; k < np; k++) {
            double d = a[P + k] - a[k % P];
            if (n->op == IR_BPR) {
                s += (d > 0 ? d : 0) + log1p(exp(-fabs(d)));
                continue;
            }
            double g = dl / (1 + exp(-d)) / (double)np;
            o[P + k] += g;
            o[k % P] -= g;
        }
        if (n->op == IR_BPR)
            o[0] = np ? s / (double)np : 0;
        break;
    }
    case IR_PAIR_SUM: {
        int64_t np;
        leading_positives(bb, ra, &np);
        double s = 0;
        for (int64_t i = 0; i < ra; i++)
            s += a[i];
        o[0] = np ? s / (double)np : 0;
        break;
    }
    case IR_PAIR_SUM_GRAD: {
        int64_t np;
        leading_positives(a, ra, &np);
        for (int64_t i = 0; i < R; i++)
            o[i] = np ? bb[0] / (double)np : 0;
        break;
    }
    case IR_MSE: {
        // l(x, y) = (x - y)^2, mean over labels (0 for no labels)
        double s = 0;
        for (int64_t i = 0; i < ra; i++)
            s += (a[i] - bb[i]) * (a[i] - bb[i]);
        o[0] = ra ? s / (double)ra : 0;
        break;
    }
    case IR_MSE_GRAD:
        for (int64_t i = 0; i < R; i++)
            o[i] = c3[0] * 2 * (a[i] - bb[i]) / (double)R;
        break;
    case IR_OP_COUNT:
        INTERP_ASSERT(!"unknown op");
    }
    in->val[p] = o;
    in->rows[p] = R;
}

// Evaluates, in order, exactly the nodes the given roots depend on.
static void eval_roots(Interp *in, const IrNode *const *roots, int n_roots) {
    bool *need = calloc((size_t)(in->count ? in->count : 1), sizeof *need);
    INTERP_ASSERT(need);
    for (int r = 0; r < n_roots; r++)
        if (roots[r])
            need[pos_of(in, roots[r])] = true;
    for (int i = in->count - 1; i >= 0; i--)
        if (need[i])
            for (int k = 0; k < ir_op_arity(in->order[i]->op); k++)
                need[pos_of(in, in->order[i]->in[k])] = true;
    for (int i = 0; i < in->count; i++)
        if (need[i])
            eval_node(in, i);
    free(need);
}

void interp_run(const IrModule *m, int mode, const HgnnBatch *b, float *const *params,
                float *const *grads, float *scores, float *loss) {
    INTERP_ASSERT(mode == HGNN_RUN_FORWARD || mode == HGNN_RUN_TRAIN);
    INTERP_ASSERT(m->stage != IR_STAGE_GENERIC);
    INTERP_ASSERT(mode == HGNN_RUN_FORWARD || m->stage == IR_STAGE_GRAD);
    Interp in;
    setup(&in, m, b, params);
    in.mode = mode;
    int n_roots = 2 + (mode == HGNN_RUN_TRAIN ? m->n_params : 0);
    const IrNode **roots = calloc((size_t)n_roots, sizeof *roots);
    INTERP_ASSERT(roots);
    roots[0] = m->scores;
    roots[1] = m->loss;
    for (int i = 2; i < n_roots; i++) {
        roots[i] = m->params[i - 2].grad;
        INTERP_ASSERT(roots[i]);
    }
    eval_roots(&in, roots, n_roots);
    if (scores && m->scores) {
        int p = pos_of(&in, m->scores);
        for (int64_t i = 0; i < in.rows[p]; i++)
            scores[i] = (float)in.val[p][i];
    }
    if (loss && m->loss)
        *loss = (float)in.val[pos_of(&in, m->loss)][0];
    for (int i = 2; i < n_roots; i++) {
        int p = pos_of(&in, roots[i]);
        int64_t size = in.rows[p] * roots[i]->type.cols;
        INTERP_ASSERT(grads && grads[i - 2]);
        for (int64_t k = 0; k < size; k++)
            grads[i - 2][k] = (float)in.val[p][k];
    }
    free(roots);
    teardown(&in);
}

double interp_loss(const IrModule *m, const HgnnBatch *b, float *const *params) {
    INTERP_ASSERT(m->loss && m->stage != IR_STAGE_GENERIC);
    Interp in;
    setup(&in, m, b, params);
    in.mode = HGNN_RUN_TRAIN;  // the loss training differentiates: every dropout drops
    const IrNode *root = m->loss;
    eval_roots(&in, &root, 1);
    double l = in.val[pos_of(&in, m->loss)][0];
    teardown(&in);
    return l;
}

double *interp_value(const IrModule *m, int mode, const HgnnBatch *b, float *const *params,
                     const IrNode *n, int64_t *rows) {
    INTERP_ASSERT(mode == HGNN_RUN_FORWARD || mode == HGNN_RUN_TRAIN);
    Interp in;
    setup(&in, m, b, params);
    in.mode = mode;
    eval_roots(&in, &n, 1);
    int p = pos_of(&in, n);
    double *v = in.val[p];
    in.val[p] = NULL;  // handed to the caller
    if (rows)
        *rows = in.rows[p];
    teardown(&in);
    return v;
}
