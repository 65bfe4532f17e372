// rank.h — full-catalogue ranking evaluation (docs/ranking.md): for each user with positives in a
// split part, every item not in that part's message-passing graph is ranked by a score, and the
// part's positives are measured in the top K (Recall, Precision, NDCG, MAP, HitRate, coverage),
// for the model and for a popularity baseline (the item's degree in the same graph), as
// ../shared/ref/pyg_seed.py --rank does.
#ifndef HGNN_RANK_H
#define HGNN_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "graph.h"
#include "split.h"

#define RT_RANK_MAX_KS 16       // K values per evaluation
#define RT_RANK_MAX_K 100000    // largest K

// Scores n (user, item) pairs: scores[i] = score(users[i], items[i]), rows of the embeddings
// being ranked. ctx is the caller's.
typedef void RtScoreFn(void *ctx, int64_t n, const int32_t *users, const int32_t *items,
                       const float *user_emb, const float *item_emb, float *scores);

// What one split part gives the ranking: per user, the items to exclude (seen) and the positives,
// both sorted and without duplicates (CSR), and each item's degree in the excluded edges.
typedef struct RtRankSet {
    int64_t n_users, n_items;
    int64_t *seen_ptr;          // n_users + 1 offsets into seen
    int32_t *seen;              // items each user has in the part's message-passing graph
    int64_t *pos_ptr;           // n_users + 1 offsets into pos
    int32_t *pos;               // items of the part's positive labels, per user
    int64_t *degree;            // n_items: message-passing edges of the part ending at the item
} RtRankSet;

// Builds a set from (user, item) pairs: n_seen excluded pairs and n_pos positive pairs (either
// array may hold duplicates; ids must lie in [0, n_users) x [0, n_items)). Returns 0, or -1 with
// err set (an id out of range, out of memory).
int rt_rank_set_build(RtRankSet *rs, int64_t n_users, int64_t n_items, int64_t n_seen,
                      const int32_t *seen_user, const int32_t *seen_item, int64_t n_pos,
                      const int32_t *pos_user, const int32_t *pos_item, RtError *err);
// The set of split part `part` of s over g: excluded = the part's message-passing edges of the
// split type (users are its source type, items its destination type), positives = the part's
// labels equal to 1. Returns 0, or -1 with err set.
int rt_rank_set_from_split(RtRankSet *rs, const RtGraph *g, const RtSplit *s, int part,
                           RtError *err);
void rt_rank_set_free(RtRankSet *rs);

// Metrics at one K, averaged over the users with at least one positive; coverage is the share
// of the catalogue that appears in any of those users' top K.
typedef struct RtRankMetrics {
    int32_t k;
    double recall, precision, ndcg, map, hit_rate, coverage;
} RtRankMetrics;

typedef struct RtRankReport {
    int64_t n_users;            // users ranked (at least one positive)
    int32_t n_k;
    RtRankMetrics model[RT_RANK_MAX_KS], popularity[RT_RANK_MAX_KS];
} RtRankReport;

// A user's score of every item: row[i] for item i. Fills n_items floats.
typedef void RtRankRowFn(void *ctx, int64_t user, float *row);

// The top k items of one user among those not excluded, best first: higher score first, a tie
// (NaN counts as -inf) to the lower item index. exclude: sorted item ids, n_exclude of them.
// Writes min(k, candidates) items to top and returns that count.
int64_t rt_rank_top_k(const float *row, int64_t n_items, const int32_t *exclude,
                      int64_t n_exclude, int64_t k, int32_t *top);

// Evaluates the ranking by row_fn and the popularity baseline at ks[0..n_k) (each 1 to
// RT_RANK_MAX_K, n_k at most RT_RANK_MAX_KS). Returns 0, or -1 with err set.
int rt_rank_eval(const RtRankSet *rs, RtRankRowFn *row_fn, void *ctx, const int32_t *ks,
                 int32_t n_k, RtRankReport *out, RtError *err);
// The same over a dense n_users x n_items score matrix (row-major).
int rt_rank_eval_scores(const RtRankSet *rs, const float *scores, const int32_t *ks,
                        int32_t n_k, RtRankReport *out, RtError *err);
// The same over embeddings: users n_users x dim, items n_items x dim (row-major). score NULL:
// the dot product (one GEMM per block of users); else score(ctx, ...) on every (user, item) pair.
int rt_rank_eval_embeddings(const RtRankSet *rs, const float *user_emb, const float *item_emb,
                            int32_t dim, RtScoreFn *score, void *ctx, const int32_t *ks,
                            int32_t n_k, RtRankReport *out, RtError *err);

// Scores of user `user` against every item from embeddings (dot when score is NULL): n_items
// floats into row. Shared by the ranking and by recommendations.
void rt_rank_score_row(const float *user_emb, const float *item_emb, int64_t n_items,
                       int32_t dim, RtScoreFn *score, void *ctx, int64_t user, float *row);

// Parses "10,20" into ks (at most RT_RANK_MAX_KS values from 1 to RT_RANK_MAX_K). Returns the
// count, or -1 with err set naming the text.
int32_t rt_rank_parse_ks(const char *text, int32_t *ks, RtError *err);

#endif
