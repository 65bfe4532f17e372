// cg.h — state shared by the LLVM emitter (codegen.c: the module; cg_entry.c: its functions;
// cg_emit.c: one node's code), its kernel builders (cg_kernels.c, cg_attention.c, cg_gemm.c) and
// its constant tables (cg_tables.c):
// the Cg builder state, kernel and slice-wrapper tables, and the small IR builders they share.
// Private to those files; like them, it includes llvm-c.
#ifndef HGNN_CG_H
#define HGNN_CG_H

#include <stdbool.h>
#include <stdint.h>

#include <llvm-c/Core.h>

#include "codegen.h"
#include "ir.h"
#include "pass_plan.h"

enum { BF_DIMS, BF_NODE_IDS, BF_FEATURES, BF_EDGE_SRC, BF_EDGE_DST, BF_EDGE_PTR, BF_LABEL_SRC,
       BF_LABEL_DST, BF_LABELS, BF_SEED, BF_EDGE_WEIGHT };

typedef struct Kernel {
    IrOp op;
    int64_t c;              // constant width it is specialised to, 0 when width-agnostic
    LLVMValueRef fn;
    LLVMTypeRef ty;
} Kernel;

// How a slice wrapper derives one kernel argument from its slice [lo, hi) (see cg_call_par).
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
    const Plan *p;          // what to emit (pass_plan): extents, fusion, storage
    unsigned off;           // CODEGEN_NO_*: optimisations switched off
    bool bf16;              // the generated gemms multiply bf16 operands (CodegenOptions.precision)
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;       // builds run_forward / run_train
    LLVMBuilderRef kb;      // builds kernels
    LLVMTypeRef vd, i8, i32, i64, f32, f64, ptr;
    LLVMTypeRef batch_ty, host_ty, sgemm_ty;
    Kernel *kern;
    int n_kern, cap_kern;
    LLVMValueRef *dimv;     // while building a function: dims loaded, by dims index
    LLVMValueRef *val;      // while building run_*: data pointer of each node
    int *alias;             // by node: the parameter whose sparse gradient buffer holds the
                            // node's value in HGNN_RUN_TRAIN_COMPACT mode (cg_entry.c:
                            // compact_alias), or -1
    int mode;               // while building run_*: HGNN_RUN_FORWARD or HGNN_RUN_TRAIN
    LLVMValueRef *extv;     // while building a function: the value of each extent it uses
    LLVMValueRef par_for, par_pool;  // while building run_*: host->parallel_for (or serial_for)
    LLVMValueRef sparse;    // while building run_train: i1, mode is HGNN_RUN_TRAIN_SPARSE or
                            // HGNN_RUN_TRAIN_COMPACT
    LLVMValueRef compact;   // i1, mode is HGNN_RUN_TRAIN_COMPACT
    LLVMTypeRef task_ty, par_ty;     // HgnnTaskFn and parallel_for's function types
    LLVMValueRef serial_for;         // parallel_for when the host lends none
    struct Wrap *wrap;               // slice wrappers built so far (cg_call_par)
    int n_wrap, cap_wrap;
} Cg;

// Kernels that are no IR op: k_bias_fill writes a bias row into every row, for a matmul that then
// accumulates onto it (pass_plan.c: plan_fusion).
#define K_BIAS_FILL IR_OP_COUNT
// k_gemm_nn / k_gemm_nt: c [m x N] (+)= a [m x K] . b or . b^T, for constant K and N (a multiple
// of 16): explicit 16-float vectors, four rows at a time (see build_gemm).
#define K_GEMM_NN (IR_OP_COUNT + 1)
#define K_GEMM_NT (IR_OP_COUNT + 2)
#define K_GEMM_TN (IR_OP_COUNT + 3)
#define GEMM_KEY(k, n) ((k) * 4096 + (n))
// k_copy_cols: out[i, oo + j] = src[i, so + j] for j < w, rows of strides ldo and lds: concat
// (twice) and slice.
#define K_COPY_COLS (IR_OP_COUNT + 4)
// k_gather_add: out[i] += table[idx[i]], a gather that accumulates into a fused add (plan_fusion).
#define K_GATHER_ADD (IR_OP_COUNT + 5)
// k_gemm_tnt: K_GEMM_TN with c stored transposed, [N x M] (PLAN_GEMM_TN_T).
#define K_GEMM_TN_T (IR_OP_COUNT + 6)
// The width key of HEAD_* and GAT_* kernels: heads * HEAD_KEY + the heads' total columns (at
// most HGNN_MAX_WIDTH, sema.c).
#define HEAD_KEY ((int64_t)1 << 21)

// The argument list of op's kernel (see cg_kernels.c), NULL for an op that has none.
const char *cg_kernel_sig(IrOp op);
// Calls the kernel of (op, c), built on first use, serially with args.
void cg_call_kernel(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, int n);
// Calls it as a parallel loop over [0, count) through host->parallel_for; pa says how each
// slice derives its arguments from args.
void cg_call_par(Cg *g, IrOp op, int64_t c, LLVMValueRef *args, const ParArg *pa, int n,
                 LLVMValueRef count, LLVMValueRef grain);

// The kernel builders of cg_attention.c and cg_gemm.c, called by kernel_get (cg_kernels.c) with
// the builder g->kb in fn's entry block. key and widths as in the K_* and HEAD_KEY comments.
void cg_build_gat(Cg *g, IrOp op, int64_t key, LLVMValueRef fn);
void cg_build_gemm(Cg *g, bool nt, int64_t K, int64_t N, LLVMValueRef fn);
void cg_build_gemm_tn(Cg *g, int64_t M, int64_t N, LLVMValueRef fn, bool tr);
void cg_build_matmul(Cg *g, LLVMValueRef fn);
// e^x of a double inline (cg_attention.c), within 1 ulp of libm's exp; reads only g->mod, g->f64
// and g->i64, so tests/unit/test_exp.c can build it into a function of its own.
LLVMValueRef cg_exp_ir(Cg *g, LLVMBuilderRef b, LLVMValueRef x);

// The model's functions (cg_entry.c): workspace_floats, run (with run_forward and run_train),
// rows, and embed_fns = embed_workspace_floats, embed and score, built in that order.
void cg_build_entries(Cg *g, LLVMValueRef *ws_fn, LLVMValueRef *run_fn, LLVMValueRef *rows_fn,
                      LLVMValueRef *embed_fns);
// One node's code in the function being built (cg_emit.c): its kernel over the rows it computes,
// then zeros over the rows its readers need past those.
void cg_emit_node(Cg *g, IrNode *x, LLVMValueRef batch, LLVMValueRef params, LLVMValueRef sgemm);
// HgnnBatch field `field` (BF_*), element `index` of an array field (-1: the field itself).
LLVMValueRef cg_batch_field(Cg *g, LLVMValueRef batch, int field, int index);
// Pointer i of an array of pointers (the parameter or gradient table).
LLVMValueRef cg_load_ptr_at(Cg *g, LLVMValueRef arr, int i, const char *name);
// The value of extent e in the function being built (cg_entry.c's emit_extents computed it).
LLVMValueRef cg_ext_val(Cg *g, int e);

// The HgnnModel constant and its tables (cg_tables.c): an internal global pointing at the
// functions cg_entry.c built; embed_fns are embed_workspace_floats, embed and score.
LLVMValueRef cg_build_model(Cg *g, LLVMValueRef ws_fn, LLVMValueRef run_fn, LLVMValueRef rows_fn,
                            LLVMValueRef *embed_fns);

// ---- small builders ----------------------------------------------------------------------------

static inline LLVMValueRef ci64(Cg *g, int64_t v) { return LLVMConstInt(g->i64, (uint64_t)v, 1); }
static inline LLVMValueRef ci32(Cg *g, int32_t v) { return LLVMConstInt(g->i32, (uint64_t)v, 1); }
static inline LLVMValueRef cf32(Cg *g, double v) { return LLVMConstReal(g->f32, v); }
static inline LLVMValueRef cf64(Cg *g, double v) { return LLVMConstReal(g->f64, v); }

// The row count of dimension d in the function being built (dims loaded into g->dimv).
static inline LLVMValueRef rows_of(Cg *g, IrDim d) {
    int k = ir_dim_index(g->m, d);
    return k < 0 ? ci64(g, d.n) : g->dimv[k];
}

// A named struct type, laid out as the C compiler lays out the hgnn/abi.h struct of that name.
static inline LLVMTypeRef named_struct(Cg *g, const char *name, LLVMTypeRef *fields, int n) {
    LLVMTypeRef t = LLVMStructCreateNamed(g->ctx, name);
    LLVMStructSetBody(t, fields, (unsigned)n, 0);
    return t;
}

static inline LLVMValueRef gep(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef base,
                               LLVMValueRef idx) {
    (void)g;
    return LLVMBuildInBoundsGEP2(b, ty, base, &idx, 1, "");
}

static inline LLVMValueRef load_at(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef base,
                                   LLVMValueRef idx) {
    return LLVMBuildLoad2(b, ty, gep(g, b, ty, base, idx), "");
}

static inline void store_at(Cg *g, LLVMBuilderRef b, LLVMTypeRef ty, LLVMValueRef v,
                            LLVMValueRef base, LLVMValueRef idx) {
    LLVMBuildStore(b, v, gep(g, b, ty, base, idx));
}

// An i32 index array element, widened for address arithmetic.
static inline LLVMValueRef load_idx(Cg *g, LLVMBuilderRef b, LLVMValueRef base, LLVMValueRef i) {
    return LLVMBuildSExt(b, load_at(g, b, g->i32, base, i), g->i64, "");
}

// acc + x y, reassociable, so that LLVM vectorises a reduction into lanes (rowdot, the per-head
// and per-edge dot products, the classifier's score); the order is fixed at compile time.
static inline LLVMValueRef cg_fma_acc(LLVMBuilderRef b, LLVMValueRef acc, LLVMValueRef x,
                                      LLVMValueRef y) {
    LLVMValueRef p = LLVMBuildFMul(b, x, y, ""), s = LLVMBuildFAdd(b, acc, p, "");
    LLVMSetFastMathFlags(p, LLVMFastMathAllowReassoc | LLVMFastMathAllowContract);
    LLVMSetFastMathFlags(s, LLVMFastMathAllowReassoc | LLVMFastMathAllowContract);
    return s;
}

static inline LLVMValueRef mul(LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y) {
    return LLVMBuildNSWMul(b, x, y, "");
}

static inline LLVMValueRef add(LLVMBuilderRef b, LLVMValueRef x, LLVMValueRef y) {
    return LLVMBuildNSWAdd(b, x, y, "");
}

// Opens `for (iv = lo; iv < hi; iv++)` with an optional accumulator starting at acc_init. The
// simple shape (one phi, one signed compare, nsw increment) is what LLVM's vectoriser expects.
static inline LLVMValueRef loop_open(Cg *g, LLVMBuilderRef b, Loop *l, LLVMValueRef lo,
                                     LLVMValueRef hi, LLVMValueRef acc_init) {
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
static inline void loop_close(Cg *g, LLVMBuilderRef b, Loop *l, LLVMValueRef acc_next) {
    LLVMValueRef next = LLVMBuildNSWAdd(b, l->iv, ci64(g, 1), "");
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
    LLVMAddIncoming(l->iv, &next, &latch, 1);
    if (l->acc)
        LLVMAddIncoming(l->acc, &acc_next, &latch, 1);
    LLVMBuildBr(b, l->head);
    LLVMPositionBuilderAtEnd(b, l->exit);
}

static inline void zero_fill(Cg *g, LLVMBuilderRef b, LLVMValueRef p, LLVMValueRef floats) {
    LLVMBuildMemSet(b, p, LLVMConstInt(g->i8, 0, 0), mul(b, floats, ci64(g, 4)), 4);
}


#endif
