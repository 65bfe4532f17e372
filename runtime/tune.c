// tune.c — the search of `hgnn-run --tune` (tune.h): Hyperband's brackets of successive halving
// over configurations drawn from the space, each rung eta times the epochs of the one before and
// keeping its best 1/eta, cut where the wall-clock budget runs out; and its JSON record.
#include "tune.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "progress.h"
#include "rng.h"

#define MAX_RUNGS 24

static double wall(void *ctx) {
    (void)ctx;
    return rt_now();
}

// Whether objective a beats b (NaN never does).
static int better(const RtTuneSpace *s, double a, double b) {
    if (a != a)
        return 0;
    if (b != b)
        return 1;
    return s->minimize ? a < b : a > b;
}

// Configuration number `config`'s values: each param drawn from its own stream of the seed, so
// adding a param to a space leaves the others' draws as they were.
static void draw(const RtTuneSpace *s, uint64_t seed, int32_t config,
                 char (*values)[RT_TUNE_VALUE_MAX]) {
    for (int32_t i = 0; i < s->n_params; i++) {
        uint64_t h = 0xcbf29ce484222325ull;
        for (const char *p = s->params[i].name; *p; p++)
            h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
        RtRng r;
        rt_rng_stream(&r, seed, rt_mix64(h ^ rt_mix64((uint64_t)config + 1)));
        rt_tune_param_draw(&s->params[i], rt_rng_uniform(&r), values[i]);
    }
}

static void print_header(FILE *f, const RtTuneSpace *s) {
    fprintf(f, "trial  bracket rung epochs  %-10s   trial-s  elapsed-s  configuration\n",
            s->objective);
}

static void print_trial(FILE *f, const RtTuneSpace *s, const RtTuneTrial *t, int best) {
    fprintf(f, "%5d  %7d %4d %6d  %10.4f %9.2f %10.1f  ", t->id, t->bracket, t->rung, t->epochs,
            t->val, t->seconds, t->elapsed);
    for (int32_t i = 0; i < s->n_params; i++)
        fprintf(f, "%s%s=%s", i ? " " : "", s->params[i].name, t->values[i]);
    fprintf(f, "%s\n", best ? "  *" : "");
    fflush(f);
}

// Rung epochs: min_epochs, x eta, ... up to max_epochs (the last rung is max_epochs exactly).
static int32_t rungs(const RtTuneSpace *s, int32_t *epochs) {
    int32_t n = 0;
    int64_t e = s->min_epochs;
    while (n < MAX_RUNGS - 1 && e < s->max_epochs) {
        epochs[n++] = (int32_t)e;
        e *= s->eta;
    }
    epochs[n++] = s->max_epochs;
    return n;
}

typedef struct Search {
    const RtTuneSpace *s;
    const RtTuneConfig *c;
    RtTuneRunFn *run;
    void *ctx;
    RtTuneResult *out;
    int32_t cap;
    double t0;
    double sum_seconds, sum_epochs;     // what the trials so far cost: the estimate of the next
    int32_t top_rung;                   // the highest rung run so far
    int stop;                           // the budget (or max_trials) ended the search
    int32_t ran;                        // trials run (not found done) in the current round
} Search;

static double now(const Search *q) {
    return q->c->clock ? q->c->clock(q->c->clock_ctx) : wall(NULL);
}

// Runs config at (bracket, rung); its values are in values. *index receives the trial's index,
// or that of an earlier trial of the same values and epochs (a small space of choices draws the
// same configuration again: its result is reused, not run twice). Returns 0 (q->stop set when
// the budget ends the search first), or -1 with err set.
static int trial(Search *q, int32_t config, int32_t bracket, int32_t rung, int32_t epochs,
                 int32_t last_rung, const char (*values)[RT_TUNE_VALUE_MAX], int32_t *index,
                 RtError *err) {
    RtTuneResult *o = q->out;
    for (int32_t i = 0; i < o->n; i++)
        if (o->trials[i].epochs == epochs &&
            memcmp(o->trials[i].values, values, sizeof o->trials[i].values) == 0) {
            *index = i;
            return 0;
        }
    double start = now(q);
    if (q->c->max_trials > 0 && o->n >= q->c->max_trials)
        return q->stop = 1, 0;
    if (o->n > 0 && start - q->t0 + q->sum_seconds / q->sum_epochs * epochs > q->c->budget)
        return q->stop = 1, 0;
    if (o->n == q->cap) {
        int32_t cap = q->cap ? q->cap * 2 : 64;
        RtTuneTrial *t = realloc(o->trials, (size_t)cap * sizeof *t);
        if (!t)
            return rt_err(err, NULL, 0, "out of memory for %d trials", cap);
        o->trials = t;
        q->cap = cap;
    }
    RtTuneTrial *t = &o->trials[o->n];
    memset(t, 0, sizeof *t);
    t->id = o->n;
    t->config = config;
    t->bracket = bracket;
    t->rung = rung;
    t->epochs = epochs;
    memcpy(t->values, values, sizeof t->values);
    t->val = t->test = NAN;
    if (q->run(q->ctx, q->s, values, epochs, rung == last_rung, &t->val, &t->test, err) < 0)
        return -1;
    double end = now(q);
    t->seconds = end - start;
    t->elapsed = end - q->t0;
    *index = o->n++;
    q->ran++;
    q->sum_seconds += t->seconds;
    q->sum_epochs += epochs;
    if (o->n == 1 && t->elapsed > q->c->budget)
        return rt_err(err, NULL, 0, "--budget %gs is too small for one trial: the first, %d "
                      "epoch(s), took %.1f s", q->c->budget, epochs, t->seconds);
    // The best so far: the highest rung first, then the objective.
    int best = 0;
    if (rung > q->top_rung || o->best < 0) {
        q->top_rung = rung;
        o->best = t->id;
        best = 1;
    } else if (rung == q->top_rung && better(q->s, t->val, o->trials[o->best].val)) {
        o->best = t->id;
        best = 1;
    }
    if (q->c->out)
        print_trial(q->c->out, q->s, t, best);
    return 0;
}

// Orders the indices idx[0..n) of trials by objective, best first (stable: ties by id).
static void sort_by_val(const Search *q, int32_t *idx, int32_t n) {
    for (int32_t i = 1; i < n; i++) {
        int32_t v = idx[i], j = i;
        while (j > 0 && better(q->s, q->out->trials[v].val, q->out->trials[idx[j - 1]].val)) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

// One bracket: n configurations from *next_config at rung `first`, then the best 1/eta of each
// rung on to the next, up to the last.
static int bracket(Search *q, int32_t b, int32_t first, int32_t n, const int32_t *epochs,
                   int32_t n_rungs, int32_t *next_config, RtError *err) {
    int32_t *cfg = malloc((size_t)n * sizeof *cfg), *idx = malloc((size_t)n * sizeof *idx);
    char(*values)[RT_TUNE_VALUE_MAX] = malloc(sizeof(char[RT_TUNE_MAX_PARAMS][RT_TUNE_VALUE_MAX]));
    int rc = -1;
    if (!cfg || !idx || !values) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int32_t i = 0; i < n; i++)
        cfg[i] = (*next_config)++;
    for (int32_t r = first; r < n_rungs && n > 0; r++) {
        for (int32_t i = 0; i < n; i++) {
            draw(q->s, q->c->seed, cfg[i], values);
            memset(values + q->s->n_params, 0,
                   (size_t)(RT_TUNE_MAX_PARAMS - q->s->n_params) * RT_TUNE_VALUE_MAX);
            if (trial(q, cfg[i], b, r, epochs[r], n_rungs - 1,
                      (const char(*)[RT_TUNE_VALUE_MAX])values, &idx[i], err) < 0)
                goto out;
            if (q->stop) {
                rc = 0;
                goto out;
            }
        }
        sort_by_val(q, idx, n);
        int32_t keep = n / q->s->eta;
        if (keep < 1)
            keep = 1;
        for (int32_t i = 0; i < keep; i++)
            cfg[i] = q->out->trials[idx[i]].config;
        n = r + 1 < n_rungs ? keep : 0;
    }
    rc = 0;
out:
    free(cfg);
    free(idx);
    free(values);
    return rc;
}

int rt_tune_run(const RtTuneSpace *s, const RtTuneConfig *c, RtTuneRunFn *run, void *ctx,
                RtTuneResult *out, RtError *err) {
    memset(out, 0, sizeof *out);
    out->best = -1;
    int32_t epochs[MAX_RUNGS];
    int32_t n_rungs = rungs(s, epochs), R = n_rungs - 1, next_config = 0;
    Search q = {.s = s, .c = c, .run = run, .ctx = ctx, .out = out, .top_rung = -1};
    q.t0 = now(&q);
    if (c->out)
        print_header(c->out, s);
    // Hyperband's brackets, most exploratory first (bracket k starts at rung R - k with about
    // (R + 1) / (k + 1) eta^k configurations), over and over until the budget ends.
    for (int32_t round = 0, idle = 0; !q.stop; round++) {
        q.ran = 0;
        for (int32_t k = R; k >= 0 && !q.stop; k--) {
            double n = ceil((double)(R + 1) / (k + 1) * pow(s->eta, k));
            int32_t b = round * (R + 1) + (R - k);
            if (bracket(&q, b, R - k, n < 100000 ? (int32_t)n : 100000, epochs, n_rungs,
                        &next_config, err) < 0)
                return -1;
        }
        // 64 rounds in a row that drew only configurations already run: the space is spent.
        if ((idle = q.ran ? 0 : idle + 1) == 64)
            break;
    }
    out->elapsed = now(&q) - q.t0;
    return 0;
}

void rt_tune_result_free(RtTuneResult *r) {
    free(r->trials);
    memset(r, 0, sizeof *r);
    r->best = -1;
}

static void trial_json(RtJson *j, const RtTuneSpace *s, const RtTuneTrial *t) {
    rt_json_object(j);
    rt_json_key(j, "trial");
    rt_json_int(j, t->id);
    rt_json_key(j, "config");
    rt_json_int(j, t->config);
    rt_json_key(j, "bracket");
    rt_json_int(j, t->bracket);
    rt_json_key(j, "rung");
    rt_json_int(j, t->rung);
    rt_json_key(j, "epochs");
    rt_json_int(j, t->epochs);
    rt_json_key(j, "set");
    rt_json_object(j);
    for (int32_t i = 0; i < s->n_params; i++) {
        rt_json_key(j, s->params[i].name);
        rt_json_str(j, t->values[i]);
    }
    rt_json_end_object(j);
    rt_json_key(j, s->objective);
    rt_json_num(j, t->val);
    if (t->test == t->test) {
        char key[40];  // the objective's test twin: val_ndcg@10 -> test_ndcg@10
        snprintf(key, sizeof key, "test_%s", s->objective + 4);
        rt_json_key(j, key);
        rt_json_num(j, t->test);
    }
    rt_json_key(j, "seconds");
    rt_json_num(j, t->seconds);
    rt_json_key(j, "elapsed");
    rt_json_num(j, t->elapsed);
    rt_json_end_object(j);
}

int rt_tune_write_json(const char *path, const RtTuneSpace *s, const RtTuneConfig *c,
                       const RtTuneResult *r, RtError *err) {
    RtJson j;
    rt_json_init(&j, 1);
    rt_json_object(&j);
    rt_json_key(&j, "objective");
    rt_json_str(&j, s->objective);
    rt_json_key(&j, "budget_seconds");
    rt_json_num(&j, c->budget);
    rt_json_key(&j, "seed");
    rt_json_u64(&j, c->seed);
    rt_json_key(&j, "eta");
    rt_json_int(&j, s->eta);
    rt_json_key(&j, "min_epochs");
    rt_json_int(&j, s->min_epochs);
    rt_json_key(&j, "max_epochs");
    rt_json_int(&j, s->max_epochs);
    rt_json_key(&j, "elapsed_seconds");
    rt_json_num(&j, r->elapsed);
    rt_json_key(&j, "best");
    if (r->best >= 0)
        trial_json(&j, s, &r->trials[r->best]);
    else
        rt_json_null(&j);
    rt_json_key(&j, "trials");
    rt_json_array(&j);
    for (int32_t i = 0; i < r->n; i++)
        trial_json(&j, s, &r->trials[i]);
    rt_json_end_array(&j);
    rt_json_end_object(&j);
    int rc;
    if (j.oom) {
        rc = rt_err(err, path, 0, "out of memory writing the trials");
    } else {
        const void *parts[] = {j.buf, "\n"};
        size_t sizes[] = {j.len, 1};
        rc = rt_file_write_atomic(path, parts, sizes, 2, err);
    }
    rt_json_free(&j);
    return rc;
}
