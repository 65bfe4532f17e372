// cg_emit.c — the code of one IR node inside a function codegen builds (run_*, embed): a leaf
// yields a pointer into the batch or the parameters, any other op a call of its kernel
// (cg_kernels.c, cg_gemm.c, cg_attention.c) over the rows its plan computes (pass_plan.c), run as a
// parallel loop when it matters, then zeros over the rows its readers read beyond those.
// Takes the Cg state a function builder set up (cg_entry.c: dims, extents, storage of each value).
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>

#include "cg.h"
#include "pass_plan.h"

// HgnnBatch field `field` (BF_*), element `index` of an array field (-1: the field itself).
LLVMValueRef cg_batch_field(Cg *g, LLVMValueRef batch, int field, int index) {
    LLVMBuilderRef b = g->b;
    LLVMValueRef p = LLVMBuildStructGEP2(b, g->batch_ty, batch, (unsigned)field, "");
    if (index >= 0) {
        LLVMValueRef idx[2] = {ci64(g, 0), ci64(g, index)};
        LLVMTypeRef arr = LLVMStructGetTypeAtIndex(g->batch_ty, (unsigned)field);
        p = LLVMBuildInBoundsGEP2(b, arr, p, idx, 2, "");
    }
    return LLVMBuildLoad2(b, g->ptr, p, "");
}

// HgnnBatch.seed, the batch's random stream (attention dropout).
static LLVMValueRef batch_seed(Cg *g, LLVMValueRef batch) {
    LLVMValueRef p = LLVMBuildStructGEP2(g->b, g->batch_ty, batch, BF_SEED, "");
    return LLVMBuildLoad2(g->b, g->i64, p, "seed");
}

LLVMValueRef cg_load_ptr_at(Cg *g, LLVMValueRef arr, int i, const char *name) {
    return LLVMBuildLoad2(g->b, g->ptr, gep(g, g->b, g->ptr, arr, ci64(g, i)), name);
}

// The value of extent e in the function being built (cg_entry.c's emit_extents computed it).
LLVMValueRef cg_ext_val(Cg *g, int e) {
    assert(e >= 0 && g->extv[e]);
    return g->extv[e];
}

static LLVMValueRef comp_rows(Cg *g, const IrNode *x) {
    return cg_ext_val(g, g->p->comp[g->mode][x->id]);
}

static LLVMValueRef work_rows(Cg *g, const IrNode *x) {
    return cg_ext_val(g, g->p->work[g->mode][x->id]);
}

// Smallest slices worth a fork-join (a few microseconds): rows of a generated gemm (a multiple of
// 4, its row block), rows of an aggregation, rows of a cheap row-wise kernel, output rows of a
// scatter (each slice reads every index), floats of an elementwise one.
#define GRAIN_GEMM 64
#define GRAIN_AGG 128
#define GRAIN_ROWS 256
#define GRAIN_SCATTER 512
#define GRAIN_ELEMS 16384

// A sparse gradient in HGNN_RUN_TRAIN_COMPACT mode: when g->compact, out's rows [0, nt) are the
// source's first `work` rows and zeros after them, then control joins the returned block;
// otherwise the builder is left where the scatter goes, which must branch to that block when
// done. The source is usually computed in out already (aliased: build_run's compact_alias), so
// only the zeros are left to write; else it is copied, +0 added as the scatter stores.
static LLVMBasicBlockRef compact_rows(Cg *g, LLVMValueRef out, LLVMValueRef src, bool aliased,
                                      LLVMValueRef work, LLVMValueRef nt, int64_t c) {
    LLVMBuilderRef b = g->b;
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(b));
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(g->ctx, fn, "compact_grad");
    LLVMBasicBlockRef no = LLVMAppendBasicBlockInContext(g->ctx, fn, "scatter_grad");
    LLVMBasicBlockRef after = LLVMAppendBasicBlockInContext(g->ctx, fn, "grad_done");
    LLVMBuildCondBr(b, g->compact, yes, no);
    LLVMPositionBuilderAtEnd(b, yes);
    LLVMValueRef n = mul(b, work, ci64(g, c));
    if (!aliased) {
        // By vectors of 16 when rows are (not vectorised otherwise: out and src may alias).
        int64_t w = c % 16 == 0 ? 16 : 1;
        LLVMTypeRef ty = w > 1 ? LLVMVectorType(g->f32, (unsigned)w) : g->f32;
        Loop l;
        LLVMValueRef i = loop_open(g, b, &l, ci64(g, 0), LLVMBuildSDiv(b, n, ci64(g, w), ""),
                                   NULL);
        LLVMValueRef at = mul(b, i, ci64(g, w));
        LLVMValueRef x = LLVMBuildLoad2(b, ty, gep(g, b, g->f32, src, at), "");
        LLVMSetAlignment(x, 4);
        LLVMValueRef v = LLVMBuildFAdd(b, LLVMConstNull(ty), x, "");
        LLVMSetAlignment(LLVMBuildStore(b, v, gep(g, b, g->f32, out, at)), 4);
        loop_close(g, b, &l, NULL);
    }
    zero_fill(g, b, gep(g, b, g->f32, out, n), LLVMBuildNSWSub(b, mul(b, nt, ci64(g, c)), n, ""));
    LLVMBuildBr(b, after);
    LLVMPositionBuilderAtEnd(b, no);
    return after;
}

// x's value: computed already, or x is a parameter whose pointer is loaded now, once (at the
// parameter's place, or earlier when a product before it takes it as its fused bias).
static LLVMValueRef value_or_param(Cg *g, LLVMValueRef params, const IrNode *x) {
    if (!g->val[x->id]) {
        assert(x->op == IR_PARAM);
        char name[32];
        snprintf(name, sizeof name, "v%d", x->id);
        g->val[x->id] = cg_load_ptr_at(g, params, x->param, name);
    }
    return g->val[x->id];
}

// Emits the code of one node: a leaf yields a pointer, any other op a kernel call writing the
// node's computed rows (see pass_plan.c) into its storage. Kernels that matter run as parallel
// loops (cg_call_par); small ones stay serial.
static void emit_op(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params,
                    LLVMValueRef sgemm) {
    LLVMBuilderRef b = g->b;
    LLVMValueRef out = g->val[x->id];
    LLVMValueRef in[IR_MAX_IN] = {0};
    for (int k = 0; k < ir_op_arity(x->op); k++)
        in[k] = g->val[x->in[k]->id];
    LLVMValueRef C = ci64(g, x->type.cols), rows = NULL;
    if (!plan_is_leaf(x->op))
        rows = comp_rows(g, x);
    int64_t c = x->type.cols;
    char name[32];
    snprintf(name, sizeof name, "v%d", x->id);
    switch (x->op) {
    case IR_PARAM: value_or_param(g, params, x); return;
    case IR_NODE_IDS: g->val[x->id] = cg_batch_field(g, batch, BF_NODE_IDS, x->ntype); return;
    case IR_FEATURES: g->val[x->id] = cg_batch_field(g, batch, BF_FEATURES, x->ntype); return;
    case IR_LABELS: g->val[x->id] = cg_batch_field(g, batch, BF_LABELS, -1); return;
    case IR_LABEL_SRC: g->val[x->id] = cg_batch_field(g, batch, BF_LABEL_SRC, -1); return;
    case IR_LABEL_DST: g->val[x->id] = cg_batch_field(g, batch, BF_LABEL_DST, -1); return;
    case IR_ZEROS: zero_fill(g, b, out, mul(b, rows, C)); return;
    case IR_ONE: store_at(g, b, g->f32, cf32(g, 1), out, ci64(g, 0)); return;
    case IR_MATMUL: {
        IrNode *a = x->in[0], *bb = x->in[1];
        LLVMValueRef kdim = x->ta ? work_rows(g, x) : ci64(g, a->type.cols);
        // Products with a constant inner dimension and 16..64 output columns (the layers' x W^T
        // and their input adjoints) use the generated gemm; 24% faster than OpenBLAS's Haswell
        // kernels here, on par with SkylakeX's. -fno-gemm sends every product to sgemm and
        // -fno-gemm-tn the weight gradients, for comparisons.
        int64_t K = a->type.cols;
        int kind = plan_gemm(x, g->off);
        int bias = g->p->bias[x->id];
        if (bias >= 0) {
            value_or_param(g, params, g->p->nodes[bias]);
            // A fused bias_add (pass_plan.c, plan_fusion): its rows start as the bias and the
            // product adds its own. The generated gemm starts its sums from the bias (the rows
            // past its own, if the bias_add has more, are filled); sgemm adds onto a fill.
            int fill = g->p->fill[x->id];
            LLVMValueRef n = comp_rows(g, g->p->nodes[fill]), at = out;
            bool own = kind == PLAN_GEMM_OWN;
            if (own && g->p->comp[g->mode][fill] != g->p->comp[g->mode][x->id]) {
                n = LLVMBuildNSWSub(b, n, rows, "");
                n = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, n, ci64(g, 0), ""), n,
                                    ci64(g, 0), "");
                at = gep(g, b, g->f32, out, mul(b, rows, C));
                own = false;
            }
            if (!own) {
                LLVMValueRef fa[3] = {at, g->val[bias], n};
                ParArg pa[3] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_COUNT, 0}};
                cg_call_par(g, K_BIAS_FILL, c, fa, pa, 3, n, ci64(g, GRAIN_ROWS));
            }
        }
        if (kind == PLAN_GEMM_OWN) {
            bool from_bias = bias >= 0;
            LLVMValueRef args[6] = {out, in[0], in[1], rows,
                                    cf32(g, g->p->accum[x->id] && !from_bias ? 1 : 0),
                                    from_bias ? g->val[bias] : LLVMConstPointerNull(g->ptr)};
            ParArg pa[6] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * K}, {PA_SAME, 0}, {PA_COUNT, 0},
                            {PA_SAME, 0},    {PA_SAME, 0}};
            cg_call_par(g, x->tb ? K_GEMM_NT : K_GEMM_NN, GEMM_KEY(K, c), args, pa, 6, rows,
                     ci64(g, GRAIN_GEMM));
            return;
        }
        // a^T b, the weight adjoints: M = a's columns, K = the rows (a run-time count).
        if (kind == PLAN_GEMM_TN || kind == PLAN_GEMM_TN_T) {
            // Split by groups of four output rows; a short sum stays on one thread. The
            // transposed form computes c^T = b^T a: the operands swap, rows are c's columns.
            bool tr = kind == PLAN_GEMM_TN_T;
            LLVMValueRef args[7] = {out, in[tr], in[!tr], kdim,
                                    cf32(g, g->p->accum[x->id] ? 1 : 0), ci64(g, 0), ci64(g, 0)};
            ParArg pa[7] = {{PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0},
                            {PA_SAME, 0}, {PA_LO, 0}, {PA_HI, 0}};
            int64_t M = tr ? c : K, N = tr ? K : c;
            LLVMValueRef units = ci64(g, (M + 3) / 4);
            LLVMValueRef grain = LLVMBuildSelect(
                b, LLVMBuildICmp(b, LLVMIntSGE, kdim, ci64(g, GRAIN_GEMM), ""), ci64(g, 1), units,
                "");
            cg_call_par(g, tr ? K_GEMM_TN_T : K_GEMM_TN, GEMM_KEY(M, N), args, pa, 7, units,
                        grain);
            return;
        }
        LLVMValueRef args[12] = {sgemm, ci32(g, x->ta), ci32(g, x->tb), rows, C, kdim, in[0],
                                 ci64(g, a->type.cols), in[1], ci64(g, bb->type.cols), out,
                                 cf32(g, g->p->accum[x->id] ? 1 : 0)};
        cg_call_kernel(g, x->op, 0, args, 12);
        return;
    }
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_RELU_GRAD: {
        if (g->p->fused[x->id])
            return;  // its operands already wrote the sum (pass_plan.c: plan_fusion)
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], in[1], n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_MAXIMUM: {
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], in[1], n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_MAXIMUM_GRAD: {
        LLVMValueRef n = mul(b, rows, C), args[5] = {out, in[0], in[1], in[2], n};
        ParArg pa[5] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 5, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_LEAKY_RELU_GRAD: case IR_ELU_GRAD: {
        LLVMValueRef n = mul(b, rows, C), args[5] = {out, in[0], in[1], cf32(g, x->f), n};
        ParArg pa[5] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_SAME, 0}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 5, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_SCALE: case IR_LEAKY_RELU: case IR_ELU: {
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], cf32(g, x->f), n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_SAME, 0}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_SIGMOID_GRAD: case IR_TANH_GRAD: case IR_GELU_GRAD: {
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], in[1], n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_RELU: case IR_SIGMOID: case IR_TANH: case IR_GELU: {
        LLVMValueRef n = mul(b, rows, C), args[3] = {out, in[0], n};
        ParArg pa[3] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, 0, args, pa, 3, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_BIAS_ADD: case IR_MUL_COL: case IR_SCALE_COLS: {
        if (g->p->fused[x->id])
            return;  // its matmul started from the bias (pass_plan.c: plan_fusion)
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * c},
                        {x->op == IR_MUL_COL ? PA_PTR : PA_SAME, 4}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, c, args, pa, 4, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_NORMALIZE: case IR_NORMALIZE_GRAD:  // whole rows: norms are row-local
    case IR_LAYER_NORM: case IR_LAYER_NORM_GRAD: {
        bool grad = x->op == IR_NORMALIZE_GRAD || x->op == IR_LAYER_NORM_GRAD;
        LLVMValueRef args[4] = {out, in[0], grad ? in[1] : rows, rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * c}, {PA_PTR, 4 * c}, {PA_COUNT, 0}};
        if (!grad)
            pa[2] = pa[3];
        cg_call_par(g, x->op, c, args, pa, grad ? 4 : 3, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_DROPOUT: {
        // Only training drops; forward mode and embed copy (p = 0 keeps every element, scale 1).
        bool train = g->mode == HGNN_RUN_TRAIN;
        LLVMValueRef seed = ci64(g, 0);
        if (train)
            seed = LLVMBuildLoad2(
                b, g->i64, LLVMBuildStructGEP2(b, g->batch_ty, batch, BF_SEED, ""), "seed");
        LLVMValueRef args[7] = {out, in[0], rows, ci64(g, 0), seed, ci64(g, x->k),
                                cf32(g, train ? x->f : 0)};
        ParArg pa[7] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * c}, {PA_COUNT, 0}, {PA_LO, 0},
                        {PA_SAME, 0},    {PA_SAME, 0},    {PA_SAME, 0}};
        cg_call_par(g, x->op, c, args, pa, 7, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_CONCAT: case IR_SLICE: {  // column blocks copied row by row
        for (int k = 0; k < ir_op_arity(x->op); k++) {
            int64_t w = x->op == IR_SLICE ? c : x->in[k]->type.cols, ls = x->in[k]->type.cols;
            int64_t oo = k ? x->in[0]->type.cols : 0, so = x->op == IR_SLICE ? x->k : 0;
            LLVMValueRef args[8] = {out, in[k], rows, ci64(g, w), C, ci64(g, oo), ci64(g, ls),
                                    ci64(g, so)};
            ParArg pa[8] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * ls}, {PA_COUNT, 0}, {PA_SAME, 0},
                            {PA_SAME, 0},    {PA_SAME, 0},     {PA_SAME, 0},  {PA_SAME, 0}};
            cg_call_par(g, K_COPY_COLS, 0, args, pa, 8, rows, ci64(g, GRAIN_ROWS));
        }
        return;
    }
    case IR_ROWDOT: {
        int64_t w = x->in[0]->type.cols;
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4 * w}, {PA_PTR, 4 * w}, {PA_COUNT, 0}};
        cg_call_par(g, x->op, w, args, pa, 4, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_SUM_ROWS: {
        LLVMValueRef args[3] = {out, in[0], work_rows(g, x)};
        cg_call_kernel(g, x->op, c, args, 3);
        return;
    }
    case IR_GATHER: {
        // Into a fused add, it adds its rows onto what the add's other operand wrote.
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_PTR, 4}, {PA_COUNT, 0}};
        cg_call_par(g, g->p->accum[x->id] ? K_GATHER_ADD : IR_GATHER, c, args, pa, 4, rows,
                    ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_SCATTER_ADD: {
        // Source rows past work are zero; rows past `rows` are read by no one, so they need
        // no zeros (see pass_plan.c).
        // A sparse gradient in HGNN_RUN_TRAIN_SPARSE mode zeros only its N_t batch rows; in
        // HGNN_RUN_TRAIN_COMPACT it is the source itself, its N_t rows in batch order.
        LLVMValueRef zn = ci64(g, -1);
        LLVMBasicBlockRef after = NULL;
        if (g->sparse && g->p->store[x->id] == ST_GRAD && g->p->sparse[g->p->slot[x->id]]) {
            LLVMValueRef nt = rows_of(g, x->in[1]->type.rows);
            zn = LLVMBuildSelect(g->b, g->sparse, nt, zn, "zn");
            // Computed in place only in the buffer of the parameter it was aliased to; a second
            // sparse gradient of the same source copies it.
            bool in_place = g->alias[x->in[0]->id] == g->p->slot[x->id];
            after = compact_rows(g, out, in[0], in_place, work_rows(g, x), nt, c);
        }
        LLVMValueRef args[8] = {out,       in[0],     in[1], work_rows(g, x), rows, ci64(g, 0),
                                ci64(g, 0), zn};
        ParArg pa[8] = {{PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0},
                        {PA_LO, 0},   {PA_HI, 0},   {PA_SAME, 0}};
        cg_call_par(g, x->op, c, args, pa, 8, rows, ci64(g, GRAIN_SCATTER));
        if (after) {
            LLVMBuildBr(g->b, after);
            LLVMPositionBuilderAtEnd(g->b, after);
        }
        return;
    }
    default: break;
    }
    if (x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) {
        LLVMValueRef eptr = cg_batch_field(g, batch, BF_EDGE_PTR, x->etype);
        LLVMValueRef esrc = cg_batch_field(g, batch, BF_EDGE_SRC, x->etype);
        // Forward: the destinations computed; adjoints: the destinations whose dy is not zero,
        // whose edges reach only the nz first sources, which the kernel zeroes first.
        // Transposed aggregations zero their ns first rows, then add; fused into an add, they
        // add onto what the add's other operand wrote there.
        LLVMValueRef nd = work_rows(g, x);
        LLVMValueRef ns = g->p->accum[x->id] ? ci64(g, 0) : cg_ext_val(g, g->p->nz[x->id]);
        if (x->op == IR_AGG_WSUM || x->op == IR_AGG_WSUM_T) {
            // lg_conv: the batch's edge weights, indexed like edge_src.
            LLVMValueRef w = cg_batch_field(g, batch, BF_EDGE_WEIGHT, x->etype);
            if (x->op == IR_AGG_WSUM) {
                LLVMValueRef args[6] = {out, in[0], eptr, esrc, w, nd};
                ParArg pa[6] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_PTR, 4}, {PA_SAME, 0},
                                {PA_SAME, 0},    {PA_COUNT, 0}};
                cg_call_par(g, x->op, c, args, pa, 6, nd, ci64(g, GRAIN_AGG));
            } else {
                LLVMValueRef args[7] = {out, in[0], eptr, esrc, w, nd, ns};
                cg_call_kernel(g, x->op, c, args, 7);
            }
        } else if (x->op <= IR_AGG_MAX) {
            LLVMValueRef args[5] = {out, in[0], eptr, esrc, nd};
            ParArg pa[5] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_PTR, 4}, {PA_SAME, 0},
                            {PA_COUNT, 0}};
            cg_call_par(g, x->op, c, args, pa, 5, nd, ci64(g, GRAIN_AGG));
        } else if (x->op != IR_AGG_MAX_GRAD) {
            LLVMValueRef args[6] = {out, in[0], eptr, esrc, nd, ns};
            cg_call_kernel(g, x->op, c, args, 6);
        } else {
            LLVMValueRef args[7] = {out, in[0], in[2], eptr, esrc, nd, ns};
            cg_call_kernel(g, x->op, c, args, 7);
        }
        return;
    }
    if (x->op >= IR_HEAD_DOT && x->op <= IR_HEAD_MEAN_T) {
        int64_t hc = x->op == IR_HEAD_DOT || x->op == IR_HEAD_MEAN ? x->in[0]->type.cols : c;
        int64_t key = (int64_t)x->heads * HEAD_KEY + hc;
        if (x->op == IR_HEAD_OUTER) {  // a reduction over rows: serial, as sum_rows
            LLVMValueRef args[4] = {out, in[0], in[1], work_rows(g, x)};
            cg_call_kernel(g, x->op, key, args, 4);
            return;
        }
        int64_t ic = x->in[0]->type.cols;
        LLVMValueRef args[4] = {out, in[0], x->op == IR_HEAD_DOT || x->op == IR_HEAD_MUL ? in[1]
                                                                                       : rows,
                                rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * ic}, {PA_SAME, 0}, {PA_COUNT, 0}};
        bool two = x->op == IR_HEAD_DOT || x->op == IR_HEAD_MUL;
        if (!two)
            pa[2] = pa[3];
        cg_call_par(g, x->op, key, args, pa, two ? 4 : 3, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    if (x->op >= IR_GAT_AGG && x->op <= IR_GAT_GRAD_DST) {
        // Attention dropout only in training; run_forward and embed pass p = 0 (identity).
        // Operands (ir_ops.h): gat_agg hs, as, ad; gat_alpha as, ad; gat_agg_t alpha, dy;
        // gat_dalpha hs, dy; gat_grad_src and _dst alpha, dalpha.
        int64_t H = x->heads;
        int64_t hc = x->op == IR_GAT_AGG || x->op == IR_GAT_DALPHA ? x->in[0]->type.cols
                   : x->op == IR_GAT_AGG_T                         ? x->in[1]->type.cols
                                                                   : H;
        int64_t key = H * HEAD_KEY + hc;
        LLVMValueRef eptr = cg_batch_field(g, batch, BF_EDGE_PTR, x->etype);
        LLVMValueRef esrc = cg_batch_field(g, batch, BF_EDGE_SRC, x->etype);
        LLVMValueRef p = cf32(g, g->mode == HGNN_RUN_TRAIN ? x->p : 0), slope = cf32(g, x->f);
        LLVMValueRef seed = batch_seed(g, batch);
        LLVMValueRef salt = ci64(g, (int64_t)x->salt * 64 + x->etype);
        LLVMValueRef nd = work_rows(g, x);
        if (x->op != IR_GAT_AGG_T && x->op != IR_GAT_GRAD_SRC) {
            // Destination rows in parallel: each writes only its own output row, or its own
            // edges' values at their edge positions (gat_alpha, gat_dalpha: the output is not
            // sliced). Values by edge are read at their edge positions too.
            bool by_edge = x->op == IR_GAT_ALPHA || x->op == IR_GAT_DALPHA;
            LLVMValueRef args[12], *a = args;
            ParArg pa[12], *q = pa;
            *a++ = out, *q++ = by_edge ? (ParArg){PA_SAME, 0} : (ParArg){PA_PTR, 4 * c};
            // the operand by destination row (ad, or gat_dalpha's dy); the others whole
            int by_row = x->op == IR_GAT_AGG ? 2 : x->op == IR_GAT_GRAD_DST ? -1 : 1;
            for (int k = 0; k < ir_op_arity(x->op); k++)
                *a++ = in[k], *q++ = k == by_row ? (ParArg){PA_PTR, 4 * x->in[k]->type.cols}
                                                 : (ParArg){PA_SAME, 0};
            *a++ = eptr, *q++ = (ParArg){PA_PTR, 4};
            *a++ = esrc, *q++ = (ParArg){PA_SAME, 0};
            *a++ = nd, *q++ = (ParArg){PA_COUNT, 0};
            *a++ = p, *q++ = (ParArg){PA_SAME, 0};
            *a++ = slope, *q++ = (ParArg){PA_SAME, 0};
            *a++ = seed, *q++ = (ParArg){PA_SAME, 0};
            *a++ = salt, *q++ = (ParArg){PA_SAME, 0};
            cg_call_par(g, x->op, key, args, pa, (int)(a - args), nd, ci64(g, GRAIN_AGG));
        } else {
            // Scatters into the sources: serial, as agg_sum_t (it zeroes its ns first rows).
            LLVMValueRef ns = cg_ext_val(g, g->p->nz[x->id]), args[13];
            int k = 0;
            args[k++] = out;
            for (int i = 0; i < ir_op_arity(x->op); i++)
                args[k++] = in[i];
            args[k++] = eptr, args[k++] = esrc, args[k++] = nd, args[k++] = ns;
            args[k++] = p, args[k++] = slope, args[k++] = seed, args[k++] = salt;
            cg_call_kernel(g, x->op, key, args, k);
        }
        return;
    }
    if (x->op == IR_BCE_LOGITS || x->op == IR_MSE) {
        LLVMValueRef args[4] = {out, in[0], in[1], rows_of(g, x->in[0]->type.rows)};
        cg_call_kernel(g, x->op, 0, args, 4);
        return;
    }
    if (x->op == IR_BCE_GRAD || x->op == IR_MSE_GRAD) {
        LLVMValueRef args[5] = {out, in[0], in[1], in[2], rows};
        cg_call_kernel(g, x->op, 0, args, 5);
        return;
    }
    // The BPR loss and its L2 term read all L labels to find their pairs (ir_ops.h).
    if (x->op == IR_BPR || x->op == IR_PAIR_SUM) {
        LLVMValueRef args[4] = {out, in[0], in[1], rows_of(g, x->in[0]->type.rows)};
        cg_call_kernel(g, x->op, 0, args, 4);
        return;
    }
    if (x->op == IR_BPR_GRAD) {
        LLVMValueRef args[5] = {out, in[0], in[1], in[2], rows_of(g, x->type.rows)};
        cg_call_kernel(g, x->op, 0, args, 5);
        return;
    }
    if (x->op == IR_PAIR_SUM_GRAD) {
        LLVMValueRef args[4] = {out, in[0], in[1], rows_of(g, x->type.rows)};
        cg_call_kernel(g, x->op, 0, args, 4);
        return;
    }
    assert(0 && "op without code generation");
}

void cg_emit_node(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params,
                  LLVMValueRef sgemm) {
    emit_op(g, x, batch, params, sgemm);
    // Rows past the zero suffix that some reader reads are written as zeros. A product that
    // accumulates into a fused add or bias_add adds zeros there: nothing to write.
    int comp = g->p->comp[g->mode][x->id], need = g->p->need[g->mode][x->id];
    if (comp == need || g->p->accum[x->id])
        return;
    LLVMBuilderRef b = g->b;
    LLVMValueRef C = ci64(g, x->type.cols), done = cg_ext_val(g, comp);
    LLVMValueRef rest = LLVMBuildNSWSub(b, cg_ext_val(g, need), done, "");
    zero_fill(g, b, gep(g, b, g->f32, g->val[x->id], mul(b, done, C)), mul(b, rest, C));
}
