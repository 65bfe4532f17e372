// recommend.h — `--recommend KEYS -k K`: for each user key, the K items the model scores highest
// among those the user has no edge to in the data, as an aligned table (rank, item key, the
// item's display column, score) or as JSON.
#ifndef HGNN_RECOMMEND_H
#define HGNN_RECOMMEND_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "graph.h"
#include "rank.h"

// The node of type `type` whose key is `key`, or -1.
int64_t rt_recommend_find(const RtGraph *g, int32_t type, const char *key);

// Prints the recommendations for the comma-separated user keys `keys` over edge type
// `edge_type` of g (users: its source type, items: its destination type; seen: every edge of
// that type in g), from embeddings user_emb (users x dim) and item_emb (items x dim) scored by
// the dot product (score NULL) or score(ctx, ...). Ties go to the lower item index, as in
// rank.h. Every key is looked up before anything is printed. Returns 0, or -1 with err set (an
// unknown key, named; k below 1; no keys).
int rt_recommend_print(FILE *out, const RtGraph *g, int32_t edge_type, const char *keys,
                       int32_t k, int json, const float *user_emb, const float *item_emb,
                       int32_t dim, RtScoreFn *score, void *ctx, RtError *err);

#endif
