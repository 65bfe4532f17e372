// split.c — RandomLinkSplit (spec §2): one random permutation of the edges cut into train / val /
// test by floor counts, a disjoint supervision slice of train, and fixed negatives for val and
// test drawn as PyG's negative_sampling(method='sparse') does. Takes a graph and an edge type;
// yields an RtSplit whose parts point into one permutation.
#include "split.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "rng.h"

void rt_split_defaults(RtSplitConfig *cfg) {
    cfg->val_frac = 0.1;
    cfg->test_frac = 0.1;
    cfg->disjoint_frac = 0.3;
    cfg->neg_ratio = 2.0;
    cfg->add_neg_train = 0;
}

// Open-addressing set of pair ids u*M+m; UINT64_MAX marks a free slot.
typedef struct IdSet {
    uint64_t *slot;
    uint64_t mask;
} IdSet;

static int set_init(IdSet *s, uint64_t expect) {
    uint64_t cap = 64;
    while (cap < expect * 2)
        cap *= 2;
    s->slot = malloc(cap * sizeof *s->slot);
    s->mask = cap - 1;
    if (!s->slot)
        return -1;
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
// set of pair ids would take 16 or more (ml-25m has 25M edges).
typedef struct EdgeRows {
    int64_t *ptr;       // n_src + 1 offsets
    int32_t *dst;       // destinations, ascending within a row
} EdgeRows;

// Two stable counting sorts: by destination, then by source.
static int rows_build(EdgeRows *r, const RtEdgeStore *es, int64_t n_src, int64_t n_dst) {
    int64_t E = es->count;
    r->ptr = calloc((size_t)n_src + 1, sizeof *r->ptr);
    r->dst = malloc((size_t)(E ? E : 1) * sizeof *r->dst);
    int64_t *cnt = calloc((size_t)n_dst + 1, sizeof *cnt);
    int32_t *by_dst = malloc((size_t)(E ? E : 1) * sizeof *by_dst);
    int rc = -1;
    if (!r->ptr || !r->dst || !cnt || !by_dst)
        goto done;
    for (int64_t i = 0; i < E; i++)
        cnt[es->dst[i] + 1]++;
    for (int64_t m = 0; m < n_dst; m++)
        cnt[m + 1] += cnt[m];
    for (int64_t i = 0; i < E; i++)
        by_dst[cnt[es->dst[i]]++] = (int32_t)i;     // edge positions ordered by destination
    for (int64_t i = 0; i < E; i++)
        r->ptr[es->src[i] + 1]++;
    for (int64_t u = 0; u < n_src; u++)
        r->ptr[u + 1] += r->ptr[u];
    int64_t *fill = malloc((size_t)(n_src ? n_src : 1) * sizeof *fill);
    if (!fill)
        goto done;
    memcpy(fill, r->ptr, (size_t)n_src * sizeof *fill);
    for (int64_t k = 0; k < E; k++) {
        int32_t e = by_dst[k];
        r->dst[fill[es->src[e]]++] = es->dst[e];
    }
    free(fill);
    rc = 0;
done:
    free(cnt);
    free(by_dst);
    return rc;
}

static int rows_has(const EdgeRows *r, uint64_t u, int32_t m) {
    int64_t lo = r->ptr[u], hi = r->ptr[u + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (r->dst[mid] < m)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->ptr[u + 1] && r->dst[lo] == m;
}

// PyG's negative_sampling(..., method='sparse') for a bipartite type: up to 3 rounds, each
// drawing `sample` distinct ids of the U*M population (Python's random.sample), keeping those that
// are not edges and not yet accepted, in draw order, until `want` are found. Writes up to `want`
// ids into out and returns how many were found (fewer only on very dense graphs).
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
    if (rows_build(&pos, es, (int64_t)n_src, (int64_t)n_dst) < 0 ||
        set_init(&accepted, (uint64_t)want) < 0)
        goto oom;
    // When the sample is a large share of the population, a partial Fisher-Yates over all ids
    // beats rejection; both give a uniformly ordered sample without replacement.
    int take_all = sample == pop, use_pool = !take_all && sample * 2 > pop;
    if (use_pool) {
        pool = malloc(pop * sizeof *pool);
        if (!pool)
            goto oom;
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
        for (uint64_t k = 0; k < sample && found < want; k++) {
            uint64_t id;
            if (take_all) {
                id = k;     // PyG takes the whole population in order
            } else if (use_pool) {
                uint64_t j = k + rt_rng_below(rng, pop - k);
                id = pool[j];
                pool[j] = pool[k];
                pool[k] = id;
            } else {
                do
                    id = rt_rng_below(rng, pop);
                while (!set_add(&drawn, id));
            }
            if (!rows_has(&pos, id / n_dst, (int32_t)(id % n_dst)) && set_add(&accepted, id))
                out[found++] = id;
        }
    }
    goto done;
oom:
    *oom = 1;
done:
    free(pos.ptr);
    free(pos.dst);
    free(accepted.slot);
    free(drawn.slot);
    free(pool);
    return found;
}

int rt_split_link(const RtGraph *g, int32_t edge_type, const RtSplitConfig *cfg, uint64_t seed,
                  RtSplit *s, char *err, size_t err_len) {
    memset(s, 0, sizeof *s);
    if (edge_type < 0 || edge_type >= g->n_edge_types)
        return rt_csv_fail(err, err_len, "split", 0, "no edge type %d", edge_type);
    const RtEdgeStore *es = &g->edges[edge_type];
    if (!(cfg->val_frac >= 0 && cfg->test_frac >= 0 && cfg->val_frac + cfg->test_frac < 1))
        return rt_csv_fail(err, err_len, "split", 0,
                           "val and test fractions must be >= 0 with a sum below 1 (saw %g, %g)",
                           cfg->val_frac, cfg->test_frac);
    if (!(cfg->disjoint_frac >= 0 && cfg->disjoint_frac < 1))
        return rt_csv_fail(err, err_len, "split", 0,
                           "disjoint train ratio must be in [0, 1) (saw %g)", cfg->disjoint_frac);
    if (!(cfg->neg_ratio >= 0 && cfg->neg_ratio <= 1000))
        return rt_csv_fail(err, err_len, "split", 0, "negative ratio must be in [0, 1000] (saw %g)",
                           cfg->neg_ratio);
    s->edge_type = edge_type;
    s->rev_type = -1;
    for (int32_t e = 0; e < g->n_edge_types; e++)
        if (g->edges[e].reverse_of == edge_type)
            s->rev_type = e;

    // §2.2: floor counts, then slices of one permutation.
    int64_t E = es->count;
    int64_t n_val = (int64_t)(cfg->val_frac * (double)E);
    int64_t n_test = (int64_t)(cfg->test_frac * (double)E);
    int64_t n_train = E - n_val - n_test;
    int64_t n_disjoint = (int64_t)(cfg->disjoint_frac * (double)n_train);
    if (n_train - n_disjoint <= 0)
        return rt_csv_fail(err, err_len, "split", 0,
                           "%s has %lld edges, too few for a train part with message passing",
                           es->name, (long long)E);
    s->n_edges = E;
    s->perm = malloc((size_t)E * sizeof *s->perm);
    if (!s->perm)
        return rt_csv_fail(err, err_len, "split", 0, "out of memory");
    RtRng rng;
    rt_rng_stream(&rng, seed, RT_STREAM_SPLIT_PERM);
    for (int64_t i = 0; i < E; i++)
        s->perm[i] = (int32_t)i;
    for (int64_t i = E - 1; i > 0; i--) {
        int64_t j = (int64_t)rt_rng_below(&rng, (uint64_t)i + 1);
        int32_t t = s->perm[i];
        s->perm[i] = s->perm[j];
        s->perm[j] = t;
    }

    // §2.3: message passing and supervision positives per part (positions into perm).
    int64_t pos_begin[3], pos_count[3];
    RtSplitPart *tr = &s->part[RT_SPLIT_TRAIN], *va = &s->part[RT_SPLIT_VAL],
                *te = &s->part[RT_SPLIT_TEST];
    if (n_disjoint > 0) {
        tr->mp_eid = s->perm + n_disjoint;
        tr->n_mp = n_train - n_disjoint;
        pos_begin[0] = 0;
        pos_count[0] = n_disjoint;
    } else {
        tr->mp_eid = s->perm;
        tr->n_mp = n_train;
        pos_begin[0] = 0;
        pos_count[0] = n_train;
    }
    va->mp_eid = s->perm;
    va->n_mp = n_train;
    pos_begin[1] = n_train;
    pos_count[1] = n_val;
    te->mp_eid = s->perm;
    te->n_mp = n_train + n_val;
    pos_begin[2] = n_train + n_val;
    pos_count[2] = n_test;

    // §2.4: one call for every fixed negative; val's first, then test's, then train's.
    int64_t want[3];
    want[0] = cfg->add_neg_train ? (int64_t)((double)pos_count[0] * cfg->neg_ratio) : 0;
    want[1] = (int64_t)((double)n_val * cfg->neg_ratio);
    want[2] = (int64_t)((double)n_test * cfg->neg_ratio);
    int64_t total = want[0] + want[1] + want[2];
    uint64_t *neg = malloc((size_t)(total ? total : 1) * sizeof *neg);
    if (!neg)
        goto oom;
    RtRng nrng;
    rt_rng_stream(&nrng, seed, RT_STREAM_SPLIT_NEG);
    uint64_t n_src = (uint64_t)g->nodes[es->src_type].count,
             n_dst = (uint64_t)g->nodes[es->dst_type].count;
    int oom;
    int64_t found = sample_negatives(es, n_src, n_dst, total, &nrng, neg, &oom);
    if (oom) {
        free(neg);
        goto oom;
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

    // §2.5: labels = positives in perm order, then negatives.
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
            goto oom;
        }
        for (int64_t i = 0; i < pos_count[p]; i++) {
            int32_t e = s->perm[pos_begin[p] + i];
            pt->label_src[i] = es->src[e];
            pt->label_dst[i] = es->dst[e];
            pt->label[i] = 1.0f;
        }
        for (int64_t i = 0; i < got[p]; i++) {
            uint64_t id = neg[neg_begin[p] + i];
            pt->label_src[pos_count[p] + i] = (int32_t)(id / n_dst);
            pt->label_dst[pos_count[p] + i] = (int32_t)(id % n_dst);
            pt->label[pos_count[p] + i] = 0.0f;
        }
    }
    free(neg);
    return 0;
oom:
    rt_split_free(s);
    return rt_csv_fail(err, err_len, "split", 0, "out of memory");
}

void rt_split_free(RtSplit *s) {
    free(s->perm);
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        free(s->part[p].label_src);
        free(s->part[p].label_dst);
        free(s->part[p].label);
    }
    memset(s, 0, sizeof *s);
}
