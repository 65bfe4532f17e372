// codegen.c — LLVM code generation through the LLVM C API (with jit.c, the only llvm-c user).
// Takes an IrModule after pass_hetero (and pass_grad for training); yields an LLVM module with
// the HgnnModel ABI: constant tables (schema, parameters, defaults), workspace_floats(dims),
// run(mode, ...) and the one exported entry, hgnn_model_entry; optimised for the host CPU and
// emitted as an object file, or linked into a shared object.
#include "codegen.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

// Each op becomes a call to a kernel: an internal function specialised to the op and its constant
// width (64, 20, ...) whose pointer arguments are noalias, so LLVM vectorises its inner loops.
// Dense products with 16..64 constant columns use a generated gemm, the others host->sgemm.
// Values live in the caller's workspace, one slot per value, reusing the slot of a dead value of
// the same shape; scores, loss and parameter gradients are written straight into the caller's
// buffers. Three plans shape the code: row extents (each layer only on the rows the next one or
// the classifier reads, counted per batch), fusion (a bias and a second product accumulate into
// one output) and slot reuse. run_forward executes only what scores and loss need.

#ifndef HGNN_COMPILER_ID
#define HGNN_COMPILER_ID "hgnnc 0.1.0"
#endif

extern char **environ;

// Where a value's data lives during run().
enum {
    ST_LEAF,    // a pointer from the batch or the parameter table
    ST_SLOT,    // a workspace slot
    ST_SCORES,  // the caller's scores buffer
    ST_LOSS,    // the caller's loss scalar
    ST_GRAD,    // the caller's gradient buffer of one parameter
};

// HgnnBatch fields, in declaration order (include/hgnn/abi.h).
enum { BF_DIMS, BF_NODE_IDS, BF_FEATURES, BF_EDGE_SRC, BF_EDGE_DST, BF_EDGE_PTR, BF_LABEL_SRC,
       BF_LABEL_DST, BF_LABELS };

typedef struct Kernel {
    IrOp op;
    int64_t c;              // constant width it is specialised to, 0 when width-agnostic
    LLVMValueRef fn;
    LLVMTypeRef ty;
} Kernel;

// How a slice wrapper derives one kernel argument from its slice [lo, hi) (see call_par).
enum { PA_SAME, PA_PTR, PA_COUNT, PA_LO, PA_HI };
typedef struct ParArg {
    int how;                // PA_*
    int64_t step;           // PA_PTR: bytes the pointer advances per unit of the loop
} ParArg;

// A kernel's slice wrapper, void fn(ctx, lo, hi): ctx points at the kernel's arguments.
typedef struct Wrap {
    LLVMValueRef kfn;       // the kernel
    int n;
    ParArg pa[16];
    LLVMTypeRef sty;        // the argument struct
    LLVMValueRef fn;
} Wrap;

typedef struct Loop {
    LLVMValueRef iv;        // induction variable (i64)
    LLVMValueRef acc;       // optional loop-carried accumulator; its final value after the loop
    LLVMBasicBlockRef head, exit;
} Loop;

typedef struct Cg {
    IrModule *m;
    unsigned off;           // CODEGEN_NO_*: optimisations switched off
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;       // builds run_forward / run_train
    LLVMBuilderRef kb;      // builds kernels
    LLVMTypeRef vd, i8, i32, i64, f32, f64, ptr;
    LLVMTypeRef batch_ty, host_ty, sgemm_ty;
    int n_nodes;
    IrNode **nodes;         // by id
    int *store;             // ST_* by node id
    int *slot;              // workspace slot (ST_SLOT) or parameter (ST_GRAD) by node id
    bool *fwd;              // the node is needed for scores or loss
    struct Ext *ext;        // row extents (see plan_extents), hash-consed
    int n_ext, cap_ext;
    int *nz;                // extent by node id: rows past it are zero
    int *need[2];           // extent by mode (HGNN_RUN_*) and node id: rows any reader reads
    int *comp[2];           // rows the node's kernel computes (zeros fill comp..need)
    int *work[2];           // the row count its kernel runs over (see work_of)
    int *into;              // node whose storage this one writes (a fused add), or -1
    bool *accum;            // a matmul accumulating into its fused add (sgemm beta = 1)
    int *bias;              // a matmul whose bias_add is fused: the bias node, or -1
    int *fill;              // ... and the bias_add, whose rows the bias fills
    bool *fused;            // an add or bias_add whose operands already wrote its result
    int n_slots;
    IrDim *slot_rows;
    int64_t *slot_cols;
    Kernel *kern;
    int n_kern, cap_kern;
    LLVMValueRef *dimv;     // while building a function: dims loaded, by dims index
    LLVMValueRef *val;      // while building run_*: data pointer of each node
    int mode;               // while building run_*: HGNN_RUN_FORWARD or HGNN_RUN_TRAIN
    LLVMValueRef *extv;     // while building a function: the value of each extent it uses
    LLVMValueRef par_for, par_pool;  // while building run_*: host->parallel_for (or serial_for)
    LLVMValueRef sparse;    // while building run_train: i1, mode is HGNN_RUN_TRAIN_SPARSE
    LLVMTypeRef task_ty, par_ty;     // HgnnTaskFn and parallel_for's function types
    LLVMValueRef serial_for;         // parallel_for when the host lends none
    struct Wrap *wrap;               // slice wrappers built so far (call_par)
    int n_wrap, cap_wrap;
} Cg;

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

// ---- small builders ----------------------------------------------------------------------------

static LLVMValueRef ci64(Cg *g, int64_t v) { return LLVMConstInt(g->i64, (uint64_t)v, 1); }
static LLVMValueRef ci32(Cg *g, int32_t v) { return LLVMConstInt(g->i32, (uint64_t)v, 1); }
static LLVMValueRef cf32(Cg *g, double v) { return LLVMConstReal(g->f32, v); }
static LLVMValueRef cf64(Cg *g, double v) { return LLVMConstReal(g->f64, v); }

static LLVMValueRef gep(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef base,
                        LLVMValueRef idx) {
    (void)g;
    return LLVMBuildInBoundsGEP2(b, ty, base, &idx, 1, "");
}

static LLVMValueRef load_at(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef base,
                            LLVMValueRef idx) {
    return LLVMBuildLoad2(b, ty, gep(g, b, ty, base, idx), "");
}

static void store_at(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef v, LLVMValueRef base,
                     LLVMValueRef idx) {
    LLVMBuildStore(b, v, gep(g, b, ty, base, idx));
}

// An i32 index array element, widened for address arithmetic.
static LLVMValueRef load_idx(Cg *g, LLVMBuilderRef b, LLVMValueRef base, LLVMValueRef i) {
    return LLVMBuildSExt(b, load_at(g, b, g->i32, base, i), g->i64, "");
}

static LLVMValueRef mul(LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y) {
    return LLVMBuildNSWMul(b, x, y, "");
}

static LLVMValueRef add(LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y) {
    return LLVMBuildNSWAdd(b, x, y, "");
}

// Opens `for (iv = lo; iv < hi; iv++)` with an optional accumulator starting at acc_init. The
// simple shape (one phi, one signed compare, nsw increment) is what LLVM's vectoriser expects.
static LLVMValueRef loop_open(Cg *g, LLVMBuilderRef b, Loop *l, LLVMValueRef lo, LLVMValueRef hi,
                              LLVMValueRef acc_init) {
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
    LLVMValueRef fn = LLVMGetBasicBlockParent(pre);
    l->head = LLVMAppendBasicBlockInContext(g->ctx, fn, "loop");
    LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(g->ctx, fn, "body");
    l->exit = LLVMAppendBasicBlockInContext(g->ctx, fn, "done");
    LLVMBuildBr(b, l->head);
    LLVMPositionBuilderAtEnd(b, l->head);
    l->iv = LLVMBuildPhi(b, g->i64, "i");
    LLVMAddIncoming(l->iv, &lo, &pre, 1);
    l->acc = NULL;
    if (acc_init) {
        l->acc = LLVMBuildPhi(b, LLVMTypeOf(acc_init), "acc");
        LLVMAddIncoming(l->acc, &acc_init, &pre, 1);
    }
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, l->iv, hi, ""), body, l->exit);
    LLVMPositionBuilderAtEnd(b, body);
    return l->iv;
}

// Closes the loop; acc_next is the accumulator's value for the next iteration (NULL without one).
// Afterwards l->acc holds the final value, as the exit is only reached from the header.
static void loop_close(Cg *g, LLVMBuilderRef b, Loop *l, LLVMValueRef acc_next) {
    LLVMValueRef next = LLVMBuildNSWAdd(b, l->iv, ci64(g, 1), "");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(l->iv, &next, &latch, 1);
    if (l->acc)
        LLVMAddIncoming(l->acc, &acc_next, &latch, 1);
    LLVMBuildBr(b, l->head);
    LLVMPositionBuilderAtEnd(b, l->exit);
}

static void zero_fill(Cg *g, LLVMBuilderRef b, LLVMValueRef p, LLVMValueRef floats) {
    LLVMBuildMemSet(b, p, LLVMConstInt(g->i8, 0, 0), mul(b, floats, ci64(g, 4)), 4);
}

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

// exp / log1p from libm, in double: the loss and its adjoint run over L labels only.
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

// Kernels that are no IR op: k_bias_fill writes a bias row into every row, for a matmul that then
// accumulates onto it (plan_fusion).
#define K_BIAS_FILL IR_OP_COUNT
// k_gemm_nn / k_gemm_nt: c [m x N] (+)= a [m x K] . b or . b^T, for constant K and N (a multiple
// of 16): explicit 16-float vectors, four rows at a time (see build_gemm).
#define K_GEMM_NN (IR_OP_COUNT + 1)
#define K_GEMM_NT (IR_OP_COUNT + 2)
#define K_GEMM_TN (IR_OP_COUNT + 3)
#define GEMM_KEY(k, n) ((k) * 4096 + (n))

// The argument list of each op's kernel. 'p' is a noalias pointer, 'l' i64, 'i' i32, 'f' float,
// 'q' a pointer without attributes (a function pointer).
static const char *kernel_sig(IrOp op) {
    switch ((int)op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_RELU_GRAD: return "pppl";  // out, a, b, count
    case IR_SCALE: return "ppfl";                                         // out, a, f, count
    case IR_RELU: return "ppl";                                           // out, a, count
    case IR_BIAS_ADD: case IR_MUL_COL: case IR_ROWDOT: return "pppl";     // out, a, b, n
    case IR_SUM_ROWS: return "ppl";                                       // out, a, n
    case K_BIAS_FILL: return "ppl";                                       // out, bias, n
    case K_GEMM_NN: case K_GEMM_NT: return "ppplf";                    // c, a, b, m, beta
    case K_GEMM_TN: return "ppplfll";                           // c, a, b, k, beta, ulo, uhi
    case IR_GATHER: return "pppl";                                        // out, table, idx, n
    case IR_SCATTER_ADD: return "ppplllll";           // out, src, idx, n, r, row lo, hi, zn
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX: return "ppppl";   // out, x, ptr, src, nd
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T: return "ppppll";        // out, dy, ptr, src, nd, ns
    case IR_AGG_MAX_GRAD: return "pppppll";                     // out, x, dy, ptr, src, nd, ns
    case IR_BCE_LOGITS: return "pppl";                                    // out, x, y, L
    case IR_BCE_GRAD: return "ppppl";                                     // out, x, y, dl, L
    case IR_MATMUL: return "qiilllplplpf";  // sgemm, ta, tb, m, n, k, a, lda, b, ldb, c, beta
    default: return NULL;
    }
}

#define P(i) LLVMGetParam(fn, i)

// out[k] = f(a[k], b[k]) over count elements.
static void build_elementwise(Cg *g, IrOp op, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    bool unary = op == IR_SCALE || op == IR_RELU;
    LLVMValueRef count = P(op == IR_RELU ? 2 : 3);
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), count, NULL);
    LLVMValueRef x = load_at(g, b, g->f32, P(1), k), y = NULL, r = NULL;
    if (!unary)
        y = load_at(g, b, g->f32, P(2), k);
    switch (op) {
    case IR_ADD: r = LLVMBuildFAdd(b, x, y, ""); break;
    case IR_SUB: r = LLVMBuildFSub(b, x, y, ""); break;
    case IR_MUL: r = LLVMBuildFMul(b, x, y, ""); break;
    case IR_SCALE: r = LLVMBuildFMul(b, P(2), x, ""); break;
    case IR_RELU:
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""), x, cf32(g, 0), "");
        break;
    case IR_RELU_GRAD:  // (x, dy): dy where x > 0
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf32(g, 0), ""), y, cf32(g, 0), "");
        break;
    default: assert(0 && "not elementwise");
    }
    store_at(g, b, g->f32, r, P(0), k);
    loop_close(g, b, &l, NULL);
}

// Row-wise ops over [n x C]: bias_add (b is [1 x C]), mul_col (b is [n x 1]), rowdot, sum_rows.
static void build_rowwise(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c), n = P(op == IR_SUM_ROWS || op == K_BIAS_FILL ? 2 : 3);
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
        LLVMValueRef p = LLVMBuildFMul(b, load_at(g, b, g->f32, P(1), k),
                                       load_at(g, b, g->f32, P(2), k), "");
        LLVMValueRef s = LLVMBuildFAdd(b, lc.acc, p, "");
        LLVMSetFastMathFlags(p, LLVMFastMathAllowReassoc | LLVMFastMathAllowContract);
        LLVMSetFastMathFlags(s, LLVMFastMathAllowReassoc | LLVMFastMathAllowContract);
        loop_close(g, b, &lc, s);
        store_at(g, b, g->f32, lc.acc, P(0), i);
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
    else
        r = LLVMBuildFMul(b, a, gi, "");
    store_at(g, b, g->f32, r, P(0), k);
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
// [ptr[i], ptr[i+1]) and src[k] names the source row.
static void build_agg(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c), out = P(0), x = P(1), eptr = P(2), esrc = P(3), nd = P(4);
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
    j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef dst = gep(g, b, g->f32, out, add(b, orow, j));
    LLVMValueRef cur = LLVMBuildLoad2(b, g->f32, dst, "");
    LLVMValueRef v = load_at(g, b, g->f32, x, add(b, xrow, j)), r;
    if (op == IR_AGG_MAX)
        r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, v, cur, ""), v, cur, "");
    else
        r = LLVMBuildFAdd(b, cur, v, "");
    LLVMBuildStore(b, r, dst);
    loop_close(g, b, &lc, NULL);
    loop_close(g, b, &le, NULL);

    if (op != IR_AGG_SUM) {
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
// by deg(i) for the mean) to out_j. Serial: split by output rows as scatter_add is, every thread
// would read every edge and mispredict on half of them, which costs more than the split saves.
static void build_agg_t(Cg *g, IrOp op, int64_t c, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef C = ci64(g, c), out = P(0), dy = P(1), eptr = P(2), esrc = P(3), nd = P(4);
    zero_fill(g, b, out, mul(b, P(5), C));
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
    LLVMValueRef j = loop_open(g, b, &lc, ci64(g, 0), C, NULL);
    LLVMValueRef v = load_at(g, b, g->f32, dy, add(b, drow, j));
    if (inv)
        v = LLVMBuildFMul(b, v, inv, "");
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

// Mean BCE with logits, accumulated in double: max(x, 0) - x y + log1p(exp(-|x|)); 0 when L = 0.
static void build_bce(Cg *g, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), P(3), cf64(g, 0));
    LLVMValueRef x = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), k), g->f64, "");
    LLVMValueRef y = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), k), g->f64, "");
    LLVMValueRef pos = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, x, cf64(g, 0), ""), x,
                                       cf64(g, 0), "");
    LLVMValueRef soft = call_libm(g, b, "log1p",
                                  call_libm(g, b, "exp", LLVMBuildFNeg(b, fabs64(g, b, x), "")));
    LLVMValueRef t = LLVMBuildFAdd(b, LLVMBuildFSub(b, pos, LLVMBuildFMul(b, x, y, ""), ""), soft,
                                   "");
    loop_close(g, b, &l, LLVMBuildFAdd(b, l.acc, t, ""));
    LLVMValueRef has = LLVMBuildICmp(b, LLVMIntSGT, P(3), ci64(g, 0), "");
    LLVMValueRef lf = LLVMBuildSIToFP(b, LLVMBuildSelect(b, has, P(3), ci64(g, 1), ""), g->f64, "");
    LLVMValueRef mean = LLVMBuildFDiv(b, l.acc, lf, "");
    store_at(g, b, g->f32, LLVMBuildFPTrunc(b, mean, g->f32, ""), P(0), ci64(g, 0));
}

// d loss / d x_k = dl * (sigmoid(x_k) - y_k) / L, in double.
static void build_bce_grad(Cg *g, LLVMValueRef fn) {
    LLVMBuilderRef b = g->kb;
    LLVMValueRef dl = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(3), ci64(g, 0)), g->f64, "");
    LLVMValueRef lf = LLVMBuildSIToFP(b, P(4), g->f64, "");
    Loop l;
    LLVMValueRef k = loop_open(g, b, &l, ci64(g, 0), P(4), NULL);
    LLVMValueRef x = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(1), k), g->f64, "");
    LLVMValueRef y = LLVMBuildFPExt(b, load_at(g, b, g->f32, P(2), k), g->f64, "");
    LLVMValueRef e = call_libm(g, b, "exp", LLVMBuildFNeg(b, x, ""));
    LLVMValueRef s = LLVMBuildFDiv(b, cf64(g, 1), LLVMBuildFAdd(b, cf64(g, 1), e, ""), "");
    LLVMValueRef d = LLVMBuildFDiv(b, LLVMBuildFMul(b, dl, LLVMBuildFSub(b, s, y, ""), ""), lf, "");
    store_at(g, b, g->f32, LLVMBuildFPTrunc(b, d, g->f32, ""), P(0), k);
    loop_close(g, b, &l, NULL);
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
    if (g->n_kern == g->cap_kern) {
        int cap = g->cap_kern ? 2 * g->cap_kern : 32;
        Kernel *k = arena_alloc(g->m->arena, (size_t)cap * sizeof *k);
        if (g->n_kern)
            memcpy(k, g->kern, (size_t)g->n_kern * sizeof *k);
        g->kern = k;
        g->cap_kern = cap;
    }
    const char *sig = kernel_sig(op);
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
        snprintf(name, sizeof name, "k_gemm_%s_%lldx%lld",
                 op == K_GEMM_NN ? "nn" : op == K_GEMM_NT ? "nt" : "tn",
                 (long long)(c / 4096), (long long)(c % 4096));
    else if (c)
        snprintf(name, sizeof name, "k_%s_%lld", op == K_BIAS_FILL ? "bias_fill" : ir_op_name(op),
                 (long long)c);
    else
        snprintf(name, sizeof name, "k_%s", ir_op_name(op));
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
        build_elementwise(g, op, k->fn);
        break;
    case IR_BIAS_ADD: case IR_MUL_COL: case IR_ROWDOT: case IR_SUM_ROWS: case K_BIAS_FILL:
        build_rowwise(g, op, c, k->fn);
        break;
    case IR_GATHER: case IR_SCATTER_ADD:
        build_index(g, op, c, k->fn);
        break;
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX:
        build_agg(g, op, c, k->fn);
        break;
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
        build_agg_t(g, op, c, k->fn);
        break;
    case IR_AGG_MAX_GRAD: build_agg_max_grad(g, c, k->fn); break;
    case IR_BCE_LOGITS: build_bce(g, k->fn); break;
    case IR_BCE_GRAD: build_bce_grad(g, k->fn); break;
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

// ---- row extents: each value only on the rows some reader reads ---------------------------------
//
// An extent is a row count known only at run time, computed from the batch's index data in the
// prologue of run(): 1 + max(label_src) (the rows the classifier gathers), the source rows an
// aggregation over destinations [0, R) reaches, and the max / min of such counts. Two analyses
// bound the rows of each value:
//   nz    (forward)  rows past the extent are zero: a scatter at label ids, what products and
//                    row-wise ops make of it, and a transposed aggregation of dy, which only
//                    reaches the sources of edges into the rows where dy is not zero;
//   need  (backward) rows some reader reads: a gather at label ids reads 1 + max(ids) rows, an
//                    aggregation computing R rows reads its input at reach(R) rows, a row-wise
//                    op reads what it computes, a reduction over rows (sum_rows, a^T b, the
//                    transposed aggregations) reads only the rows that are not zero.
// A kernel computes comp = min(need, nz) rows and zeros fill the rows [comp, need). The results
// are exact for any batch; the sampler's order (seeds first, then hop by hop, edges sorted by
// destination) is what makes the extents small: the last layer runs on the seeds, the one before
// on the nodes within one hop of them, and so on. need and comp are planned twice, for training
// and for forward mode, where fewer readers need fewer rows.
//
// Extents are hash-consed expressions, simplified as they are made (max(a, FULL) = FULL, as no
// count exceeds its dimension in a valid batch; min(a, max(a, b)) = a, ...), so that equal
// expressions are one index: that is how emit_node sees that a kernel computes all the rows its
// readers need and no zero fill is due.

enum { EX_FULL, EX_ZERO, EX_LMAX, EX_REACH, EX_MAX, EX_MIN };
enum { EXT_NONE = -1 };

// An extent: the rows of dimension `dim` that it counts (at most all of them).
typedef struct Ext {
    int kind;               // EX_*
    int a, b;               // operand extents (EX_REACH: a; EX_MAX, EX_MIN: a < b)
    int e;                  // EX_REACH: edge type; EX_LMAX: 0 label_src, 1 label_dst
    IrDim dim;
} Ext;

static bool dim_same(IrDim a, IrDim b) { return a.kind == b.kind && a.n == b.n; }

static int ext_get(Cg *g, int kind, int a, int b, int e, IrDim dim) {
    for (int i = 0; i < g->n_ext; i++) {
        const Ext *x = &g->ext[i];
        if (x->kind == kind && x->a == a && x->b == b && x->e == e && dim_same(x->dim, dim))
            return i;
    }
    if (g->n_ext == g->cap_ext) {
        int cap = g->cap_ext ? 2 * g->cap_ext : 64;
        Ext *p = arena_alloc(g->m->arena, (size_t)cap * sizeof *p);
        if (g->n_ext)
            memcpy(p, g->ext, (size_t)g->n_ext * sizeof *p);
        g->ext = p;
        g->cap_ext = cap;
    }
    g->ext[g->n_ext] = (Ext){kind, a, b, e, dim};
    return g->n_ext++;
}

static int ext_full(Cg *g, IrDim dim) { return ext_get(g, EX_FULL, -1, -1, -1, dim); }

// True when x is max(y, .) or min(y, .): with the laws max(y, min(y, z)) = y and
// max(y, max(y, z)) = max(y, z) (and the same for min) it keeps the expressions, and so the
// extents compared, small.
static bool ext_has_operand(const Cg *g, int x, int kind, int y) {
    return g->ext[x].kind == kind && (g->ext[x].a == y || g->ext[x].b == y);
}

// Rows two readers read together: the larger count. EXT_NONE (nobody) is the identity.
static int ext_max(Cg *g, int a, int b) {
    if (a == EXT_NONE || a == b)
        return b;
    if (b == EXT_NONE)
        return a;
    assert(dim_same(g->ext[a].dim, g->ext[b].dim));
    int ka = g->ext[a].kind, kb = g->ext[b].kind;
    if (ka == EX_FULL || kb == EX_ZERO || ext_has_operand(g, b, EX_MIN, a) ||
        ext_has_operand(g, a, EX_MAX, b))
        return a;
    if (kb == EX_FULL || ka == EX_ZERO || ext_has_operand(g, a, EX_MIN, b) ||
        ext_has_operand(g, b, EX_MAX, a))
        return b;
    return ext_get(g, EX_MAX, a < b ? a : b, a < b ? b : a, -1, g->ext[a].dim);
}

// Rows that may be non-zero where both bounds hold: the smaller count.
static int ext_min(Cg *g, int a, int b) {
    if (a == b)
        return a;
    assert(dim_same(g->ext[a].dim, g->ext[b].dim));
    int ka = g->ext[a].kind, kb = g->ext[b].kind;
    if (kb == EX_FULL || ka == EX_ZERO || ext_has_operand(g, b, EX_MAX, a) ||
        ext_has_operand(g, a, EX_MIN, b))
        return a;
    if (ka == EX_FULL || kb == EX_ZERO || ext_has_operand(g, a, EX_MAX, b) ||
        ext_has_operand(g, b, EX_MIN, a))
        return b;
    return ext_get(g, EX_MIN, a < b ? a : b, a < b ? b : a, -1, g->ext[a].dim);
}

// The source rows that edges of type e into destinations [0, rows) come from:
// 1 + max(edge_src[e][k] for k < edge_ptr[e][rows]), 0 when there are none.
static int ext_reach(Cg *g, int e, int rows) {
    IrDim src = {DIM_NODES, g->m->edge_types[e].src};
    if (g->ext[rows].kind == EX_ZERO)
        return ext_get(g, EX_ZERO, -1, -1, -1, src);
    return ext_get(g, EX_REACH, rows, -1, e, src);
}

// The rows a gather by idx reads from a table of `rows`: 1 + max(idx) for the label ids, all
// rows for any other index.
static int ext_of_index(Cg *g, const IrNode *idx, IrDim rows) {
    const IrModule *m = g->m;
    bool src = idx->op == IR_LABEL_SRC, dst = idx->op == IR_LABEL_DST;
    if ((!src && !dst) || m->label_etype < 0 || rows.kind != DIM_NODES)
        return ext_full(g, rows);
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    if (rows.n != (src ? le->src : le->dst))
        return ext_full(g, rows);
    return ext_get(g, EX_LMAX, -1, -1, src ? 0 : 1, rows);
}

static int nz_of(const Cg *g, const IrNode *x) { return g->nz[x->id]; }

static int zero_suffix(Cg *g, const IrNode *x) {
    IrNode *const *in = x->in;
    switch (x->op) {
    case IR_ZEROS: return ext_get(g, EX_ZERO, -1, -1, -1, x->type.rows);
    case IR_SCATTER_ADD: return ext_of_index(g, in[1], x->type.rows);
    case IR_MATMUL: return x->ta ? ext_full(g, x->type.rows) : nz_of(g, in[0]);
    case IR_SCALE: case IR_RELU: return nz_of(g, in[0]);
    case IR_MUL: case IR_MUL_COL: case IR_ROWDOT: case IR_RELU_GRAD:
        return ext_min(g, nz_of(g, in[0]), nz_of(g, in[1]));
    case IR_ADD: case IR_SUB: return ext_max(g, nz_of(g, in[0]), nz_of(g, in[1]));
    case IR_AGG_SUM_T: case IR_AGG_MEAN_T: return ext_reach(g, x->etype, nz_of(g, in[0]));
    case IR_AGG_MAX_GRAD: return ext_reach(g, x->etype, nz_of(g, in[2]));
    default: return ext_full(g, x->type.rows);
    }
}

// Rows of the K dimension a^T b sums over: where both operands may be non-zero.
static int matmul_k_ext(Cg *g, const IrNode *x) {
    int a = nz_of(g, x->in[0]);
    return x->tb ? a : ext_min(g, a, nz_of(g, x->in[1]));
}

// The row count node x's kernel runs over, given the rows it computes: those rows, or for
// reductions over rows (and the transposed aggregations) the rows of the operand it reads.
static int work_of(Cg *g, const IrNode *x, int comp) {
    switch (x->op) {
    case IR_MATMUL: return x->ta ? matmul_k_ext(g, x) : comp;
    case IR_SUM_ROWS: case IR_SCATTER_ADD: case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
        return nz_of(g, x->in[0]);
    case IR_AGG_MAX_GRAD: return nz_of(g, x->in[2]);
    case IR_BCE_LOGITS: return ext_full(g, x->in[0]->type.rows);
    default: return comp;
    }
}

// Rows of operand k that node x reads, given the rows it computes.
static int reads(Cg *g, const IrNode *x, int k, int comp) {
    const IrNode *in = x->in[k];
    int full = ext_full(g, in->type.rows);
    switch (x->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_SCALE: case IR_RELU: case IR_RELU_GRAD:
    case IR_MUL_COL: case IR_ROWDOT:
        return comp;
    case IR_BIAS_ADD: return k == 0 ? comp : full;
    case IR_MATMUL:
        if (x->ta)
            return k == 0 || !x->tb ? matmul_k_ext(g, x) : full;
        return k == 0 ? comp : full;
    case IR_GATHER: return k == 0 ? ext_of_index(g, x->in[1], in->type.rows) : comp;
    case IR_SCATTER_ADD: case IR_SUM_ROWS: case IR_AGG_SUM_T: case IR_AGG_MEAN_T:
        return nz_of(g, x->in[0]);
    case IR_AGG_SUM: case IR_AGG_MEAN: case IR_AGG_MAX: return ext_reach(g, x->etype, comp);
    case IR_AGG_MAX_GRAD:  // out is not read (the kernel recomputes the max)
        return k == 0 ? ext_reach(g, x->etype, nz_of(g, x->in[2]))
             : k == 1 ? EXT_NONE : nz_of(g, x->in[2]);
    default: return full;
    }
}

static bool runs_in(const Cg *g, int mode, int i) { return mode == HGNN_RUN_TRAIN || g->fwd[i]; }

// need, comp and work of every node that runs in `mode`, by one walk from the outputs back.
static void plan_mode(Cg *g, int mode) {
    IrModule *m = g->m;
    int n = g->n_nodes;
    int *need = g->need[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *need);
    int *comp = g->comp[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *comp);
    int *work = g->work[mode] = arena_alloc(m->arena, (size_t)(n + 1) * sizeof *work);
    for (int i = 0; i < n; i++)
        need[i] = comp[i] = work[i] = EXT_NONE;
    if (m->scores)
        need[m->scores->id] = ext_full(g, m->scores->type.rows);
    if (m->loss)
        need[m->loss->id] = ext_full(g, m->loss->type.rows);
    for (int p = 0; mode == HGNN_RUN_TRAIN && p < m->n_params; p++)
        if (m->params[p].grad)
            need[m->params[p].grad->id] = ext_full(g, m->params[p].grad->type.rows);
    // Readers come after what they read, so a node's need is final when the walk reaches it.
    for (int i = n - 1; i >= 0; i--) {
        IrNode *x = g->nodes[i];
        if (!runs_in(g, mode, i))
            continue;
        if (need[i] == EXT_NONE || g->off & CODEGEN_NO_EXTENTS)
            need[i] = ext_full(g, x->type.rows);
        comp[i] = ext_min(g, need[i], g->nz[i]);
        work[i] = work_of(g, x, comp[i]);
        for (int k = 0; k < ir_op_arity(x->op); k++) {
            int in = x->in[k]->id;
            need[in] = ext_max(g, need[in], reads(g, x, k, comp[i]));
        }
    }
}

static void plan_extents(Cg *g) {
    int n = g->n_nodes;
    g->nz = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->nz);
    for (int i = 0; i < n; i++)
        g->nz[i] = g->off & CODEGEN_NO_EXTENTS ? ext_full(g, g->nodes[i]->type.rows)
                                               : zero_suffix(g, g->nodes[i]);
    plan_mode(g, HGNN_RUN_FORWARD);
    plan_mode(g, HGNN_RUN_TRAIN);
}

// ---- planning: where each value lives ----------------------------------------------------------

static bool is_leaf(IrOp op) {
    return op == IR_PARAM || op == IR_NODE_IDS || op == IR_FEATURES || op == IR_LABELS ||
           op == IR_LABEL_SRC || op == IR_LABEL_DST;
}

// Fuses add(p, q), where q is a matmul computed after p and both are read by nothing else: p
// writes straight into the add's storage and q's sgemm accumulates onto it (beta = 1), so the
// add costs nothing. SAGE's lin_l(..) + lin_r(x) and the adjoints that sum two paths fuse so.
// Extents need not agree: p (with its zero fill) writes the add's comp rows, which are p's need;
// q accumulates only its own comp rows, as its rows past them are zero (so q fills no zeros).
static void plan_fusion(Cg *g, const int *last) {
    int n = g->n_nodes;
    g->into = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->into);
    g->accum = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->accum);
    g->bias = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->bias);
    g->fill = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->fill);
    g->fused = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *g->fused);
    int *uses = arena_alloc(g->m->arena, (size_t)(n + 1) * sizeof *uses);
    for (int i = 0; i < n; i++) {
        g->into[i] = g->bias[i] = g->fill[i] = -1;
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            uses[g->nodes[i]->in[k]->id]++;
    }
    if (g->off & CODEGEN_NO_FUSE)
        return;
    // bias_add(matmul, b): the matmul's output starts as b in every row and sgemm accumulates
    // onto it, which saves the pass over the result that bias_add would make.
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        if (x->op != IR_BIAS_ADD)
            continue;
        int q = x->in[0]->id, b = x->in[1]->id;
        bool ok = g->nodes[q]->op == IR_MATMUL && g->store[q] == ST_SLOT && uses[q] == 1 &&
                  last[q] == i && b < q && g->fwd[q] == g->fwd[i];
        if (!ok)
            continue;
        g->into[q] = i;
        g->accum[q] = true;
        g->bias[q] = b;
        g->fill[q] = i;
        g->fused[i] = true;
    }
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        if (x->op != IR_ADD || x->in[0] == x->in[1])
            continue;
        int a = x->in[0]->id, b = x->in[1]->id;
        int p = a < b ? a : b, q = a < b ? b : a;   // q runs after p
        IrNode *qn = g->nodes[q];
        bool ok = qn->op == IR_MATMUL && g->store[p] == ST_SLOT && g->store[q] == ST_SLOT &&
                  uses[p] == 1 && uses[q] == 1 && last[p] == i && last[q] == i &&
                  g->into[p] < 0 && g->into[q] < 0 && g->fwd[p] == g->fwd[i] &&
                  g->fwd[q] == g->fwd[i];
        if (!ok)
            continue;
        g->into[p] = g->into[q] = i;
        g->accum[q] = true;
        g->fused[i] = true;
    }
    // A fused bias_add or add may itself be an operand of a fused add (a sum of three terms):
    // what writes into it writes the outer add's storage.
    for (int i = n - 1; i >= 0; i--)
        if (g->into[i] >= 0 && g->into[g->into[i]] >= 0)
            g->into[i] = g->into[g->into[i]];
}

// Assigns storage. Slots are planned over the training order (every node); forward mode runs a
// subset of the same nodes in the same order, so the plan is valid for it too. A slot is reused
// by a later value of the same shape once the last reader of its value has run.
static void plan(Cg *g) {
    IrModule *m = g->m;
    ir_number(m);
    int n = 0;
    for (IrNode *x = m->head; x; x = x->next)
        n++;
    Arena *a = m->arena;
    g->n_nodes = n;
    g->nodes = arena_alloc(a, (size_t)(n + 1) * sizeof *g->nodes);
    g->store = arena_alloc(a, (size_t)(n + 1) * sizeof *g->store);
    g->slot = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot);
    g->fwd = arena_alloc(a, (size_t)(n + 1) * sizeof *g->fwd);
    int *last = arena_alloc(a, (size_t)(n + 1) * sizeof *last);
    for (IrNode *x = m->head; x; x = x->next)
        g->nodes[x->id] = x;

    if (m->scores)
        g->fwd[m->scores->id] = true;
    if (m->loss)
        g->fwd[m->loss->id] = true;
    for (int i = n - 1; i >= 0; i--)
        if (g->fwd[i])
            for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
                g->fwd[g->nodes[i]->in[k]->id] = true;

    for (int i = 0; i < n; i++) {
        g->store[i] = is_leaf(g->nodes[i]->op) ? ST_LEAF : ST_SLOT;
        g->slot[i] = -1;
        last[i] = -1;
    }
    if (m->scores && g->store[m->scores->id] == ST_SLOT)
        g->store[m->scores->id] = ST_SCORES;
    if (m->loss && g->store[m->loss->id] == ST_SLOT)
        g->store[m->loss->id] = ST_LOSS;
    for (int p = 0; p < m->n_params; p++) {
        IrNode *gr = m->params[p].grad;
        if (!gr)
            continue;
        if (g->store[gr->id] == ST_SLOT) {
            g->store[gr->id] = ST_GRAD;
            g->slot[gr->id] = p;
        } else {
            last[gr->id] = n;  // copied into grads[p] after the last node
        }
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            if (last[g->nodes[i]->in[k]->id] < i)
                last[g->nodes[i]->in[k]->id] = i;

    plan_extents(g);
    plan_fusion(g, last);

    g->slot_rows = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot_rows);
    g->slot_cols = arena_alloc(a, (size_t)(n + 1) * sizeof *g->slot_cols);
    bool *busy = arena_alloc(a, (size_t)(n + 1) * sizeof *busy);
    g->n_slots = 0;
    for (int i = 0; i < n; i++) {
        IrNode *x = g->nodes[i];
        // The first operand of a fused add opens the add's storage; the add itself and its
        // matmul write into what is already there.
        int own = g->into[i] >= 0 ? g->into[i] : i;
        if (g->store[own] == ST_SLOT && g->slot[own] < 0) {
            IrNode *o = g->nodes[own];
            int s = -1;
            for (int k = 0; k < g->n_slots && s < 0 && !(g->off & CODEGEN_NO_REUSE); k++)
                if (!busy[k] && dim_same(g->slot_rows[k], o->type.rows) &&
                    g->slot_cols[k] == o->type.cols)
                    s = k;
            if (s < 0) {
                s = g->n_slots++;
                g->slot_rows[s] = o->type.rows;
                g->slot_cols[s] = o->type.cols;
            }
            busy[s] = true;
            g->slot[own] = s;
        }
        // Release after the node: an output never shares memory with its own operands.
        for (int k = 0; k < ir_op_arity(x->op); k++) {
            int in = x->in[k]->id;
            if (g->store[in] == ST_SLOT && g->into[in] < 0 && last[in] == i)
                busy[g->slot[in]] = false;
        }
        if (g->store[i] == ST_SLOT && g->into[i] < 0 && last[i] < 0)
            busy[g->slot[i]] = false;
    }
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

// Lays the slots out one after another, each rounded up to 16 floats (64 bytes); returns the
// total and, when ws is given, stores each slot's address in base.
static LLVMValueRef layout(Cg *g, LLVMBuilderRef b, LLVMValueRef ws, LLVMValueRef *base) {
    LLVMValueRef off = ci64(g, 0);
    for (int s = 0; s < g->n_slots; s++) {
        if (ws) {
            char name[24];
            snprintf(name, sizeof name, "slot%d", s);
            base[s] = LLVMBuildInBoundsGEP2(b, g->f32, ws, &off, 1, name);
        }
        LLVMValueRef size = mul(b, rows_of(g, g->slot_rows[s]), ci64(g, g->slot_cols[s]));
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

static LLVMValueRef load_ptr_at(Cg *g, LLVMValueRef arr, int i, const char *name) {
    return LLVMBuildLoad2(g->b, g->ptr, gep(g, g->b, g->ptr, arr, ci64(g, i)), name);
}

static void call_kernel(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, int n) {
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
    if (g->n_wrap == g->cap_wrap) {
        int cap = g->cap_wrap ? 2 * g->cap_wrap : 32;
        Wrap *w = arena_alloc(g->m->arena, (size_t)cap * sizeof *w);
        if (g->n_wrap)
            memcpy(w, g->wrap, (size_t)g->n_wrap * sizeof *w);
        g->wrap = w;
        g->cap_wrap = cap;
    }
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
static void call_par(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, const ParArg *pa, int n,
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

// The value of extent e in the function being built (emit_extents computed it).
static LLVMValueRef ext_val(Cg *g, int e) {
    assert(e >= 0 && g->extv[e]);
    return g->extv[e];
}

static LLVMValueRef comp_rows(Cg *g, const IrNode *x) {
    return ext_val(g, g->comp[g->mode][x->id]);
}

static LLVMValueRef work_rows(Cg *g, const IrNode *x) {
    return ext_val(g, g->work[g->mode][x->id]);
}

// Smallest slices worth a fork-join (a few microseconds): rows of a generated gemm (a multiple of
// 4, its row block), rows of an aggregation, rows of a cheap row-wise kernel, output rows of a
// scatter (each slice reads every index), floats of an elementwise one.
#define GRAIN_GEMM 64
#define GRAIN_AGG 128
#define GRAIN_ROWS 256
#define GRAIN_SCATTER 512
#define GRAIN_ELEMS 16384

// Parameter p's gradient is sparse (HGNN_PARAM_SPARSE_GRAD): p is an embedding over all nodes of
// type t, and its gradient is one scatter of batch rows at node_ids[t], computed in place in the
// caller's buffer and read by nothing else. Rows outside node_ids[t] are zero, so
// HGNN_RUN_TRAIN_SPARSE may leave them alone.
static bool sparse_param(const Cg *g, int p) {
    const IrParam *pa = &g->m->params[p];
    const IrNode *gr = pa->grad;
    if (!gr || pa->rows.kind != DIM_GRAPH || gr->op != IR_SCATTER_ADD ||
        gr->in[1]->op != IR_NODE_IDS || gr->in[1]->ntype != pa->rows.n ||
        g->store[gr->id] != ST_GRAD || g->slot[gr->id] != p || g->into[gr->id] >= 0 ||
        (g->off & CODEGEN_NO_SPARSE_GRAD))
        return false;
    for (int i = 0; i < g->n_nodes; i++)
        for (int k = 0; k < ir_op_arity(g->nodes[i]->op); k++)
            if (g->nodes[i]->in[k] == gr)
                return false;
    return true;
}

static bool sparse_scatter(const Cg *g, const IrNode *x) {
    return x->op == IR_SCATTER_ADD && g->store[x->id] == ST_GRAD && sparse_param(g, g->slot[x->id]);
}

// Emits the code of one node: a leaf yields a pointer, any other op a kernel call writing the
// node's computed rows (see plan_extents) into its storage. Kernels that matter run as parallel
// loops (call_par); small ones stay serial.
static void emit_op(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params,
                    LLVMValueRef sgemm) {
    LLVMBuilderRef b = g->b;
    LLVMValueRef out = g->val[x->id];
    LLVMValueRef in[IR_MAX_IN] = {0};
    for (int k = 0; k < ir_op_arity(x->op); k++)
        in[k] = g->val[x->in[k]->id];
    LLVMValueRef C = ci64(g, x->type.cols), rows = NULL;
    if (!is_leaf(x->op))
        rows = comp_rows(g, x);
    int64_t c = x->type.cols;
    char name[32];
    snprintf(name, sizeof name, "v%d", x->id);
    switch (x->op) {
    case IR_PARAM: g->val[x->id] = load_ptr_at(g, params, x->param, name); return;
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
        if (g->bias[x->id] >= 0) {
            // The bias fills the bias_add's rows; the product then adds its own (plan_fusion).
            LLVMValueRef fill_rows = comp_rows(g, g->nodes[g->fill[x->id]]);
            LLVMValueRef fill[3] = {out, g->val[g->bias[x->id]], fill_rows};
            ParArg pa[3] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_COUNT, 0}};
            call_par(g, K_BIAS_FILL, c, fill, pa, 3, fill_rows, ci64(g, GRAIN_ROWS));
        }
        // Products with a constant inner dimension and 16..64 output columns (the layers' x W^T
        // and their input adjoints) use the generated gemm; 24% faster than OpenBLAS's Haswell
        // kernels here, on par with SkylakeX's. -fno-gemm sends every product to sgemm and
        // -fno-gemm-tn the weight gradients, for comparisons.
        int64_t K = a->type.cols;
        bool own = !x->ta && c % 16 == 0 && c <= 64 && K >= 1 && K <= 256;
        if (own && !(g->off & CODEGEN_NO_GEMM)) {
            LLVMValueRef args[5] = {out, in[0], in[1], rows, cf32(g, g->accum[x->id] ? 1 : 0)};
            ParArg pa[5] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * K}, {PA_SAME, 0}, {PA_COUNT, 0},
                            {PA_SAME, 0}};
            call_par(g, x->tb ? K_GEMM_NT : K_GEMM_NN, GEMM_KEY(K, c), args, pa, 5, rows,
                     ci64(g, GRAIN_GEMM));
            return;
        }
        // a^T b, the weight adjoints: M = a's columns, K = the rows (a run-time count).
        bool own_tn = x->ta && !x->tb && c % 16 == 0 && c <= 64 && K <= 256;
        if (own_tn && !(g->off & (CODEGEN_NO_GEMM | CODEGEN_NO_GEMM_TN))) {
            // Split by groups of four output rows; a short sum stays on one thread.
            LLVMValueRef args[7] = {out, in[0], in[1], kdim, cf32(g, g->accum[x->id] ? 1 : 0),
                                    ci64(g, 0), ci64(g, 0)};
            ParArg pa[7] = {{PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0},
                            {PA_SAME, 0}, {PA_LO, 0}, {PA_HI, 0}};
            LLVMValueRef units = ci64(g, (K + 3) / 4);
            LLVMValueRef grain = LLVMBuildSelect(
                b, LLVMBuildICmp(b, LLVMIntSGE, kdim, ci64(g, GRAIN_GEMM), ""), ci64(g, 1), units,
                "");
            call_par(g, K_GEMM_TN, GEMM_KEY(K, c), args, pa, 7, units, grain);
            return;
        }
        LLVMValueRef args[12] = {sgemm, ci32(g, x->ta), ci32(g, x->tb), rows, C, kdim, in[0],
                                 ci64(g, a->type.cols), in[1], ci64(g, bb->type.cols), out,
                                 cf32(g, g->accum[x->id] ? 1 : 0)};
        call_kernel(g, x->op, 0, args, 12);
        return;
    }
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_RELU_GRAD: {
        if (g->fused[x->id])
            return;  // its operands already wrote the sum (plan_fusion)
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], in[1], n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_SCALE: {
        LLVMValueRef n = mul(b, rows, C), args[4] = {out, in[0], cf32(g, x->f), n};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_SAME, 0}, {PA_COUNT, 0}};
        call_par(g, x->op, 0, args, pa, 4, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_RELU: {
        LLVMValueRef n = mul(b, rows, C), args[3] = {out, in[0], n};
        ParArg pa[3] = {{PA_PTR, 4}, {PA_PTR, 4}, {PA_COUNT, 0}};
        call_par(g, x->op, 0, args, pa, 3, n, ci64(g, GRAIN_ELEMS));
        return;
    }
    case IR_BIAS_ADD: case IR_MUL_COL: {
        if (g->fused[x->id])
            return;  // its matmul started from the bias (plan_fusion)
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_PTR, 4 * c},
                        {x->op == IR_MUL_COL ? PA_PTR : PA_SAME, 4}, {PA_COUNT, 0}};
        call_par(g, x->op, c, args, pa, 4, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_ROWDOT: {
        int64_t w = x->in[0]->type.cols;
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4}, {PA_PTR, 4 * w}, {PA_PTR, 4 * w}, {PA_COUNT, 0}};
        call_par(g, x->op, w, args, pa, 4, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_SUM_ROWS: {
        LLVMValueRef args[3] = {out, in[0], work_rows(g, x)};
        call_kernel(g, x->op, c, args, 3);
        return;
    }
    case IR_GATHER: {
        LLVMValueRef args[4] = {out, in[0], in[1], rows};
        ParArg pa[4] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_PTR, 4}, {PA_COUNT, 0}};
        call_par(g, x->op, c, args, pa, 4, rows, ci64(g, GRAIN_ROWS));
        return;
    }
    case IR_SCATTER_ADD: {
        // Source rows past work are zero; rows past `rows` are read by no one, so they need
        // no zeros (see plan_extents).
        // A sparse gradient in HGNN_RUN_TRAIN_SPARSE mode zeros only its N_t batch rows.
        LLVMValueRef zn = ci64(g, -1);
        if (g->sparse && sparse_scatter(g, x))
            zn = LLVMBuildSelect(g->b, g->sparse, rows_of(g, x->in[1]->type.rows), zn, "zn");
        LLVMValueRef args[8] = {out,       in[0],     in[1], work_rows(g, x), rows, ci64(g, 0),
                                ci64(g, 0), zn};
        ParArg pa[8] = {{PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0}, {PA_SAME, 0},
                        {PA_LO, 0},   {PA_HI, 0},   {PA_SAME, 0}};
        call_par(g, x->op, c, args, pa, 8, rows, ci64(g, GRAIN_SCATTER));
        return;
    }
    default: break;
    }
    if (x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) {
        LLVMValueRef eptr = batch_field(g, batch, BF_EDGE_PTR, x->etype);
        LLVMValueRef esrc = batch_field(g, batch, BF_EDGE_SRC, x->etype);
        // Forward: the destinations computed; adjoints: the destinations whose dy is not zero,
        // whose edges reach only the nz first sources, which the kernel zeroes first.
        LLVMValueRef nd = work_rows(g, x), ns = ext_val(g, g->nz[x->id]);
        if (x->op <= IR_AGG_MAX) {
            LLVMValueRef args[5] = {out, in[0], eptr, esrc, nd};
            ParArg pa[5] = {{PA_PTR, 4 * c}, {PA_SAME, 0}, {PA_PTR, 4}, {PA_SAME, 0},
                            {PA_COUNT, 0}};
            call_par(g, x->op, c, args, pa, 5, nd, ci64(g, GRAIN_AGG));
        } else if (x->op != IR_AGG_MAX_GRAD) {
            LLVMValueRef args[6] = {out, in[0], eptr, esrc, nd, ns};
            call_kernel(g, x->op, c, args, 6);
        } else {
            LLVMValueRef args[7] = {out, in[0], in[2], eptr, esrc, nd, ns};
            call_kernel(g, x->op, c, args, 7);
        }
        return;
    }
    if (x->op == IR_BCE_LOGITS) {
        LLVMValueRef args[4] = {out, in[0], in[1], rows_of(g, x->in[0]->type.rows)};
        call_kernel(g, x->op, 0, args, 4);
        return;
    }
    if (x->op == IR_BCE_GRAD) {
        LLVMValueRef args[5] = {out, in[0], in[1], in[2], rows};
        call_kernel(g, x->op, 0, args, 5);
        return;
    }
    assert(0 && "op without code generation");
}

static void emit_node(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params,
                      LLVMValueRef sgemm) {
    emit_op(g, x, batch, params, sgemm);
    // Rows past the zero suffix that some reader reads are written as zeros. A product that
    // accumulates into a fused add or bias_add adds zeros there: nothing to write.
    int comp = g->comp[g->mode][x->id], need = g->need[g->mode][x->id];
    if (comp == need || g->accum[x->id])
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
    bool *used = arena_alloc(m->arena, (size_t)g->n_ext + 1);
    for (int md = HGNN_RUN_FORWARD; md <= HGNN_RUN_TRAIN; md++) {
        if (mode >= 0 && md != mode)
            continue;
        for (int i = 0; i < g->n_nodes; i++) {
            if (g->comp[md][i] == EXT_NONE)
                continue;  // the node does not run in this mode
            used[g->comp[md][i]] = used[g->need[md][i]] = used[g->work[md][i]] = true;
            used[g->nz[i]] = true;
        }
    }
    for (int k = g->n_ext - 1; k >= 0; k--) {
        const Ext *x = &g->ext[k];
        if (used[k] && (x->kind == EX_REACH || x->kind == EX_MAX || x->kind == EX_MIN))
            used[x->a] = true;
        if (used[k] && (x->kind == EX_MAX || x->kind == EX_MIN))
            used[x->b] = true;
    }
    LLVMValueRef nl = g->dimv[HGNN_DIM_L(m->n_node_types, m->n_edge_types)];
    for (int k = 0; k < g->n_ext; k++) {
        const Ext *x = &g->ext[k];
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
    g->sparse = train ? LLVMBuildICmp(b, LLVMIntEQ, LLVMGetParam(fn, 0),
                                      ci32(g, HGNN_RUN_TRAIN_SPARSE), "sparse")
                      : NULL;

    load_dims(g, b, batch_field(g, batch, BF_DIMS, -1));
    LLVMValueRef *base = arena_alloc(m->arena, (size_t)(g->n_slots + 1) * sizeof *base);
    layout(g, b, ws, base);
    LLVMValueRef sgemm = LLVMBuildLoad2(b, g->ptr,
                                        LLVMBuildStructGEP2(b, g->host_ty, host, 0, ""), "sgemm");
    LLVMValueRef pf = LLVMBuildLoad2(b, g->ptr, LLVMBuildStructGEP2(b, g->host_ty, host, 2, ""),
                                     "parallel_for");
    g->par_for = LLVMBuildSelect(b, LLVMBuildIsNull(b, pf, ""), g->serial_for, pf, "");
    g->par_pool = LLVMBuildLoad2(b, g->ptr, LLVMBuildStructGEP2(b, g->host_ty, host, 3, ""),
                                 "pool");
    g->mode = train ? HGNN_RUN_TRAIN : HGNN_RUN_FORWARD;
    emit_extents(g, batch, g->mode);
    for (int i = 0; i < g->n_nodes; i++)
        g->val[i] = NULL;
    for (int i = 0; i < g->n_nodes; i++) {
        IrNode *x = g->nodes[i];
        if (!runs_in(g, g->mode, i))
            continue;
        int own = g->into[i] >= 0 ? g->into[i] : i;  // a fused add's operands write its storage
        if (!g->val[own]) {
            switch (g->store[own]) {
            case ST_SLOT: g->val[own] = base[g->slot[own]]; break;
            case ST_SCORES: g->val[own] = LLVMGetParam(fn, 6); break;
            case ST_LOSS: g->val[own] = LLVMGetParam(fn, 7); break;
            case ST_GRAD:
                if (train)
                    g->val[own] = load_ptr_at(g, grads, g->slot[own], "grad");
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
            if (gr && g->store[gr->id] == ST_GRAD && g->slot[gr->id] == p)
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
    g->sparse = NULL;
    return fn;
}

// int64_t hgnn_model_rows(int32_t mode, const HgnnBatch *batch, int64_t *out) (codegen.h): the
// extents of both modes from the same emit_extents as run(), stored per node instead of used.
static void build_rows_fn(Cg *g) {
    LLVMTypeRef args[3] = {g->i32, g->ptr, g->ptr};
    LLVMValueRef fn = LLVMAddFunction(g->mod, CODEGEN_ROWS_SYMBOL,
                                      LLVMFunctionType(g->i64, args, 3, 0));
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
    LLVMBuildRet(b, ci64(g, g->n_nodes));
    LLVMPositionBuilderAtEnd(b, ext);
    load_dims(g, b, batch_field(g, batch, BF_DIMS, -1));
    emit_extents(g, batch, -1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN), ""),
                    blk[HGNN_RUN_TRAIN], blk[HGNN_RUN_FORWARD]);
    for (int md = HGNN_RUN_FORWARD; md <= HGNN_RUN_TRAIN; md++) {
        LLVMPositionBuilderAtEnd(b, blk[md]);
        for (int i = 0; i < g->n_nodes; i++) {
            IrNode *x = g->nodes[i];
            LLVMValueRef rows = ci64(g, -1), edges = ci64(g, 0);
            if (runs_in(g, md, i) && !is_leaf(x->op))
                rows = ext_val(g, g->work[md][i]);
            if (runs_in(g, md, i) && x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD)
                edges = load_idx(g, b, batch_field(g, batch, BF_EDGE_PTR, x->etype), rows);
            store_at(g, b, g->i64, rows, out, ci64(g, 2 * i));
            store_at(g, b, g->i64, edges, out, ci64(g, 2 * i + 1));
        }
        LLVMBuildRet(b, ci64(g, g->n_nodes));
    }
}

// ---- constant tables ---------------------------------------------------------------------------

static LLVMValueRef cstr(Cg *g, const char *s) {
    if (!s)
        return LLVMConstPointerNull(g->ptr);
    LLVMValueRef init = LLVMConstStringInContext(g->ctx, s, (unsigned)strlen(s), 0);
    LLVMValueRef gv = LLVMAddGlobal(g->mod, LLVMTypeOf(init), ".str");
    LLVMSetInitializer(gv, init);
    LLVMSetGlobalConstant(gv, 1);
    LLVMSetLinkage(gv, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(gv, LLVMGlobalUnnamedAddr);
    return gv;
}

static LLVMValueRef const_table(Cg *g, const char *name, LLVMTypeRef elem, LLVMValueRef *v,
                                int n) {
    if (n == 0)
        return LLVMConstPointerNull(g->ptr);
    LLVMValueRef init = LLVMConstArray2(elem, v, (uint64_t)n);
    LLVMValueRef gv = LLVMAddGlobal(g->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(gv, init);
    LLVMSetGlobalConstant(gv, 1);
    LLVMSetLinkage(gv, LLVMInternalLinkage);
    return gv;
}

static LLVMTypeRef named_struct(Cg *g, const char *name, LLVMTypeRef *fields, int n) {
    LLVMTypeRef t = LLVMStructCreateNamed(g->ctx, name);
    LLVMStructSetBody(t, fields, (unsigned)n, 0);
    return t;
}

// The HgnnModel constant and its tables, laid out as the C compiler lays out hgnn/abi.h's
// structs (natural alignment, which LLVM's default struct layout reproduces on x86-64).
static LLVMValueRef build_model(Cg *g, LLVMValueRef ws_fn, LLVMValueRef run_fn) {
    IrModule *m = g->m;
    LLVMTypeRef nt_f[2] = {g->ptr, g->i32};
    LLVMTypeRef nt_ty = named_struct(g, "HgnnNodeType", nt_f, 2);
    LLVMTypeRef et_f[5] = {g->ptr, g->ptr, g->i32, g->i32, g->i32};
    LLVMTypeRef et_ty = named_struct(g, "HgnnEdgeType", et_f, 5);
    LLVMTypeRef pa_f[7] = {g->ptr, g->i32, g->i32, g->i64, g->i64, g->f32, g->i32};
    LLVMTypeRef pa_ty = named_struct(g, "HgnnParam", pa_f, 7);
    LLVMTypeRef df_f[13] = {g->i32, g->i32, g->i32, LLVMArrayType2(g->i32, HGNN_MAX_HOPS), g->f32,
                            g->f32, g->f32, g->f32, g->f32, g->f32, g->f32, g->f32, g->f32};
    LLVMTypeRef df_ty = named_struct(g, "HgnnDefaults", df_f, 13);
    LLVMTypeRef mo_f[14] = {g->i32, g->i32, g->ptr, g->ptr, g->i32, g->i32, g->ptr,
                            g->ptr, g->i32, g->i32, g->ptr, df_ty,  g->ptr, g->ptr};
    LLVMTypeRef mo_ty = named_struct(g, "HgnnModel", mo_f, 14);

    LLVMValueRef nts[IR_MAX_NODE_TYPES], ets[IR_MAX_EDGE_TYPES];
    for (int t = 0; t < m->n_node_types; t++) {
        LLVMValueRef f[2] = {cstr(g, m->node_types[t].name),
                             ci32(g, (int32_t)m->node_types[t].feat_width)};
        nts[t] = LLVMConstNamedStruct(nt_ty, f, 2);
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        const IrEdgeType *et = &m->edge_types[e];
        LLVMValueRef f[5] = {cstr(g, et->name), cstr(g, et->rel), ci32(g, et->src),
                             ci32(g, et->dst), ci32(g, et->reverse_of)};
        ets[e] = LLVMConstNamedStruct(et_ty, f, 5);
    }
    LLVMValueRef *pas = arena_alloc(m->arena, (size_t)(m->n_params + 1) * sizeof *pas);
    for (int p = 0; p < m->n_params; p++) {
        const IrParam *pa = &m->params[p];
        bool con = pa->rows.kind == DIM_CONST;
        LLVMValueRef f[7] = {cstr(g, pa->name), ci32(g, con ? -1 : ir_dim_index(m, pa->rows)),
                             ci32(g, pa->init), ci64(g, con ? pa->rows.n : 0), ci64(g, pa->cols),
                             cf32(g, pa->init_a),
                             ci32(g, sparse_param(g, p) ? HGNN_PARAM_SPARSE_GRAD : 0)};
        pas[p] = LLVMConstNamedStruct(pa_ty, f, 7);
    }
    const HgnnDefaults *d = &m->defaults;
    LLVMValueRef fan[HGNN_MAX_HOPS];
    for (int h = 0; h < HGNN_MAX_HOPS; h++)
        fan[h] = ci32(g, d->fanout[h]);
    LLVMValueRef df[13] = {ci32(g, d->epochs), ci32(g, d->batch_size), ci32(g, d->n_hops),
                           LLVMConstArray2(g->i32, fan, HGNN_MAX_HOPS), cf32(g, d->lr),
                           cf32(g, d->neg_ratio), cf32(g, d->val_frac), cf32(g, d->test_frac),
                           cf32(g, d->disjoint_frac), cf32(g, d->adam_beta1),
                           cf32(g, d->adam_beta2), cf32(g, d->adam_eps), cf32(g, d->weight_decay)};
    LLVMValueRef mf[14] = {
        LLVMConstInt(g->i32, HGNN_MAGIC, 0),
        ci32(g, HGNN_ABI_VERSION),
        cstr(g, m->name ? m->name : "model"),
        cstr(g, HGNN_COMPILER_ID),
        ci32(g, m->n_node_types),
        ci32(g, m->n_edge_types),
        const_table(g, "node_types", nt_ty, nts, m->n_node_types),
        const_table(g, "edge_types", et_ty, ets, m->n_edge_types),
        ci32(g, m->label_etype),
        ci32(g, m->n_params),
        const_table(g, "params", pa_ty, pas, m->n_params),
        LLVMConstNamedStruct(df_ty, df, 13),
        ws_fn,
        run_fn,
    };
    LLVMValueRef model = LLVMAddGlobal(g->mod, mo_ty, "model");
    LLVMSetInitializer(model, LLVMConstNamedStruct(mo_ty, mf, 14));
    LLVMSetGlobalConstant(model, 1);
    LLVMSetLinkage(model, LLVMInternalLinkage);
    return model;
}

// ---- the module --------------------------------------------------------------------------------

static LLVMTargetMachineRef host_machine(int opt_level, char *err, size_t err_len) {
    static bool ready;
    if (!ready) {
        if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
            set_err(err, err_len, "LLVM has no code generator for this machine");
            return NULL;
        }
        ready = true;
    }
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
        if (!is_leaf(x->op) && x->op != IR_ZEROS && x->op != IR_ONE && !kernel_sig(x->op)) {
            set_err(err, err_len, "internal error: no code generation for op '%s'",
                    ir_op_name(x->op));
            return false;
        }
        if (x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD &&
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
static bool build(Cg *g, IrModule *m, unsigned off, LLVMTargetMachineRef tm, char *err,
                  size_t err_len) {
    memset(g, 0, sizeof *g);
    if (!check_module(m, err, err_len))
        return false;
    g->m = m;
    g->off = off;
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
    LLVMTypeRef bf[9] = {g->ptr,
                         LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                         LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                         LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                         LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                         LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                         g->ptr,
                         g->ptr,
                         g->ptr};
    g->batch_ty = named_struct(g, "HgnnBatch", bf, 9);
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

    plan(g);
    g->dimv = arena_alloc(m->arena, (HGNN_NUM_DIMS(IR_MAX_NODE_TYPES, IR_MAX_EDGE_TYPES) + 1) *
                                        sizeof *g->dimv);
    g->val = arena_alloc(m->arena, (size_t)(g->n_nodes + 1) * sizeof *g->val);
    g->extv = arena_alloc(m->arena, (size_t)(g->n_ext + 1) * sizeof *g->extv);

    // int64_t workspace_floats(const int64_t *dims)
    LLVMTypeRef wty = LLVMFunctionType(g->i64, &g->ptr, 1, 0);
    LLVMValueRef wfn = LLVMAddFunction(g->mod, "workspace_floats", wty);
    LLVMSetLinkage(wfn, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(g->b, LLVMAppendBasicBlockInContext(g->ctx, wfn, "entry"));
    load_dims(g, g->b, LLVMGetParam(wfn, 0));
    LLVMBuildRet(g->b, layout(g, g->b, NULL, NULL));

    LLVMTypeRef rargs[8] = {g->i32, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
    LLVMTypeRef rty = LLVMFunctionType(g->vd, rargs, 8, 0);
    LLVMValueRef fwd = build_run(g, "run_forward", false, rty);
    LLVMValueRef train = build_run(g, "run_train", true, rty);

    // void run(int32_t mode, ...): dispatches on the mode; both train modes are run_train.
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
    LLVMBuildCondBr(g->b,
                    LLVMBuildOr(g->b,
                                LLVMBuildICmp(g->b, LLVMIntEQ, mode, ci32(g, HGNN_RUN_TRAIN), ""),
                                LLVMBuildICmp(g->b, LLVMIntEQ, mode,
                                              ci32(g, HGNN_RUN_TRAIN_SPARSE), ""),
                                ""),
                    tb, fb);
    LLVMPositionBuilderAtEnd(g->b, tb);
    LLVMBuildCall2(g->b, rty, train, a, 8, "");
    LLVMBuildRetVoid(g->b);
    LLVMPositionBuilderAtEnd(g->b, fb);
    LLVMBuildCall2(g->b, rty, fwd, a, 8, "");
    LLVMBuildRetVoid(g->b);

    LLVMValueRef model = build_model(g, wfn, run);
    build_rows_fn(g);
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
    LLVMTargetMachineRef tm = host_machine(opt->opt_level, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt->off, tm, err, err_len);
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
    LLVMTargetMachineRef tm = host_machine(opt->opt_level, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt->off, tm, err, err_len) &&
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

// ---- shared objects ----------------------------------------------------------------------------

static bool write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

// Runs argv (found on PATH) and waits; returns its exit status, or -1 when it did not run.
static int run_tool(char *const argv[]) {
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        errno = rc;  // posix_spawnp returns the error instead of setting errno
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int codegen_shared_object(IrModule *m, const CodegenOptions *opt, const char *path, char *err,
                          size_t err_len) {
    char *obj;
    size_t len;
    if (codegen_object(m, opt, &obj, &len, err, err_len))
        return -1;
    size_t pl = strlen(path);
    char *tmp_o = malloc(pl + 16), *tmp_so = malloc(pl + 16);
    int rc = -1, fd = -1;
    if (!tmp_o || !tmp_so) {
        set_err(err, err_len, "out of memory");
        goto out;
    }
    // Temporaries sit beside the output so the final rename stays within one file system.
    snprintf(tmp_o, pl + 16, "%s.o.XXXXXX", path);
    snprintf(tmp_so, pl + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp_o);
    if (fd < 0) {
        set_err(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        tmp_o[0] = 0;
        goto out;
    }
    if (!write_all(fd, obj, len) || close(fd) != 0) {
        fd = -1;
        set_err(err, err_len, "cannot write '%s': %s", tmp_o, strerror(errno));
        goto out;
    }
    fd = mkstemp(tmp_so);
    if (fd < 0) {
        set_err(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        tmp_so[0] = 0;
        goto out;
    }
    close(fd);
    fd = -1;
    const char *cc = getenv("HGNN_CC");
    char *argv[] = {(char *)(cc && *cc ? cc : "cc"), "-shared", "-o", tmp_so, tmp_o, "-lm", NULL};
    int st = run_tool(argv);
    if (st != 0) {
        if (st < 0)
            set_err(err, err_len, "cannot run the linker '%s': %s", argv[0], strerror(errno));
        else
            set_err(err, err_len, "linker '%s' failed (status %d) making '%s'", argv[0], st,
                    path);
        goto out;
    }
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp_so, 0755 & ~mask);
    fd = open(tmp_so, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
        fd = -1;
    }
    if (rename(tmp_so, path) != 0) {
        set_err(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        goto out;
    }
    tmp_so[0] = 0;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (tmp_o && tmp_o[0])
        unlink(tmp_o);
    if (tmp_so && tmp_so[0])
        unlink(tmp_so);
    free(tmp_o);
    free(tmp_so);
    free(obj);
    return rc;
}
