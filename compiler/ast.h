// ast.h — the syntax tree of a .hgnn file: tagged nodes built by the parser's actions, checked
// and annotated by sema.c, read by lower.c. Everything lives in the compilation's arena.
#ifndef HGNN_AST_H
#define HGNN_AST_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"

#define AST_KINDS(K)                                                                               \
    K(MODEL, "Model")             /* name; list: declarations */                                  \
    K(NODE_TYPE, "NodeType")      /* name; list: FEATURE and ITEM */                              \
    K(FEATURE, "Feature")         /* name; value: width, rhs: encoders (either may be NULL) */   \
    K(ITEM, "Item")               /* name: table, key, ...; value: NAME or STRING; list: opts */ \
    K(EDGE_TYPE, "EdgeType")      /* name: relation; src, dst, rev: NAME (rev may be NULL);      \
                                     list: ITEM */                                               \
    K(ASSIGN, "Assign")           /* name = value (constant, module, or value in a gnn block) */ \
    K(INPUT, "Input")             /* input name = value */                                        \
    K(GNN, "Gnn")                 /* name = to_hetero(list: KWARG) { body } */                    \
    K(RETURN, "Return")           /* value */                                                     \
    K(CLASSIFIER, "Classifier")   /* value */                                                     \
    K(LOSS, "Loss")               /* value */                                                     \
    K(TRAIN, "Train")             /* list: SETTING */                                             \
    K(SETTING, "Setting")         /* name = value */                                              \
    K(INT, "Int")                 /* ival */                                                      \
    K(FLOAT, "Float")             /* fval */                                                      \
    K(STRING, "String")           /* name: the value */                                           \
    K(NAME, "Name")               /* name */                                                      \
    K(MEMBER, "Member")           /* lhs.name */                                                  \
    K(CALL, "Call")               /* name(list) */                                                \
    K(KWARG, "Kwarg")             /* name = value, inside a call's arguments */                   \
    K(LIST, "List")               /* [list] */                                                    \
    K(ADD, "Add")                 /* lhs + rhs */                                                 \
    K(SUB, "Sub")                 /* lhs - rhs */                                                 \
    K(MUL, "Mul")                 /* lhs * rhs, one side a number; sema puts the tensor in lhs */ \
    K(NEG, "Neg")                 /* -lhs */                                                      \
    K(TUPLE, "Tuple")             /* (lhs, rhs): gat's first argument (IN_src, IN_dst) */

typedef enum AstKind {
#define K(id, name) ND_##id,
    AST_KINDS(K)
#undef K
    ND_COUNT
} AstKind;

typedef struct AstNode AstNode;
struct AstNode {
    AstKind kind;
    Loc loc;
    AstNode *next;          // next item of the enclosing list
    const char *name;       // declared or referenced name, callee, setting key, string value
    Loc name_loc;           // where `name` is spelled (declarations)
    AstNode *value;         // FEATURE, ASSIGN, INPUT, RETURN, CLASSIFIER, LOSS, SETTING, KWARG
    AstNode *list;          // MODEL, NODE_TYPE, EDGE_TYPE, GNN (kwargs), TRAIN, CALL, LIST, ITEM
                            // (options): first item
    AstNode *body;          // GNN: statements
    AstNode *lhs, *rhs;     // ADD, SUB, MUL, TUPLE; NEG and MEMBER: lhs; FEATURE: rhs, its
                            // encoders
    AstNode *src, *dst, *rev;   // EDGE_TYPE: NAME nodes
    int64_t ival;           // INT
    double fval;            // INT, FLOAT (an INT also carries its value as a double)
    int depth;              // expression nesting, bounded by ast_* so walks cannot overflow
    // Filled by sema for lowering:
    int ref;                // NAME/CALL: index of the declaration it resolves to, or -1
    int ntype;              // node type of a node-wise value; -1 generic (inside a gnn block)
    int64_t width;          // columns of a tensor value
};

// A list under construction: the parser appends in O(1).
typedef struct AstList {
    AstNode *head, *tail;
} AstList;

#define AST_MAX_DEPTH 1000

AstNode *ast_model(Arena *a, Loc loc, const char *name, Loc name_loc, AstList decls);
AstNode *ast_node_type(Arena *a, Loc loc, const char *name, Loc name_loc, AstList items);
// `x: W`, `x = ENCODERS` or `x: W = ENCODERS`: width or encoders may be NULL, not both.
AstNode *ast_feature(Arena *a, Loc loc, const char *name, AstNode *width, AstNode *encoders);
// A data item of a node or edge type's block: `table "f.csv" (sep=",")`, `key movieId`, ...
AstNode *ast_item(Arena *a, Loc loc, const char *name, AstNode *column, AstList options);
AstNode *ast_edge_type(Arena *a, Loc loc, const char *rel, Loc rel_loc, AstNode *src,
                       AstNode *dst, AstNode *rev, AstList items);
AstNode *ast_decl(Arena *a, AstKind kind, Loc loc, const char *name, Loc name_loc,
                  AstNode *value);  // ASSIGN, INPUT, SETTING, KWARG
AstNode *ast_gnn(Arena *a, Loc loc, const char *name, Loc name_loc, AstList kwargs,
                 AstList body);
AstNode *ast_unary(Arena *a, AstKind kind, Loc loc, AstNode *value);  // RETURN, CLASSIFIER, LOSS
AstNode *ast_train(Arena *a, Loc loc, AstList settings);
AstNode *ast_int(Arena *a, Loc loc, int64_t v);
AstNode *ast_float(Arena *a, Loc loc, double v);
AstNode *ast_string(Arena *a, Loc loc, const char *s);
AstNode *ast_name(Arena *a, Loc loc, const char *name);
AstNode *ast_member(Arena *a, Loc loc, AstNode *obj, const char *field);
AstNode *ast_call(Arena *a, Loc loc, const char *callee, AstList args);
AstNode *ast_list(Arena *a, Loc loc, AstList items);
AstNode *ast_binary(Arena *a, AstKind kind, Loc loc, AstNode *lhs, AstNode *rhs);
AstNode *ast_neg(Arena *a, Loc loc, AstNode *operand);
// `(first, second)`, a call's positional argument (the parser allows it as gat's first only).
AstNode *ast_tuple(Arena *a, Loc loc, AstNode *first, AstNode *second);

AstList ast_list_new(void);
AstList ast_list_append(AstList l, AstNode *item);  // item may be NULL (dropped: a parse error)

const char *ast_kind_name(AstKind k);
// --emit=ast: one node a line, indented by depth, `Kind fields <line:col>`.
void ast_print(FILE *f, const AstNode *n);

#endif
