// tune_space.h — the search space of `hgnn-run --tune SPACE.json`: which settings to vary, over
// what ranges, toward which validation objective, with which successive-halving rungs
// (docs/tuning.md). Read from JSON; every setting is applied as `--set NAME=VALUE` would be.
#ifndef HGNN_TUNE_SPACE_H
#define HGNN_TUNE_SPACE_H

#include <stdint.h>

#include "error.h"

#define RT_TUNE_MAX_PARAMS 32
#define RT_TUNE_MAX_CHOICES 32
#define RT_TUNE_VALUE_MAX 64        // a value as --set takes it: "128", "0.001", "[20,10]"

typedef enum {
    RT_TUNE_CHOICE,         // one of values[0..n_values)
    RT_TUNE_UNIFORM,        // lo + (hi - lo) u
    RT_TUNE_LOG_UNIFORM,    // exp(log lo + (log hi - log lo) u)
    RT_TUNE_INT_UNIFORM,    // an integer in [lo, hi], each equally likely
} RtTuneKind;

typedef struct RtTuneParam {
    char name[64];          // a model constant or train setting, as --set names it
    RtTuneKind kind;
    double lo, hi;          // UNIFORM, LOG_UNIFORM (lo > 0), INT_UNIFORM
    int32_t n_values;       // CHOICE
    char values[RT_TUNE_MAX_CHOICES][RT_TUNE_VALUE_MAX];
} RtTuneParam;

typedef struct RtTuneSpace {
    char objective[32];     // "val_auc" (or "val_rmse" for loss mse), or "val_ndcg@K"
    int32_t ndcg_k;         // K of val_ndcg@K, else 0
    int minimize;           // val_rmse: lower is better
    double budget;          // seconds of wall time; 0: not given (--budget must say)
    int32_t eta;            // keep the best 1/eta of each rung; default 3
    int32_t min_epochs;     // the first rung's epochs; default 1
    int32_t max_epochs;     // the last rung's; default min_epochs * eta^3
    int32_t n_params;
    RtTuneParam params[RT_TUNE_MAX_PARAMS];
} RtTuneSpace;

// Reads a search space from a JSON file. An error names the file, and the line and column
// where it can, in one line; returns 0, or -1 with err set.
int rt_tune_space_read(const char *path, RtTuneSpace *s, RtError *err);
// The same from text[0..len); path only names it in errors.
int rt_tune_space_parse(const char *path, const char *text, size_t len, RtTuneSpace *s,
                        RtError *err);

// Draws one value of p from u in [0, 1) into out (RT_TUNE_VALUE_MAX bytes), as --set reads it.
void rt_tune_param_draw(const RtTuneParam *p, double u, char *out);

// Parses a --budget: "35s", "2m", "1.5h", "90" (seconds). Returns seconds > 0, or -1.
double rt_tune_parse_budget(const char *text);

#endif
