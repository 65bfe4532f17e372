// pass_hetero.c — to_hetero on the IR (spec §5). Takes the generic module from lower.c; yields
// one with every value resolved to a node type and each layer's parameters as one set per edge
// type, named and ordered as PyG's ModuleDict entries.
#include "pass_hetero.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

// How the generic module expands:
//   * each application of a message-passing layer (a run of nodes with scope L, starting with
//     its PARAM nodes) is cloned once per edge type s->d, with that edge type's own parameters;
//     its AGG_* (and GATConv's lin_src, marked src_side) reads the source type's value,
//     everything else (the root weight) the destination type's; the clones ending at one node
//     type are summed in edge-type order;
//   * node-wise ops outside layers (relu, +) are cloned once per node type;
//   * the block's placeholder input "x" becomes each type's input value;
//   * the classifier's gathers read the label edge type's source and destination values.
// Parameter names follow PyG's ModuleDict entries:
// gnn.conv1.lin_l.weight -> gnn.conv1.user__rates__movie.lin_l.weight.

typedef struct Hetero {
    IrModule *m;
    int T, K;
    IrNode **map;           // old node id -> its new node (values that are not generic)
    IrNode **val;           // old node id * T + t -> the new value for node type t (generic)
    int *pmap;              // old param -> new param (scope 0)
    int *pmap_e;            // old param * K + e -> new param of edge type e (layers)
    const char **path;      // old param -> its layer's module path ("gnn.conv1"), layers only
    int *pmap_t;            // old param * T + t -> new param of node type t (per_type modules)
    IrParam *old_params;
} Hetero;

static bool generic(const IrNode *n) {
    return n->type.rows.kind == DIM_NODES && n->type.rows.n == -1;
}

// "gnn.conv1.lin_l.weight" -> "gnn.conv1.<etype>.lin_l.weight": the edge type goes after the
// layer's module path, before the layer-internal "lin_l.weight" or "att_src".
static const char *hetero_name(Arena *a, const char *name, const char *path, const char *etype) {
    size_t n = strlen(path);
    assert(strncmp(name, path, n) == 0 && name[n] == '.');
    return arena_printf(a, "%s.%s%s", path, etype, name + n);
}

// The layer path of a run of one layer's parameters: the longest prefix of whole dotted
// components their names share ("gnn.conv1"), as every layer has several parameters.
static const char *layer_path(Arena *a, const IrParam *p, int n) {
    size_t len = strlen(p[0].name);
    for (int k = 1; k < n; k++) {
        size_t i = 0;
        while (i < len && p[k].name[i] == p[0].name[i])
            i++;
        len = i;
    }
    while (len > 0 && p[0].name[len] != '.')
        len--;
    return arena_strndup(a, p[0].name, len);
}

// New parameter table: scope-0 parameters as they were; each run of a layer's parameters
// repeated per edge type (PyG: conv1 = ModuleDict{etype: SAGEConv}, deep-copied and reset).
static void expand_params(Hetero *h) {
    IrModule *m = h->m;
    int n = m->n_params;
    h->old_params = m->params;
    h->pmap = calloc((size_t)n + 1, sizeof *h->pmap);
    h->pmap_e = calloc((size_t)n * (size_t)h->K + 1, sizeof *h->pmap_e);
    h->path = calloc((size_t)n + 1, sizeof *h->path);
    h->pmap_t = calloc((size_t)n * (size_t)h->T + 1, sizeof *h->pmap_t);
    m->params = NULL;
    m->n_params = m->cap_params = 0;
    for (int i = 0; i < n;) {
        const IrParam *p = &h->old_params[i];
        if (p->per_type) {
            // PyG's to_hetero gives a module that passes no messages one copy per node type:
            // gnn.ln.weight -> gnn.ln.user.weight, gnn.ln.user.bias, gnn.ln.movie.weight, ...
            int j = i;
            while (j < n && h->old_params[j].per_type == p->per_type)
                j++;
            for (int t = 0; t < h->T; t++)
                for (int k = i; k < j; k++) {
                    const IrParam *q = &h->old_params[k];
                    const char *dot = strrchr(q->name, '.');
                    const char *name = arena_printf(m->arena, "%.*s.%s%s",
                                                    (int)(dot - q->name), q->name,
                                                    m->node_types[t].name, dot);
                    int np = ir_param_add(m, name, q->rows, q->cols, q->init, q->init_a, 0,
                                          q->loc);
                    m->params[np].vector = q->vector;
                    h->pmap_t[k * h->T + t] = np;
                }
            i = j;
            continue;
        }
        if (p->scope == 0) {
            h->pmap[i] = ir_param_add(m, p->name, p->rows, p->cols, p->init, p->init_a, 0,
                                      p->loc);
            m->params[h->pmap[i]].alias = p->alias;
            m->params[h->pmap[i]].heads = p->heads;
            m->params[h->pmap[i]].vector = p->vector;
            i++;
            continue;
        }
        int j = i;
        while (j < n && h->old_params[j].scope == p->scope)
            j++;
        const char *path = layer_path(m->arena, p, j - i);
        for (int k = i; k < j; k++)
            h->path[k] = path;
        for (int e = 0; e < h->K; e++)
            for (int k = i; k < j; k++) {
                const IrParam *q = &h->old_params[k];
                const char *et = m->edge_types[e].name;
                int np = ir_param_add(m, hetero_name(m->arena, q->name, path, et),
                                      q->rows, q->cols, q->init, q->init_a, q->scope, q->loc);
                m->params[np].heads = q->heads;
                if (q->alias)  // GATConv's lin_dst.weight, renamed like the name
                    m->params[np].alias = hetero_name(m->arena, q->alias, path, et);
                h->pmap_e[k * h->K + e] = np;
            }
        i = j;
    }
}

// A copy of `o` with operands a, b, c, d, built through the IR builders so it is typed afresh.
static IrNode *clone(IrModule *m, const IrNode *o, int etype, int param, IrNode *a, IrNode *b,
                     IrNode *c, IrNode *d) {
    IrNode *n;
    switch (o->op) {
    case IR_PARAM:
        n = ir_emit_param(m, param, o->loc);
        break;
    case IR_MATMUL:
        n = ir_emit_matmul(m, o->loc, a, o->ta, b, o->tb);
        break;
    case IR_SCALE:
        n = ir_emit_scale(m, o->loc, a, o->f);
        break;
    case IR_SLICE:
        n = ir_emit_slice(m, o->loc, a, o->k, o->type.cols);
        break;
    case IR_AGG_SUM:
    case IR_AGG_MEAN:
    case IR_AGG_MAX:
    case IR_AGG_WSUM:
        n = ir_emit_agg(m, o->op, etype, o->loc, a, NULL, NULL);
        break;
    case IR_HEAD_DOT:
    case IR_HEAD_MEAN:
        n = ir_emit_head(m, o->op, o->loc, a, b, o->heads);
        break;
    case IR_GAT_AGG:
        n = ir_emit_gat(m, o->op, o, etype, o->loc, a, b, c, d);
        break;
    default:
        assert(ir_op_arity(o->op) > 0 && o->op != IR_SCATTER_ADD && o->op < IR_AGG_SUM);
        n = ir_emit(m, o->op, o->loc, a, b, c);
        n->f = o->f;  // leaky_relu's slope, elu's alpha, dropout's p
        n->k = o->k;  // dropout's stream
        break;
    }
    n->scope = o->scope;
    return n;
}

// A parameter node of a module copied per node type (its value depends on the type).
static bool per_type(const Hetero *h, const IrNode *x) {
    return x->op == IR_PARAM && h->old_params[x->param].per_type;
}

static bool is_agg(const IrNode *n) {
    return n->op == IR_AGG_SUM || n->op == IR_AGG_MEAN || n->op == IR_AGG_MAX ||
           n->op == IR_AGG_WSUM;
}

// One application of a layer: old nodes g[0..n), cloned per edge type, then summed per type.
static void expand_layer(Hetero *h, IrNode **g, int n) {
    IrModule *m = h->m;
    int T = h->T, K = h->K;
    int base = g[0]->id;
    IrNode **cl = calloc((size_t)n * (size_t)K, sizeof *cl);  // cl[i * K + e]
    bool *done = calloc((size_t)K + 1, sizeof *done);
    // A layer without weights (lg_conv) is its one aggregation, named by lower.c after it.
    const char *path = g[0]->op == IR_PARAM ? h->path[g[0]->param]
                                            : g[0]->name ? g[0]->name : "layer";
    for (int e = 0; e < K; e++) {
        const IrEdgeType *et = &m->edge_types[e];
        bool ok = true;
        for (int i = 0; i < n && ok; i++) {
            const IrNode *o = g[i];
            IrNode *in[IR_MAX_IN] = {NULL, NULL, NULL, NULL};
            for (int k = 0; k < ir_op_arity(o->op); k++) {
                const IrNode *x = o->in[k];
                if (x->id >= base && x->id < base + n)
                    in[k] = cl[(x->id - base) * K + e];
                else if (generic(x))
                    in[k] = h->val[x->id * T + (is_agg(o) || o->src_side ? et->src : et->dst)];
                else
                    in[k] = h->map[x->id];
                if (!in[k])
                    ok = false;  // an endpoint type has no value; reported where it was lost
            }
            if (!ok)
                break;
            int p = o->op == IR_PARAM ? h->pmap_e[o->param * K + e] : -1;
            cl[i * K + e] = clone(m, o, e, p, in[0], in[1], in[2], in[3]);
        }
        done[e] = ok;
        if (ok)
            cl[(n - 1) * K + e]->name = arena_printf(m->arena, "%s.%s", path, et->name);
    }
    // PyG's to_hetero(aggr=...): the outputs into one destination type are combined in pairs
    // from a queue, the first two popped and their result pushed (to_hetero_transformer.py):
    // add for sum and mean (mean then divides by the count), torch.max for max.
    const IrNode *last = g[n - 1];
    IrOp pair = m->hetero_aggr == IR_AGG_MAX ? IR_MAXIMUM : IR_ADD;
    IrNode **queue = calloc(2 * (size_t)K + 1, sizeof *queue);  // count + count - 1 entries
    for (int t = 0; t < T; t++) {
        IrNode *sum = NULL;
        int count = 0, head = 0;
        for (int e = 0; e < K; e++)
            if (m->edge_types[e].dst == t && done[e])
                queue[count++] = cl[(n - 1) * K + e];
        for (int tail = count; tail - head >= 2; head += 2)
            queue[tail++] = ir_emit(m, pair, last->loc, queue[head], queue[head + 1], NULL);
        if (count)
            sum = queue[head];
        if (count > 1 && m->hetero_aggr == IR_AGG_MEAN)
            sum = ir_emit_scale(m, last->loc, sum, 1.0f / (float)count);
        bool receives = false;
        for (int e = 0; e < K; e++)
            receives |= m->edge_types[e].dst == t;
        if (!receives) {
            error_at(last->loc, "layer '%s' is applied to node type '%s', which receives no "
                                "messages (no edge type ends at it)",
                     path, m->node_types[t].name);
            note_at(m->node_types[t].loc, "'%s' is declared here; a reverse edge type "
                                          "(`reverse NAME`) would send it messages",
                    m->node_types[t].name);
        }
        if (sum && count > 1) {
            sum->scope = 0;
            sum->name = arena_printf(m->arena, "%s.%s", path, m->node_types[t].name);
        }
        h->val[last->id * T + t] = sum;
    }
    free(cl);
    free(done);
    free(queue);
}

void pass_hetero(IrModule *m) {
    ir_number(m);
    int count = m->tail ? m->tail->id + 1 : 0;
    Hetero h = {.m = m, .T = m->n_node_types, .K = m->n_edge_types};
    IrNode **old = calloc((size_t)count + 1, sizeof *old);
    h.map = calloc((size_t)count + 1, sizeof *h.map);
    h.val = calloc((size_t)count * (size_t)h.T + 1, sizeof *h.val);
    for (IrNode *n = m->head; n; n = n->next)
        old[n->id] = n;
    expand_params(&h);

    IrNode *input[IR_MAX_NODE_TYPES] = {NULL};  // each type's latest value before the block
    m->head = m->tail = NULL;
    for (int i = 0; i < count;) {
        IrNode *o = old[i];
        if (o->scope > 0) {
            // One application: PARAM nodes, then the rest, all with this scope; a layer without
            // weights is one agg_wsum per application (lg_conv applied to its own output).
            int j = i;
            while (j < count && old[j]->scope == o->scope &&
                   !(j > i && old[j]->op == IR_PARAM && old[j - 1]->op != IR_PARAM) &&
                   !(j > i && old[j]->op == IR_AGG_WSUM))
                j++;
            expand_layer(&h, old + i, j - i);
            i = j;
            continue;
        }
        i++;
        if (o->op == IR_ZEROS && generic(o)) {  // the block's input placeholder
            for (int t = 0; t < h.T; t++)
                h.val[o->id * h.T + t] = input[t];
            continue;
        }
        if (o->op == IR_PARAM && h.old_params[o->param].per_type) {  // one per node type
            for (int t = 0; t < h.T; t++) {
                IrNode *c = ir_emit_param(m, h.pmap_t[o->param * h.T + t], o->loc);
                h.val[o->id * h.T + t] = c;
            }
            continue;
        }
        if (generic(o)) {  // node-wise op inside the block: one copy per node type
            for (int t = 0; t < h.T; t++) {
                IrNode *in[IR_MAX_IN] = {NULL, NULL, NULL, NULL};
                bool ok = true;
                for (int k = 0; k < ir_op_arity(o->op); k++) {
                    const IrNode *x = o->in[k];
                    in[k] = generic(x) || per_type(&h, x) ? h.val[x->id * h.T + t]
                                                          : h.map[x->id];
                    ok = ok && in[k];
                }
                if (!ok)
                    continue;
                IrNode *c = clone(m, o, -1, -1, in[0], in[1], in[2], in[3]);
                if (o->op == IR_DROPOUT)  // each node type its own mask, as PyG's x_dict
                    c->k += t;
                if (o->name)
                    c->name = arena_printf(m->arena, "%s.%s", o->name, m->node_types[t].name);
                h.val[o->id * h.T + t] = c;
            }
            continue;
        }
        // Anything else keeps its node; operands are redirected to their new values. Only the
        // classifier's gathers read a generic value: by label source or destination.
        for (int k = 0; k < ir_op_arity(o->op); k++) {
            IrNode *x = o->in[k];
            bool label = o->op == IR_GATHER && k == 0 && m->label_etype >= 0 &&
                         (o->in[1]->op == IR_LABEL_SRC || o->in[1]->op == IR_LABEL_DST);
            const IrEdgeType *le = label ? &m->edge_types[m->label_etype] : NULL;
            int t = !label ? -1 : o->in[1]->op == IR_LABEL_SRC ? le->src : le->dst;
            if (!generic(x)) {
                o->in[k] = h.map[x->id];
                // No to_hetero block: the classifier's input. (BPR's L2 term gathers the
                // inputs by label ids too, after the classifier: it sets nothing.)
                if (label && !m->embed[t])
                    m->embed[t] = o->in[k];
                continue;
            }
            assert(label);
            // The block's output of every type is an embedding, read by the classifier or not.
            for (int u = 0; u < h.T; u++)
                if (h.val[x->id * h.T + u])
                    m->embed[u] = h.val[x->id * h.T + u];
            o->in[k] = h.val[x->id * h.T + t];
            if (!o->in[k]) {
                // Explained where the type lost its value; the module is not usable.
                if (!diag_error_count())
                    error_at(o->loc, "the classifier reads node type '%s', for which the "
                                     "to_hetero block computes nothing",
                             m->node_types[t].name);
                goto done;
            }
        }
        assert(o->in[0] || ir_op_arity(o->op) == 0);
        if (o->op == IR_PARAM)
            o->param = h.pmap[o->param];
        ir_node_append(m, o);
        h.map[i - 1] = o;
        if (o->type.dtype == DT_F32 && o->type.rows.kind == DIM_NODES)
            input[o->type.rows.n] = o;
    }
    if (m->mlp_layers)
        m->mlp_param = h.pmap[m->mlp_param];
    if (m->scores)
        m->scores = h.map[m->scores->id];
    if (m->loss)
        m->loss = h.map[m->loss->id];
    m->stage = IR_STAGE_HETERO;
done:
    free(old);
    free(h.map);
    free(h.val);
    free(h.pmap);
    free(h.pmap_e);
    free(h.path);
    free(h.pmap_t);
    if (!diag_error_count())
        ir_remove_dead(m);
}
