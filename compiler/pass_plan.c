// pass_plan.c — the code generator's plan as an IR pass. Takes a module after to_hetero (and
// pass_grad for training); yields a Plan side table (pass_plan.h): row extents per node and mode,
// the adds and bias_adds fused into products, and a storage place per value. codegen.c follows it.
#include "pass_plan.h"

#include <assert.h>
#include <string.h>

#include "codegen.h"

// ---- row extents: each value only on the rows some reader reads ---------------------------------
//
// An extent is a row count known only at run time, computed from the batch's index data in the
// prologue of run(): 1 + max(label_src) (the rows the classifier gathers), the source rows an
// aggregation over destinations [0, R) reaches, and the max / min of such counts. Two analyses
// bound the rows of each value:
//   nz    (forward)  rows past the extent are zero: a scatter at label ids, what products and
//                    row-wise ops make of it, and a transposed aggregation of dy, which only
//                    reaches the sources of edges into the rows where dy is not zero;
//   need  (backward) rows some reader reads: a gather at label ids reads 1 + max(ids) rows, an
//                    aggregation computing R rows reads its input at reach(R) rows, a row-wise
//                    op reads what it computes, a reduction over rows (sum_rows, a^T b, the
//                    transposed aggregations) reads only the rows that are not zero.
// A kernel computes comp = min(need, nz) rows and zeros fill the rows [comp, need). The results
// are exact for any batch; the sampler's order (seeds first, then hop by hop, edges sorted by
// destination) is what makes the extents small: the last layer runs on the seeds, the one before
// on the nodes within one hop of them, and so on. need and comp are planned twice, for training
// and for forward mode, where fewer readers need fewer rows.
//
// Extents are hash-consed expressions, simplified as they are made (max(a, FULL) = FULL, as no
// count exceeds its dimension in a valid batch; min(a, max(a, b)) = a, ...), so that equal
// expressions are one index: that is how emit_node sees that a kernel computes all the rows its
// readers need and no zero fill is due.

static bool dim_same(IrDim a, IrDim b) { return a.kind == b.kind && a.n == b.n; }

static int ext_get(Plan *g, int kind, int a, int b, int e, IrDim dim) {
    for (int i = 0; i < g->n_ext; i++) {
        const PlanExt *x = &g->ext[i];
        if (x->kind == kind && x->a == a && x->b == b && x->e == e && dim_same(x->dim, dim))
            return i;
    }
    g->ext = arena_grow(g->m->arena, g->ext, g->n_ext, &g->cap_ext, sizeof *g->ext, 64);
    g->ext[g->n_ext] = (PlanExt){kind, a, b, e, dim};
    return g->n_ext++;
}

static int ext_full(Plan *g, IrDim dim) { return ext_get(g, EX_FULL, -1, -1, -1, dim); }

// True when x is max(y, .) or min(y, .): with the laws max(y, min(y, z)) = y and
// max(y, max(y, z)) = max(y, z) (and the same for min) it keeps the expressions, and so the
// extents compared, small.
static bool ext_has_operand(const Plan *g, int x, int kind, int y) {
    return g->ext[x].kind == kind && (g->ext[x].a == y || g->ext[x].b == y);
}

// Rows two readers read together: the larger count. EXT_NONE (nobody) is the identity.
static int ext_max(Plan *g, int a, int b) {
    if (a == EXT_NONE || a == b)
        return b;
    if (b == EXT_NONE)
        return a;
    assert(dim_same(g->ext[a].dim, g->ext[b].dim));
    int ka = g->ext[a].kind, kb = g->ext[b].kind;
    if (ka == EX_FULL || kb == EX_ZERO || ext_has_operand(g, b, EX_MIN, a) ||
        ext_has_operand(g, a, EX_MAX, b))
        return a;
    if (kb == EX_FULL || ka == EX_ZERO || ext_has_operand(g, a, EX_MIN, b) ||
        ext_has_operand(g, b, EX_MAX, a))
        return b;
    return ext_get(g, EX_MAX, a < b ? a : b, a < b ? b : a, -1, g->ext[a].dim);
}

// Rows that may be non-zero where both bounds hold: the smaller count.
static int ext_min(Plan *g, int a, int b) {
    if (a == b)
        return a;
    assert(dim_same(g->ext[a].dim, g->ext[b].dim));
    int ka = g->ext[a].kind, kb = g->ext[b].kind;
    if (kb == EX_FULL || ka == EX_ZERO || ext_has_operand(g, b, EX_MAX, a) ||
        ext_has_operand(g, a, EX_MIN, b))
        return a;
    if (ka == EX_FULL || kb == EX_ZERO || ext_has_operand(g, a, EX_MAX, b) ||
        ext_has_operand(g, b, EX_MIN, a))
        return b;
    return ext_get(g, EX_MIN, a < b ? a : b, a < b ? b : a, -1, g->ext[a].dim);
}

// The source rows that edges of type e into destinations [0, rows) come from:
// 1 + max(edge_src[e][k] for k < edge_ptr[e][rows]), 0 when there are none.
static int ext_reach(Plan *g, int e, int rows) {
    IrDim src = {DIM_NODES, g->m->edge_types[e].src};
    if (g->ext[rows].kind == EX_ZERO)
        return ext_get(g, EX_ZERO, -1, -1, -1, src);
    return ext_get(g, EX_REACH, rows, -1, e, src);
}

// The edges of type e into destinations [0, rows): edge_ptr[e][rows], as the edges are sorted by
// destination. gat_alpha's rows are edges; its readers read those of their destinations.
static int ext_edges(Plan *g, int e, int rows) {
    if (g->ext[rows].kind == EX_FULL)
        return ext_full(g, (IrDim){DIM_EDGES, e});
    return ext_get(g, EX_EDGES, rows, -1, e, (IrDim){DIM_EDGES, e});
}

// The destinations whose edges are the edge extent x: the inverse of ext_edges, through the
// max and min of such extents (edge_ptr is monotone).
static int ext_edges_dst(Plan *g, int x, IrDim dst) {
    PlanExt p = g->ext[x];  // a copy: the calls below may grow the table
    switch (p.kind) {
    case EX_EDGES: return p.a;
    case EX_ZERO: return ext_get(g, EX_ZERO, -1, -1, -1, dst);
    case EX_MAX: return ext_max(g, ext_edges_dst(g, p.a, dst), ext_edges_dst(g, p.b, dst));
    case EX_MIN: return ext_min(g, ext_edges_dst(g, p.a, dst), ext_edges_dst(g, p.b, dst));
    default: return ext_full(g, dst);
    }
}

// The destinations of x's edge type, as a row dimension.
static IrDim dst_dim(const Plan *g, const IrNode *x) {
    return (IrDim){DIM_NODES, g->m->edge_types[x->etype].dst};
}

// The rows a gather by idx reads from a table of `rows`: 1 + max(idx) for the label ids, all
// rows for any other index.
static int ext_of_index(Plan *g, const IrNode *idx, IrDim rows) {
    const IrModule *m = g->m;
    bool src = idx->op == IR_LABEL_SRC, dst = idx->op == IR_LABEL_DST;
    if ((!src && !dst) || m->label_etype < 0 || rows.kind != DIM_NODES)
        return ext_full(g, rows);
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    if (rows.n != (src ? le->src : le->dst))
        return ext_full(g, rows);
    return ext_get(g, EX_LMAX, -1, -1, src ? 0 : 1, rows);
}

static int nz_of(const Plan *g, const IrNode *x) { return g->nz[x->id]; }

static int zero_suffix(Plan *g, const IrNode *x) {
    IrNode *const *in = x->in;
    switch (x->op) {
    case IR_ZEROS: return ext_get(g, EX_ZERO, -1, -1, -1, x->type.rows);
    case IR_SCATTER_ADD: return ext_of_index(g, in[1], x->type.rows);
    case IR_MATMUL: return x->ta ? ext_full(g, x->type.rows) : nz_of(g, in[0]);
    case IR_SCALE: case IR_RELU: case IR_TANH: case IR_LEAKY_RELU: case IR_ELU: case IR_GELU:
    case IR_NORMALIZE: case IR_DROPOUT: case IR_LAYER_NORM: case IR_SCALE_COLS:
        return nz_of(g, in[0]);  // f(0) = 0
    case IR_LAYER_NORM_GRAD: return nz_of(g, in[1]);  // a zero row of dy gives 0
    case IR_NORMALIZE_GRAD: return nz_of(g, in[1]);  // a zero row of x gives dy / eps
    case IR_SLICE: return nz_of(g, in[0]);
    case IR_CONCAT: return ext_max(g, nz_of(g, in[0]), nz_of(g, in[1]));
    case IR_MUL: case IR_MUL_COL: case IR_ROWDOT: case IR_RELU_GRAD: case IR_SIGMOID_GRAD:
    case IR_TANH_GRAD: case IR_LEAKY_RELU_GRAD: case IR_ELU_GRAD: case IR_GELU_GRAD:
        return ext_min(g, nz_of(g, in[0]), nz_of(g, in[1]));
    case IR_ADD: case IR_SUB: case IR_MAXIMUM:
        return ext_max(g, nz_of(g, in[0]), nz_of(g, in[1]));
    case IR_MAXIMUM_GRAD: return nz_of(g, in[2]);
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T: case IR_AGG_WSUM_T:
        return ext_reach(g, x->etype, nz_of(g, in[0]));
    case IR_AGG_MAX_GRAD: return ext_reach(g, x->etype, nz_of(g, in[2]));
    case IR_HEAD_DOT: case IR_HEAD_MUL: case IR_HEAD_MEAN: case IR_HEAD_MEAN_T:
        return nz_of(g, in[0]);  // row-wise, linear in their row operand
    // The adjoints of gat_agg reach the sources of edges into the rows where dy is not zero
    // (gat_grad_dst is zero on those rows: each term has a factor dy_i).
    // (gat_dalpha is zero on the edges into them, and so are the terms of the other two.)
    case IR_GAT_AGG_T: return ext_reach(g, x->etype, nz_of(g, in[1]));
    case IR_GAT_DALPHA: return ext_edges(g, x->etype, nz_of(g, in[1]));
    case IR_GAT_GRAD_SRC:
        return ext_reach(g, x->etype, ext_edges_dst(g, nz_of(g, in[1]), dst_dim(g, x)));
    case IR_GAT_GRAD_DST: return ext_edges_dst(g, nz_of(g, in[1]), dst_dim(g, x));
    default: return ext_full(g, x->type.rows);
    }
}

// Rows of the K dimension a^T b sums over: where both operands may be non-zero.
static int matmul_k_ext(Plan *g, const IrNode *x) {
    int a = nz_of(g, x->in[0]);
    return x->tb ? a : ext_min(g, a, nz_of(g, x->in[1]));
}

// The row count node x's kernel runs over, given the rows it computes: those rows, or for
// reductions over rows (and the transposed aggregations) the rows of the operand it reads.
static int work_of(Plan *g, const IrNode *x, int comp) {
    switch (x->op) {
    case IR_MATMUL: return x->ta ? matmul_k_ext(g, x) : comp;
    case IR_SUM_ROWS: case IR_SCATTER_ADD: case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
    case IR_AGG_WSUM_T:
        return nz_of(g, x->in[0]);
    case IR_AGG_MAX_GRAD: return nz_of(g, x->in[2]);
    case IR_GAT_AGG_T: return nz_of(g, x->in[1]);
    // gat_alpha and gat_dalpha run over the destinations of the edges they compute, gat_grad_src
    // over those of the edges where gat_dalpha is not zero
    case IR_GAT_ALPHA: case IR_GAT_DALPHA: return ext_edges_dst(g, comp, dst_dim(g, x));
    case IR_GAT_GRAD_SRC: return ext_edges_dst(g, nz_of(g, x->in[1]), dst_dim(g, x));
    case IR_HEAD_OUTER: return ext_min(g, nz_of(g, x->in[0]), nz_of(g, x->in[1]));
    case IR_BCE_LOGITS: case IR_MSE: case IR_BPR: case IR_PAIR_SUM: case IR_BPR_GRAD:
        return ext_full(g, x->in[0]->type.rows);
    default: return comp;
    }
}

// Rows of operand k that node x reads, given the rows it computes.
static int reads(Plan *g, const IrNode *x, int k, int comp) {
    const IrNode *in = x->in[k];
    int full = ext_full(g, in->type.rows);
    switch (x->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_SCALE: case IR_RELU: case IR_RELU_GRAD:
    case IR_SIGMOID: case IR_SIGMOID_GRAD: case IR_TANH: case IR_TANH_GRAD:
    case IR_LEAKY_RELU: case IR_LEAKY_RELU_GRAD: case IR_ELU: case IR_ELU_GRAD:
    case IR_GELU: case IR_GELU_GRAD: case IR_NORMALIZE: case IR_NORMALIZE_GRAD:
    case IR_MUL_COL: case IR_ROWDOT: case IR_CONCAT: case IR_SLICE: case IR_DROPOUT:
    case IR_LAYER_NORM: case IR_LAYER_NORM_GRAD: case IR_MAXIMUM: case IR_MAXIMUM_GRAD:
        return comp;
    case IR_BIAS_ADD: case IR_SCALE_COLS: return k == 0 ? comp : full;
    case IR_MATMUL:
        if (x->ta)
            return k == 0 || !x->tb ? matmul_k_ext(g, x) : full;
        return k == 0 ? comp : full;
    case IR_GATHER: return k == 0 ? ext_of_index(g, x->in[1], in->type.rows) : comp;
    case IR_SCATTER_ADD: case IR_SUM_ROWS: case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
    case IR_AGG_WSUM_T:
        return nz_of(g, x->in[0]);
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX: case IR_AGG_WSUM:
        return ext_reach(g, x->etype, comp);
    case IR_HEAD_DOT: case IR_HEAD_MUL: return k == 0 ? comp : full;
    case IR_HEAD_MEAN: case IR_HEAD_MEAN_T: return comp;
    case IR_HEAD_OUTER: return ext_min(g, nz_of(g, x->in[0]), nz_of(g, x->in[1]));
    // gat_agg, gat_alpha, gat_dalpha and gat_grad_dst read their destinations' rows (and
    // edges) and the sources those reach; gat_agg_t and gat_grad_src run over the destinations
    // where dy is not zero. Operands: gat_agg hs, as, ad; gat_alpha as, ad; gat_agg_t alpha, dy;
    // gat_dalpha hs, dy; gat_grad_* alpha, dalpha.
    case IR_GAT_AGG: return k == 2 ? comp : ext_reach(g, x->etype, comp);
    case IR_GAT_ALPHA: case IR_GAT_DALPHA: {
        int dst = ext_edges_dst(g, comp, dst_dim(g, x));
        return k == 1 ? dst : ext_reach(g, x->etype, dst);
    }
    case IR_GAT_GRAD_DST: return ext_edges(g, x->etype, comp);
    case IR_GAT_AGG_T: {
        int dst = nz_of(g, x->in[1]);
        return k == 0 ? ext_edges(g, x->etype, dst) : dst;
    }
    case IR_GAT_GRAD_SRC:
        return ext_edges(g, x->etype, ext_edges_dst(g, nz_of(g, x->in[1]), dst_dim(g, x)));
    case IR_AGG_MAX_GRAD:  // out is not read (the kernel recomputes the max)
        return k == 0 ? ext_reach(g, x->etype, nz_of(g, x->in[2]))
             : k == 1 ? EXT_NONE : nz_of(g, x->in[2]);
    default: return full;
    }
}

bool plan_runs_in(const Plan *g, int mode, int i) {
    return mode == HGNN_RUN_TRAIN ? g->trn[i] : mode == PLAN_EMBED ? g->emb[i] : g->fwd[i];
}

// need, comp and work of every node that runs in `mode`, by one walk from the outputs back.
static void plan_mode(Plan *g, int mode) {
    IrModule *m = g->m;
    int n = g->n_nodes;
    int *need = g->need[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *need);
    int *comp = g->comp[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *comp);
    int *work = g->work[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *work);
    for (int i = 0; i < n; i++)
        need[i] = comp[i] = work[i] = EXT_NONE;
    if (m->scores && mode != PLAN_EMBED)
        need[m->scores->id] = ext_full(g, m->scores->type.rows);
    if (m->loss && mode != PLAN_EMBED)
        need[m->loss->id] = ext_full(g, m->loss->type.rows);
    for (int p = 0; mode == HGNN_RUN_TRAIN && p < m->n_params; p++)
        if (m->params[p].grad)
            need[m->params[p].grad->id] = ext_full(g, m->params[p].grad->type.rows);
    // embed() writes every row of every embedding: whole-graph inference needs them all.
    for (int t = 0; mode == PLAN_EMBED && t < m->n_node_types; t++)
        if (m->embed[t])
            need[m->embed[t]->id] = ext_full(g, m->embed[t]->type.rows);
    // Readers come after what they read, so a node's need is final when the walk reaches it.
    for (int i = n - 1; i >= 0; i--) {
        IrNode *x = g->nodes[i];
        if (!plan_runs_in(g, mode, i))
            continue;
        if (need[i] == EXT_NONE || g->off & CODEGEN_NO_EXTENTS)
            need[i] = ext_full(g, x->type.rows);
        comp[i] = ext_min(g, need[i], g->nz[i]);
        work[i] = work_of(g, x, comp[i]);
        for (int k = 0; k < ir_op_arity(x->op); k++) {
            int in = x->in[k]->id;
            need[in] = ext_max(g, need[in], reads(g, x, k, comp[i]));
        }
    }
}

static void plan_extents(Plan *g) {
    int n = g->n_nodes;
    g->nz = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->nz);
    for (int i = 0; i < n; i++)
        g->nz[i] = g->off & CODEGEN_NO_EXTENTS ? ext_full(g, g->nodes[i]->type.rows)
                                               : zero_suffix(g, g->nodes[i]);
    plan_mode(g, HGNN_RUN_FORWARD);
    plan_mode(g, HGNN_RUN_TRAIN);
    plan_mode(g, PLAN_EMBED);
}

// ---- planning: where each value lives ----------------------------------------------------------

int plan_gemm(const IrNode *x, unsigned off) {
    int64_t c = x->type.cols, K = x->in[0]->type.cols;
    bool cols = c % 16 == 0 && c <= 64;
    if (!x->ta && cols && K >= 1 && K <= 256 && !(off & CODEGEN_NO_GEMM))
        return PLAN_GEMM_OWN;
    bool tn = x->ta && !x->tb && !(off & (CODEGEN_NO_GEMM | CODEGEN_NO_GEMM_TN));
    if (tn && cols && K <= 256)
        return PLAN_GEMM_TN;
    if (tn && K % 16 == 0 && K <= 64 && c <= 256)
        return PLAN_GEMM_TN_T;
    return PLAN_GEMM_HOST;
}

bool plan_is_leaf(IrOp op) {
    return op == IR_PARAM || op == IR_NODE_IDS || op == IR_FEATURES || op == IR_LABELS ||
           op == IR_LABEL_SRC || op == IR_LABEL_DST;
}

// Two nodes run in the same modes: a value fuses only into a node that runs whenever it does.
static bool same_modes(const Plan *g, int a, int b) {
    return g->fwd[a] == g->fwd[b] && g->trn[a] == g->trn[b] && g->emb[a] == g->emb[b];
}

// Fuses add(p, q), where q is a matmul, a transposed sum or mean aggregation or a gather computed
// after p and both are read by nothing else: p writes straight into the add's storage and q
// accumulates onto it (a product with beta = 1, an aggregation without zeroing its rows first,
// a gather adding its rows), so the add costs nothing. SAGE's lin_l(..) + lin_r(x) and the
// adjoints that sum two paths fuse so.
// Extents need not agree: p (with its zero fill) writes the add's comp rows, which are p's need;
// q accumulates only its own comp rows, as its rows past them are zero (so q fills no zeros).
// Ops that can add onto what their output holds: products (beta = 1), the transposed sum and
// mean aggregations (codegen.c then passes them no rows to zero) and gathers (k_gather_add; an
// embedding added to a projection of features, as x.movie = movie_lin(x) + movie_emb(n_id)).
static bool accumulates(IrOp op) {
    return op == IR_MATMUL || op == IR_AGG_SUM_T || op == IR_AGG_MEAN_T || op == IR_GATHER;
}

static void plan_fusion(Plan *g) {
    const int *last = g->last;
    int n = g->n_nodes;
    g->into = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->into);
    g->accum = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->accum);
    g->bias = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->bias);
    g->fill = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->fill);
    g->fused = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->fused);
    int *uses = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *uses);
    for (int i = 0; i < n; i++) {
        g->into[i] = g->bias[i] = g->fill[i] = -1;
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            uses[g->nodes[i]->in[k]->id]++;
    }
    if (g->off & CODEGEN_NO_FUSE)
        return;
    // bias_add(matmul, b): the matmul's output starts as b in every row and the product
    // accumulates onto it, which saves the pass over the result that bias_add would make. b is
    // a parameter (codegen.c loads its pointer when the product needs it) or a value computed
    // before the product.
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        if (x->op != IR_BIAS_ADD)
            continue;
        int q = x->in[0]->id, b = x->in[1]->id;
        bool ok = g->nodes[q]->op == IR_MATMUL && g->store[q] == ST_SLOT && uses[q] == 1 &&
                  last[q] == i && (b < q || g->nodes[b]->op == IR_PARAM) && same_modes(g, q, i);
        if (!ok)
            continue;
        g->into[q] = i;
        g->accum[q] = true;
        g->bias[q] = b;
        g->fill[q] = i;
        g->fused[i] = true;
    }
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        if (x->op != IR_ADD || x->in[0] == x->in[1])
            continue;
        int a = x->in[0]->id, b = x->in[1]->id;
        int p = a < b ? a : b, q = a < b ? b : a;   // q runs after p
        IrNode *qn = g->nodes[q];
        bool ok = accumulates(qn->op) && g->store[p] == ST_SLOT && g->store[q] == ST_SLOT &&
                  uses[p] == 1 && uses[q] == 1 && last[p] == i && last[q] == i &&
                  g->into[p] < 0 && g->into[q] < 0 && same_modes(g, p, i) &&
                  same_modes(g, q, i);
        if (!ok)
            continue;
        g->into[p] = g->into[q] = i;
        g->accum[q] = true;
        g->fused[i] = true;
    }
    // A fused bias_add or add may itself be an operand of a fused add (a sum of three terms):
    // what writes into it writes the outer add's storage.
    for (int i = n - 1; i >= 0; i--)
        if (g->into[i] >= 0 && g->into[g->into[i]] >= 0)
            g->into[i] = g->into[g->into[i]];
}

// Assigns storage. Slots are planned over the training order (every node); forward mode runs a
// subset of the same nodes in the same order, so the plan is valid for it too. A slot is reused
// by a later value of the same shape once the last reader of its value has run.
static void plan_storage(Plan *g) {
    IrModule *m = g->m;
    ir_number(m);
    int n = 0;
    for (IrNode *x = m->head; x; x = x->next)
        n++;
    Arena *a = m->arena;
    g->n_nodes = n;
    g->nodes = arena_alloc(a, (size_t)(n + 1) * sizeof *g->nodes);
    g->store = arena_alloc(a, (size_t)(n + 1) * sizeof *g->store);
    g->slot = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot);
    g->fwd = arena_alloc(a, (size_t)(n + 1) * sizeof *g->fwd);
    g->trn = arena_alloc(a, (size_t)(n + 1) * sizeof *g->trn);
    g->emb = arena_alloc(a, (size_t)(n + 1) * sizeof *g->emb);
    int *last = g->last = arena_alloc(a, (size_t)(n + 1) * sizeof *last);
    for (IrNode *x = m->head; x; x = x->next)
        g->nodes[x->id] = x;

    // What each mode runs: the nodes its outputs depend on.
    if (m->scores)
        g->fwd[m->scores->id] = g->trn[m->scores->id] = true;
    if (m->loss)
        g->fwd[m->loss->id] = g->trn[m->loss->id] = true;
    for (int p = 0; p < m->n_params; p++)
        if (m->params[p].grad)
            g->trn[m->params[p].grad->id] = true;
    for (int t = 0; t < m->n_node_types; t++)
        if (m->embed[t])
            g->emb[m->embed[t]->id] = true;
    for (int i = n - 1; i >= 0; i--)
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++) {
            int in = g->nodes[i]->in[k]->id;
            g->fwd[in] |= g->fwd[i];
            g->trn[in] |= g->trn[i];
            g->emb[in] |= g->emb[i];
        }

    for (int i = 0; i < n; i++) {
        g->store[i] = plan_is_leaf(g->nodes[i]->op) ? ST_LEAF : ST_SLOT;
        g->slot[i] = -1;
        last[i] = -1;
    }
    if (m->scores && g->store[m->scores->id] == ST_SLOT)
        g->store[m->scores->id] = ST_SCORES;
    if (m->loss && g->store[m->loss->id] == ST_SLOT)
        g->store[m->loss->id] = ST_LOSS;
    for (int p = 0; p < m->n_params; p++) {
        IrNode *gr = m->params[p].grad;
        if (!gr)
            continue;
        if (g->store[gr->id] == ST_SLOT) {
            g->store[gr->id] = ST_GRAD;
            g->slot[gr->id] = p;
        } else {
            last[gr->id] = n;  // copied into grads[p] after the last node
        }
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            if (last[g->nodes[i]->in[k]->id] < i)
                last[g->nodes[i]->in[k]->id] = i;

    plan_extents(g);
    plan_fusion(g);

    g->slot_rows = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot_rows);
    g->slot_cols = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot_cols);
    bool *busy = arena_alloc(a, (size_t)(n + 1) * sizeof *busy);
    g->n_slots = 0;
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        // The first operand of a fused add opens the add's storage; the add itself and its
        // matmul write into what is already there.
        int own = g->into[i] >= 0 ? g->into[i] : i;
        if (g->store[own] == ST_SLOT && g->slot[own] < 0) {
            IrNode *o = g->nodes[own];
            int s = -1;
            for (int k = 0; k < g->n_slots && s < 0 && !(g->off & CODEGEN_NO_REUSE); k++)
                if (!busy[k] && dim_same(g->slot_rows[k], o->type.rows) &&
                    g->slot_cols[k] == o->type.cols)
                    s = k;
            if (s < 0) {
                s = g->n_slots++;
                g->slot_rows[s] = o->type.rows;
                g->slot_cols[s] = o->type.cols;
            }
            busy[s] = true;
            g->slot[own] = s;
        }
        // Release after the node: an output never shares memory with its own operands.
        for (int k = 0; k < ir_op_arity(x->op); k++) {
            int in = x->in[k]->id;
            if (g->store[in] == ST_SLOT && g->into[in] < 0 && last[in] == i)
                busy[g->slot[in]] = false;
        }
        if (g->store[i] == ST_SLOT && g->into[i] < 0 && last[i] < 0)
            busy[g->slot[i]] = false;
    }
}

// Parameter p's gradient is sparse (HGNN_PARAM_SPARSE_GRAD): p is an embedding over all nodes of
// type t, and its gradient is one scatter of batch rows at node_ids[t], computed in place in the
// caller's buffer and read by nothing else. Rows outside node_ids[t] are zero, so
// HGNN_RUN_TRAIN_SPARSE may leave them alone.
static bool sparse_param(const Plan *g, int p) {
    const IrParam *pa = &g->m->params[p];
    const IrNode *gr = pa->grad;
    if (!gr || pa->rows.kind != DIM_GRAPH || gr->op != IR_SCATTER_ADD ||
        gr->in[1]->op != IR_NODE_IDS || gr->in[1]->ntype != pa->rows.n ||
        g->store[gr->id] != ST_GRAD || g->slot[gr->id] != p || g->into[gr->id] >= 0 ||
        (g->off & CODEGEN_NO_SPARSE_GRAD))
        return false;
    for (int i = 0; i < g->n_nodes; i++)
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            if (g->nodes[i]->in[k] == gr)
                return false;
    return true;
}

void pass_plan(IrModule *m, unsigned off) {
    Plan *g = arena_alloc(m->arena, sizeof *g);
    memset(g, 0, sizeof *g);
    g->m = m;
    g->off = off;
    plan_storage(g);
    g->sparse = arena_alloc(m->arena, (size_t)(m->n_params + 1) * sizeof *g->sparse);
    for (int p = 0; p < m->n_params; p++)
        g->sparse[p] = sparse_param(g, p);
    m->plan = g;
}

// ---- plan_verify -------------------------------------------------------------------------------

#define PLAN_CHECK(cond, node, ...) IR_CHECK_IN("pass_plan.c", cond, node, __VA_ARGS__)

// Every extent is built from earlier ones and counts rows of the dimension its operands count.
static void verify_extents(const IrModule *m, const Plan *g) {
    for (int k = 0; k < g->n_ext; k++) {
        const PlanExt *x = &g->ext[k];
        switch (x->kind) {
        case EX_FULL: case EX_ZERO: break;
        case EX_LMAX:
            PLAN_CHECK(x->e == 0 || x->e == 1, NULL, "e%d: lmax of index %d", k, x->e);
            PLAN_CHECK(x->dim.kind == DIM_NODES, NULL, "e%d: lmax over a non-node dimension", k);
            break;
        case EX_REACH:
            PLAN_CHECK(x->e >= 0 && x->e < m->n_edge_types, NULL, "e%d: edge type %d", k, x->e);
            PLAN_CHECK(x->a >= 0 && x->a < k, NULL, "e%d: operand e%d not before it", k, x->a);
            PLAN_CHECK(x->dim.kind == DIM_NODES && x->dim.n == m->edge_types[x->e].src, NULL,
                       "e%d: reach does not count the edge type's sources", k);
            PLAN_CHECK(dim_same(g->ext[x->a].dim,
                                (IrDim){DIM_NODES, m->edge_types[x->e].dst}),
                       NULL, "e%d: reach from rows that are not the edge type's destinations", k);
            break;
        case EX_EDGES:
            PLAN_CHECK(x->e >= 0 && x->e < m->n_edge_types, NULL, "e%d: edge type %d", k, x->e);
            PLAN_CHECK(x->a >= 0 && x->a < k, NULL, "e%d: operand e%d not before it", k, x->a);
            PLAN_CHECK(dim_same(x->dim, (IrDim){DIM_EDGES, x->e}), NULL,
                       "e%d: edges of another edge type", k);
            PLAN_CHECK(dim_same(g->ext[x->a].dim,
                                (IrDim){DIM_NODES, m->edge_types[x->e].dst}),
                       NULL, "e%d: edges into rows that are not the edge type's destinations", k);
            break;
        case EX_MAX: case EX_MIN:
            PLAN_CHECK(x->a >= 0 && x->a < x->b && x->b < k, NULL, "e%d: operands e%d, e%d", k,
                       x->a, x->b);
            PLAN_CHECK(dim_same(g->ext[x->a].dim, x->dim) && dim_same(g->ext[x->b].dim, x->dim),
                       NULL, "e%d: operands of another dimension", k);
            break;
        default: ir_internal_error("pass_plan.c", __LINE__, NULL, "e%d: unknown kind %d", k,
                                   x->kind);
        }
    }
}

static bool ext_valid(const Plan *g, int e) { return e >= 0 && e < g->n_ext; }

// Extents by node: nz, and need / comp / work in each mode it runs in, none in the others.
static void verify_rows(const Plan *g) {
    for (int i = 0; i < g->n_nodes; i++) {
        const IrNode *x = g->nodes[i];
        PLAN_CHECK(x->id == i, x, "numbered %d, planned as %d", x->id, i);
        PLAN_CHECK(ext_valid(g, g->nz[i]) && dim_same(g->ext[g->nz[i]].dim, x->type.rows), x,
                   "zero suffix e%d", g->nz[i]);
        for (int md = HGNN_RUN_FORWARD; md < PLAN_MODES; md++) {
            int need = g->need[md][i], comp = g->comp[md][i], work = g->work[md][i];
            if (!plan_runs_in(g, md, i)) {
                PLAN_CHECK(need == EXT_NONE && comp == EXT_NONE && work == EXT_NONE, x,
                           "planned in a mode it does not run in");
                continue;
            }
            PLAN_CHECK(ext_valid(g, need) && ext_valid(g, comp) && ext_valid(g, work), x,
                       "mode %d: extents e%d e%d e%d", md, need, comp, work);
            PLAN_CHECK(dim_same(g->ext[need].dim, x->type.rows) &&
                           dim_same(g->ext[comp].dim, x->type.rows),
                       x, "mode %d: need or comp counts another dimension", md);
        }
    }
}

// A fused add or bias_add is written by its operands, each a value of its shape sharing its
// storage; an accumulating product writes into such a node; a fused bias is the bias_add's bias.
static void verify_fusion(const Plan *g) {
    for (int i = 0; i < g->n_nodes; i++) {
        const IrNode *x = g->nodes[i];
        int t = g->into[i];
        if (t >= 0) {
            const IrNode *y = g->nodes[t];
            PLAN_CHECK(t > i && t < g->n_nodes && g->fused[t], x, "writes into %%%d, not fused",
                       t);
            PLAN_CHECK(dim_same(x->type.rows, y->type.rows) && x->type.cols == y->type.cols, x,
                       "writes into %%%d of another shape", t);
            PLAN_CHECK(g->into[t] < 0, x, "writes into %%%d, itself fused", t);
        }
        if (g->accum[i])
            PLAN_CHECK(accumulates(x->op) && t >= 0, x, "accumulates but writes no fused add");
        if (g->bias[i] >= 0) {
            int f = g->fill[i];
            PLAN_CHECK(g->accum[i] && f > i && f < g->n_nodes && g->fused[f] &&
                           g->nodes[f]->op == IR_BIAS_ADD && g->nodes[f]->in[0] == x &&
                           g->nodes[f]->in[1]->id == g->bias[i],
                       x, "bias %%%d, fill %%%d", g->bias[i], f);
        }
        if (!g->fused[i])
            continue;
        PLAN_CHECK(x->op == IR_ADD || x->op == IR_BIAS_ADD, x, "fused, but not an add");
        int own = g->into[i] >= 0 ? g->into[i] : i;
        for (int k = 0; k < (x->op == IR_ADD ? 2 : 1); k++) {
            const IrNode *in = x->in[k];
            PLAN_CHECK(g->into[in->id] == own, x, "operand %%%d writes elsewhere", in->id);
        }
    }
}

// Storage matches the node, and two values never share a slot while both are live: a slot's
// value lives from the first node writing it to its last reader.
static void verify_storage(const IrModule *m, const Plan *g) {
    int n = g->n_nodes;
    int *start = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *start);
    for (int i = 0; i < n; i++)
        start[i] = -1;
    for (int i = 0; i < n; i++) {
        const IrNode *x = g->nodes[i];
        PLAN_CHECK((g->store[i] == ST_LEAF) == plan_is_leaf(x->op), x, "store %d", g->store[i]);
        int own = g->into[i] >= 0 ? g->into[i] : i;
        if (start[own] < 0)
            start[own] = i;
        if (g->store[i] == ST_GRAD)
            PLAN_CHECK(g->slot[i] >= 0 && g->slot[i] < m->n_params &&
                           m->params[g->slot[i]].grad == x,
                       x, "gradient of parameter %d", g->slot[i]);
        if (g->store[i] != ST_SLOT || g->into[i] >= 0)
            continue;
        int s = g->slot[i];
        PLAN_CHECK(s >= 0 && s < g->n_slots, x, "slot %d of %d", s, g->n_slots);
        PLAN_CHECK(dim_same(g->slot_rows[s], x->type.rows) && g->slot_cols[s] == x->type.cols,
                   x, "slot s%d of another shape", s);
    }
    for (int i = 0; i < n; i++) {
        if (g->store[i] != ST_SLOT || g->into[i] >= 0)
            continue;
        int end_i = g->last[i] < 0 ? i : g->last[i];
        for (int j = i + 1; j < n; j++) {
            if (g->store[j] != ST_SLOT || g->into[j] >= 0 || g->slot[j] != g->slot[i])
                continue;
            int end_j = g->last[j] < 0 ? j : g->last[j];
            PLAN_CHECK(start[j] > end_i || start[i] > end_j, g->nodes[j],
                       "slot s%d also holds %%%d, live from %%%d to %%%d", g->slot[j], i, start[i],
                       end_i);
        }
    }
    for (int p = 0; p < m->n_params; p++)
        if (g->sparse[p])
            PLAN_CHECK(m->params[p].grad && m->params[p].grad->op == IR_SCATTER_ADD &&
                           g->store[m->params[p].grad->id] == ST_GRAD,
                       NULL, "sparse gradient of %s is no scatter in place", m->params[p].name);
}

void plan_verify(const IrModule *m, const Plan *p) {
    int n = 0;
    for (const IrNode *x = m->head; x; x = x->next)
        n++;
    PLAN_CHECK(p && p->m == m && p->n_nodes == n, NULL, "the plan is not of this module");
    verify_extents(m, p);
    verify_rows(p);
    verify_fusion(p);
    verify_storage(m, p);
}

// ---- plan_print --------------------------------------------------------------------------------

static void ext_print(FILE *f, const IrModule *m, const PlanExt *x) {
    switch (x->kind) {
    case EX_FULL: fputs("full", f); break;
    case EX_ZERO: fputs("zero", f); break;
    case EX_LMAX: fputs(x->e ? "lmax label_dst" : "lmax label_src", f); break;
    case EX_REACH: fprintf(f, "reach e%d %s", x->a, m->edge_types[x->e].name); break;
    case EX_EDGES: fprintf(f, "edges e%d %s", x->a, m->edge_types[x->e].name); break;
    case EX_MAX: fprintf(f, "max e%d e%d", x->a, x->b); break;
    case EX_MIN: fprintf(f, "min e%d e%d", x->a, x->b); break;
    default: fputs("?", f); break;
    }
    fputs(" : ", f);
    ir_dim_print(f, m, x->dim);
}

static void node_print(FILE *f, const IrModule *m, const Plan *g, int i) {
    const IrNode *x = g->nodes[i];
    fprintf(f, "%%%d %s", i, ir_op_name(x->op));
    switch (g->store[i]) {
    case ST_LEAF: fputs(" leaf", f); break;
    case ST_SLOT:
        if (g->into[i] < 0)
            fprintf(f, " s%d", g->slot[i]);
        else
            fprintf(f, " into %%%d", g->into[i]);
        break;
    case ST_SCORES: fputs(" scores", f); break;
    case ST_LOSS: fputs(" loss", f); break;
    case ST_GRAD: fprintf(f, " grad %s", m->params[g->slot[i]].name); break;
    }
    fprintf(f, " nz e%d", g->nz[i]);
    static const char *const mode_names[PLAN_MODES] = {"forward", "train", "embed"};
    for (int md = HGNN_RUN_FORWARD; md < PLAN_MODES; md++)
        if (plan_runs_in(g, md, i))
            fprintf(f, " %s e%d/e%d/e%d", mode_names[md], g->need[md][i], g->comp[md][i],
                    g->work[md][i]);
    if (g->fused[i])
        fputs(" fused", f);
    if (g->accum[i])
        fputs(" accum", f);
    if (g->bias[i] >= 0)
        fprintf(f, " bias %%%d fill %%%d", g->bias[i], g->fill[i]);
    if (g->store[i] == ST_GRAD && g->sparse[g->slot[i]])
        fputs(" sparse", f);
    fputc('\n', f);
}

void plan_print(FILE *f, IrModule *m, const Plan *g) {
    ir_print(f, m);
    fprintf(f, "\nplan%s%s%s%s\n", g->off & CODEGEN_NO_EXTENTS ? " no-extents" : "",
            g->off & CODEGEN_NO_FUSE ? " no-fuse" : "", g->off & CODEGEN_NO_REUSE ? " no-reuse" : "",
            g->off & CODEGEN_NO_SPARSE_GRAD ? " no-sparse-grad" : "");
    for (int k = 0; k < g->n_ext; k++) {
        fprintf(f, "e%d = ", k);
        ext_print(f, m, &g->ext[k]);
        fputc('\n', f);
    }
    for (int s = 0; s < g->n_slots; s++) {
        fprintf(f, "s%d = f32[", s);
        ir_dim_print(f, m, g->slot_rows[s]);
        fprintf(f, " x %lld]\n", (long long)g->slot_cols[s]);
    }
    fputs("# %id op storage nz ZERO-SUFFIX [MODE NEED/COMP/WORK]... fusion\n", f);
    for (int i = 0; i < g->n_nodes; i++)
        node_print(f, m, g, i);
}
