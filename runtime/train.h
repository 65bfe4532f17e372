// train.h — training and evaluation of a compiled model on a graph: the split and loaders from
// the model's defaults, PyTorch initialisation, Adam steps, per-epoch loss and time, ROC AUC on
// the val and test splits, and checkpoints of the parameters.
#ifndef HGNN_TRAIN_H
#define HGNN_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"
#include "graph.h"
#include "metrics.h"
#include "split.h"

// rng stream of the initial weights (split streams are 1, 2; the sampler's start at 0x100 << 48).
#define RT_STREAM_INIT ((uint64_t)0x300 << 48)

// Compute threads by default (hgnn-run --threads). One: on the 2-core machine of
// docs/performance.md, shared with other work while we measured, one compute thread plus the
// prefetch thread was as fast as two or faster (0.35-0.39 s per epoch against 0.41-0.47 s); two
// paid only before the row extents cut each kernel's work (0.44 s against 0.31 s). Measure with
// bench/epoch --threads 1 and 2 on an idle machine before changing it.
#define RT_DEFAULT_THREADS 1

// The optimizer (hgnn-run --optimizer).
enum {
    RT_OPT_ADAM = 0,        // torch.optim.Adam on every parameter, the tutorial's
    // torch.optim.SparseAdam on the embeddings a model flags HGNN_PARAM_SPARSE_GRAD (as with
    // nn.Embedding(sparse=True)), Adam on the rest: a step costs O(batch), not O(nodes)
    RT_OPT_SPARSE_ADAM = 1,
};
const char *rt_optimizer_name(int optimizer);

typedef struct RtTrainConfig {
    uint64_t seed;
    int32_t epochs;         // < 0: the model's default
    int32_t batch_size;     // <= 0: the model's default (evaluation uses 3x, as the tutorial)
    float lr;               // <= 0: the model's default
    int32_t threads;        // compute threads (model kernels, Adam); >= 1. Results do not
                            // depend on it
    int64_t limit_batches;  // > 0: train at most this many batches per epoch (--limit-batches)
    int32_t optimizer;      // RT_OPT_*
    int prefetch;           // sample batch i+1 on a second thread while batch i trains
    int quiet, verbose;
    int force_bar;          // progress bar: 1 always, 0 never, -1 when stderr is a terminal
} RtTrainConfig;

void rt_train_defaults(RtTrainConfig *cfg);

typedef struct RtTrainer RtTrainer;

// Maps the model's types onto g's by name, splits the classifier's edge type with the model's
// fractions, builds the train/val/test loaders and initialises the parameters from cfg->seed.
// g must outlive the trainer. Returns NULL with a one-line message in err.
RtTrainer *rt_trainer_new(const HgnnModel *m, const RtGraph *g, const RtTrainConfig *cfg,
                          RtError *err);
void rt_trainer_free(RtTrainer *t);

// Trains epochs 1..n (the config's, else the model's), appending to report->epochs (which must
// have room for them). Returns 0, or -1 with a message.
int rt_trainer_train(RtTrainer *t, RtRunReport *report, RtError *err);
// Forward passes over part RT_SPLIT_VAL or RT_SPLIT_TEST; AUC over all its labels.
int rt_trainer_evaluate(RtTrainer *t, int part, RtEvalStats *out, RtError *err);

// Parameters as safetensors (checkpoint.h). Loading checks names and shapes against the model;
// Adam's moments start from zero after a load.
int rt_trainer_save(const RtTrainer *t, const char *path, RtError *err);
int rt_trainer_load(RtTrainer *t, const char *path, RtError *err);

// The whole of `hgnn-run MODEL --data DIR ...`: loads the data, opens the model (model.h), trains,
// evaluates val and test, prints a line per epoch and the AUCs, writes --metrics and --save
// files. Errors are one line on stderr. Returns the process exit code (0, or 1 on any error).
typedef struct RtRunOptions {
    const char *model_path;
    const char *data_dir;
    const char *metrics_path;   // NULL: none
    const char *save_path;      // NULL: none
    const char *load_path;      // NULL: train from the seed's initial weights
    RtTrainConfig train;
} RtRunOptions;
int rt_train_run(const RtRunOptions *o, RtError *err);

#endif
