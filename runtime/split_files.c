// split_files.c — an RtSplit read from .npy files (the layout of tools/pyg_batch.py export and
// hgnn_batch) instead of drawn by rt_split_link. Takes a graph, the split edge type and a
// directory; checks that the nine files are slices of one permutation of the type's edges, maps
// every pair back to its position in the edge list and yields the RtSplit rt_split_link would
// have built for that permutation and those negatives: same parts, labels and index.
#include "split_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npy.h"

static const char *const part_names[RT_SPLIT_PARTS] = {"train", "val", "test"};

// One part's three files: message-passing edges (2 x n_mp), labelled pairs (2 x n_labels) and
// their labels, with the number of leading 1s.
typedef struct PartFiles {
    RtNpy ei, eli, el;
    char ei_path[4096], eli_path[4096];
    int64_t n_mp, n_labels, n_pos;
} PartFiles;

// An edge's pair id (src * n_dst + dst) beside its position, sorted to find positions by pair.
typedef struct Keyed {
    uint64_t id;
    int32_t eid;
} Keyed;

static int cmp_keyed(const void *a, const void *b) {
    const Keyed *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return (x->eid > y->eid) - (x->eid < y->eid);
}

static int read_array(const char *dir, const char *part, const char *what, RtNpyType type,
                      RtNpy *a, char *path, RtError *err) {
    if (snprintf(path, 4096, "%s/%s.%s.npy", dir, part, what) >= 4096)
        return rt_err(err, dir, 0, "path too long");
    if (rt_npy_read(path, a, err) < 0)
        return -1;
    if (type == RT_NPY_I32 && (a->type != RT_NPY_I32 || a->ndim != 2 || a->shape[0] != 2))
        return rt_err(err, path, 0, "expected a 2 x N int32 array of (source, destination) ids");
    if (type == RT_NPY_F32 && (a->type != RT_NPY_F32 || a->ndim != 1))
        return rt_err(err, path, 0, "expected a 1-D float32 array of labels");
    return 0;
}

// Reads one part's files and checks what each says on its own: shapes, ids in range, labels
// 1s then 0s.
static int read_part(const char *dir, int p, const RtGraph *g, const RtEdgeStore *es,
                     PartFiles *f, RtError *err) {
    char el_path[4096];
    if (read_array(dir, part_names[p], "edge_index", RT_NPY_I32, &f->ei, f->ei_path, err) < 0 ||
        read_array(dir, part_names[p], "edge_label_index", RT_NPY_I32, &f->eli, f->eli_path,
                   err) < 0 ||
        read_array(dir, part_names[p], "edge_label", RT_NPY_F32, &f->el, el_path, err) < 0)
        return -1;
    f->n_mp = f->ei.shape[1];
    f->n_labels = f->eli.shape[1];
    if (f->el.shape[0] != f->n_labels)
        return rt_err(err, el_path, 0, "%lld labels for %lld pairs in %s.edge_label_index.npy",
                      (long long)f->el.shape[0], (long long)f->n_labels, part_names[p]);
    int64_t n_src = g->nodes[es->src_type].count, n_dst = g->nodes[es->dst_type].count;
    const RtNpy *pairs[2] = {&f->ei, &f->eli};
    const char *paths[2] = {f->ei_path, f->eli_path};
    for (int k = 0; k < 2; k++) {
        const int32_t *src = pairs[k]->data;
        int64_t n = pairs[k]->shape[1];
        const int32_t *dst = src + n;
        for (int64_t i = 0; i < n; i++)
            if (src[i] < 0 || src[i] >= n_src || dst[i] < 0 || dst[i] >= n_dst)
                return rt_err(err, paths[k], 0,
                              "column %lld: (%d, %d) is out of range (%lld %s, %lld %s)",
                              (long long)i, src[i], dst[i], (long long)n_src,
                              g->nodes[es->src_type].name, (long long)n_dst,
                              g->nodes[es->dst_type].name);
    }
    const float *lab = f->el.data;
    f->n_pos = 0;
    while (f->n_pos < f->n_labels && lab[f->n_pos] == 1.0f)
        f->n_pos++;
    for (int64_t i = f->n_pos; i < f->n_labels; i++)
        if (lab[i] != 0.0f)
            return rt_err(err, el_path, 0, "label %lld is %g: expected 1s, then 0s", (long long)i,
                          (double)lab[i]);
    return 0;
}

// Column i of a 2 x n pair array.
static void pair_at(const RtNpy *a, int64_t i, int32_t *u, int32_t *v) {
    const int32_t *d = a->data;
    *u = d[i];
    *v = d[a->shape[1] + i];
}

// Columns [0, n) of a (from column a0) must equal columns [b0, b0 + n) of b, test's message
// passing: RandomLinkSplit cuts every part from one permutation.
static int same_slice(const RtNpy *a, int64_t a0, const char *a_path, const RtNpy *b, int64_t b0,
                      int64_t n, RtError *err) {
    for (int64_t i = 0; i < n; i++) {
        int32_t u, v, x, y;
        pair_at(a, a0 + i, &u, &v);
        pair_at(b, b0 + i, &x, &y);
        if (u != x || v != y)
            return rt_err(err, a_path, 0,
                          "column %lld is (%d, %d) where test.edge_index.npy has (%d, %d) at "
                          "%lld: the parts are not slices of one permutation",
                          (long long)(a0 + i), u, v, x, y, (long long)(b0 + i));
    }
    return 0;
}

// The position in the edge list of the first unused edge with pair id `id`, marked used; -1
// when there is none (not an edge, or more copies than the graph holds).
static int64_t take_edge(const Keyed *k, int64_t E, uint64_t id, char *used) {
    int64_t lo = 0, hi = E;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (k[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < E && k[lo].id == id; lo++)
        if (!used[k[lo].eid]) {
            used[k[lo].eid] = 1;
            return k[lo].eid;
        }
    return -1;
}

// perm[i0, i0 + n) from columns [0, n) of a: each pair's position in the edge list.
static int match_pairs(const RtEdgeStore *es, uint64_t n_dst, const Keyed *k, char *used,
                       const RtNpy *a, const char *path, int32_t *perm, int64_t i0, int64_t n,
                       RtError *err) {
    for (int64_t i = 0; i < n; i++) {
        int32_t u, v;
        pair_at(a, i, &u, &v);
        int64_t e = take_edge(k, es->count, (uint64_t)u * n_dst + (uint64_t)v, used);
        if (e < 0)
            return rt_err(err, path, 0,
                          "column %lld: (%d, %d) is not an edge of %s, or is one more often "
                          "than there", (long long)i, u, v, es->name);
        perm[i0 + i] = (int32_t)e;
    }
    return 0;
}

// Node v's incoming edges of the split type (which 0) or its reverse (which 1) over perm[0,
// n_mp), grouped by destination in perm order, with the runs' ends after perm positions below
// n_disjoint (mid[0]) and below n_train (mid[1]): the index rt_split_link builds.
static int build_index(RtSplit *s, const RtGraph *g, const RtEdgeStore *es, int which,
                       int64_t n_disjoint, int64_t n_train, int64_t n_mp) {
    RtSplitIndex *x = &s->index[which];
    const int32_t *key = which == 0 ? es->dst : es->src, *other = which == 0 ? es->src : es->dst;
    int64_t n = g->nodes[which == 0 ? es->dst_type : es->src_type].count;
    x->n_dst = n;
    x->ptr = calloc((size_t)n + 1, sizeof *x->ptr);
    x->mid[0] = malloc((size_t)(n ? n : 1) * sizeof *x->mid[0]);
    x->mid[1] = malloc((size_t)(n ? n : 1) * sizeof *x->mid[1]);
    x->adj = malloc((size_t)(n_mp ? n_mp : 1) * sizeof *x->adj);
    int32_t *fill = malloc((size_t)(n ? n : 1) * sizeof *fill);
    if (!x->ptr || !x->mid[0] || !x->mid[1] || !x->adj || !fill) {
        free(fill);
        return -1;
    }
    for (int64_t i = 0; i < n_mp; i++)
        x->ptr[key[s->perm[i]] + 1]++;
    for (int64_t v = 0; v < n; v++)
        x->ptr[v + 1] += x->ptr[v];
    memcpy(fill, x->ptr, (size_t)n * sizeof *fill);
    int64_t end[3] = {n_disjoint, n_train, n_mp}, i = 0;
    for (int k = 0; k < 3; k++) {
        for (; i < end[k]; i++) {
            int32_t p = s->perm[i];
            x->adj[fill[key[p]]++] = (RtInEdge){other[p], p};
        }
        if (k < 2)
            memcpy(x->mid[k], fill, (size_t)n * sizeof *fill);
    }
    free(fill);
    return 0;
}

// The part's labels copied from its files, and where its message-passing edges start in perm.
static int fill_part(RtSplitPart *pt, const PartFiles *f, const int32_t *mp) {
    pt->n_mp = f->n_mp;
    pt->mp_eid = mp;
    pt->n_pos = f->n_pos;
    pt->n_labels = f->n_labels;
    size_t n = (size_t)(f->n_labels ? f->n_labels : 1);
    pt->label_src = malloc(n * sizeof *pt->label_src);
    pt->label_dst = malloc(n * sizeof *pt->label_dst);
    pt->label = malloc(n * sizeof *pt->label);
    if (!pt->label_src || !pt->label_dst || !pt->label)
        return -1;
    const int32_t *li = f->eli.data;
    memcpy(pt->label_src, li, (size_t)f->n_labels * sizeof *li);
    memcpy(pt->label_dst, li + f->n_labels, (size_t)f->n_labels * sizeof *li);
    memcpy(pt->label, f->el.data, (size_t)f->n_labels * sizeof *pt->label);
    return 0;
}

int rt_split_from_files(const RtGraph *g, int32_t edge_type, const char *dir, RtSplit *s,
                        RtError *err) {
    memset(s, 0, sizeof *s);
    if (edge_type < 0 || edge_type >= g->n_edge_types)
        return rt_err(err, NULL, 0, "no edge type %d", edge_type);
    const RtEdgeStore *es = &g->edges[edge_type];
    s->edge_type = edge_type;
    s->rev_type = -1;
    for (int32_t e = 0; e < g->n_edge_types; e++)
        if (g->edges[e].reverse_of == edge_type)
            s->rev_type = e;
    // The reverse type is indexed through the split type's arrays, so it must hold them swapped.
    if (s->rev_type >= 0) {
        const RtEdgeStore *rs = &g->edges[s->rev_type];
        size_t bytes = (size_t)es->count * sizeof(int32_t);
        if (rs->count != es->count || (bytes && (memcmp(rs->src, es->dst, bytes) != 0 ||
                                                 memcmp(rs->dst, es->src, bytes) != 0)))
            return rt_err(err, NULL, 0, "%s does not hold the edges of %s swapped", rs->name,
                          es->name);
    }

    PartFiles f[RT_SPLIT_PARTS];
    memset(f, 0, sizeof f);
    Keyed *keyed = NULL;
    char *used = NULL;
    int rc = -1;
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        if (read_part(dir, p, g, es, &f[p], err) < 0)
            goto out;
    PartFiles *tr = &f[RT_SPLIT_TRAIN], *va = &f[RT_SPLIT_VAL], *te = &f[RT_SPLIT_TEST];

    // The counts of one permutation: val passes train's messages, test train's and val's; test
    // supervises the rest. Train passes all of train's or (disjoint) all but its positives.
    int64_t E = es->count, n_train = va->n_mp, n_mp = te->n_mp, n_disjoint;
    if (n_train + va->n_pos != n_mp) {
        rt_err(err, va->eli_path, 0, "%lld message-passing edges and %lld positives in val, "
               "but %lld message-passing edges in test: counts do not add up",
               (long long)n_train, (long long)va->n_pos, (long long)n_mp);
        goto out;
    }
    if (n_mp + te->n_pos != E) {
        rt_err(err, te->eli_path, 0, "%lld message-passing edges and %lld positives in test, "
               "but %s has %lld edges: counts do not add up", (long long)n_mp,
               (long long)te->n_pos, es->name, (long long)E);
        goto out;
    }
    if (tr->n_pos + tr->n_mp == n_train && tr->n_mp > 0) {
        n_disjoint = tr->n_pos;
    } else if (tr->n_pos == n_train && tr->n_mp == n_train && n_train > 0) {
        n_disjoint = 0;
    } else {
        rt_err(err, tr->ei_path, 0, "%lld message-passing edges and %lld positives in train, "
               "but %lld message-passing edges in val: counts do not add up",
               (long long)tr->n_mp, (long long)tr->n_pos, (long long)n_train);
        goto out;
    }
    if (same_slice(&va->ei, 0, va->ei_path, &te->ei, 0, n_train, err) < 0 ||
        same_slice(&va->eli, 0, va->eli_path, &te->ei, n_train, va->n_pos, err) < 0 ||
        same_slice(&tr->ei, 0, tr->ei_path, &te->ei, n_disjoint, tr->n_mp, err) < 0 ||
        same_slice(&tr->eli, 0, tr->eli_path, &te->ei, 0, tr->n_pos, err) < 0)
        goto out;

    // perm: test's message-passing edges, then its positives, each matched to an edge position
    // not taken yet, so perm is a permutation of the edge list.
    uint64_t n_dst = (uint64_t)g->nodes[es->dst_type].count;
    keyed = malloc((size_t)(E ? E : 1) * sizeof *keyed);
    used = calloc((size_t)(E ? E : 1), 1);
    s->perm = malloc((size_t)(E ? E : 1) * sizeof *s->perm);
    if (!keyed || !used || !s->perm)
        goto oom;
    for (int64_t i = 0; i < E; i++)
        keyed[i] = (Keyed){(uint64_t)es->src[i] * n_dst + (uint64_t)es->dst[i], (int32_t)i};
    qsort(keyed, (size_t)E, sizeof *keyed, cmp_keyed);
    if (match_pairs(es, n_dst, keyed, used, &te->ei, te->ei_path, s->perm, 0, n_mp, err) < 0 ||
        match_pairs(es, n_dst, keyed, used, &te->eli, te->eli_path, s->perm, n_mp, te->n_pos,
                    err) < 0)
        goto out;
    s->n_edges = E;

    int64_t n_neg = 0;
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        n_neg += f[p].n_labels - f[p].n_pos;
    s->n_neg_requested = s->n_neg_found = n_neg;
    if (fill_part(&s->part[RT_SPLIT_TRAIN], tr, s->perm + n_disjoint) < 0 ||
        fill_part(&s->part[RT_SPLIT_VAL], va, s->perm) < 0 ||
        fill_part(&s->part[RT_SPLIT_TEST], te, s->perm) < 0)
        goto oom;
    if (build_index(s, g, es, 0, n_disjoint, n_train, n_mp) < 0 ||
        (s->rev_type >= 0 && build_index(s, g, es, 1, n_disjoint, n_train, n_mp) < 0))
        goto oom;
    rc = 0;
    goto out;
oom:
    rt_err(err, dir, 0, "out of memory");
out:
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        rt_npy_free(&f[p].ei);
        rt_npy_free(&f[p].eli);
        rt_npy_free(&f[p].el);
    }
    free(keyed);
    free(used);
    if (rc < 0)
        rt_split_free(s);
    return rc;
}
