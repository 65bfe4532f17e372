// ir.c — the IR core behind ir.h: module and node construction with type inference, the op
// table (generated from ir_ops.h), dead-code removal, the verifier and the text / Graphviz
// printers. Takes builder calls from lowering and passes; yields a module in topological order.
// A type error here is a broken invariant of an earlier stage (sema checks user shapes), so it is
// reported as an internal error naming this file and line, then aborts.
#include "ir.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {
#define OP(id, name, arity) name,
#include "ir_ops.h"
#undef OP
};
static const int op_arity[] = {
#define OP(id, name, arity) arity,
#include "ir_ops.h"
#undef OP
};
static_assert(sizeof op_names / sizeof op_names[0] == IR_OP_COUNT, "op_names covers every op");
static_assert(sizeof op_arity / sizeof op_arity[0] == IR_OP_COUNT, "op_arity covers every op");

const char *ir_op_name(IrOp op) {
    assert(op >= 0 && op < IR_OP_COUNT);
    return op_names[op];
}

int ir_op_arity(IrOp op) {
    assert(op >= 0 && op < IR_OP_COUNT);
    return op_arity[op];
}

bool ir_op_is_rowwise_binary(IrOp op) {
    switch (op) {
    case IR_ADD:
    case IR_SUB:
    case IR_MUL:
    case IR_RELU_GRAD:
    case IR_SIGMOID_GRAD:
    case IR_TANH_GRAD:
    case IR_LEAKY_RELU_GRAD:
    case IR_ELU_GRAD:
    case IR_GELU_GRAD:
    case IR_NORMALIZE_GRAD:
    case IR_LAYER_NORM_GRAD:
    case IR_MAXIMUM:
        return true;
    default:
        return false;
    }
}

bool ir_op_is_rowwise_unary(IrOp op) {
    switch (op) {
    case IR_SCALE:
    case IR_RELU:
    case IR_SIGMOID:
    case IR_TANH:
    case IR_LEAKY_RELU:
    case IR_ELU:
    case IR_GELU:
    case IR_NORMALIZE:
    case IR_LAYER_NORM:
        return true;
    default:
        return false;
    }
}

bool ir_op_on_edges(IrOp op) {
    return (op >= IR_AGG_SUM && op <= IR_AGG_MAX_GRAD) ||
           (op >= IR_GAT_AGG && op <= IR_GAT_GRAD_DST);
}

#define IR_FAIL(node, ...) ir_internal_error("ir.c", __LINE__, (node), __VA_ARGS__)
#define IR_CHECK(cond, node, ...) IR_CHECK_IN("ir.c", cond, node, __VA_ARGS__)

void ir_internal_error(const char *file, int line, const IrNode *n, const char *fmt, ...) {
    fflush(stdout);
    fprintf(stderr, "hgnnc: internal error at %s:%d: ", file, line);
    if (n)
        fprintf(stderr, "%s: ", op_names[n->op]);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (n && n->loc.file)
        fprintf(stderr, " (from %s:%d:%d)", n->loc.file, n->loc.line, n->loc.col);
    fputc('\n', stderr);
    abort();
}

IrModule *ir_module_new(Arena *a, const char *name) {
    IrModule *m = arena_alloc(a, sizeof *m);
    m->arena = a;
    m->name = name;
    m->label_etype = -1;
    m->stage = IR_STAGE_GENERIC;
    return m;
}

// ---- dims and types --------------------------------------------------------------------------

static IrDim dim_const(int64_t n) { return (IrDim){DIM_CONST, n}; }

static bool dim_eq(IrDim a, IrDim b) {
    return a.kind == b.kind && (a.kind == DIM_LABELS || a.n == b.n);
}

static bool type_eq(IrType a, IrType b) {
    return a.dtype == b.dtype && dim_eq(a.rows, b.rows) && a.cols == b.cols;
}

static IrType f32(IrDim rows, int64_t cols) { return (IrType){DT_F32, rows, cols}; }
static IrType i32(IrDim rows) { return (IrType){DT_I32, rows, 1}; }

void ir_dim_print(FILE *f, const IrModule *m, IrDim d) {
    switch (d.kind) {
    case DIM_CONST:
        fprintf(f, "%lld", (long long)d.n);
        return;
    case DIM_GRAPH:
        if (d.n >= 0 && d.n < m->n_node_types)
            fprintf(f, "V_%s", m->node_types[d.n].name);
        else
            fprintf(f, "V_?%lld", (long long)d.n);
        return;
    case DIM_NODES:
        if (d.n == -1)
            fputs("N", f);  // generic: any node type, before to_hetero
        else if (d.n >= 0 && d.n < m->n_node_types)
            fprintf(f, "N_%s", m->node_types[d.n].name);
        else
            fprintf(f, "N_?%lld", (long long)d.n);
        return;
    case DIM_EDGES:
        if (d.n == -1)
            fputs("E", f);
        else if (d.n >= 0 && d.n < m->n_edge_types)
            fprintf(f, "E_%s", m->edge_types[d.n].name);
        else
            fprintf(f, "E_?%lld", (long long)d.n);
        return;
    case DIM_LABELS:
        fputs("L", f);
        return;
    }
    fprintf(f, "?dim%d", (int)d.kind);
}

static void type_print(FILE *f, const IrModule *m, IrType t) {
    fputs(t.dtype == DT_F32 ? "f32[" : "i32[", f);
    ir_dim_print(f, m, t.rows);
    fprintf(f, " x %lld]", (long long)t.cols);
}

// Formats a type into a static buffer for error messages (two slots so a message can show two).
static const char *type_str(const IrModule *m, IrType t) {
    static char bufs[2][128];
    static int k;
    char *buf = bufs[k ^= 1];
    FILE *f = fmemopen(buf, sizeof bufs[0], "w");
    if (!f)
        return "?";
    type_print(f, m, t);
    fclose(f);
    return buf;
}

int ir_dim_index(const IrModule *m, IrDim d) {
    int T = m->n_node_types, K = m->n_edge_types;
    switch (d.kind) {
    case DIM_CONST:
        return -1;
    case DIM_GRAPH:
        assert(d.n >= 0 && d.n < T);
        return HGNN_DIM_V((int)d.n);
    case DIM_NODES:
        assert(d.n >= 0 && d.n < T && "generic node dims have no run-time size");
        return HGNN_DIM_N(T, (int)d.n);
    case DIM_EDGES:
        assert(d.n >= 0 && d.n < K && "generic edge dims have no run-time size");
        return HGNN_DIM_E(T, (int)d.n);
    case DIM_LABELS:
        return HGNN_DIM_L(T, K);
    }
    assert(!"unknown dim kind");
    return -1;
}

// ---- type inference ----------------------------------------------------------------------------

// Row dim of node type t in the batch; for generic edge types (etype -1) rows stay generic.
static IrDim agg_rows(const IrModule *m, const IrNode *n, bool src) {
    if (n->etype < 0)
        return (IrDim){DIM_NODES, -1};
    IR_CHECK(n->etype < m->n_edge_types, n, "edge type %d out of range", n->etype);
    const IrEdgeType *e = &m->edge_types[n->etype];
    return (IrDim){DIM_NODES, src ? e->src : e->dst};
}

static void want_f32(const IrModule *m, const IrNode *n, const IrNode *x) {
    IR_CHECK(x->type.dtype == DT_F32, n, "operand must be f32, saw %s", type_str(m, x->type));
}

static void want_idx(const IrModule *m, const IrNode *n, const IrNode *x) {
    IR_CHECK(x->type.dtype == DT_I32 && x->type.cols == 1, n, "index must be i32[_ x 1], saw %s",
             type_str(m, x->type));
}

static void want_same(const IrModule *m, const IrNode *n, const IrNode *a, const IrNode *b) {
    IR_CHECK(type_eq(a->type, b->type), n, "operand types differ: %s vs %s", type_str(m, a->type),
             type_str(m, b->type));
}

static void want_rows(const IrModule *m, const IrNode *n, const IrNode *x, IrDim rows) {
    IR_CHECK(dim_eq(x->type.rows, rows), n, "operand has rows %s, expected rows of %s",
             type_str(m, x->type), type_str(m, f32(rows, x->type.cols)));
}

// HEAD_*: x [N x H*C] read as H heads of C columns, per-head values [N x H].
static IrType infer_head(const IrModule *m, const IrNode *n) {
    const IrNode *a = n->in[0], *b = n->in[1];
    int64_t H = n->heads;
    IR_CHECK(H >= 1, n, "heads %lld", (long long)H);
    want_f32(m, n, a);
    switch (n->op) {
    case IR_HEAD_DOT:  // (x [N x HC], a [1 x HC]) -> [N x H]
    case IR_HEAD_MUL:  // (d [N x H], a [1 x HC]) -> [N x HC]
        want_f32(m, n, b);
        IR_CHECK(dim_eq(b->type.rows, dim_const(1)) && b->type.cols % H == 0 &&
                     (n->op == IR_HEAD_MUL || b->type.cols == a->type.cols) &&
                     (n->op == IR_HEAD_DOT || a->type.cols == H),
                 n, "operands %s, %s for %lld heads", type_str(m, a->type), type_str(m, b->type),
                 (long long)H);
        return n->op == IR_HEAD_DOT ? f32(a->type.rows, H) : f32(a->type.rows, b->type.cols);
    case IR_HEAD_OUTER:  // (x [N x HC], d [N x H]) -> [1 x HC]
        want_f32(m, n, b);
        want_rows(m, n, b, a->type.rows);
        IR_CHECK(a->type.cols % H == 0 && b->type.cols == H, n, "operands %s, %s for %lld heads",
                 type_str(m, a->type), type_str(m, b->type), (long long)H);
        return f32(dim_const(1), a->type.cols);
    case IR_HEAD_MEAN:
        IR_CHECK(a->type.cols % H == 0, n, "%s for %lld heads", type_str(m, a->type),
                 (long long)H);
        return f32(a->type.rows, a->type.cols / H);
    default:  // HEAD_MEAN_T
        return f32(a->type.rows, a->type.cols * H);
    }
}

// GAT_*: hs [N_s x HC], as [N_s x H], ad [N_d x H], dy the adjoint of gat_agg [N_d x HC], alpha
// and dalpha [E x H] (ir_ops.h).
static IrType infer_gat(const IrModule *m, const IrNode *n) {
    IrDim src = agg_rows(m, n, true), dst = agg_rows(m, n, false);
    IrDim edges = {DIM_EDGES, n->etype};
    int64_t H = n->heads;
    IR_CHECK(H >= 1 && n->p >= 0 && n->p < 1, n, "heads %lld, dropout %g", (long long)H,
             (double)n->p);
    const IrNode *hs = NULL, *as = NULL, *ad = NULL, *dy = NULL, *al = NULL, *ga = NULL;
    IrNode *const *in = n->in;
    switch (n->op) {
    case IR_GAT_AGG: hs = in[0], as = in[1], ad = in[2]; break;
    case IR_GAT_ALPHA: as = in[0], ad = in[1]; break;
    case IR_GAT_AGG_T: al = in[0], dy = in[1]; break;
    case IR_GAT_DALPHA: hs = in[0], dy = in[1]; break;
    default: al = in[0], ga = in[1]; break;  // GRAD_SRC, GRAD_DST
    }
    if (as) {
        want_f32(m, n, as);
        want_rows(m, n, as, src);
        want_f32(m, n, ad);
        want_rows(m, n, ad, dst);
        IR_CHECK(as->type.cols == H && ad->type.cols == H, n, "scores %s, %s for %lld heads",
                 type_str(m, as->type), type_str(m, ad->type), (long long)H);
    }
    for (int k = 0; k < 2; k++) {
        const IrNode *w = k ? ga : al;
        if (!w)
            continue;
        want_f32(m, n, w);
        want_rows(m, n, w, edges);
        IR_CHECK(w->type.cols == H, n, "weights %s for %lld heads", type_str(m, w->type),
                 (long long)H);
    }
    int64_t hc = hs ? hs->type.cols : dy ? dy->type.cols : H;
    IR_CHECK(hc % H == 0, n, "%lld columns for %lld heads", (long long)hc, (long long)H);
    if (hs) {
        want_f32(m, n, hs);
        want_rows(m, n, hs, src);
    }
    if (dy) {
        want_f32(m, n, dy);
        want_rows(m, n, dy, dst);
        IR_CHECK(dy->type.cols == hc, n, "adjoint %s, values of %lld columns",
                 type_str(m, dy->type), (long long)hc);
    }
    switch (n->op) {
    case IR_GAT_AGG: return f32(dst, hc);
    case IR_GAT_ALPHA: case IR_GAT_DALPHA: return f32(edges, H);
    case IR_GAT_AGG_T: return f32(src, hc);
    case IR_GAT_GRAD_SRC: return f32(src, H);
    default: return f32(dst, H);
    }
}

// The result type of n from its operands and attributes. Leaves and SCATTER_ADD take what
// cannot be inferred (node type, param, rows, zeros' type) from fields set before the call.
// ir_emit uses it to type new nodes; ir_verify to recheck every node.
static IrType infer(const IrModule *m, const IrNode *n) {
    const IrNode *a = n->in[0], *b = n->in[1], *c = n->in[2];
    if (ir_op_is_rowwise_binary(n->op)) {
        want_f32(m, n, a);
        want_same(m, n, a, b);
        return a->type;
    }
    if (ir_op_is_rowwise_unary(n->op) || n->op == IR_DROPOUT) {
        want_f32(m, n, a);
        return a->type;
    }
    switch (n->op) {
    case IR_PARAM: {
        IR_CHECK(n->param >= 0 && n->param < m->n_params, n, "param %d out of range", n->param);
        const IrParam *p = &m->params[n->param];
        return f32(p->rows, p->cols);
    }
    case IR_NODE_IDS:
        IR_CHECK(n->ntype >= 0 && n->ntype < m->n_node_types, n, "node type %d", n->ntype);
        return i32((IrDim){DIM_NODES, n->ntype});
    case IR_FEATURES:
        IR_CHECK(n->ntype >= 0 && n->ntype < m->n_node_types, n, "node type %d", n->ntype);
        IR_CHECK(m->node_types[n->ntype].feat_width > 0, n, "node type '%s' has no features",
                 m->node_types[n->ntype].name);
        return f32((IrDim){DIM_GRAPH, n->ntype}, m->node_types[n->ntype].feat_width);
    case IR_LABELS:
        return f32((IrDim){DIM_LABELS, 0}, 1);
    case IR_LABEL_SRC:
    case IR_LABEL_DST:
        return i32((IrDim){DIM_LABELS, 0});
    case IR_ONE:
        return f32(dim_const(1), 1);
    case IR_ZEROS:
        IR_CHECK(n->type.dtype == DT_F32 && n->type.cols > 0, n, "zeros of %s",
                 type_str(m, n->type));
        return n->type;
    case IR_MATMUL: {
        want_f32(m, n, a);
        want_f32(m, n, b);
        // op(a) is [r x k], op(b) is [k x c]; a transposed operand's rows become columns, so
        // they must be constant.
        IrDim r = n->ta ? dim_const(a->type.cols) : a->type.rows;
        IrDim ka = n->ta ? a->type.rows : dim_const(a->type.cols);
        IrDim kb = n->tb ? dim_const(b->type.cols) : b->type.rows;
        IR_CHECK(!n->tb || b->type.rows.kind == DIM_CONST, n,
                 "transposed b must have constant rows, saw %s", type_str(m, b->type));
        int64_t cols = n->tb ? b->type.rows.n : b->type.cols;
        IR_CHECK(dim_eq(ka, kb), n, "inner dims differ: %s%s . %s%s", type_str(m, a->type),
                 n->ta ? "^T" : "", type_str(m, b->type), n->tb ? "^T" : "");
        return f32(r, cols);
    }
    case IR_MAXIMUM_GRAD:
        want_f32(m, n, a);
        want_same(m, n, a, b);
        want_same(m, n, a, c);
        return a->type;
    case IR_SCALE_COLS:
    case IR_BIAS_ADD:
        want_f32(m, n, a);
        want_f32(m, n, b);
        IR_CHECK(dim_eq(b->type.rows, dim_const(1)) && b->type.cols == a->type.cols, n,
                 "bias must be f32[1 x %lld], saw %s", (long long)a->type.cols,
                 type_str(m, b->type));
        return a->type;
    case IR_MUL_COL:
        want_f32(m, n, a);
        want_f32(m, n, b);
        IR_CHECK(b->type.cols == 1, n, "column must have 1 column, saw %s", type_str(m, b->type));
        want_rows(m, n, b, a->type.rows);
        return a->type;
    case IR_SUM_ROWS:
        want_f32(m, n, a);
        return f32(dim_const(1), a->type.cols);
    case IR_CONCAT:
        want_f32(m, n, a);
        want_f32(m, n, b);
        want_rows(m, n, b, a->type.rows);
        return f32(a->type.rows, a->type.cols + b->type.cols);
    case IR_SLICE:
        want_f32(m, n, a);
        IR_CHECK(n->k >= 0 && n->type.cols > 0 && n->k + n->type.cols <= a->type.cols, n,
                 "columns [%lld, %lld) of %s", (long long)n->k, (long long)(n->k + n->type.cols),
                 type_str(m, a->type));
        return f32(a->type.rows, n->type.cols);
    case IR_ROWDOT:
        want_f32(m, n, a);
        want_same(m, n, a, b);
        return f32(a->type.rows, 1);
    case IR_GATHER:
        want_f32(m, n, a);
        want_idx(m, n, b);
        return f32(b->type.rows, a->type.cols);
    case IR_SCATTER_ADD:
        want_f32(m, n, a);
        want_idx(m, n, b);
        IR_CHECK(n->type.rows.kind != DIM_CONST || n->type.rows.n > 0, n,
                 "no row count for the result (build it with ir_emit_scatter)");
        want_rows(m, n, b, a->type.rows);
        return f32(n->type.rows, a->type.cols);
    case IR_AGG_SUM:
    case IR_AGG_MEAN:
    case IR_AGG_MAX:
    case IR_AGG_WSUM:
        want_f32(m, n, a);
        want_rows(m, n, a, agg_rows(m, n, true));
        return f32(agg_rows(m, n, false), a->type.cols);
    case IR_AGG_SUM_T:
    case IR_AGG_MEAN_T:
    case IR_AGG_WSUM_T:
        want_f32(m, n, a);
        want_rows(m, n, a, agg_rows(m, n, false));
        return f32(agg_rows(m, n, true), a->type.cols);
    case IR_AGG_MAX_GRAD:
        want_f32(m, n, a);
        want_rows(m, n, a, agg_rows(m, n, true));
        want_f32(m, n, b);
        want_rows(m, n, b, agg_rows(m, n, false));
        want_same(m, n, b, c);
        IR_CHECK(a->type.cols == b->type.cols, n, "x %s vs out %s", type_str(m, a->type),
                 type_str(m, b->type));
        return a->type;
    case IR_HEAD_DOT:
    case IR_HEAD_MUL:
    case IR_HEAD_OUTER:
    case IR_HEAD_MEAN:
    case IR_HEAD_MEAN_T:
        return infer_head(m, n);
    case IR_GAT_AGG:
    case IR_GAT_ALPHA:
    case IR_GAT_AGG_T:
    case IR_GAT_DALPHA:
    case IR_GAT_GRAD_SRC:
    case IR_GAT_GRAD_DST:
        return infer_gat(m, n);
    case IR_BCE_LOGITS:
    case IR_BCE_GRAD:
    case IR_MSE:
    case IR_MSE_GRAD:
        want_f32(m, n, a);
        want_same(m, n, a, b);
        IR_CHECK(a->type.cols == 1, n, "logits must be one column, saw %s", type_str(m, a->type));
        if (n->op == IR_BCE_LOGITS || n->op == IR_MSE)
            return f32(dim_const(1), 1);
        IR_CHECK(c->type.dtype == DT_F32 && type_eq(c->type, f32(dim_const(1), 1)), n,
                 "loss adjoint must be f32[1 x 1], saw %s", type_str(m, c->type));
        return a->type;
    case IR_BPR:
    case IR_PAIR_SUM:
        want_f32(m, n, a);
        want_same(m, n, a, b);
        IR_CHECK(a->type.cols == 1, n, "%s reads one column, saw %s", ir_op_name(n->op),
                 type_str(m, a->type));
        return f32(dim_const(1), 1);
    case IR_BPR_GRAD:
        want_f32(m, n, a);
        want_same(m, n, a, b);
        IR_CHECK(a->type.cols == 1, n, "logits must be one column, saw %s", type_str(m, a->type));
        IR_CHECK(c->type.dtype == DT_F32 && type_eq(c->type, f32(dim_const(1), 1)), n,
                 "loss adjoint must be f32[1 x 1], saw %s", type_str(m, c->type));
        return a->type;
    case IR_PAIR_SUM_GRAD:
        want_f32(m, n, a);
        IR_CHECK(a->type.cols == 1, n, "labels must be one column, saw %s", type_str(m, a->type));
        IR_CHECK(b->type.dtype == DT_F32 && type_eq(b->type, f32(dim_const(1), 1)), n,
                 "loss adjoint must be f32[1 x 1], saw %s", type_str(m, b->type));
        return a->type;
    default:  // IR_OP_COUNT; the row-wise classes are handled above
        break;
    }
    IR_FAIL(n, "unknown op %d", (int)n->op);
}

// ---- construction ------------------------------------------------------------------------------

static IrNode *node_new(IrModule *m, IrOp op, Loc loc) {
    assert(op >= 0 && op < IR_OP_COUNT);
    IrNode *n = arena_alloc(m->arena, sizeof *n);
    n->op = op;
    n->loc = loc;
    n->ntype = -1;
    n->etype = -1;
    n->param = -1;
    n->id = -1;
    n->f = 1.0f;
    return n;
}

// Types n, gives node-wise values their node type, and appends n to the module.
static IrNode *append(IrModule *m, IrNode *n) {
    for (int i = 0; i < IR_MAX_IN; i++)
        IR_CHECK((i < op_arity[n->op]) == (n->in[i] != NULL), n, "operand %d %s", i,
                 n->in[i] ? "unexpected" : "missing");
    n->type = infer(m, n);
    if (n->ntype < 0 && n->type.rows.kind == DIM_NODES)
        n->ntype = (int)n->type.rows.n;
    n->id = m->tail ? m->tail->id + 1 : 0;  // provisional; ir_number makes ids exact
    ir_node_append(m, n);
    return n;
}

void ir_node_append(IrModule *m, IrNode *n) {
    n->next = NULL;
    if (m->tail)
        m->tail->next = n;
    else
        m->head = n;
    m->tail = n;
}

IrNode *ir_emit(IrModule *m, IrOp op, Loc loc, IrNode *a, IrNode *b, IrNode *c) {
    IrNode *n = node_new(m, op, loc);
    IR_CHECK(op_arity[op] <= 3 && !(op >= IR_HEAD_DOT && op <= IR_GAT_GRAD_DST), n,
             "build with ir_emit_head / ir_emit_gat");
    n->in[0] = a;
    n->in[1] = b;
    n->in[2] = c;
    return append(m, n);
}

IrNode *ir_emit_param(IrModule *m, int param, Loc loc) {
    IrNode *n = node_new(m, IR_PARAM, loc);
    n->param = param;
    return append(m, n);
}

IrNode *ir_emit_leaf(IrModule *m, IrOp op, int ntype, Loc loc) {
    IrNode *n = node_new(m, op, loc);
    IR_CHECK(op == IR_NODE_IDS || op == IR_FEATURES || op == IR_LABELS || op == IR_LABEL_SRC ||
                 op == IR_LABEL_DST || op == IR_ONE,
             n, "not a leaf op");
    n->ntype = ntype;
    return append(m, n);
}

IrNode *ir_emit_zeros(IrModule *m, IrType type, Loc loc) {
    IrNode *n = node_new(m, IR_ZEROS, loc);
    n->type = type;
    return append(m, n);
}

IrNode *ir_emit_matmul(IrModule *m, Loc loc, IrNode *a, int ta, IrNode *b, int tb) {
    IrNode *n = node_new(m, IR_MATMUL, loc);
    n->in[0] = a;
    n->in[1] = b;
    n->ta = ta != 0;
    n->tb = tb != 0;
    return append(m, n);
}

// Operands are the non-NULL ones of (x, out, dy) in that order: x for AGG_SUM/MEAN/MAX, dy for
// the transposes, all three for AGG_MAX_GRAD.
IrNode *ir_emit_agg(IrModule *m, IrOp op, int etype, Loc loc, IrNode *x, IrNode *out,
                    IrNode *dy) {
    IrNode *n = node_new(m, op, loc);
    IR_CHECK(op >= IR_AGG_SUM && op <= IR_AGG_MAX_GRAD, n, "not an aggregation op");
    IrNode *ops[3] = {x, out, dy};
    int k = 0;
    for (int i = 0; i < 3; i++)
        if (ops[i])
            n->in[k++] = ops[i];
    n->etype = etype;
    return append(m, n);
}

IrNode *ir_emit_scatter(IrModule *m, Loc loc, IrNode *src, IrNode *idx, IrDim rows) {
    IrNode *n = node_new(m, IR_SCATTER_ADD, loc);
    n->in[0] = src;
    n->in[1] = idx;
    n->type.rows = rows;
    return append(m, n);
}

IrNode *ir_emit_head(IrModule *m, IrOp op, Loc loc, IrNode *a, IrNode *b, int heads) {
    IrNode *n = node_new(m, op, loc);
    IR_CHECK(op >= IR_HEAD_DOT && op <= IR_HEAD_MEAN_T, n, "not a head op");
    n->in[0] = a;
    n->in[1] = b;
    n->heads = heads;
    return append(m, n);
}

// attr: the node whose attributes (heads, slope, dropout, salt) the new one takes.
IrNode *ir_emit_gat(IrModule *m, IrOp op, const IrNode *attr, int etype, Loc loc, IrNode *a,
                    IrNode *b, IrNode *c, IrNode *d) {
    IrNode *n = node_new(m, op, loc);
    IR_CHECK(op >= IR_GAT_AGG && op <= IR_GAT_GRAD_DST, n, "not a gat op");
    n->in[0] = a;
    n->in[1] = b;
    n->in[2] = c;
    n->in[3] = d;
    n->etype = etype;
    n->heads = attr->heads;
    n->f = attr->f;
    n->p = attr->p;
    n->salt = attr->salt;
    return append(m, n);
}

IrNode *ir_emit_scale(IrModule *m, Loc loc, IrNode *a, float f) {
    IrNode *n = node_new(m, IR_SCALE, loc);
    n->in[0] = a;
    n->f = f;
    return append(m, n);
}

IrNode *ir_emit_slice(IrModule *m, Loc loc, IrNode *a, int64_t k, int64_t width) {
    IrNode *n = node_new(m, IR_SLICE, loc);
    n->in[0] = a;
    n->k = k;
    n->type.cols = width;
    return append(m, n);
}

int ir_param_add(IrModule *m, const char *name, IrDim rows, int64_t cols, int init, float init_a,
                 int scope, Loc loc) {
    m->params = arena_grow(m->arena, m->params, m->n_params, &m->cap_params, sizeof *m->params, 16);
    assert(rows.kind == DIM_CONST || rows.kind == DIM_GRAPH);
    IrParam *p = &m->params[m->n_params];
    *p = (IrParam){.name = name, .rows = rows, .cols = cols, .init = init, .init_a = init_a,
                   .scope = scope, .grad = NULL, .loc = loc};
    return m->n_params++;
}

// ---- whole-module operations -------------------------------------------------------------------

void ir_number(IrModule *m) {
    int id = 0;
    for (IrNode *n = m->head; n; n = n->next)
        n->id = id++;
}

// Marks everything the outputs reach by walking backwards once: in topological order every user
// comes after its operands, so a node's mark is final when the walk reaches it.
void ir_remove_dead(IrModule *m) {
    ir_number(m);
    int count = m->tail ? m->tail->id + 1 : 0;
    if (!count)
        return;
    IrNode **order = arena_alloc(m->arena, (size_t)count * sizeof *order);
    bool *live = arena_alloc(m->arena, (size_t)count);
    for (IrNode *n = m->head; n; n = n->next)
        order[n->id] = n;
    if (m->scores)
        live[m->scores->id] = true;
    if (m->loss)
        live[m->loss->id] = true;
    for (int i = 0; i < m->n_params; i++)
        if (m->params[i].grad)
            live[m->params[i].grad->id] = true;
    for (int t = 0; t < m->n_node_types; t++)
        if (m->embed[t])
            live[m->embed[t]->id] = true;
    for (int i = count - 1; i >= 0; i--)
        if (live[i])
            for (int k = 0; k < op_arity[order[i]->op]; k++)
                live[order[i]->in[k]->id] = true;
    m->head = m->tail = NULL;
    for (int i = 0; i < count; i++) {
        if (!live[i])
            continue;
        ir_node_append(m, order[i]);
    }
    ir_number(m);
}

static const char *stage_name(IrStage s) {
    switch (s) {
    case IR_STAGE_GENERIC:
        return "generic";
    case IR_STAGE_HETERO:
        return "hetero";
    case IR_STAGE_GRAD:
        return "grad";
    }
    return "?";
}

typedef struct Pos {
    const IrNode *node;
    int pos;
} Pos;

static int pos_cmp(const void *x, const void *y) {
    const IrNode *a = ((const Pos *)x)->node, *b = ((const Pos *)y)->node;
    return a < b ? -1 : a > b;
}

// Position of n in the module, or -1 when n is not in it.
static int pos_of(const Pos *sorted, int count, const IrNode *n) {
    Pos key = {n, 0};
    const Pos *p = bsearch(&key, sorted, (size_t)count, sizeof key, pos_cmp);
    return p ? p->pos : -1;
}

static void verify_dim(const IrModule *m, const IrNode *n, IrDim d) {
    bool generic_ok = m->stage == IR_STAGE_GENERIC;
    switch (d.kind) {
    case DIM_CONST:
        IR_CHECK(d.n >= 0, n, "negative constant dim %lld", (long long)d.n);
        return;
    case DIM_GRAPH:
        IR_CHECK(d.n >= 0 && d.n < m->n_node_types, n, "graph dim of node type %lld",
                 (long long)d.n);
        return;
    case DIM_NODES:
        IR_CHECK((d.n >= 0 || (generic_ok && d.n == -1)) && d.n < m->n_node_types, n,
                 "node dim of node type %lld in stage %s (generic only before to_hetero)",
                 (long long)d.n, stage_name(m->stage));
        return;
    case DIM_EDGES:
        IR_CHECK((d.n >= 0 || (generic_ok && d.n == -1)) && d.n < m->n_edge_types, n,
                 "edge dim of edge type %lld in stage %s (generic only before to_hetero)",
                 (long long)d.n, stage_name(m->stage));
        return;
    case DIM_LABELS:
        return;
    }
    IR_FAIL(n, "unknown dim kind %d", (int)d.kind);
}

// Rechecks every invariant the builders establish, plus the ones passes must keep: operands
// precede their users, outputs are in the module, nothing generic survives to_hetero, and after
// pass_grad every parameter has a gradient of its own shape (a param without one was reached
// through an op pass_grad has no derivative for).
void ir_verify(const IrModule *m) {
    IR_CHECK(m->n_node_types >= 0 && m->n_node_types <= IR_MAX_NODE_TYPES, NULL, "node types");
    IR_CHECK(m->n_edge_types >= 0 && m->n_edge_types <= IR_MAX_EDGE_TYPES, NULL, "edge types");
    for (int e = 0; e < m->n_edge_types; e++) {
        const IrEdgeType *et = &m->edge_types[e];
        IR_CHECK(et->src >= 0 && et->src < m->n_node_types && et->dst >= 0 &&
                     et->dst < m->n_node_types,
                 NULL, "edge type '%s' endpoints", et->name);
        IR_CHECK(et->reverse_of >= -1 && et->reverse_of < m->n_edge_types, NULL,
                 "edge type '%s' reverse_of %d", et->name, et->reverse_of);
    }
    IR_CHECK(m->label_etype >= -1 && m->label_etype < m->n_edge_types, NULL, "label edge type %d",
             m->label_etype);

    int count = 0;
    for (const IrNode *n = m->head; n; n = n->next) {
        count++;
        IR_CHECK(n->next || n == m->tail, n, "list ends before the tail");
    }
    Pos *sorted = malloc((size_t)(count ? count : 1) * sizeof *sorted);
    if (!sorted)
        IR_FAIL(NULL, "out of memory");
    int i = 0;
    for (const IrNode *n = m->head; n; n = n->next, i++)
        sorted[i] = (Pos){n, i};
    qsort(sorted, (size_t)count, sizeof *sorted, pos_cmp);
    for (i = 0; i + 1 < count; i++)
        IR_CHECK(sorted[i].node != sorted[i + 1].node, sorted[i].node, "node appears twice");

    i = 0;
    for (const IrNode *n = m->head; n; n = n->next, i++) {
        IR_CHECK(n->op >= 0 && n->op < IR_OP_COUNT, NULL, "node %d has op %d", i, (int)n->op);
        for (int k = 0; k < IR_MAX_IN; k++) {
            if (k >= op_arity[n->op]) {
                IR_CHECK(!n->in[k], n, "operand %d beyond arity %d", k, op_arity[n->op]);
                continue;
            }
            IR_CHECK(n->in[k], n, "operand %d missing", k);
            int p = pos_of(sorted, count, n->in[k]);
            IR_CHECK(p >= 0, n, "operand %d is not in the module", k);
            IR_CHECK(p < i, n, "operand %d (node %d) does not precede its user (node %d)", k, p,
                     i);
        }
        if (ir_op_on_edges(n->op))
            IR_CHECK(n->etype >= 0 || m->stage == IR_STAGE_GENERIC, n,
                     "generic edge type after to_hetero");
        IrType t = infer(m, n);
        IR_CHECK(type_eq(t, n->type), n, "node %d has type %s, its operands give %s", i,
                 type_str(m, n->type), type_str(m, t));
        verify_dim(m, n, n->type.rows);
    }
    free(sorted);

    // Outputs: pos_of needs the sorted table, so check membership by walking (outputs are few).
    const IrNode *outs[2] = {m->scores, m->loss};
    for (int k = 0; k < 2; k++) {
        if (!outs[k])
            continue;
        const IrNode *n = m->head;
        while (n && n != outs[k])
            n = n->next;
        IR_CHECK(n, outs[k], "%s is not in the module", k ? "loss" : "scores");
    }
    if (m->scores)
        IR_CHECK(type_eq(m->scores->type, f32((IrDim){DIM_LABELS, 0}, 1)), m->scores,
                 "scores must be f32[L x 1], saw %s", type_str(m, m->scores->type));
    if (m->loss)
        IR_CHECK(type_eq(m->loss->type, f32(dim_const(1), 1)), m->loss,
                 "loss must be f32[1 x 1], saw %s", type_str(m, m->loss->type));
    for (int p = 0; p < m->n_params; p++) {
        const IrParam *pa = &m->params[p];
        IR_CHECK(pa->rows.kind == DIM_CONST || pa->rows.kind == DIM_GRAPH, NULL,
                 "param '%s' rows", pa->name);
        if (m->stage != IR_STAGE_GRAD)
            continue;
        IR_CHECK(pa->grad, NULL,
                 "param '%s' has no gradient (an op on its path has no derivative in pass_grad)",
                 pa->name);
        IR_CHECK(type_eq(pa->grad->type, f32(pa->rows, pa->cols)), pa->grad,
                 "gradient of '%s' has type %s", pa->name, type_str(m, pa->grad->type));
        const IrNode *n = m->head;
        while (n && n != pa->grad)
            n = n->next;
        IR_CHECK(n, pa->grad, "gradient of '%s' is not in the module", pa->name);
    }
}

// ---- printers ----------------------------------------------------------------------------------

static const char *init_name(int init) {
    switch (init) {
    case HGNN_INIT_ZEROS:
        return "zeros";
    case HGNN_INIT_UNIFORM:
        return "uniform";
    case HGNN_INIT_NORMAL:
        return "normal";
    case HGNN_INIT_ONES:
        return "ones";
    }
    return "?";
}

static const char *etype_name(const IrModule *m, int e) {
    return e >= 0 && e < m->n_edge_types ? m->edge_types[e].name : "*";
}

// The op's attributes after its operands: `[ta, tb]`, `[user__rates__movie]`, `[0.5]`, leaves'
// node type or parameter name.
static void print_attrs(FILE *f, const IrModule *m, const IrNode *n) {
    switch (n->op) {
    case IR_PARAM:
        fprintf(f, " %s", n->param >= 0 && n->param < m->n_params ? m->params[n->param].name
                                                                  : "?");
        break;
    case IR_NODE_IDS:
    case IR_FEATURES:
        fprintf(f, " %s", n->ntype >= 0 && n->ntype < m->n_node_types
                              ? m->node_types[n->ntype].name
                              : "?");
        break;
    case IR_MATMUL:
        if (n->ta && n->tb)
            fputs(" [ta, tb]", f);
        else if (n->ta)
            fputs(" [ta]", f);
        else if (n->tb)
            fputs(" [tb]", f);
        if (n->src_side && m->stage == IR_STAGE_GENERIC)
            fputs(" [src]", f);  // reads the edge type's source type (pass_hetero)
        break;
    case IR_SCALE:
    case IR_LEAKY_RELU:
    case IR_LEAKY_RELU_GRAD:
    case IR_ELU:
    case IR_ELU_GRAD:
        fprintf(f, " [%.9g]", n->f);
        break;
    case IR_SLICE:
        fprintf(f, " [%lld:%lld]", (long long)n->k, (long long)(n->k + n->type.cols));
        break;
    case IR_DROPOUT:
        fprintf(f, " [p %.9g, stream %lld]", n->f, (long long)n->k);
        break;
    case IR_AGG_SUM:
    case IR_AGG_MEAN:
    case IR_AGG_MAX:
    case IR_AGG_WSUM:
    case IR_AGG_SUM_T:
    case IR_AGG_MEAN_T:
    case IR_AGG_WSUM_T:
    case IR_AGG_MAX_GRAD:
        fprintf(f, " [%s]", etype_name(m, n->etype));
        break;
    case IR_HEAD_DOT:
    case IR_HEAD_MUL:
    case IR_HEAD_OUTER:
    case IR_HEAD_MEAN:
    case IR_HEAD_MEAN_T:
        fprintf(f, " [heads %d]", n->heads);
        break;
    case IR_GAT_AGG:
    case IR_GAT_ALPHA:
    case IR_GAT_AGG_T:
    case IR_GAT_DALPHA:
    case IR_GAT_GRAD_SRC:
    case IR_GAT_GRAD_DST:
        fprintf(f, " [%s, heads %d, slope %.9g, dropout %.9g, salt %d]", etype_name(m, n->etype),
                n->heads, n->f, n->p, n->salt);
        break;
    default:
        break;
    }
}

// A string of the data declarations as the DSL writes it: quoted, with \" \\ \t \n escaped
// and other control bytes as \xNN, so a golden file shows a tab separator as "\t".
static void quoted(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void table_print(FILE *f, const HgnnTableDecl *t) {
    static const char *const encodings[] = {"utf-8", "latin1", "auto"};
    fputs("  table ", f);
    quoted(f, t->path);
    fputs(" sep ", f);
    if (t->sep)
        quoted(f, t->sep);
    else
        fputs("detected", f);
    fprintf(f, " header %s encoding %s\n", t->no_header ? "false" : "true",
            t->encoding >= 0 && t->encoding <= 2 ? encodings[t->encoding] : "?");
}

// "edge_type NAME : SRC -> DST [reverse_of E]", a header line of the IR and of the data dump.
static void edge_type_line(FILE *f, const IrModule *m, int e) {
    const IrEdgeType *et = &m->edge_types[e];
    fprintf(f, "edge_type %s : %s -> %s", et->name, m->node_types[et->src].name,
            m->node_types[et->dst].name);
    if (et->reverse_of >= 0)
        fprintf(f, " reverse_of %s", etype_name(m, et->reverse_of));
    fputc('\n', f);
}

// --emit=data: the node and edge types with their widths, then under each where its data comes
// from; `data none` when the model declares none (hgnn-run then reads the MovieLens layout).
void ir_print_data(FILE *f, const IrModule *m) {
    static const char *const encoders[] = {"numeric", "standardize", "one_hot", "multi_hot"};
    const HgnnDataDecl *d = m->data;
    fprintf(f, "model %s\n", m->name ? m->name : "?");
    fprintf(f, "data %s\n", d ? "declared" : "none (the built-in MovieLens layout)");
    for (int t = 0; t < m->n_node_types; t++) {
        const IrNodeType *nt = &m->node_types[t];
        fprintf(f, "node_type %s", nt->name);
        if (nt->feat_width < 0)
            fputs(" features from the data", f);
        else if (nt->feat_width > 0)
            fprintf(f, " features %lld", (long long)nt->feat_width);
        fputc('\n', f);
        if (!d)
            continue;
        const HgnnNodeData *nd = &d->nodes[t];
        if (!nd->table.path) {
            fputs("  ids from the edge tables that mention it\n", f);
            continue;
        }
        table_print(f, &nd->table);
        fputs("  key ", f);
        quoted(f, nd->key);
        fputc('\n', f);
        if (nd->display) {
            fputs("  display ", f);
            quoted(f, nd->display);
            fputc('\n', f);
        }
        for (int i = 0; i < nd->n_encoders; i++) {
            const HgnnEncoderDecl *e = &nd->encoders[i];
            fprintf(f, "  encoder %s ",
                    e->kind >= 0 && e->kind <= 3 ? encoders[e->kind] : "?");
            quoted(f, e->column);
            if (e->kind == HGNN_ENC_MULTI_HOT) {
                fputs(" sep ", f);
                quoted(f, e->list_sep ? e->list_sep : "|");
            }
            fputc('\n', f);
        }
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        edge_type_line(f, m, e);
        if (!d)
            continue;
        const HgnnEdgeData *ed = &d->edges[e];
        if (!ed->table.path) {
            fputs("  made at load time (ToUndirected)\n", f);
            continue;
        }
        table_print(f, &ed->table);
        const char *keys[2] = {ed->src_key, ed->dst_key}, *seps[2] = {ed->src_list_sep,
                                                                       ed->dst_list_sep};
        for (int k = 0; k < 2; k++) {
            fprintf(f, "  %s ", k ? "dst" : "src");
            quoted(f, keys[k]);
            if (seps[k]) {
                fputs(" list sep ", f);
                quoted(f, seps[k]);
            }
            fputc('\n', f);
        }
        if (ed->label) {
            fputs("  label ", f);
            quoted(f, ed->label);
            fputc('\n', f);
        }
    }
    if (m->label_etype >= 0)
        fprintf(f, "label_edge_type %s\n", etype_name(m, m->label_etype));
}

// The text form (--emit=ir, hetero-ir, grad-ir), stable by construction: values are numbered
// in list order, dims printed by name. Header lines first (module, stage, defaults = the train
// block's settings, node_type NAME [features F], edge_type NAME : SRC -> DST [reverse_of E],
// label_edge_type, loss_kind bpr or mse and needs edge_norm when set (BCE, the default, is not
// printed), param NAME : TYPE init KIND(a) [scope S]), a blank line, one line per node:
//   %7 = matmul %5, %6 [tb] : f32[N_movie x 64]  # optional value name
// then the outputs: `scores = %i`, `loss = %j`, `embed TYPE = %e`, `grad PARAM = %k`.
void ir_print(FILE *f, IrModule *m) {
    ir_number(m);
    fprintf(f, "module %s\n", m->name ? m->name : "?");
    fprintf(f, "stage %s\n", stage_name(m->stage));
    const HgnnDefaults *d = &m->defaults;
    fprintf(f, "defaults epochs %d lr %g batch_size %d fanout [", d->epochs, d->lr, d->batch_size);
    for (int h = 0; h < d->n_hops; h++)
        fprintf(f, h ? ", %d" : "%d", d->fanout[h]);
    fprintf(f, "] neg_ratio %g split_neg_ratio %g val %g test %g disjoint %g betas %g %g eps %g "
               "weight_decay %g\n", d->neg_ratio, d->split_neg_ratio, d->val_frac, d->test_frac,
            d->disjoint_frac, d->adam_beta1, d->adam_beta2, d->adam_eps, d->weight_decay);
    // The optimizer knobs (ABI 8), only those that act, so models without them print as before.
    static const char *const sched[] = {"constant", "step", "cosine"};
    if (d->optimizer == HGNN_OPT_ADAMW || d->lr_schedule != HGNN_LR_CONSTANT ||
        d->warmup_steps > 0 || d->clip_norm > 0) {
        fprintf(f, "optimizer %s", d->optimizer == HGNN_OPT_ADAMW ? "adamw" : "adam");
        if (d->lr_schedule >= 0 && d->lr_schedule <= HGNN_LR_COSINE)
            fprintf(f, " lr_schedule %s", sched[d->lr_schedule]);
        if (d->lr_schedule == HGNN_LR_STEP)
            fprintf(f, " lr_step %d lr_gamma %g", d->lr_step, d->lr_gamma);
        if (d->lr_schedule == HGNN_LR_COSINE)
            fprintf(f, " lr_min %g", d->lr_min);
        if (d->warmup_steps > 0)
            fprintf(f, " warmup_steps %d warmup_start %g", d->warmup_steps, d->warmup_start);
        fprintf(f, " clip_norm %g\n", d->clip_norm);
    }
    for (int t = 0; t < m->n_node_types; t++) {
        fprintf(f, "node_type %s", m->node_types[t].name);
        if (m->node_types[t].feat_width)
            fprintf(f, " features %lld", (long long)m->node_types[t].feat_width);
        fputc('\n', f);
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        edge_type_line(f, m, e);
    }
    if (m->label_etype >= 0)
        fprintf(f, "label_edge_type %s\n", etype_name(m, m->label_etype));
    // What the runtime must do beyond the tutorial's (ABI 7), printed only when it is asked.
    if (m->loss_kind == HGNN_LOSS_BPR)
        fputs("loss_kind bpr\n", f);
    if (m->needs & HGNN_NEEDS_EDGE_NORM)
        fputs("needs edge_norm\n", f);
    if (m->loss_kind == HGNN_LOSS_MSE)
        fputs("loss_kind mse\n", f);
    for (int p = 0; p < m->n_params; p++) {
        const IrParam *pa = &m->params[p];
        fprintf(f, "param %s : ", pa->name);
        type_print(f, m, f32(pa->rows, pa->cols));
        fprintf(f, " init %s", init_name(pa->init));
        if (pa->init != HGNN_INIT_ZEROS && pa->init != HGNN_INIT_ONES)
            fprintf(f, "(%.9g)", pa->init_a);
        if (pa->scope)
            fprintf(f, " scope %d", pa->scope);
        if (pa->heads)
            fprintf(f, " heads %d", pa->heads);  // stored as [1, H, C]
        if (pa->alias)
            fprintf(f, " alias %s", pa->alias);
        fputc('\n', f);
    }
    fputc('\n', f);
    for (IrNode *n = m->head; n; n = n->next) {
        fprintf(f, "%%%d = %s", n->id, op_names[n->op]);
        for (int k = 0; k < op_arity[n->op]; k++)
            fprintf(f, "%s%%%d", k ? ", " : " ", n->in[k] ? n->in[k]->id : -1);
        print_attrs(f, m, n);
        fputs(" : ", f);
        type_print(f, m, n->type);
        if (n->name)
            fprintf(f, "  # %s", n->name);
        fputc('\n', f);
    }
    if (m->scores || m->loss || m->stage == IR_STAGE_GRAD)
        fputc('\n', f);
    if (m->scores)
        fprintf(f, "scores = %%%d\n", m->scores->id);
    if (m->loss)
        fprintf(f, "loss = %%%d\n", m->loss->id);
    for (int t = 0; t < m->n_node_types; t++)
        if (m->embed[t])
            fprintf(f, "embed %s = %%%d\n", m->node_types[t].name, m->embed[t]->id);
    for (int p = 0; p < m->n_params; p++)
        if (m->params[p].grad)
            fprintf(f, "grad %s = %%%d\n", m->params[p].name, m->params[p].grad->id);
}

// Escapes a label for a double-quoted DOT string.
static void dot_str(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
}

void ir_print_dot(FILE *f, IrModule *m) {
    ir_number(m);
    fputs("digraph \"", f);
    dot_str(f, m->name ? m->name : "hgnn");
    fputs("\" {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n", f);
    for (IrNode *n = m->head; n; n = n->next) {
        fprintf(f, "  n%d [label=\"%%%d %s", n->id, n->id, op_names[n->op]);
        char attrs[256];
        FILE *af = fmemopen(attrs, sizeof attrs, "w");
        if (af) {
            print_attrs(af, m, n);
            fclose(af);
            dot_str(f, attrs);
        }
        fputs("\\n", f);
        type_print(f, m, n->type);
        if (n->name) {
            fputs("\\n", f);
            dot_str(f, n->name);
        }
        fputs("\"", f);
        if (n->op == IR_PARAM)
            fputs(", style=filled, fillcolor=lightyellow", f);
        else if (op_arity[n->op] == 0)
            fputs(", style=filled, fillcolor=lightblue", f);
        fputs("];\n", f);
        for (int k = 0; k < op_arity[n->op]; k++)
            fprintf(f, "  n%d -> n%d;\n", n->in[k]->id, n->id);
    }
    if (m->scores)
        fprintf(f, "  scores [shape=ellipse];\n  n%d -> scores;\n", m->scores->id);
    if (m->loss)
        fprintf(f, "  loss [shape=ellipse];\n  n%d -> loss;\n", m->loss->id);
    for (int p = 0; p < m->n_params; p++)
        if (m->params[p].grad) {
            fprintf(f, "  g%d [shape=ellipse, label=\"d ", p);
            dot_str(f, m->params[p].name);
            fprintf(f, "\"];\n  n%d -> g%d;\n", m->params[p].grad->id, p);
        }
    fputs("}\n", f);
}
