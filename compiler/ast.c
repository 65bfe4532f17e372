// ast.c — constructors and the --emit=ast printer for the syntax tree (ast.h).
// Takes what the parser's actions pass; yields arena nodes. Expression depth is bounded here,
// so a pathological input ends in a diagnostic instead of a stack overflow in a later walk.
#include "ast.h"

#include <inttypes.h>

static const char *const kind_names[] = {
#define K(id, name) name,
    AST_KINDS(K)
#undef K
};
_Static_assert(sizeof kind_names / sizeof kind_names[0] == ND_COUNT, "a name per kind");

const char *ast_kind_name(AstKind k) { return kind_names[k]; }

static AstNode *node(Arena *a, AstKind kind, Loc loc) {
    AstNode *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->loc = loc;
    n->ref = -1;
    n->ntype = -1;
    n->depth = 1;
    return n;
}

// A node one level above its deepest child. The error is reported where a chain first crosses
// the limit; the caller stops after parsing, before anything walks the tree.
static void deepen(AstNode *n, const AstNode *child) {
    if (!child || child->depth + 1 <= n->depth)
        return;
    n->depth = child->depth + 1;
    if (n->depth == AST_MAX_DEPTH + 1)
        error_at(n->loc, "expression is nested too deeply (more than %d levels)", AST_MAX_DEPTH);
}

AstList ast_list_new(void) { return (AstList){NULL, NULL}; }

AstList ast_list_append(AstList l, AstNode *item) {
    if (!item)
        return l;
    item->next = NULL;
    if (l.tail)
        l.tail->next = item;
    else
        l.head = item;
    l.tail = item;
    return l;
}

AstNode *ast_model(Arena *a, Loc loc, const char *name, Loc name_loc, AstList decls) {
    AstNode *n = node(a, ND_MODEL, loc);
    n->name = name;
    n->name_loc = name_loc;
    n->list = decls.head;
    return n;
}

AstNode *ast_node_type(Arena *a, Loc loc, const char *name, Loc name_loc, AstList items) {
    AstNode *n = node(a, ND_NODE_TYPE, loc);
    n->name = name;
    n->name_loc = name_loc;
    n->list = items.head;
    return n;
}

AstNode *ast_feature(Arena *a, Loc loc, const char *name, AstNode *width, AstNode *encoders) {
    AstNode *n = node(a, ND_FEATURE, loc);
    n->name = name;
    n->name_loc = loc;
    n->value = width;
    n->rhs = encoders;
    return n;
}

AstNode *ast_item(Arena *a, Loc loc, const char *name, AstNode *column, AstList options) {
    AstNode *n = node(a, ND_ITEM, loc);
    n->name = name;
    n->name_loc = loc;
    n->value = column;
    n->list = options.head;
    for (AstNode *o = options.head; o; o = o->next)
        deepen(n, o);
    return n;
}

AstNode *ast_edge_type(Arena *a, Loc loc, const char *rel, Loc rel_loc, AstNode *src,
                       AstNode *dst, AstNode *rev, AstList items) {
    AstNode *n = node(a, ND_EDGE_TYPE, loc);
    n->name = rel;
    n->name_loc = rel_loc;
    n->src = src;
    n->dst = dst;
    n->rev = rev;
    n->list = items.head;
    return n;
}

AstNode *ast_decl(Arena *a, AstKind kind, Loc loc, const char *name, Loc name_loc,
                  AstNode *value) {
    AstNode *n = node(a, kind, loc);
    n->name = name;
    n->name_loc = name_loc;
    n->value = value;
    if (kind == ND_KWARG)
        deepen(n, value);
    return n;
}

AstNode *ast_gnn(Arena *a, Loc loc, const char *name, Loc name_loc, AstList kwargs,
                 AstList body) {
    AstNode *n = node(a, ND_GNN, loc);
    n->name = name;
    n->name_loc = name_loc;
    n->list = kwargs.head;
    n->body = body.head;
    return n;
}

AstNode *ast_unary(Arena *a, AstKind kind, Loc loc, AstNode *value) {
    AstNode *n = node(a, kind, loc);
    n->value = value;
    return n;
}

AstNode *ast_train(Arena *a, Loc loc, AstList settings) {
    AstNode *n = node(a, ND_TRAIN, loc);
    n->list = settings.head;
    return n;
}

AstNode *ast_int(Arena *a, Loc loc, int64_t v) {
    AstNode *n = node(a, ND_INT, loc);
    n->ival = v;
    n->fval = (double)v;
    return n;
}

AstNode *ast_float(Arena *a, Loc loc, double v) {
    AstNode *n = node(a, ND_FLOAT, loc);
    n->fval = v;
    return n;
}

AstNode *ast_string(Arena *a, Loc loc, const char *s) {
    AstNode *n = node(a, ND_STRING, loc);
    n->name = s;
    return n;
}

AstNode *ast_name(Arena *a, Loc loc, const char *name) {
    AstNode *n = node(a, ND_NAME, loc);
    n->name = name;
    n->name_loc = loc;
    return n;
}

AstNode *ast_member(Arena *a, Loc loc, AstNode *obj, const char *field) {
    AstNode *n = node(a, ND_MEMBER, loc);
    n->lhs = obj;
    n->name = field;
    deepen(n, obj);
    return n;
}

AstNode *ast_call(Arena *a, Loc loc, const char *callee, AstList args) {
    AstNode *n = node(a, ND_CALL, loc);
    n->name = callee;
    n->name_loc = loc;
    n->list = args.head;
    for (AstNode *arg = args.head; arg; arg = arg->next)
        deepen(n, arg);
    return n;
}

AstNode *ast_list(Arena *a, Loc loc, AstList items) {
    AstNode *n = node(a, ND_LIST, loc);
    n->list = items.head;
    for (AstNode *it = items.head; it; it = it->next)
        deepen(n, it);
    return n;
}

AstNode *ast_binary(Arena *a, AstKind kind, Loc loc, AstNode *lhs, AstNode *rhs) {
    AstNode *n = node(a, kind, loc);
    n->lhs = lhs;
    n->rhs = rhs;
    deepen(n, lhs);
    deepen(n, rhs);
    return n;
}

AstNode *ast_neg(Arena *a, Loc loc, AstNode *operand) {
    AstNode *n = node(a, ND_NEG, loc);
    n->lhs = operand;
    deepen(n, operand);
    return n;
}

AstNode *ast_tuple(Arena *a, Loc loc, AstNode *first, AstNode *second) {
    return ast_binary(a, ND_TUPLE, loc, first, second);
}

static void indent(FILE *f, int level) {
    for (int i = 0; i < level; i++)
        fputs("  ", f);
}

static void print_at(FILE *f, const AstNode *n, int level);

static void print_list(FILE *f, const AstNode *n, int level) {
    for (; n; n = n->next)
        print_at(f, n, level);
}

// Prints the node's kind, its scalar fields, its location, then its children one level deeper.
static void print_at(FILE *f, const AstNode *n, int level) {
    if (!n)
        return;
    indent(f, level);
    fputs(kind_names[n->kind], f);
    switch (n->kind) {
    case ND_INT:
        fprintf(f, " %" PRId64, n->ival);
        break;
    case ND_FLOAT:
        fprintf(f, " %.17g", n->fval);
        break;
    case ND_STRING:
        fputs(" \"", f);
        for (const char *p = n->name; *p; p++)
            fputc((unsigned char)*p < 0x20 ? '?' : *p, f);
        fputc('"', f);
        break;
    case ND_MODEL:
    case ND_NODE_TYPE:
    case ND_FEATURE:
    case ND_ITEM:
    case ND_EDGE_TYPE:
    case ND_ASSIGN:
    case ND_INPUT:
    case ND_GNN:
    case ND_SETTING:
    case ND_NAME:
    case ND_MEMBER:
    case ND_CALL:
    case ND_KWARG:
        fprintf(f, " %s", n->name);
        break;
    default:
        break;
    }
    fprintf(f, " <%d:%d>\n", n->loc.line, n->loc.col);
    switch (n->kind) {
    case ND_EDGE_TYPE:
        print_at(f, n->src, level + 1);
        print_at(f, n->dst, level + 1);
        if (n->rev) {
            indent(f, level + 1);
            fputs("Reverse\n", f);
            print_at(f, n->rev, level + 2);
        }
        print_list(f, n->list, level + 1);
        break;
    case ND_FEATURE:
        print_at(f, n->value, level + 1);
        if (n->rhs) {
            indent(f, level + 1);
            fputs("Encoders\n", f);
            print_at(f, n->rhs, level + 2);
        }
        break;
    case ND_ITEM:
        print_at(f, n->value, level + 1);
        print_list(f, n->list, level + 1);
        break;
    case ND_MEMBER:
    case ND_NEG:
        print_at(f, n->lhs, level + 1);
        break;
    case ND_ADD:
    case ND_SUB:
    case ND_MUL:
    case ND_TUPLE:
        print_at(f, n->lhs, level + 1);
        print_at(f, n->rhs, level + 1);
        break;
    default:
        print_list(f, n->list, level + 1);
        print_list(f, n->body, level + 1);
        print_at(f, n->value, level + 1);
        break;
    }
}

void ast_print(FILE *f, const AstNode *n) { print_at(f, n, 0); }
