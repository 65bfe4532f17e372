// test_split.c — RandomLinkSplit: the spec's counts on ml-latest-small, its invariants (disjoint
// train parts, val/test positives never pass messages where they are supervised, fixed negatives
// unique true negatives), the worked example's counts, reproducibility, and the dense-graph case.
// Usage: test_split ML_SMALL_DIR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "movielens.h"
#include "split.h"

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int has_pair(const uint64_t *sorted, int64_t n, uint64_t id) {
    return bsearch(&id, sorted, (size_t)n, sizeof id, cmp_u64) != NULL;
}

static void test_bundled(const char *dir) {
    RtGraph g;
    RtError err = {0};
    if (rt_movielens_load(dir, &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    RtSplitConfig cfg;
    rt_split_defaults(&cfg);
    RtSplit s;
    CHECK(rt_split_link(&g, 0, &cfg, 0, &s, &err) == 0);
    const RtSplitPart *tr = &s.part[RT_SPLIT_TRAIN], *va = &s.part[RT_SPLIT_VAL],
                      *te = &s.part[RT_SPLIT_TEST];
    CHECK(s.edge_type == 0 && s.rev_type == 1 && s.n_edges == 100836);
    CHECK(tr->n_mp == 56469 && tr->n_pos == 24201 && tr->n_labels == 24201);
    CHECK(va->n_mp == 80670 && va->n_pos == 10083 && va->n_labels == 30249);
    CHECK(te->n_mp == 90753 && te->n_pos == 10083 && te->n_labels == 30249);
    CHECK(s.n_neg_requested == 40332 && s.n_neg_found == 40332);

    // perm is a permutation; each edge's role per part.
    int64_t E = s.n_edges, M = g.nodes[1].count;
    char *seen = calloc((size_t)E, 1), *tr_mp = calloc((size_t)E, 1), *va_mp = calloc((size_t)E, 1),
         *te_mp = calloc((size_t)E, 1);
    for (int64_t i = 0; i < E; i++)
        seen[s.perm[i]]++;
    int perm_ok = 1;
    for (int64_t i = 0; i < E; i++)
        perm_ok &= seen[i] == 1;
    CHECK(perm_ok);
    for (int64_t i = 0; i < tr->n_mp; i++)
        tr_mp[tr->mp_eid[i]] = 1;
    for (int64_t i = 0; i < va->n_mp; i++)
        va_mp[va->mp_eid[i]] = 1;
    for (int64_t i = 0; i < te->n_mp; i++)
        te_mp[te->mp_eid[i]] = 1;
    // Positives are edges of the graph identified by (src, dst); ml-latest-small has no duplicate
    // pairs, so a pair names one edge position.
    uint64_t *pairs = malloc((size_t)E * sizeof *pairs);
    for (int64_t i = 0; i < E; i++)
        pairs[i] = (uint64_t)g.edges[0].src[i] * (uint64_t)M + (uint64_t)g.edges[0].dst[i];
    uint64_t *sorted = malloc((size_t)E * sizeof *sorted);
    memcpy(sorted, pairs, (size_t)E * sizeof *sorted);
    qsort(sorted, (size_t)E, sizeof *sorted, cmp_u64);
    int dup = 0;
    for (int64_t i = 1; i < E; i++)
        dup += sorted[i] == sorted[i - 1];
    CHECK(dup == 0);
    // Map pair -> edge position via the perm-independent sorted order.
    int64_t *pos_of = malloc((size_t)E * sizeof *pos_of);
    {
        int64_t *idx = malloc((size_t)E * sizeof *idx);
        for (int64_t i = 0; i < E; i++) {
            uint64_t *hit = bsearch(&pairs[i], sorted, (size_t)E, sizeof *sorted, cmp_u64);
            idx[hit - sorted] = i;
        }
        memcpy(pos_of, idx, (size_t)E * sizeof *idx);
        free(idx);
    }
    char *role = calloc((size_t)E, 1);   // 1 train supervision, 2 val positive, 3 test positive
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        const RtSplitPart *pt = &s.part[p];
        int ok = 1;
        for (int64_t i = 0; i < pt->n_pos; i++) {
            uint64_t id = (uint64_t)pt->label_src[i] * (uint64_t)M + (uint64_t)pt->label_dst[i];
            uint64_t *hit = bsearch(&id, sorted, (size_t)E, sizeof *sorted, cmp_u64);
            ok &= hit != NULL && pt->label[i] == 1.0f;
            if (!hit)
                continue;
            int64_t e = pos_of[hit - sorted];
            ok &= role[e] == 0;
            role[e] = (char)(p + 1);
        }
        CHECK(ok);
    }
    int disjoint = 1, val_clean = 1, test_clean = 1, val_mp_is_train = 1, covered = 1;
    for (int64_t e = 0; e < E; e++) {
        disjoint &= !(role[e] == 1 && tr_mp[e]);            // train supervision vs train mp
        val_clean &= !(role[e] == 2 && (tr_mp[e] || va_mp[e]));
        test_clean &= !(role[e] == 3 && (tr_mp[e] || va_mp[e] || te_mp[e]));
        val_mp_is_train &= va_mp[e] == (role[e] == 1 || tr_mp[e]);
        covered &= (role[e] != 0) + tr_mp[e] == 1;           // every edge exactly one train role
        covered &= te_mp[e] == (role[e] != 3);
    }
    CHECK(disjoint);
    CHECK(val_clean);
    CHECK(test_clean);
    CHECK(val_mp_is_train);
    CHECK(covered);

    // Fixed negatives: 20166 per eval part, label 0, unique across both, never an edge.
    int64_t nn = 0;
    uint64_t *neg = malloc(40332 * sizeof *neg);
    int neg_ok = 1;
    for (int p = RT_SPLIT_VAL; p <= RT_SPLIT_TEST; p++) {
        const RtSplitPart *pt = &s.part[p];
        CHECK(pt->n_labels - pt->n_pos == 20166);
        for (int64_t i = pt->n_pos; i < pt->n_labels; i++) {
            neg_ok &= pt->label[i] == 0.0f && pt->label_src[i] >= 0 && pt->label_src[i] < 610 &&
                      pt->label_dst[i] >= 0 && pt->label_dst[i] < M;
            uint64_t id = (uint64_t)pt->label_src[i] * (uint64_t)M + (uint64_t)pt->label_dst[i];
            neg_ok &= !has_pair(sorted, E, id);
            if (nn < 40332)
                neg[nn++] = id;
        }
    }
    CHECK(neg_ok);
    CHECK(nn == 40332);
    qsort(neg, (size_t)nn, sizeof *neg, cmp_u64);
    int neg_unique = 1;
    for (int64_t i = 1; i < nn; i++)
        neg_unique &= neg[i] != neg[i - 1];
    CHECK(neg_unique);
    // Negatives are not tied to positives: they reach many users and movies (distributional).
    char *users = calloc(610, 1);
    int n_users = 0;
    for (int64_t i = va->n_pos; i < va->n_labels; i++)
        if (!users[va->label_src[i]]++)
            n_users++;
    CHECK(n_users == 610);
    free(users);

    // Same seed, same split; another seed, another one.
    RtSplit s2, s3;
    CHECK(rt_split_link(&g, 0, &cfg, 0, &s2, &err) == 0);
    CHECK(memcmp(s.perm, s2.perm, (size_t)E * sizeof *s.perm) == 0);
    CHECK(memcmp(va->label_dst, s2.part[RT_SPLIT_VAL].label_dst, 30249 * sizeof(int32_t)) == 0);
    CHECK(rt_split_link(&g, 0, &cfg, 1, &s3, &err) == 0);
    CHECK(memcmp(s.perm, s3.perm, (size_t)E * sizeof *s.perm) != 0);
    CHECK(memcmp(va->label_dst + 10083, s3.part[RT_SPLIT_VAL].label_dst + 10083,
                 20166 * sizeof(int32_t)) != 0);
    CHECK(s3.part[RT_SPLIT_TRAIN].n_mp == 56469);

    // Without a disjoint part, train supervises on every train edge, which also passes messages.
    RtSplitConfig c0 = cfg;
    c0.disjoint_frac = 0;
    RtSplit s4;
    CHECK(rt_split_link(&g, 0, &c0, 0, &s4, &err) == 0);
    CHECK(s4.part[0].n_mp == 80670 && s4.part[0].n_pos == 80670);
    // LightGCN's split (disjoint 0, neg_ratio 1, examples/lightgcn.hgnn): val's and test's
    // positives and message-passing edges are the tutorial's, for the same seed; train's
    // message passing is the tutorial's train edges, all of them positives.
    c0.neg_ratio = 1.0;
    RtSplit s6;
    CHECK(rt_split_link(&g, 0, &c0, 0, &s6, &err) == 0);
    for (int p = RT_SPLIT_VAL; p <= RT_SPLIT_TEST; p++) {
        const RtSplitPart *a = &s.part[p], *b = &s6.part[p];
        CHECK(a->n_pos == b->n_pos && a->n_mp == b->n_mp && b->n_labels == 2 * b->n_pos);
        CHECK(memcmp(a->label_src, b->label_src, (size_t)a->n_pos * sizeof(int32_t)) == 0);
        CHECK(memcmp(a->label_dst, b->label_dst, (size_t)a->n_pos * sizeof(int32_t)) == 0);
        CHECK(memcmp(a->mp_eid, b->mp_eid, (size_t)a->n_mp * sizeof(int32_t)) == 0);
    }
    CHECK(s6.part[0].n_mp == s.part[RT_SPLIT_VAL].n_mp && s6.part[0].n_labels == 80670);
    int64_t same_train = 0;
    for (int64_t i = 0; i < 80670; i++)  // train positives in perm order = its mp edges
        same_train += s6.part[0].label_src[i] == g.edges[0].src[s6.part[0].mp_eid[i]] &&
                      s6.part[0].label_dst[i] == g.edges[0].dst[s6.part[0].mp_eid[i]];
    CHECK(same_train == 80670);
    rt_split_free(&s6);
    // add_negative_train_samples: floor(24201 * 2) train negatives after val's and test's.
    RtSplitConfig c1 = cfg;
    c1.add_neg_train = 1;
    RtSplit s5;
    CHECK(rt_split_link(&g, 0, &c1, 0, &s5, &err) == 0);
    CHECK(s5.part[0].n_labels == 24201 + 48402 && s5.n_neg_found == 40332 + 48402);

    rt_split_free(&s);
    rt_split_free(&s2);
    rt_split_free(&s3);
    rt_split_free(&s4);
    rt_split_free(&s5);
    free(seen);
    free(tr_mp);
    free(va_mp);
    free(te_mp);
    free(pairs);
    free(sorted);
    free(pos_of);
    free(role);
    free(neg);
    rt_graph_free(&g);
}

// A hand-made bipartite graph with n_u users, n_m movies and the given edges.
static void make_graph(RtGraph *g, int n_u, int n_m, const int32_t *src, const int32_t *dst,
                       int n) {
    memset(g, 0, sizeof *g);
    g->n_node_types = 2;
    g->n_edge_types = 1;
    strcpy(g->nodes[0].name, "user");
    strcpy(g->nodes[1].name, "movie");
    g->nodes[0].count = n_u;
    g->nodes[1].count = n_m;
    RtEdgeStore *e = &g->edges[0];
    strcpy(e->name, "user__rates__movie");
    strcpy(e->rel, "rates");
    e->src_type = 0;
    e->dst_type = 1;
    e->reverse_of = -1;
    e->count = n;
    e->src = malloc((size_t)(n ? n : 1) * sizeof(int32_t));
    e->dst = malloc((size_t)(n ? n : 1) * sizeof(int32_t));
    if (n) {
        memcpy(e->src, src, (size_t)n * sizeof(int32_t));
        memcpy(e->dst, dst, (size_t)n * sizeof(int32_t));
    }
}

static void test_small(void) {
    RtSplitConfig cfg;
    rt_split_defaults(&cfg);
    RtError err = {0};
    // The spec's worked example: E=10 -> val 1, test 1, train 8, disjoint 2, 2 negatives each.
    int32_t src[10] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, dst[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 0};
    RtGraph g;
    make_graph(&g, 5, 5, src, dst, 10);
    RtSplit s;
    CHECK(rt_split_link(&g, 0, &cfg, 7, &s, &err) == 0);
    CHECK(s.part[0].n_mp == 6 && s.part[0].n_pos == 2 && s.part[0].n_labels == 2);
    CHECK(s.part[1].n_mp == 8 && s.part[1].n_pos == 1 && s.part[1].n_labels == 3);
    CHECK(s.part[2].n_mp == 9 && s.part[2].n_pos == 1 && s.part[2].n_labels == 3);
    CHECK(s.part[0].mp_eid == s.perm + 2 && s.part[1].mp_eid == s.perm);
    CHECK(s.part[1].label_src[0] == src[s.perm[8]] && s.part[2].label_dst[0] == dst[s.perm[9]]);
    rt_split_free(&s);
    rt_graph_free(&g);

    // Dense graph: 2x3 with 5 edges has one non-edge; 4 negatives are requested, 1 is found, and
    // PyG's scaling gives val floor(0.5 * 1) = 0 and test the remainder, 1.
    int32_t ds[5] = {0, 0, 0, 1, 1}, dd[5] = {0, 1, 2, 0, 1};
    make_graph(&g, 2, 3, ds, dd, 5);
    RtSplitConfig dc = cfg;
    dc.val_frac = 0.2;
    dc.test_frac = 0.2;
    CHECK(rt_split_link(&g, 0, &dc, 0, &s, &err) == 0);
    CHECK(s.n_neg_requested == 4 && s.n_neg_found == 1);
    CHECK(s.part[1].n_labels == 1 && s.part[2].n_labels == 2);
    CHECK(s.part[2].label_src[1] == 1 && s.part[2].label_dst[1] == 2 && s.part[2].label[1] == 0.0f);
    rt_split_free(&s);
    rt_graph_free(&g);

    // Errors: no edges; fractions out of range.
    make_graph(&g, 2, 2, NULL, NULL, 0);
    CHECK(rt_split_link(&g, 0, &cfg, 0, &s, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "error: user__rates__movie has 0 edges, too few for a train "
                                    "part with message passing") == 0);
    RtSplitConfig bad = cfg;
    bad.val_frac = 0.6;
    bad.test_frac = 0.5;
    CHECK(rt_split_link(&g, 0, &bad, 0, &s, &err) < 0);
    bad = cfg;
    bad.disjoint_frac = 1.0;
    CHECK(rt_split_link(&g, 0, &bad, 0, &s, &err) < 0);
    CHECK(rt_split_link(&g, 3, &cfg, 0, &s, &err) < 0);
    rt_graph_free(&g);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_split ML_SMALL_DIR\n");
        return 2;
    }
    test_bundled(argv[1]);
    test_small();
    return check_done("test_split");
}
