// train.c — the trainer. Takes a compiled model and a graph; runs the model's fused
// forward+backward on each batch a loader yields, applies Adam (or SparseAdam to the embeddings,
// --optimizer) and evaluates ROC AUC (RMSE for loss mse) over an evaluation loader. Training and
// evaluation share one per-batch loop (for_each_batch): batch i+1 is sampled on a second thread
// while batch i runs.
// Memory is allocated up front: a training step only grows a buffer when a batch is larger than
// every batch before it. The model's kernels and Adam run on the compute threads of a pool
// (pool.h), which change no number.
#include "train.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "dist.h"
#include "hgnn/limits.h"
#include "hugepage.h"
#include "kernels.h"
#include "model.h"
#include "pool.h"
#include "progress.h"    // rt_now
#include "rng.h"
#include "side.h"

// A batch to fill on the prefetch thread. Batches are pure functions of (loader, epoch, index),
// so whether a fill runs there or inline changes no number.
typedef struct Fill {
    const RtLoader *loader;
    int64_t index;
    RtBatch *out;
    int rc;
} Fill;

// rt_trainer_calibrate: steps first run on all the threads and not timed (the workspace grows,
// pages fault in), then steps timed in the order 1, N, N, 1, 1, N, ... (ABBA, so that a drift of
// the machine's load favours neither). N must beat one thread by CALIB_GAIN to be chosen: the
// calibration times the model's pass alone, and whole epochs gain less than it does (2026-12-06,
// quiet 2-core EPYC: the tutorial's pass 0.85-0.92 of one thread's, its epoch 1.10-1.20 times
// slower on two threads; GAT and LightGCN no faster either; docs/performance.md, "Threads").
enum { CALIB_WARM = 2, CALIB_STEPS = 16 };
#define CALIB_GAIN 0.80

struct RtTrainer {
    const HgnnModel *m;
    const RtGraph *g;
    RtTrainConfig cfg;
    RtTrainSettings set;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    int64_t dims0[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];   // V only
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];    // of the batch in
                                                                             // the model's view
    // Parameters, gradients and Adam moments: four contiguous arrays with the same layout, each
    // parameter starting on a 64-byte boundary, so Adam is one pass over `total` floats.
    int64_t total;
    int64_t *offset, *count;        // per parameter
    float *param, *grad, *adam_m, *adam_v;
    float **pp, **gp;               // per-parameter pointers handed to the model
    int64_t step;                   // Adam steps taken
    RtAdam adam;
    RtAdamStep adam_k;              // this step's constants
    // Sparse gradients (HGNN_PARAM_SPARSE_GRAD): the model writes an embedding's gradient only on
    // the batch's rows (HGNN_RUN_TRAIN_SPARSE); its other rows hold stale values, never read: to
    // Adam they are zero gradients (rt_adam_apply_rows), to SparseAdam absent.
    int32_t n_sparse;
    int32_t *sparse;                // the flagged parameters
    // sparse-adam on one rank: the model writes those gradients batch-compact (row r for the
    // batch's node r, HGNN_RUN_TRAIN_COMPACT), which SparseAdam and clipping then read in order.
    bool compact;
    uint8_t **in_batch;             // by parameter: 1 on the rows of the current batch, or NULL
    int64_t (*seg)[2];              // sparse-adam: [lo, hi) runs of the other parameters' floats
    int32_t n_seg;
    int64_t dense_total;            // floats in them
    double *clip_ss;                // clip_norm: the sum of squares of each CLIP_CHUNK of them
    // sparse-adam over several ranks: per parameter, the union of the ranks' batch rows
    // (sum_sparse) on which SparseAdam then steps, and a mark per row to build it.
    int32_t **urows;
    int64_t *n_urows;
    uint8_t **umark;
    float *workspace;
    int64_t workspace_cap;
    int32_t workspace_grows;
    float *scores;                  // evaluation: one score per label of the loader
    float *labels;
    int64_t scores_cap, n_scored;
    float *batch_scores;            // training: a batch's logits
    int64_t batch_scores_cap;
    HgnnHost host;
    RtPool *pool;                   // the compute threads: the model's kernels and Adam
    RtSide pf;                      // the prefetch thread
    Fill fill;                      // its task
    // --threads auto: the pool holds `many` threads; rt_trainer_calibrate's steps so far and
    // their milliseconds, on one thread ([0]) and on `many` ([1]).
    int32_t many;
    int calibrated;
    int32_t calib_steps;
    int32_t calib_n[2];
    double calib_ms[2][CALIB_STEPS];
    RtTrainTimes times;             // this epoch's
    // Double buffer: one batch runs while the prefetch thread fills the other. Last and on cache
    // lines of their own, so that thread's stores into a batch's counts share no line with
    // what the training thread reads.
    _Alignas(64) RtBatch batch[2];
};

static int plan_sparse(RtTrainer *t, RtError *err);
static int check_optimizer(RtTrainer *t, RtError *err);

// Floats of the dense gradients per partial sum of clip_norm's norm: fixed, so the sum's order,
// and the clipped bits, do not depend on the thread count.
#define CLIP_CHUNK 16384

// --threads auto: the cores this process may use, shared evenly among the ranks on its node
// when it is not pinned (mpirun --bind-to none: each rank sees every core), at most the pool's 64.
static int32_t auto_cores(const RtTrainConfig *cfg) {
    int32_t n = rt_pool_cores();
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    int local = cfg->dist ? cfg->dist->local_size : 1;
    if (local > 1 && n >= online)
        n /= local;
    return n < 1 ? 1 : n > 64 ? 64 : n;
}

void rt_train_defaults(RtTrainConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->epochs = -1;
    cfg->threads = RT_DEFAULT_THREADS;
    cfg->prefetch = 1;
}

// ---- prefetch thread

static void fill_task(void *ctx) {
    Fill *f = ctx;
    f->rc = rt_loader_fill(f->loader, f->index, f->out);
}

// Starts filling batch `index` of loader l into out: on the prefetch thread when there is one.
static void fill_begin(RtTrainer *t, const RtLoader *l, int64_t index, RtBatch *out) {
    t->fill = (Fill){l, index, out, 0};
    rt_side_post(&t->pf, fill_task, &t->fill);
}

// Waits for the fill fill_begin started; its rt_loader_fill's result.
static int fill_end(RtTrainer *t) {
    rt_side_wait(&t->pf);
    return t->fill.rc;
}

// ---- set-up

static int64_t round_up(int64_t n, int64_t a) { return (n + a - 1) / a * a; }

// Zeroed floats on a 64-byte boundary. Arrays of 8 MB and more (parameters, moments and
// workspace of a large graph, read at random rows) start on a 2 MB boundary and get transparent
// huge pages, asked for before the first touch: one TLB entry then covers 2 MB instead of 4 kB.
static float *alloc_floats(int64_t n) {
    void *p = NULL;
    size_t bytes = (size_t)(n > 0 ? n : 1) * sizeof(float);
    if (posix_memalign(&p, bytes >= (8u << 20) ? (2u << 20) : 64, bytes) != 0)
        return NULL;
    rt_huge_hint(p, bytes);
    memset(p, 0, bytes);
    return p;
}

// Lays out the parameters and initialises them, one after another in table order, from a single
// stream of the run's seed: the same seed gives the same weights whatever the thread count.
static int init_params(RtTrainer *t, RtError *err) {
    const HgnnModel *m = t->m;
    int32_t T = m->n_node_types;
    t->offset = calloc((size_t)m->n_params + 1, sizeof *t->offset);
    t->count = calloc((size_t)m->n_params + 1, sizeof *t->count);
    t->pp = calloc((size_t)m->n_params + 1, sizeof *t->pp);
    t->gp = calloc((size_t)m->n_params + 1, sizeof *t->gp);
    if (!t->offset || !t->count || !t->pp || !t->gp)
        return rt_err(err, NULL, 0, "out of memory");
    int64_t off = 0;
    for (int32_t i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &m->params[i];
        if (p->rows_dim >= T || (p->rows_dim < 0 && p->rows < 0) || p->cols < 0)
            return rt_err(err, NULL, 0, "model parameter '%s' has rows from dimension %d, which "
                          "is not a node count of the graph", p->name, p->rows_dim);
        int64_t rows = p->rows_dim >= 0 ? t->dims0[p->rows_dim] : p->rows;
        t->count[i] = rows * p->cols;
        t->offset[i] = off;
        off = round_up(off + t->count[i], 16);
    }
    t->total = off;
    t->param = alloc_floats(off);
    t->grad = alloc_floats(off);
    t->adam_m = alloc_floats(off);
    t->adam_v = alloc_floats(off);
    if (!t->param || !t->grad || !t->adam_m || !t->adam_v)
        return rt_err(err, NULL, 0, "out of memory for %lld parameters", (long long)off);
    RtRng rng;
    rt_rng_stream(&rng, t->cfg.seed, RT_STREAM_INIT);
    for (int32_t i = 0; i < m->n_params; i++) {
        t->pp[i] = t->param + t->offset[i];
        t->gp[i] = t->grad + t->offset[i];
        rt_param_init(&m->params[i], t->pp[i], t->count[i], &rng);
    }
    return 0;
}

RtTrainer *rt_trainer_new(const HgnnModel *m, const RtGraph *g, const RtTrainConfig *cfg,
                          RtError *err) {
    RtTrainer *t = NULL;   // 64-byte aligned, for its batches (see struct RtTrainer)
    if (posix_memalign((void **)&t, 64, sizeof *t) != 0) {
        rt_err(err, NULL, 0, "out of memory");
        return NULL;
    }
    memset(t, 0, sizeof *t);
    t->m = m;
    t->g = g;
    t->cfg = *cfg;
    const HgnnDefaults *d = &m->defaults;
    RtTrainSettings *set = &t->set;
    set->epochs = cfg->epochs >= 0 ? cfg->epochs : d->epochs;
    set->batch_size = cfg->batch_size > 0 ? cfg->batch_size : d->batch_size;
    set->lr = cfg->lr > 0 ? cfg->lr : d->lr;
    rt_batch_init(&t->batch[0]);
    rt_batch_init(&t->batch[1]);
    int32_t T = m->n_node_types, K = m->n_edge_types;
    if (T < 1 || T > HGNN_MAX_NODE_TYPES || K < 1 || K > HGNN_MAX_EDGE_TYPES ||
        m->label_edge_type < 0 || m->label_edge_type >= K) {
        rt_err(err, NULL, 0, "model '%s' has a malformed schema (%d node types, %d edge types)",
               m->name, T, K);
        goto bad;
    }
    if (set->batch_size <= 0 || set->epochs < 0 || !(set->lr > 0) || d->n_hops < 0 ||
        d->n_hops > HGNN_MAX_HOPS) {
        rt_err(err, NULL, 0, "model '%s' has unusable training defaults (batch size %d, lr %g, "
               "%d hops)", m->name, set->batch_size, (double)set->lr, d->n_hops);
        goto bad;
    }
    if (m->loss != HGNN_LOSS_BCE && m->loss != HGNN_LOSS_BPR && m->loss != HGNN_LOSS_MSE) {
        rt_err(err, NULL, 0, "model '%s' trains with loss kind %d, which hgnn-run cannot train "
               "(it knows bce_with_logits, bpr and mse)", m->name, m->loss);
        goto bad;
    }
    if (m->loss == HGNN_LOSS_BPR && !(d->neg_ratio > 0)) {
        rt_err(err, NULL, 0, "model '%s' trains with bpr, which needs negatives: neg_ratio must "
               "be above 0 (saw %g)", m->name, (double)d->neg_ratio);
        goto bad;
    }
    RtError merr;
    if (rt_graph_map_types(g, m->node_types, T, m->edge_types, K, t->node_map, t->edge_map,
                           &merr) < 0) {
        rt_err(err, NULL, 0, "model '%s' does not fit the data: %s", m->name, merr.msg);
        goto bad;
    }
    for (int32_t i = 0; i < T; i++)
        t->dims0[HGNN_DIM_V(i)] = g->nodes[t->node_map[i]].count;
    set->label_type = t->edge_map[m->label_edge_type];
    if (init_params(t, err) < 0)
        goto bad;
    for (int32_t i = 0; i < m->n_params; i++)
        set->n_params += t->count[i];
    if (check_optimizer(t, err) < 0)
        goto bad;
    t->adam = (RtAdam){.lr = set->lr, .beta1 = d->adam_beta1, .beta2 = d->adam_beta2,
                       .eps = d->adam_eps, .weight_decay = d->weight_decay,
                       .decoupled = set->optimizer == RT_OPT_ADAMW};
    if (d->adam_beta1 == 0 && d->adam_beta2 == 0 && d->adam_eps == 0) {
        // A model that does not say: torch.optim.Adam's defaults.
        t->adam.beta1 = 0.9f;
        t->adam.beta2 = 0.999f;
        t->adam.eps = 1e-8f;
    }
    if (plan_sparse(t, err) < 0)
        goto bad;
    if (set->clip_norm > 0 &&
        !(t->clip_ss = calloc((size_t)(t->dense_total / CLIP_CHUNK + 1), sizeof *t->clip_ss))) {
        rt_err(err, NULL, 0, "out of memory");
        goto bad;
    }
    // Compute threads come from our pool; OpenBLAS stays on one thread, as two of its threads
    // lose on the few skinny products that still reach it.
    int32_t n = cfg->threads;
    if (n == RT_THREADS_AUTO) {
        set->threads_auto = 1;
        set->cores = auto_cores(cfg);
        // Beside the prefetch thread, which samples while the step runs, on three cores or more
        // the compute threads leave it one.
        t->many = set->cores >= 3 && cfg->prefetch ? set->cores - 1 : set->cores;
        n = t->many;
    }
    t->pool = rt_pool_new(n);
    if (!t->pool) {
        rt_err(err, NULL, 0, "cannot start %d compute threads", n);
        goto bad;
    }
    if (set->threads_auto)
        rt_pool_set_threads(t->pool, 1);    // until rt_trainer_calibrate chooses
    set->threads = rt_pool_threads(t->pool);
    t->host.sgemm = rt_sgemm;
    t->host.n_threads = rt_pool_threads(t->pool);
    t->host.parallel_for = rt_pool_for;
    t->host.pool = t->pool;
    rt_blas_set_threads(1);
    if (cfg->prefetch)      // else (or when it cannot start) batches fill inline
        rt_side_start(&t->pf, "hgnn-sampler");
    return t;
bad:
    rt_trainer_free(t);
    return NULL;
}

void rt_trainer_free(RtTrainer *t) {
    if (!t)
        return;
    rt_side_stop(&t->pf);
    rt_pool_free(t->pool);
    rt_batch_free(&t->batch[0]);
    rt_batch_free(&t->batch[1]);
    free(t->offset);
    free(t->count);
    free(t->pp);
    free(t->gp);
    free(t->param);
    free(t->grad);
    free(t->adam_m);
    free(t->adam_v);
    free(t->sparse);
    free(t->seg);
    free(t->clip_ss);
    for (int32_t i = 0; t->urows && i < t->m->n_params; i++) {
        free(t->urows[i]);
        free(t->umark[i]);
    }
    free(t->urows);
    free(t->n_urows);
    free(t->umark);
    for (int32_t i = 0; t->in_batch && i < t->m->n_params; i++)
        free(t->in_batch[i]);
    free(t->in_batch);
    free(t->workspace);
    free(t->scores);
    free(t->labels);
    free(t->batch_scores);
    free(t);
}

// ---- steps

// Adam over one slice of the flat parameter arrays; every element's update is independent, so
// the slices (multiples of 16 floats, whole cache lines) change no bit of the result. The rows
// of a sparse gradient outside the batch run in stretches with a zero gradient.
static void adam_slice(void *ctx, int64_t lo, int64_t hi) {
    RtTrainer *t = ctx;
    for (int32_t i = 0; i < t->m->n_params; i++) {
        int64_t off = t->offset[i], end = off + round_up(t->count[i], 16);
        int64_t a = lo > off ? lo : off, b = hi < end ? hi : end;
        if (a >= b)
            continue;
        const uint8_t *in = t->in_batch ? t->in_batch[i] : NULL;
        if (!in) {
            rt_adam_apply(&t->adam_k, t->param + a, t->grad + a, t->adam_m + a, t->adam_v + a,
                          b - a);
            continue;
        }
        // Whole rows in one call; a row the slice cuts, alone; past the last row, padding.
        int64_t c = t->m->params[i].cols, rows = t->count[i] / c;
        for (int64_t x = a; x < b;) {
            int64_t r = (x - off) / c, y;
            if (r >= rows) {
                y = b;
                rt_adam_apply(&t->adam_k, t->param + x, NULL, t->adam_m + x, t->adam_v + x, y - x);
            } else if (x > off + r * c || off + (r + 1) * c > b) {
                y = off + (r + 1) * c < b ? off + (r + 1) * c : b;
                rt_adam_apply(&t->adam_k, t->param + x, in[r] ? t->grad + x : NULL,
                              t->adam_m + x, t->adam_v + x, y - x);
            } else {
                int64_t r1 = (b - off) / c < rows ? (b - off) / c : rows;
                y = off + r1 * c;
                rt_adam_apply_rows(&t->adam_k, t->param + x, t->grad + x, t->adam_m + x,
                                   t->adam_v + x, c, in + r, r1 - r);
            }
            x = y;
        }
    }
}

// sparse-adam: Adam over [lo, hi) of the floats of the parameters that are not sparse, counted
// through the runs in t->seg.
static void adam_dense_slice(void *ctx, int64_t lo, int64_t hi) {
    RtTrainer *t = ctx;
    int64_t at = 0;
    for (int32_t s = 0; s < t->n_seg && at < hi; s++) {
        int64_t len = t->seg[s][1] - t->seg[s][0];
        int64_t a = lo > at ? lo - at : 0, b = hi - at < len ? hi - at : len;
        if (a < b) {
            int64_t o = t->seg[s][0] + a;
            rt_adam_apply(&t->adam_k, t->param + o, t->grad + o, t->adam_m + o, t->adam_v + o,
                          b - a);
        }
        at += len;
    }
}

typedef struct SparseJob {
    RtTrainer *t;
    int32_t p;                      // parameter
    const int32_t *rows;            // the batch's global ids of its node type
} SparseJob;

static void sparse_adam_slice(void *ctx, int64_t lo, int64_t hi) {
    const SparseJob *j = ctx;
    RtTrainer *t = j->t;
    int64_t o = t->offset[j->p], c = t->m->params[j->p].cols;
    const float *g = t->grad + o + (t->compact ? lo * c : 0);
    rt_sparse_adam_rows(&t->adam, t->step, t->param + o, g, t->adam_m + o, t->adam_v + o, c,
                        j->rows + lo, hi - lo, t->compact);
}

// Sets in_batch of every sparse gradient to `on` at the rows of batch hb.
static void mark_batch_rows(RtTrainer *t, const HgnnBatch *hb, uint8_t on) {
    int32_t T = t->m->n_node_types;
    for (int32_t k = 0; k < t->n_sparse; k++) {
        int32_t p = t->sparse[k], nt = t->m->params[p].rows_dim;
        for (int64_t r = 0; r < hb->dims[HGNN_DIM_N(T, nt)]; r++)
            t->in_batch[p][hb->node_ids[nt][r]] = on;
    }
}

// Calls fn on the pieces of the gradient that floats [lo, hi) of the dense runs (t->seg) cover.
static void dense_pieces(RtTrainer *t, int64_t lo, int64_t hi, void (*fn)(float *, int64_t, void *),
                         void *arg) {
    int64_t at = 0;
    for (int32_t s = 0; s < t->n_seg && at < hi; s++) {
        int64_t len = t->seg[s][1] - t->seg[s][0];
        int64_t a = lo > at ? lo - at : 0, b = hi - at < len ? hi - at : len;
        if (a < b)
            fn(t->grad + t->seg[s][0] + a, b - a, arg);
        at += len;
    }
}

static void add_squares(float *x, int64_t n, void *arg) { *(double *)arg += rt_sum_squares(x, n); }

static void scale_floats(float *x, int64_t n, void *arg) {
    float c = *(float *)arg;
    for (int64_t i = 0; i < n; i++)
        x[i] *= c;
}

static void clip_sum_slice(void *ctx, int64_t lo, int64_t hi) {
    RtTrainer *t = ctx;
    for (int64_t k = lo; k < hi; k++) {
        t->clip_ss[k] = 0.0;
        dense_pieces(t, k * CLIP_CHUNK, (k + 1) * CLIP_CHUNK, add_squares, &t->clip_ss[k]);
    }
}

typedef struct ScaleJob {
    RtTrainer *t;
    float coef;
} ScaleJob;

static void clip_scale_slice(void *ctx, int64_t lo, int64_t hi) {
    ScaleJob *j = ctx;
    dense_pieces(j->t, lo, hi, scale_floats, &j->coef);
}

// The rows of sparse gradient k (of t->sparse) that this step applies: the batch's rows of its
// node type, or over several ranks with sparse-adam the union of every rank's.
static const int32_t *step_rows(const RtTrainer *t, const HgnnBatch *hb, int32_t k, int64_t *n) {
    int32_t p = t->sparse[k], nt = t->m->params[p].rows_dim;
    if (t->urows) {
        *n = t->n_urows[p];
        return t->urows[p];
    }
    *n = hb->dims[HGNN_DIM_N(t->m->n_node_types, nt)];
    return hb->node_ids[nt];
}

// torch.nn.utils.clip_grad_norm_(params, max_norm): the 2-norm of every gradient the step
// applies, the dense parameters' whole and a sparse gradient's rows (the rest of an embedding's
// gradient is zero to Adam and absent to SparseAdam), then each multiplied by
// max_norm / (norm + 1e-6) when that is below 1. Over several ranks the gradient is the summed
// one, the same on every rank, so every rank clips alike. Squares are summed in double, per
// fixed chunk then in order, so the result does not depend on the thread count.
static void clip_gradients(RtTrainer *t, const HgnnBatch *hb) {
    int64_t chunks = (t->dense_total + CLIP_CHUNK - 1) / CLIP_CHUNK;
    rt_pool_for(t->pool, clip_sum_slice, t, chunks, 1);
    double ss = 0.0;
    for (int64_t k = 0; k < chunks; k++)
        ss += t->clip_ss[k];
    for (int32_t k = 0; k < t->n_sparse; k++) {
        int64_t n, c = t->m->params[t->sparse[k]].cols;
        const int32_t *rows = step_rows(t, hb, k, &n);
        const float *g = t->grad + t->offset[t->sparse[k]];
        for (int64_t i = 0; i < n; i++)
            ss += rt_sum_squares(g + (t->compact ? i : (int64_t)rows[i]) * c, c);
    }
    ScaleJob job = {t, rt_clip_coef(sqrt(ss), t->set.clip_norm)};
    if (job.coef >= 1.0f)
        return;     // torch multiplies by 1.0: no change
    rt_pool_for(t->pool, clip_scale_slice, &job, t->dense_total, 16384);
    for (int32_t k = 0; k < t->n_sparse; k++) {
        int64_t n, c = t->m->params[t->sparse[k]].cols;
        const int32_t *rows = step_rows(t, hb, k, &n);
        float *g = t->grad + t->offset[t->sparse[k]];
        for (int64_t i = 0; i < n; i++)
            scale_floats(g + (t->compact ? i : (int64_t)rows[i]) * c, c, &job.coef);
    }
}

// One optimizer step after the model has written the gradients of batch hb: step t->step
// (counted from 1) at the schedule's rate for index t->step - 1.
static void optimizer_step(RtTrainer *t, const HgnnBatch *hb) {
    int32_t T = t->m->n_node_types;
    if (t->set.clip_norm > 0)
        clip_gradients(t, hb);
    t->adam.lr = rt_lr_at(&t->set.schedule, t->step - 1);
    rt_adam_prepare(&t->adam, t->step, &t->adam_k);
    if (t->cfg.optimizer == RT_OPT_SPARSE_ADAM) {
        rt_pool_for(t->pool, adam_dense_slice, t, t->dense_total, 16384);
        // The sparse rows go to every thread of the pool, also when --threads auto runs the
        // model's kernels on one: they are scattered over tables of tens of MB on large graphs,
        // so their update waits on memory, and a second core doubles the misses in flight (25M
        // ratings: SparseAdam 35% faster, the epoch 13%; docs/performance.md). Rows are
        // independent: no bit changes.
        int model_threads = rt_pool_threads(t->pool);
        if (t->set.threads_auto && t->many > model_threads)
            rt_pool_set_threads(t->pool, t->many);
        for (int32_t k = 0; k < t->n_sparse; k++) {
            int32_t p = t->sparse[k], nt = t->m->params[p].rows_dim;
            SparseJob job = {t, p, hb->node_ids[nt]};
            int64_t n = hb->dims[HGNN_DIM_N(T, nt)];
            if (t->urows) {     // several ranks: the union of their rows
                job.rows = t->urows[p];
                n = t->n_urows[p];
            }
            rt_pool_for(t->pool, sparse_adam_slice, &job, n, 256);
        }
        rt_pool_set_threads(t->pool, model_threads);
        return;
    }
    mark_batch_rows(t, hb, 1);
    rt_pool_for(t->pool, adam_slice, t, t->total, 16384);
    mark_batch_rows(t, hb, 0);
}

static int many_ranks(const RtTrainer *t) { return t->cfg.dist && t->cfg.dist->size > 1; }

// The run mode of a training step: sparse gradients (if any) on the batch's rows only, and
// batch-compact when nothing reads them at their node ids.
static int32_t train_mode(const RtTrainer *t) {
    return t->compact ? HGNN_RUN_TRAIN_COMPACT
           : t->n_sparse > 0 ? HGNN_RUN_TRAIN_SPARSE
                             : HGNN_RUN_TRAIN;
}

// Which parameters have sparse gradients, and the runs of the others for sparse-adam. Over
// several ranks with Adam none has: the summed gradient is dense (the union of every rank's
// rows); with sparse-adam the ranks exchange their rows (sum_sparse).
static int plan_sparse(RtTrainer *t, RtError *err) {
    const HgnnModel *m = t->m;
    t->sparse = calloc((size_t)m->n_params + 1, sizeof *t->sparse);
    t->seg = calloc((size_t)m->n_params + 1, sizeof *t->seg);
    if (!t->sparse || !t->seg)
        return rt_err(err, NULL, 0, "out of memory");
    for (int32_t i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &m->params[i];
        if ((p->flags & HGNN_PARAM_SPARSE_GRAD) && p->rows_dim >= 0 && p->cols > 0 &&
            (!many_ranks(t) || t->cfg.optimizer == RT_OPT_SPARSE_ADAM)) {
            t->sparse[t->n_sparse++] = i;
            if (t->cfg.optimizer != RT_OPT_SPARSE_ADAM) {
                if (!t->in_batch &&
                    !(t->in_batch = calloc((size_t)m->n_params, sizeof *t->in_batch)))
                    return rt_err(err, NULL, 0, "out of memory");
                if (!(t->in_batch[i] = calloc((size_t)(t->count[i] / p->cols) + 1, 1)))
                    return rt_err(err, NULL, 0, "out of memory");
            }
            continue;
        }
        int64_t lo = t->offset[i], hi = round_up(lo + t->count[i], 16);
        if (t->n_seg > 0 && t->seg[t->n_seg - 1][1] == lo) {
            t->seg[t->n_seg - 1][1] = hi;
        } else {
            t->seg[t->n_seg][0] = lo;
            t->seg[t->n_seg++][1] = hi;
        }
        t->dense_total += hi - lo;
    }
    if (t->cfg.optimizer != RT_OPT_SPARSE_ADAM)
        return 0;
    t->compact = !many_ranks(t);    // sum_sparse exchanges rows at their node ids
    if (t->n_sparse == 0)
        return rt_err(err, NULL, 0, "--optimizer sparse-adam: model '%s' has no embedding with a "
                      "sparse gradient (compiled with -fno-sparse-grad?)", m->name);
    if (t->adam.weight_decay != 0.0f)
        return rt_err(err, NULL, 0, "--optimizer sparse-adam: torch.optim.SparseAdam has no weight "
                      "decay, and model '%s' sets %g", m->name, (double)t->adam.weight_decay);
    return 0;
}

const char *rt_optimizer_name(int optimizer) {
    return optimizer == RT_OPT_SPARSE_ADAM ? "sparse-adam"
           : optimizer == RT_OPT_ADAMW     ? "adamw"
           : optimizer == RT_OPT_MODEL     ? "model"
                                           : "adam";
}

// Settles the optimizer (the flag's, else the model's), and checks the model's optimizer knobs
// against the bounds hgnnc enforces (hgnn/limits.h), for models built by other means.
static int check_optimizer(RtTrainer *t, RtError *err) {
    const HgnnDefaults *d = &t->m->defaults;
    RtTrainSettings *set = &t->set;
    if (t->cfg.optimizer == RT_OPT_MODEL)
        t->cfg.optimizer = d->optimizer == HGNN_OPT_ADAMW ? RT_OPT_ADAMW : RT_OPT_ADAM;
    set->optimizer = t->cfg.optimizer;
    set->weight_decay = d->weight_decay;
    set->clip_norm = d->clip_norm;
    int ok = (d->optimizer == HGNN_OPT_ADAM || d->optimizer == HGNN_OPT_ADAMW) &&
             d->weight_decay >= 0 && d->weight_decay <= HGNN_MAX_WEIGHT_DECAY &&
             d->clip_norm >= 0 && d->clip_norm <= HGNN_MAX_CLIP_NORM &&
             d->warmup_steps >= 0 && d->warmup_steps <= HGNN_MAX_WARMUP_STEPS &&
             (d->warmup_steps == 0 || (d->warmup_start > 0 && d->warmup_start <= 1));
    switch (d->lr_schedule) {
    case HGNN_LR_CONSTANT:
        break;
    case HGNN_LR_STEP:
        ok = ok && d->lr_step >= 1 && d->lr_step <= HGNN_MAX_EPOCHS && d->lr_gamma > 0 &&
             d->lr_gamma <= 1;
        break;
    case HGNN_LR_COSINE:
        ok = ok && d->lr_min >= 0 && d->lr_min <= HGNN_MAX_LR;
        break;
    default:
        ok = 0;
    }
    if (!ok)
        return rt_err(err, NULL, 0, "model '%s' has unusable optimizer settings (optimizer %d, "
                      "weight_decay %g, lr_schedule %d, lr_step %d, lr_gamma %g, lr_min %g, "
                      "warmup_steps %d, warmup_start %g, clip_norm %g)", t->m->name,
                      d->optimizer, (double)d->weight_decay, d->lr_schedule, d->lr_step,
                      (double)d->lr_gamma, (double)d->lr_min, d->warmup_steps,
                      (double)d->warmup_start, (double)d->clip_norm);
    rt_lr_schedule_init(&set->schedule, d, set->lr, 1, set->epochs);
    return 0;
}

void rt_trainer_plan_epochs(RtTrainer *t, int64_t steps_per_epoch) {
    rt_lr_schedule_init(&t->set.schedule, &t->m->defaults, t->set.lr, steps_per_epoch,
                        t->set.epochs);
}

float rt_trainer_lr(const RtTrainer *t) { return rt_lr_at(&t->set.schedule, t->step); }

// Makes the workspace and score buffer big enough for a batch with these dims. Grows with
// headroom, so after the first few batches of a run it never allocates again.
static int reserve(RtTrainer *t, const int64_t *dims, RtError *err) {
    int64_t need = t->m->workspace_floats(dims);
    if (need > t->workspace_cap) {
        int64_t cap = need + need / 4 + 1024;
        free(t->workspace);
        t->workspace = alloc_floats(cap);
        t->workspace_cap = t->workspace ? cap : 0;
        t->workspace_grows++;
        if (!t->workspace)
            return rt_err(err, NULL, 0, "out of memory for a %lld-float workspace",
                          (long long)cap);
    }
    int64_t nl = dims[HGNN_DIM_L(t->m->n_node_types, t->m->n_edge_types)];
    if (nl > t->batch_scores_cap) {
        int64_t cap = nl + nl / 4 + 64;
        free(t->batch_scores);
        t->batch_scores = alloc_floats(cap);
        t->batch_scores_cap = t->batch_scores ? cap : 0;
        if (!t->batch_scores)
            return rt_err(err, NULL, 0, "out of memory");
    }
    return 0;
}

const RtTrainSettings *rt_trainer_settings(const RtTrainer *t) { return &t->set; }

const RtTrainTimes *rt_trainer_times(const RtTrainer *t) { return &t->times; }

// The model's view of batch b, with the workspace grown to fit it.
static int view(RtTrainer *t, const RtBatch *b, HgnnBatch *hb, RtError *err) {
    if (rt_batch_view(b, t->g, t->m->n_node_types, t->node_map, t->m->n_edge_types, t->edge_map,
                      t->m->label_edge_type, hb, t->dims) < 0)
        return rt_err(err, NULL, 0, "a batch does not fit the model's types (a bug)");
    return reserve(t, t->dims, err);
}

// Over several ranks with sparse-adam: the dense parameters' gradients are summed as with Adam,
// and each embedding's batch rows exchanged: every rank's (global row id, w x gradient row)
// gathered, the union's gradient the sum over ranks in rank order (as rt_dist_sum_floats adds),
// and SparseAdam then steps on the union (optimizer_step). Sends O(batch rows), not O(V).
static int sum_sparse(RtTrainer *t, const HgnnBatch *hb, float w, RtError *err) {
    RtDist *d = t->cfg.dist;
    const HgnnModel *m = t->m;
    int32_t T = m->n_node_types;
    for (int32_t s = 0; s < t->n_seg; s++)
        if (rt_dist_sum_floats(d, t->grad + t->seg[s][0], t->seg[s][1] - t->seg[s][0], w, err) < 0)
            return -1;
    if (!t->urows) {
        t->urows = calloc((size_t)m->n_params, sizeof *t->urows);
        t->n_urows = calloc((size_t)m->n_params, sizeof *t->n_urows);
        t->umark = calloc((size_t)m->n_params, sizeof *t->umark);
        if (!t->urows || !t->n_urows || !t->umark)
            return rt_err(err, NULL, 0, "out of memory");
    }
    for (int32_t k = 0; k < t->n_sparse; k++) {
        int32_t p = t->sparse[k], nt = m->params[p].rows_dim;
        int64_t cols = m->params[p].cols, n = hb->dims[HGNN_DIM_N(T, nt)];
        int64_t rows_v = t->count[p] / cols;
        if (!t->urows[p]) {
            t->urows[p] = malloc((size_t)(rows_v + 1) * sizeof **t->urows);
            t->umark[p] = calloc((size_t)rows_v + 1, 1);
            if (!t->urows[p] || !t->umark[p])
                return rt_err(err, NULL, 0, "out of memory");
        }
        // This rank's rows: an int32 id, then its cols weighted gradient floats.
        int64_t rec = (int64_t)sizeof(int32_t) + cols * (int64_t)sizeof(float), total = 0;
        char *mine = malloc((size_t)(n * rec + 1));
        if (!mine)
            return rt_err(err, NULL, 0, "out of memory");
        const float *g = t->grad + t->offset[p];
        for (int64_t i = 0; i < n; i++) {
            int32_t id = hb->node_ids[nt][i];
            float *row = (float *)(mine + i * rec + sizeof id);
            memcpy(mine + i * rec, &id, sizeof id);
            for (int64_t c = 0; c < cols; c++) {
                float v = w * g[(int64_t)id * cols + c];
                memcpy(&row[c], &v, sizeof v);
            }
        }
        char *all = rt_dist_gather_alloc(d, mine, n * rec, &total, err);
        free(mine);
        if (!all)
            return -1;
        float *gw = t->grad + t->offset[p];
        int64_t nu = 0;
        for (int64_t at = 0; at + rec <= total; at += rec) {
            int32_t id;
            memcpy(&id, all + at, sizeof id);
            if (id < 0 || id >= rows_v) {
                free(all);
                return rt_err(err, NULL, 0, "a rank sent embedding row %d of %lld (a bug)", id,
                              (long long)rows_v);
            }
            float *dst = gw + (int64_t)id * cols;
            if (!t->umark[p][id]) {
                t->umark[p][id] = 1;
                t->urows[p][nu++] = id;
                for (int64_t c = 0; c < cols; c++) {
                    float v;
                    memcpy(&v, all + at + sizeof id + c * (int64_t)sizeof v, sizeof v);
                    dst[c] = v;
                }
            } else {
                for (int64_t c = 0; c < cols; c++) {
                    float v;
                    memcpy(&v, all + at + sizeof id + c * (int64_t)sizeof v, sizeof v);
                    dst[c] += v;
                }
            }
        }
        for (int64_t i = 0; i < nu; i++)
            t->umark[p][t->urows[p][i]] = 0;
        t->n_urows[p] = nu;
        free(all);
    }
    return 0;
}

int rt_train_step(RtTrainer *t, const RtBatch *b, float *loss, RtError *err) {
    double c0 = rt_now();
    HgnnBatch hb;
    if (view(t, b, &hb, err) < 0)
        return -1;
    *loss = 0.0f;
    if (b->n_labels > 0)
        t->m->run(train_mode(t), &hb, t->pp, t->gp,
                  t->workspace, &t->host, t->batch_scores, loss);
    else    // a rank without labels in this batch (its share was empty) adds nothing
        memset(t->grad, 0, (size_t)t->total * sizeof *t->grad);
    if (many_ranks(t)) {
        // The batch's mean loss over all ranks' labels: each rank's gradient weighted by its
        // share of the labels, summed in rank order.
        RtDist *d = t->cfg.dist;
        double x0 = rt_now();
        double w = b->n_global ? (double)b->n_labels / (double)b->n_global : 0.0;
        double ls = (double)*loss * (double)b->n_labels;
        if ((t->n_sparse > 0 ? sum_sparse(t, &hb, (float)w, err)
                             : rt_dist_sum_floats(d, t->grad, t->total, (float)w, err)) < 0)
            return -1;
        rt_dist_sum_f64(d, &ls, 1);
        *loss = b->n_global ? (float)(ls / (double)b->n_global) : 0.0f;
        t->times.comm += rt_now() - x0;
    }
    double c1 = rt_now();
    t->step++;
    optimizer_step(t, &hb);
    if (t->cfg.check_ranks && many_ranks(t)) {
        uint64_t h = 0xcbf29ce484222325ull;
        const unsigned char *p = (const unsigned char *)t->param;
        for (size_t i = 0; i < (size_t)t->total * sizeof *t->param; i++)
            h = (h ^ p[i]) * 0x100000001b3ull;
        if (!rt_dist_same_u64(t->cfg.dist, h))
            return rt_err(err, NULL, 0, "--check-ranks: the parameters differ between ranks "
                          "after step %lld", (long long)t->step);
    }
    t->times.run += c1 - c0;
    t->times.adam += rt_now() - c1;
    return 0;
}

// Forward pass over batch b of an evaluation loader: its scores and labels are appended to
// t->scores and t->labels.
static int eval_step(RtTrainer *t, const RtBatch *b, float *loss, RtError *err) {
    int64_t n = b->n_labels;
    HgnnBatch hb;
    if (t->n_scored + n > t->scores_cap)
        return rt_err(err, NULL, 0, "the loader yields more labels than it has (a bug)");
    if (view(t, b, &hb, err) < 0)
        return -1;
    *loss = 0.0f;
    t->m->run(HGNN_RUN_FORWARD, &hb, t->pp, NULL, t->workspace, &t->host,
              t->scores + t->n_scored, loss);
    memcpy(t->labels + t->n_scored, b->labels, (size_t)n * sizeof(float));
    t->n_scored += n;
    return 0;
}

typedef int StepFn(RtTrainer *t, const RtBatch *b, float *loss, RtError *err);

// The one per-batch loop of training and evaluation: step on batches 0..nb-1 of loader l's
// current epoch, in order, while the next batch is sampled (on the prefetch thread when there is
// one). Sums loss x labels into *loss_sum and the labels into *n_labels.
// Runs step on batches [first, nb) of l in order, batch i+1 sampled while batch i runs; adds each
// batch's loss times its labels to *loss_sum and its labels to *n_labels. After each batch,
// on_batch reports progress, and `after` (may be NULL) may end the pass early by returning
// nonzero; *done receives the batches finished.
static int for_each_batch(RtTrainer *t, const RtLoader *l, int64_t first, int64_t nb,
                          StepFn *step, RtOnBatch *on_batch, RtAfterBatch *after, void *ctx,
                          double *loss_sum, int64_t *n_labels, int64_t *done, RtError *err) {
    *done = first;
    if (first < nb && rt_loader_fill(l, first, &t->batch[first & 1]) < 0)
        return rt_err(err, NULL, 0, "out of memory sampling a batch");
    for (int64_t i = first; i < nb; i++) {
        int cur = (int)(i & 1);
        double c0 = rt_now();
        if (i + 1 < nb)
            fill_begin(t, l, i + 1, &t->batch[cur ^ 1]);
        double c1 = rt_now();
        float loss = 0.0f;
        int failed = step(t, &t->batch[cur], &loss, err) < 0;
        double c2 = rt_now();
        // The fill in flight must end before its batch is freed or reused, even on failure.
        if (i + 1 < nb && fill_end(t) < 0 && !failed)
            failed = rt_err(err, NULL, 0, "out of memory sampling a batch") < 0;
        if (failed)
            return -1;
        int64_t n = t->batch[cur].n_global;
        *loss_sum += (double)loss * (double)n;
        *n_labels += n;
        *done = i + 1;
        t->times.sample += (c1 - c0) + (rt_now() - c2);
        if (on_batch)
            on_batch(ctx, i + 1, *n_labels ? *loss_sum / (double)*n_labels : NAN);
        if (after && after(ctx, i + 1, *loss_sum, *n_labels))
            break;
    }
    return 0;
}

// ---- --threads auto

// Uses n compute threads from now on.
static void use_threads(RtTrainer *t, int32_t n) {
    rt_pool_set_threads(t->pool, n);
    t->host.n_threads = t->set.threads = rt_pool_threads(t->pool);
}

// One calibration step: the model's forward and backward pass on batch b, timed on the thread
// count of its turn; the gradients it writes are overwritten by the next step (or, rows of a
// sparse gradient outside that step's batch, never read), and no optimizer step follows.
static int calib_step(RtTrainer *t, const RtBatch *b, float *loss, RtError *err) {
    HgnnBatch hb;
    if (view(t, b, &hb, err) < 0)
        return -1;
    int32_t k = t->calib_steps++ - CALIB_WARM;
    int which = k < 0 || (k % 4 == 1 || k % 4 == 2);    // 1: on t->many threads
    use_threads(t, which ? t->many : 1);
    *loss = 0.0f;
    if (b->n_labels == 0)
        return 0;
    double c0 = rt_now();
    t->m->run(train_mode(t), &hb, t->pp, t->gp,
              t->workspace, &t->host, t->batch_scores, loss);
    if (k >= 0)
        t->calib_ms[which][t->calib_n[which]++] = (rt_now() - c0) * 1e3;
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int rt_trainer_calibrate(RtTrainer *t, RtLoader *l, int64_t n_batches, RtError *err) {
    if (!t->set.threads_auto || t->calibrated || t->many <= 1)
        return 0;
    t->calibrated = 1;
    int64_t nb = rt_loader_num_batches(l);
    if (n_batches > 0 && nb > n_batches)
        nb = n_batches;
    rt_loader_begin_epoch(l, 1);
    while (nb > 0 && t->calib_steps < CALIB_WARM + CALIB_STEPS) {
        int64_t k = CALIB_WARM + CALIB_STEPS - t->calib_steps, done;
        double loss_sum = 0.0;
        int64_t n_labels = 0;
        if (for_each_batch(t, l, 0, k < nb ? k : nb, calib_step, NULL, NULL, NULL, &loss_sum,
                           &n_labels, &done, err) < 0)
            return -1;
    }
    t->times = (RtTrainTimes){0};
    if (t->calib_n[0] == 0 || t->calib_n[1] == 0) {     // no batch with labels: one thread
        use_threads(t, 1);
        return 0;
    }
    double one = median(t->calib_ms[0], t->calib_n[0]);
    double many = median(t->calib_ms[1], t->calib_n[1]);
    t->set.tried = t->many;
    t->set.ms_one = one;
    t->set.ms_tried = many;
    use_threads(t, many < CALIB_GAIN * one ? t->many : 1);
    return 0;
}

int rt_train_epoch(RtTrainer *t, RtLoader *l, int32_t epoch, int64_t n_batches,
                   RtOnBatch *on_batch, void *ctx, RtEpochStats *out, RtError *err) {
    RtEpochCursor c = {0};
    return rt_train_epoch_at(t, l, epoch, &c, n_batches, on_batch, NULL, ctx, out, err);
}

int rt_train_epoch_at(RtTrainer *t, RtLoader *l, int32_t epoch, RtEpochCursor *c,
                      int64_t n_batches, RtOnBatch *on_batch, RtAfterBatch *after, void *ctx,
                      RtEpochStats *out, RtError *err) {
    double t0 = rt_now(), u0 = rt_cpu_now();
    int64_t nb = rt_loader_num_batches(l);
    if (n_batches > 0 && nb > n_batches)
        nb = n_batches;     // the first batches of the epoch's shuffled order
    rt_loader_begin_epoch(l, epoch);
    t->times = (RtTrainTimes){0};
    if (for_each_batch(t, l, c->batch, nb, rt_train_step, on_batch, after, ctx, &c->loss_sum,
                       &c->n_labels, &c->batch, err) < 0)
        return -1;
    out->epoch = epoch;
    out->loss = c->n_labels ? c->loss_sum / (double)c->n_labels : NAN;
    out->seconds = rt_now() - t0;
    out->cpu_seconds = rt_cpu_now() - u0;
    if (many_ranks(t))
        rt_dist_sum_f64(t->cfg.dist, &out->cpu_seconds, 1);
    out->comm_seconds = t->times.comm;
    out->model_seconds = t->times.run - t->times.comm;
    out->optimizer_seconds = t->times.adam;
    out->wait_seconds = t->times.sample;
    out->batches = c->batch;
    out->labels = c->n_labels;
    out->val_auc = NAN;
    out->val_rmse = NAN;
    t->times.workspace_mb = (double)t->workspace_cap * 4.0 / 1048576.0;
    t->times.workspace_grows = t->workspace_grows;
    return c->batch < nb;
}

int rt_evaluate(RtTrainer *t, RtLoader *l, RtOnBatch *on_batch, void *ctx, RtEvalStats *out,
                RtError *err) {
    double t0 = rt_now();
    int64_t nb = rt_loader_num_batches(l), need = rt_loader_num_labels(l);
    if (need > t->scores_cap) {
        free(t->scores);
        free(t->labels);
        t->scores = alloc_floats(need);
        t->labels = alloc_floats(need);
        t->scores_cap = t->scores && t->labels ? need : 0;
        if (!t->scores_cap)
            return rt_err(err, NULL, 0, "out of memory for %lld scores", (long long)need);
    }
    rt_loader_begin_epoch(l, 0);
    t->n_scored = 0;
    double loss_sum = 0.0;
    int64_t at = 0;
    int64_t done;
    // Over several ranks, each runs a contiguous range of the batches; the scores are then
    // gathered in rank order, which is batch order, so the AUC is the one rank's.
    RtDist *d = t->cfg.dist;
    int64_t lo = 0, hi = nb;
    if (many_ranks(t)) {
        lo = nb * d->rank / d->size;
        hi = nb * (d->rank + 1) / d->size;
    }
    if (for_each_batch(t, l, lo, hi, eval_step, on_batch, NULL, ctx, &loss_sum, &at, &done,
                       err) < 0)
        return -1;
    if (many_ranks(t)) {
        float *all = alloc_floats(need);
        if (!all)
            return rt_err(err, NULL, 0, "out of memory for %lld scores", (long long)need);
        int64_t n = rt_dist_gather_floats(d, t->scores, at, all, err);
        if (n >= 0) {
            memcpy(t->scores, all, (size_t)n * sizeof *all);
            n = rt_dist_gather_floats(d, t->labels, at, all, err);
        }
        if (n >= 0)
            memcpy(t->labels, all, (size_t)n * sizeof *all);
        free(all);
        if (n < 0)
            return -1;
        double sums[2] = {loss_sum, (double)at};
        rt_dist_sum_f64(d, sums, 2);
        loss_sum = sums[0];
        at = (int64_t)sums[1];
    }
    // loss mse regresses values: RMSE of the raw scores (bipartite_sage.py clamps them to
    // [0, 5] first); binary labels: ROC AUC and the curve.
    if (t->m->loss == HGNN_LOSS_MSE) {
        out->auc = NAN;
        out->n_roc = 0;
        out->rmse = rt_rmse(t->scores, t->labels, at);
    } else {
        out->auc = rt_roc_auc(t->scores, t->labels, at);
        out->n_roc = rt_roc_curve(t->scores, t->labels, at, RT_ROC_POINTS, out->roc_fpr,
                                  out->roc_tpr);
        out->rmse = NAN;
    }
    out->loss = at ? loss_sum / (double)at : NAN;
    out->seconds = rt_now() - t0;
    out->batches = nb;
    out->labels = at;
    return 0;
}

void rt_trainer_tensors(const RtTrainer *t, RtTensor *ts) {
    rt_checkpoint_tensors(t->m, t->dims0, t->pp, ts);
}

void rt_trainer_grad_tensors(const RtTrainer *t, RtTensor *ts) {
    rt_checkpoint_tensors(t->m, t->dims0, t->gp, ts);
}

int64_t rt_trainer_steps(const RtTrainer *t) { return t->step; }

float *const *rt_trainer_params(const RtTrainer *t) { return t->pp; }

const HgnnHost *rt_trainer_host(const RtTrainer *t) { return &t->host; }

int rt_trainer_state_tensors(const RtTrainer *t, int which, RtTensor *ts) {
    float *base = which == RT_STATE_ADAM_M ? t->adam_m : which == RT_STATE_ADAM_V ? t->adam_v
                                                                                 : t->param;
    float **p = malloc((size_t)(t->m->n_params + 1) * sizeof *p);
    if (!p)
        return -1;
    for (int32_t i = 0; i < t->m->n_params; i++)
        p[i] = base + t->offset[i];
    rt_checkpoint_tensors(t->m, t->dims0, p, ts);
    free(p);
    return 0;
}

void rt_trainer_set_steps(RtTrainer *t, int64_t steps) { t->step = steps; }

const HgnnModel *rt_trainer_model(const RtTrainer *t) { return t->m; }

void rt_trainer_reset_optimizer(RtTrainer *t) {
    memset(t->adam_m, 0, (size_t)t->total * sizeof(float));
    memset(t->adam_v, 0, (size_t)t->total * sizeof(float));
    t->step = 0;
}
