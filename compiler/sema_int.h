// sema_int.h — what the checker's files share: sema.c (names, schema, modules, the model),
// sema_expr.c (tensor expressions), sema_data.c (the data declarations) and sema_train.c (the
// training settings). Private to them.
#ifndef HGNN_SEMA_INT_H
#define HGNN_SEMA_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "sema.h"

// The items of one node or edge type's block, each at most once.
typedef struct Items {
    AstNode *feature;       // `x: W`, `x = ENCODERS`, `x: W = ENCODERS` (node types)
    AstNode *table, *key, *display;     // ITEM nodes (key, display: node types)
    AstNode *src, *dst, *label;         // ITEM nodes (edge types)
} Items;

// What sema_data.c reads of the checker: the model being built and each type's items.
typedef struct SemData {
    Arena *arena;
    SemModel *m;
    Items *node_items;          // m->n_node_types entries
    Items *edge_items;          // m->n_edge_types entries (forward edge types)
    AstNode **edge_decls;       // the forward edge types' declarations
} SemData;

// Checks the data declarations of the node and edge types (tables, keys, columns, encoders,
// all-or-nothing) and builds m->data from them (NULL when the model declares none).
void sema_check_data(SemData *c);

// A constant expression's value (sema.c's evaluator): ok is false after a diagnostic.
typedef struct SemConst {
    bool ok, is_int;
    int64_t ival;
    double fval;
} SemConst;

// ---- the checker's state (sema.c), which sema_expr.c shares -------------------------------------

typedef enum SymKind {
    SYM_CONST, SYM_NODE_TYPE, SYM_EDGE_TYPE, SYM_MODULE, SYM_GNN, SYM_VALUE
} SymKind;

typedef struct Sym {
    const char *name;
    SymKind kind;
    int index;              // node / edge type, module, or value binding
    Loc loc;                // declaration, for "previous declaration is here"
    bool is_int;            // SYM_CONST
    int64_t ival;
    double fval;
    int64_t width;          // SYM_VALUE
    AstNode *expr;          // SYM_VALUE: the expression last bound to it (NULL for the input)
} Sym;

// Open-addressing table; huge inputs declare many names, so lookup must not be linear.
typedef struct Scope {
    Sym **slots;
    int cap, len;
} Scope;

typedef struct Checker {
    Arena *arena;
    SemModel *m;
    Scope globals;
    Scope locals;           // inside the to_hetero block
    bool in_gnn;
    int n_values;           // value bindings in the block (0 is the input `x`)
    int n_layers;
    int cap_modules;
    const HgnnNodeType *data_types;     // from the data set, may override feature widths
    int n_data_types;
    bool saw_input;
    bool schema_only;       // sema_check's schema_only: the classifier's edge type alone
    AstNode *input_decls[IR_MAX_NODE_TYPES];  // checked `input` per type (width may be unknown)
    Items node_items[IR_MAX_NODE_TYPES];
    Items edge_items[IR_MAX_EDGE_TYPES];      // forward edge types
    AstNode *edge_decls[IR_MAX_EDGE_TYPES];   // forward edge types: the declaration
    AstNode *neg_ratio;                       // the train block's neg_ratio setting, or NULL
    AstNode *split_neg_ratio;                 // ... its split_neg_ratio setting, or NULL
} Checker;

// A SymKind's bit, in the masks sema_hint takes.
#define KIND(k) (1u << (k))

extern const char *const sema_sym_kind_names[];     // "constant", "node type", ... by SymKind
Sym *sema_lookup(Checker *c, const char *name);     // the block's locals first, then globals
// "; did you mean 'hidden'?" for a misspelt name among the symbols of the kinds in the mask, or "".
const char *sema_hint(Checker *c, const char *name, unsigned kinds);
// Evaluates a constant expression: numbers, constants, + - * and unary minus.
SemConst sema_eval_const(Checker *c, AstNode *e);

// ---- tensor expressions (sema_expr.c) -----------------------------------------------------------

// What an expression denotes. Tensors carry their node type (-1: generic, inside the block)
// and width in the AstNode itself.
typedef enum VKind { V_ERROR, V_TENSOR, V_IDS } VKind;

// Checks e, annotating it (ref, ntype, width); V_ERROR after a diagnostic.
VKind sema_check_expr(Checker *c, AstNode *e);
// A node type's name for messages, "any node type" for -1 (inside the block).
const char *sema_ntype_name(Checker *c, int t);

// What sema_train.c reads and writes of the checker: the model's defaults, and the evaluator
// of constant expressions (a setting may name a constant: `epochs = n_epochs`).
typedef struct SemTrain {
    Arena *arena;
    HgnnDefaults *defaults;
    SemConst (*eval)(void *checker, AstNode *e);
    void *checker;
    AstNode *neg_ratio;         // out: the block's neg_ratio setting, or NULL
    AstNode *split_neg_ratio;   // out: its split_neg_ratio setting, or NULL
} SemTrain;

// Checks a train block against hgnn/settings.h's table and writes each value into *defaults.
void sema_check_train(SemTrain *t, AstNode *d);
// The tutorial's settings, which a train block overrides one by one.
HgnnDefaults sema_tutorial_defaults(void);

// Helpers of sema.c that sema_data.c uses too.
int sema_distance(const char *a, const char *b, int limit);    // edit distance, > limit: limit + 1
int sema_positional(AstNode *call, AstNode **args, int max);   // positional args into args
bool sema_want_args(AstNode *call, int got, int want, const char *usage);
const char *sema_ident_value(AstNode *v);                      // a NAME's text, else NULL

#endif
