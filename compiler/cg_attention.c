// cg_attention.c — the GAT attention kernels (gat_agg; gat_alpha, the softmax weights its
// adjoints share; its transpose and the two adjoints of the attention logits) and the inline e^x
// they call, cg_exp_ir. Built on first use by cg_kernels.c's kernel_get, like every kernel.
#include "cg.h"

#include <assert.h>
#include <math.h>

#define P(i) LLVMGetParam(fn, i)

// fma(x, y, z) in double, the llvm.fma intrinsic (one rounding; the vectoriser widens it).
static LLVMValueRef fma64(Cg *g, LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y,
                          LLVMValueRef z) {
    unsigned id = LLVMLookupIntrinsicID("llvm.fma", 8);
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &g->f64, 1);
    LLVMTypeRef args[3] = {g->f64, g->f64, g->f64};
    LLVMValueRef xs[3] = {x, y, z};
    return LLVMBuildCall2(b, LLVMFunctionType(g->f64, args, 3, 0), f, xs, 3, "");
}

// The table 2^(j / 64), j = 0..63, of cg_exp_ir: one constant global per module.
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
// against glibc's exp while writing it; tests/unit/test_exp.c checks 1e6 and the edges);
// results below 2^-1022 (x < -708.39, subnormal in libm) are 0; x > 709.78 gives +inf, -inf
// gives 0, NaN stays NaN.
LLVMValueRef cg_exp_ir(Cg *g, LLVMBuilderRef b, LLVMValueRef x) {
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

// The arguments of a GAT kernel, by name (their positions differ by op; see cg_kernel_sig).
typedef struct GatArgs {
    LLVMValueRef out, hs, as, ad, dy, eptr, esrc, nd, ns;
    LLVMValueRef al, ga;                // gat_alpha's and gat_dalpha's values by edge
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
        return cf64(g, 1);
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
                                   cf64(g, 0x1p-24), "");
    LLVMValueRef kept = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGE, u, a->p, ""), a->inv,
                                        cf64(g, 0), "");
    return LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, a->p, cf64(g, 0), ""), kept,
                           cf64(g, 1), "");
}

// leaky_relu(as_jh + ad_ih) in double; *z receives the sum.
static LLVMValueRef gat_logit(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef j,
                              LLVMValueRef h, LLVMValueRef adv, LLVMValueRef *z) {
    LLVMValueRef asv = load_at(g, b, g->f32, a->as, add(b, mul(b, j, ci64(g, a->H)), h));
    LLVMValueRef s = LLVMBuildFAdd(b, LLVMBuildFPExt(b, asv, g->f64, ""), adv, "");
    if (z)
        *z = s;
    return LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, s, cf64(g, 0), ""), s,
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
        LLVMValueRef xs[2] = {cf64(g, 0), lc.acc};
        LLVMValueRef r = LLVMBuildCall2(b, LLVMFunctionType(g->f64, args, 2, 0), f, xs, 2, "");
        LLVMSetFastMathFlags(r, LLVMFastMathAllowReassoc);
        return r;
    }
    LLVMValueRef c = loop_open(g, b, &lc, ci64(g, 0), ci64(g, a->C), cf64(g, 0));
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

// |x| in double, the llvm.fabs intrinsic.
static LLVMValueRef fabs64(Cg *g, LLVMBuilderRef b, LLVMValueRef x) {
    unsigned id = LLVMLookupIntrinsicID("llvm.fabs", 9);
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(g->mod, id, &g->f64, 1);
    return LLVMBuildCall2(b, LLVMFunctionType(g->f64, &g->f64, 1, 0), f, &x, 1, "");
}

// Edge k's weight alpha_k for head h from gat_alpha, in double; *d receives d_k =
// leaky_relu'(z_k), which gat_alpha keeps in the weight's sign bit (set: slope, also on -0).
static LLVMValueRef gat_weight(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef k,
                               LLVMValueRef h, LLVMValueRef *d) {
    LLVMValueRef w = load_at(g, b, g->f32, a->al, add(b, mul(b, k, ci64(g, a->H)), h));
    LLVMValueRef neg = LLVMBuildICmp(b, LLVMIntSLT, LLVMBuildBitCast(b, w, g->i32, ""),
                                     ci32(g, 0), "");
    *d = LLVMBuildSelect(b, neg, a->slope, cf64(g, 1), "d");
    return fabs64(g, b, LLVMBuildFPExt(b, w, g->f64, ""));
}

// g_k for head h from gat_dalpha, in double.
static LLVMValueRef gat_dalpha(Cg *g, LLVMBuilderRef b, const GatArgs *a, LLVMValueRef k,
                               LLVMValueRef h) {
    LLVMValueRef v = load_at(g, b, g->f32, a->ga, add(b, mul(b, k, ci64(g, a->H)), h));
    return LLVMBuildFPExt(b, v, g->f64, "");
}

// gat_agg's and gat_alpha's loops: destinations i, then their edges k, then the heads h
// (unrolled: H is a constant <= 64), so each edge's source row is read once for all heads; the
// per-head column loops have constant trip counts and vectorise. The quantities are named in
// cg_build_gat's comment.
static void gat_score_loops(Cg *g, IrOp op, GatArgs *ap) {
    LLVMBuilderRef b = g->kb;
    GatArgs a = *ap;
    int H = (int)a.H;
    assert(H >= 1 && H <= 64);
    Loop li, lk, lc;
    LLVMValueRef adv[64], hv[64], mx[64], sum[64], sum_next[64], z;
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
        mx[h] = acc_open(b, &lk, cf64(g, -__builtin_inf()));
    j = load_idx(g, b, a.esrc, kk);
    for (int h = 0; h < H; h++) {
        LLVMValueRef e = gat_logit(g, b, &a, j, hv[h], adv[h], NULL);
        acc_step(b, mx[h], LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, e, mx[h], ""), e,
                                           mx[h], ""));
    }
    loop_close(g, b, &lk, NULL);
    // One pass: e_k and S, with gat_agg's unscaled row sum or gat_alpha's unscaled weights.
    kk = loop_open(g, b, &lk, lo, hi, NULL);
    for (int h = 0; h < H; h++)
        sum[h] = acc_open(b, &lk, cf64(g, 0));
    j = load_idx(g, b, a.esrc, kk);
    LLVMValueRef jrow = mul(b, j, ci64(g, a.HC));
    for (int h = 0; h < H; h++) {
        LLVMValueRef e = gat_logit(g, b, &a, j, hv[h], adv[h], &z);
        LLVMValueRef ek = cg_exp_ir(g, b, LLVMBuildFSub(b, e, mx[h], ""));
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
        } else {  // alpha_kh = e_k, negated where z_k <= 0
            LLVMValueRef sgn = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, z, cf64(g, 0), ""),
                                               ek, LLVMBuildFNeg(b, ek, ""), "");
            store_at(g, b, g->f32, LLVMBuildFPTrunc(b, sgn, g->f32, ""), a.out,
                     add(b, mul(b, kk, ci64(g, a.H)), hv[h]));
        }
    }
    for (int h = 0; h < H; h++)  // in the latch, after any inner loop
        acc_step(b, sum[h], sum_next[h]);
    loop_close(g, b, &lk, NULL);
    LLVMValueRef rden[64];
    for (int h = 0; h < H; h++) {
        LLVMValueRef den = LLVMBuildFAdd(b, sum[h], cf64(g, 1e-16), "den");
        rden[h] = LLVMBuildFDiv(b, cf64(g, 1), den, "rden");
        if (op == IR_GAT_AGG) {  // out_i,h /= den
            LLVMValueRef r = LLVMBuildFPTrunc(b, rden[h], g->f32, "");
            LLVMValueRef c = add(b, loop_open(g, b, &lc, ci64(g, 0), ci64(g, a.C), NULL),
                                 ci64(g, h * a.C));
            LLVMValueRef cell = gep(g, b, g->f32, a.out, add(b, irow, c));
            LLVMBuildStore(b, LLVMBuildFMul(b, LLVMBuildLoad2(b, g->f32, cell, ""), r, ""), cell);
            loop_close(g, b, &lc, NULL);
        }
    }
    if (op == IR_GAT_ALPHA) {  // alpha_kh /= den
        kk = loop_open(g, b, &lk, lo, hi, NULL);
        for (int h = 0; h < H; h++) {
            LLVMValueRef cell = gep(g, b, g->f32, a.out, add(b, mul(b, kk, ci64(g, a.H)), hv[h]));
            LLVMValueRef v = LLVMBuildFMul(
                b, LLVMBuildFPExt(b, LLVMBuildLoad2(b, g->f32, cell, ""), g->f64, ""), rden[h], "");
            LLVMBuildStore(b, LLVMBuildFPTrunc(b, v, g->f32, ""), cell);
        }
        loop_close(g, b, &lk, NULL);
    }
    loop_close(g, b, &li, NULL);
}

// The adjoints' loops: destinations i, their edges k, the heads h (unrolled), as
// gat_score_loops. gat_dalpha is one pass storing g_k; gat_grad_dst one pass; gat_agg_t one pass
// scattering into the sources; gat_grad_src a pass for cc, then the scatter.
static void gat_adjoint_loops(Cg *g, IrOp op, GatArgs *ap) {
    LLVMBuilderRef b = g->kb;
    GatArgs a = *ap;
    int H = (int)a.H;
    assert(H >= 1 && H <= 64);
    Loop li, lk, lc;
    LLVMValueRef hv[64], acc[3][64], acc_next[3][64], cc[64], d;
    LLVMValueRef i = loop_open(g, b, &li, ci64(g, 0), a.nd, NULL);
    LLVMValueRef lo = load_idx(g, b, a.eptr, i), hi = load_idx(g, b, a.eptr, add(b, i, ci64(g, 1)));
    LLVMValueRef irow = mul(b, i, ci64(g, a.HC));
    for (int h = 0; h < H; h++)
        hv[h] = ci64(g, h);
    if (op == IR_GAT_DALPHA) {  // out_kh = g_k = keep_k <dy_i,h, hs_j,h>
        LLVMValueRef kk = loop_open(g, b, &lk, lo, hi, NULL);
        LLVMValueRef j = load_idx(g, b, a.esrc, kk);
        for (int h = 0; h < H; h++) {
            LLVMValueRef gk = LLVMBuildFMul(b, gat_keep(g, b, &a, kk, hv[h]),
                                            gat_dot(g, b, &a, i, j, hv[h]), "");
            store_at(g, b, g->f32, LLVMBuildFPTrunc(b, gk, g->f32, ""), a.out,
                     add(b, mul(b, kk, ci64(g, a.H)), hv[h]));
        }
        loop_close(g, b, &lk, NULL);
        loop_close(g, b, &li, NULL);
        return;
    }
    // gat_grad_dst's cc, B = sum_k alpha_k g_k d_k and D = sum_k alpha_k d_k, or
    // gat_grad_src's cc
    int nacc = op == IR_GAT_GRAD_DST ? 3 : op == IR_GAT_GRAD_SRC ? 1 : 0;
    if (nacc) {
        LLVMValueRef kk = loop_open(g, b, &lk, lo, hi, NULL);
        for (int h = 0; h < H; h++)
            for (int q = 0; q < nacc; q++)
                acc[q][h] = acc_open(b, &lk, cf64(g, 0));
        for (int h = 0; h < H; h++) {
            LLVMValueRef al = gat_weight(g, b, &a, kk, hv[h], &d);
            LLVMValueRef ag = LLVMBuildFMul(b, al, gat_dalpha(g, b, &a, kk, hv[h]), "");
            acc_next[0][h] = LLVMBuildFAdd(b, acc[0][h], ag, "");
            if (nacc == 3) {
                acc_next[1][h] = LLVMBuildFAdd(b, acc[1][h], LLVMBuildFMul(b, ag, d, ""), "");
                acc_next[2][h] = LLVMBuildFAdd(b, acc[2][h], LLVMBuildFMul(b, al, d, ""), "");
            }
        }
        for (int h = 0; h < H; h++)
            for (int q = 0; q < nacc; q++)
                acc_step(b, acc[q][h], acc_next[q][h]);
        loop_close(g, b, &lk, NULL);
        for (int h = 0; h < H; h++)
            cc[h] = acc[0][h];
    }
    if (op == IR_GAT_GRAD_DST) {  // out_ih = B - cc D
        for (int h = 0; h < H; h++) {
            LLVMValueRef cd = LLVMBuildFMul(b, cc[h], acc[2][h], "");
            LLVMValueRef r = LLVMBuildFSub(b, acc[1][h], cd, "");
            store_at(g, b, g->f32, LLVMBuildFPTrunc(b, r, g->f32, ""), a.out,
                     add(b, mul(b, i, ci64(g, a.H)), hv[h]));
        }
        loop_close(g, b, &li, NULL);
        return;
    }
    // the scatter into the sources j
    LLVMValueRef kk = loop_open(g, b, &lk, lo, hi, NULL);
    LLVMValueRef j = load_idx(g, b, a.esrc, kk);
    LLVMValueRef jrow = mul(b, j, ci64(g, a.HC));
    for (int h = 0; h < H; h++) {
        LLVMValueRef al = gat_weight(g, b, &a, kk, hv[h], &d);
        if (op == IR_GAT_AGG_T) {  // out_j,h += alpha_k keep_k dy_i,h
            LLVMValueRef keep = gat_keep(g, b, &a, kk, hv[h]);
            LLVMValueRef w = LLVMBuildFPTrunc(b, LLVMBuildFMul(b, al, keep, ""), g->f32, "w");
            LLVMValueRef c = add(b, loop_open(g, b, &lc, ci64(g, 0), ci64(g, a.C), NULL),
                                 ci64(g, h * a.C));
            LLVMValueRef dst = gep(g, b, g->f32, a.out, add(b, jrow, c));
            LLVMValueRef v = LLVMBuildFMul(b, w, load_at(g, b, g->f32, a.dy, add(b, irow, c)), "");
            LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""), v, ""), dst);
            loop_close(g, b, &lc, NULL);
        } else {  // out_jh += dz_k = alpha_k (g_k - cc) d_k
            LLVMValueRef gk = gat_dalpha(g, b, &a, kk, hv[h]);
            LLVMValueRef dz = LLVMBuildFMul(
                b, LLVMBuildFMul(b, al, LLVMBuildFSub(b, gk, cc[h], ""), ""), d, "dz");
            LLVMValueRef dst = gep(g, b, g->f32, a.out, add(b, mul(b, j, ci64(g, a.H)), hv[h]));
            LLVMBuildStore(b, LLVMBuildFAdd(b, LLVMBuildLoad2(b, g->f32, dst, ""),
                                            LLVMBuildFPTrunc(b, dz, g->f32, ""), ""), dst);
        }
    }
    loop_close(g, b, &lk, NULL);
    loop_close(g, b, &li, NULL);
}

// The GAT kernels (interp.c: eval_gat is the oracle), per destination i and head h, in double:
// the softmax's max mx over i's edges, e_k = exp(l_k - mx), S = sum_k e_k, alpha_k = e_k / den
// with den = S + 1e-16 (PyG's), g_k = keep_k <dy_i,h, hs_j,h>, cc = sum_k alpha_k g_k,
// d_k = leaky_relu'(z_k), dz_k = alpha_k (g_k - cc) d_k:
//   gat_agg:      out_i,h = (sum_k e_k keep_k hs_j,h) / den    one pass after mx (rows in parallel)
//   gat_alpha:    out_kh = alpha_k, negated where d_k = slope  one pass after mx, then the scale
//                                                              (rows in parallel)
//   gat_dalpha:   out_kh = g_k                                 one pass (rows in parallel)
// and from gat_alpha's alpha_k and d_k (and gat_dalpha's g_k), without exps or dot products:
//   gat_grad_dst: out_ih = sum_k dz_k = B - cc D, B = sum_k alpha_k g_k d_k,
//                 D = sum_k alpha_k d_k                       one pass (rows in parallel)
//   gat_agg_t:    out_j,h += alpha_k keep_k dy_i,h            the scatter (serial)
//   gat_grad_src: out_jh += dz_k                              cc, then the scatter (serial)
// key = H * HEAD_KEY + H * C (gat_alpha, gat_grad_*: H * HEAD_KEY + H).
void cg_build_gat(Cg *g, IrOp op, int64_t key, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    GatArgs a = {.H = key / HEAD_KEY, .HC = key % HEAD_KEY};
    a.C = a.HC / a.H;
    bool scores = op == IR_GAT_AGG || op == IR_GAT_ALPHA;
    int k = 0;
    a.out = P(k++);
    switch (op) {  // the operands, as ir_ops.h orders them
    case IR_GAT_AGG: a.hs = P(k++), a.as = P(k++), a.ad = P(k++); break;
    case IR_GAT_ALPHA: a.as = P(k++), a.ad = P(k++); break;
    case IR_GAT_AGG_T: a.al = P(k++), a.dy = P(k++); break;
    case IR_GAT_DALPHA: a.hs = P(k++), a.dy = P(k++); break;
    default: a.al = P(k++), a.ga = P(k++); break;
    }
    a.eptr = P(k++);
    a.esrc = P(k++);
    a.nd = P(k++);
    if (op == IR_GAT_AGG_T || op == IR_GAT_GRAD_SRC)
        a.ns = P(k++);
    a.p = LLVMBuildFPExt(b, P(k++), g->f64, "p");
    a.slope = LLVMBuildFPExt(b, P(k++), g->f64, "slope");
    a.seed = P(k++);
    a.salt = P(k++);
    a.inv = LLVMBuildFDiv(b, cf64(g, 1), LLVMBuildFSub(b, cf64(g, 1), a.p, ""), "inv");
    int64_t ocols = op == IR_GAT_AGG || op == IR_GAT_AGG_T ? a.HC : a.H;
    if (a.ns)
        zero_fill(g, b, a.out, mul(b, a.ns, ci64(g, ocols)));
    if (op == IR_GAT_ALPHA || op == IR_GAT_GRAD_SRC || op == IR_GAT_GRAD_DST) {
        // no mask (gat_dalpha's g_k has it): one copy of the loops
        a.drop = false;
        if (scores)
            gat_score_loops(g, op, &a);
        else
            gat_adjoint_loops(g, op, &a);
        return;
    }
    // Two copies of the loops: with attention dropout, and without (no mask hash per edge).
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(g->ctx, fn, "drop");
    LLVMBasicBlockRef no = LLVMAppendBasicBlockInContext(g->ctx, fn, "nodrop");
    LLVMBasicBlockRef end = LLVMAppendBasicBlockInContext(g->ctx, fn, "end");
    LLVMBuildCondBr(b, LLVMBuildFCmp(b, LLVMRealOGT, a.p, cf64(g, 0), ""), yes, no);
    for (int d = 1; d >= 0; d--) {
        LLVMPositionBuilderAtEnd(b, d ? yes : no);
        a.drop = d;
        if (scores)
            gat_score_loops(g, op, &a);
        else
            gat_adjoint_loops(g, op, &a);
        LLVMBuildBr(b, end);
    }
    LLVMPositionBuilderAtEnd(b, end);
}

#undef P
