// app.h — the application hgnn-run: composes load → ToUndirected → split → loaders → train →
// evaluate → report once, for training a model and for --inspect alike. main.c parses the flags
// into RtAppOptions; everything the run prints, it prints here; its error goes back to main.
#ifndef HGNN_APP_H
#define HGNN_APP_H

#include <stdint.h>
#include <stdio.h>

#include "hgnn/abi.h"
#include "error.h"
#include "graph.h"
#include "loader.h"
#include "metrics.h"
#include "overrides.h"
#include "rank.h"
#include "split.h"
#include "train.h"

typedef struct RtAppOptions {
    const char *model_path;     // NULL: --inspect of the built-in MovieLens layout
    int inspect;                // print the data path (types, split, first batch) as JSON
    const char *data_dir;
    const char *metrics_path;   // NULL: none
    const char *save_path;      // NULL: none
    const char *load_path;      // NULL: train from the seed's initial weights
    const char *checkpoint_path;    // --checkpoint: the training state goes here (train_state.h)
                                    // after every epoch, every checkpoint_every optimizer steps
                                    // and on SIGINT / SIGTERM; NULL: none
    int64_t checkpoint_every;       // > 0: also every N steps
    const char *resume_path;        // --resume: continue the run whose state this file holds
    const char *plot_dir;       // NULL: none; else the SVG charts of docs/plots.md go here
    int32_t eval_every;         // > 0: val AUC after every N epochs and the last; 0: only at
                                // the end (1 when early_stop is set)
    int32_t early_stop;         // > 0: stop after this many evaluations without a better val
                                // AUC, then restore the best epoch's weights
    RtTrainConfig train;
    RtOverrides overrides;      // --set NAME=VALUE: train settings (and a .hgnn's constants)
    int64_t limit_batches;      // > 0: train at most this many batches per epoch
    int quiet, verbose;
    int force_bar;              // progress bar: 1 always, 0 never, -1 when stderr is a terminal
    FILE *out;                  // where the run's lines (or the inspect JSON) go: stdout
    // After training (serve.h), from whole-graph embeddings:
    int32_t rank_ks[RT_RANK_MAX_KS];    // --rank-eval K,...: the cutoffs
    int32_t n_rank_ks;                  // 0: no ranking evaluation
    const char *recommend;      // --recommend: comma-separated user keys, or NULL
    int32_t top_k;              // -k: recommendations per user (default 10)
    int json;                   // --json: recommendations as JSON
    const char *export_dir;     // --export: where the embeddings go, or NULL
    // --tune (tune_app.h): the search space, its budget in seconds (0: the space's), where
    // best.hgnn and trials.json go (NULL: tune-out), and a cap on trials (0: none).
    const char *tune_path;
    double tune_budget;
    const char *tune_out;
    int32_t tune_trials;
    int precision;              // --precision: HGNN_PRECISION_*; -1: the model's (a .so's own,
                                // fp32 for a .hgnn)
    int skip_test;              // rt_app_fit evaluates val only (a tuning trial)
    int rank_val_only;          // --rank-eval's figures for val only (a tuning trial)
} RtAppOptions;

void rt_app_defaults(RtAppOptions *o);

// The whole of `hgnn-run MODEL --data DIR ...` and `hgnn-run --data DIR --inspect`: opens the
// model (model.h) and loads the data it declares (a .so's, else the built-in layout), composes
// the split and loaders, then trains, evaluates val and test and prints a line per epoch and the
// AUCs, writing the --metrics and --save files; or, for --inspect, prints the counts as JSON. Returns 0, or -1 with err set.
int rt_app_run(const RtAppOptions *o, RtError *err);

// Reads a model's data: the declaration `data` for the model's node and edge types (data NULL:
// the built-in MovieLens declaration, movielens.h, whatever types are passed) from dir
// (dataset.h), then ToUndirected, which gives the reverse types the declared names. Where a data
// declaration comes from does not matter here: a .so's HgnnModel.data, or the declarations a
// .hgnn source makes before it is compiled (the JIT then adopts g's feature widths). Returns 0, or
// -1 with err set (g is then empty).
int rt_app_load_data(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     int32_t n_edge_types, const HgnnEdgeType *edge_types,
                     const HgnnDataDecl *data, RtGraph *g, RtError *err);

// What one run composes over a graph: the model (NULL for --inspect) and its trainer, the split
// of the edge type to predict and the train / val / test loaders.
typedef struct RtApp {
    const RtGraph *g;
    const HgnnModel *m;
    RtTrainer *trainer;             // NULL without a model
    int32_t target;                 // the graph's edge type split and predicted
    RtSplit split;
    int have_split;
    int split_borrowed;             // rt_app_compose_shared: split is another RtApp's
    RtLoader *loader[RT_SPLIT_PARTS];
} RtApp;

// Composes a run over g: with a model, its trainer, and the split and loaders from its defaults;
// without, the tutorial's split and loaders over edge type `target` (a data source's, e.g.
// RT_MOVIELENS_TARGET). g and m must outlive a. Returns 0, or -1 with err set (a is then empty).
int rt_app_compose(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                   const RtTrainConfig *cfg, RtError *err);
// As rt_app_compose, over the split in split_dir (rt_split_from_files: the files that
// tools/pyg_batch.py export writes into DIR/split/) instead of one drawn from cfg->seed; the
// seed still draws the initial weights and the batches. Returns 0, or -1 with err set.
int rt_app_compose_split(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                         const RtTrainConfig *cfg, const char *split_dir, RtError *err);
// As rt_app_compose, over a split drawn before (by another RtApp over the same g): a borrows it,
// and split must outlive a. What --tune's trials share.
int rt_app_compose_shared(RtApp *a, const RtGraph *g, const HgnnModel *m,
                          const RtTrainConfig *cfg, const RtSplit *split, RtError *err);
void rt_app_free(RtApp *a);
// Trains the epochs (rt_train_epoch) and evaluates val and test (rt_evaluate), showing progress
// and a line per epoch as o asks; with o->eval_every, val AUC after every N epochs, and with
// o->early_stop, stops when it has not improved for that many evaluations and restores the best
// epoch's weights before the final evaluations. report->epochs must have room for the epochs.
int rt_app_fit(RtApp *a, const RtAppOptions *o, RtRunReport *report, RtError *err);
// The trainer's parameters to or from a safetensors file (checkpoint.h); loading checks names
// and shapes against the model and restarts the optimizer.
int rt_app_save(const RtApp *a, uint64_t seed, const char *path, RtError *err);
int rt_app_load(RtApp *a, const char *path, RtError *err);
// What hgnn-run does with a composed model (a has a trainer): --load, the header line, the
// epochs, val and test AUC, --save and --metrics, printed and written as o asks.
int rt_app_train_and_report(RtApp *a, const RtAppOptions *o, RtError *err);

#endif
