// rank.c — full-catalogue ranking evaluation (docs/ranking.md). Takes a split part's excluded and
// positive (user, item) pairs and a score per (user, item); yields Recall, Precision, NDCG, MAP,
// HitRate@K and coverage for the model and for the popularity baseline. Each user's top K comes
// from a bounded heap over the candidates, so a user costs O(items log K), not a full sort.
#include "rank.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

// Groups n (user, item) pairs by user into a CSR of sorted, distinct items.
static int build_csr(int64_t n_users, int64_t n, const int32_t *u, const int32_t *it,
                     int64_t **ptr_out, int32_t **items_out) {
    int64_t *ptr = calloc((size_t)n_users + 1, sizeof *ptr);
    int32_t *items = malloc((size_t)(n > 0 ? n : 1) * sizeof *items);
    int64_t *fill = malloc((size_t)(n_users > 0 ? n_users : 1) * sizeof *fill);
    if (!ptr || !items || !fill) {
        free(ptr), free(items), free(fill);
        return -1;
    }
    for (int64_t i = 0; i < n; i++)
        ptr[u[i] + 1]++;
    for (int64_t v = 0; v < n_users; v++)
        ptr[v + 1] += ptr[v];
    memcpy(fill, ptr, (size_t)n_users * sizeof *fill);
    for (int64_t i = 0; i < n; i++)
        items[fill[u[i]]++] = it[i];
    // Sort each user's run and drop duplicates, compacting in place.
    int64_t w = 0;
    for (int64_t v = 0; v < n_users; v++) {
        int64_t lo = ptr[v], hi = ptr[v + 1];
        qsort(items + lo, (size_t)(hi - lo), sizeof *items, cmp_i32);
        ptr[v] = w;
        for (int64_t i = lo; i < hi; i++)
            if (i == lo || items[i] != items[i - 1])
                items[w++] = items[i];
    }
    ptr[n_users] = w;
    free(fill);
    *ptr_out = ptr;
    *items_out = items;
    return 0;
}

static int check_ids(int64_t n, const int32_t *u, const int32_t *it, int64_t n_users,
                     int64_t n_items, const char *what, RtError *err) {
    for (int64_t i = 0; i < n; i++)
        if (u[i] < 0 || u[i] >= n_users || it[i] < 0 || it[i] >= n_items)
            return rt_err(err, NULL, 0, "%s pair %lld (%d, %d) outside %lld users x %lld items",
                          what, (long long)i, u[i], it[i], (long long)n_users, (long long)n_items);
    return 0;
}

int rt_rank_set_build(RtRankSet *rs, int64_t n_users, int64_t n_items, int64_t n_seen,
                      const int32_t *seen_user, const int32_t *seen_item, int64_t n_pos,
                      const int32_t *pos_user, const int32_t *pos_item, RtError *err) {
    memset(rs, 0, sizeof *rs);
    if (check_ids(n_seen, seen_user, seen_item, n_users, n_items, "excluded", err) < 0 ||
        check_ids(n_pos, pos_user, pos_item, n_users, n_items, "positive", err) < 0)
        return -1;
    rs->n_users = n_users;
    rs->n_items = n_items;
    rs->degree = calloc((size_t)(n_items > 0 ? n_items : 1), sizeof *rs->degree);
    if (!rs->degree || build_csr(n_users, n_seen, seen_user, seen_item, &rs->seen_ptr,
                                 &rs->seen) < 0 ||
        build_csr(n_users, n_pos, pos_user, pos_item, &rs->pos_ptr, &rs->pos) < 0) {
        rt_rank_set_free(rs);
        return rt_err(err, NULL, 0, "out of memory");
    }
    // Popularity counts edges, duplicates included, as torch.bincount over the graph's edges.
    for (int64_t i = 0; i < n_seen; i++)
        rs->degree[seen_item[i]]++;
    return 0;
}

int rt_rank_set_from_split(RtRankSet *rs, const RtGraph *g, const RtSplit *s, int part,
                           RtError *err) {
    const RtEdgeStore *e = &g->edges[s->edge_type];
    const RtSplitPart *p = &s->part[part];
    int64_t n = p->n_mp;
    int32_t *su = malloc((size_t)(n > 0 ? n : 1) * sizeof *su);
    int32_t *si = malloc((size_t)(n > 0 ? n : 1) * sizeof *si);
    if (!su || !si) {
        free(su), free(si);
        memset(rs, 0, sizeof *rs);
        return rt_err(err, NULL, 0, "out of memory");
    }
    for (int64_t i = 0; i < n; i++) {
        su[i] = e->src[p->mp_eid[i]];
        si[i] = e->dst[p->mp_eid[i]];
    }
    int rc = rt_rank_set_build(rs, g->nodes[e->src_type].count, g->nodes[e->dst_type].count, n,
                               su, si, p->n_pos, p->label_src, p->label_dst, err);
    free(su), free(si);
    return rc;
}

void rt_rank_set_free(RtRankSet *rs) {
    free(rs->seen_ptr), free(rs->seen), free(rs->pos_ptr), free(rs->pos), free(rs->degree);
    memset(rs, 0, sizeof *rs);
}

// Whether (score a, item ia) ranks before (b, ib): higher score, then lower index; NaN is -inf.
static int before(float a, int32_t ia, float b, int32_t ib) {
    if (isnan(a))
        a = -INFINITY;
    if (isnan(b))
        b = -INFINITY;
    return a > b || (a == b && ia < ib);
}

// Min-heap on `before`: the root is the worst of the kept items, replaced by a better one.
static void sift_down(int32_t *h, int64_t n, int64_t i, const float *row) {
    for (;;) {
        int64_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && before(row[h[w]], h[w], row[h[l]], h[l]))
            w = l;
        if (r < n && before(row[h[w]], h[w], row[h[r]], h[r]))
            w = r;
        if (w == i)
            return;
        int32_t t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void sift_up(int32_t *h, int64_t i, const float *row) {
    while (i > 0) {
        int64_t p = (i - 1) / 2;
        if (!before(row[h[p]], h[p], row[h[i]], h[i]))
            return;
        int32_t t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

int64_t rt_rank_top_k(const float *row, int64_t n_items, const int32_t *exclude,
                      int64_t n_exclude, int64_t k, int32_t *top) {
    int64_t n = 0, x = 0;
    for (int32_t i = 0; i < n_items; i++) {
        while (x < n_exclude && exclude[x] < i)
            x++;
        if (x < n_exclude && exclude[x] == i)
            continue;
        if (n < k) {
            top[n] = i;
            sift_up(top, n++, row);
        } else if (k > 0 && before(row[i], i, row[top[0]], top[0])) {
            top[0] = i;
            sift_down(top, n, 0, row);
        }
    }
    // Heap order to best first: repeatedly move the worst to the end.
    for (int64_t m = n; m > 1; m--) {
        int32_t t = top[0];
        top[0] = top[m - 1];
        top[m - 1] = t;
        sift_down(top, m - 1, 0, row);
    }
    return n;
}

static int has(const int32_t *sorted, int64_t n, int32_t v) {
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && sorted[lo] == v;
}

// Adds one user's top list to the sums of each K (docs/ranking.md gives the formulas).
static void score_user(const int32_t *top, int64_t n_top, const int32_t *pos, int64_t n_pos,
                       const int32_t *ks, int32_t n_k, RtRankMetrics *sum, unsigned char *seen_k,
                       int64_t n_items) {
    for (int32_t j = 0; j < n_k; j++) {
        int64_t k = ks[j], hits = 0;
        double dcg = 0, idcg = 0, ap = 0;
        for (int64_t i = 0; i < k && i < n_top; i++) {
            seen_k[(int64_t)j * n_items + top[i]] = 1;
            if (has(pos, n_pos, top[i])) {
                hits++;
                dcg += 1.0 / log2((double)i + 2);
                ap += (double)hits / (double)(i + 1);
            }
        }
        for (int64_t i = 0; i < k && i < n_pos; i++)
            idcg += 1.0 / log2((double)i + 2);
        sum[j].recall += (double)hits / (double)n_pos;
        sum[j].precision += (double)hits / (double)k;
        sum[j].ndcg += dcg / idcg;
        sum[j].map += ap / (double)(n_pos < k ? n_pos : k);
        sum[j].hit_rate += hits > 0;
    }
}

typedef struct PopCtx {
    const RtRankSet *rs;
} PopCtx;

static void popularity_row(void *ctx, int64_t user, float *row) {
    const RtRankSet *rs = ((PopCtx *)ctx)->rs;
    (void)user;
    for (int64_t i = 0; i < rs->n_items; i++)
        row[i] = (float)rs->degree[i];
}

// One ranking (model or popularity) into m[0..n_k).
static int eval_one(const RtRankSet *rs, RtRankRowFn *row_fn, void *ctx, const int32_t *ks,
                    int32_t n_k, int64_t max_k, RtRankMetrics *m, int64_t *n_users,
                    RtError *err) {
    float *row = malloc((size_t)(rs->n_items > 0 ? rs->n_items : 1) * sizeof *row);
    int32_t *top = malloc((size_t)max_k * sizeof *top);
    unsigned char *in_top = calloc((size_t)n_k * (size_t)(rs->n_items > 0 ? rs->n_items : 1), 1);
    if (!row || !top || !in_top) {
        free(row), free(top), free(in_top);
        return rt_err(err, NULL, 0, "out of memory");
    }
    memset(m, 0, (size_t)n_k * sizeof *m);
    int64_t users = 0;
    for (int64_t u = 0; u < rs->n_users; u++) {
        int64_t np = rs->pos_ptr[u + 1] - rs->pos_ptr[u];
        if (np == 0)
            continue;
        row_fn(ctx, u, row);
        int64_t ns = rs->seen_ptr[u + 1] - rs->seen_ptr[u];
        int64_t nt = rt_rank_top_k(row, rs->n_items, rs->seen + rs->seen_ptr[u], ns, max_k, top);
        score_user(top, nt, rs->pos + rs->pos_ptr[u], np, ks, n_k, m, in_top, rs->n_items);
        users++;
    }
    for (int32_t j = 0; j < n_k; j++) {
        double d = users > 0 ? (double)users : NAN;
        m[j].k = ks[j];
        m[j].recall /= d, m[j].precision /= d, m[j].ndcg /= d, m[j].map /= d;
        m[j].hit_rate /= d;
        int64_t c = 0;
        for (int64_t i = 0; i < rs->n_items; i++)
            c += in_top[(int64_t)j * rs->n_items + i];
        m[j].coverage = rs->n_items > 0 ? (double)c / (double)rs->n_items : NAN;
    }
    *n_users = users;
    free(row), free(top), free(in_top);
    return 0;
}

int rt_rank_eval(const RtRankSet *rs, RtRankRowFn *row_fn, void *ctx, const int32_t *ks,
                 int32_t n_k, RtRankReport *out, RtError *err) {
    memset(out, 0, sizeof *out);
    if (n_k < 1 || n_k > RT_RANK_MAX_KS)
        return rt_err(err, NULL, 0, "expected 1 to %d ranking cutoffs, saw %d", RT_RANK_MAX_KS,
                      n_k);
    int64_t max_k = 0;
    for (int32_t j = 0; j < n_k; j++) {
        if (ks[j] < 1 || ks[j] > RT_RANK_MAX_K)
            return rt_err(err, NULL, 0, "a ranking cutoff must be 1 to %d, saw %d", RT_RANK_MAX_K,
                          ks[j]);
        if (ks[j] > max_k)
            max_k = ks[j];
    }
    out->n_k = n_k;
    PopCtx pop = {rs};
    if (eval_one(rs, row_fn, ctx, ks, n_k, max_k, out->model, &out->n_users, err) < 0 ||
        eval_one(rs, popularity_row, &pop, ks, n_k, max_k, out->popularity, &out->n_users,
                 err) < 0)
        return -1;
    return 0;
}

typedef struct DenseCtx {
    const float *scores;
    int64_t n_items;
} DenseCtx;

static void dense_row(void *ctx, int64_t user, float *row) {
    const DenseCtx *d = ctx;
    memcpy(row, d->scores + user * d->n_items, (size_t)d->n_items * sizeof *row);
}

int rt_rank_eval_scores(const RtRankSet *rs, const float *scores, const int32_t *ks,
                        int32_t n_k, RtRankReport *out, RtError *err) {
    DenseCtx d = {scores, rs->n_items};
    return rt_rank_eval(rs, dense_row, &d, ks, n_k, out, err);
}

void rt_rank_score_row(const float *user_emb, const float *item_emb, int64_t n_items,
                       int32_t dim, RtScoreFn *score, void *ctx, int64_t user, float *row) {
    if (!score) {
        // row = item_emb · user_emb[user]: one GEMV (as a 1-row GEMM).
        rt_sgemm(0, 1, 1, n_items, dim, 1.0f, user_emb + user * dim, dim, item_emb, dim, 0.0f,
                 row, n_items);
        return;
    }
    enum { CHUNK = 4096 };
    int32_t us[CHUNK], is[CHUNK];
    for (int64_t lo = 0; lo < n_items; lo += CHUNK) {
        int64_t n = n_items - lo < CHUNK ? n_items - lo : CHUNK;
        for (int64_t i = 0; i < n; i++) {
            us[i] = (int32_t)user;
            is[i] = (int32_t)(lo + i);
        }
        score(ctx, n, us, is, user_emb, item_emb, row + lo);
    }
}

// Embedding scores, a block of users at a time: for the dot product one GEMM per block, which
// rows are then handed out in user order (rt_rank_eval asks for users in increasing order).
enum { BLOCK = 64 };
typedef struct EmbCtx {
    const float *user_emb, *item_emb;
    int64_t n_users, n_items;
    int32_t dim;
    RtScoreFn *score;
    void *ctx;
    float *block;               // BLOCK x n_items scores of users [lo, lo + BLOCK)
    int64_t lo;                 // -1: none yet
} EmbCtx;

static void emb_row(void *ctx, int64_t user, float *row) {
    EmbCtx *e = ctx;
    if (e->score) {
        rt_rank_score_row(e->user_emb, e->item_emb, e->n_items, e->dim, e->score, e->ctx, user,
                          row);
        return;
    }
    if (e->lo < 0 || user < e->lo || user >= e->lo + BLOCK) {
        e->lo = user;
        int64_t m = e->n_users - user < BLOCK ? e->n_users - user : BLOCK;
        rt_sgemm(0, 1, m, e->n_items, e->dim, 1.0f, e->user_emb + user * e->dim, e->dim,
                 e->item_emb, e->dim, 0.0f, e->block, e->n_items);
    }
    memcpy(row, e->block + (user - e->lo) * e->n_items, (size_t)e->n_items * sizeof *row);
}

int rt_rank_eval_embeddings(const RtRankSet *rs, const float *user_emb, const float *item_emb,
                            int32_t dim, RtScoreFn *score, void *ctx, const int32_t *ks,
                            int32_t n_k, RtRankReport *out, RtError *err) {
    EmbCtx e = {user_emb, item_emb, rs->n_users, rs->n_items, dim, score, ctx, NULL, -1};
    if (!score &&
        !(e.block = malloc((size_t)BLOCK * (size_t)(rs->n_items > 0 ? rs->n_items : 1) *
                           sizeof *e.block)))
        return rt_err(err, NULL, 0, "out of memory");
    int rc = rt_rank_eval(rs, emb_row, &e, ks, n_k, out, err);
    free(e.block);
    return rc;
}

int32_t rt_rank_parse_ks(const char *text, int32_t *ks, RtError *err) {
    int32_t n = 0;
    const char *s = text;
    for (;;) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (end == s || (*end && *end != ',') || errno || v < 1 || v > RT_RANK_MAX_K ||
            n == RT_RANK_MAX_KS || *s == '+' || *s == '-' || *s == ' ')
            return rt_err(err, NULL, 0, "--rank-eval expects up to %d comma-separated integers "
                          "from 1 to %d, saw '%s'", RT_RANK_MAX_KS, RT_RANK_MAX_K, text);
        ks[n++] = (int32_t)v;
        if (!*end)
            return n;
        s = end + 1;
    }
}
