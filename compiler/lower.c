// lower.c — lowering from the checked syntax tree to the generic IR. Takes a SemModel; yields an
// IrModule whose to_hetero block appears once, generically, for pass_hetero to expand.
#include "lower.h"

#include <assert.h>
#include <math.h>
#include <string.h>

// The generic form pass_hetero expects:
//   * node-wise values carry their node type, or -1 inside the block (rows N, unresolved);
//   * the block's input is a ZEROS placeholder f32[N x width] named "x";
//   * each application of a layer is a contiguous run of nodes with scope = layer number that
//     starts with the layer's PARAM nodes; its AGG_* nodes have edge type -1.

typedef struct Lowerer {
    Arena *arena;
    const SemModel *sm;
    IrModule *m;
    int *first_param;       // per module: index of its first parameter
    IrNode *node_ids[IR_MAX_NODE_TYPES];    // NODE_IDS leaves, emitted once per type
    IrNode *features[IR_MAX_NODE_TYPES];    // FEATURES leaves, likewise
    IrNode **values;        // the block's value bindings (0: the input x)
    int n_dropout;          // dropouts lowered so far: the next one's stream
} Lowerer;

// Parameters follow PyG's state_dict: names, shapes (weights out x in, biases 1 x out) and
// default initialisers (spec §4): Linear U(+-1/sqrt(fan_in)), Embedding N(0, 1). PyG's Linear
// draws weight and bias alike (kaiming_uniform a=sqrt(5): bound 1/sqrt(in)) in SAGEConv and
// GraphConv.
static void add_params(Lowerer *lw) {
    IrModule *m = lw->m;
    const SemModel *sm = lw->sm;
    lw->first_param = arena_alloc(lw->arena, sizeof(int) * (size_t)(sm->n_modules + 1));
    for (int i = 0; i < sm->n_modules; i++) {
        const SemModule *mod = &sm->modules[i];
        IrDim c1 = {DIM_CONST, 1}, cout = {DIM_CONST, mod->out};
        float bound = 1.0f / sqrtf((float)mod->in);
        const char *p = mod->path;
        lw->first_param[i] = m->n_params;
        switch (mod->kind) {
        case MOD_LINEAR:
            ir_param_add(m, arena_printf(lw->arena, "%s.weight", p), cout, mod->in,
                         HGNN_INIT_UNIFORM, bound, 0, mod->loc);
            if (mod->bias)
                ir_param_add(m, arena_printf(lw->arena, "%s.bias", p), c1, mod->out,
                             HGNN_INIT_UNIFORM, bound, 0, mod->loc);
            break;
        case MOD_EMBEDDING:
            ir_param_add(m, arena_printf(lw->arena, "%s.weight", p),
                         (IrDim){DIM_GRAPH, mod->ntype}, mod->out, HGNN_INIT_NORMAL,
                         (float)mod->std, 0, mod->loc);
            break;
        case MOD_LG_CONV:  // no weights
            break;
        case MOD_LAYER_NORM: {
            // LayerNorm's weight (ones) and bias (zeros), [C] in PyG, [1 x C] here as biases.
            int w = ir_param_add(m, arena_printf(lw->arena, "%s.weight", p), c1, mod->out,
                                 HGNN_INIT_ONES, 0, 0, mod->loc);
            int b = ir_param_add(m, arena_printf(lw->arena, "%s.bias", p), c1, mod->out,
                                 HGNN_INIT_ZEROS, 0, 0, mod->loc);
            m->params[w].per_type = m->params[b].per_type = mod->in_block ? i + 1 : 0;
            m->params[w].vector = 1;
            break;
        }
        case MOD_SAGE:
        case MOD_GRAPH_CONV: {
            // The neighbour linear (with bias), then the root linear (without): PyG's order.
            const char *nb = mod->kind == MOD_SAGE ? "lin_l" : "lin_rel";
            const char *root = mod->kind == MOD_SAGE ? "lin_r" : "lin_root";
            ir_param_add(m, arena_printf(lw->arena, "%s.%s.weight", p, nb), cout, mod->in,
                         HGNN_INIT_UNIFORM, bound, mod->layer, mod->loc);
            ir_param_add(m, arena_printf(lw->arena, "%s.%s.bias", p, nb), c1, mod->out,
                         HGNN_INIT_UNIFORM, bound, mod->layer, mod->loc);
            ir_param_add(m, arena_printf(lw->arena, "%s.%s.weight", p, root), cout, mod->in,
                         HGNN_INIT_UNIFORM, bound, mod->layer, mod->loc);
            break;
        }
        case MOD_GAT: {
            // GATConv's state_dict order: its own parameters (att_src, att_dst, bias), then
            // lin_src.weight, listed again as lin_dst.weight (one Linear for an integer IN),
            // or then lin_dst.weight, a Linear of its own [H*OUT x IN_dst] for a tuple IN.
            // glorot: U(+-sqrt(6 / (fan_in + fan_out))) over the last two dims; bias zeros.
            int64_t hc = (int64_t)mod->heads * mod->out;
            float att = sqrtf(6.0f / (float)(mod->heads + mod->out));
            float lin = sqrtf(6.0f / (float)(hc + mod->in));
            for (int k = 0; k < 2; k++) {
                int a = ir_param_add(m, arena_printf(lw->arena, "%s.att_%s", p, k ? "dst" : "src"),
                                     c1, hc, HGNN_INIT_UNIFORM, att, mod->layer, mod->loc);
                m->params[a].heads = mod->heads;  // PyG's shape [1, H, C]
            }
            ir_param_add(m, arena_printf(lw->arena, "%s.bias", p), c1, sem_out_width(mod),
                         HGNN_INIT_ZEROS, 0, mod->layer, mod->loc);
            int w = ir_param_add(m, arena_printf(lw->arena, "%s.lin_src.weight", p),
                                 (IrDim){DIM_CONST, hc}, mod->in, HGNN_INIT_UNIFORM, lin,
                                 mod->layer, mod->loc);
            if (mod->in_dst > 0)
                ir_param_add(m, arena_printf(lw->arena, "%s.lin_dst.weight", p),
                             (IrDim){DIM_CONST, hc}, mod->in_dst, HGNN_INIT_UNIFORM,
                             sqrtf(6.0f / (float)(hc + mod->in_dst)), mod->layer, mod->loc);
            else
                m->params[w].alias = arena_printf(lw->arena, "%s.lin_dst.weight", p);
            break;
        }
        }
    }
}

static IrNode *node_ids(Lowerer *lw, int t, Loc loc) {
    if (!lw->node_ids[t])
        lw->node_ids[t] = ir_emit_leaf(lw->m, IR_NODE_IDS, t, loc);
    return lw->node_ids[t];
}

static IrNode *param(Lowerer *lw, int p, Loc loc, int scope) {
    IrNode *n = ir_emit_param(lw->m, p, loc);
    n->scope = scope;
    return n;
}

static IrNode *with_scope(IrNode *n, int scope) {
    n->scope = scope;
    return n;
}

// SAGEConv (spec §4): out = lin_l(aggr_{j->i} x_j) + lin_r(x_i), lin_r without bias.
// GraphConv is the same with lin_rel, lin_root: W_2 (aggr_{j->i} x_j) + b + W_1 x_i (PyG 2.4,
// without edge weights); only the names and the default aggregation differ, both set by sema.
static IrNode *conv(Lowerer *lw, const SemModule *mod, int p0, IrNode *x, Loc loc) {
    IrModule *m = lw->m;
    int s = mod->layer;
    IrNode *wl = param(lw, p0, loc, s), *bl = param(lw, p0 + 1, loc, s);
    IrNode *wr = param(lw, p0 + 2, loc, s);
    IrNode *agg = with_scope(ir_emit_agg(m, mod->aggr, -1, loc, x, NULL, NULL), s);
    IrNode *l = with_scope(ir_emit_matmul(m, loc, agg, 0, wl, 1), s);
    l = with_scope(ir_emit(m, IR_BIAS_ADD, loc, l, bl, NULL), s);
    IrNode *r = with_scope(ir_emit_matmul(m, loc, x, 0, wr, 1), s);
    return with_scope(ir_emit(m, IR_ADD, loc, l, r, NULL), s);
}

// LGConv (PyG 2.4, normalize=True): out_i = sum_{j->i} x_j / sqrt(deg(j) deg(i)), the degrees
// of the message-passing graph, which the runtime puts into the batch's edge weights
// (HGNN_NEEDS_EDGE_NORM). One agg_wsum, named after the layer for to_hetero's copies.
static IrNode *lg_conv(Lowerer *lw, const SemModule *mod, IrNode *x, Loc loc) {
    IrNode *agg = with_scope(ir_emit_agg(lw->m, IR_AGG_WSUM, -1, loc, x, NULL, NULL), mod->layer);
    agg->name = mod->path;
    lw->m->needs |= HGNN_NEEDS_EDGE_NORM;
    return agg;
}

// GATConv (PyG 2.4, add_self_loops=False): hs = x_s W^T, hd = x_d W^T (one W; with a tuple
// (IN_src, IN_dst), hd = x_d W_dst^T, lin_dst's own weight), per head
// as = <hs, att_src>, ad = <hd, att_dst>, out_i = sum_{j->i} softmax_j(leaky_relu(as_j + ad_i))
// hs_j, heads concatenated or averaged, + bias. The x read through src_side matmuls is the
// edge type's source (pass_hetero).
static IrNode *gat(Lowerer *lw, const SemModule *mod, int p0, IrNode *x, Loc loc) {
    IrModule *m = lw->m;
    int s = mod->layer, H = mod->heads;
    IrNode *att_s = param(lw, p0, loc, s), *att_d = param(lw, p0 + 1, loc, s);
    IrNode *bias = param(lw, p0 + 2, loc, s), *w = param(lw, p0 + 3, loc, s);
    IrNode *wd = mod->in_dst > 0 ? param(lw, p0 + 4, loc, s) : w;
    IrNode *hs = with_scope(ir_emit_matmul(m, loc, x, 0, w, 1), s);
    hs->src_side = 1;
    IrNode *hd = with_scope(ir_emit_matmul(m, loc, x, 0, wd, 1), s);
    IrNode *as = with_scope(ir_emit_head(m, IR_HEAD_DOT, loc, hs, att_s, H), s);
    IrNode *ad = with_scope(ir_emit_head(m, IR_HEAD_DOT, loc, hd, att_d, H), s);
    IrNode attr = {.heads = H, .f = (float)mod->slope, .p = (float)mod->dropout, .salt = s};
    IrNode *y = with_scope(ir_emit_gat(m, IR_GAT_AGG, &attr, -1, loc, hs, as, ad, NULL), s);
    if (!mod->concat)
        y = with_scope(ir_emit_head(m, IR_HEAD_MEAN, loc, y, NULL, H), s);
    return with_scope(ir_emit(m, IR_BIAS_ADD, loc, y, bias, NULL), s);
}

static IrOp builtin_op(const char *name) {
    if (strcmp(name, "sigmoid") == 0)
        return IR_SIGMOID;
    if (strcmp(name, "tanh") == 0)
        return IR_TANH;
    if (strcmp(name, "leaky_relu") == 0)
        return IR_LEAKY_RELU;
    if (strcmp(name, "elu") == 0)
        return IR_ELU;
    if (strcmp(name, "gelu") == 0)
        return IR_GELU;
    if (strcmp(name, "normalize") == 0)
        return IR_NORMALIZE;
    if (strcmp(name, "dropout") == 0)
        return IR_DROPOUT;
    assert(strcmp(name, "relu") == 0);
    return IR_RELU;
}

static IrNode *expr_ir(Lowerer *lw, const AstNode *e) {
    IrModule *m = lw->m;
    switch (e->kind) {
    case ND_MEMBER: {
        int t = e->ntype;
        if (strcmp(e->name, "node_id") == 0)
            return node_ids(lw, t, e->loc);
        if (!lw->features[t])
            lw->features[t] = ir_emit_leaf(m, IR_FEATURES, t, e->loc);
        return ir_emit(m, IR_GATHER, e->loc, lw->features[t], node_ids(lw, t, e->loc), NULL);
    }
    case ND_CALL: {
        if (strcmp(e->name, "cat") == 0) {  // cat(a, b, c) = concat(concat(a, b), c)
            IrNode *y = expr_ir(lw, e->list);
            for (const AstNode *a = e->list->next; a; a = a->next)
                y = ir_emit(m, IR_CONCAT, e->loc, y, expr_ir(lw, a), NULL);
            return y;
        }
        IrNode *x = expr_ir(lw, e->list);
        if (e->ref < 0) {  // a built-in function (sema.c: builtin_function)
            IrNode *y = ir_emit(m, builtin_op(e->name), e->loc, x, NULL, NULL);
            if (y->op == IR_LEAKY_RELU || y->op == IR_ELU || y->op == IR_DROPOUT)
                y->f = (float)e->fval;  // negative_slope, alpha, p
            // Each dropout its own random stream, and each node type its own within it
            // (pass_hetero adds the type of a copy made in the block).
            if (y->op == IR_DROPOUT)
                y->k = (int64_t)lw->n_dropout++ * IR_MAX_NODE_TYPES +
                       (x->ntype >= 0 ? x->ntype : 0);
            return y;
        }
        const SemModule *mod = &lw->sm->modules[e->ref];
        int p0 = lw->first_param[e->ref];
        switch (mod->kind) {
        case MOD_EMBEDDING:
            return ir_emit(m, IR_GATHER, e->loc, param(lw, p0, e->loc, 0), x, NULL);
        case MOD_LINEAR: {
            IrNode *y = ir_emit_matmul(m, e->loc, x, 0, param(lw, p0, e->loc, 0), 1);
            if (mod->bias)
                y = ir_emit(m, IR_BIAS_ADD, e->loc, y, param(lw, p0 + 1, e->loc, 0), NULL);
            return y;
        }
        case MOD_SAGE:
        case MOD_GRAPH_CONV:
            return conv(lw, mod, p0, x, e->loc);
        case MOD_LG_CONV:
            return lg_conv(lw, mod, x, e->loc);
        case MOD_GAT:
            return gat(lw, mod, p0, x, e->loc);
        case MOD_LAYER_NORM: {  // LayerNorm: layer_norm(x) * weight + bias, over each row
            IrNode *y = ir_emit(m, IR_LAYER_NORM, e->loc, x, NULL, NULL);
            y = ir_emit(m, IR_SCALE_COLS, e->loc, y, param(lw, p0, e->loc, 0), NULL);
            return ir_emit(m, IR_BIAS_ADD, e->loc, y, param(lw, p0 + 1, e->loc, 0), NULL);
        }
        }
        break;
    }
    case ND_NAME:
        return lw->values[e->ref];
    case ND_MUL:  // sema put the tensor in lhs and the factor in fval
        return ir_emit_scale(m, e->loc, expr_ir(lw, e->lhs), (float)e->fval);
    case ND_ADD:
    case ND_SUB: {
        IrNode *a = expr_ir(lw, e->lhs), *b = expr_ir(lw, e->rhs);
        return ir_emit(m, e->kind == ND_ADD ? IR_ADD : IR_SUB, e->loc, a, b, NULL);
    }
    default:
        break;
    }
    fatal_at(e->loc, "internal error at lower.c:%d: cannot lower %s", __LINE__,
             ast_kind_name(e->kind));
}

// PyG's BPRLoss(lambda_reg) as LightGCN.recommendation_loss(pos, neg, node_id=cat([u, m, n]))
// applies it: mean_k -log sigmoid(s_pos - s_neg) = softplus(s_neg - s_pos), plus lambda times the
// squared norms of the layer-0 embeddings (the `input`s) of the labels' nodes over the pairs.
// A source counts once per positive (u), a destination once per label (m and n), as in
// cat([u, m, n]); with neg_ratio 1 the pair count is the batch size PyG divides by.
static IrNode *bpr_loss(Lowerer *lw, IrNode *const *h, IrNode *y, Loc ll) {
    IrModule *m = lw->m;
    IrNode *loss = ir_emit(m, IR_BPR, ll, m->scores, y, NULL);
    if (lw->sm->bpr_lambda == 0)
        return loss;
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    IrNode *u = ir_emit(m, IR_GATHER, ll, h[le->src], ir_emit_leaf(m, IR_LABEL_SRC, -1, ll), NULL);
    IrNode *v = ir_emit(m, IR_GATHER, ll, h[le->dst], ir_emit_leaf(m, IR_LABEL_DST, -1, ll), NULL);
    IrNode *uu = ir_emit(m, IR_MUL_COL, ll, ir_emit(m, IR_ROWDOT, ll, u, u, NULL), y, NULL);
    IrNode *r = ir_emit(m, IR_ADD, ll, uu, ir_emit(m, IR_ROWDOT, ll, v, v, NULL), NULL);
    r->name = "l2";
    IrNode *reg = ir_emit_scale(m, ll, ir_emit(m, IR_PAIR_SUM, ll, r, y, NULL),
                                (float)lw->sm->bpr_lambda);
    return ir_emit(m, IR_ADD, ll, loss, reg, NULL);
}

// torch_geometric.nn.MLP([2C, W1, ..., 1], norm=None, dropout=0.0) as the classifier:
// Linear -> relu for every layer but the last, plain (plain_last). Its parameters come after
// every module's, as `self.classifier` comes last in the tutorial's Model, named as MLP's
// state_dict: classifier.lins.L.weight [W x IN], classifier.lins.L.bias (norm=None makes its
// norms Identity modules, without parameters). Linear's default init, U(+-1/sqrt(IN)).
static void add_mlp_params(Lowerer *lw, int64_t in) {
    IrModule *m = lw->m;
    const SemModel *sm = lw->sm;
    m->mlp_layers = sm->n_mlp;
    m->mlp_param = m->n_params;
    Loc loc = sm->classifier->loc;
    for (int l = 0; l < sm->n_mlp; l++) {
        IrDim c1 = {DIM_CONST, 1}, cout = {DIM_CONST, sm->mlp[l]};
        float bound = 1.0f / sqrtf((float)in);
        ir_param_add(m, arena_printf(lw->arena, "classifier.lins.%d.weight", l), cout, in,
                     HGNN_INIT_UNIFORM, bound, 0, loc);
        ir_param_add(m, arena_printf(lw->arena, "classifier.lins.%d.bias", l), c1, sm->mlp[l],
                     HGNN_INIT_UNIFORM, bound, 0, loc);
        in = sm->mlp[l];
    }
}

static IrNode *mlp(Lowerer *lw, IrNode *x, Loc loc) {
    IrModule *m = lw->m;
    for (int l = 0; l < m->mlp_layers; l++) {
        IrNode *w = param(lw, m->mlp_param + 2 * l, loc, 0);
        IrNode *b = param(lw, m->mlp_param + 2 * l + 1, loc, 0);
        x = ir_emit(m, IR_BIAS_ADD, loc, ir_emit_matmul(m, loc, x, 0, w, 1), b, NULL);
        if (l + 1 < m->mlp_layers)
            x = ir_emit(m, IR_RELU, loc, x, NULL, NULL);
    }
    return x;
}

// The block once, generically; returns its result.
static IrNode *gnn_block(Lowerer *lw, const AstNode *gnn) {
    int n = 1;
    for (const AstNode *s = gnn->body; s; s = s->next)
        n++;
    lw->values = arena_alloc(lw->arena, sizeof(IrNode *) * (size_t)n);
    IrType xt = {DT_F32, {DIM_NODES, -1}, lw->sm->width};
    IrNode *x = ir_emit_zeros(lw->m, xt, gnn->name_loc);
    x->name = "x";
    lw->values[0] = x;
    for (const AstNode *s = gnn->body; s; s = s->next) {
        if (s->kind == ND_RETURN) {
            IrNode *out = expr_ir(lw, s->value);
            if (!out->name)
                out->name = arena_printf(lw->arena, "%s.out", gnn->name);
            return out;
        }
        if (s->ref < 0)  // a layer declaration
            continue;
        IrNode *v = expr_ir(lw, s->value);
        if (!v->name)
            v->name = s->name;
        lw->values[s->ref] = v;
    }
    fatal_at(gnn->loc, "internal error at lower.c:%d: block without return", __LINE__);
}

IrModule *lower_schema(Arena *a, const SemModel *sm) {
    IrModule *m = ir_module_new(a, sm->name);
    m->n_node_types = sm->n_node_types;
    memcpy(m->node_types, sm->node_types, sizeof sm->node_types);
    m->n_edge_types = sm->n_edge_types;
    memcpy(m->edge_types, sm->edge_types, sizeof sm->edge_types);
    m->label_etype = sm->label_etype;
    m->loss_kind = sm->loss_kind;
    m->hetero_aggr = sm->gnn ? sm->hetero_aggr : IR_AGG_SUM;
    m->defaults = sm->defaults;
    m->data = sm->data;
    return m;
}

IrModule *lower_model(Arena *a, const SemModel *sm) {
    IrModule *m = lower_schema(a, sm);
    Lowerer lw = {.arena = a, .sm = sm, .m = m};
    add_params(&lw);

    // Inputs, one node type after the other: pass_hetero takes the last value of each type
    // before the block's placeholder as that type's input.
    IrNode *h[IR_MAX_NODE_TYPES];
    for (int t = 0; t < sm->n_node_types; t++) {
        h[t] = expr_ir(&lw, sm->inputs[t]);
        h[t]->name = arena_printf(a, "x.%s", sm->node_types[t].name);
    }

    const IrEdgeType *le = &m->edge_types[sm->label_etype];
    IrNode *hs = h[le->src], *hd = h[le->dst];
    if (sm->gnn)
        hs = hd = gnn_block(&lw, sm->gnn);
    if (sm->n_mlp)
        add_mlp_params(&lw, hs->type.cols + hd->type.cols);

    // Classifier (PyG's Classifier): the dot product of the two end embeddings of each label;
    // or mlp, the EdgeDecoder of PyG's examples: MLP(cat([z_src[row], z_dst[col]], dim=-1)).
    Loc cl = sm->classifier->loc;
    IrNode *src = ir_emit(m, IR_GATHER, cl, hs, ir_emit_leaf(m, IR_LABEL_SRC, -1, cl), NULL);
    IrNode *dst = ir_emit(m, IR_GATHER, cl, hd, ir_emit_leaf(m, IR_LABEL_DST, -1, cl), NULL);
    if (sm->n_mlp)
        m->scores = mlp(&lw, ir_emit(m, IR_CONCAT, cl, src, dst, NULL), cl);
    else
        m->scores = ir_emit(m, IR_ROWDOT, cl, src, dst, NULL);
    m->scores->name = "scores";
    // The loss: BCE with logits on 1 / 0 labels, or (loss mse) F.mse_loss on the label values.
    Loc ll = sm->loss->loc;
    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, ll);
    if (sm->loss_kind == HGNN_LOSS_BPR)
        m->loss = bpr_loss(&lw, h, y, ll);
    else
        m->loss = ir_emit(m, sm->loss_kind == HGNN_LOSS_MSE ? IR_MSE : IR_BCE_LOGITS, ll,
                          m->scores, y, NULL);
    m->loss->name = "loss";
    m->stage = IR_STAGE_GENERIC;
    return m;
}
