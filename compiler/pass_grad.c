// pass_grad.c — reverse-mode autodiff on the hetero IR (STYLE 9). Takes a module whose loss is a
// [1 x 1] value; walks its nodes once in reverse topological order and builds each adjoint from
// forward ops of ir_ops.h, so every backward kernel is an ordinary op that later passes and
// codegen already handle. Yields the same module with parameter gradients, in stage grad.
#include "pass_grad.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>

// Adjoint of a value that flows through an op with no derivative case: whatever it reaches
// cannot get a gradient.
static IrNode poison_node;
#define POISON (&poison_node)

typedef struct Grad {
    IrModule *m;
    IrNode **adj;       // adjoint of node id, NULL while nothing flows back into it
    bool *dep;          // node id depends on some parameter: only those need adjoints
} Grad;

// adj[x] += v, building the sum from ADD nodes (fan-out accumulates).
static void acc(Grad *g, IrNode *x, IrNode *v) {
    if (!g->dep[x->id])
        return;  // no parameter behind x: its adjoint would be dead code
    IrNode **a = &g->adj[x->id];
    if (*a == POISON || v == POISON)
        *a = POISON;
    else if (*a)
        *a = ir_emit(g->m, IR_ADD, x->loc, *a, v, NULL);
    else
        *a = v;
}

// x with its float attribute set: leaky_relu's slope, elu's alpha.
static IrNode *with_f(IrNode *x, float f) {
    x->f = f;
    return x;
}

// x with dropout d's p and stream: the same mask, recomputed on the adjoint.
static IrNode *dropout_like(IrNode *x, const IrNode *d) {
    x->f = d->f;
    x->k = d->k;
    return x;
}

// The dense adjoint of every operand of n, given dy = d loss / d n. Each case states the
// derivative it implements; y denotes n, a / b / c its operands.
static void backward(Grad *g, IrNode *n, IrNode *dy) {
    IrModule *m = g->m;
    Loc l = n->loc;
    IrNode *a = n->in[0], *b = n->in[1];
    switch (n->op) {
    case IR_PARAM:
    case IR_NODE_IDS:
    case IR_FEATURES:
    case IR_LABELS:
    case IR_LABEL_SRC:
    case IR_LABEL_DST:
    case IR_ZEROS:
    case IR_ONE:
        break;  // leaves: parameters collect their adjoint in pass_grad
    case IR_MATMUL:
        // y = op(a) op(b): d op(a) = dy op(b)^T, d op(b) = op(a)^T dy, transposed back when
        // the operand was used transposed.
        if (!n->ta && !n->tb) {           // y = a b:     da = dy b^T,    db = a^T dy
            acc(g, a, ir_emit_matmul(m, l, dy, 0, b, 1));
            acc(g, b, ir_emit_matmul(m, l, a, 1, dy, 0));
        } else if (!n->ta && n->tb) {     // y = a b^T:   da = dy b,      db = dy^T a
            acc(g, a, ir_emit_matmul(m, l, dy, 0, b, 0));
            acc(g, b, ir_emit_matmul(m, l, dy, 1, a, 0));
        } else if (n->ta && !n->tb) {     // y = a^T b:   da = b dy^T,    db = a dy
            acc(g, a, ir_emit_matmul(m, l, b, 0, dy, 1));
            acc(g, b, ir_emit_matmul(m, l, a, 0, dy, 0));
        } else {                          // y = a^T b^T: da = b^T dy^T,  db = dy^T a^T
            acc(g, a, ir_emit_matmul(m, l, b, 1, dy, 1));
            acc(g, b, ir_emit_matmul(m, l, dy, 1, a, 1));
        }
        break;
    case IR_ADD:  // y = a + b: da = dy, db = dy
        acc(g, a, dy);
        acc(g, b, dy);
        break;
    case IR_SUB:  // y = a - b: da = dy, db = -dy
        acc(g, a, dy);
        if (g->dep[b->id])
            acc(g, b, ir_emit_scale(m, l, dy, -1.0f));
        break;
    case IR_MUL:  // y = a * b: da = dy * b, db = dy * a
        if (g->dep[a->id])
            acc(g, a, ir_emit(m, IR_MUL, l, dy, b, NULL));
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_MUL, l, dy, a, NULL));
        break;
    case IR_SCALE:  // y = f a: da = f dy
        acc(g, a, ir_emit_scale(m, l, dy, n->f));
        break;
    case IR_BIAS_ADD:  // y_ij = a_ij + b_j: da = dy, db_j = sum_i dy_ij
        acc(g, a, dy);
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_SUM_ROWS, l, dy, NULL, NULL));
        break;
    case IR_MUL_COL:  // y_ij = a_ij g_i: da_ij = dy_ij g_i, dg_i = <dy_i, a_i>
        if (g->dep[a->id])
            acc(g, a, ir_emit(m, IR_MUL_COL, l, dy, b, NULL));
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_ROWDOT, l, dy, a, NULL));
        break;
    case IR_SUM_ROWS: {  // y_j = sum_i a_ij: da_ij = dy_j, a row broadcast of dy
        IrNode *z = ir_emit_zeros(m, a->type, l);
        acc(g, a, ir_emit(m, IR_BIAS_ADD, l, z, dy, NULL));
        break;
    }
    case IR_ROWDOT:  // y_i = <a_i, b_i>: da_i = dy_i b_i, db_i = dy_i a_i
        if (g->dep[a->id])
            acc(g, a, ir_emit(m, IR_MUL_COL, l, b, dy, NULL));
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_MUL_COL, l, a, dy, NULL));
        break;
    case IR_CONCAT: {  // y = [a b]: da = dy[:, :A], db = dy[:, A:]
        int64_t ca = a->type.cols;
        if (g->dep[a->id])
            acc(g, a, ir_emit_slice(m, l, dy, 0, ca));
        if (g->dep[b->id])
            acc(g, b, ir_emit_slice(m, l, dy, ca, b->type.cols));
        break;
    }
    case IR_SLICE: {  // y = a[:, k:k+W]: da = [0 dy 0], dy placed at columns k..k+W, zeros around
        IrNode *d = dy;
        IrType z = {DT_F32, a->type.rows, n->k};
        if (n->k > 0)
            d = ir_emit(m, IR_CONCAT, l, ir_emit_zeros(m, z, l), d, NULL);
        z.cols = a->type.cols - n->k - n->type.cols;
        if (z.cols > 0)
            d = ir_emit(m, IR_CONCAT, l, d, ir_emit_zeros(m, z, l), NULL);
        acc(g, a, d);
        break;
    }
    case IR_DROPOUT:  // y = a m / (1 - p), m the mask of (seed, k, i, j): da = dy m / (1 - p)
        acc(g, a, dropout_like(ir_emit(m, IR_DROPOUT, l, dy, NULL, NULL), n));
        break;
    case IR_RELU:  // y = max(a, 0): da = dy where a > 0 (0 at the kink, as torch)
        acc(g, a, ir_emit(m, IR_RELU_GRAD, l, a, dy, NULL));
        break;
    case IR_RELU_GRAD:  // y = [x > 0] d: dd = [x > 0] dy; dx = 0 almost everywhere
        acc(g, b, ir_emit(m, IR_RELU_GRAD, l, a, dy, NULL));
        break;
    case IR_SIGMOID:  // y = s(a): da = dy y (1 - y), from the output as torch
        acc(g, a, ir_emit(m, IR_SIGMOID_GRAD, l, n, dy, NULL));
        break;
    case IR_SIGMOID_GRAD:  // z = d y (1 - y): dd = dy y (1 - y); dy_y = dy d (1 - 2y)
        acc(g, b, ir_emit(m, IR_SIGMOID_GRAD, l, a, dy, NULL));
        if (g->dep[a->id]) {
            IrNode *t = ir_emit(m, IR_MUL, l, dy, b, NULL);
            acc(g, a, ir_emit(m, IR_SUB, l, t, ir_emit_scale(m, l, ir_emit(m, IR_MUL, l, t, a,
                                                                             NULL), 2), NULL));
        }
        break;
    case IR_TANH:  // y = tanh(a): da = dy (1 - y^2), from the output as torch
        acc(g, a, ir_emit(m, IR_TANH_GRAD, l, n, dy, NULL));
        break;
    case IR_TANH_GRAD:  // z = d (1 - y^2): dd = dy (1 - y^2); dy_y = -2 y d dy
        acc(g, b, ir_emit(m, IR_TANH_GRAD, l, a, dy, NULL));
        if (g->dep[a->id])
            acc(g, a, ir_emit_scale(m, l, ir_emit(m, IR_MUL, l, ir_emit(m, IR_MUL, l, dy, b, NULL),
                                                   a, NULL), -2));
        break;
    case IR_LEAKY_RELU:  // y = a > 0 ? a : f a: da = dy where a > 0, else f dy (f at 0, as torch)
        acc(g, a, with_f(ir_emit(m, IR_LEAKY_RELU_GRAD, l, a, dy, NULL), n->f));
        break;
    case IR_LEAKY_RELU_GRAD:  // y = d or f d by the sign of x: linear in d; dx = 0 a.e.
        acc(g, b, with_f(ir_emit(m, IR_LEAKY_RELU_GRAD, l, a, dy, NULL), n->f));
        break;
    case IR_ELU:  // y = a > 0 ? a : f (exp(a) - 1): da = dy where a > 0, else f exp(a) dy
        acc(g, a, with_f(ir_emit(m, IR_ELU_GRAD, l, a, dy, NULL), n->f));
        break;
    case IR_ELU_GRAD: {  // z = d or f exp(x) d: dd = elu_grad(x, dy); dx = [x <= 0] f exp(x) d dy
        acc(g, b, with_f(ir_emit(m, IR_ELU_GRAD, l, a, dy, NULL), n->f));
        if (g->dep[a->id]) {
            IrNode *t = ir_emit(m, IR_MUL, l, b, dy, NULL);
            IrNode *e = with_f(ir_emit(m, IR_ELU_GRAD, l, a, t, NULL), n->f);
            acc(g, a, ir_emit(m, IR_SUB, l, e, ir_emit(m, IR_RELU_GRAD, l, a, t, NULL), NULL));
        }
        break;
    }
    case IR_GELU:  // y = a Phi(a): da = dy (Phi(a) + a phi(a)), phi the normal density
        acc(g, a, ir_emit(m, IR_GELU_GRAD, l, a, dy, NULL));
        break;
    case IR_GELU_GRAD:  // z = d (Phi(x) + x phi(x)), linear in d: dd = gelu_grad(x, dy)
        acc(g, b, ir_emit(m, IR_GELU_GRAD, l, a, dy, NULL));
        if (g->dep[a->id])  // d phi(x) (2 - x^2) dy, second order: not needed for training
            acc(g, a, POISON);
        break;
    case IR_NORMALIZE:  // y_i = x_i / max(|x_i|, eps): dx_i = (dy_i - y_i <y_i, dy_i>) / |x_i|
        acc(g, a, ir_emit(m, IR_NORMALIZE_GRAD, l, a, dy, NULL));  // dy_i / eps when |x_i| <= eps
        break;
    case IR_NORMALIZE_GRAD:  // z = J(x) d, J symmetric and linear in d: dd = normalize_grad(x, dy)
        acc(g, b, ir_emit(m, IR_NORMALIZE_GRAD, l, a, dy, NULL));
        if (g->dep[a->id])  // second order: not needed for training
            acc(g, a, POISON);
        break;
    case IR_LAYER_NORM:  // y = (x - mu) / s: dx = (dy - mean dy - y mean(dy y)) / s, per row
        acc(g, a, ir_emit(m, IR_LAYER_NORM_GRAD, l, a, dy, NULL));
        break;
    case IR_LAYER_NORM_GRAD:  // z = J(x) d, J symmetric, linear in d: dd = layer_norm_grad(x, dy)
        acc(g, b, ir_emit(m, IR_LAYER_NORM_GRAD, l, a, dy, NULL));
        if (g->dep[a->id])  // second order: not needed for training
            acc(g, a, POISON);
        break;
    case IR_SCALE_COLS:  // y_ij = a_ij w_j: da = dy w (broadcast), dw_j = sum_i dy_ij a_ij
        if (g->dep[a->id])
            acc(g, a, ir_emit(m, IR_SCALE_COLS, l, dy, b, NULL));
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_SUM_ROWS, l, ir_emit(m, IR_MUL, l, dy, a, NULL), NULL, NULL));
        break;
    case IR_MAXIMUM: {  // y = a >= b ? a : b: da = dy where a >= b, db = the rest of dy
        IrNode *t = ir_emit(m, IR_MAXIMUM_GRAD, l, a, b, dy);
        acc(g, a, t);
        if (g->dep[b->id])
            acc(g, b, ir_emit(m, IR_SUB, l, dy, t, NULL));
        break;
    }
    case IR_MAXIMUM_GRAD:  // z = [a >= b] d: dd = [a >= b] dy; da = db = 0 almost everywhere
        acc(g, n->in[2], ir_emit(m, IR_MAXIMUM_GRAD, l, a, b, dy));
        break;
    case IR_GATHER:  // y_i = t_{idx_i}: dt_r = sum_{i: idx_i = r} dy_i (row gradient, dense)
        acc(g, a, ir_emit_scatter(m, l, dy, b, a->type.rows));
        break;
    case IR_SCATTER_ADD:  // y_r = sum_{i: idx_i = r} s_i: ds_i = dy_{idx_i}
        acc(g, a, ir_emit(m, IR_GATHER, l, dy, b, NULL));
        break;
    case IR_AGG_SUM:  // y_i = sum_{j->i} x_j: dx_j = sum_{j->i} dy_i
        acc(g, a, ir_emit_agg(m, IR_AGG_SUM_T, n->etype, l, NULL, NULL, dy));
        break;
    case IR_AGG_MEAN:  // y_i = sum_{j->i} x_j / deg(i): dx_j = sum_{j->i} dy_i / deg(i)
        acc(g, a, ir_emit_agg(m, IR_AGG_MEAN_T, n->etype, l, NULL, NULL, dy));
        break;
    case IR_AGG_MAX:  // y_ic = x_{j*c}, j* the first argmax: dx_{j*c} += dy_ic
        acc(g, a, ir_emit_agg(m, IR_AGG_MAX_GRAD, n->etype, l, a, n, dy));
        break;
    case IR_AGG_WSUM:  // y_i = sum_{j->i} w_ji x_j: dx_j = sum_{j->i} w_ji dy_i
        acc(g, a, ir_emit_agg(m, IR_AGG_WSUM_T, n->etype, l, NULL, NULL, dy));
        break;
    case IR_AGG_WSUM_T:  // y_j = sum_{j->i} w_ji d_i, linear: dd_i = sum_{j->i} w_ji dy_j
        acc(g, a, ir_emit_agg(m, IR_AGG_WSUM, n->etype, l, dy, NULL, NULL));
        break;
    case IR_AGG_SUM_T:  // y_j = sum_{j->i} d_i, linear: dd_i = sum_{j->i} dy_j
        acc(g, a, ir_emit_agg(m, IR_AGG_SUM, n->etype, l, dy, NULL, NULL));
        break;
    case IR_AGG_MEAN_T:  // y_j = sum_{j->i} d_i / deg(i): dd_i = sum_{j->i} dy_j / deg(i)
        acc(g, a, ir_emit_agg(m, IR_AGG_MEAN, n->etype, l, dy, NULL, NULL));
        break;
    case IR_HEAD_DOT:  // y_ih = <a_i,h, b_h>: da_i,hc = dy_ih b_hc, db_hc = sum_i dy_ih a_i,hc
        if (g->dep[a->id])
            acc(g, a, ir_emit_head(m, IR_HEAD_MUL, l, dy, b, n->heads));
        if (g->dep[b->id])
            acc(g, b, ir_emit_head(m, IR_HEAD_OUTER, l, a, dy, n->heads));
        break;
    case IR_HEAD_MEAN:  // y_ic = sum_h a_i,hc / H: da_i,hc = dy_ic / H
        acc(g, a, ir_emit_head(m, IR_HEAD_MEAN_T, l, dy, NULL, n->heads));
        break;
    case IR_GAT_AGG: {
        // y_i,h = sum_{j->i} alpha'_ijh hs_j,h, alpha' = softmax_j(e_ijh) m_ijh / (1 - p),
        // e_ijh = leaky_relu(as_jh + ad_ih). d hs_j,h = sum_{j->i} alpha'_ijh dy_i,h;
        // with g_ijh = m_ijh / (1 - p) <dy_i,h, hs_j,h> (d loss / d alpha_ijh) and
        // dz_ijh = alpha_ijh (g_ijh - sum_k alpha_ikh g_ikh) leaky_relu'(as_jh + ad_ih):
        // d as_jh = sum_{j->i} dz_ijh, d ad_ih = sum_{j->i} dz_ijh. The adjoints share the
        // softmax's weights alpha, one gat_alpha (with leaky_relu's side in their signs), and
        // g, one gat_dalpha; the masks are recomputed from their hash.
        IrNode *hs = n->in[0], *as = n->in[1], *ad = n->in[2];
        IrNode *alpha = ir_emit_gat(m, IR_GAT_ALPHA, n, n->etype, l, as, ad, NULL, NULL);
        if (g->dep[hs->id])
            acc(g, hs, ir_emit_gat(m, IR_GAT_AGG_T, n, n->etype, l, alpha, dy, NULL, NULL));
        IrNode *ga = NULL;
        if (g->dep[as->id] || g->dep[ad->id])
            ga = ir_emit_gat(m, IR_GAT_DALPHA, n, n->etype, l, hs, dy, NULL, NULL);
        if (g->dep[as->id])
            acc(g, as, ir_emit_gat(m, IR_GAT_GRAD_SRC, n, n->etype, l, alpha, ga, NULL, NULL));
        if (g->dep[ad->id])
            acc(g, ad, ir_emit_gat(m, IR_GAT_GRAD_DST, n, n->etype, l, alpha, ga, NULL, NULL));
        break;
    }
    case IR_BCE_LOGITS:
        // l = mean_i max(x_i, 0) - x_i y_i + log(1 + exp(-|x_i|)):
        // dx_i = dl (sigmoid(x_i) - y_i) / L. Labels are data; a label computed from
        // parameters has no case.
        acc(g, a, ir_emit(m, IR_BCE_GRAD, l, a, b, dy));
        if (g->dep[b->id])
            acc(g, b, POISON);
        break;
    case IR_BPR:
        // l = mean_k softplus(x_{P+k} - x_{k mod P}): with s_k = sigmoid(x_{P+k} - x_{k mod P}),
        // dx_{P+k} = dl s_k / n and dx_p = -dl sum_{k mod P = p} s_k / n. Labels are data.
        acc(g, a, ir_emit(m, IR_BPR_GRAD, l, a, b, dy));
        if (g->dep[b->id])
            acc(g, b, POISON);
        break;
    case IR_PAIR_SUM:  // l = sum_i r_i / n: dr_i = dl / n
        acc(g, a, ir_emit(m, IR_PAIR_SUM_GRAD, l, b, dy, NULL));
        if (g->dep[b->id])
            acc(g, b, POISON);
        break;
    case IR_MSE:
        // l = mean_i (x_i - y_i)^2: dx_i = dl 2 (x_i - y_i) / L (F.mse_loss). Labels are data,
        // as for BCE.
        acc(g, a, ir_emit(m, IR_MSE_GRAD, l, a, b, dy));
        if (g->dep[b->id])
            acc(g, b, POISON);
        break;
    case IR_AGG_MAX_GRAD:
    case IR_BCE_GRAD:
    case IR_BPR_GRAD:
    case IR_PAIR_SUM_GRAD:
    case IR_MSE_GRAD:
    case IR_HEAD_MUL:
    case IR_HEAD_OUTER:
    case IR_HEAD_MEAN_T:
    case IR_GAT_ALPHA:
    case IR_GAT_AGG_T:
    case IR_GAT_DALPHA:
    case IR_GAT_GRAD_SRC:
    case IR_GAT_GRAD_DST:
    case IR_OP_COUNT:
        // No derivative (second-order terms are not needed for training): whatever depends on
        // a parameter through these cannot be differentiated.
        for (int k = 0; k < ir_op_arity(n->op); k++)
            acc(g, n->in[k], POISON);
        break;
    }
}

void pass_grad(IrModule *m) {
    assert(m->stage == IR_STAGE_HETERO && "pass_grad runs after to_hetero");
    assert(m->loss);
    ir_number(m);
    int count = m->tail ? m->tail->id + 1 : 0;
    IrNode **order = arena_alloc(m->arena, (size_t)count * sizeof *order);
    Grad g = {m, arena_alloc(m->arena, (size_t)count * sizeof *g.adj),
              arena_alloc(m->arena, (size_t)count)};
    for (IrNode *n = m->head; n; n = n->next) {
        order[n->id] = n;
        bool d = n->op == IR_PARAM;
        for (int k = 0; k < ir_op_arity(n->op); k++)
            d = d || g.dep[n->in[k]->id];
        g.dep[n->id] = d;
    }

    // d loss / d loss = 1. The forward nodes are fixed now; adjoints are appended after them,
    // so the walk below only meets forward nodes.
    g.adj[m->loss->id] = ir_emit_leaf(m, IR_ONE, -1, m->loss->loc);
    g.adj[m->loss->id]->name = "d loss";
    for (int i = count - 1; i >= 0; i--) {
        IrNode *n = order[i], *dy = g.adj[i];
        if (!dy || dy == POISON) {
            if (dy == POISON)
                for (int k = 0; k < ir_op_arity(n->op); k++)
                    acc(&g, n->in[k], POISON);
            continue;
        }
        if (n->name && !dy->name)
            dy->name = arena_printf(m->arena, "d %s", n->name);
        backward(&g, n, dy);
    }

    // A parameter may be read by several PARAM nodes; its gradient is the sum of their adjoints.
    for (int p = 0; p < m->n_params; p++)
        m->params[p].grad = NULL;
    bool *seen = arena_alloc(m->arena, (size_t)(m->n_params ? m->n_params : 1));
    bool *poisoned = arena_alloc(m->arena, (size_t)(m->n_params ? m->n_params : 1));
    for (int i = 0; i < count; i++) {
        IrNode *n = order[i], *dy = g.adj[i];
        if (n->op != IR_PARAM || !dy)
            continue;
        IrParam *p = &m->params[n->param];
        if (dy == POISON)
            poisoned[n->param] = true;
        else if (p->grad)
            p->grad = ir_emit(m, IR_ADD, n->loc, p->grad, dy, NULL);
        else
            p->grad = dy;
        seen[n->param] = true;
    }
    for (int p = 0; p < m->n_params; p++) {
        IrParam *pa = &m->params[p];
        if (poisoned[p]) {
            pa->grad = NULL;  // ir_verify reports it
            continue;
        }
        if (!seen[p])
            pa->grad = ir_emit_zeros(m, (IrType){DT_F32, pa->rows, pa->cols}, pa->loc);
        if (!pa->grad->name)
            pa->grad->name = arena_printf(m->arena, "d %s", pa->name);
    }
    m->stage = IR_STAGE_GRAD;
    ir_remove_dead(m);
}
