// train.c — the training loop of hgnn-run. Takes a compiled model and a graph; splits and batches
// the graph as PyG's RandomLinkSplit and LinkNeighborLoader do, runs the model's fused
// forward+backward per batch, applies Adam (or SparseAdam to the embeddings, --optimizer) and
// evaluates ROC AUC on val and test.
// Memory is allocated up front: a training step only grows a buffer when a batch is larger than
// every batch before it, and the next batch is sampled on a second thread meanwhile. The model's
// kernels and Adam run on the compute threads of a pool (pool.h), which change no number.
#include "train.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "csv.h"
#include "hugepage.h"
#include "kernels.h"
#include "model.h"
#include "pool.h"
#include "progress.h"
#include "rng.h"
#include "loader.h"
#include "movielens.h"

// A second thread that fills one batch on request. Batches are pure functions of (loader,
// epoch, index), so whether a fill runs here or inline changes no number.
typedef struct Prefetch {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started;
    int state;                      // IDLE, REQUESTED, DONE, QUIT
    const RtLoader *loader;
    int64_t index;
    RtBatch *out;
    int rc;
} Prefetch;

enum { PF_IDLE, PF_REQUESTED, PF_DONE, PF_QUIT };

struct RtTrainer {
    const HgnnModel *m;
    const RtGraph *g;
    RtTrainConfig cfg;
    int32_t epochs, batch_size;
    float lr;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    RtSplit split;
    int have_split;
    RtLoader *loader[RT_SPLIT_PARTS];
    RtBatch batch[2];               // double buffer: one trains while the other is sampled
    int64_t dims0[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];   // V only
    int64_t dims[2][HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
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
    uint8_t **in_batch;             // by parameter: 1 on the rows of the current batch, or NULL
    int64_t (*seg)[2];              // sparse-adam: [lo, hi) runs of the other parameters' floats
    int32_t n_seg;
    int64_t dense_total;            // floats in them
    float *workspace;
    int64_t workspace_cap;
    int32_t workspace_grows;
    float *scores;                  // evaluation: one score per label of the part
    float *labels;
    int64_t scores_cap;
    float *batch_scores;            // training: a batch's logits
    int64_t batch_scores_cap;
    HgnnHost host;
    RtPool *pool;                   // the compute threads: the model's kernels and Adam
    Prefetch pf;
    double t_sample, t_run, t_adam;   // seconds this epoch: waiting for batches, model, Adam
};

static int plan_sparse(RtTrainer *t, RtError *err);

void rt_train_defaults(RtTrainConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->epochs = -1;
    cfg->threads = RT_DEFAULT_THREADS;
    cfg->prefetch = 1;
    cfg->force_bar = -1;
}

// ---- prefetch thread

static void *prefetch_main(void *arg) {
    Prefetch *pf = arg;
    pthread_mutex_lock(&pf->mu);
    for (;;) {
        while (pf->state != PF_REQUESTED && pf->state != PF_QUIT)
            pthread_cond_wait(&pf->cv, &pf->mu);
        if (pf->state == PF_QUIT)
            break;
        const RtLoader *l = pf->loader;
        int64_t index = pf->index;
        RtBatch *out = pf->out;
        pthread_mutex_unlock(&pf->mu);
        int rc = rt_loader_fill(l, index, out);
        pthread_mutex_lock(&pf->mu);
        pf->rc = rc;
        pf->state = PF_DONE;
        pthread_cond_broadcast(&pf->cv);
    }
    pthread_mutex_unlock(&pf->mu);
    return NULL;
}

static void prefetch_request(Prefetch *pf, const RtLoader *l, int64_t index, RtBatch *out) {
    pthread_mutex_lock(&pf->mu);
    pf->loader = l;
    pf->index = index;
    pf->out = out;
    pf->state = PF_REQUESTED;
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
}

static int prefetch_wait(Prefetch *pf) {
    pthread_mutex_lock(&pf->mu);
    while (pf->state != PF_DONE)
        pthread_cond_wait(&pf->cv, &pf->mu);
    pf->state = PF_IDLE;
    int rc = pf->rc;
    pthread_mutex_unlock(&pf->mu);
    return rc;
}

// Starts filling batch `index` of loader l into out: on the prefetch thread when there is one.
static void fill_begin(RtTrainer *t, const RtLoader *l, int64_t index, RtBatch *out, int *rc) {
    if (t->pf.started)
        prefetch_request(&t->pf, l, index, out);
    else
        *rc = rt_loader_fill(l, index, out);
}

static int fill_end(RtTrainer *t, int rc) { return t->pf.started ? prefetch_wait(&t->pf) : rc; }

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
    RtTrainer *t = calloc(1, sizeof *t);
    if (!t) {
        rt_err(err, NULL, 0, "out of memory");
        return NULL;
    }
    t->m = m;
    t->g = g;
    t->cfg = *cfg;
    const HgnnDefaults *d = &m->defaults;
    t->epochs = cfg->epochs >= 0 ? cfg->epochs : d->epochs;
    t->batch_size = cfg->batch_size > 0 ? cfg->batch_size : d->batch_size;
    t->lr = cfg->lr > 0 ? cfg->lr : d->lr;
    rt_batch_init(&t->batch[0]);
    rt_batch_init(&t->batch[1]);
    int32_t T = m->n_node_types, K = m->n_edge_types;
    if (T < 1 || T > HGNN_MAX_NODE_TYPES || K < 1 || K > HGNN_MAX_EDGE_TYPES ||
        m->label_edge_type < 0 || m->label_edge_type >= K) {
        rt_err(err, NULL, 0, "model '%s' has a malformed schema (%d node types, %d edge types)",
               m->name, T, K);
        goto bad;
    }
    if (t->batch_size <= 0 || t->epochs < 0 || !(t->lr > 0) || d->n_hops < 0 ||
        d->n_hops > HGNN_MAX_HOPS) {
        rt_err(err, NULL, 0, "model '%s' has unusable training defaults (batch size %d, lr %g, "
               "%d hops)", m->name, t->batch_size, (double)t->lr, d->n_hops);
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

    RtSplitConfig sc;
    rt_split_defaults(&sc);
    sc.val_frac = d->val_frac;
    sc.test_frac = d->test_frac;
    sc.disjoint_frac = d->disjoint_frac;
    sc.neg_ratio = d->neg_ratio;
    if (rt_split_link(g, t->edge_map[m->label_edge_type], &sc, cfg->seed, &t->split, err) < 0)
        goto bad;
    t->have_split = 1;

    RtLoaderConfig lc;
    rt_loader_train_defaults(&lc);
    lc.batch_size = t->batch_size;
    lc.n_hops = d->n_hops;
    for (int h = 0; h < d->n_hops; h++)
        lc.fanout[h] = d->fanout[h];
    lc.neg_ratio = d->neg_ratio;
    lc.shuffle = 1;
    t->loader[RT_SPLIT_TRAIN] = rt_loader_new(g, &t->split, RT_SPLIT_TRAIN, &lc, cfg->seed, err);
    // Evaluation as the tutorial's val loader: 3x the batch, fixed negatives, stored order.
    lc.batch_size = 3 * t->batch_size;
    lc.neg_ratio = 0.0;
    lc.shuffle = 0;
    for (int p = RT_SPLIT_VAL; p <= RT_SPLIT_TEST && t->loader[RT_SPLIT_TRAIN]; p++)
        if (!(t->loader[p] = rt_loader_new(g, &t->split, p, &lc, cfg->seed, err)))
            break;
    if (!t->loader[RT_SPLIT_TRAIN] || !t->loader[RT_SPLIT_VAL] || !t->loader[RT_SPLIT_TEST])
        goto bad;

    if (init_params(t, err) < 0)
        goto bad;
    t->adam = (RtAdam){.lr = t->lr, .beta1 = d->adam_beta1, .beta2 = d->adam_beta2,
                       .eps = d->adam_eps, .weight_decay = d->weight_decay};
    if (d->adam_beta1 == 0 && d->adam_beta2 == 0 && d->adam_eps == 0) {
        // A model that does not say: torch.optim.Adam's defaults.
        t->adam.beta1 = 0.9f;
        t->adam.beta2 = 0.999f;
        t->adam.eps = 1e-8f;
    }
    if (plan_sparse(t, err) < 0)
        goto bad;
    int64_t most = 0;
    for (int p = RT_SPLIT_VAL; p <= RT_SPLIT_TEST; p++)
        if (rt_loader_num_labels(t->loader[p]) > most)
            most = rt_loader_num_labels(t->loader[p]);
    t->scores = alloc_floats(most);
    t->labels = alloc_floats(most);
    t->scores_cap = most;
    if (!t->scores || !t->labels) {
        rt_err(err, NULL, 0, "out of memory");
        goto bad;
    }
    // Compute threads come from our pool; OpenBLAS stays on one thread, as two of its threads
    // lose on the few skinny products that still reach it.
    t->pool = rt_pool_new(cfg->threads);
    if (!t->pool) {
        rt_err(err, NULL, 0, "cannot start %d compute threads", cfg->threads);
        goto bad;
    }
    t->host.sgemm = rt_sgemm;
    t->host.n_threads = rt_pool_threads(t->pool);
    t->host.parallel_for = rt_pool_for;
    t->host.pool = t->pool;
    rt_blas_set_threads(1);
    if (cfg->prefetch) {
        pthread_mutex_init(&t->pf.mu, NULL);
        pthread_cond_init(&t->pf.cv, NULL);
        if (pthread_create(&t->pf.thread, NULL, prefetch_main, &t->pf) == 0)
            t->pf.started = 1;
    }
    return t;
bad:
    rt_trainer_free(t);
    return NULL;
}

void rt_trainer_free(RtTrainer *t) {
    if (!t)
        return;
    if (t->pf.started) {
        pthread_mutex_lock(&t->pf.mu);
        t->pf.state = PF_QUIT;
        pthread_cond_broadcast(&t->pf.cv);
        pthread_mutex_unlock(&t->pf.mu);
        pthread_join(t->pf.thread, NULL);
        pthread_mutex_destroy(&t->pf.mu);
        pthread_cond_destroy(&t->pf.cv);
    }
    rt_pool_free(t->pool);
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        rt_loader_free(t->loader[p]);
    if (t->have_split)
        rt_split_free(&t->split);
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
    int64_t o = t->offset[j->p];
    rt_sparse_adam_rows(&t->adam, t->step, t->param + o, t->grad + o, t->adam_m + o,
                        t->adam_v + o, t->m->params[j->p].cols, j->rows + lo, hi - lo);
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

// One optimizer step after the model has written the gradients of batch hb.
static void optimizer_step(RtTrainer *t, const HgnnBatch *hb) {
    int32_t T = t->m->n_node_types;
    rt_adam_prepare(&t->adam, t->step, &t->adam_k);
    if (t->cfg.optimizer == RT_OPT_SPARSE_ADAM) {
        rt_pool_for(t->pool, adam_dense_slice, t, t->dense_total, 16384);
        for (int32_t k = 0; k < t->n_sparse; k++) {
            int32_t p = t->sparse[k], nt = t->m->params[p].rows_dim;
            SparseJob job = {t, p, hb->node_ids[nt]};
            rt_pool_for(t->pool, sparse_adam_slice, &job, hb->dims[HGNN_DIM_N(T, nt)],
                        256);
        }
        return;
    }
    mark_batch_rows(t, hb, 1);
    rt_pool_for(t->pool, adam_slice, t, t->total, 16384);
    mark_batch_rows(t, hb, 0);
}

// Which parameters have sparse gradients, and the runs of the others for sparse-adam.
static int plan_sparse(RtTrainer *t, RtError *err) {
    const HgnnModel *m = t->m;
    t->sparse = calloc((size_t)m->n_params + 1, sizeof *t->sparse);
    t->seg = calloc((size_t)m->n_params + 1, sizeof *t->seg);
    if (!t->sparse || !t->seg)
        return rt_err(err, NULL, 0, "out of memory");
    for (int32_t i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &m->params[i];
        if ((p->flags & HGNN_PARAM_SPARSE_GRAD) && p->rows_dim >= 0 && p->cols > 0) {
            t->sparse[t->n_sparse++] = i;
            if (t->cfg.optimizer == RT_OPT_ADAM) {
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
    if (t->n_sparse == 0)
        return rt_err(err, NULL, 0, "--optimizer sparse-adam: model '%s' has no embedding with a "
                      "sparse gradient (compiled with -fno-sparse-grad?)", m->name);
    if (t->adam.weight_decay != 0.0f)
        return rt_err(err, NULL, 0, "--optimizer sparse-adam: torch.optim.SparseAdam has no weight "
                      "decay, and model '%s' sets %g", m->name, (double)t->adam.weight_decay);
    return 0;
}

const char *rt_optimizer_name(int optimizer) {
    return optimizer == RT_OPT_SPARSE_ADAM ? "sparse-adam" : "adam";
}

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

static int view(RtTrainer *t, int buf, HgnnBatch *hb, RtError *err) {
    if (rt_batch_view(&t->batch[buf], t->g, t->m->n_node_types, t->node_map, t->m->n_edge_types,
                      t->edge_map, t->m->label_edge_type, hb, t->dims[buf]) < 0)
        return rt_err(err, NULL, 0, "a batch does not fit the model's types (a bug)");
    return reserve(t, t->dims[buf], err);
}

int rt_trainer_train(RtTrainer *t, RtRunReport *report, RtError *err) {
    const HgnnModel *m = t->m;
    RtLoader *l = t->loader[RT_SPLIT_TRAIN];
    int64_t nb = rt_loader_num_batches(l);
    if (t->cfg.limit_batches > 0 && nb > t->cfg.limit_batches)
        nb = t->cfg.limit_batches;      // the first batches of each epoch's shuffled order
    RtProgress prog;
    rt_progress_init(&prog, t->cfg.quiet, t->cfg.force_bar);
    for (int32_t epoch = 1; epoch <= t->epochs; epoch++) {
        double t0 = rt_now();
        rt_loader_begin_epoch(l, epoch);
        char label[64];
        snprintf(label, sizeof label, "epoch %d/%d", epoch, t->epochs);
        rt_progress_start(&prog, label, nb);
        double loss_sum = 0.0;
        int64_t n_labels = 0;
        int rc = 0;
        t->t_sample = t->t_run = t->t_adam = 0.0;
        if (nb > 0 && rt_loader_fill(l, 0, &t->batch[0]) < 0)
            return rt_err(err, NULL, 0, "out of memory sampling a batch");
        for (int64_t i = 0; i < nb; i++) {
            int cur = (int)(i & 1);
            double cs = rt_now();
            if (i + 1 < nb)
                fill_begin(t, l, i + 1, &t->batch[cur ^ 1], &rc);
            double c0 = rt_now();
            HgnnBatch hb;
            if (view(t, cur, &hb, err) < 0) {
                if (i + 1 < nb)
                    fill_end(t, rc);
                return -1;
            }
            float loss = 0.0f;
            m->run(t->n_sparse > 0 ? HGNN_RUN_TRAIN_SPARSE : HGNN_RUN_TRAIN, &hb, t->pp, t->gp,
                   t->workspace, &t->host, t->batch_scores, &loss);
            double c1 = rt_now();
            t->step++;
            optimizer_step(t, &hb);
            double c2 = rt_now();
            int64_t n = t->batch[cur].n_labels;
            loss_sum += (double)loss * (double)n;
            n_labels += n;
            if (i + 1 < nb && fill_end(t, rc) < 0)
                return rt_err(err, NULL, 0, "out of memory sampling a batch");
            t->t_run += c1 - c0;
            t->t_adam += c2 - c1;
            t->t_sample += (c0 - cs) + (rt_now() - c2);
            rt_progress_step(&prog, i + 1, n_labels ? loss_sum / (double)n_labels : NAN);
        }
        rt_progress_finish(&prog);
        RtEpochStats *e = &report->epochs[report->n_epochs++];
        e->epoch = epoch;
        e->loss = n_labels ? loss_sum / (double)n_labels : NAN;
        e->seconds = rt_now() - t0;
        e->batches = nb;
        e->labels = n_labels;
        rt_progress_epoch(&prog, e, t->epochs);
        if (t->cfg.verbose)
            fprintf(stderr, "hgnn-run: epoch %d: model %.3f s, Adam %.3f s, waiting for the "
                    "sampler %.3f s; workspace %.1f MB after %d resize(s)\n", epoch, t->t_run,
                    t->t_adam, t->t_sample, (double)t->workspace_cap * 4.0 / 1048576.0,
                    t->workspace_grows);
    }
    return 0;
}

int rt_trainer_evaluate(RtTrainer *t, int part, RtEvalStats *out, RtError *err) {
    const HgnnModel *m = t->m;
    RtLoader *l = t->loader[part];
    int64_t nb = rt_loader_num_batches(l);
    double t0 = rt_now();
    RtProgress prog;
    rt_progress_init(&prog, t->cfg.quiet, t->cfg.force_bar);
    rt_progress_start(&prog, part == RT_SPLIT_VAL ? "val" : "test", nb);
    rt_loader_begin_epoch(l, 0);
    double loss_sum = 0.0;
    int64_t at = 0;
    int rc = 0;
    if (nb > 0 && rt_loader_fill(l, 0, &t->batch[0]) < 0)
        return rt_err(err, NULL, 0, "out of memory sampling a batch");
    for (int64_t i = 0; i < nb; i++) {
        int cur = (int)(i & 1);
        if (i + 1 < nb)
            fill_begin(t, l, i + 1, &t->batch[cur ^ 1], &rc);
        HgnnBatch hb;
        int64_t n = t->batch[cur].n_labels;
        if (view(t, cur, &hb, err) < 0 || at + n > t->scores_cap) {
            if (i + 1 < nb)
                fill_end(t, rc);
            if (at + n > t->scores_cap)
                rt_err(err, NULL, 0, "the loader yields more labels than it has (a bug)");
            return -1;
        }
        float loss = 0.0f;
        m->run(HGNN_RUN_FORWARD, &hb, t->pp, NULL, t->workspace, &t->host, t->scores + at, &loss);
        memcpy(t->labels + at, t->batch[cur].labels, (size_t)n * sizeof(float));
        loss_sum += (double)loss * (double)n;
        at += n;
        if (i + 1 < nb && fill_end(t, rc) < 0)
            return rt_err(err, NULL, 0, "out of memory sampling a batch");
        rt_progress_step(&prog, i + 1, NAN);
    }
    rt_progress_finish(&prog);
    out->auc = rt_roc_auc(t->scores, t->labels, at);
    out->loss = at ? loss_sum / (double)at : NAN;
    out->seconds = rt_now() - t0;
    out->batches = nb;
    out->labels = at;
    return 0;
}

// Fills the report's settings and split counts.
static void describe(const RtTrainer *t, RtRunReport *r) {
    r->model = t->m->name;
    r->seed = t->cfg.seed;
    r->threads = t->cfg.threads;
    r->optimizer = rt_optimizer_name(t->cfg.optimizer);
    r->batch_size = t->batch_size;
    r->lr = t->lr;
    r->n_params = 0;
    for (int32_t i = 0; i < t->m->n_params; i++)
        r->n_params += t->count[i];
    r->blas_core = rt_blas_core();
    const RtSplitPart *p = t->split.part;
    r->train_mp = p[RT_SPLIT_TRAIN].n_mp;
    r->train_sup = p[RT_SPLIT_TRAIN].n_labels;
    r->val_mp = p[RT_SPLIT_VAL].n_mp;
    r->val_labels = p[RT_SPLIT_VAL].n_labels;
    r->test_mp = p[RT_SPLIT_TEST].n_mp;
    r->test_labels = p[RT_SPLIT_TEST].n_labels;
}

int rt_trainer_save(const RtTrainer *t, const char *path, RtError *err) {
    RtTensor *ts = calloc((size_t)t->m->n_params + 1, sizeof *ts);
    if (!ts)
        return rt_err(err, NULL, 0, "out of memory");
    rt_checkpoint_tensors(t->m, t->dims0, t->pp, ts);
    char seed[32], steps[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)t->cfg.seed);
    snprintf(steps, sizeof steps, "%lld", (long long)t->step);
    const char *meta[] = {"format", "pt", "model", t->m->name ? t->m->name : "",
                          "producer", "hgnn-run", "seed", seed, "adam_steps", steps, NULL};
    int rc = rt_safetensors_save(path, ts, t->m->n_params, meta, err);
    free(ts);
    return rc;
}

int rt_trainer_load(RtTrainer *t, const char *path, RtError *err) {
    RtTensor *ts = calloc((size_t)t->m->n_params + 1, sizeof *ts);
    if (!ts)
        return rt_err(err, NULL, 0, "out of memory");
    rt_checkpoint_tensors(t->m, t->dims0, t->pp, ts);
    int rc = rt_safetensors_load(path, ts, t->m->n_params, err);
    free(ts);
    if (rc == 0) {
        memset(t->adam_m, 0, (size_t)t->total * sizeof(float));
        memset(t->adam_v, 0, (size_t)t->total * sizeof(float));
        t->step = 0;
    }
    return rc;
}

// ---- the hgnn-run training mode

int rt_train_run(const RtRunOptions *o, RtError *err) {
    RtGraph g;
    memset(&g, 0, sizeof g);
    if (rt_movielens_load(o->data_dir, &g, err) < 0)
        return -1;
    if (rt_graph_to_undirected(&g, err) < 0) {
        rt_graph_free(&g);
        return -1;
    }
    // A .hgnn adopts the data's feature widths; a .so must agree with them.
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    for (int32_t i = 0; i < g.n_node_types; i++)
        dt[i] = (HgnnNodeType){g.nodes[i].name, g.nodes[i].feat_width};
    const HgnnModel *m = rt_model_open(o->model_path, dt, g.n_node_types, err);
    if (!m) {
        rt_graph_free(&g);
        return -1;
    }
    int code = -1;
    RtRunReport rep;
    memset(&rep, 0, sizeof rep);
    RtTrainer *t = rt_trainer_new(m, &g, &o->train, err);
    if (!t) {
        rt_err_file(err, o->model_path);  // what the trainer refused came from the model
        goto out;
    }
    describe(t, &rep);
    rep.data = o->data_dir;
    if (o->load_path && rt_trainer_load(t, o->load_path, err) < 0) {
        goto out;
    }
    if (!o->train.quiet)
        printf("model %s: %lld parameters; data %s: train %lld labels (%lld message passing), "
               "val %lld, test %lld; seed %llu, %d thread(s), BLAS %s%s\n",
               m->name, (long long)rep.n_params, o->data_dir, (long long)rep.train_sup,
               (long long)rep.train_mp, (long long)rep.val_labels, (long long)rep.test_labels,
               (unsigned long long)rep.seed, rep.threads, rep.blas_core,
               o->train.optimizer == RT_OPT_SPARSE_ADAM ? ", optimizer sparse-adam" : "");
    rep.epochs = calloc((size_t)t->epochs + 1, sizeof *rep.epochs);
    if (!rep.epochs) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    if (rt_trainer_train(t, &rep, err) < 0 ||
        rt_trainer_evaluate(t, RT_SPLIT_VAL, &rep.val, err) < 0 ||
        rt_trainer_evaluate(t, RT_SPLIT_TEST, &rep.test, err) < 0) {
        goto out;
    }
    printf("val AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.val.auc, rep.val.loss,
           (long long)rep.val.labels, rep.val.seconds);
    printf("test AUC %.4f  (loss %.4f, %lld labels, %.2f s)\n", rep.test.auc, rep.test.loss,
           (long long)rep.test.labels, rep.test.seconds);
    fflush(stdout);
    rep.peak_rss_mb = rt_peak_rss_mb();
    if (o->save_path && rt_trainer_save(t, o->save_path, err) < 0) {
        goto out;
    }
    if (o->metrics_path && rt_metrics_write(o->metrics_path, &rep, err) < 0) {
        goto out;
    }
    if (o->train.verbose)
        fprintf(stderr, "hgnn-run: peak RSS %.1f MB\n", rep.peak_rss_mb);
    code = 0;
out:
    free(rep.epochs);
    rt_trainer_free(t);
    rt_graph_free(&g);
    return code;
}
