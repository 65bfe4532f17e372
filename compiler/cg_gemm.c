// cg_gemm.c — the dense products: the generated gemms (a . b, a . b^T and a^T . b for constant
// widths, fp32 or with bf16 operands through vdpbf16ps) and IR_MATMUL's call to the host's sgemm.
// Built on first use by cg_kernels.c's kernel_get, like every kernel.
#include "cg.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define P(i) LLVMGetParam(fn, i)

// The part the fp32 and bf16 row kernels share: R x V accumulators (V = N/16 vectors a row) for
// rows [ic, ic + R) of c, loaded from c when load_c, else 0, kept in registers (phis) across a
// loop over k from klo; the body loads its operands and sets next[r][v]; the close stores them.
typedef struct {
    int R, V;                       // rows and 16-wide vectors a row
    int64_t N;                      // row length of c
    LLVMValueRef c, ic;             // the output and its first row
    LLVMValueRef k;                 // the sum's index, a phi
    LLVMValueRef acc[4][4];         // the accumulators at the top of the body
    LLVMValueRef next[4][4];        // their values after it, set by the caller
    LLVMBasicBlockRef pre, head, done;
} GemmLoop;

static LLVMValueRef gemm_c_at(Cg *g, GemmLoop *l, int r, int v) {
    LLVMBuilderRef b = g->kb;
    return gep(g, b, g->f32, l->c, add(b, mul(b, add(b, l->ic, ci64(g, r)), ci64(g, l->N)),
                                       ci64(g, 16 * v)));
}

// Opens the k loop (block `head_name`, phi `k_name`) and returns k; the loop runs at least once.
// Without load_c the accumulators start from binit's N floats (the bias every row starts from,
// see gemm_bias) when binit is given, else from 0.
static LLVMValueRef gemm_open(Cg *g, LLVMValueRef fn, GemmLoop *l, LLVMValueRef c,
                              LLVMValueRef ic, int R, int64_t N, LLVMValueRef klo,
                              LLVMValueRef load_c, LLVMValueRef binit, const char *head_name,
                              const char *k_name) {
    LLVMBuilderRef b = g->kb;
    LLVMTypeRef v16 = LLVMVectorType(g->f32, 16);
    l->R = R, l->V = (int)(N / 16), l->N = N, l->c = c, l->ic = ic;
    LLVMValueRef init[4][4], start[4];
    for (int v = 0; v < l->V; v++) {
        start[v] = LLVMConstNull(v16);
        if (binit) {
            start[v] = LLVMBuildLoad2(b, v16, gep(g, b, g->f32, binit, ci64(g, 16 * v)), "");
            LLVMSetAlignment(start[v], 4);
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < l->V; v++) {
            LLVMValueRef old = LLVMBuildLoad2(b, v16, gemm_c_at(g, l, r, v), "");
            LLVMSetAlignment(old, 4);
            init[r][v] = LLVMBuildSelect(b, load_c, old, start[v], "");
        }
    l->pre = LLVMGetInsertBlock(b);
    l->head = LLVMAppendBasicBlockInContext(g->ctx, fn, head_name);
    l->done = LLVMAppendBasicBlockInContext(g->ctx, fn, "gemm_store");
    LLVMBuildBr(b, l->head);
    LLVMPositionBuilderAtEnd(b, l->head);
    l->k = LLVMBuildPhi(b, g->i64, k_name);
    LLVMAddIncoming(l->k, &klo, &l->pre, 1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < l->V; v++) {
            l->acc[r][v] = LLVMBuildPhi(b, v16, "acc");
            LLVMAddIncoming(l->acc[r][v], &init[r][v], &l->pre, 1);
        }
    return l->k;
}

// Closes the k loop at khi (exclusive) and stores the accumulators into c.
static void gemm_close(Cg *g, GemmLoop *l, LLVMValueRef khi) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef k1 = LLVMBuildNSWAdd(b, l->k, ci64(g, 1), "");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(l->k, &k1, &latch, 1);
    for (int r = 0; r < l->R; r++)
        for (int v = 0; v < l->V; v++)
            LLVMAddIncoming(l->acc[r][v], &l->next[r][v], &latch, 1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, k1, khi, ""), l->head, l->done);
    LLVMPositionBuilderAtEnd(b, l->done);
    for (int r = 0; r < l->R; r++)
        for (int v = 0; v < l->V; v++)
            LLVMSetAlignment(LLVMBuildStore(b, l->next[r][v], gemm_c_at(g, l, r, v)), 4);
}

// What the rows of c start from when beta = 0: the kernel's bias argument (N floats, the
// bias_add the product is fused into, pass_plan.c) or, when that is NULL, a constant zero row.
// Starting the sums from the bias adds exactly what a fill of c with the bias and beta = 1 did,
// without that pass over c.
static LLVMValueRef gemm_bias(Cg *g, LLVMValueRef fn, int64_t N) {
    LLVMBuilderRef b = g->kb;
    char name[32];
    snprintf(name, sizeof name, "gemm_zero_%lld", (long long)N);
    LLVMValueRef zero = LLVMGetNamedGlobal(g->mod, name);
    if (!zero) {
        LLVMTypeRef ty = LLVMArrayType2(g->f32, (uint64_t)N);
        zero = LLVMAddGlobal(g->mod, ty, name);
        LLVMSetInitializer(zero, LLVMConstNull(ty));
        LLVMSetGlobalConstant(zero, 1);
        LLVMSetLinkage(zero, LLVMPrivateLinkage);
        LLVMSetAlignment(zero, 64);
    }
    LLVMValueRef bias = LLVMGetParam(fn, 5);
    return LLVMBuildSelect(b, LLVMBuildIsNull(b, bias, ""), zero, bias, "binit");
}

// Rows [i, i + R) of c [. x N] += sum over k in [klo, khi) of a(i + r, k) bt[k][.], with a(r, k) at
// a[r * sa_r + k * sa_k] and bt row-major [. x N]; c starts from itself when load_c, else 0.
// The accumulators, R x N/16 vectors, stay in registers across the k loop: per k, N/16 vector
// loads of bt serve R rows of FMAs. The loop runs at least once (klo < khi).
static void gemm_rows(Cg *g, LLVMValueRef fn, LLVMValueRef c, LLVMValueRef bt, LLVMValueRef i,
                      int R, LLVMValueRef klo, LLVMValueRef khi, int64_t sa_r, int64_t sa_k,
                      int64_t N, LLVMValueRef load_c, LLVMValueRef binit) {
    LLVMBuilderRef b = g->kb;
    LLVMTypeRef v16 = LLVMVectorType(g->f32, 16);
    LLVMValueRef fma = LLVMGetIntrinsicDeclaration(g->mod, LLVMLookupIntrinsicID("llvm.fma", 8),
                                                   &v16, 1);
    LLVMTypeRef fma_ty = LLVMFunctionType(v16, (LLVMTypeRef[]){v16, v16, v16}, 3, 0);
    LLVMValueRef a = LLVMGetParam(fn, 1);
    GemmLoop l;
    LLVMValueRef k = gemm_open(g, fn, &l, c, i, R, N, klo, load_c, binit, "gemm_k", "k");
    LLVMValueRef bv[4];
    for (int v = 0; v < l.V; v++) {
        LLVMValueRef p = gep(g, b, g->f32, bt, add(b, mul(b, k, ci64(g, N)), ci64(g, 16 * v)));
        bv[v] = LLVMBuildLoad2(b, v16, p, "");
        LLVMSetAlignment(bv[v], 4);
    }
    LLVMValueRef mask = LLVMConstNull(LLVMVectorType(g->i32, 16));
    for (int r = 0; r < R; r++) {
        LLVMValueRef ai = add(b, mul(b, add(b, i, ci64(g, r)), ci64(g, sa_r)),
                              mul(b, k, ci64(g, sa_k)));
        LLVMValueRef s1 = load_at(g, b, g->f32, a, ai);
        LLVMValueRef one = LLVMBuildInsertElement(b, LLVMGetUndef(v16), s1, ci32(g, 0), "");
        LLVMValueRef splat = LLVMBuildShuffleVector(b, one, LLVMGetUndef(v16), mask, "");
        for (int v = 0; v < l.V; v++) {
            LLVMValueRef args[3] = {splat, bv[v], l.acc[r][v]};
            l.next[r][v] = LLVMBuildCall2(b, fma_ty, fma, args, 3, "");
        }
    }
    gemm_close(g, &l, khi);
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
static void gemm_rows_bf16(Cg *g, LLVMValueRef fn, LLVMValueRef c, LLVMValueRef bt2,
                           LLVMValueRef a2, LLVMValueRef ia, LLVMValueRef ic, int R,
                           LLVMValueRef np, LLVMValueRef sa_r, LLVMValueRef sa_p, int64_t N,
                           LLVMValueRef load_c, LLVMValueRef binit) {
    LLVMBuilderRef b = g->kb;
    LLVMTypeRef w16 = LLVMVectorType(g->i32, 16);
    LLVMTypeRef v16 = LLVMVectorType(g->f32, 16);
    LLVMTypeRef h32 = LLVMVectorType(LLVMBFloatTypeInContext(g->ctx), 32);
    const char *iname = "llvm.x86.avx512bf16.dpbf16ps.512";
    LLVMValueRef dp = LLVMGetIntrinsicDeclaration(
        g->mod, LLVMLookupIntrinsicID(iname, strlen(iname)), NULL, 0);
    LLVMTypeRef dp_ty = LLVMFunctionType(v16, (LLVMTypeRef[]){v16, h32, h32}, 3, 0);
    GemmLoop l;
    LLVMValueRef k = gemm_open(g, fn, &l, c, ic, R, N, ci64(g, 0), load_c, binit, "gemm_p",
                               "p");
    LLVMValueRef bv[4];
    for (int v = 0; v < l.V; v++) {
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
        for (int v = 0; v < l.V; v++) {
            LLVMValueRef args[3] = {l.acc[r][v], splat, bv[v]};
            l.next[r][v] = LLVMBuildCall2(b, dp_ty, dp, args, 3, "");
        }
    }
    gemm_close(g, &l, np);
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
    LLVMValueRef binit = gemm_bias(g, fn, N);
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
    LLVMValueRef c = LLVMGetParam(fn, 0);
    gemm_rows_bf16(g, fn, c, bt2, a2, ci64(g, 0), i4, 4, ci64(g, K2), ci64(g, K2), ci64(g, 1),
                   N, accum, binit);
    loop_close(g, b, &l4, NULL);
    i = loop_open(g, b, &l1, m4, m, NULL);
    pack_row(g, a2, ci64(g, 0), a, mul(b, i, ci64(g, K)), K);
    gemm_rows_bf16(g, fn, c, bt2, a2, ci64(g, 0), i, 1, ci64(g, K2), ci64(g, K2), ci64(g, 1), N,
                   accum, binit);
    loop_close(g, b, &l1, NULL);
}

// Rows of the sum a^T b in bf16 go by chunks of TN_CHUNK_BF16 (even, so that pairs never straddle
// two chunks): each chunk's rows of b, and of a the columns of this slice's output rows, are
// packed as pairs of rows into stack buffers of TN_CHUNK_BF16 / 2 x N and TN_CHUNK_BF16 / 2 x M
// words; the products then read a's pairs down a column of its buffer.
#define TN_CHUNK_BF16 128

static void build_gemm_tn_bf16(Cg *g, int64_t M, int64_t N, LLVMValueRef fn, LLVMValueRef c,
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
    gemm_rows_bf16(g, fn, c, bt2, a2, i4, i4, 4, np, ci64(g, 1), ci64(g, M), N, yes, NULL);
    loop_close(g, b, &lm, NULL);
    if (M % 4) {
        LLVMBasicBlockRef tail = LLVMAppendBasicBlockInContext(g->ctx, fn, "tail_rows");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next_chunk");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, uhi, ci64(g, M / 4), ""), tail, next);
        LLVMPositionBuilderAtEnd(b, tail);
        for (int64_t rr = M / 4 * 4; rr < M; rr++)
            gemm_rows_bf16(g, fn, c, bt2, a2, ci64(g, rr), ci64(g, rr), 1, np, ci64(g, 1),
                           ci64(g, M), N, yes, NULL);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &lc, NULL);
}

// The fp32 sum of cg_build_gemm_tn into c: chunks of 256 rows of K, in each the row groups
// [ulo, ghi) of four rows of c, then the M % 4 last rows when this slice has them.
static void build_gemm_tn_fp32(Cg *g, int64_t M, int64_t N, LLVMValueRef fn, LLVMValueRef c,
                               LLVMValueRef ulo, LLVMValueRef ghi, LLVMValueRef uhi) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef bm = LLVMGetParam(fn, 2), K = LLVMGetParam(fn, 3);
    LLVMValueRef yes = LLVMConstInt(LLVMInt1TypeInContext(g->ctx), 1, 0);
    Loop lc, lm;
    LLVMValueRef n_chunks = LLVMBuildSDiv(b, add(b, K, ci64(g, 255)), ci64(g, 256), "");
    LLVMValueRef ch = loop_open(g, b, &lc, ci64(g, 0), n_chunks, NULL);
    LLVMValueRef klo = mul(b, ch, ci64(g, 256)), khi = add(b, klo, ci64(g, 256));
    khi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, khi, K, ""), khi, K, "");
    LLVMValueRef mb = loop_open(g, b, &lm, ulo, ghi, NULL);
    gemm_rows(g, fn, c, bm, mul(b, mb, ci64(g, 4)), 4, klo, khi, 1, M, N, yes, NULL);
    loop_close(g, b, &lm, NULL);
    if (M % 4) {
        LLVMBasicBlockRef tail = LLVMAppendBasicBlockInContext(g->ctx, fn, "tail_rows");
        LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(g->ctx, fn, "next_chunk");
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, uhi, ci64(g, M / 4), ""), tail, next);
        LLVMPositionBuilderAtEnd(b, tail);
        for (int64_t r = M / 4 * 4; r < M; r++)
            gemm_rows(g, fn, c, bm, ci64(g, r), 1, klo, khi, 1, M, N, yes, NULL);
        LLVMBuildBr(b, next);
        LLVMPositionBuilderAtEnd(b, next);
    }
    loop_close(g, b, &lc, NULL);
}

// Rows [rlo, rhi) of t [M x N] from c [N x M]: t[m][n] = c[n][m] (load), or the reverse.
static void transpose_rows(Cg *g, LLVMValueRef t, LLVMValueRef c, LLVMValueRef rlo,
                           LLVMValueRef rhi, int64_t M, int64_t N, bool load) {
    LLVMBuilderRef b = g->kb;
    Loop lm, ln;
    LLVMValueRef m = loop_open(g, b, &lm, rlo, rhi, NULL);
    LLVMValueRef n = loop_open(g, b, &ln, ci64(g, 0), ci64(g, N), NULL);
    LLVMValueRef at_t = add(b, mul(b, m, ci64(g, N)), n), at_c = add(b, mul(b, n, ci64(g, M)), m);
    if (load)
        store_at(g, b, g->f32, load_at(g, b, g->f32, c, at_c), t, at_t);
    else
        store_at(g, b, g->f32, load_at(g, b, g->f32, t, at_t), c, at_c);
    loop_close(g, b, &ln, NULL);
    loop_close(g, b, &lm, NULL);
}

// c [M x N] (+)= a^T . b for a [K x M], b [K x N] with K rows at run time: the weight adjoint
// dY^T X. K is cut into chunks of 256 rows whose b block stays in L2 while every group of four
// rows of c passes over it. Only the row groups [ulo, uhi) are computed (a group is four rows, the
// M % 4 last rows form one more): threads split a^T b by output rows, never by the sum over K.
// tr (K_GEMM_TN_T): c is stored transposed, [N x M]: the product computes t = c^T on the stack,
// starting from c's values (or 0), and writes it back, so that a weight adjoint with an output
// width that is no multiple of 16 (movie_lin's 64 x 20) runs as the 20 x 64 one, same sums.
void cg_build_gemm_tn(Cg *g, int64_t M, int64_t N, LLVMValueRef fn, bool tr) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef c = LLVMGetParam(fn, 0);
    LLVMValueRef ulo = LLVMGetParam(fn, 5), uhi = LLVMGetParam(fn, 6);
    LLVMValueRef M4 = ci64(g, M / 4);
    LLVMValueRef ghi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, uhi, M4, ""), uhi, M4, "");
    LLVMValueRef rlo = mul(b, ulo, ci64(g, 4)), rhi = mul(b, uhi, ci64(g, 4));
    rhi = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, rhi, ci64(g, M), ""), rhi, ci64(g, M),
                          "");
    LLVMValueRef out = c;
    if (tr) {
        c = LLVMBuildArrayAlloca(b, g->f32, ci64(g, M * N), "ct");
        LLVMSetAlignment(c, 64);
    }
    LLVMBasicBlockRef zero = LLVMAppendBasicBlockInContext(g->ctx, fn, "zero_c");
    LLVMBasicBlockRef go = LLVMAppendBasicBlockInContext(g->ctx, fn, "chunks");
    LLVMValueRef beta0 = LLVMBuildFCmp(b, LLVMRealOEQ, LLVMGetParam(fn, 4), cf32(g, 0), "");
    if (tr) {
        LLVMBasicBlockRef load = LLVMAppendBasicBlockInContext(g->ctx, fn, "load_ct");
        LLVMBuildCondBr(b, beta0, zero, load);
        LLVMPositionBuilderAtEnd(b, load);
        transpose_rows(g, c, out, rlo, rhi, M, N, true);
        LLVMBuildBr(b, go);
    } else {
        LLVMBuildCondBr(b, beta0, zero, go);
    }
    LLVMPositionBuilderAtEnd(b, zero);
    zero_fill(g, b, gep(g, b, g->f32, c, mul(b, rlo, ci64(g, N))),
              mul(b, LLVMBuildNSWSub(b, rhi, rlo, ""), ci64(g, N)));
    LLVMBuildBr(b, go);
    LLVMPositionBuilderAtEnd(b, go);
    if (g->bf16)
        build_gemm_tn_bf16(g, M, N, fn, c, rlo, rhi, ulo, ghi, uhi);
    else
        build_gemm_tn_fp32(g, M, N, fn, c, ulo, ghi, uhi);
    if (tr)
        transpose_rows(g, c, out, rlo, rhi, M, N, false);
}

// c [m x N] = a [m x K] . b (+ c when beta = 1), b [K x N]; or . b^T with b [N x K], which is
// first transposed into a K x N buffer on the stack. For the products a layer makes (K, N = 64)
// this beats a general sgemm: the weights stay in L1 and no operand is packed.
void cg_build_gemm(Cg *g, bool nt, int64_t K, int64_t N, LLVMValueRef fn) {
    if (g->bf16) {
        build_gemm_bf16(g, nt, K, N, fn);
        return;
    }
    LLVMBuilderRef b = g->kb;
    LLVMValueRef m = LLVMGetParam(fn, 3), bt = LLVMGetParam(fn, 2);
    LLVMValueRef accum = LLVMBuildFCmp(b, LLVMRealONE, LLVMGetParam(fn, 4), cf32(g, 0), "");
    LLVMValueRef binit = gemm_bias(g, fn, N);
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
    LLVMValueRef c = LLVMGetParam(fn, 0);
    gemm_rows(g, fn, c, bt, mul(b, i, ci64(g, 4)), 4, ci64(g, 0), ci64(g, K), K, 1, N, accum,
              binit);
    loop_close(g, b, &l4, NULL);
    i = loop_open(g, b, &l1, m4, m, NULL);
    gemm_rows(g, fn, c, bt, i, 1, ci64(g, 0), ci64(g, K), K, 1, N, accum, binit);
    loop_close(g, b, &l1, NULL);
}

// c = op(a) . op(b) + beta c through host->sgemm (beta 0 or 1); empty products still define c
// (beta c when k = 0).
void cg_build_matmul(Cg *g, LLVMValueRef fn) {
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
