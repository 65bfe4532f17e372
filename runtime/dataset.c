// dataset.c — a model's data declaration (HgnnDataDecl) read into an RtGraph: node tables with
// their keys, display column and encoders (table.c, encode.c), nodes of types without a table
// numbered by first appearance, and one edge per row (or list value) of each edge table, its
// endpoints looked up by key as text and its value read from the label column when one is
// declared. Also hgnn_data_widths and hgnn_data_check_labels (hgnn/data.h) for the compiler.
#include "dataset.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnn/data.h"
#include "encode.h"
#include "hugepage.h"
#include "movielens.h"
#include "rng.h"
#include "table.h"

// A key as the map compares it: its bytes, and a tag that alone decides equality for keys of up
// to 7 bytes (the bytes and the length packed in 64 bits; MovieLens ids all fit), so that finding
// one touches a single cache line of the map and not the key text.
typedef struct Probe {
    const char *s;
    size_t n;
    uint64_t tag;           // n <= 7: bytes | n << 56; longer: the first 7 bytes | 0xff << 56
    uint32_t hash;
} Probe;

// 12 bytes: the map of 62k movies (128k slots) stays within 1.5 MB. A long key's hash is not
// kept: growing the map recomputes it from the key's text.
typedef struct __attribute__((packed, aligned(4))) Slot {
    uint64_t tag;
    int32_t id;             // node id, -1 for a free slot
} Slot;

// The keys (or display strings) of one node type: text back to back, each NUL-terminated, with
// their offsets; for keys, an open-addressing map from a key to its node.
typedef struct Keys {
    char *buf;
    size_t len, cap;
    int64_t *off;           // n + 1 offsets into buf
    int64_t n, cap_off;
    Slot *slot;             // mask + 1 slots; NULL before the first key
    uint64_t mask;
} Keys;

typedef struct Load {
    const char *dir;
    int32_t n_nodes, n_edges;
    const HgnnNodeType *nt;
    const HgnnEdgeType *et;
    const HgnnDataDecl *d;
    RtGraph *g;
    Keys keys[HGNN_MAX_NODE_TYPES], disp[HGNN_MAX_NODE_TYPES];
} Load;

static void keys_free(Keys *k) {
    free(k->buf);
    free(k->off);
    free(k->slot);
    memset(k, 0, sizeof *k);
}

static Probe probe(const char *s, size_t n) {
    Probe p = {s, n, (uint64_t)(n <= 7 ? n : 0xff) << 56, 0};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && i < 7; i++)     // a byte loop: memcpy of n bytes is a call
        p.tag |= (uint64_t)u[i] << (8 * i);
    uint64_t h = p.tag;
    if (n > 7) {
        h = 0xcbf29ce484222325u;        // FNV-1a
        for (size_t i = 0; i < n; i++)
            h = (h ^ u[i]) * 0x100000001b3u;
    }
    p.hash = (uint32_t)rt_mix64(h);
    return p;
}

// Appends s (n bytes) and a NUL as string k->n. Returns 0, or -1 when out of memory.
static int keys_append(Keys *k, const char *s, size_t n) {
    if (k->len + n + 1 > k->cap) {
        size_t cap = k->cap ? k->cap : 4096;
        while (k->len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(k->buf, cap);
        if (!b)
            return -1;
        k->buf = b;
        k->cap = cap;
    }
    if (k->n + 2 > k->cap_off) {
        int64_t cap = k->cap_off ? k->cap_off * 2 : 1024;
        int64_t *o = realloc(k->off, (size_t)cap * sizeof *o);
        if (!o)
            return -1;
        k->off = o;
        k->cap_off = cap;
    }
    memcpy(k->buf + k->len, s, n);
    k->buf[k->len + n] = 0;
    k->off[k->n] = (int64_t)k->len;
    k->len += n + 1;
    k->off[++k->n] = (int64_t)k->len;
    return 0;
}

// Makes room in the map for one more key (load at most 1/2). Returns 0, or -1 out of memory.
static int keys_reserve(Keys *k) {
    uint64_t cap = k->slot ? k->mask + 1 : 0;
    if (k->slot && (uint64_t)(k->n + 1) * 2 <= cap)
        return 0;
    uint64_t ncap = cap ? cap * 2 : 1024, nmask = ncap - 1;
    Slot *slot = malloc(ncap * sizeof *slot);
    if (!slot)
        return -1;
    memset(slot, 0xff, ncap * sizeof *slot);
    for (uint64_t i = 0; i < cap; i++) {
        if (k->slot[i].id < 0)
            continue;
        int32_t id = k->slot[i].id;
        Probe p = probe(k->buf + k->off[id], (size_t)(k->off[id + 1] - k->off[id] - 1));
        uint64_t j = p.hash & nmask;
        while (slot[j].id >= 0)
            j = (j + 1) & nmask;
        slot[j] = k->slot[i];
    }
    free(k->slot);
    k->slot = slot;
    k->mask = nmask;
    return 0;
}

// The slot holding key p, or the free slot where it would go. The map must exist.
static uint64_t keys_find(const Keys *k, const Probe *p) {
    uint64_t i = p->hash & k->mask;
    for (const Slot *e; (e = &k->slot[i])->id >= 0; i = (i + 1) & k->mask)
        if (e->tag == p->tag &&
            (p->n <= 7 || ((size_t)(k->off[e->id + 1] - k->off[e->id] - 1) == p->n &&
                           memcmp(k->buf + k->off[e->id], p->s, p->n) == 0)))
            break;
    return i;
}

// Adds key p as node k->n at its free slot `at` (from keys_find after keys_reserve).
static int keys_insert(Keys *k, const Probe *p, uint64_t at) {
    int32_t id = (int32_t)k->n;
    if (keys_append(k, p->s, p->n) < 0)
        return -1;
    k->slot[at] = (Slot){p->tag, id};
    return 0;
}

// Moves k's strings into a node store: *buf takes the text, *ptr the count pointers into it.
static int keys_to_store(Keys *k, char **buf, char ***ptr) {
    if (k->n == 0) {
        keys_free(k);
        return 0;
    }
    char **p = malloc((size_t)k->n * sizeof *p);
    if (!p)
        return -1;
    for (int64_t i = 0; i < k->n; i++)
        p[i] = k->buf + k->off[i];
    *buf = k->buf;
    *ptr = p;
    k->buf = NULL;
    keys_free(k);
    return 0;
}

// s (n bytes, not NUL-terminated) as it may appear in a message.
static const char *shown(const char *s, size_t n, char *out, size_t size) {
    char tmp[48];
    size_t m = n < sizeof tmp - 1 ? n : sizeof tmp - 1;
    memcpy(tmp, s, m);
    tmp[m] = 0;
    return rt_excerpt(tmp, 40, out, size);
}

static char *join(const char *dir, const char *rel) {
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static RtTableOptions table_options(const HgnnTableDecl *t) {
    RtTableOptions o = {.sep = t->sep, .no_header = t->no_header != 0};
    o.encoding = t->encoding == HGNN_TEXT_LATIN1 ? RT_ENCODING_LATIN1
                 : t->encoding == HGNN_TEXT_AUTO ? RT_ENCODING_AUTO
                                                 : RT_ENCODING_UTF8;
    return o;
}

static int name_ok(const char *s, size_t max) {
    return s && s[0] && strlen(s) < max;
}

// Checks what the files cannot: the declaration's own consistency.
static int check_decl(const Load *L, RtError *err) {
    const char *what = "data declaration";
    if (L->n_nodes < 1 || L->n_nodes > HGNN_MAX_NODE_TYPES || L->n_edges < 0 ||
        L->n_edges > HGNN_MAX_EDGE_TYPES)
        return rt_err(err, NULL, 0, "%s: %d node types and %d edge types (limits 1..%d, 0..%d)",
                      what, L->n_nodes, L->n_edges, HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES);
    if (!L->d || !L->d->nodes || (L->n_edges && !L->d->edges))
        return rt_err(err, NULL, 0, "%s: no node or edge entries", what);
    for (int32_t t = 0; t < L->n_nodes; t++) {
        const HgnnNodeData *nd = &L->d->nodes[t];
        const char *name = L->nt[t].name;
        if (!name_ok(name, RT_NAME_MAX))
            return rt_err(err, NULL, 0, "%s: node type %d has no name or one over %d bytes",
                          what, t, RT_NAME_MAX - 1);
        if (!nd->table.path) {
            if (nd->n_encoders || nd->display || nd->key)
                return rt_err(err, NULL, 0, "%s: node type '%s' has no table, so no key, display "
                              "column or encoders", what, name);
            continue;
        }
        if (!nd->key)
            return rt_err(err, NULL, 0, "%s: node type '%s' has a table and no key column", what,
                          name);
        if (nd->table.encoding < HGNN_TEXT_UTF8 || nd->table.encoding > HGNN_TEXT_AUTO)
            return rt_err(err, NULL, 0, "%s: node type '%s': unknown encoding %d", what, name,
                          nd->table.encoding);
        if (nd->n_encoders < 0 || (nd->n_encoders && !nd->encoders))
            return rt_err(err, NULL, 0, "%s: node type '%s': bad encoder list", what, name);
        for (int32_t i = 0; i < nd->n_encoders; i++)
            if (nd->encoders[i].kind < HGNN_ENC_NUMERIC ||
                nd->encoders[i].kind > HGNN_ENC_MULTI_HOT || !nd->encoders[i].column)
                return rt_err(err, NULL, 0, "%s: node type '%s': encoder %d is of unknown kind "
                              "%d or reads no column", what, name, i, nd->encoders[i].kind);
    }
    for (int32_t e = 0; e < L->n_edges; e++) {
        const HgnnEdgeType *et = &L->et[e];
        const HgnnEdgeData *ed = &L->d->edges[e];
        if (!name_ok(et->name, sizeof L->g->edges[0].name) ||
            !name_ok(et->rel, sizeof L->g->edges[0].rel))
            return rt_err(err, NULL, 0, "%s: edge type %d has no name or rel, or a too long one",
                          what, e);
        if (et->src < 0 || et->src >= L->n_nodes || et->dst < 0 || et->dst >= L->n_nodes)
            return rt_err(err, NULL, 0, "%s: edge type '%s' joins unknown node types", what,
                          et->name);
        for (int32_t f = 0; f < e; f++)
            if (strcmp(L->et[f].name, et->name) == 0)
                return rt_err(err, NULL, 0, "%s: edge type '%s' is declared twice", what,
                              et->name);
        if (ed->table.path) {
            if (!ed->src_key || !ed->dst_key)
                return rt_err(err, NULL, 0, "%s: edge type '%s' has a table and no key columns",
                              what, et->name);
            if (ed->table.encoding < HGNN_TEXT_UTF8 || ed->table.encoding > HGNN_TEXT_AUTO)
                return rt_err(err, NULL, 0, "%s: edge type '%s': unknown encoding %d", what,
                              et->name, ed->table.encoding);
            continue;
        }
        // No table: the reverse ToUndirected makes of a tabled type between two node types.
        int32_t r = et->reverse_of;
        if (r < 0 || r >= L->n_edges || !L->d->edges[r].table.path)
            return rt_err(err, NULL, 0, "%s: edge type '%s' has no table and reverses no edge "
                          "type with one", what, et->name);
        if (L->et[r].src == L->et[r].dst)
            return rt_err(err, NULL, 0, "%s: edge type '%s' reverses '%s', which joins a node "
                          "type to itself and is made undirected in place", what, et->name,
                          L->et[r].name);
        if (et->src != L->et[r].dst || et->dst != L->et[r].src)
            return rt_err(err, NULL, 0, "%s: edge type '%s' does not join the node types of "
                          "'%s' the other way", what, et->name, L->et[r].name);
        for (int32_t f = 0; f < e; f++)
            if (!L->d->edges[f].table.path && L->et[f].reverse_of == r)
                return rt_err(err, NULL, 0, "%s: edge types '%s' and '%s' both reverse '%s'",
                              what, L->et[f].name, et->name, L->et[r].name);
    }
    return 0;
}

// Reads node type t's table: one node per row, its key, display string and encoder inputs.
static int load_node_table(Load *L, int32_t t, RtError *err) {
    const HgnnNodeData *nd = &L->d->nodes[t];
    RtNodeStore *ns = &L->g->nodes[t];
    Keys *k = &L->keys[t];
    RtTableOptions opt = table_options(&nd->table);
    char *path = join(L->dir, nd->table.path);
    RtEncoderSpec *spec = malloc((size_t)(nd->n_encoders + 1) * sizeof *spec);
    int64_t *first_line = NULL, cap = 0;
    RtEncoder *enc = NULL;
    RtFeatures f = {0};
    RtTable c;
    memset(&c, 0, sizeof c);
    int rc = -1;
    if (!path || !spec)
        goto oom;
    for (int32_t i = 0; i < nd->n_encoders; i++)
        spec[i] = (RtEncoderSpec){(RtEncoderKind)nd->encoders[i].kind, nd->encoders[i].column,
                                  nd->encoders[i].list_sep};
    if (rt_table_open(&c, path, &opt, err) < 0)
        goto done;
    int c_key = rt_table_need_column(&c, nd->key, err);
    if (c_key < 0)
        goto done;
    int c_disp = nd->display ? rt_table_need_column(&c, nd->display, err) : -1;
    if (nd->display && c_disp < 0)
        goto done;
    if (!(enc = rt_encoder_new(&c, spec, nd->n_encoders, err)))
        goto done;
    int r;
    while ((r = rt_table_next(&c, err)) > 0) {
        const char *s = c.field[c_key];
        size_t n = (size_t)c.field_len[c_key];
        char a[64];
        if (n == 0) {
            rt_err(err, path, c.line, "empty key in column '%s'", nd->key);
            goto done;
        }
        if (k->n == INT32_MAX) {
            rt_err(err, path, c.line, "too many rows (limit %d)", INT32_MAX);
            goto done;
        }
        if (keys_reserve(k) < 0)
            goto oom;
        Probe p = probe(s, n);
        uint64_t at = keys_find(k, &p);
        if (k->slot[at].id >= 0) {
            rt_err(err, path, c.line, "duplicate key '%s' in column '%s' (first on line %lld)",
                   shown(s, n, a, sizeof a), nd->key, (long long)first_line[k->slot[at].id]);
            goto done;
        }
        if (k->n == cap) {
            cap = cap ? cap * 2 : 1024;
            int64_t *fl = realloc(first_line, (size_t)cap * sizeof *fl);
            if (!fl)
                goto oom;
            first_line = fl;
        }
        first_line[k->n] = c.line;
        if (keys_insert(k, &p, at) < 0)
            goto oom;
        if (c_disp >= 0 && keys_append(&L->disp[t], c.field[c_disp],
                                       (size_t)c.field_len[c_disp]) < 0)
            goto oom;
        if (rt_encoder_add(enc, &c, err) < 0)
            goto done;
    }
    if (r < 0)
        goto done;
    if (k->n == 0) {
        rt_err(err, path, c.next_line, opt.no_header ? "no rows" : "no rows after the header");
        goto done;
    }
    if (rt_encoder_finish(enc, &f, err) < 0)
        goto done;
    ns->count = k->n;
    ns->feat_width = f.width;
    ns->x = f.x;
    ns->feat_names = f.names;
    rc = 0;
    goto done;
oom:
    rt_err(err, path ? path : L->dir, 0, "out of memory");
done:
    rt_encoder_free(enc);
    rt_table_close(&c);
    free(first_line);
    free(spec);
    free(path);
    return rc;
}

// The node of type t keyed s (n bytes) from an edge table's `column`: looked up in a type with a
// table, else numbered on first sight. Returns its id, or -1 with err at the table's line.
static int32_t resolve(Load *L, int32_t t, const char *s, size_t n, const RtTable *c,
                       const char *column, RtError *err) {
    Keys *k = &L->keys[t];
    const HgnnNodeData *nd = &L->d->nodes[t];
    Probe p = probe(s, n);
    if (nd->table.path) {
        uint64_t at = keys_find(k, &p);
        if (k->slot[at].id >= 0)
            return k->slot[at].id;
        char a[64];
        return rt_err(err, c->path, c->line, "key '%s' of column '%s' is not a key of node type "
                      "'%s' (%s)", shown(s, n, a, sizeof a), column, L->nt[t].name,
                      nd->table.path);
    }
    if (n == 0)
        return rt_err(err, c->path, c->line, "empty key in column '%s'", column);
    if (keys_reserve(k) < 0)
        return rt_err(err, c->path, 0, "out of memory");
    uint64_t at = keys_find(k, &p);
    if (k->slot[at].id >= 0)
        return k->slot[at].id;
    if (k->n == INT32_MAX)
        return rt_err(err, c->path, c->line, "too many nodes of type '%s' (limit %d)",
                      L->nt[t].name, INT32_MAX);
    if (keys_insert(k, &p, at) < 0)
        return rt_err(err, c->path, 0, "out of memory");
    return (int32_t)(k->n - 1);
}

// The nodes of field `col` of the current record into ids[0, *n): one key, or with list_sep the
// list's non-empty values in order. Returns 0, or -1 with err set.
static int resolve_field(Load *L, int32_t t, const RtTable *c, int col, const char *list_sep,
                         int32_t **ids, int64_t *cap, int64_t *n, RtError *err) {
    const char *s = c->field[col], *column = c->header[col];
    size_t len = (size_t)c->field_len[col];
    *n = 0;
    if (!list_sep) {
        int32_t id = resolve(L, t, s, len, c, column, err);
        if (id < 0)
            return -1;
        (*ids)[(*n)++] = id;
        return 0;
    }
    if (!list_sep[0])
        list_sep = "|";
    size_t sl = strlen(list_sep);
    const char *end = s + len;
    while (s <= end) {
        const char *q = s;
        while (q < end && !(q + sl <= end && memcmp(q, list_sep, sl) == 0))
            q++;
        if (q > s) {
            int32_t id = resolve(L, t, s, (size_t)(q - s), c, column, err);
            if (id < 0)
                return -1;
            if (*n == *cap) {
                int64_t nc = *cap * 2;
                int32_t *p = realloc(*ids, (size_t)nc * sizeof *p);
                if (!p)
                    return rt_err(err, c->path, 0, "out of memory");
                *ids = p;
                *cap = nc;
            }
            (*ids)[(*n)++] = id;
        }
        s = q + sl;
    }
    return 0;
}

static int grow_edges(RtEdgeStore *es, int64_t *cap) {
    int64_t nc = *cap < INT32_MAX / 2 ? *cap * 2 + 1024 : INT32_MAX;
    int32_t *s = realloc(es->src, (size_t)nc * sizeof *s);
    if (!s)
        return -1;
    es->src = s;
    int32_t *d = realloc(es->dst, (size_t)nc * sizeof *d);
    if (!d)
        return -1;
    es->dst = d;
    if (es->label) {
        float *l = realloc(es->label, (size_t)nc * sizeof *l);
        if (!l)
            return -1;
        es->label = l;
    }
    rt_huge_hint(es->src, (size_t)nc * sizeof *s);
    rt_huge_hint(es->dst, (size_t)nc * sizeof *d);
    *cap = nc;
    return 0;
}

// The label column's value in the current record: a decimal number as strtod reads it (spaces
// around it allowed), finite and within float's range; else -1 with err at the table's line.
static int label_value(const RtTable *c, int col, float *out, RtError *err) {
    const char *s = c->field[col], *end = s + c->field_len[col];
    while (s < end && *s == ' ')
        s++;
    while (end > s && end[-1] == ' ')
        end--;
    char buf[64], *stop;
    size_t n = (size_t)(end - s);
    double v = 0;
    if (n > 0 && n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        v = strtod(buf, &stop);
    }
    if (n == 0 || n >= sizeof buf || *stop || !(fabs(v) <= FLT_MAX)) {
        char a[64], b[64];
        return rt_err(err, c->path, c->line, "label column '%s': '%s' is not a number",
                      rt_excerpt(c->header[col], 40, a, sizeof a),
                      rt_excerpt(c->field[col], 40, b, sizeof b));
    }
    *out = (float)v;
    return 0;
}

// Reads edge type e's table into the graph's edge store es; with a label column, each edge's
// value (every edge of a row with lists takes the row's).
static int load_edge_table(Load *L, int32_t e, RtEdgeStore *es, RtError *err) {
    const HgnnEdgeData *ed = &L->d->edges[e];
    const HgnnEdgeType *et = &L->et[e];
    RtTableOptions opt = table_options(&ed->table);
    char *path = join(L->dir, ed->table.path);
    int64_t cap_s = 16, cap_d = 16, ns, nd;
    int32_t *is = malloc((size_t)cap_s * sizeof *is), *id = malloc((size_t)cap_d * sizeof *id);
    RtTable c;
    memset(&c, 0, sizeof c);
    int rc = -1;
    if (!path || !is || !id)
        goto oom;
    if (rt_table_open(&c, path, &opt, err) < 0)
        goto done;
    int c_src = rt_table_need_column(&c, ed->src_key, err);
    if (c_src < 0)
        goto done;
    int c_dst = rt_table_need_column(&c, ed->dst_key, err);
    if (c_dst < 0)
        goto done;
    int c_label = ed->label ? rt_table_need_column(&c, ed->label, err) : -1;
    if (ed->label && c_label < 0)
        goto done;
    // A record takes at least one line, so without lists the lines bound the edges: sizing the
    // arrays once saves regrowing (and copying) arrays of 100 MB at 25M ratings. Pages past the
    // last edge are never touched, so they cost no memory.
    int64_t n = 0, cap = 0, rows = 0;
    for (const char *p = c.buf; (p = memchr(p, '\n', c.len - (size_t)(p - c.buf))); p++)
        cap++;
    cap = cap + 1 < INT32_MAX ? cap + 1 : INT32_MAX;
    es->src = malloc((size_t)cap * sizeof *es->src);
    es->dst = malloc((size_t)cap * sizeof *es->dst);
    if (ed->label && !(es->label = malloc((size_t)cap * sizeof *es->label)))
        goto oom;
    if (!es->src || !es->dst)
        goto oom;
    rt_huge_hint(es->src, (size_t)cap * sizeof *es->src);
    rt_huge_hint(es->dst, (size_t)cap * sizeof *es->dst);
    int lists = ed->src_list_sep || ed->dst_list_sep;
    int r;
    while ((r = rt_table_next(&c, err)) > 0) {
        rows++;
        float value = 0.0f;
        if (c_label >= 0 && label_value(&c, c_label, &value, err) < 0)
            goto done;
        if (!lists) {   // the common case, one edge per row, without resolve_field's arrays
            int32_t u = resolve(L, et->src, c.field[c_src], (size_t)c.field_len[c_src], &c,
                                c.header[c_src], err);
            if (u < 0)
                goto done;
            int32_t v = resolve(L, et->dst, c.field[c_dst], (size_t)c.field_len[c_dst], &c,
                                c.header[c_dst], err);
            if (v < 0)
                goto done;
            if (n == INT32_MAX) {
                rt_err(err, path, c.line, "too many edges (limit %d)", INT32_MAX);
                goto done;
            }
            if (n == cap && grow_edges(es, &cap) < 0)
                goto oom;
            es->src[n] = u;
            es->dst[n] = v;
            if (es->label)
                es->label[n] = value;
            n++;
            continue;
        }
        if (resolve_field(L, et->src, &c, c_src, ed->src_list_sep, &is, &cap_s, &ns, err) < 0 ||
            resolve_field(L, et->dst, &c, c_dst, ed->dst_list_sep, &id, &cap_d, &nd, err) < 0)
            goto done;
        if (ns * nd > (int64_t)INT32_MAX - n) {
            rt_err(err, path, c.line, "too many edges (limit %d)", INT32_MAX);
            goto done;
        }
        while (n + ns * nd > cap)
            if (grow_edges(es, &cap) < 0)
                goto oom;
        for (int64_t i = 0; i < ns; i++)
            for (int64_t j = 0; j < nd; j++) {
                es->src[n] = is[i];
                es->dst[n] = id[j];
                if (es->label)
                    es->label[n] = value;
                n++;
            }
    }
    if (r < 0)
        goto done;
    if (rows == 0) {
        rt_err(err, path, c.next_line, opt.no_header ? "no rows" : "no rows after the header");
        goto done;
    }
    if (n == 0) {
        rt_err(err, path, 0, "no edges: every list in columns '%s' and '%s' is empty",
               ed->src_key, ed->dst_key);
        goto done;
    }
    es->count = n;
    rc = 0;
    goto done;
oom:
    rt_err(err, path ? path : L->dir, 0, "out of memory");
done:
    rt_table_close(&c);
    free(is);
    free(id);
    free(path);
    return rc;
}

// Names the node types and reads the node tables.
static int load_nodes(Load *L, RtError *err) {
    RtGraph *g = L->g;
    g->n_node_types = L->n_nodes;
    for (int32_t t = 0; t < L->n_nodes; t++)
        snprintf(g->nodes[t].name, RT_NAME_MAX, "%s", L->nt[t].name);
    for (int32_t t = 0; t < L->n_nodes; t++)
        if (L->d->nodes[t].table.path && load_node_table(L, t, err) < 0)
            return -1;
    return 0;
}

static void load_free(Load *L) {
    for (int32_t t = 0; t < HGNN_MAX_NODE_TYPES; t++) {
        keys_free(&L->keys[t]);
        keys_free(&L->disp[t]);
    }
}

int rt_dataset_load(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                    int32_t n_edge_types, const HgnnEdgeType *edge_types, const HgnnDataDecl *data,
                    RtGraph *g, RtError *err) {
    memset(g, 0, sizeof *g);
    Load L = {.dir = dir, .n_nodes = n_node_types, .n_edges = n_edge_types, .nt = node_types,
              .et = edge_types, .d = data, .g = g};
    int32_t graph_edge[HGNN_MAX_EDGE_TYPES];
    int rc = -1;
    if (check_decl(&L, err) < 0 || load_nodes(&L, err) < 0)
        goto done;
    // Tabled edge types in declaration order; reverse types come from rt_graph_to_undirected.
    for (int32_t e = 0; e < n_edge_types; e++) {
        graph_edge[e] = -1;
        if (!data->edges[e].table.path)
            continue;
        RtEdgeStore *es = &g->edges[g->n_edge_types];
        graph_edge[e] = g->n_edge_types++;
        snprintf(es->name, sizeof es->name, "%s", edge_types[e].name);
        snprintf(es->rel, sizeof es->rel, "%s", edge_types[e].rel);
        es->src_type = edge_types[e].src;
        es->dst_type = edge_types[e].dst;
        es->reverse_of = -1;
        if (load_edge_table(&L, e, es, err) < 0)
            goto done;
    }
    for (int32_t e = 0; e < n_edge_types; e++)
        if (!data->edges[e].table.path) {
            RtEdgeStore *es = &g->edges[graph_edge[edge_types[e].reverse_of]];
            snprintf(es->rev_name, sizeof es->rev_name, "%s", edge_types[e].name);
            snprintf(es->rev_rel, sizeof es->rev_rel, "%s", edge_types[e].rel);
        }
    for (int32_t t = 0; t < n_node_types; t++) {
        RtNodeStore *ns = &g->nodes[t];
        if (!data->nodes[t].table.path)
            ns->count = L.keys[t].n;
        if (keys_to_store(&L.keys[t], &ns->key_buf, &ns->key) < 0 ||
            (data->nodes[t].display &&
             keys_to_store(&L.disp[t], &ns->display_buf, &ns->display) < 0)) {
            rt_err(err, dir, 0, "out of memory");
            goto done;
        }
    }
    rc = 0;
done:
    load_free(&L);
    if (rc < 0)
        rt_graph_free(g);
    return rc;
}

// A model without a declaration reads the built-in layout: its types' widths by name.
static int builtin_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                          int32_t *widths, char *err, size_t err_len) {
    int32_t w[RT_MOVIELENS_NODE_TYPES];
    if (hgnn_data_widths(dir, RT_MOVIELENS_NODE_TYPES, rt_movielens_node_types, &rt_movielens_decl,
                         w, err, err_len) < 0)
        return -1;
    for (int32_t t = 0; t < n_node_types; t++) {
        int32_t found = -1;
        for (int32_t u = 0; u < RT_MOVIELENS_NODE_TYPES; u++)
            if (strcmp(node_types[t].name, rt_movielens_node_types[u].name) == 0)
                found = u;
        if (found < 0) {
            if (err && err_len)
                snprintf(err, err_len, "%s: error: the model declares no data and the built-in "
                         "MovieLens layout has no node type '%s' (it has user, movie)", dir,
                         node_types[t].name);
            return -1;
        }
        widths[t] = w[found];
    }
    return 0;
}

int hgnn_data_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     const HgnnDataDecl *data, int32_t *widths, char *err, size_t err_len) {
    if (!data)
        return builtin_widths(dir, n_node_types, node_types, widths, err, err_len);
    RtGraph *g = calloc(1, sizeof *g);
    RtError e = {0};
    Load L = {.dir = dir, .n_nodes = n_node_types, .nt = node_types, .d = data, .g = g};
    int rc = -1;
    if (!g)
        rt_err(&e, dir, 0, "out of memory");
    else if (check_decl(&L, &e) == 0 && load_nodes(&L, &e) == 0) {
        for (int32_t t = 0; t < n_node_types; t++)
            widths[t] = g->nodes[t].feat_width;
        rc = 0;
    }
    load_free(&L);
    if (g)
        rt_graph_free(g);
    free(g);
    if (rc < 0 && err && err_len)
        rt_err_text(&e, err, err_len);
    return rc;
}

int hgnn_data_check_labels(const char *dir, int32_t n_edge_types, const HgnnDataDecl *data,
                           char *err, size_t err_len) {
    RtError e = {0};
    int rc = 0;
    for (int32_t t = 0; data && data->edges && t < n_edge_types && rc == 0; t++) {
        const HgnnEdgeData *ed = &data->edges[t];
        if (!ed->table.path || !ed->label)
            continue;
        RtTableOptions opt = table_options(&ed->table);
        char *path = join(dir, ed->table.path);
        RtTable c;
        memset(&c, 0, sizeof c);
        rc = -1;
        if (!path) {
            rt_err(&e, dir, 0, "out of memory");
        } else if (rt_table_open(&c, path, &opt, &e) == 0) {
            int col = rt_table_need_column(&c, ed->label, &e), r = 0;
            float v;
            while (col >= 0 && (r = rt_table_next(&c, &e)) > 0 &&
                   label_value(&c, col, &v, &e) == 0)
                ;
            rc = col >= 0 && r == 0 ? 0 : -1;
        }
        rt_table_close(&c);
        free(path);
    }
    if (rc < 0 && err && err_len)
        rt_err_text(&e, err, err_len);
    return rc;
}
