// ir.h — the typed dataflow IR: an SSA graph of 2-D tensor ops in topological order.
// Built by lowering (lower.c), rewritten in place by passes (pass_hetero.c, pass_grad.c, ...),
// executed by the reference interpreter (interp.c) and by generated code (codegen.c).
#ifndef HGNN_IR_H
#define HGNN_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hgnn/abi.h"
#include "arena.h"
#include "diag.h"

typedef enum IrOp {
#define OP(id, name, arity) IR_##id,
#include "ir_ops.h"
#undef OP
    IR_OP_COUNT
} IrOp;

#define IR_MAX_IN 4
#define IR_MAX_NODE_TYPES HGNN_MAX_NODE_TYPES
#define IR_MAX_EDGE_TYPES HGNN_MAX_EDGE_TYPES

typedef enum IrDType { DT_F32, DT_I32 } IrDType;

// A row count: a constant, or one of the symbolic sizes a batch fixes at run time.
typedef enum IrDimKind {
    DIM_CONST,      // n rows
    DIM_GRAPH,      // V_t: nodes of type t (= n) in the whole graph
    DIM_NODES,      // N_t: nodes of type t (= n) in the batch; n = -1 before to_hetero
    DIM_EDGES,      // E_e: edges of edge type e (= n) in the batch
    DIM_LABELS,     // L: supervision labels in the batch
} IrDimKind;

typedef struct IrDim {
    IrDimKind kind;
    int64_t n;      // constant value, or the node / edge type index
} IrDim;

typedef struct IrType {
    IrDType dtype;
    IrDim rows;
    int64_t cols;
} IrType;

typedef struct IrNode IrNode;
struct IrNode {
    IrOp op;
    Loc loc;                // DSL construct this node came from
    IrNode *next;           // next node in topological order
    IrType type;            // result type
    IrNode *in[IR_MAX_IN];  // operands; count is the op's arity
    int id;                 // printed %id, assigned in order by ir_number()
    int ntype;              // NODE_IDS, FEATURES: node type; node-wise values: theirs, -1 generic
    int etype;              // AGG_*: edge type, -1 before to_hetero
    int param;              // PARAM: index into IrModule.params
    int scope;              // message-passing layer this node belongs to (0: none), for to_hetero
    int ta, tb;             // MATMUL: transpose a / b
    float f;                // SCALE: factor; LEAKY_RELU(_GRAD), GAT_*: slope; ELU(_GRAD): alpha;
                            // DROPOUT: p
    int heads;              // HEAD_*, GAT_*: attention heads
    float p;                // GAT_*: attention dropout probability, applied in training only
    int salt;               // GAT_*: the layer (1-based), with etype the key of the dropout mask
    int src_side;           // inside a layer before to_hetero: a generic operand is the edge
                            // type's source (to_hetero; AGG_* always read the source)
    int64_t k;              // SLICE: first column; DROPOUT: its random stream
    const char *name;       // optional value name printed as a comment ("h1.movie")
};

typedef struct IrNodeType {
    const char *name;
    int64_t feat_width;     // 0 when the type has no features; -1 known only from the data
                            // (a module checked with PIPE_DATA, never lowered)
    Loc loc;
} IrNodeType;

typedef struct IrEdgeType {
    const char *name;       // "user__rates__movie"
    const char *rel;
    int src, dst;
    int reverse_of;         // -1 unless made by a reverse declaration
    Loc loc;
} IrEdgeType;

typedef struct IrParam {
    const char *name;       // PyG state_dict name
    const char *alias;      // a second state_dict name of the same tensor, or NULL (HgnnParam)
    IrDim rows;             // DIM_CONST or DIM_GRAPH (embedding over all nodes)
    int64_t cols;
    int init;               // HGNN_INIT_*
    float init_a;           // uniform bound or normal std
    int scope;              // message-passing layer it belongs to (0: none), for to_hetero
    int heads;              // > 0: a [1 x H*C] row PyG stores as [1, H, C] (GATConv's att_*)
    int vector;             // a [1 x cols] tensor PyTorch holds as [cols] (HGNN_PARAM_VECTOR)
    int per_type;           // a module of the block that to_hetero copies per node type (0: no;
                            // else the module's number), as PyG does a non-message-passing one
    IrNode *grad;           // after pass_grad: the value holding d loss / d param
    Loc loc;
} IrParam;

typedef enum IrStage { IR_STAGE_GENERIC, IR_STAGE_HETERO, IR_STAGE_GRAD } IrStage;

typedef struct IrModule {
    Arena *arena;
    const char *name;
    IrNodeType node_types[IR_MAX_NODE_TYPES];
    int n_node_types;
    IrEdgeType edge_types[IR_MAX_EDGE_TYPES];
    int n_edge_types;
    int label_etype;        // the classifier's edge type
    IrOp hetero_aggr;       // to_hetero's aggr over the edge types into one node type:
                            // IR_AGG_SUM (also without a block), IR_AGG_MEAN or IR_AGG_MAX
    int mlp_layers;         // classifier mlp: its Linear layers (0: dot), with weight and bias
    int mlp_param;          // ... params mlp_param + 2 l and mlp_param + 2 l + 1 of layer l
    int32_t loss_kind;      // HGNN_LOSS_* (abi.h): how the runtime makes labels and reports
    uint32_t needs;         // HGNN_NEEDS_* bits: what the model reads of a batch beyond edges
    IrParam *params;
    int n_params, cap_params;
    HgnnDefaults defaults;
    const HgnnDataDecl *data;   // where the types' data comes from (ABI 5), or NULL: none declared
    IrNode *head, *tail;    // nodes in topological order
    IrNode *scores;         // [L x 1] logits
    IrNode *loss;           // [1 x 1]
    // After to_hetero: the GNN's output of each node type, [N_t x C] (what the classifier
    // gathers by label ids; every type the to_hetero block computes), or NULL. The whole-graph
    // inference entry point `embed` (ABI 6) computes these on every row.
    IrNode *embed[IR_MAX_NODE_TYPES];
    IrStage stage;
    struct Plan *plan;      // after pass_plan: codegen's side table (pass_plan.h), else NULL
} IrModule;

IrModule *ir_module_new(Arena *a, const char *name);
const char *ir_op_name(IrOp op);
int ir_op_arity(IrOp op);
// Classes of ops that several passes treat alike, each listed once (ir.c).
// f32 (a, b) -> a's shape, row i of the result from row i of a and of b alone: add, sub, mul,
// maximum and the activations' gradients (x or y, dy).
bool ir_op_is_rowwise_binary(IrOp op);
// f32 a -> a's shape, row i of the result from row i of a alone: scale, the activations,
// normalize, layer_norm (not dropout, whose mask hashes the row's index).
bool ir_op_is_rowwise_unary(IrOp op);
// The ops over the edges of an edge type (IrNode.etype): the aggregations and GAT's.
bool ir_op_on_edges(IrOp op);

// Appends a node at the end of the module. Operand types are checked and the result type is
// inferred from them; leaf constructors below set what the operands cannot tell.
IrNode *ir_emit(IrModule *m, IrOp op, Loc loc, IrNode *a, IrNode *b, IrNode *c);
IrNode *ir_emit_param(IrModule *m, int param, Loc loc);
IrNode *ir_emit_leaf(IrModule *m, IrOp op, int ntype, Loc loc);  // NODE_IDS, FEATURES, LABELS, ...
IrNode *ir_emit_zeros(IrModule *m, IrType type, Loc loc);
IrNode *ir_emit_matmul(IrModule *m, Loc loc, IrNode *a, int ta, IrNode *b, int tb);
IrNode *ir_emit_agg(IrModule *m, IrOp op, int etype, Loc loc, IrNode *x, IrNode *out, IrNode *dy);
IrNode *ir_emit_scatter(IrModule *m, Loc loc, IrNode *src, IrNode *idx, IrDim rows);
// HEAD_* (heads h) and GAT_* (edge type, heads, slope, dropout p, salt; d NULL but for the
// gradients of arity 4).
IrNode *ir_emit_head(IrModule *m, IrOp op, Loc loc, IrNode *a, IrNode *b, int heads);
IrNode *ir_emit_gat(IrModule *m, IrOp op, const IrNode *attr, int etype, Loc loc, IrNode *a,
                    IrNode *b, IrNode *c, IrNode *d);
IrNode *ir_emit_scale(IrModule *m, Loc loc, IrNode *a, float f);
// Columns [k, k + width) of a.
IrNode *ir_emit_slice(IrModule *m, Loc loc, IrNode *a, int64_t k, int64_t width);
int ir_param_add(IrModule *m, const char *name, IrDim rows, int64_t cols, int init, float init_a,
                 int scope, Loc loc);
// Puts n, already built and typed, at the end of m's list: passes that lay the list out again
// (to_hetero, prune, dead-node removal) move existing nodes with it.
void ir_node_append(IrModule *m, IrNode *n);

// Renumbers nodes 0.. in order; printers call it, so output never depends on addresses.
void ir_number(IrModule *m);
// Drops nodes no output (scores, loss, parameter gradients, embeddings) depends on.
void ir_remove_dead(IrModule *m);
// Checks operand counts, types, order and shapes; a failure is an internal error.
void ir_verify(const IrModule *m);
// Reports a broken invariant a verifier found as `internal error at FILE:LINE`, with the op and
// the DSL location that made node n (may be NULL), then aborts (STYLE 10).
_Noreturn void ir_internal_error(const char *file, int line, const IrNode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define IR_CHECK_IN(file, cond, node, ...)                                                        \
    do {                                                                                          \
        if (!(cond))                                                                              \
            ir_internal_error(file, __LINE__, (node), __VA_ARGS__);                               \
    } while (0)
void ir_print(FILE *f, IrModule *m);
// --emit=data: the schema and where each type's data comes from, one item a line.
void ir_print_data(FILE *f, const IrModule *m);
void ir_print_dot(FILE *f, IrModule *m);
// Prints a row count as the IR printer does: 64, V_movie, N_user, E_user__rates__movie, L.
void ir_dim_print(FILE *f, const IrModule *m, IrDim d);
// Fills dims (HGNN_NUM_DIMS entries) index for a symbolic dim; -1 for DIM_CONST.
int ir_dim_index(const IrModule *m, IrDim d);

#endif
