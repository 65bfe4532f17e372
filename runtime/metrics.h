// metrics.h — what a run of hgnn-run measured, and `--metrics FILE.json`, its machine-readable
// form (written atomically).
#ifndef HGNN_METRICS_H
#define HGNN_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "hgnn/limits.h"
#include "error.h"
#include "rank.h"

#define RT_MAX_EPOCHS HGNN_MAX_EPOCHS
// Points of an evaluation's ROC curve kept for --plot (kernels.h rt_roc_curve).
#define RT_ROC_POINTS 501

typedef struct RtEpochStats {
    int32_t epoch;          // 1-based
    double loss;            // mean BCE over the epoch's labels (spec §6)
    double seconds;         // wall time of the epoch's training loop
    double cpu_seconds;     // CPU time of the loop, every thread, summed over the ranks; NaN for
                            // an epoch restored from a training state
    double comm_seconds;    // under MPI: rank 0's wall time in the gradient exchange (waiting
                            // for the slowest rank included); 0 in one process
    double model_seconds;   // rank 0's wall time in the model's forward and backward passes,
    double optimizer_seconds;   // in the optimizer's steps,
    double wait_seconds;    // and waiting for sampled batches (NaN when restored)
    int64_t batches;
    int64_t labels;
    double val_auc;         // val AUC after this epoch (--eval-every); NaN when not measured
    double val_rmse;        // the same for a loss mse model: val RMSE; NaN when not measured
    double lr;              // the learning rate of the epoch's last step; NaN when it is constant
} RtEpochStats;

typedef struct RtEvalStats {
    double auc;             // NaN when not evaluated, only one class present, or loss mse
    double rmse;            // loss mse: sqrt(mean (score - label)^2) of the raw scores; else NaN
    double loss;            // mean loss (BCE, or MSE) over the labels
    double seconds;         // sampling + forward passes + AUC
    int64_t batches;
    int64_t labels;
    int32_t n_roc;          // ROC curve points, 0 when not evaluated or only one class present
    double roc_fpr[RT_ROC_POINTS], roc_tpr[RT_ROC_POINTS];  // from (0,0) to (1,1)
} RtEvalStats;

typedef struct RtRunReport {
    const char *model;      // model name
    int32_t loss;           // HGNN_LOSS_*: BCE reports AUC, MSE reports RMSE
    const char *data;       // data directory
    uint64_t seed;
    int32_t threads;        // compute threads used
    // --threads auto: the cores counted, the count tried beside one (0: none) and the median
    // milliseconds of a calibration step on one thread and on that count
    int threads_auto;
    int32_t cores, tried;
    double ms_one, ms_tried;
    int32_t ranks;          // processes training together (MPI), 1 without
    double bytes_per_step;  // ranks > 1: bytes rank 0 sent per optimizer step (collectives of
                            // training and evaluation together, divided by the steps)
    const char *optimizer;  // "adam", "adamw" or "sparse-adam"
    const char *precision;  // the model's products: "fp32" or "bf16" (HgnnModel.precision)
    int32_t batch_size;
    float lr;
    float neg_ratio;        // training negatives per positive, per batch (the loader's)
    float split_neg_ratio;  // fixed val/test negatives per positive (the split's)
    const HgnnOverride *overrides;  // --set NAME=VALUE, as given (n_overrides of them)
    int32_t n_overrides;
    float weight_decay;     // L2 (adam), decoupled (adamw)
    float clip_norm;        // clip_grad_norm_'s max_norm; 0: none
    char lr_schedule[160];  // rt_lr_schedule_describe: "constant", "cosine t_max 3150 ...", ...
    int64_t n_params;       // scalar parameters
    const char *blas_core;  // OpenBLAS kernels in use
    // Split counts (spec §2.6).
    int64_t train_mp, train_sup, val_mp, val_labels, test_mp, test_labels;
    int32_t n_epochs;
    RtEpochStats *epochs;   // n_epochs entries
    RtEvalStats val, test;
    int32_t best_epoch;     // --early-stop: the epoch whose weights were kept; 0 otherwise
    // loss mse: the trivial baseline, every label predicted as the mean of the training
    // supervision labels (the mean rating), and its RMSE on val and test.
    double baseline_mean, baseline_val_rmse, baseline_test_rmse;
    double peak_rss_mb;
    int has_ranking;            // --rank-eval ran: ranking[0] is val's, ranking[1] test's
    RtRankReport ranking[2];
} RtRunReport;

// Writes the report as JSON to path atomically. Returns 0, or -1 with err naming PATH.
int rt_metrics_write(const char *path, const RtRunReport *r, RtError *err);
// The process's peak resident set so far, in MiB (getrusage).
double rt_peak_rss_mb(void);

#endif
