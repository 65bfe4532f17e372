// train_state.c — the training state file of --checkpoint / --resume (train_state.h). A
// safetensors file: the tensors are the parameters, Adam's moments and --early-stop's best
// weights; "__metadata__" holds the run's identity and position as strings, doubles in C99 hex
// ("%a") so that they come back bit for bit.
#include "train_state.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define FORMAT "hgnn-train-state"
#define VERSION "1"

// ---- fingerprints ------------------------------------------------------------------------------

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s) { return fnv(h, s ? s : "", s ? strlen(s) + 1 : 1); }

static uint64_t fnv_i64(uint64_t h, int64_t v) { return fnv(h, &v, sizeof v); }

uint64_t rt_model_fingerprint(const HgnnModel *m) {
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv_str(h, m->name);
    for (int32_t t = 0; t < m->n_node_types; t++)
        h = fnv_i64(fnv_str(h, m->node_types[t].name), m->node_types[t].feat_width);
    for (int32_t e = 0; e < m->n_edge_types; e++)
        h = fnv_str(h, m->edge_types[e].name);
    h = fnv_i64(h, m->label_edge_type);
    for (int32_t i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &m->params[i];
        h = fnv_str(h, p->name);
        int64_t f[5] = {p->rows_dim, p->init, p->rows, p->cols, p->flags};
        h = fnv(h, f, sizeof f);
        h = fnv(h, &p->init_a, sizeof p->init_a);
    }
    // A bf16 model computes other steps than its fp32 twin: its state is another run's. fp32
    // adds nothing, so states written before ABI 9 keep their fingerprints.
    if (m->precision != HGNN_PRECISION_FP32)
        h = fnv_i64(h, m->precision);
    return h;
}

uint64_t rt_graph_fingerprint(const RtGraph *g) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (int32_t t = 0; t < g->n_node_types; t++) {
        const RtNodeStore *n = &g->nodes[t];
        h = fnv_i64(fnv_i64(fnv_str(h, n->name), n->count), n->feat_width);
        if (n->x)
            h = fnv(h, n->x, (size_t)(n->count * n->feat_width) * sizeof *n->x);
    }
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        const RtEdgeStore *s = &g->edges[e];
        h = fnv_i64(fnv_str(h, s->name), s->count);
        h = fnv(h, s->src, (size_t)s->count * sizeof *s->src);
        h = fnv(h, s->dst, (size_t)s->count * sizeof *s->dst);
    }
    return h;
}

// ---- the run's identity -------------------------------------------------------------------------

// The fields of RtRunIdentity beside the model's name, as the metadata strings a training state
// holds: rt_train_state_save writes them, rt_train_state_load compares them one by one.
typedef struct IdField {
    const char *key;        // metadata key
    const char *what;       // how a refusal names it: "--seed 0, this run has 1"
    char text[160];         // this run's value, as written (a schedule's is the longest)
} IdField;

enum { N_ID_FIELDS = 15 };

static void identity_fields(const RtRunIdentity *id, IdField *f) {
    int n = 0;
#define FIELD(KEY, WHAT, ...) \
    (f[n].key = KEY, f[n].what = WHAT, snprintf(f[n].text, sizeof f[n].text, __VA_ARGS__), n++)
    FIELD("model_id", "a model with fingerprint", "%016" PRIx64, id->model_id);
    FIELD("data_id", "data with fingerprint", "%016" PRIx64, id->data_id);
    FIELD("seed", "--seed", "%" PRIu64, id->seed);
    FIELD("ranks", "a rank count of", "%d", id->ranks);
    FIELD("optimizer", "--optimizer", "%s", rt_optimizer_name(id->optimizer));
    FIELD("batch_size", "a batch size of", "%d", id->batch_size);
    FIELD("lr", "--lr", "%a", (double)id->lr);      // exact: the same float, the same text
    FIELD("weight_decay", "weight_decay", "%a", (double)id->weight_decay);
    FIELD("clip_norm", "clip_norm", "%a", (double)id->clip_norm);
    FIELD("lr_schedule", "a learning-rate schedule of", "%s",
          id->lr_schedule ? id->lr_schedule : "constant");
    FIELD("limit_batches", "--limit-batches", "%" PRId64, id->limit_batches);
    FIELD("eval_every", "--eval-every", "%d", id->eval_every);
    FIELD("early_stop", "--early-stop", "%d", id->early_stop);
    FIELD("neg_ratio", "a neg_ratio of", "%.9g", (double)id->neg_ratio);
    FIELD("split_neg_ratio", "a split_neg_ratio of", "%.9g", (double)id->split_neg_ratio);
#undef FIELD
    assert(n == N_ID_FIELDS);
}

// ---- metadata ----------------------------------------------------------------------------------

// Key-value strings for "__metadata__", in buffers the writer owns.
typedef struct Meta {
    const char *kv[64];
    int n;
    char buf[4096];
    size_t used;
    char *history;          // malloc'd: "loss seconds batches labels val_auc val_rmse;" per epoch
} Meta;

static void put(Meta *m, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(Meta *m, const char *key, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *at = m->buf + m->used;
    int k = vsnprintf(at, sizeof m->buf - m->used, fmt, ap);
    va_end(ap);
    m->used += (size_t)k + 1;
    m->kv[m->n++] = key;
    m->kv[m->n++] = at;
}

// The tensors of the file: params, then adam_m.*, adam_v.*, then best.* (when best is given),
// named into *names (one malloc'd block). Returns the count, or -1 when out of memory.
static int32_t state_tensors(const RtTrainer *t, int32_t np, const RtTensor *best, RtTensor *ts,
                             char **names) {
    static const char *prefix[] = {"", "adam_m.", "adam_v.", "best."};
    int32_t parts = best ? 4 : 3;
    for (int k = 0; k < 3; k++)
        if (rt_trainer_state_tensors(t, k, ts + k * np) < 0)
            return -1;
    if (best)
        memcpy(ts + 3 * np, best, (size_t)np * sizeof *ts);
    size_t len = 0;
    for (int32_t i = 0; i < parts * np; i++)
        len += strlen(prefix[i / np]) + strlen(ts[i].name) + 1;
    char *at = *names = malloc(len + 1);
    if (!at)
        return -1;
    for (int32_t i = 0; i < parts * np; i++) {
        int n = sprintf(at, "%s%s", prefix[i / np], ts[i].name);
        ts[i].name = at;
        at += n + 1;
    }
    return parts * np;
}

int rt_train_state_save(const char *path, const RtRunIdentity *id, const RtTrainState *s,
                        const RtTrainer *t, const RtTensor *best, RtError *err) {
    int32_t np = rt_trainer_model(t)->n_params;
    RtTensor *ts = calloc((size_t)(4 * np + 1), sizeof *ts);
    char *names = NULL;
    Meta meta = {0};
    int rc = -1;
    int32_t n = ts ? state_tensors(t, np, best, ts, &names) : -1;
    size_t hl = (size_t)s->n_epochs * 256 + 1;     // an epoch takes at most ~190 characters
    if (n < 0 || !(meta.history = malloc(hl))) {
        rt_err(err, path, 0, "out of memory writing the training state");
        goto out;
    }
    meta.history[0] = 0;
    size_t used = 0;
    for (int32_t e = 0; e < s->n_epochs; e++) {
        const RtEpochStats *x = &s->epochs[e];
        used += (size_t)snprintf(meta.history + used, hl - used,
                                 "%a %a %" PRId64 " %" PRId64 " %a %a;", x->loss, x->seconds,
                                 x->batches, x->labels, x->val_auc, x->val_rmse);
    }
    put(&meta, "format", "%s", FORMAT);
    put(&meta, "version", "%s", VERSION);
    put(&meta, "producer", "%s", "hgnn-run");
    put(&meta, "model", "%s", id->model ? id->model : "");
    IdField idf[N_ID_FIELDS];
    identity_fields(id, idf);
    for (int k = 0; k < N_ID_FIELDS; k++)
        put(&meta, idf[k].key, "%s", idf[k].text);
    put(&meta, "epoch", "%d", s->epoch);
    put(&meta, "batch", "%" PRId64, s->cursor.batch);
    put(&meta, "loss_sum", "%a", s->cursor.loss_sum);
    put(&meta, "n_labels", "%" PRId64, s->cursor.n_labels);
    put(&meta, "adam_steps", "%" PRId64, s->steps);
    put(&meta, "best", "%a %d %d %d", s->best_score, s->best_epoch, s->stale, best != NULL);
    meta.kv[meta.n++] = "history";
    meta.kv[meta.n++] = meta.history;
    meta.kv[meta.n] = NULL;
    rc = rt_safetensors_save(path, ts, n, meta.kv, err);
out:
    free(meta.history);
    free(names);
    free(ts);
    return rc;
}

// ---- reading -----------------------------------------------------------------------------------

typedef struct Reader {
    const char *path;
    const RtJsonValue *meta;
    RtError *err;
} Reader;

static const char *get(Reader *r, const char *key) {
    const RtJsonValue *v = rt_json_get(r->meta, key);
    if (!v || v->kind != JV_STR) {
        rt_err(r->err, r->path, 0, "not a training state of hgnn-run: no '%s' in its metadata",
               key);
        return NULL;
    }
    return v->str;
}

static int get_i64(Reader *r, const char *key, int64_t lo, int64_t hi, int64_t *out) {
    const char *s = get(r, key);
    if (!s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        return rt_err(r->err, r->path, 0, "damaged training state: %s = '%.40s'", key, s);
    *out = v;
    return 0;
}

static int get_f64(Reader *r, const char *key, double *out) {
    const char *s = get(r, key);
    if (!s)
        return -1;
    char *end;
    *out = strtod(s, &end);
    if (!*s || *end)
        return rt_err(r->err, r->path, 0, "damaged training state: %s = '%.40s'", key, s);
    return 0;
}

// A mismatch between the file's run and this one: the one-line refusal.
static int differs(Reader *r, const char *what, const char *file_has, const char *run_has) {
    return rt_err(r->err, r->path, 0,
                  "cannot resume: the checkpoint was written with %s %s, this run has %s", what,
                  file_has, run_has);
}

static int check_identity(Reader *r, const RtRunIdentity *id) {
    const char *s;
    if (!(s = get(r, "model")))
        return -1;
    if (strcmp(s, id->model ? id->model : "") != 0)
        return differs(r, "model", s, id->model);
    IdField f[N_ID_FIELDS];
    identity_fields(id, f);
    for (int k = 0; k < N_ID_FIELDS; k++) {
        if (!(s = get(r, f[k].key)))
            return -1;
        if (strcmp(s, f[k].text) == 0)
            continue;
        if (strcmp(f[k].key, "lr") == 0) {     // shown as people write it, not in hex
            char a[32], b[32];
            snprintf(a, sizeof a, "%g", strtod(s, NULL));
            snprintf(b, sizeof b, "%g", (double)id->lr);
            return differs(r, f[k].what, a, b);
        }
        return differs(r, f[k].what, s, f[k].text);
    }
    return 0;
}

// "loss seconds batches labels val_auc val_rmse;" per finished epoch.
static int parse_history(Reader *r, const char *h, int32_t n, RtEpochStats *out) {
    for (int32_t e = 0; e < n; e++) {
        RtEpochStats *x = &out[e];
        char *end;
        x->epoch = e + 1;
        x->cpu_seconds = NAN;       // not kept: a resumed run's CPU time is its own
        x->comm_seconds = 0.0;
        x->model_seconds = x->optimizer_seconds = x->wait_seconds = NAN;
        x->loss = strtod(h, &end);
        int ok = end != h && *end == ' ';
        if (ok) {
            x->seconds = strtod(h = end + 1, &end);
            ok = end != h && *end == ' ';
        }
        if (ok) {
            x->batches = strtoll(h = end + 1, &end, 10);
            ok = end != h && *end == ' ' && x->batches >= 0;
        }
        if (ok) {
            x->labels = strtoll(h = end + 1, &end, 10);
            ok = end != h && *end == ' ' && x->labels >= 0;
        }
        if (ok) {
            x->val_auc = strtod(h = end + 1, &end);
            ok = end != h && *end == ' ';
        }
        if (ok) {
            x->val_rmse = strtod(h = end + 1, &end);
            ok = end != h && *end == ';';
        }
        if (!ok)
            return rt_err(r->err, r->path, 0, "damaged training state: history of epoch %d",
                          e + 1);
        h = end + 1;
    }
    if (*h)
        return rt_err(r->err, r->path, 0, "damaged training state: history has more than %d "
                      "epoch(s)", n);
    return 0;
}

int rt_train_state_load(const char *path, const RtRunIdentity *id, RtTrainState *s,
                        RtTrainer *t, RtTensor *best, RtError *err) {
    RtJsonValue meta;
    if (rt_safetensors_metadata(path, &meta, err) < 0)
        return -1;
    Reader r = {path, &meta, err};
    int rc = -1;
    RtTensor *ts = NULL;
    char *names = NULL;
    RtEpochStats *hist = NULL;
    const RtJsonValue *f = rt_json_get(&meta, "format");
    if (!f || f->kind != JV_STR || strcmp(f->str, FORMAT) != 0) {
        rt_err(err, path, 0, "not a training state of hgnn-run (a --save file holds only "
               "weights: use --load)");
        goto out;
    }
    const char *v = get(&r, "version");
    if (!v)
        goto out;
    if (strcmp(v, VERSION) != 0) {
        rt_err(err, path, 0, "training state version %.20s, this hgnn-run reads version "
               VERSION, v);
        goto out;
    }
    if (check_identity(&r, id) < 0)
        goto out;
    int64_t epoch, batch, n_labels, steps;
    double loss_sum;
    if (get_i64(&r, "epoch", 1, RT_MAX_EPOCHS + 1, &epoch) < 0 ||
        get_i64(&r, "batch", 0, INT32_MAX, &batch) < 0 ||
        get_i64(&r, "n_labels", 0, INT64_MAX, &n_labels) < 0 ||
        get_i64(&r, "adam_steps", 0, INT64_MAX, &steps) < 0 ||
        get_f64(&r, "loss_sum", &loss_sum) < 0)
        goto out;
    if (epoch - 1 > s->cap_epochs) {
        rt_err(err, path, 0, "cannot resume: the checkpoint has %lld epoch(s) done, this run "
               "trains %d (raise --epochs)", (long long)epoch - 1, s->cap_epochs);
        goto out;
    }
    const char *b = get(&r, "best");
    if (!b)
        goto out;
    double best_score;
    int best_epoch, stale, has_best, used = 0;
    if (sscanf(b, "%la %d %d %d%n", &best_score, &best_epoch, &stale, &has_best, &used) != 4 ||
        b[used] || best_epoch < 0 || best_epoch >= epoch || stale < 0 || has_best < 0 ||
        has_best > 1) {
        rt_err(err, path, 0, "damaged training state: best = '%.40s'", b);
        goto out;
    }
    if (best && !has_best) {
        rt_err(err, path, 0, "cannot resume: the checkpoint holds no --early-stop weights");
        goto out;
    }
    const char *h = get(&r, "history");
    if (!h)
        goto out;
    if (!(hist = calloc((size_t)epoch, sizeof *hist))) {
        rt_err(err, path, 0, "out of memory");
        goto out;
    }
    if (parse_history(&r, h, (int32_t)epoch - 1, hist) < 0)
        goto out;
    // The tensors last: rt_safetensors_load writes nothing unless the whole file checks out.
    int32_t np = rt_trainer_model(t)->n_params;
    if (!(ts = calloc((size_t)(4 * np + 1), sizeof *ts))) {
        rt_err(err, path, 0, "out of memory");
        goto out;
    }
    int32_t n = state_tensors(t, np, best, ts, &names);
    if (n < 0) {
        rt_err(err, path, 0, "out of memory");
        goto out;
    }
    if (rt_safetensors_load(path, ts, n, err) < 0)
        goto out;
    rt_trainer_set_steps(t, steps);
    s->epoch = (int32_t)epoch;
    s->cursor = (RtEpochCursor){batch, loss_sum, n_labels};
    s->steps = steps;
    s->n_epochs = (int32_t)epoch - 1;
    memcpy(s->epochs, hist, (size_t)s->n_epochs * sizeof *hist);
    s->best_score = best_score;
    s->best_epoch = best_epoch;
    s->stale = stale;
    rc = 0;
out:
    free(hist);
    free(names);
    free(ts);
    rt_json_value_free(&meta);
    return rc;
}
