// codegen.c — LLVM code generation through the LLVM C API (with cg_*.c and jit.c, the only
// llvm-c users). Takes an IrModule after pass_hetero (and pass_grad for training) and its plan
// (pass_plan.c); yields an LLVM module with the HgnnModel ABI: workspace_floats(dims),
// run(mode, ...), rows(mode, ...), embed, score, the constant tables (schema, parameters, defaults:
// cg_tables.c) and the one exported entry, hgnn_model_entry; optimised for the host CPU and
// emitted as an object file (link.c makes it a shared object).
#include "codegen.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg.h"
#include "pass_plan.h"

// Each op becomes a call to a kernel (cg_kernels.c). Values live in the caller's workspace, one
// slot per value, reusing the slot of a dead value of the same shape; scores, loss and parameter
// gradients are written straight into the caller's buffers. Three plans (pass_plan.c) shape the
// code: row extents (each layer only on the rows the next one or the classifier reads, counted
// per batch), fusion (a bias and a second product accumulate into one output) and slot reuse.
// run_forward executes only what scores and loss need.


static void set_err(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t len, const char *fmt, ...) {
    if (!err || !len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

// ---- run() and workspace_floats() --------------------------------------------------------------

static void load_dims(Cg *g, LLVMBuilderRef b, LLVMValueRef dims) {
    int nd = HGNN_NUM_DIMS(g->m->n_node_types, g->m->n_edge_types);
    for (int i = 0; i < nd; i++) {
        char name[16];
        snprintf(name, sizeof name, "dim%d", i);
        g->dimv[i] = LLVMBuildLoad2(b, g->i64, gep(g, b, g->i64, dims, ci64(g, i)), name);
    }
}

static LLVMValueRef rows_of(Cg *g, IrDim d) {
    int k = ir_dim_index(g->m, d);
    return k < 0 ? ci64(g, d.n) : g->dimv[k];
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

static LLVMValueRef batch_field(Cg *g, LLVMValueRef batch, int field, int index) {
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

static LLVMValueRef load_ptr_at(Cg *g, LLVMValueRef arr, int i, const char *name) {
    return LLVMBuildLoad2(g->b, g->ptr, gep(g, g->b, g->ptr, arr, ci64(g, i)), name);
}

// The value of extent e in the function being built (emit_extents computed it).
static LLVMValueRef ext_val(Cg *g, int e) {
    assert(e >= 0 && g->extv[e]);
    return g->extv[e];
}

static LLVMValueRef comp_rows(Cg *g, const IrNode *x) {
    return ext_val(g, g->p->comp[g->mode][x->id]);
}

static LLVMValueRef work_rows(Cg *g, const IrNode *x) {
    return ext_val(g, g->p->work[g->mode][x->id]);
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
        g->val[x->id] = load_ptr_at(g, params, x->param, name);
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
    case IR_NODE_IDS: g->val[x->id] = batch_field(g, batch, BF_NODE_IDS, x->ntype); return;
    case IR_FEATURES: g->val[x->id] = batch_field(g, batch, BF_FEATURES, x->ntype); return;
    case IR_LABELS: g->val[x->id] = batch_field(g, batch, BF_LABELS, -1); return;
    case IR_LABEL_SRC: g->val[x->id] = batch_field(g, batch, BF_LABEL_SRC, -1); return;
    case IR_LABEL_DST: g->val[x->id] = batch_field(g, batch, BF_LABEL_DST, -1); return;
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
        LLVMValueRef eptr = batch_field(g, batch, BF_EDGE_PTR, x->etype);
        LLVMValueRef esrc = batch_field(g, batch, BF_EDGE_SRC, x->etype);
        // Forward: the destinations computed; adjoints: the destinations whose dy is not zero,
        // whose edges reach only the nz first sources, which the kernel zeroes first.
        // Transposed aggregations zero their ns first rows, then add; fused into an add, they
        // add onto what the add's other operand wrote there.
        LLVMValueRef nd = work_rows(g, x);
        LLVMValueRef ns = g->p->accum[x->id] ? ci64(g, 0) : ext_val(g, g->p->nz[x->id]);
        if (x->op == IR_AGG_WSUM || x->op == IR_AGG_WSUM_T) {
            // lg_conv: the batch's edge weights, indexed like edge_src.
            LLVMValueRef w = batch_field(g, batch, BF_EDGE_WEIGHT, x->etype);
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
        LLVMValueRef eptr = batch_field(g, batch, BF_EDGE_PTR, x->etype);
        LLVMValueRef esrc = batch_field(g, batch, BF_EDGE_SRC, x->etype);
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
            LLVMValueRef ns = ext_val(g, g->p->nz[x->id]), args[13];
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

static void emit_node(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params,
                      LLVMValueRef sgemm) {
    emit_op(g, x, batch, params, sgemm);
    // Rows past the zero suffix that some reader reads are written as zeros. A product that
    // accumulates into a fused add or bias_add adds zeros there: nothing to write.
    int comp = g->p->comp[g->mode][x->id], need = g->p->need[g->mode][x->id];
    if (comp == need || g->p->accum[x->id])
        return;
    LLVMBuilderRef b = g->b;
    LLVMValueRef C = ci64(g, x->type.cols), done = ext_val(g, comp);
    LLVMValueRef rest = LLVMBuildNSWSub(b, ext_val(g, need), done, "");
    zero_fill(g, b, gep(g, b, g->f32, g->val[x->id], mul(b, done, C)), mul(b, rest, C));
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
            g->extv[k] = extent_of_ids(g, batch_field(g, batch, x->e ? BF_LABEL_DST : BF_LABEL_SRC,
                                                      -1), nl, x->e ? "s_dst" : "s_src");
            break;
        case EX_REACH: {
            LLVMValueRef eptr = batch_field(g, batch, BF_EDGE_PTR, x->e);
            LLVMValueRef n = load_idx(g, b, eptr, g->extv[x->a]);
            snprintf(name, sizeof name, "reach%d", k);
            g->extv[k] = extent_of_ids(g, batch_field(g, batch, BF_EDGE_SRC, x->e), n, name);
            break;
        }
        case EX_EDGES:
            g->extv[k] = load_idx(g, b, batch_field(g, batch, BF_EDGE_PTR, x->e), g->extv[x->a]);
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

    load_dims(g, b, batch_field(g, batch, BF_DIMS, -1));
    LLVMValueRef *base = arena_alloc(m->arena, (size_t)(g->p->n_slots + 1) * sizeof *base);
    layout(g, b, ws, base, -1);
    LLVMValueRef sgemm = load_host(g, host);
    compact_alias(g, train);
    LLVMValueRef *aliased = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *aliased);
    for (int i = 0; i < g->p->n_nodes; i++)
        if (g->alias[i] >= 0)
            aliased[i] = LLVMBuildSelect(b, g->compact, load_ptr_at(g, grads, g->alias[i], "grad"),
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
                    g->val[own] = load_ptr_at(g, grads, g->p->slot[own], "grad");
                break;
            }
        }
        g->val[i] = g->val[own];
        emit_node(g, x, batch, params, sgemm);
    }
    if (train) {
        // Gradients not computed in place: parameters the loss does not reach get zeros, and a
        // value shared with another output is copied.
        for (int p = 0; p < m->n_params; p++) {
            IrNode *gr = m->params[p].grad;
            if (gr && g->p->store[gr->id] == ST_GRAD && g->p->slot[gr->id] == p)
                continue;
            LLVMValueRef dst = load_ptr_at(g, grads, p, "grad");
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
    load_dims(g, b, batch_field(g, batch, BF_DIMS, -1));
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
                LLVMValueRef o = load_ptr_at(g, out, t, "out");
                g->val[own] = LLVMBuildSelect(b, LLVMBuildIsNull(b, o, ""), g->val[own], o, "");
            }
        }
        g->val[i] = g->val[own];
        emit_node(g, x, batch, params, sgemm);
    }
    // An embedding that is a leaf (the classifier reading a batch or parameter table as it is)
    // has no kernel to write out[t]: copied.
    for (int t = 0; t < m->n_node_types; t++) {
        const IrNode *e = m->embed[t];
        if (!e || g->p->store[e->id] != ST_LEAF)
            continue;
        LLVMValueRef o = load_ptr_at(g, out, t, "out");
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
    LLVMValueRef w0 = load_ptr_at(g, params, m->mlp_param, "w0");
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
        LLVMValueRef wp = load_ptr_at(g, params, m->mlp_param + 2 * l, "w");
        LLVMValueRef bp = load_ptr_at(g, params, m->mlp_param + 2 * l + 1, "b");
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
    load_dims(g, b, batch_field(g, batch, BF_DIMS, -1));
    emit_extents(g, batch, -1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN), ""),
                    blk[HGNN_RUN_TRAIN], blk[HGNN_RUN_FORWARD]);
    for (int md = HGNN_RUN_FORWARD; md <= HGNN_RUN_TRAIN; md++) {
        LLVMPositionBuilderAtEnd(b, blk[md]);
        for (int i = 0; i < g->p->n_nodes; i++) {
            IrNode *x = g->p->nodes[i];
            LLVMValueRef rows = ci64(g, -1), edges = ci64(g, 0);
            if (plan_runs_in(g->p, md, i) && !plan_is_leaf(x->op))
                rows = ext_val(g, g->p->work[md][i]);
            if (plan_runs_in(g->p, md, i) && ((x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) ||
                                              (x->op >= IR_GAT_AGG && x->op <= IR_GAT_GRAD_DST)))
                edges = load_idx(g, b, batch_field(g, batch, BF_EDGE_PTR, x->etype), rows);
            store_at(g, b, g->i64, rows, out, ci64(g, 2 * i));
            store_at(g, b, g->i64, edges, out, ci64(g, 2 * i + 1));
        }
        LLVMBuildRet(b, ci64(g, g->p->n_nodes));
    }
    return fn;
}

// ---- the module --------------------------------------------------------------------------------

static bool native_ready(char *err, size_t err_len) {
    static bool ready;
    if (!ready) {
        if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
            set_err(err, err_len, "LLVM has no code generator for this machine");
            return false;
        }
        ready = true;
    }
    return true;
}

bool codegen_host_has_bf16(void) {
    char *features = LLVMGetHostCPUFeatures();
    bool has = features && strstr(features, "+avx512bf16") != NULL;
    LLVMDisposeMessage(features);
    return has;
}

static LLVMTargetMachineRef host_machine(const CodegenOptions *opt, char *err, size_t err_len) {
    if (!native_ready(err, err_len))
        return NULL;
    if (opt->precision == HGNN_PRECISION_BF16 && !codegen_host_has_bf16()) {
        set_err(err, err_len, "precision bf16 needs a CPU with avx512_bf16 (vdpbf16ps), and "
                "this one has none; use precision fp32");
        return NULL;
    }
    int opt_level = opt->opt_level;
    char *triple = LLVMGetDefaultTargetTriple(), *msg = NULL;
    LLVMTargetRef target;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        set_err(err, err_len, "no LLVM target for '%s': %s", triple, msg ? msg : "?");
        LLVMDisposeMessage(msg);
        LLVMDisposeMessage(triple);
        return NULL;
    }
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    LLVMCodeGenOptLevel level = opt_level <= 0   ? LLVMCodeGenLevelNone
                                : opt_level == 1 ? LLVMCodeGenLevelLess
                                : opt_level == 2 ? LLVMCodeGenLevelDefault
                                                 : LLVMCodeGenLevelAggressive;
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features, level,
                                                      LLVMRelocPIC, LLVMCodeModelDefault);
    LLVMDisposeMessage(triple);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    if (!tm)
        set_err(err, err_len, "cannot create an LLVM target machine for the host");
    return tm;
}

static bool check_module(const IrModule *m, char *err, size_t err_len) {
    if (m->stage < IR_STAGE_HETERO) {
        set_err(err, err_len, "code generation needs the module after to_hetero");
        return false;
    }
    for (const IrNode *x = m->head; x; x = x->next) {
        if (!plan_is_leaf(x->op) && x->op != IR_ZEROS && x->op != IR_ONE && !cg_kernel_sig(x->op)) {
            set_err(err, err_len, "internal error: no code generation for op '%s'",
                    ir_op_name(x->op));
            return false;
        }
        if (((x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) ||
             (x->op >= IR_GAT_AGG && x->op <= IR_GAT_GRAD_DST)) &&
            (x->etype < 0 || x->etype >= m->n_edge_types)) {
            set_err(err, err_len, "internal error: aggregation without an edge type");
            return false;
        }
    }
    return true;
}

// serial_for(pool, fn, ctx, n, grain): parallel_for for a host that lends none.
static void build_serial_for(Cg *g) {
    LLVMValueRef fn = LLVMAddFunction(g->mod, "serial_for", g->par_ty);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->kb;
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, fn, "entry");
    LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(g->ctx, fn, "call");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "done");
    LLVMPositionBuilderAtEnd(b, entry);
    LLVMValueRef n = LLVMGetParam(fn, 3);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, n, ci64(g, 0), ""), call, done);
    LLVMPositionBuilderAtEnd(b, call);
    LLVMValueRef args[3] = {LLVMGetParam(fn, 2), ci64(g, 0), n};
    LLVMBuildCall2(b, g->task_ty, LLVMGetParam(fn, 1), args, 3, "");
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRetVoid(b);
    g->serial_for = fn;
}

// Builds the LLVM module for m into a fresh context. tm fixes the triple and data layout.
static bool build(Cg *g, IrModule *m, const CodegenOptions *opt, LLVMTargetMachineRef tm,
                  char *err, size_t err_len) {
    memset(g, 0, sizeof *g);
    if (!check_module(m, err, err_len))
        return false;
    unsigned off = opt->off;
    g->m = m;
    g->off = off;
    g->bf16 = opt->precision == HGNN_PRECISION_BF16;
    g->ctx = LLVMContextCreate();
    g->mod = LLVMModuleCreateWithNameInContext(m->name ? m->name : "model", g->ctx);
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(g->mod, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
    char *dl = LLVMCopyStringRepOfTargetData(td);
    LLVMSetDataLayout(g->mod, dl);
    LLVMDisposeMessage(dl);
    LLVMDisposeTargetData(td);

    g->b = LLVMCreateBuilderInContext(g->ctx);
    g->kb = LLVMCreateBuilderInContext(g->ctx);
    g->vd = LLVMVoidTypeInContext(g->ctx);
    g->i8 = LLVMInt8TypeInContext(g->ctx);
    g->i32 = LLVMInt32TypeInContext(g->ctx);
    g->i64 = LLVMInt64TypeInContext(g->ctx);
    g->f32 = LLVMFloatTypeInContext(g->ctx);
    g->f64 = LLVMDoubleTypeInContext(g->ctx);
    g->ptr = LLVMPointerTypeInContext(g->ctx, 0);
    LLVMTypeRef bf[11] = {g->ptr,
                          LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          g->ptr,
                          g->ptr,
                          g->ptr,
                          g->i64,
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES)};
    g->batch_ty = named_struct(g, "HgnnBatch", bf, 11);
    LLVMTypeRef hf[4] = {g->ptr, g->i32, g->ptr, g->ptr};
    g->host_ty = named_struct(g, "HgnnHost", hf, 4);
    LLVMTypeRef tf[3] = {g->ptr, g->i64, g->i64};
    g->task_ty = LLVMFunctionType(g->vd, tf, 3, 0);
    LLVMTypeRef pfa[5] = {g->ptr, g->ptr, g->ptr, g->i64, g->i64};
    g->par_ty = LLVMFunctionType(g->vd, pfa, 5, 0);
    build_serial_for(g);
    LLVMTypeRef sg[13] = {g->i32, g->i32, g->i64, g->i64, g->i64, g->f32, g->ptr,
                          g->i64, g->ptr, g->i64, g->f32, g->ptr, g->i64};
    g->sgemm_ty = LLVMFunctionType(g->vd, sg, 13, 0);

    // The pipeline planned m already (hgnnc, the JIT); tests may hand over an unplanned module.
    if (!m->plan || m->plan->off != off)
        pass_plan(m, off);
    g->p = m->plan;
    g->dimv = arena_alloc(m->arena, (HGNN_NUM_DIMS(IR_MAX_NODE_TYPES, IR_MAX_EDGE_TYPES) + 1) *
                                        sizeof *g->dimv);
    g->val = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *g->val);
    g->alias = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *g->alias);
    g->extv = arena_alloc(m->arena, (size_t)(g->p->n_ext + 1) * sizeof *g->extv);

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

    LLVMValueRef rows = build_rows_fn(g);
    LLVMValueRef embed_fns[3] = {build_embed_ws(g), build_embed(g), build_score(g)};
    LLVMValueRef model = cg_build_model(g, wfn, run, rows, embed_fns);
    LLVMTypeRef ety = LLVMFunctionType(g->ptr, NULL, 0, 0);
    LLVMValueRef entry_fn = LLVMAddFunction(g->mod, HGNN_ENTRY_SYMBOL, ety);
    LLVMPositionBuilderAtEnd(g->b, LLVMAppendBasicBlockInContext(g->ctx, entry_fn, "entry"));
    LLVMBuildRet(g->b, model);

    char *msg = NULL;
    if (LLVMVerifyModule(g->mod, LLVMReturnStatusAction, &msg)) {
        set_err(err, err_len, "internal error: generated LLVM module is invalid: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    return true;
}

static void dispose(Cg *g) {
    if (g->b)
        LLVMDisposeBuilder(g->b);
    if (g->kb)
        LLVMDisposeBuilder(g->kb);
    if (g->mod)
        LLVMDisposeModule(g->mod);
    if (g->ctx)
        LLVMContextDispose(g->ctx);
}

static bool optimize(Cg *g, LLVMTargetMachineRef tm, int opt_level, char *err, size_t err_len) {
    char passes[32];
    int level = opt_level < 0 ? 0 : opt_level > 3 ? 3 : opt_level;
    snprintf(passes, sizeof passes, "default<O%d>", level);
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    LLVMPassBuilderOptionsSetLoopVectorization(opts, opt_level >= 2);
    LLVMPassBuilderOptionsSetSLPVectorization(opts, opt_level >= 2);
    LLVMErrorRef e = LLVMRunPasses(g->mod, passes, tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    if (e) {
        char *msg = LLVMGetErrorMessage(e);
        set_err(err, err_len, "internal error: LLVM passes failed: %s", msg);
        LLVMDisposeErrorMessage(msg);
        return false;
    }
    return true;
}

int codegen_print_llvm(FILE *f, IrModule *m, const CodegenOptions *opt, int optimized, char *err,
                       size_t err_len) {
    LLVMTargetMachineRef tm = host_machine(opt, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt, tm, err, err_len);
    if (ok && optimized)
        ok = optimize(&g, tm, opt->opt_level, err, err_len);
    if (ok) {
        char *s = LLVMPrintModuleToString(g.mod);
        fputs(s, f);
        LLVMDisposeMessage(s);
    }
    dispose(&g);
    LLVMDisposeTargetMachine(tm);
    return ok ? 0 : -1;
}

int codegen_object(IrModule *m, const CodegenOptions *opt, char **obj, size_t *obj_len,
                   char *err, size_t err_len) {
    *obj = NULL;
    *obj_len = 0;
    LLVMTargetMachineRef tm = host_machine(opt, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt, tm, err, err_len) &&
              optimize(&g, tm, opt->opt_level, err, err_len);
    if (ok) {
        char *msg = NULL;
        LLVMMemoryBufferRef buf = NULL;
        if (LLVMTargetMachineEmitToMemoryBuffer(tm, g.mod, LLVMObjectFile, &msg, &buf)) {
            set_err(err, err_len, "internal error: LLVM cannot emit an object: %s",
                    msg ? msg : "?");
            ok = false;
        } else {
            size_t n = LLVMGetBufferSize(buf);
            *obj = malloc(n ? n : 1);
            if (!*obj) {
                set_err(err, err_len, "out of memory");
                ok = false;
            } else {
                memcpy(*obj, LLVMGetBufferStart(buf), n);
                *obj_len = n;
            }
            LLVMDisposeMemoryBuffer(buf);
        }
        LLVMDisposeMessage(msg);
    }
    dispose(&g);
    LLVMDisposeTargetMachine(tm);
    return ok ? 0 : -1;
}

const char *codegen_llvm_version(char *buf, size_t len) {
    unsigned major, minor, patch;
    LLVMGetVersion(&major, &minor, &patch);
    snprintf(buf, len, "%u.%u.%u", major, minor, patch);
    return buf;
}
