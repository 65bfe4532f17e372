// cg_kernels.c — the kernels run() calls, one LLVM function per op and constant width, built on
// first use: elementwise, row-wise, gather / scatter, aggregations and their adjoints, the BCE
// and BPR and MSE losses, generated gemms and the sgemm call; and the slice wrappers that run them in
// parallel.
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

// fma(x, y, z) in double, the llvm.fma intrinsic (one rounding; the vectoriser widens it).
static LLVMValueRef fma64(Cg *g, LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y,
                          LLVMValueRef z) {
    unsigned id = LLVMLookupIntrinsicID("llvm.fma", 8);
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &g->f64, 1);
    LLVMTypeRef args[3] = {g->f64, g->f64, g->f64};
    LLVMValueRef xs[3] = {x, y, z};
    return LLVMBuildCall2(b, LLVMFunctionType(g->f64, args, 3, 0), f, xs, 3, "");
}

// The table 2^(j / 64), j = 0..63, of exp_ir: one constant global per module.
static LLVMValueRef exp_table(Cg *g) {
    LLVMValueRef t = LLVMGetNamedGlobal(g->mod, "hgnn_exp2_64");
    if (t)
        return t;
    LLVMValueRef v[64];
    for (int j = 0; j < 64; j++)
        v[j] = cf64(g, exp2(j / 64.0));
    t = LLVMAddGlobal(g->mod, LLVMArrayType(g->f64, 64), "hgnn_exp2_64");
    LLVMSetInitializer(t, LLVMConstArray(g->f64, v, 64));
    LLVMSetGlobalConstant(t, 1);
    LLVMSetLinkage(t, LLVMInternalLinkage);
    return t;
}

// e^x in double, inline, so that a loop calling it can be vectorised and needs no call (libm's
// exp): x = (64 m + j) ln2 / 64 + r with |r| <= ln2 / 128 (Cody-Waite, ln2 / 64 in two parts),
// e^x = 2^m 2^(j/64) e^r, e^r - 1 = r + r^2/2 + ... + r^5/120 (truncation < 4e-17 relative),
// 2^(j/64) from a table, 2^m added to its exponent bits (2^(m-1) * 2 near the top). Differs
// from libm's exp by rounding only: at most 1 ulp over 2e7 random x in [-708, 709.7] (checked
// against glibc's exp while writing it); results below 2^-1022 (x < -708.39, subnormal in
// libm) are 0; x > 709.78 gives +inf, -inf gives 0, NaN stays NaN.
static LLVMValueRef exp_ir(Cg *g, LLVMBuilderRef b, LLVMValueRef x) {
    const double lo = -708.39641853226408, hi = 709.78271289338397, shift = 0x1.8p52;
    LLVMValueRef below = LLVMBuildFCmp(b, LLVMRealOLT, x, cf64(g, lo), "");
    LLVMValueRef above = LLVMBuildFCmp(b, LLVMRealOGT, x, cf64(g, hi), "");
    LLVMValueRef xc = LLVMBuildSelect(b, below, cf64(g, lo), x, "");
    xc = LLVMBuildSelect(b, above, cf64(g, hi), xc, "");
    // t = shift + k: the fma rounds 64 x / ln2 to the integer k in t's low mantissa bits
    LLVMValueRef t = fma64(g, b, xc, cf64(g, 64 / M_LN2), cf64(g, shift));
    LLVMValueRef kd = LLVMBuildFNeg(b, LLVMBuildFSub(b, t, cf64(g, shift), ""), "");
    LLVMValueRef r = fma64(g, b, kd, cf64(g, 0x1.62e42fefa39efp-1 / 64), xc);
    r = fma64(g, b, kd, cf64(g, 0x1.abc9e3b39803fp-56 / 64), r);
    // q = e^r - 1 = r + r^2/2 + r^3 (1/6 + r/24 + r^2/120)
    LLVMValueRef r2 = LLVMBuildFMul(b, r, r, "");
    LLVMValueRef c = fma64(g, b, r2, cf64(g, 1.0 / 120),
                           fma64(g, b, r, cf64(g, 1.0 / 24), cf64(g, 1.0 / 6)));
    LLVMValueRef q = fma64(g, b, r2, LLVMBuildFMul(b, c, r, ""), fma64(g, b, r2, cf64(g, 0.5), r));
    LLVMValueRef k = LLVMBuildSub(b, LLVMBuildBitCast(b, t, g->i64, ""),
                                  LLVMConstInt(g->i64, 0x4338000000000000ull, 0), "");
    LLVMValueRef big = LLVMBuildICmp(b, LLVMIntSGT, k, ci64(g, 1000 * 64), "");
    k = LLVMBuildSelect(b, big, LLVMBuildSub(b, k, ci64(g, 64), ""), k, "");
    LLVMValueRef idx[2] = {ci64(g, 0), LLVMBuildAnd(b, k, ci64(g, 63), "")};
    LLVMValueRef tj = LLVMBuildLoad2(
        b, g->i64, LLVMBuildInBoundsGEP2(b, LLVMArrayType(g->f64, 64), exp_table(g), idx, 2, ""),
        "");
    LLVMValueRef m = LLVMBuildShl(b, LLVMBuildAShr(b, k, ci64(g, 6), ""), ci64(g, 52), "");
    LLVMValueRef scale = LLVMBuildBitCast(b, LLVMBuildAdd(b, tj, m, ""), g->f64, "");
    LLVMValueRef y = fma64(g, b, scale, q, scale);
    y = LLVMBuildSelect(b, big, LLVMBuildFMul(b, y, cf64(g, 2), ""), y, "");
    y = LLVMBuildSelect(b, below, cf64(g, 0), y, "");
    return LLVMBuildSelect(b, above, cf64(g, __builtin_inf()), y, "");
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
    case K_GEMM_NN: case K_GEMM_NT: return "ppplf";                    // c, a, b, m, beta
    case K_GEMM_TN: return "ppplfll";                           // c, a, b, k, beta, ulo, uhi
    case IR_GATHER: return "pppl";                                        // out, table, idx, n
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
    // out, hs, as, ad, dy, ptr, src, nd, p, slope, seed, salt
    case IR_GAT_GRAD_DST: return "ppppppplffll";
    // out, as, ad, dy, ptr, src, nd, ns, p, slope, seed, salt
    case IR_GAT_AGG_T: return "ppppppllffll";
    // out, hs, as, ad, dy, ptr, src, nd, ns, p, slope, seed, salt
    case IR_GAT_GRAD_SRC: return "pppppppllffll";
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

static LLVMValueRef c64(Cg *g, double v) { return LLVMConstReal(g->f64, v); }

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
        LLVMValueRef e = call_libm(g, b, "erf", LLVMBuildFMul(b, d, c64(g, M_SQRT1_2), ""));
        LLVMValueRef cdf = LLVMBuildFMul(b, c64(g, 0.5), LLVMBuildFAdd(b, c64(g, 1), e, ""), "");
        LLVMValueRef v;
        if (op == IR_GELU) {
            v = LLVMBuildFMul(b, d, cdf, "");
        } else {
            LLVMValueRef sq = LLVMBuildFMul(b, c64(g, -0.5), LLVMBuildFMul(b, d, d, ""), "");
            LLVMValueRef pdf = LLVMBuildFMul(b, call_libm(g, b, "exp", sq),
                                             c64(g, 0.5 * M_2_SQRTPI * M_SQRT1_2), "");
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
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
        LLVMValueRef xv = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), add(b, row, j)), g->f64,
                                         "");
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, LLVMBuildFMul(b, xv, xv, ""), ""));
        LLVMValueRef s = lc.acc, nrm = call_libm(g, b, "sqrt", s);
        LLVMValueRef big = LLVMBuildFCmp(b, LLVMRealOGT, nrm, c64(g, 1e-12), "");
        LLVMValueRef d = LLVMBuildSelect(b, big, nrm, c64(g, 1e-12), ""), k = NULL;
        if (grad) {
            j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
            LLVMValueRef at = add(b, row, j);
            LLVMValueRef p = LLVMBuildFMul(
                b, LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), at), g->f64, ""),
                LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), at), g->f64, ""), "");
            loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, p, ""));
            k = LLVMBuildSelect(b, big, LLVMBuildFDiv(b, lc.acc, s, ""), c64(g, 0), "");
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
        LLVMValueRef Cd = c64(g, (double)c);
#define XV(at) LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), (at)), g->f64, "")
#define DYV(at) LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), (at)), g->f64, "")
        LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, XV(add(b, row, j)), ""));
        LLVMValueRef mu = LLVMBuildFDiv(b, lc.acc, Cd, "mu");
        j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
        LLVMValueRef dv = LLVMBuildFSub(b, XV(add(b, row, j)), mu, "");
        loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, LLVMBuildFMul(b, dv, dv, ""), ""));
        LLVMValueRef s = call_libm(g, b, "sqrt", LLVMBuildFAdd(b, LLVMBuildFDiv(b, lc.acc, Cd, ""),
                                                              c64(g, 1e-5), ""));
        LLVMValueRef md = NULL, mdy = NULL;
        if (grad) {
            j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
            loop_close(g, b, &lc, LLVMBuildFAdd(b, lc.acc, DYV(add(b, row, j)), ""));
            md = LLVMBuildFDiv(b, lc.acc, Cd, "md");
            j = loop_open(g, b, &lc, ci64(g, 0), C, c64(g, 0));
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
        b, LLVMBuildFDiv(b, c64(g, 1), LLVMBuildFSub(b, c64(g, 1), LLVMBuildFPExt(b, p, g->f64, ""),
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

// gather: out[i] = table[idx[i]]; scatter_add: out = 0, out[idx[i]] += src[i], on the output
// rows [P(5), P(6)) only (see if_row_in). A scatter given zn >= 0 (a sparse gradient, see
// HGNN_RUN_TRAIN_SPARSE) zeros only the rows idx[0..zn) names, not all of its rows.
static void build_index(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c);
    if (op == IR_SCATTER_ADD) {
        LLVMBasicBlockRef dense = LLVMAppendBasicBlockInContext(g->ctx, fn, "dense_zero");
        LLVMBasicBlockRef sparse = LLVMAppendBasicBlockInContext(g->ctx, fn, "sparse_zero");
        LLVMBasicBlockRef join = LLVMAppendBasicBlockInContext(g->ctx, fn, "zeroed");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, P(7), ci64(g, 0), ""), dense, sparse);
        LLVMPositionBuilderAtEnd(b, dense);
        zero_rows(g, b, P(0), c, P(5), P(6));
        LLVMBuildBr(b, join);
        LLVMPositionBuilderAtEnd(b, sparse);
        Loop lz;
        LLVMValueRef i = loop_open(g, b, &lz, ci64(g, 0), P(7), NULL);
        LLVMValueRef at = load_idx(g, b, P(2), i);
        LLVMBasicBlockRef next = if_row_in(g, b, at, P(5), P(6));
        zero_fill(g, b, gep(g, b, g->f32, P(0), mul(b, at, C)), C);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
        loop_close(g, b, &lz, NULL);
        LLVMBuildBr(b, join);
        LLVMPositionBuilderAtEnd(b, join);
    }
    Loop li, lc;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), P(3), NULL);
    LLVMValueRef at = load_idx(g, b, P(2), i);
    LLVMBasicBlockRef next = op == IR_SCATTER_ADD ? if_row_in(g, b, at, P(5), P(6)) : NULL;
    LLVMValueRef src_row = mul(b, i, C), dst_row = mul(b, at, C);
    if (op == IR_GATHER) {
        LLVMValueRef t = src_row;
        src_row = dst_row;
        dst_row = t;
    }
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef v = load_at(g, b, g->f32, P(1), add(b, src_row, j));
    LLVMValueRef dst = gep(g, b, g->f32, P(0), add(b, dst_row, j));
    if (op == IR_SCATTER_ADD)
        v = LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, "");
    LLVMBuildStore(b, v, dst);
    loop_close(g, b, &lc, NULL);
    if (next) {
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &li, NULL);
}

// Aggregation over the CSR edge lists of one edge type: for destination i, its edges are
// [ptr[i], ptr[i+1]) and src[k] names the source row; agg_wsum scales edge k's message by w[k].
static void build_agg(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool wsum = op == IR_AGG_WSUM;
    LLVMValueRef C = ci64(g, c), out = P(0), x = P(1), eptr = P(2), esrc = P(3);
    LLVMValueRef w = wsum ? P(4) : NULL, nd = P(4 + wsum);
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

// The arguments of a GAT kernel, by name (their positions differ by op; see cg_kernel_sig).
typedef struct GatArgs {
    LLVMValueRef out, hs, as, ad, dy, eptr, esrc, nd, ns;
    LLVMValueRef p, slope, seed, salt;  // f64 p and slope, i64 seed and salt
    LLVMValueRef inv;                   // f64 1 / (1 - p)
    int64_t H, HC, C;
    bool drop;                          // the copy of the loops for p > 0 (else keep_k = 1)
} GatArgs;

// The dropout factor of edge k, head h: interp.c's gat_keep, in the same integer steps, so
// generated code and the oracle drop the same edges.
static LLVMValueRef gat_keep(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef k,
                             LLVMValueRef h) {
    if (!a->drop)
        return c64(g, 1);
    LLVMValueRef z = LLVMBuildXor(b, a->seed, LLVMBuildShl(b, a->salt, ci64(g, 52), ""), "");
    z = LLVMBuildXor(b, z, LLVMBuildShl(b, h, ci64(g, 44), ""), "");
    z = LLVMBuildXor(b, z, k, "");
    z = LLVMBuildAdd(b, z, LLVMConstInt(g->i64, 0x9E3779B97F4A7C15ull, 0), "");
    z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 30), ""), ""),
                     LLVMConstInt(g->i64, 0xBF58476D1CE4E5B9ull, 0), "");
    z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 27), ""), ""),
                     LLVMConstInt(g->i64, 0x94D049BB133111EBull, 0), "");
    z = LLVMBuildXor(b, z, LLVMBuildLShr(b, z, ci64(g, 31), ""), "");
    LLVMValueRef u = LLVMBuildFMul(b, LLVMBuildUIToFP(b, LLVMBuildLShr(b, z, ci64(g, 40), ""),
                                                      g->f64, ""),
                                   c64(g, 0x1p-24), "");
    LLVMValueRef kept = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGE, u, a->p, ""), a->inv,
                                        c64(g, 0), "");
    return LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, a->p, c64(g, 0), ""), kept,
                           c64(g, 1), "");
}

// leaky_relu(as_jh + ad_ih) in double; *z receives the sum.
static LLVMValueRef gat_logit(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef j,
                              LLVMValueRef h, LLVMValueRef adv, LLVMValueRef *z) {
    LLVMValueRef asv = load_at(g, b, g->f32, a->as, add(b, mul(b, j, ci64(g, a->H)), h));
    LLVMValueRef s = LLVMBuildFAdd(b, LLVMBuildFPExt(b, asv, g->f64, ""), adv, "");
    if (z)
        *z = s;
    return LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, s, c64(g, 0), ""), s,
                           LLVMBuildFMul(b, a->slope, s, ""), "");
}

// <dy_i,h, hs_j,h> in double.
static LLVMValueRef gat_dot(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef i,
                            LLVMValueRef j, LLVMValueRef h) {
    Loop lc;
    LLVMValueRef hc0 = mul(b, h, ci64(g, a->C));
    LLVMValueRef di = add(b, mul(b, i, ci64(g, a->HC)), hc0);
    LLVMValueRef sj = add(b, mul(b, j, ci64(g, a->HC)), hc0);
    if (a->C % 8 == 0) {
        // In <8 x double> lanes, then the lanes' sum: the order is fixed at compile time.
        LLVMTypeRef v8f = LLVMVectorType(g->f32, 8), v8d = LLVMVectorType(g->f64, 8);
        LLVMValueRef c = loop_open(g, b, &lc, ci64(g, 0), ci64(g, a->C / 8), LLVMConstNull(v8d));
        LLVMValueRef x[2];
        for (int t = 0; t < 2; t++) {
            LLVMValueRef at = add(b, t ? sj : di, mul(b, c, ci64(g, 8)));
            LLVMValueRef ld = LLVMBuildLoad2(b, v8f, gep(g, b, g->f32, t ? a->hs : a->dy, at), "");
            LLVMSetAlignment(ld, 4);
            x[t] = LLVMBuildFPExt(b, ld, v8d, "");
        }
        loop_close(g, b, &lc, cg_fma_acc(b, lc.acc, x[0], x[1]));
        unsigned id = LLVMLookupIntrinsicID("llvm.vector.reduce.fadd", 23);
        LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &v8d, 1);
        LLVMTypeRef args[2] = {g->f64, v8d};
        LLVMValueRef xs[2] = {c64(g, 0), lc.acc};
        LLVMValueRef r = LLVMBuildCall2(b, LLVMFunctionType(g->f64, args, 2, 0), f, xs, 2, "");
        LLVMSetFastMathFlags(r, LLVMFastMathAllowReassoc);
        return r;
    }
    LLVMValueRef c = loop_open(g, b, &lc, ci64(g, 0), ci64(g, a->C), c64(g, 0));
    // A reduction: reassociation lets the vectoriser split it into lanes (as rowdot's); the
    // order is fixed at compile time, so results still do not depend on threads.
    LLVMValueRef s = cg_fma_acc(
        b, lc.acc, LLVMBuildFPExt(b, load_at(g, b, g->f32, a->dy, add(b, di, c)), g->f64, ""),
        LLVMBuildFPExt(b, load_at(g, b, g->f32, a->hs, add(b, sj, c)), g->f64, ""));
    loop_close(g, b, &lc, s);
    return lc.acc;
}

// One more accumulator of loop l, a phi in its header starting at init; acc_step gives its next
// value, in the loop's latch block (after any inner loop), before loop_close. After the loop it
// holds the final value.
static LLVMValueRef acc_open(LLVMBuilderRef b, Loop *l, LLVMValueRef init) {
    LLVMBasicBlockRef body = LLVMGetInsertBlock(b), pre = LLVMGetIncomingBlock(l->iv, 0);
    LLVMPositionBuilder(b, l->head, l->iv);
    LLVMValueRef phi = LLVMBuildPhi(b, LLVMTypeOf(init), "acc");
    LLVMAddIncoming(phi, &init, &pre, 1);
    LLVMPositionBuilderAtEnd(b, body);
    return phi;
}

static void acc_step(LLVMBuilderRef b, LLVMValueRef phi, LLVMValueRef next) {
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(phi, &next, &latch, 1);
}

// build_gat's loops: destinations i, then their edges k, then the heads h (unrolled: H is a
// constant <= 64), so each edge's source row is read once for all heads; the per-head column
// loops have constant trip counts and vectorise. The quantities are named in build_gat's comment.
static void gat_loops(Cg *g, IrOp op, GatArgs *ap) {
    LLVMBuilderRef b = g->kb;
    GatArgs a = *ap;
    int H = (int)a.H;
    assert(H >= 1 && H <= 64);
    Loop li, lk, lc;
    LLVMValueRef adv[64], hv[64], mx[64], sum[64], acc[3][64], rden[64], cc[64], z;
    LLVMValueRef sum_next[64], acc_next[3][64];  // their values for the next edge
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), a.nd, NULL);
    LLVMValueRef lo = load_idx(g, b, a.eptr, i), hi = load_idx(g, b, a.eptr, add(b, i, ci64(g, 1)));
    LLVMValueRef irow = mul(b, i, ci64(g, a.HC));
    if (op == IR_GAT_AGG)
        zero_fill(g, b, gep(g, b, g->f32, a.out, irow), ci64(g, a.HC));
    for (int h = 0; h < H; h++) {
        hv[h] = ci64(g, h);
        adv[h] = LLVMBuildFPExt(b, load_at(g, b, g->f32, a.ad, add(b, mul(b, i, ci64(g, a.H)),
                                                                  hv[h])), g->f64, "");
    }
    // the softmax's max per head
    LLVMValueRef kk = loop_open(g, b, &lk, lo, hi, NULL), j;
    for (int h = 0; h < H; h++)
        mx[h] = acc_open(b, &lk, c64(g, -__builtin_inf()));
    j = load_idx(g, b, a.esrc, kk);
    for (int h = 0; h < H; h++) {
        LLVMValueRef e = gat_logit(g, b, &a, j, hv[h], adv[h], NULL);
        acc_step(b, mx[h], LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, e, mx[h], ""), e,
                                           mx[h], ""));
    }
    loop_close(g, b, &lk, NULL);
    // One pass: e_k and S, with gat_agg's unscaled row sum, gat_grad_dst's A, B, D and
    // gat_grad_src's A.
    int nacc = op == IR_GAT_GRAD_DST ? 3 : op == IR_GAT_GRAD_SRC ? 1 : 0;
    kk = loop_open(g, b, &lk, lo, hi, NULL);
    for (int h = 0; h < H; h++) {
        sum[h] = acc_open(b, &lk, c64(g, 0));
        for (int q = 0; q < nacc; q++)
            acc[q][h] = acc_open(b, &lk, c64(g, 0));
    }
    j = load_idx(g, b, a.esrc, kk);
    LLVMValueRef jrow = mul(b, j, ci64(g, a.HC));
    for (int h = 0; h < H; h++) {
        LLVMValueRef e = gat_logit(g, b, &a, j, hv[h], adv[h], &z);
        LLVMValueRef ek = exp_ir(g, b, LLVMBuildFSub(b, e, mx[h], ""));
        sum_next[h] = LLVMBuildFAdd(b, sum[h], ek, "");
        if (op == IR_GAT_AGG) {  // out_i,h += e_k keep_k hs_j,h
            LLVMValueRef w = LLVMBuildFPTrunc(
                b, LLVMBuildFMul(b, ek, gat_keep(g, b, &a, kk, hv[h]), ""), g->f32, "w");
            LLVMValueRef c = add(b, loop_open(g, b, &lc, ci64(g, 0), ci64(g, a.C), NULL),
                                 ci64(g, h * a.C));
            LLVMValueRef dst = gep(g, b, g->f32, a.out, add(b, irow, c));
            LLVMValueRef v = LLVMBuildFMul(b, w, load_at(g, b, g->f32, a.hs, add(b, jrow, c)), "");
            LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, ""), dst);
            loop_close(g, b, &lc, NULL);
        } else if (nacc) {
            LLVMValueRef eg = LLVMBuildFMul(b, ek, LLVMBuildFMul(
                b, gat_keep(g, b, &a, kk, hv[h]), gat_dot(g, b, &a, i, j, hv[h]), ""), "");
            acc_next[0][h] = LLVMBuildFAdd(b, acc[0][h], eg, "");
            if (nacc == 3) {
                LLVMValueRef d = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, z, c64(g, 0), ""),
                                                 c64(g, 1), a.slope, "");
                acc_next[1][h] = LLVMBuildFAdd(b, acc[1][h], LLVMBuildFMul(b, eg, d, ""), "");
                acc_next[2][h] = LLVMBuildFAdd(b, acc[2][h], LLVMBuildFMul(b, ek, d, ""), "");
            }
        }
    }
    for (int h = 0; h < H; h++) {  // in the latch, after any inner loop
        acc_step(b, sum[h], sum_next[h]);
        for (int q = 0; q < nacc; q++)
            acc_step(b, acc[q][h], acc_next[q][h]);
    }
    loop_close(g, b, &lk, NULL);
    for (int h = 0; h < H; h++) {
        LLVMValueRef den = LLVMBuildFAdd(b, sum[h], c64(g, 1e-16), "den");
        rden[h] = LLVMBuildFDiv(b, c64(g, 1), den, "rden");
        cc[h] = nacc ? LLVMBuildFMul(b, acc[0][h], rden[h], "cc") : NULL;
        if (op == IR_GAT_AGG) {  // out_i,h /= den
            LLVMValueRef r = LLVMBuildFPTrunc(b, rden[h], g->f32, "");
            LLVMValueRef c = add(b, loop_open(g, b, &lc, ci64(g, 0), ci64(g, a.C), NULL),
                                 ci64(g, h * a.C));
            LLVMValueRef cell = gep(g, b, g->f32, a.out, add(b, irow, c));
            LLVMBuildStore(b, LLVMBuildFMul(b, LLVMBuildLoad2(b, g->f32, cell, ""), r, ""), cell);
            loop_close(g, b, &lc, NULL);
        } else if (op == IR_GAT_GRAD_DST) {  // out_ih = (B - cc D) / den
            LLVMValueRef cd = LLVMBuildFMul(b, cc[h], acc[2][h], "");
            LLVMValueRef bd = LLVMBuildFSub(b, acc[1][h], cd, "");
            LLVMValueRef r = LLVMBuildFDiv(b, bd, den, "");
            store_at(g, b, g->f32, LLVMBuildFPTrunc(b, r, g->f32, ""), a.out,
                     add(b, mul(b, i, ci64(g, a.H)), hv[h]));
        }
    }
    if (op == IR_GAT_AGG_T || op == IR_GAT_GRAD_SRC) {  // the scatter into the sources j
        kk = loop_open(g, b, &lk, lo, hi, NULL);
        j = load_idx(g, b, a.esrc, kk);
        jrow = mul(b, j, ci64(g, a.HC));
        for (int h = 0; h < H; h++) {
            LLVMValueRef e = gat_logit(g, b, &a, j, hv[h], adv[h], &z);
            LLVMValueRef alpha = LLVMBuildFMul(b, exp_ir(g, b, LLVMBuildFSub(b, e, mx[h], "")),
                                               rden[h], "alpha");
            LLVMValueRef keep = gat_keep(g, b, &a, kk, hv[h]);
            if (op == IR_GAT_AGG_T) {  // out_j,h += alpha_k keep_k dy_i,h
                LLVMValueRef w = LLVMBuildFPTrunc(b, LLVMBuildFMul(b, alpha, keep, ""), g->f32,
                                                  "w");
                LLVMValueRef c = add(b, loop_open(g, b, &lc, ci64(g, 0), ci64(g, a.C), NULL),
                                     ci64(g, h * a.C));
                LLVMValueRef dst = gep(g, b, g->f32, a.out, add(b, jrow, c));
                LLVMValueRef v = LLVMBuildFMul(b, w, load_at(g, b, g->f32, a.dy, add(b, irow, c)),
                                               "");
                LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, ""), dst);
                loop_close(g, b, &lc, NULL);
            } else {  // out_jh += dz_k = alpha_k (g_k - cc) d_k
                LLVMValueRef gk = LLVMBuildFMul(b, keep, gat_dot(g, b, &a, i, j, hv[h]), "");
                LLVMValueRef d = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, z, c64(g, 0), ""),
                                                 c64(g, 1), a.slope, "");
                LLVMValueRef dz = LLVMBuildFMul(
                    b, LLVMBuildFMul(b, alpha, LLVMBuildFSub(b, gk, cc[h], ""), ""), d, "dz");
                LLVMValueRef dst = gep(g, b, g->f32, a.out, add(b, mul(b, j, ci64(g, a.H)), hv[h]));
                LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""),
                                                LLVMBuildFPTrunc(b, dz, g->f32, ""), ""), dst);
            }
        }
        loop_close(g, b, &lk, NULL);
    }
    loop_close(g, b, &li, NULL);
}

// The GAT kernels (interp.c: eval_gat is the oracle), per destination i and head h, in double:
// the softmax's max mx over i's edges, e_k = exp(l_k - mx), S = sum_k e_k, alpha_k = e_k / den
// with den = S + 1e-16 (PyG's), g_k = keep_k <dy_i,h, hs_j,h>, cc = sum_k alpha_k g_k =
// A / den with A = sum_k e_k g_k, d_k = leaky_relu'(z_k), dz_k = alpha_k (g_k - cc) d_k:
//   gat_agg:      out_i,h = (sum_k e_k keep_k hs_j,h) / den    one pass after mx (rows in parallel)
//   gat_grad_dst: out_ih = sum_k dz_k = (B - cc D) / den, B = sum_k e_k g_k d_k,
//                 D = sum_k e_k d_k                           one pass after mx (rows in parallel)
//   gat_agg_t:    out_j,h += alpha_k keep_k dy_i,h            S, then the scatter (serial)
//   gat_grad_src: out_jh += dz_k                              S and A, then the scatter (serial)
// Each pass computes e_k once per edge and head (exp_ir, inline); gat_loops handles an edge's
// heads together. key = H * HEAD_KEY + H * C.
static void build_gat(Cg *g, IrOp op, int64_t key, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    GatArgs a = {.H = key / HEAD_KEY, .HC = key % HEAD_KEY};
    a.C = a.HC / a.H;
    int k = 0;
    a.out = P(k++);
    if (op != IR_GAT_AGG_T)
        a.hs = P(k++);
    a.as = P(k++);
    a.ad = P(k++);
    if (op != IR_GAT_AGG)
        a.dy = P(k++);
    a.eptr = P(k++);
    a.esrc = P(k++);
    a.nd = P(k++);
    if (op == IR_GAT_AGG_T || op == IR_GAT_GRAD_SRC)
        a.ns = P(k++);
    a.p = LLVMBuildFPExt(b, P(k++), g->f64, "p");
    a.slope = LLVMBuildFPExt(b, P(k++), g->f64, "slope");
    a.seed = P(k++);
    a.salt = P(k++);
    a.inv = LLVMBuildFDiv(b, c64(g, 1), LLVMBuildFSub(b, c64(g, 1), a.p, ""), "inv");
    int64_t ocols = op == IR_GAT_AGG || op == IR_GAT_AGG_T ? a.HC : a.H;
    if (a.ns)
        zero_fill(g, b, a.out, mul(b, a.ns, ci64(g, ocols)));
    // Two copies of the loops: with attention dropout, and without (no mask hash per edge).
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(g->ctx, fn, "drop");
    LLVMBasicBlockRef no = LLVMAppendBasicBlockInContext(g->ctx, fn, "nodrop");
    LLVMBasicBlockRef end = LLVMAppendBasicBlockInContext(g->ctx, fn, "end");
    LLVMBuildCondBr(b, LLVMBuildFCmp(b, LLVMRealOGT, a.p, c64(g, 0), ""), yes, no);
    for (int d = 1; d >= 0; d--) {
        LLVMPositionBuilderAtEnd(b, d ? yes : no);
        a.drop = d;
        gat_loops(g, op, &a);
        LLVMBuildBr(b, end);
    }
    LLVMPositionBuilderAtEnd(b, end);
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

// Rows [i, i + R) of c += sum over k in [klo, khi) of a(i + r, k) bt[k][.], with a(r, k) at
// a[r * sa_r + k * sa_k] and bt row-major [. x N]; c starts from itself when load_c, else 0.
// The accumulators, R x N/16 vectors, stay in registers across the k loop: per k, N/16 vector
// loads of bt serve R rows of FMAs. The loop runs at least once (klo < khi).
static void gemm_rows(Cg *g, LLVMValueRef fn, LLVMValueRef bt, LLVMValueRef i, int R,
                      LLVMValueRef klo, LLVMValueRef khi, int64_t sa_r, int64_t sa_k, int64_t N,
                      LLVMValueRef load_c) {
    LLVMBuilderRef b = g->kb;
    LLVMTypeRef v16 = LLVMVectorType(g->f32, 16);
    LLVMValueRef fma = LLVMGetIntrinsicDeclaration(g->mod, LLVMLookupIntrinsicID("llvm.fma", 8),
                                                   &v16, 1);
    LLVMTypeRef fma_ty = LLVMFunctionType(v16, (LLVMTypeRef[]){v16, v16, v16}, 3, 0);
    LLVMValueRef c = LLVMGetParam(fn, 0), a = LLVMGetParam(fn, 1);
    int V = (int)(N / 16);
    LLVMValueRef acc[4][4], init[4][4];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            LLVMValueRef p = gep(g, b, g->f32, c, add(b, mul(b, add(b, i, ci64(g, r)), ci64(g, N)),
                                                      ci64(g, 16 * v)));
            LLVMValueRef old = LLVMBuildLoad2(b, v16, p, "");
            LLVMSetAlignment(old, 4);
            init[r][v] = LLVMBuildSelect(b, load_c, old, LLVMConstNull(v16), "");
        }
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
    LLVMBasicBlockRef head = LLVMAppendBasicBlockInContext(g->ctx, fn, "gemm_k");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "gemm_store");
    LLVMBuildBr(b, head);
    LLVMPositionBuilderAtEnd(b, head);
    LLVMValueRef k = LLVMBuildPhi(b, g->i64, "k");
    LLVMAddIncoming(k, &klo, &pre, 1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            acc[r][v] = LLVMBuildPhi(b, v16, "acc");
            LLVMAddIncoming(acc[r][v], &init[r][v], &pre, 1);
        }
    LLVMValueRef bv[4];
    for (int v = 0; v < V; v++) {
        LLVMValueRef p = gep(g, b, g->f32, bt, add(b, mul(b, k, ci64(g, N)), ci64(g, 16 * v)));
        bv[v] = LLVMBuildLoad2(b, v16, p, "");
        LLVMSetAlignment(bv[v], 4);
    }
    LLVMValueRef next[4][4];
    LLVMValueRef mask = LLVMConstNull(LLVMVectorType(g->i32, 16));
    for (int r = 0; r < R; r++) {
        LLVMValueRef ai = add(b, mul(b, add(b, i, ci64(g, r)), ci64(g, sa_r)),
                              mul(b, k, ci64(g, sa_k)));
        LLVMValueRef s1 = load_at(g, b, g->f32, a, ai);
        LLVMValueRef one = LLVMBuildInsertElement(b, LLVMGetUndef(v16), s1, ci32(g, 0), "");
        LLVMValueRef splat = LLVMBuildShuffleVector(b, one, LLVMGetUndef(v16), mask, "");
        for (int v = 0; v < V; v++) {
            LLVMValueRef args[3] = {splat, bv[v], acc[r][v]};
            next[r][v] = LLVMBuildCall2(b, fma_ty, fma, args, 3, "");
        }
    }
    LLVMValueRef k1 = LLVMBuildNSWAdd(b, k, ci64(g, 1), "");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(k, &k1, &latch, 1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++)
            LLVMAddIncoming(acc[r][v], &next[r][v], &latch, 1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, k1, khi, ""), head, done);
    LLVMPositionBuilderAtEnd(b, done);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            LLVMValueRef p = gep(g, b, g->f32, c, add(b, mul(b, add(b, i, ci64(g, r)), ci64(g, N)),
                                                      ci64(g, 16 * v)));
            LLVMSetAlignment(LLVMBuildStore(b, next[r][v], p), 4);
        }
}

// ---- bf16 products (Cg.bf16: CodegenOptions.precision) -------------------------------------
// The operands are rounded to bf16 and multiplied in pairs by vdpbf16ps, which adds to each fp32
// lane l of its accumulator a[2l] b[2l] + a[2l+1] b[2l+1]: both operands are packed as pairs
// along the sum, one 32-bit word (low half the even term) per pair, and a's pair is broadcast.
// The sums stay fp32, as torch.autocast(device_type="cpu", dtype=torch.bfloat16) does.

// x's bf16 bits (in the low half of an i32), rounded to nearest even as torch's
// c10::BFloat16(float) does; a NaN stays a quiet NaN.
static LLVMValueRef bf16_bits(Cg *g, LLVMBuilderRef b, LLVMValueRef x) {
    LLVMValueRef u = LLVMBuildBitCast(b, x, g->i32, "");
    LLVMValueRef odd = LLVMBuildAnd(b, LLVMBuildLShr(b, u, ci32(g, 16), ""), ci32(g, 1), "");
    LLVMValueRef r = LLVMBuildAdd(b, u, LLVMBuildAdd(b, odd, ci32(g, 0x7fff), ""), "");
    LLVMValueRef rne = LLVMBuildLShr(b, r, ci32(g, 16), "");
    LLVMValueRef qnan = LLVMBuildOr(b, LLVMBuildLShr(b, u, ci32(g, 16), ""), ci32(g, 0x40), "");
    LLVMValueRef nan = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
    return LLVMBuildSelect(b, nan, qnan, rne, "");
}

// One packed pair: lo's bf16 in the low half, hi's (NULL: zero, the pad of an odd count) above.
static LLVMValueRef bf16_pair(Cg *g, LLVMBuilderRef b, LLVMValueRef lo, LLVMValueRef hi) {
    LLVMValueRef w = bf16_bits(g, b, lo);
    if (hi)
        w = LLVMBuildOr(b, w, LLVMBuildShl(b, bf16_bits(g, b, hi), ci32(g, 16), ""), "");
    return w;
}

// Rows [ic, ic + R) of c += sum over pairs p in [0, np) of a2(r, p) . bt2[p][.], with a2(r, p) at
// a2[(ia + r) * sa_r + p * sa_p] and bt2 [np x N] packed pairs; c starts from itself when load_c,
// else 0. gemm_rows with vdpbf16ps: per pair, N/16 loads of bt2 serve R rows. Runs at least once.
static void gemm_rows_bf16(Cg *g, LLVMValueRef fn, LLVMValueRef bt2, LLVMValueRef a2,
                           LLVMValueRef ia, LLVMValueRef ic, int R, LLVMValueRef np,
                           LLVMValueRef sa_r, LLVMValueRef sa_p, int64_t N, LLVMValueRef load_c) {
    LLVMBuilderRef b = g->kb;
    LLVMTypeRef v16 = LLVMVectorType(g->f32, 16), w16 = LLVMVectorType(g->i32, 16);
    LLVMTypeRef h32 = LLVMVectorType(LLVMBFloatTypeInContext(g->ctx), 32);
    const char *iname = "llvm.x86.avx512bf16.dpbf16ps.512";
    LLVMValueRef dp = LLVMGetIntrinsicDeclaration(
        g->mod, LLVMLookupIntrinsicID(iname, strlen(iname)), NULL, 0);
    LLVMTypeRef dp_ty = LLVMFunctionType(v16, (LLVMTypeRef[]){v16, h32, h32}, 3, 0);
    LLVMValueRef c = LLVMGetParam(fn, 0);
    int V = (int)(N / 16);
    LLVMValueRef acc[4][4], init[4][4], next[4][4], bv[4];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            LLVMValueRef p = gep(g, b, g->f32, c, add(b, mul(b, add(b, ic, ci64(g, r)),
                                                             ci64(g, N)), ci64(g, 16 * v)));
            LLVMValueRef old = LLVMBuildLoad2(b, v16, p, "");
            LLVMSetAlignment(old, 4);
            init[r][v] = LLVMBuildSelect(b, load_c, old, LLVMConstNull(v16), "");
        }
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
    LLVMBasicBlockRef head = LLVMAppendBasicBlockInContext(g->ctx, fn, "gemm_p");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "gemm_store");
    LLVMBuildBr(b, head);
    LLVMPositionBuilderAtEnd(b, head);
    LLVMValueRef k = LLVMBuildPhi(b, g->i64, "p");
    LLVMValueRef zero = ci64(g, 0);
    LLVMAddIncoming(k, &zero, &pre, 1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            acc[r][v] = LLVMBuildPhi(b, v16, "acc");
            LLVMAddIncoming(acc[r][v], &init[r][v], &pre, 1);
        }
    for (int v = 0; v < V; v++) {
        LLVMValueRef p = gep(g, b, g->i32, bt2, add(b, mul(b, k, ci64(g, N)), ci64(g, 16 * v)));
        LLVMValueRef w = LLVMBuildLoad2(b, w16, p, "");
        LLVMSetAlignment(w, 4);
        bv[v] = LLVMBuildBitCast(b, w, h32, "");
    }
    LLVMValueRef mask = LLVMConstNull(w16);
    for (int r = 0; r < R; r++) {
        LLVMValueRef ai = add(b, mul(b, add(b, ia, ci64(g, r)), sa_r), mul(b, k, sa_p));
        LLVMValueRef s1 = load_at(g, b, g->i32, a2, ai);
        LLVMValueRef one = LLVMBuildInsertElement(b, LLVMGetUndef(w16), s1, ci32(g, 0), "");
        LLVMValueRef splat = LLVMBuildBitCast(
            b, LLVMBuildShuffleVector(b, one, LLVMGetUndef(w16), mask, ""), h32, "");
        for (int v = 0; v < V; v++) {
            LLVMValueRef args[3] = {acc[r][v], splat, bv[v]};
            next[r][v] = LLVMBuildCall2(b, dp_ty, dp, args, 3, "");
        }
    }
    LLVMValueRef k1 = LLVMBuildNSWAdd(b, k, ci64(g, 1), "");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(k, &k1, &latch, 1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++)
            LLVMAddIncoming(acc[r][v], &next[r][v], &latch, 1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, k1, np, ""), head, done);
    LLVMPositionBuilderAtEnd(b, done);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            LLVMValueRef p = gep(g, b, g->f32, c, add(b, mul(b, add(b, ic, ci64(g, r)),
                                                             ci64(g, N)), ci64(g, 16 * v)));
            LLVMSetAlignment(LLVMBuildStore(b, next[r][v], p), 4);
        }
}

// dst[d0 + j] = pair (src[s0 + j], src[s1 + j]) for j < n: two rows packed into one of pairs,
// contiguous (vectorised); s1 NULL: the pair's high half is zero (the pad of an odd count).
static void pack_rows(Cg *g, LLVMValueRef dst, LLVMValueRef d0, LLVMValueRef src,
                      LLVMValueRef s0, LLVMValueRef s1, LLVMValueRef n) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef j = loop_open(g, b, &l, ci64(g, 0), n, NULL);
    LLVMValueRef lo = load_at(g, b, g->f32, src, add(b, s0, j));
    LLVMValueRef hi = s1 ? load_at(g, b, g->f32, src, add(b, s1, j)) : NULL;
    store_at(g, b, g->i32, bf16_pair(g, b, lo, hi), dst, add(b, d0, j));
    loop_close(g, b, &l, NULL);
}

// Rows [r0, r0 + len) of src [. x ld], `cols` wide from column c0, packed as pairs of rows:
// dst[p * ds + j] = pair (src[r0 + 2p][c0 + j], src[r0 + 2p + 1][c0 + j]), the last pair's high
// half zero when len is odd (len a run-time count).
static void pack_row_pairs(Cg *g, LLVMValueRef dst, LLVMValueRef ds, LLVMValueRef src,
                           LLVMValueRef r0, LLVMValueRef len, LLVMValueRef ld, LLVMValueRef c0,
                           LLVMValueRef cols) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef half = LLVMBuildSDiv(b, len, ci64(g, 2), "");
    LLVMValueRef p = loop_open(g, b, &l, ci64(g, 0), half, NULL);
    LLVMValueRef s0 = add(b, mul(b, add(b, r0, mul(b, p, ci64(g, 2))), ld), c0);
    pack_rows(g, dst, mul(b, p, ds), src, s0, add(b, s0, ld), cols);
    loop_close(g, b, &l, NULL);
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(b));
    LLVMBasicBlockRef odd = LLVMAppendBasicBlockInContext(g->ctx, fn, "odd_row");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "pairs_done");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, len, mul(b, half, ci64(g, 2)), ""), odd, done);
    LLVMPositionBuilderAtEnd(b, odd);
    LLVMValueRef last = add(b, mul(b, add(b, r0, LLVMBuildNSWSub(b, len, ci64(g, 1), "")), ld), c0);
    pack_rows(g, dst, mul(b, half, ds), src, last, NULL, cols);
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
}

// dst[d0 + p] = pair (src[s0 + 2p], src[s0 + 2p + 1]) for p < K / 2, and when K (a constant) is
// odd a last pair (src[s0 + K - 1], 0): one row of K values as K / 2 (rounded up) pairs.
static void pack_row(Cg *g, LLVMValueRef dst, LLVMValueRef d0, LLVMValueRef src,
                     LLVMValueRef s0, int64_t K) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef p = loop_open(g, b, &l, ci64(g, 0), ci64(g, K / 2), NULL);
    LLVMValueRef e = add(b, s0, mul(b, p, ci64(g, 2)));
    LLVMValueRef lo = load_at(g, b, g->f32, src, e);
    LLVMValueRef hi = load_at(g, b, g->f32, src, add(b, e, ci64(g, 1)));
    store_at(g, b, g->i32, bf16_pair(g, b, lo, hi), dst, add(b, d0, p));
    loop_close(g, b, &l, NULL);
    if (K % 2) {
        LLVMValueRef last = load_at(g, b, g->f32, src, add(b, s0, ci64(g, K - 1)));
        store_at(g, b, g->i32, bf16_pair(g, b, last, NULL), dst, add(b, d0, ci64(g, K / 2)));
    }
}

// build_gemm in bf16: b (or b^T) packed once per call into K/2 (rounded up) x N pairs on the
// stack, then each block of four rows of a (or the one row) packed before its products.
static void build_gemm_bf16(Cg *g, bool nt, int64_t K, int64_t N, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef a = LLVMGetParam(fn, 1), src = LLVMGetParam(fn, 2), m = LLVMGetParam(fn, 3);
    LLVMValueRef accum = LLVMBuildFCmp(b, LLVMRealONE, LLVMGetParam(fn, 4), cf32(g, 0), "");
    int64_t K2 = (K + 1) / 2;
    LLVMValueRef bt2 = LLVMBuildArrayAlloca(b, g->i32, ci64(g, K2 * N), "bt2");
    LLVMSetAlignment(bt2, 64);
    LLVMValueRef a2 = LLVMBuildArrayAlloca(b, g->i32, ci64(g, 4 * K2), "a2");
    LLVMSetAlignment(a2, 64);
    if (nt) {
        // b [N x K]: row n gives column n of bt2, through a buffer of K2 pairs.
        LLVMValueRef col = LLVMBuildArrayAlloca(b, g->i32, ci64(g, K2), "col");
        Loop ln, lp;
        LLVMValueRef n = loop_open(g, b, &ln, ci64(g, 0), ci64(g, N), NULL);
        pack_row(g, col, ci64(g, 0), src, mul(b, n, ci64(g, K)), K);
        LLVMValueRef p = loop_open(g, b, &lp, ci64(g, 0), ci64(g, K2), NULL);
        store_at(g, b, g->i32, load_at(g, b, g->i32, col, p), bt2,
                 add(b, mul(b, p, ci64(g, N)), n));
        loop_close(g, b, &lp, NULL);
        loop_close(g, b, &ln, NULL);
    } else {
        // b [K x N]: rows 2p and 2p + 1 give row p of bt2.
        pack_row_pairs(g, bt2, ci64(g, N), src, ci64(g, 0), ci64(g, K), ci64(g, N), ci64(g, 0),
                       ci64(g, N));
    }
    // Four rows at a time while four remain, then one at a time.
    Loop l4, l1;
    LLVMValueRef m4 = LLVMBuildAnd(b, m, ci64(g, ~(int64_t)3), "m4");
    LLVMValueRef i = loop_open(g, b, &l4, ci64(g, 0), LLVMBuildSDiv(b, m4, ci64(g, 4), ""), NULL);
    LLVMValueRef i4 = mul(b, i, ci64(g, 4));
    for (int r = 0; r < 4; r++)
        pack_row(g, a2, ci64(g, r * K2), a, mul(b, add(b, i4, ci64(g, r)), ci64(g, K)), K);
    gemm_rows_bf16(g, fn, bt2, a2, ci64(g, 0), i4, 4, ci64(g, K2), ci64(g, K2), ci64(g, 1), N,
                   accum);
    loop_close(g, b, &l4, NULL);
    i = loop_open(g, b, &l1, m4, m, NULL);
    pack_row(g, a2, ci64(g, 0), a, mul(b, i, ci64(g, K)), K);
    gemm_rows_bf16(g, fn, bt2, a2, ci64(g, 0), i, 1, ci64(g, K2), ci64(g, K2), ci64(g, 1), N,
                   accum);
    loop_close(g, b, &l1, NULL);
}

// Rows of the sum a^T b in bf16 go by chunks of TN_CHUNK_BF16 (even, so that pairs never straddle
// two chunks): each chunk's rows of b, and of a the columns of this slice's output rows, are
// packed as pairs of rows into stack buffers of TN_CHUNK_BF16 / 2 x N and TN_CHUNK_BF16 / 2 x M
// words; the products then read a's pairs down a column of its buffer.
#define TN_CHUNK_BF16 128

static void build_gemm_tn_bf16(Cg *g, int64_t M, int64_t N, LLVMValueRef fn,
                               LLVMValueRef rlo, LLVMValueRef rhi, LLVMValueRef ulo,
                               LLVMValueRef ghi, LLVMValueRef uhi) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef a = LLVMGetParam(fn, 1), bm = LLVMGetParam(fn, 2), K = LLVMGetParam(fn, 3);
    const int64_t CH = TN_CHUNK_BF16, CH2 = TN_CHUNK_BF16 / 2;
    // The buffers are allocated in the entry block, once per call.
    LLVMBuilderRef ab = LLVMCreateBuilderInContext(g->ctx);
    LLVMPositionBuilderBefore(ab, LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn)));
    LLVMValueRef bt2 = LLVMBuildArrayAlloca(ab, g->i32, ci64(g, CH2 * N), "bt2");
    LLVMSetAlignment(bt2, 64);
    LLVMValueRef a2 = LLVMBuildArrayAlloca(ab, g->i32, ci64(g, CH2 * M), "a2");
    LLVMSetAlignment(a2, 64);
    LLVMDisposeBuilder(ab);
    LLVMValueRef yes = LLVMConstInt(LLVMInt1TypeInContext(g->ctx), 1, 0);
    Loop lc, lm;
    LLVMValueRef n_chunks = LLVMBuildSDiv(b, add(b, K, ci64(g, CH - 1)), ci64(g, CH), "");
    LLVMValueRef ch = loop_open(g, b, &lc, ci64(g, 0), n_chunks, NULL);
    LLVMValueRef klo = mul(b, ch, ci64(g, CH)), khi = add(b, klo, ci64(g, CH));
    khi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, khi, K, ""), khi, K, "");
    LLVMValueRef len = LLVMBuildNSWSub(b, khi, klo, "");
    LLVMValueRef np = LLVMBuildSDiv(b, add(b, len, ci64(g, 1)), ci64(g, 2), "");
    pack_row_pairs(g, bt2, ci64(g, N), bm, klo, len, ci64(g, N), ci64(g, 0), ci64(g, N));
    // a2[p][m] for this slice's m in [rlo, rhi), at a2 + p * M + m.
    pack_row_pairs(g, gep(g, b, g->i32, a2, rlo), ci64(g, M), a, klo, len, ci64(g, M), rlo,
                   LLVMBuildNSWSub(b, rhi, rlo, ""));
    LLVMValueRef mb = loop_open(g, b, &lm, ulo, ghi, NULL);
    LLVMValueRef i4 = mul(b, mb, ci64(g, 4));
    gemm_rows_bf16(g, fn, bt2, a2, i4, i4, 4, np, ci64(g, 1), ci64(g, M), N, yes);
    loop_close(g, b, &lm, NULL);
    if (M % 4) {
        LLVMBasicBlockRef tail = LLVMAppendBasicBlockInContext(g->ctx, fn, "tail_rows");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next_chunk");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, uhi, ci64(g, M / 4), ""), tail, next);
        LLVMPositionBuilderAtEnd(b, tail);
        for (int64_t rr = M / 4 * 4; rr < M; rr++)
            gemm_rows_bf16(g, fn, bt2, a2, ci64(g, rr), ci64(g, rr), 1, np, ci64(g, 1),
                           ci64(g, M), N, yes);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &lc, NULL);
}

// c [M x N] (+)= a^T . b for a [K x M], b [K x N] with K rows at run time: the weight adjoint
// dY^T X. K is cut into chunks of 256 rows whose b block stays in L2 while every group of four
// rows of c passes over it. Only the row groups [ulo, uhi) are computed (a group is four rows, the
// M % 4 last rows form one more): threads split a^T b by output rows, never by the sum over K.
static void build_gemm_tn(Cg *g, int64_t M, int64_t N, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef c = LLVMGetParam(fn, 0), bm = LLVMGetParam(fn, 2), K = LLVMGetParam(fn, 3);
    LLVMValueRef ulo = LLVMGetParam(fn, 5), uhi = LLVMGetParam(fn, 6);
    LLVMValueRef M4 = ci64(g, M / 4);
    LLVMValueRef ghi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, uhi, M4, ""), uhi, M4, "");
    LLVMValueRef rlo = mul(b, ulo, ci64(g, 4)), rhi = mul(b, uhi, ci64(g, 4));
    rhi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, rhi, ci64(g, M), ""), rhi, ci64(g, M),
                          "");
    LLVMBasicBlockRef zero = LLVMAppendBasicBlockInContext(g->ctx, fn, "zero_c");
    LLVMBasicBlockRef go = LLVMAppendBasicBlockInContext(g->ctx, fn, "chunks");
    LLVMBuildCondBr(b, LLVMBuildFCmp(b, LLVMRealOEQ, LLVMGetParam(fn, 4), cf32(g, 0), ""), zero,
                    go);
    LLVMPositionBuilderAtEnd(b, zero);
    zero_fill(g, b, gep(g, b, g->f32, c, mul(b, rlo, ci64(g, N))),
              mul(b, LLVMBuildNSWSub(b, rhi, rlo, ""), ci64(g, N)));
    LLVMBuildBr(b, go);
    LLVMPositionBuilderAtEnd(b, go);
    if (g->bf16) {
        build_gemm_tn_bf16(g, M, N, fn, rlo, rhi, ulo, ghi, uhi);
        return;
    }
    LLVMValueRef yes = LLVMConstInt(LLVMInt1TypeInContext(g->ctx), 1, 0);
    Loop lc, lm;
    LLVMValueRef n_chunks = LLVMBuildSDiv(b, add(b, K, ci64(g, 255)), ci64(g, 256), "");
    LLVMValueRef ch = loop_open(g, b, &lc, ci64(g, 0), n_chunks, NULL);
    LLVMValueRef klo = mul(b, ch, ci64(g, 256)), khi = add(b, klo, ci64(g, 256));
    khi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, khi, K, ""), khi, K, "");
    LLVMValueRef mb = loop_open(g, b, &lm, ulo, ghi, NULL);
    gemm_rows(g, fn, bm, mul(b, mb, ci64(g, 4)), 4, klo, khi, 1, M, N, yes);
    loop_close(g, b, &lm, NULL);
    if (M % 4) {
        LLVMBasicBlockRef tail = LLVMAppendBasicBlockInContext(g->ctx, fn, "tail_rows");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next_chunk");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, uhi, M4, ""), tail, next);
        LLVMPositionBuilderAtEnd(b, tail);
        for (int64_t r = M / 4 * 4; r < M; r++)
            gemm_rows(g, fn, bm, ci64(g, r), 1, klo, khi, 1, M, N, yes);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &lc, NULL);
}

// c [m x N] = a [m x K] . b (+ c when beta = 1), b [K x N]; or . b^T with b [N x K], which is
// first transposed into a K x N buffer on the stack. For the products a layer makes (K, N = 64)
// this beats a general sgemm: the weights stay in L1 and no operand is packed.
static void build_gemm(Cg *g, bool nt, int64_t K, int64_t N, LLVMValueRef fn) {
    if (g->bf16) {
        build_gemm_bf16(g, nt, K, N, fn);
        return;
    }
    LLVMBuilderRef b = g->kb;
    LLVMValueRef m = LLVMGetParam(fn, 3), bt = LLVMGetParam(fn, 2);
    LLVMValueRef accum = LLVMBuildFCmp(b, LLVMRealONE, LLVMGetParam(fn, 4), cf32(g, 0), "");
    if (nt) {
        LLVMValueRef src = bt;
        bt = LLVMBuildArrayAlloca(b, g->f32, ci64(g, K * N), "bt");
        LLVMSetAlignment(bt, 64);
        Loop lk, ln;
        LLVMValueRef kk = loop_open(g, b, &lk, ci64(g, 0), ci64(g, K), NULL);
        LLVMValueRef nn = loop_open(g, b, &ln, ci64(g, 0), ci64(g, N), NULL);
        LLVMValueRef v = load_at(g, b, g->f32, src, add(b, mul(b, nn, ci64(g, K)), kk));
        store_at(g, b, g->f32, v, bt, add(b, mul(b, kk, ci64(g, N)), nn));
        loop_close(g, b, &ln, NULL);
        loop_close(g, b, &lk, NULL);
    }
    // Four rows at a time while four remain, then one at a time.
    Loop l4, l1;
    LLVMValueRef m4 = LLVMBuildAnd(b, m, ci64(g, ~(int64_t)3), "m4");
    LLVMValueRef i = loop_open(g, b, &l4, ci64(g, 0), LLVMBuildSDiv(b, m4, ci64(g, 4), ""), NULL);
    gemm_rows(g, fn, bt, mul(b, i, ci64(g, 4)), 4, ci64(g, 0), ci64(g, K), K, 1, N, accum);
    loop_close(g, b, &l4, NULL);
    i = loop_open(g, b, &l1, m4, m, NULL);
    gemm_rows(g, fn, bt, i, 1, ci64(g, 0), ci64(g, K), K, 1, N, accum);
    loop_close(g, b, &l1, NULL);
}

// c = op(a) . op(b) + beta c through host->sgemm (beta 0 or 1); empty products still define c
// (beta c when k = 0).
static void build_matmul(Cg *g, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef m = P(3), n = P(4), k = P(5), c = P(10), beta = P(11);
    LLVMBasicBlockRef some = LLVMAppendBasicBlockInContext(g->ctx, fn, "nonempty");
    LLVMBasicBlockRef zero = LLVMAppendBasicBlockInContext(g->ctx, fn, "zero_k");
    LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(g->ctx, fn, "sgemm");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "done");
    LLVMValueRef empty = LLVMBuildOr(b, LLVMBuildICmp(b, LLVMIntSLE, m, ci64(g, 0), ""),
                                     LLVMBuildICmp(b, LLVMIntSLE, n, ci64(g, 0), ""), "");
    LLVMBuildCondBr(b, empty, done, some);
    LLVMPositionBuilderAtEnd(b, some);
    LLVMValueRef no_k = LLVMBuildICmp(b, LLVMIntSLE, k, ci64(g, 0), "");
    LLVMValueRef overwrite = LLVMBuildFCmp(b, LLVMRealOEQ, beta, cf32(g, 0), "");
    LLVMBasicBlockRef keep = LLVMAppendBasicBlockInContext(g->ctx, fn, "empty_k");
    LLVMBuildCondBr(b, no_k, keep, call);
    LLVMPositionBuilderAtEnd(b, keep);
    LLVMBuildCondBr(b, overwrite, zero, done);
    LLVMPositionBuilderAtEnd(b, zero);
    zero_fill(g, b, c, mul(b, m, n));
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, call);
    LLVMValueRef args[13] = {P(1), P(2), m, n, k, cf32(g, 1), P(6), P(7), P(8), P(9), beta, c, n};
    LLVMBuildCall2(b, g->sgemm_ty, P(0), args, 13, "");
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
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
    if (op == K_GEMM_NN || op == K_GEMM_NT || op == K_GEMM_TN)
        snprintf(name, sizeof name, "k_gemm_%s_%lldx%lld%s",
                 op == K_GEMM_NN ? "nn" : op == K_GEMM_NT ? "nt" : "tn",
                 (long long)(c / 4096), (long long)(c % 4096), g->bf16 ? "_bf16" : "");
    else if (c)
        snprintf(name, sizeof name, "k_%s_%lld", op == K_BIAS_FILL ? "bias_fill" : ir_op_name(op),
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
    case IR_GATHER: case IR_SCATTER_ADD:
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
    case IR_GAT_AGG: case IR_GAT_AGG_T: case IR_GAT_GRAD_SRC: case IR_GAT_GRAD_DST:
        build_gat(g, op, c, k->fn);
        break;
    case IR_BCE_LOGITS: case IR_MSE: build_mean_loss(g, k->op, k->fn); break;
    case IR_BCE_GRAD: case IR_MSE_GRAD: build_mean_loss_grad(g, k->op, k->fn); break;
    case IR_MATMUL: build_matmul(g, k->fn); break;
    case K_GEMM_NN: case K_GEMM_NT:
        build_gemm(g, op == K_GEMM_NT, c / 4096, c % 4096, k->fn);
        break;
    case K_GEMM_TN: build_gemm_tn(g, c / 4096, c % 4096, k->fn); break;
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

