// app.c — hgnn-run's application: one function, rt_app_run, reads top to bottom as the pipeline
// (model → load → ToUndirected → split → loaders → train → evaluate → report) for training and
// for --inspect alike. Takes the parsed options; yields the printed lines, the --metrics and
// --save files, or one error for main to print.
#include "app.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "dataset.h"
#include "dist.h"
#include "inspect.h"
#include "kernels.h"
#include "model.h"
#include "overrides.h"
#include "movielens.h"
#include "plot.h"
#include "progress.h"
#include "rank.h"
#include "serve.h"
#include "split_files.h"
#include "train_state.h"
#include "tune_app.h"

void rt_app_defaults(RtAppOptions *o) {
    memset(o, 0, sizeof *o);
    rt_train_defaults(&o->train);
    o->force_bar = -1;
    o->out = stdout;
    o->top_k = 10;
    o->precision = RT_PRECISION_AUTO;
}

// The split and loader settings: the model's defaults (its batch size as the trainer settled
// it), or the tutorial's without a model. Evaluation loaders take 3x the batch, no new
// negatives and the stored order, as the tutorial's val loader.
static void data_configs(const RtApp *a, RtSplitConfig *sc, RtLoaderConfig *train,
                         RtLoaderConfig *eval) {
    rt_split_defaults(sc);
    rt_loader_train_defaults(train);
    rt_loader_eval_defaults(eval);
    if (!a->m)
        return;
    const HgnnDefaults *d = &a->m->defaults;
    sc->val_frac = d->val_frac;
    sc->test_frac = d->test_frac;
    sc->disjoint_frac = d->disjoint_frac;
    sc->neg_ratio = d->split_neg_ratio;     // fixed val/test negatives (RandomLinkSplit's)
    train->batch_size = rt_trainer_settings(a->trainer)->batch_size;
    train->n_hops = d->n_hops;
    for (int h = 0; h < d->n_hops; h++)
        train->fanout[h] = d->fanout[h];
    train->neg_ratio = d->neg_ratio;        // per training batch (LinkNeighborLoader's)
    train->shuffle = 1;
    train->triplet = a->m->loss == HGNN_LOSS_BPR;
    train->edge_norm = (a->m->needs & HGNN_NEEDS_EDGE_NORM) != 0;
    if (a->m->loss == HGNN_LOSS_MSE) {
        // RandomLinkSplit(neg_sampling_ratio=0.0) with edge_label = the rating: no negatives
        // anywhere, every label an edge's value; the partition is the BCE split's.
        sc->neg_ratio = 0.0;
        sc->edge_labels = 1;
        train->neg_ratio = 0.0;
    }
    *eval = *train;
    eval->triplet = 0;
    eval->batch_size = 3 * train->batch_size;
    eval->neg_ratio = 0.0;
    eval->shuffle = 0;
}

// rt_app_compose, with the split drawn (split_dir NULL) or read from split_dir.
static int compose(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                   const RtTrainConfig *cfg, const char *split_dir, const RtSplit *shared,
                   RtError *err) {
    memset(a, 0, sizeof *a);
    a->g = g;
    a->m = m;
    if (m) {
        if (!(a->trainer = rt_trainer_new(m, g, cfg, err)))
            return -1;
        a->target = rt_trainer_settings(a->trainer)->label_type;
    } else if ((a->target = rt_graph_edge_type(g, target)) < 0) {
        return rt_err(err, NULL, 0, "the data has no edge type '%s'", target);
    }
    RtSplitConfig sc;
    RtLoaderConfig lc[RT_SPLIT_PARTS];
    data_configs(a, &sc, &lc[RT_SPLIT_TRAIN], &lc[RT_SPLIT_VAL]);
    lc[RT_SPLIT_TEST] = lc[RT_SPLIT_VAL];
    const RtDist *d = cfg->dist;
    if (m && d && d->size > 1) {
        // Data-parallel: each rank keeps its share of every training batch (dist.h).
        lc[RT_SPLIT_TRAIN].rank = d->rank;
        lc[RT_SPLIT_TRAIN].n_ranks = d->size;
        if (d->size > lc[RT_SPLIT_TRAIN].batch_size) {
            rt_err(err, NULL, 0, "%d ranks for batches of %d: every rank needs a share of each "
                   "batch (use -np <= the batch size)", d->size, lc[RT_SPLIT_TRAIN].batch_size);
            goto bad;
        }
    }
    if (shared) {
        if (shared->edge_type != a->target) {
            rt_err(err, NULL, 0, "the shared split is of another edge type (a bug)");
            goto bad;
        }
        a->split = *shared;
        a->split_borrowed = 1;
    } else if ((split_dir ? rt_split_from_files(g, a->target, split_dir, &a->split, err)
                          : rt_split_link(g, a->target, &sc, cfg->seed, &a->split, err)) < 0) {
        goto bad;
    }
    a->have_split = 1;
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        if (!(a->loader[p] = rt_loader_new(g, &a->split, p, &lc[p], cfg->seed, err)))
            goto bad;
    if (m && d && d->size > rt_loader_num_batches(a->loader[RT_SPLIT_TRAIN])) {
        rt_err(err, NULL, 0, "%d ranks for %lld training batches: use -np <= the batches", d->size,
               (long long)rt_loader_num_batches(a->loader[RT_SPLIT_TRAIN]));
        goto bad;
    }
    return 0;
bad:
    rt_app_free(a);
    return -1;
}

int rt_app_compose(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                   const RtTrainConfig *cfg, RtError *err) {
    return compose(a, g, m, target, cfg, NULL, NULL, err);
}

int rt_app_compose_shared(RtApp *a, const RtGraph *g, const HgnnModel *m,
                          const RtTrainConfig *cfg, const RtSplit *split, RtError *err) {
    return compose(a, g, m, NULL, cfg, NULL, split, err);
}

int rt_app_compose_split(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                         const RtTrainConfig *cfg, const char *split_dir, RtError *err) {
    return compose(a, g, m, target, cfg, split_dir, NULL, err);
}

void rt_app_free(RtApp *a) {
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        rt_loader_free(a->loader[p]);
    if (a->have_split && !a->split_borrowed)
        rt_split_free(&a->split);
    rt_trainer_free(a->trainer);
    memset(a, 0, sizeof *a);
}

// Progress callback of evaluation: only the count (training's is on_fit_batch, with the loss).
static void on_eval_batch(void *ctx, int64_t done, double loss) {
    (void)loss;
    rt_progress_step(ctx, done, NAN);
}

// --early-stop's best weights: a copy of every parameter, taken when val AUC improves and put
// back at the end (the optimizer's moments are not kept: training is over by then).
typedef struct Snapshot {
    RtTensor *ts;           // the trainer's tensors: data points at the live parameters
    float *copy;            // their data, back to back
    int32_t n;
} Snapshot;

static int snapshot_init(Snapshot *s, const RtApp *a, RtError *err) {
    memset(s, 0, sizeof *s);
    s->n = a->m->n_params;
    s->ts = calloc((size_t)s->n + 1, sizeof *s->ts);
    if (!s->ts)
        return rt_err(err, NULL, 0, "out of memory");
    rt_trainer_tensors(a->trainer, s->ts);
    size_t total = 0;
    for (int32_t i = 0; i < s->n; i++)
        total += (size_t)rt_tensor_numel(&s->ts[i]);
    if (!(s->copy = calloc(total + 1, sizeof *s->copy))) {
        free(s->ts);
        s->ts = NULL;
        return rt_err(err, NULL, 0, "out of memory for a copy of the weights");
    }
    return 0;
}

// Copies the live parameters into the snapshot, or (restore) the snapshot back into them.
static void snapshot_copy(Snapshot *s, int restore) {
    float *at = s->copy;
    for (int32_t i = 0; i < s->n; i++) {
        const RtTensor *t = &s->ts[i];
        size_t k = (size_t)rt_tensor_numel(t);
        if (restore)
            memcpy(t->data, at, k * sizeof *at);
        else
            memcpy(at, t->data, k * sizeof *at);
        at += k;
    }
}

// The snapshot as tensors (the parameters' names and shapes, data in the copy): --early-stop's
// best weights in a training state file. ts has n slots.
static void snapshot_tensors(const Snapshot *s, RtTensor *ts) {
    float *at = s->copy;
    for (int32_t i = 0; i < s->n; i++) {
        ts[i] = s->ts[i];
        ts[i].data = at;
        at += (size_t)rt_tensor_numel(&ts[i]);
    }
}

static void snapshot_free(Snapshot *s) {
    free(s->ts);
    free(s->copy);
}

// The validation figure early stopping compares: AUC (higher is better), or for loss mse RMSE,
// negated so that higher is better here too.
static double val_score(const RtApp *a, const RtEvalStats *v) {
    return a->m->loss == HGNN_LOSS_MSE ? -v->rmse : v->auc;
}

static const char *metric_name(const RtApp *a) {
    return a->m->loss == HGNN_LOSS_MSE ? "RMSE" : "AUC";
}

// Val AUC (or RMSE) after an epoch, for --eval-every, with its own progress bar.
static int eval_val(RtApp *a, RtProgress *prog, RtEvalStats *out, RtError *err) {
    RtLoader *l = a->loader[RT_SPLIT_VAL];
    rt_progress_start(prog, "val", rt_loader_num_batches(l));
    if (rt_evaluate(a->trainer, l, on_eval_batch, prog, out, err) < 0)
        return -1;
    rt_progress_finish(prog);
    return 0;
}

// SIGINT / SIGTERM while training with --checkpoint: the signal's number, seen after the batch
// in flight, which then writes the training state and stops the run.
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

static void catch_stop_signals(int on) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_stop_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

// What the per-batch hook of a training epoch needs: the progress bar, and for --checkpoint the
// run's identity and state.
typedef struct Fit {
    RtApp *a;
    const RtAppOptions *o;
    RtProgress *prog;
    RtRunIdentity id;
    RtTrainState st;            // where the run stands (epoch, cursor, history, best)
    Snapshot *best;             // --early-stop's weights, or NULL
    RtError *err;
    int failed;                 // a checkpoint could not be written (err says why)
} Fit;

static void on_fit_batch(void *ctx, int64_t done, double loss) {
    rt_progress_step(((Fit *)ctx)->prog, done, loss);
}

// Writes the training state as f->st describes it.
static int save_state(Fit *f) {
    RtDist *d = f->o->train.dist;
    if (d && d->rank != 0)
        return 0;   // every rank holds the same state; rank 0 writes it
    RtTensor *best = NULL;
    int rc = -1;
    if (f->best && !(best = calloc((size_t)f->best->n + 1, sizeof *best)))
        return rt_err(f->err, f->o->checkpoint_path, 0, "out of memory");
    if (best)
        snapshot_tensors(f->best, best);
    f->st.steps = rt_trainer_steps(f->a->trainer);
    if (d)
        rt_dist_hold(d, 1);     // a rank that dies meanwhile waits for the rename
    rc = rt_train_state_save(f->o->checkpoint_path, &f->id, &f->st, f->a->trainer, best, f->err);
    if (d)
        rt_dist_hold(d, 0);
    free(best);
    return rc;
}

// Whether the run stops for a signal. Under MPI every rank must stop at the same batch: a signal
// any rank saw counts for all (a rank that saw none names it SIGTERM); rt_dist_any is a
// collective, so every rank calls this at the same points.
static int stop_agreed(const RtAppOptions *o) {
    if (o->train.dist && rt_dist_any(o->train.dist, stop_signal) && !stop_signal)
        stop_signal = SIGTERM;
    return stop_signal != 0;
}

// After each training batch: a checkpoint every --checkpoint-every optimizer steps, and on a
// stop signal a last one, which ends the epoch (returns 1).
static int after_fit_batch(void *ctx, int64_t done, double loss_sum, int64_t n_labels) {
    Fit *f = ctx;
    if (!f->o->checkpoint_path)
        return 0;
    int every = f->o->checkpoint_every > 0 &&
                rt_trainer_steps(f->a->trainer) % f->o->checkpoint_every == 0;
    int stop = stop_agreed(f->o);
    if (!every && !stop)
        return 0;
    f->st.cursor = (RtEpochCursor){done, loss_sum, n_labels};
    if (save_state(f) < 0) {
        f->failed = 1;
        return 1;
    }
    return stop;
}

// The one-line error of a run stopped by a signal, after its state was written.
static int stopped(const Fit *f, RtError *err) {
    const char *p = f->o->checkpoint_path;
    return rt_err(err, NULL, 0, "stopped by %s at epoch %d, batch %lld; the training state is "
                  "in %s (continue with --resume %s)",
                  stop_signal == SIGINT ? "SIGINT" : "SIGTERM", f->st.epoch,
                  (long long)f->st.cursor.batch, p, p);
}

int rt_app_fit(RtApp *a, const RtAppOptions *o, RtRunReport *rep, RtError *err) {
    RtTrainer *t = a->trainer;
    int32_t epochs = rt_trainer_settings(t)->epochs;
    RtLoader *train = a->loader[RT_SPLIT_TRAIN];
    int64_t nb = rt_loader_num_batches(train);
    if (o->limit_batches > 0 && nb > o->limit_batches)
        nb = o->limit_batches;
    RtProgress prog;
    rt_progress_init(&prog, o->quiet, o->force_bar);
    if (o->out)
        prog.out = o->out;
    int32_t every = o->eval_every > 0 ? o->eval_every : o->early_stop > 0 ? 1 : 0;
    Snapshot best = {0};
    if (o->early_stop > 0 && snapshot_init(&best, a, err) < 0)
        return -1;
    double best_score = -INFINITY;      // val_score: higher is better
    int32_t best_epoch = 0, stale = 0;     // evaluations since the best
    int rc = -1;
    Fit fit = {.a = a, .o = o, .prog = &prog, .best = best.ts ? &best : NULL, .err = err};
    fit.st = (RtTrainState){.epoch = 1, .epochs = rep->epochs, .cap_epochs = epochs,
                            .best_score = -INFINITY};
    // The schedule counts the run's optimizer steps: epochs of nb batches.
    rt_trainer_plan_epochs(t, nb);
    const RtTrainSettings *set = rt_trainer_settings(t);
    int scheduled = rt_lr_schedule_active(&set->schedule);
    rt_lr_schedule_describe(&set->schedule, rep->lr_schedule, sizeof rep->lr_schedule);
    if (o->checkpoint_path || o->resume_path) {
        fit.id = (RtRunIdentity){.model = a->m->name, .model_id = rt_model_fingerprint(a->m),
                                 .data_id = rt_graph_fingerprint(a->g), .seed = o->train.seed,
                                 .ranks = o->train.dist ? o->train.dist->size : 1,
                                 .optimizer = set->optimizer, .weight_decay = set->weight_decay,
                                 .clip_norm = set->clip_norm, .lr_schedule = rep->lr_schedule,
                                 .batch_size = set->batch_size, .lr = set->lr,
                                 .limit_batches = o->limit_batches > 0 ? o->limit_batches : 0,
                                 .eval_every = o->eval_every, .early_stop = o->early_stop,
                                 .neg_ratio = a->m->defaults.neg_ratio,
                                 .split_neg_ratio = a->m->defaults.split_neg_ratio};
    }
    if (o->resume_path) {
        RtTensor *bt = NULL;
        if (best.ts && !(bt = calloc((size_t)best.n + 1, sizeof *bt))) {
            snapshot_free(&best);
            return rt_err(err, NULL, 0, "out of memory");
        }
        if (bt)
            snapshot_tensors(&best, bt);
        int lrc = rt_train_state_load(o->resume_path, &fit.id, &fit.st, t, bt, err);
        free(bt);
        if (lrc < 0) {
            snapshot_free(&best);
            return -1;
        }
        rep->n_epochs = fit.st.n_epochs;
        for (int32_t i = 0; i < rep->n_epochs; i++)     // a pure function of the step
            rep->epochs[i].lr = scheduled ? rt_lr_at(&set->schedule,
                                                     (int64_t)rep->epochs[i].epoch * nb - 1)
                                          : NAN;
        best_score = fit.st.best_score;
        best_epoch = fit.st.best_epoch;
        stale = fit.st.stale;
        if (!o->quiet)
            fprintf(prog.out, "resuming from %s: epoch %d, batch %lld, %lld optimizer steps\n",
                    o->resume_path, fit.st.epoch, (long long)fit.st.cursor.batch,
                    (long long)fit.st.steps);
    }
    if (o->checkpoint_path) {
        stop_signal = 0;
        catch_stop_signals(1);
    }
    // A run that --early-stop ended before its checkpoint has nothing left to train.
    int ended = o->early_stop > 0 && stale >= o->early_stop;
    for (int32_t epoch = fit.st.epoch; epoch <= epochs && !ended; epoch++) {
        char label[64];
        snprintf(label, sizeof label, "epoch %d/%d", epoch, epochs);
        rt_progress_start(&prog, label, nb);
        RtEpochStats *e = &rep->epochs[rep->n_epochs];
        RtEpochCursor cur = epoch == fit.st.epoch ? fit.st.cursor : (RtEpochCursor){0};
        if (cur.batch > 0)
            rt_progress_step(&prog, cur.batch, NAN);
        fit.st.epoch = epoch;
        int erc = rt_train_epoch_at(t, train, epoch, &cur, nb, on_fit_batch, after_fit_batch,
                                    &fit, e, err);
        if (erc < 0 || fit.failed)
            goto out;
        if (erc > 0) {
            rt_progress_finish(&prog);
            stopped(&fit, err);
            goto out;
        }
        rep->n_epochs++;
        rt_progress_finish(&prog);
        e->lr = scheduled ? rt_lr_at(&set->schedule, (int64_t)epoch * nb - 1) : NAN;
        // The last epoch is measured too, so that early stopping compares every epoch it keeps.
        if (every && (epoch % every == 0 || epoch == epochs)) {
            RtEvalStats v;
            if (eval_val(a, &prog, &v, err) < 0)
                goto out;
            e->val_auc = v.auc;
            e->val_rmse = v.rmse;
            if (val_score(a, &v) > best_score) {
                best_score = val_score(a, &v);
                best_epoch = epoch;
                stale = 0;
                if (best.ts)
                    snapshot_copy(&best, 0);
            } else {
                stale++;
            }
        }
        rt_progress_epoch(&prog, e, epochs);
        const RtTrainTimes *tm = rt_trainer_times(t);
        if (o->verbose)
            fprintf(stderr, "hgnn-run: epoch %d: model %.3f s, Adam %.3f s, waiting for the "
                    "sampler %.3f s; workspace %.1f MB after %d resize(s)\n", epoch, tm->run,
                    tm->adam, tm->sample, tm->workspace_mb, tm->workspace_grows);
        if (o->checkpoint_path) {
            // The epoch and its evaluation are done: the state of the next epoch's start.
            fit.st = (RtTrainState){.epoch = epoch + 1, .epochs = rep->epochs,
                                    .cap_epochs = epochs, .n_epochs = rep->n_epochs,
                                    .best_score = best_score, .best_epoch = best_epoch,
                                    .stale = stale};
            if (save_state(&fit) < 0)
                goto out;
            if (stop_agreed(o)) {
                stopped(&fit, err);
                goto out;
            }
        }
        if (o->early_stop > 0 && stale >= o->early_stop) {
            if (!o->quiet)
                fprintf(prog.out, "early stop after epoch %d: val %s not %s %.4f for %d "
                        "evaluation(s)\n", epoch, metric_name(a),
                        a->m->loss == HGNN_LOSS_MSE ? "below" : "above", fabs(best_score),
                        stale);
            break;
        }
    }
    if (o->checkpoint_path)
        catch_stop_signals(0);
    if (best.ts && best_epoch > 0) {
        rep->best_epoch = best_epoch;
        if (best_epoch != rep->n_epochs) {
            snapshot_copy(&best, 1);
            if (!o->quiet)
                fprintf(prog.out, "keeping the weights of epoch %d (val %s %.4f)\n",
                        best_epoch, metric_name(a), fabs(best_score));
        }
    }
    RtEvalStats *ev[] = {[RT_SPLIT_VAL] = &rep->val, [RT_SPLIT_TEST] = &rep->test};
    for (int p = RT_SPLIT_VAL; p <= (o->skip_test ? RT_SPLIT_VAL : RT_SPLIT_TEST); p++) {
        rt_progress_start(&prog, p == RT_SPLIT_VAL ? "val" : "test",
                          rt_loader_num_batches(a->loader[p]));
        if (rt_evaluate(t, a->loader[p], on_eval_batch, &prog, ev[p], err) < 0)
            goto out;
        rt_progress_finish(&prog);
    }
    rc = 0;
out:
    if (o->checkpoint_path)
        catch_stop_signals(0);
    snapshot_free(&best);
    return rc;
}

int rt_app_save(const RtApp *a, uint64_t seed, const char *path, RtError *err) {
    RtTensor *ts = calloc((size_t)a->m->n_params + 1, sizeof *ts);
    if (!ts)
        return rt_err(err, path, 0, "out of memory");
    rt_trainer_tensors(a->trainer, ts);
    char seed_s[32], steps[32];
    snprintf(seed_s, sizeof seed_s, "%llu", (unsigned long long)seed);
    snprintf(steps, sizeof steps, "%lld", (long long)rt_trainer_steps(a->trainer));
    const char *meta[] = {"format", "pt", "model", a->m->name ? a->m->name : "",
                          "producer", "hgnn-run", "seed", seed_s, "adam_steps", steps, NULL};
    int rc = rt_safetensors_save(path, ts, a->m->n_params, meta, err);
    free(ts);
    return rc;
}

int rt_app_load(RtApp *a, const char *path, RtError *err) {
    RtTensor *ts = calloc((size_t)a->m->n_params + 1, sizeof *ts);
    if (!ts)
        return rt_err(err, path, 0, "out of memory");
    rt_trainer_tensors(a->trainer, ts);
    int rc = rt_safetensors_load(path, ts, a->m->n_params, err);
    free(ts);
    if (rc == 0)
        rt_trainer_reset_optimizer(a->trainer);
    return rc;
}

// The report's settings and split counts, and for loss mse the mean-rating baseline.
static void describe(const RtApp *a, const RtAppOptions *o, RtRunReport *r) {
    const RtTrainSettings *set = rt_trainer_settings(a->trainer);
    r->model = a->m->name;
    r->data = o->data_dir;
    r->seed = o->train.seed;
    r->threads = set->threads;
    r->threads_auto = set->threads_auto;
    r->cores = set->cores;
    r->tried = set->tried;
    r->ms_one = set->ms_one;
    r->ms_tried = set->ms_tried;
    r->ranks = o->train.dist ? o->train.dist->size : 1;
    r->optimizer = rt_optimizer_name(set->optimizer);
    r->precision = rt_precision_name(a->m->precision);
    r->batch_size = set->batch_size;
    r->lr = set->lr;
    r->neg_ratio = a->m->defaults.neg_ratio;
    r->split_neg_ratio = a->m->defaults.split_neg_ratio;
    r->overrides = o->overrides.at;
    r->n_overrides = o->overrides.n;
    r->weight_decay = set->weight_decay;
    r->clip_norm = set->clip_norm;
    r->n_params = set->n_params;
    r->blas_core = rt_blas_core();
    const RtSplitPart *p = a->split.part;
    r->train_mp = p[RT_SPLIT_TRAIN].n_mp;
    r->train_sup = p[RT_SPLIT_TRAIN].n_labels;
    r->val_mp = p[RT_SPLIT_VAL].n_mp;
    r->val_labels = p[RT_SPLIT_VAL].n_labels;
    r->test_mp = p[RT_SPLIT_TEST].n_mp;
    r->test_labels = p[RT_SPLIT_TEST].n_labels;
    r->loss = a->m->loss;
    r->baseline_mean = r->baseline_val_rmse = r->baseline_test_rmse = NAN;
    if (r->loss == HGNN_LOSS_MSE) {
        // What a model must beat: every label predicted as the training labels' mean.
        const RtSplitPart *tr = &p[RT_SPLIT_TRAIN];
        double sum = 0.0;
        for (int64_t i = 0; i < tr->n_labels; i++)
            sum += tr->label[i];
        r->baseline_mean = tr->n_labels ? sum / (double)tr->n_labels : NAN;
        r->baseline_val_rmse = rt_rmse_const(r->baseline_mean, p[RT_SPLIT_VAL].label,
                                             p[RT_SPLIT_VAL].n_labels);
        r->baseline_test_rmse = rt_rmse_const(r->baseline_mean, p[RT_SPLIT_TEST].label,
                                              p[RT_SPLIT_TEST].n_labels);
    }
}

// --plot DIR: the charts of docs/plots.md from the report, all or none: a chart that cannot be
// written takes the ones written before it away again.
enum { MAX_PLOTS = 5 };
static int write_plots(const char *dir, const RtRunReport *r, RtError *err) {
    int32_t n = r->n_epochs, n_auc = 0;
    double *buf = calloc((size_t)n * 4 + 1, sizeof *buf);
    if (!buf)
        return rt_err(err, dir, 0, "out of memory");
    double *epoch = buf, *loss = buf + n, *auc_epoch = buf + 2 * n, *auc = buf + 3 * n;
    // loss mse: the val curve is RMSE (lower is better) and there is no ROC curve.
    int mse = r->loss == HGNN_LOSS_MSE;
    for (int32_t i = 0; i < n; i++) {
        epoch[i] = r->epochs[i].epoch;
        loss[i] = r->epochs[i].loss;
        double v = mse ? r->epochs[i].val_rmse : r->epochs[i].val_auc;
        if (v == v) {
            auc_epoch[n_auc] = epoch[i];
            auc[n_auc++] = v;
        }
    }
    struct {
        const char *file;
        RtChart chart;
        RtSeries series[3];
        int n_series;
    } p[MAX_PLOTS];
    int np = 0;
    double kept_x[2], kept_y[2];
    char kept_name[64];
    if (n > 0) {
        rt_chart_defaults(&p[np].chart);
        p[np].file = "loss.svg";
        p[np].chart.title = "Training loss per epoch";
        p[np].chart.x_label = "epoch";
        p[np].chart.y_label = mse ? "mean squared error (per label)"
                                  : "mean binary cross-entropy (nats per label)";
        p[np].chart.integer_x = p[np].chart.markers = 1;
        p[np].series[0] = (RtSeries){"train loss", epoch, loss, n, 0};
        p[np++].n_series = 1;
    }
    if (n_auc > 0) {
        rt_chart_defaults(&p[np].chart);
        p[np].file = mse ? "val_rmse.svg" : "val_auc.svg";
        p[np].chart.title = mse ? "Validation RMSE per epoch" : "Validation ROC AUC per epoch";
        p[np].chart.x_label = "epoch";
        p[np].chart.y_label = mse ? "RMSE of the predicted values (lower is better)"
                                  : "ROC AUC (1 = perfect, 0.5 = chance)";
        p[np].chart.integer_x = p[np].chart.markers = 1;
        p[np].series[0] = (RtSeries){mse ? "val RMSE" : "val AUC", auc_epoch, auc, n_auc, 0};
        p[np].n_series = 1;
        // --early-stop: a vertical guide at the epoch whose weights were kept.
        if (r->best_epoch > 0) {
            kept_x[0] = kept_x[1] = r->best_epoch;
            kept_y[0] = kept_y[1] = auc[0];
            for (int32_t i = 0; i < n_auc; i++) {
                kept_y[0] = fmin(kept_y[0], auc[i]);
                kept_y[1] = fmax(kept_y[1], auc[i]);
            }
            snprintf(kept_name, sizeof kept_name, "kept: epoch %d", r->best_epoch);
            p[np].series[p[np].n_series++] = (RtSeries){kept_name, kept_x, kept_y, 2, 1};
        }
        np++;
    }
    static const double diag[] = {0.0, 1.0};
    char val_name[64], test_name[64];
    if (!mse) {
        snprintf(val_name, sizeof val_name, "val (AUC %.4f)", r->val.auc);
        snprintf(test_name, sizeof test_name, "test (AUC %.4f)", r->test.auc);
        rt_chart_defaults(&p[np].chart);
        p[np].file = "roc.svg";
        p[np].chart.title = "ROC curves after training";
        p[np].chart.x_label = "false positive rate (share of negatives above the threshold)";
        p[np].chart.y_label = "true positive rate (share of positives)";
        p[np].chart.x_min = p[np].chart.y_min = 0.0;
        p[np].chart.x_max = p[np].chart.y_max = 1.0;
        p[np].series[0] = (RtSeries){val_name, r->val.roc_fpr, r->val.roc_tpr, r->val.n_roc, 0};
        p[np].series[1] = (RtSeries){test_name, r->test.roc_fpr, r->test.roc_tpr, r->test.n_roc,
                                     0};
        p[np].series[2] = (RtSeries){"chance", diag, diag, 2, 1};
        p[np++].n_series = 3;
    }
    // --rank-eval: Recall@K and NDCG@K on test against K, the model beside popularity.
    double ks[RT_RANK_MAX_KS], at_k[4][RT_RANK_MAX_KS];
    const RtRankReport *rk = &r->ranking[1];
    if (r->has_ranking && rk->n_k > 0) {
        for (int32_t j = 0; j < rk->n_k; j++) {
            ks[j] = rk->model[j].k;
            at_k[0][j] = rk->model[j].recall;
            at_k[1][j] = rk->popularity[j].recall;
            at_k[2][j] = rk->model[j].ndcg;
            at_k[3][j] = rk->popularity[j].ndcg;
        }
        static const char *files[2] = {"recall_at_k.svg", "ndcg_at_k.svg"};
        static const char *titles[2] = {"Test Recall@K: the model against popularity",
                                        "Test NDCG@K: the model against popularity"};
        static const char *ylabels[2] = {"Recall@K (share of a user's test positives in the top K)",
                                         "NDCG@K (binary relevance, log2 discount)"};
        for (int c = 0; c < 2; c++) {
            rt_chart_defaults(&p[np].chart);
            p[np].file = files[c];
            p[np].chart.title = titles[c];
            p[np].chart.x_label = "K (items recommended per user)";
            p[np].chart.y_label = ylabels[c];
            p[np].chart.y_min = 0.0;
            p[np].chart.integer_x = p[np].chart.markers = 1;
            p[np].series[0] = (RtSeries){"model", ks, at_k[2 * c], rk->n_k, 0};
            p[np].series[1] = (RtSeries){"popularity (training degree)", ks, at_k[2 * c + 1],
                                         rk->n_k, 0};
            p[np++].n_series = 2;
        }
    }
    char path[MAX_PLOTS][4096];
    int rc = 0;
    for (int i = 0; i < np && rc == 0; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", dir, p[i].file);
        if (rt_plot_write(path[i], &p[i].chart, p[i].series, p[i].n_series, err) < 0) {
            for (int k = 0; k < i; k++)
                unlink(path[k]);
            rc = -1;
        }
    }
    free(buf);
    return rc;
}

// ", 2 ranks (Open MPI v4.1.4)" for the header line of a data-parallel run, else "".
static const char *ranks_note(const RtDist *d) {
    static char note[160];
    if (!d || d->size <= 1)
        return "";
    snprintf(note, sizeof note, ", %d ranks (%s)", d->size, rt_dist_mpi_version());
    return note;
}

// ", 2 thread(s)" for the header line, and what --threads auto chose them from: "(auto: 2 cores,
// 1.60 ms/step on 2 threads, 2.61 on 1)", or "(auto: 1 core)".
static const char *threads_note(const RtRunReport *r) {
    static char note[160];
    int n = snprintf(note, sizeof note, "%d thread(s)", r->threads);
    if (r->threads_auto && r->tried > 0)
        snprintf(note + n, sizeof note - (size_t)n, " (auto: %d cores, %.2f ms/step on %d "
                 "threads, %.2f on 1)", r->cores, r->ms_tried, r->tried, r->ms_one);
    else if (r->threads_auto)
        snprintf(note + n, sizeof note - (size_t)n, " (auto: %d core%s)", r->cores,
                 r->cores == 1 ? "" : "s");
    return note;
}

// Training mode after composition: --load, the header line, the epochs and evaluation, the AUC
// lines, --save and --metrics.
static int train_and_report(RtApp *a, const RtAppOptions *o, RtError *err) {
    FILE *out = o->out;
    RtRunReport rep;
    memset(&rep, 0, sizeof rep);
    // --threads auto chooses before the header line says what it chose.
    if (rt_trainer_calibrate(a->trainer, a->loader[RT_SPLIT_TRAIN], o->limit_batches, err) < 0)
        return -1;
    describe(a, o, &rep);
    if (o->load_path && rt_app_load(a, o->load_path, err) < 0)
        return -1;
    if (o->plot_dir && rt_plot_dir(o->plot_dir, err) < 0)
        return -1;
    if (!o->quiet)
        fprintf(out, "model %s: %lld parameters; data %s: train %lld labels (%lld message "
                "passing), val %lld, test %lld; seed %llu, %s, BLAS %s%s%s%s%s\n",
                a->m->name, (long long)rep.n_params, o->data_dir, (long long)rep.train_sup,
                (long long)rep.train_mp, (long long)rep.val_labels, (long long)rep.test_labels,
                (unsigned long long)rep.seed, threads_note(&rep), rep.blas_core,
                rep.optimizer && strcmp(rep.optimizer, "adam") ? ", optimizer " : "",
                rep.optimizer && strcmp(rep.optimizer, "adam") ? rep.optimizer : "",
                a->m->precision == HGNN_PRECISION_BF16 ? ", precision bf16" : "",
                ranks_note(o->train.dist));
    rep.epochs = calloc((size_t)rt_trainer_settings(a->trainer)->epochs + 1, sizeof *rep.epochs);
    int rc = -1;
    if (!rep.epochs) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    if (rt_app_serve_check(a, o, err) < 0 || rt_app_fit(a, o, &rep, err) < 0)
        goto out;
    if (rep.loss == HGNN_LOSS_MSE) {
        fprintf(out, "val RMSE %.4f  (MSE loss %.4f, %lld labels, %.2f s; mean-rating baseline "
                "RMSE %.4f)\n", rep.val.rmse, rep.val.loss, (long long)rep.val.labels,
                rep.val.seconds, rep.baseline_val_rmse);
        fprintf(out, "test RMSE %.4f  (MSE loss %.4f, %lld labels, %.2f s; mean-rating baseline "
                "RMSE %.4f)\n", rep.test.rmse, rep.test.loss, (long long)rep.test.labels,
                rep.test.seconds, rep.baseline_test_rmse);
    } else {
        fprintf(out, "val AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.val.auc,
                rep.val.loss, (long long)rep.val.labels, rep.val.seconds);
        fprintf(out, "test AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.test.auc,
                rep.test.loss, (long long)rep.test.labels, rep.test.seconds);
    }
    fflush(out);
    if (rt_app_after_training(a, o, &rep, err) < 0)
        goto out;
    rep.peak_rss_mb = rt_peak_rss_mb();
    if (o->train.dist && o->train.dist->size > 1 && rt_trainer_steps(a->trainer) > 0)
        rep.bytes_per_step = (double)o->train.dist->bytes_sent /
                             (double)rt_trainer_steps(a->trainer);
    if (o->save_path && rt_app_save(a, o->train.seed, o->save_path, err) < 0)
        goto out;
    if (o->metrics_path && rt_metrics_write(o->metrics_path, &rep, err) < 0)
        goto out;
    if (o->plot_dir && write_plots(o->plot_dir, &rep, err) < 0)
        goto out;
    if (o->verbose)
        fprintf(stderr, "hgnn-run: peak RSS %.1f MB\n", rep.peak_rss_mb);
    rc = 0;
out:
    free(rep.epochs);
    return rc;
}

int rt_app_load_data(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     int32_t n_edge_types, const HgnnEdgeType *edge_types,
                     const HgnnDataDecl *data, RtGraph *g, RtError *err) {
    if (!data) {
        n_node_types = RT_MOVIELENS_NODE_TYPES;
        node_types = rt_movielens_node_types;
        n_edge_types = RT_MOVIELENS_EDGE_TYPES;
        edge_types = rt_movielens_edge_types;
        data = &rt_movielens_decl;
    }
    if (rt_dataset_load(dir, n_node_types, node_types, n_edge_types, edge_types, data, g,
                        err) < 0)
        return -1;
    if (rt_graph_to_undirected(g, err) < 0) {
        rt_graph_free(g);
        return -1;
    }
    return 0;
}

static int is_source(const char *path) {
    size_t n = strlen(path);
    return n >= 5 && strcmp(path + n - 5, ".hgnn") == 0;
}

// The graph's node types with their feature widths, as rt_model_open and the JIT take them.
static int32_t data_types(const RtGraph *g, HgnnNodeType *dt) {
    for (int32_t i = 0; i < g->n_node_types; i++)
        dt[i] = (HgnnNodeType){g->nodes[i].name, g->nodes[i].feat_width};
    return g->n_node_types;
}

int rt_app_train_and_report(RtApp *a, const RtAppOptions *o, RtError *err) {
    return train_and_report(a, o, err);
}

int rt_app_run(const RtAppOptions *o, RtError *err) {
    RtGraph g;
    RtApp a;
    memset(&a, 0, sizeof a);
    memset(&g, 0, sizeof g);
    const HgnnModel *m = NULL;
    HgnnModel tuned;        // the model with --set's train settings in its defaults
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    const RtOverrides *ov = &o->overrides;
    int rc = -1;
    if (!o->model_path) {
        // --inspect: the built-in layout.
        if (rt_app_load_data(o->data_dir, 0, NULL, 0, NULL, NULL, &g, err) < 0)
            return -1;
    } else if (!is_source(o->model_path)) {
        // A .so carries its data declaration (or NULL, the built-in layout): open it, read its
        // data, then check that the data's feature widths are those it was compiled for.
        if (!(m = rt_model_open(o->model_path, NULL, 0, NULL, 0, o->precision, err)))
            return -1;
        tuned = *m;
        if (rt_overrides_apply(ov, m, 0, &tuned.defaults, err) < 0)
            return -1;
        if (rt_app_load_data(o->data_dir, m->n_node_types, m->node_types, m->n_edge_types,
                             m->edge_types, m->data, &g, err) < 0)
            return -1;
        if (rt_model_check_widths(o->model_path, m, dt, data_types(&g, dt), err) < 0)
            goto out;
    } else {
        // A .hgnn: its declarations first (the JIT's front end), then its data, then the code,
        // compiled for the data's feature widths.
        // A bad --set fails here, before the data is read: the front end refuses a name that is
        // neither a constant nor a train setting, and a constant's bad value; the table here a
        // train setting's.
        const HgnnModel *d = rt_model_declare(o->model_path, ov->at, ov->n, err);
        if (!d)
            return -1;
        tuned = *d;
        if (rt_overrides_apply(ov, NULL, 1, &tuned.defaults, err) < 0)
            return -1;
        if (rt_app_load_data(o->data_dir, d->n_node_types, d->node_types, d->n_edge_types,
                             d->edge_types, d->data, &g, err) < 0)
            return -1;
        if (!(m = rt_model_open(o->model_path, dt, data_types(&g, dt), ov->at, ov->n,
                                o->precision, err)))
            goto out;
        tuned = *m;
        if (rt_overrides_apply(ov, m, 1, &tuned.defaults, err) < 0)
            goto out;
    }
    if (m)
        m = &tuned;
    if (rt_app_compose(&a, &g, m, RT_MOVIELENS_TARGET, &o->train, err) < 0) {
        // Without a file of its own, the error is about the model's settings, or else the data.
        rt_err_file(err, m ? o->model_path : o->data_dir);
        goto out;
    }
    if (m && o->tune_path)
        rc = rt_tune_app_run(o, &g, dt, data_types(&g, dt), &a, err);
    else if (m && !o->inspect)
        rc = train_and_report(&a, o, err);
    else
        rc = rt_inspect_print(o->out, o->train.seed, &g, &a.split, a.loader, err);
out:
    rt_app_free(&a);
    rt_graph_free(&g);
    return rc;
}
