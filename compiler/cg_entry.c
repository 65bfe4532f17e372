// cg_entry.c — the functions of the HgnnModel ABI that codegen.c puts in a module:
// workspace_floats (the slots laid out one after another), run (run_forward and run_train: the
// batch's extents, then every node the mode runs, in order, through cg_emit.c), rows (the row
// counts each kernel runs over, for tests), embed and embed_workspace_floats (whole-graph
// inference), and score (the classifier on given embeddings).
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>

#include "cg.h"
#include "pass_plan.h"

static void load_dims(Cg *g, LLVMBuilderRef b, LLVMValueRef dims) {
    int nd = HGNN_NUM_DIMS(g->m->n_node_types, g->m->n_edge_types);
    for (int i = 0; i < nd; i++) {
        char name[16];
        snprintf(name, sizeof name, "dim%d", i);
        g->dimv[i] = LLVMBuildLoad2(b, g->i64, gep(g, b, g->i64, dims, ci64(g, i)), name);
    }
}

// Slot s holds a value of a node that runs in `mode` (mode < 0: any slot).
static bool slot_used(Cg *g, int mode, int s) {
    if (mode < 0)
        return true;
    for (int i = 0; i < g->p->n_nodes; i++) {
        int own = g->p->into[i] >= 0 ? g->p->into[i] : i;
        if (plan_runs_in(g->p, mode, i) && g->p->store[own] == ST_SLOT && g->p->slot[own] == s)
            return true;
    }
    return false;
}

// Lays the slots out one after another, each rounded up to 16 floats (64 bytes); returns the
// total and, when ws is given, stores each slot's address in base. mode >= 0 lays out only the
// slots that mode uses (embed's workspace holds no gradient).
static LLVMValueRef layout(Cg *g, LLVMBuilderRef b, LLVMValueRef ws, LLVMValueRef *base,
                           int mode) {
    LLVMValueRef off = ci64(g, 0);
    for (int s = 0; s < g->p->n_slots; s++) {
        if (!slot_used(g, mode, s))
            continue;
        if (ws) {
            char name[24];
            snprintf(name, sizeof name, "slot%d", s);
            base[s] = LLVMBuildInBoundsGEP2(b, g->f32, ws, &off, 1, name);
        }
        LLVMValueRef size = mul(b, rows_of(g, g->p->slot_rows[s]), ci64(g, g->p->slot_cols[s]));
        size = LLVMBuildAnd(b, add(b, size, ci64(g, 15)), ci64(g, ~(int64_t)15), "");
        off = add(b, off, size);
    }
    return off;
}

// 1 + the largest of n local ids: the rows a gather at these ids reads (0 when n = 0).
static LLVMValueRef extent_of_ids(Cg *g, LLVMValueRef ids, LLVMValueRef n, const char *name) {
    LLVMBuilderRef b = g->b;
    Loop l;
    LLVMValueRef i = loop_open(g, b, &l, ci64(g, 0), n, ci64(g, 0));
    LLVMValueRef v = add(b, load_idx(g, b, ids, i), ci64(g, 1));
    LLVMValueRef bigger = LLVMBuildICmp(b, LLVMIntSGT, v, l.acc, "");
    loop_close(g, b, &l, LLVMBuildSelect(b, bigger, v, l.acc, ""));
    LLVMSetValueName2(l.acc, name, strlen(name));
    return l.acc;
}

// Computes every extent the nodes running in `mode` use (mode < 0: in either mode) into g->extv,
// operands first: O(labels + edges) work per batch, before any kernel runs.
static void emit_extents(Cg *g, LLVMValueRef batch, int mode) {
    IrModule *m = g->m;
    LLVMBuilderRef b = g->b;
    bool *used = arena_alloc(m->arena, (size_t)g->p->n_ext + 1);
    for (int md = HGNN_RUN_FORWARD; md < PLAN_MODES; md++) {
        if (mode >= 0 && md != mode)
            continue;
        for (int i = 0; i < g->p->n_nodes; i++) {
            if (g->p->comp[md][i] == EXT_NONE)
                continue;  // the node does not run in this mode
            used[g->p->comp[md][i]] = used[g->p->need[md][i]] = used[g->p->work[md][i]] = true;
            used[g->p->nz[i]] = true;
        }
    }
    for (int k = g->p->n_ext - 1; k >= 0; k--) {
        const PlanExt *x = &g->p->ext[k];
        if (used[k] && (x->kind == EX_REACH || x->kind == EX_EDGES || x->kind == EX_MAX ||
                        x->kind == EX_MIN))
            used[x->a] = true;
        if (used[k] && (x->kind == EX_MAX || x->kind == EX_MIN))
            used[x->b] = true;
    }
    LLVMValueRef nl = g->dimv[HGNN_DIM_L(m->n_node_types, m->n_edge_types)];
    for (int k = 0; k < g->p->n_ext; k++) {
        const PlanExt *x = &g->p->ext[k];
        g->extv[k] = NULL;
        if (!used[k])
            continue;
        char name[32];
        switch (x->kind) {
        case EX_FULL: g->extv[k] = rows_of(g, x->dim); break;
        case EX_ZERO: g->extv[k] = ci64(g, 0); break;
        case EX_LMAX:
            g->extv[k] = extent_of_ids(
                g, cg_batch_field(g, batch, x->e ? BF_LABEL_DST : BF_LABEL_SRC, -1), nl,
                x->e ? "s_dst" : "s_src");
            break;
        case EX_REACH: {
            LLVMValueRef eptr = cg_batch_field(g, batch, BF_EDGE_PTR, x->e);
            LLVMValueRef n = load_idx(g, b, eptr, g->extv[x->a]);
            snprintf(name, sizeof name, "reach%d", k);
            g->extv[k] = extent_of_ids(g, cg_batch_field(g, batch, BF_EDGE_SRC, x->e), n, name);
            break;
        }
        case EX_EDGES:
            g->extv[k] = load_idx(g, b, cg_batch_field(g, batch, BF_EDGE_PTR, x->e), g->extv[x->a]);
            break;
        case EX_MAX: case EX_MIN: {
            LLVMValueRef a = g->extv[x->a], c = g->extv[x->b];
            LLVMIntPredicate p = x->kind == EX_MAX ? LLVMIntSGT : LLVMIntSLT;
            snprintf(name, sizeof name, "%s%d", x->kind == EX_MAX ? "max" : "min", k);
            g->extv[k] = LLVMBuildSelect(b, LLVMBuildICmp(b, p, a, c, ""), a, c, name);
            break;
        }
        default: assert(0 && "unknown extent");
        }
    }
}

// The host's sgemm and parallel_for, loaded in the entry block of run_* or embed.
static LLVMValueRef load_host(Cg *g, LLVMValueRef host) {
    LLVMBuilderRef b = g->b;
    LLVMValueRef pf = LLVMBuildLoad2(b, g->ptr, LLVMBuildStructGEP2(b, g->host_ty, host, 2, ""),
                                     "parallel_for");
    g->par_for = LLVMBuildSelect(b, LLVMBuildIsNull(b, pf, ""), g->serial_for, pf, "");
    g->par_pool = LLVMBuildLoad2(b, g->ptr, LLVMBuildStructGEP2(b, g->host_ty, host, 3, ""),
                                 "pool");
    return LLVMBuildLoad2(b, g->ptr, LLVMBuildStructGEP2(b, g->host_ty, host, 0, ""), "sgemm");
}

// In HGNN_RUN_TRAIN_COMPACT mode a sparse gradient is its scatter's source, row for row: that
// source is computed straight into the gradient buffer (which has V >= N_t rows) when it owns its
// storage, a workspace slot, so that the scatter has nothing left to copy. Its readers read it
// there; the slot goes unused meanwhile. Sets g->alias; -1 everywhere when !train.
static void compact_alias(Cg *g, bool train) {
    for (int i = 0; i < g->p->n_nodes; i++)
        g->alias[i] = -1;
    for (int p = 0; train && p < g->m->n_params; p++) {
        const IrNode *gr = g->m->params[p].grad;
        if (!g->p->sparse[p])
            continue;
        int src = gr->in[0]->id;
        if (g->p->store[src] == ST_SLOT && g->p->into[src] < 0 && g->alias[src] < 0)
            g->alias[src] = p;
    }
}

// Builds run_forward or run_train: (mode, batch, params, grads, ws, host, scores, loss), run()'s
// arguments.
static LLVMValueRef build_run(Cg *g, const char *fname, bool train, LLVMTypeRef ty) {
    IrModule *m = g->m;
    LLVMValueRef fn = LLVMAddFunction(g->mod, fname, ty);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->b;
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g->ctx, fn, "entry"));
    LLVMValueRef batch = LLVMGetParam(fn, 1), params = LLVMGetParam(fn, 2);
    LLVMValueRef grads = LLVMGetParam(fn, 3), ws = LLVMGetParam(fn, 4);
    LLVMValueRef host = LLVMGetParam(fn, 5);
    const char *pn[8] = {"mode", "batch", "params", "grads", "ws", "host", "scores", "loss"};
    for (int i = 0; i < 8; i++)
        LLVMSetValueName2(LLVMGetParam(fn, (unsigned)i), pn[i], strlen(pn[i]));
    g->sparse = g->compact = NULL;
    if (train) {
        LLVMValueRef mode = LLVMGetParam(fn, 0);
        g->compact = LLVMBuildICmp(b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN_COMPACT), "compact");
        g->sparse = LLVMBuildOr(
            b, LLVMBuildICmp(b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN_SPARSE), ""), g->compact,
            "sparse");
    }

    load_dims(g, b, cg_batch_field(g, batch, BF_DIMS, -1));
    LLVMValueRef *base = arena_alloc(m->arena, (size_t)(g->p->n_slots + 1) * sizeof *base);
    layout(g, b, ws, base, -1);
    LLVMValueRef sgemm = load_host(g, host);
    compact_alias(g, train);
    LLVMValueRef *aliased = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *aliased);
    for (int i = 0; i < g->p->n_nodes; i++)
        if (g->alias[i] >= 0)
            aliased[i] = LLVMBuildSelect(b, g->compact,
                                         cg_load_ptr_at(g, grads, g->alias[i], "grad"),
                                         base[g->p->slot[i]], "compact_src");
    g->mode = train ? HGNN_RUN_TRAIN : HGNN_RUN_FORWARD;
    emit_extents(g, batch, g->mode);
    for (int i = 0; i < g->p->n_nodes; i++)
        g->val[i] = NULL;
    for (int i = 0; i < g->p->n_nodes; i++) {
        IrNode *x = g->p->nodes[i];
        if (!plan_runs_in(g->p, g->mode, i))
            continue;
        // A fused add's operands write its storage.
        int own = g->p->into[i] >= 0 ? g->p->into[i] : i;
        if (!g->val[own]) {
            switch (g->p->store[own]) {
            case ST_SLOT:
                g->val[own] = g->alias[own] >= 0 ? aliased[own] : base[g->p->slot[own]];
                break;
            case ST_SCORES: g->val[own] = LLVMGetParam(fn, 6); break;
            case ST_LOSS: g->val[own] = LLVMGetParam(fn, 7); break;
            case ST_GRAD:
                if (train)
                    g->val[own] = cg_load_ptr_at(g, grads, g->p->slot[own], "grad");
                break;
            }
        }
        g->val[i] = g->val[own];
        cg_emit_node(g, x, batch, params, sgemm);
    }
    if (train) {
        // Gradients not computed in place: parameters the loss does not reach get zeros, and a
        // value shared with another output is copied.
        for (int p = 0; p < m->n_params; p++) {
            IrNode *gr = m->params[p].grad;
            if (gr && g->p->store[gr->id] == ST_GRAD && g->p->slot[gr->id] == p)
                continue;
            LLVMValueRef dst = cg_load_ptr_at(g, grads, p, "grad");
            LLVMValueRef size = mul(b, rows_of(g, m->params[p].rows), ci64(g, m->params[p].cols));
            if (!gr)
                zero_fill(g, b, dst, size);
            else
                LLVMBuildMemCpy(b, dst, 4, g->val[gr->id], 4, mul(b, size, ci64(g, 4)));
        }
    }
    LLVMBuildRetVoid(b);
    g->sparse = g->compact = NULL;
    return fn;
}

// HgnnModel.embed (ABI 6): embed(batch, params, ws, host, out) runs the nodes the embeddings
// need (PLAN_EMBED) with run()'s kernels. An embedding is computed straight into out[t] when the
// caller gives it, else into its workspace slot.
static LLVMValueRef build_embed(Cg *g) {
    IrModule *m = g->m;
    LLVMTypeRef args[5] = {g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
    LLVMValueRef fn = LLVMAddFunction(g->mod, "embed", LLVMFunctionType(g->vd, args, 5, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->b;
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g->ctx, fn, "entry"));
    const char *pn[5] = {"batch", "params", "ws", "host", "out"};
    for (int i = 0; i < 5; i++)
        LLVMSetValueName2(LLVMGetParam(fn, (unsigned)i), pn[i], strlen(pn[i]));
    LLVMValueRef batch = LLVMGetParam(fn, 0), params = LLVMGetParam(fn, 1);
    LLVMValueRef out = LLVMGetParam(fn, 4);
    load_dims(g, b, cg_batch_field(g, batch, BF_DIMS, -1));
    LLVMValueRef *base = arena_alloc(m->arena, (size_t)(g->p->n_slots + 1) * sizeof *base);
    layout(g, b, LLVMGetParam(fn, 2), base, PLAN_EMBED);
    LLVMValueRef sgemm = load_host(g, LLVMGetParam(fn, 3));
    g->mode = PLAN_EMBED;
    emit_extents(g, batch, PLAN_EMBED);
    for (int i = 0; i < g->p->n_nodes; i++)
        g->val[i] = NULL;
    for (int i = 0; i < g->p->n_nodes; i++) {
        IrNode *x = g->p->nodes[i];
        if (!plan_runs_in(g->p, PLAN_EMBED, i))
            continue;
        int own = g->p->into[i] >= 0 ? g->p->into[i] : i;
        if (!g->val[own] && g->p->store[own] != ST_LEAF) {  // a leaf's pointer is its value
            assert(g->p->store[own] == ST_SLOT && "embed writes no scores, loss or gradient");
            g->val[own] = base[g->p->slot[own]];
            for (int t = 0; t < m->n_node_types; t++) {
                if (m->embed[t] != g->p->nodes[own])
                    continue;
                LLVMValueRef o = cg_load_ptr_at(g, out, t, "out");
                g->val[own] = LLVMBuildSelect(b, LLVMBuildIsNull(b, o, ""), g->val[own], o, "");
            }
        }
        g->val[i] = g->val[own];
        cg_emit_node(g, x, batch, params, sgemm);
    }
    // An embedding that is a leaf (the classifier reading a batch or parameter table as it is)
    // has no kernel to write out[t]: copied.
    for (int t = 0; t < m->n_node_types; t++) {
        const IrNode *e = m->embed[t];
        if (!e || g->p->store[e->id] != ST_LEAF)
            continue;
        LLVMValueRef o = cg_load_ptr_at(g, out, t, "out");
        LLVMBasicBlockRef copy = LLVMAppendBasicBlockInContext(g->ctx, fn, "copy");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next");
        LLVMBuildCondBr(b, LLVMBuildIsNull(b, o, ""), next, copy);
        LLVMPositionBuilderAtEnd(b, copy);
        LLVMValueRef bytes = mul(b, mul(b, rows_of(g, e->type.rows), ci64(g, e->type.cols)),
                                 ci64(g, 4));
        LLVMBuildMemCpy(b, o, 4, g->val[e->id], 4, bytes);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    LLVMBuildRetVoid(b);
    return fn;
}

// HgnnModel.embed_workspace_floats (ABI 6): the slots embed uses, laid out as embed lays them.
static LLVMValueRef build_embed_ws(Cg *g) {
    LLVMValueRef fn = LLVMAddFunction(g->mod, "embed_workspace_floats",
                                      LLVMFunctionType(g->i64, &g->ptr, 1, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(g->b, LLVMAppendBasicBlockInContext(g->ctx, fn, "entry"));
    load_dims(g, g->b, LLVMGetParam(fn, 0));
    LLVMBuildRet(g->b, layout(g, g->b, NULL, NULL, PLAN_EMBED));
    return fn;
}

// score's body for the mlp classifier, one pair at a time: the layers' activations in two
// stack buffers of the widest layer's size, the input [src_emb[s], dst_emb[d]] read in place.
// Each output is bias + sum_j w_j x_j, then relu but on the last layer; sums in float,
// reassociated.
static void score_mlp(Cg *g, LLVMValueRef fn) {
    const IrModule *m = g->m;
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    LLVMBuilderRef b = g->b;
    int64_t cs = m->embed[le->src]->type.cols, cd = m->embed[le->dst]->type.cols, widest = 1;
    for (int l = 0; l < m->mlp_layers; l++)
        if (m->params[m->mlp_param + 2 * l].rows.n > widest)
            widest = m->params[m->mlp_param + 2 * l].rows.n;
    LLVMTypeRef buf_ty = LLVMArrayType2(g->f32, (uint64_t)widest);
    LLVMValueRef buf[2] = {LLVMBuildAlloca(b, buf_ty, "h0"), LLVMBuildAlloca(b, buf_ty, "h1")};
    // The source half of layer 0, W[:, :cs] src_emb[s], kept while s repeats (a ranking scores
    // one user against every item).
    LLVMValueRef part = LLVMBuildAlloca(b, buf_ty, "src_part");
    LLVMValueRef last_s = LLVMBuildAlloca(b, g->i64, "last_src");
    LLVMBuildStore(b, ci64(g, -1), last_s);
    LLVMValueRef params = LLVMGetParam(fn, 5), out = LLVMGetParam(fn, 6);
    LLVMValueRef w0 = cg_load_ptr_at(g, params, m->mlp_param, "w0");
    int64_t in0 = m->params[m->mlp_param].cols, out0 = m->params[m->mlp_param].rows.n;
    Loop li, lo, lj;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), LLVMGetParam(fn, 0), NULL);
    LLVMValueRef s_id = load_idx(g, b, LLVMGetParam(fn, 1), i);
    LLVMValueRef rs = mul(b, s_id, ci64(g, cs));
    LLVMValueRef rd = mul(b, load_idx(g, b, LLVMGetParam(fn, 2), i), ci64(g, cd));
    LLVMBasicBlockRef fresh = LLVMAppendBasicBlockInContext(g->ctx, fn, "src_part");
    LLVMBasicBlockRef have = LLVMAppendBasicBlockInContext(g->ctx, fn, "have_src_part");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildLoad2(b, g->i64, last_s, ""), s_id, ""),
                    have, fresh);
    LLVMPositionBuilderAtEnd(b, fresh);
    {
        LLVMValueRef o = loop_open(g, b, &lo, ci64(g, 0), ci64(g, out0), NULL);
        LLVMValueRef wrow = mul(b, o, ci64(g, in0));
        LLVMValueRef j = loop_open(g, b, &lj, ci64(g, 0), ci64(g, cs), cf32(g, 0));
        loop_close(g, b, &lj, cg_fma_acc(b, lj.acc, load_at(g, b, g->f32, w0, add(b, wrow, j)),
                                      load_at(g, b, g->f32, LLVMGetParam(fn, 3), add(b, rs, j))));
        store_at(g, b, g->f32, lj.acc, part, o);
        loop_close(g, b, &lo, NULL);
        LLVMBuildStore(b, s_id, last_s);
        LLVMBuildBr(b, have);
    }
    LLVMPositionBuilderAtEnd(b, have);
    for (int l = 0; l < m->mlp_layers; l++) {
        const IrParam *w = &m->params[m->mlp_param + 2 * l];
        bool last = l + 1 == m->mlp_layers;
        LLVMValueRef wp = cg_load_ptr_at(g, params, m->mlp_param + 2 * l, "w");
        LLVMValueRef bp = cg_load_ptr_at(g, params, m->mlp_param + 2 * l + 1, "b");
        LLVMValueRef o = loop_open(g, b, &lo, ci64(g, 0), ci64(g, w->rows.n), NULL);
        LLVMValueRef wrow = mul(b, o, ci64(g, w->cols));
        // Input column j: the source embedding's, then the destination's; or the last layer's.
        LLVMValueRef sum;
        if (l == 0) {
            LLVMValueRef j = loop_open(g, b, &lj, ci64(g, 0), ci64(g, cd),
                                       load_at(g, b, g->f32, part, o));
            LLVMValueRef wj = add(b, wrow, add(b, j, ci64(g, cs)));
            sum = cg_fma_acc(b, lj.acc, load_at(g, b, g->f32, wp, wj),
                          load_at(g, b, g->f32, LLVMGetParam(fn, 4), add(b, rd, j)));
            loop_close(g, b, &lj, sum);
        } else {
            LLVMValueRef j = loop_open(g, b, &lj, ci64(g, 0), ci64(g, w->cols), cf32(g, 0));
            sum = cg_fma_acc(b, lj.acc, load_at(g, b, g->f32, wp, add(b, wrow, j)),
                          load_at(g, b, g->f32, buf[(l - 1) % 2], j));
            loop_close(g, b, &lj, sum);
        }
        LLVMValueRef v = LLVMBuildFAdd(b, lj.acc, load_at(g, b, g->f32, bp, o), "");
        if (last) {
            store_at(g, b, g->f32, v, out, i);  // the last layer has one output
        } else {
            v = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, v, cf32(g, 0), ""), v, cf32(g, 0),
                                "");
            store_at(g, b, g->f32, v, buf[l % 2], o);
        }
        loop_close(g, b, &lo, NULL);
    }
    loop_close(g, b, &li, NULL);
    LLVMBuildRetVoid(b);
}

// HgnnModel.score (ABI 6): the classifier on given embeddings. For dot,
// scores[i] = src_emb[src_ids[i]] . dst_emb[dst_ids[i]], summed as the rowdot kernel sums; mlp's
// layers run per pair (score_mlp).
static LLVMValueRef build_score(Cg *g) {
    const IrModule *m = g->m;
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    if (!m->embed[le->src] || !m->embed[le->dst])
        return LLVMConstPointerNull(g->ptr);  // not reached: to_hetero records both
    LLVMTypeRef args[7] = {g->i64, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
    LLVMValueRef fn = LLVMAddFunction(g->mod, "score", LLVMFunctionType(g->vd, args, 7, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->b;
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g->ctx, fn, "entry"));
    LLVMValueRef C = ci64(g, m->embed[le->src]->type.cols);
    LLVMValueRef src = LLVMGetParam(fn, 1), dst = LLVMGetParam(fn, 2);
    LLVMValueRef se = LLVMGetParam(fn, 3), de = LLVMGetParam(fn, 4), out = LLVMGetParam(fn, 6);
    if (m->mlp_layers) {
        score_mlp(g, fn);
        return fn;
    }
    Loop li, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), LLVMGetParam(fn, 0), NULL);
    LLVMValueRef rs = mul(b, load_idx(g, b, src, i), C), rd = mul(b, load_idx(g, b, dst, i), C);
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, cf32(g, 0));
    LLVMValueRef sum = cg_fma_acc(b, lc.acc, load_at(g, b, g->f32, se, add(b, rs, j)),
                                  load_at(g, b, g->f32, de, add(b, rd, j)));
    loop_close(g, b, &lc, sum);
    store_at(g, b, g->f32, lc.acc, out, i);
    loop_close(g, b, &li, NULL);
    LLVMBuildRetVoid(b);
    return fn;
}

// HgnnModel.rows (hgnn/abi.h): the extents of both modes from the same emit_extents as run(),
// stored per node instead of used.
static LLVMValueRef build_rows_fn(Cg *g) {
    LLVMTypeRef args[3] = {g->i32, g->ptr, g->ptr};
    LLVMValueRef fn = LLVMAddFunction(g->mod, "rows", LLVMFunctionType(g->i64, args, 3, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->b;
    LLVMValueRef mode = LLVMGetParam(fn, 0), batch = LLVMGetParam(fn, 1), out = LLVMGetParam(fn, 2);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, fn, "entry");
    LLVMBasicBlockRef count = LLVMAppendBasicBlockInContext(g->ctx, fn, "count");
    LLVMBasicBlockRef ext = LLVMAppendBasicBlockInContext(g->ctx, fn, "extents");
    LLVMBasicBlockRef blk[2] = {LLVMAppendBasicBlockInContext(g->ctx, fn, "forward"),
                                LLVMAppendBasicBlockInContext(g->ctx, fn, "train")};
    LLVMPositionBuilderAtEnd(b, entry);
    LLVMBuildCondBr(b, LLVMBuildIsNull(b, out, ""), count, ext);
    LLVMPositionBuilderAtEnd(b, count);
    LLVMBuildRet(b, ci64(g, g->p->n_nodes));
    LLVMPositionBuilderAtEnd(b, ext);
    load_dims(g, b, cg_batch_field(g, batch, BF_DIMS, -1));
    emit_extents(g, batch, -1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN), ""),
                    blk[HGNN_RUN_TRAIN], blk[HGNN_RUN_FORWARD]);
    for (int md = HGNN_RUN_FORWARD; md <= HGNN_RUN_TRAIN; md++) {
        LLVMPositionBuilderAtEnd(b, blk[md]);
        for (int i = 0; i < g->p->n_nodes; i++) {
            IrNode *x = g->p->nodes[i];
            LLVMValueRef rows = ci64(g, -1), edges = ci64(g, 0);
            if (plan_runs_in(g->p, md, i) && !plan_is_leaf(x->op))
                rows = cg_ext_val(g, g->p->work[md][i]);
            if (plan_runs_in(g->p, md, i) && ((x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) ||
                                              (x->op >= IR_GAT_AGG && x->op <= IR_GAT_GRAD_DST)))
                edges = load_idx(g, b, cg_batch_field(g, batch, BF_EDGE_PTR, x->etype), rows);
            store_at(g, b, g->i64, rows, out, ci64(g, 2 * i));
            store_at(g, b, g->i64, edges, out, ci64(g, 2 * i + 1));
        }
        LLVMBuildRet(b, ci64(g, g->p->n_nodes));
    }
    return fn;
}

// The model's functions, in this order (the order the module lists them): workspace_floats,
// run_forward, run_train, run (which dispatches on the mode), rows, embed_workspace_floats, embed
// and score; embed_fns receives the last three.
void cg_build_entries(Cg *g, LLVMValueRef *ws_fn, LLVMValueRef *run_fn, LLVMValueRef *rows_fn,
                      LLVMValueRef *embed_fns) {
    // int64_t workspace_floats(const int64_t *dims)
    LLVMTypeRef wty = LLVMFunctionType(g->i64, &g->ptr, 1, 0);
    LLVMValueRef wfn = LLVMAddFunction(g->mod, "workspace_floats", wty);
    LLVMSetLinkage(wfn, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(g->b, LLVMAppendBasicBlockInContext(g->ctx, wfn, "entry"));
    load_dims(g, g->b, LLVMGetParam(wfn, 0));
    LLVMBuildRet(g->b, layout(g, g->b, NULL, NULL, -1));

    LLVMTypeRef rargs[8] = {g->i32, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
    LLVMTypeRef rty = LLVMFunctionType(g->vd, rargs, 8, 0);
    LLVMValueRef fwd = build_run(g, "run_forward", false, rty);
    LLVMValueRef train = build_run(g, "run_train", true, rty);

    // void run(int32_t mode, ...): dispatches on the mode; the three train modes are run_train.
    LLVMValueRef run = LLVMAddFunction(g->mod, "run", rty);
    LLVMSetLinkage(run, LLVMInternalLinkage);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, run, "entry");
    LLVMBasicBlockRef tb = LLVMAppendBasicBlockInContext(g->ctx, run, "train");
    LLVMBasicBlockRef fb = LLVMAppendBasicBlockInContext(g->ctx, run, "forward");
    LLVMPositionBuilderAtEnd(g->b, entry);
    LLVMValueRef a[8];
    for (int i = 0; i < 8; i++)
        a[i] = LLVMGetParam(run, (unsigned)i);
    LLVMValueRef mode = LLVMGetParam(run, 0);
    // HGNN_RUN_TRAIN, _SPARSE and _COMPACT are 1, 2 and 3: mode - 1 < 3, unsigned.
    _Static_assert(HGNN_RUN_TRAIN == 1 && HGNN_RUN_TRAIN_SPARSE == 2 &&
                       HGNN_RUN_TRAIN_COMPACT == 3, "the train modes are 1, 2 and 3");
    LLVMValueRef first = ci32(g, HGNN_RUN_TRAIN);
    LLVMValueRef n_train = ci32(g, HGNN_RUN_TRAIN_COMPACT - HGNN_RUN_TRAIN + 1);
    LLVMBuildCondBr(g->b,
                    LLVMBuildICmp(g->b, LLVMIntULT, LLVMBuildSub(g->b, mode, first, ""), n_train,
                                  ""),
                    tb, fb);
    LLVMPositionBuilderAtEnd(g->b, tb);
    LLVMBuildCall2(g->b, rty, train, a, 8, "");
    LLVMBuildRetVoid(g->b);
    LLVMPositionBuilderAtEnd(g->b, fb);
    LLVMBuildCall2(g->b, rty, fwd, a, 8, "");
    LLVMBuildRetVoid(g->b);

    *rows_fn = build_rows_fn(g);
    embed_fns[0] = build_embed_ws(g);
    embed_fns[1] = build_embed(g);
    embed_fns[2] = build_score(g);
    *ws_fn = wfn;
    *run_fn = run;
}
