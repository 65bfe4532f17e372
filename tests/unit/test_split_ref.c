// test_split_ref.c — RandomLinkSplit and the loaders' per-destination index against the plain
// implementation they replaced (kept here as the reference: one Fisher-Yates swap at a time,
// negatives drawn and checked one by one, a stable counting sort of each part's message-passing
// edges per loader). The split must be bit-identical: same permutation, labels and negatives;
// each part's run of a node in RtSplitIndex must hold exactly the edges, in the order, of that
// node's group in the reference sort, which is what the sampler draws from (so batches are
// identical too). Graphs: ml-latest-small, random ones in file order and shuffled, and dense
// ones that take the pool and take-all paths and several rounds of negatives.
// Usage: test_split_ref ML_SMALL_DIR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rng.h"
#include "movielens.h"
#include "split.h"

// ---- the reference: the split as it was before RtSplitIndex ------------------------------------

typedef struct RefSet {
    uint64_t *slot;
    uint64_t mask;
} RefSet;

static void ref_set_init(RefSet *s, uint64_t expect) {
    uint64_t cap = 64;
    while (cap < expect * 2)
        cap *= 2;
    s->slot = malloc(cap * sizeof *s->slot);
    s->mask = cap - 1;
    memset(s->slot, 0xff, cap * sizeof *s->slot);
}

static int ref_set_add(RefSet *s, uint64_t id) {
    uint64_t i = rt_mix64(id) & s->mask;
    while (s->slot[i] != UINT64_MAX) {
        if (s->slot[i] == id)
            return 0;
        i = (i + 1) & s->mask;
    }
    s->slot[i] = id;
    return 1;
}

// Is id = u * M + m an edge? A binary search of the sorted pair ids.
static int ref_is_edge(const uint64_t *pairs, int64_t E, uint64_t id) {
    int64_t lo = 0, hi = E;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (pairs[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < E && pairs[lo] == id;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int64_t ref_negatives(const RtEdgeStore *es, uint64_t n_src, uint64_t n_dst, int64_t want,
                             RtRng *rng, uint64_t *out) {
    uint64_t pop = n_src * n_dst;
    double prob = 1.0 - (double)es->count / (double)pop;
    if (want <= 0 || pop == 0 || prob <= 0.0)
        return 0;
    uint64_t sample = (uint64_t)(1.1 * (double)want / prob);
    if (sample > pop)
        sample = pop;
    int64_t E = es->count;
    uint64_t *pairs = malloc((size_t)(E ? E : 1) * sizeof *pairs);
    for (int64_t i = 0; i < E; i++)
        pairs[i] = (uint64_t)es->src[i] * n_dst + (uint64_t)es->dst[i];
    qsort(pairs, (size_t)E, sizeof *pairs, cmp_u64);
    RefSet accepted, drawn = {0};
    ref_set_init(&accepted, (uint64_t)want);
    uint64_t *pool = NULL;
    int take_all = sample == pop, use_pool = !take_all && sample * 2 > pop;
    if (use_pool)
        pool = malloc(pop * sizeof *pool);
    else if (!take_all)
        ref_set_init(&drawn, sample);
    int64_t found = 0;
    for (int round = 0; round < 3 && found < want; round++) {
        if (use_pool)
            for (uint64_t i = 0; i < pop; i++)
                pool[i] = i;
        else if (!take_all)
            memset(drawn.slot, 0xff, (drawn.mask + 1) * sizeof *drawn.slot);
        for (uint64_t k = 0; k < sample && found < want; k++) {
            uint64_t id;
            if (take_all) {
                id = k;
            } else if (use_pool) {
                uint64_t j = k + rt_rng_below(rng, pop - k);
                id = pool[j];
                pool[j] = pool[k];
                pool[k] = id;
            } else {
                do
                    id = rt_rng_below(rng, pop);
                while (!ref_set_add(&drawn, id));
            }
            if (!ref_is_edge(pairs, E, id) && ref_set_add(&accepted, id))
                out[found++] = id;
        }
    }
    free(pairs);
    free(pool);
    free(accepted.slot);
    free(drawn.slot);
    return found;
}

typedef struct RefPart {
    int64_t mp_begin, n_mp, n_pos, n_labels;
    int32_t *label_src, *label_dst;
    float *label;
} RefPart;

typedef struct RefSplit {
    int32_t *perm;
    int64_t n_found;
    RefPart part[3];
} RefSplit;

static void ref_split(const RtGraph *g, const RtSplitConfig *cfg, uint64_t seed, RefSplit *r) {
    const RtEdgeStore *es = &g->edges[0];
    int64_t E = es->count;
    int64_t n_val = (int64_t)(cfg->val_frac * (double)E);
    int64_t n_test = (int64_t)(cfg->test_frac * (double)E);
    int64_t n_train = E - n_val - n_test;
    int64_t n_disjoint = (int64_t)(cfg->disjoint_frac * (double)n_train);
    r->perm = malloc((size_t)E * sizeof *r->perm);
    RtRng rng;
    rt_rng_stream(&rng, seed, RT_STREAM_SPLIT_PERM);
    for (int64_t i = 0; i < E; i++)
        r->perm[i] = (int32_t)i;
    for (int64_t i = E - 1; i > 0; i--) {
        int64_t j = (int64_t)rt_rng_below(&rng, (uint64_t)i + 1);
        int32_t t = r->perm[i];
        r->perm[i] = r->perm[j];
        r->perm[j] = t;
    }
    int64_t pos_begin[3] = {0, n_train, n_train + n_val};
    int64_t pos_count[3] = {n_disjoint ? n_disjoint : n_train, n_val, n_test};
    r->part[0].mp_begin = n_disjoint;
    r->part[0].n_mp = n_train - n_disjoint;
    r->part[1].mp_begin = 0;
    r->part[1].n_mp = n_train;
    r->part[2].mp_begin = 0;
    r->part[2].n_mp = n_train + n_val;
    int64_t want[3];
    want[0] = cfg->add_neg_train ? (int64_t)((double)pos_count[0] * cfg->neg_ratio) : 0;
    want[1] = (int64_t)((double)n_val * cfg->neg_ratio);
    want[2] = (int64_t)((double)n_test * cfg->neg_ratio);
    int64_t total = want[0] + want[1] + want[2];
    uint64_t *neg = malloc((size_t)(total ? total : 1) * sizeof *neg);
    RtRng nrng;
    rt_rng_stream(&nrng, seed, RT_STREAM_SPLIT_NEG);
    uint64_t n_src = (uint64_t)g->nodes[es->src_type].count,
             n_dst = (uint64_t)g->nodes[es->dst_type].count;
    int64_t found = ref_negatives(es, n_src, n_dst, total, &nrng, neg);
    r->n_found = found;
    int64_t got[3] = {want[0], want[1], want[2]};
    if (found < total) {
        got[0] = (int64_t)((double)want[0] / (double)total * (double)found);
        got[1] = (int64_t)((double)want[1] / (double)total * (double)found);
        got[2] = found - got[0] - got[1];
    }
    int64_t neg_begin[3] = {got[1] + got[2], 0, got[1]};
    for (int p = 0; p < 3; p++) {
        RefPart *pt = &r->part[p];
        pt->n_pos = pos_count[p];
        pt->n_labels = pos_count[p] + got[p];
        size_t n = (size_t)(pt->n_labels ? pt->n_labels : 1);
        pt->label_src = malloc(n * sizeof *pt->label_src);
        pt->label_dst = malloc(n * sizeof *pt->label_dst);
        pt->label = malloc(n * sizeof *pt->label);
        for (int64_t i = 0; i < pos_count[p]; i++) {
            int32_t e = r->perm[pos_begin[p] + i];
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
}

static void ref_free(RefSplit *r) {
    free(r->perm);
    for (int p = 0; p < 3; p++) {
        free(r->part[p].label_src);
        free(r->part[p].label_dst);
        free(r->part[p].label);
    }
}

// The loader's CSC as each loader built it: a stable counting sort by destination of the part's
// message-passing positions, reading edge type e's own arrays.
static void ref_csc(const RtGraph *g, int32_t e, const int32_t *pos, int64_t n, int32_t **ptr,
                    RtInEdge **adj) {
    const RtEdgeStore *es = &g->edges[e];
    int64_t v = g->nodes[es->dst_type].count;
    *ptr = calloc((size_t)v + 1, sizeof **ptr);
    *adj = malloc((size_t)(n ? n : 1) * sizeof **adj);
    for (int64_t i = 0; i < n; i++)
        (*ptr)[es->dst[pos[i]] + 1]++;
    for (int64_t i = 0; i < v; i++)
        (*ptr)[i + 1] += (*ptr)[i];
    int32_t *fill = malloc((size_t)(v ? v : 1) * sizeof *fill);
    memcpy(fill, *ptr, (size_t)v * sizeof *fill);
    for (int64_t i = 0; i < n; i++)
        (*adj)[fill[es->dst[pos[i]]]++] = (RtInEdge){es->src[pos[i]], pos[i]};
    free(fill);
}

// ---- the comparison ----------------------------------------------------------------------------

static void compare(const char *what, const RtGraph *g, const RtSplitConfig *cfg, uint64_t seed) {
    RtSplit s;
    RefSplit r;
    RtError err = {0};
    if (rt_split_link(g, 0, cfg, seed, &s, &err) < 0) {
        fprintf(stderr, "%s: %s\n", what, RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    ref_split(g, cfg, seed, &r);
    int64_t E = g->edges[0].count;
    int ok = memcmp(s.perm, r.perm, (size_t)E * sizeof *s.perm) == 0 && s.n_neg_found == r.n_found;
    for (int p = 0; p < 3; p++) {
        const RtSplitPart *a = &s.part[p];
        const RefPart *b = &r.part[p];
        ok &= a->n_mp == b->n_mp && a->mp_eid == s.perm + b->mp_begin && a->n_pos == b->n_pos &&
              a->n_labels == b->n_labels;
        if (a->n_labels == b->n_labels)
            ok &= memcmp(a->label_src, b->label_src, (size_t)a->n_labels * 4) == 0 &&
                  memcmp(a->label_dst, b->label_dst, (size_t)a->n_labels * 4) == 0 &&
                  memcmp(a->label, b->label, (size_t)a->n_labels * 4) == 0;
    }
    if (!ok) {
        fprintf(stderr, "%s: the split differs from the reference\n", what);
        failures++;
    }
    // Each part's runs against its own reference CSC, for the split type and its reverse.
    int runs_ok = 1;
    int64_t checked = 0;
    for (int which = 0; which < (s.rev_type >= 0 ? 2 : 1); which++) {
        int32_t e = which ? s.rev_type : 0;
        int64_t V = g->nodes[g->edges[e].dst_type].count;
        runs_ok &= s.index[which].n_dst == V;
        for (int p = 0; p < 3 && runs_ok; p++) {
            int32_t *ptr;
            RtInEdge *adj;
            ref_csc(g, e, s.part[p].mp_eid, s.part[p].n_mp, &ptr, &adj);
            for (int64_t v = 0; v < V && runs_ok; v++) {
                int32_t lo, hi;
                rt_split_in_edges(&s, which, p, v, &lo, &hi);
                int32_t n = ptr[v + 1] - ptr[v];
                runs_ok &= hi - lo == n;
                for (int32_t k = 0; k < n && runs_ok; k++)
                    runs_ok &= s.index[which].adj[lo + k].src == adj[ptr[v] + k].src &&
                               s.index[which].adj[lo + k].eid == adj[ptr[v] + k].eid;
                checked += n;
            }
            free(ptr);
            free(adj);
        }
    }
    if (!runs_ok || checked == 0) {
        fprintf(stderr, "%s: an index run differs from the part's reference CSC\n", what);
        failures++;
    }
    rt_split_free(&s);
    ref_free(&r);
}

// A bipartite graph of U users and M movies with E distinct random pairs, in (user, movie)
// order when `sorted`, else shuffled (the split's sorted-rows shortcut must not matter), plus
// the reverse type from ToUndirected.
static void random_graph(RtGraph *g, int32_t U, int32_t M, int64_t E, int sorted, uint64_t seed) {
    memset(g, 0, sizeof *g);
    g->n_node_types = 2;
    g->n_edge_types = 1;
    strcpy(g->nodes[0].name, "user");
    strcpy(g->nodes[1].name, "movie");
    g->nodes[0].count = U;
    g->nodes[1].count = M;
    RtEdgeStore *es = &g->edges[0];
    strcpy(es->name, "user__rates__movie");
    strcpy(es->rel, "rates");
    es->src_type = 0;
    es->dst_type = 1;
    es->reverse_of = -1;
    es->count = E;
    es->src = malloc((size_t)E * sizeof *es->src);
    es->dst = malloc((size_t)E * sizeof *es->dst);
    // E distinct ids of U*M by selection sampling: ascending, so in (user, movie) order.
    RtRng rng;
    rt_rng_seed(&rng, seed);
    uint64_t pop = (uint64_t)U * (uint64_t)M, need = (uint64_t)E;
    int64_t n = 0;
    for (uint64_t id = 0; id < pop && need; id++) {
        if (rt_rng_below(&rng, pop - id) < need) {
            es->src[n] = (int32_t)(id / (uint64_t)M);
            es->dst[n] = (int32_t)(id % (uint64_t)M);
            n++;
            need--;
        }
    }
    if (!sorted) {
        for (int64_t i = E - 1; i > 0; i--) {
            int64_t j = (int64_t)rt_rng_below(&rng, (uint64_t)i + 1);
            int32_t t = es->src[i];
            es->src[i] = es->src[j];
            es->src[j] = t;
            t = es->dst[i];
            es->dst[i] = es->dst[j];
            es->dst[j] = t;
        }
    }
    RtError err = {0};
    if (rt_graph_to_undirected(g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        failures++;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_split_ref ML_SMALL_DIR\n");
        return 2;
    }
    RtSplitConfig cfg, no_disjoint, train_neg;
    rt_split_defaults(&cfg);
    no_disjoint = cfg;
    no_disjoint.disjoint_frac = 0.0;
    train_neg = cfg;
    train_neg.add_neg_train = 1;

    RtGraph g;
    RtError err = {0};
    if (rt_movielens_load(argv[1], &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    compare("ml-latest-small seed 0", &g, &cfg, 0);
    compare("ml-latest-small seed 5, no disjoint part", &g, &no_disjoint, 5);
    compare("ml-latest-small seed 9, train negatives", &g, &train_neg, 9);
    rt_graph_free(&g);

    // Sparse: rejection sampling with a set of drawn ids; sorted and shuffled edge lists.
    random_graph(&g, 3000, 1200, 200000, 1, 1);
    compare("random sparse, sorted", &g, &cfg, 2);
    rt_graph_free(&g);
    random_graph(&g, 3000, 1200, 200000, 0, 3);
    compare("random sparse, shuffled", &g, &train_neg, 4);
    rt_graph_free(&g);
    // Density 2/3: the sample is over half the population (a partial Fisher-Yates pool).
    random_graph(&g, 20, 30, 400, 0, 5);
    compare("dense 2/3 (pool)", &g, &cfg, 6);
    rt_graph_free(&g);
    // Density 11/12: the whole population, three rounds, fewer negatives than asked for.
    random_graph(&g, 20, 30, 550, 1, 7);
    compare("dense 11/12 (take all)", &g, &no_disjoint, 8);
    rt_graph_free(&g);

    // A reverse type that is not the split type's edges swapped is refused.
    random_graph(&g, 50, 40, 500, 1, 9);
    g.edges[1].src = malloc(500 * sizeof(int32_t));
    memcpy(g.edges[1].src, g.edges[0].dst, 500 * sizeof(int32_t));
    g.edges[1].src[7] ^= 1;
    g.edges[1].borrowed = 0;
    g.edges[1].dst = malloc(500 * sizeof(int32_t));
    memcpy(g.edges[1].dst, g.edges[0].src, 500 * sizeof(int32_t));
    RtSplit s;
    CHECK(rt_split_link(&g, 0, &cfg, 0, &s, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "error: movie__rev_rates__user does not hold the edges of "
                      "user__rates__movie swapped") == 0);
    rt_graph_free(&g);
    return check_done("test_split_ref");
}
