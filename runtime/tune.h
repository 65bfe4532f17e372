// tune.h — the search of `hgnn-run --tune`: random configurations from a search space
// (tune_space.h) raced by successive halving in Hyperband's brackets, within a wall-clock budget.
// What a trial is (train a configuration for E epochs, measure the objective on validation) is
// the caller's: tune_app.c runs them on the loaded data and split; tests run a formula.
#ifndef HGNN_TUNE_H
#define HGNN_TUNE_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "tune_space.h"

typedef struct RtTuneTrial {
    int32_t id;             // 0, 1, ... in the order run
    int32_t config;         // the configuration: the same values at every rung it reaches
    int32_t bracket, rung, epochs;
    char values[RT_TUNE_MAX_PARAMS][RT_TUNE_VALUE_MAX];     // the space's params, in order
    double val;             // the objective (validation); NaN when the trial failed
    double test;            // the test figure beside it, when the trial ran at the last rung
                            // (never read by the search); else NaN
    double seconds;         // the trial's wall time
    double elapsed;         // the search's wall time when the trial ended
} RtTuneTrial;

// Runs one trial: trains the configuration (the space's params set to values[i]) for `epochs`
// epochs from the seed's initial weights, and puts the objective in *val; when want_test, also
// the test figure in *test. Returns 0, or -1 with err set (the search then stops with err).
typedef int RtTuneRunFn(void *ctx, const RtTuneSpace *s,
                        const char (*values)[RT_TUNE_VALUE_MAX], int32_t epochs, int want_test,
                        double *val, double *test, RtError *err);

typedef struct RtTuneConfig {
    double budget;              // seconds of wall time for the whole search
    uint64_t seed;              // fixes the configurations drawn (with the space)
    int32_t max_trials;         // > 0: stop after this many trials (the budget still holds)
    double (*clock)(void *ctx); // seconds; NULL: monotonic wall time (tests pass their own)
    void *clock_ctx;
    FILE *out;                  // the live table of trials; NULL: none
} RtTuneConfig;

typedef struct RtTuneResult {
    RtTuneTrial *trials;        // malloc'd; the caller frees with rt_tune_result_free
    int32_t n;
    int32_t best;               // the chosen trial: the best objective among the trials at the
                                // highest rung any configuration reached; -1 when none ran
    double elapsed;
} RtTuneResult;

// The search. Configurations are drawn in a fixed order from (seed, space), and the brackets
// and rungs follow from the space alone, so the same seed and space run the same trials in the
// same order; the budget only decides where that sequence stops (a trial is started only when
// the time left is expected to cover it). Returns 0, or -1 with err set: the first trial alone
// took longer than the budget, or a trial failed.
int rt_tune_run(const RtTuneSpace *s, const RtTuneConfig *c, RtTuneRunFn *run, void *ctx,
                RtTuneResult *out, RtError *err);
void rt_tune_result_free(RtTuneResult *r);

// Every trial as JSON (docs/tuning.md), written atomically. Returns 0, or -1 with err set.
int rt_tune_write_json(const char *path, const RtTuneSpace *s, const RtTuneConfig *c,
                       const RtTuneResult *r, RtError *err);

#endif
