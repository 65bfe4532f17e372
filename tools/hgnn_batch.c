// hgnn_batch.c — hgnn's side of the batch-level comparison with PyG (tools/README.md). Takes a
// compiled model and the MovieLens directory; writes a seed's split, its first training batches
// and initial weights as .npy / safetensors, then runs one training step on the first batch (or
// on a batch PyG exported, --from) and writes the loss, every gradient and the weights after the
// step, for tools/pyg_batch.py to check; or (--split) trains and evaluates the model as hgnn-run
// does on a split read from files, PyG's own. A developer tool: never run by hgnn-run.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "checkpoint.h"
#include "json.h"
#include "model.h"
#include "movielens.h"
#include "npy.h"

static const char usage[] =
    "usage: hgnn_batch MODEL --data DIR --out OUT [--seed S] [--batches N] [--steps K]\n"
    "                  [--epoch E]\n"
    "       hgnn_batch MODEL --data DIR --from IN [--out OUT] [--steps K]\n"
    "       hgnn_batch MODEL --data DIR --split IN [--seed S] [--metrics FILE.json]\n"
    "                  [--load FILE.safetensors]\n"
    "\n"
    "  first form: writes OUT/split/, the first N (default 1) training batches of epoch E\n"
    "  (default 1) as\n"
    "  OUT/batches/NNNN/batch/ (the first also as OUT/batch/) and the seed's initial weights\n"
    "  (OUT/params0.safetensors); then one training step on the first batch.\n"
    "  --from IN: the step on IN/batch/ from IN/params0.safetensors (PyG's, tools/pyg_batch.py\n"
    "  export) instead; OUT defaults to IN.\n"
    "  Both write OUT/scores.npy (the first batch's forward logits), OUT/step.json (loss,\n"
    "  Adam's settings), OUT/grads.safetensors and OUT/params1.safetensors. --steps K: K\n"
    "  steps on batches 0..K-1 of the directory (losses in step.json, the weights after them\n"
    "  in OUT/params_last.safetensors).\n"
    "  --split IN: the whole run of hgnn-run MODEL --data DIR --seed S (the model's epochs,\n"
    "  then val and test AUC, printed and --metrics written as hgnn-run does) on the split in\n"
    "  IN/split/ (tools/pyg_batch.py export IN, or this tool's OUT) instead of the seed's own;\n"
    "  the seed still draws the initial weights, negatives and batches. --load: start from\n"
    "  these weights instead (IN/params0.safetensors: PyG's initial weights for the seed).\n";

static _Noreturn void die_err(const RtError *e) {
    rt_err_print(stderr, "hgnn_batch", e);
    exit(1);
}

static _Noreturn void die(const char *msg, const char *what) {
    fprintf(stderr, "hgnn_batch: error: %s%s\n", msg, what ? what : "");
    exit(1);
}

// dir/name into buf (4096 bytes), or exit when it does not fit.
static char *join(char *buf, const char *dir, const char *name) {
    if (snprintf(buf, 4096, "%s/%s", dir, name) >= 4096)
        die("path too long: ", dir);
    return buf;
}

static void mkdirs(const char *path) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            die("cannot create ", buf);
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        die("cannot create ", buf);
}

static void write_npy(const char *dir, const char *name, RtNpyType type, int32_t ndim,
                      int64_t rows, int64_t cols, void *data) {
    char path[4096];
    join(path, dir, name);
    RtNpy a = {type, ndim, {rows, cols}, data};
    RtError e = {0};
    if (rt_npy_write(path, &a, &e) < 0)
        die_err(&e);
}

// 2 x n int32 from two arrays of n.
static void write_pairs(const char *dir, const char *name, const int32_t *a, const int32_t *b,
                        int64_t n) {
    int32_t *buf = malloc((size_t)(2 * n + 1) * sizeof *buf);
    if (!buf)
        die("out of memory", NULL);
    memcpy(buf, a, (size_t)n * sizeof *buf);
    memcpy(buf + n, b, (size_t)n * sizeof *buf);
    write_npy(dir, name, RT_NPY_I32, 2, 2, n, buf);
    free(buf);
}

// split/<part>.edge_index.npy (message passing, global ids), .edge_label_index, .edge_label.
static void write_split(const char *out, const RtGraph *g, const RtSplit *s) {
    static const char *const names[RT_SPLIT_PARTS] = {"train", "val", "test"};
    char dir[4096], name[64];
    join(dir, out, "split");
    mkdirs(dir);
    const RtEdgeStore *es = &g->edges[s->edge_type];
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        const RtSplitPart *sp = &s->part[p];
        // The 2 x n_mp array written straight: sources, then destinations.
        int32_t *pairs = malloc((size_t)(2 * sp->n_mp + 1) * sizeof *pairs);
        if (!pairs)
            die("out of memory", NULL);
        for (int64_t i = 0; i < sp->n_mp; i++) {
            pairs[i] = es->src[sp->mp_eid[i]];
            pairs[sp->n_mp + i] = es->dst[sp->mp_eid[i]];
        }
        snprintf(name, sizeof name, "%s.edge_index.npy", names[p]);
        write_npy(dir, name, RT_NPY_I32, 2, 2, sp->n_mp, pairs);
        free(pairs);
        snprintf(name, sizeof name, "%s.edge_label_index.npy", names[p]);
        write_pairs(dir, name, sp->label_src, sp->label_dst, sp->n_labels);
        snprintf(name, sizeof name, "%s.edge_label.npy", names[p]);
        write_npy(dir, name, RT_NPY_F32, 1, sp->n_labels, 1, sp->label);
    }
}

// A batch directory (tools/pyg_batch.py): node ids per type, edges per type, labels.
static void write_batch(const char *dir, const RtGraph *g, const RtBatch *b) {
    char name[512];
    mkdirs(dir);
    for (int32_t t = 0; t < g->n_node_types; t++) {
        snprintf(name, sizeof name, "n_id.%s.npy", g->nodes[t].name);
        write_npy(dir, name, RT_NPY_I32, 1, b->n_nodes[t], 1, b->node_ids[t]);
    }
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        snprintf(name, sizeof name, "edge_index.%s.npy", g->edges[e].name);
        write_pairs(dir, name, b->edge_src[e], b->edge_dst[e], b->n_edges[e]);
    }
    write_pairs(dir, "edge_label_index.npy", b->label_src, b->label_dst, b->n_labels);
    write_npy(dir, "edge_label.npy", RT_NPY_F32, 1, b->n_labels, 1, b->labels);
    write_npy(dir, "input_id.npy", RT_NPY_I32, 1, b->n_pos, 1, b->input_id);
}

static RtNpy read_npy(const char *dir, const char *name, RtNpyType type, int32_t ndim) {
    char path[4096];
    join(path, dir, name);
    RtNpy a;
    RtError e = {0};
    if (rt_npy_read(path, &a, &e) < 0)
        die_err(&e);
    if (a.type != type || a.ndim != ndim || (ndim == 2 && a.shape[0] != 2))
        die("unexpected dtype or shape in ", path);
    return a;
}

// Reads a batch directory into b (its arrays malloc'ed; free_read_batch frees them). Edges are
// sorted by destination (stably) with CSR offsets, as the model reads them.
static void read_batch(const char *dir, const RtGraph *g, int32_t target, RtBatch *b) {
    char name[512];
    memset(b, 0, sizeof *b);
    b->n_node_types = g->n_node_types;
    b->n_edge_types = g->n_edge_types;
    b->label_type = target;
    for (int32_t t = 0; t < g->n_node_types; t++) {
        snprintf(name, sizeof name, "n_id.%s.npy", g->nodes[t].name);
        RtNpy a = read_npy(dir, name, RT_NPY_I32, 1);
        b->n_nodes[t] = (int32_t)a.shape[0];
        b->node_ids[t] = a.data;
        for (int64_t i = 0; i < a.shape[0]; i++)
            if (b->node_ids[t][i] < 0 || b->node_ids[t][i] >= g->nodes[t].count)
                die("node id out of range in ", name);
    }
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        snprintf(name, sizeof name, "edge_index.%s.npy", g->edges[e].name);
        RtNpy a = read_npy(dir, name, RT_NPY_I32, 2);
        int64_t n = a.shape[1];
        const int32_t *src = a.data, *dst = src + n;
        int32_t nd = b->n_nodes[g->edges[e].dst_type], ns = b->n_nodes[g->edges[e].src_type];
        int32_t *ptr = calloc((size_t)nd + 2, sizeof *ptr);
        b->edge_src[e] = malloc((size_t)(n + 1) * sizeof(int32_t));
        b->edge_dst[e] = malloc((size_t)(n + 1) * sizeof(int32_t));
        if (!ptr || !b->edge_src[e] || !b->edge_dst[e])
            die("out of memory", NULL);
        for (int64_t i = 0; i < n; i++) {
            if (dst[i] < 0 || dst[i] >= nd || src[i] < 0 || src[i] >= ns)
                die("local id out of range in ", name);
            ptr[dst[i] + 1]++;
        }
        for (int32_t v = 0; v < nd; v++)
            ptr[v + 1] += ptr[v];
        int32_t *next = malloc((size_t)(nd + 1) * sizeof *next);
        if (!next)
            die("out of memory", NULL);
        memcpy(next, ptr, (size_t)(nd + 1) * sizeof *next);
        for (int64_t i = 0; i < n; i++) {
            int32_t k = next[dst[i]]++;
            b->edge_src[e][k] = src[i];
            b->edge_dst[e][k] = dst[i];
        }
        free(next);
        rt_npy_free(&a);
        b->edge_ptr[e] = ptr;
        b->n_edges[e] = (int32_t)n;
    }
    RtNpy li = read_npy(dir, "edge_label_index.npy", RT_NPY_I32, 2);
    RtNpy lb = read_npy(dir, "edge_label.npy", RT_NPY_F32, 1);
    if (lb.shape[0] != li.shape[1])
        die("edge_label and edge_label_index differ in length in ", dir);
    b->n_labels = b->n_pos = (int32_t)lb.shape[0];
    b->label_src = li.data;
    b->label_dst = (int32_t *)li.data + li.shape[1];
    b->labels = lb.data;
    const RtEdgeStore *es = &g->edges[target];
    for (int32_t i = 0; i < b->n_labels; i++)
        if (b->label_src[i] < 0 || b->label_src[i] >= b->n_nodes[es->src_type] ||
            b->label_dst[i] < 0 || b->label_dst[i] >= b->n_nodes[es->dst_type])
            die("label index out of range in ", dir);
}

static void free_read_batch(RtBatch *b) {
    for (int32_t t = 0; t < b->n_node_types; t++)
        free(b->node_ids[t]);
    for (int32_t e = 0; e < b->n_edge_types; e++) {
        free(b->edge_src[e]);
        free(b->edge_dst[e]);
        free(b->edge_ptr[e]);
    }
    free(b->label_src);     // label_dst points into the same array
    free(b->labels);
}

// The model's forward scores (logits) of batch b under the trainer's current weights, as
// OUT/scores.npy (float32, one per label), for tools/pyg_batch.py check to compare with PyG's.
static void write_scores(const char *out, const HgnnModel *m, const RtGraph *g,
                         const RtTrainer *tr, const RtBatch *b) {
    RtError e;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    if (rt_graph_map_types(g, m->node_types, m->n_node_types, m->edge_types, m->n_edge_types,
                           node_map, edge_map, &e) < 0)
        die_err(&e);
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
    HgnnBatch hb;
    if (rt_batch_view(b, g, m->n_node_types, node_map, m->n_edge_types, edge_map,
                      m->label_edge_type, &hb, dims) < 0)
        die("the batch does not fit the model's types", NULL);
    int64_t nws = m->workspace_floats(dims), L = dims[HGNN_DIM_L(m->n_node_types,
                                                                   m->n_edge_types)];
    float *ws = calloc((size_t)nws + 1, sizeof *ws), *scores = calloc((size_t)L + 1, sizeof *ws);
    if (!ws || !scores)
        die("out of memory", NULL);
    float loss;
    m->run(HGNN_RUN_FORWARD, &hb, rt_trainer_params(tr), NULL, ws, rt_trainer_host(tr), scores,
           &loss);
    write_npy(out, "scores.npy", RT_NPY_F32, 1, L, 1, scores);
    free(ws);
    free(scores);
}

static void save_tensors(const char *out, const char *name, const RtTensor *ts, int32_t n) {
    char path[4096];
    join(path, out, name);
    RtError e = {0};
    if (rt_safetensors_save(path, ts, n, NULL, &e) < 0)
        die_err(&e);
}

static void write_step(const char *out, const HgnnModel *m, float lr, const float *losses,
                       long n_steps) {
    RtJson j;
    rt_json_init(&j, 1);
    rt_json_object(&j);
    rt_json_key(&j, "loss");
    rt_json_f32(&j, losses[0]);
    rt_json_key(&j, "losses");
    rt_json_array(&j);
    for (long i = 0; i < n_steps; i++)
        rt_json_f32(&j, losses[i]);
    rt_json_end_array(&j);
    rt_json_key(&j, "lr");
    rt_json_f32(&j, lr);
    rt_json_key(&j, "betas");
    rt_json_array(&j);
    rt_json_f32(&j, m->defaults.adam_beta1);
    rt_json_f32(&j, m->defaults.adam_beta2);
    rt_json_end_array(&j);
    rt_json_key(&j, "eps");
    rt_json_f32(&j, m->defaults.adam_eps);
    rt_json_key(&j, "weight_decay");
    rt_json_f32(&j, m->defaults.weight_decay);
    rt_json_end_object(&j);
    rt_json_raw(&j, "\n", 1);
    char path[4096];
    join(path, out, "step.json");
    const void *parts[1] = {j.buf};
    size_t sizes[1] = {j.len};
    RtError e = {0};
    if (j.oom || rt_file_write_atomic(path, parts, sizes, 1, &e) < 0)
        die_err(&e);
    rt_json_free(&j);
}

typedef struct Args {
    const char *model, *data, *out, *from, *split, *metrics, *load;
    uint64_t seed;
    long n_batches, n_steps, epoch;
} Args;

static Args parse_args(int argc, char **argv) {
    Args o = {.n_batches = 1, .n_steps = 1, .epoch = 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            exit(0);
        } else if (a[0] == '-' && !v) {
            die("missing value for ", a);
        } else if (strcmp(a, "--data") == 0) {
            o.data = argv[++i];
        } else if (strcmp(a, "--out") == 0) {
            o.out = argv[++i];
        } else if (strcmp(a, "--from") == 0) {
            o.from = argv[++i];
        } else if (strcmp(a, "--split") == 0) {
            o.split = argv[++i];
        } else if (strcmp(a, "--metrics") == 0) {
            o.metrics = argv[++i];
        } else if (strcmp(a, "--load") == 0) {
            o.load = argv[++i];
        } else if (strcmp(a, "--seed") == 0) {
            o.seed = strtoull(argv[++i], NULL, 10);
        } else if (strcmp(a, "--steps") == 0) {
            o.n_steps = strtol(argv[++i], NULL, 10);
        } else if (strcmp(a, "--epoch") == 0) {
            o.epoch = strtol(argv[++i], NULL, 10);
        } else if (strcmp(a, "--batches") == 0) {
            o.n_batches = strtol(argv[++i], NULL, 10);
        } else if (a[0] == '-' || o.model) {
            die("unexpected argument ", a);
        } else {
            o.model = a;
        }
    }
    if (!o.out)
        o.out = o.from;
    if (o.n_steps > o.n_batches && !o.from)
        o.n_batches = o.n_steps;
    if (!o.model || !o.data || (!o.out && !o.split) || (o.split && (o.out || o.from)) ||
        ((o.metrics || o.load) && !o.split) || o.n_batches < 1 || o.n_steps < 1) {
        fputs(usage, stderr);
        exit(1);
    }
    return o;
}

// Samples batches 0..n-1 of `epoch` (numbered from 1, as rt_train_epoch numbers them) and writes
// each, the first also as OUT/batch/; the first stays in *first.
static void sample_batches(const char *out, const RtGraph *g, RtLoader *l, long epoch, long n,
                           RtBatch *first, RtBatch *b) {
    char dir[4096];
    rt_loader_begin_epoch(l, epoch);
    for (long i = 0; i < n && i < rt_loader_num_batches(l); i++) {
        RtBatch *x = i == 0 ? first : b;
        if (rt_loader_fill(l, i, x) < 0)
            die("cannot sample a batch", NULL);
        char sub[64];
        snprintf(sub, sizeof sub, "batches/%04ld/batch", i);
        write_batch(join(dir, out, sub), g, x);
    }
    write_batch(join(dir, out, "batch"), g, first);
}

// --split: hgnn-run's training and report (rt_app_train_and_report) over the split in
// IN/split/ instead of the one rt_split_link draws from the seed.
static int train_on_split(const Args *o, const RtGraph *g, const HgnnModel *m) {
    RtAppOptions ao;
    rt_app_defaults(&ao);
    ao.model_path = o->model;
    ao.data_dir = o->data;
    ao.metrics_path = o->metrics;
    ao.load_path = o->load;
    ao.train.seed = o->seed;
    char dir[4096];
    join(dir, o->split, "split");
    RtApp app;
    RtError e = {0};
    if (rt_app_compose_split(&app, g, m, RT_MOVIELENS_TARGET, &ao.train, dir, &e) < 0 ||
        rt_app_train_and_report(&app, &ao, &e) < 0)
        die_err(&e);
    rt_app_free(&app);
    return 0;
}

int main(int argc, char **argv) {
    Args o = parse_args(argc, argv);
    const char *model = o.model, *data = o.data, *out = o.out, *from = o.from;
    long n_steps = o.n_steps;
    RtError e = {0};
    RtGraph g;
    if (rt_movielens_load(data, &g, &e) < 0 || rt_graph_to_undirected(&g, &e) < 0)
        die_err(&e);
    HgnnNodeType dt[HGNN_MAX_NODE_TYPES];
    for (int32_t i = 0; i < g.n_node_types; i++)
        dt[i] = (HgnnNodeType){g.nodes[i].name, g.nodes[i].feat_width};
    const HgnnModel *m = rt_model_open(model, dt, g.n_node_types, NULL, 0, -1, &e);
    if (!m)
        die_err(&e);
    if (o.split) {
        int rc = train_on_split(&o, &g, m);
        rt_graph_free(&g);
        return rc;
    }
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    cfg.seed = o.seed;
    cfg.prefetch = 0;
    RtApp app;
    if (rt_app_compose(&app, &g, m, RT_MOVIELENS_TARGET, &cfg, &e) < 0)
        die_err(&e);
    mkdirs(out);
    RtTensor *ts = calloc((size_t)m->n_params + 1, sizeof *ts);
    if (!ts)
        die("out of memory", NULL);
    rt_trainer_tensors(app.trainer, ts);

    RtBatch first, b, rb;
    char dir[4096];
    if (from) {
        char path[4096];
        join(path, from, "params0.safetensors");
        if (rt_safetensors_load(path, ts, m->n_params, &e) < 0)
            die_err(&e);
        join(dir, from, "batch");
        read_batch(dir, &g, app.target, &first);
    } else {
        write_split(out, &g, &app.split);
        rt_batch_init(&first);
        rt_batch_init(&b);
        sample_batches(out, &g, app.loader[RT_SPLIT_TRAIN], o.epoch, o.n_batches, &first, &b);
    }
    save_tensors(out, "params0.safetensors", ts, m->n_params);
    write_scores(out, m, &g, app.trainer, &first);
    float *losses = calloc((size_t)n_steps, sizeof *losses);
    if (!losses)
        die("out of memory", NULL);
    if (rt_train_step(app.trainer, &first, &losses[0], &e) < 0)
        die_err(&e);
    rt_trainer_grad_tensors(app.trainer, ts);
    save_tensors(out, "grads.safetensors", ts, m->n_params);
    rt_trainer_tensors(app.trainer, ts);
    save_tensors(out, "params1.safetensors", ts, m->n_params);
    // Further steps on batches 1, 2, ... of the same epoch (the ones written above, or PyG's).
    for (long i = 1; i < n_steps; i++) {
        char sub[64];
        snprintf(sub, sizeof sub, "batches/%04ld/batch", i);
        join(dir, from ? from : out, sub);
        read_batch(dir, &g, app.target, &rb);
        if (rt_train_step(app.trainer, &rb, &losses[i], &e) < 0)
            die_err(&e);
        free_read_batch(&rb);
    }
    if (n_steps > 1) {
        rt_trainer_tensors(app.trainer, ts);
        save_tensors(out, "params_last.safetensors", ts, m->n_params);
    }
    write_step(out, m, rt_trainer_settings(app.trainer)->lr, losses, n_steps);
    printf("%s: loss %.9g on %d labels over %ld step(s); step.json, grads.safetensors, "
           "params1.safetensors\n", out, (double)losses[0], first.n_labels, n_steps);
    if (from) {
        free_read_batch(&first);
    } else {
        rt_batch_free(&first);
        rt_batch_free(&b);
    }
    free(losses);
    free(ts);
    rt_app_free(&app);
    rt_graph_free(&g);
    return 0;
}
