// app.c — hgnn-run's application: one function, rt_app_run, reads top to bottom as the pipeline
// (model → load → ToUndirected → split → loaders → train → evaluate → report) for training and
// for --inspect alike. Takes the parsed options; yields the printed lines, the --metrics and
// --save files, or one error for main to print.
#include "app.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "dataset.h"
#include "inspect.h"
#include "kernels.h"
#include "model.h"
#include "movielens.h"
#include "progress.h"
#include "serve.h"
#include "split_files.h"

void rt_app_defaults(RtAppOptions *o) {
    memset(o, 0, sizeof *o);
    rt_train_defaults(&o->train);
    o->force_bar = -1;
    o->out = stdout;
    o->top_k = 10;
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
    sc->neg_ratio = d->neg_ratio;
    train->batch_size = rt_trainer_settings(a->trainer)->batch_size;
    train->n_hops = d->n_hops;
    for (int h = 0; h < d->n_hops; h++)
        train->fanout[h] = d->fanout[h];
    train->neg_ratio = d->neg_ratio;
    train->shuffle = 1;
    *eval = *train;
    eval->batch_size = 3 * train->batch_size;
    eval->neg_ratio = 0.0;
    eval->shuffle = 0;
}

// rt_app_compose, with the split drawn (split_dir NULL) or read from split_dir.
static int compose(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                   const RtTrainConfig *cfg, const char *split_dir, RtError *err) {
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
    if ((split_dir ? rt_split_from_files(g, a->target, split_dir, &a->split, err)
                   : rt_split_link(g, a->target, &sc, cfg->seed, &a->split, err)) < 0)
        goto bad;
    a->have_split = 1;
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        if (!(a->loader[p] = rt_loader_new(g, &a->split, p, &lc[p], cfg->seed, err)))
            goto bad;
    return 0;
bad:
    rt_app_free(a);
    return -1;
}

int rt_app_compose(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                   const RtTrainConfig *cfg, RtError *err) {
    return compose(a, g, m, target, cfg, NULL, err);
}

int rt_app_compose_split(RtApp *a, const RtGraph *g, const HgnnModel *m, const char *target,
                         const RtTrainConfig *cfg, const char *split_dir, RtError *err) {
    return compose(a, g, m, target, cfg, split_dir, err);
}

void rt_app_free(RtApp *a) {
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        rt_loader_free(a->loader[p]);
    if (a->have_split)
        rt_split_free(&a->split);
    rt_trainer_free(a->trainer);
    memset(a, 0, sizeof *a);
}

// Progress callbacks: training shows the running loss, evaluation only the count.
static void on_train_batch(void *ctx, int64_t done, double loss) {
    rt_progress_step(ctx, done, loss);
}

static void on_eval_batch(void *ctx, int64_t done, double loss) {
    (void)loss;
    rt_progress_step(ctx, done, NAN);
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
    for (int32_t epoch = 1; epoch <= epochs; epoch++) {
        char label[64];
        snprintf(label, sizeof label, "epoch %d/%d", epoch, epochs);
        rt_progress_start(&prog, label, nb);
        RtEpochStats *e = &rep->epochs[rep->n_epochs];
        if (rt_train_epoch(t, train, epoch, nb, on_train_batch, &prog, e, err) < 0)
            return -1;
        rep->n_epochs++;
        rt_progress_finish(&prog);
        rt_progress_epoch(&prog, e, epochs);
        const RtTrainTimes *tm = rt_trainer_times(t);
        if (o->verbose)
            fprintf(stderr, "hgnn-run: epoch %d: model %.3f s, Adam %.3f s, waiting for the "
                    "sampler %.3f s; workspace %.1f MB after %d resize(s)\n", epoch, tm->run,
                    tm->adam, tm->sample, tm->workspace_mb, tm->workspace_grows);
    }
    RtEvalStats *ev[] = {[RT_SPLIT_VAL] = &rep->val, [RT_SPLIT_TEST] = &rep->test};
    for (int p = RT_SPLIT_VAL; p <= RT_SPLIT_TEST; p++) {
        rt_progress_start(&prog, p == RT_SPLIT_VAL ? "val" : "test",
                          rt_loader_num_batches(a->loader[p]));
        if (rt_evaluate(t, a->loader[p], on_eval_batch, &prog, ev[p], err) < 0)
            return -1;
        rt_progress_finish(&prog);
    }
    return 0;
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

// The report's settings and split counts.
static void describe(const RtApp *a, const RtAppOptions *o, RtRunReport *r) {
    const RtTrainSettings *set = rt_trainer_settings(a->trainer);
    r->model = a->m->name;
    r->data = o->data_dir;
    r->seed = o->train.seed;
    r->threads = o->train.threads;
    r->optimizer = rt_optimizer_name(o->train.optimizer);
    r->batch_size = set->batch_size;
    r->lr = set->lr;
    r->n_params = set->n_params;
    r->blas_core = rt_blas_core();
    const RtSplitPart *p = a->split.part;
    r->train_mp = p[RT_SPLIT_TRAIN].n_mp;
    r->train_sup = p[RT_SPLIT_TRAIN].n_labels;
    r->val_mp = p[RT_SPLIT_VAL].n_mp;
    r->val_labels = p[RT_SPLIT_VAL].n_labels;
    r->test_mp = p[RT_SPLIT_TEST].n_mp;
    r->test_labels = p[RT_SPLIT_TEST].n_labels;
}

// Training mode after composition: --load, the header line, the epochs and evaluation, the AUC
// lines, --save and --metrics.
static int train_and_report(RtApp *a, const RtAppOptions *o, RtError *err) {
    FILE *out = o->out;
    RtRunReport rep;
    memset(&rep, 0, sizeof rep);
    describe(a, o, &rep);
    if (o->load_path && rt_app_load(a, o->load_path, err) < 0)
        return -1;
    if (!o->quiet)
        fprintf(out, "model %s: %lld parameters; data %s: train %lld labels (%lld message "
                "passing), val %lld, test %lld; seed %llu, %d thread(s), BLAS %s%s\n",
                a->m->name, (long long)rep.n_params, o->data_dir, (long long)rep.train_sup,
                (long long)rep.train_mp, (long long)rep.val_labels, (long long)rep.test_labels,
                (unsigned long long)rep.seed, rep.threads, rep.blas_core,
                o->train.optimizer == RT_OPT_SPARSE_ADAM ? ", optimizer sparse-adam" : "");
    rep.epochs = calloc((size_t)rt_trainer_settings(a->trainer)->epochs + 1, sizeof *rep.epochs);
    int rc = -1;
    if (!rep.epochs) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    if (rt_app_serve_check(a, o, err) < 0 || rt_app_fit(a, o, &rep, err) < 0)
        goto out;
    fprintf(out, "val AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.val.auc, rep.val.loss,
            (long long)rep.val.labels, rep.val.seconds);
    fprintf(out, "test AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.test.auc,
            rep.test.loss, (long long)rep.test.labels, rep.test.seconds);
    fflush(out);
    if (rt_app_after_training(a, o, &rep, err) < 0)
        goto out;
    rep.peak_rss_mb = rt_peak_rss_mb();
    if (o->save_path && rt_app_save(a, o->train.seed, o->save_path, err) < 0)
        goto out;
    if (o->metrics_path && rt_metrics_write(o->metrics_path, &rep, err) < 0)
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
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    int rc = -1;
    if (!o->model_path) {
        // --inspect: the built-in layout.
        if (rt_app_load_data(o->data_dir, 0, NULL, 0, NULL, NULL, &g, err) < 0)
            return -1;
    } else if (!is_source(o->model_path)) {
        // A .so carries its data declaration (or NULL, the built-in layout): open it, read its
        // data, then check that the data's feature widths are those it was compiled for.
        if (!(m = rt_model_open(o->model_path, NULL, 0, err)))
            return -1;
        if (rt_app_load_data(o->data_dir, m->n_node_types, m->node_types, m->n_edge_types,
                             m->edge_types, m->data, &g, err) < 0)
            return -1;
        if (rt_model_check_widths(o->model_path, m, dt, data_types(&g, dt), err) < 0)
            goto out;
    } else {
        // A .hgnn: its declarations first (the JIT's front end), then its data, then the code,
        // compiled for the data's feature widths.
        const HgnnModel *d = rt_model_declare(o->model_path, err);
        if (!d)
            return -1;
        if (rt_app_load_data(o->data_dir, d->n_node_types, d->node_types, d->n_edge_types,
                             d->edge_types, d->data, &g, err) < 0)
            return -1;
        if (!(m = rt_model_open(o->model_path, dt, data_types(&g, dt), err)))
            goto out;
    }
    if (rt_app_compose(&a, &g, m, RT_MOVIELENS_TARGET, &o->train, err) < 0) {
        // Without a file of its own, the error is about the model's settings, or else the data.
        rt_err_file(err, m ? o->model_path : o->data_dir);
        goto out;
    }
    if (m && !o->inspect)
        rc = train_and_report(&a, o, err);
    else
        rc = rt_inspect_print(o->out, o->train.seed, &g, &a.split, a.loader, err);
out:
    rt_app_free(&a);
    rt_graph_free(&g);
    return rc;
}
