// train.h — the trainer: a compiled model's parameters on a graph, PyTorch initialisation, one
// optimizer step per batch (Adam, or SparseAdam on the embeddings), epochs over a loader, and ROC
// AUC (RMSE for loss mse) over an evaluation loader. It neither opens files nor prints: the
// application (app.h) builds the loaders, drives the epochs and reports.
#ifndef HGNN_TRAIN_H
#define HGNN_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "checkpoint.h"
#include "error.h"
#include "graph.h"
#include "loader.h"
#include "metrics.h"
#include "optim.h"

// rng stream of the initial weights (split streams are 1, 2; the sampler's start at 0x100 << 48).
#define RT_STREAM_INIT ((uint64_t)0x300 << 48)

// RtTrainConfig.threads for hgnn-run --threads auto, the default: the trainer counts the cores
// the process may use (pool.h rt_pool_cores, shared among the MPI ranks on the node) and
// rt_trainer_calibrate times steps on one thread and on those cores to choose. Before that call
// an auto trainer runs on one thread. A number instead is used as given.
#define RT_THREADS_AUTO 0
#define RT_DEFAULT_THREADS RT_THREADS_AUTO

// The optimizer (hgnn-run --optimizer).
enum {
    RT_OPT_MODEL = 0,       // the model's `optimizer` (adam or adamw); the trainer resolves it
    RT_OPT_ADAM = 1,        // torch.optim.Adam on every parameter, the tutorial's
    // torch.optim.SparseAdam on the embeddings a model flags HGNN_PARAM_SPARSE_GRAD (as with
    // nn.Embedding(sparse=True)), Adam on the rest: a step costs O(batch), not O(nodes)
    RT_OPT_SPARSE_ADAM = 2,
    RT_OPT_ADAMW = 3,       // torch.optim.AdamW: weight_decay decoupled from the gradient
};
const char *rt_optimizer_name(int optimizer);

typedef struct RtTrainConfig {
    uint64_t seed;
    int32_t epochs;         // < 0: the model's default
    int32_t batch_size;     // <= 0: the model's default (evaluation uses 3x, as the tutorial)
    float lr;               // <= 0: the model's default
    int32_t threads;        // compute threads (model kernels, Adam), >= 1, or RT_THREADS_AUTO.
                            // Results do not depend on it
    int32_t optimizer;      // RT_OPT_*; RT_OPT_MODEL: the model's
    int prefetch;           // sample batch i+1 on a second thread while batch i trains
    struct RtDist *dist;    // data-parallel training (dist.h): the gradients of each step are
                            // summed over the ranks, evaluation batches divided among them;
                            // NULL or one rank: this process alone
    int check_ranks;        // after every step, compare a hash of the parameters across ranks
                            // and fail on a difference (--check-ranks, for tests)
} RtTrainConfig;

void rt_train_defaults(RtTrainConfig *cfg);

typedef struct RtTrainer RtTrainer;

// What a trainer settled from its config and the model's defaults.
typedef struct RtTrainSettings {
    int32_t epochs, batch_size;
    float lr;
    int32_t label_type;     // the graph's edge type the model's classifier scores
    int64_t n_params;       // scalar parameters
    int32_t optimizer;      // RT_OPT_ADAM, RT_OPT_ADAMW or RT_OPT_SPARSE_ADAM, never RT_OPT_MODEL
    float weight_decay;     // L2 (adam) or decoupled (adamw)
    float clip_norm;        // clip_grad_norm_'s max_norm; 0: none
    RtLrSchedule schedule;  // as rt_trainer_plan_epochs last set it
    // Compute threads: what loops use now; for RT_THREADS_AUTO also the cores counted and, once
    // rt_trainer_calibrate has compared them, the other count tried beside one and the median
    // milliseconds of a step (forward and backward) on each.
    int32_t threads;
    int threads_auto;
    int32_t cores;
    int32_t tried;          // 0: not calibrated (one core, or not yet)
    double ms_one, ms_tried;
} RtTrainSettings;

// Seconds of the current epoch's training by phase, and the workspace, for --verbose.
typedef struct RtTrainTimes {
    double run, adam, sample;   // the model, the optimizer, waiting for batches
    double comm;                // under MPI: summing the gradients over the ranks
    double workspace_mb;
    int32_t workspace_grows;
} RtTrainTimes;

// Called after each batch of a pass with the batches done and the mean loss so far: the
// application's progress bar.
typedef void RtOnBatch(void *ctx, int64_t done, double loss);

// Maps the model's types onto g's by name, checks its training defaults, lays out the parameters
// and initialises them from cfg->seed, and starts the compute and prefetch threads. g must
// outlive the trainer. Returns NULL with err set.
RtTrainer *rt_trainer_new(const HgnnModel *m, const RtGraph *g, const RtTrainConfig *cfg,
                          RtError *err);
void rt_trainer_free(RtTrainer *t);
// --threads auto: chooses the compute threads. With more than one core it runs the model's
// forward and backward pass (no optimizer step: nothing the run keeps changes) on the first
// batches of training loader l's epoch 1 (at most n_batches of them, again from the first when
// there are fewer than it needs), on one thread and on the cores' count in turn (ABBA), with the
// next batch sampled meanwhile as in training, and keeps the cores' count when its median step
// takes at most 0.80 of one thread's (train.c: CALIB_GAIN), else one. Does nothing for a trainer with a given thread count, or called again.
// Returns 0, or -1 with err set.
int rt_trainer_calibrate(RtTrainer *t, RtLoader *l, int64_t n_batches, RtError *err);
const RtTrainSettings *rt_trainer_settings(const RtTrainer *t);
const RtTrainTimes *rt_trainer_times(const RtTrainer *t);

// One training step on batch b of a loader over the trainer's graph: the model's view of the
// batch, its forward and backward pass, and an optimizer step. *loss receives the batch's mean
// loss. Returns 0, or -1 with err set.
int rt_train_step(RtTrainer *t, const RtBatch *b, float *loss, RtError *err);
// Epoch `epoch` (from 1) over training loader l: rt_train_step on its first n_batches batches
// (all when n_batches <= 0) in the epoch's order. Fills *out.
int rt_train_epoch(RtTrainer *t, RtLoader *l, int32_t epoch, int64_t n_batches,
                   RtOnBatch *on_batch, void *ctx, RtEpochStats *out, RtError *err);
// Where a training epoch stands: batches done in the epoch's order and the sums of their losses
// (loss times labels) and labels, from which the epoch's mean loss comes. Zero: the start.
typedef struct RtEpochCursor {
    int64_t batch;
    double loss_sum;
    int64_t n_labels;
} RtEpochCursor;
// Called after each training batch with the batches done in the epoch and the cursor's sums;
// returning nonzero ends the epoch there (a checkpoint's stop, train_state.h).
typedef int RtAfterBatch(void *ctx, int64_t done, double loss_sum, int64_t n_labels);
// rt_train_epoch from cursor c (a resumed epoch starts where its checkpoint left it), advancing
// c; after may be NULL. Returns 0 when the epoch ran to its end, 1 when `after` stopped it
// (out then describes the batches done so far), -1 with err set.
int rt_train_epoch_at(RtTrainer *t, RtLoader *l, int32_t epoch, RtEpochCursor *c,
                      int64_t n_batches, RtOnBatch *on_batch, RtAfterBatch *after, void *ctx,
                      RtEpochStats *out, RtError *err);
// Forward passes over every batch of evaluation loader l and the ROC AUC over all its labels.
// Forward passes over every batch of evaluation loader l and the ROC AUC over all its labels,
// or for a loss mse model (HgnnModel.loss) the RMSE of the scores against the label values.
int rt_evaluate(RtTrainer *t, RtLoader *l, RtOnBatch *on_batch, void *ctx, RtEvalStats *out,
                RtError *err);

// The parameters as checkpoint tensors (checkpoint.h): names and shapes from the model, data in
// place; n_params entries into ts. For the application's --save and --load.
void rt_trainer_tensors(const RtTrainer *t, RtTensor *ts);
// The gradients of the last rt_train_step, as tensors of the parameters' names and shapes (for
// comparing a step with PyG's: tools/hgnn_batch.c).
void rt_trainer_grad_tensors(const RtTrainer *t, RtTensor *ts);
// Optimizer steps taken so far (a checkpoint's metadata).
int64_t rt_trainer_steps(const RtTrainer *t);
// The parameters (following m->params) and the host (BLAS, thread pool) the trainer lends its
// model, for whole-graph inference (infer.h) on the weights as they stand.
float *const *rt_trainer_params(const RtTrainer *t);
const HgnnHost *rt_trainer_host(const RtTrainer *t);
// The training state as checkpoint tensors named as the parameters (n_params entries, data in
// place): the parameters themselves, or Adam's (or SparseAdam's) first or second moments.
// Returns 0, or -1 when out of memory.
enum { RT_STATE_PARAMS, RT_STATE_ADAM_M, RT_STATE_ADAM_V };
int rt_trainer_state_tensors(const RtTrainer *t, int which, RtTensor *ts);
// The model the trainer trains.
const HgnnModel *rt_trainer_model(const RtTrainer *t);
// Resolves the learning-rate schedule against the run's length: epochs of steps_per_epoch
// optimizer steps (StepLR counts epochs, the cosine's T_max is the run's steps). Until it is
// called an epoch is one step long. The rate of a step depends only on its index.
void rt_trainer_plan_epochs(RtTrainer *t, int64_t steps_per_epoch);
// The learning rate of the next optimizer step.
float rt_trainer_lr(const RtTrainer *t);
// Sets the optimizer steps taken (a resumed run's), which fix Adam's bias corrections.
void rt_trainer_set_steps(RtTrainer *t, int64_t steps);
// Starts the optimizer afresh, moments zero and no steps taken, as after loading parameters.
void rt_trainer_reset_optimizer(RtTrainer *t);

#endif
