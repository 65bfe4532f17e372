// sema_data.c — the checker's half for data declarations: a node or edge type's `table`, `key`,
// `display`, `src`, `dst`, `label` and `x = ENCODERS` items (docs/dsl.md, "Data declarations").
// Takes the items sema.c sorted per type; reports misuse as diagnostics and yields the model's
// HgnnDataDecl (hgnn/abi.h), or NULL when nothing is declared.
#include "sema_int.h"

#include "hgnn/limits.h"

#include <stdlib.h>
#include <string.h>

static const char *const encoder_names[] = {
    [HGNN_ENC_NUMERIC] = "numeric", [HGNN_ENC_STANDARDIZE] = "standardize",
    [HGNN_ENC_ONE_HOT] = "one_hot", [HGNN_ENC_MULTI_HOT] = "multi_hot",
};
enum { N_ENCODERS = sizeof encoder_names / sizeof encoder_names[0] };

// A column: an identifier, or a string for a name that is not one ("0", "movie id").
static const char *column(AstNode *v, const char *what) {
    if (v->kind != ND_NAME && v->kind != ND_STRING) {
        error_at(v->loc, "expected a column for %s: a name, or a string such as \"0\"", what);
        return NULL;
    }
    if (!v->name[0]) {
        error_at(v->loc, "empty column name");
        return NULL;
    }
    return v->name;
}

// A separator: a string of 1 to HGNN_MAX_SEP bytes without a line break.
static const char *separator(AstNode *v) {
    if (v->kind != ND_STRING) {
        error_at(v->loc, "expected a separator in quotes, such as sep=\",\" or sep=\"\\t\"");
        return NULL;
    }
    size_t n = strlen(v->name);
    if (n == 0) {
        error_at(v->loc, "empty separator");
        return NULL;
    }
    if (n > HGNN_MAX_SEP) {
        error_at(v->loc, "a separator is at most %d bytes, saw %zu", HGNN_MAX_SEP, n);
        return NULL;
    }
    if (strpbrk(v->name, "\n\r")) {
        error_at(v->loc, "a separator cannot hold a line break");
        return NULL;
    }
    return v->name;
}

// Reports an option given twice; returns true when kw is the first of its name.
static bool first_option(AstNode **seen, AstNode *kw) {
    if (*seen) {
        error_at(kw->loc, "option '%s' is given twice", kw->name);
        note_at((*seen)->loc, "previous '%s' is here", kw->name);
        return false;
    }
    *seen = kw;
    return true;
}

// Reports a positional argument among options.
static bool is_option(AstNode *a, const char *where) {
    if (a->kind == ND_KWARG)
        return true;
    error_at(a->loc, "expected an option NAME=VALUE in %s", where);
    return false;
}

// `table "FILE" (sep="\t", header=false, encoding="latin1")`.
static void check_table(AstNode *item, HgnnTableDecl *t) {
    AstNode *v = item->value;
    if (v->kind != ND_STRING)
        error_at(v->loc, "expected a file name in quotes after 'table', such as \"%s.csv\"",
                 v->name);
    else if (!v->name[0])
        error_at(v->loc, "empty file name");
    else if (v->name[0] == '/')
        error_at(v->loc, "a table's file is relative to hgnn-run's --data DIR, saw an absolute "
                         "path");
    else
        t->path = v->name;
    AstNode *seen[3] = {NULL, NULL, NULL};
    for (AstNode *o = item->list; o; o = o->next) {
        if (!is_option(o, "a table"))
            continue;
        const char *id = sema_ident_value(o->value);
        if (strcmp(o->name, "sep") == 0) {
            if (first_option(&seen[0], o))
                t->sep = separator(o->value);
        } else if (strcmp(o->name, "header") == 0) {
            if (!first_option(&seen[1], o))
                continue;
            if (id && (strcmp(id, "true") == 0 || strcmp(id, "false") == 0))
                t->no_header = strcmp(id, "false") == 0;
            else
                error_at(o->value->loc, "expected header=true or header=false");
        } else if (strcmp(o->name, "encoding") == 0) {
            if (!first_option(&seen[2], o))
                continue;
            const char *e = o->value->kind == ND_STRING ? o->value->name : "";
            if (strcmp(e, "utf-8") == 0)
                t->encoding = HGNN_TEXT_UTF8;
            else if (strcmp(e, "latin1") == 0)
                t->encoding = HGNN_TEXT_LATIN1;
            else if (strcmp(e, "auto") == 0)
                t->encoding = HGNN_TEXT_AUTO;
            else
                error_at(o->value->loc, "expected encoding=\"utf-8\", \"latin1\" or \"auto\"");
        } else {
            error_at(o->loc, "unknown table option '%s' (expected sep, header or encoding)",
                     o->name);
        }
    }
}

// An item that takes no options: `key movieId`, `display title`.
static const char *plain_column(SemData *c, AstNode *item) {
    if (item->list)
        error_at(item->list->loc, "'%s' takes no options", item->name);
    return column(item->value, arena_printf(c->arena, "'%s'", item->name));
}

// `src userId`, `dst genres (sep="|")`: a key column, optionally a list split on sep.
static const char *edge_column(SemData *c, AstNode *item, const char **list_sep) {
    AstNode *seen = NULL;
    for (AstNode *o = item->list; o; o = o->next) {
        if (!is_option(o, arena_printf(c->arena, "'%s'", item->name)))
            continue;
        if (strcmp(o->name, "sep") != 0)
            error_at(o->loc, "unknown option '%s' of '%s' (expected sep, for a list of keys)",
                     o->name, item->name);
        else if (first_option(&seen, o))
            *list_sep = separator(o->value);
    }
    return column(item->value, arena_printf(c->arena, "'%s'", item->name));
}

// One encoder call: numeric(COL), standardize(COL), one_hot(COL), multi_hot(COL, sep="|").
static bool check_encoder(SemData *c, AstNode *e, HgnnEncoderDecl *out) {
    if (e->kind != ND_CALL) {
        error_at(e->loc, "expected an encoder: numeric(COL), standardize(COL), one_hot(COL) or "
                         "multi_hot(COL, sep=\"|\")");
        return false;
    }
    int k = 0;
    while (k < N_ENCODERS && strcmp(encoder_names[k], e->name) != 0)
        k++;
    if (k == N_ENCODERS) {
        const char *best = NULL;
        int best_d = 3;
        for (int i = 0; i < N_ENCODERS; i++) {
            int d = sema_distance(e->name, encoder_names[i], 2);
            if (d < best_d) {
                best_d = d;
                best = encoder_names[i];
            }
        }
        error_at(e->loc, "unknown encoder '%s' (expected numeric, standardize, one_hot or "
                         "multi_hot)%s", e->name,
                 best ? arena_printf(c->arena, "; did you mean '%s'?", best) : "");
        return false;
    }
    *out = (HgnnEncoderDecl){.kind = k};
    AstNode *args[1] = {NULL}, *seen = NULL;
    int n = sema_positional(e, args, 1);
    bool ok = true;
    for (AstNode *a = e->list; a; a = a->next) {
        if (a->kind != ND_KWARG)
            continue;
        if (k != HGNN_ENC_MULTI_HOT || strcmp(a->name, "sep") != 0) {
            error_at(a->loc, "%s has no option '%s'%s", e->name, a->name,
                     k == HGNN_ENC_MULTI_HOT ? " (expected sep)" : "");
            ok = false;
        } else if (first_option(&seen, a)) {
            out->list_sep = separator(a->value);
            ok = ok && out->list_sep;
        }
    }
    if (!sema_want_args(e, n, 1, k == HGNN_ENC_MULTI_HOT ? "multi_hot(COLUMN, sep=\"|\")"
                                                   : arena_printf(c->arena, "%s(COLUMN)",
                                                                  e->name)))
        return false;
    out->column = column(args[0], arena_printf(c->arena, "%s", e->name));
    return ok && out->column;
}

// `x = ENC` or `x = [ENC, ENC, ...]`: the encoders concatenated, in order.
static void check_encoders(SemData *c, AstNode *rhs, HgnnNodeData *nd) {
    int n = 0;
    AstNode *single = rhs->kind == ND_LIST ? NULL : rhs;
    for (AstNode *e = single ? single : rhs->list; e; e = single ? NULL : e->next)
        n++;
    if (n == 0) {
        error_at(rhs->loc, "expected at least one encoder in the list");
        return;
    }
    HgnnEncoderDecl *encs = arena_alloc(c->arena, (size_t)n * sizeof *encs);
    int i = 0;
    bool ok = true;
    for (AstNode *e = single ? single : rhs->list; e; e = single ? NULL : e->next)
        ok = check_encoder(c, e, &encs[i++]) && ok;
    if (ok) {
        nd->n_encoders = n;
        nd->encoders = encs;
    }
}

// Where each node and edge type's data comes from. All or nothing: once any type declares a
// table, every declared edge type needs one, and every node type without one must be mentioned
// by an edge type (its ids come from that edge type's table). Reverse edge types are made at
// load time and declare nothing.
void sema_check_data(SemData *c) {
    SemModel *m = c->m;
    AstNode *first = NULL;      // the first table, for "data is declared here"
    for (int t = 0; t < m->n_node_types && !first; t++)
        first = c->node_items[t].table;
    for (int e = 0; e < m->n_edge_types && !first; e++)
        first = c->edge_decls[e] ? c->edge_items[e].table : NULL;
    HgnnNodeData *nodes = arena_alloc(c->arena, sizeof *nodes * (size_t)(m->n_node_types + 1));
    HgnnEdgeData *edges = arena_alloc(c->arena, sizeof *edges * (size_t)(m->n_edge_types + 1));

    for (int t = 0; t < m->n_node_types; t++) {
        Items *it = &c->node_items[t];
        HgnnNodeData *nd = &nodes[t];
        const char *name = m->node_types[t].name;
        if (it->table) {
            check_table(it->table, &nd->table);
            if (!it->key)
                error_at(it->table->loc, "node type '%s' has a table but no key column (add "
                                         "`key COLUMN`)", name);
        } else {
            for (AstNode *item = it->key ? it->key : it->display; item; item = NULL)
                error_at(item->loc, "'%s' needs a table: node type '%s' has none", item->name,
                         name);
        }
        if (it->key)
            nd->key = plain_column(c, it->key);
        if (it->display)
            nd->display = plain_column(c, it->display);
        AstNode *f = it->feature;
        if (f && f->rhs) {
            if (!it->table)
                error_at(f->loc, "node type '%s' has no table to compute '%s' from (add `table "
                                 "\"FILE\"` and `key COLUMN`)", name, f->name);
            check_encoders(c, f->rhs, nd);
        } else if (f && first) {
            error_at(f->loc, "'%s' of node type '%s' has a width but no encoders; with data "
                             "declared, features are computed (%s: W = numeric(COLUMN), ...)",
                     f->name, name, f->name);
        }
        if (first && !it->table) {
            // An edge type without a table is reported below; its endpoints are not, again.
            bool reached = false;
            for (int e = 0; e < m->n_edge_types; e++)
                if (c->edge_decls[e] && (m->edge_types[e].src == t || m->edge_types[e].dst == t))
                    reached = true;
            if (!reached)
                error_at(m->node_types[t].loc, "node type '%s' has no table and no edge type "
                                               "mentions it, so it has no nodes (add `table` "
                                               "and `key`, or an edge type with a table)", name);
        }
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        AstNode *d = c->edge_decls[e];
        if (!d)
            continue;           // a reverse type: zeroed, made by ToUndirected at load time
        Items *it = &c->edge_items[e];
        HgnnEdgeData *ed = &edges[e];
        if (it->table) {
            check_table(it->table, &ed->table);
            if (!it->src || !it->dst)
                error_at(it->table->loc, "edge type '%s' has a table but no %s column (add `%s "
                                         "COLUMN`)", d->name, it->src ? "dst" : "src",
                         it->src ? "dst" : "src");
        } else {
            for (AstNode *item = it->src ? it->src : it->dst ? it->dst : it->label; item;
                 item = NULL)
                error_at(item->loc, "'%s' needs a table: edge type '%s' has none", item->name,
                         d->name);
            if (first && !it->src && !it->dst && !it->label) {
                error_at(d->name_loc, "edge type '%s' declares no table; once data is "
                                      "declared every edge type needs one (add `{ table "
                                      "\"FILE\" src COLUMN dst COLUMN }`)", d->name);
                note_at(first->loc, "data is declared here");
            }
        }
        if (it->src)
            ed->src_key = edge_column(c, it->src, &ed->src_list_sep);
        if (it->dst)
            ed->dst_key = edge_column(c, it->dst, &ed->dst_list_sep);
        if (it->label)
            ed->label = plain_column(c, it->label);
    }

    if (first) {
        HgnnDataDecl *data = arena_alloc(c->arena, sizeof *data);
        *data = (HgnnDataDecl){nodes, edges};
        m->data = data;
    }
}
