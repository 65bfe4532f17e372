// sema_int.h — what the checker's files share: sema.c (names, schema, modules, expressions),
// sema_data.c (the data declarations) and sema_train.c (the training settings). Private to them.
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
