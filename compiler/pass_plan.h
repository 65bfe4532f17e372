// pass_plan.h — what the code generator decides about a module before it emits anything: the
// row extents of each value, which adds and bias_adds fuse into a product, and where each value
// lives (a workspace slot, reused once its value is dead, or an output buffer). A side table of
// the module, computed by pass_plan, printed by --emit=plan-ir and checked by plan_verify.
#ifndef HGNN_PASS_PLAN_H
#define HGNN_PASS_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "ir.h"

// Where a value's data lives during run().
enum {
    ST_LEAF,    // a pointer from the batch or the parameter table
    ST_SLOT,    // a workspace slot
    ST_SCORES,  // the caller's scores buffer
    ST_LOSS,    // the caller's loss scalar
    ST_GRAD,    // the caller's gradient buffer of one parameter
};

// Row extents: row counts known only at run time, computed from the batch's index data before
// any kernel runs (see pass_plan.c). EXT_NONE: no reader, or the node does not run in that mode.
enum { EX_FULL, EX_ZERO, EX_LMAX, EX_REACH, EX_MAX, EX_MIN, EX_EDGES };
enum { EXT_NONE = -1 };

// The plan's modes: HGNN_RUN_FORWARD (0) and HGNN_RUN_TRAIN (1), run()'s, and PLAN_EMBED, the
// whole-graph inference entry point embed() (ABI 6): the embeddings m->embed on every row.
enum { PLAN_EMBED = 2, PLAN_MODES = 3 };

// An extent: the rows of dimension `dim` that it counts (at most all of them). Operands come
// before the extents made from them, so a table walk in index order evaluates each once.
typedef struct PlanExt {
    int kind;               // EX_*
    int a, b;               // operand extents (EX_REACH, EX_EDGES: a; EX_MAX, EX_MIN: a < b)
    int e;                  // EX_REACH, EX_EDGES: edge type; EX_LMAX: 0 label_src, 1 label_dst
    IrDim dim;
} PlanExt;

// The plan of one module, by node id (as ir_number numbers them) and by mode (HGNN_RUN_FORWARD,
// HGNN_RUN_TRAIN). Allocated from the module's arena; valid until the module changes.
typedef struct Plan {
    IrModule *m;            // the module planned
    unsigned off;           // CODEGEN_NO_* bits it was planned with (codegen.h)
    int n_nodes;
    IrNode **nodes;         // by id
    int *store;             // ST_* by node id
    int *slot;              // workspace slot (ST_SLOT) or parameter (ST_GRAD) by node id
    int *last;              // the last node reading it (n_nodes: read after the last node), or -1
    bool *fwd;              // the node is needed for scores or loss
    bool *trn;              // the node is needed for scores, loss or a gradient
    bool *emb;              // the node is needed for an embedding (m->embed)
    PlanExt *ext;           // row extents, hash-consed
    int n_ext, cap_ext;
    int *nz;                // extent by node id: rows past it are zero
    int *need[PLAN_MODES];  // extent by mode and node id: rows any reader reads
    int *comp[PLAN_MODES];  // rows the node's kernel computes (zeros fill comp..need)
    int *work[PLAN_MODES];  // the row count its kernel runs over
    int *into;              // node whose storage this one writes (a fused add), or -1
    bool *accum;            // a matmul accumulating into its fused add (sgemm beta = 1)
    int *bias;              // a matmul whose bias_add is fused: the bias node, or -1
    int *fill;              // ... and the bias_add, whose rows the bias fills
    bool *fused;            // an add or bias_add whose operands already wrote its result
    int n_slots;
    IrDim *slot_rows;       // by slot: its shape
    int64_t *slot_cols;
    bool *sparse;           // by parameter: its gradient is HGNN_PARAM_SPARSE_GRAD
} Plan;

// Plans m (after to_hetero; after pass_grad for training) with the CODEGEN_NO_* bits `off` and
// attaches the plan as m->plan. Renumbers the nodes.
void pass_plan(IrModule *m, unsigned off);
// Checks the plan's invariants: extents well formed and of the right dimensions, fusion
// consistent, no two values live at once in one slot. A failure is an internal error.
void plan_verify(const IrModule *m, const Plan *p);
// Prints m (as ir_print does) followed by its plan.
void plan_print(FILE *f, IrModule *m, const Plan *p);
// Ops whose value is a pointer into the batch or the parameters: no kernel, no storage.
bool plan_is_leaf(IrOp op);
// Which kernel a matmul runs (codegen.c), under the CODEGEN_NO_* bits off: a generated gemm for a
// constant inner dimension of 1..256 and 16..64 output columns (a multiple of 16), a b or a b^T
// (PLAN_GEMM_OWN) or a^T b with a of at most 256 columns (PLAN_GEMM_TN); a^T b whose output
// columns are not such but whose rows are (16..64, a multiple of 16) as (b^T a)^T
// (PLAN_GEMM_TN_T: movie_lin's 64 x 20 weight adjoint); else the host's sgemm. The generated
// ones are what --precision bf16 changes.
enum { PLAN_GEMM_HOST, PLAN_GEMM_OWN, PLAN_GEMM_TN, PLAN_GEMM_TN_T };
int plan_gemm(const IrNode *x, unsigned off);
// The node runs in `mode` (HGNN_RUN_FORWARD, HGNN_RUN_TRAIN or PLAN_EMBED): training runs
// what scores, loss and gradients need, forward mode what scores and loss need, PLAN_EMBED
// what the embeddings need.
bool plan_runs_in(const Plan *p, int mode, int i);

#endif
