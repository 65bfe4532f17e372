// test_embed.c — whole-graph inference (HgnnModel.embed, .score; ABI 6) against the interpreter.
// Each model given on the command line is compiled through the pipeline (with and without
// -fprune, by the JIT; and with every optimisation off, into a shared object) and run on a
// random graph whose batch holds every node (node_ids the identity, N_t = V_t) and every edge:
// embed's output of each type must equal the interpreter's value of that type's GNN output
// (m->embed[t]); the classifier on the embeddings (their dot products, or the mlp's layers, by
// naive loops) must equal run's forward scores on the same batch, and score.
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "codegen.h"
#include "interp.h"
#include "ir_fixture.h"
#include "jit.h"
#include "pipeline.h"

static const double TOL = 1e-5;

// Largest |got - want| / (1 + max |want|) over n values: float against double, relative to the
// tensor's scale. NaN counts as the largest error.
static double rel_err(const float *got, const double *want, int64_t n) {
    double scale = 0, err = 0;
    for (int64_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(want[i]));
    for (int64_t i = 0; i < n; i++) {
        double d = fabs((double)got[i] - want[i]);
        if (isnan(d))
            return INFINITY;
        err = fmax(err, d);
    }
    return err / (1 + scale);
}

static IrModule *compile(Arena *a, const char *path, bool prune, unsigned off) {
    static const HgnnNodeType data[] = {{"movie", 20}};  // examples/movielens_tags's genres
    char err[256];
    size_t len;
    char *text = pipeline_read_file(path, &len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "%s: %s\n", path, err);
        return NULL;
    }
    Pipeline p = {.path = path, .data_types = data, .n_data_types = 1, .prune = prune,
                  .off = off, .stop_after = PIPE_PLAN};
    int rc = pipeline_run(a, &p, text, len);
    free(text);
    return rc == 0 ? p.module : NULL;
}

// m compiled with `off` into a shared object (as hgnnc -fno-NAME builds it) and loaded; the
// JIT compiles with no bit off. The object stays loaded for the rest of the process.
static const HgnnModel *shared_object(IrModule *m, unsigned off, char *err, size_t err_len) {
    char dir[] = "/tmp/test_embed.XXXXXX", path[128];
    if (!mkdtemp(dir)) {
        snprintf(err, err_len, "mkdtemp failed");
        return NULL;
    }
    snprintf(path, sizeof path, "%s/model.so", dir);
    CodegenOptions opt = {CODEGEN_DEFAULT_OPT, off, HGNN_PRECISION_FP32};
    int rc = codegen_shared_object(m, &opt, path, err, err_len);
    void *h = rc == 0 ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    unlink(path);
    rmdir(dir);
    if (!h)
        return NULL;
    HgnnEntryFn entry;
    void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    return entry ? entry() : NULL;
}

// The classifier on one pair of embeddings, naively in double: their dot product, or the mlp
// classifier's layers on [s, d] (Linear, relu but after the last).
static double classify(const IrModule *m, float **params, const float *s, const float *d,
                       int64_t c) {
    double x[512], y[512];
    for (int64_t k = 0; k < c; k++) {
        x[k] = s[k];
        x[c + k] = d[k];
    }
    if (!m->mlp_layers) {
        double dot = 0;
        for (int64_t k = 0; k < c; k++)
            dot += x[k] * x[c + k];
        return dot;
    }
    int64_t in = 2 * c;
    for (int l = 0; l < m->mlp_layers; l++) {
        const IrParam *w = &m->params[m->mlp_param + 2 * l];
        const float *wv = params[m->mlp_param + 2 * l], *bv = params[m->mlp_param + 2 * l + 1];
        CHECK(w->cols == in && w->rows.n <= 512);
        for (int64_t o = 0; o < w->rows.n; o++) {
            double v = bv[o];
            for (int64_t j = 0; j < in; j++)
                v += wv[o * in + j] * x[j];
            y[o] = l + 1 < m->mlp_layers && v < 0 ? 0 : v;
        }
        in = w->rows.n;
        memcpy(x, y, (size_t)in * sizeof *x);
    }
    CHECK(in == 1);
    return x[0];
}

// One model: embed vs the interpreter, run's scores vs the embeddings, score vs dot products.
static void check_model(const char *path, bool prune, unsigned off, int64_t v, uint64_t seed) {
    Arena arena;
    arena_init(&arena);
    Arena *a = &arena;
    IrModule *m = compile(a, path, prune, off);
    CHECK(m != NULL);
    if (!m) {
        arena_free(a);
        return;
    }
    char err[256];
    const HgnnModel *md = off ? shared_object(m, off, err, sizeof err)
                              : jit_module(m, 2, err, sizeof err);
    if (!md)
        fprintf(stderr, "%s: compile: %s\n", path, err);
    CHECK(md != NULL);
    if (!md) {
        arena_free(a);
        return;
    }
    CHECK(md->abi_version == HGNN_ABI_VERSION && md->embed && md->embed_workspace_floats &&
          md->score && md->embed_dim);

    // The whole graph as one batch: every node of every type, in order.
    FixtureSizes sz = fixture_sizes_uniform(v, v, 3 * v, 2 * v);
    FixtureBatch fb;
    fixture_batch_module(&fb, m, &sz, seed);
    for (int t = 0; t < m->n_node_types; t++)
        for (int64_t i = 0; i < v; i++)
            fb.node_ids[t][i] = (int32_t)i;
    float **params = fixture_alloc_params(m, fb.dims, 0.3f, seed + 1);
    HgnnHost host = {fixture_sgemm, 4, fixture_sliced_for, NULL};

    int64_t nws = md->embed_workspace_floats(fb.dims);
    CHECK(nws >= 0 && nws <= md->workspace_floats(fb.dims));
    enum { GUARD = 64 };
    float *ws = malloc((size_t)(nws + GUARD) * sizeof *ws);
    for (int64_t i = 0; i < nws + GUARD; i++)
        ws[i] = NAN;
    float *out[HGNN_MAX_NODE_TYPES] = {NULL};
    int n_emb = 0;
    for (int t = 0; t < m->n_node_types; t++) {
        CHECK(md->embed_dim[t] == (m->embed[t] ? m->embed[t]->type.cols : 0));
        if (!md->embed_dim[t])
            continue;
        n_emb++;
        out[t] = malloc((size_t)(v * md->embed_dim[t]) * sizeof *out[t]);
        for (int64_t i = 0; i < v * md->embed_dim[t]; i++)
            out[t][i] = NAN;
    }
    const IrEdgeType *le = &m->edge_types[m->label_etype];
    CHECK(out[le->src] && out[le->dst]);  // the classifier's types at least
    md->embed(&fb.b, params, ws, &host, out);
    for (int i = 0; i < GUARD; i++)
        CHECK(isnan(ws[nws + i]));

    for (int t = 0; t < m->n_node_types; t++) {
        if (!out[t])
            continue;
        int64_t rows;
        double *want = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, m->embed[t], &rows);
        CHECK(rows == v);
        double e = rel_err(out[t], want, v * md->embed_dim[t]);
        if (!(e <= TOL))
            fprintf(stderr, "%s%s: embedding of %s: error %g\n", path, prune ? " -fprune" : "",
                    m->node_types[t].name, e);
        CHECK(e <= TOL);
        free(want);
    }

    // A type left out (out[t] NULL) is computed in the workspace; the others do not change.
    if (n_emb > 1) {
        int skip = le->src;
        float *keep = out[skip];
        int other = le->dst != skip ? le->dst : -1;
        float *again = other >= 0 ? malloc((size_t)(v * md->embed_dim[other]) * sizeof *again)
                                  : NULL;
        float *first = other >= 0 ? out[other] : NULL;
        out[skip] = NULL;
        if (other >= 0)
            out[other] = again;
        md->embed(&fb.b, params, ws, &host, out);
        if (other >= 0) {
            CHECK(memcmp(again, first, (size_t)(v * md->embed_dim[other]) * sizeof *again) == 0);
            out[other] = first;
            free(again);
        }
        out[skip] = keep;
    }

    // run's forward scores on the same batch are the embeddings' dot products; so is score.
    int64_t nl = sz.labels;
    float *scores = malloc((size_t)nl * sizeof *scores), *ss = malloc((size_t)nl * sizeof *ss);
    double *dots = malloc((size_t)nl * sizeof *dots);
    int64_t nrun = md->workspace_floats(fb.dims);
    float *rws = malloc((size_t)nrun * sizeof *rws);
    float loss;
    md->run(HGNN_RUN_FORWARD, &fb.b, params, NULL, rws, &host, scores, &loss);
    int64_t c = md->embed_dim[le->src];
    CHECK(c == md->embed_dim[le->dst]);
    for (int64_t i = 0; i < nl; i++)
        dots[i] = classify(m, params, out[le->src] + fb.label_src[i] * c,
                           out[le->dst] + fb.label_dst[i] * c, c);
    md->score(nl, fb.label_src, fb.label_dst, out[le->src], out[le->dst], params, ss);
    double e_run = rel_err(scores, dots, nl), e_score = rel_err(ss, dots, nl);
    if (!(e_run <= TOL && e_score <= TOL))
        fprintf(stderr, "%s: run vs embeddings %g, score vs dot %g\n", path, e_run, e_score);
    CHECK(e_run <= TOL);
    CHECK(e_score <= TOL);
    // One source against every destination, then back to the first (score may keep work per
    // source while it repeats, as a ranking asks).
    if (nl > 1) {
        int32_t *same = malloc((size_t)nl * sizeof *same);
        for (int64_t i = 0; i < nl; i++)
            same[i] = fb.label_src[i < nl - 1 ? 0 : nl - 1];
        for (int64_t i = 0; i < nl; i++)
            dots[i] = classify(m, params, out[le->src] + same[i] * c,
                               out[le->dst] + fb.label_dst[i] * c, c);
        md->score(nl, same, fb.label_dst, out[le->src], out[le->dst], params, ss);
        CHECK(rel_err(ss, dots, nl) <= TOL);
        free(same);
    }

    free(scores);
    free(ss);
    free(dots);
    free(rws);
    for (int t = 0; t < m->n_node_types; t++)
        free(out[t]);
    free(ws);
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(a);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_embed MODEL.hgnn...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        check_model(argv[i], false, 0, 37, 100 + (uint64_t)i);
        check_model(argv[i], true, 0, 41, 200 + (uint64_t)i);
        // Every optimisation off: all rows, no fusion, a slot per value, every product by sgemm.
        check_model(argv[i], false,
                    CODEGEN_NO_EXTENTS | CODEGEN_NO_FUSE | CODEGEN_NO_REUSE | CODEGEN_NO_GEMM, 29,
                    300 + (uint64_t)i);
    }
    return check_done("test_embed");
}
