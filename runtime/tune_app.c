// tune_app.c — `hgnn-run MODEL.hgnn --data DIR --tune SPACE.json`: loads the data and draws the
// split once, then runs the tuner's trials (tune.h) on them, each a --set of the space's values
// over the run's own --set, compiled once per distinct set of constants; prints the live table
// and the winner, and writes DIR/trials.json and DIR/best.hgnn (source_edit.h).
#include "tune_app.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hgnn/settings.h"
#include "json.h"
#include "model.h"
#include "movielens.h"
#include "overrides.h"
#include "progress.h"
#include "serve.h"
#include "source_edit.h"
#include "tune.h"

#define MAX_MODELS 64

// A model compiled for one set of constants ("hidden=128;..."), kept for the trials that share it.
typedef struct Compiled {
    char key[512];
    const HgnnModel *m;
} Compiled;

typedef struct Tuner {
    const RtAppOptions *o;
    float split_neg_ratio;      // the base run's: best.hgnn pins it when neg_ratio moves
    int source;                 // MODEL is a .hgnn (constants may vary), not a .so
    const RtGraph *g;
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    int32_t n_dt;
    const RtSplit *split;       // drawn once, from the base configuration
    Compiled models[MAX_MODELS];
    int32_t n_models;
    FILE *devnull;
    int32_t threads;            // compute threads of every trial (--threads auto: chosen once)
} Tuner;

static int is_setting(const char *name) { return hgnn_setting_find(name) != NULL; }

// The run's --set, then the trial's values (replacing a --set of the same name), then epochs.
static int trial_overrides(const Tuner *t, const RtTuneSpace *s,
                           const char (*values)[RT_TUNE_VALUE_MAX], int32_t epochs,
                           RtOverrides *ov, RtError *err) {
    memset(ov, 0, sizeof *ov);
    char arg[RT_TUNE_VALUE_MAX + 80];
    for (int32_t i = 0; i < t->o->overrides.n; i++) {
        const HgnnOverride *b = &t->o->overrides.at[i];
        int in_space = strcmp(b->name, "epochs") == 0;
        for (int32_t k = 0; k < s->n_params; k++)
            in_space |= strcmp(b->name, s->params[k].name) == 0;
        snprintf(arg, sizeof arg, "%s=%s", b->name, b->value);
        if (!in_space && rt_overrides_add(ov, arg, err) < 0)
            return -1;
    }
    for (int32_t k = 0; k < s->n_params; k++) {
        snprintf(arg, sizeof arg, "%s=%s", s->params[k].name, values[k]);
        if (rt_overrides_add(ov, arg, err) < 0)
            return -1;
    }
    snprintf(arg, sizeof arg, "epochs=%d", epochs);
    return rt_overrides_add(ov, arg, err);
}

// The model with ov's constants: compiled on first use, then reused.
static const HgnnModel *model_for(Tuner *t, const RtOverrides *ov, RtError *err) {
    char key[512] = "";
    size_t used = 0;
    for (int32_t i = 0; i < ov->n; i++)
        if (!is_setting(ov->at[i].name)) {
            int n = snprintf(key + used, sizeof key - used, "%s=%s;", ov->at[i].name,
                             ov->at[i].value);
            if (n < 0 || used + (size_t)n >= sizeof key) {
                rt_err(err, NULL, 0, "--tune: too many constants to vary");
                return NULL;
            }
            used += (size_t)n;
        }
    for (int32_t i = 0; i < t->n_models; i++)
        if (strcmp(t->models[i].key, key) == 0)
            return t->models[i].m;
    if (t->n_models == MAX_MODELS) {
        rt_err(err, NULL, 0, "--tune: more than %d distinct sets of constants (widths) to compile",
               MAX_MODELS);
        return NULL;
    }
    const HgnnModel *m = rt_model_open(t->o->model_path, t->dt, t->n_dt, ov->at, ov->n,
                                          t->o->precision, err);
    if (!m)
        return NULL;
    Compiled *c = &t->models[t->n_models++];
    memcpy(c->key, key, sizeof key);
    c->m = m;
    return m;
}

static double objective(const RtTuneSpace *s, const RtRunReport *rep, int part) {
    if (s->ndcg_k) {
        const RtRankReport *r = &rep->ranking[part];
        for (int32_t i = 0; i < r->n_k; i++)
            if (r->model[i].k == s->ndcg_k)
                return r->model[i].ndcg;
        return NAN;
    }
    const RtEvalStats *e = part == 0 ? &rep->val : &rep->test;
    return s->minimize ? e->rmse : e->auc;
}

static int run_trial(void *ctx, const RtTuneSpace *s, const char (*values)[RT_TUNE_VALUE_MAX],
                     int32_t epochs, int want_test, double *val, double *test, RtError *err) {
    Tuner *t = ctx;
    RtOverrides ov;
    if (trial_overrides(t, s, values, epochs, &ov, err) < 0)
        return -1;
    const HgnnModel *m = model_for(t, &ov, err);
    if (!m)
        return -1;
    HgnnModel tuned = *m;
    if (rt_overrides_apply(&ov, m, t->source, &tuned.defaults, err) < 0)
        return -1;
    if ((s->ndcg_k || s->minimize) != 0 &&
        (s->minimize != (tuned.loss == HGNN_LOSS_MSE)))
        return rt_err(err, NULL, 0, "--tune: objective %s does not suit a %s model",
                      s->objective, tuned.loss == HGNN_LOSS_MSE ? "loss mse" : "ranking");
    RtAppOptions fo = *t->o;
    fo.train.threads = t->threads;
    fo.quiet = 1;
    fo.force_bar = 0;
    fo.out = t->devnull;
    fo.eval_every = 0;
    fo.early_stop = 0;
    fo.metrics_path = fo.save_path = fo.load_path = fo.plot_dir = NULL;
    fo.checkpoint_path = fo.resume_path = NULL;
    fo.recommend = NULL;
    fo.export_dir = NULL;
    fo.skip_test = !want_test || s->ndcg_k;
    fo.n_rank_ks = 0;
    RtApp a;
    if (rt_app_compose_shared(&a, t->g, &tuned, &fo.train, t->split, err) < 0)
        return -1;
    RtRunReport rep;
    memset(&rep, 0, sizeof rep);
    rep.epochs = calloc((size_t)epochs + 1, sizeof *rep.epochs);
    int rc = -1;
    if (!rep.epochs) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    if (rt_app_fit(&a, &fo, &rep, err) < 0)
        goto out;
    if (s->ndcg_k) {
        fo.rank_ks[0] = s->ndcg_k;
        fo.n_rank_ks = 1;
        fo.rank_val_only = !want_test;
        if (rt_app_after_training(&a, &fo, &rep, err) < 0)
            goto out;
    }
    *val = objective(s, &rep, 0);
    if (want_test)
        *test = objective(s, &rep, 1);
    rc = 0;
out:
    free(rep.epochs);
    rt_app_free(&a);
    return rc;
}

// The model's source with the best trial's values and epochs, to DIR/best.hgnn.
static int write_best(const Tuner *t, const RtTuneSpace *s, const RtTuneTrial *b,
                      const char *path, RtError *err) {
    size_t len;
    char *text = rt_file_read(t->o->model_path, "the model source", (size_t)1 << 26, &len, err);
    if (!text)
        return -1;
    // The run's --set first (not those the space varies), then the winner's values.
    RtOverrides ov;
    if (trial_overrides(t, s, (const char(*)[RT_TUNE_VALUE_MAX])b->values, b->epochs, &ov,
                        err) < 0) {
        free(text);
        return -1;
    }
    // A source without split_neg_ratio takes its neg_ratio's: pin the split the trials shared.
    char pin[64];
    snprintf(pin, sizeof pin, "split_neg_ratio=%.9g", (double)t->split_neg_ratio);
    if (rt_overrides_find(&ov, "neg_ratio") && !rt_overrides_find(&ov, "split_neg_ratio") &&
        rt_overrides_add(&ov, pin, err) < 0) {
        free(text);
        return -1;
    }
    for (int32_t i = 0; i < ov.n; i++) {
        size_t k;
        char *next = rt_source_set(t->o->model_path, text, len, ov.at[i].name, ov.at[i].value,
                                   &k, err);
        free(text);
        if (!next)
            return -1;
        text = next;
        len = k;
    }
    char head[512];
    int h = snprintf(head, sizeof head, "# %s tuned by hgnn-run --tune (trial %d: %s %.4f, "
                     "seed %llu); every trial in trials.json\n", t->o->model_path, b->id,
                     s->objective, b->val, (unsigned long long)t->o->train.seed);
    const void *parts[] = {head, text};
    size_t sizes[] = {h > 0 && (size_t)h < sizeof head ? (size_t)h : 0, len};
    int rc = rt_file_write_atomic(path, parts, sizes, 2, err);
    free(text);
    return rc;
}

int rt_tune_app_run(const RtAppOptions *o, const RtGraph *g, const HgnnNodeType *dt, int32_t n_dt,
                    RtApp *base, RtError *err) {
    RtTuneSpace s;
    if (rt_tune_space_read(o->tune_path, &s, err) < 0)
        return -1;
    for (int32_t i = 0; i < s.n_params; i++) {
        static const char *const fixed[] = {"val", "test", "disjoint", "split_neg_ratio"};
        for (int k = 0; k < 4; k++)
            if (strcmp(s.params[i].name, fixed[k]) == 0)
                return rt_err(err, o->tune_path, 0, "'%s' changes the split: tuning must not "
                              "change what is measured (vary training settings only)", fixed[k]);
    }
    double budget = o->tune_budget > 0 ? o->tune_budget : s.budget;
    if (!(budget > 0))
        return rt_err(err, o->tune_path, 0, "no budget: give --budget (e.g. 35s) or \"budget\" "
                      "in the search space");
    const char *dir = o->tune_out ? o->tune_out : "tune-out";
    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return rt_err(err, dir, 0, "cannot make the --tune-out directory: %s", strerror(errno));
    size_t pl = strlen(o->model_path);
    Tuner t = {.o = o, .g = g, .n_dt = n_dt, .split = &base->split,
               .split_neg_ratio = base->m->defaults.split_neg_ratio,
               .source = pl >= 5 && strcmp(o->model_path + pl - 5, ".hgnn") == 0};
    memcpy(t.dt, dt, (size_t)n_dt * sizeof *dt);
    // --threads auto chooses once, on the base configuration, for every trial.
    if (rt_trainer_calibrate(base->trainer, base->loader[RT_SPLIT_TRAIN], 0, err) < 0)
        return -1;
    t.threads = rt_trainer_settings(base->trainer)->threads;
    if (!(t.devnull = fopen("/dev/null", "w")))
        return rt_err(err, NULL, 0, "cannot open /dev/null");
    RtTuneConfig c = {.budget = budget, .seed = o->train.seed, .max_trials = o->tune_trials,
                      .out = o->quiet ? NULL : o->out};
    if (!o->quiet)
        fprintf(o->out, "tuning %s on %s: %d setting(s), objective %s, budget %.0f s, rungs of "
                "%d..%d epochs (eta %d), seed %llu, %d thread(s)\n", base->m->name, o->data_dir,
                s.n_params, s.objective, budget, s.min_epochs, s.max_epochs, s.eta,
                (unsigned long long)o->train.seed, t.threads);
    RtTuneResult r;
    int rc = rt_tune_run(&s, &c, run_trial, &t, &r, err);
    char path[4096];
    if (rc == 0 && r.best >= 0) {
        const RtTuneTrial *b = &r.trials[r.best];
        snprintf(path, sizeof path, "%s/trials.json", dir);
        rc = rt_tune_write_json(path, &s, &c, &r, err);
        snprintf(path, sizeof path, "%s/best.hgnn", dir);
        if (rc == 0)
            rc = write_best(&t, &s, b, path, err);
        if (rc == 0) {
            fprintf(o->out, "best: trial %d, %d epochs: %s %.4f", b->id, b->epochs, s.objective,
                    b->val);
            if (b->test == b->test)
                fprintf(o->out, " (test %.4f, never used to choose)", b->test);
            fprintf(o->out, "; %d trials in %.1f s; wrote %s/best.hgnn and %s/trials.json\n",
                    r.n, r.elapsed, dir, dir);
        }
    }
    rt_tune_result_free(&r);
    fclose(t.devnull);
    return rc;
}
