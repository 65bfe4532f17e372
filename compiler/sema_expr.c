// sema_expr.c — the checker's tensor expressions: names, NODE_TYPE.field, `+`, `-`, `* k`,
// cat, the built-in functions (relu, dropout, ...) and calls of modules. Takes an expression of
// the syntax tree and the checker's scopes (sema_int.h); annotates the tree (ref, ntype, width)
// and yields what the expression denotes, after a diagnostic for each error it finds.
#include "sema_int.h"

#include "hgnn/limits.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

const char *sema_ntype_name(Checker *c, int t) {
    return t < 0 ? "any node type" : c->m->node_types[t].name;
}

static VKind check_member(Checker *c, AstNode *e) {
    if (e->lhs->kind != ND_NAME) {
        error_at(e->loc, "expected NODE_TYPE.%s", e->name);
        return V_ERROR;
    }
    Sym *s = sema_lookup(c, e->lhs->name);
    if (!s || s->kind != SYM_NODE_TYPE) {
        if (!s)
            error_at(e->lhs->loc, "undefined name '%s'%s", e->lhs->name,
                     sema_hint(c, e->lhs->name, KIND(SYM_NODE_TYPE)));
        else
            error_at(e->lhs->loc, "expected a node type before '.%s', saw %s '%s'", e->name,
                     sema_sym_kind_names[s->kind], e->lhs->name);
        return V_ERROR;
    }
    if (c->in_gnn) {
        error_at(e->loc, "a to_hetero block sees only its input 'x', not %s.%s", e->lhs->name,
                 e->name);
        return V_ERROR;
    }
    int t = s->index;
    e->ntype = t;
    if (strcmp(e->name, "node_id") == 0)
        return V_IDS;
    AstNode *feat = c->m->features[t];
    if (feat && strcmp(feat->name, e->name) == 0 && c->m->node_types[t].feat_width > 0) {
        e->width = c->m->node_types[t].feat_width;
        return V_TENSOR;
    }
    error_at(e->loc, "node type '%s' has no field '%s' (it has node_id%s%s)", e->lhs->name,
             e->name, feat ? " and " : "", feat ? feat->name : "");
    return V_ERROR;
}

// Whether e is made of numbers and declared constants only (what sema_eval_const accepts).
static bool is_const_expr(Checker *c, const AstNode *e) {
    switch (e->kind) {
    case ND_INT:
    case ND_FLOAT:
        return true;
    case ND_NAME: {
        Sym *s = sema_lookup(c, e->name);
        return s && s->kind == SYM_CONST;
    }
    case ND_NEG:
        return is_const_expr(c, e->lhs);
    case ND_ADD:
    case ND_SUB:
    case ND_MUL:
        return is_const_expr(c, e->lhs) && is_const_expr(c, e->rhs);
    default:
        return false;
    }
}

// `X * k` or `k * X`: features times a constant (torch's `x * 0.5`). The tensor side is moved
// to lhs and the factor kept in fval, for lowering to scale.
static VKind check_scale(Checker *c, AstNode *e) {
    bool kl = is_const_expr(c, e->lhs), kr = is_const_expr(c, e->rhs);
    // A string or list is no tensor either: take it as the factor, so sema_eval_const names it.
    if (!kl && !kr && (e->lhs->kind == ND_STRING || e->lhs->kind == ND_LIST))
        kl = true;
    else if (!kl && !kr && (e->rhs->kind == ND_STRING || e->rhs->kind == ND_LIST))
        kr = true;
    if (kl && kr) {
        error_at(e->loc, "expected a tensor, saw a number");
        return V_ERROR;
    }
    if (!kl && !kr) {
        error_at(e->loc, "'*' multiplies features by a number, saw an expression on both sides");
        note_at(e->loc, "one side must be a number or a constant (`x * 0.5`, `2 * x`)");
        return V_ERROR;
    }
    if (kl) {
        AstNode *t = e->lhs;
        e->lhs = e->rhs;
        e->rhs = t;
    }
    SemConst k = sema_eval_const(c, e->rhs);
    VKind v = sema_check_expr(c, e->lhs);
    if (!k.ok || v == V_ERROR)
        return V_ERROR;
    if (v == V_IDS) {
        error_at(e->lhs->loc, "'*' expects features, saw node ids");
        return V_ERROR;
    }
    if (!isfinite((float)k.fval)) {
        error_at(e->rhs->loc, "the factor of '*' must be a finite float, saw %g", k.fval);
        return V_ERROR;
    }
    e->fval = k.fval;
    e->ntype = e->lhs->ntype;
    e->width = e->lhs->width;
    return V_TENSOR;
}

// The built-in elementwise functions of one tensor, each with its one optional numeric keyword
// and torch's default for it; lower.c maps each to its IR op.
typedef struct Builtin {
    const char *name, *kw;  // kw: NULL when the function takes none
    double def;
} Builtin;

static const Builtin builtins[] = {
    {"relu", NULL, 0},
    {"sigmoid", NULL, 0},
    {"tanh", NULL, 0},
    {"leaky_relu", "negative_slope", 0.01},
    {"elu", "alpha", 1.0},
    {"gelu", NULL, 0},
    {"normalize", NULL, 0},
    {"dropout", "p", 0.5},  // the one whose keyword may also come second, positionally
};

static const Builtin *builtin_function(const char *name) {
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(name, builtins[i].name) == 0)
            return &builtins[i];
    return NULL;
}

// `cat(a, b, ...)`: torch.cat([a, b, ...], dim=-1), features of one node type side by side;
// the widths add.
static VKind check_cat(Checker *c, AstNode *e) {
    int n = 0;
    bool ok = true;
    AstNode *first = NULL;
    for (AstNode *a = e->list; a; a = a->next) {
        if (a->kind == ND_KWARG) {
            error_at(a->loc, "'cat' takes no keyword arguments (it joins columns, dim=-1)");
            return V_ERROR;
        }
        n++;
    }
    if (n < 2) {
        error_at(e->loc, "cat takes at least 2 arguments, saw %d (usage: cat(X, Y, ...))", n);
        return V_ERROR;
    }
    e->width = 0;
    for (AstNode *a = e->list; a; a = a->next) {
        VKind k = sema_check_expr(c, a);
        if (k == V_IDS)
            error_at(a->loc, "cat expects features, saw node ids");
        if (k != V_TENSOR) {
            ok = false;
            continue;
        }
        if (!first) {
            first = a;
        } else if (a->ntype != first->ntype) {
            error_at(a->loc, "arguments of cat belong to different node types ('%s' and '%s')",
                     sema_ntype_name(c, first->ntype), sema_ntype_name(c, a->ntype));
            ok = false;
        }
        if (e->width > HGNN_MAX_WIDTH - a->width) {
            error_at(e->loc, "cat's width must be at most %d", HGNN_MAX_WIDTH);
            ok = false;
        }
        e->width += a->width;
    }
    if (!ok)
        return V_ERROR;
    e->ntype = first->ntype;
    return V_TENSOR;
}

// The gat layer whose output e is, through elementwise functions and value names (checked
// expressions only), or NULL: for a note when widths do not chain.
static const SemModule *gat_source(Checker *c, const AstNode *e, int depth) {
    while (e && depth++ < 16) {
        if (e->kind == ND_CALL && e->ref >= 0 && sema_lookup(c, e->name) &&
            sema_lookup(c, e->name)->kind == SYM_MODULE)
            return c->m->modules[e->ref].kind == MOD_GAT ? &c->m->modules[e->ref] : NULL;
        if (e->kind == ND_CALL && e->ref < 0 && builtin_function(e->name))
            e = e->list;
        else if (e->kind == ND_NAME && sema_lookup(c, e->name) &&
                 sema_lookup(c, e->name)->kind == SYM_VALUE)
            e = sema_lookup(c, e->name)->expr;
        else
            return NULL;
    }
    return NULL;
}

// After a width mismatch on x: how a gat layer that x comes from makes its width.
static void note_gat_heads(Checker *c, const AstNode *x) {
    const SemModule *g = gat_source(c, x, 0);
    if (g && g->concat)
        note_at(g->loc, "'%s' concatenates its heads: %d x %lld = %lld features", g->name,
                g->heads, (long long)g->out, (long long)sem_out_width(g));
    else if (g)
        note_at(g->loc, "'%s' averages its %d heads (concat=false): %lld features", g->name,
                g->heads, (long long)g->out);
}

static VKind check_call(Checker *c, AstNode *e) {
    if (strcmp(e->name, "cat") == 0)
        return check_cat(c, e);
    AstNode *args[2] = {NULL, NULL};
    int n = sema_positional(e, args, 2);
    const Builtin *builtin = builtin_function(e->name);
    Sym *s = builtin ? NULL : sema_lookup(c, e->name);
    // An unknown callee first: its arguments mean nothing until we know what it is.
    if (!builtin && !s) {
        error_at(e->loc, "undefined function or module '%s'%s", e->name,
                 strcmp(e->name, "rel") == 0 || strcmp(e->name, "Relu") == 0
                     ? "; did you mean 'relu'?"
                     : sema_hint(c, e->name, KIND(SYM_MODULE)));
        return V_ERROR;
    }
    if (builtin)
        e->fval = builtin->def;  // the keyword's value, for lowering
    for (AstNode *a = e->list; a; a = a->next) {
        if (a->kind != ND_KWARG)
            continue;
        if (!builtin || !builtin->kw) {
            error_at(a->loc, "'%s' takes no keyword arguments", e->name);
            return V_ERROR;
        }
        if (strcmp(a->name, builtin->kw) != 0) {
            error_at(a->loc, "%s has no argument '%s' (it takes %s=)", e->name, a->name,
                     builtin->kw);
            return V_ERROR;
        }
        SemConst v = sema_eval_const(c, a->value);
        if (!v.ok)
            return V_ERROR;
        if (!isfinite((float)v.fval)) {
            error_at(a->value->loc, "%s must be a finite float, saw %g", builtin->kw, v.fval);
            return V_ERROR;
        }
        e->fval = v.fval;
    }
    if (builtin) {
        const char *usage = builtin->kw ? arena_printf(c->arena, "%s(X, %s=%g)", e->name,
                                                       builtin->kw, builtin->def)
                                        : arena_printf(c->arena, "%s(X)", e->name);
        bool dropout = strcmp(e->name, "dropout") == 0;
        if (dropout && n == 2) {  // dropout(x, 0.2), F.dropout's p positionally
            for (AstNode *a = e->list; a; a = a->next)
                if (a->kind == ND_KWARG) {
                    error_at(a->loc, "dropout's p is given twice");
                    return V_ERROR;
                }
            SemConst v = sema_eval_const(c, args[1]);
            if (!v.ok)
                return V_ERROR;
            e->fval = v.fval;
            n = 1;
        }
        if (!sema_want_args(e, n, 1, usage))
            return V_ERROR;
        // torch raises for p outside [0, 1]; p = 1 would scale by 1 / 0.
        if (dropout && !(e->fval >= 0 && (float)e->fval < 1)) {
            AstNode *at = args[1] ? args[1] : e;
            for (AstNode *a = e->list; a; a = a->next)
                if (a->kind == ND_KWARG)
                    at = a->value;
            error_at(at->loc, "dropout's p must be in [0, 1), saw %g", e->fval);
            return V_ERROR;
        }
        VKind k = sema_check_expr(c, args[0]);
        if (k == V_IDS)
            error_at(args[0]->loc, "%s expects features, saw node ids", e->name);
        if (k != V_TENSOR)
            return V_ERROR;
        e->ntype = args[0]->ntype;
        e->width = args[0]->width;
        return V_TENSOR;
    }
    if (s->kind != SYM_MODULE) {
        error_at(e->loc, "%s '%s' cannot be called", sema_sym_kind_names[s->kind], e->name);
        note_at(s->loc, "'%s' is declared here", e->name);
        return V_ERROR;
    }
    if (s->index < 0)
        return V_ERROR;  // its declaration had an error, already reported
    SemModule *mod = &c->m->modules[s->index];
    e->ref = s->index;
    if (c->in_gnn && !mod->in_block) {
        error_at(e->loc, "'%s' is declared outside the to_hetero block; inside it, use the "
                         "block's own layers and relu", mod->name);
        return V_ERROR;
    }
    if (!sema_want_args(e, n, 1, mod->kind == MOD_EMBEDDING ? "EMB(T.node_id)" : "LAYER(X)"))
        return V_ERROR;
    for (AstNode *a = e->list; a; a = a->next)
        if (a->kind == ND_KWARG) {
            error_at(a->loc, "'%s' takes no keyword arguments", e->name);
            return V_ERROR;
        }
    VKind k = sema_check_expr(c, args[0]);
    if (k == V_ERROR)
        return V_ERROR;
    AstNode *x = args[0];
    switch (mod->kind) {
    case MOD_EMBEDDING:
        if (k != V_IDS) {
            error_at(x->loc, "embedding '%s' expects node ids (%s.node_id), saw features",
                     mod->name, c->m->node_types[mod->ntype].name);
            return V_ERROR;
        }
        if (x->ntype != mod->ntype) {
            error_at(x->loc, "embedding '%s' is over node type '%s', saw ids of '%s'",
                     mod->name, c->m->node_types[mod->ntype].name, sema_ntype_name(c, x->ntype));
            note_at(mod->loc, "'%s' is declared here", mod->name);
            return V_ERROR;
        }
        e->ntype = x->ntype;
        e->width = mod->out;
        return V_TENSOR;
    case MOD_LINEAR:
    case MOD_SAGE:
    case MOD_GRAPH_CONV:
    case MOD_LG_CONV:
    case MOD_GAT:
    case MOD_LAYER_NORM:
        if (k != V_TENSOR) {
            error_at(x->loc, "'%s' expects features, saw node ids (use an embedding)",
                     mod->name);
            return V_ERROR;
        }
        if (mod->in_block && !c->in_gnn) {
            error_at(e->loc, "layer '%s' used outside its to_hetero block", mod->name);
            return V_ERROR;
        }
        if (mod->kind == MOD_LG_CONV) {  // weightless: any width, kept
            e->ntype = x->ntype;
            e->width = x->width;
            return V_TENSOR;
        }
        if (mod->in == -1)
            mod->in = x->width;
        if (mod->in_dst > 0 && (x->width != mod->in || x->width != mod->in_dst)) {
            // gat((IN_src, IN_dst), OUT) in to_hetero: each edge type's copy reads its source
            // and its destination type's input, both the width of what the layer is applied to.
            bool src = x->width != mod->in;
            error_at(x->loc, "width mismatch: '%s' expects %lld %s features (%s), saw %lld",
                     mod->name, (long long)(src ? mod->in : mod->in_dst),
                     src ? "source" : "destination", src ? "IN_src" : "IN_dst",
                     (long long)x->width);
            note_at(mod->in_locs[src ? 0 : 1], "inside to_hetero every node type's input has "
                                               "the width '%s' is applied to: IN_src and IN_dst "
                                               "must both be %lld", mod->name,
                    (long long)x->width);
            note_gat_heads(c, x);
            return V_ERROR;
        }
        if (x->width != mod->in) {
            error_at(x->loc, "width mismatch: '%s' expects %lld input features, saw %lld",
                     mod->name, (long long)mod->in, (long long)x->width);
            note_at(mod->loc, "'%s' is declared here", mod->name);
            note_gat_heads(c, x);
            return V_ERROR;
        }
        e->ntype = x->ntype;
        e->width = sem_out_width(mod);
        return V_TENSOR;
    }
    return V_ERROR;
}

VKind sema_check_expr(Checker *c, AstNode *e) {
    switch (e->kind) {
    case ND_MEMBER:
        return check_member(c, e);
    case ND_CALL:
        return check_call(c, e);
    case ND_NAME: {
        Sym *s = sema_lookup(c, e->name);
        if (!s) {
            error_at(e->loc, "undefined name '%s'%s", e->name,
                     sema_hint(c, e->name, KIND(SYM_VALUE)));
            return V_ERROR;
        }
        if (s->kind == SYM_VALUE) {
            if (s->width == 0)
                return V_ERROR;  // its definition had an error, already reported
            e->ref = s->index;
            e->width = s->width;
            e->ntype = -1;
            return V_TENSOR;
        }
        if (s->kind == SYM_NODE_TYPE)
            error_at(e->loc, "node type '%s' is not a value; use %s.node_id or its features",
                     e->name, e->name);
        else
            error_at(e->loc, "expected a tensor, saw %s '%s'", sema_sym_kind_names[s->kind],
                     e->name);
        return V_ERROR;
    }
    case ND_ADD:
    case ND_SUB: {
        VKind a = sema_check_expr(c, e->lhs), b = sema_check_expr(c, e->rhs);
        if (a == V_ERROR || b == V_ERROR)
            return V_ERROR;
        if (a != V_TENSOR || b != V_TENSOR) {
            error_at(e->loc, "'%c' expects features on both sides, saw node ids",
                     e->kind == ND_ADD ? '+' : '-');
            return V_ERROR;
        }
        if (e->lhs->ntype != e->rhs->ntype) {
            error_at(e->loc, "operands of '%c' belong to different node types ('%s' and '%s')",
                     e->kind == ND_ADD ? '+' : '-', sema_ntype_name(c, e->lhs->ntype),
                     sema_ntype_name(c, e->rhs->ntype));
            return V_ERROR;
        }
        if (e->lhs->width != e->rhs->width) {
            error_at(e->loc, "width mismatch: %lld vs %lld features on the sides of '%c'",
                     (long long)e->lhs->width, (long long)e->rhs->width,
                     e->kind == ND_ADD ? '+' : '-');
            return V_ERROR;
        }
        e->ntype = e->lhs->ntype;
        e->width = e->lhs->width;
        return V_TENSOR;
    }
    case ND_MUL:
        return check_scale(c, e);
    case ND_INT:
    case ND_FLOAT:
    case ND_NEG:
        error_at(e->loc, "expected a tensor, saw a number");
        return V_ERROR;
    default:
        error_at(e->loc, "expected a tensor expression");
        return V_ERROR;
    }
}
