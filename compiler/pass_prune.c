// pass_prune.c — the last layer only where the classifier reads it. Takes a hetero module whose
// classifier gathers whole-batch embeddings by label_src / label_dst; yields the same module with
// each gather pushed back through the row-wise ops that made its input.
#include "pass_prune.h"

#include <assert.h>
#include <stdbool.h>

// Each GATHER(x, idx) moves back through the row-wise ops that made x, because row i of such an
// op needs only row i of its row operands:
//   gather(add(a, b), idx)      = add(gather(a, idx), gather(b, idx))
//   gather(matmul(a, W), idx)   = matmul(gather(a, idx), W)
//   gather(bias_add(a, b), idx) = bias_add(gather(a, idx), b)
// It stops at a value that is needed whole anyway and at ops that mix rows (agg_*, gather,
// leaves). Yields the same module where, for the tutorial's model, conv2's lin_l and lin_r run on
// L rows (the labels) instead of N_t rows (every sampled node of the type).

typedef struct Prune {
    IrModule *m;
    IrNode **order;     // the nodes by id, as numbered on entry
    bool *full;         // id: some use reads every row, or the node is an output
    IrNode **idx;       // id: the index its gathered uses read it by, NULL when none
    bool *mixed;        // id: gathered by two different indices
    bool *push;         // id: computed only on the rows idx selects
    IrNode **rows;      // id: the node holding those rows (the rewritten op, or a new gather)
} Prune;

// Whether row i of n needs only row i of operand k (and nothing else of it). These are the
// operands a gather of n moves onto; the others (weights, biases) are read whole.
static bool row_operand(const IrNode *n, int k) {
    if (ir_op_is_rowwise_binary(n->op))
        return true;
    if (ir_op_is_rowwise_unary(n->op))
        return k == 0;
    switch (n->op) {
    case IR_MAXIMUM_GRAD:
    case IR_MUL_COL:
    case IR_ROWDOT:
        return true;
    case IR_BIAS_ADD:
    case IR_SCALE_COLS:
        return k == 0;
    case IR_MATMUL:  // rows of a b^(T) are rows of a; a^T b mixes the rows of a
        return k == 0 && !n->ta;
    default:
        return false;
    }
}

static bool row_wise(const IrNode *n) { return row_operand(n, 0); }

// Two indices select the same rows: the same node, or two reads of the same label column.
static bool same_index(const IrNode *a, const IrNode *b) {
    return a == b || (a->op == b->op && (a->op == IR_LABEL_SRC || a->op == IR_LABEL_DST));
}

// Records that x is read only at the rows idx selects.
static void use_rows(Prune *p, const IrNode *x, IrNode *idx) {
    if (!p->idx[x->id])
        p->idx[x->id] = idx;
    else if (!same_index(p->idx[x->id], idx))
        p->mixed[x->id] = true;
}

// The rows idx selects of a: the rewritten node when a itself was pushed, else one gather of a
// shared by every rewritten user.
static IrNode *gathered(Prune *p, IrNode *a, IrNode *idx, Loc loc) {
    IrNode *r = p->rows[a->id];
    if (p->push[a->id] || (r && same_index(r->in[1], idx)))
        return r;
    r = ir_emit(p->m, IR_GATHER, loc, a, idx, NULL);
    p->rows[a->id] = r;
    return r;
}

// n's op on the gathered rows of its row operands: gather(n, idx) without computing n.
static IrNode *on_rows(Prune *p, IrNode *n) {
    IrNode *idx = p->idx[n->id], *in[IR_MAX_IN] = {NULL, NULL, NULL};
    for (int k = 0; k < ir_op_arity(n->op); k++)
        in[k] = row_operand(n, k) ? gathered(p, n->in[k], idx, n->loc) : n->in[k];
    IrNode *r;
    if (n->op == IR_MATMUL)
        r = ir_emit_matmul(p->m, n->loc, in[0], n->ta, in[1], n->tb);
    else if (n->op == IR_SCALE)
        r = ir_emit_scale(p->m, n->loc, in[0], n->f);
    else {
        r = ir_emit(p->m, n->op, n->loc, in[0], in[1], in[2]);
        r->f = n->f;  // leaky_relu's slope, elu's alpha
    }
    r->scope = n->scope;
    if (n->name)
        r->name = arena_printf(p->m->arena, "%s[%s]", n->name, ir_op_name(idx->op));
    return r;
}

// Lays the list out again in depth-first post-order from the old order: new nodes were appended
// at the end but are read by earlier ones (the users of the gathers they replace). Iterative, so
// a long chain cannot overflow the C stack.
static void reorder(IrModule *m) {
    ir_number(m);
    int count = m->tail->id + 1;
    IrNode **order = arena_alloc(m->arena, (size_t)count * sizeof *order);
    IrNode **stack = arena_alloc(m->arena, (size_t)count * sizeof *stack);
    int *next_in = arena_alloc(m->arena, (size_t)count * sizeof *next_in);
    bool *done = arena_alloc(m->arena, (size_t)count);
    for (IrNode *n = m->head; n; n = n->next)
        order[n->id] = n;
    m->head = m->tail = NULL;
    for (int i = 0; i < count; i++) {
        if (done[i])
            continue;
        int sp = 0;
        stack[sp] = order[i];
        next_in[sp++] = 0;
        while (sp) {
            IrNode *n = stack[sp - 1];
            if (next_in[sp - 1] < ir_op_arity(n->op)) {
                IrNode *a = n->in[next_in[sp - 1]++];
                if (!done[a->id]) {
                    assert(sp < count && "the IR is acyclic");
                    stack[sp] = a;
                    next_in[sp++] = 0;
                }
                continue;
            }
            sp--;
            done[n->id] = true;
            ir_node_append(m, n);
        }
    }
}

void pass_prune(IrModule *m) {
    assert(m->stage == IR_STAGE_HETERO && "pass_prune runs after to_hetero, before pass_grad");
    ir_remove_dead(m);  // numbers the nodes; a dead use must not keep a value whole
    int count = m->tail ? m->tail->id + 1 : 0;
    if (!count)
        return;
    Arena *a = m->arena;
    Prune p = {m,
               arena_alloc(a, (size_t)count * sizeof *p.order),
               arena_alloc(a, (size_t)count),
               arena_alloc(a, (size_t)count * sizeof *p.idx),
               arena_alloc(a, (size_t)count),
               arena_alloc(a, (size_t)count),
               arena_alloc(a, (size_t)count * sizeof *p.rows)};
    for (IrNode *n = m->head; n; n = n->next)
        p.order[n->id] = n;
    if (m->scores)
        p.full[m->scores->id] = true;
    if (m->loss)
        p.full[m->loss->id] = true;

    // Decide, users first: every use of a node is known when the walk reaches it. A row-wise
    // node is pushed when it is read only through gathers by one index; computing it twice for
    // two indices (or whole and gathered) could cost more than it saves, so those stay whole.
    for (int i = count - 1; i >= 0; i--) {
        IrNode *n = p.order[i];
        p.push[i] = row_wise(n) && !p.full[i] && p.idx[i] && !p.mixed[i];
        for (int k = 0; k < ir_op_arity(n->op); k++) {
            if (n->op == IR_GATHER && k == 0)
                use_rows(&p, n->in[0], n->in[1]);
            else if (p.push[i] && row_operand(n, k))
                use_rows(&p, n->in[k], p.idx[i]);
            else
                p.full[n->in[k]->id] = true;
        }
    }

    // Build, operands first. New nodes get ids from count on, so `id < count` means original.
    bool any = false;
    for (int i = 0; i < count; i++)
        if (p.push[i]) {
            p.rows[i] = on_rows(&p, p.order[i]);
            any = true;
        }
    if (!any)
        return;
    // A gather of a pushed value becomes the rows built for it (a pushed value is gathered by
    // one index only, so every such gather reads exactly those rows).
    IrNode **repl = arena_alloc(a, (size_t)count * sizeof *repl);
    for (int i = 0; i < count; i++) {
        IrNode *n = p.order[i];
        if (n->op == IR_GATHER && p.push[n->in[0]->id])
            repl[i] = p.rows[n->in[0]->id];
    }
    for (IrNode *n = m->head; n; n = n->next)
        for (int k = 0; k < ir_op_arity(n->op); k++)
            if (n->in[k]->id < count && repl[n->in[k]->id])
                n->in[k] = repl[n->in[k]->id];
    if (m->scores && repl[m->scores->id])
        m->scores = repl[m->scores->id];
    if (m->loss && repl[m->loss->id])
        m->loss = repl[m->loss->id];
    reorder(m);
    ir_remove_dead(m);
}
