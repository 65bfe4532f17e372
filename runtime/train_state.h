// train_state.h — the whole training state in one safetensors file, for hgnn-run's --checkpoint
// and --resume: parameters, Adam's moments and step count, where the run stands (epoch, batch,
// the epoch's loss sums), the finished epochs' figures, --early-stop's best weights, and what the
// run is (model, data, seed, settings), so that a resumed run ends bit-identical to one that was
// never stopped. No random generator state is kept: every random choice is a pure function of
// (seed, part, epoch, batch) (rng.h, loader.h), so the position is the whole of it.
#ifndef HGNN_TRAIN_STATE_H
#define HGNN_TRAIN_STATE_H

#include <stdint.h>

#include "checkpoint.h"
#include "graph.h"
#include "metrics.h"
#include "train.h"

// What a run is: a resumed run must match every field.
typedef struct RtRunIdentity {
    const char *model;          // the model's name
    uint64_t model_id;          // rt_model_fingerprint
    uint64_t data_id;           // rt_graph_fingerprint
    uint64_t seed;
    int32_t ranks;              // processes training together (1 without MPI)
    int32_t optimizer;          // RT_OPT_*
    int32_t batch_size;
    float lr;
    int64_t limit_batches;      // 0: all
    int32_t eval_every, early_stop;
    float neg_ratio, split_neg_ratio;   // the loader's and the split's (--set may change them)
} RtRunIdentity;

// Where a run stands. Epochs before `epoch` are finished (their figures in epochs[]); epoch
// `epoch` has cursor.batch batches done, and its val evaluation (if any) is still to come.
typedef struct RtTrainState {
    int32_t epoch;              // 1-based
    RtEpochCursor cursor;
    int64_t steps;              // optimizer steps taken
    int32_t n_epochs;           // = epoch - 1
    RtEpochStats *epochs;       // the caller's array, room for cap_epochs entries
    int32_t cap_epochs;         // the run's epochs
    // --early-stop: the best val score so far (AUC, or -RMSE for loss mse: higher is better),
    // its epoch (0: none yet) and the evaluations since.
    double best_score;
    int32_t best_epoch, stale;
} RtTrainState;

// FNV-1a fingerprints: of a model's types and parameter table, and of a graph's node counts,
// features and edges (O(nodes x features + edges)).
uint64_t rt_model_fingerprint(const HgnnModel *m);
uint64_t rt_graph_fingerprint(const RtGraph *g);

// Writes the state atomically (temporary name, rename): the trainer's parameters under their
// PyG names, "adam_m.NAME" and "adam_v.NAME", and, when best is not NULL, "best.NAME" (n_params
// tensors: --early-stop's copy of the best epoch's weights). Returns 0, or -1 with err set.
int rt_train_state_save(const char *path, const RtRunIdentity *id, const RtTrainState *s,
                        const RtTrainer *t, const RtTensor *best, RtError *err);

// Reads a state written by rt_train_state_save for the run `id`: refuses (one line naming the
// file and what differs) a file that is not a training state, is truncated or damaged, or was
// written by another model, data set, seed, rank count or settings. On success fills *s (into
// s->epochs, which must have room for the run's epochs), the trainer's parameters, moments and
// steps, and best (when not NULL; the file must then hold best weights); on failure changes
// none of them. Returns 0, or -1 with err set.
int rt_train_state_load(const char *path, const RtRunIdentity *id, RtTrainState *s,
                        RtTrainer *t, RtTensor *best, RtError *err);

#endif
