// sema.h — the checker: resolves names, checks widths and the model's completeness, and
// gathers what lowering needs (schema, modules in declaration order, training defaults).
#ifndef HGNN_SEMA_H
#define HGNN_SEMA_H

#include <stdbool.h>

#include "hgnn/abi.h"
#include "ast.h"
#include "ir.h"

typedef enum ModKind {
    MOD_LINEAR, MOD_EMBEDDING, MOD_SAGE, MOD_GRAPH_CONV, MOD_LG_CONV, MOD_GAT, MOD_LAYER_NORM
} ModKind;

// The message-passing layers: SAGEConv and GraphConv, lowered alike (lower.c, `conv`), LGConv,
// which has no weights (lower.c, `lg_conv`), and GATConv (lower.c, `gat`).
static inline bool sem_is_conv(ModKind k) {
    return k == MOD_SAGE || k == MOD_GRAPH_CONV || k == MOD_LG_CONV || k == MOD_GAT;
}

// A module, declared by `name = linear(...)`, `embedding(...)`, `layer_norm(...)` or, inside a
// to_hetero block, `sage(...)`, `graph_conv(...)`, `gat(...)`, `lg_conv()` (the one without
// parameters) or `layer_norm(...)`. LAYER_NORM's in and out are its width C.
typedef struct SemModule {
    ModKind kind;
    const char *name;       // DSL name: "movie_lin", "conv1"
    const char *path;       // PyG module path, the prefix of its parameter names: "gnn.conv1"
    Loc loc;
    int64_t in, out;        // LINEAR, convs: in -> out features (LINEAR in -1 until applied);
                            // EMBEDDING: out = embedding dim; LG_CONV: 0 (any width)
    int ntype;              // EMBEDDING: node type whose ids it embeds
    double std;             // EMBEDDING: N(0, std^2) initialisation (std=, default 1: torch's)
    IrOp aggr;              // convs: IR_AGG_MEAN, IR_AGG_SUM or IR_AGG_MAX
    int bias;               // LINEAR: has a bias (SAGE's lin_l, GRAPH_CONV's lin_rel always
                            // have one, lin_r / lin_root never)
    int layer;              // convs: 1-based number in its block; the IR scope of its nodes
    int64_t in_dst;         // GAT: lin_dst's input width for gat((IN_src, IN_dst), OUT), whose
                            // in is IN_src; 0 for an integer IN (one Linear, lin_dst = lin_src)
    Loc in_locs[2];         // GAT with a tuple: where IN_src and IN_dst are spelled
    int heads;              // GAT: attention heads (out is per head)
    bool concat;            // GAT: heads concatenated (width heads * out), else averaged (out)
    double slope, dropout;  // GAT: leaky_relu's negative_slope, attention dropout
    bool in_block;          // declared in the to_hetero block (LAYER_NORM: one per node type)
} SemModule;

// The width a module's application yields: GAT's heads * out with concat, else out.
static inline int64_t sem_out_width(const SemModule *m) {
    return m->kind == MOD_GAT && m->concat ? (int64_t)m->heads * m->out : m->out;
}

typedef struct SemModel {
    const char *name;
    Loc loc;
    IrNodeType node_types[IR_MAX_NODE_TYPES];   // feat_width -1: known only from the data
    AstNode *node_decls[IR_MAX_NODE_TYPES];
    AstNode *features[IR_MAX_NODE_TYPES];       // the type's `x: W` / `x = ...` item, or NULL
    int n_node_types;
    IrEdgeType edge_types[IR_MAX_EDGE_TYPES];   // forward types first, then the reverse ones
    int n_edge_types;
    const HgnnDataDecl *data;                   // the data declarations, or NULL (none)
    AstNode *inputs[IR_MAX_NODE_TYPES];         // `input T = expr`: the expression
    SemModule *modules;                         // declaration order = PyG state_dict order
    int n_modules;
    AstNode *gnn;                               // the to_hetero block, or NULL
    IrOp hetero_aggr;                           // its aggr: IR_AGG_SUM, IR_AGG_MEAN, IR_AGG_MAX
    int64_t width;                              // columns of every input (the GNN's input)
    AstNode *classifier;                        // the `classifier` declaration
    int label_etype;
    int n_mlp;                                  // classifier mlp: its Linear layers (0: dot)
    int64_t *mlp;                               // ... their output widths, the last one 1
    AstNode *loss;
    int32_t loss_kind;                          // HGNN_LOSS_BCE, HGNN_LOSS_BPR or HGNN_LOSS_MSE
    double bpr_lambda;                          // `loss bpr(lambda=...)`: the L2 term's weight
    HgnnDefaults defaults;
} SemModel;

// Checks the tree; reports every error it can with error_at. Returns NULL when the model
// cannot be lowered (the caller also checks diag_error_count()). data_types (may be NULL) are
// the node types of the data set to train on: a declared feature matrix of a node type with the
// same name takes the data's width, so `linear(-1, OUT)` models fit any genre count.
// schema_only checks the schema alone (node and edge types, their data declarations, the
// classifier's edge type): a feature width known only from the data stays -1 instead of being
// an error, and the model is not complete enough to lower.
SemModel *sema_check(Arena *a, AstNode *root, const HgnnNodeType *data_types,
                     int n_data_types, bool schema_only);

#endif
