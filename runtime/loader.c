// loader.c — PyG's LinkNeighborLoader (spec §3): batching of supervision edges, per-batch binary
// negatives, sorted unique seeds, and pyg-lib's heterogeneous neighbour sampling in CSC mode.
// Takes a graph, a split part and a config; yields RtBatch mini-batches whose edges come out
// sorted by destination because frontiers are expanded in local-id order.
#include "loader.h"

#include "hgnn/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hugepage.h"

// Incoming edges of one edge type grouped by destination (CSC), in the order of the loader's
// edge list (a stable sort by destination, as pyg-lib builds it). Node v's edges are
// adj[run[v].lo, run[v].hi): for the split type and its reverse, adj is the split's shared index
// (RtSplitIndex) and the run is this part's slice of v's group; other types index all their
// edges in an adj of their own.
// Global -> local id of one node in a batch: valid when gen equals the batch's generation, so a
// new batch forgets the whole table by bumping one counter instead of clearing it.
typedef struct RtBatchSlot {
    uint32_t gen;
    int32_t local;
} RtBatchSlot;

// What a batch keeps between fills besides what its consumers read: capacities, the id tables
// and the buffers of sorting and drawing.
struct RtBatchScratch {
    int64_t cap_nodes[HGNN_MAX_NODE_TYPES];     // capacity of node_ids / map
    int64_t cap_edges[HGNN_MAX_EDGE_TYPES];
    int64_t cap_ptr[HGNN_MAX_EDGE_TYPES];
    int64_t cap_labels;
    RtBatchSlot *map[HGNN_MAX_NODE_TYPES];      // global -> local id per type, by generation
    uint32_t gen;
    int32_t *label_gsrc, *label_gdst;           // label endpoints as global ids
    int32_t *sort_tmp;                          // radix sort buffer for the seeds
    int64_t cap_sort;
    uint32_t *pick;                             // Floyd's chosen-set, stamped by pick_gen
    uint32_t pick_gen;
    int64_t cap_pick;
};

typedef struct Run {
    int32_t lo, hi;     // one cache line per node for both ends
} Run;

typedef struct Csc {
    Run *run;           // V_dst runs into adj
    const RtInEdge *adj;    // incoming edges grouped by destination (one cache line per draw)
    RtInEdge *own;      // adj when the loader built it (types the split does not cover)
} Csc;

struct RtLoader {
    const RtGraph *g;
    int part;
    RtLoaderConfig cfg;
    uint64_t seed;
    int32_t label_type, src_type, dst_type;     // supervision edge type and its endpoints
    int64_t n_labels;                           // supervision edges
    const int32_t *label_src, *label_dst;       // global ids, from the split part
    const float *label;
    int32_t *order;                             // the epoch's order of supervision edges
    int64_t epoch;
    Csc csc[HGNN_MAX_EDGE_TYPES];
    int64_t max_degree;                         // largest in-degree over all types
    float *inv_out[HGNN_MAX_EDGE_TYPES];        // cfg.edge_norm: 1/sqrt(out-degree) per source
    float *inv_in[HGNN_MAX_EDGE_TYPES];         // and 1/sqrt(in-degree) per destination node, in
                                                // the part's message-passing edges (csc)
};

void rt_loader_train_defaults(RtLoaderConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->batch_size = 128;
    cfg->n_hops = 2;
    cfg->fanout[0] = 20;
    cfg->fanout[1] = 10;
    cfg->neg_ratio = 2.0;
    cfg->shuffle = 1;
}

void rt_loader_eval_defaults(RtLoaderConfig *cfg) {
    rt_loader_train_defaults(cfg);
    cfg->batch_size = 3 * 128;
    cfg->neg_ratio = 0.0;
    cfg->shuffle = 0;
}

// Rejects a config the loader cannot run before anything is allocated.
static int check_config(int part, const RtLoaderConfig *cfg, RtError *err) {
    if (part < 0 || part >= RT_SPLIT_PARTS)
        return rt_err(err, NULL, 0, "no split part %d", part);
    if (cfg->n_ranks > 1 && (cfg->rank < 0 || cfg->rank >= cfg->n_ranks))
        return rt_err(err, NULL, 0, "rank %d of %d", cfg->rank, cfg->n_ranks);
    if (cfg->batch_size <= 0)
        return rt_err(err, NULL, 0, "batch size must be positive (saw %d)",
                      cfg->batch_size);
    if (cfg->n_hops < 0 || cfg->n_hops > HGNN_MAX_HOPS)
        return rt_err(err, NULL, 0, "hops must be in 0..%d (saw %d)",
                      HGNN_MAX_HOPS, cfg->n_hops);
    if (!(cfg->neg_ratio >= 0 && cfg->neg_ratio <= HGNN_MAX_NEG_RATIO))
        return rt_err(err, NULL, 0,
                      "neg_ratio must be in [0, %d] (saw %g)", HGNN_MAX_NEG_RATIO, cfg->neg_ratio);
    return 0;
}

// Stable counting sort of all edges of type e by destination, for types the split does not
// index.
static int build_csc(Csc *c, const RtGraph *g, int32_t e) {
    const RtEdgeStore *es = &g->edges[e];
    int64_t v = g->nodes[es->dst_type].count, n = es->count;
    c->run = malloc((size_t)(v ? v : 1) * sizeof *c->run);
    c->own = malloc((size_t)(n ? n : 1) * sizeof *c->own);
    int32_t *ptr = calloc((size_t)v + 1, sizeof *ptr);
    if (!c->run || !c->own || !ptr) {
        free(ptr);
        return -1;
    }
    for (int64_t i = 0; i < n; i++)
        ptr[es->dst[i] + 1]++;
    for (int64_t i = 0; i < v; i++)
        ptr[i + 1] += ptr[i];
    for (int64_t i = 0; i < v; i++)
        c->run[i] = (Run){ptr[i], ptr[i]};
    for (int64_t i = 0; i < n; i++)
        c->own[c->run[es->dst[i]].hi++] = (RtInEdge){es->src[i], (int32_t)i};
    c->adj = c->own;
    free(ptr);
    return 0;
}

// This part's runs of the split's index `which` (0: the split type, 1: its reverse).
static int split_csc(Csc *c, const RtSplit *s, int which, int part) {
    const RtSplitIndex *x = &s->index[which];
    c->run = malloc((size_t)(x->n_dst ? x->n_dst : 1) * sizeof *c->run);
    if (!c->run)
        return -1;
    for (int64_t v = 0; v < x->n_dst; v++)
        rt_split_in_edges(s, which, part, v, &c->run[v].lo, &c->run[v].hi);
    c->adj = x->adj;
    return 0;
}

// 1/sqrt(deg) in float, 0 for no edges: PyG's gcn_norm (deg.pow_(-0.5), inf -> 0).
static void inv_sqrt_degrees(float *x, const int32_t *deg, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        x[i] = deg[i] ? 1.0f / sqrtf((float)deg[i]) : 0.0f;
}

int rt_edge_norm(int64_t n, const int32_t *src, const int32_t *dst, int64_t n_src,
                 int64_t n_dst, float **inv_out, float **inv_in) {
    int32_t *dout = calloc((size_t)n_src + 1, sizeof *dout);
    int32_t *din = calloc((size_t)n_dst + 1, sizeof *din);
    *inv_out = malloc(((size_t)n_src + 1) * sizeof **inv_out);
    *inv_in = malloc(((size_t)n_dst + 1) * sizeof **inv_in);
    int rc = dout && din && *inv_out && *inv_in ? 0 : -1;
    for (int64_t k = 0; rc == 0 && k < n; k++) {
        dout[src[k]]++;
        din[dst[k]]++;
    }
    if (rc == 0) {
        inv_sqrt_degrees(*inv_out, dout, n_src);
        inv_sqrt_degrees(*inv_in, din, n_dst);
    } else {
        free(*inv_out);
        free(*inv_in);
        *inv_out = *inv_in = NULL;
    }
    free(dout);
    free(din);
    return rc;
}

// lg_conv's degrees of edge type e, from the loader's message-passing runs: a node's in-degree is
// its run's length, a source's out-degree the times it appears in the runs.
static int csc_norm(RtLoader *l, int32_t e) {
    const RtEdgeStore *et = &l->g->edges[e];
    int64_t n_src = l->g->nodes[et->src_type].count, n_dst = l->g->nodes[et->dst_type].count;
    const Csc *c = &l->csc[e];
    int32_t *dout = calloc((size_t)n_src + 1, sizeof *dout);
    int32_t *din = calloc((size_t)n_dst + 1, sizeof *din);
    l->inv_out[e] = malloc(((size_t)n_src + 1) * sizeof *l->inv_out[e]);
    l->inv_in[e] = malloc(((size_t)n_dst + 1) * sizeof *l->inv_in[e]);
    int rc = dout && din && l->inv_out[e] && l->inv_in[e] ? 0 : -1;
    for (int64_t v = 0; rc == 0 && v < n_dst; v++) {
        din[v] = c->run[v].hi - c->run[v].lo;
        for (int32_t k = c->run[v].lo; k < c->run[v].hi; k++)
            dout[c->adj[k].src]++;
    }
    if (rc == 0) {
        inv_sqrt_degrees(l->inv_out[e], dout, n_src);
        inv_sqrt_degrees(l->inv_in[e], din, n_dst);
    }
    free(dout);
    free(din);
    return rc;
}

RtLoader *rt_loader_new(const RtGraph *g, const RtSplit *s, int part, const RtLoaderConfig *cfg,
                        uint64_t seed, RtError *err) {
    if (check_config(part, cfg, err) < 0)
        return NULL;
    const RtSplitPart *pt = &s->part[part];
    RtLoader *l = calloc(1, sizeof *l);
    if (!l)
        goto oom;
    l->g = g;
    l->part = part;
    l->cfg = *cfg;
    l->seed = seed;
    l->label_type = s->edge_type;
    l->src_type = g->edges[s->edge_type].src_type;
    l->dst_type = g->edges[s->edge_type].dst_type;
    l->n_labels = pt->n_labels;
    l->label_src = pt->label_src;
    l->label_dst = pt->label_dst;
    l->label = pt->label;
    l->order = malloc((size_t)(l->n_labels ? l->n_labels : 1) * sizeof *l->order);
    if (!l->order)
        goto oom;
    rt_huge_hint(l->order, (size_t)l->n_labels * sizeof *l->order);
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        // The split type and its reverse pass messages over the part's edges only; other types
        // use all edges.
        int rc = e == s->edge_type ? split_csc(&l->csc[e], s, 0, part)
                 : e == s->rev_type ? split_csc(&l->csc[e], s, 1, part)
                                    : build_csc(&l->csc[e], g, e);
        if (rc < 0)
            goto oom;
        int64_t v = g->nodes[g->edges[e].dst_type].count;
        for (int64_t i = 0; i < v; i++)
            if (l->csc[e].run[i].hi - l->csc[e].run[i].lo > l->max_degree)
                l->max_degree = l->csc[e].run[i].hi - l->csc[e].run[i].lo;
        if (cfg->edge_norm && csc_norm(l, e) < 0)
            goto oom;
    }
    rt_loader_begin_epoch(l, 0);
    return l;
oom:
    rt_loader_free(l);
    rt_err(err, NULL, 0, "out of memory");
    return NULL;
}

void rt_loader_free(RtLoader *l) {
    if (!l)
        return;
    for (int32_t e = 0; e < HGNN_MAX_EDGE_TYPES; e++) {
        free(l->csc[e].run);
        free(l->csc[e].own);
        free(l->inv_out[e]);
        free(l->inv_in[e]);
    }
    free(l->order);
    free(l);
}

int64_t rt_loader_num_batches(const RtLoader *l) {
    return (l->n_labels + l->cfg.batch_size - 1) / l->cfg.batch_size;
}

int64_t rt_loader_num_labels(const RtLoader *l) { return l->n_labels; }

void rt_loader_begin_epoch(RtLoader *l, int64_t epoch) {
    l->epoch = epoch;
    for (int64_t i = 0; i < l->n_labels; i++)
        l->order[i] = (int32_t)i;
    if (!l->cfg.shuffle)
        return;
    RtRng rng;
    rt_rng_stream(&rng, l->seed, RT_STREAM_SHUFFLE(l->part, epoch));
    for (int64_t i = l->n_labels - 1; i > 0; i--) {
        int64_t j = (int64_t)rt_rng_below(&rng, (uint64_t)i + 1);
        int32_t t = l->order[i];
        l->order[i] = l->order[j];
        l->order[j] = t;
    }
}

void rt_batch_init(RtBatch *b) { memset(b, 0, sizeof *b); }

void rt_batch_free(RtBatch *b) {
    RtBatchScratch *x = b->scratch;
    for (int t = 0; t < HGNN_MAX_NODE_TYPES; t++) {
        free(b->node_ids[t]);
        if (x)
            free(x->map[t]);
    }
    for (int e = 0; e < HGNN_MAX_EDGE_TYPES; e++) {
        free(b->edge_src[e]);
        free(b->edge_dst[e]);
        free(b->edge_id[e]);
        free(b->edge_ptr[e]);
        free(b->edge_weight[e]);
    }
    free(b->input_id);
    free(b->label_src);
    free(b->label_dst);
    free(b->labels);
    if (x) {
        free(x->label_gsrc);
        free(x->label_gdst);
        free(x->sort_tmp);
        free(x->pick);
        free(x);
    }
    memset(b, 0, sizeof *b);
}

// Grows *p to hold `need` elements of `size` bytes (doubling); 0 or -1 when out of memory.
static int reserve(void *pp, int64_t *cap, int64_t need, size_t size) {
    if (need <= *cap)
        return 0;
    int64_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void **p = pp;
    void *q = realloc(*p, (size_t)n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

// Sizes the per-type arrays to the graph (node tables hold at most every node of a type) and the
// label arrays to the largest batch, so only the edge lists can grow during sampling.
static int prepare(const RtLoader *l, RtBatch *b, int64_t max_labels) {
    if (!b->scratch && !(b->scratch = calloc(1, sizeof *b->scratch)))
        return -1;
    RtBatchScratch *x = b->scratch;
    const RtGraph *g = l->g;
    b->n_node_types = g->n_node_types;
    b->n_edge_types = g->n_edge_types;
    for (int32_t t = 0; t < g->n_node_types; t++) {
        int64_t v = g->nodes[t].count, old = x->cap_nodes[t];
        if (v <= old)
            continue;
        int64_t c1 = old, c2 = old;
        if (reserve(&b->node_ids[t], &c1, v, sizeof(int32_t)) < 0 ||
            reserve(&x->map[t], &c2, v, sizeof(RtBatchSlot)) < 0)
            return -1;
        // New slots must not look stamped by the current generation.
        memset(x->map[t] + old, 0, (size_t)(c2 - old) * sizeof(RtBatchSlot));
        x->cap_nodes[t] = c1 < c2 ? c1 : c2;
    }
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        int64_t c = x->cap_ptr[e];
        if (reserve(&b->edge_ptr[e], &c, g->nodes[g->edges[e].dst_type].count + 1,
                    sizeof(int32_t)) < 0)
            return -1;
        x->cap_ptr[e] = c;
    }
    int64_t c[6] = {x->cap_labels, x->cap_labels, x->cap_labels,
                    x->cap_labels, x->cap_labels, x->cap_labels};
    if (reserve(&b->input_id, &c[0], max_labels, sizeof(int32_t)) < 0 ||
        reserve(&b->label_src, &c[1], max_labels, sizeof(int32_t)) < 0 ||
        reserve(&b->label_dst, &c[2], max_labels, sizeof(int32_t)) < 0 ||
        reserve(&b->labels, &c[3], max_labels, sizeof(float)) < 0 ||
        reserve(&x->label_gsrc, &c[4], max_labels, sizeof(int32_t)) < 0 ||
        reserve(&x->label_gdst, &c[5], max_labels, sizeof(int32_t)) < 0 ||
        reserve(&x->sort_tmp, &x->cap_sort, 2 * max_labels, sizeof(int32_t)) < 0)
        return -1;
    x->cap_labels = c[0];
    for (int i = 1; i < 6; i++)
        if (c[i] < x->cap_labels)
            x->cap_labels = c[i];
    int64_t cp = x->cap_pick;
    if (l->max_degree > cp) {
        if (reserve(&x->pick, &cp, l->max_degree, sizeof(uint32_t)) < 0)
            return -1;
        memset(x->pick, 0, (size_t)cp * sizeof(uint32_t));
        x->cap_pick = cp;
        x->pick_gen = 0;
    }
    // A new generation forgets every global->local entry without clearing the tables.
    if (++x->gen == 0) {
        for (int32_t t = 0; t < g->n_node_types; t++)
            memset(x->map[t], 0, (size_t)x->cap_nodes[t] * sizeof(RtBatchSlot));
        x->gen = 1;
    }
    for (int32_t t = 0; t < g->n_node_types; t++)
        b->n_nodes[t] = 0;
    for (int32_t e = 0; e < g->n_edge_types; e++)
        b->n_edges[e] = 0;
    return 0;
}

// Local id of global node u of type t, appending it when new.
static inline int32_t local_id(RtBatch *b, int32_t t, int32_t u) {
    RtBatchScratch *x = b->scratch;
    RtBatchSlot *m = &x->map[t][u];
    if (m->gen == x->gen)
        return m->local;
    int32_t id = b->n_nodes[t]++;
    m->gen = x->gen;
    m->local = id;
    b->node_ids[t][id] = u;
    return id;
}

// LSD radix sort of n non-negative ids, a byte per pass, skipping bytes all ids share: a few
// hundred seeds sort in a few microseconds, where qsort's comparator calls cost ten times more.
static void radix_sort(int32_t *a, int32_t n, int32_t *tmp) {
    uint32_t all_or = 0;
    for (int32_t i = 0; i < n; i++)
        all_or |= (uint32_t)a[i];
    int32_t *src = a, *dst = tmp;
    for (int shift = 0; shift < 32 && (all_or >> shift); shift += 8) {
        int32_t count[257] = {0};
        for (int32_t i = 0; i < n; i++)
            count[(((uint32_t)src[i] >> shift) & 0xff) + 1]++;
        for (int i = 0; i < 256; i++)
            count[i + 1] += count[i];
        for (int32_t i = 0; i < n; i++)
            dst[count[((uint32_t)src[i] >> shift) & 0xff]++] = src[i];
        int32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, (size_t)n * sizeof *a);
}

// Seeds of type t = sorted unique values of the label endpoints of that type (torch.unique).
// Marks them first to dedupe, sorts the short list, then gives local ids in sorted order.
static void add_seeds(RtBatch *b, int32_t t, const int32_t *ids, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        local_id(b, t, ids[i]);
}

static void sort_seeds(RtBatch *b, int32_t t) {
    RtBatchScratch *x = b->scratch;
    int32_t n = b->n_nodes[t];
    radix_sort(b->node_ids[t], n, x->sort_tmp);
    for (int32_t i = 0; i < n; i++)
        x->map[t][b->node_ids[t][i]].local = i;
}

// Makes room for `more` edges of type e beyond the n_edges[e] already recorded.
static int reserve_edges(RtBatch *b, int32_t e, int64_t more) {
    RtBatchScratch *x = b->scratch;
    int64_t need = b->n_edges[e] + more;
    if (need <= x->cap_edges[e])
        return 0;
    int64_t c1 = x->cap_edges[e], c2 = c1, c3 = c1, c4 = c1;
    if (reserve(&b->edge_src[e], &c1, need, sizeof(int32_t)) < 0 ||
        reserve(&b->edge_dst[e], &c2, need, sizeof(int32_t)) < 0 ||
        reserve(&b->edge_id[e], &c3, need, sizeof(int32_t)) < 0 ||
        reserve(&b->edge_weight[e], &c4, need, sizeof(float)) < 0)
        return -1;
    x->cap_edges[e] = c1;
    return 0;
}

// Draws per chunk of expand(): enough that the misses of a chunk's first pass overlap with
// each other, few enough that its lines are still in L1/L2 when the next pass reads them.
#define EXPAND_CHUNK 2048

// Expands the frontier [fb, fe) of destination type d through edge type e with fan-out k:
// all incoming edges when k < 0 or k >= degree, else k distinct ones by Floyd's algorithm
// (for j = deg-k .. deg-1: draw t in [0, j]; if t was taken, take j), emitted in draw order.
// Each drawn edge (u -> v) appends u to the source type when new and is recorded per draw.
// The hot loop keeps its state in locals: this is where an epoch's time goes.
//
// The frontier goes in chunks of several destinations (about EXPAND_CHUNK draws), each in three
// passes, so that the cache misses of a whole chunk overlap rather than a node's few: positions
// (prefetching the edges), source ids (prefetching their map slots), then local ids. Every pass
// keeps the draw order, so the batch is the same as one node at a time.
static int expand(const RtLoader *l, RtBatch *b, int32_t e, int32_t fb, int32_t fe, int32_t k,
                  RtRng *rng) {
    RtBatchScratch *x = b->scratch;
    const Csc *c = &l->csc[e];
    int32_t s = l->g->edges[e].src_type, d = l->g->edges[e].dst_type;
    RtBatchSlot *map = x->map[s];
    int32_t *ids = b->node_ids[s];
    const int32_t *front = b->node_ids[d];
    uint32_t gen = x->gen;
    int32_t n_s = b->n_nodes[s];
    for (int32_t v = fb; v < fe;) {
        // Pass 1: the chunk's positions in adj (absolute), in oi; its destinations, in od.
        int32_t ne = b->n_edges[e], n = 0;
        for (; v < fe; v++) {
            if (v + 16 < fe)
                __builtin_prefetch(&c->run[front[v + 16]]);
            Run r = c->run[front[v]];
            int32_t deg = r.hi - r.lo;
            if (deg == 0)
                continue;
            int all = k < 0 || k >= deg;
            int32_t take = all ? deg : k;
            if (n > 0 && n + take > EXPAND_CHUNK)
                break;
            if (reserve_edges(b, e, (int64_t)n + take) < 0)
                return -1;
            int32_t *oi = b->edge_id[e] + ne + n, *od = b->edge_dst[e] + ne + n;
            if (!all && ++x->pick_gen == 0) {
                memset(x->pick, 0, (size_t)x->cap_pick * sizeof(uint32_t));
                x->pick_gen = 1;
            }
            uint32_t pick_gen = x->pick_gen;
            for (int32_t i = 0; i < take; i++) {
                int32_t t = i;
                if (!all) {
                    int32_t j = deg - k + i;
                    t = (int32_t)rt_rng_below(rng, (uint64_t)j + 1);
                    if (x->pick[t] == pick_gen)
                        t = j;
                    x->pick[t] = pick_gen;
                }
                oi[i] = r.lo + t;
                od[i] = v;
                __builtin_prefetch(&c->adj[r.lo + t]);
            }
            n += take;
        }
        int32_t *os = b->edge_src[e] + ne, *oi = b->edge_id[e] + ne;
        // Pass 2: source ids and edge ids.
        for (int32_t i = 0; i < n; i++) {
            RtInEdge ce = c->adj[oi[i]];
            os[i] = ce.src;
            oi[i] = ce.eid;
            __builtin_prefetch(&map[ce.src]);
        }
        // Pass 3: local ids, new sources appended in draw order.
        for (int32_t i = 0; i < n; i++) {
            int32_t u = os[i];
            RtBatchSlot *m = &map[u];
            if (m->gen != gen) {
                m->gen = gen;
                m->local = n_s;
                ids[n_s++] = u;
            }
            os[i] = m->local;
        }
        b->n_edges[e] = ne + n;
        b->n_nodes[s] = n_s;
    }
    return 0;
}

int rt_loader_fill(const RtLoader *l, int64_t index, RtBatch *b) {
    const RtGraph *g = l->g;
    if (index < 0 || index >= rt_loader_num_batches(l))
        return -1;
    int64_t bs = l->cfg.batch_size;
    int64_t first = index * bs;
    int32_t n_pos = (int32_t)(l->n_labels - first < bs ? l->n_labels - first : bs);
    // ceil(B * ratio) in double, as PyG computes math.ceil(num_pos * ratio).
    int32_t n_neg = l->cfg.neg_ratio > 0 ? (int32_t)ceil((double)n_pos * l->cfg.neg_ratio) : 0;
    int32_t n_lab = n_pos + n_neg;
    int64_t max_lab = bs + (int64_t)ceil((double)bs * l->cfg.neg_ratio);
    if (prepare(l, b, max_lab) < 0)
        return -1;
    RtBatchScratch *x = b->scratch;
    b->label_type = l->label_type;
    b->epoch = l->epoch;
    b->index = index;
    b->n_pos = n_pos;
    b->n_labels = n_lab;
    b->edge_norm = l->cfg.edge_norm;

    RtRng rng;
    rt_rng_stream(&rng, l->seed, RT_STREAM_MODEL(l->part, l->epoch, index));
    b->seed = rt_rng_next(&rng);
    rt_rng_stream(&rng, l->seed, RT_STREAM_BATCH(l->part, l->epoch, index));

    // §3.1-3.2: positives of this batch, then uniform negatives (all sources, then all
    // destinations), unchecked; or, for triplets, negative k keeps the source of positive
    // k mod B and draws only its destination (PyG's neg_sampling="triplet").
    for (int32_t i = 0; i < n_pos; i++) {
        int32_t k = l->order[first + i];
        b->input_id[i] = k;
        x->label_gsrc[i] = l->label_src[k];
        x->label_gdst[i] = l->label_dst[k];
        b->labels[i] = l->label[k];
    }
    uint64_t n_src = (uint64_t)g->nodes[l->src_type].count,
             n_dst = (uint64_t)g->nodes[l->dst_type].count;
    for (int32_t i = n_pos; i < n_lab; i++)
        x->label_gsrc[i] = l->cfg.triplet ? x->label_gsrc[(i - n_pos) % n_pos]
                                          : (int32_t)rt_rng_below(&rng, n_src);
    for (int32_t i = n_pos; i < n_lab; i++) {
        x->label_gdst[i] = (int32_t)rt_rng_below(&rng, n_dst);
        b->labels[i] = 0.0f;
    }

    b->n_global = n_lab;
    if (l->cfg.n_ranks > 1) {
        // This rank's slices of the positives and of the negatives, moved to the front; its
        // neighbourhood comes from a stream of its own.
        int32_t r = l->cfg.rank, nr = l->cfg.n_ranks, n_neg_all = n_lab - n_pos;
        int32_t p0 = (int32_t)((int64_t)n_pos * r / nr), p1 = (int32_t)((int64_t)n_pos * (r + 1) / nr);
        int32_t q0 = (int32_t)((int64_t)n_neg_all * r / nr);
        int32_t q1 = (int32_t)((int64_t)n_neg_all * (r + 1) / nr);
        int32_t k = 0;
        for (int32_t i = p0; i < p1; i++, k++) {
            b->input_id[k] = b->input_id[i];
            x->label_gsrc[k] = x->label_gsrc[i];
            x->label_gdst[k] = x->label_gdst[i];
            b->labels[k] = b->labels[i];
        }
        for (int32_t i = n_pos; i < n_lab; i++) {
            // Triplet negative j pairs with positive j mod n_pos: keep those of this rank's
            // positives, so that they pair again with theirs (j mod the slice's size).
            int32_t j = i - n_pos;
            int keep = l->cfg.triplet ? j % n_pos >= p0 && j % n_pos < p1 : j >= q0 && j < q1;
            if (!keep)
                continue;
            x->label_gsrc[k] = x->label_gsrc[i];
            x->label_gdst[k] = x->label_gdst[i];
            b->labels[k] = b->labels[i];
            k++;
        }
        n_pos = p1 - p0;
        n_lab = k;
        b->n_pos = n_pos;
        b->n_labels = n_lab;
        rt_rng_stream(&rng, l->seed,
                      RT_STREAM_BATCH(l->part, l->epoch, index) ^ ((uint64_t)(r + 1) << 40));
    }

    // §3.3: sorted unique seeds per node type; label endpoints become local ids.
    add_seeds(b, l->src_type, x->label_gsrc, n_lab);
    add_seeds(b, l->dst_type, x->label_gdst, n_lab);
    for (int32_t t = 0; t < g->n_node_types; t++) {
        sort_seeds(b, t);
        b->hop_end[t][0] = b->n_nodes[t];
    }
    for (int32_t i = 0; i < n_lab; i++) {
        b->label_src[i] = x->map[l->src_type][x->label_gsrc[i]].local;
        b->label_dst[i] = x->map[l->dst_type][x->label_gdst[i]].local;
    }

    // §3.4: each hop expands, per edge type in order, the frontier its destination type had when
    // the hop began; nodes found during the hop form the next frontier.
    int32_t fb[HGNN_MAX_NODE_TYPES] = {0};
    for (int32_t h = 0; h < l->cfg.n_hops; h++) {
        int32_t fe[HGNN_MAX_NODE_TYPES];
        for (int32_t t = 0; t < g->n_node_types; t++)
            fe[t] = b->n_nodes[t];
        for (int32_t e = 0; e < g->n_edge_types; e++) {
            int32_t d = g->edges[e].dst_type;
            if (expand(l, b, e, fb[d], fe[d], l->cfg.fanout[h], &rng) < 0)
                return -1;
        }
        for (int32_t t = 0; t < g->n_node_types; t++) {
            fb[t] = fe[t];
            b->hop_end[t][h + 1] = b->n_nodes[t];
        }
    }
    for (int32_t t = 0; t < g->n_node_types; t++)
        for (int32_t h = l->cfg.n_hops; h < HGNN_MAX_HOPS; h++)
            b->hop_end[t][h + 1] = b->n_nodes[t];

    // CSR offsets over destinations; the edges are already in destination order.
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        int32_t nd = b->n_nodes[g->edges[e].dst_type], *ptr = b->edge_ptr[e];
        const int32_t *dst = b->edge_dst[e];
        int32_t n = b->n_edges[e], i = 0;
        for (int32_t v = 0; v <= nd; v++) {
            ptr[v] = i;
            while (i < n && dst[i] == v)
                i++;
        }
        // lg_conv: each sampled edge weighs by its ends' degrees in the part's graph.
        if (!l->cfg.edge_norm)
            continue;
        const int32_t *src = b->edge_src[e];
        const int32_t *ids_s = b->node_ids[g->edges[e].src_type];
        const int32_t *ids_d = b->node_ids[g->edges[e].dst_type];
        for (int32_t k = 0; k < n; k++)
            b->edge_weight[e][k] = l->inv_out[e][ids_s[src[k]]] * l->inv_in[e][ids_d[dst[k]]];
    }
    return 0;
}

int rt_batch_view(const RtBatch *b, const RtGraph *g, int32_t n_node_types, const int32_t *node_map,
                  int32_t n_edge_types, const int32_t *edge_map, int32_t label_edge, HgnnBatch *out,
                  int64_t *dims) {
    if (n_node_types > HGNN_MAX_NODE_TYPES || n_edge_types > HGNN_MAX_EDGE_TYPES ||
        label_edge < 0 || label_edge >= n_edge_types || edge_map[label_edge] != b->label_type)
        return -1;
    memset(out, 0, sizeof *out);
    int32_t T = n_node_types, K = n_edge_types;
    for (int32_t t = 0; t < T; t++) {
        int32_t gt = node_map[t];
        if (gt < 0 || gt >= g->n_node_types)
            return -1;
        dims[HGNN_DIM_V(t)] = g->nodes[gt].count;
        dims[HGNN_DIM_N(T, t)] = b->n_nodes[gt];
        out->node_ids[t] = b->node_ids[gt];
        out->features[t] = g->nodes[gt].feat_width ? g->nodes[gt].x : NULL;
    }
    for (int32_t e = 0; e < K; e++) {
        int32_t ge = edge_map[e];
        if (ge < 0 || ge >= g->n_edge_types)
            return -1;
        dims[HGNN_DIM_E(T, e)] = b->n_edges[ge];
        out->edge_src[e] = b->edge_src[ge];
        out->edge_dst[e] = b->edge_dst[ge];
        out->edge_ptr[e] = b->edge_ptr[ge];
        out->edge_weight[e] = b->edge_norm ? b->edge_weight[ge] : NULL;
    }
    dims[HGNN_DIM_L(T, K)] = b->n_labels;
    out->dims = dims;
    out->label_src = b->label_src;
    out->label_dst = b->label_dst;
    out->labels = b->labels;
    out->seed = b->seed;
    return 0;
}
