// test_train.c — the training loop end to end on ml-latest-small with a small hand-written model
// (embeddings + a genre projection, dot-product classifier, BCE) that implements hgnn/abi.h the
// way compiled models do: reproducible runs, prefetch on or off giving the same numbers, loss
// going down, AUC above chance, checkpoints that restore the same AUC, schema mismatches refused.
// With a second argument (a model path) it trains that model instead; with --no-malloc it checks
// that training steps allocate nothing (every allocation of the process is counted).
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"
#include "movielens.h"
#include "model.h"
#include "app.h"

#ifndef __SANITIZE_ADDRESS__
// Counts every heap allocation of the process, all threads, OpenBLAS and the sampler included.
// (Under AddressSanitizer, which owns malloc, this counting is not built; see main.)
#define COUNT_ALLOCS 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
static atomic_long n_allocs;
void *malloc(size_t n) {
    atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed);
    return __libc_malloc(n);
}
void *calloc(size_t a, size_t b) {
    atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed);
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n) {
    atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed);
    return __libc_realloc(p, n);
}
int posix_memalign(void **p, size_t align, size_t n) {
    atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed);
    *p = __libc_memalign(align, n);
    return *p ? 0 : 12;   // ENOMEM
}
#endif

enum { H = 16, T = 2, K = 2, G = 20 };

static int64_t ws_floats(const int64_t *dims) {
    return 2 * (dims[HGNN_DIM_N(T, 0)] + dims[HGNN_DIM_N(T, 1)]) * H + dims[HGNN_DIM_N(T, 1)] * G;
}

// score_k = <h_user[src_k], h_movie[dst_k]>, h_user = E_u[id], h_movie = E_m[id] + x W^T + b.
static void run(int32_t mode, const HgnnBatch *b, float *const *params, float *const *grads,
                float *ws, const HgnnHost *host, float *scores, float *loss) {
    const int64_t *d = b->dims;
    int64_t nu = d[HGNN_DIM_N(T, 0)], nm = d[HGNN_DIM_N(T, 1)], nl = d[HGNN_DIM_L(T, K)];
    float *hu = ws, *hm = ws + nu * H, *dhu = hm + nm * H, *dhm = dhu + nu * H, *xg = dhm + nm * H;
    const float *eu = params[0], *em = params[1], *w = params[2], *bias = params[3];
    const float *x = b->features[1];
    for (int64_t i = 0; i < nu; i++)
        memcpy(hu + i * H, eu + (int64_t)b->node_ids[0][i] * H, H * sizeof(float));
    for (int64_t i = 0; i < nm; i++)
        memcpy(xg + i * G, x + (int64_t)b->node_ids[1][i] * G, G * sizeof(float));
    host->sgemm(0, 1, nm, H, G, 1.0f, xg, G, w, G, 0.0f, hm, H);
    for (int64_t i = 0; i < nm; i++)
        for (int j = 0; j < H; j++)
            hm[i * H + j] += bias[j] + em[(int64_t)b->node_ids[1][i] * H + j];
    double lsum = 0;
    for (int64_t k = 0; k < nl; k++) {
        float s = 0;
        for (int j = 0; j < H; j++)
            s += hu[b->label_src[k] * H + j] * hm[b->label_dst[k] * H + j];
        scores[k] = s;
        double y = b->labels[k];
        lsum += (s > 0 ? s : 0) - s * y + log1p(exp(-fabs(s)));
    }
    *loss = nl ? (float)(lsum / nl) : 0.0f;
    if (mode != HGNN_RUN_TRAIN && mode != HGNN_RUN_TRAIN_SPARSE && mode != HGNN_RUN_TRAIN_COMPACT)
        return;
    int64_t vu = d[HGNN_DIM_V(0)], vm = d[HGNN_DIM_V(1)];
    // The embeddings' gradient rows: at the node ids, or batch-compact.
    const int32_t *iu = mode == HGNN_RUN_TRAIN_COMPACT ? NULL : b->node_ids[0];
    const int32_t *im = mode == HGNN_RUN_TRAIN_COMPACT ? NULL : b->node_ids[1];
    if (mode == HGNN_RUN_TRAIN) {
        memset(grads[0], 0, (size_t)(vu * H) * sizeof(float));
        memset(grads[1], 0, (size_t)(vm * H) * sizeof(float));
    } else if (mode == HGNN_RUN_TRAIN_COMPACT) {
        memset(grads[0], 0, (size_t)(nu * H) * sizeof(float));
        memset(grads[1], 0, (size_t)(nm * H) * sizeof(float));
    } else {  // the embeddings' gradients only on the batch's rows (tiny_sparse's flags)
        for (int64_t i = 0; i < nu; i++)
            memset(grads[0] + (int64_t)b->node_ids[0][i] * H, 0, H * sizeof(float));
        for (int64_t i = 0; i < nm; i++)
            memset(grads[1] + (int64_t)b->node_ids[1][i] * H, 0, H * sizeof(float));
    }
    memset(grads[2], 0, (size_t)(H * G) * sizeof(float));
    memset(grads[3], 0, H * sizeof(float));
    memset(dhu, 0, (size_t)(nu * H) * sizeof(float));
    memset(dhm, 0, (size_t)(nm * H) * sizeof(float));
    for (int64_t k = 0; k < nl; k++) {
        float s = scores[k];
        float g = (float)((1.0 / (1.0 + exp(-s)) - b->labels[k]) / nl);
        for (int j = 0; j < H; j++) {
            dhu[b->label_src[k] * H + j] += g * hm[b->label_dst[k] * H + j];
            dhm[b->label_dst[k] * H + j] += g * hu[b->label_src[k] * H + j];
        }
    }
    for (int64_t i = 0; i < nu; i++)
        for (int j = 0; j < H; j++)
            grads[0][(iu ? iu[i] : i) * H + j] += dhu[i * H + j];
    for (int64_t i = 0; i < nm; i++)
        for (int j = 0; j < H; j++) {
            grads[1][(im ? im[i] : i) * H + j] += dhm[i * H + j];
            grads[3][j] += dhm[i * H + j];
        }
    host->sgemm(1, 0, H, G, nm, 1.0f, dhm, H, xg, G, 0.0f, grads[2], G);
}

static HgnnNodeType node_types[T] = {{"user", 0}, {"movie", G}};
static HgnnEdgeType edge_types[K] = {
    {"user__rates__movie", "rates", 0, 1, -1},
    {"movie__rev_rates__user", "rev_rates", 1, 0, 0},
};
static HgnnParam params[] = {
    {"user_emb.weight", HGNN_DIM_V(0), HGNN_INIT_NORMAL, 0, H, 1.0f, 0, NULL},
    {"movie_emb.weight", HGNN_DIM_V(1), HGNN_INIT_NORMAL, 0, H, 1.0f, 0, NULL},
    {"movie_lin.weight", -1, HGNN_INIT_UNIFORM, H, G, 0.2236068f, 0, NULL},
    {"movie_lin.bias", -1, HGNN_INIT_UNIFORM, 1, H, 0.2236068f, 0, NULL},
};
// The same parameters with the embeddings' gradients declared sparse (HGNN_PARAM_SPARSE_GRAD).
static HgnnParam sparse_params[] = {
    {"user_emb.weight", HGNN_DIM_V(0), HGNN_INIT_NORMAL, 0, H, 1.0f, HGNN_PARAM_SPARSE_GRAD, NULL},
    {"movie_emb.weight", HGNN_DIM_V(1), HGNN_INIT_NORMAL, 0, H, 1.0f, HGNN_PARAM_SPARSE_GRAD, NULL},
    {"movie_lin.weight", -1, HGNN_INIT_UNIFORM, H, G, 0.2236068f, 0, NULL},
    {"movie_lin.bias", -1, HGNN_INIT_UNIFORM, 1, H, 0.2236068f, 0, NULL},
};

static HgnnModel tiny = {
    .magic = HGNN_MAGIC,
    .abi_version = HGNN_ABI_VERSION,
    .name = "tiny",
    .compiler = "test_train.c",
    .n_node_types = T,
    .n_edge_types = K,
    .node_types = node_types,
    .edge_types = edge_types,
    .label_edge_type = 0,
    .n_params = 4,
    .params = params,
    .defaults = {.epochs = 2, .batch_size = 128, .n_hops = 2, .fanout = {20, 10}, .lr = 0.01f,
                 .neg_ratio = 2.0f, .val_frac = 0.1f, .test_frac = 0.1f, .disjoint_frac = 0.3f,
                 .adam_beta1 = 0.9f, .adam_beta2 = 0.999f, .adam_eps = 1e-8f,
                 .split_neg_ratio = 2.0f},
    .workspace_floats = ws_floats,
    .run = run,
};

typedef struct Outcome {
    RtEpochStats ep[4];
    int32_t n;
    RtEvalStats val, test;
} Outcome;

// Runs print nothing.
static RtAppOptions quiet = {.quiet = 1, .force_bar = 0};

static int train_opt(const HgnnModel *m, const RtGraph *g, uint64_t seed, int prefetch,
                     int epochs, int optimizer, Outcome *o, const char *save) {
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    cfg.optimizer = optimizer;
    cfg.seed = seed;
    cfg.prefetch = prefetch;
    cfg.epochs = epochs;
    RtError err = {0};
    RtApp a;
    if (rt_app_compose(&a, g, m, NULL, &cfg, &err) < 0) {
        fprintf(stderr, "trainer: %s\n", RT_ERR_TEXT(&err));
        return -1;
    }
    RtRunReport r = {.epochs = o->ep};
    int rc = rt_app_fit(&a, &quiet, &r, &err);
    o->val = r.val;
    o->test = r.test;
    o->n = r.n_epochs;
    if (save && rc == 0)
        rc = rt_app_save(&a, seed, save, &err);
    if (rc)
        fprintf(stderr, "train: %s\n", RT_ERR_TEXT(&err));
    rt_app_free(&a);
    return rc;
}

static int train(const HgnnModel *m, const RtGraph *g, uint64_t seed, int prefetch, int epochs,
                 Outcome *o, const char *save) {
    return train_opt(m, g, seed, prefetch, epochs, RT_OPT_MODEL, o, save);
}

// Sparse gradients: with Adam, a model writing its embeddings' gradients on the batch rows only
// trains to the very numbers of the dense one; with SparseAdam it learns, reproducibly; a model
// without sparse gradients is refused sparse-adam.
static void test_sparse(const RtGraph *g, const Outcome *dense) {
    HgnnModel sp = tiny;
    sp.params = sparse_params;
    Outcome a, b, c;
    CHECK(train(&sp, g, 0, 1, 2, &a, NULL) == 0);
    CHECK(a.ep[0].loss == dense->ep[0].loss && a.ep[1].loss == dense->ep[1].loss);
    CHECK(a.val.auc == dense->val.auc && a.test.auc == dense->test.auc);
    CHECK(train_opt(&sp, g, 0, 1, 2, RT_OPT_SPARSE_ADAM, &b, NULL) == 0);
    CHECK(train_opt(&sp, g, 0, 0, 2, RT_OPT_SPARSE_ADAM, &c, NULL) == 0);
    CHECK(b.ep[0].loss == c.ep[0].loss && b.val.auc == c.val.auc);
    CHECK(b.ep[0].loss != a.ep[0].loss);
    CHECK(isfinite(b.ep[0].loss) && b.ep[1].loss < b.ep[0].loss);
    CHECK(b.val.auc > 0.6 && b.test.auc > 0.6);
    printf("tiny model, sparse-adam: loss %.4f %.4f, val AUC %.4f, test AUC %.4f\n",
           b.ep[0].loss, b.ep[1].loss, b.val.auc, b.test.auc);

    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    cfg.optimizer = RT_OPT_SPARSE_ADAM;
    RtError err = {0};
    CHECK(rt_trainer_new(&tiny, g, &cfg, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), "sparse-adam") && strstr(RT_ERR_TEXT(&err), "tiny"));
    sp.defaults.weight_decay = 0.01f;
    CHECK(rt_trainer_new(&sp, g, &cfg, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), "weight decay") != NULL);
}

// The optimizer knobs end to end (their arithmetic is test_optim.c's): a clip_norm no gradient
// reaches changes no bit, a small one changes the run, and its norm covers a sparse gradient's
// batch rows as the dense gradient (zero elsewhere) does; AdamW differs from Adam's L2 and
// --optimizer adam overrides a model's adamw; sparse-adam refuses weight decay either way; a
// schedule's rate is reported per epoch, a constant one not at all.
static void test_knobs(const RtGraph *g, const Outcome *dense) {
    HgnnModel m = tiny;
    Outcome a, b, c;
    CHECK(isnan(dense->ep[0].lr) && isnan(dense->ep[1].lr));
    m.defaults.clip_norm = 1e9f;
    CHECK(train(&m, g, 0, 1, 2, &a, NULL) == 0);
    CHECK(a.ep[0].loss == dense->ep[0].loss && a.ep[1].loss == dense->ep[1].loss);
    CHECK(a.val.auc == dense->val.auc && a.test.auc == dense->test.auc);
    m.defaults.clip_norm = 1e-3f;
    CHECK(train(&m, g, 0, 1, 2, &b, NULL) == 0);
    CHECK(b.ep[1].loss != dense->ep[1].loss && b.val.auc > 0.6);
    m.params = sparse_params;
    CHECK(train(&m, g, 0, 1, 2, &c, NULL) == 0);
    CHECK(fabs(c.ep[1].loss - b.ep[1].loss) < 1e-6 && fabs(c.val.auc - b.val.auc) < 1e-5);
    printf("tiny model, clip_norm 1e-3: loss %.6f (sparse rows %.6f), val AUC %.4f\n",
           b.ep[1].loss, c.ep[1].loss, b.val.auc);

    m = tiny;
    m.defaults.weight_decay = 0.05f;
    Outcome l2, w, forced;
    CHECK(train(&m, g, 0, 1, 2, &l2, NULL) == 0);
    m.defaults.optimizer = HGNN_OPT_ADAMW;
    CHECK(train(&m, g, 0, 1, 2, &w, NULL) == 0);
    CHECK(train_opt(&m, g, 0, 1, 2, RT_OPT_ADAM, &forced, NULL) == 0);
    printf("tiny model, weight_decay 0.05: adam loss %.6f val AUC %.4f, adamw loss %.6f val AUC "
           "%.4f\n", l2.ep[1].loss, l2.val.auc, w.ep[1].loss, w.val.auc);
    CHECK(w.ep[1].loss != l2.ep[1].loss && w.val.auc > 0.6);
    CHECK(forced.ep[1].loss == l2.ep[1].loss && forced.val.auc == l2.val.auc);
    m.params = sparse_params;
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    cfg.optimizer = RT_OPT_SPARSE_ADAM;
    RtError err = {0};
    CHECK(rt_trainer_new(&m, g, &cfg, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), "weight decay") != NULL);

    m = tiny;
    m.defaults.lr_schedule = HGNN_LR_COSINE;
    m.defaults.warmup_steps = 10;
    m.defaults.warmup_start = 0.5f;
    CHECK(train(&m, g, 0, 1, 2, &a, NULL) == 0);
    CHECK(a.ep[0].lr > 0 && a.ep[0].lr < m.defaults.lr && a.ep[1].lr < a.ep[0].lr);
    printf("tiny model, cosine with warm-up: loss %.6f, lr %g %g, val AUC %.4f\n", a.ep[0].loss,
           a.ep[0].lr, a.ep[1].lr, a.val.auc);
    CHECK(a.ep[0].loss != dense->ep[0].loss && a.val.auc > 0.5);
    m.defaults.lr_schedule = 7;
    CHECK(rt_trainer_new(&m, g, &cfg, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), "unusable optimizer settings") != NULL);
}

// The hand-written model: reproducibility, learning, checkpoints, schema mismatches.
static void test_tiny(const RtGraph *g) {
    RtError err = {0};
    char path[256];
    snprintf(path, sizeof path, "/tmp/test_train.%ld.safetensors", (long)getpid());
    Outcome a, b, c;
    CHECK(train(&tiny, g, 0, 1, 2, &a, path) == 0);
    CHECK(train(&tiny, g, 0, 0, 2, &b, NULL) == 0);
    CHECK(train(&tiny, g, 1, 1, 1, &c, NULL) == 0);
    CHECK(a.n == 2 && a.ep[0].batches == 190 && a.ep[0].labels == 24201 * 3);
    CHECK(a.ep[0].epoch == 1 && a.ep[1].epoch == 2);
    // The same seed gives the same numbers, with or without the prefetch thread.
    CHECK(a.ep[0].loss == b.ep[0].loss && a.ep[1].loss == b.ep[1].loss);
    CHECK(a.val.auc == b.val.auc && a.test.auc == b.test.auc);
    // Another seed gives other numbers.
    CHECK(a.ep[0].loss != c.ep[0].loss);
    // It learns: loss falls, AUC is well above chance on both splits.
    CHECK(isfinite(a.ep[0].loss) && a.ep[1].loss < a.ep[0].loss);
    CHECK(a.val.labels == 30249 && a.test.labels == 30249 && a.val.batches == 79);
    CHECK(a.val.auc > 0.6 && a.test.auc > 0.6);
    printf("tiny model: loss %.4f %.4f, val AUC %.4f, test AUC %.4f\n", a.ep[0].loss,
           a.ep[1].loss, a.val.auc, a.test.auc);

    // The checkpoint of run a restores its parameters: evaluating it gives the same AUC.
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    RtApp app;
    CHECK(rt_app_compose(&app, g, &tiny, NULL, &cfg, &err) == 0);
    if (app.trainer) {
        RtEvalStats v;
        CHECK(rt_app_load(&app, path, &err) == 0);
        CHECK(rt_evaluate(app.trainer, app.loader[RT_SPLIT_VAL], NULL, NULL, &v, &err) == 0);
        CHECK(v.auc == a.val.auc);
        rt_app_free(&app);
    }
    unlink(path);

    // A model whose schema does not match the data is refused with a clear message.
    HgnnNodeType narrow[T] = {{"user", 0}, {"movie", 18}};
    HgnnModel bad = tiny;
    bad.node_types = narrow;
    CHECK(rt_trainer_new(&bad, g, &cfg, &err) == NULL);
    CHECK(strstr(err.msg, "movie") && strstr(err.msg, "18") && strstr(err.msg, "20"));
    HgnnEdgeType other[K] = {edge_types[0], {"movie__likes__user", "likes", 1, 0, 0}};
    bad = tiny;
    bad.edge_types = other;
    CHECK(rt_trainer_new(&bad, g, &cfg, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), "movie__likes__user") != NULL);
    // A split setting out of hgnn/limits.h's bounds: one message, no module posing as a file (the
    // application names the model file).
    bad = tiny;
    bad.defaults.neg_ratio = 5000;
    RtApp app2;
    CHECK(rt_app_compose(&app2, g, &bad, NULL, &cfg, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "error: neg_ratio must be in [0, 1000] (saw 5000)") == 0);
    // The split's own ratio (ABI 8) is checked by the split, under its own name.
    bad = tiny;
    bad.defaults.split_neg_ratio = 5000;
    CHECK(rt_app_compose(&app2, g, &bad, NULL, &cfg, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "error: split_neg_ratio must be in [0, 1000] (saw 5000)") ==
          0);

    test_sparse(g, &a);
    test_knobs(g, &a);
}

#ifdef COUNT_ALLOCS
// Allocations made by rt_train_epoch over `epochs` epochs of the tiny model.
static long allocs_training(const RtGraph *g, int epochs, int prefetch) {
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    cfg.epochs = epochs;
    cfg.prefetch = prefetch;
    RtError err = {0};
    RtApp a;
    if (rt_app_compose(&a, g, &tiny, NULL, &cfg, &err) < 0)
        return -1;
    RtEpochStats ep;
    long before = atomic_load(&n_allocs);
    int rc = 0;
    for (int32_t e = 1; e <= epochs && rc == 0; e++)
        rc = rt_train_epoch(a.trainer, a.loader[RT_SPLIT_TRAIN], e, 0, NULL, NULL, &ep, &err);
    long n = atomic_load(&n_allocs) - before;
    rt_app_free(&a);
    return rc == 0 ? n : -1;
}

// Issue 6: no malloc inside a training step. Buffers grow during the first batches (workspace,
// batch arrays); after that, two more epochs (380 steps) may add at most a couple of growths.
static void test_no_malloc(const RtGraph *g) {
    for (int prefetch = 0; prefetch <= 1; prefetch++) {
        long one = allocs_training(g, 1, prefetch), three = allocs_training(g, 3, prefetch);
        printf("allocations while training (prefetch %d): 1 epoch %ld, 3 epochs %ld\n", prefetch,
               one, three);
        CHECK(one >= 0 && three >= 0);
        CHECK(three - one <= 4);
    }
}
#endif

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_train DATA_DIR [MODEL]\n");
        return 2;
    }
    RtError err = {0};
    RtGraph g;
    if (rt_movielens_load(argv[1], &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }

    if (argc > 2 && strcmp(argv[2], "--no-malloc") == 0) {
#ifdef COUNT_ALLOCS
        test_no_malloc(&g);
#else
        printf("test_train --no-malloc: not run under AddressSanitizer, which owns malloc\n");
#endif
        argc = 2;
        rt_graph_free(&g);
        return failures != 0;
    }
    if (argc < 3)
        test_tiny(&g);
    // A compiled model (the .hgnn through the JIT, or a .so), when given: same seed, same loss,
    // the tutorial's first-epoch loss and an AUC in PyG's range after one epoch.
    if (argc > 2) {
        HgnnNodeType dt[T] = {{"user", 0}, {"movie", (int32_t)g.nodes[1].feat_width}};
        const HgnnModel *m = rt_model_open(argv[2], dt, T, NULL, 0, -1, &err);
        CHECK(m != NULL);
        if (!m) {
            fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        } else {
            Outcome e, f;
            CHECK(train(m, &g, 0, 1, 1, &e, NULL) == 0);
            CHECK(train(m, &g, 0, 0, 1, &f, NULL) == 0);
            CHECK(e.ep[0].loss == f.ep[0].loss && e.val.auc == f.val.auc);
            CHECK(e.ep[0].loss > 0.3 && e.ep[0].loss < 0.6);
            CHECK(e.val.auc > 0.85);
            // --optimizer sparse-adam on the same model: as good after one epoch.
            Outcome sa;
            CHECK(train_opt(m, &g, 0, 1, 1, RT_OPT_SPARSE_ADAM, &sa, NULL) == 0);
            CHECK(sa.ep[0].loss > 0.3 && sa.ep[0].loss < 0.6 && sa.val.auc > 0.85);
            CHECK(sa.ep[0].loss != e.ep[0].loss);
            printf("%s, sparse-adam: epoch 1 loss %.4f, val AUC %.4f\n", argv[2], sa.ep[0].loss,
                   sa.val.auc);
            // Checkpoint tensors: PyG's 696896 parameters, 1-D biases, embeddings [V, 64].
            int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)] = {0};
            for (int32_t i = 0; i < m->n_node_types; i++)
                dims[HGNN_DIM_V(i)] = g.nodes[rt_graph_node_type(&g, m->node_types[i].name)].count;
            float *none[64] = {0};
            RtTensor ts[64];
            CHECK(m->n_params <= 64);
            rt_checkpoint_tensors(m, dims, none, ts);
            int64_t total = 0;
            for (int32_t i = 0; i < m->n_params && i < 64; i++) {
                total += ts[i].ndim == 1 ? ts[i].shape[0] : ts[i].shape[0] * ts[i].shape[1];
                size_t len = strlen(ts[i].name);
                if (len > 5 && strcmp(ts[i].name + len - 5, ".bias") == 0)
                    CHECK(ts[i].ndim == 1 && ts[i].shape[0] == 64);
                if (strcmp(ts[i].name, "movie_emb.weight") == 0)
                    CHECK(ts[i].ndim == 2 && ts[i].shape[0] == 9742 && ts[i].shape[1] == 64);
            }
            CHECK(total == 696896);
            printf("%s: epoch 1 loss %.4f, val AUC %.4f\n", argv[2], e.ep[0].loss, e.val.auc);
        }
    }
    rt_graph_free(&g);
    return check_done("test_train");
}
