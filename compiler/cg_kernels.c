// cg_kernels.c — the kernels run() calls, one LLVM function per op and constant width, built on
// first use: elementwise, row-wise, gather / scatter, aggregations and their adjoints, the BCE
// and BPR and MSE losses (the products are in cg_gemm.c, the attention kernels in
// cg_attention.c); and the slice wrappers that run them in parallel.
#include "cg.h"

#include "hgnn/limits.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

// Each op becomes a call to a kernel: an internal function specialised to the op and its constant
// width (64, 20, ...) whose pointer arguments are noalias, so LLVM vectorises its inner loops.
// Dense products with 16..64 constant columns use a generated gemm, the others host->sgemm; with
// --precision bf16 the generated gemms multiply bf16 operands (vdpbf16ps) into fp32 sums.

// Zeros rows [lo, hi) of out [. x C].
static void zero_rows(Cg *g, LLVMBuilderRef b, LLVMValueRef out, int64_t c, LLVMValueRef lo,
                      LLVMValueRef hi) {
    zero_fill(g, b, gep(g, b, g->f32, out, mul(b, lo, ci64(g, c))),
              mul(b, LLVMBuildNSWSub(b, hi, lo, ""), ci64(g, c)));
}

// Branches to a new block when row r is in [lo, hi) and returns the block to rejoin after it;
// the builder is left in the new block. A scatter split across threads by output rows reads
// every index and keeps the ones of its rows, so each row sums its terms in the same order
// whatever the split.
static LLVMBasicBlockRef if_row_in(Cg *g, LLVMBuilderRef b, LLVMValueRef r, LLVMValueRef lo,
                                   LLVMValueRef hi) {
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(b));
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(g->ctx, fn, "mine");
    LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next");
    LLVMValueRef in = LLVMBuildICmp(b, LLVMIntULT, LLVMBuildSub(b, r, lo, ""),
                                    LLVMBuildSub(b, hi, lo, ""), "");
    LLVMBuildCondBr(b, in, yes, next);
    LLVMPositionBuilderAtEnd(b, yes);
    return next;
}

static LLVMValueRef declare(Cg *g, const char *name, LLVMTypeRef ret, LLVMTypeRef *args, int n,
                            LLVMTypeRef *fnty) {
    *fnty = LLVMFunctionType(ret, args, (unsigned)n, 0);
    LLVMValueRef f = LLVMGetNamedFunction(g->mod, name);
    return f ? f : LLVMAddFunction(g->mod, name, *fnty);
}

// exp / log1p / tanh / expm1 / erf from libm, in double: the loss and its adjoint run over L labels only;
// sigmoid and tanh call them per element, as precise as the interpreter's oracle.
static LLVMValueRef call_libm(Cg *g, LLVMBuilderRef b, const char *name, LLVMValueRef x) {
    LLVMTypeRef ty;
    LLVMValueRef f = declare(g, name, g->f64, &g->f64, 1, &ty);
    return LLVMBuildCall2(b, ty, f, &x, 1, "");
}

static LLVMValueRef fabs64(Cg *g, LLVMBuilderRef b, LLVMValueRef x) {
    unsigned id = LLVMLookupIntrinsicID("llvm.fabs", 9);
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &g->f64, 1);
    LLVMTypeRef ty = LLVMFunctionType(g->f64, &g->f64, 1, 0);
    return LLVMBuildCall2(b, ty, f, &x, 1, "");
}


// ---- kernels -----------------------------------------------------------------------------------


// The argument list of each op's kernel. 'p' is a noalias pointer, 'l' i64, 'i' i32, 'f' float,
// 'q' a pointer without attributes (a function pointer).
const char *cg_kernel_sig(IrOp op) {
    switch ((int)op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_RELU_GRAD: case IR_MAXIMUM:
        return "pppl";                                                    // out, a, b, count
    case IR_MAXIMUM_GRAD: return "ppppl";                                 // out, a, b, dy, count
    case IR_SIGMOID_GRAD: case IR_TANH_GRAD: case IR_GELU_GRAD: return "pppl";  // out, a, dy, n
    case IR_SCALE: return "ppfl";                                         // out, a, f, count
    case IR_RELU: case IR_SIGMOID: case IR_TANH: case IR_GELU: return "ppl";  // out, a, count
    case IR_LEAKY_RELU: case IR_ELU: return "ppfl";                       // out, a, f, count
    case IR_LEAKY_RELU_GRAD: case IR_ELU_GRAD: return "pppfl";            // out, x, dy, f, count
    case IR_BIAS_ADD: case IR_MUL_COL: case IR_ROWDOT: return "pppl";     // out, a, b, n
    case IR_NORMALIZE: case IR_LAYER_NORM: return "ppl";                  // out, a, n
    case IR_LAYER_NORM_GRAD: return "pppl";                               // out, x, dy, n
    case IR_SCALE_COLS: return "pppl";                                    // out, a, w, n
    case IR_DROPOUT: return "ppllllf";                   // out, x, n, row0, seed, stream, p
    case IR_NORMALIZE_GRAD: return "pppl";                                // out, x, dy, n
    case IR_SUM_ROWS: return "ppl";                                       // out, a, n
    case K_BIAS_FILL: return "ppl";                                       // out, bias, n
    case IR_CONCAT: case IR_SLICE:                    // through k_copy_cols
    case K_COPY_COLS: return "ppllllll";              // out, src, n, w, ldo, oo, lds, so
    case K_GEMM_NN: case K_GEMM_NT: return "ppplfp";             // c, a, b, m, beta, bias
    case K_GEMM_TN: case K_GEMM_TN_T: return "ppplfll";         // c, a, b, k, beta, ulo, uhi
    case IR_GATHER: case K_GATHER_ADD: return "pppl";                     // out, table, idx, n
    case IR_SCATTER_ADD: return "ppplllll";           // out, src, idx, n, r, row lo, hi, zn
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX: return "ppppl";   // out, x, ptr, src, nd
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T: return "ppppll";        // out, dy, ptr, src, nd, ns
    case IR_AGG_WSUM: return "pppppl";                              // out, x, ptr, src, w, nd
    case IR_AGG_WSUM_T: return "pppppll";                     // out, dy, ptr, src, w, nd, ns
    case IR_AGG_MAX_GRAD: return "pppppll";                     // out, x, dy, ptr, src, nd, ns
    case IR_HEAD_DOT: case IR_HEAD_MUL: case IR_HEAD_OUTER: return "pppl";  // out, a, b, n
    case IR_HEAD_MEAN: case IR_HEAD_MEAN_T: return "ppl";                 // out, a, n
    // out, hs, as, ad, ptr, src, nd, p, slope, seed, salt
    case IR_GAT_AGG: return "pppppplffll";
    // out, as, ad (gat_alpha) / hs, dy (gat_dalpha) / alpha, dalpha (gat_grad_dst), ptr, src,
    // nd, p, slope, seed, salt
    case IR_GAT_ALPHA: case IR_GAT_DALPHA: case IR_GAT_GRAD_DST: return "ppppplffll";
    // out, alpha, dy (gat_agg_t) / alpha, dalpha (gat_grad_src), ptr, src, nd, ns, p, slope,
    // seed, salt
    case IR_GAT_AGG_T: case IR_GAT_GRAD_SRC: return "pppppllffll";
    case IR_BCE_LOGITS: case IR_MSE: return "pppl";                       // out, x, y, L
    case IR_BCE_GRAD: case IR_MSE_GRAD: return "ppppl";                   // out, x, y, dl, L
    case IR_BPR: case IR_PAIR_SUM: return "pppl";                         // out, x or r, y, L
    case IR_BPR_GRAD: return "ppppl";                                     // out, x, y, dl, L
    case IR_PAIR_SUM_GRAD: return "pppl";                                 // out, y, dl, L
    case IR_MATMUL: return "qiilllplplpf";  // sgemm, ta, tb, m, n, k, a, lda, b, ldb, c, beta
    default: return NULL;
    }
}

#define P(i) LLVMGetParam(fn, i)


// out[k] = f(a[k], b[k]) over count elements.
static void build_elementwise(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool unary = op == IR_SCALE || op == IR_RELU || op == IR_SIGMOID || op == IR_TANH ||
                 op == IR_LEAKY_RELU || op == IR_ELU || op == IR_GELU;
    bool has_f = op == IR_SCALE || op == IR_LEAKY_RELU || op == IR_ELU ||
                 op == IR_LEAKY_RELU_GRAD || op == IR_ELU_GRAD;
    unsigned nin = unary ? 1 : op == IR_MAXIMUM_GRAD ? 3 : 2;
    LLVMValueRef f = has_f ? P(1 + nin) : NULL, count = P(1 + nin + has_f);
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), count, NULL);
    LLVMValueRef x = load_at(g, b, g->f32, P(1), k), y = NULL, r = NULL;
    if (!unary)
        y = load_at(g, b, g->f32, P(2), k);
    switch (op) {
    case IR_ADD: r = LLVMBuildFAdd(b, x, y, ""); break;
    case IR_SUB: r = LLVMBuildFSub(b, x, y, ""); break;
    case IR_MUL: r = LLVMBuildFMul(b, x, y, ""); break;
    case IR_MAXIMUM:  // a >= b ? a : b
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGE, x, y, ""), x, y, "");
        break;
    case IR_MAXIMUM_GRAD:  // (a, b, dy): dy where a >= b
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGE, x, y, ""),
                            load_at(g, b, g->f32, P(3), k), cf32(g, 0), "");
        break;
    case IR_SCALE: r = LLVMBuildFMul(b, f, x, ""); break;
    case IR_RELU:
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""), x, cf32(g, 0), "");
        break;
    case IR_RELU_GRAD:  // (x, dy): dy where x > 0
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""), y, cf32(g, 0), "");
        break;
    case IR_SIGMOID: {  // 1 / (1 + exp(-x)) in double: exp overflows to inf, giving 0
        LLVMValueRef d = LLVMBuildFPExt(b, x, g->f64, "");
        LLVMValueRef e = call_libm(g, b, "exp", LLVMBuildFNeg(b, d, ""));
        LLVMValueRef one = LLVMConstReal(g->f64, 1);
        r = LLVMBuildFPTrunc(b, LLVMBuildFDiv(b, one, LLVMBuildFAdd(b, one, e, ""), ""), g->f32,
                             "");
        break;
    }
    case IR_TANH:
        r = LLVMBuildFPTrunc(b, call_libm(g, b, "tanh", LLVMBuildFPExt(b, x, g->f64, "")), g->f32,
                             "");
        break;
    case IR_SIGMOID_GRAD:  // (y, dy): dy y (1 - y)
        r = LLVMBuildFMul(b, LLVMBuildFMul(b, y, x, ""), LLVMBuildFSub(b, cf32(g, 1), x, ""), "");
        break;
    case IR_TANH_GRAD:  // (y, dy): dy (1 - y y)
        r = LLVMBuildFMul(b, y, LLVMBuildFSub(b, cf32(g, 1), LLVMBuildFMul(b, x, x, ""), ""), "");
        break;
    case IR_GELU: case IR_GELU_GRAD: {  // x Phi(x); dy (Phi(x) + x phi(x)), in double
        LLVMValueRef d = LLVMBuildFPExt(b, x, g->f64, "");
        LLVMValueRef e = call_libm(g, b, "erf", LLVMBuildFMul(b, d, cf64(g, M_SQRT1_2), ""));
        LLVMValueRef cdf = LLVMBuildFMul(b, cf64(g, 0.5), LLVMBuildFAdd(b, cf64(g, 1), e, ""), "");
        LLVMValueRef v;
        if (op == IR_GELU) {
            v = LLVMBuildFMul(b, d, cdf, "");
        } else {
            LLVMValueRef sq = LLVMBuildFMul(b, cf64(g, -0.5), LLVMBuildFMul(b, d, d, ""), "");
            LLVMValueRef pdf = LLVMBuildFMul(b, call_libm(g, b, "exp", sq),
                                             cf64(g, 0.5 * M_2_SQRTPI * M_SQRT1_2), "");
            v = LLVMBuildFMul(b, LLVMBuildFPExt(b, y, g->f64, ""),
                              LLVMBuildFAdd(b, cdf, LLVMBuildFMul(b, d, pdf, ""), ""), "");
        }
        r = LLVMBuildFPTrunc(b, v, g->f32, "");
        break;
    }
    case IR_LEAKY_RELU: case IR_LEAKY_RELU_GRAD: {  // x > 0 ? v : f v, v = x or dy
        LLVMValueRef v = op == IR_LEAKY_RELU ? x : y;
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""), v,
                            LLVMBuildFMul(b, f, v, ""), "");
        break;
    }
    case IR_ELU: case IR_ELU_GRAD: {  // x > 0 ? x : f expm1(x); x > 0 ? dy : f exp(x) dy
        LLVMValueRef d = LLVMBuildFPExt(b, x, g->f64, ""), neg;
        neg = op == IR_ELU ? call_libm(g, b, "expm1", d)
                           : LLVMBuildFMul(b, call_libm(g, b, "exp", d),
                                           LLVMBuildFPExt(b, y, g->f64, ""), "");
        neg = LLVMBuildFMul(b, LLVMBuildFPExt(b, f, g->f64, ""), neg, "");
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""),
                            op == IR_ELU ? x : y, LLVMBuildFPTrunc(b, neg, g->f32, ""), "");
        break;
    }
    default: assert(0 && "not elementwise");
    }
    store_at(g, b, g->f32, r, P(0), k);
    loop_close(g, b, &l, NULL);
}

// Row-wise ops over [n x C]: bias_add and scale_cols (b is [1 x C]), mul_col (b is [n x 1]),
// rowdot, sum_rows, normalize and layer_norm (and their gradients).
static void build_rowwise(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c);
    LLVMValueRef n = P(op == IR_SUM_ROWS || op == K_BIAS_FILL || op == IR_NORMALIZE ||
                               op == IR_LAYER_NORM
                           ? 2
                           : 3);
    Loop li, lc;
    if (op == IR_SUM_ROWS) {
        // Rows outer, columns inner: the inner loop is a plain vector add, no reassociation.
        zero_fill(g, b, P(0), C);
        LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), n, NULL);
        LLVMValueRef row = mul(b, i, C);
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        LLVMValueRef s = LLVMBuildFAdd(b, load_at(g, b, g->f32, P(0), j),
                                       load_at(g, b, g->f32, P(1), add(b, row, j)), "");
        store_at(g, b, g->f32, s, P(0), j);
        loop_close(g, b, &lc, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), n, NULL);
    LLVMValueRef row = mul(b, i, C);
    if (op == IR_ROWDOT) {
        // A reduction: reassociation lets the vectoriser split it into lanes.
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, cf32(g, 0));
        LLVMValueRef k = add(b, row, j);
        LLVMValueRef s = cg_fma_acc(b, lc.acc, load_at(g, b, g->f32, P(1), k),
                                    load_at(g, b, g->f32, P(2), k));
        loop_close(g, b, &lc, s);
        store_at(g, b, g->f32, lc.acc, P(0), i);
        loop_close(g, b, &li, NULL);
        return;
    }
    if (op == IR_NORMALIZE || op == IR_NORMALIZE_GRAD) {
        // In double, in order, as the interpreter: s = |x_i|^2, t = <x_i, dy_i>;
        // y = x / d, dx = (dy - x k) / d, d = max(|x_i|, eps), k = |x_i| > eps ? t / s : 0.
        bool grad = op == IR_NORMALIZE_GRAD;
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
        LLVMValueRef xv = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), add(b, row, j)), g->f64,
                                         "");
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, LLVMBuildFMul(b, xv, xv, ""), ""));
        LLVMValueRef s = lc.acc, nrm = call_libm(g, b, "sqrt", s);
        LLVMValueRef big = LLVMBuildFCmp(b, LLVMRealOGT, nrm, cf64(g, 1e-12), "");
        LLVMValueRef d = LLVMBuildSelect(b, big, nrm, cf64(g, 1e-12), ""), k = NULL;
        if (grad) {
            j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
            LLVMValueRef at = add(b, row, j);
            LLVMValueRef p = LLVMBuildFMul(
                b, LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), at), g->f64, ""),
                LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), at), g->f64, ""), "");
            loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, p, ""));
            k = LLVMBuildSelect(b, big, LLVMBuildFDiv(b, lc.acc, s, ""), cf64(g, 0), "");
        }
        j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        LLVMValueRef at = add(b, row, j);
        LLVMValueRef v = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), at), g->f64, "");
        if (grad)
            v = LLVMBuildFSub(b, LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), at), g->f64, ""),
                              LLVMBuildFMul(b, v, k, ""), "");
        store_at(g, b, g->f32, LLVMBuildFPTrunc(b, LLVMBuildFDiv(b, v, d, ""), g->f32, ""), P(0),
                 at);
        loop_close(g, b, &lc, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    if (op == IR_LAYER_NORM || op == IR_LAYER_NORM_GRAD) {
        // In double, in order, as the interpreter: mu, then var about it, s = sqrt(var + eps);
        // y = (x - mu) / s; for the gradient md = mean dy, mdy = mean(dy y), then
        // dx = (dy - md - y mdy) / s.
        bool grad = op == IR_LAYER_NORM_GRAD;
        LLVMValueRef Cd = cf64(g, (double)c);
#define XV(at) LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), (at)), g->f64, "")
#define DYV(at) LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), (at)), g->f64, "")
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, XV(add(b, row, j)), ""));
        LLVMValueRef mu = LLVMBuildFDiv(b, lc.acc, Cd, "mu");
        j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
        LLVMValueRef dv = LLVMBuildFSub(b, XV(add(b, row, j)), mu, "");
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, LLVMBuildFMul(b, dv, dv, ""), ""));
        LLVMValueRef s = call_libm(g, b, "sqrt", LLVMBuildFAdd(b, LLVMBuildFDiv(b, lc.acc, Cd, ""),
                                                              cf64(g, 1e-5), ""));
        LLVMValueRef md = NULL, mdy = NULL;
        if (grad) {
            j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
            loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, DYV(add(b, row, j)), ""));
            md = LLVMBuildFDiv(b, lc.acc, Cd, "md");
            j = loop_open(g, b, &lc, ci64(g, 0), C, cf64(g, 0));
            LLVMValueRef at = add(b, row, j);
            LLVMValueRef y = LLVMBuildFDiv(b, LLVMBuildFSub(b, XV(at), mu, ""), s, "");
            loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, LLVMBuildFMul(b, DYV(at), y, ""), ""));
            mdy = LLVMBuildFDiv(b, lc.acc, Cd, "mdy");
        }
        j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        LLVMValueRef at = add(b, row, j);
        LLVMValueRef v = LLVMBuildFDiv(b, LLVMBuildFSub(b, XV(at), mu, ""), s, "");
        if (grad)
            v = LLVMBuildFDiv(b, LLVMBuildFSub(b, LLVMBuildFSub(b, DYV(at), md, ""),
                                               LLVMBuildFMul(b, v, mdy, ""), ""), s, "");
#undef XV
#undef DYV
        store_at(g, b, g->f32, LLVMBuildFPTrunc(b, v, g->f32, ""), P(0), at);
        loop_close(g, b, &lc, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    if (op == K_BIAS_FILL) {
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        store_at(g, b, g->f32, load_at(g, b, g->f32, P(1), j), P(0), add(b, row, j));
        loop_close(g, b, &lc, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    LLVMValueRef gi = op == IR_MUL_COL ? load_at(g, b, g->f32, P(2), i) : NULL;
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef k = add(b, row, j);
    LLVMValueRef a = load_at(g, b, g->f32, P(1), k), r;
    if (op == IR_BIAS_ADD)
        r = LLVMBuildFAdd(b, a, load_at(g, b, g->f32, P(2), j), "");
    else if (op == IR_SCALE_COLS)
        r = LLVMBuildFMul(b, a, load_at(g, b, g->f32, P(2), j), "");
    else
        r = LLVMBuildFMul(b, a, gi, "");
    store_at(g, b, g->f32, r, P(0), k);
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &li, NULL);
}

// splitmix64's finaliser, as interp.c's mix.
static LLVMValueRef mix64(Cg *g, LLVMBuilderRef b, LLVMValueRef z) {
    z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 30), ""), ""),
                     ci64(g, (int64_t)0xbf58476d1ce4e5b9ull), "");
    z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 27), ""), ""),
                     ci64(g, (int64_t)0x94d049bb133111ebull), "");
    return LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 31), ""), "");
}

// dropout over rows [row0, row0 + n) of a [. x c] value (ir_ops.h): element (i, j) is dropped
// when u(z) < p, z = mix(key + (i c + j + 1) G), key = mix(seed ^ mix((stream + 1) G)); kept
// ones are scaled by 1 / (1 - p). p = 0 copies x: forward mode and embed call it so.
static void build_dropout(Cg *g, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    const int64_t G = (int64_t)0x9E3779B97F4A7C15ull;
    LLVMValueRef C = ci64(g, c), p = P(6);
    LLVMValueRef key = mix64(g, b, LLVMBuildXor(
                                       b, P(4), mix64(g, b, LLVMBuildMul(b, LLVMBuildAdd(b, P(5),
                                                                                    ci64(g, 1), ""),
                                                                       ci64(g, G), "")),
                                       ""));
    LLVMValueRef scale = LLVMBuildFPTrunc(
        b, LLVMBuildFDiv(b, cf64(g, 1), LLVMBuildFSub(b, cf64(g, 1), LLVMBuildFPExt(b, p, g->f64, ""),
                                                     ""), ""), g->f32, "");
    Loop li, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), P(2), NULL);
    LLVMValueRef row = mul(b, i, C), grow = mul(b, add(b, i, P(3)), C);
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef ctr = LLVMBuildAdd(b, add(b, grow, j), ci64(g, 1), "");
    LLVMValueRef z = mix64(g, b, LLVMBuildAdd(b, key, LLVMBuildMul(b, ctr, ci64(g, G), ""), ""));
    LLVMValueRef u = LLVMBuildFMul(b, LLVMBuildUIToFP(b, LLVMBuildLShr(b, z, ci64(g, 40), ""),
                                                      g->f32, ""), cf32(g, 0x1p-24), "");
    LLVMValueRef x = load_at(g, b, g->f32, P(1), add(b, row, j));
    LLVMValueRef y = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOLT, u, p, ""), cf32(g, 0),
                                     LLVMBuildFMul(b, x, scale, ""), "");
    store_at(g, b, g->f32, y, P(0), add(b, row, j));
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &li, NULL);
}

// Copies w columns of each of n rows: out[i * ldo + oo + j] = src[i * lds + so + j].
static void build_copy_cols(Cg *g, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    Loop li, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), P(2), NULL);
    LLVMValueRef orow = add(b, mul(b, i, P(4)), P(5)), srow = add(b, mul(b, i, P(6)), P(7));
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), P(3), NULL);
    store_at(g, b, g->f32, load_at(g, b, g->f32, P(1), add(b, srow, j)), P(0), add(b, orow, j));
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &li, NULL);
}

// Rows ahead that build_index prefetches: a gather or sparse scatter over a large embedding
// (25M ratings: 57 MB) misses the caches on every row, and its indices are known in advance.
// And edges ahead whose source row an aggregation prefetches: at 25M ratings a batch's 64k rows
// (16 MB of 64-float rows) are read in the sampler's order, so most reads miss L2. Measured with
// bench_model_batches on 25M-rating batches: 16 rows ahead 2% faster than 8 for the gathers, 32
// edges ahead 3% faster than 16 and 3% than 64 for the aggregations; the whole pass 12% faster
// than without either (5M: 10%; ml-latest-small, where everything is in L2: the same).
#define INDEX_AHEAD 16
#define EDGE_AHEAD 32

// Prefetches row idx[min(i + dist, n - 1)] of base [. x c], every 64-byte line of it.
static void prefetch_row(Cg *g, LLVMBuilderRef b, LLVMValueRef base, LLVMValueRef idx,
                         LLVMValueRef i, LLVMValueRef n, int64_t c, int write, int64_t dist) {
    LLVMValueRef ahead = add(b, i, ci64(g, dist)), last = LLVMBuildNSWSub(b, n, ci64(g, 1), "");
    ahead = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, ahead, n, ""), ahead, last, "");
    LLVMValueRef row = gep(g, b, g->f32, base, mul(b, load_idx(g, b, idx, ahead), ci64(g, c)));
    unsigned id = LLVMLookupIntrinsicID("llvm.prefetch", 13);
    LLVMTypeRef pty = g->ptr;
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &pty, 1);
    LLVMTypeRef args[4] = {g->ptr, g->i32, g->i32, g->i32};
    LLVMTypeRef fty = LLVMFunctionType(g->vd, args, 4, 0);
    for (int64_t o = 0; o < c; o += 16) {
        LLVMValueRef xs[4] = {gep(g, b, g->f32, row, ci64(g, o)), ci32(g, write), ci32(g, 3),
                              ci32(g, 1)};
        LLVMBuildCall2(b, fty, f, xs, 4, "");
    }
}

// gather: out[i] = table[idx[i]] (gather_add: out[i] += table[idx[i]]); scatter_add: out = 0,
// out[idx[i]] += src[i], on the output
// rows [P(5), P(6)) only (see if_row_in). A scatter given zn >= 0 is a sparse gradient's (see
// HGNN_RUN_TRAIN_SPARSE): its indices are the batch's node ids, distinct, so each of the rows
// idx[0..zn) is written once, with 0 + src[i] (the bits zero-then-add gives, -0 included) or 0
// past the n rows computed, and no other row is touched.
static void build_index(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c);
    LLVMBasicBlockRef done = NULL;
    if (op == IR_SCATTER_ADD) {
        LLVMBasicBlockRef dense = LLVMAppendBasicBlockInContext(g->ctx, fn, "dense_zero");
        LLVMBasicBlockRef sparse = LLVMAppendBasicBlockInContext(g->ctx, fn, "sparse_rows");
        done = LLVMAppendBasicBlockInContext(g->ctx, fn, "done");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, P(7), ci64(g, 0), ""), dense, sparse);
        LLVMPositionBuilderAtEnd(b, sparse);
        Loop ls, lc;
        LLVMValueRef i = loop_open(g, b, &ls, ci64(g, 0), P(7), NULL);
        LLVMValueRef at = load_idx(g, b, P(2), i);
        prefetch_row(g, b, P(0), P(2), i, P(7), c, 1, INDEX_AHEAD);
        LLVMBasicBlockRef next = if_row_in(g, b, at, P(5), P(6));
        LLVMValueRef computed = LLVMBuildICmp(b, LLVMIntSLT, i, P(3), "");
        LLVMValueRef src_i = LLVMBuildSelect(b, computed, i, ci64(g, 0), "");
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        LLVMValueRef v = load_at(g, b, g->f32, P(1), add(b, mul(b, src_i, C), j));
        v = LLVMBuildFAdd(b, cf32(g, 0), LLVMBuildSelect(b, computed, v, cf32(g, 0), ""), "");
        store_at(g, b, g->f32, v, P(0), add(b, mul(b, at, C), j));
        loop_close(g, b, &lc, NULL);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
        loop_close(g, b, &ls, NULL);
        LLVMBuildBr(b, done);
        LLVMPositionBuilderAtEnd(b, dense);
        zero_rows(g, b, P(0), c, P(5), P(6));
    }
    Loop li, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), P(3), NULL);
    LLVMValueRef at = load_idx(g, b, P(2), i);
    bool gather = op == IR_GATHER || op == K_GATHER_ADD;
    if (gather)
        prefetch_row(g, b, P(1), P(2), i, P(3), c, 0, INDEX_AHEAD);
    LLVMBasicBlockRef next = op == IR_SCATTER_ADD ? if_row_in(g, b, at, P(5), P(6)) : NULL;
    LLVMValueRef src_row = mul(b, i, C), dst_row = mul(b, at, C);
    if (gather) {
        LLVMValueRef t = src_row;
        src_row = dst_row;
        dst_row = t;
    }
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef v = load_at(g, b, g->f32, P(1), add(b, src_row, j));
    LLVMValueRef dst = gep(g, b, g->f32, P(0), add(b, dst_row, j));
    if (op != IR_GATHER)
        v = LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, "");
    LLVMBuildStore(b, v, dst);
    loop_close(g, b, &lc, NULL);
    if (next) {
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &li, NULL);
    if (done) {
        LLVMBuildBr(b, done);
        LLVMPositionBuilderAtEnd(b, done);
    }
}

// Aggregation over the CSR edge lists of one edge type: for destination i, its edges are
// [ptr[i], ptr[i+1]) and src[k] names the source row; agg_wsum scales edge k's message by w[k].
static void build_agg(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool wsum = op == IR_AGG_WSUM;
    LLVMValueRef C = ci64(g, c), out = P(0), x = P(1), eptr = P(2), esrc = P(3);
    LLVMValueRef w = wsum ? P(4) : NULL, nd = P(4 + wsum);
    LLVMValueRef eend = load_idx(g, b, eptr, nd);
    Loop li, lc, le;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), nd, NULL);
    LLVMValueRef lo = load_idx(g, b, eptr, i), hi = load_idx(g, b, eptr, add(b, i, ci64(g, 1)));
    LLVMValueRef deg = LLVMBuildNSWSub(b, hi, lo, "deg");
    LLVMValueRef orow = mul(b, i, C);
    LLVMValueRef init = op == IR_AGG_MAX ? LLVMConstReal(g->f32, -__builtin_inf()) : cf32(g, 0);
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    store_at(g, b, g->f32, init, out, add(b, orow, j));
    loop_close(g, b, &lc, NULL);

    LLVMValueRef k = loop_open(g, b, &le, lo, hi, NULL);
    prefetch_row(g, b, x, esrc, k, eend, c, 0, EDGE_AHEAD);
    LLVMValueRef xrow = mul(b, load_idx(g, b, esrc, k), C);
    LLVMValueRef wk = wsum ? load_at(g, b, g->f32, w, k) : NULL;
    j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef dst = gep(g, b, g->f32, out, add(b, orow, j));
    LLVMValueRef cur = LLVMBuildLoad2(b, g->f32, dst, "");
    LLVMValueRef v = load_at(g, b, g->f32, x, add(b, xrow, j)), r;
    if (wsum)
        v = LLVMBuildFMul(b, v, wk, "");
    if (op == IR_AGG_MAX)
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, v, cur, ""), v, cur, "");
    else
        r = LLVMBuildFAdd(b, cur, v, "");
    LLVMBuildStore(b, r, dst);
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &le, NULL);

    if (op == IR_AGG_MEAN || op == IR_AGG_MAX) {
        // mean: sum / deg; max: -inf stays only where there is no edge, which reads as 0.
        LLVMValueRef has = LLVMBuildICmp(b, LLVMIntSGT, deg, ci64(g, 0), "");
        LLVMValueRef degf = LLVMBuildSIToFP(b, LLVMBuildSelect(b, has, deg, ci64(g, 1), ""),
                                            g->f32, "");
        j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
        dst = gep(g, b, g->f32, out, add(b, orow, j));
        cur = LLVMBuildLoad2(b, g->f32, dst, "");
        if (op == IR_AGG_MEAN)
            r = LLVMBuildFDiv(b, cur, degf, "");
        else
            r = LLVMBuildSelect(b, has, cur, cf32(g, 0), "");
        LLVMBuildStore(b, r, dst);
        loop_close(g, b, &lc, NULL);
    }
    loop_close(g, b, &li, NULL);
}

// Transposed aggregations (adjoints): out [ns x C] = 0, then every edge j -> i adds dy_i (divided
// by deg(i) for the mean, times w[k] for agg_wsum_t) to out_j. Serial: split by output rows as
// scatter_add is, every thread would read every edge and mispredict on half of them, which costs
// more than the split saves.
static void build_agg_t(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool wsum = op == IR_AGG_WSUM_T;
    LLVMValueRef C = ci64(g, c), out = P(0), dy = P(1), eptr = P(2), esrc = P(3);
    LLVMValueRef w = wsum ? P(4) : NULL, nd = P(4 + wsum);
    zero_fill(g, b, out, mul(b, P(5 + wsum), C));
    LLVMValueRef eend = load_idx(g, b, eptr, nd);
    Loop li, lc, le;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), nd, NULL);
    LLVMValueRef lo = load_idx(g, b, eptr, i), hi = load_idx(g, b, eptr, add(b, i, ci64(g, 1)));
    LLVMValueRef deg = LLVMBuildNSWSub(b, hi, lo, "deg");
    LLVMValueRef inv = NULL;
    if (op == IR_AGG_MEAN_T) {
        LLVMValueRef degf = LLVMBuildSIToFP(b, deg, g->f32, "");
        inv = LLVMBuildFDiv(b, cf32(g, 1), degf, "");  // unused when deg == 0
    }
    LLVMValueRef drow = mul(b, i, C);
    LLVMValueRef k = loop_open(g, b, &le, lo, hi, NULL);
    prefetch_row(g, b, out, esrc, k, eend, c, 1, EDGE_AHEAD);
    LLVMValueRef orow = mul(b, load_idx(g, b, esrc, k), C);
    LLVMValueRef wk = wsum ? load_at(g, b, g->f32, w, k) : NULL;
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef v = load_at(g, b, g->f32, dy, add(b, drow, j));
    if (inv)
        v = LLVMBuildFMul(b, v, inv, "");
    if (wk)
        v = LLVMBuildFMul(b, v, wk, "");
    LLVMValueRef dst = gep(g, b, g->f32, out, add(b, orow, j));
    LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, ""), dst);
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &le, NULL);
    loop_close(g, b, &li, NULL);
}

// Adjoint of agg_max: per destination i and column c, dy[i][c] goes to the first source (in edge
// order) holding the maximum. Two scans per column: the maximum, then its first position.
static void build_agg_max_grad(Cg *g, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c), out = P(0), x = P(1), dy = P(2), eptr = P(3), esrc = P(4);
    zero_fill(g, b, out, mul(b, P(6), C));
    Loop li, lc, le;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), P(5), NULL);
    LLVMValueRef lo = load_idx(g, b, eptr, i), hi = load_idx(g, b, eptr, add(b, i, ci64(g, 1)));
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);

    LLVMValueRef k = loop_open(g, b, &le, lo, hi, LLVMConstReal(g->f32, -__builtin_inf()));
    LLVMValueRef v = load_at(g, b, g->f32, x, add(b, mul(b, load_idx(g, b, esrc, k), C), j));
    LLVMValueRef best = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, v, le.acc, ""), v,
                                        le.acc, "");
    loop_close(g, b, &le, best);
    LLVMValueRef maxv = le.acc;

    k = loop_open(g, b, &le, lo, hi, ci64(g, -1));
    v = load_at(g, b, g->f32, x, add(b, mul(b, load_idx(g, b, esrc, k), C), j));
    LLVMValueRef first = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntSLT, le.acc, ci64(g, 0), ""),
                                      LLVMBuildFCmp(b, LLVMRealOEQ, v, maxv, ""), "");
    loop_close(g, b, &le, LLVMBuildSelect(b, first, k, le.acc, ""));
    LLVMValueRef arg = le.acc;

    LLVMValueRef fnv = LLVMGetBasicBlockParent(LLVMGetInsertBlock(b));
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(g->ctx, fnv, "route");
    LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fnv, "next");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGE, arg, ci64(g, 0), ""), yes, next);
    LLVMPositionBuilderAtEnd(b, yes);
    LLVMValueRef dst = gep(g, b, g->f32, out, add(b, mul(b, load_idx(g, b, esrc, arg), C), j));
    LLVMValueRef d = load_at(g, b, g->f32, dy, add(b, mul(b, i, C), j));
    LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), d, ""), dst);
    LLVMBuildBr(b, next);
    LLVMPositionBuilderAtEnd(b, next);
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &li, NULL);
}

static_assert(HGNN_MAX_WIDTH < HEAD_KEY, "a head op's total width fits its kernel key");

// Head ops over rows of H heads of C columns; key = H * HEAD_KEY + H * C (cg.h): head_dot
// (out [n x H] = per-head <x_i,h, a_h>), head_mul (out [n x HC] = d_ih a_hc), head_outer
// (out [1 x HC] = sum_i x_i,hc d_ih, rows outer as sum_rows), head_mean, head_mean_t.
static void build_head(Cg *g, IrOp op, int64_t key, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    int64_t H = key / HEAD_KEY, HC = key % HEAD_KEY, C = HC / H;
    LLVMValueRef n = P(op == IR_HEAD_MEAN || op == IR_HEAD_MEAN_T ? 2 : 3);
    if (op == IR_HEAD_OUTER)
        zero_fill(g, b, P(0), ci64(g, HC));
    Loop li, lh, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), n, NULL);
    LLVMValueRef h = loop_open(g, b, &lh, ci64(g, 0), ci64(g, H), NULL);
    LLVMValueRef ih = add(b, mul(b, i, ci64(g, H)), h);   // [n x H] element
    LLVMValueRef hc0 = mul(b, h, ci64(g, C));              // the head's first column
    LLVMValueRef row = mul(b, i, ci64(g, HC));
    if (op == IR_HEAD_MEAN) {
        // out_ic = sum_h x_i,hc / H: heads outer, so each output sums its heads in order
        LLVMValueRef c = loop_open(g, b, &lc, ci64(g, 0), ci64(g, C), NULL);
        LLVMValueRef dst = gep(g, b, g->f32, P(0), add(b, mul(b, i, ci64(g, C)), c));
        LLVMValueRef v = LLVMBuildFMul(b, load_at(g, b, g->f32, P(1), add(b, row, add(b, hc0, c))),
                                       cf32(g, 1.0 / (double)H), "");
        LLVMValueRef old = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntEQ, h, ci64(g, 0), ""),
                                           cf32(g, 0), LLVMBuildLoad2(b, g->f32, dst, ""), "");
        LLVMBuildStore(b, LLVMBuildFAdd(b, old, v, ""), dst);
        loop_close(g, b, &lc, NULL);
        loop_close(g, b, &lh, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    LLVMValueRef dih = op == IR_HEAD_MUL ? load_at(g, b, g->f32, P(1), ih)
                     : op == IR_HEAD_OUTER ? load_at(g, b, g->f32, P(2), ih) : NULL;
    LLVMValueRef c = loop_open(g, b, &lc, ci64(g, 0), ci64(g, C), op == IR_HEAD_DOT ? cf32(g, 0)
                                                                                  : NULL);
    LLVMValueRef col = add(b, hc0, c), at = add(b, row, col);
    switch ((int)op) {
    case IR_HEAD_DOT: {
        LLVMValueRef s = cg_fma_acc(b, lc.acc, load_at(g, b, g->f32, P(1), at),
                                    load_at(g, b, g->f32, P(2), col));
        loop_close(g, b, &lc, s);
        store_at(g, b, g->f32, lc.acc, P(0), ih);
        loop_close(g, b, &lh, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    case IR_HEAD_MUL:
        store_at(g, b, g->f32, LLVMBuildFMul(b, dih, load_at(g, b, g->f32, P(2), col), ""), P(0),
                 at);
        break;
    case IR_HEAD_OUTER: {
        LLVMValueRef dst = gep(g, b, g->f32, P(0), col);
        LLVMValueRef v = LLVMBuildFMul(b, load_at(g, b, g->f32, P(1), at), dih, "");
        LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, ""), dst);
        break;
    }
    default:  // HEAD_MEAN_T
        store_at(g, b, g->f32,
                 LLVMBuildFMul(b, load_at(g, b, g->f32, P(1), add(b, mul(b, i, ci64(g, C)), c)),
                               cf32(g, 1.0 / (double)H), ""),
                 P(0), at);
        break;
    }
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &lh, NULL);
    loop_close(g, b, &li, NULL);
}

// The pointwise losses, one label at a time in double: BCE with logits,
// max(x, 0) - x y + log1p(exp(-|x|)), and MSE, (x - y)^2.
static LLVMValueRef loss_term(Cg *g, IrOp op, LLVMValueRef x, LLVMValueRef y) {
    LLVMBuilderRef b = g->kb;
    if (op == IR_MSE) {
        LLVMValueRef d = LLVMBuildFSub(b, x, y, "");
        return LLVMBuildFMul(b, d, d, "");
    }
    LLVMValueRef pos = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf64(g, 0), ""), x,
                                       cf64(g, 0), "");
    LLVMValueRef soft = call_libm(g, b, "log1p",
                                  call_libm(g, b, "exp", LLVMBuildFNeg(b, fabs64(g, b, x), "")));
    return LLVMBuildFAdd(b, LLVMBuildFSub(b, pos, LLVMBuildFMul(b, x, y, ""), ""), soft, "");
}

// Their derivatives in x: sigmoid(x) - y (BCE_GRAD), 2 (x - y) (MSE_GRAD).
static LLVMValueRef loss_slope(Cg *g, IrOp op, LLVMValueRef x, LLVMValueRef y) {
    LLVMBuilderRef b = g->kb;
    if (op == IR_MSE_GRAD)
        return LLVMBuildFMul(b, cf64(g, 2), LLVMBuildFSub(b, x, y, ""), "");
    LLVMValueRef e = call_libm(g, b, "exp", LLVMBuildFNeg(b, x, ""));
    LLVMValueRef s = LLVMBuildFDiv(b, cf64(g, 1), LLVMBuildFAdd(b, cf64(g, 1), e, ""), "");
    return LLVMBuildFSub(b, s, y, "");
}

// bce_logits, mse: the mean of loss_term over the L labels, accumulated in double; 0 when L = 0.
static void build_mean_loss(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), P(3), cf64(g, 0));
    LLVMValueRef x = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), k), g->f64, "");
    LLVMValueRef y = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), k), g->f64, "");
    loop_close(g, b, &l, LLVMBuildFAdd(b, l.acc, loss_term(g, op, x, y), ""));
    LLVMValueRef has = LLVMBuildICmp(b, LLVMIntSGT, P(3), ci64(g, 0), "");
    LLVMValueRef lf = LLVMBuildSIToFP(b, LLVMBuildSelect(b, has, P(3), ci64(g, 1), ""), g->f64, "");
    LLVMValueRef mean = LLVMBuildFDiv(b, l.acc, lf, "");
    store_at(g, b, g->f32, LLVMBuildFPTrunc(b, mean, g->f32, ""), P(0), ci64(g, 0));
}

// bce_grad, mse_grad: d loss / d x_k = dl * loss_slope(x_k, y_k) / L, in double.
static void build_mean_loss_grad(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef dl = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(3), ci64(g, 0)), g->f64, "");
    LLVMValueRef lf = LLVMBuildSIToFP(b, P(4), g->f64, "");
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), P(4), NULL);
    LLVMValueRef x = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), k), g->f64, "");
    LLVMValueRef y = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), k), g->f64, "");
    LLVMValueRef d = LLVMBuildFDiv(b, LLVMBuildFMul(b, dl, loss_slope(g, op, x, y), ""), lf, "");
    store_at(g, b, g->f32, LLVMBuildFPTrunc(b, d, g->f32, ""), P(0), k);
    loop_close(g, b, &l, NULL);
}

// BPR's pairs (ir_ops.h): P, the leading labels equal to 1 (one pass, no early exit: L is a
// batch's labels), and n = L - P pairs, 0 when P = 0.
static void bpr_pairs(Cg *g, LLVMValueRef y, LLVMValueRef L, LLVMValueRef *P, LLVMValueRef *np) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef i = loop_open(g, b, &l, ci64(g, 0), L, ci64(g, 0));
    LLVMValueRef lead = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntEQ, l.acc, i, ""),
                                     LLVMBuildFCmp(b, LLVMRealOGT, load_at(g, b, g->f32, y, i),
                                                   cf32(g, 0.5), ""), "");
    loop_close(g, b, &l, LLVMBuildSelect(b, lead, add(b, i, ci64(g, 1)), l.acc, ""));
    *P = l.acc;
    *np = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, *P, ci64(g, 0), ""),
                          LLVMBuildNSWSub(b, L, *P, ""), ci64(g, 0), "np");
}

// sum / n in double, 0 when n = 0.
static LLVMValueRef per_pair(Cg *g, LLVMValueRef sum, LLVMValueRef np) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef has = LLVMBuildICmp(b, LLVMIntSGT, np, ci64(g, 0), "");
    LLVMValueRef nf = LLVMBuildSIToFP(b, LLVMBuildSelect(b, has, np, ci64(g, 1), ""), g->f64, "");
    return LLVMBuildSelect(b, has, LLVMBuildFDiv(b, sum, nf, ""), cf64(g, 0), "");
}

// bpr: mean over pairs of softplus(d), d = x_{P+k} - x_{k mod P}, as max(d, 0) + log1p(exp(-|d|))
// in double. bpr_grad: sigmoid(d) dl / n added to the negative, subtracted from the positive.
static void build_bpr(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool grad = op == IR_BPR_GRAD;
    LLVMValueRef out = P(0), x = P(1), y = P(2), L = P(3 + grad), Pn, np;
    if (grad)
        zero_fill(g, b, out, L);
    bpr_pairs(g, y, L, &Pn, &np);
    LLVMValueRef scale = NULL;
    if (grad)
        scale = per_pair(g, LLVMBuildFPExt(b, load_at(g, b, g->f32, P(3), ci64(g, 0)), g->f64, ""),
                         np);
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), np, grad ? NULL : cf64(g, 0));
    LLVMValueRef kn = add(b, Pn, k), kp = LLVMBuildSRem(b, k, Pn, "");
    LLVMValueRef d = LLVMBuildFSub(b, LLVMBuildFPExt(b, load_at(g, b, g->f32, x, kn), g->f64, ""),
                                   LLVMBuildFPExt(b, load_at(g, b, g->f32, x, kp), g->f64, ""), "");
    if (!grad) {
        LLVMValueRef pos = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, d, cf64(g, 0), ""), d,
                                           cf64(g, 0), "");
        LLVMValueRef e = call_libm(g, b, "exp", LLVMBuildFNeg(b, fabs64(g, b, d), ""));
        LLVMValueRef soft = call_libm(g, b, "log1p", e);
        loop_close(g, b, &l, LLVMBuildFAdd(b, l.acc, LLVMBuildFAdd(b, pos, soft, ""), ""));
        store_at(g, b, g->f32, LLVMBuildFPTrunc(b, per_pair(g, l.acc, np), g->f32, ""), out,
                 ci64(g, 0));
        return;
    }
    LLVMValueRef e = call_libm(g, b, "exp", LLVMBuildFNeg(b, d, ""));
    LLVMValueRef s = LLVMBuildFDiv(b, cf64(g, 1), LLVMBuildFAdd(b, cf64(g, 1), e, ""), "");
    LLVMValueRef gk = LLVMBuildFPTrunc(b, LLVMBuildFMul(b, s, scale, ""), g->f32, "");
    LLVMValueRef pn = gep(g, b, g->f32, out, kn), pp = gep(g, b, g->f32, out, kp);
    LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, pn, ""), gk, ""), pn);
    LLVMBuildStore(b, LLVMBuildFSub(b, LLVMBuildLoad2(b, g->f32, pp, ""), gk, ""), pp);
    loop_close(g, b, &l, NULL);
}

// pair_sum: sum_i r_i / n in double; pair_sum_grad: dl / n in every row.
static void build_pair_sum(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool grad = op == IR_PAIR_SUM_GRAD;
    LLVMValueRef out = P(0), L = P(3), Pn, np;
    bpr_pairs(g, grad ? P(1) : P(2), L, &Pn, &np);
    Loop l;
    if (grad) {
        LLVMValueRef dl = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), ci64(g, 0)), g->f64, "");
        LLVMValueRef v = LLVMBuildFPTrunc(b, per_pair(g, dl, np), g->f32, "");
        LLVMValueRef i = loop_open(g, b, &l, ci64(g, 0), L, NULL);
        store_at(g, b, g->f32, v, out, i);
        loop_close(g, b, &l, NULL);
        return;
    }
    LLVMValueRef i = loop_open(g, b, &l, ci64(g, 0), L, cf64(g, 0));
    LLVMValueRef r = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), i), g->f64, "");
    loop_close(g, b, &l, LLVMBuildFAdd(b, l.acc, r, ""));
    store_at(g, b, g->f32, LLVMBuildFPTrunc(b, per_pair(g, l.acc, np), g->f32, ""), out,
             ci64(g, 0));
}


#undef P

// Returns the kernel for op specialised to width c, building it on first use.
static Kernel *kernel_get(Cg *g, IrOp op, int64_t c) {
    for (int i = 0; i < g->n_kern; i++)
        if (g->kern[i].op == op && g->kern[i].c == c)
            return &g->kern[i];
    g->kern = arena_grow(g->m->arena, g->kern, g->n_kern, &g->cap_kern, sizeof *g->kern, 32);
    const char *sig = cg_kernel_sig(op);
    assert(sig);
    LLVMTypeRef args[16];
    int n = (int)strlen(sig);
    for (int i = 0; i < n; i++)
        args[i] = sig[i] == 'l' ? g->i64 : sig[i] == 'i' ? g->i32 : sig[i] == 'f' ? g->f32 : g->ptr;
    Kernel *k = &g->kern[g->n_kern++];
    k->op = op;
    k->c = c;
    k->ty = LLVMFunctionType(g->vd, args, (unsigned)n, 0);
    char name[64];
    if (op == K_GEMM_NN || op == K_GEMM_NT || op == K_GEMM_TN || op == K_GEMM_TN_T)
        snprintf(name, sizeof name, "k_gemm_%s_%lldx%lld%s",
                 op == K_GEMM_NN ? "nn" : op == K_GEMM_NT ? "nt" : op == K_GEMM_TN ? "tn" : "tnt",
                 (long long)(c / 4096), (long long)(c % 4096), g->bf16 ? "_bf16" : "");
    else if (c)
        snprintf(name, sizeof name, "k_%s_%lld",
                 op == K_BIAS_FILL    ? "bias_fill"
                 : op == K_GATHER_ADD ? "gather_add"
                                      : ir_op_name(op),
                 (long long)c);
    else
        snprintf(name, sizeof name, "k_%s", op == K_COPY_COLS ? "copy_cols" : ir_op_name(op));
    k->fn = LLVMAddFunction(g->mod, name, k->ty);
    LLVMSetLinkage(k->fn, LLVMInternalLinkage);
    unsigned noalias = LLVMGetEnumAttributeKindForName("noalias", 7);
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    for (int i = 0; i < n; i++)
        if (sig[i] == 'p')
            LLVMAddAttributeAtIndex(k->fn, (unsigned)i + 1,
                                    LLVMCreateEnumAttribute(g->ctx, noalias, 0));
    LLVMAddAttributeAtIndex(k->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(g->ctx, nounwind, 0));
    // Kept out of line: run_forward and run_train share one copy, which halves compile time;
    // a call per op is nothing next to the loops inside.
    unsigned noinline = LLVMGetEnumAttributeKindForName("noinline", 8);
    LLVMAddAttributeAtIndex(k->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(g->ctx, noinline, 0));
    LLVMPositionBuilderAtEnd(g->kb, LLVMAppendBasicBlockInContext(g->ctx, k->fn, "entry"));
    switch ((int)op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_SCALE: case IR_RELU: case IR_RELU_GRAD:
    case IR_MAXIMUM: case IR_MAXIMUM_GRAD: case IR_SIGMOID: case IR_SIGMOID_GRAD: case IR_TANH: case IR_TANH_GRAD:
    case IR_LEAKY_RELU: case IR_LEAKY_RELU_GRAD: case IR_ELU: case IR_ELU_GRAD:
    case IR_GELU: case IR_GELU_GRAD:
        build_elementwise(g, op, k->fn);
        break;
    case IR_BIAS_ADD: case IR_MUL_COL: case IR_ROWDOT: case IR_SUM_ROWS: case K_BIAS_FILL:
    case IR_NORMALIZE: case IR_NORMALIZE_GRAD: case IR_LAYER_NORM: case IR_LAYER_NORM_GRAD:
    case IR_SCALE_COLS:
        build_rowwise(g, op, c, k->fn);
        break;
    case IR_GATHER: case K_GATHER_ADD: case IR_SCATTER_ADD:
        build_index(g, op, c, k->fn);
        break;
    case K_COPY_COLS: build_copy_cols(g, k->fn); break;
    case IR_DROPOUT: build_dropout(g, c, k->fn); break;
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX: case IR_AGG_WSUM:
        build_agg(g, op, c, k->fn);
        break;
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T: case IR_AGG_WSUM_T:
        build_agg_t(g, op, c, k->fn);
        break;
    case IR_BPR: case IR_BPR_GRAD: build_bpr(g, op, k->fn); break;
    case IR_PAIR_SUM: case IR_PAIR_SUM_GRAD: build_pair_sum(g, op, k->fn); break;
    case IR_AGG_MAX_GRAD: build_agg_max_grad(g, c, k->fn); break;
    case IR_HEAD_DOT: case IR_HEAD_MUL: case IR_HEAD_OUTER: case IR_HEAD_MEAN:
    case IR_HEAD_MEAN_T:
        build_head(g, op, c, k->fn);
        break;
    case IR_GAT_AGG: case IR_GAT_ALPHA: case IR_GAT_AGG_T: case IR_GAT_DALPHA:
    case IR_GAT_GRAD_SRC: case IR_GAT_GRAD_DST:
        cg_build_gat(g, op, c, k->fn);
        break;
    case IR_BCE_LOGITS: case IR_MSE: build_mean_loss(g, k->op, k->fn); break;
    case IR_BCE_GRAD: case IR_MSE_GRAD: build_mean_loss_grad(g, k->op, k->fn); break;
    case IR_MATMUL: cg_build_matmul(g, k->fn); break;
    case K_GEMM_NN: case K_GEMM_NT:
        cg_build_gemm(g, op == K_GEMM_NT, c / 4096, c % 4096, k->fn);
        break;
    case K_GEMM_TN: case K_GEMM_TN_T:
        cg_build_gemm_tn(g, c / 4096, c % 4096, k->fn, op == K_GEMM_TN_T);
        break;
    default: assert(0 && "op has no kernel");
    }
    LLVMBuildRetVoid(g->kb);
    return k;
}

// ---- calls -------------------------------------------------------------------------------------

void cg_call_kernel(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, int n) {
    Kernel *k = kernel_get(g, op, c);
    LLVMBuildCall2(g->b, k->ty, k->fn, args, (unsigned)n, "");
}

static bool same_args(const ParArg *a, const ParArg *b, int n) {
    for (int i = 0; i < n; i++)
        if (a[i].how != b[i].how || a[i].step != b[i].step)
            return false;  // field by field: memcmp would compare the padding
    return true;
}

// The wrapper that runs kernel k on one slice, built on first use.
static Wrap *wrap_get(Cg *g, Kernel *k, const ParArg *pa, int n) {
    for (int i = 0; i < g->n_wrap; i++)
        if (g->wrap[i].kfn == k->fn && g->wrap[i].n == n && same_args(g->wrap[i].pa, pa, n))
            return &g->wrap[i];
    g->wrap = arena_grow(g->m->arena, g->wrap, g->n_wrap, &g->cap_wrap, sizeof *g->wrap, 32);
    Wrap *w = &g->wrap[g->n_wrap];
    memset(w, 0, sizeof *w);
    w->kfn = k->fn;
    w->n = n;
    memcpy(w->pa, pa, (size_t)n * sizeof *pa);
    LLVMTypeRef ty[16];
    LLVMGetParamTypes(k->ty, ty);
    w->sty = LLVMStructTypeInContext(g->ctx, ty, (unsigned)n, 0);
    size_t len;
    const char *kname = LLVMGetValueName2(k->fn, &len);
    char name[96];
    snprintf(name, sizeof name, "%.*s_slice%d", (int)len, kname, g->n_wrap);
    w->fn = LLVMAddFunction(g->mod, name, g->task_ty);
    LLVMSetLinkage(w->fn, LLVMInternalLinkage);
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    LLVMAddAttributeAtIndex(w->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(g->ctx, nounwind, 0));
    LLVMBuilderRef b = g->kb;
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g->ctx, w->fn, "entry"));
    LLVMValueRef ctx = LLVMGetParam(w->fn, 0), lo = LLVMGetParam(w->fn, 1);
    LLVMValueRef hi = LLVMGetParam(w->fn, 2), args[16];
    for (int i = 0; i < n; i++) {
        LLVMValueRef v = LLVMBuildLoad2(b, ty[i], LLVMBuildStructGEP2(b, w->sty, ctx, (unsigned)i,
                                                                      ""), "");
        switch (pa[i].how) {
        case PA_PTR: v = gep(g, b, g->i8, v, mul(b, lo, ci64(g, pa[i].step))); break;
        case PA_COUNT: v = LLVMBuildNSWSub(b, hi, lo, ""); break;
        case PA_LO: v = lo; break;
        case PA_HI: v = hi; break;
        default: break;
        }
        args[i] = v;
    }
    LLVMBuildCall2(b, k->ty, k->fn, args, (unsigned)n, "");
    LLVMBuildRetVoid(b);
    g->n_wrap++;
    return w;
}

// Runs the kernel of (op, c) as a parallel loop over [0, count) through host->parallel_for:
// the arguments go into a struct on run()'s stack, and the kernel's slice wrapper derives each
// slice's arguments from them as pa says. Every split is one whose output elements see the same
// arithmetic in the same order whatever the slices (rows of a row-wise kernel, output rows of
// a^T b, output rows of a scatter), so results do not depend on the number of threads.
void cg_call_par(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, const ParArg *pa, int n,
                 LLVMValueRef count, LLVMValueRef grain) {
    Kernel *k = kernel_get(g, op, c);
    Wrap *w = wrap_get(g, k, pa, n);
    LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(LLVMGetBasicBlockParent(
        LLVMGetInsertBlock(g->b)));
    LLVMBuilderRef ab = LLVMCreateBuilderInContext(g->ctx);
    LLVMValueRef first = LLVMGetFirstInstruction(entry);
    if (first)
        LLVMPositionBuilderBefore(ab, first);
    else
        LLVMPositionBuilderAtEnd(ab, entry);
    LLVMValueRef ctx = LLVMBuildAlloca(ab, w->sty, "slice_args");
    LLVMDisposeBuilder(ab);
    for (int i = 0; i < n; i++)
        LLVMBuildStore(g->b, args[i], LLVMBuildStructGEP2(g->b, w->sty, ctx, (unsigned)i, ""));
    LLVMValueRef a[5] = {g->par_pool, w->fn, ctx, count, grain};
    LLVMBuildCall2(g->b, g->par_ty, g->par_for, a, 5, "");
}

