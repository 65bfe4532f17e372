// sema.c — the checker between parser and lowering. Takes the syntax tree; resolves every name,
// checks the schema, the modules, the to_hetero block, the classifier and the loss (the tensor
// expressions, their widths and node types, are sema_expr.c's, the data declarations
// sema_data.c's, the training settings sema_train.c's); yields a SemModel and annotates the tree
// (ref, ntype, width). It reports as many independent errors as it can.
#include "sema.h"
#include "sema_int.h"

#include "hgnn/limits.h"
#include "hgnn/settings.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const sym_kind_articles[] = {
    "a constant", "a node type", "an edge type", "a module", "a to_hetero block", "a value",
};

const char *const sema_sym_kind_names[] = {
    "constant", "node type", "edge type", "module", "to_hetero block", "value",
};

static uint64_t hash(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static Sym *scope_find(const Scope *s, const char *name) {
    if (!s->cap)
        return NULL;
    for (uint64_t i = hash(name) & (uint64_t)(s->cap - 1);; i = (i + 1) & (uint64_t)(s->cap - 1)) {
        if (!s->slots[i])
            return NULL;
        if (strcmp(s->slots[i]->name, name) == 0)
            return s->slots[i];
    }
}

static void scope_put(Arena *a, Scope *s, Sym *sym) {
    if (2 * (s->len + 1) > s->cap) {
        Scope bigger = {arena_alloc(a, sizeof(Sym *) * (size_t)(s->cap ? 2 * s->cap : 64)),
                        s->cap ? 2 * s->cap : 64, 0};
        for (int i = 0; i < s->cap; i++)
            if (s->slots[i])
                scope_put(a, &bigger, s->slots[i]);
        *s = bigger;
    }
    uint64_t i = hash(sym->name) & (uint64_t)(s->cap - 1);
    while (s->slots[i] && strcmp(s->slots[i]->name, sym->name) != 0)
        i = (i + 1) & (uint64_t)(s->cap - 1);
    if (!s->slots[i])
        s->len++;
    s->slots[i] = sym;
}

Sym *sema_lookup(Checker *c, const char *name) {
    Sym *s = c->in_gnn ? scope_find(&c->locals, name) : NULL;
    return s ? s : scope_find(&c->globals, name);
}

// Declares a name; a clash is an error with a note at the earlier declaration.
static Sym *declare(Checker *c, const char *name, Loc loc, SymKind kind, int index) {
    Sym *old = sema_lookup(c, name);
    if (old) {
        error_at(loc, "redefinition of '%s'", name);
        note_at(old->loc, "previous declaration of '%s' (%s) is here", name,
                sym_kind_articles[old->kind]);
        return NULL;
    }
    Sym *s = arena_alloc(c->arena, sizeof *s);
    *s = (Sym){.name = name, .kind = kind, .index = index, .loc = loc};
    scope_put(c->arena, c->in_gnn ? &c->locals : &c->globals, s);
    return s;
}

// ---- suggestions -------------------------------------------------------------------------------

// Edit distance (insertions, deletions, substitutions), giving up above `limit`.
int sema_distance(const char *a, const char *b, int limit) {
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 64 || lb > 64 || abs(la - lb) > limit)
        return limit + 1;
    int row[65];
    for (int j = 0; j <= lb; j++)
        row[j] = j;
    for (int i = 1; i <= la; i++) {
        int diag = row[0], best = row[0] = i;
        for (int j = 1; j <= lb; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

static void closest_in(const Scope *s, const char *name, unsigned kinds, int limit,
                       int *best_d, const char **best) {
    for (int i = 0; i < s->cap; i++) {
        const Sym *sym = s->slots[i];
        if (!sym || !(kinds & (1u << sym->kind)))
            continue;
        int d = sema_distance(name, sym->name, limit);
        if (d > limit)
            continue;
        if (d < *best_d || (d == *best_d && strcmp(sym->name, *best) < 0)) {
            *best_d = d;
            *best = sym->name;
        }
    }
}

// "; did you mean 'hidden'?" for a misspelt name among the symbols of the given kinds (a mask of
// 1 << SymKind), or "". Big programs get no hint: the search is linear in the names.
const char *sema_hint(Checker *c, const char *name, unsigned kinds) {
    int limit = (int)strlen(name) / 3, best_d = limit + 1;  // short names get no hint
    const char *best = NULL;
    if (limit == 0 || c->globals.len + c->locals.len > 5000)
        return "";
    closest_in(&c->globals, name, kinds, limit, &best_d, &best);
    if (c->in_gnn)
        closest_in(&c->locals, name, kinds, limit, &best_d, &best);
    return best ? arena_printf(c->arena, "; did you mean '%s'?", best) : "";
}

// ---- constants ---------------------------------------------------------------------------------

// What an expression is, for "saw ..." in messages.
static const char *describe(const AstNode *e) {
    switch (e->kind) {
    case ND_STRING: return "a string";
    case ND_LIST: return "a list";
    case ND_CALL: return "a call";
    case ND_MEMBER: return "a field";
    default: return "an expression";
    }
}

typedef SemConst Const;

// Evaluates a constant expression: numbers, constants, + - * and unary minus, in 64-bit
// integers while every operand is an integer (overflow is an error) and in doubles otherwise.
SemConst sema_eval_const(Checker *c, AstNode *e) {
    Const r = {0};
    switch (e->kind) {
    case ND_INT:
        return (Const){true, true, e->ival, (double)e->ival};
    case ND_FLOAT:
        return (Const){true, false, 0, e->fval};
    case ND_NAME: {
        Sym *s = sema_lookup(c, e->name);
        if (!s) {
            error_at(e->loc, "undefined name '%s'%s", e->name,
                     sema_hint(c, e->name, KIND(SYM_CONST)));
            return r;
        }
        if (s->kind != SYM_CONST) {
            error_at(e->loc, "expected a number, saw %s '%s'", sema_sym_kind_names[s->kind],
                     e->name);
            return r;
        }
        return (Const){true, s->is_int, s->ival, s->fval};
    }
    case ND_NEG: {
        Const a = sema_eval_const(c, e->lhs);
        if (!a.ok)
            return r;
        if (a.is_int && a.ival == INT64_MIN) {
            error_at(e->loc, "integer overflow");
            return r;
        }
        return (Const){true, a.is_int, -a.ival, -a.fval};
    }
    case ND_ADD:
    case ND_SUB: {
        Const a = sema_eval_const(c, e->lhs), b = sema_eval_const(c, e->rhs);
        if (!a.ok || !b.ok)
            return r;
        if (a.is_int && b.is_int) {
            int64_t v;
            bool ovf = e->kind == ND_ADD ? __builtin_add_overflow(a.ival, b.ival, &v)
                                         : __builtin_sub_overflow(a.ival, b.ival, &v);
            if (ovf) {
                error_at(e->loc, "integer overflow");
                return r;
            }
            return (Const){true, true, v, (double)v};
        }
        double v = e->kind == ND_ADD ? a.fval + b.fval : a.fval - b.fval;
        return (Const){true, false, 0, v};
    }
    case ND_MUL: {
        Const a = sema_eval_const(c, e->lhs), b = sema_eval_const(c, e->rhs);
        if (!a.ok || !b.ok)
            return r;
        if (a.is_int && b.is_int) {
            int64_t v;
            if (__builtin_mul_overflow(a.ival, b.ival, &v)) {
                error_at(e->loc, "integer overflow");
                return r;
            }
            return (Const){true, true, v, (double)v};
        }
        return (Const){true, false, 0, a.fval * b.fval};
    }
    default:
        error_at(e->loc, "expected a number, saw %s", describe(e));
        return r;
    }
}

// Widths and counts: positive integers small enough that products of two stay in 64 bits.

static bool eval_width(Checker *c, AstNode *e, const char *what, int64_t *out) {
    Const v = sema_eval_const(c, e);
    if (!v.ok)
        return false;
    if (!v.is_int) {
        error_at(e->loc, "%s must be an integer, saw %g", what, v.fval);
        return false;
    }
    if (v.ival <= 0 || v.ival > HGNN_MAX_WIDTH) {
        error_at(e->loc, "%s must be between 1 and %d, saw %lld", what, HGNN_MAX_WIDTH,
                 (long long)v.ival);
        return false;
    }
    *out = v.ival;
    return true;
}

// ---- schema ------------------------------------------------------------------------------------

static int find_node_type(Checker *c, AstNode *name) {
    Sym *s = scope_find(&c->globals, name->name);
    if (!s) {
        error_at(name->loc, "unknown node type '%s'%s", name->name,
                 sema_hint(c, name->name, KIND(SYM_NODE_TYPE)));
        return -1;
    }
    if (s->kind != SYM_NODE_TYPE) {
        error_at(name->loc, "expected a node type, saw %s '%s'", sema_sym_kind_names[s->kind],
                 name->name);
        note_at(s->loc, "'%s' is declared here", name->name);
        return -1;
    }
    return s->index;
}

// Sorts a block's items into it, reporting unknown and repeated ones. Node types take a feature
// matrix, table, key and display; edge types table, src, dst and label.
static void collect_items(AstNode *d, bool edge, Items *it) {
    const char *what = edge ? "edge type" : "node type";
    for (AstNode *f = d->list; f; f = f->next) {
        if (f->kind == ND_FEATURE) {
            if (edge)
                error_at(f->loc, "an edge type has no features; '%s' belongs in a node type",
                         f->name);
            else if (it->feature)
                error_at(f->loc, "node type '%s' already has features '%s'; a node type has one "
                                 "feature matrix", d->name, it->feature->name);
            else
                it->feature = f;
            continue;
        }
        AstNode **slot = strcmp(f->name, "table") == 0               ? &it->table
                         : !edge && strcmp(f->name, "key") == 0     ? &it->key
                         : !edge && strcmp(f->name, "display") == 0 ? &it->display
                         : edge && strcmp(f->name, "src") == 0      ? &it->src
                         : edge && strcmp(f->name, "dst") == 0      ? &it->dst
                         : edge && strcmp(f->name, "label") == 0    ? &it->label
                                                                    : NULL;
        if (!slot) {
            error_at(f->loc, "unknown item '%s' in %s '%s' (expected %s)", f->name, what,
                     d->name, edge ? "table, src, dst or label"
                                   : "table, key, display or a feature matrix x = ...");
        } else if (*slot) {
            error_at(f->loc, "'%s' is given twice in %s '%s'", f->name, what, d->name);
            note_at((*slot)->loc, "previous '%s' is here", f->name);
        } else {
            *slot = f;
        }
    }
}

static void check_node_type(Checker *c, AstNode *d) {
    SemModel *m = c->m;
    if (m->n_node_types == IR_MAX_NODE_TYPES) {
        error_at(d->loc, "too many node types (the limit is %d)", IR_MAX_NODE_TYPES);
        return;
    }
    if (!declare(c, d->name, d->name_loc, SYM_NODE_TYPE, m->n_node_types))
        return;
    IrNodeType *t = &m->node_types[m->n_node_types];
    *t = (IrNodeType){.name = d->name, .loc = d->name_loc};
    Items *it = &c->node_items[m->n_node_types];
    collect_items(d, false, it);
    m->features[m->n_node_types] = it->feature;
    m->node_decls[m->n_node_types++] = d;
    AstNode *f = it->feature;
    if (f) {
        if (strcmp(f->name, "node_id") == 0)
            error_at(f->loc, "a feature matrix cannot be called 'node_id' (that name is the "
                             "node ids)");
        if (f->value)
            eval_width(c, f->value, "a feature width", &t->feat_width);
        else
            t->feat_width = -1;     // encoders alone: as wide as the data makes them
    }
    // The data being trained on decides the feature width of a node type it also has.
    for (int i = 0; i < c->n_data_types; i++)
        if (f && c->data_types[i].feat_width > 0 && c->data_types[i].name &&
            strcmp(c->data_types[i].name, d->name) == 0)
            t->feat_width = c->data_types[i].feat_width;
}

// Forward edge types are numbered first, in declaration order, and their reverses after them:
// the order ToUndirected leaves in PyG's metadata.
static void check_edge_types(Checker *c, AstNode *root) {
    SemModel *m = c->m;
    AstNode *rev_of[IR_MAX_EDGE_TYPES], *decl_of[IR_MAX_EDGE_TYPES];
    int forward = 0;
    for (AstNode *d = root->list; d; d = d->next) {
        if (d->kind != ND_EDGE_TYPE)
            continue;
        int src = find_node_type(c, d->src), dst = find_node_type(c, d->dst);
        if (m->n_edge_types + (d->rev ? 2 : 1) > IR_MAX_EDGE_TYPES) {
            error_at(d->loc, "too many edge types (the limit is %d)", IR_MAX_EDGE_TYPES);
            continue;
        }
        if (!declare(c, d->name, d->name_loc, SYM_EDGE_TYPE, forward) || src < 0 || dst < 0)
            continue;
        if (d->rev && strcmp(d->rev->name, d->name) == 0) {
            error_at(d->rev->loc, "edge type '%s' cannot be its own reverse", d->name);
            continue;
        }
        // Reverses are placed once all forward types are known; move them up one slot.
        for (int e = m->n_edge_types; e > forward; e--) {
            m->edge_types[e] = m->edge_types[e - 1];
            rev_of[e] = rev_of[e - 1];
            decl_of[e] = decl_of[e - 1];
        }
        m->edge_types[forward] = (IrEdgeType){
            .name = arena_printf(c->arena, "%s__%s__%s", m->node_types[src].name, d->name,
                                 m->node_types[dst].name),
            .rel = d->name, .src = src, .dst = dst, .reverse_of = -1, .loc = d->name_loc};
        rev_of[forward] = NULL;
        decl_of[forward] = d;
        forward++;
        m->n_edge_types++;
        if (d->rev) {
            int e = m->n_edge_types++;
            m->edge_types[e] = (IrEdgeType){
                .name = arena_printf(c->arena, "%s__%s__%s", m->node_types[dst].name,
                                     d->rev->name, m->node_types[src].name),
                .rel = d->rev->name, .src = dst, .dst = src, .reverse_of = forward - 1,
                .loc = d->rev->loc};
            rev_of[e] = d->rev;
            decl_of[e] = NULL;
        }
    }
    for (int e = 0; e < forward; e++) {
        c->edge_decls[e] = decl_of[e];
        collect_items(decl_of[e], true, &c->edge_items[e]);
    }
    // Reverse names now get their final indices; reverse_of indices of forward types are final.
    for (int e = forward; e < m->n_edge_types; e++)
        declare(c, rev_of[e]->name, rev_of[e]->loc, SYM_EDGE_TYPE, e);
}

// ---- modules -----------------------------------------------------------------------------------

static SemModule *add_module(Checker *c, ModKind kind, AstNode *d, const char *path) {
    SemModel *m = c->m;
    if (m->n_modules == c->cap_modules) {
        int cap = c->cap_modules ? 2 * c->cap_modules : 16;
        SemModule *mods = arena_alloc(c->arena, (size_t)cap * sizeof *mods);
        if (m->n_modules)
            memcpy(mods, m->modules, (size_t)m->n_modules * sizeof *mods);
        m->modules = mods;
        c->cap_modules = cap;
    }
    SemModule *mod = &m->modules[m->n_modules];
    *mod = (SemModule){.kind = kind, .name = d->name, .path = path, .loc = d->name_loc,
                       .ntype = -1, .aggr = IR_AGG_MEAN, .bias = 1};
    return mod;
}

// Splits a call's arguments into positional ones and keyword ones (checked by name).
int sema_positional(AstNode *call, AstNode **args, int max) {
    int n = 0;
    for (AstNode *a = call->list; a; a = a->next)
        if (a->kind != ND_KWARG) {
            if (n < max)
                args[n] = a;
            n++;
        }
    return n;
}

bool sema_want_args(AstNode *call, int got, int want, const char *usage) {
    if (got == want)
        return true;
    error_at(call->loc, "%s takes %d argument%s, saw %d (usage: %s)", call->name, want,
             want == 1 ? "" : "s", got, usage);
    return false;
}

const char *sema_ident_value(AstNode *v) { return v->kind == ND_NAME ? v->name : NULL; }

// gat's keywords: heads (a positive integer), concat (true / false), negative_slope (a number),
// dropout (in [0, 1)); PyG's GATConv defaults otherwise.
static void check_gat_kwarg(Checker *c, AstNode *a, SemModule *tmp) {
    const char *v = sema_ident_value(a->value);
    if (strcmp(a->name, "concat") == 0) {
        if (v && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
            tmp->concat = strcmp(v, "true") == 0;
        else
            error_at(a->value->loc, "expected concat=true or concat=false");
        return;
    }
    bool heads = strcmp(a->name, "heads") == 0;
    bool slope = strcmp(a->name, "negative_slope") == 0;
    if (!heads && !slope && strcmp(a->name, "dropout") != 0) {
        if (strcmp(a->name, "add_self_loops") == 0 || strcmp(a->name, "edge_dim") == 0 ||
            strcmp(a->name, "bias") == 0 || strcmp(a->name, "fill_value") == 0)
            error_at(a->loc, "gat has no argument '%s' (PyG's GATConv(add_self_loops=False, "
                             "bias=True) without edge features is supported)", a->name);
        else
            error_at(a->loc, "gat has no argument '%s' (it takes heads=, concat=, "
                             "negative_slope=, dropout=)", a->name);
        return;
    }
    Const k = sema_eval_const(c, a->value);
    if (!k.ok)
        return;
    if (heads) {
        if (!k.is_int || k.ival < 1 || k.ival > 64)
            error_at(a->value->loc, "expected heads=N, a positive integer up to 64");
        else
            tmp->heads = (int)k.ival;
    } else if (slope) {
        if (!isfinite(k.fval) || fabs(k.fval) > 1e6)
            error_at(a->value->loc, "expected a finite negative_slope");
        else
            tmp->slope = k.fval;
    } else if (!(k.fval >= 0 && k.fval < 1)) {
        error_at(a->value->loc, "expected dropout in [0, 1), saw %g", k.fval);
    } else {
        tmp->dropout = k.fval;
    }
}

// `name = linear(in, out)`, `name = embedding(node_type, dim)`, `name = sage(in, out, aggr=A)`,
// `name = graph_conv(in, out, aggr=A)`, `name = gat(in, out, heads=H, ...)`.
static void check_module_decl(Checker *c, AstNode *d, const char *prefix) {
    AstNode *call = d->value, *args[2] = {NULL, NULL};
    int n = sema_positional(call, args, 2);
    const char *path = prefix ? arena_printf(c->arena, "%s.%s", prefix, d->name) : d->name;
    SemModule tmp;
    if (strcmp(call->name, "linear") == 0) {
        tmp = (SemModule){.kind = MOD_LINEAR, .bias = 1};
        // linear(-1, OUT) takes its input width from where it is applied (PyG's lazy Linear).
        Const lazy = n == 2 && args[0]->kind == ND_NEG ? sema_eval_const(c, args[0]) : (Const){0};
        if (!sema_want_args(call, n, 2, "linear(IN, OUT)"))
            tmp.kind = -1;
        else if (lazy.ok && lazy.is_int && lazy.ival == -1)
            tmp.in = -1;
        else if (!eval_width(c, args[0], "linear's input width", &tmp.in))
            tmp.kind = -1;
        if ((int)tmp.kind >= 0 && !eval_width(c, args[1], "linear's output width", &tmp.out))
            tmp.kind = -1;
    } else if (strcmp(call->name, "embedding") == 0) {
        tmp = (SemModule){.kind = MOD_EMBEDDING, .std = 1.0};
        if (!sema_want_args(call, n, 2, "embedding(NODE_TYPE, DIM)"))
            tmp.kind = -1;
        else if (args[0]->kind != ND_NAME) {
            error_at(args[0]->loc, "expected a node type");
            tmp.kind = -1;
        } else if ((tmp.ntype = find_node_type(c, args[0])) < 0 ||
                   !eval_width(c, args[1], "embedding dimension", &tmp.out)) {
            tmp.kind = -1;
        }
    } else if (strcmp(call->name, "sage") == 0 || strcmp(call->name, "graph_conv") == 0) {
        // PyG's defaults: SAGEConv aggregates by mean, GraphConv by sum ('add').
        bool sage = strcmp(call->name, "sage") == 0;
        tmp = (SemModule){.kind = sage ? MOD_SAGE : MOD_GRAPH_CONV,
                          .aggr = sage ? IR_AGG_MEAN : IR_AGG_SUM};
        if (!c->in_gnn) {
            error_at(call->loc, "message-passing layer '%s' outside a to_hetero block",
                     call->name);
            note_at(call->loc, "declare layers inside `gnn = to_hetero { ... }`");
            tmp.kind = -1;
        } else if (!sema_want_args(call, n, 2,
                              arena_printf(c->arena, "%s(IN, OUT, aggr=%s)", call->name,
                                           sage ? "mean" : "add")) ||
                   !eval_width(c, args[0], arena_printf(c->arena, "%s's input width", call->name),
                               &tmp.in) ||
                   !eval_width(c, args[1], arena_printf(c->arena, "%s's output width", call->name),
                               &tmp.out)) {
            tmp.kind = -1;
        }
    } else if (strcmp(call->name, "lg_conv") == 0) {
        // PyG's LGConv(): no weights, the width of what it is applied to.
        tmp = (SemModule){.kind = MOD_LG_CONV};
        if (!c->in_gnn) {
            error_at(call->loc, "message-passing layer '%s' outside a to_hetero block",
                     call->name);
            note_at(call->loc, "declare layers inside `gnn = to_hetero { ... }`");
            tmp.kind = -1;
        } else if (n > 0) {
            error_at(call->loc, "lg_conv has no weights and takes no arguments, saw %d (usage: "
                                "lg_conv(); it keeps its input's width)", n);
            tmp.kind = -1;
        }
    } else if (strcmp(call->name, "gat") == 0) {
        // PyG's GATConv defaults: heads=1, concat=True, negative_slope=0.2, dropout=0.
        tmp = (SemModule){.kind = MOD_GAT, .heads = 1, .concat = true, .slope = 0.2};
        if (!c->in_gnn) {
            error_at(call->loc, "message-passing layer '%s' outside a to_hetero block",
                     call->name);
            note_at(call->loc, "declare layers inside `gnn = to_hetero { ... }`");
            tmp.kind = -1;
        } else if (!sema_want_args(call, n, 2, "gat(IN, OUT, heads=H, concat=true)")) {
            tmp.kind = -1;
        } else if (args[0]->kind == ND_TUPLE) {
            // GATConv((IN_src, IN_dst), OUT): separate lin_src and lin_dst.
            AstNode *t = args[0];
            bool ok = eval_width(c, t->lhs, "gat's source input width (IN_src)", &tmp.in);
            ok &= eval_width(c, t->rhs, "gat's destination input width (IN_dst)", &tmp.in_dst);
            tmp.in_locs[0] = t->lhs->loc;
            tmp.in_locs[1] = t->rhs->loc;
            if (!ok || !eval_width(c, args[1], "gat's output width per head", &tmp.out))
                tmp.kind = -1;
        } else if (!eval_width(c, args[0], "gat's input width", &tmp.in) ||
                   !eval_width(c, args[1], "gat's output width per head", &tmp.out)) {
            tmp.kind = -1;
        }
    } else if (strcmp(call->name, "layer_norm") == 0) {
        // torch.nn.LayerNorm(C): eps 1e-5, elementwise_affine (weight ones, bias zeros).
        tmp = (SemModule){.kind = MOD_LAYER_NORM};
        if (!sema_want_args(call, n, 1, "layer_norm(C)") ||
            !eval_width(c, args[0], "layer_norm's width", &tmp.in))
            tmp.kind = -1;
        tmp.out = tmp.in;
    } else {
        error_at(call->loc, "unknown module '%s' (expected linear, embedding, sage, graph_conv, "
                            "lg_conv, gat or layer_norm)", call->name);
        return;
    }
    // Keyword arguments.
    for (AstNode *a = call->list; a; a = a->next) {
        if (a->kind != ND_KWARG)
            continue;
        const char *v = sema_ident_value(a->value);
        if (tmp.kind == MOD_GAT || (call->name && strcmp(call->name, "gat") == 0 &&
                                    (int)tmp.kind < 0)) {
            check_gat_kwarg(c, a, &tmp);
        } else if ((tmp.kind == MOD_SAGE || tmp.kind == MOD_GRAPH_CONV) &&
                   strcmp(a->name, "aggr") == 0) {
            // PyG spells sum 'add' or 'sum' (GraphConv's docs say 'add'); both are accepted.
            if (v && strcmp(v, "mean") == 0)
                tmp.aggr = IR_AGG_MEAN;
            else if (v && (strcmp(v, "sum") == 0 || strcmp(v, "add") == 0))
                tmp.aggr = IR_AGG_SUM;
            else if (v && strcmp(v, "max") == 0)
                tmp.aggr = IR_AGG_MAX;
            else if (tmp.kind == MOD_SAGE)
                error_at(a->value->loc, "expected aggr=mean, sum or max");
            else
                error_at(a->value->loc, "expected aggr=add, mean or max");
        } else if (tmp.kind == MOD_EMBEDDING && strcmp(a->name, "std") == 0) {
            // torch.nn.init.normal_(weight, std=S); PyG's LightGCN draws xavier_uniform_, whose
            // standard deviation a model can match this way (examples/lightgcn.hgnn).
            Const k = sema_eval_const(c, a->value);
            double x = k.is_int ? (double)k.ival : k.fval;
            if (k.ok && !(x > 0 && isfinite((float)x)))
                error_at(a->value->loc, "std must be a positive finite float, saw %g", x);
            else if (k.ok)
                tmp.std = x;
        } else if (tmp.kind == MOD_LINEAR && strcmp(a->name, "bias") == 0) {
            if (v && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
                tmp.bias = strcmp(v, "true") == 0;
            else
                error_at(a->value->loc, "expected bias=true or bias=false");
        } else {
            error_at(a->loc, "%s has no argument '%s'", call->name, a->name);
        }
    }
    if (tmp.kind == MOD_GAT && (int64_t)tmp.heads * tmp.out > HGNN_MAX_WIDTH) {
        error_at(call->loc, "gat's width heads x OUT = %d x %lld exceeds %d", tmp.heads,
                 (long long)tmp.out, HGNN_MAX_WIDTH);
        tmp.kind = -1;
    }
    // A module with a bad declaration is still declared, as unusable, so its uses stay quiet.
    Sym *s = declare(c, d->name, d->name_loc, SYM_MODULE, (int)tmp.kind < 0 ? -1 : c->m->n_modules);
    if (!s || (int)tmp.kind < 0)
        return;
    SemModule *mod = add_module(c, tmp.kind, d, path);
    mod->in = tmp.in;
    mod->out = tmp.out;
    mod->ntype = tmp.ntype;
    mod->aggr = tmp.aggr;
    mod->bias = tmp.bias;
    mod->std = tmp.std;
    mod->in_dst = tmp.in_dst;
    mod->in_locs[0] = tmp.in_locs[0];
    mod->in_locs[1] = tmp.in_locs[1];
    mod->heads = tmp.heads;
    mod->concat = tmp.concat;
    mod->slope = tmp.slope;
    mod->dropout = tmp.dropout;
    mod->in_block = c->in_gnn;
    if (sem_is_conv(mod->kind))
        mod->layer = ++c->n_layers;
    c->m->n_modules++;
}

// ---- declarations ------------------------------------------------------------------------------

static void check_input(Checker *c, AstNode *d) {
    Sym *s = scope_find(&c->globals, d->name);
    if (!s || s->kind != SYM_NODE_TYPE) {
        if (!s)
            error_at(d->name_loc, "unknown node type '%s'%s", d->name,
                     sema_hint(c, d->name, KIND(SYM_NODE_TYPE)));
        else
            error_at(d->name_loc, "expected a node type after 'input', saw %s '%s'",
                     sema_sym_kind_names[s->kind], d->name);
        sema_check_expr(c, d->value);
        return;
    }
    int t = s->index;
    if (c->input_decls[t]) {
        error_at(d->name_loc, "node type '%s' already has an input", d->name);
        note_at(c->input_decls[t]->loc, "previous input is here");
        return;
    }
    c->input_decls[t] = d;
    c->m->inputs[t] = d->value;
    if (sema_check_expr(c, d->value) != V_TENSOR) {
        if (d->value->ntype >= 0 && d->value->width == 0)
            error_at(d->value->loc, "the input of '%s' must be features, saw node ids "
                                    "(pass them through an embedding)", d->name);
        return;
    }
    if (d->value->ntype != t) {
        error_at(d->value->loc, "the input of '%s' is computed from node type '%s'", d->name,
                 sema_ntype_name(c, d->value->ntype));
        return;
    }
    d->ntype = t;
    d->width = d->value->width;
}

static void check_gnn(Checker *c, AstNode *d) {
    SemModel *m = c->m;
    if (m->gnn) {
        error_at(d->name_loc, "a model has one to_hetero block");
        note_at(m->gnn->name_loc, "previous block '%s' is here", m->gnn->name);
        return;
    }
    if (!declare(c, d->name, d->name_loc, SYM_GNN, 0))
        return;
    m->gnn = d;
    m->hetero_aggr = IR_AGG_SUM;
    for (AstNode *a = d->list; a; a = a->next) {
        const char *v = a->kind == ND_KWARG ? sema_ident_value(a->value) : NULL;
        if (a->kind == ND_KWARG && strcmp(a->name, "aggr") == 0 && v && strcmp(v, "sum") == 0)
            m->hetero_aggr = IR_AGG_SUM;
        else if (a->kind == ND_KWARG && strcmp(a->name, "aggr") == 0 && v &&
                 strcmp(v, "mean") == 0)
            m->hetero_aggr = IR_AGG_MEAN;
        else if (a->kind == ND_KWARG && strcmp(a->name, "aggr") == 0 && v && strcmp(v, "max") == 0)
            m->hetero_aggr = IR_AGG_MAX;
        else
            error_at(a->loc, "to_hetero takes only aggr=sum (PyG's default), mean or max");
    }
    if (m->width == 0 && !c->saw_input)
        error_at(d->name_loc, "to_hetero block '%s' comes before any `input`; declare the "
                              "inputs first", d->name);
    c->in_gnn = true;
    c->locals = (Scope){0};
    c->n_values = 1;
    // The block's input shadows any global called x, as a Python parameter would.
    Sym *x = arena_alloc(c->arena, sizeof *x);
    *x = (Sym){.name = "x", .kind = SYM_VALUE, .index = 0, .loc = d->name_loc,
               .width = m->width};
    scope_put(c->arena, &c->locals, x);
    bool returned = false;
    for (AstNode *s = d->body; s; s = s->next) {
        if (returned) {
            error_at(s->loc, "statement after 'return'");
            break;
        }
        if (s->kind == ND_RETURN) {
            returned = true;
            sema_check_expr(c, s->value);
            continue;
        }
        // ASSIGN: a layer declaration, or a value binding (which may rebind a value name).
        if (s->value->kind == ND_CALL &&
            (strcmp(s->value->name, "sage") == 0 || strcmp(s->value->name, "graph_conv") == 0 ||
             strcmp(s->value->name, "lg_conv") == 0 || strcmp(s->value->name, "gat") == 0 ||
             strcmp(s->value->name, "layer_norm") == 0 ||
             strcmp(s->value->name, "linear") == 0 || strcmp(s->value->name, "embedding") == 0)) {
            if (strcmp(s->value->name, "linear") == 0 ||
                strcmp(s->value->name, "embedding") == 0) {
                error_at(s->value->loc, "only message-passing layers (sage, graph_conv, lg_conv, "
                                        "gat) and layer_norm may be declared inside to_hetero; "
                                        "apply %s in the inputs",
                         s->value->name);
                continue;
            }
            check_module_decl(c, s, d->name);
            continue;
        }
        VKind k = sema_check_expr(c, s->value);
        Sym *old = sema_lookup(c, s->name);
        if (old && old->kind != SYM_VALUE) {
            error_at(s->name_loc, "cannot assign to %s '%s'", sema_sym_kind_names[old->kind],
                     s->name);
            note_at(old->loc, "'%s' is declared here", s->name);
            continue;
        }
        Sym *v = old;
        if (!v) {
            v = arena_alloc(c->arena, sizeof *v);
            *v = (Sym){.name = s->name, .kind = SYM_VALUE, .loc = s->name_loc};
            scope_put(c->arena, &c->locals, v);
        }
        v->index = c->n_values++;
        v->width = k == V_TENSOR ? s->value->width : 0;
        v->expr = s->value;
        s->ref = v->index;
        s->width = v->width;
    }
    if (!returned)
        error_at(d->name_loc, "to_hetero block '%s' has no 'return'", d->name);
    c->in_gnn = false;
}

// The final embeddings: the block's return value, or the inputs when there is no block.
static int64_t output_width(SemModel *m) {
    if (!m->gnn)
        return m->width;
    for (AstNode *s = m->gnn->body; s; s = s->next)
        if (s->kind == ND_RETURN)
            return s->value->width;
    return 0;
}

// mlp's widths: [W1, ..., Wk] with Wk = 1 (one logit per edge), each a width.
static bool check_mlp_widths(Checker *c, AstNode *list) {
    SemModel *m = c->m;
    int n = 0;
    for (AstNode *w = list->list; w; w = w->next)
        n++;
    if (n == 0) {
        error_at(list->loc, "mlp needs at least one layer: a list of widths ending in 1");
        return false;
    }
    m->mlp = arena_alloc(c->arena, (size_t)n * sizeof *m->mlp);
    bool ok = true;
    int i = 0;
    for (AstNode *w = list->list; w; w = w->next, i++)
        ok = eval_width(c, w, "an mlp layer's width", &m->mlp[i]) && ok;
    if (ok && m->mlp[n - 1] != 1) {
        AstNode *last = list->list;
        while (last->next)
            last = last->next;
        error_at(last->loc, "the last width of mlp must be 1 (one logit per edge), saw %lld",
                 (long long)m->mlp[n - 1]);
        ok = false;
    }
    m->n_mlp = ok ? n : 0;
    return ok;
}

static void check_classifier(Checker *c, AstNode *d) {
    SemModel *m = c->m;
    if (m->classifier) {
        error_at(d->loc, "a model has one classifier");
        note_at(m->classifier->loc, "previous classifier is here");
        return;
    }
    m->classifier = d;
    AstNode *e = d->value;
    bool mlp = e->kind == ND_CALL && strcmp(e->name, "mlp") == 0;
    if (e->kind != ND_CALL || (strcmp(e->name, "dot") != 0 && !mlp)) {
        error_at(e->loc,
                 "expected a link classifier: dot(EDGE_TYPE) or mlp(EDGE_TYPE, [W, ..., 1])");
        return;
    }
    for (AstNode *a = e->list; a; a = a->next)
        if (a->kind == ND_KWARG) {
            error_at(a->loc, "%s has no argument '%s'", e->name, a->name);
            return;
        }
    if (!mlp && (!e->list || e->list->next || e->list->kind != ND_NAME)) {
        error_at(e->loc, "dot takes one edge type: dot(EDGE_TYPE)");
        return;
    }
    if (mlp && (!e->list || !e->list->next || e->list->next->next || e->list->kind != ND_NAME ||
                e->list->next->kind != ND_LIST)) {
        error_at(e->loc, "mlp takes an edge type and a list of widths ending in 1: "
                         "mlp(EDGE_TYPE, [W, ..., 1])");
        return;
    }
    if (mlp && !c->schema_only && !check_mlp_widths(c, e->list->next))
        return;
    Sym *s = scope_find(&c->globals, e->list->name);
    if (!s || s->kind != SYM_EDGE_TYPE) {
        if (!s)
            error_at(e->list->loc, "unknown edge type '%s'%s", e->list->name,
                     sema_hint(c, e->list->name, KIND(SYM_EDGE_TYPE)));
        else
            error_at(e->list->loc, "expected an edge type, saw %s '%s'",
                     sema_sym_kind_names[s->kind], e->list->name);
        return;
    }
    m->label_etype = s->index;
}

static void check_loss(Checker *c, AstNode *d) {
    SemModel *m = c->m;
    if (m->loss) {
        error_at(d->loc, "a model has one loss");
        note_at(m->loss->loc, "previous loss is here");
        return;
    }
    m->loss = d;
    AstNode *v = d->value;
    m->loss_kind = HGNN_LOSS_BCE;
    if (v->kind == ND_NAME && strcmp(v->name, "bce_with_logits") == 0)
        return;
    if (v->kind == ND_NAME && strcmp(v->name, "mse") == 0) {
        m->loss_kind = HGNN_LOSS_MSE;
        return;
    }
    bool bpr = (v->kind == ND_NAME || v->kind == ND_CALL) && strcmp(v->name, "bpr") == 0;
    if (!bpr) {
        error_at(v->loc, "unknown loss (expected bce_with_logits, bpr or mse)");
        return;
    }
    // `loss bpr` or `loss bpr(lambda=L)`: PyG's BPRLoss(lambda_reg=L) as LightGCN's
    // recommendation_loss applies it; lambda defaults to 0, BPRLoss's default.
    m->loss_kind = HGNN_LOSS_BPR;
    m->bpr_lambda = 0;
    for (AstNode *a = v->kind == ND_CALL ? v->list : NULL; a; a = a->next) {
        if (a->kind != ND_KWARG) {
            error_at(a->loc, "bpr takes only lambda= (usage: bpr(lambda=1e-4))");
            continue;
        }
        if (strcmp(a->name, "lambda") != 0) {
            error_at(a->loc, "bpr has no argument '%s' (it takes lambda=)", a->name);
            continue;
        }
        Const k = sema_eval_const(c, a->value);
        double x = k.is_int ? (double)k.ival : k.fval;
        if (k.ok && !(x >= 0 && isfinite((float)x)))
            error_at(a->value->loc, "lambda must be a finite float >= 0, saw %g", x);
        else if (k.ok)
            m->bpr_lambda = x;
    }
}

// `loss mse` regresses the classifier's edge type's label column (PyG's edge_label): that type
// must declare one. A reverse type has no data of its own (ToUndirected makes it). There are no
// negatives (RandomLinkSplit's neg_sampling_ratio=0.0), so both default ratios become 0.
static void check_loss_labels(Checker *c) {
    SemModel *m = c->m;
    if (!m->loss || m->loss_kind != HGNN_LOSS_MSE)
        return;
    AstNode *set[2] = {c->neg_ratio, c->split_neg_ratio};
    float ratio[2] = {m->defaults.neg_ratio, m->defaults.split_neg_ratio};
    for (int i = 0; i < 2; i++)
        if (set[i] && ratio[i] != 0) {
            error_at(set[i]->value->loc, "loss mse draws no negatives: every label is an edge's "
                                         "value (leave %s out, or set it to 0)", set[i]->name);
            note_at(m->loss->loc, "the loss is declared here");
        }
    m->defaults.neg_ratio = 0;
    m->defaults.split_neg_ratio = 0;
    if (m->label_etype < 0)
        return;
    const IrEdgeType *et = &m->edge_types[m->label_etype];
    if (et->reverse_of >= 0) {
        error_at(m->loss->value->loc, "loss mse needs a label column, and the classifier's edge "
                                      "type '%s' is a reverse type without data of its own "
                                      "(classify '%s', which declares `label COLUMN`)",
                 et->rel, m->edge_types[et->reverse_of].rel);
        return;
    }
    if (!c->edge_items[m->label_etype].label) {
        error_at(m->loss->value->loc, "loss mse needs a label column on edge type '%s' (add "
                                      "`label COLUMN` to its data: `{ table \"FILE\" src COLUMN "
                                      "dst COLUMN label COLUMN }`)", et->rel);
        note_at(et->loc, "edge type '%s' is declared here", et->rel);
    }
}

// ---- training settings (sema_train.c) ------------------------------------------------------------

static SemConst eval_for_train(void *c, AstNode *e) {
    return sema_eval_const(c, e);
}

static void check_train(Checker *c, AstNode *d) {
    SemTrain t = {c->arena, &c->m->defaults, eval_for_train, c, NULL, NULL};
    sema_check_train(&t, d);
    c->neg_ratio = t.neg_ratio;
    c->split_neg_ratio = t.split_neg_ratio;
}

// ---- the model ---------------------------------------------------------------------------------

static void check_assign(Checker *c, AstNode *d) {
    AstNode *v = d->value;
    if (v->kind == ND_CALL) {
        check_module_decl(c, d, NULL);
        return;
    }
    Const k = sema_eval_const(c, v);
    if (!k.ok)
        return;
    Sym *s = declare(c, d->name, d->name_loc, SYM_CONST, 0);
    if (s) {
        s->is_int = k.is_int;
        s->ival = k.ival;
        s->fval = k.fval;
    }
}

SemModel *sema_check(Arena *a, AstNode *root, const HgnnNodeType *data_types,
                      int n_data_types, bool schema_only) {
    if (!root)
        return NULL;
    Checker c = {.arena = a, .data_types = data_types, .n_data_types = n_data_types,
                 .schema_only = schema_only};
    SemModel *m = c.m = arena_alloc(a, sizeof *m);
    m->name = root->name;
    m->loc = root->name_loc;
    m->label_etype = -1;
    m->defaults = sema_tutorial_defaults();

    // The schema first, so edge types may name node types declared further down.
    for (AstNode *d = root->list; d; d = d->next)
        if (d->kind == ND_NODE_TYPE)
            check_node_type(&c, d);
    check_edge_types(&c, root);
    if (m->n_node_types == 0)
        error_at(root->loc, "model '%s' declares no node types", root->name);
    sema_check_data(&(SemData){c.arena, m, c.node_items, c.edge_items, c.edge_decls});
    if (schema_only) {
        for (AstNode *d = root->list; d; d = d->next)
            if (d->kind == ND_CLASSIFIER && !m->classifier)
                check_classifier(&c, d);
        return diag_error_count() ? NULL : m;
    }
    // A width known only from the data cannot be checked against the layers that read it. After
    // other errors in the declarations, the width is no news.
    bool unknown = false, quiet = diag_error_count() > 0;
    for (int t = 0; t < m->n_node_types; t++)
        if (m->node_types[t].feat_width < 0) {
            AstNode *f = m->features[t];
            if (!quiet)
                error_at(f->loc, "the width of '%s.%s' is known only from the data: pass --data "
                                 "DIR to hgnnc, or declare it (%s: W = ...)",
                         m->node_types[t].name, f->name, f->name);
            unknown = true;
        }
    if (unknown)
        return NULL;

    // Everything else in order: a name is usable after its declaration.
    AstNode *first_input = NULL;
    for (AstNode *d = root->list; d; d = d->next) {
        switch (d->kind) {
        case ND_ASSIGN:
            check_assign(&c, d);
            break;
        case ND_INPUT:
            c.saw_input = true;
            check_input(&c, d);
            if (d->width > 0) {
                if (!first_input) {
                    first_input = d;
                    m->width = d->width;
                } else if (d->width != m->width) {
                    error_at(d->value->loc, "width mismatch: the input of '%s' has %lld "
                                            "features, the input of '%s' has %lld",
                             d->name, (long long)d->width, first_input->name,
                             (long long)m->width);
                    note_at(first_input->loc, "every node type's input must have the same "
                                              "width; '%s' is here", first_input->name);
                }
            }
            break;
        case ND_GNN:
            check_gnn(&c, d);
            break;
        case ND_CLASSIFIER:
            check_classifier(&c, d);
            break;
        case ND_LOSS:
            check_loss(&c, d);
            break;
        case ND_TRAIN:
            check_train(&c, d);
            break;
        default:
            break;
        }
    }
    for (int i = 0; i < m->n_modules; i++)
        if (m->modules[i].in == -1)
            error_at(m->modules[i].loc, "cannot infer the input width of '%s': it is never "
                                        "applied", m->modules[i].name);
    for (int t = 0; t < m->n_node_types; t++)
        if (!m->inputs[t])
            error_at(m->node_types[t].loc, "node type '%s' has no input (add `input %s = ...`)",
                     m->node_types[t].name, m->node_types[t].name);
    if (!m->classifier)
        error_at(root->name_loc, "model '%s' has no classifier (add `classifier dot(EDGE)`)",
                 root->name);
    // The split's ratio (RandomLinkSplit's neg_sampling_ratio, the fixed val/test negatives) is
    // the loader's (LinkNeighborLoader's, per training batch) unless the block sets it: the
    // tutorial uses one number for both.
    if (!c.split_neg_ratio)
        m->defaults.split_neg_ratio = m->defaults.neg_ratio;
    if (!m->loss)
        error_at(root->name_loc, "model '%s' has no loss (add `loss bce_with_logits`)",
                 root->name);
    else if (m->loss_kind == HGNN_LOSS_BPR && !(m->defaults.neg_ratio > 0))
        error_at(m->loss->value->loc, "loss bpr pairs each positive with a negative: neg_ratio "
                                      "must be above 0, saw %g", m->defaults.neg_ratio);
    check_loss_labels(&c);
    if (m->label_etype >= 0 && m->gnn && output_width(m) <= 0)
        return NULL;
    return diag_error_count() ? NULL : m;
}
