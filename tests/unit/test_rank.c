// test_rank.c — the ranking protocol (rank.c) against a naive transcription of docs/ranking.md:
// on small random score matrices with many ties and some NaNs, users without positives, excluded
// positives, duplicate pairs and K above the candidate count, every metric for the model and the
// popularity baseline equals the one computed here by a full insertion sort and the formulas
// written out; the embedding entry points (dot by GEMM, a score callback) agree with the dense
// one; and on a hand-built 3-user graph and split the popularity figures are checked by hand.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rank.h"

#define NEAR(a, b) near((a), (b))

static int near(double a, double b) { return fabs(a - b) <= 1e-12 || (isnan(a) && isnan(b)); }

static uint64_t rng_state = 12345;
static uint32_t rnd(void) {
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

static int in_list(const int32_t *a, int64_t n, int32_t v) {
    for (int64_t i = 0; i < n; i++)
        if (a[i] == v)
            return 1;
    return 0;
}

static float key(float s) { return isnan(s) ? -INFINITY : s; }

// The naive protocol: candidates = items not in the user's seen pairs, insertion-sorted by
// (score desc, item asc); metrics straight from the formulas in docs/ranking.md.
static void naive(int64_t nu, int64_t ni, const float *scores, int64_t ns, const int32_t *su,
                  const int32_t *si, int64_t np, const int32_t *pu, const int32_t *pi,
                  const int32_t *ks, int32_t nk, RtRankMetrics *m, int64_t *users_out) {
    memset(m, 0, (size_t)nk * sizeof *m);
    char *covered = calloc((size_t)(nk * ni), 1);
    int32_t *cand = malloc((size_t)ni * sizeof *cand);
    int32_t *pos = malloc((size_t)(np + 1) * sizeof *pos);
    int64_t users = 0;
    for (int32_t u = 0; u < nu; u++) {
        int64_t npos = 0;
        for (int64_t i = 0; i < np; i++)
            if (pu[i] == u && !in_list(pos, npos, pi[i]))
                pos[npos++] = pi[i];
        if (npos == 0)
            continue;
        users++;
        int64_t nc = 0;
        for (int32_t it = 0; it < ni; it++) {
            int seen = 0;
            for (int64_t i = 0; i < ns; i++)
                seen |= su[i] == u && si[i] == it;
            if (!seen)
                cand[nc++] = it;
        }
        const float *row = scores + (int64_t)u * ni;
        for (int64_t i = 1; i < nc; i++)
            for (int64_t j = i; j > 0; j--) {
                float a = key(row[cand[j - 1]]), b = key(row[cand[j]]);
                if (b > a || (b == a && cand[j] < cand[j - 1])) {
                    int32_t t = cand[j];
                    cand[j] = cand[j - 1];
                    cand[j - 1] = t;
                }
            }
        for (int32_t j = 0; j < nk; j++) {
            int k = ks[j];
            double hits = 0, dcg = 0, idcg = 0, ap = 0;
            for (int i = 0; i < k && i < nc; i++) {
                covered[j * ni + cand[i]] = 1;
                if (in_list(pos, npos, cand[i])) {
                    hits += 1;
                    dcg += 1 / log2(i + 2.0);
                    ap += hits / (i + 1);
                }
            }
            for (int i = 0; i < k && i < npos; i++)
                idcg += 1 / log2(i + 2.0);
            m[j].recall += hits / npos;
            m[j].precision += hits / k;
            m[j].ndcg += dcg / idcg;
            m[j].map += ap / (npos < k ? npos : k);
            m[j].hit_rate += hits > 0 ? 1 : 0;
        }
    }
    for (int32_t j = 0; j < nk; j++) {
        m[j].k = ks[j];
        m[j].recall /= users, m[j].precision /= users, m[j].ndcg /= users, m[j].map /= users;
        m[j].hit_rate /= users;
        int c = 0;
        for (int64_t i = 0; i < ni; i++)
            c += covered[j * ni + i];
        m[j].coverage = (double)c / ni;
    }
    *users_out = users;
    free(covered), free(cand), free(pos);
}

static int same(const RtRankMetrics *a, const RtRankMetrics *b) {
    return a->k == b->k && NEAR(a->recall, b->recall) && NEAR(a->precision, b->precision) &&
           NEAR(a->ndcg, b->ndcg) && NEAR(a->map, b->map) && NEAR(a->hit_rate, b->hit_rate) &&
           NEAR(a->coverage, b->coverage);
}

typedef struct Emb {
    const float *u, *it;
    int32_t dim;
} Emb;

// A score callback: the dot product written out.
static void dot_score(void *ctx, int64_t n, const int32_t *users, const int32_t *items,
                      const float *user_emb, const float *item_emb, float *scores) {
    const Emb *e = ctx;
    CHECK(user_emb == e->u && item_emb == e->it);
    for (int64_t i = 0; i < n; i++) {
        float s = 0;
        for (int32_t d = 0; d < e->dim; d++)
            s += user_emb[users[i] * e->dim + d] * item_emb[items[i] * e->dim + d];
        scores[i] = s;
    }
}

static void random_case(int trial) {
    int64_t nu = 1 + rnd() % 12, ni = 1 + rnd() % 15;
    int64_t ns = rnd() % (nu * ni + 1), np = rnd() % (nu * 3 + 1);
    float *sc = malloc((size_t)(nu * ni) * sizeof *sc);
    int32_t *su = malloc((size_t)(ns + 1) * 4), *si = malloc((size_t)(ns + 1) * 4);
    int32_t *pu = malloc((size_t)(np + 1) * 4), *pi = malloc((size_t)(np + 1) * 4);
    for (int64_t i = 0; i < nu * ni; i++)   // few distinct values: many ties; a few NaNs
        sc[i] = rnd() % 23 == 0 ? NAN : (float)(rnd() % 4) - 1.5f;
    for (int64_t i = 0; i < ns; i++)
        su[i] = (int32_t)(rnd() % nu), si[i] = (int32_t)(rnd() % ni);
    for (int64_t i = 0; i < np; i++)        // users drawn from the first half only: some have none
        pu[i] = (int32_t)(rnd() % ((nu + 1) / 2)), pi[i] = (int32_t)(rnd() % ni);
    int32_t ks[] = {1, 2, 3, 5, 20};        // 20 exceeds every candidate count
    int32_t nk = 5;
    RtRankSet rs;
    RtError err;
    CHECK(rt_rank_set_build(&rs, nu, ni, ns, su, si, np, pu, pi, &err) == 0);
    RtRankReport rep;
    CHECK(rt_rank_eval_scores(&rs, sc, ks, nk, &rep, &err) == 0);
    RtRankMetrics want[5];
    int64_t users;
    naive(nu, ni, sc, ns, su, si, np, pu, pi, ks, nk, want, &users);
    CHECK(rep.n_users == users);
    for (int32_t j = 0; j < nk; j++)
        if (users > 0 && !same(&rep.model[j], &want[j])) {
            fprintf(stderr, "  trial %d, K %d: model recall %g/%g ndcg %g/%g map %g/%g\n", trial,
                    ks[j], rep.model[j].recall, want[j].recall, rep.model[j].ndcg, want[j].ndcg,
                    rep.model[j].map, want[j].map);
            failures++;
        }
    // Popularity: the naive ranking of a matrix whose every row is the items' degrees.
    for (int64_t u = 0; u < nu; u++)
        for (int64_t i = 0; i < ni; i++) {
            int d = 0;
            for (int64_t e = 0; e < ns; e++)
                d += si[e] == i;
            sc[u * ni + i] = (float)d;
        }
    naive(nu, ni, sc, ns, su, si, np, pu, pi, ks, nk, want, &users);
    for (int32_t j = 0; j < nk; j++)
        if (users > 0 && !same(&rep.popularity[j], &want[j])) {
            fprintf(stderr, "  trial %d, K %d: popularity differs\n", trial, ks[j]);
            failures++;
        }
    // Embeddings: the GEMM path and the callback path give the dense path's figures.
    int32_t dim = 1 + (int32_t)(rnd() % 5);
    float *ue = malloc((size_t)(nu * dim) * sizeof *ue), *ie = malloc((size_t)(ni * dim) * 4);
    for (int64_t i = 0; i < nu * dim; i++)  // small integers: exact products, ties kept
        ue[i] = (float)(rnd() % 3) - 1;
    for (int64_t i = 0; i < ni * dim; i++)
        ie[i] = (float)(rnd() % 3) - 1;
    for (int64_t u = 0; u < nu; u++)
        for (int64_t i = 0; i < ni; i++) {
            float s = 0;
            for (int32_t d = 0; d < dim; d++)
                s += ue[u * dim + d] * ie[i * dim + d];
            sc[u * ni + i] = s;
        }
    RtRankReport a, b, c;
    Emb e = {ue, ie, dim};
    CHECK(rt_rank_eval_scores(&rs, sc, ks, nk, &a, &err) == 0);
    CHECK(rt_rank_eval_embeddings(&rs, ue, ie, dim, NULL, NULL, ks, nk, &b, &err) == 0);
    CHECK(rt_rank_eval_embeddings(&rs, ue, ie, dim, dot_score, &e, ks, nk, &c, &err) == 0);
    naive(nu, ni, sc, ns, su, si, np, pu, pi, ks, nk, want, &users);
    for (int32_t j = 0; j < nk && users > 0; j++) {
        CHECK(same(&a.model[j], &want[j]));
        CHECK(same(&b.model[j], &want[j]));
        CHECK(same(&c.model[j], &want[j]));
    }
    rt_rank_set_free(&rs);
    free(sc), free(su), free(si), free(pu), free(pi), free(ue), free(ie);
}

// rt_rank_top_k alone: ties to the lower index, NaN last, excluded items skipped, K above the
// candidate count gives every candidate.
static void top_k_cases(void) {
    float row[] = {1, 3, 3, NAN, 2, 3, -INFINITY};
    int32_t ex[] = {2}, top[8];
    CHECK(rt_rank_top_k(row, 7, ex, 1, 3, top) == 3);
    CHECK(top[0] == 1 && top[1] == 5 && top[2] == 4);
    CHECK(rt_rank_top_k(row, 7, ex, 1, 8, top) == 6);
    CHECK(top[0] == 1 && top[1] == 5 && top[2] == 4 && top[3] == 0 && top[4] == 3 &&
          top[5] == 6);
    CHECK(rt_rank_top_k(row, 7, NULL, 0, 0, top) == 0);
}

// A hand-checked split: 3 users, 4 items. Part's message-passing edges (u, i): (0,0) (1,0) (2,0)
// (0,1) (1,1) (2,2); degrees 3, 2, 1, 0, so popularity ranks 0, 1, 2, 3. Positives: user 0 {2},
// user 1 {3, 2}, user 2 none (a label 0 for (2,3) is not a positive).
//   user 0: candidates 2, 3 -> top [2, 3]; user 1: candidates 2, 3 -> top [2, 3].
//   @1: recall (1 + 1/2)/2 = 0.75, precision 1, ndcg (1 + 1)/2 = 1, map 1, hit 1, coverage 1/4.
//   @2: recall 1, precision (1/2 + 1)/2 = 0.75, ndcg (1 + 1)/2 = 1, map (1 + 1)/2 = 1,
//       coverage 2/4.
static void hand_checked(void) {
    int32_t src[] = {0, 1, 2, 0, 1, 2}, dst[] = {0, 0, 0, 1, 1, 2};
    RtGraph g;
    memset(&g, 0, sizeof g);
    g.n_node_types = 2;
    g.n_edge_types = 1;
    g.nodes[0].count = 3;
    g.nodes[1].count = 4;
    g.edges[0] = (RtEdgeStore){.src_type = 0, .dst_type = 1, .count = 6, .src = src, .dst = dst};
    RtSplit s;
    memset(&s, 0, sizeof s);
    int32_t eid[] = {5, 4, 3, 2, 1, 0};
    int32_t lsrc[] = {0, 1, 1, 2}, ldst[] = {2, 3, 2, 3};
    float lab[] = {1, 1, 1, 0};
    s.part[RT_SPLIT_TEST] = (RtSplitPart){.n_mp = 6, .mp_eid = eid, .n_pos = 3, .n_labels = 4,
                                          .label_src = lsrc, .label_dst = ldst, .label = lab};
    RtRankSet rs;
    RtError err;
    CHECK(rt_rank_set_from_split(&rs, &g, &s, RT_SPLIT_TEST, &err) == 0);
    CHECK(rs.degree[0] == 3 && rs.degree[1] == 2 && rs.degree[2] == 1 && rs.degree[3] == 0);
    // The model's scores put item 3 first for everyone.
    float sc[12] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    int32_t ks[] = {1, 2};
    RtRankReport r;
    CHECK(rt_rank_eval_scores(&rs, sc, ks, 2, &r, &err) == 0);
    CHECK(r.n_users == 2);
    const RtRankMetrics *p = r.popularity;
    CHECK(NEAR(p[0].recall, 0.75) && NEAR(p[0].precision, 1) && NEAR(p[0].ndcg, 1));
    CHECK(NEAR(p[0].map, 1) && NEAR(p[0].hit_rate, 1) && NEAR(p[0].coverage, 0.25));
    CHECK(NEAR(p[1].recall, 1) && NEAR(p[1].precision, 0.75) && NEAR(p[1].ndcg, 1));
    CHECK(NEAR(p[1].map, 1) && NEAR(p[1].hit_rate, 1) && NEAR(p[1].coverage, 0.5));
    // Model @1: user 0 top [3] miss, user 1 top [3] hit: recall (0 + 1/2)/2, precision 1/2.
    // @2: user 0 [3, 2]: hit at 2, ndcg (1/log2 3)/1, map (1/2)/1; user 1 [3, 2]: both, ndcg 1.
    const RtRankMetrics *m = r.model;
    CHECK(NEAR(m[0].recall, 0.25) && NEAR(m[0].precision, 0.5) && NEAR(m[0].hit_rate, 0.5));
    CHECK(NEAR(m[1].ndcg, (1 / log2(3.0) + 1) / 2) && NEAR(m[1].map, (0.5 + 1) / 2));
    rt_rank_set_free(&rs);
}

static void bad_inputs(void) {
    RtRankSet rs;
    RtError err;
    int32_t u[] = {0}, i[] = {5};
    CHECK(rt_rank_set_build(&rs, 1, 5, 1, u, i, 0, NULL, NULL, &err) == -1);
    int32_t ks[RT_RANK_MAX_KS];
    CHECK(rt_rank_parse_ks("10,20", ks, &err) == 2 && ks[0] == 10 && ks[1] == 20);
    CHECK(rt_rank_parse_ks("0", ks, &err) == -1);
    CHECK(rt_rank_parse_ks("10,", ks, &err) == -1);
    CHECK(rt_rank_parse_ks("x", ks, &err) == -1);
    CHECK(rt_rank_parse_ks("-3", ks, &err) == -1);
    CHECK(strstr(err.msg, "'-3'") != NULL);
}

int main(void) {
    top_k_cases();
    hand_checked();
    bad_inputs();
    for (int t = 0; t < 400; t++)
        random_case(t);
    return check_done("test_rank");
}
