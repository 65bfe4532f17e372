// serve.h — what hgnn-run does with a trained model besides AUC: --rank-eval (rank.h),
// --recommend (recommend.h) and --export (export.h), all from whole-graph embeddings of every node
// type. Kept out of app.c; app.c calls rt_app_serve_check before training and
// rt_app_after_training after it.
#ifndef HGNN_SERVE_H
#define HGNN_SERVE_H

#include <stdint.h>

#include "app.h"
#include "error.h"
#include "metrics.h"
#include "rank.h"

// Embeddings of every node type of a->g over split part `part`'s message-passing graph: out[t]
// (malloc'ed, count_t x dims[t] row-major; NULL for a type without one) for each node type t.
// Returns 0, or -1 with err set.
typedef int RtEmbedFn(void *ctx, const RtApp *a, int part, float **out, int32_t *dims,
                      RtError *err);

// Whole-graph inference (HgnnModel.embed, ABI 6: runtime/infer.c's rt_infer_embeddings) with the
// trainer's parameters as they stand, by the graph's node types.
int rt_app_embeddings(void *ctx, const RtApp *a, int part, float **out, int32_t *dims,
                      RtError *err);
// The classifier on embeddings for the ranking and recommendations: NULL means the dot product,
// done as a GEMM; a classifier with parameters (names under `classifier.`: mlp) is scored through
// a wrapper of HgnnModel.score returned here, *ctx the app.
RtScoreFn *rt_app_score_fn(const RtApp *a, void **ctx);

// Fails before any training when o asks for --rank-eval, --recommend or --export and the model
// cannot give embeddings, or --recommend names an unknown user key, so no time is spent first.
int rt_app_serve_check(const RtApp *a, const RtAppOptions *o, RtError *err);
// After training: --rank-eval on val and test (printed, and stored in rep->ranking for
// --metrics), --recommend (printed as a table, or JSON with --json), --export DIR. Embeddings come
// from rt_app_embeddings: for val and test over that part's message-passing graph, for
// --recommend and --export over the test part's (the train and val edges: the most the split
// lets the model see). Returns 0, or -1 with err set.
int rt_app_after_training(RtApp *a, const RtAppOptions *o, RtRunReport *rep, RtError *err);
// The same with another source of embeddings and scores (tests; score NULL: dot).
int rt_app_after_training_with(RtApp *a, const RtAppOptions *o, RtRunReport *rep,
                               RtEmbedFn *embed, void *ctx, RtScoreFn *score, void *score_ctx,
                               RtError *err);

#endif
