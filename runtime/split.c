// split.c — RandomLinkSplit (spec §2): one random permutation of the edges cut into train / val
// / test by floor counts, a disjoint supervision slice of train, and fixed negatives for val and
// test drawn as PyG's negative_sampling(method='sparse') does; then the parts' message-passing
// edges grouped by destination, one index the three loaders share. Takes a graph and an edge
// type; yields an RtSplit whose parts point into one permutation.
//
// At 25M edges every array here is far larger than the caches and perm is a random order, so
// each pass that follows it either prefetches ahead or touches the arrays in file order.
#include "split.h"

#include "hgnn/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hugepage.h"
#include "rng.h"

void rt_split_defaults(RtSplitConfig *cfg) {
    cfg->val_frac = 0.1;
    cfg->test_frac = 0.1;
    cfg->disjoint_frac = 0.3;
    cfg->neg_ratio = 2.0;
    cfg->add_neg_train = 0;
    cfg->edge_labels = 0;
}

// Open-addressing set of pair ids u*M+m; UINT64_MAX marks a free slot.
typedef struct IdSet {
    uint64_t *slot;
    uint64_t mask;
} IdSet;

// At most 3/4 full: linear probing still ends within a cache line or two, and the set of 11M
// draws at 25M edges takes 128 MB, not 256.
static int set_init(IdSet *s, uint64_t expect) {
    uint64_t cap = 64;
    while (cap / 4 * 3 < expect)
        cap *= 2;
    s->slot = malloc(cap * sizeof *s->slot);
    s->mask = cap - 1;
    if (!s->slot)
        return -1;
    rt_huge_hint(s->slot, cap * sizeof *s->slot);
    memset(s->slot, 0xff, cap * sizeof *s->slot);
    return 0;
}

// Inserts id; returns 1 when it was new, 0 when already present. Sized up front, never full.
static int set_add(IdSet *s, uint64_t id) {
    uint64_t i = rt_mix64(id) & s->mask;
    while (s->slot[i] != UINT64_MAX) {
        if (s->slot[i] == id)
            return 0;
        i = (i + 1) & s->mask;
    }
    s->slot[i] = id;
    return 1;
}

// The positive edges as rows by source with sorted destinations: 4 bytes per edge, where a hash
// set of pair ids would take 16 or more (ml-25m has 25M edges). MovieLens files list ratings by
// user, then movie, and users are numbered by first appearance, so the edge list usually is
// these rows already: then dst is the edge store's own array and only ptr is built.
typedef struct EdgeRows {
    int64_t *ptr;       // n_src + 1 offsets
    const int32_t *dst; // destinations, ascending within a row
    int32_t *own;       // dst when it had to be built (else NULL)
} EdgeRows;

static int sorted_by_src_dst(const RtEdgeStore *es) {
    for (int64_t i = 1; i < es->count; i++)
        if (es->src[i] < es->src[i - 1] ||
            (es->src[i] == es->src[i - 1] && es->dst[i] < es->dst[i - 1]))
            return 0;
    return 1;
}

// Rows by counting sort of the sources; when the edges are not in row order, two stable counting
// sorts (by destination, then by source) build dst.
static int rows_build(EdgeRows *r, const RtEdgeStore *es, int64_t n_src, int64_t n_dst) {
    int64_t E = es->count;
    r->ptr = calloc((size_t)n_src + 1, sizeof *r->ptr);
    if (!r->ptr)
        return -1;
    for (int64_t i = 0; i < E; i++)
        r->ptr[es->src[i] + 1]++;
    for (int64_t u = 0; u < n_src; u++)
        r->ptr[u + 1] += r->ptr[u];
    if (sorted_by_src_dst(es)) {
        r->dst = es->dst;
        return 0;
    }
    r->own = malloc((size_t)(E ? E : 1) * sizeof *r->own);
    int64_t *cnt = calloc((size_t)n_dst + 1, sizeof *cnt);
    int32_t *by_dst = malloc((size_t)(E ? E : 1) * sizeof *by_dst);
    int64_t *fill = malloc((size_t)(n_src ? n_src : 1) * sizeof *fill);
    int rc = -1;
    if (!r->own || !cnt || !by_dst || !fill)
        goto done;
    for (int64_t i = 0; i < E; i++)
        cnt[es->dst[i] + 1]++;
    for (int64_t m = 0; m < n_dst; m++)
        cnt[m + 1] += cnt[m];
    for (int64_t i = 0; i < E; i++)
        by_dst[cnt[es->dst[i]]++] = (int32_t)i;     // edge positions ordered by destination
    memcpy(fill, r->ptr, (size_t)n_src * sizeof *fill);
    for (int64_t k = 0; k < E; k++) {
        int32_t e = by_dst[k];
        r->own[fill[es->src[e]]++] = es->dst[e];
    }
    r->dst = r->own;
    rc = 0;
done:
    free(cnt);
    free(by_dst);
    free(fill);
    return rc;
}

// PyG's negative_sampling(..., method='sparse') for a bipartite type: up to 3 rounds, each
// drawing `sample` distinct ids of the U*M population (Python's random.sample), keeping those that
// are not edges and not yet accepted, in draw order, until `want` are found. Writes up to `want`
// ids into out and returns how many were found (fewer only on very dense graphs).
//
// Ids are drawn a chunk at a time, then checked against the earlier draws and the edges: the
// draws depend only on the rng, the checks only on the ids, so the checks' cache misses overlap
// (prefetch) while the order of draws and acceptances stays the one above. Draws past the
// `want`-th acceptance are thrown away, and nothing draws after them. Within a round ids are
// distinct, so the set of accepted ids is needed only from round 2 on.
#define CHUNK 256
static int64_t sample_negatives(const RtEdgeStore *es, uint64_t n_src, uint64_t n_dst, int64_t want,
                                RtRng *rng, uint64_t *out, int *oom) {
    uint64_t pop = n_src * n_dst;
    double prob = 1.0 - (double)es->count / (double)pop;
    *oom = 0;
    if (want <= 0 || pop == 0 || prob <= 0.0)
        return 0;
    uint64_t sample = (uint64_t)(1.1 * (double)want / prob);
    if (sample > pop)
        sample = pop;
    EdgeRows pos = {0};
    IdSet accepted = {0}, drawn = {0};
    uint64_t *pool = NULL;
    int64_t found = 0;
    if (rows_build(&pos, es, (int64_t)n_src, (int64_t)n_dst) < 0)
        goto oom;
    // When the sample is a large share of the population, a partial Fisher-Yates over all ids
    // beats rejection; both give a uniformly ordered sample without replacement.
    int take_all = sample == pop, use_pool = !take_all && sample * 2 > pop;
    if (use_pool) {
        pool = malloc(pop * sizeof *pool);
        if (!pool)
            goto oom;
        rt_huge_hint(pool, pop * sizeof *pool);
    } else if (!take_all && set_init(&drawn, sample) < 0) {
        goto oom;
    }
    for (int round = 0; round < 3 && found < want; round++) {
        if (use_pool) {
            for (uint64_t i = 0; i < pop; i++)
                pool[i] = i;
        } else if (!take_all) {
            memset(drawn.slot, 0xff, (drawn.mask + 1) * sizeof *drawn.slot);
        }
        if (round == 1) {
            if (set_init(&accepted, (uint64_t)want) < 0)
                goto oom;
            for (int64_t i = 0; i < found; i++)
                set_add(&accepted, out[i]);
        }
        for (uint64_t k = 0; k < sample && found < want;) {
            // Each id still to take needs a draw, so n draws are never more than the loop above
            // would make: a repeat (set case) is dropped and the next draw takes its place.
            uint64_t id[CHUNK], k0 = k;
            int64_t lo[CHUNK], hi[CHUNK];
            int32_t m[CHUNK];
            int n = sample - k < CHUNK ? (int)(sample - k) : CHUNK;
            for (int c = 0; c < n; c++) {
                if (take_all) {
                    id[c] = k0 + (uint64_t)c;   // PyG takes the whole population in order
                } else if (use_pool) {
                    uint64_t kc = k0 + (uint64_t)c, j = kc + rt_rng_below(rng, pop - kc);
                    id[c] = pool[j];
                    pool[j] = pool[kc];
                    pool[kc] = id[c];
                } else {
                    id[c] = rt_rng_below(rng, pop);
                    __builtin_prefetch(&drawn.slot[rt_mix64(id[c]) & drawn.mask]);
                }
                uint64_t u = id[c] / n_dst;
                m[c] = (int32_t)(id[c] - u * n_dst);
                lo[c] = (int64_t)u;     // the row, until the next loop reads its bounds
                __builtin_prefetch(&pos.ptr[u]);
            }
            for (int c = 0; c < n; c++) {
                uint64_t u = (uint64_t)lo[c];
                lo[c] = pos.ptr[u];
                hi[c] = pos.ptr[u + 1];
                __builtin_prefetch(&pos.dst[lo[c] + (hi[c] - lo[c]) / 2]);
            }
            // Binary searches of the rows for the destinations, one step of every search at a
            // time: the step's reads were prefetched by the step before. lo becomes the first
            // position whose destination is >= m; hi stays the row's end.
            int64_t end[CHUNK];
            memcpy(end, hi, (size_t)n * sizeof *end);
            for (int active = 1; active;) {
                active = 0;
                for (int c = 0; c < n; c++) {
                    if (lo[c] >= end[c])
                        continue;
                    int64_t mid = lo[c] + (end[c] - lo[c]) / 2;
                    if (pos.dst[mid] < m[c])
                        lo[c] = mid + 1;
                    else
                        end[c] = mid;
                    if (lo[c] < end[c]) {
                        active = 1;
                        __builtin_prefetch(&pos.dst[lo[c] + (end[c] - lo[c]) / 2]);
                    }
                }
            }
            for (int c = 0; c < n && found < want; c++) {
                if (!take_all && !use_pool && !set_add(&drawn, id[c]))
                    continue;
                k++;
                int is_edge = lo[c] < hi[c] && pos.dst[lo[c]] == m[c];
                if (!is_edge && (round == 0 || set_add(&accepted, id[c])))
                    out[found++] = id[c];
            }
        }
    }
    goto done;
oom:
    *oom = 1;
done:
    free(pos.ptr);
    free(pos.own);
    free(accepted.slot);
    free(drawn.slot);
    free(pool);
    return found;
}

// Fisher-Yates from the end. The draws do not depend on the array, so the draw for position
// i - AHEAD is taken while position i swaps and its slot is prefetched: at 25M edges every swap
// misses the caches, and this lets AHEAD misses overlap. Same draws, same order, same result.
#define AHEAD 16
static void shuffle(int32_t *perm, int64_t E, RtRng *rng) {
    for (int64_t i = 0; i < E; i++)
        perm[i] = (int32_t)i;
    int64_t ring[AHEAD];    // ring[i % AHEAD]: the draw for position i
    for (int64_t i = E - 1; i > 0 && i > E - 1 - AHEAD; i--) {
        ring[i % AHEAD] = (int64_t)rt_rng_below(rng, (uint64_t)i + 1);
        __builtin_prefetch(&perm[ring[i % AHEAD]]);
    }
    for (int64_t i = E - 1; i > 0; i--) {
        int64_t j = ring[i % AHEAD];
        if (i - AHEAD > 0) {
            int64_t k = i - AHEAD;
            ring[k % AHEAD] = (int64_t)rt_rng_below(rng, (uint64_t)k + 1);
            __builtin_prefetch(&perm[ring[k % AHEAD]]);
        }
        int32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

static int index_alloc(RtSplitIndex *x, int64_t n_dst, int64_t n) {
    x->n_dst = n_dst;
    x->ptr = calloc((size_t)n_dst + 1, sizeof *x->ptr);
    x->mid[0] = malloc((size_t)(n_dst ? n_dst : 1) * sizeof *x->mid[0]);
    x->mid[1] = malloc((size_t)(n_dst ? n_dst : 1) * sizeof *x->mid[1]);
    x->adj = malloc((size_t)(n ? n : 1) * sizeof *x->adj);
    if (x->adj)
        rt_huge_hint(x->adj, (size_t)n * sizeof *x->adj);
    return x->ptr && x->mid[0] && x->mid[1] && x->adj ? 0 : -1;
}

static void index_free(RtSplitIndex *x) {
    free(x->ptr);
    free(x->mid[0]);
    free(x->mid[1]);
    free(x->adj);
    memset(x, 0, sizeof *x);
}

// Where one pass over perm[lo, hi) puts each edge (u -> v at position p): as a positive label
// when lab_src is set (1, or its value when values is set: RandomLinkSplit carries edge_label),
// and into the indexes (u into fill[0][v] of index 0, v into fill[1][u] of
// index 1) when fill[0] is set; else it only takes the edge off the indexes' counts.
typedef struct Pass {
    int64_t lo, hi;
    int32_t *lab_src, *lab_dst;
    float *lab;
    int32_t *fill[2];
    const float *values;    // the edge store's labels, or NULL: positives are 1
} Pass;

// perm is a random order, so every edge read and every index write misses the caches: the
// endpoints of the edge 2 * AHEAD positions on are prefetched while this one is filed, and the
// index slots of the edge AHEAD positions on.
static void run_pass(const RtSplit *s, const RtEdgeStore *es, const Pass *ps, RtSplitIndex *x,
                     int n_index) {
    const int32_t *perm = s->perm, *src = es->src, *dst = es->dst;
    for (int64_t i = ps->lo; i < ps->hi; i++) {
        if (i + 2 * AHEAD < ps->hi) {
            __builtin_prefetch(&src[perm[i + 2 * AHEAD]]);
            __builtin_prefetch(&dst[perm[i + 2 * AHEAD]]);
        }
        if (ps->fill[0] && i + AHEAD < ps->hi) {
            // That edge's endpoints arrived by now: prefetch where it will be written.
            int32_t q = perm[i + AHEAD];
            __builtin_prefetch(&x[0].adj[ps->fill[0][dst[q]]], 1);
            if (n_index > 1)
                __builtin_prefetch(&x[1].adj[ps->fill[1][src[q]]], 1);
        }
        int32_t p = perm[i], u = src[p], v = dst[p];
        if (ps->lab_src) {
            ps->lab_src[i - ps->lo] = u;
            ps->lab_dst[i - ps->lo] = v;
            ps->lab[i - ps->lo] = ps->values ? ps->values[p] : 1.0f;
        }
        if (ps->fill[0]) {
            x[0].adj[ps->fill[0][v]++] = (RtInEdge){u, p};
            if (n_index > 1)
                x[1].adj[ps->fill[1][u]++] = (RtInEdge){v, p};
        } else {
            x[0].ptr[v + 1]--;
            if (n_index > 1)
                x[1].ptr[u + 1]--;
        }
    }
}

// The reverse type is read through the split type: its edges must be the same ones, swapped.
static int reverse_matches(const RtEdgeStore *es, const RtEdgeStore *rs) {
    size_t bytes = (size_t)es->count * sizeof(int32_t);
    return rs->count == es->count && rs->src_type == es->dst_type && rs->dst_type == es->src_type &&
           (bytes == 0 || (rs->src == es->dst && rs->dst == es->src) ||
            (memcmp(rs->src, es->dst, bytes) == 0 && memcmp(rs->dst, es->src, bytes) == 0));
}

// §2.4-2.5: draws every fixed negative in one call (val's first, then test's, then train's) and
// allocates each part's labels: its pos_count[p] positives (filled later, in perm order), then its
// negatives. Returns 0, or -1 when out of memory.
static int add_negatives(RtSplit *s, const RtGraph *g, const RtEdgeStore *es,
                         const RtSplitConfig *cfg, uint64_t seed, const int64_t *pos_count) {
    int64_t want[3];
    want[0] = cfg->add_neg_train ? (int64_t)((double)pos_count[0] * cfg->neg_ratio) : 0;
    want[1] = (int64_t)((double)pos_count[1] * cfg->neg_ratio);
    want[2] = (int64_t)((double)pos_count[2] * cfg->neg_ratio);
    int64_t total = want[0] + want[1] + want[2];
    uint64_t *neg = malloc((size_t)(total ? total : 1) * sizeof *neg);
    if (!neg)
        return -1;
    rt_huge_hint(neg, (size_t)total * sizeof *neg);
    RtRng nrng;
    rt_rng_stream(&nrng, seed, RT_STREAM_SPLIT_NEG);
    uint64_t n_src = (uint64_t)g->nodes[es->src_type].count,
             n_dst = (uint64_t)g->nodes[es->dst_type].count;
    int oom;
    int64_t found = sample_negatives(es, n_src, n_dst, total, &nrng, neg, &oom);
    if (oom) {
        free(neg);
        return -1;
    }
    s->n_neg_requested = total;
    s->n_neg_found = found;
    int64_t got[3] = {want[0], want[1], want[2]};
    if (found < total) {
        // PyG warns and scales every part's share down; test takes the remainder.
        got[0] = (int64_t)((double)want[0] / (double)total * (double)found);
        got[1] = (int64_t)((double)want[1] / (double)total * (double)found);
        got[2] = found - got[0] - got[1];
    }
    int64_t neg_begin[3] = {got[1] + got[2], 0, got[1]};

    // §2.5: labels = positives in perm order (filled by the passes below), then negatives.
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        RtSplitPart *pt = &s->part[p];
        pt->n_pos = pos_count[p];
        pt->n_labels = pos_count[p] + got[p];
        size_t n = (size_t)(pt->n_labels ? pt->n_labels : 1);
        pt->label_src = malloc(n * sizeof *pt->label_src);
        pt->label_dst = malloc(n * sizeof *pt->label_dst);
        pt->label = malloc(n * sizeof *pt->label);
        if (!pt->label_src || !pt->label_dst || !pt->label) {
            free(neg);
            return -1;
        }
        rt_huge_hint(pt->label_src, n * sizeof *pt->label_src);
        rt_huge_hint(pt->label_dst, n * sizeof *pt->label_dst);
        rt_huge_hint(pt->label, n * sizeof *pt->label);
        for (int64_t i = 0; i < got[p]; i++) {
            uint64_t id = neg[neg_begin[p] + i];
            pt->label_src[pos_count[p] + i] = (int32_t)(id / n_dst);
            pt->label_dst[pos_count[p] + i] = (int32_t)(id % n_dst);
            pt->label[pos_count[p] + i] = 0.0f;
        }
    }
    free(neg);
    return 0;
}

// Rejects fractions and ratios RandomLinkSplit cannot use, before anything is allocated.
static int check_config(const RtSplitConfig *cfg, RtError *err) {
    if (!(cfg->val_frac >= 0 && cfg->test_frac >= 0 && cfg->val_frac + cfg->test_frac < 1))
        return rt_err(err, NULL, 0,
                      "the val and test fractions must be >= 0 with a sum below 1 (saw %g, %g)",
                      cfg->val_frac, cfg->test_frac);
    if (!(cfg->disjoint_frac >= 0 && cfg->disjoint_frac < 1))
        return rt_err(err, NULL, 0,
                      "the disjoint train fraction must be in [0, 1) (saw %g)", cfg->disjoint_frac);
    if (!(cfg->neg_ratio >= 0 && cfg->neg_ratio <= HGNN_MAX_NEG_RATIO))
        return rt_err(err, NULL, 0, "split_neg_ratio must be in [0, %d] (saw %g)",
                      HGNN_MAX_NEG_RATIO, cfg->neg_ratio);
    return 0;
}

int rt_split_link(const RtGraph *g, int32_t edge_type, const RtSplitConfig *cfg, uint64_t seed,
                  RtSplit *s, RtError *err) {
    memset(s, 0, sizeof *s);
    if (edge_type < 0 || edge_type >= g->n_edge_types)
        return rt_err(err, NULL, 0, "no edge type %d", edge_type);
    const RtEdgeStore *es = &g->edges[edge_type];
    if (es->src_type == es->dst_type)
        return rt_err(err, NULL, 0, "cannot split %s for link prediction: it joins node type "
                      "'%s' to itself (ToUndirected made it undirected in place); predict an "
                      "edge type between two node types", es->name, g->nodes[es->src_type].name);
    if (check_config(cfg, err) < 0)
        return -1;
    if (cfg->edge_labels && !es->label)
        return rt_err(err, NULL, 0, "%s has no label column to regress", es->name);
    const float *values = cfg->edge_labels ? es->label : NULL;
    s->edge_type = edge_type;
    s->rev_type = -1;
    for (int32_t e = 0; e < g->n_edge_types; e++)
        if (g->edges[e].reverse_of == edge_type)
            s->rev_type = e;
    if (s->rev_type >= 0 && !reverse_matches(es, &g->edges[s->rev_type]))
        return rt_err(err, NULL, 0, "%s does not hold the edges of %s swapped",
                      g->edges[s->rev_type].name, es->name);

    // §2.2: floor counts, then slices of one permutation.
    int64_t E = es->count;
    int64_t n_val = (int64_t)(cfg->val_frac * (double)E);
    int64_t n_test = (int64_t)(cfg->test_frac * (double)E);
    int64_t n_train = E - n_val - n_test;
    int64_t n_disjoint = (int64_t)(cfg->disjoint_frac * (double)n_train);
    if (n_train - n_disjoint <= 0)
        return rt_err(err, NULL, 0,
                      "%s has %lld edges, too few for a train part with message passing",
                      es->name, (long long)E);
    s->n_edges = E;
    s->perm = malloc((size_t)E * sizeof *s->perm);
    if (!s->perm)
        return rt_err(err, NULL, 0, "out of memory");
    rt_huge_hint(s->perm, (size_t)E * sizeof *s->perm);
    RtRng rng;
    rt_rng_stream(&rng, seed, RT_STREAM_SPLIT_PERM);
    shuffle(s->perm, E, &rng);

    // §2.3: message passing and supervision positives per part (positions into perm).
    int64_t pos_count[3];
    RtSplitPart *tr = &s->part[RT_SPLIT_TRAIN], *va = &s->part[RT_SPLIT_VAL],
                *te = &s->part[RT_SPLIT_TEST];
    if (n_disjoint > 0) {
        tr->mp_eid = s->perm + n_disjoint;
        tr->n_mp = n_train - n_disjoint;
        pos_count[0] = n_disjoint;
    } else {
        tr->mp_eid = s->perm;
        tr->n_mp = n_train;
        pos_count[0] = n_train;
    }
    va->mp_eid = s->perm;
    va->n_mp = n_train;
    pos_count[1] = n_val;
    te->mp_eid = s->perm;
    te->n_mp = n_train + n_val;
    pos_count[2] = n_test;

    if (add_negatives(s, g, es, cfg, seed, pos_count) < 0)
        goto oom;
    uint64_t n_src = (uint64_t)g->nodes[es->src_type].count,
             n_dst = (uint64_t)g->nodes[es->dst_type].count;

    // The index of test's message-passing edges perm[0, n_mp) (the others' are runs of it): count
    // every edge by destination in file order, take test's positives off, then file the rest in
    // perm order. One read of each edge in all; the labels' positives come from the same reads.
    int64_t n_mp = te->n_mp;
    int n_index = s->rev_type >= 0 ? 2 : 1;
    int32_t *fill[2] = {NULL, NULL};
    if (index_alloc(&s->index[0], (int64_t)n_dst, n_mp) < 0 ||
        (n_index > 1 && index_alloc(&s->index[1], (int64_t)n_src, n_mp) < 0))
        goto oom;
    for (int64_t i = 0; i < E; i++) {
        s->index[0].ptr[es->dst[i] + 1]++;
        if (n_index > 1)
            s->index[1].ptr[es->src[i] + 1]++;
    }
    Pass test_pos = {n_mp, E, te->label_src, te->label_dst, te->label, {NULL, NULL}, values};
    run_pass(s, es, &test_pos, s->index, n_index);
    for (int k = 0; k < n_index; k++) {
        RtSplitIndex *x = &s->index[k];
        for (int64_t v = 0; v < x->n_dst; v++)
            x->ptr[v + 1] += x->ptr[v];
        fill[k] = malloc((size_t)(x->n_dst ? x->n_dst : 1) * sizeof *fill[k]);
        if (!fill[k]) {
            free(fill[0]);
            goto oom;
        }
        memcpy(fill[k], x->ptr, (size_t)x->n_dst * sizeof *fill[k]);
    }
    // perm[0, n_disjoint): train's positives (when there are disjoint ones); [n_disjoint,
    // n_train): train's message passing (and positives when none are disjoint); [n_train, n_mp):
    // val's positives. The fill offsets after each slice are the runs' ends (mid).
    Pass passes[3] = {
        {0, n_disjoint, tr->label_src, tr->label_dst, tr->label, {fill[0], fill[1]}, values},
        {n_disjoint, n_train, n_disjoint ? NULL : tr->label_src, tr->label_dst, tr->label,
         {fill[0], fill[1]}, values},
        {n_train, n_mp, va->label_src, va->label_dst, va->label, {fill[0], fill[1]}, values},
    };
    for (int k = 0; k < 3; k++) {
        run_pass(s, es, &passes[k], s->index, n_index);
        for (int j = 0; k < 2 && j < n_index; j++)
            memcpy(s->index[j].mid[k], fill[j], (size_t)s->index[j].n_dst * sizeof *fill[j]);
    }
    free(fill[0]);
    free(fill[1]);
    return 0;
oom:
    rt_split_free(s);
    return rt_err(err, NULL, 0, "out of memory");
}

void rt_split_in_edges(const RtSplit *s, int which, int part, int64_t v, int32_t *lo,
                       int32_t *hi) {
    const RtSplitIndex *x = &s->index[which];
    *lo = part == RT_SPLIT_TRAIN ? x->mid[0][v] : x->ptr[v];
    *hi = part == RT_SPLIT_TEST ? x->ptr[v + 1] : x->mid[1][v];
}

void rt_split_free(RtSplit *s) {
    free(s->perm);
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        free(s->part[p].label_src);
        free(s->part[p].label_dst);
        free(s->part[p].label);
    }
    index_free(&s->index[0]);
    index_free(&s->index[1]);
    memset(s, 0, sizeof *s);
}
